"""Grading a typed answer like a tutor: ``grade(problem, text) -> Verdict``.

What each answer kind accepts (all typed text goes through :mod:`engine.expressions`, which
never evaluates it as Python):

- ``scalar``: a number or a small calculation: ``0.25``, ``1/3``, ``2e-3``, ``sqrt(2)/2``,
  ``ln(2)``, ``e^-1``, ``2pi``. **Percentages**: ``12.5%`` means 0.125, and is accepted only
  when the answer lies in [0, 1] (a ratio or probability); there both ``0.125`` and ``12.5%``
  are right. Elsewhere a ``%`` is invalid with a message to type the plain number.
- ``vector``: ``[1, 2, 3]``, ``1 2 3`` or ``1, 2, 3``; a single row or column matrix of the
  right length is accepted too.
- ``matrix``: ``[[1, 2], [3, 4]]``, ``[1 2; 3 4]`` or ``1 2; 3 4``.
- ``labels``: whole numbers, one per point, in any of the vector forms; right up to renaming
  the clusters (``1 1 0`` is the same clustering as ``0 0 1``).
- ``expression``: an expression in ``problem.variables`` (``2(yhat - y)``); see below.
- ``choice``: option numbers as shown to the learner, 1-based (``1 3``, ``1,3``), or letters
  (``a c``); ``problem.answer`` lists the right options' 0-based indices.

Numbers are compared with ``problem.tolerance`` (default: relative 1 %, absolute floor 1e-6;
see :class:`engine.problem.Tolerance`). Vectors and matrices earn partial credit, the fraction
of entries right, and list the wrong ones. With ``problem.sign_invariant`` a vector is right up
to its sign as a whole; in a matrix each row (components as rows, like scikit-learn's
``components_``) or each column (eigenvectors as columns, like ``numpy.linalg.eigh``) may be
flipped, whichever fits the learner's entries best.

A wrong answer is compared with ``problem.mistakes`` in order (same tolerance and
equivalence), then with a few generic slips: the opposite sign (``sign_error``), ``n`` times
too large or too small when ``problem.data["n"]`` exists (``missing_divide_by_n``,
``extra_divide_by_n``), a ratio typed as a percentage without ``%`` (``percent_scale``), a
transposed square matrix (``transposed``).

Expressions are checked in a child process (SymPy can take unbounded time on hostile input):
a random-point comparison first (a counterexample is decisive), then SymPy's
``simplify(a - b) == 0`` (for at most :data:`CONFIRM_SECONDS` when the points already agree,
:data:`SYMBOLIC_SECONDS` when they could not decide); equal when no point disagrees and
either SymPy proves it or :data:`~engine.expressions.AGREEING_POINTS` points agree. The child
is long-lived (starting one, spawn plus importing SymPy, takes about a second, far over the
per-answer budget), started with the ``spawn`` method (safe beside the app's threads), and
killed and restarted when a check overruns :data:`CHECK_SECONDS`; the answer is then invalid
("too complex to check"). Call :func:`start_checker` early to hide the start-up.

:func:`grade` never raises: unreadable input, a malformed problem or an internal error all
come back as an ``invalid`` Verdict (never counted as an attempt) with a message in English
and Chinese.
"""

from __future__ import annotations

import atexit
import itertools
import json
import math
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO, TypeVar

from engine.expressions import (
    MAX_LENGTH,
    Agreement,
    ExpressionError,
    Node,
    Parsed,
    Sequence,
    Symbol,
    equivalent,
    parse,
    render,
    symbolically_equal,
)
from engine.problem import Mistake, Problem, Text, Tolerance, Verdict
from engine.problems._common import fmt

#: Hard limit, in seconds, on checking one expression answer (its mistakes included).
CHECK_SECONDS = 1.5
#: How long SymPy may try to prove an answer equal when random points could not decide.
SYMBOLIC_SECONDS = 0.8
#: How long SymPy may try to confirm what random points already agree on.
CONFIRM_SECONDS = 0.15
#: How long the checker process may take to start (not counted in CHECK_SECONDS).
STARTUP_SECONDS = 60.0

SIGN_ERROR = "sign_error"
MISSING_DIVIDE_BY_N = "missing_divide_by_n"
EXTRA_DIVIDE_BY_N = "extra_divide_by_n"
PERCENT_SCALE = "percent_scale"
TRANSPOSED = "transposed"


def _text(en: str, zh: str) -> Text:
    return {"en": en, "zh": zh}


class _ProblemError(Exception):
    """The problem itself cannot be graded (a generator bug, not the learner's fault)."""


