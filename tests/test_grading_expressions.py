"""Expressions graded on the problem's own terms: the domain its prompt states, decimals at
the stated precision, the notations people type, slips and undecidable checks.

References are independent of the engine: derivatives worked by hand and checked with
central finite differences of the loss, SymPy equivalences built directly with SymPy's own
assumptions, and values computed with ``math``.
"""

from __future__ import annotations

import math
import random
import re
from pathlib import Path

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import checker
from engine.expr import ExpressionError, equivalence, parse, parse_domain
from engine.grading import grade, understand
from engine.problem import DECIMAL_FIGURES, Mistake, Problem
from engine.problems import generate

CJK = re.compile(r"[\u4e00-\u9fff]")


def expression(answer: str, variables: tuple[str, ...], **fields) -> Problem:
    return Problem(
        family="test.expression",
        seed=fields.pop("seed", 0),
        prompt={"en": "", "zh": ""},
        data={},
        answer=answer,
        kind="expression",
        variables=variables,
        **fields,
    )


def bilingual(verdict) -> bool:
    return bool(verdict.feedback["en"]) and bool(CJK.search(verdict.feedback["zh"]))


def central_difference(function, x: float, step: float = 1e-6) -> float:
    return (function(x + step) - function(x - step)) / (2 * step)


# --------------------------------------------------------------------------- the issue's MAE


MAE = generate("deriv.mean_absolute_error.expression", 1)


def test_the_mae_example_is_one_third_where_yhat_exceeds_y() -> None:
    # L = (1/n)·Σ|yᵢ − ŷᵢ|; where ŷᵢ > yᵢ, ∂L/∂ŷᵢ = +1/n (by hand), here n = 3.
    assert MAE.data == {"n": 3, "yhat_above_y": True}
    assert MAE.domain == ("yhat > y",)
    y, n = 0.4, 3

    def loss_term(yhat: float) -> float:
        return abs(y - yhat) / n

    assert central_difference(loss_term, 1.1) == pytest.approx(1 / 3, rel=1e-6)
    assert parse(MAE.answer).value() == pytest.approx(1 / 3)


@pytest.mark.parametrize("text", ["0.3333", "0.33333333", "0.333"])
def test_decimals_right_at_the_stated_precision_are_correct_with_the_exact_form(
    text: str,
) -> None:
    verdict = grade(MAE, text)
    assert verdict.status == "correct"
    assert "Exact form: 1/3" in verdict.feedback["en"]
    assert "精确形式：1/3" in verdict.feedback["zh"]


@pytest.mark.parametrize("text", ["(yhat-y)/abs(yhat-y)/3", "sign(yhat-y)/3", "sign(ŷᵢ − yᵢ)/3"])
def test_sign_and_abs_forms_agree_inside_the_stated_domain(text: str) -> None:
    assert grade(MAE, text).status == "correct"


def test_the_same_forms_are_wrong_where_the_problem_says_yhat_is_below_y() -> None:
    below = next(
        problem
        for problem in (generate("deriv.mean_absolute_error.expression", s) for s in range(40))
        if not problem.data["yhat_above_y"]
    )
    n = below.data["n"]
    assert grade(below, f"sign(yhat - y)/{n}").status == "correct"  # −1/n there
    assert grade(below, f"1/{n}").mistake == "sign_flipped"


def test_too_few_figures_are_not_counted_and_say_how_many_to_give() -> None:
    verdict = grade(MAE, "0.33")
    assert verdict.status == "invalid"
    assert f"at least {DECIMAL_FIGURES} significant figures" in verdict.feedback["en"]
    assert bilingual(verdict)


@pytest.mark.parametrize("text", ["0.35", "0.334", "0.32"])
def test_decimals_that_are_not_the_answer_rounded_are_incorrect(text: str) -> None:
    # 1/3 is 0.333 to 3 significant figures and 0.33 to 2: none of these rounds so.
    assert grade(MAE, text).status == "incorrect"


def test_one_figure_right_is_too_few_not_correct() -> None:
    assert grade(MAE, "0.3").status == "invalid"


def test_a_constant_answer_prompt_does_not_ask_for_variables() -> None:
    assert "variables" not in MAE.prompt["en"]
    assert "变量" not in MAE.prompt["zh"]
    assert "1/3" in MAE.prompt["en"] and f"{DECIMAL_FIGURES} significant" in MAE.prompt["en"]
    wrong = grade(MAE, "0.5")
    assert "expression in" not in wrong.feedback["en"]
    assert "a number" in wrong.feedback["en"]


