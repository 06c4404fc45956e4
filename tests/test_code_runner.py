"""The runner: a learner's file runs in its own process, within limits, and whatever it
does comes back as a clear, bilingual outcome (never an exception of ours)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from engine.code import tasks
from engine.code.check import check
from engine.code.runner import Limits, run

#: Short limits keep the tests of endless loops quick.
QUICK = Limits(wall_seconds=1.0, memory_mb=128)
#: Time enough for a busy machine; memory little enough to run out of fast.
ROOMY = Limits(wall_seconds=10.0, memory_mb=64)

HUBER = tasks.get("code.huber")


def _check(source: str, limits: Limits = ROOMY):
    return check(HUBER, source, limits=limits)


def test_values_come_back_with_their_types_and_dtypes() -> None:
    source = (
        "import numpy as np\n"
        "def f(x, k=2):\n"
        "    return x * k, [np.arange(3)], float(x.sum()), np.float32(1.5), 'text', None\n"
    )
    result = run(source, "f", [((np.array([1.0, 2.0]),), {"k": 3})])
    assert result.status == "ok"
    doubled, listed, total, single, text, nothing = result.calls[0].value
    np.testing.assert_array_equal(doubled, [3.0, 6.0])
    assert listed[0].dtype.kind == "i" and total == 3.0
    assert single.dtype == np.float32 and text == "text" and nothing is None


def test_a_function_that_changes_its_input_cannot_change_the_next_test() -> None:
    source = "def f(x):\n    x += 1\n    return x\n"
    data = np.zeros(2)
    result = run(source, "f", [((data,), {}), ((data,), {})])
    np.testing.assert_array_equal(result.calls[1].value, [1.0, 1.0])
    np.testing.assert_array_equal(data, [0.0, 0.0])


def test_the_child_imports_neither_quizapp_nor_the_engine() -> None:
    source = "import sys\ndef f():\n    return sorted(sys.modules)\n"
    loaded = run(source, "f", [((), {})]).calls[0].value
    assert "numpy" in loaded
    assert not [m for m in loaded if m.split(".")[0] in ("quizapp", "engine", "textual")]


def test_printed_output_is_captured_and_kept_short() -> None:
    source = "def f():\n    print('hello')\n    return 1\n"
    result = run(source, "f", [((), {}), ((), {})], Limits(shown_output_chars=8))
    assert result.output == "hello\nhe" and result.output_chars == 12


@pytest.mark.parametrize(
    ("source", "status", "english", "chinese"),
    [
        ("def huber(y, yhat, delta=1.0)\n    return 0.0\n", "syntax_error", "line 1", "第 1 行"),
        ("def mse(y, yhat):\n    return 0.0\n", "missing_function", "mse", "huber"),
        ("import nonexistent_module\n", "load_error", "ModuleNotFoundError", "加载"),
        (
            "def huber(y, yhat, delta=1.0):\n    while True:\n        pass\n",
            "timeout",
            "1.0 s",
            "秒",
        ),
        (
            "import time\ndef huber(y, yhat, delta=1.0):\n    time.sleep(60)\n",
            "timeout",
            "too long",
            "终止",
        ),
        (
            "import numpy as np\ndef huber(y, yhat, delta=1.0):\n    return np.ones(10**10)\n",
            "memory_limit",
            "memory",
            "内存",
        ),
        (
            "import numpy as np\ndef huber(y, yhat, delta=1.0):\n    hog = []\n"
            "    while True:\n        hog.append(np.ones(10**6))\n",
            "memory_limit",
            "memory",
            "内存",
        ),
        (
            "def huber(y, yhat, delta=1.0):\n    while True:\n        print('x' * 1000)\n",
            "output_limit",
            "printed",
            "输出",
        ),
        (
            "import os\ndef huber(y, yhat, delta=1.0):\n    os._exit(3)\n",
            "crashed",
            "exit code 3",
            "3",
        ),
    ],
    ids=[
        "syntax",
        "missing",
        "import",
        "busy-loop",
        "sleep",
        "huge-array",
        "slow-hog",
        "prints-megabytes",
        "exits",
    ],
)
def test_code_that_cannot_run_gets_a_bilingual_reason_and_exit_code_2(
    source: str, status: str, english: str, chinese: str
) -> None:
    limits = QUICK if status == "timeout" else ROOMY
    outcome = run(source, "huber", [((np.zeros(2), np.zeros(2)), {})], limits)
    assert outcome.status == status
    report = _check(source, limits)
    assert report.status == "error" and report.exit_code == 2
    assert english in report.summary["en"] and chinese in report.summary["zh"]
    assert report.tests == ()


@pytest.mark.parametrize("prestarted", [True, False], ids=["forked", "fresh"])
def test_both_ways_of_starting_the_child_give_the_same_outcomes(prestarted: bool) -> None:
    calls = [((np.array([1.0, 2.0]),), {})]
    ok = run("def f(x):\n    return x.sum()\n", "f", calls, ROOMY, prestarted=prestarted)
    assert ok.status == "ok" and ok.calls[0].value == 3.0
    loop = run(
        "def f(x):\n    while True:\n        pass\n", "f", calls, QUICK, prestarted=prestarted
    )
    assert loop.status == "timeout"
    hog = "import numpy as np\ndef f(x):\n    return np.ones(10**10)\n"
    assert run(hog, "f", calls, ROOMY, prestarted=prestarted).status == "memory_limit"
    exits = "import os\ndef f(x):\n    os._exit(4)\n"
    assert run(exits, "f", calls, ROOMY, prestarted=prestarted).detail["code"] == 4


def test_a_killed_runner_is_replaced() -> None:
    from engine.code import runner

    calls = [((np.array([1.0]),), {})]
    assert run("def f(x):\n    return 1\n", "f", calls).status == "ok"
    runner.PRESTARTED._process.kill()  # noqa: SLF001 - simulate the runner dying
    runner.PRESTARTED._process.wait()  # noqa: SLF001
    assert run("def f(x):\n    return 2\n", "f", calls).calls[0].value == 2


def test_an_exception_names_its_line_and_each_test_shows_it() -> None:
    source = "def huber(y, yhat, delta=1.0):\n    x = 1\n    return y[99]\n"
    report = _check(source)
    assert report.status == "error" and report.exit_code == 2
    assert "IndexError" in report.summary["en"] and "(line 3)" in report.summary["en"]
    assert "第 3 行" in report.summary["zh"]
    assert all(not test.passed and "IndexError" in test.got for test in report.tests)


def test_the_untouched_starter_says_it_is_not_implemented() -> None:
    report = _check(HUBER.starter("both"))
    assert report.exit_code == 2
    assert "not implemented" in report.summary["en"] and "尚未实现" in report.summary["zh"]


def test_a_wrong_shape_or_type_is_named_before_any_number() -> None:
    report = _check("import numpy as np\ndef huber(y, yhat, delta=1.0):\n    return np.zeros(1)\n")
    assert report.status == "failed"
    assert "single number" in report.tests[0].problem["en"]
    assert "单个数" in report.tests[0].problem["zh"]
    report = _check("def huber(y, yhat, delta=1.0):\n    return {'loss': 1}\n")
    assert "dict" in report.tests[0].problem["en"]


def test_a_failing_report_shows_input_expected_got_and_largest_error() -> None:
    source = "import numpy as np\ndef huber(y, yhat, delta=1.0):\n    return 0.0\n"
    report = _check(source)
    assert report.status == "failed" and report.exit_code == 1
    failing = [t for t in report.tests if not t.passed]
    assert failing and all(t.max_error is not None and t.max_error > 0 for t in failing)
    assert all(t.got == "0" and t.description["zh"] for t in failing)
    assert json.loads(json.dumps(report.to_dict()))["status"] == "failed"


def test_a_top_level_exit_is_a_load_error_not_a_crash_of_ours() -> None:
    report = _check("import sys\nsys.exit(0)\n")
    assert report.exit_code == 2 and "SystemExit" in report.summary["en"]
