"""Start the study app from parsed command-line arguments."""

from __future__ import annotations

import argparse
from pathlib import Path


def run_app(args: argparse.Namespace) -> int:
    """Run the app until it quits, then keep the home screen's view for the next start.

    Args:
        args: the parsed global arguments (``data_dir``, ``deck``, ``lang``, ``study``).

    Returns:
        The exit code (0 after a normal quit).

    Raises:
        QuizappError: the database cannot be opened; the CLI prints it and exits non-zero.
    """
    from quizapp.startup.boot import first_view

    deck_paths = [Path(deck) for deck in args.deck]
    view = first_view(args.data_dir, deck_paths)  # may count on another core meanwhile
    from quizapp.ui.app import make_app

    app = make_app(
        data_dir=args.data_dir,
        decks=deck_paths,
        lang=args.lang,
        preview=view.get(),
        study=getattr(args, "study", None),
    )
    try:
        result = app.run()
    finally:
        app.loader.close(remember_home=app.return_code in (0, None))
    if app.return_code:
        return int(app.return_code)
    return int(result or 0)
