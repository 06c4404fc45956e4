"""Implement-it tasks on losses: softmax cross-entropy, Huber, binary cross-entropy,
log-cosh and hinge, each checked against :mod:`engine.losses` (Keras's definitions)."""

from __future__ import annotations

import numpy as np

from engine import losses
from engine.code.compare import Number
from engine.code.task import Case, CodeTask, MistakeVariant
from engine.code.tasks._common import both, case, decimals, labels_for

# --------------------------------------------------------------------------- softmax cross-entropy


def _softmax_cross_entropy(logits, labels):
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-log_probs[np.arange(len(labels)), labels].mean())


def _sce_unstable_softmax(logits, labels):
    probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    return float(-np.log(probs[np.arange(len(labels)), labels]).mean())


def _sce_sum(logits, labels):
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-log_probs[np.arange(len(labels)), labels].sum())


def _sce_sign(logits, labels):
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(log_probs[np.arange(len(labels)), labels].mean())


def _sce_no_softmax(logits, labels):
    return float(-logits[np.arange(len(labels)), labels].mean())


def _sce_wrong_axis(logits, labels):
    shifted = logits - logits.max(axis=0, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=0, keepdims=True))
    return float(-log_probs[np.arange(len(labels)), labels].mean())


def _sce_reference(logits, labels):
    return losses.sparse_categorical_crossentropy(labels, logits, from_logits=True)


def _sce_draw(rng: np.random.Generator) -> list[Case]:
    cases = []
    for samples, classes in ((4, 3), (5, 4), (3, 5)):
        logits = decimals(rng, (samples, classes), -3.0, 3.0)
        labels = labels_for(rng, samples, classes)
        cases.append(
            case(
                f"{samples} samples, {classes} classes, logits in [−3, 3]",
                f"{samples} 个样本，{classes} 个类别，logits 在 [−3, 3] 内",
                logits,
                labels,
            )
        )
    return cases


def _sce_edges() -> list[Case]:
    large = np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, 5e3], [2e3, 2e3, -1e4]])
    return [
        case(
            "large logits (±1e4): the loss must stay finite",
            "很大的 logits（±1e4）：损失必须保持有限",
            large,
            np.array([0, 2, 1]),
        ),
        case(
            "one sample, all logits equal (loss = log k)",
            "一个样本，所有 logits 相等（损失 = log k）",
            np.array([[0.5, 0.5, 0.5, 0.5]]),
            np.array([3]),
        ),
    ]


SOFTMAX_CROSS_ENTROPY = CodeTask(
    id="code.softmax_cross_entropy",
    topic="losses",
    title=both("Softmax cross-entropy", "Softmax 交叉熵"),
    statement=both(
        "Write softmax_cross_entropy(logits, labels): logits is a float array (n, k), "
        "labels an int array (n,) of class indices. Return the mean over the n samples of "
        "−log softmax(logits)[i, labels[i]] (natural log) as a float. It must stay finite "
        "for logits as large as ±1e4.",
        "实现 softmax_cross_entropy(logits, labels)：logits 是形状为 (n, k) 的浮点数组，"
        "labels 是形状为 (n,) 的整数类别下标。返回 n 个样本上 "
        "−log softmax(logits)[i, labels[i]]（自然对数）的平均值（float）。"
        "logits 大到 ±1e4 时结果也必须是有限值。",
    ),
    signature="softmax_cross_entropy(logits, labels) -> float",
    docstring=both(
        "Mean softmax cross-entropy.\n\nArgs:\n    logits: float array (n, k).\n"
        "    labels: int array (n,), class indices in [0, k).\n\n"
        "Returns:\n    mean over samples of -log softmax(logits)[i, labels[i]], a float.",
        "平均 softmax 交叉熵。\n\n参数：\n    logits：形状 (n, k) 的浮点数组。\n"
        "    labels：形状 (n,) 的整数数组，类别下标在 [0, k) 内。\n\n"
        "返回：\n    各样本 -log softmax(logits)[i, labels[i]] 的平均值（float）。",
    ),
    hint=both(
        "log softmax(z)_j = z_j − log Σ e^{z_i}; subtract each row's maximum first so no "
        "exponential overflows (the result does not change).",
        "log softmax(z)_j = z_j − log Σ e^{z_i}；先让每行减去该行最大值，"
        "指数就不会溢出（结果不变）。",
    ),
    reference=_sce_reference,
    solution=_softmax_cross_entropy,
    draw=_sce_draw,
    edge_cases=_sce_edges,
    result=Number(),
    mistakes=(
        MistakeVariant(
            "unstable_softmax",
            both(
                "exp(logits) overflows for large logits (e^10000 is inf), giving nan. "
                "Subtract each row's maximum before exponentiating, or use log-sum-exp.",
                "logits 很大时 exp(logits) 会溢出（e^10000 为 inf），结果为 nan。"
                "先让每行减去最大值再取指数，或使用 log-sum-exp。",
            ),
            (_sce_unstable_softmax,),
        ),
        MistakeVariant(
            "sum_instead_of_mean",
            both(
                "You summed the per-sample losses; the loss is their mean (divide by n).",
                "你把每个样本的损失加总了；损失应取平均（除以 n）。",
            ),
            (_sce_sum,),
        ),
        MistakeVariant(
            "sign_flipped",
            both(
                "The sign is flipped: the loss is −log p of the true class, which is ≥ 0.",
                "符号反了：损失是真实类别的 −log p，应当 ≥ 0。",
            ),
            (_sce_sign,),
        ),
        MistakeVariant(
            "softmax_not_applied",
            both(
                "You used the raw logit of the true class; take the log-softmax first.",
                "你直接用了真实类别的原始 logit；应先取 log-softmax。",
            ),
            (_sce_no_softmax,),
        ),
        MistakeVariant(
            "wrong_axis",
            both(
                "The softmax is normalised over the samples (axis 0); it is over the classes "
                "of each sample (axis 1).",
                "softmax 在样本维度（axis 0）上做了归一化；应在每个样本的类别维度（axis 1）上。",
            ),
            (_sce_wrong_axis,),
        ),
    ),
)

