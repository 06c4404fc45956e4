"""A study sitting as the learner meets it: which card is shown, its problem instance,
the live reading of a typed answer, grading, rating, undo, and the closing summary.

This sits between the UI and the domain: it turns a :class:`~quizapp.study.StudySession`
(scheduling and the review log) and the decks (cards, problem instances) into what a
screen shows, and the learner's keys into reviews. It never imports textual, so the whole
study loop can be driven in tests without a screen.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from engine.problem import Problem, Text, Verdict
from quizapp.decks.model import TYPED_KINDS, Card, CardKey
from quizapp.i18n import Lang, t
from quizapp.study import Rating, StudySession, bury, format_interval, rating_for, suspend

#: Number keys of the four rating buttons and the catalog names of their labels.
RATING_KEYS: dict[int, str] = {1: "again", 2: "hard", 3: "good", 4: "easy"}
_RATINGS = {1: Rating.Again, 2: Rating.Hard, 3: Rating.Good, 4: Rating.Easy}
#: Problem seeds are drawn from [0, SEED_RANGE): each showing of a card is a fresh variant.
SEED_RANGE = 2**31


@dataclass(frozen=True)
class Presented:
    """The card on screen, with its problem instance when the answer is graded.

    Attributes:
        card: the deck card.
        deck_title: its deck's title.
        problem: the instance to answer (None for a self-graded flashcard).
        seed: the instance's seed (logged with the review).
        started: when the card appeared (``time.monotonic()``), for the answer's duration.
    """

    card: Card
    deck_title: Text
    problem: Problem | None
    seed: int | None
    started: float

    @property
    def typed(self) -> bool:
        """The learner types the answer (numeric, expression, generated, template)."""
        return self.card.kind in TYPED_KINDS

    @property
    def hint(self) -> Text:
        """The card's hint, else its problem's."""
        if self.card.hint:
            return self.card.hint
        return self.problem.hint if self.problem is not None else {}

    @property
    def has_hint(self) -> bool:
        """There is a hint to show."""
        return bool(self.hint)

    @property
    def many_answers(self) -> bool:
        """A choice card with more than one right option."""
        return self.problem is not None and len(self.problem.answer) > 1

    @property
    def answer_kind(self) -> str:
        """What the input expects: scalar, vector, matrix, labels, expression or choice."""
        return self.problem.kind if self.problem is not None else "flashcard"


@dataclass
class SessionSummary:
    """What a finished sitting amounted to.

    Attributes:
        cards_done: reviews recorded (undone ones not counted).
        graded: auto-graded answers among them.
        correct: of those, the right ones.
        self_rated: flashcards the learner rated themselves.
        recalled: of those, the ones not rated Again (Anki's "correct").
        seconds: time from the first card to the end.
        mistakes: recognised mistakes seen, with their feedback and how often.
        next_due: when the next card of these decks is due (None: nothing scheduled).
        finished_at: when the summary was made.
    """

    cards_done: int
    graded: int
    correct: int
    self_rated: int
    recalled: int
    seconds: float
    mistakes: list[tuple[Text, int]]
    next_due: datetime | None
    finished_at: datetime


@dataclass
class _Done:
    """One recorded review, kept so that undo can take it back out of the summary."""

    graded: bool
    correct: bool
    mistake: tuple[str, str] | None
    again: bool


@dataclass
class Practice:
    """The learner's side of a :class:`StudySession`.

    Attributes:
        session: scheduling, the queue, the review log and undo.
        cards: every loaded card by key.
        deck_titles: deck titles by deck id.
        clock: returns the current UTC time.
        rng: draws each problem's seed.
        next_due: finds when the next card of these decks is due, after a moment.
        current: the card on screen (None when the sitting is over).
        done: reviews recorded so far.
        skipped: cards that could not be shown (a problem that failed to generate), and why.
    """

    session: StudySession
    cards: dict[CardKey, Card]
    deck_titles: dict[str, Text]
    clock: Callable[[], datetime]
    rng: random.Random = field(default_factory=random.Random)
    next_due: Callable[[datetime], datetime | None] = lambda moment: None
    current: Presented | None = None
    done: int = 0
    skipped: list[tuple[CardKey, str]] = field(default_factory=list)
    _started_at: datetime | None = None
    _history: list[_Done] = field(default_factory=list)
    _feedback: dict[tuple[str, str], Text] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._started_at = self.clock()
        self.advance()

    # --- the queue ---------------------------------------------------------------

    @property
    def drill(self) -> bool:
        """This sitting drills weak cards outside the schedule."""
        return self.session.drill

    @property
    def remaining(self) -> int:
        """Cards still to come after the current one."""
        return self.session.remaining

    def advance(self) -> Presented | None:
        """Show the next card (or nothing, when the sitting is over)."""
        self.current = None
        while True:
            key = self.session.next_card(self.clock())
            if key is None:
                return None
            card = self.cards.get(key)
            if card is None:  # its deck was edited away mid-session: nothing to show
                continue
            try:
                self.current = self._present(card)
            except Exception as error:  # noqa: BLE001 - one broken card must not end the sitting
                self.skipped.append((key, f"{type(error).__name__}: {error}"))
                continue
            return self.current

    def _present(self, card: Card) -> Presented:
        problem, seed = None, None
        if card.kind != "flashcard":
            from quizapp.decks.instances import instantiate

            seed = self.rng.randrange(SEED_RANGE)
            problem = instantiate(card, seed)
        return Presented(
            card=card,
            deck_title=self.deck_titles.get(card.deck_id, {"en": card.deck_id}),
            problem=problem,
            seed=seed,
            started=time.monotonic(),
        )

    # --- answering ---------------------------------------------------------------

    def interval_labels(self, lang: Lang) -> dict[int, str]:
        """The interval each rating button would give the current card, as in Anki."""
        assert self.current is not None
        intervals = self.session.preview(self.current.card.key, self.clock())
        return {number: format_interval(intervals[_RATINGS[number]], lang) for number in _RATINGS}

    def grade(self, text: str) -> Verdict:
        """Grade a typed answer to the current card (up to a second: not on the UI thread)."""
        from engine.grading import grade

        assert self.current is not None and self.current.problem is not None
        return grade(self.current.problem, text)

    def grade_choice(self, selected: set[int]) -> Verdict:
        """Grade the chosen options (0-based indices as shown)."""
        return self.grade(" ".join(str(index + 1) for index in sorted(selected)))

    def record_self_rating(self, number: int) -> Rating:
        """Record a flashcard's self-grade, 1-4 (Again, Hard, Good, Easy)."""
        assert self.current is not None
        rating = _RATINGS[number]
        self._record(rating, answer=None, verdict=None)
        return rating

    def record_typed(self, text: str, verdict: Verdict, *, hint_used: bool) -> Rating | None:
        """Record a graded answer; invalid input records nothing (it is not an attempt).

        The rating follows the settings' mapping: incorrect Again, correct Good, correct
        after the hint Hard, correct faster than the card's target time Easy.
        """
        current = self.current
        assert current is not None
        elapsed = time.monotonic() - current.started
        rating = rating_for(
            verdict,
            hint_used=hint_used,
            elapsed_seconds=elapsed,
            target_seconds=current.card.target_seconds,
            mode=self.session.settings.rating_mode,
        )
        if rating is None:
            return None
        self._record(rating, answer=text, verdict=verdict)
        return rating

    def _record(self, rating: Rating, *, answer: str | None, verdict: Verdict | None) -> None:
        current = self.current
        assert current is not None
        family = None
        if current.card.kind == "generated" and current.problem is not None:
            family = current.problem.family
        self.session.answer(
            current.card.key,
            rating,
            self.clock(),
            duration_ms=round(1000 * (time.monotonic() - current.started)),
            answer=answer,
            verdict=verdict,
            seed=current.seed,
            family=family,
        )
        mistake = None
        if verdict is not None and verdict.mistake is not None:
            mistake = (family or str(current.card.key), verdict.mistake)
            self._feedback[mistake] = verdict.feedback
        self._history.append(
            _Done(
                graded=verdict is not None,
                correct=verdict is not None and verdict.status == "correct",
                mistake=mistake,
                again=rating == Rating.Again,
            )
        )
        self.done += 1

    # --- undo, bury, suspend -----------------------------------------------------

    @property
    def can_undo(self) -> bool:
        """There is a review of this sitting to take back."""
        return bool(self.session.undo_stack)

    def undo(self) -> bool:
        """Take back the latest review and show its card again."""
        removed = self.session.undo()
        if removed is None:
            return False
        if self._history:
            self._history.pop()
            self.done -= 1
        self.advance()
        return True

    def bury_current(self) -> None:
        """Hide the current card until the next study day, and move on."""
        assert self.current is not None
        bury(self.session.store, self.current.card.key, self.clock(), self.session.settings)
        self.advance()

    def suspend_current(self) -> None:
        """Leave the current card out of every queue until unsuspended, and move on."""
        assert self.current is not None
        suspend(self.session.store, self.current.card.key, self.clock())
        self.advance()

    # --- the end -----------------------------------------------------------------

    def summary(self) -> SessionSummary:
        """Cards done, accuracy, time spent, mistakes seen, and when cards are next due."""
        now = self.clock()
        graded = [done for done in self._history if done.graded]
        self_rated = [done for done in self._history if not done.graded]
        counts = Counter(done.mistake for done in self._history if done.mistake is not None)
        started = self._started_at or now
        return SessionSummary(
            cards_done=len(self._history),
            graded=len(graded),
            correct=sum(done.correct for done in graded),
            self_rated=len(self_rated),
            recalled=sum(not done.again for done in self_rated),
            seconds=max(0.0, (now - started).total_seconds()),
            mistakes=[(self._feedback[key], count) for key, count in counts.most_common()],
            next_due=self.next_due(now),
            finished_at=now,
        )


def format_duration(seconds: float, lang: Lang) -> str:
    """A time spent, for people: ``45 s``, ``12 min``, ``1 h 05 min``."""
    language = "en" if lang == "both" else lang
    if seconds < 60:
        return t("duration.seconds", language, n=round(seconds))
    minutes = round(seconds / 60)
    if minutes < 60:
        return t("duration.minutes", language, n=minutes)
    return t("duration.hours", language, h=minutes // 60, m=f"{minutes % 60:02d}")


def format_when(moment: datetime, now: datetime, lang: Lang) -> str:
    """When something is due, relative to now: ``now``, ``in 10m``, ``in 3d``."""
    language = "en" if lang == "both" else lang
    if moment <= now:
        return t("when.now", language)
    return t("when.in", language, interval=format_interval(moment - now, language))


__all__ = [
    "RATING_KEYS",
    "Practice",
    "Presented",
    "SessionSummary",
    "format_duration",
    "format_when",
]
