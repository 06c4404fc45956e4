"""Single numbers: ``0.25``, ``1/3``, ``2e-3``, ``sqrt(2)/2``; ``12.5%`` for a ratio."""

from __future__ import annotations

from engine.expr import parse
from engine.expr.errors import bilingual as _text
from engine.formatting import fmt
from engine.grading.verdicts import (
    PERCENT_SCALE,
    ProblemError,
    Reading,
    as_number,
    correct,
    factor_n_mistakes,
    first_mistake,
    generic_mistake,
    incorrect,
    join,
    more_precisely,
    read_as,
    sign_mistake,
    tolerance_words,
    with_full_stop,
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
    is_ratio = 0.0 <= answer <= 1.0
    parsed = parse(text, allow_vectors=False, percent=is_ratio)
    value = parsed.value()
    echo = parsed.echo if parsed.is_plain_number else f"{parsed.echo} = {fmt(value, 6)}"
    if tolerance.accepts(value, answer):
        return correct(echo, more_precisely(fmt(answer, 6)) if value != answer else None)
    mistake = first_mistake(problem, lambda wrong: tolerance.accepts(value, as_number(wrong)))
    if mistake is None:
        mistake = _generic_scalar_mistake(problem, value, answer, is_ratio)
    expected = join(
        _text("Not right.", "不对。"),
        read_as(echo),
        _text("The answer is a single number,", "答案是一个数，"),
        tolerance_words(tolerance),
    )
    return incorrect(echo, mistake, with_full_stop(expected))


def _generic_scalar_mistake(
    problem: Problem, value: float, answer: float, is_ratio: bool
) -> Mistake | None:
    tolerance = problem.tolerance
    if not tolerance.accepts(0.0, answer) and tolerance.accepts(-value, answer):
        return sign_mistake()
    for factor, mistake in factor_n_mistakes(problem):
        if tolerance.accepts(value, answer * factor):
            return mistake
    if is_ratio and answer > 0 and tolerance.accepts(value / 100, answer):
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
    parsed = parse(text, allow_vectors=False, percent=0.0 <= answer <= 1.0)
    value = parsed.value()
    echo = parsed.echo if parsed.is_plain_number else f"{parsed.echo} = {fmt(value, 6)}"
    return Reading(True, echo)
