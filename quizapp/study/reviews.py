"""Recording a review, undoing it, burying, suspending, and leeches.

A review is one transaction — the log row and the card's new state together — committed
before :func:`record_review` returns, so once the learner has seen the feedback the
review survives a crash.
"""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, tzinfo

from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler, State

from engine.problem import Verdict
from quizapp.config import Settings
from quizapp.decks.model import CardKey
from quizapp.store import NEW, CardState, ReviewRecord, Store
from quizapp.store.database import due_between
from quizapp.study import balance
from quizapp.study.days import day_bounds, day_start, study_day, utc
from quizapp.study.scheduling import fsrs_card_of, new_fsrs_card, state_from_fsrs


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


def is_leech_lapse(lapses: int, threshold: int) -> bool:
    """Whether reaching ``lapses`` lapses marks a leech (as Anki: at the threshold, then
    again every half threshold)."""
    if lapses < threshold:
        return False
    return (lapses - threshold) % max(1, threshold // 2) == 0


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
    moment = utc(now)
    before = store.get_state(key)
    prior_state = NEW if before is None or before.is_new else before.state
    moves = not drill or settings.drill_moves_schedule
    after = before
    became_leech = False
    if moves:
        card = _review_card(store, scheduler, fsrs_card_of(before, moment), rating, moment, settings)
        lapse = prior_state == State.Review and rating == Rating.Again
        lapses = (before.lapses if before else 0) + int(lapse)
        became_leech = lapse and is_leech_lapse(lapses, settings.leech_threshold)
        after = replace(
            state_from_fsrs(key, card, before),
            reps=(before.reps if before else 0) + 1,
            lapses=lapses,
            buried_until=None,
            leech=(before.leech if before else False) or became_leech,
            suspended=(before.suspended if before else False)
            or (became_leech and settings.leech_action == "suspend"),
        )
    record = ReviewRecord(
        deck_id=key.deck_id,
        card_id=key.card_id,
        reviewed_at=moment,
        rating=int(rating),
        prior_state=prior_state,
        duration_ms=duration_ms,
        answer=answer,
        verdict=None if verdict is None else verdict.to_dict(),
        correct=None if verdict is None else verdict.status == "correct",
        seed=seed,
        family=family,
        mistake=None if verdict is None else verdict.mistake,
        state_before=before,
        drill=drill,
        session_id=session_id,
    )
    review_id = store.record(record, after if moves else None)
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


def _review_card(
    store: Store,
    scheduler: Scheduler,
    card: FsrsCard,
    rating: Rating,
    moment: datetime,
    settings: Settings,
) -> FsrsCard:
    """fsrs's review, with the fuzzed due day chosen by load (:mod:`quizapp.study.balance`)."""
    if not (scheduler.enable_fuzzing and settings.load_balance):
        return scheduler.review_card(card, rating, moment)[0]
    steady = copy(scheduler)
    steady.enable_fuzzing = False
    reviewed, _ = steady.review_card(card, rating, moment)
    interval = reviewed.due - moment
    if reviewed.state != State.Review or interval.days < balance.MIN_FUZZED_DAYS:
        return scheduler.review_card(card, rating, moment)[0]

    def due_on(first: int, last: int) -> list[int]:
        # From today, since due_between's first range also holds every overdue card.
        today = study_day(moment, settings.day_start_hour)
        bounds = [
            day_start(today + timedelta(days=offset), settings.day_start_hour)
            for offset in range(0, last + 2)
        ]
        return due_between(store, bounds)[first:]

    days = balance.balanced_interval(interval.days, due_on, scheduler.maximum_interval)
    reviewed.due = moment + timedelta(days=days)
    return reviewed
