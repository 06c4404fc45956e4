"""Loading deck files: YAML nodes in, Deck and Card dataclasses out, every problem reported.

The loader validates while it converts, so each message can name the file, line and
column of the offending node and the card it belongs to. One bad card never stops
the rest of its deck, and one bad deck never stops the other decks: bad cards and
decks are skipped and the problems returned beside the decks that loaded.

The format is documented in ``docs/deck-format.md``; its JSON Schema is
``deck.schema.json`` beside this module. Finding deck files, reading their text and
the deck cache are in :mod:`quizapp.decks.files`, which imports this module (and with
it PyYAML) only when a file is not in the cache.
"""

from __future__ import annotations

import difflib
import inspect
import itertools
import math
import re
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from quizapp.decks import enginecheck
from quizapp.decks.files import (
    LANGUAGES,
    YamlReadError,
    bilingual,
    bundled_deck_paths,
    collector_paused,
    deck_files,
    load_deck_file,
    load_decks,
    read_text,
    unreadable,
)
from quizapp.decks.model import (
    CARD_KINDS,
    Card,
    Deck,
    DeckProblem,
    Formula,
    LoadResult,
    Option,
    ParamSpec,
    Severity,
    Skipped,
    SourceRef,
    Text,
)
from quizapp.decks.yamlread import (
    BOOL_TAG,
    FLOAT_TAG,
    INT_TAG,
    NULL_TAG,
    STR_TAG,
    compose,
    position,
    scalar_value,
    show_tag,
    tag_problem,
    to_plain,
)
from quizapp.i18n import t

# The front door (finding files, reading text, the cache) lives in quizapp.decks.files,
# which imports this module only when a file must be parsed; it is re-exported here.
__all__ = [
    "bundled_deck_paths",
    "deck_files",
    "load_deck_file",
    "load_deck_text",
    "load_decks",
    "read_deck_data",
]

DECK_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
CARD_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
TAG = CARD_ID
PARAM_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
#: Names the expression syntax already gives a meaning; a template parameter may not take one.
RESERVED_NAMES = frozenset(
    {"sqrt", "exp", "log", "ln", "log10", "log2", "abs", "sin", "cos", "tan", "tanh", "cosh"}
    | {"sinh", "sigmoid"}
    | {"pi", "e", "max", "min"}
)
MIN_OPTIONS, MAX_OPTIONS = 2, 8
#: The engine modules whose functions a formula's worked example may call.
ENGINE_FUNCTION_MODULES = ("activations", "clipping", "kmeans", "losses", "optim", "pca")
#: ``formula.engine`` naming an engine function: ``module.function``.
ENGINE_FUNCTION = re.compile(r"^(" + "|".join(ENGINE_FUNCTION_MODULES) + r")\.([a-z][a-z0-9_]*)$")
#: With more parameters than this, a template is checked at its all-low and all-high
#: corners only, not at all 2**n of them.
MAX_CORNER_PARAMS = 6

DECK_FIELDS = ("id", "title", "description", "tags", "new_per_day", "reviews_per_day")
COMMON_CARD_FIELDS = (
    "id",
    "kind",
    "tags",
    "prompt",
    "answer",
    "explanation",
    "hint",
    "formula",
    "target_seconds",
)
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "flashcard": (),
    "choice": ("options",),
    "numeric": ("value", "tolerance", "sign_invariant", "start", "ratio"),
    "expression": ("value", "variables"),
    "generated": ("family", "params"),
    "template": ("params", "value", "tolerance", "start", "ratio"),
}
ALL_CARD_FIELDS = COMMON_CARD_FIELDS + tuple(
    dict.fromkeys(f for fields in KIND_FIELDS.values() for f in fields)
)
#: The fields a card of each kind may have (None: a card whose kind is unknown).
CARD_FIELDS_BY_KIND: dict[str | None, tuple[str, ...]] = {
    None: ALL_CARD_FIELDS,
    **{kind: COMMON_CARD_FIELDS + fields for kind, fields in KIND_FIELDS.items()},
}
#: The fields a card of each kind must have.
REQUIRED_CARD_FIELDS: dict[str | None, tuple[str, ...]] = {
    None: ("id", "kind", "prompt"),
    "flashcard": ("id", "kind", "prompt", "answer"),
    "choice": ("id", "kind", "prompt", "options"),
    "numeric": ("id", "kind", "prompt", "value"),
    "expression": ("id", "kind", "prompt", "value"),
    "generated": ("id", "kind", "prompt", "family"),
    "template": ("id", "kind", "prompt", "params", "value"),
}
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
#: Math in text: $$...$$ or $...$; a backslash-escaped dollar is a literal one.
MATH = re.compile(r"\$\$(.+?)\$\$|(?<!\\)\$(.+?)(?<!\\)\$", re.DOTALL)
UNESCAPED_DOLLAR = re.compile(r"(?<!\\)\$")
LANGUAGE_SET = frozenset(LANGUAGES)

