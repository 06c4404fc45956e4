"""Time `quizapp optimize`'s fit on a large synthetic review log (target: 100k reviews ≤ 10 s).

    python benchmarks/bench_optimize.py [--reviews 100000] [--compare N]

The log is drawn from known FSRS-6 parameters (tests/synthetic_reviews.py). The figure
is the whole fit as the command runs it: building the training items, fitting with
fsrs-rs-python, and evaluating the default and fitted parameters.

With ``--compare N`` and PyTorch installed (``pip install 'fsrs[optimizer]'`` in a
separate environment), the fsrs package's own Optimizer fits the first N reviews too,
and both fits are evaluated with the same log-loss function.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from synthetic_reviews import synthetic_log  # noqa: E402

from quizapp.study import personal  # noqa: E402


def time_fit(reviews, repeats: int) -> tuple[list[float], personal.FitReport]:
    times = []
    report = None
    for _ in range(repeats):
        start = time.perf_counter()
        report = personal.fit(reviews)
        times.append(time.perf_counter() - start)
    return times, report


def compare(reviews) -> None:
    try:
        from fsrs import Optimizer, Rating, ReviewLog
    except ImportError:
        print("fsrs's Optimizer (PyTorch) is not installed here; no comparison")
        return
    ids: dict[tuple[str, str], int] = {}
    base = datetime(2025, 1, 1, 12, tzinfo=UTC)
    logs = []
    for index, review in enumerate(reviews):
        card_id = ids.setdefault(review.card, len(ids) + 1)
        moment = base + timedelta(days=review.day, seconds=index % 3600)
        logs.append(ReviewLog(card_id, Rating(review.rating), moment, None))
    start = time.perf_counter()
    fitted = Optimizer(logs).compute_optimal_parameters()
    torch_seconds = time.perf_counter() - start
    start = time.perf_counter()
    report = personal.fit(reviews)
    rust_seconds = time.perf_counter() - start
    items = personal.training_items(reviews)
    torch_eval = personal.evaluate(fitted, items)
    print(f"compare on {len(reviews)} reviews:")
    print(
        f"  defaults          log loss {report.default.log_loss:.4f}"
        f"  rmse {report.default.rmse:.4f}"
    )
    print(
        f"  fsrs-rs-python    log loss {report.fitted.log_loss:.4f}  rmse {report.fitted.rmse:.4f}"
        f"  {rust_seconds:.2f} s"
    )
    print(
        f"  fsrs Optimizer    log loss {torch_eval.log_loss:.4f}  rmse {torch_eval.rmse:.4f}"
        f"  {torch_seconds:.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--compare", type=int, default=0, metavar="N")
    args = parser.parse_args()
    log = synthetic_log(args.reviews)
    times, report = time_fit(log.reviews, args.repeats)
    print(
        f"fit of {report.reviews} reviews ({report.items} items): "
        f"median {statistics.median(times):.2f} s, max {max(times):.2f} s (target ≤ 10 s)"
    )
    print(
        f"  log loss: defaults {report.default.log_loss:.4f} → fitted {report.fitted.log_loss:.4f}"
    )
    if args.compare:
        compare(synthetic_log(args.compare).reviews)


if __name__ == "__main__":
    main()
