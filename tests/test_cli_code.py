"""``quizapp code``: list, show, and check a file, with exit codes 0 / 1 / 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.code import tasks
from engine.code.task import as_learner_file
from quizapp.cli import main

HUBER = tasks.get("code.huber")
SUM_INSTEAD_OF_MEAN = next(v for v in HUBER.mistakes if v.id == "sum_instead_of_mean")


def _write(tmp_path: Path, text: str, name: str = "huber.py") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_list_names_every_task(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["code", "--list", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert [line.split()[0] for line in out.splitlines()] == tasks.task_ids()


def test_show_prints_statement_and_a_starter_that_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["code", "huber", "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert HUBER.statement["zh"] in out and HUBER.starter("zh").rstrip() in out
    assert HUBER.hint["zh"] not in out
    assert main(["code", "code.huber", "--hint", "--solution", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert HUBER.hint["en"] in out and HUBER.solution_source().rstrip() in out


def test_a_passing_file_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, HUBER.solution_source())
    assert main(["code", "code.huber", "--check", path, "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "All 4 tests pass." in out and "✗" not in out


def test_a_failing_file_exits_1_naming_tests_and_mistake(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, as_learner_file(SUM_INSTEAD_OF_MEAN.functions[0], "huber"))
    assert main(["code", "code.huber", "--check", path, "--lang", "zh"]) == 1
    out = capsys.readouterr().out
    assert "sum_instead_of_mean" in out and SUM_INSTEAD_OF_MEAN.feedback["zh"] in out
    assert "✗ 测试 1" in out and "最大误差：" in out


def test_json_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, as_learner_file(SUM_INSTEAD_OF_MEAN.functions[0], "huber"))
    assert main(["code", "code.huber", "--check", path, "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["status"] == "failed" and report["mistake"] == "sum_instead_of_mean"
    assert report["tests"][0]["description"]["zh"] and report["tests"][0]["max_error"] > 0


@pytest.mark.parametrize(
    "text",
    [
        "def huber(y, yhat:\n",
        "def other():\n    pass\n",
        "def huber(y, yhat, delta=1.0):\n    1/0\n",
    ],
    ids=["syntax", "missing", "raises"],
)
def test_code_that_cannot_run_exits_2_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    assert main(["code", "code.huber", "--check", _write(tmp_path, text), "--lang", "en"]) == 2
    out = capsys.readouterr()
    assert out.out.strip() and "Traceback" not in out.out + out.err


def test_an_unreadable_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["code", "code.huber", "--check", str(tmp_path / "nope.py"), "--lang", "en"]) == 2
    assert "cannot read" in capsys.readouterr().err
    latin = tmp_path / "latin.py"
    latin.write_bytes(b"# caf\xe9\n")
    assert main(["code", "code.huber", "--check", str(latin), "--lang", "zh"]) == 2
    assert "UTF-8" in capsys.readouterr().err


def test_an_unknown_task_suggests_the_closest(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["code", "code.hubber", "--lang", "en"]) != 0
    assert "code.huber" in capsys.readouterr().err


def test_the_time_limit_is_configurable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "def huber(y, yhat, delta=1.0):\n    while True:\n        pass\n")
    assert main(["code", "code.huber", "--check", path, "--time-limit", "1", "--lang", "en"]) == 2
    assert "1.0 s" in capsys.readouterr().out
