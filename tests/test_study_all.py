"""Study all: one sitting over every deck, and counts that are promises kept.

The home screen, the study header and stats take their counts from
``quizapp.study.queue.today_counts``; these tests drive sittings to their end and check
that what was served is exactly what was counted, with the default and a lowered cap.
"""

from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Card as FsrsCard
from fsrs import Rating, State

from quizapp.config import Settings
from quizapp.decks.model import Card, CardKey, Deck
from quizapp.store import NEW, CardState, open_store
from quizapp.study import Counts, Sitting, cards_by_key, make_scheduler, record_review
from quizapp.study.queue import plan_today, today_counts

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
DEFAULT = Settings(fuzz=False)  # 20 new cards a day, per deck and overall
LOWERED = replace(DEFAULT, new_per_day=5)
KIND_OF_PRIOR_STATE = {NEW: "new", int(State.Review): "due"}


@pytest.fixture
def store(tmp_path: Path):
    with open_store(tmp_path / "q.sqlite3") as opened:
        yield opened


def _deck(deck_id: str, count: int) -> Deck:
    cards = tuple(
        Card(deck_id=deck_id, id=f"c{i:02d}", kind="flashcard", prompt={"en": str(i)})
        for i in range(count)
    )
    return Deck(id=deck_id, title={"en": deck_id}, cards=cards)


def _state(key: CardKey, due: datetime, state: State) -> CardState:
    last = due - timedelta(days=3)
    card = FsrsCard(
        card_id=0,
        state=state,
        step=None if state == State.Review else 0,
        stability=3.0,
        difficulty=5.0,
        due=due,
        last_review=last,
    )
    return CardState(
        deck_id=key.deck_id,
        card_id=key.card_id,
        fsrs_card=card.to_json(),
        state=int(state),
        due=due,
        stability=3.0,
        difficulty=5.0,
        last_review=last,
        reps=3,
    )


def _library(store) -> list[Deck]:  # type: ignore[no-untyped-def]
    """Three decks: reviews due, learning cards due now, soon and later today, a review due
    tomorrow, and three new cards of deck c already studied an hour ago."""
    a, b, c = _deck("a", 25), _deck("b", 25), _deck("c", 5)
    key = CardKey
    store.put_state(_state(key("a", "c00"), NOW - timedelta(days=1), State.Review))
    store.put_state(_state(key("a", "c01"), NOW - timedelta(days=2), State.Review))
    store.put_state(_state(key("a", "c02"), NOW - timedelta(minutes=5), State.Learning))
    store.put_state(_state(key("a", "c03"), NOW + timedelta(minutes=10), State.Relearning))
    store.put_state(_state(key("a", "c04"), NOW + timedelta(hours=3), State.Learning))
    store.put_state(_state(key("b", "c00"), NOW - timedelta(days=2), State.Review))
    store.put_state(_state(key("b", "c01"), NOW + timedelta(days=1), State.Review))
    scheduler = make_scheduler(DEFAULT)
    for card in c.cards[:3]:
        record_review(store, scheduler, card.key, Rating.Easy, NOW - timedelta(hours=1), DEFAULT)
    return [a, b, c]


def _serve_everything(store, decks: list[Deck], settings: Settings) -> Counts:  # type: ignore[no-untyped-def]
    """Study ``decks`` to the end (every card Easy) and count what was served, by what
    each card was when it was shown (the review log's prior state)."""
    sitting = Sitting.start(
        store,
        decks,
        settings,
        clock=lambda: NOW,
        cards=cards_by_key(decks),
        deck_titles={deck.id: deck.title for deck in decks},
    )
    for _ in range(200):
        if sitting.current is None:
            break
        sitting.rate(4)
        sitting.advance()
    assert sitting.current is None
    served: dict[CardKey, str] = {}
    for deck in decks:
        for card in deck.cards:
            for review in store.reviews_of(card.key):
                if review.session_id == sitting.session_id:
                    served.setdefault(
                        card.key, KIND_OF_PRIOR_STATE.get(review.prior_state, "learning")
                    )
    kinds = Counter(served.values())
    assert sitting.done == len(served)  # every card once: Easy graduates at once
    return Counts(new=kinds["new"], learning=kinds["learning"], due=kinds["due"])


@pytest.mark.parametrize(
    ("settings", "promised"),
    [
        # 20 a day, 3 done: 17 new; learning due now and within 20 minutes; 3 reviews.
        (DEFAULT, Counts(new=17, learning=2, due=3)),
        # 5 a day, 3 done: 2 new left for all decks together.
        (LOWERED, Counts(new=2, learning=2, due=3)),
    ],
)
def test_study_all_serves_exactly_what_home_promised(store, settings, promised) -> None:  # type: ignore[no-untyped-def]
    decks = _library(store)
    counts = today_counts(store, decks, NOW, settings)
    assert counts.total == promised
    assert _serve_everything(store, decks, settings) == promised
    assert today_counts(store, decks, NOW, settings).total == Counts()


@pytest.mark.parametrize("settings", [DEFAULT, LOWERED])
def test_each_deck_serves_exactly_what_its_row_promised(store, settings) -> None:  # type: ignore[no-untyped-def]
    decks = _library(store)
    for deck in decks:
        # Studying one deck uses up the overall cap: ask again before each deck.
        promised = today_counts(store, decks, NOW, settings).decks[deck.id]
        assert _serve_everything(store, [deck], settings) == promised


def test_deck_rows_respect_the_overall_cap(store) -> None:  # type: ignore[no-untyped-def]
    decks = _library(store)
    rows = today_counts(store, decks, NOW, LOWERED).decks
    # Each deck alone could take the 2 new cards the overall cap leaves (c has 2 left).
    assert rows == {
        "a": Counts(new=2, learning=2, due=2),
        "b": Counts(new=2, learning=0, due=1),
        "c": Counts(new=2, learning=0, due=0),
    }


def test_new_cards_of_several_decks_take_turns(store) -> None:  # type: ignore[no-untyped-def]
    decks = _library(store)
    plan = plan_today(store, decks, NOW, DEFAULT)
    assert [key.deck_id for key in plan.new[:7]] == ["a", "b", "c", "a", "b", "c", "a"]
    assert plan.new[:3] == (CardKey("a", "c05"), CardKey("b", "c02"), CardKey("c", "c03"))


def test_a_sitting_keeps_its_promise_when_cards_are_buried(store) -> None:  # type: ignore[no-untyped-def]
    deck = _deck("a", 25)
    promised = today_counts(store, [deck], NOW, LOWERED).total
    assert promised == Counts(new=5)
    sitting = Sitting.start(
        store,
        [deck],
        LOWERED,
        clock=lambda: NOW,
        cards=cards_by_key([deck]),
        deck_titles={"a": deck.title},
    )
    buried = []
    for _ in range(2):  # buried cards do not use up the day's room: others take their place
        assert sitting.current is not None
        buried.append(sitting.current.card.key)
        sitting.bury_current()
    rated = []
    for _ in range(10):
        if sitting.current is None:
            break
        assert sitting.counts().new == 5 - len(rated)  # the header, as home counts it
        rated.append(sitting.current.card.key)
        sitting.rate(4)
        sitting.advance()
    assert sitting.current is None and len(rated) == 5 and not set(rated) & set(buried)
    assert today_counts(store, [deck], NOW, LOWERED).total == Counts()
