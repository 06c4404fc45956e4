"""The k-means and PCA problem families: every answer recomputed twice, through the math
core (engine.kmeans, engine.pca) and through scikit-learn / SciPy / NumPy, independently of
the generators' hand-worked arithmetic; the worked solution ending on the answer; the answer
typed to 4 significant figures graded right; every listed mistake graded wrong and
recognised; the same seed giving the same problem."""

from __future__ import annotations

import re

import numpy as np
import pytest
from helpers import final_value, typed
from scipy.spatial import distance as scipy_distance
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.metrics import pairwise_distances_argmin, pairwise_distances_argmin_min

from engine import kmeans, pca
from engine.grading import grade
from engine.problem import Problem
from engine.problems import generate
from engine.problems.kmeans import FAMILIES as KMEANS_FAMILIES
from engine.problems.kmeans import METRICS, same_partition
from engine.problems.pca import FAMILIES as PCA_FAMILIES

SEEDS = range(50)
FAMILIES = sorted({**KMEANS_FAMILIES, **PCA_FAMILIES})


def with_covariance(matrix) -> np.ndarray:
    """Four 2-D points whose sample covariance is exactly ``matrix``.

    Z = √(3/2)·[±e₁, ±e₂] has mean 0 and ZᵀZ = 3·I, so X = Z·Lᵀ (L the Cholesky factor)
    has (XᵀX)/(n − 1) = L·Lᵀ = matrix.
    """
    z = np.sqrt(1.5) * np.array([[1, 0], [-1, 0], [0, 1], [0, -1]], dtype=float)
    return z @ np.linalg.cholesky(np.asarray(matrix, dtype=float)).T


def with_eigenvalues(values) -> np.ndarray:
    """2d points whose sample covariance is diag(values) (the same construction, d dims)."""
    size = len(values)
    z = np.vstack([np.eye(size), -np.eye(size)]) * np.sqrt((2 * size - 1) / 2)
    return z * np.sqrt(np.asarray(values, dtype=float))


def recompute(problem: Problem) -> list:
    """The answer by two independent paths: [math core, scikit-learn/SciPy/NumPy]."""
    data, family = problem.data, problem.family
    if family.startswith("kmeans.") and "points" in data:
        points = np.asarray(data["points"], dtype=float)
    if family in ("kmeans.assign", "kmeans.lloyd_step", "kmeans.inertia"):
        centers = np.asarray(data["centers"], dtype=float)
    if family == "kmeans.assign":
        return [
            kmeans.assign(points, centers).tolist(),
            pairwise_distances_argmin(points, centers).tolist(),
        ]
    if family == "kmeans.lloyd_step":
        fitted = KMeans(2, init=centers, n_init=1, max_iter=1, algorithm="lloyd").fit(points)
        return [kmeans.lloyd_step(points, centers)[1], fitted.cluster_centers_]
    if family == "kmeans.inertia":
        _, nearest = pairwise_distances_argmin_min(points, centers)
        return [kmeans.inertia(points, kmeans.assign(points, centers), centers), nearest @ nearest]
    if family == "kmeans.kmeanspp_probability":
        chosen, target = data["chosen"], data["target"]
        squared = ((points[:, None, :] - points[chosen][None, :, :]) ** 2).sum(axis=2).min(axis=1)
        return [
            kmeans.kmeanspp_probabilities(points, chosen)[target],
            squared[target] / squared.sum(),
        ]
    if family == "kmeans.distance":
        a, b, metric = data["a"], data["b"], data["metric"]
        if metric == "mahalanobis":
            inverse = np.linalg.inv(data["covariance"])
            return [
                kmeans.distance(metric, a, b, VI=inverse),
                scipy_distance.mahalanobis(a, b, inverse),
            ]
        scipy_name = {"manhattan": "cityblock"}.get(metric, metric)
        return [kmeans.distance(metric, a, b), getattr(scipy_distance, scipy_name)(a, b)]
    if family == "pca.covariance":
        return [pca.covariance(data["X"]), np.cov(np.asarray(data["X"]), rowvar=False)]
    if family in ("pca.eigenvalues", "pca.explained_variance_ratio"):
        x = with_covariance(data["covariance"])
        core, sk = pca.fit(x, 2), PCA(2).fit(x)
        if family == "pca.eigenvalues":
            return [core.explained_variance, sk.explained_variance_]
        return [core.explained_variance_ratio[0], sk.explained_variance_ratio_[0]]
    if family == "pca.projection":
        x, point = np.asarray(data["X"], dtype=float), np.asarray([data["x"]], dtype=float)
        sk = PCA(1).fit(x)
        component = sk.components_[0]
        assert component[np.argmax(np.abs(component))] > 0  # the convention the prompt states
        return [pca.transform(pca.fit(x, 1), point)[0, 0], sk.transform(point)[0, 0]]
    if family == "pca.reconstruction_error":
        x = np.asarray(data["X"], dtype=float)
        sk = PCA(1).fit(x)
        rebuilt = sk.inverse_transform(sk.transform(x))
        return [pca.reconstruction_error(pca.fit(x, 1), x), ((x - rebuilt) ** 2).sum(axis=1).mean()]
    if family == "pca.components_for_threshold":
        x = with_eigenvalues(data["eigenvalues"])
        core = pca.fit(x, len(data["eigenvalues"]))
        reached = np.cumsum(core.explained_variance_ratio) >= data["threshold"]
        return [int(np.argmax(reached)) + 1, PCA(data["threshold"]).fit(x).n_components_]
    if family == "pca.whitening":
        x, point = np.asarray(data["X"], dtype=float), np.asarray([data["x"]], dtype=float)
        sk = PCA(2, whiten=True).fit(x)
        return [pca.whiten(pca.fit(x, 2), point)[0], sk.transform(point)[0]]
    if family == "pca.gram_trick":
        x = np.asarray(data["X"], dtype=float)
        return [pca.fit_gram(x, 2).explained_variance, PCA(2).fit(x).explained_variance_]
    if family == "pca.ppca_noise_variance":
        x = with_eigenvalues(data["eigenvalues"])
        return [
            pca.ppca_noise_variance(data["eigenvalues"], data["q"]),
            PCA(data["q"]).fit(x).noise_variance_,
        ]
    raise AssertionError(family)


