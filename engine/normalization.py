"""Normalization layers in their forward pass: BatchNorm in training mode and LayerNorm.

Both follow PyTorch's ``torch.nn.BatchNorm1d`` and ``torch.nn.LayerNorm``:
``y = (x − mean) / √(var + ε) · γ + β`` with the biased variance (divided by n, not n − 1).
They differ in the axis the statistics are taken over: BatchNorm over the batch (one mean
and variance per feature), LayerNorm over the features (one mean and variance per example).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from engine._checks import finite_array

#: PyTorch's default ε for both layers (``eps=1e-05``).
DEFAULT_EPS = 1e-5


def _check_eps(eps: float) -> float:
    if not np.isfinite(eps) or eps < 0:
        raise ValueError(f"eps must be a finite number >= 0, got {eps!r}")
    return float(eps)


def _per_feature(value: Any, name: str, features: int, default: float) -> np.ndarray:
    """γ or β as one value per feature (None means the layer's initial value)."""
    if value is None:
        return np.full(features, default)
    array = finite_array(value, name, scalar_ok=True)
    if array.ndim == 0:
        return np.full(features, float(array))
    if array.shape != (features,):
        raise ValueError(f"{name} must hold one value per feature ({features}), got {array.shape}")
    return array


def _standardized(x: np.ndarray, axis: int, eps: float) -> np.ndarray:
    """(x − mean) / √(var + ε) along ``axis``, with the biased variance."""
    mean = x.mean(axis=axis, keepdims=True)
    variance = ((x - mean) ** 2).mean(axis=axis, keepdims=True)
    return (x - mean) / np.sqrt(variance + eps)


def batch_norm_train(
    x: Any, gamma: Any = None, beta: Any = None, eps: float = DEFAULT_EPS
) -> np.ndarray:
    """BatchNorm's output in training mode: each feature normalised with its batch statistics.

    As in ``torch.nn.BatchNorm1d``, the output uses the batch mean and the *biased* batch
    variance; the running variance the layer stores for evaluation is updated with the
    unbiased one, which does not enter this output.

    Args:
        x: a batch, shape (samples, features); at least two samples, or every output is β.
        gamma: the scale γ, one per feature (a single number applies to all); default 1.
        beta: the shift β, one per feature (a single number applies to all); default 0.
        eps: ε, added to the variance inside the square root.

    Returns:
        The normalised batch, same shape as ``x``.

    Raises:
        ValueError: for a batch that is not 2-D or has fewer than two samples, γ or β of the
            wrong length, or a negative ε.
    """
    batch = finite_array(x, "x")
    if batch.ndim != 2 or batch.shape[0] < 2:
        raise ValueError(f"x must be a (samples, features) batch of at least 2, got {batch.shape}")
    features = batch.shape[1]
    scale = _per_feature(gamma, "gamma", features, 1.0)
    shift = _per_feature(beta, "beta", features, 0.0)
    return _standardized(batch, axis=0, eps=_check_eps(eps)) * scale + shift


def layer_norm(x: Any, gamma: Any = None, beta: Any = None, eps: float = DEFAULT_EPS) -> np.ndarray:
    """LayerNorm over the last axis: each example normalised with its own mean and variance.

    As in ``torch.nn.LayerNorm(features)``: the statistics are taken over the features of one
    example (biased variance), the same in training and evaluation, and γ, β act per feature.

    Args:
        x: one example (features,) or a batch (samples, features).
        gamma: the scale γ, one per feature (a single number applies to all); default 1.
        beta: the shift β, one per feature (a single number applies to all); default 0.
        eps: ε, added to the variance inside the square root.

    Returns:
        The normalised input, same shape as ``x``.

    Raises:
        ValueError: for an input that is not 1-D or 2-D, fewer than two features, γ or β of
            the wrong length, or a negative ε.
    """
    values = finite_array(x, "x")
    if values.ndim not in (1, 2) or values.shape[-1] < 2:
        raise ValueError(f"x must be 1-D or 2-D with at least 2 features, got {values.shape}")
    features = values.shape[-1]
    scale = _per_feature(gamma, "gamma", features, 1.0)
    shift = _per_feature(beta, "beta", features, 0.0)
    return _standardized(values, axis=-1, eps=_check_eps(eps)) * scale + shift
