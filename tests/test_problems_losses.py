"""The loss-value problems: every answer recomputed through the math core (engine.losses),
an independent path from the generators' own step-by-step arithmetic; a few worked by hand.

The edge cases of Keras's ε = 1e-7 clipping (a prediction of exactly 0 for the cross-entropies,
a negative prediction for MSLE) are checked the same way, except MSLE with a negative
prediction: the math core rejects negative values (ValueError), so its reference is Keras's
documented formula, mean((ln(max(ŷ, ε) + 1) − ln(max(y, ε) + 1))²), written out here.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine import losses
from engine.formatting import fmt
from engine.grading import grade
from engine.problems import generate
from engine.problems.losses import FAMILIES

SEEDS = range(50)
LOSS_NAMES = [family.split(".")[1] for family in FAMILIES]

#: Keras's fuzz factor, as documented (keras.config.epsilon()).
KERAS_EPSILON = 1e-7
#: −ln ε: what a clipped prediction of 0 contributes (≈ 16.118).
CLIPPED_ZERO_TERM = -math.log(KERAS_EPSILON)
#: What PyTorch's BCELoss counts for −ln 0 (it clamps each log at −100).
TORCH_CLAMPED_ZERO_TERM = 100.0

BCE = "loss.binary_crossentropy.value"
CCE = "loss.categorical_crossentropy.value"
MSLE = "loss.mean_squared_logarithmic_error.value"


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
        elif name == "mean_squared_logarithmic_error" and np.min(data["y_pred"]) < 0:
            expected = _keras_msle_by_hand(data["y_true"], data["y_pred"])
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
        problem = generate("loss.binary_crossentropy.value", seed, saturated=False)
        y, p = problem.data["y_true"][0], problem.data["y_pred"][0]
        by_hand = -sum(
            math.log(pi) if yi == 1 else math.log(1 - pi) for yi, pi in zip(y, p, strict=True)
        ) / len(y)
        assert problem.answer == pytest.approx(by_hand)
        assert _mistakes(problem)["sum_instead_of_mean"] == pytest.approx(by_hand * len(y))


# Keras's ε-clipping: predictions of exactly 0 (cross-entropies), negative predictions (MSLE).


def _keras_msle_by_hand(y_true, y_pred) -> float:
    """Keras's documented MSLE: ln(max(·, ε) + 1) of both, squared difference, mean of means."""
    rows = [
        sum(
            (math.log(max(p, KERAS_EPSILON) + 1) - math.log(max(t, KERAS_EPSILON) + 1)) ** 2
            for t, p in zip(true_row, pred_row, strict=True)
        )
        / len(true_row)
        for true_row, pred_row in zip(y_true, y_pred, strict=True)
    ]
    return sum(rows) / len(rows)


def _assert_grades_like_a_tutor(problem) -> None:
    """The answer typed to 4 significant figures is right; each mistake (typed to 6) is
    wrong and recognised by its own id."""
    verdict = grade(problem, f"{problem.answer:.4g}")
    assert verdict.status == "correct", (problem.seed, verdict.feedback["en"])
    for mistake in problem.mistakes:
        verdict = grade(problem, f"{mistake.value:.6g}")
        assert verdict.status == "incorrect", (problem.seed, mistake.id)
        assert verdict.mistake == mistake.id, (problem.seed, mistake.id, verdict.mistake)


def test_the_math_core_clips_a_prediction_of_zero_as_keras_does() -> None:
    # the reference the saturated problems are checked against: −ln ε for ŷ = 0 under label 1
    assert losses.binary_crossentropy([1.0], [0.0]) == pytest.approx(CLIPPED_ZERO_TERM)
    assert losses.categorical_crossentropy([0.0, 1.0], [1.0, 0.0]) == pytest.approx(
        CLIPPED_ZERO_TERM
    )
    assert CLIPPED_ZERO_TERM == pytest.approx(16.118, abs=1e-3)


def test_saturated_binary_crossentropy_clips_the_zero_like_keras() -> None:
    for seed in range(30):
        problem = generate(BCE, seed, saturated=True)
        y, p = problem.data["y_true"][0], problem.data["y_pred"][0]
        zeros = [i for i, value in enumerate(p) if value == 0.0]
        assert len(zeros) == 1 and y[zeros[0]] == 1.0, (seed, y, p)
        assert all(0.05 <= value <= 0.95 for i, value in enumerate(p) if i != zeros[0])
        assert problem.answer == pytest.approx(
            losses.binary_crossentropy(problem.data["y_true"], problem.data["y_pred"]), rel=1e-9
        )
        # by hand: the zero's term is −ln ε, the others −ln of the probability of their label
        others = sum(
            -math.log(pi) if yi == 1 else -math.log(1 - pi)
            for i, (yi, pi) in enumerate(zip(y, p, strict=True))
            if i != zeros[0]
        )
        assert problem.answer == pytest.approx((others + CLIPPED_ZERO_TERM) / len(y), rel=1e-9)
        found = _mistakes(problem)
        assert found["no_epsilon_clipping"] == pytest.approx(others / len(y), rel=1e-9)
        assert found["torch_log_clamp"] == pytest.approx(
            (others + TORCH_CLAMPED_ZERO_TERM) / len(y), rel=1e-9
        )
        _assert_grades_like_a_tutor(problem)


