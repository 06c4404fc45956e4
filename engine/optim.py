"""Optimizer update rules as PyTorch's ``torch.optim`` documents them, plus three
second-order tools: a Newton step, conjugate gradient and the BFGS update.

:func:`step` makes one update and returns the new parameters with a new state
dict (the inputs are never modified). Hyperparameter names and defaults are
PyTorch's; the state keys are PyTorch's too:

===========  ==========================================================  ==========================
optimizer    hyperparameters (defaults)                                  state keys
===========  ==========================================================  ==========================
sgd          lr=1e-3, weight_decay=0                                     step
momentum     lr=1e-3, momentum=0.9, dampening=0, weight_decay=0          step, momentum_buffer
nesterov     lr=1e-3, momentum=0.9, weight_decay=0                       step, momentum_buffer
adagrad      lr=1e-2, lr_decay=0, weight_decay=0,                        step, sum
             initial_accumulator_value=0, eps=1e-10
rmsprop      lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0,              step, square_avg,
             momentum=0, centered=False                                  [momentum_buffer, grad_avg]
adadelta     lr=1.0, rho=0.9, eps=1e-6, weight_decay=0                   step, square_avg, acc_delta
adam         lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,      step, exp_avg, exp_avg_sq,
             amsgrad=False                                               [max_exp_avg_sq]
===========  ==========================================================  ==========================

PyTorch's SGD has ``momentum=0`` by default, which would make "momentum" and
"nesterov" plain SGD; here they default to the customary 0.9. ``step`` counts
the updates made so far (1 after the first). Weight decay adds ``wd·θ`` to the
gradient first (L2 regularisation, not AdamW's decoupled decay). AdamW, whose decay
shrinks θ itself instead of entering the gradient, is :func:`adamw_step`.

:func:`symbolic` gives each scalar update as a SymPy expression in these symbols:
``theta`` (θ), ``g`` (gradient), ``lr``, ``mu`` (momentum), ``v`` (the previous
momentum buffer for momentum/nesterov; the previous average of g² for rmsprop,
adadelta and adam), ``s`` (adagrad's previous sum of g²), ``u`` (adadelta's
previous average of squared updates), ``m`` (adam's previous first moment),
``alpha``, ``rho``, ``eps``, ``beta1``, ``beta2`` and ``t`` (adam's step number,
counting this update). A first step from a zero state is ``v = s = u = m = 0``
(and ``t = 1``). Weight decay is left out (zero).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from engine._checks import finite_array, whole_number

if TYPE_CHECKING:
    import sympy

State = dict[str, Any]

_DEFAULTS: dict[str, dict[str, Any]] = {
    "sgd": {"lr": 1e-3, "weight_decay": 0.0},
    "momentum": {"lr": 1e-3, "momentum": 0.9, "dampening": 0.0, "weight_decay": 0.0},
    "nesterov": {"lr": 1e-3, "momentum": 0.9, "weight_decay": 0.0},
    "adagrad": {
        "lr": 1e-2,
        "lr_decay": 0.0,
        "weight_decay": 0.0,
        "initial_accumulator_value": 0.0,
        "eps": 1e-10,
    },
    "rmsprop": {
        "lr": 1e-2,
        "alpha": 0.99,
        "eps": 1e-8,
        "weight_decay": 0.0,
        "momentum": 0.0,
        "centered": False,
    },
    "adadelta": {"lr": 1.0, "rho": 0.9, "eps": 1e-6, "weight_decay": 0.0},
    "adam": {
        "lr": 1e-3,
        "betas": (0.9, 0.999),
        "eps": 1e-8,
        "weight_decay": 0.0,
        "amsgrad": False,
    },
}

#: The optimizer names :func:`step` knows.
OPTIMIZERS: tuple[str, ...] = tuple(_DEFAULTS)


#: The names of the symbols :func:`symbolic` uses (all created with ``real=True``).
SYMBOLS: tuple[str, ...] = (
    "theta",
    "g",
    "lr",
    "mu",
    "v",
    "s",
    "u",
    "m",
    "alpha",
    "rho",
    "eps",
    "beta1",
    "beta2",
    "t",
)


def defaults(name: str) -> dict[str, Any]:
    """The default hyperparameters of an optimizer (a new dict).

    Args:
        name: one of :data:`OPTIMIZERS`.

    Returns:
        ``{hyperparameter: default}``.
    """
    return dict(_DEFAULTS[_known(name)])


def _known(name: str) -> str:
    if name not in _DEFAULTS:
        raise ValueError(f"unknown optimizer {name!r}; expected one of {', '.join(OPTIMIZERS)}")
    return name


def _as_array(value: Any, name: str) -> np.ndarray:
    return finite_array(value, name, scalar_ok=True)


def _hyperparameters(name: str, given: dict[str, Any]) -> dict[str, Any]:
    merged = defaults(name)
    unknown = sorted(set(given) - set(merged))
    if unknown:
        raise ValueError(
            f"unknown hyperparameter {unknown[0]!r} for {name}; "
            f"expected some of {', '.join(sorted(merged))}"
        )
    merged.update(given)
    for key, value in merged.items():
        if key in ("centered", "amsgrad"):
            continue
        numbers = value if key == "betas" else (value,)
        if key == "betas" and (not isinstance(value, Sequence) or len(value) != 2):
            raise ValueError(f"betas must be a pair (beta1, beta2), got {value!r}")
        for number in numbers:
            if isinstance(number, bool) or not isinstance(number, int | float | np.number):
                raise ValueError(f"{key} must be a number, got {number!r}")
            if not np.isfinite(number) or number < 0:
                raise ValueError(f"{key} must be a non-negative number, got {number!r}")
    for key in ("alpha", "rho", "dampening"):
        if key in merged and merged[key] > 1:
            raise ValueError(f"{key} must be in [0, 1], got {merged[key]!r}")
    if "betas" in merged and not all(b < 1 for b in merged["betas"]):
        raise ValueError(f"betas must lie in [0, 1), got {merged['betas']!r}")
    return merged


def _state_arrays(state: State | None, shape: tuple[int, ...]) -> State:
    """A copy of ``state`` with every array checked against the parameters' shape."""
    if state is None:
        return {"step": 0}
    if not isinstance(state, dict):
        raise ValueError(f"state must be a dict or None, got {type(state).__name__}")
    copied: State = {"step": int(state.get("step", 0))}
    for key, value in state.items():
        if key == "step":
            continue
        array = _as_array(value, f"state[{key!r}]")
        if array.shape != shape:
            raise ValueError(f"state[{key!r}] has shape {array.shape} but theta has shape {shape}")
        copied[key] = array.copy()
    return copied


