"""The SQLite store: schema and migrations, reviews and undo, and clear errors that never
touch a file quizapp cannot use."""

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from quizapp.decks.model import CardKey
from quizapp.errors import QuizappError
from quizapp.store import (
    EXIT_STORAGE,
    MIGRATIONS,
    SCHEMA_VERSION,
    CardState,
    ReviewRecord,
    open_store,
)

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
KEY = CardKey("losses", "mse")


def _state(due: datetime = NOW, reps: int = 1, **changes: object) -> CardState:
    values: dict[str, object] = {
        "deck_id": KEY.deck_id,
        "card_id": KEY.card_id,
        "fsrs_card": '{"state": 2}',
        "state": 2,
        "due": due,
        "stability": 3.5,
        "difficulty": 5.0,
        "last_review": due - timedelta(days=3),
        "reps": reps,
    }
    values.update(changes)
    return CardState(**values)  # type: ignore[arg-type]


def _review(when: datetime = NOW, before: CardState | None = None, **changes: object):
    values: dict[str, object] = {
        "deck_id": KEY.deck_id,
        "card_id": KEY.card_id,
        "reviewed_at": when,
        "rating": 3,
        "prior_state": 0 if before is None else before.state,
        "state_before": before,
        "answer": "0.25",
        "verdict": {"status": "correct", "mistake": None},
        "correct": True,
        "seed": 7,
        "family": "loss.mse.value",
        "session_id": "s1",
    }
    values.update(changes)
    return ReviewRecord(**values)  # type: ignore[arg-type]


def test_a_new_database_is_in_wal_mode_at_the_latest_version(tmp_path: Path) -> None:
    with open_store(tmp_path / "sub" / "q.sqlite3") as store:
        assert store.version == SCHEMA_VERSION == len(MIGRATIONS)
        assert store.query("PRAGMA journal_mode") == [("wal",)]
        tables = {row[0] for row in store.query("SELECT name FROM sqlite_master")}
        assert {"card_state", "review", "setting"} <= tables
        indexes = {
            row[0] for row in store.query("SELECT name FROM sqlite_master WHERE type='index'")
        }
        assert {"card_state_due", "review_time", "review_card"} <= indexes


def _database_at(path: Path, version: int) -> None:
    """Build a database the way quizapp ``version`` left it."""
    connection = sqlite3.connect(path)
    for migration in MIGRATIONS[:version]:
        for statement in migration:
            connection.execute(statement)
    connection.execute(f"PRAGMA user_version = {version}")
    connection.commit()
    connection.close()


@pytest.mark.parametrize("version", range(SCHEMA_VERSION))
def test_every_earlier_version_migrates_and_keeps_its_reviews(tmp_path: Path, version: int) -> None:
    path = tmp_path / "old.sqlite3"
    _database_at(path, version)
    if version >= 1:  # a review as that version wrote it (version 2 added the mistake)
        columns = "deck_id, card_id, reviewed_at_ms, rating, verdict, correct, family, prior_state"
        values = "'d', 'c', 1000, 1, ?, 0, 'pca.cov', 2"
        if version >= 2:
            columns += ", mistake"
            values += ", 'n_instead_of_n_minus_1'"
        connection = sqlite3.connect(path)
        connection.execute(
            f"INSERT INTO review ({columns}) VALUES ({values})",
            ('{"status": "incorrect", "mistake": "n_instead_of_n_minus_1"}',),
        )
        connection.commit()
        connection.close()
    with open_store(path) as store:
        assert store.version == SCHEMA_VERSION
        if version >= 1:
            [review] = store.reviews_of(CardKey("d", "c"))
            assert review.rating == 1 and review.family == "pca.cov"
            assert review.mistake == "n_instead_of_n_minus_1"  # backfilled by version 2
            assert store.query(
                "SELECT deck_id, count(*) FROM review INDEXED BY review_graded"
                " WHERE correct IS NOT NULL GROUP BY deck_id"
            ) == [("d", 1)]  # version 3's index


def test_a_database_from_a_newer_quizapp_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    _database_at(path, SCHEMA_VERSION)
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.commit()
    connection.close()
    before = path.read_bytes()
    with pytest.raises(QuizappError) as raised:
        open_store(path)
    assert "newer" in raised.value.text["en"]
    assert path.read_bytes() == before


def test_garbage_bytes_are_a_clear_error_and_are_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "quizapp.sqlite3"
    garbage = bytes(range(256)) * 40
    path.write_bytes(garbage)
    with pytest.raises(QuizappError) as raised:
        open_store(path)
    assert raised.value.exit_code == EXIT_STORAGE
    assert str(path) in raised.value.text["en"] and str(path) in raised.value.text["zh"]
    assert path.read_bytes() == garbage
    assert sorted(p.name for p in tmp_path.iterdir()) == ["quizapp.sqlite3"]


def test_a_corrupt_page_behind_a_valid_header_is_an_error_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "q.sqlite3"
    open_store(path).close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # page 1 after the header: the schema table
    path.write_bytes(bytes(data))
    with pytest.raises(QuizappError):
        open_store(path)
    assert path.read_bytes() == bytes(data)


def test_another_programs_database_is_not_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE invoices (id INTEGER)")
    connection.commit()
    connection.close()
    before = path.read_bytes()
    with pytest.raises(QuizappError) as raised:
        open_store(path)
    assert "invoices" in raised.value.text["en"]
    assert path.read_bytes() == before


