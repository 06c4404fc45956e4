"""Stage 2 of reading typed text: tokens to a validated tree, never evaluated as Python.

1. The tokens are rewritten into a Python expression in which every number and name is an
   opaque placeholder (``_0``, ``_1``, ...), with implicit multiplication made explicit
   (``2x``, ``2(x+1)``, ``(a)(b)``, ``x y``) and, for vectors, separators made explicit.
2. :func:`ast.parse` (``mode="eval"``) parses that; a whitelist walk accepts only ``+ - * / **``,
   unary ``+ -``, calls of listed functions, placeholders and (for vectors) lists and tuples.
3. Size bounds: at most :data:`MAX_LENGTH` characters, :data:`MAX_NESTING` open brackets,
   :data:`MAX_DEPTH` nested operations, constant exponents of at most :data:`MAX_EXPONENT` in
   absolute value, constants below 10^:data:`MAX_MAGNITUDE`, and polynomial degree at most
   :data:`MAX_DEGREE`. So ``9**9**9**9`` and ``(((9**64)**64)**64)**64`` are rejected before
   anything is computed.
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import Any

from engine.expr.errors import ExpressionError
from engine.expr.errors import bilingual as _text
from engine.expr.evaluation import Undefined, evaluate_tree
from engine.expr.lexer import Token, tokenize
from engine.expr.rendering import render
from engine.expr.symbolic import tree_to_sympy
from engine.expr.tree import (
    CONSTANTS,
    FUNCTIONS,
    BinaryOp,
    Call,
    Negate,
    Node,
    Number,
    Sequence,
    Symbol,
    free_names,
)

#: The longest text accepted, in characters. Answers are short; this bounds every later step.
MAX_LENGTH = 500
#: How many brackets may be open at once.
MAX_NESTING = 30
#: How many operations may nest inside each other (``-(-(-x))`` nests 3 deep; a long sum
#: ``a + b + c + …`` counts as 1).
MAX_DEPTH = 120
#: The largest constant exponent, in absolute value (``x^100`` is fine, ``x^101`` is not).
MAX_EXPONENT = 100
#: Constant subexpressions must stay below 10**MAX_MAGNITUDE (a float holds up to ~1.8e308).
MAX_MAGNITUDE = 300
#: The largest polynomial degree an expression may build up, e.g. ``(x^100)^10``.
MAX_DEGREE = 1000

_VARIABLE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Parsed:
    """Text that passed every check, ready to evaluate, to convert to SymPy, or to echo.

    Attributes:
        text: the text as typed.
        tree: the validated tree.
        variables: the names the text was allowed to use.
    """

    text: str
    tree: Node
    variables: tuple[str, ...]

    @property
    def is_sequence(self) -> bool:
        """Whether the text is a vector or matrix rather than a single value."""
        return isinstance(self.tree, Sequence)

    @property
    def echo(self) -> str:
        """How the text was understood, in readable Unicode: ``2·(ŷ − y)``, ``ln(x)``."""
        return render(self.tree)

    @property
    def is_plain_number(self) -> bool:
        """Whether the text is a single number literal (possibly negated), like ``-0.5``."""
        node = self.tree.operand if isinstance(self.tree, Negate) else self.tree
        return isinstance(node, Number)

    def value(self, values: Mapping[str, float] | None = None) -> Any:
        """Evaluate with float math.

        Args:
            values: a number for each variable used.

        Returns:
            A float, or (for vectors and matrices) a list or a list of lists of floats.

        Raises:
            ExpressionError: when the value is undefined (division by zero, the square root or
                logarithm of a negative number, an overflow), pointing at the operation.
            ValueError: when a variable has no value.
        """
        missing = sorted(free_names(self.tree) - set(values or {}))
        if missing:
            raise ValueError(f"values has no number for {', '.join(missing)}")
        try:
            return evaluate_tree(self.tree, dict(values or {}))
        except Undefined as undefined:
            raise ExpressionError(undefined.message, undefined.position, self.text) from None

    @cached_property
    def expr(self) -> Any:
        """The SymPy expression (plain symbols without assumptions; nested lists for vectors).

        ``log`` becomes SymPy's natural ``log``; ``sigmoid(x)`` becomes ``1/(1 + exp(-x))``.
        """
        import sympy

        symbols = {name: sympy.Symbol(name) for name in self.variables}
        return tree_to_sympy(self.tree, symbols)


def parse(
    text: str,
    variables: Iterable[str] = (),
    *,
    allow_vectors: bool = False,
    percent: bool = False,
    per_sample: bool = False,
) -> Parsed:
    """Read typed text into a validated tree, without ever evaluating it as Python.

    Args:
        text: what was typed.
        variables: the names it may use (besides ``pi``, ``e`` and the listed functions).
        allow_vectors: accept ``[1, 2, 3]``, ``1 2 3``, ``1, 2, 3``, ``[[1,2],[3,4]]`` and
            ``1 2; 3 4``. Within a vector a space separates entries (``1 -2`` is two entries,
            ``1 - 2`` is one), as in MATLAB.
            Rows may also be bracketed (``[[1, 2]; [3, 4]]``) or on separate lines.
        percent: accept a ``%`` right after a number, meaning hundredths (``12.5%`` = 0.125).
        per_sample: the problem is about one sample i: ``yᵢ`` and ``y_i`` stand for ``y``.

    Returns:
        The Parsed text.

    Raises:
        ExpressionError: what is wrong and where, in English and Chinese.
        ValueError: when a variable name is not a plain identifier.
        TypeError: when text is not a string.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, not {type(text).__name__}")
    variables = tuple(variables)
    for name in variables:
        if not isinstance(name, str) or not _VARIABLE_NAME.match(name):
            raise ValueError(f"variables must be plain identifiers, not {name!r}")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(
            _text(
                f"This answer is too long ({len(text)} characters; at most {MAX_LENGTH}).",
                f"答案太长了（{len(text)} 个字符；最多 {MAX_LENGTH} 个）。",
            ),
            MAX_LENGTH,
            text,
        )
    if not text.strip():
        raise ExpressionError(_text("Type an answer first.", "请先输入答案。"), 0, text)
    if allow_vectors:
        text = _line_breaks_as_rows(text)
    tokens = tokenize(text, variables, per_sample=per_sample)
    emitted = _Emitter(tokens, text, allow_vectors, percent).emit()
    tree = _walk(emitted, text, allow_vectors)
    if allow_vectors:
        # The emitter wraps the whole text in one list; a single item is that item itself.
        assert isinstance(tree, Sequence)
        if len(tree.items) == 1:
            tree = tree.items[0]
    _check_sizes(tree, text)
    return Parsed(text=text, tree=tree, variables=variables)


