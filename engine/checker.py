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
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, TextIO

from engine.expr import (
    Agreement,
    Domain,
    ExpressionError,
    Parsed,
    decimal_agreement,
    decimal_tolerance,
    decimals_typed,
    equivalence,
    parse,
    parse_domain,
    significant_figures,
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

#: Outcomes that end a check: the learner's text is this target (exactly, or as decimals
#: at the asked precision, or only at the fewer figures typed).
_MATCHES = ("equal", "close", "coarse")


@dataclass(frozen=True)
class Check:
    """One expression answer to compare, as sent to the checker process.

    Attributes:
        text: what the learner typed.
        variables: the names it may use.
        targets: the answer first, then the expressions of known mistakes.
        seed: seeds the random test points.
        domain: the conditions the problem states about its variables.
        per_sample: ``yᵢ`` and ``y_i`` may be typed for ``y``.
        figures: decimals in the learner's text stand for exact numbers when right to this
            many significant figures.
    """

    text: str
    variables: tuple[str, ...]
    targets: tuple[str, ...]
    seed: int = 0
    domain: tuple[str, ...] = ()
    per_sample: bool = False
    figures: int = 3


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


def _compare_all(check: Check) -> Iterator[tuple[int, str]]:
    """Yield (index, outcome) for each target until the learner's text matches one.

    Outcomes: ``equal``; ``close`` (its decimals are right at ``check.figures``
    significant figures); ``coarse`` (the answer, but only to the fewer figures typed);
    ``different``; ``undecided`` (neither a counterexample nor a proof: the check stops);
    ``unreadable`` (the target does not parse); ``error``.
    """
    learner = parse(check.text, check.variables, per_sample=check.per_sample)
    try:
        domain = parse_domain(check.domain, check.variables)
    except ValueError:
        yield 0, "unreadable"
        return
    decimals = decimals_typed(learner)

    def symbolic(left: Parsed, right: Parsed, numeric: Agreement) -> bool | None:
        budget = CONFIRM_SECONDS if numeric == "agree" else SYMBOLIC_SECONDS

        def prove(a: Parsed, b: Parsed) -> bool:
            return symbolically_equal(a, b, domain=domain)

        return _within(budget, prove, left, right)

    for index, target in enumerate(check.targets):
        try:
            other = parse(target, check.variables)
        except ExpressionError:
            yield index, "unreadable"
            continue
        try:
            outcome: str = equivalence(
                learner, other, seed=check.seed, domain=domain, symbolic=symbolic
            )
            if outcome != "equal" and decimals:
                outcome = _as_decimals(learner, other, decimals, check, domain) or outcome
        except Exception:  # noqa: BLE001 - SymPy can fail on odd input; report, don't die
            yield index, "error"
            continue
        yield index, outcome
        if outcome in _MATCHES or (index == 0 and outcome == "undecided"):
            return


def _as_decimals(
    learner: Parsed, exact: Parsed, decimals: list[str], check: Check, domain: Domain
) -> str | None:
    """``close`` or ``coarse`` when the learner's decimals stand for ``exact``'s numbers."""
    asked = decimal_tolerance(decimals, check.figures)
    if decimal_agreement(learner, exact, asked, seed=check.seed, domain=domain) == "agree":
        return "close"
    if min(significant_figures(d) for d in decimals) >= check.figures:
        return None
    typed = decimal_tolerance(decimals)
    if decimal_agreement(learner, exact, typed, seed=check.seed, domain=domain) == "agree":
        return "coarse"
    return None


def serve_checker(requests: TextIO = sys.stdin, replies: TextIO = sys.stdout) -> None:
    """Run the checker loop: one JSON request per line in, one JSON reply per line out.

    This is what the checker process runs (``python -c "from engine.checker import
    serve_checker; serve_checker()"``); a request is ``{"id", "check"}`` with the fields of a
    :class:`Check`, replies are ``{"id", "index", "outcome"}`` per target and
    ``{"id", "done": true}``.
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
            fields = request["check"]
            check = Check(
                text=str(fields["text"]),
                variables=tuple(fields["variables"]),
                targets=tuple(fields["targets"]),
                seed=int(fields["seed"]),
                domain=tuple(fields["domain"]),
                per_sample=bool(fields["per_sample"]),
                figures=int(fields["figures"]),
            )
            for index, outcome in _compare_all(check):
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

    def compare(self, check: Check) -> dict[int, str] | None:
        """Compare the learner's expression with each target, within CHECK_SECONDS.

        Returns:
            {target index: outcome} (see :func:`_compare_all`) for the targets checked in
            time, in order; None when the checker process cannot be started.
        """
        with self._lock:
            if not self._await_ready():
                return None
            assert self._process is not None and self._process.stdin is not None
            request_id = next(self._request_ids)
            request = {"id": request_id, "check": asdict(check)}
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


def compare(check: Check) -> dict[int, str] | None:
    """Compare the learner's expression with each target in the checker process.

    See :meth:`_Checker.compare`; this is the one checker every grading shares.
    """
    return _CHECKER.compare(check)
