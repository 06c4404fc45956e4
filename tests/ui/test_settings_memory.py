"""The settings screen's memory model: workload at a retention, fit, apply and undo."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from textual.widgets import Button, Input, Static

from quizapp.store import open_store
from quizapp.store.records import ReviewRecord

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from synthetic_reviews import synthetic_log  # noqa: E402

START = datetime(2025, 1, 6, 12, tzinfo=UTC)


def _seed(data: Path, reviews: int) -> int:
    data.mkdir(parents=True, exist_ok=True)
    store = open_store(data / "quizapp.sqlite3")
    log = synthetic_log(reviews).reviews
    try:
        for index, review in enumerate(log):
            moment = START + timedelta(days=review.day, seconds=index)
            store.record(
                ReviewRecord(review.card[0], review.card[1], moment, review.rating, 2), None
            )
    finally:
        store.close()
    return len(log)


def _text(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def _settle(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()  # the press is handled (and its worker started) first
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_fit_apply_and_undo_from_the_settings_screen(app_factory, tmp_path):
    seeded = _seed(tmp_path / "data", 1500)
    app = app_factory(four_flashcards_path(), lang="en")
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.press("comma")
        await _settle(pilot)
        assert "default parameters" in _text(app, "#parameters")
        assert app.screen.query_one("#apply-parameters", Button).disabled
        app.screen.query_one("#optimize", Button).press()
        await _settle(pilot)
        report = _text(app, "#fit-report")
        assert "Fitted to your reviews" in report and "log loss" in report
        apply = app.screen.query_one("#apply-parameters", Button)
        assert not apply.disabled
        apply.press()
        await _settle(pilot)
        assert app.library.parameters_record() is not None
        assert f"fitted to your {seeded} reviews" in _text(app, "#parameters")
        undo = app.screen.query_one("#undo-parameters", Button)
        assert not undo.disabled
        undo.press()
        await _settle(pilot)
        assert app.library.parameters_record() is None
        assert "default parameters" in _text(app, "#fit-report")


async def test_too_few_reviews_say_how_many_more_in_chinese(app_factory, tmp_path):
    seeded = _seed(tmp_path / "data", 100)
    app = app_factory(four_flashcards_path(), lang="zh")
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.press("comma")
        await _settle(pilot)
        app.screen.query_one("#optimize", Button).press()
        await _settle(pilot)
        assert f"还需要 {400 - seeded} 次" in _text(app, "#fit-report")
        assert app.screen.query_one("#apply-parameters", Button).disabled


async def test_the_workload_follows_the_typed_retention(app_factory, tmp_path):
    app = app_factory(four_flashcards_path(), lang="en")
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.press("comma")
        await _settle(pilot)
        assert "at 0.90" in _text(app, "#workload")
        field = app.screen.query_one("#desired_retention", Input)
        field.value = "0.8"
        await _settle(pilot)
        shown = _text(app, "#workload")
        assert "at 0.75" in shown and "at 0.80" in shown and "at 0.85" in shown
        field.value = "0.99"
        await _settle(pilot)
        assert "from 0.70 to 0.97" in _text(app, "#workload")


def four_flashcards_path() -> Path:
    from .conftest import FOUR_FLASHCARDS

    return FOUR_FLASHCARDS


async def test_leaving_while_fitting_loses_nothing(app_factory, tmp_path):
    _seed(tmp_path / "data", 1500)
    app = app_factory(four_flashcards_path(), lang="en")
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.press("comma")
        await _settle(pilot)
        app.screen.query_one("#optimize", Button).press()
        await pilot.pause()
        await pilot.press("escape")  # back home before the fit is done
        await _settle(pilot)
        assert type(app.screen).__name__ == "HomeScreen"
        assert app.library.parameters_record() is None
