"""The app and ``quizapp validate`` run the same checks and say the same thing.

A card or deck ``validate`` rejects is never shown in the app (it used to be studied and
then fail: an expression that does not parse, an engine family that does not exist), and
the app's start-up warning about it is word for word the line ``validate`` prints. A deck
whose id another deck already has is reported at its own ``id`` line, by both.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.cli import main
from quizapp.decks import load_decks
from quizapp.library import Library

CORPUS = Path(__file__).parent / "decks_corpus"
CORPUS_FILES = sorted(path.name for path in CORPUS.glob("*.yaml"))


def _validate(capsys: pytest.CaptureFixture[str], data_dir: Path, *paths: Path, lang: str) -> str:
    main(["--data-dir", str(data_dir), "--lang", lang, "validate", *map(str, paths)])
    return capsys.readouterr().out


def _error_lines(report: str, path: Path) -> list[str]:
    """The lines of a validate report about ``path`` that are errors (not warnings)."""
    lines = [line for line in report.splitlines() if line.startswith(f"{path}:")]
    return [line for line in lines if "warning" not in line and "警告" not in line]


@pytest.mark.parametrize("name", CORPUS_FILES)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_app_warns_with_exactly_the_errors_validate_prints(
    name: str, lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = CORPUS / name
    printed = _error_lines(_validate(capsys, tmp_path, path, lang=lang), path)
    assert printed, "every corpus file has at least one error"
    library = Library.open(data_dir=tmp_path, deck_paths=[path])
    try:
        shown = [p.format(lang) for p in library.deck_problems if p.severity == "error"]
        assert shown == printed
        assert [w for w in library.warnings(lang) if w.startswith(f"{path}:")] == [
            p.format(lang) for p in library.deck_problems if p.source.path == str(path)
        ]
        rejected = {
            p.card_id
            for p in library.deck_problems
            if p.skipped == "card" and p.key != "decks.card.duplicate_id"  # the first one stays
        }
        own = [deck for deck in library.decks if deck.source == str(path)]
        assert not rejected & {card.id for deck in own for card in deck.cards}
    finally:
        library.close()


def test_a_card_validate_rejects_is_never_studied(tmp_path: Path) -> None:
    for name, card_id in (
        ("bad_expression_value.yaml", "dangling-plus"),  # value: '2*x +'
        ("unknown_family.yaml", "huber"),  # family: loss.huber.valu
        ("bad_generated_params.yaml", "huber"),  # a real family, parameters it rejects
    ):
        library = Library.open(data_dir=tmp_path / name, deck_paths=[CORPUS / name])
        try:
            own = [deck for deck in library.decks if deck.source == str(CORPUS / name)]
            assert card_id not in {card.id for deck in own for card in deck.cards}
            assert any(p.card_id == card_id for p in library.deck_problems)
        finally:
            library.close()


DECK = """# a deck of my own
deck:
  title: {{en: Mine}}
  id: {deck_id}
cards:
  - {{id: q, kind: flashcard, prompt: {{en: q}}, answer: {{en: a}}}}
"""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_deck_id_clash_is_reported_at_the_id_line_of_the_second_deck(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text(DECK.format(deck_id="mine"), encoding="utf-8")
    second.write_text(DECK.format(deck_id="mine"), encoding="utf-8")
    result = load_decks([tmp_path], include_bundled=False)
    (clash,) = result.errors
    # line 4 is "  id: mine": the key at column 3, its value at column 7
    assert (clash.key, clash.source.path, clash.source.line, clash.source.column) == (
        "decks.deck.duplicate_id",
        str(second),
        4,
        7,
    )
    assert f"{first}:4:7" in clash.message[lang]  # where the id was first taken
    assert [deck.source for deck in result.decks] == [str(first)]
    expected = clash.format(lang)
    assert expected.startswith(f"{second}:4:7: ")
    assert expected in _validate(capsys, tmp_path / "data", tmp_path, lang=lang).splitlines()
    library = Library.open(data_dir=tmp_path / "data", deck_paths=[tmp_path])
    try:
        assert expected in library.warnings(lang)
    finally:
        library.close()


def test_validate_reports_a_deck_that_takes_a_bundled_decks_id_as_the_app_skips_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(DECK.format(deck_id="losses"), encoding="utf-8")
    report = _validate(capsys, tmp_path / "data", mine, lang="en")
    library = Library.open(data_dir=tmp_path / "data", deck_paths=[mine])
    try:
        (clash,) = [p for p in library.deck_problems if p.source.path == str(mine)]
        assert (clash.key, clash.source.line, clash.source.column) == (
            "decks.deck.duplicate_id",
            4,
            7,
        )
        assert "losses.yaml" in clash.message["en"]
        assert clash.format("en") in report.splitlines()
        assert all(deck.source != str(mine) for deck in library.decks)
    finally:
        library.close()
    # Only the given file is reported on: the bundled decks are checked, not counted.
    assert report.splitlines()[-1].startswith("0 decks")
