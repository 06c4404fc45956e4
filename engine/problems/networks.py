"""Problem families: activation derivatives, the chain rule through a small network, and
vanishing and exploding gradients.

All four are scalar answers graded to three significant figures. The networks are
one unit wide so every step of backpropagation is a single multiplication a learner can
do on a calculator; the worked solutions list the forward values and each backward factor.
"""

from __future__ import annotations

import numpy as np

from engine.formatting import fmt, operand, subscript
from engine.problem import Mistake, Problem
from engine.problems._common import apart_from_answer, both, draw_distinct, plain, short

ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu")


def _sigmoid(x: float) -> float:
    return float(1.0 / (1.0 + np.exp(-x)))


def _activate(name: str, x: float, alpha: float = 0.01) -> float:
    if name == "sigmoid":
        return _sigmoid(x)
    if name == "tanh":
        return float(np.tanh(x))
    if name == "relu":
        return max(0.0, x)
    return x if x > 0 else alpha * x


def _slope(name: str, x: float, alpha: float = 0.01) -> float:
    if name == "sigmoid":
        s = _sigmoid(x)
        return s * (1.0 - s)
    if name == "tanh":
        return 1.0 - float(np.tanh(x)) ** 2
    if name == "relu":
        return 1.0 if x > 0 else 0.0
    return 1.0 if x > 0 else alpha


_DERIVATIVE_TEXT: dict[str, str] = {
    "sigmoid": "σ′(x) = σ(x)(1 − σ(x))",
    "tanh": "tanh′(x) = 1 − tanh²(x)",
    "relu": "ReLU′(x) = 1 if x > 0, else 0",
    "leaky_relu": "LeakyReLU′(x) = 1 if x > 0, else α",
}

_DERIVATIVE_TEXT_ZH: dict[str, str] = {
    "sigmoid": "σ′(x) = σ(x)(1 − σ(x))",
    "tanh": "tanh′(x) = 1 − tanh²(x)",
    "relu": "x > 0 时 ReLU′(x) = 1，否则为 0",
    "leaky_relu": "x > 0 时 LeakyReLU′(x) = 1，否则为 α",
}


def _check_choice(name: str, value: object, choices: tuple[str, ...]) -> None:
    if value is not None and value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(choices)}, not {value!r}")


def _value_mistake(value: float) -> Mistake:
    return Mistake(
        "value_not_derivative",
        value,
        both(
            "That is the activation's value; the question asks for its slope.",
            "那是激活函数的值；题目问的是它的导数（斜率）。",
        ),
    )


