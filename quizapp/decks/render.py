"""LaTeX in deck text rendered as readable Unicode for the terminal.

Deck authors write formulas in LaTeX between ``$...$`` (inline) or ``$$...$$``
(display). A terminal cannot typeset them, and a learner should never see raw
backslashes, so :func:`render` turns them into plain Unicode: ``\\hat{y}_i`` becomes
``ŷᵢ``, ``\\frac{1}{n}\\sum_{i=1}^{n}`` becomes ``1/n Σᵢ₌₁ⁿ``, a ``cases`` block becomes
one line per case. pylatexenc parses the LaTeX and supplies its large table of
symbols (Greek letters, relations, arrows); the structure (scripts, fractions, roots,
accents, environments) is rendered here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import Any

from pylatexenc.latex2text import LatexNodes2Text
from pylatexenc.latexwalker import (
    LatexCharsNode,
    LatexCommentNode,
    LatexEnvironmentNode,
    LatexGroupNode,
    LatexMacroNode,
    LatexMathNode,
    LatexSpecialsNode,
    LatexWalker,
    LatexWalkerError,
)

#: Math in text: $$...$$ or $...$ (a backslash-escaped dollar is a literal one).
MATH = re.compile(r"\$\$(.+?)\$\$|(?<!\\)\$(.+?)(?<!\\)\$", re.DOTALL)

_SUBSCRIPTS = dict(
    zip(
        "0123456789+-−=()aehijklmnoprstuvxβγρφχ",
        "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ",
        strict=True,
    )
)
_SUPERSCRIPTS = dict(
    zip(
        "0123456789+-−=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVWβγδθφχι⊤*′",
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂᵝᵞᵟᶿᵠᵡᶥᵀ*′",
        strict=True,
    )
)
_VULGAR_FRACTIONS = {
    ("1", "2"): "½",
    ("1", "3"): "⅓",
    ("2", "3"): "⅔",
    ("1", "4"): "¼",
    ("3", "4"): "¾",
    ("1", "5"): "⅕",
    ("1", "8"): "⅛",
}
_ACCENTS = {
    "hat": "\u0302",
    "widehat": "\u0302",
    "bar": "\u0304",
    "overline": "\u0305",
    "tilde": "\u0303",
    "widetilde": "\u0303",
    "vec": "\u20d7",
    "dot": "\u0307",
    "ddot": "\u0308",
}
_PLAIN_TEXT_MACROS = frozenset(
    {
        "text",
        "textrm",
        "textit",
        "textbf",
        "textsf",
        "texttt",
        "mathrm",
        "mathit",
        "mathbf",
        "mathsf",
        "mathtt",
        "boldsymbol",
        "bm",
        "emph",
        "mbox",
        "operatorname",
    }
)
_LETTER_FONTS = frozenset({"mathbb", "mathcal", "mathfrak", "mathscr"})
_OPERATOR_NAMES = frozenset(
    {
        "log",
        "ln",
        "exp",
        "sin",
        "cos",
        "tan",
        "tanh",
        "cosh",
        "sinh",
        "max",
        "min",
        "arg",
        "argmax",
        "argmin",
        "lim",
        "det",
        "sup",
        "inf",
        "Pr",
        "tr",
        "sgn",
        "diag",
    }
)
_DELIMITER_SIZES = frozenset(
    {"left", "right", "middle", "big", "Big", "bigg", "Bigg"}
    | {"bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr", "Biggl", "Biggr"}
)
_SYMBOLS = {
    "sum": "Σ",
    "prod": "∏",
    "epsilon": "ε",
    "|": "‖",
    "{": "{",
    "}": "}",
    "%": "%",
    "$": "$",
    "&": "&",
    "_": "_",
    "#": "#",
    ",": " ",
    ";": " ",
    ":": " ",
    " ": " ",
    "!": "",
    "quad": "  ",
    "qquad": "    ",
    "\\": "\n",
    "top": "⊤",
    "intercal": "⊤",
    "cdot": "·",
    "le": "≤",
    "leq": "≤",
    "ge": "≥",
    "geq": "≥",
    "nabla": "∇",
    "partial": "∂",
    "delta": "δ",
    "theta": "θ",
    "lVert": "‖",
    "rVert": "‖",
    "Vert": "‖",
    "lvert": "|",
    "rvert": "|",
    "vert": "|",
    "langle": "⟨",
    "rangle": "⟩",
}
_CONDITION_WORDS = ("if", "otherwise", "else", "for", "when", "where", "否则", "若", "如果", "当")


@cache
def _symbol_table() -> LatexNodes2Text:
    return LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=True)


@lru_cache(maxsize=16384)
def render(text: str) -> str:
    """Render deck text: its ``$...$`` and ``$$...$$`` LaTeX as readable Unicode.

    Args:
        text: a text field of a card, as written in the deck.

    Returns:
        The text with every formula rendered; an escaped dollar ``\\$`` becomes ``$``.
        No backslash of the LaTeX survives.
    """
    if "$" not in text and "\\" not in text:
        return text
    pieces: list[str] = []
    end = 0
    for match in MATH.finditer(text):
        pieces.append(text[end : match.start()].replace("\\$", "$"))
        if match.group(1) is not None:
            pieces.append("\n" + latex_to_unicode(match.group(1)) + "\n")
        else:
            pieces.append(latex_to_unicode(match.group(2)))
        end = match.end()
    pieces.append(text[end:].replace("\\$", "$"))
    rendered = "".join(pieces)
    rendered = re.sub(r"[ \t]*\n[ \t]*", "\n", rendered)
    rendered = re.sub(r"\n{2,}", "\n", rendered).strip("\n")
    return rendered


@lru_cache(maxsize=16384)
def latex_to_unicode(latex: str) -> str:
    """Render one LaTeX formula (without its dollars) as Unicode text.

    Args:
        latex: e.g. ``\\frac{1}{n}\\sum_{i=1}^{n}(y_i-\\hat{y}_i)^2``.

    Returns:
        e.g. ``1/n Σᵢ₌₁ⁿ(yᵢ − ŷᵢ)²``; unknown commands lose their backslash rather
        than showing it.
    """
    try:
        nodes = LatexWalker(latex, tolerant_parsing=True).get_latex_nodes()[0]
    except LatexWalkerError:
        return _tidy(latex.replace("\\", ""))
    return _tidy(_Renderer().nodes(nodes or []))


def _tidy(text: str) -> str:
    text = text.replace("\\", "")
    lines = [re.sub(r" {2,}(?=\S)", _keep_wide, line).rstrip() for line in text.split("\n")]
    return unicodedata.normalize("NFC", "\n".join(line for line in lines).strip())


def _keep_wide(match: re.Match[str]) -> str:
    # Runs of spaces collapse to one, except the gaps that line up a cases block.
    return match.group(0) if len(match.group(0)) >= 3 else " "


_ARITY = {
    **dict.fromkeys(("frac", "dfrac", "tfrac", "cfrac"), 2),
    "sqrt": 1,
    **dict.fromkeys(_ACCENTS, 1),
    **dict.fromkeys(_PLAIN_TEXT_MACROS, 1),
    **dict.fromkeys(_LETTER_FONTS, 1),
}
#: Characters that make a fraction's part need parentheses when they are outside brackets.
_TOP_LEVEL_OPERATORS = frozenset(" +−-=,<>≤≥±·×/÷⊙←→")
_BIG_OPERATORS = frozenset("Σ∏∫")
_RELATIONS = frozenset("=≤≥≠≈∈∉→←⇒⇔·×±∝⊙<>∼≡⊂⊆∪∩≪≫∣")


class _Renderer:
    """Renders a pylatexenc node list; a small recursive walk."""

    def nodes(self, nodes: Sequence[Any]) -> str:
        tokens: list[Any] = []
        for node in nodes:
            if isinstance(node, LatexCharsNode):
                tokens.extend(node.chars)
            elif node is not None:
                tokens.append(node)
        out: list[str] = []
        space_if_alnum = False  # after an operator name or a fraction: "log x", "1/n Σ"
        after_operator = False  # the last piece was an operator name such as log
        pending_space = False  # a macro's trailing space, kept unless it splits "∂L"
        index = 0
        while index < len(tokens):
            token = tokens[index]
            index += 1
            if isinstance(token, str) and token in "_^":
                index = self.skip_spaces(tokens, index)
                if index >= len(tokens):
                    continue
                script = self.one(tokens[index]).strip()
                index += 1
                piece = _script(script, superscript=token == "^")
                pending_space = False
                base = out[-1] if out else ""
                if out:
                    out.append(piece)
                # "Σᵢ₌₁ⁿ max(...)", "∇_θ L": a space after big-operator limits and fallbacks
                space_if_alnum = (
                    piece[:1] in "_^"
                    or base[-1:] in _BIG_OPERATORS
                    or (
                        base[-1:] in "ᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ₀₁₂₃₄₅₆₇₈₉ⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛˣ⁰¹²³⁴⁵⁶⁷⁸⁹⁾₎ᵈᴹ"
                        and _big_operator_before(out)
                    )
                )
                continue
            if isinstance(token, LatexMacroNode):
                if token.macroname in _DELIMITER_SIZES:
                    if index < len(tokens) and _is_char(tokens[index], "."):
                        index += 1  # \left. is an invisible delimiter
                    continue
                args = [arg for arg in self.args(token) if arg is not None]
                while len(args) < _ARITY.get(token.macroname, 0) and index < len(tokens):
                    index = self.skip_spaces(tokens, index)
                    if index < len(tokens):
                        args.append(tokens[index])
                        index += 1
                piece = self.macro(token, args)
            else:
                piece = self.one(token)
            if not piece:
                continue
            starts_alnum = piece[:1].isalnum()
            previous = out[-1] if out else ""
            is_macro = isinstance(token, LatexMacroNode)
            is_operator = is_macro and token.macroname in _OPERATOR_NAMES
            if after_operator and is_macro and token.macroname in _ARITY and "/" in piece:
                piece = f"({piece})"  # log(y/ŷ), not log y/ŷ
            elif (
                (space_if_alnum and starts_alnum)
                or (pending_space and not (starts_alnum and previous in ("∂", "∇")))
                or (is_operator and previous[-1:].isalnum())
            ):
                piece = " " + piece
            after_operator = is_operator
            space_if_alnum = is_macro and (
                token.macroname in _OPERATOR_NAMES
                or token.macroname in ("frac", "dfrac", "tfrac", "operatorname")
            )
            pending_space = (
                is_macro
                and bool(token.macro_post_space)
                and not space_if_alnum
                and token.macroname not in _ARITY
            )
            out.append(piece)
        return "".join(out)

    @staticmethod
    def skip_spaces(tokens: list[Any], index: int) -> int:
        while index < len(tokens) and _is_char(tokens[index], " "):
            index += 1
        return index

    def one(self, token: Any) -> str:
        if isinstance(token, str):
            return {"-": "−", "~": " ", "&": " "}.get(token, token)
        if isinstance(token, LatexGroupNode | LatexMathNode):
            return self.nodes(token.nodelist)
        if isinstance(token, LatexCharsNode):
            return self.nodes([token])
        if isinstance(token, LatexMacroNode):
            return self.macro(token, [arg for arg in self.args(token) if arg is not None])
        if isinstance(token, LatexEnvironmentNode):
            return self.environment(token)
        if isinstance(token, LatexSpecialsNode):
            return {"&": " ", "~": " "}.get(token.specials_chars, token.specials_chars)
        if isinstance(token, LatexCommentNode):
            return ""
        return ""

    def args(self, node: LatexMacroNode) -> list[Any]:
        argd = node.nodeargd
        return list(argd.argnlist) if argd is not None and argd.argnlist else []

    def macro(self, node: LatexMacroNode, args: list[Any]) -> str:
        name = node.macroname
        if name in ("frac", "dfrac", "tfrac", "cfrac") and len(args) >= 2:
            numerator, denominator = (self.one(a).strip() for a in args[-2:])
            vulgar = _VULGAR_FRACTIONS.get((numerator, denominator))
            return vulgar or f"{_atom(numerator)}/{_atom(denominator)}"
        if name == "sqrt" and args:
            index = self.one(args[0]).strip() if len(args) > 1 else ""
            radicand = self.one(args[-1]).strip()
            root = {"": "√", "2": "√", "3": "∛", "4": "∜"}.get(index)
            if root is None:
                root = _script(index, superscript=True) + "√"
            return root + _atom(radicand)
        if name in _ACCENTS and args:
            return _accent(self.one(args[-1]).strip(), _ACCENTS[name])
        if name in _PLAIN_TEXT_MACROS and args:
            text = self.one(args[-1])
            return text.replace("−", "-") if name.startswith("text") else text
        if name in _LETTER_FONTS and args:
            letters = self.one(args[-1]).strip()
            rendered = _symbol_table().latex_to_text(f"\\{name}{{{letters}}}").strip()
            return rendered if rendered and "\\" not in rendered else letters
        if name in _SYMBOLS:
            symbol = _SYMBOLS[name]
        elif name in _OPERATOR_NAMES:
            return name
        elif args:  # a macro with arguments this module does not know: keep its content
            return "".join(self.one(arg) for arg in args)
        else:
            symbol = _symbol_table().latex_to_text("\\" + name).strip() or name
        return f" {symbol} " if symbol in _RELATIONS else symbol

    def environment(self, node: LatexEnvironmentNode) -> str:
        rows = self.rows(node.nodelist)
        name = node.environmentname.rstrip("*")
        if name == "cases":
            width = max(len(cells[0]) for cells in rows) if rows else 0
            lines = []
            for cells in rows:
                value = cells[0].ljust(width)
                condition = " ".join(cells[1:]).strip()
                if condition and not condition.lower().startswith(_CONDITION_WORDS):
                    condition = "if " + condition
                lines.append(f"{{ {value}   {condition}".rstrip())
            return "\n".join(lines)
        if name.endswith("matrix"):
            return "[" + ", ".join("[" + ", ".join(cells) + "]" for cells in rows) + "]"
        return "\n".join(" ".join(cell for cell in cells if cell) for cells in rows)

    def rows(self, nodes: Sequence[Any]) -> list[list[str]]:
        """Split an environment's content at ``\\\\`` (rows) and ``&`` (cells)."""
        rows: list[list[list[Any]]] = [[[]]]
        for node in nodes:
            if isinstance(node, LatexMacroNode) and node.macroname == "\\":
                rows.append([[]])
            elif isinstance(node, LatexSpecialsNode) and node.specials_chars == "&":
                rows[-1].append([])
            else:
                rows[-1][-1].append(node)
        rendered = [[_tidy(self.nodes(cell)) for cell in row] for row in rows]
        return [row for row in rendered if any(row)]


