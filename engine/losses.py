"""The fifteen Keras losses, their analytic gradients and their symbolic forms.

Every loss follows Keras's definition (``keras.losses.<name>``) exactly: a
per-sample reduction over the last axis (a mean for the regression and hinge
losses, a sum for the categorical cross-entropies, KL divergence and cosine
similarity), then the mean over all samples (Keras's default reduction,
``"sum_over_batch_size"``). A 1-D input is a single sample. Where Keras clips
with its epsilon (``1e-7``), so do we, at the same place in the formula.

Input Keras would accept but cannot give a meaningful number for (a probability
outside ``[0, 1]``, a negative count, hinge labels other than -1, 0 and 1,
mismatched shapes, empty or non-finite arrays) raises :class:`ValueError` naming
the argument, rather than being silently clipped into a number.

Gradients (:func:`gradient`) are d loss / d y_pred of the returned float, so
they include the ``1/n`` of the final mean. At a clip boundary the gradient is
that of the clipped expression: zero where ``y_pred`` was moved by a clip, the
unclipped derivative where it was not. At a kink (hinge, MAE, Huber's switch
point) the one-sided value named in each function's docstring is returned.

SymPy is only imported by :func:`symbolic`, so importing this module is cheap.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from engine._checks import finite_array

if TYPE_CHECKING:
    import sympy

#: Keras's fuzz factor, ``keras.backend.epsilon()``.
EPSILON = 1e-7

_LOG_2 = float(np.log(2.0))


# --------------------------------------------------------------------------- input checks


def _as_array(value: Any, name: str) -> np.ndarray:
    """Convert to a finite, non-empty float array of at least one dimension."""
    return np.atleast_1d(finite_array(value, name))


def _pair(y_true: Any, y_pred: Any) -> tuple[np.ndarray, np.ndarray]:
    """Both arrays, checked to have the same shape."""
    true = _as_array(y_true, "y_true")
    pred = _as_array(y_pred, "y_pred")
    if true.shape != pred.shape:
        raise ValueError(
            f"y_true and y_pred must have the same shape, got {true.shape} and {pred.shape}"
        )
    return true, pred


def _require_range(array: np.ndarray, name: str, low: float, high: float | None, loss: str):
    """Raise unless every entry lies in ``[low, high]`` (``high=None``: no upper bound)."""
    if np.any(array < low) or (high is not None and np.any(array > high)):
        bound = f"in [{low:g}, {high:g}]" if high is not None else f">= {low:g}"
        raise ValueError(f"{loss} needs every value of {name} {bound}")


def _check_smoothing(label_smoothing: float) -> float:
    if not 0.0 <= label_smoothing <= 1.0:
        raise ValueError(f"label_smoothing must be in [0, 1], got {label_smoothing!r}")
    return float(label_smoothing)


def _mean_of_means(elementwise: np.ndarray) -> float:
    """Mean over the last axis, then over the samples: the mean of all entries."""
    return float(np.mean(np.mean(elementwise, axis=-1)))


def _mean_of_sums(elementwise: np.ndarray) -> float:
    """Sum over the last axis, then mean over the samples."""
    return float(np.mean(np.sum(elementwise, axis=-1)))


def _samples(pred: np.ndarray) -> int:
    """How many samples (entries outside the last axis) an array holds."""
    return int(pred.size // pred.shape[-1])


def _clip_mask(values: np.ndarray, low: float, high: float) -> np.ndarray:
    """1.0 where a clip to ``[low, high]`` leaves the value alone, else 0.0."""
    return ((values >= low) & (values <= high)).astype(float)


def _softplus(x: np.ndarray) -> np.ndarray:
    """log(1 + e^x), without overflow."""
    return np.logaddexp(0.0, x)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    """1 / (1 + e^-x), without overflow."""
    exp_neg_abs = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + exp_neg_abs), exp_neg_abs / (1.0 + exp_neg_abs))


def _log_softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - np.max(logits, axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))


# --------------------------------------------------------------------------- regression


def mean_squared_error(y_true: Any, y_pred: Any) -> float:
    """Mean squared error: ``mean((y - ŷ)²)`` over the last axis, then over samples.

    Args:
        y_true: targets, same shape as ``y_pred``.
        y_pred: predictions.

    Returns:
        The loss.
    """
    true, pred = _pair(y_true, y_pred)
    return _mean_of_means((true - pred) ** 2)


def _mean_squared_error_gradient(y_true: Any, y_pred: Any) -> np.ndarray:
    true, pred = _pair(y_true, y_pred)
    return 2.0 * (pred - true) / pred.size


def mean_absolute_error(y_true: Any, y_pred: Any) -> float:
    """Mean absolute error: ``mean(|y - ŷ|)`` over the last axis, then over samples.

    The gradient at ``ŷ = y`` is taken as 0 (the subgradient at the kink).

    Args:
        y_true: targets, same shape as ``y_pred``.
        y_pred: predictions.

    Returns:
        The loss.
    """
    true, pred = _pair(y_true, y_pred)
    return _mean_of_means(np.abs(true - pred))


def _mean_absolute_error_gradient(y_true: Any, y_pred: Any) -> np.ndarray:
    true, pred = _pair(y_true, y_pred)
    return np.sign(pred - true) / pred.size


def mean_absolute_percentage_error(y_true: Any, y_pred: Any) -> float:
    """Mean absolute percentage error: ``100 · mean(|y - ŷ| / max(|y|, ε))``.

    As in Keras, the denominator is floored at ε = 1e-7, so a zero target gives a
    very large (but finite) loss. The gradient at ``ŷ = y`` is taken as 0.

    Args:
        y_true: targets, same shape as ``y_pred``.
        y_pred: predictions.

    Returns:
        The loss, in percent.
    """
    true, pred = _pair(y_true, y_pred)
    return 100.0 * _mean_of_means(np.abs(true - pred) / np.maximum(np.abs(true), EPSILON))


def _mean_absolute_percentage_error_gradient(y_true: Any, y_pred: Any) -> np.ndarray:
    true, pred = _pair(y_true, y_pred)
    return 100.0 * np.sign(pred - true) / np.maximum(np.abs(true), EPSILON) / pred.size


def _msle_inputs(y_true: Any, y_pred: Any) -> tuple[np.ndarray, np.ndarray]:
    true, pred = _pair(y_true, y_pred)
    _require_range(true, "y_true", 0.0, None, "mean_squared_logarithmic_error")
    _require_range(pred, "y_pred", 0.0, None, "mean_squared_logarithmic_error")
    return true, pred


def mean_squared_logarithmic_error(y_true: Any, y_pred: Any) -> float:
    """Mean squared logarithmic error: ``mean((log(max(ŷ,ε)+1) - log(max(y,ε)+1))²)``.

    Keras replaces values below ε by ε; negative values (for which Keras's own
    documentation says the loss is not defined) raise ValueError here. The
    gradient is zero where ``ŷ < ε`` (the clip holds ŷ still).

    Args:
        y_true: non-negative targets, same shape as ``y_pred``.
        y_pred: non-negative predictions.

    Returns:
        The loss.
    """
    true, pred = _msle_inputs(y_true, y_pred)
    difference = np.log1p(np.maximum(pred, EPSILON)) - np.log1p(np.maximum(true, EPSILON))
    return _mean_of_means(difference**2)


def _mean_squared_logarithmic_error_gradient(y_true: Any, y_pred: Any) -> np.ndarray:
    true, pred = _msle_inputs(y_true, y_pred)
    clipped = np.maximum(pred, EPSILON)
    difference = np.log1p(clipped) - np.log1p(np.maximum(true, EPSILON))
    return 2.0 * difference / (1.0 + clipped) * (pred >= EPSILON) / pred.size


def huber(y_true: Any, y_pred: Any, delta: float = 1.0) -> float:
    """Huber loss, mean over the last axis then over samples, with e = ŷ - y.

    ``½e²`` where ``|e| <= δ``, otherwise ``δ|e| - ½δ²``. Its gradient is ``e``
    inside and ``δ·sign(e)`` outside (continuous at ``|e| = δ``).

    Args:
        y_true: targets, same shape as ``y_pred``.
        y_pred: predictions.
        delta: the switch point δ > 0 from quadratic to linear.

    Returns:
        The loss.
    """
    true, pred = _pair(y_true, y_pred)
    delta = _check_delta(delta)
    error = pred - true
    absolute = np.abs(error)
    elementwise = np.where(absolute <= delta, 0.5 * error**2, delta * absolute - 0.5 * delta**2)
    return _mean_of_means(elementwise)


def _check_delta(delta: float) -> float:
    if not np.isfinite(delta) or delta <= 0:
        raise ValueError(f"delta must be a positive number, got {delta!r}")
    return float(delta)


def _huber_gradient(y_true: Any, y_pred: Any, delta: float = 1.0) -> np.ndarray:
    true, pred = _pair(y_true, y_pred)
    delta = _check_delta(delta)
    error = pred - true
    return np.where(np.abs(error) <= delta, error, delta * np.sign(error)) / pred.size


def log_cosh(y_true: Any, y_pred: Any) -> float:
    """Log-cosh loss: ``mean(log(cosh(ŷ - y)))`` over the last axis, then over samples.

    Computed as Keras does, ``x + softplus(-2x) - log 2``, which equals
    ``log cosh x`` without overflowing for large ``|x|``. Gradient: ``tanh(ŷ - y)``.

    Args:
        y_true: targets, same shape as ``y_pred``.
        y_pred: predictions.

    Returns:
        The loss.
    """
    true, pred = _pair(y_true, y_pred)
    error = pred - true
    return _mean_of_means(error + _softplus(-2.0 * error) - _LOG_2)


def _log_cosh_gradient(y_true: Any, y_pred: Any) -> np.ndarray:
    true, pred = _pair(y_true, y_pred)
    return np.tanh(pred - true) / pred.size


# --------------------------------------------------------------------------- hinge family


def _hinge_inputs(y_true: Any, y_pred: Any, loss: str) -> tuple[np.ndarray, np.ndarray]:
    """Labels in {-1, 0, 1}; if all of them are 0 or 1 they become -1 and 1 (as Keras)."""
    true, pred = _pair(y_true, y_pred)
    if not np.all(np.isin(true, (-1.0, 0.0, 1.0))):
        raise ValueError(f"{loss} needs y_true labels in {{-1, 1}} (or {{0, 1}})")
    if np.all(np.isin(true, (0.0, 1.0))):
        true = 2.0 * true - 1.0
    return true, pred


def hinge(y_true: Any, y_pred: Any) -> float:
    """Hinge loss: ``mean(max(0, 1 - y·ŷ))`` over the last axis, then over samples.

    Labels are -1/1; if every label is 0 or 1 they are first mapped to -1/1, as
    Keras does. Gradient: ``-y`` where ``1 - y·ŷ > 0``, else 0 (0 at the kink).

    Args:
        y_true: labels in {-1, 1} or {0, 1}, same shape as ``y_pred``.
        y_pred: scores.

    Returns:
        The loss.
    """
    true, pred = _hinge_inputs(y_true, y_pred, "hinge")
    return _mean_of_means(np.maximum(1.0 - true * pred, 0.0))


def _hinge_gradient(y_true: Any, y_pred: Any) -> np.ndarray:
    true, pred = _hinge_inputs(y_true, y_pred, "hinge")
    return -true * (1.0 - true * pred > 0) / pred.size


def squared_hinge(y_true: Any, y_pred: Any) -> float:
    """Squared hinge loss: ``mean(max(0, 1 - y·ŷ)²)``, labels as in :func:`hinge`.

    Gradient: ``-2y·max(0, 1 - y·ŷ)``.

    Args:
        y_true: labels in {-1, 1} or {0, 1}, same shape as ``y_pred``.
        y_pred: scores.

    Returns:
        The loss.
    """
    true, pred = _hinge_inputs(y_true, y_pred, "squared_hinge")
    return _mean_of_means(np.maximum(1.0 - true * pred, 0.0) ** 2)


def _squared_hinge_gradient(y_true: Any, y_pred: Any) -> np.ndarray:
    true, pred = _hinge_inputs(y_true, y_pred, "squared_hinge")
    return -2.0 * true * np.maximum(1.0 - true * pred, 0.0) / pred.size


def categorical_hinge(y_true: Any, y_pred: Any) -> float:
    """Categorical hinge loss per sample: ``max(0, 1 + neg - pos)``, then the mean.

    ``pos = Σ y·ŷ`` and ``neg = max((1 - y)·ŷ)`` over the last axis (one-hot
    ``y``). Gradient where the hinge is active: ``(1 - y_k)`` at the index k of
    ``neg`` (the first, on ties) minus ``y``; zero where it is not.

    Args:
        y_true: one-hot targets, same shape as ``y_pred``.
        y_pred: scores.

    Returns:
        The loss.
    """
    true, pred = _pair(y_true, y_pred)
    positive = np.sum(true * pred, axis=-1)
    negative = np.max((1.0 - true) * pred, axis=-1)
    return float(np.mean(np.maximum(negative - positive + 1.0, 0.0)))


def _categorical_hinge_gradient(y_true: Any, y_pred: Any) -> np.ndarray:
    true, pred = _pair(y_true, y_pred)
    others = (1.0 - true) * pred
    positive = np.sum(true * pred, axis=-1, keepdims=True)
    negative_index = np.argmax(others, axis=-1)[..., np.newaxis]
    negative = np.take_along_axis(others, negative_index, axis=-1)
    active = (negative - positive + 1.0 > 0).astype(float)
    picked = np.zeros_like(pred)
    np.put_along_axis(picked, negative_index, 1.0, axis=-1)
    return active * (picked * (1.0 - true) - true) / _samples(pred)


# --------------------------------------------------------------------------- probabilistic


def _categorical_inputs(
    y_true: np.ndarray, y_pred: np.ndarray, from_logits: bool, loss: str
) -> tuple[np.ndarray, np.ndarray]:
    if not from_logits:
        _require_range(y_pred, "y_pred", 0.0, None, loss)
        if np.any(np.sum(y_pred, axis=-1) <= 0):
            raise ValueError(f"{loss} needs every sample of y_pred to have a positive sum")
    return y_true, y_pred


def _categorical_value(target: np.ndarray, pred: np.ndarray, from_logits: bool) -> float:
    """Keras's ``ops.categorical_crossentropy``, averaged over samples."""
    if from_logits:
        log_probability = _log_softmax(pred)
    else:
        normalised = pred / np.sum(pred, axis=-1, keepdims=True)
        log_probability = np.log(np.clip(normalised, EPSILON, 1.0 - EPSILON))
    return _mean_of_sums(-target * log_probability)