def _line_breaks_as_rows(text: str) -> str:
    """A line break between two entries starts a new row of a matrix (one ';' for one '\\n')."""
    if "\n" not in text:
        return text
    chars = list(text)
    for index, char in enumerate(chars):
        if char != "\n":
            continue
        before = text[:index].rstrip()
        after = text[index + 1 :].lstrip()
        if before and after and before[-1] not in ",;[(" and after[0] not in ",;])":
            chars[index] = ";"
    return "".join(chars)


def to_sympy(text: str, variables: Iterable[str] = ()) -> Any:
    """Return the SymPy expression of ``text`` (see :func:`parse` and :attr:`Parsed.expr`)."""
    return parse(text, variables).expr


def evaluate(text: str, values: Mapping[str, float]) -> float:
    """Evaluate a template expression such as ``1 - lr*g`` with numbers for its variables.

    Args:
        text: the expression, in the engine syntax.
        values: a number for each variable; every key is a variable the text may use.

    Returns:
        The value, a finite float.

    Raises:
        ExpressionError: when the text cannot be read.
        ValueError: when the result is not a finite number (division by zero, the logarithm
            of a negative number, an overflow; ExpressionError is a ValueError too) or a
            variable has no value.
    """
    parsed = parse(text, tuple(values))
    if parsed.is_sequence:
        raise ExpressionError(
            _text("Expected one value, not a list.", "应为一个值，而不是列表。"), 0, text
        )
    result = parsed.value({name: float(value) for name, value in values.items()})
    if not math.isfinite(result):
        raise ValueError(f"{text!r} is not a finite number for {dict(values)}")
    return float(result)


