"""Scheduling, queues, drills and statistics, on top of the fsrs package.

Never imports textual. The UI uses what is re-exported here.
"""

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
from quizapp.study.reviews import (
    ReviewOutcome,
    bury,
    is_leech_lapse,
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
    make_scheduler,
    preview_intervals,
    rating_for,
    retrievability,
)
from quizapp.study.session import StudySession
from quizapp.study.stats import stats

__all__ = [
    "LEARNING_STEPS",
    "LEARN_AHEAD",
    "LEECH_TAG",
    "RATINGS",
    "RELEARNING_STEPS",
    "Counts",
    "Rating",
    "ReviewOutcome",
    "StudySession",
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
    "stats",
    "study_day",
    "suspend",
    "undo_last",
    "undo_review",
    "unsuspend",
]
