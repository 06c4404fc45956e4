"""Activation functions, their derivatives and their symbolic forms.

Conventions at the kinks: ``relu'(0) = 0`` and ``leaky_relu'(0) = alpha``
(the left-hand derivative, as the frameworks' autodiff gives). Softmax is taken
over the last axis; its derivative is the Jacobian matrix.

SymPy is only imported by :func:`symbolic` and :func:`symbolic_derivative`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from engine._checks import finite_array

if TYPE_CHECKING:
    import sympy

#: The default negative slope, as in PyTorch's ``torch.nn.LeakyReLU``.
DEFAULT_ALPHA = 0.01


def _as_array(value: Any, name: str = "x") -> np.ndarray:
    return finite_array(value, name, scalar_ok=True)


def _check_alpha(alpha: float) -> float:
    if not np.isfinite(alpha):
        raise ValueError(f"alpha must be a finite number, got {alpha!r}")
    return float(alpha)


def sigmoid(x: Any) -> np.ndarray:
    """Logistic sigmoid ``σ(x) = 1 / (1 + e^-x)``, elementwise, computed without overflow.

    Args:
        x: a number or an array.

    Returns:
        σ(x), same shape as ``x``.
    """
    x = _as_array(x)
    exp_neg_abs = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + exp_neg_abs), exp_neg_abs / (1.0 + exp_neg_abs))


def tanh(x: Any) -> np.ndarray:
    """Hyperbolic tangent ``tanh(x) = (e^x - e^-x) / (e^x + e^-x)``, elementwise.

    Args:
        x: a number or an array.

    Returns:
        tanh(x), same shape as ``x``.
    """
    return np.tanh(_as_array(x))


def relu(x: Any) -> np.ndarray:
    """Rectified linear unit ``max(0, x)``, elementwise.

    Args:
        x: a number or an array.

    Returns:
        relu(x), same shape as ``x``.
    """
    return np.maximum(_as_array(x), 0.0)


def leaky_relu(x: Any, alpha: float = DEFAULT_ALPHA) -> np.ndarray:
    """Leaky ReLU: ``x`` for ``x > 0``, ``alpha·x`` otherwise, elementwise.

    Args:
        x: a number or an array.
        alpha: the slope for negative inputs.

    Returns:
        leaky_relu(x), same shape as ``x``.
    """
    x = _as_array(x)
    return np.where(x > 0, x, _check_alpha(alpha) * x)


def softmax(x: Any) -> np.ndarray:
    """Softmax over the last axis: ``e^{x_i} / Σ_j e^{x_j}`` (shifted by max x, for stability).

    Args:
        x: a vector, or an array whose last axis holds the classes.

    Returns:
        Probabilities, same shape as ``x``, summing to 1 along the last axis.
    """
    x = np.atleast_1d(_as_array(x))
    exponentials = np.exp(x - np.max(x, axis=-1, keepdims=True))
    return exponentials / np.sum(exponentials, axis=-1, keepdims=True)


def _sigmoid_derivative(x: np.ndarray) -> np.ndarray:
    """σ'(x) = σ(x)(1 - σ(x))."""
    s = sigmoid(x)
    return s * (1.0 - s)


def _tanh_derivative(x: np.ndarray) -> np.ndarray:
    """tanh'(x) = 1 - tanh²(x)."""
    return 1.0 - np.tanh(x) ** 2


def _relu_derivative(x: np.ndarray) -> np.ndarray:
    """relu'(x) = 1 for x > 0, else 0 (0 at x = 0)."""
    return (x > 0).astype(float)


def _leaky_relu_derivative(x: np.ndarray, alpha: float = DEFAULT_ALPHA) -> np.ndarray:
    """leaky_relu'(x) = 1 for x > 0, else alpha (alpha at x = 0)."""
    return np.where(x > 0, 1.0, _check_alpha(alpha))


def _softmax_derivative(x: np.ndarray) -> np.ndarray:
    """Jacobian ∂s_i/∂x_j = s_i(δ_ij - s_j), one C×C matrix per sample."""
    s = softmax(x)
    return s[..., :, np.newaxis] * (np.eye(s.shape[-1]) - s[..., np.newaxis, :])


#: Every activation by name.
ACTIVATIONS: dict[str, Callable[..., np.ndarray]] = {
    "sigmoid": sigmoid,
    "tanh": tanh,
    "relu": relu,
    "leaky_relu": leaky_relu,
    "softmax": softmax,
}

_DERIVATIVES: dict[str, Callable[..., np.ndarray]] = {
    "sigmoid": _sigmoid_derivative,
    "tanh": _tanh_derivative,
    "relu": _relu_derivative,
    "leaky_relu": _leaky_relu_derivative,
    "softmax": _softmax_derivative,
}

#: The activations with a scalar (elementwise) symbolic form.
SCALAR_ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu")


def _known(name: str) -> str:
    if name not in ACTIVATIONS:
        raise ValueError(
            f"unknown activation {name!r}; expected one of {', '.join(sorted(ACTIVATIONS))}"
        )
    return name


def activate(name: str, x: Any, **params: Any) -> np.ndarray:
    """Apply the activation called ``name``.

    Args:
        name: a key of :data:`ACTIVATIONS`.
        x: the input.
        **params: ``alpha`` for leaky_relu.

    Returns:
        The activation of ``x``.
    """
    return ACTIVATIONS[_known(name)](x, **params)


