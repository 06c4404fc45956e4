"""Every formula a bundled card states agrees with the engine function it describes.

Two kinds of tie:

- a per-element formula: ``formula.engine`` is a key of :mod:`engine.formulas` and
  ``formula.check`` (engine expression syntax) must be equivalent to
  ``engine.formulas.symbolic(formula.engine)``: SymPy proves the difference simplifies to
  zero, and numeric checks at random points confirm it (for Piecewise/Max/Abs forms,
  which ``simplify`` does not always settle, the numeric checks decide);
- a vector or matrix formula: ``formula.engine`` names an engine function
  (``pca.covariance``) and ``formula.example`` works the card's formula by hand on small
  numbers; the function called with ``example.args`` must give ``example.expect``.

Every other formula card is listed below as having no engine counterpart, so a new
formula card without a tie fails :func:`test_every_formula_card_is_tied_or_listed`.
"""

import importlib
import random

import numpy as np
import pytest
import sympy

from engine import expr, formulas
from quizapp.decks import CardKey, load_decks

#: How many random points each formula is compared at.
POINTS = 12
_RESULT = load_decks(include_bundled=True, check_engine=False)
_ALL_FORMULA_CARDS = [card for deck in _RESULT.decks for card in deck.cards if card.formula]
_FORMULA_CARDS = [
    card for card in _ALL_FORMULA_CARDS if card.formula.engine and card.formula.example is None
]
_CHECKED = [card for card in _FORMULA_CARDS if card.formula.check]
_EXAMPLES = [card for card in _ALL_FORMULA_CARDS if card.formula.example is not None]
#: Formula cards with no engine function an example could call: the engine does not
#: implement the thing, or (``pca.whitening``) its function takes a fitted PCA, which an
#: example's arguments cannot write; ``pca.whitening`` family tests tie that one instead.
NO_ENGINE_COUNTERPART = frozenset(
    {
        CardKey("gradients", "init.xavier"),
        CardKey("gradients", "init.he"),
        CardKey("gradients", "batchnorm.why"),
        CardKey("gradients", "lstm.gating"),
        CardKey("pca", "pca.whitening"),
        CardKey("pca", "pca.kernel"),
    }
)
#: Cards tied to an engine formula key whose LaTeX is a whole-vector (or two-parameter
#: piecewise) form with no per-element ``check`` written yet; listed so that the gap
#: stays visible and a new card cannot join it silently.
TIED_WITHOUT_CHECK: frozenset[CardKey] = frozenset()
#: numpy.allclose tolerances for a worked example (hand-written decimals).
EXAMPLE_RTOL, EXAMPLE_ATOL = 1e-6, 1e-9
_NON_SMOOTH = (sympy.Piecewise, sympy.Max, sympy.Min, sympy.Abs, sympy.Heaviside, sympy.sign)


def test_there_are_formula_cards_to_check() -> None:
    assert _CHECKED, "no bundled card states a checkable formula"


@pytest.mark.parametrize("card", _FORMULA_CARDS, ids=lambda card: str(card.key))
def test_every_engine_key_is_known(card) -> None:
    assert card.formula.engine in formulas.keys()


def _engine_and_card(card) -> tuple[sympy.Expr, sympy.Expr]:
    engine_expr = formulas.symbolic(card.formula.engine)
    by_name = {str(symbol): symbol for symbol in engine_expr.free_symbols}
    parsed = expr.parse(card.formula.check, variables=tuple(sorted(by_name))).expr
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
    difference = card_expr - engine_expr
    # tanh(x) = 2σ(2x) − 1 needs both sides in exponentials before simplify sees it
    assert sympy.simplify(difference) == 0 or sympy.simplify(difference.rewrite(sympy.exp)) == 0


def test_there_are_worked_examples_to_check() -> None:
    assert len(_EXAMPLES) >= 9, [str(card.key) for card in _EXAMPLES]


def test_every_formula_card_is_tied_or_listed() -> None:
    untied = []
    for card in _ALL_FORMULA_CARDS:
        formula = card.formula
        tied = formula.engine is not None and (
            formula.check is not None or formula.example is not None
        )
        if not tied and card.key not in NO_ENGINE_COUNTERPART | TIED_WITHOUT_CHECK:
            untied.append(str(card.key))
    assert untied == [], "formula cards with neither engine+check nor engine+example"


def test_the_exception_lists_name_existing_untied_cards() -> None:
    by_key = {card.key: card for card in _ALL_FORMULA_CARDS}
    for key in NO_ENGINE_COUNTERPART:
        assert key in by_key, f"{key} is no longer a formula card: drop it from the list"
        assert by_key[key].formula.engine is None, f"{key} is now tied: drop it from the list"
    for key in TIED_WITHOUT_CHECK:
        assert key in by_key, f"{key} is no longer a formula card: drop it from the list"
        formula = by_key[key].formula
        assert formula.engine in formulas.keys()
        assert formula.check is None and formula.example is None, f"{key} is now checked"


def _engine_function(name: str):
    module_name, _, function_name = name.partition(".")
    return getattr(importlib.import_module(f"engine.{module_name}"), function_name)


def _call_arguments(args: dict) -> dict:
    """The example's arguments, with text ones read as SymPy expressions over ``variables``."""
    names = tuple(args.get("variables", ()))
    return {
        name: expr.parse(value, variables=names).expr
        if isinstance(value, str) and name != "variables"
        else value
        for name, value in args.items()
    }


def _agrees(got, want) -> bool:
    got_array, want_array = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    return got_array.shape == want_array.shape and bool(
        np.allclose(got_array, want_array, rtol=EXAMPLE_RTOL, atol=EXAMPLE_ATOL)
    )


@pytest.mark.parametrize("card", _EXAMPLES, ids=lambda card: str(card.key))
def test_the_engine_function_gives_the_worked_example(card) -> None:
    example = card.formula.example
    result = _engine_function(card.formula.engine)(**_call_arguments(example["args"]))
    expect = example["expect"]
    if isinstance(expect, dict):  # a result object: compare the named attributes
        assert expect, "an empty expect mapping checks nothing"
        for attribute, want in expect.items():
            got = getattr(result, attribute)
            assert _agrees(got, want), (attribute, got, want)
    else:
        assert _agrees(result, expect), (result, expect)


def test_a_wrong_worked_example_is_caught() -> None:
    # The comparison is not vacuous: the covariance card's example with n instead of
    # n - 1 in the denominator ([[8, -4], [-4, 8]] / 3) does not agree with the engine.
    card = next(card for card in _EXAMPLES if card.formula.engine == "pca.covariance")
    result = _engine_function("pca.covariance")(**card.formula.example["args"])
    assert not _agrees(result, [[8 / 3, -4 / 3], [-4 / 3, 8 / 3]])
    assert not _agrees(result, [4, -2, -2, 4])  # same numbers, wrong shape


def test_the_validators_table_of_formula_variables_is_the_engines_free_symbols() -> None:
    from quizapp.decks.validate.formula_variables import FORMULA_VARIABLES

    assert set(FORMULA_VARIABLES) == set(formulas.keys())
    for key in formulas.keys():
        symbols = sorted(str(symbol) for symbol in formulas.symbolic(key).free_symbols)
        assert FORMULA_VARIABLES[key] == tuple(symbols), key
