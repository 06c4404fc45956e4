"""The scikit-learn behaviour that the k-means and imbalance cards state, checked against the
installed scikit-learn (the version docs/sources.md names).

Each test reads the sentence from the card, so a card and the library cannot drift apart
silently: when scikit-learn changes a default or a convention, the failing test names the
card to update. The expected behaviour is recomputed here with plain loops (running means,
entropies, pair counts), not taken from the code under test.
"""

from __future__ import annotations

import inspect
import math
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

CONTENT = Path(__file__).resolve().parent.parent / "content"


def _card(deck: str, card_id: str) -> dict[str, Any]:
    cards = yaml.safe_load((CONTENT / f"{deck}.yaml").read_text(encoding="utf-8"))["cards"]
    return next(card for card in cards if card["id"] == card_id)


def _entropy(labels: list[int]) -> float:
    total = len(labels)
    return -sum(n / total * math.log(n / total) for n in Counter(labels).values())


def _mutual_information(first: list[int], second: list[int]) -> float:
    total = len(first)
    joint = Counter(zip(first, second, strict=True))
    left, right = Counter(first), Counter(second)
    return sum(
        n / total * math.log(n * total / (left[a] * right[b])) for (a, b), n in joint.items()
    )


def test_minibatch_centre_is_the_running_mean_of_everything_it_absorbed() -> None:
    # The card: with eta = 1/n_c the centre is exactly the running mean of every point
    # it has ever absorbed (the starting centre itself carries no weight).
    from sklearn.cluster import MiniBatchKMeans

    card = _card("kmeans", "minibatch.update-rule")
    assert "running mean of every point it has ever absorbed" in card["answer"]["en"]
    rng = np.random.default_rng(7)
    batches = [rng.normal(size=(size, 2)) for size in (1, 3, 2, 4)]
    model = MiniBatchKMeans(n_clusters=1, init=np.array([[10.0, -10.0]]), n_init=1)
    absorbed: list[np.ndarray] = []
    for batch in batches:
        model.partial_fit(batch)
        absorbed.extend(batch)
        running_sum = np.zeros(2)
        for point in absorbed:
            running_sum += point
        np.testing.assert_allclose(model.cluster_centers_[0], running_sum / len(absorbed))


def test_minibatch_reassignment_ratio_default_is_the_one_the_card_names() -> None:
    from sklearn.cluster import MiniBatchKMeans

    card = _card("kmeans", "minibatch.update-rule")
    assert "reassignment_ratio (default 0.01)" in card["explanation"]["en"]
    default = inspect.signature(MiniBatchKMeans).parameters["reassignment_ratio"].default
    assert default == pytest.approx(0.01)


def test_singleton_cluster_gets_silhouette_zero() -> None:
    from sklearn.metrics import silhouette_samples

    card = _card("kmeans", "silhouette.choice")
    option = next(o for o in card["options"] if "cluster of its own" in o["en"])
    assert option["correct"] is True
    points = np.array([[0.0], [1.0], [2.0], [4.0], [5.0], [10.0]])
    values = silhouette_samples(points, [0, 0, 0, 1, 1, 2])
    assert values[5] == 0.0


def test_silhouette_slips_named_in_the_explanation_are_the_slips_computed() -> None:
    # Point 2 in A = {0, 1, 2}, B = {4, 5}, C = {10}: recompute the two wrong answers.
    card = _card("kmeans", "silhouette.compute")
    own, neighbour = [0.0, 1.0, 2.0], [4.0, 5.0]
    point = 2.0
    b = sum(abs(point - x) for x in neighbour) / len(neighbour)
    a_with_itself = sum(abs(point - x) for x in own) / len(own)
    self_included = (b - a_with_itself) / max(a_with_itself, b)
    a = sum(abs(point - x) for x in own if x != point) / (len(own) - 1)
    nearest_other_point = min(abs(point - x) for x in neighbour)
    nearest_point_slip = (nearest_other_point - a) / max(a, nearest_other_point)
    explanation = card["explanation"]["en"]
    assert f"$s={self_included:.1f}$" in explanation
    assert f"={nearest_point_slip:.2f}$" in explanation
    assert f"{nearest_point_slip:.2f}" in card["explanation"]["zh"]


def test_nmi_default_normalises_by_the_arithmetic_mean_of_the_entropies() -> None:
    from sklearn.metrics import normalized_mutual_info_score

    card = _card("kmeans", "ari-nmi.what")
    assert "arithmetic mean by default in scikit-learn" in card["answer"]["en"]
    truth = [0, 0, 0, 1, 1, 2, 2, 2]
    found = [1, 1, 0, 0, 2, 2, 2, 0]
    expected = _mutual_information(truth, found) / ((_entropy(truth) + _entropy(found)) / 2)
    assert normalized_mutual_info_score(truth, found) == pytest.approx(expected)


def test_balanced_class_weight_is_the_formula_in_the_hint() -> None:
    from sklearn.utils.class_weight import compute_class_weight

    card = _card("losses", "class-imbalance.balanced-weight")
    assert "n_samples / (n_classes × count of the class)" in card["hint"]["en"]
    labels = np.array([0] * 7 + [1] * 2 + [2] * 11)
    classes = np.array([0, 1, 2])
    counts = {label: int(np.sum(labels == label)) for label in classes}
    expected = [len(labels) / (len(classes) * counts[label]) for label in classes]
    weights = compute_class_weight("balanced", classes=classes, y=labels)
    np.testing.assert_allclose(weights, expected)


def test_gaussian_mixture_regularises_its_covariances() -> None:
    from sklearn.mixture import GaussianMixture

    card = _card("kmeans", "kmeans-gmm.choice")
    assert "reg_covar in scikit-learn" in card["explanation"]["en"]
    assert inspect.signature(GaussianMixture).parameters["reg_covar"].default > 0
