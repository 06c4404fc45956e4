"""Implement-it tasks on k-means: one Lloyd iteration and the k-means++ probabilities,
checked against :mod:`engine.kmeans`."""

from __future__ import annotations

import numpy as np

from engine import kmeans
from engine.code.compare import Array, Group
from engine.code.task import Case, CodeTask, MistakeVariant
from engine.code.tasks._common import both, case, decimals

# --------------------------------------------------------------------------- Lloyd step


def _lloyd_step(X, centroids):
    distances = ((X[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
    labels = distances.argmin(axis=1)
    new_centroids = centroids.copy()
    for j in range(len(centroids)):
        members = X[labels == j]
        if len(members) > 0:
            new_centroids[j] = members.mean(axis=0)
    return labels, new_centroids


def _lloyd_manhattan(X, centroids):
    distances = np.abs(X[:, None, :] - centroids[None, :, :]).sum(axis=2)
    labels = distances.argmin(axis=1)
    new_centroids = centroids.copy()
    for j in range(len(centroids)):
        members = X[labels == j]
        if len(members) > 0:
            new_centroids[j] = members.mean(axis=0)
    return labels, new_centroids


def _lloyd_empty_mean(X, centroids):
    distances = ((X[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
    labels = distances.argmin(axis=1)
    new_centroids = np.array([X[labels == j].mean(axis=0) for j in range(len(centroids))])
    return labels, new_centroids


def _lloyd_empty_zero(X, centroids):
    distances = ((X[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
    labels = distances.argmin(axis=1)
    new_centroids = np.zeros_like(centroids)
    for j in range(len(centroids)):
        members = X[labels == j]
        if len(members) > 0:
            new_centroids[j] = members.mean(axis=0)
    return labels, new_centroids


def _lloyd_labels_after_update(X, centroids):
    distances = ((X[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
    labels = distances.argmin(axis=1)
    new_centroids = centroids.copy()
    for j in range(len(centroids)):
        members = X[labels == j]
        if len(members) > 0:
            new_centroids[j] = members.mean(axis=0)
    distances = ((X[:, None, :] - new_centroids[None, :, :]) ** 2).sum(axis=2)
    return distances.argmin(axis=1), new_centroids


def _lloyd_ties_high(X, centroids):
    distances = ((X[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
    k = len(centroids)
    labels = k - 1 - distances[:, ::-1].argmin(axis=1)
    new_centroids = centroids.copy()
    for j in range(k):
        members = X[labels == j]
        if len(members) > 0:
            new_centroids[j] = members.mean(axis=0)
    return labels, new_centroids


def _lloyd_draw(rng: np.random.Generator) -> list[Case]:
    cases = []
    for points, clusters in ((8, 2), (10, 3)):
        middles = decimals(rng, (clusters, 2), -5, 5, 1)
        X = np.repeat(middles, -(-points // clusters), axis=0)[:points]
        X = X + decimals(rng, X.shape, -1.5, 1.5)
        centroids = X[rng.choice(points, size=clusters, replace=False)] + 0.25
        cases.append(
            case(
                f"{points} points in 2-D around {clusters} centres, k = {clusters}",
                f"{points} 个二维点，分布在 {clusters} 个中心附近，k = {clusters}",
                X,
                centroids,
            )
        )
    return cases


def _lloyd_edges() -> list[Case]:
    X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [5.0, 5.0], [6.0, 5.0]])
    return [
        case(
            "an empty cluster: the centroid at (100, 100) gets no point and must stay",
            "空簇：位于 (100, 100) 的质心没有分到点，必须保持不变",
            X,
            np.array([[0.5, 0.5], [100.0, 100.0], [5.5, 5.0]]),
        ),
        case(
            "a tie: (0, 0) is as far from (−1, 0) as from (1, 0); it goes to the lower index",
            "平局：(0, 0) 到 (−1, 0) 和 (1, 0) 一样远；归入下标较小的簇",
            np.array([[0.0, 0.0], [-2.0, 0.0], [2.0, 0.0]]),
            np.array([[-1.0, 0.0], [1.0, 0.0]]),
        ),
        case(
            "(2, 0) would join the other cluster once the centroids move: labels are those "
            "of the current centroids",
            "质心移动后 (2, 0) 会换到另一个簇：标签应按当前质心计算",
            np.array([[0.0, 0.0], [1.2, 0.0], [2.0, 0.0], [10.0, 0.0]]),
            np.array([[0.0, 0.0], [2.5, 0.0]]),
        ),
        case(
            "nearest by squared Euclidean distance, not by Manhattan distance",
            "按欧氏距离平方取最近，而不是曼哈顿距离",
            np.array([[0.0, 0.0], [2.0, 2.0], [0.0, 3.0]]),
            np.array([[1.5, 1.5], [0.0, 2.5]]),
        ),
    ]


LLOYD_STEP = CodeTask(
    id="code.lloyd_step",
    topic="kmeans",
    title=both("One Lloyd iteration (k-means)", "Lloyd 迭代一步（k-means）"),
    statement=both(
        "Write lloyd_step(X, centroids): X is (n, d), centroids is (k, d). Assign each point "
        "to its nearest centroid by squared Euclidean distance (ties go to the lower index), "
        "then move each centroid to the mean of its points; a centroid with no points keeps "
        "its previous position. Return (labels, new_centroids): int labels (n,) under the "
        "current centroids, and a float array (k, d).",
        "实现 lloyd_step(X, centroids)：X 形状为 (n, d)，centroids 形状为 (k, d)。"
        "按欧氏距离平方把每个点分给最近的质心（距离相同时归入下标较小者），"
        "再把每个质心移到其所属点的均值；没有分到点的质心保持原位。返回 "
        "(labels, new_centroids)：在当前质心下的整数标签 (n,)，以及形状 (k, d) 的浮点数组。",
    ),
    signature="lloyd_step(X, centroids) -> (labels, new_centroids)",
    docstring=both(
        "One Lloyd iteration.\n\nArgs:\n    X: points, float array (n, d).\n"
        "    centroids: current centroids, float array (k, d).\n\n"
        "Returns:\n    (labels, new_centroids): int array (n,) of nearest-centroid indices,\n"
        "    and float array (k, d); an empty cluster keeps its centroid.",
        "Lloyd 迭代一步。\n\n参数：\n    X：点，形状 (n, d) 的浮点数组。\n"
        "    centroids：当前质心，形状 (k, d) 的浮点数组。\n\n"
        "返回：\n    (labels, new_centroids)：最近质心下标组成的整数数组 (n,)，\n"
        "    以及形状 (k, d) 的浮点数组；空簇保持原质心。",
    ),
    hint=both(
        "Broadcast X[:, None, :] − centroids[None, :, :] to get all n×k distances; argmin "
        "already breaks ties towards the lower index.",
        "用 X[:, None, :] − centroids[None, :, :] 广播得到全部 n×k 个距离；argmin "
        "在平局时本就取较小的下标。",
    ),
    reference=kmeans.lloyd_step,
    solution=_lloyd_step,
    draw=_lloyd_draw,
    edge_cases=_lloyd_edges,
    result=Group((Array("int"), Array())),
    mistakes=(
        MistakeVariant(
            "empty_cluster_not_kept",
            both(
                "A cluster with no points has no mean (nan) — keep its previous centroid "
                "instead of taking the mean of nothing or zeros.",
                "没有点的簇没有均值（nan）——应保留它原来的质心，而不是对空集取均值或置零。",
            ),
            (_lloyd_empty_mean, _lloyd_empty_zero),
        ),
        MistakeVariant(
            "manhattan_instead_of_euclidean",
            both(
                "k-means assigns by squared Euclidean distance Σ(x − c)², not by Σ|x − c|.",
                "k-means 按欧氏距离平方 Σ(x − c)² 分配，而不是 Σ|x − c|。",
            ),
            (_lloyd_manhattan,),
        ),
        MistakeVariant(
            "labels_after_update",
            both(
                "Return the labels under the current centroids (the ones the means were "
                "taken over), not labels recomputed with the new centroids.",
                "返回当前质心下的标签（即用于求均值的那组），而不是用新质心重新计算的标签。",
            ),
            (_lloyd_labels_after_update,),
        ),
        MistakeVariant(
            "ties_to_higher_index",
            both(
                "A point equally far from two centroids goes to the lower index.",
                "到两个质心距离相等的点归入下标较小的簇。",
            ),
            (_lloyd_ties_high,),
        ),
    ),
)

# --------------------------------------------------------------------------- k-means++


def _kmeans_pp_probabilities(X, centers):
    squared = ((X[:, None, :] - centers[None, :, :]) ** 2).sum(axis=2).min(axis=1)
    return squared / squared.sum()


def _pp_not_squared(X, centers):
    distances = np.sqrt(((X[:, None, :] - centers[None, :, :]) ** 2).sum(axis=2)).min(axis=1)
    return distances / distances.sum()


def _pp_all_centers(X, centers):
    squared = ((X[:, None, :] - centers[None, :, :]) ** 2).sum(axis=2).sum(axis=1)
    return squared / squared.sum()


def _pp_first_center(X, centers):
    squared = ((X - centers[0]) ** 2).sum(axis=1)
    return squared / squared.sum()


def _pp_draw(rng: np.random.Generator) -> list[Case]:
    X = decimals(rng, (6, 2), -4, 4, 0.5)
    X2 = decimals(rng, (7, 2), -4, 4, 0.5)
    return [
        case(
            "6 points in 2-D, one center chosen (point 0)",
            "6 个二维点，已选 1 个中心（第 0 个点）",
            X,
            X[[0]],
        ),
        case(
            "7 points in 2-D, two centers chosen (points 1 and 4)",
            "7 个二维点，已选 2 个中心（第 1 和第 4 个点）",
            X2,
            X2[[1, 4]],
        ),
    ]


def _pp_edges() -> list[Case]:
    X = np.array([[0.0, 0.0], [3.0, 4.0], [6.0, 8.0], [0.0, 1.0]])
    return [
        case(
            "centers at (0, 0) and (6, 8): points on a center get probability 0",
            "中心在 (0, 0) 和 (6, 8)：与中心重合的点概率为 0",
            X,
            np.array([[0.0, 0.0], [6.0, 8.0]]),
        ),
    ]


KMEANS_PP_PROBABILITIES = CodeTask(
    id="code.kmeans_pp_probabilities",
    topic="kmeans",
    title=both("k-means++ probabilities", "k-means++ 的选取概率"),
    statement=both(
        "Write kmeans_pp_probabilities(X, centers): X is (n, d), centers (m, d) holds the "
        "centers chosen so far. Return the probability of picking each point as the next "
        "center in k-means++: D(x)² / Σ D², with D(x) the Euclidean distance from x to its "
        "nearest chosen center. A float array (n,) summing to 1.",
        "实现 kmeans_pp_probabilities(X, centers)：X 形状为 (n, d)，centers 形状为 (m, d)，"
        "是已选出的中心。返回 k-means++ 中每个点被选为下一个中心的概率："
        "D(x)² / Σ D²，其中 D(x) 是 x 到最近已选中心的欧氏距离。返回和为 1 的浮点数组 (n,)。",
    ),
    signature="kmeans_pp_probabilities(X, centers) -> ndarray",
    docstring=both(
        "k-means++ selection probabilities.\n\nArgs:\n    X: points, float array (n, d).\n"
        "    centers: chosen centers, float array (m, d).\n\n"
        "Returns:\n    float array (n,), D(x)^2 / sum of D^2.",
        "k-means++ 的选取概率。\n\n参数：\n    X：点，形状 (n, d) 的浮点数组。\n"
        "    centers：已选中心，形状 (m, d) 的浮点数组。\n\n"
        "返回：\n    形状 (n,) 的浮点数组，D(x)^2 / ΣD^2。",
    ),
    hint=both(
        "Take the minimum over the centers of the squared distances, then normalise.",
        "对各中心的距离平方取最小值，再归一化。",
    ),
    reference=kmeans.kmeanspp_probabilities,
    solution=_kmeans_pp_probabilities,
    draw=_pp_draw,
    edge_cases=_pp_edges,
    result=Array(),
    mistakes=(
        MistakeVariant(
            "distance_not_squared",
            both(
                "k-means++ weighs points by the squared distance D², not D.",
                "k-means++ 按距离的平方 D² 加权，而不是 D。",
            ),
            (_pp_not_squared,),
        ),
        MistakeVariant(
            "all_centers_summed",
            both(
                "D(x) is the distance to the nearest chosen center (a minimum), not a sum "
                "over all of them.",
                "D(x) 是到最近已选中心的距离（取最小值），而不是对所有中心求和。",
            ),
            (_pp_all_centers,),
        ),
        MistakeVariant(
            "first_center_only",
            both(
                "Use every chosen center, not only the first: D(x) is the distance to the "
                "nearest of them.",
                "要用所有已选中心，而不只是第一个：D(x) 是到其中最近者的距离。",
            ),
            (_pp_first_center,),
        ),
    ),
)

TASKS = (LLOYD_STEP, KMEANS_PP_PROBABILITIES)
