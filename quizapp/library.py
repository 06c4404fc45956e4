"""The learner's library: decks, settings and the review database, behind one facade.

The app and every CLI command start here. :meth:`Library.open` resolves the locations
(:mod:`quizapp.paths`), reads the settings, and loads the decks (bundled, the learner's
deck folder, and ``--deck`` paths: :func:`quizapp.paths.deck_sources`) and opens the
database, at once or (``lazy=True``, for commands) when first used; the methods answer
what screens and commands show by calling :mod:`quizapp.study`, :mod:`quizapp.decks`
and :mod:`quizapp.store`. Never imports textual.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quizapp import paths
from quizapp.config import Settings, load_settings, parse_settings, save_settings
from quizapp.decks import LoadResult, load_decks
from quizapp.decks.files import of_files
from quizapp.decks.model import Card, CardKey, Deck
from quizapp.i18n import LANGS, Lang, pick
from quizapp.startup.memo import HomeView, TodayTotals, fingerprint, save_memo, watched_files
from quizapp.store import Store, open_store
from quizapp.store.records import CardState
from quizapp.store.database import next_due, review_count
from quizapp.study.counts import Counts
from quizapp.study.days import day_bounds
from quizapp.study.queue import TodayCounts, today_counts

if TYPE_CHECKING:
    from quizapp.study.sitting import Sitting

# Studying, drilling, statistics and suspending import the scheduler (fsrs) and the
# engine when first used; the home screen needs neither.

Text = dict[str, str]
#: How many of a card's latest answers the browse screen shows.
LAST_ANSWERS = 5
#: The bundled decks in curriculum order (the source notes' order); other decks follow.
CURRICULUM = ("losses", "optimizers", "gradients", "kmeans", "pca")


def utc_now() -> datetime:
    """The current moment, UTC-aware (the default clock)."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class PastAnswer:
    """One of a card's latest answers, for the browse screen.

    Attributes:
        when: when it was given.
        rating: again, hard, good or easy.
        text: what was typed (empty for a self-graded flashcard).
    """

    when: datetime
    rating: str
    text: str


@dataclass(frozen=True)
class BrowseRow:
    """A card with its scheduling state, for the browse screen.

    Attributes:
        card: the card.
        state: new, learning, review, relearning, suspended or buried.
        due: when it is next due (None for a new card).
        lapses: times it was forgotten.
        last_answers: its latest answers, newest first.
        prompt: the prompt to show: a template's with sample numbers in its blanks.
    """

    card: Card
    state: str
    due: datetime | None
    lapses: int
    last_answers: tuple[PastAnswer, ...]
    prompt: Text = field(default_factory=dict)


#: What the browse screen can do to a card (each can be undone).
CARD_ACTIONS = ("suspend", "unsuspend", "bury", "unbury")
#: The seed a template card's sample prompt is drawn with (the same sample every time).
SAMPLE_SEED = 0


@dataclass(frozen=True)
class CardChange:
    """What was done to a card from the browse screen, and how to undo it.

    Attributes:
        key: the card.
        action: one of :data:`CARD_ACTIONS`.
        before: its stored state before (None: it had none, it was new and untouched).
    """

    key: CardKey
    action: str
    before: CardState | None


_STATE_NAMES = {1: "learning", 2: "review", 3: "relearning"}
_RATING_NAMES = {1: "again", 2: "hard", 3: "good", 4: "easy"}


def _curriculum_position(deck: Deck) -> int:
    if deck.bundled and deck.id in CURRICULUM:
        return CURRICULUM.index(deck.id)
    return len(CURRICULUM)