_BAD: Any = object()  # a value that failed validation (its error is already recorded)


def load_deck_text(
    text: str, *, name: str = "<text>", bundled: bool = False, check_engine: bool = True
) -> LoadResult:
    """Load a deck from YAML text (for tests and tools); see :func:`load_deck_file`."""
    with collector_paused():
        try:
            root = compose(text)
        except YamlReadError as error:
            return unreadable(error, name)
        return _read(root, name, bundled=bundled, check_engine=check_engine, tags="!" in text)


def _read(
    root: Node | None, name: str, *, bundled: bool, check_engine: bool, tags: bool
) -> LoadResult:
    reader = _DeckReader(name, bundled=bundled, check_engine=check_engine, may_have_tags=tags)
    deck = reader.read(root)
    problems = sorted(reader.problems, key=lambda p: (p.source.line, p.source.column))
    return LoadResult(decks=(deck,) if deck else (), problems=tuple(problems))


def read_deck_data(path: Path | str) -> Any:
    """Read a deck file as plain data (dicts and lists) with the loader's YAML rules.

    Used to check decks against the JSON Schema.

    Raises:
        YamlReadError: the file is not readable YAML.
    """
    return to_plain(compose(read_text(Path(path))))


def _show_list(values: Iterable[str]) -> str:
    return ", ".join(values)


def _suggest(word: str, candidates: Iterable[str]) -> Text:
    """A bilingual "did you mean ..." suffix, empty when nothing is close."""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    if not close:
        return {"en": "", "zh": ""}
    return {lang: t("decks.did_you_mean", lang, name=close[0]) for lang in LANGUAGES}


