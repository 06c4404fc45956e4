"""Anki export and import, checked with the real ``anki`` library (a test dependency)."""

from __future__ import annotations

import dataclasses
import importlib.metadata
import re
from pathlib import Path

import genanki
import pytest

from quizapp.cli import main
from quizapp.decks import load_decks
from quizapp.exchange.ankiexport import export_apkg, to_anki_html
from quizapp.exchange.ankiimport import html_to_text, import_file, read_text_export

anki_collection = pytest.importorskip("anki.collection")
from anki.import_export_pb2 import ImportAnkiPackageOptions  # noqa: E402

SEEDS = 2


@pytest.fixture(scope="module")
def bundled():
    return list(load_decks([], include_bundled=True, check_engine=False).decks)


def _collection(folder: Path):
    return anki_collection.Collection(str(folder / "collection.anki2"))


def _import(collection, package: Path):
    options = ImportAnkiPackageOptions(with_scheduling=False)
    request = anki_collection.ImportAnkiPackageRequest(package_path=str(package), options=options)
    return collection.import_anki_package(request).log


def _expected_notes(decks) -> int:
    """Counted from the decks themselves: one note per card, SEEDS per drawn card."""
    fixed = sum(1 for d in decks for c in d.cards if c.kind not in ("generated", "template"))
    templates = sum(1 for d in decks for c in d.cards if c.kind == "template")
    families = {
        (c.family, tuple(sorted(c.params.items())))
        for d in decks
        for c in d.cards
        if c.kind == "generated"
    }
    return fixed + SEEDS * (templates + len(families))


def test_every_card_arrives_in_anki_with_both_languages_and_formulas(bundled, tmp_path):
    package = tmp_path / "all.apkg"
    export_apkg(bundled, package, seeds=SEEDS)
    collection = _collection(tmp_path)
    try:
        log = _import(collection, package)
        assert len(log.new) == _expected_notes(bundled) == collection.note_count()
        by_key = {}
        for note_id in collection.find_notes(""):
            note = collection.get_note(note_id)
            by_key[note["Key"]] = note
        for deck in bundled:
            for card in deck.cards:
                if card.kind in ("generated", "template"):
                    continue
                note = by_key[str(card.key)]
                assert note["Prompt EN"] and note["Prompt ZH"], card.key
                assert f"deck::{deck.id}" in note.tags
                if "$" in card.prompt["en"]:
                    assert r"\(" in note["Prompt EN"] and "$" not in note["Prompt EN"]
                if card.kind == "choice":
                    right = sum(option.correct for option in card.options)
                    assert note["Answer EN"].count("✓") == right
        # A generated family: SEEDS frozen notes, each with its own worked solution.
        drawn = [n for k, n in by_key.items() if k.startswith("loss.huber.value#")]
        assert len(drawn) == SEEDS
        assert len({n["Notes EN"] for n in drawn}) == SEEDS
        # Anki's renderer shows both languages on the front.
        card = collection.get_card(by_key["losses/mse.definition"].card_ids()[0])
        assert "均方误差" in card.question() and "mean squared error" in card.question()
    finally:
        collection.close()


def test_a_second_export_updates_the_edited_note_instead_of_adding(bundled, tmp_path):
    deck = next(d for d in bundled if d.id == "kmeans")
    first, second = tmp_path / "first.apkg", tmp_path / "second.apkg"
    stamps = export_apkg([deck], first, seeds=SEEDS, now=1_800_000_000).stamps
    edited_card = dataclasses.replace(
        deck.cards[0], prompt={**deck.cards[0].prompt, "en": "Edited: what is k-means?"}
    )
    edited = dataclasses.replace(deck, cards=(edited_card, *deck.cards[1:]))
    export_apkg([edited], second, seeds=SEEDS, previous=stamps, now=1_800_000_060)
    collection = _collection(tmp_path)
    try:
        assert len(_import(collection, first).new) == _expected_notes([deck])
        log = _import(collection, second)  # Anki's default: update a note when it is newer
        assert (len(log.new), len(log.updated)) == (0, 1)
        assert collection.note_count() == _expected_notes([deck])
        assert collection.find_notes('"Prompt EN:Edited: what is k-means?"')
    finally:
        collection.close()


