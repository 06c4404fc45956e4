"""A sitting: one learner at one card, from the first card of a queue to its summary.

The screen sends the sitting what the learner did — :meth:`Sitting.submit` a typed
answer, :meth:`Sitting.submit_choice` the chosen options, :meth:`Sitting.rate` a
flashcard, :meth:`Sitting.open_hint` — and renders what comes back. The sitting grades,
schedules and records in one call, keeps the queue (learning cards come back when they
fall due), undoes, buries and suspends, and sums the sitting up at the end. It never
imports textual, so the whole study loop can be driven in tests without a screen.
"""

from __future__ import annotations

import bisect
import random
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from engine.problem import Problem, Text, Verdict
from quizapp.config import Settings
from quizapp.decks.model import TYPED_KINDS, Card, CardKey, Deck
from quizapp.i18n import Lang, t
from quizapp.store import CardState, Store
from quizapp.study.counts import Counts
from quizapp.study.days import day_bounds, utc
from quizapp.study.queue import LEARN_AHEAD, drill_queue, plan_today

if TYPE_CHECKING:
    from fsrs import Rating, Scheduler

    from engine.code.check import CodeReport
    from engine.code.task import CodeTask
    from engine.grading import Reading

#: Number keys of the four rating buttons and the catalog names of their labels.
RATING_KEYS: dict[int, str] = {1: "again", 2: "hard", 3: "good", 4: "easy"}
#: Problem seeds are drawn from [0, SEED_RANGE): each showing of a card is a fresh variant.
SEED_RANGE = 2**31
#: ``fsrs.State.Review`` (a graduated card does not come back the same day).
_REVIEW_STATE = 2


def _rating(number: int) -> Rating:
    from fsrs import Rating

    return Rating(number)


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
        """The card's hint, else its problem's (or its code task's), rendered.

        A problem made from a card carries the card's hint (a template's filled with the
        values drawn); a generated card's own hint comes before its family's.
        """
        if self.card.hint and (self.problem is None or self.card.kind == "generated"):
            return self.card.shown.hint
        if self.code:
            from engine.code import tasks

            return tasks.get(self.card.task or "").hint
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
    def code(self) -> bool:
        """A code card: the learner writes a function and runs the task's tests."""
        return self.card.kind == "code"

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

    review_id: int
    graded: bool
    correct: bool
    mistake: tuple[str, str] | None
    again: bool


