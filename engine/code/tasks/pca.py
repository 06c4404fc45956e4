"""Implement-it tasks on PCA: the components with their explained variance, and the
projection onto them, checked against :mod:`engine.pca`. Each component (and each
column of scores) is right up to its sign."""

from __future__ import annotations

import numpy as np

from engine import pca as engine_pca
from engine.code.compare import Array, Group
from engine.code.task import Case, CodeTask, MistakeVariant
from engine.code.tasks._common import both, case, decimals

#: Seeded data sets are redrawn until neighbouring variances differ by this factor, so
#: every component is well defined (up to its sign) and no tie can reorder them.
MIN_VARIANCE_GAP = 1.3

_NOT_CENTERED = both(
    "Subtract each feature's mean first: PCA finds directions of variance around the mean.",
    "先减去每个特征的均值：PCA 寻找的是围绕均值的方差方向。",
)
_ASCENDING = both(
    "np.linalg.eigh returns eigenvalues in ascending order: reverse them so the largest "
    "variance comes first.",
    "np.linalg.eigh 按升序返回特征值：要反转顺序，让方差最大的排在最前。",
)


def _spread_data(rng: np.random.Generator, samples: int, features: int) -> np.ndarray:
    """Data whose covariance eigenvalues are well apart (see :data:`MIN_VARIANCE_GAP`)."""
    while True:
        scales = np.array([4.0, 2.0, 1.0, 0.5, 0.25][:features])
        X = decimals(rng, (samples, features), -1, 1) * scales
        mixing = np.linalg.qr(decimals(rng, (features, features), -1, 1))[0]
        X = np.round(X @ mixing, 2)
        variances = np.linalg.eigvalsh(np.cov(X, rowvar=False))[::-1]
        if variances[-1] > 1e-3 and np.all(variances[:-1] / variances[1:] > MIN_VARIANCE_GAP):
            return X


def _worked_example() -> np.ndarray:
    """Mean 0, covariance diag(2/3, 8/3): components (0, 1) and (1, 0), variances 8/3, 2/3."""
    return np.array([[1.0, 0.0], [-1.0, 0.0], [0.0, 2.0], [0.0, -2.0]])


# --------------------------------------------------------------------------- components


def _pca(X, k):
    centred = X - X.mean(axis=0)
    _, s, vt = np.linalg.svd(centred, full_matrices=False)
    return vt[:k], s[:k] ** 2 / (len(X) - 1)


def _pca_population(X, k):
    centred = X - X.mean(axis=0)
    _, s, vt = np.linalg.svd(centred, full_matrices=False)
    return vt[:k], s[:k] ** 2 / len(X)


def _pca_population_eigh(X, k):
    centred = X - X.mean(axis=0)
    values, vectors = np.linalg.eigh(centred.T @ centred / len(X))
    order = np.argsort(values)[::-1][:k]
    return vectors[:, order].T, values[order]


def _pca_not_centered(X, k):
    _, s, vt = np.linalg.svd(X, full_matrices=False)
    return vt[:k], s[:k] ** 2 / (len(X) - 1)


def _pca_ascending(X, k):
    values, vectors = np.linalg.eigh(np.cov(X, rowvar=False))
    return vectors[:, :k].T, values[:k]


def _pca_singular_values(X, k):
    centred = X - X.mean(axis=0)
    _, s, vt = np.linalg.svd(centred, full_matrices=False)
    return vt[:k], s[:k]


def _pca_reference(X, k):
    result = engine_pca.fit(X, k)
    return result.components, result.explained_variance


def _pca_draw(rng: np.random.Generator) -> list[Case]:
    return [
        case(
            "8 samples of 3 features, k = 2",
            "8 个样本、3 个特征，k = 2",
            _spread_data(rng, 8, 3),
            2,
        ),
        case(
            "10 samples of 4 features, k = 4 (every component)",
            "10 个样本、4 个特征，k = 4（全部主成分）",
            _spread_data(rng, 10, 4),
            4,
        ),
    ]


def _pca_edges() -> list[Case]:
    return [
        case(
            "a worked example: (±1, 0), (0, ±2), k = 2 (variances 8/3 and 2/3)",
            "手算示例：(±1, 0)、(0, ±2)，k = 2（方差为 8/3 和 2/3）",
            _worked_example(),
            2,
        ),
        case(
            "data not centred (mean (10, −5)), k = 1",
            "未中心化的数据（均值 (10, −5)），k = 1",
            _worked_example() + np.array([10.0, -5.0]),
            1,
        ),
    ]


