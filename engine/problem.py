"""The data a generated problem carries, and the verdict the grader gives.

These dataclasses are the contract between `engine.problems` (which makes
Problems), `engine.grading` (which turns typed text into a Verdict) and the app
(which shows both). They hold plain JSON-able data only.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

#: Bilingual text: {"en": "...", "zh": "..."}.
Text = dict[str, str]

AnswerKind = Literal["scalar", "vector", "matrix", "labels", "expression", "choice"]
Status = Literal["correct", "incorrect", "invalid"]

#: Decimals typed for the numbers of an expression answer (``0.333`` for 1/3) count when
#: right to this many significant figures; the prompts of generated expression problems
#: say so.
DECIMAL_FIGURES = 3


@dataclass(frozen=True)
class Tolerance:
    """How close a numeric answer must be.

    A stated precision, ``sigfigs`` (significant figures, entry by entry) or ``decimals``
    (decimal places), accepts everything within half a unit of the last stated place of the
    exact answer: the answer rounded to that precision and any more precise value (see
    :mod:`engine.precision`). Without one, ``|x − answer| <= max(abs, rel·|answer|)``; a deck
    that gives only ``abs`` sets ``rel`` to 0, and only ``rel`` sets ``abs`` to 0.
    """

    rel: float = 1e-2
    abs: float = 1e-6
    sigfigs: int | None = None
    decimals: int | None = None

    def margin(self, answer: float) -> float:
        """How far from ``answer`` a value may lie and still be right."""
        if self.decimals is not None:
            return 0.5 * 10.0**-self.decimals * (1 + _HALF_UNIT_SLACK)
        if self.sigfigs is not None:
            if abs(answer) <= _EXACT_ZERO:
                return _EXACT_ZERO
            place = math.floor(math.log10(abs(answer))) - self.sigfigs + 1
            return 0.5 * 10.0**place * (1 + _HALF_UNIT_SLACK)
        return max(self.abs, self.rel * abs(answer))

    def accepts(self, value: float, answer: float) -> bool:
        """Whether ``value`` is within this tolerance of ``answer``.

        Exactly half a unit away (1.13 or 1.12 for 1.125 at two decimals) is right only for
        a value written at the stated precision, a rounding of the answer: 2.5 is no whole
        number, so it does not pass for 3.
        """
        return self.accepts_all([value], [answer])

    def accepts_all(self, value: Any, answer: Any) -> bool:
        """Whether every entry of ``value`` is within tolerance of ``answer`` (same shape)."""
        import numpy as np

        got, want = np.asarray(value, dtype=float), np.asarray(answer, dtype=float)
        if got.shape != want.shape:
            return False
        magnitude, distance = np.abs(want), np.abs(got - want)
        if self.decimals is None and self.sigfigs is None:
            return bool(np.all(distance <= np.maximum(self.abs, self.rel * magnitude)))
        if self.decimals is not None:
            units = np.full_like(want, 10.0**-self.decimals)
        else:
            leading = np.floor(np.log10(np.where(magnitude > _EXACT_ZERO, magnitude, 1.0)))
            units = np.where(magnitude > _EXACT_ZERO, 10.0 ** (leading - self.sigfigs + 1), 0.0)
        half = 0.5 * units
        inside = distance < half * (1 - _HALF_UNIT_SLACK)
        steps = np.divide(got, units, out=np.zeros_like(got), where=units > 0)
        on_grid = np.abs(steps - np.round(steps)) < 1e-6
        tie = (distance <= half * (1 + _HALF_UNIT_SLACK)) & on_grid
        exact_zero = (units == 0) & (distance <= _EXACT_ZERO)
        return bool(np.all(inside | tie | exact_zero))


#: Slack on "half a unit in the last place", for binary floating point (1.125 → 1.12 or 1.13).
_HALF_UNIT_SLACK = 1e-9
#: An answer entry this small is exactly zero (answers are stored rounded to 12 decimals).
_EXACT_ZERO = 1e-12


@dataclass(frozen=True)
class Mistake:
    """An answer that a typical wrong method gives, and what to tell the learner.

    Attributes:
        id: stable identifier, e.g. ``"sum_instead_of_mean"``; counted in stats.
        value: the wrong answer, in the same form as ``Problem.answer``.
        feedback: what went wrong, in English and Chinese.
    """

    id: str
    value: Any
    feedback: Text


@dataclass(frozen=True)
class Problem:
    """One concrete, reproducible problem: the same family and seed give the same Problem.

    Attributes:
        family: generator id, e.g. ``"loss.huber.value"``.
        seed: the seed it was generated from.
        prompt: the question, plain text with formulas in readable Unicode.
        data: the numbers the question is about (JSON-able).
        answer: a float, a list, a nested list, integer labels, or an expression string.
        kind: how the answer is read and compared.
        tolerance: for numeric kinds.
        hint: a nudge that does not give the answer away.
        solution: the worked solution with its intermediate numbers.
        mistakes: answers that typical wrong methods give.
        variables: for ``kind == "expression"``, the symbol names the learner may use.
        domain: for ``kind == "expression"``, the conditions the prompt states about the
            variables (``"yhat > y"``, ``"abs(yhat - y) <= 1.5"``, ``"b > 0"``); the answer
            is checked there (see :mod:`engine.expr.domain`).
        per_sample: the expression is about one sample i, so ``ŷᵢ`` and ``yhat_i`` may be
            typed for ``yhat``.
        options: for ``kind == "choice"``, the options' text; ``answer`` then lists the
            indices of the right ones.
        sign_invariant: an eigenvector or principal component is right up to its sign.
        start: for an update (an optimizer step, a clipped gradient, a Lloyd step), the value
            before it, in the answer's form: the precision resolves the change from it, and
            typing it back is a recognised mistake.
        ratio: the answer is a ratio or probability, so a percentage (``12.5%``) is accepted.
        target_seconds: how long a fluent learner needs; answering faster rates Easy.
    """

    family: str
    seed: int
    prompt: Text
    data: dict[str, Any]
    answer: Any
    kind: AnswerKind
    tolerance: Tolerance = field(default_factory=Tolerance)
    hint: Text = field(default_factory=dict)
    solution: Text = field(default_factory=dict)
    mistakes: tuple[Mistake, ...] = ()
    variables: tuple[str, ...] = ()
    domain: tuple[str, ...] = ()
    per_sample: bool = False
    options: tuple[Text, ...] = ()
    sign_invariant: bool = False
    target_seconds: float = 120.0
    start: Any = None
    ratio: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Return the problem as plain JSON-able data."""
        return asdict(self)


@dataclass(frozen=True)
class Verdict:
    """What the grader concluded about one typed answer.

    Attributes:
        status: ``correct``, ``incorrect``, or ``invalid`` (could not be read; never
            counts as an attempt).
        score: in [0, 1]; partial credit for vectors and matrices.
        feedback: what to tell the learner, in English and Chinese.
        mistake: the id of the recognised mistake, or None.
        echo: how the input was understood (e.g. ``"[0.5, 1.25]"`` or ``"2·(ŷ − y)"``).
        wrong_entries: for vectors and matrices, the indices of the wrong entries
            (ints for vectors, [row, col] pairs for matrices).
    """

    status: Status
    score: float
    feedback: Text
    mistake: str | None = None
    echo: str = ""
    wrong_entries: tuple[Any, ...] = ()

    @property
    def is_attempt(self) -> bool:
        """Invalid input is not an attempt: it is neither right nor wrong."""
        return self.status != "invalid"

    def to_dict(self) -> dict[str, Any]:
        """Return the verdict as plain JSON-able data."""
        return asdict(self)
