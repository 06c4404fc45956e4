"""Mini-batch k-means, the silhouette and the adjusted Rand index.

The engine functions against scikit-learn (``MiniBatchKMeans.partial_fit``,
``silhouette_samples``/``silhouette_score``, ``adjusted_rand_score``/``rand_score``), the
worked examples of scikit-learn's documentation, and other code paths written out here:
the running mean of every point a centre absorbed, Sculley's point-by-point update, loops
over all pairs of points, and the expected index averaged over every permutation of a
labeling. Then the generated problems: each answer and each mistake recomputed from the
problem's data by the loops below, and the answer checked once more against scikit-learn.
"""

from __future__ import annotations

import itertools
import re

import numpy as np
import pytest
from helpers import final_value, typed
from sklearn.cluster import MiniBatchKMeans
from sklearn.metrics import (
    adjusted_rand_score,
    rand_score,
    silhouette_samples,
    silhouette_score,
)

from engine import cluster_metrics, kmeans
from engine.grading import grade
from engine.problems import generate

SEEDS = range(40)
#: Chinese glued to a Latin letter or digit, or an ASCII semicolon (see test_problems_common).
UNSPACED_CHINESE = re.compile(r"[\u4e00-\u9fff][A-Za-z0-9]|[A-Za-z0-9][\u4e00-\u9fff]|;")


# ------------------------------------------------------------------------ reference code


def nearest_centre(point, centres) -> int:
    """The index of the nearest centre, by a loop over squared distances (ties: lowest)."""
    best, best_distance = 0, float("inf")
    for j, centre in enumerate(centres):
        distance = sum((p - c) ** 2 for p, c in zip(point, centre, strict=True))
        if distance < best_distance:
            best, best_distance = j, distance
    return best


def sculley_step(batch, centres, counts, rate=None) -> np.ndarray:
    """Sculley's mini-batch step written out: cache every point's nearest centre first, then
    for each point in order ``v[c] += 1; η = rate(v[c]); c ← (1 − η)c + ηx``.

    ``rate`` is the learning rate from the count (default 1/v, the right one); a slip is a
    different rule (see the mistake tests).
    """
    centres = [np.array(c, dtype=float) for c in centres]
    counts = [int(v) for v in counts]
    cached = [nearest_centre(x, centres) for x in batch]
    for x, j in zip(batch, cached, strict=True):
        counts[j] += 1
        eta = 1 / counts[j] if rate is None else rate(j, counts[j])
        centres[j] = (1 - eta) * centres[j] + eta * np.asarray(x, dtype=float)
    return np.array(centres)


def scikit_learn_step(batch, centres, counts) -> np.ndarray:
    """scikit-learn's MiniBatchKMeans after the same history and batch.

    The first ``partial_fit`` starts from ``centres`` with zero counts and feeds each centre
    ``counts[j]`` copies of itself (each copy is at distance 0 from its own centre), which
    leaves the centres in place and sets the counts; the second feeds the batch. With every
    count at least 1 and below 100 times the smallest, no centre is randomly reassigned
    (reassignment_ratio is left at its default, 0.01).
    """
    centres = np.asarray(centres, dtype=float)
    history = np.repeat(centres, np.asarray(counts, dtype=int), axis=0)
    model = MiniBatchKMeans(n_clusters=len(centres), init=centres, n_init=1, random_state=0)
    model.partial_fit(history)
    np.testing.assert_allclose(model.cluster_centers_, centres)
    model.partial_fit(np.asarray(batch, dtype=float))
    return model.cluster_centers_


def silhouette_by_loops(points, labels, index) -> tuple[float, float, float]:
    """(a, b, s) of one point straight from the definition, one distance at a time."""
    x, own = points[index], labels[index]
    mates = [abs(points[k] - x) for k in range(len(points)) if labels[k] == own and k != index]
    a = sum(mates) / len(mates)
    means = []
    for cluster in sorted(set(labels) - {own}):
        members = [abs(points[k] - x) for k in range(len(points)) if labels[k] == cluster]
        means.append(sum(members) / len(members))
    b = min(means)
    return a, b, (b - a) / max(a, b)


