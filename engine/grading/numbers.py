"""Single numbers: ``0.25``, ``1/3``, ``2e-3``, ``sqrt(2)/2``; ``12.5%`` for a ratio.

A number is right within the problem's tolerance (see :mod:`engine.precision`). One right only
to fewer digits than the stated precision asks for is not counted: the learner is told how
many to give. Every verdict names the tolerance applied.
"""

from __future__ import annotations

from dataclasses import replace

from engine import precision
from engine.expr import parse
from engine.expr.errors import bilingual as _text
from engine.formatting import fmt
from engine.grading.verdicts import (
    PERCENT_SCALE,
    ProblemError,
    Reading,
    as_number,
    correct_to,
    factor_n_mistakes,
    fewer_digits,
    first_mistake,
    generic_mistake,
    graded_at,
    incorrect,
    invalid,
    join,
    more_digits,
    read_as,
    sign_mistake,
    start_mistake,
)
from engine.problem import Mistake, Problem, Verdict


def _answer_number(problem: Problem) -> float:
    try:
        return as_number(problem.answer)
    except (TypeError, ValueError) as error:
        raise ProblemError("its answer is not a number") from error


def grade(problem: Problem, text: str) -> Verdict:
    answer = _answer_number(problem)
    tolerance = problem.tolerance
    parsed = parse(text, allow_vectors=False, percent=problem.ratio)
    value = parsed.value()
    echo = parsed.echo if parsed.is_plain_number else f"{parsed.echo} = {fmt(value, 6)}"
    digits = precision.digits(text)
    if tolerance.accepts(value, answer):
        return correct_to(echo, tolerance, more_digits(answer, digits))

    def matches(wrong: object) -> bool:
        return tolerance.accepts(value, as_number(wrong))

    # the starting value typed back is no step, never "right to fewer digits"
    no_step = start_mistake(problem, matches)
    if no_step is None and precision.fewer_digits(tolerance, digits, value):
        assert digits is not None
        if precision.right_to_typed_digits(digits, value, answer):
            return invalid(fewer_digits(echo, digits, tolerance))
    mistake = first_mistake(problem, matches) or no_step
    if mistake is None:
        mistake = _generic_scalar_mistake(problem, value, answer)
    applied = precision.words(tolerance, answer)
    expected = join(
        _text("Not right.", "不对。"),
        read_as(echo),
        _text(
            f"The answer is a single number, graded {applied['en']}.",
            f"答案是一个数，按{applied['zh']}评分。",
        ),
    )
    verdict = incorrect(echo, mistake, expected)
    if mistake is None:
        return verdict
    return replace(verdict, feedback=join(verdict.feedback, graded_at(tolerance)))


def _generic_scalar_mistake(problem: Problem, value: float, answer: float) -> Mistake | None:
    tolerance = problem.tolerance
    if not tolerance.accepts(0.0, answer) and tolerance.accepts(-value, answer):
        return sign_mistake()
    for factor, mistake in factor_n_mistakes(problem):
        if tolerance.accepts(value, answer * factor):
            return mistake
    if problem.ratio and answer > 0 and tolerance.accepts(value / 100, answer):
        return generic_mistake(
            PERCENT_SCALE,
            f"{fmt(value)} looks like a percentage: write it with % ({fmt(value)}%) or as a "
            "fraction of 1.",
            f"{fmt(value)} 看起来是百分数：请加上 %（{fmt(value)}%）或写成小于 1 的小数。",
        )
    return None


def read(problem: Problem, text: str) -> Reading:
    """How ``text`` reads as a number (with its value when it is a calculation)."""
    answer = _answer_number(problem)
    parsed = parse(text, allow_vectors=False, percent=problem.ratio)
    value = parsed.value()
    echo = parsed.echo if parsed.is_plain_number else f"{parsed.echo} = {fmt(value, 6)}"
    return Reading(True, echo)
