"""Count today's cards on another core while Textual is imported (cold starts only).

The home screen is painted from the view the last run kept (:mod:`quizapp.startup.memo`)
while that view is exact. After a study day's end or an edited deck it is not, and the
library must be opened and today's cards counted before the first paint: some 30-40 ms
on top of the ~200 ms it takes to import Textual, most of it importing the library's
modules. Where the system can fork, a child process does that work meanwhile, on
another core, and keeps the view exactly as the app would; the app then paints from it.

The child shares nothing with the app once forked (no thread or database connection
exists yet at that point) and its output goes nowhere. If it fails, for whatever reason
(a corrupt database, say), or takes too long, the app opens the library itself and
reports any problem as it always does; the child's only effect is the memo file.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from pathlib import Path

#: How long the app waits for the child before opening the library itself.
WAIT_SECONDS = 3.0
_POLL_SECONDS = 0.002


class Prefetch:
    """A child process counting today's cards and keeping the home view."""

    def __init__(self, pid: int) -> None:
        self.pid = pid

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the child; True if it kept the view. A child still running after
        ``timeout`` seconds (default :data:`WAIT_SECONDS`) is stopped (the database is
        safe from that: see the store)."""
        deadline = time.monotonic() + (WAIT_SECONDS if timeout is None else timeout)
        while True:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid != 0:
                return os.waitstatus_to_exitcode(status) == 0
            if time.monotonic() >= deadline:
                os.kill(self.pid, 9)
                os.waitpid(self.pid, 0)
                return False
            time.sleep(_POLL_SECONDS)


def start(
    data_dir: str | Path | None, deck_paths: Sequence[Path], include_bundled: bool = True
) -> Prefetch | None:
    """Fork a child that opens the library and keeps the home view; None where the
    system cannot fork (the app then opens the library itself, as without this)."""
    if not hasattr(os, "fork"):
        return None
    try:
        pid = os.fork()
    except OSError:
        return None
    if pid != 0:
        return Prefetch(pid)
    code = 1
    try:  # the child: never returns
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        from quizapp.library import Library

        library = Library.open(
            data_dir=data_dir, deck_paths=deck_paths, include_bundled=include_bundled
        )
        library.close(remember_home=True)
        code = 0
    finally:
        os._exit(code)  # no atexit handlers, no flushing of the app's buffers
