"""The grader: every answer kind and input form, tolerance edges, shapes, sign and label
equivalence, mistake recognition, expressions, hostile input, and fuzzing."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import adjusted_rand_score

from engine import checker, grading
from engine.grading import grade
from engine.problem import Mistake, Problem, Tolerance, Verdict


def make(kind: str, answer: object, **fields: object) -> Problem:
    """A hand-built problem; only what grading reads matters."""
    return Problem(
        family="test.hand_made",
        seed=fields.pop("seed", 7),  # type: ignore[arg-type]
        prompt={"en": "?", "zh": "？"},
        data=fields.pop("data", {}),  # type: ignore[arg-type]
        answer=answer,
        kind=kind,  # type: ignore[arg-type]
        **fields,  # type: ignore[arg-type]
    )


def feedback_in_both_languages(verdict: Verdict) -> bool:
    return bool(verdict.feedback.get("en")) and bool(verdict.feedback.get("zh"))


# --------------------------------------------------------------------------- scalars

# Mean squared error of y = [1, 2] and ŷ = [1.5, 2.5]: ((0.5)² + (0.5)²) / 2 = 0.25.
MSE = make("scalar", (0.5**2 + 0.5**2) / 2, data={"n": 2})


@pytest.mark.parametrize(
    "text", ["0.25", "1/4", "2.5e-1", "sqrt(1/16)", "e^0/4", "0.2500", " 0.25 ", "(1/2)^2"]
)
def test_scalar_forms_of_the_same_number(text: str) -> None:
    verdict = grade(MSE, text)
    assert verdict.status == "correct"
    assert verdict.score == 1.0
    assert verdict.is_attempt
    assert feedback_in_both_languages(verdict)


def test_scalar_echo_shows_the_reading_and_its_value() -> None:
    assert grade(MSE, "1/4").echo == "1/4 = 0.25"
    assert grade(MSE, "0.25").echo == "0.25"


def test_a_rounded_answer_is_accepted_and_told_the_precise_value() -> None:
    third = make("scalar", 1 / 3)
    verdict = grade(third, "0.333")
    assert verdict.status == "correct"
    assert "0.333333" in verdict.feedback["en"]
    exact = grade(third, "1/3").feedback["en"]  # an exact form: nothing more precise to add
    assert exact.startswith("Correct") and "More precisely" not in exact


@pytest.mark.parametrize(
    ("tolerance", "answer", "text", "status"),
    [
        (Tolerance(), 2.0, "2.019", "correct"),  # |Δ| = 0.019 ≤ 1 % of 2 = 0.02
        (Tolerance(), 2.0, "2.021", "incorrect"),  # 0.021 > 0.02
        (Tolerance(), 2.0, "1.981", "correct"),
        (Tolerance(), 0.0, "5e-7", "correct"),  # the absolute floor, 1e-6
        (Tolerance(), 0.0, "2e-6", "incorrect"),
        (Tolerance(rel=0.1), 2.0, "2.19", "correct"),  # a problem's own, looser tolerance
        (Tolerance(rel=0.0, abs=0.5), 10.0, "10.4", "correct"),
        (Tolerance(rel=0.0, abs=0.5), 10.0, "10.6", "incorrect"),
    ],
)
def test_tolerance_edges(tolerance: Tolerance, answer: float, text: str, status: str) -> None:
    assert grade(make("scalar", answer, tolerance=tolerance), text).status == status


def test_percent_is_accepted_only_for_ratios() -> None:
    assert grade(make("scalar", 0.125, ratio=True), "12.5%").status == "correct"
    # a loss of 0.125 lies in [0, 1] but is no share of anything
    for problem, text in ((make("scalar", 3.5), "350%"), (make("scalar", 0.125), "12.5%")):
        verdict = grade(problem, text)
        assert verdict.status == "invalid"
        assert "A percentage is not accepted here" in verdict.feedback["en"]
        assert not verdict.is_attempt


def test_a_ratio_typed_as_a_percentage_without_the_sign_is_a_known_slip() -> None:
    verdict = grade(make("scalar", 0.125, ratio=True), "12.5")
    assert verdict.status == "incorrect"
    assert verdict.mistake == grading.PERCENT_SCALE
    assert grade(make("scalar", 0.125), "12.5").mistake is None  # no percentage to hint at


def test_the_problems_own_mistakes_come_first() -> None:
    sum_not_mean = Mistake(
        id="sum_instead_of_mean",
        value=0.5**2 + 0.5**2,  # 0.5: forgot to divide by n = 2
        feedback={"en": "You summed; MSE takes the mean.", "zh": "你求了和；MSE 取平均。"},
    )
    problem = make("scalar", 0.25, data={"n": 2}, mistakes=(sum_not_mean,))
    verdict = grade(problem, "0.5")
    assert verdict.status == "incorrect"
    assert verdict.mistake == "sum_instead_of_mean"
    for lang in ("en", "zh"):  # the mistake's own words, then the tolerance applied
        assert verdict.feedback[lang].startswith(sum_not_mean.feedback[lang])
    assert verdict.feedback["en"].endswith("(Graded within 1 % of the exact value or ±10⁻⁶, "
                                           "whichever is larger.)")


def test_generic_slips_sign_and_factor_n() -> None:
    assert grade(MSE, "-0.25").mistake == grading.SIGN_ERROR
    assert grade(MSE, "0.5").mistake == grading.MISSING_DIVIDE_BY_N  # 0.25 × n
    assert grade(MSE, "0.125").mistake == grading.EXTRA_DIVIDE_BY_N  # 0.25 / n


def test_a_plain_wrong_number_gets_generic_feedback_with_the_reading() -> None:
    verdict = grade(MSE, "0.3")
    assert verdict.status == "incorrect"
    assert verdict.score == 0.0
    assert verdict.mistake is None
    assert "read as 0.3" in verdict.feedback["en"]
    assert "single number" in verdict.feedback["en"]
    assert "0.3" in verdict.feedback["zh"]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "Type an answer first"),
        ("abc", "Unknown name 'abc'"),
        ("1/0", "Division by zero"),
        ("0,25", "not a list"),
        ("0.25 0.5", "Two numbers in a row"),
    ],
)
def test_unreadable_scalars_are_invalid_with_a_caret(text: str, fragment: str) -> None:
    verdict = grade(MSE, text)
    assert verdict.status == "invalid"
    assert not verdict.is_attempt
    assert fragment in verdict.feedback["en"]
    assert verdict.feedback["en"].splitlines()[-1].strip() == "^"
    assert verdict.feedback["zh"].splitlines()[-1].strip() == "^"


# --------------------------------------------------------------------------- vectors


# A gradient step: θ − η·g with θ = [1, 2, 3], η = 0.5, g = [2, 0, −2] → [0, 2, 4].
STEP = make("vector", [1 - 0.5 * 2, 2 - 0.5 * 0, 3 - 0.5 * -2])


@pytest.mark.parametrize("text", ["[0, 2, 4]", "0 2 4", "0, 2, 4", "[0 2 4]", "0;2;4", "[[0,2,4]]"])
def test_vector_forms(text: str) -> None:
    verdict = grade(STEP, text)
    assert verdict.status == "correct"
    assert verdict.echo.startswith("[")


def test_vector_partial_credit_lists_the_wrong_entries() -> None:
    verdict = grade(STEP, "0 2.5 3")
    assert verdict.status == "incorrect"
    assert verdict.score == pytest.approx(1 / 3)
    assert verdict.wrong_entries == (1, 2)
    assert "2 of 3 entries are wrong" in verdict.feedback["en"]


@pytest.mark.parametrize(
    ("text", "fragment", "position"),
    [
        ("0 2", "Expected 3 numbers (a vector, e.g. 1 2 3); you typed 2 numbers", 3),
        ("0 2 4 6", "Expected 3 numbers (a vector, e.g. 1 2 3); you typed 4 numbers", 6),
        ("1 2; 3 4", "you typed a 2×2 matrix", 5),  # points at the extra row
        ("5", "you typed 1 number", 1),
    ],
)
def test_vector_of_the_wrong_shape_is_invalid(text: str, fragment: str, position: int) -> None:
    verdict = grade(STEP, text)
    assert verdict.status == "invalid"
    assert fragment in verdict.feedback["en"]
    assert "应为3 个数" in verdict.feedback["zh"]
    caret = verdict.feedback["en"].splitlines()[-1]
    assert caret.index("^") - 2 == position


def test_vector_sign_error_is_recognised() -> None:
    verdict = grade(STEP, "0 -2 -4")
    assert verdict.mistake == grading.SIGN_ERROR
    assert verdict.score == pytest.approx(1 / 3)  # the 0 is still right


# The first principal component of points spread along y = x is (1, 1)/√2, up to sign.
COMPONENT = make("vector", [1 / math.sqrt(2), 1 / math.sqrt(2)], sign_invariant=True)


@pytest.mark.parametrize("text", ["0.7071 0.7071", "-0.7071 -0.7071", "-1/sqrt(2), -sqrt(2)/2"])
def test_an_eigenvector_is_right_up_to_its_sign(text: str) -> None:
    assert grade(COMPONENT, text).status == "correct"


def test_a_sign_flip_of_one_entry_is_not_the_same_vector() -> None:
    verdict = grade(COMPONENT, "0.7071 -0.7071")
    assert verdict.status == "incorrect"
    assert verdict.score == 0.5


def test_eigenvector_matrix_columns_may_each_flip() -> None:
    # eigh of [[2, 1], [1, 2]] gives eigenvalues 1, 3 with eigenvectors (1, −1)/√2, (1, 1)/√2
    # as columns; each column is right up to its own sign.
    s = 1 / math.sqrt(2)
    problem = make("matrix", [[s, s], [-s, s]], sign_invariant=True)
    _, vectors = np.linalg.eigh(np.array([[2.0, 1.0], [1.0, 2.0]]))
    typed = "; ".join(" ".join(f"{x:.4f}" for x in row) for row in vectors)
    assert grade(problem, typed).status == "correct"
    assert grade(problem, "-0.7071 0.7071; 0.7071 0.7071").status == "correct"  # column 1 flipped
    assert grade(problem, "0.7071 0.7071; 0.7071 0.7071").status == "incorrect"


# --------------------------------------------------------------------------- matrices


# A covariance matrix of x = [1, 2, 3], y = [2, 4, 6] (n − 1 = 2): var x = 1, cov = 2, var y = 4.
COVARIANCE = make("matrix", [[1.0, 2.0], [2.0, 4.0]], data={"n": 3})


@pytest.mark.parametrize("text", ["[[1,2],[2,4]]", "1 2; 2 4", "[1 2; 2 4]", "[1, 2] [2, 4]"])
def test_matrix_forms(text: str) -> None:
    assert grade(COVARIANCE, text).status == "correct"


def test_matrix_partial_credit_lists_row_column_pairs() -> None:
    verdict = grade(COVARIANCE, "1 2; 2 5")
    assert verdict.score == 0.75
    assert verdict.wrong_entries == ((1, 1),)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("1 2 2 4", "Expected a 2×2 matrix"),
        ("1 2; 2", "rows of different lengths"),
        ("1 2 3; 4 5 6", "you typed a 2×3 matrix"),
    ],
)
def test_matrix_of_the_wrong_shape_is_invalid(text: str, fragment: str) -> None:
    verdict = grade(COVARIANCE, text)
    assert verdict.status == "invalid"
    assert fragment in verdict.feedback["en"]
    assert "2×2 矩阵" in verdict.feedback["zh"]


def test_transposed_matrix_and_factor_n_are_recognised() -> None:
    problem = make("matrix", [[1.0, 2.0], [3.0, 4.0]], data={"n": 3})
    assert grade(problem, "1 3; 2 4").mistake == grading.TRANSPOSED
    assert grade(problem, "3 6; 9 12").mistake == grading.MISSING_DIVIDE_BY_N


# --------------------------------------------------------------------------- labels


def test_labels_are_right_up_to_renaming_clusters() -> None:
    problem = make("labels", [0, 0, 1, 1, 2])
    assert grade(problem, "0 0 1 1 2").status == "correct"
    renamed = grade(problem, "2 2 0 0 1")
    assert renamed.status == "correct"
    assert "named differently" in renamed.feedback["en"]
    assert grade(problem, "[1, 1, 2, 2, 0]").status == "correct"


def test_labels_partial_credit_after_the_best_renaming() -> None:
    verdict = grade(make("labels", [0, 0, 1, 1, 2]), "1 1 1 0 2")
    # best renaming 1→0, 0→1, 2→2 puts only point 3 in the wrong cluster
    assert verdict.status == "incorrect"
    assert verdict.score == pytest.approx(4 / 5)
    assert verdict.wrong_entries == (2,)


def test_labels_wrong_count_or_not_whole_numbers_are_invalid() -> None:
    short = grade(make("labels", [0, 1, 1, 0]), "0 1 1")
    assert short.status == "invalid"
    assert "Expected 4 labels" in short.feedback["en"]
    fractional = grade(make("labels", [0, 1, 1, 0]), "0 1 1.5 0")
    assert fractional.status == "invalid"
    assert "whole numbers" in fractional.feedback["en"]


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.integers(0, 3), min_size=2, max_size=8).flatmap(
        lambda want: st.tuples(
            st.just(want), st.lists(st.integers(0, 3), min_size=len(want), max_size=len(want))
        )
    )
)
def test_labels_agree_with_adjusted_rand_index(pair: tuple[list[int], list[int]]) -> None:
    # Two labellings are the same clustering exactly when their adjusted Rand index is 1.
    want, typed = pair
    verdict = grade(make("labels", want), " ".join(map(str, typed)))
    same = adjusted_rand_score(want, typed) == pytest.approx(1.0)
    assert (verdict.status == "correct") == same


# --------------------------------------------------------------------------- choices

OPTIONS = tuple({"en": f"option {i}", "zh": f"选项 {i}"} for i in range(1, 5))


@pytest.mark.parametrize("text", ["1 3", "1,3", "3, 1", "a c", "A，C", "1 3 3"])
def test_choice_forms_are_one_based(text: str) -> None:
    problem = make("choice", [0, 2], options=OPTIONS)
    verdict = grade(problem, text)
    assert verdict.status == "correct"
    assert verdict.echo == "1, 3"


def test_choice_wrong_and_mistaken_and_invalid() -> None:
    popular = Mistake("forgot_option_3", [0], {"en": "Option 3 holds too.", "zh": "选项 3 也对。"})
    problem = make("choice", [0, 2], options=OPTIONS, mistakes=(popular,))
    assert grade(problem, "1").mistake == "forgot_option_3"
    assert grade(problem, "2").status == "incorrect"
    out_of_range = grade(problem, "5")
    assert out_of_range.status == "invalid"
    assert "no option 5" in out_of_range.feedback["en"]
    assert "not an option" in grade(problem, "one").feedback["en"]


# --------------------------------------------------------------------------- expressions

# d/dŷ of (ŷ − y)² is 2(ŷ − y).
DERIVATIVE = make(
    "expression",
    "2*(yhat - y)",
    variables=("y", "yhat"),
    mistakes=(
        Mistake(
            "forgot_chain_factor",
            "yhat - y",
            {"en": "The power rule brings down a 2.", "zh": "幂法则会带下一个 2。"},
        ),
    ),
)


@pytest.mark.parametrize("text", ["2*(yhat-y)", "2yhat - 2y", "-2(y - yhat)", "2(ŷ − y)", "2ŷ-2y"])
def test_equivalent_expressions_are_correct(text: str) -> None:
    verdict = grade(DERIVATIVE, text)
    assert verdict.status == "correct"


def test_the_echo_of_an_expression() -> None:
    assert grade(DERIVATIVE, "2(yhat - y)").echo == "2·(ŷ − y)"


def test_wrong_expressions_and_known_mistakes() -> None:
    assert grade(DERIVATIVE, "yhat - y").mistake == "forgot_chain_factor"
    assert grade(DERIVATIVE, "2(y - yhat)").mistake == grading.SIGN_ERROR
    plain = grade(DERIVATIVE, "(yhat - y)^2")
    assert plain.status == "incorrect"
    assert plain.mistake is None
    assert "expression in y, ŷ" in plain.feedback["en"]


def test_log_is_natural_and_feedback_says_so() -> None:
    problem = make("expression", "1/x", variables=("x",))
    assert grade(problem, "(log(x^2)/2)*0 + 1/x").status == "correct"
    wrong = grade(problem, "log(x)")
    assert "natural logarithm" in wrong.feedback["en"]
    assert wrong.echo == "ln(x)"


def test_an_expression_that_cannot_be_checked_in_time_is_invalid(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    checker.start_checker()
    grade(DERIVATIVE, "2yhat - 2y")  # wait until the checker process is ready
    monkeypatch.setattr(checker, "CHECK_SECONDS", 1e-6)
    verdict = grade(DERIVATIVE, "tanh(yhat)*0 + 2(yhat - y)")
    assert verdict.status == "invalid"
    assert "too complex to check" in verdict.feedback["en"]
    monkeypatch.setattr(checker, "CHECK_SECONDS", 1.5)
    grade(DERIVATIVE, "2yhat - 2y")  # wait until the fresh checker is ready, as above
    assert grade(DERIVATIVE, "2(yhat - y)").status == "correct"  # a fresh checker took over


def test_unknown_names_in_an_expression_list_the_variables() -> None:
    verdict = grade(DERIVATIVE, "2(q - y)")
    assert verdict.status == "invalid"
    assert "Unknown name 'q' — you can use y, yhat" in verdict.feedback["en"]
    assert "可用的变量有 y、yhat" in verdict.feedback["zh"]


# --------------------------------------------------------------------------- hostile input

ATTACKS = [
    ("__import__('os').system('echo hi')", "Unexpected character '_'"),
    ("().__class__", "Unexpected character '.'"),
    ("9**9**9**9", "exponent is too large"),
    ("(((9**64)**64)**64)**64", "too large to work with"),
    ("1" * 100_000, "too long (100000 characters; at most 500)"),
]
PROBLEMS = [
    MSE,
    STEP,
    COVARIANCE,
    make("labels", [0, 1, 1]),
    DERIVATIVE,
    make("choice", [1], options=OPTIONS),
]


@pytest.mark.parametrize(("text", "fragment"), ATTACKS)
@pytest.mark.parametrize("problem", PROBLEMS, ids=lambda p: p.kind)
def test_attacks_are_invalid_with_a_clear_message(
    problem: Problem, text: str, fragment: str
) -> None:
    verdict = grade(problem, text)
    assert verdict.status == "invalid"
    assert not verdict.is_attempt
    if problem.kind != "choice" or "too long" in fragment:
        assert fragment in verdict.feedback["en"]
    assert feedback_in_both_languages(verdict)


def test_a_broken_problem_is_invalid_not_a_crash() -> None:
    verdict = grade(make("scalar", "not a number"), "1")
    assert verdict.status == "invalid"
    assert "cannot be graded" in verdict.feedback["en"]
    assert grade(make("vector", []), "1").status == "invalid"


def test_non_text_input_is_invalid() -> None:
    assert grade(MSE, None).status == "invalid"  # type: ignore[arg-type]


# --------------------------------------------------------------------------- fuzzing


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(PROBLEMS), st.text(max_size=60))
def test_any_text_gets_a_verdict(problem: Problem, text: str) -> None:
    verdict = grade(problem, text)
    assert isinstance(verdict, Verdict)
    assert verdict.status in ("correct", "incorrect", "invalid")
    assert 0.0 <= verdict.score <= 1.0
    assert feedback_in_both_languages(verdict)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(PROBLEMS), st.text(alphabet="0123456789.+-*/^() y,;[]ŷ%e", max_size=30))
def test_any_arithmetic_gets_a_verdict(problem: Problem, text: str) -> None:
    verdict = grade(problem, text)
    assert verdict.status in ("correct", "incorrect", "invalid")
    assert 0.0 <= verdict.score <= 1.0
    assert feedback_in_both_languages(verdict)
    if verdict.status == "invalid":
        assert "could not be checked" not in verdict.feedback["en"]  # no internal error


def test_numeric_grading_does_not_import_sympy() -> None:
    code = (
        "import json, sys; from engine.grading import grade; from engine.problem import Problem; "
        "p = Problem('t', 0, {}, {}, [1.0, 2.0], 'vector'); "
        "assert grade(p, '1 sqrt(4)').status == 'correct'; "
        "print(json.dumps('sympy' in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert json.loads(out.stdout) is False


# --- understand(): the live preview ------------------------------------------------------


def _scalar_problem(answer: float) -> Problem:
    return Problem(
        family="test.scalar",
        seed=0,
        prompt={"en": "x", "zh": "x"},
        data={},
        answer=answer,
        kind="scalar",
    )


def test_understand_echoes_a_calculation_with_its_value() -> None:
    from engine.grading import understand

    reading = understand(_scalar_problem(2.0), "1/4 + 1/4")
    assert reading.ok
    assert reading.echo.endswith("= 0.5")


def test_understand_does_not_reveal_whether_the_answer_is_right() -> None:
    from engine.grading import understand

    right, wrong = understand(_scalar_problem(0.5), "0.5"), understand(_scalar_problem(0.5), "0.7")
    assert right.ok and wrong.ok
    assert (right.message, wrong.message) == (None, None)


def test_understand_names_the_expected_shape_of_a_vector() -> None:
    from engine.grading import understand

    problem = Problem(
        family="test.vector",
        seed=0,
        prompt={"en": "v", "zh": "v"},
        data={},
        answer=[1.0, 2.0, 3.0],
        kind="vector",
    )
    reading = understand(problem, "1 2")
    assert not reading.ok
    assert reading.message is not None and "3" in reading.message["en"]
    assert understand(problem, "1 2 3").ok


def test_understand_points_at_an_unknown_name_in_an_expression() -> None:
    from engine.grading import understand

    problem = Problem(
        family="test.expr",
        seed=0,
        prompt={"en": "d", "zh": "d"},
        data={},
        answer="2*(yhat - y)",
        kind="expression",
        variables=("y", "yhat"),
    )
    reading = understand(problem, "2(yhat - q)")
    assert not reading.ok
    assert reading.message is not None and "^" in reading.message["en"]
    assert "q" in reading.message["en"] and "q" in reading.message["zh"]
    assert understand(problem, "2(yhat - y)").ok