def _buffer(state: State, key: str, like: np.ndarray, initial: float = 0.0) -> np.ndarray:
    return state[key] if key in state else np.full_like(like, initial)


def _sgd(theta, grad, state, lr, weight_decay, momentum=0.0, dampening=0.0, nesterov=False):
    """g ← g + wd·θ; b ← μb + (1-τ)g (b = g on the first step); d = g + μb (nesterov) or b."""
    grad = grad + weight_decay * theta
    direction = grad
    if momentum:
        if "momentum_buffer" in state:
            buffer = momentum * state["momentum_buffer"] + (1.0 - dampening) * grad
        else:
            buffer = grad.copy()
        state["momentum_buffer"] = buffer
        direction = grad + momentum * buffer if nesterov else buffer
    return theta - lr * direction


def _adagrad(theta, grad, state, lr, lr_decay, weight_decay, initial_accumulator_value, eps):
    """lr_t = lr / (1 + (t-1)·decay); S ← S + g²; θ ← θ - lr_t·g / (sqrt(S) + eps)."""
    grad = grad + weight_decay * theta
    decayed_lr = lr / (1.0 + (state["step"] - 1) * lr_decay)
    total = _buffer(state, "sum", theta, initial_accumulator_value) + grad**2
    state["sum"] = total
    return theta - decayed_lr * grad / (np.sqrt(total) + eps)


def _rmsprop(theta, grad, state, lr, alpha, eps, weight_decay, momentum, centered):
    """v ← αv + (1-α)g²; (centered: v - ḡ²); θ ← θ - lr·g / (sqrt(v) + eps), or via momentum."""
    grad = grad + weight_decay * theta
    square_avg = alpha * _buffer(state, "square_avg", theta) + (1.0 - alpha) * grad**2
    state["square_avg"] = square_avg
    if centered:
        grad_avg = alpha * _buffer(state, "grad_avg", theta) + (1.0 - alpha) * grad
        state["grad_avg"] = grad_avg
        denominator = np.sqrt(np.maximum(square_avg - grad_avg**2, 0.0)) + eps
    else:
        denominator = np.sqrt(square_avg) + eps
    if momentum > 0:
        buffer = momentum * _buffer(state, "momentum_buffer", theta) + grad / denominator
        state["momentum_buffer"] = buffer
        return theta - lr * buffer
    return theta - lr * grad / denominator


