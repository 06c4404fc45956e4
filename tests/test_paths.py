"""Locations: --data-dir beats $QUIZAPP_DATA_DIR beats the platform's folders."""

from pathlib import Path

import platformdirs

from quizapp import paths


def test_the_argument_wins_over_the_environment(tmp_path: Path) -> None:
    environ = {paths.DATA_DIR_ENV: str(tmp_path / "from-env")}
    assert paths.data_dir(tmp_path / "from-arg", environ) == tmp_path / "from-arg"


def test_the_environment_wins_over_the_platform_folder(tmp_path: Path) -> None:
    environ = {paths.DATA_DIR_ENV: str(tmp_path / "from-env")}
    assert paths.data_dir(None, environ) == tmp_path / "from-env"


def test_without_overrides_the_platform_user_data_dir_is_used() -> None:
    expected = Path(platformdirs.user_data_dir("quizapp", appauthor=False))
    assert paths.data_dir(None, {}) == expected
    assert paths.data_dir("", {paths.DATA_DIR_ENV: ""}) == expected


def test_settings_follow_an_overridden_data_dir_and_default_to_the_config_dir(
    tmp_path: Path,
) -> None:
    assert paths.config_path(tmp_path, {}) == tmp_path / "config.toml"
    assert paths.config_path(None, {paths.DATA_DIR_ENV: str(tmp_path)}) == tmp_path / "config.toml"
    expected = Path(platformdirs.user_config_dir("quizapp", appauthor=False)) / "config.toml"
    assert paths.config_path(None, {}) == expected


def test_database_and_deck_folder_live_in_the_data_dir_and_nothing_is_created(
    tmp_path: Path,
) -> None:
    root = tmp_path / "not-yet"
    assert paths.database_path(paths.data_dir(root)) == root / "quizapp.sqlite3"
    assert paths.user_decks_dir(root) == root / "decks"
    assert not root.exists()
