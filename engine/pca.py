"""Principal component analysis by the SVD of the centred data.

With ``X - mean = U S Vᵀ`` (n samples, d features): the components are the
first rows of ``Vᵀ``, the explained variances are ``S² / (n - 1)`` (the
eigenvalues of the sample covariance), and each ratio divides by the total
variance ``Σ S² / (n - 1)``. A component's sign is fixed so that its entry of
largest magnitude is positive (as scikit-learn does since 1.5), which makes the
result deterministic and comparable with a hand calculation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class PCAResult:
    """A fitted PCA.

    Attributes:
        mean: the per-feature mean, shape (d,).
        components: the principal axes, one per row, shape (k, d), orthonormal.
        explained_variance: the variance along each axis (sample covariance, n - 1), shape (k,).
        explained_variance_ratio: each variance over the total variance, shape (k,).
        singular_values: the singular values of the centred data, shape (k,).
    """

    mean: np.ndarray
    components: np.ndarray
    explained_variance: np.ndarray
    explained_variance_ratio: np.ndarray
    singular_values: np.ndarray

    @property
    def n_components(self) -> int:
        """How many components were kept."""
        return int(self.components.shape[0])


def _data(X: Any, name: str = "X") -> np.ndarray:
    try:
        array = np.asarray(X, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be an array of numbers, got {X!r}") from None
    if array.size == 0:
        raise ValueError(f"{name} is empty")
    if array.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array (one row per sample), got {array.ndim}-D")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} contains NaN or infinity")
    return array


def covariance(X: Any, ddof: int = 1) -> np.ndarray:
    """The covariance matrix of the features: ``(X - mean)ᵀ(X - mean) / (n - ddof)``.

    Args:
        X: data, shape (n, d), one row per sample.
        ddof: 1 for the sample covariance (the default), 0 for the population one.

    Returns:
        The d×d covariance matrix.
    """
    data = _data(X)
    if isinstance(ddof, bool) or not isinstance(ddof, int | np.integer) or ddof < 0:
        raise ValueError(f"ddof must be a non-negative integer, got {ddof!r}")
    if data.shape[0] - ddof <= 0:
        raise ValueError(f"X needs more than ddof = {ddof} samples, got {data.shape[0]}")
    centred = data - data.mean(axis=0)
    return centred.T @ centred / (data.shape[0] - ddof)


def fit(X: Any, n_components: int) -> PCAResult:
    """Fit PCA with ``n_components`` axes.

    Args:
        X: data, shape (n, d), n >= 2.
        n_components: how many axes to keep, 1 <= n_components <= min(n, d).

    Returns:
        A :class:`PCAResult`.
    """
    data = _data(X)
    samples, features = data.shape
    if samples < 2:
        raise ValueError(f"X needs at least 2 samples for a sample covariance, got {samples}")
    limit = min(samples, features)
    if (
        isinstance(n_components, bool)
        or not isinstance(n_components, int | np.integer)
        or not 1 <= n_components <= limit
    ):
        raise ValueError(f"n_components must be an integer in [1, {limit}], got {n_components!r}")
    mean = data.mean(axis=0)
    _, singular_values, vt = np.linalg.svd(data - mean, full_matrices=False)
    largest = np.argmax(np.abs(vt), axis=1)
    signs = np.sign(vt[np.arange(vt.shape[0]), largest])
    vt = vt * signs[:, np.newaxis]
    variances = singular_values**2 / (samples - 1)
    total = variances.sum()
    if total == 0:
        raise ValueError("X has zero variance: every sample is the same")
    return PCAResult(
        mean=mean,
        components=vt[:n_components],
        explained_variance=variances[:n_components],
        explained_variance_ratio=variances[:n_components] / total,
        singular_values=singular_values[:n_components],
    )


def _matching(result: PCAResult, X: Any) -> np.ndarray:
    data = _data(X)
    if data.shape[1] != result.mean.shape[0]:
        raise ValueError(
            f"X has {data.shape[1]} features but the PCA was fitted on {result.mean.shape[0]}"
        )
    return data


def transform(result: PCAResult, X: Any) -> np.ndarray:
    """Project onto the components: ``Z = (X - mean) Wᵀ``, W the components.

    Args:
        result: a fitted PCA.
        X: data, shape (m, d).

    Returns:
        Scores, shape (m, k).
    """
    return (_matching(result, X) - result.mean) @ result.components.T


def inverse_transform(result: PCAResult, Z: Any) -> np.ndarray:
    """Map scores back to feature space: ``X̂ = Z W + mean``.

    Args:
        result: a fitted PCA.
        Z: scores, shape (m, k).

    Returns:
        The reconstruction, shape (m, d).
    """
    scores = _data(Z, "Z")
    if scores.shape[1] != result.n_components:
        raise ValueError(
            f"Z has {scores.shape[1]} columns but the PCA has {result.n_components} components"
        )
    return scores @ result.components + result.mean


def reconstruction_error(result: PCAResult, X: Any) -> float:
    """Mean squared reconstruction error per sample: ``(1/m) Σ_i ‖x_i - x̂_i‖²``.

    ``x̂`` is the projection onto the components and back. On the data the PCA
    was fitted on it equals ``(n-1)/n`` times the sum of the discarded
    explained variances.

    Args:
        result: a fitted PCA.
        X: data, shape (m, d).

    Returns:
        The error.
    """
    data = _matching(result, X)
    reconstruction = inverse_transform(result, transform(result, data))
    return float(np.mean(np.sum((data - reconstruction) ** 2, axis=1)))