class _DeckReader:
    """Converts one composed deck file, recording problems as it goes."""

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

    # --- reporting ---------------------------------------------------------------

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

    # --- the file ----------------------------------------------------------------

    def read(self, root: Node | None) -> Deck | None:
        if root is None:
            self.report((1, 1), "decks.file.empty")
            return None
        cards_node = _field_node(root, "cards")
        skip = set(map(id, cards_node.value)) if isinstance(cards_node, SequenceNode) else set()
        self.report_bad_tags(root, skip)
        fields = self.fields(root, ("deck", "cards"), required=("deck", "cards"), where="top")
        if fields is None:
            return None
        deck_failed = self.failed
        meta = self.deck_meta(fields["deck"]) if "deck" in fields else None
        deck_failed = deck_failed or self.failed or meta is None
        cards: list[Card] = []
        if "cards" in fields:
            cards = self.cards(fields["cards"], meta["id"] if meta else "", meta)
        if deck_failed or meta is None:
            return None
        return Deck(
            id=meta["id"],
            title=meta["title"],
            description=meta.get("description", {}),
            tags=meta.get("tags", ()),
            cards=tuple(cards),
            source=self.path,
            bundled=self.bundled,
            new_per_day=meta.get("new_per_day"),
            reviews_per_day=meta.get("reviews_per_day"),
        )

    def deck_meta(self, node: Node) -> dict[str, Any] | None:
        self.scope, self.failed = "deck", False
        fields = self.fields(node, DECK_FIELDS, required=("id", "title"), where="deck")
        if fields is None:
            return None
        meta: dict[str, Any] = {}
        if "id" in fields:
            meta["id"] = self.identifier(fields["id"], "id", DECK_ID, "decks.deck.bad_id")
        if "title" in fields:
            meta["title"] = self.text(fields["title"], "title")
        if "description" in fields:
            meta["description"] = self.text(fields["description"], "description")
        if "tags" in fields:
            meta["tags"] = self.tags(fields["tags"])
        for name in ("new_per_day", "reviews_per_day"):
            if name in fields:
                meta[name] = self.integer(fields[name], name, minimum=0)
        if self.failed or any(value is _BAD for value in meta.values()):
            return None
        return meta

    def cards(self, node: Node, deck_id: str, meta: dict[str, Any] | None) -> list[Card]:
        if not self.tag_ok(node):
            return []
        if isinstance(node, ScalarNode) and node.tag == NULL_TAG:
            self.warn(node, "decks.cards.empty")
            return []
        if not isinstance(node, SequenceNode):
            self.scope = "deck"
            self.report(node, "decks.cards.not_list", got=_describe(node))
            return []
        if not node.value:
            self.warn(node, "decks.cards.empty")
        deck_tags: tuple[str, ...] = meta.get("tags", ()) if meta else ()
        cards: list[Card] = []
        first_line: dict[str, int] = {}
        for item in node.value:
            self.scope, self.failed, self.card_id = "card", False, None
            card = self.card(item, deck_id, deck_tags)
            if card is None or self.failed:
                continue
            if card.id in first_line:
                self.report(
                    _field_node(item, "id") or item,
                    "decks.card.duplicate_id",
                    id=card.id,
                    line=first_line[card.id],
                )
                continue
            first_line[card.id] = position(item)[0]
            cards.append(card)
        self.card_id, self.scope = None, "deck"
        return cards

    # --- one card ----------------------------------------------------------------

    def card(self, node: Node, deck_id: str, deck_tags: tuple[str, ...]) -> Card | None:
        id_node = _field_node(node, "id")
        if isinstance(id_node, ScalarNode) and id_node.value:
            self.card_id = id_node.value
        if self.report_bad_tags(node, set()) or not self.tag_ok(node):
            return None
        if not isinstance(node, MappingNode):
            self.report(node, "decks.card.not_mapping", got=_describe(node))
            return None
        kind_node = _field_node(node, "kind")
        kind: str | None = None
        if kind_node is not None:
            kind = self.string(kind_node, "kind")
            if kind is not _BAD and kind not in CARD_KINDS:
                self.report(
                    kind_node,
                    "decks.card.bad_kind",
                    kinds=_show_list(CARD_KINDS),
                    got=kind,
                    suggestion=_suggest(str(kind), CARD_KINDS),
                )
                kind = None
            elif kind is _BAD:
                kind = None
        fields = self.fields(
            node,
            CARD_FIELDS_BY_KIND[kind],
            required=REQUIRED_CARD_FIELDS[kind],
            where="card",
            kind=kind,
        )
        if fields is None:
            return None
        card_id = (
            self.identifier(fields["id"], "id", CARD_ID, "decks.card.bad_id")
            if ("id" in fields)
            else _BAD
        )
        if card_id is not _BAD:
            self.card_id = card_id
        values: dict[str, Any] = {}
        for name in ("prompt", "answer", "explanation", "hint"):
            if name in fields:
                values[name] = self.text(fields[name], name)
        tags: Any = self.tags(fields["tags"]) if "tags" in fields else ()
        if "formula" in fields:
            values["formula"] = self.formula(fields["formula"])
        if "target_seconds" in fields:
            values["target_seconds"] = self.number(
                fields["target_seconds"], "target_seconds", positive=True
            )
        if kind == "choice" and "options" in fields:
            values["options"] = self.options(fields["options"])
        elif kind == "numeric" and "value" in fields:
            values["value"] = self.numeric_value(fields["value"])
            if "sign_invariant" in fields:
                values["sign_invariant"] = self.boolean(fields["sign_invariant"], "sign_invariant")
        elif kind == "expression" and "value" in fields:
            variables = self.variables(fields["variables"]) if "variables" in fields else ()
            values["variables"] = variables
            values["value"] = self.expression(
                fields["value"], "value", () if variables is _BAD else variables
            )
        elif kind == "generated" and "family" in fields:
            self.generated(fields, values)
        elif kind == "template" and "params" in fields and "value" in fields:
            params = self.template_params(fields["params"])
            values["params"] = params
            names = tuple(params) if params is not _BAD else ()
            values["value"] = self.expression(fields["value"], "value", names)
            if params is not _BAD:
                self.template_checks(fields, values, params)
        if "tolerance" in fields:
            values["tolerance"] = self.tolerance(fields["tolerance"])
        if kind in ("numeric", "template"):
            self.update_fields(kind, fields, values)
        if self.failed or card_id is _BAD or tags is _BAD or kind is None:
            return None
        if any(value is _BAD for value in values.values()):
            return None
        return Card(
            deck_id=deck_id,
            id=card_id,
            kind=kind,  # type: ignore[arg-type]
            tags=tuple(dict.fromkeys(tags + deck_tags)),
            source=SourceRef(self.path, *position(node)),
            **values,
        )

    def generated(self, fields: dict[str, Node], values: dict[str, Any]) -> None:
        family = values["family"] = self.family(fields["family"])
        params = self.plain_mapping(fields["params"], "params") if "params" in fields else {}
        values["params"] = params
        if not self.check_engine or self.failed or family is _BAD or params is _BAD:
            return
        error = enginecheck.generate_error(family, params)
        if error:
            self.report(
                fields.get("params", fields["family"]),
                "decks.generated.failed",
                family=family,
                reason=error,
            )

    def template_checks(
        self, fields: dict[str, Node], values: dict[str, Any], params: dict[str, ParamSpec]
    ) -> None:
        names = set(params)
        for name in ("prompt", "answer", "explanation", "hint"):
            text = values.get(name)
            if not isinstance(text, dict):
                continue
            for lang, string in text.items():
                for unknown in sorted(set(_placeholders(string)) - names):
                    self.report(
                        fields[name],
                        "decks.template.unknown_placeholder",
                        placeholder=unknown,
                        field=f"{name}.{lang}",
                        params=_show_list(params),
                    )
        value = values.get("value")
        if not self.check_engine or not isinstance(value, str) or self.failed:
            return
        for corner in _corners(params):
            reason = enginecheck.evaluation_error(value, corner)
            if reason is not None:
                shown = ", ".join(f"{k} = {v:g}" for k, v in corner.items())
                self.report(fields["value"], "decks.template.not_finite", at=shown, reason=reason)
                return

    # --- structures --------------------------------------------------------------

    def fields(
        self,
        node: Node,
        allowed: Sequence[str],
        *,
        required: Sequence[str],
        where: str,
        kind: str | None = None,
    ) -> dict[str, Node] | None:
        """Read a mapping with known keys; report unknown, duplicate and missing keys."""
        entries = self.mapping(node, where)
        if entries is None:
            return None
        allowed_set = _as_set(tuple(allowed))
        found: dict[str, Node] = {}
        for key, key_node, value_node in entries:
            if key in allowed_set:
                found[key] = value_node
            elif kind and key in ALL_CARD_FIELDS:
                self.report(key_node, "decks.card.field_not_for_kind", field=key, kind=kind)
            else:
                self.report(
                    key_node,
                    "decks.unknown_key",
                    key=key,
                    where=_where(where),
                    allowed=_show_list(allowed),
                    suggestion=_suggest(key, allowed),
                )
        for name in required:
            if name not in found and not any(k == name for k, _, _ in entries):
                self.report(node, "decks.missing_key", key=name, where=_where(where))
        return found

    def mapping(self, node: Node, where: str) -> list[tuple[str, Node, Node]] | None:
        if not self.tag_ok(node):
            return None
        if not isinstance(node, MappingNode):
            self.report(
                node,
                "decks.not_mapping",
                where=_where(where),
                got=_describe(node),
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

    # --- scalars -----------------------------------------------------------------

    def scalar_text(self, node: Node, field: str) -> Any:
        """Text from a scalar; a plain number or boolean is taken as the text written."""
        if self.may_have_tags and not self.tag_ok(node):
            return _BAD
        if node.__class__ is not ScalarNode or node.tag == NULL_TAG:
            self.report(node, "decks.not_text", field=field, got=_describe(node))
            return _BAD
        return node.value

    def string(self, node: Node, field: str) -> Any:
        value = self.scalar_text(node, field)
        if value is not _BAD and not value.strip():
            self.report(node, "decks.empty_text", field=field)
            return _BAD
        return value

    def identifier(self, node: Node, field: str, pattern: re.Pattern[str], key: str) -> Any:
        value = self.string(node, field)
        if value is not _BAD and not pattern.match(value):
            self.report(node, key, got=value)
            return _BAD
        return value

    def number(
        self, node: Node, field: str, *, positive: bool = False, minimum: float | None = None
    ) -> Any:
        if not self.tag_ok(node):
            return _BAD
        value = _number(node)
        if value is None:
            self.report(node, "decks.not_number", field=field, got=_describe(node))
            return _BAD
        if not math.isfinite(value):
            self.report(node, "decks.not_finite", field=field)
            return _BAD
        if positive and value <= 0:
            self.report(node, "decks.not_positive", field=field, got=node.value)
            return _BAD
        if minimum is not None and value < minimum:
            self.report(node, "decks.below_minimum", field=field, got=node.value, minimum=minimum)
            return _BAD
        return value

    def integer(self, node: Node, field: str, *, minimum: int) -> Any:
        if not self.tag_ok(node):
            return _BAD
        if not (isinstance(node, ScalarNode) and node.tag == INT_TAG):
            self.report(node, "decks.not_integer", field=field, got=_describe(node))
            return _BAD
        value = scalar_value(node)
        if value < minimum:
            self.report(node, "decks.below_minimum", field=field, got=node.value, minimum=minimum)
            return _BAD
        return value

    def boolean(self, node: Node, field: str) -> Any:
        if not self.tag_ok(node):
            return _BAD
        if not (isinstance(node, ScalarNode) and node.tag == BOOL_TAG):
            self.report(node, "decks.not_boolean", field=field, got=_describe(node))
            return _BAD
        return scalar_value(node)

    # --- compound fields ---------------------------------------------------------

    def text(self, node: Node, field: str) -> Any:
        """A bilingual text: ``{en: ..., zh: ...}``; bundled decks need both languages."""
        if not self.may_have_tags:
            text = self.well_formed_text(node, field)
            if text is not None:
                return text
        elif not self.tag_ok(node):
            return _BAD
        if not isinstance(node, MappingNode):
            self.report(node, "decks.text.not_mapping", field=field, got=_describe(node))
            return _BAD
        entries = self.mapping(node, "text")
        if entries is None:
            return _BAD
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
                    where=_where("text"),
                    allowed=_show_list(allowed),
                    suggestion=_suggest(key, allowed),
                )
                bad = True
                continue
            if key not in LANGUAGES:
                continue
            value = self.string(value_node, f"{field}.{key}")
            if value is _BAD:
                bad = True
                continue
            text[key] = value
            self.math_warnings(value_node, value, field, key)
        if bad:
            return _BAD
        present = [lang for lang in LANGUAGES if lang in text]
        if not present:
            self.report(node, "decks.text.no_language", field=field)
            return _BAD
        if self.bundled and len(present) < len(LANGUAGES):
            missing = next(lang for lang in LANGUAGES if lang not in text)
            self.report(node, "decks.text.bundled_needs_both", field=field, missing=missing)
            return _BAD
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
            return _BAD
        if not isinstance(node, SequenceNode):
            self.report(node, "decks.not_list", field="tags", got=_describe(node))
            return _BAD
        tags: list[str] = []
        for item in node.value:
            tag = self.identifier(item, "tags", TAG, "decks.bad_tag")
            if tag is _BAD:
                return _BAD
            tags.append(tag)
        return tuple(dict.fromkeys(tags))

    def formula(self, node: Node) -> Any:
        fields = self.fields(
            node, ("latex", "engine", "check", "example"), required=("latex",), where="formula"
        )
        if fields is None:
            return _BAD
        latex = self.string(fields["latex"], "formula.latex") if "latex" in fields else _BAD
        engine = self.string(fields["engine"], "formula.engine") if "engine" in fields else None
        check = self.string(fields["check"], "formula.check") if "check" in fields else None
        example = self.formula_example(fields["example"]) if "example" in fields else None
        if check is not None and check is not _BAD and engine is None:
            self.report(fields["check"], "decks.formula.check_needs_engine")
            return _BAD
        if example is not None and engine is None:
            self.report(fields["example"], "decks.formula.example_needs_engine")
            return _BAD
        if check is not None and example is not None:
            self.report(fields["example"], "decks.formula.check_and_example")
            return _BAD
        if isinstance(engine, str) and example is not None:
            args_node = _field_node(fields["example"], "args") or fields["example"]
            if not self.engine_function(fields["engine"], engine, example, args_node):
                return _BAD
        elif self.check_engine and isinstance(engine, str):
            keys = enginecheck.formula_keys()
            if keys is not None and engine not in keys:
                function = _engine_function(engine)
                self.report(
                    fields["engine"],
                    "decks.formula.unknown_engine"
                    if function is None
                    else "decks.formula.needs_example",
                    engine=engine,
                    suggestion=_suggest(engine, keys),
                )
                return _BAD
        if self.check_engine and isinstance(check, str):
            error = enginecheck.expression_error(check, _formula_variables(engine))
            if error is not None:
                self.report(
                    _column_in(fields["check"], error[0]),
                    "decks.expression.bad",
                    field="formula.check",
                    reason=error[1],
                )
                return _BAD
        if any(value is _BAD for value in (latex, engine, check, example)):
            return _BAD
        return Formula(latex=latex, engine=engine, check=check, example=example)

    def formula_example(self, node: Node) -> Any:
        """``formula.example``: ``args`` (name -> value) and ``expect`` (value or attributes)."""
        fields = self.fields(node, ("args", "expect"), required=("args", "expect"), where="example")
        if fields is None or "args" not in fields or "expect" not in fields:
            return _BAD
        args = self.example_mapping(fields["args"], "example.args", text=True)
        expect_node = fields["expect"]
        if isinstance(expect_node, MappingNode):
            expect = self.example_mapping(expect_node, "example.expect", text=False)
        else:
            expect = self.example_value(expect_node, "example.expect", text=False)
        if args is _BAD or expect is _BAD:
            return _BAD
        return {"args": args, "expect": expect}

    def example_mapping(self, node: Node, field: str, *, text: bool) -> Any:
        """A mapping of names (argument or result attribute) to example values."""
        entries = self.mapping(node, "example_args" if text else "example")
        if entries is None:
            return _BAD
        values: dict[str, Any] = {}
        for name, key_node, value_node in entries:
            if not PARAM_NAME.match(name):
                self.report(key_node, "decks.bad_variable", name=name)
                values[name] = _BAD
                continue
            values[name] = self.example_value(value_node, f"{field}.{name}", text=text)
        return _BAD if any(value is _BAD for value in values.values()) else values

    def example_value(self, node: Node, field: str, *, text: bool) -> Any:
        """A number, a text when ``text`` (an argument), or a non-empty list of such, nested."""
        if not self.tag_ok(node):
            return _BAD
        if isinstance(node, ScalarNode):
            number = _number(node)
            if number is not None:
                if not math.isfinite(number):
                    self.report(node, "decks.not_finite", field=field)
                    return _BAD
                return number
            if text and node.tag == STR_TAG:
                return self.string(node, field)
        elif isinstance(node, SequenceNode) and node.value:
            items = [self.example_value(item, field, text=text) for item in node.value]
            return _BAD if any(item is _BAD for item in items) else items
        key = "decks.formula.bad_example_arg" if text else "decks.formula.bad_example_expect"
        self.report(node, key, field=field, got=_describe(node))
        return _BAD

    def engine_function(self, node: Node, engine: str, example: Any, args_node: Node) -> bool:
        """Check that ``engine`` names an engine function the example's ``args`` fit.

        The form ``module.function`` is always checked; the function itself, its
        parameters and the example's expression arguments only with ``check_engine``.
        """
        match = ENGINE_FUNCTION.match(engine)
        if match is None:
            self.report(
                node,
                "decks.formula.bad_engine_function",
                modules=_show_list(ENGINE_FUNCTION_MODULES),
                got=engine,
            )
            return False
        if not self.check_engine or not isinstance(example, dict):
            return True
        module_name = match.group(1)
        public = _public_functions(module_name)
        if public is None:  # the engine module is missing: nothing more can be checked
            return True
        function = _engine_function(engine)
        if function is None:
            self.report(
                node,
                "decks.formula.unknown_function",
                engine=engine,
                suggestion=_suggest(engine, [f"{module_name}.{name}" for name in public]),
            )
            return False
        args = example["args"]
        try:
            inspect.signature(function).bind(**args)
        except TypeError as error:
            self.report(args_node, "decks.formula.example_args", engine=engine, reason=str(error))
            return False
        variables = args.get("variables", ())
        names = tuple(variables) if isinstance(variables, list) else ()
        for name, value in args.items():
            if not isinstance(value, str) or name == "variables":
                continue
            problem = enginecheck.expression_error(value, tuple(str(v) for v in names))
            if problem is not None:
                self.report(
                    _column_in(_field_node(args_node, name) or args_node, problem[0]),
                    "decks.expression.bad",
                    field=f"example.args.{name}",
                    reason=problem[1],
                )
                return False
        return True

    def options(self, node: Node) -> Any:
        if not self.tag_ok(node):
            return _BAD
        if not isinstance(node, SequenceNode):
            self.report(node, "decks.not_list", field="options", got=_describe(node))
            return _BAD
        count = len(node.value)
        if not MIN_OPTIONS <= count <= MAX_OPTIONS:
            self.report(
                node, "decks.choice.option_count", count=count, low=MIN_OPTIONS, high=MAX_OPTIONS
            )
            return _BAD
        options: list[Option] = []
        bad = False
        for index, item in enumerate(node.value, start=1):
            entries = self.mapping(item, "option")
            if entries is None:
                bad = True
                continue
            correct_node = next((value for key, _, value in entries if key == "correct"), None)
            text = self.text_entries(
                item, entries, f"options[{index}]", allowed=(*LANGUAGES, "correct")
            )
            if correct_node is None:
                self.report(item, "decks.choice.missing_correct", index=index)
                bad = True
                continue
            correct = self.boolean(correct_node, f"options[{index}].correct")
            if text is _BAD or correct is _BAD:
                bad = True
                continue
            options.append(Option(text=text, correct=correct))
        if bad:
            return _BAD
        if not any(option.correct for option in options):
            self.report(node, "decks.choice.none_correct")
            return _BAD
        return tuple(options)

    def numeric_value(self, node: Node) -> Any:
        if not self.tag_ok(node):
            return _BAD
        if isinstance(node, ScalarNode):
            return self.number(node, "value")
        if not isinstance(node, SequenceNode) or not node.value:
            self.report(node, "decks.numeric.bad_value", got=_describe(node))
            return _BAD
        if all(isinstance(item, ScalarNode) for item in node.value):
            entries = [self.number(item, "value") for item in node.value]
            return _BAD if _BAD in entries else entries
        rows: list[list[float]] = []
        for row in node.value:
            if not self.tag_ok(row):
                return _BAD
            if not isinstance(row, SequenceNode) or not row.value:
                self.report(row, "decks.numeric.bad_value", got=_describe(row))
                return _BAD
            entries = [self.number(item, "value") for item in row.value]
            if _BAD in entries:
                return _BAD
            if rows and len(entries) != len(rows[0]):
                self.report(row, "decks.numeric.ragged", got=len(entries), want=len(rows[0]))
                return _BAD
            rows.append(entries)
        return rows

    def tolerance(self, node: Node) -> Any:
        names = ("rel", "abs", "sigfigs", "decimals")
        fields = self.fields(node, names, required=(), where="tolerance")
        if fields is None:
            return _BAD
        if not fields:
            self.report(node, "decks.tolerance.empty")
            return _BAD
        stated = [name for name in ("sigfigs", "decimals") if name in fields]
        if stated and len(fields) > 1:
            self.report(node, "decks.tolerance.mixed", field=stated[0])
            return _BAD
        tolerance = {
            name: (
                self.integer(value, f"tolerance.{name}", minimum=1 if name == "sigfigs" else 0)
                if name in ("sigfigs", "decimals")
                else self.number(value, f"tolerance.{name}", minimum=0)
            )
            for name, value in fields.items()
        }
        return _BAD if _BAD in tolerance.values() else tolerance

    def update_fields(self, kind: str, fields: dict[str, Node], values: dict[str, Any]) -> None:
        """A numeric or template card's ``start`` (the value before an update) and ``ratio``."""
        if "ratio" in fields:
            values["ratio"] = self.boolean(fields["ratio"], "ratio")
        if "start" not in fields:
            return
        if kind == "template":
            values["start"] = self.number(fields["start"], "start")
            return
        start = values["start"] = self.numeric_value(fields["start"])
        value = values.get("value")
        if start is _BAD or value is None or value is _BAD:
            return
        if _shape(start) != _shape(value):
            self.report(fields["start"], "decks.numeric.start_shape")
            values["start"] = _BAD

    def variables(self, node: Node) -> Any:
        if not self.tag_ok(node):
            return _BAD
        if not isinstance(node, SequenceNode):
            self.report(node, "decks.not_list", field="variables", got=_describe(node))
            return _BAD
        names: list[str] = []
        for item in node.value:
            name = self.string(item, "variables")
            if name is _BAD:
                return _BAD
            if not PARAM_NAME.match(name):
                self.report(item, "decks.bad_variable", name=name)
                return _BAD
            names.append(name)
        return tuple(names)

    def expression(self, node: Node, field: str, variables: tuple[str, ...]) -> Any:
        text = self.string(node, field)
        if text is _BAD or not self.check_engine:
            return text
        error = enginecheck.expression_error(text, variables)
        if error is not None:
            self.report(
                _column_in(node, error[0]), "decks.expression.bad", field=field, reason=error[1]
            )
            return _BAD
        return text

    def family(self, node: Node) -> Any:
        family = self.string(node, "family")
        if family is _BAD or not self.check_engine:
            return family
        known = enginecheck.known_families()
        if known is not None and family not in known:
            self.report(
                node,
                "decks.generated.unknown_family",
                family=family,
                suggestion=_suggest(family, known),
            )
            return _BAD
        return family

    def plain_mapping(self, node: Node, field: str) -> Any:
        try:
            value = to_plain(node)
        except YamlReadError as error:
            self.report((error.line, error.column), error.key, **error.values)
            return _BAD
        if value is None:
            return {}
        if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
            self.report(node, "decks.not_mapping_field", field=field, got=_describe(node))
            return _BAD
        return value

    def template_params(self, node: Node) -> Any:
        entries = self.mapping(node, "params")
        if entries is None:
            return _BAD
        if not entries:
            self.report(node, "decks.template.no_params")
            return _BAD
        params: dict[str, ParamSpec] = {}
        bad = False
        for name, key_node, spec_node in entries:
            if not PARAM_NAME.match(name) or name in RESERVED_NAMES:
                key = (
                    "decks.template.reserved_name"
                    if name in RESERVED_NAMES
                    else "decks.bad_variable"
                )
                self.report(key_node, key, name=name)
                bad = True
                continue
            spec = self.param_spec(spec_node, name)
            if spec is _BAD:
                bad = True
                continue
            params[name] = spec
        return _BAD if bad else params

    def param_spec(self, node: Node, name: str) -> Any:
        fields = self.fields(node, ("range", "step", "choices"), required=(), where="param")
        if fields is None:
            return _BAD
        if ("range" in fields) == ("choices" in fields):
            self.report(node, "decks.template.range_or_choices", name=name)
            return _BAD
        if "choices" in fields:
            if "step" in fields:
                self.report(fields["step"], "decks.template.step_with_choices", name=name)
                return _BAD
            choices_node = fields["choices"]
            if not isinstance(choices_node, SequenceNode) or not choices_node.value:
                self.report(choices_node, "decks.template.bad_choices", name=name)
                return _BAD
            choices = [self.number(item, f"params.{name}.choices") for item in choices_node.value]
            return _BAD if _BAD in choices else ParamSpec(choices=tuple(choices))
        range_node = fields["range"]
        if not isinstance(range_node, SequenceNode) or len(range_node.value) != 2:
            self.report(range_node, "decks.template.bad_range", name=name)
            return _BAD
        low, high = (self.number(item, f"params.{name}.range") for item in range_node.value)
        if _BAD in (low, high):
            return _BAD
        if low >= high:
            self.report(range_node, "decks.template.empty_range", name=name, low=low, high=high)
            return _BAD
        if "step" in fields:
            step = self.number(fields["step"], f"params.{name}.step", positive=True)
            if step is _BAD:
                return _BAD
        elif isinstance(low, int) and isinstance(high, int):
            step = 1
        else:
            self.report(range_node, "decks.template.needs_step", name=name)
            return _BAD
        return ParamSpec(low=low, high=high, step=step)


