"""Every test works in its own data folder, never the platform's (a learner's saved
language or decks must not change what a test sees)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _private_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUIZAPP_DATA_DIR", str(tmp_path_factory.mktemp("data")))