# --------------------------------------------------------------------------- Huber


def _huber(y, yhat, delta=1.0):
    error = yhat - y
    quadratic = 0.5 * error**2
    linear = delta * np.abs(error) - 0.5 * delta**2
    return float(np.mean(np.where(np.abs(error) <= delta, quadratic, linear)))


def _huber_sum(y, yhat, delta=1.0):
    error = yhat - y
    quadratic = 0.5 * error**2
    linear = delta * np.abs(error) - 0.5 * delta**2
    return float(np.sum(np.where(np.abs(error) <= delta, quadratic, linear)))


def _huber_missing_half(y, yhat, delta=1.0):
    error = yhat - y
    quadratic = error**2
    linear = delta * np.abs(error) - 0.5 * delta**2
    return float(np.mean(np.where(np.abs(error) <= delta, quadratic, linear)))


def _huber_missing_offset(y, yhat, delta=1.0):
    error = yhat - y
    quadratic = 0.5 * error**2
    linear = delta * np.abs(error)
    return float(np.mean(np.where(np.abs(error) <= delta, quadratic, linear)))


def _huber_quadratic_only(y, yhat, delta=1.0):
    return float(np.mean(0.5 * (yhat - y) ** 2))


def _huber_draw(rng: np.random.Generator) -> list[Case]:
    first = (decimals(rng, (4, 3), -2.0, 2.0), decimals(rng, (4, 3), -2.0, 2.0))
    second = (decimals(rng, (3, 2), -3.0, 3.0), decimals(rng, (3, 2), -3.0, 3.0))
    return [
        case("4×3 targets and predictions, default δ = 1", "4×3 的目标与预测，默认 δ = 1", *first),
        case(
            "3×2 targets and predictions, δ = 0.5", "3×2 的目标与预测，δ = 0.5", *second, delta=0.5
        ),
    ]


def _huber_edges() -> list[Case]:
    return [
        case(
            "every |error| ≤ δ (the quadratic branch only)",
            "所有 |误差| ≤ δ（只走二次分支）",
            np.array([0.0, 1.0, 2.0]),
            np.array([0.5, 0.75, 2.25]),
        ),
        case(
            "errors of exactly ±δ and far beyond it, δ = 2",
            "误差恰为 ±δ 以及远超 δ，δ = 2",
            np.array([0.0, 0.0, 0.0, 0.0]),
            np.array([2.0, -2.0, 10.0, -7.0]),
            delta=2.0,
        ),
    ]


