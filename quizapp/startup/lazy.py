"""Names a package exports on first use (PEP 562), so that importing the package is cheap.

A package lists where each public name lives; :func:`lazy_exports` gives it the module
``__getattr__`` that imports the defining module when the name is first read, and the
``__all__`` that lists the names::

    __getattr__, __all__ = lazy_exports(__name__, {".files": ["load_decks"], "fsrs": ["Rating"]})

The app's first screen reads decks from the cache and counts cards without the scheduler,
so neither YAML nor LaTeX code nor fsrs is imported before it is painted.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any


def lazy_exports(
    package: str, exports: Mapping[str, Iterable[str]]
) -> tuple[Callable[[str], Any], list[str]]:
    """Build a package's ``__getattr__`` and ``__all__`` from where its names live.

    Args:
        package: the package's ``__name__``.
        exports: module → the names it provides; a module starting with ``.`` is
            relative to ``package``, anything else is absolute.

    Returns:
        ``(__getattr__, __all__)`` for the package's namespace.

    Raises:
        ValueError: a name is listed under two modules.
    """
    where: dict[str, str] = {}
    for module, names in exports.items():
        target = package + module if module.startswith(".") else module
        for name in names:
            if name in where:
                raise ValueError(f"{package}: {name!r} is exported from two modules")
            where[name] = target

    def __getattr__(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(module), name)

    return __getattr__, sorted(where)
