"""Starting the app imports only what the home screen needs (start-up time is a target:
see benchmarks/bench_startup.py). Heavy modules are imported when first used."""

import json
import subprocess
import sys
from pathlib import Path

HEAVY = ("numpy", "sympy", "fsrs", "yaml", "pylatexenc", "engine.problems", "engine.grading")

SCRIPT = f"""
import json, sys
from quizapp.ui.app import make_app
app = make_app(data_dir=sys.argv[1])
view = app.library.home_view()
app.library.close()
loaded = [m for m in {HEAVY!r} if m in sys.modules]
print(json.dumps({{"decks": len(view.titles), "loaded": loaded}}))
"""


def _start(data_dir: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(data_dir)], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out)


def test_the_home_screen_needs_no_scheduler_engine_yaml_or_latex(tmp_path: Path) -> None:
    first = _start(tmp_path)  # parses the decks and fills the deck cache
    assert first["decks"] == 5
    second = _start(tmp_path)
    assert second == {"decks": 5, "loaded": []}
