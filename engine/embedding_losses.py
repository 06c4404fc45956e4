"""Losses that compare embeddings: the pairwise contrastive loss, the triplet margin loss and
InfoNCE (NT-Xent).

Each follows one stated definition, because the conventions differ between papers and
libraries and an interviewer's number depends on them:

- :func:`contrastive` is Hadsell, Chopra and LeCun's (2006) loss with its factor ½, a
  Euclidean distance, label 1 for a similar pair (the paper writes Y = 0 for similar; TensorFlow
  Addons uses 1 for similar and drops the ½), averaged over the pairs.
- :func:`triplet_margin` is PyTorch's ``torch.nn.TripletMarginLoss``: Euclidean distances
  computed as ``‖x − y + eps‖₂`` (``torch.nn.functional.pairwise_distance``, eps = 10⁻⁶),
  ``max(0, d(a, p) − d(a, n) + margin)``, averaged over the triplets (``reduction="mean"``).
- :func:`info_nce` is the InfoNCE loss of one anchor as SimCLR's NT-Xent writes it: cosine
  similarities divided by a temperature, then the softmax cross-entropy (natural log) with the
  positive as the correct class; the positive is part of the denominator.

Bad input (mismatched shapes, labels other than 0/1, a non-positive margin or temperature, a
zero vector where a cosine is needed) raises :class:`ValueError` naming the argument.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from engine._checks import finite_array
from engine.losses import logsumexp

#: ``eps`` of ``torch.nn.TripletMarginLoss`` and ``torch.nn.functional.pairwise_distance``: it is
#: added to every coordinate difference before the norm, so a distance is never exactly zero.
PYTORCH_PAIRWISE_EPS = 1e-6


def _rows(value: Any, name: str) -> np.ndarray:
    """A finite float array of shape (rows, features); a single vector is one row."""
    array = finite_array(value, name)
    if array.ndim == 1:
        array = array[np.newaxis, :]
    if array.ndim != 2:
        raise ValueError(f"{name} must be a vector or a matrix of row vectors, got {array.ndim}-D")
    return array


def _same_shape(arrays: dict[str, np.ndarray]) -> None:
    shapes = {name: array.shape for name, array in arrays.items()}
    if len(set(shapes.values())) != 1:
        listed = ", ".join(f"{name} {shape}" for name, shape in shapes.items())
        raise ValueError(f"the embeddings must have the same shape, got {listed}")


def pairwise_distance(first: Any, second: Any, eps: float = 0.0) -> np.ndarray:
    """Euclidean distance between corresponding rows, ``‖xᵢ − yᵢ + eps‖₂``.

    With ``eps = PYTORCH_PAIRWISE_EPS`` this is ``torch.nn.functional.pairwise_distance`` with
    ``p = 2``; with the default 0 it is the plain Euclidean distance.

    Args:
        first: one vector or a matrix whose rows are vectors.
        second: the same shape as ``first``.
        eps: added to every coordinate difference before the norm.

    Returns:
        One distance per row.

    Raises:
        ValueError: for mismatched shapes or non-finite input.
    """
    x, y = _rows(first, "first"), _rows(second, "second")
    _same_shape({"first": x, "second": y})
    return np.sqrt(((x - y + eps) ** 2).sum(axis=1))


def _labels(similar: Any, pairs: int) -> np.ndarray:
    labels = np.atleast_1d(finite_array(similar, "similar")).ravel()
    if labels.size != pairs:
        raise ValueError(f"similar must hold one label per pair ({pairs}), got {labels.size}")
    if not np.all((labels == 0) | (labels == 1)):
        raise ValueError("similar must hold 1 (similar pair) or 0 (dissimilar pair)")
    return labels


def _positive(value: float, name: str) -> float:
    number = float(value)
    if not np.isfinite(number) or number <= 0:
        raise ValueError(f"{name} must be a positive number, got {value!r}")
    return number


def contrastive_terms(first: Any, second: Any, similar: Any, margin: float = 1.0) -> np.ndarray:
    """Each pair's contrastive loss, ½·d² if similar, ½·max(0, m − d)² if dissimilar.

    A similar pair is pulled together in proportion to its squared distance; a dissimilar pair
    is pushed apart only while it is closer than the margin m (Hadsell, Chopra and LeCun, 2006).

    Args:
        first: the pairs' first embeddings, one per row.
        second: the pairs' second embeddings, the same shape.
        similar: one label per pair, 1 for a similar pair and 0 for a dissimilar one.
        margin: the distance beyond which a dissimilar pair costs nothing (> 0).

    Returns:
        One loss per pair.

    Raises:
        ValueError: for mismatched shapes, labels other than 0/1, or a non-positive margin.
    """
    distance = pairwise_distance(first, second)
    labels = _labels(similar, distance.size)
    m = _positive(margin, "margin")
    pull = 0.5 * distance**2
    push = 0.5 * np.maximum(0.0, m - distance) ** 2
    return np.where(labels == 1, pull, push)


def contrastive(first: Any, second: Any, similar: Any, margin: float = 1.0) -> float:
    """The mean contrastive loss over the pairs (see :func:`contrastive_terms`).

    Args:
        first: the pairs' first embeddings, one per row.
        second: the pairs' second embeddings, the same shape.
        similar: one label per pair, 1 for a similar pair and 0 for a dissimilar one.
        margin: the distance beyond which a dissimilar pair costs nothing (> 0).

    Returns:
        The mean over the pairs of ½·y·d² + ½·(1 − y)·max(0, m − d)².
    """
    return float(np.mean(contrastive_terms(first, second, similar, margin)))


def triplet_margin_terms(
    anchor: Any,
    positive: Any,
    negative: Any,
    margin: float = 1.0,
    eps: float = PYTORCH_PAIRWISE_EPS,
    swap: bool = False,
) -> np.ndarray:
    """Each triplet's loss as ``torch.nn.TripletMarginLoss(reduction="none")`` gives it.

    ``max(0, d(a, p) − d(a, n) + margin)`` with Euclidean distances ``‖x − y + eps‖₂``: the
    negative must lie farther from the anchor than the positive does, by at least the margin.

    Args:
        anchor: the anchors, one per row.
        positive: embeddings of the anchors' own identity, the same shape.
        negative: embeddings of another identity, the same shape.
        margin: the required gap between the two distances (> 0; PyTorch's default is 1).
        eps: added to each coordinate difference, as PyTorch does (10⁻⁶).
        swap: Balntas et al.'s distance swap: use min(d(a, n), d(p, n)) as the negative
            distance, as PyTorch does with ``swap=True``.

    Returns:
        One loss per triplet.

    Raises:
        ValueError: for mismatched shapes or a non-positive margin.
    """
    a, p, n = _rows(anchor, "anchor"), _rows(positive, "positive"), _rows(negative, "negative")
    _same_shape({"anchor": a, "positive": p, "negative": n})
    m = _positive(margin, "margin")
    to_positive = pairwise_distance(a, p, eps)
    to_negative = pairwise_distance(a, n, eps)
    if swap:
        to_negative = np.minimum(to_negative, pairwise_distance(p, n, eps))
    return np.maximum(0.0, to_positive - to_negative + m)


def triplet_margin(
    anchor: Any,
    positive: Any,
    negative: Any,
    margin: float = 1.0,
    eps: float = PYTORCH_PAIRWISE_EPS,
    swap: bool = False,
) -> float:
    """The mean triplet margin loss, ``torch.nn.TripletMarginLoss()`` with ``p = 2``.

    Args:
        anchor: the anchors, one per row.
        positive: embeddings of the anchors' own identity, the same shape.
        negative: embeddings of another identity, the same shape.
        margin: the required gap between the two distances (> 0; PyTorch's default is 1).
        eps: added to each coordinate difference, as PyTorch does (10⁻⁶).
        swap: use min(d(a, n), d(p, n)) as the negative distance (PyTorch's ``swap``).

    Returns:
        The mean over the triplets of max(0, d(a, p) − d(a, n) + margin).
    """
    return float(np.mean(triplet_margin_terms(anchor, positive, negative, margin, eps, swap)))


def cosine_similarities(anchor: Any, candidates: Any) -> np.ndarray:
    """Cosine similarity of one anchor with each candidate, a·k / (‖a‖·‖k‖).

    Args:
        anchor: one vector.
        candidates: one vector or a matrix of row vectors of the anchor's length.

    Returns:
        One similarity in [−1, 1] per candidate.

    Raises:
        ValueError: for a zero vector (no direction), a length mismatch or non-finite input.
    """
    a = finite_array(anchor, "anchor").ravel()
    k = _rows(candidates, "candidates")
    if k.shape[1] != a.size:
        raise ValueError(f"candidates must have {a.size} features, got {k.shape[1]}")
    norms = np.linalg.norm(k, axis=1)
    if np.linalg.norm(a) == 0 or np.any(norms == 0):
        raise ValueError("a cosine similarity needs non-zero vectors")
    return (k @ a) / (norms * np.linalg.norm(a))


def info_nce(anchor: Any, positive: Any, negatives: Any, temperature: float) -> float:
    """InfoNCE (NT-Xent) of one anchor with one positive and one or more negatives.

    With cosine similarities s⁺ (positive) and sⱼ (negatives) and temperature τ:
    L = −ln( exp(s⁺/τ) / (exp(s⁺/τ) + Σⱼ exp(sⱼ/τ)) ), the softmax cross-entropy of the
    logits s/τ with the positive as the correct class. It is computed as
    LSE(s/τ) − s⁺/τ with :func:`engine.losses.logsumexp`, which subtracts the maximum, so a
    small τ cannot overflow.

    Args:
        anchor: the anchor's embedding.
        positive: the embedding of its positive (another view of the same example).
        negatives: one negative or a matrix of negatives, one per row.
        temperature: τ > 0; smaller values sharpen the softmax.

    Returns:
        The loss, in nats.

    Raises:
        ValueError: for a zero vector, mismatched lengths or a non-positive temperature.
    """
    tau = _positive(temperature, "temperature")
    positive_row, negative_rows = _rows(positive, "positive"), _rows(negatives, "negatives")
    if positive_row.shape[0] != 1:
        raise ValueError("positive must be a single vector")
    if positive_row.shape[1] != negative_rows.shape[1]:
        raise ValueError(
            f"positive and negatives must have the same length, got {positive_row.shape[1]} "
            f"and {negative_rows.shape[1]}"
        )
    candidates = np.vstack([positive_row, negative_rows])
    logits = cosine_similarities(anchor, candidates) / tau
    return logsumexp(logits) - float(logits[0])
