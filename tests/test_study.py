"""Scheduling on fsrs: ratings from verdicts, interval previews, recording and undoing
reviews, leeches, drills, burying and suspending."""

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Rating, State

from engine.problem import Verdict
from quizapp.config import Settings
from quizapp.decks.model import CardKey
from quizapp.store import NEW, open_store
from quizapp.study import (
    Sitting,
    bury,
    format_interval,
    is_leech_lapse,
    make_scheduler,
    preview_intervals,
    rating_for,
    record_review,
    schedule_review,
    suspend,
    undo_last,
    unsuspend,
)
from quizapp.study.days import day_bounds

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
KEY = CardKey("pca", "covariance")
SETTINGS = Settings(fuzz=False)
# FSRS-6 default weights as published: w[3] is the initial stability after Easy (days),
# w[20] the decay of the forgetting curve.
W3_EASY_STABILITY, W20_DECAY = 8.2956, 0.1542


@pytest.fixture
def store(tmp_path: Path):
    with open_store(tmp_path / "q.sqlite3") as opened:
        yield opened


def _verdict(status: str, mistake: str | None = None) -> Verdict:
    return Verdict(status=status, score=float(status == "correct"), feedback={}, mistake=mistake)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("status", "hint", "elapsed", "mode", "expected"),
    [
        ("invalid", False, 5.0, "fsrs4", None),
        ("incorrect", False, 5.0, "fsrs4", Rating.Again),
        ("incorrect", True, 5.0, "pass_fail", Rating.Again),
        ("correct", False, 90.0, "fsrs4", Rating.Good),
        ("correct", True, 5.0, "fsrs4", Rating.Hard),
        ("correct", False, 59.0, "fsrs4", Rating.Easy),
        ("correct", False, 60.0, "fsrs4", Rating.Good),
        ("correct", True, 5.0, "pass_fail", Rating.Good),
        ("correct", False, 5.0, "pass_fail", Rating.Good),
    ],
)
def test_auto_graded_answers_map_to_the_documented_ratings(
    status: str, hint: bool, elapsed: float, mode: str, expected: Rating | None
) -> None:
    rating = rating_for(
        _verdict(status),
        hint_used=hint,
        elapsed_seconds=elapsed,
        target_seconds=60,
        mode=mode,  # type: ignore[arg-type]
    )
    assert rating == expected


def test_a_new_card_previews_the_learning_steps_and_the_easy_interval() -> None:
    intervals = preview_intervals(make_scheduler(SETTINGS), None, NOW)
    assert intervals[Rating.Again] == timedelta(minutes=1)
    assert intervals[Rating.Hard] == timedelta(minutes=5.5)  # halfway between 1m and 10m
    assert intervals[Rating.Good] == timedelta(minutes=10)
    # At retention 0.9 the FSRS interval equals the stability: round(w[3]) days.
    assert intervals[Rating.Easy] == timedelta(days=round(W3_EASY_STABILITY))


def test_desired_retention_changes_the_interval_by_the_fsrs_formula() -> None:
    scheduler = make_scheduler(replace(SETTINGS, desired_retention=0.8))
    easy = preview_intervals(scheduler, None, NOW)[Rating.Easy]
    decay = -W20_DECAY
    factor = 0.9 ** (1 / decay) - 1
    expected_days = W3_EASY_STABILITY / factor * (0.8 ** (1 / decay) - 1)
    assert easy == timedelta(days=round(expected_days))
    assert expected_days > 2 * W3_EASY_STABILITY  # lower retention, much longer interval


def test_preview_leaves_the_store_alone(store) -> None:
    scheduler = make_scheduler(SETTINGS)
    record_review(store, scheduler, KEY, Rating.Easy, NOW, SETTINGS)
    state = store.get_state(KEY)
    later = NOW + timedelta(days=8)
    preview = preview_intervals(scheduler, state, later)
    assert store.get_state(KEY) == state
    assert preview[Rating.Again] == timedelta(minutes=10)  # the relearning step
    assert preview[Rating.Hard] < preview[Rating.Good] < preview[Rating.Easy]


@pytest.mark.parametrize(
    ("interval", "english", "chinese"),
    [
        (timedelta(seconds=30), "<1m", "<1分钟"),
        (timedelta(minutes=1), "1m", "1分钟"),
        (timedelta(minutes=5.5), "6m", "6分钟"),
        (timedelta(minutes=10), "10m", "10分钟"),
        (timedelta(minutes=59, seconds=50), "1h", "1小时"),
        (timedelta(hours=1, minutes=30), "1.5h", "1.5小时"),
        (timedelta(days=3), "3d", "3天"),
        (timedelta(days=63), "2.1mo", "2.1个月"),
        (timedelta(days=365 * 2 + 146), "2.4y", "2.4年"),
    ],
)
def test_intervals_are_short_in_both_languages(
    interval: timedelta, english: str, chinese: str
) -> None:
    assert format_interval(interval, "en") == english
    assert format_interval(interval, "both") == english
    assert format_interval(interval, "zh") == chinese


