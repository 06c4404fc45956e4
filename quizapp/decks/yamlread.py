"""Safe YAML reading for deck files: bytes -> text -> a tree of YAML nodes with positions.

Decks are data, never code, so nothing here constructs arbitrary Python objects:
the file is *composed* into nodes (libyaml's C parser when present) and the
validator converts those nodes itself, keeping every node's line and column for
its messages. Scalars are resolved with the YAML 1.2 core schema — the one editors
with the YAML language server use — so ``no`` stays text and ``1e-6`` is a number
(PyYAML's YAML 1.1 rules would read them as ``False`` and ``"1e-6"``).

Every failure is a :class:`~quizapp.decks.source.YamlReadError` carrying a catalog key,
the 1-based line and column, and the values for the message; the caller turns it into a
DeckProblem. Reading a file's bytes into text is :func:`quizapp.decks.source.read_text`,
which needs no YAML and so serves a start-up that finds every deck in the cache.
"""

from __future__ import annotations

import math
import operator
import re
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from quizapp.decks.source import YamlReadError

#: How many nodes one file may expand to once aliases are followed; stops an
#: "alias bomb" (a few lines that expand to billions of nodes).
MAX_EXPANDED_NODES = 2_000_000

_TAG_PREFIX = "tag:yaml.org,2002:"
STR_TAG = _TAG_PREFIX + "str"
INT_TAG = _TAG_PREFIX + "int"
FLOAT_TAG = _TAG_PREFIX + "float"
BOOL_TAG = _TAG_PREFIX + "bool"
NULL_TAG = _TAG_PREFIX + "null"
MAP_TAG = _TAG_PREFIX + "map"
SEQ_TAG = _TAG_PREFIX + "seq"
#: The tags a deck may contain: plain data only.
ALLOWED_TAGS = frozenset({STR_TAG, INT_TAG, FLOAT_TAG, BOOL_TAG, NULL_TAG, MAP_TAG, SEQ_TAG})

try:  # the C parser is an order of magnitude faster; PyYAML may be built without it
    from yaml.cyaml import CParser as _Parser

    _BASES: tuple[type, ...] = (_Parser,)
    HAS_LIBYAML = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    _BASES = (Reader, Scanner, Parser, Composer)
    HAS_LIBYAML = False


class DeckLoader(*_BASES, BaseResolver):  # type: ignore[misc]
    """A YAML composer with the YAML 1.2 core scalar rules and no object construction.

    Use :func:`compose` (nodes with positions) or :func:`to_plain` (plain data); both
    reject non-standard tags and duplicate keys instead of silently keeping the last.
    """

    def __init__(self, stream: str) -> None:
        _BASES[0].__init__(self, stream)  # type: ignore[misc]
        for base in _BASES[1:]:
            base.__init__(self)  # type: ignore[misc]
        BaseResolver.__init__(self)

    # The composer calls descend_resolver(parent, index) before and ascend_resolver()
    # after every node, for PyYAML's path resolvers, which decks do not use. As class
    # attributes, C builtins are not bound to the instance and cost a fraction of a
    # Python method's call; both results are ignored. Across the 300,000 nodes of
    # 10,000 cards that saves about 0.07 s of a cold load.
    descend_resolver = operator.is_
    ascend_resolver = tuple

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        """Resolve a node's tag with the YAML 1.2 core schema (see ``add_implicit_resolver``)."""
        if kind is ScalarNode:
            if implicit[0]:  # a plain scalar: the resolvers for its first character decide
                for tag, regexp in _IMPLICIT_RESOLVERS.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return STR_TAG
        return SEQ_TAG if kind is SequenceNode else MAP_TAG


# YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1023-core-schema).
DeckLoader.add_implicit_resolver(
    NULL_TAG, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)
DeckLoader.add_implicit_resolver(
    BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
DeckLoader.add_implicit_resolver(
    INT_TAG, re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), list("-+0123456789")
)
DeckLoader.add_implicit_resolver(
    FLOAT_TAG,
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)
_IMPLICIT_RESOLVERS: dict[str | None, list[tuple[str, re.Pattern[str]]]] = (
    DeckLoader.yaml_implicit_resolvers
)


def position(node: Node) -> tuple[int, int]:
    """Return a node's 1-based (line, column)."""
    mark = node.start_mark
    return mark.line + 1, mark.column + 1


def compose(text: str) -> Node | None:
    """Compose YAML text into one node tree (None for an empty document).

    Raises:
        YamlReadError: a syntax error, a tab in indentation, a forbidden character,
            several documents in one file, or nesting too deep to read.
    """
    loader: DeckLoader | None = None
    try:
        loader = DeckLoader(text)  # the reader checks the characters here
        return loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(error, text) from None
    except yaml.reader.ReaderError as error:
        line, column = _char_position(text, error.position)
        raise YamlReadError(
            "decks.yaml.bad_character", line, column, {"code": f"U+{error.character:04X}"}
        ) from None
    except RecursionError:
        raise YamlReadError("decks.yaml.too_deep") from None
    finally:
        if loader is not None:
            loader.dispose()


