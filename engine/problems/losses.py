"""Problem families: the value of each of the 15 Keras losses (``loss.<keras_name>.value``).

Keras semantics throughout: the per-element term is reduced over the last axis (a mean for
the squared/absolute-error family, hinge, Huber, log-cosh, Poisson and binary cross-entropy;
a sum over the classes for categorical cross-entropy and KL divergence), then averaged over
the samples. Hinge losses map 0/1 labels to −1/+1. The generators compute every answer step
by step (the worked solution shows those steps), so the numbers stay calculator-friendly.

Keras's ε = 1e-7 clipping: most draws keep predictions away from the values it moves, but
binary and categorical cross-entropy can draw a prediction of exactly 0 where the true label
needs it (``saturated=True``), and MSLE a negative prediction (``negative_prediction=True``);
by default one seed in :data:`EDGE_CASE_EVERY` does. Keras then clips (the log term becomes
−ln(1e-7) ≈ 16.12, or ln(1 + ŷ) ≈ 0), and the typical slips are recognised: the term dropped
as if ln 0 were 0, PyTorch's log clamp at −100, the negative prediction used as it is.

Every answer is stored as the exact float and graded to three significant figures (see
:mod:`engine.precision`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.formatting import fmt, fmt_matrix, fmt_vector, operand
from engine.problem import Mistake, Problem, Text
from engine.problems._common import (
    apart_from_answer,
    both,
    check_params,
    draw_distinct,
    plain,
    short,
)

#: Keras's fuzz factor (``keras.backend.epsilon()``), used where Keras clips.
EPSILON = 1e-7

#: By default one seed in this many draws the edge case Keras's ε-clipping exists for.
EDGE_CASE_EVERY = 4

#: PyTorch's BCELoss clamps each log at −100, so a log of 0 counts as −100 there.
TORCH_LOG_FLOOR = -100.0

#: What a prompt adds when the answer depends on Keras's clipping, so the problem is well posed.
_KERAS_EPSILON_NOTE = both(
    "\n(Keras semantics, with its fuzz factor ε = 1e-7.)",
    "\n（按 Keras 的实现计算，其模糊因子 ε = 1e-7。）",
)

Term = Callable[[np.ndarray, np.ndarray], np.ndarray]


def _values(values: np.ndarray) -> str:
    """Comma-separated short numbers."""
    return ", ".join(fmt(v) for v in np.ravel(values))


def _shown(values: np.ndarray) -> str:
    """A vector for one sample, a matrix (rows are samples) for several."""
    return fmt_vector(values[0]) if len(values) == 1 else fmt_matrix(values)


def _rows_note(samples: int) -> Text:
    if samples == 1:
        return both("", "")
    return both(
        f" (one row per sample, {samples} samples)", f"（每行一个样本，共 {samples} 个样本）"
    )


def _sample_means_text(terms: np.ndarray, reduce: str) -> Text:
    """Lines listing each sample's terms and its reduction over the last axis."""
    en_lines, zh_lines = [], []
    for index, row in enumerate(terms, start=1):
        reduced = row.mean() if reduce == "mean" else row.sum()
        if reduce == "mean":
            en_lines.append(
                f"Sample {index}: terms {_values(row)}; mean over {row.size} = {fmt(reduced)}."
            )
            zh_lines.append(
                f"样本 {index}：各项 {_values(row)}；对 {row.size} 项取平均 = {fmt(reduced)}。"
            )
        else:
            en_lines.append(f"Sample {index}: terms {_values(row)}; sum = {fmt(reduced)}.")
            zh_lines.append(f"样本 {index}：各项 {_values(row)}；求和 = {fmt(reduced)}。")
    return both("\n".join(en_lines), "\n".join(zh_lines))


def _final_text(per_sample: np.ndarray, answer: float) -> Text:
    if per_sample.size == 1:
        return both(f"Loss = {fmt(answer)}", f"损失 = {fmt(answer)}")
    listed = " + ".join(operand(v) for v in per_sample)
    return both(
        f"Mean over the {per_sample.size} samples: ({listed}) / {per_sample.size} = {fmt(answer)}",
        f"再对 {per_sample.size} 个样本取平均：({listed}) / {per_sample.size} = {fmt(answer)}",
    )


def _sum_mistake(total: float, count: int, what: Text) -> Mistake:
    return Mistake(
        "sum_instead_of_mean",
        total,
        both(
            f"You summed the {count} {what['en']} instead of averaging them: Keras takes the mean.",
            f"你把 {count} 个{what['zh']}求和了，没有取平均：Keras 取的是平均值。",
        ),
    )


def _log_base_mistake(value: float, base: str = "10") -> Mistake:
    return Mistake(
        "wrong_log_base",
        value,
        both(
            f"You used log base {base}; the loss uses the natural logarithm ln.",
            f"你用了以 {base} 为底的对数；这个损失用的是自然对数 ln。",
        ),
    )


# --- the elementwise losses: a term per element, mean over everything ------------------


@dataclass(frozen=True)
class _Elementwise:
    """An elementwise loss: ``mean(term(y, ŷ))`` over the last axis, then over the samples.

    Attributes:
        family: the family id.
        name: the loss's name in both languages.
        term: the per-element term.
        term_text: the per-element term as readable Unicode.
        hint: which formula applies (without the numbers).
        draw: draws ``(y_true, y_pred)`` as (samples × values) arrays.
        wrong_terms: (id, wrong per-element term, feedback) for the typical wrong methods.
        target_seconds: time for a fluent learner.
    """

    family: str
    name: Text
    term: Term
    term_text: Text
    hint: Text
    draw: Callable[[np.random.Generator], tuple[np.ndarray, np.ndarray]]
    wrong_terms: tuple[tuple[str, Term, Text], ...] = ()
    target_seconds: float = 90.0


@dataclass(frozen=True)
class _EdgeCase:
    """The variant of an elementwise loss whose data meets Keras's ε-clipping.

    Attributes:
        draw: draws ``(y_true, y_pred)`` with a value the clip moves (a prediction of 0, or
            a negative one).
        clip_text: the worked solution's clipping step for the drawn data.
        nudge: added to the family's hint: a question pointing at the clipped value.
        wrong_terms: the wrong methods of this edge case, tried before the family's own.
    """

    draw: Callable[[np.random.Generator], tuple[np.ndarray, np.ndarray]]
    clip_text: Callable[[np.ndarray, np.ndarray], Text]
    nudge: Text
    wrong_terms: tuple[tuple[str, Term, Text], ...]


def _edge_case(seed: int, requested: bool | None, parameter: str) -> bool:
    """Whether to draw the edge case: as ``requested``, or for one seed in
    :data:`EDGE_CASE_EVERY` when it is None (deterministic, so a seed keeps its problem)."""
    if requested is None:
        return seed % EDGE_CASE_EVERY == EDGE_CASE_EVERY - 1
    if not isinstance(requested, bool):
        raise ValueError(f"{parameter} must be True, False or None, not {requested!r}")
    return requested


