"""How a returned value is compared with the expected one: kind, shape, dtype, then values.

Each task declares the form of its result as a small tree of specs: :class:`Number`
(a real number), :class:`Array` (an ndarray of floats or integers, optionally right
only up to the sign of each row or column), :class:`Group` (a tuple of results) and
:class:`ArrayList` (a list of float arrays). :func:`compare` walks the spec, and says
why a value is not of the right form before it measures how far off the numbers are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from engine.code._child import Opaque
from engine.problem import Text, Tolerance


@dataclass(frozen=True)
class Number:
    """A single real number (a Python float or int, a NumPy scalar or a 0-d array)."""


@dataclass(frozen=True)
class Array:
    """A NumPy array whose shape is that of the expected array.

    Attributes:
        dtype: ``float`` (any 64-bit float dtype) or ``int`` (any integer dtype).
        signs: ``rows`` or ``columns`` when each row (column) is right up to its sign,
            as a principal component is.
    """

    dtype: Literal["float", "int"] = "float"
    signs: Literal["rows", "columns"] | None = None


@dataclass(frozen=True)
class Group:
    """A tuple of results (a list of the same length is accepted too)."""

    items: tuple[Number | Array | ArrayList, ...]


@dataclass(frozen=True)
class ArrayList:
    """A list of float arrays, as long as the expected list, each of its expected shape."""


Spec = Number | Array | Group | ArrayList


@dataclass(frozen=True)
class Comparison:
    """The result of comparing one value with the expected one.

    Attributes:
        passed: of the right form and within tolerance everywhere.
        max_error: the largest absolute difference (None when the form was wrong).
        problem: why the value is wrong, when it is of the wrong form.
    """

    passed: bool
    max_error: float | None = None
    problem: Text | None = None


def _wrong(en: str, zh: str) -> Comparison:
    return Comparison(False, None, {"en": en, "zh": zh})


def kind_of(value: Any) -> str:
    """A short name of what a value is, for messages."""
    if isinstance(value, Opaque):
        return value.kind
    if isinstance(value, np.ndarray):
        return f"ndarray {value.dtype} {value.shape}"
    return type(value).__name__


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if (
        isinstance(value, np.ndarray | np.generic)
        and value.shape == ()
        and value.dtype.kind in "iuf"
    ):
        return float(value)
    return None


def _close(got: np.ndarray, want: np.ndarray, tolerance: Tolerance) -> tuple[bool, float]:
    """Whether every entry is within tolerance (NaN matches NaN, ∞ matches ∞), and the
    largest absolute difference (∞ where one side is not finite and the other differs)."""
    with np.errstate(invalid="ignore", over="ignore"):
        same = (got == want) | (np.isnan(got) & np.isnan(want))
        difference = np.where(same, 0.0, np.abs(got - want))
        difference = np.where(np.isnan(difference), np.inf, difference)
        allowed = np.maximum(tolerance.abs, tolerance.rel * np.abs(np.nan_to_num(want)))
        ok = same | (difference <= allowed)
    largest = float(np.max(difference)) if difference.size else 0.0
    return bool(np.all(ok)), largest


def _align_signs(got: np.ndarray, want: np.ndarray, signs: str | None) -> np.ndarray:
    """Flip each row (column) of ``got`` whose sign disagrees with ``want``'s."""
    if signs is None or got.ndim != 2:
        return got
    axis = 1 if signs == "rows" else 0
    with np.errstate(invalid="ignore", over="ignore"):
        agreement = np.sum(got * want, axis=axis, keepdims=True)
    return got * np.where(agreement < 0, -1.0, 1.0)


