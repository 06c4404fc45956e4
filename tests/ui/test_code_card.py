"""A code card in the study loop: type, run, see a failure, fix, pass, rate; the draft
survives a restart."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.widgets import TextArea

from engine.code import tasks
from engine.code.task import as_learner_file
from quizapp.decks.model import CardKey
from quizapp.ui.screens.study import StudyScreen
from quizapp.ui.screens.summary import SummaryScreen

from .conftest import FIXTURES

CODE_DECK = FIXTURES / "code_deck.yaml"
KEY = CardKey("code-practice", "huber.implement")
SIZE = (100, 40)
HUBER = tasks.get("code.huber")
WRONG = as_learner_file(
    next(v for v in HUBER.mistakes if v.id == "sum_instead_of_mean").functions[0], "huber"
)


async def _until(pilot, condition, what: str) -> None:  # type: ignore[no-untyped-def]
    """Let the worker (a child process running the tests) finish."""
    for _ in range(300):
        await pilot.pause()
        if condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"{what} did not happen")


async def _start(app, pilot) -> StudyScreen:  # type: ignore[no-untyped-def]
    """Open today's study from the home screen (once it has counted today's cards)."""
    for _ in range(100):
        await pilot.pause()
        if isinstance(app.screen, StudyScreen):
            return app.screen
        await pilot.press("enter")
        await asyncio.sleep(0.05)
    raise AssertionError("the study screen did not open")


async def test_run_fail_fix_pass_and_rate(app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory(CODE_DECK)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _start(app, pilot)
        editor = screen.query_one("#code-text", TextArea)
        assert editor.has_focus and "def huber(y, yhat, delta=1.0):" in editor.text
        assert "raise NotImplementedError" in editor.text
        editor.load_text(WRONG)
        await pilot.press("ctrl+r")
        await _until(pilot, lambda: screen.state == "revealed", "the first run")
        report = str(screen.query_one("#code-report").render())
        assert "sum_instead_of_mean" in report and "4 of 4 tests fail" in report
        assert "Proposed rating: 1 Again" in report
        assert app.library.store.reviews_of(KEY) == []  # a run records nothing
        await pilot.press("i")
        assert editor.has_focus
        editor.load_text(HUBER.solution_source())
        await pilot.press("ctrl+r")
        passed = lambda: "All 4 tests pass" in str(screen.query_one("#code-report").render())  # noqa: E731
        await _until(pilot, passed, "the second run")
        assert "Proposed rating: 2 Hard" in str(screen.query_one("#code-report").render())
        await pilot.press("ctrl+o")
        assert "def huber(y, yhat, delta=1.0):" in str(screen.query_one("#code-report").render())
        await pilot.press("2")
        await _until(pilot, lambda: app.library.store.reviews_of(KEY), "the review")
        # a learning card comes back in the sitting or it ends; either way the draft is gone
        if isinstance(app.screen, StudyScreen) and app.screen.sitting.current is not None:
            assert "raise NotImplementedError" in editor.text
        else:
            assert isinstance(app.screen, SummaryScreen)
    [review] = app.library.store.reviews_of(KEY)
    assert review.rating == 2 and review.correct is True
    assert review.answer == HUBER.solution_source() and review.family == "code.huber"
    assert app.library.store.get_draft(KEY) is None


async def test_a_failing_run_records_its_mistake_under_the_task(app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory(CODE_DECK)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _start(app, pilot)
        screen.query_one("#code-text", TextArea).load_text(WRONG)
        await pilot.press("ctrl+r")
        await _until(pilot, lambda: screen.state == "revealed", "the run")
        await pilot.press("1")
        await pilot.pause()
    review = app.library.store.reviews_of(KEY)[0]
    assert (review.rating, review.correct, review.family) == (1, False, "code.huber")
    assert review.verdict["mistake"] == "sum_instead_of_mean"


async def test_the_draft_is_saved_as_typed_and_restored(app_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = app_factory(CODE_DECK)
    async with first.run_test(size=SIZE) as pilot:
        screen = await _start(first, pilot)
        editor = screen.query_one("#code-text", TextArea)
        editor.move_cursor(editor.document.end)
        await pilot.press("#", " ", "m", "y")
        await pilot.pause()
        assert first.library.store.get_draft(KEY).endswith("# my")
    # a new app on the same data folder (the first one's process could have been killed)
    second = app_factory(CODE_DECK)
    async with second.run_test(size=SIZE) as pilot:
        screen = await _start(second, pilot)
        assert screen.query_one("#code-text", TextArea).text.endswith("# my")


async def test_without_an_editor_the_learner_is_told_how_to_set_one(
    app_factory, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    app = app_factory(CODE_DECK, lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        await _start(app, pilot)
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert any("$EDITOR" in str(n.message) for n in app._notifications)  # noqa: SLF001


async def test_a_reviewed_code_card_shows_in_browse_and_stats(app_factory) -> None:  # type: ignore[no-untyped-def]
    from quizapp.ui.screens.browse import BrowseScreen
    from quizapp.ui.screens.stats import StatsScreen

    app = app_factory(CODE_DECK)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _start(app, pilot)
        screen.query_one("#code-text", TextArea).load_text(WRONG)
        await pilot.press("ctrl+r")
        await _until(pilot, lambda: screen.state == "revealed", "the run")
        await pilot.press("1")
        await pilot.pause()
        for _ in range(3):  # out of the editor, then off the study screen
            if isinstance(app.screen, (StudyScreen, SummaryScreen)):
                await pilot.press("escape")
                await pilot.pause()
        await _until(
            pilot, lambda: not isinstance(app.screen, (StudyScreen, SummaryScreen)), "home"
        )
        await pilot.press("b")
        await _until(pilot, lambda: isinstance(app.screen, BrowseScreen), "browse")
        shown = " ".join(str(w.render()) for w in app.screen.query("*") if hasattr(w, "render"))
        assert "Implement the Huber loss" in shown
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("s")
        await _until(pilot, lambda: isinstance(app.screen, StatsScreen), "stats")
        await pilot.pause()
        shown = " ".join(str(w.render()) for w in app.screen.query("*") if hasattr(w, "render"))
        assert "sum_instead_of_mean" in shown or "summed" in shown
