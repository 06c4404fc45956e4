"""LaTeX in deck text becomes readable Unicode; no backslash ever reaches the learner.

Expected strings are written out by hand from the usual typeset reading of each formula.
"""

import pytest

from quizapp.decks import render
from quizapp.decks.rendering import latex_to_unicode


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


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        # relations and arrows: spaced as a typeset formula spaces them
        (r"i\ne j", "i ≠ j"),
        (r"a \neq b", "a ≠ b"),
        (r"x \geq 0", "x ≥ 0"),
        (r"x \leq 1", "x ≤ 1"),
        (r"x \ge y", "x ≥ y"),
        (r"x \le y", "x ≤ y"),
        (r"a \approx b", "a ≈ b"),
        (r"p \propto q", "p ∝ q"),
        (r"x \in S", "x ∈ S"),
        (r"x \notin S", "x ∉ S"),
        (r"A \subset B", "A ⊂ B"),
        (r"x \to 0", "x → 0"),
        (r"a \rightarrow b", "a → b"),
        (r"A \Rightarrow B", "A ⇒ B"),
        (r"a \times b", "a × b"),
        (r"a \div b", "a ÷ b"),
        (r"a \odot b", "a ⊙ b"),
        (r"f \circ g", "f ∘ g"),
        (r"\infty", "∞"),
        # a sign with nothing before it is unary and keeps to its operand
        (r"\pm 1", "±1"),
        (r"x = \pm 1", "x = ±1"),
        (r"a \pm b", "a ± b"),
        (r"\mp 1", "∓1"),
        (r"1, \ldots, n", "1, …, n"),
        (r"1 + \cdots + n", "1 + ⋯ + n"),
        # primes
        (r"f^\prime", "f′"),
        (r"f'", "f′"),
        (r"f'(x)", "f′(x)"),
        (r"f''(x)", "f″(x)"),
        (r"\theta' = 1", "θ′ = 1"),
        (r"\text{ReLU's slope}", "ReLU's slope"),
        # delimiters
        (r"\lVert x \rVert", "‖x‖"),
        (r"\|x\|_2", "‖x‖₂"),
        (r"\langle x, y \rangle", "⟨x, y⟩"),
        # transpose and operator names
        (r"X^\top", "Xᵀ"),
        (r"X^\top X", "Xᵀ X"),
        (r"X^{\top}X", "XᵀX"),
        (r"Z V_k^\top + \mathbf{1}\bar{x}^\top", "Z Vₖᵀ + 1x̄ᵀ"),
        (r"\log x", "log x"),
        (r"\exp(x)", "exp(x)"),
        (r"\max_i x_i", "maxᵢ xᵢ"),
        (r"\min(a, b)", "min(a, b)"),
        (r"\arg\max_\theta L", "arg max_θ L"),
        (r"\operatorname{argmax}_x f(x)", "argmaxₓ f(x)"),
        # fonts and accents
        (r"\mathbf{x}", "x"),
        (r"\boldsymbol{\theta}", "θ"),
        (r"\tilde{x}", "x̃"),
        (r"\bar{x}", "x̄"),
        (r"\dot{x}", "ẋ"),
        (r"\mathcal{L}", "ℒ"),
        # calculus and Greek letters
        (r"\partial L", "∂L"),
        (r"\nabla f", "∇f"),
        (r"x - \eta \nabla f(x)", "x − η ∇f(x)"),
        (r"\sigma(z)", "σ(z)"),
        (r"\epsilon + \varepsilon", "ε + ε"),
        (r"\lambda \mu \eta", "λ μ η"),
        (r"\frac{\partial \mathcal{L}}{\partial \theta}", "∂ℒ/∂θ"),
    ],
)
def test_common_commands_read_as_their_symbols(latex: str, expected: str) -> None:
    assert latex_to_unicode(latex) == expected


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        # a product below the bar is bracketed: a/bc would read as (a/b)c
        (r"\frac{\hat{y}-y}{\hat{y}(1-\hat{y})}", "(ŷ−y)/(ŷ(1−ŷ))"),
        (r"\frac{4x^3}{12x^2}", "4x³/(12x²)"),
        (r"\frac{r^\top r}{p^\top A p}", "(rᵀ r)/(pᵀ A p)"),
        (r"\sqrt{0.001g^2}", "√(0.001g²)"),
        # one factor stays bare: a number, a symbol, a function call, a bracketed group
        (r"\frac{1}{\cosh^2(x)}", "1/cosh²(x)"),
        (r"\frac{c}{\|g\|}", "c/‖g‖"),
        (r"\frac{1}{|C_j|}", "1/|Cⱼ|"),
        (r"\frac{a}{y!}", "a/y!"),
        (r"\frac{g}{\sqrt{v}}", "g/√v"),
        (r"\frac{e^{-x}}{(1+e^{-x})^2}", "e⁻ˣ/(1+e⁻ˣ)²"),
    ],
)
def test_denominators_are_bracketed_when_they_are_products(latex: str, expected: str) -> None:
    assert latex_to_unicode(latex) == expected


def test_a_sum_whose_limits_fall_back_is_spaced_from_its_summand() -> None:
    # c has no subscript letter in Unicode, so the lower limit falls back to _(c=1)
    assert latex_to_unicode(r"-\sum_{c=1}^{M}y_c\log\hat{y}_c") == "−Σ_(c=1)ᴹ y_c log ŷ_c"


def test_small_spaces_collapse_and_a_quad_stays_a_visible_gap() -> None:
    assert latex_to_unicode(r"1 \; (x > 0), \quad \alpha \; (x < 0)") == "1 (x > 0),  α (x < 0)"
    assert latex_to_unicode(r"\mathrm{diag}(f'(a))\, W") == "diag(f′(a)) W"


def test_cases_line_up_by_display_width_not_code_points() -> None:
    # ŷ is two code points (y and a combining hat) but one column on screen
    latex = r"\begin{cases} \hat{y} & y > 0 \\ 0 & \text{otherwise} \end{cases}"
    assert latex_to_unicode(latex).splitlines() == ["{ ŷ   if y > 0", "{ 0   otherwise"]


def test_inline_math_in_a_sentence_renders_the_fixed_commands() -> None:
    assert render(r"For $i\ne j$, $f^\prime(x) = 0$ and $X^\top X$ is symmetric.") == (
        "For i ≠ j, f′(x) = 0 and Xᵀ X is symmetric."
    )
