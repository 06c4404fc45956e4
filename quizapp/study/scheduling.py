"""FSRS underneath: the scheduler quizapp uses, one review's new schedule, ratings from
verdicts, interval previews.

The algorithm is the ``fsrs`` package's; this module configures it (desired retention,
learning steps 1m and 10m, relearning step 10m, fuzzing), converts between its Card and
the store's :class:`CardState`, and :func:`schedule_review` turns a card's state and a
rating into the review's log row and the card's new state — new values, nothing stored,
as ``fsrs.Scheduler.review_card`` returns a card and a log.
"""

from __future__ import annotations

from collections.abc import Sequence
from copy import copy
from dataclasses import replace
from datetime import datetime, timedelta

from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler, State

from engine.problem import Verdict
from quizapp.config import RatingMode, Settings
from quizapp.decks.model import CardKey
from quizapp.i18n import Lang, t
from quizapp.store.records import NEW, CardState, ReviewRecord
from quizapp.study.balance import DueOn, review_balanced
from quizapp.study.days import utc

LEARNING_STEPS = (timedelta(minutes=1), timedelta(minutes=10))
RELEARNING_STEPS = (timedelta(minutes=10),)
#: fsrs wants an integer card id; quizapp identifies cards by CardKey instead.
_UNUSED_FSRS_ID = 0
RATINGS: tuple[Rating, ...] = (Rating.Again, Rating.Hard, Rating.Good, Rating.Easy)


def make_scheduler(
    settings: Settings,
    *,
    fuzz: bool | None = None,
    parameters: Sequence[float] | None = None,
) -> Scheduler:
    """Return the fsrs Scheduler for ``settings``.

    Args:
        settings: desired retention and fuzzing come from here.
        fuzz: overrides ``settings.fuzz`` (tests turn it off for exact intervals).
        parameters: the learner's fitted FSRS-6 parameters
            (:mod:`quizapp.study.personal`); None for the defaults.
    """
    extra = {} if parameters is None else {"parameters": tuple(parameters)}
    return Scheduler(
        **extra,
        desired_retention=settings.desired_retention,
        learning_steps=LEARNING_STEPS,
        relearning_steps=RELEARNING_STEPS,
        enable_fuzzing=settings.fuzz if fuzz is None else fuzz,
    )


def new_fsrs_card(now: datetime) -> FsrsCard:
    """Return the fsrs card of a never-reviewed card, due ``now``."""
    return FsrsCard(card_id=_UNUSED_FSRS_ID, state=State.Learning, due=utc(now))


def fsrs_card_of(state: CardState | None, now: datetime) -> FsrsCard:
    """Return the fsrs card stored in ``state`` (a fresh one if the card is new)."""
    if state is None or state.is_new:
        return new_fsrs_card(now)
    return FsrsCard.from_json(state.fsrs_card)


def state_from_fsrs(key: CardKey, card: FsrsCard, base: CardState | None = None) -> CardState:
    """Return a CardState holding ``card``; other fields come from ``base`` (or defaults)."""
    return CardState(
        deck_id=key.deck_id,
        card_id=key.card_id,
        fsrs_card=card.to_json(),
        state=int(card.state),
        due=card.due,
        stability=card.stability,
        difficulty=card.difficulty,
        last_review=card.last_review,
        reps=base.reps if base else 0,
        lapses=base.lapses if base else 0,
        suspended=base.suspended if base else False,
        buried_until=base.buried_until if base else None,
        leech=base.leech if base else False,
    )


def retrievability(scheduler: Scheduler, state: CardState | None, now: datetime) -> float:
    """Return the probability of recalling the card ``now`` (0 for a new card, per fsrs)."""
    if state is None or state.is_new or state.last_review is None or state.stability is None:
        return 0.0
    card = FsrsCard(
        card_id=_UNUSED_FSRS_ID,
        state=State(state.state),
        stability=state.stability,
        difficulty=state.difficulty,
        due=state.due,
        last_review=state.last_review,
    )
    return float(scheduler.get_card_retrievability(card, utc(now)))


def preview_intervals(
    scheduler: Scheduler, state: CardState | None, now: datetime
) -> dict[Rating, timedelta]:
    """Return the interval each rating would give, for the four buttons (as in Anki).

    Nothing is stored or changed. The preview is computed without fuzz, so the real
    interval may differ from it by the fuzz (a few percent, only for intervals of days).

    Args:
        scheduler: the scheduler reviews use.
        state: the card's stored state (None: new).
        now: the moment of the review.
    """
    exact = copy(scheduler)
    exact.enable_fuzzing = False
    card = fsrs_card_of(state, now)
    moment = utc(now)
    return {rating: exact.review_card(card, rating, moment)[0].due - moment for rating in RATINGS}