def compare(spec: Spec, got: Any, want: Any, tolerance: Tolerance) -> Comparison:
    """Compare ``got`` (the learner's value) with ``want`` (the reference's).

    Args:
        spec: the form of the result.
        got: what the learner's function returned.
        want: what the reference returned for the same input.
        tolerance: ``|got - want| <= max(abs, rel·|want|)`` entrywise.

    Returns:
        A :class:`Comparison`.
    """
    if isinstance(spec, Number):
        number = _number(got)
        if number is None:
            if isinstance(got, np.ndarray) and got.size == 1:
                return _wrong(
                    f"returned an array of shape {got.shape}; expected a single number "
                    "(use float(...) or .item())",
                    f"返回了形状为 {got.shape} 的数组；应返回单个数（可用 float(...) 或 .item()）",
                )
            return _wrong(
                f"returned {kind_of(got)}; expected a single number",
                f"返回了 {kind_of(got)}；应返回单个数",
            )
        ok, largest = _close(np.array(number), np.array(float(want)), tolerance)
        return Comparison(ok, largest)
    if isinstance(spec, Array):
        return _compare_array(spec, got, np.asarray(want), tolerance)
    if isinstance(spec, ArrayList):
        if not isinstance(got, list | tuple):
            return _wrong(
                f"returned {kind_of(got)}; expected a list of arrays",
                f"返回了 {kind_of(got)}；应返回由数组组成的列表",
            )
        return _compare_items([Array()] * len(want), got, list(want), tolerance, "list")
    if not isinstance(got, tuple | list):
        return _wrong(
            f"returned {kind_of(got)}; expected a tuple of {len(spec.items)} results",
            f"返回了 {kind_of(got)}；应返回包含 {len(spec.items)} 个结果的元组",
        )
    return _compare_items(list(spec.items), got, list(want), tolerance, "tuple")


def _compare_items(
    specs: list[Spec], got: Any, want: list[Any], tolerance: Tolerance, container: str
) -> Comparison:
    if len(got) != len(want):
        noun_zh = "元组" if container == "tuple" else "列表"
        return _wrong(
            f"returned a {type(got).__name__} of {len(got)} items; expected {len(want)}",
            f"返回的{noun_zh}有 {len(got)} 项；应有 {len(want)} 项",
        )
    largest = 0.0
    passed = True
    for index, (item_spec, item, expected) in enumerate(zip(specs, got, want, strict=True)):
        result = compare(item_spec, item, expected, tolerance)
        if result.problem is not None:
            return Comparison(
                False,
                None,
                {
                    "en": f"item {index}: {result.problem['en']}",
                    "zh": f"第 {index} 项：{result.problem['zh']}",
                },
            )
        passed = passed and result.passed
        largest = max(largest, result.max_error or 0.0)
    return Comparison(passed, largest)


def _compare_array(spec: Array, got: Any, want: np.ndarray, tolerance: Tolerance) -> Comparison:
    if not isinstance(got, np.ndarray):
        return _wrong(
            f"returned {kind_of(got)}; expected a NumPy array of shape {want.shape}",
            f"返回了 {kind_of(got)}；应返回形状为 {want.shape} 的 NumPy 数组",
        )
    if got.shape != want.shape:
        return _wrong(
            f"returned shape {got.shape}; expected {want.shape}",
            f"返回的形状为 {got.shape}；应为 {want.shape}",
        )
    if spec.dtype == "int" and got.dtype.kind not in "iu":
        return _wrong(
            f"returned dtype {got.dtype}; expected integer labels (e.g. int64)",
            f"返回的 dtype 为 {got.dtype}；应为整数标签（如 int64）",
        )
    if spec.dtype == "float" and (got.dtype.kind != "f" or got.dtype.itemsize < 8):
        return _wrong(
            f"returned dtype {got.dtype}; expected float64",
            f"返回的 dtype 为 {got.dtype}；应为 float64",
        )
    aligned = _align_signs(got.astype(float), want.astype(float), spec.signs)
    ok, largest = _close(aligned, want.astype(float), tolerance)
    return Comparison(ok, largest)


def show(value: Any) -> str:
    """A short, readable rendering of a value for the report."""
    if isinstance(value, np.ndarray):
        return np.array2string(
            value, precision=6, threshold=24, edgeitems=3, max_line_width=72, separator=", "
        )
    if isinstance(value, np.generic):
        return show(value.item())
    if isinstance(value, float):
        return f"{value:.8g}"
    if isinstance(value, tuple):
        return "(" + ", ".join(show(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    if isinstance(value, list):
        return "[" + ", ".join(show(v) for v in value) + "]"
    return repr(value)
