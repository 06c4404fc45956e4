"""Contrastive, triplet margin and InfoNCE losses: the engine functions against independent
references (scikit-learn's distances, cosines and log-loss, SciPy's log-sum-exp, the formulas as
TensorFlow Addons and PyTorch's ATen write them, plain loops, worked examples from the deck),
and the generated problems' answers and mistakes recomputed from their data by that code."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.special import logsumexp as scipy_logsumexp
from sklearn.metrics import log_loss
from sklearn.metrics.pairwise import cosine_similarity, paired_euclidean_distances

from engine import embedding_losses
from engine.problems import generate

SEEDS = range(40)
#: PyTorch's TripletMarginLoss / pairwise_distance default eps.
TORCH_EPS = 1e-6


# ------------------------------------------------------------------------ reference code


def _contrastive_loop(first, second, similar, margin: float) -> float:
    """Hadsell et al.'s loss with ½, y = 1 similar, averaged, one pair at a time."""
    total = 0.0
    for x, x_prime, y in zip(first, second, similar, strict=True):
        d = math.dist(x, x_prime)
        total += 0.5 * d * d if y == 1 else 0.5 * max(0.0, margin - d) ** 2
    return total / len(first)


def _tfa_contrastive(distance: np.ndarray, similar: np.ndarray, margin: float) -> np.ndarray:
    """tensorflow_addons.losses.contrastive_loss: y·d² + (1 − y)·max(m − d, 0)², no ½."""
    return similar * distance**2 + (1 - similar) * np.maximum(margin - distance, 0.0) ** 2


def _torch_distance(x, y, eps: float) -> float:
    """ATen's pairwise_distance for p = 2, written out: ‖x − y + eps‖₂, coordinate by coordinate."""
    return math.sqrt(sum((xi - yi + eps) ** 2 for xi, yi in zip(x, y, strict=True)))


def _torch_triplet(anchor, positive, negative, margin: float, eps: float, swap: bool) -> float:
    """ATen's triplet_margin_loss with reduction='mean', one triplet at a time."""
    losses = []
    for a, p, n in zip(anchor, positive, negative, strict=True):
        d_pos = _torch_distance(a, p, eps)
        d_neg = _torch_distance(a, n, eps)
        if swap:
            d_neg = min(d_neg, _torch_distance(p, n, eps))
        losses.append(max(margin + d_pos - d_neg, 0.0))
    return sum(losses) / len(losses)


def _infonce_by_log_loss(similarities: np.ndarray, temperature: float) -> float:
    """The cross-entropy identity: InfoNCE is the log-loss of a softmax over the candidates,
    the positive (index 0) being the right class. The softmax is written with exp and a sum."""
    logits = similarities / temperature
    weights = np.exp(logits - logits.max())
    probabilities = weights / weights.sum()
    classes = list(range(len(similarities)))
    return float(log_loss([0], [probabilities], labels=classes))


# ---------------------------------------------------------------------- contrastive (engine)


def test_contrastive_is_half_the_deck_card_worked_example() -> None:
    # contrastive.value: d = 0.3, m = 1 gives 0.09 (similar) and 0.49 (dissimilar) without ½
    first = [[0.0, 0.0], [0.0, 0.0]]
    second = [[0.3, 0.0], [0.0, 0.3]]
    terms = embedding_losses.contrastive_terms(first, second, [1, 0], margin=1.0)
    assert terms == pytest.approx([0.09 / 2, 0.49 / 2], rel=1e-12)
    # the mean of the two halved terms
    assert embedding_losses.contrastive(first, second, [1, 0], 1.0) == pytest.approx(
        (0.09 + 0.49) / 4
    )


def test_contrastive_matches_a_loop_and_half_of_tensorflow_addons() -> None:
    rng = np.random.default_rng(2)
    for _ in range(25):
        pairs, dim = int(rng.integers(1, 7)), int(rng.integers(1, 5))
        first, second = rng.normal(size=(pairs, dim)), rng.normal(size=(pairs, dim))
        similar = rng.integers(0, 2, size=pairs)
        margin = float(rng.uniform(0.2, 3.0))
        value = embedding_losses.contrastive(first, second, similar, margin)
        assert value == pytest.approx(_contrastive_loop(first, second, similar, margin), rel=1e-12)
        distance = paired_euclidean_distances(first, second)
        tfa = _tfa_contrastive(distance, similar, margin)
        assert value == pytest.approx(0.5 * tfa.mean(), rel=1e-12)


