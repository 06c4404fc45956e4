"""Leaf helpers of deck loading: reading a file's text, and messages in both languages.

Everything else in :mod:`quizapp.decks` builds on these, and they import nothing of it
but the model, so the front door (:mod:`quizapp.decks.files`), the YAML reader
(:mod:`quizapp.decks.yamlread`) and the validator (:mod:`quizapp.decks.validate`)
can all use them without importing one another. Standard library only: a start-up
that finds every deck in the cache still reads each file's text through here.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from quizapp.decks.model import DeckProblem, LoadResult, SourceRef, Text
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
