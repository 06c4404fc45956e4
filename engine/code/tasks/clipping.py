"""Implement-it tasks on gradient clipping, checked against :mod:`engine.clipping`."""

from __future__ import annotations

import numpy as np

from engine import clipping
from engine.code.compare import Array, ArrayList
from engine.code.task import Case, CodeTask, MistakeVariant
from engine.code.tasks._common import both, case, decimals

_ALWAYS_RESCALE = both(
    "A gradient already within the limit must be left alone: scale by "
    "max_norm / max(norm, max_norm), not max_norm / norm (which also blows up a zero "
    "gradient into nan).",
    "已在上限以内的梯度应保持不变：缩放系数是 max_norm / max(norm, max_norm)，"
    "而不是 max_norm / norm（后者还会把零梯度变成 nan）。",
)
_MISSING_SQRT = both(
    "The L2 norm is sqrt(Σ g²); without the square root you compare the squared norm "
    "with max_norm.",
    "L2 范数是 sqrt(Σ g²)；少了平方根就是拿范数的平方去和 max_norm 比较。",
)

# --------------------------------------------------------------------------- global norm


def _clip_by_global_norm(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g**2) for g in grads))
    scale = max_norm / max(norm, max_norm)
    return [g * scale for g in grads]


def _global_per_tensor(grads, max_norm):
    return [g * max_norm / max(np.sqrt(np.sum(g**2)), max_norm) for g in grads]


def _global_always_rescale(grads, max_norm):
    norm = np.sqrt(sum(np.sum(g**2) for g in grads))
    return [g * max_norm / norm for g in grads]


def _global_missing_sqrt(grads, max_norm):
    norm = sum(np.sum(g**2) for g in grads)
    scale = max_norm / max(norm, max_norm)
    return [g * scale for g in grads]


def _global_draw(rng: np.random.Generator) -> list[Case]:
    return [
        case(
            "a vector (3,) and a 2×2 matrix in [−3, 3], max_norm = 1",
            "一个 (3,) 向量和一个 2×2 矩阵，取值在 [−3, 3] 内，max_norm = 1",
            [decimals(rng, 3, -3, 3), decimals(rng, (2, 2), -3, 3)],
            1.0,
        ),
        case(
            "three tensors in [−2, 2], max_norm = 2.5",
            "三个取值在 [−2, 2] 内的张量，max_norm = 2.5",
            [decimals(rng, 2, -2, 2), decimals(rng, (2, 3), -2, 2), decimals(rng, 4, -2, 2)],
            2.5,
        ),
    ]


def _global_edges() -> list[Case]:
    return [
        case(
            "global norm already under max_norm (0.5 < 1): nothing changes",
            "全局范数已小于 max_norm（0.5 < 1）：保持不变",
            [np.array([0.3, 0.0]), np.array([[0.0, 0.4]])],
            1.0,
        ),
        case(
            "two tensors of 3 and 4 (global norm 5, each under 5): clip to 1",
            "两个张量分别为 3 和 4（全局范数 5，各自都小于 5）：裁剪到 1",
            [np.array([3.0]), np.array([0.0, 4.0])],
            1.0,
        ),
        case("zero gradients", "全零梯度", [np.zeros(3), np.zeros((2, 2))], 1.0),
    ]


CLIP_BY_GLOBAL_NORM = CodeTask(
    id="code.clip_by_global_norm",
    topic="clipping",
    title=both("Clip by global norm", "按全局范数裁剪"),
    statement=both(
        "Write clip_by_global_norm(grads, max_norm): grads is a list of float arrays of any "
        "shapes. With global_norm = sqrt(Σ_i ‖g_i‖²) over all of them, return a new list "
        "with every array multiplied by max_norm / max(global_norm, max_norm).",
        "实现 clip_by_global_norm(grads, max_norm)：grads 是任意形状浮点数组组成的列表。"
        "令 global_norm = sqrt(Σ_i ‖g_i‖²)（对所有数组），返回一个新列表，"
        "其中每个数组都乘以 max_norm / max(global_norm, max_norm)。",
    ),
    signature="clip_by_global_norm(grads, max_norm) -> list",
    docstring=both(
        "Rescale all gradients jointly to a global norm of at most max_norm.\n\nArgs:\n"
        "    grads: list of float arrays.\n    max_norm: the largest allowed global norm, > 0.\n\n"
        "Returns:\n    a new list of arrays, same shapes and order.",
        "把所有梯度一起缩放，使全局范数不超过 max_norm。\n\n参数：\n"
        "    grads：浮点数组组成的列表。\n    max_norm：允许的最大全局范数，> 0。\n\n"
        "返回：\n    新的数组列表，形状与顺序不变。",
    ),
    hint=both(
        "One norm over every entry of every tensor, then the same scale for all of them, "
        "so the direction of the whole update is kept.",
        "对所有张量的所有元素算一个范数，再对它们用同一个缩放系数，这样整体更新方向不变。",
    ),
    reference=clipping.clip_by_global_norm,
    solution=_clip_by_global_norm,
    draw=_global_draw,
    edge_cases=_global_edges,
    result=ArrayList(),
    mistakes=(
        MistakeVariant(
            "per_tensor_clipping",
            both(
                "You clipped each tensor by its own norm; global clipping uses one norm over "
                "all tensors and one scale for all of them.",
                "你按各自的范数分别裁剪了每个张量；全局裁剪对所有张量只算一个范数、用同一个缩放系数。",
            ),
            (_global_per_tensor,),
        ),
        MistakeVariant("always_rescale", _ALWAYS_RESCALE, (_global_always_rescale,)),
        MistakeVariant("missing_sqrt", _MISSING_SQRT, (_global_missing_sqrt,)),
    ),
)

