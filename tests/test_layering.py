"""The layering rules, checked the way harlequin does: import in a fresh interpreter
and look at what got loaded."""

import json
import subprocess
import sys

import pytest


def _modules_after_import(module: str) -> set[str]:
    code = f"import json, sys; import {module}; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    return set(json.loads(out))


def _loaded(modules: set[str], package: str) -> list[str]:
    return [m for m in modules if m == package or m.startswith(package + ".")]


def test_engine_imports_neither_textual_nor_quizapp() -> None:
    modules = _modules_after_import("engine")
    assert _loaded(modules, "textual") == []
    assert _loaded(modules, "quizapp") == []


@pytest.mark.parametrize(
    "module",
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
def test_domain_packages_do_not_import_textual(module: str) -> None:
    assert _loaded(_modules_after_import(module), "textual") == []
