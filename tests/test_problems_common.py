"""Properties every problem family has, whichever topic it belongs to.

For each family and many seeds: the same seed gives the same problem; the problem is plain
JSON; its texts exist in both languages; the answer typed at the precision the prompt states
grades correct; every listed mistake typed at that precision grades incorrect and is
recognised as that mistake; the worked solution shows the answer. Expression families grade through
SymPy in a child process, so they use fewer seeds.
"""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pytest
from helpers import typed

from engine.formatting import fmt
from engine.grading import grade
from engine.problem import Problem, Tolerance
from engine.problems import families, generate

SEEDS = 50
EXPRESSION_SEEDS = 8


def _seeds(family: str) -> range:
    kind = generate(family, 0).kind
    return range(EXPRESSION_SEEDS if kind == "expression" else SEEDS)


def _shown_numbers(problem: Problem) -> list[str]:
    """What the solution must show: the answer formatted for a person."""
    if problem.kind in ("scalar", "vector", "matrix"):
        return [fmt(v) for v in np.ravel(np.asarray(problem.answer, dtype=float))]
    if problem.kind == "labels":
        return [str(int(v)) for v in problem.answer]
    if problem.kind == "expression":
        return [str(problem.answer)]
    return []


def test_there_are_families_of_every_topic() -> None:
    prefixes = {family.split(".")[0] for family in families()}
    assert {"loss", "deriv", "activation", "backprop", "gradient", "clip"} <= prefixes


@pytest.mark.parametrize("family", families())
def test_same_seed_same_problem_and_plain_json(family: str) -> None:
    for seed in _seeds(family):
        first, again = generate(family, seed), generate(family, seed)
        assert first.to_dict() == again.to_dict(), seed
        data = json.loads(json.dumps(first.to_dict(), ensure_ascii=False, allow_nan=False))
        assert data["family"] == family and data["seed"] == seed
    assert generate(family, 0).to_dict() != generate(family, 1).to_dict()


@pytest.mark.parametrize("family", families())
def test_texts_exist_in_both_languages(family: str) -> None:
    for seed in _seeds(family):
        problem = generate(family, seed)
        for field in ("prompt", "hint", "solution"):
            text = getattr(problem, field)
            assert text.get("en", "").strip() and text.get("zh", "").strip(), (field, seed)
        for mistake in problem.mistakes:
            assert mistake.feedback["en"].strip() and mistake.feedback["zh"].strip()
        assert problem.target_seconds > 0
        ids = [m.id for m in problem.mistakes]
        assert len(ids) == len(set(ids)), (seed, ids)


@pytest.mark.parametrize("family", families())
def test_solution_shows_the_answer(family: str) -> None:
    for seed in _seeds(family):
        problem = generate(family, seed)
        for lang in ("en", "zh"):
            for shown in _shown_numbers(problem):
                assert shown in problem.solution[lang], (seed, lang, shown)


@pytest.mark.parametrize("family", families())
def test_typed_answer_grades_correct(family: str) -> None:
    for seed in _seeds(family):
        problem = generate(family, seed)
        text = typed(problem, problem.answer)
        verdict = grade(problem, text)
        assert verdict.status == "correct", (seed, text, verdict.feedback["en"])


@pytest.mark.parametrize("family", families())
def test_each_mistake_grades_incorrect_and_is_recognised(family: str) -> None:
    for seed in _seeds(family):
        problem = generate(family, seed)
        for mistake in problem.mistakes:
            if problem.kind in ("scalar", "vector", "matrix"):
                assert np.all(np.isfinite(np.asarray(mistake.value, dtype=float)))
            text = typed(problem, mistake.value)
            verdict = grade(problem, text)
            assert verdict.status == "incorrect", (seed, mistake.id, text, verdict.status)
            assert verdict.mistake == mistake.id, (seed, mistake.id, text, verdict.mistake)


def test_typed_helper_rounds_to_four_significant_figures_without_a_stated_precision() -> None:
    scalar = Problem(family="x", seed=0, prompt={}, data={}, answer=math.pi, kind="scalar")
    assert typed(scalar, math.pi) == "3.142"


def test_typed_helper_writes_the_stated_precision_with_trailing_zeros() -> None:
    three = Problem(
        family="x", seed=0, prompt={}, data={}, answer=1.2, kind="scalar",
        tolerance=Tolerance(sigfigs=3),
    )
    assert typed(three, 1.2) == "1.20"
    five = Problem(
        family="x", seed=0, prompt={}, data={}, answer=[-0.000694, 1.0], kind="vector",
        tolerance=Tolerance(decimals=5),
    )
    assert typed(five, five.answer) == "[-0.00069, 1.00000]"


#: Seeds per family for the checks of wording (the texts vary little with the numbers).
WORDING_SEEDS = 4


@pytest.mark.parametrize("family", families())
def test_chinese_texts_use_the_glossary_terms(family: str) -> None:
    from quizapp.glossary import misuses

    found = []
    for seed in range(WORDING_SEEDS):
        problem = generate(family, seed)
        texts = [problem.prompt, problem.hint, problem.solution, *problem.options]
        texts += [mistake.feedback for mistake in problem.mistakes]
        found += [f"{seed}: {misuse}" for text in texts for misuse in misuses(text["zh"])]
    assert found == []


#: Chinese glued to a Latin word or a number ("第t步"), or an ASCII semicolon in Chinese text:
#: Chinese text spaces Latin words and numbers off and uses the full-width "；".
_UNSPACED_OR_ASCII_SEMICOLON = re.compile(
    r"[\u4e00-\u9fff][A-Za-z0-9]|[A-Za-z0-9][\u4e00-\u9fff]|;"
)


@pytest.mark.parametrize("family", families())
def test_chinese_texts_space_latin_words_and_use_the_chinese_semicolon(family: str) -> None:
    found = []
    for seed in range(WORDING_SEEDS):
        problem = generate(family, seed)
        texts = [problem.prompt, problem.hint, problem.solution, *problem.options]
        texts += [mistake.feedback for mistake in problem.mistakes]
        for text in texts:
            found += [
                (seed, text["zh"][max(0, m.start() - 6) : m.end() + 6])
                for m in _UNSPACED_OR_ASCII_SEMICOLON.finditer(text["zh"])
            ]
    assert found == []
