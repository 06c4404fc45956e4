"""Problem families on losses that compare embeddings: contrastive, triplet and InfoNCE."""

from __future__ import annotations

from collections.abc import Callable

from engine.problem import Problem

FAMILIES: dict[str, Callable[..., Problem]] = {}
