"""Time opening the stats screen, charts included, over 1,000,000 reviews (target ≤ 1 s).

    python benchmarks/bench_stats_screen.py [--reviews 1000000] [--keep FILE]

The database is bench_store.py's (100,000 cards in 100 decks, two years of reviews);
the app runs headless (Textual's Pilot) at 120×40 with the bundled decks. The figure is
from the key press that opens the screen until every chart has been drawn.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_store import NOW, build  # noqa: E402

from quizapp.decks.model import LoadResult  # noqa: E402
from quizapp.ui.app import make_app  # noqa: E402


async def open_stats(data: Path, decks, repeat: int) -> list[float]:
    app = make_app(data_dir=data, decks=[], include_bundled=False, lang="en", clock=lambda: NOW)
    times = []
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(200):
            await pilot.pause()
            if getattr(app, "library_loaded", True) and app.screen.query("#decks"):
                break
        # The database's 100 decks, as bench_store.py describes them (no files to load).
        library = app.library
        library._load = LoadResult(tuple(decks), ())  # noqa: SLF001
        library._decks = tuple(decks)  # noqa: SLF001
        library._cards = {card.key: card for deck in decks for card in deck.cards}  # noqa: SLF001
        for _ in range(repeat):
            began = time.perf_counter()
            await pilot.press("s")
            await pilot.pause()
            while type(app.screen).__name__ != "StatsScreen":
                await pilot.pause()
            await pilot.pause()  # the charts are drawn on mount; one more frame paints them
            times.append(time.perf_counter() - began)
            await pilot.press("escape")
            await pilot.pause()
    app.library.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", metavar="FILE", help="build the database here or reuse it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        data.mkdir()
        path = data / "quizapp.sqlite3"
        rng = random.Random(2024)
        if args.keep and Path(args.keep).exists():
            shutil.copy(args.keep, path)
            decks = build(path, args.cards, args.reviews, rng, write=False)
        else:
            began = time.perf_counter()
            decks = build(path, args.cards, args.reviews, rng)
            print(f"built {args.reviews} reviews in {time.perf_counter() - began:.1f} s")
            if args.keep:
                shutil.copy(path, args.keep)
        times = asyncio.run(open_stats(data, decks, args.repeat))
    print(
        f"stats screen with charts ({args.reviews} reviews): median "
        f"{statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms (target 1000 ms)"
    )


if __name__ == "__main__":
    main()
