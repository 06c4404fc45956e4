"""The front door of deck loading: which files, their text, and the cache.

The app loads its decks at every start, and almost always every file is unchanged,
so its parsed copy is in the deck cache (:mod:`quizapp.decks.cache`). This module
does everything such a start needs — find the files, read each one's text with the
size and encoding checks, look it up in the cache — with the standard library only.
The YAML parser and the validator (:mod:`quizapp.decks.load`, which import PyYAML
and compile the format's regular expressions) are imported only when a file must
actually be parsed: a cache miss, or no cache at all.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from quizapp.decks.bundled import DECK_SUFFIXES, bundled_deck_paths
from quizapp.decks.cache import cache_key, read_cached, write_cached
from quizapp.decks.model import Deck, DeckProblem, LoadResult, SourceRef, Text
from quizapp.i18n import Lang, t

#: The largest deck file read, in bytes. The biggest bundled deck is a few hundred
#: kilobytes; a larger file is almost surely not a deck, and reading it would stall
#: the app at startup.
MAX_DECK_BYTES = 5 * 1024 * 1024
LANGUAGES: tuple[Lang, ...] = ("en", "zh")


class YamlReadError(Exception):
    """A deck file that cannot be read as YAML.

    A plain class rather than a dataclass: building a dataclass costs about a
    millisecond at import, and this module is on every start's path.

    Attributes:
        key: the i18n catalog key of the message (``decks.*``).
        line: 1-based line (0 when the whole file is concerned).
        column: 1-based column.
        values: the message's placeholder values.
    """

    def __init__(
        self, key: str, line: int = 0, column: int = 0, values: dict[str, Any] | None = None
    ) -> None:
        super().__init__(key, line, column, values)
        self.key = key
        self.line = line
        self.column = column
        self.values: dict[str, Any] = {} if values is None else values

    def __str__(self) -> str:
        return f"{self.key} at {self.line}:{self.column} {self.values}"


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a deck is parsed and converted.

    Composing and validating 10,000 cards allocates some 300,000 node, mark and
    card objects, none of them in a reference cycle; each allocation burst would
    trigger a collection that walks every object still alive, and those walks took
    most of a cold load's time. Reference counting still frees everything at once;
    the collector's previous state is restored on the way out (so nesting is fine).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def deck_files(path: Path) -> list[Path]:
    """Return the deck files a ``--deck`` path stands for.

    Args:
        path: a deck file, or a folder searched recursively for ``*.yaml``/``*.yml``
            (hidden files and folders are ignored).

    Returns:
        The files, sorted; ``[path]`` itself for a file.
    """
    if not path.is_dir():
        return [path]
    found = (
        candidate
        for candidate in path.rglob("*")
        if candidate.suffix in DECK_SUFFIXES
        and candidate.is_file()
        and not any(part.startswith(".") for part in candidate.relative_to(path).parts)
    )
    return sorted(found)


def load_decks(
    paths: Sequence[Path | str] = (),
    *,
    include_bundled: bool = True,
    check_engine: bool = True,
    cache_dir: Path | None = None,
) -> LoadResult:
    """Load the bundled decks and the decks at ``paths``, skipping what is broken.

    Args:
        paths: deck files or folders (the learner's deck folder, ``--deck`` arguments).
            A missing path is reported, not raised.
        include_bundled: load the decks shipped with quizapp first.
        check_engine: check generated, template and expression cards against the engine
            (families exist, parameters work, expressions parse and evaluate).
        cache_dir: where to keep parsed copies of unchanged deck files (see
            :mod:`quizapp.decks.cache`); None parses every file.

    Returns:
        The decks that loaded and every problem found. A deck whose id another
        loaded deck already has is skipped with an error.
    """
    with collector_paused():
        return _load_all(
            paths, include_bundled=include_bundled, check_engine=check_engine, cache_dir=cache_dir
        )


def _load_all(
    paths: Sequence[Path | str],
    *,
    include_bundled: bool,
    check_engine: bool,
    cache_dir: Path | None,
) -> LoadResult:
    decks: list[Deck] = []
    problems: list[DeckProblem] = []
    seen_files: set[Path] = set()
    deck_sources: dict[str, str] = {}
    jobs: list[tuple[Path, bool]] = []
    if include_bundled:
        jobs.extend((path, True) for path in bundled_deck_paths())
    for given in paths:
        path = Path(given)
        if not path.exists():
            problems.append(file_problem(path, "decks.file.missing"))
            continue
        jobs.extend((file, False) for file in deck_files(path))
    for path, bundled in jobs:
        resolved = path.resolve()
        if resolved in seen_files:
            continue
        seen_files.add(resolved)
        result = load_deck_file(
            path, bundled=bundled, check_engine=check_engine, cache_dir=cache_dir
        )
        problems.extend(result.problems)
        for deck in result.decks:
            if deck.id in deck_sources:
                problems.append(
                    DeckProblem(
                        source=SourceRef(str(path), 1, 1),
                        card_id=None,
                        message=bilingual(
                            "decks.deck.duplicate_id", id=deck.id, other=deck_sources[deck.id]
                        ),
                        skipped="deck",
                        key="decks.deck.duplicate_id",
                    )
                )
                continue
            deck_sources[deck.id] = str(path)
            decks.append(deck)
    return LoadResult(decks=tuple(decks), problems=tuple(problems))


def load_deck_file(
    path: Path | str,
    *,
    bundled: bool = False,
    check_engine: bool = True,
    cache_dir: Path | None = None,
) -> LoadResult:
    """Load one deck file.

    Args:
        path: the YAML file.
        bundled: a deck shipped with quizapp (every text needs both English and Chinese).
        check_engine: check generated, template and expression cards against the engine.
        cache_dir: where to keep a parsed copy of the file; None parses it every time.

    Returns:
        At most one deck (none if the file or its ``deck:`` section is broken) and the
        problems found, errors and warnings, in file order.
    """
    path = Path(path)
    try:
        text = read_text(path)
    except YamlReadError as error:
        return unreadable(error, str(path))
    key = ""
    if cache_dir is not None:
        key = cache_key(text, str(path), bundled=bundled, check_engine=check_engine)
        cached = read_cached(cache_dir, key)
        if cached is not None:
            return cached
    # Only now is the file parsed: the parser and validator import PyYAML and compile
    # the format's regular expressions, which a start with every file cached skips.
    from quizapp.decks.load import load_deck_text

    result = load_deck_text(text, name=str(path), bundled=bundled, check_engine=check_engine)
    if cache_dir is not None:
        write_cached(cache_dir, key, result)
    return result


def read_text(path: Path, *, max_bytes: int = MAX_DECK_BYTES) -> str:
    """Read a deck file as UTF-8 text, refusing huge, binary and mis-encoded files.

    Args:
        path: the file.
        max_bytes: the size cap; a larger file is refused without being read.

    Returns:
        The text, without a byte-order mark.

    Raises:
        YamlReadError: too large, binary, not UTF-8, or unreadable.
    """
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise YamlReadError(
                "decks.file.too_large", values={"size_mb": _mb(size), "max_mb": _mb(max_bytes)}
            )
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)  # a device or a growing file may lie about size
    except OSError as error:
        raise YamlReadError("decks.file.unreadable", values={"reason": error.strerror}) from None
    if len(data) > max_bytes:
        raise YamlReadError(
            "decks.file.too_large", values={"size_mb": _mb(len(data)), "max_mb": _mb(max_bytes)}
        )
    if b"\x00" in data:
        line, column = _byte_position(data, data.index(b"\x00"))
        raise YamlReadError("decks.file.binary", line, column)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _byte_position(data, error.start)
        raise YamlReadError(
            "decks.file.not_utf8", line, column, {"byte": f"0x{data[error.start]:02x}"}
        ) from None
    return text.removeprefix("\ufeff")


def unreadable(error: YamlReadError, name: str) -> LoadResult:
    """The result of loading a file that could not be read: no deck, one error.

    Args:
        error: why it could not be read.
        name: the file, as its messages name it.

    Returns:
        A LoadResult with no deck and the error as a problem that skipped the deck.
    """
    message = bilingual(error.key, **error.values)
    source = SourceRef(name, max(error.line, 1), max(error.column, 1))
    return LoadResult(problems=(DeckProblem(source, None, message, "error", "deck", error.key),))


def file_problem(path: Path, key: str, **values: Any) -> DeckProblem:
    """A problem with a whole file (missing, unreadable), placed at its first line.

    Args:
        path: the file.
        key: the catalog key of the message.
        **values: the message's placeholder values.

    Returns:
        An error that skipped the deck.
    """
    return DeckProblem(
        SourceRef(str(path), 1, 1), None, bilingual(key, **values), "error", "deck", key
    )


def bilingual(key: str, /, **values: Any) -> Text:
    """Format catalog ``key`` in both languages.

    Args:
        key: the catalog key.
        **values: placeholder values; a ``{"en", "zh"}`` value is picked per language,
            and a ``hint_key`` value appends that catalog entry.

    Returns:
        ``{"en": ..., "zh": ...}``.
    """
    message: Text = {}
    for lang in LANGUAGES:
        chosen = {k: (v[lang] if isinstance(v, dict) else v) for k, v in values.items()}
        hint_key = chosen.pop("hint_key", "")
        text = t(key, lang, **chosen)
        if hint_key:
            text = f"{text} {t(hint_key, lang)}"
        message[lang] = text
    return message


def _byte_position(data: bytes, index: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, index) + 1
    return data.count(b"\n", 0, index) + 1, index - line_start + 1


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}"