def _categorical_gradient(target: np.ndarray, pred: np.ndarray, from_logits: bool) -> np.ndarray:
    """d/dŷ of the mean over samples of ``-Σ target·log(p)``.

    With probabilities, ``p = clip(ŷ / Σŷ, ε, 1-ε)``; the normalisation's
    Jacobian is ``(δ_jk - p_j) / Σŷ``. With logits, ``p = softmax(ŷ)`` and the
    gradient is the familiar ``softmax(ŷ)·Σtarget - target``.
    """
    samples = _samples(pred)
    if from_logits:
        probability = np.exp(_log_softmax(pred))
        return (probability * np.sum(target, axis=-1, keepdims=True) - target) / samples
    total = np.sum(pred, axis=-1, keepdims=True)
    normalised = pred / total
    clipped = np.clip(normalised, EPSILON, 1.0 - EPSILON)
    by_normalised = -target / clipped * _clip_mask(normalised, EPSILON, 1.0 - EPSILON)
    weighted = np.sum(by_normalised * normalised, axis=-1, keepdims=True)
    return (by_normalised - weighted) / total / samples


def _smooth_categorical(true: np.ndarray, label_smoothing: float) -> np.ndarray:
    label_smoothing = _check_smoothing(label_smoothing)
    return true * (1.0 - label_smoothing) + label_smoothing / true.shape[-1]