def grade(problem: Problem, text: str) -> Verdict:
    """Grade a typed answer.

    Args:
        problem: the problem answered.
        text: what the learner typed.

    Returns:
        The Verdict: ``correct`` or ``incorrect`` with a score in [0, 1], or ``invalid``
        (unreadable, wrong shape, too complex; not an attempt) with a message saying what is
        wrong and where. Never raises.
    """
    try:
        if not isinstance(text, str):
            return _invalid(_text("The answer must be text.", "答案必须是文本。"))
        grader = _GRADERS.get(problem.kind)
        if grader is None:
            raise _ProblemError(f"unknown answer kind {problem.kind!r}")
        return grader(problem, text)
    except ExpressionError as error:
        return _invalid(error.feedback())
    except _ProblemError as error:
        return _invalid(
            _text(
                f"This problem cannot be graded ({error}); your answer was not counted.",
                f"这道题无法评分（{error}）；你的答案不计入。",
            )
        )
    except Exception as error:  # noqa: BLE001 - a grader must never crash the app
        return _invalid(
            _text(
                f"This answer could not be checked ({type(error).__name__}); it was not counted.",
                f"无法检查这个答案（{type(error).__name__}）；不计入作答次数。",
            )
        )


@dataclass(frozen=True)
class Reading:
    """How typed text is understood before it is graded (the live preview under the input).

    Attributes:
        ok: the text can be graded (right shape, known names, within the limits).
        echo: how it was read, in readable Unicode (``2·(ŷ − y)``, ``[0.5, 1.25]``).
        message: when not ``ok``, what is wrong and where, with a caret picture.
    """

    ok: bool
    echo: str = ""
    message: Text | None = None


def understand(problem: Problem, text: str) -> Reading:
    """Read ``text`` as an answer to ``problem`` without grading it.

    It says how the input is understood, or why it cannot be, and never reveals whether
    it is right (it is shown while the learner types). It parses exactly as :func:`grade`
    does and checks the answer's shape, but does not start the expression checker.

    Args:
        problem: the problem being answered.
        text: what the learner has typed so far.

    Returns:
        A :class:`Reading`. Never raises.
    """
    try:
        if problem.kind == "expression":
            return Reading(True, parse(text, tuple(problem.variables)).echo)
        if problem.kind == "scalar":
            answer = _answer_number(problem)
            parsed = parse(text, allow_vectors=False, percent=0.0 <= answer <= 1.0)
            value = parsed.value()
            echo = parsed.echo if parsed.is_plain_number else f"{parsed.echo} = {fmt(value, 6)}"
            return Reading(True, echo)
        if problem.kind in ("vector", "matrix", "labels"):
            if problem.kind == "labels":
                shape = _Shape(1, len(list(problem.answer)), "labels")
            else:
                _, shape = _answer_grid(problem)
            parsed = parse(text, allow_vectors=True)
            _values(parsed, _entry_nodes(parsed, shape))
            return Reading(True, parsed.echo)
        if problem.kind == "choice":
            chosen = {
                _option_index(match, len(problem.options), text) + 1
                for match in _CHOICE_ITEM.finditer(text)
            }
            return Reading(bool(chosen), " ".join(str(i) for i in sorted(chosen)))
        unknown = _text("This answer kind cannot be read.", "无法读取这类答案。")
        return Reading(False, message=unknown)
    except ExpressionError as error:
        return Reading(False, message=error.feedback())
    except Exception as error:  # noqa: BLE001 - a preview must never crash the app
        return Reading(
            False,
            message=_text(
                f"This answer cannot be read ({type(error).__name__}).",
                f"无法读取这个答案（{type(error).__name__}）。",
            ),
        )


# ---------------------------------------------------------------------------------------------
# Verdicts


def _invalid(feedback: Text) -> Verdict:
    return Verdict(status="invalid", score=0.0, feedback=feedback)


def _correct(echo: str, note: Text | None = None) -> Verdict:
    feedback = _text("Correct.", "正确。")
    if note:
        feedback = _join(feedback, note)
    return Verdict(status="correct", score=1.0, feedback=feedback, echo=echo)


def _incorrect(
    echo: str,
    mistake: Mistake | None,
    generic: Text,
    *,
    score: float = 0.0,
    wrong_entries: tuple[Any, ...] = (),
) -> Verdict:
    return Verdict(
        status="incorrect",
        score=score,
        feedback=dict(mistake.feedback) if mistake else generic,
        mistake=mistake.id if mistake else None,
        echo=echo,
        wrong_entries=wrong_entries,
    )


def _read_as(echo: str) -> Text:
    return _text(f"Your answer was read as {echo}.", f"你的答案被理解为 {echo}。")


def _join(*parts: Text) -> Text:
    """Sentences one after another: spaced in English, not after Chinese punctuation."""
    chinese = ""
    for part in parts:
        spaced = chinese and not chinese.endswith(_CHINESE_STOPS)
        chinese += (" " if spaced else "") + part["zh"]
    return {"en": " ".join(part["en"] for part in parts), "zh": chinese}


#: Full-width punctuation ends a Chinese sentence or clause with its own space.
_CHINESE_STOPS = tuple("。，、；：！？）」』》")


