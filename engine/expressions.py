"""The one safe expression language of quizapp: typed answers, template answers and formula checks.

A learner types ``2(yhat - y)``, ``1/3``, ``12.5%``, ``1 2; 3 4`` or ``σ(x)(1 − σ(x))``; this
module turns such text into a small validated tree that can be evaluated with float math,
turned into a SymPy expression, or rendered back as readable Unicode (the *echo*).

Nothing typed is ever evaluated as Python. The text goes through four gates:

1. A tokenizer that knows only numbers, names, the operators ``+ - * / ^ **``, parentheses,
   brackets, commas and semicolons (plus a few Unicode spellings: ``−``, ``×``, ``·``, ``÷``,
   ``²``, ``³``, ``√``, ``π``, ``ŷ``, Greek letters and full-width punctuation). Any other
   character is an error. Names must be declared variables, the constants ``pi`` and ``e``, or
   a listed function; an unknown name is an error naming the ones allowed.
2. The tokens are rewritten into a Python expression in which every number and name is an
   opaque placeholder (``_0``, ``_1``, ...), with implicit multiplication made explicit
   (``2x``, ``2(x+1)``, ``(a)(b)``, ``x y``) and, for vectors, separators made explicit.
3. :func:`ast.parse` (``mode="eval"``) parses that; a whitelist walk accepts only ``+ - * / **``,
   unary ``+ -``, calls of listed functions, placeholders and (for vectors) lists and tuples.
4. Size bounds: at most :data:`MAX_LENGTH` characters, :data:`MAX_NESTING` open brackets,
   :data:`MAX_DEPTH` nested operations, constant exponents of at most :data:`MAX_EXPONENT` in
   absolute value, constants below 10^:data:`MAX_MAGNITUDE`, and polynomial degree at most
   :data:`MAX_DEGREE`. So ``9**9**9**9`` and ``(((9**64)**64)**64)**64`` are rejected before
   anything is computed.

``log`` is the natural logarithm (the echo shows it as ``ln``); ``log10`` and ``log2`` are the
others. SymPy is imported only when a SymPy expression is asked for, so numeric answers are
graded with plain float math.
"""

from __future__ import annotations

import ast
import math
import random
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import Any, Literal

from engine.problem import Text

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
#: Decimal exponents in number literals (``2e-3``) may be at most this in absolute value.
MAX_LITERAL_EXPONENT = 308

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
    "sigmoid": 1,
    "max": None,
    "min": None,
}
#: Named constants.
CONSTANTS: dict[str, float] = {"pi": math.pi, "e": math.e}