def test_a_review_is_logged_with_its_verdict_and_the_state_before(store) -> None:
    scheduler = make_scheduler(SETTINGS)
    verdict = _verdict("incorrect", mistake="n_instead_of_n_minus_1")
    outcome = record_review(
        store,
        scheduler,
        KEY,
        Rating.Again,
        NOW,
        SETTINGS,
        duration_ms=5300,
        answer="2.5",
        verdict=verdict,
        seed=11,
        family="pca.covariance",
    )
    assert outcome.before is None and outcome.moved_schedule
    state = store.get_state(KEY)
    assert state is not None
    assert (state.state, state.reps, state.due) == (State.Learning, 1, NOW + timedelta(minutes=1))
    [logged] = store.reviews_of(KEY)
    assert logged.id == outcome.review_id
    assert (logged.rating, logged.prior_state, logged.correct) == (1, NEW, False)
    assert (logged.answer, logged.seed, logged.family) == ("2.5", 11, "pca.covariance")
    assert logged.mistake == "n_instead_of_n_minus_1"
    assert logged.verdict == json.loads(json.dumps(verdict.to_dict()))  # stored as JSON
    assert logged.state_before is None


def test_learning_steps_lead_to_the_review_state(store) -> None:
    scheduler = make_scheduler(SETTINGS)
    record_review(store, scheduler, KEY, Rating.Good, NOW, SETTINGS)
    second = record_review(
        store, scheduler, KEY, Rating.Good, NOW + timedelta(minutes=10), SETTINGS
    )
    assert second.after is not None and second.after.state == State.Review
    assert second.after.due >= NOW + timedelta(days=1)
    assert [r.prior_state for r in store.reviews_of(KEY)] == [NEW, State.Learning]


def _lapse(store, scheduler, settings: Settings, when: datetime):
    """Forget a review card (Again), then relearn it (Good after the 10 min step)."""
    forgot = record_review(store, scheduler, KEY, Rating.Again, when, settings)
    if not forgot.after.suspended:
        record_review(store, scheduler, KEY, Rating.Good, when + timedelta(minutes=10), settings)
    return forgot


@pytest.mark.parametrize("action", ["suspend", "tag"])
def test_the_eighth_lapse_makes_a_leech(store, action: str) -> None:
    settings = replace(SETTINGS, leech_action=action)  # type: ignore[arg-type]
    scheduler = make_scheduler(settings)
    record_review(store, scheduler, KEY, Rating.Easy, NOW, settings)
    when = NOW
    for lapse in range(1, 9):
        when = store.get_state(KEY).due
        outcome = _lapse(store, scheduler, settings, when)
        assert outcome.after.lapses == lapse
        assert outcome.became_leech == (lapse == 8)
    final = store.get_state(KEY)
    assert final.leech and final.lapses == 8
    assert final.suspended == (action == "suspend")


def test_leech_threshold_repeats_every_half_threshold_as_in_anki() -> None:
    assert [n for n in range(1, 21) if is_leech_lapse(n, 8)] == [8, 12, 16, 20]
    assert [n for n in range(1, 6) if is_leech_lapse(n, 1)] == [1, 2, 3, 4, 5]


def test_again_on_a_learning_card_is_not_a_lapse(store) -> None:
    scheduler = make_scheduler(SETTINGS)
    for minutes in range(0, 10):
        record_review(
            store, scheduler, KEY, Rating.Again, NOW + timedelta(minutes=minutes), SETTINGS
        )
    assert store.get_state(KEY).lapses == 0


def test_undo_goes_back_several_steps_within_a_session(store) -> None:
    scheduler = make_scheduler(SETTINGS)
    states = []
    for minutes, rating in [(0, Rating.Good), (10, Rating.Good), (20, Rating.Again)]:
        record_review(
            store,
            scheduler,
            KEY,
            rating,
            NOW + timedelta(minutes=minutes),
            SETTINGS,
            session_id="today",
        )
        states.append(store.get_state(KEY))
    record_review(
        store,
        scheduler,
        CardKey("pca", "other"),
        Rating.Good,
        NOW,
        SETTINGS,
        session_id="yesterday",
    )
    assert undo_last(store, "today").rating == Rating.Again
    assert store.get_state(KEY) == states[1]
    assert undo_last(store, "today").rating == Rating.Good
    assert store.get_state(KEY) == states[0]
    undo_last(store, "today")
    assert store.get_state(KEY) is None
    assert undo_last(store, "today") is None
    assert store.get_state(CardKey("pca", "other")) is not None  # another session untouched


