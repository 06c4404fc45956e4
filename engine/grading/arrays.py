"""Vectors and matrices: entries compared one by one, partial credit, signs where arbitrary."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, TypeVar

from engine import precision
from engine.expr import ExpressionError, Node, Parsed, Sequence, parse
from engine.expr.tree import Negate, Number
from engine.expr.errors import bilingual as _text
from engine.formatting import fmt, fmt_denoised
from engine.grading.verdicts import (
    TRANSPOSED,
    ProblemError,
    Reading,
    as_number,
    correct_to,
    factor_n_mistakes,
    fewer_digits,
    first_mistake,
    generic_mistake,
    graded_at,
    incorrect,
    invalid,
    join,
    more_precisely,
    read_as,
    sign_mistake,
    start_mistake,
)
from engine.problem import Mistake, Problem, Text, Tolerance, Verdict

Grid = list[list[float]]
_Entry = TypeVar("_Entry")


@dataclass(frozen=True)
class Shape:
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


def answer_grid(problem: Problem) -> tuple[Grid, Shape]:
    """The problem's answer as rows of floats, and its shape."""
    try:
        answer = problem.answer.tolist() if hasattr(problem.answer, "tolist") else problem.answer
        if problem.kind == "matrix":
            grid = [[as_number(x) for x in row] for row in answer]
            if not grid or not grid[0] or any(len(row) != len(grid[0]) for row in grid):
                raise ValueError("ragged")
            return grid, Shape(len(grid), len(grid[0]), "matrix")
        row = [as_number(x) for x in answer]
        if not row:
            raise ValueError("empty")
        return [row], Shape(1, len(row), problem.kind)
    except (TypeError, ValueError) as error:
        raise ProblemError(f"its answer is not a {problem.kind}") from error


def _describe(tree: Node) -> Text:
    """What was typed, in shape words: '2 numbers', 'a 2×3 matrix'."""
    if not isinstance(tree, Sequence):
        return _text("1 number", "1 个数")
    rows = [item for item in tree.items if isinstance(item, Sequence)]
    if any(isinstance(entry, Sequence) for row in rows for entry in row.items):
        return _text(
            "brackets nested too deeply (entries that are lists themselves)",
            "嵌套过深的括号（有的元素本身又是列表）",
        )
    if all(isinstance(item, Sequence) for item in tree.items):
        lengths = {len(item.items) for item in rows}
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


def _shape_error(parsed: Parsed, shape: Shape, position: int) -> ExpressionError:
    expected, typed = shape.words(), _describe(parsed.tree)
    if expected["en"].split(" (")[0] == typed["en"]:  # never "expected 2×2; you typed 2×2"
        typed = _text("another arrangement of brackets", "另一种括号排列")
    return ExpressionError(
        _text(
            f"Expected {expected['en']}; you typed {typed['en']}.",
            f"应为{expected['zh']}；你输入的是{typed['zh']}。",
        ),
        position,
        parsed.text,
    )


def entry_nodes(parsed: Parsed, shape: Shape) -> list[list[Node]]:
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
        raise _shape_error(parsed, shape, node_start(items[first_row]))
    for row in rows:
        if len(row) != len(rows[0]):
            raise _shape_error(parsed, shape, node_start(row[0]) if row else 0)
    if len(rows) != shape.rows or len(rows[0]) != shape.columns:
        raise _shape_error(parsed, shape, _extra_position(parsed, rows, shape))
    return rows


def _extra_position(parsed: Parsed, rows: list[list[Node]], shape: Shape) -> int:
    """Point at the first entry too many, or at the end when entries are missing."""
    if len(rows) > shape.rows:
        return node_start(rows[shape.rows][0])
    if len(rows) == shape.rows and len(rows[0]) > shape.columns:
        return node_start(rows[0][shape.columns])
    return len(parsed.text)


def node_start(node: Node) -> int:
    while True:
        inner = getattr(node, "left", None) or (
            node.items[0] if isinstance(node, Sequence) and node.items else None
        )
        if inner is None:
            return node.position
        node = inner


def entry_values(parsed: Parsed, rows: list[list[Node]]) -> Grid:
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


def _best_signs(got: Grid, want: Grid, tolerance: Tolerance, shape: Shape) -> list[list[bool]]:
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


def _grid_matches(got: Grid, value: Any, problem: Problem, shape: Shape) -> bool:
    want = (
        [[as_number(x) for x in row] for row in value]
        if shape.kind == "matrix"
        else [[as_number(x) for x in value]]
    )
    if [len(row) for row in want] != [len(row) for row in got]:
        return False
    if problem.sign_invariant:
        return (
            _count(_best_signs(got, want, problem.tolerance, shape)) == shape.rows * shape.columns
        )
    return problem.tolerance.accepts_all(got, want)


