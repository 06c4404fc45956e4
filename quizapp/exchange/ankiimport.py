"""Read Anki notes (a text export, or a package with the optional ``anki`` library)
and write them as a quizapp YAML deck.

Anki's "Notes in Plain Text" export starts with ``#key:value`` header lines
(``#separator:tab``, ``#html:true``, ``#guid column:1``, ``#notetype column:2``,
``#deck column:3``, ``#tags column:N``), then one note per row. Each note becomes a
flashcard: the first field is the prompt, the second the answer, the rest notes.
Notes written by quizapp's own export keep both languages and their card ids. HTML
becomes plain text and Anki's ``\\(…\\)`` / ``\\[…\\]`` become the deck format's ``$…$``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from quizapp.errors import QuizappError

_SEPARATORS = {
    "tab": "\t",
    "comma": ",",
    "semicolon": ";",
    "space": " ",
    "pipe": "|",
    "colon": ":",
}
#: Marks a block element's edge; runs of edges become one line break.
_BLOCK = "\x00"
_BLOCKS = {"div", "p", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "ol", "ul"}
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
#: quizapp's own note type (see :mod:`quizapp.exchange.ankiexport`), by field count.
_OWN_FIELDS = 8


@dataclass(frozen=True)
class ImportedNote:
    """One Anki note as quizapp reads it: its identity, fields as plain text, tags."""

    guid: str
    fields: tuple[str, ...]
    tags: tuple[str, ...] = ()
    notetype: str = ""
    deck: str = ""


@dataclass
class ImportedDeck:
    """What an import produced: the deck's YAML text and what was left out."""

    deck_id: str
    yaml_text: str
    cards: int
    skipped: list[str] = field(default_factory=list)


