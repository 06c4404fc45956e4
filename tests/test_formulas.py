"""engine.formulas: every symbolic form agrees with the numeric code it describes."""

import numpy as np
import pytest
import sympy

from engine import activations, formulas, losses, optim


def test_keys_cover_every_formula() -> None:
    expected = {f"loss.{name}" for name in losses.LOSSES}
    for name in ("sigmoid", "tanh", "relu", "leaky_relu"):
        expected |= {f"activation.{name}", f"activation.{name}.derivative"}
    expected |= {f"optim.{name}" for name in optim.OPTIMIZERS}
    assert set(formulas.keys()) == expected
    assert formulas.keys() == sorted(formulas.keys())
    for key in formulas.keys():
        assert isinstance(formulas.symbolic(key), sympy.Expr)


@pytest.mark.parametrize("key", ["loss.mse", "activation.softmax", "optim.lion", "", "loss"])
def test_unknown_key_raises(key) -> None:
    with pytest.raises(ValueError, match="unknown formula key"):
        formulas.symbolic(key)


def test_deck_format_examples_are_equivalent() -> None:
    y, yhat = sympy.symbols("y yhat", real=True)
    examples = {
        "loss.mean_squared_error": (y - yhat) ** 2,
        "loss.log_cosh": sympy.log(sympy.cosh(yhat - y)),
        "loss.binary_crossentropy": -(y * sympy.log(yhat) + (1 - y) * sympy.log(1 - yhat)),
        "loss.kl_divergence": y * sympy.log(y / yhat),
        "loss.poisson": yhat - y * sympy.log(yhat),
        "loss.hinge": sympy.Max(0, 1 - y * yhat),
        "loss.mean_absolute_percentage_error": 100 * sympy.Abs((y - yhat) / y),
    }
    for key, expression in examples.items():
        assert sympy.simplify(formulas.symbolic(key) - expression) == 0, key


# --------------------------------------------------------------------------- losses

_RNG = np.random.default_rng(2024)
_SHAPE = (3, 4)


def _elementwise(key: str, **extra_symbols: float):
    """The loss's per-element form as a NumPy function of (y, yhat)."""
    expression = formulas.symbolic(key)
    symbols = {s.name: s for s in expression.free_symbols}
    fixed = {symbols[name]: value for name, value in extra_symbols.items() if name in symbols}
    expression = expression.subs(fixed)
    arguments = [symbols.get("y", sympy.Symbol("y")), symbols.get("yhat", sympy.Symbol("yhat"))]
    return sympy.lambdify(arguments, expression, "numpy")


_MEAN_REDUCED = {
    "mean_squared_error": (_RNG.uniform(0.5, 3, _SHAPE), _RNG.uniform(0.5, 3, _SHAPE)),
    "mean_absolute_error": (_RNG.normal(size=_SHAPE), _RNG.normal(size=_SHAPE)),
    "mean_absolute_percentage_error": (_RNG.uniform(1, 3, _SHAPE), _RNG.uniform(0, 4, _SHAPE)),
    "mean_squared_logarithmic_error": (_RNG.uniform(0.5, 3, _SHAPE), _RNG.uniform(0.5, 3, _SHAPE)),
    "hinge": (_RNG.choice([-1.0, 1.0], _SHAPE), _RNG.normal(size=_SHAPE)),
    "squared_hinge": (_RNG.choice([-1.0, 1.0], _SHAPE), _RNG.normal(size=_SHAPE)),
    "huber": (_RNG.normal(size=_SHAPE), 2 * _RNG.normal(size=_SHAPE)),
    "log_cosh": (_RNG.normal(size=_SHAPE), 3 * _RNG.normal(size=_SHAPE)),
    "binary_crossentropy": (_RNG.uniform(0, 1, _SHAPE), _RNG.uniform(0.05, 0.95, _SHAPE)),
    "poisson": (_RNG.uniform(0, 3, _SHAPE), _RNG.uniform(0.2, 3, _SHAPE)),
}


@pytest.mark.parametrize("name", sorted(_MEAN_REDUCED))
def test_mean_reduced_loss_symbolic_agrees(name) -> None:
    y_true, y_pred = _MEAN_REDUCED[name]
    params = {"delta": 0.8} if name == "huber" else {}
    function = _elementwise(f"loss.{name}", **params)
    elementwise = np.broadcast_to(function(y_true, y_pred), _SHAPE)
    expected = np.mean(np.mean(elementwise, axis=-1))
    assert losses.LOSSES[name](y_true, y_pred, **params) == pytest.approx(expected, rel=1e-6)


def _distribution(shape=_SHAPE) -> np.ndarray:
    positive = _RNG.uniform(0.1, 1.0, shape)
    return positive / positive.sum(axis=-1, keepdims=True)


def test_sum_reduced_losses_symbolic_agree() -> None:
    one_hot = np.eye(4)[[0, 3, 1]]
    soft = _distribution()
    probabilities = _distribution()
    cross_entropy = _elementwise("loss.categorical_crossentropy")
    for targets in (one_hot, soft):
        expected = np.mean(np.sum(cross_entropy(targets, probabilities), axis=-1))
        assert losses.categorical_crossentropy(targets, probabilities) == pytest.approx(expected)
    divergence = _elementwise("loss.kl_divergence")
    expected = np.mean(np.sum(divergence(soft, probabilities), axis=-1))
    assert losses.kl_divergence(soft, probabilities) == pytest.approx(expected)


