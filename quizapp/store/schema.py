"""The database schema as a list of migrations.

``MIGRATIONS[i]`` upgrades a database from version ``i`` to ``i + 1``; the version lives
in ``PRAGMA user_version`` (0 is a new, empty file). A migration is a tuple of SQL
statements run in one transaction together with the version bump, so a crash mid-way
leaves the previous version intact. To change the schema, append a migration; never edit
one that has shipped.

Times are integer milliseconds since the Unix epoch, UTC (``*_ms`` columns).
"""

from __future__ import annotations

Migration = tuple[str, ...]

#: Version 1: card state, the review log and settings.
_V1: Migration = (
    # One row per card that has been reviewed, buried or suspended at least once; a card
    # without a row is new. Rows are never deleted when the card leaves its deck file.
    """
    CREATE TABLE card_state (
        deck_id TEXT NOT NULL,
        card_id TEXT NOT NULL,
        fsrs_card TEXT NOT NULL,          -- fsrs.Card as JSON
        state INTEGER NOT NULL,           -- fsrs State: 1 learning, 2 review, 3 relearning
        due_ms INTEGER NOT NULL,
        stability REAL,
        difficulty REAL,
        last_review_ms INTEGER,
        reps INTEGER NOT NULL DEFAULT 0,  -- scheduled reviews so far; 0 means still new
        lapses INTEGER NOT NULL DEFAULT 0,
        suspended INTEGER NOT NULL DEFAULT 0,
        buried_until_ms INTEGER,
        leech INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (deck_id, card_id)
    ) WITHOUT ROWID
    """,
    # Covers the queue's and the forecast's filters, so neither reads the table.
    "CREATE INDEX card_state_due ON card_state (due_ms, suspended, reps, state, buried_until_ms)",
    # Append-only, except that undoing a review removes its row.
    """
    CREATE TABLE review (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        deck_id TEXT NOT NULL,
        card_id TEXT NOT NULL,
        reviewed_at_ms INTEGER NOT NULL,
        rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
        duration_ms INTEGER,
        answer TEXT,                      -- the answer as typed
        verdict TEXT,                     -- engine Verdict as JSON
        correct INTEGER,                  -- 1 or 0 when auto-graded, NULL when self-graded
        seed INTEGER,                     -- the generated problem's seed
        family TEXT,                      -- the generated problem's family
        prior_state INTEGER NOT NULL,     -- 0 new, else the fsrs State before the review
        state_before TEXT,                -- the card_state row before, as JSON (NULL: none)
        drill INTEGER NOT NULL DEFAULT 0,
        session_id TEXT
    )
    """,
    # Covers today's counts, reviews per day and retention without reading the table.
    "CREATE INDEX review_time ON review (reviewed_at_ms, deck_id, prior_state, drill, rating)",
    "CREATE INDEX review_card ON review (deck_id, card_id, reviewed_at_ms)",
    "CREATE INDEX review_session ON review (session_id, id)",
    "CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
)

#: Version 2: the recognised mistake gets its own column (backfilled from the verdict
#: JSON) and an index that answers the per-family accuracy and mistake statistics
#: without reading the table.
_V2: Migration = (
    "ALTER TABLE review ADD COLUMN mistake TEXT",
    """
    UPDATE review SET mistake = json_extract(verdict, '$.mistake')
    WHERE verdict IS NOT NULL AND json_valid(verdict)
    """,
    """
    CREATE INDEX review_family ON review (family, mistake, correct)
    WHERE family IS NOT NULL
    """,
)

#: Version 3: an index that answers the accuracy per deck (every auto-graded answer:
#: typed, choice and generated) without reading the table.
_V3: Migration = (
    """
    CREATE INDEX review_graded ON review (deck_id, correct)
    WHERE correct IS NOT NULL
    """,
)

#: Version 4: the learner's unfinished code for a code card, saved as it is typed so that
#: a crash loses nothing; removed once the card is rated.
_V4_DRAFTS: Migration = (
    """
    CREATE TABLE draft (
        deck_id TEXT NOT NULL,
        card_id TEXT NOT NULL,
        text TEXT NOT NULL,
        saved_at_ms INTEGER NOT NULL,
        PRIMARY KEY (deck_id, card_id)
    ) WITHOUT ROWID
    """,
)

#: Version 5: what the stats charts need, answered from indexes: the interval a review
#: came after (the stored state before it: its due date minus its last review, in days;
#: backfilled, then kept by a trigger so no writer has to know), an index for true
#: retention per week split into young and mature cards, and answer time per card.
_INTERVAL = (
    "CASE WHEN json_valid({row}.state_before) THEN (json_extract({row}.state_before, '$[4]')"
    " - json_extract({row}.state_before, '$[7]')) / 86400000.0 END"
)
_V5: Migration = (
    "ALTER TABLE review ADD COLUMN interval_days REAL",
    f"UPDATE review SET interval_days = {_INTERVAL.format(row='review')}"
    " WHERE state_before IS NOT NULL",
    f"""
    CREATE TRIGGER review_interval AFTER INSERT ON review
    WHEN NEW.state_before IS NOT NULL
    BEGIN
        UPDATE review SET interval_days = {_INTERVAL.format(row="NEW")} WHERE id = NEW.id;
    END
    """,
    """
    CREATE INDEX review_retention ON review (reviewed_at_ms, rating, interval_days)
    WHERE prior_state = 2 AND drill = 0
    """,
    # Answer time per card, kept by triggers (an undone review takes its time back), so
    # the answer-time chart reads one row per card instead of the whole log.
    """
    CREATE TABLE answer_time (
        deck_id TEXT NOT NULL,
        card_id TEXT NOT NULL,
        answers INTEGER NOT NULL,
        total_ms INTEGER NOT NULL,
        PRIMARY KEY (deck_id, card_id)
    ) WITHOUT ROWID
    """,
    """
    INSERT INTO answer_time
    SELECT deck_id, card_id, count(*), sum(duration_ms) FROM review
    WHERE duration_ms IS NOT NULL GROUP BY deck_id, card_id
    """,
    """
    CREATE TRIGGER review_time_added AFTER INSERT ON review
    WHEN NEW.duration_ms IS NOT NULL
    BEGIN
        INSERT INTO answer_time VALUES (NEW.deck_id, NEW.card_id, 1, NEW.duration_ms)
        ON CONFLICT (deck_id, card_id) DO UPDATE
        SET answers = answers + 1, total_ms = total_ms + excluded.total_ms;
    END
    """,
    """
    CREATE TRIGGER review_time_removed AFTER DELETE ON review
    WHEN OLD.duration_ms IS NOT NULL
    BEGIN
        UPDATE answer_time SET answers = answers - 1, total_ms = total_ms - OLD.duration_ms
        WHERE deck_id = OLD.deck_id AND card_id = OLD.card_id;
    END
    """,
)

MIGRATIONS: tuple[Migration, ...] = (_V1, _V2, _V3, _V4_DRAFTS, _V5)
#: The version a database has after every migration.
SCHEMA_VERSION = len(MIGRATIONS)
#: The tables a quizapp database has; a file with other tables is not ours.
TABLES = frozenset({"card_state", "review", "setting", "sqlite_sequence", "draft", "answer_time"})