# ---------------------------------------------------------------------------------------------
# Step 2: a Python expression made of placeholders


@dataclass(frozen=True)
class _Slot:
    """What a placeholder ``_<index>`` stands for."""

    kind: str  # num, var, const, func
    name: str
    value: Fraction | None
    position: int


@dataclass(frozen=True)
class _Emitted:
    source: str
    origins: tuple[int, ...]  # for each character of source, the index in the typed text
    slots: tuple[_Slot, ...]


_ENDS_OPERAND = {"num", "var", "const", ")", "]"}
_STARTS_OPERAND = {"num", "var", "const", "func", "(", "["}
_CLOSING = {"(": ")", "[": "]"}


class _Emitter:
    """Writes the token list as Python source made only of placeholders and punctuation."""

    def __init__(self, tokens: list[Token], text: str, allow_vectors: bool, percent: bool):
        self.tokens, self.text = tokens, text
        self.allow_vectors, self.percent = allow_vectors, percent
        self.parts: list[str] = []
        self.origins: list[int] = []
        self.slots: list[_Slot] = []
        self.bracketed_rows = self._between_bracketed_rows()
        self.rows = self._levels_with_rows()

    def emit(self) -> _Emitted:
        stack: list[int] = []  # indices of the open ( and [ tokens
        if self.allow_vectors:
            self._put("[[" if self.rows.get(-1) else "[", 0)
        previous: Token | None = None
        for index, token in enumerate(self.tokens):
            following = self.tokens[index + 1] if index + 1 < len(self.tokens) else None
            in_vector = self._in_vector(stack)
            self._check_neighbours(previous, token, following, stack)
            if previous is not None and previous.kind in _ENDS_OPERAND:
                self._join(previous, token, following, in_vector)
            if token.kind == "num":
                percent = following is not None and following.kind == "%"
                self._put_slot(token, percent)
            elif token.kind in ("var", "const", "func"):
                self._put_slot(token, False)
            elif token.kind == "op":
                self._put(token.text, token.start)
            elif token.kind in ("(", "["):
                self._open(token, index, stack)
            elif token.kind in (")", "]"):
                self._close(token, stack)
            elif token.kind == ",":
                self._comma(token, stack)
            elif token.kind == ";":
                self._semicolon(token, index, stack)
            elif token.kind == "%":
                if previous is None or previous.kind != "num":
                    raise self._percent_error(token, must_follow_number=True)
                continue  # folded into the number before it
            previous = token
        if stack:
            opener = self.tokens[stack[-1]]
            raise ExpressionError(
                _text(f"This '{opener.text}' is never closed.", f"这个 '{opener.text}' 没有闭合。"),
                opener.start,
                self.text,
            )
        if self.allow_vectors:
            self._put("]]" if self.rows.get(-1) else "]", len(self.text))
        return _Emitted("".join(self.parts), tuple(self.origins), tuple(self.slots))

    # -- pieces of output

    def _put(self, source: str, origin: int) -> None:
        for char in source + " ":
            self.parts.append(char)
            self.origins.append(origin)

    def _put_slot(self, token: Token, percent: bool) -> None:
        value = None
        name = token.text
        if token.kind == "num":
            if percent and not self.percent:
                raise self._percent_error(token, must_follow_number=False)
            value = Fraction(token.text) / (100 if percent else 1)
            name = token.text + ("%" if percent else "")
        self._put(f"_{len(self.slots)}", token.start)
        self.slots.append(_Slot(token.kind, name, value, token.start))

    def _percent_error(self, token: Token, *, must_follow_number: bool) -> ExpressionError:
        if self.percent and must_follow_number:
            message = _text(
                "'%' must follow a number, as in 12.5%.", "'%' 必须紧跟在数字后面，例如 12.5%。"
            )
        else:
            message = _text(
                "A percentage is not accepted here: type the plain number.",
                "这里不接受百分数：请直接输入数字。",
            )
        position = token.start if token.kind == "%" else token.end
        return ExpressionError(message, position, self.text)

    # -- brackets and separators

    def _between_bracketed_rows(self) -> set[int]:
        """The ';' tokens between two bracketed rows (``[[a, b]; [c, d]]``): plain separators."""
        return {
            index
            for index, token in enumerate(self.tokens)
            if token.kind == ";"
            and 0 < index < len(self.tokens) - 1
            and self.tokens[index - 1].kind == "]"
            and self.tokens[index + 1].kind == "["
        }

    def _levels_with_rows(self) -> dict[int, bool]:
        """For each '[' (by token index; -1 for the whole text) whether it holds a ';'."""
        rows: dict[int, bool] = {}
        stack: list[int] = []
        for index, token in enumerate(self.tokens):
            if token.kind in ("(", "["):
                stack.append(index)
            elif token.kind in (")", "]") and stack:
                stack.pop()
            elif token.kind == ";" and index not in self.bracketed_rows:
                rows[stack[-1] if stack else -1] = True
        return rows

    def _in_vector(self, stack: list[int]) -> bool:
        if not self.allow_vectors:
            return False
        return not stack or self.tokens[stack[-1]].kind == "["

    def _open(self, token: Token, index: int, stack: list[int]) -> None:
        if token.kind == "[" and not self.allow_vectors:
            raise ExpressionError(
                _text(
                    "Brackets [ ] are only for vectors and matrices; use ( ) for grouping.",
                    "方括号 [ ] 只用于向量和矩阵；分组请用圆括号 ( )。",
                ),
                token.start,
                self.text,
            )
        if len(stack) >= MAX_NESTING:
            raise ExpressionError(
                _text(
                    f"Too many brackets inside each other (at most {MAX_NESTING}).",
                    f"括号嵌套太深（最多 {MAX_NESTING} 层）。",
                ),
                token.start,
                self.text,
            )
        stack.append(index)
        self._put("[[" if token.kind == "[" and self.rows.get(index) else token.kind, token.start)

    def _close(self, token: Token, stack: list[int]) -> None:
        if not stack:
            raise ExpressionError(
                _text(
                    f"This '{token.text}' has no opening partner.",
                    f"这个 '{token.text}' 没有对应的左括号。",
                ),
                token.start,
                self.text,
            )
        opener_index = stack.pop()
        opener = self.tokens[opener_index]
        if _CLOSING[opener.kind] != token.kind:
            raise ExpressionError(
                _text(
                    f"This '{token.text}' closes a '{opener.text}'; expected "
                    f"'{_CLOSING[opener.kind]}'.",
                    f"这个 '{token.text}' 与 '{opener.text}' 不匹配；"
                    f"应为 '{_CLOSING[opener.kind]}'。",
                ),
                token.start,
                self.text,
            )
        with_rows = token.kind == "]" and self.rows.get(opener_index)
        self._put("]]" if with_rows else token.kind, token.start)

    def _comma(self, token: Token, stack: list[int]) -> None:
        if not stack and not self.allow_vectors:
            raise ExpressionError(
                _text(
                    "One value is expected here, not a list (write decimals with a dot: 0.5).",
                    "这里应为一个值，而不是列表（小数请用小数点：0.5）。",
                ),
                token.start,
                self.text,
            )
        self._put(",", token.start)

    def _semicolon(self, token: Token, index: int, stack: list[int]) -> None:
        if not self._in_vector(stack):
            raise ExpressionError(
                _text(
                    "';' separates the rows of a matrix; it cannot go here.",
                    "';' 用于分隔矩阵的行，不能出现在这里。",
                ),
                token.start,
                self.text,
            )
        self._put("," if index in self.bracketed_rows else "],[", token.start)

    # -- between two tokens

    def _join(
        self, previous: Token, token: Token, following: Token | None, in_vector: bool
    ) -> None:
        """Insert the ',' or '*' that two neighbouring operands leave unsaid."""
        if token.kind in _STARTS_OPERAND:
            brackets = previous.kind == "]" or token.kind == "["
            if in_vector and (token.space_before or brackets):
                self._put(",", token.start)
            elif previous.kind == "num" and token.kind == "num":
                raise ExpressionError(
                    _text(
                        "Two numbers in a row: put an operator between them (e.g. 2*3).",
                        "两个数挨在一起：请在中间加运算符（例如 2*3）。",
                    ),
                    token.start,
                    self.text,
                )
            elif previous.kind == "]" or token.kind == "[":
                raise ExpressionError(
                    _text("A vector cannot be multiplied here.", "这里不能对向量做乘法。"),
                    token.start,
                    self.text,
                )
            else:
                self._put("*", token.start)
        elif (
            in_vector
            and token.kind == "op"
            and token.text in "+-"
            and token.space_before
            and following is not None
            and not following.space_before
            and following.kind in _STARTS_OPERAND
        ):
            self._put(",", token.start)  # "1 -2" is two entries, "1 - 2" is one

    def _check_neighbours(
        self, previous: Token | None, token: Token, following: Token | None, stack: list[int]
    ) -> None:
        """Catch the common slips with a precise message before Python's parser sees them."""
        if token.kind == "func" and (following is None or following.kind != "("):
            raise ExpressionError(
                _text(
                    f"Write {token.text}(…) with parentheses, e.g. {token.text}(2).",
                    f"请给 {token.text} 加上括号，例如 {token.text}(2)。",
                ),
                token.start,
                self.text,
            )
        starts_level = previous is None or previous.kind in ("(", "[", ",", ";", "op")
        if token.kind == "op" and token.text in ("*", "/", "**") and starts_level:
            if previous is not None and previous.kind == "op":
                message = _text(
                    f"Two operators in a row ('{previous.text}' then '{token.text}').",
                    f"两个运算符连在一起（'{previous.text}' 之后是 '{token.text}'）。",
                )
            else:
                message = _text(
                    f"'{token.text}' needs a value before it.", f"'{token.text}' 前面需要一个值。"
                )
            raise ExpressionError(message, token.start, self.text)
        ends_level = following is None or following.kind in (")", "]", ",", ";", "%")
        if token.kind == "op" and ends_level:
            raise ExpressionError(
                _text(
                    f"'{token.text}' needs a value after it.", f"'{token.text}' 后面需要一个值。"
                ),
                token.end,
                self.text,
            )
        if token.kind in (")", "]") and previous is not None and previous.kind == _opener(token):
            raise ExpressionError(
                _text("Nothing inside the brackets.", "括号里是空的。"), previous.start, self.text
            )
        if token.kind in (",", ";") and (starts_level or ends_level):
            raise ExpressionError(
                _text(
                    f"A value is missing next to this '{token.text}'.",
                    f"这个 '{token.text}' 旁边缺少一个值。",
                ),
                token.start,
                self.text,
            )


