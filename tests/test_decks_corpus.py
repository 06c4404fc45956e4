"""A corpus of malformed decks: each gives its precise error (kind, line, column, card)
and never a traceback; the good cards beside a bad one still load."""

import subprocess
import sys
from pathlib import Path

import pytest

from quizapp.decks import MAX_DECK_BYTES, load_deck_file, load_decks

CORPUS = Path(__file__).parent / "decks_corpus"

# file -> (message key, line, column, card id) of its first problem, found by reading the
# file: e.g. in wrong_types.yaml, `    value: "six"` is line 12 and the value starts at column 12.
EXPECTED = {
    "bad_indentation.yaml": ("decks.yaml.syntax", 4, 2, None),
    "tabs.yaml": ("decks.yaml.tab", 6, 1, None),
    "wrong_types.yaml": ("decks.not_number", 12, 12, "text-for-number"),
    "missing_fields.yaml": ("decks.missing_key", 5, 5, "no-answer"),
    "unknown_kind.yaml": ("decks.card.bad_kind", 6, 11, "typo"),
    "duplicate_ids.yaml": ("decks.card.duplicate_id", 9, 9, "same"),
    "duplicate_keys.yaml": ("decks.yaml.duplicate_key", 9, 5, "twice"),
    "unknown_family.yaml": ("decks.generated.unknown_family", 8, 13, "huber"),
    # '1 - lr*g)': the quote is at column 12, the stray ')' is character 8 of the text.
    "bad_template_expression.yaml": ("decks.expression.bad", 11, 21, "sgd-step"),
    "python_tag.yaml": ("decks.yaml.python_tag", 7, 13, "evil"),
    "empty.yaml": ("decks.file.empty", 1, 1, None),
    "several_documents.yaml": ("decks.yaml.syntax", 5, 1, None),
    "unknown_key.yaml": ("decks.unknown_key", 7, 5, "q"),
    "bad_generated_params.yaml": ("decks.generated.failed", 9, 13, "huber"),
    # `    value: '2*x +'`: the quote is at column 12; after '+' (character 5 of the text)
    # a value is missing, at column 18.
    "bad_expression_value.yaml": ("decks.expression.bad", 13, 18, "dangling-plus"),
}


def test_every_corpus_file_has_an_expectation() -> None:
    assert sorted(path.name for path in CORPUS.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_malformed_deck_gives_its_precise_error(name: str) -> None:
    key, line, column, card_id = EXPECTED[name]
    result = load_deck_file(CORPUS / name)
    first = result.errors[0]
    assert (first.key, first.source.line, first.source.column, first.card_id) == (
        key,
        line,
        column,
        card_id,
    )
    assert first.source.path.endswith(name)
    assert first.message["en"] and first.message["zh"]
    assert "Traceback" not in first.message["en"]
    assert str(first).startswith(f"{first.source.path}:{line}:{column}: ")


def test_words_of_the_messages_say_what_is_wrong() -> None:
    messages = {name: load_deck_file(CORPUS / name).errors[0].message["en"] for name in EXPECTED}
    assert "tab" in messages["tabs.yaml"]
    assert "'answer' appears twice" in messages["duplicate_keys.yaml"]
    assert "decks are data, not code" in messages["python_tag.yaml"]
    assert "did you mean 'flashcard'" in messages["unknown_kind.yaml"]
    assert "did you mean 'loss.huber.value'" in messages["unknown_family.yaml"]
    assert "already used on line 5" in messages["duplicate_ids.yaml"]
    assert "did you mean 'prompt'" in messages["unknown_key.yaml"]
    assert "no opening partner" in messages["bad_template_expression.yaml"]


def test_a_bad_card_does_not_stop_its_neighbours() -> None:
    result = load_deck_file(CORPUS / "wrong_types.yaml")
    assert [card.id for card in result.decks[0].cards] == ["good"]
    assert [(p.card_id, p.skipped) for p in result.errors] == [
        ("text-for-number", "card"),
        ("list-for-text", "card"),
    ]


def test_every_error_of_a_file_is_reported_not_just_the_first() -> None:
    result = load_deck_file(CORPUS / "missing_fields.yaml")
    assert [(p.key, p.source.line, p.card_id) for p in result.errors] == [
        ("decks.missing_key", 5, "no-answer"),
        ("decks.missing_key", 8, None),
    ]


def test_a_duplicate_card_keeps_the_first() -> None:
    (deck,) = load_deck_file(CORPUS / "duplicate_ids.yaml").decks
    assert [card.prompt["en"] for card in deck.cards] == ["First"]


def test_one_bad_deck_never_stops_the_others() -> None:
    result = load_decks([CORPUS], include_bundled=False)
    loaded = {deck.id for deck in result.decks}
    assert {"types", "dupes"} <= loaded  # they keep their good cards
    assert "indent" not in loaded and "tabs" not in loaded
    code = next(deck for deck in result.decks if deck.id == "code")
    assert code.cards == ()  # its only card carried a !!python tag
    skipped_files = {Path(p.source.path).name for p in result.errors if p.skipped == "deck"}
    assert {"bad_indentation.yaml", "tabs.yaml", "empty.yaml"} <= skipped_files


def test_binary_garbage_is_refused_with_a_message(tmp_path: Path) -> None:
    path = tmp_path / "garbage.yaml"
    path.write_bytes(bytes(range(256)) * 4)
    (problem,) = load_deck_file(path).problems
    assert problem.key == "decks.file.binary"
    assert "not a text file" in problem.message["en"]


def test_text_that_is_not_utf8_names_the_line_and_byte(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("deck:\n  id: x\n  title: {en: café}\n".encode("latin-1"))
    (problem,) = load_deck_file(path).problems
    # 'é' is byte 0xe9, the 16th character of line 3 ("  title: {en: caf" is 17 bytes).
    assert (problem.key, problem.source.line, problem.source.column) == (
        "decks.file.not_utf8",
        3,
        18,
    )
    assert "0xe9" in problem.message["en"]


def test_a_50_mb_file_is_refused_without_being_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:  # sparse: 50 MB long, nothing written
        handle.truncate(50 * 1024 * 1024)
    (problem,) = load_deck_file(path).problems
    assert problem.key == "decks.file.too_large"
    assert (
        "50.0 MB" in problem.message["en"]
        and f"{MAX_DECK_BYTES // 2**20}.0 MB" in (problem.message["en"])
    )


def test_a_control_character_is_located(tmp_path: Path) -> None:
    path = tmp_path / "bell.yaml"
    path.write_text("deck:\n  id: x\u0007\n", encoding="utf-8")
    (problem,) = load_deck_file(path).problems
    assert (problem.key, problem.source.line, problem.source.column) == (
        "decks.yaml.bad_character",
        2,
        8,
    )
    assert "U+0007" in problem.message["en"]


def test_an_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ["deck: {id: bomb, title: {en: Bomb}}", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [
        f"a{i}: &a{i} [*a{i - 1}] ".replace("[", "[" + f"*a{i - 1}, " * 9) for i in range(1, 9)
    ]
    lines += ["cards:", "  - {id: q, kind: generated, family: loss.huber.value, prompt: {en: q},"]
    lines += ["     params: {p: *a8}}"]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    keys = [problem.key for problem in load_deck_file(path).errors]
    assert "decks.yaml.too_big" in keys


def test_validate_prints_every_error_and_exits_1_without_a_traceback() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "quizapp", "--lang", "en", "validate", str(CORPUS)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    for name, (_, line, column, _) in EXPECTED.items():
        assert f"{name}:{line}:{column}: " in result.stdout, name
    assert result.stdout.strip().splitlines()[-1].endswith("warnings")
