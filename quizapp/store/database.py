"""Opening the SQLite database safely, and the repository functions on it.

The database runs in WAL mode with a busy timeout, so a second quizapp on the same file
waits for the first instead of failing, and every write is one ``BEGIN IMMEDIATE``
transaction (retried while another instance holds the lock). ``synchronous=FULL`` makes
each committed review survive a crash of the process or of the machine.

A file that is not a quizapp database — garbage, a corrupt header, another program's
database, or one written by a newer quizapp — is never modified: opening it raises a
:class:`QuizappError` and leaves every byte as it was. Full disks, read-only folders and
locked databases become clear errors too.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from quizapp.decks.model import CardKey
from quizapp.errors import QuizappError
from quizapp.i18n import t
from quizapp.store.records import (
    REVIEW_COLUMNS,
    STATE_COLUMNS,
    CardState,
    ReviewRecord,
    from_ms,
    to_ms,
)
from quizapp.store.schema import MIGRATIONS, SCHEMA_VERSION

#: Exit code of every storage error.
EXIT_STORAGE = 3
#: How long a statement waits for another instance's lock before giving up.
BUSY_TIMEOUT_MS = 5000
#: How often a write transaction is retried after the busy timeout ran out.
WRITE_ATTEMPTS = 3
_SQLITE_HEADER = b"SQLite format 3\x00"
#: Joins card ids in one string per deck (the ASCII unit separator; never in an id).
_SEPARATOR = "\x1f"


def _error(key: str, path: Path, detail: str = "") -> QuizappError:
    values = {"path": str(path), "detail": detail}
    return QuizappError(t(key, "en", **values), t(key, "zh", **values), EXIT_STORAGE)


def storage_error(error: BaseException, path: Path) -> QuizappError:
    """Translate an sqlite3 or OS error into a clear, bilingual QuizappError.

    Args:
        error: what sqlite3 or the OS raised.
        path: the database file (named in the message).
    """
    name = getattr(error, "sqlite_errorname", "") or ""
    message = str(error)
    lowered = message.lower()
    if (
        name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT"))
        or "not a database" in lowered
        or ("malformed" in lowered)
    ):
        return _error("store.corrupt", path, message)
    if (
        name.startswith("SQLITE_FULL")
        or "disk is full" in lowered
        or (
            isinstance(error, OSError) and error.errno == 28  # ENOSPC
        )
    ):
        return _error("store.full", path, message)
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in lowered:
        return _error("store.busy", path, message)
    if (
        name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH"))
        or "readonly" in lowered
        or "unable to open" in lowered
        or isinstance(error, PermissionError)
    ):
        return _error("store.readonly", path, message)
    return _error("store.failed", path, message)


def _is_busy(error: sqlite3.Error) -> bool:
    name = getattr(error, "sqlite_errorname", "") or ""
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in str(error).lower()


def _check_file(path: Path) -> None:
    """Refuse anything at ``path`` that is not an SQLite database, without writing."""
    if path.is_dir():
        raise _error("store.corrupt", path, "a folder, not a file")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(_SQLITE_HEADER))
    except FileNotFoundError:
        return
    except OSError as error:
        raise storage_error(error, path) from error
    if header and header != _SQLITE_HEADER:
        raise _error("store.corrupt", path, "not an SQLite database")


def open_store(
    path: Path, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS, synchronous: str = "FULL"
) -> Store:
    """Open (creating if needed) the database at ``path`` and bring its schema up to date.

    Args:
        path: the database file; its folder is created if missing.
        busy_timeout_ms: how long to wait for another instance's write lock.
        synchronous: SQLite ``synchronous`` level; ``FULL`` survives power loss too.

    Returns:
        An open :class:`Store`.

    Raises:
        QuizappError: the file is corrupt or not ours, was written by a newer quizapp,
            or cannot be created or written. The file is left untouched.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise storage_error(error, path) from error
    _check_file(path)
    try:
        connection = sqlite3.connect(
            str(path),
            isolation_level=None,
            check_same_thread=False,
            timeout=busy_timeout_ms / 1000,
        )
    except sqlite3.Error as error:
        raise storage_error(error, path) from error
    try:
        # Reads only: a file that is not a usable database fails here, untouched.
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        if version > SCHEMA_VERSION:
            raise _error("store.newer", path, str(version))
        if version == 0 and {name for name in tables if not name.startswith("sqlite_")}:
            raise _error("store.foreign", path, ", ".join(sorted(tables)))
        if version > 0 and not {"card_state", "review", "setting"} <= tables:
            raise _error("store.corrupt", path, "tables are missing")
        connection.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        connection.execute(f"PRAGMA synchronous = {synchronous}")
        connection.execute("PRAGMA foreign_keys = ON")
        if connection.execute("PRAGMA journal_mode = WAL").fetchone()[0].lower() != "wal":
            raise _error("store.readonly", path, "cannot switch to WAL mode")
        store = Store(connection, path)
        store.migrate()
        return store
    except QuizappError:
        connection.close()
        raise
    except sqlite3.Error as error:
        connection.close()
        raise storage_error(error, path) from error


