"""The numbers behind the stats screen's charts (and ``quizapp stats --json``).

Like the rest of the statistics, SQL counts on indexes (schema version 5); Python only
loops over weeks, decks and cards, never over the review log.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta, tzinfo
from typing import Any

from quizapp.config import Settings
from quizapp.decks.model import Deck
from quizapp.store import Store
from quizapp.store.database import (
    MATURE_DAYS,
    answer_time_by_card,
    answer_time_by_deck,
    cards_by_deck,
    retention_between,
)
from quizapp.study.days import day_start, study_day, utc

#: Weeks of true retention the chart shows.
RETENTION_WEEKS = 26


def _share(passed: int, total: int) -> float | None:
    return passed / total if total else None


def weekly_retention(
    store: Store, now: datetime, settings: Settings, tz: tzinfo | None = None
) -> list[dict[str, Any]]:
    """True retention per week (the last :data:`RETENTION_WEEKS`, oldest first)."""
    today = study_day(utc(now), settings.day_start_hour, tz)
    first = today - timedelta(days=7 * RETENTION_WEEKS - 1)
    starts = [first + timedelta(days=7 * week) for week in range(RETENTION_WEEKS + 1)]
    bounds = [day_start(day, settings.day_start_hour, tz) for day in starts]
    weeks = []
    for start, (young, young_passed, mature, mature_passed) in zip(
        starts, retention_between(store, bounds), strict=False
    ):
        weeks.append(
            {
                "week_start": start.isoformat(),
                "young": young,
                "young_retention": _share(young_passed, young),
                "mature": mature,
                "mature_retention": _share(mature_passed, mature),
            }
        )
    return weeks


def card_states(
    store: Store, decks: Sequence[Deck] | None, deck_rows: Sequence[tuple] | None = None
) -> list[dict[str, Any]]:
    """Per deck: new, learning, review and suspended cards.

    ``deck_rows``: :func:`~quizapp.store.database.cards_by_deck` when already read.
    """
    rows = {row[0]: row for row in (deck_rows if deck_rows is not None else cards_by_deck(store))}
    ids = [deck.id for deck in decks] if decks is not None else sorted(rows)
    sizes = {deck.id: len(deck.cards) for deck in decks or ()}
    entries = []
    for deck_id in ids:
        _, _, started, suspended, _, learning, review = rows.get(
            deck_id, (deck_id, 0, 0, 0, 0, 0, 0)
        )
        size = sizes.get(deck_id)
        entries.append(
            {
                "id": deck_id,
                "new": None if size is None else max(0, size - int(started or 0)),
                "learning": int(learning or 0),
                "review": int(review or 0),
                "suspended": int(suspended or 0),
            }
        )
    return entries


def answer_times(store: Store, decks: Sequence[Deck] | None) -> list[dict[str, Any]]:
    """Mean answer time per card kind, over the loaded decks.

    A deck whose cards are all of one kind is read as one row (its total); only decks
    that mix kinds are read card by card, so the cost follows the mixed decks' cards
    rather than every card ever answered.
    """
    totals: dict[str, tuple[int, int]] = {}

    def add(kind: str, answers: int, total_ms: int) -> None:
        before = totals.get(kind, (0, 0))
        totals[kind] = (before[0] + int(answers), before[1] + int(total_ms or 0))

    by_deck = {deck_id: (answers, total) for deck_id, answers, total in answer_time_by_deck(store)}
    mixed: dict[str, dict[str, str]] = {}
    for deck in decks or ():
        kinds = {card.kind for card in deck.cards}
        if len(kinds) == 1 and deck.id in by_deck:
            add(next(iter(kinds)), *by_deck[deck.id])
        elif len(kinds) > 1:
            mixed[deck.id] = {card.id: card.kind for card in deck.cards}
    for deck_id, card_id, answers, total_ms in answer_time_by_card(store, list(mixed)):
        kind = mixed[deck_id].get(card_id)
        if kind is not None:
            add(kind, answers, total_ms)
    return [
        {"kind": kind, "answers": answers, "mean_seconds": total / answers / 1000}
        for kind, (answers, total) in sorted(totals.items())
        if answers
    ]


def chart_data(
    store: Store,
    decks: Sequence[Deck] | None,
    now: datetime,
    settings: Settings,
    tz: tzinfo | None = None,
    *,
    deck_rows: Sequence[tuple] | None = None,
) -> dict[str, Any]:
    """The chart keys of the statistics (documented in docs/stats.md)."""
    return {
        "retention_weekly": weekly_retention(store, now, settings, tz),
        "mature_days": MATURE_DAYS,
        "card_states": card_states(store, decks, deck_rows),
        "answer_time": answer_times(store, decks),
    }
