"""Implement-it tasks on optimizer steps (Adam, SGD with momentum, RMSprop, Adagrad),
checked against :func:`engine.optim.step` (``torch.optim``'s update rules)."""

from __future__ import annotations

import numpy as np

from engine import optim
from engine.code.compare import Array, Group
from engine.code.task import Case, CodeTask, MistakeVariant
from engine.code.tasks._common import both, case, decimals

_EPS_INSIDE = both(
    "ε goes after the square root: sqrt(v) + ε, not sqrt(v + ε). The two differ when the "
    "gradients are tiny.",
    "ε 加在平方根之后：sqrt(v) + ε，而不是 sqrt(v + ε)。梯度很小时两者差别很大。",
)
_SIGN = both(
    "The step goes against the gradient: θ − lr·(…), not θ + lr·(…).",
    "更新方向与梯度相反：θ − lr·(…)，而不是 θ + lr·(…)。",
)
_MISSING_SQRT = both(
    "Divide by the square root of the running average of g², not by the average itself.",
    "要除以 g² 累计量的平方根，而不是累计量本身。",
)


# --------------------------------------------------------------------------- Adam


def _adam_step(theta, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad**2
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    theta = theta - lr * m_hat / (np.sqrt(v_hat) + eps)
    return theta, m, v


def _adam_no_bias_correction(theta, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad**2
    theta = theta - lr * m / (np.sqrt(v) + eps)
    return theta, m, v


def _adam_eps_inside(theta, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad**2
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    theta = theta - lr * m_hat / np.sqrt(v_hat + eps)
    return theta, m, v


def _adam_step_off_by_one(theta, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad**2
    m_hat = m / (1 - beta1 ** (t + 1))
    v_hat = v / (1 - beta2 ** (t + 1))
    theta = theta - lr * m_hat / (np.sqrt(v_hat) + eps)
    return theta, m, v


def _adam_sign(theta, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad**2
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    theta = theta + lr * m_hat / (np.sqrt(v_hat) + eps)
    return theta, m, v


def _adam_reference(theta, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    state = {"step": t - 1, "exp_avg": m, "exp_avg_sq": v}
    new_theta, new_state = optim.step(
        "adam", theta, grad, state, lr=lr, betas=(beta1, beta2), eps=eps
    )
    return new_theta, new_state["exp_avg"], new_state["exp_avg_sq"]


def _adam_draw(rng: np.random.Generator) -> list[Case]:
    t = int(rng.integers(3, 11))
    return [
        case(
            f"4 parameters at step t = {t}, default hyperparameters",
            f"4 个参数，第 t = {t} 步，默认超参数",
            decimals(rng, 4, -2, 2),
            decimals(rng, 4, -1, 1),
            decimals(rng, 4, -0.1, 0.1, 0.01),
            decimals(rng, 4, 0.001, 0.01, 0.001),
            t,
        ),
        case(
            "2×3 parameters at step t = 4, lr = 0.01, beta1 = 0.8",
            "2×3 个参数，第 t = 4 步，lr = 0.01，beta1 = 0.8",
            decimals(rng, (2, 3), -2, 2),
            decimals(rng, (2, 3), -1, 1),
            decimals(rng, (2, 3), -0.1, 0.1, 0.01),
            decimals(rng, (2, 3), 0.001, 0.01, 0.001),
            4,
            lr=0.01,
            beta1=0.8,
        ),
    ]


def _adam_edges() -> list[Case]:
    zeros = np.zeros(3)
    return [
        case(
            "the first step, t = 1, from m = v = 0",
            "第一步 t = 1，m = v = 0",
            np.array([1.0, -0.5, 2.0]),
            np.array([0.2, -0.4, 0.1]),
            zeros,
            zeros,
            1,
        ),
        case(
            "tiny gradients (1e-6) at t = 1: where ε goes matters",
            "极小的梯度（1e-6），t = 1：ε 的位置很关键",
            np.array([0.5, 0.5, 0.5]),
            np.array([1e-6, -2e-6, 3e-6]),
            zeros,
            zeros,
            1,
        ),
        case(
            "zero gradients at t = 5 with moments from earlier steps",
            "第 t = 5 步梯度为零，动量来自之前的步骤",
            np.array([1.0, 2.0, 3.0]),
            zeros,
            np.array([0.05, -0.02, 0.0]),
            np.array([0.004, 0.001, 0.0]),
            5,
        ),
    ]


ADAM_STEP = CodeTask(
    id="code.adam_step",
    topic="optimizers",
    title=both("One Adam step", "Adam 的一步更新"),
    statement=both(
        "Write adam_step(theta, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8): "
        "one update of torch.optim.Adam. t is the step number, starting at 1. Update the "
        "moments m ← β1·m + (1 − β1)·g and v ← β2·v + (1 − β2)·g², bias-correct them "
        "(m̂ = m / (1 − β1^t), v̂ = v / (1 − β2^t)), and return (theta − lr·m̂ / (sqrt(v̂) + eps), "
        "m, v), with ε added after the square root.",
        "实现 adam_step(theta, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8)："
        "torch.optim.Adam 的一次更新。t 是步数，从 1 开始。更新动量 m ← β1·m + (1 − β1)·g、"
        "v ← β2·v + (1 − β2)·g²，做偏差修正（m̂ = m / (1 − β1^t)，v̂ = v / (1 − β2^t)），"
        "返回 (theta − lr·m̂ / (sqrt(v̂) + eps), m, v)，ε 加在平方根之后。",
    ),
    signature=(
        "adam_step(theta, grad, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8) "
        "-> (theta, m, v)"
    ),
    docstring=both(
        "One Adam update (torch.optim.Adam).\n\nArgs:\n    theta: parameters (float array).\n"
        "    grad: gradient at theta, same shape.\n    m, v: first and second moments "
        "before this step.\n    t: this step's number, starting at 1.\n\n"
        "Returns:\n    (new theta, new m, new v).",
        "Adam 的一次更新（torch.optim.Adam）。\n\n参数：\n    theta：参数（浮点数组）。\n"
        "    grad：theta 处的梯度，形状相同。\n    m, v：本步之前的一阶、二阶矩。\n"
        "    t：本步的步数，从 1 开始。\n\n返回：\n    (新 theta, 新 m, 新 v)。",
    ),
    hint=both(
        "Return the raw moments m and v (they are the state for the next step); use the "
        "bias-corrected m̂ and v̂ only in the update of theta.",
        "返回未修正的 m 和 v（它们是下一步的状态）；只在更新 theta 时使用修正后的 m̂ 和 v̂。",
    ),
    reference=_adam_reference,
    solution=_adam_step,
    draw=_adam_draw,
    edge_cases=_adam_edges,
    result=Group((Array(), Array(), Array())),
    mistakes=(
        MistakeVariant(
            "no_bias_correction",
            both(
                "The moments start at 0, so early on they are too small: divide m by "
                "1 − β1^t and v by 1 − β2^t before the update.",
                "动量从 0 开始，早期会偏小：更新前要把 m 除以 1 − β1^t、v 除以 1 − β2^t。",
            ),
            (_adam_no_bias_correction,),
        ),
        MistakeVariant("eps_inside_sqrt", _EPS_INSIDE, (_adam_eps_inside,)),
        MistakeVariant(
            "step_off_by_one",
            both(
                "t is already this step's number (1 on the first step): use β^t, not β^(t+1).",
                "t 已经是本步的步数（第一步为 1）：用 β^t，而不是 β^(t+1)。",
            ),
            (_adam_step_off_by_one,),
        ),
        MistakeVariant("sign_flipped", _SIGN, (_adam_sign,)),
    ),
)

# --------------------------------------------------------------------------- SGD with momentum


def _sgd_momentum_step(theta, grad, buf, lr=0.01, momentum=0.9):
    buf = momentum * buf + grad
    theta = theta - lr * buf
    return theta, buf


def _momentum_dampened(theta, grad, buf, lr=0.01, momentum=0.9):
    buf = momentum * buf + (1 - momentum) * grad
    theta = theta - lr * buf
    return theta, buf


def _momentum_lr_inside(theta, grad, buf, lr=0.01, momentum=0.9):
    buf = momentum * buf + lr * grad
    theta = theta - buf
    return theta, buf


def _momentum_sign(theta, grad, buf, lr=0.01, momentum=0.9):
    buf = momentum * buf + grad
    theta = theta + lr * buf
    return theta, buf


def _momentum_stale(theta, grad, buf, lr=0.01, momentum=0.9):
    theta = theta - lr * buf
    buf = momentum * buf + grad
    return theta, buf


def _momentum_reference(theta, grad, buf, lr=0.01, momentum=0.9):
    state = {"step": 1, "momentum_buffer": buf}
    new_theta, new_state = optim.step("momentum", theta, grad, state, lr=lr, momentum=momentum)
    return new_theta, new_state["momentum_buffer"]


def _momentum_draw(rng: np.random.Generator) -> list[Case]:
    return [
        case(
            "4 parameters with a buffer from earlier steps, defaults",
            "4 个参数，缓冲来自之前的步骤，默认超参数",
            decimals(rng, 4, -2, 2),
            decimals(rng, 4, -1, 1),
            decimals(rng, 4, -1, 1),
        ),
        case(
            "2×2 parameters, lr = 0.1, momentum = 0.5",
            "2×2 个参数，lr = 0.1，momentum = 0.5",
            decimals(rng, (2, 2), -2, 2),
            decimals(rng, (2, 2), -1, 1),
            decimals(rng, (2, 2), -1, 1),
            lr=0.1,
            momentum=0.5,
        ),
    ]


def _momentum_edges() -> list[Case]:
    return [
        case(
            "the first step: the buffer is 0",
            "第一步：缓冲为 0",
            np.array([1.0, 2.0]),
            np.array([0.5, -1.0]),
            np.zeros(2),
        ),
        case(
            "a zero gradient: the buffer alone moves θ",
            "梯度为零：只有缓冲推动 θ",
            np.array([1.0, 2.0]),
            np.zeros(2),
            np.array([0.4, -0.2]),
        ),
    ]


SGD_MOMENTUM_STEP = CodeTask(
    id="code.sgd_momentum_step",
    topic="optimizers",
    title=both("One SGD-with-momentum step", "带动量 SGD 的一步更新"),
    statement=both(
        "Write sgd_momentum_step(theta, grad, buf, lr=0.01, momentum=0.9): one update of "
        "torch.optim.SGD with momentum (no dampening, no Nesterov): buf ← μ·buf + g, then "
        "θ ← θ − lr·buf. Return (theta, buf).",
        "实现 sgd_momentum_step(theta, grad, buf, lr=0.01, momentum=0.9)：带动量的 "
        "torch.optim.SGD 的一次更新（无 dampening，非 Nesterov）：buf ← μ·buf + g，"
        "然后 θ ← θ − lr·buf。返回 (theta, buf)。",
    ),
    signature="sgd_momentum_step(theta, grad, buf, lr=0.01, momentum=0.9) -> (theta, buf)",
    docstring=both(
        "One SGD-with-momentum update (torch.optim.SGD).\n\nArgs:\n"
        "    theta: parameters (float array).\n    grad: gradient, same shape.\n"
        "    buf: momentum buffer before this step (zeros on the first).\n\n"
        "Returns:\n    (new theta, new buf).",
        "带动量 SGD 的一次更新（torch.optim.SGD）。\n\n参数：\n"
        "    theta：参数（浮点数组）。\n    grad：梯度，形状相同。\n"
        "    buf：本步之前的动量缓冲（第一步为零）。\n\n返回：\n    (新 theta, 新 buf)。",
    ),
    hint=both(
        "PyTorch keeps lr out of the buffer: the buffer accumulates raw gradients and lr "
        "scales the step.",
        "PyTorch 不把 lr 放进缓冲：缓冲累积原始梯度，lr 只缩放这一步。",
    ),
    reference=_momentum_reference,
    solution=_sgd_momentum_step,
    draw=_momentum_draw,
    edge_cases=_momentum_edges,
    result=Group((Array(), Array())),
    mistakes=(
        MistakeVariant(
            "dampened_buffer",
            both(
                "PyTorch adds the whole gradient to the buffer (dampening 0): "
                "μ·buf + g, not μ·buf + (1 − μ)·g.",
                "PyTorch 把整个梯度加进缓冲（dampening 为 0）："
                "μ·buf + g，而不是 μ·buf + (1 − μ)·g。",
            ),
            (_momentum_dampened,),
        ),
        MistakeVariant(
            "lr_inside_buffer",
            both(
                "You put lr inside the buffer (μ·buf + lr·g); PyTorch's buffer holds raw "
                "gradients and the step is lr·buf.",
                "你把 lr 放进了缓冲（μ·buf + lr·g）；PyTorch 的缓冲存原始梯度，步长是 lr·buf。",
            ),
            (_momentum_lr_inside,),
        ),
        MistakeVariant("sign_flipped", _SIGN, (_momentum_sign,)),
        MistakeVariant(
            "stale_buffer",
            both(
                "Update the buffer first, then step with the new buffer.",
                "先更新缓冲，再用新缓冲更新参数。",
            ),
            (_momentum_stale,),
        ),
    ),
)

# --------------------------------------------------------------------------- RMSprop


def _rmsprop_step(theta, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    square_avg = alpha * square_avg + (1 - alpha) * grad**2
    theta = theta - lr * grad / (np.sqrt(square_avg) + eps)
    return theta, square_avg


def _rmsprop_eps_inside(theta, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    square_avg = alpha * square_avg + (1 - alpha) * grad**2
    theta = theta - lr * grad / np.sqrt(square_avg + eps)
    return theta, square_avg


def _rmsprop_alpha_swapped(theta, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    square_avg = (1 - alpha) * square_avg + alpha * grad**2
    theta = theta - lr * grad / (np.sqrt(square_avg) + eps)
    return theta, square_avg


def _rmsprop_missing_sqrt(theta, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    square_avg = alpha * square_avg + (1 - alpha) * grad**2
    theta = theta - lr * grad / (square_avg + eps)
    return theta, square_avg


def _rmsprop_stale(theta, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    theta = theta - lr * grad / (np.sqrt(square_avg) + eps)
    square_avg = alpha * square_avg + (1 - alpha) * grad**2
    return theta, square_avg


def _rmsprop_reference(theta, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8):
    state = {"step": 1, "square_avg": square_avg}
    new_theta, new_state = optim.step("rmsprop", theta, grad, state, lr=lr, alpha=alpha, eps=eps)
    return new_theta, new_state["square_avg"]


def _rmsprop_draw(rng: np.random.Generator) -> list[Case]:
    return [
        case(
            "4 parameters with an average from earlier steps, defaults",
            "4 个参数，平均值来自之前的步骤，默认超参数",
            decimals(rng, 4, -2, 2),
            decimals(rng, 4, -1, 1),
            decimals(rng, 4, 0.01, 0.5, 0.01),
        ),
        case(
            "2×2 parameters, lr = 0.001, alpha = 0.9",
            "2×2 个参数，lr = 0.001，alpha = 0.9",
            decimals(rng, (2, 2), -2, 2),
            decimals(rng, (2, 2), -1, 1),
            decimals(rng, (2, 2), 0.01, 0.5, 0.01),
            lr=0.001,
            alpha=0.9,
        ),
    ]


def _rmsprop_edges() -> list[Case]:
    return [
        case(
            "the first step from a zero average",
            "从零平均值开始的第一步",
            np.array([1.0, -1.0]),
            np.array([0.3, -0.6]),
            np.zeros(2),
        ),
        case(
            "tiny gradients (1e-5) from a zero average: where ε goes matters",
            "极小的梯度（1e-5），平均值为零：ε 的位置很关键",
            np.array([0.5, 0.5]),
            np.array([1e-5, -3e-5]),
            np.zeros(2),
        ),
    ]


RMSPROP_STEP = CodeTask(
    id="code.rmsprop_step",
    topic="optimizers",
    title=both("One RMSprop step", "RMSprop 的一步更新"),
    statement=both(
        "Write rmsprop_step(theta, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8): one "
        "update of torch.optim.RMSprop (not centered, no momentum): "
        "square_avg ← α·square_avg + (1 − α)·g², then θ ← θ − lr·g / (sqrt(square_avg) + eps). "
        "Return (theta, square_avg).",
        "实现 rmsprop_step(theta, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8)："
        "torch.optim.RMSprop 的一次更新（非 centered，无动量）："
        "square_avg ← α·square_avg + (1 − α)·g²，然后 θ ← θ − lr·g / (sqrt(square_avg) + eps)。"
        "返回 (theta, square_avg)。",
    ),
    signature=(
        "rmsprop_step(theta, grad, square_avg, lr=0.01, alpha=0.99, eps=1e-8) "
        "-> (theta, square_avg)"
    ),
    docstring=both(
        "One RMSprop update (torch.optim.RMSprop).\n\nArgs:\n    theta: parameters.\n"
        "    grad: gradient, same shape.\n"
        "    square_avg: running average of g² before this step.\n\n"
        "Returns:\n    (new theta, new square_avg).",
        "RMSprop 的一次更新（torch.optim.RMSprop）。\n\n参数：\n    theta：参数。\n"
        "    grad：梯度，形状相同。\n    square_avg：本步之前 g² 的滑动平均。\n\n"
        "返回：\n    (新 theta, 新 square_avg)。",
    ),
    hint=both(
        "Update the average with this step's g² first, then divide by its square root plus ε.",
        "先用本步的 g² 更新平均值，再除以它的平方根加 ε。",
    ),
    reference=_rmsprop_reference,
    solution=_rmsprop_step,
    draw=_rmsprop_draw,
    edge_cases=_rmsprop_edges,
    result=Group((Array(), Array())),
    mistakes=(
        MistakeVariant("eps_inside_sqrt", _EPS_INSIDE, (_rmsprop_eps_inside,)),
        MistakeVariant(
            "alpha_inverted",
            both(
                "α weighs the old average: α·square_avg + (1 − α)·g², not the other way round.",
                "α 是旧平均值的权重：α·square_avg + (1 − α)·g²，不要颠倒。",
            ),
            (_rmsprop_alpha_swapped,),
        ),
        MistakeVariant("missing_sqrt", _MISSING_SQRT, (_rmsprop_missing_sqrt,)),
        MistakeVariant(
            "stale_accumulator",
            both(
                "Update the average with this step's g² before dividing by it.",
                "先用本步的 g² 更新平均值，再用它做除数。",
            ),
            (_rmsprop_stale,),
        ),
    ),
)

# --------------------------------------------------------------------------- Adagrad


def _adagrad_step(theta, grad, sum_sq, lr=0.01, eps=1e-10):
    sum_sq = sum_sq + grad**2
    theta = theta - lr * grad / (np.sqrt(sum_sq) + eps)
    return theta, sum_sq


def _adagrad_stale(theta, grad, sum_sq, lr=0.01, eps=1e-10):
    theta = theta - lr * grad / (np.sqrt(sum_sq) + eps)
    sum_sq = sum_sq + grad**2
    return theta, sum_sq


def _adagrad_missing_sqrt(theta, grad, sum_sq, lr=0.01, eps=1e-10):
    sum_sq = sum_sq + grad**2
    theta = theta - lr * grad / (sum_sq + eps)
    return theta, sum_sq


def _adagrad_eps_inside(theta, grad, sum_sq, lr=0.01, eps=1e-10):
    sum_sq = sum_sq + grad**2
    theta = theta - lr * grad / np.sqrt(sum_sq + eps)
    return theta, sum_sq


def _adagrad_not_accumulated(theta, grad, sum_sq, lr=0.01, eps=1e-10):
    sum_sq = grad**2
    theta = theta - lr * grad / (np.sqrt(sum_sq) + eps)
    return theta, sum_sq


def _adagrad_reference(theta, grad, sum_sq, lr=0.01, eps=1e-10):
    new_theta, new_state = optim.step(
        "adagrad", theta, grad, {"step": 0, "sum": sum_sq}, lr=lr, eps=eps
    )
    return new_theta, new_state["sum"]


def _adagrad_draw(rng: np.random.Generator) -> list[Case]:
    return [
        case(
            "4 parameters with a sum from earlier steps, defaults",
            "4 个参数，累计和来自之前的步骤，默认超参数",
            decimals(rng, 4, -2, 2),
            decimals(rng, 4, -1, 1),
            decimals(rng, 4, 0.1, 3.0),
        ),
        case(
            "2×3 parameters, lr = 0.1",
            "2×3 个参数，lr = 0.1",
            decimals(rng, (2, 3), -2, 2),
            decimals(rng, (2, 3), -1, 1),
            decimals(rng, (2, 3), 0.1, 3.0),
            lr=0.1,
        ),
    ]


def _adagrad_edges() -> list[Case]:
    return [
        case(
            "the first step from a zero sum",
            "从零累计和开始的第一步",
            np.array([1.0, -1.0, 0.0]),
            np.array([0.5, -0.2, 0.8]),
            np.zeros(3),
        ),
        case(
            "tiny gradients (1e-6) from a zero sum: where ε goes matters",
            "极小的梯度（1e-6），累计和为零：ε 的位置很关键",
            np.array([0.5, 0.5]),
            np.array([1e-6, -2e-6]),
            np.zeros(2),
        ),
        case(
            "a zero gradient: θ stays where it is",
            "梯度为零：θ 保持不变",
            np.array([1.0, 2.0]),
            np.zeros(2),
            np.array([0.5, 1.5]),
        ),
    ]


ADAGRAD_STEP = CodeTask(
    id="code.adagrad_step",
    topic="optimizers",
    title=both("One Adagrad step", "Adagrad 的一步更新"),
    statement=both(
        "Write adagrad_step(theta, grad, sum_sq, lr=0.01, eps=1e-10): one update of "
        "torch.optim.Adagrad (no decay): sum_sq ← sum_sq + g², then "
        "θ ← θ − lr·g / (sqrt(sum_sq) + eps). Return (theta, sum_sq).",
        "实现 adagrad_step(theta, grad, sum_sq, lr=0.01, eps=1e-10)：torch.optim.Adagrad "
        "的一次更新（无衰减）：sum_sq ← sum_sq + g²，然后 θ ← θ − lr·g / (sqrt(sum_sq) + eps)。"
        "返回 (theta, sum_sq)。",
    ),
    signature="adagrad_step(theta, grad, sum_sq, lr=0.01, eps=1e-10) -> (theta, sum_sq)",
    docstring=both(
        "One Adagrad update (torch.optim.Adagrad).\n\nArgs:\n    theta: parameters.\n"
        "    grad: gradient, same shape.\n    sum_sq: sum of every earlier g².\n\n"
        "Returns:\n    (new theta, new sum_sq).",
        "Adagrad 的一次更新（torch.optim.Adagrad）。\n\n参数：\n    theta：参数。\n"
        "    grad：梯度，形状相同。\n    sum_sq：之前所有 g² 的累计和。\n\n"
        "返回：\n    (新 theta, 新 sum_sq)。",
    ),
    hint=both(
        "The sum includes this step's g² before it divides, so the first step from zero has "
        "size lr (up to ε).",
        "做除法前累计和已包含本步的 g²，所以从零开始的第一步步长约为 lr（忽略 ε）。",
    ),
    reference=_adagrad_reference,
    solution=_adagrad_step,
    draw=_adagrad_draw,
    edge_cases=_adagrad_edges,
    result=Group((Array(), Array())),
    mistakes=(
        MistakeVariant(
            "stale_accumulator",
            both(
                "Add this step's g² to the sum before dividing by it (on the first step the "
                "old sum is 0 and the step explodes).",
                "先把本步的 g² 加进累计和，再用它做除数（第一步旧的累计和为 0，步长会爆炸）。",
            ),
            (_adagrad_stale,),
        ),
        MistakeVariant("missing_sqrt", _MISSING_SQRT, (_adagrad_missing_sqrt,)),
        MistakeVariant("eps_inside_sqrt", _EPS_INSIDE, (_adagrad_eps_inside,)),
        MistakeVariant(
            "not_accumulated",
            both(
                "Adagrad sums every g² so far (sum_sq + g²); keeping only this step's g² "
                "forgets the history.",
                "Adagrad 累加迄今所有的 g²（sum_sq + g²）；只保留本步的 g² 会丢掉历史。",
            ),
            (_adagrad_not_accumulated,),
        ),
    ),
)

TASKS = (ADAM_STEP, SGD_MOMENTUM_STEP, RMSPROP_STEP, ADAGRAD_STEP)
