"""Implement-it tasks on activations and gradients: a stable softmax, the gradient of
softmax cross-entropy and the softmax Jacobian, checked against :mod:`engine.activations`
and :func:`engine.losses.gradient`."""

from __future__ import annotations

import numpy as np

from engine import activations, losses
from engine.code.compare import Array
from engine.code.task import Case, CodeTask, MistakeVariant
from engine.code.tasks._common import both, case, decimals, labels_for

_UNSTABLE = both(
    "exp overflows for large inputs (e^10000 is inf) and inf/inf is nan. Subtract the "
    "maximum along the softmax axis first; the result does not change.",
    "输入很大时 exp 会溢出（e^10000 为 inf），inf/inf 为 nan。先减去 softmax 轴上的最大值；"
    "结果不变。",
)

# --------------------------------------------------------------------------- softmax


def _softmax(x):
    shifted = x - x.max(axis=-1, keepdims=True)
    exps = np.exp(shifted)
    return exps / exps.sum(axis=-1, keepdims=True)


def _softmax_unstable(x):
    exps = np.exp(x)
    return exps / exps.sum(axis=-1, keepdims=True)


def _softmax_wrong_axis(x):
    shifted = x - x.max(axis=0, keepdims=True)
    exps = np.exp(shifted)
    return exps / exps.sum(axis=0, keepdims=True)


def _softmax_not_normalised(x):
    return np.exp(x - x.max(axis=-1, keepdims=True))


def _softmax_draw(rng: np.random.Generator) -> list[Case]:
    return [
        case(
            "a vector of 5 values in [−3, 3]",
            "5 个 [−3, 3] 内的值组成的向量",
            decimals(rng, 5, -3, 3),
        ),
        case(
            "a 3×4 batch (softmax of each row)",
            "3×4 的批量（对每行做 softmax）",
            decimals(rng, (3, 4), -3, 3),
        ),
    ]


def _softmax_edges() -> list[Case]:
    return [
        case(
            "rows with values of ±1e4",
            "包含 ±1e4 的行",
            np.array([[1e4, 0.0, -1e4], [-1e4, -1e4, -1e4 + 1.0]]),
        ),
        case("a row of equal values", "值全部相等的一行", np.array([[2.0, 2.0, 2.0, 2.0]])),
    ]


SOFTMAX = CodeTask(
    id="code.softmax",
    topic="gradients",
    title=both("Stable softmax", "数值稳定的 softmax"),
    statement=both(
        "Write softmax(x): the softmax over the last axis of a float array (a vector, or a "
        "batch with one row per sample), e^{x_i} / Σ_j e^{x_j}. Return an array of the same "
        "shape; it must stay finite for inputs as large as ±1e4.",
        "实现 softmax(x)：对浮点数组的最后一个轴做 softmax（向量，或每行一个样本的批量），"
        "即 e^{x_i} / Σ_j e^{x_j}。返回形状相同的数组；输入大到 ±1e4 时结果也必须有限。",
    ),
    signature="softmax(x) -> ndarray",
    docstring=both(
        "Softmax over the last axis.\n\nArgs:\n    x: float array, classes on the last axis.\n\n"
        "Returns:\n    probabilities, same shape, each row summing to 1.",
        "在最后一个轴上做 softmax。\n\n参数：\n    x：浮点数组，类别在最后一个轴上。\n\n"
        "返回：\n    概率，形状相同，每行和为 1。",
    ),
    hint=both(
        "softmax(x) = softmax(x − c) for any c; take c = max along the last axis "
        "(keepdims=True keeps the shapes broadcastable).",
        "对任意 c 有 softmax(x) = softmax(x − c)；取 c 为最后一个轴上的最大值"
        "（keepdims=True 保持形状可广播）。",
    ),
    reference=activations.softmax,
    solution=_softmax,
    draw=_softmax_draw,
    edge_cases=_softmax_edges,
    result=Array(),
    mistakes=(
        MistakeVariant("unstable_softmax", _UNSTABLE, (_softmax_unstable,)),
        MistakeVariant(
            "wrong_axis",
            both(
                "You normalised over axis 0 (across the samples); softmax is over the last "
                "axis, within each row.",
                "你在 axis 0（跨样本）上做了归一化；softmax 应在最后一个轴、每一行内进行。",
            ),
            (_softmax_wrong_axis,),
        ),
        MistakeVariant(
            "not_normalized",
            both(
                "The exponentials must be divided by their sum along the last axis.",
                "指数项必须除以它们在最后一个轴上的和。",
            ),
            (_softmax_not_normalised,),
        ),
    ),
)

