"""Today's queue: study days, daily limits, interleaving, bury and suspend, orphans,
the home screen's counts, and drills ordered weakest first."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from fsrs import Card as FsrsCard
from fsrs import Rating, State
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.config import DeckLimits, Settings
from quizapp.decks.model import Card, CardKey, Deck
from quizapp.store import CardState, open_store
from quizapp.study import (
    Counts,
    build_queue,
    bury,
    deck_counts,
    drill_queue,
    interleave,
    make_scheduler,
    orphans,
    record_review,
    suspend,
)
from quizapp.study.days import day_start, study_day

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
SETTINGS = Settings(fuzz=False)
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def store(tmp_path: Path):
    with open_store(tmp_path / "q.sqlite3") as opened:
        yield opened


def _deck(deck_id: str, count: int, tags=(), **fields) -> Deck:
    cards = tuple(
        Card(deck_id=deck_id, id=f"c{i:02d}", kind="flashcard", prompt={"en": str(i)}, tags=tags)
        for i in range(count)
    )
    return Deck(id=deck_id, title={"en": deck_id}, cards=cards, **fields)


def _reviewed(
    key: CardKey,
    due: datetime,
    *,
    stability: float = 5.0,
    elapsed_days: float = 5.0,
    state: State = State.Review,
    lapses: int = 0,
    **fields,
) -> CardState:
    last = due - timedelta(days=elapsed_days)
    card = FsrsCard(
        card_id=0,
        state=state,
        step=None if state == State.Review else 0,
        stability=stability,
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
        stability=stability,
        difficulty=5.0,
        last_review=last,
        reps=3,
        lapses=lapses,
        **fields,
    )


# --- study days -----------------------------------------------------------------------


def test_a_study_day_starts_at_four_in_the_morning_local_time() -> None:
    before = datetime(2024, 5, 2, 3, 59, tzinfo=BERLIN)
    after = datetime(2024, 5, 2, 4, 0, tzinfo=BERLIN)
    assert study_day(before, 4, BERLIN) == date(2024, 5, 1)
    assert study_day(after, 4, BERLIN) == date(2024, 5, 2)
    assert study_day(before, 0, BERLIN) == date(2024, 5, 2)  # configurable: midnight


def test_the_day_of_the_spring_clock_change_is_23_hours_long() -> None:
    # Berlin leaves CET (UTC+1) for CEST (UTC+2) at 02:00 on 31 March 2024.
    assert day_start(date(2024, 3, 30), 4, BERLIN) == datetime(2024, 3, 30, 3, tzinfo=UTC)
    assert day_start(date(2024, 3, 31), 4, BERLIN) == datetime(2024, 3, 31, 2, tzinfo=UTC)
    assert day_start(date(2024, 4, 1), 4, BERLIN) - day_start(
        date(2024, 3, 31), 4, BERLIN
    ) == timedelta(hours=24)


# --- limits and order -------------------------------------------------------------------


def test_new_cards_come_in_deck_order_up_to_the_daily_limit(store) -> None:
    deck = _deck("d", 30)
    queue = build_queue(store, [deck], NOW, SETTINGS, UTC)
    assert queue == [card.key for card in deck.cards[:20]]


def test_new_cards_studied_today_count_against_the_limit(store) -> None:
    deck = _deck("d", 30)
    scheduler = make_scheduler(SETTINGS)
    for card in deck.cards[:5]:
        record_review(store, scheduler, card.key, Rating.Easy, NOW - timedelta(hours=1), SETTINGS)
    queue = build_queue(store, [deck], NOW, SETTINGS, UTC)
    assert queue == [card.key for card in deck.cards[5:20]]
    # The next study day (04:00 UTC) brings a full allowance again.
    tomorrow = datetime(2024, 5, 2, 4, 0, tzinfo=UTC)
    assert len(build_queue(store, [deck], tomorrow, SETTINGS, UTC)) == 20


def test_deck_limits_come_from_the_settings_file_then_the_deck_file(store) -> None:
    deck = _deck("d", 30, new_per_day=3)
    assert len(build_queue(store, [deck], NOW, SETTINGS, UTC)) == 3
    overridden = replace(SETTINGS, deck_limits={"d": DeckLimits(new_per_day=1)})
    assert len(build_queue(store, [deck], NOW, overridden, UTC)) == 1


def test_the_global_limit_caps_several_decks_together(store) -> None:
    first, second = _deck("a", 10), _deck("b", 10)
    queue = build_queue(store, [first, second], NOW, replace(SETTINGS, new_per_day=12), UTC)
    # The two decks take turns (topics interleaved), six each within the overall 12.
    pairs = zip(first.cards[:6], second.cards[:6], strict=True)
    assert queue == [card.key for pair in pairs for card in pair]


def test_due_reviews_come_most_overdue_first_within_the_review_limit(store) -> None:
    deck = _deck("d", 6)
    dues = [
        NOW - timedelta(days=1),
        NOW - timedelta(days=3),
        NOW + timedelta(hours=10),
        NOW - timedelta(hours=2),
        NOW + timedelta(days=2),
        NOW,
    ]
    for card, due in zip(deck.cards, dues, strict=True):
        store.put_state(_reviewed(card.key, due))
    keys = [card.key for card in deck.cards]
    # Due today (before 04:00 UTC tomorrow): all but card 4, most overdue first.
    assert build_queue(store, [deck], NOW, SETTINGS, UTC) == [
        keys[1],
        keys[0],
        keys[3],
        keys[5],
        keys[2],
    ]
    limited = replace(SETTINGS, reviews_per_day=3)
    assert build_queue(store, [deck], NOW, limited, UTC) == [keys[1], keys[0], keys[3]]
    # A review made today uses up one of the three.
    record_review(store, make_scheduler(SETTINGS), keys[1], Rating.Good, NOW, SETTINGS)
    assert build_queue(store, [deck], NOW, limited, UTC) == [keys[0], keys[3]]


def test_a_deck_at_its_limit_does_not_hide_another_decks_due_cards(store) -> None:
    crowded, quiet = _deck("a", 60, reviews_per_day=1), _deck("b", 1)
    for index, card in enumerate(crowded.cards):
        store.put_state(_reviewed(card.key, NOW - timedelta(days=100 - index)))
    store.put_state(_reviewed(quiet.cards[0].key, NOW - timedelta(days=1)))
    queue = build_queue(store, [crowded, quiet], NOW, replace(SETTINGS, reviews_per_day=2), UTC)
    assert queue == [crowded.cards[0].key, quiet.cards[0].key]


def test_new_cards_are_spread_among_reviews(store) -> None:
    reviews = [CardKey("d", f"r{i}") for i in range(4)]
    new = [CardKey("d", f"n{i}") for i in range(2)]
    # New card i after round((i + 1) * 4 / 3) reviews: after 1, then after 3.
    assert interleave(reviews, new) == [
        reviews[0],
        new[0],
        reviews[1],
        reviews[2],
        new[1],
        reviews[3],
    ]


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 40), st.integers(0, 15))
def test_interleaving_keeps_both_orders_and_spreads_new_cards(reviews: int, new: int) -> None:
    review_keys = [CardKey("d", f"r{i}") for i in range(reviews)]
    new_keys = [CardKey("d", f"n{i}") for i in range(new)]
    merged = interleave(review_keys, new_keys)
    assert [k for k in merged if k.card_id[0] == "r"] == review_keys
    assert [k for k in merged if k.card_id[0] == "n"] == new_keys
    longest_run = run = 0
    for key in merged:
        run = run + 1 if key.card_id[0] == "r" else 0
        longest_run = max(longest_run, run)
    assert longest_run <= -(-reviews // (new + 1)) if reviews else longest_run == 0


def test_learning_cards_due_now_come_first(store) -> None:
    deck = _deck("d", 3)
    store.put_state(_reviewed(deck.cards[2].key, NOW - timedelta(minutes=1), state=State.Learning))
    store.put_state(_reviewed(deck.cards[1].key, NOW - timedelta(days=1)))
    queue = build_queue(store, [deck], NOW, SETTINGS, UTC)
    assert queue[0] == deck.cards[2].key
    assert set(queue) == {card.key for card in deck.cards}


def test_suspended_and_buried_cards_are_left_out_until_due_back(store) -> None:
    deck = _deck("d", 3)
    suspend(store, deck.cards[0].key, NOW)
    bury(store, deck.cards[1].key, NOW, SETTINGS, UTC)
    assert build_queue(store, [deck], NOW, SETTINGS, UTC) == [deck.cards[2].key]
    tomorrow = datetime(2024, 5, 2, 4, 0, tzinfo=UTC)
    assert build_queue(store, [deck], tomorrow, SETTINGS, UTC) == [
        deck.cards[1].key,
        deck.cards[2].key,
    ]


def test_a_card_that_leaves_its_deck_is_kept_reported_and_comes_back_with_its_history(
    store,
) -> None:
    deck = _deck("d", 3)
    gone = deck.cards[1].key
    record_review(
        store, make_scheduler(SETTINGS), gone, Rating.Easy, NOW - timedelta(days=30), SETTINGS
    )
    shrunk = replace(deck, cards=(deck.cards[0], deck.cards[2]))
    assert orphans(store, [shrunk]) == [gone]
    assert gone not in build_queue(store, [shrunk], NOW, SETTINGS, UTC)
    assert deck_counts(store, [shrunk], NOW, SETTINGS, UTC)["d"] == Counts(new=2, due=0)
    assert store.get_state(gone) is not None and len(store.reviews_of(gone)) == 1
    # Back in the deck: due (its Easy interval has passed), not new.
    assert orphans(store, [deck]) == []
    assert build_queue(store, [deck], NOW, SETTINGS, UTC) == [
        deck.cards[0].key,
        gone,
        deck.cards[2].key,
    ]
    assert deck_counts(store, [deck], NOW, SETTINGS, UTC)["d"] == Counts(new=2, learning=0, due=1)


def test_deck_counts_respect_limits_and_count_learning_a_sitting_would_serve_now(store) -> None:
    deck = _deck("d", 25)
    # Later today: not counted until it is due within the learn-ahead limit (20 minutes).
    store.put_state(_reviewed(deck.cards[0].key, NOW + timedelta(hours=3), state=State.Learning))
    store.put_state(_reviewed(deck.cards[3].key, NOW + timedelta(minutes=15), state=State.Learning))
    store.put_state(_reviewed(deck.cards[1].key, NOW - timedelta(days=2)))
    store.put_state(_reviewed(deck.cards[2].key, NOW + timedelta(days=5)))
    counts = deck_counts(store, [deck], NOW, SETTINGS, UTC)
    assert counts == {"d": Counts(new=20, learning=1, due=1)}
    assert counts["d"].total == 22
    later = deck_counts(store, [deck], NOW + timedelta(hours=2, minutes=45), SETTINGS, UTC)
    assert later["d"].learning == 2


# --- drills ---------------------------------------------------------------------------------


def test_a_drill_takes_the_weakest_cards_first(store) -> None:
    deck = _deck("d", 6, tags=("pca",))
    keys = [card.key for card in deck.cards]
    # FSRS forgetting curve R = (1 + F t/S)^-d falls as t/S grows: order by elapsed/stability.
    store.put_state(_reviewed(keys[0], NOW, stability=10.0, elapsed_days=20))  # t/S = 2
    store.put_state(_reviewed(keys[1], NOW, stability=100.0, elapsed_days=10))  # 0.1
    store.put_state(_reviewed(keys[2], NOW, stability=5.0, elapsed_days=5))  # 1
    store.put_state(_reviewed(keys[3], NOW, stability=50.0, elapsed_days=50, lapses=4))  # 1
    store.put_state(_reviewed(keys[4], NOW, stability=1.0, elapsed_days=30, suspended=True))
    # keys[5] has never been reviewed.
    assert drill_queue(store, [deck], NOW, SETTINGS, n=10) == [
        keys[0],
        keys[3],
        keys[2],
        keys[1],
        keys[5],
    ]
    assert drill_queue(store, [deck], NOW, SETTINGS, n=2) == [keys[0], keys[3]]
    assert drill_queue(store, [deck], NOW, SETTINGS, tag="other") == []
    assert drill_queue(store, [deck], NOW, SETTINGS, deck_id="elsewhere") == []


def test_drilling_the_leech_tag_includes_suspended_leeches(store) -> None:
    deck = _deck("d", 3)
    leech = _reviewed(deck.cards[1].key, NOW, lapses=8, leech=True, suspended=True)
    store.put_state(leech)
    store.put_state(_reviewed(deck.cards[0].key, NOW))
    assert drill_queue(store, [deck], NOW, SETTINGS, tag="leech") == [leech.key]


def test_review_state_constant_is_fsrs_review_state() -> None:
    from fsrs import State

    from quizapp.study.queue import REVIEW_STATE

    assert State(REVIEW_STATE) is State.Review
