"""Choices: option numbers as shown, 1-based (``1 3``, ``1,3``), or letters (``a c``)."""

from __future__ import annotations

import re
from typing import Any

from engine.expr import MAX_LENGTH, ExpressionError, parse
from engine.expr.errors import bilingual as _text
from engine.grading.verdicts import ProblemError, Reading, correct, first_mistake, incorrect
from engine.problem import Problem, Verdict

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
    return incorrect(echo, mistake, generic)


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
    chosen = {
        _option_index(match, len(problem.options), text) + 1
        for match in _CHOICE_ITEM.finditer(text)
    }
    return Reading(bool(chosen), " ".join(str(i) for i in sorted(chosen)))