def _tolerance_words(tolerance: Tolerance) -> Text:
    if tolerance.rel > 0:
        share = f"{tolerance.rel * 100:g}"
        return _text(f"within {share} % of the exact value", f"与精确值相差不超过 {share}%")
    return _text(f"within ±{tolerance.abs:g}", f"误差不超过 ±{tolerance.abs:g}")


def _first_mistake(problem: Problem, matches: Callable[[Any], bool]) -> Mistake | None:
    """The first of the problem's mistakes whose value ``matches``; malformed ones are skipped."""
    for mistake in problem.mistakes:
        try:
            if matches(mistake.value):
                return mistake
        except (TypeError, ValueError, ArithmeticError):
            continue
    return None


def _generic(mistake_id: str, en: str, zh: str) -> Mistake:
    return Mistake(id=mistake_id, value=None, feedback=_text(en, zh))


def _sign_mistake() -> Mistake:
    return _generic(
        SIGN_ERROR,
        "Check the sign: your answer has the right size but the opposite sign.",
        "检查符号：你的答案大小对了，但符号相反。",
    )


def _factor_n_mistakes(problem: Problem) -> list[tuple[float, Mistake]]:
    """(factor, mistake) pairs for an answer ``factor`` times the right one, when data has n."""
    n = problem.data.get("n") if isinstance(problem.data, dict) else None
    if isinstance(n, bool) or not isinstance(n, int) or n < 2:
        return []
    return [
        (
            float(n),
            _generic(
                MISSING_DIVIDE_BY_N,
                f"Your answer is n = {n} times too large: did you sum where the formula "
                "takes the mean (divide by n)?",
                f"你的答案大了 n = {n} 倍：公式里是取平均（除以 n），你是否只求了和？",
            ),
        ),
        (
            1.0 / n,
            _generic(
                EXTRA_DIVIDE_BY_N,
                f"Your answer is n = {n} times too small: did you divide by n where the "
                "formula has no mean?",
                f"你的答案小了 n = {n} 倍：公式里没有取平均，你是否多除了 n？",
            ),
        ),
    ]


# ---------------------------------------------------------------------------------------------
# Scalars


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        value = float(getattr(value, "item", lambda: value)())
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"not a finite number: {value!r}")
    return number


def _answer_number(problem: Problem) -> float:
    try:
        return _number(problem.answer)
    except (TypeError, ValueError) as error:
        raise _ProblemError("its answer is not a number") from error


def _grade_scalar(problem: Problem, text: str) -> Verdict:
    answer = _answer_number(problem)
    tolerance = problem.tolerance
    is_ratio = 0.0 <= answer <= 1.0
    parsed = parse(text, allow_vectors=False, percent=is_ratio)
    value = parsed.value()
    echo = parsed.echo if parsed.is_plain_number else f"{parsed.echo} = {fmt(value, 6)}"
    if tolerance.accepts(value, answer):
        return _correct(echo, _more_precisely(fmt(answer, 6)) if value != answer else None)
    mistake = _first_mistake(problem, lambda wrong: tolerance.accepts(value, _number(wrong)))
    if mistake is None:
        mistake = _generic_scalar_mistake(problem, value, answer, is_ratio)
    expected = _join(
        _text("Not right.", "不对。"),
        _read_as(echo),
        _text("The answer is a single number,", "答案是一个数，"),
        _tolerance_words(tolerance),
    )
    return _incorrect(echo, mistake, _with_full_stop(expected))


def _more_precisely(exact: str) -> Text:
    return _text(f"(More precisely: {exact}.)", f"（更精确的值：{exact}。）")


def _with_full_stop(text: Text) -> Text:
    return {"en": text["en"] + ".", "zh": text["zh"] + "。"}


def _generic_scalar_mistake(
    problem: Problem, value: float, answer: float, is_ratio: bool
) -> Mistake | None:
    tolerance = problem.tolerance
    if not tolerance.accepts(0.0, answer) and tolerance.accepts(-value, answer):
        return _sign_mistake()
    for factor, mistake in _factor_n_mistakes(problem):
        if tolerance.accepts(value, answer * factor):
            return mistake
    if is_ratio and answer > 0 and tolerance.accepts(value / 100, answer):
        return _generic(
            PERCENT_SCALE,
            f"{fmt(value)} looks like a percentage: write it with % ({fmt(value)}%) or as a "
            "fraction of 1.",
            f"{fmt(value)} 看起来是百分数：请加上 %（{fmt(value)}%）或写成小于 1 的小数。",
        )
    return None


# ---------------------------------------------------------------------------------------------
# Vectors and matrices

Grid = list[list[float]]
_Entry = TypeVar("_Entry")


