"""Problem families on normalization and regularization layers: BatchNorm and LayerNorm
forward passes, and the L1 penalty's proximal (soft-threshold) step.

Answers come from :mod:`engine.normalization` and :mod:`engine.regularization`; the
recognised slips are the ones interviews probe: the wrong axis (BatchNorm and LayerNorm
swapped), the unbiased variance, ε outside the square root, γ and β forgotten, and for the
L1 step the threshold λ instead of ηλ, a subgradient step, or hard thresholding.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from engine import normalization, regularization
from engine.formatting import fmt, fmt_matrix, fmt_vector, operand
from engine.problem import Problem, Text
from engine.problems._common import (
    SolutionLines,
    apart_from_answer,
    both,
    check_params,
    clean,
    draw_clear,
    make_mistake,
    plain,
    short_array,
)

#: ε values the normalization problems use: far larger than PyTorch's default 10⁻⁵, so that
#: where ε sits (inside the square root) shows at the precision asked for.
EPSILONS = (0.01, 0.05, 0.1)
#: A sample or feature whose (biased) variance is below this is nearly constant: its
#: normalised values would hinge on ε alone, so such draws are redone.
MIN_VARIANCE = 0.1


def _affine_params(rng: np.random.Generator, features: int) -> tuple[np.ndarray, np.ndarray]:
    """γ and β, one per feature, not all at their initial values 1 and 0."""
    while True:
        gamma = short_array(rng, features, 0.5, 2.5, 0.5)
        beta = short_array(rng, features, -1, 1, 0.5)
        if np.any(gamma != 1) or np.any(beta != 0):
            return gamma, beta


def _standardized(values: np.ndarray, eps: float, divisor_offset: int = 0) -> np.ndarray:
    """(v − mean)/√(var + ε) of one group of values, the variance's sum of squares divided
    by ``len(values) − divisor_offset`` (1 for the unbiased slip)."""
    centred = values - values.mean()
    variance = (centred**2).sum() / (len(values) - divisor_offset)
    return centred / np.sqrt(variance + eps)


def _eps_outside_root(values: np.ndarray, eps: float) -> np.ndarray:
    """(v − mean)/(σ + ε): the slip of adding ε to the standard deviation."""
    centred = values - values.mean()
    return centred / (np.sqrt((centred**2).mean()) + eps)


def _group_lines(
    lines: SolutionLines,
    label: Text,
    values: np.ndarray,
    eps: float,
    scaled: str,
    output: np.ndarray,
) -> None:
    """Worked lines for one group (a feature of BatchNorm, a sample of LayerNorm): its mean
    and biased variance, its standardised values, then the scaled and shifted output."""
    mean = values.mean()
    deviations = values - mean
    variance = (deviations**2).mean()
    squares = " + ".join(f"{operand(d)}²" for d in np.round(deviations, 12))
    statistics = (f"μ = {fmt(mean)}", f"σ² = ({squares})/{len(values)} = {fmt(variance)}")
    lines.add(f"{label['en']}: {', '.join(statistics)}", f"{label['zh']}：{'，'.join(statistics)}")
    standardized = deviations / np.sqrt(variance + eps)
    lines.add(
        f"    x̂ = (x − μ)/√(σ² + ε) = (x − μ)/√({fmt(variance)} + {fmt(eps)}) "
        f"= {fmt_vector(standardized)}"
    )
    lines.add(f"    y = {scaled} = {fmt_vector(output)}")


def _layer_numbers(eps: float, gamma: np.ndarray, beta: np.ndarray) -> Text:
    """ε, γ and β as the prompts state them, in both languages."""
    values = (f"ε = {fmt(eps)}", f"γ = {fmt_vector(gamma)}", f"β = {fmt_vector(beta)}")
    return both(", ".join(values), "，".join(values))


def batchnorm_forward(seed: int, **params: Any) -> Problem:
    """BatchNorm in training mode on a batch of three samples with two features."""
    family = "norm.batchnorm.forward"
    check_params(family, params, set())
    samples, features = 3, 2

    def attempt(rng: np.random.Generator) -> Problem | None:
        x = short_array(rng, (samples, features), -2, 3, 0.5)
        if np.any(x.var(axis=0) < MIN_VARIANCE):
            return None
        gamma, beta = _affine_params(rng, features)
        eps = float(rng.choice(EPSILONS))
        output = normalization.batch_norm_train(x, gamma, beta, eps)
        answer = clean(output)
        lines = SolutionLines()
        lines.add(
            "Each feature (column) is normalised over the batch with its own mean and biased "
            f"variance (divided by n = {samples}), then scaled by its γ and shifted by its β.",
            f"每个特征（每一列）在批次上用它自己的均值和有偏方差（除以 n = {samples}）归一化，"
            "再乘以它的 γ、加上它的 β。",
        )
        for j in range(features):
            _group_lines(
                lines,
                both(f"Feature {j + 1}", f"特征 {j + 1}"),
                x[:, j],
                eps,
                f"{fmt(gamma[j])}·x̂ + {operand(beta[j])}",
                output[:, j],
            )
        lines.add(f"y = {fmt_matrix(answer)}")
        unbiased = np.column_stack(
            [_standardized(x[:, j], eps, divisor_offset=1) for j in range(features)]
        )
        mistakes = apart_from_answer(
            [
                make_mistake(
                    "unbiased_variance",
                    clean(unbiased * gamma + beta),
                    f"BatchNorm normalises with the biased variance, dividing by n = {samples}; "
                    "PyTorch uses the unbiased one (n − 1) only for the running_var it stores.",
                    f"批归一化用有偏方差归一化，除以 n = {samples}；PyTorch 只在存下的 running_var "
                    "里用无偏方差（n − 1）。",
                ),
                make_mistake(
                    "normalised_over_features",
                    clean(normalization.layer_norm(x, gamma, beta, eps)),
                    "You normalised each sample over its features, which is LayerNorm; BatchNorm "
                    "normalises each feature (column) over the samples of the batch.",
                    "你对每个样本在它的特征上做了归一化，那是层归一化；批归一化是对每个特征"
                    "（每一列）在批次的样本上归一化。",
                ),
                make_mistake(
                    "forgot_affine",
                    clean(normalization.batch_norm_train(x, eps=eps)),
                    "That is x̂ before the affine step: multiply each feature by its γ and add "
                    "its β.",
                    "那是仿射变换之前的 x̂：还要把每个特征乘以它的 γ，再加上它的 β。",
                ),
            ],
            answer,
        )
        numbers = _layer_numbers(eps, gamma, beta)
        return Problem(
            family=family,
            seed=seed,
            prompt=both(
                f"A torch.nn.BatchNorm1d layer with {features} features is in training mode: "
                f"{numbers['en']} (γ and β one per feature). The batch has one sample per row and "
                f"one feature per column: x = {fmt_matrix(x)}. What is the layer's output? As "
                "in PyTorch, the output uses the batch mean and the biased variance (divided "
                "by n); the unbiased variance only updates running_var.",
                f"一个有 {features} 个特征的 torch.nn.BatchNorm1d 层处于训练模式："
                f"{numbers['zh']}（γ 和 β 每个特征一个）。批次的每一行是一个样本，"
                f"每一列是一个特征：x = {fmt_matrix(x)}。该层的输出是什么？与 PyTorch 一致：输出用"
                "批次均值和有偏方差（除以 n）；无偏方差只用来更新 running_var。",
            ),
            data={"x": plain(x), "gamma": plain(gamma), "beta": plain(beta), "eps": eps},
            answer=answer,
            kind="matrix",
            hint=both(
                "Column by column: y = γ·(x − μ)/√(σ² + ε) + β, with μ and σ² over the batch.",
                "逐列计算：y = γ·(x − μ)/√(σ² + ε) + β，μ 和 σ² 在批次上计算。",
            ),
            solution=lines.text(),
            mistakes=tuple(mistakes),
            target_seconds=240.0,
        )

    return draw_clear(seed, attempt)


def layernorm_forward(seed: int, **params: Any) -> Problem:
    """LayerNorm of two samples with three features each."""
    family = "norm.layernorm.forward"
    check_params(family, params, set())
    samples, features = 2, 3

    def attempt(rng: np.random.Generator) -> Problem | None:
        x = short_array(rng, (samples, features), -2, 3, 0.5)
        if np.any(x.var(axis=1) < MIN_VARIANCE):
            return None
        gamma, beta = _affine_params(rng, features)
        eps = float(rng.choice(EPSILONS))
        output = normalization.layer_norm(x, gamma, beta, eps)
        answer = clean(output)
        lines = SolutionLines()
        lines.add(
            "Each sample (row) is normalised over its own features with its mean and biased "
            f"variance (divided by {features}, the number of features); then every feature is "
            "scaled by its γ and shifted by its β.",
            "每个样本（每一行）在它自己的特征上用它的均值和有偏方差（除以特征数 "
            f"{features}）归一化；然后每个特征乘以它的 γ、加上它的 β。",
        )
        for i in range(samples):
            _group_lines(
                lines,
                both(f"Sample {i + 1}", f"样本 {i + 1}"),
                x[i],
                eps,
                f"{fmt_vector(gamma)}·x̂ + {fmt_vector(beta)}",
                output[i],
            )
        lines.add(f"y = {fmt_matrix(answer)}")
        unbiased = np.array([_standardized(row, eps, divisor_offset=1) for row in x])
        eps_outside = np.array([_eps_outside_root(row, eps) for row in x])
        mistakes = apart_from_answer(
            [
                make_mistake(
                    "normalised_over_batch",
                    clean(normalization.batch_norm_train(x, gamma, beta, eps)),
                    "You normalised each feature over the two samples, which is BatchNorm; "
                    "LayerNorm normalises each sample over its own features.",
                    "你对每个特征在两个样本上做了归一化，那是批归一化；层归一化是对每个样本在"
                    "它自己的特征上归一化。",
                ),
                make_mistake(
                    "unbiased_variance",
                    clean(unbiased * gamma + beta),
                    "LayerNorm uses the biased variance: divide the sum of squares by the number "
                    f"of features, {features}, not by {features - 1}.",
                    f"层归一化用有偏方差：平方和除以特征数 {features}，而不是 {features - 1}。",
                ),
                make_mistake(
                    "eps_outside_root",
                    clean(eps_outside * gamma + beta),
                    "ε goes under the square root: divide by √(σ² + ε), not by σ + ε.",
                    "ε 要放在根号里面：除以 √(σ² + ε)，而不是 σ + ε。",
                ),
                make_mistake(
                    "forgot_affine",
                    clean(normalization.layer_norm(x, eps=eps)),
                    "That is x̂ before the affine step: multiply each feature by its γ and add "
                    "its β.",
                    "那是仿射变换之前的 x̂：还要把每个特征乘以它的 γ，再加上它的 β。",
                ),
            ],
            answer,
        )
        numbers = _layer_numbers(eps, gamma, beta)
        return Problem(
            family=family,
            seed=seed,
            prompt=both(
                f"A torch.nn.LayerNorm({features}) layer has {numbers['en']} (γ and β one per "
                f"feature). It receives {samples} samples, one per row, each with {features} "
                f"features: x = {fmt_matrix(x)}. What is its output?",
                f"一个 torch.nn.LayerNorm({features}) 层的参数为 "
                f"{numbers['zh']}（γ 和 β 每个特征一个）。它的输入是 {samples} "
                f"个样本，每行一个，每个样本有 {features} 个特征：x = {fmt_matrix(x)}。它的输出"
                "是什么？",
            ),
            data={"x": plain(x), "gamma": plain(gamma), "beta": plain(beta), "eps": eps},
            answer=answer,
            kind="matrix",
            hint=both(
                "Row by row: the mean and the biased variance of that sample's features, "
                "y = γ·(x − μ)/√(σ² + ε) + β.",
                "逐行计算：用该样本各特征的均值和有偏方差，y = γ·(x − μ)/√(σ² + ε) + β。",
            ),
            solution=lines.text(),
            mistakes=tuple(mistakes),
            target_seconds=240.0,
        )

    return draw_clear(seed, attempt)


#: Step sizes η and penalty weights λ of the L1 problems (η < 1, so ηλ differs from λ).
STEP_SIZES = (0.1, 0.2, 0.5)
L1_STRENGTHS = (0.5, 1.0, 1.5, 2.0, 3.0)


def soft_threshold_step(seed: int, **params: Any) -> Problem:
    """One proximal-gradient (ISTA) step on f(w) + λ‖w‖₁ for four weights."""
    family = "reg.soft_threshold.step"
    check_params(family, params, set())
    size = 4

    def attempt(rng: np.random.Generator) -> Problem | None:
        w = short_array(rng, size, -2, 2, 0.1)
        grad = short_array(rng, size, -3, 3, 0.5)
        eta = float(rng.choice(STEP_SIZES))
        lam = float(rng.choice(L1_STRENGTHS))
        threshold = round(eta * lam, 12)
        moved = np.round(w - eta * grad, 12)
        magnitude = np.abs(moved)
        # zero weights have no sign for the subgradient slip; at least one weight must be set
        # to 0 and one survive, and none may sit exactly on the threshold
        if np.any(w == 0) or np.any(moved == 0) or np.any(magnitude == threshold):
            return None
        if not np.any(magnitude < threshold) or not np.any(magnitude > threshold):
            return None
        answer = clean(regularization.l1_proximal_step(w, grad, eta, lam))
        lines = SolutionLines()
        lines.add(
            f"Gradient step on f: v = w − η·∇f = {fmt_vector(w)} − {fmt(eta)}·{fmt_vector(grad)}"
            f" = {fmt_vector(moved)}",
            f"对 f 做梯度步：v = w − η·∇f = {fmt_vector(w)} − {fmt(eta)}·{fmt_vector(grad)}"
            f" = {fmt_vector(moved)}",
        )
        lines.add(
            f"Threshold: ηλ = {fmt(eta)}·{fmt(lam)} = {fmt(threshold)}",
            f"阈值：ηλ = {fmt(eta)}·{fmt(lam)} = {fmt(threshold)}",
        )
        lines.add(
            f"Soft-threshold S(v) = sign(v)·max(|v| − {fmt(threshold)}, 0): entries within "
            f"{fmt(threshold)} of 0 become 0, the others move {fmt(threshold)} towards 0.",
            f"软阈值 S(v) = sign(v)·max(|v| − {fmt(threshold)}, 0)：离 0 不超过 "
            f"{fmt(threshold)} 的元素变为 0，其余的向 0 移动 {fmt(threshold)}。",
        )
        lines.add(f"w ← S(v) = {fmt_vector(answer)}")
        kept = magnitude > threshold
        mistakes = apart_from_answer(
            [
                make_mistake(
                    "threshold_lambda",
                    clean(np.sign(moved) * np.maximum(magnitude - lam, 0)),
                    f"The threshold is ηλ = {fmt(threshold)}, the penalty's weight times the "
                    f"step size, not λ = {fmt(lam)}.",
                    f"阈值是 ηλ = {fmt(threshold)}，即惩罚权重乘以步长，而不是 λ = {fmt(lam)}。",
                ),
                make_mistake(
                    "subgradient_step",
                    clean(w - eta * (grad + lam * np.sign(w))),
                    "That is a subgradient step, w − η·(∇f + λ·sign(w)): it moves every weight "
                    "by ηλ whatever its size, so weights almost never land on 0. The proximal "
                    "step soft-thresholds w − η·∇f at ηλ, and small entries become exactly 0.",
                    "那是次梯度步 w − η·(∇f + λ·sign(w))：它不论权重大小都移动 ηλ，权重几乎不会"
                    "正好落在 0 上。近端步是对 w − η·∇f 以 ηλ 为阈值做软阈值，"
                    "小的元素会恰好变为 0。",
                ),
                make_mistake(
                    "hard_threshold",
                    clean(np.where(kept, moved, 0.0)),
                    "That is hard thresholding (keep or zero): soft-thresholding also moves "
                    "every surviving entry ηλ towards 0.",
                    "那是硬阈值（保留或置零）：软阈值还要把保留下来的每个元素向 0 移动 ηλ。",
                ),
            ],
            answer,
        )
        return Problem(
            family=family,
            seed=seed,
            prompt=both(
                "Proximal gradient descent (ISTA) minimises f(w) + λ‖w‖₁ by a gradient step on "
                "the smooth part f followed by the proximal step of the L1 term. Step size "
                f"η = {fmt(eta)}, λ = {fmt(lam)}. At w = {fmt_vector(w)} the gradient of f alone "
                f"is ∇f(w) = {fmt_vector(grad)}. What is w after one step?",
                "近端梯度下降（ISTA）最小化 f(w) + λ‖w‖₁：先对光滑部分 f 做一步梯度下降，再做 "
                f"L1 项的近端步。步长 η = {fmt(eta)}，λ = {fmt(lam)}。在 w = {fmt_vector(w)} 处，"
                f"只对 f 求的梯度为 ∇f(w) = {fmt_vector(grad)}。一步之后的 w 是什么？",
            ),
            data={"w": plain(w), "grad": plain(grad), "eta": eta, "lam": lam},
            answer=answer,
            kind="vector",
            start=plain(w),
            hint=both(
                "w ← S_ηλ(w − η·∇f), where S_t(v) = sign(v)·max(|v| − t, 0).",
                "w ← S_ηλ(w − η·∇f)，其中 S_t(v) = sign(v)·max(|v| − t, 0)。",
            ),
            solution=lines.text(),
            mistakes=tuple(mistakes),
            target_seconds=150.0,
        )

    return draw_clear(seed, attempt)


FAMILIES: dict[str, Callable[..., Problem]] = {
    "norm.batchnorm.forward": batchnorm_forward,
    "norm.layernorm.forward": layernorm_forward,
    "reg.soft_threshold.step": soft_threshold_step,
}
