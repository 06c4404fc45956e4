"""How many reviews a desired retention costs: a 30-day simulation over the learner's cards.

Every card the learner has started keeps its FSRS memory (stability, difficulty) and due
date; unseen cards are introduced at the daily new-card limit. Each simulated day, every
due card is reviewed: it is recalled with the probability FSRS's forgetting curve gives
after the days elapsed (drawn from a seeded generator), rated Good or Again, and
rescheduled with the same FSRS-6 parameters the scheduler uses. A forgotten card comes
back the next day. The figure is the mean over a few runs, so the settings screen can
show it while the learner moves the retention slider.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from quizapp.store.records import CardState

#: Days the estimate covers.
DAYS = 30
#: Runs averaged per estimate.
RUNS = 4
#: Share of new cards a learner gets right the first time (Good), the rest Again.
FIRST_GOOD = 0.75


@dataclass(frozen=True)
class Workload:
    """Estimated reviews per day (learning and review cards, new ones included)."""

    retention: float
    per_day: tuple[float, ...]

    @property
    def mean(self) -> float:
        """Average reviews per day over the period."""
        return sum(self.per_day) / len(self.per_day) if self.per_day else 0.0

    @property
    def peak(self) -> float:
        """The busiest day's reviews."""
        return max(self.per_day, default=0.0)


@dataclass(frozen=True)
class Started:
    """A card the learner has seen: its memory and when it is next due (day offset)."""

    stability: float
    difficulty: float
    due_day: int
    last_day: int


def started_cards(states: Sequence[CardState], now: datetime) -> list[Started]:
    """The learner's started, unsuspended cards as the simulation needs them."""
    cards = []
    for state in states:
        if state.is_new or state.suspended or state.stability is None:
            continue
        due = max(0, math.floor((state.due - now).total_seconds() / 86400))
        last = state.last_review or now
        last_day = math.floor((last - now).total_seconds() / 86400)
        cards.append(Started(state.stability, state.difficulty or 5.0, due, min(last_day, 0)))
    return cards


def _retrievability(days: float, stability: float, decay: float) -> float:
    factor = 0.9 ** (-1 / decay) - 1
    return (1 + factor * max(days, 0) / max(stability, 0.01)) ** (-decay)


def simulate(
    cards: Sequence[Started],
    new_available: int,
    new_per_day: int,
    retention: float,
    parameters: Sequence[float],
    *,
    days: int = DAYS,
    runs: int = RUNS,
    seed: int = 0,
) -> Workload:
    """Mean reviews per day over ``days`` at ``retention`` (see the module doc)."""
    from fsrs_rs_python import FSRS, MemoryState

    model = FSRS(list(parameters))
    decay = parameters[20]
    totals = [0.0] * days
    for run in range(runs):
        rng = random.Random(seed * 1000 + run)
        # (due day, last day, memory) per card in play
        deck = [
            (card.due_day, card.last_day, MemoryState(card.stability, card.difficulty))
            for card in cards
        ]
        remaining = new_available
        for day in range(days):
            kept = []
            for due, last, memory in deck:
                if due > day:
                    kept.append((due, last, memory))
                    continue
                totals[day] += 1
                elapsed = day - last
                recalled = rng.random() < _retrievability(elapsed, memory.stability, decay)
                states = model.next_states(memory, retention, elapsed)
                chosen = states.good if recalled else states.again
                step = max(1, round(chosen.interval)) if recalled else 1
                kept.append((day + step, day, chosen.memory))
            introduced = min(new_per_day, remaining)
            remaining -= introduced
            for _ in range(introduced):
                totals[day] += 1
                first = model.next_states(None, retention, 0)
                good = rng.random() < FIRST_GOOD
                chosen = first.good if good else first.again
                step = max(1, round(chosen.interval)) if good else 1
                kept.append((day + step, day, chosen.memory))
            deck = kept
    return Workload(retention, tuple(total / runs for total in totals))


def compare(
    cards: Sequence[Started],
    new_available: int,
    new_per_day: int,
    retentions: Sequence[float],
    parameters: Sequence[float],
) -> list[Workload]:
    """:func:`simulate` at each retention, with the same random draws for a fair comparison."""
    return [
        simulate(cards, new_available, new_per_day, retention, parameters)
        for retention in retentions
    ]