def _opener(token: Token) -> str:
    return "(" if token.kind == ")" else "["


# ---------------------------------------------------------------------------------------------
# Step 3: Python's parser and the whitelist walk

_OPERATORS: dict[type, str] = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.Pow: "**",
}


def _walk(emitted: _Emitted, text: str, allow_vectors: bool) -> Node:
    try:
        tree = ast.parse(emitted.source, mode="eval")
    except SyntaxError as error:
        offset = max(0, (error.offset or 1) - 1)
        at_end = offset >= len(emitted.source.rstrip())
        position = len(text) if at_end else emitted.origins[min(offset, len(emitted.origins) - 1)]
        message = (
            _text(
                "The answer ends too early: something is missing at the end.",
                "答案不完整：结尾缺少内容。",
            )
            if at_end
            else _text(
                "This could not be read: check the operators and brackets near the caret.",
                "无法读取：请检查 ^ 所指位置附近的运算符和括号。",
            )
        )
        raise ExpressionError(message, position, text) from None
    except (RecursionError, MemoryError):
        raise _too_deep(0, text) from None
    return _Walker(emitted, text, allow_vectors).visit(tree.body, 0)


def _too_deep(position: int, text: str) -> ExpressionError:
    return ExpressionError(
        _text(
            f"Too many operations inside each other (at most {MAX_DEPTH}).",
            f"运算嵌套太深（最多 {MAX_DEPTH} 层）。",
        ),
        position,
        text,
    )


