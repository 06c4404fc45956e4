"""No space after full-width punctuation in any Chinese text a learner reads.

Full-width punctuation (East Asian Width F or W, such as "。", "，", "：", "）") already
carries its own space; a space after it ("不对。 你的答案…", "答案： 0.8889") reads as a
gap. Scanned: the UI catalog, every bundled deck's Chinese text (as shown), the problems
generated over several seeds (prompt, hint, solution, mistakes), the grader's feedback
on right, wrong and unreadable answers, and the command line's problem text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import fields, is_dataclass
from typing import Any

import pytest
from helpers import typed

from engine.grading import grade
from engine.problem import Problem
from engine.problems import families, generate
from quizapp.commands.problems import problem_text, verdict_text
from quizapp.decks import bundled_deck_paths, load_decks, render
from quizapp.i18n import CATALOG, FULL_WIDTH_PUNCTUATION, space_after

SEEDS = range(5)
GRADED_SEEDS = range(2)


def _full_width_punctuation() -> str:
    return "".join(
        character
        for character in map(chr, range(0x2000, 0x10000))
        if unicodedata.category(character).startswith("P")
        and unicodedata.east_asian_width(character) in "FW"
    )


STRAY_SPACE = re.compile(f"[{re.escape(_full_width_punctuation())}][ \t\u3000]")


def _stray_spaces(text: str) -> list[str]:
    return [text[max(0, m.start() - 12) : m.end() + 12] for m in STRAY_SPACE.finditer(text)]


def _chinese(value: Any, where: str) -> Iterator[tuple[str, str]]:
    """Every Chinese text inside ``value``: ``{"zh": ...}`` mappings, at any depth."""
    if isinstance(value, dict):
        if isinstance(value.get("zh"), str):
            yield where, value["zh"]
        for key, item in value.items():
            if key != "zh":
                yield from _chinese(item, f"{where}.{key}")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _chinese(item, f"{where}[{index}]")
    elif is_dataclass(value) and not isinstance(value, type):
        for field in fields(value):
            yield from _chinese(getattr(value, field.name), f"{where}.{field.name}")


def test_the_pattern_finds_a_stray_space() -> None:
    assert _stray_spaces("不对。 你的答案被理解为 0.5。")
    assert _stray_spaces("答案： 0.8889")
    assert _stray_spaces("（δ = 1） = [−1, 0.4]")
    assert not _stray_spaces("不对。你的答案被理解为 0.5。Not right. Read as 0.5.")


def test_space_after_knows_the_same_punctuation() -> None:
    assert FULL_WIDTH_PUNCTUATION <= set(_full_width_punctuation())
    assert space_after("答案：") == "" and space_after("（对了 50%）") == ""
    assert space_after("Answer:") == " " and space_after("Lloyd") == " "


def test_catalog() -> None:
    found = {key: _stray_spaces(entry["zh"]) for key, entry in CATALOG.items()}
    assert not {key: spots for key, spots in found.items() if spots}


def test_bundled_decks() -> None:
    result = load_decks(bundled_deck_paths())
    assert result.decks
    found = [
        (where, spot)
        for deck in result.decks
        for where, text in _chinese(deck, deck.id)
        for spot in _stray_spaces(text) + _stray_spaces(render(text))
    ]
    assert not found


@pytest.mark.parametrize("family", families())
def test_generated_problems_and_feedback(family: str) -> None:
    found: list[tuple[str, str]] = []
    for seed in SEEDS:
        problem = generate(family, seed)
        texts = list(_chinese(problem, f"{family}#{seed}"))
        texts.append((f"{family}#{seed} cli", problem_text(problem, "zh", with_answer=True)))
        if seed in GRADED_SEEDS:
            texts += _feedback(problem, f"{family}#{seed}")
        found += [(where, spot) for where, text in texts for spot in _stray_spaces(text)]
    assert not found


def _feedback(problem: Problem, where: str) -> list[tuple[str, str]]:
    """The grader's Chinese for the right answer, each known mistake and nonsense."""
    answers = [typed(problem, problem.answer, sig=6), "0", "1 2 3", "(("]
    answers += [typed(problem, mistake.value) for mistake in problem.mistakes if mistake.value]
    texts = []
    for answer in answers:
        verdict = grade(problem, answer)
        texts += list(_chinese(verdict, f"{where} {answer!r}"))
        texts.append((f"{where} {answer!r} cli", verdict_text(verdict, "zh")))
    return texts