@dataclass
class Sitting:
    """One learner studying (or drilling) a queue of cards, one card at a time.

    Create it with :meth:`start` or :meth:`start_drill`.

    Attributes:
        store: the open database.
        settings: the learner's settings.
        scheduler: the fsrs scheduler.
        cards: every loaded card by key.
        deck_titles: deck titles by deck id.
        queue: cards still to show, in order.
        clock: returns the current UTC time.
        rng: draws each problem's seed.
        next_due: finds when the next card of these decks is due, after a moment.
        drill: a drill (reviews logged with ``drill``; the schedule moves only if so set).
        tz: the learner's time zone (None: the machine's).
        session_id: identifies the sitting's reviews in the log.
        learning: cards answered in this sitting that come back later today, by due time.
        decks: the decks studied (empty for a drill): a sitting keeps what the home
            screen promised, so when its queue runs out it asks for today's plan again
            (cards buried or suspended in between leave room for others).
        current: the card on screen (None when the sitting is over).
    """

    store: Store
    settings: Settings
    scheduler: Scheduler
    cards: dict[CardKey, Card]
    deck_titles: dict[str, Text]
    queue: list[CardKey]
    clock: Callable[[], datetime]
    rng: random.Random = field(default_factory=random.Random)
    next_due: Callable[[datetime], datetime | None] = lambda moment: None
    drill: bool = False
    tz: tzinfo | None = None
    session_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    learning: list[tuple[datetime, CardKey]] = field(default_factory=list)
    decks: tuple[Deck, ...] = ()
    current: Presented | None = None
    _hint_open: bool = False
    _open: bool = False
    _seeds: dict[CardKey, int] = field(default_factory=dict)
    _unshowable: set[CardKey] = field(default_factory=set)
    _skipped: list[tuple[CardKey, str]] = field(default_factory=list)
    _started_at: datetime | None = None
    _history: list[_Done] = field(default_factory=list)
    _feedback: dict[tuple[str, str], Text] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _code_runs: int = 0
    _code_failures: int = 0
    _code_report: CodeReport | None = None
    _code_source: str = ""

    def __post_init__(self) -> None:
        self._started_at = self.clock()
        if any(_graded_as_expression(self.cards.get(key)) for key in self.queue):
            # Checking an expression needs a process with SymPy loaded, about a second to
            # start: start it now, while the learner reads, so the first answer is as fast
            # as the rest.
            from engine.checker import start_checker

            start_checker()
        self.advance()

    @classmethod
    def start(
        cls,
        store: Store,
        decks: Sequence[Deck],
        settings: Settings,
        *,
        clock: Callable[[], datetime],
        cards: dict[CardKey, Card],
        deck_titles: dict[str, Text],
        scheduler: Scheduler | None = None,
        rng: random.Random | None = None,
        next_due: Callable[[datetime], datetime | None] = lambda moment: None,
        tz: tzinfo | None = None,
    ) -> Sitting:
        """Start studying today's queue of ``decks`` (see :func:`plan_today`)."""
        from quizapp.study.scheduling import make_scheduler

        return cls(
            store=store,
            settings=settings,
            scheduler=scheduler or make_scheduler(settings),
            cards=cards,
            deck_titles=deck_titles,
            queue=plan_today(store, decks, clock(), settings, tz).queue(),
            clock=clock,
            rng=rng or random.Random(),
            next_due=next_due,
            tz=tz,
            decks=tuple(decks),
        )

    @classmethod
    def start_drill(
        cls,
        store: Store,
        decks: Sequence[Deck],
        settings: Settings,
        *,
        clock: Callable[[], datetime],
        cards: dict[CardKey, Card],
        deck_titles: dict[str, Text],
        n: int = 20,
        tag: str | None = None,
        deck_id: str | None = None,
        scheduler: Scheduler | None = None,
        rng: random.Random | None = None,
        next_due: Callable[[datetime], datetime | None] = lambda moment: None,
    ) -> Sitting:
        """Start a drill of the ``n`` weakest cards (see :func:`drill_queue`)."""
        from quizapp.study.scheduling import make_scheduler

        return cls(
            store=store,
            settings=settings,
            scheduler=scheduler or make_scheduler(settings),
            cards=cards,
            deck_titles=deck_titles,
            queue=drill_queue(store, decks, clock(), settings, n=n, tag=tag, deck_id=deck_id),
            clock=clock,
            rng=rng or random.Random(),
            next_due=next_due,
            drill=True,
        )

    # --- the queue ---------------------------------------------------------------

    @property
    def done(self) -> int:
        """Reviews recorded so far (undone ones not counted)."""
        return len(self._history)

    @property
    def remaining(self) -> int:
        """Cards still to come after the current one, counting learning cards due today."""
        return len(self.queue) + len(self.learning)

    def counts(self) -> Counts:
        """What is left now, counted by the function the home screen uses (so the two
        always agree): the card on screen until it is answered, the cards still to come,
        and learning cards due within :data:`LEARN_AHEAD`."""
        return plan_today(self.store, self.decks, self.clock(), self.settings, self.tz).counts()

    def next_due_learning(self) -> datetime | None:
        """When the next learning card comes back, or None."""
        return self.learning[0][0] if self.learning else None

    def _next_key(self, now: datetime) -> CardKey | None:
        """The card to show now: a learning card that has fallen due, then the queue,
        then a learning card due within :data:`LEARN_AHEAD`; None when nothing is left."""
        moment = utc(now)
        if self.learning and self.learning[0][0] <= moment:
            return self.learning.pop(0)[1]
        if self.queue or self._plan_again(now):
            return self.queue.pop(0)
        if self.learning and self.learning[0][0] <= moment + LEARN_AHEAD:
            return self.learning.pop(0)[1]
        return None

    def _plan_again(self, now: datetime) -> bool:
        """Queue what today's plan still holds beyond this sitting's own learning cards
        and the cards that could not be shown; whether there was anything."""
        if self.drill or not self.decks:
            return False
        waiting = {key for _, key in self.learning} | self._unshowable
        plan = plan_today(self.store, self.decks, now, self.settings, self.tz)
        self.queue = [key for key in plan.queue() if key not in waiting]
        return bool(self.queue)

    def advance(self) -> Presented | None:
        """Show the next card (or nothing, when the sitting is over)."""
        self.current = None
        self._hint_open = False
        self._open = False
        self._code_runs = self._code_failures = 0
        self._code_report, self._code_source = None, ""
        while True:
            key = self._next_key(self.clock())
            if key is None:
                return None
            card = self.cards.get(key)
            if card is None:  # its deck was edited away mid-sitting: nothing to show
                self._unshowable.add(key)
                continue
            try:
                self.current = self._present(card)
                self._open = True
            except Exception as error:  # noqa: BLE001 - one broken card must not end the sitting
                self._skipped.append((key, f"{type(error).__name__}: {error}"))
                self._unshowable.add(key)
                continue
            return self.current

    def _present(self, card: Card) -> Presented:
        problem, seed = None, None
        if card.kind == "code":
            from engine.code import tasks

            tasks.get(card.task or "")  # a task this engine lacks is skipped like a bad card
        elif card.kind != "flashcard":
            from quizapp.decks.instances import instantiate

            # A card brought back by undo shows the very instance it was answered on.
            seed = self._seeds.pop(card.key, None)
            if seed is None:
                seed = self.rng.randrange(SEED_RANGE)
            problem = instantiate(card, seed)
        return Presented(
            card=card,
            deck_title=self.deck_titles.get(card.deck_id, {"en": card.deck_id}),
            problem=problem,
            seed=seed,
            started=time.monotonic(),
        )

    def take_skipped(self) -> list[tuple[CardKey, str]]:
        """The cards that could not be shown since the last call (a problem that failed
        to generate), and why; the list is emptied."""
        skipped, self._skipped = self._skipped, []
        return skipped

    # --- the learner's moves -----------------------------------------------------------

    @property
    def hint_open(self) -> bool:
        """The learner opened the current card's hint."""
        return self._hint_open

    def open_hint(self) -> Text:
        """Open the current card's hint (a correct answer then counts as Hard).

        Returns:
            The hint, or an empty text when the card has none (nothing changes then).
        """
        assert self.current is not None
        hint = self.current.hint
        if hint:
            self._hint_open = True
        return hint

    def read(self, text: str) -> Reading:
        """How ``text`` would be read as an answer to the current card (the live preview)."""
        from engine.grading import understand

        assert self.current is not None and self.current.problem is not None
        return understand(self.current.problem, text)

    def interval_labels(self, lang: Lang) -> dict[int, str]:
        """The interval each rating button would give the current card, as in Anki;
        nothing in a drill that leaves the schedule alone."""
        from quizapp.study.scheduling import format_interval, preview_intervals

        assert self.current is not None
        if self.drill and not self.settings.drill_moves_schedule:
            return {}
        intervals = preview_intervals(
            self.scheduler, self.store.get_state(self.current.card.key), self.clock()
        )
        return {number: format_interval(intervals[_rating(number)], lang) for number in RATING_KEYS}

    def submit(self, text: str) -> Verdict:
        """Grade a typed answer to the current card and record it, in one call.

        Grading an expression can take up to a second: call this off the UI thread.
        Invalid input (not an attempt) records nothing and the card stays.

        The rating follows the settings' mapping: incorrect Again, correct Good, correct
        after the hint Hard, correct faster than the card's target time Easy.
        """
        from engine.grading import grade
        from quizapp.study.scheduling import rating_for

        with self._lock:
            current = self.current
            assert current is not None and current.problem is not None
            verdict = grade(current.problem, text)
            rating = rating_for(
                verdict,
                hint_used=self._hint_open,
                elapsed_seconds=time.monotonic() - current.started,
                target_seconds=current.card.target_seconds,
                mode=self.settings.rating_mode,
            )
            if rating is not None:
                self._record(rating, answer=text, verdict=verdict)
            return verdict

    def submit_choice(self, selected: set[int]) -> Verdict:
        """Grade and record the chosen options (0-based indices as shown)."""
        return self.submit(" ".join(str(index + 1) for index in sorted(selected)))

    def rate(self, number: int) -> Rating:
        """Record a flashcard's self-grade, 1-4 (Again, Hard, Good, Easy)."""
        assert self.current is not None
        rating = _rating(number)
        self._record(rating, answer=None, verdict=None)
        return rating

    # --- code cards ----------------------------------------------------------------

    def code_task(self) -> CodeTask:
        """The implement-it task of the current (code) card."""
        from engine.code import tasks

        assert self.current is not None and self.current.code
        return tasks.get(self.current.card.task or "")

    def draft(self, lang: Lang) -> str:
        """The current code card's saved draft, else the task's starter file."""
        assert self.current is not None
        saved = self.store.get_draft(self.current.card.key)
        if saved is not None:
            return saved
        return self.code_task().starter("en" if lang == "both" else lang)

    def save_draft(self, text: str) -> None:
        """Save the code as typed, so that a crash or a kill loses nothing."""
        assert self.current is not None
        self.store.put_draft(self.current.card.key, text, self.clock())

    def run_code(self, text: str) -> CodeReport:
        """Run the task's tests on the learner's code (seconds: off the UI thread).

        Nothing is recorded: the learner may fix the code and run again. The rating this
        proposes is :attr:`code_rating`; :meth:`rate_code` records it.
        """
        from engine.code.check import check

        with self._lock:
            task = self.code_task()
            self.save_draft(text)
            report = check(task, text)
            self._code_runs += 1
            if report.status != "passed":
                self._code_failures += 1
            self._code_report, self._code_source = report, text
            return report

    @property
    def code_report(self) -> CodeReport | None:
        """The latest run's report for the current card (None before a run)."""
        return self._code_report

    @property
    def code_rating(self) -> int | None:
        """The rating the runs so far propose (None before a run): see :func:`code_rating`."""
        if self._code_report is None:
            return None
        return code_rating(
            passed=self._code_report.status == "passed",
            failed_runs=self._code_failures,
            hint_used=self._hint_open,
        )

    def rate_code(self, number: int) -> Rating:
        """Record the current code card with rating ``number`` (1-4) and forget its draft.

        The review keeps the code as the answer and the latest report as the verdict (its
        recognised mistake counts in the statistics under the task's id).
        """
        assert self.current is not None and self._code_report is not None
        report = self._code_report
        passed = report.status == "passed"
        verdict = Verdict(
            status="correct" if passed else "incorrect",
            score=1.0 if passed else 0.0,
            feedback=report.mistake_feedback or report.summary,
            mistake=report.mistake,
        )
        rating = _rating(number)
        key = self.current.card.key
        self._record(rating, answer=self._code_source, verdict=verdict)
        self.store.delete_draft(key)
        return rating

    def _record(self, rating: Rating, *, answer: str | None, verdict: Verdict | None) -> None:
        from quizapp.study.reviews import record_review

        current = self.current
        assert current is not None
        key = current.card.key
        family = None
        if current.card.kind == "generated" and current.problem is not None:
            family = current.problem.family
        elif current.card.kind == "code":
            family = current.card.task
        now = self.clock()
        outcome = record_review(
            self.store,
            self.scheduler,
            key,
            rating,
            now,
            self.settings,
            duration_ms=round(1000 * (time.monotonic() - current.started)),
            answer=answer,
            verdict=verdict,
            seed=current.seed,
            family=family,
            drill=self.drill,
            session_id=self.session_id,
        )
        self._requeue(key, rating, outcome.after, outcome.moved_schedule, now)
        mistake = None
        if verdict is not None and verdict.mistake is not None:
            mistake = (family or str(key), verdict.mistake)
            self._feedback[mistake] = verdict.feedback
        self._history.append(
            _Done(
                review_id=outcome.review_id,
                graded=verdict is not None,
                correct=verdict is not None and verdict.status == "correct",
                mistake=mistake,
                again=int(rating) == 1,
            )
        )
        self._open = False

    def _requeue(
        self, key: CardKey, rating: Rating, after: CardState | None, moved: bool, now: datetime
    ) -> None:
        """Bring the card back later in the sitting if it is still learning today (or, in
        a drill that does not move the schedule, once more at the end when missed)."""
        if self.drill and not moved:
            if int(rating) == 1:
                self.queue.append(key)
            return
        if after is None or after.state == _REVIEW_STATE or after.suspended:
            return
        _, day_end = day_bounds(now, self.settings.day_start_hour, self.tz)
        if after.due < day_end:
            bisect.insort(self.learning, (after.due, key))

    # --- undo, bury, suspend -----------------------------------------------------

    @property
    def can_undo(self) -> bool:
        """There is a review of this sitting to take back."""
        return bool(self._history)

    def undo(self) -> CardKey | None:
        """Take back the latest review and show its card again, on the same instance
        (the seed stored with the review); the card on screen comes right after it.

        Returns:
            The card whose review was taken back, or None when there was none.
        """
        from quizapp.study.reviews import undo_review

        if not self._history:
            return None
        done = self._history.pop()
        removed = undo_review(self.store, done.review_id)
        key = removed.key
        self.learning = [(due, other) for due, other in self.learning if other != key]
        if self.drill and key in self.queue[-1:]:
            self.queue.pop()
        if self.current is not None and self._open and self.current.card.key != key:
            self.queue.insert(0, self.current.card.key)
            if self.current.seed is not None:
                self._seeds[self.current.card.key] = self.current.seed
        self.queue.insert(0, key)
        if removed.seed is not None:
            self._seeds[key] = removed.seed
        self.advance()
        return key

    def bury_current(self) -> None:
        """Hide the current card until the next study day, and move on."""
        from quizapp.study.reviews import bury

        assert self.current is not None
        bury(self.store, self.current.card.key, self.clock(), self.settings)
        self.advance()

    def suspend_current(self) -> None:
        """Leave the current card out of every queue until unsuspended, and move on."""
        from quizapp.study.reviews import suspend

        assert self.current is not None
        suspend(self.store, self.current.card.key, self.clock())
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


def code_rating(*, passed: bool, failed_runs: int, hint_used: bool) -> int:
    """The rating a code card's runs propose: 3 (Good) when the code passed on its first
    run, 2 (Hard) when it passed after failing runs or with the hint open, 1 (Again) when
    the latest run failed. The learner may still choose another."""
    if not passed:
        return 1
    return 2 if failed_runs or hint_used else 3


def _graded_as_expression(card: Card | None) -> bool:
    """Whether answering ``card`` means typing an expression (an expression card, or a
    generated card of an engine ``….expression`` family)."""
    if card is None:
        return False
    if card.kind == "expression":
        return True
    return card.kind == "generated" and (card.family or "").endswith(".expression")


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
    from quizapp.study.scheduling import format_interval

    language = "en" if lang == "both" else lang
    if moment <= now:
        return t("when.now", language)
    return t("when.in", language, interval=format_interval(moment - now, language))


__all__ = [
    "RATING_KEYS",
    "Presented",
    "SessionSummary",
    "Sitting",
    "code_rating",
    "format_duration",
    "format_when",
]