def test_contrastive_dissimilar_pair_beyond_the_margin_costs_nothing() -> None:
    terms = embedding_losses.contrastive_terms([[0, 0], [0, 0]], [[3, 4], [0.6, 0.8]], [0, 0], 5.0)
    assert terms[0] == 0.0  # d = 5 = m
    assert terms[1] == pytest.approx(0.5 * 4.0**2)  # d = 1: ½·(5 − 1)²


@pytest.mark.parametrize(
    ("first", "second", "similar", "margin"),
    [
        ([[0, 0]], [[1, 1]], [2], 1.0),  # a label that is neither 0 nor 1
        ([[0, 0]], [[1, 1]], [1, 0], 1.0),  # one label too many
        ([[0, 0]], [[1, 1, 1]], [1], 1.0),  # mismatched shapes
        ([[0, 0]], [[1, 1]], [1], 0.0),  # no margin
        ([[0, np.nan]], [[1, 1]], [1], 1.0),
    ],
)
def test_contrastive_rejects_bad_input(first, second, similar, margin) -> None:
    with pytest.raises(ValueError):
        embedding_losses.contrastive(first, second, similar, margin)


# -------------------------------------------------------------------------- triplet (engine)


def test_triplet_deck_card_worked_example() -> None:
    # triplet.value: a = (1, 0), p = (1, 1), n = (2, 1), margin 1: 1 − √2 + 1
    exact = 2 - math.sqrt(2)
    assert embedding_losses.triplet_margin([1, 0], [1, 1], [2, 1], 1.0, eps=0.0) == pytest.approx(
        exact, rel=1e-15
    )
    # PyTorch's eps moves it by about 10⁻⁶ only
    assert embedding_losses.triplet_margin([1, 0], [1, 1], [2, 1]) == pytest.approx(exact, abs=1e-5)


def test_triplet_matches_aten_written_out_with_and_without_swap() -> None:
    rng = np.random.default_rng(4)
    for _ in range(25):
        batch, dim = int(rng.integers(1, 6)), int(rng.integers(1, 5))
        a, p, n = (rng.normal(size=(batch, dim)) for _ in range(3))
        margin = float(rng.uniform(0.1, 2.0))
        for swap in (False, True):
            value = embedding_losses.triplet_margin(a, p, n, margin, swap=swap)
            expected = _torch_triplet(a, p, n, margin, TORCH_EPS, swap)
            assert value == pytest.approx(expected, rel=1e-12, abs=1e-15)


def test_triplet_without_eps_uses_plain_euclidean_distances() -> None:
    rng = np.random.default_rng(6)
    a, p, n = (rng.normal(size=(5, 3)) for _ in range(3))
    expected = np.maximum(
        0.0, paired_euclidean_distances(a, p) - paired_euclidean_distances(a, n) + 0.7
    )
    assert embedding_losses.triplet_margin_terms(a, p, n, 0.7, eps=0.0) == pytest.approx(expected)


def test_triplet_eps_is_added_to_each_difference_as_pytorch_does() -> None:
    # Identical anchor and positive: the difference is eps in each of the 4 coordinates, so
    # d(a, p) = 2·eps, not 0 (torch.nn.functional.pairwise_distance(x, x) is eps·√D).
    a = np.array([[0.5, -1.0, 2.0, 0.0]])
    n = a + np.array([[3.0, 0.0, 0.0, 4.0]])
    terms = embedding_losses.triplet_margin_terms(a, a, n, margin=6.0)
    d_neg = _torch_distance(a[0], n[0], TORCH_EPS)
    assert terms[0] == pytest.approx(6.0 + 2 * TORCH_EPS - d_neg, rel=1e-15)
    assert d_neg != 5.0 and d_neg == pytest.approx(5.0, abs=1e-5)


