"""Reading composed YAML nodes into typed values, every problem placed at its node.

PyYAML composes a deck file into nodes that know their line and column
(:mod:`quizapp.decks.yamlread`). :class:`NodeReader` turns them into the values a deck
is made of — texts in both languages, identifiers, numbers, booleans, tags, mappings
with known keys — and records a :class:`~quizapp.decks.model.DeckProblem` at the exact
node whenever one is not what the format asks for. The rules of the deck itself
(:mod:`~quizapp.decks.validate.deck`), of each card kind
(:mod:`~quizapp.decks.validate.kinds`) and of formulas
(:mod:`~quizapp.decks.validate.formula`) are written on top of it.

A value that failed is returned as :data:`BAD`: its problem is already recorded, and
the caller skips whatever held it.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Collection, Iterable, Sequence
from functools import cache
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from quizapp.decks.model import DeckProblem, Severity, Skipped, SourceRef, Text
from quizapp.decks.source import LANGUAGES, YamlReadError, bilingual
from quizapp.decks.yamlread import (
    BOOL_TAG,
    FLOAT_TAG,
    INT_TAG,
    NULL_TAG,
    STR_TAG,
    position,
    scalar_value,
    show_tag,
    tag_problem,
    to_plain,
)
from quizapp.i18n import t

#: Tags, and card ids, which are written alike.
TAG = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
#: A variable or parameter name.
PARAM_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
#: Math in text: $$...$$ or $...$; a backslash-escaped dollar is a literal one.
MATH = re.compile(r"\$\$(.+?)\$\$|(?<!\\)\$(.+?)(?<!\\)\$", re.DOTALL)
UNESCAPED_DOLLAR = re.compile(r"(?<!\\)\$")
LANGUAGE_SET = frozenset(LANGUAGES)

BAD: Any = object()  # a value that failed validation (its error is already recorded)


class NodeReader:
    """Converts YAML nodes of one file into values, recording problems as it goes.

    Attributes:
        path: the file, as messages name it.
        may_have_tags: False when the text has no ``!`` at all, so every tag came from
            the resolver and need not be checked.
        bundled: a deck shipped with quizapp (every text needs both languages).
        check_engine: run the checks that need the engine.
        problems: what was found so far.
        card_id: the card being read, for the messages (None in the deck section).
        scope: what an error now skips, the ``"deck"`` or one ``"card"``.
        failed: whether the current scope has had an error.
    """

    def __init__(
        self, path: str, *, bundled: bool, check_engine: bool, may_have_tags: bool = True
    ) -> None:
        self.path = path
        self.may_have_tags = may_have_tags  # False when the text has no '!' at all
        self.bundled = bundled
        self.check_engine = check_engine
        self.problems: list[DeckProblem] = []
        self.card_id: str | None = None
        self.scope: Skipped = "deck"
        self.failed = False  # an error in the current scope (deck section or card)
        self.tag_reported: set[int] = set()  # ids of nodes whose bad tag was reported

    def report(
        self,
        where: Node | tuple[int, int],
        message_key: str,
        severity: Severity = "error",
        /,
        **values: Any,
    ) -> None:
        """Record a problem at ``where`` (a node or a 1-based line and column)."""
        line, column = position(where) if isinstance(where, Node) else where
        is_error = severity == "error"
        if is_error:
            self.failed = True
        self.problems.append(
            DeckProblem(
                source=SourceRef(self.path, line, column),
                card_id=self.card_id,
                message=bilingual(message_key, **values),
                severity=severity,
                skipped=self.scope if is_error else None,
                key=message_key,
            )
        )

    def warn(self, where: Node | tuple[int, int], message_key: str, /, **values: Any) -> None:
        """Record a warning: something doubtful that still loads."""
        self.report(where, message_key, "warning", **values)

    def fields(
        self,
        node: Node,
        allowed: Sequence[str],
        *,
        required: Sequence[str],
        where: str,
        kind: str | None = None,
        misplaced: Collection[str] = (),
    ) -> dict[str, Node] | None:
        """Read a mapping with known keys; report unknown, duplicate and missing keys.

        Args:
            node: the mapping.
            allowed: the keys it may have.
            required: the keys it must have.
            where: what it is (``deck``, ``card``, ``formula``...), for the messages.
            kind: a card's kind, for the message about a ``misplaced`` key.
            misplaced: keys that are valid elsewhere (another kind's card fields), reported
                as not belonging to ``kind`` rather than as unknown.
        """
        entries = self.mapping(node, where)
        if entries is None:
            return None
        allowed_set = _as_set(tuple(allowed))
        found: dict[str, Node] = {}
        for key, key_node, value_node in entries:
            if key in allowed_set:
                found[key] = value_node
            elif key in misplaced:
                self.report(key_node, "decks.card.field_not_for_kind", field=key, kind=kind)
            else:
                self.report(
                    key_node,
                    "decks.unknown_key",
                    key=key,
                    where=where_text(where),
                    allowed=show_list(allowed),
                    suggestion=suggest(key, allowed),
                )
        for name in required:
            if name not in found and not any(k == name for k, _, _ in entries):
                self.report(node, "decks.missing_key", key=name, where=where_text(where))
        return found

    def mapping(self, node: Node, where: str) -> list[tuple[str, Node, Node]] | None:
        if not self.tag_ok(node):
            return None
        if not isinstance(node, MappingNode):
            self.report(
                node,
                "decks.not_mapping",
                where=where_text(where),
                got=describe(node),
            )
            return None
        entries: list[tuple[str, Node, Node]] = []
        seen: dict[str, Node] = {}
        check_tags = self.may_have_tags
        for key_node, value_node in node.value:
            if key_node.__class__ is not ScalarNode:
                self.report(key_node, "decks.yaml.complex_key")
                continue
            if check_tags and not self.tag_ok(key_node):
                continue
            key = key_node.value
            if key in seen:
                first_line = seen[key].start_mark.line + 1
                self.report(key_node, "decks.yaml.duplicate_key", key=key, line=first_line)
                continue
            seen[key] = key_node
            entries.append((key, key_node, value_node))
        return entries

    def tag_ok(self, node: Node) -> bool:
        """Whether a node has a plain-data tag (a bad one is reported once)."""
        if not self.may_have_tags:  # no '!' in the file: every tag came from the resolver
            return True
        problem = tag_problem(node)
        if problem is None:
            return True
        if id(node) not in self.tag_reported:
            self.tag_reported.add(id(node))
            self.report(node, problem, tag=show_tag(node.tag))
        return False

    def report_bad_tags(self, root: Node, skip: set[int]) -> bool:
        """Report every node under ``root`` with a forbidden tag (``!!python/...``).

        Args:
            root: the subtree to search; aliases are visited once.
            skip: ids of nodes not to descend into (the cards, checked one by one).

        Returns:
            Whether any was found.
        """
        if not self.may_have_tags:
            return False
        found = False
        stack, visited = [root], set()
        while stack:
            node = stack.pop()
            if id(node) in visited or id(node) in skip:
                continue
            visited.add(id(node))
            if tag_problem(node) is not None:
                found = True
                self.tag_ok(node)
            if isinstance(node, SequenceNode):
                stack.extend(reversed(node.value))
            elif isinstance(node, MappingNode):
                for key_node, value_node in reversed(node.value):
                    stack.extend((value_node, key_node))
        return found

    def scalar_text(self, node: Node, field: str) -> Any:
        """Text from a scalar; a plain number or boolean is taken as the text written."""
        if self.may_have_tags and not self.tag_ok(node):
            return BAD
        if node.__class__ is not ScalarNode or node.tag == NULL_TAG:
            self.report(node, "decks.not_text", field=field, got=describe(node))
            return BAD
        return node.value

    def string(self, node: Node, field: str) -> Any:
        value = self.scalar_text(node, field)
        if value is not BAD and not value.strip():
            self.report(node, "decks.empty_text", field=field)
            return BAD
        return value

    def identifier(self, node: Node, field: str, pattern: re.Pattern[str], key: str) -> Any:
        value = self.string(node, field)
        if value is not BAD and not pattern.match(value):
            self.report(node, key, got=value)
            return BAD
        return value

    def number(
        self, node: Node, field: str, *, positive: bool = False, minimum: float | None = None
    ) -> Any:
        if not self.tag_ok(node):
            return BAD
        value = number_value(node)
        if value is None:
            self.report(node, "decks.not_number", field=field, got=describe(node))
            return BAD
        if not math.isfinite(value):
            self.report(node, "decks.not_finite", field=field)
            return BAD
        if positive and value <= 0:
            self.report(node, "decks.not_positive", field=field, got=node.value)
            return BAD
        if minimum is not None and value < minimum:
            self.report(node, "decks.below_minimum", field=field, got=node.value, minimum=minimum)
            return BAD
        return value

    def integer(self, node: Node, field: str, *, minimum: int) -> Any:
        if not self.tag_ok(node):
            return BAD
        if not (isinstance(node, ScalarNode) and node.tag == INT_TAG):
            self.report(node, "decks.not_integer", field=field, got=describe(node))
            return BAD
        value = scalar_value(node)
        if value < minimum:
            self.report(node, "decks.below_minimum", field=field, got=node.value, minimum=minimum)
            return BAD
        return value

    def boolean(self, node: Node, field: str) -> Any:
        if not self.tag_ok(node):
            return BAD
        if not (isinstance(node, ScalarNode) and node.tag == BOOL_TAG):
            self.report(node, "decks.not_boolean", field=field, got=describe(node))
            return BAD
        return scalar_value(node)

    def text(self, node: Node, field: str) -> Any:
        """A bilingual text: ``{en: ..., zh: ...}``; bundled decks need both languages."""
        if not self.may_have_tags:
            text = self.well_formed_text(node, field)
            if text is not None:
                return text
        elif not self.tag_ok(node):
            return BAD
        if not isinstance(node, MappingNode):
            self.report(node, "decks.text.not_mapping", field=field, got=describe(node))
            return BAD
        entries = self.mapping(node, "text")
        if entries is None:
            return BAD
        return self.text_entries(node, entries, field, allowed=LANGUAGES)

    def well_formed_text(self, node: Node, field: str) -> Text | None:
        """The text of a bilingual mapping with nothing to report but math warnings.

        The common case, read without the general path's bookkeeping: a mapping of
        ``en``/``zh`` to non-empty text (both of them in a bundled deck). Returns None
        for anything else, which :meth:`text` then reads (and reports) in full. Only
        used when the file has no explicit tags.
        """
        if node.__class__ is not MappingNode:
            return None
        text: Text = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if (
                key_node.__class__ is not ScalarNode
                or key not in LANGUAGE_SET
                or key in text
                or value_node.__class__ is not ScalarNode
                or value_node.tag == NULL_TAG
                or not value_node.value.strip()
            ):
                return None
            text[key] = value_node.value
        if not text or (self.bundled and len(text) < len(LANGUAGES)):
            return None
        for key_node, value_node in node.value:
            self.math_warnings(value_node, value_node.value, field, key_node.value)
        return text

    def text_entries(
        self,
        node: Node,
        entries: list[tuple[str, Node, Node]],
        field: str,
        *,
        allowed: Sequence[str],
    ) -> Any:
        text: Text = {}
        bad = False
        for key, key_node, value_node in entries:
            if key not in allowed:
                self.report(
                    key_node,
                    "decks.unknown_key",
                    key=key,
                    where=where_text("text"),
                    allowed=show_list(allowed),
                    suggestion=suggest(key, allowed),
                )
                bad = True
                continue
            if key not in LANGUAGES:
                continue
            value = self.string(value_node, f"{field}.{key}")
            if value is BAD:
                bad = True
                continue
            text[key] = value
            self.math_warnings(value_node, value, field, key)
        if bad:
            return BAD
        present = [lang for lang in LANGUAGES if lang in text]
        if not present:
            self.report(node, "decks.text.no_language", field=field)
            return BAD
        if self.bundled and len(present) < len(LANGUAGES):
            missing = next(lang for lang in LANGUAGES if lang not in text)
            self.report(node, "decks.text.bundled_needs_both", field=field, missing=missing)
            return BAD
        return text

    def math_warnings(self, node: Node, text: str, field: str, lang: str) -> None:
        """Warn about a text's stray dollar or a backslash outside its math."""
        if "$" not in text and "\\" not in text:
            return
        outside = MATH.sub("", text) if "$" in text else text
        if "$" not in outside and "\\" not in outside:
            return
        if UNESCAPED_DOLLAR.search(outside):
            self.warn(node, "decks.text.unbalanced_dollar", field=f"{field}.{lang}")
        elif "\\" in outside.replace("\\$", ""):
            self.warn(node, "decks.text.backslash_outside_math", field=f"{field}.{lang}")

    def tags(self, node: Node) -> Any:
        if not self.tag_ok(node):
            return BAD
        if not isinstance(node, SequenceNode):
            self.report(node, "decks.not_list", field="tags", got=describe(node))
            return BAD
        tags: list[str] = []
        for item in node.value:
            tag = self.identifier(item, "tags", TAG, "decks.bad_tag")
            if tag is BAD:
                return BAD
            tags.append(tag)
        return tuple(dict.fromkeys(tags))

    def plain_mapping(self, node: Node, field: str) -> Any:
        try:
            value = to_plain(node)
        except YamlReadError as error:
            self.report((error.line, error.column), error.key, **error.values)
            return BAD
        if value is None:
            return {}
        if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
            self.report(node, "decks.not_mapping_field", field=field, got=describe(node))
            return BAD
        return value


def show_list(values: Iterable[str]) -> str:
    return ", ".join(values)


def suggest(word: str, candidates: Iterable[str]) -> Text:
    """A bilingual "did you mean ..." suffix, empty when nothing is close."""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    if not close:
        return {"en": "", "zh": ""}
    return {lang: t("decks.did_you_mean", lang, name=close[0]) for lang in LANGUAGES}


@cache
def _as_set(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(names)


def where_text(where: str) -> Text:
    return {lang: t(f"decks.where.{where}", lang) for lang in LANGUAGES}


def field_node(node: Node, name: str) -> Node | None:
    if not isinstance(node, MappingNode):
        return None
    for key_node, value_node in node.value:
        if isinstance(key_node, ScalarNode) and key_node.value == name:
            return value_node
    return None


def number_value(node: Node) -> int | float | None:
    """A number from a scalar resolved as int or float (booleans and quoted text are not)."""
    if not isinstance(node, ScalarNode) or node.tag not in (INT_TAG, FLOAT_TAG):
        return None
    try:
        return scalar_value(node)
    except ValueError:
        return None


def describe(node: Node) -> Text:
    """How a node looks to a person: ``a list``, ``a mapping``, ``the text 'abc'``..."""
    if isinstance(node, SequenceNode):
        return {lang: t("decks.got.list", lang) for lang in LANGUAGES}
    if isinstance(node, MappingNode):
        return {lang: t("decks.got.mapping", lang) for lang in LANGUAGES}
    kind = {
        NULL_TAG: "nothing",
        BOOL_TAG: "boolean",
        INT_TAG: "number",
        FLOAT_TAG: "number",
        STR_TAG: "text",
    }.get(node.tag, "text")
    shown = node.value if len(node.value) <= 40 else node.value[:37] + "..."
    return {lang: t(f"decks.got.{kind}", lang, value=shown) for lang in LANGUAGES}


def column_in(node: Node, offset: int) -> tuple[int, int]:
    """The file position of character ``offset`` of a one-line scalar (its start otherwise)."""
    line, column = position(node)
    style = getattr(node, "style", None)
    value = getattr(node, "value", "")
    if "\n" in value or style not in (None, "'", '"') or not 0 <= offset <= len(value):
        return line, column
    return line, column + offset + (1 if style else 0)
