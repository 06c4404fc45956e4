"""Run a learner's function in a separate Python process, within limits.

:func:`run` writes the learner's source and the test inputs to a fresh temporary
folder, starts ``python -I engine/code/_child.py FOLDER`` and reads back what the
function returned for each call. The child limits itself with ``resource.setrlimit``
(CPU time, address space, file size); the parent enforces the wall-clock limit by
killing the child's whole process group.

This is isolation for robustness, not a security boundary: a learner's code is the
learner's own, and the limits keep an infinite loop, a memory hog or a flood of
output from freezing or crashing the app. A deliberately hostile file could still do
anything the learner's account can do.
"""

from __future__ import annotations

import atexit
import json
import math
import os
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from engine.code import _child

#: The child script; run by path so that it imports nothing of this package.
CHILD_SCRIPT = Path(_child.__file__)

RunStatus = Literal[
    "ok",
    "syntax_error",
    "load_error",
    "missing_function",
    "timeout",
    "memory_limit",
    "output_limit",
    "crashed",
]

#: Environment of the child: one BLAS thread (the machine is shared and the inputs are
#: small), a plain locale, nothing of the parent's Python settings (``-I`` ignores them).
_CHILD_ENV = {
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "LC_ALL": "C.UTF-8",
    "PYTHONIOENCODING": "utf-8",
}


@dataclass(frozen=True)
class Limits:
    """What a learner's code may use.

    Attributes:
        wall_seconds: wall-clock time for the whole run (start, import, every test).
        cpu_seconds: CPU time; None means the wall limit rounded up.
        memory_mb: address space the learner's code may add to what Python and NumPy
            already use.
        output_chars: characters the code may print before it is stopped.
        shown_output_chars: how much of the printed output is kept for the report.
    """

    wall_seconds: float = 10.0
    cpu_seconds: int | None = None
    memory_mb: int = 512
    output_chars: int = 1_000_000
    shown_output_chars: int = 2_000

    def cpu(self) -> int:
        """The CPU-time limit in whole seconds."""
        return self.cpu_seconds or max(1, math.ceil(self.wall_seconds))


@dataclass(frozen=True)
class CallResult:
    """What one call of the learner's function gave: a value, or the exception it raised.

    Attributes:
        value: the decoded return value (arrays, numbers, lists, tuples, :class:`Opaque`).
        error: ``{"type", "message", "line"}`` when the call raised.
    """

    value: Any = None
    error: dict[str, Any] | None = None


@dataclass(frozen=True)
class RunResult:
    """The outcome of one run.

    Attributes:
        status: ``ok`` when the function was called on every input (each call may still
            have raised); otherwise why it could not run.
        calls: one :class:`CallResult` per input, in order (empty unless ``ok``).
        detail: facts about a failed run: ``line``/``message``/``type`` of a syntax or
            load error, ``defined`` names for a missing function, ``signal``/``code``
            of a crash, ``seconds`` of a timeout.
        output: the start of what the code printed (stdout and stderr together).
        output_chars: how many characters it printed in all.
        seconds: the wall-clock time of the run.
    """

    status: RunStatus
    calls: tuple[CallResult, ...] = ()
    detail: dict[str, Any] = field(default_factory=dict)
    output: str = ""
    output_chars: int = 0
    seconds: float = 0.0


#: The largest file the child may write (its results; stray output written straight to
#: the file descriptors rather than through ``print``).
FILE_BYTES = 16 * 1024 * 1024

Call = tuple[tuple[Any, ...], dict[str, Any]]