def categorical_crossentropy(
    y_true: Any, y_pred: Any, from_logits: bool = False, label_smoothing: float = 0.0
) -> float:
    """Categorical cross-entropy: ``-Σ y·log(p)`` over the last axis, then the mean.

    With probabilities (the default) ``p = clip(ŷ / Σŷ, ε, 1-ε)``: Keras first
    rescales each sample to sum to 1, then clips. With ``from_logits=True``,
    ``log p = log_softmax(ŷ)`` (no clipping). Label smoothing ``s`` replaces
    ``y`` by ``y(1-s) + s/C`` for C classes.

    Args:
        y_true: one-hot (or soft) targets, same shape as ``y_pred``.
        y_pred: probabilities (non-negative, positive sum per sample) or logits.
        from_logits: whether ``y_pred`` holds logits.
        label_smoothing: ``s`` in [0, 1].

    Returns:
        The loss.
    """
    true, pred = _pair(y_true, y_pred)
    _categorical_inputs(true, pred, from_logits, "categorical_crossentropy")
    return _categorical_value(_smooth_categorical(true, label_smoothing), pred, from_logits)


def _categorical_crossentropy_gradient(
    y_true: Any, y_pred: Any, from_logits: bool = False, label_smoothing: float = 0.0
) -> np.ndarray:
    true, pred = _pair(y_true, y_pred)
    _categorical_inputs(true, pred, from_logits, "categorical_crossentropy")
    return _categorical_gradient(_smooth_categorical(true, label_smoothing), pred, from_logits)


