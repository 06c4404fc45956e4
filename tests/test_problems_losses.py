"""The loss-value problems: every answer recomputed through the math core (engine.losses),
an independent path from the generators' own step-by-step arithmetic; a few worked by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine import losses
from engine.problems import generate
from engine.problems._common import fmt
from engine.problems.losses import FAMILIES

SEEDS = range(50)
LOSS_NAMES = [family.split(".")[1] for family in FAMILIES]


def _mistakes(problem) -> dict:
    return {m.id: m.value for m in problem.mistakes}


def test_there_is_one_family_per_keras_loss() -> None:
    assert sorted(LOSS_NAMES) == sorted(losses.LOSSES)
    assert len(LOSS_NAMES) == 15


@pytest.mark.parametrize("name", LOSS_NAMES)
def test_answer_matches_the_math_core(name: str) -> None:
    for seed in SEEDS:
        problem = generate(f"loss.{name}.value", seed)
        data = problem.data
        if name == "sparse_categorical_crossentropy":
            expected = losses.evaluate(name, data["labels"], data["y_pred"])
        else:
            expected = losses.evaluate(name, data["y_true"], data["y_pred"])
        assert problem.answer == pytest.approx(expected, rel=1e-6, abs=1e-9), (name, seed)


@pytest.mark.parametrize("name", LOSS_NAMES)
def test_the_worked_solution_ends_with_the_answer(name: str) -> None:
    for seed in SEEDS:
        problem = generate(f"loss.{name}.value", seed)
        for lang in ("en", "zh"):
            assert problem.solution[lang].rstrip().endswith(fmt(problem.answer)), (seed, lang)


@pytest.mark.parametrize("delta", [0.5, 1.0, 2.0])
def test_huber_uses_the_delta_asked_for(delta: float) -> None:
    for seed in range(20):
        problem = generate("loss.huber.value", seed, delta=delta)
        data = problem.data
        expected = losses.huber(data["y_true"], data["y_pred"], delta=delta)
        assert problem.answer == pytest.approx(expected, rel=1e-9)
        assert f"δ = {fmt(delta)}" in problem.prompt["en"]


def test_huber_rejects_a_bad_delta() -> None:
    with pytest.raises(ValueError, match="delta"):
        generate("loss.huber.value", 0, delta=-1.0)


def test_hinge_labels_are_zero_one_as_keras_users_pass_them() -> None:
    for seed in SEEDS:
        labels = np.asarray(generate("loss.hinge.value", seed).data["y_true"])
        assert set(np.unique(labels)) == {0.0, 1.0}


def test_sum_instead_of_mean_is_the_plain_total() -> None:
    for seed in SEEDS:
        problem = generate("loss.mean_squared_error.value", seed)
        y, yhat = np.asarray(problem.data["y_true"]), np.asarray(problem.data["y_pred"])
        total = float(((y - yhat) ** 2).sum())
        assert _mistakes(problem)["sum_instead_of_mean"] == pytest.approx(total)


def test_swapped_mistakes_are_the_loss_with_its_arguments_swapped() -> None:
    for seed in SEEDS:
        kl = generate("loss.kl_divergence.value", seed)
        swapped = losses.kl_divergence(kl.data["y_pred"], kl.data["y_true"])
        if swapped != pytest.approx(kl.answer, rel=1e-9):  # KL is symmetric for some pairs
            assert _mistakes(kl)["swapped_true_and_predicted"] == pytest.approx(swapped, rel=1e-6)
        mape = generate("loss.mean_absolute_percentage_error.value", seed)
        found = _mistakes(mape)
        if "swapped_true_and_predicted" in found:
            swapped = losses.mean_absolute_percentage_error(
                mape.data["y_pred"], mape.data["y_true"]
            )
            assert found["swapped_true_and_predicted"] == pytest.approx(swapped, rel=1e-6)


def test_wrong_log_base_is_the_natural_answer_over_ln_10_for_single_log_losses() -> None:
    # −Σ y·log10(ŷ) = −Σ y·ln(ŷ) / ln 10: an identity, not the generator's arithmetic
    for seed in SEEDS:
        for family in ("loss.categorical_crossentropy.value", "loss.kl_divergence.value"):
            problem = generate(family, seed)
            found = _mistakes(problem)
            if "wrong_log_base" in found:
                assert found["wrong_log_base"] == pytest.approx(problem.answer / math.log(10))


def test_positive_cosine_is_minus_the_keras_loss() -> None:
    for seed in SEEDS:
        problem = generate("loss.cosine_similarity.value", seed)
        assert _mistakes(problem)["positive_cosine"] == pytest.approx(-problem.answer)


# Worked by hand, independent of any code.


def test_mse_hand_example_matches_the_formula_the_solution_uses() -> None:
    # y = [1, 2], ŷ = [1.5, 1]: errors 0.5 and 1, squares 0.25 and 1, mean 0.625
    assert losses.mean_squared_error([1.0, 2.0], [1.5, 1.0]) == pytest.approx(0.625)
    problem = generate("loss.mean_squared_error.value", 0)
    y, yhat = np.asarray(problem.data["y_true"]), np.asarray(problem.data["y_pred"])
    per_sample = [float(np.mean((a - b) ** 2)) for a, b in zip(y, yhat, strict=True)]
    assert problem.answer == pytest.approx(sum(per_sample) / len(per_sample))


def test_binary_crossentropy_averages_over_the_outputs_like_keras() -> None:
    for seed in range(10):
        problem = generate("loss.binary_crossentropy.value", seed)
        y, p = problem.data["y_true"][0], problem.data["y_pred"][0]
        by_hand = -sum(
            math.log(pi) if yi == 1 else math.log(1 - pi) for yi, pi in zip(y, p, strict=True)
        ) / len(y)
        assert problem.answer == pytest.approx(by_hand)
        assert _mistakes(problem)["sum_instead_of_mean"] == pytest.approx(by_hand * len(y))