def _activation_derivative(seed: int, activation: str | None = None) -> Problem:
    """Generate an ``activation.derivative`` problem.

    Args:
        seed: the seed.
        activation: one of sigmoid, tanh, relu, leaky_relu (default: drawn from the seed).
    """
    _check_choice("activation", activation, ACTIVATIONS)

    def build(rng: np.random.Generator) -> Problem:
        name = activation or str(rng.choice(ACTIVATIONS))
        x = short(rng, -3.0, 3.0, 0.1)
        if x == 0:
            x = 0.5  # the kinked activations have no derivative at 0
        alpha = float(rng.choice([0.01, 0.1, 0.2])) if name == "leaky_relu" else 0.01
        value, answer = _activate(name, x, alpha), _slope(name, x, alpha)
        mistakes: list[Mistake] = []
        if name == "sigmoid":
            steps = both(
                f"σ({fmt(x)}) = {fmt(value)}; σ′ = {fmt(value)}·(1 − {fmt(value)}) = {fmt(answer)}",
                f"σ({fmt(x)}) = {fmt(value)}；σ′ = {fmt(value)}·(1 − {fmt(value)}) = {fmt(answer)}",
            )
            mistakes += [
                _value_mistake(value),
                Mistake(
                    "applied_to_input",
                    x * (1 - x),
                    both(
                        "σ(x)(1 − σ(x)) needs σ(x) first; you used x itself.",
                        "σ(x)(1 − σ(x)) 要先算出 σ(x)；你直接代入了 x。",
                    ),
                ),
            ]
        elif name == "tanh":
            steps = both(
                f"tanh({fmt(x)}) = {fmt(value)}; 1 − {operand(value)}² = {fmt(answer)}",
                f"tanh({fmt(x)}) = {fmt(value)}；1 − {operand(value)}² = {fmt(answer)}",
            )
            mistakes += [
                _value_mistake(value),
                Mistake(
                    "applied_to_input",
                    1 - x * x,
                    both(
                        "1 − tanh²(x) needs tanh(x) first; you used x itself.",
                        "1 − tanh²(x) 要先算出 tanh(x)；你直接代入了 x。",
                    ),
                ),
            ]
        else:
            side = both("x > 0", "x > 0") if x > 0 else both("x < 0", "x < 0")
            steps = both(
                f"{side['en']}, so the slope is {fmt(answer)}",
                f"{side['zh']}，所以斜率为 {fmt(answer)}",
            )
            other_slope = (alpha if name == "leaky_relu" else 0.0) if x > 0 else 1.0
            if x > 0:
                mistakes.append(_value_mistake(value))
            mistakes.append(
                Mistake(
                    "wrong_branch",
                    other_slope,
                    both(
                        f"At x = {fmt(x)} the {'positive' if x > 0 else 'negative'} branch "
                        f"applies, whose slope is {fmt(answer)}.",
                        f"x = {fmt(x)} 落在{'正' if x > 0 else '负'}半轴，"
                        f"那一段的斜率是 {fmt(answer)}。",
                    ),
                )
            )
            if name == "leaky_relu" and x < 0:
                mistakes.append(
                    Mistake(
                        "relu_branch",
                        0.0,
                        both(
                            f"Leaky ReLU keeps a slope α = {fmt(alpha)} for x < 0; "
                            "only plain ReLU has slope 0 there.",
                            f"Leaky ReLU 在 x < 0 时斜率为 α = {fmt(alpha)}；"
                            "只有普通 ReLU 在那里斜率为 0。",
                        ),
                    )
                )
        label = {"sigmoid": "sigmoid σ", "tanh": "tanh", "relu": "ReLU"}.get(
            name, f"Leaky ReLU (α = {fmt(alpha)})"
        )
        return Problem(
            family="activation.derivative",
            seed=seed,
            prompt=both(
                f"Compute the derivative of {label} at x = {fmt(x)}.",
                f"求 {label} 在 x = {fmt(x)} 处的导数。",
            ),
            data={"activation": name, "x": x, "alpha": alpha},
            answer=answer,
            kind="scalar",
            hint=both(f"Use {_DERIVATIVE_TEXT[name]}.", f"用 {_DERIVATIVE_TEXT_ZH[name]}。"),
            solution=both(
                f"{_DERIVATIVE_TEXT[name]}. {steps['en']}",
                f"{_DERIVATIVE_TEXT_ZH[name]}。{steps['zh']}",
            ),
            mistakes=tuple(mistakes),
            target_seconds=45.0,
        )

    return draw_distinct(seed, build)