def test_sparse_categorical_crossentropy_symbolic_agrees() -> None:
    probabilities = _distribution()
    labels = np.array([2, 0, 3])
    function = _elementwise("loss.sparse_categorical_crossentropy")
    true_class = probabilities[np.arange(3), labels]
    expected = np.mean(function(0.0, true_class))
    assert losses.sparse_categorical_crossentropy(labels, probabilities) == pytest.approx(expected)


def test_categorical_hinge_symbolic_agrees() -> None:
    one_hot = np.eye(4)[[0, 3, 1]]
    scores = _RNG.normal(size=_SHAPE)
    expression = formulas.symbolic("loss.categorical_hinge")
    pos, neg = sorted(expression.free_symbols, key=lambda s: s.name)[::-1]
    assert (pos.name, neg.name) == ("pos", "neg")
    function = sympy.lambdify([pos, neg], expression, "numpy")
    per_sample = function(np.sum(one_hot * scores, -1), np.max((1 - one_hot) * scores, -1))
    assert losses.categorical_hinge(one_hot, scores) == pytest.approx(np.mean(per_sample))


def test_cosine_similarity_symbolic_agrees() -> None:
    y_true, y_pred = _RNG.normal(size=_SHAPE), _RNG.normal(size=_SHAPE)
    expression = formulas.symbolic("loss.cosine_similarity")
    symbols = {s.name: s for s in expression.free_symbols}
    function = sympy.lambdify(
        [symbols[n] for n in ("y", "yhat", "y_norm", "yhat_norm")], expression, "numpy"
    )
    norms_true = np.linalg.norm(y_true, axis=-1, keepdims=True)
    norms_pred = np.linalg.norm(y_pred, axis=-1, keepdims=True)
    expected = np.mean(np.sum(function(y_true, y_pred, norms_true, norms_pred), axis=-1))
    assert losses.cosine_similarity(y_true, y_pred) == pytest.approx(expected)


# --------------------------------------------------------------------------- activations


@pytest.mark.parametrize("name", activations.SCALAR_ACTIVATIONS)
def test_activation_symbolic_agrees(name) -> None:
    x = np.array([-2.2, -0.6, 0.0, 0.35, 1.7])
    params = {"alpha": 0.2} if name == "leaky_relu" else {}
    for key, numeric in (
        (f"activation.{name}", activations.activate),
        (f"activation.{name}.derivative", activations.derivative),
    ):
        expression = formulas.symbolic(key)
        symbols = {s.name: s for s in expression.free_symbols}
        expression = expression.subs({symbols[k]: v for k, v in params.items() if k in symbols})
        function = sympy.lambdify([sympy.Symbol("x", real=True)], expression, "numpy")
        expected = np.broadcast_to(function(x), x.shape)
        np.testing.assert_allclose(numeric(name, x, **params), expected, rtol=1e-12)


# --------------------------------------------------------------------------- optimizers

_HYPER = {"lr": 0.05, "mu": 0.8, "alpha": 0.9, "rho": 0.85, "eps": 1e-3, "beta1": 0.8}
_HYPER_BETA2 = 0.95


def _optimizer_case(name: str, previous: dict[str, float], t: int):
    """Hyperparameters and a state for step(), plus the matching symbol values."""
    h = _HYPER
    hyper = {
        "sgd": {"lr": h["lr"]},
        "momentum": {"lr": h["lr"], "momentum": h["mu"]},
        "nesterov": {"lr": h["lr"], "momentum": h["mu"]},
        "adagrad": {"lr": h["lr"], "eps": h["eps"]},
        "rmsprop": {"lr": h["lr"], "alpha": h["alpha"], "eps": h["eps"]},
        "adadelta": {"lr": h["lr"], "rho": h["rho"], "eps": h["eps"]},
        "adam": {"lr": h["lr"], "betas": (h["beta1"], _HYPER_BETA2), "eps": h["eps"]},
    }[name]
    state_keys = {
        "momentum": {"momentum_buffer": "v"},
        "nesterov": {"momentum_buffer": "v"},
        "adagrad": {"sum": "s"},
        "rmsprop": {"square_avg": "v"},
        "adadelta": {"square_avg": "v", "acc_delta": "u"},
        "adam": {"exp_avg": "m", "exp_avg_sq": "v"},
    }.get(name, {})
    state = None
    if t > 1:
        state = {"step": t - 1} | {key: previous[symbol] for key, symbol in state_keys.items()}
    values = dict(h) | {"beta2": _HYPER_BETA2, "t": t} | {s: 0.0 for s in "vsum"}
    if t > 1:
        values |= {symbol: previous[symbol] for symbol in state_keys.values()}
    return hyper, state, values


@pytest.mark.parametrize("name", optim.OPTIMIZERS)
@pytest.mark.parametrize("t", [1, 4])
def test_optimizer_symbolic_agrees_with_step(name, t) -> None:
    theta, g = 0.7, -1.3
    previous = {"v": 0.6, "s": 2.5, "u": 0.04, "m": -0.3}
    hyper, state, values = _optimizer_case(name, previous, t)
    expression = formulas.symbolic(f"optim.{name}")
    substitutions = {s: values.get(s.name) for s in expression.free_symbols}
    substitutions |= {s: theta for s in expression.free_symbols if s.name == "theta"}
    substitutions |= {s: g for s in expression.free_symbols if s.name == "g"}
    assert None not in substitutions.values(), name
    expected = float(expression.subs(substitutions))
    new_theta, _ = optim.step(name, theta, g, state, **hyper)
    assert float(new_theta) == pytest.approx(expected, rel=1e-12)
