"""A validated tree as a SymPy expression (SymPy is imported only when one is asked for).

``log`` becomes SymPy's natural ``log``; ``sigmoid(x)`` becomes ``1/(1 + exp(-x))``.
"""

from __future__ import annotations

from typing import Any

from engine.expr.tree import Call, Negate, Node, Number, Sequence, Symbol


def tree_to_sympy(node: Node, symbols: dict[str, Any]) -> Any:
    import sympy

    if isinstance(node, Number):
        return sympy.Rational(node.value.numerator, node.value.denominator)
    if isinstance(node, Symbol):
        if node.constant:
            return sympy.pi if node.name == "pi" else sympy.E
        return symbols[node.name]
    if isinstance(node, Sequence):
        return [tree_to_sympy(item, symbols) for item in node.items]
    if isinstance(node, Negate):
        return -tree_to_sympy(node.operand, symbols)
    if isinstance(node, Call):
        args = [tree_to_sympy(arg, symbols) for arg in node.args]
        return _sympy_call(node.function, args)
    left, right = tree_to_sympy(node.left, symbols), tree_to_sympy(node.right, symbols)
    if node.op == "+":
        return left + right
    if node.op == "-":
        return left - right
    if node.op == "*":
        return left * right
    if node.op == "/":
        return left / right
    return left**right


def _sympy_call(function: str, args: list[Any]) -> Any:
    import sympy

    if function == "max":
        return sympy.Max(*args)
    if function == "min":
        return sympy.Min(*args)
    (x,) = args
    if function == "sigmoid":
        return 1 / (1 + sympy.exp(-x))
    if function in ("log", "ln"):
        return sympy.log(x)
    if function == "log10":
        return sympy.log(x, 10)
    if function == "log2":
        return sympy.log(x, 2)
    named = {"abs": sympy.Abs, "sqrt": sympy.sqrt, "sign": sympy.sign, "sech": sympy.sech}
    return (named.get(function) or getattr(sympy, function))(x)
