"""Inverted dropout: the engine function against the definition as PyTorch's nn.Dropout
documents it (kept units scaled by 1/(1 − p), identity at evaluation), a Monte-Carlo check
that the expectation is preserved, and the generated problems recomputed from their data."""

from __future__ import annotations

import numpy as np
import pytest

from engine import regularization
from engine.problems import generate

SEEDS = range(40)


def test_worked_example() -> None:
    # p = 0.5: kept units double, dropped ones vanish
    out = regularization.inverted_dropout([1.0, -2.0, 3.0], [1, 0, 1], 0.5)
    np.testing.assert_array_equal(out, [2.0, 0.0, 6.0])
    assert not np.signbit(out[1])


def test_evaluation_mode_is_identity() -> None:
    np.testing.assert_array_equal(
        regularization.inverted_dropout([1.5, -2.0], [0, 1], 0.3, training=False), [1.5, -2.0]
    )


def test_expectation_is_preserved_over_random_masks() -> None:
    rng = np.random.default_rng(0)
    a, p = np.array([1.0, -0.5, 2.0]), 0.3
    masks = (rng.random((20_000, 3)) >= p).astype(float)
    mean = np.mean([regularization.inverted_dropout(a, m, p) for m in masks], axis=0)
    np.testing.assert_allclose(mean, a, rtol=0.03)


@pytest.mark.parametrize(("mask", "p"), [([1, 2], 0.5), ([1, 0], 1.0), ([1], 0.5)])
def test_rejects_bad_input(mask, p) -> None:
    with pytest.raises(ValueError):
        regularization.inverted_dropout([1.0, 2.0], mask, p)


@pytest.mark.parametrize("seed", SEEDS)
def test_dropout_problem(seed: int) -> None:
    problem = generate("dropout.inverted.value", seed)
    a, m, p = np.array(problem.data["a"]), np.array(problem.data["mask"]), problem.data["p"]
    expected = np.where(m == 1, a / (1 - p), 0.0)
    np.testing.assert_allclose(problem.answer, expected, rtol=1e-9)
    kept = np.where(m == 1, a, 0.0)
    by_mistake = {"scaled_by_p": kept / p, "multiplied_by_keep": kept * (1 - p), "not_scaled": kept}
    for mistake in problem.mistakes:
        np.testing.assert_allclose(mistake.value, by_mistake[mistake.id], rtol=1e-9, err_msg=mistake.id)
