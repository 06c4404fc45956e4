"""The study screen's details: the preview belongs to its card, choice cards show their
own keys and the right options, undo brings back the same instance, a missing hint is
said, drills show no intervals, and expected expressions are shown as math."""

from __future__ import annotations

import asyncio

from textual.widgets import Input
from textual.widgets._footer import FooterKey

from quizapp.decks.model import CardKey
from quizapp.ui.screens.study import StudyScreen

from .conftest import SAMPLE_DECK

SIZE = (100, 30)


async def _settle(pilot, screen: StudyScreen | None = None) -> None:  # type: ignore[no-untyped-def]
    """Let workers (grading, preview) finish and their results reach the screen."""
    for _ in range(100):
        await pilot.pause()
        if screen is None or screen.state != "grading":
            return
        await asyncio.sleep(0.05)
    raise AssertionError("grading did not finish")


async def _study(pilot, app) -> StudyScreen:  # type: ignore[no-untyped-def]
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, StudyScreen)
    return app.screen


async def _go_to(pilot, screen: StudyScreen, card_id: str) -> None:  # type: ignore[no-untyped-def]
    """Bury cards until ``card_id`` is the one shown."""
    for _ in range(10):
        current = screen.sitting.current
        assert current is not None, f"{card_id} never came up"
        if current.card.id == card_id:
            return
        screen.focus_card()
        await pilot.press("b")
        await _settle(pilot)
    raise AssertionError(f"{card_id} never came up")


def _footer(screen: StudyScreen) -> list[tuple[str, str]]:
    return [(key.key_display, key.description) for key in screen.query(FooterKey)]


async def test_a_new_card_starts_without_the_last_cards_reading(app_factory):  # type: ignore[no-untyped-def]
    app = app_factory(SAMPLE_DECK)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _study(pilot, app)
        await _go_to(pilot, screen, "number")
        screen.query_one("#answer", Input).value = "1/4"
        await _settle(pilot)
        await asyncio.sleep(0.2)  # the preview worker
        await _settle(pilot)
        assert "Read as" in str(screen.query_one("#preview").render())
        await _go_to(pilot, screen, "derivative")  # the next typed card
        await asyncio.sleep(0.2)
        await _settle(pilot)
        assert str(screen.query_one("#preview").render()) == ""
        assert screen.query_one("#answer", Input).value == ""


async def test_a_choice_card_shows_its_own_keys_and_the_right_options(app_factory):  # type: ignore[no-untyped-def]
    app = app_factory(SAMPLE_DECK)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _study(pilot, app)
        await _go_to(pilot, screen, "pick")
        await pilot.pause()
        footer = _footer(screen)
        assert ("1-9", "Toggle option") in footer
        assert not any(label in ("Again", "Hard", "Good", "Easy") for _, label in footer)
        problem = screen.sitting.current.problem  # type: ignore[union-attr]
        wrong = next(i for i in range(len(problem.options)) if i not in problem.answer)
        await pilot.press(str(wrong + 1), "enter")
        await _settle(pilot, screen)
        feedback = str(screen.query_one("#feedback").render())
        right = ", ".join(str(i + 1) for i in sorted(problem.answer))
        assert f"Right: {right}" in feedback


async def test_a_flashcard_shows_the_four_ratings_not_the_option_key(app_factory, four_flashcards):  # type: ignore[no-untyped-def]
    app = app_factory(four_flashcards)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _study(pilot, app)
        await pilot.press("space")
        await pilot.pause()
        labels = [label for _, label in _footer(screen)]
        assert {"Again", "Hard", "Good", "Easy"} <= set(labels)
        assert "Toggle option" not in labels


async def test_undo_brings_back_the_same_instance(app_factory):  # type: ignore[no-untyped-def]
    app = app_factory(SAMPLE_DECK)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _study(pilot, app)
        await _go_to(pilot, screen, "huber")  # a generated card; the template card follows
        shown = screen.sitting.current
        assert shown is not None and shown.problem is not None
        screen.query_one("#answer", Input).value = "99"
        await pilot.press("enter")
        await _settle(pilot, screen)
        [review] = app.library.store.reviews_of(CardKey("sample", "huber"))
        assert review.seed == shown.seed
        await pilot.press("enter")  # on to the next card
        await _settle(pilot)
        following = screen.sitting.current
        await pilot.press("ctrl+z")  # the cursor is in the next card's answer line
        await _settle(pilot)
        back = screen.sitting.current
        assert back is not None and back.card.id == "huber" and back.problem is not None
        assert back.seed == shown.seed and back.problem.prompt == shown.problem.prompt
        assert app.library.store.reviews_of(CardKey("sample", "huber")) == []
        # The card that was on screen is not lost: it comes next, as it was.
        screen.query_one("#answer", Input).value = "99"
        await pilot.press("enter")
        await _settle(pilot, screen)
        await pilot.press("enter")
        await _settle(pilot)
        assert following is not None and following.card.id == "step"
        again = screen.sitting.current
        assert again is not None and again.card.key == following.card.key
        assert again.seed == following.seed


async def test_h_on_a_card_without_a_hint_says_so(app_factory):  # type: ignore[no-untyped-def]
    app = app_factory(SAMPLE_DECK)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _study(pilot, app)
        await _go_to(pilot, screen, "pick")
        assert not screen.sitting.current.has_hint  # type: ignore[union-attr]
        await pilot.press("h")
        await pilot.pause()
        note = screen.query_one("#hint-text")
        assert note.display and "No hint for this card." in str(note.render())
        assert not screen.sitting.hint_open  # nothing opened: a right answer stays Good
        screen.focus_card()
        await pilot.press("b")
        await _settle(pilot)
        assert not screen.query_one("#hint-text").display


async def test_a_drill_shows_no_intervals(app_factory, four_flashcards):  # type: ignore[no-untyped-def]
    app = app_factory(four_flashcards)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _study(pilot, app)
        await pilot.press("space")
        await pilot.pause()
        studied = str(screen.query_one("#ratings").render())
        assert "Again <1m" in studied or "Again 1m" in studied  # intervals while studying
        await pilot.press("3", "escape")
        await pilot.pause()
        app.start_drill(deck_id="four")
        await pilot.pause()
        drill = app.screen
        assert isinstance(drill, StudyScreen) and drill.sitting.drill
        await pilot.press("space")
        await pilot.pause()
        ratings = str(drill.query_one("#ratings").render())
        assert ratings.split() == ["1", "Again", "2", "Hard", "3", "Good", "4", "Easy"]


async def test_an_expected_expression_is_shown_as_math(app_factory):  # type: ignore[no-untyped-def]
    app = app_factory(SAMPLE_DECK)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _study(pilot, app)
        await _go_to(pilot, screen, "derivative")
        screen.query_one("#answer", Input).value = "y"
        await pilot.press("enter")
        await _settle(pilot, screen)
        feedback = str(screen.query_one("#feedback").render())
        # The deck's value is '-2*(y - yhat)': shown with ŷ, a minus sign and a middle dot.
        assert "Expected: −2·(y − ŷ)" in feedback
        assert "yhat" not in feedback and "*" not in feedback
