"""Numbers, operands and answers as a person reads them: the one place that formats them.

Prompts, worked solutions, feedback and the app all show numbers through these functions,
so ``−0.3`` looks the same everywhere (a true minus sign, up to 4 significant figures,
negatives in parentheses inside a formula).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from engine.problem import Problem


def fmt(x: float, sig: int = 4) -> str:
    """Format a number for a person: up to ``sig`` significant figures, no trailing zeros,
    a true minus sign (−), powers of ten as superscripts (6.4×10⁻⁵)."""
    x = float(x)
    if x == 0:
        return "0"
    text = f"{x:.{sig}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}×10{superscript(int(exponent))}"
    return text.replace("-", "−")


_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def superscript(n: int) -> str:
    """Write an integer as Unicode superscript digits (−5 → ⁻⁵), for powers of ten."""
    return str(n).translate(_SUPERSCRIPTS)


def fmt_vector(values: Sequence[float] | np.ndarray, sig: int = 4) -> str:
    """Format a vector as ``[a, b, c]``."""
    return "[" + ", ".join(fmt(v, sig) for v in np.asarray(values, dtype=float).ravel()) + "]"


def fmt_matrix(values: Sequence[Sequence[float]] | np.ndarray, sig: int = 4) -> str:
    """Format a matrix as ``[[a, b], [c, d]]``."""
    rows = np.atleast_2d(np.asarray(values, dtype=float))
    return "[" + ", ".join(fmt_vector(row, sig) for row in rows) + "]"


def operand(x: float, sig: int = 4) -> str:
    """Format a number as an operand inside a formula: negatives in parentheses, (−0.3)."""
    return f"({fmt(x, sig)})" if x < 0 else fmt(x, sig)


#: Below this many decimals a computed value is floating-point noise around an exact one
#: (0.1 + 0.2 − 0.3, say), which a prompt must not show as 5.551×10⁻¹⁷.
NOISE_DECIMALS = 10

_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def fmt_denoised(x: float, sig: int = 4) -> str:
    """:func:`fmt` after rounding away floating-point noise (see :data:`NOISE_DECIMALS`).

    For numbers a generator computed rather than drew, whose exact value may carry a
    residue in the last bits.
    """
    return fmt(round(float(x), NOISE_DECIMALS), sig)


def fmt_vector_denoised(values: Any, sig: int = 4) -> str:
    """:func:`fmt_vector` after rounding away floating-point noise."""
    return fmt_vector(np.round(np.asarray(values, dtype=float), NOISE_DECIMALS), sig)


def fmt_matrix_denoised(values: Any, sig: int = 4) -> str:
    """:func:`fmt_matrix` after rounding away floating-point noise."""
    return fmt_matrix(np.round(np.asarray(values, dtype=float), NOISE_DECIMALS), sig)


def operand_denoised(x: float, sig: int = 4) -> str:
    """:func:`operand` after rounding away floating-point noise."""
    return operand(round(float(x), NOISE_DECIMALS), sig)


def subscript(n: int) -> str:
    """Write a non-negative integer as Unicode subscript digits (12 → ₁₂), for x₁, θ₂."""
    return str(n).translate(_SUBSCRIPTS)


def point_text(point: Sequence[float] | np.ndarray) -> str:
    """Format a point as ``(a, b)`` with :func:`fmt_denoised`."""
    return "(" + ", ".join(fmt_denoised(v) for v in point) + ")"


def points_text(points: np.ndarray, sep: str = ", ") -> str:
    """Name and list points from one: ``x₁ = (a, b), x₂ = (c, d)``."""
    return sep.join(f"x{subscript(i)} = {point_text(p)}" for i, p in enumerate(points, start=1))


def format_answer(problem: Problem, value: Any = None, sig: int = 4) -> str:
    """A problem's answer (or ``value`` in the answer's form) as a person would write it.

    Args:
        problem: the problem.
        value: a value of the answer's form; default the answer itself.
        sig: significant figures for numbers.

    Returns:
        ``0.155``, ``[0.6, 0.8]``, ``[[4, −2], [−2, 4]]``, choice options 1-based
        (``1, 3``), labels as ``[0, 1, 1]``, an expression as written.
    """
    value = problem.answer if value is None else value
    if problem.kind == "scalar":
        return fmt(value, sig)
    if problem.kind == "vector":
        return fmt_vector(value, sig)
    if problem.kind == "matrix":
        return fmt_matrix(value, sig)
    if problem.kind == "choice" and problem.options:
        indices = value if isinstance(value, list | tuple) else [value]
        return ", ".join(str(int(i) + 1) for i in indices)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value)
