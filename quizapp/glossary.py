"""The Chinese glossary: one preferred term per concept, and the variants to avoid.

The terms live in ``glossary.yaml`` next to this module (shipped as package data), so
that the interface catalog, the bundled decks and the generated problems can all be
checked against the same list. Nothing on the start-up path imports this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

GLOSSARY_PATH = Path(__file__).with_name("glossary.yaml")


@dataclass(frozen=True)
class Term:
    """One concept: its English name, the preferred Chinese term and the variants to avoid."""

    en: str
    zh: str
    avoid: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Misuse:
    """A variant found in a text, with the term to write instead."""

    variant: str
    preferred: str
    en: str

    def __str__(self) -> str:
        return f"{self.variant!r}: write {self.preferred!r} ({self.en})"


@cache
def terms() -> tuple[Term, ...]:
    """The glossary's terms, read once from ``glossary.yaml``."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(GLOSSARY_PATH.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506
    return tuple(
        Term(
            en=entry["en"],
            zh=entry["zh"],
            avoid=tuple(entry.get("avoid", ())),
            note=entry.get("note", ""),
        )
        for entry in data["terms"]
    )


def misuses(text: str) -> list[Misuse]:
    """Every avoided variant that ``text`` contains (Latin letters compared case-insensitively).

    Args:
        text: Chinese text (a catalog entry, a card's text, a generated problem's text).

    Returns:
        One :class:`Misuse` per variant found, in glossary order; empty when the text
        uses only preferred terms.
    """
    folded = text.casefold()
    return [
        Misuse(variant, term.zh, term.en)
        for term in terms()
        for variant in term.avoid
        if variant.casefold() in folded
    ]
