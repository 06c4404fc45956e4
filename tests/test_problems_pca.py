"""Whitening, the Gram trick and probabilistic PCA's noise variance.

The engine functions are checked against scikit-learn (``PCA(whiten=True)``, its
``explained_variance_``, ``components_`` and ``noise_variance_``), NumPy's eigen-solver on the
d×d covariance, a brute-force maximisation of the probabilistic PCA likelihood, and worked
examples. The generated problems are recomputed from their data by scikit-learn and by loops
written out here, and every mistake's value from its own description.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import minimize
from sklearn.decomposition import PCA

from engine import pca
from engine.problems import generate

SEEDS = range(40)


def _eigen_data(eigenvalues: np.ndarray, samples: int, seed: int) -> np.ndarray:
    """Data whose sample covariance (divided by n − 1) has exactly ``eigenvalues``, along
    random orthonormal axes."""
    rng = np.random.default_rng(seed)
    dims = len(eigenvalues)
    noise = rng.normal(size=(samples, dims))
    scores, _ = np.linalg.qr(noise - noise.mean(axis=0))  # centred, orthonormal columns
    axes, _ = np.linalg.qr(rng.normal(size=(dims, dims)))
    data = np.sqrt(samples - 1) * scores * np.sqrt(eigenvalues) @ axes.T
    return data + rng.normal(size=dims)


# ------------------------------------------------------------------------ whitening


def test_whitening_worked_example_divides_each_score_by_its_standard_deviation() -> None:
    # the deck's example: variances 9 and 0.25, scores (3, −0.5) -> (1, −1)
    result = pca.PCAResult(
        mean=np.zeros(2),
        components=np.eye(2),
        explained_variance=np.array([9.0, 0.25]),
        explained_variance_ratio=np.array([0.9, 0.1]),
        singular_values=np.array([3.0, 0.5]),
    )
    np.testing.assert_allclose(pca.whiten(result, [[3.0, -0.5]]), [[1.0, -1.0]])


@pytest.mark.parametrize(("samples", "dims", "kept"), [(30, 3, 3), (12, 5, 2), (6, 8, 4)])
def test_whiten_matches_scikit_learn(samples: int, dims: int, kept: int) -> None:
    rng = np.random.default_rng(samples * dims)
    X = rng.normal(size=(samples, dims)) @ rng.normal(size=(dims, dims)) + 3.0
    new = rng.normal(size=(4, dims))
    reference = PCA(n_components=kept, whiten=True, svd_solver="full").fit(X)
    result = pca.fit(X, kept)
    np.testing.assert_allclose(pca.whiten(result, new), reference.transform(new), atol=1e-10)


def test_whitened_training_scores_have_identity_sample_covariance() -> None:
    rng = np.random.default_rng(1)
    X = rng.normal(size=(50, 3)) @ np.array([[3.0, 1.0, 0.0], [0.0, 1.0, 0.5], [0.0, 0.0, 0.2]])
    whitened = pca.whiten(pca.fit(X, 3), X)
    np.testing.assert_allclose(np.cov(whitened, rowvar=False, ddof=1), np.eye(3), atol=1e-10)


def test_whiten_refuses_a_component_without_variance() -> None:
    result = pca.fit([[0.0, 0.0], [1.0, 0.0], [2.0, 0.0]], 2)
    with pytest.raises(ValueError, match="zero variance"):
        pca.whiten(result, [[1.0, 1.0]])


@pytest.mark.parametrize("seed", SEEDS)
def test_whitening_problem(seed: int) -> None:
    problem = generate("pca.whitening", seed)
    X, x = np.array(problem.data["X"]), np.array(problem.data["x"])
    reference = PCA(n_components=2, whiten=True, svd_solver="full").fit(X)
    # what the prompt says scikit-learn learned is what it learns
    np.testing.assert_allclose(problem.data["mean"], reference.mean_, atol=1e-9)
    np.testing.assert_allclose(problem.data["components"], reference.components_, atol=1e-9)
    np.testing.assert_allclose(
        problem.data["explained_variance"], reference.explained_variance_, atol=1e-9
    )
    np.testing.assert_allclose(problem.answer, reference.transform([x])[0], atol=1e-9)

    mean = problem.data["mean"]
    components = problem.data["components"]
    variance = problem.data["explained_variance"]
    scores, raw_scores = [], []
    for row in components:
        scores.append(sum((x[i] - mean[i]) * row[i] for i in range(2)))
        raw_scores.append(sum(x[i] * row[i] for i in range(2)))
    whitened = [scores[j] / variance[j] ** 0.5 for j in range(2)]
    by_mistake = {
        "divided_by_variance": [scores[j] / variance[j] for j in range(2)],
        "not_centered": [raw_scores[j] / variance[j] ** 0.5 for j in range(2)],
        "not_whitened": scores,
        "rotated_back": [sum(components[j][i] * whitened[j] for j in range(2)) for i in range(2)],
    }
    for mistake in problem.mistakes:
        np.testing.assert_allclose(
            mistake.value, by_mistake[mistake.id], atol=1e-9, err_msg=mistake.id
        )


# ------------------------------------------------------------------ the Gram trick


@pytest.mark.parametrize(("samples", "dims"), [(3, 5), (4, 50), (10, 200), (30, 4)])
def test_fit_gram_matches_the_covariance_eigenvalues_and_scikit_learn(
    samples: int, dims: int
) -> None:
    rng = np.random.default_rng(dims)
    X = rng.normal(size=(samples, dims)) * np.linspace(3.0, 0.5, dims) + 1.0
    kept = min(samples - 1, dims, 3)
    result = pca.fit_gram(X, kept)
    covariance_eigenvalues = np.linalg.eigvalsh(np.cov(X, rowvar=False, ddof=1))[::-1]
    np.testing.assert_allclose(result.explained_variance, covariance_eigenvalues[:kept])
    reference = PCA(n_components=kept, svd_solver="full").fit(X)
    np.testing.assert_allclose(result.explained_variance, reference.explained_variance_)
    np.testing.assert_allclose(result.explained_variance_ratio, reference.explained_variance_ratio_)
    np.testing.assert_allclose(result.singular_values, reference.singular_values_)
    # scikit-learn >= 1.5 signs each component so that its largest-magnitude entry is positive,
    # as the engine does; align anyway so that a tie could not fail the test
    signs = np.sign(np.sum(result.components * reference.components_, axis=1))
    np.testing.assert_allclose(
        result.components * signs[:, None], reference.components_, atol=1e-10
    )
    assert np.all(signs == 1)
    np.testing.assert_allclose(result.mean, X.mean(axis=0))


def test_fit_gram_components_are_eigenvectors_of_the_covariance() -> None:
    rng = np.random.default_rng(7)
    X = rng.normal(size=(5, 12))
    result = pca.fit_gram(X, 4)
    covariance = np.cov(X, rowvar=False, ddof=1)
    for component, variance in zip(result.components, result.explained_variance, strict=True):
        np.testing.assert_allclose(covariance @ component, variance * component, atol=1e-10)
    np.testing.assert_allclose(result.components @ result.components.T, np.eye(4), atol=1e-10)


def test_fit_gram_worked_example() -> None:
    # centred rows (−1, 2, 0, 0), (0, 1, 0, −2), (1, −3, 0, 2): G = [[5, 2, −7], [2, 5, −7],
    # [−7, −7, 14]], trace 24, principal minors 21 each, so μ = 21 and 3 and λ = μ/2
    X = np.array([[4.0, 7, 6, 5], [5, 6, 6, 3], [6, 2, 6, 7]])
    np.testing.assert_allclose(pca.fit_gram(X, 2).explained_variance, [10.5, 1.5])


def test_fit_gram_refuses_more_components_than_centring_leaves() -> None:
    X = np.random.default_rng(0).normal(size=(3, 6))
    with pytest.raises(ValueError, match=r"\[1, 2\]"):
        pca.fit_gram(X, 3)
    with pytest.raises(ValueError, match="zero variance"):
        pca.fit_gram([[1.0, 2.0, 3.0]] * 3, 1)


@pytest.mark.parametrize("seed", SEEDS)
def test_gram_trick_problem(seed: int) -> None:
    problem = generate("pca.gram_trick", seed)
    X = np.array(problem.data["X"])
    samples, dims = X.shape
    assert samples == 3 and dims in (4, 5)
    reference = PCA(svd_solver="full").fit(X).explained_variance_
    np.testing.assert_allclose(problem.answer, reference[:2], atol=1e-9)
    assert reference[2] < 1e-9  # centring three samples leaves two nonzero eigenvalues

    mean = [sum(X[i, k] for i in range(samples)) / samples for k in range(dims)]
    centred = [[X[i, k] - mean[k] for k in range(dims)] for i in range(samples)]

    def gram(rows: list) -> np.ndarray:
        return np.array(
            [[sum(a * b for a, b in zip(r, s, strict=True)) for s in rows] for r in rows]
        )

    def top_two(matrix: np.ndarray) -> np.ndarray:
        return np.sort(np.linalg.eigvalsh(matrix))[::-1][:2]

    unscaled = top_two(gram(centred))
    by_mistake = {
        "divided_by_n": top_two(np.cov(X, rowvar=False, ddof=0)),
        "gram_not_scaled": unscaled,
        "not_centered": top_two(gram(X.tolist())) / (samples - 1),
        "ascending_order": unscaled[::-1] / (samples - 1),
    }
    for mistake in problem.mistakes:
        np.testing.assert_allclose(
            mistake.value, by_mistake[mistake.id], atol=1e-9, err_msg=mistake.id
        )


def test_gram_trick_dimensions_can_be_fixed() -> None:
    for dims in (4, 5):
        assert all(
            len(generate("pca.gram_trick", s, dims=dims).data["X"][0]) == dims for s in range(5)
        )
    with pytest.raises(ValueError, match="dims"):
        generate("pca.gram_trick", 0, dims=3)


# ------------------------------------------------------- probabilistic PCA: noise variance


@pytest.mark.parametrize(
    ("eigenvalues", "kept"),
    [([5.0, 3.0, 1.0, 0.6, 0.4], 2), ([4.0, 2.5, 2.0, 0.7], 1), ([6.0, 1.0, 0.5], 0)],
)
def test_ppca_noise_variance_matches_scikit_learn(eigenvalues: list, kept: int) -> None:
    values = np.array(eigenvalues)
    X = _eigen_data(values, samples=40, seed=len(values) + kept)
    full = PCA(svd_solver="full").fit(X)
    np.testing.assert_allclose(full.explained_variance_, values)  # the data are what we meant
    for solver in ("full", "covariance_eigh"):
        reference = PCA(n_components=kept, svd_solver=solver).fit(X).noise_variance_
        np.testing.assert_allclose(pca.ppca_noise_variance(values, kept), reference)
        # an eigen-solver's order does not matter: the smallest d − q are the discarded ones
        shuffled = np.random.default_rng(0).permutation(values)
        np.testing.assert_allclose(pca.ppca_noise_variance(shuffled, kept), reference)


def test_ppca_noise_variance_is_the_maximum_of_the_likelihood() -> None:
    # brute force: minimise ln|C| + tr(C⁻¹S), C = WWᵀ + σ²I, over W (d×q) and ln σ² with a
    # generic optimiser; the covariance S is taken diagonal (the likelihood is rotation-invariant)
    values, kept = np.array([5.0, 3.0, 1.0, 0.6, 0.4]), 2
    dims = len(values)
    covariance = np.diag(values)

    def negative_log_likelihood(parameters: np.ndarray) -> float:
        loadings = parameters[:-1].reshape(dims, kept)
        model = loadings @ loadings.T + np.exp(parameters[-1]) * np.eye(dims)
        _, log_det = np.linalg.slogdet(model)
        return float(log_det + np.trace(np.linalg.solve(model, covariance)))

    start = np.append(np.random.default_rng(3).normal(size=dims * kept), 0.0)
    found = minimize(negative_log_likelihood, start, method="BFGS", options={"gtol": 1e-10})
    np.testing.assert_allclose(
        np.exp(found.x[-1]), pca.ppca_noise_variance(values, kept), rtol=1e-5
    )
    np.testing.assert_allclose(np.exp(found.x[-1]), (1.0 + 0.6 + 0.4) / 3, rtol=1e-5)


def test_ppca_noise_variance_is_zero_when_nothing_is_discarded_as_in_scikit_learn() -> None:
    values = np.array([3.0, 2.0, 1.0])
    X = _eigen_data(values, samples=20, seed=5)
    assert PCA(n_components=3, svd_solver="full").fit(X).noise_variance_ == 0.0
    assert pca.ppca_noise_variance(values, 3) == 0.0


@pytest.mark.parametrize(
    ("eigenvalues", "kept"), [([1.0, -0.5], 1), ([], 0), ([[1.0, 2.0]], 1), ([2.0, 1.0], 3)]
)
def test_ppca_noise_variance_rejects_bad_input(eigenvalues: list, kept: int) -> None:
    with pytest.raises(ValueError):
        pca.ppca_noise_variance(eigenvalues, kept)


@pytest.mark.parametrize("seed", SEEDS)
def test_ppca_noise_variance_problem(seed: int) -> None:
    problem = generate("pca.ppca_noise_variance", seed)
    values, kept = problem.data["eigenvalues"], problem.data["q"]
    dims = len(values)
    assert values == sorted(values, reverse=True) and 1 <= kept <= dims - 2
    X = _eigen_data(np.array(values), samples=3 * dims, seed=seed)
    reference = PCA(n_components=kept, svd_solver="full").fit(X).noise_variance_
    np.testing.assert_allclose(problem.answer, reference, rtol=1e-9)

    discarded = values[kept:]
    by_mistake = {
        "sum_of_discarded": sum(discarded),
        "mean_of_all": sum(values) / dims,
        "divided_by_d": sum(discarded) / dims,
        "included_last_kept": sum(values[kept - 1 :]) / (dims - kept + 1),
    }
    for mistake in problem.mistakes:
        np.testing.assert_allclose(
            mistake.value, by_mistake[mistake.id], rtol=1e-9, err_msg=mistake.id
        )
