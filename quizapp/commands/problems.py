"""The engine commands: ``problem``, ``grade`` and ``worksheet``.

``quizapp problem --list`` lists the problem families; ``quizapp problem FAMILY --seed N``
prints one generated problem (``--answer`` adds the answer and the worked solution,
``--json`` prints it as JSON). ``quizapp grade FAMILY --seed N -- "ANSWER"`` grades a typed
answer and exits 0 (correct), 1 (incorrect) or 2 (could not be read).
``quizapp worksheet --count N --seed N`` prints a Markdown problem set with its answer key
and worked solutions. The text helpers here are also what the study app shows.
"""

from __future__ import annotations

import argparse
import difflib
import json
import random
from collections.abc import Sequence
from typing import TYPE_CHECKING

from quizapp.errors import QuizappError
from quizapp.i18n import LANGS, Lang, pick, space_after, t

if TYPE_CHECKING:
    from engine.problem import Problem, Verdict

# The engine (NumPy, the generators) is imported inside the functions that use it, so that
# building the command-line parser — which every start of the app does — stays cheap.

#: Exit codes of ``grade``.
EXIT_CORRECT, EXIT_INCORRECT, EXIT_INVALID = 0, 1, 2
#: The largest seed a fresh ``problem`` draws when none is given.
MAX_RANDOM_SEED = 999_999


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``problem``, ``grade`` and ``worksheet`` subcommands."""
    problem = subparsers.add_parser(
        "problem", help=t("cmd.problem.help", "both"), description=t("cmd.problem.help", "both")
    )
    problem.add_argument("family", nargs="?", help=t("cmd.family.help", "both"))
    problem.add_argument("--list", action="store_true", help=t("cmd.problem.list_help", "both"))
    _add_seed(problem, required=False)
    _add_lang(problem)
    problem.add_argument("--json", action="store_true", help=t("cmd.problem.json_help", "both"))
    problem.add_argument("--answer", action="store_true", help=t("cmd.problem.answer_help", "both"))
    problem.set_defaults(handler=run_problem)

    grade = subparsers.add_parser(
        "grade", help=t("cmd.grade.help", "both"), description=t("cmd.grade.help", "both")
    )
    grade.__class__ = _AnswerAfterSeparator  # adds behaviour only, no state of its own
    grade.add_argument("family", help=t("cmd.family.help", "both"))
    grade.add_argument("answer", nargs="*", help=t("cmd.grade.answer_help", "both"))
    _add_seed(grade, required=True)
    _add_lang(grade)
    grade.set_defaults(handler=run_grade)

    worksheet = subparsers.add_parser(
        "worksheet",
        help=t("cmd.worksheet.help", "both"),
        description=t("cmd.worksheet.help", "both"),
    )
    worksheet.add_argument(
        "--family",
        action="append",
        default=[],
        metavar="FAMILY",
        help=t("cmd.worksheet.family_help", "both"),
    )
    worksheet.add_argument(
        "--count", type=int, default=10, metavar="N", help=t("cmd.worksheet.count_help", "both")
    )
    _add_seed(worksheet, required=False, default=0)
    _add_lang(worksheet)
    worksheet.set_defaults(handler=run_worksheet)


class _AnswerAfterSeparator(argparse.ArgumentParser):
    """A parser that reads every word after ``--`` as the answer.

    argparse matches an optional trailing positional as soon as it meets the first one
    (``FAMILY``), so in ``grade FAMILY --seed N -- ANSWER`` the answer would be left over;
    splitting at ``--`` first keeps a leading minus sign from reading as an option.
    """

    def parse_known_args(self, args=None, namespace=None):  # type: ignore[override]
        words = list(args) if args is not None else []
        answer: list[str] = []
        if "--" in words:
            cut = words.index("--")
            words, answer = words[:cut], words[cut + 1 :]
        namespace, extras = super().parse_known_args(words, namespace)
        namespace.answer = list(getattr(namespace, "answer", None) or []) + answer
        return namespace, extras


def _add_seed(parser: argparse.ArgumentParser, *, required: bool, default: int | None = None):
    parser.add_argument(
        "--seed",
        type=int,
        required=required,
        default=default,
        metavar="N",
        help=t("cmd.seed.help", "both"),
    )


def _add_lang(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS keeps a top-level `quizapp --lang zh problem ...` from being overwritten
    parser.add_argument(
        "--lang", choices=LANGS, default=argparse.SUPPRESS, help=t("cmd.lang.help", "both")
    )


def _lang(args: argparse.Namespace) -> Lang:
    """``--lang``, else the saved language (settled before the handler runs)."""
    lang = getattr(args, "lang", None)
    return lang if lang in LANGS else "both"


def label(key: str, lang: Lang, *, colon: bool = False) -> str:
    """A short catalog label; in ``both`` the two languages share a line (``Answer / 答案``).

    With ``colon`` it ends in a colon of the label's script (``:`` or ``：``).
    """
    if lang == "both":
        english, chinese = t(key, "en"), t(key, "zh")
        text = english if english == chinese else f"{english} / {chinese}"
    else:
        text = t(key, lang)
    if not colon:
        return text
    return text + ("：" if lang == "zh" else ":")


def labelled(key: str, lang: Lang, value: str) -> str:
    """A label, its colon, then a value on the same line (``答案：0.25``, ``Answer: 0.25``)."""
    text = label(key, lang, colon=True)
    return text + space_after(text) + value


# --- looking problems up ----------------------------------------------------------------


def find_family(family: str) -> str:
    """Return ``family`` if it exists.

    Raises:
        QuizappError: naming the closest family ids when it does not.
    """
    from engine import problems

    known = problems.families()
    if family in known:
        return family
    matches = difflib.get_close_matches(family, known, n=3, cutoff=0.5)
    if matches:
        names = ", ".join(matches)
        raise QuizappError(
            t("problem.unknown_family_close", "en", family=family, matches=names),
            t("problem.unknown_family_close", "zh", family=family, matches=names),
        )
    raise QuizappError(
        t("problem.unknown_family", "en", family=family),
        t("problem.unknown_family", "zh", family=family),
    )


def make_problem(family: str, seed: int) -> Problem:
    """Generate a problem, turning a bad family or seed into a QuizappError."""
    family = find_family(family)
    if seed < 0:
        raise QuizappError(
            t("problem.bad_seed", "en", seed=seed), t("problem.bad_seed", "zh", seed=seed)
        )
    from engine import problems

    return problems.generate(family, seed)


# --- text -------------------------------------------------------------------------------


def _lists_variables(problem: Problem) -> bool:
    """Whether to list an expression problem's variables (not when a number is asked for)."""
    if problem.kind != "expression" or not problem.variables:
        return False
    from engine.grading import asks_for_number

    return not asks_for_number(problem)


