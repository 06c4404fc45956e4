"""``quizapp optimize [--json] [--apply | --undo]``: FSRS parameters fitted to your reviews."""

from __future__ import annotations

import argparse
import json
from typing import Any

from quizapp import paths
from quizapp.i18n import Lang, t
from quizapp.study.personal import describe


def register(subparsers: Any) -> None:
    """Add the ``optimize`` subcommand."""
    parser = subparsers.add_parser(
        "optimize", help=t("optimize.help", "both"), description=t("optimize.help", "both")
    )
    parser.add_argument("--json", action="store_true", help=t("optimize.json_help", "both"))
    choice = parser.add_mutually_exclusive_group()
    choice.add_argument("--apply", action="store_true", help=t("optimize.apply_help", "both"))
    choice.add_argument("--undo", action="store_true", help=t("optimize.undo_help", "both"))
    parser.set_defaults(handler=run)


def _lang(args: argparse.Namespace) -> Lang:
    lang = getattr(args, "lang", None)
    return lang if lang in ("en", "zh", "both") else "both"


def run(args: argparse.Namespace, now=None) -> int:
    """Fit, report, and apply or undo when asked; 0 unless the database cannot be opened."""
    from datetime import UTC, datetime

    from quizapp.config import load_settings
    from quizapp.store import open_store
    from quizapp.study import personal

    lang = _lang(args)
    data_dir = paths.data_dir(getattr(args, "data_dir", None))
    settings, _ = load_settings(paths.config_path(getattr(args, "data_dir", None)))
    store = open_store(paths.database_path(data_dir))
    try:
        if args.undo:
            restored = personal.undo(store)
            if args.json:
                print(json.dumps({"undone": True, "in_use": restored}, ensure_ascii=False))
            elif restored:
                print(t("optimize.undone_to", lang, date=restored.get("fitted_at", "")[:10]))
            else:
                print(t("optimize.undone_defaults", lang))
            return 0
        current_record = personal.stored(store)
        current = tuple(current_record["parameters"]) if current_record else None
        report = personal.fit(personal.scheduled_reviews(store, settings.day_start_hour), current)
        applied = None
        if args.apply and report.better:
            applied = personal.apply(store, report, now or datetime.now(UTC))
    finally:
        store.close()
    if args.json:
        data = report.to_dict()
        data["applied"] = applied is not None
        data["in_use"] = applied or current_record
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(describe(report, current_record, applied, lang))
    return 0
