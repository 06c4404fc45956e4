"""Start-up time: quizapp's home screen (with its deck counts) against a minimal Textual app.

Both run side by side in a real terminal (a tmux pane, 100×30). For each run the clock
starts when tmux launches the command in the pane and stops when the pane shows the
app's marker text: for the minimal app its Static, for quizapp the last column of the
first deck row (the counts come from the database, so the marker proves they are
painted). The pane is read through one tmux control-mode client every 2 ms, so the
polling costs the machine little. Runs alternate between the two apps so that machine
noise hits both alike.

Usage: python benchmarks/bench_startup.py [--runs 30] [--no-memo]
Target (issue: start-up): quizapp median <= 1.25 × the minimal app's median.

By default every start after the warm-up finds the home view the previous run kept
(quizapp/startup/memo.py), as on any start within a study day. --no-memo deletes that memo
before each start, as after a study day's end or a change to a deck file: today's cards
are then counted before the first paint (quizapp/startup/prefetch.py).
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
POLL_SECONDS = 0.002
#: Pause after stopping an app, so that its shutdown does not overlap the next start.
SETTLE_SECONDS = 0.3
TIMEOUT_SECONDS = 30.0
SIZE = (100, 30)
#: The home screen's first deck row: a title followed by three counts.
QUIZAPP_READY = re.compile(r"Loss functions\s+\S*\d+\S*\s+\S*\d+\S*\s+\S*\d+")
MINIMAL_READY = re.compile(r"minimal app ready")


class Terminal:
    """A tmux pane, read through one tmux control-mode client.

    Polling with ``tmux capture-pane`` would start a tmux process every few
    milliseconds, taking much of a core from the app being timed; a control-mode
    client sends the same command over a pipe instead.
    """

    def __init__(self) -> None:
        self.session = f"bench{os.getpid()}"
        width, height = SIZE
        subprocess.run(["tmux", "kill-session", "-t", self.session], capture_output=True)
        subprocess.run(
            [
                "tmux",
                "new-session",
                "-d",
                "-x",
                str(width),
                "-y",
                str(height),
                "-s",
                self.session,
                "sleep 3600",
            ],
            check=True,
        )
        self.client = subprocess.Popen(
            ["tmux", "-C", "attach-session", "-t", self.session],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        self._reply("attach-session")  # tmux answers the attach itself first
        # A command that ends (or fails) leaves the pane, and so the session, in place.
        self.command(f"set-option -w -t {self.session} remain-on-exit on")
        # Keep the pane's size, and do not stream the pane's output to this client.
        self.command(f"refresh-client -C {width}x{height}")
        self.command("refresh-client -f no-output")
        size = self.command("display-message -p '#{pane_width}x#{pane_height}'")
        if size.strip() != f"{width}x{height}":
            raise RuntimeError(f"the tmux pane is {size.strip()}, not {width}x{height}")

    def command(self, line: str) -> str:
        """Run a tmux command through the control client; return what it printed."""
        assert self.client.stdin is not None
        self.client.stdin.write(line + "\n")
        self.client.stdin.flush()
        return self._reply(line)

    def _reply(self, line: str) -> str:
        """The next reply block (``%begin`` ... ``%end``), skipping notifications."""
        assert self.client.stdout is not None
        reply: list[str] | None = None
        for raw in self.client.stdout:
            text = raw.rstrip("\n")
            if reply is None:
                if text.startswith("%begin"):
                    reply = []
                continue  # notifications outside a reply
            if text.startswith("%end"):
                return "\n".join(reply)
            if text.startswith("%error"):
                raise RuntimeError(f"tmux: {line!r} failed: {' '.join(reply)}")
            reply.append(text)
        raise RuntimeError("the tmux control client ended")

    def time_to_marker(self, command: str, marker: re.Pattern[str]) -> float:
        """Start ``command`` in the pane; seconds until the pane shows ``marker``."""
        start = time.perf_counter()
        self.command(f"respawn-pane -k -t {self.session} {shlex.quote(command)}")
        while time.perf_counter() - start < TIMEOUT_SECONDS:
            if marker.search(self.command(f"capture-pane -p -t {self.session}")):
                elapsed = time.perf_counter() - start
                self.command(f"respawn-pane -k -t {self.session} 'sleep 3600'")
                time.sleep(SETTLE_SECONDS)
                return elapsed
            time.sleep(POLL_SECONDS)
        raise RuntimeError(f"{command!r} did not paint its marker within {TIMEOUT_SECONDS} s")

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.session], capture_output=True)
        self.client.wait(timeout=10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument(
        "--no-memo", action="store_true", help="delete the kept home view before each start"
    )
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        print("tmux is needed for this benchmark", file=sys.stderr)
        return 2
    quizapp = shutil.which("quizapp") or f"{sys.executable} -m quizapp"
    with tempfile.TemporaryDirectory() as data_dir:
        env = f"env QUIZAPP_DATA_DIR={shlex.quote(data_dir)} TERM=xterm-256color"
        minimal_cmd = f"{env} {sys.executable} {HERE / 'minimal_app.py'}"
        quizapp_cmd = f"{env} {quizapp} --lang en"
        memo = Path(data_dir) / "cache" / "home-view.json"
        terminal = Terminal()
        try:
            # One warm-up each: the first start compiles bytecode and creates the database.
            terminal.time_to_marker(minimal_cmd, MINIMAL_READY)
            terminal.time_to_marker(quizapp_cmd, QUIZAPP_READY)
            minimal, ours = [], []
            for _ in range(args.runs):
                minimal.append(terminal.time_to_marker(minimal_cmd, MINIMAL_READY))
                if args.no_memo:
                    memo.unlink(missing_ok=True)
                ours.append(terminal.time_to_marker(quizapp_cmd, QUIZAPP_READY))
        finally:
            terminal.close()
    minimal_median, ours_median = statistics.median(minimal), statistics.median(ours)
    memo_note = "memo deleted before each start" if args.no_memo else "home view memo kept"
    print(f"runs: {args.runs} each, tmux {SIZE[0]}x{SIZE[1]}, {memo_note}")
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
    # The fastest starts are the least disturbed by other work on the machine.
    print(f"ratio of the fastest starts: {min(ours) / min(minimal):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