HUBER = CodeTask(
    id="code.huber",
    topic="losses",
    title=both("Huber loss", "Huber 损失"),
    statement=both(
        "Write huber(y, yhat, delta=1.0): Keras's Huber loss. With e = yhat − y, each "
        "element's loss is ½e² where |e| ≤ δ and δ|e| − ½δ² elsewhere; return the mean "
        "over all elements as a float. y and yhat have the same shape.",
        "实现 huber(y, yhat, delta=1.0)：Keras 的 Huber 损失。令 e = yhat − y，"
        "|e| ≤ δ 时每个元素的损失为 ½e²，否则为 δ|e| − ½δ²；返回所有元素的平均值（float）。"
        "y 与 yhat 形状相同。",
    ),
    signature="huber(y, yhat, delta=1.0) -> float",
    docstring=both(
        "Huber loss, mean over all elements.\n\nArgs:\n    y: targets (array).\n"
        "    yhat: predictions, same shape.\n    delta: the switch point, > 0.\n\n"
        "Returns:\n    the loss, a float.",
        "Huber 损失，对所有元素取平均。\n\n参数：\n    y：目标（数组）。\n"
        "    yhat：预测，形状相同。\n    delta：切换点，> 0。\n\n返回：\n    损失（float）。",
    ),
    hint=both(
        "np.where(np.abs(e) <= delta, quadratic, linear) picks the branch per element; "
        "the two branches meet at |e| = δ.",
        "用 np.where(np.abs(e) <= delta, 二次项, 线性项) 按元素选分支；两个分支在 |e| = δ 处相接。",
    ),
    reference=lambda y, yhat, delta=1.0: losses.huber(y, yhat, delta=delta),
    solution=_huber,
    draw=_huber_draw,
    edge_cases=_huber_edges,
    result=Number(),
    mistakes=(
        MistakeVariant(
            "sum_instead_of_mean",
            both(
                "You summed over the elements; Keras's Huber takes the mean.",
                "你对元素求和了；Keras 的 Huber 取平均。",
            ),
            (_huber_sum,),
        ),
        MistakeVariant(
            "missing_half",
            both(
                "The quadratic branch is ½e², not e² (with ½ the two branches meet at |e| = δ).",
                "二次分支是 ½e²，不是 e²（有 ½ 两个分支才会在 |e| = δ 处相接）。",
            ),
            (_huber_missing_half,),
        ),
        MistakeVariant(
            "missing_offset",
            both(
                "The linear branch is δ|e| − ½δ²; without − ½δ² it jumps at |e| = δ.",
                "线性分支是 δ|e| − ½δ²；少了 − ½δ² 会在 |e| = δ 处跳变。",
            ),
            (_huber_missing_offset,),
        ),
        MistakeVariant(
            "quadratic_branch",
            both(
                "You used ½e² everywhere; beyond |e| > δ the loss grows only linearly.",
                "你在所有位置都用了 ½e²；|e| > δ 之后损失只线性增长。",
            ),
            (_huber_quadratic_only,),
        ),
    ),
)

# --------------------------------------------------------------------------- binary cross-entropy


def _binary_cross_entropy(y, p):
    eps = 1e-7
    p = np.clip(p, eps, 1 - eps)
    return float(np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p))))


def _bce_no_clip(y, p):
    return float(np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p))))


def _bce_sum(y, p):
    p = np.clip(p, 1e-7, 1 - 1e-7)
    return float(np.sum(-(y * np.log(p) + (1 - y) * np.log(1 - p))))


def _bce_positive_only(y, p):
    p = np.clip(p, 1e-7, 1 - 1e-7)
    return float(np.mean(-y * np.log(p)))


