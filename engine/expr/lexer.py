"""Stage 1 of reading typed text: characters to tokens, names resolved.

The tokenizer knows only numbers, names, the operators ``+ - * / ^ **``, parentheses,
brackets, commas and semicolons (plus a few Unicode spellings: ``−``, ``×``, ``·``, ``÷``,
``²``, ``³``, ``√``, ``π``, ``ŷ``, Greek letters and full-width punctuation). Any other
character is an error. Names must be declared variables, the constants ``pi`` and ``e``, or
a listed function; an unknown name is an error naming the ones allowed. Adjacent known names
typed as one word (``xy``) are split into a product.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from engine.expr.errors import ExpressionError
from engine.expr.errors import bilingual as _text
from engine.expr.tree import CHARACTER_NAMES, FUNCTIONS
from engine.problem import Text

#: Decimal exponents in number literals (``2e-3``) may be at most this in absolute value.
MAX_LITERAL_EXPONENT = 308

#: Characters that stand for an ASCII operator, one for one (so positions stay put).
_SAME_AS = {"−": "-", "–": "-", "×": "*", "·": "*", "⋅": "*", "∙": "*", "÷": "/", "\u3000": " "}
_SUPERSCRIPTS = {"²": "2", "³": "3"}
_COMBINING_HAT = "\u0302"

_NUMBER = re.compile(r"(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def tokenize(text: str, variables: tuple[str, ...]) -> list[Token]:
    """Turn typed text into tokens whose names are resolved against ``variables``.

    Args:
        text: what was typed.
        variables: the names it may use (besides ``pi``, ``e`` and the listed functions).

    Returns:
        The tokens: numbers, variables, constants, functions, operators and punctuation,
        each with its position in ``text``.

    Raises:
        ExpressionError: an unexpected character, an unknown name, a number out of range.
    """
    tokens = _tokenize(text)
    tokens = _resolve_names(tokens, variables, text)
    return _expand_root_signs(tokens, text)


@dataclass(frozen=True)
class Token:
    """kind: num, name, var, const, func, root (√), op, (, ), [, ], ",", ;, %."""

    kind: str
    text: str
    start: int
    end: int
    space_before: bool = False


_PUNCTUATION = {"(": "(", ")": ")", "[": "[", "]": "]", ",": ",", ";": ";", "%": "%"}


def _tokenize(text: str) -> list[Token]:
    # One-for-one replacements keep every index pointing at the character typed.
    chars = "".join(_normalize_character(c) for c in text)
    tokens: list[Token] = []
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
            tokens.append(Token("num", number.group(), index, number.end(), space))
            index = number.end()
        elif identifier:
            name, end = identifier.group(), identifier.end()
            if chars[end : end + 1] == _COMBINING_HAT and name.endswith("y"):
                name, end = name + "hat", end + 1
            tokens.append(Token("name", name, index, end, space))
            index = end
        elif char in CHARACTER_NAMES:
            tokens.append(Token("name", CHARACTER_NAMES[char], index, index + 1, space))
            index += 1
        elif char in _SUPERSCRIPTS:
            tokens.append(Token("op", "**", index, index + 1, space))
            tokens.append(Token("num", _SUPERSCRIPTS[char], index, index + 1))
            index += 1
        elif char == "√":
            tokens.append(Token("root", "sqrt", index, index + 1, space))
            index += 1
        elif chars.startswith("**", index):
            tokens.append(Token("op", "**", index, index + 2, space))
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
            tokens.append(Token("op", "**" if char == "^" else char, index, index + 1, space))
            index += 1
        elif char in _PUNCTUATION:
            tokens.append(Token(char, char, index, index + 1, space))
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


def _resolve_names(tokens: list[Token], variables: tuple[str, ...], text: str) -> list[Token]:
    resolved: list[Token] = []
    for index, token in enumerate(tokens):
        if token.kind != "name":
            resolved.append(token)
            continue
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        before_call = following is not None and following.kind == "("
        resolved.extend(_resolve_name(token, before_call, variables, text))
    return resolved


def _resolve_name(
    token: Token, before_call: bool, variables: tuple[str, ...], text: str
) -> list[Token]:
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


def _retyped(token: Token, kind: str, name: str) -> Token:
    return Token(kind, name, token.start, token.end, token.space_before)


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


def _split_tokens(token: Token, pieces: list[str], variables: tuple[str, ...]) -> list[Token]:
    tokens, start = [], token.start
    for number, piece in enumerate(pieces):
        kind = "var" if piece in variables else "func" if piece in FUNCTIONS else "const"
        space = token.space_before if number == 0 else False
        tokens.append(Token(kind, piece, start, start + len(piece), space))
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


def _expand_root_signs(tokens: list[Token], text: str) -> list[Token]:
    """``√2`` and ``√x`` mean sqrt(2) and sqrt(x); ``√(…)`` is a plain call."""
    expanded: list[Token] = []
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
            expanded.append(Token("(", "(", following.start, following.start))
            expanded.append(following)
            expanded.append(Token(")", ")", following.end, following.end))
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