def is_leech_lapse(lapses: int, threshold: int) -> bool:
    """Whether reaching ``lapses`` lapses marks a leech (as Anki: at the threshold, then
    again every half threshold)."""
    if lapses < threshold:
        return False
    return (lapses - threshold) % max(1, threshold // 2) == 0


def schedule_review(
    before: CardState | None,
    rating: Rating,
    now: datetime,
    settings: Settings,
    *,
    key: CardKey,
    scheduler: Scheduler | None = None,
    drill: bool = False,
    due_on: DueOn | None = None,
) -> tuple[ReviewRecord, CardState | None]:
    """Schedule one review of a card: pure, nothing is read or stored.

    Args:
        before: the card's stored state (None: it has none yet).
        rating: Again, Hard, Good or Easy.
        now: the moment of the review (aware).
        settings: leech threshold and action, and whether drills move the schedule.
        key: the card (a card without a state has no key of its own yet).
        scheduler: from :func:`make_scheduler` (default: one for ``settings``).
        drill: made in a drill (moves the schedule only if ``settings.drill_moves_schedule``).
        due_on: how many cards are due on given days ahead; with it (and
            ``settings.load_balance``) a fuzzed due day goes to the least loaded day
            (:mod:`quizapp.study.balance`).

    Returns:
        The review's log row (the scheduling part: the caller adds what was answered)
        and the card's state after it — ``before`` itself when a drill leaves the
        schedule alone.
    """
    moment = utc(now)
    prior_state = NEW if before is None or before.is_new else before.state
    record = ReviewRecord(
        deck_id=key.deck_id,
        card_id=key.card_id,
        reviewed_at=moment,
        rating=int(rating),
        prior_state=prior_state,
        state_before=before,
        drill=drill,
    )
    if drill and not settings.drill_moves_schedule:
        return record, before
    scheduler = scheduler or make_scheduler(settings)
    if due_on is not None and settings.load_balance:
        card = review_balanced(scheduler, fsrs_card_of(before, moment), rating, moment, due_on)
    else:
        card, _ = scheduler.review_card(fsrs_card_of(before, moment), rating, moment)
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
    return record, after


def rating_for(
    verdict: Verdict,
    *,
    hint_used: bool = False,
    elapsed_seconds: float | None = None,
    target_seconds: float | None = None,
    mode: RatingMode = "fsrs4",
) -> Rating | None:
    """Map an auto-graded answer to an FSRS rating.

    ``fsrs4`` mode: incorrect → Again; correct after opening the hint → Hard; correct
    faster than the target time → Easy; otherwise correct → Good. ``pass_fail`` mode:
    incorrect → Again, correct → Good.

    Args:
        verdict: the grader's verdict.
        hint_used: the learner opened the hint before answering.
        elapsed_seconds: how long the answer took.
        target_seconds: the card's target time.
        mode: the ``rating_mode`` setting.

    Returns:
        The rating, or None for invalid input (not an attempt: nothing is logged).
    """
    if not verdict.is_attempt:
        return None
    if verdict.status != "correct":
        return Rating.Again
    if mode == "pass_fail":
        return Rating.Good
    if hint_used:
        return Rating.Hard
    if (
        elapsed_seconds is not None
        and target_seconds is not None
        and elapsed_seconds < target_seconds
    ):
        return Rating.Easy
    return Rating.Good


_MINUTE, _HOUR, _DAY = 60.0, 3600.0, 86400.0
_MONTH_DAYS, _YEAR_DAYS = 30.0, 365.0


def _number(value: float) -> str:
    """One decimal at most, without a trailing ``.0``."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def format_interval(interval: timedelta, lang: Lang = "en") -> str:
    """Return a short interval for a rating button: ``<1m``, ``10m``, ``3d``, ``2.1mo``.

    Args:
        interval: the interval.
        lang: ``en``, ``zh`` (``10分钟``, ``3天``) or ``both`` (the short English form).
    """
    language = "en" if lang == "both" else lang
    seconds = interval.total_seconds()
    if seconds < _MINUTE:
        return t("interval.under_minute", language)
    if round(seconds / _MINUTE) < _HOUR / _MINUTE:
        return t("interval.minutes", language, n=round(seconds / _MINUTE))
    if seconds < _DAY:
        return t("interval.hours", language, n=_number(seconds / _HOUR))
    days = seconds / _DAY
    if days < _MONTH_DAYS:
        return t("interval.days", language, n=round(days))
    if days < _YEAR_DAYS:
        return t("interval.months", language, n=_number(days / _MONTH_DAYS))
    return t("interval.years", language, n=_number(days / _YEAR_DAYS))