@dataclass(frozen=True)
class _Shape:
    rows: int
    columns: int
    kind: str  # vector, matrix, labels

    def words(self) -> Text:
        if self.kind == "matrix":
            return _text(
                f"a {self.rows}×{self.columns} matrix ({self.rows} rows of {self.columns} "
                "numbers; separate rows with ';', e.g. 1 2; 3 4)",
                f"一个 {self.rows}×{self.columns} 矩阵（{self.rows} 行，每行 {self.columns} 个数；"
                "行之间用 ';' 分隔，例如 1 2; 3 4）",
            )
        if self.kind == "labels":
            return _text(
                f"{self.columns} labels (one whole number per point, e.g. 0 1 1 0)",
                f"{self.columns} 个标签（每个点一个整数，例如 0 1 1 0）",
            )
        return _text(
            f"{self.columns} numbers (a vector, e.g. 1 2 3)",
            f"{self.columns} 个数（一个向量，例如 1 2 3）",
        )


def _answer_grid(problem: Problem) -> tuple[Grid, _Shape]:
    """The problem's answer as rows of floats, and its shape."""
    try:
        answer = problem.answer.tolist() if hasattr(problem.answer, "tolist") else problem.answer
        if problem.kind == "matrix":
            grid = [[_number(x) for x in row] for row in answer]
            if not grid or not grid[0] or any(len(row) != len(grid[0]) for row in grid):
                raise ValueError("ragged")
            return grid, _Shape(len(grid), len(grid[0]), "matrix")
        row = [_number(x) for x in answer]
        if not row:
            raise ValueError("empty")
        return [row], _Shape(1, len(row), problem.kind)
    except (TypeError, ValueError) as error:
        raise _ProblemError(f"its answer is not a {problem.kind}") from error


def _describe(tree: Node) -> Text:
    """What was typed, in shape words: '2 numbers', 'a 2×3 matrix'."""
    if not isinstance(tree, Sequence):
        return _text("1 number", "1 个数")
    if all(isinstance(item, Sequence) for item in tree.items):
        lengths = {len(item.items) for item in tree.items if isinstance(item, Sequence)}
        if len(lengths) == 1:
            (columns,) = lengths
            return _text(
                f"a {len(tree.items)}×{columns} matrix", f"一个 {len(tree.items)}×{columns} 矩阵"
            )
        return _text("rows of different lengths", "长度不同的几行")
    if any(isinstance(item, Sequence) for item in tree.items):
        return _text("a mix of numbers and rows", "数和行的混合")
    count = len(tree.items)
    return _text(f"{count} numbers", f"{count} 个数")


def _shape_error(parsed: Parsed, shape: _Shape, position: int) -> ExpressionError:
    expected, typed = shape.words(), _describe(parsed.tree)
    return ExpressionError(
        _text(
            f"Expected {expected['en']}; you typed {typed['en']}.",
            f"应为{expected['zh']}；你输入的是{typed['zh']}。",
        ),
        position,
        parsed.text,
    )


def _entry_nodes(parsed: Parsed, shape: _Shape) -> list[list[Node]]:
    """Arrange the typed entries into rows of the expected shape, or explain the mismatch."""
    tree = parsed.tree
    items: list[Node] = list(tree.items) if isinstance(tree, Sequence) else [tree]
    nested = [isinstance(item, Sequence) for item in items]
    rows: list[list[Node]]
    if all(nested):
        rows = [list(item.items) for item in items if isinstance(item, Sequence)]
        if any(isinstance(entry, Sequence) for row in rows for entry in row):
            raise _shape_error(parsed, shape, 0)
        if shape.rows == 1 and all(len(row) == 1 for row in rows):
            rows = [[row[0] for row in rows]]  # a column typed for a vector
    elif not any(nested):
        rows = [items]
    else:
        first_row = nested.index(True) if not nested[0] else nested.index(False)
        raise _shape_error(parsed, shape, _node_start(items[first_row]))
    for row in rows:
        if len(row) != len(rows[0]):
            raise _shape_error(parsed, shape, _node_start(row[0]) if row else 0)
    if len(rows) != shape.rows or len(rows[0]) != shape.columns:
        raise _shape_error(parsed, shape, _extra_position(parsed, rows, shape))
    return rows


def _extra_position(parsed: Parsed, rows: list[list[Node]], shape: _Shape) -> int:
    """Point at the first entry too many, or at the end when entries are missing."""
    if len(rows) > shape.rows:
        return _node_start(rows[shape.rows][0])
    if len(rows) == shape.rows and len(rows[0]) > shape.columns:
        return _node_start(rows[0][shape.columns])
    return len(parsed.text)


def _node_start(node: Node) -> int:
    while True:
        inner = getattr(node, "left", None) or (
            node.items[0] if isinstance(node, Sequence) and node.items else None
        )
        if inner is None:
            return node.position
        node = inner


def _values(parsed: Parsed, rows: list[list[Node]]) -> Grid:
    return [[Parsed(parsed.text, entry, ()).value() for entry in row] for row in rows]


def _right_entries(got: Grid, want: Grid, tolerance: Tolerance) -> list[list[bool]]:
    return [
        [tolerance.accepts(g, w) for g, w in zip(*rows, strict=True)]
        for rows in zip(got, want, strict=True)
    ]


def _negated(grid: Grid) -> Grid:
    return [[-x for x in row] for row in grid]


