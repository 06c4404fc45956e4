"""Scheduling, queues, drills and statistics, on top of the fsrs package.

Never imports textual. The UI uses what is re-exported here.
"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fsrs import Rating

    from quizapp.study.days import day_bounds, day_start, study_day
    from quizapp.study.queue import (
        LEARN_AHEAD,
        LEECH_TAG,
        Counts,
        build_queue,
        cards_by_key,
        deck_counts,
        drill_queue,
        interleave,
        orphans,
    )
    from quizapp.study.report import stats
    from quizapp.study.reviews import (
        ReviewOutcome,
        bury,
        record_review,
        suspend,
        undo_last,
        undo_review,
        unsuspend,
    )
    from quizapp.study.scheduling import (
        LEARNING_STEPS,
        RATINGS,
        RELEARNING_STEPS,
        format_interval,
        is_leech_lapse,
        make_scheduler,
        preview_intervals,
        rating_for,
        retrievability,
        schedule_review,
    )
    from quizapp.study.sitting import Sitting

#: Where each public name lives; imported on first use (PEP 562), so that counting the
#: home screen's cards at start-up does not import the scheduler's dependencies.
_EXPORTS = {
    "Rating": "fsrs",
    "day_bounds": "quizapp.study.days",
    "day_start": "quizapp.study.days",
    "study_day": "quizapp.study.days",
    "LEARN_AHEAD": "quizapp.study.queue",
    "LEECH_TAG": "quizapp.study.queue",
    "Counts": "quizapp.study.counts",
    "build_queue": "quizapp.study.queue",
    "cards_by_key": "quizapp.study.queue",
    "deck_counts": "quizapp.study.queue",
    "drill_queue": "quizapp.study.queue",
    "interleave": "quizapp.study.queue",
    "orphans": "quizapp.study.queue",
    "ReviewOutcome": "quizapp.study.reviews",
    "bury": "quizapp.study.reviews",
    "is_leech_lapse": "quizapp.study.scheduling",
    "record_review": "quizapp.study.reviews",
    "suspend": "quizapp.study.reviews",
    "undo_last": "quizapp.study.reviews",
    "undo_review": "quizapp.study.reviews",
    "unsuspend": "quizapp.study.reviews",
    "LEARNING_STEPS": "quizapp.study.scheduling",
    "RATINGS": "quizapp.study.scheduling",
    "RELEARNING_STEPS": "quizapp.study.scheduling",
    "format_interval": "quizapp.study.scheduling",
    "make_scheduler": "quizapp.study.scheduling",
    "preview_intervals": "quizapp.study.scheduling",
    "rating_for": "quizapp.study.scheduling",
    "retrievability": "quizapp.study.scheduling",
    "schedule_review": "quizapp.study.scheduling",
    "Sitting": "quizapp.study.sitting",
    "stats": "quizapp.study.report",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


__all__ = [
    "LEARNING_STEPS",
    "LEARN_AHEAD",
    "LEECH_TAG",
    "RATINGS",
    "RELEARNING_STEPS",
    "Counts",
    "Rating",
    "ReviewOutcome",
    "Sitting",
    "build_queue",
    "bury",
    "cards_by_key",
    "day_bounds",
    "day_start",
    "deck_counts",
    "drill_queue",
    "format_interval",
    "interleave",
    "is_leech_lapse",
    "make_scheduler",
    "orphans",
    "preview_intervals",
    "rating_for",
    "record_review",
    "retrievability",
    "schedule_review",
    "stats",
    "study_day",
    "suspend",
    "undo_last",
    "undo_review",
    "unsuspend",
]
