"""Benchmark: load 10,000 cards spread over 20 deck files (target: <= 1 s).

Generates the decks in a temporary folder — a realistic mix of kinds with LaTeX in
the text, every expression and template different — then times ``load_decks``:

- cold, without the engine checks (``check_engine=False``, for comparison): every
  file read, parsed and validated;
- cold, with the engine checks (what the app and ``quizapp validate`` both run):
  families run, expressions parsed, templates evaluated, which imports NumPy and the
  engine;
- warm, unchanged files read from the deck cache (a second start-up);
- for reference, PyYAML's own C loader (``yaml.load`` with ``CSafeLoader``) reading the
  same files into plain dicts, without any validation.

Each timing runs in a fresh interpreter so imports and in-memory caches are paid for,
as at startup; the figure is the load alone (the import is reported beside it).

Run: python benchmarks/bench_decks.py [--cards 10000] [--files 20] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

KIND_CYCLE = (
    ["flashcard"] * 12 + ["choice"] * 3 + ["numeric"] * 2 + ["expression", "generated", "template"]
)
FAMILIES = ("loss.huber.value", "loss.mean_squared_error.value", "loss.hinge.value")


def card_yaml(index: int) -> str:
    """One card of the benchmark deck, its kind cycling through a realistic mix."""
    kind = KIND_CYCLE[index % len(KIND_CYCLE)]
    head = (
        f"  - id: card-{index}\n    kind: {kind}\n    tags: [bench, t{index % 7}]\n"
        f"    prompt: {{en: 'Question {index}: what is $\\hat{{y}}_{{{index}}}$?', "
        f"zh: '第 {index} 题：$\\hat{{y}}$ 是多少？'}}\n"
        f"    explanation: {{en: 'Because $\\frac{{1}}{{n}}\\sum_i x_i$ = {index}.', "
        f"zh: '因为结果是 {index}。'}}\n"
    )
    if kind == "flashcard":
        return head + f"    answer: {{en: 'Answer {index}', zh: '答案 {index}'}}\n"
    if kind == "choice":
        return head + (
            "    options:\n"
            f"      - {{en: 'right {index}', zh: '对', correct: true}}\n"
            f"      - {{en: 'wrong {index}', zh: '错', correct: false}}\n"
            "      - {en: 'also wrong', zh: '也错', correct: false}\n"
        )
    if kind == "numeric":
        return head + f"    value: [{index}.5, {index % 9}.25]\n    tolerance: {{rel: 0.01}}\n"
    if kind == "expression":
        return head + f"    value: '{index % 97 + 2}*(yhat - y)^2'\n    variables: [y, yhat]\n"
    if kind == "generated":
        return head + f"    family: {FAMILIES[index % len(FAMILIES)]}\n"
    return head + (
        "    params:\n"
        f"      lr: {{range: [0.01, 0.{index % 8 + 2}], step: 0.01}}\n"
        "      g: {choices: [0.5, 1.0, 2.0]}\n"
        f"    value: '{index % 50 + 1} - lr*g'\n"
    )


def write_decks(folder: Path, cards: int, files: int) -> None:
    """Write ``cards`` cards spread evenly over ``files`` deck files in ``folder``."""
    per_file = cards // files
    for number in range(files):
        start = number * per_file
        body = "".join(card_yaml(index) for index in range(start, start + per_file))
        text = (
            f"deck:\n  id: bench-{number}\n  title: {{en: Bench {number}, zh: 基准 {number}}}\n"
            f"cards:\n{body}"
        )
        (folder / f"bench_{number:02d}.yaml").write_text(text, encoding="utf-8")


TIMER = """
import json, sys, time
from pathlib import Path
started = time.perf_counter()
from quizapp.decks import load_decks
imported = time.perf_counter()
cache_dir = Path(sys.argv[3]) if len(sys.argv) > 3 else None
result = load_decks([Path(sys.argv[1])], include_bundled=False, check_engine=sys.argv[2] == "1",
                    cache_dir=cache_dir)
done = time.perf_counter()
print(json.dumps({"import": imported - started, "load": done - imported,
                  "cards": result.card_count, "errors": len(result.errors)}))
"""


YAML_ONLY_TIMER = """
import json, sys, time
from pathlib import Path
started = time.perf_counter()
import yaml
imported = time.perf_counter()
files = sorted(Path(sys.argv[1]).glob("*.yaml"))
cards = sum(len(yaml.load(f.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)["cards"])
            for f in files)
done = time.perf_counter()
print(json.dumps({"import": imported - started, "load": done - imported,
                  "cards": cards, "errors": 0}))
"""


def time_once(folder: Path, check_engine: bool, cache_dir: Path | None = None) -> dict[str, float]:
    """Time one load in a fresh interpreter."""
    extra = [str(cache_dir)] if cache_dir else []
    return _run(TIMER, str(folder), "1" if check_engine else "0", *extra)


def time_yaml_only(folder: Path) -> dict[str, float]:
    """Time PyYAML's C loader alone on the same files, in a fresh interpreter."""
    return _run(YAML_ONLY_TIMER, str(folder))


def _run(script: str, *args: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", script, *args], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_decks(folder, args.cards, args.files)
        size = sum(path.stat().st_size for path in folder.iterdir())
        print(f"{args.cards} cards in {args.files} files ({size / 1e6:.1f} MB)")
        cache_dir = Path(tmp) / ".cache"  # hidden: not scanned as decks
        time_once(folder, True, cache_dir)  # fills the cache
        modes = (
            ("cold, check_engine=False", lambda: time_once(folder, False), "quizapp.decks"),
            ("cold, check_engine=True ", lambda: time_once(folder, True), "quizapp.decks"),
            (
                "warm, from the cache    ",
                lambda: time_once(folder, True, cache_dir),
                "quizapp.decks",
            ),
            ("PyYAML CSafeLoader alone", lambda: time_yaml_only(folder), "yaml"),
        )
        for label, timed, module in modes:
            runs = [timed() for _ in range(args.repeat)]
            loads = [run["load"] for run in runs]
            assert all(run["cards"] == args.cards and run["errors"] == 0 for run in runs), runs
            print(
                f"{label}: load median {statistics.median(loads):.3f} s, "
                f"best {min(loads):.3f} s, worst {max(loads):.3f} s "
                f"(import of {module} {statistics.median(r['import'] for r in runs):.3f} s)"
            )


if __name__ == "__main__":
    main()