def _transposed(grid: list[list[_Entry]]) -> list[list[_Entry]]:
    return [list(column) for column in zip(*grid, strict=True)]


def _count(right: list[list[bool]]) -> int:
    return sum(map(sum, right))


def _best_signs(got: Grid, want: Grid, tolerance: Tolerance, shape: _Shape) -> list[list[bool]]:
    """Right entries after the sign flips that fit best (see the module docstring)."""
    as_typed = _right_entries(got, want, tolerance)
    flipped = _right_entries(_negated(got), want, tolerance)
    if shape.kind != "matrix":
        return flipped if _count(flipped) > _count(as_typed) else as_typed
    by_rows = [
        flip if sum(flip) > sum(typed) else typed
        for typed, flip in zip(as_typed, flipped, strict=True)
    ]
    by_columns = _transposed(
        [
            flip if sum(flip) > sum(typed) else typed
            for typed, flip in zip(_transposed(as_typed), _transposed(flipped), strict=True)
        ]
    )
    return max((as_typed, by_rows, by_columns), key=_count)


def _grid_matches(got: Grid, value: Any, problem: Problem, shape: _Shape) -> bool:
    want = (
        [[_number(x) for x in row] for row in value]
        if shape.kind == "matrix"
        else [[_number(x) for x in value]]
    )
    if [len(row) for row in want] != [len(row) for row in got]:
        return False
    if problem.sign_invariant:
        return (
            _count(_best_signs(got, want, problem.tolerance, shape)) == shape.rows * shape.columns
        )
    return problem.tolerance.accepts_all(got, want)


def _grade_array(problem: Problem, text: str) -> Verdict:
    want, shape = _answer_grid(problem)
    parsed = parse(text, allow_vectors=True)
    got = _values(parsed, _entry_nodes(parsed, shape))
    tolerance = problem.tolerance
    if problem.sign_invariant:
        right = _best_signs(got, want, tolerance, shape)
    else:
        right = _right_entries(got, want, tolerance)
    total, correct = shape.rows * shape.columns, _count(right)
    echo = parsed.echo
    if correct == total:
        note = None
        if not tolerance.accepts_all(got, want):
            note = _text(
                "(Up to sign, which is arbitrary here.)", "（相差一个符号，这里符号可以任意。）"
            )
        elif got != want:
            note = _more_precisely(_format_grid(want, shape))
        return _correct(echo, note)
    wrong = tuple(
        (r, c) if shape.kind == "matrix" else c
        for r, row in enumerate(right)
        for c, ok in enumerate(row)
        if not ok
    )
    mistake = _first_mistake(problem, lambda value: _grid_matches(got, value, problem, shape))
    if mistake is None:
        mistake = _generic_array_mistake(problem, got, want, shape)
    shown = ", ".join(
        f"({w[0] + 1}, {w[1] + 1})" if isinstance(w, tuple) else str(w + 1) for w in wrong
    )
    generic = _join(
        _text(
            f"{len(wrong)} of {total} entries are wrong (entry {shown}).",
            f"{total} 项中有 {len(wrong)} 项不对（第 {shown} 项）。",
        ),
        _read_as(echo),
    )
    return _incorrect(echo, mistake, generic, score=correct / total, wrong_entries=wrong)


def _format_grid(grid: Grid, shape: _Shape) -> str:
    rows = ["[" + ", ".join(fmt(x, 6) for x in row) + "]" for row in grid]
    return "[" + ", ".join(rows) + "]" if shape.kind == "matrix" else rows[0]


def _generic_array_mistake(
    problem: Problem, got: Grid, want: Grid, shape: _Shape
) -> Mistake | None:
    tolerance = problem.tolerance
    if not problem.sign_invariant and not tolerance.accepts_all(_zeros(want), want):
        if tolerance.accepts_all(_negated(got), want):
            return _sign_mistake()
    for factor, mistake in _factor_n_mistakes(problem):
        if tolerance.accepts_all(got, [[x * factor for x in row] for row in want]):
            return mistake
    if shape.kind == "matrix" and shape.rows == shape.columns and shape.rows > 1:
        if tolerance.accepts_all(_transposed(got), want) and not tolerance.accepts_all(
            _transposed(want), want
        ):
            return _generic(
                TRANSPOSED,
                "Your matrix is the transpose of the answer: check which index runs along "
                "the rows.",
                "你的矩阵是答案的转置：检查哪个下标对应行。",
            )
    return None


def _zeros(grid: Grid) -> Grid:
    return [[0.0 for _ in row] for row in grid]


# ---------------------------------------------------------------------------------------------
# Cluster labels

#: Up to this many distinct labels the best renaming is found by trying every one.
MAX_EXHAUSTIVE_LABELS = 7


def _labels(values: list[Any]) -> list[int]:
    labels = []
    for value in values:
        number = _number(value)
        if not number.is_integer():
            raise ValueError(f"not a whole number: {value!r}")
        labels.append(int(number))
    return labels


