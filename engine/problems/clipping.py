"""Problem families: gradient clipping by value, by norm, and by global norm.

Keras's forms: ``clipvalue`` clips each entry into [−c, c]; ``clipnorm`` rescales each
tensor on its own by ``c / max(‖g‖, c)``; ``global_clipnorm`` rescales all tensors by the
same ``c / max(‖g‖_global, c)`` with ``‖g‖_global = √(Σᵢ ‖gᵢ‖²)``. Answers are vectors (a
matrix, one row per tensor, for the global norm) graded to the decimal places that resolve the clipping
(see :mod:`engine.precision`); the unclipped gradient is never right.
"""

from __future__ import annotations

import numpy as np

from engine.formatting import fmt, fmt_matrix, fmt_vector
from engine.problem import Mistake, Problem
from engine.problems._common import apart_from_answer, both, draw_distinct, plain


def _grid(rng: np.random.Generator, size: int, low: float, high: float, step: float) -> np.ndarray:
    count = int(round((high - low) / step))
    return np.round(low + step * rng.integers(0, count + 1, size=size), 2)


def _norm(values: np.ndarray) -> float:
    return float(np.sqrt((values**2).sum()))


def _rescale(values: np.ndarray, norm: float, bound: float) -> np.ndarray:
    return values * (bound / max(norm, bound))


def _squares(values: np.ndarray) -> str:
    return " + ".join(f"({fmt(v)})²" if v < 0 else f"{fmt(v)}²" for v in values)


def _clip_by_value(seed: int) -> Problem:
    """Generate a ``clip.by_value`` problem."""

    def build(rng: np.random.Generator) -> Problem:
        size = int(rng.integers(3, 5))
        bound = float(rng.choice([0.5, 1.0, 1.5, 2.0]))
        gradient = _grid(rng, size, -3.0, 3.0, 0.1)
        gradient[0] = -abs(gradient[0]) - bound  # one entry below −c and one above c, so
        gradient[1] = abs(gradient[1]) + bound  # both sides of the clip are exercised
        gradient = np.round(gradient[rng.permutation(size)], 2)
        answer = np.clip(gradient, -bound, bound)
        by_norm = _rescale(gradient, _norm(gradient), bound)
        mistakes = [
            Mistake(
                "upper_bound_only",
                plain(np.minimum(gradient, bound)),
                both(
                    f"Clipping by value bounds both sides: entries below −{fmt(bound)} become "
                    f"−{fmt(bound)}.",
                    f"按值裁剪两侧都有界：小于 −{fmt(bound)} 的分量变为 −{fmt(bound)}。",
                ),
            ),
            Mistake(
                "clipped_by_norm",
                plain(by_norm),
                both(
                    "You rescaled the whole vector (that is clipnorm); clipvalue clips each "
                    "entry on its own.",
                    "你把整个向量按范数缩放了（那是 clipnorm）；clipvalue 是逐个分量裁剪。",
                ),
            ),
        ]
        return Problem(
            family="clip.by_value",
            seed=seed,
            prompt=both(
                f"Clip the gradient g = {fmt_vector(gradient)} by value with clipvalue "
                f"c = {fmt(bound)}. Give the clipped gradient.",
                f"用 clipvalue c = {fmt(bound)} 对梯度 g = {fmt_vector(gradient)} 做按值裁剪，"
                "给出裁剪后的梯度。",
            ),
            data={"gradient": plain(gradient), "clipvalue": bound},
            start=plain(gradient),
            answer=plain(answer),
            kind="vector",
            hint=both(
                "Each entry is handled on its own: anything outside [−c, c] moves to the "
                "nearest bound.",
                "每个分量单独处理：超出 [−c, c] 的移到最近的边界。",
            ),
            solution=both(
                f"Each entry becomes min(max(gᵢ, −{fmt(bound)}), {fmt(bound)}): "
                f"{fmt_vector(answer)}",
                f"每个分量变为 min(max(gᵢ, −{fmt(bound)}), {fmt(bound)})：{fmt_vector(answer)}",
            ),
            mistakes=tuple(mistakes),
            target_seconds=40.0,
        )

    return draw_distinct(seed, build)