def _write_request(folder: Path, source: str, function: str, calls: list[Call], limits: Limits):
    import numpy as np

    arrays: dict[str, Any] = {}
    encoded = [
        {
            "args": [_child.encode(a, arrays) for a in args],
            "kwargs": {name: _child.encode(v, arrays) for name, v in kwargs.items()},
        }
        for args, kwargs in calls
    ]
    request = {
        "function": function,
        "calls": encoded,
        "limits": {
            "cpu_seconds": limits.cpu(),
            "memory_bytes": limits.memory_mb * 1024 * 1024,
            "file_bytes": FILE_BYTES,
            "output_chars": limits.output_chars,
            "shown_output_chars": limits.shown_output_chars,
        },
    }
    np.savez(folder / "inputs.npz", **arrays)
    (folder / "request.json").write_text(json.dumps(request), encoding="utf-8")
    (folder / _child.SOLUTION_FILE).write_text(source, encoding="utf-8", errors="replace")


def _read_result(folder: Path) -> dict[str, Any] | None:
    import numpy as np

    try:
        result = json.loads((folder / "result.json").read_text(encoding="utf-8"))
        with np.load(folder / "outputs.npz", allow_pickle=False) as stored:
            arrays = {key: stored[key] for key in stored.files}
    except (OSError, ValueError):
        return None
    for call in result.get("calls", []):
        if "value" in call:
            call["value"] = _child.decode(call["value"], arrays)
    return result