# --------------------------------------------------------------------------- cross-entropy gradient


def _softmax_cross_entropy_grad(logits, labels):
    shifted = logits - logits.max(axis=1, keepdims=True)
    probs = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)
    one_hot = np.zeros_like(probs)
    one_hot[np.arange(len(labels)), labels] = 1.0
    return (probs - one_hot) / len(labels)


def _sce_grad_no_mean(logits, labels):
    shifted = logits - logits.max(axis=1, keepdims=True)
    probs = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)
    one_hot = np.zeros_like(probs)
    one_hot[np.arange(len(labels)), labels] = 1.0
    return probs - one_hot


def _sce_grad_sign(logits, labels):
    shifted = logits - logits.max(axis=1, keepdims=True)
    probs = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)
    one_hot = np.zeros_like(probs)
    one_hot[np.arange(len(labels)), labels] = 1.0
    return (one_hot - probs) / len(labels)


def _sce_grad_unstable(logits, labels):
    probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    one_hot = np.zeros_like(probs)
    one_hot[np.arange(len(labels)), labels] = 1.0
    return (probs - one_hot) / len(labels)


def _sce_grad_reference(logits, labels):
    return losses.gradient("sparse_categorical_crossentropy", labels, logits, from_logits=True)


def _sce_grad_draw(rng: np.random.Generator) -> list[Case]:
    cases = []
    for samples, classes in ((4, 3), (2, 5)):
        cases.append(
            case(
                f"{samples} samples, {classes} classes, logits in [−3, 3]",
                f"{samples} 个样本，{classes} 个类别，logits 在 [−3, 3] 内",
                decimals(rng, (samples, classes), -3.0, 3.0),
                labels_for(rng, samples, classes),
            )
        )
    return cases


def _sce_grad_edges() -> list[Case]:
    return [
        case(
            "large logits (±1e4)",
            "很大的 logits（±1e4）",
            np.array([[1e4, -1e4, 0.0], [0.0, 1e4, 1e4]]),
            np.array([1, 2]),
        ),
    ]


SOFTMAX_CROSS_ENTROPY_GRAD = CodeTask(
    id="code.softmax_cross_entropy_grad",
    topic="gradients",
    title=both("Gradient of softmax cross-entropy", "Softmax 交叉熵的梯度"),
    statement=both(
        "Write softmax_cross_entropy_grad(logits, labels): the gradient, with respect to "
        "logits (n, k), of the mean softmax cross-entropy of code.softmax_cross_entropy. "
        "labels is an int array (n,). Return a float array (n, k). It must stay finite for "
        "logits as large as ±1e4.",
        "实现 softmax_cross_entropy_grad(logits, labels)：code.softmax_cross_entropy 中平均 "
        "softmax 交叉熵对 logits (n, k) 的梯度。labels 是形状为 (n,) 的整数数组。"
        "返回形状为 (n, k) 的浮点数组；logits 大到 ±1e4 时也必须有限。",
    ),
    signature="softmax_cross_entropy_grad(logits, labels) -> ndarray",
    docstring=both(
        "d(mean cross-entropy)/d logits.\n\nArgs:\n    logits: float array (n, k).\n"
        "    labels: int array (n,).\n\nReturns:\n    the gradient, float array (n, k).",
        "平均交叉熵对 logits 的梯度。\n\n参数：\n    logits：形状 (n, k) 的浮点数组。\n"
        "    labels：形状 (n,) 的整数数组。\n\n返回：\n    梯度，形状 (n, k) 的浮点数组。",
    ),
    hint=both(
        "For one sample, d(−log softmax(z)_y)/dz = softmax(z) − onehot(y); the mean over "
        "n samples divides each row by n.",
        "对单个样本，d(−log softmax(z)_y)/dz = softmax(z) − onehot(y)；对 n 个样本取平均，"
        "每行再除以 n。",
    ),
    reference=_sce_grad_reference,
    solution=_softmax_cross_entropy_grad,
    draw=_sce_grad_draw,
    edge_cases=_sce_grad_edges,
    result=Array(),
    mistakes=(
        MistakeVariant(
            "missing_mean",
            both(
                "The loss is a mean over n samples, so its gradient carries 1/n.",
                "损失是 n 个样本的平均，所以梯度要带上 1/n。",
            ),
            (_sce_grad_no_mean,),
        ),
        MistakeVariant(
            "sign_flipped",
            both(
                "The sign is flipped: it is softmax − onehot (raising the true logit lowers "
                "the loss).",
                "符号反了：应为 softmax − onehot（增大真实类别的 logit 会降低损失）。",
            ),
            (_sce_grad_sign,),
        ),
        MistakeVariant("unstable_softmax", _UNSTABLE, (_sce_grad_unstable,)),
    ),
)