def _backprop_chain_rule(
    seed: int, layers: int | None = None, activation: str | None = None
) -> Problem:
    """Generate a ``backprop.chain_rule`` problem: ∂L/∂w₁ through a one-unit-wide network.

    Args:
        seed: the seed.
        layers: 2 or 3 weight layers (default: drawn from the seed).
        activation: sigmoid, tanh or relu for the hidden units (default: drawn).
    """
    if layers is not None and layers not in (2, 3):
        raise ValueError(f"layers must be 2 or 3, not {layers!r}")
    _check_choice("activation", activation, ("sigmoid", "tanh", "relu"))

    def build(rng: np.random.Generator) -> Problem:
        depth = layers or int(rng.integers(2, 4))
        name = activation or str(rng.choice(["sigmoid", "tanh", "relu"]))
        x = short(rng, 0.5, 2.0, 0.5)
        weights = [short(rng, 0.5, 1.5, 0.1) * float(rng.choice([-1, 1])) for _ in range(depth)]
        target = short(rng, 0.0, 2.0, 0.5)
        pre, post = [], []
        h = x
        for w in weights[:-1]:
            z = w * h
            if name == "relu" and z <= 0:
                return build(rng)  # a dead ReLU stops the gradient: draw a live network
            pre.append(z)
            h = _activate(name, z)
            post.append(h)
        output = weights[-1] * h
        error = output - target
        slopes = [_slope(name, z) for z in pre]
        answer = error * float(np.prod(weights[1:])) * float(np.prod(slopes)) * x

        f = {"sigmoid": "σ", "tanh": "tanh", "relu": "ReLU"}[name]
        forward = [f"z₁ = w₁·x = {fmt(pre[0])}, h₁ = {f}(z₁) = {fmt(post[0])}"]
        if depth == 3:
            forward.append(f"z₂ = w₂·h₁ = {fmt(pre[1])}, h₂ = {f}(z₂) = {fmt(post[1])}")
        last = "h₂" if depth == 3 else "h₁"
        forward.append(f"ŷ = w{'₃' if depth == 3 else '₂'}·{last} = {fmt(output)}")
        symbols = ["(ŷ − y)"] + (["w₃", f"{f}′(z₂)"] if depth == 3 else [])
        symbols += ["w₂", f"{f}′(z₁)", "x"]
        numbers = [error] + ([weights[2], slopes[1]] if depth == 3 else [])
        numbers += [weights[1], slopes[0], x]
        slope_values = ", ".join(f"{f}′(z{'₁₂'[i]}) = {fmt(v)}" for i, v in enumerate(slopes))
        chain = (
            f"{slope_values}; ∂L/∂w₁ = "
            + "·".join(symbols)
            + " = "
            + "·".join(f"({fmt(v)})" if v < 0 else fmt(v) for v in numbers)
        )

        without_slopes = error * float(np.prod(weights[1:])) * x
        with_values = error * float(np.prod(weights[1:])) * float(np.prod(post)) * x
        mistakes = [
            Mistake(
                "sign_flipped",
                -answer,
                both(
                    "∂L/∂ŷ of ½(ŷ − y)² is ŷ − y, not y − ŷ.",
                    "½(ŷ − y)² 对 ŷ 的导数是 ŷ − y，不是 y − ŷ。",
                ),
            ),
            Mistake(
                "loss_factor_two",
                2 * answer,
                both(
                    "The loss has a ½ in front, so ∂L/∂ŷ = ŷ − y without a factor 2.",
                    "损失前面有 ½，所以 ∂L/∂ŷ = ŷ − y，没有因子 2。",
                ),
            ),
            Mistake(
                "missing_activation_derivative",
                without_slopes,
                both(
                    f"Each hidden unit multiplies the gradient by its activation's slope {f}′(z).",
                    f"每个隐藏单元都会把梯度乘以激活函数的斜率 {f}′(z)。",
                ),
            ),
            Mistake(
                "activation_value_instead",
                with_values,
                both(
                    f"You multiplied by {f}(z), the unit's output; backprop needs its slope "
                    f"{f}′(z).",
                    f"你乘的是 {f}(z)（单元的输出）；反向传播要乘的是斜率 {f}′(z)。",
                ),
            ),
        ]
        if x != 1:
            mistakes.append(
                Mistake(
                    "missing_input",
                    answer / x,
                    both(
                        "∂z₁/∂w₁ = x: the last factor is the input x.",
                        "∂z₁/∂w₁ = x：最后一个因子是输入 x。",
                    ),
                )
            )
        mistakes = apart_from_answer(mistakes, answer, atol=1e-15)
        weights_text = ", ".join(f"w{'₁₂₃'[i]} = {fmt(w)}" for i, w in enumerate(weights))
        if depth == 2:
            net = f"h₁ = {f}(w₁·x), ŷ = w₂·h₁"
        else:
            net = f"h₁ = {f}(w₁·x), h₂ = {f}(w₂·h₁), ŷ = w₃·h₂"
        return Problem(
            family="backprop.chain_rule",
            seed=seed,
            prompt=both(
                f"A one-unit-wide network: {net} (no biases), with {weights_text}. "
                f"For input x = {fmt(x)}, target y = {fmt(target)} and loss L = ½(ŷ − y)², "
                "compute ∂L/∂w₁.",
                f"一个每层只有一个单元的网络：{net}（无偏置），其中 {weights_text}。"
                f"输入 x = {fmt(x)}，目标 y = {fmt(target)}，损失 L = ½(ŷ − y)²，求 ∂L/∂w₁。",
            ),
            data={
                "x": x,
                "y": target,
                "weights": plain(weights),
                "activation": name,
                "layers": depth,
            },
            answer=answer,
            kind="scalar",
            hint=both(
                "Run the forward pass first, then multiply the local derivatives from the loss "
                "back to w₁.",
                "先做前向传播，再从损失往回把各个局部导数乘到 w₁。",
            ),
            solution=both(
                "Forward: " + "; ".join(forward) + ".\nBackward: " + chain + f" = {fmt(answer)}",
                "前向："
                + "；".join(forward)
                + "。\n反向："
                + chain.replace("; ", "；")
                + f" = {fmt(answer)}",
            ),
            mistakes=tuple(mistakes),
            target_seconds=90.0 + 30.0 * (depth - 2),
        )

    return draw_distinct(seed, build)


