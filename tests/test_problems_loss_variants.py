"""Focal loss, label smoothing, pinball loss and log-sum-exp: the engine functions against
independent references (scikit-learn, SciPy, the formulas as PyTorch/torchvision write them,
worked examples by hand), and the generated problems' answers and mistakes recomputed from
their data by those references."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.special import logsumexp as scipy_logsumexp
from sklearn.metrics import log_loss, mean_pinball_loss

from engine import losses
from engine.problems import generate

SEEDS = range(40)


def _torchvision_focal(y: np.ndarray, p: np.ndarray, alpha: float, gamma: float) -> float:
    """torchvision.ops.sigmoid_focal_loss, written on probabilities: ce·(1 − pₜ)^γ·αₜ, mean."""
    ce = -(y * np.log(p) + (1 - y) * np.log(1 - p))
    p_t = p * y + (1 - p) * (1 - y)
    alpha_t = alpha * y + (1 - alpha) * (1 - y)
    return float(np.mean(alpha_t * ce * (1 - p_t) ** gamma))


# ------------------------------------------------------------------------- engine functions


def test_focal_loss_worked_example() -> None:
    # y = 1, p = 0.9, α = 0.25, γ = 2: 0.25·0.1²·(−ln 0.9) = 0.0025·0.1053605 = 2.634e-4
    assert losses.focal_loss([1], [0.9], alpha=0.25, gamma=2) == pytest.approx(
        0.25 * 0.01 * 0.10536051565782628, rel=1e-12
    )


def test_focal_loss_with_gamma_0_and_alpha_half_is_half_the_log_loss() -> None:
    y, p = np.array([1, 0, 1, 0]), np.array([0.3, 0.4, 0.8, 0.05])
    assert losses.focal_loss(y, p, alpha=0.5, gamma=0) == pytest.approx(0.5 * log_loss(y, p))


def test_focal_loss_matches_torchvision_formula() -> None:
    rng = np.random.default_rng(3)
    for _ in range(20):
        y = rng.integers(0, 2, size=5).astype(float)
        p = rng.uniform(0.01, 0.99, size=5)
        alpha, gamma = rng.uniform(0, 1), rng.uniform(0, 4)
        assert losses.focal_loss(y, p, alpha, gamma) == pytest.approx(
            _torchvision_focal(y, p, alpha, gamma), rel=1e-12
        )


@pytest.mark.parametrize(
    ("y", "p", "kwargs"),
    [([2], [0.5], {}), ([1], [1.0], {}), ([1], [0.5], {"alpha": 1.5}), ([1], [0.5], {"gamma": -1})],
)
def test_focal_loss_rejects_bad_input(y, p, kwargs) -> None:
    with pytest.raises(ValueError):
        losses.focal_loss(y, p, **kwargs)


def test_label_smoothing_matches_pytorch_decomposition() -> None:
    # PyTorch: (1 − ε)·nll(true class) + ε·mean over classes of −ln pₖ
    rng = np.random.default_rng(5)
    for _ in range(20):
        k = int(rng.integers(2, 7))
        p = rng.dirichlet(np.ones(k))
        label, eps = int(rng.integers(0, k)), float(rng.uniform(0, 1))
        expected = (1 - eps) * -math.log(p[label]) + eps * float(np.mean(-np.log(p)))
        assert losses.label_smoothing_crossentropy(label, p, eps) == pytest.approx(expected)


def test_label_smoothing_worked_example() -> None:
    # K = 2, p = [0.5, 0.5]: every target gives ln 2
    assert losses.label_smoothing_crossentropy(0, [0.5, 0.5], 0.3) == pytest.approx(math.log(2))


def test_pinball_matches_scikit_learn() -> None:
    rng = np.random.default_rng(7)
    for _ in range(20):
        y, pred = rng.normal(size=6), rng.normal(size=6)
        tau = float(rng.uniform(0.01, 0.99))
        assert losses.pinball(y, pred, tau) == pytest.approx(
            mean_pinball_loss(y, pred, alpha=tau), rel=1e-12
        )


def test_pinball_rejects_tau_outside_open_interval() -> None:
    with pytest.raises(ValueError):
        losses.pinball([1.0], [0.0], 1.0)


def test_logsumexp_matches_scipy_and_survives_large_values() -> None:
    rng = np.random.default_rng(11)
    for _ in range(20):
        x = rng.normal(scale=5, size=int(rng.integers(1, 8)))
        assert losses.logsumexp(x) == pytest.approx(scipy_logsumexp(x), rel=1e-12)
    # 1000 + ln 2, where a naive exp(1000) overflows
    assert losses.logsumexp([1000.0, 1000.0]) == pytest.approx(1000 + math.log(2), rel=1e-15)


# --------------------------------------------------------------------------- the families


def _mistake(problem, mistake_id):
    values = {m.id: m.value for m in problem.mistakes}
    return values.get(mistake_id)


@pytest.mark.parametrize("seed", SEEDS)
def test_focal_problem_answer_and_mistakes(seed: int) -> None:
    problem = generate("loss.focal.value", seed)
    y, p = np.array(problem.data["y"]), np.array(problem.data["p"])
    alpha, gamma = problem.data["alpha"], problem.data["gamma"]
    assert problem.answer == pytest.approx(_torchvision_focal(y, p, alpha, gamma), rel=1e-9)
    expected = {
        "forgot_alpha": _torchvision_focal(y, p, 0.5, gamma) * 2,
        "gamma_on_p": float(
            np.mean(
                np.where(y == 1, alpha, 1 - alpha)
                * np.where(y == 1, p, 1 - p) ** gamma
                * -np.log(np.where(y == 1, p, 1 - p))
            )
        ),
        "sum_instead_of_mean": 3 * _torchvision_focal(y, p, alpha, gamma),
    }
    for mistake_id, value in expected.items():
        got = _mistake(problem, mistake_id)
        if got is not None:
            assert got == pytest.approx(value, rel=1e-9), mistake_id
    assert f"γ = {gamma}" in problem.prompt["en"] and f"γ = {gamma}" in problem.prompt["zh"]


@pytest.mark.parametrize("seed", SEEDS)
def test_label_smoothing_problem_answer_and_mistakes(seed: int) -> None:
    problem = generate("loss.label_smoothing.value", seed)
    p, label, eps = np.array(problem.data["p"]), problem.data["label"], problem.data["epsilon"]
    k = p.size
    assert math.isclose(p.sum(), 1.0, abs_tol=1e-9) and np.all(p > 0)
    nll = -math.log(p[label])
    assert problem.answer == pytest.approx((1 - eps) * nll + eps * float(np.mean(-np.log(p))))
    other = float(np.sum(np.delete(-np.log(p), label)))
    expected = {"smoothed_over_other_classes": (1 - eps) * nll + eps / (k - 1) * other, "no_smoothing": nll}
    for mistake_id, value in expected.items():
        got = _mistake(problem, mistake_id)
        if got is not None:
            assert got == pytest.approx(value, rel=1e-9), mistake_id


@pytest.mark.parametrize("seed", SEEDS)
def test_pinball_problem_answer_and_mistakes(seed: int) -> None:
    problem = generate("loss.pinball.value", seed)
    y, pred, tau = np.array(problem.data["y"]), np.array(problem.data["y_pred"]), problem.data["tau"]
    assert problem.answer == pytest.approx(mean_pinball_loss(y, pred, alpha=tau), rel=1e-9)
    expected = {
        "swapped_tau": mean_pinball_loss(y, pred, alpha=1 - tau),
        "sum_instead_of_mean": 4 * mean_pinball_loss(y, pred, alpha=tau),
    }
    for mistake_id, value in expected.items():
        got = _mistake(problem, mistake_id)
        if got is not None:
            assert got == pytest.approx(value, rel=1e-9), mistake_id


@pytest.mark.parametrize("seed", SEEDS)
def test_logsumexp_problem_answer_and_mistakes(seed: int) -> None:
    problem = generate("loss.logsumexp.value", seed)
    x = np.array(problem.data["x"])
    assert problem.answer == pytest.approx(scipy_logsumexp(x), rel=1e-9)
    assert _mistake(problem, "forgot_max_back") == pytest.approx(scipy_logsumexp(x) - x.max())


def test_swapped_tau_is_recognised_in_every_pinball_draw() -> None:
    # τ is never 0.5, so swapping τ and 1 − τ always changes the loss when residuals of both
    # signs differ in size; the family keeps the mistake whenever it is distinguishable
    kept = sum(_mistake(generate("loss.pinball.value", s), "swapped_tau") is not None for s in SEEDS)
    assert kept >= len(SEEDS) * 0.9
