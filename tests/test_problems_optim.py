"""The optimizer problem families: every answer recomputed through ``engine.optim`` (an
independent path from the generators' hand-worked arithmetic), the worked solution ending
on the answer, the answer typed to 4 significant figures graded right, every listed
mistake graded wrong and recognised, and the same seed giving the same problem."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from helpers import final_value, typed

from engine import optim
from engine.grading import grade
from engine.problem import Problem
from engine.problems import generate
from engine.problems.optimizers import FAMILIES

SEEDS = range(50)

FIRST_ORDER = {
    "optim.sgd.step": "sgd",
    "optim.momentum.step": "momentum",
    "optim.nesterov.step": "nesterov",
    "optim.adagrad.step": "adagrad",
    "optim.rmsprop.step": "rmsprop",
    "optim.adadelta.step": "adadelta",
    "optim.adam.step": "adam",
}


def _state(name: str, data: dict) -> dict | None:
    """The optimizer state a problem starts from, in engine.optim's (PyTorch's) keys."""
    if name in ("momentum", "nesterov") and np.any(data["buffer"]):
        return {"step": 1, "momentum_buffer": data["buffer"]}
    if name == "adagrad" and data["sum_squares"]:
        return {"step": 1, "sum": data["sum_squares"]}
    if name == "rmsprop" and data["square_avg"]:
        return {"step": 1, "square_avg": data["square_avg"]}
    if name == "adadelta":
        return {"step": 1, "square_avg": data["square_avg"], "acc_delta": data["acc_delta"]}
    if name == "adam" and data["step"]:
        return {"step": data["step"], "exp_avg": data["exp_avg"], "exp_avg_sq": data["exp_avg_sq"]}
    return None


_HYPER_KEYS = ("lr", "momentum", "alpha", "rho", "eps", "betas")


def recompute(problem: Problem):
    """The answer recomputed through engine.optim from the problem's data."""
    data = problem.data
    family = problem.family
    if family in FIRST_ORDER:
        name = FIRST_ORDER[family]
        hyper = {key: data[key] for key in _HYPER_KEYS if key in data}
        if "betas" in hyper:
            hyper["betas"] = tuple(hyper["betas"])
        theta, state = np.asarray(data["theta"], dtype=float), _state(name, data)
        assert len(data["grads"]) == data["steps"]
        for grad in data["grads"]:
            theta, state = optim.step(name, theta, np.asarray(grad, dtype=float), state, **hyper)
        return theta
    if family == "optim.adamw.step":  # Adam's state, plus the decoupled decay
        hyper = {key: data[key] for key in ("lr", "eps", "weight_decay")}
        theta, _ = optim.adamw_step(
            data["theta"],
            data["grads"][0],
            _state("adam", data),
            betas=tuple(data["betas"]),
            **hyper,
        )
        return theta
    if family == "optim.newton.step":
        new = optim.newton_step(data["expression"], data["variables"], data["point"])
        return new[0] if len(new) == 1 else new
    if family == "optim.conjugate_gradient.step":
        return optim.conjugate_gradient(data["A"], data["b"], data["x0"], 1)
    if family == "optim.bfgs.update":
        return optim.bfgs_update(data["H"], data["s"], data["y"])
    raise AssertionError(family)


def problems(family: str) -> list[Problem]:
    return [generate(family, seed) for seed in SEEDS]


def test_every_family_is_registered():
    assert set(FAMILIES) == {
        *FIRST_ORDER,
        "optim.adamw.step",
        "optim.newton.step",
        "optim.conjugate_gradient.step",
        "optim.bfgs.update",
    }


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_answer_matches_the_math_core(family):
    for problem in problems(family):
        expected = recompute(problem)
        assert problem.tolerance.accepts_all(problem.answer, expected), (problem.seed, expected)
        assert np.allclose(problem.answer, expected, rtol=1e-9, atol=1e-9), problem.seed


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_solution_ends_on_the_answer(family):
    for problem in problems(family):
        assert problem.tolerance.accepts_all(final_value(problem), problem.answer), problem.seed


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_typed_answer_grades_right_and_mistakes_are_recognised(family):
    for problem in problems(family):
        verdict = grade(problem, typed(problem, problem.answer))
        assert verdict.status == "correct", (problem.seed, verdict)
        assert problem.mistakes, problem.seed
        for mistake in problem.mistakes:
            verdict = grade(problem, typed(problem, mistake.value))
            assert verdict.status == "incorrect", (problem.seed, mistake.id)
            assert verdict.mistake == mistake.id, (problem.seed, mistake.id, verdict.mistake)


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_same_seed_same_problem(family):
    for seed in (0, 7, 123456):
        assert generate(family, seed).to_dict() == generate(family, seed).to_dict()
    assert len({str(generate(family, seed).data) for seed in range(10)}) > 5


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_texts_are_bilingual_and_timed(family):
    problem = generate(family, 3)
    for text in (problem.prompt, problem.hint, problem.solution):
        assert text["en"] and text["zh"]
    for text in (problem.prompt, problem.hint):
        assert re.search(r"[\u4e00-\u9fff]", text["zh"])
    assert 60 <= problem.target_seconds <= 180
    for mistake in problem.mistakes:
        assert mistake.feedback["en"] and re.search(r"[\u4e00-\u9fff]", mistake.feedback["zh"])


