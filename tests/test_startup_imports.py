"""Starting the app imports only what the first screen needs (start-up time is a target:
see benchmarks/bench_startup.py). Heavy modules are imported when first used."""

import json
import subprocess
import sys
from pathlib import Path

HEAVY = ("numpy", "sympy", "fsrs", "yaml", "pylatexenc", "engine.problems", "engine.grading")
LIBRARY = ("quizapp.library", "quizapp.store", "quizapp.config", "quizapp.decks.model")

SCRIPT = f"""
import json, sys
from datetime import UTC, datetime
from quizapp.startup.memo import remembered_view
from quizapp.ui.app import make_app
preview = remembered_view(sys.argv[1], [], True, datetime.now(UTC))
app = make_app(data_dir=sys.argv[1], preview=preview)
before_paint = [m for m in {LIBRARY!r} if m in sys.modules]
view = app.home_view()  # what the home screen paints
heavy = [m for m in {HEAVY!r} if m in sys.modules]
if app.library_loaded:
    app.library.close(remember_home=True)
print(json.dumps({{"memo": preview is not None, "decks": len(view.titles),
                  "heavy": heavy, "library_before_paint": before_paint}}))
"""


def _start(data_dir: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(data_dir)], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out)


def test_the_first_screen_needs_no_scheduler_engine_yaml_or_latex(tmp_path: Path) -> None:
    first = _start(tmp_path)  # parses the decks, fills the deck cache, keeps the view
    assert first["memo"] is False and first["decks"] == 5
    second = _start(tmp_path)
    assert second == {"memo": True, "decks": 5, "heavy": [], "library_before_paint": []}
