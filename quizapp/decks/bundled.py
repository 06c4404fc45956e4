"""Where the bundled decks are (imports nothing of the loader: start-up checks their files)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

#: File endings of deck files.
DECK_SUFFIXES = (".yaml", ".yml")


def bundled_deck_paths() -> list[Path]:
    """Return the bundled deck files (``quizapp.content``), sorted by name.

    Works from an installed wheel and from an editable install alike.
    """
    root = resources.files("quizapp.content")
    found = [
        Path(str(entry))
        for entry in root.iterdir()
        if entry.is_file() and entry.name.endswith(DECK_SUFFIXES)
    ]
    return sorted(found, key=lambda path: path.name)