def _sparse_inputs(y_true: Any, y_pred: Any, from_logits: bool) -> tuple[np.ndarray, np.ndarray]:
    """One-hot targets from integer class indices, checked against ``y_pred``'s classes."""
    pred = _as_array(y_pred, "y_pred")
    labels = _as_array(y_true, "y_true")
    batch_shape = pred.shape[:-1]
    if labels.shape == batch_shape + (1,) or (pred.ndim == 1 and labels.shape == (1,)):
        labels = labels.reshape(batch_shape)
    if labels.shape != batch_shape:
        raise ValueError(
            "y_true must hold one class index per sample of y_pred: "
            f"expected shape {batch_shape}, got {labels.shape}"
        )
    classes = pred.shape[-1]
    if np.any(labels != np.round(labels)) or np.any(labels < 0) or np.any(labels >= classes):
        raise ValueError(f"y_true must hold integer class indices in [0, {classes - 1}]")
    one_hot = np.zeros_like(pred)
    np.put_along_axis(one_hot, labels.astype(int)[..., np.newaxis], 1.0, axis=-1)
    _categorical_inputs(one_hot, pred, from_logits, "sparse_categorical_crossentropy")
    return one_hot, pred


def sparse_categorical_crossentropy(y_true: Any, y_pred: Any, from_logits: bool = False) -> float:
    """Sparse categorical cross-entropy: ``-log p[label]`` per sample, then the mean.

    The same as :func:`categorical_crossentropy` with ``y_true`` one-hot encoded:
    ``p = clip(ŷ / Σŷ, ε, 1-ε)`` (or ``softmax(ŷ)`` with ``from_logits=True``).

    Args:
        y_true: integer class indices, shape ``y_pred.shape[:-1]`` (a trailing
            axis of length 1 is also accepted); a single index for a 1-D ``y_pred``.
        y_pred: probabilities or logits, classes on the last axis.
        from_logits: whether ``y_pred`` holds logits.

    Returns:
        The loss.
    """
    one_hot, pred = _sparse_inputs(y_true, y_pred, from_logits)
    return _categorical_value(one_hot, pred, from_logits)


