"""Statistics against a hand-built review log: days in the learner's zone (across a
clock change), true retention, the due forecast, the streak, families and mistakes."""

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from quizapp.config import Settings
from quizapp.decks.model import Card, Deck
from quizapp.store import CardState, ReviewRecord, open_store
from quizapp.study import stats

NEW_YORK = ZoneInfo("America/New_York")  # clocks went forward at 02:00 on 10 March 2024
KATHMANDU = ZoneInfo("Asia/Kathmandu")  # UTC+05:45
SETTINGS = Settings(fuzz=False)
NOW = datetime(2024, 3, 12, 15, 0, tzinfo=NEW_YORK)
MISTAKE_TEXT = {"en": "used n instead of n − 1", "zh": "用了 n 而不是 n − 1"}


def _review(when: datetime, deck="a", card="c1", rating=3, prior=2, **fields) -> ReviewRecord:
    return ReviewRecord(
        deck_id=deck, card_id=card, reviewed_at=when, rating=rating, prior_state=prior, **fields
    )


def _state(deck: str, card: str, due: datetime, reps: int = 2, suspended: bool = False):
    return CardState(
        deck_id=deck,
        card_id=card,
        fsrs_card="{}",
        state=2,
        due=due,
        stability=4.0,
        difficulty=5.0,
        last_review=due - timedelta(days=4),
        reps=reps,
        suspended=suspended,
    )


def _local(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=NEW_YORK)


@pytest.fixture
def data(tmp_path: Path) -> dict:
    with open_store(tmp_path / "q.sqlite3") as store:
        reviews = [
            # today (study day 12 March): two
            _review(_local(2024, 3, 12, 10, 0), rating=3),
            _review(_local(2024, 3, 12, 11, 0), rating=1),
            # 03:30 on 12 March is still the study day of 11 March
            _review(_local(2024, 3, 12, 3, 30), deck="b", rating=3),
            _review(_local(2024, 3, 11, 20, 0), deck="b", rating=4),
            # after the clock change: 05:00 EDT is 10 March, 03:59 EDT is still 9 March
            _review(_local(2024, 3, 10, 5, 0), prior=1, rating=1),
            _review(_local(2024, 3, 10, 3, 59), prior=0, rating=3),
            _review(_local(2024, 3, 8, 12, 0), prior=2, rating=1, drill=True),
            # a gap on 7 March ends the streak; 5 March and long ago do not count for it
            _review(_local(2024, 3, 5, 12, 0), prior=0),
            _review(_local(2024, 2, 1, 12, 0), prior=2, rating=1),  # outside 30 days
            _review(_local(2023, 1, 1, 12, 0), prior=0),  # outside 365 days
        ]
        families = [("pca.covariance", False, "n_instead_of_n_minus_1")] * 4 + [
            ("pca.covariance", True, None),
            ("loss.mse.value", True, None),
            ("loss.mse.value", True, None),
        ]
        for index, (family, correct, mistake) in enumerate(families):
            verdict = {
                "status": "correct" if correct else "incorrect",
                "mistake": mistake,
                "feedback": MISTAKE_TEXT if mistake else {},
            }
            reviews.append(
                _review(
                    _local(2024, 3, 1, 12, index),
                    deck="gen",
                    card=family,
                    prior=0,
                    correct=correct,
                    family=family,
                    mistake=mistake,
                    verdict=verdict,
                    rating=3 if correct else 1,
                )
            )
        for review in reviews:
            store.record(review, None)
        today_end = datetime(2024, 3, 13, 4, 0, tzinfo=NEW_YORK)
        store.put_state(_state("a", "overdue", today_end - timedelta(days=2)))
        store.put_state(_state("a", "later-today", today_end - timedelta(minutes=1)))
        store.put_state(_state("a", "tomorrow", today_end + timedelta(hours=1)))
        store.put_state(_state("b", "day-29", today_end + timedelta(days=28, hours=1)))
        store.put_state(_state("b", "day-31", today_end + timedelta(days=30, hours=1)))
        store.put_state(_state("a", "suspended", today_end - timedelta(hours=1), suspended=True))
        store.put_state(_state("a", "new-buried", today_end - timedelta(hours=1), reps=0))
        deck_a = Deck(
            id="a",
            title={"en": "A", "zh": "甲"},
            cards=(Card(deck_id="a", id="overdue", kind="flashcard", prompt={"en": "?"}),),
        )
        yield {
            "with_decks": stats(store, [deck_a], NOW, SETTINGS, NEW_YORK),
            "from_db": stats(store, None, NOW, SETTINGS, NEW_YORK),
        }


def test_reviews_are_counted_per_study_day_across_the_clock_change(data: dict) -> None:
    result = data["from_db"]
    per_day = {entry["date"]: entry["count"] for entry in result["reviews_per_day"]}
    assert len(result["reviews_per_day"]) == 365
    assert result["reviews_per_day"][-1]["date"] == "2024-03-12"
    assert [per_day[f"2024-03-{d:02d}"] for d in range(5, 13)] == [1, 0, 0, 1, 1, 1, 2, 2]
    assert per_day["2024-03-01"] == 7
    assert sum(per_day.values()) == 10 + 7 - 1  # all but the review of January 2023
    assert result["reviews_today"] == 2
    assert result["reviews_total"] == 17


def test_the_streak_counts_consecutive_study_days_back_from_today(data: dict) -> None:
    assert data["from_db"]["streak"] == 5  # 8 to 12 March


