"""The validated tree typed text becomes, and the names it may use.

Every later stage (evaluation, SymPy, the echo) walks these nodes; none of them ever sees
the typed text again.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

#: Functions a learner may call, with how many arguments each takes (None: two or more).
FUNCTIONS: dict[str, int | None] = {
    "sqrt": 1,
    "exp": 1,
    "log": 1,
    "ln": 1,
    "log10": 1,
    "log2": 1,
    "abs": 1,
    "sin": 1,
    "cos": 1,
    "tan": 1,
    "sinh": 1,
    "cosh": 1,
    "tanh": 1,
    "sech": 1,
    "sign": 1,
    "sigmoid": 1,
    "max": None,
    "min": None,
}
#: Named constants.
CONSTANTS: dict[str, float] = {"pi": math.pi, "e": math.e}

#: Single characters typed for a name: Greek letters and ŷ.
CHARACTER_NAMES = {
    "α": "alpha",
    "β": "beta",
    "γ": "gamma",
    "δ": "delta",
    "ε": "epsilon",
    "η": "eta",
    "θ": "theta",
    "λ": "lambda",
    "μ": "mu",
    "ρ": "rho",
    "σ": "sigma",
    "τ": "tau",
    "φ": "phi",
    "ω": "omega",
    "π": "pi",
    "ŷ": "yhat",
}
#: How names are shown in the echo.
DISPLAY_NAMES = {name: char for char, name in CHARACTER_NAMES.items()} | {"log": "ln"}


@dataclass(frozen=True)
class Number:
    """A number as typed (``0.5``, ``2e-3``, ``12.5%``) and its exact value."""

    text: str
    value: Fraction
    position: int


@dataclass(frozen=True)
class Symbol:
    """A declared variable or a constant (``pi``, ``e``)."""

    name: str
    position: int
    constant: bool = False


@dataclass(frozen=True)
class BinaryOp:
    """``left op right`` with op one of ``+ - * / **``."""

    op: str
    left: Node
    right: Node
    position: int


@dataclass(frozen=True)
class Negate:
    """Unary minus."""

    operand: Node
    position: int


@dataclass(frozen=True)
class Call:
    """A call of one of :data:`FUNCTIONS`."""

    function: str
    args: tuple[Node, ...]
    position: int


@dataclass(frozen=True)
class Sequence:
    """A vector (of numbers) or a matrix (a Sequence of row Sequences)."""

    items: tuple[Node, ...]
    position: int


Node = Number | Symbol | BinaryOp | Negate | Call | Sequence


def free_names(node: Node) -> set[str]:
    if isinstance(node, Symbol):
        return set() if node.constant else {node.name}
    if isinstance(node, Number):
        return set()
    if isinstance(node, Negate):
        return free_names(node.operand)
    if isinstance(node, BinaryOp):
        return free_names(node.left) | free_names(node.right)
    children = node.args if isinstance(node, Call) else node.items
    return set().union(*(free_names(child) for child in children))
