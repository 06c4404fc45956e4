"""engine.clipping against hand calculations and properties."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from engine import clipping


def test_clip_by_value() -> None:
    np.testing.assert_array_equal(
        clipping.clip_by_value([-3.0, -0.5, 0.2, 4.0], 1.0), [-1.0, -0.5, 0.2, 1.0]
    )


def test_clip_by_norm_by_hand() -> None:
    # ‖(3, 4)‖ = 5 (with the square root); clipped to norm 1 -> (0.6, 0.8)
    np.testing.assert_allclose(clipping.clip_by_norm([3.0, 4.0], 1.0), [0.6, 0.8])
    # norm already within the bound: unchanged
    np.testing.assert_array_equal(clipping.clip_by_norm([3.0, 4.0], 5.0), [3.0, 4.0])
    np.testing.assert_array_equal(clipping.clip_by_norm([3.0, 4.0], 10.0), [3.0, 4.0])
    # a matrix is one tensor: its Frobenius norm is used
    np.testing.assert_allclose(clipping.clip_by_norm([[3.0], [4.0]], 2.5), [[1.5], [2.0]])
    np.testing.assert_array_equal(clipping.clip_by_norm([0.0, 0.0], 1.0), [0.0, 0.0])


def test_clip_by_global_norm_by_hand() -> None:
    grads = [np.array([3.0, 0.0]), np.array([[0.0], [4.0]]), np.array(12.0)]
    # global norm sqrt(9 + 16 + 144) = 13
    assert clipping.global_norm(grads) == pytest.approx(13.0)
    clipped = clipping.clip_by_global_norm(grads, 6.5)
    np.testing.assert_allclose(clipped[0], [1.5, 0.0])
    np.testing.assert_allclose(clipped[1], [[0.0], [2.0]])
    np.testing.assert_allclose(clipped[2], 6.0)
    assert clipping.global_norm(clipped) == pytest.approx(6.5)
    # unchanged when within the bound, and the inputs are never modified
    same = clipping.clip_by_global_norm(grads, 20.0)
    for before, after in zip(grads, same, strict=True):
        np.testing.assert_array_equal(before, after)
        assert after is not before
    np.testing.assert_array_equal(grads[0], [3.0, 0.0])


def test_global_clipping_differs_from_per_tensor_clipping() -> None:
    grads = [np.array([3.0, 4.0]), np.array([0.3, 0.4])]
    per_tensor = [clipping.clip_by_norm(g, 1.0) for g in grads]
    joint = clipping.clip_by_global_norm(grads, 1.0)
    np.testing.assert_allclose(per_tensor[1], [0.3, 0.4])  # short tensor left alone
    scale = 1.0 / math.sqrt(25 + 0.25)
    np.testing.assert_allclose(joint[1], [0.3 * scale, 0.4 * scale])  # shrunk with the rest


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: clipping.clip_by_value([1.0], 0.0), "clipvalue"),
        (lambda: clipping.clip_by_norm([1.0], -1.0), "clipnorm"),
        (lambda: clipping.clip_by_norm([], 1.0), "g is empty"),
        (lambda: clipping.clip_by_norm([np.nan], 1.0), "NaN"),
        (lambda: clipping.clip_by_global_norm([], 1.0), "non-empty list"),
        (lambda: clipping.clip_by_global_norm([[1.0], [np.inf]], 1.0), r"grads\[1\]"),
        (lambda: clipping.clip_by_global_norm([[1.0]], "a lot"), "max_norm"),
    ],
)
def test_bad_input(call, message) -> None:
    with pytest.raises(ValueError, match=message):
        call()


_gradients = arrays(float, st.integers(1, 8), elements=st.floats(-1e3, 1e3))


@settings(max_examples=80, deadline=None)
@given(g=_gradients, clipnorm=st.floats(0.01, 100))
def test_clip_by_norm_respects_the_bound_and_direction(g, clipnorm) -> None:
    clipped = clipping.clip_by_norm(g, clipnorm)
    assert np.linalg.norm(clipped) <= clipnorm * (1 + 1e-12)
    # the direction is kept: clipped = c·g with 0 < c <= 1
    if np.linalg.norm(g) > 0:
        scale = np.linalg.norm(clipped) / np.linalg.norm(g)
        assert 0 < scale <= 1 + 1e-12
        np.testing.assert_allclose(clipped, scale * g, rtol=1e-9, atol=1e-12)


@settings(max_examples=80, deadline=None)
@given(grads=st.lists(_gradients, min_size=1, max_size=4), max_norm=st.floats(0.01, 100))
def test_clip_by_global_norm_respects_the_bound(grads, max_norm) -> None:
    clipped = clipping.clip_by_global_norm(grads, max_norm)
    assert clipping.global_norm(clipped) <= max_norm * (1 + 1e-12)


@settings(max_examples=80, deadline=None)
@given(g=_gradients, clipvalue=st.floats(0.01, 100))
def test_clip_by_value_respects_the_bound(g, clipvalue) -> None:
    assert np.all(np.abs(clipping.clip_by_value(g, clipvalue)) <= clipvalue)
