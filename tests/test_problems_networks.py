"""Derivative, network and clipping problems: every answer recomputed through the math core
(engine.losses.gradient, engine.activations, engine.clipping) or by finite differences, both
independent of the generators' own arithmetic."""

from __future__ import annotations

import numpy as np
import pytest

from engine import activations, clipping, expr, losses, precision
from engine.formatting import fmt, fmt_matrix, fmt_vector
from engine.problems import generate

SEEDS = range(50)
DERIVATIVE_LOSSES = [
    "mean_squared_error",
    "mean_absolute_error",
    "huber",
    "log_cosh",
    "binary_crossentropy",
]


def _mistakes(problem) -> dict:
    return {m.id: m.value for m in problem.mistakes}


def _ends_with_answer(problem, shown: str) -> None:
    """The worked steps end on the answer; where four significant figures are too coarse for
    the stated precision, one more line gives it at that precision."""
    for lang in ("en", "zh"):
        lines = problem.solution[lang].rstrip().splitlines()
        if lines[-1].startswith(("Answer (", "答案（")):
            assert lines[-1].endswith(f"= {precision.shown_answer(problem)}")
            lines.pop()
        assert lines[-1].endswith(shown), (problem.family, problem.seed)


# --- derivatives: values ------------------------------------------------------------------


@pytest.mark.parametrize("name", DERIVATIVE_LOSSES)
def test_gradient_vector_matches_the_math_core(name: str) -> None:
    for seed in SEEDS:
        problem = generate(f"deriv.{name}.value", seed)
        y, yhat = problem.data["y_true"], problem.data["y_pred"]
        expected = losses.gradient(name, y, yhat)
        np.testing.assert_allclose(problem.answer, expected, rtol=1e-9, err_msg=str(seed))
        _ends_with_answer(problem, fmt_vector(problem.answer))
        assert _mistakes(problem)["sign_flipped"] == pytest.approx(list(-expected))


def test_softmax_gradient_matches_the_math_core() -> None:
    for seed in SEEDS:
        problem = generate("deriv.softmax_crossentropy.value", seed)
        logits, y = problem.data["logits"], problem.data["y_true"]
        expected = losses.gradient("categorical_crossentropy", y, logits, from_logits=True)
        np.testing.assert_allclose(problem.answer, expected, rtol=1e-9, err_msg=str(seed))
        np.testing.assert_allclose(
            _mistakes(problem)["missing_target"], activations.softmax(logits), rtol=1e-9
        )
        _ends_with_answer(problem, fmt_vector(problem.answer))


def test_huber_gradient_exercises_both_branches() -> None:
    for seed in SEEDS:
        problem = generate("deriv.huber.value", seed)
        errors = np.abs(np.subtract(problem.data["y_pred"], problem.data["y_true"]))
        assert (errors <= 1).any() and (errors > 1).any()


# --- derivatives: expressions -------------------------------------------------------------