def test_only_one_language_when_chosen_at_export(bundled, tmp_path):
    deck = next(d for d in bundled if d.id == "pca")
    package = tmp_path / "zh.apkg"
    export_apkg([deck], package, seeds=1, shown="zh")
    collection = _collection(tmp_path)
    try:
        _import(collection, package)
        note = collection.get_note(collection.find_notes(f'"Key:pca/{deck.cards[0].id}"')[0])
        question = collection.get_card(note.card_ids()[0]).question()
        assert note["Prompt ZH"] in question and note["Prompt EN"] not in question
    finally:
        collection.close()


def test_mathjax_and_html_in_both_directions():
    assert to_anki_html(r"Loss $\frac{1}{n}$ & more <b>") == (
        r"Loss \(\frac{1}{n}\) &amp; more &lt;b&gt;"
    )
    assert to_anki_html("a\nb") == "a<br>b"
    assert html_to_text(r"<div>Loss \(\frac{1}{n}\)&nbsp;&amp; more</div><div>next</div>") == (
        "Loss $\\frac{1}{n}$ & more\nnext"
    )
    assert html_to_text("<ul><li>one</li><li>two</li></ul>") == "- one\n- two"
    assert html_to_text("x<style>.c{}</style><br>y [sound:a.mp3]") == "x\ny"
    assert html_to_text("a<br><br>b") == "a\n\nb"


def _basic_package(path: Path) -> list[tuple[str, str]]:
    """A small package like a learner's own Anki deck: Anki's Basic note type."""
    notes = [
        ("What is <b>MSE</b>?", r"The mean of squared errors \(\frac{1}{n}\sum e_i^2\)"),
        ("什么是交叉熵？", "衡量两个分布差异的量。"),
        ("Adam's default ε?", "1e-8"),
    ]
    model = genanki.BUILTIN_MODELS[0] if hasattr(genanki, "BUILTIN_MODELS") else genanki.BASIC_MODEL
    deck = genanki.Deck(2_000_000_001, "Interview::Basics")
    for front, back in notes:
        deck.add_note(genanki.Note(model=model, fields=[front, back], tags=["ml", "Week1"]))
    genanki.Package(deck).write_to_file(str(path))
    return notes


def test_an_apkg_from_anki_becomes_a_valid_deck_with_the_same_texts(tmp_path):
    notes = _basic_package(tmp_path / "basics.apkg")
    imported = import_file(tmp_path / "basics.apkg")
    target = tmp_path / "decks" / "basics.yaml"
    target.parent.mkdir()
    target.write_text(imported.yaml_text, encoding="utf-8")
    result = load_decks([target], include_bundled=False)
    assert not result.problems, [str(p) for p in result.problems]
    (deck,) = result.decks
    assert deck.title["en"] == "Basics"
    # Each note's language is told by its text: Chinese notes land in zh, others in en.
    prompts = sorted(tuple(card.prompt.items()) for card in deck.cards)
    assert prompts == sorted(
        [(("en", "What is MSE?"),), (("zh", "什么是交叉熵？"),), (("en", "Adam's default ε?"),)]
    )
    mse = next(card for card in deck.cards if card.prompt.get("en") == "What is MSE?")
    assert mse.answer["en"] == r"The mean of squared errors $\frac{1}{n}\sum e_i^2$"
    assert set(mse.tags) == {"ml", "week1"}
    assert len(notes) == len(deck.cards)


def test_anki_text_export_round_trip(tmp_path):
    """A text export written by Anki itself comes back as a valid deck."""
    _basic_package(tmp_path / "basics.apkg")
    collection = _collection(tmp_path)
    try:
        _import(collection, tmp_path / "basics.apkg")
        out = tmp_path / "notes.txt"
        collection.export_note_csv(
            out_path=str(out),
            limit=None,  # every note
            with_html=True,
            with_tags=True,
            with_deck=True,
            with_notetype=True,
            with_guid=True,
        )
    finally:
        collection.close()
    text = out.read_text(encoding="utf-8")
    assert text.startswith("#separator:")
    notes = read_text_export(text)
    assert len(notes) == 3 and all(note.guid for note in notes)
    imported = import_file(out, "week-one")
    assert imported.deck_id == "week-one" and imported.cards == 3
    target = tmp_path / "week-one.yaml"
    target.write_text(imported.yaml_text, encoding="utf-8")
    result = load_decks([target], include_bundled=False)
    assert not result.errors
    answers = {text for card in result.decks[0].cards for text in card.answer.values()}
    assert r"The mean of squared errors $\frac{1}{n}\sum e_i^2$" in answers


