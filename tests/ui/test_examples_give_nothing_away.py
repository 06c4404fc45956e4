"""The answer line's placeholder and the help screen show how to type answers; none of
their examples may be graded right for a bundled card (the placeholder once read
"like 2(yhat - y)", the answer of the MSE derivative card, and "like 0.155", the answer of
the Keras Huber example card)."""

from __future__ import annotations

import re

import pytest

from engine.grading import grade
from quizapp.decks import instantiate, load_decks
from quizapp.i18n import t
from quizapp.ui.cardview import PLACEHOLDERS
from quizapp.ui.screens.help import HELP_SECTIONS

TYPED = ("numeric", "expression", "generated", "template")
#: Generated and template cards differ by seed: try a few.
SEEDS = range(4)
CARDS = [
    card
    for deck in load_decks(include_bundled=True).decks
    for card in deck.cards
    if card.kind in TYPED
]


def _examples() -> set[str]:
    """Every example a learner is shown: split out of the placeholders ("like A, B or C —",
    "如 A、B 或 C——") and the help screen's answer rows ("A  B  C")."""
    found: set[str] = set()
    for key in set(PLACEHOLDERS.values()):
        for lang in ("en", "zh"):
            text = t(key, lang, variables="x")
            match = re.search(r"(?:like|如) (.+?)\s*(?:—|——)", text)
            if match:
                found.update(re.split(r",\s*|、| or | 或 ", match.group(1)))
    for section, rows in HELP_SECTIONS:
        if section == "help.section.answers":
            for keys, _ in rows:
                found.update(re.split(r"\s{2,}", keys))
    return {example.strip() for example in found if example.strip()}


EXAMPLES = sorted(_examples())


def test_the_examples_were_found() -> None:
    assert {"2e-3", "12.5%", "[1, 2]"} <= set(EXAMPLES)
    assert len(EXAMPLES) >= 10


@pytest.mark.parametrize("card", CARDS, ids=lambda card: card.id)
def test_no_example_is_graded_right(card) -> None:  # type: ignore[no-untyped-def]
    seeds = SEEDS if card.kind in ("generated", "template") else [0]
    for seed in seeds:
        problem = instantiate(card, seed)
        for example in EXAMPLES:
            verdict = grade(problem, example)
            assert verdict.status != "correct", f"{example!r} answers {card.id} (seed {seed})"