def _best_renaming(got: list[int], want: list[int]) -> dict[int, int]:
    """The one-to-one renaming of the learner's cluster ids that matches the most points."""
    pairs = Counter(zip(got, want, strict=True))
    mine, theirs = sorted(set(got)), sorted(set(want))
    if max(len(mine), len(theirs)) <= MAX_EXHAUSTIVE_LABELS:
        best: dict[int, int] = {}
        best_score = -1
        if len(mine) <= len(theirs):
            candidates = (
                dict(zip(mine, image, strict=True))
                for image in itertools.permutations(theirs, len(mine))
            )
        else:
            candidates = (
                dict(zip(chosen, theirs, strict=True))
                for chosen in itertools.permutations(mine, len(theirs))
            )
        for renaming in candidates:
            score = sum(pairs[(a, b)] for a, b in renaming.items())
            if score > best_score:
                best, best_score = renaming, score
        return best
    greedy: dict[int, int] = {}
    for (a, b), _ in pairs.most_common():  # greedy for many clusters
        if a not in greedy and b not in greedy.values():
            greedy[a] = b
    return greedy


def _grade_labels(problem: Problem, text: str) -> Verdict:
    try:
        want = _labels(list(problem.answer))
    except (TypeError, ValueError) as error:
        raise _ProblemError("its answer is not a list of labels") from error
    if not want:
        raise _ProblemError("its answer has no labels")
    shape = _Shape(1, len(want), "labels")
    parsed = parse(text, allow_vectors=True)
    (nodes,) = _entry_nodes(parsed, shape)
    got = []
    for node, (value,) in zip(nodes, _values(parsed, [[n] for n in nodes]), strict=True):
        if not float(value).is_integer():
            raise ExpressionError(
                _text(
                    "Labels are whole numbers (cluster ids), like 0 1 1 2.",
                    "标签是整数（簇的编号），例如 0 1 1 2。",
                ),
                _node_start(node),
                text,
            )
        got.append(int(value))
    renaming = _best_renaming(got, want)
    wrong = tuple(i for i, (g, w) in enumerate(zip(got, want, strict=True)) if renaming.get(g) != w)
    echo = "[" + ", ".join(map(str, got)) + "]"
    if not wrong:
        renamed = any(a != b for a, b in renaming.items())
        note = (
            _text("(Cluster ids may be named differently.)", "（簇的编号可以不同。）")
            if renamed
            else None
        )
        return _correct(echo, note)

    def same_clustering(value: Any) -> bool:
        other = _labels(list(value))
        if len(other) != len(got):
            return False
        mapping = _best_renaming(got, other)
        return all(mapping.get(g) == o for g, o in zip(got, other, strict=True))

    mistake = _first_mistake(problem, same_clustering)
    shown = ", ".join(str(i + 1) for i in wrong)
    generic = _join(
        _text(
            f"{len(wrong)} of {len(want)} points are in the wrong cluster (point {shown}), "
            "even allowing the clusters to be renamed.",
            f"{len(want)} 个点中有 {len(wrong)} 个分错了簇（第 {shown} 个），"
            "已考虑簇编号可以不同。",
        ),
        _read_as(echo),
    )
    score = (len(want) - len(wrong)) / len(want)
    return _incorrect(echo, mistake, generic, score=score, wrong_entries=wrong)


# ---------------------------------------------------------------------------------------------
# Choices

_CHOICE_ITEM = re.compile(r"[^\s,，、;；]+")


def _grade_choice(problem: Problem, text: str) -> Verdict:
    count = len(problem.options)
    try:
        right = {int(i) for i in problem.answer}
    except (TypeError, ValueError) as error:
        raise _ProblemError("its answer is not a list of option indices") from error
    if count == 0 or not right or not right <= set(range(count)):
        raise _ProblemError("its options and answer do not fit together")
    if len(text) > MAX_LENGTH:
        parse(text)  # raises the standard "too long" error
    chosen: set[int] = set()
    for match in _CHOICE_ITEM.finditer(text):
        chosen.add(_option_index(match, count, text))
    if not chosen:
        raise ExpressionError(
            _text(
                f"Type the number of your choice (1 to {count}); several are separated by spaces.",
                f"请输入选项编号（1 到 {count}）；多个编号用空格分隔。",
            ),
            0,
            text,
        )
    echo = ", ".join(str(i + 1) for i in sorted(chosen))
    if chosen == right:
        return _correct(echo)

    def same_choice(value: Any) -> bool:
        return {int(i) for i in value} == chosen

    mistake = _first_mistake(problem, same_choice)
    generic = _text(f"Not right: you chose {echo}.", f"不对：你选择了 {echo}。")
    return _incorrect(echo, mistake, generic)


