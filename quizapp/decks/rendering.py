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
from typing import TYPE_CHECKING, Any

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
    get_default_latex_context_db,
)

if TYPE_CHECKING:
    from quizapp.decks.model import Card, Shown, Text

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
#: Stands for a space that must survive tidying (a quad, the gaps lining up a cases
#: block); ordinary spaces around it are dropped, and it becomes a space at the end.
_HARD_SPACE = "\x01"
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
    ">": " ",
    " ": " ",
    "!": "",
    "quad": _HARD_SPACE * 2,
    "qquad": _HARD_SPACE * 4,
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
    # Not in pylatexenc's table (it would show the bare name, "i ne j").
    "ne": "≠",
    "neq": "≠",
    "prime": "′",
    "land": "∧",
    "lor": "∨",
    "neg": "¬",
    "lnot": "¬",
    "bot": "⊥",
    "gets": "←",
    "iff": "⟺",
    "implies": "⟹",
    "impliedby": "⟸",
    "colon": ":",
    "coloneqq": "≔",
}
#: Delimiters that open or close a pair: no space just inside them (``⟨x, y⟩``).
_OPENING_DELIMITERS = frozenset({"langle", "lVert", "lvert", "lceil", "lfloor"})
_CLOSING_DELIMITERS = frozenset({"rangle", "rVert", "rvert", "rceil", "rfloor"})
#: Signs that are unary after nothing, an opening bracket or a relation (``x = ±1``).
_SIGNS = frozenset("±∓")
_UNARY_CONTEXT = frozenset("([{,=<>≤≥≈≠∈←→⇒:")
_CONDITION_WORDS = ("if", "otherwise", "else", "for", "when", "where", "否则", "若", "如果", "当")


@cache
def _symbol_table() -> LatexNodes2Text:
    return LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=True)


@cache
def _latex_context() -> Any:
    """pylatexenc's default table of macros and environments, built once.

    A LatexWalker builds a fresh copy of it unless given one, which took half of the
    time of parsing a short formula.
    """
    return get_default_latex_context_db()


def render_text(text: Text) -> Text:
    """Render every language of a bilingual text (see :func:`render`)."""
    return {lang: render(string) for lang, string in text.items()}


def render_card(card: Card) -> Shown:
    """A card's texts as the terminal shows them (use :attr:`Card.shown`, which keeps them)."""
    from quizapp.decks.model import Shown

    return Shown(
        prompt=render_text(card.prompt),
        answer=render_text(card.answer),
        explanation=render_text(card.explanation),
        hint=render_text(card.hint),
        options=tuple(render_text(option.text) for option in card.options),
        formula=latex_to_unicode(card.formula.latex) if card.formula is not None else "",
    )


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
        walker = LatexWalker(latex, latex_context=_latex_context(), tolerant_parsing=True)
        nodes = walker.get_latex_nodes()[0]
    except LatexWalkerError:
        return _tidy(latex.replace("\\", ""))
    return _tidy(_Renderer().nodes(nodes or []))


def _tidy(text: str) -> str:
    """Collapse runs of spaces (LaTeX ignores them), keep the wide gaps, join primes."""
    text = text.replace("\\", "").replace("′′′", "‴").replace("′′", "″")
    lines = []
    for line in text.split("\n"):
        line = _SPACES.sub(" ", line)
        line = _SPACES_AROUND_HARD.sub(r"\1", line).replace(_HARD_SPACE, " ")
        lines.append(line.rstrip())
    return unicodedata.normalize("NFC", "\n".join(lines).strip())


_SPACES = re.compile(r" {2,}")
_SPACES_AROUND_HARD = re.compile(" *(" + _HARD_SPACE + "+) *")


