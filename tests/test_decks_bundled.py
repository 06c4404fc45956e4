"""The bundled decks: they validate, have both languages everywhere, render without a
backslash, agree with the JSON Schema, and every gradeable card instantiates."""

import copy

import jsonschema
import pytest
from helpers import card_texts

from engine import precision

from quizapp.decks import (
    bundled_deck_paths,
    deck_schema,
    instantiate,
    load_deck_file,
    load_decks,
    read_deck_data,
    render,
)
from quizapp.decks.model import TYPED_KINDS

PATHS = bundled_deck_paths()
RESULT = load_decks(include_bundled=True)
CARDS = [card for deck in RESULT.decks for card in deck.cards]


def test_there_are_bundled_decks() -> None:
    assert PATHS and RESULT.decks and CARDS


@pytest.mark.parametrize("path", PATHS, ids=lambda path: path.name)
def test_every_bundled_deck_validates_without_problems(path) -> None:
    result = load_deck_file(path, bundled=True)
    assert [str(problem) for problem in result.problems] == []
    assert len(result.decks) == 1 and result.decks[0].bundled


def test_bundled_deck_ids_are_unique() -> None:
    assert len(RESULT.decks) == len(PATHS)


@pytest.mark.parametrize("card", CARDS, ids=lambda card: str(card.key))
def test_every_bundled_card_has_both_languages(card) -> None:
    for name, text in card_texts(card):
        assert text.get("en", "").strip() and text.get("zh", "").strip(), name


@pytest.mark.parametrize("card", CARDS, ids=lambda card: str(card.key))
def test_every_text_and_formula_renders_without_a_backslash(card) -> None:
    for name, text in card_texts(card):
        for lang, string in text.items():
            assert "\\" not in render(string), f"{name}.{lang}: {render(string)!r}"
    if card.formula:
        assert "\\" not in render(f"${card.formula.latex}$")


def test_deck_titles_render_without_a_backslash() -> None:
    for deck in RESULT.decks:
        for text in (deck.title, deck.description):
            assert all("\\" not in render(string) for string in text.values())


@pytest.mark.parametrize(
    "card",
    [card for card in CARDS if card.kind in TYPED_KINDS | {"choice"}],
    ids=lambda card: str(card.key),
)
def test_every_gradeable_card_instantiates_reproducibly(card) -> None:
    first, again = instantiate(card, 3), instantiate(card, 3)
    assert first == again
    if card.kind in ("numeric", "expression", "choice"):
        written = {lang: render(text) for lang, text in card.prompt.items()}
        if card.kind == "numeric":  # the precision it is graded at ends the prompt
            sentence = precision.instruction(first)
            written = {lang: f"{text}\n{sentence[lang]}" for lang, text in written.items()}
        assert first.prompt == written


_VALIDATOR = jsonschema.Draft202012Validator(deck_schema())


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(deck_schema())


@pytest.mark.parametrize("path", PATHS, ids=lambda path: path.name)
def test_the_schema_accepts_every_bundled_deck(path) -> None:
    errors = [f"{e.json_path}: {e.message}" for e in _VALIDATOR.iter_errors(read_deck_data(path))]
    assert errors == []


def _small_deck() -> dict:
    return {
        "deck": {"id": "small", "title": {"en": "Small"}},
        "cards": [
            {"id": "q", "kind": "flashcard", "prompt": {"en": "Q"}, "answer": {"en": "A"}},
            {
                "id": "c",
                "kind": "choice",
                "prompt": {"en": "Pick"},
                "options": [{"en": "a", "correct": True}, {"en": "b", "correct": False}],
            },
        ],
    }


def _break(deck: dict, how: str) -> dict:
    broken = copy.deepcopy(deck)
    cards = broken["cards"]
    if how == "unknown kind":
        cards[0]["kind"] = "flashcrd"
    elif how == "missing answer":
        del cards[0]["answer"]
    elif how == "typo key":
        cards[0]["promt"] = cards[0].pop("prompt")
    elif how == "bad id":
        cards[0]["id"] = "Has Spaces"
    elif how == "no correct option":
        cards[1]["options"][0]["correct"] = False
    elif how == "options for a flashcard":
        cards[0]["options"] = cards[1]["options"]
    elif how == "text without language":
        cards[0]["prompt"] = {}
    return broken


def test_the_schema_accepts_a_small_good_deck() -> None:
    assert list(_VALIDATOR.iter_errors(_small_deck())) == []


@pytest.mark.parametrize(
    "how",
    [
        "unknown kind",
        "missing answer",
        "typo key",
        "bad id",
        "no correct option",
        "options for a flashcard",
        "text without language",
    ],
)
def test_the_schema_rejects_bad_decks(how: str) -> None:
    assert list(_VALIDATOR.iter_errors(_break(_small_deck(), how)))