class _Walker:
    """Turns the whitelisted parts of a Python AST into a tree of Nodes; refuses the rest."""

    def __init__(self, emitted: _Emitted, text: str, allow_vectors: bool):
        self.emitted, self.text, self.allow_vectors = emitted, text, allow_vectors

    def position(self, node: ast.AST) -> int:
        offset = getattr(node, "col_offset", 0)
        return self.emitted.origins[min(offset, len(self.emitted.origins) - 1)]

    def refuse(self, node: ast.AST, en: str, zh: str) -> ExpressionError:
        return ExpressionError(_text(en, zh), self.position(node), self.text)

    def visit(self, node: ast.AST, depth: int) -> Node:
        if depth > MAX_DEPTH:
            raise _too_deep(self.position(node), self.text)
        if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
            # A chain a + b + c nests to the left; it is long, not deep, so its left spine
            # does not count towards MAX_DEPTH (the length cap bounds it).
            left = self.scalar(node.left, depth - 1)
            right = self.scalar(node.right, depth)
            op_position = self._operator_position(node)
            return BinaryOp(_OPERATORS[type(node.op)], left, right, op_position)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            operand = self.scalar(node.operand, depth)
            return (
                Negate(operand, self.position(node)) if isinstance(node.op, ast.USub) else operand
            )
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.Call):
            return self.call(node, depth)
        if isinstance(node, ast.List | ast.Tuple) and self.allow_vectors:
            items = tuple(self.visit(item, depth + 1) for item in node.elts)
            return Sequence(items, self.position(node))
        if isinstance(node, ast.List | ast.Tuple):
            raise self.refuse(
                node, "One value is expected here, not a list.", "这里应为一个值，而不是列表。"
            )
        raise self.refuse(
            node,
            f"This is not allowed in an answer ({type(node).__name__}).",
            f"答案中不允许这种写法（{type(node).__name__}）。",
        )

    def scalar(self, node: ast.AST, depth: int) -> Node:
        result = self.visit(node, depth + 1)
        if isinstance(result, Sequence):
            raise self.refuse(
                node,
                "Arithmetic on a whole vector is not supported: write each entry.",
                "不支持对整个向量做运算：请逐项写出。",
            )
        return result

    def slot(self, node: ast.Name) -> _Slot:
        match = re.fullmatch(r"_(\d+)", node.id)
        if match is None or int(match.group(1)) >= len(self.emitted.slots):
            raise self.refuse(node, "Unknown name.", "未知的名称。")  # cannot come from _Emitter
        return self.emitted.slots[int(match.group(1))]

    def name(self, node: ast.Name) -> Node:
        slot = self.slot(node)
        if slot.kind == "num":
            assert slot.value is not None
            return Number(slot.name, slot.value, slot.position)
        if slot.kind in ("var", "const"):
            return Symbol(slot.name, slot.position, constant=slot.kind == "const")
        raise self.refuse(
            node, f"Write {slot.name}(…) with parentheses.", f"请给 {slot.name} 加上括号。"
        )

    def call(self, node: ast.Call, depth: int) -> Node:
        if not isinstance(node.func, ast.Name) or self.slot(node.func).kind != "func":
            raise self.refuse(
                node, "Only the listed functions can be called.", "只能调用列出的函数。"
            )
        function = self.slot(node.func).name
        if node.keywords or any(isinstance(arg, ast.Starred) for arg in node.args):
            raise self.refuse(node, "Plain arguments only.", "只能使用普通参数。")
        arity = FUNCTIONS[function]
        if arity is not None and len(node.args) != arity:
            raise self.refuse(
                node,
                f"{function}(…) takes exactly {arity} argument, not {len(node.args)}.",
                f"{function}(…) 只接受 {arity} 个参数，而不是 {len(node.args)} 个。",
            )
        if arity is None and len(node.args) < 2:
            raise self.refuse(
                node,
                f"{function}(…) needs at least two arguments.",
                f"{function}(…) 至少需要两个参数。",
            )
        args = tuple(self.scalar(arg, depth) for arg in node.args)
        return Call(function, args, self.position(node))

    def _operator_position(self, node: ast.BinOp) -> int:
        """Index of the operator between the operands (for the caret), or of the node."""
        end = getattr(node.left, "end_col_offset", None)
        source = self.emitted.source
        if end is None:
            return self.position(node)
        while end < len(source) and source[end] in " )]":
            end += 1
        return self.emitted.origins[min(end, len(self.emitted.origins) - 1)]


