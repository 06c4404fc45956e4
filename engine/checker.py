"""The expression checker: a long-lived child process for SymPy work.

Expressions are checked in a child process (SymPy can take unbounded time on hostile input):
a random-point comparison first (a counterexample is decisive), then SymPy's
``simplify(a - b) == 0`` (for at most :data:`CONFIRM_SECONDS` when the points already agree,
:data:`SYMBOLIC_SECONDS` when they could not decide); equal when no point disagrees and
either SymPy proves it or :data:`~engine.expr.AGREEING_POINTS` points agree. The child
is long-lived (starting one, spawn plus importing SymPy, takes about a second, far over the
per-answer budget), started as a plain subprocess (safe beside the app's threads), and
killed and restarted when a check overruns :data:`CHECK_SECONDS`. Call :func:`start_checker`
early to hide the start-up.
"""

from __future__ import annotations

import atexit
import itertools
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TextIO

from engine.expr import (
    Agreement,
    ExpressionError,
    Parsed,
    equivalent,
    parse,
    symbolically_equal,
)

#: Hard limit, in seconds, on checking one expression answer (its mistakes included).
CHECK_SECONDS = 1.5
#: How long SymPy may try to prove an answer equal when random points could not decide.
SYMBOLIC_SECONDS = 0.8
#: How long SymPy may try to confirm what random points already agree on.
CONFIRM_SECONDS = 0.15
#: How long the checker process may take to start (not counted in CHECK_SECONDS).
STARTUP_SECONDS = 60.0


class _OutOfTime(BaseException):
    """Raised by the alarm inside the checker process (BaseException: SymPy can't swallow it)."""


def _within(
    seconds: float, check: Callable[[Parsed, Parsed], bool], left: Parsed, right: Parsed
) -> bool | None:
    """Run a symbolic check for at most ``seconds``; None when it ran out of time."""
    if not hasattr(signal, "setitimer"):
        return check(left, right)  # no interval timers (Windows): the outer kill still bounds it

    def on_alarm(signum: int, frame: Any) -> None:
        raise _OutOfTime

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return check(left, right)
    except _OutOfTime:
        return None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _compare_all(
    learner_text: str, variables: tuple[str, ...], targets: list[str], seed: int
) -> Iterator[tuple[int, str]]:
    """Yield (index, outcome) for each target until the first one equal to the learner's text."""
    learner = parse(learner_text, variables)

    def symbolic(left: Parsed, right: Parsed, numeric: Agreement) -> bool | None:
        budget = CONFIRM_SECONDS if numeric == "agree" else SYMBOLIC_SECONDS
        return _within(budget, symbolically_equal, left, right)

    for index, target in enumerate(targets):
        try:
            other = parse(target, variables)
        except ExpressionError:
            yield index, "unreadable"
            continue
        try:
            same = equivalent(learner, other, seed=seed, symbolic=symbolic)
        except Exception:  # noqa: BLE001 - SymPy can fail on odd input; report, don't die
            yield index, "error"
            continue
        yield index, "equal" if same else "different"
        if same:
            return