def _clip_by_norm(seed: int) -> Problem:
    """Generate a ``clip.by_norm`` problem."""

    def build(rng: np.random.Generator) -> Problem:
        size = int(rng.integers(2, 4))
        bound = float(rng.choice([1.0, 2.0, 3.0]))
        gradient = _grid(rng, size, -4.0, 4.0, 0.5)
        norm = _norm(gradient)
        if norm == 0:
            return build(rng)
        answer = _rescale(gradient, norm, bound)
        mistakes = [
            Mistake(
                "clipped_by_value",
                plain(np.clip(gradient, -bound, bound)),
                both(
                    "You clipped each entry (that is clipvalue); clipnorm rescales the whole "
                    "vector, keeping its direction.",
                    "你逐个分量裁剪了（那是 clipvalue）；clipnorm 是整体缩放，保持方向不变。",
                ),
            ),
            Mistake(
                "squared_norm",
                plain(_rescale(gradient, norm**2, bound)),
                both(
                    "The norm is √(Σ gᵢ²); you forgot the square root.",
                    "范数是 √(Σ gᵢ²)；你忘了开平方。",
                ),
            ),
            Mistake(
                "l1_norm",
                plain(_rescale(gradient, float(np.abs(gradient).sum()), bound)),
                both(
                    "clipnorm uses the L2 norm √(Σ gᵢ²), not the sum of absolute values.",
                    "clipnorm 用的是 L2 范数 √(Σ gᵢ²)，不是绝对值之和。",
                ),
            ),
        ]
        if norm < bound:
            mistakes.append(
                Mistake(
                    "scaled_up",
                    plain(gradient * bound / norm),
                    both(
                        f"‖g‖ = {fmt(norm)} is already within c = {fmt(bound)}: clipping only "
                        "shrinks, so g stays as it is.",
                        f"‖g‖ = {fmt(norm)} 已经不超过 c = {fmt(bound)}："
                        "裁剪只会缩小，g 保持不变。",
                    ),
                )
            )
            verdict = both(
                f"‖g‖ ≤ {fmt(bound)}, so g is unchanged", f"‖g‖ ≤ {fmt(bound)}，所以 g 不变"
            )
        else:
            verdict = both(
                f"‖g‖ > {fmt(bound)}, so g·{fmt(bound)}/{fmt(norm)}",
                f"‖g‖ > {fmt(bound)}，所以取 g·{fmt(bound)}/{fmt(norm)}",
            )
        mistakes = apart_from_answer(mistakes, answer)
        return Problem(
            family="clip.by_norm",
            seed=seed,
            prompt=both(
                f"Clip the gradient g = {fmt_vector(gradient)} by norm with clipnorm "
                f"c = {fmt(bound)}. Give the clipped gradient.",
                f"用 clipnorm c = {fmt(bound)} 对梯度 g = {fmt_vector(gradient)} 做按范数裁剪，"
                "给出裁剪后的梯度。",
            ),
            data={"gradient": plain(gradient), "clipnorm": bound},
            start=plain(gradient),
            answer=plain(answer),
            kind="vector",
            hint=both(
                "Compare the L2 norm ‖g‖ with c; a longer gradient is rescaled to length c.",
                "比较 L2 范数 ‖g‖ 与 c；更长的梯度被缩放到长度 c。",
            ),
            solution=both(
                f"‖g‖ = √({_squares(gradient)}) = {fmt(norm)}; {verdict['en']}: "
                f"{fmt_vector(answer)}",
                f"‖g‖ = √({_squares(gradient)}) = {fmt(norm)}；{verdict['zh']}："
                f"{fmt_vector(answer)}",
            ),
            mistakes=tuple(mistakes),
            target_seconds=75.0,
        )

    return draw_distinct(seed, build)


