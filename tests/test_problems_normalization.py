"""BatchNorm, LayerNorm and the L1 proximal step.

References independent of the engine: plain loops over the definitions in PyTorch's
documentation (``torch.nn.BatchNorm1d``, ``torch.nn.LayerNorm``), the ``statistics`` module's
variances, scikit-learn's ``StandardScaler`` (population variance) with γ = 1, β = 0, ε = 0,
worked examples, brute-force minimisation of ½(z − v)² + t·|z| on a fine grid, and
scikit-learn's ``Lasso`` on an orthonormal design. The generated problems' answers and every
mistake are recomputed from ``problem.data`` by the loops below.
"""

from __future__ import annotations

import math
import statistics

import numpy as np
import pytest
from sklearn.linear_model import Lasso
from sklearn.preprocessing import StandardScaler

from engine import normalization, regularization
from engine.problems import generate

SEEDS = range(40)


# --- loops written from the definitions --------------------------------------------------


def _normalize_group(values: list[float], eps: float, *, unbiased: bool = False) -> list[float]:
    """(v − mean)/√(var + ε) for one list of numbers, via the statistics module."""
    mean = statistics.fmean(values)
    variance = statistics.variance(values) if unbiased else statistics.pvariance(values)
    return [(v - mean) / math.sqrt(variance + eps) for v in values]


def _batch_norm_loops(x, gamma, beta, eps, *, unbiased=False, affine=True) -> np.ndarray:
    """Feature by feature (column by column) over the batch."""
    rows, columns = len(x), len(x[0])
    out = [[0.0] * columns for _ in range(rows)]
    for j in range(columns):
        column = _normalize_group([x[i][j] for i in range(rows)], eps, unbiased=unbiased)
        for i in range(rows):
            out[i][j] = gamma[j] * column[i] + beta[j] if affine else column[i]
    return np.array(out)


def _layer_norm_loops(x, gamma, beta, eps, *, unbiased=False, affine=True) -> np.ndarray:
    """Sample by sample (row by row) over the features."""
    out = []
    for row in x:
        normalized = _normalize_group(list(row), eps, unbiased=unbiased)
        out.append(
            [g * v + b if affine else v for v, g, b in zip(normalized, gamma, beta, strict=True)]
        )
    return np.array(out)


# --- the engine against the references ---------------------------------------------------


RNG_BATCHES = [np.random.default_rng(seed).normal(size=(5, 3)) * 2 + 1 for seed in range(5)]


@pytest.mark.parametrize("x", RNG_BATCHES)
def test_batch_norm_matches_loops(x: np.ndarray) -> None:
    gamma, beta, eps = [0.5, 2.0, -1.0], [0.1, -0.3, 2.0], 0.05
    np.testing.assert_allclose(
        normalization.batch_norm_train(x, gamma, beta, eps),
        _batch_norm_loops(x.tolist(), gamma, beta, eps),
        rtol=1e-12,
        atol=1e-12,
    )


@pytest.mark.parametrize("x", RNG_BATCHES)
def test_batch_norm_without_affine_or_eps_is_standard_scaler(x: np.ndarray) -> None:
    # StandardScaler divides by the population standard deviation (ddof=0), like BatchNorm
    np.testing.assert_allclose(
        normalization.batch_norm_train(x, eps=0.0),
        StandardScaler().fit_transform(x),
        rtol=1e-12,
        atol=1e-12,
    )


def test_batch_norm_worked_example() -> None:
    # 1, 2, 3, 6: mean 3, biased variance 3.5, outputs (−2, −1, 0, 3)/√3.5
    out = normalization.batch_norm_train([[1.0], [2.0], [3.0], [6.0]], eps=0.0)
    np.testing.assert_allclose(
        out[:, 0], [-1.069044968, -0.5345224838, 0.0, 1.603567451], rtol=1e-9, atol=1e-12
    )


def test_batch_norm_output_has_mean_beta_and_variance_set_by_gamma() -> None:
    x, gamma, beta, eps = RNG_BATCHES[0], np.array([0.5, 2.0, 1.5]), np.array([1.0, 0, -2]), 0.1
    out = normalization.batch_norm_train(x, gamma, beta, eps)
    variance = x.var(axis=0)
    np.testing.assert_allclose(out.mean(axis=0), beta, atol=1e-12)
    np.testing.assert_allclose(out.var(axis=0), gamma**2 * variance / (variance + eps), rtol=1e-12)


@pytest.mark.parametrize("x", RNG_BATCHES)
def test_layer_norm_matches_loops_and_standard_scaler_per_sample(x: np.ndarray) -> None:
    gamma, beta, eps = [0.5, 2.0, -1.0], [0.1, -0.3, 2.0], 0.05
    np.testing.assert_allclose(
        normalization.layer_norm(x, gamma, beta, eps),
        _layer_norm_loops(x.tolist(), gamma, beta, eps),
        rtol=1e-12,
        atol=1e-12,
    )
    # each sample standardised over its features: StandardScaler on the transposed batch
    np.testing.assert_allclose(
        normalization.layer_norm(x, eps=0.0),
        StandardScaler().fit_transform(x.T).T,
        rtol=1e-12,
        atol=1e-12,
    )


