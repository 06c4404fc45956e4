"""The precision policy, over every numeric family and many seeds (see docs/grading.md).

2. The exact answer rounded to the stated precision, and any more precise value, is right.
3. 0 (unless the answer is 0 at the stated precision), the sign-flipped answer (unless the
   family is sign-invariant) and an update's starting value are wrong.
4. The answer right only to one digit fewer than asked is not counted, and the message says
   how many digits to give; every verdict names the tolerance applied.
6. A percentage is accepted only where the answer is a ratio or probability.
Plus the examples that showed the old fixed tolerance failing, as regression tests.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import numpy as np
import pytest
from helpers import typed

from engine import precision
from engine.grading import NO_UPDATE, PERCENT_SCALE, grade
from engine.problem import Problem, Tolerance
from engine.problems import families, generate

SEEDS = range(50)
NUMERIC = [f for f in families() if generate(f, 0).kind in ("scalar", "vector", "matrix")]


@cache
def _problems(family: str) -> tuple[Problem, ...]:
    return tuple(generate(family, seed) for seed in SEEDS)


def _full(problem: Problem, value) -> str:
    """Every digit a float has (more precise than any stated precision)."""
    array = np.asarray(value, dtype=float)
    if array.ndim == 0:
        return repr(float(array))
    if array.ndim == 1:
        return " ".join(repr(float(x)) for x in array)
    return "; ".join(" ".join(repr(float(x)) for x in row) for row in array)


def _coarser(tolerance: Tolerance) -> Tolerance | None:
    """The precision one digit coarser than ``tolerance``, or None when there is none."""
    if tolerance.sigfigs is not None and tolerance.sigfigs > 1:
        return Tolerance(sigfigs=tolerance.sigfigs - 1)
    if tolerance.decimals is not None and tolerance.decimals > 0:
        return Tolerance(decimals=tolerance.decimals - 1)
    return None


def _written(tolerance: Tolerance, value) -> str:
    """``value`` at ``tolerance``, significant figures in scientific notation (so that 100
    typed for 103 reads as one figure, not three)."""

    def one(x: float) -> str:
        if tolerance.sigfigs is not None:
            return f"{x:.{tolerance.sigfigs - 1}e}"
        return f"{x:.{tolerance.decimals}f}"

    array = np.asarray(value, dtype=float)
    if array.ndim == 0:
        return one(float(array))
    if array.ndim == 1:
        return " ".join(one(x) for x in array)
    return "; ".join(" ".join(one(x) for x in row) for row in array)


def test_every_numeric_family_states_a_precision() -> None:
    assert len(NUMERIC) > 40
    for family in NUMERIC:
        for problem in _problems(family):
            assert precision.is_precise(problem.tolerance), family
            sentence = precision.instruction(problem)
            assert problem.prompt["en"].endswith("\n" + sentence["en"])
            assert problem.prompt["zh"].endswith("\n" + sentence["zh"])


@pytest.mark.parametrize("family", NUMERIC)
def test_rule_2_the_rounded_answer_and_any_more_precise_value_are_right(family: str) -> None:
    for problem in _problems(family):
        for text in (typed(problem, problem.answer), _full(problem, problem.answer)):
            verdict = grade(problem, text)
            assert verdict.status == "correct", (problem.seed, text, verdict.feedback["en"])
            words = precision.words(problem.tolerance)
            assert words["en"] in verdict.feedback["en"] and words["zh"] in verdict.feedback["zh"]


@pytest.mark.parametrize("family", NUMERIC)
def test_rule_3_zero_the_flipped_sign_and_the_start_are_wrong(family: str) -> None:
    for problem in _problems(family):
        answer = np.asarray(problem.answer, dtype=float)
        words = precision.words(problem.tolerance)["en"]
        if not problem.tolerance.accepts_all(np.zeros_like(answer), answer):
            verdict = grade(problem, typed(problem, np.zeros_like(answer)))
            assert verdict.status == "incorrect", problem.seed
            assert words in verdict.feedback["en"], problem.seed
            if not problem.sign_invariant:
                assert grade(problem, typed(problem, -answer)).status == "incorrect", problem.seed
        if problem.start is not None:
            verdict = grade(problem, typed(problem, problem.start))
            assert verdict.status == "incorrect", problem.seed
            named = {m.id for m in problem.mistakes} | {NO_UPDATE}
            assert verdict.mistake in named, problem.seed


UPDATE_FAMILIES = [
    "clip.by_value",
    "clip.by_norm",
    "clip.by_global_norm",
    "kmeans.lloyd_step",
    "kmeans.minibatch_step",
    "optim.adadelta.step",
    "optim.adagrad.step",
    "optim.adam.step",
    "optim.adamw.step",
    "optim.bfgs.update",
    "optim.conjugate_gradient.step",
    "optim.momentum.step",
    "optim.nesterov.step",
    "optim.newton.step",
    "optim.rmsprop.step",
    "optim.sgd.step",
    "reg.soft_threshold.step",
]


def test_the_update_families_are_the_families_with_a_start() -> None:
    # A family that asks for a new value of something it shows must say what it started from,
    # and then the test below holds it to a precision that resolves the change.
    with_start = [family for family in families() if generate(family, 0).start is not None]
    assert with_start == sorted(UPDATE_FAMILIES)


@pytest.mark.parametrize("family", UPDATE_FAMILIES)
def test_an_update_is_graded_finely_enough_to_resolve_its_change(family: str) -> None:
    for problem in _problems(family):
        assert problem.start is not None and problem.tolerance.decimals is not None
        change = np.abs(np.asarray(problem.answer, float) - np.asarray(problem.start, float))
        change = np.round(change, 12)  # 0.8 − 0.9 is a change of 0.1, not 0.0999…
        smallest = change[change > 1e-12].min()
        # half a unit of the last place is at most 0.5 % of the smallest change
        assert 0.5 * 10.0**-problem.tolerance.decimals <= 0.005 * smallest, problem.seed


def _one_digit_fewer(problem: Problem) -> str | None:
    """The answer typed one digit coarser than asked, when that is no longer right."""
    coarser = _coarser(problem.tolerance)
    if coarser is None:
        return None
    value = np.vectorize(lambda x: precision.round_to(coarser, x))(
        np.asarray(problem.answer, float)
    )
    if problem.tolerance.accepts_all(value, problem.answer) or not np.any(value):
        return None  # one digit fewer is still exact here (0.6 for 0.600)
    return _written(coarser, problem.answer)


def test_rule_4_applies_to_most_families() -> None:
    exercised = [f for f in NUMERIC if any(map(_one_digit_fewer, _problems(f)))]
    assert len(exercised) >= len(NUMERIC) - 8, sorted(set(NUMERIC) - set(exercised))


@pytest.mark.parametrize("family", NUMERIC)
def test_rule_4_one_digit_too_few_is_not_counted_and_says_how_many(family: str) -> None:
    for problem in _problems(family):
        text = _one_digit_fewer(problem)
        if text is None:
            continue
        verdict = grade(problem, text)
        assert verdict.status == "invalid" and not verdict.is_attempt, (problem.seed, text)
        asked = problem.tolerance.sigfigs or problem.tolerance.decimals
        assert f"give {asked} " in verdict.feedback["en"], verdict.feedback["en"]
        assert f"请给出 {asked} " in verdict.feedback["zh"], verdict.feedback["zh"]


@pytest.mark.parametrize("family", [f for f in NUMERIC if generate(f, 0).kind == "scalar"])
def test_rule_6_a_percentage_only_for_a_ratio_or_probability(family: str) -> None:
    for problem in _problems(family)[:20]:
        answer = float(problem.answer)
        percent = f"{answer * 100!r}%"
        verdict = grade(problem, percent)
        if problem.ratio:
            assert verdict.status == "correct", (problem.seed, percent)
        else:
            assert verdict.status == "invalid", (problem.seed, percent)
            hundred = grade(problem, f"{answer * 100!r}")
            assert hundred.mistake != PERCENT_SCALE and "%" not in hundred.feedback["en"]


def test_ratio_families_are_the_shares_and_probabilities() -> None:
    ratios = {f for f in NUMERIC if generate(f, 0).ratio}
    assert ratios == {"kmeans.kmeanspp_probability", "pca.explained_variance_ratio"}


# --- the examples that showed the fixed tolerance failing --------------------------------


def test_vanishing_gradient_seed_25_no_longer_accepts_zero_its_negative_or_1e_minus_6() -> None:
    problem = generate("gradient.vanishing", 25)
    assert problem.answer == pytest.approx(3.987161753198422e-07)
    for text in ("0", "-3.987e-7", "1e-6"):
        assert grade(problem, text).status != "correct", text
    assert grade(problem, "3.99e-7").status == "correct"
    assert grade(problem, "3.987e-7").status == "correct"


def test_vanishing_gradient_seed_3_three_is_not_3_815() -> None:
    problem = generate("gradient.vanishing", 3)
    assert problem.answer == pytest.approx(3.814697265625e-06)  # (0.25·0.5)^n·… = 0.25^9
    assert grade(problem, "3e-6").status == "incorrect"
    fewer = grade(problem, "3.8e-6")
    assert fewer.status == "invalid" and "give 3 significant figures" in fewer.feedback["en"]
    assert grade(problem, "3.81e-6").status == "correct"


def test_adam_seed_177_no_longer_accepts_zero_or_a_third_of_the_answer() -> None:
    problem = generate("optim.adam.step", 177)
    assert problem.answer == pytest.approx(-0.000694110304)
    assert problem.tolerance == Tolerance(decimals=5)
    assert "Give the answer to 5 decimal places." in problem.prompt["en"]
    assert "答案保留 5 位小数。" in problem.prompt["zh"]
    for text in ("0", "0.0003", "-0.1", "0.00069"):
        assert grade(problem, text).status == "incorrect", text
    assert grade(problem, "-0.00069").status == "correct"


def test_adagrad_seed_9_one_significant_figure_is_not_enough() -> None:
    problem = generate("optim.adagrad.step", 9)
    two_fewer = replace(problem, tolerance=Tolerance(decimals=problem.tolerance.decimals - 2))
    verdict = grade(problem, typed(two_fewer, problem.answer))
    assert verdict.status == "invalid" and "decimal places" in verdict.feedback["en"]
    assert grade(problem, typed(problem, problem.answer)).status == "correct"


def test_huber_seed_15_missing_half_at_three_figures_is_that_mistake() -> None:
    problem = generate("loss.huber.value", 15)
    missing_half = {m.id: m.value for m in problem.mistakes}["missing_half"]
    typed_at_three = f"{missing_half:.3g}"
    verdict = grade(problem, typed_at_three)
    assert verdict.status == "incorrect" and verdict.mistake == "missing_half", typed_at_three
    assert grade(problem, f"{problem.answer:.3g}").status == "correct"


def test_hinge_seed_1_a_loss_of_0_6_is_not_hinted_as_60_percent() -> None:
    problem = generate("loss.hinge.value", 1)
    assert problem.answer == pytest.approx(0.6) and not problem.ratio
    sixty = grade(problem, "60")
    assert sixty.status == "incorrect" and sixty.mistake is None
    assert "%" not in sixty.feedback["en"] and "%" not in sixty.feedback["zh"]
    assert grade(problem, "60%").status == "invalid"


def test_more_precisely_only_when_it_adds_digits() -> None:
    problem = generate("loss.hinge.value", 1)  # exactly 0.6
    for text in ("0.6", "0.600", "3/5"):
        assert "More precisely" not in grade(problem, text).feedback["en"], text
    problem = generate("gradient.vanishing", 3)  # 3.814697265625e-06
    assert "More precisely" in grade(problem, "3.81e-6").feedback["en"]
    assert "More precisely" not in grade(problem, "3.814697265625e-6").feedback["en"]