_ARITY = {
    **dict.fromkeys(("frac", "dfrac", "tfrac", "cfrac"), 2),
    "sqrt": 1,
    **dict.fromkeys(_ACCENTS, 1),
    **dict.fromkeys(_PLAIN_TEXT_MACROS, 1),
    **dict.fromkeys(_LETTER_FONTS, 1),
}
_SCRIPT_CHARACTERS = frozenset(_SUBSCRIPTS.values()) | frozenset(_SUPERSCRIPTS.values())
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
        space_after_script = False  # a script command's trailing space: "Vᵀ + 1"
        index = 0
        while index < len(tokens):
            token = tokens[index]
            index += 1
            if isinstance(token, str) and token in "_^":
                index = self.skip_spaces(tokens, index)
                if index >= len(tokens):
                    continue
                script_token = tokens[index]
                script = self.one(script_token).strip()
                index += 1
                piece = _script(script, superscript=token == "^")
                pending_space = False
                base = out[-1] if out else ""
                if out:
                    out.append(piece)
                # "Σᵢ₌₁ⁿ max(...)", "∇_θ L", "Σ_(c=1)ᴹ y": a space after big-operator limits
                # and after fallback scripts
                space_if_alnum = (
                    piece[:1] in "_^"
                    or base[-1:] in _BIG_OPERATORS
                    or (
                        (base[-1:] in _SCRIPT_CHARACTERS or base[:1] in "_^")
                        and _big_operator_before(out)
                    )
                )
                # "V^\top + 1": the space that ends a command used as a script is kept, as
                # it is after a braced script ("V^{\top} + 1")
                space_after_script = isinstance(script_token, LatexMacroNode) and bool(
                    script_token.macro_post_space
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
            name = token.macroname if is_macro else ""
            is_operator = name in _OPERATOR_NAMES
            if name in _CLOSING_DELIMITERS:
                _strip_trailing_spaces(out)  # "⟨x, y⟩", not "⟨x, y ⟩"
                pending_space = space_after_script = False
            elif piece.strip() in _SIGNS and _unary_context(out):
                piece = piece.strip()  # "x = ±1", "(∓1)"
            if after_operator and name in _ARITY and "/" in piece:
                piece = f"({piece})"  # log(y/ŷ), not log y/ŷ
            elif (
                (space_if_alnum and starts_alnum)
                or (pending_space and not (starts_alnum and previous[-1:] in ("∂", "∇")))
                or space_after_script
                or (is_operator and previous[-1:].isalnum())
            ):
                piece = " " + piece
            space_after_script = False
            after_operator = is_operator
            space_if_alnum = is_macro and (
                token.macroname in _OPERATOR_NAMES
                or token.macroname in ("frac", "dfrac", "tfrac", "operatorname")
            )
            pending_space = (
                is_macro
                and bool(token.macro_post_space)
                and not space_if_alnum
                and name not in _ARITY
                and name not in _OPENING_DELIMITERS
                and piece not in _SIGNS  # a unary sign stays next to its operand
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
            return {"-": "−", "~": " ", "&": " ", "'": "′"}.get(token, token)
        if isinstance(token, LatexGroupNode | LatexMathNode):
            return self.nodes(token.nodelist)
        if isinstance(token, LatexCharsNode):
            return self.nodes([token])
        if isinstance(token, LatexMacroNode):
            return self.macro(token, [arg for arg in self.args(token) if arg is not None])
        if isinstance(token, LatexEnvironmentNode):
            return self.environment(token)
        if isinstance(token, LatexSpecialsNode):
            # in math '' is a double prime, not a closing quote
            specials = {"&": " ", "~": " ", "''": "′′", "'": "′"}
            return specials.get(token.specials_chars, token.specials_chars)
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
            return vulgar or f"{_atom(numerator)}/{_factor(denominator)}"
        if name == "sqrt" and args:
            index = self.one(args[0]).strip() if len(args) > 1 else ""
            radicand = self.one(args[-1]).strip()
            root = {"": "√", "2": "√", "3": "∛", "4": "∜"}.get(index)
            if root is None:
                root = _script(index, superscript=True) + "√"
            return root + _factor(radicand)
        if name in _ACCENTS and args:
            return _accent(self.one(args[-1]).strip(), _ACCENTS[name])
        if name in _PLAIN_TEXT_MACROS and args:
            text = self.one(args[-1])
            if name.startswith("text"):  # words, not math: "ReLU's", "log-sum-exp"
                return text.replace("−", "-").replace("′", "'")
            return text
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
            width = max(_display_width(cells[0]) for cells in rows) if rows else 0
            lines = []
            for cells in rows:
                condition = " ".join(cells[1:]).strip()
                if condition and not condition.lower().startswith(_CONDITION_WORDS):
                    condition = "if " + condition
                # the conditions line up: padding, then a three-space gap
                gap = _HARD_SPACE * (width - _display_width(cells[0]) + 3) if condition else ""
                lines.append(f"{{ {cells[0]}{gap}{condition}")
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


def _factor(text: str) -> str:
    """``text`` as a denominator or radicand: bare only when it reads as one factor.

    ``a/bc`` is ambiguous and usually misread as ``(a/b)c``, so a product is
    parenthesised (``(ŷ−y)/(ŷ(1−ŷ))``, ``4x³/(12x²)``); a number, one symbol, a name, a
    function applied to its arguments or one bracketed group stays bare (``1/n``,
    ``∂L/∂w``, ``c/‖g‖``, ``1/cosh²(x)``, ``√v̂``).
    """
    wrapped = _atom(text)
    if wrapped != text or not text or _is_one_factor(text):
        return wrapped
    return f"({text})"


_PAIRS = {"(": ")", "[": "]", "{": "}", "⟨": "⟩", "⌈": "⌉", "⌊": "⌋", "|": "|", "‖": "‖"}


def _is_one_factor(text: str) -> bool:
    """Whether rendered math is a single factor (see :func:`_factor`)."""
    index = 0
    while index < len(text) and text[index] in "√∂∇":  # √v̂, ∂w, ∂²L
        index = _skip_scripts(text, index + 1)
    if index >= len(text):
        return False
    char = text[index]
    is_name = False
    if char.isdigit():
        while index < len(text) and (text[index].isdigit() or text[index] == "."):
            index += 1
    elif char in _PAIRS:
        index = _skip_group(text, index)
        if index < 0:
            return False
    elif char.isalpha() and char not in _SCRIPT_CHARACTERS:
        letters = 0
        while index < len(text) and text[index].isalpha() and text[index] not in _SCRIPT_CHARACTERS:
            letters += 1
            index += 1
            while index < len(text) and unicodedata.combining(text[index]):  # ŷ is y + hat
                index += 1
        is_name = letters > 1
    else:
        return False
    index = _skip_scripts(text, index)
    if is_name and index < len(text) and text[index] == "(":  # a function: max(a, b), cosh²(x)
        index = _skip_scripts(text, _skip_group(text, index))
    return index == len(text)


def _skip_group(text: str, index: int) -> int:
    """The index after the bracketed group opening at ``index`` (-1 when unclosed)."""
    opening, closing = text[index], _PAIRS[text[index]]
    depth = 0
    for position in range(index, len(text)):
        char = text[position]
        if char == closing and (depth == 1 or opening == closing) and position > index:
            return position + 1
        if char == opening:
            depth += 1
        elif char == closing:
            depth -= 1
    return -1


def _skip_scripts(text: str, index: int) -> int:
    """The index after the sub- and superscripts (and accents) starting at ``index``."""
    while index < len(text):
        char = text[index]
        if char in _SCRIPT_CHARACTERS or char in "′″‴!" or unicodedata.combining(char):
            index += 1  # scripts, accents, primes and factorials belong to their factor
        elif char in "_^" and index + 1 < len(text):
            if text[index + 1] == "(":
                end = _skip_group(text, index + 1)
                if end < 0:
                    return index
                index = end
            else:
                index += 2
                while index < len(text) and text[index].isalnum():
                    index += 1
        else:
            return index
    return index


def _display_width(text: str) -> int:
    """Terminal cells of one line of text: combining accents take none."""
    return sum(1 for char in text if not unicodedata.combining(char))


def _strip_trailing_spaces(out: list[str]) -> None:
    """Drop the spaces at the end of the pieces rendered so far (in place)."""
    while out and out[-1].endswith(" "):
        out[-1] = out[-1].rstrip(" ")
        if not out[-1]:
            out.pop()


def _unary_context(out: list[str]) -> bool:
    """Whether a sign placed after ``out`` is unary: at the start, or after a bracket,
    a comma or a relation."""
    rendered = "".join(out).rstrip()
    return not rendered or rendered[-1] in _UNARY_CONTEXT
