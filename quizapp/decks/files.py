"""The front door of deck loading: which files, their text, and the cache.

The app loads its decks at every start, and almost always every file is unchanged,
so its parsed copy is in the deck cache (:mod:`quizapp.decks.cache`). This module
does everything such a start needs — find the files, read each one's text with the
size and encoding checks, look it up in the cache — with the standard library only.
The YAML parser and the validator (:mod:`quizapp.decks.validate`, which import PyYAML
and compile the format's regular expressions) are imported only when a file must
actually be parsed: a cache miss, or no cache at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from quizapp.decks.bundled import DECK_SUFFIXES, bundled_deck_paths
from quizapp.decks.cache import cache_key, read_cached, write_cached
from quizapp.decks.model import Deck, DeckProblem, LoadResult, SourceRef
from quizapp.decks.source import (
    MAX_DECK_BYTES,
    YamlReadError,
    bilingual,
    collector_paused,
    file_problem,
    read_text,
    unreadable,
)

__all__ = [
    "MAX_DECK_BYTES",
    "bundled_deck_paths",
    "deck_files",
    "load_deck_file",
    "load_decks",
    "of_files",
]


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
    deck_sources: dict[str, SourceRef] = {}
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
            where = deck.id_source or SourceRef(str(path), 1, 1)
            if deck.id in deck_sources:
                problems.append(
                    DeckProblem(
                        source=where,
                        card_id=None,
                        message=bilingual(
                            "decks.deck.duplicate_id", id=deck.id, other=deck_sources[deck.id]
                        ),
                        skipped="deck",
                        key="decks.deck.duplicate_id",
                    )
                )
                continue
            deck_sources[deck.id] = where
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
    from quizapp.decks.validate import load_deck_text

    result = load_deck_text(text, name=str(path), bundled=bundled, check_engine=check_engine)
    if cache_dir is not None:
        write_cached(cache_dir, key, result)
    return result


def of_files(result: LoadResult, paths: Sequence[Path | str]) -> LoadResult:
    """The part of a load that concerns the deck files ``paths`` stand for.

    Args:
        result: a load of ``paths`` and others (the bundled decks).
        paths: deck files and folders (searched as :func:`deck_files` does); a missing
            one keeps its "missing" problem.

    Returns:
        The decks read from those files and the problems found in them.
    """
    named = {Path(path).resolve() for path in paths}
    named |= {
        file.resolve() for path in paths if Path(path).exists() for file in deck_files(Path(path))
    }
    return LoadResult(
        decks=tuple(deck for deck in result.decks if Path(deck.source).resolve() in named),
        problems=tuple(p for p in result.problems if Path(p.source.path).resolve() in named),
    )