def _adadelta(theta, grad, state, lr, rho, eps, weight_decay):
    """v ← ρv + (1-ρ)g²; Δ = sqrt(u + eps)/sqrt(v + eps)·g; u ← ρu + (1-ρ)Δ²; θ ← θ - lr·Δ."""
    grad = grad + weight_decay * theta
    square_avg = rho * _buffer(state, "square_avg", theta) + (1.0 - rho) * grad**2
    acc_delta = _buffer(state, "acc_delta", theta)
    delta = np.sqrt(acc_delta + eps) / np.sqrt(square_avg + eps) * grad
    state["square_avg"] = square_avg
    state["acc_delta"] = rho * acc_delta + (1.0 - rho) * delta**2
    return theta - lr * delta


def _adam(theta, grad, state, lr, betas, eps, weight_decay, amsgrad):
    """m ← β1m + (1-β1)g; v ← β2v + (1-β2)g²; θ ← θ - lr·(m/(1-β1^t)) / (sqrt(v/(1-β2^t)) + eps)."""
    beta1, beta2 = betas
    grad = grad + weight_decay * theta
    t = state["step"]
    exp_avg = beta1 * _buffer(state, "exp_avg", theta) + (1.0 - beta1) * grad
    exp_avg_sq = beta2 * _buffer(state, "exp_avg_sq", theta) + (1.0 - beta2) * grad**2
    state["exp_avg"] = exp_avg
    state["exp_avg_sq"] = exp_avg_sq
    if amsgrad:
        exp_avg_sq = np.maximum(_buffer(state, "max_exp_avg_sq", theta), exp_avg_sq)
        state["max_exp_avg_sq"] = exp_avg_sq
    corrected_mean = exp_avg / (1.0 - beta1**t)
    corrected_square = exp_avg_sq / (1.0 - beta2**t)
    return theta - lr * corrected_mean / (np.sqrt(corrected_square) + eps)


_RULES: dict[str, Callable[..., np.ndarray]] = {
    "sgd": _sgd,
    "momentum": _sgd,
    "nesterov": lambda theta, grad, state, **h: _sgd(theta, grad, state, nesterov=True, **h),
    "adagrad": _adagrad,
    "rmsprop": _rmsprop,
    "adadelta": _adadelta,
    "adam": _adam,
}


def step(
    name: str, theta: Any, grad: Any, state: State | None = None, **hyper: Any
) -> tuple[np.ndarray, State]:
    """One update of the optimizer ``name``, as in ``torch.optim``.

    Args:
        name: one of :data:`OPTIMIZERS`.
        theta: the parameters (number or array).
        grad: the gradient at ``theta``, same shape.
        state: the state returned by the previous call, or None for the first step.
        **hyper: hyperparameters (see the module docstring for names and defaults).

    Returns:
        ``(theta_new, state_new)``: new arrays and a new dict; the inputs are unchanged.
    """
    hyperparameters = _hyperparameters(_known(name), hyper)
    parameters = _as_array(theta, "theta")
    gradient = _as_array(grad, "grad")
    if gradient.shape != parameters.shape:
        raise ValueError(f"grad has shape {gradient.shape} but theta has shape {parameters.shape}")
    new_state = _state_arrays(state, parameters.shape)
    new_state["step"] += 1
    if name in ("momentum", "nesterov") and hyperparameters["momentum"] == 0:
        raise ValueError(f"momentum must be positive for the {name} optimizer")
    new_theta = _RULES[name](parameters, gradient, new_state, **hyperparameters)
    return np.asarray(new_theta, dtype=float), new_state


#: torch.optim.AdamW's defaults (its weight decay is 1e-2, where Adam's is 0).
ADAMW_DEFAULTS: dict[str, Any] = {
    "lr": 1e-3,
    "betas": (0.9, 0.999),
    "eps": 1e-8,
    "weight_decay": 1e-2,
}


