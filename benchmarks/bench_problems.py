"""How long generating one problem takes, per family (run by hand, not in the test suite).

Target: a median of at most 5 ms per problem for every family, so the study app can make a
fresh problem between two key presses.

Usage::

    python benchmarks/bench_problems.py [--seeds 200] [--family PREFIX]

Prints one line per family (median, 95th percentile and worst time in milliseconds) and
exits 1 when a family's median is over the target.
"""

from __future__ import annotations

import argparse
import statistics
import time

from engine.problems import families, generate

#: The per-problem budget for the median, in milliseconds.
TARGET_MEDIAN_MS = 5.0


def time_family(family: str, seeds: int) -> list[float]:
    """Milliseconds to generate each of ``seeds`` problems of ``family`` (after one warm-up)."""
    generate(family, 10**6)  # imports and caches outside the timing
    timings = []
    for seed in range(seeds):
        start = time.perf_counter()
        generate(family, seed)
        timings.append((time.perf_counter() - start) * 1000.0)
    return timings


def main() -> int:
    """Time every family (or those starting with ``--family``) and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=200, help="problems per family")
    parser.add_argument("--family", default="", help="only families starting with this")
    args = parser.parse_args()

    chosen = [f for f in families() if f.startswith(args.family)]
    width = max(len(f) for f in chosen)
    print(f"{'family':<{width}}  median ms   p95 ms   max ms")
    slow = []
    for family in chosen:
        timings = sorted(time_family(family, args.seeds))
        median = statistics.median(timings)
        p95 = timings[int(0.95 * (len(timings) - 1))]
        flag = "  OVER TARGET" if median > TARGET_MEDIAN_MS else ""
        print(f"{family:<{width}}  {median:9.3f}  {p95:7.3f}  {timings[-1]:7.3f}{flag}")
        if flag:
            slow.append(family)
    print(
        f"\n{len(chosen)} families, {args.seeds} seeds each; target median <= "
        f"{TARGET_MEDIAN_MS} ms: {'all met' if not slow else 'over: ' + ', '.join(slow)}"
    )
    return 1 if slow else 0


if __name__ == "__main__":
    raise SystemExit(main())
