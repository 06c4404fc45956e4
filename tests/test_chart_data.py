"""The numbers behind the charts, checked against the reviews a test wrote itself."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta

import pytest

from quizapp.config import Settings
from quizapp.decks.model import Card, CardKey, Deck
from quizapp.store import open_store
from quizapp.store.records import CardState, ReviewRecord
from quizapp.study.charts import RETENTION_WEEKS, chart_data

NOW = datetime(2026, 6, 10, 15, tzinfo=UTC)  # a Wednesday, after the 04:00 day start
SETTINGS = Settings()


def _state(key: CardKey, interval_days: float, reviewed: datetime) -> CardState:
    return CardState(
        deck_id=key.deck_id,
        card_id=key.card_id,
        fsrs_card="{}",
        state=2,
        due=reviewed,
        stability=interval_days,
        difficulty=5.0,
        last_review=reviewed - timedelta(days=interval_days),
        reps=3,
    )


@pytest.fixture
def store(tmp_path):
    store = open_store(tmp_path / "q.sqlite3")
    yield store
    store.close()


def test_weekly_retention_splits_young_and_mature_reviews(store):
    rng = random.Random(5)
    expected = [[0, 0, 0, 0] for _ in range(RETENTION_WEEKS)]
    for index in range(400):
        days_ago = rng.uniform(0, 7 * RETENTION_WEEKS - 1)
        moment = NOW - timedelta(days=days_ago)
        interval = rng.choice([3, 10, 20.5, 21, 40, 90])
        rating = rng.choice([1, 3, 3, 3, 4])
        drill = rng.random() < 0.1
        prior = rng.choice([2, 2, 2, 1])  # some reviews come from learning steps
        key = CardKey("d", f"c{index}")
        store.record(
            ReviewRecord(
                "d",
                key.card_id,
                moment,
                rating,
                prior,
                state_before=_state(key, interval, moment),
                drill=drill,
            ),
            None,
        )
    data = chart_data(store, None, NOW, SETTINGS, tz=UTC)["retention_weekly"]
    assert len(data) == RETENTION_WEEKS
    # Independent count: walk the stored reviews in Python. Study days start at 04:00 in
    # the zone given (UTC), so a week runs from its start date at 04:00 for seven days.
    rows = store.query(
        "SELECT reviewed_at_ms, rating, prior_state, drill, state_before FROM review"
    )
    starts = [
        datetime.fromisoformat(week["week_start"]).replace(tzinfo=UTC) + timedelta(hours=4)
        for week in data
    ]
    ends = starts[1:] + [starts[-1] + timedelta(days=7)]
    for at_ms, rating, prior, drill, before in rows:
        if prior != 2 or drill:
            continue
        moment = datetime.fromtimestamp(at_ms / 1000, UTC)
        row = json.loads(before)
        interval = (row[4] - row[7]) / 86400000
        for week, (low, high) in enumerate(zip(starts, ends, strict=True)):
            if low <= moment < high:
                offset = 2 if interval >= 21 else 0
                expected[week][offset] += 1
                expected[week][offset + 1] += int(rating > 1)
    for week, entry in zip(expected, data, strict=True):
        assert (entry["young"], entry["mature"]) == (week[0], week[2])
        if week[0]:
            assert entry["young_retention"] == pytest.approx(week[1] / week[0])
        else:
            assert entry["young_retention"] is None
        if week[2]:
            assert entry["mature_retention"] == pytest.approx(week[3] / week[2])
    assert sum(w[0] + w[2] for w in expected) > 200  # the test exercised real data


def test_card_states_and_answer_times(store):
    cards = [
        Card("d", f"c{i}", kind, {"en": "?"})
        for i, kind in enumerate(
            ["flashcard", "flashcard", "numeric", "choice", "expression", "flashcard"]
        )
    ]
    deck = Deck("d", {"en": "D"}, cards=tuple(cards))
    moment = NOW - timedelta(days=1)
    states = {  # card: (state, suspended)
        "c0": (2, False),
        "c1": (1, False),
        "c2": (3, False),
        "c3": (2, True),
    }
    for card_id, (state, suspended) in states.items():
        base = _state(CardKey("d", card_id), 5, moment)
        store.put_state(CardState(**{**base.__dict__, "state": state, "suspended": suspended}))
    durations = {"c0": [4000, 6000], "c2": [30000], "c3": [10000, 20000, 30000], "gone": [9000]}
    for card_id, values in durations.items():
        for ms in values:
            store.record(ReviewRecord("d", card_id, moment, 3, 2, duration_ms=ms), None)
    store.record(ReviewRecord("d", "c4", moment, 3, 2, duration_ms=None), None)
    data = chart_data(store, [deck], NOW, SETTINGS, tz=UTC)
    assert data["card_states"] == [
        {"id": "d", "new": 2, "learning": 2, "review": 1, "suspended": 1}
    ]
    times = {row["kind"]: (row["answers"], row["mean_seconds"]) for row in data["answer_time"]}
    assert times == {
        "flashcard": (2, 5.0),
        "numeric": (1, 30.0),
        "choice": (3, 20.0),
    }


def test_the_interval_a_review_came_after_is_kept_and_backfilled(tmp_path):
    import sqlite3

    from quizapp.store.schema import MIGRATIONS

    # A version 3 database with one review of a card whose interval was 12.5 days.
    path = tmp_path / "old.sqlite3"
    connection = sqlite3.connect(path)
    for migration in MIGRATIONS[:3]:
        for statement in migration:
            connection.execute(statement)
    connection.execute("PRAGMA user_version = 3")
    key = CardKey("d", "old")
    before = _state(key, 12.5, NOW)
    connection.execute(
        "INSERT INTO review (deck_id, card_id, reviewed_at_ms, rating, prior_state, state_before)"
        " VALUES ('d', 'old', 0, 3, 2, ?)",
        (before.to_json(),),
    )
    connection.commit()
    connection.close()
    store = open_store(path)
    try:
        store.record(ReviewRecord("d", "new", NOW, 3, 2, state_before=_state(key, 40, NOW)), None)
        store.record(ReviewRecord("d", "first", NOW, 3, 0), None)
        rows = dict(store.query("SELECT card_id, interval_days FROM review"))
    finally:
        store.close()
    assert rows == {"old": pytest.approx(12.5), "new": pytest.approx(40), "first": None}


def test_answer_times_follow_undo(store):
    deck = Deck("d", {"en": "D"}, cards=(Card("d", "c", "numeric", {"en": "?"}),))
    first = store.record(
        ReviewRecord("d", "c", NOW, 3, 2, duration_ms=10_000, session_id="s"), None
    )
    store.record(ReviewRecord("d", "c", NOW, 3, 2, duration_ms=30_000, session_id="s"), None)
    assert chart_data(store, [deck], NOW, SETTINGS)["answer_time"] == [
        {"kind": "numeric", "answers": 2, "mean_seconds": 20.0}
    ]
    store.undo(first + 1)  # the second answer is taken back
    assert chart_data(store, [deck], NOW, SETTINGS)["answer_time"] == [
        {"kind": "numeric", "answers": 1, "mean_seconds": 10.0}
    ]
