"""The stats screen's charts over a seeded review history, en and zh, 80×24 and 120×40.

The history is drawn with a fixed seed before a fixed clock, so the pictures are
stable. ``top`` shows the heatmap and the retention chart; ``lower`` tabs to the card
states chart, which scrolls the forecast, the states and the answer times into view.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Rating

from quizapp.config import Settings
from quizapp.decks import load_decks
from quizapp.store import open_store
from quizapp.study.reviews import record_review
from quizapp.study.scheduling import make_scheduler
from quizapp.ui.app import make_app

from .conftest import SAMPLE_DECK

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def seed_history(data: Path) -> None:
    """About a year of reviews of the sample deck's cards, rated with a fixed seed."""
    rng = random.Random(11)
    settings = Settings(fuzz=False)
    scheduler = make_scheduler(settings)
    (deck,) = load_decks([SAMPLE_DECK], include_bundled=False).decks
    store = open_store(data / "quizapp.sqlite3")
    try:
        for card in deck.cards:
            moment = NOW - timedelta(days=300 - rng.randrange(0, 60), hours=rng.randrange(0, 8))
            while moment < NOW - timedelta(hours=1):
                rating = Rating.Good if rng.random() < 0.85 else Rating.Again
                outcome = record_review(
                    store,
                    scheduler,
                    card.key,
                    rating,
                    moment,
                    settings,
                    duration_ms=rng.randrange(4000, 40000),
                )
                moment = max(outcome.after.due, moment + timedelta(minutes=10))
    finally:
        store.close()


@pytest.fixture
def chart_app(tmp_path: Path):  # type: ignore[no-untyped-def]
    apps = []

    def build(lang: str):  # type: ignore[no-untyped-def]
        data = tmp_path / "data"
        data.mkdir()
        (data / "config.toml").write_text("fuzz = false\n", encoding="utf-8")
        seed_history(data)
        app = make_app(
            data_dir=data,
            decks=[SAMPLE_DECK],
            include_bundled=False,
            lang=lang,  # type: ignore[arg-type]
            clock=lambda: NOW,
            rng=random.Random(7),
        )
        apps.append(app)
        return app

    yield build
    for app in apps:
        app.library.close()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("part", ["top", "lower"])
def test_stats_charts(snap_compare, chart_app, part: str, lang: str, size) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        for _ in range(100):
            await pilot.pause()
            decks = pilot.app.screen.query("#decks")
            if pilot.app.screen.is_mounted and decks and decks.first().option_count:
                break
        await pilot.press("s")
        await pilot.pause()
        if part == "lower":
            for _ in range(4):
                await pilot.press("tab")
            await pilot.pause()

    assert snap_compare(chart_app(lang), run_before=run_before, terminal_size=size)
