"""Every formula a bundled card states agrees with the engine function it describes.

A card's ``formula.check`` (engine expression syntax) must be equivalent to
``engine.formulas.symbolic(formula.engine)``: SymPy proves the difference simplifies to
zero, and numeric checks at random points confirm it (for Piecewise/Max/Abs forms, which
``simplify`` does not always settle, the numeric checks decide).
"""

import random

import pytest
import sympy

from engine import expressions, formulas
from quizapp.decks import load_decks

#: How many random points each formula is compared at.
POINTS = 12
_RESULT = load_decks(include_bundled=True, check_engine=False)
_FORMULA_CARDS = [
    card for deck in _RESULT.decks for card in deck.cards if card.formula and card.formula.engine
]
_CHECKED = [card for card in _FORMULA_CARDS if card.formula.check]
_NON_SMOOTH = (sympy.Piecewise, sympy.Max, sympy.Min, sympy.Abs, sympy.Heaviside, sympy.sign)


def test_there_are_formula_cards_to_check() -> None:
    assert _CHECKED, "no bundled card states a checkable formula"


@pytest.mark.parametrize("card", _FORMULA_CARDS, ids=lambda card: str(card.key))
def test_every_engine_key_is_known(card) -> None:
    assert card.formula.engine in formulas.keys()


def _engine_and_card(card) -> tuple[sympy.Expr, sympy.Expr]:
    engine_expr = formulas.symbolic(card.formula.engine)
    by_name = {str(symbol): symbol for symbol in engine_expr.free_symbols}
    parsed = expressions.parse(card.formula.check, variables=tuple(sorted(by_name))).expr
    renamed = parsed.xreplace(
        {symbol: by_name[str(symbol)] for symbol in parsed.free_symbols if str(symbol) in by_name}
    )
    return engine_expr, renamed


@pytest.mark.parametrize("card", _CHECKED, ids=lambda card: str(card.key))
def test_the_check_agrees_with_the_engine_numerically(card) -> None:
    engine_expr, card_expr = _engine_and_card(card)
    assert card_expr.free_symbols <= engine_expr.free_symbols, "check uses unknown variables"
    rng = random.Random(str(card.key))
    symbols = sorted(engine_expr.free_symbols, key=str)
    for _ in range(POINTS):
        # (0.05, 0.95) keeps logs, ratios and probabilities inside their domains.
        point = {symbol: sympy.Float(rng.uniform(0.05, 0.95)) for symbol in symbols}
        want = complex(engine_expr.subs(point).evalf())
        got = complex(card_expr.subs(point).evalf())
        assert abs(got - want) <= 1e-9 * max(1.0, abs(want)), (point, got, want)


@pytest.mark.parametrize(
    "card",
    [card for card in _CHECKED if not formulas.symbolic(card.formula.engine).has(*_NON_SMOOTH)],
    ids=lambda card: str(card.key),
)
def test_the_check_is_symbolically_equivalent(card) -> None:
    engine_expr, card_expr = _engine_and_card(card)
    assert sympy.simplify(card_expr - engine_expr) == 0
