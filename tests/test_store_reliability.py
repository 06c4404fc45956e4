"""Crashes and concurrency against real processes: a review whose feedback was shown
survives ``kill -9``, and two instances writing at once lose nothing."""

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

from quizapp.store import open_store

# Records reviews in a loop and prints each id only after record_review has returned,
# i.e. after the commit: the moment the app would show the feedback.
WRITER = textwrap.dedent(
    """
    import sys
    from datetime import UTC, datetime, timedelta
    from quizapp.config import Settings
    from quizapp.decks.model import CardKey
    from quizapp.store import open_store
    from quizapp.study import Rating, make_scheduler, record_review

    path, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    settings = Settings(fuzz=False)
    scheduler = make_scheduler(settings)
    store = open_store(path)
    start = datetime(2024, 5, 1, tzinfo=UTC)
    for index in range(count):
        key = CardKey("deck", f"{name}-{index % 50}")
        now = start + timedelta(seconds=index)
        outcome = record_review(store, scheduler, key, Rating.Good, now, settings,
                                answer="x" * 500, session_id=name)
        print(outcome.review_id, flush=True)
    """
)


def _writer(path: Path, name: str, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), name, str(count)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_kill_9_loses_no_review_whose_feedback_was_shown(tmp_path: Path) -> None:
    path = tmp_path / "q.sqlite3"
    open_store(path).close()
    process = _writer(path, "killed", 1_000_000)
    assert process.stdout is not None
    shown = [int(process.stdout.readline()) for _ in range(60)]
    os.kill(process.pid, signal.SIGKILL)
    process.communicate()  # waits and closes the pipes
    assert process.returncode == -signal.SIGKILL
    with open_store(path) as store:
        stored = {row[0] for row in store.query("SELECT id FROM review")}
        assert set(shown) <= stored
        assert store.integrity_ok()
        # Every stored review's card state was committed with it.
        orphan_reviews = store.query(
            "SELECT count(*) FROM review r LEFT JOIN card_state c"
            " ON c.deck_id = r.deck_id AND c.card_id = r.card_id WHERE c.card_id IS NULL"
        )
        assert orphan_reviews == [(0,)]


def test_two_instances_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "q.sqlite3"
    open_store(path).close()
    writers = [_writer(path, name, 150) for name in ("first", "second")]
    printed = []
    for process in writers:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        printed.append([int(line) for line in out.split()])
    assert [len(ids) for ids in printed] == [150, 150]
    connection = sqlite3.connect(path)
    rows = dict(connection.execute("SELECT session_id, count(*) FROM review GROUP BY 1"))
    ids = {row[0] for row in connection.execute("SELECT id FROM review")}
    assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    connection.close()
    assert rows == {"first": 150, "second": 150}
    assert set(printed[0]) | set(printed[1]) == ids
