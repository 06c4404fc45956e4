"""The data a generated problem carries, and the verdict the grader gives.

These dataclasses are the contract between `engine.problems` (which makes
Problems), `engine.grading` (which turns typed text into a Verdict) and the app
(which shows both). They hold plain JSON-able data only.
"""

from __future__ import annotations

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
    """How close a numeric answer must be: |x - answer| <= max(abs, rel * |answer|).

    The default (relative 1 %, absolute floor 1e-6) accepts an answer typed to
    three or four significant figures, as a person with a basic calculator would.
    """

    rel: float = 1e-2
    abs: float = 1e-6

    def accepts(self, value: float, answer: float) -> bool:
        """Whether ``value`` is within this tolerance of ``answer``."""
        return abs(value - answer) <= max(self.abs, self.rel * abs(answer))

    def accepts_all(self, value: Any, answer: Any) -> bool:
        """Whether every entry of ``value`` is within tolerance of ``answer`` (same shape)."""
        import numpy as np

        got, want = np.asarray(value, dtype=float), np.asarray(answer, dtype=float)
        if got.shape != want.shape:
            return False
        return bool(np.all(np.abs(got - want) <= np.maximum(self.abs, self.rel * np.abs(want))))


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
