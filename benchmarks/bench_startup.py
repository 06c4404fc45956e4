"""Start-up time: quizapp's home screen (with its deck counts) against a minimal Textual app.

Both run side by side in a real terminal (tmux, 100×30). For each run the clock starts
when tmux launches the command and stops when the screen shows the app's marker text:
for the minimal app its Static, for quizapp the last column of the first deck row (the
counts come from the database, so the marker proves they are painted). Runs alternate
between the two apps so that machine noise hits both alike.

Usage: python benchmarks/bench_startup.py [--runs 15] [--no-memo]
Target (issue: start-up): quizapp median <= 1.25 × the minimal app's median.

By default every start after the warm-up finds the home view the previous run kept
(quizapp/homeview.py), as on any start within a study day. --no-memo deletes that memo
before each start, as after a study day's end or a change to a deck file: the library is
then opened and today's counts are queried before the first paint.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
POLL_SECONDS = 0.005
TIMEOUT_SECONDS = 30.0
#: The home screen's first deck row: a title followed by three counts.
QUIZAPP_READY = re.compile(r"Loss functions\s+\S*\d+\S*\s+\S*\d+\S*\s+\S*\d+")
MINIMAL_READY = re.compile(r"minimal app ready")


def _time_to_marker(command: str, marker: re.Pattern[str], env: dict[str, str]) -> float:
    session = f"bench{os.getpid()}"
    subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    start = time.perf_counter()
    subprocess.run(
        ["tmux", "new-session", "-d", "-x", "100", "-y", "30", "-s", session, command],
        check=True,
        env=env,
    )
    try:
        while time.perf_counter() - start < TIMEOUT_SECONDS:
            screen = subprocess.run(
                ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True
            ).stdout
            if marker.search(screen):
                return time.perf_counter() - start
            time.sleep(POLL_SECONDS)
        raise RuntimeError(f"{command!r} did not paint its marker within {TIMEOUT_SECONDS} s")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument(
        "--no-memo", action="store_true", help="delete the kept home view before each start"
    )
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        print("tmux is needed for this benchmark", file=sys.stderr)
        return 2
    quizapp = shutil.which("quizapp") or f"{sys.executable} -m quizapp"
    with tempfile.TemporaryDirectory() as data_dir:
        env = dict(os.environ, QUIZAPP_DATA_DIR=data_dir, TERM="xterm-256color")
        minimal_cmd = f"{sys.executable} {HERE / 'minimal_app.py'}"
        quizapp_cmd = f"{quizapp} --lang en"
        # One warm-up each: the first start compiles bytecode and creates the database.
        _time_to_marker(minimal_cmd, MINIMAL_READY, env)
        _time_to_marker(quizapp_cmd, QUIZAPP_READY, env)
        memo = Path(data_dir) / "cache" / "home-view.json"
        minimal, ours = [], []
        for _ in range(args.runs):
            minimal.append(_time_to_marker(minimal_cmd, MINIMAL_READY, env))
            if args.no_memo:
                memo.unlink(missing_ok=True)
            ours.append(_time_to_marker(quizapp_cmd, QUIZAPP_READY, env))
    minimal_median, ours_median = statistics.median(minimal), statistics.median(ours)
    memo_note = "memo deleted before each start" if args.no_memo else "home view memo kept"
    print(f"runs: {args.runs} each, tmux 100x30, {memo_note}")
    print(
        f"minimal Textual app: median {minimal_median * 1000:.0f} ms "
        f"(min {min(minimal) * 1000:.0f}, max {max(minimal) * 1000:.0f})"
    )
    print(
        f"quizapp home screen: median {ours_median * 1000:.0f} ms "
        f"(min {min(ours) * 1000:.0f}, max {max(ours) * 1000:.0f})"
    )
    ratio = ours_median / minimal_median
    print(f"ratio: {ratio:.2f} (target <= 1.25) -> {'OK' if ratio <= 1.25 else 'OVER'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