def test_a_hand_written_text_export_with_quotes_and_a_header_tag_column(tmp_path):
    text = (
        "#separator:Semicolon\n#html:false\n#tags column:3\n"
        'front one;"back; with separator";tag1 tag2\n'
        '"multi\nline";two;\n'
    )
    path = tmp_path / "export.txt"
    path.write_text(text, encoding="utf-8")
    imported = import_file(path)
    assert imported.cards == 2
    assert "back; with separator" in imported.yaml_text
    assert "multi\n" in read_text_export(text)[1].fields[0]


def test_cli_export_and_import(tmp_path, capsys):
    package = tmp_path / "k.apkg"
    data = ["--data-dir", str(tmp_path / "data"), "--lang", "en"]
    assert (
        main([*data, "export", "anki", "--deck", "kmeans", "--seeds", "1", "-o", str(package)]) == 0
    )
    assert re.search(r"Notes written to .*k\.apkg: \d+ \(kmeans \d+\)", capsys.readouterr().out)
    assert main([*data, "export", "anki", "--deck", "nope", "-o", str(package)]) == 1
    assert "no deck with id nope" in capsys.readouterr().err
    assert main([*data, "import", "anki", str(package)]) == 0
    assert (tmp_path / "data" / "decks" / "anki-k.yaml").is_file()
    capsys.readouterr()
    assert main([*data, "import", "anki", str(package)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert main([*data, "import", "anki", str(tmp_path / "missing.txt")]) == 1
    assert "missing.txt" in capsys.readouterr().err
    (tmp_path / "empty.txt").write_text("#separator:tab\n", encoding="utf-8")
    assert main([*data, "import", "anki", str(tmp_path / "empty.txt")]) == 1
    assert "no Anki notes" in capsys.readouterr().err


def test_plain_install_pulls_no_anki_browser_or_torch():
    requirements = importlib.metadata.requires("quizapp-ml") or []
    required = [r for r in requirements if "extra ==" not in r]
    names = {re.split(r"[\s<>=!;\[]", r, maxsplit=1)[0].lower() for r in required}
    assert names.isdisjoint({"anki", "playwright", "torch", "textual-serve", "aqt"})
    extras = importlib.metadata.metadata("quizapp-ml").get_all("Provides-Extra")
    assert {"anki", "web", "test"} <= set(extras)


def test_a_whole_collection_backup_colpkg_is_read_too(tmp_path):
    """A .colpkg (zstd-compressed collection.anki21b) as Anki's File → Export writes it."""
    _basic_package(tmp_path / "basics.apkg")
    collection = _collection(tmp_path)
    try:
        _import(collection, tmp_path / "basics.apkg")
        collection.export_collection_package(
            str(tmp_path / "backup.colpkg"), include_media=False, legacy=False
        )
    finally:
        collection.close()
    imported = import_file(tmp_path / "backup.colpkg")
    assert imported.cards == 3
    assert "衡量两个分布差异的量。" in imported.yaml_text


def test_a_code_card_exports_its_statement_and_reference_solution(tmp_path):
    from engine.code import tasks

    deck_file = tmp_path / "code.yaml"
    deck_file.write_text(
        "deck:\n  id: mine\n  title: {en: Mine, zh: 我的}\ncards:\n"
        "  - id: adam\n    kind: code\n    task: code.adam_step\n"
        "    prompt: {en: Implement one Adam step., zh: 实现一步 Adam。}\n",
        encoding="utf-8",
    )
    decks = list(load_decks([deck_file], include_bundled=False).decks)
    assert decks and decks[0].cards[0].kind == "code"
    package = tmp_path / "code.apkg"
    export_apkg(decks, package)
    collection = _collection(tmp_path)
    try:
        _import(collection, package)
        note = collection.get_note(collection.find_notes('"Key:mine/adam"')[0])
    finally:
        collection.close()
    task = tasks.get("code.adam_step")
    assert task.signature.split("(")[0] in note["Prompt EN"]
    assert task.statement["zh"][:10] in note["Prompt ZH"]
    assert "def adam_step(" in note["Answer EN"] and "<pre>" in note["Answer EN"]
    assert "kind::code" in note.tags


def test_an_import_taking_a_bundled_deck_id_is_reported(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("#separator:tab\nfront\tback\n", encoding="utf-8")
    data = ["--data-dir", str(tmp_path / "data"), "--lang", "en"]
    assert main([*data, "import", "anki", str(tmp_path / "notes.txt"), "--id", "losses"]) == 1
    out = capsys.readouterr().out
    assert "losses" in out and "losses.yaml" in out
