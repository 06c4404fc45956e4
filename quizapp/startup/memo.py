"""What the home screen shows, and a memo of it so the next start can paint at once.

Starting quizapp is mostly importing Textual; opening the library (settings, database,
decks) and counting today's cards comes on top. Within a study day the counts change
only when a file changes (a review is written, a deck or the settings edited), so the
last view is kept with a fingerprint of those files and the end of its study day. When
both still hold, the app paints the home screen from the memo and opens the library
right after; otherwise it opens the library first, as always. The memo is exact, never
merely recent: a stale one is never shown.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from quizapp.study.counts import Counts

Text = dict[str, str]
#: The memo's file, in the data dir's cache folder.
MEMO_FILE = "home-view.json"
#: Bumped when the memo's layout changes.
MEMO_FORMAT = 2


@dataclass(frozen=True)
class TodayTotals:
    """The home screen's line and its "all decks" row: reviews done today, and what
    studying every deck serves now (review cards due, new cards, learning cards)."""

    reviewed: int
    due: int
    new: int
    learning: int = 0


@dataclass(frozen=True)
class HomeView:
    """Everything the home screen shows: each deck's title and counts, and today's totals.

    Attributes:
        titles: ``(deck id, title)`` in the order shown.
        counts: each deck's new, learning and due cards for today.
        totals: today's totals.
        language: the remembered interface language.
        theme: the remembered theme (``dark`` or ``light``).
    """

    titles: tuple[tuple[str, Text], ...]
    counts: dict[str, Counts]
    totals: TodayTotals
    language: str
    theme: str

    def to_json(self) -> dict[str, Any]:
        """Plain JSON-able data (inverse of :meth:`from_json`)."""
        return {
            "titles": [[deck_id, title] for deck_id, title in self.titles],
            "counts": {k: [c.new, c.learning, c.due] for k, c in self.counts.items()},
            "totals": [
                self.totals.reviewed,
                self.totals.due,
                self.totals.new,
                self.totals.learning,
            ],
            "language": self.language,
            "theme": self.theme,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> HomeView:
        """Rebuild a view from :meth:`to_json` data."""
        return cls(
            titles=tuple((str(deck_id), dict(title)) for deck_id, title in data["titles"]),
            counts={k: Counts(*map(int, v)) for k, v in data["counts"].items()},
            totals=TodayTotals(*map(int, data["totals"])),
            language=str(data["language"]),
            theme=str(data["theme"]),
        )


def fingerprint(files: Iterable[Path]) -> list[list[Any]]:
    """Size and modification time of each file (missing files count too).

    An empty file and a missing one are the same mark: SQLite creates, empties and
    deletes its write-ahead log as connections come and go, without changing any data.
    """
    marks: list[list[Any]] = []
    for path in files:
        try:
            status = os.stat(path)
        except OSError:
            marks.append([str(path), 0, None])
        else:
            empty = status.st_size == 0
            marks.append([str(path), status.st_size, None if empty else status.st_mtime_ns])
    return marks


def watched_files(
    database: Path,
    config: Path,
    decks_dir: Path,
    deck_paths: Sequence[Path],
    include_bundled: bool,
) -> list[Path]:
    """The files whose change can change the home screen: the database (with its
    write-ahead log), the settings, and every deck file the library would load."""
    from quizapp.decks.bundled import bundled_deck_paths

    found: list[Path] = [database, database.with_name(database.name + "-wal"), config]
    if include_bundled:
        found += bundled_deck_paths()
    for source in [decks_dir, *deck_paths]:
        if source.is_dir():
            found += sorted(p for p in source.rglob("*") if p.suffix in (".yaml", ".yml"))
        else:
            found.append(source)  # a missing --deck path or deck folder counts too
    return found


def remembered_view(
    data_dir: str | Path | None,
    deck_paths: Sequence[Path],
    include_bundled: bool,
    now: datetime,
) -> HomeView | None:
    """The home view kept by the last run, if it is still exactly right (see the module)."""
    from quizapp import paths

    directory = paths.data_dir(data_dir)
    files = watched_files(
        paths.database_path(directory),
        paths.config_path(data_dir),
        paths.user_decks_dir(directory),
        deck_paths,
        include_bundled,
    )
    return load_memo(paths.cache_dir(directory), files, now)


def save_memo(
    cache_dir: Path, view: HomeView, marks: list[list[Any]], valid_until: datetime
) -> None:
    """Keep ``view`` for the next start; a cache that cannot be written is simply skipped.

    Args:
        cache_dir: the data dir's cache folder.
        view: the home view.
        marks: :func:`fingerprint` of the watched files, taken *before* ``view`` was
            computed, so a write in between can only make the memo miss, never lie.
        valid_until: the end of the view's study day.
    """
    memo = {
        "format": MEMO_FORMAT,
        "files": marks,
        "valid_until": valid_until.timestamp(),
        "view": view.to_json(),
    }
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        temporary = cache_dir / (MEMO_FILE + ".tmp")
        temporary.write_text(json.dumps(memo, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, cache_dir / MEMO_FILE)
    except OSError:
        pass


def load_memo(cache_dir: Path, files: Sequence[Path], now: datetime) -> HomeView | None:
    """The memo'd view if every watched file is unchanged and its study day has not
    ended; otherwise None (the library must be opened to know)."""
    try:
        memo = json.loads((cache_dir / MEMO_FILE).read_text(encoding="utf-8"))
        if memo["format"] != MEMO_FORMAT or now.timestamp() >= float(memo["valid_until"]):
            return None
        if memo["files"] != fingerprint(files):
            return None
        return HomeView.from_json(memo["view"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
