"""What a learner relies on in every bundled card: its topic tag, a hint on every typed card,
formulas that read right whatever numbers a template draws, and the glossary's Chinese terms."""

from __future__ import annotations

import itertools
import re

import pytest
from helpers import card_texts

from quizapp.decks import load_decks, render
from quizapp.decks.instances import fill_placeholders, instantiate
from quizapp.decks.model import TYPED_KINDS
from quizapp.glossary import misuses

RESULT = load_decks(include_bundled=True)
DECKS = {deck.id: deck for deck in RESULT.decks}
CARDS = [card for deck in RESULT.decks for card in deck.cards]

#: The tag that names each bundled deck's topic: drilling by it must find every card.
TOPIC_TAGS = {
    "losses": "losses",
    "optimizers": "optimizers",
    "gradients": "gradients",
    "kmeans": "kmeans",
    "pca": "pca",
}


def test_every_bundled_deck_has_a_topic_tag() -> None:
    assert set(DECKS) == set(TOPIC_TAGS)


@pytest.mark.parametrize("card", CARDS, ids=lambda card: str(card.key))
def test_every_bundled_card_carries_its_deck_topic_tag(card) -> None:
    assert TOPIC_TAGS[card.key.deck_id] in card.tags


def test_every_problem_family_is_served_by_a_bundled_card() -> None:
    # A family without a generated card is never met in a study sitting or a drill.
    from engine.problems import families

    served = {card.family for card in CARDS if card.kind == "generated"}
    assert [family for family in families() if family not in served] == []


@pytest.mark.parametrize(
    "card",
    [card for card in CARDS if card.kind in TYPED_KINDS - {"generated"}],
    ids=lambda card: str(card.key),
)
def test_every_bundled_typed_card_has_a_hint_in_both_languages(card) -> None:
    assert card.hint.get("en", "").strip() and card.hint.get("zh", "").strip()


@pytest.mark.parametrize(
    "card",
    [card for card in CARDS if card.kind in TYPED_KINDS - {"generated"}],
    ids=lambda card: str(card.key),
)
def test_a_hint_does_not_give_the_answer_away(card) -> None:
    """The hint must not state the expected number or expression."""
    problem = instantiate(card, 0)
    for lang in ("en", "zh"):
        hint = problem.hint.get(lang, "").replace(" ", "")
        if problem.kind == "expression":
            assert str(problem.answer).replace(" ", "") not in hint, lang
        elif problem.kind == "scalar" and card.kind == "numeric":
            answer = f"{problem.answer:g}"
            assert not re.search(rf"(?<![\d.]){re.escape(answer)}(?![\d])", hint), (lang, answer)


#: A negative number right after an operator ("1 − −1.5") or before a power ("−2²", which
#: reads as −(2²)): how a substituted negative value looks without its parentheses.
_BARE_NEGATIVE = re.compile(r"[+−\-·×/*=]\s*[−-]\d|(?<![\w).])[−-]\d+(?:\.\d+)?[⁰¹²³⁴⁵⁶⁷⁸⁹^]")


def _corners(card) -> list[dict[str, float]]:
    ends = [
        (min(spec.choices), max(spec.choices)) if spec.choices else (spec.low, spec.high)
        for spec in card.params.values()
    ]
    return [dict(zip(card.params, corner, strict=True)) for corner in itertools.product(*ends)]


@pytest.mark.parametrize(
    "card", [card for card in CARDS if card.kind == "template"], ids=lambda card: str(card.key)
)
def test_template_formulas_read_right_at_every_corner_of_their_parameters(card) -> None:
    for values in _corners(card):
        for name, text in card_texts(card):
            for lang, string in fill_placeholders(text, values).items():
                shown = render(string)
                assert not _BARE_NEGATIVE.search(shown), (name, lang, values, shown)


def test_the_bare_negative_pattern_catches_what_it_should() -> None:
    assert _BARE_NEGATIVE.search("(−2² + 4²)/2")
    assert _BARE_NEGATIVE.search("1.5 − −0.1")
    assert _BARE_NEGATIVE.search("(1.597 + −0.238)")
    assert not _BARE_NEGATIVE.search("((−2)² + 4²)/2 and 1 − (−1.5) and −3 and x − 2")


def _chinese_texts(card) -> list[tuple[str, str]]:
    """A card's Chinese texts; a generated card's over a few seeds of its family."""
    texts = [(name, text["zh"]) for name, text in card_texts(card) if "zh" in text]
    if card.kind == "generated":
        for seed in range(3):
            problem = instantiate(card, seed)
            texts += [
                (f"{field}@{seed}", getattr(problem, field)["zh"])
                for field in ("prompt", "hint", "solution")
            ]
            texts += [(f"mistake {m.id}@{seed}", m.feedback["zh"]) for m in problem.mistakes]
            texts += [(f"option@{seed}", option["zh"]) for option in problem.options]
    return texts


@pytest.mark.parametrize("card", CARDS, ids=lambda card: str(card.key))
def test_every_bundled_card_uses_the_glossary_terms_in_chinese(card) -> None:
    found = [f"{name}: {misuse}" for name, text in _chinese_texts(card) for misuse in misuses(text)]
    assert found == []


def test_deck_titles_and_descriptions_use_the_glossary_terms() -> None:
    found = [
        str(misuse)
        for deck in RESULT.decks
        for text in (deck.title, deck.description)
        for misuse in misuses(text.get("zh", ""))
    ]
    assert found == []
