"""``quizapp code``: implement-it tasks from the command line.

``quizapp code --list`` lists the tasks; ``quizapp code TASK`` prints the statement and the
starter file (``--hint`` adds the hint, ``--solution`` the model solution);
``quizapp code TASK --check FILE.py [--json]`` runs the file's function on the task's tests
in a separate process and exits 0 when every test passes, 1 when some fail (naming them
and any recognised mistake) and 2 when the code could not be run (syntax error, missing
function, exception, time or memory limit) or the file could not be read.
"""

from __future__ import annotations

import argparse
import difflib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from quizapp.codetext import report_text, task_text
from quizapp.errors import QuizappError
from quizapp.i18n import LANGS, Lang, pick, t

if TYPE_CHECKING:
    from engine.code.task import CodeTask

# The engine (NumPy and the tasks) is imported inside the handlers, so building the
# command-line parser stays cheap.

#: Exit code for a file that cannot be read or run.
EXIT_UNRUNNABLE = 2
#: The largest learner file read (a solution is a few dozen lines).
MAX_FILE_BYTES = 1_000_000


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``code`` subcommand."""
    parser = subparsers.add_parser(
        "code", help=t("cmd.code.help", "both"), description=t("cmd.code.help", "both")
    )
    parser.add_argument("task", nargs="?", help=t("cmd.code.task_help", "both"))
    parser.add_argument("--list", action="store_true", help=t("cmd.code.list_help", "both"))
    parser.add_argument("--check", metavar="FILE", help=t("cmd.code.check_help", "both"))
    parser.add_argument("--json", action="store_true", help=t("cmd.code.json_help", "both"))
    parser.add_argument("--hint", action="store_true", help=t("cmd.code.hint_help", "both"))
    parser.add_argument("--solution", action="store_true", help=t("cmd.code.solution_help", "both"))
    parser.add_argument(
        "--seed", type=int, default=0, metavar="N", help=t("cmd.code.seed_help", "both")
    )
    parser.add_argument(
        "--time-limit",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help=t("cmd.code.time_limit_help", "both"),
    )
    parser.add_argument(
        "--lang", choices=LANGS, default=argparse.SUPPRESS, help=t("cmd.lang.help", "both")
    )
    parser.set_defaults(handler=run_code)


def _lang(args: argparse.Namespace) -> Lang:
    lang = getattr(args, "lang", None)
    return lang if lang in LANGS else "both"


def find_task(task_id: str) -> CodeTask:
    """The task ``task_id`` (``code.`` may be left out).

    Raises:
        QuizappError: naming the closest ids when there is no such task.
    """
    from engine.code import tasks

    known = tasks.task_ids()
    for candidate in (task_id, f"code.{task_id}"):
        if candidate in known:
            return tasks.get(candidate)
    matches = ", ".join(difflib.get_close_matches(task_id, known, n=3, cutoff=0.5))
    key = "code.unknown_task_close" if matches else "code.unknown_task"
    raise QuizappError(
        t(key, "en", task=task_id, matches=matches), t(key, "zh", task=task_id, matches=matches)
    )


def read_learner_file(path: str) -> str:
    """The learner's file as text.

    Raises:
        QuizappError: (exit code 2) when it is missing, unreadable, too large or not UTF-8.
    """
    file = Path(path)
    try:
        if file.stat().st_size > MAX_FILE_BYTES:
            raise QuizappError(
                t("code.file_too_large", "en", path=path),
                t("code.file_too_large", "zh", path=path),
                exit_code=EXIT_UNRUNNABLE,
            )
        return file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise QuizappError(
            t("code.file_not_utf8", "en", path=path),
            t("code.file_not_utf8", "zh", path=path),
            exit_code=EXIT_UNRUNNABLE,
        ) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise QuizappError(
            t("code.file_unreadable", "en", path=path, reason=reason),
            t("code.file_unreadable", "zh", path=path, reason=reason),
            exit_code=EXIT_UNRUNNABLE,
        ) from None


def run_code(args: argparse.Namespace) -> int:
    """``quizapp code``: list tasks, show one, or check a file against it."""
    lang = _lang(args)
    if args.list:
        from engine.code import tasks

        for task in tasks.all_tasks():
            title = pick(task.title, lang).replace("\n", " / ")
            print(f"{task.id:<32} {task.topic:<11} {title}")
        return 0
    if not args.task:
        raise QuizappError(t("code.missing_task", "en"), t("code.missing_task", "zh"))
    task = find_task(args.task)
    if not args.check:
        print(task_text(task, lang, hint=args.hint, solution=args.solution))
        return 0
    if not 0 < args.time_limit <= 600:
        raise QuizappError(t("code.bad_time_limit", "en"), t("code.bad_time_limit", "zh"))
    source = read_learner_file(args.check)
    from engine.code.check import check
    from engine.code.runner import Limits

    limits = Limits(wall_seconds=args.time_limit)
    report = check(task, source, seed=max(args.seed, 0), limits=limits)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(report_text(task, report, lang))
    return report.exit_code
