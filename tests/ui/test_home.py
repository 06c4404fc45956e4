"""The home screen's deck list follows the reviews, the width and the language."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList, Static

from quizapp.ui.screens.home import HomeScreen

SIZE = (100, 30)


def _deck_row(app) -> list[str]:  # type: ignore[no-untyped-def]
    """The first deck row as shown: the title's words, then new, learning, due."""
    decks = app.screen.query_one("#decks", OptionList)
    return str(decks.get_option_at_index(0).prompt).split()


async def test_counts_follow_a_review_when_the_learner_comes_back(
    app_factory, four_flashcards: Path
):  # type: ignore[no-untyped-def]
    app = app_factory(four_flashcards)
    async with app.run_test(size=SIZE) as pilot:
        assert _deck_row(app)[-3:] == ["4", "0", "0"]
        await pilot.press("enter", "space", "3")  # Good on a new card: it is now learning
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert _deck_row(app)[-3:] == ["3", "1", "0"]
        today = str(app.screen.query_one("#today", Static).render())
        assert "1 reviewed" in today


async def test_the_title_column_follows_the_terminal_width(app_factory, four_flashcards: Path):  # type: ignore[no-untyped-def]
    app = app_factory(four_flashcards, lang="both")  # "Four cards  四张卡片": 20 cells
    async with app.run_test(size=(40, 20)) as pilot:
        narrow = str(app.screen.query_one("#decks", OptionList).get_option_at_index(0).prompt)
        await pilot.resize_terminal(120, 30)
        await pilot.pause()
        wide = str(app.screen.query_one("#decks", OptionList).get_option_at_index(0).prompt)
    assert "…" in narrow and "…" not in wide
    assert wide.startswith("Four cards  四张卡片")


async def test_count_colours_follow_the_theme(app_factory, four_flashcards: Path):  # type: ignore[no-untyped-def]
    from quizapp.ui.themes import DARK, LIGHT

    def learning_style() -> str:
        prompt = app.screen.query_one("#decks", OptionList).get_option_at_index(0).prompt
        return " ".join(
            str(span.style) for span in prompt.spans if "1" in prompt.plain[span.start : span.end]
        )

    app = app_factory(four_flashcards)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "space", "3", "escape")  # one card is now learning
        await pilot.pause()
        assert DARK.warning.lower() in learning_style().lower()
        await pilot.press("t")
        await pilot.pause()
        assert LIGHT.warning.lower() in learning_style().lower()
