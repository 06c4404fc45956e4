"""The process a learner's function runs in, and the data format both sides share.

The parent (:mod:`engine.code.runner`) writes a work folder holding ``solution.py``
(the learner's file), ``request.json`` (the function's name, the limits and the calls)
and ``inputs.npz`` (every array of the calls), then starts ``python -I`` on this file
with the folder as its argument. This process limits itself (CPU time, address space,
file size), imports NumPy, compiles and executes the learner's file as a module named
``solution``, calls only the named function once per test, and writes
``result.json`` and ``outputs.npz``. It never imports quizapp or the engine, so it
loads nothing the learner's code did not ask for beyond NumPy.

Values cross the boundary as a JSON tree whose arrays live in an ``.npz`` file read with
``allow_pickle=False``: nothing the learner's code returns is ever unpickled by the app.
The tree's nodes are plain JSON numbers, ``None`` and booleans, or one-key objects:
``{"array": key}`` (an ndarray), ``{"scalar": key}`` (a NumPy scalar, kept with its
dtype), ``{"float": "nan" | "inf" | "-inf"}``, ``{"list": [...]}``,
``{"tuple": [...]}``, ``{"str": text}`` and ``{"other": type name, "repr": text}``
for anything else.
"""

from __future__ import annotations

import json
import math
import os
import sys
from typing import Any

#: The learner's file, as tracebacks and syntax errors name it.
SOLUTION_FILE = "solution.py"
#: How many items one returned value may hold before it is only described.
MAX_ITEMS = 10_000
#: How much of a repr or a message is kept.
MAX_TEXT = 300


class OutputLimit(BaseException):
    """Raised when the learner's code prints more than it may (a BaseException, so a
    learner's ``except Exception`` does not swallow it)."""


class CappedOutput:
    """A text stream that keeps the first ``keep`` characters of everything written to
    it and raises :class:`OutputLimit` once more than ``limit`` characters came."""

    def __init__(self, keep: int, limit: int) -> None:
        self.keep = keep
        self.limit = limit
        self.kept: list[str] = []
        self.kept_chars = 0
        self.total = 0

    def write(self, text: str) -> int:
        text = str(text)
        self.total += len(text)
        if self.kept_chars < self.keep:
            piece = text[: self.keep - self.kept_chars]
            self.kept.append(piece)
            self.kept_chars += len(piece)
        if self.total > self.limit:
            raise OutputLimit
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def text(self) -> str:
        return "".join(self.kept)


# --------------------------------------------------------------------------- the codec


