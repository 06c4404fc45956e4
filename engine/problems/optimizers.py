"""Problem families: one or two optimizer steps, a Newton step, a conjugate-gradient
iteration and a BFGS update, each worked by hand with its intermediate numbers.

The first-order rules follow PyTorch's ``torch.optim`` (no weight decay, no dampening,
ε added where PyTorch adds it), because that is the convention a learner will meet in
code; the hint states the rule so that the problem is about applying it, not guessing it.

Answers are the new parameters, graded to the decimal places that resolve the change from
the starting value (``Problem.start``; see :mod:`engine.precision`): a small step is
graded as finely as it needs, so neither the start nor 0 passes for it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from engine import optim
from engine.formatting import fmt_denoised as fmt
from engine.formatting import fmt_matrix_denoised as fmt_matrix
from engine.formatting import fmt_vector_denoised as fmt_vector
from engine.formatting import operand_denoised as operand
from engine.formatting import subscript
from engine.problem import Mistake, Problem, Text
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


def _show(value: Any) -> str:
    """Format a scalar with :func:`fmt`, a vector with :func:`fmt_vector`."""
    array = np.asarray(value, dtype=float)
    return fmt(float(array)) if array.ndim == 0 else fmt_vector(array)


def _mistake(mistake_id: str, value: Any, en: str, zh: str) -> Mistake:
    """A typical mistake whose value is stored without floating-point noise."""
    return make_mistake(mistake_id, clean(value), en, zh)


def _steps_param(family: str, params: dict[str, Any]) -> int | None:
    """The ``steps`` parameter (1 or 2), or None to let the seed choose."""
    check_params(family, params, {"steps"})
    steps = params.get("steps")
    if steps is None:
        return None
    if isinstance(steps, bool) or steps not in (1, 2):
        raise ValueError(f"{family}: parameter 'steps' must be 1 or 2, not {steps!r}")
    return int(steps)


def _draw_steps(rng: np.random.Generator, fixed_steps: int | None) -> int:
    """How many steps to work: the ``steps`` parameter if given, else 1 or 2 from the stream."""
    return fixed_steps or int(rng.integers(1, 3))


def _nonzero(values: Any) -> bool:
    return bool(np.all(np.asarray(values) != 0))


def _after(steps: int) -> Text:
    return both(
        "after one step" if steps == 1 else "after two steps", "一步" if steps == 1 else "两步"
    )


# --------------------------------------------------------------------------- SGD family


def sgd_step(seed: int, **params: Any) -> Problem:
    """Plain SGD, θ ← θ − η·g, for one or two steps on a 2-D parameter.

    Args:
        seed: the problem's seed.
        **params: ``steps`` (1 or 2; default: the seed chooses).

    Returns:
        The Problem; the answer is the new θ (a vector).
    """
    family = "optim.sgd.step"
    fixed_steps = _steps_param(family, params)

    def attempt(rng: np.random.Generator) -> Problem | None:
        steps = _draw_steps(rng, fixed_steps)
        lr = float(rng.choice([0.05, 0.1, 0.2, 0.5]))
        theta0 = np.array([short(rng, -2, 2) for _ in range(2)])
        grads = [np.array([short(rng, -3, 3) for _ in range(2)]) for _ in range(steps)]
        if not _nonzero(grads):
            return None
        lines = SolutionLines()
        theta = theta0
        for t, grad in enumerate(grads, start=1):
            new = theta - lr * grad
            s, p = subscript(t), subscript(t - 1)
            lines.add(
                f"θ{s} = θ{p} − η·g{s} = {_show(theta)} − {fmt(lr)}·{_show(grad)} = {_show(new)}"
            )
            theta = new
        total = np.sum(grads, axis=0)
        mistakes = [
            _mistake(
                "wrong_sign",
                theta0 + lr * total,
                "You moved along the gradient (θ + η·g); descent steps against it: θ − η·g.",
                "你沿着梯度方向走了（θ + η·g）；梯度下降应当逆着梯度走：θ − η·g。",
            ),
            _mistake(
                "no_learning_rate",
                theta0 - total,
                f"You subtracted the raw gradient; it must be scaled by the learning rate "
                f"η = {fmt(lr)} first.",
                f"你直接减去了梯度，忘了先乘以学习率 η = {fmt(lr)}。",
            ),
        ]
        if steps == 2:
            mistakes.append(
                _mistake(
                    "one_step_only",
                    theta0 - lr * grads[0],
                    "You stopped after the first step; the question asks for θ after two steps.",
                    "你只做了第一步；题目问的是两步之后的 θ。",
                )
            )
        if steps == 1:
            en_data = f"the gradient is g₁ = {_show(grads[0])}"
            zh_data = f"梯度为 g₁ = {_show(grads[0])}"
        else:
            en_data = f"the gradients are g₁ = {_show(grads[0])} and g₂ = {_show(grads[1])}"
            zh_data = f"两步的梯度依次为 g₁ = {_show(grads[0])}、g₂ = {_show(grads[1])}"
        after = _after(steps)
        return Problem(
            family=family,
            seed=seed,
            prompt=both(
                f"Plain SGD (torch.optim.SGD without momentum) with learning rate η = {fmt(lr)} "
                f"starts from θ₀ = {_show(theta0)}; {en_data}. What is θ {after['en']}?",
                f"普通 SGD（torch.optim.SGD，不带动量），学习率 η = {fmt(lr)}，初始参数 "
                f"θ₀ = {_show(theta0)}；{zh_data}。走{after['zh']}之后 θ 是多少？",
            ),
            data={"lr": lr, "theta": plain(theta0), "grads": plain(grads), "steps": steps},
            answer=clean(theta),
            kind="vector",
            start=plain(theta0),
            hint=both(
                "Each step moves against the gradient, scaled by the learning rate.",
                "每一步都沿梯度的反方向走，步长由学习率缩放。",
            ),
            solution=lines.text(),
            mistakes=tuple(mistakes),
            target_seconds=60 if steps == 1 else 90,
        )

    return draw_clear(seed, attempt)


def _heavy_ball(
    theta: np.ndarray,
    grads: list[np.ndarray],
    buffer: np.ndarray,
    lr: float,
    mu: float,
    *,
    nesterov: bool = False,
    dampened: bool = False,
    sign: float = 1.0,
) -> tuple[np.ndarray, list[tuple[np.ndarray, np.ndarray, np.ndarray]]]:
    """Run PyTorch's momentum (or Nesterov) SGD; return θ and per step (b, direction, θ).

    ``dampened`` and ``sign`` reproduce two typical slips: the EMA buffer
    b ← μ·b + (1 − μ)·g, and stepping along the direction instead of against it.
    """
    trace = []
    for grad in grads:
        buffer = mu * buffer + ((1 - mu) * grad if dampened else grad)
        direction = grad + mu * buffer if nesterov else buffer
        theta = theta - sign * lr * direction
        trace.append((buffer, direction, theta))
    return theta, trace


def _momentum_family(seed: int, params: dict[str, Any], nesterov: bool) -> Problem:
    family = "optim.nesterov.step" if nesterov else "optim.momentum.step"
    fixed_steps = _steps_param(family, params)

    def attempt(rng: np.random.Generator) -> Problem | None:
        steps = _draw_steps(rng, fixed_steps)
        lr = float(rng.choice([0.05, 0.1, 0.2]))
        mu = float(rng.choice([0.5, 0.8, 0.9]))
        theta0 = np.array([short(rng, -2, 2) for _ in range(2)])
        grads = [np.array([short(rng, -3, 3) for _ in range(2)]) for _ in range(steps)]
        if steps == 1:
            buffer0 = np.array([short(rng, -2, 2) for _ in range(2)])
        else:
            buffer0 = np.zeros(2)
        if not _nonzero(grads) or (steps == 1 and not _nonzero(buffer0)):
            return None
        theta, trace = _heavy_ball(theta0, grads, buffer0, lr, mu, nesterov=nesterov)
        lines = SolutionLines()
        previous_theta, previous_buffer = theta0, buffer0
        for t, (grad, (buffer, direction, new)) in enumerate(
            zip(grads, trace, strict=True), start=1
        ):
            s, p = subscript(t), subscript(t - 1)
            lines.add(
                f"b{s} = μ·b{p} + g{s} = {fmt(mu)}·{_show(previous_buffer)}"
                f" + {_show(grad)} = {_show(buffer)}"
            )
            if nesterov:
                lines.add(
                    f"d{s} = g{s} + μ·b{s} = {_show(grad)} + {fmt(mu)}·"
                    f"{_show(buffer)} = {_show(direction)}"
                )
                step_name = f"d{s}"
            else:
                step_name = f"b{s}"
            lines.add(
                f"θ{s} = θ{p} − η·{step_name} = {_show(previous_theta)} − "
                f"{fmt(lr)}·{_show(direction)} = {_show(new)}"
            )
            previous_theta, previous_buffer = new, buffer
        sgd_theta = theta0 - lr * np.sum(grads, axis=0)
        mistakes = [
            _mistake(
                "wrong_sign",
                _heavy_ball(theta0, grads, buffer0, lr, mu, nesterov=nesterov, sign=-1.0)[0],
                "You added the step (θ + η·…); the update moves against the gradient.",
                "你把步长加到了 θ 上（θ + η·…）；更新应当逆着梯度方向。",
            ),
            _mistake(
                "no_momentum",
                sgd_theta,
                "You ignored the momentum buffer and took plain SGD steps θ − η·g.",
                "你忽略了动量缓冲，只做了普通 SGD：θ − η·g。",
            ),
            _mistake(
                "dampened_buffer",
                _heavy_ball(theta0, grads, buffer0, lr, mu, nesterov=nesterov, dampened=True)[0],
                "You averaged the buffer, b ← μ·b + (1 − μ)·g; PyTorch adds the whole gradient: "
                "b ← μ·b + g.",
                "你把缓冲写成了移动平均 b ← μ·b + (1 − μ)·g；PyTorch 中是 b ← μ·b + g，"
                "梯度不乘 (1 − μ)。",
            ),
        ]
        if nesterov:
            mistakes.insert(
                1,
                _mistake(
                    "no_lookahead",
                    _heavy_ball(theta0, grads, buffer0, lr, mu)[0],
                    "You stepped along the buffer b as in plain momentum; Nesterov steps along "
                    "g + μ·b.",
                    "你像普通动量那样沿 b 走了一步；Nesterov 动量应沿 g + μ·b 更新。",
                ),
            )
        if steps == 1:
            en_data = (
                f"Earlier steps left the momentum buffer at b₀ = {_show(buffer0)}; the parameters "
                f"are θ₀ = {_show(theta0)} and the new gradient is g₁ = {_show(grads[0])}."
            )
            zh_data = (
                f"之前的训练留下的动量缓冲为 b₀ = {_show(buffer0)}；当前参数 θ₀ = {_show(theta0)}，"
                f"新的梯度 g₁ = {_show(grads[0])}。"
            )
        else:
            en_data = (
                f"Training starts at θ₀ = {_show(theta0)} with an empty buffer (b₀ = 0); the "
                f"gradients are g₁ = {_show(grads[0])} and g₂ = {_show(grads[1])}."
            )
            zh_data = (
                f"训练从 θ₀ = {_show(theta0)} 开始，动量缓冲为零（b₀ = 0）；两步的梯度依次为 "
                f"g₁ = {_show(grads[0])}、g₂ = {_show(grads[1])}。"
            )
        after = _after(steps)
        name_en = "Nesterov momentum" if nesterov else "SGD with momentum"
        name_zh = " Nesterov 动量" if nesterov else "动量 SGD"
        flag = ", nesterov=True" if nesterov else ""
        if nesterov:
            hint = both(
                "PyTorch updates the buffer as b ← μ·b + g, then steps along the look-ahead "
                "direction g + μ·b.",
                "PyTorch 先更新缓冲 b ← μ·b + g，再沿“前瞻”方向 g + μ·b 走一步。",
            )
        else:
            hint = both(
                "PyTorch keeps a buffer b ← μ·b + g and steps along it: θ ← θ − η·b.",
                "PyTorch 维护动量缓冲 b ← μ·b + g，并沿它更新：θ ← θ − η·b。",
            )
        return Problem(
            family=family,
            seed=seed,
            prompt=both(
                f"{name_en} as in PyTorch (torch.optim.SGD(momentum={fmt(mu)}{flag}), no "
                f"dampening) with learning rate η = {fmt(lr)} and momentum μ = {fmt(mu)}. "
                f"{en_data} What is θ {after['en']}?",
                f"PyTorch 中的{name_zh}（torch.optim.SGD(momentum={fmt(mu)}{flag})，无阻尼），"
                f"学习率 η = {fmt(lr)}，动量系数 μ = {fmt(mu)}。{zh_data}走{after['zh']}之后 θ "
                "是多少？",
            ),
            data={
                "lr": lr,
                "momentum": mu,
                "theta": plain(theta0),
                "grads": plain(grads),
                "buffer": plain(buffer0),
                "steps": steps,
            },
            answer=clean(theta),
            kind="vector",
            start=plain(theta0),
            hint=hint,
            solution=lines.text(),
            mistakes=tuple(mistakes),
            target_seconds=(90 if steps == 1 else 120) + (30 if nesterov else 0),
        )

    return draw_clear(seed, attempt)


def momentum_step(seed: int, **params: Any) -> Problem:
    """SGD with momentum (PyTorch: b ← μ·b + g, θ ← θ − η·b) on a 2-D parameter.

    One step starts from a given non-zero buffer; two steps start from an empty one, so
    the buffer matters on the second step either way.

    Args:
        seed: the problem's seed.
        **params: ``steps`` (1 or 2; default: the seed chooses).

    Returns:
        The Problem; the answer is the new θ (a vector).
    """
    return _momentum_family(seed, params, nesterov=False)


def nesterov_step(seed: int, **params: Any) -> Problem:
    """Nesterov momentum as PyTorch computes it (b ← μ·b + g, θ ← θ − η·(g + μ·b)).

    Args:
        seed: the problem's seed.
        **params: ``steps`` (1 or 2; default: the seed chooses).

    Returns:
        The Problem; the answer is the new θ (a vector).
    """
    return _momentum_family(seed, params, nesterov=True)


# ---------------------------------------------------------------- adaptive optimizers


def _adaptive_problem(
    *,
    family: str,
    seed: int,
    steps: int,
    theta0: float,
    grads: list[float],
    answer: float,
    lines: SolutionLines,
    mistakes: list[Mistake],
    intro: Text,
    state: Text,
    hint: Text,
    data: dict[str, Any],
    target_seconds: float,
) -> Problem:
    """Assemble a one-parameter adaptive-optimizer problem from its parts."""
    if steps == 1:
        grads_en = f"The new gradient is g₁ = {fmt(grads[0])}."
        grads_zh = f"新的梯度为 g₁ = {fmt(grads[0])}。"
    else:
        grads_en = f"The gradients are g₁ = {fmt(grads[0])} and g₂ = {fmt(grads[1])}."
        grads_zh = f"两步的梯度依次为 g₁ = {fmt(grads[0])}、g₂ = {fmt(grads[1])}。"
    after = _after(steps)
    return Problem(
        family=family,
        seed=seed,
        prompt=both(
            f"{intro['en']} The parameter is θ₀ = {fmt(theta0)}; {state['en']} {grads_en} "
            f"What is θ {after['en']}?",
            f"{intro['zh']}参数 θ₀ = {fmt(theta0)}；{state['zh']}{grads_zh}走{after['zh']}之后 θ "
            "是多少？",
        ),
        data={"theta": theta0, "grads": grads, "steps": steps, **data},
        answer=clean(answer),
        kind="scalar",
        start=theta0,
        hint=hint,
        solution=lines.text(),
        mistakes=tuple(mistakes),
        target_seconds=target_seconds,
    )


def _draw_scalars(
    rng: np.random.Generator, fixed_steps: int | None
) -> tuple[int, float, list[float]] | None:
    """Draw the step count, a non-zero θ₀ and one non-zero gradient per step (None: redraw)."""
    steps = _draw_steps(rng, fixed_steps)
    theta0 = short(rng, -2, 2)
    grads = [short(rng, -2, 2) for _ in range(steps)]
    if theta0 == 0 or not _nonzero(grads):
        return None
    return steps, theta0, grads


def _scaled_step_line(
    t: int, accumulator: str, theta: float, lr: float, grad: float, root: float, new: float
) -> str:
    """The step θₜ = θₜ₋₁ − η·gₜ/(√Aₜ + ε) worked out, where Adagrad and RMSprop differ only
    in what the accumulator A is (Adagrad's sum G, RMSprop's average v)."""
    s, p = subscript(t), subscript(t - 1)
    return (
        f"θ{s} = θ{p} − η·g{s}/(√{accumulator}{s} + ε) = {fmt(theta)} − "
        f"{fmt(lr)}·{operand(grad)}/{fmt(root)} = {fmt(new)}"
    )


def adagrad_step(seed: int, **params: Any) -> Problem:
    """Adagrad (PyTorch: G ← G + g², θ ← θ − η·g/(√G + ε), ε = 10⁻¹⁰) on one parameter.

    One step continues from a given accumulator G₀ > 0; two steps start from G₀ = 0.

    Args:
        seed: the problem's seed.
        **params: ``steps`` (1 or 2; default: the seed chooses).

    Returns:
        The Problem; the answer is the new θ (a scalar).
    """
    family = "optim.adagrad.step"
    fixed_steps = _steps_param(family, params)
    eps = 1e-10

    def run(theta: float, grads: list[float], total: float, lr: float, **slip: bool) -> float:
        for grad in grads:
            before = total
            total = total + grad**2
            if slip.get("not_accumulated"):
                scale = np.sqrt(grad**2)
            elif slip.get("stale"):
                scale = np.sqrt(before)
            elif slip.get("no_sqrt"):
                scale = total
            else:
                scale = np.sqrt(total)
            theta = theta - (-1 if slip.get("wrong_sign") else 1) * lr * grad / (scale + eps)
        return theta

    def attempt(rng: np.random.Generator) -> Problem | None:
        drawn = _draw_scalars(rng, fixed_steps)
        if drawn is None:
            return None
        steps, theta0, grads = drawn
        lr = float(rng.choice([0.1, 0.2, 0.5]))
        total0 = short(rng, 0.5, 4.0) if steps == 1 else 0.0
        lines = SolutionLines()
        theta, total = theta0, total0
        for t, grad in enumerate(grads, start=1):
            new_total = total + grad**2
            root = np.sqrt(new_total)
            new = theta - lr * grad / (root + eps)
            s, p = subscript(t), subscript(t - 1)
            lines.add(
                f"G{s} = G{p} + g{s}² = {fmt(total)} + {operand(grad)}² = "
                f"{fmt(new_total)}, √G{s} = {fmt(root)}"
            )
            lines.add(_scaled_step_line(t, "G", theta, lr, grad, root, new))
            theta, total = new, new_total
        mistakes = [
            _mistake(
                "wrong_sign",
                run(theta0, grads, total0, lr, wrong_sign=True),
                "You added the step; Adagrad moves against the gradient: θ − η·g/√G.",
                "你把步长加到了 θ 上；Adagrad 应逆着梯度更新：θ − η·g/√G。",
            ),
            _mistake(
                "not_accumulated",
                run(theta0, grads, total0, lr, not_accumulated=True),
                "You divided by √(g²) of the current gradient only; Adagrad divides by the root "
                "of the running sum G of all squared gradients.",
                "你只用了当前梯度的 √(g²)；Adagrad 要除以所有历史梯度平方之和 G 的平方根。",
            ),
            _mistake(
                "missing_sqrt",
                run(theta0, grads, total0, lr, no_sqrt=True),
                "You divided by G itself; the denominator is its square root √G.",
                "你除以了 G 本身；分母应是它的平方根 √G。",
            ),
        ]
        if steps == 1:
            mistakes.append(
                _mistake(
                    "stale_accumulator",
                    run(theta0, grads, total0, lr, stale=True),
                    "You used the old sum G₀; add the new g² to G before dividing.",
                    "你用了旧的累加量 G₀；应先把新的 g² 加进 G，再做除法。",
                )
            )
            state = both(
                f"the sum of squared gradients so far is G₀ = {fmt(total0)}.",
                f"此前梯度平方的累加和为 G₀ = {fmt(total0)}。",
            )
        else:
            state = both("training starts with G₀ = 0.", "训练开始时 G₀ = 0。")
        return _adaptive_problem(
            family=family,
            seed=seed,
            steps=steps,
            theta0=theta0,
            grads=grads,
            answer=theta,
            lines=lines,
            mistakes=mistakes,
            intro=both(
                f"Adagrad as in PyTorch (torch.optim.Adagrad) with learning rate η = {fmt(lr)} "
                "and ε = 10⁻¹⁰ (negligible here).",
                f"PyTorch 中的 Adagrad（torch.optim.Adagrad），学习率 η = {fmt(lr)}，"
                "ε = 10⁻¹⁰（此处可忽略）。",
            ),
            state=state,
            hint=both(
                "Accumulate G ← G + g², then step θ ← θ − η·g/(√G + ε).",
                "先累加 G ← G + g²，再更新 θ ← θ − η·g/(√G + ε)。",
            ),
            data={"lr": lr, "eps": eps, "sum_squares": total0},
            target_seconds=90 if steps == 1 else 120,
        )

    return draw_clear(seed, attempt)


def rmsprop_step(seed: int, **params: Any) -> Problem:
    """RMSprop (PyTorch: v ← α·v + (1 − α)·g², θ ← θ − η·g/(√v + ε), ε = 10⁻⁸).

    One step continues from a given average v₀ > 0; two steps start from v₀ = 0.

    Args:
        seed: the problem's seed.
        **params: ``steps`` (1 or 2; default: the seed chooses).

    Returns:
        The Problem; the answer is the new θ (a scalar).
    """
    family = "optim.rmsprop.step"
    fixed_steps = _steps_param(family, params)
    eps = 1e-8

    def run(theta: float, grads: list[float], avg: float, lr: float, alpha: float, **slip: bool):
        for grad in grads:
            if slip.get("not_accumulated"):
                avg = grad**2
            elif slip.get("no_one_minus_alpha"):
                avg = alpha * avg + grad**2
            else:
                avg = alpha * avg + (1 - alpha) * grad**2
            scale = avg if slip.get("no_sqrt") else np.sqrt(avg)
            theta = theta - (-1 if slip.get("wrong_sign") else 1) * lr * grad / (scale + eps)
        return theta

    def attempt(rng: np.random.Generator) -> Problem | None:
        drawn = _draw_scalars(rng, fixed_steps)
        if drawn is None:
            return None
        steps, theta0, grads = drawn
        lr = float(rng.choice([0.01, 0.05, 0.1]))
        alpha = float(rng.choice([0.9, 0.99]))
        avg0 = short(rng, 0.1, 2.0) if steps == 1 else 0.0
        lines = SolutionLines()
        theta, avg = theta0, avg0
        for t, grad in enumerate(grads, start=1):
            new_avg = alpha * avg + (1 - alpha) * grad**2
            root = np.sqrt(new_avg)
            new = theta - lr * grad / (root + eps)
            s, p = subscript(t), subscript(t - 1)
            lines.add(
                f"v{s} = α·v{p} + (1 − α)·g{s}² = "
                f"{fmt(alpha)}·{operand(avg)} + {fmt(1 - alpha)}·{operand(grad)}² = "
                f"{fmt(new_avg)}, √v{s} = {fmt(root)}"
            )
            lines.add(_scaled_step_line(t, "v", theta, lr, grad, root, new))
            theta, avg = new, new_avg
        mistakes = [
            _mistake(
                "wrong_sign",
                run(theta0, grads, avg0, lr, alpha, wrong_sign=True),
                "You added the step; RMSprop moves against the gradient: θ − η·g/√v.",
                "你把步长加到了 θ 上；RMSprop 应逆着梯度更新：θ − η·g/√v。",
            ),
            _mistake(
                "not_accumulated",
                run(theta0, grads, avg0, lr, alpha, not_accumulated=True),
                "You divided by √(g²) of the current gradient; RMSprop divides by the root of the "
                "moving average v of squared gradients.",
                "你只用了当前梯度的 √(g²)；RMSprop 要除以梯度平方移动平均 v 的平方根。",
            ),
            _mistake(
                "no_one_minus_alpha",
                run(theta0, grads, avg0, lr, alpha, no_one_minus_alpha=True),
                f"You added g² without the factor 1 − α = {fmt(1 - alpha)}: v ← α·v + (1 − α)·g².",
                f"你加 g² 时漏乘了 1 − α = {fmt(1 - alpha)}：应为 v ← α·v + (1 − α)·g²。",
            ),
            _mistake(
                "missing_sqrt",
                run(theta0, grads, avg0, lr, alpha, no_sqrt=True),
                "You divided by v itself; the denominator is its square root √v.",
                "你除以了 v 本身；分母应是它的平方根 √v。",
            ),
        ]
        if steps == 1:
            state = both(
                f"the running average of squared gradients is v₀ = {fmt(avg0)}.",
                f"梯度平方的移动平均为 v₀ = {fmt(avg0)}。",
            )
        else:
            state = both("training starts with v₀ = 0.", "训练开始时 v₀ = 0。")
        return _adaptive_problem(
            family=family,
            seed=seed,
            steps=steps,
            theta0=theta0,
            grads=grads,
            answer=theta,
            lines=lines,
            mistakes=mistakes,
            intro=both(
                f"RMSprop as in PyTorch (torch.optim.RMSprop) with learning rate η = {fmt(lr)}, "
                f"smoothing constant α = {fmt(alpha)} and ε = 10⁻⁸ (negligible here).",
                f"PyTorch 中的 RMSprop（torch.optim.RMSprop），学习率 η = {fmt(lr)}，"
                f"平滑系数 α = {fmt(alpha)}，ε = 10⁻⁸（此处可忽略）。",
            ),
            state=state,
            hint=both(
                "Update the moving average of g² first, then divide the gradient by its root.",
                "先更新 g² 的移动平均，再用梯度除以它的平方根。",
            ),
            data={"lr": lr, "alpha": alpha, "eps": eps, "square_avg": avg0},
            target_seconds=90 if steps == 1 else 120,
        )

    return draw_clear(seed, attempt)


def adadelta_step(seed: int, **params: Any) -> Problem:
    """Adadelta as PyTorch computes it, from a given state (E[g²], E[Δθ²]) on one parameter.

    v ← ρ·v + (1 − ρ)·g²; Δ = √(u + ε)/√(v + ε)·g; u ← ρ·u + (1 − ρ)·Δ²; θ ← θ − η·Δ,
    with η = 1, ρ = 0.9, ε = 10⁻⁶ (PyTorch's defaults). The state is given non-zero
    because from zero Adadelta's first steps are of order √ε, too small to grade on θ.

    Args:
        seed: the problem's seed.
        **params: ``steps`` (1 or 2; default: the seed chooses).

    Returns:
        The Problem; the answer is the new θ (a scalar).
    """
    family = "optim.adadelta.step"
    fixed_steps = _steps_param(family, params)
    lr, rho, eps = 1.0, 0.9, 1e-6

    def run(theta: float, grads: list[float], avg: float, delta_avg: float, **slip: bool):
        for grad in grads:
            before = avg
            avg = rho * avg + (1 - rho) * grad**2
            numerator = 1.0 if slip.get("no_numerator") else np.sqrt(delta_avg + eps)
            denominator = np.sqrt((before if slip.get("stale") else avg) + eps)
            delta = numerator / denominator * grad
            if not slip.get("frozen_delta_avg"):
                delta_avg = rho * delta_avg + (1 - rho) * delta**2
            theta = theta - (-1 if slip.get("wrong_sign") else 1) * lr * delta
        return theta

    def attempt(rng: np.random.Generator) -> Problem | None:
        drawn = _draw_scalars(rng, fixed_steps)
        if drawn is None:
            return None
        steps, theta0, grads = drawn
        avg0 = short(rng, 0.1, 2.0)
        delta_avg0 = short(rng, 0.01, 0.2, 0.01)
        lines = SolutionLines()
        theta, avg, delta_avg = theta0, avg0, delta_avg0
        for t, grad in enumerate(grads, start=1):
            new_avg = rho * avg + (1 - rho) * grad**2
            numerator, denominator = np.sqrt(delta_avg + eps), np.sqrt(new_avg + eps)
            delta = numerator / denominator * grad
            new_delta_avg = rho * delta_avg + (1 - rho) * delta**2
            new = theta - lr * delta
            s, p = subscript(t), subscript(t - 1)
            lines.add(
                f"v{s} = ρ·v{p} + (1 − ρ)·g{s}² = 0.9·{operand(avg)} + 0.1·{operand(grad)}² = "
                f"{fmt(new_avg)}"
            )
            lines.add(
                f"Δ{s} = √(u{p} + ε)/√(v{s} + ε)·g{s} = {fmt(numerator)}/{fmt(denominator)}·"
                f"{operand(grad)} = {fmt(delta)}"
            )
            lines.add(
                f"u{s} = ρ·u{p} + (1 − ρ)·Δ{s}² = 0.9·{operand(delta_avg)} + "
                f"0.1·{operand(delta)}² = {fmt(new_delta_avg)}"
            )
            lines.add(f"θ{s} = θ{p} − η·Δ{s} = {fmt(theta)} − {operand(delta)} = {fmt(new)}")
            theta, avg, delta_avg = new, new_avg, new_delta_avg
        mistakes = [
            _mistake(
                "wrong_sign",
                run(theta0, grads, avg0, delta_avg0, wrong_sign=True),
                "You added the update; Adadelta subtracts it: θ ← θ − η·Δ.",
                "你把更新量加到了 θ 上；Adadelta 应减去它：θ ← θ − η·Δ。",
            ),
            _mistake(
                "no_numerator",
                run(theta0, grads, avg0, delta_avg0, no_numerator=True),
                "You left out the RMS of past updates √(u + ε) in the numerator; without it the "
                "step is RMSprop with η = 1.",
                "你漏掉了分子里历史更新量的均方根 √(u + ε)；没有它就成了 η = 1 的 RMSprop。",
            ),
            _mistake(
                "stale_accumulator",
                run(theta0, grads, avg0, delta_avg0, stale=True),
                "You divided by the old average v before adding the new g²; update v first.",
                "你用了加入新 g² 之前的旧 v 做分母；应先更新 v。",
            ),
        ]
        if steps == 2:
            mistakes.append(
                _mistake(
                    "frozen_delta_avg",
                    run(theta0, grads, avg0, delta_avg0, frozen_delta_avg=True),
                    "You did not update u ← ρ·u + (1 − ρ)·Δ² after the first step, so the second "
                    "step used a stale numerator.",
                    "第一步之后你没有更新 u ← ρ·u + (1 − ρ)·Δ²，第二步的分子因此是旧值。",
                )
            )
        return _adaptive_problem(
            family=family,
            seed=seed,
            steps=steps,
            theta0=theta0,
            grads=grads,
            answer=theta,
            lines=lines,
            mistakes=mistakes,
            intro=both(
                "Adadelta as in PyTorch (torch.optim.Adadelta) with its defaults: η = 1, "
                "ρ = 0.9, ε = 10⁻⁶.",
                "PyTorch 中的 Adadelta（torch.optim.Adadelta），使用默认参数：η = 1，ρ = 0.9，"
                "ε = 10⁻⁶。",
            ),
            state=both(
                f"the running averages are v₀ = E[g²] = {fmt(avg0)} and u₀ = E[Δθ²] = "
                f"{fmt(delta_avg0)}.",
                f"移动平均为 v₀ = E[g²] = {fmt(avg0)}，u₀ = E[Δθ²] = {fmt(delta_avg0)}。",
            ),
            hint=both(
                "Update v with g², scale g by √(u + ε)/√(v + ε), subtract it, then update u with "
                "the square of that update.",
                "先用 g² 更新 v，把 g 乘以 √(u + ε)/√(v + ε) 得到更新量并减去，再用更新量的平方"
                "更新 u。",
            ),
            data={
                "lr": lr,
                "rho": rho,
                "eps": eps,
                "square_avg": avg0,
                "acc_delta": delta_avg0,
            },
            target_seconds=120 if steps == 1 else 180,
        )

    return draw_clear(seed, attempt)


def _adam_least_v(m: float, t: int, beta1: float, beta2: float) -> float:
    """The smallest second moment v that t Adam steps from zero can leave beside a first moment m.

    After t steps m = Σᵢ aᵢ·gᵢ and v = Σᵢ bᵢ·gᵢ², with aᵢ = (1 − β₁)·β₁^(t−i) and
    bᵢ = (1 − β₂)·β₂^(t−i); by Cauchy–Schwarz m² ≤ (Σᵢ aᵢ²/bᵢ)·v, with equality for some
    gradients, so a state (m, v) is reachable exactly when v ≥ m² / Σᵢ aᵢ²/bᵢ.
    """
    ages = np.arange(t)
    a = (1 - beta1) * beta1**ages
    b = (1 - beta2) * beta2**ages
    return float(m**2 / np.sum(a**2 / b))


def adam_step(seed: int, **params: Any) -> Problem:
    """Adam as PyTorch computes it (β₁ = 0.9, β₂ = 0.999, ε = 10⁻⁸, bias-corrected).

    One step continues from a given state (m, v after k steps), so the bias correction
    uses t = k + 1; two steps start from zero, where the second step shows the state.

    Args:
        seed: the problem's seed.
        **params: ``steps`` (1 or 2; default: the seed chooses).

    Returns:
        The Problem; the answer is the new θ (a scalar).
    """
    family = "optim.adam.step"
    fixed_steps = _steps_param(family, params)
    beta1, beta2, eps = 0.9, 0.999, 1e-8

    def run(theta: float, grads: list[float], m: float, v: float, t0: int, lr: float, **slip):
        for t, grad in enumerate(grads, start=t0 + 1):
            m = beta1 * m + (1 - beta1) * grad
            v = beta2 * v + (1 - beta2) * grad**2
            power = t - 1 if slip.get("stale_t") else t
            if slip.get("no_bias_correction"):
                m_hat, v_hat = m, v
            else:
                m_hat, v_hat = m / (1 - beta1**power), v / (1 - beta2**power)
            scale = v_hat if slip.get("no_sqrt") else np.sqrt(v_hat)
            theta = theta - (-1 if slip.get("wrong_sign") else 1) * lr * m_hat / (scale + eps)
        return theta

    def attempt(rng: np.random.Generator) -> Problem | None:
        drawn = _draw_scalars(rng, fixed_steps)
        if drawn is None:
            return None
        steps, theta0, grads = drawn
        lr = float(rng.choice([0.05, 0.1]))
        if steps == 1:
            t0 = int(rng.integers(1, 5))
            m0 = short(rng, -0.5, 0.5, 0.05)
            if m0 == 0:
                return None
            if t0 == 1:  # one gradient g gave m = 0.1·g and v = 0.001·g², so v = 0.1·m²
                v0 = round(0.1 * m0**2, 6)
            else:
                v0 = short(rng, 0.001, 0.01, 0.001)
                if v0 < _adam_least_v(m0, t0, beta1, beta2):
                    return None  # no t0 gradients give these moments
        else:
            t0, m0, v0 = 0, 0.0, 0.0
        lines = SolutionLines()
        theta, m, v = theta0, m0, v0
        for i, grad in enumerate(grads, start=1):
            t = t0 + i  # the step count in the bias correction
            new_m = beta1 * m + (1 - beta1) * grad
            new_v = beta2 * v + (1 - beta2) * grad**2
            correction1, correction2 = 1 - beta1**t, 1 - beta2**t
            m_hat, v_hat = new_m / correction1, new_v / correction2
            new = theta - lr * m_hat / (np.sqrt(v_hat) + eps)
            s, p = subscript(i), subscript(i - 1)
            lines.add(
                f"m{s} = 0.9·m{p} + 0.1·g{s} = 0.9·{operand(m)} + 0.1·{operand(grad)} = "
                f"{fmt(new_m)}"
            )
            lines.add(
                f"v{s} = 0.999·v{p} + 0.001·g{s}² = 0.999·{operand(v)} + 0.001·{operand(grad)}² = "
                f"{fmt(new_v, 5)}"
            )
            lines.add(
                f"m̂{s} = m{s}/(1 − 0.9^{t}) = {fmt(new_m)}/{fmt(correction1)} = {fmt(m_hat)}; "
                f"v̂{s} = v{s}/(1 − 0.999^{t}) = {fmt(new_v, 5)}/{fmt(correction2, 5)} = "
                f"{fmt(v_hat)}",
                f"m̂{s} = m{s}/(1 − 0.9^{t}) = {fmt(new_m)}/{fmt(correction1)} = {fmt(m_hat)}；"
                f"v̂{s} = v{s}/(1 − 0.999^{t}) = {fmt(new_v, 5)}/{fmt(correction2, 5)} = "
                f"{fmt(v_hat)}",
            )
            lines.add(
                f"θ{s} = θ{p} − η·m̂{s}/(√v̂{s} + ε) = {fmt(theta)} − {fmt(lr)}·{operand(m_hat)}/"
                f"{fmt(np.sqrt(v_hat))} = {fmt(new)}"
            )
            theta, m, v = new, new_m, new_v
        mistakes = [
            _mistake(
                "no_bias_correction",
                run(theta0, grads, m0, v0, t0, lr, no_bias_correction=True),
                "You used m and v without bias correction; divide them by 1 − β₁ᵗ and 1 − β₂ᵗ.",
                "你没有做偏差修正；m 和 v 要分别除以 1 − β₁ᵗ 和 1 − β₂ᵗ。",
            ),
            _mistake(
                "wrong_sign",
                run(theta0, grads, m0, v0, t0, lr, wrong_sign=True),
                "You added the step; Adam moves against the gradient: θ − η·m̂/(√v̂ + ε).",
                "你把步长加到了 θ 上；Adam 应逆着梯度更新：θ − η·m̂/(√v̂ + ε)。",
            ),
            _mistake(
                "missing_sqrt",
                run(theta0, grads, m0, v0, t0, lr, no_sqrt=True),
                "You divided by v̂ itself; the denominator is its square root √v̂.",
                "你除以了 v̂ 本身；分母应是它的平方根 √v̂。",
            ),
        ]
        if steps == 1:
            mistakes.append(
                _mistake(
                    "stale_step_count",
                    run(theta0, grads, m0, v0, t0, lr, stale_t=True),
                    f"You bias-corrected with t = {t0}; this is step t = {t0 + 1}.",
                    f"你用 t = {t0} 做了偏差修正；这一步是第 t = {t0 + 1} 步。",
                )
            )
            state = both(
                f"after {t0} step{'s' if t0 > 1 else ''} the moments are m₀ = {fmt(m0)} and "
                f"v₀ = {fmt(v0)} (so the coming step is t = {t0 + 1}).",
                f"已经训练了 {t0} 步，此时一阶矩 m₀ = {fmt(m0)}，二阶矩 v₀ = {fmt(v0)}"
                f"（即将进行的是第 t = {t0 + 1} 步）。",
            )
        else:
            state = both(
                "training starts with m₀ = v₀ = 0 (step t = 1 comes next).",
                "训练开始时 m₀ = v₀ = 0（接下来是第 t = 1 步）。",
            )
        return _adaptive_problem(
            family=family,
            seed=seed,
            steps=steps,
            theta0=theta0,
            grads=grads,
            answer=theta,
            lines=lines,
            mistakes=mistakes,
            intro=both(
                f"Adam as in PyTorch (torch.optim.Adam) with learning rate η = {fmt(lr)}, "
                "β₁ = 0.9, β₂ = 0.999 and ε = 10⁻⁸ (negligible here).",
                f"PyTorch 中的 Adam（torch.optim.Adam），学习率 η = {fmt(lr)}，β₁ = 0.9，"
                "β₂ = 0.999，ε = 10⁻⁸（此处可忽略）。",
            ),
            state=state,
            hint=both(
                "Update both moments, correct their bias by dividing by 1 − βᵗ, then step by "
                "η·m̂/(√v̂ + ε).",
                "先更新一阶矩和二阶矩，再分别除以 1 − βᵗ 做偏差修正，最后按 η·m̂/(√v̂ + ε) 更新。",
            ),
            data={
                "lr": lr,
                "betas": [beta1, beta2],
                "eps": eps,
                "exp_avg": m0,
                "exp_avg_sq": v0,
                "step": t0,
            },
            target_seconds=150 if steps == 1 else 180,
        )

    return draw_clear(seed, attempt)


#: The weight decays an AdamW problem draws from; 0.01 is torch.optim.AdamW's default.
_ADAMW_DECAYS = (0.01, 0.05, 0.1)


def adamw_step(seed: int, **params: Any) -> Problem:
    """One step of AdamW as PyTorch computes it: θ ← θ·(1 − η·λ), then the Adam step.

    The step is either the first (m₀ = v₀ = 0, t = 1) or continues from a given state
    after k steps (t = k + 1). β₁ = 0.9, β₂ = 0.999, ε = 10⁻⁸ (PyTorch's defaults).

    Args:
        seed: the problem's seed.
        **params: none.

    Returns:
        The Problem; the answer is the new θ (a scalar), from :func:`engine.optim.adamw_step`.
    """
    family = "optim.adamw.step"
    check_params(family, params, set())
    beta1, beta2, eps = 0.9, 0.999, 1e-8

    def run(
        theta: float,
        grad: float,
        m: float,
        v: float,
        t: int,
        lr: float,
        decay: float,
        *,
        coupled: bool = False,
        decay_scale: float | None = None,
        bias_correction: bool = True,
    ) -> float:
        """AdamW with one slip: the decay as L2 in the gradient (``coupled``), the decay
        factor 1 − ``decay_scale``·λ instead of 1 − η·λ, or no bias correction."""
        if coupled:
            grad = grad + decay * theta
        else:
            theta = theta * (1 - (lr if decay_scale is None else decay_scale) * decay)
        m = beta1 * m + (1 - beta1) * grad
        v = beta2 * v + (1 - beta2) * grad**2
        if bias_correction:
            m, v = m / (1 - beta1**t), v / (1 - beta2**t)
        return theta - lr * m / (np.sqrt(v) + eps)

    def attempt(rng: np.random.Generator) -> Problem | None:
        drawn = _draw_scalars(rng, 1)
        if drawn is None:
            return None
        _, theta0, grads = drawn
        grad = grads[0]
        lr = float(rng.choice([0.01, 0.05, 0.1]))
        decay = float(rng.choice(_ADAMW_DECAYS))
        if rng.random() < 0.5:
            t0, m0, v0 = 0, 0.0, 0.0
        else:
            t0 = int(rng.integers(1, 5))
            m0 = short(rng, -0.5, 0.5, 0.05)
            if m0 == 0:
                return None
            if t0 == 1:  # one gradient g gave m = 0.1·g and v = 0.001·g², so v = 0.1·m²
                v0 = round(0.1 * m0**2, 6)
            else:
                v0 = short(rng, 0.001, 0.01, 0.001)
                if v0 < _adam_least_v(m0, t0, beta1, beta2):
                    return None  # no t0 gradients give these moments
        state = None if t0 == 0 else {"step": t0, "exp_avg": m0, "exp_avg_sq": v0}
        new_theta, new_state = optim.adamw_step(
            theta0, grad, state, lr=lr, betas=(beta1, beta2), eps=eps, weight_decay=decay
        )
        answer = float(new_theta)
        t = t0 + 1
        shrink = 1 - lr * decay
        decayed = theta0 * shrink
        new_m, new_v = float(new_state["exp_avg"]), float(new_state["exp_avg_sq"])
        correction1, correction2 = 1 - beta1**t, 1 - beta2**t
        m_hat, v_hat = new_m / correction1, new_v / correction2
        lines = SolutionLines()
        lines.add(
            f"Decay first: θ₀·(1 − η·λ) = {fmt(theta0)}·(1 − {fmt(lr)}·{fmt(decay)}) = "
            f"{fmt(theta0)}·{fmt(shrink)} = {fmt(decayed, 6)}",
            f"先衰减：θ₀·(1 − η·λ) = {fmt(theta0)}·(1 − {fmt(lr)}·{fmt(decay)}) = "
            f"{fmt(theta0)}·{fmt(shrink)} = {fmt(decayed, 6)}",
        )
        lines.add(f"m₁ = 0.9·m₀ + 0.1·g₁ = 0.9·{operand(m0)} + 0.1·{operand(grad)} = {fmt(new_m)}")
        lines.add(
            f"v₁ = 0.999·v₀ + 0.001·g₁² = 0.999·{operand(v0)} + 0.001·{operand(grad)}² = "
            f"{fmt(new_v, 5)}"
        )
        lines.add(
            f"m̂ = m₁/(1 − 0.9^{t}) = {fmt(new_m)}/{fmt(correction1)} = {fmt(m_hat)}; "
            f"v̂ = v₁/(1 − 0.999^{t}) = {fmt(new_v, 5)}/{fmt(correction2, 5)} = {fmt(v_hat)}",
            f"m̂ = m₁/(1 − 0.9^{t}) = {fmt(new_m)}/{fmt(correction1)} = {fmt(m_hat)}；"
            f"v̂ = v₁/(1 − 0.999^{t}) = {fmt(new_v, 5)}/{fmt(correction2, 5)} = {fmt(v_hat)}",
        )
        lines.add(
            f"θ₁ = {fmt(decayed, 6)} − η·m̂/(√v̂ + ε) = {fmt(decayed, 6)} − {fmt(lr)}·"
            f"{operand(m_hat)}/{fmt(np.sqrt(v_hat))} = {fmt(answer)}"
        )
        mistakes = [
            _mistake(
                "coupled_l2",
                run(theta0, grad, m0, v0, t, lr, decay, coupled=True),
                "You added λ·θ to the gradient: that is L2 regularisation, what "
                "torch.optim.Adam's weight_decay does. AdamW leaves the gradient alone and "
                "shrinks θ itself by the factor 1 − η·λ.",
                "你把 λ·θ 加到了梯度上：这是 L2 正则化，即 torch.optim.Adam 的 weight_decay。"
                "AdamW 不改动梯度，而是直接把 θ 乘以 1 − η·λ。",
            ),
            _mistake(
                "decay_without_lr",
                run(theta0, grad, m0, v0, t, lr, decay, decay_scale=1.0),
                "You shrank θ by the factor 1 − λ; PyTorch's AdamW multiplies the decay by the "
                "learning rate: θ·(1 − η·λ).",
                "你把 θ 乘以了 1 − λ；PyTorch 的 AdamW 中衰减要乘以学习率：θ·(1 − η·λ)。",
            ),
            _mistake(
                "no_bias_correction",
                run(theta0, grad, m0, v0, t, lr, decay, bias_correction=False),
                "You used m and v without bias correction; divide them by 1 − β₁ᵗ and 1 − β₂ᵗ.",
                "你没有做偏差修正；m 和 v 要分别除以 1 − β₁ᵗ 和 1 − β₂ᵗ。",
            ),
            _mistake(
                "no_weight_decay",
                run(theta0, grad, m0, v0, t, lr, decay, decay_scale=0.0),
                "You took a plain Adam step and forgot the weight decay θ·(1 − η·λ).",
                "你只做了普通的 Adam 更新，忘了权重衰减 θ·(1 − η·λ)。",
            ),
        ]
        if t0 == 0:
            state_text = both(
                "training starts with m₀ = v₀ = 0 (this is step t = 1).",
                "训练开始时 m₀ = v₀ = 0（这是第 t = 1 步）。",
            )
        else:
            state_text = both(
                f"after {t0} step{'s' if t0 > 1 else ''} the moments are m₀ = {fmt(m0)} and "
                f"v₀ = {fmt(v0)} (so the coming step is t = {t}).",
                f"已经训练了 {t0} 步，此时一阶矩 m₀ = {fmt(m0)}，二阶矩 v₀ = {fmt(v0)}"
                f"（即将进行的是第 t = {t} 步）。",
            )
        default = both(", the default", "，即默认值") if decay == 0.01 else both("", "")
        return _adaptive_problem(
            family=family,
            seed=seed,
            steps=1,
            theta0=theta0,
            grads=[grad],
            answer=answer,
            lines=lines,
            mistakes=mistakes,
            intro=both(
                f"AdamW as in PyTorch (torch.optim.AdamW) with learning rate η = {fmt(lr)}, "
                f"weight_decay λ = {fmt(decay)}{default['en']}, β₁ = 0.9, β₂ = 0.999 and "
                "ε = 10⁻⁸ (negligible here).",
                f"PyTorch 中的 AdamW（torch.optim.AdamW），学习率 η = {fmt(lr)}，weight_decay "
                f"λ = {fmt(decay)}{default['zh']}，β₁ = 0.9，β₂ = 0.999，ε = 10⁻⁸（此处可忽略）。",
            ),
            state=state_text,
            hint=both(
                "AdamW first shrinks θ by the factor 1 − η·λ, then takes the ordinary Adam step "
                "with the moments of the raw gradient.",
                "AdamW 先把 θ 乘以 1 − η·λ，再用原始梯度的矩估计走一步普通的 Adam 更新。",
            ),
            data={
                "lr": lr,
                "weight_decay": decay,
                "betas": [beta1, beta2],
                "eps": eps,
                "exp_avg": m0,
                "exp_avg_sq": v0,
                "step": t0,
            },
            target_seconds=150,
        )

    return draw_clear(seed, attempt)


# ------------------------------------------------------------ second-order and CG

_SUPERSCRIPTS = {1: "", 2: "²", 3: "³", 4: "⁴"}

#: A polynomial as (coefficient, power of x, power of y) terms.
Polynomial = list[tuple[int, int, int]]


def _pretty(poly: Polynomial) -> str:
    """Readable Unicode: 2x⁴ − 3xy + y²."""
    text = ""
    for coefficient, px, py in poly:
        monomial = "".join(
            name + _SUPERSCRIPTS[power] for name, power in (("x", px), ("y", py)) if power
        )
        magnitude = abs(coefficient)
        body = (str(magnitude) if magnitude != 1 or not monomial else "") + monomial
        if not text:
            text = ("−" if coefficient < 0 else "") + body
        else:
            text += (" − " if coefficient < 0 else " + ") + body
    return text


def _engine_syntax(poly: Polynomial) -> str:
    """The engine's expression syntax: 2*x^4 - 3*x*y + y^2."""
    terms = []
    for coefficient, px, py in poly:
        factors = [str(coefficient)] + [
            name + (f"^{power}" if power > 1 else "")
            for name, power in (("x", px), ("y", py))
            if power
        ]
        terms.append("*".join(factors))
    return " + ".join(terms).replace("+ -", "- ")


def _partial(poly: Polynomial, wrt: int) -> Polynomial:
    """The derivative of a polynomial with respect to x (wrt=0) or y (wrt=1)."""
    result = []
    for coefficient, px, py in poly:
        power = (px, py)[wrt]
        if power:
            result.append(
                (coefficient * power, px - (wrt == 0), py - (wrt == 1)),
            )
    return result


def _evaluate(poly: Polynomial, x: float, y: float = 0.0) -> float:
    return float(sum(c * x**px * y**py for c, px, py in poly))


def newton_step(seed: int, **params: Any) -> Problem:
    """One Newton step for minimising a small polynomial in one or two variables.

    One variable: x₁ = x₀ − f′(x₀)/f″(x₀). Two variables: [x₁, y₁] = [x₀, y₀] − H⁻¹∇f.

    Args:
        seed: the problem's seed.
        **params: ``variables`` (1 or 2; default: the seed chooses).

    Returns:
        The Problem; the answer is x₁ (a scalar) or [x₁, y₁] (a vector).
    """
    family = "optim.newton.step"
    check_params(family, params, {"variables"})
    fixed = params.get("variables")
    if fixed is not None and (isinstance(fixed, bool) or fixed not in (1, 2)):
        raise ValueError(f"{family}: parameter 'variables' must be 1 or 2, not {fixed!r}")

    def attempt(rng: np.random.Generator) -> Problem | None:
        variables = int(fixed or rng.integers(1, 3))
        if variables == 1:
            return _newton_1d(rng, seed, family)
        return _newton_2d(rng, seed, family)

    return draw_clear(seed, attempt)


def _newton_1d(rng: np.random.Generator, seed: int, family: str) -> Problem | None:
    terms = [
        (int(rng.choice([1, 2])), 4, 0),
        (int(rng.integers(-2, 3)), 3, 0),
        (int(rng.integers(-3, 4)), 2, 0),
        (int(rng.integers(-4, 5)), 1, 0),
    ]
    poly = [term for term in terms if term[0] != 0]
    x0 = float(rng.choice([-2, -1.5, -1, -0.5, 0.5, 1, 1.5, 2]))
    first, second = _partial(poly, 0), _partial(_partial(poly, 0), 0)
    slope, curvature = _evaluate(first, x0), _evaluate(second, x0)
    if slope == 0 or curvature < 2:  # a minimisation step needs positive curvature
        return None
    answer = x0 - slope / curvature
    lines = SolutionLines()
    lines.add(f"f′(x) = {_pretty(first)}, f″(x) = {_pretty(second)}")
    lines.add(f"f′({fmt(x0)}) = {fmt(slope)}, f″({fmt(x0)}) = {fmt(curvature)}")
    lines.add(
        f"x₁ = x₀ − f′(x₀)/f″(x₀) = {fmt(x0)} − ({fmt(slope)})/({fmt(curvature)}) = {fmt(answer)}"
    )
    mistakes = [
        _mistake(
            "wrong_sign",
            x0 + slope / curvature,
            "You added f′/f″; Newton's step is x₀ − f′(x₀)/f″(x₀).",
            "你加上了 f′/f″；牛顿法的一步是 x₀ − f′(x₀)/f″(x₀)。",
        ),
        _mistake(
            "gradient_step",
            x0 - slope,
            "You took a gradient step x₀ − f′(x₀); Newton divides the slope by the curvature "
            "f″(x₀).",
            "你做的是梯度下降 x₀ − f′(x₀)；牛顿法要用斜率除以曲率 f″(x₀)。",
        ),
        _mistake(
            "inverted_ratio",
            x0 - curvature / slope,
            "You divided f″ by f′; the step is f′(x₀)/f″(x₀).",
            "你用 f″ 除以 f′；步长应为 f′(x₀)/f″(x₀)。",
        ),
    ]
    pretty = _pretty(poly)
    return Problem(
        family=family,
        seed=seed,
        prompt=both(
            f"Let f(x) = {pretty}. Starting from x₀ = {fmt(x0)}, take one step of Newton's "
            "method for minimising f. What is x₁?",
            f"设 f(x) = {pretty}。从 x₀ = {fmt(x0)} 出发，用牛顿法（求 f 的极小值）迭代一步，"
            "x₁ 是多少？",
        ),
        data={"expression": _engine_syntax(poly), "variables": ["x"], "point": [x0]},
        answer=clean(answer),
        kind="scalar",
        start=x0,
        hint=both(
            "Newton's method divides the slope by the curvature at the current point.",
            "牛顿法用当前点的斜率除以曲率（二阶导数）来决定步长。",
        ),
        solution=lines.text(),
        mistakes=tuple(mistakes),
        target_seconds=120,
    )


def _newton_2d(rng: np.random.Generator, seed: int, family: str) -> Problem | None:
    leading = (int(rng.choice([1, 2])), int(rng.choice([3, 4])), 0)
    terms = [
        leading,
        (int(rng.choice([-2, -1, 1, 2])), 1, 1),
        (int(rng.choice([1, 2, 3])), 0, 2),
        (int(rng.integers(-3, 4)), 1, 0),
        (int(rng.integers(-3, 4)), 0, 1),
    ]
    poly = [term for term in terms if term[0] != 0]
    x0 = float(rng.choice([-1, -0.5, 0.5, 1, 1.5]))
    y0 = float(rng.choice([-1, 0, 1, 2]))
    fx, fy = _partial(poly, 0), _partial(poly, 1)
    fxx, fxy, fyy = _partial(fx, 0), _partial(fx, 1), _partial(fy, 1)
    gradient = np.array([_evaluate(fx, x0, y0), _evaluate(fy, x0, y0)])
    hessian = np.array(
        [
            [_evaluate(fxx, x0, y0), _evaluate(fxy, x0, y0)],
            [_evaluate(fxy, x0, y0), _evaluate(fyy, x0, y0)],
        ]
    )
    det = hessian[0, 0] * hessian[1, 1] - hessian[0, 1] ** 2
    if not _nonzero(gradient) or det < 1 or hessian[0, 0] <= 0:  # positive definite
        return None
    adjugate = np.array([[hessian[1, 1], -hessian[0, 1]], [-hessian[1, 0], hessian[0, 0]]])
    step = adjugate @ gradient / det
    point = np.array([x0, y0])
    answer = point - step
    lines = SolutionLines()
    lines.add(
        f"∇f = [{_pretty(fx)}, {_pretty(fy)}] = {_show(gradient)} at ({fmt(x0)}, {fmt(y0)})",
        f"∇f = [{_pretty(fx)}, {_pretty(fy)}]，在 ({fmt(x0)}, {fmt(y0)}) 处为 {_show(gradient)}",
    )
    lines.add(
        f"H = {fmt_matrix(hessian)}, det H = {fmt(det)}, "
        f"H⁻¹ = (1/{fmt(det)})·{fmt_matrix(adjugate)}"
    )
    lines.add(f"H⁻¹∇f = {_show(step)}")
    lines.add(f"[x₁, y₁] = [x₀, y₀] − H⁻¹∇f = {_show(point)} − {_show(step)} = {_show(answer)}")
    mistakes = [
        _mistake(
            "wrong_sign",
            point + step,
            "You added H⁻¹∇f; Newton's step subtracts it.",
            "你加上了 H⁻¹∇f；牛顿法应减去它。",
        ),
        _mistake(
            "gradient_step",
            point - gradient,
            "You took a gradient step; Newton's method multiplies the gradient by H⁻¹.",
            "你做的是梯度下降；牛顿法要用 H⁻¹ 乘以梯度。",
        ),
        _mistake(
            "diagonal_hessian",
            point - gradient / np.diag(hessian),
            "You divided each partial derivative by its own second derivative, ignoring the "
            "mixed term ∂²f/∂x∂y; invert the whole Hessian.",
            "你把每个偏导数各自除以对应的二阶导数，忽略了混合偏导 ∂²f/∂x∂y；应对整个海森矩阵求逆。",
        ),
    ]
    pretty = _pretty(poly)
    return Problem(
        family=family,
        seed=seed,
        prompt=both(
            f"Let f(x, y) = {pretty}. Starting from (x₀, y₀) = ({fmt(x0)}, {fmt(y0)}), take one "
            "step of Newton's method for minimising f. What is the new point [x₁, y₁]?",
            f"设 f(x, y) = {pretty}。从 (x₀, y₀) = ({fmt(x0)}, {fmt(y0)}) 出发，用牛顿法"
            "（求 f 的极小值）迭代一步，新的点 [x₁, y₁] 是多少？",
        ),
        data={"expression": _engine_syntax(poly), "variables": ["x", "y"], "point": [x0, y0]},
        answer=clean(answer),
        kind="vector",
        start=[x0, y0],
        hint=both(
            "You need the gradient and the Hessian at the starting point; the step solves "
            "H·Δ = ∇f.",
            "需要起点处的梯度和海森矩阵；步长 Δ 满足 H·Δ = ∇f。",
        ),
        solution=lines.text(),
        mistakes=tuple(mistakes),
        target_seconds=180,
    )


def conjugate_gradient_step(seed: int, **params: Any) -> Problem:
    """One conjugate-gradient iteration on a 2×2 symmetric positive definite system.

    r₀ = b − A·x₀, p₀ = r₀, α₀ = r₀ᵀr₀/(p₀ᵀA·p₀), x₁ = x₀ + α₀·p₀.

    Args:
        seed: the problem's seed.
        **params: none.

    Returns:
        The Problem; the answer is x₁ (a vector).
    """
    family = "optim.conjugate_gradient.step"
    check_params(family, params, set())

    def attempt(rng: np.random.Generator) -> Problem | None:
        a, c = int(rng.integers(2, 7)), int(rng.integers(2, 7))
        off = int(rng.integers(-2, 3))
        matrix = np.array([[a, off], [off, c]], dtype=float)
        if a * c - off**2 <= 0:
            return None
        rhs = np.array([int(rng.integers(-5, 6)) for _ in range(2)], dtype=float)
        x0 = (
            np.zeros(2)
            if rng.random() < 0.5
            else np.array([int(rng.integers(-2, 3)) for _ in range(2)], dtype=float)
        )
        residual = rhs - matrix @ x0
        if not np.any(residual):
            return None
        a_p = matrix @ residual
        numerator, denominator = float(residual @ residual), float(residual @ a_p)
        alpha = numerator / denominator
        answer = x0 + alpha * residual
        lines = SolutionLines()
        lines.add(f"r₀ = b − A·x₀ = {_show(rhs)} − {_show(matrix @ x0)} = {_show(residual)}")
        lines.add(
            f"p₀ = r₀ = {_show(residual)}, A·p₀ = {_show(a_p)}",
            f"p₀ = r₀ = {_show(residual)}，A·p₀ = {_show(a_p)}",
        )
        lines.add(f"α₀ = r₀ᵀr₀/(p₀ᵀA·p₀) = {fmt(numerator)}/{fmt(denominator)} = {fmt(alpha)}")
        lines.add(
            f"x₁ = x₀ + α₀·p₀ = {_show(x0)} + {fmt(alpha)}·{_show(residual)} = {_show(answer)}"
        )
        mistakes = [
            _mistake(
                "residual_sign",
                x0 - alpha * residual,
                "You used A·x₀ − b as the direction; the residual b − A·x₀ points downhill.",
                "你把 A·x₀ − b 当成了搜索方向；残差 b − A·x₀ 才是下降方向。",
            ),
            _mistake(
                "unit_step",
                x0 + residual,
                "You stepped a full residual (α = 1); CG takes the exact line-search step "
                "α₀ = r₀ᵀr₀/(p₀ᵀA·p₀).",
                "你直接走了一个完整的残差（α = 1）；CG 的步长是精确线搜索 α₀ = r₀ᵀr₀/(p₀ᵀA·p₀)。",
            ),
            _mistake(
                "alpha_inverted",
                x0 + residual / alpha,
                "You inverted α: it is r₀ᵀr₀ divided by p₀ᵀA·p₀.",
                "你把 α 写反了：应是 r₀ᵀr₀ 除以 p₀ᵀA·p₀。",
            ),
        ]
        return Problem(
            family=family,
            seed=seed,
            prompt=both(
                f"Solve A·x = b with A = {fmt_matrix(matrix)} (symmetric positive definite) and "
                f"b = {_show(rhs)} by the conjugate gradient method, starting from "
                f"x₀ = {_show(x0)}. What is x₁ after one iteration?",
                f"用共轭梯度法求解 A·x = b，其中 A = {fmt_matrix(matrix)}（对称正定），"
                f"b = {_show(rhs)}，初始点 x₀ = {_show(x0)}。迭代一次后 x₁ 是多少？",
            ),
            data={"A": plain(matrix), "b": plain(rhs), "x0": plain(x0)},
            answer=clean(answer),
            kind="vector",
            start=plain(x0),
            hint=both(
                "The first search direction is the residual; the step length minimises the "
                "quadratic along it.",
                "第一个搜索方向就是残差；步长使二次函数沿该方向取到最小。",
            ),
            solution=lines.text(),
            mistakes=tuple(mistakes),
            target_seconds=150,
        )

    return draw_clear(seed, attempt)


def _bfgs(h: np.ndarray, s: np.ndarray, y: np.ndarray) -> np.ndarray:
    rho = 1.0 / float(y @ s)
    v = np.eye(2) - rho * np.outer(y, s)
    return v.T @ h @ v + rho * np.outer(s, s)


def bfgs_update(seed: int, **params: Any) -> Problem:
    """One BFGS update of a 2×2 inverse-Hessian approximation.

    H⁺ = (I − ρ·s·yᵀ)·H·(I − ρ·y·sᵀ) + ρ·s·sᵀ with ρ = 1/(yᵀs) > 0.

    Args:
        seed: the problem's seed.
        **params: none.

    Returns:
        The Problem; the answer is H⁺ (a matrix).
    """
    family = "optim.bfgs.update"
    check_params(family, params, set())

    def attempt(rng: np.random.Generator) -> Problem | None:
        diagonal = (
            [1.0, 1.0] if rng.random() < 0.5 else [float(rng.choice([0.5, 1, 2])) for _ in range(2)]
        )
        h = np.diag(diagonal)
        s = np.array([short(rng, -2, 2, 0.5) for _ in range(2)])
        y = np.array([short(rng, -2, 2, 0.5) for _ in range(2)])
        curvature = float(y @ s)
        if curvature < 0.5 or not np.any(s) or not np.any(y):
            return None
        rho = 1.0 / curvature
        v = np.eye(2) - rho * np.outer(y, s)
        middle = v.T @ h @ v
        correction = rho * np.outer(s, s)
        answer = middle + correction
        hy, hs = h @ y, h @ s
        lines = SolutionLines()
        lines.add(
            f"yᵀs = {fmt(curvature)}, ρ = 1/(yᵀs) = {fmt(rho)}",
            f"yᵀs = {fmt(curvature)}，ρ = 1/(yᵀs) = {fmt(rho)}",
        )
        lines.add(f"V = I − ρ·y·sᵀ = {fmt_matrix(v)}")
        lines.add(f"Vᵀ·H·V = {fmt_matrix(middle)}")
        lines.add(f"ρ·s·sᵀ = {fmt_matrix(correction)}")
        lines.add(f"H⁺ = Vᵀ·H·V + ρ·s·sᵀ = {fmt_matrix(answer)}")
        mistakes = [
            _mistake(
                "dfp_update",
                h - np.outer(hy, hy) / float(y @ hy) + np.outer(s, s) / curvature,
                "That is the DFP update H − H·y·yᵀ·H/(yᵀH·y) + s·sᵀ/(yᵀs), not BFGS.",
                "这是 DFP 更新 H − H·y·yᵀ·H/(yᵀH·y) + s·sᵀ/(yᵀs)，不是 BFGS。",
            ),
            _mistake(
                "direct_hessian_formula",
                h - np.outer(hs, hs) / float(s @ hs) + np.outer(y, y) / curvature,
                "You applied the BFGS update of the Hessian B (B − B·s·sᵀ·B/(sᵀB·s) + y·yᵀ/(yᵀs)) "
                "to the inverse H; the inverse has its own form.",
                "你把海森矩阵 B 的 BFGS 更新公式（B − B·s·sᵀ·B/(sᵀB·s) + y·yᵀ/(yᵀs)）"
                "用在了逆矩阵 H 上；逆海森矩阵的更新公式不同。",
            ),
            _mistake(
                "swapped_s_y",
                _bfgs(h, y, s),
                "You swapped s and y: the update adds ρ·s·sᵀ and sandwiches H between "
                "(I − ρ·s·yᵀ) and (I − ρ·y·sᵀ).",
                "你把 s 和 y 弄反了：应加上 ρ·s·sᵀ，并用 (I − ρ·s·yᵀ) 和 (I − ρ·y·sᵀ) 左右夹住 H。",
            ),
        ]
        return Problem(
            family=family,
            seed=seed,
            prompt=both(
                f"BFGS keeps an approximation H of the inverse Hessian; currently "
                f"H = {fmt_matrix(h)}. The last step was s = x₁ − x₀ = {_show(s)} and the gradient "
                f"changed by y = ∇f(x₁) − ∇f(x₀) = {_show(y)}. What is H after the BFGS update?",
                f"BFGS 维护逆海森矩阵的近似 H，当前 H = {fmt_matrix(h)}。上一步的位移为 "
                f"s = x₁ − x₀ = {_show(s)}，梯度的变化为 y = ∇f(x₁) − ∇f(x₀) = {_show(y)}。"
                "做一次 BFGS 更新后，新的 H 是多少？",
            ),
            data={"H": plain(h), "s": plain(s), "y": plain(y)},
            answer=clean(answer),
            kind="matrix",
            start=plain(h),
            hint=both(
                "Use the inverse-Hessian form with ρ = 1/(yᵀs): "
                "H⁺ = (I − ρ·s·yᵀ)·H·(I − ρ·y·sᵀ) + ρ·s·sᵀ.",
                "使用逆海森矩阵的更新形式，ρ = 1/(yᵀs)："
                "H⁺ = (I − ρ·s·yᵀ)·H·(I − ρ·y·sᵀ) + ρ·s·sᵀ。",
            ),
            solution=lines.text(),
            mistakes=tuple(mistakes),
            target_seconds=180,
        )

    return draw_clear(seed, attempt)


FAMILIES: dict[str, Callable[..., Problem]] = {
    "optim.sgd.step": sgd_step,
    "optim.momentum.step": momentum_step,
    "optim.nesterov.step": nesterov_step,
    "optim.adagrad.step": adagrad_step,
    "optim.rmsprop.step": rmsprop_step,
    "optim.adadelta.step": adadelta_step,
    "optim.adam.step": adam_step,
    "optim.adamw.step": adamw_step,
    "optim.newton.step": newton_step,
    "optim.conjugate_gradient.step": conjugate_gradient_step,
    "optim.bfgs.update": bfgs_update,
}
