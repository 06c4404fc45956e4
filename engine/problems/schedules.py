"""Problem families: learning-rate schedules — cosine decay after a linear warm-up, and
PyTorch's step decay — read off at a given step or epoch.

Answers come from :mod:`engine.optim`; the classic slips (forgetting the warm-up, counting
from 1 instead of 0, dropping the floor of the step decay) are recognised.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from engine import optim
from engine.formatting import fmt, operand, superscript
from engine.problem import Problem
from engine.problems._common import (
    SolutionLines,
    apart_from_answer,
    both,
    check_params,
    clean,
    draw_clear,
    make_mistake,
)


def _cosine(step: float, base: float, total: int, warmup: int) -> float:
    """η·½·(1 + cos(π·(t − W)/(T − W))), the decay phase written out (the trace of a slip
    passes a shifted step or W = 0)."""
    return base * 0.5 * (1 + math.cos(math.pi * (step - warmup) / (total - warmup)))


def cosine_lr_value(seed: int, **params: Any) -> Problem:
    """The learning rate at step t of a linear warm-up then cosine decay to 0."""
    family = "optim.cosine_lr.value"
    check_params(family, params, set())

    def attempt(rng: np.random.Generator) -> Problem | None:
        base = float(rng.choice([0.1, 0.05, 0.01, 0.001]))
        warmup = int(rng.choice([100, 200, 500]))
        total = warmup + 100 * int(rng.integers(5, 21))
        step = warmup + 10 * int(rng.integers(1, (total - warmup) // 10))
        answer = clean(optim.cosine_lr(step, base, total, warmup))
        progress = (step - warmup) / (total - warmup)
        lines = SolutionLines()
        lines.add(
            f"t = {step} ≥ W = {warmup}: past the warm-up.",
            f"t = {step} ≥ W = {warmup}：已过预热阶段。",
        )
        lines.add(
            f"Progress (t − W)/(T − W) = {step - warmup}/{total - warmup} = {fmt(progress)}",
            f"进度 (t − W)/(T − W) = {step - warmup}/{total - warmup} = {fmt(progress)}",
        )
        lines.add(
            f"η = {fmt(base)}·½·(1 + cos(π·{fmt(progress)})) = {fmt(base)}·½·"
            f"(1 + {operand(math.cos(math.pi * progress))}) = {fmt(answer)}"
        )
        mistakes = apart_from_answer(
            [
                make_mistake(
                    "forgot_warmup",
                    clean(_cosine(step, base, total, 0)),
                    "You measured the decay from step 0; the cosine starts after the warm-up, "
                    "so its progress is (t − W)/(T − W).",
                    "你从第 0 步开始计算衰减；余弦衰减在预热之后才开始，进度是 (t − W)/(T − W)。",
                ),
                make_mistake(
                    "off_by_one_step",
                    clean(_cosine(step + 1, base, total, warmup)),
                    "Off by one: steps count from 0 here, so step t is t, not t + 1.",
                    "差了一步：这里的步数从 0 开始，第 t 步就是 t，不是 t + 1。",
                ),
                make_mistake(
                    "cosine_in_degrees",
                    # a calculator in degree mode reads cos(π·p) as the cosine of π·p degrees
                    clean(base * 0.5 * (1 + math.cos(math.radians(math.pi * progress)))),
                    "Your calculator was in the wrong mode: cos(π·progress) takes radians "
                    "(π·progress is at most π).",
                    "计算器模式不对：cos(π·进度) 的参数是弧度（π·进度 最大为 π）。",
                ),
            ],
            answer,
        )
        return Problem(
            family=family,
            seed=seed,
            prompt=both(
                f"A learning rate warms up linearly for W = {warmup} steps to η = {fmt(base)}, "
                f"then follows a cosine decay to 0 at step T = {total}: "
                "η·½·(1 + cos(π·(t − W)/(T − W))). Steps count from 0. What is the learning "
                f"rate at step t = {step}?",
                f"学习率先线性预热 W = {warmup} 步到 η = {fmt(base)}，再按余弦衰减在第 T = {total} "
                "步降到 0：η·½·(1 + cos(π·(t − W)/(T − W)))。步数从 0 开始。第 t = "
                f"{step} 步的学习率是多少？",
            ),
            data={"base_lr": base, "warmup_steps": warmup, "total_steps": total, "step": step},
            answer=answer,
            kind="scalar",
            hint=both(
                "After the warm-up the progress is (t − W)/(T − W); the cosine takes radians.",
                "预热之后进度为 (t − W)/(T − W)；余弦的参数是弧度。",
            ),
            solution=lines.text(),
            mistakes=tuple(mistakes),
            target_seconds=90.0,
        )

    return draw_clear(seed, attempt)


def step_decay_value(seed: int, **params: Any) -> Problem:
    """The learning rate of PyTorch's StepLR at a given epoch."""
    family = "optim.step_decay.value"
    check_params(family, params, set())

    def attempt(rng: np.random.Generator) -> Problem | None:
        base = float(rng.choice([0.1, 0.05, 0.01]))
        gamma = float(rng.choice([0.1, 0.5, 0.2]))
        size = int(rng.choice([5, 10, 20, 30]))
        epoch = int(rng.integers(size, 4 * size))
        if epoch % size == 0:
            return None  # on a boundary floor and no floor agree: the no-floor slip is invisible
        decays = epoch // size
        answer = clean(optim.step_decay_lr(epoch, base, size, gamma))
        lines = SolutionLines()
        lines.add(
            f"Decays so far: ⌊{epoch}/{size}⌋ = {decays}",
            f"已衰减次数：⌊{epoch}/{size}⌋ = {decays}",
        )
        lines.add(f"η = {fmt(base)}·{fmt(gamma)}{superscript(decays)} = {fmt(answer)}")
        mistakes = apart_from_answer(
            [
                make_mistake(
                    "no_floor",
                    clean(base * gamma ** (epoch / size)),
                    "The rate drops in steps: γ is raised to ⌊epoch/step_size⌋, a whole number, "
                    "not to epoch/step_size.",
                    "学习率是阶梯式下降的：γ 的指数是整数 ⌊epoch/step_size⌋，不是 epoch/step_size。",
                ),
                make_mistake(
                    "one_decay_too_many",
                    clean(base * gamma ** (decays + 1)),
                    "One decay too many: epochs count from 0 and the first decay happens at "
                    "epoch step_size, so ⌊epoch/step_size⌋ decays have happened.",
                    "多衰减了一次：epoch 从 0 开始，第一次衰减发生在第 step_size 个 epoch，"
                    "所以已衰减 ⌊epoch/step_size⌋ 次。",
                ),
            ],
            answer,
        )
        linear = clean(base * (1 - decays * (1 - gamma)))
        if linear > 0 and not np.isclose(linear, answer, rtol=1e-12, atol=0):
            mistakes.append(
                make_mistake(
                    "linear_decay",
                    linear,
                    "StepLR multiplies by γ at each step; it does not subtract a fixed amount.",
                    "StepLR 每一阶乘以 γ，而不是减去固定的量。",
                )
            )
        return Problem(
            family=family,
            seed=seed,
            prompt=both(
                f"PyTorch's StepLR starts at η = {fmt(base)} and multiplies the rate by "
                f"γ = {fmt(gamma)} every step_size = {size} epochs (epochs count from 0). "
                f"What is the learning rate during epoch {epoch}?",
                f"PyTorch 的 StepLR 初始学习率 η = {fmt(base)}，每 step_size = {size} 个 epoch "
                f"乘以 γ = {fmt(gamma)}（epoch 从 0 开始计数）。第 {epoch} 个 epoch 的学习率是多少？",
            ),
            data={"base_lr": base, "gamma": gamma, "step_size": size, "epoch": epoch},
            answer=answer,
            kind="scalar",
            hint=both("η·γ^⌊epoch/step_size⌋.", "η·γ^⌊epoch/step_size⌋。"),
            solution=lines.text(),
            mistakes=tuple(mistakes),
            target_seconds=60.0,
        )

    return draw_clear(seed, attempt)


FAMILIES: dict[str, Callable[..., Problem]] = {
    "optim.cosine_lr.value": cosine_lr_value,
    "optim.step_decay.value": step_decay_value,
}
