"""Helpers the task modules share: bilingual text and seeded draws of test inputs.

Inputs are drawn the way the problem generators draw theirs (short decimals on a grid,
from a seeded stream), so a failing test's input is easy to read in the report.
"""

from __future__ import annotations

import numpy as np

from engine.code.task import Case
from engine.problem import Text
from engine.problems._common import both, short_array

__all__ = ["both", "case", "decimals", "labels_for", "shape_text"]


def decimals(
    rng: np.random.Generator, shape: int | tuple[int, ...], low: float, high: float, step=0.1
) -> np.ndarray:
    """A float array of short decimals in ``[low, high]`` on a grid of ``step``."""
    return short_array(rng, shape, low, high, step)


def labels_for(rng: np.random.Generator, samples: int, classes: int) -> np.ndarray:
    """Integer class labels, one per sample (int64)."""
    return rng.integers(0, classes, size=samples).astype(np.int64)


def shape_text(array: np.ndarray) -> str:
    """``4×3`` for a matrix, ``5`` for a vector."""
    return "×".join(str(n) for n in array.shape) or "scalar"


def case(en: str, zh: str, *args, **kwargs) -> Case:
    """A test case with its description."""
    description: Text = both(en, zh)
    return Case(description, tuple(args), dict(kwargs))
