"""Stage 1 of reading typed text: characters to tokens, names resolved.

The tokenizer knows only numbers, names, the operators ``+ - * / ^ **``, parentheses,
brackets, commas and semicolons (plus a few Unicode spellings: ``−``, ``×``, ``·``, ``÷``,
superscript powers such as ``²`` and ``⁻²``, ``√``, ``π``, ``ŷ``, Greek letters, the Chinese
enumeration comma ``、`` and full-width punctuation). Any other character is an error. Names
must be declared variables, the constants ``pi`` and ``e``, or a listed function; an unknown
name is an error naming the ones allowed. Adjacent known names typed as one word (``xy``) are
split into a product.

What people type is read as they mean it: ``3.07x10^-2`` and ``3.07×10⁻²`` are scientific
notation, ``tanh^2(x)`` and ``tanh²(x)`` are ``tanh(x)^2``, ASCII ``sigma(x)`` is the
sigmoid, and where a problem is per-sample ``ŷᵢ`` and ``yhat_i`` are ``yhat``. A caret
left dangling before a sign (``y^ - y``, meant as ŷ − y) is refused as a probable slip
rather than read as a power.
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
_SAME_AS = {
    "−": "-",
    "–": "-",
    "×": "*",
    "·": "*",
    "⋅": "*",
    "∙": "*",
    "÷": "/",
    "\u3000": " ",
    "、": ",",  # the Chinese enumeration comma separates entries, as ',' does
}
#: Superscript digits and signs: ``x²``, ``10⁻²``.
_SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻", "0123456789+-", strict=True))
_COMBINING_HAT = "\u0302"
#: The per-sample subscript i: ``ŷᵢ``.
_SUBSCRIPT_I = "ᵢ"
#: An ``x`` between a number and a power of ten is a times sign: ``3.07x10^-2``.
_TIMES_TEN = re.compile(r"(?<=[0-9.])(\s*)[xX](?=\s*10\s*(?:\^|\*\*|[⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻]))")

_NUMBER = re.compile(r"(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def tokenize(text: str, variables: tuple[str, ...], *, per_sample: bool = False) -> list[Token]:
    """Turn typed text into tokens whose names are resolved against ``variables``.

    Args:
        text: what was typed.
        variables: the names it may use (besides ``pi``, ``e`` and the listed functions).
        per_sample: the problem is about one sample i, so ``yᵢ`` and ``y_i`` mean ``y``.

    Returns:
        The tokens: numbers, variables, constants, functions, operators and punctuation,
        each with its position in ``text``.

    Raises:
        ExpressionError: an unexpected character, an unknown name, a number out of range.
    """
    tokens = _tokenize(text)
    _refuse_dangling_carets(tokens, text)
    tokens = _resolve_names(tokens, variables, text, per_sample)
    tokens = _expand_root_signs(tokens, text)
    return _hoist_function_powers(tokens)


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
    chars = _TIMES_TEN.sub(lambda match: match.group(1) + "*", chars)
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
            if chars[end : end + 1] == _SUBSCRIPT_I:
                name, end = name + "_i", end + 1
            tokens.append(Token("name", name, index, end, space))
            index = end
        elif char in CHARACTER_NAMES:
            name, end = CHARACTER_NAMES[char], index + 1
            if chars[end : end + 1] == _SUBSCRIPT_I:
                name, end = name + "_i", end + 1
            tokens.append(Token("name", name, index, end, space))
            index = end
        elif char in _SUPERSCRIPTS:
            index = _superscript_power(chars, index, space, tokens, text)
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


def _superscript_power(chars: str, index: int, space: bool, tokens: list[Token], text: str) -> int:
    """Read a run of superscripts (``²``, ``⁻²``) as ``** 2`` or ``** -2``; return where it ends."""
    end = index
    while end < len(chars) and chars[end] in _SUPERSCRIPTS:
        end += 1
    run = "".join(_SUPERSCRIPTS[c] for c in chars[index:end])
    sign, digits = (run[0], run[1:]) if run[0] in "+-" else ("", run)
    if not digits.isdigit():
        raise ExpressionError(
            _text(
                "A superscript power needs digits, as in x² or 10⁻².",
                "上标幂需要数字，例如 x² 或 10⁻²。",
            ),
            index,
            text,
        )
    tokens.append(Token("op", "**", index, index + 1, space))
    if sign:
        tokens.append(Token("op", sign, index, index + 1))
    tokens.append(Token("num", digits, end - len(digits), end))
    return end


def _refuse_dangling_carets(tokens: list[Token], text: str) -> None:
    """``y^ - y`` is almost surely ŷ − y typed with a caret, not y to the power −y."""
    for index, token in enumerate(tokens[:-1]):
        following = tokens[index + 1]
        if (
            token.kind == "op"
            and text[token.start : token.end] == "^"
            and following.space_before
            and following.kind == "op"
            and following.text in "+-"
        ):
            raise ExpressionError(
                _text(
                    "'^' followed by a space and a sign looks like a slip: for ŷ type yhat "
                    "(or ŷ); for a power write it without the space, e.g. e^-x or x^(-1). "
                    "This answer was not graded.",
                    "'^' 后面隔一个空格再跟正负号，看起来是笔误：ŷ 请写作 yhat（或 ŷ）；"
                    "幂请不要加空格，例如 e^-x 或 x^(-1)。这个答案未评分。",
                ),
                token.start,
                text,
            )


def _hoist_function_powers(tokens: list[Token]) -> list[Token]:
    """``tanh^2(x)`` and ``tanh²(x)`` mean ``tanh(x)^2``: move the power after the call."""
    result = list(tokens)
    index = 0
    while index < len(result) - 3:
        func, power, exponent, opener = result[index : index + 4]
        if (
            func.kind == "func"
            and power.kind == "op"
            and power.text == "**"
            and exponent.kind == "num"
            and opener.kind == "("
        ):
            closer = _matching_parenthesis(result, index + 3)
            if closer is not None:
                result[closer + 1 : closer + 1] = [power, exponent]
                del result[index + 1 : index + 3]
        index += 1
    return result


def _matching_parenthesis(tokens: list[Token], opener: int) -> int | None:
    depth = 0
    for index in range(opener, len(tokens)):
        if tokens[index].kind == "(":
            depth += 1
        elif tokens[index].kind == ")":
            depth -= 1
            if depth == 0:
                return index
    return None


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


def _resolve_names(
    tokens: list[Token], variables: tuple[str, ...], text: str, per_sample: bool
) -> list[Token]:
    resolved: list[Token] = []
    for index, token in enumerate(tokens):
        if token.kind != "name":
            resolved.append(token)
            continue
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        before_call = following is not None and following.kind == "("
        if per_sample and token.text.endswith("_i") and token.text[:-2]:
            token = _retyped(token, "name", token.text[:-2])  # ŷᵢ, yhat_i: sample i's ŷ
        resolved.extend(_resolve_name(token, before_call, variables, text))
    return resolved


def _resolve_name(
    token: Token, before_call: bool, variables: tuple[str, ...], text: str
) -> list[Token]:
    name, lowered = token.text, token.text.lower()
    if name in variables:
        return [_retyped(token, "var", name)]
    if lowered == "sigma" and before_call:  # σ(x) or sigma(x), σ not being a variable
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
