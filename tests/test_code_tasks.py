"""Every implement-it task: its reference solution passes, each named mistake written as
a learner's file is recognised by its id, and its texts exist in both languages."""

from __future__ import annotations

import ast
import inspect
from collections import Counter

import numpy as np
import pytest

from engine.code import tasks
from engine.code.check import check, expected_values
from engine.code.compare import Array, Number, compare
from engine.code.task import CODE_TOLERANCE, as_learner_file

ALL = tasks.all_tasks()
VARIANTS = [
    pytest.param(task, variant, function, id=f"{task.id}:{variant.id}:{function.__name__}")
    for task in ALL
    for variant in task.mistakes
    for function in variant.functions
]

#: The six tasks whose ids and signatures are fixed, as learners will meet them elsewhere.
REQUIRED = {
    "code.softmax_cross_entropy": "(logits, labels)",
    "code.adam_step": "(theta, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-08)",
    "code.lloyd_step": "(X, centroids)",
    "code.pca": "(X, k)",
    "code.clip_by_global_norm": "(grads, max_norm)",
    "code.huber": "(y, yhat, delta=1.0)",
}


def test_at_least_eighteen_tasks_across_the_topics() -> None:
    topics = Counter(task.topic for task in ALL)
    assert len(ALL) >= 18
    assert topics["losses"] >= 5 and topics["gradients"] >= 3 and topics["clipping"] >= 2
    assert topics["optimizers"] >= 4 and topics["kmeans"] >= 2 and topics["pca"] >= 2


@pytest.mark.parametrize(("task_id", "parameters"), REQUIRED.items())
def test_the_required_tasks_have_their_exact_signatures(task_id: str, parameters: str) -> None:
    task = tasks.get(task_id)
    assert str(inspect.signature(task.solution)) == parameters
    assert task.signature.startswith(f"{task.function}{parameters.replace('1e-08', '1e-8')}")
    tree = ast.parse(task.starter("en"))
    function = next(node for node in tree.body if isinstance(node, ast.FunctionDef))
    assert function.name == task_id.split(".")[1]
    assert ast.unparse(function.args) == parameters[1:-1].replace("1e-08", "1e-08")


@pytest.mark.parametrize("task", ALL, ids=lambda task: task.id)
def test_every_text_is_bilingual(task) -> None:
    for text in (task.title, task.statement, task.docstring, task.hint):
        assert text["en"].strip() and text["zh"].strip()
        assert any("\u4e00" <= ch <= "\u9fff" for ch in text["zh"])
    for variant in task.mistakes:
        assert variant.feedback["en"].strip() and variant.feedback["zh"].strip()
    for case in task.cases(seed=0):
        assert case.description["en"] and case.description["zh"]
    assert len(task.mistakes) >= 3
    assert len({variant.id for variant in task.mistakes}) == len(task.mistakes)


@pytest.mark.parametrize("task", ALL, ids=lambda task: task.id)
def test_the_reference_solution_passes(task) -> None:
    report = check(task, task.solution_source())
    assert report.status == "passed", [t for t in report.tests if not t.passed]
    assert report.exit_code == 0 and report.mistake is None


@pytest.mark.parametrize("task", ALL, ids=lambda task: task.id)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_solution_agrees_with_the_engine_on_other_seeds(task, seed: int) -> None:
    """In process (no child): the shown solution and the engine agree on fresh draws."""
    cases = task.cases(seed)
    for case, want in zip(cases, expected_values(task, cases), strict=True):
        got = task.solution(*case.args, **case.kwargs)
        assert compare(task.result, got, want, task.tolerance).passed, case.description


@pytest.mark.parametrize(("task", "variant", "function"), VARIANTS)
def test_each_mistake_written_as_learner_code_is_recognised(task, variant, function) -> None:
    report = check(task, as_learner_file(function, task.function))
    assert report.status == "failed" and report.exit_code == 1
    assert report.mistake == variant.id
    assert report.mistake_feedback == variant.feedback


def test_the_starter_compiles_and_names_the_function_in_both_languages() -> None:
    for task in ALL:
        for lang in ("en", "zh", "both"):
            assert function_of(task.starter(lang)).name == task.function
        assert ast.get_docstring(function_of(task.starter("zh"))) == task.docstring["zh"]


def function_of(source: str) -> ast.FunctionDef:
    """The one function a file defines."""
    (function,) = [node for node in ast.parse(source).body if isinstance(node, ast.FunctionDef)]
    return function


def test_component_signs_are_free_but_order_is_not() -> None:
    task = tasks.get("code.pca")
    case = task.cases(0)[0]
    components, variance = task.reference(*case.args)
    flipped = components * np.array([[-1.0], [1.0]])
    assert compare(task.result, (flipped, variance), (components, variance), CODE_TOLERANCE).passed
    swapped = components[::-1]
    assert not compare(
        task.result, (swapped, variance), (components, variance), CODE_TOLERANCE
    ).passed


def test_columns_of_scores_are_right_up_to_sign() -> None:
    spec = Array(signs="columns")
    want = np.array([[1.0, 2.0], [-1.0, -2.0], [0.5, 0.0]])
    assert compare(spec, want * np.array([-1.0, 1.0]), want, CODE_TOLERANCE).passed
    assert not compare(spec, want * np.array([[-1.0], [1.0], [1.0]]), want, CODE_TOLERANCE).passed


def test_labels_must_be_integers_and_floats_64_bit() -> None:
    task = tasks.get("code.lloyd_step")
    case = task.cases(0)[0]
    labels, centroids = task.reference(*case.args)
    result = compare(
        task.result, (labels.astype(float), centroids), (labels, centroids), CODE_TOLERANCE
    )
    assert not result.passed and "integer" in result.problem["en"]
    result = compare(
        task.result, (labels, centroids.astype(np.float32)), (labels, centroids), CODE_TOLERANCE
    )
    assert not result.passed and "float64" in result.problem["en"]


def test_tolerance_is_relative_with_an_absolute_floor() -> None:
    assert compare(Number(), 1000.0 + 1e-4, 1000.0, CODE_TOLERANCE).passed
    assert not compare(Number(), 1000.0 + 1e-2, 1000.0, CODE_TOLERANCE).passed
    assert compare(Number(), 5e-10, 0.0, CODE_TOLERANCE).passed
    assert not compare(Number(), float("nan"), 1.0, CODE_TOLERANCE).passed


def test_the_same_seed_gives_the_same_tests() -> None:
    for task in ALL:
        first, second = task.cases(7), task.cases(7)
        for a, b in zip(first, second, strict=True):
            for x, y in zip(a.args, b.args, strict=True):
                pairs = zip(x, y, strict=True) if isinstance(x, list) else [(x, y)]
                for left, right in pairs:
                    np.testing.assert_array_equal(left, right)


def test_the_code_package_imports_neither_textual_nor_quizapp() -> None:
    import json
    import subprocess
    import sys

    modules = ["engine.code." + name for name in ("check", "runner", "compare", "messages", "task")]
    modules += [f"engine.code.tasks.{topic}" for topic in tasks.TOPICS]
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    loaded = json.loads(
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True).stdout
    )
    assert not [m for m in loaded if m.split(".")[0] in ("textual", "quizapp")]
