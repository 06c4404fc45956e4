"""engine.pca against scikit-learn's PCA, numpy.cov and a hand calculation."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.decomposition import PCA

from engine import pca


def _correlated(seed: int, samples: int = 40, features: int = 4) -> np.ndarray:
    rng = np.random.default_rng(seed)
    mixing = rng.normal(size=(features, features))
    return rng.normal(size=(samples, features)) @ mixing + rng.normal(size=features)


@pytest.mark.parametrize(("seed", "n_components"), [(0, 1), (1, 2), (2, 3), (3, 4)])
def test_fit_matches_scikit_learn(seed, n_components) -> None:
    data = _correlated(seed)
    reference = PCA(n_components=n_components, svd_solver="full").fit(data)
    result = pca.fit(data, n_components)
    np.testing.assert_allclose(result.mean, reference.mean_)
    np.testing.assert_allclose(result.explained_variance, reference.explained_variance_)
    np.testing.assert_allclose(result.explained_variance_ratio, reference.explained_variance_ratio_)
    np.testing.assert_allclose(result.singular_values, reference.singular_values_)
    # components agree up to sign; ours have their largest-magnitude entry positive
    for ours, theirs in zip(result.components, reference.components_, strict=True):
        assert abs(ours @ theirs) == pytest.approx(1.0)
        assert ours[np.argmax(np.abs(ours))] > 0
    signs = np.sign(np.sum(result.components * reference.components_, axis=1))
    np.testing.assert_allclose(
        pca.transform(result, data) * signs, reference.transform(data), atol=1e-9
    )


def test_covariance_matches_numpy() -> None:
    data = _correlated(5)
    np.testing.assert_allclose(pca.covariance(data), np.cov(data, rowvar=False))
    np.testing.assert_allclose(pca.covariance(data, ddof=0), np.cov(data, rowvar=False, ddof=0))


def test_fit_by_hand() -> None:
    # points on the line y = x: mean (2, 2), all variance along (1, 1)/√2
    data = np.array([[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]])
    result = pca.fit(data, 1)
    np.testing.assert_allclose(result.mean, [2.0, 2.0])
    np.testing.assert_allclose(result.components, [[1 / np.sqrt(2), 1 / np.sqrt(2)]])
    # scores -√2, 0, √2: variance (2 + 0 + 2) / (3 - 1) = 2
    np.testing.assert_allclose(result.explained_variance, [2.0])
    np.testing.assert_allclose(result.explained_variance_ratio, [1.0])
    np.testing.assert_allclose(pca.transform(result, data), [[-np.sqrt(2)], [0.0], [np.sqrt(2)]])
    assert pca.reconstruction_error(result, data) == pytest.approx(0.0, abs=1e-20)


def test_reconstruction_error_is_the_discarded_variance() -> None:
    data = _correlated(7, samples=30, features=5)
    full = pca.fit(data, 5)
    samples = len(data)
    for kept in range(1, 6):
        result = pca.fit(data, kept)
        reconstruction = pca.inverse_transform(result, pca.transform(result, data))
        by_definition = np.mean(np.sum((data - reconstruction) ** 2, axis=1))
        discarded = (samples - 1) / samples * full.explained_variance[kept:].sum()
        assert pca.reconstruction_error(result, data) == pytest.approx(by_definition)
        assert pca.reconstruction_error(result, data) == pytest.approx(discarded, abs=1e-9)


def test_inverse_transform_matches_scikit_learn() -> None:
    data = _correlated(9)
    result = pca.fit(data, 2)
    reference = PCA(n_components=2, svd_solver="full").fit(data)
    np.testing.assert_allclose(
        pca.inverse_transform(result, pca.transform(result, data)),
        reference.inverse_transform(reference.transform(data)),
        atol=1e-9,
    )


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: pca.fit(np.empty((0, 3)), 1), "X is empty"),
        (lambda: pca.fit([[1.0, 2.0]], 1), "at least 2 samples"),
        (lambda: pca.fit(np.eye(3), 4), "n_components"),
        (lambda: pca.fit(np.eye(3), 0), "n_components"),
        (lambda: pca.fit([1.0, 2.0, 3.0], 1), "2-D"),
        (lambda: pca.fit([[1.0, 2.0], [1.0, 2.0]], 1), "zero variance"),
        (lambda: pca.fit([[1.0, np.nan], [1.0, 2.0]], 1), "NaN"),
        (lambda: pca.transform(pca.fit(np.eye(3), 2), np.ones((2, 2))), "features"),
        (lambda: pca.inverse_transform(pca.fit(np.eye(3), 2), np.ones((2, 3))), "components"),
        (lambda: pca.covariance([[1.0, 2.0]]), "more than ddof"),
    ],
)
def test_bad_input(call, message) -> None:
    with pytest.raises(ValueError, match=message):
        call()


@settings(max_examples=50, deadline=None)
@given(
    arrays(
        float,
        st.tuples(st.integers(4, 10), st.integers(1, 4)),
        elements=st.integers(-1000, 1000).map(lambda tenths: tenths / 10),
    )
)
def test_full_rank_ratios_sum_to_one(data) -> None:
    if np.linalg.matrix_rank(data - data.mean(axis=0)) < data.shape[1]:
        return
    result = pca.fit(data, data.shape[1])
    assert result.explained_variance_ratio.sum() == pytest.approx(1.0)
    assert np.all(np.diff(result.explained_variance) <= 1e-9 * result.explained_variance[0])
    np.testing.assert_allclose(
        result.components @ result.components.T, np.eye(data.shape[1]), atol=1e-9
    )


@pytest.mark.parametrize("count", [True, 1.0, 0, 3, "2"])
def test_a_component_count_must_be_a_whole_number_in_range(count) -> None:
    X = [[1.0, 2.0], [3.0, 4.0], [5.0, 0.0]]
    with pytest.raises(ValueError, match=r"n_components must be an integer in \[1, 2\]"):
        pca.fit(X, count)
    with pytest.raises(ValueError, match="n_components"):
        pca.fit_gram(X, count)


def test_a_numpy_integer_count_is_accepted() -> None:
    X = [[1.0, 2.0], [3.0, 4.0], [5.0, 0.0]]
    # C = [[4, -2], [-2, 4]]: eigenvalues 6 and 2
    np.testing.assert_allclose(pca.fit(X, np.int64(2)).explained_variance, [6.0, 2.0])
    assert pca.ppca_noise_variance([6.0, 2.0], np.int64(1)) == 2.0
    with pytest.raises(ValueError, match="n_components"):
        pca.ppca_noise_variance([6.0, 2.0], False)