def _sparse_categorical_crossentropy_gradient(
    y_true: Any, y_pred: Any, from_logits: bool = False
) -> np.ndarray:
    one_hot, pred = _sparse_inputs(y_true, y_pred, from_logits)
    return _categorical_gradient(one_hot, pred, from_logits)


def _binary_inputs(
    y_true: Any, y_pred: Any, from_logits: bool, label_smoothing: float
) -> tuple[np.ndarray, np.ndarray]:
    true, pred = _pair(y_true, y_pred)
    _require_range(true, "y_true", 0.0, 1.0, "binary_crossentropy")
    if not from_logits:
        _require_range(pred, "y_pred", 0.0, 1.0, "binary_crossentropy")
    label_smoothing = _check_smoothing(label_smoothing)
    return true * (1.0 - label_smoothing) + 0.5 * label_smoothing, pred


def binary_crossentropy(
    y_true: Any, y_pred: Any, from_logits: bool = False, label_smoothing: float = 0.0
) -> float:
    """Binary cross-entropy: ``mean(-(y·log p + (1-y)·log(1-p)))`` over the last axis.

    Note that Keras averages (not sums) over the last axis here, then averages
    over samples. With probabilities ``p = clip(ŷ, ε, 1-ε)`` (gradient zero where
    the clip moves ŷ). With ``from_logits=True`` the exact, stable form
    ``max(ŷ,0) - ŷ·y + log(1 + e^-|ŷ|)`` is used (gradient ``sigmoid(ŷ) - y``).
    Label smoothing ``s`` replaces ``y`` by ``y(1-s) + s/2``.

    Args:
        y_true: targets in [0, 1], same shape as ``y_pred``.
        y_pred: probabilities in [0, 1], or logits.
        from_logits: whether ``y_pred`` holds logits.
        label_smoothing: ``s`` in [0, 1].

    Returns:
        The loss.
    """
    true, pred = _binary_inputs(y_true, y_pred, from_logits, label_smoothing)
    if from_logits:
        elementwise = np.maximum(pred, 0.0) - pred * true + _softplus(-np.abs(pred))
    else:
        clipped = np.clip(pred, EPSILON, 1.0 - EPSILON)
        elementwise = -(true * np.log(clipped) + (1.0 - true) * np.log1p(-clipped))
    return _mean_of_means(elementwise)


def _binary_crossentropy_gradient(
    y_true: Any, y_pred: Any, from_logits: bool = False, label_smoothing: float = 0.0
) -> np.ndarray:
    true, pred = _binary_inputs(y_true, y_pred, from_logits, label_smoothing)
    if from_logits:
        return (_sigmoid(pred) - true) / pred.size
    clipped = np.clip(pred, EPSILON, 1.0 - EPSILON)
    by_clipped = -true / clipped + (1.0 - true) / (1.0 - clipped)
    return by_clipped * _clip_mask(pred, EPSILON, 1.0 - EPSILON) / pred.size


def _kl_inputs(y_true: Any, y_pred: Any) -> tuple[np.ndarray, np.ndarray]:
    true, pred = _pair(y_true, y_pred)
    _require_range(true, "y_true", 0.0, 1.0, "kl_divergence")
    _require_range(pred, "y_pred", 0.0, 1.0, "kl_divergence")
    return true, pred


def kl_divergence(y_true: Any, y_pred: Any) -> float:
    """Kullback-Leibler divergence: ``Σ y·log(y / ŷ)`` over the last axis, then the mean.

    Keras clips both arguments to ``[ε, 1]`` first (so ``y = 0`` terms vanish
    and ``ŷ = 0`` gives a large finite value); the gradient ``-y/ŷ`` is zero
    where ``ŷ < ε``.

    Args:
        y_true: probabilities in [0, 1], same shape as ``y_pred``.
        y_pred: probabilities in [0, 1].

    Returns:
        The loss.
    """
    true, pred = _kl_inputs(y_true, y_pred)
    true = np.clip(true, EPSILON, 1.0)
    pred = np.clip(pred, EPSILON, 1.0)
    return _mean_of_sums(true * np.log(true / pred))


