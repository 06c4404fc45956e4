"""Problem families on training practice: batch size and learning rate, gradient accumulation,
the stability bound of gradient descent.

Answers come from :mod:`engine.optim` (:func:`~engine.optim.linear_scaled_lr`,
:func:`~engine.optim.gradual_warmup_lr`, :func:`~engine.optim.largest_stable_lr`,
:func:`~engine.optim.accumulated_gradient`); the slips recognised are the ones interviewers
hear: square-root or inverse scaling, the per-device batch for the global one, 1/λ_max or the
flattest direction for the stability bound, a loss summed over micro-batches.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from engine import optim
from engine.formatting import fmt_denoised as fmt
from engine.formatting import fmt_matrix_denoised as fmt_matrix
from engine.formatting import fmt_vector_denoised as fmt_vector
from engine.formatting import operand_denoised as operand
from engine.formatting import subscript
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

# ------------------------------------------------------------------------ linear scaling

#: Reference settings (learning rate, global batch) a recipe might come with; the first is
#: Goyal et al.'s ResNet-50 baseline, 0.1 for 256 images.
_REFERENCES = ((0.1, 256), (0.05, 256), (0.2, 512), (0.1, 128), (0.4, 1024))
#: Images per device and device counts a data-parallel run might use.
_PER_DEVICE = (16, 32, 64, 128)
_DEVICES = (4, 8, 16, 32, 64)
#: Warm-up lengths in iterations (Goyal et al. use 5 epochs, about 780 iterations at 8k).
_WARMUP_STEPS = (400, 500, 800, 1000)


def linear_scaling_value(seed: int, **params: Any) -> Problem:
    """The learning rate for a larger global batch under the linear scaling rule, or its value
    at an iteration of Goyal et al.'s gradual warm-up towards it.

    Args:
        seed: the problem's seed.
        **params: ``warmup`` (bool; default: the seed chooses).

    Returns:
        The Problem; the answer is a learning rate (a scalar).
    """
    family = "optim.linear_scaling.value"
    check_params(family, params, {"warmup"})
    fixed = params.get("warmup")
    if fixed is not None and not isinstance(fixed, bool):
        raise ValueError(f"{family}: parameter 'warmup' must be True or False, not {fixed!r}")

    def attempt(rng: np.random.Generator) -> Problem | None:
        warmup = bool(rng.random() < 0.5) if fixed is None else fixed
        base_lr, base_batch = _REFERENCES[int(rng.integers(len(_REFERENCES)))]
        per_device = int(rng.choice(_PER_DEVICE))
        devices = int(rng.choice(_DEVICES))
        batch = per_device * devices
        if batch < 2 * base_batch:
            return None  # the rule is about growing the batch several times
        factor = batch / base_batch
        target = optim.linear_scaled_lr(base_lr, base_batch, batch)
        wrong_targets = {
            "sqrt_scaling": base_lr * math.sqrt(factor),
            "per_device_batch": optim.linear_scaled_lr(base_lr, base_batch, per_device),
            "inverse_scaling": base_lr / factor,
        }
        lines = SolutionLines()
        lines.add(
            f"Global batch = {devices}·{per_device} = {batch}, k = {batch}/{base_batch} = "
            f"{fmt(factor)}",
            f"全局批大小 = {devices}·{per_device} = {batch}，k = {batch}/{base_batch} = "
            f"{fmt(factor)}",
        )
        lines.add(f"η̂ = k·η = {fmt(factor)}·{fmt(base_lr)} = {fmt(target)}")
        messages = {
            "sqrt_scaling": (
                "You scaled by √k, the square-root rule; the linear scaling rule multiplies the "
                "rate by k itself.",
                "你乘的是 √k（平方根规则）；线性缩放规则是把学习率乘以 k 本身。",
            ),
            "per_device_batch": (
                "You scaled by the batch on one device; the rule uses the global batch, summed "
                "over all devices.",
                "你按单个设备上的批大小做了缩放；规则里用的是所有设备合计的全局批大小。",
            ),
            "inverse_scaling": (
                "You divided by k: a larger batch averages away gradient noise, so it takes a "
                "larger rate, not a smaller one.",
                "你除以了 k：更大的批把梯度噪声平均掉了，应当配更大的学习率，而不是更小的。",
            ),
        }
        setting = both(
            f"SGD with momentum trains well at η = {fmt(base_lr)} with a global batch of "
            f"{base_batch}. You move to data-parallel training on {devices} GPUs with "
            f"{per_device} images per GPU, scaling the rate by the linear scaling rule of "
            "Goyal et al. (2017).",
            f"带动量的 SGD 在全局批大小 {base_batch}、学习率 η = {fmt(base_lr)} 时训练良好。"
            f"现在改用 {devices} 块 GPU 数据并行训练，每块 GPU {per_device} 张图，"
            "学习率按 Goyal 等（2017）的线性缩放规则调整。",
        )
        if not warmup:
            answer = clean(target)
            mistakes = [
                make_mistake(key, clean(value), *messages[key])
                for key, value in wrong_targets.items()
            ]
            return Problem(
                family=family,
                seed=seed,
                prompt=both(
                    f"{setting['en']} What learning rate should you use?",
                    f"{setting['zh']}应该用多大的学习率？",
                ),
                data={
                    "base_lr": base_lr,
                    "base_batch": base_batch,
                    "per_device": per_device,
                    "devices": devices,
                    "warmup": False,
                },
                answer=answer,
                kind="scalar",
                hint=both(
                    "Multiply the rate by the factor the global batch grew by.",
                    "全局批大小放大了多少倍，学习率就乘以多少倍。",
                ),
                solution=lines.text(),
                mistakes=tuple(apart_from_answer(mistakes, answer)),
                target_seconds=45.0,
            )
        steps = int(rng.choice(_WARMUP_STEPS))
        step = 10 * int(rng.integers(1, steps // 10))
        answer = clean(optim.gradual_warmup_lr(step, base_lr, target, steps))
        lines.add(
            f"η(t) = η + (η̂ − η)·t/W = {fmt(base_lr)} + ({fmt(target)} − {fmt(base_lr)})·"
            f"{step}/{steps} = {fmt(answer)}"
        )
        mistakes = [
            make_mistake(
                "warmup_from_zero",
                clean(target * step / steps),
                "You ramped up from 0; Goyal et al.'s gradual warm-up starts from the "
                "small-batch rate η and rises to η̂.",
                "你从 0 开始预热；Goyal 等的渐进预热从小批量时的学习率 η 出发，逐步升到 η̂。",
            ),
            make_mistake(
                "no_warmup",
                clean(target),
                f"You gave the rate after the warm-up; at iteration {step} the ramp is only "
                f"{step}/{steps} of the way from η to η̂.",
                f"你给出的是预热结束后的学习率；第 {step} 次迭代时只走完了从 η 到 η̂ 的 "
                f"{step}/{steps}。",
            ),
        ]
        for key in ("sqrt_scaling", "per_device_batch"):
            wrong_target = wrong_targets[key]
            mistakes.append(
                make_mistake(
                    key,
                    clean(base_lr + (wrong_target - base_lr) * step / steps),
                    *messages[key],
                )
            )
        return Problem(
            family=family,
            seed=seed,
            prompt=both(
                f"{setting['en']} It uses their gradual warm-up: iteration 0 runs at the "
                f"original η = {fmt(base_lr)}, and the rate grows by the same amount every "
                f"iteration until it reaches the scaled rate η̂ at iteration W = {steps}. What is "
                f"the learning rate at iteration t = {step}?",
                f"{setting['zh']}并采用他们的渐进预热：第 0 次迭代使用原来的 η = {fmt(base_lr)}，"
                f"之后每次迭代增加相同的量，直到第 W = {steps} 次迭代达到缩放后的学习率 η̂。"
                f"第 t = {step} 次迭代的学习率是多少？",
            ),
            data={
                "base_lr": base_lr,
                "base_batch": base_batch,
                "per_device": per_device,
                "devices": devices,
                "warmup": True,
                "warmup_steps": steps,
                "step": step,
            },
            answer=answer,
            kind="scalar",
            hint=both(
                "First scale the rate by the growth of the global batch; the warm-up then "
                "interpolates linearly between the old and the new rate.",
                "先按全局批大小的放大倍数缩放学习率；预热阶段在旧学习率和新学习率之间线性插值。",
            ),
            solution=lines.text(),
            mistakes=tuple(apart_from_answer(mistakes, answer)),
            target_seconds=75.0,
        )

    return draw_clear(seed, attempt)


# ------------------------------------------------------------------------ stability bound


def _integer_spectrum_matrices() -> list[tuple[int, int, int]]:
    """Every (a, c, d) with 1 ≤ a, d ≤ 10, 1 ≤ |c| ≤ 5 whose matrix [[a, c], [c, d]] is
    positive definite with whole or half-whole eigenvalues (a perfect-square discriminant),
    so the eigenvalues can be found by hand."""
    found = []
    for a in range(1, 11):
        for d in range(1, 11):
            for c in (*range(-5, 0), *range(1, 6)):
                discriminant = (a - d) ** 2 + 4 * c**2
                if math.isqrt(discriminant) ** 2 == discriminant and a * d - c * c > 0:
                    found.append((a, c, d))
    return found


_MATRICES = _integer_spectrum_matrices()


def stability_bound_value(seed: int, **params: Any) -> Problem:
    """The largest stable constant learning rate of gradient descent on ½xᵀAx + bᵀx, 2/λ_max.

    Args:
        seed: the problem's seed.
        **params: none.

    Returns:
        The Problem; the answer is the bound 2/λ_max (a scalar).
    """
    family = "optim.stability_bound.value"
    check_params(family, params, set())

    def attempt(rng: np.random.Generator) -> Problem | None:
        a, c, d = _MATRICES[int(rng.integers(len(_MATRICES)))]
        matrix = np.array([[a, c], [c, d]], dtype=float)
        linear = np.array([int(rng.integers(-4, 5)) for _ in range(2)], dtype=float)
        trace, det = a + d, a * d - c * c
        root = math.sqrt(trace**2 - 4 * det)
        largest, smallest = (trace + root) / 2, (trace - root) / 2
        answer = clean(optim.largest_stable_lr(matrix))
        lines = SolutionLines()
        lines.add(
            "The Hessian is A; each eigen-direction is multiplied by 1 − η·λ per step, so "
            "we need |1 − η·λ| < 1 for every eigenvalue λ, i.e. η < 2/λ_max.",
            "海森矩阵就是 A；每一步沿每个特征方向乘以 1 − η·λ，所以对每个特征值 λ 都要有 "
            "|1 − η·λ| < 1，即 η < 2/λ_max。",
        )
        lines.add(
            f"tr A = {fmt(trace)}, det A = {fmt(det)}; λ = (tr ± √(tr² − 4·det))/2 = "
            f"({fmt(trace)} ± {fmt(root)})/2 = {fmt(largest)}, {fmt(smallest)}",
            f"tr A = {fmt(trace)}，det A = {fmt(det)}；λ = (tr ± √(tr² − 4·det))/2 = "
            f"({fmt(trace)} ± {fmt(root)})/2 = {fmt(largest)}，{fmt(smallest)}",
        )
        lines.add(f"η_max = 2/λ_max = 2/{fmt(largest)} = {fmt(answer)}")
        mistakes = apart_from_answer(
            [
                make_mistake(
                    "one_over_lambda_max",
                    clean(1 / largest),
                    "1/λ_max is the step that solves the stiffest direction in one move, not the "
                    "limit: between 1/λ_max and 2/λ_max the iterates overshoot but still "
                    "converge.",
                    "1/λ_max 是让最陡方向一步到位的步长，不是上限：步长在 1/λ_max 与 2/λ_max "
                    "之间时迭代会越过极小值，但仍然收敛。",
                ),
                make_mistake(
                    "smallest_eigenvalue",
                    clean(2 / smallest),
                    "You used the smallest eigenvalue; the flattest direction tolerates large "
                    "steps, but the stiffest one (λ_max) blows up first.",
                    "你用了最小特征值；最平坦的方向能容忍大步长，但最陡的方向（λ_max）会最先发散。",
                ),
                make_mistake(
                    "trace",
                    clean(2 / trace),
                    "2/tr A is safe but too small: the trace adds all the eigenvalues, while only "
                    "the largest one limits the step.",
                    "2/tr A 虽然安全但偏小：迹是所有特征值之和，而限制步长的只有最大的那个。",
                ),
                make_mistake(
                    "largest_diagonal",
                    clean(2 / max(a, d)),
                    "You read the curvature off the diagonal; the off-diagonal coupling makes the "
                    "largest eigenvalue bigger than any diagonal entry.",
                    "你直接用了对角线上的曲率；非对角元的耦合使最大特征值大于任何一个对角元。",
                ),
            ],
            answer,
        )
        return Problem(
            family=family,
            seed=seed,
            prompt=both(
                f"Gradient descent x ← x − η·∇f(x) with a constant learning rate η minimises "
                f"f(x) = ½xᵀAx + bᵀx, where A = {fmt_matrix(matrix)} and b = {fmt_vector(linear)}. "
                "It converges from every starting point exactly when 0 < η < η_max. What is "
                "η_max?",
                f"用固定学习率 η 的梯度下降 x ← x − η·∇f(x) 最小化 f(x) = ½xᵀAx + bᵀx，其中 "
                f"A = {fmt_matrix(matrix)}，b = {fmt_vector(linear)}。当且仅当 0 < η < η_max 时，"
                "从任何起点出发都收敛。η_max 是多少？",
            ),
            data={"A": plain(matrix), "b": plain(linear)},
            answer=answer,
            kind="scalar",
            hint=both(
                "The Hessian of f is A and b only moves the minimum; find the eigenvalues of A.",
                "f 的海森矩阵就是 A，b 只移动极小值的位置；求出 A 的特征值。",
            ),
            solution=lines.text(),
            mistakes=tuple(mistakes),
            target_seconds=120.0,
        )

    return draw_clear(seed, attempt)


# ------------------------------------------------------------------ gradient accumulation

#: (micro-batches k, samples per micro-batch m) for a batch of k·m samples.
_SPLITS = ((2, 2), (2, 3), (3, 2))


def _points(x: np.ndarray, y: np.ndarray) -> str:
    return ", ".join(f"({fmt(a)}, {fmt(b)})" for a, b in zip(x, y, strict=True))


def grad_accumulation_value(seed: int, **params: Any) -> Problem:
    """The gradient in ``.grad`` after accumulating k micro-batches of a linear model's MSE,
    each micro-batch's mean loss divided by k: the full batch's mean gradient.

    Args:
        seed: the problem's seed.
        **params: none.

    Returns:
        The Problem; the answer is [∂L/∂w, ∂L/∂b] (a vector).
    """
    family = "optim.grad_accumulation.value"
    check_params(family, params, set())

    def attempt(rng: np.random.Generator) -> Problem | None:
        micro_batches, size = _SPLITS[int(rng.integers(len(_SPLITS)))]
        samples = micro_batches * size
        x = np.array([short(rng, -3, 3, 1) for _ in range(samples)])
        y = np.array([short(rng, -3, 3, 0.5) for _ in range(samples)])
        w, b = short(rng, -1.5, 1.5, 0.5), short(rng, -1, 1, 0.5)
        if w == 0 or len(set(x.tolist())) < 3:
            return None
        design = np.column_stack([x, np.ones(samples)])
        params_ = np.array([w, b])
        answer = clean(optim.accumulated_gradient(design, y, params_, micro_batches))
        if not np.all(np.abs(answer) >= 0.1):
            return None  # a zero or tiny entry would make the slips' values collide with it
        residuals = design @ params_ - y
        groups = [slice(j * size, (j + 1) * size) for j in range(micro_batches)]
        per_batch = [optim.mse_gradient(design[g], y[g], params_) for g in groups]
        lines = SolutionLines()
        lines.add(
            f"Residuals ŷ − y = w·x + b − y = {fmt_vector(residuals)}",
            f"残差 ŷ − y = w·x + b − y = {fmt_vector(residuals)}",
        )
        for j, (group, gradient) in enumerate(zip(groups, per_batch, strict=True), start=1):
            r, xs = residuals[group], x[group]
            products = " + ".join(
                f"{operand(ri)}·{operand(xi)}" for ri, xi in zip(r, xs, strict=True)
            )
            sums = " + ".join(operand(ri) for ri in r)
            sub = subscript(j)
            lines.add(
                f"Micro-batch {j}: ∂L{sub}/∂w = (2/{size})·({products}) = {fmt(gradient[0])}, "
                f"∂L{sub}/∂b = (2/{size})·({sums}) = {fmt(gradient[1])}",
                f"微批次 {j}：∂L{sub}/∂w = (2/{size})·({products}) = {fmt(gradient[0])}，"
                f"∂L{sub}/∂b = (2/{size})·({sums}) = {fmt(gradient[1])}",
            )
        total = np.sum(per_batch, axis=0)
        lines.add(
            f".grad = Σⱼ ∇Lⱼ/{micro_batches} = {fmt_vector(total)}/{micro_batches} = "
            f"{fmt_vector(answer)}"
        )
        mistakes = apart_from_answer(
            [
                make_mistake(
                    "not_divided_by_k",
                    clean(total),
                    f"You added the micro-batch gradients without dividing each loss by "
                    f"k = {micro_batches}: that is {micro_batches} times the full-batch mean "
                    "gradient.",
                    f"你把各微批次的梯度直接相加，没有把每个损失除以 k = {micro_batches}："
                    f"结果是整批平均梯度的 {micro_batches} 倍。",
                ),
                make_mistake(
                    "divided_by_samples_twice",
                    clean(total / samples),
                    f"Each micro-batch loss is already a mean over its {size} samples; dividing "
                    f"it by all {samples} samples divides by the sample count twice. Divide by "
                    f"k = {micro_batches} only.",
                    f"每个微批次的损失已经是对其 {size} 个样本的平均；再除以全部 {samples} 个样本"
                    f"就把样本数除了两次。只需除以 k = {micro_batches}。",
                ),
                make_mistake(
                    "zeroed_each_micro_batch",
                    clean(per_batch[-1] / micro_batches),
                    "You kept only the last micro-batch: zeroing the gradients after every "
                    "micro-batch throws away what was accumulated.",
                    "你只保留了最后一个微批次：每个微批次之后都清零梯度，会把已累积的梯度丢掉。",
                ),
            ],
            answer,
        )
        batches_en = "; ".join(
            f"micro-batch {j}: {_points(x[g], y[g])}" for j, g in enumerate(groups, start=1)
        )
        batches_zh = "；".join(
            f"微批次 {j}：{_points(x[g], y[g])}" for j, g in enumerate(groups, start=1)
        )
        return Problem(
            family=family,
            seed=seed,
            prompt=both(
                f"A linear model ŷ = w·x + b with w = {fmt(w)}, b = {fmt(b)} is trained with "
                f"nn.MSELoss() (the mean of (ŷ − y)² over a micro-batch) and gradient "
                f"accumulation over k = {micro_batches} micro-batches of {size} samples "
                f"(x, y) each — {batches_en}. Each micro-batch's loss is divided by k before "
                "backward(), and the gradients add up in .grad. What is .grad = "
                "[∂/∂w, ∂/∂b] when the optimizer steps?",
                f"线性模型 ŷ = w·x + b，w = {fmt(w)}，b = {fmt(b)}，用 nn.MSELoss()"
                f"（对一个微批次求 (ŷ − y)² 的平均）训练，并对 k = {micro_batches} 个微批次做"
                f"梯度累积，每个微批次 {size} 个样本 (x, y)——{batches_zh}。每个微批次的损失在 "
                "backward() 之前除以 k，梯度在 .grad 中累加。优化器更新时 .grad = "
                "[∂/∂w, ∂/∂b] 是多少？",
            ),
            data={
                "x": plain(x),
                "y": plain(y),
                "w": w,
                "b": b,
                "micro_batches": micro_batches,
            },
            answer=answer,
            kind="vector",
            hint=both(
                "Work out each micro-batch's mean-loss gradient, divide by k and add; the result "
                "is the gradient of the mean loss over all the samples.",
                "先求每个微批次平均损失的梯度，除以 k 后相加；结果就是全部样本平均损失的梯度。",
            ),
            solution=lines.text(),
            mistakes=tuple(mistakes),
            target_seconds=180.0,
        )

    return draw_clear(seed, attempt)


FAMILIES: dict[str, Callable[..., Problem]] = {
    "optim.linear_scaling.value": linear_scaling_value,
    "optim.stability_bound.value": stability_bound_value,
    "optim.grad_accumulation.value": grad_accumulation_value,
}