def _elementwise_problem(spec: _Elementwise, seed: int, edge: _EdgeCase | None = None) -> Problem:
    draw = edge.draw if edge else spec.draw
    wrong_terms_tried = (edge.wrong_terms if edge else ()) + spec.wrong_terms
    keras_note = _KERAS_EPSILON_NOTE if edge else both("", "")
    hint = (
        both(f"{spec.hint['en']} {edge.nudge['en']}", f"{spec.hint['zh']}{edge.nudge['zh']}")
        if edge
        else spec.hint
    )

    def build(rng: np.random.Generator) -> Problem:
        y_true, y_pred = draw(rng)
        samples, width = y_true.shape
        terms = spec.term(y_true, y_pred)
        per_sample = terms.mean(axis=1)
        answer = float(per_sample.mean())
        mistakes = [
            _sum_mistake(float(terms.sum()), terms.size, both("per-element terms", "逐元素的项"))
        ]
        for mistake_id, wrong_term, feedback in wrong_terms_tried:
            wrong_terms = wrong_term(y_true, y_pred)
            # a slip that changes no term for this draw (e.g. no max(0, ·) was active) is no
            # mistake here: leave it out rather than redraw until it shows
            if np.all(np.isfinite(wrong_terms)) and not np.allclose(wrong_terms, terms):
                mistakes.append(Mistake(mistake_id, float(wrong_terms.mean()), feedback))
        note = _rows_note(samples)
        prompt = both(
            f"Compute the Keras {spec.name['en']}{note['en']}:\n"
            f"y = {_shown(y_true)}\nŷ = {_shown(y_pred)}{keras_note['en']}",
            f"按 Keras 的定义计算{spec.name['zh']}{note['zh']}：\n"
            f"y = {_shown(y_true)}\nŷ = {_shown(y_pred)}{keras_note['zh']}",
        )
        clipping = edge.clip_text(y_true, y_pred) if edge else None
        clip_en = f"{clipping['en']}\n" if clipping else ""
        clip_zh = f"{clipping['zh']}\n" if clipping else ""
        steps = _sample_means_text(terms, "mean")
        final = _final_text(per_sample, answer)
        solution = both(
            f"Per element: {spec.term_text['en']}.\n{clip_en}{steps['en']}\n{final['en']}",
            f"逐元素计算 {spec.term_text['zh']}。\n{clip_zh}{steps['zh']}\n{final['zh']}",
        )
        return Problem(
            family=spec.family,
            seed=seed,
            prompt=prompt,
            data={"y_true": plain(y_true), "y_pred": plain(y_pred)},
            answer=answer,
            kind="scalar",
            hint=hint,
            solution=solution,
            mistakes=tuple(mistakes),
            target_seconds=spec.target_seconds * width * samples / 3,
        )

    return draw_distinct(seed, build)


def _shape(rng: np.random.Generator) -> tuple[int, int]:
    """One or two samples of two or three values."""
    return int(rng.integers(1, 3)), int(rng.integers(2, 4))


def _grid(
    rng: np.random.Generator, shape: tuple[int, int], low: float, high: float, step: float
) -> np.ndarray:
    count = int(round((high - low) / step))
    decimals = max(0, -int(np.floor(np.log10(step))))
    return np.round(low + step * rng.integers(0, count + 1, size=shape), decimals)


