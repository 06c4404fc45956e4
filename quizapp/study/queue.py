"""Today's queue, the home screen's counts, drills and orphaned cards.

The queue follows Anki: learning cards first when due, then review cards (most overdue
first) with new cards spread evenly among them. Daily limits count what was already
studied today: each deck has its own limits (settings file, else the deck file, else the
global setting) and the global settings also cap the whole session. Suspended cards and
cards buried until a later moment are left out.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from operator import attrgetter

from quizapp.config import Settings
from quizapp.decks.model import Card, CardKey, Deck
from quizapp.store import DeckDayCounts, Store, to_ms
from quizapp.study.counts import Counts
from quizapp.study.days import day_bounds, utc

#: A learning card due this soon may be shown early when nothing else is left (Anki's
#: default "learn ahead limit").
LEARN_AHEAD = timedelta(minutes=20)
#: Extra due rows fetched beyond the day's room, for orphans and full decks to skip.
_REVIEW_FETCH_SLACK = 50
#: ``fsrs.State.Review``, the state of a graduated card (the home screen counts cards
#: without importing the scheduler).
REVIEW_STATE = 2
#: The tag a card gets when it becomes a leech; drilling this tag includes suspended leeches.
LEECH_TAG = "leech"


_IDS_CACHE: dict[int, tuple[weakref.ref[Deck], frozenset[str]]] = {}
_POSITIONS_CACHE: dict[int, tuple[weakref.ref[Deck], dict[str, int]]] = {}


def deck_card_ids(deck: Deck) -> frozenset[str]:
    """Return the ids of ``deck``'s cards, computed once per loaded deck.

    A Deck is immutable, so the set is kept for as long as the Deck object lives (the
    app builds queues and counts many times from the same loaded decks).
    """
    entry = _IDS_CACHE.get(id(deck))
    if entry is not None and entry[0]() is deck:
        return entry[1]
    ids = frozenset(map(attrgetter("id"), deck.cards))
    key = id(deck)
    _IDS_CACHE[key] = (weakref.ref(deck, lambda _ref: _IDS_CACHE.pop(key, None)), ids)
    return ids


def deck_positions(deck: Deck) -> dict[str, int]:
    """Return each card id's position in ``deck``'s file, computed once per loaded deck."""
    entry = _POSITIONS_CACHE.get(id(deck))
    if entry is not None and entry[0]() is deck:
        return entry[1]
    positions = {card.id: index for index, card in enumerate(deck.cards)}
    key = id(deck)
    _POSITIONS_CACHE[key] = (
        weakref.ref(deck, lambda _ref: _POSITIONS_CACHE.pop(key, None)),
        positions,
    )
    return positions


def _holds(decks: dict[str, Deck], deck_id: str, card_id: str) -> bool:
    """Whether a loaded deck still has the card (False for orphans and other decks)."""
    deck = decks.get(deck_id)
    return deck is not None and card_id in deck_card_ids(deck)


def cards_by_key(decks: Iterable[Deck]) -> dict[CardKey, Card]:
    """Return every card of ``decks`` by its key."""
    return {card.key: card for deck in decks for card in deck.cards}


def interleave(reviews: Sequence[CardKey], new: Sequence[CardKey]) -> list[CardKey]:
    """Spread ``new`` evenly among ``reviews``, keeping each list's order.

    With r reviews and n new cards, new card i goes after ``round((i + 1) * r / (n + 1))``
    reviews, so no run of reviews is longer than ``ceil(r / (n + 1))``.
    """
    result: list[CardKey] = []
    position = 0
    slots = 2 * (len(new) + 1)
    for index, key in enumerate(new):
        # round((i + 1) * r / (n + 1)), halves up, in integers
        until = (2 * (index + 1) * len(reviews) + len(new) + 1) // slots
        result.extend(reviews[position:until])
        position = until
        result.append(key)
    result.extend(reviews[position:])
    return result


def _due_reviews(
    store: Store,
    decks: dict[str, Deck],
    room: dict[str, int],
    total_room: int,
    end: datetime,
    now: datetime,
) -> list[CardKey]:
    """The most overdue review cards within each deck's room and the total room."""
    if total_room <= 0:
        return []
    limit = total_room + _REVIEW_FETCH_SLACK
    while True:
        only = next(iter(decks)) if len(decks) == 1 else None  # one deck: its rows only
        rows = store.due_review_rows(end, now, limit, deck_id=only)
        chosen: list[CardKey] = []
        taken: dict[str, int] = {}
        for deck_id, card_id, _ in rows:
            if len(chosen) >= total_room:
                break
            if taken.get(deck_id, 0) >= room.get(deck_id, 0):
                continue
            if not _holds(decks, deck_id, card_id):
                continue
            taken[deck_id] = taken.get(deck_id, 0) + 1
            chosen.append(CardKey(deck_id, card_id))
        if len(chosen) >= total_room or len(rows) < limit:
            return chosen
        limit *= 4  # other decks' or full decks' cards took the rows: look further