@pytest.mark.parametrize(
    ("a", "p", "n", "margin"),
    [([0, 0], [1, 1], [1, 1, 1], 1.0), ([0, 0], [1, 1], [2, 2], -1.0), ([0, 0], [1, 1], [2], 1.0)],
)
def test_triplet_rejects_bad_input(a, p, n, margin) -> None:
    with pytest.raises(ValueError):
        embedding_losses.triplet_margin(a, p, n, margin)


# -------------------------------------------------------------------------- InfoNCE (engine)


def test_infonce_deck_card_worked_example() -> None:
    # infonce.value: cosines 0.8 (positive), 0.2 and 0.0 at τ = 0.5 give 0.4075234748
    anchor = [1.0, 0.0]
    positive = [0.8, 0.6]
    negatives = [[0.2, math.sqrt(1 - 0.2**2)], [0.0, 3.0]]
    value = embedding_losses.info_nce(anchor, positive, negatives, 0.5)
    assert value == pytest.approx(math.log(1 + math.exp(-1.2) + math.exp(-1.6)), rel=1e-12)
    assert value == pytest.approx(0.4075234748, abs=1e-10)


def test_infonce_is_the_log_loss_of_the_softmax_over_sklearn_cosines() -> None:
    rng = np.random.default_rng(8)
    for _ in range(25):
        dim, negatives = int(rng.integers(2, 6)), int(rng.integers(1, 6))
        anchor = rng.normal(size=dim)
        keys = rng.normal(size=(negatives + 1, dim))
        temperature = float(rng.uniform(0.05, 2.0))
        similarities = cosine_similarity(anchor[np.newaxis, :], keys)[0]
        assert embedding_losses.cosine_similarities(anchor, keys) == pytest.approx(similarities)
        value = embedding_losses.info_nce(anchor, keys[0], keys[1:], temperature)
        assert value == pytest.approx(_infonce_by_log_loss(similarities, temperature), rel=1e-9)


def test_infonce_ignores_vector_lengths_and_survives_a_tiny_temperature() -> None:
    anchor, positive = np.array([1.0, 2.0]), np.array([2.0, 1.0])
    negatives = np.array([[-1.0, 0.5], [0.0, 1.0]])
    base = embedding_losses.info_nce(anchor, positive, negatives, 0.3)
    scaled = embedding_losses.info_nce(7 * anchor, 0.1 * positive, 5 * negatives, 0.3)
    assert scaled == pytest.approx(base, rel=1e-12)
    # τ = 10⁻³: logits near 900, where a naive exp overflows in float64
    tau = 1e-3
    similarities = cosine_similarity(anchor[np.newaxis, :], np.vstack([positive, negatives]))[0]
    expected = scipy_logsumexp(similarities / tau) - similarities[0] / tau
    assert embedding_losses.info_nce(anchor, positive, negatives, tau) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("anchor", "positive", "negatives", "temperature"),
    [
        ([0, 0], [1, 1], [[1, 0]], 0.5),  # zero anchor: no direction
        ([1, 0], [1, 1], [[0, 0]], 0.5),  # zero negative
        ([1, 0], [1, 1], [[1, 0]], 0.0),  # no temperature
        ([1, 0], [1, 1, 1], [[1, 0]], 0.5),  # lengths differ
        ([1, 0], [[1, 1], [1, 2]], [[1, 0]], 0.5),  # two positives
    ],
)
def test_infonce_rejects_bad_input(anchor, positive, negatives, temperature) -> None:
    with pytest.raises(ValueError):
        embedding_losses.info_nce(anchor, positive, negatives, temperature)


# ----------------------------------------------------------------------------- the families


def _mistakes(problem) -> dict[str, float]:
    return {m.id: m.value for m in problem.mistakes}