def test_saturated_categorical_crossentropy_clips_the_zero_like_keras() -> None:
    for seed in range(30):
        problem = generate(CCE, seed, saturated=True)
        y_true, y_pred = np.asarray(problem.data["y_true"]), np.asarray(problem.data["y_pred"])
        assert y_true.shape == (2, 3)
        np.testing.assert_allclose(y_pred.sum(axis=1), 1.0)
        true_class = [
            float(pred[np.argmax(true)]) for true, pred in zip(y_true, y_pred, strict=True)
        ]
        assert sorted(value == 0.0 for value in true_class) == [False, True], (seed, y_pred)
        assert problem.answer == pytest.approx(
            losses.categorical_crossentropy(y_true, y_pred), rel=1e-9
        )
        other = next(value for value in true_class if value > 0)
        assert problem.answer == pytest.approx((-math.log(other) + CLIPPED_ZERO_TERM) / 2)
        assert _mistakes(problem)["no_epsilon_clipping"] == pytest.approx(-math.log(other) / 2)
        _assert_grades_like_a_tutor(problem)


def test_msle_with_a_negative_prediction_floors_it_at_epsilon_like_keras() -> None:
    for seed in range(30):
        problem = generate(MSLE, seed, negative_prediction=True)
        y_true, y_pred = problem.data["y_true"], problem.data["y_pred"]
        negatives = [value for row in y_pred for value in row if value < 0]
        assert len(negatives) == 1 and -1 < negatives[0] < 0, (seed, y_pred)
        # the math core refuses negative predictions, so the reference is Keras's formula
        with pytest.raises(ValueError, match="y_pred"):
            losses.mean_squared_logarithmic_error(y_true, y_pred)
        assert problem.answer == pytest.approx(_keras_msle_by_hand(y_true, y_pred), rel=1e-9)
        # the slip: ln(1 + ŷ) of the raw negative value, everything else as Keras does it
        count = sum(len(row) for row in y_true)
        raw = sum(
            (math.log(1 + p) - math.log(1 + t)) ** 2
            for true_row, pred_row in zip(y_true, y_pred, strict=True)
            for t, p in zip(true_row, pred_row, strict=True)
        )
        assert _mistakes(problem)["no_epsilon_clipping"] == pytest.approx(raw / count, rel=1e-9)
        _assert_grades_like_a_tutor(problem)


@pytest.mark.parametrize(
    ("family", "parameter"),
    [(BCE, "saturated"), (CCE, "saturated"), (MSLE, "negative_prediction")],
)
def test_edge_cases_are_well_posed_and_shown_step_by_step(family: str, parameter: str) -> None:
    for seed in range(20):
        problem = generate(family, seed, **{parameter: True})
        assert problem.to_dict() == generate(family, seed, **{parameter: True}).to_dict()
        for lang in ("en", "zh"):
            assert "Keras" in problem.prompt[lang] and "ε = 1e-7" in problem.prompt[lang]
            assert "Keras" in problem.hint[lang]
            assert "1e-7" in problem.solution[lang]
        if family != MSLE:
            assert f"−ln(1e-7) = {fmt(CLIPPED_ZERO_TERM)}" in problem.solution["en"]
        plain = generate(family, seed, **{parameter: False})
        assert "ε = 1e-7" not in plain.prompt["en"]
        assert not {"no_epsilon_clipping", "torch_log_clamp"} & set(_mistakes(plain))


@pytest.mark.parametrize(
    ("family", "is_edge"),
    [
        (BCE, lambda data: 0.0 in np.ravel(data["y_pred"])),
        (CCE, lambda data: 0.0 in np.ravel(data["y_pred"])),
        (MSLE, lambda data: np.min(data["y_pred"]) < 0),
    ],
)
def test_one_seed_in_four_draws_the_edge_case_by_default(family: str, is_edge) -> None:
    edge_seeds = [seed for seed in range(40) if is_edge(generate(family, seed).data)]
    assert edge_seeds == [seed for seed in range(40) if seed % 4 == 3]
    for seed in edge_seeds:
        assert "no_epsilon_clipping" in _mistakes(generate(family, seed))


@pytest.mark.parametrize(
    ("family", "parameter"),
    [(BCE, "saturated"), (CCE, "saturated"), (MSLE, "negative_prediction")],
)
def test_edge_case_parameters_reject_bad_values_and_unknown_names(
    family: str, parameter: str
) -> None:
    with pytest.raises(ValueError, match=parameter):
        generate(family, 0, **{parameter: "yes"})
    with pytest.raises(ValueError, match="clipping"):
        generate(family, 0, clipping=True)


def test_categorical_hinge_solution_masks_the_true_class_to_zero() -> None:
    """neg is the max of (1 − y)·ŷ, which includes the masked 0: when every wrong-class score
    is negative, neg is 0, not the largest wrong-class score (Keras's categorical_hinge)."""
    checked = 0
    for seed in range(200):
        problem = generate("loss.categorical_hinge.value", seed)
        y = np.asarray(problem.data["y_true"], dtype=float)
        y_hat = np.asarray(problem.data["y_pred"], dtype=float)
        for row, (labels, scores) in enumerate(zip(y, y_hat, strict=True)):
            wrong = scores[labels == 0]
            if wrong.max() >= 0:
                continue
            pos = float(scores[labels == 1][0])
            line = problem.solution["en"].splitlines()[row]
            assert "neg = its max = 0;" in line, line
            assert f"max(0, 0 − {'(' + fmt(pos) + ')' if pos < 0 else fmt(pos)} + 1)" in line
            checked += 1
    assert checked >= 5
