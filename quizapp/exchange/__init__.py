"""Decks in and out of other tools: Anki packages and text exports.

Nothing here imports textual; the commands in :mod:`quizapp.commands.exchange` and
the tests are the only callers. Optional libraries (``genanki`` for writing packages,
``anki`` for reading them) are imported inside the functions that need them.
"""
