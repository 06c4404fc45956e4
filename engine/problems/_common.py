"""Small tools shared by the problem generators: seeded draws of short decimals,
worked solutions line by line, and redrawing until no typical mistake collides with the
right answer. Numbers are formatted by :mod:`engine.formatting`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np

from engine import precision
from engine.problem import Mistake, Problem, Text

#: How many fresh draws a generator may take before giving up on separating the
#: answer from its mistakes (a family whose draws collide this often is broken).
MAX_DRAWS = 200


def both(en: str, zh: str) -> Text:
    """Bilingual text."""
    return {"en": en, "zh": zh}


def short(rng: np.random.Generator, low: float, high: float, step: float = 0.1) -> float:
    """Draw a short decimal from ``[low, high]`` on a grid of ``step`` (e.g. 0.1)."""
    count = int(round((high - low) / step))
    value = low + step * int(rng.integers(0, count + 1))
    decimals = max(0, -int(np.floor(np.log10(step)))) if step < 1 else 0
    return float(round(value, decimals))


def short_array(
    rng: np.random.Generator,
    shape: int | tuple[int, ...],
    low: float,
    high: float,
    step: float = 0.1,
) -> np.ndarray:
    """Draw an array of short decimals (see :func:`short`)."""
    size = int(np.prod(shape))
    return np.array([short(rng, low, high, step) for _ in range(size)]).reshape(shape)


def plain(value: Any) -> Any:
    """Turn NumPy scalars and arrays into JSON-able floats and (nested) lists."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def collides(problem: Problem, mistake: Mistake) -> bool:
    """Whether a mistake's value, typed at the stated precision, would be graded right (so it
    cannot be told apart)."""
    if problem.kind in ("scalar", "vector", "matrix"):
        try:
            return problem.tolerance.accepts_all(
                _as_typed(problem, mistake.value), problem.answer
            )
        except (TypeError, ValueError):
            return False
    return bool(mistake.value == problem.answer)


def _as_typed(problem: Problem, value: Any) -> Any:
    """A numeric value rounded to the problem's stated precision (as a learner types it)."""
    if not precision.is_precise(problem.tolerance):
        return value
    rounded = np.vectorize(lambda x: precision.round_to(problem.tolerance, x), otypes=[float])
    return rounded(np.asarray(value, dtype=float))


def start_passes(problem: Problem) -> bool:
    """Whether an update's starting value, typed at the stated precision, would be right
    (the update is then too small to see, and the draw must be redone)."""
    if problem.start is None or problem.kind not in ("scalar", "vector", "matrix"):
        return False
    return problem.tolerance.accepts_all(_as_typed(problem, problem.start), problem.answer)


def draw_distinct(seed: int, build: Callable[[np.random.Generator], Problem]) -> Problem:
    """Build a problem from a seeded stream, drawing again while a mistake collides.

    Args:
        seed: the problem's seed; the stream is ``np.random.default_rng(seed)``, so
            the result is reproducible.
        build: makes one candidate Problem from the stream (it must set ``seed``).

    Returns:
        The first candidate, graded at the precision policy's tolerance (see
        :mod:`engine.precision`), none of whose mistakes (nor, for an update, the starting
        value) typed at that precision would be graded right; mistakes that equal each
        other are kept once.
    """
    rng = np.random.default_rng(seed)
    for _ in range(MAX_DRAWS):
        problem = precision.with_precision(build(rng))
        if not start_passes(problem) and not any(collides(problem, m) for m in problem.mistakes):
            return distinct_mistakes(problem)
    raise RuntimeError(f"{problem.family}: could not separate the answer from its mistakes")


def distinct_mistakes(problem: Problem) -> Problem:
    """Keep each mistake once: drop a mistake whose value an earlier one would already match.

    Two wrong methods can give the same number for some draws (summing and averaging one
    value, say); the grader could then not tell which slip was made, so only the first
    (the likelier one, by the order the generator lists them) is kept.
    """
    kept: list[Mistake] = []
    for mistake in problem.mistakes:
        probe = replace(problem, answer=mistake.value)
        if not any(
            collides(probe, earlier) or collides(replace(problem, answer=earlier.value), mistake)
            for earlier in kept
        ):
            kept.append(mistake)
    if len(kept) == len(problem.mistakes):
        return problem
    return replace(problem, mistakes=tuple(kept))


