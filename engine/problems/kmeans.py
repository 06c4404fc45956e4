"""Problem families: k-means by hand — assigning points, one Lloyd iteration, the
inertia, a k-means++ probability and the distances k-means can use.

Points and centers have small integer coordinates, so every squared distance is an
integer and a tie would be exact: draws with a tie are redrawn, since a tie makes the
labels ambiguous. Labels are 0 for c₀ and 1 for c₁ (the grader accepts any renaming).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from engine.formatting import fmt_denoised as fmt
from engine.formatting import fmt_matrix_denoised as fmt_matrix
from engine.formatting import operand_denoised as operand
from engine.formatting import point_text, points_text, subscript
from engine.problem import Mistake, Problem
from engine.problems._common import (
    SolutionLines,
    both,
    check_params,
    clean,
    draw_clear,
    make_mistake,
    plain,
)

#: The metrics ``kmeans.distance`` knows; the seed picks among the first three.
METRICS = ("euclidean", "manhattan", "mahalanobis", "chebyshev", "cosine")


def same_partition(first: list[int], second: list[int]) -> bool:
    """Whether two labelings group the points the same way (up to renaming clusters)."""
    forward: dict[int, int] = {}
    backward: dict[int, int] = {}
    for a, b in zip(first, second, strict=True):
        if forward.setdefault(a, b) != b or backward.setdefault(b, a) != a:
            return False
    return True


def _draw_points(rng: np.random.Generator, count: int) -> np.ndarray | None:
    points = rng.integers(0, 9, size=(count, 2)).astype(float)
    if len({tuple(p) for p in points}) < count:
        return None
    return points


def _nearest(distances: np.ndarray) -> list[int] | None:
    """Labels of the nearest center per row, or None on a tie."""
    ordered = np.sort(distances, axis=1)
    if np.any(ordered[:, 1] - ordered[:, 0] < 1e-9):
        return None
    return [int(i) for i in np.argmin(distances, axis=1)]


def _squared(points: np.ndarray, centers: np.ndarray) -> np.ndarray:
    return ((points[:, None, :] - centers[None, :, :]) ** 2).sum(axis=2)


def _cityblock(points: np.ndarray, centers: np.ndarray) -> np.ndarray:
    return np.abs(points[:, None, :] - centers[None, :, :]).sum(axis=2)


def _centers_text(centers: np.ndarray, sep: str = ", ") -> str:
    return sep.join(f"c{subscript(j)} = {point_text(c)}" for j, c in enumerate(centers))


def _draw_scene(
    rng: np.random.Generator, low: int = 4, high: int = 6
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[int]] | None:
    """Points, two centers, squared distances and Euclidean labels, both clusters used."""
    points = _draw_points(rng, int(rng.integers(low, high + 1)))
    centers = _draw_points(rng, 2)
    if points is None or centers is None:
        return None
    squared = _squared(points, centers)
    labels = _nearest(squared)
    if labels is None or len(set(labels)) < 2:
        return None
    return points, centers, squared, labels


def _assignment_lines(lines: SolutionLines, squared: np.ndarray, labels: list[int]) -> None:
    for i, (row, label) in enumerate(zip(squared, labels, strict=True), start=1):
        lines.add(
            f"x{subscript(i)}: ‖x{subscript(i)} − c₀‖² = {fmt(row[0])}, ‖x{subscript(i)} − c₁‖² = "
            f"{fmt(row[1])} → {label}"
        )


def _manhattan_labels(points: np.ndarray, centers: np.ndarray, labels: list[int]):
    """Manhattan labels when they group the points differently (and without ties)."""
    manhattan = _nearest(_cityblock(points, centers))
    if manhattan is None or same_partition(manhattan, labels) or len(set(manhattan)) < 2:
        return None
    return manhattan


_MANHATTAN_FEEDBACK = (
    "You compared Manhattan distances |Δx| + |Δy|; k-means assigns by Euclidean distance.",
    "你比较的是曼哈顿距离 |Δx| + |Δy|；k-means 按欧氏距离分配。",
)


def assign(seed: int, **params: Any) -> Problem:
    """Label a few 2-D points by their nearest of two centers (Euclidean).

    Only draws where assigning by Manhattan distance groups the points differently are
    kept, so the problem tests the metric.

    Args:
        seed: the problem's seed.
        **params: none.

    Returns:
        The Problem; the answer is the list of labels (kind ``labels``).
    """
    family = "kmeans.assign"
    check_params(family, params, set())

    def attempt(rng: np.random.Generator) -> Problem | None:
        scene = _draw_scene(rng)
        if scene is None:
            return None
        points, centers, squared, labels = scene
        manhattan = _manhattan_labels(points, centers, labels)
        if manhattan is None:
            return None
        lines = SolutionLines()
        _assignment_lines(lines, squared, labels)
        lines.add(f"labels = {_labels_text(labels)}", f"标签 = {_labels_text(labels)}")
        return Problem(
            family=family,
            seed=seed,
            prompt=both(
                f"k-means with two clusters has centers {_centers_text(centers)}. Assign each "
                f"point to its nearest center by Euclidean distance: {points_text(points)}. "
                "Give the labels in order as a list (0 for c₀, 1 for c₁).",
                f"k-means（两个簇）的聚类中心为 {_centers_text(centers, '、')}。"
                f"按欧氏距离把每个点分配给最近的中心：{points_text(points, '、')}。"
                "请按顺序以列表形式给出各点的簇标签（c₀ 记为 0，c₁ 记为 1）。",
            ),
            data={"points": plain(points), "centers": plain(centers)},
            answer=labels,
            kind="labels",
            hint=both(
                "Compare squared Euclidean distances: the square root does not change which "
                "center is nearer.",
                "比较欧氏距离的平方即可：开不开根号不影响哪个中心更近。",
            ),
            solution=lines.text(),
            mistakes=(
                make_mistake("manhattan_instead_of_euclidean", manhattan, *_MANHATTAN_FEEDBACK),
            ),
            target_seconds=90,
        )

    return draw_clear(seed, attempt)


def _labels_text(labels: list[int]) -> str:
    return "[" + ", ".join(str(label) for label in labels) + "]"


def _cluster_sums(points: np.ndarray, labels: list[int]) -> tuple[np.ndarray, np.ndarray]:
    array = np.asarray(labels)
    sums = np.array([points[array == j].sum(axis=0) for j in range(2)])
    sizes = np.array([np.sum(array == j) for j in range(2)], dtype=float)
    return sums, sizes


def lloyd_step(seed: int, **params: Any) -> Problem:
    """One Lloyd iteration: assign the points, then move each center to its cluster's mean.

    Args:
        seed: the problem's seed.
        **params: none.

    Returns:
        The Problem; the answer is the new centers [[c₀], [c₁]] (a matrix).
    """
    family = "kmeans.lloyd_step"
    check_params(family, params, set())

    def attempt(rng: np.random.Generator) -> Problem | None:
        scene = _draw_scene(rng)
        if scene is None:
            return None
        points, centers, squared, labels = scene
        sums, sizes = _cluster_sums(points, labels)
        new_centers = sums / sizes[:, None]
        lines = SolutionLines()
        _assignment_lines(lines, squared, labels)
        for j in range(2):
            members = [i + 1 for i, label in enumerate(labels) if label == j]
            names = ", ".join(f"x{subscript(i)}" for i in members)
            lines.add(
                f"cluster {j}: {names}; sum = {point_text(sums[j])}, size {int(sizes[j])} → "
                f"c{subscript(j)}′ = {point_text(new_centers[j])}",
                f"簇 {j}：{names.replace(', ', '、')}；坐标和 = {point_text(sums[j])}，"
                f"共 {int(sizes[j])} 个点 → "
                f"c{subscript(j)}′ = {point_text(new_centers[j])}",
            )
        lines.add(f"[c₀′, c₁′] = {fmt_matrix(new_centers)}")
        mistakes = [
            make_mistake(
                "sum_instead_of_mean",
                clean(sums),
                "You added up each cluster's points but did not divide by the cluster size.",
                "你把每个簇的点坐标加起来了，但没有除以簇内点数。",
            ),
            make_mistake(
                "divided_by_total_n",
                clean(sums / len(points)),
                f"You divided each cluster's sum by all n = {len(points)} points; divide by the "
                "number of points in that cluster.",
                f"你把每个簇的坐标和都除以了总点数 n = {len(points)}；应除以该簇自己的点数。",
            ),
        ]
        mistakes.append(
            make_mistake(
                "centroids_reordered",
                clean(new_centers[::-1]),
                "These are the same centroids in another order: the question asks for "
                "[[c₀′], [c₁′]], where c₀′ is the mean of the points assigned to c₀.",
                "这是相同的聚类中心，但顺序不同：题目要求按 [[c₀′], [c₁′]] 作答，"
                "c₀′ 是分配给 c₀ 的点的均值。",
            )
        )
        manhattan = _manhattan_labels(points, centers, labels)
        if manhattan is not None:
            other_sums, other_sizes = _cluster_sums(points, manhattan)
            mistakes.append(
                make_mistake(
                    "manhattan_instead_of_euclidean",
                    clean(other_sums / other_sizes[:, None]),
                    *_MANHATTAN_FEEDBACK,
                )
            )
        return Problem(
            family=family,
            seed=seed,
            prompt=both(
                f"Run one iteration of k-means (Lloyd's algorithm) from the centers "
                f"{_centers_text(centers)} on the points {points_text(points)}. What are the "
                "new centers? Answer as [[c₀′], [c₁′]], i.e. [[x, y], [x, y]].",
                f"从聚类中心 {_centers_text(centers, '、')} 出发，"
                f"对点 {points_text(points, '、')} 运行一轮 "
                "k-means（Lloyd 算法）。新的聚类中心是什么？按 [[c₀′], [c₁′]] 的格式作答，"
                "即 [[x, y], [x, y]]。",
            ),
            data={"points": plain(points), "centers": plain(centers)},
            answer=clean(new_centers),
            kind="matrix",
            start=clean(centers),
            hint=both(
                "First assign every point to its nearest center, then average each cluster.",
                "先把每个点分配给最近的中心，再对每个簇求平均。",
            ),
            solution=lines.text(),
            mistakes=tuple(mistakes),
            target_seconds=150,
        )

    return draw_clear(seed, attempt)


def inertia(seed: int, **params: Any) -> Problem:
    """The inertia (within-cluster sum of squares) of points against two given centers.

    Args:
        seed: the problem's seed.
        **params: none.

    Returns:
        The Problem; the answer is Σᵢ minⱼ ‖xᵢ − cⱼ‖² (a scalar).
    """
    family = "kmeans.inertia"
    check_params(family, params, set())

    def attempt(rng: np.random.Generator) -> Problem | None:
        scene = _draw_scene(rng, 4, 5)
        if scene is None:
            return None
        points, centers, squared, labels = scene
        nearest = squared.min(axis=1)
        total = float(nearest.sum())
        lines = SolutionLines()
        for i, row in enumerate(squared, start=1):
            lines.add(
                f"x{subscript(i)}: min({fmt(row[0])}, {fmt(row[1])}) = {fmt(row.min())}",
            )
        terms = " + ".join(fmt(v) for v in nearest)
        lines.add(f"inertia = {terms} = {fmt(total)}", f"惯性 = {terms} = {fmt(total)}")
        mistakes = [
            make_mistake(
                "distance_not_squared",
                float(np.sqrt(nearest).sum()),
                "You added the distances; inertia adds their squares.",
                "你把距离直接相加了；惯性是距离平方之和。",
            ),
            make_mistake(
                "mean_instead_of_sum",
                total / len(points),
                f"You averaged over the n = {len(points)} points; inertia is the sum, not the "
                "mean.",
                f"你对 n = {len(points)} 个点取了平均；惯性是求和，不是平均。",
            ),
            make_mistake(
                "all_centers_summed",
                float(squared.sum()),
                "You added every point's squared distance to both centers; each point counts "
                "only with its nearest center.",
                "你把每个点到两个中心的距离平方都加上了；每个点只计算到最近中心的距离平方。",
            ),
        ]
        return Problem(
            family=family,
            seed=seed,
            prompt=both(
                f"k-means has the centers {_centers_text(centers)}; the points are "
                f"{points_text(points)}. Each point belongs to its nearest center. What is the "
                "inertia (within-cluster sum of squares)?",
                f"k-means 的聚类中心为 {_centers_text(centers, '、')}，"
                f"数据点为 {points_text(points, '、')}。"
                "每个点属于离它最近的中心。惯性（簇内平方和）是多少？",
            ),
            data={"points": plain(points), "centers": plain(centers)},
            answer=total,
            kind="scalar",
            hint=both(
                "For each point take the squared distance to its nearest center, then add.",
                "对每个点取它到最近中心的距离平方，再全部相加。",
            ),
            solution=lines.text(),
            mistakes=tuple(mistakes),
            target_seconds=120,
        )

    return draw_clear(seed, attempt)


def kmeanspp_probability(seed: int, **params: Any) -> Problem:
    """The k-means++ probability D(x)²/Σ D² that a given point becomes the next center.

    Args:
        seed: the problem's seed.
        **params: none.

    Returns:
        The Problem; the answer is the probability (a scalar).
    """
    family = "kmeans.kmeanspp_probability"
    check_params(family, params, set())

    def attempt(rng: np.random.Generator) -> Problem | None:
        count = int(rng.integers(5, 7))
        points = _draw_points(rng, count)
        if points is None:
            return None
        chosen = sorted(
            int(i) for i in rng.choice(count, size=int(rng.integers(1, 3)), replace=False)
        )
        candidates = [i for i in range(count) if i not in chosen]
        target = int(rng.choice(candidates))
        squared = _squared(points, points[chosen])
        nearest = squared.min(axis=1)
        total = float(nearest.sum())
        answer = float(nearest[target] / total)
        lines = SolutionLines()
        chosen_names = ", ".join(f"x{subscript(i + 1)}" for i in chosen)
        for i in range(count):
            if i in chosen:
                continue
            row = ", ".join(fmt(v) for v in squared[i])
            value = fmt(nearest[i])
            lines.add(
                f"D(x{subscript(i + 1)})² = "
                + (f"min({row}) = {value}" if len(chosen) > 1 else value)
            )
        lines.add(
            f"Σ D² = {fmt(total)} (chosen points add 0)", f"Σ D² = {fmt(total)}（已选中的点为 0）"
        )
        lines.add(
            f"P(x{subscript(target + 1)}) = {fmt(nearest[target])}/{fmt(total)} = {fmt(answer)}"
        )
        distances = np.sqrt(nearest)
        mistakes = [
            make_mistake(
                "distance_not_squared",
                float(distances[target] / distances.sum()),
                "You weighted by the distance D; k-means++ weights by its square D².",
                "你按距离 D 加权了；k-means++ 按距离的平方 D² 加权。",
            ),
            make_mistake(
                "uniform_choice",
                1 / len(candidates),
                "You picked uniformly among the remaining points; k-means++ favours far points "
                "with probability proportional to D².",
                "你在剩余的点中均匀选取了；k-means++ 以正比于 D² 的概率偏向远处的点。",
            ),
        ]
        if len(chosen) == 2:
            first = squared[:, 0]
            mistakes.append(
                make_mistake(
                    "first_center_only",
                    float(first[target] / first.sum()),
                    "You measured distances to the first chosen center only; D(x) is the distance "
                    "to the nearest center chosen so far.",
                    "你只计算了到第一个已选中心的距离；D(x) 是到已选中心中最近者的距离。",
                )
            )
        return Problem(
            family=family,
            seed=seed,
            prompt=both(
                f"k-means++ initialisation on the points {points_text(points)} has already "
                f"chosen {chosen_names} as center{'s' if len(chosen) > 1 else ''}. What is the "
                f"probability that x{subscript(target + 1)} is picked as the next center?",
                f"对数据点 {points_text(points, '、')} 做 k-means++ 初始化，"
                f"已经选中 {chosen_names.replace(', ', '、')} "
                f"作为中心。下一个中心选中 x{subscript(target + 1)} 的概率是多少？",
            ),
            data={"points": plain(points), "chosen": chosen, "target": target},
            answer=answer,
            kind="scalar",
            ratio=True,
            hint=both(
                "Each point's weight is its squared distance to the nearest chosen center.",
                "每个点的权重是它到最近已选中心的距离平方。",
            ),
            solution=lines.text(),
            mistakes=tuple(mistakes),
            target_seconds=120,
        )

    return draw_clear(seed, attempt)


# ------------------------------------------------------------------------- distances


def distance(seed: int, **params: Any) -> Problem:
    """The distance between two 2-D points under a named metric.

    Args:
        seed: the problem's seed.
        **params: ``metric``: one of :data:`METRICS`; by default the seed picks
            euclidean, manhattan or mahalanobis (the covariance S is given, and the
            learner inverts it).

    Returns:
        The Problem; the answer is the distance (a scalar).
    """
    family = "kmeans.distance"
    check_params(family, params, {"metric"})
    fixed = params.get("metric")
    if fixed is not None and fixed not in METRICS:
        raise ValueError(f"{family}: parameter 'metric' must be one of {METRICS}, not {fixed!r}")

    def attempt(rng: np.random.Generator) -> Problem | None:
        metric = fixed or str(rng.choice(METRICS[:3]))
        a = rng.integers(-4, 6, size=2).astype(float)
        b = rng.integers(-4, 6, size=2).astype(float)
        if metric == "cosine" and (not np.any(a) or not np.any(b)):
            return None
        diff = a - b
        if metric != "cosine" and not np.all(diff):
            return None
        return _DISTANCE_BUILDERS[metric](rng, seed, family, a, b)

    return draw_clear(seed, attempt)


def _distance_problem(
    seed: int,
    family: str,
    metric: str,
    a: np.ndarray,
    b: np.ndarray,
    answer: float,
    lines: SolutionLines,
    mistakes: list[Mistake],
    hint: tuple[str, str],
    names: tuple[str, str],
    extra: tuple[str, str] = ("", ""),
    data: dict[str, Any] | None = None,
    target_seconds: float = 60,
) -> Problem:
    a_text, b_text = point_text(a), point_text(b)
    return Problem(
        family=family,
        seed=seed,
        prompt=both(
            f"{extra[0]}What is the {names[0]} between a = {a_text} and b = {b_text}?",
            f"{extra[1]}a = {a_text} 与 b = {b_text} 之间的{names[1]}是多少？",
        ),
        data={"metric": metric, "a": plain(a), "b": plain(b), **(data or {})},
        answer=clean(answer),
        kind="scalar",
        hint=both(*hint),
        solution=lines.text(),
        mistakes=tuple(mistakes),
        target_seconds=target_seconds,
    )


def _diff_line(lines: SolutionLines, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    diff = a - b
    lines.add(f"a − b = {point_text(diff)}")
    return diff


def _euclidean(rng: np.random.Generator, seed: int, family: str, a, b) -> Problem:
    lines = SolutionLines()
    diff = _diff_line(lines, a, b)
    squared = float(diff @ diff)
    answer = float(np.sqrt(squared))
    squares = " + ".join(f"{operand(d)}²" for d in diff)
    lines.add(f"‖a − b‖ = √({squares}) = √{fmt(squared)} = {fmt(answer)}")
    mistakes = [
        make_mistake(
            "squared_distance",
            squared,
            "That is the squared distance; take its square root.",
            "这是距离的平方；还要开平方根。",
        ),
        make_mistake(
            "manhattan_instead_of_euclidean",
            float(np.abs(diff).sum()),
            "You added the absolute differences (Manhattan distance); Euclidean distance is "
            "the root of the sum of squares.",
            "你把坐标差的绝对值相加了（曼哈顿距离）；欧氏距离是平方和的平方根。",
        ),
    ]
    return _distance_problem(
        seed,
        family,
        "euclidean",
        a,
        b,
        answer,
        lines,
        mistakes,
        ("Square the coordinate differences, add, take the root.", "坐标差平方、求和、再开根号。"),
        ("Euclidean distance", "欧氏距离"),
    )


def _manhattan(rng: np.random.Generator, seed: int, family: str, a, b) -> Problem:
    lines = SolutionLines()
    diff = _diff_line(lines, a, b)
    answer = float(np.abs(diff).sum())
    lines.add("|a − b|₁ = " + " + ".join(fmt(abs(d)) for d in diff) + f" = {fmt(answer)}")
    mistakes = [
        make_mistake(
            "euclidean_instead_of_manhattan",
            float(np.sqrt(diff @ diff)),
            "That is the Euclidean distance; Manhattan distance adds the absolute differences.",
            "这是欧氏距离；曼哈顿距离是坐标差绝对值之和。",
        ),
        make_mistake(
            "no_absolute_value",
            float(diff.sum()),
            "You added the signed differences; take absolute values first.",
            "你把带符号的坐标差直接相加了；要先取绝对值。",
        ),
    ]
    return _distance_problem(
        seed,
        family,
        "manhattan",
        a,
        b,
        answer,
        lines,
        mistakes,
        ("Walk along the grid: one coordinate at a time.", "沿网格走：一次只沿一个坐标方向。"),
        ("Manhattan (L1) distance", "曼哈顿（L1）距离"),
    )


def _chebyshev(rng: np.random.Generator, seed: int, family: str, a, b) -> Problem:
    lines = SolutionLines()
    diff = _diff_line(lines, a, b)
    answer = float(np.abs(diff).max())
    lines.add(
        "max(" + ", ".join(fmt(abs(d)) for d in diff) + f") = {fmt(answer)}",
    )
    mistakes = [
        make_mistake(
            "manhattan_instead_of_chebyshev",
            float(np.abs(diff).sum()),
            "You added the absolute differences; Chebyshev distance takes the largest one.",
            "你把坐标差绝对值相加了；切比雪夫距离取其中最大的一个。",
        ),
        make_mistake(
            "min_instead_of_max",
            float(np.abs(diff).min()),
            "You took the smallest absolute difference; Chebyshev distance takes the largest.",
            "你取了最小的坐标差绝对值；切比雪夫距离取最大的。",
        ),
    ]
    return _distance_problem(
        seed,
        family,
        "chebyshev",
        a,
        b,
        answer,
        lines,
        mistakes,
        ("Look at the coordinate differences one by one.", "逐个看各坐标的差。"),
        ("Chebyshev (L∞) distance", "切比雪夫（L∞）距离"),
    )


def _cosine(rng: np.random.Generator, seed: int, family: str, a, b) -> Problem:
    lines = SolutionLines()
    dot = float(a @ b)
    norm_a, norm_b = float(np.sqrt(a @ a)), float(np.sqrt(b @ b))
    similarity = dot / (norm_a * norm_b)
    answer = 1 - similarity
    lines.add(f"a·b = {fmt(dot)}, ‖a‖ = {fmt(norm_a)}, ‖b‖ = {fmt(norm_b)}")
    lines.add(f"cos θ = {fmt(dot)}/({fmt(norm_a)}·{fmt(norm_b)}) = {fmt(similarity)}")
    lines.add(f"1 − cos θ = {fmt(answer)}")
    mistakes = [
        make_mistake(
            "similarity_instead_of_distance",
            similarity,
            "That is the cosine similarity; the distance is 1 − cos θ.",
            "这是余弦相似度；余弦距离是 1 − cos θ。",
        ),
        make_mistake(
            "not_normalized",
            1 - dot,
            "You used the raw dot product; divide it by ‖a‖·‖b‖ first.",
            "你直接用了点积；要先除以 ‖a‖·‖b‖。",
        ),
    ]
    return _distance_problem(
        seed,
        family,
        "cosine",
        a,
        b,
        answer,
        lines,
        mistakes,
        (
            "Cosine distance is one minus the cosine of the angle.",
            "余弦距离等于 1 减去夹角的余弦。",
        ),
        ("cosine distance", "余弦距离"),
        target_seconds=90,
    )


def _mahalanobis(rng: np.random.Generator, seed: int, family: str, a, b) -> Problem | None:
    s11, s22 = int(rng.integers(1, 5)), int(rng.integers(1, 5))
    s12 = int(rng.integers(-2, 3))
    det = s11 * s22 - s12**2
    if det <= 0:
        return None
    covariance = np.array([[s11, s12], [s12, s22]], dtype=float)
    adjugate = np.array([[s22, -s12], [-s12, s11]], dtype=float)
    inverse = adjugate / det
    lines = SolutionLines()
    diff = _diff_line(lines, a, b)
    lines.add(f"S⁻¹ = (1/{det})·{fmt_matrix(adjugate)}")
    quadratic = float(diff @ inverse @ diff)
    answer = float(np.sqrt(quadratic))
    lines.add(f"(a − b)ᵀS⁻¹(a − b) = {fmt(diff @ adjugate @ diff)}/{det} = {fmt(quadratic)}")
    lines.add(f"d = √{fmt(quadratic)} = {fmt(answer)}")
    mistakes = [
        make_mistake(
            "covariance_not_inverted",
            float(np.sqrt(diff @ covariance @ diff)),
            "You used S itself; the Mahalanobis distance uses the inverse covariance S⁻¹.",
            "你直接用了 S；马氏距离用的是协方差矩阵的逆 S⁻¹。",
        ),
        make_mistake(
            "euclidean_instead_of_mahalanobis",
            float(np.sqrt(diff @ diff)),
            "That is the Euclidean distance; weight the difference by S⁻¹.",
            "这是欧氏距离；还要用 S⁻¹ 对差向量加权。",
        ),
        make_mistake(
            "no_square_root",
            quadratic,
            "That is the squared distance; take its square root.",
            "这是距离的平方；还要开平方根。",
        ),
    ]
    return _distance_problem(
        seed,
        family,
        "mahalanobis",
        a,
        b,
        answer,
        lines,
        mistakes,
        (
            "Invert the 2×2 covariance, then evaluate the quadratic form of a − b.",
            "先求 2×2 协方差矩阵的逆，再计算 a − b 的二次型。",
        ),
        ("Mahalanobis distance", "马氏距离"),
        (
            f"The data have the covariance matrix S = {fmt_matrix(covariance)}. ",
            f"数据的协方差矩阵为 S = {fmt_matrix(covariance)}。",
        ),
        data={"covariance": plain(covariance)},
        target_seconds=150,
    )


_DISTANCE_BUILDERS: dict[str, Callable[..., Problem | None]] = {
    "euclidean": _euclidean,
    "manhattan": _manhattan,
    "mahalanobis": _mahalanobis,
    "chebyshev": _chebyshev,
    "cosine": _cosine,
}


FAMILIES: dict[str, Callable[..., Problem]] = {
    "kmeans.assign": assign,
    "kmeans.lloyd_step": lloyd_step,
    "kmeans.inertia": inertia,
    "kmeans.kmeanspp_probability": kmeanspp_probability,
    "kmeans.distance": distance,
}
