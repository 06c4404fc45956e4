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

from quizapp.decks.load import (
    bundled_deck_paths,
    deck_files,
    load_deck_file,
    load_deck_text,
    load_decks,
    read_deck_data,
)
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
from quizapp.decks.render import render
from quizapp.decks.schema import deck_schema, deck_schema_text
from quizapp.decks.yamlread import MAX_DECK_BYTES

if TYPE_CHECKING:
    from engine.problem import Problem

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


def instantiate(card: Card, seed: int) -> Problem:
    """Return the Problem a gradeable card asks for this review.

    See :func:`quizapp.decks.instantiate.instantiate`; imported on first use so that
    loading decks does not import the engine.

    Args:
        card: a numeric, expression, generated, template or choice card.
        seed: any non-negative integer; the same seed gives the same Problem.

    Returns:
        The Problem.
    """
    from quizapp.decks.instantiate import instantiate as _instantiate

    return _instantiate(card, seed)
