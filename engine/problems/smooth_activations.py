"""Problem families: the smooth activations of modern networks — exact GELU, x·Φ(x), and
Swish/SiLU, x·σ(x) — their values and derivatives at three points.

Answers come from :mod:`engine.activations`; the recognised slips are the classic ones
(σ in place of Φ, the density in place of the distribution function, the product rule
forgotten, GELU's tanh approximation taken for the exact function).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np

from engine import activations, precision
from engine.formatting import fmt, fmt_vector, operand
from engine.problem import Problem
from engine.problems._common import (
    SolutionLines,
    apart_from_answer,
    both,
    check_params,
    clean,
    crowds_answer,
    draw_clear,
    make_mistake,
    plain,
    short,
)


def _points(rng: np.random.Generator) -> np.ndarray | None:
    x = np.array([short(rng, -2.5, 2.5, 0.5) for _ in range(3)])
    if np.any(x == 0) or len(set(x.tolist())) < 3:
        return None
    return x


def _phi(x: np.ndarray) -> np.ndarray:
    """Standard normal distribution function Φ."""
    return np.array([0.5 * (1 + math.erf(v / math.sqrt(2))) for v in x])


def _density(x: np.ndarray) -> np.ndarray:
    return np.exp(-(x**2) / 2) / math.sqrt(2 * math.pi)


def _sigma(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def gelu_value(seed: int, **params: Any) -> Problem:
    """The exact GELU x·Φ(x) at three points."""
    family = "activation.gelu.value"
    check_params(family, params, set())

    def attempt(rng: np.random.Generator) -> Problem | None:
        x = _points(rng)
        if x is None:
            return None
        answer = clean(activations.gelu(x))
        cdf = _phi(x)
        lines = SolutionLines()
        lines.add(
            f"Φ(x) = ½·(1 + erf(x/√2)) = {fmt_vector(cdf)}",
        )
        lines.add(
            "x·Φ(x): "
            + ", ".join(f"{operand(a)}·{fmt(b)}" for a, b in zip(x, cdf, strict=True))
            + f" = {fmt_vector(answer)}",
            "x·Φ(x)："
            + ", ".join(f"{operand(a)}·{fmt(b)}" for a, b in zip(x, cdf, strict=True))
            + f" = {fmt_vector(answer)}",
        )
        mistakes = apart_from_answer(
            [
                make_mistake(
                    "sigmoid_instead_of_phi",
                    clean(x * _sigma(x)),
                    "That is Swish, x·σ(x); GELU weights x by the normal distribution function "
                    "Φ(x).",
                    "那是 Swish，x·σ(x)；GELU 用正态分布函数 Φ(x) 给 x 加权。",
                ),
                make_mistake(
                    "density_instead_of_cdf",
                    clean(x * _density(x)),
                    "You used the normal density φ(x); GELU uses the distribution function "
                    "Φ(x) = ½·(1 + erf(x/√2)).",
                    "你用了正态密度 φ(x)；GELU 用的是分布函数 Φ(x) = ½·(1 + erf(x/√2))。",
                ),
                make_mistake(
                    "phi_only",
                    clean(cdf),
                    "Φ(x) is only the gate; GELU multiplies it by x.",
                    "Φ(x) 只是门控系数；GELU 还要乘以 x。",
                ),
            ],
            answer,
        )
        return Problem(
            family=family,
            seed=seed,
            prompt=both(
                f"Compute the exact GELU, x·Φ(x) (Φ the standard normal distribution function), "
                f"at x = {fmt_vector(x)}.",
                "计算精确 GELU，即 x·Φ(x)（Φ 为标准正态分布函数），"
                f"在 x = {fmt_vector(x)} 处的值。",
            ),
            data={"x": plain(x)},
            answer=answer,
            kind="vector",
            hint=both(
                "Φ(x) = ½·(1 + erf(x/√2)); multiply by x.", "Φ(x) = ½·(1 + erf(x/√2))；再乘以 x。"
            ),
            solution=lines.text(),
            mistakes=tuple(mistakes),
            target_seconds=120.0,
        )

    return draw_clear(seed, attempt)


def swish_value(seed: int, **params: Any) -> Problem:
    """Swish/SiLU x·σ(x) at three points."""
    family = "activation.swish.value"
    check_params(family, params, set())

    def attempt(rng: np.random.Generator) -> Problem | None:
        x = _points(rng)
        if x is None:
            return None
        answer = clean(activations.swish(x))
        s = _sigma(x)
        lines = SolutionLines()
        lines.add(f"σ(x) = 1/(1 + e⁻ˣ) = {fmt_vector(s)}")
        lines.add(
            "x·σ(x): "
            + ", ".join(f"{operand(a)}·{fmt(b)}" for a, b in zip(x, s, strict=True))
            + f" = {fmt_vector(answer)}",
            "x·σ(x)："
            + ", ".join(f"{operand(a)}·{fmt(b)}" for a, b in zip(x, s, strict=True))
            + f" = {fmt_vector(answer)}",
        )
        mistakes = apart_from_answer(
            [
                make_mistake(
                    "sigmoid_only",
                    clean(s),
                    "σ(x) is only the gate; Swish multiplies it by x.",
                    "σ(x) 只是门控系数；Swish 还要乘以 x。",
                ),
                make_mistake(
                    "sigma_of_minus_x",
                    clean(x * _sigma(-x)),
                    "σ(x) = 1/(1 + e⁻ˣ): you used e⁺ˣ in the denominator, which is σ(−x).",
                    "σ(x) = 1/(1 + e⁻ˣ)：你在分母里用了 e⁺ˣ，那是 σ(−x)。",
                ),
            ],
            answer,
        )
        return Problem(
            family=family,
            seed=seed,
            prompt=both(
                f"Compute Swish (SiLU), x·σ(x), at x = {fmt_vector(x)}.",
                f"计算 Swish（SiLU），即 x·σ(x)，在 x = {fmt_vector(x)} 处的值。",
            ),
            data={"x": plain(x)},
            answer=answer,
            kind="vector",
            hint=both("σ(x) = 1/(1 + e⁻ˣ); multiply by x.", "σ(x) = 1/(1 + e⁻ˣ)；再乘以 x。"),
            solution=lines.text(),
            mistakes=tuple(mistakes),
            target_seconds=90.0,
        )

    return draw_clear(seed, attempt)


def swish_derivative(seed: int, **params: Any) -> Problem:
    """d/dx x·σ(x) at three points."""
    family = "activation.swish.derivative"
    check_params(family, params, set())

    def attempt(rng: np.random.Generator) -> Problem | None:
        x = _points(rng)
        if x is None:
            return None
        answer = clean(activations.swish_derivative(x))
        s = _sigma(x)
        lines = SolutionLines()
        lines.add(
            "Product rule: d/dx x·σ(x) = σ(x) + x·σ(x)·(1 − σ(x)).",
            "乘积法则：d/dx x·σ(x) = σ(x) + x·σ(x)·(1 − σ(x))。",
        )
        lines.add(f"σ(x) = {fmt_vector(s)}")
        lines.add(f"σ(x) + x·σ(x)·(1 − σ(x)) = {fmt_vector(answer)}")
        mistakes = apart_from_answer(
            [
                make_mistake(
                    "forgot_product_rule",
                    clean(x * s * (1 - s)),
                    "Product rule: besides x·σ′(x) there is the term σ(x)·1 from differentiating "
                    "x.",
                    "乘积法则：除了 x·σ′(x)，还有对 x 求导得到的 σ(x)·1 这一项。",
                ),
                make_mistake(
                    "sigmoid_derivative_only",
                    clean(s * (1 - s)),
                    "σ(x)·(1 − σ(x)) is the sigmoid's derivative; Swish is x·σ(x), so use the "
                    "product rule.",
                    "σ(x)·(1 − σ(x)) 是 sigmoid 的导数；Swish 是 x·σ(x)，要用乘积法则。",
                ),
                make_mistake(
                    "gate_only",
                    clean(s),
                    "σ(x) is only the first term; add x·σ(x)·(1 − σ(x)).",
                    "σ(x) 只是第一项；还要加上 x·σ(x)·(1 − σ(x))。",
                ),
            ],
            answer,
        )
        return Problem(
            family=family,
            seed=seed,
            prompt=both(
                f"Compute the derivative of Swish (SiLU), d/dx x·σ(x), at x = {fmt_vector(x)}.",
                f"计算 Swish（SiLU）的导数 d/dx x·σ(x) 在 x = {fmt_vector(x)} 处的值。",
            ),
            data={"x": plain(x)},
            answer=answer,
            kind="vector",
            hint=both("Product rule, with σ′ = σ·(1 − σ).", "用乘积法则，σ′ = σ·(1 − σ)。"),
            solution=lines.text(),
            mistakes=tuple(mistakes),
            target_seconds=120.0,
        )

    return draw_clear(seed, attempt)


def gelu_derivative(seed: int, **params: Any) -> Problem:
    """d/dx x·Φ(x), the exact GELU's derivative, at three points."""
    family = "activation.gelu.derivative"
    check_params(family, params, set())

    def attempt(rng: np.random.Generator) -> Problem | None:
        x = _points(rng)
        if x is None:
            return None
        answer = clean(activations.gelu_derivative(x))
        cdf, density = _phi(x), _density(x)
        s = _sigma(x)
        lines = SolutionLines()
        lines.add(
            "Product rule: d/dx x·Φ(x) = Φ(x) + x·φ(x), with φ(x) = e^(−x²/2)/√(2π) the "
            "standard normal density (Φ′ = φ).",
            "乘积法则：d/dx x·Φ(x) = Φ(x) + x·φ(x)，其中 φ(x) = e^(−x²/2)/√(2π) 是标准正态"
            "分布的密度（Φ′ = φ）。",
        )
        lines.add(f"Φ(x) = ½·(1 + erf(x/√2)) = {fmt_vector(cdf)}")
        lines.add(f"φ(x) = {fmt_vector(density)}, x·φ(x) = {fmt_vector(x * density)}")
        lines.add(f"Φ(x) + x·φ(x) = {fmt_vector(answer)}")
        mistakes = apart_from_answer(
            [
                make_mistake(
                    "cdf_only",
                    clean(cdf),
                    "Φ(x) is only the first term of the product rule; add x·φ(x), from "
                    "differentiating Φ.",
                    "Φ(x) 只是乘积法则的第一项；还要加上对 Φ 求导得到的 x·φ(x)。",
                ),
                make_mistake(
                    "density_term_only",
                    clean(x * density),
                    "x·φ(x) is only the second term; the product rule also gives Φ(x)·1, from "
                    "differentiating x.",
                    "x·φ(x) 只是第二项；乘积法则还有对 x 求导得到的 Φ(x)·1。",
                ),
                make_mistake(
                    "sigmoid_instead_of_phi",
                    clean(s + x * s * (1 - s)),
                    "That is the derivative of Swish, x·σ(x); GELU weights x by the normal "
                    "distribution function Φ(x), whose derivative is the density φ(x).",
                    "那是 Swish（x·σ(x)）的导数；GELU 用正态分布函数 Φ(x) 给 x 加权，Φ 的导数是"
                    "密度 φ(x)。",
                ),
            ],
            answer,
        )
        problem = Problem(
            family=family,
            seed=seed,
            prompt=both(
                "Compute the derivative of the exact GELU, d/dx x·Φ(x) (Φ the standard normal "
                "distribution function; torch.nn.GELU's default, approximate='none'), at "
                f"x = {fmt_vector(x)}.",
                "计算精确 GELU 的导数 d/dx x·Φ(x)（Φ 为标准正态分布函数；即 torch.nn.GELU 的"
                f"默认形式 approximate='none'）在 x = {fmt_vector(x)} 处的值。",
            ),
            data={"x": plain(x)},
            answer=answer,
            kind="vector",
            hint=both(
                "Product rule, with Φ′(x) = φ(x), the standard normal density.",
                "用乘积法则，Φ′(x) = φ(x)，即标准正态分布的密度。",
            ),
            solution=lines.text(),
            mistakes=tuple(mistakes),
            target_seconds=150.0,
        )
        return _with_tanh_slip(problem, x)

    return draw_clear(seed, attempt)


def _with_tanh_slip(problem: Problem, x: np.ndarray) -> Problem:
    """The problem with the tanh approximation's derivative as a mistake, when the stated
    precision tells it from the exact answer (at |x| ≤ 1.5 mostly it does not: the two
    then agree to three figures, and typing either is right)."""
    slip = make_mistake(
        "tanh_approximation",
        clean(activations.gelu_tanh_derivative(x)),
        "That is the derivative of GELU's tanh approximation (approximate='tanh'); the exact "
        "GELU's is Φ(x) + x·φ(x), with the normal distribution function itself.",
        "那是 GELU 的 tanh 近似（approximate='tanh'）的导数；精确 GELU 的导数是 "
        "Φ(x) + x·φ(x)，直接用正态分布函数。",
    )
    probe = precision.with_precision(replace(problem, mistakes=(slip,)))
    if crowds_answer(probe):
        return problem
    return replace(problem, mistakes=(*problem.mistakes, slip))


FAMILIES: dict[str, Callable[..., Problem]] = {
    "activation.gelu.value": gelu_value,
    "activation.gelu.derivative": gelu_derivative,
    "activation.swish.value": swish_value,
    "activation.swish.derivative": swish_derivative,
}
