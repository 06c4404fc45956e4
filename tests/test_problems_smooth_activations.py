"""GELU and Swish: the engine functions against SciPy's normal distribution and logistic
function, finite differences for the derivatives, and worked values; the generated problems'
answers and mistakes recomputed from their data by those references."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import expit
from scipy.stats import norm

from engine import activations
from engine.problems import generate

SEEDS = range(40)
GRID = np.linspace(-4, 4, 33)


def test_gelu_matches_x_times_normal_cdf() -> None:
    np.testing.assert_allclose(activations.gelu(GRID), GRID * norm.cdf(GRID), rtol=1e-12, atol=1e-15)
    # worked value: GELU(1) = Φ(1) = 0.8413447460685429
    assert float(activations.gelu(1.0)) == pytest.approx(0.8413447460685429, rel=1e-12)


def test_swish_matches_x_times_expit() -> None:
    np.testing.assert_allclose(activations.swish(GRID), GRID * expit(GRID), rtol=1e-12)
    np.testing.assert_allclose(activations.swish(GRID, beta=2.0), GRID * expit(2 * GRID), rtol=1e-12)


@pytest.mark.parametrize(
    ("value", "derivative"),
    [
        (activations.gelu, activations.gelu_derivative),
        (activations.swish, activations.swish_derivative),
        (lambda x: activations.swish(x, 1.7), lambda x: activations.swish_derivative(x, 1.7)),
    ],
)
def test_derivatives_match_central_differences(value, derivative) -> None:
    h = 1e-6
    numeric = (value(GRID + h) - value(GRID - h)) / (2 * h)
    np.testing.assert_allclose(derivative(GRID), numeric, rtol=1e-6, atol=1e-8)


def _mistakes(problem) -> dict:
    return {m.id: np.asarray(m.value) for m in problem.mistakes}


@pytest.mark.parametrize("seed", SEEDS)
def test_gelu_problem(seed: int) -> None:
    problem = generate("activation.gelu.value", seed)
    x = np.array(problem.data["x"])
    np.testing.assert_allclose(problem.answer, x * norm.cdf(x), rtol=1e-9)
    expected = {
        "sigmoid_instead_of_phi": x * expit(x),
        "density_instead_of_cdf": x * norm.pdf(x),
        "phi_only": norm.cdf(x),
    }
    for mistake_id, value in _mistakes(problem).items():
        np.testing.assert_allclose(value, expected[mistake_id], rtol=1e-9, err_msg=mistake_id)


@pytest.mark.parametrize("seed", SEEDS)
def test_swish_problems(seed: int) -> None:
    problem = generate("activation.swish.value", seed)
    x = np.array(problem.data["x"])
    np.testing.assert_allclose(problem.answer, x * expit(x), rtol=1e-9)
    expected = {"sigmoid_only": expit(x), "sigma_of_minus_x": x * expit(-x)}
    for mistake_id, value in _mistakes(problem).items():
        np.testing.assert_allclose(value, expected[mistake_id], rtol=1e-9, err_msg=mistake_id)

    problem = generate("activation.swish.derivative", seed)
    x = np.array(problem.data["x"])
    h = 1e-6
    numeric = ((x + h) * expit(x + h) - (x - h) * expit(x - h)) / (2 * h)
    np.testing.assert_allclose(problem.answer, numeric, rtol=1e-6, atol=1e-9)
    s = expit(x)
    expected = {
        "forgot_product_rule": x * s * (1 - s),
        "sigmoid_derivative_only": s * (1 - s),
        "gate_only": s,
    }
    for mistake_id, value in _mistakes(problem).items():
        np.testing.assert_allclose(value, expected[mistake_id], rtol=1e-9, err_msg=mistake_id)