@dataclass(frozen=True)
class TodayPlan:
    """What a study sitting over some decks serves now, part by part.

    Attributes:
        learning: learning and relearning cards already due, soonest first.
        reviews: review cards due today, most overdue first, within the limits.
        new: new cards within the limits, taking turns between decks (topics).
        ahead: learning cards due within :data:`LEARN_AHEAD`, shown when nothing else is.
    """

    learning: tuple[CardKey, ...] = ()
    reviews: tuple[CardKey, ...] = ()
    new: tuple[CardKey, ...] = ()
    ahead: tuple[CardKey, ...] = ()

    def queue(self) -> list[CardKey]:
        """The cards in the order they are shown: learning due now, then reviews with
        new cards spread among them, then learning cards due soon."""
        return [*self.learning, *interleave(self.reviews, self.new), *self.ahead]

    def counts(self) -> Counts:
        """How many of each: what the home screen, the study header and stats show."""
        return Counts(
            new=len(self.new), learning=len(self.learning) + len(self.ahead), due=len(self.reviews)
        )


@dataclass(frozen=True)
class TodayCounts:
    """Today's cards: each deck's (what studying that deck serves) and all decks' together
    (what "study all" serves; the global limits make it less than the decks' sum)."""

    decks: dict[str, Counts]
    total: Counts


