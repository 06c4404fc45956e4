"""One lookup for every formula the engine can state symbolically.

Keys (as decks write them in ``formula.engine``):

- ``loss.<keras_name>``: :func:`engine.losses.symbolic` (per-element form in ``y``, ``yhat``).
- ``activation.<name>`` and ``activation.<name>.derivative``: :mod:`engine.activations`
  (in ``x``, and ``alpha`` for leaky_relu).
- ``optim.<name>``: :func:`engine.optim.symbolic` (one scalar update θ_new).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine import activations, losses, optim

if TYPE_CHECKING:
    import sympy


def keys() -> list[str]:
    """Every formula key, sorted.

    Returns:
        The keys :func:`symbolic` accepts.
    """
    names = [f"loss.{name}" for name in losses.LOSSES]
    for name in activations.SCALAR_ACTIVATIONS:
        names += [f"activation.{name}", f"activation.{name}.derivative"]
    names += [f"optim.{name}" for name in optim.OPTIMIZERS]
    return sorted(names)


def symbolic(key: str) -> sympy.Expr:
    """The SymPy expression behind a formula key.

    Args:
        key: one of :func:`keys`, e.g. ``"loss.huber"`` or ``"activation.relu.derivative"``.

    Returns:
        The expression.

    Raises:
        ValueError: for an unknown key.
    """
    if not isinstance(key, str) or key not in keys():
        raise ValueError(f"unknown formula key {key!r}; see engine.formulas.keys()")
    topic, _, rest = key.partition(".")
    if topic == "loss":
        return losses.symbolic(rest)
    if topic == "optim":
        return optim.symbolic(rest)
    name, _, part = rest.partition(".")
    if part == "derivative":
        return activations.symbolic_derivative(name)
    return activations.symbolic(name)
