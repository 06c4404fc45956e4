"""The variables of each formula of ``engine.formulas``, for checking a deck's ``formula.check``.

They are the free symbols of the engine's SymPy form of each formula. Reading them from
SymPy would import it (about half a second) whenever a deck with a ``formula.check`` is
loaded afresh, so they are kept here; a test compares this table with SymPy's answer for
every key of ``engine.formulas.keys()``, so a formula added to or changed in the engine
fails the suite until this table follows.
"""

from __future__ import annotations

FORMULA_VARIABLES: dict[str, tuple[str, ...]] = {
    "activation.leaky_relu": ("alpha", "x"),
    "activation.leaky_relu.derivative": ("alpha", "x"),
    "activation.relu": ("x",),
    "activation.relu.derivative": ("x",),
    "activation.sigmoid": ("x",),
    "activation.sigmoid.derivative": ("x",),
    "activation.tanh": ("x",),
    "activation.tanh.derivative": ("x",),
    "loss.binary_crossentropy": ("y", "yhat"),
    "loss.categorical_crossentropy": ("y", "yhat"),
    "loss.categorical_hinge": ("neg", "pos"),
    "loss.cosine_similarity": ("y", "y_norm", "yhat", "yhat_norm"),
    "loss.hinge": ("y", "yhat"),
    "loss.huber": ("delta", "y", "yhat"),
    "loss.kl_divergence": ("y", "yhat"),
    "loss.log_cosh": ("y", "yhat"),
    "loss.mean_absolute_error": ("y", "yhat"),
    "loss.mean_absolute_percentage_error": ("y", "yhat"),
    "loss.mean_squared_error": ("y", "yhat"),
    "loss.mean_squared_logarithmic_error": ("y", "yhat"),
    "loss.poisson": ("y", "yhat"),
    "loss.sparse_categorical_crossentropy": ("yhat",),
    "loss.squared_hinge": ("y", "yhat"),
    "optim.adadelta": ("eps", "g", "lr", "rho", "theta", "u", "v"),
    "optim.adagrad": ("eps", "g", "lr", "s", "theta"),
    "optim.adam": ("beta1", "beta2", "eps", "g", "lr", "m", "t", "theta", "v"),
    "optim.momentum": ("g", "lr", "mu", "theta", "v"),
    "optim.nesterov": ("g", "lr", "mu", "theta", "v"),
    "optim.rmsprop": ("alpha", "eps", "g", "lr", "theta", "v"),
    "optim.sgd": ("g", "lr", "theta"),
}