@dataclass(frozen=True)
class DeckDayCounts:
    """Scheduled reviews made today in one deck (drills excluded)."""

    new_done: int = 0
    reviews_done: int = 0


class Store:
    """An open database. Use :func:`open_store` to get one; close it when done.

    Every write is one transaction, committed before the method returns. The methods
    may be called from any one thread at a time (a lock serialises them).
    """

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self.connection = connection
        self.path = path
        self._lock = threading.RLock()

    # --- plumbing -------------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection (a WAL checkpoint runs if this is the last one)."""
        with self._lock:
            self.connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def version(self) -> int:
        """The schema version (``PRAGMA user_version``)."""
        return int(self.query("PRAGMA user_version")[0][0])

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run a read-only statement and return all rows; errors become QuizappError."""
        with self._lock:
            try:
                return self.connection.execute(sql, params).fetchall()
            except sqlite3.Error as error:
                raise storage_error(error, self.path) from error

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (``BEGIN IMMEDIATE``), committed on leaving the block.

        Waits for another instance's lock (busy timeout), then retries a few times.

        Raises:
            QuizappError: the disk is full, the file read-only or still locked, or corrupt.
        """
        with self._lock:
            for attempt in range(WRITE_ATTEMPTS):
                try:
                    self.connection.execute("BEGIN IMMEDIATE")
                    break
                except sqlite3.OperationalError as error:
                    if _is_busy(error) and attempt + 1 < WRITE_ATTEMPTS:
                        time.sleep(0.05 * (attempt + 1))
                        continue
                    raise storage_error(error, self.path) from error
            try:
                yield self.connection
                self.connection.execute("COMMIT")
            except sqlite3.Error as error:
                self._rollback()
                raise storage_error(error, self.path) from error
            except BaseException:
                self._rollback()
                raise

    def _rollback(self) -> None:
        if self.connection.in_transaction:
            try:
                self.connection.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # the transaction is gone already (SQLite rolls back on some errors)

    def migrate(self) -> int:
        """Apply every migration the database lacks, each in its own transaction.

        Returns:
            The number of migrations applied.
        """
        applied = 0
        while True:
            version = self.version
            if version >= SCHEMA_VERSION:
                return applied
            with self.transaction() as connection:
                # Read again inside the lock: another instance may have just migrated.
                current = connection.execute("PRAGMA user_version").fetchone()[0]
                if current != version:
                    continue
                for statement in MIGRATIONS[version]:
                    connection.execute(statement)
                connection.execute(f"PRAGMA user_version = {version + 1}")
            applied += 1

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the database file and empty it."""
        self.query("PRAGMA wal_checkpoint(TRUNCATE)")

    def integrity_ok(self) -> bool:
        """Run ``PRAGMA integrity_check`` (slow on a big database; for tests and repairs)."""
        return self.query("PRAGMA integrity_check") == [("ok",)]

    # --- settings -------------------------------------------------------------------------

    def get_setting(self, key: str, default: Any = None) -> Any:
        """Return the JSON value stored under ``key`` in the settings table."""
        rows = self.query("SELECT value FROM setting WHERE key = ?", (key,))
        return json.loads(rows[0][0]) if rows else default

    def set_setting(self, key: str, value: Any) -> None:
        """Store ``value`` (JSON-able) under ``key`` in the settings table."""
        with self.transaction() as connection:
            connection.execute(
                "INSERT INTO setting (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value, ensure_ascii=False)),
            )

    # --- drafts ---------------------------------------------------------------------------

    def get_draft(self, key: CardKey) -> str | None:
        """Return the saved draft of a code card (None: nothing saved)."""
        rows = self.query(
            "SELECT text FROM draft WHERE deck_id = ? AND card_id = ?", (key.deck_id, key.card_id)
        )
        return rows[0][0] if rows else None

    def put_draft(self, key: CardKey, text: str, now: datetime) -> None:
        """Save (or replace) the draft of a code card in its own transaction."""
        with self.transaction() as connection:
            connection.execute(
                "INSERT INTO draft (deck_id, card_id, text, saved_at_ms) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (deck_id, card_id) DO UPDATE "
                "SET text = excluded.text, saved_at_ms = excluded.saved_at_ms",
                (key.deck_id, key.card_id, text, to_ms(now)),
            )

    def delete_draft(self, key: CardKey) -> None:
        """Forget a code card's draft."""
        with self.transaction() as connection:
            connection.execute(
                "DELETE FROM draft WHERE deck_id = ? AND card_id = ?", (key.deck_id, key.card_id)
            )

    # --- card state -----------------------------------------------------------------------

    def get_state(self, key: CardKey) -> CardState | None:
        """Return the stored state of ``key`` (None: the card is new and untouched)."""
        rows = self.query(
            f"SELECT {STATE_COLUMNS} FROM card_state WHERE deck_id = ? AND card_id = ?",
            (key.deck_id, key.card_id),
        )
        return CardState.from_row(rows[0]) if rows else None

    def states(self, deck_ids: Iterable[str] | None = None) -> list[CardState]:
        """Return every stored state, or those of ``deck_ids``."""
        sql = f"SELECT {STATE_COLUMNS} FROM card_state"
        where, params = _deck_filter(deck_ids)
        return [CardState.from_row(row) for row in self.query(sql + where, params)]

    def put_state(self, state: CardState) -> None:
        """Insert or replace one card's state in its own transaction."""
        with self.transaction() as connection:
            _upsert_state(connection, state)

    def keys(self) -> list[CardKey]:
        """Return the key of every stored card."""
        return [CardKey(*row) for row in self.query("SELECT deck_id, card_id FROM card_state")]

    def unavailable_new_ids(self, deck_ids: Iterable[str], now: datetime) -> dict[str, set[str]]:
        """Return, per deck, the card ids that cannot be served as new cards.

        A card is no longer new once reviewed (``reps > 0``); a new card that is
        suspended or buried is unavailable too.
        """
        where, params = _deck_filter(deck_ids)
        where = (where + " AND" if where else " WHERE") + (
            " (reps > 0 OR suspended = 1 OR buried_until_ms > ?)"
        )
        rows = self.query(
            f"SELECT deck_id, group_concat(card_id, char(31)) FROM card_state{where}"
            " GROUP BY deck_id",
            (*params, to_ms(now)),
        )
        return {deck_id: set(ids.split(_SEPARATOR)) for deck_id, ids in rows}

    def stored_ids(self, deck_ids: Iterable[str] | None = None) -> dict[str, set[str]]:
        """Return, per deck, the ids of every stored card."""
        return {deck_id: stored for deck_id, (stored, _) in self.card_ids(deck_ids, None).items()}

    def card_ids(
        self, deck_ids: Iterable[str] | None, now: datetime | None
    ) -> dict[str, tuple[set[str], set[str]]]:
        """Return, per deck, the ids of its stored cards and of those not available as new.

        Args:
            deck_ids: the decks (None: all).
            now: the moment burying is judged at (None: skip the second set).
        """
        where, params = _deck_filter(deck_ids)
        # One joined string per deck: far fewer Python objects than a row per card.
        # group_concat skips the NULLs of cards still available as new.
        # A far-future moment when burying does not matter (the second set is then unused).
        moment_ms = to_ms(now) if now is not None else 2**62
        rows = self.query(
            "SELECT deck_id, group_concat(card_id, char(31)),"
            " group_concat(CASE WHEN reps > 0 OR suspended = 1 OR buried_until_ms > ?"
            f" THEN card_id END, char(31)) FROM card_state{where} GROUP BY deck_id",
            (moment_ms, *params),
        )
        return {
            deck_id: (
                set(stored.split(_SEPARATOR)),
                set(unavailable.split(_SEPARATOR)) if unavailable else set(),
            )
            for deck_id, stored, unavailable in rows
        }

    def due_review_rows(
        self, before: datetime, now: datetime, limit: int, deck_id: str | None = None
    ) -> list[tuple[str, str, int]]:
        """Return up to ``limit`` ``(deck_id, card_id, due_ms)`` of review-state cards due
        before ``before``, most overdue first; suspended and buried cards left out.

        Args:
            before: the end of the study day.
            now: the moment burying is judged at.
            limit: how many rows at most.
            deck_id: only this deck's cards (read through the primary key, then sorted).
        """
        if deck_id is not None:
            return self.query(
                "SELECT deck_id, card_id, due_ms FROM card_state"
                " WHERE deck_id = ? AND due_ms < ? AND suspended = 0 AND reps > 0 AND state = 2"
                " AND (buried_until_ms IS NULL OR buried_until_ms <= ?) ORDER BY due_ms LIMIT ?",
                (deck_id, to_ms(before), to_ms(now), limit),
            )
        return self.query(
            "SELECT deck_id, card_id, due_ms FROM card_state INDEXED BY card_state_due"
            " WHERE due_ms < ? AND suspended = 0 AND reps > 0 AND state = 2"
            " AND (buried_until_ms IS NULL OR buried_until_ms <= ?) ORDER BY due_ms LIMIT ?",
            (to_ms(before), to_ms(now), limit),
        )

    def learning_rows(self, before: datetime, now: datetime) -> list[tuple[str, str, int]]:
        """Return ``(deck_id, card_id, due_ms)`` of learning and relearning cards due before
        ``before``, soonest first; suspended and buried cards left out."""
        return self.query(
            "SELECT deck_id, card_id, due_ms FROM card_state INDEXED BY card_state_due"
            " WHERE due_ms < ? AND suspended = 0 AND reps > 0 AND state != 2"
            " AND (buried_until_ms IS NULL OR buried_until_ms <= ?) ORDER BY due_ms",
            (to_ms(before), to_ms(now)),
        )

    def due_counts(self, before: datetime, now: datetime) -> dict[str, tuple[int, int]]:
        """Return, per deck, ``(learning, review)`` cards due before ``before`` (counted in
        SQL; suspended and buried cards left out)."""
        rows = self.query(
            "SELECT deck_id, sum(state != 2), sum(state = 2)"
            " FROM card_state INDEXED BY card_state_due"
            " WHERE due_ms < ? AND suspended = 0 AND reps > 0"
            " AND (buried_until_ms IS NULL OR buried_until_ms <= ?) GROUP BY deck_id",
            (to_ms(before), to_ms(now)),
        )
        return {deck_id: (int(learning), int(review)) for deck_id, learning, review in rows}

    def done_since(self, since: datetime) -> dict[str, DeckDayCounts]:
        """Count scheduled (non-drill) reviews since ``since`` per deck: new and review cards."""
        rows = self.query(
            "SELECT deck_id, sum(prior_state = 0), sum(prior_state = 2)"
            " FROM review INDEXED BY review_time"
            " WHERE reviewed_at_ms >= ? AND drill = 0 GROUP BY deck_id",
            (to_ms(since),),
        )
        return {deck: DeckDayCounts(int(new), int(review)) for deck, new, review in rows}

    # --- reviews --------------------------------------------------------------------------

    def record(self, review: ReviewRecord, new_state: CardState | None) -> int:
        """Log ``review`` and store ``new_state`` in one transaction.

        Args:
            review: the log row (its ``id`` is ignored).
            new_state: the card's state after the review, or None to leave it unchanged
                (a drill that does not move the schedule).

        Returns:
            The new review's id.
        """
        with self.transaction() as connection:
            cursor = connection.execute(
                f"INSERT INTO review ({REVIEW_COLUMNS}) VALUES ({', '.join('?' * 15)})",
                review.to_row(),
            )
            if new_state is not None:
                _upsert_state(connection, new_state)
            review_id = cursor.lastrowid
        assert review_id is not None
        return review_id

    def review(self, review_id: int) -> ReviewRecord | None:
        """Return the logged review ``review_id``, or None."""
        rows = self.query(f"SELECT id, {REVIEW_COLUMNS} FROM review WHERE id = ?", (review_id,))
        return ReviewRecord.from_row(rows[0]) if rows else None

    def reviews_of(self, key: CardKey) -> list[ReviewRecord]:
        """Return the reviews of one card, oldest first."""
        rows = self.query(
            f"SELECT id, {REVIEW_COLUMNS} FROM review WHERE deck_id = ? AND card_id = ?"
            " ORDER BY reviewed_at_ms, id",
            (key.deck_id, key.card_id),
        )
        return [ReviewRecord.from_row(row) for row in rows]

    def last_review_id(self, session_id: str) -> int | None:
        """Return the id of the latest review of ``session_id``, or None."""
        rows = self.query("SELECT max(id) FROM review WHERE session_id = ?", (session_id,))
        return rows[0][0]

    def undo(self, review_id: int) -> ReviewRecord:
        """Remove review ``review_id`` and restore the card state saved before it.

        Only a card's latest review can be undone (earlier ones would leave the later
        review's saved state meaningless).

        Returns:
            The removed review.

        Raises:
            QuizappError: no such review, or a later review of the same card exists.
        """
        with self.transaction() as connection:
            row = connection.execute(
                f"SELECT id, {REVIEW_COLUMNS} FROM review WHERE id = ?", (review_id,)
            ).fetchone()
            if row is None:
                raise _error("store.undo_missing", self.path, str(review_id))
            review = ReviewRecord.from_row(row)
            later = connection.execute(
                "SELECT count(*) FROM review WHERE deck_id = ? AND card_id = ? AND id > ?",
                (review.deck_id, review.card_id, review_id),
            ).fetchone()[0]
            if later:
                raise _error("store.undo_not_last", self.path, str(review.key))
            # Put back the saved state, or its absence (a drill that did not move the
            # schedule saved the state it left unchanged, so this is harmless there).
            if review.state_before is None:
                connection.execute(
                    "DELETE FROM card_state WHERE deck_id = ? AND card_id = ?",
                    (review.deck_id, review.card_id),
                )
            else:
                _upsert_state(connection, review.state_before)
            connection.execute("DELETE FROM review WHERE id = ?", (review_id,))
        return review


