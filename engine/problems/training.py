"""Problem families on training practice: batch size and learning rate, gradient accumulation, the stability bound of gradient descent."""

from __future__ import annotations

from collections.abc import Callable

from engine.problem import Problem

FAMILIES: dict[str, Callable[..., Problem]] = {}
