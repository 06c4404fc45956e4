"""A review log drawn from known FSRS-6 parameters, for testing and timing the fit.

Each card is reviewed on the days a scheduler with the *true* parameters chooses; each
answer is recalled with the probability the true forgetting curve gives after the
elapsed days. A fit to such a log should predict it better than the defaults do.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from fsrs_rs_python import FSRS, MemoryState

from quizapp.study.personal import Review, default_parameters


def true_parameters() -> list[float]:
    """Defaults with a learner who forgets faster at first and more steeply."""
    w = list(default_parameters())
    w[0:4] = [value * 0.35 for value in w[0:4]]  # initial stabilities
    w[8] *= 0.7  # stability grows less after a success
    w[20] = 0.45  # a steeper forgetting curve
    return w


def retrievability(days: float, stability: float, decay: float) -> float:
    """FSRS-6's forgetting curve."""
    factor = 0.9 ** (-1 / decay) - 1
    return (1 + factor * days / stability) ** (-decay)


@dataclass(frozen=True)
class Log:
    reviews: list[Review]
    parameters: list[float]


def synthetic_log(n_reviews: int, seed: int = 7, retention: float = 0.9) -> Log:
    """About ``n_reviews`` scheduled reviews over many cards (their order: by card, by day)."""
    rng = random.Random(seed)
    w = true_parameters()
    model = FSRS(w)
    reviews: list[Review] = []
    card = 0
    while len(reviews) < n_reviews:
        card += 1
        day = rng.randrange(0, 120)
        first = rng.choices((1, 2, 3, 4), weights=(0.25, 0.1, 0.55, 0.1))[0]
        reviews.append(Review(("synthetic", f"c{card}"), day, first))
        memory: MemoryState | None = (
            model.next_states(None, retention, 0)
            .__getattribute__(("again", "hard", "good", "easy")[first - 1])
            .memory
        )
        for _ in range(rng.randrange(2, 12)):
            states = model.next_states(memory, retention, 0)
            interval = max(1, round(states.good.interval))
            day += interval
            recalled = rng.random() < retrievability(interval, memory.stability, w[20])
            rating = (rng.choices((2, 3, 4), weights=(0.15, 0.75, 0.1))[0]) if recalled else 1
            reviews.append(Review(("synthetic", f"c{card}"), day, rating))
            memory = (
                model.next_states(memory, retention, interval)
                .__getattribute__(("again", "hard", "good", "easy")[rating - 1])
                .memory
            )
            if len(reviews) >= n_reviews:
                break
    return Log(reviews, w)