def _big_operator_before(out: list[str]) -> bool:
    """Whether the pieces end in a big operator with its limits (``Σ``, ``ᵢ₌₁``, ``ⁿ``)."""
    for piece in reversed(out):
        if piece[:1] in "_^" or all(
            c in _SUBSCRIPTS.values() or c in _SUPERSCRIPTS.values() for c in piece
        ):
            continue
        return piece[-1:] in _BIG_OPERATORS
    return False


def _is_char(token: Any, char: str) -> bool:
    return isinstance(token, str) and token == char


def _script(text: str, *, superscript: bool) -> str:
    """Text as Unicode sub/superscript characters, or ``_x`` / ``^(..)`` when some lack one."""
    table = _SUPERSCRIPTS if superscript else _SUBSCRIPTS
    compact = text.replace(" ", "")
    if compact and all(char in table for char in compact):
        return "".join(table[char] for char in compact)
    marker = "^" if superscript else "_"
    if len(compact) <= 1 or (compact.isalnum() and not superscript):
        return marker + compact
    return f"{marker}({compact})"


def _atom(text: str) -> str:
    """``text`` as one operand of ``/`` or ``√``: parenthesised when it has an operator
    outside brackets (``(1−β₁ᵗ)``), bare otherwise (``D(x)²``, ``nᵢₙ``, ``|Cⱼ|``)."""
    depth = 0
    for index, char in enumerate(text):
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif depth == 0 and (char in _TOP_LEVEL_OPERATORS or (index == 0 and char == "−")):
            return f"({text})"
    return text


def _accent(text: str, mark: str) -> str:
    """Put a combining accent on a symbol (on each letter for a bar over several)."""
    if not text:
        return ""
    if len(text) == 1 or mark in ("\u0304", "\u0305"):
        return "".join(char + mark for char in text)
    return text + mark