def test_a_data_dir_that_is_a_file_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("not a folder")
    with pytest.raises(QuizappError) as raised:
        open_store(blocker / "quizapp.sqlite3")
    assert raised.value.exit_code == EXIT_STORAGE


def test_writing_to_a_read_only_database_is_a_clear_error(tmp_path: Path) -> None:
    with open_store(tmp_path / "q.sqlite3") as store:
        store.connection.execute("PRAGMA query_only = ON")  # SQLite then answers SQLITE_READONLY
        with pytest.raises(QuizappError) as raised:
            store.record(_review(), _state())
        assert "Cannot write" in raised.value.text["en"]


@pytest.mark.skipif(
    not hasattr(__import__("os"), "geteuid") or __import__("os").geteuid() == 0,
    reason="file permissions do not bind the superuser",
)
def test_a_read_only_data_dir_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(QuizappError):
            open_store(folder / "q.sqlite3")
    finally:
        folder.chmod(0o700)


def test_a_full_disk_is_a_clear_error_and_earlier_reviews_survive(tmp_path: Path) -> None:
    with open_store(tmp_path / "q.sqlite3") as store:
        first = store.record(_review(), _state())
        pages = store.query("PRAGMA page_count")[0][0]
        # A hard cap on the file size: SQLite then fails with SQLITE_FULL, as on a full disk.
        store.connection.execute(f"PRAGMA max_page_count = {pages}")
        with pytest.raises(QuizappError) as raised:
            store.record(_review(answer="x" * 200_000), _state())
        assert "full" in raised.value.text["en"]
        assert [r.id for r in store.reviews_of(KEY)] == [first]
        assert store.integrity_ok()


def test_a_recorded_review_is_committed_and_visible_to_another_connection(tmp_path: Path) -> None:
    path = tmp_path / "q.sqlite3"
    with open_store(path) as store:
        review_id = store.record(_review(), _state())
        other = sqlite3.connect(path)
        assert other.execute("SELECT id, answer FROM review").fetchall() == [(review_id, "0.25")]
        assert other.execute("SELECT count(*) FROM card_state").fetchone() == (1,)
        other.close()


def test_a_review_row_keeps_everything_that_was_logged(tmp_path: Path) -> None:
    before = _state(due=NOW - timedelta(days=1), lapses=2, suspended=False)
    after = _state(due=NOW + timedelta(days=9), reps=2, lapses=2)
    with open_store(tmp_path / "q.sqlite3") as store:
        review_id = store.record(
            _review(before=before, duration_ms=4200, mistake="sum_instead_of_mean"), after
        )
        stored = store.review(review_id)
        assert stored is not None
        assert (stored.duration_ms, stored.seed, stored.family) == (4200, 7, "loss.mse.value")
        assert stored.reviewed_at == NOW and stored.reviewed_at.tzinfo is not None
        assert stored.state_before == before and stored.prior_state == 2
        assert stored.mistake == "sum_instead_of_mean"
        assert stored.verdict == {"status": "correct", "mistake": None}
        assert store.get_state(KEY) == after


def test_undo_restores_the_state_before_and_removes_the_row(tmp_path: Path) -> None:
    first_state = _state(due=NOW + timedelta(minutes=10), reps=1)
    second_state = _state(due=NOW + timedelta(days=3), reps=2)
    with open_store(tmp_path / "q.sqlite3") as store:
        first = store.record(_review(), first_state)
        second = store.record(_review(NOW + timedelta(minutes=10), first_state), second_state)
        with pytest.raises(QuizappError):
            store.undo(first)  # not the latest review of the card
        assert store.undo(second).id == second
        assert store.get_state(KEY) == first_state
        assert store.last_review_id("s1") == first
        store.undo(first)
        assert store.get_state(KEY) is None  # the card is new again
        assert store.reviews_of(KEY) == []
        assert store.last_review_id("s1") is None


def test_settings_table_round_trips_json_values(tmp_path: Path) -> None:
    with open_store(tmp_path / "q.sqlite3") as store:
        assert store.get_setting("deck_limits", {}) == {}
        store.set_setting("deck_limits", {"losses": [5, 50]})
        store.set_setting("deck_limits", {"losses": [6, 60]})
        assert store.get_setting("deck_limits") == {"losses": [6, 60]}


def test_naive_datetimes_are_refused(tmp_path: Path) -> None:
    with open_store(tmp_path / "q.sqlite3") as store, pytest.raises(ValueError):
        store.record(_review(datetime(2024, 5, 1, 12, 0)), None)


def test_next_due_is_the_earliest_scheduled_card_after_the_moment(tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    from quizapp.store import CardState, open_store
    from quizapp.store.database import next_due

    now = datetime(2026, 3, 1, 12, tzinfo=UTC)
    with open_store(tmp_path / "q.sqlite3") as store:

        def put(card_id: str, due: timedelta, **extra: object) -> None:
            store.put_state(
                CardState("d", card_id, "{}", 2, now + due, reps=1, **extra)  # type: ignore[arg-type]
            )

        put("soon", timedelta(hours=5))
        put("later", timedelta(days=3))
        put("past", timedelta(hours=-1))
        put("suspended", timedelta(hours=1), suspended=True)
        put("buried", timedelta(hours=2), buried_until=now + timedelta(days=1))
        assert next_due(store, ["d"], now) == now + timedelta(hours=5)
        assert next_due(store, ["other"], now) is None
        assert next_due(store, [], now) is None