def _bce_sign(y, p):
    p = np.clip(p, 1e-7, 1 - 1e-7)
    return float(np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def _bce_draw(rng: np.random.Generator) -> list[Case]:
    hard = rng.integers(0, 2, size=6).astype(float)
    soft = decimals(rng, (2, 3), 0.0, 1.0)
    return [
        case(
            "6 labels in {0, 1}, probabilities in [0.05, 0.95]",
            "6 个 {0, 1} 标签，概率在 [0.05, 0.95] 内",
            hard,
            decimals(rng, 6, 0.05, 0.95, 0.05),
        ),
        case(
            "2×3 soft labels in [0, 1]",
            "2×3 的软标签，取值在 [0, 1] 内",
            soft,
            decimals(rng, (2, 3), 0.1, 0.9),
        ),
    ]


def _bce_edges() -> list[Case]:
    return [
        case(
            "probabilities of exactly 0 and 1, right and wrong (clip to [1e-7, 1 − 1e-7])",
            "概率恰为 0 和 1，有对有错（裁剪到 [1e-7, 1 − 1e-7]）",
            np.array([1.0, 0.0, 1.0, 0.0]),
            np.array([1.0, 0.0, 0.0, 0.5]),
        ),
    ]


BINARY_CROSS_ENTROPY = CodeTask(
    id="code.binary_cross_entropy",
    topic="losses",
    title=both("Binary cross-entropy", "二元交叉熵"),
    statement=both(
        "Write binary_cross_entropy(y, p): Keras's binary cross-entropy on probabilities. "
        "Clip p to [1e-7, 1 − 1e-7] first (as Keras does), then return the mean over all "
        "elements of −(y·log p + (1 − y)·log(1 − p)) as a float. y holds labels in [0, 1], "
        "p probabilities of the same shape (they may be exactly 0 or 1).",
        "实现 binary_cross_entropy(y, p)：Keras 在概率上的二元交叉熵。先把 p 裁剪到 "
        "[1e-7, 1 − 1e-7]（与 Keras 相同），再返回所有元素上 "
        "−(y·log p + (1 − y)·log(1 − p)) 的平均值（float）。y 是 [0, 1] 内的标签，"
        "p 是形状相同的概率（可能恰为 0 或 1）。",
    ),
    signature="binary_cross_entropy(y, p) -> float",
    docstring=both(
        "Binary cross-entropy, mean over all elements.\n\nArgs:\n    y: labels in [0, 1].\n"
        "    p: probabilities, same shape (clip to [1e-7, 1 - 1e-7]).\n\n"
        "Returns:\n    the loss, a float.",
        "二元交叉熵，对所有元素取平均。\n\n参数：\n    y：[0, 1] 内的标签。\n"
        "    p：概率，形状相同（裁剪到 [1e-7, 1 - 1e-7]）。\n\n返回：\n    损失（float）。",
    ),
    hint=both(
        "log(0) is −inf and 0·(−inf) is nan: np.clip(p, eps, 1 - eps) before the logs.",
        "log(0) 为 −inf，0·(−inf) 为 nan：取对数前先 np.clip(p, eps, 1 - eps)。",
    ),
    reference=lambda y, p: losses.binary_crossentropy(y, p),
    solution=_binary_cross_entropy,
    draw=_bce_draw,
    edge_cases=_bce_edges,
    result=Number(),
    mistakes=(
        MistakeVariant(
            "no_clipping",
            both(
                "Without clipping, p = 0 or 1 gives log(0) = −inf and then inf or nan. "
                "Clip p to [1e-7, 1 − 1e-7] first.",
                "不裁剪时，p = 0 或 1 会得到 log(0) = −inf，进而得到 inf 或 nan。"
                "请先把 p 裁剪到 [1e-7, 1 − 1e-7]。",
            ),
            (_bce_no_clip,),
        ),
        MistakeVariant(
            "sum_instead_of_mean",
            both("You summed; the loss is the mean.", "你求了和；损失应取平均。"),
            (_bce_sum,),
        ),
        MistakeVariant(
            "missing_negative_class",
            both(
                "The (1 − y)·log(1 − p) term is missing: a label of 0 must cost something too.",
                "缺少 (1 − y)·log(1 − p) 项：标签为 0 的样本也应有损失。",
            ),
            (_bce_positive_only,),
        ),
        MistakeVariant(
            "sign_flipped",
            both(
                "The sign is flipped: the loss is −(y log p + …), which is ≥ 0.",
                "符号反了：损失是 −(y log p + …)，应当 ≥ 0。",
            ),
            (_bce_sign,),
        ),
    ),
)

# --------------------------------------------------------------------------- log-cosh


def _log_cosh(y, yhat):
    x = yhat - y
    return float(np.mean(x + np.logaddexp(0.0, -2.0 * x) - np.log(2.0)))


def _log_cosh_naive(y, yhat):
    return float(np.mean(np.log(np.cosh(yhat - y))))


def _log_cosh_sum(y, yhat):
    x = yhat - y
    return float(np.sum(x + np.logaddexp(0.0, -2.0 * x) - np.log(2.0)))


def _log_cosh_missing_log_two(y, yhat):
    x = yhat - y
    return float(np.mean(x + np.logaddexp(0.0, -2.0 * x)))


def _log_cosh_draw(rng: np.random.Generator) -> list[Case]:
    return [
        case(
            "3×4 targets and predictions in [−3, 3]",
            "3×4 的目标与预测，取值在 [−3, 3] 内",
            decimals(rng, (3, 4), -3.0, 3.0),
            decimals(rng, (3, 4), -3.0, 3.0),
        ),
        case(
            "5 targets and predictions in [−1, 1]",
            "5 个目标与预测，取值在 [−1, 1] 内",
            decimals(rng, 5, -1.0, 1.0),
            decimals(rng, 5, -1.0, 1.0),
        ),
    ]


def _log_cosh_edges() -> list[Case]:
    return [
        case(
            "errors of ±1000 (cosh overflows; the loss is ≈ |e| − log 2)",
            "误差为 ±1000（cosh 会溢出；损失约为 |e| − log 2）",
            np.array([0.0, 0.0, 1.0]),
            np.array([1000.0, -1000.0, 1.0]),
        ),
    ]


LOG_COSH = CodeTask(
    id="code.log_cosh",
    topic="losses",
    title=both("Log-cosh loss", "Log-cosh 损失"),
    statement=both(
        "Write log_cosh(y, yhat): the mean over all elements of log(cosh(yhat − y)), as a "
        "float. It must stay finite for errors as large as ±1000, where cosh overflows.",
        "实现 log_cosh(y, yhat)：所有元素上 log(cosh(yhat − y)) 的平均值（float）。"
        "误差大到 ±1000（cosh 会溢出）时结果也必须是有限值。",
    ),
    signature="log_cosh(y, yhat) -> float",
    docstring=both(
        "Log-cosh loss, mean over all elements.\n\nArgs:\n    y: targets (array).\n"
        "    yhat: predictions, same shape.\n\nReturns:\n    the loss, a float.",
        "Log-cosh 损失，对所有元素取平均。\n\n参数：\n    y：目标（数组）。\n"
        "    yhat：预测，形状相同。\n\n返回：\n    损失（float）。",
    ),
    hint=both(
        "log cosh x = x + log(1 + e^(−2x)) − log 2; np.logaddexp(0, −2x) computes "
        "log(1 + e^(−2x)) without overflow.",
        "log cosh x = x + log(1 + e^(−2x)) − log 2；np.logaddexp(0, −2x) 可无溢出地计算 "
        "log(1 + e^(−2x))。",
    ),
    reference=lambda y, yhat: losses.log_cosh(y, yhat),
    solution=_log_cosh,
    draw=_log_cosh_draw,
    edge_cases=_log_cosh_edges,
    result=Number(),
    mistakes=(
        MistakeVariant(
            "cosh_overflow",
            both(
                "np.cosh(1000) overflows to inf, so log(cosh(e)) is inf for large errors. "
                "Use x + log(1 + e^(−2x)) − log 2, with np.logaddexp.",
                "np.cosh(1000) 会溢出为 inf，误差大时 log(cosh(e)) 为 inf。"
                "请用 x + log(1 + e^(−2x)) − log 2，配合 np.logaddexp。",
            ),
            (_log_cosh_naive,),
        ),
        MistakeVariant(
            "sum_instead_of_mean",
            both("You summed; the loss is the mean.", "你求了和；损失应取平均。"),
            (_log_cosh_sum,),
        ),
        MistakeVariant(
            "missing_log_two",
            both(
                "cosh x = (e^x + e^(−x)) / 2: the stable form ends in − log 2.",
                "cosh x = (e^x + e^(−x)) / 2：稳定形式的末尾要减去 log 2。",
            ),
            (_log_cosh_missing_log_two,),
        ),
    ),
)

# --------------------------------------------------------------------------- hinge


def _hinge(y, yhat):
    if np.all(np.isin(y, (0, 1))):
        y = 2 * y - 1
    return float(np.mean(np.maximum(0.0, 1.0 - y * yhat)))


def _hinge_no_max(y, yhat):
    if np.all(np.isin(y, (0, 1))):
        y = 2 * y - 1
    return float(np.mean(1.0 - y * yhat))


def _hinge_labels_not_mapped(y, yhat):
    return float(np.mean(np.maximum(0.0, 1.0 - y * yhat)))


def _hinge_sum(y, yhat):
    if np.all(np.isin(y, (0, 1))):
        y = 2 * y - 1
    return float(np.sum(np.maximum(0.0, 1.0 - y * yhat)))


def _hinge_draw(rng: np.random.Generator) -> list[Case]:
    signs = rng.choice([-1.0, 1.0], size=6)
    bits = rng.integers(0, 2, size=(2, 3)).astype(float)
    bits[0, 0], bits[1, 0] = 0.0, 1.0  # both labels present, so the mapping matters
    return [
        case(
            "6 labels in {−1, 1}, scores in [−2, 2]",
            "6 个 {−1, 1} 标签，分数在 [−2, 2] 内",
            signs,
            decimals(rng, 6, -2.0, 2.0),
        ),
        case(
            "2×3 labels in {0, 1} (mapped to −1 and 1)",
            "2×3 的 {0, 1} 标签（映射为 −1 和 1）",
            bits,
            decimals(rng, (2, 3), -2.0, 2.0),
        ),
    ]


def _hinge_edges() -> list[Case]:
    return [
        case(
            "margins of exactly 1 and beyond (no loss) and one wrong side",
            "间隔恰为 1 或更大（无损失），以及一个分错的样本",
            np.array([1.0, -1.0, 1.0, -1.0]),
            np.array([1.0, -3.0, 2.5, 0.5]),
        ),
    ]


HINGE = CodeTask(
    id="code.hinge",
    topic="losses",
    title=both("Hinge loss", "Hinge 损失"),
    statement=both(
        "Write hinge(y, yhat): Keras's hinge loss, the mean over all elements of "
        "max(0, 1 − y·yhat), as a float. Labels are −1 and 1; if every label is 0 or 1, "
        "map them to −1 and 1 first (as Keras does).",
        "实现 hinge(y, yhat)：Keras 的 hinge 损失，即所有元素上 max(0, 1 − y·yhat) "
        "的平均值（float）。标签为 −1 和 1；若所有标签都是 0 或 1，先把它们映射为 −1 和 1"
        "（与 Keras 相同）。",
    ),
    signature="hinge(y, yhat) -> float",
    docstring=both(
        "Hinge loss, mean over all elements.\n\nArgs:\n    y: labels in {-1, 1} or {0, 1}.\n"
        "    yhat: scores, same shape.\n\nReturns:\n    the loss, a float.",
        "Hinge 损失，对所有元素取平均。\n\n参数：\n    y：{-1, 1} 或 {0, 1} 中的标签。\n"
        "    yhat：分数，形状相同。\n\n返回：\n    损失（float）。",
    ),
    hint=both(
        "2·y − 1 maps {0, 1} to {−1, 1}; np.maximum(0, …) keeps only the violated margins.",
        "2·y − 1 把 {0, 1} 映射为 {−1, 1}；np.maximum(0, …) 只保留未满足的间隔。",
    ),
    reference=lambda y, yhat: losses.hinge(y, yhat),
    solution=_hinge,
    draw=_hinge_draw,
    edge_cases=_hinge_edges,
    result=Number(),
    mistakes=(
        MistakeVariant(
            "missing_max",
            both(
                "Without max(0, ·) a margin beyond 1 lowers the loss; a satisfied margin "
                "should cost nothing.",
                "没有 max(0, ·) 时，超过 1 的间隔会降低损失；已满足的间隔损失应为 0。",
            ),
            (_hinge_no_max,),
        ),
        MistakeVariant(
            "labels_not_mapped",
            both(
                "Labels 0/1 must be mapped to −1/1 (2y − 1) first; a 0 label otherwise "
                "always costs 1.",
                "0/1 标签必须先映射为 −1/1（2y − 1）；否则标签 0 的损失恒为 1。",
            ),
            (_hinge_labels_not_mapped,),
        ),
        MistakeVariant(
            "sum_instead_of_mean",
            both("You summed; the loss is the mean.", "你求了和；损失应取平均。"),
            (_hinge_sum,),
        ),
    ),
)

TASKS = (SOFTMAX_CROSS_ENTROPY, HUBER, BINARY_CROSS_ENTROPY, LOG_COSH, HINGE)
