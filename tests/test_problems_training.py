"""Training practice: AdamW, the linear scaling rule with gradual warm-up, the stability bound
of gradient descent and gradient accumulation.

References independent of the engine: AdamW written out from the pseudo-code of PyTorch's
torch.optim.AdamW documentation (plain floats, one step at a time); the worked numbers of
Goyal et al. (2017), "Accurate, Large Minibatch SGD" (η = 0.1·kn/256, Table 1 and Figure 3);
gradient descent iterated on the quadratic just below and just above the bound; the full-batch
least-squares gradient summed sample by sample, and central finite differences of
scikit-learn's mean_squared_error. Each generated problem's answer and every mistake are
recomputed from the problem's data by that code.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from sklearn.metrics import mean_squared_error

from engine import optim
from engine.problems import generate

SEEDS = range(40)


def _mistakes(problem) -> dict:
    return {m.id: m.value for m in problem.mistakes}


# --------------------------------------------------------------------------------- AdamW


def _adamw_reference(
    theta: float,
    grads: list[float],
    *,
    lr: float = 1e-3,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
    weight_decay: float = 1e-2,
    m: float = 0.0,
    v: float = 0.0,
    t0: int = 0,
    coupled: bool = False,
    decay_factor: float | None = None,
    bias_correction: bool = True,
) -> float:
    """torch.optim.AdamW's documented algorithm, written out one scalar step at a time:
    θ ← θ − γλθ; m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²; m̂ = m/(1 − β₁ᵗ);
    v̂ = v/(1 − β₂ᵗ); θ ← θ − γ·m̂/(√v̂ + ε).

    The keyword slips model the named mistakes: ``coupled`` is torch.optim.Adam's weight decay
    (g ← g + λθ, no shrinking of θ), ``decay_factor`` replaces γλ in the shrinking, and
    ``bias_correction=False`` uses m and v as they are.
    """
    for t, g in enumerate(grads, start=t0 + 1):
        if coupled:
            g = g + weight_decay * theta
        else:
            theta = theta - (lr * weight_decay if decay_factor is None else decay_factor) * theta
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        m_hat = m / (1 - beta1**t) if bias_correction else m
        v_hat = v / (1 - beta2**t) if bias_correction else v
        theta = theta - lr * m_hat / (math.sqrt(v_hat) + eps)
    return theta


def test_adamw_first_step_worked_example() -> None:
    # lr 0.1, weight decay 0.01: θ = 1·(1 − 0.001) − 0.1·0.5/(0.5 + ε) ≈ 0.899
    theta, state = optim.adamw_step(1.0, 0.5, lr=0.1, weight_decay=0.01)
    assert float(theta) == pytest.approx(0.999 - 0.1 * 0.5 / (0.5 + 1e-8), rel=1e-14)
    assert float(theta) == pytest.approx(0.899, abs=1e-8)
    assert state["step"] == 1
    assert float(state["exp_avg"]) == pytest.approx(0.05)
    assert float(state["exp_avg_sq"]) == pytest.approx(0.00025)


def test_adamw_matches_the_documented_algorithm_over_several_steps() -> None:
    rng = np.random.default_rng(7)
    theta0 = rng.normal(size=4)
    grads = rng.normal(size=(6, 4))
    hyper = {"lr": 0.05, "weight_decay": 0.2, "betas": (0.8, 0.99), "eps": 1e-6}
    theta, state = theta0, None
    for grad in grads:
        theta, state = optim.adamw_step(theta, grad, state, **hyper)
    for i in range(4):
        expected = _adamw_reference(
            float(theta0[i]),
            [float(g) for g in grads[:, i]],
            lr=0.05,
            weight_decay=0.2,
            beta1=0.8,
            beta2=0.99,
            eps=1e-6,
        )
        assert theta[i] == pytest.approx(expected, rel=1e-12)


def test_adamw_defaults_are_pytorchs() -> None:
    # torch.optim.AdamW: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weight_decay 1e-2
    assert optim.ADAMW_DEFAULTS == {
        "lr": 1e-3,
        "betas": (0.9, 0.999),
        "eps": 1e-8,
        "weight_decay": 1e-2,
    }
    theta, _ = optim.adamw_step(2.0, -0.3)
    assert float(theta) == pytest.approx(_adamw_reference(2.0, [-0.3]), rel=1e-12)


def test_adamw_differs_from_adam_with_l2_and_keeps_its_inputs() -> None:
    theta = np.array([1.0, -2.0])
    grad = np.array([0.5, 0.1])
    decoupled, _ = optim.adamw_step(theta, grad, lr=0.1, weight_decay=0.1)
    coupled, _ = optim.step("adam", theta, grad, lr=0.1, weight_decay=0.1)
    # on the first step Adam + L2 moves each weight by exactly ±lr: the decay is normalised away
    np.testing.assert_allclose(coupled, theta - 0.1 * np.sign(grad + 0.1 * theta))
    np.testing.assert_allclose(decoupled, theta * (1 - 0.01) - 0.1 * np.sign(grad))
    np.testing.assert_array_equal(theta, [1.0, -2.0])


@pytest.mark.parametrize(
    ("hyper", "message"),
    [
        ({"momentum": 0.9}, "unknown hyperparameter 'momentum'"),
        ({"weight_decay": -0.1}, "weight_decay"),
        ({"betas": (0.9, 1.0)}, "betas"),
    ],
)
def test_adamw_rejects_bad_hyperparameters(hyper, message) -> None:
    with pytest.raises(ValueError, match=message):
        optim.adamw_step(1.0, 1.0, **hyper)


@pytest.mark.parametrize("seed", SEEDS)
def test_adamw_problem(seed: int) -> None:
    problem = generate("optim.adamw.step", seed)
    d = problem.data
    beta1, beta2 = d["betas"]
    common = {
        "lr": d["lr"],
        "weight_decay": d["weight_decay"],
        "beta1": beta1,
        "beta2": beta2,
        "eps": d["eps"],
        "m": d["exp_avg"],
        "v": d["exp_avg_sq"],
        "t0": d["step"],
    }
    assert d["steps"] == 1 and problem.start == d["theta"]
    assert problem.answer == pytest.approx(
        _adamw_reference(d["theta"], d["grads"], **common), rel=1e-9
    )
    expected = {
        "coupled_l2": _adamw_reference(d["theta"], d["grads"], coupled=True, **common),
        "decay_without_lr": _adamw_reference(
            d["theta"], d["grads"], decay_factor=d["weight_decay"], **common
        ),
        "no_bias_correction": _adamw_reference(
            d["theta"], d["grads"], bias_correction=False, **common
        ),
        "no_weight_decay": _adamw_reference(d["theta"], d["grads"], decay_factor=0.0, **common),
    }
    found = _mistakes(problem)
    assert {"coupled_l2", "decay_without_lr", "no_bias_correction"} <= set(found)
    for mistake_id, value in found.items():
        assert value == pytest.approx(expected[mistake_id], rel=1e-9), mistake_id


# ------------------------------------------------------------------------ linear scaling


@pytest.mark.parametrize(
    ("batch", "rate"),
    # Goyal et al., Figure 3 legends: η = 0.1·kn/256 from 128 to 64k images
    [(128, 0.05), (512, 0.2), (1024, 0.4), (2048, 0.8), (4096, 1.6), (8192, 3.2), (65536, 25.6)],
)
def test_linear_scaling_reproduces_the_papers_rates(batch: int, rate: float) -> None:
    assert optim.linear_scaled_lr(0.1, 256, batch) == pytest.approx(rate, rel=1e-12)


def test_gradual_warmup_rises_by_a_constant_amount_from_eta_to_the_scaled_rate() -> None:
    # Table 1: gradual warm-up starts at 0.1 and reaches 3.2 after the warm-up
    warmup = 780
    rates = [optim.gradual_warmup_lr(t, 0.1, 3.2, warmup) for t in range(warmup + 50)]
    assert rates[0] == pytest.approx(0.1)
    assert rates[warmup] == pytest.approx(3.2)
    increments = np.diff(rates[: warmup + 1])
    np.testing.assert_allclose(increments, (3.2 - 0.1) / warmup, rtol=1e-9)
    assert all(rate == 3.2 for rate in rates[warmup:])


@pytest.mark.parametrize(
    "call",
    [
        lambda: optim.linear_scaled_lr(0.1, 0, 512),
        lambda: optim.linear_scaled_lr(-0.1, 256, 512),
        lambda: optim.gradual_warmup_lr(-1, 0.1, 0.4, 10),
        lambda: optim.gradual_warmup_lr(3, 0.1, 0.4, 0),
    ],
)
def test_scaling_rejects_bad_input(call) -> None:
    with pytest.raises(ValueError):
        call()


@pytest.mark.parametrize("seed", SEEDS)
def test_linear_scaling_problem(seed: int) -> None:
    problem = generate("optim.linear_scaling.value", seed)
    d = problem.data
    eta, reference, n, k = d["base_lr"], d["base_batch"], d["per_device"], d["devices"]
    scaled = eta * (k * n) / reference
    sqrt_scaled = eta * math.sqrt(k * n / reference)
    per_device = eta * n / reference

    def ramp(target: float) -> float:
        if not d["warmup"]:
            return target
        return eta + (target - eta) * d["step"] / d["warmup_steps"]

    assert problem.answer == pytest.approx(ramp(scaled), rel=1e-9)
    expected = {
        "sqrt_scaling": ramp(sqrt_scaled),
        "per_device_batch": ramp(per_device),
        "inverse_scaling": eta * reference / (k * n),
    }
    if d["warmup"]:
        assert 0 < d["step"] < d["warmup_steps"]
        expected["warmup_from_zero"] = scaled * d["step"] / d["warmup_steps"]
        expected["no_warmup"] = scaled
    found = _mistakes(problem)
    assert "sqrt_scaling" in found
    for mistake_id, value in found.items():
        assert value == pytest.approx(expected[mistake_id], rel=1e-9), mistake_id


def test_linear_scaling_problem_has_both_forms() -> None:
    assert generate("optim.linear_scaling.value", 0, warmup=True).data["warmup"] is True
    assert generate("optim.linear_scaling.value", 0, warmup=False).data["warmup"] is False
    with pytest.raises(ValueError):
        generate("optim.linear_scaling.value", 0, warmup="yes")


# ------------------------------------------------------------------------ stability bound


def _gradient_descent_error(A: np.ndarray, b: np.ndarray, lr: float, steps: int) -> float:
    """Distance from the minimiser after ``steps`` of gradient descent from a fixed start whose
    offset has a component along every eigenvector (its irrational ratios cannot be orthogonal
    to the rational eigenvectors of an integer matrix)."""
    minimiser = np.linalg.solve(A, -b)
    x = minimiser + np.array([1.0, math.pi, math.e, math.sqrt(2)])[: len(b)]
    for _ in range(steps):
        x = x - lr * (A @ x + b)
    return float(np.linalg.norm(x - minimiser))


def _converges_just_below_and_diverges_just_above(A: np.ndarray, b: np.ndarray, bound: float):
    start = _gradient_descent_error(A, b, bound, 0)
    below = _gradient_descent_error(A, b, 0.99 * bound, 3000)
    above = _gradient_descent_error(A, b, 1.01 * bound, 3000)
    return below < 1e-6 * start and above > 1e6 * start


@pytest.mark.parametrize("size", [2, 3, 4])
def test_stability_bound_by_iterating_gradient_descent(size: int) -> None:
    rng = np.random.default_rng(size)
    for _ in range(5):
        root = rng.normal(size=(size, size))
        A = root @ root.T + 0.5 * np.eye(size)
        b = rng.normal(size=size)
        assert _converges_just_below_and_diverges_just_above(A, b, optim.largest_stable_lr(A))


def test_stability_bound_worked_example() -> None:
    # the deck's card: eigenvalues 1 and 10 give 0.2
    assert optim.largest_stable_lr(np.diag([1.0, 10.0])) == pytest.approx(0.2)


@pytest.mark.parametrize(
    "A", [[[1.0, 2.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, -1.0]], [[1.0, 2.0, 3.0]]]
)
def test_stability_bound_rejects_what_is_not_symmetric_positive_definite(A) -> None:
    with pytest.raises(ValueError):
        optim.largest_stable_lr(A)


@pytest.mark.parametrize("seed", SEEDS)
def test_stability_bound_problem(seed: int) -> None:
    problem = generate("optim.stability_bound.value", seed)
    A, b = np.array(problem.data["A"]), np.array(problem.data["b"])
    (a, c), (_, d) = A
    # 2×2 eigenvalues by the quadratic formula
    half_trace, radius = (a + d) / 2, math.sqrt(((a - d) / 2) ** 2 + c * c)
    largest, smallest = half_trace + radius, half_trace - radius
    assert smallest > 0
    assert problem.answer == pytest.approx(2 / largest, rel=1e-9)
    assert _converges_just_below_and_diverges_just_above(A, b, problem.answer)
    expected = {
        "one_over_lambda_max": 1 / largest,
        "smallest_eigenvalue": 2 / smallest,
        "trace": 2 / (a + d),
        "largest_diagonal": 2 / max(a, d),
    }
    found = _mistakes(problem)
    assert {"one_over_lambda_max", "smallest_eigenvalue", "trace"} <= set(found)
    for mistake_id, value in found.items():
        assert value == pytest.approx(expected[mistake_id], rel=1e-9), mistake_id


# ------------------------------------------------------------------ gradient accumulation


def _mean_gradient_by_samples(x, y, w: float, b: float) -> np.ndarray:
    """∂/∂(w, b) of mean (w·xᵢ + b − yᵢ)², one sample at a time."""
    total_w = total_b = 0.0
    for xi, yi in zip(x, y, strict=True):
        residual = w * xi + b - yi
        total_w += 2 * residual * xi
        total_b += 2 * residual
    return np.array([total_w, total_b]) / len(x)


def test_mse_gradient_matches_finite_differences_of_sklearns_mse() -> None:
    rng = np.random.default_rng(3)
    X = np.column_stack([rng.normal(size=7), rng.normal(size=7), np.ones(7)])
    y = rng.normal(size=7)
    theta = rng.normal(size=3)
    step = 1e-6
    numeric = [
        (
            mean_squared_error(y, X @ (theta + step * e))
            - mean_squared_error(y, X @ (theta - step * e))
        )
        / (2 * step)
        for e in np.eye(3)
    ]
    np.testing.assert_allclose(optim.mse_gradient(X, y, theta), numeric, rtol=1e-6)


@pytest.mark.parametrize("micro_batches", [1, 2, 3, 6])
def test_accumulated_gradient_equals_the_full_batch_gradient(micro_batches: int) -> None:
    rng = np.random.default_rng(micro_batches)
    x, y = rng.normal(size=6), rng.normal(size=6)
    X = np.column_stack([x, np.ones(6)])
    np.testing.assert_allclose(
        optim.accumulated_gradient(X, y, [0.7, -0.2], micro_batches),
        _mean_gradient_by_samples(x, y, 0.7, -0.2),
        rtol=1e-12,
    )


@pytest.mark.parametrize("micro_batches", [0, 4, 2.0, True])
def test_accumulated_gradient_needs_equal_micro_batches(micro_batches) -> None:
    X = np.column_stack([np.arange(6.0), np.ones(6)])
    with pytest.raises(ValueError, match="micro_batches"):
        optim.accumulated_gradient(X, np.zeros(6), [1.0, 0.0], micro_batches)


@pytest.mark.parametrize("seed", SEEDS)
def test_grad_accumulation_problem(seed: int) -> None:
    problem = generate("optim.grad_accumulation.value", seed)
    d = problem.data
    x, y, w, b, k = d["x"], d["y"], d["w"], d["b"], d["micro_batches"]
    size = len(x) // k
    assert size * k == len(x)
    np.testing.assert_allclose(problem.answer, _mean_gradient_by_samples(x, y, w, b), rtol=1e-9)
    micro = [
        _mean_gradient_by_samples(x[j * size : (j + 1) * size], y[j * size : (j + 1) * size], w, b)
        for j in range(k)
    ]
    expected = {
        "not_divided_by_k": np.sum(micro, axis=0),
        "divided_by_samples_twice": np.sum(micro, axis=0) / len(x),
        "zeroed_each_micro_batch": micro[-1] / k,
    }
    found = _mistakes(problem)
    assert "not_divided_by_k" in found
    for mistake_id, value in found.items():
        np.testing.assert_allclose(value, expected[mistake_id], rtol=1e-9, err_msg=mistake_id)