# ---------------------------------------------------------------------------------------------
# Step 4: size bounds on powers and constants


@dataclass(frozen=True)
class _Size:
    constant: bool
    value: float | None  # the float value of a constant part, None if undefined
    degree: float  # polynomial degree, roughly


def _check_sizes(node: Node, text: str) -> _Size:
    """Refuse powers and constants that would take too long or too much memory to handle."""
    if isinstance(node, Number):
        return _Size(True, _fraction_to_float(node, text), 0.0)
    if isinstance(node, Symbol):
        return _Size(node.constant, CONSTANTS.get(node.name), 0.0 if node.constant else 1.0)
    if isinstance(node, Sequence):
        for item in node.items:
            _check_sizes(item, text)
        return _Size(False, None, 0.0)
    if isinstance(node, Negate):
        inner = _check_sizes(node.operand, text)
        return _Size(inner.constant, None if inner.value is None else -inner.value, inner.degree)
    if isinstance(node, Call):
        sizes = [_check_sizes(arg, text) for arg in node.args]
        constant = all(size.constant for size in sizes)
        degree = max(size.degree for size in sizes)
        return _Size(constant, _folded(node, text) if constant else None, degree)
    left, right = _check_sizes(node.left, text), _check_sizes(node.right, text)
    constant = left.constant and right.constant
    if node.op in ("+", "-"):
        degree = max(left.degree, right.degree)
    elif node.op in ("*", "/"):
        degree = left.degree + right.degree
    else:
        degree = _check_power(node, left, right, text)
    if node.op == "/" and right.constant and right.value == 0:
        raise ExpressionError(_text("Division by zero.", "除数为零。"), node.position, text)
    if degree > MAX_DEGREE:
        raise ExpressionError(
            _text(
                f"These powers are too large to work with (degree above {MAX_DEGREE}).",
                f"幂次太大，无法处理（次数超过 {MAX_DEGREE}）。",
            ),
            node.position,
            text,
        )
    return _Size(constant, _folded(node, text) if constant else None, degree)