def _regression_draw(low: float, high: float, spread: float, step: float = 0.1):
    """Truth on a grid in [low, high]; predictions off by up to ±spread (never equal)."""

    def draw(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        shape = _shape(rng)
        y_true = _grid(rng, shape, low, high, step)
        offsets = _grid(rng, shape, step, spread, step) * rng.choice([-1.0, 1.0], size=shape)
        return y_true, np.round(y_true + offsets, 2)

    return draw


def _positive_draw(low: float, high: float, step: float):
    """Truth and predictions both on a positive grid (for MAPE, MSLE, Poisson)."""

    def draw(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        shape = _shape(rng)
        return _grid(rng, shape, low, high, step), _grid(rng, shape, low, high, step)

    return draw


def _label_draw(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """0/1 labels (both kinds present) and raw scores in [−2, 2] for the hinge losses."""
    shape = (int(rng.integers(1, 3)), int(rng.integers(2, 4)))
    labels = rng.integers(0, 2, size=shape).astype(float)
    labels.flat[0], labels.flat[-1] = 0.0, 1.0
    labels = labels.ravel()[rng.permutation(labels.size)].reshape(shape)
    return labels, _grid(rng, shape, -2.0, 2.0, 0.1)


def _probability_draw(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Independent binary outputs: 0/1 labels (both present) and probabilities in [0.05, 0.95]."""
    width = int(rng.integers(3, 5))
    labels = rng.integers(0, 2, size=width).astype(float)
    labels[0], labels[-1] = 0.0, 1.0
    labels = labels[rng.permutation(width)]
    return labels.reshape(1, width), _grid(rng, (1, width), 0.05, 0.95, 0.05)


def _signed(labels: np.ndarray) -> np.ndarray:
    return 2.0 * labels - 1.0


def _probability_clip(yhat: np.ndarray) -> np.ndarray:
    """Keras's clip of probabilities to [ε, 1 − ε] (no change for ŷ in [0.05, 0.95])."""
    return np.clip(yhat, EPSILON, 1.0 - EPSILON)


def _bce_term(y: np.ndarray, yhat: np.ndarray) -> np.ndarray:
    """Keras's binary cross-entropy per element, on the clipped prediction."""
    clipped = _probability_clip(yhat)
    return -(y * np.log(clipped) + (1 - y) * np.log(1 - clipped))


def _saturated(y: np.ndarray, yhat: np.ndarray) -> np.ndarray:
    """Where ŷ is exactly 0 or 1 against the label it should favour: its log is ln 0."""
    return ((y == 1) & (yhat == 0)) | ((y == 0) & (yhat == 1))


def _msle_floor(values: np.ndarray) -> np.ndarray:
    """Keras's MSLE replaces values below ε by ε before ln(1 + ·) (no change when positive)."""
    return np.maximum(values, EPSILON)


def _saturated_probability_draw(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Like :func:`_probability_draw`, with one output of label 1 predicted as exactly 0.

    Only ŷ = 0 against label 1 is drawn, not ŷ = 1 against label 0: in exact arithmetic both
    give −ln ε, but Keras works in float32 by default, where 1 − ε rounds to 1 − 1.19e-7 and
    the second would come out near 15.94 instead of 16.12.
    """
    labels, probabilities = _probability_draw(rng)
    positives = np.flatnonzero(labels[0] == 1.0)
    probabilities[0, int(rng.choice(positives))] = 0.0
    return labels, probabilities


def _negative_prediction_draw(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """MSLE's positive draw with one prediction replaced by a negative one in [−0.9, −0.1]
    (above −1, so ln(1 + ŷ) of the raw value stays finite)."""
    y_true, y_pred = _positive_draw(0.5, 4.0, 0.5)(rng)
    y_pred.flat[int(rng.integers(0, y_pred.size))] = short(rng, -0.9, -0.1, 0.1)
    return y_true, y_pred


def _huber_term(delta: float) -> Term:
    def term(y: np.ndarray, yhat: np.ndarray) -> np.ndarray:
        error = np.abs(y - yhat)
        return np.where(error <= delta, 0.5 * error**2, delta * (error - 0.5 * delta))

    return term


def _huber_spec(delta: float) -> _Elementwise:
    d = fmt(delta)

    def draw(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        # at least one error inside and one outside ±δ, so both branches are exercised
        while True:
            y_true, y_pred = _regression_draw(0.0, 3.0, 2.5 * delta)(rng)
            error = np.abs(y_true - y_pred)
            if (error <= delta).any() and (error > delta).any():
                return y_true, y_pred

    def missing_half(y: np.ndarray, yhat: np.ndarray) -> np.ndarray:
        error = np.abs(y - yhat)
        return np.where(error <= delta, error**2, delta * (error - 0.5 * delta))

    def no_offset(y: np.ndarray, yhat: np.ndarray) -> np.ndarray:
        error = np.abs(y - yhat)
        return np.where(error <= delta, 0.5 * error**2, delta * error)

    def quadratic(y: np.ndarray, yhat: np.ndarray) -> np.ndarray:
        return 0.5 * (y - yhat) ** 2

    return _Elementwise(
        family="loss.huber.value",
        name=both(f"Huber loss with δ = {d}", f" Huber 损失（δ = {d}）"),
        term=_huber_term(delta),
        term_text=both(
            f"e = |y − ŷ|; ½e² if e ≤ {d}, else {d}·(e − ½·{d})",
            f"e = |y − ŷ|；e ≤ {d} 时取 ½e²，否则取 {d}·(e − ½·{d})",
        ),
        hint=both(
            "Huber is quadratic, ½e², for small errors |e| ≤ δ and linear, δ(|e| − ½δ), beyond; "
            "average the terms.",
            "Huber 损失在 |e| ≤ δ 时是二次的 ½e²，超过 δ 后是线性的 δ(|e| − ½δ)；最后取平均。",
        ),
        draw=draw,
        wrong_terms=(
            (
                "missing_half",
                missing_half,
                both(
                    "Inside ±δ the Huber term is ½e², not e²: you dropped the ½.",
                    "在 ±δ 以内 Huber 项是 ½e²，不是 e²：你漏掉了 ½。",
                ),
            ),
            (
                "linear_branch_offset",
                no_offset,
                both(
                    "Beyond δ the term is δ(|e| − ½δ); you forgot to subtract ½δ², which makes "
                    "the two branches meet.",
                    "超过 δ 时该项是 δ(|e| − ½δ)；你忘了减去 ½δ²（它让两段在 δ 处衔接）。",
                ),
            ),
            (
                "quadratic_everywhere",
                quadratic,
                both(
                    "You used ½e² for every error; errors larger than δ use the linear branch.",
                    "你对所有误差都用了 ½e²；大于 δ 的误差要用线性那一段。",
                ),
            ),
        ),
        target_seconds=100.0,
    )


_ELEMENTWISE: dict[str, _Elementwise] = {
    "mean_squared_error": _Elementwise(
        family="loss.mean_squared_error.value",
        name=both("mean squared error (MSE)", "均方误差（MSE）"),
        term=lambda y, yhat: (y - yhat) ** 2,
        term_text=both("(y − ŷ)²", "(y − ŷ)²"),
        hint=both("Square each error y − ŷ, then average.", "把每个误差 y − ŷ 平方，再取平均。"),
        draw=_regression_draw(0.0, 3.0, 1.5),
        wrong_terms=(
            (
                "absolute_instead_of_square",
                lambda y, yhat: np.abs(y - yhat),
                both(
                    "You averaged |y − ŷ| (that is the MAE); MSE squares each error.",
                    "你对 |y − ŷ| 取了平均（那是 MAE）；MSE 要把每个误差平方。",
                ),
            ),
        ),
        target_seconds=60.0,
    ),
    "mean_absolute_error": _Elementwise(
        family="loss.mean_absolute_error.value",
        name=both("mean absolute error (MAE)", "平均绝对误差（MAE）"),
        term=lambda y, yhat: np.abs(y - yhat),
        term_text=both("|y − ŷ|", "|y − ŷ|"),
        hint=both(
            "Take the absolute value of each error, then average.", "对每个误差取绝对值，再取平均。"
        ),
        draw=_regression_draw(0.0, 3.0, 1.5),
        wrong_terms=(
            (
                "missing_absolute_value",
                lambda y, yhat: y - yhat,
                both(
                    "You averaged the signed errors y − ŷ, so positive and negative errors "
                    "cancelled; "
                    "take |y − ŷ| first.",
                    "你对带符号的误差 y − ŷ 取了平均，正负误差相互抵消了；要先取 |y − ŷ|。",
                ),
            ),
            (
                "squared_instead_of_absolute",
                lambda y, yhat: (y - yhat) ** 2,
                both(
                    "You squared the errors (that is the MSE); MAE uses |y − ŷ|.",
                    "你把误差平方了（那是 MSE）；MAE 用的是 |y − ŷ|。",
                ),
            ),
        ),
        target_seconds=50.0,
    ),
    "mean_absolute_percentage_error": _Elementwise(
        family="loss.mean_absolute_percentage_error.value",
        name=both("mean absolute percentage error (MAPE)", "平均绝对百分比误差（MAPE）"),
        term=lambda y, yhat: 100.0 * np.abs(y - yhat) / np.abs(y),
        term_text=both("100·|y − ŷ| / |y|", "100·|y − ŷ| / |y|"),
        hint=both(
            "Each error as a percentage of the true value, then average.",
            "把每个误差表示成相对真实值的百分比，再取平均。",
        ),
        draw=_positive_draw(1.0, 5.0, 0.5),
        wrong_terms=(
            (
                "swapped_true_and_predicted",
                lambda y, yhat: 100.0 * np.abs(y - yhat) / np.abs(yhat),
                both(
                    "You divided by the prediction ŷ; MAPE divides by the true value y.",
                    "你除以了预测值 ŷ；MAPE 要除以真实值 y。",
                ),
            ),
            (
                "missing_percent",
                lambda y, yhat: np.abs(y - yhat) / np.abs(y),
                both(
                    "Keras reports MAPE in percent: multiply the mean ratio by 100.",
                    "Keras 的 MAPE 以百分数表示：平均比值要乘以 100。",
                ),
            ),
        ),
        target_seconds=90.0,
    ),
    "mean_squared_logarithmic_error": _Elementwise(
        family="loss.mean_squared_logarithmic_error.value",
        name=both("mean squared logarithmic error (MSLE)", "均方对数误差（MSLE）"),
        term=lambda y, yhat: (np.log1p(_msle_floor(y)) - np.log1p(_msle_floor(yhat))) ** 2,
        term_text=both("(ln(1 + y) − ln(1 + ŷ))²", "(ln(1 + y) − ln(1 + ŷ))²"),
        hint=both(
            "Compare ln(1 + y) with ln(1 + ŷ), square the difference, then average.",
            "比较 ln(1 + y) 与 ln(1 + ŷ)，把差平方，再取平均。",
        ),
        draw=_positive_draw(0.5, 4.0, 0.5),
        wrong_terms=(
            (
                "wrong_log_base",
                lambda y, yhat: (
                    (np.log10(1 + _msle_floor(y)) - np.log10(1 + _msle_floor(yhat))) ** 2
                ),
                both(
                    "You used log base 10; MSLE uses the natural logarithm ln.",
                    "你用了以 10 为底的对数；MSLE 用的是自然对数 ln。",
                ),
            ),
            (
                "missing_plus_one",
                lambda y, yhat: (np.log(_msle_floor(y)) - np.log(_msle_floor(yhat))) ** 2,
                both(
                    "MSLE takes ln(1 + y), not ln(y): the +1 keeps zero targets finite.",
                    "MSLE 取的是 ln(1 + y) 而不是 ln(y)：+1 让目标为 0 时也有定义。",
                ),
            ),
        ),
        target_seconds=110.0,
    ),
    "hinge": _Elementwise(
        family="loss.hinge.value",
        name=both("hinge loss (labels y are 0/1)", "合页损失（标签 y 取 0/1）"),
        term=lambda y, yhat: np.maximum(0.0, 1.0 - _signed(y) * yhat),
        term_text=both(
            "t = 2y − 1 ∈ {−1, 1}; max(0, 1 − t·ŷ)", "t = 2y − 1 ∈ {−1, 1}；max(0, 1 − t·ŷ)"
        ),
        hint=both(
            "Keras first turns 0/1 labels into −1/+1; then max(0, 1 − t·ŷ), averaged.",
            "Keras 先把 0/1 标签变成 −1/+1；再算 max(0, 1 − t·ŷ) 并取平均。",
        ),
        draw=_label_draw,
        wrong_terms=(
            (
                "labels_not_converted",
                lambda y, yhat: np.maximum(0.0, 1.0 - y * yhat),
                both(
                    "You used the 0/1 labels as they are; Keras maps label 0 to −1 first.",
                    "你直接用了 0/1 标签；Keras 会先把标签 0 变成 −1。",
                ),
            ),
            (
                "missing_max",
                lambda y, yhat: 1.0 - _signed(y) * yhat,
                both(
                    "You dropped the max(0, ·): a confidently right score contributes 0, "
                    "never a negative amount.",
                    "你漏掉了 max(0, ·)：足够正确的预测贡献 0，不会是负数。",
                ),
            ),
        ),
        target_seconds=90.0,
    ),
    "squared_hinge": _Elementwise(
        family="loss.squared_hinge.value",
        name=both("squared hinge loss (labels y are 0/1)", "平方合页损失（标签 y 取 0/1）"),
        term=lambda y, yhat: np.maximum(0.0, 1.0 - _signed(y) * yhat) ** 2,
        term_text=both(
            "t = 2y − 1 ∈ {−1, 1}; max(0, 1 − t·ŷ)²", "t = 2y − 1 ∈ {−1, 1}；max(0, 1 − t·ŷ)²"
        ),
        hint=both(
            "Keras turns 0/1 labels into −1/+1; square max(0, 1 − t·ŷ), then average.",
            "Keras 先把 0/1 标签变成 −1/+1；把 max(0, 1 − t·ŷ) 平方后取平均。",
        ),
        draw=_label_draw,
        wrong_terms=(
            (
                "labels_not_converted",
                lambda y, yhat: np.maximum(0.0, 1.0 - y * yhat) ** 2,
                both(
                    "You used the 0/1 labels as they are; Keras maps label 0 to −1 first.",
                    "你直接用了 0/1 标签；Keras 会先把标签 0 变成 −1。",
                ),
            ),
            (
                "not_squared",
                lambda y, yhat: np.maximum(0.0, 1.0 - _signed(y) * yhat),
                both(
                    "That is the plain hinge loss: square each max(0, 1 − t·ŷ) term.",
                    "这是普通的合页损失：每一项 max(0, 1 − t·ŷ) 还要平方。",
                ),
            ),
        ),
        target_seconds=100.0,
    ),
    "log_cosh": _Elementwise(
        family="loss.log_cosh.value",
        name=both("log-cosh loss", " log-cosh 损失"),
        term=lambda y, yhat: np.log(np.cosh(yhat - y)),
        term_text=both("ln(cosh(ŷ − y))", "ln(cosh(ŷ − y))"),
        hint=both(
            "Take ln(cosh(r)) of each error r = ŷ − y, then average; cosh(r) = (eʳ + e⁻ʳ)/2, "
            "with e Euler's number.",
            "对每个误差 r = ŷ − y 求 ln(cosh(r))，再取平均；cosh(r) = (eʳ + e⁻ʳ)/2，"
            "其中 e 是自然常数。",
        ),
        draw=_regression_draw(0.0, 3.0, 2.0),
        wrong_terms=(
            (
                "wrong_log_base",
                lambda y, yhat: np.log10(np.cosh(yhat - y)),
                both(
                    "You used log base 10; log-cosh uses the natural logarithm ln.",
                    "你用了以 10 为底的对数；log-cosh 用的是自然对数 ln。",
                ),
            ),
        ),
        target_seconds=110.0,
    ),
    "poisson": _Elementwise(
        family="loss.poisson.value",
        name=both("Poisson loss", " Poisson 损失"),
        term=lambda y, yhat: yhat - y * np.log(yhat + EPSILON),
        term_text=both("ŷ − y·ln(ŷ + ε), ε = 1e-7", "ŷ − y·ln(ŷ + ε), ε = 1e-7"),
        hint=both(
            "The Poisson negative log-likelihood without constants: ŷ − y·ln ŷ, averaged.",
            "去掉常数项的泊松负对数似然：ŷ − y·ln ŷ，再取平均。",
        ),
        draw=lambda rng: (
            lambda shape: (
                rng.integers(0, 5, size=shape).astype(float),
                _grid(rng, shape, 0.5, 4.0, 0.5),
            )
        )(_shape(rng)),
        wrong_terms=(
            (
                "wrong_log_base",
                lambda y, yhat: yhat - y * np.log10(yhat),
                both(
                    "You used log base 10; the Poisson loss uses the natural logarithm ln.",
                    "你用了以 10 为底的对数；泊松损失用的是自然对数 ln。",
                ),
            ),
            (
                "sign_flipped",
                lambda y, yhat: y * np.log(yhat) - yhat,
                both(
                    "You computed the log-likelihood y·ln ŷ − ŷ; the loss is its negative, "
                    "ŷ − y·ln ŷ.",
                    "你算的是对数似然 y·ln ŷ − ŷ；损失是它的相反数 ŷ − y·ln ŷ。",
                ),
            ),
        ),
        target_seconds=100.0,
    ),
    "binary_crossentropy": _Elementwise(
        family="loss.binary_crossentropy.value",
        name=both(
            "binary cross-entropy of these independent outputs", "这几个独立输出的二元交叉熵"
        ),
        term=_bce_term,
        term_text=both("−[y·ln ŷ + (1 − y)·ln(1 − ŷ)]", "−[y·ln ŷ + (1 − y)·ln(1 − ŷ)]"),
        hint=both(
            "Each output contributes −ln of the probability given to its true label; average them.",
            "每个输出贡献 −ln(给真实标签的概率)；再取平均。",
        ),
        draw=_probability_draw,
        wrong_terms=(
            (
                "wrong_log_base",
                lambda y, yhat: (
                    -(
                        y * np.log10(_probability_clip(yhat))
                        + (1 - y) * np.log10(1 - _probability_clip(yhat))
                    )
                ),
                both(
                    "You used log base 10; cross-entropy uses the natural logarithm ln.",
                    "你用了以 10 为底的对数；交叉熵用的是自然对数 ln。",
                ),
            ),
            (
                "dropped_negative_term",
                lambda y, yhat: -(y * np.log(_probability_clip(yhat))),
                both(
                    "You kept only −y·ln ŷ; outputs with label 0 contribute −ln(1 − ŷ).",
                    "你只保留了 −y·ln ŷ；标签为 0 的输出贡献 −ln(1 − ŷ)。",
                ),
            ),
        ),
        target_seconds=100.0,
    ),
}


def _bce_clip_text(y: np.ndarray, yhat: np.ndarray) -> Text:
    term = fmt(-np.log(EPSILON))
    return both(
        "Keras clips ŷ to [ε, 1 − ε] with ε = 1e-7 before taking logs: the ŷ = 0 of label 1 "
        f"becomes 1e-7, so its term is −ln(1e-7) = {term} (unclipped, −ln 0 would be infinite).",
        "Keras 在取对数之前把 ŷ 裁剪到 [ε, 1 − ε]（ε = 1e-7）：标签为 1 的 ŷ = 0 变成 1e-7，"
        f"这一项是 −ln(1e-7) = {term}（不裁剪的话 −ln 0 是无穷大）。",
    )


def _msle_clip_text(y: np.ndarray, yhat: np.ndarray) -> Text:
    moved = ", ".join(fmt(v) for v in yhat[yhat < EPSILON])
    return both(
        "Keras replaces values below ε = 1e-7 by ε before ln(1 + ·): "
        f"ŷ = {moved} becomes 1e-7, and ln(1 + 1e-7) ≈ 1e-7, practically 0.",
        "Keras 在计算 ln(1 + ·) 之前把小于 ε = 1e-7 的值换成 ε："
        f"ŷ = {moved} 变成 1e-7，而 ln(1 + 1e-7) ≈ 1e-7，几乎为 0。",
    )


#: The edge cases of the elementwise families, by Keras name.
_EDGE_CASES: dict[str, _EdgeCase] = {
    "binary_crossentropy": _EdgeCase(
        draw=_saturated_probability_draw,
        clip_text=_bce_clip_text,
        nudge=both(
            "One prediction is exactly 0: what does Keras do with it before taking the log?",
            "有一个预测恰好是 0：Keras 在取对数之前会怎么处理它？",
        ),
        wrong_terms=(
            (
                "no_epsilon_clipping",
                lambda y, yhat: np.where(_saturated(y, yhat), 0.0, _bce_term(y, yhat)),
                both(
                    "ln 0 is −∞, so Keras first clips predictions to [1e-7, 1 − 1e-7]: ln 0 "
                    "becomes ln(1e-7) ≈ −16.12, and that output's term contributes about 16.12. "
                    "You counted it as 0.",
                    "ln 0 是 −∞，所以 Keras 先把预测裁剪到 [1e-7, 1 − 1e-7]：ln 0 变成 "
                    "ln(1e-7) ≈ −16.12，这个输出的项贡献约 16.12。你把它当成了 0。",
                ),
            ),
            (
                "torch_log_clamp",
                lambda y, yhat: np.where(_saturated(y, yhat), -TORCH_LOG_FLOOR, _bce_term(y, yhat)),
                both(
                    "That is PyTorch's BCELoss, which clamps each log at −100, so the ŷ = 0 "
                    "term counts 100. Keras clips the prediction to [1e-7, 1 − 1e-7] instead: "
                    "the term is −ln(1e-7) ≈ 16.12.",
                    "这是 PyTorch 的 BCELoss 的做法：它把每个对数截断在 −100，于是 ŷ = 0 "
                    "那一项算作 100。Keras 则把预测裁剪到 [1e-7, 1 − 1e-7]："
                    "这一项是 −ln(1e-7) ≈ 16.12。",
                ),
            ),
        ),
    ),
    "mean_squared_logarithmic_error": _EdgeCase(
        draw=_negative_prediction_draw,
        clip_text=_msle_clip_text,
        nudge=both(
            "One prediction is negative: what does Keras do with values below ε before the log?",
            "有一个预测是负数：Keras 在取对数之前会怎么处理小于 ε 的值？",
        ),
        wrong_terms=(
            (
                "no_epsilon_clipping",
                lambda y, yhat: (np.log1p(_msle_floor(y)) - np.log1p(yhat)) ** 2,
                both(
                    "Keras replaces values below ε = 1e-7 by ε before ln(1 + ·), so a negative "
                    "prediction counts as (almost) 0 and its ln(1 + ŷ) ≈ 0. You used the "
                    "negative value itself.",
                    "Keras 在计算 ln(1 + ·) 之前把小于 ε = 1e-7 的值换成 ε，所以负的预测按"
                    "（几乎）0 计算，ln(1 + ŷ) ≈ 0。你直接用了这个负值。",
                ),
            ),
        ),
    ),
}


def _binary_crossentropy(seed: int, saturated: bool | None = None, **unknown: Any) -> Problem:
    """Generate a ``loss.binary_crossentropy.value`` problem.

    Args:
        seed: the seed.
        saturated: whether one output of label 1 is predicted as exactly 0, so that Keras's
            clipping to [ε, 1 − ε] decides its term (−ln ε ≈ 16.12); None (the default)
            chooses it for one seed in :data:`EDGE_CASE_EVERY`.
        **unknown: any other parameter is refused.

    Returns:
        The Problem.

    Raises:
        ValueError: for a parameter that is not a bool (or None), or an unknown one.
    """
    check_params("loss.binary_crossentropy.value", unknown, set())
    edge = _EDGE_CASES["binary_crossentropy"] if _edge_case(seed, saturated, "saturated") else None
    return _elementwise_problem(_ELEMENTWISE["binary_crossentropy"], seed, edge)


def _mean_squared_logarithmic_error(
    seed: int, negative_prediction: bool | None = None, **unknown: Any
) -> Problem:
    """Generate a ``loss.mean_squared_logarithmic_error.value`` problem.

    Args:
        seed: the seed.
        negative_prediction: whether one prediction is negative, so that Keras's floor at ε
            decides its ln(1 + ŷ); None (the default) chooses it for one seed in
            :data:`EDGE_CASE_EVERY`.
        **unknown: any other parameter is refused.

    Returns:
        The Problem.

    Raises:
        ValueError: for a parameter that is not a bool (or None), or an unknown one.
    """
    name = "mean_squared_logarithmic_error"
    check_params(f"loss.{name}.value", unknown, set())
    chosen = _edge_case(seed, negative_prediction, "negative_prediction")
    return _elementwise_problem(_ELEMENTWISE[name], seed, _EDGE_CASES[name] if chosen else None)


# --- the class-wise losses: cross-entropies, KL, categorical hinge, cosine -------------


def _distribution(rng: np.random.Generator, classes: int, step: float, floor: float) -> np.ndarray:
    """A probability vector on a grid of ``step`` with every entry at least ``floor``."""
    units, low = int(round(1 / step)), int(round(floor / step))
    spare = units - low * classes
    cuts = np.sort(rng.integers(0, spare + 1, size=classes - 1))
    parts = np.diff(np.concatenate([[0], cuts, [spare]])) + low
    return np.round(parts * step, 2)


def _class_problem(
    family: str,
    seed: int,
    *,
    prompt: Text,
    data: dict,
    per_sample: np.ndarray,
    steps: Text,
    hint: Text,
    mistakes: list[Mistake],
    target_seconds: float,
) -> Problem:
    answer = float(per_sample.mean())
    final = _final_text(per_sample, answer)
    return Problem(
        family=family,
        seed=seed,
        prompt=prompt,
        data=data,
        answer=answer,
        kind="scalar",
        hint=hint,
        solution=both(f"{steps['en']}\n{final['en']}", f"{steps['zh']}\n{final['zh']}"),
        # a slip that gives exactly the right number for this draw is no slip here
        mistakes=tuple(
            m
            for m in mistakes
            if np.isfinite(m.value) and not np.isclose(m.value, answer, rtol=1e-12, atol=0)
        ),
        target_seconds=target_seconds,
    )


def _samples_sum_mistake(per_sample: np.ndarray) -> list[Mistake]:
    if per_sample.size < 2:
        return []
    return [
        _sum_mistake(
            float(per_sample.sum()), per_sample.size, both("per-sample losses", "样本损失")
        )
    ]


def _neg_log_step(probability: float, value: float) -> str:
    """``−ln p = v``, or the clipped form when Keras moved p = 0 up to ε."""
    if probability < EPSILON:
        return f"−ln(1e-7) = {fmt(value)}"
    return f"−ln {fmt(probability)} = {fmt(value)}"


def _categorical_crossentropy(seed: int, saturated: bool | None = None, **unknown: Any) -> Problem:
    """Generate a ``loss.categorical_crossentropy.value`` problem.

    Args:
        seed: the seed.
        saturated: whether one of two samples gives its true class a probability of exactly 0,
            so that Keras's clipping to [ε, 1 − ε] decides its loss (−ln ε ≈ 16.12); None (the
            default) chooses it for one seed in :data:`EDGE_CASE_EVERY`.
        **unknown: any other parameter is refused.

    Returns:
        The Problem.

    Raises:
        ValueError: for a parameter that is not a bool (or None), or an unknown one.
    """
    check_params("loss.categorical_crossentropy.value", unknown, set())
    chosen = _edge_case(seed, saturated, "saturated")
    keras_note = _KERAS_EPSILON_NOTE if chosen else both("", "")
    hint = both(
        "Categorical cross-entropy is −Σ y·ln ŷ over the classes, averaged over samples.",
        "分类交叉熵是对类别求和的 −Σ y·ln ŷ，再对样本取平均。",
    )
    if chosen:
        hint = both(
            hint["en"] + " One sample gives its true class a probability of exactly 0: what does "
            "Keras do with it before taking the log?",
            hint["zh"] + "有一个样本给真实类别的概率恰好是 0：Keras 在取对数之前会怎么处理它？",
        )

    def build(rng: np.random.Generator) -> Problem:
        # a saturated problem has two samples, so that the clipped one is not the whole answer
        samples, classes = (2 if chosen else int(rng.integers(1, 3))), 3
        labels = rng.integers(0, classes, size=samples)
        y_true = np.eye(classes)[labels]
        y_pred = np.array([_distribution(rng, classes, 0.05, 0.05) for _ in range(samples)])
        if chosen:
            row = int(rng.integers(0, samples))
            others = _distribution(rng, classes - 1, 0.05, 0.05)
            y_pred[row] = np.insert(others, labels[row], 0.0)
        clipped = _probability_clip(y_pred)
        terms = -y_true * np.log(clipped)
        per_sample = terms.sum(axis=1)
        picked = y_pred[np.arange(samples), labels]
        note = _rows_note(samples)
        clip_step = (
            both(
                "Keras clips ŷ to [ε, 1 − ε] with ε = 1e-7 before the log: the true class's "
                f"0 becomes 1e-7, so that sample's loss is −ln(1e-7) = {fmt(-np.log(EPSILON))} "
                "(unclipped, −ln 0 would be infinite).\n",
                "Keras 在取对数之前把 ŷ 裁剪到 [ε, 1 − ε]（ε = 1e-7）：真实类别的 0 变成 1e-7，"
                f"该样本的损失是 −ln(1e-7) = {fmt(-np.log(EPSILON))}"
                "（不裁剪的话 −ln 0 是无穷大）。\n",
            )
            if chosen
            else both("", "")
        )
        listed = [_neg_log_step(p, v) for p, v in zip(picked, per_sample, strict=True)]
        steps = both(
            clip_step["en"]
            + "Only the true class counts: −ln ŷ_true per sample: "
            + "; ".join(listed)
            + ".",
            clip_step["zh"]
            + "只有真实类别起作用，每个样本 −ln ŷ_真实："
            + "；".join(listed)
            + "。",
        )
        bce = -(y_true * np.log(clipped) + (1 - y_true) * np.log(1 - clipped)).sum(axis=1)
        edge_mistakes = []
        if chosen:
            dropped = np.where(picked == 0.0, 0.0, per_sample)
            edge_mistakes.append(
                Mistake(
                    "no_epsilon_clipping",
                    float(dropped.mean()),
                    both(
                        "ln 0 is −∞, so Keras first clips predictions to [1e-7, 1 − 1e-7]: ln 0 "
                        "becomes ln(1e-7) ≈ −16.12, and that sample's loss is about 16.12. "
                        "You counted it as 0.",
                        "ln 0 是 −∞，所以 Keras 先把预测裁剪到 [1e-7, 1 − 1e-7]：ln 0 变成 "
                        "ln(1e-7) ≈ −16.12，该样本的损失约为 16.12。你把它当成了 0。",
                    ),
                )
            )
        mistakes = [
            *edge_mistakes,
            _log_base_mistake(float((-np.log10(_probability_clip(picked))).mean())),
            Mistake(
                "mean_over_classes",
                float(per_sample.mean() / classes),
                both(
                    f"You averaged over the {classes} classes; categorical cross-entropy sums over "
                    "the classes (only the true one is non-zero).",
                    f"你对 {classes} 个类别取了平均；分类交叉熵对类别求和（只有真实类别非零）。",
                ),
            ),
            Mistake(
                "binary_terms_per_class",
                float(bce.mean()),
                both(
                    "You added −ln(1 − ŷ) for the wrong classes (binary cross-entropy per class); "
                    "categorical cross-entropy is −Σ y·ln ŷ only.",
                    "你对错误类别也加了 −ln(1 − ŷ)（按类别做二元交叉熵）；"
                    "分类交叉熵只有 −Σ y·ln ŷ。",
                ),
            ),
            *_samples_sum_mistake(per_sample),
        ]
        return _class_problem(
            "loss.categorical_crossentropy.value",
            seed,
            prompt=both(
                f"Compute the Keras categorical cross-entropy for one-hot targets y and predicted "
                f"probabilities ŷ{note['en']}:\ny = {_shown(y_true)}\nŷ = {_shown(y_pred)}"
                + keras_note["en"],
                f"按 Keras 的定义计算分类交叉熵，y 为 one-hot 目标，ŷ 为预测概率{note['zh']}：\n"
                f"y = {_shown(y_true)}\nŷ = {_shown(y_pred)}" + keras_note["zh"],
            ),
            data={"y_true": plain(y_true), "y_pred": plain(y_pred)},
            per_sample=per_sample,
            steps=steps,
            hint=hint,
            mistakes=mistakes,
            target_seconds=60.0 * samples,
        )

    return draw_distinct(seed, build)


def _sparse_categorical_crossentropy(seed: int) -> Problem:
    def build(rng: np.random.Generator) -> Problem:
        samples, classes = int(rng.integers(1, 3)), int(rng.integers(3, 5))
        labels = rng.integers(0, classes, size=samples)
        y_pred = np.array([_distribution(rng, classes, 0.05, 0.05) for _ in range(samples)])
        picked = y_pred[np.arange(samples), labels]
        per_sample = -np.log(picked)
        note = _rows_note(samples)
        steps = both(
            "Pick the probability at each integer label (counting from 0), then −ln: "
            + "; ".join(
                f"label {k}: −ln {fmt(p)} = {fmt(v)}"
                for k, p, v in zip(labels, picked, per_sample, strict=True)
            )
            + ".",
            "按整数标签（从 0 开始数）取出对应概率，再取 −ln："
            + "；".join(
                f"标签 {k}：−ln {fmt(p)} = {fmt(v)}"
                for k, p, v in zip(labels, picked, per_sample, strict=True)
            )
            + "。",
        )
        mistakes = [
            _log_base_mistake(float((-np.log10(picked)).mean())),
            Mistake(
                "mean_over_classes",
                float(per_sample.mean() / classes),
                both(
                    f"You averaged over the {classes} classes; cross-entropy sums over the "
                    "classes, "
                    "so the loss is just −ln of the true class's probability.",
                    f"你对 {classes} 个类别取了平均；交叉熵对类别求和，"
                    "损失就是 −ln(真实类别的概率)。",
                ),
            ),
        ]
        if np.all(labels >= 1):
            one_based = -np.log(y_pred[np.arange(samples), labels - 1])
            mistakes.append(
                Mistake(
                    "one_based_label",
                    float(one_based.mean()),
                    both(
                        "Labels count from 0: label 1 is the second entry of ŷ.",
                        "标签从 0 开始计数：标签 1 对应 ŷ 的第二个分量。",
                    ),
                )
            )
        mistakes += _samples_sum_mistake(per_sample)
        return _class_problem(
            "loss.sparse_categorical_crossentropy.value",
            seed,
            prompt=both(
                f"Compute the Keras sparse categorical cross-entropy for integer labels "
                f"{fmt_vector(labels)} (classes numbered from 0) and predicted probabilities"
                f"{note['en']}:\nŷ = {_shown(y_pred)}",
                "按 Keras 的定义计算稀疏分类交叉熵："
                f"整数标签 {fmt_vector(labels)}（类别从 0 开始编号），"
                f"预测概率{note['zh']}：\nŷ = {_shown(y_pred)}",
            ),
            data={"labels": plain(labels), "y_pred": plain(y_pred)},
            per_sample=per_sample,
            steps=steps,
            hint=both(
                "The integer label says which probability to take: loss = −ln ŷ[label], "
                "averaged over samples.",
                "整数标签指明取哪个概率：损失 = −ln ŷ[标签]，再对样本取平均。",
            ),
            mistakes=mistakes,
            target_seconds=50.0 * samples,
        )

    return draw_distinct(seed, build)


def _kl_divergence(seed: int) -> Problem:
    def build(rng: np.random.Generator) -> Problem:
        classes = 3
        y_true = _distribution(rng, classes, 0.1, 0.1).reshape(1, classes)
        y_pred = _distribution(rng, classes, 0.1, 0.1).reshape(1, classes)
        if np.array_equal(y_true, y_pred):
            return build(rng)  # identical distributions: KL is 0 and every slip gives 0 too
        terms = y_true * np.log(y_true / y_pred)
        per_sample = terms.sum(axis=1)
        steps = both(
            "Terms y·ln(y/ŷ): " + _values(terms) + f"; sum = {fmt(per_sample[0])}.",
            "各项 y·ln(y/ŷ)：" + _values(terms) + f"；求和 = {fmt(per_sample[0])}。",
        )
        mistakes = [
            Mistake(
                "swapped_true_and_predicted",
                float((y_pred * np.log(y_pred / y_true)).sum()),
                both(
                    "You computed KL(ŷ‖y); Keras's KL divergence is KL(y‖ŷ) = Σ y·ln(y/ŷ), "
                    "and KL is not symmetric.",
                    "你算的是 KL(ŷ‖y)；Keras 的 KL 散度是 KL(y‖ŷ) = Σ y·ln(y/ŷ)，KL 不对称。",
                ),
            ),
            _log_base_mistake(float((y_true * np.log10(y_true / y_pred)).sum())),
            Mistake(
                "cross_entropy_instead",
                float(-(y_true * np.log(y_pred)).sum()),
                both(
                    "That is the cross-entropy −Σ y·ln ŷ; KL subtracts the entropy of y: "
                    "Σ y·ln(y/ŷ).",
                    "那是交叉熵 −Σ y·ln ŷ；KL 散度还要减去 y 的熵：Σ y·ln(y/ŷ)。",
                ),
            ),
            Mistake(
                "mean_over_classes",
                float(per_sample[0] / classes),
                both(
                    f"You averaged over the {classes} classes; KL divergence sums over them.",
                    f"你对 {classes} 个类别取了平均；KL 散度是对类别求和。",
                ),
            ),
        ]
        return _class_problem(
            "loss.kl_divergence.value",
            seed,
            prompt=both(
                "Compute the Keras KL divergence between the true distribution y and the "
                f"predicted ŷ:\ny = {_shown(y_true)}\nŷ = {_shown(y_pred)}",
                "按 Keras 的定义计算真实分布 y 与预测分布 ŷ 之间的 KL 散度：\n"
                f"y = {_shown(y_true)}\nŷ = {_shown(y_pred)}",
            ),
            data={"y_true": plain(y_true), "y_pred": plain(y_pred)},
            per_sample=per_sample,
            steps=steps,
            hint=both(
                "KL(y‖ŷ) = Σ y·ln(y/ŷ), summed over the classes.",
                "KL(y‖ŷ) = Σ y·ln(y/ŷ)，对类别求和。",
            ),
            mistakes=mistakes,
            target_seconds=100.0,
        )

    return draw_distinct(seed, build)


def _categorical_hinge(seed: int) -> Problem:
    def build(rng: np.random.Generator) -> Problem:
        samples, classes = int(rng.integers(1, 3)), 3
        labels = rng.integers(0, classes, size=samples)
        y_true = np.eye(classes)[labels]
        y_pred = _grid(rng, (samples, classes), -1.0, 2.0, 0.1)
        positive = (y_true * y_pred).sum(axis=1)
        negative = ((1 - y_true) * y_pred).max(axis=1)
        per_sample = np.maximum(0.0, negative - positive + 1.0)
        note = _rows_note(samples)
        # neg is the max of (1 − y)·ŷ: the true class enters it as a masked 0, so neg is 0
        # (not the largest wrong-class score) when every wrong-class score is negative.
        masked = [_values(row) for row in (1 - y_true) * y_pred + 0.0]  # no −0
        rows = list(zip(positive, masked, negative, per_sample, strict=True))
        steps = both(
            "\n".join(
                f"Sample {i}: pos = Σ y·ŷ = {fmt(p)}; (1 − y)·ŷ = [{m}] (true class masked "
                f"to 0), neg = its max = {fmt(n)}; max(0, {fmt(n)} − {operand(p)} + 1) = "
                f"{fmt(v)}."
                for i, (p, m, n, v) in enumerate(rows, 1)
            ),
            "\n".join(
                f"样本 {i}：pos = Σ y·ŷ = {fmt(p)}；(1 − y)·ŷ = [{m}]（真实类别被置为 0），"
                f"neg = 其中的最大值 = {fmt(n)}；max(0, {fmt(n)} − {operand(p)} + 1) = {fmt(v)}。"
                for i, (p, m, n, v) in enumerate(rows, 1)
            ),
        )
        summed = ((1 - y_true) * y_pred).sum(axis=1)
        others = np.where(y_true == 1, -np.inf, y_pred).max(axis=1)
        crammer_singer = Mistake(
            "crammer_singer",
            float(np.maximum(0.0, others - positive + 1.0).mean()),
            both(
                "That is the Crammer–Singer hinge, with neg = the largest other score. Keras "
                "takes neg = max((1 − y)·ŷ), where the true class's entry counts as 0, so neg "
                "is never below 0.",
                "这是 Crammer–Singer 形式的 hinge，neg 取其他类别得分的最大值。Keras 取 "
                "neg = max((1 − y)·ŷ)，真实类别那一项记为 0，所以 neg 不会小于 0。",
            ),
        )
        mistakes = [
            *apart_from_answer([crammer_singer], float(per_sample.mean()), atol=1e-9),
            Mistake(
                "summed_negatives",
                float(np.maximum(0.0, summed - positive + 1.0).mean()),
                both(
                    "neg is the largest wrong-class score, not the sum of them.",
                    "neg 是错误类别得分中的最大值，不是它们的和。",
                ),
            ),
            Mistake(
                "missing_max",
                float((negative - positive + 1.0).mean()),
                both(
                    "You dropped the max(0, ·): a sample whose true score wins by a margin of 1 "
                    "contributes 0, never a negative amount.",
                    "你漏掉了 max(0, ·)：真实类别得分领先 1 以上的样本贡献 0，不会是负数。",
                ),
            ),
            *_samples_sum_mistake(per_sample),
        ]
        return _class_problem(
            "loss.categorical_hinge.value",
            seed,
            prompt=both(
                f"Compute the Keras categorical hinge loss for one-hot targets y and scores ŷ"
                f"{note['en']}:\ny = {_shown(y_true)}\nŷ = {_shown(y_pred)}",
                f"按 Keras 的定义计算类别合页损失，y 为 one-hot 目标，ŷ 为得分{note['zh']}：\n"
                f"y = {_shown(y_true)}\nŷ = {_shown(y_pred)}",
            ),
            data={"y_true": plain(y_true), "y_pred": plain(y_pred)},
            per_sample=per_sample,
            steps=steps,
            hint=both(
                "pos = Σ y·ŷ (the true class's score), neg = max of (1 − y)·ŷ; "
                "loss = max(0, neg − pos + 1).",
                "pos = Σ y·ŷ（真实类别得分），neg = (1 − y)·ŷ 的最大值；"
                "损失 = max(0, neg − pos + 1)。",
            ),
            mistakes=mistakes,
            target_seconds=60.0 * samples,
        )

    return draw_distinct(seed, build)


def _cosine_similarity(seed: int) -> Problem:
    def build(rng: np.random.Generator) -> Problem:
        width = int(rng.integers(2, 4))
        y_true = _grid(rng, (1, width), -2.0, 2.0, 0.5)
        y_pred = _grid(rng, (1, width), -2.0, 2.0, 0.5)
        norm_true, norm_pred = float(np.sqrt((y_true**2).sum())), float(np.sqrt((y_pred**2).sum()))
        if norm_true == 0 or norm_pred == 0:
            return build(rng)  # a zero vector has no direction: draw again
        dot = float((y_true * y_pred).sum())
        if dot == 0:
            return build(rng)  # orthogonal: the loss is 0 whatever its sign, so draw again
        cosine = dot / (norm_true * norm_pred)
        per_sample = np.array([-cosine])
        steps = both(
            f"y·ŷ = {fmt(dot)}, ‖y‖ = {fmt(norm_true)}, ‖ŷ‖ = {fmt(norm_pred)}; "
            f"cos = {fmt(dot)} / ({fmt(norm_true)}·{fmt(norm_pred)}) = {fmt(cosine)}; "
            "Keras returns the negative cosine.",
            f"y·ŷ = {fmt(dot)}，‖y‖ = {fmt(norm_true)}，‖ŷ‖ = {fmt(norm_pred)}；"
            f"cos = {fmt(dot)} / ({fmt(norm_true)}·{fmt(norm_pred)}) = {fmt(cosine)}；"
            "Keras 返回余弦的相反数。",
        )
        mistakes = [
            Mistake(
                "positive_cosine",
                cosine,
                both(
                    "Keras's cosine_similarity loss is the negative cosine (so that minimising it "
                    "aligns the vectors); you gave +cos.",
                    "Keras 的 cosine_similarity 损失是余弦的相反数"
                    "（最小化它才能让向量对齐）；你给的是 +cos。",
                ),
            ),
            Mistake(
                "cosine_distance",
                1.0 - cosine,
                both(
                    "That is the cosine distance 1 − cos; the Keras loss is −cos.",
                    "那是余弦距离 1 − cos；Keras 的损失是 −cos。",
                ),
            ),
            Mistake(
                "not_normalised",
                -dot,
                both(
                    "You forgot to divide the dot product by ‖y‖·‖ŷ‖.", "你忘了把点积除以 ‖y‖·‖ŷ‖。"
                ),
            ),
        ]
        return _class_problem(
            "loss.cosine_similarity.value",
            seed,
            prompt=both(
                "Compute the Keras cosine_similarity loss between\n"
                f"y = {_shown(y_true)}\nŷ = {_shown(y_pred)}",
                "按 Keras 的定义计算 cosine_similarity 损失：\n"
                f"y = {_shown(y_true)}\nŷ = {_shown(y_pred)}",
            ),
            data={"y_true": plain(y_true), "y_pred": plain(y_pred)},
            per_sample=per_sample,
            steps=steps,
            hint=both(
                "cos = y·ŷ / (‖y‖·‖ŷ‖), and mind the sign Keras puts on it.",
                "cos = y·ŷ / (‖y‖·‖ŷ‖)，注意 Keras 给它加的符号。",
            ),
            mistakes=mistakes,
            target_seconds=90.0,
        )

    return draw_distinct(seed, build)


def _elementwise_generator(name: str):
    def generate(seed: int) -> Problem:
        return _elementwise_problem(_ELEMENTWISE[name], seed)

    generate.__doc__ = f"Generate a ``loss.{name}.value`` problem for ``seed``."
    return generate


def _huber(seed: int, delta: float = 1.0) -> Problem:
    """Generate a ``loss.huber.value`` problem.

    Args:
        seed: the seed.
        delta: Huber's δ (Keras default 1.0); must be positive.
    """
    if not isinstance(delta, int | float) or not delta > 0:
        raise ValueError(f"delta must be a positive number, not {delta!r}")
    return _elementwise_problem(_huber_spec(float(delta)), seed)


FAMILIES = {
    **{f"loss.{name}.value": _elementwise_generator(name) for name in _ELEMENTWISE},
    "loss.huber.value": _huber,
    "loss.binary_crossentropy.value": _binary_crossentropy,
    "loss.mean_squared_logarithmic_error.value": _mean_squared_logarithmic_error,
    "loss.categorical_hinge.value": _categorical_hinge,
    "loss.categorical_crossentropy.value": _categorical_crossentropy,
    "loss.sparse_categorical_crossentropy.value": _sparse_categorical_crossentropy,
    "loss.kl_divergence.value": _kl_divergence,
    "loss.cosine_similarity.value": _cosine_similarity,
}