def problem_text(problem: Problem, lang: Lang, *, with_answer: bool = False) -> str:
    """The problem as plain text: heading, prompt, options/variables, hint; optionally the
    answer and the worked solution."""
    lines = [
        t(
            "problem.heading",
            "en" if lang == "both" else lang,
            family=problem.family,
            seed=problem.seed,
        ),
        "",
        pick(problem.prompt, lang),
    ]
    for number, option in enumerate(problem.options, start=1):
        lines.append(f"  {number}. {pick(option, lang)}")
    if _lists_variables(problem):
        lines += [
            "",
            labelled("problem.variables", lang, ", ".join(problem.variables)),
        ]
    if problem.hint:
        lines += ["", f"{label('problem.hint', lang, colon=True)}", pick(problem.hint, lang)]
    if with_answer:
        from engine.formatting import format_answer

        answer = format_answer(problem)
        lines += ["", labelled("problem.answer", lang, answer)]
        if problem.solution:
            lines += [
                "",
                f"{label('problem.solution', lang, colon=True)}",
                pick(problem.solution, lang),
            ]
    return "\n".join(lines)


def verdict_text(verdict: Verdict, lang: Lang) -> str:
    """The verdict word, how the input was read, and the feedback."""
    lines = [label(f"grade.{verdict.status}", lang)]
    if verdict.echo:
        lines.append(labelled("grade.read_as", lang, verdict.echo))
    feedback = pick(verdict.feedback, lang) if verdict.feedback else ""
    if feedback:
        lines.append(feedback)
    if verdict.mistake:
        lines.append(labelled("grade.mistake", lang, verdict.mistake))
    return "\n".join(lines)


def worksheet_families(families: Sequence[str], count: int, seed: int) -> list[str]:
    """The family of each of a worksheet's ``count`` problems: a mix spread over topics.

    Topics take turns (in an order drawn from ``seed``), each giving its families in a
    drawn order, so ten problems from every family cover all seven topics rather than the
    first ten ids in the alphabet; a topic whose families are used up drops out of the
    turns, and a family comes round again only after every family has been used. The same arguments give the same list.

    Args:
        families: the families to draw from, grouped by :func:`quizapp.families.topic_of`.
        count: how many problems.
        seed: the worksheet's seed.
    """
    from quizapp.families import topic_of

    rng = random.Random(seed)
    by_topic: dict[str, list[str]] = {}
    for family in families:
        by_topic.setdefault(topic_of(family) or family.partition(".")[0], []).append(family)
    turns = list(by_topic.values())
    rng.shuffle(turns)
    for members in turns:
        rng.shuffle(members)
    rounds = max(len(members) for members in turns)
    order = [members[turn] for turn in range(rounds) for members in turns if turn < len(members)]
    return [order[number % len(order)] for number in range(count)]


