"""Small tools shared by the problem generators: seeded draws of short decimals,
number formatting for prompts and solutions, and redrawing until no typical
mistake collides with the right answer."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

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
    rng: np.random.Generator, shape: int | tuple[int, ...], low: float, high: float,
    step: float = 0.1,
) -> np.ndarray:
    """Draw an array of short decimals (see :func:`short`)."""
    size = int(np.prod(shape))
    return np.array([short(rng, low, high, step) for _ in range(size)]).reshape(shape)


def fmt(x: float, sig: int = 4) -> str:
    """Format a number for a person: up to ``sig`` significant figures, no trailing zeros,
    a true minus sign (−)."""
    x = float(x)
    if x == 0:
        return "0"
    text = f"{x:.{sig}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}×10^{int(exponent)}"
    return text.replace("-", "−")


def fmt_vector(values: Sequence[float] | np.ndarray, sig: int = 4) -> str:
    """Format a vector as ``[a, b, c]``."""
    return "[" + ", ".join(fmt(v, sig) for v in np.asarray(values, dtype=float).ravel()) + "]"


def fmt_matrix(values: Sequence[Sequence[float]] | np.ndarray, sig: int = 4) -> str:
    """Format a matrix as ``[[a, b], [c, d]]``."""
    rows = np.atleast_2d(np.asarray(values, dtype=float))
    return "[" + ", ".join(fmt_vector(row, sig) for row in rows) + "]"


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
    """Whether a mistake's value would be graded right (so it cannot be told apart)."""
    if problem.kind in ("scalar", "vector", "matrix"):
        try:
            return problem.tolerance.accepts_all(mistake.value, problem.answer)
        except (TypeError, ValueError):
            return False
    return bool(mistake.value == problem.answer)


def draw_distinct(seed: int, build: Callable[[np.random.Generator], Problem]) -> Problem:
    """Build a problem from a seeded stream, drawing again while a mistake collides.

    Args:
        seed: the problem's seed; the stream is ``np.random.default_rng(seed)``, so
            the result is reproducible.
        build: makes one candidate Problem from the stream (it must set ``seed``).

    Returns:
        The first candidate none of whose mistakes is within tolerance of the answer;
        mistakes that equal each other are kept once.
    """
    rng = np.random.default_rng(seed)
    for _ in range(MAX_DRAWS):
        problem = build(rng)
        if not any(collides(problem, m) for m in problem.mistakes):
            return problem
    raise RuntimeError(f"{problem.family}: could not separate the answer from its mistakes")
