"""Bad decks and a bad database reach the learner as plain messages, never tracebacks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from quizapp.ui.screens.validate import ValidateScreen

from .conftest import SAMPLE_DECK

BAD_DECK = """\
deck:
  id: broken
  title: {en: Broken}
cards:
  - id: fine
    kind: flashcard
    prompt: {en: Still here?}
    answer: {en: Yes.}
  - id: typo
    kind: flashcrd
    prompt: {en: Skipped}
"""


async def test_a_bad_card_is_skipped_with_its_file_line_and_the_rest_loads(
    app_factory, tmp_path: Path
):  # type: ignore[no-untyped-def]
    deck = tmp_path / "bad.yaml"
    deck.write_text(BAD_DECK, encoding="utf-8")
    app = app_factory(deck, SAMPLE_DECK)
    async with app.run_test(size=(100, 30)) as pilot:
        assert [d.id for d in app.library.decks] == ["broken", "sample"]
        assert [c.id for c in app.library.decks[0].cards] == ["fine"]
        warnings = app.library.warnings("en")
        assert any("bad.yaml:10:" in w and "flashcrd" in w for w in warnings)
        app.action_validate_decks()
        await pilot.pause()
        assert isinstance(app.screen, ValidateScreen)
        body = str(app.screen.query_one("#validate-body").render())
        assert "bad.yaml:10:" in body and "typo" in body


def _run_quizapp(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QUIZAPP_DATA_DIR=str(data_dir))
    return subprocess.run(
        [sys.executable, "-m", "quizapp", *args],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )


def test_a_corrupt_database_stops_the_app_with_a_message_and_is_left_untouched(
    tmp_path: Path,
) -> None:
    database = tmp_path / "quizapp.sqlite3"
    garbage = b"this is not a database\x00" * 100
    database.write_bytes(garbage)
    result = _run_quizapp(tmp_path, "--lang", "en")
    assert result.returncode == 3
    assert "Traceback" not in result.stderr + result.stdout
    assert "quizapp.sqlite3" in result.stderr
    assert database.read_bytes() == garbage


async def test_the_home_screen_paints_from_the_memo_then_opens_the_library(
    tmp_path: Path, monkeypatch
) -> None:
    from datetime import UTC, datetime

    from quizapp.startup.memo import remembered_view
    from quizapp.library import Library
    from quizapp.ui.app import make_app

    data = tmp_path / "data"
    first = Library.open(data_dir=data, deck_paths=[SAMPLE_DECK], include_bundled=False)
    expected = first.home_view()
    first.close(remember_home=True)
    preview = remembered_view(data, [SAMPLE_DECK], False, datetime.now(UTC))
    assert preview == expected
    app = make_app(
        data_dir=data, decks=[SAMPLE_DECK], include_bundled=False, lang="zh", preview=preview
    )
    # A long delay before the library opens, so a slow machine cannot open it before the
    # first look (the delay itself is not what this test is about).
    import quizapp.ui.app as app_module

    monkeypatch.setattr(app_module, "BACKGROUND_OPEN_DELAY", 3.0)
    async with app.run_test(size=(100, 30)) as pilot:
        assert not app.library_loaded  # painted from the memo
        assert app.screen.view == expected
        for _ in range(200):  # then opened in the background
            if app.library_loaded:
                break
            await pilot.pause(0.05)
        assert app.library_loaded
        assert app.library.settings.language == "zh"  # --lang was remembered once open
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.sitting.current is not None
    app.library.close()
