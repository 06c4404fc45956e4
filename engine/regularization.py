"""Regularisation applied to activations: inverted dropout."""

from __future__ import annotations

from typing import Any

import numpy as np

from engine._checks import finite_array


def inverted_dropout(a: Any, mask: Any, p: float, training: bool = True) -> np.ndarray:
    """Inverted dropout (PyTorch's ``nn.Dropout``): in training, kept units are scaled by
    1/(1 − p) and dropped ones zeroed; at evaluation the input passes unchanged.

    Args:
        a: the activations.
        mask: 1 where a unit is kept, 0 where it is dropped (same shape as ``a``).
        p: the probability of dropping a unit, in [0, 1).
        training: whether the network is in training mode.

    Raises:
        ValueError: for p outside [0, 1), a mask not made of 0/1, or mismatched shapes.
    """
    values = finite_array(a, "a", scalar_ok=True)
    keep = finite_array(mask, "mask", scalar_ok=True)
    if values.shape != keep.shape:
        raise ValueError(f"a and mask must have the same shape, got {values.shape} and {keep.shape}")
    if not np.all((keep == 0) | (keep == 1)):
        raise ValueError("mask must hold only 0 and 1")
    if not 0 <= p < 1:
        raise ValueError("p must lie in [0, 1)")
    if not training:
        return values.copy()
    return values * keep / (1 - p) + 0.0  # + 0.0 turns the −0 of a dropped negative into 0
