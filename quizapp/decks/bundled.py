"""Where the bundled decks are (imports nothing of the loader: start-up checks their files)."""

from __future__ import annotations

import os
from pathlib import Path

#: File endings of deck files.
DECK_SUFFIXES = (".yaml", ".yml")


def bundled_deck_paths() -> list[Path]:
    """Return the bundled deck files (``quizapp.content``), sorted by name.

    Reads the package's folder (``__path__``), which an installed wheel and an editable
    install both give; ``importlib.resources`` would do the same for zip imports too, but
    costs a few milliseconds of imports on every start, and quizapp is never run zipped.
    """
    import quizapp.content as content

    found: list[Path] = []
    for folder in content.__path__:
        with os.scandir(folder) as entries:
            found += [
                Path(entry.path)
                for entry in entries
                if entry.is_file() and entry.name.endswith(DECK_SUFFIXES)
            ]
    return sorted(found, key=lambda path: path.name)