def test_an_expression_prompt_states_the_precision_of_decimals() -> None:
    problem = generate("deriv.mean_squared_error.expression", 3)
    assert "variables y and yhat" in problem.prompt["en"]
    assert f"{DECIMAL_FIGURES} significant figures" in problem.prompt["en"]
    assert f"{DECIMAL_FIGURES} 位有效数字" in problem.prompt["zh"]


# --------------------------------------------------------------------------- Huber, every branch


def _huber_slope(e: float, delta: float) -> float:
    """d/de of ½e² (|e| ≤ δ) and δ(|e| − ½δ) (beyond), by hand: e, or δ·sign(e)."""
    return e if abs(e) <= delta else math.copysign(delta, e)


def _huber(e: float, delta: float) -> float:
    return 0.5 * e * e if abs(e) <= delta else delta * (abs(e) - 0.5 * delta)


@pytest.mark.parametrize("seed", range(30))
def test_huber_expression_is_checked_on_its_branch(seed: int) -> None:
    problem = generate("deriv.huber.expression", seed)
    delta, n, branch = problem.data["delta"], problem.data["n"], problem.data["branch"]
    domain = parse_domain(problem.domain, problem.variables)
    rng = random.Random(seed)
    names = ["y", "yhat"]
    for _ in range(5):  # the answer is the finite-difference slope at points of the domain
        point = domain.sample(names, rng)
        assert point is not None and domain.holds(point)
        e = point["yhat"] - point["y"]
        y = point["y"]
        slope = central_difference(lambda yhat, y=y: _huber(yhat - y, delta) / n, point["yhat"])
        assert parse(problem.answer, problem.variables).value(point) == pytest.approx(
            slope, rel=1e-5, abs=1e-7
        )
        assert slope == pytest.approx(_huber_slope(e, delta) / n, rel=1e-5, abs=1e-7)
    clipped = f"max(-{delta}, min({delta}, yhat - y))/{n}"  # right on every branch
    assert grade(problem, clipped).status == "correct"
    if branch == "inside":
        assert grade(problem, f"(yhat_i - y_i)/{n}").status == "correct"
        assert grade(problem, f"{delta}*sign(yhat - y)/{n}").status == "incorrect"
    else:
        assert grade(problem, f"{delta}*sign(yhat - y)/{n}").status == "correct"
        assert grade(problem, f"{delta}*(yhat - y)/abs(yhat - y)/{n}").status == "correct"
        assert grade(problem, f"(yhat - y)/{n}").mistake == "quadratic_branch"
        assert "variables" not in problem.prompt["en"]


# --------------------------------------------------------------------------- the eigenvalue card


def _eigen_card_problem() -> Problem:
    from quizapp.decks import load_deck_file
    from quizapp.decks.instances import instantiate

    content = Path(__file__).resolve().parent.parent / "content" / "pca.yaml"
    result = load_deck_file(content)
    card = next(c for deck in result.decks for c in deck.cards if c.id == "pca.eigen-2x2")
    return instantiate(card, 7)


def test_the_eigenvalue_card_accepts_a_plus_abs_b_because_b_is_positive() -> None:
    problem = _eigen_card_problem()
    assert problem.domain == ("b > 0",)
    # Independent: the eigenvalues of [[a, b], [b, a]] computed by SymPy are a ± b.
    a, b = sympy.symbols("a b", real=True)
    eigenvalues = sympy.Matrix([[a, b], [b, a]]).eigenvals()
    assert set(eigenvalues) == {a - b, a + b}
    positive_b = sympy.Symbol("b", positive=True)
    assert sympy.simplify((a + sympy.Abs(positive_b)) - (a + positive_b)) == 0
    assert grade(problem, "a + abs(b)").status == "correct"
    assert grade(problem, "a + sqrt(b^2)").status == "correct"
    assert grade(problem, "a - abs(b)").status == "incorrect"


def test_without_the_domain_a_plus_abs_b_would_be_wrong() -> None:
    # b < 0 is a counterexample: the domain is what makes the card fair.
    everywhere = expression("a + b", ("a", "b"))
    assert grade(everywhere, "a + abs(b)").status == "incorrect"


# --------------------------------------------------------------------------- domains themselves


