"""Cosine decay with warm-up and PyTorch's step decay: the engine functions against worked
examples (PyTorch's StepLR documentation) and the closed forms written independently, and
the generated problems' answers and mistakes recomputed from their data."""

from __future__ import annotations

import numpy as np
import pytest

from engine import optim
from engine.problems import generate

SEEDS = range(40)


def _cosine_annealing(t_cur: float, t_max: float, eta_max: float) -> float:
    """PyTorch's CosineAnnealingLR closed form with η_min = 0."""
    return 0.5 * eta_max * (1 + np.cos(t_cur / t_max * np.pi))


def test_cosine_lr_worked_examples() -> None:
    assert optim.cosine_lr(0, 0.1, 100) == pytest.approx(0.1)
    assert optim.cosine_lr(50, 0.1, 100) == pytest.approx(0.05)
    assert optim.cosine_lr(100, 0.1, 100) == pytest.approx(0.0, abs=1e-15)
    # warm-up: linear from 0 to η over W steps
    assert optim.cosine_lr(0, 0.1, 300, warmup_steps=100) == 0.0
    assert optim.cosine_lr(25, 0.1, 300, warmup_steps=100) == pytest.approx(0.025)
    assert optim.cosine_lr(100, 0.1, 300, warmup_steps=100) == pytest.approx(0.1)
    assert optim.cosine_lr(200, 0.1, 300, warmup_steps=100) == pytest.approx(0.05)


def test_cosine_lr_after_warmup_is_cosine_annealing_shifted_by_w() -> None:
    for step in range(100, 301, 7):
        assert optim.cosine_lr(step, 0.3, 300, 100) == pytest.approx(
            _cosine_annealing(step - 100, 200, 0.3), abs=1e-15
        )


@pytest.mark.parametrize(("step", "total", "warmup"), [(-1, 10, 0), (0, 10, 10), (0, 10, -1)])
def test_cosine_lr_rejects_bad_schedule(step, total, warmup) -> None:
    with pytest.raises(ValueError):
        optim.cosine_lr(step, 0.1, total, warmup)


def test_step_decay_matches_pytorch_documentation_example() -> None:
    # torch.optim.lr_scheduler.StepLR docs: lr = 0.05 if epoch < 30, 0.005 if 30 <= epoch < 60,
    # 0.0005 if 60 <= epoch < 90 (step_size=30, gamma=0.1)
    for epoch, expected in [(0, 0.05), (29, 0.05), (30, 0.005), (59, 0.005), (60, 0.0005), (89, 0.0005)]:
        assert optim.step_decay_lr(epoch, 0.05, 30, 0.1) == pytest.approx(expected, rel=1e-12)


def test_step_decay_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        optim.step_decay_lr(-1, 0.1, 10, 0.5)
    with pytest.raises(ValueError):
        optim.step_decay_lr(3, 0.1, 0, 0.5)


def _mistakes(problem) -> dict:
    return {m.id: m.value for m in problem.mistakes}


@pytest.mark.parametrize("seed", SEEDS)
def test_cosine_problem_answer_and_mistakes(seed: int) -> None:
    problem = generate("optim.cosine_lr.value", seed)
    d = problem.data
    base, w, total, t = d["base_lr"], d["warmup_steps"], d["total_steps"], d["step"]
    assert w <= t < total
    assert problem.answer == pytest.approx(_cosine_annealing(t - w, total - w, base), rel=1e-9)
    expected = {
        "forgot_warmup": _cosine_annealing(t, total, base),
        "off_by_one_step": _cosine_annealing(t + 1 - w, total - w, base),
        "cosine_in_degrees": 0.5 * base * (1 + np.cos(np.pi * (t - w) / (total - w) * np.pi / 180)),
    }
    for mistake_id, value in _mistakes(problem).items():
        assert value == pytest.approx(expected[mistake_id], rel=1e-9), mistake_id
    assert "forgot_warmup" in _mistakes(problem)


@pytest.mark.parametrize("seed", SEEDS)
def test_step_decay_problem_answer_and_mistakes(seed: int) -> None:
    problem = generate("optim.step_decay.value", seed)
    d = problem.data
    base, gamma, size, epoch = d["base_lr"], d["gamma"], d["step_size"], d["epoch"]
    decays = int(np.floor(epoch / size))
    assert problem.answer == pytest.approx(base * gamma**decays, rel=1e-9)
    expected = {
        "no_floor": base * gamma ** (epoch / size),
        "one_decay_too_many": base * gamma ** (decays + 1),
        "linear_decay": base * (1 - decays * (1 - gamma)),
    }
    for mistake_id, value in _mistakes(problem).items():
        assert value == pytest.approx(expected[mistake_id], rel=1e-9), mistake_id
    assert "no_floor" in _mistakes(problem)