def _point(problem, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Targets and predictions of n outputs, in the region the prompt names."""
    n = problem.data["n"]
    if problem.family.startswith("deriv.binary_crossentropy"):
        return rng.integers(0, 2, n).astype(float), rng.uniform(0.1, 0.9, n)
    y = rng.uniform(-1, 1, n)
    if problem.family.startswith("deriv.mean_absolute_error"):
        gap = rng.uniform(0.2, 1.0, n)
        return y, y + (gap if problem.data["yhat_above_y"] else -gap)
    if problem.family.startswith("deriv.huber"):
        delta = problem.data["delta"]
        inside = rng.uniform(-0.9, 0.9, n) * delta
        beyond = delta + rng.uniform(0.1, 1.0, n)
        gap = {"inside": inside, "above": beyond, "below": -beyond}[problem.data["branch"]]
        return y, y + gap
    return y, y + rng.uniform(-1.5, 1.5, n)


@pytest.mark.parametrize("name", DERIVATIVE_LOSSES)
def test_expression_answer_is_the_math_core_gradient(name: str) -> None:
    rng = np.random.default_rng(0)
    for seed in range(20):
        problem = generate(f"deriv.{name}.expression", seed)
        assert problem.kind == "expression" and problem.variables == ("y", "yhat")
        params = {"delta": problem.data["delta"]} if name == "huber" else {}
        differs = dict.fromkeys((m.id for m in problem.mistakes), False)
        for _ in range(3):
            y, yhat = _point(problem, rng)
            gradient = losses.gradient(name, y, yhat, **params)
            for i in range(y.size):
                values = {"y": float(y[i]), "yhat": float(yhat[i])}
                assert expr.evaluate(problem.answer, values) == pytest.approx(
                    gradient[i], rel=1e-9, abs=1e-12
                ), (seed, problem.answer)
                for mistake in problem.mistakes:
                    wrong = expr.evaluate(mistake.value, values)
                    differs[mistake.id] |= wrong != pytest.approx(gradient[i], rel=1e-6)
        assert all(differs.values()), (seed, differs)
        _ends_with_answer(problem, problem.answer)


def test_softmax_expression_is_the_math_core_gradient_over_a_batch() -> None:
    rng = np.random.default_rng(1)
    for seed in range(20):
        problem = generate("deriv.softmax_crossentropy.expression", seed)
        batch = problem.data["batch"]
        logits = rng.normal(size=(batch, 3))
        targets = np.eye(3)[rng.integers(0, 3, batch)]
        gradient = losses.gradient("categorical_crossentropy", targets, logits, from_logits=True)
        probabilities = activations.softmax(logits)
        for i in range(batch):
            for j in range(3):
                values = {"p": float(probabilities[i, j]), "y": float(targets[i, j])}
                assert expr.evaluate(problem.answer, values) == pytest.approx(
                    gradient[i, j], rel=1e-9, abs=1e-12
                )


# --- networks -----------------------------------------------------------------------------


def test_activation_derivative_matches_the_math_core() -> None:
    seen = set()
    for seed in range(100):
        problem = generate("activation.derivative", seed)
        name, x = problem.data["activation"], problem.data["x"]
        params = {"alpha": problem.data["alpha"]} if name == "leaky_relu" else {}
        expected = float(activations.derivative(name, x, **params))
        assert problem.answer == pytest.approx(expected, rel=1e-9, abs=1e-12), seed
        _ends_with_answer(problem, fmt(problem.answer))
        seen.add(name)
    assert seen == {"sigmoid", "tanh", "relu", "leaky_relu"}


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu", "leaky_relu"])
def test_activation_parameter_fixes_the_function(activation: str) -> None:
    assert generate("activation.derivative", 3, activation=activation).data["activation"] == (
        activation
    )


def test_activation_parameter_is_checked() -> None:
    with pytest.raises(ValueError, match="activation"):
        generate("activation.derivative", 0, activation="swish")


def _network_loss(data: dict, first_weight: float) -> float:
    """½(ŷ − y)² of the one-unit-wide network, built from engine.activations."""
    weights = [first_weight, *data["weights"][1:]]
    h = data["x"]
    for w in weights[:-1]:
        h = float(activations.activate(data["activation"], w * h))
    return 0.5 * (weights[-1] * h - data["y"]) ** 2


def test_chain_rule_answer_matches_finite_differences() -> None:
    step = 1e-6
    for seed in SEEDS:
        problem = generate("backprop.chain_rule", seed)
        w1 = problem.data["weights"][0]
        numeric = (
            _network_loss(problem.data, w1 + step) - _network_loss(problem.data, w1 - step)
        ) / (2 * step)
        assert problem.answer == pytest.approx(numeric, rel=1e-5, abs=1e-9), seed
        assert _mistakes(problem)["sign_flipped"] == pytest.approx(-numeric, rel=1e-5)
        _ends_with_answer(problem, fmt(problem.answer))


@pytest.mark.parametrize("layers", [2, 3])
def test_chain_rule_layers_parameter(layers: int) -> None:
    for seed in range(10):
        problem = generate("backprop.chain_rule", seed, layers=layers, activation="tanh")
        assert len(problem.data["weights"]) == layers
        assert problem.data["activation"] == "tanh"


def test_chain_rule_parameters_are_checked() -> None:
    with pytest.raises(ValueError, match="layers"):
        generate("backprop.chain_rule", 0, layers=5)


def test_vanishing_gradient_matches_finite_differences_through_sigmoid_layers() -> None:
    # central differences: a step this size keeps round-off (~1e-16/step) well below
    # gradients as small as 1e-8, and truncation (~step²) below 1e-4 relative
    step = 1e-3
    for seed in SEEDS:
        problem = generate("gradient.vanishing", seed)
        data = problem.data
        n, w, z = data["layers"], data["weight"], data["preactivation"]
        # biases chosen so that every pre-activation is z at h₀ = 0.3
        biases, h = [], 0.3
        for _ in range(n):
            biases.append(z - w * h)
            h = float(activations.sigmoid(z))

        def top(h0: float, biases=biases, w=w) -> float:
            for b in biases:
                h0 = float(activations.sigmoid(w * h0 + b))
            return h0

        numeric = data["upstream"] * (top(0.3 + step) - top(0.3 - step)) / (2 * step)
        assert problem.answer == pytest.approx(numeric, rel=1e-4), seed
        slope = float(activations.derivative("sigmoid", z))
        assert problem.answer == pytest.approx(data["upstream"] * (w * slope) ** n, rel=1e-12)
        _ends_with_answer(problem, fmt(problem.answer))


def test_exploding_gradient_is_the_product_of_the_weights() -> None:
    for seed in SEEDS:
        problem = generate("gradient.exploding", seed)
        data = problem.data
        gradient = data["upstream"]
        for _ in range(data["layers"]):
            gradient *= data["weight"]  # ∂hₖ/∂hₖ₋₁ = w for a linear layer
        assert problem.answer == pytest.approx(gradient, rel=1e-12)
        assert problem.answer > data["upstream"]
        _ends_with_answer(problem, fmt(problem.answer))


# --- clipping -----------------------------------------------------------------------------


def test_clip_by_value_matches_the_math_core() -> None:
    for seed in SEEDS:
        problem = generate("clip.by_value", seed)
        g, c = problem.data["gradient"], problem.data["clipvalue"]
        np.testing.assert_allclose(problem.answer, clipping.clip_by_value(g, c))
        np.testing.assert_allclose(
            _mistakes(problem)["clipped_by_norm"], clipping.clip_by_norm(g, c), rtol=1e-9
        )
        _ends_with_answer(problem, fmt_vector(problem.answer))


def test_clip_by_norm_matches_the_math_core() -> None:
    for seed in SEEDS:
        problem = generate("clip.by_norm", seed)
        g, c = problem.data["gradient"], problem.data["clipnorm"]
        np.testing.assert_allclose(problem.answer, clipping.clip_by_norm(g, c), rtol=1e-12)
        assert np.linalg.norm(problem.answer) <= c * (1 + 1e-12)
        _ends_with_answer(problem, fmt_vector(problem.answer))


def test_clip_by_global_norm_matches_the_math_core_and_tells_per_tensor_apart() -> None:
    for seed in SEEDS:
        problem = generate("clip.by_global_norm", seed)
        tensors, c = problem.data["gradients"], problem.data["clip_norm"]
        expected = clipping.clip_by_global_norm([np.array(t) for t in tensors], c)
        np.testing.assert_allclose(problem.answer, np.array(expected), rtol=1e-12)
        per_tensor = [clipping.clip_by_norm(t, c) for t in tensors]
        found = _mistakes(problem)
        np.testing.assert_allclose(found["per_tensor_norm"], np.array(per_tensor), rtol=1e-12)
        _ends_with_answer(problem, fmt_matrix(problem.answer))


def test_global_norm_hand_example() -> None:
    # g₁ = [3, 0], g₂ = [0, 4]: global norm 5; with c = 1 every entry is divided by 5
    clipped = clipping.clip_by_global_norm([np.array([3.0, 0.0]), np.array([0.0, 4.0])], 1.0)
    np.testing.assert_allclose(np.array(clipped), [[0.6, 0.0], [0.0, 0.8]])
