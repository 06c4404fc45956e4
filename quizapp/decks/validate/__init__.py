"""Validating deck files: YAML nodes with positions in, Deck and Card dataclasses out.

- :mod:`~quizapp.decks.validate.nodes`: typed values read from YAML nodes, each problem
  placed at its node (file:line:column).
- :mod:`~quizapp.decks.validate.deck`: the file, its ``deck:`` section and its cards.
- :mod:`~quizapp.decks.validate.kinds`: the rules of each card kind.
- :mod:`~quizapp.decks.validate.formula`: a card's formula and its worked example.
- :mod:`~quizapp.decks.validate.enginecheck`: the checks that need the engine.

Imports PyYAML: :mod:`quizapp.decks.files` imports this package only when a deck file
is not in the cache.
"""

from __future__ import annotations

from quizapp.decks.validate.deck import load_deck_text, read_deck_data

__all__ = ["load_deck_text", "read_deck_data"]