def _clip_by_global_norm(seed: int) -> Problem:
    """Generate a ``clip.by_global_norm`` problem: two tensors of two entries each."""

    def build(rng: np.random.Generator) -> Problem:
        bound = float(rng.choice([1.0, 2.0, 3.0]))
        tensors = np.array([_grid(rng, 2, -3.0, 3.0, 0.5) for _ in range(2)])
        norms = np.array([_norm(t) for t in tensors])
        total = float(np.sqrt((norms**2).sum()))
        if total <= bound or np.any(norms == 0):
            return build(rng)  # nothing to clip, or a tensor with no direction: draw again
        scale = bound / total
        answer = tensors * scale
        per_tensor = np.array([_rescale(t, n, bound) for t, n in zip(tensors, norms, strict=True)])
        summed = tensors * (bound / max(float(norms.sum()), bound))
        mistakes = [
            Mistake(
                "per_tensor_norm",
                plain(per_tensor),
                both(
                    "You clipped each tensor by its own norm (clipnorm); global-norm clipping "
                    "scales every tensor by the same factor c/‖g‖_global.",
                    "你按各自的范数分别裁剪了每个张量（clipnorm）；全局范数裁剪用同一个因子 "
                    "c/‖g‖_global 缩放所有张量。",
                ),
            ),
            Mistake(
                "summed_norms",
                plain(summed),
                both(
                    "The global norm is √(‖g₁‖² + ‖g₂‖²), not ‖g₁‖ + ‖g₂‖.",
                    "全局范数是 √(‖g₁‖² + ‖g₂‖²)，不是 ‖g₁‖ + ‖g₂‖。",
                ),
            ),
            Mistake(
                "clipped_by_value",
                plain(np.clip(tensors, -bound, bound)),
                both(
                    "You clipped each entry by value; global-norm clipping rescales all tensors "
                    "together.",
                    "你逐个分量按值裁剪了；全局范数裁剪是把所有张量一起缩放。",
                ),
            ),
        ]
        mistakes = apart_from_answer(mistakes, answer)
        return Problem(
            family="clip.by_global_norm",
            seed=seed,
            prompt=both(
                f"A model has two gradient tensors, g₁ = {fmt_vector(tensors[0])} and "
                f"g₂ = {fmt_vector(tensors[1])}. Clip them by global norm with c = {fmt(bound)}. "
                "Give the clipped tensors as [g₁, g₂] (one row each).",
                f"模型有两个梯度张量 g₁ = {fmt_vector(tensors[0])} 和 "
                f"g₂ = {fmt_vector(tensors[1])}。用 c = {fmt(bound)} 做全局范数裁剪，"
                "按 [g₁, g₂]（每个张量一行）给出裁剪后的结果。",
            ),
            data={"gradients": plain(tensors), "clip_norm": bound},
            start=plain(tensors),
            answer=plain(answer),
            kind="matrix",
            hint=both(
                "One norm for all tensors together, √(Σᵢ ‖gᵢ‖²), and one common scale factor.",
                "所有张量合起来只有一个范数 √(Σᵢ ‖gᵢ‖²)，以及一个共同的缩放因子。",
            ),
            solution=both(
                f"‖g₁‖² = {fmt(norms[0] ** 2)}, ‖g₂‖² = {fmt(norms[1] ** 2)}; "
                f"‖g‖_global = √{fmt(total**2)} = {fmt(total)} > {fmt(bound)}; "
                f"scale = {fmt(bound)}/{fmt(total)} = {fmt(scale)}: {fmt_matrix(answer)}",
                f"‖g₁‖² = {fmt(norms[0] ** 2)}，‖g₂‖² = {fmt(norms[1] ** 2)}；"
                f"‖g‖_global = √{fmt(total**2)} = {fmt(total)} > {fmt(bound)}；"
                f"缩放因子 = {fmt(bound)}/{fmt(total)} = {fmt(scale)}：{fmt_matrix(answer)}",
            ),
            mistakes=tuple(mistakes),
            target_seconds=100.0,
        )

    return draw_distinct(seed, build)


FAMILIES = {
    "clip.by_value": _clip_by_value,
    "clip.by_norm": _clip_by_norm,
    "clip.by_global_norm": _clip_by_global_norm,
}