class _TextOf(HTMLParser):
    """HTML to text: block elements and ``<br>`` become line breaks, scripts vanish."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script"):
            self._hidden += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append(_BLOCK + "- ")
        elif tag in _BLOCKS:
            self.parts.append(_BLOCK)
        elif tag == "img":
            source = dict(attrs).get("src") or ""
            self.parts.append(f"[{source}]" if source else "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._hidden = max(0, self._hidden - 1)
        elif tag in _BLOCKS:
            self.parts.append(_BLOCK)

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def html_to_text(value: str) -> str:
    """Anki field HTML as deck text: tags removed, entities decoded, MathJax as ``$…$``."""
    parser = _TextOf()
    parser.feed(value)
    parser.close()
    text = re.sub(f"[ \t]*{_BLOCK}[{_BLOCK} \t]*", "\n", "".join(parser.parts))
    text = text.replace("\xa0", " ")
    text = re.sub(r"\[sound:[^\]]*\]", "", text)
    text = re.sub(r"\\\((.+?)\\\)", lambda m: f"${m.group(1).strip()}$", text, flags=re.DOTALL)
    text = re.sub(r"\\\[(.+?)\\\]", lambda m: f"${m.group(1).strip()}$", text, flags=re.DOTALL)
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def read_text_export(text: str) -> list[ImportedNote]:
    """The notes of an Anki plain-text export (``#`` headers, then one row per note).

    Raises:
        QuizappError: the text has no notes, or a header names a column that is absent.
    """
    headers: dict[str, str] = {}
    lines = text.lstrip("\ufeff").splitlines(keepends=True)
    body_start = 0
    for index, line in enumerate(lines):
        if not line.startswith("#"):
            body_start = index
            break
        key, _, value = line[1:].strip().partition(":")
        headers[key.strip().lower()] = value.strip()
    else:
        body_start = len(lines)
    separator = headers.get("separator", "tab")
    delimiter = _SEPARATORS.get(separator.lower(), separator[:1] or "\t")
    is_html = headers.get("html", "false").lower() == "true"

    def column(name: str) -> int | None:
        value = headers.get(f"{name} column")
        return int(value) - 1 if value and value.isdigit() and int(value) > 0 else None

    special = {name: column(name) for name in ("guid", "notetype", "deck", "tags")}
    common_tags = tuple(headers.get("tags", "").split())
    reader = csv.reader(io.StringIO("".join(lines[body_start:])), delimiter=delimiter)
    notes: list[ImportedNote] = []
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue

        def cell(name: str, row: list[str] = row) -> str:
            index = special[name]
            return row[index] if index is not None and index < len(row) else ""

        taken = {index for index in special.values() if index is not None}
        values = [value for index, value in enumerate(row) if index not in taken]
        convert = html_to_text if is_html else _plain
        fields = tuple(convert(value) for value in values)
        guid = cell("guid") or hashlib.sha1("\x1f".join(values).encode("utf-8")).hexdigest()
        tags = tuple(cell("tags").split()) + common_tags
        notes.append(
            ImportedNote(
                guid=guid,
                fields=fields,
                tags=tags,
                notetype=cell("notetype") or headers.get("notetype", ""),
                deck=cell("deck") or headers.get("deck", ""),
            )
        )
    if not notes:
        raise QuizappError.of("exchange.import.empty")
    return notes


def _plain(value: str) -> str:
    return value.replace("\r\n", "\n").strip()


def read_package(path: Path) -> list[ImportedNote]:
    """The notes of an ``.apkg`` or ``.colpkg`` file, read with the ``anki`` library.

    Raises:
        QuizappError: the ``anki`` extra is not installed, or the file is not a package.
    """
    try:
        from anki.collection import Collection, ImportAnkiPackageRequest
        from anki.import_export_pb2 import ImportAnkiPackageOptions
    except ImportError as error:
        raise QuizappError.of("exchange.import.needs_anki") from error
    with tempfile.TemporaryDirectory() as folder:
        collection_path = str(Path(folder) / "collection.anki2")
        try:
            if path.suffix.lower() == ".colpkg":
                from anki._backend import RustBackend

                RustBackend().import_collection_package(
                    col_path=collection_path,
                    backup_path=str(path),
                    media_folder=str(Path(folder) / "media"),
                    media_db=str(Path(folder) / "media.db"),
                )
                collection = Collection(collection_path)
            else:
                collection = Collection(collection_path)
                collection.import_anki_package(
                    ImportAnkiPackageRequest(
                        package_path=str(path),
                        options=ImportAnkiPackageOptions(with_scheduling=False),
                    )
                )
        except Exception as error:  # the anki backend raises its own error types
            raise QuizappError.of("exchange.import.bad_package", reason=str(error)) from error
        try:
            return [_collection_note(collection, note_id) for note_id in collection.find_notes("")]
        finally:
            collection.close()


def _collection_note(collection, note_id) -> ImportedNote:
    note = collection.get_note(note_id)
    card_ids = note.card_ids()
    deck = collection.decks.name(collection.get_card(card_ids[0]).did) if card_ids else ""
    return ImportedNote(
        guid=note.guid,
        fields=tuple(html_to_text(value) for value in note.fields),
        tags=tuple(note.tags),
        notetype=note.note_type()["name"] if note.note_type() else "",
        deck=deck,
    )


def _language(texts: Iterable[str]) -> str:
    """``"zh"`` when most letters of ``texts`` are Chinese characters, else ``"en"``."""
    cjk = latin = 0
    for text in texts:
        cjk += len(_CJK.findall(text))
        latin += len(_LATIN.findall(text))
    return "zh" if cjk > latin / 4 else "en"


def slug(text: str) -> str:
    """A deck or card id made of what the deck format allows (``[a-z0-9._-]``)."""
    value = re.sub(r"[^a-z0-9._-]+", "-", text.lower()).strip("-._")
    return value or "anki"


def _card_id(note: ImportedNote, used: set[str]) -> str:
    key = note.fields[0] if _is_own(note) else ""
    if "/" in key:
        candidate = slug(key.split("/", 1)[1].split("#")[0]) + (
            f"-{key.rsplit('#', 1)[1]}" if "#" in key else ""
        )
    else:
        candidate = "n" + hashlib.sha1(note.guid.encode("utf-8")).hexdigest()[:12]
    while candidate in used:
        candidate += "-2"
    used.add(candidate)
    return candidate


def _is_own(note: ImportedNote) -> bool:
    return note.notetype.startswith("quizapp") and len(note.fields) >= _OWN_FIELDS


def _text(english: str, chinese: str) -> dict[str, str]:
    return {lang: value for lang, value in (("en", english), ("zh", chinese)) if value}


def notes_to_deck(
    notes: Sequence[ImportedNote], deck_id: str, title: str
) -> tuple[dict, list[str]]:
    """The deck (as plain data for YAML) made of ``notes``, and the notes left out."""
    used: set[str] = set()
    cards: list[dict] = []
    skipped: list[str] = []
    for note in notes:
        if _is_own(note):
            _, _, prompt_en, prompt_zh, answer_en, answer_zh, notes_en, notes_zh = note.fields[:8]
            prompt, answer = _text(prompt_en, prompt_zh), _text(answer_en, answer_zh)
            explanation = _text(notes_en, notes_zh)
        else:
            front = note.fields[0] if note.fields else ""
            back = note.fields[1] if len(note.fields) > 1 else ""
            rest = "\n\n".join(value for value in note.fields[2:] if value)
            lang = _language((front, back))
            prompt, answer = _text(*_one(front, lang)), _text(*_one(back, lang))
            explanation = _text(*_one(rest, lang))
        if not prompt or not answer:
            skipped.append(note.guid)
            continue
        card: dict = {"id": _card_id(note, used), "kind": "flashcard", "prompt": prompt}
        card["answer"] = answer
        if explanation:
            card["explanation"] = explanation
        tags = sorted({slug(tag) for tag in note.tags if not _own_tag(tag)})
        if tags:
            card["tags"] = tags
        cards.append(card)
    deck = {"deck": {"id": deck_id, "title": _text(title, title)}, "cards": cards}
    return deck, skipped


def _own_tag(tag: str) -> bool:
    """Tags quizapp's export adds (``quizapp``, ``deck::…``, ``kind::…``): not the card's own."""
    return tag == "quizapp" or tag.startswith(("deck::", "kind::"))


def _one(text: str, lang: str) -> tuple[str, str]:
    return (text, "") if lang == "en" else ("", text)


def deck_yaml(deck: dict) -> str:
    """The deck as YAML text, with the schema line editors use for completion."""
    import yaml

    body = yaml.safe_dump(deck, allow_unicode=True, sort_keys=False, width=100)
    return "# yaml-language-server: $schema=deck.schema.json\n" + body


def import_file(path: Path, deck_id: str | None = None) -> ImportedDeck:
    """Read an Anki text export, ``.apkg`` or ``.colpkg`` and make a deck of its notes.

    Raises:
        QuizappError: the file cannot be read or holds no notes.
    """
    if path.suffix.lower() in (".apkg", ".colpkg"):
        if not path.is_file():
            raise QuizappError.of("exchange.import.missing", path=path)
        notes = read_package(path)
    else:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise QuizappError.of("exchange.import.unreadable", path=path, reason=error) from error
        notes = read_text_export(text)
    if not notes:
        raise QuizappError.of("exchange.import.empty")
    names = [note.deck for note in notes if note.deck]
    title = names[0].split("::")[-1] if names else path.stem
    chosen = deck_id or "anki-" + slug(path.stem)
    deck, skipped = notes_to_deck(notes, chosen, title)
    return ImportedDeck(chosen, deck_yaml(deck), len(deck["cards"]), skipped)
