"""Check a learner's file against a task: run it, compare, name the mistake.

:func:`check` runs the learner's function on the task's tests in a child process
(:mod:`engine.code.runner`), compares every result with the engine's reference
(:mod:`engine.code.compare`), and, when some test fails, looks for the task's
mistake variant whose results the learner's match on every test. The
:class:`CodeReport` says, per test, what the input was, what was expected and what
came back, and the largest error; its ``status`` is ``passed``, ``failed`` or
``error`` (the code could not be run to the end: a syntax error, a missing function,
an exception, a limit).
"""

from __future__ import annotations

import warnings
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import numpy as np

from engine.code import messages
from engine.code.compare import compare, show
from engine.code.runner import Limits, RunResult, run
from engine.code.task import Case, CodeTask, MistakeVariant
from engine.problem import Text

ReportStatus = Literal["passed", "failed", "error"]

#: Exit codes of ``quizapp code --check``: all pass, some fail, could not run.
EXIT_CODES: dict[str, int] = {"passed": 0, "failed": 1, "error": 2}


@dataclass(frozen=True)
class TestReport:
    """One test of a check.

    Attributes:
        description: the input, in a few words, both languages.
        passed: whether the result was right.
        expected: the reference's result, as text.
        got: the learner's result (or the exception it raised), as text.
        max_error: the largest absolute difference, when the forms matched.
        problem: why the result is wrong before any number is compared (shape, dtype,
            an exception), both languages.
    """

    __test__ = False  # not a pytest class, despite the name

    description: Text
    passed: bool
    expected: str
    got: str
    max_error: float | None = None
    problem: Text | None = None


@dataclass(frozen=True)
class CodeReport:
    """The outcome of checking one file.

    Attributes:
        task: the task id.
        status: ``passed`` (every test), ``failed`` (some test) or ``error`` (could not run).
        summary: one sentence on the outcome, both languages.
        tests: one :class:`TestReport` per test (empty when the code could not run).
        mistake: the id of the recognised mistake, or None.
        mistake_feedback: what that mistake is and how to fix it.
        output: the start of what the code printed.
        tolerance: the rule results were compared with, both languages.
        seconds: how long the run took.
    """

    task: str
    status: ReportStatus
    summary: Text
    tests: tuple[TestReport, ...] = ()
    mistake: str | None = None
    mistake_feedback: Text = field(default_factory=dict)
    output: str = ""
    tolerance: Text = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        """0 when every test passes, 1 when some fail, 2 when the code could not run."""
        return EXIT_CODES[self.status]

    @property
    def failed_tests(self) -> list[int]:
        """The (0-based) indices of the tests that failed."""
        return [index for index, test in enumerate(self.tests) if not test.passed]

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-able data."""
        return asdict(self)


def _quietly(function: Any, case: Case) -> Any:
    """Call one of the engine's functions with NumPy's warnings silenced (a mistake
    variant may overflow on purpose); a raise gives None."""
    args = [_copy(a) for a in case.args]
    kwargs = {name: _copy(value) for name, value in case.kwargs.items()}
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return function(*args, **kwargs)
        except (ArithmeticError, ValueError, IndexError):
            return None


def _copy(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def expected_values(task: CodeTask, cases: list[Case]) -> list[Any]:
    """The reference's result for every case."""
    return [task.reference(*map(_copy, case.args), **case.kwargs) for case in cases]


def recognise(
    task: CodeTask, cases: list[Case], got: list[Any], expected: list[Any]
) -> MistakeVariant | None:
    """The first mistake variant whose results the learner's match on every test.

    A variant counts only if it differs from the reference on some test (else the
    learner's code would have passed there too) and the learner's code returned a
    value for every test.
    """
    for variant in task.mistakes:
        for function in variant.functions:
            results = [_quietly(function, case) for case in cases]
            if any(r is None for r in results):
                continue
            differs = any(
                not compare(task.result, r, e, task.tolerance).passed
                for r, e in zip(results, expected, strict=True)
            )
            if differs and all(
                compare(task.result, g, r, task.tolerance).passed
                for g, r in zip(got, results, strict=True)
            ):
                return variant
    return None


def check(
    task: CodeTask,
    source: str,
    *,
    seed: int = 0,
    limits: Limits | None = None,
    prestarted: bool = True,
) -> CodeReport:
    """Check the learner's ``source`` against ``task``.

    Args:
        task: the task.
        source: the learner's Python file, as text.
        seed: which seeded tests to draw (the edge cases are always the same).
        limits: the run's limits (default :class:`Limits()`: 10 s of wall-clock time).
        prestarted: fork the child from the pre-started runner (see :func:`runner.run`).

    Returns:
        A :class:`CodeReport`; never raises for anything in ``source``.
    """
    cases = task.cases(seed)
    expected = expected_values(task, cases)
    calls = [(case.args, case.kwargs) for case in cases]
    outcome = run(source, task.function, calls, limits, prestarted=prestarted)
    tolerance = messages.tolerance(task.tolerance)
    if outcome.status != "ok":
        return CodeReport(
            task=task.id,
            status="error",
            summary=messages.run_failure(outcome, task.function),
            output=outcome.output,
            tolerance=tolerance,
            seconds=outcome.seconds,
        )
    tests = [
        _test_report(task, case, call, want)
        for case, call, want in zip(cases, outcome.calls, expected, strict=True)
    ]
    raised = [(index, call.error) for index, call in enumerate(outcome.calls) if call.error]
    failures = sum(not test.passed for test in tests)
    variant = None
    if raised:
        status: ReportStatus = "error"
        index, error = raised[0]
        summary = messages.raised(error, index, len(raised), task.function)
    elif failures:
        status = "failed"
        summary = messages.some_failed(failures, len(tests))
        variant = recognise(task, cases, [call.value for call in outcome.calls], expected)
    else:
        status = "passed"
        summary = messages.all_passed(len(tests))
    return CodeReport(
        task=task.id,
        status=status,
        summary=summary,
        tests=tuple(tests),
        mistake=variant.id if variant else None,
        mistake_feedback=variant.feedback if variant else {},
        output=outcome.output,
        tolerance=tolerance,
        seconds=outcome.seconds,
    )


def _test_report(task: CodeTask, case: Case, call: Any, want: Any) -> TestReport:
    if call.error is not None:
        return TestReport(
            description=case.description,
            passed=False,
            expected=show(want),
            got=f"{call.error['type']}: {call.error['message']}",
            problem=messages.exception(call.error),
        )
    with np.errstate(all="ignore"):
        comparison = compare(task.result, call.value, want, task.tolerance)
    return TestReport(
        description=case.description,
        passed=comparison.passed,
        expected=show(want),
        got=show(call.value),
        max_error=comparison.max_error,
        problem=comparison.problem,
    )


__all__ = ["CodeReport", "Limits", "RunResult", "TestReport", "check", "recognise"]