def adamw_step(
    theta: Any, grad: Any, state: State | None = None, **hyper: Any
) -> tuple[np.ndarray, State]:
    """One update of AdamW (Adam with decoupled weight decay), as ``torch.optim.AdamW``.

    PyTorch first shrinks the parameters, θ ← θ·(1 − lr·weight_decay), then takes the
    Adam step with the moments of the raw gradient g (the decay never enters m or v):
    θ ← θ − lr·m̂/(√v̂ + eps). Adam's own ``weight_decay`` instead adds wd·θ to g, which
    the adaptive denominator then rescales; that is why the two differ.

    Args:
        theta: the parameters (number or array).
        grad: the gradient of the loss at ``theta``, same shape.
        state: the state returned by the previous call (keys ``step``, ``exp_avg``,
            ``exp_avg_sq``), or None for the first step.
        **hyper: ``lr``, ``betas``, ``eps``, ``weight_decay`` (defaults in
            :data:`ADAMW_DEFAULTS`).

    Returns:
        ``(theta_new, state_new)``: new arrays and a new dict; the inputs are unchanged.
    """
    unknown = sorted(set(hyper) - set(ADAMW_DEFAULTS))
    if unknown:
        raise ValueError(
            f"unknown hyperparameter {unknown[0]!r} for adamw; "
            f"expected some of {', '.join(sorted(ADAMW_DEFAULTS))}"
        )
    # Adam's checks cover every AdamW hyperparameter (non-negative numbers, betas in [0, 1)).
    hyperparameters = _hyperparameters("adam", {**ADAMW_DEFAULTS, **hyper})
    parameters = _as_array(theta, "theta")
    gradient = _as_array(grad, "grad")
    if gradient.shape != parameters.shape:
        raise ValueError(f"grad has shape {gradient.shape} but theta has shape {parameters.shape}")
    new_state = _state_arrays(state, parameters.shape)
    new_state["step"] += 1
    decayed = parameters * (1.0 - hyperparameters["lr"] * hyperparameters["weight_decay"])
    new_theta = _adam(decayed, gradient, new_state, **{**hyperparameters, "weight_decay": 0.0})
    return np.asarray(new_theta, dtype=float), new_state


def symbolic(name: str) -> sympy.Expr:
    """The scalar update θ_new of one step as a SymPy expression.

    The symbols are listed in the module docstring (``theta``, ``g``, ``lr``,
    ``mu``, ``v``, ``s``, ``u``, ``m``, ``alpha``, ``rho``, ``eps``, ``beta1``,
    ``beta2``, ``t``); weight decay and dampening are zero.

    Args:
        name: one of :data:`OPTIMIZERS`.

    Returns:
        θ_new in terms of θ, g, the previous state and the hyperparameters.
    """
    import sympy

    _known(name)
    theta, g, lr, mu, v, s, u, m, alpha, rho, eps, beta1, beta2, t = (
        sympy.Symbol(symbol, real=True) for symbol in SYMBOLS
    )
    if name == "sgd":
        return theta - lr * g
    if name == "momentum":
        return theta - lr * (mu * v + g)
    if name == "nesterov":
        return theta - lr * (g + mu * (mu * v + g))
    if name == "adagrad":
        return theta - lr * g / (sympy.sqrt(s + g**2) + eps)
    if name == "rmsprop":
        return theta - lr * g / (sympy.sqrt(alpha * v + (1 - alpha) * g**2) + eps)
    if name == "adadelta":
        square_avg = rho * v + (1 - rho) * g**2
        return theta - lr * sympy.sqrt(u + eps) / sympy.sqrt(square_avg + eps) * g
    first = beta1 * m + (1 - beta1) * g
    second = beta2 * v + (1 - beta2) * g**2
    return theta - lr * (first / (1 - beta1**t)) / (sympy.sqrt(second / (1 - beta2**t)) + eps)


# --------------------------------------------------------------------------- second order


def _symbols(variables: Any) -> list[sympy.Symbol]:
    import sympy

    if isinstance(variables, sympy.Symbol | str):
        variables = [variables]
    symbols = [sympy.Symbol(v) if isinstance(v, str) else v for v in variables]
    if not symbols or not all(isinstance(s, sympy.Symbol) for s in symbols):
        raise ValueError("variables must be a non-empty list of SymPy symbols or names")
    return symbols