# --------------------------------------------------------------------------- softmax Jacobian


def _softmax_jacobian(x):
    s = np.exp(x - x.max())
    s = s / s.sum()
    return np.diag(s) - np.outer(s, s)


def _jacobian_diagonal_only(x):
    s = np.exp(x - x.max())
    s = s / s.sum()
    return np.diag(s * (1 - s))


def _jacobian_missing_diagonal(x):
    s = np.exp(x - x.max())
    s = s / s.sum()
    return -np.outer(s, s)


def _jacobian_sign(x):
    s = np.exp(x - x.max())
    s = s / s.sum()
    return np.outer(s, s) - np.diag(s)


def _jacobian_unstable(x):
    s = np.exp(x) / np.exp(x).sum()
    return np.diag(s) - np.outer(s, s)


def _jacobian_draw(rng: np.random.Generator) -> list[Case]:
    return [
        case(
            "a vector of 3 values in [−2, 2]",
            "3 个 [−2, 2] 内的值组成的向量",
            decimals(rng, 3, -2, 2),
        ),
        case(
            "a vector of 5 values in [−3, 3]",
            "5 个 [−3, 3] 内的值组成的向量",
            decimals(rng, 5, -3, 3),
        ),
    ]


def _jacobian_edges() -> list[Case]:
    return [
        case("values near 1000", "接近 1000 的值", np.array([1000.0, 999.0, 998.5])),
    ]


SOFTMAX_JACOBIAN = CodeTask(
    id="code.softmax_jacobian",
    topic="gradients",
    title=both("Softmax Jacobian", "Softmax 的雅可比矩阵"),
    statement=both(
        "Write softmax_jacobian(x): for a vector x of length C, the C×C Jacobian of "
        "s = softmax(x), J[i, j] = ∂s_i/∂x_j. Return a float array (C, C); it must stay "
        "finite for inputs near 1000.",
        "实现 softmax_jacobian(x)：对长度为 C 的向量 x，返回 s = softmax(x) 的 C×C "
        "雅可比矩阵 J[i, j] = ∂s_i/∂x_j（形状 (C, C) 的浮点数组）；输入接近 1000 时也必须有限。",
    ),
    signature="softmax_jacobian(x) -> ndarray",
    docstring=both(
        "Jacobian of softmax at x.\n\nArgs:\n    x: float vector (C,).\n\n"
        "Returns:\n    J, float array (C, C), J[i, j] = d s_i / d x_j.",
        "softmax 在 x 处的雅可比矩阵。\n\n参数：\n    x：长度为 C 的浮点向量。\n\n"
        "返回：\n    J，形状 (C, C) 的浮点数组，J[i, j] = d s_i / d x_j。",
    ),
    hint=both(
        "∂s_i/∂x_j = s_i(δ_ij − s_j): a diagonal matrix minus an outer product.",
        "∂s_i/∂x_j = s_i(δ_ij − s_j)：一个对角矩阵减去一个外积。",
    ),
    reference=lambda x: activations.derivative("softmax", x),
    solution=_softmax_jacobian,
    draw=_jacobian_draw,
    edge_cases=_jacobian_edges,
    result=Array(),
    mistakes=(
        MistakeVariant(
            "diagonal_only",
            both(
                "Every output depends on every input: the off-diagonal entries −s_i·s_j are "
                "missing.",
                "每个输出都依赖每个输入：缺少非对角元素 −s_i·s_j。",
            ),
            (_jacobian_diagonal_only,),
        ),
        MistakeVariant(
            "missing_diagonal",
            both(
                "The diagonal needs its own term: J = diag(s) − s·sᵀ.",
                "对角线有自己的一项：J = diag(s) − s·sᵀ。",
            ),
            (_jacobian_missing_diagonal,),
        ),
        MistakeVariant(
            "sign_flipped",
            both(
                "The sign is flipped: J = diag(s) − s·sᵀ (the diagonal is positive).",
                "符号反了：J = diag(s) − s·sᵀ（对角线为正）。",
            ),
            (_jacobian_sign,),
        ),
        MistakeVariant("unstable_softmax", _UNSTABLE, (_jacobian_unstable,)),
    ),
)

TASKS = (SOFTMAX, SOFTMAX_CROSS_ENTROPY_GRAD, SOFTMAX_JACOBIAN)
