"""``quizapp export anki`` and ``quizapp import anki``: decks to and from Anki."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from quizapp import paths
from quizapp.errors import QuizappError
from quizapp.i18n import Lang, t

#: In the cache folder: each exported note's content hash and modification time, so
#: that a re-export marks only the notes that changed as newer (Anki then updates those).
STAMPS_FILE = "anki-export.json"


def register(subparsers: Any) -> None:
    """Add the ``export`` and ``import`` subcommands."""
    export = subparsers.add_parser(
        "export",
        help=t("exchange.export.help", "both"),
        description=t("exchange.export.help", "both"),
    )
    export.add_argument("format", choices=["anki"], help=t("exchange.format_help", "both"))
    export.add_argument(
        "--deck",
        dest="deck_ids",
        metavar="ID",
        action="append",
        default=[],
        help=t("exchange.export.deck_help", "both"),
    )
    export.add_argument(
        "--seeds", type=int, default=5, metavar="N", help=t("exchange.export.seeds_help", "both")
    )
    export.add_argument(
        "--show",
        choices=["both", "en", "zh"],
        default="both",
        help=t("exchange.export.show_help", "both"),
    )
    export.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        help=t("exchange.export.output_help", "both"),
    )
    export.set_defaults(handler=run_export)
    importer = subparsers.add_parser(
        "import",
        help=t("exchange.import.help", "both"),
        description=t("exchange.import.help", "both"),
    )
    importer.add_argument("format", choices=["anki"], help=t("exchange.format_help", "both"))
    importer.add_argument("file", metavar="FILE", help=t("exchange.import.file_help", "both"))
    importer.add_argument(
        "--id", dest="deck_id", metavar="ID", help=t("exchange.import.id_help", "both")
    )
    importer.add_argument(
        "--force", action="store_true", help=t("exchange.import.force_help", "both")
    )
    importer.set_defaults(handler=run_import)


def run_export(args: argparse.Namespace) -> int:
    """Write the chosen decks (default: all) to an ``.apkg`` file; 0 when written."""
    from quizapp.exchange.ankiexport import export_apkg

    library = args.library
    lang: Lang = args.lang
    if args.seeds < 1 or args.seeds > 100:
        raise QuizappError.of("exchange.export.bad_seeds", seeds=args.seeds)
    output = Path(args.output)
    if output.suffix.lower() != ".apkg":
        raise QuizappError.of("exchange.export.bad_suffix", path=output)
    decks = list(library.decks)
    if args.deck_ids:
        known = {deck.id: deck for deck in decks}
        unknown = [deck_id for deck_id in args.deck_ids if deck_id not in known]
        if unknown:
            raise QuizappError.of(
                "exchange.export.unknown_deck", ids=", ".join(unknown), known=", ".join(known)
            )
        decks = [known[deck_id] for deck_id in dict.fromkeys(args.deck_ids)]
    title_lang = "zh" if args.show == "zh" else "en"
    stamps_file = paths.cache_dir(library.data_dir) / STAMPS_FILE
    previous = _read_stamps(stamps_file)
    try:
        summary = export_apkg(
            decks,
            output,
            seeds=args.seeds,
            shown=args.show,
            title_lang=title_lang,
            previous=previous,
        )
    except OSError as error:
        raise QuizappError.of("exchange.export.unwritable", path=output, reason=error) from error
    _write_stamps(stamps_file, {**previous, **summary.stamps})
    counts = ", ".join(f"{deck_id} {count}" for deck_id, count in summary.decks.items())
    print(t("exchange.export.done", lang, notes=summary.notes, decks=counts, path=output))
    return 0


def _read_stamps(path: Path) -> dict[str, Any]:
    """The last export's note stamps; a missing or damaged file only costs extra updates."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_stamps(path: Path, stamps: dict[str, Any]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(stamps), encoding="utf-8")
    except OSError:
        pass  # the next export then marks every note as changed; nothing is lost


def run_import(args: argparse.Namespace) -> int:
    """Turn an Anki export into a deck in the learner's deck folder; 0 when it validates."""
    from quizapp.commands.decks import format_report
    from quizapp.exchange.ankiimport import import_file, slug

    lang: Lang = args.lang
    source = Path(args.file)
    deck_id = slug(args.deck_id) if args.deck_id else None
    imported = import_file(source, deck_id)
    folder = paths.user_decks_dir(args.library.data_dir)
    target = folder / f"{imported.deck_id}.yaml"
    if target.exists() and not args.force:
        raise QuizappError.of("exchange.import.exists", path=target)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target.write_text(imported.yaml_text, encoding="utf-8")
    except OSError as error:
        raise QuizappError.of("exchange.import.unwritable", path=target, reason=error) from error
    result = args.library.check_decks([target])  # as validate does: a bundled id clash shows
    print(
        t(
            "exchange.import.done",
            lang,
            cards=imported.cards,
            path=target,
            skipped=len(imported.skipped),
        )
    )
    if result.problems:
        print(format_report(result, lang))
    return 1 if result.errors else 0
