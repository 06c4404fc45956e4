"""Gradeable cards become reproducible Problems."""

import pytest

from engine.problem import Tolerance
from engine.problems import generate
from quizapp.decks import instantiate, load_deck_text

DECK = r"""
deck: {id: t, title: {en: T}}
cards:
  - id: flash
    kind: flashcard
    prompt: {en: q}
    answer: {en: a}
  - id: pick
    kind: choice
    prompt: {en: 'Which are robust to outliers? $\delta$'}
    options:
      - {en: Huber, zh: Huber 损失, correct: true}
      - {en: MSE, correct: false}
      - {en: MAE, correct: true}
      - {en: 'Squared $\hat{y}$', correct: false}
  - id: matrix
    kind: numeric
    prompt: {en: q}
    value: [[1, 2], [3, 4]]
    tolerance: {rel: 0.05}
  - id: vector
    kind: numeric
    prompt: {en: q}
    value: [0.6, 0.8]
    sign_invariant: true
  - id: grad
    kind: expression
    prompt: {en: q}
    value: '2*(yhat - y)'
    variables: [y, yhat]
  - id: huber
    kind: generated
    prompt: {en: Compute a Huber loss}
    family: loss.huber.value
  - id: sgd
    kind: template
    params:
      lr: {range: [0.01, 0.1], step: 0.01}
      g: {choices: [0.5, 1.0, 2.0]}
      n: {range: [1, 3]}
    prompt: {en: "Step with lr {lr}, θ = {n}, gradient {g}", zh: "学习率 {lr}，θ = {n}，梯度 {g}"}
    explanation: {en: "θ' = {n} − {lr}·{g}"}
    value: 'n - lr*g'
"""
CARDS = {card.id: card for card in load_deck_text(DECK).decks[0].cards}


@pytest.mark.parametrize("seed", range(12))
def test_choice_options_are_shuffled_and_the_answer_follows_them(seed: int) -> None:
    problem = instantiate(CARDS["pick"], seed)
    assert problem.kind == "choice"
    assert sorted(option["en"] for option in problem.options) == [
        "Huber",
        "MAE",
        "MSE",
        "Squared ŷ",
    ]
    right = sorted(option["en"] for i, option in enumerate(problem.options) if i in problem.answer)
    assert right == ["Huber", "MAE"]
    assert problem.prompt == {"en": "Which are robust to outliers? δ"}
    assert instantiate(CARDS["pick"], seed) == problem


def test_different_seeds_give_different_orders() -> None:
    orders = {
        tuple(o["en"] for o in instantiate(CARDS["pick"], seed).options) for seed in range(20)
    }
    assert len(orders) > 1


def test_numeric_cards_keep_their_shape_and_tolerance() -> None:
    matrix = instantiate(CARDS["matrix"], 0)
    # 'rel' alone is relative only: no absolute floor is added behind the author's back
    assert (matrix.kind, matrix.answer, matrix.tolerance) == (
        "matrix",
        [[1.0, 2.0], [3.0, 4.0]],
        Tolerance(rel=0.05, abs=0.0),
    )
    assert matrix.prompt["en"].endswith("\nAnswers within 5 % of the exact value are accepted.")
    vector = instantiate(CARDS["vector"], 0)
    assert (vector.kind, vector.answer, vector.sign_invariant) == ("vector", [0.6, 0.8], True)


def test_an_expression_card_gives_its_expression_and_variables() -> None:
    problem = instantiate(CARDS["grad"], 0)
    assert (problem.kind, problem.answer, problem.variables) == (
        "expression",
        "2*(yhat - y)",
        ("y", "yhat"),
    )


def test_a_generated_card_is_the_engine_family_for_that_seed() -> None:
    assert instantiate(CARDS["huber"], 7) == generate("loss.huber.value", 7)


@pytest.mark.parametrize("seed", range(25))
def test_a_template_draws_on_its_grid_and_computes_the_answer(seed: int) -> None:
    problem = instantiate(CARDS["sgd"], seed)
    lr, g, n = problem.data["lr"], problem.data["g"], problem.data["n"]
    assert lr in [round(0.01 * k, 2) for k in range(1, 11)]
    assert g in (0.5, 1.0, 2.0) and n in (1, 2, 3)
    assert problem.answer == pytest.approx(n - lr * g)
    assert problem.kind == "scalar"
    assert problem.prompt["en"] == (
        f"Step with lr {lr:g}, θ = {n}, gradient {g:g}\nGive the answer to 3 significant figures."
    )
    assert problem.prompt["zh"] == f"学习率 {lr:g}，θ = {n}，梯度 {g:g}\n答案保留 3 位有效数字。"
    assert problem.solution["en"].endswith(f"θ' = {n} − {lr:g}·{g:g}")
    assert instantiate(CARDS["sgd"], seed) == problem


def test_a_template_covers_its_whole_grid() -> None:
    drawn = {instantiate(CARDS["sgd"], seed).data["lr"] for seed in range(400)}
    assert drawn == {round(0.01 * k, 2) for k in range(1, 11)}


def test_a_flashcard_and_a_bad_seed_are_refused() -> None:
    with pytest.raises(ValueError, match="self-graded"):
        instantiate(CARDS["flash"], 0)
    with pytest.raises(ValueError, match="seed"):
        instantiate(CARDS["pick"], -1)


def test_a_template_worked_answer_ends_with_the_number_it_comes_to() -> None:
    deck = """\
deck: {id: t, title: {en: T}}
cards:
  - id: step
    kind: template
    params: {g: {choices: [2.0]}}
    prompt: {en: "One step with gradient {g}"}
    answer: {en: "θ' = 1 − 0.1·{g}"}
    value: '1 - 0.1*g'
"""
    [card] = load_deck_text(deck).decks[0].cards
    problem = instantiate(card, 0)
    assert problem.solution["en"].splitlines()[:2] == ["θ' = 1 − 0.1·2", "= 0.8"]


def test_a_negative_value_is_parenthesised_inside_a_formula_only() -> None:
    deck = r"""
deck: {id: t, title: {en: T}}
cards:
  - id: residuals
    kind: template
    params: {r: {choices: [-2]}, g: {choices: [-1.5]}}
    prompt: {en: "Residual {r}, gradient {g}"}
    answer: {en: '$({r}^2 + 1)/2$ and $1 - {g}$ and $1 - 0.1\cdot({g})$'}
    value: '(r^2 + 1)/2'
"""
    [card] = load_deck_text(deck).decks[0].cards
    problem = instantiate(card, 0)
    assert problem.prompt["en"].splitlines()[0] == "Residual -2, gradient -1.5"
    # (-2)^2 = 4, so the formula must not read -2² (= -4)
    worked = "((−2)² + 1)/2 and 1 − (−1.5) and 1 − 0.1 · (−1.5)"
    assert problem.solution["en"].splitlines()[0] == worked
    assert problem.answer == 2.5
