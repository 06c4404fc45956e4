"""Seeded problem generators: the same family and seed always give the same Problem.

Each topic module defines ``FAMILIES``, a dict from family id (such as
``"loss.huber.value"``) to a function ``(seed: int, **params) -> Problem``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import cache
from typing import Any

from engine import precision
from engine.problem import Problem

Generator = Callable[..., Problem]

_TOPICS = (
    "losses",
    "loss_variants",
    "embedding_losses",
    "schedules",
    "smooth_activations",
    "dropout",
    "normalization",
    "derivatives",
    "networks",
    "clipping",
    "optimizers",
    "training",
    "kmeans",
    "clustering",
    "pca",
)


@cache
def _registry() -> dict[str, Generator]:
    registry: dict[str, Generator] = {}
    for topic in _TOPICS:
        module = importlib.import_module(f"engine.problems.{topic}")
        for family, generator in module.FAMILIES.items():
            if family in registry:
                raise RuntimeError(f"problem family {family!r} is defined twice")
            registry[family] = generator
    return registry


def families() -> list[str]:
    """Return every family id, sorted."""
    return sorted(_registry())


def generate(family: str, seed: int, **params: Any) -> Problem:
    """Generate the problem of ``family`` for ``seed``.

    Args:
        family: a family id from :func:`families`.
        seed: any non-negative integer; the same seed gives the same problem.
        **params: family-specific options (documented on each generator).

    Returns:
        The Problem; a numeric one says the precision it is graded at in its prompt.

    Raises:
        ValueError: for an unknown family or a bad parameter.
    """
    try:
        generator = _registry()[family]
    except KeyError:
        raise ValueError(f"unknown problem family {family!r}") from None
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, not {seed!r}")
    return precision.stated(generator(seed, **params))
