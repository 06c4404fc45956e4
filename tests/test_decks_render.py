"""LaTeX in deck text becomes readable Unicode; no backslash ever reaches the learner.

Expected strings are written out by hand from the usual typeset reading of each formula.
"""

import pytest

from quizapp.decks import render
from quizapp.decks.render import latex_to_unicode


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        (r"\hat{y}", "ŷ"),
        (r"y_i^2", "yᵢ²"),
        (r"\frac{1}{n}\sum_{i=1}^{n}(y_i-\hat{y}_i)^2", "1/n Σᵢ₌₁ⁿ(yᵢ−ŷᵢ)²"),
        (r"\frac{1}{2}", "½"),
        (r"\frac{m}{1-\beta_1^t}", "m/(1−β₁ᵗ)"),
        (r"\sqrt{v + \epsilon}", "√(v + ε)"),
        (r"\sqrt{s}", "√s"),
        (r"\delta \le \theta", "δ ≤ θ"),
        (r"\nabla_\theta L", "∇_θ L"),
        (r"\frac{\partial L}{\partial w}", "∂L/∂w"),
        (r"a \cdot b", "a · b"),
        (r"\mathbb{E}[x]", "𝔼[x]"),
        (r"\left( x \right)", "( x )"),
        (r"\text{if } x", "if x"),
        (r"\mathrm{Var}(W)", "Var(W)"),
        (r"\operatorname{softmax}(z)", "softmax(z)"),
        (r"W^\top", "Wᵀ"),
        (r"x^{(i)}", "x⁽ⁱ⁾"),
        (r"\log \sigma(x)", "log σ(x)"),
        (r"\sum_i y_i\log\frac{y_i}{\hat{y}_i}", "Σᵢ yᵢ log(yᵢ/ŷᵢ)"),
        (r"\|g\|_2", "‖g‖₂"),
        (r"e^{-x}", "e⁻ˣ"),
    ],
)
def test_formulas_read_as_unicode(latex: str, expected: str) -> None:
    assert latex_to_unicode(latex) == expected


def test_cases_become_one_line_per_case() -> None:
    latex = (
        r"\begin{cases} \frac{1}{2}(y-\hat{y})^2 & |y-\hat{y}| \le \delta \\"
        r" \delta|y-\hat{y}| - \frac{1}{2}\delta^2 & \text{otherwise} \end{cases}"
    )
    assert latex_to_unicode(latex).splitlines() == [
        "{ ½(y−ŷ)²         if |y−ŷ| ≤ δ",
        "{ δ|y−ŷ| − ½ δ²   otherwise",
    ]


def test_only_math_between_dollars_is_converted() -> None:
    assert (
        render(r"The loss $\hat{y}_i$ costs \$5 and 50% of it")
        == "The loss ŷᵢ costs $5 and 50% of it"
    )


def test_display_math_stands_on_its_own_line() -> None:
    assert render(r"Adam: $$\hat{m} = \frac{m}{1-\beta_1^t}$$ then step") == (
        "Adam:\nm̂ = m/(1−β₁ᵗ)\nthen step"
    )


def test_text_without_math_is_unchanged() -> None:
    assert render("plain words, {braces} too") == "plain words, {braces} too"


@pytest.mark.parametrize(
    "latex", [r"\unknowncommand{x} + \foo", r"\frac{1}", r"\begin{cases} a", "\\", r"x_"]
)
def test_unknown_or_broken_latex_never_shows_a_backslash(latex: str) -> None:
    assert "\\" not in latex_to_unicode(latex)