@pytest.mark.parametrize("family", sorted(FIRST_ORDER))
@pytest.mark.parametrize("steps", [1, 2])
def test_steps_parameter(family, steps):
    for seed in range(20):
        problem = generate(family, seed, steps=steps)
        assert problem.data["steps"] == steps == len(problem.data["grads"])
        assert np.allclose(problem.answer, recompute(problem))


@pytest.mark.parametrize("family", ["optim.momentum.step", "optim.nesterov.step"])
def test_momentum_state_matters(family):
    """One step starts from a non-zero buffer and two steps reuse it, so plain SGD differs."""
    for steps in (1, 2):
        for seed in range(20):
            problem = generate(family, seed, steps=steps)
            sgd = np.asarray(problem.data["theta"]) - problem.data["lr"] * np.sum(
                problem.data["grads"], axis=0
            )
            assert not problem.tolerance.accepts_all(sgd, problem.answer)


def test_adam_without_bias_correction_is_a_listed_mistake():
    """A first Adam step from zero moves by exactly lr·sign(g) (m̂ = g, v̂ = g²); without
    bias correction the step is lr·0.1/√0.001 ≈ 3.16·lr instead."""
    for seed in range(20):
        problem = generate("optim.adam.step", seed, steps=2)
        theta, (g1, _g2), lr = problem.data["theta"], problem.data["grads"], problem.data["lr"]
        first = theta - lr * np.sign(g1)
        assert np.isclose(optim.step("adam", theta, g1, lr=lr)[0], first)
        ids = {m.id for m in problem.mistakes}
        assert "no_bias_correction" in ids


def test_newton_variables_parameter():
    for variables in (1, 2):
        for seed in range(20):
            problem = generate("optim.newton.step", seed, variables=variables)
            assert len(problem.data["variables"]) == variables
            assert problem.kind == ("scalar" if variables == 1 else "vector")


def test_newton_one_variable_by_hand():
    """f = x⁴ at x₀ = 1: f′ = 4, f″ = 12, x₁ = 1 − 4/12 = 2/3 — the same rule the generator uses."""
    assert np.isclose(optim.newton_step("x^4", ["x"], [1.0])[0], 2 / 3)


@pytest.mark.parametrize(
    ("family", "params"),
    [
        ("optim.sgd.step", {"steps": 3}),
        ("optim.adam.step", {"steps": True}),
        ("optim.momentum.step", {"stepz": 1}),
        ("optim.newton.step", {"variables": 3}),
        ("optim.bfgs.update", {"steps": 1}),
    ],
)
def test_bad_parameters_are_named(family, params):
    with pytest.raises(ValueError, match=next(iter(params))):
        generate(family, 0, **params)


def _gradients_reaching(m: float, v: float, t: int) -> list[float] | None:
    """t gradients that take Adam's moments from zero to (m, v), or None if none do.

    Tries g₁..g_{t−1} proportional to aᵢ/bᵢ and a free g_t (aᵢ = 0.1·0.9^(t−i),
    bᵢ = 0.001·0.999^(t−i)): two unknowns, one linear and one quadratic equation.
    """
    a = [0.1 * 0.9 ** (t - i) for i in range(1, t + 1)]
    b = [0.001 * 0.999 ** (t - i) for i in range(1, t + 1)]
    if t == 1:
        g = m / a[0]
        return [g] if math.isclose(b[0] * g * g, v, rel_tol=1e-9) else None
    big_a = sum(x * x / y for x, y in zip(a[:-1], b[:-1], strict=True))
    # (m − a_t·β)²/A + b_t·β² = v, a quadratic in β
    qa, qb, qc = a[-1] ** 2 / big_a + b[-1], -2 * m * a[-1] / big_a, m * m / big_a - v
    disc = qb * qb - 4 * qa * qc
    if disc < 0:
        return None
    beta = (-qb + math.sqrt(disc)) / (2 * qa)
    alpha = (m - a[-1] * beta) / big_a
    return [alpha * x / y for x, y in zip(a[:-1], b[:-1], strict=True)] + [beta]


@pytest.mark.parametrize("seed", range(40))
def test_adam_one_step_problems_start_from_moments_some_gradients_reach(seed):
    problem = generate("optim.adam.step", seed, steps=1)
    m0, v0, t0 = problem.data["exp_avg"], problem.data["exp_avg_sq"], problem.data["step"]
    grads = _gradients_reaching(m0, v0, t0)
    assert grads is not None, (m0, v0, t0)
    m = v = 0.0
    for g in grads:  # torch.optim.Adam's moment updates, from zero
        m, v = 0.9 * m + 0.1 * g, 0.999 * v + 0.001 * g * g
    assert math.isclose(m, m0, rel_tol=1e-9) and math.isclose(v, v0, rel_tol=1e-9)
