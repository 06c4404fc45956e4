"""Recording a review, undoing it, burying, suspending, and leeches.

A review is one transaction — the log row and the card's new state together — committed
before :func:`record_review` returns, so once the learner has seen the feedback the
review survives a crash.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta, tzinfo

from fsrs import Rating, Scheduler, State

from engine.problem import Verdict
from quizapp.config import Settings
from quizapp.decks.model import CardKey
from quizapp.store import CardState, ReviewRecord, Store
from quizapp.store.database import due_between
from quizapp.study.days import day_bounds, day_start, study_day
from quizapp.study.scheduling import (
    is_leech_lapse,
    new_fsrs_card,
    schedule_review,
    state_from_fsrs,
)


@dataclass(frozen=True)
class ReviewOutcome:
    """What recording a review did.

    Attributes:
        review_id: the log row's id (the undo token).
        key: the card.
        rating: the rating given.
        before: the stored state before (None: the card had none).
        after: the stored state now (unchanged by a drill that does not move the schedule;
            None only if the card had no state and still has none).
        moved_schedule: whether the card's schedule changed.
        became_leech: this lapse made the card a leech (tagged; suspended if so set).
    """

    review_id: int
    key: CardKey
    rating: Rating
    before: CardState | None
    after: CardState | None
    moved_schedule: bool
    became_leech: bool


def record_review(
    store: Store,
    scheduler: Scheduler,
    key: CardKey,
    rating: Rating,
    now: datetime,
    settings: Settings,
    *,
    duration_ms: int | None = None,
    answer: str | None = None,
    verdict: Verdict | None = None,
    seed: int | None = None,
    family: str | None = None,
    drill: bool = False,
    session_id: str | None = None,
) -> ReviewOutcome:
    """Schedule ``key`` with ``rating`` and log the review, in one committed transaction.

    Args:
        store: the open database.
        scheduler: from :func:`quizapp.study.scheduling.make_scheduler`.
        key: the card reviewed.
        rating: Again, Hard, Good or Easy (invalid input has no rating and is not logged).
        now: the moment of the review (aware).
        settings: leech threshold and action, and whether drills move the schedule.
        duration_ms: how long the answer took.
        answer: the answer as typed.
        verdict: the grader's verdict (None for a self-graded flashcard).
        seed: a generated problem's seed.
        family: a generated problem's family.
        drill: made in a drill (moves the schedule only if ``settings.drill_moves_schedule``).
        session_id: the session, for undo.

    Returns:
        What happened, with the review id to undo it.
    """
    before = store.get_state(key)
    scheduled, after = schedule_review(
        before,
        rating,
        now,
        settings,
        key=key,
        scheduler=scheduler,
        drill=drill,
        due_on=_due_on(store, now, settings),
    )
    moves = after is not before
    record = replace(
        scheduled,
        duration_ms=duration_ms,
        answer=answer,
        verdict=None if verdict is None else verdict.to_dict(),
        correct=None if verdict is None else verdict.status == "correct",
        seed=seed,
        family=family,
        mistake=None if verdict is None else verdict.mistake,
        session_id=session_id,
    )
    review_id = store.record(record, after if moves else None)
    lapse = scheduled.prior_state == State.Review and rating == Rating.Again
    became_leech = (
        moves
        and after is not None
        and lapse
        and is_leech_lapse(after.lapses, settings.leech_threshold)
    )
    return ReviewOutcome(review_id, key, rating, before, after, moves, became_leech)


def undo_review(store: Store, review_id: int) -> ReviewRecord:
    """Undo one review: restore the card's previous state and remove the log row.

    Returns:
        The removed review (its ``key`` is the card to show again).
    """
    return store.undo(review_id)


def undo_last(store: Store, session_id: str) -> ReviewRecord | None:
    """Undo the latest review of ``session_id`` (call again to go further back).

    Returns:
        The removed review, or None when the session has nothing left to undo.
    """
    review_id = store.last_review_id(session_id)
    return None if review_id is None else store.undo(review_id)


def _state_or_new(store: Store, key: CardKey, now: datetime) -> CardState:
    state = store.get_state(key)
    return state if state is not None else state_from_fsrs(key, new_fsrs_card(now))


def bury(
    store: Store, key: CardKey, now: datetime, settings: Settings, tz: tzinfo | None = None
) -> CardState:
    """Hide ``key`` until the next study day begins; returns the stored state."""
    _, next_day = day_bounds(now, settings.day_start_hour, tz)
    state = replace(_state_or_new(store, key, now), buried_until=next_day)
    store.put_state(state)
    return state


def suspend(store: Store, key: CardKey, now: datetime) -> CardState:
    """Leave ``key`` out of every queue until unsuspended; returns the stored state."""
    state = replace(_state_or_new(store, key, now), suspended=True)
    store.put_state(state)
    return state


def unsuspend(store: Store, key: CardKey, now: datetime) -> CardState:
    """Put a suspended card back in the queues (its leech tag stays); returns the state."""
    state = replace(_state_or_new(store, key, now), suspended=False, buried_until=None)
    store.put_state(state)
    return state


def _due_on(store: Store, now: datetime, settings: Settings):
    """How many cards are due on each of given days from today (for load balancing)."""

    def due_on(first: int, last: int) -> list[int]:
        # From today, since due_between's first range also holds every overdue card.
        today = study_day(now, settings.day_start_hour)
        bounds = [
            day_start(today + timedelta(days=offset), settings.day_start_hour)
            for offset in range(0, last + 2)
        ]
        return due_between(store, bounds)[first:]

    return due_on
