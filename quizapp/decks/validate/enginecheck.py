"""The checks a deck needs from the engine, imported lazily and cached.

Loading a deck of flashcards must not pay for importing SymPy, so the engine is
imported only when a card needs it (a generated or template card, an expression,
a formula tied to the engine). Every answer is cached: many cards share a family
or an expression, and a deck is often loaded twice (validate, then study).

When an engine module is missing (an incomplete install), its checks are skipped
rather than failing every deck: the functions return None.
"""

from __future__ import annotations

import importlib
import inspect
import json
import math
import re
from functools import cache
from types import ModuleType
from typing import Any

Text = dict[str, str]

#: The engine modules whose functions a formula's worked example may call.
ENGINE_FUNCTION_MODULES = (
    "activations",
    "clipping",
    "cluster_metrics",
    "embedding_losses",
    "kmeans",
    "losses",
    "normalization",
    "optim",
    "pca",
    "regularization",
)
#: ``formula.engine`` naming an engine function: ``module.function``.
ENGINE_FUNCTION = re.compile(r"^(" + "|".join(ENGINE_FUNCTION_MODULES) + r")\.([a-z][a-z0-9_]*)$")


@cache
def _module(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


@cache
def known_families() -> frozenset[str] | None:
    """Return the engine's problem family ids, or None when the engine is unavailable."""
    problems = _module("engine.problems")
    return None if problems is None else frozenset(problems.families())


@cache
def known_code_tasks() -> frozenset[str] | None:
    """Return the engine's implement-it task ids, or None when they are unavailable."""
    tasks = _module("engine.code.tasks")
    return None if tasks is None else frozenset(tasks.task_ids())


@cache
def formula_keys() -> frozenset[str] | None:
    """Return the keys of ``engine.formulas``, or None when that module is unavailable."""
    formulas = _module("engine.formulas")
    return None if formulas is None else frozenset(formulas.keys())


def generate_error(family: str, params: dict[str, Any]) -> str | None:
    """Try ``engine.problems.generate(family, 0, **params)`` once.

    Returns:
        None when it worked (or cannot be tried), else what went wrong, in words.
    """
    try:
        frozen = json.dumps(params, sort_keys=True)
    except (TypeError, ValueError):
        return "the params are not plain data"
    return _generate_error(family, frozen)


@cache
def _generate_error(family: str, frozen_params: str) -> str | None:
    problems = _module("engine.problems")
    if problems is None:
        return None
    try:
        problems.generate(family, 0, **json.loads(frozen_params))
    except Exception as error:  # a generator's failure is reported, never raised at load
        return (
            f"{type(error).__name__}: {error}" if not isinstance(error, ValueError) else str(error)
        )
    return None


@cache
def domain_error(text: str, variables: tuple[str, ...]) -> Text | None:
    """Read a condition such as ``b > 0`` over ``variables`` with the engine.

    Returns:
        None when it reads (or the engine is unavailable), else what is wrong, bilingual.
    """
    expressions = _module("engine.expr")
    if expressions is None:
        return None
    try:
        expressions.parse_domain([text], variables)
    except expressions.ExpressionError as error:
        return dict(error.message)
    except ValueError:
        return {
            "en": "a condition compares two sides with <, <=, > or >=, e.g. b > 0",
            "zh": "条件要用 <、<=、> 或 >= 比较两边，例如 b > 0",
        }
    return None


@cache
def expression_error(text: str, variables: tuple[str, ...]) -> tuple[int, Text] | None:
    """Parse ``text`` with the engine's safe parser over ``variables``.

    Returns:
        None when it parses (or the parser is unavailable), else ``(position, message)``:
        the 0-based character position and the parser's bilingual message.
    """
    expressions = _module("engine.expr")
    if expressions is None:
        return None
    try:
        expressions.parse(text, variables=variables)
    except expressions.ExpressionError as error:
        message = getattr(error, "message", None)
        if not isinstance(message, dict):
            message = {"en": str(error), "zh": str(error)}
        return int(getattr(error, "position", 0) or 0), message
    return None


def evaluation_error(text: str, values: dict[str, float]) -> Text | None:
    """Evaluate ``text`` at ``values`` with the engine's safe evaluator.

    Returns:
        None when the result is a finite number (or the evaluator is unavailable), else
        the reason, ``{"en", "zh"}``.
    """
    return _evaluation_error(text, tuple(sorted(values.items())))


@cache
def _evaluation_error(text: str, values: tuple[tuple[str, float], ...]) -> Text | None:
    expressions = _module("engine.expr")
    if expressions is None:
        return None
    try:
        result = expressions.evaluate(text, dict(values))
    except expressions.ExpressionError as error:
        message = getattr(error, "message", None)
        return message if isinstance(message, dict) else {"en": str(error), "zh": str(error)}
    except (ArithmeticError, ValueError, TypeError) as error:
        return {"en": str(error), "zh": str(error)}
    if not isinstance(result, int | float) or not math.isfinite(result):
        return {"en": f"the result is {result}", "zh": f"结果为 {result}"}
    return None


def evaluate(text: str, values: dict[str, float]) -> float:
    """Evaluate an answer expression with the engine's safe evaluator (not cached).

    Raises:
        ImportError: the engine's expression module is missing.
        engine.expr.ExpressionError: the expression cannot be evaluated.
    """
    expressions = _module("engine.expr")
    if expressions is None:
        raise ImportError("engine.expr is not available")
    return float(expressions.evaluate(text, values))


@cache
def public_functions(module_name: str) -> tuple[str, ...] | None:
    """The public functions of ``engine.<module_name>``, or None when it is unavailable."""
    module = _module(f"engine.{module_name}")
    if module is None:
        return None
    return tuple(
        sorted(
            name
            for name, value in vars(module).items()
            if not name.startswith("_")
            and inspect.isfunction(value)
            and value.__module__ == module.__name__
        )
    )


def engine_function(engine: str) -> Any:
    """The engine function ``module.function`` names, or None when there is none."""
    match = ENGINE_FUNCTION.match(engine)
    if match is None:
        return None
    module_name, name = match.groups()
    if name not in (public_functions(module_name) or ()):
        return None
    module = _module(f"engine.{module_name}")
    return getattr(module, name, None)


def engine_symbols(engine_key: str) -> tuple[str, ...]:
    """The variable names of the engine formula ``engine_key`` (none when it is unknown).

    Read from :mod:`~quizapp.decks.validate.formula_variables`, which a test keeps equal to
    the free symbols of ``engine.formulas.symbolic(engine_key)``: asking SymPy would import
    it on every fresh load of a deck with a ``formula.check``.
    """
    from quizapp.decks.validate.formula_variables import FORMULA_VARIABLES

    return FORMULA_VARIABLES.get(engine_key, ())
