"""Deck text is rendered in one place, the decks layer, once per card.

A card keeps its texts as written (LaTeX and all: an Anki export turns the math into
MathJax, a template fills its placeholders first); ``Card.shown`` holds them rendered,
computed once, and every screen and every problem made from the card takes its text
from there. The UI never renders LaTeX itself. Expected strings are written out by hand.
"""

from __future__ import annotations

import ast
import time
from pathlib import Path

from quizapp.decks import instantiate, load_deck_text
from quizapp.study.sitting import Presented
from quizapp.ui import cardview

DECK = r"""deck:
  id: shown
  title: {en: Shown}
cards:
  - id: mse
    kind: flashcard
    prompt: {en: 'What is $\hat{y}_i$?', zh: '$\hat{y}_i$ 是什么？'}
    answer: {en: 'The prediction; costs \$5 or \$6'}
    explanation: {en: 'Half of it is $\frac{1}{2}$.'}
    hint: {en: 'Think of $\sqrt{s}$.'}
    formula: {latex: '\delta \le \theta'}
  - id: pick
    kind: choice
    prompt: {en: 'Which is $e^{-x}$?'}
    options:
      - {en: '$e^{-x}$', correct: true}
      - {en: '$W^\top$', correct: false}
  - id: step
    kind: template
    prompt: {en: 'With $\eta = {lr}$ and $g = {g}$, what is $1 - \eta \cdot g$?'}
    hint: {en: 'Multiply {lr} by {g}, then subtract from 1.'}
    params:
      lr: {choices: [0.5]}
      g: {choices: [2]}
    value: '1 - lr*g'
"""

CARDS = {card.id: card for card in load_deck_text(DECK).decks[0].cards}


def test_shown_holds_every_text_rendered_and_the_card_keeps_them_as_written() -> None:
    card = CARDS["mse"]
    assert card.shown.prompt == {"en": "What is ŷᵢ?", "zh": "ŷᵢ 是什么？"}
    assert card.shown.answer == {"en": "The prediction; costs $5 or $6"}
    assert card.shown.explanation == {"en": "Half of it is ½."}
    assert card.shown.hint == {"en": "Think of √s."}
    assert card.shown.formula == "δ ≤ θ"
    assert card.prompt["en"] == r"What is $\hat{y}_i$?"  # as written
    assert CARDS["pick"].shown.options == ({"en": "e⁻ˣ"}, {"en": "Wᵀ"})


def test_shown_is_rendered_once_per_card() -> None:
    card = CARDS["mse"]
    assert card.shown is card.shown
    # Rendering twice would be wrong, not just slow: the escaped dollars, once rendered,
    # read as a formula "$5 or $".
    assert "$5 or $6" in card.shown.answer["en"]


def test_a_problem_takes_the_cards_rendered_texts() -> None:
    card = CARDS["pick"]
    problem = instantiate(card, 3)
    assert problem.prompt == card.shown.prompt == {"en": "Which is e⁻ˣ?"}
    assert sorted(option["en"] for option in problem.options) == ["Wᵀ", "e⁻ˣ"]


def test_a_template_hint_is_shown_filled_with_the_values_drawn() -> None:
    card = CARDS["step"]
    problem = instantiate(card, 0)
    presented = Presented(card, {"en": "Shown"}, problem, 0, time.monotonic())
    assert presented.hint == {"en": "Multiply 0.5 by 2, then subtract from 1."}
    assert cardview.bilingual(presented.hint, "en").plain == presented.hint["en"]
    assert problem.prompt == {
        "en": "With η = 0.5 and g = 2, what is 1 − η · g?\nGive the answer to 3 significant figures."
    }


def test_no_screen_or_widget_renders_latex_itself() -> None:
    ui = Path(cardview.__file__).parent
    offenders = []
    for path in sorted(ui.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            if any(n.startswith(("quizapp.decks.rendering", "pylatexenc")) for n in names):
                offenders.append(path.name)
            if any(n == "quizapp.decks.render" for n in names):
                offenders.append(path.name)
    assert len(list(ui.rglob("*.py"))) > 10  # the UI's modules were all looked at
    assert offenders == []
