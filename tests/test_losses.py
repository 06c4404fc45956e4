"""engine.losses against Keras's documented examples, hand calculations from the
formulas, central finite differences and a few properties."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from engine import losses

EPS = 1e-7

# --------------------------------------------------------------------------- Keras's examples


def test_huber_keras_documentation_example() -> None:
    assert losses.huber([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]) == pytest.approx(0.155)


def test_categorical_crossentropy_keras_documentation_example() -> None:
    y_true = [[0, 1, 0], [0, 0, 1]]
    y_pred = [[0.05, 0.95, 0], [0.1, 0.8, 0.1]]
    assert losses.categorical_crossentropy(y_true[0], y_pred[0]) == pytest.approx(0.0513, abs=1e-4)
    assert losses.categorical_crossentropy(y_true[1], y_pred[1]) == pytest.approx(2.303, abs=1e-3)
    # the batch loss is the mean of the per-sample losses
    expected = (-math.log(0.95) - math.log(0.1)) / 2
    assert losses.categorical_crossentropy(y_true, y_pred) == pytest.approx(expected)


def test_sparse_categorical_crossentropy_keras_documentation_example() -> None:
    y_pred = [[0.05, 0.95, 0], [0.1, 0.8, 0.1]]
    assert losses.sparse_categorical_crossentropy([1], [y_pred[0]]) == pytest.approx(
        0.0513, abs=1e-4
    )
    assert losses.sparse_categorical_crossentropy(2, y_pred[1]) == pytest.approx(2.303, abs=1e-3)
    assert losses.sparse_categorical_crossentropy([[1], [2]], y_pred) == pytest.approx(
        losses.categorical_crossentropy([[0, 1, 0], [0, 0, 1]], y_pred)
    )


def test_binary_crossentropy_keras_documentation_example() -> None:
    # Keras: per-sample losses [0.916, 0.714] (a mean over the last axis)
    assert losses.binary_crossentropy([0, 1], [0.6, 0.4]) == pytest.approx(0.916, abs=1e-3)
    assert losses.binary_crossentropy([0, 0], [0.4, 0.6]) == pytest.approx(0.714, abs=1e-3)


def test_log_cosh_keras_documentation_example() -> None:
    assert losses.log_cosh([[0.0, 1.0], [0.0, 0.0]], [[1.0, 1.0], [0.0, 0.0]]) == pytest.approx(
        0.108, abs=1e-3
    )


def test_cosine_similarity_keras_documentation_example() -> None:
    # Keras: per-sample losses [-0, -1, 1]
    y_true = [[0.0, 1.0], [1.0, 1.0], [1.0, 1.0]]
    y_pred = [[1.0, 0.0], [1.0, 1.0], [-1.0, -1.0]]
    assert losses.cosine_similarity(y_true[0], y_pred[0]) == pytest.approx(0.0)
    assert losses.cosine_similarity(y_true[1], y_pred[1]) == pytest.approx(-1.0)
    assert losses.cosine_similarity(y_true[2], y_pred[2]) == pytest.approx(1.0)
    assert losses.cosine_similarity(y_true, y_pred) == pytest.approx(0.0)


# --------------------------------------------------------------------------- hand calculations


def test_regression_losses_by_hand() -> None:
    y_true = [[1.0, 2.0], [3.0, 4.0]]
    y_pred = [[1.5, 1.0], [3.0, 6.0]]
    # errors 0.5, -1, 0, 2
    assert losses.mean_squared_error(y_true, y_pred) == pytest.approx((0.25 + 1 + 0 + 4) / 4)
    assert losses.mean_absolute_error(y_true, y_pred) == pytest.approx((0.5 + 1 + 0 + 2) / 4)
    mape = 100 * (0.5 / 1 + 1 / 2 + 0 / 3 + 2 / 4) / 4
    assert losses.mean_absolute_percentage_error(y_true, y_pred) == pytest.approx(mape)
    msle = np.mean(
        [
            (math.log(2.5) - math.log(2)) ** 2,
            (math.log(2) - math.log(3)) ** 2,
            0.0,
            (math.log(7) - math.log(5)) ** 2,
        ]
    )
    assert losses.mean_squared_logarithmic_error(y_true, y_pred) == pytest.approx(msle)
    logcosh = np.mean([math.log(math.cosh(e)) for e in (0.5, -1.0, 0.0, 2.0)])
    assert losses.log_cosh(y_true, y_pred) == pytest.approx(logcosh)
    # huber with delta = 1: 0.5·0.25, 0.5·1, 0, 1·2 - 0.5
    assert losses.huber(y_true, y_pred) == pytest.approx((0.125 + 0.5 + 0 + 1.5) / 4)
    # delta = 0.5: 0.5·0.25, 0.5·1 - 0.125, 0, 0.5·2 - 0.125
    assert losses.huber(y_true, y_pred, delta=0.5) == pytest.approx((0.125 + 0.375 + 0 + 0.875) / 4)


def test_one_dimensional_input_is_one_sample() -> None:
    assert losses.mean_squared_error([1.0, 2.0, 3.0], [1.0, 2.0, 5.0]) == pytest.approx(4 / 3)
    assert losses.kl_divergence([0.5, 0.5], [0.25, 0.75]) == pytest.approx(
        0.5 * math.log(2) + 0.5 * math.log(0.5 / 0.75)
    )


def test_hinge_converts_zero_one_labels() -> None:
    # labels 0/1 become -1/1: margins 1 - (-1)(0.3) = 1.3, 1 - (1)(0.2) = 0.8
    assert losses.hinge([0, 1], [0.3, 0.2]) == pytest.approx((1.3 + 0.8) / 2)
    assert losses.hinge([-1, 1], [0.3, 0.2]) == pytest.approx((1.3 + 0.8) / 2)
    assert losses.squared_hinge([0, 1], [0.3, 2.0]) == pytest.approx((1.3**2 + 0) / 2)
    # a mix of -1, 0 and 1 is not converted (as Keras): the 0 label gives max(0, 1) = 1
    assert losses.hinge([-1, 0, 1], [0.5, 0.5, 0.5]) == pytest.approx((1.5 + 1 + 0.5) / 3)


def test_categorical_hinge_by_hand() -> None:
    # pos = 0.6, neg = max(0.3, 0.1) = 0.3 -> max(0, 1 + 0.3 - 0.6) = 0.7
    # second sample: pos = 2, neg = 0.5 -> max(0, -0.5) = 0
    y_true = [[0, 1, 0], [1, 0, 0]]
    y_pred = [[0.3, 0.6, 0.1], [2.0, 0.5, 0.1]]
    assert losses.categorical_hinge(y_true, y_pred) == pytest.approx(0.35)


def test_probabilistic_losses_by_hand() -> None:
    assert losses.poisson([[1.0, 2.0]], [[0.5, 1.0]]) == pytest.approx(
        ((0.5 - math.log(0.5 + EPS)) + (1.0 - 2 * math.log(1.0 + EPS))) / 2
    )
    # categorical crossentropy rescales y_pred to sum to 1 first
    assert losses.categorical_crossentropy([0, 1], [1.0, 3.0]) == pytest.approx(-math.log(0.75))
    # label smoothing 0.2 with 2 classes: targets 0.1, 0.9
    assert losses.categorical_crossentropy(
        [0, 1], [0.25, 0.75], label_smoothing=0.2
    ) == pytest.approx(-(0.1 * math.log(0.25) + 0.9 * math.log(0.75)))
    # binary: label smoothing 0.2 squeezes 1 -> 0.9
    assert losses.binary_crossentropy([1.0], [0.7], label_smoothing=0.2) == pytest.approx(
        -(0.9 * math.log(0.7) + 0.1 * math.log(0.3))
    )


def test_from_logits_matches_probabilities() -> None:
    logits = np.array([[1.0, -0.5, 2.0], [0.3, 0.1, -1.2]])
    softmax = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    one_hot = np.array([[0, 0, 1], [1, 0, 0]])
    assert losses.categorical_crossentropy(one_hot, logits, from_logits=True) == pytest.approx(
        losses.categorical_crossentropy(one_hot, softmax)
    )
    assert losses.sparse_categorical_crossentropy(
        [2, 0], logits, from_logits=True
    ) == pytest.approx(losses.categorical_crossentropy(one_hot, softmax))
    sigmoid = 1 / (1 + np.exp(-logits))
    targets = np.array([[0.0, 1.0, 1.0], [1.0, 0.0, 0.5]])
    assert losses.binary_crossentropy(targets, logits, from_logits=True) == pytest.approx(
        losses.binary_crossentropy(targets, sigmoid)
    )


def test_clipping_where_keras_clips() -> None:
    # binary: a prediction of exactly 0 for a positive label costs -log(eps)
    assert losses.binary_crossentropy([1.0], [0.0]) == pytest.approx(-math.log(EPS))
    # categorical: a zero probability on the true class costs -log(eps)
    assert losses.categorical_crossentropy([1, 0], [0.0, 1.0]) == pytest.approx(-math.log(EPS))
    # KL: y = 0 terms contribute eps·log(eps/ŷ), essentially 0
    assert losses.kl_divergence([0.0, 1.0], [0.5, 0.5]) == pytest.approx(math.log(2), abs=1e-5)
    # MAPE divides by max(|y|, eps)
    assert losses.mean_absolute_percentage_error([0.0], [1e-7]) == pytest.approx(100.0)
    # MSLE replaces 0 by eps
    assert losses.mean_squared_logarithmic_error([0.0], [1.0]) == pytest.approx(
        (math.log(2) - math.log1p(EPS)) ** 2
    )


def test_log_cosh_is_stable_for_large_errors() -> None:
    # log cosh(1000) = 1000 - log 2 (to double precision); naive cosh overflows
    assert losses.log_cosh([0.0], [1000.0]) == pytest.approx(1000 - math.log(2))


def test_cosine_similarity_zero_vector_is_zero() -> None:
    assert losses.cosine_similarity([0.0, 0.0], [1.0, 2.0]) == 0.0


def test_cosine_similarity_of_tiny_parallel_vectors_is_minus_one() -> None:
    # squaring 1e-162 underflows to a subnormal; a naive norm would be badly off
    assert losses.cosine_similarity([1.2e-162, 0.0], [3.0, 0.0]) == pytest.approx(-1.0)


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("name", "y_true", "y_pred", "message"),
    [
        ("mean_squared_error", [1.0, 2.0], [1.0, 2.0, 3.0], "same shape"),
        ("mean_squared_error", [], [], "y_true is empty"),
        ("mean_squared_error", [1.0, np.nan], [1.0, 2.0], "y_true contains NaN"),
        ("mean_absolute_error", [1.0], [np.inf], "y_pred contains NaN or infinity"),
        ("hinge", [2.0, 1.0], [0.5, 0.5], "y_true labels"),
        ("squared_hinge", [0.5, 1.0], [0.5, 0.5], "y_true labels"),
        ("binary_crossentropy", [1.0], [1.5], "y_pred"),
        ("binary_crossentropy", [2.0], [0.5], "y_true"),
        ("categorical_crossentropy", [0, 1], [-0.1, 1.1], "y_pred"),
        ("categorical_crossentropy", [0, 1], [0.0, 0.0], "positive sum"),
        ("sparse_categorical_crossentropy", [3], [[0.2, 0.8]], "class indices"),
        ("sparse_categorical_crossentropy", [0.5], [[0.2, 0.8]], "class indices"),
        ("sparse_categorical_crossentropy", [0, 1], [[0.2, 0.8]], "y_true must hold"),
        ("kl_divergence", [-0.1, 1.1], [0.5, 0.5], "y_true"),
        ("kl_divergence", [0.5, 0.5], [0.5, 1.5], "y_pred"),
        ("poisson", [1.0], [-0.5], "y_pred"),
        ("mean_squared_logarithmic_error", [1.0], [-0.5], "y_pred"),
        ("mean_squared_logarithmic_error", [-2.0], [0.5], "y_true"),
    ],
)
def test_bad_input_raises_value_error(name, y_true, y_pred, message) -> None:
    with pytest.raises(ValueError, match=message):
        losses.LOSSES[name](y_true, y_pred)
    with pytest.raises(ValueError, match=message):
        losses.gradient(name, y_true, y_pred)


def test_bad_parameters_and_names() -> None:
    with pytest.raises(ValueError, match="delta"):
        losses.huber([1.0], [2.0], delta=0.0)
    with pytest.raises(ValueError, match="label_smoothing"):
        losses.binary_crossentropy([1.0], [0.5], label_smoothing=1.5)
    with pytest.raises(ValueError, match="unknown loss"):
        losses.gradient("mse", [1.0], [2.0])
    with pytest.raises(ValueError, match="unknown loss"):
        losses.evaluate("mse", [1.0], [2.0])
    with pytest.raises(ValueError, match="gradient"):
        losses.gradient("cosine_similarity", [1.0, 2.0], [0.0, 0.0])


def test_evaluate_dispatches_by_name() -> None:
    assert losses.evaluate("huber", [0.0], [3.0], delta=2.0) == pytest.approx(2 * 3 - 2)
    assert set(losses.LOSSES) == {
        "mean_squared_error",
        "mean_absolute_error",
        "mean_absolute_percentage_error",
        "mean_squared_logarithmic_error",
        "squared_hinge",
        "hinge",
        "huber",
        "categorical_hinge",
        "log_cosh",
        "categorical_crossentropy",
        "sparse_categorical_crossentropy",
        "binary_crossentropy",
        "kl_divergence",
        "poisson",
        "cosine_similarity",
    }


# --------------------------------------------------------------------------- gradients


def _numeric_gradient(function, y_pred: np.ndarray, step: float = 1e-6) -> np.ndarray:
    """Central differences, entry by entry."""
    result = np.zeros_like(y_pred)
    for index in np.ndindex(y_pred.shape):
        forward = y_pred.copy()
        backward = y_pred.copy()
        forward[index] += step
        backward[index] -= step
        result[index] = (function(forward) - function(backward)) / (2 * step)
    return result


def _gradient_cases():
    """Points away from kinks and clip edges, for every loss (some with options)."""
    rng = np.random.default_rng(7)
    regression_true = rng.uniform(0.5, 3.0, size=(3, 4))
    regression_pred = regression_true + rng.choice([-1, 1], size=(3, 4)) * rng.uniform(
        0.1, 1.5, size=(3, 4)
    )
    labels = rng.choice([-1.0, 1.0], size=(3, 4))
    scores = rng.uniform(-1.5, 1.5, size=(3, 4))
    scores[np.abs(1 - labels * scores) < 0.05] += 0.2
    probabilities = rng.uniform(0.1, 0.9, size=(3, 4))
    targets = rng.uniform(0.0, 1.0, size=(3, 4))
    one_hot = np.eye(4)[[0, 2, 3]]
    positive = rng.uniform(0.2, 2.0, size=(3, 4))
    distribution = positive / positive.sum(axis=1, keepdims=True)
    return [
        ("mean_squared_error", regression_true, regression_pred, {}),
        ("mean_absolute_error", regression_true, regression_pred, {}),
        ("mean_absolute_percentage_error", regression_true, regression_pred, {}),
        ("mean_squared_logarithmic_error", regression_true, regression_pred, {}),
        ("huber", regression_true, regression_pred, {}),
        ("huber", regression_true, regression_pred, {"delta": 0.4}),
        ("log_cosh", regression_true, regression_pred, {}),
        ("hinge", labels, scores, {}),
        ("squared_hinge", labels, scores, {}),
        ("hinge", (labels + 1) / 2, scores, {}),
        ("categorical_hinge", one_hot, rng.uniform(-1, 1, size=(3, 4)), {}),
        ("categorical_crossentropy", one_hot, positive, {}),
        ("categorical_crossentropy", distribution, positive, {"label_smoothing": 0.1}),
        ("categorical_crossentropy", one_hot, scores, {"from_logits": True}),
        ("sparse_categorical_crossentropy", np.array([0, 2, 3]), positive, {}),
        ("sparse_categorical_crossentropy", np.array([1, 1, 0]), scores, {"from_logits": True}),
        ("binary_crossentropy", targets, probabilities, {}),
        ("binary_crossentropy", targets, probabilities, {"label_smoothing": 0.2}),
        ("binary_crossentropy", targets, scores, {"from_logits": True}),
        ("kl_divergence", distribution, probabilities, {}),
        ("poisson", regression_true, positive, {}),
        ("cosine_similarity", regression_true - 1.5, scores, {}),
        ("mean_squared_error", regression_true[0], regression_pred[0], {}),
    ]


@pytest.mark.parametrize(
    ("name", "y_true", "y_pred", "params"),
    _gradient_cases(),
    ids=[f"{case[0]}-{i}" for i, case in enumerate(_gradient_cases())],
)
def test_gradient_matches_central_differences(name, y_true, y_pred, params) -> None:
    analytic = losses.gradient(name, y_true, y_pred, **params)
    numeric = _numeric_gradient(lambda p: losses.LOSSES[name](y_true, p, **params), y_pred)
    assert analytic.shape == np.shape(y_pred)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-8)


def test_gradient_of_a_scalar_is_a_scalar() -> None:
    # one sample with one entry: d/dŷ (ŷ - y)² = 2(ŷ - y)
    result = losses.gradient("mean_squared_error", 1.0, 3.0)
    assert result.shape == ()
    assert float(result) == pytest.approx(4.0)


def test_gradient_is_zero_where_clipped() -> None:
    # binary: ŷ = 0 is clipped up to eps, so the loss does not move with ŷ there
    assert losses.gradient("binary_crossentropy", [1.0, 1.0], [0.0, 0.5])[0] == 0.0
    # MSLE: ŷ = 0 is replaced by eps
    assert losses.gradient("mean_squared_logarithmic_error", [1.0], [0.0])[0] == 0.0
    # hinge: margin satisfied -> no gradient
    assert losses.gradient("hinge", [1.0], [2.0])[0] == 0.0


# --------------------------------------------------------------------------- properties

_finite = st.floats(-10, 10, allow_nan=False, allow_infinity=False)
_unit = st.floats(0, 1, allow_nan=False, allow_infinity=False)
_shapes = st.tuples(st.integers(1, 4), st.integers(1, 5))


@settings(max_examples=60, deadline=None)
@given(data=st.data(), shape=_shapes)
def test_regression_losses_are_non_negative(data, shape) -> None:
    y_true = data.draw(arrays(float, shape, elements=_finite))
    y_pred = data.draw(arrays(float, shape, elements=_finite))
    for name in ("mean_squared_error", "mean_absolute_error", "huber", "log_cosh"):
        assert losses.LOSSES[name](y_true, y_pred) >= 0
    assert losses.mean_absolute_percentage_error(y_true, y_pred) >= 0
    assert losses.mean_squared_logarithmic_error(np.abs(y_true), np.abs(y_pred)) >= 0
    labels = data.draw(arrays(float, shape, elements=st.sampled_from([-1.0, 1.0])))
    for name in ("hinge", "squared_hinge", "categorical_hinge"):
        assert losses.LOSSES[name](labels, y_pred) >= 0


@settings(max_examples=60, deadline=None)
@given(data=st.data(), shape=_shapes)
def test_probabilistic_losses_are_non_negative(data, shape) -> None:
    y_true = data.draw(arrays(float, shape, elements=_unit))
    y_pred = data.draw(arrays(float, shape, elements=_unit))
    assert losses.binary_crossentropy(y_true, y_pred) >= 0
    classes = shape[1]
    labels = data.draw(arrays(int, shape[:1], elements=st.integers(0, classes - 1)))
    positive = y_pred + 0.01
    assert losses.sparse_categorical_crossentropy(labels, positive) >= 0
    assert losses.categorical_crossentropy(np.eye(classes)[labels], positive) >= 0
    # KL divergence of two distributions is non-negative (Gibbs' inequality)
    p = (y_true + 0.01) / (y_true + 0.01).sum(axis=-1, keepdims=True)
    q = positive / positive.sum(axis=-1, keepdims=True)
    assert losses.kl_divergence(p, q) >= -1e-9


@settings(max_examples=60, deadline=None)
@given(data=st.data(), shape=_shapes)
def test_cosine_similarity_lies_in_minus_one_one(data, shape) -> None:
    y_true = data.draw(arrays(float, shape, elements=_finite))
    y_pred = data.draw(arrays(float, shape, elements=_finite))
    assert -1 - 1e-12 <= losses.cosine_similarity(y_true, y_pred) <= 1 + 1e-12
