"""Regularisation: inverted dropout on activations, and the L1 penalty's proximal step on
weights (soft-thresholding, the step of ISTA and of the lasso's solvers)."""

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
        raise ValueError(
            f"a and mask must have the same shape, got {values.shape} and {keep.shape}"
        )
    if not np.all((keep == 0) | (keep == 1)):
        raise ValueError("mask must hold only 0 and 1")
    if not 0 <= p < 1:
        raise ValueError("p must lie in [0, 1)")
    if not training:
        return values.copy()
    return values * keep / (1 - p) + 0.0  # + 0.0 turns the −0 of a dropped negative into 0


def soft_threshold(v: Any, threshold: float) -> np.ndarray:
    """The soft-threshold S_t(v) = sign(v)·max(|v| − t, 0), elementwise.

    It is the proximal operator of t·|z|: the minimiser over z of ½(z − v)² + t·|z|. Every
    entry moves towards 0 by t, and an entry within t of 0 becomes exactly 0 (which is why
    an L1 penalty gives sparse weights).

    Args:
        v: a number or an array.
        threshold: t ≥ 0.

    Returns:
        S_t(v), same shape as ``v``.

    Raises:
        ValueError: for a negative or non-finite threshold.
    """
    values = finite_array(v, "v", scalar_ok=True)
    if not np.isfinite(threshold) or threshold < 0:
        raise ValueError(f"threshold must be a finite number >= 0, got {threshold!r}")
    # + 0.0 turns the −0 of a negative entry set to zero into 0
    return np.sign(values) * np.maximum(np.abs(values) - threshold, 0.0) + 0.0


def l1_proximal_step(w: Any, grad: Any, learning_rate: float, l1_strength: float) -> np.ndarray:
    """One proximal-gradient (ISTA) step on f(w) + λ·‖w‖₁: w ← S_{ηλ}(w − η·∇f(w)).

    The smooth part f takes an ordinary gradient step; the L1 part is handled exactly by its
    proximal operator, the soft-threshold at ηλ (the penalty's weight times the step size).
    Unlike a subgradient step, this sets small weights exactly to 0.

    Args:
        w: the current weights.
        grad: ∇f(w), the gradient of the smooth part only, same shape as ``w``.
        learning_rate: the step size η > 0.
        l1_strength: the penalty's weight λ ≥ 0.

    Returns:
        The weights after the step.

    Raises:
        ValueError: for mismatched shapes, η ≤ 0 or λ < 0.
    """
    weights = finite_array(w, "w", scalar_ok=True)
    gradient = finite_array(grad, "grad", scalar_ok=True)
    if weights.shape != gradient.shape:
        raise ValueError(
            f"w and grad must have the same shape, got {weights.shape} and {gradient.shape}"
        )
    if not np.isfinite(learning_rate) or learning_rate <= 0:
        raise ValueError(f"learning_rate must be a finite number > 0, got {learning_rate!r}")
    if not np.isfinite(l1_strength) or l1_strength < 0:
        raise ValueError(f"l1_strength must be a finite number >= 0, got {l1_strength!r}")
    return soft_threshold(weights - learning_rate * gradient, learning_rate * l1_strength)
