"""The cold-start prefetch: a forked child keeps the exact home view, or fails harmlessly."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from quizapp.library import Library
from quizapp.startup import prefetch
from quizapp.startup.memo import remembered_view

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DECK = FIXTURES / "study_deck.yaml"

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="the system cannot fork")


def _view(data: Path):  # type: ignore[no-untyped-def]
    return remembered_view(data, [DECK], False, datetime.now(UTC))


@needs_fork
def test_the_child_keeps_the_view_the_library_would_show(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert _view(data) is None  # a first start: nothing kept
    child = prefetch.start(data, [DECK], include_bundled=False)
    assert child is not None
    # What it keeps, not how fast: a loaded machine may need more than the app's 3 s wait.
    assert child.wait(timeout=300.0) is True
    kept = _view(data)
    library = Library.open(data_dir=data, deck_paths=[DECK], include_bundled=False)
    try:
        assert kept == library.home_view()
        assert kept is not None and [deck_id for deck_id, _ in kept.titles] == ["sample"]
    finally:
        library.close()


@needs_fork
def test_a_corrupt_database_fails_the_child_and_is_left_untouched(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    database = data / "quizapp.sqlite3"
    garbage = b"this is not a database\x00" * 100
    database.write_bytes(garbage)
    child = prefetch.start(data, [DECK], include_bundled=False)
    assert child is not None
    assert child.wait() is False
    assert _view(data) is None
    assert database.read_bytes() == garbage


@needs_fork
def test_a_slow_child_is_stopped_and_the_app_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The child is a copy of this process, so it sees this patch.
    monkeypatch.setattr(Library, "open", lambda *args, **kwargs: time.sleep(60))
    child = prefetch.start(tmp_path / "data", [DECK], include_bundled=False)
    assert child is not None
    began = time.monotonic()
    assert child.wait(timeout=0.3) is False
    assert time.monotonic() - began < 10
    with pytest.raises(ChildProcessError):  # stopped and reaped
        os.waitpid(child.pid, os.WNOHANG)


def test_without_fork_there_is_no_child(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "fork", raising=False)
    assert prefetch.start(tmp_path / "data", [DECK], include_bundled=False) is None


@needs_fork
def test_a_cold_start_paints_from_the_view_the_child_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import argparse

    import quizapp.ui.app
    from quizapp.ui.run import run_app

    previews = []

    class NotOpened:
        def close(self, *, remember_home: bool) -> None:
            pass

    class NotRun:
        loader = NotOpened()
        return_code = 0

        def run(self) -> int:
            return 0

    def make_app(**kwargs):  # type: ignore[no-untyped-def]
        previews.append(kwargs["preview"])
        return NotRun()

    monkeypatch.setattr(quizapp.ui.app, "make_app", make_app)
    # What is painted, not how fast: on a loaded machine the child may need longer than the
    # app's 3 s wait, and the app then rightly opens the library itself (tested above).
    monkeypatch.setattr(prefetch, "WAIT_SECONDS", 300.0)
    data = tmp_path / "data"
    args = argparse.Namespace(data_dir=str(data), deck=[], lang="en")
    assert run_app(args) == 0
    library = Library.open(data_dir=data)
    try:
        assert previews == [library.home_view()]  # bundled decks, counted by the child
    finally:
        library.close()