def test_layer_norm_worked_example_and_one_sample() -> None:
    # (2, 4, 6): mean 4, biased variance 8/3, outputs (−2, 0, 2)/1.633
    np.testing.assert_allclose(
        normalization.layer_norm([2.0, 4.0, 6.0], eps=0.0),
        [-1.224744871, 0.0, 1.224744871],
        rtol=1e-9,
        atol=1e-12,
    )


def test_layer_norm_ignores_the_other_samples_and_batch_norm_does_not() -> None:
    x = RNG_BATCHES[1]
    alone = normalization.layer_norm(x[0], eps=0.1)
    np.testing.assert_allclose(normalization.layer_norm(x, eps=0.1)[0], alone, rtol=1e-12)
    changed = x.copy()
    changed[1:] *= 3
    assert not np.allclose(
        normalization.batch_norm_train(changed, eps=0.1)[0],
        normalization.batch_norm_train(x, eps=0.1)[0],
    )


@pytest.mark.parametrize(
    ("call", "kwargs"),
    [
        (normalization.batch_norm_train, {"x": [[1.0, 2.0]]}),  # one sample
        (normalization.batch_norm_train, {"x": [1.0, 2.0, 3.0]}),  # not a batch
        (normalization.batch_norm_train, {"x": [[1.0, 2.0], [3.0, 4.0]], "gamma": [1.0]}),
        (normalization.batch_norm_train, {"x": [[1.0, 2.0], [3.0, 4.0]], "eps": -1.0}),
        (normalization.layer_norm, {"x": [1.0]}),  # one feature
        (normalization.layer_norm, {"x": [[1.0, 2.0]], "beta": [0.0, 1.0, 2.0]}),
        (normalization.layer_norm, {"x": [[1.0, float("nan")]]}),
    ],
)
def test_rejects_bad_input(call, kwargs) -> None:
    with pytest.raises(ValueError):
        call(**kwargs)


# --- the soft-threshold and the proximal step ---------------------------------------------


GRID_STEP = 1e-4


@pytest.mark.parametrize("threshold", [0.0, 0.3, 1.0])
@pytest.mark.parametrize("v", [-2.0, -0.7, -0.2, 0.0, 0.15, 0.5, 1.3])
def test_soft_threshold_is_the_brute_force_minimiser(v: float, threshold: float) -> None:
    grid = np.arange(-3.0, 3.0 + GRID_STEP / 2, GRID_STEP)
    objective = 0.5 * (grid - v) ** 2 + threshold * np.abs(grid)
    best = grid[np.argmin(objective)]
    assert float(regularization.soft_threshold(v, threshold)) == pytest.approx(best, abs=GRID_STEP)


@pytest.mark.parametrize("alpha", [0.1, 0.5, 1.2])
def test_soft_threshold_matches_lasso_on_one_weight(alpha: float) -> None:
    # one sample, X = [[1]]: Lasso minimises ½(y − w)² + α|w|, the prox of α|·| at y
    for y in (-1.5, -0.3, 0.05, 0.8, 2.0):
        lasso = Lasso(alpha=alpha, fit_intercept=False, tol=1e-12).fit([[1.0]], [y])
        assert float(regularization.soft_threshold(y, alpha)) == pytest.approx(
            lasso.coef_[0], abs=1e-9
        )


def test_one_ista_step_with_unit_step_solves_the_lasso_on_an_orthonormal_design() -> None:
    # f(w) = ‖y − Xw‖²/(2n) with XᵀX = n·I: w − ∇f(w) = Xᵀy/n for every w, so one step with
    # η = 1 lands on the lasso's solution, which scikit-learn finds by coordinate descent
    rng = np.random.default_rng(7)
    samples, weights, alpha = 8, 4, 0.3
    q, _ = np.linalg.qr(rng.normal(size=(samples, weights)))
    design = math.sqrt(samples) * q
    y = design @ np.array([1.0, -0.2, 0.0, 0.6]) + 0.3 * rng.normal(size=samples)
    lasso = Lasso(alpha=alpha, fit_intercept=False, tol=1e-12, max_iter=100_000).fit(design, y)
    w = rng.normal(size=weights)
    grad = -design.T @ (y - design @ w) / samples
    step = regularization.l1_proximal_step(w, grad, learning_rate=1.0, l1_strength=alpha)
    np.testing.assert_allclose(step, lasso.coef_, atol=1e-8)
    assert np.any(step == 0)


def test_proximal_step_matches_loops() -> None:
    w, grad, eta, lam = [0.5, -0.1, 1.2, -0.9], [1.0, 0.2, -0.4, 0.5], 0.2, 1.5
    expected = []
    for wi, gi in zip(w, grad, strict=True):
        v = wi - eta * gi
        expected.append(math.copysign(max(abs(v) - eta * lam, 0.0), v))
    np.testing.assert_allclose(regularization.l1_proximal_step(w, grad, eta, lam), expected)


