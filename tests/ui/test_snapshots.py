"""What each screen looks like, in English and Chinese, at 80×24 and 120×40.

The SVGs live in ``tests/ui/__snapshots__``; after an intended change, review the
report and accept with ``pytest tests/ui/test_snapshots.py --snapshot-update``.
The clock and the problem seeds are fixed so the pictures are stable.
"""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.widgets import Input

from quizapp.ui.app import make_app

from .conftest import CHINESE_PROSE, FOUR_FLASHCARDS, SAMPLE_DECK

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
LANGS = ["en", "zh"]


async def _wait_for_grading(pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(100):
        await pilot.pause()
        if getattr(pilot.app.screen, "state", None) != "grading":
            return
        await asyncio.sleep(0.05)


async def _wait_for_home(pilot) -> None:  # type: ignore[no-untyped-def]
    """The snapshot plugin starts pressing keys as soon as the app is ready, which can be
    before its first screen has mounted; wait until the deck list is filled."""
    for _ in range(100):
        await pilot.pause()
        decks = pilot.app.screen.query("#decks")
        if pilot.app.screen.is_mounted and decks and decks.first().option_count:
            return
    raise AssertionError("the home screen did not fill its deck list")


@pytest.fixture
def snapshot_app(tmp_path: Path):  # type: ignore[no-untyped-def]
    apps = []

    def build(lang: str, deck: Path | None):  # type: ignore[no-untyped-def]
        data = tmp_path / "data"
        data.mkdir(exist_ok=True)
        # FSRS fuzz would move "next due in 7d" by a day or two from run to run.
        (data / "config.toml").write_text("fuzz = false\n", encoding="utf-8")
        app = make_app(
            data_dir=tmp_path / "data",
            decks=[] if deck is None else [deck],
            include_bundled=deck is None,
            lang=lang,  # type: ignore[arg-type]
            clock=lambda: NOW,
            rng=random.Random(7),
        )
        apps.append(app)
        return app

    yield build
    for app in apps:
        app.library.close()


# Each screen: how to reach it from the home screen, and its deck (None: the bundled ones).
SCREENS = {
    "home": ((), None),
    "flashcard": (("enter",), SAMPLE_DECK),
    "flashcard_revealed": (("enter", "space"), SAMPLE_DECK),
    "numeric_feedback": (("enter", "space", "3", "0", ".", "4", "enter"), SAMPLE_DECK),
    "help": (("question_mark",), SAMPLE_DECK),
    "drill": (("d",), SAMPLE_DECK),
    "browse": (("b",), SAMPLE_DECK),
    "stats": (("s",), SAMPLE_DECK),
    "settings": (("comma",), SAMPLE_DECK),
    # Easy on each new flashcard: nothing comes back today, so the summary follows.
    "summary": (("enter", *["space", "4"] * 4), FOUR_FLASHCARDS),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_screen(snap_compare, snapshot_app, screen: str, lang: str, size) -> None:  # type: ignore[no-untyped-def]
    keys, deck = SCREENS[screen]

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await _wait_for_home(pilot)
        for key in keys:
            await pilot.press(key)
            await _wait_for_grading(pilot)
        await _wait_for_grading(pilot)
        await pilot.app.workers.wait_for_complete()  # e.g. the settings' workload estimate
        # A focused text field's cursor blinks: the picture would depend on the moment.
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        await pilot.pause()

    assert snap_compare(snapshot_app(lang, deck), run_before=run_before, terminal_size=size)


_HINTED = ("enter", "space", "4", "ctrl+g")
_RIGHT_WHEN_BACK = ("enter", "0", ".", "2", "5", "enter", "enter")
# Long Chinese sentences with Latin words and numbers in them: how they wrap. A flashcard
# with its answer; a typed card answered wrongly after its hint; the summary listing the
# mistake made (the card comes back once after a wrong answer).
PROSE_SCREENS = {
    "prose_study": ("enter", "space"),
    "prose_feedback": (*_HINTED, "0", ".", "4", "enter"),
    "prose_summary": (*_HINTED, "-", "0", ".", "2", "5", "enter", *_RIGHT_WHEN_BACK),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["zh", "both"])
@pytest.mark.parametrize("screen", sorted(PROSE_SCREENS))
def test_chinese_prose(snap_compare, snapshot_app, screen: str, lang: str, size) -> None:  # type: ignore[no-untyped-def]
    keys = PROSE_SCREENS[screen]

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await _wait_for_home(pilot)
        for key in keys:
            await pilot.press(key)
            await _wait_for_grading(pilot)
        await _wait_for_grading(pilot)

    app = snapshot_app(lang, CHINESE_PROSE)
    assert snap_compare(app, run_before=run_before, terminal_size=size)
