"""Benchmark the store on a big database: 100,000 cards and 1,000,000 reviews.

Targets: opening the database and building today's queue <= 100 ms; recording a review
<= 5 ms; computing the statistics <= 500 ms. Run by hand:

    python benchmarks/bench_store.py [--cards 100000] [--reviews 1000000]

The database is built in a temporary folder (about a minute) and removed afterwards.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fsrs import Card as FsrsCard
from fsrs import Rating, State

from quizapp.config import Settings
from quizapp.decks.model import Card, Deck
from quizapp.store import open_store, to_ms
from quizapp.store.records import REVIEW_COLUMNS, STATE_COLUMNS
from quizapp.study import (
    build_queue,
    deck_counts,
    make_scheduler,
    record_review,
    stats,
    undo_last,
)

NOW = datetime(2025, 6, 1, 15, 0, tzinfo=UTC)
DECKS = 100
NEW_PER_DECK = 10  # cards in the deck files never reviewed
FAMILIES = [f"family.{i}" for i in range(40)]
MISTAKES = ["sum_instead_of_mean", "n_instead_of_n_minus_1", "sign_flipped", "forgot_half"]


def build(
    path: Path, cards: int, reviews: int, rng: random.Random, *, write: bool = True
) -> list[Deck]:
    """Fill the database at ``path`` (unless ``write`` is false) and return its decks."""
    deck_cards: dict[str, list[Card]] = {}
    state_rows = []
    keys = []
    for index in range(cards):
        deck_id, card_id = f"deck{index % DECKS:03d}", f"card{index:06d}"
        keys.append((deck_id, card_id))
        deck_cards.setdefault(deck_id, []).append(
            Card(deck_id=deck_id, id=card_id, kind="flashcard", prompt={"en": card_id})
        )
        learning = rng.random() < 0.02
        state = State.Learning if learning else State.Review
        due = NOW + timedelta(days=rng.uniform(-20, 200))
        last = due - timedelta(days=rng.uniform(1, 60))
        stability, difficulty = rng.uniform(0.5, 200), rng.uniform(1, 10)
        fsrs_card = FsrsCard(0, state, 0 if learning else None, stability, difficulty, due, last)
        state_rows.append(
            (
                deck_id,
                card_id,
                fsrs_card.to_json(),
                int(state),
                to_ms(due),
                stability,
                difficulty,
                to_ms(last),
                rng.randint(1, 30),
                rng.randint(0, 5),
                int(rng.random() < 0.01),
                None,
                0,
            )
        )
    for deck_id, listed in deck_cards.items():
        listed += [
            Card(deck_id=deck_id, id=f"new{i}", kind="flashcard", prompt={"en": "new"})
            for i in range(NEW_PER_DECK)
        ]
    # Two years of history ending before today's study day (04:00): the learner opens
    # the app in the morning with the whole day's allowance ahead.
    start_ms, span_ms = to_ms(NOW - timedelta(days=730, hours=12)), 730 * 86_400_000
    review_rows = []
    for _ in range(reviews):
        deck_id, card_id = keys[rng.randrange(cards)]
        rating = rng.choice((1, 2, 3, 3, 3, 4))
        family = rng.choice(FAMILIES) if rng.random() < 0.3 else None
        correct = None if family is None else int(rating > 1)
        mistake = rng.choice(MISTAKES) if family and not correct and rng.random() < 0.7 else None
        verdict = None
        if family:
            verdict = json.dumps(
                {
                    "status": "correct" if correct else "incorrect",
                    "mistake": mistake,
                    "feedback": {"en": "…", "zh": "…"},
                }
            )
        at_ms = start_ms + rng.randrange(span_ms)
        prior_state = rng.choice((0, 1, 2, 2, 2, 2, 3))
        state_before = None
        if prior_state == 2:  # the interval it came after feeds the young/mature retention
            interval_ms = int(rng.uniform(1, 90) * 86_400_000)
            state_before = json.dumps(
                [deck_id, card_id, "{}", 2, at_ms, 10.0, 5.0, at_ms - interval_ms, 3, 0, 0, None, 0]
            )
        review_rows.append(
            (
                deck_id,
                card_id,
                at_ms,
                rating,
                rng.randint(2000, 90000),
                "0.5" if family else None,
                verdict,
                correct,
                rng.randrange(10**6) if family else None,
                family,
                mistake,
                prior_state,
                state_before,
                0,
                None,
            )
        )
    decks = [
        Deck(id=deck_id, title={"en": deck_id}, cards=tuple(listed))
        for deck_id, listed in deck_cards.items()
    ]
    if not write:
        return decks
    store = open_store(path)
    with store.transaction() as connection:
        connection.executemany(
            f"INSERT INTO card_state ({STATE_COLUMNS}) VALUES ({', '.join('?' * 13)})", state_rows
        )
        connection.executemany(
            f"INSERT INTO review ({REVIEW_COLUMNS}) VALUES ({', '.join('?' * 15)})", review_rows
        )
    store.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return decks


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main() -> None:
    """Build the database, then time the three operations and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--keep", metavar="FILE", help="build the database here (or reuse it) and keep it"
    )
    args = parser.parse_args()
    rng = random.Random(2024)
    settings = Settings()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(args.keep) if args.keep else Path(folder) / "quizapp.sqlite3"
        began = time.perf_counter()
        reuse = path.exists()
        decks = build(path, args.cards, 0 if reuse else args.reviews, rng, write=not reuse)
        print(
            f"{'reused' if reuse else 'built'} {args.cards} cards, {args.reviews} reviews in "
            f"{time.perf_counter() - began:.1f} s ({path.stat().st_size / 2**20:.0f} MiB)"
        )

        queue_times = []
        for _ in range(args.repeat):
            began = time.perf_counter()
            store = open_store(path)
            queue = build_queue(store, decks, NOW, settings)
            queue_times.append(time.perf_counter() - began)
            store.close()
        store = open_store(path)
        counts_times = []
        for _ in range(args.repeat):  # before the day's studying: every deck has room
            began = time.perf_counter()
            deck_counts(store, decks, NOW, settings)
            counts_times.append(time.perf_counter() - began)
        store.close()
        print(
            f"home screen counts of {len(decks)} decks: median "
            f"{_ms(statistics.median(counts_times))}, max {_ms(max(counts_times))}"
        )
        print(
            f"open + today's queue ({len(queue)} cards): first {_ms(queue_times[0])} (the "
            f"decks' card ids not yet indexed), median {_ms(statistics.median(queue_times))}, "
            f"max {_ms(max(queue_times))} (target 100 ms)"
        )

        store = open_store(path)
        scheduler = make_scheduler(settings)
        review_times = []
        for index, key in enumerate(queue * 2):
            began = time.perf_counter()
            record_review(
                store,
                scheduler,
                key,
                Rating.Good,
                NOW + timedelta(seconds=index),
                settings,
                duration_ms=5000,
                answer="x",
                session_id="bench",
            )
            review_times.append(time.perf_counter() - began)
        print(
            f"record a review ({len(review_times)} reviews): median "
            f"{_ms(statistics.median(review_times))}, "
            f"p95 {_ms(sorted(review_times)[int(0.95 * len(review_times))])}, "
            f"max {_ms(max(review_times))} (target 5 ms)"
        )


        stats_times = []
        for _ in range(args.repeat):
            began = time.perf_counter()
            result = stats(store, decks, NOW, settings)
            stats_times.append(time.perf_counter() - began)
        print(
            f"statistics ({result['reviews_total']} reviews): median "
            f"{_ms(statistics.median(stats_times))}, max {_ms(max(stats_times))} (target 500 ms)"
        )
        while undo_last(store, "bench") is not None:
            pass  # a kept database stays as it was built
        store.close()


if __name__ == "__main__":
    main()