def pairs_by_loops(first, second) -> tuple[int, int, int, int]:
    """(all pairs, together in both, together in first, together in second), pair by pair."""
    total = both = in_first = in_second = 0
    for i, j in itertools.combinations(range(len(first)), 2):
        total += 1
        together_first, together_second = first[i] == first[j], second[i] == second[j]
        in_first += together_first
        in_second += together_second
        both += together_first and together_second
    return total, both, in_first, in_second


# ------------------------------------------------------------------ mini-batch k-means step


def test_minibatch_step_worked_example_of_the_deck() -> None:
    # a centre at (2, 0) that absorbed 3 points receives (6, 4): η = 1/4, it moves to (3, 1)
    step = kmeans.minibatch_step([[6.0, 4.0]], [[2.0, 0.0], [-9.0, -9.0]], [3, 5])
    np.testing.assert_allclose(step.centers, [[3.0, 1.0], [-9.0, -9.0]])
    np.testing.assert_array_equal(step.labels, [0])
    np.testing.assert_array_equal(step.counts, [4, 5])


def test_minibatch_step_is_the_running_mean_of_every_point_a_centre_absorbed() -> None:
    rng = np.random.default_rng(0)
    for _ in range(30):
        histories = [rng.normal(loc, 1.0, size=(int(rng.integers(1, 6)), 3)) for loc in (-3, 3)]
        centres = np.array([h.mean(axis=0) for h in histories])
        counts = [len(h) for h in histories]
        batch = rng.normal(0.0, 4.0, size=(int(rng.integers(1, 8)), 3))
        step = kmeans.minibatch_step(batch, centres, counts)
        for j, history in enumerate(histories):
            absorbed = [x for x in batch if nearest_centre(x, centres) == j]
            everything = np.vstack([history, *absorbed]) if absorbed else history
            np.testing.assert_allclose(step.centers[j], everything.mean(axis=0), atol=1e-12)
            assert step.counts[j] == len(everything)


def test_minibatch_step_equals_sculleys_point_by_point_update_in_any_order() -> None:
    rng = np.random.default_rng(1)
    for _ in range(30):
        centres = rng.normal(size=(3, 2)) * 3
        counts = rng.integers(0, 6, size=3)
        batch = rng.normal(size=(6, 2)) * 3
        step = kmeans.minibatch_step(batch, centres, counts)
        for order in (np.arange(6), rng.permutation(6)):
            np.testing.assert_allclose(
                step.centers, sculley_step(batch[order], centres, counts), atol=1e-12
            )


def test_minibatch_step_matches_scikit_learn_partial_fit() -> None:
    rng = np.random.default_rng(2)
    for _ in range(20):
        centres = rng.integers(-5, 6, size=(3, 2)).astype(float)
        if len({tuple(c) for c in centres}) < 3:
            continue
        counts = rng.integers(1, 8, size=3)
        batch = rng.normal(size=(5, 2)) * 4
        np.testing.assert_allclose(
            kmeans.minibatch_step(batch, centres, counts).centers,
            scikit_learn_step(batch, centres, counts),
            atol=1e-12,
        )


def test_a_centre_without_batch_points_keeps_its_place_and_count() -> None:
    step = kmeans.minibatch_step([[0.0, 1.0], [1.0, 0.0]], [[0.0, 0.0], [50.0, 50.0]], [2, 7])
    np.testing.assert_array_equal(step.centers[1], [50.0, 50.0])
    assert step.counts[1] == 7


@pytest.mark.parametrize(
    ("counts", "message"),
    [([1], "one count per center"), ([1, -1], "non-negative integers"), ([1, 0.5], "integers")],
)
def test_minibatch_step_rejects_bad_counts(counts, message) -> None:
    with pytest.raises(ValueError, match=message):
        kmeans.minibatch_step([[0.0, 0.0]], [[0.0, 0.0], [1.0, 1.0]], counts)


# ---------------------------------------------------------------------------- silhouette


