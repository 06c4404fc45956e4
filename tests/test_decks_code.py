"""The ``code`` card kind: a deck names an implement-it task and never carries code."""

from __future__ import annotations

import jsonschema
import pytest
import yaml

from quizapp.decks import load_deck_text
from quizapp.decks.schema import deck_schema

DECK = """deck: {{id: d, title: {{en: D, zh: D}}}}
cards:
  - {{id: adam, kind: code, prompt: {{en: Implement Adam, zh: 实现 Adam}}, task: {task}}}
  - {{id: ok, kind: flashcard, prompt: {{en: q, zh: 问}}, answer: {{en: a, zh: 答}}}}
"""


def _load(task: str, check_engine: bool = True):
    return load_deck_text(DECK.format(task=task), name="deck.yaml", check_engine=check_engine)


def test_a_code_card_loads_with_its_task() -> None:
    result = _load("code.adam_step")
    assert result.problems == ()
    card = result.decks[0].cards[0]
    assert (card.kind, card.task, card.prompt["zh"]) == ("code", "code.adam_step", "实现 Adam")


def test_a_mistyped_task_is_reported_with_the_closest_id_and_skips_only_that_card() -> None:
    result = _load("code.adam_stp")
    (problem,) = result.errors
    assert problem.key == "decks.code.unknown_task" and "code.adam_step" in problem.message["en"]
    assert problem.source.line == 3 and problem.message["zh"]
    assert [card.id for card in result.decks[0].cards] == ["ok"]


@pytest.mark.parametrize("task", ["adam_step", "'code.adam_step; import os'", "code.Adam"])
def test_a_task_id_that_is_not_an_id_is_refused_even_without_the_engine(task: str) -> None:
    result = _load(task, check_engine=False)
    assert [problem.key for problem in result.errors] == ["decks.code.bad_task"]


@pytest.mark.parametrize(
    ("field", "value"),
    [("solution", "'def f(): pass'"), ("tests", "[{args: [1], expect: 2}]"), ("value", "1")],
)
def test_a_code_card_has_no_field_for_code_or_tests(field: str, value: str) -> None:
    card = (
        "  - {id: adam, kind: code, prompt: {en: A, zh: A}, task: code.adam_step, "
        f"{field}: {value}}}\n"
    )
    result = load_deck_text("deck: {id: d, title: {en: D, zh: D}}\ncards:\n" + card, name="d.yaml")
    assert result.errors and result.decks[0].cards == ()


def test_the_schema_accepts_a_code_card_and_refuses_one_without_a_task() -> None:
    validator = jsonschema.Draft202012Validator(deck_schema())
    deck = yaml.safe_load(DECK.format(task="code.pca"))
    assert list(validator.iter_errors(deck)) == []
    del deck["cards"][0]["task"]
    assert list(validator.iter_errors(deck))
    deck["cards"][0]["task"] = "code.pca"
    deck["cards"][0]["solution"] = "def pca(X, k): ..."
    assert list(validator.iter_errors(deck))


def test_a_code_card_keeps_its_task_through_the_deck_cache(tmp_path) -> None:
    from quizapp.decks import load_decks

    deck = tmp_path / "code.yaml"
    deck.write_text(DECK.format(task="code.pca"), encoding="utf-8")
    first = load_decks([deck], include_bundled=False, cache_dir=tmp_path / "cache")
    second = load_decks([deck], include_bundled=False, cache_dir=tmp_path / "cache")
    assert first.decks[0].cards[0].task == second.decks[0].cards[0].task == "code.pca"
