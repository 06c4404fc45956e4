"""GELU and Swish: the engine functions against SciPy's normal distribution and logistic
function, finite differences for the derivatives (GELU's written with ``math.erf``, its tanh
approximation as PyTorch documents ``approximate='tanh'``), and worked values; the generated
problems' answers and mistakes recomputed from their data by those references."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.special import expit
from scipy.stats import norm

from engine import activations
from engine.problems import generate

SEEDS = range(40)
GRID = np.linspace(-4, 4, 33)


def test_gelu_matches_x_times_normal_cdf() -> None:
    np.testing.assert_allclose(
        activations.gelu(GRID), GRID * norm.cdf(GRID), rtol=1e-12, atol=1e-15
    )
    # worked value: GELU(1) = Φ(1) = 0.8413447460685429
    assert float(activations.gelu(1.0)) == pytest.approx(0.8413447460685429, rel=1e-12)


def test_swish_matches_x_times_expit() -> None:
    np.testing.assert_allclose(activations.swish(GRID), GRID * expit(GRID), rtol=1e-12)
    np.testing.assert_allclose(
        activations.swish(GRID, beta=2.0), GRID * expit(2 * GRID), rtol=1e-12
    )


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


def _gelu_erf(x: float) -> float:
    """x·Φ(x) with Φ written through math.erf."""
    return x * 0.5 * (1 + math.erf(x / math.sqrt(2)))


def _gelu_tanh(x: float) -> float:
    """PyTorch's approximate='tanh': 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))."""
    return 0.5 * x * (1 + math.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3)))


#: Step of the central differences; their error is O(h²) ≈ 10⁻¹⁰ here.
STEP = 1e-5


def _central(function, x: np.ndarray) -> np.ndarray:
    return np.array([(function(v + STEP) - function(v - STEP)) / (2 * STEP) for v in x])


def test_gelu_derivative_matches_central_differences_of_erf_gelu() -> None:
    np.testing.assert_allclose(
        activations.gelu_derivative(GRID), _central(_gelu_erf, GRID), rtol=1e-8, atol=1e-9
    )
    # worked values: GELU′(0) = Φ(0) = ½; GELU′(1) = Φ(1) + φ(1) = 0.8413447 + 0.2419707
    assert float(activations.gelu_derivative(0.0)) == 0.5
    assert float(activations.gelu_derivative(1.0)) == pytest.approx(1.0833154, abs=1e-7)


def test_gelu_tanh_matches_pytorch_formula_and_its_derivative_central_differences() -> None:
    np.testing.assert_allclose(
        activations.gelu_tanh(GRID), [_gelu_tanh(v) for v in GRID], rtol=1e-12, atol=1e-15
    )
    np.testing.assert_allclose(
        activations.gelu_tanh_derivative(GRID), _central(_gelu_tanh, GRID), rtol=1e-8, atol=1e-9
    )
    # close to the exact GELU, but not the same function
    gap = np.abs(activations.gelu_tanh(GRID) - GRID * norm.cdf(GRID))
    assert 0 < gap.max() < 1e-3


def _third_figure(value: float) -> float:
    """The unit of the third significant figure of ``value``."""
    return 10.0 ** (math.floor(math.log10(abs(value))) - 2)


@pytest.mark.parametrize("seed", SEEDS)
def test_gelu_derivative_problem(seed: int) -> None:
    problem = generate("activation.gelu.derivative", seed)
    x = np.array(problem.data["x"])
    np.testing.assert_allclose(problem.answer, _central(_gelu_erf, x), rtol=1e-8, atol=1e-10)
    s = expit(x)
    tanh_slope = _central(_gelu_tanh, x)
    expected = {
        "cdf_only": norm.cdf(x),
        "density_term_only": x * norm.pdf(x),
        "sigmoid_instead_of_phi": s + x * s * (1 - s),
        "tanh_approximation": tanh_slope,
    }
    found = _mistakes(problem)
    for mistake_id, value in found.items():
        np.testing.assert_allclose(value, expected[mistake_id], rtol=1e-8, err_msg=mistake_id)
    # the tanh approximation is a mistake only where three figures tell it apart
    answer = np.asarray(problem.answer)
    visible = any(abs(t - a) >= _third_figure(a) for t, a in zip(tanh_slope, answer, strict=True))
    assert ("tanh_approximation" in found) == visible, (seed, x)


def test_every_gelu_derivative_mistake_is_offered() -> None:
    offered = {
        m.id for seed in SEEDS for m in generate("activation.gelu.derivative", seed).mistakes
    }
    assert offered == {
        "cdf_only",
        "density_term_only",
        "sigmoid_instead_of_phi",
        "tanh_approximation",
    }
