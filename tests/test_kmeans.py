"""engine.kmeans against scikit-learn's KMeans, scipy's distances and hand calculations."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.spatial import distance as scipy_distance
from sklearn.cluster import KMeans

from engine import kmeans

# --------------------------------------------------------------------------- distances


@pytest.mark.parametrize(
    ("metric", "reference"),
    [
        ("euclidean", scipy_distance.euclidean),
        ("manhattan", scipy_distance.cityblock),
        ("chebyshev", scipy_distance.chebyshev),
        ("cosine", scipy_distance.cosine),
    ],
)
def test_distances_match_scipy(metric, reference) -> None:
    rng = np.random.default_rng(1)
    for _ in range(5):
        a, b = rng.normal(size=4), rng.normal(size=4)
        assert kmeans.distance(metric, a, b) == pytest.approx(reference(a, b))
        assert getattr(kmeans, metric)(a, b) == pytest.approx(reference(a, b))


def test_mahalanobis_matches_scipy() -> None:
    rng = np.random.default_rng(2)
    sample = rng.normal(size=(50, 3))
    inverse_covariance = np.linalg.inv(np.cov(sample, rowvar=False))
    a, b = rng.normal(size=3), rng.normal(size=3)
    expected = scipy_distance.mahalanobis(a, b, inverse_covariance)
    assert kmeans.mahalanobis(a, b, inverse_covariance) == pytest.approx(expected)
    assert kmeans.distance("mahalanobis", a, b, VI=inverse_covariance) == pytest.approx(expected)


def test_distances_by_hand() -> None:
    assert kmeans.euclidean([0, 0], [3, 4]) == pytest.approx(5.0)
    assert kmeans.manhattan([0, 0], [3, -4]) == pytest.approx(7.0)
    assert kmeans.chebyshev([0, 0], [3, -4]) == pytest.approx(4.0)
    assert kmeans.cosine([1, 0], [0, 2]) == pytest.approx(1.0)
    # identity VI: mahalanobis is euclidean
    assert kmeans.mahalanobis([0, 0], [3, 4], np.eye(2)) == pytest.approx(5.0)


@pytest.mark.parametrize("metric", kmeans.METRICS)
def test_distance_matrix_matches_scipy_cdist(metric) -> None:
    rng = np.random.default_rng(4)
    points, centers = rng.normal(size=(7, 3)), rng.normal(size=(3, 3))
    extra = {}
    scipy_metric = "cityblock" if metric == "manhattan" else metric
    if metric == "mahalanobis":
        extra = {"VI": np.linalg.inv(np.cov(rng.normal(size=(30, 3)), rowvar=False))}
    expected = scipy_distance.cdist(points, centers, scipy_metric, **extra)
    np.testing.assert_allclose(kmeans.distance_matrix(points, centers, metric, **extra), expected)
    np.testing.assert_array_equal(
        kmeans.assign(points, centers, metric, **extra), np.argmin(expected, axis=1)
    )


def test_distance_bad_input() -> None:
    with pytest.raises(ValueError, match="unknown metric"):
        kmeans.distance("hamming", [1, 0], [0, 1])
    with pytest.raises(ValueError, match="same length"):
        kmeans.euclidean([1, 0], [0, 1, 2])
    with pytest.raises(ValueError, match="zero vector"):
        kmeans.cosine([0, 0], [0, 1])
    with pytest.raises(ValueError, match="needs VI"):
        kmeans.distance("mahalanobis", [1, 0], [0, 1])
    with pytest.raises(ValueError, match="VI must be a 2×2"):
        kmeans.mahalanobis([1, 0], [0, 1], np.eye(3))
    with pytest.raises(ValueError, match="positive semi-definite"):
        kmeans.mahalanobis([1, 0], [0, 0], -np.eye(2))
    with pytest.raises(ValueError, match="positive semi-definite"):
        kmeans.assign([[1.0, 0.0]], [[0.0, 0.0]], "mahalanobis", VI=-np.eye(2))
    with pytest.raises(ValueError, match="only used by mahalanobis"):
        kmeans.distance("euclidean", [1, 0], [0, 1], VI=np.eye(2))


# --------------------------------------------------------------------------- assignment and steps


def test_assign_ties_go_to_the_lowest_index() -> None:
    # the point 0 is exactly halfway between centers -1 and 1 (listed second and third)
    labels = kmeans.assign([[0.0], [5.0]], [[5.0], [-1.0], [1.0]])
    np.testing.assert_array_equal(labels, [1, 0])


def test_lloyd_step_by_hand() -> None:
    points = [[0.0, 0.0], [0.0, 2.0], [10.0, 0.0], [12.0, 0.0]]
    labels, centers = kmeans.lloyd_step(points, [[1.0, 1.0], [9.0, 0.0]])
    np.testing.assert_array_equal(labels, [0, 0, 1, 1])
    np.testing.assert_allclose(centers, [[0.0, 1.0], [11.0, 0.0]])
    # inertia of these labels under the new centers: 1 + 1 + 1 + 1
    assert kmeans.inertia(points, labels, centers) == pytest.approx(4.0)


def test_empty_cluster_keeps_its_old_center() -> None:
    points = [[0.0], [1.0], [2.0]]
    labels, centers = kmeans.lloyd_step(points, [[1.0], [100.0]])
    np.testing.assert_array_equal(labels, [0, 0, 0])
    np.testing.assert_allclose(centers, [[1.0], [100.0]])
    result = kmeans.fit(points, [[1.0], [100.0]])
    np.testing.assert_allclose(result.centers, [[1.0], [100.0]])
    assert result.inertia == pytest.approx(2.0)


def test_inertia_by_hand() -> None:
    assert kmeans.inertia([[0.0], [2.0], [5.0]], [0, 0, 1], [[1.0], [4.0]]) == pytest.approx(3.0)
    with pytest.raises(ValueError, match="labels must lie"):
        kmeans.inertia([[0.0], [2.0]], [0, 2], [[1.0], [4.0]])


# --------------------------------------------------------------------------- fit vs scikit-learn


def _blobs(seed: int, k: int = 3, per_cluster: int = 20, features: int = 2) -> np.ndarray:
    rng = np.random.default_rng(seed)
    middles = rng.uniform(-10, 10, size=(k, features))
    return np.vstack([m + rng.normal(scale=2.0, size=(per_cluster, features)) for m in middles])


@pytest.mark.parametrize("seed", range(6))
def test_fit_matches_scikit_learn(seed) -> None:
    points = _blobs(seed, k=3 + seed % 2, features=2 + seed % 3)
    rng = np.random.default_rng(100 + seed)
    k = 3 + seed % 2
    init = points[rng.choice(len(points), size=k, replace=False)]
    reference = KMeans(n_clusters=k, init=init, n_init=1, algorithm="lloyd", tol=0.0).fit(points)
    result = kmeans.fit(points, init)
    np.testing.assert_array_equal(result.labels, reference.labels_)
    np.testing.assert_allclose(result.centers, reference.cluster_centers_, atol=1e-9)
    assert result.inertia == pytest.approx(reference.inertia_)
    assert result.n_iter == reference.n_iter_


def test_fit_stops_at_max_iter_with_consistent_labels() -> None:
    points = _blobs(11, k=4, per_cluster=15)
    init = points[:4]
    result = kmeans.fit(points, init, max_iter=1)
    assert result.n_iter == 1
    np.testing.assert_array_equal(result.labels, kmeans.assign(points, result.centers))
    reference = KMeans(n_clusters=4, init=init, n_init=1, algorithm="lloyd", max_iter=1).fit(points)
    np.testing.assert_allclose(result.centers, reference.cluster_centers_, atol=1e-9)


def test_fit_bad_input() -> None:
    with pytest.raises(ValueError, match="more than the 2 points"):
        kmeans.fit([[0.0], [1.0]], [[0.0], [0.5], [1.0]])
    with pytest.raises(ValueError, match="X is empty"):
        kmeans.fit(np.empty((0, 2)), [[0.0, 0.0]])
    with pytest.raises(ValueError, match="centers have 1 features but X has 2"):
        kmeans.lloyd_step([[0.0, 0.0], [1.0, 1.0]], [[0.0]])
    with pytest.raises(ValueError, match="max_iter"):
        kmeans.fit([[0.0], [1.0]], [[0.0]], max_iter=0)


# --------------------------------------------------------------------------- k-means++


def test_kmeanspp_probabilities_by_hand() -> None:
    points = [[0.0], [1.0], [3.0], [6.0]]
    # chosen point 0: D² = 0, 1, 9, 36 -> divided by 46
    np.testing.assert_allclose(
        kmeans.kmeanspp_probabilities(points, [0]), np.array([0, 1, 9, 36]) / 46
    )
    # chosen points 0 and 6: D² = 0, 1, 9, 0
    np.testing.assert_allclose(
        kmeans.kmeanspp_probabilities(points, [0, 3]), np.array([0, 1, 9, 0]) / 10
    )
    # the same given as centers rather than indices
    np.testing.assert_allclose(
        kmeans.kmeanspp_probabilities(points, [[0.0], [6.0]]), np.array([0, 1, 9, 0]) / 10
    )
    # nothing chosen yet: uniform
    np.testing.assert_allclose(kmeans.kmeanspp_probabilities(points, []), [0.25] * 4)
    with pytest.raises(ValueError, match="coincides"):
        kmeans.kmeanspp_probabilities([[1.0], [1.0]], [0])
    with pytest.raises(ValueError, match="indices"):
        kmeans.kmeanspp_probabilities(points, [7])


@settings(max_examples=50, deadline=None)
@given(
    points=arrays(
        float, st.tuples(st.integers(2, 12), st.integers(1, 3)), elements=st.floats(-50, 50)
    ),
    data=st.data(),
)
def test_kmeanspp_probabilities_form_a_distribution(points, data) -> None:
    chosen = data.draw(st.lists(st.integers(0, len(points) - 1), min_size=1, max_size=3))
    squared = np.min(
        np.sum((points[:, None, :] - points[chosen][None, :, :]) ** 2, axis=-1), axis=1
    )
    if squared.sum() == 0:
        return
    probabilities = kmeans.kmeanspp_probabilities(points, chosen)
    assert probabilities.sum() == pytest.approx(1.0)
    assert np.all(probabilities[chosen] == 0)
    assert np.all(probabilities >= 0)