def _option_index(match: re.Match[str], count: int, text: str) -> int:
    item = match.group().strip("()[].")
    if item.isdigit() and len(item) <= 3:
        index = int(item) - 1
    elif len(item) == 1 and item.isascii() and item.isalpha():
        index = ord(item.lower()) - ord("a")
    else:
        raise ExpressionError(
            _text(
                f"'{match.group()}' is not an option: type option numbers such as 1 or 1 3.",
                f"'{match.group()}' 不是选项：请输入选项编号，例如 1 或 1 3。",
            ),
            match.start(),
            text,
        )
    if not 0 <= index < count:
        raise ExpressionError(
            _text(
                f"There is no option {match.group()}: the options are 1 to {count}.",
                f"没有选项 {match.group()}：选项为 1 到 {count}。",
            ),
            match.start(),
            text,
        )
    return index


# ---------------------------------------------------------------------------------------------
# Expressions


def _grade_expression(problem: Problem, text: str) -> Verdict:
    variables = tuple(problem.variables)
    learner = parse(text, variables)
    answer = str(problem.answer)
    targets = [answer, *(str(m.value) for m in problem.mistakes), f"-({answer})"]
    outcomes = _CHECKER.compare(text, variables, targets, seed=problem.seed)
    if outcomes is None:
        return _invalid(
            _text(
                "The expression checker could not start, so this answer was not counted.",
                "表达式检查程序无法启动，因此这个答案不计入。",
            )
        )
    echo = learner.echo
    first = outcomes.get(0)
    if first is None:
        return _invalid(
            _text(
                f"This expression is too complex to check in {CHECK_SECONDS:g} s: simplify it "
                "and try again (it was not counted).",
                f"这个表达式太复杂，{CHECK_SECONDS:g} 秒内无法检查："
                "请化简后再试（不计入作答次数）。",
            )
        )
    if first == "unreadable":
        raise _ProblemError("its answer is not a valid expression")
    if first == "equal":
        return _correct(echo)
    mistake = None
    for index, outcome in sorted(outcomes.items()):
        if index > 0 and outcome == "equal":
            is_sign = index == len(targets) - 1
            mistake = _sign_mistake() if is_sign else problem.mistakes[index - 1]
            break
    names = ", ".join(render(Symbol(name, 0)) for name in variables) or "—"
    generic = _join(
        _text("Not equivalent to the answer.", "与答案不等价。"),
        _read_as(echo),
        _text(f"The answer is an expression in {names}.", f"答案是关于 {names} 的表达式。"),
    )
    if re.search(r"\blog\b", text):
        generic = _join(
            generic, _text("(log means the natural logarithm, ln.)", "（log 表示自然对数 ln。）")
        )
    return _incorrect(echo, mistake, generic)


_GRADERS: dict[str, Callable[[Problem, str], Verdict]] = {
    "scalar": _grade_scalar,
    "vector": _grade_array,
    "matrix": _grade_array,
    "labels": _grade_labels,
    "choice": _grade_choice,
    "expression": _grade_expression,
}


# ---------------------------------------------------------------------------------------------
# The checker process


class _OutOfTime(BaseException):
    """Raised by the alarm inside the checker process (BaseException: SymPy can't swallow it)."""


def _within(
    seconds: float, check: Callable[[Parsed, Parsed], bool], left: Parsed, right: Parsed
) -> bool | None:
    """Run a symbolic check for at most ``seconds``; None when it ran out of time."""
    if not hasattr(signal, "setitimer"):
        return check(left, right)  # no interval timers (Windows): the outer kill still bounds it

    def on_alarm(signum: int, frame: Any) -> None:
        raise _OutOfTime

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return check(left, right)
    except _OutOfTime:
        return None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _compare_all(
    learner_text: str, variables: tuple[str, ...], targets: list[str], seed: int
) -> Iterator[tuple[int, str]]:
    """Yield (index, outcome) for each target until the first one equal to the learner's text."""
    learner = parse(learner_text, variables)

    def symbolic(left: Parsed, right: Parsed, numeric: Agreement) -> bool | None:
        budget = CONFIRM_SECONDS if numeric == "agree" else SYMBOLIC_SECONDS
        return _within(budget, symbolically_equal, left, right)

    for index, target in enumerate(targets):
        try:
            other = parse(target, variables)
        except ExpressionError:
            yield index, "unreadable"
            continue
        try:
            same = equivalent(learner, other, seed=seed, symbolic=symbolic)
        except Exception:  # noqa: BLE001 - SymPy can fail on odd input; report, don't die
            yield index, "error"
            continue
        yield index, "equal" if same else "different"
        if same:
            return