@pytest.mark.parametrize("seed", SEEDS)
def test_contrastive_problem_answer_and_mistakes(seed: int) -> None:
    problem = generate("loss.contrastive.value", seed)
    data = problem.data
    first, second, similar = data["first"], data["second"], data["similar"]
    margin = data["margin"]
    assert f"m = {margin:g}" in problem.prompt["en"]
    assert set(similar) == {0, 1}
    answer = _contrastive_loop(first, second, similar, margin)
    assert problem.answer == pytest.approx(answer, rel=1e-9)
    swapped = [1 - y for y in similar]
    inside_squared = 0.0
    for x, x_prime, y in zip(first, second, similar, strict=True):
        d = math.dist(x, x_prime)
        inside_squared += 0.5 * d * d if y == 1 else 0.5 * max(0.0, margin - d * d)
    expected = {
        "squared_inside_max": inside_squared / len(first),
        "swapped_labels": _contrastive_loop(first, second, swapped, margin),
        "no_half": 2 * answer,
        "sum_instead_of_mean": len(first) * answer,
    }
    mistakes = _mistakes(problem)
    assert set(mistakes) <= set(expected)
    assert {"no_half", "sum_instead_of_mean"} <= set(mistakes)
    for mistake_id, value in mistakes.items():
        assert value == pytest.approx(expected[mistake_id], rel=1e-9, abs=1e-11), mistake_id


@pytest.mark.parametrize("seed", SEEDS)
def test_triplet_problem_answer_and_mistakes(seed: int) -> None:
    problem = generate("loss.triplet.value", seed)
    a, p, n = problem.data["anchor"], problem.data["positive"], problem.data["negative"]
    margin = problem.data["margin"]
    assert f"margin={margin:g}" in problem.prompt["en"]
    assert problem.answer == pytest.approx(
        _torch_triplet(a, p, n, margin, TORCH_EPS, swap=False), rel=1e-9
    )
    d_pos = [math.dist(x, y) for x, y in zip(a, p, strict=True)]
    d_neg = [math.dist(x, y) for x, y in zip(a, n, strict=True)]
    inner = [dp - dn + margin for dp, dn in zip(d_pos, d_neg, strict=True)]
    assert max(inner) > 0  # at least one triplet is not yet satisfied
    expected = {
        "squared_distances": np.mean(
            [max(0.0, dp**2 - dn**2 + margin) for dp, dn in zip(d_pos, d_neg, strict=True)]
        ),
        "forgot_max": np.mean(inner),
        "sign_swapped": np.mean(
            [max(0.0, dn - dp + margin) for dp, dn in zip(d_pos, d_neg, strict=True)]
        ),
        "sum_instead_of_mean": sum(max(0.0, v) for v in inner),
    }
    mistakes = _mistakes(problem)
    assert set(mistakes) <= set(expected)
    if min(inner) < 0:  # an easy triplet: dropping the max must show up as a mistake
        assert "forgot_max" in mistakes
    assert "sign_swapped" in mistakes
    for mistake_id, value in mistakes.items():
        assert value == pytest.approx(expected[mistake_id], rel=1e-9, abs=1e-11), mistake_id


@pytest.mark.parametrize("seed", SEEDS)
def test_infonce_problem_answer_and_mistakes(seed: int) -> None:
    problem = generate("loss.infonce.value", seed)
    anchor = np.array(problem.data["anchor"], dtype=float)
    keys = np.vstack([problem.data["positive"], problem.data["negatives"]]).astype(float)
    tau = problem.data["temperature"]
    assert f"τ = {tau:g}" in problem.prompt["en"]
    cosines = cosine_similarity(anchor[np.newaxis, :], keys)[0]
    answer = _infonce_by_log_loss(cosines, tau)
    assert problem.answer == pytest.approx(answer, rel=1e-9)
    # the positive left out: −ln(exp(s⁺/τ) / Σ over the negatives only)
    left_out = -(cosines[0] / tau) + math.log(sum(math.exp(s / tau) for s in cosines[1:]))
    expected = {
        "no_temperature": _infonce_by_log_loss(cosines, 1.0),
        "positive_not_in_denominator": left_out,
        # dot products reach ±80 after /τ, beyond what log_loss's clipping leaves exact
        "dot_product": scipy_logsumexp(keys @ anchor / tau) - keys[0] @ anchor / tau,
    }
    mistakes = _mistakes(problem)
    assert set(mistakes) <= set(expected)
    assert "positive_not_in_denominator" in mistakes
    for mistake_id, value in mistakes.items():
        assert value == pytest.approx(expected[mistake_id], rel=1e-9, abs=1e-11), mistake_id
