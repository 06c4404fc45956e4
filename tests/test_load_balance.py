"""Load balancing picks, within fsrs's own fuzz range, the day with the fewest cards due."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from fsrs import Scheduler

from quizapp.study.balance import balanced_interval, fuzz_range


@pytest.mark.parametrize("interval", [3, 5, 8, 15, 30, 100, 400])
def test_the_range_is_the_one_fsrs_fuzz_draws_from(interval):
    scheduler = Scheduler(enable_fuzzing=True)
    random.seed(interval)
    drawn = {
        scheduler._get_fuzzed_interval(interval=timedelta(days=interval)).days  # noqa: SLF001
        for _ in range(3000)
    }
    low, high = fuzz_range(interval, scheduler.maximum_interval)
    # fsrs draws uniformly over [low, high + 1) and rounds, so it can reach one day past its
    # own upper bound; load balancing keeps to the range fsrs computes.
    assert set(range(low, high + 1)) <= drawn <= set(range(low, high + 2))


def test_the_least_loaded_day_wins_ties_go_nearest_then_earlier():
    loads = {10: 5, 11: 2, 12: 2, 13: 9, 14: 1, 15: 1, 16: 7}

    def due_on(first, last):
        return [loads.get(day, 0) for day in range(first, last + 1)]

    low, high = fuzz_range(13, 36500)
    assert (low, high) == (11, 15)
    assert balanced_interval(13, due_on) == 14  # 14 and 15 both hold 1; 14 is nearer 13
    assert balanced_interval(2, due_on) == 2  # short intervals are not fuzzed


def test_cards_learnt_together_spread_evenly():
    """Placing 60 cards that all come back in ~20 days fills the range evenly."""
    loads: dict[int, int] = {}

    def due_on(first, last):
        return [loads.get(day, 0) for day in range(first, last + 1)]

    for _ in range(60):
        day = balanced_interval(20, due_on)
        loads[day] = loads.get(day, 0) + 1
    low, high = fuzz_range(20, 36500)
    assert set(loads) == set(range(low, high + 1))
    assert max(loads.values()) - min(loads.values()) <= 1


def test_a_review_through_the_store_lands_on_the_emptiest_day(tmp_path):
    from copy import copy

    from fsrs import Rating

    from quizapp.config import Settings
    from quizapp.decks.model import CardKey
    from quizapp.store import open_store
    from quizapp.study.days import day_start, study_day
    from quizapp.study.reviews import record_review
    from quizapp.study.scheduling import make_scheduler, state_from_fsrs

    store = open_store(tmp_path / "q.sqlite3")
    try:
        settings = Settings()
        scheduler = make_scheduler(settings)
        key = CardKey("d", "card")
        moment = datetime(2026, 5, 1, 12, tzinfo=UTC)
        while True:  # Good until the next interval is long enough to be fuzzed
            outcome = record_review(store, scheduler, key, Rating.Good, moment, settings)
            moment = outcome.after.due
            steady = copy(scheduler)
            steady.enable_fuzzing = False
            from quizapp.study.scheduling import fsrs_card_of

            nxt, _ = steady.review_card(fsrs_card_of(outcome.after, moment), Rating.Good, moment)
            if (nxt.due - moment).days >= 10:
                break
        interval = (nxt.due - moment).days
        low, high = fuzz_range(interval, scheduler.maximum_interval)
        empty = high  # the farthest day is the only one without other cards due
        today = study_day(moment, settings.day_start_hour)
        filler = 0
        for offset in range(low, high):
            for _ in range(3):
                filler += 1
                due = day_start(today + timedelta(days=offset), settings.day_start_hour)
                due += timedelta(hours=6)
                card, _ = steady.review_card(fsrs_card_of(None, due), Rating.Good, due)
                state = state_from_fsrs(CardKey("d", f"f{filler}"), card)
                from dataclasses import replace

                store.put_state(replace(state, due=due, reps=1, state=2))
        outcome = record_review(store, scheduler, key, Rating.Good, moment, settings)
        landed = study_day(outcome.after.due, settings.day_start_hour) - today
        assert landed.days == empty
        # With load balancing off, fuzz draws at random again (not always the empty day).
        off = Settings(load_balance=False)
        days = set()
        for attempt in range(12):
            other = CardKey("d", f"other{attempt}")
            store.put_state(replace(outcome.before, card_id=other.card_id))
            result = record_review(store, scheduler, other, Rating.Good, moment, off)
            days.add((study_day(result.after.due, settings.day_start_hour) - today).days)
        assert len(days) > 1 and days <= set(range(low, high + 1))
    finally:
        store.close()
