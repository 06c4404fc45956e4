"""Implement-it tasks and their check reports as plain text, for the CLI and the app.

``quizapp code`` prints these; the study screen shows the same report under a code card's
editor. No textual here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from quizapp.commands.problems import label
from quizapp.i18n import Lang, pick, t

if TYPE_CHECKING:
    from engine.code.check import CodeReport
    from engine.code.task import CodeTask


def statement_text(task: CodeTask, lang: Lang) -> str:
    """The task's id and title, its statement and its signature."""
    return "\n".join(
        [
            f"{task.id} — {pick(task.title, lang)}".replace("\n", " / "),
            "",
            pick(task.statement, lang),
            "",
            _field("code.signature", lang, task.signature),
        ]
    )


def task_text(task: CodeTask, lang: Lang, *, hint: bool = False, solution: bool = False) -> str:
    """The statement, the signature and the starter file; optionally hint and solution."""
    single = "en" if lang == "both" else lang
    lines = [
        statement_text(task, lang),
        "",
        t("code.starter_heading", single, file=f"{task.function}.py"),
        "",
        task.starter(lang).rstrip(),
    ]
    if hint:
        lines += ["", label("problem.hint", lang, colon=True), pick(task.hint, lang)]
    if solution:
        lines += ["", label("code.solution", lang, colon=True), task.solution_source().rstrip()]
    return "\n".join(lines)


def report_text(task: CodeTask, report: CodeReport, lang: Lang) -> str:
    """A check's report as text: summary, mistake, then every test."""
    single = "en" if lang == "both" else lang
    lines = [
        f"{task.id} — {pick(task.title, lang)}".replace("\n", " / "),
        pick(report.summary, lang),
    ]
    if report.mistake:
        lines += [
            "",
            _field("grade.mistake", lang, report.mistake),
            pick(report.mistake_feedback, lang),
        ]
    for number, test in enumerate(report.tests, start=1):
        mark = "✓" if test.passed else "✗"
        description = pick(test.description, lang).replace("\n", " / ")
        colon = "：" if lang == "zh" else ": "
        lines += ["", f"{mark} {t('code.test', single, number=number)}{colon}{description}"]
        if test.passed:
            continue
        if test.problem:
            lines.append(f"    {pick(test.problem, lang)}".replace("\n", "\n    "))
        lines.append("    " + _field("code.expected", lang, _indent(test.expected)))
        lines.append("    " + _field("code.got", lang, _indent(test.got)))
        if test.max_error is not None:
            lines.append("    " + _field("code.max_error", lang, f"{test.max_error:.3g}"))
    if report.output:
        lines += ["", label("code.output", lang, colon=True), report.output.rstrip()]
    if report.tests:
        lines += ["", _field("code.tolerance", lang, pick(report.tolerance, lang))]
    if report.status != "passed":
        lines += ["", t("code.solution_offer", single, task=task.id)]
    return "\n".join(lines)


def _field(key: str, lang: Lang, value: str) -> str:
    """``Label: value``; a Chinese full-width colon takes no space after it."""
    return label(key, lang, colon=True) + ("" if lang == "zh" else " ") + value


def _indent(text: str) -> str:
    return text.replace("\n", "\n        ")
