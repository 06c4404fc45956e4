"""Deck loading and validation: YAML files in, Deck and Card dataclasses out.

No textual here: the UI calls these functions and renders what they return.

- :func:`load_decks` / :func:`load_deck_file`: read decks, skipping (and reporting)
  whatever is broken, so one bad card or deck never stops the others.
- :func:`instantiate`: the concrete Problem a gradeable card asks for, from a seed.
- :func:`render`: LaTeX in card text as readable Unicode.
- :func:`deck_schema`: the JSON Schema of the deck format (``quizapp schema``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from quizapp.decks.files import (
        MAX_DECK_BYTES,
        bundled_deck_paths,
        deck_files,
        load_deck_file,
        load_decks,
    )
    from quizapp.decks.instances import instantiate
    from quizapp.decks.model import (
        Card,
        CardKey,
        Deck,
        DeckProblem,
        Formula,
        LoadResult,
        Option,
        ParamSpec,
        SourceRef,
    )
    from quizapp.decks.rendering import render
    from quizapp.decks.schema import deck_schema, deck_schema_text
    from quizapp.decks.validate import load_deck_text, read_deck_data

#: Where each public name lives. They are imported on first use (PEP 562), so that the
#: app's start-up, which reads decks from the cache, need not import YAML or LaTeX code:
#: ``files`` is the light front door, ``validate`` the YAML parser and validator behind it.
_EXPORTS = {
    "bundled_deck_paths": "files",
    "deck_files": "files",
    "load_deck_file": "files",
    "load_deck_text": "validate",
    "load_decks": "files",
    "read_deck_data": "validate",
    "Card": "model",
    "CardKey": "model",
    "Deck": "model",
    "DeckProblem": "model",
    "Formula": "model",
    "LoadResult": "model",
    "Option": "model",
    "ParamSpec": "model",
    "SourceRef": "model",
    "render": "rendering",
    "instantiate": "instances",
    "deck_schema": "schema",
    "deck_schema_text": "schema",
    "MAX_DECK_BYTES": "files",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


__all__ = [
    "MAX_DECK_BYTES",
    "Card",
    "CardKey",
    "Deck",
    "DeckProblem",
    "Formula",
    "LoadResult",
    "Option",
    "ParamSpec",
    "SourceRef",
    "bundled_deck_paths",
    "deck_files",
    "deck_schema",
    "deck_schema_text",
    "instantiate",
    "load_deck_file",
    "load_deck_text",
    "load_decks",
    "read_deck_data",
    "render",
]
