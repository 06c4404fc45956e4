"""The whole study loop driven by keys, checked against what the database recorded."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.widgets import Input

from engine.formatting import fmt, fmt_vector
from quizapp.decks.model import CardKey
from quizapp.ui.screens.study import StudyScreen
from quizapp.ui.screens.summary import SummaryScreen

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


def _reviews(app, deck: str, card: str):  # type: ignore[no-untyped-def]
    return app.library.store.reviews_of(CardKey(deck, card))


def _study_screen(app) -> StudyScreen:  # type: ignore[no-untyped-def]
    assert isinstance(app.screen, StudyScreen)
    return app.screen


async def _go_to(pilot, screen: StudyScreen, card_id: str) -> None:  # type: ignore[no-untyped-def]
    """Bury cards until ``card_id`` is the one shown (bury keeps the others' history empty)."""
    for _ in range(10):
        current = screen.sitting.current
        assert current is not None, f"{card_id} never came up"
        if current.card.id == card_id:
            return
        screen.query_one("#card").focus()
        await pilot.press("b")
        await _settle(pilot)
    raise AssertionError(f"{card_id} never came up")


async def test_a_flashcard_rated_with_each_rating_is_recorded(app_factory, four_flashcards: Path):  # type: ignore[no-untyped-def]
    app = app_factory(four_flashcards)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        screen = _study_screen(app)
        shown = []
        for rating in "1234":
            card = screen.sitting.current.card.id  # type: ignore[union-attr]
            await pilot.press("space")
            labels = screen.query_one("#ratings").render()
            assert "Again" in str(labels) and "Easy" in str(labels)
            await pilot.press(rating)
            await _settle(pilot)
            shown.append((card, int(rating)))
        for card, rating in shown:
            reviews = _reviews(app, "four", card)
            assert [r.rating for r in reviews] == [rating]
            assert reviews[0].answer is None and reviews[0].correct is None


async def test_numeric_answers_right_wrong_and_invalid(app_factory):  # type: ignore[no-untyped-def]
    app = app_factory(SAMPLE_DECK)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        screen = _study_screen(app)
        await _go_to(pilot, screen, "number")
        answer = screen.query_one("#answer", Input)
        # Invalid: not counted, nothing logged, the card stays.
        answer.value = "1/(2"
        await pilot.press("enter")
        await _settle(pilot, screen)
        assert screen.state == "question"
        assert "not counted" in str(screen.query_one("#preview").render()).lower()
        assert _reviews(app, "sample", "number") == []
        # Wrong: logged as Again with the typed answer (0.3 would be 0.25 to one figure).
        answer.value = "0.4"
        await pilot.press("enter")
        await _settle(pilot, screen)
        assert screen.state == "feedback"
        [wrong] = _reviews(app, "sample", "number")
        assert (wrong.rating, wrong.correct, wrong.answer) == (1, False, "0.4")
        # The card comes back later in the session (learning step); answer it right.
        await pilot.press("enter")
        await _settle(pilot)
        await _go_to(pilot, screen, "number")
        screen.query_one("#answer", Input).value = "1/4"
        await pilot.press("enter")
        await _settle(pilot, screen)
        right = _reviews(app, "sample", "number")[-1]
        assert right.correct is True and right.rating in (3, 4)
        assert right.verdict is not None and right.verdict["status"] == "correct"


async def test_an_expression_answer_is_graded_by_equivalence(app_factory):  # type: ignore[no-untyped-def]
    app = app_factory(SAMPLE_DECK)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        screen = _study_screen(app)
        await _go_to(pilot, screen, "derivative")
        screen.query_one("#answer", Input).value = "2yhat - 2y"
        await pilot.press("enter")
        await _settle(pilot, screen)
        [review] = _reviews(app, "sample", "derivative")
        assert review.correct is True
        assert "✓" in str(screen.query_one("#feedback").render())


async def test_choice_generated_and_template_cards(app_factory):  # type: ignore[no-untyped-def]
    app = app_factory(SAMPLE_DECK)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        screen = _study_screen(app)
        await _go_to(pilot, screen, "pick")
        problem = screen.sitting.current.problem  # type: ignore[union-attr]
        for index in problem.answer:  # the right options, wherever the shuffle put them
            await pilot.press(str(index + 1))
        await pilot.press("enter")
        await _settle(pilot, screen)
        assert _reviews(app, "sample", "pick")[0].correct is True
        await pilot.press("enter")
        await _settle(pilot)

        await _go_to(pilot, screen, "huber")
        problem = screen.sitting.current.problem  # type: ignore[union-attr]
        screen.query_one("#answer", Input).value = fmt(problem.answer).replace("−", "-")
        await pilot.press("enter")
        await _settle(pilot, screen)
        [review] = _reviews(app, "sample", "huber")
        assert review.correct is True
        assert review.family == "loss.huber.value" and review.seed == problem.seed
        await pilot.press("enter")
        await _settle(pilot)

        await _go_to(pilot, screen, "step")
        data = screen.sitting.current.problem  # type: ignore[union-attr]
        typed = fmt_vector([data.answer]).strip("[]").replace("−", "-")
        screen.query_one("#answer", Input).value = typed
        await pilot.press("enter")
        await _settle(pilot, screen)
        assert _reviews(app, "sample", "step")[0].correct is True


async def test_undo_takes_the_review_back_and_shows_the_card_again(app_factory, four_flashcards):  # type: ignore[no-untyped-def]
    app = app_factory(four_flashcards)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        screen = _study_screen(app)
        first = screen.sitting.current.card.id  # type: ignore[union-attr]
        await pilot.press("space", "3")
        await _settle(pilot)
        second = screen.sitting.current.card.id  # type: ignore[union-attr]
        await pilot.press("space", "2")
        await _settle(pilot)
        assert len(_reviews(app, "four", second)) == 1
        await pilot.press("u")
        await _settle(pilot)
        assert _reviews(app, "four", second) == []
        assert screen.sitting.current.card.id == second  # type: ignore[union-attr]
        await pilot.press("u")
        await _settle(pilot)
        assert _reviews(app, "four", first) == []
        assert app.library.store.get_state(CardKey("four", first)) is None


async def test_a_finished_session_shows_its_summary(app_factory, four_flashcards):  # type: ignore[no-untyped-def]
    app = app_factory(four_flashcards)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        screen = _study_screen(app)
        await pilot.press("space", "1")  # Again: comes back in a minute
        await _settle(pilot)
        for _ in range(4):
            await pilot.press("space", "4")  # Easy: graduates at once, nothing comes back today
            await _settle(pilot)
        assert screen.sitting.current is None
        assert isinstance(app.screen, SummaryScreen)
        text = str(app.screen.query_one("#summary-body").render())
        assert "Cards done: 5" in text
        assert "Recalled: 80% (4 of 5 flashcards not rated Again)" in text
        assert "Accuracy" not in text  # nothing was graded by quizapp
        assert "Next cards due" in text


async def test_hint_and_undo_work_while_typing(app_factory, four_flashcards):  # type: ignore[no-untyped-def]
    app = app_factory(four_flashcards, SAMPLE_DECK)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down", "enter")  # past "All decks" and "four": the sample deck
        screen = _study_screen(app)
        await _go_to(pilot, screen, "number")
        answer = screen.query_one("#answer", Input)
        answer.focus()
        await pilot.press("ctrl+g")
        assert screen.sitting.hint_open and answer.has_focus
        answer.value = "0.25"
        await pilot.press("enter")
        await _settle(pilot, screen)
        [review] = _reviews(app, "sample", "number")
        assert review.rating == 2  # right after the hint: Hard
        await pilot.press("enter")
        await _settle(pilot)
        screen.query_one("#answer", Input).focus()
        await pilot.press("ctrl+z")
        await _settle(pilot)
        assert _reviews(app, "sample", "number") == []