# --------------------------------------------------------------------------- one tensor


def _clip_by_norm(g, max_norm):
    norm = np.sqrt(np.sum(g**2))
    return g * (max_norm / max(norm, max_norm))


def _norm_always_rescale(g, max_norm):
    return g * max_norm / np.sqrt(np.sum(g**2))


def _norm_missing_sqrt(g, max_norm):
    return g * (max_norm / max(np.sum(g**2), max_norm))


def _norm_by_value(g, max_norm):
    return np.clip(g, -max_norm, max_norm)


def _norm_draw(rng: np.random.Generator) -> list[Case]:
    return [
        case(
            "a vector (4,) in [−3, 3], max_norm = 1",
            "(4,) 向量，取值在 [−3, 3] 内，max_norm = 1",
            decimals(rng, 4, -3, 3),
            1.0,
        ),
        case(
            "a 2×3 matrix in [−2, 2], max_norm = 1.5",
            "2×3 矩阵，取值在 [−2, 2] 内，max_norm = 1.5",
            decimals(rng, (2, 3), -2, 2),
            1.5,
        ),
    ]


def _norm_edges() -> list[Case]:
    return [
        case(
            "norm 0.5 already under max_norm = 1: unchanged",
            "范数 0.5 已小于 max_norm = 1：保持不变",
            np.array([0.3, -0.4]),
            1.0,
        ),
        case("a zero gradient", "零梯度", np.zeros(3), 1.0),
        case(
            "g = (3, 4) has norm 5 but no entry above 2.5; max_norm = 2.5 halves it",
            "g = (3, 4) 的范数为 5，但没有元素超过 2.5；max_norm = 2.5 时应减半",
            np.array([3.0, 4.0]),
            2.5,
        ),
    ]


CLIP_BY_NORM = CodeTask(
    id="code.clip_by_norm",
    topic="clipping",
    title=both("Clip one tensor by its norm", "按范数裁剪单个张量"),
    statement=both(
        "Write clip_by_norm(g, max_norm): return g scaled so that its L2 norm "
        "sqrt(Σ g²) is at most max_norm, i.e. g · max_norm / max(‖g‖, max_norm) (Keras "
        "clipnorm). A gradient already within the limit comes back unchanged.",
        "实现 clip_by_norm(g, max_norm)：返回缩放后的 g，使其 L2 范数 sqrt(Σ g²) 不超过 "
        "max_norm，即 g · max_norm / max(‖g‖, max_norm)（Keras 的 clipnorm）。"
        "已在上限以内的梯度原样返回。",
    ),
    signature="clip_by_norm(g, max_norm) -> ndarray",
    docstring=both(
        "Rescale one gradient to an L2 norm of at most max_norm.\n\nArgs:\n"
        "    g: float array.\n    max_norm: the largest allowed norm, > 0.\n\n"
        "Returns:\n    the clipped gradient, a new array of g's shape.",
        "把单个梯度缩放到 L2 范数不超过 max_norm。\n\n参数：\n"
        "    g：浮点数组。\n    max_norm：允许的最大范数，> 0。\n\n"
        "返回：\n    裁剪后的梯度，与 g 形状相同的新数组。",
    ),
    hint=both(
        "The norm is taken over every entry; the scale max_norm / max(norm, max_norm) is "
        "1 when the gradient is short enough.",
        "范数对所有元素计算；梯度足够短时，缩放系数 max_norm / max(norm, max_norm) 为 1。",
    ),
    reference=clipping.clip_by_norm,
    solution=_clip_by_norm,
    draw=_norm_draw,
    edge_cases=_norm_edges,
    result=Array(),
    mistakes=(
        MistakeVariant("always_rescale", _ALWAYS_RESCALE, (_norm_always_rescale,)),
        MistakeVariant("missing_sqrt", _MISSING_SQRT, (_norm_missing_sqrt,)),
        MistakeVariant(
            "clip_by_value",
            both(
                "You clipped each entry into [−max_norm, max_norm]; clipping by norm rescales "
                "the whole vector and keeps its direction.",
                "你把每个元素裁剪到 [−max_norm, max_norm]；按范数裁剪是整体缩放向量并保持方向。",
            ),
            (_norm_by_value,),
        ),
    ),
)

TASKS = (CLIP_BY_GLOBAL_NORM, CLIP_BY_NORM)