def test_domain_points_satisfy_the_conditions_and_sympy_agrees_under_assumptions() -> None:
    variables = ("y", "yhat")
    domain = parse_domain(["yhat > y", "yhat - y < 2"], variables)
    rng = random.Random(3)
    for _ in range(50):
        point = domain.sample(["y", "yhat"], rng)
        assert point is not None and 0 < point["yhat"] - point["y"] < 2
    # SymPy, independently: with yhat = y + s, s > 0, sign(yhat − y) is 1.
    y, s = sympy.Symbol("y", real=True), sympy.Symbol("s", positive=True)
    assert sympy.simplify(sympy.sign((y + s) - y) - 1) == 0
    learner, answer = parse("sign(yhat - y)", variables), parse("1", variables)
    assert equivalence(learner, answer, domain=domain) == "equal"
    assert equivalence(learner, answer) == "different"


def test_a_chain_of_comparisons_is_two_conditions() -> None:
    domain = parse_domain(["0 < p < 1"], ("p",))
    assert [c.op for c in domain.conditions] == ["<", "<"]
    assert domain.holds({"p": 0.5}) and not domain.holds({"p": 1.5})


def test_a_check_that_cannot_decide_is_invalid_never_incorrect() -> None:
    # No point satisfies y > y, and SymPy cannot prove yhat = y: neither side decides.
    problem = expression("y", ("y", "yhat"), domain=("y > y",))
    verdict = grade(problem, "yhat")
    assert verdict.status == "invalid"
    assert (
        "too complex to check" in verdict.feedback["en"]
        and "not counted" in (verdict.feedback["en"])
    )
    assert bilingual(verdict)


# --------------------------------------------------------------------------- notations (table)

X = 0.7
NOTATIONS = [
    ("sign(x)", ("x",), 1.0),
    ("sign(-x)", ("x",), -1.0),
    ("sech(x)", ("x",), 1 / math.cosh(X)),
    ("sigma(x)", ("x",), 1 / (1 + math.exp(-X))),
    ("sigmoid(x)", ("x",), 1 / (1 + math.exp(-X))),
    ("σ(x)(1 − σ(x))", ("x",), math.exp(-X) / (1 + math.exp(-X)) ** 2),
    ("tanh^2(x)", ("x",), math.tanh(X) ** 2),
    ("tanh²(x)", ("x",), math.tanh(X) ** 2),
    ("1 - tanh²(x)", ("x",), 1 / math.cosh(X) ** 2),
    ("e^x", ("x",), math.exp(X)),
    ("e^-x", ("x",), math.exp(-X)),
    ("ln(x)", ("x",), math.log(X)),
    ("x²", ("x",), X**2),
    ("3.07×10⁻²", (), 0.0307),
    ("3.07x10^-2", (), 0.0307),
    ("3.07 x 10^-2", (), 0.0307),
    ("3.07*10**-2", (), 0.0307),
    ("3.07·10^(-2)", (), 0.0307),
    ("6.02×10²³", (), 6.02e23),
]


@pytest.mark.parametrize(("text", "variables", "expected"), NOTATIONS)
def test_notations_people_type_read_as_meant(text, variables, expected) -> None:
    assert parse(text, variables).value({"x": X} if variables else {}) == pytest.approx(
        expected, rel=1e-12
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1、2、3", [1.0, 2.0, 3.0]),
        ("1，2，3", [1.0, 2.0, 3.0]),
        ("[[1,2];[3,4]]", [[1.0, 2.0], [3.0, 4.0]]),
        ("1 2\n3 4", [[1.0, 2.0], [3.0, 4.0]]),
        ("[1, 2]\n[3, 4]", [[1.0, 2.0], [3.0, 4.0]]),
        ("1 2;\n3 4", [[1.0, 2.0], [3.0, 4.0]]),
    ],
)
def test_vector_and_matrix_layouts(text: str, expected) -> None:
    assert parse(text, allow_vectors=True).value() == expected


@pytest.mark.parametrize("text", ["2(ŷᵢ − yᵢ)/3", "2(yhat_i - y_i)/3", "2*(y_hat_i - y_i)/3"])
def test_per_sample_subscripts_where_the_problem_is_per_sample(text: str) -> None:
    problem = generate("deriv.mean_squared_error.expression", 0)
    n = problem.data["n"]
    assert problem.per_sample
    assert grade(problem, text.replace("/3", f"/{n}")).status == "correct"
    assert understand(problem, text).ok


def test_subscripts_are_not_read_as_the_variable_where_the_problem_is_not_per_sample() -> None:
    problem = expression("2*(yhat - y)", ("y", "yhat"))
    assert grade(problem, "2(yhat_i - y_i)").status == "invalid"


