"""Float evaluation of a validated tree, with undefined values reported where they arise.

Numeric answers are graded with this plain float math; SymPy is never imported here.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from engine.expr.errors import bilingual as _text
from engine.expr.tree import CONSTANTS, DISPLAY_NAMES, Call, Negate, Node, Number, Sequence, Symbol
from engine.problem import Text


class Undefined(Exception):
    """A value that does not exist (1/0, ln(−1)) or does not fit in a float."""

    def __init__(self, message: Text, position: int, *, too_large: bool = False):
        super().__init__(message["en"])
        self.message, self.position, self.too_large = message, position, too_large


def _overflow(position: int) -> Undefined:
    return Undefined(
        _text("The value is too large to compute.", "数值太大，无法计算。"),
        position,
        too_large=True,
    )


def _finite(value: float, position: int) -> float:
    if not math.isfinite(value):
        raise _overflow(position)
    return value


def evaluate_tree(node: Node, values: dict[str, float]) -> Any:
    if isinstance(node, Number):
        try:
            return float(node.value)
        except OverflowError:
            raise _overflow(node.position) from None
    if isinstance(node, Symbol):
        return CONSTANTS[node.name] if node.constant else values[node.name]
    if isinstance(node, Sequence):
        return [evaluate_tree(item, values) for item in node.items]
    if isinstance(node, Negate):
        return -evaluate_tree(node.operand, values)
    if isinstance(node, Call):
        args = [evaluate_tree(arg, values) for arg in node.args]
        return _finite(_call(node.function, args, node.position), node.position)
    left, right = evaluate_tree(node.left, values), evaluate_tree(node.right, values)
    try:
        if node.op == "+":
            result = left + right
        elif node.op == "-":
            result = left - right
        elif node.op == "*":
            result = left * right
        elif node.op == "/":
            if right == 0:
                raise Undefined(_text("Division by zero.", "除数为零。"), node.position)
            result = left / right
        else:
            result = _power(left, right, node.position)
    except OverflowError:
        raise _overflow(node.position) from None
    return _finite(result, node.position)


def _power(base: float, exponent: float, position: int) -> float:
    if base == 0 and exponent < 0:
        raise Undefined(
            _text("Division by zero (0 to a negative power).", "除数为零（0 的负数次幂）。"),
            position,
        )
    if base < 0 and not float(exponent).is_integer():
        raise Undefined(
            _text(
                "A negative number to a fractional power is undefined.", "负数的分数次幂没有定义。"
            ),
            position,
        )
    return math.pow(base, exponent)


def _positive(function: str, x: float, position: int) -> float:
    if x <= 0:
        shown = DISPLAY_NAMES.get(function, function)
        raise Undefined(
            _text(
                f"{shown} of zero or a negative number is undefined.",
                f"{shown} 的自变量必须为正数。",
            ),
            position,
        )
    return x


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def _sech(x: float) -> float:
    return 0.0 if abs(x) > 700 else 1.0 / math.cosh(x)  # cosh overflows; sech is then 0


def _sign(x: float) -> float:
    return 0.0 if x == 0 else math.copysign(1.0, x)


_UNARY: dict[str, Callable[[float], float]] = {
    "exp": math.exp,
    "abs": abs,
    "sin": math.sin,
    "cos": math.cos,
    "tan": math.tan,
    "sinh": math.sinh,
    "cosh": math.cosh,
    "tanh": math.tanh,
    "sech": _sech,
    "sign": _sign,
    "sigmoid": _sigmoid,
}
_LOGARITHMS: dict[str, Callable[[float], float]] = {
    "log": math.log,
    "ln": math.log,
    "log10": math.log10,
    "log2": math.log2,
}


def _call(function: str, args: list[float], position: int) -> float:
    try:
        if function == "max":
            return max(args)
        if function == "min":
            return min(args)
        (x,) = args
        if function == "sqrt":
            if x < 0:
                raise Undefined(
                    _text(
                        "The square root of a negative number is undefined.",
                        "负数的平方根没有定义。",
                    ),
                    position,
                )
            return math.sqrt(x)
        if function in _LOGARITHMS:
            return _LOGARITHMS[function](_positive(function, x, position))
        return _UNARY[function](x)
    except OverflowError:
        raise _overflow(position) from None
