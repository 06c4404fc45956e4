"""Problem family: the output of inverted dropout in training mode, for a given mask.

The answer comes from :mod:`engine.regularization`; the recognised slips scale by p instead of
1/(1 − p), by 1 − p (the old, non-inverted scheme), or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from engine import regularization
from engine.formatting import fmt, fmt_vector
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
    short,
)


def inverted_value(seed: int, **params: Any) -> Problem:
    """Inverted dropout of five activations in training mode."""
    family = "dropout.inverted.value"
    check_params(family, params, set())

    def attempt(rng: np.random.Generator) -> Problem | None:
        a = np.array([short(rng, -2, 3, 0.1) for _ in range(5)])
        mask = rng.integers(0, 2, size=5).astype(float)
        if mask.sum() < 2 or mask.sum() == 5 or np.any(a[mask == 1] == 0):
            return None
        p = float(rng.choice([0.2, 0.25, 0.4, 0.6, 0.75, 0.8]))
        answer = clean(regularization.inverted_dropout(a, mask, p))
        lines = SolutionLines()
        lines.add(
            f"Kept units are scaled by 1/(1 − p) = 1/{fmt(1 - p)} = {fmt(1 / (1 - p))}; "
            "dropped ones become 0.",
            f"保留的单元乘以 1/(1 − p) = 1/{fmt(1 - p)} = {fmt(1 / (1 - p))}；丢弃的单元变为 0。",
        )
        lines.add(f"a·m = {fmt_vector(a * mask + 0.0)}")
        lines.add(f"a·m/(1 − p) = {fmt_vector(answer)}")
        mistakes = apart_from_answer(
            [
                make_mistake(
                    "scaled_by_p",
                    clean(a * mask / p + 0.0),
                    "Divide by the keep probability 1 − p, not by the drop probability p.",
                    "要除以保留概率 1 − p，而不是丢弃概率 p。",
                ),
                make_mistake(
                    "multiplied_by_keep",
                    clean(a * mask * (1 - p) + 0.0),
                    "Multiplying by 1 − p is the old scheme's evaluation-time scaling; inverted "
                    "dropout divides by 1 − p during training instead.",
                    "乘以 1 − p 是旧式 dropout 在评估时的缩放；inverted dropout 在训练时除以 1 − p。",
                ),
                make_mistake(
                    "not_scaled",
                    clean(a * mask + 0.0),
                    "You applied the mask but did not rescale: kept units are divided by 1 − p "
                    "so that the expected activation is unchanged.",
                    "你只乘了掩码而没有缩放：保留的单元要除以 1 − p，使激活的期望不变。",
                ),
            ],
            answer,
        )
        return Problem(
            family=family,
            seed=seed,
            prompt=both(
                f"A layer uses inverted dropout with drop probability p = {fmt(p)} and is in "
                f"training mode. Activations a = {fmt_vector(a)}; the sampled mask "
                f"m = {fmt_vector(mask)} (1 = kept). What is the layer's output?",
                f"某层使用 inverted dropout，丢弃概率 p = {fmt(p)}，处于训练模式。激活 "
                f"a = {fmt_vector(a)}；采样得到的掩码 m = {fmt_vector(mask)}（1 表示保留）。"
                "该层的输出是什么？",
            ),
            data={"a": plain(a), "mask": plain(mask), "p": p},
            answer=answer,
            kind="vector",
            hint=both(
                "In training: a·m/(1 − p); at evaluation nothing is scaled.",
                "训练时：a·m/(1 − p)；评估时不做缩放。",
            ),
            solution=lines.text(),
            mistakes=tuple(mistakes),
            target_seconds=60.0,
        )

    return draw_clear(seed, attempt)


FAMILIES: dict[str, Callable[..., Problem]] = {"dropout.inverted.value": inverted_value}
