"""Problem families on clustering beyond one Lloyd step: mini-batch updates, silhouette scores,
comparing two clusterings.

The answers come from :mod:`engine.kmeans` (the mini-batch step) and
:mod:`engine.cluster_metrics` (silhouette, adjusted Rand index); the recognised slips are the
ones candidates make: a centre jumping to its batch mean, a learning rate that does not follow
the count, the point itself counted in its own cluster's mean distance, the raw Rand index, or
label names compared as if they meant something.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from engine import cluster_metrics, kmeans
from engine.formatting import fmt_denoised as fmt
from engine.formatting import fmt_matrix_denoised as fmt_matrix
from engine.formatting import operand_denoised as operand
from engine.formatting import point_text, points_text, subscript
from engine.problem import Problem
from engine.problems._common import (
    SolutionLines,
    apart_from_answer,
    both,
    check_params,
    clean,
    draw_clear,
    make_mistake,
    plain,
)

#: Coordinates of points and centres are whole numbers in [0, GRID_MAX], so squared
#: distances are whole numbers and a tie in an assignment is exact (and redrawn).
GRID_MAX = 8
#: Below this gap two squared distances count as a tie.
TIE_GAP = 1e-9


# ----------------------------------------------------------------------- mini-batch step


def _centres_text(centres: np.ndarray, sep: str = ", ") -> str:
    return sep.join(f"c{subscript(j)} = {point_text(c)}" for j, c in enumerate(centres))


def _sequential_centre(
    centre: np.ndarray, members: np.ndarray, rates: Callable[[int], float]
) -> np.ndarray:
    """The centre after moving towards each member in turn: ``c ← c + η_i·(x_i − c)``, with
    ``η_i = rates(i)`` for the i-th member (from 1)."""
    moved = centre.astype(float)
    for i, point in enumerate(members, start=1):
        moved = moved + rates(i) * (point - moved)
    return moved


def _per_centre(
    centres: np.ndarray, batch: np.ndarray, labels: np.ndarray, move: Callable[..., np.ndarray]
) -> np.ndarray:
    """New centres from ``move(j, centre, members)`` for each centre that has members."""
    moved = centres.astype(float)
    for j, centre in enumerate(centres):
        members = batch[labels == j]
        if len(members):
            moved[j] = move(j, centre, members)
    return moved


def minibatch_step(seed: int, **params: Any) -> Problem:
    """One mini-batch k-means step with per-centre counts (Sculley's update, as scikit-learn's
    ``MiniBatchKMeans``): two centres with their counts, a batch of three or four points.

    Args:
        seed: the problem's seed.
        **params: none.

    Returns:
        The Problem; the answer is the new centres [[c₀′], [c₁′]] (a matrix, an update).
    """
    family = "kmeans.minibatch_step"
    check_params(family, params, set())

    def attempt(rng: np.random.Generator) -> Problem | None:
        centres = rng.integers(0, GRID_MAX + 1, size=(2, 2)).astype(float)
        if np.array_equal(centres[0], centres[1]):
            return None
        counts = rng.integers(2, 7, size=2).astype(float)
        batch = rng.integers(0, GRID_MAX + 1, size=(int(rng.integers(3, 5)), 2)).astype(float)
        squared = ((batch[:, np.newaxis, :] - centres[np.newaxis, :, :]) ** 2).sum(axis=-1)
        if np.any(np.abs(squared[:, 0] - squared[:, 1]) < TIE_GAP):
            return None
        step = kmeans.minibatch_step(batch, centres, counts)
        sizes = np.bincount(step.labels, minlength=2)
        if sizes.min() < 1 or sizes.max() < 2:
            return None  # both centres move, and one absorbs several points
        answer = clean(step.centers)
        lines = SolutionLines()
        for i, (row, label) in enumerate(zip(squared, step.labels, strict=True), start=1):
            lines.add(
                f"x{subscript(i)}: ‖x{subscript(i)} − c₀‖² = {fmt(row[0])}, "
                f"‖x{subscript(i)} − c₁‖² = {fmt(row[1])} → c{subscript(int(label))}"
            )
        for j in range(2):
            centre, count = centres[j].copy(), int(counts[j])
            for i in np.flatnonzero(step.labels == j):
                count += 1
                centre = centre + (batch[i] - centre) / count
                name, point = f"c{subscript(j)}", f"x{subscript(i + 1)}"
                lines.add(
                    f"{name}: v = {count - 1} + 1 = {count}, η = 1/{count}, "
                    f"{name} ← {name} + η·({point} − {name}) = {point_text(centre)}"
                )
        for j in range(2):
            names = " + ".join(f"x{subscript(i + 1)}" for i in np.flatnonzero(step.labels == j))
            total = int(step.counts[j])
            lines.add(
                f"Check: c{subscript(j)}′ = ({int(counts[j])}·c{subscript(j)} + {names})/{total} "
                f"= {point_text(answer[j])}, the mean of all {total} points it has absorbed",
                f"验算：c{subscript(j)}′ = ({int(counts[j])}·c{subscript(j)} + {names})/{total} "
                f"= {point_text(answer[j])}，即它吸收过的全部 {total} 个点的均值",
            )
        lines.add(f"[c₀′, c₁′] = {fmt_matrix(answer)}")
        labels = step.labels
        mistakes = apart_from_answer(
            [
                make_mistake(
                    "batch_mean_replaces_centre",
                    clean(_per_centre(centres, batch, labels, lambda j, c, m: m.mean(axis=0))),
                    "You moved each centre to the mean of its batch points (a Lloyd step on the "
                    "batch): that forgets every point absorbed before. With η = 1/v the centre "
                    "is the mean of all its points, the old centre counting v times.",
                    "你把每个中心直接移到了它在本批次中的点的均值（相当于在批次上做一次 Lloyd "
                    "迭代）：这样会丢掉之前吸收过的所有点。取 η = 1/v 时，中心是它所有点的均值，"
                    "旧中心按 v 个点计入。",
                ),
                make_mistake(
                    "rate_from_old_count",
                    clean(
                        _per_centre(
                            centres,
                            batch,
                            labels,
                            lambda j, c, m: _sequential_centre(
                                c, m, lambda i: 1 / (counts[j] + i - 1)
                            ),
                        )
                    ),
                    "You took η = 1/v with the count before adding the point: increment the "
                    "count first, then η = 1/v (the new point is one of v points).",
                    "你用加上这个点之前的计数算 η = 1/v：应先把计数加一，再取 η = 1/v"
                    "（新点是 v 个点中的一个）。",
                ),
                make_mistake(
                    "rate_fixed_for_batch",
                    clean(
                        _per_centre(
                            centres,
                            batch,
                            labels,
                            lambda j, c, m: _sequential_centre(c, m, lambda i: 1 / (counts[j] + 1)),
                        )
                    ),
                    "You kept one learning rate η = 1/(v + 1) for all the points a centre "
                    "receives in the batch: the count grows with every point, so η shrinks "
                    "from one point to the next.",
                    "你对一个中心在本批次收到的所有点都用了同一个学习率 η = 1/(v + 1)："
                    "计数每收到一个点就加一，所以 η 从一个点到下一个点会变小。",
                ),
            ],
            answer,
        )
        return Problem(
            family=family,
            seed=seed,
            prompt=both(
                f"Mini-batch k-means (Sculley's update with per-centre counts, as scikit-learn's "
                f"MiniBatchKMeans) has the centres {_centres_text(centres)}, which have absorbed "
                f"v₀ = {int(counts[0])} and v₁ = {int(counts[1])} points so far. The next "
                f"mini-batch is {points_text(batch)}. Assign every batch point to its nearest "
                "centre (Euclidean) before any centre moves, then move each centre towards its "
                "points one at a time with the learning rate η = 1/v, v the centre's count. "
                "What are the centres after this step? Answer as [[c₀′], [c₁′]], i.e. "
                "[[x, y], [x, y]].",
                f"mini-batch k-means（Sculley 的逐中心计数更新，与 scikit-learn 的 "
                f"MiniBatchKMeans 相同）的聚类中心为 {_centres_text(centres, '、')}，"
                f"到目前为止分别吸收了 v₀ = {int(counts[0])} 和 v₁ = {int(counts[1])} 个点。"
                f"下一个小批次为 {points_text(batch, '、')}。先在任何中心移动之前，把批次中的"
                "每个点分配给最近的中心（欧氏距离），再让每个中心逐个点地朝它的点移动，"
                "学习率 η = 1/v，v 为该中心的计数。这一步之后的聚类中心是什么？"
                "按 [[c₀′], [c₁′]] 的格式作答，即 [[x, y], [x, y]]。",
            ),
            data={"centers": plain(centres), "counts": plain(counts), "batch": plain(batch)},
            answer=answer,
            kind="matrix",
            start=clean(centres),
            hint=both(
                "For each point: add one to its centre's count v, then c ← c + (x − c)/v. "
                "The result is the mean of every point the centre has absorbed.",
                "对每个点：先把所属中心的计数 v 加一，再令 c ← c + (x − c)/v。"
                "结果就是该中心吸收过的所有点的均值。",
            ),
            solution=lines.text(),
            mistakes=tuple(mistakes),
            target_seconds=180,
        )

    return draw_clear(seed, attempt)


# ----------------------------------------------------------------------------- silhouette

#: Names of the three clusters of a silhouette problem.
CLUSTER_NAMES = ("A", "B", "C")
#: Points of a silhouette problem lie on a line at whole numbers in [0, LINE_MAX].
LINE_MAX = 20


def _set_text(values: np.ndarray) -> str:
    return "{" + ", ".join(fmt(v) for v in values) + "}"


def _mean_text(distances: np.ndarray) -> str:
    """``(3 + 5)/2 = 4``, or just ``3`` for one distance."""
    if len(distances) == 1:
        return fmt(distances[0])
    terms = " + ".join(fmt(d) for d in distances)
    return f"({terms})/{len(distances)} = {fmt(distances.mean())}"


#: What a silhouette problem asks for: one point's coefficient, or the mean over all points.
SILHOUETTE_SCOPES = ("point", "mean")


def silhouette(seed: int, **params: Any) -> Problem:
    """The silhouette coefficient of one point of a 1-D data set in three clusters, or the
    mean silhouette of five points in two clusters.

    Args:
        seed: the problem's seed.
        **params: ``scope``: ``"point"`` (default) for one point's coefficient, ``"mean"`` for
            the mean over all points (scikit-learn's ``silhouette_score``).

    Returns:
        The Problem; the answer is s = (b − a)/max(a, b), or its mean (a scalar).
    """
    family = "kmeans.silhouette"
    check_params(family, params, {"scope"})
    scope = params.get("scope", "point")
    if scope not in SILHOUETTE_SCOPES:
        raise ValueError(
            f"{family}: parameter 'scope' must be one of {SILHOUETTE_SCOPES}, not {scope!r}"
        )
    if scope == "mean":
        return _mean_silhouette(seed, family)

    def attempt(rng: np.random.Generator) -> Problem | None:
        sizes = [int(rng.integers(2, 4)), int(rng.integers(2, 4)), int(rng.integers(1, 4))]
        points = np.sort(rng.choice(LINE_MAX + 1, size=sum(sizes), replace=False)).astype(float)
        labels = np.repeat(np.arange(3), sizes)  # contiguous groups, as k-means gives on a line
        target = int(rng.integers(0, sizes[0] + sizes[1]))  # in A or B: at least one neighbour
        result = cluster_metrics.silhouette(points, labels)
        a, b, answer = float(result.a[target]), float(result.b[target]), result.values[target]
        if round(answer, 12) == 0:
            return None
        own = int(labels[target])
        x = points[target]
        mates = np.delete(points[labels == own], np.flatnonzero(points[labels == own] == x))
        others = [c for c in range(3) if c != own]
        nearest = int(result.nearest_other[target])
        outside = points[labels != own]
        a_with_self = float(np.abs(points[labels == own] - x).mean())
        b_all = float(np.abs(outside - x).mean())
        b_point = float(np.abs(outside - x).min())

        def score(a_value: float, b_value: float) -> float:
            return (b_value - a_value) / max(a_value, b_value)

        name = CLUSTER_NAMES[own]
        lines = SolutionLines()
        lines.add(
            f"a = mean distance from {fmt(x)} to the other points of {name} = "
            f"{_mean_text(np.abs(mates - x))}",
            f"a = {fmt(x)} 到 {name} 中其他点的平均距离 = {_mean_text(np.abs(mates - x))}",
        )
        for c in others:
            distances = np.abs(points[labels == c] - x)
            lines.add(
                f"mean distance to {CLUSTER_NAMES[c]} = {_mean_text(distances)}",
                f"到 {CLUSTER_NAMES[c]} 的平均距离 = {_mean_text(distances)}",
            )
        lines.add(
            f"b = the smaller, for {CLUSTER_NAMES[nearest]} = {fmt(b)}",
            f"b 取较小者，即 {CLUSTER_NAMES[nearest]} 的 {fmt(b)}",
        )
        lines.add(f"s = (b − a)/max(a, b) = ({fmt(b)} − {fmt(a)})/{fmt(max(a, b))} = {fmt(answer)}")
        mistakes = apart_from_answer(
            [
                make_mistake(
                    "point_counted_in_a",
                    clean(score(a_with_self, b)),
                    f"You averaged over all {sizes[own]} points of {name}, the point itself "
                    f"included: a averages over the other {sizes[own] - 1}, so divide by "
                    "|C| − 1.",
                    f"你对 {name} 的全部 {sizes[own]} 个点（包括该点自己）取了平均："
                    f"a 只对其他 {sizes[own] - 1} 个点取平均，要除以 |C| − 1。",
                ),
                make_mistake(
                    "b_over_all_other_points",
                    clean(score(a, b_all)),
                    "You took b as the mean distance to every point outside the cluster: b is "
                    "the mean distance to the nearest other cluster, computed cluster by "
                    "cluster, and the smallest is kept.",
                    "你把 b 取成了到簇外所有点的平均距离：b 应逐个簇计算平均距离，"
                    "再取其中最小的，即最近的其他簇。",
                ),
                make_mistake(
                    "b_from_nearest_point",
                    clean(score(a, b_point)),
                    "You took b as the distance to the nearest point of another cluster: b is "
                    "a mean distance over all the points of the nearest other cluster.",
                    "你把 b 取成了到其他簇中最近一个点的距离：b 是到最近的其他簇中所有点的"
                    "平均距离。",
                ),
                make_mistake(
                    "divided_by_a",
                    clean((b - a) / a),
                    "You divided by a: the silhouette divides by max(a, b), which keeps it "
                    "between −1 and 1.",
                    "你除以了 a：轮廓系数除以的是 max(a, b)，这样它才落在 −1 到 1 之间。",
                ),
            ],
            answer,
        )
        clusters_en = ", ".join(
            f"{CLUSTER_NAMES[c]} = {_set_text(points[labels == c])}" for c in range(3)
        )
        clusters_zh = "，".join(
            f"{CLUSTER_NAMES[c]} = {_set_text(points[labels == c])}" for c in range(3)
        )
        return Problem(
            family=family,
            seed=seed,
            prompt=both(
                f"Points on a line are clustered as {clusters_en}. With the distance |x − y|, "
                f"what is the silhouette coefficient of the point {fmt(x)} (as scikit-learn's "
                "silhouette_samples defines it)?",
                f"一条直线上的点被聚成 {clusters_zh}。距离取 |x − y|，点 {fmt(x)} 的轮廓系数"
                "是多少（按 scikit-learn 的 silhouette_samples 的定义）？",
            ),
            data={"points": plain(points), "labels": plain(labels), "target": target},
            answer=clean(answer),
            kind="scalar",
            hint=both(
                "a: mean distance to the other members of its own cluster; b: the smallest "
                "mean distance to another cluster; s = (b − a)/max(a, b).",
                "a：到本簇其他成员的平均距离；b：到其他各簇平均距离中的最小值；"
                "s = (b − a)/max(a, b)。",
            ),
            solution=lines.text(),
            mistakes=tuple(mistakes),
            target_seconds=120,
        )

    return draw_clear(seed, attempt)


#: Points in a mean-silhouette problem: few enough to do every one by hand.
MEAN_SILHOUETTE_POINTS = 5


def _mean_silhouette(seed: int, family: str) -> Problem:
    """The mean silhouette of five points on a line in two clusters."""

    def attempt(rng: np.random.Generator) -> Problem | None:
        first = int(rng.integers(2, MEAN_SILHOUETTE_POINTS - 1))
        sizes = [first, MEAN_SILHOUETTE_POINTS - first]
        points = np.sort(rng.choice(LINE_MAX + 1, size=sum(sizes), replace=False)).astype(float)
        labels = np.repeat(np.arange(2), sizes)
        result = cluster_metrics.silhouette(points, labels)
        answer = float(result.values.mean())
        if round(answer, 12) == 0:
            return None
        lines = SolutionLines()
        with_self, by_a = [], []
        for i, x in enumerate(points):
            own = labels[i]
            mates = np.delete(points[labels == own], np.flatnonzero(points[labels == own] == x))
            others = points[labels != own]
            a, b, s = result.a[i], result.b[i], result.values[i]
            a_self = float(np.abs(points[labels == own] - x).mean())
            with_self.append((b - a_self) / max(a_self, b))
            by_a.append((b - a) / a)
            lines.add(
                f"{fmt(x)} ({CLUSTER_NAMES[own]}): a = {_mean_text(np.abs(mates - x))}, "
                f"b = {_mean_text(np.abs(others - x))}, "
                f"s = ({fmt(b)} − {fmt(a)})/{fmt(max(a, b))} = {fmt(s)}",
                f"{fmt(x)}（{CLUSTER_NAMES[own]}）：a = {_mean_text(np.abs(mates - x))}，"
                f"b = {_mean_text(np.abs(others - x))}，"
                f"s = ({fmt(b)} − {fmt(a)})/{fmt(max(a, b))} = {fmt(s)}",
            )
        terms = " + ".join(operand(v) for v in result.values)
        lines.add(
            f"mean = ({terms})/{MEAN_SILHOUETTE_POINTS} = {fmt(answer)}",
            f"平均值 = ({terms})/{MEAN_SILHOUETTE_POINTS} = {fmt(answer)}",
        )
        per_cluster = [float(result.values[labels == c].mean()) for c in range(2)]
        mean_a, mean_b = float(result.a.mean()), float(result.b.mean())
        mistakes = apart_from_answer(
            [
                make_mistake(
                    "point_counted_in_a",
                    clean(np.mean(with_self)),
                    "You averaged each a over the whole cluster, the point itself included: a "
                    "averages over the other members only, so divide by |C| − 1.",
                    "你计算 a 时对整个簇取了平均（包括该点自己）：a 只对其他成员取平均，"
                    "要除以 |C| − 1。",
                ),
                make_mistake(
                    "mean_of_cluster_means",
                    clean(np.mean(per_cluster)),
                    "You averaged the two clusters' mean silhouettes: silhouette_score averages "
                    "over all points, so a bigger cluster weighs more.",
                    "你对两个簇各自的平均轮廓系数又取了平均：silhouette_score 是对所有点取平均，"
                    "点多的簇权重更大。",
                ),
                make_mistake(
                    "silhouette_of_mean_a_and_b",
                    clean((mean_b - mean_a) / max(mean_a, mean_b)),
                    "You averaged a and b over the points first and took one silhouette of the "
                    "averages: compute s for every point, then average the s values.",
                    "你先对所有点的 a 和 b 分别取平均，再用平均值算了一个轮廓系数："
                    "应先算出每个点的 s，再对 s 取平均。",
                ),
                make_mistake(
                    "divided_by_a",
                    clean(np.mean(by_a)),
                    "You divided by a: each silhouette divides by max(a, b), which keeps it "
                    "between −1 and 1.",
                    "你除以了 a：每个点的轮廓系数除以的是 max(a, b)，这样它才落在 −1 到 1 之间。",
                ),
            ],
            answer,
        )
        clusters_en = " and ".join(
            f"{CLUSTER_NAMES[c]} = {_set_text(points[labels == c])}" for c in range(2)
        )
        clusters_zh = " 和 ".join(
            f"{CLUSTER_NAMES[c]} = {_set_text(points[labels == c])}" for c in range(2)
        )
        return Problem(
            family=family,
            seed=seed,
            prompt=both(
                f"Points on a line are clustered as {clusters_en}. With the distance |x − y|, "
                "what is the mean silhouette coefficient over all the points (scikit-learn's "
                "silhouette_score)?",
                f"一条直线上的点被聚成 {clusters_zh}。距离取 |x − y|，所有点的平均轮廓系数"
                "是多少（scikit-learn 的 silhouette_score）？",
            ),
            data={"points": plain(points), "labels": plain(labels), "scope": "mean"},
            answer=clean(answer),
            kind="scalar",
            hint=both(
                "For every point: a = mean distance to the rest of its cluster, b = mean "
                "distance to the other cluster, s = (b − a)/max(a, b); then average the s.",
                "对每个点：a = 到本簇其余点的平均距离，b = 到另一个簇的平均距离，"
                "s = (b − a)/max(a, b)；再对所有 s 取平均。",
            ),
            solution=lines.text(),
            mistakes=tuple(mistakes),
            target_seconds=300,
        )

    return draw_clear(seed, attempt)


# ------------------------------------------------------------------- adjusted Rand index


def _labels_text(labels: np.ndarray) -> str:
    return "[" + ", ".join(str(int(v)) for v in labels) + "]"


def _pairs_text(counts: np.ndarray) -> str:
    """``C(3, 2) + C(2, 2) = 3 + 1 = 4`` over the counts of at least two points."""
    kept = [int(m) for m in counts if m >= 2]
    if not kept:
        return "0"
    terms = " + ".join(f"C({m}, 2)" for m in kept)
    values = [m * (m - 1) // 2 for m in kept]
    if len(kept) == 1:
        return f"{terms} = {values[0]}"
    return f"{terms} = {' + '.join(str(v) for v in values)} = {sum(values)}"


def adjusted_rand_index(seed: int, **params: Any) -> Problem:
    """The adjusted Rand index of two labelings of six to eight points.

    Args:
        seed: the problem's seed.
        **params: none.

    Returns:
        The Problem; the answer is the ARI (a scalar, possibly negative).
    """
    family = "kmeans.adjusted_rand_index"
    check_params(family, params, set())

    def attempt(rng: np.random.Generator) -> Problem | None:
        n = int(rng.integers(6, 9))
        classes = np.sort(rng.integers(0, int(rng.integers(2, 4)), size=n))
        clusters = rng.integers(0, int(rng.integers(2, 4)), size=n)
        if len(set(classes)) < 2 or len(set(clusters)) < 2:
            return None
        counts = cluster_metrics.pair_counts(classes, clusters)
        answer = cluster_metrics.adjusted_rand_index(classes, clusters)
        if counts.together_both == 0 or round(answer, 12) in (0.0, 1.0):
            return None
        table = cluster_metrics.contingency_table(classes, clusters)
        lines = SolutionLines()
        lines.add(
            f"Contingency table nᵢⱼ (rows: y = {', '.join(map(str, np.unique(classes)))}; "
            f"columns: ŷ = {', '.join(map(str, np.unique(clusters)))}): "
            f"{fmt_matrix(table)}",
            f"列联表 nᵢⱼ（行：y = {', '.join(map(str, np.unique(classes)))}；"
            f"列：ŷ = {', '.join(map(str, np.unique(clusters)))}）：{fmt_matrix(table)}",
        )
        lines.add(
            f"pairs together in both: Σ C(nᵢⱼ, 2) = {_pairs_text(table.ravel())}",
            f"两种标注中都同簇的点对：Σ C(nᵢⱼ, 2) = {_pairs_text(table.ravel())}",
        )
        rows, columns = table.sum(axis=1), table.sum(axis=0)
        lines.add(
            f"row sums {_labels_text(rows)}: Σ C(aᵢ, 2) = {_pairs_text(rows)}",
            f"行和 {_labels_text(rows)}：Σ C(aᵢ, 2) = {_pairs_text(rows)}",
        )
        lines.add(
            f"column sums {_labels_text(columns)}: Σ C(bⱼ, 2) = {_pairs_text(columns)}",
            f"列和 {_labels_text(columns)}：Σ C(bⱼ, 2) = {_pairs_text(columns)}",
        )
        first, second = counts.together_first, counts.together_second
        lines.add(
            f"expected = {first}·{second}/C({n}, 2) = {first * second}/{counts.total} "
            f"= {fmt(counts.expected)}",
            f"期望值 = {first}·{second}/C({n}, 2) = {first * second}/{counts.total} "
            f"= {fmt(counts.expected)}",
        )
        lines.add(
            f"max = ({first} + {second})/2 = {fmt(counts.maximum)}",
            f"最大值 = ({first} + {second})/2 = {fmt(counts.maximum)}",
        )
        lines.add(
            f"ARI = ({counts.together_both} − {fmt(counts.expected)})/"
            f"({fmt(counts.maximum)} − {fmt(counts.expected)}) = {fmt(answer)}"
        )
        mistakes = apart_from_answer(
            [
                make_mistake(
                    "rand_index_unadjusted",
                    clean(cluster_metrics.rand_index(classes, clusters)),
                    "That is the Rand index, the share of pairs the labelings agree on. The "
                    "adjusted index subtracts what chance would give: "
                    "(index − expected)/(max − expected), with pairs counted in the "
                    "contingency table.",
                    "这是兰德指数，即两种标注意见一致的点对所占的比例。调整兰德指数还要减去"
                    "随机情况下的期望：(index − expected)/(max − expected)，点对从列联表中数出。",
                ),
                make_mistake(
                    "exact_label_matches",
                    clean(float(np.mean(classes == clusters))),
                    "You counted the points whose two labels are the same number: cluster ids "
                    "are only names, so the ARI compares pairs of points (together or apart), "
                    "never the label values.",
                    "你数的是两个标签数值相同的点：簇编号只是名字，ARI 比较的是点对"
                    "（同簇还是不同簇），从不比较标签的值。",
                ),
            ],
            answer,
        )
        return Problem(
            family=family,
            seed=seed,
            prompt=both(
                f"Two labelings of the same {n} points: classes y = {_labels_text(classes)} "
                f"and clusters ŷ = {_labels_text(clusters)}. What is their adjusted Rand index "
                "(Hubert and Arabie's, as scikit-learn's adjusted_rand_score)?",
                f"同一组 {n} 个点的两种标注：类别 y = {_labels_text(classes)}，"
                f"聚类结果 ŷ = {_labels_text(clusters)}。它们的调整兰德指数是多少"
                "（Hubert 和 Arabie 的定义，与 scikit-learn 的 adjusted_rand_score 相同）？",
            ),
            data={"classes": plain(classes), "clusters": plain(clusters)},
            answer=clean(answer),
            kind="scalar",
            hint=both(
                "Build the contingency table; count the pairs together in both labelings, in "
                "each one alone, and all pairs; then (index − expected)/(max − expected).",
                "先建列联表；数出两种标注中都同簇的点对、各自同簇的点对和全部点对；"
                "再算 (index − expected)/(max − expected)。",
            ),
            solution=lines.text(),
            mistakes=tuple(mistakes),
            target_seconds=240,
        )

    return draw_clear(seed, attempt)


FAMILIES: dict[str, Callable[..., Problem]] = {
    "kmeans.minibatch_step": minibatch_step,
    "kmeans.silhouette": silhouette,
    "kmeans.adjusted_rand_index": adjusted_rand_index,
}