def _deck_filter(deck_ids: Iterable[str] | None) -> tuple[str, tuple[str, ...]]:
    if deck_ids is None:
        return "", ()
    ids = tuple(deck_ids)
    if not ids:
        return " WHERE 0", ()
    return f" WHERE deck_id IN ({', '.join('?' * len(ids))})", ids


def _upsert_state(connection: sqlite3.Connection, state: CardState) -> None:
    connection.execute(
        f"INSERT OR REPLACE INTO card_state ({STATE_COLUMNS}) VALUES ({', '.join('?' * 13)})",
        state.to_row(),
    )


# --- aggregates for statistics (SQL does the counting; never a Python loop over the log) ---


def _ranges(bounds: Sequence[datetime]) -> tuple[str, list[int]]:
    """A ``VALUES`` list of ``(i, lo, hi)`` ranges between consecutive ``bounds``."""
    values: list[int] = []
    for index, (low, high) in enumerate(zip(bounds, bounds[1:], strict=False)):
        values += [index, to_ms(low), to_ms(high)]
    return ", ".join(["(?, ?, ?)"] * (len(bounds) - 1)), values


def review_count(store: Store, since: datetime | None = None) -> int:
    """Return the number of logged reviews (drills included), since ``since`` if given."""
    if since is None:
        return int(store.query("SELECT count(*) FROM review")[0][0])
    sql = "SELECT count(*) FROM review WHERE reviewed_at_ms >= ?"
    return int(store.query(sql, (to_ms(since),))[0][0])