def _kl_divergence_gradient(y_true: Any, y_pred: Any) -> np.ndarray:
    true, pred = _kl_inputs(y_true, y_pred)
    clipped_true = np.clip(true, EPSILON, 1.0)
    clipped_pred = np.clip(pred, EPSILON, 1.0)
    mask = _clip_mask(pred, EPSILON, 1.0)
    return -clipped_true / clipped_pred * mask / _samples(pred)


def _poisson_inputs(y_true: Any, y_pred: Any) -> tuple[np.ndarray, np.ndarray]:
    true, pred = _pair(y_true, y_pred)
    _require_range(true, "y_true", 0.0, None, "poisson")
    _require_range(pred, "y_pred", 0.0, None, "poisson")
    return true, pred


def poisson(y_true: Any, y_pred: Any) -> float:
    """Poisson loss: ``mean(ŷ - y·log(ŷ + ε))`` over the last axis, then over samples.

    Gradient: ``1 - y / (ŷ + ε)``.

    Args:
        y_true: non-negative targets (counts or rates), same shape as ``y_pred``.
        y_pred: non-negative predicted rates.

    Returns:
        The loss.
    """
    true, pred = _poisson_inputs(y_true, y_pred)
    return _mean_of_means(pred - true * np.log(pred + EPSILON))


def _poisson_gradient(y_true: Any, y_pred: Any) -> np.ndarray:
    true, pred = _poisson_inputs(y_true, y_pred)
    return (1.0 - true / (pred + EPSILON)) / pred.size


# --------------------------------------------------------------------------- cosine


