"""The start-up loader and the one lazy-export helper."""

from __future__ import annotations

import threading

import pytest

import quizapp.decks
import quizapp.study
from quizapp.errors import QuizappError
from quizapp.startup.boot import Loader
from quizapp.startup.lazy import lazy_exports
from quizapp.startup.memo import HomeView, TodayTotals

PREVIEW = HomeView(
    titles=(("sample", {"en": "Sample", "zh": "示例"}),),
    counts={},
    totals=TodayTotals(0, 0, 0),
    language="zh",
    theme="light",
)


@pytest.mark.parametrize("package", [quizapp.decks, quizapp.study])
def test_every_exported_name_resolves(package) -> None:  # type: ignore[no-untyped-def]
    assert len(package.__all__) > 10
    for name in package.__all__:
        getattr(package, name)


def test_a_name_is_the_object_of_the_module_that_defines_it() -> None:
    from fsrs import Rating

    from quizapp.decks import files, model
    from quizapp.study import report

    assert quizapp.decks.load_decks is files.load_decks
    assert quizapp.decks.Card is model.Card
    assert quizapp.study.stats is report.stats
    assert quizapp.study.Rating is Rating


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        quizapp.decks.no_such_name  # noqa: B018


def test_a_name_exported_from_two_modules_is_refused() -> None:
    with pytest.raises(ValueError, match="'x'"):
        lazy_exports("pkg", {".a": ["x"], ".b": ["x"]})


def test_relative_and_absolute_modules() -> None:
    getattr_, names = lazy_exports("quizapp", {".paths": ["data_dir"], "json": ["dumps"]})
    import json

    from quizapp import paths

    assert names == ["data_dir", "dumps"]
    assert getattr_("data_dir") is paths.data_dir
    assert getattr_("dumps") is json.dumps


class _Library:
    def __init__(self, language: str = "en", theme: str = "dark") -> None:
        self.settings = type("Settings", (), {"language": language, "theme": theme})()
        self.closed: list[bool] = []

    def remember_home_view(self) -> str:
        return "fresh view"

    def close(self, *, remember_home: bool) -> None:
        self.closed.append(remember_home)


def test_without_a_preview_the_library_opens_at_once() -> None:
    opened: list[_Library] = []

    def open_library() -> _Library:
        opened.append(_Library())
        return opened[-1]

    loader = Loader(open_library)  # type: ignore[arg-type]
    assert loader.loaded and len(opened) == 1
    assert loader.remembered() == ("en", "dark")
    assert loader.home_view() == "fresh view"


def test_with_a_preview_it_opens_once_when_first_needed() -> None:
    opened: list[_Library] = []
    gate = threading.Event()

    def open_library() -> _Library:
        gate.wait(5)
        opened.append(_Library())
        return opened[-1]

    loader = Loader(open_library, PREVIEW)  # type: ignore[arg-type]
    assert not loader.loaded and opened == []
    assert loader.home_view() is PREVIEW
    assert loader.remembered() == ("zh", "light")
    results: list[object] = []
    threads = [threading.Thread(target=lambda: results.append(loader.open())) for _ in range(4)]
    for thread in threads:
        thread.start()
    gate.set()
    for thread in threads:
        thread.join(5)
    assert len(opened) == 1 and results == [opened[0]] * 4
    assert loader.home_view() == "fresh view"
    loader.close(remember_home=True)
    assert opened[0].closed == [True]


def test_a_failure_to_open_reaches_every_caller() -> None:
    calls: list[int] = []

    def open_library() -> _Library:
        calls.append(1)
        raise QuizappError("corrupt", "损坏")

    loader = Loader(open_library, PREVIEW)  # type: ignore[arg-type]
    for _ in range(2):
        with pytest.raises(QuizappError):
            loader.open()
    assert calls == [1]
    loader.close(remember_home=True)  # nothing opened, nothing to close


def test_a_preview_with_an_unknown_language_falls_back_to_both() -> None:
    odd = HomeView(PREVIEW.titles, {}, PREVIEW.totals, language="fr", theme="dark")
    assert Loader(_Library, odd).remembered() == ("both", "dark")  # type: ignore[arg-type]
