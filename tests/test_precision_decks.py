"""Every bundled card with a number for an answer honours the precision policy: its prompt
says the precision, the value typed at it is right, and 0, the sign-flipped value and (for an
update) the starting value are wrong. Deck ``tolerance`` fields mean what they say."""

from __future__ import annotations

import numpy as np
import pytest
from helpers import typed

from engine import precision
from engine.grading import grade
from engine.problem import Tolerance
from quizapp.decks import instantiate, load_decks, render
from quizapp.decks.instances import fill_placeholders
from quizapp.decks.model import Card

RESULT = load_decks(include_bundled=True)
NUMERIC = [
    card
    for deck in RESULT.decks
    for card in deck.cards
    if card.kind in ("numeric", "template")
]
#: Seeds per template card (each draws its own numbers).
TEMPLATE_SEEDS = range(20)


def _instances(card: Card):
    seeds = TEMPLATE_SEEDS if card.kind == "template" else range(1)
    return [instantiate(card, seed) for seed in seeds]


def test_there_are_numeric_and_template_cards() -> None:
    assert {card.kind for card in NUMERIC} == {"numeric", "template"}


@pytest.mark.parametrize("card", NUMERIC, ids=lambda card: str(card.key))
def test_the_prompt_states_the_precision_in_both_languages(card: Card) -> None:
    for problem in _instances(card):
        sentence = precision.instruction(problem)
        for lang in ("en", "zh"):
            assert problem.prompt[lang].endswith("\n" + sentence[lang])
        assert "significant figures" in sentence["en"] or "decimal place" in sentence["en"] or (
            "whole number" in sentence["en"]
        )
        assert "有效数字" in sentence["zh"] or "小数" in sentence["zh"] or "整数" in sentence["zh"]


@pytest.mark.parametrize("card", NUMERIC, ids=lambda card: str(card.key))
def test_the_value_at_the_stated_precision_is_right_and_the_usual_slips_are_not(card) -> None:
    for problem in _instances(card):
        answer = np.asarray(problem.answer, dtype=float)
        assert grade(problem, typed(problem, problem.answer)).status == "correct", problem.seed
        if not problem.tolerance.accepts_all(np.zeros_like(answer), answer):
            zero = grade(problem, typed(problem, np.zeros_like(answer)))
            assert zero.status == "incorrect", problem.seed
            if not problem.sign_invariant:
                flipped = grade(problem, typed(problem, -answer))
                assert flipped.status == "incorrect", problem.seed
        if problem.start is not None:
            start = grade(problem, typed(problem, problem.start))
            assert start.status == "incorrect", (problem.seed, typed(problem, problem.start))


#: Cards that ask for the result of an update, with the value before it, read off their
#: prompts by hand (an independent record of what "no update at all" would be).
UPDATES = {
    "gradients/clipping.norm-example": [3, 4],
    "gradients/clipping.global-example": [3, 4],
    "gradients/clipping.value-example": [0.3, -1.2, 0.8],
    "optimizers/momentum.two-steps": 0,
    "optimizers/adagrad.first-step": 1,
    "optimizers/rmsprop.first-step": 1,
    "optimizers/adadelta.first-step": 0,
    "optimizers/adam.first-step": 1,
    "optimizers/newton.quadratic": 5,
    "optimizers/newton.quartic": 3,
    "optimizers/conjugate-gradient.first-iterate": [0, 0],
    "optimizers/sgd.one-step": 1,
    "optimizers/momentum.one-step": 1,
}


@pytest.mark.parametrize("key", sorted(UPDATES))
def test_every_update_card_names_its_start_and_never_accepts_it(key: str) -> None:
    (card,) = [card for card in NUMERIC if f"{card.deck_id}/{card.id}" == key]
    assert card.start == UPDATES[key]
    for problem in _instances(card):
        assert grade(problem, typed(problem, UPDATES[key])).status == "incorrect"


def test_the_adam_card_does_not_accept_theta_unchanged() -> None:
    (card,) = [card for card in NUMERIC if card.id == "adam.first-step"]
    problem = instantiate(card, 0)
    for text in ("1", "1.0", "1.00", "0.99"):
        assert grade(problem, text).status != "correct", text
    assert grade(problem, "0.999").status == "correct"
    assert grade(problem, "0.99900").status == "correct"


def test_templates_fill_every_placeholder_before_stating_precision() -> None:
    for card in NUMERIC:
        if card.kind == "template":
            problem = instantiate(card, 0)
            assert "{" not in problem.prompt["en"], card.key
            filled = render(fill_placeholders(card.prompt, problem.data)["en"])
            assert problem.prompt["en"].startswith(filled + "\n"), card.key


def _card(tolerance: dict | None, value=0.999, start=None) -> Card:
    return Card(
        deck_id="d",
        id="c",
        kind="numeric",
        prompt={"en": "θ?", "zh": "θ？"},
        value=value,
        tolerance=tolerance,
        start=start,
    )


@pytest.mark.parametrize(
    ("tolerance", "expected"),
    [
        ({"abs": 1e-6}, Tolerance(rel=0.0, abs=1e-6)),
        ({"rel": 0.01}, Tolerance(rel=0.01, abs=0.0)),
        ({"rel": 0.01, "abs": 0.5}, Tolerance(rel=0.01, abs=0.5)),
        ({"sigfigs": 4}, Tolerance(sigfigs=4)),
        ({"decimals": 2}, Tolerance(decimals=2)),
        (None, Tolerance(sigfigs=3)),
    ],
)
def test_a_deck_tolerance_means_what_it_says(tolerance, expected) -> None:
    assert instantiate(_card(tolerance), 0).tolerance == expected


def test_abs_alone_is_absolute_only() -> None:
    problem = instantiate(_card({"abs": 1e-6}), 0)
    assert grade(problem, "1").status == "incorrect"  # 0.1 % off: the old 1 % would pass it
    assert grade(problem, "0.9990004").status == "correct"
    assert problem.prompt["en"].endswith("\nAnswers within ±10⁻⁶ are accepted.")


def test_a_start_without_tolerance_resolves_the_change() -> None:
    problem = instantiate(_card(None, value=0.999, start=1), 0)
    # the change is −0.001: three significant figures of it need five decimals
    assert problem.tolerance == Tolerance(decimals=5)
    assert problem.prompt["zh"].endswith("\n答案保留 5 位小数。")
