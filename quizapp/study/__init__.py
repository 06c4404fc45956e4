"""Scheduling, queues, drills and statistics, on top of the fsrs package.

Never imports textual. The UI uses what is re-exported here.
"""

from typing import TYPE_CHECKING

from quizapp.startup.lazy import lazy_exports

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

#: Where each public name lives; imported on first use, so that counting the home
#: screen's cards at start-up does not import the scheduler's dependencies.
__getattr__, __all__ = lazy_exports(
    __name__,
    {
        "fsrs": ["Rating"],
        ".days": ["day_bounds", "day_start", "study_day"],
        ".counts": ["Counts"],
        ".queue": [
            "LEARN_AHEAD",
            "LEECH_TAG",
            "build_queue",
            "cards_by_key",
            "deck_counts",
            "drill_queue",
            "interleave",
            "orphans",
        ],
        ".reviews": [
            "ReviewOutcome",
            "bury",
            "record_review",
            "suspend",
            "undo_last",
            "undo_review",
            "unsuspend",
        ],
        ".scheduling": [
            "LEARNING_STEPS",
            "RATINGS",
            "RELEARNING_STEPS",
            "format_interval",
            "is_leech_lapse",
            "make_scheduler",
            "preview_intervals",
            "rating_for",
            "retrievability",
            "schedule_review",
        ],
        ".sitting": ["Sitting"],
        ".report": ["stats"],
    },
)