def choose_families(wanted: Sequence[str]) -> list[str]:
    """The families ``--family`` names: each an id, a topic (``kmeans``) or an id prefix
    (``optim``, ``loss``); none given means every family.

    Raises:
        QuizappError: a name that matches no family, with the closest ids and the topics.
    """
    from quizapp.families import TOPICS, all_families, select_families

    known = all_families()
    if not wanted:
        return known
    chosen: list[str] = []
    for name in wanted:
        matches = select_families(name, known)
        if not matches:
            close = ", ".join(difflib.get_close_matches(name, [*TOPICS, *known], n=3, cutoff=0.5))
            values = {"family": name, "topics": ", ".join(TOPICS), "matches": close or "-"}
            raise QuizappError(
                t("worksheet.unknown_family", "en", **values),
                t("worksheet.unknown_family", "zh", **values),
            )
        chosen += [family for family in matches if family not in chosen]
    return chosen


def worksheet_markdown(families: Sequence[str], count: int, seed: int, lang: Lang) -> str:
    """A Markdown problem set: numbered problems, then the answer key, then the solutions.

    Problem ``i`` (from 0) is of family ``families[i]`` with seed ``seed + i``, so the
    sheet is the same for the same arguments.
    """
    from quizapp.families import family_title

    sheet = [make_problem(family, seed + i) for i, family in enumerate(families[:count])]
    single = "en" if lang == "both" else lang
    out = [f"# {label('worksheet.title', lang)}", ""]
    for number, problem in enumerate(sheet, start=1):
        out += [
            f"## {t('worksheet.problem', single, number=number)}",
            "",
            f"{family_title(problem.family, single)} · `{problem.family}` · "
            f"{t('worksheet.seed', single, seed=problem.seed)}",
            "",
            pick(problem.prompt, lang),
            "",
        ]
        out += [f"{n}. {pick(option, lang)}" for n, option in enumerate(problem.options, 1)]
        if _lists_variables(problem):
            out += [
                labelled("problem.variables", lang, ", ".join(problem.variables)),
                "",
            ]
    out += [f"## {label('worksheet.answer_key', lang)}", ""]
    from engine.formatting import format_answer

    out += [f"{n}. {format_answer(p)}" for n, p in enumerate(sheet, start=1)]
    out += ["", f"## {label('worksheet.solutions', lang)}", ""]
    for number, problem in enumerate(sheet, start=1):
        out += [
            f"### {t('worksheet.problem', single, number=number)}",
            "",
            pick(problem.solution, lang),
            "",
        ]
    return "\n".join(out).rstrip() + "\n"


# --- handlers ---------------------------------------------------------------------------


def run_problem(args: argparse.Namespace) -> int:
    """``quizapp problem``: list the families or print one problem."""
    if args.list:
        from engine import problems

        print("\n".join(problems.families()))
        return 0
    if not args.family:
        raise QuizappError(t("problem.missing_family", "en"), t("problem.missing_family", "zh"))
    seed = args.seed if args.seed is not None else random.randint(0, MAX_RANDOM_SEED)
    problem = make_problem(args.family, seed)
    if args.json:
        print(json.dumps(problem.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(problem_text(problem, _lang(args), with_answer=args.answer))
    return 0


def run_grade(args: argparse.Namespace) -> int:
    """``quizapp grade``: grade the answer given after ``--``; the exit code is the verdict."""
    from engine.grading import grade

    problem = make_problem(args.family, args.seed)
    text = " ".join(args.answer).strip()
    if not text:
        raise QuizappError(
            t("grade.missing_answer", "en", family=problem.family),
            t("grade.missing_answer", "zh", family=problem.family),
            exit_code=EXIT_INVALID,
        )
    verdict = grade(problem, text)
    print(verdict_text(verdict, _lang(args)))
    return {"correct": EXIT_CORRECT, "incorrect": EXIT_INCORRECT}.get(verdict.status, EXIT_INVALID)


def run_worksheet(args: argparse.Namespace) -> int:
    """``quizapp worksheet``: print a Markdown problem set with answers and solutions."""
    if args.count < 1:
        raise QuizappError(t("worksheet.bad_count", "en"), t("worksheet.bad_count", "zh"))
    chosen = choose_families(args.family)
    if args.family and chosen == list(dict.fromkeys(args.family)):  # ids only: in that order
        families = [chosen[number % len(chosen)] for number in range(args.count)]
    else:
        families = worksheet_families(chosen, args.count, args.seed)
    print(worksheet_markdown(families, args.count, args.seed, _lang(args)), end="")
    return 0