#: Single characters typed for a name: Greek letters and ŷ.
_CHARACTER_NAMES = {
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
_DISPLAY_NAMES = {name: char for char, name in _CHARACTER_NAMES.items()} | {"log": "ln"}
#: Characters that stand for an ASCII operator, one for one (so positions stay put).
_SAME_AS = {"−": "-", "–": "-", "×": "*", "·": "*", "⋅": "*", "∙": "*", "÷": "/", "\u3000": " "}
_SUPERSCRIPTS = {"²": "2", "³": "3"}
_COMBINING_HAT = "\u0302"

_NUMBER = re.compile(r"(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_VARIABLE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def _text(en: str, zh: str) -> Text:
    return {"en": en, "zh": zh}


class ExpressionError(ValueError):
    """Typed text that cannot be read, with what is wrong and where.

    Attributes:
        message: what is wrong, ``{"en", "zh"}``, in plain words.
        position: 0-based index into ``text`` of the character at fault.
        text: the text as typed.
    """

    def __init__(self, message: Text, position: int, text: str) -> None:
        super().__init__(message["en"])
        self.message = message
        self.position = max(0, min(position, len(text)))
        self.text = text

    def caret(self) -> str:
        """Return the input (or the part around the position) with a ``^`` under the position."""
        return render_caret(self.text, self.position)

    def feedback(self) -> Text:
        """Return the message followed by the caret picture, in both languages."""
        picture = self.caret()
        return {lang: f"{message}\n{picture}" for lang, message in self.message.items()}


def render_caret(text: str, position: int, *, window: int = 30) -> str:
    """Render ``text`` on one line with a ``^`` under ``position``.

    Long text is cut to ``window`` characters either side of the position (marked ``…``);
    control characters show as spaces; wide (CJK) characters count as two columns so the
    caret lines up in a terminal.

    Args:
        text: the text as typed.
        position: 0-based character index; ``len(text)`` points just past the end.
        window: how many characters to keep on each side.

    Returns:
        Two lines: the text and the caret.
    """
    position = max(0, min(position, len(text)))
    start, end = max(0, position - window), min(len(text), position + window)
    shown = "".join(" " if unicodedata.category(c).startswith("C") else c for c in text[start:end])
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    offset = sum(_columns(c) for c in prefix + shown[: position - start])
    return f"  {prefix}{shown}{suffix}\n  {' ' * offset}^"


def _columns(character: str) -> int:
    return 2 if unicodedata.east_asian_width(character) in ("W", "F") else 1


# ---------------------------------------------------------------------------------------------
# The validated tree


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
        missing = sorted(_free_names(self.tree) - set(values or {}))
        if missing:
            raise ValueError(f"values has no number for {', '.join(missing)}")
        try:
            return _evaluate(self.tree, dict(values or {}))
        except _Undefined as undefined:
            raise ExpressionError(undefined.message, undefined.position, self.text) from None

    @cached_property
    def expr(self) -> Any:
        """The SymPy expression (plain symbols without assumptions; nested lists for vectors).

        ``log`` becomes SymPy's natural ``log``; ``sigmoid(x)`` becomes ``1/(1 + exp(-x))``.
        """
        import sympy

        symbols = {name: sympy.Symbol(name) for name in self.variables}
        return _to_sympy(self.tree, symbols)


def parse(
    text: str,
    variables: Iterable[str] = (),
    *,
    allow_vectors: bool = False,
    percent: bool = False,
) -> Parsed:
    """Read typed text into a validated tree, without ever evaluating it as Python.

    Args:
        text: what was typed.
        variables: the names it may use (besides ``pi``, ``e`` and the listed functions).
        allow_vectors: accept ``[1, 2, 3]``, ``1 2 3``, ``1, 2, 3``, ``[[1,2],[3,4]]`` and
            ``1 2; 3 4``. Within a vector a space separates entries (``1 -2`` is two entries,
            ``1 - 2`` is one), as in MATLAB.
        percent: accept a ``%`` right after a number, meaning hundredths (``12.5%`` = 0.125).

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
    tokens = _tokenize(text)
    tokens = _resolve_names(tokens, variables, text)
    tokens = _expand_root_signs(tokens, text)
    emitted = _Emitter(tokens, text, allow_vectors, percent).emit()
    tree = _walk(emitted, text, allow_vectors)
    if allow_vectors:
        # The emitter wraps the whole text in one list; a single item is that item itself.
        assert isinstance(tree, Sequence)
        if len(tree.items) == 1:
            tree = tree.items[0]
    _check_sizes(tree, text)
    return Parsed(text=text, tree=tree, variables=variables)


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
# Step 1: tokens


@dataclass(frozen=True)
class _Token:
    """kind: num, name, var, const, func, root (√), op, (, ), [, ], ",", ;, %."""

    kind: str
    text: str
    start: int
    end: int
    space_before: bool = False


_PUNCTUATION = {"(": "(", ")": ")", "[": "[", "]": "]", ",": ",", ";": ";", "%": "%"}


def _tokenize(text: str) -> list[_Token]:
    # One-for-one replacements keep every index pointing at the character typed.
    chars = "".join(_normalize_character(c) for c in text)
    tokens: list[_Token] = []
    index, space = 0, False
    while index < len(chars):
        char = chars[index]
        if char.isspace():
            index, space = index + 1, True
            continue
        number = _NUMBER.match(chars, index)
        identifier = _IDENTIFIER.match(chars, index)
        if number:
            _check_literal(number, text)
            tokens.append(_Token("num", number.group(), index, number.end(), space))
            index = number.end()
        elif identifier:
            name, end = identifier.group(), identifier.end()
            if chars[end : end + 1] == _COMBINING_HAT and name.endswith("y"):
                name, end = name + "hat", end + 1
            tokens.append(_Token("name", name, index, end, space))
            index = end
        elif char in _CHARACTER_NAMES:
            tokens.append(_Token("name", _CHARACTER_NAMES[char], index, index + 1, space))
            index += 1
        elif char in _SUPERSCRIPTS:
            tokens.append(_Token("op", "**", index, index + 1, space))
            tokens.append(_Token("num", _SUPERSCRIPTS[char], index, index + 1))
            index += 1
        elif char == "√":
            tokens.append(_Token("root", "sqrt", index, index + 1, space))
            index += 1
        elif chars.startswith("**", index):
            tokens.append(_Token("op", "**", index, index + 2, space))
            index += 2
        elif chars.startswith("//", index):
            raise ExpressionError(
                _text(
                    "'//' is not allowed: use / to divide.", "不允许使用 '//'：请用 / 表示除法。"
                ),
                index,
                text,
            )
        elif char in "+-*/^":
            tokens.append(_Token("op", "**" if char == "^" else char, index, index + 1, space))
            index += 1
        elif char in _PUNCTUATION:
            tokens.append(_Token(char, char, index, index + 1, space))
            index += 1
        else:
            raise _unexpected_character(text, index)
        space = False
    return tokens


def _normalize_character(char: str) -> str:
    if "\uff01" <= char <= "\uff5e":  # full-width ASCII, as typed with a Chinese input method
        return chr(ord(char) - 0xFEE0)
    return _SAME_AS.get(char, char)


def _check_literal(number: re.Match[str], text: str) -> None:
    exponent = number.group(2)
    if exponent and abs(int(exponent[1:])) > MAX_LITERAL_EXPONENT:
        raise ExpressionError(
            _text(
                f"This number is out of range (a power of ten of at most {MAX_LITERAL_EXPONENT}).",
                f"这个数超出范围（10 的幂最多为 {MAX_LITERAL_EXPONENT}）。",
            ),
            number.start(),
            text,
        )
    if len(number.group(1)) > MAX_LITERAL_EXPONENT:
        raise ExpressionError(
            _text("This number has too many digits.", "这个数的位数太多了。"), number.start(), text
        )


def _unexpected_character(text: str, index: int) -> ExpressionError:
    char = text[index]
    if char == "=":
        message = _text("Write only the answer, without '='.", "只写答案本身，不要写 '='。")
    elif char == "." and index + 1 < len(text) and text[index + 1].isalpha():
        message = _text(
            "'.' is only a decimal point here (attribute access is not allowed).",
            "'.' 在这里只能作小数点（不允许访问属性）。",
        )
    else:
        shown = char if char.isprintable() and not char.isspace() else f"U+{ord(char):04X}"
        message = _text(
            f"Unexpected character '{shown}'. Use numbers, names, + - * / ^ and parentheses.",
            f"意外的字符 '{shown}'。请使用数字、名称、+ - * / ^ 和括号。",
        )
    return ExpressionError(message, index, text)


# ---------------------------------------------------------------------------------------------
# Step 1b: names


def _resolve_names(tokens: list[_Token], variables: tuple[str, ...], text: str) -> list[_Token]:
    resolved: list[_Token] = []
    for index, token in enumerate(tokens):
        if token.kind != "name":
            resolved.append(token)
            continue
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        before_call = following is not None and following.kind == "("
        resolved.extend(_resolve_name(token, before_call, variables, text))
    return resolved


def _resolve_name(
    token: _Token, before_call: bool, variables: tuple[str, ...], text: str
) -> list[_Token]:
    name, lowered = token.text, token.text.lower()
    if name in variables:
        return [_retyped(token, "var", name)]
    if name == "sigma" and text[token.start] == "σ" and before_call:
        return [_retyped(token, "func", "sigmoid")]
    if lowered in FUNCTIONS:
        return [_retyped(token, "func", lowered)]
    if lowered == "pi" or name == "e":
        return [_retyped(token, "const", lowered)]
    if name.replace("_", "") in variables:  # y_hat for yhat
        return [_retyped(token, "var", name.replace("_", ""))]
    if token.end - token.start == len(name):  # typed as ASCII letters: may be a product (2xy)
        pieces = _split_name(name, variables, before_call)
        if pieces:
            return _split_tokens(token, pieces, variables)
    raise ExpressionError(_unknown_name_message(name, variables), token.start, text)


def _retyped(token: _Token, kind: str, name: str) -> _Token:
    return _Token(kind, name, token.start, token.end, token.space_before)


def _split_name(name: str, variables: tuple[str, ...], before_call: bool) -> list[str] | None:
    """Split ``xy`` into known names (fewest pieces); a function may only come last, before '('."""
    known = set(variables) | {"pi", "e"}
    best: list[list[str] | None] = [None] * (len(name) + 1)
    best[0] = []
    for end in range(1, len(name) + 1):
        for start in range(end):
            previous, piece = best[start], name[start:end]
            is_last_call = end == len(name) and before_call and piece in FUNCTIONS
            if previous is None or not (piece in known or is_last_call):
                continue
            current = best[end]
            if current is None or len(previous) + 1 < len(current):
                best[end] = [*previous, piece]
    found = best[len(name)]
    return found if found and len(found) > 1 else None


def _split_tokens(token: _Token, pieces: list[str], variables: tuple[str, ...]) -> list[_Token]:
    tokens, start = [], token.start
    for number, piece in enumerate(pieces):
        kind = "var" if piece in variables else "func" if piece in FUNCTIONS else "const"
        space = token.space_before if number == 0 else False
        tokens.append(_Token(kind, piece, start, start + len(piece), space))
        start += len(piece)
    return tokens


def _unknown_name_message(name: str, variables: tuple[str, ...]) -> Text:
    if variables:
        return _text(
            f"Unknown name '{name}' — you can use {', '.join(variables)}.",
            f"未知的名称 '{name}'——可用的变量有 {'、'.join(variables)}。",
        )
    return _text(
        f"Unknown name '{name}' — there are no variables here; use numbers, pi, e and "
        "functions such as sqrt(…), ln(…), exp(…).",
        f"未知的名称 '{name}'——这里没有变量；"
        "请使用数字、pi、e 以及 sqrt(…)、ln(…)、exp(…) 等函数。",
    )


def _expand_root_signs(tokens: list[_Token], text: str) -> list[_Token]:
    """``√2`` and ``√x`` mean sqrt(2) and sqrt(x); ``√(…)`` is a plain call."""
    expanded: list[_Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.kind != "root":
            expanded.append(token)
            index += 1
            continue
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        expanded.append(_retyped(token, "func", "sqrt"))
        if following is not None and following.kind in ("num", "var", "const"):
            expanded.append(_Token("(", "(", following.start, following.start))
            expanded.append(following)
            expanded.append(_Token(")", ")", following.end, following.end))
            index += 2
        elif following is not None and following.kind == "(":
            index += 1
        else:
            raise ExpressionError(
                _text(
                    "'√' needs a number, a name or ( … ) after it.",
                    "'√' 后面需要数字、名称或 ( … )。",
                ),
                token.start,
                text,
            )
    return expanded


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

    def __init__(self, tokens: list[_Token], text: str, allow_vectors: bool, percent: bool):
        self.tokens, self.text = tokens, text
        self.allow_vectors, self.percent = allow_vectors, percent
        self.parts: list[str] = []
        self.origins: list[int] = []
        self.slots: list[_Slot] = []
        self.rows = self._levels_with_rows()

    def emit(self) -> _Emitted:
        stack: list[int] = []  # indices of the open ( and [ tokens
        if self.allow_vectors:
            self._put("[[" if self.rows.get(-1) else "[", 0)
        previous: _Token | None = None
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
                self._semicolon(token, stack)
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

    def _put_slot(self, token: _Token, percent: bool) -> None:
        value = None
        name = token.text
        if token.kind == "num":
            if percent and not self.percent:
                raise self._percent_error(token, must_follow_number=False)
            value = Fraction(token.text) / (100 if percent else 1)
            name = token.text + ("%" if percent else "")
        self._put(f"_{len(self.slots)}", token.start)
        self.slots.append(_Slot(token.kind, name, value, token.start))

    def _percent_error(self, token: _Token, *, must_follow_number: bool) -> ExpressionError:
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

    def _levels_with_rows(self) -> dict[int, bool]:
        """For each '[' (by token index; -1 for the whole text) whether it holds a ';'."""
        rows: dict[int, bool] = {}
        stack: list[int] = []
        for index, token in enumerate(self.tokens):
            if token.kind in ("(", "["):
                stack.append(index)
            elif token.kind in (")", "]") and stack:
                stack.pop()
            elif token.kind == ";":
                rows[stack[-1] if stack else -1] = True
        return rows

    def _in_vector(self, stack: list[int]) -> bool:
        if not self.allow_vectors:
            return False
        return not stack or self.tokens[stack[-1]].kind == "["

    def _open(self, token: _Token, index: int, stack: list[int]) -> None:
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

    def _close(self, token: _Token, stack: list[int]) -> None:
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

    def _comma(self, token: _Token, stack: list[int]) -> None:
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

    def _semicolon(self, token: _Token, stack: list[int]) -> None:
        if not self._in_vector(stack):
            raise ExpressionError(
                _text(
                    "';' separates the rows of a matrix; it cannot go here.",
                    "';' 用于分隔矩阵的行，不能出现在这里。",
                ),
                token.start,
                self.text,
            )
        self._put("],[", token.start)

    # -- between two tokens

    def _join(
        self, previous: _Token, token: _Token, following: _Token | None, in_vector: bool
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
        self, previous: _Token | None, token: _Token, following: _Token | None, stack: list[int]
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


def _opener(token: _Token) -> str:
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


def _folded(node: Node, text: str) -> float | None:
    """The float value of a constant subtree; None when undefined; an error when too large."""
    try:
        return _evaluate(node, {})
    except _Undefined as undefined:
        if undefined.too_large:
            raise ExpressionError(undefined.message, undefined.position, text) from None
        return None


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


# ---------------------------------------------------------------------------------------------
# Float evaluation


class _Undefined(Exception):
    """A value that does not exist (1/0, ln(−1)) or does not fit in a float."""

    def __init__(self, message: Text, position: int, *, too_large: bool = False):
        super().__init__(message["en"])
        self.message, self.position, self.too_large = message, position, too_large


def _overflow(position: int) -> _Undefined:
    return _Undefined(
        _text("The value is too large to compute.", "数值太大，无法计算。"),
        position,
        too_large=True,
    )


def _finite(value: float, position: int) -> float:
    if not math.isfinite(value):
        raise _overflow(position)
    return value


def _evaluate(node: Node, values: dict[str, float]) -> Any:
    if isinstance(node, Number):
        try:
            return float(node.value)
        except OverflowError:
            raise _overflow(node.position) from None
    if isinstance(node, Symbol):
        return CONSTANTS[node.name] if node.constant else values[node.name]
    if isinstance(node, Sequence):
        return [_evaluate(item, values) for item in node.items]
    if isinstance(node, Negate):
        return -_evaluate(node.operand, values)
    if isinstance(node, Call):
        args = [_evaluate(arg, values) for arg in node.args]
        return _finite(_call(node.function, args, node.position), node.position)
    left, right = _evaluate(node.left, values), _evaluate(node.right, values)
    try:
        if node.op == "+":
            result = left + right
        elif node.op == "-":
            result = left - right
        elif node.op == "*":
            result = left * right
        elif node.op == "/":
            if right == 0:
                raise _Undefined(_text("Division by zero.", "除数为零。"), node.position)
            result = left / right
        else:
            result = _power(left, right, node.position)
    except OverflowError:
        raise _overflow(node.position) from None
    return _finite(result, node.position)


def _power(base: float, exponent: float, position: int) -> float:
    if base == 0 and exponent < 0:
        raise _Undefined(
            _text("Division by zero (0 to a negative power).", "除数为零（0 的负数次幂）。"),
            position,
        )
    if base < 0 and not float(exponent).is_integer():
        raise _Undefined(
            _text(
                "A negative number to a fractional power is undefined.", "负数的分数次幂没有定义。"
            ),
            position,
        )
    return math.pow(base, exponent)


def _positive(function: str, x: float, position: int) -> float:
    if x <= 0:
        shown = _DISPLAY_NAMES.get(function, function)
        raise _Undefined(
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


_UNARY: dict[str, Callable[[float], float]] = {
    "exp": math.exp,
    "abs": abs,
    "sin": math.sin,
    "cos": math.cos,
    "tan": math.tan,
    "sinh": math.sinh,
    "cosh": math.cosh,
    "tanh": math.tanh,
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
                raise _Undefined(
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


def _free_names(node: Node) -> set[str]:
    if isinstance(node, Symbol):
        return set() if node.constant else {node.name}
    if isinstance(node, Number):
        return set()
    if isinstance(node, Negate):
        return _free_names(node.operand)
    if isinstance(node, BinaryOp):
        return _free_names(node.left) | _free_names(node.right)
    children = node.args if isinstance(node, Call) else node.items
    return set().union(*(_free_names(child) for child in children))


# ---------------------------------------------------------------------------------------------
# SymPy


def _to_sympy(node: Node, symbols: dict[str, Any]) -> Any:
    import sympy

    if isinstance(node, Number):
        return sympy.Rational(node.value.numerator, node.value.denominator)
    if isinstance(node, Symbol):
        if node.constant:
            return sympy.pi if node.name == "pi" else sympy.E
        return symbols[node.name]
    if isinstance(node, Sequence):
        return [_to_sympy(item, symbols) for item in node.items]
    if isinstance(node, Negate):
        return -_to_sympy(node.operand, symbols)
    if isinstance(node, Call):
        args = [_to_sympy(arg, symbols) for arg in node.args]
        return _sympy_call(node.function, args)
    left, right = _to_sympy(node.left, symbols), _to_sympy(node.right, symbols)
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
    named = {"abs": sympy.Abs, "sqrt": sympy.sqrt}
    return (named.get(function) or getattr(sympy, function))(x)


# ---------------------------------------------------------------------------------------------
# Echo


_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2, "neg": 3, "**": 4}
_SHOWN_OPERATOR = {"+": " + ", "-": " − ", "*": "·", "/": "/", "**": "^"}


def render(node: Node) -> str:
    """Render a tree as readable Unicode: ``2·(ŷ − y)``, ``x^2``, ``ln(x)``, ``[[1, 2], [3]]``."""
    if isinstance(node, Number):
        return node.text
    if isinstance(node, Symbol):
        return _DISPLAY_NAMES.get(node.name, node.name)
    if isinstance(node, Sequence):
        return "[" + ", ".join(render(item) for item in node.items) + "]"
    if isinstance(node, Call):
        name = _DISPLAY_NAMES.get(node.function, node.function)
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


# ---------------------------------------------------------------------------------------------
# Equivalence

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
    names = sorted(_free_names(left.tree) | _free_names(right.tree))
    rng = random.Random(seed)
    needed = AGREEING_POINTS if names else 1
    agreeing = 0
    for _ in range(MAX_POINT_TRIES if names else 1):
        point = {name: rng.uniform(*rng.choice(_SAMPLE_RANGES)) for name in names}
        try:
            a, b = _evaluate(left.tree, point), _evaluate(right.tree, point)
        except (_Undefined, ArithmeticError, ValueError):
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
