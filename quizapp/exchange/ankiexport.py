"""Write decks as an Anki package (``.apkg``) with genanki.

One note type carries both languages (English and Chinese fields) and a card
template that shows both, or one language chosen at export. Formulas written as
``$…$`` in a deck become MathJax ``\\(…\\)``, which Anki renders on every platform.

A note's GUID is derived from what identifies it in quizapp — deck id and card id,
or generator family and seed — so exporting again *updates* the learner's notes in
Anki instead of adding duplicates. A generated card (and a template card, whose
numbers change with every review) becomes ``seeds`` frozen notes, each with its own
worked solution.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from quizapp.decks.model import Card, Deck, Text

if TYPE_CHECKING:
    from engine.problem import Problem

Shown = Literal["both", "en", "zh"]
#: The languages of a note's fields, in field order.
LANGS = ("en", "zh")

#: The fields of quizapp's note type, in order. ``Key`` (first) is what Anki sorts and
#: checks duplicates by: ``deck/card`` or ``family#seed``.
FIELDS = (
    "Key",
    "Kind",
    "Prompt EN",
    "Prompt ZH",
    "Answer EN",
    "Answer ZH",
    "Notes EN",
    "Notes ZH",
)
#: Frozen seeds per generated family (and template card) by default.
DEFAULT_SEEDS = 5
#: Note type ids: fixed per shown language so a re-export finds the same note type.
_MODEL_IDS: dict[Shown, int] = {"both": 1_723_100_001, "en": 1_723_100_002, "zh": 1_723_100_003}
_MATH = re.compile(r"(?<!\\)\$(.+?)(?<!\\)\$", re.DOTALL)

_CSS = """\
.card { font-family: sans-serif; font-size: 20px; text-align: left; color: black;
        background-color: white; max-width: 40em; margin: 0 auto; }