def derivative(name: str, x: Any, **params: Any) -> np.ndarray:
    """The derivative of an activation at ``x``.

    Elementwise for sigmoid, tanh, relu and leaky_relu (same shape as ``x``).
    For softmax, the Jacobian ``∂s_i/∂x_j = s_i(δ_ij - s_j)``: a C×C matrix for a
    vector ``x`` of length C, shape ``x.shape + (C,)`` for a batch.

    Args:
        name: a key of :data:`ACTIVATIONS`.
        x: the input.
        **params: ``alpha`` for leaky_relu.

    Returns:
        The derivative.
    """
    return _DERIVATIVES[_known(name)](_as_array(x), **params)


def _scalar_name(name: str) -> str:
    _known(name)
    if name not in SCALAR_ACTIVATIONS:
        raise ValueError(f"{name} is vector-valued and has no scalar symbolic form")
    return name


def symbolic(name: str) -> sympy.Expr:
    """The activation as a SymPy expression in ``x`` (and ``alpha`` for leaky_relu).

    Args:
        name: sigmoid, tanh, relu or leaky_relu.

    Returns:
        The expression; relu and leaky_relu are Piecewise.
    """
    import sympy

    name = _scalar_name(name)
    x = sympy.Symbol("x", real=True)
    if name == "sigmoid":
        return 1 / (1 + sympy.exp(-x))
    if name == "tanh":
        return sympy.tanh(x)
    if name == "relu":
        return sympy.Piecewise((x, x > 0), (0, True))
    alpha = sympy.Symbol("alpha", real=True)
    return sympy.Piecewise((x, x > 0), (alpha * x, True))


def symbolic_derivative(name: str) -> sympy.Expr:
    """The derivative as a SymPy expression in ``x`` (and ``alpha``), with the kink conventions.

    Args:
        name: sigmoid, tanh, relu or leaky_relu.

    Returns:
        σ(x)(1-σ(x)) written in x; 1 - tanh²(x); Piecewise 1/0; Piecewise 1/alpha.
    """
    import sympy

    name = _scalar_name(name)
    x = sympy.Symbol("x", real=True)
    if name == "sigmoid":
        s = 1 / (1 + sympy.exp(-x))
        return s * (1 - s)
    if name == "tanh":
        return 1 - sympy.tanh(x) ** 2
    if name == "relu":
        return sympy.Piecewise((1, x > 0), (0, True))
    alpha = sympy.Symbol("alpha", real=True)
    return sympy.Piecewise((1, x > 0), (alpha, True))


# --------------------------------------------------- smooth activations outside the registry


def _erf(x: np.ndarray) -> np.ndarray:
    import math

    return np.vectorize(math.erf, otypes=[float])(x)


def gelu(x: Any) -> np.ndarray:
    """The exact GELU, x·Φ(x) = x·½·(1 + erf(x/√2)) (PyTorch's default, not the tanh form)."""
    values = _as_array(x)
    return values * 0.5 * (1 + _erf(values / np.sqrt(2)))


def gelu_derivative(x: Any) -> np.ndarray:
    """d/dx GELU = Φ(x) + x·φ(x), with φ the standard normal density."""
    values = _as_array(x)
    return 0.5 * (1 + _erf(values / np.sqrt(2))) + values * np.exp(-(values**2) / 2) / np.sqrt(
        2 * np.pi
    )


#: The cubic coefficient of GELU's tanh approximation (Hendrycks & Gimpel, 2016; PyTorch's
#: ``approximate='tanh'``).
GELU_TANH_CUBIC = 0.044715


def gelu_tanh(x: Any) -> np.ndarray:
    """GELU's tanh approximation, ½·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).

    It is ``torch.nn.GELU(approximate='tanh')`` (GPT-2's ``gelu_new``); it differs from the
    exact :func:`gelu` by less than 10⁻³ but is not the same function.

    Args:
        x: a number or an array.

    Returns:
        The approximation at ``x``, same shape.
    """
    values = _as_array(x)
    inner = np.sqrt(2 / np.pi) * (values + GELU_TANH_CUBIC * values**3)
    return 0.5 * values * (1 + np.tanh(inner))


def gelu_tanh_derivative(x: Any) -> np.ndarray:
    """d/dx of :func:`gelu_tanh`: ½·(1 + tanh u) + ½·x·(1 − tanh² u)·√(2/π)·(1 + 3·0.044715·x²),
    with u = √(2/π)·(x + 0.044715·x³).

    Args:
        x: a number or an array.

    Returns:
        The derivative of the approximation at ``x``, same shape.
    """
    values = _as_array(x)
    scale = np.sqrt(2 / np.pi)
    gate = np.tanh(scale * (values + GELU_TANH_CUBIC * values**3))
    inner_slope = scale * (1 + 3 * GELU_TANH_CUBIC * values**2)
    return 0.5 * (1 + gate) + 0.5 * values * (1 - gate**2) * inner_slope


def swish(x: Any, beta: float = 1.0) -> np.ndarray:
    """Swish, x·σ(βx) (SiLU when β = 1)."""
    values = _as_array(x)
    return values * sigmoid(beta * values)


def swish_derivative(x: Any, beta: float = 1.0) -> np.ndarray:
    """d/dx x·σ(βx) = σ(βx) + βx·σ(βx)·(1 − σ(βx))."""
    values = _as_array(x)
    s = sigmoid(beta * values)
    return s + beta * values * s * (1 - s)