def grade(problem: Problem, text: str) -> Verdict:
    want, shape = answer_grid(problem)
    parsed = parse(text, allow_vectors=True)
    got = entry_values(parsed, entry_nodes(parsed, shape))
    tolerance = problem.tolerance
    if problem.sign_invariant:
        right = _best_signs(got, want, tolerance, shape)
    else:
        right = _right_entries(got, want, tolerance)
    total, right_count = shape.rows * shape.columns, _count(right)
    echo = parsed.echo
    digits = [[_entry_digits(node) for node in row] for row in entry_nodes(parsed, shape)]
    if right_count == total:
        note = None
        if not tolerance.accepts_all(got, want):
            note = _text(
                "(Up to sign, which is arbitrary here.)", "（相差一个符号，这里符号可以任意。）"
            )
        elif got != want and _adds_digits(want, digits):
            note = more_precisely(_format_grid(want, shape))
        return correct_to(echo, tolerance, note)
    wrong = tuple(
        (r, c) if shape.kind == "matrix" else c
        for r, row in enumerate(right)
        for c, ok in enumerate(row)
        if not ok
    )

    def matches(value: Any) -> bool:
        return _grid_matches(got, value, problem, shape)

    # the starting value typed back is no step, never "right to fewer digits"
    no_step = start_mistake(problem, matches)
    if no_step is None:
        coarse = _fewer_digits_entries(got, want, digits, right, problem)
        if coarse is not None:
            return invalid(fewer_digits(echo, coarse, tolerance))
    mistake = first_mistake(problem, matches) or no_step
    if mistake is None:
        mistake = _generic_array_mistake(problem, got, want, shape)
    shown = ", ".join(
        f"({w[0] + 1}, {w[1] + 1})" if isinstance(w, tuple) else str(w + 1) for w in wrong
    )
    generic = join(
        _text(
            f"{len(wrong)} of {total} entries are wrong (entry {shown}).",
            f"{total} 项中有 {len(wrong)} 项不对（第 {shown} 项）。",
        ),
        read_as(echo),
    )
    if mistake is None:
        generic = join(generic, graded_at(tolerance))
    verdict = incorrect(echo, mistake, generic, score=right_count / total, wrong_entries=wrong)
    if mistake is None:
        return verdict
    return replace(verdict, feedback=join(verdict.feedback, graded_at(tolerance)))


def _entry_digits(node: Node) -> precision.Digits | None:
    """How precisely one entry was typed (None for a calculation, which is exact)."""
    if isinstance(node, Negate):
        node = node.operand
    return precision.digits(node.text) if isinstance(node, Number) else None


def _adds_digits(want: Grid, digits: list[list[precision.Digits | None]]) -> bool:
    """Whether the exact entries, at six significant figures, add digits the learner did not
    give (never for entries typed as calculations)."""
    for want_row, digits_row in zip(want, digits, strict=True):
        for exact, typed in zip(want_row, digits_row, strict=True):
            shown = precision.digits(fmt_denoised(exact, 6).replace("−", "-"))
            if typed is not None and shown is not None and shown.last_place < typed.last_place:
                return True
    return False


def _fewer_digits_entries(
    got: Grid,
    want: Grid,
    digits: list[list[precision.Digits | None]],
    right: list[list[bool]],
    problem: Problem,
) -> precision.Digits | None:
    """When every wrong entry is right only to fewer digits than asked, the coarsest of them
    (the answer is then not counted); otherwise None."""
    tolerance = problem.tolerance
    signs = (1.0, -1.0) if problem.sign_invariant else (1.0,)
    for sign in signs:
        coarsest: precision.Digits | None = None
        for got_row, want_row, digits_row, right_row in zip(got, want, digits, right, strict=True):
            entries = zip(got_row, want_row, digits_row, right_row, strict=True)
            for value, exact, typed, ok in entries:
                if ok and sign > 0:
                    continue
                if tolerance.accepts(sign * value, exact):
                    continue
                if typed is None or not precision.fewer_digits(tolerance, typed, value):
                    break
                if not precision.right_to_typed_digits(typed, sign * value, exact):
                    break
                if coarsest is None or typed.last_place > coarsest.last_place:
                    coarsest = typed
            else:
                continue
            break
        else:
            if coarsest is not None:
                return coarsest
    return None


def _format_grid(grid: Grid, shape: Shape) -> str:
    rows = ["[" + ", ".join(fmt(x, 6) for x in row) + "]" for row in grid]
    return "[" + ", ".join(rows) + "]" if shape.kind == "matrix" else rows[0]


def _generic_array_mistake(problem: Problem, got: Grid, want: Grid, shape: Shape) -> Mistake | None:
    tolerance = problem.tolerance
    if not problem.sign_invariant and not tolerance.accepts_all(_zeros(want), want):
        if tolerance.accepts_all(_negated(got), want):
            return sign_mistake()
    for factor, mistake in factor_n_mistakes(problem):
        if tolerance.accepts_all(got, [[x * factor for x in row] for row in want]):
            return mistake
    if shape.kind == "matrix" and shape.rows == shape.columns and shape.rows > 1:
        if tolerance.accepts_all(_transposed(got), want) and not tolerance.accepts_all(
            _transposed(want), want
        ):
            return generic_mistake(
                TRANSPOSED,
                "Your matrix is the transpose of the answer: check which index runs along "
                "the rows.",
                "你的矩阵是答案的转置：检查哪个下标对应行。",
            )
    return None


def _zeros(grid: Grid) -> Grid:
    return [[0.0 for _ in row] for row in grid]


def read(problem: Problem, text: str) -> Reading:
    """How ``text`` reads as a vector or matrix of the answer's shape."""
    _, shape = answer_grid(problem)
    parsed = parse(text, allow_vectors=True)
    entry_values(parsed, entry_nodes(parsed, shape))
    return Reading(True, parsed.echo)
