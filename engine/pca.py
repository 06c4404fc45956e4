"""Principal component analysis by the SVD of the centred data.

With ``X - mean = U S Vᵀ`` (n samples, d features): the components are the
first rows of ``Vᵀ``, the explained variances are ``S² / (n - 1)`` (the
eigenvalues of the sample covariance), and each ratio divides by the total
variance ``Σ S² / (n - 1)``. A component's sign is fixed so that its entry of
largest magnitude is positive (as scikit-learn does since 1.5), which makes the
result deterministic and comparable with a hand calculation.

Beyond the fit: whitened scores (scikit-learn's ``PCA(whiten=True)``), the same fit
through the n×n Gram matrix when there are far fewer samples than features, and the
noise variance of probabilistic PCA.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from engine._checks import whole_number


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
    if not whole_number(ddof, 0):
        raise ValueError(f"ddof must be a non-negative integer, got {ddof!r}")
    if data.shape[0] - ddof <= 0:
        raise ValueError(f"X needs more than ddof = {ddof} samples, got {data.shape[0]}")
    centred = data - data.mean(axis=0)
    return centred.T @ centred / (data.shape[0] - ddof)


def _signed(components: np.ndarray) -> np.ndarray:
    """The components (one per row) with each row's largest-magnitude entry made positive,
    as scikit-learn's ``svd_flip(u_based_decision=False)``: a component's sign is arbitrary,
    and this fixes one so that results can be compared."""
    largest = np.argmax(np.abs(components), axis=1)
    signs = np.sign(components[np.arange(components.shape[0]), largest])
    return components * signs[:, np.newaxis]


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
    if not whole_number(n_components, 1, limit):
        raise ValueError(f"n_components must be an integer in [1, {limit}], got {n_components!r}")
    mean = data.mean(axis=0)
    _, singular_values, vt = np.linalg.svd(data - mean, full_matrices=False)
    vt = _signed(vt)
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


def whiten(result: PCAResult, X: Any) -> np.ndarray:
    """Whitened scores: each score divided by the standard deviation of its component.

    ``W = (X - mean) Vᵀ / √explained_variance``, as scikit-learn's ``PCA(whiten=True)``
    transforms data: the explained variance is the sample variance (divided by n - 1),
    so the whitened training scores have unit sample variance and no correlation. The
    scores stay in component coordinates (PCA whitening, not ZCA, which would rotate
    them back with V).

    Args:
        result: a fitted PCA whose kept components all have a positive variance.
        X: data, shape (m, d).

    Returns:
        Whitened scores, shape (m, k).
    """
    if np.any(result.explained_variance <= 0):
        raise ValueError("cannot whiten a component with zero variance")
    return transform(result, X) / np.sqrt(result.explained_variance)


#: Eigenvalues of the Gram matrix below this fraction of the largest are zero (rounding
#: leaves about 1e-16 of the largest where the exact value is 0).
_RANK_TOLERANCE = 1e-10


def fit_gram(X: Any, n_components: int) -> PCAResult:
    """Fit PCA through the n×n Gram matrix of the centred data, for n samples ≪ d features.

    With ``Xc = X - mean`` and ``Xc Xcᵀ u = μ u`` (u a unit vector),
    ``Xcᵀ Xc (Xcᵀ u) = μ (Xcᵀ u)`` and ``‖Xcᵀ u‖ = √μ``: the component is ``Xcᵀ u / √μ``
    and its explained variance ``μ / (n - 1)``. This decomposes an n×n matrix instead of
    the d×d covariance and gives the same result as :func:`fit` (components signed the
    same way). Centring leaves at most n - 1 nonzero eigenvalues.

    Args:
        X: data, shape (n, d), n >= 2.
        n_components: how many axes to keep, at most the number of nonzero eigenvalues
            (the rank of the centred data).

    Returns:
        A :class:`PCAResult`.
    """
    data = _data(X)
    samples = data.shape[0]
    if samples < 2:
        raise ValueError(f"X needs at least 2 samples for a sample covariance, got {samples}")
    mean = data.mean(axis=0)
    centred = data - mean
    gram = centred @ centred.T
    eigenvalues, eigenvectors = np.linalg.eigh(gram)
    order = np.argsort(eigenvalues)[::-1]
    eigenvalues, eigenvectors = eigenvalues[order], eigenvectors[:, order]
    if eigenvalues[0] <= 0:
        raise ValueError("X has zero variance: every sample is the same")
    rank = int(np.sum(eigenvalues > _RANK_TOLERANCE * eigenvalues[0]))
    if not whole_number(n_components, 1, rank):
        raise ValueError(
            f"n_components must be an integer in [1, {rank}] (the rank of the centred "
            f"data), got {n_components!r}"
        )
    kept = eigenvalues[:n_components]
    components = _signed((centred.T @ eigenvectors[:, :n_components] / np.sqrt(kept)).T)
    return PCAResult(
        mean=mean,
        components=components,
        explained_variance=kept / (samples - 1),
        explained_variance_ratio=kept / np.trace(gram),
        singular_values=np.sqrt(kept),
    )


def ppca_noise_variance(eigenvalues: Any, n_components: int) -> float:
    """Probabilistic PCA's maximum-likelihood noise variance: the mean discarded eigenvalue.

    In the model ``x = W z + mean + ε`` with ``z ~ N(0, I_q)`` and isotropic noise
    ``ε ~ N(0, σ² I_d)``, the likelihood is largest at
    ``σ² = (λ_{q+1} + … + λ_d) / (d - q)`` (Tipping & Bishop, 1999): the variance the
    q-dimensional subspace leaves out, averaged over the dimensions it leaves out. With
    nothing left out (q = d) it is 0, as scikit-learn's ``PCA.noise_variance_`` reports.

    Args:
        eigenvalues: the d eigenvalues of the covariance matrix, in any order, all >= 0.
        n_components: q, how many latent dimensions the model keeps, 0 <= q <= d.

    Returns:
        σ².
    """
    values = np.asarray(eigenvalues, dtype=float)
    if values.ndim != 1 or values.size == 0:
        raise ValueError(f"eigenvalues must be a non-empty 1-D array, got shape {values.shape}")
    if not np.all(np.isfinite(values)) or np.any(values < 0):
        raise ValueError("eigenvalues of a covariance matrix are finite and non-negative")
    dims = values.size
    if not whole_number(n_components, 0, dims):
        raise ValueError(f"n_components must be an integer in [0, {dims}], got {n_components!r}")
    if n_components == dims:
        return 0.0
    discarded = np.sort(values)[::-1][n_components:]
    return float(discarded.mean())
