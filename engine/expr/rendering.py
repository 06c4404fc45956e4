"""The echo: a validated tree rendered back as readable Unicode (``2·(ŷ − y)``, ``ln(x)``)."""

from __future__ import annotations

from engine.expr.tree import DISPLAY_NAMES, BinaryOp, Call, Negate, Node, Number, Sequence, Symbol

_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2, "neg": 3, "**": 4}
_SHOWN_OPERATOR = {"+": " + ", "-": " − ", "*": "·", "/": "/", "**": "^"}


def render(node: Node) -> str:
    """Render a tree as readable Unicode: ``2·(ŷ − y)``, ``x^2``, ``ln(x)``, ``[[1, 2], [3]]``."""
    if isinstance(node, Number):
        return node.text
    if isinstance(node, Symbol):
        return DISPLAY_NAMES.get(node.name, node.name)
    if isinstance(node, Sequence):
        return "[" + ", ".join(render(item) for item in node.items) + "]"
    if isinstance(node, Call):
        name = DISPLAY_NAMES.get(node.function, node.function)
        return f"{name}({', '.join(render(arg) for arg in node.args)})"
    if isinstance(node, Negate):
        inner = render(node.operand)
        needs = isinstance(node.operand, Negate) or _precedence(node.operand) < _PRECEDENCE["neg"]
        return f"−({inner})" if needs else f"−{inner}"
    op = node.op
    left, right = render(node.left), render(node.right)
    if op == "**":
        left = left if _is_atom(node.left) else f"({left})"
        right = right if _is_atom(node.right) else f"({right})"
    else:
        if _precedence(node.left) < _PRECEDENCE[op]:
            left = f"({left})"
        right_precedence = _precedence(node.right)
        if (
            right_precedence < _PRECEDENCE[op]
            or (right_precedence == _PRECEDENCE[op] and op in "-/")
            or isinstance(node.right, Negate)
        ):
            right = f"({right})"
    return f"{left}{_SHOWN_OPERATOR[op]}{right}"


def _is_atom(node: Node) -> bool:
    return isinstance(node, Number | Symbol | Call | Sequence)


def _precedence(node: Node) -> int:
    if isinstance(node, BinaryOp):
        return _PRECEDENCE[node.op]
    if isinstance(node, Negate):
        return _PRECEDENCE["neg"]
    return 5