def _unit_rows(array: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each sample divided by its L2 norm (a zero sample stays zero, as in Keras).

    Each sample is first scaled by its largest magnitude, so that squaring tiny
    or huge entries cannot underflow or overflow. Returns the unit rows and norms.
    """
    scale = np.max(np.abs(array), axis=-1, keepdims=True)
    scaled = array / np.where(scale == 0, 1.0, scale)
    scaled_norm = np.linalg.norm(scaled, axis=-1, keepdims=True)
    return scaled / np.where(scaled_norm == 0, 1.0, scaled_norm), scaled_norm * scale


def cosine_similarity(y_true: Any, y_pred: Any) -> float:
    """Keras's cosine similarity loss: ``-Σ (y/‖y‖)·(ŷ/‖ŷ‖)`` per sample, then the mean.

    It is the *negative* cosine, between -1 (same direction) and 1 (opposite).
    A zero vector has cosine 0 with anything, as in Keras. Gradient per sample:
    ``-(u - (u·v)v) / ‖ŷ‖`` with ``u = y/‖y‖`` and ``v = ŷ/‖ŷ‖``; it does not
    exist where a ``y_pred`` sample is zero (ValueError).

    Args:
        y_true: targets, same shape as ``y_pred``.
        y_pred: predictions.

    Returns:
        The loss.
    """
    true, pred = _pair(y_true, y_pred)
    unit_true, _ = _unit_rows(true)
    unit_pred, _ = _unit_rows(pred)
    return _mean_of_sums(-unit_true * unit_pred)


def _cosine_similarity_gradient(y_true: Any, y_pred: Any) -> np.ndarray:
    true, pred = _pair(y_true, y_pred)
    unit_true, _ = _unit_rows(true)
    unit_pred, norm_pred = _unit_rows(pred)
    if np.any(norm_pred == 0):
        raise ValueError("cosine_similarity has no gradient where a sample of y_pred is zero")
    cosine = np.sum(unit_true * unit_pred, axis=-1, keepdims=True)
    return -(unit_true - cosine * unit_pred) / norm_pred / _samples(pred)


# --------------------------------------------------------------------------- registry

Loss = Callable[..., float]

#: Every loss by its Keras name.
LOSSES: dict[str, Loss] = {
    "mean_squared_error": mean_squared_error,
    "mean_absolute_error": mean_absolute_error,
    "mean_absolute_percentage_error": mean_absolute_percentage_error,
    "mean_squared_logarithmic_error": mean_squared_logarithmic_error,
    "squared_hinge": squared_hinge,
    "hinge": hinge,
    "huber": huber,
    "categorical_hinge": categorical_hinge,
    "log_cosh": log_cosh,
    "categorical_crossentropy": categorical_crossentropy,
    "sparse_categorical_crossentropy": sparse_categorical_crossentropy,
    "binary_crossentropy": binary_crossentropy,
    "kl_divergence": kl_divergence,
    "poisson": poisson,
    "cosine_similarity": cosine_similarity,
}

_GRADIENTS: dict[str, Callable[..., np.ndarray]] = {
    "mean_squared_error": _mean_squared_error_gradient,
    "mean_absolute_error": _mean_absolute_error_gradient,
    "mean_absolute_percentage_error": _mean_absolute_percentage_error_gradient,
    "mean_squared_logarithmic_error": _mean_squared_logarithmic_error_gradient,
    "squared_hinge": _squared_hinge_gradient,
    "hinge": _hinge_gradient,
    "huber": _huber_gradient,
    "categorical_hinge": _categorical_hinge_gradient,
    "log_cosh": _log_cosh_gradient,
    "categorical_crossentropy": _categorical_crossentropy_gradient,
    "sparse_categorical_crossentropy": _sparse_categorical_crossentropy_gradient,
    "binary_crossentropy": _binary_crossentropy_gradient,
    "kl_divergence": _kl_divergence_gradient,
    "poisson": _poisson_gradient,
    "cosine_similarity": _cosine_similarity_gradient,
}


def _known(name: str) -> str:
    if name not in LOSSES:
        raise ValueError(f"unknown loss {name!r}; expected one of {', '.join(sorted(LOSSES))}")
    return name


def evaluate(name: str, y_true: Any, y_pred: Any, **params: Any) -> float:
    """Evaluate the loss called ``name`` (a key of :data:`LOSSES`).

    Args:
        name: the Keras name, e.g. ``"huber"``.
        y_true: targets.
        y_pred: predictions.
        **params: the loss's own options (``delta``, ``from_logits``, ``label_smoothing``).

    Returns:
        The loss.
    """
    return LOSSES[_known(name)](y_true, y_pred, **params)


def gradient(name: str, y_true: Any, y_pred: Any, **params: Any) -> np.ndarray:
    """d loss / d y_pred, analytic, with the same shape as ``y_pred``.

    It is the gradient of the float the loss returns, so it includes the
    ``1/n`` of the mean over samples (and over the last axis for mean-reduced
    losses). Clip edges and kinks are handled as each loss's docstring says.

    Args:
        name: the Keras name of the loss.
        y_true: targets.
        y_pred: predictions.
        **params: the loss's own options.

    Returns:
        The gradient, a float array shaped like ``y_pred``.
    """
    result = _GRADIENTS[_known(name)](y_true, y_pred, **params)
    return result.reshape(np.shape(y_pred)) if np.ndim(y_pred) == 0 else result


# --------------------------------------------------------------------------- symbolic forms


def symbolic(name: str) -> sympy.Expr:
    """The per-element SymPy form of a loss: the summand before Keras's reduction.

    Symbols (all ``real=True``): ``y`` (target), ``yhat`` (prediction), ``delta``
    (Huber). The mean-reduced losses average it over the last axis, the
    cross-entropies, KL divergence and cosine similarity sum it. ε-clipping is
    left out: these are the textbook formulas. Three losses are vector-valued
    and use extra symbols:

    - ``sparse_categorical_crossentropy``: ``-log(yhat)``, with ``yhat`` the
      predicted probability of the true class (one term per sample).
    - ``categorical_hinge``: ``Max(0, 1 + neg - pos)`` per sample, with
      ``pos = Σ y·ŷ`` and ``neg = max((1-y)·ŷ)``.
    - ``cosine_similarity``: ``-y·yhat / (y_norm·yhat_norm)`` summed over the
      last axis, with the positive symbols ``y_norm = ‖y‖`` and ``yhat_norm = ‖ŷ‖``.

    Args:
        name: the Keras name of the loss.

    Returns:
        The SymPy expression.
    """
    import sympy

    _known(name)
    y = sympy.Symbol("y", real=True)
    yhat = sympy.Symbol("yhat", real=True)
    half = sympy.Rational(1, 2)
    if name == "mean_squared_error":
        return (y - yhat) ** 2
    if name == "mean_absolute_error":
        return sympy.Abs(y - yhat)
    if name == "mean_absolute_percentage_error":
        return 100 * sympy.Abs((y - yhat) / y)
    if name == "mean_squared_logarithmic_error":
        return (sympy.log(y + 1) - sympy.log(yhat + 1)) ** 2
    if name == "hinge":
        return sympy.Max(0, 1 - y * yhat)
    if name == "squared_hinge":
        return sympy.Max(0, 1 - y * yhat) ** 2
    if name == "huber":
        delta = sympy.Symbol("delta", real=True)
        error = yhat - y
        return sympy.Piecewise(
            (half * error**2, sympy.Abs(error) <= delta),
            (delta * sympy.Abs(error) - half * delta**2, True),
        )
    if name == "log_cosh":
        return sympy.log(sympy.cosh(yhat - y))
    if name == "categorical_crossentropy":
        return -y * sympy.log(yhat)
    if name == "sparse_categorical_crossentropy":
        return -sympy.log(yhat)
    if name == "binary_crossentropy":
        return -(y * sympy.log(yhat) + (1 - y) * sympy.log(1 - yhat))
    if name == "kl_divergence":
        return y * sympy.log(y / yhat)
    if name == "poisson":
        return yhat - y * sympy.log(yhat)
    if name == "categorical_hinge":
        pos = sympy.Symbol("pos", real=True)
        neg = sympy.Symbol("neg", real=True)
        return sympy.Max(0, 1 + neg - pos)
    # cosine_similarity
    y_norm = sympy.Symbol("y_norm", positive=True)
    yhat_norm = sympy.Symbol("yhat_norm", positive=True)
    return -y * yhat / (y_norm * yhat_norm)


# ----------------------------------------------------------------- losses outside Keras's list


def focal_loss(y_true: Any, p: Any, alpha: float = 0.25, gamma: float = 2.0) -> float:
    """Binary focal loss (Lin et al., 2017), averaged over the samples.

    FL = −αₜ·(1 − pₜ)^γ·ln pₜ, where pₜ = p and αₜ = α for a positive label (y = 1),
    pₜ = 1 − p and αₜ = 1 − α for a negative one.

    Args:
        y_true: labels, 0 or 1.
        p: predicted probabilities of the positive class, strictly inside (0, 1).
        alpha: weight of the positive class, in [0, 1].
        gamma: focusing exponent, ≥ 0.

    Returns:
        The mean focal loss.

    Raises:
        ValueError: for labels other than 0/1, probabilities outside (0, 1), bad α or γ.
    """
    y, prob = _pair(y_true, p)
    if not np.all((y == 0) | (y == 1)):
        raise ValueError("focal_loss: labels must be 0 or 1")
    if np.any(prob <= 0) or np.any(prob >= 1):
        raise ValueError("focal_loss: probabilities must lie strictly between 0 and 1")
    if not 0 <= alpha <= 1 or not gamma >= 0:
        raise ValueError("focal_loss: alpha must be in [0, 1] and gamma non-negative")
    p_t = np.where(y == 1, prob, 1 - prob)
    alpha_t = np.where(y == 1, alpha, 1 - alpha)
    return float(np.mean(-alpha_t * (1 - p_t) ** gamma * np.log(p_t)))


def label_smoothing_crossentropy(label: int, p: Any, epsilon: float) -> float:
    """Cross-entropy of one sample against a smoothed one-hot target.

    The target puts 1 − ε + ε/K on the true class and ε/K on each of the K classes'
    others (PyTorch's ``CrossEntropyLoss(label_smoothing=ε)``, Keras's ``label_smoothing``).

    Args:
        label: the true class index.
        p: predicted probabilities over the K classes (positive).
        epsilon: the smoothing ε in [0, 1].

    Returns:
        −Σₖ qₖ·ln pₖ.

    Raises:
        ValueError: for a bad label, non-positive probabilities or ε outside [0, 1].
    """
    prob = finite_array(np.asarray(p, dtype=float), "p").ravel()
    classes = prob.size
    if isinstance(label, bool) or not 0 <= int(label) < classes or int(label) != label:
        raise ValueError(f"label_smoothing_crossentropy: label must be a class index below {classes}")
    if np.any(prob <= 0):
        raise ValueError("label_smoothing_crossentropy: probabilities must be positive")
    if not 0 <= epsilon <= 1:
        raise ValueError("label_smoothing_crossentropy: epsilon must be in [0, 1]")
    target = np.full(classes, epsilon / classes)
    target[int(label)] += 1 - epsilon
    return float(-(target * np.log(prob)).sum())


def pinball(y_true: Any, y_pred: Any, tau: float) -> float:
    """Quantile (pinball) loss, averaged over the samples.

    With r = y − ŷ, each term is τ·r when r ≥ 0 and (τ − 1)·r when r < 0.

    Raises:
        ValueError: for τ outside (0, 1) or mismatched shapes.
    """
    y, pred = _pair(y_true, y_pred)
    if not 0 < tau < 1:
        raise ValueError("pinball: tau must lie strictly between 0 and 1")
    r = y - pred
    return float(np.mean(np.maximum(tau * r, (tau - 1) * r)))


def logsumexp(x: Any) -> float:
    """ln Σ exp(xᵢ), computed stably as m + ln Σ exp(xᵢ − m) with m = max xᵢ.

    Raises:
        ValueError: for an empty or non-finite input.
    """
    values = finite_array(np.asarray(x, dtype=float), "x").ravel()
    if values.size == 0:
        raise ValueError("logsumexp: needs at least one value")
    m = float(values.max())
    return m + float(np.log(np.exp(values - m).sum()))
