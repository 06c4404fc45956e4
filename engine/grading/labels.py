"""Cluster labels: right up to renaming the clusters (``1 1 0`` is the same as ``0 0 1``)."""

from __future__ import annotations

import itertools
from collections import Counter
from typing import Any

from engine.expr import ExpressionError, parse
from engine.expr.errors import bilingual as _text
from engine.grading.arrays import Shape, entry_nodes, entry_values, node_start
from engine.grading.verdicts import (
    ProblemError,
    Reading,
    as_number,
    correct,
    first_mistake,
    incorrect,
    join,
    read_as,
)
from engine.problem import Problem, Verdict

MAX_EXHAUSTIVE_LABELS = 7


def _labels(values: list[Any]) -> list[int]:
    labels = []
    for value in values:
        number = as_number(value)
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


def grade(problem: Problem, text: str) -> Verdict:
    try:
        want = _labels(list(problem.answer))
    except (TypeError, ValueError) as error:
        raise ProblemError("its answer is not a list of labels") from error
    if not want:
        raise ProblemError("its answer has no labels")
    shape = Shape(1, len(want), "labels")
    parsed = parse(text, allow_vectors=True)
    (nodes,) = entry_nodes(parsed, shape)
    got = []
    for node, (value,) in zip(nodes, entry_values(parsed, [[n] for n in nodes]), strict=True):
        if not float(value).is_integer():
            raise ExpressionError(
                _text(
                    "Labels are whole numbers (cluster ids), like 0 1 1 2.",
                    "标签是整数（簇的编号），例如 0 1 1 2。",
                ),
                node_start(node),
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
        return correct(echo, note)

    def same_clustering(value: Any) -> bool:
        other = _labels(list(value))
        if len(other) != len(got):
            return False
        mapping = _best_renaming(got, other)
        return all(mapping.get(g) == o for g, o in zip(got, other, strict=True))

    mistake = first_mistake(problem, same_clustering)
    shown = ", ".join(str(i + 1) for i in wrong)
    generic = join(
        _text(
            f"{len(wrong)} of {len(want)} points are in the wrong cluster (point {shown}), "
            "even allowing the clusters to be renamed.",
            f"{len(want)} 个点中有 {len(wrong)} 个分错了簇（第 {shown} 个），"
            "已考虑簇编号可以不同。",
        ),
        read_as(echo),
    )
    score = (len(want) - len(wrong)) / len(want)
    return incorrect(echo, mistake, generic, score=score, wrong_entries=wrong)


def read(problem: Problem, text: str) -> Reading:
    """How ``text`` reads as one label per point."""
    shape = Shape(1, len(list(problem.answer)), "labels")
    parsed = parse(text, allow_vectors=True)
    entry_values(parsed, entry_nodes(parsed, shape))
    return Reading(True, parsed.echo)
