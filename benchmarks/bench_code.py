"""Benchmark of implement-it checks, run by hand: ``python benchmarks/bench_code.py``.

The first check starts the pre-started runner (Python + NumPy, once); it is a warm-up
and not counted. Targets: checking a correct solution (starting the child process, importing NumPy,
running every test, comparing with the engine's references) median at most 0.5 s and
p95 at most 1 s; an endless loop stopped within its wall-clock limit + 1 s.

``--rounds N`` checks every task's model solution N times (default 5); a failing
solution is measured too (it also looks for the matching mistake variant).
"""

from __future__ import annotations

import argparse
import statistics
import time

from engine.code import tasks
from engine.code.check import check
from engine.code.runner import Limits
from engine.code.task import as_learner_file


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def _timed(
    task, source: str, limits: Limits | None = None, prestarted: bool = True
) -> tuple[float, str]:
    started = time.perf_counter()
    report = check(task, source, limits=limits, prestarted=prestarted)
    return time.perf_counter() - started, report.status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    every = tasks.all_tasks()
    _timed(every[0], every[0].solution_source())  # warm-up: the engine's own imports
    passing: list[float] = []
    slowest: dict[str, float] = {}
    for _ in range(args.rounds):
        for task in every:
            seconds, status = _timed(task, task.solution_source())
            assert status == "passed", task.id
            passing.append(seconds)
            slowest[task.id] = max(slowest.get(task.id, 0.0), seconds)
    print(f"correct solutions: {len(passing)} checks of {len(every)} tasks")
    print(
        f"  median {statistics.median(passing) * 1000:.0f} ms, "
        f"p95 {_percentile(passing, 0.95) * 1000:.0f} ms, worst {max(passing) * 1000:.0f} ms"
    )
    worst = sorted(slowest.items(), key=lambda item: -item[1])[:3]
    print("  slowest tasks: " + ", ".join(f"{name} {s * 1000:.0f} ms" for name, s in worst))

    fresh = []
    for task in every:
        seconds, status = _timed(task, task.solution_source(), prestarted=False)
        assert status == "passed", task.id
        fresh.append(seconds)
    print(
        f"correct solutions in a fresh process each (no pre-started runner): "
        f"median {statistics.median(fresh) * 1000:.0f} ms, "
        f"p95 {_percentile(fresh, 0.95) * 1000:.0f} ms"
    )

    failing = []
    for task in every:
        source = as_learner_file(task.mistakes[0].functions[0], task.function)
        seconds, status = _timed(task, source)
        assert status == "failed", task.id
        failing.append(seconds)
    print(
        f"a named mistake (first of each task): median {statistics.median(failing) * 1000:.0f} ms, "
        f"p95 {_percentile(failing, 0.95) * 1000:.0f} ms"
    )

    task = tasks.get("code.huber")
    loop = "def huber(y, yhat, delta=1.0):\n    while True:\n        pass\n"
    sleep = "import time\ndef huber(y, yhat, delta=1.0):\n    time.sleep(60)\n"
    for name, source in (("busy loop", loop), ("sleep", sleep)):
        for limit in (2.0, 10.0):
            seconds, status = _timed(task, source, Limits(wall_seconds=limit))
            print(
                f"{name} with a {limit:.0f} s limit: stopped after {seconds:.2f} s "
                f"({seconds - limit:+.2f} s), status {status}"
            )


if __name__ == "__main__":
    main()
