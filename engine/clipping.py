"""Gradient clipping: by value, by each tensor's norm, and by the global norm.

Norms are L2 norms, ``‖g‖ = sqrt(Σ g²)`` (with the square root). Both norm
clippings use Keras's exact form, ``g · c / max(‖g‖, c)``: it leaves a gradient
whose norm is at most ``c`` untouched and rescales a longer one to norm exactly
``c``. (PyTorch's ``clip_grad_norm_`` instead multiplies by ``c / (‖g‖ + 1e-6)``
when that is below 1, which lands a hair under ``c``.)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from engine._checks import finite_array


def _as_array(value: Any, name: str) -> np.ndarray:
    return finite_array(value, name)


def _positive(value: Any, name: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a positive number, got {value!r}") from None
    if not np.isfinite(number) or number <= 0:
        raise ValueError(f"{name} must be a positive number, got {value!r}")
    return number


def clip_by_value(g: Any, clipvalue: float) -> np.ndarray:
    """Clip every entry into ``[-clipvalue, clipvalue]`` (Keras ``clipvalue``).

    Args:
        g: a gradient (number or array).
        clipvalue: the bound, > 0.

    Returns:
        A new array ``min(max(g, -clipvalue), clipvalue)``.
    """
    bound = _positive(clipvalue, "clipvalue")
    return np.clip(_as_array(g, "g"), -bound, bound)


def l2_norm(g: Any) -> float:
    """The L2 norm ``sqrt(Σ g²)`` of one tensor (all its entries).

    Args:
        g: a gradient.

    Returns:
        The norm.
    """
    return float(np.sqrt(np.sum(_as_array(g, "g") ** 2)))


def clip_by_norm(g: Any, clipnorm: float) -> np.ndarray:
    """Rescale one tensor so its L2 norm is at most ``clipnorm`` (Keras ``clipnorm``).

    ``g · clipnorm / max(‖g‖, clipnorm)``: unchanged when ``‖g‖ <= clipnorm``.
    Each tensor of a model is clipped on its own this way.

    Args:
        g: a gradient.
        clipnorm: the largest allowed norm, > 0.

    Returns:
        The clipped gradient, a new array.
    """
    bound = _positive(clipnorm, "clipnorm")
    gradient = _as_array(g, "g")
    return gradient * (bound / max(l2_norm(gradient), bound))


def _gradient_list(grads: Any) -> list[np.ndarray]:
    if isinstance(grads, np.ndarray) or not isinstance(grads, Sequence) or len(grads) == 0:
        raise ValueError("grads must be a non-empty list of arrays")
    return [_as_array(g, f"grads[{index}]") for index, g in enumerate(grads)]


def global_norm(grads: Sequence[Any]) -> float:
    """The L2 norm of all tensors taken together: ``sqrt(Σ_i ‖g_i‖²)``.

    Args:
        grads: a non-empty list of gradients (any shapes).

    Returns:
        The global norm.
    """
    return float(np.sqrt(sum(np.sum(g**2) for g in _gradient_list(grads))))


def clip_by_global_norm(grads: Sequence[Any], max_norm: float) -> list[np.ndarray]:
    """Rescale all tensors jointly so their global norm is at most ``max_norm``.

    Every tensor is multiplied by the same ``max_norm / max(global_norm, max_norm)``
    (Keras ``global_clipnorm``; torch's ``clip_grad_norm_`` up to its 1e-6), so
    the direction of the whole update is kept.

    Args:
        grads: a non-empty list of gradients.
        max_norm: the largest allowed global norm, > 0.

    Returns:
        A new list of new arrays, in the same order.
    """
    bound = _positive(max_norm, "max_norm")
    arrays = _gradient_list(grads)
    scale = bound / max(global_norm(arrays), bound)
    return [g * scale for g in arrays]
