"""The tasks' references (the engine's implementations, behind each task's signature)
checked against independent ones: scikit-learn, finite differences, and worked examples
computed by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.metrics import pairwise_distances_argmin

from engine.code import tasks


def reference(task_id: str):
    return tasks.get(task_id).reference


def test_softmax_cross_entropy_worked_examples() -> None:
    sce = reference("code.softmax_cross_entropy")
    by_hand = -math.log(math.e**3 / (math.e + math.e**2 + math.e**3))
    assert sce(np.array([[1.0, 2.0, 3.0]]), np.array([2])) == pytest.approx(by_hand, rel=1e-12)
    large = np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, 5e3], [2e3, 2e3, -1e4]])
    # −log p: ≈ 0 for the winning 1e4; 1e4 − 5e3 behind the winner; a tie of two gives log 2
    assert sce(large, np.array([0, 2, 1])) == pytest.approx((0 + 5e3 + math.log(2)) / 3)


def _finite_difference(function, x: np.ndarray, step: float = 1e-6) -> np.ndarray:
    """Central differences of a scalar or array function, one column per entry of x."""
    columns = []
    for index in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[index] += step
        down[index] -= step
        columns.append((np.asarray(function(up)) - np.asarray(function(down))) / (2 * step))
    return np.stack(columns, axis=-1)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_cross_entropy_gradient_matches_finite_differences(seed: int) -> None:
    sce = reference("code.softmax_cross_entropy")
    grad = reference("code.softmax_cross_entropy_grad")
    rng = np.random.default_rng(seed)
    logits, labels = rng.normal(size=(3, 4)), rng.integers(0, 4, size=3)
    numeric = _finite_difference(lambda z: sce(z, labels), logits).reshape(logits.shape)
    np.testing.assert_allclose(grad(logits, labels), numeric, atol=1e-8)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_softmax_jacobian_matches_finite_differences(seed: int) -> None:
    softmax = reference("code.softmax")
    jacobian = reference("code.softmax_jacobian")
    x = np.random.default_rng(seed).normal(size=4)
    np.testing.assert_allclose(jacobian(x), _finite_difference(softmax, x), atol=1e-8)


def test_softmax_of_equal_and_huge_values() -> None:
    softmax = reference("code.softmax")
    np.testing.assert_array_equal(softmax(np.array([[2.0, 2.0, 2.0, 2.0]])), [[0.25] * 4])
    np.testing.assert_allclose(softmax(np.array([1e4, 1e4, -1e4])), [0.5, 0.5, 0.0])


def test_huber_worked_example() -> None:
    # errors 2, −2, 10, −7 with δ = 2: ½·4, ½·4, 2·10 − 2, 2·7 − 2 → (2 + 2 + 18 + 12) / 4
    huber = reference("code.huber")
    assert huber(np.zeros(4), np.array([2.0, -2.0, 10.0, -7.0]), delta=2.0) == 8.5
    assert huber(np.array([0.0]), np.array([0.5])) == 0.125


def test_binary_cross_entropy_clips_like_keras() -> None:
    bce = reference("code.binary_cross_entropy")
    eps = 1e-7
    by_hand = (-math.log(1 - eps) * 2 - math.log(eps) - math.log(0.5)) / 4
    got = bce(np.array([1.0, 0.0, 1.0, 0.0]), np.array([1.0, 0.0, 0.0, 0.5]))
    assert got == pytest.approx(by_hand, rel=1e-9)


def test_log_cosh_of_large_errors() -> None:
    log_cosh = reference("code.log_cosh")
    got = log_cosh(np.array([0.0, 0.0, 1.0]), np.array([1000.0, -1000.0, 1.0]))
    assert got == pytest.approx(2 * (1000 - math.log(2)) / 3, rel=1e-12)
    assert log_cosh(np.array([0.0]), np.array([0.5])) == pytest.approx(math.log(math.cosh(0.5)))


def test_hinge_worked_example_and_zero_one_labels() -> None:
    hinge = reference("code.hinge")
    assert hinge(np.array([1.0, -1.0, 1.0, -1.0]), np.array([1.0, -3.0, 2.5, 0.5])) == 0.375
    assert hinge(np.array([0.0, 1.0]), np.array([0.5, 0.5])) == hinge(
        np.array([-1.0, 1.0]), np.array([0.5, 0.5])
    )


def test_clipping_worked_examples() -> None:
    clip_global = reference("code.clip_by_global_norm")
    clip_one = reference("code.clip_by_norm")
    clipped = clip_global([np.array([3.0]), np.array([0.0, 4.0])], 1.0)
    np.testing.assert_allclose(clipped[0], [0.6])
    np.testing.assert_allclose(clipped[1], [0.0, 0.8])
    np.testing.assert_allclose(clip_one(np.array([3.0, 4.0]), 2.5), [1.5, 2.0])
    np.testing.assert_array_equal(clip_one(np.array([0.3, -0.4]), 1.0), [0.3, -0.4])
    np.testing.assert_array_equal(clip_global([np.zeros(2)], 1.0)[0], [0.0, 0.0])


def test_adam_first_step_moves_each_parameter_by_about_lr() -> None:
    # t = 1 from zero moments: m̂ = g and v̂ = g², so the step is lr·g / (|g| + ε)
    theta, grad = np.array([1.0, -0.5]), np.array([0.2, -0.4])
    new_theta, m, v = reference("code.adam_step")(theta, grad, np.zeros(2), np.zeros(2), 1)
    np.testing.assert_allclose(new_theta, theta - 0.001 * grad / (np.abs(grad) + 1e-8))
    np.testing.assert_allclose(m, 0.1 * grad)
    np.testing.assert_allclose(v, 0.001 * grad**2)


def test_adam_later_step_by_hand() -> None:
    # t = 2, m = 0.1, v = 0.01, g = 0.5: m = 0.14, v = 0.01024, m̂ = 0.14/0.19, v̂ = v/0.001999
    new_theta, m, v = reference("code.adam_step")(
        np.array([1.0]), np.array([0.5]), np.array([0.1]), np.array([0.01]), 2
    )
    m_hat, v_hat = 0.14 / (1 - 0.9**2), 0.01024 / (1 - 0.999**2)
    assert m[0] == pytest.approx(0.14) and v[0] == pytest.approx(0.01024)
    assert new_theta[0] == pytest.approx(1.0 - 0.001 * m_hat / (math.sqrt(v_hat) + 1e-8))


def test_momentum_rmsprop_adagrad_first_steps_by_hand() -> None:
    theta, grad = np.array([1.0, 2.0]), np.array([0.5, -1.0])
    new_theta, buf = reference("code.sgd_momentum_step")(theta, grad, np.zeros(2))
    np.testing.assert_allclose(new_theta, [0.995, 2.01])
    np.testing.assert_allclose(buf, grad)
    # RMSprop from zero: square_avg = 0.01·g², step lr·g / (0.1·|g|) = 0.1·sign(g)
    new_theta, square_avg = reference("code.rmsprop_step")(theta, grad, np.zeros(2))
    np.testing.assert_allclose(square_avg, 0.01 * grad**2)
    np.testing.assert_allclose(new_theta, [0.9, 2.1], rtol=1e-6)
    # Adagrad from zero: sum = g², step lr·sign(g)
    new_theta, sum_sq = reference("code.adagrad_step")(theta, grad, np.zeros(2))
    np.testing.assert_allclose(sum_sq, grad**2)
    np.testing.assert_allclose(new_theta, [0.99, 2.01], rtol=1e-8)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_lloyd_step_matches_scikit_learn(seed: int) -> None:
    task = tasks.get("code.lloyd_step")
    for case in task.draw(np.random.default_rng(seed)):
        X, centroids = case.args
        labels, new_centroids = task.reference(X, centroids)
        np.testing.assert_array_equal(labels, pairwise_distances_argmin(X, centroids))
        if len(set(labels.tolist())) < len(centroids):
            continue  # scikit-learn moves an empty cluster elsewhere; the task keeps it
        model = KMeans(len(centroids), init=centroids, n_init=1, max_iter=1, algorithm="lloyd")
        np.testing.assert_allclose(new_centroids, model.fit(X).cluster_centers_, atol=1e-12)


def test_lloyd_step_keeps_an_empty_cluster_in_place() -> None:
    X = np.array([[0.0, 0.0], [1.0, 0.0], [5.0, 5.0]])
    labels, new = reference("code.lloyd_step")(X, np.array([[0.0, 0.0], [50.0, 50.0], [5.0, 5.0]]))
    np.testing.assert_array_equal(labels, [0, 0, 2])
    np.testing.assert_array_equal(new, [[0.5, 0.0], [50.0, 50.0], [5.0, 5.0]])


def test_kmeans_pp_probabilities_worked_example() -> None:
    X = np.array([[0.0, 0.0], [3.0, 4.0], [6.0, 8.0], [0.0, 1.0]])
    got = reference("code.kmeans_pp_probabilities")(X, np.array([[0.0, 0.0], [6.0, 8.0]]))
    np.testing.assert_allclose(got, [0.0, 25 / 26, 0.0, 1 / 26])


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_pca_matches_scikit_learn_up_to_sign(seed: int) -> None:
    task = tasks.get("code.pca")
    for case in task.draw(np.random.default_rng(seed)) + task.edge_cases():
        X, k = case.args
        components, variance = task.reference(X, k)
        model = PCA(n_components=k, svd_solver="full").fit(X)
        signs = np.sign(np.sum(components * model.components_, axis=1, keepdims=True))
        np.testing.assert_allclose(components, signs * model.components_, atol=1e-10)
        np.testing.assert_allclose(variance, model.explained_variance_, rtol=1e-10)


def test_pca_worked_example() -> None:
    X = np.array([[1.0, 0.0], [-1.0, 0.0], [0.0, 2.0], [0.0, -2.0]])
    components, variance = reference("code.pca")(X, 2)
    np.testing.assert_allclose(np.abs(components), [[0.0, 1.0], [1.0, 0.0]], atol=1e-12)
    np.testing.assert_allclose(variance, [8 / 3, 2 / 3])


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_pca_project_matches_scikit_learn_up_to_column_sign(seed: int) -> None:
    task = tasks.get("code.pca_project")
    for case in task.draw(np.random.default_rng(seed)) + task.edge_cases():
        X, k = case.args
        scores = task.reference(X, k)
        expected = PCA(n_components=k, svd_solver="full").fit_transform(X)
        signs = np.sign(np.sum(scores * expected, axis=0))
        np.testing.assert_allclose(scores, signs * expected, atol=1e-10)