def problems(family: str) -> list[Problem]:
    return [generate(family, seed) for seed in SEEDS]


def test_every_family_is_registered():
    assert set(KMEANS_FAMILIES) == {
        "kmeans.assign",
        "kmeans.lloyd_step",
        "kmeans.inertia",
        "kmeans.kmeanspp_probability",
        "kmeans.distance",
    }
    assert set(PCA_FAMILIES) == {
        "pca.covariance",
        "pca.eigenvalues",
        "pca.explained_variance_ratio",
        "pca.projection",
        "pca.reconstruction_error",
        "pca.components_for_threshold",
        "pca.whitening",
        "pca.gram_trick",
        "pca.ppca_noise_variance",
    }


@pytest.mark.parametrize("family", FAMILIES)
def test_answer_matches_the_math_core_and_scikit_learn(family):
    for problem in problems(family):
        for expected in recompute(problem):
            if problem.kind == "labels":
                assert problem.answer == expected, problem.seed
            else:
                assert np.allclose(problem.answer, expected, rtol=1e-9, atol=1e-9), (
                    problem.seed,
                    expected,
                )


@pytest.mark.parametrize("family", FAMILIES)
def test_solution_ends_on_the_answer(family):
    for problem in problems(family):
        final = final_value(problem)
        if problem.kind == "labels":
            assert final.tolist() == problem.answer, problem.seed
        else:
            assert problem.tolerance.accepts_all(final, problem.answer), problem.seed


@pytest.mark.parametrize("family", FAMILIES)
def test_typed_answer_grades_right_and_mistakes_are_recognised(family):
    for problem in problems(family):
        verdict = grade(problem, typed(problem, problem.answer))
        assert verdict.status == "correct", (problem.seed, verdict)
        assert problem.mistakes, problem.seed
        for mistake in problem.mistakes:
            verdict = grade(problem, typed(problem, mistake.value))
            assert verdict.status == "incorrect", (problem.seed, mistake.id)
            assert verdict.mistake == mistake.id, (problem.seed, mistake.id, verdict.mistake)


@pytest.mark.parametrize("family", FAMILIES)
def test_same_seed_same_problem(family):
    for seed in (0, 7, 123456):
        assert generate(family, seed).to_dict() == generate(family, seed).to_dict()
    assert len({str(generate(family, seed).data) for seed in range(10)}) > 5


