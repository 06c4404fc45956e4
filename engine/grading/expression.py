"""Expressions in the problem's variables, checked for equivalence in the checker process."""

from __future__ import annotations

import re

from engine import checker
from engine.expr import Symbol, parse, render
from engine.expr.errors import bilingual as _text
from engine.grading.verdicts import (
    ProblemError,
    Reading,
    correct,
    incorrect,
    invalid,
    join,
    read_as,
    sign_mistake,
)
from engine.problem import Problem, Verdict


def grade(problem: Problem, text: str) -> Verdict:
    variables = tuple(problem.variables)
    learner = parse(text, variables)
    answer = str(problem.answer)
    targets = [answer, *(str(m.value) for m in problem.mistakes), f"-({answer})"]
    outcomes = checker.compare(text, variables, targets, seed=problem.seed)
    if outcomes is None:
        return invalid(
            _text(
                "The expression checker could not start, so this answer was not counted.",
                "表达式检查程序无法启动，因此这个答案不计入。",
            )
        )
    echo = learner.echo
    first = outcomes.get(0)
    if first is None:
        return invalid(
            _text(
                f"This expression is too complex to check in {checker.CHECK_SECONDS:g} s: "
                "simplify it and try again (it was not counted).",
                f"这个表达式太复杂，{checker.CHECK_SECONDS:g} 秒内无法检查："
                "请化简后再试（不计入作答次数）。",
            )
        )
    if first == "unreadable":
        raise ProblemError("its answer is not a valid expression")
    if first == "equal":
        return correct(echo)
    mistake = None
    for index, outcome in sorted(outcomes.items()):
        if index > 0 and outcome == "equal":
            is_sign = index == len(targets) - 1
            mistake = sign_mistake() if is_sign else problem.mistakes[index - 1]
            break
    names = ", ".join(render(Symbol(name, 0)) for name in variables) or "—"
    generic = join(
        _text("Not equivalent to the answer.", "与答案不等价。"),
        read_as(echo),
        _text(f"The answer is an expression in {names}.", f"答案是关于 {names} 的表达式。"),
    )
    if re.search(r"\blog\b", text):
        generic = join(
            generic, _text("(log means the natural logarithm, ln.)", "（log 表示自然对数 ln。）")
        )
    return incorrect(echo, mistake, generic)


def read(problem: Problem, text: str) -> Reading:
    """How ``text`` reads as an expression in the problem's variables."""
    return Reading(True, parse(text, tuple(problem.variables)).echo)
