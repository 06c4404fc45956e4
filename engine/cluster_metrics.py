"""How good a clustering is: the silhouette (from the data alone) and the Rand index and
adjusted Rand index (against a second labeling).

Conventions follow scikit-learn's ``sklearn.metrics``:

- The silhouette of point i is ``s = (b − a) / max(a, b)``: a is its mean Euclidean distance
  to the *other* members of its own cluster, b the smallest mean distance to the members of
  another cluster. A point alone in its cluster has s = 0 (``silhouette_samples``).
- The Rand index is the share of the n(n − 1)/2 pairs of points on which two labelings agree
  (together in both or apart in both); the adjusted Rand index (Hubert and Arabie, 1985) is
  ``(index − expected) / (max − expected)`` with the pair counts of the contingency table.
  Two labelings that agree on every pair score 1 (scikit-learn's special case for the one
  partition where max equals expected: all points in one cluster, or each alone, in both).
- Label values are names only: renaming the clusters of either labeling changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.kmeans import distance_matrix


def _label_codes(labels: Any, name: str, size: int | None = None) -> np.ndarray:
    """The labels as codes 0..m−1 in the order of their sorted values."""
    array = np.asarray(labels)
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D sequence of labels")
    if size is not None and array.size != size:
        raise ValueError(f"{name} must hold one label per point ({size}), got {array.size}")
    return np.unique(array, return_inverse=True)[1].ravel()


@dataclass(frozen=True)
class Silhouette:
    """The silhouette of every point, with its two ingredients.

    Attributes:
        a: mean distance from each point to the other members of its cluster (0 for a point
            alone in its cluster), shape (n,).
        b: smallest mean distance from each point to the members of another cluster, shape (n,).
        nearest_other: the cluster code (0..m−1, in sorted label order) that gives b, shape (n,).
        values: ``(b − a) / max(a, b)``, 0 for a point alone in its cluster, shape (n,).
    """

    a: np.ndarray
    b: np.ndarray
    nearest_other: np.ndarray
    values: np.ndarray


def silhouette(X: Any, labels: Any) -> Silhouette:
    """The silhouette of each point with Euclidean distances, as scikit-learn's
    ``silhouette_samples``, keeping a and b so that a worked solution can show them.

    Args:
        X: points, shape (n, d); a 1-D input is n points on a line.
        labels: the cluster of each point, shape (n,); between 2 and n − 1 distinct values
            (with one cluster, or every point alone, there is no "other cluster" to compare).

    Returns:
        A :class:`Silhouette`.
    """
    distances = distance_matrix(X, X)  # Euclidean, every point to every point
    n = distances.shape[0]
    codes = _label_codes(labels, "labels", n)
    clusters = int(codes.max()) + 1
    if not 2 <= clusters <= n - 1:
        raise ValueError(
            f"the silhouette needs between 2 and n − 1 = {n - 1} clusters, got {clusters}"
        )
    sizes = np.bincount(codes, minlength=clusters)
    # sum of the distances from each point to each cluster: (n, clusters)
    sums = np.stack([distances[:, codes == c].sum(axis=1) for c in range(clusters)], axis=1)
    own = np.arange(n), codes
    others = sizes[codes] - 1  # the point itself is a member at distance 0, not a neighbour
    a = np.divide(sums[own], others, out=np.zeros(n), where=others > 0)
    means = sums / sizes[np.newaxis, :]
    means[own] = np.inf
    nearest_other = np.argmin(means, axis=1)
    b = means[np.arange(n), nearest_other]
    larger = np.maximum(a, b)
    values = np.divide(b - a, larger, out=np.zeros(n), where=larger > 0)
    values[others == 0] = 0.0
    return Silhouette(a=a, b=b, nearest_other=nearest_other, values=values)


def silhouette_samples(X: Any, labels: Any) -> np.ndarray:
    """The silhouette of each point (see :func:`silhouette`).

    Args:
        X: points, shape (n, d).
        labels: the cluster of each point, shape (n,).

    Returns:
        The silhouettes, shape (n,), each in [−1, 1].
    """
    return silhouette(X, labels).values


def silhouette_score(X: Any, labels: Any) -> float:
    """The mean silhouette over all points, as scikit-learn's ``silhouette_score``.

    Args:
        X: points, shape (n, d).
        labels: the cluster of each point, shape (n,).

    Returns:
        The mean silhouette, in [−1, 1]; higher means tighter, better separated clusters.
    """
    return float(np.mean(silhouette(X, labels).values))


def contingency_table(first: Any, second: Any) -> np.ndarray:
    """How many points each pair of clusters shares: ``table[i, j]`` counts the points in
    cluster i of ``first`` and cluster j of ``second`` (clusters in sorted label order).

    Args:
        first: one labeling, shape (n,).
        second: another labeling of the same n points.

    Returns:
        An integer table, shape (clusters of first, clusters of second).
    """
    rows = _label_codes(first, "first")
    columns = _label_codes(second, "second", rows.size)
    table = np.zeros((rows.max() + 1, columns.max() + 1), dtype=int)
    np.add.at(table, (rows, columns), 1)
    return table


def _pairs(counts: np.ndarray) -> np.ndarray:
    """C(m, 2) = m(m − 1)/2 for each count m: the pairs within a group of m points."""
    return counts * (counts - 1) // 2


@dataclass(frozen=True)
class PairCounts:
    """The pair counts behind the (adjusted) Rand index.

    Attributes:
        total: C(n, 2), all pairs of points.
        together_both: Σᵢⱼ C(nᵢⱼ, 2), pairs in one cluster in both labelings.
        together_first: Σᵢ C(aᵢ, 2), pairs in one cluster of the first labeling (aᵢ row sums).
        together_second: Σⱼ C(bⱼ, 2), pairs in one cluster of the second (bⱼ column sums).
    """

    total: int
    together_both: int
    together_first: int
    together_second: int

    @property
    def expected(self) -> float:
        """The expected ``together_both`` for random labelings with the same cluster sizes."""
        return self.together_first * self.together_second / self.total

    @property
    def maximum(self) -> float:
        """The largest ``together_both`` could be, as Hubert and Arabie bound it."""
        return (self.together_first + self.together_second) / 2


def pair_counts(first: Any, second: Any) -> PairCounts:
    """Count the pairs of points the two labelings put together (see :class:`PairCounts`).

    Args:
        first: one labeling, shape (n,), n >= 2.
        second: another labeling of the same points.

    Returns:
        The :class:`PairCounts`.
    """
    table = contingency_table(first, second)
    n = int(table.sum())
    if n < 2:
        raise ValueError("pair counts need at least two points")
    return PairCounts(
        total=n * (n - 1) // 2,
        together_both=int(_pairs(table).sum()),
        together_first=int(_pairs(table.sum(axis=1)).sum()),
        together_second=int(_pairs(table.sum(axis=0)).sum()),
    )


def rand_index(first: Any, second: Any) -> float:
    """The Rand index: the share of pairs on which two labelings agree, as scikit-learn's
    ``rand_score``.

    Args:
        first: one labeling, shape (n,), n >= 2.
        second: another labeling of the same points.

    Returns:
        ``(together in both + apart in both) / C(n, 2)``, in [0, 1].
    """
    counts = pair_counts(first, second)
    apart_both = (
        counts.total - counts.together_first - counts.together_second + counts.together_both
    )
    return (counts.together_both + apart_both) / counts.total


def adjusted_rand_index(first: Any, second: Any) -> float:
    """The adjusted Rand index of Hubert and Arabie (1985), as scikit-learn's
    ``adjusted_rand_score``: the Rand index corrected for chance, 0 on average for random
    labelings and 1 for labelings that group the points alike.

    Args:
        first: one labeling, shape (n,), n >= 2.
        second: another labeling of the same points.

    Returns:
        ``(Σ C(nᵢⱼ, 2) − expected) / (max − expected)`` with expected
        ``Σ C(aᵢ, 2)·Σ C(bⱼ, 2) / C(n, 2)`` and max ``(Σ C(aᵢ, 2) + Σ C(bⱼ, 2)) / 2``;
        at least −0.5.
    """
    counts = pair_counts(first, second)
    spread = counts.maximum - counts.expected
    if spread == 0:
        # only when both put every point in one cluster, or both leave every point alone
        return 1.0
    return (counts.together_both - counts.expected) / spread
