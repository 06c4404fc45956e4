"""Where quizapp keeps its files: the one place that knows the locations.

By default the database and the learner's own decks live in the platform's user data
directory and the settings file in the platform's user config directory (both from
platformdirs). ``--data-dir`` or ``$QUIZAPP_DATA_DIR`` moves everything — database,
decks *and* the settings file — into that one directory, so a portable setup or a test
is self-contained.

Nothing here changes the file system: these functions compute paths (and
:func:`deck_sources` looks whether the deck folder exists).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

APP_NAME = "quizapp"
#: Environment variable that overrides the data directory (``--data-dir`` wins over it).
DATA_DIR_ENV = "QUIZAPP_DATA_DIR"
DATABASE_FILE = "quizapp.sqlite3"
CONFIG_FILE = "config.toml"
DECKS_FOLDER = "decks"


def _override(override: str | Path | None, environ: Mapping[str, str] | None) -> Path | None:
    if override is not None and str(override) != "":
        return Path(override).expanduser()
    value = (os.environ if environ is None else environ).get(DATA_DIR_ENV, "")
    return Path(value).expanduser() if value else None


def data_dir(override: str | Path | None = None, environ: Mapping[str, str] | None = None) -> Path:
    """Return the data directory.

    Args:
        override: the ``--data-dir`` argument, if given.
        environ: the environment to read ``QUIZAPP_DATA_DIR`` from (default ``os.environ``).

    Returns:
        ``override``, else ``$QUIZAPP_DATA_DIR``, else the platform's user data dir.
    """
    chosen = _override(override, environ)
    if chosen is not None:
        return chosen
    import platformdirs  # only when no folder was given (it is on the start-up path)

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def database_path(directory: Path) -> Path:
    """Return the SQLite database path inside the data directory ``directory``."""
    return Path(directory) / DATABASE_FILE


def user_decks_dir(directory: Path) -> Path:
    """Return the folder of the learner's own decks inside the data directory ``directory``."""
    return Path(directory) / DECKS_FOLDER


def deck_sources(directory: Path, deck_paths: Sequence[Path | str] = ()) -> list[Path]:
    """Where the learner's decks come from, besides the bundled ones: the deck folder
    inside the data directory ``directory`` (when it exists: a fresh install has none),
    then each ``--deck`` file or folder, in the order given."""
    own = user_decks_dir(directory)
    return [*([own] if own.is_dir() else []), *(Path(path) for path in deck_paths)]


def cache_dir(directory: Path) -> Path:
    """Return the folder for parsed copies of unchanged deck files (safe to delete)."""
    return Path(directory) / "cache"


def config_path(
    override: str | Path | None = None, environ: Mapping[str, str] | None = None
) -> Path:
    """Return the settings file path.

    Args:
        override: the ``--data-dir`` argument, if given.
        environ: the environment to read ``QUIZAPP_DATA_DIR`` from (default ``os.environ``).

    Returns:
        ``config.toml`` inside the overriding data dir when ``--data-dir`` or
        ``$QUIZAPP_DATA_DIR`` is set, else inside the platform's user config dir.
    """
    chosen = _override(override, environ)
    if chosen is not None:
        return chosen / CONFIG_FILE
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / CONFIG_FILE
