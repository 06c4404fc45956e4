"""``quizapp validate PATH...`` and ``quizapp schema``: checking decks from the command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from quizapp.decks import LoadResult, deck_files, deck_schema_text, load_decks
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

    The checks are the app's own: the same loader with the same engine checks, so a
    card reported here is exactly a card the app skips.

    With no PATH: the bundled decks, the learner's deck folder and any ``--deck``.
    With PATHs: exactly those files and folders (plus any ``--deck``), checked beside
    the bundled decks as the app loads them, so that a deck taking a bundled deck's id
    is reported; only the problems and decks of the given files are printed.
    """
    given = [Path(path) for path in getattr(args, "paths", []) or []]
    extra = [Path(path) for path in getattr(args, "deck", []) or []]
    if given:
        result = only_files(load_decks([*given, *extra]), [*given, *extra])
    else:
        result = load_decks([*_user_deck_folder(args), *extra])
    print(format_report(result, getattr(args, "lang", None) or "both"))
    return 1 if result.errors else 0


def run_schema(args: argparse.Namespace) -> int:
    """Print the deck JSON Schema (``quizapp schema > deck.schema.json``)."""
    sys.stdout.write(deck_schema_text())
    return 0


def only_files(result: LoadResult, paths: Sequence[Path]) -> LoadResult:
    """The decks and problems of the deck files ``paths`` stand for (folders searched).

    Args:
        result: a load of those paths and others (the bundled decks).
        paths: deck files and folders; a missing one keeps its "missing" problem.

    Returns:
        The part of ``result`` that concerns ``paths``.
    """
    named = {path.resolve() for path in paths}
    named |= {file.resolve() for path in paths if path.exists() for file in deck_files(path)}
    return LoadResult(
        decks=tuple(deck for deck in result.decks if Path(deck.source).resolve() in named),
        problems=tuple(p for p in result.problems if Path(p.source.path).resolve() in named),
    )


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


def _user_deck_folder(args: argparse.Namespace) -> list[Path]:
    """The learner's deck folder, when it exists (a fresh install has none)."""
    try:
        from quizapp.paths import data_dir, user_decks_dir
    except ImportError:
        return []
    folder = user_decks_dir(data_dir(getattr(args, "data_dir", None)))
    return [folder] if folder.is_dir() else []
