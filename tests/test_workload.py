"""The 30-day workload estimate behind the desired-retention setting."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from fsrs import Card, Rating, Scheduler

from quizapp.study.personal import default_parameters
from quizapp.study.workload import Started, _retrievability, simulate


def _cards(n: int, seed: int = 3) -> list[Started]:
    rng = random.Random(seed)
    return [
        Started(rng.uniform(1, 60), rng.uniform(3, 8), rng.randrange(0, 30), -rng.randrange(0, 30))
        for _ in range(n)
    ]


def test_the_forgetting_curve_is_fsrs_own():
    """Checked against the fsrs package's retrievability for a real card."""
    scheduler = Scheduler(enable_fuzzing=False)
    now = datetime(2026, 3, 1, tzinfo=UTC)
    card, _ = scheduler.review_card(Card(), Rating.Good, now)
    card, _ = scheduler.review_card(card, Rating.Good, card.due)
    for days in (1, 5, 17, 60):
        expected = scheduler.get_card_retrievability(card, card.last_review + timedelta(days=days))
        got = _retrievability(days, card.stability, default_parameters()[20])
        assert got == pytest.approx(expected, rel=1e-6)


def test_more_retention_costs_more_reviews():
    cards, parameters = _cards(300), default_parameters()
    means = [simulate(cards, 200, 20, r, parameters).mean for r in (0.70, 0.80, 0.90, 0.97)]
    assert means == sorted(means) and means[-1] > 1.5 * means[0]


def test_counts_what_is_due_and_what_is_new():
    parameters = default_parameters()
    assert simulate([], 0, 20, 0.9, parameters).per_day == (0.0,) * 30
    far = Started(stability=400, difficulty=5, due_day=45, last_day=-10)
    assert simulate([far], 0, 20, 0.9, parameters).mean == 0
    due_today = Started(stability=400, difficulty=5, due_day=0, last_day=-300)
    assert simulate([due_today], 0, 20, 0.9, parameters).per_day[0] == 1
    # Ten new cards at five a day: introduced on the first two days only.
    workload = simulate([], 10, 5, 0.9, parameters)
    assert workload.per_day[0] >= 5 and workload.per_day[1] >= 5
    assert sum(workload.per_day) >= 10


def test_the_estimate_is_repeatable():
    cards, parameters = _cards(100), default_parameters()
    assert simulate(cards, 50, 10, 0.85, parameters) == simulate(cards, 50, 10, 0.85, parameters)