def test_silhouette_worked_example_of_the_deck() -> None:
    # A = {0, 1, 2}, B = {4, 5}, C = {10}: for the point 2, a = 1.5, b = 2.5, s = 0.4
    result = cluster_metrics.silhouette([0, 1, 2, 4, 5, 10], [0, 0, 0, 1, 1, 2])
    assert (result.a[2], result.b[2], result.nearest_other[2]) == (1.5, 2.5, 1)
    assert result.values[2] == pytest.approx(0.4)
    assert result.values[5] == 0.0  # alone in its cluster


def test_silhouette_matches_scikit_learn() -> None:
    rng = np.random.default_rng(3)
    for _ in range(30):
        n = int(rng.integers(4, 15))
        points = rng.normal(size=(n, int(rng.integers(1, 4))))
        labels = rng.integers(0, int(rng.integers(2, 5)), size=n) * 10 + 3  # any label values
        if not 2 <= len(set(labels)) <= n - 1:
            continue
        np.testing.assert_allclose(
            cluster_metrics.silhouette_samples(points, labels),
            silhouette_samples(points, labels),
            atol=1e-12,
        )
        assert cluster_metrics.silhouette_score(points, labels) == pytest.approx(
            silhouette_score(points, labels), abs=1e-12
        )


def test_silhouette_a_and_b_match_the_definition_written_as_loops() -> None:
    rng = np.random.default_rng(4)
    points = rng.integers(0, 30, size=9).astype(float)
    labels = [0, 0, 0, 1, 1, 2, 2, 2, 1]
    result = cluster_metrics.silhouette(points, labels)
    for index in range(9):
        a, b, s = silhouette_by_loops(points, labels, index)
        assert (result.a[index], result.b[index]) == (pytest.approx(a), pytest.approx(b))
        assert result.values[index] == pytest.approx(s)


@pytest.mark.parametrize("labels", [[0, 0, 0, 0], [0, 1, 2, 3]])
def test_silhouette_needs_between_two_and_n_minus_one_clusters(labels) -> None:
    with pytest.raises(ValueError, match="between 2 and n − 1"):
        cluster_metrics.silhouette([0.0, 1.0, 2.0, 3.0], labels)


def test_silhouette_needs_one_label_per_point() -> None:
    with pytest.raises(ValueError, match="one label per point"):
        cluster_metrics.silhouette([0.0, 1.0, 2.0], [0, 1])


# --------------------------------------------------------------- (adjusted) Rand index


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [  # the examples of scikit-learn's adjusted_rand_score docstring (1.9)
        ([0, 0, 1, 1], [0, 0, 1, 1], 1.0),
        ([0, 0, 1, 1], [1, 1, 0, 0], 1.0),
        ([0, 0, 1, 2], [0, 0, 1, 1], 0.57),
        ([0, 0, 1, 1], [0, 0, 1, 2], 0.57),
        ([0, 0, 0, 0], [0, 1, 2, 3], 0.0),
        ([0, 0, 1, 1], [0, 1, 0, 1], -0.5),
    ],
)
def test_adjusted_rand_index_documented_examples(first, second, expected) -> None:
    assert cluster_metrics.adjusted_rand_index(first, second) == pytest.approx(expected, abs=0.005)


def test_rand_indices_match_scikit_learn() -> None:
    rng = np.random.default_rng(5)
    for _ in range(200):
        n = int(rng.integers(2, 13))
        first = rng.integers(0, int(rng.integers(1, 5)), size=n)
        second = rng.integers(0, int(rng.integers(1, 5)), size=n) + 7
        assert cluster_metrics.adjusted_rand_index(first, second) == pytest.approx(
            adjusted_rand_score(first, second), abs=1e-12
        )
        assert cluster_metrics.rand_index(first, second) == pytest.approx(
            rand_score(first, second), abs=1e-12
        )


def test_pair_counts_match_a_loop_over_all_pairs() -> None:
    rng = np.random.default_rng(6)
    for _ in range(30):
        first, second = rng.integers(0, 3, size=8), rng.integers(0, 4, size=8)
        counts = cluster_metrics.pair_counts(first, second)
        total, both, in_first, in_second = pairs_by_loops(first, second)
        assert (counts.total, counts.together_both) == (total, both)
        assert (counts.together_first, counts.together_second) == (in_first, in_second)
        agree = both + (total - in_first - in_second + both)
        assert cluster_metrics.rand_index(first, second) == pytest.approx(agree / total)


