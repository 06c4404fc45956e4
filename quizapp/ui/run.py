"""Start the study app from parsed command-line arguments."""

from __future__ import annotations

import argparse


def run_app(args: argparse.Namespace) -> int:
    """Open the learner's library and run the app until it quits.

    Args:
        args: the parsed global arguments (``data_dir``, ``deck``, ``lang``).

    Returns:
        The exit code (0 after a normal quit).

    Raises:
        QuizappError: the database cannot be opened; the CLI prints it and exits non-zero
            before any screen is drawn.
    """
    from quizapp.ui.app import make_app

    app = make_app(data_dir=args.data_dir, decks=args.deck, lang=args.lang)
    try:
        result = app.run()
    finally:
        app.library.close()
    return int(result or 0)
