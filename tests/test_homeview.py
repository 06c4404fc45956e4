"""The home screen's memo: exact or nothing."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

from quizapp.startup.memo import HomeView, TodayTotals, load_memo, remembered_view, save_memo
from quizapp.startup.memo import fingerprint as take_fingerprint
from quizapp.library import Library
from quizapp.study.counts import Counts

NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)
VIEW = HomeView(
    titles=(("losses", {"en": "Loss functions", "zh": "损失函数"}),),
    counts={"losses": Counts(new=20, learning=2, due=5)},
    totals=TodayTotals(reviewed=3, due=7, new=20),
    language="zh",
    theme="light",
)


def test_a_view_survives_json() -> None:
    assert HomeView.from_json(VIEW.to_json()) == VIEW


def test_the_memo_is_returned_only_while_files_and_day_are_unchanged(tmp_path: Path) -> None:
    watched = tmp_path / "deck.yaml"
    watched.write_text("a", encoding="utf-8")
    cache = tmp_path / "cache"
    save_memo(cache, VIEW, take_fingerprint([watched]), NOW + timedelta(hours=1))
    assert load_memo(cache, [watched], NOW) == VIEW
    assert load_memo(cache, [watched], NOW + timedelta(hours=1)) is None  # the day ended
    watched.write_text("ab", encoding="utf-8")  # an edit
    assert load_memo(cache, [watched], NOW) is None


def test_a_touched_file_of_the_same_size_is_a_change(tmp_path: Path) -> None:
    watched = tmp_path / "quizapp.sqlite3"
    watched.write_bytes(b"x" * 10)
    cache = tmp_path / "cache"
    save_memo(cache, VIEW, take_fingerprint([watched]), NOW + timedelta(hours=1))
    status = watched.stat()
    os.utime(watched, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000))
    assert load_memo(cache, [watched], NOW) is None


def test_an_empty_and_a_missing_write_ahead_log_are_the_same(tmp_path: Path) -> None:
    wal = tmp_path / "quizapp.sqlite3-wal"
    cache = tmp_path / "cache"
    save_memo(cache, VIEW, take_fingerprint([wal]), NOW + timedelta(hours=1))
    wal.write_bytes(b"")
    assert load_memo(cache, [wal], NOW) == VIEW
    wal.write_bytes(b"frame")
    assert load_memo(cache, [wal], NOW) is None


def test_a_damaged_memo_is_ignored(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "home-view.json").write_text("{not json", encoding="utf-8")
    assert load_memo(cache, [], NOW) is None


def test_closing_the_library_keeps_its_home_view_for_the_next_start(tmp_path: Path) -> None:
    library = Library.open(data_dir=tmp_path, clock=lambda: NOW)
    expected = library.home_view()
    library.close(remember_home=True)
    assert remembered_view(tmp_path, [], True, NOW) == expected
    # The next start with other decks, or on the next study day, must not use it.
    assert remembered_view(tmp_path, [tmp_path / "extra.yaml"], True, NOW) is None
    assert remembered_view(tmp_path, [], True, NOW + timedelta(days=1)) is None
