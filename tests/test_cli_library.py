"""Every subcommand works on the same library: decks from the same places, the saved
language unless --lang says otherwise, and no database where none is needed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from quizapp.cli import main
from quizapp.library import Library

SAMPLE_DECK = Path(__file__).resolve().parent / "fixtures" / "study_deck.yaml"
FOUR = Path(__file__).resolve().parent / "fixtures" / "four_flashcards.yaml"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _save_language(data: Path, language: str) -> None:
    library = Library.open(data_dir=data, lazy=True)
    assert library.update_settings(language=language) == []


@pytest.mark.parametrize(
    ("argv", "english", "chinese"),
    [
        (("problem", "clip.by_norm", "--seed", "3"), "(seed 3)", "（种子 3）"),
        (("grade", "clip.by_value", "--seed", "1", "--", "x"), "Could not read", "无法理解"),
        (("validate", str(SAMPLE_DECK)), "0 errors", "0 个错误"),
        (("worksheet", "--count", "1"), "# Worksheet", "# 练习题"),
        (("stats",), "Due today", "今日到期"),
    ],
)
def test_subcommands_speak_the_saved_language_unless_told_otherwise(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    argv: tuple[str, ...],
    english: str,
    chinese: str,
) -> None:
    data = str(tmp_path / "data")
    _save_language(tmp_path / "data", "zh")
    _, out, _ = run(capsys, "--data-dir", data, *argv)
    assert chinese in out and english not in out
    _, out, _ = run(capsys, "--data-dir", data, "--lang", "en", *argv)
    assert english in out and chinese not in out
    _save_language(tmp_path / "data", "en")
    _, out, _ = run(capsys, "--data-dir", data, *argv)
    assert english in out and chinese not in out


def test_errors_follow_the_saved_language_too(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _save_language(tmp_path, "zh")
    code, _, err = run(capsys, "--data-dir", str(tmp_path), "problem", "no.such.family")
    assert code == 1 and err.startswith("错误：")


@pytest.mark.parametrize(
    "argv",
    [
        ("problem", "clip.by_norm", "--seed", "3"),
        ("grade", "clip.by_value", "--seed", "1", "--", "1"),
        ("worksheet", "--count", "2"),
        ("validate",),
        ("schema",),
    ],
)
def test_commands_without_reviews_leave_no_database(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: tuple[str, ...]
) -> None:
    run(capsys, "--data-dir", str(tmp_path), *argv)
    assert not (tmp_path / "quizapp.sqlite3").exists()


def test_validate_checks_the_same_decks_the_app_loads(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "decks").mkdir()
    shutil.copy(FOUR, tmp_path / "decks" / "four.yaml")
    argv = ("--data-dir", str(tmp_path), "--lang", "en", "--deck", str(SAMPLE_DECK))
    app_library = Library.open(data_dir=tmp_path, deck_paths=[SAMPLE_DECK])
    try:
        loaded = len(app_library.decks)
        cards = sum(len(deck.cards) for deck in app_library.decks)
    finally:
        app_library.close()
    code, out, _ = run(capsys, *argv, "validate")
    assert code == 0
    assert f"{loaded} decks, {cards} cards" in out.splitlines()[-1]
    # with PATHs: exactly those (and --deck), not the bundled decks or the deck folder
    code, out, _ = run(capsys, *argv, "validate", str(FOUR))
    assert "2 decks, " in out.splitlines()[-1]


def test_stats_counts_the_decks_of_the_data_folder_and_the_deck_option(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "decks").mkdir()
    shutil.copy(FOUR, tmp_path / "decks" / "four.yaml")
    code, out, _ = run(
        capsys, "--data-dir", str(tmp_path), "--deck", str(SAMPLE_DECK), "stats", "--json"
    )
    ids = [deck["id"] for deck in json.loads(out)["decks"]]
    assert code == 0 and "four" in ids and "sample" in ids and "losses" in ids


def test_the_cli_says_read_as_with_the_apps_word(capsys: pytest.CaptureFixture[str]) -> None:
    from quizapp.i18n import t

    argv = ("--lang", "zh", "grade", "loss.huber.value", "--seed", "3", "--", "1/2")
    code, out, _ = run(capsys, *argv)
    assert code == 1
    app_word = t("study.read_as", "zh", echo="").rstrip("：")
    assert out.splitlines()[1].startswith(app_word) and "识别" not in out


def test_stats_name_problem_families_by_title(capsys: pytest.CaptureFixture[str]) -> None:
    from quizapp.commands.stats import render

    data = {
        "reviews_today": 1,
        "reviews_total": 1,
        "due_today": 0,
        "today": None,
        "streak": 1,
        "retention_30d": None,
        "reviews_per_day": [],
        "due_forecast": [],
        "decks": [],
        "families": [
            {"family": "deriv.mean_absolute_error.expression", "correct": 1, "attempts": 1,
             "accuracy": 1.0},
        ],
        "mistakes": [
            {"mistake": "forgot_half", "feedback": None, "count": 1, "attempts": 2,
             "family": "loss.huber.value"},
        ],
        "orphans": [],
    }
    chinese = render(data, "zh")
    assert "平均绝对误差：导数表达式：1 题对 1 题" in chinese
    assert "Huber 损失：求值" in chinese and "deriv." not in chinese and "loss." not in chinese
    english = render(data, "en")
    assert "Mean absolute error: derivative as an expression: 1 of 1" in english
    assert "(1 of 2 answers to Huber loss: value)" in english
