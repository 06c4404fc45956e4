"""The JSON Schema of deck files, shipped beside this module as ``deck.schema.json``.

Editors with the YAML language server use it for completion and inline errors
(``# yaml-language-server: $schema=deck.schema.json`` at the top of a deck);
``quizapp schema`` prints it. The loader is the authority — it also checks what a
schema cannot (unique ids, expressions that parse, engine families that exist) —
and a test keeps the two in agreement on the bundled decks.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

SCHEMA_FILE = "deck.schema.json"


@cache
def deck_schema_text() -> str:
    """Return the schema as the JSON text shipped with quizapp."""
    return resources.files("quizapp.decks").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


def deck_schema() -> dict[str, Any]:
    """Return the schema as a fresh dict (draft 2020-12)."""
    return json.loads(deck_schema_text())