def test_scientific_notation_grades_a_number_and_the_matrix_forms_grade_a_matrix() -> None:
    scalar = Problem("t", 0, {"en": "", "zh": ""}, {}, 0.0307, "scalar")
    for text in ("3.07×10⁻²", "3.07x10^-2", "3.07*10**-2"):
        assert grade(scalar, text).status == "correct"
    matrix = Problem("t", 0, {"en": "", "zh": ""}, {}, [[1.0, 2.0], [3.0, 4.0]], "matrix")
    for text in ("[[1,2];[3,4]]", "1 2\n3 4", "1、2; 3、4"):
        assert grade(matrix, text).status == "correct"
    vector = Problem("t", 0, {"en": "", "zh": ""}, {}, [1.0, 2.0, 3.0], "vector")
    assert grade(vector, "1、2、3").status == "correct"


@pytest.mark.parametrize("text", ["[[1],[2]],[[3],[4]]", "[[[1,2],[3,4]]]", "[[1, 2]], [[3, 4]]"])
def test_a_shape_message_never_contradicts_itself(text: str) -> None:
    matrix = Problem("t", 0, {"en": "", "zh": ""}, {}, [[1.0, 2.0], [3.0, 4.0]], "matrix")
    verdict = grade(matrix, text)
    assert verdict.status == "invalid"
    first_line = verdict.feedback["en"].splitlines()[0]
    expected, typed = first_line.split("; you typed ")
    assert "2×2 matrix" not in typed
    assert bilingual(verdict)


# --------------------------------------------------------------------------- slips and undefined


@pytest.mark.parametrize("text", ["y^ - y", "2(y^ - y)", "y^ + 1"])
def test_a_caret_before_a_sign_is_a_slip_not_graded(text: str) -> None:
    problem = expression("2*(yhat - y)", ("y", "yhat"))
    verdict = grade(problem, text)
    assert verdict.status == "invalid"
    assert "slip" in verdict.feedback["en"] and "yhat" in verdict.feedback["en"]
    assert "笔误" in verdict.feedback["zh"]


def test_a_power_written_without_the_space_is_still_a_power() -> None:
    assert parse("e^-x", ("x",)).value({"x": 1.0}) == pytest.approx(math.exp(-1))
    assert parse("y^-1", ("y",)).value({"y": 4.0}) == pytest.approx(0.25)


UNDEFINED = ["1/0", "ln(0)", "log(0)", "sqrt(-1)", "0^-1", "2/(1 - 1)"]
KINDS = [
    Problem("t", 0, {"en": "", "zh": ""}, {}, 0.5, "scalar"),
    Problem("t", 0, {"en": "", "zh": ""}, {}, [1.0, 2.0], "vector"),
    Problem("t", 0, {"en": "", "zh": ""}, {}, [[1.0, 2.0], [3.0, 4.0]], "matrix"),
    Problem("t", 0, {"en": "", "zh": ""}, {}, [0, 1], "labels"),
    expression("2*x", ("x",)),
    Problem(
        "t",
        0,
        {"en": "", "zh": ""},
        {},
        [0],
        "choice",
        options=({"en": "a", "zh": "a"}, {"en": "b", "zh": "b"}),
    ),
]


@pytest.mark.parametrize("text", UNDEFINED)
@pytest.mark.parametrize("problem", KINDS, ids=lambda p: p.kind)
def test_undefined_numbers_are_invalid_in_every_kind(problem: Problem, text: str) -> None:
    entries = {"vector": 2, "labels": 2, "matrix": 4}.get(problem.kind, 1)
    typed = " ".join([text] * entries) if problem.kind != "matrix" else f"{text} 1; 1 1"
    if problem.kind == "expression":
        typed = f"x*{text}"
    verdict = grade(problem, typed)
    assert verdict.status == "invalid", (problem.kind, typed, verdict)
    assert bilingual(verdict)


def test_an_undefined_point_of_a_valid_expression_is_not_an_error() -> None:
    # 1/x is undefined at 0 only; the text itself is fine.
    assert parse("1/x", ("x",)).value({"x": 2.0}) == 0.5


# --------------------------------------------------------------------------- mistakes, decimals


def test_a_mistake_typed_as_decimals_is_recognised() -> None:
    assert grade(MAE, "-0.3333").mistake == "sign_flipped"
    problem = expression(
        "2*(yhat - y)/3",
        ("y", "yhat"),
        mistakes=(Mistake("missing_factor_two", "(yhat - y)/3", {"en": "2", "zh": "2"}),),
    )
    assert grade(problem, "0.333(yhat - y)").mistake == "missing_factor_two"
    assert grade(problem, "0.6667(yhat - y)").status == "correct"