def _check_power(node: BinaryOp, base: _Size, exponent: _Size, text: str) -> float:
    if not exponent.constant:
        return base.degree
    if exponent.value is None:
        return base.degree
    if abs(exponent.value) > MAX_EXPONENT:
        raise ExpressionError(
            _text(
                f"This exponent is too large (at most {MAX_EXPONENT} in size).",
                f"指数太大（绝对值最多为 {MAX_EXPONENT}）。",
            ),
            _start(node.right),
            text,
        )
    if base.constant and base.value not in (None, 0.0):
        assert base.value is not None
        if abs(exponent.value) * math.log10(abs(base.value)) > MAX_MAGNITUDE:
            raise _too_large(node.position, text)
    return base.degree * abs(exponent.value)


def _start(node: Node) -> int:
    """Where a subtree starts in the typed text (its leftmost leaf)."""
    while isinstance(node, BinaryOp):
        node = node.left
    return node.position


def _folded(node: Node, text: str) -> float:
    """The float value of a constant subtree; an error when it is undefined or too large.

    A constant that has no value (``1/0``, ``ln(0)``, ``sqrt(-1)``) makes the whole text
    meaningless whatever the variables are, so it is refused in every kind of answer.
    """
    try:
        return evaluate_tree(node, {})
    except Undefined as undefined:
        raise ExpressionError(undefined.message, undefined.position, text) from None


def _fraction_to_float(node: Number, text: str) -> float:
    try:
        return float(node.value)
    except OverflowError:
        raise _too_large(node.position, text) from None


def _too_large(position: int, text: str) -> ExpressionError:
    return ExpressionError(
        _text(
            f"This number is too large to work with (above 10^{MAX_MAGNITUDE}).",
            f"这个数太大了，无法处理（超过 10^{MAX_MAGNITUDE}）。",
        ),
        position,
        text,
    )
