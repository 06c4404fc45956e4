"""The layering rules, checked the way harlequin does: import in a fresh interpreter and look
at what got loaded.

A package's ``__init__`` need not import its submodules, so importing the package alone
proves nothing about them: every check first imports every submodule it covers
(``pkgutil.walk_packages``), then inspects ``sys.modules``.
"""

import json
import subprocess
import sys

import pytest

#: Imports each package named in argv with all its submodules (never a ``__main__``, which
#: would run the program), then reports what was imported and everything that got loaded.
IMPORT_EVERYTHING = """
import importlib, json, pkgutil, sys
imported = []
for name in sys.argv[1:]:
    module = importlib.import_module(name)
    imported.append(name)
    for info in pkgutil.walk_packages(getattr(module, "__path__", []), name + "."):
        if info.name.rsplit(".", 1)[-1] != "__main__":
            importlib.import_module(info.name)
            imported.append(info.name)
print(json.dumps({"imported": imported, "loaded": sorted(sys.modules)}))
"""


def _import_everything(*packages: str) -> tuple[list[str], set[str]]:
    """(the modules imported, every module loaded) after importing ``packages`` in full."""
    out = subprocess.run(
        [sys.executable, "-c", IMPORT_EVERYTHING, *packages],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    report = json.loads(out)
    return report["imported"], set(report["loaded"])


def _loaded(modules: set[str], package: str) -> list[str]:
    return sorted(m for m in modules if m == package or m.startswith(package + "."))


def test_engine_imports_neither_textual_nor_quizapp() -> None:
    imported, loaded = _import_everything("engine")
    # The walk reached the nested packages, so the check covers them.
    assert {"engine.expr.parser", "engine.grading.expression", "engine.checker"} <= set(imported)
    assert {"engine.problems.losses", "engine.formatting"} <= set(imported)
    assert _loaded(loaded, "textual") == []
    assert _loaded(loaded, "quizapp") == []


@pytest.mark.parametrize(
    "package",
    [
        "quizapp.decks",
        "quizapp.decks.files",
        "quizapp.decks.validate",
        "quizapp.decks.instances",
        "quizapp.study",
        "quizapp.store",
        "quizapp.i18n",
        "quizapp.cli",
        "quizapp.library",
        "quizapp.study.sitting",
        "quizapp.config",
        "quizapp.paths",
    ],
)
def test_domain_packages_do_not_import_textual(package: str) -> None:
    imported, loaded = _import_everything(package)
    assert imported[0] == package
    assert _loaded(loaded, "textual") == []


def test_the_deck_validator_is_walked_and_free_of_textual() -> None:
    imported, loaded = _import_everything("quizapp.decks")
    validator = {"nodes", "deck", "kinds", "formula", "enginecheck"}
    assert {f"quizapp.decks.validate.{name}" for name in validator} <= set(imported)
    assert {"quizapp.decks.source", "quizapp.decks.rendering"} <= set(imported)
    assert _loaded(loaded, "textual") == []


def test_every_module_of_the_app_imports() -> None:
    imported, loaded = _import_everything("engine", "quizapp")
    assert {"quizapp.ui.app", "quizapp.store.database", "quizapp.decks.model"} <= set(imported)
    assert "textual" in loaded  # the UI is part of the walk
