"""Choices: option numbers as shown, 1-based (``1 3``, ``1,3``), or letters (``a c``).

A wrong choice is told the right options in words (their number and text), never by colour
alone; what the learner typed is echoed with control characters shown as �.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from engine.expr import MAX_LENGTH, ExpressionError, parse
from engine.expr.errors import bilingual as _text
from engine.grading.verdicts import (
    ProblemError,
    Reading,
    correct,
    first_mistake,
    incorrect,
    join,
)
from engine.problem import Problem, Text, Verdict

_CHOICE_ITEM = re.compile(r"[^\s,，、;；]+")


def grade(problem: Problem, text: str) -> Verdict:
    count = len(problem.options)
    try:
        right = {int(i) for i in problem.answer}
    except (TypeError, ValueError) as error:
        raise ProblemError("its answer is not a list of option indices") from error
    if count == 0 or not right or not right <= set(range(count)):
        raise ProblemError("its options and answer do not fit together")
    if len(text) > MAX_LENGTH:
        parse(text)  # raises the standard "too long" error
    text = visible(text)
    chosen: set[int] = set()
    for match in _CHOICE_ITEM.finditer(text):
        chosen.add(_option_index(match, count, text))
    if not chosen:
        raise ExpressionError(
            _text(
                f"Type the number of your choice (1 to {count}); several are separated by spaces.",
                f"请输入选项编号（1 到 {count}）；多个编号用空格分隔。",
            ),
            0,
            text,
        )
    echo = ", ".join(str(i + 1) for i in sorted(chosen))
    if chosen == right:
        return correct(echo)

    def same_choice(value: Any) -> bool:
        return {int(i) for i in value} == chosen

    mistake = first_mistake(problem, same_choice)
    generic = _text(f"Not right: you chose {echo}.", f"不对：你选择了 {echo}。")
    verdict = incorrect(echo, mistake, generic)
    named = join(verdict.feedback, _right_options(problem, sorted(right)))
    return Verdict(
        status=verdict.status,
        score=verdict.score,
        feedback=named,
        mistake=verdict.mistake,
        echo=verdict.echo,
    )


def _right_options(problem: Problem, right: list[int]) -> Text:
    """The right options by number and text: "The right option is 2 (MAE)."."""

    def option(index: int, lang: str) -> str:
        words = problem.options[index]
        label = " ".join(visible(words.get(lang) or words.get("en", "")).split())
        return f"{index + 1} ({label})" if lang == "en" else f"{index + 1}（{label}）"

    en = ", ".join(option(i, "en") for i in right)
    zh = "、".join(option(i, "zh") for i in right)
    if len(right) == 1:
        return _text(f"The right option is {en}.", f"正确选项是 {zh}。")
    return _text(f"The right options are {en}.", f"正确选项是 {zh}。")


def visible(text: str) -> str:
    """``text`` with control and format characters (escape codes, bidi overrides, zero-width
    marks) shown as �, one for one, so an echo can neither hide nor restyle anything;
    ordinary whitespace stays."""
    return "".join(
        "\ufffd"
        if unicodedata.category(char) in ("Cc", "Cf") and not char.isspace()
        else char
        for char in text
    )


def _option_index(match: re.Match[str], count: int, text: str) -> int:
    item = match.group().strip("()[].")
    if item.isdigit() and len(item) <= 3:
        index = int(item) - 1
    elif len(item) == 1 and item.isascii() and item.isalpha():
        index = ord(item.lower()) - ord("a")
    else:
        raise ExpressionError(
            _text(
                f"'{match.group()}' is not an option: type option numbers such as 1 or 1 3.",
                f"'{match.group()}' 不是选项：请输入选项编号，例如 1 或 1 3。",
            ),
            match.start(),
            text,
        )
    if not 0 <= index < count:
        raise ExpressionError(
            _text(
                f"There is no option {match.group()}: the options are 1 to {count}.",
                f"没有选项 {match.group()}：选项为 1 到 {count}。",
            ),
            match.start(),
            text,
        )
    return index


def read(problem: Problem, text: str) -> Reading:
    """The option numbers ``text`` picks, in order."""
    text = visible(text)
    chosen = {
        _option_index(match, len(problem.options), text) + 1
        for match in _CHOICE_ITEM.finditer(text)
    }
    return Reading(bool(chosen), " ".join(str(i) for i in sorted(chosen)))
