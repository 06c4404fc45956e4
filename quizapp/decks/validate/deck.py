"""Reading a deck file: YAML nodes in, a Deck of Cards out, every problem reported.

The reader validates while it converts, so each message can name the file, line and
column of the offending node and the card it belongs to. One bad card never stops
the rest of its deck, and one bad deck never stops the other decks: bad cards and
decks are skipped and the problems returned beside the decks that loaded.

The format is documented in ``docs/deck-format.md``; its JSON Schema is
``deck.schema.json`` in :mod:`quizapp.decks`. Finding deck files, reading their text
and the deck cache are in :mod:`quizapp.decks.files`, which imports this package (and
with it PyYAML) only when a file is not in the cache.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from quizapp.decks.model import CARD_KINDS, Card, Deck, LoadResult, SourceRef
from quizapp.decks.source import YamlReadError, collector_paused, read_text, unreadable
from quizapp.decks.validate.formula import read_formula
from quizapp.decks.validate.kinds import (
    ALL_CARD_FIELDS,
    CARD_FIELDS_BY_KIND,
    KIND_RULES,
    REQUIRED_CARD_FIELDS,
)
from quizapp.decks.validate.nodes import (
    BAD,
    TAG,
    NodeReader,
    describe,
    field_node,
    show_list,
    suggest,
)
from quizapp.decks.yamlread import NULL_TAG, compose, position, to_plain

DECK_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
CARD_ID = TAG  # card ids are written like tags
DECK_FIELDS = ("id", "title", "description", "tags", "new_per_day", "reviews_per_day")


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
    reader = DeckReader(name, bundled=bundled, check_engine=check_engine, may_have_tags=tags)
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


class DeckReader(NodeReader):
    """Converts one composed deck file: its ``deck:`` section, then card by card."""

    def read(self, root: Node | None) -> Deck | None:
        """The deck of a composed file (None when the file or its ``deck:`` is broken)."""
        if root is None:
            self.report((1, 1), "decks.file.empty")
            return None
        cards_node = field_node(root, "cards")
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
            id_source=SourceRef(self.path, *position(meta["id_node"])),
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
        if self.failed or any(value is BAD for value in meta.values()):
            return None
        meta["id_node"] = fields["id"]  # where a clash with another deck's id is reported
        return meta

    def cards(self, node: Node, deck_id: str, meta: dict[str, Any] | None) -> list[Card]:
        if not self.tag_ok(node):
            return []
        if isinstance(node, ScalarNode) and node.tag == NULL_TAG:
            self.warn(node, "decks.cards.empty")
            return []
        if not isinstance(node, SequenceNode):
            self.scope = "deck"
            self.report(node, "decks.cards.not_list", got=describe(node))
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
                    field_node(item, "id") or item,
                    "decks.card.duplicate_id",
                    id=card.id,
                    line=first_line[card.id],
                )
                continue
            first_line[card.id] = position(item)[0]
            cards.append(card)
        self.card_id, self.scope = None, "deck"
        return cards

    def card(self, node: Node, deck_id: str, deck_tags: tuple[str, ...]) -> Card | None:
        id_node = field_node(node, "id")
        if isinstance(id_node, ScalarNode) and id_node.value:
            self.card_id = id_node.value
        if self.report_bad_tags(node, set()) or not self.tag_ok(node):
            return None
        if not isinstance(node, MappingNode):
            self.report(node, "decks.card.not_mapping", got=describe(node))
            return None
        kind_node = field_node(node, "kind")
        kind: str | None = None
        if kind_node is not None:
            kind = self.string(kind_node, "kind")
            if kind is not BAD and kind not in CARD_KINDS:
                self.report(
                    kind_node,
                    "decks.card.bad_kind",
                    kinds=show_list(CARD_KINDS),
                    got=kind,
                    suggestion=suggest(str(kind), CARD_KINDS),
                )
                kind = None
            elif kind is BAD:
                kind = None
        fields = self.fields(
            node,
            CARD_FIELDS_BY_KIND[kind],
            required=REQUIRED_CARD_FIELDS[kind],
            where="card",
            kind=kind,
            misplaced=ALL_CARD_FIELDS if kind else (),
        )
        if fields is None:
            return None
        card_id = (
            self.identifier(fields["id"], "id", CARD_ID, "decks.card.bad_id")
            if ("id" in fields)
            else BAD
        )
        if card_id is not BAD:
            self.card_id = card_id
        values: dict[str, Any] = {}
        for name in ("prompt", "answer", "explanation", "hint"):
            if name in fields:
                values[name] = self.text(fields[name], name)
        tags: Any = self.tags(fields["tags"]) if "tags" in fields else ()
        if "formula" in fields:
            values["formula"] = read_formula(self, fields["formula"])
        if "target_seconds" in fields:
            values["target_seconds"] = self.number(
                fields["target_seconds"], "target_seconds", positive=True
            )
        KIND_RULES[kind](self, fields, values)  # type: ignore[index]
        if self.failed or card_id is BAD or tags is BAD or kind is None:
            return None
        if any(value is BAD for value in values.values()):
            return None
        return Card(
            deck_id=deck_id,
            id=card_id,
            kind=kind,  # type: ignore[arg-type]
            tags=tuple(dict.fromkeys(tags + deck_tags)),
            source=SourceRef(self.path, *position(node)),
            **values,
        )
