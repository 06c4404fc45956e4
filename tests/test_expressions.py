"""The safe expression language: what it reads, how it echoes it, and what it refuses."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.expr import (
    MAX_LENGTH,
    ExpressionError,
    equivalent,
    evaluate,
    numeric_agreement,
    parse,
    render_caret,
    symbolically_equal,
)

# --------------------------------------------------------------------------- reading numbers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0.25", 0.25),
        ("-0.5", -0.5),
        (".5", 0.5),
        ("1/3", 1 / 3),
        ("2e-3", 0.002),
        ("1.5E2", 150.0),
        ("2^3", 8.0),
        ("2**3", 8.0),
        ("2^-1", 0.5),
        ("-2^2", -4.0),  # the power binds tighter than the minus, as on paper
        ("(1 + 2)*3", 9.0),
        ("2(3 + 1)", 8.0),
        ("(1 + 1)(2 + 1)", 6.0),
        ("sqrt(16)", 4.0),
        ("√2", math.sqrt(2)),
        ("3²", 9.0),
        ("ln(e)", 1.0),
        ("log(e^2)", 2.0),  # log is the natural logarithm
        ("log10(1000)", 3.0),
        ("log2(8)", 3.0),
        ("exp(0)", 1.0),
        ("2pi", 2 * math.pi),
        ("π/2", math.pi / 2),
        ("e", math.e),
        ("2e", 2 * math.e),  # a number then the constant e, not an exponent
        ("abs(-3)", 3.0),
        ("max(1, 4, 2)", 4.0),
        ("min(1, 4)", 1.0),
        ("sigmoid(0)", 0.5),
        ("tanh(0) + cosh(0) + sinh(0) + sin(0) + cos(0) + tan(0)", 2.0),
        ("−3 × 2 ÷ 4", -1.5),  # Unicode minus, times and division signs
        ("3·2", 6.0),
        ("（1＋2）×3", 9.0),  # full-width characters from a Chinese input method
    ],
)
def test_numbers_and_arithmetic(text: str, expected: float) -> None:
    assert parse(text).value() == pytest.approx(expected, rel=1e-12)


def test_percent_means_hundredths_only_when_asked() -> None:
    assert parse("12.5%", percent=True).value() == pytest.approx(0.125)
    with pytest.raises(ExpressionError) as error:
        parse("12.5%")
    assert "percentage is not accepted" in error.value.message["en"]
    assert error.value.position == 4


# --------------------------------------------------------------------------- variables


@pytest.mark.parametrize(
    ("text", "variables", "values", "expected"),
    [
        ("2x", ("x",), {"x": 3.0}, 6.0),
        ("2(x+1)", ("x",), {"x": 3.0}, 8.0),
        ("(a)(b)", ("a", "b"), {"a": 2.0, "b": 5.0}, 10.0),
        ("x y", ("x", "y"), {"x": 2.0, "y": 5.0}, 10.0),
        ("2xy", ("x", "y"), {"x": 2.0, "y": 5.0}, 20.0),
        ("x^2 + 1", ("x",), {"x": 3.0}, 10.0),
        ("yhat - y", ("y", "yhat"), {"y": 1.0, "yhat": 4.0}, 3.0),
        ("ŷ - y", ("y", "yhat"), {"y": 1.0, "yhat": 4.0}, 3.0),
        ("y_hat - y", ("y", "yhat"), {"y": 1.0, "yhat": 4.0}, 3.0),
        ("2θ", ("theta",), {"theta": 1.5}, 3.0),
        ("σ(x)", ("x",), {"x": 0.0}, 0.5),  # σ( … ) is the sigmoid
        ("lambda*x", ("lambda", "x"), {"lambda": 2.0, "x": 3.0}, 6.0),  # a keyword as a name
        ("1 - lr*g", ("lr", "g"), {"lr": 0.1, "g": 2.0}, 0.8),
    ],
)
def test_variables_and_implicit_multiplication(
    text: str, variables: tuple[str, ...], values: dict[str, float], expected: float
) -> None:
    assert parse(text, variables).value(values) == pytest.approx(expected, rel=1e-12)


def test_a_declared_variable_wins_over_a_constant() -> None:
    assert parse("e + 1", ("e",)).value({"e": 1.0}) == 2.0


# --------------------------------------------------------------------------- vectors


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[1, 2, 3]", [1.0, 2.0, 3.0]),
        ("1 2 3", [1.0, 2.0, 3.0]),
        ("1, 2, 3", [1.0, 2.0, 3.0]),
        ("[1 2 3]", [1.0, 2.0, 3.0]),
        ("1 -2 3", [1.0, -2.0, 3.0]),  # a space before the sign starts a new entry
        ("1 - 2 3", [-1.0, 3.0]),  # spaces around the sign: a subtraction
        ("1/2 sqrt(4)", [0.5, 2.0]),
        ("[[1,2],[3,4]]", [[1.0, 2.0], [3.0, 4.0]]),
        ("1 2; 3 4", [[1.0, 2.0], [3.0, 4.0]]),
        ("[1 2; 3 4]", [[1.0, 2.0], [3.0, 4.0]]),
        ("[1, 2] [3, 4]", [[1.0, 2.0], [3.0, 4.0]]),
        ("5", 5.0),
        ("[5]", [5.0]),
    ],
)
def test_vectors_and_matrices(text: str, expected: object) -> None:
    assert parse(text, allow_vectors=True).value() == expected


def test_brackets_are_refused_outside_vectors() -> None:
    with pytest.raises(ExpressionError) as error:
        parse("[1, 2]")
    assert "only for vectors" in error.value.message["en"]


# --------------------------------------------------------------------------- echo


@pytest.mark.parametrize(
    ("text", "variables", "echo"),
    [
        ("2(yhat - y)", ("y", "yhat"), "2·(ŷ − y)"),
        ("2*yhat-2*y", ("y", "yhat"), "2·ŷ − 2·y"),
        ("-2(y - yhat)", ("y", "yhat"), "−2·(y − ŷ)"),
        ("log(x)", ("x",), "ln(x)"),
        ("x^2/(1+x)", ("x",), "x^2/(1 + x)"),
        ("(x^2)^3", ("x",), "(x^2)^3"),
        ("a - (b - c)", ("a", "b", "c"), "a − (b − c)"),
        ("a - b - c", ("a", "b", "c"), "a − b − c"),
        ("2*-x", ("x",), "2·(−x)"),
        ("theta", ("theta",), "θ"),
        ("1 2; 3 4", (), "[[1, 2], [3, 4]]"),
    ],
)
def test_echo_shows_how_the_text_was_read(text: str, variables: tuple[str, ...], echo: str) -> None:
    assert parse(text, variables, allow_vectors=True).echo == echo


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("text", "variables", "position", "fragment"),
    [
        ("q + 1", ("y", "yhat"), 0, "Unknown name 'q' — you can use y, yhat"),
        ("x + 1", (), 0, "no variables here"),
        ("2 +", (), 3, "'+' needs a value after it"),
        ("* 2", (), 0, "'*' needs a value before it"),
        ("2 */ 3", (), 3, "Two operators in a row"),
        ("(1 + 2", (), 0, "never closed"),
        ("1 + 2)", (), 5, "no opening partner"),
        ("(1 + 2]", (), 6, "closes a '('"),
        ("2 3", (), 2, "Two numbers in a row"),
        ("1,5", (), 1, "not a list"),
        ("sqrt 2", (), 0, "Write sqrt(…) with parentheses"),
        ("x = 1", ("x",), 2, "without '='"),
        ("2 // 3", (), 2, "'//' is not allowed"),
        ("()", (), 0, "Nothing inside"),
        ("1e400", (), 0, "out of range"),
        ("x^1000", ("x",), 2, "exponent is too large"),
        ("(x^100)^100", ("x",), 7, "powers are too large"),
        ("exp(1000)", (), 0, "too large"),
        ("1/0", (), 1, "Division by zero"),
        ("sqrt(-1)", (), 0, "square root of a negative"),
        ("ln(0)", (), 0, "ln of zero or a negative"),
        ("(-8)^(1/3)", (), 4, "fractional power"),
        ("   ", (), 0, "Type an answer"),
        ("x @ y", ("x", "y"), 2, "Unexpected character '@'"),
    ],
)
def test_errors_say_what_and_where(
    text: str, variables: tuple[str, ...], position: int, fragment: str
) -> None:
    with pytest.raises(ExpressionError) as caught:
        parse(text, variables).value({name: 1.0 for name in variables})
    error = caught.value
    assert fragment in error.message["en"]
    assert error.message["zh"] and error.message["zh"] != error.message["en"]
    assert error.position == position
    shown, caret = error.caret().split("\n")
    assert caret.index("^") - 2 == position  # both lines are indented by two spaces
    assert shown.strip() == text.strip() or not text.strip()


def test_caret_lines_up_under_wide_characters_and_long_text() -> None:
    assert render_caret("（1+", 2) == "  （1+\n     ^"
    long_text = "1+" * 100
    shown, caret = render_caret(long_text, 150).split("\n")
    assert shown.startswith("  …") and shown.endswith("…")
    assert len(shown) < 70
    assert shown[caret.index("^")] == long_text[150]


# --------------------------------------------------------------------------- attacks


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("__import__('os').system('echo hi')", "Unexpected character '_'"),
        ("().__class__", "Unexpected character '.'"),
        ("(1).real", "decimal point"),
        ("9**9**9**9", "exponent is too large"),
        ("(((9**64)**64)**64)**64", "too large to work with"),
        ("lambda: 1", "Unexpected character ':'"),
        ("[x for x in y]", "Unknown name 'for'"),
        ("open", "Unknown name 'open'"),
        ("eval(1)", "Unknown name 'eval'"),
        ("x" * 100_000, "too long (100000 characters; at most 500)"),
        ("(" * 40 + "1" + ")" * 40, "Too many brackets"),
        ("-" * 300 + "1", "Too many operations"),
    ],
)
def test_hostile_text_is_refused_with_a_message(text: str, fragment: str) -> None:
    with pytest.raises(ExpressionError) as error:
        parse(text, ("x", "y"))
    assert fragment in error.value.message["en"]


def test_the_length_cap_is_the_documented_one() -> None:
    assert parse("1+" * ((MAX_LENGTH - 1) // 2) + "1").value() == (MAX_LENGTH - 1) // 2 + 1
    with pytest.raises(ExpressionError):
        parse("1" + " " * MAX_LENGTH)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=80))
def test_any_text_parses_or_raises_expression_error(text: str) -> None:
    try:
        parsed = parse(text, ("x", "y"), allow_vectors=True, percent=True)
    except ExpressionError as error:
        assert error.message["en"] and error.message["zh"]
        assert 0 <= error.position <= len(text)
        return
    assert isinstance(parsed.echo, str)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="0123456789.+-*/^()e xy,;[]%", max_size=40))
def test_any_arithmetic_evaluates_or_raises_expression_error(text: str) -> None:
    try:
        parse(text, ("x", "y"), allow_vectors=True, percent=True).value({"x": 0.5, "y": -2.0})
    except ExpressionError as error:
        assert error.message["en"] and error.message["zh"]


# --------------------------------------------------------------------------- evaluate


def test_evaluate_a_template_answer() -> None:
    # one SGD step from θ = 1: 1 − 0.1·2 = 0.8
    assert evaluate("1 - lr*g", {"lr": 0.1, "g": 2}) == pytest.approx(0.8)


def test_evaluate_refuses_bad_text_and_undefined_values() -> None:
    with pytest.raises(ExpressionError):
        evaluate("1 - lr*", {"lr": 0.1})
    with pytest.raises(ValueError, match="Division by zero"):
        evaluate("1/x", {"x": 0})
    with pytest.raises(ValueError, match="no number for g"):
        parse("lr*g", ("lr", "g")).value({"lr": 0.1})


# --------------------------------------------------------------------------- SymPy


def test_sympy_expression_is_built_from_the_tree() -> None:
    y, yhat, x = sympy.symbols("y yhat x")
    assert sympy.simplify(parse("2(yhat - y)", ("y", "yhat")).expr - (2 * yhat - 2 * y)) == 0
    assert parse("sigmoid(x)", ("x",)).expr == 1 / (1 + sympy.exp(-x))
    assert parse("log(x)", ("x",)).expr == sympy.log(x)
    assert parse("log10(x)", ("x",)).expr == sympy.log(x, 10)
    assert parse("max(0, 1 - y*yhat)", ("y", "yhat")).expr == sympy.Max(0, 1 - y * yhat)
    assert parse("1/3").expr == sympy.Rational(1, 3)  # exact, not a float
    assert parse("0.1").expr == sympy.Rational(1, 10)


def test_numeric_parsing_does_not_import_sympy() -> None:
    code = (
        "import json, sys; from engine.expr import parse; "
        "parse('sqrt(2)/2 + 1 2', allow_vectors=True).value(); "
        "print(json.dumps('sympy' in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert json.loads(out.stdout) is False


# --------------------------------------------------------------------------- equivalence


@pytest.mark.parametrize(
    ("left", "right", "same"),
    [
        ("2*(yhat - y)", "2yhat - 2y", True),
        ("2*(yhat - y)", "-2(y - yhat)", True),
        ("2*(yhat - y)", "2(y - yhat)", False),
        ("2*(yhat - y)", "yhat - y", False),
        ("(yhat^2 - y^2)/(yhat + y)", "yhat - y", True),
        ("sigmoid(yhat)*(1 - sigmoid(yhat))", "exp(-yhat)/(1 + exp(-yhat))^2", True),
        ("tanh(yhat - y)", "sinh(yhat - y)/cosh(yhat - y)", True),
        ("abs(yhat - y)", "yhat - y", False),  # differs where yhat < y
        ("sqrt((yhat - y)^2)", "abs(yhat - y)", True),
        ("max(0, 1 - y*yhat)", "(1 - y yhat + abs(1 - y yhat))/2", True),
        # equal wherever both are defined (where both are negative the right side is not)
        ("log(yhat*y)", "log(yhat) + log(y)", True),
        ("log(yhat*y)", "log(yhat) - log(y)", False),
    ],
)
def test_equivalence(left: str, right: str, same: bool) -> None:
    variables = ("y", "yhat")
    assert equivalent(parse(left, variables), parse(right, variables)) is same


def test_numeric_agreement_finds_a_counterexample_and_symbolic_proof_works() -> None:
    x = ("x",)
    assert numeric_agreement(parse("abs(x)", x), parse("x", x)) == "disagree"
    assert numeric_agreement(parse("(x+1)^2", x), parse("x^2 + 2x + 1", x)) == "agree"
    assert symbolically_equal(parse("(x+1)^2", x), parse("x^2 + 2x + 1", x))
    assert not symbolically_equal(parse("(x+1)^2", x), parse("x^2 + 1", x))
