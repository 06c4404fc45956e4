"""Every implement-it task, by id, in curriculum order (one module per topic)."""

from __future__ import annotations

import importlib
from functools import cache

from engine.code.task import CodeTask

#: The topic modules, in the order tasks are listed.
TOPICS = ("losses", "gradients", "clipping", "optimizers", "kmeans", "pca")


@cache
def _registry() -> dict[str, CodeTask]:
    registry: dict[str, CodeTask] = {}
    for topic in TOPICS:
        module = importlib.import_module(f"engine.code.tasks.{topic}")
        for task in module.TASKS:
            if task.id in registry:
                raise RuntimeError(f"code task {task.id!r} is defined twice")
            registry[task.id] = task
    return registry


def task_ids() -> list[str]:
    """Every task id, in curriculum order."""
    return list(_registry())


def get(task_id: str) -> CodeTask:
    """The task with id ``task_id``.

    Raises:
        KeyError: no such task.
    """
    return _registry()[task_id]


def all_tasks() -> list[CodeTask]:
    """Every task, in curriculum order."""
    return list(_registry().values())
