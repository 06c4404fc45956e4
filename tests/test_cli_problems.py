"""The problem, grade and worksheet commands as a script would call them."""

from __future__ import annotations

import json
import re

import pytest

from engine.formatting import fmt
from engine.problems import families, generate
from quizapp.cli import main
from quizapp.commands.problems import worksheet_families
from quizapp.families import TOPICS, topic_of


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_list_prints_every_family_one_per_line(capsys) -> None:
    code, out, _ = run(capsys, "problem", "--list")
    assert code == 0
    assert out.splitlines() == families()


def test_json_is_the_problem_itself(capsys) -> None:
    code, out, _ = run(capsys, "problem", "loss.huber.value", "--seed", "7", "--json")
    assert code == 0
    assert json.loads(out) == json.loads(json.dumps(generate("loss.huber.value", 7).to_dict()))
    assert "Huber 损失" in out  # Chinese kept readable, not \u-escaped


def test_problem_in_one_language_with_the_answer(capsys) -> None:
    problem = generate("clip.by_norm", 3)
    code, out, _ = run(capsys, "problem", "clip.by_norm", "--seed", "3", "--lang", "en")
    assert code == 0
    assert problem.prompt["en"] in out and problem.prompt["zh"] not in out
    assert problem.solution["en"] not in out
    code, out, _ = run(capsys, "problem", "clip.by_norm", "--seed", "3", "--lang", "zh", "--answer")
    assert problem.prompt["zh"] in out and problem.solution["zh"] in out
    assert "答案：" in out and problem.prompt["en"] not in out


def test_both_languages_by_default_and_the_global_lang_is_honoured(capsys) -> None:
    problem = generate("gradient.exploding", 2)
    _, out, _ = run(capsys, "problem", "gradient.exploding", "--seed", "2")
    assert problem.prompt["en"] in out and problem.prompt["zh"] in out
    _, out, _ = run(capsys, "--lang", "zh", "problem", "gradient.exploding", "--seed", "2")
    assert problem.prompt["zh"] in out and problem.prompt["en"] not in out


def test_unknown_family_suggests_close_matches(capsys) -> None:
    code, out, err = run(capsys, "problem", "loss.hubber.value", "--seed", "1")
    assert code == 1 and out == ""
    assert "loss.huber.value" in err


def test_grade_correct_incorrect_and_invalid_exit_codes(capsys) -> None:
    problem = generate("loss.mean_squared_error.value", 4)
    code, out, _ = run(
        capsys,
        "grade",
        "loss.mean_squared_error.value",
        "--seed",
        "4",
        "--lang",
        "en",
        "--",
        f"{problem.answer:.4g}",
    )
    assert code == 0 and out.startswith("Correct")

    mistake = problem.mistakes[0]
    code, out, _ = run(
        capsys,
        "grade",
        "loss.mean_squared_error.value",
        "--seed",
        "4",
        "--lang",
        "en",
        "--",
        f"{mistake.value:.6g}",
    )
    assert code == 1 and out.startswith("Incorrect")
    assert mistake.feedback["en"] in out and mistake.id in out

    code, out, _ = run(capsys, "grade", "loss.mean_squared_error.value", "--seed", "4", "--", "two")
    assert code == 2


def test_grade_takes_a_negative_answer_after_the_separator(capsys) -> None:
    seed = next(
        s for s in range(100) if generate("deriv.mean_squared_error.value", s).answer[0] < 0
    )
    problem = generate("deriv.mean_squared_error.value", seed)
    answer = " ".join(f"{v:.4g}" for v in problem.answer)
    assert answer.startswith("-")
    code, _, _ = run(
        capsys, "grade", "deriv.mean_squared_error.value", "--seed", str(seed), "--", answer
    )
    assert code == 0


def test_grade_without_an_answer_is_an_error(capsys) -> None:
    code, _, err = run(capsys, "grade", "clip.by_value", "--seed", "1")
    assert code == 2 and "--" in err


def test_worksheet_is_deterministic_and_ordered(capsys) -> None:
    argv = (
        "worksheet",
        "--family",
        "clip.by_value",
        "--family",
        "gradient.exploding",
        "--count",
        "3",
        "--seed",
        "5",
        "--lang",
        "en",
    )
    code, first, _ = run(capsys, *argv)
    _, again, _ = run(capsys, *argv)
    assert code == 0 and first == again
    assert (
        first.index("## Problem 3")
        < first.index("## Answer key")
        < first.index("## Worked solutions")
    )
    sheet = [
        generate("clip.by_value", 5),
        generate("gradient.exploding", 6),
        generate("clip.by_value", 7),
    ]
    for problem in sheet:
        assert problem.prompt["en"] in first and problem.solution["en"] in first
    key = first[first.index("## Answer key") : first.index("## Worked solutions")]
    assert f"2. {fmt(sheet[1].answer)}" in key


def _sheet_families(out: str) -> list[str]:
    return re.findall(r"^.* · `([\w.]+)` · seed \d+$", out, flags=re.M)


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 17])
def test_a_default_worksheet_mixes_every_topic(capsys, seed: int) -> None:
    code, out, _ = run(capsys, "worksheet", "--count", "10", "--seed", str(seed), "--lang", "en")
    sheet = _sheet_families(out)
    assert code == 0 and len(sheet) == 10
    assert {topic_of(family) for family in sheet} == set(TOPICS)
    assert {topic_of(family) for family in sheet[: len(TOPICS)]} == set(TOPICS)  # one each first
    assert len(set(sheet)) == 10
    _, again, _ = run(capsys, "worksheet", "--count", "10", "--seed", str(seed), "--lang", "en")
    assert again == out


def test_seeds_give_different_mixes(capsys) -> None:
    sheets = set()
    for seed in range(5):
        _, out, _ = run(capsys, "worksheet", "--count", "6", "--seed", str(seed), "--lang", "en")
        sheets.add(tuple(_sheet_families(out)))
    assert len(sheets) == 5


@pytest.mark.parametrize(
    ("wanted", "prefixes"),
    [
        ("kmeans", ("kmeans.",)),
        ("optim", ("optim.",)),
        ("loss", ("loss.",)),
        ("derivatives", ("deriv.", "activation.", "backprop.")),
    ],
)
def test_family_takes_a_topic_or_a_prefix(capsys, wanted: str, prefixes: tuple[str, ...]) -> None:
    code, out, _ = run(capsys, "worksheet", "--family", wanted, "--count", "4", "--lang", "en")
    sheet = _sheet_families(out)
    assert code == 0 and len(sheet) == 4 and len(set(sheet)) == 4
    assert all(family.startswith(prefixes) for family in sheet)
    assert "## Answer key" in out


def test_an_unknown_family_names_the_topics_and_count_is_checked(capsys) -> None:
    code, out, err = run(capsys, "worksheet", "--family", "kmean", "--lang", "en")
    assert code == 1 and out == ""
    assert (
        "kmeans" in err
        and "losses, derivatives, clipping, regularization, optimizers, kmeans, pca" in err
    )
    code, _, err = run(capsys, "worksheet", "--count", "0")
    assert code == 1 and "--count" in err


def test_a_worksheet_uses_every_family_before_repeating_one() -> None:
    # One topic with a single family must not be drawn again while others have unused ones.
    families = [
        "dropout.inverted.value",
        "loss.huber.value",
        "loss.hinge.value",
        "loss.poisson.value",
        "pca.covariance",
        "pca.eigenvalues",
    ]
    for seed in range(20):
        sheet = worksheet_families(families, 8, seed)
        assert sorted(sheet[:6]) == sorted(families)
        assert sheet[6:] == sheet[:2]