def _short(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def encode(value: Any, arrays: dict[str, Any], budget: list[int] | None = None) -> Any:
    """Turn ``value`` into a JSON tree, putting its arrays into ``arrays`` (name -> array).

    Only data is kept: numbers, NumPy arrays of numbers or booleans, lists, tuples,
    strings. Any other object becomes an ``{"other": ...}`` description, as does a
    container holding more than :data:`MAX_ITEMS` items.
    """
    import numpy as np

    budget = [MAX_ITEMS] if budget is None else budget
    budget[0] -= 1
    if budget[0] < 0:
        return {"other": type(value).__name__, "repr": "(too many items)"}
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value if abs(value) < 2**53 else float(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else {"float": repr(value)}
    if isinstance(value, str):
        return {"str": _short(value)}
    if isinstance(value, np.ndarray | np.generic) and value.dtype.kind in "biufc":
        key = f"a{len(arrays)}"
        arrays[key] = np.asarray(value)
        return {"array" if isinstance(value, np.ndarray) else "scalar": key}
    if isinstance(value, list | tuple):
        if len(value) > budget[0]:
            return {"other": type(value).__name__, "repr": f"({len(value)} items)"}
        items = [encode(item, arrays, budget) for item in value]
        return {"list" if isinstance(value, list) else "tuple": items}
    try:
        text = repr(value)
    except Exception:  # a learner's object whose repr fails is still described
        text = "?"
    kind = type(value).__name__
    if isinstance(value, np.ndarray):
        kind = f"ndarray of dtype {value.dtype}"
    return {"other": kind, "repr": _short(text)}


def decode(tree: Any, arrays: Any) -> Any:
    """The inverse of :func:`encode`; an ``{"other": ...}`` node becomes :class:`Opaque`."""
    if tree is None or isinstance(tree, bool | int | float):
        return tree
    if "array" in tree:
        return arrays[tree["array"]]
    if "scalar" in tree:
        return arrays[tree["scalar"]][()]
    if "float" in tree:
        return float(tree["float"])
    if "list" in tree:
        return [decode(item, arrays) for item in tree["list"]]
    if "tuple" in tree:
        return tuple(decode(item, arrays) for item in tree["tuple"])
    if "str" in tree:
        return tree["str"]
    return Opaque(tree["other"], tree.get("repr", ""))


class Opaque:
    """A returned object that was not data (a dict, a generator, a custom class...)."""

    def __init__(self, kind: str, text: str) -> None:
        self.kind = kind
        self.text = text

    def __repr__(self) -> str:
        return self.text or f"<{self.kind}>"


# --------------------------------------------------------------------------- the child


def _limit(which: int, amount: int) -> None:
    import resource

    _, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY:
        amount = min(amount, hard)
    resource.setrlimit(which, (amount, hard if hard != resource.RLIM_INFINITY else amount))


def _address_space() -> int:
    """The bytes of address space this process uses now (VmSize)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _learner_line(tb: Any) -> int | None:
    """The line of the learner's file where an exception was raised, if it passed there."""
    import traceback

    line = None
    for frame in traceback.extract_tb(tb):
        if frame.filename == SOLUTION_FILE:
            line = frame.lineno
    return line


def _error(error: BaseException) -> dict[str, Any]:
    try:
        message = str(error)
    except Exception:
        message = ""
    return {
        "type": type(error).__name__,
        "message": _short(message),
        "line": _learner_line(error.__traceback__),
    }


def _run(folder: str, output: CappedOutput) -> dict[str, Any]:
    import resource

    with open(os.path.join(folder, "request.json"), encoding="utf-8") as file:
        request = json.load(file)
    limits = request["limits"]
    _limit(resource.RLIMIT_CPU, int(limits["cpu_seconds"]))
    _limit(resource.RLIMIT_CORE, 0)
    _limit(resource.RLIMIT_FSIZE, int(limits["file_bytes"]))
    import numpy as np  # what learners' code uses; loaded before the memory limit is set

    with np.load(os.path.join(folder, "inputs.npz"), allow_pickle=False) as stored:
        inputs = {key: stored[key] for key in stored.files}
    with open(os.path.join(folder, SOLUTION_FILE), encoding="utf-8") as file:
        source = file.read()
    _limit(resource.RLIMIT_AS, _address_space() + int(limits["memory_bytes"]))

    try:
        code = compile(source, SOLUTION_FILE, "exec", dont_inherit=True)
    except SyntaxError as error:
        return {
            "status": "syntax_error",
            "type": type(error).__name__,
            "message": _short(str(error.msg)),
            "line": error.lineno,
            "offset": error.offset,
        }
    except ValueError as error:  # e.g. a NUL byte in the file
        return {"status": "syntax_error", "type": "ValueError", "message": _short(str(error))}
    module: dict[str, Any] = {"__name__": "solution", "__file__": SOLUTION_FILE}
    try:
        exec(code, module)
    except MemoryError:
        return {"status": "memory_limit"}
    except OutputLimit:
        return {"status": "output_limit"}
    except BaseException as error:  # SystemExit and KeyboardInterrupt are learner errors too
        return {"status": "load_error", **_error(error)}
    function = module.get(request["function"])
    if not callable(function):
        defined = sorted(
            name for name, value in module.items() if callable(value) and not name.startswith("_")
        )
        return {"status": "missing_function", "defined": defined[:20]}

    calls = []
    for call in request["calls"]:
        args = [decode(tree, inputs) for tree in call["args"]]
        kwargs = {name: decode(tree, inputs) for name, tree in call["kwargs"].items()}
        # every test gets its own copies, so a function that changes its inputs in place
        # cannot change another test's
        args = [a.copy() if isinstance(a, np.ndarray) else _copy_list(a) for a in args]
        kwargs = {k: v.copy() if isinstance(v, np.ndarray) else v for k, v in kwargs.items()}
        try:
            value = function(*args, **kwargs)
        except MemoryError:
            return {"status": "memory_limit", "completed": len(calls)}
        except OutputLimit:
            return {"status": "output_limit", "completed": len(calls)}
        except BaseException as error:
            calls.append({"error": _error(error)})
            continue
        calls.append({"value": value})
    return {"status": "ok", "calls": calls}


def _copy_list(value: Any) -> Any:
    import numpy as np

    if isinstance(value, list):
        return [v.copy() if isinstance(v, np.ndarray) else v for v in value]
    return value


def main(folder: str) -> int:
    """Run the request in ``folder`` and write ``result.json`` (and ``outputs.npz``)."""
    import numpy as np

    with open(os.path.join(folder, "request.json"), encoding="utf-8") as file:
        limits = json.load(file)["limits"]
    output = CappedOutput(int(limits["shown_output_chars"]), int(limits["output_chars"]))
    sys.stdout = sys.stderr = output  # type: ignore[assignment]
    try:
        result = _run(folder, output)
    except OutputLimit:
        result = {"status": "output_limit"}
    except MemoryError:
        result = {"status": "memory_limit"}
    finally:
        sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    arrays: dict[str, Any] = {}
    for call in result.get("calls", []):
        if "value" in call:
            try:
                call["value"] = encode(call["value"], arrays)
            except MemoryError:
                call["value"] = {"other": "?", "repr": "(too large to send back)"}
    result["output"] = output.text()
    result["output_chars"] = output.total
    np.savez(os.path.join(folder, "outputs.npz"), **arrays)
    with open(os.path.join(folder, "result.json"), "w", encoding="utf-8") as file:
        json.dump(result, file)
    return 0


def _run_forked(folder: str) -> None:
    """In a freshly forked child of :func:`serve`: a session of its own, the output to
    the folder's stray-output file, then :func:`main`; never returns."""
    code = 1
    try:
        os.setsid()
        stray = os.open(os.path.join(folder, "stray-output.txt"), os.O_WRONLY | os.O_CREAT, 0o600)
        os.dup2(stray, 1)
        os.dup2(stray, 2)
        os.close(stray)
        quiet = os.open(os.devnull, os.O_RDONLY)
        os.dup2(quiet, 0)
        os.close(quiet)
        os.chdir(folder)
        code = main(folder)
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        os._exit(code)


def serve() -> None:
    """The pre-started runner: import NumPy once, then fork a fresh child per request.

    Reads one work folder per line on stdin; for each, forks, answers
    ``started PID`` at once and ``ended PID CODE`` when the child is gone (CODE as
    :mod:`subprocess` gives it: negative for a signal). The parent enforces the wall-clock
    limit by killing the child's process group. Ends at the end of stdin.
    """
    import numpy  # noqa: F401 - imported once here, inherited by every child

    reply = sys.stdout
    for line in sys.stdin:
        folder = line.strip()
        if not folder:
            continue
        pid = os.fork()
        if pid == 0:
            _run_forked(folder)
        reply.write(f"started {pid}\n")
        reply.flush()
        _, status = os.waitpid(pid, 0)
        reply.write(f"ended {pid} {os.waitstatus_to_exitcode(status)}\n")
        reply.flush()


if __name__ == "__main__":
    if sys.argv[1:] == ["--serve"]:
        serve()
    else:
        sys.exit(main(sys.argv[1]))
