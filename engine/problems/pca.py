"""Problem families: principal component analysis by hand — a sample covariance, the
eigenvalues of a 2×2 covariance, the explained variance ratio, a projection score, the
reconstruction error from 2-D to 1-D, how many components reach a threshold, whitened
scores as scikit-learn's PCA(whiten=True) returns them, the covariance eigenvalues of three
samples in many dimensions through their Gram matrix, and probabilistic PCA's noise variance.

Data are built backwards from clean answers: a covariance is λ₁·v₁v₁ᵀ + λ₂·v₂v₂ᵀ with a
Pythagorean direction such as (0.6, 0.8), and point clouds are integer combinations of
(3, 4) and (−4, 3), so eigenvalues, components and scores come out as short decimals.
A component's sign follows the usual convention: its largest-magnitude entry is positive.
The answers of the last three families come from :mod:`engine.pca`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from engine import pca
from engine.formatting import fmt_denoised as fmt
from engine.formatting import fmt_matrix_denoised as fmt_matrix
from engine.formatting import fmt_vector_denoised as fmt_vector
from engine.formatting import operand_denoised as operand
from engine.formatting import point_text, points_text, subscript
from engine.problem import Mistake, Problem, Tolerance
from engine.problems._common import (
    SolutionLines,
    both,
    check_params,
    clean,
    draw_clear,
    make_mistake,
    plain,
)

#: Integer directions whose normalised form has short decimals (÷5 or ÷√5 or ÷√2).
_DIRECTIONS = ((3, 4), (4, 3), (4, -3), (-3, 4), (1, 2), (2, 1), (2, -1), (-1, 2), (1, 1), (1, -1))

#: Directions with a rational unit vector (÷5) and no tie for the largest entry, used
#: where the learner must normalise a component by hand.
_PYTHAGOREAN = ((3, 4), (4, 3), (4, -3), (-3, 4))


def _mistake(mistake_id: str, value: Any, en: str, zh: str) -> Mistake:
    """A typical mistake whose value is stored without floating-point noise."""
    return make_mistake(mistake_id, clean(value), en, zh)


def _unit(direction: tuple[int, int]) -> np.ndarray:
    vector = np.array(direction, dtype=float)
    return vector / np.linalg.norm(vector)


def _signed(vector: np.ndarray) -> np.ndarray:
    """Flip a component so that its largest-magnitude entry is positive."""
    return vector if vector[np.argmax(np.abs(vector))] > 0 else -vector


def _dims_param(family: str, params: dict[str, Any]) -> int | None:
    check_params(family, params, {"dims"})
    dims = params.get("dims")
    if dims is None:
        return None
    if isinstance(dims, bool) or dims not in (2, 3):
        raise ValueError(f"{family}: parameter 'dims' must be 2 or 3, not {dims!r}")
    return int(dims)


# ------------------------------------------------------------------------ covariance


def covariance(seed: int, **params: Any) -> Problem:
    """The sample covariance matrix (divide by n − 1) of a few 2-D or 3-D points.

    Args:
        seed: the problem's seed.
        **params: ``dims`` (2 or 3; default: the seed chooses). Two features use five
            points (÷4), three features four points (÷3).

    Returns:
        The Problem; the answer is the covariance matrix.
    """
    family = "pca.covariance"
    fixed = _dims_param(family, params)

    def attempt(rng: np.random.Generator) -> Problem | None:
        dims = fixed or int(rng.integers(2, 4))
        count = 5 if dims == 2 else 4
        means = rng.integers(2, 8, size=dims)
        deviations = rng.integers(-3, 4, size=(count - 1, dims))
        last = -deviations.sum(axis=0)
        if np.any(np.abs(last) > 4):
            return None
        centered = np.vstack([deviations, last]).astype(float)
        if np.any(np.all(centered == 0, axis=0)):
            return None
        points = centered + means
        scatter = centered.T @ centered
        answer = scatter / (count - 1)
        lines = SolutionLines()
        lines.add(f"mean = {point_text(means)}", f"均值 = {point_text(means)}")
        lines.add(
            "centered rows: " + ", ".join(point_text(row) for row in centered),
            "中心化后的各行：" + "、".join(point_text(row) for row in centered),
        )
        lines.add(f"DᵀD = {fmt_matrix(scatter)}")
        lines.add(f"Σ = DᵀD/(n − 1) = DᵀD/{count - 1} = {fmt_matrix(answer)}")
        mistakes = [
            _mistake(
                "population_covariance",
                scatter / count,
                f"You divided by n = {count} instead of n − 1 = {count - 1}: that is the "
                "population covariance.",
                f"你除以了 n = {count}，而样本协方差应除以 n − 1 = {count - 1}。",
            ),
            _mistake(
                "not_centered",
                points.T @ points / (count - 1),
                "You multiplied the raw data; subtract each feature's mean first.",
                "你直接用原始数据相乘了；要先减去每个特征的均值。",
            ),
            _mistake(
                "sum_instead_of_mean",
                scatter,
                f"You stopped at the sum of products DᵀD; divide it by n − 1 = {count - 1}.",
                f"你只算到了乘积之和 DᵀD；还要除以 n − 1 = {count - 1}。",
            ),
        ]
        return Problem(
            family=family,
            seed=seed,
            prompt=both(
                f"Compute the sample covariance matrix (divide by n − 1) of these {count} points "
                f"with {dims} features: {points_text(points)}.",
                f"计算以下 {count} 个点（{dims} 个特征）的样本协方差矩阵（除以 n − 1）："
                f"{points_text(points, '、')}。",
            ),
            data={"X": plain(points)},
            answer=clean(answer),
            kind="matrix",
            hint=both(
                "Center each feature on its mean, then average the products over n − 1.",
                "先把每个特征减去其均值，再把乘积求和后除以 n − 1。",
            ),
            solution=lines.text(),
            mistakes=tuple(mistakes),
            target_seconds=150 if dims == 2 else 180,
        )

    return draw_clear(seed, attempt)


# ------------------------------------------------------- 2×2 covariance: eigenvalues


def _clean_covariance(rng: np.random.Generator) -> tuple[np.ndarray, float, float]:
    """A 2×2 covariance with short-decimal entries and eigenvalues λ₁ > λ₂ > 0."""
    direction = _unit(_DIRECTIONS[int(rng.integers(len(_DIRECTIONS)))])
    largest = float(rng.integers(2, 13))
    smallest = 0.5 * float(rng.integers(1, int(2 * largest) - 1))
    normal = np.array([-direction[1], direction[0]])
    matrix = largest * np.outer(direction, direction) + smallest * np.outer(normal, normal)
    return np.round(matrix, 10), largest, smallest


def _eigen_lines(lines: SolutionLines, matrix: np.ndarray) -> tuple[float, float]:
    trace = float(matrix[0, 0] + matrix[1, 1])
    det = float(matrix[0, 0] * matrix[1, 1] - matrix[0, 1] ** 2)
    root = float(np.sqrt(trace**2 / 4 - det))
    largest, smallest = trace / 2 + root, trace / 2 - root
    lines.add(
        f"trace = {fmt(trace)}, det = {fmt(matrix[0, 0])}·{fmt(matrix[1, 1])} − "
        f"{operand(matrix[0, 1])}² = {fmt(det)}",
        f"迹 = {fmt(trace)}，行列式 = {fmt(matrix[0, 0])}·{fmt(matrix[1, 1])} − "
        f"{operand(matrix[0, 1])}² = {fmt(det)}",
    )
    lines.add(
        f"λ = trace/2 ± √(trace²/4 − det) = {fmt(trace / 2)} ± √{fmt(trace**2 / 4 - det)} = "
        f"{fmt(trace / 2)} ± {fmt(root)}",
        f"λ = 迹/2 ± √(迹²/4 − 行列式) = {fmt(trace / 2)} ± √{fmt(trace**2 / 4 - det)} = "
        f"{fmt(trace / 2)} ± {fmt(root)}",
    )
    return largest, smallest


def eigenvalues(seed: int, **params: Any) -> Problem:
    """Both eigenvalues of a 2×2 covariance matrix, in descending order.

    Args:
        seed: the problem's seed.
        **params: none.

    Returns:
        The Problem; the answer is [λ₁, λ₂] with λ₁ ≥ λ₂ (a vector).
    """
    family = "pca.eigenvalues"
    check_params(family, params, set())

    def attempt(rng: np.random.Generator) -> Problem | None:
        matrix, _, _ = _clean_covariance(rng)
        lines = SolutionLines()
        largest, smallest = _eigen_lines(lines, matrix)
        answer = [largest, smallest]
        lines.add(f"[λ₁, λ₂] = {fmt_vector(answer)}")
        diagonal = sorted(np.diag(matrix).tolist(), reverse=True)
        mistakes = [
            _mistake(
                "ascending_order",
                [smallest, largest],
                "Right values, wrong order: list the eigenvalues from largest to smallest.",
                "数值对了，顺序反了：特征值要从大到小排列。",
            ),
            _mistake(
                "diagonal_entries",
                diagonal,
                "Those are the variances of the two features (the diagonal); the off-diagonal "
                "covariance changes the eigenvalues.",
                "这是两个特征各自的方差（对角线元素）；非对角的协方差会改变特征值。",
            ),
        ]
        return Problem(
            family=family,
            seed=seed,
            prompt=both(
                f"A 2-D data set has the covariance matrix Σ = {fmt_matrix(matrix)}. What are its "
                "eigenvalues? Answer as [λ₁, λ₂] in descending order.",
                f"某二维数据集的协方差矩阵为 Σ = {fmt_matrix(matrix)}。它的特征值是多少？"
                "请按从大到小的顺序以 [λ₁, λ₂] 作答。",
            ),
            data={"covariance": plain(matrix)},
            answer=clean(answer),
            kind="vector",
            hint=both(
                "For a 2×2 matrix the eigenvalues follow from its trace and determinant.",
                "2×2 矩阵的特征值可以由它的迹和行列式求出。",
            ),
            solution=lines.text(),
            mistakes=tuple(mistakes),
            target_seconds=90,
        )

    return draw_clear(seed, attempt)


def explained_variance_ratio(seed: int, **params: Any) -> Problem:
    """The share of the total variance explained by the first principal component.

    Args:
        seed: the problem's seed.
        **params: none.

    Returns:
        The Problem; the answer is λ₁/(λ₁ + λ₂) (a scalar).
    """
    family = "pca.explained_variance_ratio"
    check_params(family, params, set())

    def attempt(rng: np.random.Generator) -> Problem | None:
        matrix, _, _ = _clean_covariance(rng)
        lines = SolutionLines()
        largest, smallest = _eigen_lines(lines, matrix)
        total = largest + smallest
        answer = largest / total
        lines.add(
            f"λ₁ = {fmt(largest)}, λ₂ = {fmt(smallest)}",
            f"λ₁ = {fmt(largest)}，λ₂ = {fmt(smallest)}",
        )
        lines.add(f"λ₁/(λ₁ + λ₂) = {fmt(largest)}/{fmt(total)} = {fmt(answer)}")
        mistakes = [
            _mistake(
                "diagonal_ratio",
                float(np.max(np.diag(matrix)) / total),
                "You used the larger diagonal entry (one feature's variance); the first "
                "component's variance is the largest eigenvalue.",
                "你用了较大的对角元素（某个特征的方差）；第一主成分的方差是最大的特征值。",
            ),
            _mistake(
                "second_component",
                smallest / total,
                "That is the share of the second component; the first has the larger eigenvalue.",
                "这是第二主成分的占比；第一主成分对应较大的特征值。",
            ),
            _mistake(
                "ratio_to_second",
                largest / smallest,
                "You divided λ₁ by λ₂; divide by the total variance λ₁ + λ₂.",
                "你用 λ₁ 除以了 λ₂；应除以总方差 λ₁ + λ₂。",
            ),
        ]
        return Problem(
            family=family,
            seed=seed,
            prompt=both(
                f"A 2-D data set has the covariance matrix Σ = {fmt_matrix(matrix)}. What "
                "fraction of the total variance does the first principal component explain "
                "(its explained variance ratio)?",
                f"某二维数据集的协方差矩阵为 Σ = {fmt_matrix(matrix)}。第一主成分解释了总方差的"
                "多大比例（即它的解释方差比）？",
            ),
            data={"covariance": plain(matrix)},
            answer=clean(answer),
            kind="scalar",
            ratio=True,
            hint=both(
                "The total variance is the trace; the first component carries the largest "
                "eigenvalue.",
                "总方差等于矩阵的迹；第一主成分对应最大的特征值。",
            ),
            solution=lines.text(),
            mistakes=tuple(mistakes),
            target_seconds=90,
        )

    return draw_clear(seed, attempt)


# ------------------------------------------------------------------ 2-D point clouds


def _cloud(rng: np.random.Generator):
    """Five integer 2-D points whose principal axes are a Pythagorean direction.

    Scores along v₁ and v₂ are 5·a and 5·b with a, b uncorrelated, centred integer
    patterns, so the points mean + a·(3, 4) + b·(−4, 3) (rotated as drawn) are integers
    and the covariance has entries in quarters.

    Returns:
        (points, mean, v₁, v₂, scores₁, scores₂), components sign-normalised.
    """
    first = _unit(_PYTHAGOREAN[int(rng.integers(len(_PYTHAGOREAN)))])
    first = _signed(first)
    second = _signed(np.array([-first[1], first[0]]))
    p, q = int(rng.integers(1, 4)), int(rng.integers(0, 3))
    c = int(rng.choice([-1, 1])) * int(rng.integers(1, 3))
    along = np.array([p, -p, q, -q, 0], dtype=float)
    if q == 0:
        across = np.array([0, 0, c, -c, 0], dtype=float)
    else:
        across = np.array([c, c, -c, -c, 0], dtype=float)
    if along @ along < 2 * (across @ across):
        return None
    order = rng.permutation(5)
    along, across = 5 * along[order], 5 * across[order]
    mean = rng.integers(2, 7, size=2).astype(float)
    points = np.round(mean + np.outer(along, first) + np.outer(across, second), 9)
    return points, mean, first, second, along, across


def _component_lines(
    lines: SolutionLines, points: np.ndarray, mean: np.ndarray, first: np.ndarray
) -> np.ndarray:
    """Mean, covariance, eigenvalues and the first component, as a learner finds them."""
    centered = points - mean
    matrix = centered.T @ centered / (len(points) - 1)
    lines.add(f"mean = {point_text(mean)}", f"均值 = {point_text(mean)}")
    lines.add(f"Σ = {fmt_matrix(matrix)}")
    largest, _ = _eigen_lines(lines, matrix)
    a, b = matrix[0, 0] - largest, matrix[0, 1]
    lines.add(
        f"λ₁ = {fmt(largest)}; (Σ − λ₁I)v = 0 gives v ∝ ({fmt(-b)}, {fmt(a)}) → "
        f"v₁ = {point_text(first)} (largest entry positive)",
        f"λ₁ = {fmt(largest)}；由 (Σ − λ₁I)v = 0 得 v ∝ ({fmt(-b)}, {fmt(a)}) → "
        f"v₁ = {point_text(first)}（最大分量取正）",
    )
    return matrix


def projection(seed: int, **params: Any) -> Problem:
    """The score of a point on the first principal component, (x − mean)·v₁.

    Args:
        seed: the problem's seed.
        **params: none.

    Returns:
        The Problem; the answer is the score (a scalar). The component's sign follows
        the stated convention (largest-magnitude entry positive).
    """
    family = "pca.projection"
    check_params(family, params, set())

    def attempt(rng: np.random.Generator) -> Problem | None:
        cloud = _cloud(rng)
        if cloud is None:
            return None
        points, mean, first, second, _, _ = cloud
        offset = rng.integers(-4, 5, size=2).astype(float)
        x = mean + offset
        answer = float(offset @ first)
        if abs(answer) < 0.5:
            return None
        lines = SolutionLines()
        matrix = _component_lines(lines, points, mean, first)
        lines.add(f"x − mean = {point_text(offset)}", f"x − 均值 = {point_text(offset)}")
        lines.add(f"score = (x − mean)·v₁ = {fmt(answer)}", f"得分 = (x − 均值)·v₁ = {fmt(answer)}")
        mistakes = [
            _mistake(
                "sign_rule",
                -answer,
                "Your score has the opposite sign: your v₁ points the other way. The rule here "
                "is that v₁'s largest-magnitude entry is positive; flip v₁ so that it holds.",
                "你的得分符号相反：你取的 v₁ 方向反了。本题规定 v₁ 中绝对值最大的分量为正；"
                "请把 v₁ 取反使其满足这条规则。",
            ),
            _mistake(
                "not_centered",
                float(x @ first),
                "You projected x itself; subtract the mean first: (x − mean)·v₁.",
                "你直接投影了 x；要先减去均值：(x − 均值)·v₁。",
            ),
            _mistake(
                "second_component",
                float(offset @ second),
                "You projected onto the second component; the first has the larger eigenvalue.",
                "你投影到了第二主成分上；第一主成分对应较大的特征值。",
            ),
            _mistake(
                "component_not_normalized",
                float(offset @ (5 * first)),
                "Your direction was not a unit vector; divide it by its length before projecting.",
                "你用的方向不是单位向量；投影前要先除以它的长度。",
            ),
        ]
        return Problem(
            family=family,
            seed=seed,
            prompt=both(
                f"PCA on the points {points_text(points)} (sample covariance "
                f"Σ = {fmt_matrix(matrix)}). Take the first principal component v₁ as a unit "
                "vector whose largest-magnitude entry is positive. What is the score of "
                f"x = {point_text(x)} on it, (x − mean)·v₁?",
                f"对数据点 {points_text(points, '、')} 做 PCA（样本协方差矩阵 "
                f"Σ = {fmt_matrix(matrix)}）。第一主成分 v₁ 取单位向量，且绝对值最大的分量为正。"
                f"点 x = {point_text(x)} 在 v₁ 上的得分 (x − 均值)·v₁ 是多少？",
            ),
            data={"X": plain(points), "x": plain(x)},
            answer=clean(answer),
            kind="scalar",
            hint=both(
                "Find the mean and the eigenvector of Σ for the largest eigenvalue, then take a "
                "dot product.",
                "先求均值和 Σ 最大特征值对应的特征向量，再做点积。",
            ),
            solution=lines.text(),
            mistakes=tuple(mistakes),
            target_seconds=180,
        )

    return draw_clear(seed, attempt)


def reconstruction_error(seed: int, **params: Any) -> Problem:
    """The mean squared reconstruction error after reducing 2-D points to 1-D with PCA.

    The error is (1/n)·Σᵢ‖xᵢ − x̂ᵢ‖², as ``engine.pca.reconstruction_error`` defines it;
    on the fitted data it equals (n − 1)/n·λ₂.

    Args:
        seed: the problem's seed.
        **params: none.

    Returns:
        The Problem; the answer is the error (a scalar).
    """
    family = "pca.reconstruction_error"
    check_params(family, params, set())

    def attempt(rng: np.random.Generator) -> Problem | None:
        cloud = _cloud(rng)
        if cloud is None:
            return None
        points, mean, first, second, along, across = cloud
        count = len(points)
        total = float(across @ across)
        answer = total / count
        lines = SolutionLines()
        _component_lines(lines, points, mean, first)
        residuals = [fmt(v) for v in across]
        lines.add(
            f"residual of each point along v₂ = {point_text(second)}: (xᵢ − mean)·v₂ = "
            + ", ".join(residuals),
            f"各点沿 v₂ = {point_text(second)} 的残差 (xᵢ − 均值)·v₂ = " + "、".join(residuals),
        )
        lines.add(
            f"Σ‖xᵢ − x̂ᵢ‖² = {fmt(total)}; error = {fmt(total)}/{count} = {fmt(answer)}",
            f"Σ‖xᵢ − x̂ᵢ‖² = {fmt(total)}；误差 = {fmt(total)}/{count} = {fmt(answer)}",
        )
        raw = points @ second
        mistakes = [
            _mistake(
                "sum_instead_of_mean",
                total,
                f"You gave the total; the mean divides it by n = {count}.",
                f"你给出的是总和；均方误差还要除以 n = {count}。",
            ),
            _mistake(
                "divided_by_n_minus_1",
                total / (count - 1),
                f"That is λ₂, which divides by n − 1 = {count - 1}; the mean squared error "
                f"divides by n = {count}.",
                f"这是 λ₂（除以 n − 1 = {count - 1}）；均方误差除以 n = {count}。",
            ),
            _mistake(
                "dropped_first_component",
                float(along @ along) / count,
                "You kept the second component and dropped the first; PCA keeps the direction of "
                "largest variance.",
                "你保留了第二主成分、丢掉了第一主成分；PCA 保留方差最大的方向。",
            ),
            _mistake(
                "not_centered",
                float(raw @ raw) / count,
                "You projected the raw points through the origin; center them on the mean first.",
                "你把原始点直接过原点投影了；要先减去均值做中心化。",
            ),
        ]
        return Problem(
            family=family,
            seed=seed,
            prompt=both(
                f"Reduce the points {points_text(points)} from 2-D to 1-D with PCA (keep the "
                "first principal component) and map them back. What is the mean squared "
                "reconstruction error (1/n)·Σᵢ‖xᵢ − x̂ᵢ‖²?",
                f"用 PCA 把数据点 {points_text(points, '、')} 从二维降到一维（保留第一主成分），"
                "再映射回二维。均方重构误差 (1/n)·Σᵢ‖xᵢ − x̂ᵢ‖² 是多少？",
            ),
            data={"X": plain(points)},
            answer=clean(answer),
            kind="scalar",
            hint=both(
                "What is lost is each centered point's component along the second principal "
                "direction.",
                "丢失的是每个中心化后的点在第二主成分方向上的分量。",
            ),
            solution=lines.text(),
            mistakes=tuple(mistakes),
            target_seconds=180,
        )

    return draw_clear(seed, attempt)


# -------------------------------------------------------------------- how many to keep

_THRESHOLDS = (0.8, 0.85, 0.9, 0.95)


def components_for_threshold(seed: int, **params: Any) -> Problem:
    """The fewest principal components whose cumulative explained variance reaches a
    threshold, given the eigenvalues in the unsorted order a solver may return them.

    The answer is a whole number (graded to 0 decimal places).

    Args:
        seed: the problem's seed.
        **params: ``threshold`` (a fraction in (0, 1); default: the seed picks 0.8, 0.85,
            0.9 or 0.95).

    Returns:
        The Problem; the answer is the number of components (a scalar).
    """
    family = "pca.components_for_threshold"
    check_params(family, params, {"threshold"})
    fixed = params.get("threshold")
    if fixed is not None and (
        isinstance(fixed, bool) or not isinstance(fixed, int | float) or not 0 < fixed < 1
    ):
        raise ValueError(f"{family}: parameter 'threshold' must be a fraction in (0, 1)")

    def attempt(rng: np.random.Generator) -> Problem | None:
        threshold = float(fixed if fixed is not None else rng.choice(_THRESHOLDS))
        count = int(rng.integers(5, 7))
        values = np.sort(np.round(rng.uniform(0.1, 6.0, size=count), 1))[::-1]
        if len(set(values.tolist())) < count:
            return None
        shown = values[rng.permutation(count)]
        total = float(values.sum())
        cumulative = np.cumsum(values) / total
        if np.any(np.abs(cumulative - threshold) < 0.01):
            return None  # too close to call with a basic calculator
        answer = int(np.argmax(cumulative >= threshold)) + 1
        if answer < 2 or answer == count:
            return None
        unsorted = np.cumsum(shown) / total
        in_given_order = int(np.argmax(unsorted >= threshold)) + 1
        above_mean = int(np.sum(values > values.mean()))
        lines = SolutionLines()
        lines.add(
            "sorted: " + ", ".join(fmt(v) for v in values) + f"; total = {fmt(total)}",
            "从大到小：" + "、".join(fmt(v) for v in values) + f"；总和 = {fmt(total)}",
        )
        lines.add(
            "cumulative ratios: " + ", ".join(fmt(v, 3) for v in cumulative[:answer]),
            "累计比例：" + "、".join(fmt(v, 3) for v in cumulative[:answer]),
        )
        lines.add(
            f"first to reach {fmt(threshold)}: k = {answer}",
            f"首次达到 {fmt(threshold)}：k = {answer}",
        )
        mistakes = [
            _mistake(
                "off_by_one",
                answer - 1,
                f"With {answer - 1} components the cumulative ratio is only "
                f"{fmt(cumulative[answer - 2], 3)}, still below {fmt(threshold)}.",
                f"取 {answer - 1} 个主成分时累计比例只有 {fmt(cumulative[answer - 2], 3)}，"
                f"仍低于 {fmt(threshold)}。",
            ),
            _mistake(
                "not_sorted",
                in_given_order,
                "You accumulated the eigenvalues in the order given; sort them from largest to "
                "smallest first.",
                "你按给出的顺序累加了特征值；要先从大到小排序。",
            ),
            _mistake(
                "kaiser_rule",
                above_mean,
                "You counted the eigenvalues above their mean (the Kaiser rule); the question "
                "asks for a cumulative variance threshold.",
                "你数的是大于平均值的特征值个数（Kaiser 准则）；题目要求的是累计方差阈值。",
            ),
        ]
        if in_given_order == answer:
            return None  # the order must matter, or the problem tests nothing about sorting
        return Problem(
            family=family,
            seed=seed,
            prompt=both(
                "An eigen-solver returned the covariance eigenvalues "
                + ", ".join(fmt(v) for v in shown)
                + f". How many principal components are needed to explain at least "
                f"{fmt(100 * threshold)} % of the variance?",
                "特征值求解器返回的协方差矩阵特征值为 "
                + "、".join(fmt(v) for v in shown)
                + f"。至少需要多少个主成分才能解释不低于 {fmt(100 * threshold)}% 的方差？",
            ),
            data={"eigenvalues": plain(shown), "threshold": threshold},
            answer=answer,
            kind="scalar",
            tolerance=Tolerance(decimals=0),
            hint=both(
                "Sort the eigenvalues, then add them up until the running share of the total "
                "reaches the threshold.",
                "先把特征值从大到小排序，再依次累加，直到累计占比达到阈值。",
            ),
            solution=lines.text(),
            mistakes=tuple(mistakes),
            target_seconds=60,
        )

    return draw_clear(seed, attempt)


# ------------------------------------------------------------------------------ whitening

#: Standard deviations √λ of the whitening problems' components: short decimals, so each
#: explained variance is a short decimal with an exact square root.
_COMPONENT_STDS = (0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0)


def _whitening_cloud(
    rng: np.random.Generator, first_std: float, second_std: float
) -> tuple[np.ndarray, np.ndarray]:
    """Five 2-D training points whose PCA has the given component standard deviations.

    Along v₁ the centred scores are ±s₁ in the pattern (1, 1, −1, −1, 0), along v₂ ±s₂ in
    a pattern orthogonal to it, so each sample variance (÷ 4) is exactly s². v₁ is a
    Pythagorean direction, so the fitted components are short decimals.

    Returns:
        (points, mean).
    """
    first = _signed(_unit(_PYTHAGOREAN[int(rng.integers(len(_PYTHAGOREAN)))]))
    second = _signed(np.array([-first[1], first[0]]))
    along = first_std * np.array([1.0, 1.0, -1.0, -1.0, 0.0])
    across = (
        second_std
        * np.array([[1.0, -1.0, 1.0, -1.0, 0.0], [1.0, -1.0, -1.0, 1.0, 0.0]])[int(rng.integers(2))]
    )
    order = rng.permutation(5)
    mean = rng.integers(-3, 6, size=2).astype(float)
    points = mean + np.outer(along[order], first) + np.outer(across[order], second)
    return np.round(points, 9), mean


def whitening(seed: int, **params: Any) -> Problem:
    """The whitened PCA scores of one point, as scikit-learn's ``PCA(whiten=True)`` gives them.

    The answer is ``engine.pca.whiten``: each score (x − mean)·vⱼ divided by √λⱼ, λⱼ the
    explained (sample) variance of component j.

    Args:
        seed: the problem's seed.
        **params: none.

    Returns:
        The Problem; the answer is the vector of whitened scores [w₁, w₂].
    """
    family = "pca.whitening"
    check_params(family, params, set())

    def attempt(rng: np.random.Generator) -> Problem | None:
        first_std, second_std = sorted(rng.choice(_COMPONENT_STDS, size=2, replace=False))[::-1]
        points, _ = _whitening_cloud(rng, float(first_std), float(second_std))
        result = pca.fit(points, 2)
        mean = np.array(clean(result.mean))
        components = np.array(clean(result.components))
        variance = np.array(clean(result.explained_variance))
        x = mean + rng.integers(-4, 5, size=2)
        if not np.any(x):
            return None  # at the origin, forgetting to centre would give 0 whatever the model
        scores = np.array(clean(pca.transform(result, [x])[0]))
        if np.any(np.abs(scores) < 0.5):
            return None  # a score near 0 says nothing about how it is scaled
        answer = clean(pca.whiten(result, [x])[0])
        stds = np.sqrt(variance)
        lines = SolutionLines()
        lines.add(
            f"x − mean_ = {point_text(x - mean)}",
            f"x − 均值 = {point_text(x - mean)}",
        )
        lines.add(
            f"scores zⱼ = (x − mean_)·vⱼ: z = {fmt_vector(scores)}",
            f"得分 zⱼ = (x − 均值)·vⱼ：z = {fmt_vector(scores)}",
        )
        lines.add(f"√explained_variance_ = {fmt_vector(stds)}")
        lines.add(
            f"whitened wⱼ = zⱼ/√λⱼ = {fmt_vector(answer)}",
            f"白化得分 wⱼ = zⱼ/√λⱼ = {fmt_vector(answer)}",
        )
        mistakes = [
            _mistake(
                "divided_by_variance",
                scores / variance,
                "You divided each score by its variance λ; whitening divides by the standard "
                "deviation √λ, which is what gives the whitened scores unit variance.",
                "你把得分除以了方差 λ；白化除以的是标准差 √λ，这样白化后的得分方差才为 1。",
            ),
            _mistake(
                "not_centered",
                (x @ components.T) / stds,
                "You projected x without subtracting mean_; transform centers x before it "
                "projects.",
                "你没有先减去 mean_ 就做了投影；transform 会先中心化再投影。",
            ),
            _mistake(
                "not_whitened",
                scores,
                "Those are the plain PCA scores; with whiten=True each one is also divided by "
                "√explained_variance_.",
                "这是普通 PCA 的得分；whiten=True 时每个得分还要除以 √explained_variance_。",
            ),
            _mistake(
                "rotated_back",
                components.T @ (scores / stds),
                "You rotated the whitened scores back onto the feature axes (Vᵀ·w, ZCA "
                "whitening); PCA(whiten=True) returns them in component coordinates.",
                "你把白化后的得分又旋转回了原始特征坐标（Vᵀ·w，即 ZCA 白化）；"
                "PCA(whiten=True) 返回的是主成分坐标下的得分。",
            ),
        ]
        return Problem(
            family=family,
            seed=seed,
            prompt=both(
                "scikit-learn's PCA(n_components=2, whiten=True) was fitted on five 2-D points. "
                f"It learned mean_ = {point_text(mean)}, components_ = {fmt_matrix(components)} "
                "(one unit principal axis vⱼ per row) and explained_variance_ = "
                f"{fmt_vector(variance)} (the sample variance λⱼ of each component, divided by "
                f"n − 1). What does transform return for x = {point_text(x)}? Answer as "
                "[w₁, w₂].",
                "用 scikit-learn 的 PCA(n_components=2, whiten=True) 拟合了 5 个二维数据点，"
                f"得到 mean_ = {point_text(mean)}、components_ = {fmt_matrix(components)}"
                "（每行是一个单位主轴 vⱼ）和 explained_variance_ = "
                f"{fmt_vector(variance)}（各主成分的样本方差 λⱼ，除以 n − 1）。"
                f"对 x = {point_text(x)} 调用 transform 返回什么？请以 [w₁, w₂] 作答。",
            ),
            data={
                "X": plain(points),
                "x": plain(x),
                "mean": plain(mean),
                "components": plain(components),
                "explained_variance": plain(variance),
            },
            answer=answer,
            kind="vector",
            hint=both(
                "Center x, project it onto each component, then divide each score by the "
                "square root of that component's explained variance.",
                "先把 x 减去均值并投影到每个主成分上，再把每个得分除以该主成分解释方差的平方根。",
            ),
            solution=lines.text(),
            mistakes=tuple(mistakes),
            target_seconds=120,
        )

    return draw_clear(seed, attempt)


# ---------------------------------------------------------------- the Gram trick (n ≪ d)

#: Samples in a Gram-trick problem: three, the fewest with two nonzero eigenvalues.
_GRAM_SAMPLES = 3


def _principal_minors(matrix: np.ndarray) -> list[float]:
    """The three principal 2×2 minors of a 3×3 matrix (rows and columns 1,2; 1,3; 2,3)."""
    pairs = ((0, 1), (0, 2), (1, 2))
    return [float(matrix[i, i] * matrix[j, j] - matrix[i, j] ** 2) for i, j in pairs]


def gram_trick(seed: int, **params: Any) -> Problem:
    """The nonzero covariance eigenvalues of three samples in 4 or 5 dimensions, through the
    3×3 Gram matrix of the centred data.

    The answer is ``engine.pca.fit_gram(X, 2).explained_variance``.

    Args:
        seed: the problem's seed.
        **params: ``dims`` (4 or 5; default: the seed chooses).

    Returns:
        The Problem; the answer is [λ₁, λ₂] in descending order (a vector).
    """
    family = "pca.gram_trick"
    check_params(family, params, {"dims"})
    fixed = params.get("dims")
    if fixed is not None and (isinstance(fixed, bool) or fixed not in (4, 5)):
        raise ValueError(f"{family}: parameter 'dims' must be 4 or 5, not {fixed!r}")

    def attempt(rng: np.random.Generator) -> Problem | None:
        dims = int(fixed or rng.integers(4, 6))
        deviations = rng.integers(-2, 3, size=(_GRAM_SAMPLES - 1, dims))
        centred = np.vstack([deviations, -deviations.sum(axis=0)]).astype(float)
        gram = centred @ centred.T
        trace = float(np.trace(gram))
        minors = _principal_minors(gram)
        second = float(sum(minors))
        discriminant = round(trace**2 - 4 * second)
        root = math.isqrt(max(discriminant, 0))
        if second <= 0 or discriminant <= 0 or root * root != discriminant:
            return None  # rank below 2, a repeated eigenvalue, or a root a learner cannot see
        points = centred + rng.integers(1, 7, size=dims)
        result = pca.fit_gram(points, 2)
        answer = clean(result.explained_variance)
        largest, smallest = (trace + root) / 2, (trace - root) / 2
        divisor = _GRAM_SAMPLES - 1
        raw = np.sort(np.linalg.eigvalsh(points @ points.T))[::-1][:2] / divisor
        lines = SolutionLines()
        lines.add(
            f"mean = {point_text(points.mean(axis=0))}",
            f"均值 = {point_text(points.mean(axis=0))}",
        )
        lines.add(
            "centered rows: " + ", ".join(point_text(row) for row in centred),
            "中心化后的各行：" + "、".join(point_text(row) for row in centred),
        )
        lines.add(f"G = Xc·Xcᵀ = {fmt_matrix(gram)}")
        lines.add(
            "Each row of G sums to 0 (the data are centered), so one eigenvalue is 0; the other "
            "two solve μ² − tr(G)·μ + e₂ = 0, e₂ the sum of the principal 2×2 minors.",
            "G 的每行之和都为 0（数据已中心化），所以有一个特征值为 0；另外两个满足 "
            "μ² − tr(G)·μ + e₂ = 0，其中 e₂ 是 2×2 主子式之和。",
        )
        lines.add(
            f"tr(G) = {fmt(trace)}; e₂ = "
            + " + ".join(operand(m) for m in minors)
            + f" = {fmt(second)}",
            f"tr(G) = {fmt(trace)}；e₂ = "
            + " + ".join(operand(m) for m in minors)
            + f" = {fmt(second)}",
        )
        lines.add(
            f"μ = (tr(G) ± √(tr(G)² − 4e₂))/2 = ({fmt(trace)} ± √{discriminant})/2 = "
            f"{fmt(largest)}, {fmt(smallest)}",
            f"μ = (tr(G) ± √(tr(G)² − 4e₂))/2 = ({fmt(trace)} ± √{discriminant})/2 = "
            f"{fmt(largest)}、{fmt(smallest)}",
        )
        lines.add(
            f"λ = μ/(n − 1) = μ/{divisor}: [λ₁, λ₂] = {fmt_vector(answer)}",
            f"λ = μ/(n − 1) = μ/{divisor}：[λ₁, λ₂] = {fmt_vector(answer)}",
        )
        mistakes = [
            _mistake(
                "divided_by_n",
                [largest / _GRAM_SAMPLES, smallest / _GRAM_SAMPLES],
                f"You divided by n = {_GRAM_SAMPLES}; the sample covariance divides by "
                f"n − 1 = {divisor}, and so do its eigenvalues.",
                f"你除以了 n = {_GRAM_SAMPLES}；样本协方差矩阵除以 n − 1 = {divisor}，"
                "它的特征值也是如此。",
            ),
            _mistake(
                "gram_not_scaled",
                [largest, smallest],
                "Those are the eigenvalues of the Gram matrix Xc·Xcᵀ itself; divide them by "
                f"n − 1 = {divisor} to get the covariance's.",
                f"这是 Gram 矩阵 Xc·Xcᵀ 本身的特征值；要除以 n − 1 = {divisor} 才是协方差矩阵的"
                "特征值。",
            ),
            _mistake(
                "not_centered",
                raw,
                "You built the Gram matrix from the raw samples; center them first, or the mean "
                "adds a large eigenvalue that is no variance of the data.",
                "你用原始样本构造了 Gram 矩阵；要先中心化，否则均值会带来一个很大的特征值，"
                "而它并不是数据的方差。",
            ),
            _mistake(
                "ascending_order",
                [smallest / divisor, largest / divisor],
                "Right values, wrong order: list the eigenvalues from largest to smallest.",
                "数值对了，顺序反了：特征值要从大到小排列。",
            ),
        ]
        return Problem(
            family=family,
            seed=seed,
            prompt=both(
                f"Three samples in d = {dims} dimensions (far fewer samples than features): "
                f"{points_text(points)}. Rather than the {dims}×{dims} sample covariance "
                "matrix (divide by n − 1), use the 3×3 Gram matrix G = Xc·Xcᵀ of the centered "
                "data Xc to find the covariance matrix's nonzero eigenvalues. Answer as "
                "[λ₁, λ₂] in descending order.",
                f"{dims} 维空间中的 3 个样本（样本数远少于特征数）：{points_text(points, '、')}。"
                f"不要构造 {dims}×{dims} 的样本协方差矩阵（除以 n − 1），而是用中心化数据 Xc 的 "
                "3×3 Gram 矩阵 G = Xc·Xcᵀ 求协方差矩阵的非零特征值。"
                "请按从大到小的顺序以 [λ₁, λ₂] 作答。",
            ),
            data={"X": plain(points)},
            answer=answer,
            kind="vector",
            hint=both(
                "Center the samples, form the 3×3 matrix of their dot products, find its two "
                "nonzero eigenvalues and divide them by n − 1.",
                "先中心化，算出样本两两点积组成的 3×3 矩阵，求它的两个非零特征值，再除以 n − 1。",
            ),
            solution=lines.text(),
            mistakes=tuple(mistakes),
            target_seconds=180,
        )

    return draw_clear(seed, attempt)


# ------------------------------------------------------- probabilistic PCA: noise variance


def _dimensions(count: int) -> str:
    return "dimension" if count == 1 else "dimensions"


def ppca_noise_variance(seed: int, **params: Any) -> Problem:
    """Probabilistic PCA's maximum-likelihood noise variance from the covariance eigenvalues.

    The answer is ``engine.pca.ppca_noise_variance``: the mean of the d − q discarded
    eigenvalues (Tipping & Bishop, 1999).

    Args:
        seed: the problem's seed.
        **params: none.

    Returns:
        The Problem; the answer is σ² (a scalar).
    """
    family = "pca.ppca_noise_variance"
    check_params(family, params, set())

    def attempt(rng: np.random.Generator) -> Problem | None:
        dims = int(rng.integers(5, 8))
        values = np.sort(np.round(rng.uniform(0.1, 8.0, size=dims), 1))[::-1]
        if len(set(values.tolist())) < dims:
            return None
        kept = int(rng.integers(1, dims - 1))
        discarded = values[kept:]
        answer = clean(pca.ppca_noise_variance(values, kept))
        lost = dims - kept
        lines = SolutionLines()
        lines.add(
            f"σ² is the mean of the d − q = {dims} − {kept} = {lost} discarded eigenvalues.",
            f"σ² 是被舍弃的 d − q = {dims} − {kept} = {lost} 个特征值的平均。",
        )
        lines.add(
            f"discarded: λ{subscript(kept + 1)}, …, λ{subscript(dims)} = "
            + ", ".join(fmt(v) for v in discarded),
            f"被舍弃的：λ{subscript(kept + 1)}, …, λ{subscript(dims)} = "
            + "、".join(fmt(v) for v in discarded),
        )
        lines.add(f"σ² = ({' + '.join(fmt(v) for v in discarded)})/{lost} = {fmt(answer)}")
        mistakes = [
            _mistake(
                "sum_of_discarded",
                discarded.sum(),
                f"That is the total discarded variance; σ² averages it over the d − q = {lost} "
                "discarded dimensions.",
                f"这是被舍弃的总方差；σ² 要把它平均到被舍弃的 d − q = {lost} 个维度上。",
            ),
            _mistake(
                "mean_of_all",
                values.mean(),
                "You averaged all the eigenvalues; the noise only has to explain the ones the "
                f"q = {kept} kept dimensions leave out.",
                f"你对全部特征值取了平均；噪声只需解释保留的 q = {kept} 个维度之外的那些特征值。",
            ),
            _mistake(
                "divided_by_d",
                discarded.sum() / dims,
                f"You divided the discarded variance by d = {dims}; it is spread over the "
                f"d − q = {lost} discarded dimensions only.",
                f"你把被舍弃的方差除以了 d = {dims}；它只分布在被舍弃的 d − q = {lost} 个维度上。",
            ),
            _mistake(
                "included_last_kept",
                values[kept - 1 :].mean(),
                f"You started the average at λ{subscript(kept)}, a kept eigenvalue; the "
                f"discarded ones begin at λ{subscript(kept + 1)}.",
                f"你从 λ{subscript(kept)} 开始取平均，但它是被保留的特征值；被舍弃的从 "
                f"λ{subscript(kept + 1)} 开始。",
            ),
        ]
        shown = ", ".join(fmt(v) for v in values)
        return Problem(
            family=family,
            seed=seed,
            prompt=both(
                f"The covariance matrix of {dims}-dimensional data has the eigenvalues {shown} "
                "(in descending order). Probabilistic PCA (Tipping & Bishop) models "
                f"x = W·z + μ + ε with q = {kept} latent {_dimensions(kept)}, "
                "z ~ N(0, I) and isotropic "
                "noise ε ~ N(0, σ²·I). What is the maximum-likelihood noise variance σ²?",
                f"某 {dims} 维数据的协方差矩阵的特征值为 "
                + "、".join(fmt(v) for v in values)
                + "（从大到小）。概率主成分分析（Tipping 和 Bishop）的模型为 x = W·z + μ + ε，"
                f"隐变量维数 q = {kept}，z ~ N(0, I)，噪声 ε ~ N(0, σ²·I) 各向同性。"
                "噪声方差 σ² 的极大似然估计是多少？",
            ),
            data={"eigenvalues": plain(values), "q": kept},
            answer=answer,
            kind="scalar",
            hint=both(
                "σ² is the variance the q-dimensional subspace misses, averaged over the "
                "dimensions it misses.",
                "σ² 是 q 维子空间漏掉的方差，在被漏掉的那些维度上取平均。",
            ),
            solution=lines.text(),
            mistakes=tuple(mistakes),
            target_seconds=60,
        )

    return draw_clear(seed, attempt)


FAMILIES: dict[str, Callable[..., Problem]] = {
    "pca.covariance": covariance,
    "pca.eigenvalues": eigenvalues,
    "pca.explained_variance_ratio": explained_variance_ratio,
    "pca.projection": projection,
    "pca.reconstruction_error": reconstruction_error,
    "pca.components_for_threshold": components_for_threshold,
    "pca.whitening": whitening,
    "pca.gram_trick": gram_trick,
    "pca.ppca_noise_variance": ppca_noise_variance,
}