@pytest.mark.parametrize("family", FAMILIES)
def test_texts_are_bilingual_and_timed(family):
    problem = generate(family, 3)
    for text in (problem.prompt, problem.hint, problem.solution):
        assert text["en"] and text["zh"]
    for text in (problem.prompt, problem.hint):
        assert re.search(r"[\u4e00-\u9fff]", text["zh"])
    assert 60 <= problem.target_seconds <= 180
    for mistake in problem.mistakes:
        assert mistake.feedback["en"] and re.search(r"[\u4e00-\u9fff]", mistake.feedback["zh"])


def test_assignments_have_no_ties_and_manhattan_groups_differently():
    for seed in SEEDS:
        problem = generate("kmeans.assign", seed)
        points = np.asarray(problem.data["points"])
        centers = np.asarray(problem.data["centers"])
        squared = ((points[:, None] - centers[None]) ** 2).sum(axis=2)
        assert np.all(squared[:, 0] != squared[:, 1])
        assert len(set(problem.answer)) == 2
        (manhattan,) = problem.mistakes
        assert (
            manhattan.value
            == pairwise_distances_argmin(points, centers, metric="manhattan").tolist()
        )
        assert not same_partition(manhattan.value, problem.answer)


def test_renamed_labels_grade_right():
    problem = generate("kmeans.assign", 1)
    renamed = [1 - label for label in problem.answer]
    assert grade(problem, typed(problem, renamed)).status == "correct"


def test_same_partition():
    assert same_partition([0, 0, 1], [1, 1, 0])
    assert not same_partition([0, 0, 1], [0, 1, 1])
    assert not same_partition([0, 0, 0], [0, 1, 0])


@pytest.mark.parametrize("metric", METRICS)
def test_distance_metric_parameter(metric):
    for seed in range(30):
        problem = generate("kmeans.distance", seed, metric=metric)
        assert problem.data["metric"] == metric
        for expected in recompute(problem):
            assert np.isclose(problem.answer, expected)
        verdict = grade(problem, typed(problem, problem.answer))
        assert verdict.status == "correct"
        for mistake in problem.mistakes:
            assert grade(problem, typed(problem, mistake.value)).mistake == mistake.id


def test_the_seed_picks_the_three_named_metrics():
    picked = {generate("kmeans.distance", seed).data["metric"] for seed in range(40)}
    assert picked == {"euclidean", "manhattan", "mahalanobis"}


@pytest.mark.parametrize("dims", [2, 3])
def test_covariance_dims_parameter(dims):
    for seed in range(20):
        problem = generate("pca.covariance", seed, dims=dims)
        x = np.asarray(problem.data["X"])
        assert x.shape[1] == dims
        assert np.allclose(problem.answer, np.cov(x, rowvar=False))
        population = next(m for m in problem.mistakes if m.id == "population_covariance")
        assert np.allclose(population.value, np.cov(x, rowvar=False, ddof=0))


def test_covariance_by_hand():
    """(0,0), (2,0), (0,2), (2,2): each feature has mean 1 and squared deviations 4 in
    total, so the variances are 4/3 and the covariance 0."""
    assert np.allclose(pca.covariance([[0, 0], [2, 0], [0, 2], [2, 2]]), [[4 / 3, 0], [0, 4 / 3]])


def test_eigenvalues_are_descending_and_clean():
    for seed in SEEDS:
        problem = generate("pca.eigenvalues", seed)
        largest, smallest = problem.answer
        assert largest > smallest > 0
        assert np.isclose(largest * 2, round(largest * 2)) and np.isclose(
            smallest * 2, round(smallest * 2)
        )


def test_reconstruction_error_is_the_dropped_variance():
    """On the fitted data, the mean squared error is (n − 1)/n times λ₂ (sklearn)."""
    for seed in range(20):
        problem = generate("pca.reconstruction_error", seed)
        x = np.asarray(problem.data["X"], dtype=float)
        dropped = PCA(2).fit(x).explained_variance_[1]
        assert np.isclose(problem.answer, dropped * (len(x) - 1) / len(x))


@pytest.mark.parametrize(
    ("family", "params"),
    [
        ("kmeans.distance", {"metric": "hamming"}),
        ("kmeans.assign", {"k": 3}),
        ("pca.covariance", {"dims": 4}),
        ("pca.components_for_threshold", {"threshold": 1.5}),
        ("pca.projection", {"points": 4}),
    ],
)
def test_bad_parameters_are_named(family, params):
    with pytest.raises(ValueError, match=next(iter(params))):
        generate(family, 0, **params)