def _vanishing(seed: int) -> Problem:
    """Generate a ``gradient.vanishing`` problem: the gradient through n sigmoid layers."""

    def build(rng: np.random.Generator) -> Problem:
        n = int(rng.integers(3, 7))
        w = float(rng.choice([0.5, 0.8, 1.0, 1.5, 2.0]))
        z = float(rng.choice([0.0, 0.5, 1.0, 1.5, 2.0]))
        upstream = float(rng.choice([1.0, 0.5, 2.0]))
        s = _sigmoid(z)
        slope = s * (1 - s)
        factor = w * slope
        answer = upstream * factor**n
        mistakes = [
            Mistake(
                "value_not_derivative",
                upstream * (w * s) ** n,
                both(
                    "You multiplied by σ(z); each layer contributes its slope "
                    "σ′(z) = σ(z)(1 − σ(z)).",
                    "你乘的是 σ(z)；每一层贡献的是斜率 σ′(z) = σ(z)(1 − σ(z))。",
                ),
            ),
            Mistake(
                "off_by_one",
                upstream * factor ** (n - 1),
                both(
                    f"All n = {n} layers sit between h₀ and hₙ: the factor appears {n} times.",
                    f"h₀ 与 hₙ 之间有全部 n = {n} 层：这个因子要出现 {n} 次。",
                ),
            ),
            Mistake(
                "missing_weights",
                upstream * slope**n,
                both(
                    "∂hₖ/∂hₖ₋₁ = σ′(z)·w: each layer's weight multiplies the gradient too.",
                    "∂hₖ/∂hₖ₋₁ = σ′(z)·w：每层的权重也要乘进梯度里。",
                ),
            ),
            Mistake(
                "max_slope_assumed",
                upstream * (w * 0.25) ** n,
                both(
                    f"0.25 is σ′ only at z = 0; here z = {fmt(z)}, so σ′(z) = {fmt(slope)}.",
                    f"0.25 只是 z = 0 处的 σ′；这里 z = {fmt(z)}，σ′(z) = {fmt(slope)}。",
                ),
            ),
        ]
        mistakes = apart_from_answer(mistakes, answer)
        return Problem(
            family="gradient.vanishing",
            seed=seed,
            prompt=both(
                f"A chain of n = {n} sigmoid layers, hₖ = σ(w·hₖ₋₁ + b), all with weight "
                f"w = {fmt(w)}; at the current input every layer's pre-activation is z = {fmt(z)}. "
                f"The gradient arriving at the top is ∂L/∂h{subscript(n)} = {fmt(upstream)}. "
                "What gradient ∂L/∂h₀ reaches the input of layer 1?",
                f"n = {n} 个 sigmoid 层串联，hₖ = σ(w·hₖ₋₁ + b)，每层权重都是 w = {fmt(w)}；"
                f"在当前输入下每层的预激活值都是 z = {fmt(z)}。从顶层传回的梯度为 "
                f"∂L/∂h{subscript(n)} = {fmt(upstream)}。传到第 1 层输入处的梯度 ∂L/∂h₀ 是多少？",
            ),
            data={"layers": n, "weight": w, "preactivation": z, "upstream": upstream},
            answer=answer,
            kind="scalar",
            hint=both(
                "Each layer multiplies the gradient by ∂hₖ/∂hₖ₋₁; all layers are alike here.",
                "每一层都把梯度乘以 ∂hₖ/∂hₖ₋₁；这里各层完全相同。",
            ),
            solution=both(
                f"σ({fmt(z)}) = {fmt(s)}, σ′({fmt(z)}) = {fmt(s)}·(1 − {fmt(s)}) = {fmt(slope)}; "
                f"per layer ∂hₖ/∂hₖ₋₁ = w·σ′(z) = {fmt(factor)}. "
                f"∂L/∂h₀ = {fmt(upstream)}·{fmt(factor)}^{n} = {fmt(answer)}",
                f"σ({fmt(z)}) = {fmt(s)}，σ′({fmt(z)}) = {fmt(s)}·(1 − {fmt(s)}) = {fmt(slope)}；"
                f"每层 ∂hₖ/∂hₖ₋₁ = w·σ′(z) = {fmt(factor)}。"
                f"∂L/∂h₀ = {fmt(upstream)}·{fmt(factor)}^{n} = {fmt(answer)}",
            ),
            mistakes=tuple(mistakes),
            target_seconds=90.0,
        )

    return draw_distinct(seed, build)


