"""Deck loading and validation: YAML files in, Deck and Card dataclasses out.

No textual here: the UI calls these functions and renders what they return.

- :func:`load_decks` / :func:`load_deck_file`: read decks, skipping (and reporting)
  whatever is broken, so one bad card or deck never stops the others.
- :func:`instantiate`: the concrete Problem a gradeable card asks for, from a seed.
- :func:`render`: LaTeX in card text as readable Unicode.
- :func:`deck_schema`: the JSON Schema of the deck format (``quizapp schema``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from quizapp.startup.lazy import lazy_exports

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

#: Where each public name lives. They are imported on first use, so that the app's
#: start-up, which reads decks from the cache, need not import YAML or LaTeX code:
#: ``files`` is the light front door, ``validate`` the YAML parser and validator behind it.
__getattr__, __all__ = lazy_exports(
    __name__,
    {
        ".files": [
            "MAX_DECK_BYTES",
            "bundled_deck_paths",
            "deck_files",
            "load_deck_file",
            "load_decks",
        ],
        ".validate": ["load_deck_text", "read_deck_data"],
        ".model": [
            "Card",
            "CardKey",
            "Deck",
            "DeckProblem",
            "Formula",
            "LoadResult",
            "Option",
            "ParamSpec",
            "SourceRef",
        ],
        ".rendering": ["render"],
        ".instances": ["instantiate"],
        ".schema": ["deck_schema", "deck_schema_text"],
    },
)
