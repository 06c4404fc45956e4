"""Statistics for ``quizapp stats`` and the stats screen; the keys are in docs/stats.md.

SQL does the counting: the study days' exact UTC boundaries (computed here in the
learner's zone, daylight saving included) go to SQLite in one statement, which counts
each day on an index. No Python loop ever runs over the review log.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from quizapp.config import Settings
from quizapp.decks.model import Deck
from quizapp.store import Store
from quizapp.store.database import (
    cards_by_deck,
    deck_accuracy,
    due_between,
    due_by_deck,
    family_accuracy,
    frequent_mistakes,
    logged_deck_ids,
    mistake_feedback,
    retention_by_deck,
    review_count,
    reviews_between,
)
from quizapp.study.charts import chart_data
from quizapp.study.days import day_bounds, day_start, study_day, utc
from quizapp.study.queue import orphans, today_counts

HISTORY_DAYS = 365
RETENTION_DAYS = 30
FORECAST_DAYS = 30
TOP_MISTAKES = 10


def day_starts(first: date, days: int, settings: Settings, tz: tzinfo | None) -> list[datetime]:
    """Return the UTC starts of ``days + 1`` consecutive study days from ``first``."""
    return [
        day_start(first + timedelta(days=index), settings.day_start_hour, tz)
        for index in range(days + 1)
    ]


def daily_reviews(
    store: Store, last_day: date, days: int, settings: Settings, tz: tzinfo | None
) -> list[int]:
    """Return the number of reviews on each of the ``days`` study days ending ``last_day``."""
    first = last_day - timedelta(days=days - 1)
    return reviews_between(store, day_starts(first, days, settings, tz))


def streak(
    store: Store, today: date, per_day: Sequence[int], settings: Settings, tz: tzinfo | None
) -> int:
    """Return the number of consecutive study days with reviews up to today.

    Today counts if studied; if not yet, the streak of yesterday still stands (it breaks
    only when a whole day passes without reviews).

    Args:
        store: the open database (read further back if the whole window was studied).
        today: today's study day.
        per_day: reviews per day, oldest first, the last entry being ``today``.
        settings: the day start.
        tz: the learner's time zone.
    """
    counts = list(per_day)
    last_day = today
    run = 0
    index = len(counts) - 1
    if counts and counts[index] == 0:
        index -= 1  # today not studied yet
    while True:
        while index >= 0 and counts[index] > 0:
            run += 1
            index -= 1
        if index >= 0 or not counts:
            return run
        # The whole window was studied: look further back.
        last_day = last_day - timedelta(days=len(counts))
        counts = daily_reviews(store, last_day, HISTORY_DAYS, settings, tz)
        index = len(counts) - 1


def stats(
    store: Store,
    decks: Sequence[Deck] | None,
    now: datetime,
    settings: Settings,
    tz: tzinfo | None = None,
) -> dict[str, Any]:
    """Compute every statistic (the keys are documented in docs/stats.md).

    Args:
        store: the open database.
        decks: the loaded decks (None: from the database alone, without titles or
            today's limited counts).
        now: the current moment (aware).
        settings: the day start and limits.
        tz: the learner's time zone (None: the machine's).

    Returns:
        JSON-able statistics.
    """
    now = utc(now)
    today = study_day(now, settings.day_start_hour, tz)
    start, end = day_bounds(now, settings.day_start_hour, tz)
    per_day = daily_reviews(store, today, HISTORY_DAYS, settings, tz)
    forecast = due_between(store, day_starts(today, FORECAST_DAYS, settings, tz))
    due_today_by_deck = due_by_deck(store, end)

    since_30d = day_start(today - timedelta(days=RETENTION_DAYS - 1), settings.day_start_hour, tz)
    retention_rows = retention_by_deck(store, since_30d)
    review_state_total = sum(row[2] or 0 for row in retention_rows)
    passed_total = sum(row[3] or 0 for row in retention_rows)
    retention = {row[0]: row for row in retention_rows}
    deck_rows = cards_by_deck(store)
    stored = {row[0]: row[:5] for row in deck_rows}
    graded = {deck_id: (attempts, correct) for deck_id, attempts, correct in deck_accuracy(store)}

    ids = store.card_ids(None, now) if decks is not None else {}
    stored_ids = {deck_id: stored for deck_id, (stored, _) in ids.items()}
    lost = orphans(store, decks, stored_ids=stored_ids) if decks is not None else []
    lost_by_deck: dict[str, int] = {}
    for key in lost:
        lost_by_deck[key.deck_id] = lost_by_deck.get(key.deck_id, 0) + 1
    queued = today_counts(store, decks, now, settings, tz) if decks is not None else None
    titles = {deck.id: deck for deck in decks or ()}
    deck_ids = list(titles) if decks is not None else logged_deck_ids(store)
    deck_ids += sorted({key.deck_id for key in lost} - set(deck_ids))

    deck_entries = []
    for deck_id in deck_ids:
        deck = titles.get(deck_id)
        _, reviews_30d, state_reviews, passed = retention.get(deck_id, (deck_id, 0, 0, 0))
        _, stored_cards, reviewed, suspended, leeches = stored.get(deck_id, (deck_id, 0, 0, 0, 0))
        counts = queued.decks.get(deck_id) if queued is not None else None
        attempts, correct = graded.get(deck_id, (0, 0))
        deck_entries.append(
            {
                "id": deck_id,
                "title": dict(deck.title) if deck else None,
                "cards": len(deck.cards) if deck else None,
                "reviewed_cards": int(reviewed or 0),
                "new": counts.new if counts else None,
                "learning": counts.learning if counts else None,
                "due": counts.due if counts else None,
                "due_today": due_today_by_deck.get(deck_id, 0),
                "suspended": int(suspended or 0),
                "leeches": int(leeches or 0),
                "orphans": lost_by_deck.get(deck_id, 0),
                "stored_cards": int(stored_cards or 0),
                "reviews_30d": int(reviews_30d or 0),
                "retention_30d": (passed / state_reviews) if state_reviews else None,
                "graded": int(attempts),
                "correct": int(correct or 0),
                "accuracy": (correct or 0) / attempts if attempts else None,
            }
        )

    family_rows = family_accuracy(store)
    attempts_by_family = {family: attempts for family, attempts, _ in family_rows}
    families = [
        {
            "family": family,
            "attempts": int(attempts),
            "correct": int(correct or 0),
            "accuracy": (correct or 0) / attempts,
        }
        for family, attempts, correct in family_rows
    ]
    mistakes = [
        {
            "family": family,
            "mistake": mistake,
            "count": int(count),
            "attempts": int(attempts_by_family.get(family, count)),
            "feedback": mistake_feedback(store, family, mistake),
        }
        for family, mistake, count in frequent_mistakes(store, TOP_MISTAKES)
    ]

    return {
        "generated_at": now.isoformat(),
        "study_day": today.isoformat(),
        "reviews_total": review_count(store),
        "reviews_today": review_count(store, start),
        "due_today": forecast[0] if forecast else 0,
        "today": None
        if queued is None
        else {
            "new": queued.total.new,
            "learning": queued.total.learning,
            "due": queued.total.due,
        },
        "retention_30d": (passed_total / review_state_total) if review_state_total else None,
        "streak": streak(store, today, per_day, settings, tz),
        "reviews_per_day": [
            {"date": (today - timedelta(days=HISTORY_DAYS - 1 - index)).isoformat(), "count": n}
            for index, n in enumerate(per_day)
        ],
        "due_forecast": [
            {"date": (today + timedelta(days=index)).isoformat(), "count": n}
            for index, n in enumerate(forecast)
        ],
        "decks": deck_entries,
        "families": families,
        "mistakes": mistakes,
        "orphans": [str(key) for key in lost],
        **chart_data(store, decks, now, settings, tz, deck_rows=deck_rows),
    }
