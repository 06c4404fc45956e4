"""Whether two expressions are the same function: random points first, then SymPy.

A counterexample point is decisive; agreement needs SymPy's proof or enough agreeing points
(SymPy's simplification is incomplete, e.g. for some max/abs forms).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Literal

from engine.expr.evaluation import Undefined, evaluate_tree
from engine.expr.parser import Parsed
from engine.expr.tree import free_names

#: Random points that must agree before two expressions count as equal numerically.
AGREEING_POINTS = 8
#: How many random points to try at most (points outside either expression's domain are skipped).
MAX_POINT_TRIES = 60
#: Relative differences at a point: below AGREE is agreement, above DIFFER a counterexample.
AGREE_TOLERANCE, DIFFER_TOLERANCE = 1e-9, 1e-6
#: Where variables are drawn: inside (0, 1) (probabilities), above 1, and negative.
_SAMPLE_RANGES = ((0.05, 0.95), (1.05, 4.0), (-4.0, -0.05))

Agreement = Literal["agree", "disagree", "unknown"]


def numeric_agreement(left: Parsed, right: Parsed, *, seed: int = 0) -> Agreement:
    """Compare two scalar expressions at random points of their common domain.

    Each variable is drawn from (0.05, 0.95), (1.05, 4) or (−4, −0.05) at random, so a sign
    or an absolute value that matters shows up; points where either side is undefined are
    skipped and others drawn.

    Args:
        left: one expression.
        right: the other.
        seed: seeds the random points, so the outcome is reproducible.

    Returns:
        ``"disagree"`` if some point gives clearly different values, ``"agree"`` if
        :data:`AGREEING_POINTS` points (one, without variables) agree closely, else ``"unknown"``.
    """
    names = sorted(free_names(left.tree) | free_names(right.tree))
    rng = random.Random(seed)
    needed = AGREEING_POINTS if names else 1
    agreeing = 0
    for _ in range(MAX_POINT_TRIES if names else 1):
        point = {name: rng.uniform(*rng.choice(_SAMPLE_RANGES)) for name in names}
        try:
            a, b = evaluate_tree(left.tree, point), evaluate_tree(right.tree, point)
        except (Undefined, ArithmeticError, ValueError):
            continue
        scale = max(1.0, abs(a), abs(b))
        if abs(a - b) > DIFFER_TOLERANCE * scale:
            return "disagree"
        if abs(a - b) <= AGREE_TOLERANCE * scale:
            agreeing += 1
            if agreeing >= needed:
                return "agree"
    return "unknown"


def symbolically_equal(left: Parsed, right: Parsed) -> bool:
    """Whether SymPy can show ``left − right`` simplifies to 0 (variables taken as real).

    Args:
        left: one scalar expression.
        right: the other.

    Returns:
        True when the difference simplifies to zero; False when it does not (which may also
        mean SymPy could not see it).
    """
    import sympy

    if left.is_sequence or right.is_sequence:
        raise ValueError("symbolically_equal compares single expressions, not vectors")
    difference = left.expr - right.expr
    real = {symbol: sympy.Symbol(symbol.name, real=True) for symbol in difference.free_symbols}
    difference = difference.xreplace(real)
    return bool(difference == 0 or sympy.simplify(difference) == 0)


def equivalent(
    left: Parsed,
    right: Parsed,
    *,
    seed: int = 0,
    symbolic: Callable[[Parsed, Parsed, Agreement], bool | None] | None = None,
) -> bool:
    """Decide whether two expressions are the same function: symbolic proof, numeric confirmation.

    The rule: equal when no random point contradicts it, and either SymPy simplifies the
    difference to 0 or :data:`AGREEING_POINTS` random points agree (SymPy's simplification is
    incomplete, e.g. for some max/abs forms). A counterexample point is decisive, so the
    (cheap) numeric check runs first and SymPy is skipped when it finds one.

    Args:
        left: one expression.
        right: the other.
        seed: seeds the random points.
        symbolic: the symbolic test, given the numeric outcome (so a caller can spend less
            time confirming an agreement than deciding an unknown); it may return None for
            "could not decide in time". Default: :func:`symbolically_equal`.

    Returns:
        Whether they are equivalent.
    """
    numeric = numeric_agreement(left, right, seed=seed)
    if numeric == "disagree":
        return False
    proven = symbolic(left, right, numeric) if symbolic else symbolically_equal(left, right)
    return bool(proven) or numeric == "agree"
