"""Helpers several test modules share: answers typed as a learner would, the number a
worked solution ends on, and a card's texts."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

import numpy as np

from engine import precision
from engine.problem import Problem, Text

#: A card's text fields, each ``{"en": ..., "zh": ...}``.
TEXT_FIELDS = ("prompt", "answer", "explanation", "hint")


def _number(value: float, sig: int) -> str:
    """A number as typed: ``sig`` significant figures, an ASCII minus."""
    return f"{float(value):.{sig}g}"


def typed(problem: Problem, value: Any, sig: int | None = None) -> str:
    """``value`` (in the form of ``problem.answer``) as a learner would type it: at the
    precision the problem states (trailing zeros kept), or to ``sig`` significant figures."""
    kind = problem.kind
    if sig is None and precision.is_precise(problem.tolerance):
        written = partial(precision.typed, problem.tolerance)
    else:
        written = partial(_number, sig=sig or 4)
    return _typed(kind, value, written)


def _typed(kind: str, value: Any, number: Callable[[float], str]) -> str:
    if kind == "scalar":
        return number(value)
    if kind == "vector":
        return "[" + ", ".join(number(v) for v in np.ravel(value)) + "]"
    if kind == "matrix":
        rows = np.atleast_2d(np.asarray(value, dtype=float))
        return (
            "[" + ", ".join("[" + ", ".join(number(v) for v in r) + "]" for r in rows) + "]"
        )
    if kind == "labels":
        return " ".join(str(int(v)) for v in value)
    if kind == "choice":
        indices = value if isinstance(value, list | tuple) else [value]
        return " ".join(str(int(i) + 1) for i in indices)
    return str(value)


def final_value(problem: Problem) -> Any:
    """The value the worked solution ends on (after the last '= ')."""
    tail = problem.solution["en"].splitlines()[-1].rsplit("= ", 1)[-1].strip()
    tail = tail.replace("−", "-")
    if tail.startswith("["):
        return np.array(eval(tail, {"__builtins__": {}}), dtype=float)  # noqa: S307 - digits only
    match = re.match(r"-?[\d.]+", tail)
    assert match is not None, tail
    return float(match.group())


def card_texts(card: Any) -> Iterator[tuple[str, Text]]:
    """``(field, text)`` for each bilingual text of a loaded card, options included."""
    for name in TEXT_FIELDS:
        text = getattr(card, name)
        if text:
            yield name, text
    for index, option in enumerate(card.options):
        yield f"options[{index}]", option.text