.zh { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; }
hr.lang { border: none; border-top: 1px dashed #aaa; }
.right { color: #1b7f3b; font-weight: bold; }
.notes { font-size: 17px; color: #444; }
.nightMode .notes { color: #bbb; }
"""


@dataclass(frozen=True)
class AnkiNote:
    """One note to write: its GUID, field values (HTML) and tags."""

    guid: str
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    deck_id: str


@dataclass
class ExportSummary:
    """What an export wrote.

    Attributes:
        notes: how many notes.
        decks: notes per deck id.
        stamps: per note GUID, the hash of what was written and its modification time;
            pass it as ``previous`` to the next export.
    """

    notes: int = 0
    decks: dict[str, int] = field(default_factory=dict)
    stamps: dict[str, tuple[str, int]] = field(default_factory=dict)


def _stamp(note: AnkiNote, shown: Shown, previous: dict, now: int) -> tuple[str, int]:
    """A note's content hash and modification time: unchanged notes keep their old time.

    Anki updates a note on import when the incoming one is newer; keeping the time of an
    unchanged note means a re-export updates exactly the notes that changed.
    """
    content = "\x1f".join((shown, *note.fields, " ".join(note.tags)))
    digest = hashlib.sha1(content.encode("utf-8")).hexdigest()
    before = previous.get(note.guid)
    if before and before[0] == digest:
        return digest, int(before[1])
    return digest, now


def to_anki_html(text: str) -> str:
    """Deck text as Anki field HTML: escaped, ``$…$`` as ``\\(…\\)``, newlines as ``<br>``."""
    out: list[str] = []
    position = 0
    for match in _MATH.finditer(text):
        out.append(_escape(text[position : match.start()]))
        out.append(r"\(" + html.escape(match.group(1), quote=False) + r"\)")
        position = match.end()
    out.append(_escape(text[position:]))
    return "".join(out)


def _escape(text: str) -> str:
    return html.escape(text.replace(r"\$", "$"), quote=False).replace("\n", "<br>")


def _plain_html(text: str) -> str:
    """Already rendered (Unicode) text, e.g. a generated problem's: escaped, line breaks kept."""
    return html.escape(text, quote=False).replace("\n", "<br>")


def note_guid(*parts: object) -> str:
    """Anki's note GUID for quizapp's identity of a note (genanki's base91 hash)."""
    import genanki

    return str(genanki.guid_for(*parts))


def _tag(text: str) -> str:
    return re.sub(r"\s+", "_", text.strip())


def _tags(deck: Deck, card: Card, kind: str) -> tuple[str, ...]:
    tags = ["quizapp", f"deck::{_tag(deck.id)}", f"kind::{kind}"]
    tags += [_tag(tag) for tag in card.tags if tag.strip()]
    return tuple(dict.fromkeys(tags))


def _pair(text: Text, convert=to_anki_html) -> tuple[str, str]:
    """English and Chinese field values; a one-language deck fills both with what it has."""
    english = text.get("en") or text.get("zh") or ""
    chinese = text.get("zh") or ""
    return convert(english), convert(chinese)


def notes_for_card(deck: Deck, card: Card, seeds: int) -> list[AnkiNote]:
    """The notes one card becomes: one, or ``seeds`` frozen instances of a drawn card."""
    if card.kind in ("generated", "template"):
        return [_problem_note(deck, card, seed) for seed in range(1, seeds + 1)]
    if card.kind == "code":
        return [_code_note(deck, card)]
    prompt = _pair(card.prompt)
    notes = _pair(card.explanation)
    if card.kind == "choice":
        prompt = tuple(
            text + _options_html(card, lang, marked=False)
            for text, lang in zip(prompt, LANGS, strict=True)
        )
        answer = tuple(_options_html(card, lang, marked=True) for lang in LANGS)
    elif card.kind == "flashcard" or card.answer:
        answer = _pair(card.answer)
        if card.kind != "flashcard" and card.value is not None:
            answer = tuple(_with_value(a, card) for a in answer)
    else:
        value = _value_html(card)
        answer = (value, value)
    fields = (str(card.key), card.kind, *prompt, *answer, *notes)
    return [AnkiNote(note_guid(deck.id, card.id), fields, _tags(deck, card, card.kind), deck.id)]


def _code_note(deck: Deck, card: Card) -> AnkiNote:
    """A code card: the task's statement and signature, and the reference solution."""
    from engine.code import tasks

    task = tasks.get(str(card.task))
    signature = f"<pre><code>{html.escape(task.signature, quote=False)}</code></pre>"
    solution = f"<pre><code>{html.escape(task.solution_source(), quote=False)}</code></pre>"
    own = _pair(card.prompt)
    statement = _pair(task.statement, _plain_html)
    prompt = tuple(
        (extra + "<br>" if extra else "") + text + signature
        for extra, text in zip(own, statement, strict=True)
    )
    notes = _pair(task.hint, _plain_html)
    fields = (str(card.key), "code", *prompt, solution, solution, *notes)
    return AnkiNote(note_guid(deck.id, card.id), fields, _tags(deck, card, "code"), deck.id)


def _with_value(answer_html: str, card: Card) -> str:
    value = _value_html(card)
    return value if not answer_html else f"{value}<br>{answer_html}"


def _value_html(card: Card) -> str:
    if card.kind == "expression":
        return r"\(" + html.escape(str(card.value), quote=False) + r"\)"
    return html.escape(_number_text(card.value), quote=False)


def _number_text(value: object) -> str:
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_number_text(v) for v in value) + "]"
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def _options_html(card: Card, lang: str, *, marked: bool) -> str:
    """A choice card's options as a list; ``marked`` adds ✓ / ✗ (in words, not colour alone)."""
    items = []
    for option in card.options:
        text = option.text.get(lang) or option.text.get("en") or option.text.get("zh") or ""
        body = to_anki_html(text)
        if marked and option.correct:
            body = f'<span class="right">✓ {body}</span>'
        elif marked:
            body = f"✗ {body}"
        items.append(f"<li>{body}</li>")
    return "<ol>" + "".join(items) + "</ol>"


def _problem_note(deck: Deck, card: Card, seed: int) -> AnkiNote:
    from quizapp.decks.instances import instantiate

    problem = instantiate(card, seed)
    if card.kind == "generated":
        params = json.dumps(card.params, sort_keys=True) if card.params else ""
        guid = note_guid(card.family, params, seed) if params else note_guid(card.family, seed)
        key = f"{card.family}#{seed}"
    else:
        guid = note_guid(deck.id, card.id, seed)
        key = f"{card.key}#{seed}"
    answer = _problem_answer(problem)
    fields = (
        key,
        card.kind,
        *_pair(problem.prompt, _plain_html),
        answer,
        answer,
        *_pair(problem.solution, _plain_html),
    )
    return AnkiNote(guid, fields, _tags(deck, card, card.kind), deck.id)


def _problem_answer(problem: Problem) -> str:
    from engine.formatting import format_answer

    if problem.kind == "choice" and problem.options:
        chosen = set(
            problem.answer if isinstance(problem.answer, list | tuple) else [problem.answer]
        )
        return (
            "<ol>"
            + "".join(
                f'<li><span class="right">✓ {_plain_html(o.get("en", ""))}</span></li>'
                if i in chosen
                else f"<li>✗ {_plain_html(o.get('en', ''))}</li>"
                for i, o in enumerate(problem.options)
            )
            + "</ol>"
        )
    return _plain_html(format_answer(problem))


def collect_notes(decks: Iterable[Deck], seeds: int = DEFAULT_SEEDS) -> list[AnkiNote]:
    """Every note of ``decks``, once per GUID (a family used by two decks is written once)."""
    seen: set[str] = set()
    notes: list[AnkiNote] = []
    for deck in decks:
        for card in deck.cards:
            for note in notes_for_card(deck, card, seeds):
                if note.guid not in seen:
                    seen.add(note.guid)
                    notes.append(note)
    return notes


def _templates(shown: Shown) -> list[dict[str, str]]:
    """The card template: both languages (a dashed line between), or one chosen at export.

    With ``zh`` a note without Chinese falls back to its English text.
    """
    english = '<div class="en">{{NAME EN}}</div>'
    chinese = '{{#NAME ZH}}<div class="zh">{{NAME ZH}}</div>{{/NAME ZH}}'
    separator = '{{#NAME ZH}}<hr class="lang">{{/NAME ZH}}'
    fallback = "{{^NAME ZH}}" + english + "{{/NAME ZH}}"
    layout = {"en": english, "zh": chinese + fallback, "both": english + separator + chinese}

    def side(name: str) -> str:
        return layout[shown].replace("NAME", name)

    front = side("Prompt")
    back = (
        "{{FrontSide}}<hr id=answer>"
        + side("Answer")
        + '<div class="notes">'
        + side("Notes")
        + "</div>"
    )
    return [{"name": "quizapp", "qfmt": front, "afmt": back}]


def _note_class():
    import genanki

    class StampedNote(genanki.Note):
        """A genanki note written with its own modification time."""

        mtime = 0

        def write_to_db(self, cursor, timestamp, deck_id, id_gen):  # noqa: D102
            super().write_to_db(cursor, self.mtime or timestamp, deck_id, id_gen)

    return StampedNote


def _model(shown: Shown):
    import genanki

    names = {"both": "quizapp (English + 中文)", "en": "quizapp (English)", "zh": "quizapp (中文)"}
    return genanki.Model(
        _MODEL_IDS[shown],
        names[shown],
        fields=[{"name": name} for name in FIELDS],
        templates=_templates(shown),
        css=_CSS,
    )


def anki_deck_id(deck_id: str) -> int:
    """A stable Anki deck id for a quizapp deck id (the same number on every export)."""
    digest = hashlib.sha1(deck_id.encode("utf-8")).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


def export_apkg(
    decks: Sequence[Deck],
    path: Path,
    *,
    seeds: int = DEFAULT_SEEDS,
    shown: Shown = "both",
    title_lang: str = "en",
    previous: dict | None = None,
    now: float | None = None,
) -> ExportSummary:
    """Write ``decks`` to the Anki package ``path`` and say what was written.

    Args:
        decks: the decks to export, each as an Anki deck ``quizapp::<title>``.
        path: the ``.apkg`` file to write (replaced if it exists).
        seeds: frozen instances per generated or template card.
        shown: which language(s) the card template shows.
        title_lang: the language of the Anki deck names.
        previous: the ``stamps`` of the last export, so unchanged notes keep their time.
        now: the modification time of new and changed notes (default: the clock).
    """
    import time

    import genanki

    note_class = _note_class()
    written_at = int(time.time() if now is None else now)

    model = _model(shown)
    summary = ExportSummary()
    anki_decks: dict[str, genanki.Deck] = {}
    for deck in decks:
        title = deck.title.get(title_lang) or deck.title.get("en") or deck.id
        anki_decks[deck.id] = genanki.Deck(anki_deck_id(deck.id), f"quizapp::{title}")
    for note in collect_notes(decks, seeds):
        anki_note = note_class(
            model=model, fields=list(note.fields), tags=list(note.tags), guid=note.guid
        )
        summary.stamps[note.guid] = _stamp(note, shown, previous or {}, written_at)
        anki_note.mtime = summary.stamps[note.guid][1]
        anki_decks[note.deck_id].add_note(anki_note)
        summary.notes += 1
        summary.decks[note.deck_id] = summary.decks.get(note.deck_id, 0) + 1
    path.parent.mkdir(parents=True, exist_ok=True)
    genanki.Package(list(anki_decks.values())).write_to_file(str(path))
    return summary