def next_due(store: Store, deck_ids: Sequence[str], after: datetime) -> datetime | None:
    """Return when the next reviewed card of ``deck_ids`` falls due after ``after``.

    Suspended cards and cards buried past their due time are left out; None when nothing
    is scheduled (every card still new).
    """
    if not deck_ids:
        return None
    marks = ", ".join("?" for _ in deck_ids)
    rows = store.query(
        "SELECT min(max(due_ms, coalesce(buried_until_ms, 0))) FROM card_state"
        f" WHERE deck_id IN ({marks}) AND suspended = 0 AND reps > 0"
        " AND max(due_ms, coalesce(buried_until_ms, 0)) > ?",
        (*deck_ids, to_ms(after)),
    )
    value = rows[0][0] if rows else None
    return None if value is None else from_ms(int(value))


def reviews_between(store: Store, bounds: Sequence[datetime]) -> list[int]:
    """Return the number of reviews in each range ``[bounds[i], bounds[i + 1])``.

    One statement; each count walks the time index only (no Python loop over rows).
    """
    if len(bounds) < 2:
        return []
    values, params = _ranges(bounds)
    rows = store.query(
        f"WITH span(i, lo, hi) AS (VALUES {values})"
        " SELECT i, (SELECT count(*) FROM review WHERE reviewed_at_ms >= lo"
        " AND reviewed_at_ms < hi) FROM span ORDER BY i",
        params,
    )
    return [int(count) for _, count in rows]