# --------------------------------------------------------------------------- the checker process


def test_a_sitting_holding_an_expression_card_starts_the_checker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import UTC, datetime

    from quizapp.config import Settings
    from quizapp.decks.model import Card, Deck
    from quizapp.store import open_store
    from quizapp.study import Sitting, cards_by_key

    started: list[bool] = []
    monkeypatch.setattr(checker, "start_checker", lambda: started.append(True))

    def sitting_over(cards: tuple[Card, ...]) -> None:
        deck = Deck(id="d", title={"en": "D"}, cards=cards)
        with open_store(tmp_path / f"{len(started)}-{cards[0].id}.sqlite3") as store:
            Sitting.start(
                store,
                [deck],
                Settings(fuzz=False),
                clock=lambda: datetime(2024, 5, 1, 12, tzinfo=UTC),
                cards=cards_by_key([deck]),
                deck_titles={"d": deck.title},
                tz=UTC,
            )

    flashcard = Card(deck_id="d", id="f", kind="flashcard", prompt={"en": "f"}, answer={"en": "a"})
    sitting_over((flashcard,))
    assert started == []
    generated = Card(
        deck_id="d",
        id="g",
        kind="generated",
        prompt={"en": "g"},
        family="deriv.mean_squared_error.expression",
    )
    sitting_over((flashcard, generated))
    assert started == [True]
    typed = Card(
        deck_id="d", id="e", kind="expression", prompt={"en": "e"}, value="2*x", variables=("x",)
    )
    sitting_over((typed,))
    assert started == [True, True]


# --------------------------------------------------------------------------- decks


DECK = """
deck:
  id: eig
  title: {en: Eigenvalues}
cards:
  - id: largest
    kind: expression
    prompt: {en: "Largest eigenvalue of [[a, b], [b, a]] with b > 0?"}
    variables: [a, b]
    domain: [%s]
    value: 'a + b'
"""


def test_a_deck_card_carries_its_domain_to_the_problem() -> None:
    from quizapp.decks import load_deck_text
    from quizapp.decks.instances import instantiate

    result = load_deck_text(DECK % "'b > 0'", name="deck.yaml")
    assert result.problems == ()
    (card,) = result.decks[0].cards
    assert card.domain == ("b > 0",)
    assert grade(instantiate(card, 1), "a + abs(b)").status == "correct"


@pytest.mark.parametrize("condition", ["'b'", "'b > c'", "'b >'"])
def test_a_domain_that_cannot_be_read_is_reported_at_its_line(condition: str) -> None:
    from quizapp.decks import load_deck_text

    result = load_deck_text(DECK % condition, name="deck.yaml")
    (problem,) = result.problems
    assert problem.key == "decks.domain.bad"
    assert problem.source.line == 10
    assert CJK.search(problem.message["zh"])


def test_a_constant_answer_is_asked_for_as_a_number_in_the_app_and_the_cli() -> None:
    from quizapp.commands.problems import problem_text
    from quizapp.decks.model import Card
    from quizapp.study.sitting import Presented
    from quizapp.ui.cardview import placeholder

    card = Card(deck_id="d", id="g", kind="generated", prompt={"en": "g"})
    mse = generate("deriv.mean_squared_error.expression", 1)
    for problem, asks_number in ((MAE, True), (mse, False)):
        shown = Presented(card=card, deck_title={"en": "d"}, problem=problem, seed=1, started=0.0)
        for lang in ("en", "zh"):
            hint = placeholder(shown, lang)
            assert ("y, yhat" in hint) is not asks_number
        assert ("Variables" in problem_text(problem, "en")) is not asks_number


# --------------------------------------------------------------------------- fuzzing the notations

PIECES = [
    "x", "y", "yhat", "ŷ", "ᵢ", "_i", "tanh", "sech", "sign", "sigma", "σ", "e", "ln", "^",
    "²", "⁻", "¹", "⁰", "×", "x10", "10", "3.07", "(", ")", "[", "]", ";", ",", "、", "\n",
    " ", "-", "+", "*", "/", "**", "0", "1",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14).map("".join), st.booleans(), st.booleans())
def test_the_new_notations_never_raise_anything_but_a_reading_error(
    text: str, allow_vectors: bool, per_sample: bool
) -> None:
    try:
        parsed = parse(text, ("x", "y", "yhat"), allow_vectors=allow_vectors, per_sample=per_sample)
    except ExpressionError as error:
        assert error.message["en"] and CJK.search(error.message["zh"])
        return
    assert isinstance(parsed.echo, str)
