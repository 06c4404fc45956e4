"""Coaching like a tutor: named mistakes for k-means order, a PCA sign that breaks the stated
rule and the Crammer–Singer hinge; choices named in words; no control characters echoed."""

from __future__ import annotations

import numpy as np
from helpers import typed

from engine import losses
from engine.grading import NO_UPDATE, grade
from engine.problem import Problem
from engine.problems import generate

SEEDS = range(30)


def _choice() -> Problem:
    return Problem(
        family="test.choice",
        seed=0,
        prompt={"en": "Robust to outliers?", "zh": "对离群点稳健？"},
        data={},
        answer=[1, 2],
        kind="choice",
        options=(
            {"en": "MSE", "zh": "均方误差"},
            {"en": "MAE", "zh": "平均绝对误差"},
            {"en": "Huber", "zh": "Huber 损失"},
        ),
    )


def test_a_wrong_choice_names_the_right_options_in_words() -> None:
    verdict = grade(_choice(), "1")
    assert verdict.status == "incorrect"
    assert "The right options are 2 (MAE), 3 (Huber)." in verdict.feedback["en"]
    assert "正确选项是 2（平均绝对误差）、3（Huber 损失）。" in verdict.feedback["zh"]


def test_control_characters_are_never_echoed() -> None:
    for text in ("\x1b[31m2", "2\u202e3", "2\x07", "\x00"):
        verdict = grade(_choice(), text)
        for lang in ("en", "zh"):
            shown = verdict.feedback[lang]
            assert not any(ord(c) < 32 and c != "\n" for c in shown), (text, shown)
            assert "\u202e" not in shown and "\x1b" not in shown
    assert grade(_choice(), "2\n3").status == "correct"  # a newline is a separator


def test_lloyd_step_centroids_in_the_other_order_are_named() -> None:
    for seed in SEEDS:
        problem = generate("kmeans.lloyd_step", seed)
        swapped = np.asarray(problem.answer)[::-1]
        verdict = grade(problem, typed(problem, swapped))
        assert verdict.status == "incorrect" and verdict.mistake == "centroids_reordered"
        assert "same centroids in another order" in verdict.feedback["en"]


def test_a_pca_score_that_breaks_the_sign_rule_gets_the_rules_message() -> None:
    for seed in SEEDS:
        problem = generate("pca.projection", seed)
        verdict = grade(problem, typed(problem, -float(problem.answer)))
        assert verdict.mistake == "sign_rule", seed
        assert "largest-magnitude entry is positive" in verdict.feedback["en"]
        assert "绝对值最大的分量为正" in verdict.feedback["zh"]


def _crammer_singer(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    """max(0, 1 + max over the other classes − the true class's score), by hand."""
    losses_ = []
    for y, s in zip(y_true, y_pred, strict=True):
        true = int(np.argmax(y))
        others = max(s[j] for j in range(len(s)) if j != true)
        losses_.append(max(0.0, 1 + others - s[true]))
    return float(np.mean(losses_))


def test_the_crammer_singer_hinge_is_a_named_mistake_where_it_differs_from_keras() -> None:
    named = 0
    for seed in range(200):
        problem = generate("loss.categorical_hinge.value", seed)
        y_true = np.asarray(problem.data["y_true"])
        y_pred = np.asarray(problem.data["y_pred"])
        keras = float(losses.categorical_hinge(y_true, y_pred))
        assert problem.answer == np.float64(keras) or abs(problem.answer - keras) < 1e-9
        other = _crammer_singer(y_true, y_pred)
        ids = {m.id for m in problem.mistakes}
        if problem.tolerance.accepts(other, keras):
            assert "crammer_singer" not in ids
            continue
        verdict = grade(problem, typed(problem, other))
        assert verdict.status == "incorrect"
        if "crammer_singer" in ids:
            assert verdict.mistake == "crammer_singer" and "Crammer" in verdict.feedback["en"]
            named += 1
    assert named >= 5


def test_the_start_of_an_update_typed_back_is_no_update() -> None:
    problem = generate("optim.adam.step", 177)
    verdict = grade(problem, "-0.1")
    assert verdict.status == "incorrect" and verdict.mistake == NO_UPDATE
    assert "before the update" in verdict.feedback["en"]
