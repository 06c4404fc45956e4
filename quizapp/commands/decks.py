"""``quizapp validate PATH...`` and ``quizapp schema``: checking decks from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from quizapp.decks import LoadResult, deck_schema_text
from quizapp.i18n import Lang, t


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``validate`` and ``schema`` subcommands."""
    validate = subparsers.add_parser(
        "validate",
        help=t("decks.validate.help", "both"),
        description=t("decks.validate.help", "both"),
    )
    validate.add_argument(
        "paths", nargs="*", metavar="PATH", help=t("decks.validate.paths_help", "both")
    )
    validate.set_defaults(handler=run_validate)
    schema = subparsers.add_parser(
        "schema", help=t("decks.schema.help", "both"), description=t("decks.schema.help", "both")
    )
    schema.set_defaults(handler=run_schema)


def run_validate(args: argparse.Namespace) -> int:
    """Validate decks and print every problem; 1 when there is any error, else 0.

    The checks are the app's own (see :meth:`quizapp.library.Library.check_decks`), so
    a card reported here is exactly a card the app skips.

    With no PATH: the bundled decks, the learner's deck folder and any ``--deck``.
    With PATHs: those files and folders (plus any ``--deck``), checked beside the
    bundled decks as the app loads them; only the given files are reported on.
    """
    given = [Path(path) for path in getattr(args, "paths", []) or []]
    result = args.library.check_decks(given)
    print(format_report(result, args.lang))
    return 1 if result.errors else 0


def run_schema(args: argparse.Namespace) -> int:
    """Print the deck JSON Schema (``quizapp schema > deck.schema.json``)."""
    sys.stdout.write(deck_schema_text())
    return 0


def format_report(result: LoadResult, lang: Lang) -> str:
    """Every problem as ``file:line:col: message`` lines, then the summary line.

    Args:
        result: what loading gave.
        lang: ``"en"``, ``"zh"`` or ``"both"`` (each problem in English, then in Chinese).
    """
    langs: tuple[Lang, ...] = ("en", "zh") if lang == "both" else (lang,)
    lines: list[str] = []
    for problem in result.problems:
        for chosen in langs:
            marker = t("decks.validate.warning", chosen) if problem.severity == "warning" else ""
            text = problem.format(chosen)
            location, _, message = text.partition(": ")
            lines.append(f"{location}: {marker}{message}")
    values = {
        "decks": len(result.decks),
        "cards": result.card_count,
        "errors": len(result.errors),
        "warnings": len(result.warnings),
    }
    lines.append(t("decks.validate.summary", lang, **values))
    return "\n".join(lines)