PCA = CodeTask(
    id="code.pca",
    topic="pca",
    title=both("PCA from scratch", "从零实现 PCA"),
    statement=both(
        "Write pca(X, k): X is (n, d), one sample per row. Return (components, "
        "explained_variance): components is (k, d), unit rows, the principal axes in order of "
        "decreasing variance (each row's sign is free); explained_variance is (k,), the "
        "variance along each axis with the n − 1 denominator (the eigenvalues of the sample "
        "covariance).",
        "实现 pca(X, k)：X 形状为 (n, d)，每行一个样本。返回 (components, "
        "explained_variance)：components 形状为 (k, d)，各行为单位向量，是按方差从大到小排列的"
        "主轴（每行的符号任意）；explained_variance 形状为 (k,)，是各主轴上的方差，分母为 "
        "n − 1（即样本协方差矩阵的特征值）。",
    ),
    signature="pca(X, k) -> (components, explained_variance)",
    docstring=both(
        "Principal component analysis.\n\nArgs:\n    X: data, float array (n, d).\n"
        "    k: how many components to keep, 1 <= k <= min(n, d).\n\n"
        "Returns:\n    (components, explained_variance): float arrays (k, d) and (k,),\n"
        "    largest variance first; variance with the n - 1 denominator.",
        "主成分分析。\n\n参数：\n    X：数据，形状 (n, d) 的浮点数组。\n"
        "    k：保留的主成分个数，1 <= k <= min(n, d)。\n\n"
        "返回：\n    (components, explained_variance)：形状 (k, d) 与 (k,) 的浮点数组，\n"
        "    方差从大到小；方差的分母为 n - 1。",
    ),
    hint=both(
        "Centre X, then either take the SVD (rows of Vᵀ, variances S² / (n − 1)) or the "
        "eigenvectors of the covariance matrix, sorted by decreasing eigenvalue.",
        "先中心化 X，再做 SVD（取 Vᵀ 的行，方差为 S² / (n − 1)），"
        "或对协方差矩阵做特征分解并按特征值从大到小排序。",
    ),
    reference=_pca_reference,
    solution=_pca,
    draw=_pca_draw,
    edge_cases=_pca_edges,
    result=Group((Array(signs="rows"), Array())),
    mistakes=(
        MistakeVariant(
            "population_variance",
            both(
                "The explained variance divides by n − 1 (the sample covariance), not by n.",
                "解释方差的分母是 n − 1（样本协方差），而不是 n。",
            ),
            (_pca_population, _pca_population_eigh),
        ),
        MistakeVariant("not_centered", _NOT_CENTERED, (_pca_not_centered,)),
        MistakeVariant("ascending_order", _ASCENDING, (_pca_ascending,)),
        MistakeVariant(
            "singular_values_instead_of_variance",
            both(
                "The singular values S of the centred data are not variances: the variance is "
                "S² / (n − 1).",
                "中心化数据的奇异值 S 不是方差：方差是 S² / (n − 1)。",
            ),
            (_pca_singular_values,),
        ),
    ),
)

# --------------------------------------------------------------------------- projection


def _pca_project(X, k):
    centred = X - X.mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    return centred @ vt[:k].T


def _project_not_centered(X, k):
    centred = X - X.mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    return X @ vt[:k].T


def _project_not_centered_svd(X, k):
    _, _, vt = np.linalg.svd(X, full_matrices=False)
    return X @ vt[:k].T


def _project_ascending(X, k):
    centred = X - X.mean(axis=0)
    _, vectors = np.linalg.eigh(np.cov(X, rowvar=False))
    return centred @ vectors[:, :k]


def _project_whitened(X, k):
    centred = X - X.mean(axis=0)
    _, s, vt = np.linalg.svd(centred, full_matrices=False)
    return centred @ vt[:k].T / (s[:k] / np.sqrt(len(X) - 1))


def _project_reference(X, k):
    return engine_pca.transform(engine_pca.fit(X, k), X)


def _project_draw(rng: np.random.Generator) -> list[Case]:
    return [
        case(
            "8 samples of 3 features, k = 2",
            "8 个样本、3 个特征，k = 2",
            _spread_data(rng, 8, 3),
            2,
        ),
        case(
            "6 samples of 2 features, k = 1",
            "6 个样本、2 个特征，k = 1",
            _spread_data(rng, 6, 2),
            1,
        ),
    ]


def _project_edges() -> list[Case]:
    return [
        case(
            "a worked example shifted to mean (10, −5), k = 2",
            "平移到均值 (10, −5) 的手算示例，k = 2",
            _worked_example() + np.array([10.0, -5.0]),
            2,
        ),
    ]


PCA_PROJECT = CodeTask(
    id="code.pca_project",
    topic="pca",
    title=both("Project onto the principal components", "投影到主成分上"),
    statement=both(
        "Write pca_project(X, k): the scores of the n samples of X (n, d) on its first k "
        "principal components, Z = (X − mean) · Wᵀ with W the (k, d) components in order of "
        "decreasing variance. Return a float array (n, k); each column's sign is free.",
        "实现 pca_project(X, k)：X (n, d) 的 n 个样本在前 k 个主成分上的得分，"
        "Z = (X − 均值) · Wᵀ，其中 W 是按方差从大到小排列的 (k, d) 主成分。"
        "返回形状 (n, k) 的浮点数组；每列的符号任意。",
    ),
    signature="pca_project(X, k) -> ndarray",
    docstring=both(
        "Scores on the first k principal components.\n\nArgs:\n"
        "    X: data, float array (n, d).\n    k: how many components.\n\n"
        "Returns:\n    Z, float array (n, k).",
        "在前 k 个主成分上的得分。\n\n参数：\n"
        "    X：数据，形状 (n, d) 的浮点数组。\n    k：主成分个数。\n\n"
        "返回：\n    Z，形状 (n, k) 的浮点数组。",
    ),
    hint=both(
        "Centre X first and project the centred data; the scores are not rescaled.",
        "先中心化 X，再投影中心化后的数据；得分不需要再缩放。",
    ),
    reference=_project_reference,
    solution=_pca_project,
    draw=_project_draw,
    edge_cases=_project_edges,
    result=Array(signs="columns"),
    mistakes=(
        MistakeVariant(
            "not_centered", _NOT_CENTERED, (_project_not_centered, _project_not_centered_svd)
        ),
        MistakeVariant("ascending_order", _ASCENDING, (_project_ascending,)),
        MistakeVariant(
            "whitened",
            both(
                "The scores are the projections themselves; dividing by each component's "
                "standard deviation whitens them (a different transform).",
                "得分就是投影本身；再除以各主成分的标准差就成了白化（另一种变换）。",
            ),
            (_project_whitened,),
        ),
    ),
)

TASKS = (PCA, PCA_PROJECT)
