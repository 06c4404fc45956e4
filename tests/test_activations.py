"""engine.activations against hand values, central finite differences and SymPy."""

import math

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from engine import activations


def test_values_by_hand() -> None:
    assert activations.sigmoid(0.0) == pytest.approx(0.5)
    assert activations.sigmoid(2.0) == pytest.approx(1 / (1 + math.exp(-2)))
    assert activations.tanh(0.5) == pytest.approx(math.tanh(0.5))
    np.testing.assert_array_equal(activations.relu([-2.0, 0.0, 3.0]), [0.0, 0.0, 3.0])
    np.testing.assert_allclose(activations.leaky_relu([-2.0, 0.0, 3.0]), [-0.02, 0.0, 3.0])
    np.testing.assert_allclose(activations.leaky_relu([-2.0], alpha=0.2), [-0.4])
    exps = np.exp([1.0, 2.0, 3.0])
    np.testing.assert_allclose(activations.softmax([1.0, 2.0, 3.0]), exps / exps.sum())


def test_sigmoid_and_softmax_do_not_overflow() -> None:
    np.testing.assert_allclose(activations.sigmoid([-1000.0, 1000.0]), [0.0, 1.0])
    np.testing.assert_allclose(activations.softmax([1000.0, 1000.0]), [0.5, 0.5])


def test_softmax_of_a_batch_normalises_each_row() -> None:
    batch = np.array([[1.0, 2.0], [5.0, -1.0]])
    np.testing.assert_allclose(activations.softmax(batch).sum(axis=1), [1.0, 1.0])
    np.testing.assert_allclose(activations.softmax(batch)[1], activations.softmax(batch[1]))


def test_kink_conventions() -> None:
    assert activations.derivative("relu", 0.0) == 0.0
    assert activations.derivative("leaky_relu", 0.0, alpha=0.1) == pytest.approx(0.1)
    np.testing.assert_array_equal(activations.derivative("relu", [-1.0, 2.0]), [0.0, 1.0])


def _central(function, x: np.ndarray, step: float = 1e-6) -> np.ndarray:
    return (function(x + step) - function(x - step)) / (2 * step)


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("sigmoid", {}),
        ("tanh", {}),
        ("relu", {}),
        ("leaky_relu", {}),
        ("leaky_relu", {"alpha": 0.3}),
    ],
)
def test_derivative_matches_central_differences(name, params) -> None:
    # points away from the kink at 0
    x = np.array([-3.0, -1.2, -0.4, 0.3, 0.9, 2.5])
    numeric = _central(lambda z: activations.activate(name, z, **params), x)
    np.testing.assert_allclose(activations.derivative(name, x, **params), numeric, rtol=1e-6)


def test_softmax_jacobian_matches_central_differences() -> None:
    x = np.array([0.3, -1.0, 2.0, 0.5])
    jacobian = activations.derivative("softmax", x)
    assert jacobian.shape == (4, 4)
    step = 1e-6
    for j in range(4):
        forward, backward = x.copy(), x.copy()
        forward[j] += step
        backward[j] -= step
        column = (activations.softmax(forward) - activations.softmax(backward)) / (2 * step)
        np.testing.assert_allclose(jacobian[:, j], column, rtol=1e-6, atol=1e-10)
    batch = activations.derivative("softmax", np.stack([x, x[::-1]]))
    assert batch.shape == (2, 4, 4)
    np.testing.assert_allclose(batch[0], jacobian)


@pytest.mark.parametrize("name", activations.SCALAR_ACTIVATIONS)
def test_symbolic_forms_agree_with_numeric(name) -> None:
    x = sympy.Symbol("x", real=True)
    alpha = sympy.Symbol("alpha", real=True)
    points = [-2.5, -0.7, 0.0, 0.4, 1.9]
    forms = [
        (activations.symbolic(name), activations.activate),
        (activations.symbolic_derivative(name), activations.derivative),
    ]
    for expression, numeric in forms:
        for point in points:
            value = float(expression.subs({x: point, alpha: 0.05}))
            params = {"alpha": 0.05} if name == "leaky_relu" else {}
            assert value == pytest.approx(float(numeric(name, point, **params)), abs=1e-12)


@pytest.mark.parametrize("name", ["sigmoid", "tanh"])
def test_symbolic_derivative_is_the_derivative(name) -> None:
    x = sympy.Symbol("x", real=True)
    difference = sympy.diff(activations.symbolic(name), x) - activations.symbolic_derivative(name)
    assert sympy.simplify(difference.rewrite(sympy.exp)) == 0


def test_bad_input() -> None:
    with pytest.raises(ValueError, match="unknown activation"):
        activations.derivative("gelu", 1.0)
    with pytest.raises(ValueError, match="x contains NaN"):
        activations.sigmoid([np.nan])
    with pytest.raises(ValueError, match="x is empty"):
        activations.relu([])
    with pytest.raises(ValueError, match="vector-valued"):
        activations.symbolic("softmax")


@settings(max_examples=60, deadline=None)
@given(arrays(float, st.integers(1, 6), elements=st.floats(-50, 50)))
def test_ranges(x) -> None:
    s = activations.sigmoid(x)
    assert np.all((s >= 0) & (s <= 1))
    assert activations.softmax(x).sum() == pytest.approx(1.0)
    assert np.all(activations.relu(x) >= 0)
    assert np.all(activations.derivative("sigmoid", x) <= 0.25)
