"""A study session: today's queue, learning cards coming back, and undo.

The UI asks :meth:`StudySession.next_card`, shows the card, and reports the rating with
:meth:`StudySession.answer`, which commits the review before returning. A card answered
Again (or still in its learning steps) comes back later the same day when it falls due.
:meth:`StudySession.undo` goes back one review at a time.
"""

from __future__ import annotations

import bisect
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from typing import Any

from fsrs import Rating, Scheduler, State

from quizapp.config import Settings
from quizapp.decks.model import Card, CardKey, Deck
from quizapp.store import ReviewRecord, Store
from quizapp.study.days import day_bounds, utc
from quizapp.study.queue import LEARN_AHEAD, build_queue, cards_by_key, drill_queue
from quizapp.study.reviews import ReviewOutcome, record_review, undo_review
from quizapp.study.scheduling import make_scheduler, preview_intervals


@dataclass
class StudySession:
    """One sitting of study (or of a drill) over some decks.

    Create it with :meth:`start` or :meth:`start_drill`.

    Attributes:
        store: the open database.
        settings: the learner's settings.
        cards: every card of the session's decks by key.
        queue: cards still to show, in order.
        scheduler: the fsrs scheduler.
        session_id: identifies the session's reviews in the log.
        drill: a drill session (reviews logged with ``drill``).
        tz: the learner's time zone (None: the machine's).
        learning: cards answered this session that come back later today, by due time.
        undo_stack: review ids, latest last.
    """

    store: Store
    settings: Settings
    cards: dict[CardKey, Card]
    queue: list[CardKey]
    scheduler: Scheduler
    session_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    drill: bool = False
    tz: tzinfo | None = None
    learning: list[tuple[datetime, CardKey]] = field(default_factory=list)
    undo_stack: list[int] = field(default_factory=list)

    @classmethod
    def start(
        cls,
        store: Store,
        decks: Sequence[Deck],
        now: datetime,
        settings: Settings,
        *,
        tz: tzinfo | None = None,
        scheduler: Scheduler | None = None,
    ) -> StudySession:
        """Start studying today's queue of ``decks``."""
        return cls(
            store=store,
            settings=settings,
            cards=cards_by_key(decks),
            queue=build_queue(store, decks, now, settings, tz),
            scheduler=scheduler or make_scheduler(settings),
            tz=tz,
        )

    @classmethod
    def start_drill(
        cls,
        store: Store,
        decks: Sequence[Deck],
        now: datetime,
        settings: Settings,
        *,
        n: int = 20,
        tag: str | None = None,
        deck_id: str | None = None,
        scheduler: Scheduler | None = None,
    ) -> StudySession:
        """Start a drill of the ``n`` weakest cards (see :func:`drill_queue`)."""
        return cls(
            store=store,
            settings=settings,
            cards=cards_by_key(decks),
            queue=drill_queue(store, decks, now, settings, n=n, tag=tag, deck_id=deck_id),
            scheduler=scheduler or make_scheduler(settings),
            drill=True,
        )

    @property
    def remaining(self) -> int:
        """Cards still to show, counting learning cards that come back today."""
        return len(self.queue) + len(self.learning)

    def next_due_learning(self) -> datetime | None:
        """When the next learning card comes back, or None."""
        return self.learning[0][0] if self.learning else None

    def next_card(self, now: datetime) -> CardKey | None:
        """Return the card to show now, or None when nothing is left for now.

        A learning card that has fallen due comes first; then the queue; then a
        learning card due within :data:`LEARN_AHEAD`.
        """
        moment = utc(now)
        if self.learning and self.learning[0][0] <= moment:
            return self.learning.pop(0)[1]
        if self.queue:
            return self.queue.pop(0)
        if self.learning and self.learning[0][0] <= moment + LEARN_AHEAD:
            return self.learning.pop(0)[1]
        return None

    def preview(self, key: CardKey, now: datetime) -> dict[Rating, timedelta]:
        """Return the interval each rating would give ``key`` (for the four buttons)."""
        return preview_intervals(self.scheduler, self.store.get_state(key), now)

    def answer(self, key: CardKey, rating: Rating, now: datetime, **review: Any) -> ReviewOutcome:
        """Record the review of ``key`` (committed before this returns).

        Args:
            key: the card shown.
            rating: the rating (from :func:`rating_for` or the learner's button).
            now: the moment of the review.
            **review: passed to :func:`record_review` (duration_ms, answer, verdict, seed,
                family).

        Returns:
            What happened; if the card is still learning and due before the study day
            ends, it will come back from :meth:`next_card`.
        """
        outcome = record_review(
            self.store,
            self.scheduler,
            key,
            rating,
            now,
            self.settings,
            drill=self.drill,
            session_id=self.session_id,
            **review,
        )
        self.undo_stack.append(outcome.review_id)
        after = outcome.after
        if self.drill and not outcome.moved_schedule:
            if rating == Rating.Again:  # drilled and missed: once more at the end
                self.queue.append(key)
            return outcome
        if after is not None and after.state != State.Review and not after.suspended:
            _, day_end = day_bounds(now, self.settings.day_start_hour, self.tz)
            if after.due < day_end:
                bisect.insort(self.learning, (after.due, key))
        return outcome

    def undo(self) -> ReviewRecord | None:
        """Undo the latest review of this session and show its card again next.

        Returns:
            The removed review, or None when there is nothing to undo.
        """
        if not self.undo_stack:
            return None
        removed = undo_review(self.store, self.undo_stack.pop())
        key = removed.key
        self.learning = [(due, other) for due, other in self.learning if other != key]
        if self.drill and key in self.queue[-1:]:
            self.queue.pop()
        self.queue.insert(0, key)
        return removed