def newton_step(expr: Any, variables: Any, point: Any) -> np.ndarray:
    """One Newton step ``x - H(x)⁻¹ ∇f(x)`` for a SymPy expression f.

    The gradient and Hessian are derived symbolically, then evaluated at ``point``.
    Variables given as names are matched to the expression's symbols by name.

    Args:
        expr: a SymPy expression (or a string SymPy can parse).
        variables: the variables, in the order of ``point``.
        point: the current point, one value per variable.

    Returns:
        The new point, a float array of length ``len(variables)``.
    """
    import sympy

    expression = sympy.sympify(expr) if isinstance(expr, str) else expr
    if not isinstance(expression, sympy.Expr):
        raise ValueError(f"expr must be a SymPy expression, got {expr!r}")
    by_name = {s.name: s for s in expression.free_symbols}
    symbols = [by_name.get(s.name, s) for s in _symbols(variables)]
    x = np.atleast_1d(_as_array(point, "point"))
    if x.shape != (len(symbols),):
        raise ValueError(f"point must hold {len(symbols)} values, one per variable, got {x.shape}")
    at = dict(zip(symbols, x.tolist(), strict=True))
    try:
        gradient = np.array([float(sympy.diff(expression, s).subs(at)) for s in symbols])
        hessian = np.array(sympy.hessian(expression, symbols).subs(at).evalf(), dtype=float)
    except (TypeError, ValueError):
        raise ValueError("expr has no real gradient and Hessian at point") from None
    if not (np.all(np.isfinite(gradient)) and np.all(np.isfinite(hessian))):
        raise ValueError("expr has no finite gradient and Hessian at point")
    try:
        return x - np.linalg.solve(hessian, gradient)
    except np.linalg.LinAlgError:
        raise ValueError("the Hessian of expr is singular at point") from None


def _check_spd(matrix: np.ndarray) -> None:
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
        raise ValueError(f"A must be a square matrix, got shape {matrix.shape}")
    if not np.allclose(matrix, matrix.T):
        raise ValueError("A must be symmetric")
    try:
        np.linalg.cholesky(matrix)
    except np.linalg.LinAlgError:
        raise ValueError("A must be positive definite") from None


def conjugate_gradient(A: Any, b: Any, x0: Any, iters: int) -> np.ndarray:
    """The iterate after ``iters`` steps of conjugate gradient on ``Ax = b``.

    From ``r = b - Ax``, ``p = r``: each step ``α = rᵀr / pᵀAp``, ``x ← x + αp``,
    ``r ← r - αAp``, ``β = r_newᵀr_new / r_oldᵀr_old``, ``p ← r + βp``. It stops
    early once the residual is exactly zero. In exact arithmetic it solves an
    n×n system in n steps.

    Args:
        A: a symmetric positive-definite matrix.
        b: the right-hand side.
        x0: the starting point.
        iters: how many steps, >= 0.

    Returns:
        The iterate, a float array.
    """
    matrix = _as_array(A, "A")
    _check_spd(matrix)
    rhs = np.atleast_1d(_as_array(b, "b"))
    x = np.atleast_1d(_as_array(x0, "x0")).copy()
    size = matrix.shape[0]
    if rhs.shape != (size,) or x.shape != (size,):
        raise ValueError(f"b and x0 must be vectors of length {size}")
    if not whole_number(iters, 0):
        raise ValueError(f"iters must be a non-negative integer, got {iters!r}")
    residual = rhs - matrix @ x
    direction = residual.copy()
    for _ in range(iters):
        squared = residual @ residual
        curvature = direction @ matrix @ direction
        if squared == 0 or curvature == 0:
            break
        alpha = squared / curvature
        x = x + alpha * direction
        residual = residual - alpha * (matrix @ direction)
        direction = residual + (residual @ residual / squared) * direction
    return x


