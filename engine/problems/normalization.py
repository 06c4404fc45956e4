"""Problem families on normalization and regularization layers: BatchNorm and LayerNorm forward passes, the L1 proximal step."""

from __future__ import annotations

from collections.abc import Callable

from engine.problem import Problem

FAMILIES: dict[str, Callable[..., Problem]] = {}
