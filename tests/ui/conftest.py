"""Helpers for driving the app with Textual's Pilot."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.ui.app import QuizApp, make_app

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SAMPLE_DECK = FIXTURES / "study_deck.yaml"

FOUR_FLASHCARDS = FIXTURES / "four_flashcards.yaml"
CHINESE_PROSE = FIXTURES / "chinese_prose.yaml"


@pytest.fixture
def four_flashcards() -> Path:
    return FOUR_FLASHCARDS


@pytest.fixture
def app_factory(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Build apps on one temporary data dir; close their databases afterwards."""
    apps: list[QuizApp] = []

    def build(*decks: Path, lang: str = "en", bundled: bool = False) -> QuizApp:
        app = make_app(
            data_dir=tmp_path / "data", decks=list(decks), lang=lang, include_bundled=bundled
        )
        apps.append(app)
        return app

    yield build
    for app in apps:
        app.library.close()