def due_between(store: Store, bounds: Sequence[datetime]) -> list[int]:
    """Return the reviewed, unsuspended cards due in each range ``[bounds[i], bounds[i+1])``.

    The first range is open below: it includes overdue cards.
    """
    if len(bounds) < 2:
        return []
    values, params = _ranges(bounds)
    params[1] = -(2**62)  # everything overdue lands in the first range
    rows = store.query(
        f"WITH span(i, lo, hi) AS (VALUES {values})"
        " SELECT i, (SELECT count(*) FROM card_state INDEXED BY card_state_due"
        " WHERE due_ms >= lo AND due_ms < hi AND suspended = 0 AND reps > 0)"
        " FROM span ORDER BY i",
        params,
    )
    return [int(count) for _, count in rows]


def due_by_deck(store: Store, before: datetime) -> dict[str, int]:
    """Return, per deck, the reviewed, unsuspended cards due before ``before``."""
    rows = store.query(
        "SELECT deck_id, count(*) FROM card_state INDEXED BY card_state_due"
        " WHERE due_ms < ? AND suspended = 0 AND reps > 0 GROUP BY deck_id",
        (to_ms(before),),
    )
    return {deck_id: int(count) for deck_id, count in rows}


def retention_by_deck(store: Store, since: datetime) -> list[tuple[str, int, int, int]]:
    """Return ``(deck_id, reviews, review_state_reviews, passed)`` since ``since``.

    True retention counts scheduled reviews of cards in the review state: the share not
    rated Again. Drill reviews are left out of it.
    """
    return store.query(
        "SELECT deck_id, count(*), sum(prior_state = 2 AND drill = 0),"
        " sum(prior_state = 2 AND drill = 0 AND rating > 1)"
        " FROM review INDEXED BY review_time WHERE reviewed_at_ms >= ? GROUP BY deck_id",
        (to_ms(since),),
    )


