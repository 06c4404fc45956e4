"""Grading a typed answer like a tutor: ``grade(problem, text) -> Verdict``.

What each answer kind accepts (all typed text goes through :mod:`engine.expr`, which
never evaluates it as Python):

- ``scalar``: a number or a small calculation: ``0.25``, ``1/3``, ``2e-3``, ``sqrt(2)/2``,
  ``ln(2)``, ``e^-1``, ``2pi``. **Percentages**: ``12.5%`` means 0.125, and is accepted only
  when the answer lies in [0, 1] (a ratio or probability); there both ``0.125`` and ``12.5%``
  are right. Elsewhere a ``%`` is invalid with a message to type the plain number.
- ``vector``: ``[1, 2, 3]``, ``1 2 3`` or ``1, 2, 3``; a single row or column matrix of the
  right length is accepted too.
- ``matrix``: ``[[1, 2], [3, 4]]``, ``[1 2; 3 4]`` or ``1 2; 3 4``.
- ``labels``: whole numbers, one per point, in any of the vector forms; right up to renaming
  the clusters (``1 1 0`` is the same clustering as ``0 0 1``).
- ``expression``: an expression in ``problem.variables`` (``2(yhat - y)``); see below.
- ``choice``: option numbers as shown to the learner, 1-based (``1 3``, ``1,3``), or letters
  (``a c``); ``problem.answer`` lists the right options' 0-based indices.

Numbers are compared with ``problem.tolerance`` (default: relative 1 %, absolute floor 1e-6;
see :class:`engine.problem.Tolerance`). Vectors and matrices earn partial credit, the fraction
of entries right, and list the wrong ones. With ``problem.sign_invariant`` a vector is right up
to its sign as a whole; in a matrix each row (components as rows, like scikit-learn's
``components_``) or each column (eigenvectors as columns, like ``numpy.linalg.eigh``) may be
flipped, whichever fits the learner's entries best.

A wrong answer is compared with ``problem.mistakes`` in order (same tolerance and
equivalence), then with a few generic slips: the opposite sign (``sign_error``), ``n`` times
too large or too small when ``problem.data["n"]`` exists (``missing_divide_by_n``,
``extra_divide_by_n``), a ratio typed as a percentage without ``%`` (``percent_scale``), a
transposed square matrix (``transposed``).

Expressions are checked in the checker process (:mod:`engine.checker`).

:func:`grade` never raises: unreadable input, a malformed problem or an internal error all
come back as an ``invalid`` Verdict (never counted as an attempt) with a message in English
and Chinese.

Each answer kind has its module (:mod:`~engine.grading.numbers`, :mod:`~engine.grading.arrays`,
:mod:`~engine.grading.labels`, :mod:`~engine.grading.choice`,
:mod:`~engine.grading.expression`), with a ``grade`` and a ``read`` function; the registry
below maps :attr:`engine.problem.Problem.kind` to them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from engine.expr import ExpressionError
from engine.expr.errors import bilingual as _text
from engine.grading import arrays, choice, expression, labels, numbers
from engine.grading.verdicts import (
    EXTRA_DIVIDE_BY_N,
    MISSING_DIVIDE_BY_N,
    NO_UPDATE,
    PERCENT_SCALE,
    SIGN_ERROR,
    TRANSPOSED,
    ProblemError,
    Reading,
    invalid,
)
from engine.problem import Problem, Verdict

__all__ = [
    "EXTRA_DIVIDE_BY_N",
    "MISSING_DIVIDE_BY_N",
    "NO_UPDATE",
    "PERCENT_SCALE",
    "SIGN_ERROR",
    "TRANSPOSED",
    "Reading",
    "asks_for_number",
    "grade",
    "understand",
]


class _AnswerKind(NamedTuple):
    """How one kind of answer is graded and how it is read for the live preview."""

    grade: Callable[[Problem, str], Verdict]
    read: Callable[[Problem, str], Reading]


_GRADERS: dict[str, _AnswerKind] = {
    "scalar": _AnswerKind(numbers.grade, numbers.read),
    "vector": _AnswerKind(arrays.grade, arrays.read),
    "matrix": _AnswerKind(arrays.grade, arrays.read),
    "labels": _AnswerKind(labels.grade, labels.read),
    "choice": _AnswerKind(choice.grade, choice.read),
    "expression": _AnswerKind(expression.grade, expression.read),
}


def grade(problem: Problem, text: str) -> Verdict:
    """Grade a typed answer.

    Args:
        problem: the problem answered.
        text: what the learner typed.

    Returns:
        The Verdict: ``correct`` or ``incorrect`` with a score in [0, 1], or ``invalid``
        (unreadable, wrong shape, too complex; not an attempt) with a message saying what is
        wrong and where. Never raises.
    """
    try:
        if not isinstance(text, str):
            return invalid(_text("The answer must be text.", "答案必须是文本。"))
        grader = _GRADERS.get(problem.kind)
        if grader is None:
            raise ProblemError(f"unknown answer kind {problem.kind!r}")
        return grader.grade(problem, text)
    except ExpressionError as error:
        return invalid(error.feedback())
    except ProblemError as error:
        return invalid(
            _text(
                f"This problem cannot be graded ({error}); your answer was not counted.",
                f"这道题无法评分（{error}）；你的答案不计入。",
            )
        )
    except Exception as error:  # noqa: BLE001 - a grader must never crash the app
        return invalid(
            _text(
                f"This answer could not be checked ({type(error).__name__}); it was not counted.",
                f"无法检查这个答案（{type(error).__name__}）；不计入作答次数。",
            )
        )


def asks_for_number(problem: Problem) -> bool:
    """Whether an expression problem's answer is a constant (a number is asked for, not an
    expression in the variables)."""
    return problem.kind == "expression" and expression.is_constant(problem)


def understand(problem: Problem, text: str) -> Reading:
    """Read ``text`` as an answer to ``problem`` without grading it.

    It says how the input is understood, or why it cannot be, and never reveals whether
    it is right (it is shown while the learner types). It parses exactly as :func:`grade`
    does and checks the answer's shape, but does not start the expression checker.

    Args:
        problem: the problem being answered.
        text: what the learner has typed so far.

    Returns:
        A :class:`Reading`. Never raises.
    """
    try:
        kind = _GRADERS.get(problem.kind)
        if kind is None:
            unknown = _text("This answer kind cannot be read.", "无法读取这类答案。")
            return Reading(False, message=unknown)
        return kind.read(problem, text)
    except ExpressionError as error:
        return Reading(False, message=error.feedback())
    except Exception as error:  # noqa: BLE001 - a preview must never crash the app
        return Reading(
            False,
            message=_text(
                f"This answer cannot be read ({type(error).__name__}).",
                f"无法读取这个答案（{type(error).__name__}）。",
            ),
        )
