"""k-means: distances, assignment, Lloyd's algorithm and the k-means++ weights.

Conventions:

- A tie in :func:`assign` goes to the center with the lowest index.
- An empty cluster keeps its old center (scikit-learn instead moves it to a far
  point; keeping it is simpler to reason about by hand and never loses a center).
- :func:`fit` runs Lloyd steps until the labels stop changing (scikit-learn's
  "strict convergence") or ``max_iter`` steps have run; ``n_iter`` counts the steps.
- Distances follow ``scipy.spatial.distance``: cosine is ``1 - cos``, and
  mahalanobis takes the *inverse* covariance ``VI``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine._checks import finite_array, whole_number

#: Relative size of floating-point noise tolerated in a Mahalanobis quadratic form.
ROUNDING_TOLERANCE = 1e-12


@dataclass(frozen=True)
class KMeansResult:
    """The outcome of :func:`fit`.

    Attributes:
        labels: the cluster index of each point, shape (n,).
        centers: the final centers, shape (k, d).
        inertia: Σ‖x_i - c_{label_i}‖², the within-cluster sum of squares.
        n_iter: how many Lloyd steps ran.
    """

    labels: np.ndarray
    centers: np.ndarray
    inertia: float
    n_iter: int


def _as_array(value: Any, name: str) -> np.ndarray:
    return finite_array(value, name)


def _points(value: Any, name: str) -> np.ndarray:
    """An (n, d) array; a 1-D input is n points on a line."""
    array = _as_array(value, name)
    if array.ndim == 1:
        array = array[:, np.newaxis]
    if array.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array (one row per point), got {array.ndim}-D")
    return array


def _data_and_centers(X: Any, centers: Any) -> tuple[np.ndarray, np.ndarray]:
    data = _points(X, "X")
    middles = _points(centers, "centers")
    if middles.shape[1] != data.shape[1]:
        raise ValueError(f"centers have {middles.shape[1]} features but X has {data.shape[1]}")
    return data, middles


def _vector_pair(a: Any, b: Any) -> tuple[np.ndarray, np.ndarray]:
    u = np.atleast_1d(_as_array(a, "a"))
    v = np.atleast_1d(_as_array(b, "b"))
    if u.ndim != 1 or u.shape != v.shape:
        raise ValueError(f"a and b must be vectors of the same length, got {u.shape} and {v.shape}")
    return u, v


def euclidean(a: Any, b: Any) -> float:
    """Euclidean distance ``sqrt(Σ (a_i - b_i)²)``.

    Args:
        a: a vector.
        b: a vector of the same length.

    Returns:
        The distance.
    """
    u, v = _vector_pair(a, b)
    return float(np.sqrt(np.sum((u - v) ** 2)))


def manhattan(a: Any, b: Any) -> float:
    """Manhattan (city-block) distance ``Σ |a_i - b_i|``.

    Args:
        a: a vector.
        b: a vector of the same length.

    Returns:
        The distance.
    """
    u, v = _vector_pair(a, b)
    return float(np.sum(np.abs(u - v)))


def chebyshev(a: Any, b: Any) -> float:
    """Chebyshev distance ``max_i |a_i - b_i|``.

    Args:
        a: a vector.
        b: a vector of the same length.

    Returns:
        The distance.
    """
    u, v = _vector_pair(a, b)
    return float(np.max(np.abs(u - v)))


def cosine(a: Any, b: Any) -> float:
    """Cosine distance ``1 - a·b / (‖a‖‖b‖)`` (between 0 and 2).

    Args:
        a: a non-zero vector.
        b: a non-zero vector of the same length.

    Returns:
        The distance.
    """
    u, v = _vector_pair(a, b)
    norms = np.linalg.norm(u) * np.linalg.norm(v)
    if norms == 0:
        raise ValueError("cosine distance is undefined for a zero vector")
    return float(1.0 - (u @ v) / norms)


def _inverse_covariance(VI: Any, size: int) -> np.ndarray:
    if VI is None:
        raise ValueError("mahalanobis needs VI, the inverse covariance matrix")
    matrix = _as_array(VI, "VI")
    if matrix.shape != (size, size):
        raise ValueError(f"VI must be a {size}×{size} matrix, got shape {matrix.shape}")
    return matrix


def mahalanobis(a: Any, b: Any, VI: Any) -> float:
    """Mahalanobis distance ``sqrt((a - b)ᵀ VI (a - b))``, VI the inverse covariance.

    Args:
        a: a vector.
        b: a vector of the same length.
        VI: the inverse covariance matrix (positive semi-definite).

    Returns:
        The distance.
    """
    u, v = _vector_pair(a, b)
    difference = u - v
    inverse = _inverse_covariance(VI, u.size)
    squared = _checked_quadratic_form(float(difference @ inverse @ difference), difference, inverse)
    return float(np.sqrt(squared))


def _checked_quadratic_form(squared: Any, difference: np.ndarray, inverse: np.ndarray) -> Any:
    """Clamp rounding noise below zero to zero; a clearly negative form means VI is not PSD."""
    noise = ROUNDING_TOLERANCE * np.sum(difference**2, axis=-1) * np.max(np.abs(inverse))
    if np.any(squared < -noise):
        raise ValueError("VI must be positive semi-definite: (a-b)ᵀ VI (a-b) is negative")
    return np.maximum(squared, 0.0)


_DISTANCES: dict[str, Callable[..., float]] = {
    "euclidean": euclidean,
    "manhattan": manhattan,
    "chebyshev": chebyshev,
    "cosine": cosine,
    "mahalanobis": mahalanobis,
}

#: The metric names :func:`distance` and :func:`assign` accept.
METRICS: tuple[str, ...] = tuple(_DISTANCES)


def _known(metric: str) -> str:
    if metric not in _DISTANCES:
        raise ValueError(f"unknown metric {metric!r}; expected one of {', '.join(METRICS)}")
    return metric


def distance(metric: str, a: Any, b: Any, VI: Any = None) -> float:
    """The distance between two vectors under ``metric``.

    Args:
        metric: one of :data:`METRICS`.
        a: a vector.
        b: a vector of the same length.
        VI: the inverse covariance, for (and only for) mahalanobis.

    Returns:
        The distance.
    """
    if _known(metric) == "mahalanobis":
        return mahalanobis(a, b, VI)
    if VI is not None:
        raise ValueError(f"VI is only used by mahalanobis, not {metric}")
    return _DISTANCES[metric](a, b)


def distance_matrix(X: Any, centers: Any, metric: str = "euclidean", VI: Any = None) -> np.ndarray:
    """Distances from every point to every center, shape (n, k).

    Args:
        X: points, shape (n, d).
        centers: centers, shape (k, d).
        metric: one of :data:`METRICS`.
        VI: the inverse covariance, for mahalanobis.

    Returns:
        ``D[i, j] = distance(metric, X[i], centers[j])``.
    """
    data, middles = _data_and_centers(X, centers)
    _known(metric)
    differences = data[:, np.newaxis, :] - middles[np.newaxis, :, :]
    if metric == "euclidean":
        return np.sqrt(np.sum(differences**2, axis=-1))
    if metric == "manhattan":
        return np.sum(np.abs(differences), axis=-1)
    if metric == "chebyshev":
        return np.max(np.abs(differences), axis=-1)
    if metric == "cosine":
        norms = np.linalg.norm(data, axis=1)[:, np.newaxis] * np.linalg.norm(middles, axis=1)
        if np.any(norms == 0):
            raise ValueError("cosine distance is undefined for a zero vector")
        return 1.0 - (data @ middles.T) / norms
    inverse = _inverse_covariance(VI, data.shape[1])
    squared = np.einsum("nkd,de,nke->nk", differences, inverse, differences)
    return np.sqrt(_checked_quadratic_form(squared, differences, inverse))


def assign(X: Any, centers: Any, metric: str = "euclidean", VI: Any = None) -> np.ndarray:
    """The index of the nearest center for each point (ties: the lowest index).

    Args:
        X: points, shape (n, d).
        centers: centers, shape (k, d).
        metric: one of :data:`METRICS`.
        VI: the inverse covariance, for mahalanobis.

    Returns:
        Integer labels, shape (n,).
    """
    return np.argmin(distance_matrix(X, centers, metric, VI), axis=1)


def _check_k(data: np.ndarray, middles: np.ndarray) -> None:
    if middles.shape[0] > data.shape[0]:
        raise ValueError(
            f"k = {middles.shape[0]} centers is more than the {data.shape[0]} points in X"
        )


def _update_centers(data: np.ndarray, labels: np.ndarray, middles: np.ndarray) -> np.ndarray:
    """Each center moves to the mean of its points; an empty cluster keeps its old center."""
    updated = middles.copy()
    for cluster in range(middles.shape[0]):
        members = data[labels == cluster]
        if len(members):
            updated[cluster] = members.mean(axis=0)
    return updated


def lloyd_step(X: Any, centers: Any) -> tuple[np.ndarray, np.ndarray]:
    """One Lloyd iteration: assign each point to its nearest center (Euclidean), then
    move every center to the mean of its points. An empty cluster keeps its old center.

    Args:
        X: points, shape (n, d).
        centers: the current centers, shape (k, d), k <= n.

    Returns:
        ``(labels, new_centers)``: the labels under the *current* centers, and the new centers.
    """
    data, middles = _data_and_centers(X, centers)
    _check_k(data, middles)
    labels = assign(data, middles)
    return labels, _update_centers(data, labels, middles)


def inertia(X: Any, labels: Any, centers: Any) -> float:
    """Within-cluster sum of squares ``Σ_i ‖x_i - c_{label_i}‖²``.

    Args:
        X: points, shape (n, d).
        labels: the cluster index of each point, shape (n,).
        centers: the centers, shape (k, d).

    Returns:
        The inertia.
    """
    data, middles = _data_and_centers(X, centers)
    indices = np.asarray(labels)
    if indices.shape != (data.shape[0],):
        raise ValueError(f"labels must hold one label per point ({data.shape[0]})")
    if not np.issubdtype(indices.dtype, np.integer):
        if np.issubdtype(indices.dtype, np.floating) and np.all(indices == np.round(indices)):
            indices = indices.astype(int)
        else:
            raise ValueError("labels must be integers")
    if np.any(indices < 0) or np.any(indices >= middles.shape[0]):
        raise ValueError(f"labels must lie in [0, {middles.shape[0] - 1}]")
    return float(np.sum((data - middles[indices]) ** 2))


def fit(X: Any, init_centers: Any, max_iter: int = 300) -> KMeansResult:
    """Lloyd's algorithm from the given centers until the labels stop changing.

    Each step is :func:`lloyd_step`. It stops on the first step whose labels equal
    the previous step's (the centers are then a fixed point), or after
    ``max_iter`` steps, in which case the labels are recomputed for the final
    centers so that labels, centers and inertia always agree.

    Args:
        X: points, shape (n, d).
        init_centers: the starting centers, shape (k, d), k <= n.
        max_iter: the most Lloyd steps to run, >= 1.

    Returns:
        A :class:`KMeansResult`.
    """
    data, centers = _data_and_centers(X, init_centers)
    _check_k(data, centers)
    if not whole_number(max_iter, 1):
        raise ValueError(f"max_iter must be a positive integer, got {max_iter!r}")
    previous = None
    converged = False
    n_iter = 0
    for n_iter in range(1, max_iter + 1):  # noqa: B007 - n_iter is reported after the loop
        labels, centers = lloyd_step(data, centers)
        if previous is not None and np.array_equal(labels, previous):
            converged = True
            break
        previous = labels
    if not converged:
        labels = assign(data, centers)
    return KMeansResult(
        labels=labels, centers=centers, inertia=inertia(data, labels, centers), n_iter=n_iter
    )


def kmeanspp_probabilities(X: Any, chosen: Sequence[int] | Any) -> np.ndarray:
    """The k-means++ probability of picking each point as the next center.

    ``p_i = D(x_i)² / Σ_j D(x_j)²``, D the Euclidean distance to the nearest
    center chosen so far (chosen points themselves get 0). With nothing chosen
    yet, every point is equally likely (the first center is drawn uniformly).

    Args:
        X: points, shape (n, d).
        chosen: either the indices of the points already chosen (a 1-D sequence of
            integers) or the chosen centers themselves (a 2-D array).

    Returns:
        Probabilities, shape (n,), summing to 1.
    """
    data = _points(X, "X")
    selection = np.asarray(chosen)
    if selection.size == 0:
        return np.full(data.shape[0], 1.0 / data.shape[0])
    if selection.ndim == 1:
        if not np.issubdtype(selection.dtype, np.integer):
            raise ValueError("chosen must be point indices (integers) or a 2-D array of centers")
        if np.any(selection < 0) or np.any(selection >= data.shape[0]):
            raise ValueError(f"chosen indices must lie in [0, {data.shape[0] - 1}]")
        centers = data[selection]
    else:
        _, centers = _data_and_centers(data, selection)
    differences = data[:, np.newaxis, :] - centers[np.newaxis, :, :]
    squared = np.min(np.sum(differences**2, axis=-1), axis=1)
    total = squared.sum()
    if total == 0:
        raise ValueError("every point of X coincides with a chosen center")
    return squared / total


@dataclass(frozen=True)
class MiniBatchStep:
    """The outcome of :func:`minibatch_step`.

    Attributes:
        labels: the nearest center of each batch point under the centers *before* the step,
            shape (b,).
        centers: the centers after the step, shape (k, d).
        counts: how many points each center has absorbed, this batch included, shape (k,).
    """

    labels: np.ndarray
    centers: np.ndarray
    counts: np.ndarray


def minibatch_step(batch: Any, centers: Any, counts: Any) -> MiniBatchStep:
    """One step of mini-batch k-means with per-center counts (Sculley, 2010), as
    scikit-learn's ``MiniBatchKMeans`` takes it.

    Every batch point is first assigned to its nearest center (Euclidean, ties to the lowest
    index) under the centers before the step. Then each point x assigned to center c
    increments c's count v and moves it by ``c ← (1 − η)·c + η·x`` with ``η = 1/v``. Point by
    point this is a running mean, so the result is the weighted mean
    ``(v_old·c + Σ x) / (v_old + m)`` of the old center (weight: its count) and its m new
    points, whatever their order; a center that receives no point keeps its place and count.
    scikit-learn computes exactly this weighted mean (``_minibatch_update_dense``); its
    random reassignment of centers with very low counts is a separate step, not done here.

    Args:
        batch: the mini-batch, shape (b, d).
        centers: the current centers, shape (k, d).
        counts: how many points each center has absorbed so far, shape (k,), non-negative
            integers; a center with count 0 jumps to the mean of its first points.

    Returns:
        A :class:`MiniBatchStep`: the labels, the new centers and the new counts.
    """
    data, middles = _data_and_centers(batch, centers)
    seen = _as_array(counts, "counts")
    if seen.shape != (middles.shape[0],):
        raise ValueError(f"counts must hold one count per center ({middles.shape[0]})")
    if np.any(seen < 0) or np.any(seen != np.round(seen)):
        raise ValueError("counts must be non-negative integers")
    labels = assign(data, middles)
    updated = middles.copy()
    new_counts = seen.copy()
    for cluster in range(middles.shape[0]):
        members = data[labels == cluster]
        if len(members):
            new_counts[cluster] = seen[cluster] + len(members)
            updated[cluster] = (seen[cluster] * middles[cluster] + members.sum(axis=0)) / (
                new_counts[cluster]
            )
    return MiniBatchStep(labels=labels, centers=updated, counts=new_counts)