def _stop(process: subprocess.Popen) -> None:
    """Kill the child and anything it started."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


def run(
    source: str,
    function: str,
    calls: list[Call],
    limits: Limits | None = None,
    *,
    prestarted: bool = True,
) -> RunResult:
    """Run ``function`` from ``source`` on each call's arguments in a child process.

    Args:
        source: the learner's Python file, as text.
        function: the name of the function to call; nothing else in the file is called
            (its top level runs once, as an import would run it).
        calls: ``(args, kwargs)`` per test; arguments are numbers, NumPy arrays and
            lists of them.
        limits: the limits (default :class:`Limits()`).
        prestarted: fork the child from the pre-started runner (NumPy already imported;
            started on first use), falling back to a fresh ``python`` process if that
            runner cannot be used. False always starts a fresh process.

    Returns:
        A :class:`RunResult`; never raises for anything the learner's code does.
    """
    limits = limits or Limits()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="quizapp-code-") as name:
        folder = Path(name)
        _write_request(folder, source, function, calls, limits)
        returncode = PRESTARTED.run(folder, limits.wall_seconds) if prestarted else None
        if returncode is None:
            returncode = _run_fresh(folder, limits.wall_seconds)
        seconds = time.perf_counter() - started
        if returncode == TIMED_OUT:
            return RunResult("timeout", detail={"seconds": limits.wall_seconds}, seconds=seconds)
        result = _read_result(folder) if returncode == 0 else None
        if result is None:
            stray = folder / "stray-output.txt"
            stray_text = stray.read_bytes()[: limits.shown_output_chars] if stray.exists() else b""
            return _crash(returncode, seconds, limits, stray_text.decode("utf-8", "replace"))
    status = result["status"]
    calls_out = tuple(
        CallResult(value=call.get("value"), error=call.get("error"))
        for call in result.get("calls", [])
    )
    detail = {k: v for k, v in result.items() if k not in ("status", "calls", "output")}
    return RunResult(
        status=status,
        calls=calls_out,
        detail=detail,
        output=result.get("output", ""),
        output_chars=int(result.get("output_chars", 0)),
        seconds=seconds,
    )


#: What :func:`_run_fresh` and :meth:`PreStartedRunner.run` return for a run that was
#: stopped at its wall-clock limit.
TIMED_OUT = "timed out"


def _run_fresh(folder: Path, wall_seconds: float) -> int | str:
    """Run the request in a new ``python -I`` process; its exit code, or TIMED_OUT."""
    with open(folder / "stray-output.txt", "wb") as stray:
        process = subprocess.Popen(
            [sys.executable, "-I", str(CHILD_SCRIPT), str(folder)],
            stdin=subprocess.DEVNULL,
            stdout=stray,
            stderr=stray,
            cwd=folder,
            env=_CHILD_ENV,
            start_new_session=True,
        )
        try:
            return process.wait(timeout=wall_seconds)
        except subprocess.TimeoutExpired:
            _stop(process)
            return TIMED_OUT


class PreStartedRunner:
    """A runner process with NumPy imported that forks a fresh child per run.

    Starting Python and importing NumPy is most of a check's time; forking a process
    that has done both once makes a check several times faster. Each run still gets a
    process of its own (with its own limits), so nothing a learner's code does lasts
    beyond its run. One run at a time; a runner that misbehaves is stopped and the run
    falls back to a fresh process.
    """

    #: How long the runner may take to start a child (the first time, to import NumPy).
    START_SECONDS = 30.0
    #: How long a killed child may take to be reported gone.
    REAP_SECONDS = 10.0

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._buffer = b""

    def start(self) -> bool:
        """Start the runner unless it runs already; False when it cannot be started."""
        if self._process is not None and self._process.poll() is None:
            return True
        self.stop()  # a runner that died: close its pipes before starting another
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-I", str(CHILD_SCRIPT), "--serve"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                cwd=tempfile.gettempdir(),
                env=_CHILD_ENV,
                start_new_session=True,
            )
        except OSError:
            self._process = None
            return False
        self._buffer = b""
        return True

    def stop(self) -> None:
        """Stop the runner (it is started again on the next run)."""
        process, self._process = self._process, None
        if process is None:
            return
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                stream.close()
        _stop(process)

    def _readline(self, seconds: float) -> str | None:
        assert self._process is not None and self._process.stdout is not None
        deadline = time.monotonic() + seconds
        descriptor = self._process.stdout.fileno()
        while b"\n" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([descriptor], [], [], remaining)[0]:
                return None
            chunk = os.read(descriptor, 4096)
            if not chunk:
                raise EOFError
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return line.decode("ascii")

    def run(self, folder: Path, wall_seconds: float) -> int | str | None:
        """Run the request in ``folder`` in a forked child.

        Returns:
            The child's exit code (negative for a signal), TIMED_OUT, or None when the
            runner could not be used.
        """
        with self._lock:
            if not self.start():
                return None
            assert self._process is not None and self._process.stdin is not None
            try:
                self._process.stdin.write(f"{folder}\n".encode())
                self._process.stdin.flush()
                started = self._readline(self.START_SECONDS)
                if started is None or not started.startswith("started "):
                    raise EOFError
                pid = int(started.split()[1])
                ended = self._readline(wall_seconds)
                if ended is None:
                    _kill_group(pid)
                    if self._readline(self.REAP_SECONDS) is None:
                        raise EOFError
                    return TIMED_OUT
                return int(ended.split()[2])
            except (OSError, EOFError, ValueError, IndexError):
                self.stop()
                return None


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


#: The runner :func:`run` uses; started on first use, or ahead with :func:`prestart`.
PRESTARTED = PreStartedRunner()
atexit.register(PRESTARTED.stop)


def prestart() -> None:
    """Start the pre-started runner now (e.g. when a code card comes up), not on first check."""
    with PRESTARTED._lock:  # noqa: SLF001 - the same lock run() holds
        PRESTARTED.start()


def _crash(returncode: int | str, seconds: float, limits: Limits, output: str) -> RunResult:
    """Name why a child ended without a result: a signal of a limit, or a crash."""
    if returncode in (-signal.SIGXCPU, -signal.SIGKILL) and seconds >= limits.cpu() * 0.9:
        return RunResult("timeout", detail={"seconds": limits.cpu()}, seconds=seconds)
    if returncode == -signal.SIGXFSZ:
        return RunResult("output_limit", seconds=seconds)
    detail: dict[str, Any] = {"code": returncode}
    if returncode < 0:
        try:
            detail["signal"] = signal.Signals(-returncode).name
        except ValueError:
            detail["signal"] = str(-returncode)
    return RunResult("crashed", detail=detail, output=output, seconds=seconds)