def _exploding(seed: int) -> Problem:
    """Generate a ``gradient.exploding`` problem: the gradient through weights above 1."""

    def build(rng: np.random.Generator) -> Problem:
        n = int(rng.integers(4, 11))
        w = float(rng.choice([1.2, 1.5, 2.0, 2.5, 3.0]))
        upstream = float(rng.choice([0.1, 0.5, 1.0, 2.0]))
        answer = upstream * w**n
        mistakes = [
            Mistake(
                "off_by_one",
                upstream * w ** (n - 1),
                both(
                    f"All n = {n} layers sit between h₀ and hₙ: w appears {n} times.",
                    f"h₀ 与 hₙ 之间有全部 n = {n} 层：w 要乘 {n} 次。",
                ),
            ),
            Mistake(
                "added_not_multiplied",
                upstream * w * n,
                both(
                    "The chain rule multiplies the layers' factors; it does not add them: "
                    "that is why the gradient grows geometrically.",
                    "链式法则是把各层的因子相乘而不是相加：这正是梯度按几何级数增长的原因。",
                ),
            ),
            Mistake(
                "missing_upstream",
                w**n,
                both(
                    f"Start from the gradient arriving at the top, {fmt(upstream)}.",
                    f"要从顶层传回的梯度 {fmt(upstream)} 开始乘。",
                ),
            ),
        ]
        mistakes = apart_from_answer(mistakes, answer)
        return Problem(
            family="gradient.exploding",
            seed=seed,
            prompt=both(
                f"A deep linear network of n = {n} layers, hₖ = w·hₖ₋₁, every weight "
                f"w = {fmt(w)}. The gradient arriving at the top is ∂L/∂h{subscript(n)} = "
                f"{fmt(upstream)}. What gradient ∂L/∂h₀ reaches the input of layer 1?",
                f"一个 n = {n} 层的深度线性网络，hₖ = w·hₖ₋₁，每层权重 w = {fmt(w)}。"
                f"从顶层传回的梯度为 ∂L/∂h{subscript(n)} = {fmt(upstream)}。"
                "传到第 1 层输入处的梯度 ∂L/∂h₀ 是多少？",
            ),
            data={"layers": n, "weight": w, "upstream": upstream},
            answer=answer,
            kind="scalar",
            hint=both(
                "Each layer multiplies the gradient by ∂hₖ/∂hₖ₋₁ = w.",
                "每一层都把梯度乘以 ∂hₖ/∂hₖ₋₁ = w。",
            ),
            solution=both(
                f"∂L/∂h₀ = {fmt(upstream)}·{fmt(w)}^{n} = {fmt(upstream)}·{fmt(w**n)} = "
                f"{fmt(answer)}",
                f"∂L/∂h₀ = {fmt(upstream)}·{fmt(w)}^{n} = {fmt(upstream)}·{fmt(w**n)} = "
                f"{fmt(answer)}",
            ),
            mistakes=tuple(mistakes),
            target_seconds=45.0,
        )

    return draw_distinct(seed, build)


FAMILIES = {
    "activation.derivative": _activation_derivative,
    "backprop.chain_rule": _backprop_chain_rule,
    "gradient.vanishing": _vanishing,
    "gradient.exploding": _exploding,
}
