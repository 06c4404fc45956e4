"""Start-up loads decks from the cache without importing the YAML parser or the engine.

The app loads its decks at every start with a cache directory; when no deck file has
changed, every deck comes from the cache, and PyYAML, pylatexenc, NumPy and SymPy
(tens of milliseconds of imports) must stay unloaded. Each load here runs in a fresh
interpreter, so what it imported is exactly what ``sys.modules`` shows.
"""

import pickle
import subprocess
import sys
from pathlib import Path

import quizapp.decks
import quizapp.decks.files
import quizapp.decks.validate
from quizapp.decks import LoadResult, load_decks

#: A learner's deck with one good card, one card with a doubtful text (a warning) and
#: one broken card (an error that skips it), so that problems and positions round-trip.
USER_DECK = r"""deck:
  id: mine
  title: {en: My deck}
cards:
  - id: fine
    kind: flashcard
    prompt: {en: "What is a loss?"}
    answer: {en: "What training minimises."}
  - id: stray-backslash
    kind: flashcard
    prompt: {en: 'Is \alpha a rate?'}
    answer: {en: "Neither."}
  - id: no-answer
    kind: flashcard
    prompt: {en: "Where is my answer?"}
"""

#: Loads the bundled decks and argv[2] with the cache at argv[1], the way the app does,
#: then writes the result and the modules imported by then to argv[3] (pickled).
CHILD = """
import pickle, sys
from pathlib import Path
from quizapp.decks import load_decks

result = load_decks([sys.argv[2]], cache_dir=Path(sys.argv[1]))
modules = sorted(sys.modules)
Path(sys.argv[3]).write_bytes(pickle.dumps((result, modules)))
"""

HEAVY = ("yaml", "pylatexenc", "numpy", "sympy", "engine")


def _load_in_fresh_interpreter(
    cache_dir: Path, deck: Path, out: Path
) -> tuple[LoadResult, set[str]]:
    subprocess.run(
        [sys.executable, "-c", CHILD, str(cache_dir), str(deck), str(out)],
        check=True,
        cwd=out.parent,
    )
    result, modules = pickle.loads(out.read_bytes())
    return result, set(modules)


def _heavy(modules: set[str]) -> list[str]:
    return sorted(
        name for name in modules if any(name == p or name.startswith(p + ".") for p in HEAVY)
    )


def test_a_cached_start_imports_no_yaml_latex_or_engine_and_loads_the_same_decks(
    tmp_path: Path,
) -> None:
    deck, cache = tmp_path / "mine.yaml", tmp_path / "cache"
    deck.write_text(USER_DECK, encoding="utf-8")
    uncached = load_decks([deck])
    # The reference itself: bundled decks first, the learner's deck after, and both the
    # warning (line 11: "\alpha" outside dollars, kept as a backslash by the single
    # quotes) and the error (the card without an answer, reported where its mapping
    # starts: line 13) reported.
    assert [d.id for d in uncached.decks][-1] == "mine"
    assert [c.id for c in uncached.decks[-1].cards] == ["fine", "stray-backslash"]
    assert {(p.key, p.source.line, p.card_id) for p in uncached.problems} == {
        ("decks.text.backslash_outside_math", 11, "stray-backslash"),
        ("decks.missing_key", 13, "no-answer"),
    }

    filled, filling_modules = _load_in_fresh_interpreter(cache, deck, tmp_path / "first.pickle")
    assert "yaml" in filling_modules  # the first start parsed every file
    assert len(list(cache.glob("*.json"))) == len(uncached.decks)

    cached, cached_modules = _load_in_fresh_interpreter(cache, deck, tmp_path / "second.pickle")
    assert _heavy(cached_modules) == []
    assert "quizapp.decks.validate" not in cached_modules
    assert "quizapp.decks.yamlread" not in cached_modules
    assert filled == uncached
    assert cached.decks == uncached.decks
    assert cached.problems == uncached.problems


def test_an_edited_file_is_parsed_while_the_unchanged_ones_still_come_from_the_cache(
    tmp_path: Path,
) -> None:
    deck, cache = tmp_path / "mine.yaml", tmp_path / "cache"
    deck.write_text(USER_DECK, encoding="utf-8")
    _load_in_fresh_interpreter(cache, deck, tmp_path / "first.pickle")
    deck.write_text(USER_DECK.replace("What is a loss?", "What is a cost?"), encoding="utf-8")
    edited, modules = _load_in_fresh_interpreter(cache, deck, tmp_path / "second.pickle")
    assert "yaml" in modules  # the edited file needed the parser
    assert edited.decks[-1].cards[0].prompt == {"en": "What is a cost?"}
    assert edited == load_decks([deck])


def test_the_package_exports_are_the_objects_of_the_modules_that_define_them() -> None:
    for name in ("load_decks", "load_deck_file", "bundled_deck_paths", "deck_files"):
        assert getattr(quizapp.decks, name) is getattr(quizapp.decks.files, name)
    assert quizapp.decks.load_deck_text is quizapp.decks.validate.load_deck_text
    assert quizapp.decks.read_deck_data is quizapp.decks.validate.read_deck_data
    assert quizapp.decks.MAX_DECK_BYTES == 5 * 1024 * 1024
