"""The subcommands, one module each; every one works on the same :class:`Library`.

Each module has ``register(subparsers)``, which adds its parser and sets ``handler`` to a
function ``(args) -> int``. Before a handler runs, :func:`attach_library` gives ``args``
the learner's library (``args.library``: settings now, decks and database when first
used) and settles ``args.lang``: ``--lang`` if given, else the saved language (the option
itself stays in ``args.lang_option``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from quizapp.library import Library


def attach_library(args: argparse.Namespace) -> Library:
    """Open the library for a command (lazily) and settle the command's language.

    Args:
        args: the parsed arguments (``data_dir``, ``deck``, ``lang``).

    Returns:
        The library, also set as ``args.library``.
    """
    library = Library.open(
        data_dir=getattr(args, "data_dir", None),
        deck_paths=[Path(path) for path in getattr(args, "deck", None) or []],
        lazy=True,
    )
    args.library = library
    args.lang_option = getattr(args, "lang", None)
    args.lang = library.language(args.lang_option)
    return library