class _Today:
    """The store's answers a plan needs, asked once and shared by every deck's plan."""

    def __init__(
        self,
        store: Store,
        decks: Sequence[Deck],
        now: datetime,
        settings: Settings,
        tz: tzinfo | None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.now = utc(now)
        start, self.end = day_bounds(self.now, settings.day_start_hour, tz)
        self.done = store.done_since(start)
        self._learning = store.learning_rows(self.end, self.now)
        self._blocked: dict[str, set[str]] = {}

    def blocked(self, deck_id: str) -> set[str]:
        """Ids of the deck's cards that are not available as new (asked once per deck,
        and only of decks whose new cards are wanted)."""
        if deck_id not in self._blocked:
            found = self.store.unavailable_new_ids([deck_id], self.now)
            self._blocked[deck_id] = found.get(deck_id, set())
        return self._blocked[deck_id]

    def plan(self, decks: Sequence[Deck]) -> TodayPlan:
        """What a sitting over ``decks`` serves now (see :func:`plan_today`)."""
        settings, done, empty = self.settings, self.done, DeckDayCounts()
        by_id = {deck.id: deck for deck in decks}
        review_room = {
            deck.id: settings.review_limit(deck.id, deck.reviews_per_day)
            - done.get(deck.id, empty).reviews_done
            for deck in decks
        }
        reviews_left = settings.reviews_per_day - sum(c.reviews_done for c in done.values())
        reviews = _due_reviews(self.store, by_id, review_room, reviews_left, self.end, self.now)

        new_left = settings.new_per_day - sum(c.new_done for c in done.values())
        rooms = {
            deck.id: min(
                new_left,
                settings.new_limit(deck.id, deck.new_per_day) - done.get(deck.id, empty).new_done,
            )
            for deck in decks
        }
        new = self._new_in_turns([deck for deck in decks if rooms[deck.id] > 0], rooms, new_left)

        now_ms, soon_ms = to_ms(self.now), to_ms(self.now + LEARN_AHEAD)
        learning_now: list[CardKey] = []
        ahead: list[CardKey] = []
        for deck_id, card_id, due_ms in self._learning:
            if due_ms <= soon_ms and _holds(by_id, deck_id, card_id):
                (learning_now if due_ms <= now_ms else ahead).append(CardKey(deck_id, card_id))
        return TodayPlan(tuple(learning_now), tuple(reviews), tuple(new), tuple(ahead))

    def _new_in_turns(
        self, decks: Sequence[Deck], rooms: dict[str, int], limit: int
    ) -> list[CardKey]:
        """New cards, one from each deck in turn (each in file order) until ``limit`` are
        taken, so that a sitting over several decks alternates topics and a low cap still
        spreads over them. A deck is asked for its cards only when its turn comes."""
        taken: list[CardKey] = []
        sources: list[Iterator[CardKey]] = []
        for deck in decks:
            if len(taken) >= limit:
                break
            cards = iter(_new_cards(deck, self.blocked(deck.id), rooms[deck.id]))
            first = next(cards, None)
            if first is not None:
                taken.append(first)
                sources.append(cards)
        while sources and len(taken) < limit:
            for cards in list(sources):
                key = next(cards, None)
                if key is None:
                    sources.remove(cards)
                elif len(taken) < limit:
                    taken.append(key)
        return taken


def _new_cards(deck: Deck, unavailable: set[str], limit: int) -> list[CardKey]:
    """The deck's first ``limit`` cards still new, in file order."""
    if limit <= 0:
        return []
    free = deck_card_ids(deck) - unavailable  # set arithmetic: no Python loop over the deck
    first = sorted(free, key=deck_positions(deck).__getitem__)[:limit]
    return [CardKey(deck.id, card_id) for card_id in first]


def plan_today(
    store: Store,
    decks: Sequence[Deck],
    now: datetime,
    settings: Settings,
    tz: tzinfo | None = None,
) -> TodayPlan:
    """What a study sitting over ``decks`` serves now: the one place the day's limits apply.

    Daily limits count what was already studied today: each deck has its own limits and
    the global settings cap the whole sitting. Learning cards are those due now or within
    :data:`LEARN_AHEAD` (later ones come back to a sitting when they fall due).

    Args:
        store: the open database.
        decks: the decks to study.
        now: the current moment (aware).
        settings: limits and the day start.
        tz: the learner's time zone (None: the machine's).
    """
    return _Today(store, decks, now, settings, tz).plan(decks)


def build_queue(
    store: Store,
    decks: Sequence[Deck],
    now: datetime,
    settings: Settings,
    tz: tzinfo | None = None,
) -> list[CardKey]:
    """Return today's queue for ``decks`` (:func:`plan_today`'s cards, in order).

    Order: learning cards already due; then review cards due today (most overdue first)
    interleaved with new cards (decks taking turns, each in file order); then learning
    cards due within :data:`LEARN_AHEAD`. Learning cards due later today are not listed:
    a :class:`~quizapp.study.sitting.Sitting` shows them when they fall due.
    """
    return plan_today(store, decks, now, settings, tz).queue()


def today_counts(
    store: Store,
    decks: Sequence[Deck],
    now: datetime,
    settings: Settings,
    tz: tzinfo | None = None,
) -> TodayCounts:
    """Today's cards, per deck and for all decks together, as the sittings would serve
    them now: the counts of :func:`plan_today`, so a count is never a promise the
    sitting does not keep. The home screen, the study header and stats all use this."""
    today = _Today(store, decks, now, settings, tz)
    return TodayCounts(
        decks={deck.id: today.plan([deck]).counts() for deck in decks},
        total=today.plan(decks).counts(),
    )


def deck_counts(
    store: Store,
    decks: Sequence[Deck],
    now: datetime,
    settings: Settings,
    tz: tzinfo | None = None,
) -> dict[str, Counts]:
    """Return each deck's new, learning and review cards for now (see :func:`today_counts`)."""
    return today_counts(store, decks, now, settings, tz).decks


def drill_queue(
    store: Store,
    decks: Sequence[Deck],
    now: datetime,
    settings: Settings,
    *,
    n: int = 20,
    tag: str | None = None,
    deck_id: str | None = None,
) -> list[CardKey]:
    """Return up to ``n`` cards to drill, weakest first, ignoring the schedule.

    Reviewed cards come first, by lowest retrievability now, then most lapses; cards
    never reviewed follow in deck order (a drill rehearses what was learnt; new cards
    are learnt in the daily queue). Suspended cards are left out, except that drilling
    the ``leech`` tag includes suspended leeches.

    Args:
        store: the open database.
        decks: the decks to draw from.
        now: the current moment (aware).
        settings: the scheduler's settings (for retrievability).
        n: how many cards.
        tag: only cards with this tag (``leech``: cards marked as leeches).
        deck_id: only this deck.
    """
    from quizapp.study.scheduling import make_scheduler, retrievability

    chosen_decks = [deck for deck in decks if deck_id is None or deck.id == deck_id]
    states = {state.key: state for state in store.states([d.id for d in chosen_decks])}
    scheduler = make_scheduler(settings, fuzz=False)
    reviewed: list[tuple[float, int, int, CardKey]] = []
    new: list[CardKey] = []
    order = 0
    for deck in chosen_decks:
        for card in deck.cards:
            state = states.get(card.key)
            is_leech = state is not None and state.leech
            if tag is not None and tag not in card.tags and not (tag == LEECH_TAG and is_leech):
                continue
            if state is not None and state.suspended and not (tag == LEECH_TAG and is_leech):
                continue
            order += 1
            if state is None or state.is_new:
                new.append(card.key)
            else:
                weakness = retrievability(scheduler, state, now)
                reviewed.append((weakness, -state.lapses, order, card.key))
    reviewed.sort()
    return ([key for *_, key in reviewed] + new)[: max(0, n)]


def orphans(
    store: Store, decks: Iterable[Deck], *, stored_ids: dict[str, set[str]] | None = None
) -> list[CardKey]:
    """Return stored cards whose card no longer exists in any loaded deck.

    They are kept, never deleted: if the card comes back its history comes with it.

    Args:
        store: the open database.
        decks: the loaded decks.
        stored_ids: ``store.stored_ids()`` if the caller has it already.
    """
    by_id = {deck.id: deck for deck in decks}
    lost: list[CardKey] = []
    stored_by_deck = stored_ids if stored_ids is not None else store.stored_ids()
    for deck_id, stored in stored_by_deck.items():
        deck = by_id.get(deck_id)
        present = deck_card_ids(deck) if deck is not None else frozenset()
        lost += [CardKey(deck_id, card_id) for card_id in stored - present]
    return sorted(lost)