def serve_checker(requests: TextIO = sys.stdin, replies: TextIO = sys.stdout) -> None:
    """Run the checker loop: one JSON request per line in, one JSON reply per line out.

    This is what the checker process runs (``python -c "from engine.grading import
    serve_checker; serve_checker()"``); a request is ``{"id", "text", "variables", "targets",
    "seed"}``, replies are ``{"id", "index", "outcome"}`` per target and ``{"id", "done": true}``.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the app, which stops us
    warm = parse("x + 1", ("x",))
    symbolically_equal(warm, parse("1 + x", ("x",)))  # loads SymPy and its caches now

    def reply(**message: Any) -> None:
        replies.write(json.dumps(message) + "\n")
        replies.flush()

    reply(ready=True)
    for line in requests:
        try:
            request = json.loads(line)
            request_id = request["id"]
        except (ValueError, KeyError, TypeError):
            continue
        try:
            variables = tuple(request["variables"])
            compared = _compare_all(request["text"], variables, request["targets"], request["seed"])
            for index, outcome in compared:
                reply(id=request_id, index=index, outcome=outcome)
        except (ExpressionError, KeyError, TypeError, ValueError):
            reply(id=request_id, index=0, outcome="error")
        reply(id=request_id, done=True)


_CHECKER_COMMAND = "from engine.grading import serve_checker; serve_checker()"


class _Checker:
    """A long-lived child process for SymPy work, killed and replaced when a check overruns.

    It is a plain ``python -c`` subprocess speaking JSON lines (not multiprocessing, whose
    spawn method re-runs an unguarded ``__main__`` script); a reader thread moves its replies
    into a queue so the wait for them can time out.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: subprocess.Popen[str] | None = None
        self._replies: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._ready = False
        self._request_ids = itertools.count()

    def start(self) -> None:
        """Start the process if it is not running (returns without waiting for it)."""
        with self._lock:
            self._start()

    def stop(self) -> None:
        """Stop the process."""
        with self._lock:
            self._kill()

    def compare(
        self, learner_text: str, variables: tuple[str, ...], targets: list[str], *, seed: int
    ) -> dict[int, str] | None:
        """Compare the learner's expression with each target, within CHECK_SECONDS.

        Returns:
            {target index: "equal" | "different" | "unreadable" | "error"} for the targets
            checked in time (in order, stopping at the first equal one); None when the
            checker process cannot be started.
        """
        with self._lock:
            if not self._await_ready():
                return None
            assert self._process is not None and self._process.stdin is not None
            request_id = next(self._request_ids)
            request = {
                "id": request_id,
                "text": learner_text,
                "variables": list(variables),
                "targets": targets,
                "seed": seed,
            }
            results: dict[int, str] = {}
            try:
                self._process.stdin.write(json.dumps(request) + "\n")
                self._process.stdin.flush()
                deadline = time.monotonic() + CHECK_SECONDS
                while (remaining := deadline - time.monotonic()) > 0:
                    reply = self._replies.get(timeout=remaining)
                    if reply is None:  # the process ended
                        break
                    if reply.get("id") != request_id:
                        continue
                    if reply.get("done"):
                        return results
                    results[int(reply["index"])] = str(reply["outcome"])
            except (queue.Empty, OSError, ValueError):
                pass
            self._kill()  # overran (or died): replace it, warming up while the learner reads
            self._start()
            return results

    def _start(self) -> None:
        if self._process is not None and self._process.poll() is None:
            return
        self._kill()
        package_root = str(Path(__file__).resolve().parent.parent)
        environment = dict(os.environ)
        environment["PYTHONPATH"] = os.pathsep.join(
            filter(None, [package_root, environment.get("PYTHONPATH")])
        )
        try:
            process = subprocess.Popen(
                [sys.executable, "-c", _CHECKER_COMMAND],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
                encoding="utf-8",
                env=environment,
            )
        except OSError:
            return
        replies: queue.Queue[dict[str, Any] | None] = queue.Queue()
        reader = threading.Thread(
            target=_read_replies, args=(process, replies), name="checker-replies", daemon=True
        )
        reader.start()
        self._process, self._replies, self._ready = process, replies, False

    def _await_ready(self) -> bool:
        self._start()
        if self._ready:
            return True
        if self._process is None:
            return False
        try:
            reply = self._replies.get(timeout=STARTUP_SECONDS)
            self._ready = reply is not None and bool(reply.get("ready"))
        except queue.Empty:
            self._ready = False
        if not self._ready:
            self._kill()
        return self._ready

    def _kill(self) -> None:
        process, self._process, self._ready = self._process, None, False
        if process is None:
            return
        process.kill()
        process.wait(timeout=5)
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                try:
                    stream.close()
                except OSError:
                    pass


def _read_replies(process: subprocess.Popen[str], replies: queue.Queue[Any]) -> None:
    """Move the checker's JSON replies into a queue; None marks the end of the process."""
    assert process.stdout is not None
    try:
        for line in process.stdout:
            try:
                replies.put(json.loads(line))
            except ValueError:
                continue
    except (OSError, ValueError):
        pass
    replies.put(None)


_CHECKER = _Checker()
atexit.register(_CHECKER.stop)


def start_checker() -> None:
    """Start the expression checker process now, so the first expression answer is fast."""
    _CHECKER.start()


def stop_checker() -> None:
    """Stop the expression checker process (it restarts on the next expression answer)."""
    _CHECKER.stop()
