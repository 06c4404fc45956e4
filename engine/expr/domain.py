"""Where a problem's variables live: the conditions its prompt states (``yhat > y``, ``b > 0``).

A derivative asked "at a point where ŷ > y" is a constant there although it is not one
everywhere; ``(ŷ − y)/|ŷ − y|`` is then the same answer as ``1``. Equivalence is checked on
the problem's own terms: random test points are drawn inside the domain, and SymPy works
under the matching assumptions (a variable bounded by a linear condition is rewritten as
its bound plus a positive slack: under ``yhat > y``, ``yhat = y + s`` with ``s > 0``).

Conditions are written in the expression language with one or two comparisons:
``yhat > y``, ``abs(yhat - y) <= 1.5``, ``0 < p < 1`` (``<``, ``<=``, ``>``, ``>=``, ``≤``,
``≥``).
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from engine.expr.evaluation import Undefined, evaluate_tree
from engine.expr.parser import Parsed, parse

_COMPARISON = re.compile(r"(<=|>=|≤|≥|<|>)")
_SAME_COMPARISON = {"≤": "<=", "≥": ">="}

#: Where variables are drawn: inside (0, 1) (probabilities), above 1, and negative.
SAMPLE_RANGES = ((0.05, 0.95), (1.05, 4.0), (-4.0, -0.05))
#: How many draws may be tried to find one point inside a domain.
MAX_DOMAIN_DRAWS = 400


@dataclass(frozen=True)
class Condition:
    """``left op right`` with op one of ``< <= > >=``."""

    left: Parsed
    op: str
    right: Parsed

    def holds(self, point: Mapping[str, float]) -> bool:
        """Whether the condition is true at ``point`` (False where either side is undefined)."""
        try:
            left = evaluate_tree(self.left.tree, dict(point))
            right = evaluate_tree(self.right.tree, dict(point))
        except (Undefined, ArithmeticError, ValueError):
            return False
        if self.op == "<":
            return bool(left < right)
        if self.op == "<=":
            return bool(left <= right)
        if self.op == ">":
            return bool(left > right)
        return bool(left >= right)


@dataclass(frozen=True)
class Domain:
    """The conditions a problem states about its variables; no conditions: everywhere."""

    conditions: tuple[Condition, ...] = ()

    def holds(self, point: Mapping[str, float]) -> bool:
        """Whether every condition holds at ``point``."""
        return all(condition.holds(point) for condition in self.conditions)

    def sample(self, names: list[str], rng: random.Random) -> dict[str, float] | None:
        """A random point inside the domain, or None when none was found.

        Points are drawn as in :func:`draw_point`; with conditions, draws are retried (up to
        :data:`MAX_DOMAIN_DRAWS`) until one satisfies them all.
        """
        for _ in range(MAX_DOMAIN_DRAWS if self.conditions else 1):
            point = draw_point(names, rng)
            if self.holds(point):
                return point
        return None

    def assumptions(self, symbols: Mapping[str, Any]) -> list[tuple[Any, Any]]:
        """Substitutions that build the domain into SymPy expressions, to apply in order.

        Each condition that is linear in some variable with a constant coefficient rewrites
        that variable as its bound plus (or minus) a positive slack symbol; other conditions
        (with ``abs``, products of variables) give no substitution and are honoured by the
        numeric test points only.

        Args:
            symbols: the SymPy symbol (real) used for each variable name.

        Returns:
            ``[(symbol, replacement), ...]``, to apply one after the other with ``xreplace``.
        """
        import sympy

        substitutions: list[tuple[Any, Any]] = []
        for number, condition in enumerate(self.conditions):
            left = condition.left.expr.xreplace(_by_name(condition.left.expr, symbols))
            right = condition.right.expr.xreplace(_by_name(condition.right.expr, symbols))
            positive = left - right if condition.op in (">", ">=") else right - left
            for symbol, replacement in substitutions:
                positive = positive.xreplace({symbol: replacement})
            slack = sympy.Symbol(f"slack_{number}", positive=True)
            for symbol in sorted(positive.free_symbols, key=lambda s: s.name):
                if symbol.name.startswith("slack_"):
                    continue
                replacement = _solve_linear(positive, symbol, slack)
                if replacement is not None:
                    substitutions.append((symbol, replacement))
                    break
        return substitutions


def _by_name(expression: Any, symbols: Mapping[str, Any]) -> dict[Any, Any]:
    return {s: symbols[s.name] for s in expression.free_symbols if s.name in symbols}


def _solve_linear(positive: Any, symbol: Any, slack: Any) -> Any | None:
    """``symbol`` such that ``positive == slack``, when ``positive`` is linear in it."""
    import sympy

    try:
        coefficient = sympy.diff(positive, symbol)
        if not coefficient.is_number or coefficient == 0:
            return None
        rest = sympy.expand(positive - coefficient * symbol)
        if symbol in rest.free_symbols:
            return None
        return (slack - rest) / coefficient
    except (TypeError, ValueError, AttributeError):
        return None


def draw_point(names: list[str], rng: random.Random) -> dict[str, float]:
    """A random point: each variable from (0.05, 0.95), (1.05, 4) or (−4, −0.05).

    One draw in three puts all variables near one another instead (within ±0.1, ±0.5 or ±2
    of a common centre), so that narrow domains such as ``|ŷ − y| ≤ 0.5`` are reached.
    """
    if len(names) > 1 and rng.random() < 1 / 3:
        centre = rng.uniform(*rng.choice(SAMPLE_RANGES))
        spread = rng.choice((0.1, 0.5, 2.0))
        return {name: centre + rng.uniform(-spread, spread) for name in names}
    return {name: rng.uniform(*rng.choice(SAMPLE_RANGES)) for name in names}


def parse_domain(conditions: Iterable[str], variables: Iterable[str]) -> Domain:
    """Read the conditions a problem states about its variables.

    Args:
        conditions: texts such as ``"yhat > y"`` or ``"0 < p < 1"``.
        variables: the names the conditions may use.

    Returns:
        The Domain.

    Raises:
        ValueError: a condition without a comparison, or a side that cannot be read
            (an :class:`~engine.expr.errors.ExpressionError`, itself a ValueError).
    """
    names = tuple(variables)
    parsed: list[Condition] = []
    for text in conditions:
        parts = _COMPARISON.split(text)
        if len(parts) < 3 or len(parts) % 2 == 0:
            raise ValueError(f"a domain condition compares two sides: {text!r}")
        sides = [parse(part, names) for part in parts[0::2]]
        operators = [_SAME_COMPARISON.get(op, op) for op in parts[1::2]]
        for index, op in enumerate(operators):
            parsed.append(Condition(sides[index], op, sides[index + 1]))
    return Domain(tuple(parsed))
