"""Problem families on losses that compare embeddings: contrastive, triplet and InfoNCE.

Each answer comes from :mod:`engine.embedding_losses`; the prompt states the convention it
follows (which label marks a similar pair, the factor ½, Euclidean or squared distance,
cosine similarity, the mean over the batch, the natural log), because these are exactly what
differs between papers and libraries. Every listed mistake is the value a classic slip gives.
Answers are graded at the precision policy's figures (see :mod:`engine.precision`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from engine import embedding_losses, losses, precision
from engine.formatting import fmt, fmt_vector, operand, point_text, subscript
from engine.problem import Problem, Tolerance
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

# ------------------------------------------------------------------------- contrastive loss

#: Pairs per contrastive problem: enough for both kinds of pair and a mean that is not a sum.
CONTRASTIVE_PAIRS = 3


def _contrastive_terms(
    distance: np.ndarray, similar: np.ndarray, margin: float, slip: str | None
) -> np.ndarray:
    """Per-pair terms; ``slip`` names a classic mistake to reproduce."""
    if slip == "swapped_labels":
        similar = 1 - similar
    pull = 0.5 * distance**2
    if slip == "squared_inside_max":
        push = 0.5 * np.maximum(0.0, margin - distance**2)
    else:
        push = 0.5 * np.maximum(0.0, margin - distance) ** 2
    return np.where(similar == 1, pull, push)


def contrastive_value(seed: int, **params: Any) -> Problem:
    """The mean contrastive loss (Hadsell, Chopra and LeCun, with ½) of three embedding pairs."""
    family = "loss.contrastive.value"
    check_params(family, params, set())

    def attempt(rng: np.random.Generator) -> Problem | None:
        first = short_array(rng, (CONTRASTIVE_PAIRS, 2), -1, 1.5, 0.5)
        second = short_array(rng, (CONTRASTIVE_PAIRS, 2), -1, 1.5, 0.5)
        similar = rng.integers(0, 2, size=CONTRASTIVE_PAIRS)
        margin = float(rng.choice([1.0, 1.5, 2.0]))
        squared = ((first - second) ** 2).sum(axis=1)
        distance = np.sqrt(squared)
        inside = (similar == 0) & (distance < margin)
        if distance.min() == 0 or similar.min() == similar.max() or not inside.any():
            return None
        answer = clean(embedding_losses.contrastive(first, second, similar, margin))
        terms = _contrastive_terms(distance, similar, margin, None)
        lines = SolutionLines()
        lines.add(
            "d = ‖x − x′‖ (Euclidean); similar (y = 1): ½·d²; dissimilar (y = 0): "
            "½·max(0, m − d)².",
            "d = ‖x − x′‖（欧氏距离）；相似（y = 1）：½·d²；不相似（y = 0）：½·max(0, m − d)²。",
        )
        for i in range(CONTRASTIVE_PAIRS):
            d2, d, term = squared[i], distance[i], terms[i]
            head_en = f"Pair {i + 1}: d² = {fmt(d2)}, d = {fmt(d)}"
            head_zh = f"第 {i + 1} 对：d² = {fmt(d2)}，d = {fmt(d)}"
            if similar[i] == 1:
                lines.add(
                    f"{head_en}, similar: ½·{fmt(d2)} = {fmt(term)}",
                    f"{head_zh}，相似：½·{fmt(d2)} = {fmt(term)}",
                )
            elif d < margin:
                lines.add(
                    f"{head_en} < m, dissimilar: ½·({fmt(margin)} − {fmt(d)})² = {fmt(term)}",
                    f"{head_zh} < m，不相似：½·({fmt(margin)} − {fmt(d)})² = {fmt(term)}",
                )
            else:
                lines.add(
                    f"{head_en} ≥ m = {fmt(margin)}, dissimilar: beyond the margin, 0",
                    f"{head_zh} ≥ m = {fmt(margin)}，不相似：已在间隔之外，损失为 0",
                )
        lines.add(
            f"Mean = ({' + '.join(operand(t) for t in terms)})/{CONTRASTIVE_PAIRS} = {fmt(answer)}",
            f"平均 = ({' + '.join(operand(t) for t in terms)})/{CONTRASTIVE_PAIRS} = {fmt(answer)}",
        )

        def value(slip: str) -> float:
            return clean(_contrastive_terms(distance, similar, margin, slip).mean())

        mistakes = [
            make_mistake(
                "squared_inside_max",
                value("squared_inside_max"),
                "You wrote ½·max(0, m − d²) for a dissimilar pair; the hinge on the distance is "
                "squared after the max: ½·max(0, m − d)².",
                "你把不相似对写成了 ½·max(0, m − d²)；应先对距离取 max 再平方：½·max(0, m − d)²。",
            ),
            make_mistake(
                "swapped_labels",
                value("swapped_labels"),
                "You swapped the labels: here y = 1 marks a similar pair, which pays ½·d², and "
                "y = 0 a dissimilar one (Hadsell et al.'s paper writes it the other way round, so "
                "always read the stated convention).",
                "你把标签弄反了：这里 y = 1 表示相似对，损失为 ½·d²；y = 0 表示不相似对"
                "（Hadsell 等人的论文恰好相反，所以一定要看清题目给出的约定）。",
            ),
            make_mistake(
                "no_half",
                clean(2 * terms.mean()),
                "You dropped the factor ½ of each term (some libraries, such as TensorFlow "
                "Addons, leave it out); the loss asked for keeps it.",
                "你漏掉了每一项的系数 ½（有些库，比如 TensorFlow Addons，确实不带它）；"
                "题目要求的损失保留这个 ½。",
            ),
            make_mistake(
                "sum_instead_of_mean",
                clean(terms.sum()),
                f"You summed the {CONTRASTIVE_PAIRS} pairs' losses (the paper's total); the loss "
                "asked for is their mean.",
                f"你把 {CONTRASTIVE_PAIRS} 对的损失相加了（论文里的总和）；题目要求的是平均值。",
            ),
        ]
        pairs_en = "\n".join(
            f"Pair {i + 1}: x = {point_text(first[i])}, x′ = {point_text(second[i])}, "
            + ("similar (y = 1)" if similar[i] == 1 else "dissimilar (y = 0)")
            for i in range(CONTRASTIVE_PAIRS)
        )
        pairs_zh = "\n".join(
            f"第 {i + 1} 对：x = {point_text(first[i])}，x′ = {point_text(second[i])}，"
            + ("相似（y = 1）" if similar[i] == 1 else "不相似（y = 0）")
            for i in range(CONTRASTIVE_PAIRS)
        )
        return Problem(
            family=family,
            seed=seed,
            prompt=both(
                "Compute the contrastive loss of Hadsell, Chopra and LeCun with margin "
                f"m = {fmt(margin)}: with the Euclidean distance d = ‖x − x′‖, a similar pair "
                "(y = 1) costs ½·d² and a dissimilar pair (y = 0) costs ½·max(0, m − d)². "
                f"Give the mean over the {CONTRASTIVE_PAIRS} pairs.\n{pairs_en}",
                f"计算 Hadsell、Chopra 和 LeCun 的对比损失，间隔 m = {fmt(margin)}："
                "用欧氏距离 d = ‖x − x′‖，相似对（y = 1）的损失为 ½·d²，不相似对（y = 0）的损失为 "
                f"½·max(0, m − d)²。给出 {CONTRASTIVE_PAIRS} 对的平均损失。\n{pairs_zh}",
            ),
            data={
                "first": plain(first),
                "second": plain(second),
                "similar": plain(similar),
                "margin": margin,
            },
            answer=answer,
            kind="scalar",
            hint=both(
                "Distance of each pair first; a dissimilar pair farther apart than m costs 0.",
                "先算每一对的距离；距离超过 m 的不相似对损失为 0。",
            ),
            solution=lines.text(),
            mistakes=tuple(mistakes),
            target_seconds=180.0,
        )

    return draw_clear(seed, attempt)


# --------------------------------------------------------------------------- triplet loss

#: Triplets per problem: PyTorch averages over the batch, and a second triplet lets one of
#: them be "easy" (zero loss) while the other is not.
TRIPLETS = 2
#: A triplet whose d(a, p) − d(a, n) + margin lies this close to 0 is redrawn: whether it
#: counts would then hinge on rounding.
HINGE_CLEARANCE = 0.05
#: How close (in units of the last stated place) the plain Euclidean answer may come to a
#: rounding boundary: PyTorch's eps moves the answer by about 10⁻⁶, which must not decide the
#: last digit.
ROUNDING_CLEARANCE = 0.1


def _triplet_terms(
    a: np.ndarray, p: np.ndarray, n: np.ndarray, margin: float, slip: str | None
) -> np.ndarray:
    """Per-triplet terms with plain Euclidean distances; ``slip`` names a classic mistake."""
    to_positive = np.linalg.norm(a - p, axis=1)
    to_negative = np.linalg.norm(a - n, axis=1)
    if slip == "squared_distances":
        to_positive, to_negative = to_positive**2, to_negative**2
    if slip == "sign_swapped":
        to_positive, to_negative = to_negative, to_positive
    inner = to_positive - to_negative + margin
    return inner if slip == "forgot_max" else np.maximum(0.0, inner)


def _near_rounding_boundary(value: float) -> bool:
    """Whether ``value`` lies within :data:`ROUNDING_CLEARANCE` units of a half unit of the
    stated precision (where a change of 10⁻⁶ could flip the last digit)."""
    tolerance = Tolerance(sigfigs=precision.SIGNIFICANT_FIGURES)
    step = precision.unit(tolerance, value)
    if step == 0:
        return False
    offset = (value / step) % 1.0
    return abs(offset - 0.5) < ROUNDING_CLEARANCE


def _root(squared: float) -> str:
    """A distance from its square, as a solution line shows it: "√5 = 2.236", or "2"."""
    root = float(np.sqrt(squared))
    return fmt(root) if root == round(root) else f"√{fmt(squared)} = {fmt(root)}"


def triplet_value(seed: int, **params: Any) -> Problem:
    """The mean triplet margin loss of two triplets, as torch.nn.TripletMarginLoss computes it."""
    family = "loss.triplet.value"
    check_params(family, params, set())

    def attempt(rng: np.random.Generator) -> Problem | None:
        a = short_array(rng, (TRIPLETS, 2), -2, 2, 1)
        p = short_array(rng, (TRIPLETS, 2), -2, 2, 1)
        n = short_array(rng, (TRIPLETS, 2), -2, 2, 1)
        margin = float(rng.choice([0.5, 1.0, 1.5]))
        to_positive = np.linalg.norm(a - p, axis=1)
        to_negative = np.linalg.norm(a - n, axis=1)
        if to_positive.min() == 0 or to_negative.min() == 0:
            return None
        inner = to_positive - to_negative + margin
        if np.abs(inner).min() < HINGE_CLEARANCE or inner.max() <= 0:
            return None
        terms = _triplet_terms(a, p, n, margin, None)
        if _near_rounding_boundary(float(terms.mean())):
            return None
        answer = clean(embedding_losses.triplet_margin(a, p, n, margin))
        lines = SolutionLines()
        lines.add(
            "Per triplet: max(0, d(a, p) − d(a, n) + margin), d the Euclidean distance.",
            "每个三元组：max(0, d(a, p) − d(a, n) + margin)，d 为欧氏距离。",
        )
        for i in range(TRIPLETS):
            ap = f"d(a, p) = {_root(float(((a[i] - p[i]) ** 2).sum()))}"
            an = f"d(a, n) = {_root(float(((a[i] - n[i]) ** 2).sum()))}"
            hinge = (
                f"max(0, {fmt(to_positive[i])} − {fmt(to_negative[i])} + {fmt(margin)}) "
                f"= {fmt(terms[i])}"
            )
            lines.add(
                f"Triplet {i + 1}: {ap}, {an}; {hinge}",
                f"第 {i + 1} 个三元组：{ap}，{an}；{hinge}",
            )
        lines.add(
            f"Mean = ({' + '.join(operand(t) for t in terms)})/{TRIPLETS} = {fmt(answer)}",
            f"平均 = ({' + '.join(operand(t) for t in terms)})/{TRIPLETS} = {fmt(answer)}",
        )
        lines.add(
            "(PyTorch adds eps = 10⁻⁶ to each coordinate difference; it does not change the "
            "stated figures.)",
            "（PyTorch 会给每个坐标差加上 eps = 10⁻⁶；这不影响题目要求的有效数字。）",
        )

        def value(slip: str) -> float:
            return clean(_triplet_terms(a, p, n, margin, slip).mean())

        candidates = [
            make_mistake(
                "squared_distances",
                value("squared_distances"),
                "You used squared distances (FaceNet's form); TripletMarginLoss with p = 2 "
                "uses the Euclidean distance itself.",
                "你用了距离的平方（FaceNet 的写法）；p = 2 的 TripletMarginLoss "
                "用的是欧氏距离本身。",
            ),
            make_mistake(
                "forgot_max",
                value("forgot_max"),
                "You dropped the max(0, ·): a triplet whose negative is already far enough costs "
                "0, not a negative amount.",
                "你漏掉了 max(0, ·)：负样本已经足够远的三元组损失为 0，而不是负数。",
            ),
            make_mistake(
                "sign_swapped",
                value("sign_swapped"),
                "You swapped the two distances: the loss is d(a, p) − d(a, n) + margin, large "
                "when the negative is not farther from the anchor than the positive.",
                "你把两个距离弄反了：损失是 d(a, p) − d(a, n) + margin，"
                "负样本不比正样本离锚点更远时它才大。",
            ),
            make_mistake(
                "sum_instead_of_mean",
                clean(terms.sum()),
                "You summed the triplets' losses; TripletMarginLoss averages them "
                "(reduction='mean').",
                "你把各三元组的损失相加了；TripletMarginLoss 默认取平均（reduction='mean'）。",
            ),
        ]
        mistakes = apart_from_answer(candidates, answer, atol=1e-9)
        triplets_text = "\n".join(
            f"a{subscript(i + 1)} = {point_text(a[i])}, p{subscript(i + 1)} = {point_text(p[i])}, "
            f"n{subscript(i + 1)} = {point_text(n[i])}"
            for i in range(TRIPLETS)
        )
        return Problem(
            family=family,
            seed=seed,
            prompt=both(
                f"Compute PyTorch's TripletMarginLoss(margin={fmt(margin)}, p=2) with its default "
                "reduction='mean': max(0, d(a, p) − d(a, n) + margin) per triplet, d the "
                f"Euclidean distance, averaged over the {TRIPLETS} triplets (anchor a, "
                f"positive p, negative n).\n{triplets_text}",
                f"计算 PyTorch 的 TripletMarginLoss(margin={fmt(margin)}, p=2)，使用默认的 "
                "reduction='mean'：每个三元组的损失为 max(0, d(a, p) − d(a, n) + margin)，"
                f"d 为欧氏距离，再对 {TRIPLETS} 个三元组（锚点 a、正样本 p、负样本 n）取平均。\n"
                f"{triplets_text}",
            ),
            data={
                "anchor": plain(a),
                "positive": plain(p),
                "negative": plain(n),
                "margin": margin,
            },
            answer=answer,
            kind="scalar",
            hint=both(
                "Two distances per triplet; a triplet whose negative is farther than the "
                "positive by at least the margin costs 0.",
                "每个三元组算两个距离；负样本比正样本远出至少一个间隔时，该三元组损失为 0。",
            ),
            solution=lines.text(),
            mistakes=tuple(mistakes),
            target_seconds=180.0,
        )

    return draw_clear(seed, attempt)


# --------------------------------------------------------------------------------- InfoNCE

#: The smallest answer kept: a loss of 10⁻⁵ nats would say only that the positive wins.
SMALLEST_INFONCE = 0.01


def _infonce_value(q: np.ndarray, keys: np.ndarray, temperature: float, slip: str | None) -> float:
    """InfoNCE with ``keys[0]`` the positive; ``slip`` names a classic mistake to reproduce."""
    if slip == "dot_product":
        similarity = keys @ q
    else:
        similarity = (keys @ q) / (np.linalg.norm(keys, axis=1) * np.linalg.norm(q))
    logits = similarity / (1.0 if slip == "no_temperature" else temperature)
    pool = logits[1:] if slip == "positive_not_in_denominator" else logits
    return losses.logsumexp(pool) - float(logits[0])


def infonce_value(seed: int, **params: Any) -> Problem:
    """InfoNCE (NT-Xent) of one anchor, one positive and two or three negatives."""
    family = "loss.infonce.value"
    check_params(family, params, set())

    def attempt(rng: np.random.Generator) -> Problem | None:
        negatives_count = int(rng.integers(2, 4))
        q = short_array(rng, 2, -2, 2, 1)
        keys = short_array(rng, (negatives_count + 1, 2), -2, 2, 1)
        temperature = float(rng.choice([0.1, 0.2, 0.5]))
        if not np.any(q) or np.any(~keys.any(axis=1)):
            return None
        answer = clean(embedding_losses.info_nce(q, keys[0], keys[1:], temperature))
        if answer < SMALLEST_INFONCE:
            return None
        cosines = embedding_losses.cosine_similarities(q, keys)
        logits = cosines / temperature
        top = float(logits.max())
        lse = losses.logsumexp(logits)
        names = ["k⁺"] + [f"k{subscript(j)}" for j in range(1, negatives_count + 1)]
        lines = SolutionLines()
        lines.add(
            f"‖q‖ = {fmt(np.linalg.norm(q))}; cosine s = q·k/(‖q‖·‖k‖):",
            f"‖q‖ = {fmt(np.linalg.norm(q))}；余弦相似度 s = q·k/(‖q‖·‖k‖)：",
        )
        for name, key, cosine in zip(names, keys, cosines, strict=True):
            lines.add(
                f"{name}: {fmt(float(key @ q))}/({fmt(np.linalg.norm(q))}·"
                f"{fmt(np.linalg.norm(key))}) = {fmt(cosine)}"
            )
        lines.add(
            f"Logits s/τ (τ = {fmt(temperature)}): {fmt_vector(logits)}",
            f"logits s/τ（τ = {fmt(temperature)}）：{fmt_vector(logits)}",
        )
        lines.add(
            f"ln Σ exp(s/τ) = {fmt(top)} + ln Σ exp(s/τ − {fmt(top)}) = {fmt(lse)}",
        )
        lines.add(
            f"L = ln Σ exp(s/τ) − s⁺/τ = {fmt(lse)} − {operand(logits[0])} = {fmt(answer)}",
        )

        def value(slip: str) -> float:
            return clean(_infonce_value(q, keys, temperature, slip))

        candidates = [
            make_mistake(
                "no_temperature",
                value("no_temperature"),
                f"You forgot the temperature: the logits are s/τ with τ = {fmt(temperature)}, "
                "not the similarities themselves.",
                f"你忘了温度：logits 是 s/τ（τ = {fmt(temperature)}），不是相似度本身。",
            ),
            make_mistake(
                "positive_not_in_denominator",
                value("positive_not_in_denominator"),
                "You left the positive out of the denominator; the softmax runs over the "
                "positive and all negatives (it is a classification with the positive as the "
                "correct class).",
                "你把正样本从分母中漏掉了；softmax 要对正样本和所有负样本一起计算"
                "（这是一个以正样本为正确类别的分类问题）。",
            ),
            make_mistake(
                "dot_product",
                value("dot_product"),
                "You used the dot product q·k; the similarity here is the cosine, "
                "q·k/(‖q‖·‖k‖), so the vectors' lengths do not count.",
                "你用了点积 q·k；这里的相似度是余弦相似度 q·k/(‖q‖·‖k‖)，向量的长度不起作用。",
            ),
        ]
        mistakes = apart_from_answer(candidates, answer, atol=1e-9)
        negatives = [
            f"{name} = {point_text(key)}" for name, key in zip(names[1:], keys[1:], strict=True)
        ]
        return Problem(
            family=family,
            seed=seed,
            prompt=both(
                f"Compute the InfoNCE (NT-Xent) loss of the anchor q = {point_text(q)} with the "
                f"positive k⁺ = {point_text(keys[0])} and the negatives {', '.join(negatives)}, at "
                f"temperature τ = {fmt(temperature)}: L = −ln( exp(s⁺/τ) / Σ exp(s/τ) ), the sum "
                "over the positive and the negatives, s the cosine similarity with q. Use the "
                "natural log.",
                f"计算锚点 q = {point_text(q)} 的 InfoNCE（NT-Xent）损失，正样本 "
                f"k⁺ = {point_text(keys[0])}，负样本 {'，'.join(negatives)}，"
                f"温度 τ = {fmt(temperature)}：L = −ln( exp(s⁺/τ) / Σ exp(s/τ) )，"
                "求和包括正样本和所有负样本，s 为与 q 的余弦相似度。用自然对数。",
            ),
            data={
                "anchor": plain(q),
                "positive": plain(keys[0]),
                "negatives": plain(keys[1:]),
                "temperature": temperature,
            },
            answer=answer,
            kind="scalar",
            hint=both(
                "Cosine similarities, divide by τ, then the softmax cross-entropy with the "
                "positive as the correct class: ln Σ exp(s/τ) − s⁺/τ.",
                "先算余弦相似度，再除以 τ，然后以正样本为正确类别算 softmax 交叉熵："
                "ln Σ exp(s/τ) − s⁺/τ。",
            ),
            solution=lines.text(),
            mistakes=tuple(mistakes),
            target_seconds=240.0,
        )

    return draw_clear(seed, attempt)


FAMILIES: dict[str, Callable[..., Problem]] = {
    "loss.contrastive.value": contrastive_value,
    "loss.triplet.value": triplet_value,
    "loss.infonce.value": infonce_value,
}
