"""Start-up in instructions: a repeatable companion to bench_startup.py.

Timings on a shared machine spread by 10-20 %, more than most single changes to the
start-up path are worth. valgrind's callgrind counts the instructions a process runs
instead, which repeat to about 0.1 % whatever else the machine is doing. This script
starts each app under callgrind in a tmux pane (a real terminal, 100×30), stops it at
its first paint of the home screen (of the minimal app's screen), and prints the counts:

- the minimal Textual app (benchmarks/minimal_app.py);
- quizapp with the home view kept by the last run (a start within a study day);
- quizapp without it (after a study day's end): only quizapp's own process is counted,
  not the child that counts today's cards meanwhile (quizapp/startup/prefetch.py).

Instructions are not time (waiting and the terminal's work are not in them), so use
this to compare builds and changes, and bench_startup.py for the target itself.

Usage: python benchmarks/startup_instructions.py   (needs valgrind and tmux; ~2 minutes)
"""

from __future__ import annotations

import argparse
import importlib.abc
import importlib.machinery
import re
import shlex
import shutil
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
COLLECTED = re.compile(r"==(\d+)== Collected : (\d+)")
FIRST_PID = re.compile(r"==(\d+)==")


def _exit_at_first_paint(app_name: str) -> None:
    """Patch textual.app, when it is imported, so the app exits once it has painted its
    first screen (quizapp: the home screen)."""

    def patch(module: ModuleType) -> None:
        app_class: Any = module.App
        display = app_class._display

        def _display(self: Any, screen: Any, renderable: Any) -> None:
            display(self, screen, renderable)
            first = app_name == "minimal" or type(screen).__name__ == "HomeScreen"
            if renderable is not None and first and not getattr(self, "_painted", False):
                self._painted = True
                self.call_later(self.exit)

        app_class._display = _display

    class Finder(importlib.abc.MetaPathFinder):
        def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
            if name != "textual.app":
                return None
            sys.meta_path.remove(self)
            spec = importlib.machinery.PathFinder.find_spec(name, path)
            assert spec is not None and spec.loader is not None
            load = spec.loader.exec_module

            def exec_module(module: ModuleType) -> None:
                load(module)
                patch(module)

            spec.loader.exec_module = exec_module  # type: ignore[method-assign]
            return spec

    sys.meta_path.insert(0, Finder())


def _run_child(app_name: str) -> None:
    """Run one app until its first paint (this is what callgrind counts)."""
    _exit_at_first_paint(app_name)
    if app_name == "minimal":
        sys.path.insert(0, str(HERE))
        from minimal_app import MinimalApp

        MinimalApp().run()
        return
    # Under callgrind everything runs ~50 times slower: keep the app's timers and the
    # prefetch's patience from firing early and adding work that a real start does later.
    import quizapp.startup.prefetch
    import quizapp.ui.app
    from quizapp.cli import main

    quizapp.ui.app.BACKGROUND_OPEN_DELAY = 3600
    quizapp.startup.prefetch.WAIT_SECONDS = 3600
    main(["--lang", "en"])


def _count(terminal: Any, app_name: str, env: str, log: Path) -> int:
    log.unlink(missing_ok=True)
    command = (
        f"{env} valgrind --tool=callgrind --callgrind-out-file=/dev/null "
        f"{shlex.quote(sys.executable)} {shlex.quote(__file__)} --child {app_name} "
        f"2> {shlex.quote(str(log))}"
    )
    terminal.command(f"respawn-pane -k -t {terminal.session} {shlex.quote(command)}")
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
        first = FIRST_PID.search(text)
        counts = {pid: int(n) for pid, n in COLLECTED.findall(text)}
        if first and first.group(1) in counts:  # the app's own process, not the child
            terminal.command(f"respawn-pane -k -t {terminal.session} 'sleep 3600'")
            return counts[first.group(1)]
        time.sleep(0.2)
    raise RuntimeError(f"{app_name}: no instruction count within 600 s; see {log}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", choices=["minimal", "quizapp"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _run_child(args.child)
        return 0
    for tool in ("valgrind", "tmux"):
        if shutil.which(tool) is None:
            print(f"{tool} is needed for this benchmark", file=sys.stderr)
            return 2
    sys.path.insert(0, str(HERE))
    from bench_startup import Terminal

    with tempfile.TemporaryDirectory() as data_dir:
        env = f"env QUIZAPP_DATA_DIR={shlex.quote(data_dir)} TERM=xterm-256color"
        memo = Path(data_dir) / "cache" / "home-view.json"
        log = Path(data_dir) / "valgrind.log"
        terminal = Terminal()
        try:
            _count(terminal, "quizapp", env, log)  # warm-up: creates the database
            minimal = _count(terminal, "minimal", env, log)
            if not memo.exists():
                raise RuntimeError("the warm-up start kept no home view")
            warm = _count(terminal, "quizapp", env, log)
            memo.unlink()
            cold = _count(terminal, "quizapp", env, log)
        finally:
            terminal.close()
    print("instructions to the first paint (callgrind, tmux 100x30)")
    print(f"minimal Textual app:              {minimal / 1e9:.3f} G")
    print(f"quizapp, home view kept:          {warm / 1e9:.3f} G  ({warm / minimal:.3f} x)")
    print(f"quizapp, after a study day's end: {cold / 1e9:.3f} G  ({cold / minimal:.3f} x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
