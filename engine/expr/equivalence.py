"""Whether two expressions are the same function: random points first, then SymPy.

A counterexample point is decisive; agreement needs SymPy's proof or enough agreeing points
(SymPy's simplification is incomplete, e.g. for some max/abs forms). Both are done on the
problem's own terms: points are drawn inside its :class:`~engine.expr.domain.Domain` and
SymPy works under the domain's assumptions. When neither decides, the outcome is
``"undecided"``, never "different".

Decimals typed for exact numbers (``0.3333`` for 1/3) are judged by
:func:`decimal_agreement`: each decimal stands for any number that rounds to it.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from typing import Literal

from engine.expr.domain import Domain, draw_point
from engine.expr.evaluation import Undefined, evaluate_tree
from engine.expr.parser import Parsed
from engine.expr.tree import BinaryOp, Call, Negate, Node, Number, Sequence, free_names

#: Random points that must agree before two expressions count as equal numerically.
AGREEING_POINTS = 8
#: How many random points to try at most (points outside either expression's domain are skipped).
MAX_POINT_TRIES = 60
#: Relative differences at a point: below AGREE is agreement, above DIFFER a counterexample.
AGREE_TOLERANCE, DIFFER_TOLERANCE = 1e-9, 1e-6

Agreement = Literal["agree", "disagree", "unknown"]
Outcome = Literal["equal", "different", "undecided"]

_EVERYWHERE = Domain()


def numeric_agreement(
    left: Parsed, right: Parsed, *, seed: int = 0, domain: Domain = _EVERYWHERE
) -> Agreement:
    """Compare two scalar expressions at random points of their common domain.

    Each variable is drawn from (0.05, 0.95), (1.05, 4) or (−4, −0.05) at random (or all
    near one another; see :func:`~engine.expr.domain.draw_point`), so a sign or an absolute
    value that matters shows up; points outside ``domain`` or where either side is undefined
    are skipped and others drawn.

    Args:
        left: one expression.
        right: the other.
        seed: seeds the random points, so the outcome is reproducible.
        domain: where the variables live (default: everywhere).

    Returns:
        ``"disagree"`` if some point gives clearly different values, ``"agree"`` if
        :data:`AGREEING_POINTS` points (one, without variables) agree closely, else ``"unknown"``.
    """
    return _agreement(left, right, seed, domain, _exact_at(left, right))


def decimal_agreement(
    learner: Parsed,
    exact: Parsed,
    relative: float,
    *,
    seed: int = 0,
    domain: Domain = _EVERYWHERE,
) -> Agreement:
    """Compare an expression with decimals in it to the exact one, at a given precision.

    At each point the difference may be ``relative`` times the size of the learner's
    expression with every term counted positively (so a rounding error in one term is not
    magnified by cancellation against another).

    Args:
        learner: the expression typed, with decimal numbers.
        exact: the exact expression.
        relative: how far a decimal may be from the number it stands for, relatively
            (see :func:`decimal_tolerance`).
        seed: seeds the random points.
        domain: where the variables live.

    Returns:
        As :func:`numeric_agreement`.
    """

    def close_at(point: dict[str, float]) -> bool | None:
        a, b = evaluate_tree(learner.tree, point), evaluate_tree(exact.tree, point)
        size = _magnitude(learner.tree, point)
        return abs(a - b) <= relative * size + AGREE_TOLERANCE * max(1.0, abs(b))

    return _agreement(learner, exact, seed, domain, close_at)


def decimals_typed(parsed: Parsed) -> list[str]:
    """The number literals of ``parsed`` written as decimals (``0.333``, ``2.5e-3``)."""
    found: list[str] = []

    def visit(node: Node) -> None:
        if isinstance(node, Number):
            if any(mark in node.text for mark in ".eE"):
                found.append(node.text)
        elif isinstance(node, Negate):
            visit(node.operand)
        elif isinstance(node, BinaryOp):
            visit(node.left)
            visit(node.right)
        elif isinstance(node, Call | Sequence):
            for child in node.args if isinstance(node, Call) else node.items:
                visit(child)

    visit(parsed.tree)
    return found


def significant_figures(decimal: str) -> int:
    """How many significant figures a decimal literal shows: ``0.3333`` → 4, ``2.50e-3`` → 3."""
    mantissa = decimal.lower().split("e")[0]
    digits = mantissa.replace(".", "").lstrip("0")
    return max(1, len(digits))


def decimal_tolerance(decimals: list[str], figures: int | None = None) -> float:
    """The relative rounding error the decimals allow: half a unit in their last place.

    Args:
        decimals: number literals as typed.
        figures: read each decimal at this many significant figures instead of the ones
            it shows (the precision a problem asks for).

    Returns:
        The largest relative half-unit among them (0 without decimals).
    """
    largest = 0.0
    for decimal in decimals:
        value = abs(float(decimal))
        if value == 0 or not math.isfinite(value):
            continue
        shown = figures if figures is not None else significant_figures(decimal)
        unit = 10 ** (math.floor(math.log10(value)) - shown + 1)
        largest = max(largest, 0.5 * unit / value * (1 + 1e-9))
    return largest


def _magnitude(node: Node, point: dict[str, float]) -> float:
    """The value with every sum's terms counted positively (a bound on rounding effects)."""
    if isinstance(node, BinaryOp) and node.op in "+-":
        return _magnitude(node.left, point) + _magnitude(node.right, point)
    if isinstance(node, BinaryOp) and node.op == "*":
        return _magnitude(node.left, point) * _magnitude(node.right, point)
    if isinstance(node, BinaryOp) and node.op == "/":
        return _magnitude(node.left, point) / abs(evaluate_tree(node.right, point))
    if isinstance(node, Negate):
        return _magnitude(node.operand, point)
    return abs(evaluate_tree(node, point))