def test_expected_index_is_the_average_over_every_permutation_of_a_labeling() -> None:
    # the chance correction: with the cluster sizes fixed, every assignment equally likely
    first, second = [0, 0, 0, 1, 1, 2], [0, 0, 1, 1, 1, 1]
    counts = cluster_metrics.pair_counts(first, second)
    together = [
        pairs_by_loops(first, [second[k] for k in order])[1]
        for order in itertools.permutations(range(6))
    ]
    assert counts.expected == pytest.approx(np.mean(together))


def test_renaming_clusters_changes_nothing() -> None:
    first, second = [0, 0, 1, 1, 2, 2, 2], [5, 5, 5, 9, 9, 1, 1]
    renamed = [{5: 1, 9: 5, 1: 9}[v] for v in second]
    assert cluster_metrics.adjusted_rand_index(first, second) == pytest.approx(
        cluster_metrics.adjusted_rand_index(first, renamed)
    )
    np.testing.assert_array_equal(
        cluster_metrics.contingency_table(first, second).sum(), len(first)
    )


def test_rand_index_rejects_labelings_of_different_lengths() -> None:
    with pytest.raises(ValueError, match="one label per point"):
        cluster_metrics.rand_index([0, 1, 1], [0, 1])


# ------------------------------------------------------------------- generated problems


@pytest.mark.parametrize("seed", SEEDS)
def test_minibatch_step_problem(seed: int) -> None:
    problem = generate("kmeans.minibatch_step", seed)
    data = problem.data
    batch, centres, counts = data["batch"], data["centers"], data["counts"]
    expected = sculley_step(batch, centres, counts)
    np.testing.assert_allclose(problem.answer, expected, atol=1e-9)
    np.testing.assert_allclose(problem.answer, scikit_learn_step(batch, centres, counts))
    np.testing.assert_allclose(problem.start, centres)
    assert problem.tolerance.accepts_all(final_value(problem), expected)

    cached = [nearest_centre(x, centres) for x in batch]
    batch_means = np.array(
        [
            np.mean([x for x, j in zip(batch, cached, strict=True) if j == c], axis=0)
            for c in range(len(centres))
        ]
    )
    by_mistake = {
        "batch_mean_replaces_centre": batch_means,
        # η from the count before the point is added: 1/v, then v += 1
        "rate_from_old_count": sculley_step(batch, centres, counts, rate=lambda j, v: 1 / (v - 1)),
        # one η = 1/(v + 1) for all of a centre's points in this batch
        "rate_fixed_for_batch": sculley_step(
            batch, centres, counts, rate=lambda j, v: 1 / (counts[j] + 1)
        ),
    }
    assert {m.id for m in problem.mistakes} <= set(by_mistake)
    for mistake in problem.mistakes:
        np.testing.assert_allclose(
            mistake.value, by_mistake[mistake.id], atol=1e-9, err_msg=mistake.id
        )


@pytest.mark.parametrize("seed", SEEDS)
def test_silhouette_problem(seed: int) -> None:
    problem = generate("kmeans.silhouette", seed)
    points, labels, target = problem.data["points"], problem.data["labels"], problem.data["target"]
    reference = silhouette_samples(np.reshape(points, (-1, 1)), labels)[target]
    assert problem.answer == pytest.approx(reference, abs=1e-9)
    a, b, s = silhouette_by_loops(points, labels, target)
    assert problem.answer == pytest.approx(s)
    assert problem.tolerance.accepts(final_value(problem), s)

    x, own = points[target], labels[target]
    mine = [abs(p - x) for p, label in zip(points, labels, strict=True) if label == own]
    outside = [abs(p - x) for p, label in zip(points, labels, strict=True) if label != own]
    a_with_self = sum(mine) / len(mine)  # the zero distance to itself counted
    b_all = sum(outside) / len(outside)
    b_point = min(outside)
    by_mistake = {
        "point_counted_in_a": (b - a_with_self) / max(a_with_self, b),
        "b_over_all_other_points": (b_all - a) / max(a, b_all),
        "b_from_nearest_point": (b_point - a) / max(a, b_point),
        "divided_by_a": (b - a) / a,
    }
    assert {m.id for m in problem.mistakes} <= set(by_mistake)
    assert "point_counted_in_a" in {m.id for m in problem.mistakes}
    for mistake in problem.mistakes:
        assert mistake.value == pytest.approx(by_mistake[mistake.id], abs=1e-9), mistake.id