def tag_problem(node: Node) -> str | None:
    """Return the catalog key explaining why a node's tag is not allowed, or None."""
    tag = node.tag
    if tag in ALLOWED_TAGS:
        return None
    if tag.startswith(_TAG_PREFIX + "python/") or tag.startswith("!python"):
        return "decks.yaml.python_tag"
    return "decks.yaml.unknown_tag"


def show_tag(tag: str) -> str:
    """Show a tag as it is written in YAML: ``!!python/object`` rather than its long form."""
    if tag.startswith(_TAG_PREFIX):
        return "!!" + tag.removeprefix(_TAG_PREFIX)
    return tag


def scalar_value(node: ScalarNode) -> Any:
    """Convert a resolved scalar node to str, int, float, bool or None.

    Raises:
        ValueError: the node's explicit tag does not fit its text (``!!int abc``).
    """
    tag, text = node.tag, node.value
    if tag == STR_TAG:
        return text
    if tag == NULL_TAG:
        if text not in ("", "~", "null", "Null", "NULL"):
            raise ValueError(text)
        return None
    if tag == BOOL_TAG:
        lowered = text.lower()
        if lowered not in ("true", "false"):
            raise ValueError(text)
        return lowered == "true"
    if tag == INT_TAG:
        cleaned = text.replace("_", "")
        if cleaned.startswith(("0o", "0x")):
            return int(cleaned[2:], 8 if cleaned[1] == "o" else 16)
        return int(cleaned, 10)
    if tag == FLOAT_TAG:
        lowered = text.lower().lstrip("+")
        if lowered in (".inf", "-.inf", ".nan"):
            return {".inf": math.inf, "-.inf": -math.inf, ".nan": math.nan}[lowered]
        return float(text)
    raise ValueError(text)


def to_plain(node: Node | None) -> Any:
    """Convert a node tree to plain Python data (dicts, lists, scalars).

    Used for the generic parts of a deck (a generated card's ``params``) and by the
    JSON Schema test. Aliases are followed, with a cap on the expanded size.

    Raises:
        YamlReadError: a forbidden tag, a duplicate key, a non-scalar key or an
            alias bomb, at the offending node's position.
    """
    budget = [MAX_EXPANDED_NODES]
    return _plain(node, budget) if node is not None else None


def _plain(node: Node, budget: list[int]) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise YamlReadError("decks.yaml.too_big", *position(node))
    problem = tag_problem(node)
    if problem:
        raise YamlReadError(problem, *position(node), {"tag": show_tag(node.tag)})
    if isinstance(node, ScalarNode):
        try:
            return scalar_value(node)
        except ValueError:
            raise YamlReadError(
                "decks.yaml.bad_scalar", *position(node), {"tag": show_tag(node.tag)}
            ) from None
    if isinstance(node, SequenceNode):
        return [_plain(item, budget) for item in node.value]
    assert isinstance(node, MappingNode)
    result: dict[Any, Any] = {}
    first_lines: dict[Any, int] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode):
            raise YamlReadError("decks.yaml.complex_key", *position(key_node))
        key = _plain(key_node, budget)
        if key in result:
            raise YamlReadError(
                "decks.yaml.duplicate_key",
                *position(key_node),
                {"key": key, "line": first_lines[key]},
            )
        first_lines[key] = position(key_node)[0]
        result[key] = _plain(value_node, budget)
    return result


_SYNTAX_HINTS = (
    ("mapping values are not allowed", "decks.yaml.hint.colon"),
    ("did not find expected key", "decks.yaml.hint.indent"),
    ("did not find expected '-' indicator", "decks.yaml.hint.indent"),
    ("expected <block end>", "decks.yaml.hint.indent"),
    ("found undefined alias", "decks.yaml.hint.alias"),
    ("another document", "decks.yaml.hint.documents"),
)


def _syntax_error(error: yaml.MarkedYAMLError, text: str) -> YamlReadError:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    if mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t":
        return YamlReadError("decks.yaml.tab", line, column)
    problem = (error.problem or "").strip()
    if error.context:
        problem = f"{problem} ({error.context.strip()})"
    hint = next((key for needle, key in _SYNTAX_HINTS if needle in problem), None)
    return YamlReadError(
        "decks.yaml.syntax", line, column, {"problem": problem, "hint_key": hint or ""}
    )


def _char_position(text: str, index: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1
