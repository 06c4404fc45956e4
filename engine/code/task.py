"""What an implement-it task is: a statement, a function to write, tests and mistakes.

A :class:`CodeTask` names the function the learner writes and its signature, and
carries three functions of the engine's own:

- ``reference``: the engine's implementation (``engine.losses``, ``engine.optim``...),
  which gives the expected value of every test;
- ``solution``: a self-contained NumPy function shown to the learner after an attempt
  (its source is what they see, and the tests check that it passes);
- each :class:`MistakeVariant`'s functions: the same computation with one classic slip,
  used to name the slip when the learner's results match it.

Test inputs are drawn from a seeded stream (:meth:`CodeTask.cases`): the same seed
gives the same tests, and each task adds its own edge cases.
"""

from __future__ import annotations

import inspect
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from engine.code.compare import Spec
from engine.problem import Text, Tolerance

#: Results agree when ``|got - expected| <= max(1e-9, 1e-6·|expected|)`` entrywise: far
#: looser than float64 round-off (about 1e-15 relative), far tighter than any slip.
CODE_TOLERANCE = Tolerance(rel=1e-6, abs=1e-9)


@dataclass(frozen=True)
class Case:
    """One test: the arguments and a short description of the input.

    Attributes:
        description: what the input is (``"n = 4 samples, k = 3 classes"``), both languages.
        args: positional arguments.
        kwargs: keyword arguments (optional parameters the test sets).
    """

    description: Text
    args: tuple[Any, ...]
    kwargs: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class MistakeVariant:
    """A classic mistake, written as the function a learner making it would write.

    Attributes:
        id: a stable id (``"no_bias_correction"``), counted in stats.
        feedback: what went wrong and how to fix it, both languages.
        functions: one or more ways of writing the slip (each with the task's signature).
    """

    id: str
    feedback: Text
    functions: tuple[Callable[..., Any], ...]


@dataclass(frozen=True)
class CodeTask:
    """An implement-it task.

    Attributes:
        id: ``code.<function>``, e.g. ``code.huber``.
        topic: losses, gradients, clipping, optimizers, kmeans or pca.
        title: a short name, both languages.
        statement: what to implement, both languages.
        signature: ``name(params) -> result`` as the statement shows it.
        docstring: the starter's docstring body per language.
        hint: a nudge that does not give the solution away.
        reference: the engine's implementation (same arguments as the learner's function).
        solution: the model solution; its source is shown after an attempt.
        draw: ``(rng) -> list[Case]``, the seeded tests.
        edge_cases: ``() -> list[Case]``, the fixed edge cases.
        result: the form of the result.
        mistakes: the named mistakes, most likely first.
        tolerance: how close a result must be.
    """

    id: str
    topic: str
    title: Text
    statement: Text
    signature: str
    docstring: Text
    hint: Text
    reference: Callable[..., Any]
    solution: Callable[..., Any]
    draw: Callable[[np.random.Generator], list[Case]]
    edge_cases: Callable[[], list[Case]]
    result: Spec
    mistakes: tuple[MistakeVariant, ...] = ()
    tolerance: Tolerance = CODE_TOLERANCE

    @property
    def function(self) -> str:
        """The name of the function the learner's file must define."""
        return self.id.split(".", 1)[1]

    def cases(self, seed: int = 0) -> list[Case]:
        """The tests for ``seed``: the seeded draws, then the edge cases."""
        return self.draw(np.random.default_rng(seed)) + self.edge_cases()

    def starter(self, lang: str = "en") -> str:
        """The starter file: the signature and its docstring, and a body to replace.

        Args:
            lang: ``en``, ``zh`` or ``both`` (both docstrings, English first).
        """
        parts = [self.docstring["en"], self.docstring["zh"]] if lang == "both" else []
        doc = "\n\n".join(parts) if parts else self.docstring.get(lang, self.docstring["en"])
        header = "def " + self.signature.split(" -> ")[0] + ":"
        body = textwrap.indent(f'"""{doc}\n"""\n', "    ")
        return f"import numpy as np\n\n\n{header}\n{body}    raise NotImplementedError\n"

    def solution_source(self) -> str:
        """The model solution as a learner's file: ``import numpy as np`` and the function."""
        return as_learner_file(self.solution, self.function)


def as_learner_file(function: Callable[..., Any], name: str) -> str:
    """The source of ``function`` renamed to ``name``, as a file of its own.

    The engine writes its solutions and mistake variants as self-contained NumPy
    functions, so each one's source is a complete answer a learner could have written.
    """
    source = textwrap.dedent(inspect.getsource(function))
    source = re.sub(r"^def \w+\(", f"def {name}(", source, count=1, flags=re.MULTILINE)
    return f"import numpy as np\n\n\n{source}"