def bfgs_update(H: Any, s: Any, y: Any) -> np.ndarray:
    """The BFGS update of an inverse-Hessian approximation.

    ``H_new = (I - ρ s yᵀ) H (I - ρ y sᵀ) + ρ s sᵀ`` with ``ρ = 1 / yᵀs``
    (Nocedal & Wright, eq. 6.17), where ``s = x_{k+1} - x_k`` and
    ``y = ∇f_{k+1} - ∇f_k``. It satisfies the secant equation ``H_new y = s``
    and keeps H positive definite, which needs the curvature condition ``yᵀs > 0``.

    Args:
        H: the current inverse-Hessian approximation (n×n, symmetric).
        s: the step.
        y: the change in gradient.

    Returns:
        The updated n×n matrix.
    """
    inverse = _as_array(H, "H")
    if inverse.ndim != 2 or inverse.shape[0] != inverse.shape[1]:
        raise ValueError(f"H must be a square matrix, got shape {inverse.shape}")
    size = inverse.shape[0]
    step_vector = np.atleast_1d(_as_array(s, "s"))
    gradient_change = np.atleast_1d(_as_array(y, "y"))
    if step_vector.shape != (size,) or gradient_change.shape != (size,):
        raise ValueError(f"s and y must be vectors of length {size}")
    curvature = float(gradient_change @ step_vector)
    if curvature <= 0:
        raise ValueError(f"the curvature condition y·s > 0 fails (y·s = {curvature:g})")
    rho = 1.0 / curvature
    identity = np.eye(size)
    left = identity - rho * np.outer(step_vector, gradient_change)
    right = identity - rho * np.outer(gradient_change, step_vector)
    return left @ inverse @ right + rho * np.outer(step_vector, step_vector)


# ------------------------------------------------------------------- learning-rate schedules


def cosine_lr(step: int, base_lr: float, total_steps: int, warmup_steps: int = 0) -> float:
    """The learning rate at ``step`` (counted from 0) of a linear warm-up then cosine decay.

    As Hugging Face's ``get_cosine_schedule_with_warmup`` (one half-cycle, down to 0):
    η·t/W during the W warm-up steps, then η·½·(1 + cos(π·(t − W)/(T − W))).

    Raises:
        ValueError: for a negative step, W ≥ T, or a non-positive rate.
    """
    if not base_lr > 0 or not 0 <= warmup_steps < total_steps or step < 0:
        raise ValueError("cosine_lr: need base_lr > 0, 0 <= warmup_steps < total_steps, step >= 0")
    if step < warmup_steps:
        return base_lr * step / warmup_steps
    progress = min(1.0, (step - warmup_steps) / (total_steps - warmup_steps))
    return base_lr * 0.5 * (1.0 + math.cos(math.pi * progress))