def crowds_answer(problem: Problem, margin: float = 2.0) -> bool:
    """Whether a mistake lies within ``margin`` times the tolerance of the answer.

    A mistake just outside the tolerance can be graded right once a learner rounds it,
    so generators that care redraw such data (see :func:`draw_clear`).
    """
    if problem.kind not in ("scalar", "vector", "matrix"):
        return False
    tolerance = problem.tolerance
    if precision.is_precise(tolerance):
        answer = np.asarray(problem.answer, dtype=float)
        units = np.vectorize(lambda x: precision.unit(tolerance, x), otypes=[float])(answer)
        allowed = margin * units / 2
        for mistake in problem.mistakes:
            try:
                value = np.asarray(mistake.value, dtype=float)
                if value.shape == answer.shape and np.all(np.abs(value - answer) < allowed):
                    return True
            except (TypeError, ValueError):
                continue
        return False
    rel, floor = tolerance.rel * margin, tolerance.abs * margin
    wide = replace(problem, tolerance=replace(tolerance, rel=rel, abs=floor))
    return any(collides(wide, mistake) for mistake in problem.mistakes)


def draw_clear(
    seed: int,
    attempt: Callable[[np.random.Generator], Problem | None],
    margin: float = 2.0,
) -> Problem:
    """Like :func:`draw_distinct`, but also redraw while ``attempt`` rejects its draw
    (returns None: a tie, a zero division, an ugly number) or a mistake comes within
    ``margin`` tolerances of the answer.

    Args:
        seed: the problem's seed.
        attempt: makes one candidate Problem from the stream, or None to ask for a redraw.
        margin: how many tolerances every mistake must stay away from the answer.

    Returns:
        The first acceptable candidate, with repeated mistakes kept once.
    """

    def build(rng: np.random.Generator) -> Problem:
        for _ in range(MAX_DRAWS * 10):
            problem = attempt(rng)
            if problem is None:
                continue
            problem = precision.with_precision(problem)
            if not crowds_answer(problem, margin):
                return problem
        raise RuntimeError("no acceptable draw: the family's data constraints are too tight")

    return draw_distinct(seed, build)


def clean(value: Any) -> Any:
    """Round away floating-point noise (12 decimals) and return plain JSON-able data, so an
    answer or a mistake's value is stored as the exact number it stands for."""
    return plain(np.round(np.asarray(value, dtype=float), 12))


def make_mistake(mistake_id: str, value: Any, en: str, zh: str) -> Mistake:
    """A typical mistake: its id, the value it leads to, and bilingual feedback."""
    return Mistake(mistake_id, value, both(en, zh))


def apart_from_answer(mistakes: list[Mistake], answer: Any, atol: float = 0.0) -> list[Mistake]:
    """The mistakes whose value differs from ``answer``: for some draws a slip happens to give
    the right number, and then it is no mistake to diagnose.

    Args:
        mistakes: candidate mistakes with numeric values.
        answer: the right answer.
        atol: absolute closeness still counted as equal (the relative one is 10⁻¹²).

    Returns:
        The mistakes to keep, in their order.
    """
    return [m for m in mistakes if not np.allclose(m.value, answer, rtol=1e-12, atol=atol)]


def check_params(family: str, params: dict[str, Any], allowed: set[str]) -> None:
    """Raise ValueError naming the first parameter ``family`` does not know."""
    unknown = sorted(set(params) - allowed)
    if unknown:
        raise ValueError(f"{family}: unknown parameter {unknown[0]!r}")


class SolutionLines:
    """A worked solution built line by line in both languages (formula-only lines are
    the same in both, so ``zh`` defaults to the English line)."""

    def __init__(self) -> None:
        self.en: list[str] = []
        self.zh: list[str] = []

    def add(self, en: str, zh: str | None = None) -> None:
        """Append one line."""
        self.en.append(en)
        self.zh.append(en if zh is None else zh)

    def text(self) -> Text:
        """The solution as bilingual text, one step per line."""
        return both("\n".join(self.en), "\n".join(self.zh))
