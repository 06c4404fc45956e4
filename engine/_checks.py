"""Input checks shared by the math core: bad input becomes a ValueError naming the argument."""

from __future__ import annotations

from typing import Any

import numpy as np


def finite_array(value: Any, name: str, *, scalar_ok: bool = False) -> np.ndarray:
    """Return ``value`` as a non-empty float array with no NaN or infinity.

    Args:
        value: a number, a (nested) list, or an array.
        name: the argument's name, used in the error message.
        scalar_ok: a single number is a valid value (said so in the message).

    Raises:
        ValueError: ``value`` is not numeric, is empty, or holds NaN or infinity.
    """
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        kind = "a number or an array of numbers" if scalar_ok else "an array of numbers"
        raise ValueError(f"{name} must be {kind}, got {value!r}") from None
    if array.size == 0:
        raise ValueError(f"{name} is empty")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} contains NaN or infinity")
    return array


def whole_number(value: Any, low: int, high: int | None = None) -> bool:
    """Whether ``value`` is an integer (Python's or NumPy's; a bool is not one) in
    ``[low, high]`` (no upper bound when ``high`` is None): the test behind every count
    argument of the math core, such as ``n_components`` or ``max_iter``."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        return False
    return low <= value and (high is None or value <= high)