def deck_accuracy(store: Store) -> list[tuple[str, int, int]]:
    """Return ``(deck_id, attempts, correct)`` over every auto-graded answer of each deck."""
    return store.query(
        "SELECT deck_id, count(*), sum(correct) FROM review INDEXED BY review_graded"
        " WHERE correct IS NOT NULL GROUP BY deck_id ORDER BY deck_id"
    )


def family_accuracy(store: Store) -> list[tuple[str, int, int]]:
    """Return ``(family, attempts, correct)`` over every auto-graded generated problem."""
    return store.query(
        "SELECT family, count(correct), sum(correct) FROM review"
        " WHERE family IS NOT NULL GROUP BY family HAVING count(correct) > 0 ORDER BY family"
    )


def frequent_mistakes(store: Store, limit: int) -> list[tuple[str, str, int]]:
    """Return the ``limit`` most frequent ``(family, mistake, count)``."""
    return store.query(
        "SELECT family, mistake, count(*) AS times FROM review"
        " WHERE family IS NOT NULL AND mistake IS NOT NULL"
        " GROUP BY family, mistake ORDER BY times DESC, family, mistake LIMIT ?",
        (limit,),
    )


def mistake_feedback(store: Store, family: str, mistake: str) -> dict[str, str] | None:
    """Return the feedback text of the latest verdict with this mistake."""
    rows = store.query(
        "SELECT verdict FROM review WHERE id = (SELECT max(id) FROM review"
        " WHERE family = ? AND mistake = ?)",
        (family, mistake),
    )
    if not rows or rows[0][0] is None:
        return None
    feedback = json.loads(rows[0][0]).get("feedback")
    return feedback if isinstance(feedback, dict) else None