@pytest.mark.parametrize(
    ("grad", "eta", "lam"), [([1.0], 0.1, 1.0), ([1.0, 2.0], 0.0, 1.0), ([1.0, 2.0], 0.1, -1.0)]
)
def test_proximal_step_rejects_bad_input(grad, eta, lam) -> None:
    with pytest.raises(ValueError):
        regularization.l1_proximal_step([1.0, 2.0], grad, eta, lam)


def test_soft_threshold_rejects_a_negative_threshold() -> None:
    with pytest.raises(ValueError):
        regularization.soft_threshold([1.0], -0.1)


# --- the generated problems --------------------------------------------------------------


def _mistakes(problem) -> dict[str, np.ndarray]:
    return {m.id: np.asarray(m.value, dtype=float) for m in problem.mistakes}


def _check_mistakes(problem, expected: dict[str, np.ndarray]) -> None:
    found = _mistakes(problem)
    assert set(found) <= set(expected), set(found) - set(expected)
    for mistake_id, value in found.items():
        np.testing.assert_allclose(
            value, expected[mistake_id], rtol=1e-9, atol=1e-12, err_msg=mistake_id
        )


@pytest.mark.parametrize("seed", SEEDS)
def test_batchnorm_problem(seed: int) -> None:
    problem = generate("norm.batchnorm.forward", seed)
    data = problem.data
    x, gamma, beta, eps = data["x"], data["gamma"], data["beta"], data["eps"]
    np.testing.assert_allclose(
        problem.answer, _batch_norm_loops(x, gamma, beta, eps), rtol=1e-9, atol=1e-12
    )
    _check_mistakes(
        problem,
        {
            "unbiased_variance": _batch_norm_loops(x, gamma, beta, eps, unbiased=True),
            "normalised_over_features": _layer_norm_loops(x, gamma, beta, eps),
            "forgot_affine": _batch_norm_loops(x, gamma, beta, eps, affine=False),
        },
    )
    assert "biased variance" in problem.prompt["en"] and "有偏方差" in problem.prompt["zh"]


def _eps_outside_root(x, gamma, beta, eps) -> np.ndarray:
    out = []
    for row in x:
        mean, deviation = statistics.fmean(row), statistics.pstdev(row)
        out.append(
            [
                g * (v - mean) / (deviation + eps) + b
                for v, g, b in zip(row, gamma, beta, strict=True)
            ]
        )
    return np.array(out)


@pytest.mark.parametrize("seed", SEEDS)
def test_layernorm_problem(seed: int) -> None:
    problem = generate("norm.layernorm.forward", seed)
    data = problem.data
    x, gamma, beta, eps = data["x"], data["gamma"], data["beta"], data["eps"]
    assert len(x) == 2
    np.testing.assert_allclose(
        problem.answer, _layer_norm_loops(x, gamma, beta, eps), rtol=1e-9, atol=1e-12
    )
    _check_mistakes(
        problem,
        {
            "normalised_over_batch": _batch_norm_loops(x, gamma, beta, eps),
            "unbiased_variance": _layer_norm_loops(x, gamma, beta, eps, unbiased=True),
            "eps_outside_root": _eps_outside_root(x, gamma, beta, eps),
            "forgot_affine": _layer_norm_loops(x, gamma, beta, eps, affine=False),
        },
    )


@pytest.mark.parametrize("seed", SEEDS)
def test_soft_threshold_problem(seed: int) -> None:
    problem = generate("reg.soft_threshold.step", seed)
    data = problem.data
    w, grad, eta, lam = data["w"], data["grad"], data["eta"], data["lam"]
    threshold = eta * lam
    moved = [wi - eta * gi for wi, gi in zip(w, grad, strict=True)]
    expected = [math.copysign(max(abs(v) - threshold, 0.0), v) for v in moved]
    np.testing.assert_allclose(problem.answer, expected, atol=1e-12)
    assert problem.start == w
    # the draw shows both outcomes of the prox: a weight set to 0 and one that survives
    assert any(abs(v) < threshold for v in moved) and any(abs(v) > threshold for v in moved)
    _check_mistakes(
        problem,
        {
            "threshold_lambda": np.array([math.copysign(max(abs(v) - lam, 0.0), v) for v in moved]),
            "subgradient_step": np.array(
                [
                    wi - eta * (gi + lam * math.copysign(1.0, wi))
                    for wi, gi in zip(w, grad, strict=True)
                ]
            ),
            "hard_threshold": np.array([v if abs(v) > threshold else 0.0 for v in moved]),
        },
    )


@pytest.mark.parametrize(
    ("family", "mistake_ids"),
    [
        (
            "norm.batchnorm.forward",
            {"unbiased_variance", "normalised_over_features", "forgot_affine"},
        ),
        (
            "norm.layernorm.forward",
            {"normalised_over_batch", "unbiased_variance", "eps_outside_root", "forgot_affine"},
        ),
        ("reg.soft_threshold.step", {"threshold_lambda", "subgradient_step", "hard_threshold"}),
    ],
)
def test_every_named_mistake_is_offered(family: str, mistake_ids: set[str]) -> None:
    offered = {m.id for seed in SEEDS for m in generate(family, seed).mistakes}
    assert offered == mistake_ids