def step_decay_lr(epoch: int, base_lr: float, step_size: int, gamma: float) -> float:
    """PyTorch's ``StepLR``: η·γ^⌊epoch/step_size⌋, epochs counted from 0.

    Raises:
        ValueError: for a negative epoch, a step size below 1, or γ outside (0, 1].
    """
    if epoch < 0 or step_size < 1 or not 0 < gamma <= 1 or not base_lr > 0:
        raise ValueError(
            "step_decay_lr: need epoch >= 0, step_size >= 1, 0 < gamma <= 1, base_lr > 0"
        )
    return base_lr * gamma ** (epoch // step_size)


# ------------------------------------------------------------------ batch size and stability


def linear_scaled_lr(base_lr: float, base_batch: int, batch: int) -> float:
    """The learning rate for a new global batch size under the linear scaling rule.

    Goyal et al. (2017), "Accurate, Large Minibatch SGD", §2.1: when the minibatch is
    multiplied by k, multiply the learning rate by k (for ResNet-50, η = 0.1·kn/256 with
    k workers of n images each). The batch is the global one, summed over every worker.

    Args:
        base_lr: the learning rate that works at ``base_batch``.
        base_batch: the reference global batch size.
        batch: the new global batch size.

    Returns:
        ``base_lr·batch/base_batch``.

    Raises:
        ValueError: for a non-positive rate or batch size.
    """
    if not base_lr > 0 or not base_batch > 0 or not batch > 0:
        raise ValueError("linear_scaled_lr: need base_lr > 0 and positive batch sizes")
    return base_lr * batch / base_batch


def gradual_warmup_lr(step: int, start_lr: float, target_lr: float, warmup_steps: int) -> float:
    """The learning rate at ``step`` (counted from 0) of Goyal et al.'s gradual warm-up.

    §2.2 of "Accurate, Large Minibatch SGD": start from the small-batch rate η and add a
    constant amount every iteration so that the rate reaches η̂ = kη after the warm-up
    (5 epochs there); afterwards the usual schedule resumes, here the constant η̂. Unlike
    the warm-up of :func:`cosine_lr`, it starts from η, not from 0.

    Args:
        step: the iteration, counted from 0.
        start_lr: the rate at iteration 0.
        target_lr: the rate reached at iteration ``warmup_steps``.
        warmup_steps: the length of the ramp, >= 1.

    Returns:
        ``start_lr + (target_lr − start_lr)·step/warmup_steps`` during the ramp, then
        ``target_lr``.

    Raises:
        ValueError: for a negative step, a ramp shorter than one step, or a non-positive rate.
    """
    if step < 0 or warmup_steps < 1 or not start_lr > 0 or not target_lr > 0:
        raise ValueError("gradual_warmup_lr: need step >= 0, warmup_steps >= 1 and positive rates")
    if step >= warmup_steps:
        return target_lr
    return start_lr + (target_lr - start_lr) * step / warmup_steps


def largest_stable_lr(A: Any) -> float:
    """The learning rate below which gradient descent on ½xᵀAx + bᵀx converges.

    One step maps the error e = x − x* to (I − ηA)e, so along an eigenvector with
    eigenvalue λ it is multiplied by 1 − ηλ. Every direction shrinks, from every start,
    exactly when |1 − ηλ| < 1 for all λ, that is 0 < η < 2/λ_max; at η = 2/λ_max the
    stiffest direction oscillates for ever. The linear term b moves the minimum, not the
    bound.

    Args:
        A: the Hessian, a symmetric positive-definite matrix.

    Returns:
        2/λ_max(A), the supremum of the stable constant learning rates.

    Raises:
        ValueError: if A is not square, symmetric and positive definite.
    """
    matrix = _as_array(A, "A")
    _check_spd(matrix)
    return 2.0 / float(np.linalg.eigvalsh(matrix)[-1])


def _least_squares_data(X: Any, y: Any, params: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    design = _as_array(X, "X")
    targets = np.atleast_1d(_as_array(y, "y"))
    weights = np.atleast_1d(_as_array(params, "params"))
    if design.ndim != 2 or design.shape[1] != weights.shape[0] or weights.ndim != 1:
        raise ValueError(
            f"X must be a matrix with one column per parameter ({weights.shape[0]}), "
            f"got shape {design.shape}"
        )
    if targets.shape != (design.shape[0],):
        raise ValueError(f"y must hold one target per row of X ({design.shape[0]})")
    return design, targets, weights


def mse_gradient(X: Any, y: Any, params: Any) -> np.ndarray:
    """The gradient of the mean squared error of a linear model, as nn.MSELoss() gives it.

    The loss is mean over the n samples of (xᵢᵀθ − yᵢ)² (PyTorch's default
    ``reduction='mean'``), so its gradient is (2/n)·Xᵀ(Xθ − y).

    Args:
        X: the n×p design matrix (a column of ones for a bias).
        y: the n targets.
        params: the p parameters θ.

    Returns:
        The gradient, a vector of length p.
    """
    design, targets, weights = _least_squares_data(X, y, params)
    residuals = design @ weights - targets
    return 2.0 / design.shape[0] * design.T @ residuals


def accumulated_gradient(X: Any, y: Any, params: Any, micro_batches: int) -> np.ndarray:
    """The gradient left in ``.grad`` after accumulating over equal micro-batches.

    The rows are split in order into ``micro_batches`` = k consecutive micro-batches of
    equal size; each micro-batch's mean loss is divided by k before its backward pass, and
    the gradients add up (no zeroing in between). With equal sizes this is exactly
    :func:`mse_gradient` of the whole batch: the mean of k means of m samples each is the
    mean of the k·m samples.

    Args:
        X: the n×p design matrix.
        y: the n targets.
        params: the parameters θ.
        micro_batches: k, which must divide n.

    Returns:
        The accumulated gradient, a vector of length p.

    Raises:
        ValueError: if k is not a positive divisor of the number of samples.
    """
    design, targets, weights = _least_squares_data(X, y, params)
    samples = design.shape[0]
    if not whole_number(micro_batches, 1) or samples % micro_batches:
        raise ValueError(
            f"micro_batches must be a positive divisor of the {samples} samples, "
            f"got {micro_batches!r}"
        )
    size = samples // micro_batches
    total = np.zeros_like(weights)
    for start in range(0, samples, size):
        rows = slice(start, start + size)
        total = total + mse_gradient(design[rows], targets[rows], weights) / micro_batches
    return total