def serve_checker(requests: TextIO = sys.stdin, replies: TextIO = sys.stdout) -> None:
    """Run the checker loop: one JSON request per line in, one JSON reply per line out.

    This is what the checker process runs (``python -c "from engine.checker import
    serve_checker; serve_checker()"``); a request is ``{"id", "text", "variables", "targets",
    "seed"}``, replies are ``{"id", "index", "outcome"}`` per target and ``{"id", "done": true}``.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the app, which stops us
    warm = parse("x + 1", ("x",))
    symbolically_equal(warm, parse("1 + x", ("x",)))  # loads SymPy and its caches now

    def reply(**message: Any) -> None:
        replies.write(json.dumps(message) + "\n")
        replies.flush()

    reply(ready=True)
    for line in requests:
        try:
            request = json.loads(line)
            request_id = request["id"]
        except (ValueError, KeyError, TypeError):
            continue
        try:
            variables = tuple(request["variables"])
            compared = _compare_all(request["text"], variables, request["targets"], request["seed"])
            for index, outcome in compared:
                reply(id=request_id, index=index, outcome=outcome)
        except (ExpressionError, KeyError, TypeError, ValueError):
            reply(id=request_id, index=0, outcome="error")
        reply(id=request_id, done=True)


_CHECKER_COMMAND = "from engine.checker import serve_checker; serve_checker()"


class _Checker:
    """A long-lived child process for SymPy work, killed and replaced when a check overruns.

    It is a plain ``python -c`` subprocess speaking JSON lines (not multiprocessing, whose
    spawn method re-runs an unguarded ``__main__`` script); a reader thread moves its replies
    into a queue so the wait for them can time out.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: subprocess.Popen[str] | None = None
        self._replies: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._ready = False
        self._request_ids = itertools.count()

    def start(self) -> None:
        """Start the process if it is not running (returns without waiting for it)."""
        with self._lock:
            self._start()

    def stop(self) -> None:
        """Stop the process."""
        with self._lock:
            self._kill()

    def compare(
        self, learner_text: str, variables: tuple[str, ...], targets: list[str], *, seed: int
    ) -> dict[int, str] | None:
        """Compare the learner's expression with each target, within CHECK_SECONDS.

        Returns:
            {target index: "equal" | "different" | "unreadable" | "error"} for the targets
            checked in time (in order, stopping at the first equal one); None when the
            checker process cannot be started.
        """
        with self._lock:
            if not self._await_ready():
                return None
            assert self._process is not None and self._process.stdin is not None
            request_id = next(self._request_ids)
            request = {
                "id": request_id,
                "text": learner_text,
                "variables": list(variables),
                "targets": targets,
                "seed": seed,
            }
            results: dict[int, str] = {}
            try:
                self._process.stdin.write(json.dumps(request) + "\n")
                self._process.stdin.flush()
                deadline = time.monotonic() + CHECK_SECONDS
                while (remaining := deadline - time.monotonic()) > 0:
                    reply = self._replies.get(timeout=remaining)
                    if reply is None:  # the process ended
                        break
                    if reply.get("id") != request_id:
                        continue
                    if reply.get("done"):
                        return results
                    results[int(reply["index"])] = str(reply["outcome"])
            except (queue.Empty, OSError, ValueError):
                pass
            self._kill()  # overran (or died): replace it, warming up while the learner reads
            self._start()
            return results

    def _start(self) -> None:
        if self._process is not None and self._process.poll() is None:
            return
        self._kill()
        package_root = str(Path(__file__).resolve().parent.parent)
        environment = dict(os.environ)
        environment["PYTHONPATH"] = os.pathsep.join(
            filter(None, [package_root, environment.get("PYTHONPATH")])
        )
        try:
            process = subprocess.Popen(
                [sys.executable, "-c", _CHECKER_COMMAND],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
                encoding="utf-8",
                env=environment,
            )
        except OSError:
            return
        replies: queue.Queue[dict[str, Any] | None] = queue.Queue()
        reader = threading.Thread(
            target=_read_replies, args=(process, replies), name="checker-replies", daemon=True
        )
        reader.start()
        self._process, self._replies, self._ready = process, replies, False

    def _await_ready(self) -> bool:
        self._start()
        if self._ready:
            return True
        if self._process is None:
            return False
        try:
            reply = self._replies.get(timeout=STARTUP_SECONDS)
            self._ready = reply is not None and bool(reply.get("ready"))
        except queue.Empty:
            self._ready = False
        if not self._ready:
            self._kill()
        return self._ready

    def _kill(self) -> None:
        process, self._process, self._ready = self._process, None, False
        if process is None:
            return
        process.kill()
        process.wait(timeout=5)
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                try:
                    stream.close()
                except OSError:
                    pass


def _read_replies(process: subprocess.Popen[str], replies: queue.Queue[Any]) -> None:
    """Move the checker's JSON replies into a queue; None marks the end of the process."""
    assert process.stdout is not None
    try:
        for line in process.stdout:
            try:
                replies.put(json.loads(line))
            except ValueError:
                continue
    except (OSError, ValueError):
        pass
    replies.put(None)


_CHECKER = _Checker()
atexit.register(_CHECKER.stop)


def start_checker() -> None:
    """Start the expression checker process now, so the first expression answer is fast."""
    _CHECKER.start()


def stop_checker() -> None:
    """Stop the expression checker process (it restarts on the next expression answer)."""
    _CHECKER.stop()


def compare(
    learner_text: str, variables: tuple[str, ...], targets: list[str], *, seed: int
) -> dict[int, str] | None:
    """Compare the learner's expression with each target in the checker process.

    See :meth:`_Checker.compare`; this is the one checker every grading shares.
    """
    return _CHECKER.compare(learner_text, variables, targets, seed=seed)