def test_a_drill_is_logged_but_leaves_the_schedule_alone(store) -> None:
    scheduler = make_scheduler(SETTINGS)
    record_review(store, scheduler, KEY, Rating.Easy, NOW, SETTINGS)
    before = store.get_state(KEY)
    outcome = record_review(
        store, scheduler, KEY, Rating.Again, NOW + timedelta(days=1), SETTINGS, drill=True
    )
    assert not outcome.moved_schedule and not outcome.became_leech
    assert store.get_state(KEY) == before
    logged = store.reviews_of(KEY)[-1]
    assert logged.drill and logged.rating == Rating.Again and logged.prior_state == State.Review


def test_a_drill_moves_the_schedule_when_so_configured(store) -> None:
    settings = replace(SETTINGS, drill_moves_schedule=True)
    scheduler = make_scheduler(settings)
    record_review(store, scheduler, KEY, Rating.Easy, NOW, settings)
    outcome = record_review(
        store, scheduler, KEY, Rating.Again, NOW + timedelta(days=1), settings, drill=True
    )
    assert outcome.moved_schedule
    assert store.get_state(KEY).state == State.Relearning
    assert store.get_state(KEY).lapses == 1


def test_bury_lasts_until_the_next_study_day(store) -> None:
    state = bury(store, KEY, NOW, SETTINGS, tz=UTC)
    assert state.buried_until == datetime(2024, 5, 2, 4, 0, tzinfo=UTC)
    assert state.is_new  # burying a new card does not make it seen
    assert day_bounds(NOW, 4, UTC)[1] == state.buried_until


def test_suspend_and_unsuspend_keep_the_schedule(store) -> None:
    scheduler = make_scheduler(SETTINGS)
    record_review(store, scheduler, KEY, Rating.Easy, NOW, SETTINGS)
    scheduled = store.get_state(KEY)
    assert suspend(store, KEY, NOW).suspended
    back = unsuspend(store, KEY, NOW)
    assert back == scheduled


def test_a_sitting_brings_an_again_card_back_when_due_and_undo_shows_it_again(store) -> None:
    from quizapp.decks.model import Card, Deck
    from quizapp.study import cards_by_key

    cards = tuple(
        Card(deck_id="pca", id=name, kind="flashcard", prompt={"en": name}) for name in ("a", "b")
    )
    deck = Deck(id="pca", title={"en": "PCA"}, cards=cards)
    sitting = Sitting.start(
        store,
        [deck],
        SETTINGS,
        clock=lambda: NOW,
        cards=cards_by_key([deck]),
        deck_titles={"pca": deck.title},
        tz=UTC,
    )
    first = CardKey("pca", "a")
    assert sitting.current is not None and sitting.current.card.key == first
    sitting.rate(1)
    # "a" comes back in one minute (its first learning step).
    assert sitting.next_due_learning() == NOW + timedelta(minutes=1)
    sitting.advance()
    assert sitting.current is not None and sitting.current.card.key == CardKey("pca", "b")
    sitting.rate(4)
    sitting.advance()  # nothing else is left: "a" is shown early (learn ahead)
    assert sitting.current is not None and sitting.current.card.key == first
    assert sitting.undo() == CardKey("pca", "b")
    assert store.get_state(CardKey("pca", "b")) is None
    assert sitting.current is not None and sitting.current.card.key == CardKey("pca", "b")
    assert sitting.done == 1


def test_schedule_review_is_fsrs_review_card_and_stores_nothing(store) -> None:
    from fsrs import Card as FsrsCard
    from fsrs import Scheduler

    from quizapp.study.scheduling import LEARNING_STEPS, RELEARNING_STEPS

    record, after = schedule_review(
        None, Rating.Good, NOW, SETTINGS, key=KEY, scheduler=make_scheduler(SETTINGS)
    )
    # The reference: fsrs itself, configured by hand as documented in scheduling.py.
    reference = Scheduler(
        desired_retention=SETTINGS.desired_retention,
        learning_steps=LEARNING_STEPS,
        relearning_steps=RELEARNING_STEPS,
        enable_fuzzing=False,
    )
    expected, _ = reference.review_card(FsrsCard(state=State.Learning, due=NOW), Rating.Good, NOW)
    assert after is not None and after.due == expected.due
    assert after.stability == pytest.approx(expected.stability)
    assert (after.reps, after.lapses, after.state) == (1, 0, int(expected.state))
    assert (record.rating, record.prior_state, record.state_before) == (3, NEW, None)
    assert record.key == KEY and record.reviewed_at == NOW
    assert store.get_state(KEY) is None and store.reviews_of(KEY) == []


def test_schedule_review_in_a_drill_leaves_the_state_alone_unless_told() -> None:
    _, first = schedule_review(None, Rating.Easy, NOW, SETTINGS, key=KEY)
    record, after = schedule_review(first, Rating.Again, NOW, SETTINGS, key=KEY, drill=True)
    assert after is first and record.drill
    moving = replace(SETTINGS, drill_moves_schedule=True)
    _, moved = schedule_review(first, Rating.Again, NOW, moving, key=KEY, drill=True)
    assert moved is not None and moved.lapses == 1 and moved.due < first.due  # type: ignore[union-attr]