def cards_by_deck(store: Store) -> list[tuple[str, int, int, int, int, int, int]]:
    """Return ``(deck_id, stored, reviewed, suspended, leeches, learning, review)`` per deck.

    ``learning`` (learning or relearning steps) and ``review`` count started cards that
    are not suspended.
    """
    return store.query(
        "SELECT deck_id, count(*), sum(reps > 0), sum(suspended), sum(leech),"
        " sum(reps > 0 AND suspended = 0 AND state IN (1, 3)),"
        " sum(reps > 0 AND suspended = 0 AND state = 2)"
        " FROM card_state GROUP BY deck_id"
    )


def logged_deck_ids(store: Store) -> list[str]:
    """Return every deck id that has stored cards or reviews."""
    rows = store.query("SELECT deck_id FROM card_state UNION SELECT DISTINCT deck_id FROM review")
    return sorted(row[0] for row in rows)


#: A review card whose interval was at least this many days is mature (Anki's threshold).
MATURE_DAYS = 21


def retention_between(store: Store, bounds: Sequence[datetime]) -> list[tuple[int, int, int, int]]:
    """True retention in each range ``[bounds[i], bounds[i+1])``, young and mature apart.

    Counts the scheduled (not drilled) reviews of cards in the review state; a review is
    passed unless rated Again. Returns ``(young, young_passed, mature, mature_passed)`` per
    range, from the ``review_retention`` index alone.
    """
    if len(bounds) < 2:
        return []
    values, params = _ranges(bounds)
    rows = store.query(
        f"WITH span(i, lo, hi) AS (VALUES {values})"
        " SELECT i, count(*), total(rating > 1), total(interval_days >= ?),"
        " total(interval_days >= ? AND rating > 1)"
        " FROM span JOIN review INDEXED BY review_retention"
        " ON reviewed_at_ms >= lo AND reviewed_at_ms < hi"
        " WHERE prior_state = 2 AND drill = 0"
        " GROUP BY i",
        [*params, MATURE_DAYS, MATURE_DAYS],
    )
    result = [(0, 0, 0, 0)] * (len(bounds) - 1)
    for index, count, passed, mature, mature_passed in rows:
        young, young_passed = int(count) - int(mature), int(passed) - int(mature_passed)
        result[index] = (young, young_passed, int(mature), int(mature_passed))
    return result


def answer_time_by_card(store: Store, deck_ids: Sequence[str]) -> list[tuple[str, str, int, int]]:
    """``(deck_id, card_id, answers, total_ms)`` per card of ``deck_ids`` with timed answers."""
    if not deck_ids:
        return []
    marks = ", ".join("?" * len(deck_ids))
    return store.query(
        "SELECT deck_id, card_id, answers, total_ms FROM answer_time"
        f" WHERE answers > 0 AND deck_id IN ({marks})",
        list(deck_ids),
    )


def answer_time_by_deck(store: Store) -> list[tuple[str, int, int]]:
    """``(deck_id, answers, total_ms)`` per deck with timed answers."""
    return store.query(
        "SELECT deck_id, sum(answers), sum(total_ms) FROM answer_time"
        " GROUP BY deck_id HAVING sum(answers) > 0"
    )
