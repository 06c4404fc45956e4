"""``quizapp stats [--json]``: study statistics, as text or as JSON (docs/stats.md)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from quizapp.families import family_title
from quizapp.i18n import Lang, pick, t

#: How many recent days the text summary shows (the JSON has all 365).
SUMMARY_DAYS = 7


def register(subparsers: Any) -> None:
    """Add the ``stats`` subcommand."""
    parser = subparsers.add_parser(
        "stats", help=t("statscli.help", "both"), description=t("statscli.help", "both")
    )
    parser.add_argument("--json", action="store_true", help=t("statscli.json_help", "both"))
    parser.set_defaults(handler=run)


def _percent(value: float | None, lang: Lang) -> str:
    return t("statscli.no_data", lang) if value is None else f"{value:.0%}"


def _graded(deck: dict[str, Any], lang: Lang) -> str:
    """A deck's graded answers: "3 of 4 (75%)", or "none yet"."""
    if not deck["graded"]:
        return t("statscli.no_data", lang)
    of = t("statscli.of", lang, correct=deck["correct"], attempts=deck["graded"])
    return f"{of} ({_percent(deck['accuracy'], lang)})"


def render(data: dict[str, Any], lang: Lang) -> str:
    """Return the statistics ``data`` (from :func:`quizapp.study.report`) as text.

    Args:
        data: the statistics.
        lang: ``en`` or ``zh``; ``both`` gives the English text, then the Chinese.
    """
    if lang == "both":
        return render(data, "en") + "\n\n" + render(data, "zh")
    lines = [
        t(
            "statscli.summary",
            lang,
            today=data["reviews_today"],
            total=data["reviews_total"],
            due=data["today"]["due"] if data["today"] else data["due_today"],
            streak=data["streak"],
        ),
        t("statscli.retention", lang, retention=_percent(data["retention_30d"], lang)),
        t(
            "statscli.last_days",
            lang,
            counts=" ".join(str(day["count"]) for day in data["reviews_per_day"][-SUMMARY_DAYS:]),
        ),
        t(
            "statscli.forecast",
            lang,
            counts=" ".join(str(day["count"]) for day in data["due_forecast"][:SUMMARY_DAYS]),
        ),
    ]
    if data["today"]:
        lines.insert(1, t("statscli.today", lang, **data["today"]))
    if data["decks"]:
        lines.append(t("statscli.decks", lang))
        for deck in data["decks"]:
            lines.append(
                t(
                    "statscli.deck_line",
                    lang,
                    deck=pick(deck["title"], lang) if deck["title"] else deck["id"],
                    new=deck["new"] if deck["new"] is not None else "-",
                    learning=deck["learning"] if deck["learning"] is not None else "-",
                    due=deck["due"] if deck["due"] is not None else deck["due_today"],
                    retention=_percent(deck["retention_30d"], lang),
                    accuracy=_graded(deck, lang),
                )
            )
    if data["families"]:
        lines.append(t("statscli.families", lang))
        for family in data["families"]:
            lines.append(
                t(
                    "statscli.family_line",
                    lang,
                    family=family_title(family["family"], lang),
                    correct=family["correct"],
                    attempts=family["attempts"],
                    accuracy=_percent(family["accuracy"], lang),
                )
            )
    if data["mistakes"]:
        lines.append(t("statscli.mistakes", lang))
        for mistake in data["mistakes"]:
            lines.append(
                t(
                    "statscli.mistake_line",
                    lang,
                    mistake=pick(mistake["feedback"], lang)
                    if mistake["feedback"]
                    else mistake["mistake"],
                    count=mistake["count"],
                    attempts=mistake["attempts"],
                    family=family_title(mistake["family"], lang),
                )
            )
    if data["orphans"]:
        lines.append(
            t(
                "statscli.orphans",
                lang,
                count=len(data["orphans"]),
                cards=", ".join(data["orphans"]),
            )
        )
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Print the statistics; returns the exit code."""
    library = args.library
    lang: Lang = args.lang
    for warning in library.settings_warnings:
        shown = [warning["en"], warning["zh"]] if lang == "both" else [warning[lang]]
        print("\n".join(shown), file=sys.stderr)
    data = library.stats()
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(render(data, lang))
    return 0
