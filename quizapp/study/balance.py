"""Load balancing: among the days fuzzing may pick, the one with the fewest cards due.

FSRS spreads an interval of days over a small range ("fuzz") so that cards learnt
together drift apart. Like Anki's load balancer, quizapp then does not pick a day of
that range at random but the one with the fewest cards already due, so the daily load
stays even; ties go to the day nearest the unfuzzed interval, then the earlier one.
The range is exactly the ``fsrs`` scheduler's own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from copy import copy
from datetime import datetime, timedelta
from typing import Any

#: Given ``(first, last)`` day offsets from today, how many cards are due on each day.
DueOn = Callable[[int, int], Sequence[int]]

#: fsrs fuzzes intervals of at least this many days.
MIN_FUZZED_DAYS = 2.5


def fuzz_range(interval_days: int, maximum_interval: int) -> tuple[int, int]:
    """The days fsrs's fuzz may choose for an interval of ``interval_days`` (inclusive)."""
    from fsrs.scheduler import FUZZ_RANGES

    delta = 1.0
    for fuzz in FUZZ_RANGES:
        delta += fuzz["factor"] * max(min(float(interval_days), fuzz["end"]) - fuzz["start"], 0.0)
    low = max(2, round(interval_days - delta))
    high = min(round(interval_days + delta), maximum_interval)
    return min(low, high), high


def balanced_interval(
    interval_days: int,
    due_on: Callable[[int, int], Sequence[int]],
    maximum_interval: int = 36500,
) -> int:
    """The interval to use instead of a random fuzz: the least loaded day of the range.

    Args:
        interval_days: the unfuzzed interval in whole days.
        due_on: given ``(first, last)`` day offsets, how many cards are due on each.
        maximum_interval: the scheduler's cap.
    """
    if interval_days < MIN_FUZZED_DAYS:
        return interval_days
    low, high = fuzz_range(interval_days, maximum_interval)
    counts = list(due_on(low, high))
    days = range(low, high + 1)
    return min(days, key=lambda day: (counts[day - low], abs(day - interval_days), day))


def review_balanced(scheduler: Any, card: Any, rating: Any, moment: datetime, due_on: DueOn) -> Any:
    """fsrs's review of ``card``, its fuzzed due day chosen by load instead of at random."""
    if not scheduler.enable_fuzzing:
        return scheduler.review_card(card, rating, moment)[0]
    steady = copy(scheduler)
    steady.enable_fuzzing = False
    reviewed, _ = steady.review_card(card, rating, moment)
    interval = reviewed.due - moment
    if reviewed.state.value != 2 or interval.days < MIN_FUZZED_DAYS:  # 2: fsrs State.Review
        return scheduler.review_card(card, rating, moment)[0]
    days = balanced_interval(interval.days, due_on, scheduler.maximum_interval)
    reviewed.due = moment + timedelta(days=days)
    return reviewed
