"""Expressions in the problem's variables, checked for equivalence in the checker process."""

from __future__ import annotations

import re

from engine import checker
from engine.expr import Symbol, parse, render
from engine.expr.errors import bilingual as _text
from engine.expr.tree import free_names
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
from engine.problem import DECIMAL_FIGURES, Problem, Text, Verdict


def _too_complex() -> Verdict:
    return invalid(
        _text(
            f"This expression is too complex to check in {checker.CHECK_SECONDS:g} s; "
            "it was not counted. Simplify it and try again.",
            f"这个表达式太复杂，{checker.CHECK_SECONDS:g} 秒内无法检查；不计入作答次数。"
            "请化简后再试。",
        )
    )


def grade(problem: Problem, text: str) -> Verdict:
    """Grade an expression: equivalent to the answer on the problem's domain, or a mistake."""
    variables = tuple(problem.variables)
    learner = parse(text, variables, per_sample=problem.per_sample)
    answer = str(problem.answer)
    targets = (answer, *(str(m.value) for m in problem.mistakes), f"-({answer})")
    outcomes = checker.compare(
        checker.Check(
            text=text,
            variables=variables,
            targets=targets,
            seed=problem.seed,
            domain=tuple(problem.domain),
            per_sample=problem.per_sample,
            figures=DECIMAL_FIGURES,
        )
    )
    if outcomes is None:
        return invalid(
            _text(
                "The expression checker could not start, so this answer was not counted.",
                "表达式检查程序无法启动，因此这个答案不计入。",
            )
        )
    echo = learner.echo
    first = outcomes.get(0)
    if first is None or first == "undecided":
        return _too_complex()
    if first == "unreadable":
        raise ProblemError("its answer or domain is not a valid expression")
    if first == "error":
        return invalid(
            _text(
                "This expression could not be checked; it was not counted. "
                "Try writing it another way.",
                "无法检查这个表达式；不计入作答次数。请换一种写法再试。",
            )
        )
    if first == "equal":
        return correct(echo)
    exact = parse(answer, variables).echo
    if first == "close":
        return correct(echo, _text(f"(Exact form: {exact}.)", f"（精确形式：{exact}。）"))
    if first == "coarse":
        return invalid(
            _text(
                f"Right only to the figures you typed: give decimals to at least "
                f"{DECIMAL_FIGURES} significant figures, or the exact fraction. "
                "This answer was not counted.",
                f"只在你给出的位数上正确：小数请至少保留 {DECIMAL_FIGURES} 位有效数字，"
                "或写成精确分数。这个答案不计入。",
            )
        )
    mistake = None
    for index, outcome in sorted(outcomes.items()):
        if index > 0 and outcome in ("equal", "close"):
            is_sign = index == len(targets) - 1
            mistake = sign_mistake() if is_sign else problem.mistakes[index - 1]
            break
    generic = join(
        _text("Not equivalent to the answer.", "与答案不等价。"),
        read_as(echo),
        _answer_form(problem),
    )
    if re.search(r"\blog\b", text):
        generic = join(
            generic, _text("(log means the natural logarithm, ln.)", "（log 表示自然对数 ln。）")
        )
    return incorrect(echo, mistake, generic)


def _answer_form(problem: Problem) -> Text:
    """What the answer is: an expression in the variables, or (here) a number."""
    variables = tuple(problem.variables)
    if is_constant(problem):
        return _text("The answer here is a number.", "这里的答案是一个数。")
    names = ", ".join(render(Symbol(name, 0)) for name in variables) or "—"
    return _text(f"The answer is an expression in {names}.", f"答案是关于 {names} 的表达式。")


def is_constant(problem: Problem) -> bool:
    """Whether the problem's answer does not depend on its variables (``1/3`` where ŷ > y).

    Such a problem asks for a number: its prompt, its input hint and its feedback do not
    tell the learner to write an expression in the variables.
    """
    try:
        return not free_names(parse(str(problem.answer), tuple(problem.variables)).tree)
    except ValueError:
        return False


def read(problem: Problem, text: str) -> Reading:
    """How ``text`` reads as an expression in the problem's variables."""
    return Reading(True, parse(text, tuple(problem.variables), per_sample=problem.per_sample).echo)