@dataclass
class Library:
    """Everything a learner's session works on.

    Attributes:
        data_dir: the data directory.
        deck_paths: extra deck files or folders (``--deck``).
        include_bundled: load the decks shipped with quizapp.
        settings_path: the settings file.
        settings: the current settings.
        clock: returns the current UTC time (tests pass a fixed clock).
        settings_warnings: what was wrong with the settings file, in both languages.
        rng: draws problem seeds.
    """

    data_dir: Path
    deck_paths: list[Path]
    include_bundled: bool
    settings_path: Path
    settings: Settings
    clock: Callable[[], datetime]
    settings_warnings: list[Text] = field(default_factory=list)
    rng: random.Random = field(default_factory=random.Random)
    _store: Store | None = field(default=None, repr=False)
    _load: LoadResult | None = field(default=None, repr=False)
    _sample_prompts: dict[CardKey, Text] = field(default_factory=dict, repr=False)

    @classmethod
    def open(
        cls,
        *,
        data_dir: Path | str | None = None,
        deck_paths: Sequence[Path] = (),
        include_bundled: bool = True,
        clock: Callable[[], datetime] | None = None,
        rng: random.Random | None = None,
        lazy: bool = False,
    ) -> Library:
        """Open the library of a data dir.

        Args:
            data_dir: the ``--data-dir`` given, if any (else ``$QUIZAPP_DATA_DIR``, else
                the platform's folder).
            deck_paths: extra deck files or folders (``--deck``).
            include_bundled: load the decks shipped with quizapp.
            clock: returns the current UTC time (default: the system clock).
            rng: draws problem seeds.
            lazy: read only the settings now; load the decks and open the database when
                first used (a command that needs neither leaves no file behind).

        Raises:
            QuizappError: the database is corrupt, unreadable or cannot be created
                (with ``lazy``, when it is first used).
        """
        settings_path = paths.config_path(data_dir)
        settings, warnings = load_settings(settings_path)
        library = cls(
            data_dir=paths.data_dir(data_dir),
            deck_paths=[Path(path) for path in deck_paths],
            include_bundled=include_bundled,
            settings_path=settings_path,
            settings=settings,
            clock=clock or utc_now,
            settings_warnings=list(warnings),
            rng=rng or random.Random(),
        )
        if not lazy:
            library.store  # noqa: B018 - opens the database: a bad one is reported now
            library.reload()
        return library

    @property
    def store(self) -> Store:
        """The review database, opened when first used."""
        if self._store is None:
            self._store = open_store(paths.database_path(self.data_dir))
        return self._store

    @property
    def load(self) -> LoadResult:
        """The last deck load (decks and what was skipped); the first use loads them."""
        if self._load is None:
            self.reload()
        assert self._load is not None
        return self._load

    def language(self, requested: str | None = None) -> Lang:
        """The language to speak in: ``requested`` (``--lang``) if given, else the saved one."""
        if requested in LANGS:
            return requested  # type: ignore[return-value]
        return self.settings.language

    def close(self, *, remember_home: bool = False) -> None:
        """Close the database, if it was opened.

        Args:
            remember_home: keep the home screen's view for the next start
                (:mod:`quizapp.startup.memo`).
        """
        if self._store is None:
            return
        if remember_home:
            self.store.checkpoint()  # so that closing leaves the database file as it is
            self.remember_home_view()
        self.store.close()

    def remember_home_view(self) -> HomeView:
        """Compute the home view and keep it for the next start (:mod:`quizapp.startup.memo`)."""
        files = watched_files(
            paths.database_path(self.data_dir),
            self.settings_path,
            paths.user_decks_dir(self.data_dir),
            self.deck_paths,
            self.include_bundled,
        )
        marks = fingerprint(files)  # before the view: a write in between makes it miss
        view = self.home_view()
        _, day_end = day_bounds(self.now(), self.settings.day_start_hour)
        save_memo(paths.cache_dir(self.data_dir), view, marks, day_end)
        return view

    # --- decks -------------------------------------------------------------------

    def deck_sources(self) -> list[Path]:
        """The learner's deck folder (if it exists) and the ``--deck`` paths; the bundled
        decks come on top when ``include_bundled``."""
        return paths.deck_sources(self.data_dir, self.deck_paths)

    def reload(self) -> None:
        """Load the decks again (after the learner edited a file)."""
        self._load = load_decks(
            self.deck_sources(),
            include_bundled=self.include_bundled,
            cache_dir=paths.cache_dir(self.data_dir),
        )
        self._sample_prompts.clear()
        self._decks = tuple(sorted(self._load.decks, key=_curriculum_position))
        self._cards = {card.key: card for deck in self._decks for card in deck.cards}

    def check_decks(self, given: Sequence[Path] = ()) -> LoadResult:
        """Load decks with the checks the app loads them with, for ``quizapp validate``.

        The same loader as :meth:`reload`, without the cache, so every file is checked
        afresh.

        Args:
            given: files or folders to check; when there are some, only those (and the
                ``--deck`` paths) are reported on. They are loaded after the bundled
                decks, as the app loads them, so a deck that takes a bundled deck's id is
                reported rather than left for the app to skip.
        """
        if given:
            chosen = [*given, *self.deck_paths]
            return of_files(load_decks(chosen, include_bundled=self.include_bundled), chosen)
        return load_decks(self.deck_sources(), include_bundled=self.include_bundled)

    @property
    def decks(self) -> tuple[Deck, ...]:
        """The decks that loaded: the bundled ones in curriculum order, then the learner's."""
        if self._load is None:
            self.reload()
        return self._decks

    @property
    def deck_problems(self) -> tuple[Any, ...]:
        """What the last load skipped or warned about (file:line:column and why)."""
        return self.load.problems

    def warnings(self, lang: Lang) -> list[str]:
        """What the learner should hear about at start-up: bad deck files and settings."""
        messages = [pick(warning, lang) for warning in self.settings_warnings]
        messages += [
            problem.format("zh" if lang == "zh" else "en") for problem in self.load.problems
        ]
        return messages

    def tags(self) -> list[str]:
        """Every tag of every card, sorted."""
        return sorted({tag for deck in self.decks for card in deck.cards for tag in card.tags})

    # --- today ---------------------------------------------------------------------

    def now(self) -> datetime:
        """The current moment (the library's clock)."""
        return self.clock()

    def today_counts(self) -> TodayCounts:
        """Each deck's new, learning and due cards now, and every deck's together, as
        the sittings would serve them (:func:`quizapp.study.queue.today_counts`)."""
        return today_counts(self.store, self.decks, self.now(), self.settings)

    def deck_counts(self) -> dict[str, Counts]:
        """Each deck's new, learning and due cards now, within its limits."""
        return self.today_counts().decks

    def today_totals(self, counts: TodayCounts | None = None) -> TodayTotals:
        """Reviews done today and what studying every deck serves now."""
        counts = self.today_counts() if counts is None else counts
        start, _ = day_bounds(self.now(), self.settings.day_start_hour)
        return TodayTotals(
            reviewed=review_count(self.store, start),
            due=counts.total.due,
            new=counts.total.new,
            learning=counts.total.learning,
        )

    def home_view(self) -> HomeView:
        """What the home screen shows now."""
        counts = self.today_counts()
        return HomeView(
            titles=tuple((deck.id, deck.title) for deck in self.decks),
            counts=counts.decks,
            totals=self.today_totals(counts),
            language=self.settings.language,
            theme=self.settings.theme,
        )

    def _session_decks(self, deck_id: str | None) -> list[Deck]:
        return [deck for deck in self.decks if deck_id is None or deck.id == deck_id]

    def new_sitting(self, deck_id: str | None = None) -> Sitting:
        """Start studying today's queue of one deck (or all)."""
        from quizapp.study.personal import parameters_in_use
        from quizapp.study.scheduling import make_scheduler
        from quizapp.study.sitting import Sitting

        decks = self._session_decks(deck_id)
        scheduler = make_scheduler(self.settings, parameters=parameters_in_use(self.store))
        return Sitting.start(
            self.store, decks, self.settings, scheduler=scheduler, **self._sitting_parts(decks)
        )

    def new_drill(
        self, *, deck_id: str | None = None, tag: str | None = None, count: int = 20
    ) -> Sitting:
        """Start a drill of the weakest ``count`` cards of a deck or a tag."""
        from quizapp.study.sitting import Sitting

        decks = self._session_decks(deck_id)
        return Sitting.start_drill(
            self.store,
            decks,
            self.settings,
            n=count,
            tag=tag,
            deck_id=deck_id,
            **self._sitting_parts(decks),
        )

    def _sitting_parts(self, decks: list[Deck]) -> dict[str, Any]:
        """What every sitting is given: cards, titles, clock, seeds, the next-due lookup."""
        deck_ids = [deck.id for deck in decks]
        return {
            "clock": self.clock,
            "cards": dict(self._cards),
            "deck_titles": {deck.id: deck.title for deck in self.decks},
            "rng": self.rng,
            "next_due": lambda moment: next_due(self.store, deck_ids, moment),
        }

    # --- browse ----------------------------------------------------------------------

    def browse(self, query: str = "") -> list[BrowseRow]:
        """Cards matching ``query`` (text in either language; ``#tag`` filters by tag)."""
        words = query.split()
        tags = {word[1:].lower() for word in words if word.startswith("#") and len(word) > 1}
        needles = [word.lower() for word in words if not word.startswith("#")]
        states = {state.key: state for state in self.store.states()}
        now = self.now()
        rows = []
        for deck in self.decks:
            for card in deck.cards:
                if tags and not tags <= set(card.tags):
                    continue
                if needles:
                    haystack = " ".join(
                        [card.id, *card.prompt.values(), *card.answer.values()]
                    ).lower()
                    if not all(needle in haystack for needle in needles):
                        continue
                rows.append(self._browse_row(card, states.get(card.key), now))
        return rows

    def sample_prompt(self, card: Card) -> Text:
        """The card's prompt as browsing shows it: a template's with the numbers of a
        sample draw in its blanks (``{r1}`` means nothing to a learner); rendered."""
        if card.kind != "template":
            return card.shown.prompt
        cache = self._sample_prompts
        if card.key not in cache:
            from quizapp.decks.instances import instantiate
            from quizapp.errors import QuizappError

            try:
                cache[card.key] = instantiate(card, SAMPLE_SEED).prompt
            except (QuizappError, ValueError):
                cache[card.key] = card.shown.prompt  # validation reports why
        return cache[card.key]

    def _browse_row(self, card: Card, state: Any, now: datetime) -> BrowseRow:
        prompt = self.sample_prompt(card)
        if state is None:
            return BrowseRow(card, "new", None, 0, (), prompt)
        if state.suspended:
            name = "suspended"
        elif state.buried_until is not None and state.buried_until > now:
            name = "buried"
        elif state.is_new:
            name = "new"
        else:
            name = _STATE_NAMES.get(state.state, "review")
        reviews = self.store.reviews_of(card.key)[-LAST_ANSWERS:]
        answers = tuple(
            PastAnswer(review.reviewed_at, _RATING_NAMES[review.rating], review.answer or "")
            for review in reversed(reviews)
        )
        due = None if state.is_new else state.due
        return BrowseRow(card, name, due, state.lapses, answers, prompt)

    def change_card(self, key: CardKey, action: str) -> CardChange:
        """Suspend, unsuspend, bury (until the next study day) or unbury a card.

        Returns:
            What was done, for :meth:`undo_change`.
        """
        from quizapp.study.reviews import bury, suspend, unsuspend

        if action not in CARD_ACTIONS:
            raise ValueError(f"unknown card action {action!r}")
        before = self.store.get_state(key)
        now = self.now()
        if action == "suspend":
            suspend(self.store, key, now)
        elif action == "bury":
            bury(self.store, key, now, self.settings)
        elif before is not None and action == "unsuspend":
            self.store.put_state(replace(before, suspended=False))
        elif before is not None:  # unbury
            self.store.put_state(replace(before, buried_until=None))
        return CardChange(key, action, before)

    def undo_change(self, change: CardChange) -> None:
        """Put the card back as it was before ``change``."""
        from quizapp.study.reviews import unsuspend

        if change.before is not None:
            self.store.put_state(change.before)
        else:  # it had no state: a new card, neither suspended nor buried
            unsuspend(self.store, change.key, self.now())

    # --- stats and settings --------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        """Every statistic (the keys are documented in docs/stats.md)."""
        from quizapp.study.report import stats

        return stats(self.store, self.decks, self.now(), self.settings)

    # --- memory model ------------------------------------------------------------------

    def workload(self, retentions: Sequence[float]) -> list[Any]:
        """Estimated reviews per day over 30 days at each desired retention (one per value)."""
        from quizapp.study import personal, workload

        cards = workload.started_cards(self.store.states(), self.now())
        started = {(state.deck_id, state.card_id) for state in self.store.states()}
        unseen = sum(1 for key in self._cards if (key.deck_id, key.card_id) not in started)
        parameters = personal.parameters_in_use(self.store) or personal.default_parameters()
        return workload.compare(cards, unseen, self.settings.new_per_day, retentions, parameters)

    def fit_parameters(self) -> Any:
        """Fit FSRS to this learner's reviews (:mod:`quizapp.study.personal`); nothing applied."""
        from quizapp.study import personal

        reviews = personal.scheduled_reviews(self.store, self.settings.day_start_hour)
        return personal.fit(reviews, personal.parameters_in_use(self.store))

    def apply_parameters(self, report: Any) -> None:
        """Schedule with the fitted parameters from now on (only if they are better)."""
        from quizapp.study import personal

        personal.apply(self.store, report, self.now())

    def undo_parameters(self) -> dict[str, Any] | None:
        """Go back to the parameters used before the last apply."""
        from quizapp.study import personal

        return personal.undo(self.store)

    def parameters_record(self) -> dict[str, Any] | None:
        """The learner's fitted parameters and when they were fitted (None: defaults)."""
        from quizapp.study import personal

        return personal.stored(self.store)

    def update_settings(self, **changes: Any) -> list[Text]:
        """Change settings, validate them and save the file.

        Returns:
            What was wrong, naming each key, in both languages; nothing is saved then.
        """
        names = {f.name for f in fields(Settings)}
        unknown = sorted(set(changes) - names)
        if unknown:
            raise ValueError(f"unknown settings: {', '.join(unknown)}")
        current = {name: getattr(self.settings, name) for name in changes}
        if current == changes:
            return []
        checked, problems = parse_settings(changes, self.settings_path)
        if problems:
            return list(problems)
        updated = replace(self.settings, **{name: getattr(checked, name) for name in changes})
        save_settings(self.settings_path, updated)
        self.settings = updated
        return []