@pytest.mark.parametrize("seed", SEEDS)
def test_adjusted_rand_index_problem(seed: int) -> None:
    problem = generate("kmeans.adjusted_rand_index", seed)
    classes, clusters = problem.data["classes"], problem.data["clusters"]
    assert 6 <= len(classes) <= 8
    assert problem.answer == pytest.approx(adjusted_rand_score(classes, clusters), abs=1e-9)
    total, both, in_first, in_second = pairs_by_loops(classes, clusters)
    expected = in_first * in_second / total
    maximum = (in_first + in_second) / 2
    assert problem.answer == pytest.approx((both - expected) / (maximum - expected))
    assert problem.tolerance.accepts(final_value(problem), problem.answer)

    matches = sum(c == k for c, k in zip(classes, clusters, strict=True))
    by_mistake = {
        "rand_index_unadjusted": rand_score(classes, clusters),
        "exact_label_matches": matches / len(classes),
    }
    assert {m.id for m in problem.mistakes} <= set(by_mistake)
    for mistake in problem.mistakes:
        assert mistake.value == pytest.approx(by_mistake[mistake.id], abs=1e-9), mistake.id


@pytest.mark.parametrize("seed", SEEDS)
def test_mean_silhouette_problem(seed: int) -> None:
    problem = generate("kmeans.silhouette", seed, scope="mean")
    points, labels = problem.data["points"], problem.data["labels"]
    column = np.reshape(points, (-1, 1))
    assert problem.answer == pytest.approx(silhouette_score(column, labels), abs=1e-9)
    per_point = [silhouette_by_loops(points, labels, i) for i in range(len(points))]
    assert problem.answer == pytest.approx(np.mean([s for _, _, s in per_point]))
    assert problem.tolerance.accepts(final_value(problem), problem.answer)

    with_self = []
    for i, x in enumerate(points):
        mine = [abs(p - x) for p, label in zip(points, labels, strict=True) if label == labels[i]]
        a_self, b = sum(mine) / len(mine), per_point[i][1]
        with_self.append((b - a_self) / max(a_self, b))
    samples = silhouette_samples(column, labels)
    cluster_means = [samples[np.asarray(labels) == c].mean() for c in sorted(set(labels))]
    mean_a = np.mean([a for a, _, _ in per_point])
    mean_b = np.mean([b for _, b, _ in per_point])
    by_mistake = {
        "point_counted_in_a": np.mean(with_self),
        "mean_of_cluster_means": np.mean(cluster_means),
        "silhouette_of_mean_a_and_b": (mean_b - mean_a) / max(mean_a, mean_b),
        "divided_by_a": np.mean([(b - a) / a for a, b, _ in per_point]),
    }
    assert {m.id for m in problem.mistakes} <= set(by_mistake)
    for mistake in problem.mistakes:
        assert mistake.value == pytest.approx(by_mistake[mistake.id], abs=1e-9), mistake.id

    # the generic checks run on default parameters only: grade this scope here
    assert grade(problem, typed(problem, problem.answer)).status == "correct"
    for mistake in problem.mistakes:
        verdict = grade(problem, typed(problem, mistake.value))
        assert (verdict.status, verdict.mistake) == ("incorrect", mistake.id)
    texts = [
        problem.prompt,
        problem.hint,
        problem.solution,
        *(m.feedback for m in problem.mistakes),
    ]
    assert not [t["zh"] for t in texts if UNSPACED_CHINESE.search(t["zh"])]


def test_silhouette_scope_must_be_known() -> None:
    with pytest.raises(ValueError, match="scope"):
        generate("kmeans.silhouette", 0, scope="cluster")