def test_true_retention_counts_scheduled_reviews_of_review_cards_in_30_days(data: dict) -> None:
    result = data["from_db"]
    # Review-state, non-drill reviews since 12 Feb: a: Good, Again; b: Good, Easy.
    assert result["retention_30d"] == pytest.approx(3 / 4)
    decks = {deck["id"]: deck for deck in result["decks"]}
    assert decks["a"]["retention_30d"] == pytest.approx(1 / 2)
    assert decks["b"]["retention_30d"] == pytest.approx(1.0)
    assert decks["gen"]["retention_30d"] is None


def test_the_due_forecast_starts_with_everything_due_by_the_end_of_today(data: dict) -> None:
    forecast = data["from_db"]["due_forecast"]
    assert len(forecast) == 30 and forecast[0]["date"] == "2024-03-12"
    counts = [entry["count"] for entry in forecast]
    assert counts[0] == 2 and counts[1] == 1 and counts[29] == 1
    assert sum(counts) == 4  # suspended, new and beyond-30-day cards are left out
    assert data["from_db"]["due_today"] == 2


def test_accuracy_per_family_and_the_most_frequent_mistake(data: dict) -> None:
    families = {f["family"]: f for f in data["from_db"]["families"]}
    assert families["pca.covariance"]["attempts"] == 5
    assert families["pca.covariance"]["accuracy"] == pytest.approx(1 / 5)
    assert families["loss.mse.value"]["accuracy"] == pytest.approx(1.0)
    [top] = data["from_db"]["mistakes"]
    assert (top["family"], top["mistake"], top["count"], top["attempts"]) == (
        "pca.covariance",
        "n_instead_of_n_minus_1",
        4,
        5,
    )
    assert top["feedback"] == MISTAKE_TEXT


def test_with_decks_titles_limits_and_orphans_are_reported(data: dict) -> None:
    result = data["with_decks"]
    decks = {deck["id"]: deck for deck in result["decks"]}
    assert decks["a"]["title"] == {"en": "A", "zh": "甲"} and decks["a"]["cards"] == 1
    assert (decks["a"]["new"], decks["a"]["due"]) == (0, 1)
    # Stored cards that no deck file holds any more are listed, decks "b" and "gen" too.
    assert "a/later-today" in result["orphans"] and "b/day-29" in result["orphans"]
    assert decks["b"]["orphans"] == 2 and decks["b"]["title"] is None


def test_a_half_hour_zone_splits_days_at_its_own_four_oclock(tmp_path: Path) -> None:
    now = datetime(2024, 6, 2, 12, 0, tzinfo=KATHMANDU)
    with open_store(tmp_path / "q.sqlite3") as store:
        for moment in [
            datetime(2024, 6, 2, 3, 50, tzinfo=KATHMANDU),
            datetime(2024, 6, 2, 4, 10, tzinfo=KATHMANDU),
        ]:
            store.record(_review(moment), None)
        result = stats(store, None, now, SETTINGS, KATHMANDU)
    assert [d["count"] for d in result["reviews_per_day"][-2:]] == [1, 1]


def test_documented_json_keys_come_from_the_command(tmp_path: Path) -> None:
    with open_store(tmp_path / "quizapp.sqlite3") as store:
        store.record(_review(datetime.now(UTC), deck="losses", card="mse"), None)
    environment = {**os.environ, "QUIZAPP_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "quizapp", "stats", "--json"],
        capture_output=True,
        text=True,
        env=environment,
        check=True,
    )
    data = json.loads(result.stdout)
    documented = Path(__file__).parent.parent / "docs" / "stats.md"
    for key in [
        "reviews_total",
        "reviews_today",
        "due_today",
        "retention_30d",
        "decks",
        "families",
        "mistakes",
        "streak",
        "reviews_per_day",
        "due_forecast",
    ]:
        assert key in data
        assert f"`{key}`" in documented.read_text(encoding="utf-8")
    assert (data["reviews_total"], data["reviews_today"]) == (1, 1)
    text = subprocess.run(
        [sys.executable, "-m", "quizapp", "--lang", "zh", "stats"],
        capture_output=True,
        text=True,
        env=environment,
        check=True,
    ).stdout
    assert "复习：今天 1 次，共 1 次" in text


def test_the_command_warns_about_bad_settings_and_refuses_a_corrupt_database(
    tmp_path: Path,
) -> None:
    (tmp_path / "config.toml").write_text("new_per_day = -3\n", encoding="utf-8")
    database = tmp_path / "quizapp.sqlite3"
    database.write_bytes(b"not a database at all" * 100)
    environment = {**os.environ, "QUIZAPP_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "quizapp", "--lang", "en", "stats"],
        capture_output=True,
        text=True,
        env=environment,
    )
    assert result.returncode == 3
    assert "new_per_day" in result.stderr and str(database) in result.stderr
    assert "Traceback" not in result.stderr
    assert database.read_bytes() == b"not a database at all" * 100


def test_accuracy_per_deck_counts_every_graded_answer(data: dict) -> None:
    decks = {deck["id"]: deck for deck in data["from_db"]["decks"]}
    # deck "gen": seven graded answers, three right; deck "a": self-rated only
    assert (decks["gen"]["graded"], decks["gen"]["correct"]) == (7, 3)
    assert decks["gen"]["accuracy"] == pytest.approx(3 / 7)
    assert (decks["a"]["graded"], decks["a"]["accuracy"]) == (0, None)
