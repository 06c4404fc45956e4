"""Problem families on clustering beyond one Lloyd step: mini-batch updates, silhouette scores, comparing two clusterings."""

from __future__ import annotations

from collections.abc import Callable

from engine.problem import Problem

FAMILIES: dict[str, Callable[..., Problem]] = {}
