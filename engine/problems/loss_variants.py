"""Problem families: losses met outside Keras's built-in list — binary focal loss, cross-entropy
with label smoothing, the quantile (pinball) loss and a numerically stable log-sum-exp.

Each answer comes from :mod:`engine.losses`; the worked solution repeats the computation
step by step, and every listed mistake is the value a classic slip gives. Answers are graded
at the precision policy's figures (see :mod:`engine.precision`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from engine import losses
from engine.formatting import fmt, fmt_vector, operand, superscript
from engine.problem import Problem
from engine.problems._common import (
    SolutionLines,
    both,
    check_params,
    clean,
    draw_clear,
    make_mistake,
    plain,
    short,
)

# ------------------------------------------------------------------------------ focal loss


def _focal_terms(
    y: np.ndarray, p: np.ndarray, alpha: float, gamma: int, slip: str | None
) -> np.ndarray:
    """Per-sample focal terms; ``slip`` names a classic mistake to reproduce."""
    p_t = np.where(y == 1, p, 1 - p)
    alpha_t = np.where(y == 1, alpha, 1 - alpha)
    if slip == "forgot_alpha":
        alpha_t = np.ones_like(p_t)
    focus = p_t**gamma if slip == "gamma_on_p" else (1 - p_t) ** gamma
    return -alpha_t * focus * np.log(p_t)


def focal_value(seed: int, **params: Any) -> Problem:
    """The mean binary focal loss of three samples, −αₜ·(1 − pₜ)^γ·ln pₜ."""
    family = "loss.focal.value"
    check_params(family, params, set())

    def attempt(rng: np.random.Generator) -> Problem | None:
        y = rng.integers(0, 2, size=3).astype(float)
        if y.min() == y.max():
            return None
        p = np.array([short(rng, 0.2, 0.8, 0.1) for _ in range(3)])
        alpha = float(rng.choice([0.25, 0.75]))
        gamma = int(rng.integers(1, 3))
        answer = clean(losses.focal_loss(y, p, alpha=alpha, gamma=gamma))
        terms = _focal_terms(y, p, alpha, gamma, None)
        lines = SolutionLines()
        lines.add(
            "pₜ = p when y = 1, 1 − p when y = 0; αₜ = α when y = 1, 1 − α when y = 0.",
            "y = 1 时 pₜ = p、αₜ = α；y = 0 时 pₜ = 1 − p、αₜ = 1 − α。",
        )
        for i, (label, prob) in enumerate(zip(y, p, strict=True)):
            p_t = prob if label == 1 else 1 - prob
            a_t = alpha if label == 1 else 1 - alpha
            lines.add(
                f"Sample {i + 1}: −{fmt(a_t)}·(1 − {fmt(p_t)}){superscript(gamma)}·ln {fmt(p_t)} "
                f"= {fmt(terms[i])}",
                f"样本 {i + 1}：−{fmt(a_t)}·(1 − {fmt(p_t)}){superscript(gamma)}·ln {fmt(p_t)} "
                f"= {fmt(terms[i])}",
            )
        lines.add(
            f"Mean = ({' + '.join(operand(t) for t in terms)})/3 = {fmt(answer)}",
            f"平均 = ({' + '.join(operand(t) for t in terms)})/3 = {fmt(answer)}",
        )
        mistakes = [
            make_mistake(
                "forgot_alpha",
                clean(_focal_terms(y, p, alpha, gamma, "forgot_alpha").mean()),
                "You left out the class weight αₜ (α for y = 1, 1 − α for y = 0).",
                "你漏掉了类别权重 αₜ（y = 1 时为 α，y = 0 时为 1 − α）。",
            ),
            make_mistake(
                "gamma_on_p",
                clean(_focal_terms(y, p, alpha, gamma, "gamma_on_p").mean()),
                "The focusing factor is (1 − pₜ)^γ, not pₜ^γ: it shrinks the loss of "
                "well-classified samples.",
                "聚焦因子是 (1 − pₜ)^γ，不是 pₜ^γ：它压低已分对样本的损失。",
            ),
            make_mistake(
                "sum_instead_of_mean",
                clean(terms.sum()),
                "You summed the three terms; the loss is their mean.",
                "你把三项相加了；损失是它们的平均值。",
            ),
        ]
        return Problem(
            family=family,
            seed=seed,
            prompt=both(
                f"Compute the mean binary focal loss with α = {fmt(alpha)} and γ = {gamma}:\n"
                f"y = {fmt_vector(y)}\np = {fmt_vector(p)} (predicted P(y = 1))",
                f"计算平均二分类 focal loss，α = {fmt(alpha)}，γ = {gamma}：\n"
                f"y = {fmt_vector(y)}\np = {fmt_vector(p)}（预测的 P(y = 1)）",
            ),
            data={"y": plain(y), "p": plain(p), "alpha": alpha, "gamma": gamma},
            answer=answer,
            kind="scalar",
            hint=both(
                "FL = −αₜ·(1 − pₜ)^γ·ln pₜ per sample, then the mean.",
                "每个样本 FL = −αₜ·(1 − pₜ)^γ·ln pₜ，再取平均。",
            ),
            solution=lines.text(),
            mistakes=tuple(mistakes),
            target_seconds=150.0,
        )

    return draw_clear(seed, attempt)


# ------------------------------------------------------------------------- label smoothing


def _smoothed_target(label: int, classes: int, epsilon: float, slip: str | None) -> np.ndarray:
    if slip == "smoothed_over_other_classes":
        target = np.full(classes, epsilon / (classes - 1))
        target[label] = 1 - epsilon
        return target
    if slip == "no_smoothing":
        return np.eye(classes)[label]
    target = np.full(classes, epsilon / classes)
    target[label] += 1 - epsilon
    return target


def label_smoothing_value(seed: int, **params: Any) -> Problem:
    """Cross-entropy of one sample with label smoothing ε over K = 3 or 4 classes."""
    family = "loss.label_smoothing.value"
    check_params(family, params, set())

    def attempt(rng: np.random.Generator) -> Problem | None:
        classes = int(rng.integers(3, 5))
        raw = np.array([short(rng, 1, 6, 1) for _ in range(classes)])
        p = np.round(raw / raw.sum(), 2)
        p[-1] = round(1 - p[:-1].sum(), 2)
        if np.any(p <= 0.02):
            return None
        label = int(rng.integers(0, classes))
        epsilon = float(rng.choice([0.1, 0.2, 0.3]))
        answer = clean(losses.label_smoothing_crossentropy(label, p, epsilon))
        target = _smoothed_target(label, classes, epsilon, None)
        lines = SolutionLines()
        lines.add(
            f"Target: q = (1 − ε)·one-hot + ε/K = {fmt_vector(target)} (K = {classes}).",
            f"目标：q = (1 − ε)·one-hot + ε/K = {fmt_vector(target)}（K = {classes}）。",
        )
        terms = -target * np.log(p)
        lines.add(
            "−Σ qₖ·ln pₖ: " + " + ".join(operand(t) for t in terms) + f" = {fmt(answer)}",
            "−Σ qₖ·ln pₖ：" + " + ".join(operand(t) for t in terms) + f" = {fmt(answer)}",
        )

        def value(slip: str) -> float:
            return clean(-(_smoothed_target(label, classes, epsilon, slip) * np.log(p)).sum())

        mistakes = [
            make_mistake(
                "smoothed_over_other_classes",
                value("smoothed_over_other_classes"),
                "You spread ε over the K − 1 other classes (ε/(K − 1) each, 1 − ε on the true "
                "one); the standard smoothing gives every class ε/K, the true one 1 − ε + ε/K.",
                "你把 ε 分给其余 K − 1 个类（各 ε/(K − 1)，真类 1 − ε）；标准做法是每类 ε/K，"
                "真类 1 − ε + ε/K。",
            ),
            make_mistake(
                "no_smoothing",
                value("no_smoothing"),
                "That is the plain cross-entropy −ln p of the true class; the smoothed target "
                "also weights the other classes' log-probabilities.",
                "那是普通交叉熵 −ln p（真类）；平滑后的目标还会给其他类的对数概率加权。",
            ),
        ]
        return Problem(
            family=family,
            seed=seed,
            prompt=both(
                f"A classifier predicts p = {fmt_vector(p)} over K = {classes} classes; the "
                f"true class is {label} (counting from 0). Compute the cross-entropy with "
                f"label smoothing ε = {fmt(epsilon)}.",
                f"分类器在 K = {classes} 个类上的预测为 p = {fmt_vector(p)}；真实类别是 {label}"
                f"（从 0 开始计数）。计算标签平滑 ε = {fmt(epsilon)} 时的交叉熵。",
            ),
            data={"p": plain(p), "label": label, "epsilon": epsilon},
            answer=answer,
            kind="scalar",
            hint=both(
                "Smoothed target: 1 − ε + ε/K on the true class, ε/K elsewhere; then −Σ qₖ·ln pₖ.",
                "平滑目标：真类 1 − ε + ε/K，其余各 ε/K；再算 −Σ qₖ·ln pₖ。",
            ),
            solution=lines.text(),
            mistakes=tuple(mistakes),
            target_seconds=150.0,
        )

    return draw_clear(seed, attempt)


# ---------------------------------------------------------------------------- pinball loss


def _pinball_terms(r: np.ndarray, tau: float, slip: str | None) -> np.ndarray:
    if slip == "swapped_tau":
        tau = 1 - tau
    return np.maximum(tau * r, (tau - 1) * r)


def pinball_value(seed: int, **params: Any) -> Problem:
    """The mean quantile (pinball) loss of four predictions at quantile τ."""
    family = "loss.pinball.value"
    check_params(family, params, set())

    def attempt(rng: np.random.Generator) -> Problem | None:
        y = np.array([short(rng, 0, 10, 0.5) for _ in range(4)])
        pred = np.array([short(rng, 0, 10, 0.5) for _ in range(4)])
        r = y - pred
        if not (np.any(r > 0) and np.any(r < 0)):
            return None
        tau = float(rng.choice([0.1, 0.2, 0.25, 0.75, 0.8, 0.9]))
        answer = clean(losses.pinball(y, pred, tau))
        terms = _pinball_terms(r, tau, None)
        lines = SolutionLines()
        lines.add(f"r = y − ŷ = {fmt_vector(r)}")
        lines.add(
            f"Terms: τ·r = {fmt(tau)}·r if r ≥ 0, (τ − 1)·r = {operand(tau - 1)}·r if r < 0: "
            f"{fmt_vector(terms)}",
            f"各项：r ≥ 0 时 τ·r = {fmt(tau)}·r，r < 0 时 (τ − 1)·r = {operand(tau - 1)}·r："
            f"{fmt_vector(terms)}",
        )
        lines.add(
            f"Mean = {fmt(terms.sum())}/4 = {fmt(answer)}",
            f"平均 = {fmt(terms.sum())}/4 = {fmt(answer)}",
        )
        mistakes = [
            make_mistake(
                "swapped_tau",
                clean(_pinball_terms(r, tau, "swapped_tau").mean()),
                "You swapped τ and 1 − τ: under-prediction (y > ŷ) costs τ per unit, "
                "over-prediction 1 − τ.",
                "你把 τ 和 1 − τ 弄反了：低估（y > ŷ）每单位代价 τ，高估代价 1 − τ。",
            ),
            make_mistake(
                "sum_instead_of_mean",
                clean(terms.sum()),
                "You summed the four terms; the loss is their mean.",
                "你把四项相加了；损失是它们的平均值。",
            ),
        ]
        return Problem(
            family=family,
            seed=seed,
            prompt=both(
                f"Compute the mean pinball (quantile) loss at τ = {fmt(tau)}:\n"
                f"y = {fmt_vector(y)}\nŷ = {fmt_vector(pred)}",
                f"计算 τ = {fmt(tau)} 时的平均 pinball（分位数）损失：\n"
                f"y = {fmt_vector(y)}\nŷ = {fmt_vector(pred)}",
            ),
            data={"y": plain(y), "y_pred": plain(pred), "tau": tau},
            answer=answer,
            kind="scalar",
            hint=both(
                "With r = y − ŷ: max(τ·r, (τ − 1)·r) per sample, then the mean.",
                "令 r = y − ŷ：每个样本 max(τ·r, (τ − 1)·r)，再取平均。",
            ),
            solution=lines.text(),
            mistakes=tuple(mistakes),
            target_seconds=100.0,
        )

    return draw_clear(seed, attempt)


# ------------------------------------------------------------------------------ logsumexp


def logsumexp_value(seed: int, **params: Any) -> Problem:
    """ln Σ exp(xᵢ) of four logits, by the max trick."""
    family = "loss.logsumexp.value"
    check_params(family, params, set())

    def attempt(rng: np.random.Generator) -> Problem | None:
        x = np.array([short(rng, -2, 6, 0.5) for _ in range(4)])
        m = float(x.max())
        if np.count_nonzero(x == m) > 1:
            return None
        answer = clean(losses.logsumexp(x))
        shifted = x - m
        total = float(np.exp(shifted).sum())
        lines = SolutionLines()
        lines.add(
            f"m = max xᵢ = {fmt(m)}; xᵢ − m = {fmt_vector(shifted)}",
            f"m = max xᵢ = {fmt(m)}；xᵢ − m = {fmt_vector(shifted)}",
        )
        lines.add(
            f"Σ exp(xᵢ − m) = {fmt(total)}; ln {fmt(total)} = {fmt(np.log(total))}",
            f"Σ exp(xᵢ − m) = {fmt(total)}；ln {fmt(total)} = {fmt(np.log(total))}",
        )
        lines.add(f"LSE = m + ln Σ exp(xᵢ − m) = {fmt(m)} + {fmt(np.log(total))} = {fmt(answer)}")
        mistakes = [
            make_mistake(
                "forgot_max_back",
                clean(np.log(total)),
                "You forgot to add the maximum back: LSE = m + ln Σ exp(xᵢ − m).",
                "你忘了把最大值加回去：LSE = m + ln Σ exp(xᵢ − m)。",
            ),
            make_mistake(
                "max_only",
                clean(m),
                "The maximum alone is only a lower bound; add ln Σ exp(xᵢ − m), which is at "
                "least ln 1 = 0.",
                "只取最大值只是下界；还要加上 ln Σ exp(xᵢ − m)，它至少为 ln 1 = 0。",
            ),
        ]
        return Problem(
            family=family,
            seed=seed,
            prompt=both(
                f"Compute log-sum-exp, ln Σ exp(xᵢ), of x = {fmt_vector(x)} the way a "
                "library does it stably (with the max trick, so that large xᵢ cannot overflow).",
                f"按数值库的稳定算法（减最大值的技巧，使大的 xᵢ 不会溢出）计算 x = {fmt_vector(x)} "
                "的 log-sum-exp，即 ln Σ exp(xᵢ)。",
            ),
            data={"x": plain(x)},
            answer=answer,
            kind="scalar",
            hint=both(
                "Subtract m = max xᵢ inside, add it back outside: m + ln Σ exp(xᵢ − m).",
                "在里面减去 m = max xᵢ，在外面加回：m + ln Σ exp(xᵢ − m)。",
            ),
            solution=lines.text(),
            mistakes=tuple(mistakes),
            target_seconds=90.0,
        )

    return draw_clear(seed, attempt)


FAMILIES: dict[str, Callable[..., Problem]] = {
    "loss.focal.value": focal_value,
    "loss.label_smoothing.value": label_smoothing_value,
    "loss.pinball.value": pinball_value,
    "loss.logsumexp.value": logsumexp_value,
}
