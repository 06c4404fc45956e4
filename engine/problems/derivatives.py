"""Problem families: the derivative of a loss with respect to the prediction.

Two families per loss (``deriv.<name>.expression`` and ``deriv.<name>.value``) for mean
squared error, mean absolute error, Huber, log-cosh, binary cross-entropy, and softmax +
cross-entropy (the derivative with respect to the logits, p − y).

The expression families ask for ∂L/∂ŷᵢ of a loss averaged over n outputs, written in the
engine's expression syntax with the variables ``y`` and ``yhat`` (``p`` and ``y`` for
softmax + cross-entropy). Where the derivative has a kink (MAE, Huber) the prompt names
the branch and the problem carries that branch as its domain (``yhat > y``), where the
answer is checked; ``sign`` and ``abs`` forms that agree there are right too. The value
families give the numbers of one sample and ask for the whole gradient vector; each entry
is graded to three significant figures (see :mod:`engine.precision`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from engine.expr import parse
from engine.expr.tree import free_names
from engine.formatting import fmt, fmt_vector
from engine.problem import DECIMAL_FIGURES, Mistake, Problem, Text
from engine.problems._common import both, draw_distinct, make_mistake, plain

NAMES: dict[str, Text] = {
    "mean_squared_error": both("mean squared error", "均方误差"),
    "mean_absolute_error": both("mean absolute error", "平均绝对误差"),
    "huber": both("Huber loss", " Huber 损失"),
    "log_cosh": both("log-cosh loss", " log-cosh 损失"),
    "binary_crossentropy": both("binary cross-entropy", "二元交叉熵"),
    "softmax_crossentropy": both("softmax + cross-entropy", " softmax + 交叉熵"),
}

#: The per-output loss term ℓ(y, ŷ) as readable Unicode; L = (1/n)·Σ ℓ.
TERMS: dict[str, str] = {
    "mean_squared_error": "(yᵢ − ŷᵢ)²",
    "mean_absolute_error": "|yᵢ − ŷᵢ|",
    "log_cosh": "ln cosh(ŷᵢ − yᵢ)",
    "binary_crossentropy": "−[yᵢ·ln ŷᵢ + (1 − yᵢ)·ln(1 − ŷᵢ)]",
}


def _sign_flipped() -> tuple[str, str]:
    return (
        "The sign is flipped: differentiate with respect to ŷ, and the error ŷ − y grows with ŷ.",
        "符号反了：是对 ŷ 求导，误差 ŷ − y 随 ŷ 增大。",
    )


def _missing_mean(n: int) -> tuple[str, str]:
    return (
        f"L averages over the n = {n} outputs, so each partial derivative carries a factor 1/{n}.",
        f"L 对 n = {n} 个输出取平均，所以每个偏导数都带有因子 1/{n}。",
    )


# --- expression families ----------------------------------------------------------------


def _expression_problem(
    family: str,
    seed: int,
    *,
    question: Text,
    answer: str,
    mistakes: list[Mistake],
    solution: Text,
    hint: Text,
    variables: tuple[str, ...] = ("y", "yhat"),
    domain: tuple[str, ...] = (),
    data: dict,
    target_seconds: float = 60.0,
) -> Problem:
    names = " and ".join(variables)
    figures = DECIMAL_FIGURES
    if free_names(parse(answer, variables).tree):
        how = both(
            f"Write it with the variables {names}; any decimals to {figures} significant figures.",
            f"用变量 {'、'.join(variables)} 写出表达式；小数保留 {figures} 位有效数字。",
        )
    else:  # a constant on this branch: asking for variables would mislead
        how = both(
            f"Write it as a number: a fraction such as 1/3, or a decimal to {figures} "
            "significant figures.",
            f"写成一个数：分数（如 1/3）或保留 {figures} 位有效数字的小数。",
        )
    return Problem(
        family=family,
        seed=seed,
        prompt=both(f"{question['en']}\n{how['en']}", f"{question['zh']}\n{how['zh']}"),
        data=data,
        answer=answer,
        kind="expression",
        hint=hint,
        solution=solution,
        mistakes=tuple(mistakes),
        variables=variables,
        domain=domain,
        per_sample=True,  # ∂L/∂ŷᵢ of one output: ŷᵢ and yhat_i mean yhat
        target_seconds=target_seconds,
    )


def _mean_question(name: str, n: int) -> Text:
    term = TERMS.get(name, "")
    return both(
        f"L is the {NAMES[name]['en']} over n = {n} outputs: L = (1/{n})·Σᵢ {term}. Find ∂L/∂ŷᵢ.",
        f"L 是 n = {n} 个输出上的{NAMES[name]['zh']}：L = (1/{n})·Σᵢ {term}。求 ∂L/∂ŷᵢ。",
    )


def _mse_expression(seed: int) -> Problem:
    def build(rng: np.random.Generator) -> Problem:
        n = int(rng.integers(2, 6))
        answer = f"2*(yhat - y)/{n}"
        return _expression_problem(
            "deriv.mean_squared_error.expression",
            seed,
            question=_mean_question("mean_squared_error", n),
            answer=answer,
            data={"n": n},
            hint=both(
                "Only the i-th term depends on ŷᵢ; use the chain rule on the square.",
                "只有第 i 项含 ŷᵢ；对平方用链式法则。",
            ),
            solution=both(
                f"∂/∂ŷᵢ (yᵢ − ŷᵢ)² = 2(yᵢ − ŷᵢ)·(−1) = 2(ŷᵢ − yᵢ); times 1/{n}: "
                f"∂L/∂ŷᵢ = 2(ŷᵢ − yᵢ)/{n} = {answer}",
                f"∂/∂ŷᵢ (yᵢ − ŷᵢ)² = 2(yᵢ − ŷᵢ)·(−1) = 2(ŷᵢ − yᵢ)；再乘以 1/{n}："
                f"∂L/∂ŷᵢ = 2(ŷᵢ − yᵢ)/{n} = {answer}",
            ),
            mistakes=[
                make_mistake("sign_flipped", f"2*(y - yhat)/{n}", *_sign_flipped()),
                make_mistake(
                    "missing_factor_two",
                    f"(yhat - y)/{n}",
                    "The derivative of a square brings down a factor 2.",
                    "平方求导会带下来一个因子 2。",
                ),
                make_mistake("missing_mean", "2*(yhat - y)", *_missing_mean(n)),
            ],
        )

    return draw_distinct(seed, build)


def _mae_expression(seed: int) -> Problem:
    def build(rng: np.random.Generator) -> Problem:
        n = int(rng.integers(2, 6))
        above = bool(rng.integers(0, 2))
        sign = 1 if above else -1
        where = both("ŷᵢ > yᵢ", "ŷᵢ > yᵢ") if above else both("ŷᵢ < yᵢ", "ŷᵢ < yᵢ")
        answer = f"{'' if above else '-'}1/{n}"
        question = _mean_question("mean_absolute_error", n)
        question = both(
            f"{question['en'][:-1]} at a point where {where['en']}.",
            f"{question['zh'][:-1]}（在 {where['zh']} 的点上）。",
        )
        return _expression_problem(
            "deriv.mean_absolute_error.expression",
            seed,
            question=question,
            answer=answer,
            data={"n": n, "yhat_above_y": above},
            domain=("yhat > y",) if above else ("yhat < y",),
            hint=both(
                "|u| has slope +1 where u > 0 and −1 where u < 0; here u = ŷᵢ − yᵢ.",
                "|u| 在 u > 0 处斜率为 +1，在 u < 0 处为 −1；这里 u = ŷᵢ − yᵢ。",
            ),
            solution=both(
                f"|yᵢ − ŷᵢ| = |ŷᵢ − yᵢ| has slope {sign:+d} where {where['en']}; times 1/{n}: "
                f"∂L/∂ŷᵢ = {answer}",
                f"|yᵢ − ŷᵢ| = |ŷᵢ − yᵢ| 在 {where['zh']} 处斜率为 {sign:+d}；再乘以 1/{n}："
                f"∂L/∂ŷᵢ = {answer}",
            ),
            mistakes=[
                make_mistake("sign_flipped", f"{'-' if above else ''}1/{n}", *_sign_flipped()),
                make_mistake("missing_mean", f"{sign}", *_missing_mean(n)),
            ],
            target_seconds=45.0,
        )

    return draw_distinct(seed, build)


def _huber_expression(seed: int) -> Problem:
    def build(rng: np.random.Generator) -> Problem:
        n = int(rng.integers(2, 6))
        delta = float(rng.choice([0.5, 1.0, 1.5, 2.0]))
        d = fmt(delta)
        branch = int(rng.integers(0, 3))  # 0: |e| ≤ δ, 1: e > δ, 2: e < −δ, with e = ŷ − y
        region = [f"|ŷᵢ − yᵢ| ≤ {d}", f"ŷᵢ − yᵢ > {d}", f"ŷᵢ − yᵢ < −{d}"][branch]
        domain = [
            f"abs(yhat - y) <= {delta!r}",
            f"yhat - y > {delta!r}",
            f"yhat - y < -{delta!r}",
        ][branch]
        extra = both(
            f", ℓ = ½e² for |e| ≤ δ and δ(|e| − ½δ) beyond, e = ŷᵢ − yᵢ, δ = {d}",
            f"，|e| ≤ δ 时 ℓ = ½e²，超出时 ℓ = δ(|e| − ½δ)，e = ŷᵢ − yᵢ，δ = {d}",
        )
        question = both(
            f"L is the Huber loss over n = {n} outputs: L = (1/{n})·Σᵢ ℓ(eᵢ){extra['en']}. "
            f"Find ∂L/∂ŷᵢ at a point where {region}.",
            f"L 是 n = {n} 个输出上的 Huber 损失：L = (1/{n})·Σᵢ ℓ(eᵢ){extra['zh']}。"
            f"在 {region} 的点上求 ∂L/∂ŷᵢ。",
        )
        if branch == 0:
            answer = f"(yhat - y)/{n}"
            steps = both(
                f"Inside the quadratic branch, d(½e²)/dŷ = e = ŷᵢ − yᵢ; times 1/{n}",
                f"在二次段，d(½e²)/dŷ = e = ŷᵢ − yᵢ；再乘以 1/{n}",
            )
            mistakes = [
                make_mistake("sign_flipped", f"(y - yhat)/{n}", *_sign_flipped()),
                make_mistake(
                    "missing_half",
                    f"2*(yhat - y)/{n}",
                    "The quadratic branch is ½e², whose derivative is e, not 2e.",
                    "二次段是 ½e²，导数是 e，不是 2e。",
                ),
                make_mistake("missing_mean", "yhat - y", *_missing_mean(n)),
            ]
        else:
            sign = "" if branch == 1 else "-"
            answer = f"{sign}{d}/{n}"
            steps = both(
                f"In the linear branch, d(δ(|e| − ½δ))/dŷ = δ·sign(e) = {sign}{d}; times 1/{n}",
                f"在线性段，d(δ(|e| − ½δ))/dŷ = δ·sign(e) = {sign}{d}；再乘以 1/{n}",
            )
            mistakes = [
                make_mistake(
                    "sign_flipped", f"{'-' if branch == 1 else ''}{d}/{n}", *_sign_flipped()
                ),
                make_mistake(
                    "quadratic_branch",
                    f"(yhat - y)/{n}",
                    f"Here |ŷᵢ − yᵢ| > δ = {d}: the linear branch applies, so the slope is "
                    f"capped at ±δ.",
                    f"这里 |ŷᵢ − yᵢ| > δ = {d}：用线性段，斜率被限制在 ±δ。",
                ),
                make_mistake("missing_mean", f"{sign}{d}", *_missing_mean(n)),
            ]
        return _expression_problem(
            "deriv.huber.expression",
            seed,
            question=question,
            answer=answer,
            data={"n": n, "delta": delta, "branch": ["inside", "above", "below"][branch]},
            domain=(domain,),
            hint=both(
                "Decide which branch applies first, then differentiate that branch.",
                "先判断落在哪一段，再对那一段求导。",
            ),
            solution=both(f"{steps['en']}: ∂L/∂ŷᵢ = {answer}", f"{steps['zh']}：∂L/∂ŷᵢ = {answer}"),
            mistakes=mistakes,
            target_seconds=75.0,
        )

    return draw_distinct(seed, build)


def _log_cosh_expression(seed: int) -> Problem:
    def build(rng: np.random.Generator) -> Problem:
        n = int(rng.integers(2, 6))
        answer = f"tanh(yhat - y)/{n}"
        return _expression_problem(
            "deriv.log_cosh.expression",
            seed,
            question=_mean_question("log_cosh", n),
            answer=answer,
            data={"n": n},
            hint=both(
                "d/du ln(cosh u) = sinh(u)/cosh(u); here u = ŷᵢ − yᵢ.",
                "d/du ln(cosh u) = sinh(u)/cosh(u)；这里 u = ŷᵢ − yᵢ。",
            ),
            solution=both(
                f"d/dŷ ln cosh(ŷ − y) = sinh(ŷ − y)/cosh(ŷ − y) = tanh(ŷ − y); times 1/{n}: "
                f"∂L/∂ŷᵢ = {answer}",
                f"d/dŷ ln cosh(ŷ − y) = sinh(ŷ − y)/cosh(ŷ − y) = tanh(ŷ − y)；再乘以 1/{n}："
                f"∂L/∂ŷᵢ = {answer}",
            ),
            mistakes=[
                make_mistake("sign_flipped", f"tanh(y - yhat)/{n}", *_sign_flipped()),
                make_mistake(
                    "missing_log_chain",
                    f"sinh(yhat - y)/{n}",
                    "You differentiated cosh but not the ln around it: divide by cosh.",
                    "你只对 cosh 求了导，忘了外层的 ln：还要除以 cosh。",
                ),
                make_mistake("missing_mean", "tanh(yhat - y)", *_missing_mean(n)),
            ],
            target_seconds=75.0,
        )

    return draw_distinct(seed, build)


def _bce_expression(seed: int) -> Problem:
    def build(rng: np.random.Generator) -> Problem:
        n = int(rng.integers(2, 6))
        answer = f"(-y/yhat + (1 - y)/(1 - yhat))/{n}"
        return _expression_problem(
            "deriv.binary_crossentropy.expression",
            seed,
            question=_mean_question("binary_crossentropy", n),
            answer=answer,
            data={"n": n},
            hint=both(
                "d/dŷ ln ŷ = 1/ŷ and d/dŷ ln(1 − ŷ) = −1/(1 − ŷ).",
                "d/dŷ ln ŷ = 1/ŷ，d/dŷ ln(1 − ŷ) = −1/(1 − ŷ)。",
            ),
            solution=both(
                "∂/∂ŷ −[y ln ŷ + (1 − y) ln(1 − ŷ)] = −y/ŷ + (1 − y)/(1 − ŷ) "
                f"= (ŷ − y)/(ŷ(1 − ŷ)); times 1/{n}: ∂L/∂ŷᵢ = {answer}",
                "∂/∂ŷ −[y ln ŷ + (1 − y) ln(1 − ŷ)] = −y/ŷ + (1 − y)/(1 − ŷ) "
                f"= (ŷ − y)/(ŷ(1 − ŷ))；再乘以 1/{n}：∂L/∂ŷᵢ = {answer}",
            ),
            mistakes=[
                make_mistake(
                    "sign_flipped", f"(y/yhat - (1 - y)/(1 - yhat))/{n}", *_sign_flipped()
                ),
                make_mistake(
                    "logit_gradient",
                    f"(yhat - y)/{n}",
                    "ŷ − y is the derivative with respect to the logit (through the sigmoid); "
                    "with respect to ŷ itself it is (ŷ − y)/(ŷ(1 − ŷ)).",
                    "ŷ − y 是对 logit（经过 sigmoid）的导数；对 ŷ 本身求导是 (ŷ − y)/(ŷ(1 − ŷ))。",
                ),
                make_mistake(
                    "missing_inner_minus",
                    f"(-y/yhat - (1 - y)/(1 - yhat))/{n}",
                    "d/dŷ ln(1 − ŷ) = −1/(1 − ŷ): the inner derivative of 1 − ŷ is −1.",
                    "d/dŷ ln(1 − ŷ) = −1/(1 − ŷ)：1 − ŷ 的内层导数是 −1。",
                ),
                make_mistake("missing_mean", "-y/yhat + (1 - y)/(1 - yhat)", *_missing_mean(n)),
            ],
            target_seconds=90.0,
        )

    return draw_distinct(seed, build)


def _softmax_expression(seed: int) -> Problem:
    def build(rng: np.random.Generator) -> Problem:
        batch = int(rng.integers(2, 6))
        answer = f"(p - y)/{batch}"
        return _expression_problem(
            "deriv.softmax_crossentropy.expression",
            seed,
            question=both(
                f"A batch of N = {batch} samples; each has logits z, probabilities "
                "p = softmax(z) and a one-hot target y. L = (1/N)·Σ over samples of −Σₖ yₖ·ln pₖ. "
                "Find ∂L/∂zᵢ for one sample's i-th logit, in terms of p = pᵢ and y = yᵢ.",
                f"一个批次有 N = {batch} 个样本；"
                "每个样本有 logits z、概率 p = softmax(z) 和 one-hot 目标 y。"
                "L = (1/N)·Σ(各样本的 −Σₖ yₖ·ln pₖ)。用 p = pᵢ、y = yᵢ 表示某个样本第 i 个 "
                "logit 的导数 ∂L/∂zᵢ。",
            ),
            answer=answer,
            variables=("p", "y"),
            data={"batch": batch},
            hint=both(
                "∂pₖ/∂zᵢ = pₖ(δₖᵢ − pᵢ), and the targets sum to 1.",
                "∂pₖ/∂zᵢ = pₖ(δₖᵢ − pᵢ)，且目标之和为 1。",
            ),
            solution=both(
                "∂/∂zᵢ (−Σₖ yₖ ln pₖ) = −Σₖ yₖ(δₖᵢ − pᵢ) = pᵢ·Σₖ yₖ − yᵢ = pᵢ − yᵢ; "
                f"times 1/{batch} for the batch mean: ∂L/∂zᵢ = {answer}",
                "∂/∂zᵢ (−Σₖ yₖ ln pₖ) = −Σₖ yₖ(δₖᵢ − pᵢ) = pᵢ·Σₖ yₖ − yᵢ = pᵢ − yᵢ；"
                f"批次平均再乘以 1/{batch}：∂L/∂zᵢ = {answer}",
            ),
            mistakes=[
                make_mistake(
                    "sign_flipped",
                    f"(y - p)/{batch}",
                    "The sign is flipped: raising the logit of a wrong class (y = 0) raises the "
                    "loss, so the derivative is p − y.",
                    "符号反了：提高错误类别（y = 0）的 logit 会让损失增大，所以导数是 p − y。",
                ),
                make_mistake(
                    "gradient_wrt_probability",
                    f"-y/p/{batch}",
                    "−y/p is the derivative with respect to p; through the softmax it "
                    "simplifies to p − y.",
                    "−y/p 是对 p 的导数；再经过 softmax 求导会化简为 p − y。",
                ),
                make_mistake(
                    "missing_mean",
                    "p - y",
                    f"L averages over the N = {batch} samples, so the derivative carries "
                    f"1/{batch}.",
                    f"L 对 N = {batch} 个样本取平均，所以导数带有因子 1/{batch}。",
                ),
            ],
            target_seconds=60.0,
        )

    return draw_distinct(seed, build)


# --- value families ---------------------------------------------------------------------


@dataclass(frozen=True)
class _ValueSpec:
    """A gradient-vector problem: ∂L/∂ŷ of a loss averaged over the outputs of one sample.

    Attributes:
        name: the loss's key in NAMES.
        gradient: ∂ℓ/∂ŷ per output (before the 1/n factor), from (y, ŷ).
        gradient_text: that derivative as readable Unicode.
        draw: draws (y, ŷ).
        wrong: (id, wrong per-output derivative, feedback) for the typical wrong methods.
        hint: which formula applies.
    """

    name: str
    gradient: Callable[[np.ndarray, np.ndarray], np.ndarray]
    gradient_text: Text
    draw: Callable[[np.random.Generator], tuple[np.ndarray, np.ndarray]]
    wrong: tuple[tuple[str, Callable[[np.ndarray, np.ndarray], np.ndarray], Text], ...]
    hint: Text


def _regression_pair(spread: float):
    def draw(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        n = int(rng.integers(2, 4))
        y = np.round(rng.integers(0, 31, size=n) * 0.1, 1)
        offsets = rng.integers(1, int(round(spread * 10)) + 1, size=n) * rng.choice([-1, 1], n)
        return y, np.round(y + offsets * 0.1, 1)

    return draw


def _binary_pair(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    n = int(rng.integers(2, 4))
    labels = rng.integers(0, 2, size=n).astype(float)
    labels[0] = 1.0 - labels[-1]
    return labels, np.round(rng.integers(1, 10, size=n) * 0.1, 1)


def _value_problem(family: str, spec: _ValueSpec, seed: int) -> Problem:
    def build(rng: np.random.Generator) -> Problem:
        y, yhat = spec.draw(rng)
        n = y.size
        per_output = spec.gradient(y, yhat)
        answer = per_output / n
        mistakes = [
            make_mistake("sign_flipped", plain(-answer), *_sign_flipped()),
            make_mistake("missing_mean", plain(per_output), *_missing_mean(n)),
        ]
        for mistake_id, wrong, feedback in spec.wrong:
            value = wrong(y, yhat) / n
            if np.all(np.isfinite(value)) and not np.allclose(value, answer):
                mistakes.append(Mistake(mistake_id, plain(value), feedback))
        name = NAMES[spec.name]
        return Problem(
            family=family,
            seed=seed,
            prompt=both(
                f"L is the {name['en']} averaged over the n = {n} outputs of one sample, with\n"
                f"y = {fmt_vector(y)}\nŷ = {fmt_vector(yhat)}\n"
                "Compute the gradient ∂L/∂ŷ (one entry per output).",
                f"L 是一个样本 n = {n} 个输出上取平均的{name['zh']}，其中\n"
                f"y = {fmt_vector(y)}\nŷ = {fmt_vector(yhat)}\n"
                "求梯度 ∂L/∂ŷ（每个输出一个分量）。",
            ),
            data={"y_true": plain(y), "y_pred": plain(yhat)},
            answer=plain(answer),
            kind="vector",
            hint=spec.hint,
            solution=both(
                f"Per output, ∂ℓ/∂ŷᵢ = {spec.gradient_text['en']} = {fmt_vector(per_output)}; "
                f"divide by n = {n}: ∂L/∂ŷ = {fmt_vector(answer)}",
                f"逐个输出，∂ℓ/∂ŷᵢ = {spec.gradient_text['zh']} = {fmt_vector(per_output)}；"
                f"除以 n = {n}：∂L/∂ŷ = {fmt_vector(answer)}",
            ),
            mistakes=tuple(mistakes),
            target_seconds=40.0 * n,
        )

    return draw_distinct(seed, build)


def _huber_pair(rng: np.random.Generator, delta: float) -> tuple[np.ndarray, np.ndarray]:
    """Regression values with errors both inside and beyond ±δ."""
    while True:
        y, yhat = _regression_pair(2.0)(rng)
        error = np.abs(yhat - y)
        if (error <= delta).any() and (error > delta).any():
            return y, yhat


def _huber_gradient(delta: float):
    return lambda y, yhat: np.clip(yhat - y, -delta, delta)


_HUBER_DELTA = 1.0  # Keras's default δ

_VALUE_SPECS: dict[str, _ValueSpec] = {
    "mean_squared_error": _ValueSpec(
        name="mean_squared_error",
        gradient=lambda y, yhat: 2 * (yhat - y),
        gradient_text=both("2(ŷᵢ − yᵢ)", "2(ŷᵢ − yᵢ)"),
        draw=_regression_pair(1.5),
        wrong=(
            (
                "missing_factor_two",
                lambda y, yhat: yhat - y,
                both(
                    "The derivative of a square brings down a factor 2.",
                    "平方求导会带下来一个因子 2。",
                ),
            ),
        ),
        hint=both(
            "Differentiate (yᵢ − ŷᵢ)² with respect to ŷᵢ and keep the mean's 1/n.",
            "对 (yᵢ − ŷᵢ)² 关于 ŷᵢ 求导，别忘了平均带来的 1/n。",
        ),
    ),
    "mean_absolute_error": _ValueSpec(
        name="mean_absolute_error",
        gradient=lambda y, yhat: np.sign(yhat - y),
        gradient_text=both("sign(ŷᵢ − yᵢ)", "sign(ŷᵢ − yᵢ)"),
        draw=_regression_pair(1.5),
        wrong=(
            (
                "used_error_not_sign",
                lambda y, yhat: yhat - y,
                both(
                    "|u| has slope ±1: the derivative is the sign of the error, not the error.",
                    "|u| 的斜率是 ±1：导数是误差的符号，而不是误差本身。",
                ),
            ),
        ),
        hint=both(
            "The slope of |ŷᵢ − yᵢ| is +1 or −1; keep the mean's 1/n.",
            "|ŷᵢ − yᵢ| 的斜率是 +1 或 −1；别忘了平均带来的 1/n。",
        ),
    ),
    "huber": _ValueSpec(
        name="huber",
        gradient=_huber_gradient(_HUBER_DELTA),
        gradient_text=both(
            "ŷᵢ − yᵢ clipped to [−δ, δ] (δ = 1)", "把 ŷᵢ − yᵢ 截断到 [−δ, δ] (δ = 1)"
        ),
        draw=lambda rng: _huber_pair(rng, _HUBER_DELTA),
        wrong=(
            (
                "quadratic_everywhere",
                lambda y, yhat: yhat - y,
                both(
                    "Errors beyond δ are in the linear branch, whose slope is ±δ.",
                    "超过 δ 的误差落在线性段，斜率是 ±δ。",
                ),
            ),
            (
                "missing_half",
                lambda y, yhat: np.where(
                    np.abs(yhat - y) <= _HUBER_DELTA, 2 * (yhat - y), np.clip(yhat - y, -1, 1)
                ),
                both(
                    "The quadratic branch is ½e², whose derivative is e, not 2e.",
                    "二次段是 ½e²，导数是 e，不是 2e。",
                ),
            ),
        ),
        hint=both(
            "Huber with δ = 1: slope e = ŷᵢ − yᵢ inside ±δ, ±δ outside; keep the mean's 1/n.",
            "δ = 1 的 Huber：±δ 以内斜率为 e = ŷᵢ − yᵢ，以外为 ±δ；别忘了平均带来的 1/n。",
        ),
    ),
    "log_cosh": _ValueSpec(
        name="log_cosh",
        gradient=lambda y, yhat: np.tanh(yhat - y),
        gradient_text=both("tanh(ŷᵢ − yᵢ)", "tanh(ŷᵢ − yᵢ)"),
        draw=_regression_pair(2.0),
        wrong=(
            (
                "missing_log_chain",
                lambda y, yhat: np.sinh(yhat - y),
                both(
                    "You differentiated cosh but not the ln around it: divide by cosh.",
                    "你只对 cosh 求了导，忘了外层的 ln：还要除以 cosh。",
                ),
            ),
        ),
        hint=both(
            "d/du ln(cosh u) = tanh u; keep the mean's 1/n.",
            "d/du ln(cosh u) = tanh u；别忘了平均带来的 1/n。",
        ),
    ),
    "binary_crossentropy": _ValueSpec(
        name="binary_crossentropy",
        gradient=lambda y, yhat: (yhat - y) / (yhat * (1 - yhat)),
        gradient_text=both("(ŷᵢ − yᵢ)/(ŷᵢ(1 − ŷᵢ))", "(ŷᵢ − yᵢ)/(ŷᵢ(1 − ŷᵢ))"),
        draw=_binary_pair,
        wrong=(
            (
                "logit_gradient",
                lambda y, yhat: yhat - y,
                both(
                    "ŷ − y is the derivative with respect to the logit; with respect to ŷ "
                    "it is (ŷ − y)/(ŷ(1 − ŷ)).",
                    "ŷ − y 是对 logit 的导数；对 ŷ 本身求导是 (ŷ − y)/(ŷ(1 − ŷ))。",
                ),
            ),
            (
                "missing_inner_minus",
                lambda y, yhat: -y / yhat - (1 - y) / (1 - yhat),
                both(
                    "d/dŷ ln(1 − ŷ) = −1/(1 − ŷ): the inner derivative of 1 − ŷ is −1.",
                    "d/dŷ ln(1 − ŷ) = −1/(1 − ŷ)：1 − ŷ 的内层导数是 −1。",
                ),
            ),
        ),
        hint=both(
            "Differentiate −[y ln ŷ + (1 − y) ln(1 − ŷ)] with respect to ŷ; keep the mean's 1/n.",
            "对 −[y ln ŷ + (1 − y) ln(1 − ŷ)] 关于 ŷ 求导；别忘了平均带来的 1/n。",
        ),
    ),
}


def _softmax_value(seed: int) -> Problem:
    def build(rng: np.random.Generator) -> Problem:
        classes = 3
        logits = np.round(rng.integers(-10, 21, size=classes) * 0.1, 1)
        label = int(rng.integers(0, classes))
        y = np.eye(classes)[label]
        exps = np.exp(logits)
        p = exps / exps.sum()
        answer = p - y
        mistakes = [
            make_mistake(
                "sign_flipped",
                plain(y - p),
                "The sign is flipped: the gradient is p − y (the wrong classes get +p).",
                "符号反了：梯度是 p − y（错误类别是 +p）。",
            ),
            make_mistake(
                "missing_target",
                plain(p),
                "You returned p; subtract the one-hot target y.",
                "你只给了 p；还要减去 one-hot 目标 y。",
            ),
            make_mistake(
                "softmax_not_applied",
                plain(logits - y),
                "Turn the logits into probabilities with softmax before subtracting y.",
                "先用 softmax 把 logits 变成概率，再减去 y。",
            ),
        ]
        return Problem(
            family="deriv.softmax_crossentropy.value",
            seed=seed,
            prompt=both(
                f"Logits z = {fmt_vector(logits)} go through softmax, then categorical "
                f"cross-entropy with the one-hot target y = {fmt_vector(y)}. "
                "Compute the gradient ∂L/∂z.",
                f"logits z = {fmt_vector(logits)} 先经过 softmax，再与 one-hot 目标 "
                f"y = {fmt_vector(y)} 计算分类交叉熵。求梯度 ∂L/∂z。",
            ),
            data={"logits": plain(logits), "y_true": plain(y)},
            answer=plain(answer),
            kind="vector",
            hint=both(
                "For softmax followed by cross-entropy the gradient with respect to the "
                "logits simplifies neatly.",
                "softmax 接交叉熵时，对 logits 的梯度可以化简成很简洁的形式。",
            ),
            solution=both(
                f"eᶻ = {fmt_vector(exps)}, sum = {fmt(exps.sum())}; p = softmax(z) = "
                f"{fmt_vector(p)}; ∂L/∂z = p − y = {fmt_vector(answer)}",
                f"eᶻ = {fmt_vector(exps)}，和 = {fmt(exps.sum())}；p = softmax(z) = "
                f"{fmt_vector(p)}；∂L/∂z = p − y = {fmt_vector(answer)}",
            ),
            mistakes=tuple(mistakes),
            target_seconds=100.0,
        )

    return draw_distinct(seed, build)


def _value_generator(name: str):
    def generate(seed: int) -> Problem:
        return _value_problem(f"deriv.{name}.value", _VALUE_SPECS[name], seed)

    generate.__doc__ = f"Generate a ``deriv.{name}.value`` problem for ``seed``."
    return generate


FAMILIES = {
    "deriv.mean_squared_error.expression": _mse_expression,
    "deriv.mean_absolute_error.expression": _mae_expression,
    "deriv.huber.expression": _huber_expression,
    "deriv.log_cosh.expression": _log_cosh_expression,
    "deriv.binary_crossentropy.expression": _bce_expression,
    "deriv.softmax_crossentropy.expression": _softmax_expression,
    **{f"deriv.{name}.value": _value_generator(name) for name in _VALUE_SPECS},
    "deriv.softmax_crossentropy.value": _softmax_value,
}