def _exact_at(left: Parsed, right: Parsed) -> Callable[[dict[str, float]], bool | None]:
    def compare(point: dict[str, float]) -> bool | None:
        a, b = evaluate_tree(left.tree, point), evaluate_tree(right.tree, point)
        scale = max(1.0, abs(a), abs(b))
        if abs(a - b) > DIFFER_TOLERANCE * scale:
            return False
        return True if abs(a - b) <= AGREE_TOLERANCE * scale else None

    return compare


def _agreement(
    left: Parsed,
    right: Parsed,
    seed: int,
    domain: Domain,
    compare: Callable[[dict[str, float]], bool | None],
) -> Agreement:
    """Draw points until one disagrees or enough agree (``compare``: None for "too close
    to call" at that point)."""
    names = sorted(free_names(left.tree) | free_names(right.tree) | _domain_names(domain))
    rng = random.Random(seed)
    needed = AGREEING_POINTS if names else 1
    agreeing = 0
    for _ in range(MAX_POINT_TRIES if names else 1):
        point = domain.sample(names, rng) if domain.conditions else draw_point(names, rng)
        if point is None:
            return "unknown"  # the domain is too narrow to find points in
        try:
            same = compare(point)
        except (Undefined, ArithmeticError, ValueError):
            continue
        if same is False:
            return "disagree"
        if same:
            agreeing += 1
            if agreeing >= needed:
                return "agree"
    return "unknown"


def _domain_names(domain: Domain) -> set[str]:
    names: set[str] = set()
    for condition in domain.conditions:
        names |= free_names(condition.left.tree) | free_names(condition.right.tree)
    return names


def symbolically_equal(left: Parsed, right: Parsed, *, domain: Domain = _EVERYWHERE) -> bool:
    """Whether SymPy can show ``left − right`` simplifies to 0 (variables real, in ``domain``).

    Args:
        left: one scalar expression.
        right: the other.
        domain: conditions on the variables, built in as substitutions
            (see :meth:`~engine.expr.domain.Domain.assumptions`).

    Returns:
        True when the difference simplifies to zero; False when it does not (which may also
        mean SymPy could not see it).
    """
    import sympy

    if left.is_sequence or right.is_sequence:
        raise ValueError("symbolically_equal compares single expressions, not vectors")
    difference = left.expr - right.expr
    names = {symbol.name for symbol in difference.free_symbols} | _domain_names(domain)
    real = {name: sympy.Symbol(name, real=True) for name in names}
    difference = difference.xreplace(
        {symbol: real[symbol.name] for symbol in difference.free_symbols}
    )
    for symbol, replacement in domain.assumptions(real):
        difference = difference.xreplace({symbol: replacement})
    return bool(difference == 0 or sympy.simplify(difference) == 0)


def equivalence(
    left: Parsed,
    right: Parsed,
    *,
    seed: int = 0,
    domain: Domain = _EVERYWHERE,
    symbolic: Callable[[Parsed, Parsed, Agreement], bool | None] | None = None,
) -> Outcome:
    """Decide whether two expressions are the same function on ``domain``.

    The rule: different when a random point contradicts it; equal when SymPy simplifies the
    difference to 0 or :data:`AGREEING_POINTS` random points agree (SymPy's simplification is
    incomplete, e.g. for some max/abs forms); otherwise undecided. The (cheap) numeric check
    runs first and SymPy is skipped when it finds a counterexample.

    Args:
        left: one expression.
        right: the other.
        seed: seeds the random points.
        domain: where the variables live.
        symbolic: the symbolic test, given the numeric outcome (so a caller can spend less
            time confirming an agreement than deciding an unknown); it may return None for
            "could not decide in time". Default: :func:`symbolically_equal` on ``domain``.

    Returns:
        ``"equal"``, ``"different"`` or ``"undecided"``.
    """
    numeric = numeric_agreement(left, right, seed=seed, domain=domain)
    if numeric == "disagree":
        return "different"
    if symbolic is not None:
        proven = symbolic(left, right, numeric)
    else:
        proven = symbolically_equal(left, right, domain=domain)
    if proven or numeric == "agree":
        return "equal"
    return "undecided"


def equivalent(
    left: Parsed,
    right: Parsed,
    *,
    seed: int = 0,
    domain: Domain = _EVERYWHERE,
    symbolic: Callable[[Parsed, Parsed, Agreement], bool | None] | None = None,
) -> bool:
    """Whether two expressions are provably or numerically the same function (see
    :func:`equivalence`; an undecided comparison is not an equivalence)."""
    outcome = equivalence(left, right, seed=seed, domain=domain, symbolic=symbolic)
    return outcome == "equal"