@cache
def _as_set(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(names)


def _where(where: str) -> Text:
    return {lang: t(f"decks.where.{where}", lang) for lang in LANGUAGES}


def _field_node(node: Node, name: str) -> Node | None:
    if not isinstance(node, MappingNode):
        return None
    for key_node, value_node in node.value:
        if isinstance(key_node, ScalarNode) and key_node.value == name:
            return value_node
    return None


def _shape(value: Any) -> tuple[int, ...]:
    """The shape of a numeric card's value: () for a number, (n,) or (rows, columns)."""
    if not isinstance(value, list):
        return ()
    if value and isinstance(value[0], list):
        return (len(value), len(value[0]))
    return (len(value),)


def _number(node: Node) -> int | float | None:
    """A number from a scalar resolved as int or float (booleans and quoted text are not)."""
    if not isinstance(node, ScalarNode) or node.tag not in (INT_TAG, FLOAT_TAG):
        return None
    try:
        return scalar_value(node)
    except ValueError:
        return None


def _describe(node: Node) -> Text:
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


def _column_in(node: Node, offset: int) -> tuple[int, int]:
    """The file position of character ``offset`` of a one-line scalar (its start otherwise)."""
    line, column = position(node)
    style = getattr(node, "style", None)
    value = getattr(node, "value", "")
    if "\n" in value or style not in (None, "'", '"') or not 0 <= offset <= len(value):
        return line, column
    return line, column + offset + (1 if style else 0)


def _placeholders(text: str) -> list[str]:
    """The ``{name}`` placeholders of a text, outside its math."""
    return PLACEHOLDER.findall(MATH.sub("", text))


def _formula_variables(engine_key: Any) -> tuple[str, ...]:
    """The variable names a formula's ``check`` may use: those of the engine's formula."""
    if not isinstance(engine_key, str):
        return ()
    return _engine_symbols(engine_key)


@cache
def _public_functions(module_name: str) -> tuple[str, ...] | None:
    """The public functions of ``engine.<module_name>``, or None when it is unavailable."""
    module = enginecheck._module(f"engine.{module_name}")
    if module is None:
        return None
    return tuple(
        sorted(
            name
            for name, value in vars(module).items()
            if not name.startswith("_")
            and inspect.isfunction(value)
            and value.__module__ == module.__name__
        )
    )


def _engine_function(engine: str) -> Any:
    """The engine function ``module.function`` names, or None when there is none."""
    match = ENGINE_FUNCTION.match(engine)
    if match is None:
        return None
    module_name, name = match.groups()
    if name not in (_public_functions(module_name) or ()):
        return None
    module = enginecheck._module(f"engine.{module_name}")
    return getattr(module, name, None)


@cache
def _engine_symbols(engine_key: str) -> tuple[str, ...]:
    formulas = enginecheck._module("engine.formulas")
    if formulas is None:
        return ()
    try:
        return tuple(sorted(str(symbol) for symbol in formulas.symbolic(engine_key).free_symbols))
    except Exception:  # an unknown key is reported elsewhere
        return ()


def _corners(params: dict[str, ParamSpec]) -> list[dict[str, float]]:
    """The parameter combinations a template is checked at: every low/high corner."""
    extremes: dict[str, tuple[Any, Any]] = {
        name: (
            (min(spec.choices), max(spec.choices)) if spec.choices else (spec.low, _grid_top(spec))
        )
        for name, spec in params.items()
    }
    names = list(extremes)
    if len(names) > MAX_CORNER_PARAMS:
        return [
            {name: float(extremes[name][0]) for name in names},
            {name: float(extremes[name][1]) for name in names},
        ]
    return [
        {name: float(value) for name, value in zip(names, combo, strict=True)}
        for combo in itertools.product(*(extremes[name] for name in names))
    ]


def _grid_top(spec: ParamSpec) -> float:
    """The largest value on a range's grid (``high`` itself when the step divides it)."""
    assert spec.low is not None and spec.high is not None and spec.step is not None
    count = math.floor((spec.high - spec.low) / spec.step + 1e-9)
    return round(spec.low + count * spec.step, 12)
