"""Load balancing: among the days fuzzing may pick, the one with the fewest cards due.

FSRS spreads an interval of days over a small range ("fuzz") so that cards learnt
together drift apart. Like Anki's load balancer, quizapp then does not pick a day of
that range at random but the one with the fewest cards already due, so the daily load
stays even; ties go to the day nearest the unfuzzed interval, then the earlier one.
The range is exactly the ``fsrs`` scheduler's own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

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
