"""Every stylesheet a screen names exists and is shipped in the wheel.

The tests run from an editable install, where a stylesheet missing from the package data
would still be found; an installed quizapp would then fail when that screen opens.
"""

from __future__ import annotations

import importlib
import pkgutil
import tomllib
from fnmatch import fnmatch
from pathlib import Path

from textual.screen import Screen

import quizapp.ui.screens as screens
from quizapp.ui.app import QuizApp

ROOT = Path(__file__).resolve().parents[2]


def _package_data() -> dict[str, list[str]]:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return pyproject["tool"]["setuptools"]["package-data"]


def _stylesheets() -> list[tuple[str, Path]]:
    """(owner, stylesheet path) for the app and every screen class."""
    found = [
        (
            "QuizApp",
            Path(importlib.import_module(QuizApp.__module__).__file__).parent / QuizApp.CSS_PATH,
        )
    ]
    for info in pkgutil.iter_modules(screens.__path__):
        module = importlib.import_module(f"{screens.__name__}.{info.name}")
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, Screen)
                and value.__module__ == module.__name__
                and value.CSS_PATH
            ):
                found.append((value.__name__, Path(module.__file__).parent / value.CSS_PATH))
    return found


def test_every_screen_but_home_brings_its_own_stylesheet() -> None:
    owners = {owner for owner, _ in _stylesheets()}
    # Home's rules are in app.tcss: a stylesheet of its own would be parsed at start-up.
    assert {"StudyScreen", "BrowseScreen", "StatsScreen", "SettingsScreen"} <= owners
    assert "HomeScreen" not in owners


def test_stylesheets_exist_and_are_package_data() -> None:
    package_data = _package_data()
    for owner, path in _stylesheets():
        assert path.is_file(), f"{owner}: {path} is missing"
        package = ".".join(path.parent.relative_to(ROOT).parts)
        patterns = package_data.get(package, [])
        assert any(fnmatch(path.name, pattern) for pattern in patterns), (
            f"{owner}: {path.name} is not in [tool.setuptools.package-data] {package!r}"
        )
