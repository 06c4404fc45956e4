"""Study all from the home screen, the palette and ``--study all``; the study header counts
as the home screen does, at every step of a sitting."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from quizapp.decks.model import CardKey
from quizapp.ui.app import make_app
from quizapp.ui.commands import quiz_commands
from quizapp.ui.screens.home import ALL_DECKS
from quizapp.ui.screens.study import StudyScreen
from quizapp.ui.screens.summary import SummaryScreen

SIZE = (100, 30)
SECOND_DECK = """\
deck:
  id: other
  title: {en: Other cards, zh: 其他卡片}
cards:
  - {id: x1, kind: flashcard, prompt: {en: X1, zh: X1}, answer: {en: A, zh: A}}
  - {id: x2, kind: flashcard, prompt: {en: X2, zh: X2}, answer: {en: A, zh: A}}
  - {id: x3, kind: flashcard, prompt: {en: X3, zh: X3}, answer: {en: A, zh: A}}
"""


def _second_deck(tmp_path: Path) -> Path:
    path = tmp_path / "other.yaml"
    path.write_text(SECOND_DECK, encoding="utf-8")
    return path


async def test_the_all_decks_row_promises_what_the_sitting_serves(
    app_factory, four_flashcards: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    app = app_factory(four_flashcards, _second_deck(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        decks = app.screen.query_one("#decks", OptionList)
        first = decks.get_option_at_index(0)
        assert first.id == ALL_DECKS and "All decks" in str(first.prompt)
        promised = app.library.today_counts().total
        assert (promised.new, promised.learning, promised.due) == (7, 0, 0)
        assert "7 new · 0 learning · 0 due" in str(app.screen.query_one("#today").render())
        await pilot.press("a")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        seen: dict[CardKey, None] = {}
        decks_in_turn = []
        for step in range(40):
            current = screen.sitting.current
            if current is None:
                break
            # The header counts what the home screen would show at this moment.
            counts = app.library.today_counts().total
            assert screen.sitting.counts() == counts
            header = str(screen.query_one("#progress").render())
            expected = f"new {counts.new} · learning {counts.learning} · due {counts.due}"
            assert expected in header
            if current.card.key not in seen:
                decks_in_turn.append(current.card.deck_id)
            seen[current.card.key] = None
            # Again once (comes back within the learn-ahead limit), then Easy.
            await pilot.press("space", "1" if step == 0 else "4")
            await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert len(seen) == promised.total
        assert decks_in_turn[:4] == ["four", "other", "four", "other"]  # topics take turns
        assert app.library.today_counts().total.total == 0


async def test_study_all_is_in_the_palette_and_on_the_command_line(
    app_factory, four_flashcards: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    app = app_factory(four_flashcards)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = [command.title for command in quiz_commands(app)]
        assert "Study all decks" in titles
    started = make_app(
        data_dir=tmp_path / "data", decks=[four_flashcards], include_bundled=False, study="all"
    )
    try:
        async with started.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.pause()
            assert isinstance(started.screen, StudyScreen)
    finally:
        started.library.close()
    unknown = make_app(
        data_dir=tmp_path / "data", decks=[four_flashcards], include_bundled=False, study="nope"
    )
    try:
        async with unknown.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.pause()
            assert not isinstance(unknown.screen, StudyScreen)
            assert any("no deck nope" in str(n.message) for n in unknown._notifications)
    finally:
        unknown.library.close()


def test_the_command_line_takes_study(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from quizapp import cli

    args = cli._app_only_arguments(["--study", "all", "--lang", "zh"])
    assert args is not None and args.study == "all" and args.lang == "zh"
    assert cli.build_parser().parse_args(["--study", "kmeans"]).study == "kmeans"
