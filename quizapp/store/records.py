"""The rows the store keeps, as frozen dataclasses with UTC-aware datetimes."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from quizapp.decks.model import CardKey

#: ``prior_state`` of a review whose card was new (fsrs states are 1, 2 and 3).
NEW = 0


def to_ms(moment: datetime) -> int:
    """Return ``moment`` (timezone-aware) as integer milliseconds since the epoch.

    Raises:
        ValueError: ``moment`` is naive (its meaning would depend on the machine).
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"datetime must be timezone-aware (UTC), got naive {moment!r}")
    return round(moment.timestamp() * 1000)


def from_ms(milliseconds: int) -> datetime:
    """Return the UTC datetime of ``milliseconds`` since the epoch."""
    return datetime.fromtimestamp(milliseconds / 1000, tz=UTC)


def _optional_ms(moment: datetime | None) -> int | None:
    return None if moment is None else to_ms(moment)


def _optional_datetime(milliseconds: int | None) -> datetime | None:
    return None if milliseconds is None else from_ms(milliseconds)


@dataclass(frozen=True)
class CardState:
    """What the store knows about one card.

    Attributes:
        deck_id: the card's deck.
        card_id: the card's id within the deck.
        fsrs_card: the scheduler's card (``fsrs.Card.to_json()``); the store does not
            interpret it, the columns below repeat what queries need.
        state: fsrs State value: 1 learning, 2 review, 3 relearning.
        due: when it is next due (UTC).
        stability: FSRS stability in days (None before the first review).
        difficulty: FSRS difficulty (None before the first review).
        last_review: the last scheduled review (UTC), None if never reviewed.
        reps: scheduled reviews so far; 0 means the card is still new.
        lapses: times it was forgotten (Again) while in the review state.
        suspended: left out of every queue until unsuspended.
        buried_until: left out of queues until this moment (the next study day).
        leech: tagged as a leech (too many lapses).
    """

    deck_id: str
    card_id: str
    fsrs_card: str
    state: int
    due: datetime
    stability: float | None = None
    difficulty: float | None = None
    last_review: datetime | None = None
    reps: int = 0
    lapses: int = 0
    suspended: bool = False
    buried_until: datetime | None = None
    leech: bool = False

    @property
    def key(self) -> CardKey:
        """The card's identity."""
        return CardKey(self.deck_id, self.card_id)

    @property
    def is_new(self) -> bool:
        """Never reviewed on the schedule."""
        return self.reps == 0

    def to_row(self) -> tuple[Any, ...]:
        """Return the values of a ``card_state`` row, in column order."""
        return (
            self.deck_id,
            self.card_id,
            self.fsrs_card,
            self.state,
            to_ms(self.due),
            self.stability,
            self.difficulty,
            _optional_ms(self.last_review),
            self.reps,
            self.lapses,
            int(self.suspended),
            _optional_ms(self.buried_until),
            int(self.leech),
        )

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> CardState:
        """Build a CardState from a ``card_state`` row (column order of :meth:`to_row`)."""
        return cls(
            deck_id=row[0],
            card_id=row[1],
            fsrs_card=row[2],
            state=row[3],
            due=from_ms(row[4]),
            stability=row[5],
            difficulty=row[6],
            last_review=_optional_datetime(row[7]),
            reps=row[8],
            lapses=row[9],
            suspended=bool(row[10]),
            buried_until=_optional_datetime(row[11]),
            leech=bool(row[12]),
        )

    def to_json(self) -> str:
        """Return the state as JSON (kept in the review log as the state before a review)."""
        return json.dumps(list(self.to_row()))

    @classmethod
    def from_json(cls, text: str) -> CardState:
        """Inverse of :meth:`to_json`."""
        return cls.from_row(tuple(json.loads(text)))


STATE_COLUMNS = (
    "deck_id, card_id, fsrs_card, state, due_ms, stability, difficulty, last_review_ms, "
    "reps, lapses, suspended, buried_until_ms, leech"
)


@dataclass(frozen=True)
class ReviewRecord:
    """One row of the review log.

    Attributes:
        deck_id: the card's deck.
        card_id: the card's id.
        reviewed_at: when the answer was graded (UTC).
        rating: fsrs Rating value 1-4 (Again, Hard, Good, Easy).
        prior_state: 0 if the card was new, else its fsrs State before the review.
        duration_ms: how long the learner took.
        answer: the answer as typed (None for a self-graded flashcard).
        verdict: the engine Verdict as a dict (None when self-graded).
        correct: whether the typed answer was right (None when self-graded).
        seed: the generated problem's seed.
        family: the generated problem's family.
        mistake: the recognised mistake's id, if any.
        state_before: the card's stored state before the review (None: it had none).
        drill: made in a drill.
        session_id: the study session it belongs to (undo works per session).
        id: the row id (None before it is stored).
    """

    deck_id: str
    card_id: str
    reviewed_at: datetime
    rating: int
    prior_state: int
    duration_ms: int | None = None
    answer: str | None = None
    verdict: dict[str, Any] | None = None
    correct: bool | None = None
    seed: int | None = None
    family: str | None = None
    mistake: str | None = None
    state_before: CardState | None = None
    drill: bool = False
    session_id: str | None = None
    id: int | None = None

    @property
    def key(self) -> CardKey:
        """The reviewed card's identity."""
        return CardKey(self.deck_id, self.card_id)

    def to_row(self) -> tuple[Any, ...]:
        """Return the values of a ``review`` row in :data:`REVIEW_COLUMNS` order (no id)."""
        return (
            self.deck_id,
            self.card_id,
            to_ms(self.reviewed_at),
            self.rating,
            self.duration_ms,
            self.answer,
            None if self.verdict is None else json.dumps(self.verdict, ensure_ascii=False),
            None if self.correct is None else int(self.correct),
            self.seed,
            self.family,
            self.mistake,
            self.prior_state,
            None if self.state_before is None else self.state_before.to_json(),
            int(self.drill),
            self.session_id,
        )

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> ReviewRecord:
        """Build a record from ``SELECT id, <REVIEW_COLUMNS>``."""
        return cls(
            id=row[0],
            deck_id=row[1],
            card_id=row[2],
            reviewed_at=from_ms(row[3]),
            rating=row[4],
            duration_ms=row[5],
            answer=row[6],
            verdict=None if row[7] is None else json.loads(row[7]),
            correct=None if row[8] is None else bool(row[8]),
            seed=row[9],
            family=row[10],
            mistake=row[11],
            prior_state=row[12],
            state_before=None if row[13] is None else CardState.from_json(row[13]),
            drill=bool(row[14]),
            session_id=row[15],
        )

    def as_dict(self) -> dict[str, Any]:
        """Return the record as plain data (datetimes as ISO text)."""
        data = asdict(self)
        data["reviewed_at"] = self.reviewed_at.isoformat()
        data["state_before"] = (
            None if self.state_before is None else list(self.state_before.to_row())
        )
        return data


REVIEW_COLUMNS = (
    "deck_id, card_id, reviewed_at_ms, rating, duration_ms, answer, verdict, correct, seed, "
    "family, mistake, prior_state, state_before, drill, session_id"
)
