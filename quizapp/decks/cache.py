"""A cache of loaded deck files, so the app starts fast with large decks.

A cold load of 10,000 cards takes well under a second (see ``docs/performance.md``),
most of it in libyaml; a deck file that has not changed loads from a JSON copy of its
cards and problems instead, several times faster again. The key is a SHA-256 of the
file's text, where it was read from, the loading options and the quizapp version, so
an edited file, a moved file or an upgrade is parsed afresh. The cache is plain JSON
data, never code; a corrupt or foreign entry is ignored and rewritten.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import Any

from quizapp.decks.model import (
    Card,
    Deck,
    DeckProblem,
    Formula,
    LoadResult,
    Option,
    ParamSpec,
    SourceRef,
)

#: Bump when the cached form or the loader's rules change.
#: 2: Formula.example, 3: Deck.id_source, 4: Card.domain, 5: Card.task, 6: Card.start,
#: Card.ratio and precise tolerances.
CACHE_FORMAT = 6


def cache_key(text: str, path: str, *, bundled: bool, check_engine: bool) -> str:
    """The cache entry name of one deck file's load."""
    from quizapp import __version__

    header = f"{CACHE_FORMAT}|{__version__}|{bundled}|{check_engine}|{path}\n"
    return hashlib.sha256(header.encode("utf-8") + text.encode("utf-8")).hexdigest()


def read_cached(cache_dir: Path, key: str) -> LoadResult | None:
    """Return the cached LoadResult for ``key``, or None (missing, corrupt or foreign)."""
    try:
        data = json.loads((cache_dir / f"{key}.json").read_text(encoding="utf-8"))
        return LoadResult(
            decks=tuple(_deck(deck) for deck in data["decks"]),
            problems=tuple(_problem(problem) for problem in data["problems"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_cached(cache_dir: Path, key: str, result: LoadResult) -> None:
    """Store ``result`` under ``key``; a cache that cannot be written is silently skipped."""
    import tempfile  # only a cache miss writes; a start-up that hits every entry skips it

    data = {
        "decks": [asdict(deck) for deck in result.decks],
        "problems": [asdict(problem) for problem in result.problems],
    }
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(data, stream, ensure_ascii=False)
        os.replace(temporary, cache_dir / f"{key}.json")  # readers never see half a file
    except OSError:
        return


def _source(data: dict[str, Any] | None) -> SourceRef | None:
    return None if data is None else SourceRef(data["path"], data["line"], data["column"])


def _deck(data: dict[str, Any]) -> Deck:
    return Deck(
        id=data["id"],
        title=data["title"],
        description=data["description"],
        tags=tuple(data["tags"]),
        cards=tuple(_card(card) for card in data["cards"]),
        source=data["source"],
        id_source=_source(data["id_source"]),
        bundled=data["bundled"],
        new_per_day=data["new_per_day"],
        reviews_per_day=data["reviews_per_day"],
    )


def _card(data: dict[str, Any]) -> Card:
    params = data["params"]
    if data["kind"] == "template":
        params = {
            name: ParamSpec(spec["low"], spec["high"], spec["step"], tuple(spec["choices"]))
            for name, spec in params.items()
        }
    formula = data["formula"]
    return Card(
        deck_id=data["deck_id"],
        id=data["id"],
        kind=data["kind"],
        prompt=data["prompt"],
        answer=data["answer"],
        explanation=data["explanation"],
        hint=data["hint"],
        tags=tuple(data["tags"]),
        formula=None if formula is None else Formula(**formula),
        options=tuple(Option(option["text"], option["correct"]) for option in data["options"]),
        value=data["value"],
        tolerance=data["tolerance"],
        variables=tuple(data["variables"]),
        domain=tuple(data["domain"]),
        family=data["family"],
        params=params,
        target_seconds=data["target_seconds"],
        source=_source(data["source"]),
        sign_invariant=data["sign_invariant"],
        task=data["task"],
        start=data["start"],
        ratio=data["ratio"],
    )


def _problem(data: dict[str, Any]) -> DeckProblem:
    source = _source(data["source"])
    assert source is not None
    return DeckProblem(
        source=source,
        card_id=data["card_id"],
        message=data["message"],
        severity=data["severity"],
        skipped=data["skipped"],
        key=data["key"],
    )
