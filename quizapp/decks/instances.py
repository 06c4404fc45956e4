"""Turning a gradeable card into a concrete, reproducible Problem.

Numeric, expression, generated, template and choice cards are graded by the engine;
:func:`instantiate` gives the Problem the grader and the UI work with. The same card
and seed always give the same Problem (a template draws its parameters from the seed,
a choice card shuffles its options with it), so a review can be replayed exactly.
Its texts are the card's rendered ones (:attr:`~quizapp.decks.model.Card.shown`); a
template's are filled with the drawn values first, then rendered.
"""

from __future__ import annotations

import math
import random
from dataclasses import replace
from typing import Any

from engine.problem import Problem, Tolerance
from quizapp.decks.model import Card, ParamSpec, Text
from quizapp.decks.rendering import MATH, render_text
from quizapp.decks.validate import enginecheck
from quizapp.decks.validate.kinds import PLACEHOLDER
from quizapp.errors import QuizappError
from quizapp.i18n import t

#: How many parameter draws a template may take to find one with a finite answer
#: (validation already checked its corners, so this is only a guard).
MAX_TEMPLATE_DRAWS = 50


def instantiate(card: Card, seed: int) -> Problem:
    """Make the Problem a gradeable card asks for this review.

    Args:
        card: a card of kind numeric, expression, generated, template or choice.
        seed: any non-negative integer; the same seed gives the same Problem.

    Returns:
        The Problem. Its ``family`` is the card's key (``deck/card``) except for a
        generated card, whose Problem comes from its engine family. A choice card gives
        ``kind="choice"``, its options shuffled by ``seed`` and ``answer`` the sorted
        indices of the right ones after shuffling.

    Raises:
        ValueError: a flashcard (self-graded, nothing to instantiate) or a negative seed.
        QuizappError: a template found no parameters with a finite answer.
    """
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, not {seed!r}")
    if card.kind == "generated":
        from engine.problems import generate

        assert card.family is not None
        return generate(card.family, seed, **card.params)
    if card.kind == "numeric":
        return _numeric(card, seed)
    if card.kind == "expression":
        return Problem(
            family=str(card.key),
            seed=seed,
            prompt=card.shown.prompt,
            data={},
            answer=str(card.value),
            kind="expression",
            hint=card.shown.hint,
            solution=_solution(card.shown.answer, card.shown.explanation),
            variables=card.variables,
            domain=card.domain,
            target_seconds=card.target_seconds,
        )
    if card.kind == "template":
        return _template(card, seed)
    if card.kind == "choice":
        return _choice(card, seed)
    raise ValueError(f"a {card.kind} card is self-graded; only typed and choice cards instantiate")


def draw_params(params: dict[str, ParamSpec], rng: random.Random) -> dict[str, float]:
    """Draw one value per template parameter, in the order they are written.

    A range gives one of ``low, low + step, ..., high`` (uniformly); choices give one of
    the choices. Values are rounded to the grid's decimals so ``0.1 + 0.2`` shows as 0.3.
    """
    values: dict[str, float] = {}
    for name, spec in params.items():
        if spec.choices:
            values[name] = spec.choices[rng.randrange(len(spec.choices))]
            continue
        assert spec.low is not None and spec.high is not None and spec.step is not None
        count = math.floor((spec.high - spec.low) / spec.step + 1e-9)
        value = spec.low + spec.step * rng.randint(0, count)
        if isinstance(spec.low, int) and isinstance(spec.step, int):
            values[name] = int(value)
        else:
            values[name] = round(value, _decimals(spec.low, spec.step))
    return values


def fill_placeholders(text: Text, values: dict[str, Any]) -> Text:
    """Replace ``{name}`` with the drawn values in every language of ``text``.

    Inside a formula (``$...$``) a negative value is put in parentheses, so that
    ``${r}^2$`` with ``r = -2`` reads ``(-2)^2`` and ``$1 - {g}$`` reads ``1 - (-1.5)``,
    not ``-2^2`` and ``1 - -1.5``; a placeholder the author already wrote in
    parentheses, ``({g})``, is left as it is. In prose the number stands alone.
    """
    shown = {name: format_number(value) for name, value in values.items()}
    return {lang: _fill(string, shown) for lang, string in text.items()}


def _fill(string: str, shown: dict[str, str]) -> str:
    formulas = [match.span() for match in MATH.finditer(string)] if "$" in string else []

    def substitute(match: Any) -> str:
        value = shown.get(match.group(1))
        if value is None:
            return match.group(0)
        start, end = match.span()
        in_formula = any(low < start and end < high for low, high in formulas)
        enclosed = string[start - 1 : start] == "(" and string[end : end + 1] == ")"
        if value.startswith("-") and in_formula and not enclosed:
            return f"({value})"
        return value

    return PLACEHOLDER.sub(substitute, string)


def format_number(value: float) -> str:
    """A drawn value as a person writes it: ``0.05``, ``3``, ``-1.5`` (no float noise)."""
    if isinstance(value, int) or float(value).is_integer():
        return str(int(value))
    return f"{value:.10g}"


def _numeric(card: Card, seed: int) -> Problem:
    value = card.value
    if isinstance(value, list) and value and isinstance(value[0], list):
        answer: Any = [[float(x) for x in row] for row in value]
        kind = "matrix"
    elif isinstance(value, list):
        answer, kind = [float(x) for x in value], "vector"
    else:
        answer, kind = float(value), "scalar"
    problem = Problem(
        family=str(card.key),
        seed=seed,
        prompt=card.shown.prompt,
        data={},
        answer=answer,
        kind=kind,  # type: ignore[arg-type]
        hint=card.shown.hint,
        solution=_solution(card.shown.answer, card.shown.explanation),
        sign_invariant=card.sign_invariant,
        target_seconds=card.target_seconds,
        start=card.start,
        ratio=card.ratio,
    )
    return _with_precision(card, problem)


def _template(card: Card, seed: int) -> Problem:
    rng = random.Random(seed)
    expression = str(card.value)
    for _ in range(MAX_TEMPLATE_DRAWS):
        values = draw_params(card.params, rng)
        try:
            answer = enginecheck.evaluate(expression, values)
        except (ArithmeticError, ValueError):
            continue
        except Exception as error:  # the engine's ExpressionError: validation should catch it
            if type(error).__name__ != "ExpressionError":
                raise
            continue
        if math.isfinite(answer):
            break
    else:
        raise QuizappError(
            t("decks.template.no_finite_draw", "en", id=str(card.key)),
            t("decks.template.no_finite_draw", "zh", id=str(card.key)),
        )
    worked = {"en": f"{expression} = {format_number(answer)}"}
    worked["zh"] = worked["en"]
    problem = Problem(
        family=str(card.key),
        seed=seed,
        prompt=render_text(fill_placeholders(card.prompt, values)),
        data=dict(values),
        answer=answer,
        kind="scalar",
        hint=render_text(fill_placeholders(card.hint, values)),
        solution=_solution(
            render_text(_with_result(fill_placeholders(card.answer, values), answer) or worked),
            render_text(fill_placeholders(card.explanation, values)),
        ),
        target_seconds=card.target_seconds,
        start=card.start,
        ratio=card.ratio,
    )
    return _with_precision(card, problem)


def _with_result(answer_text: Text, result: float) -> Text:
    """The author's worked answer followed by the number it comes to."""
    return {lang: f"{text}\n= {format_number(result)}" for lang, text in answer_text.items()}


def _choice(card: Card, seed: int) -> Problem:
    order = list(range(len(card.options)))
    random.Random(seed).shuffle(order)
    options = tuple(card.shown.options[index] for index in order)
    right = [position for position, index in enumerate(order) if card.options[index].correct]
    return Problem(
        family=str(card.key),
        seed=seed,
        prompt=card.shown.prompt,
        data={"order": order},
        answer=right,
        kind="choice",
        hint=card.shown.hint,
        solution=_solution(card.shown.answer, card.shown.explanation),
        options=options,
        target_seconds=card.target_seconds,
    )


def _with_precision(card: Card, problem: Problem) -> Problem:
    """The card's problem graded at its stated tolerance, or at the precision policy's when it
    gives none, with that precision said at the end of the prompt."""
    from engine import precision  # NumPy: loaded when a card is first studied, not at start-up

    tolerance = _tolerance(card)
    if tolerance is None:
        problem = precision.with_precision(problem)
    else:
        problem = replace(problem, tolerance=tolerance)
    return precision.stated(problem)


def _tolerance(card: Card) -> Tolerance | None:
    """The card's ``tolerance`` as written: ``abs`` alone is absolute only, ``rel`` alone
    relative only; None when the card gives none."""
    spec = card.tolerance
    if not spec:
        return None
    if "sigfigs" in spec:
        return Tolerance(sigfigs=int(spec["sigfigs"]))
    if "decimals" in spec:
        return Tolerance(decimals=int(spec["decimals"]))
    return Tolerance(rel=float(spec.get("rel", 0.0)), abs=float(spec.get("abs", 0.0)))


def _solution(answer: Text, explanation: Text) -> Text:
    """The model answer, then the explanation, per language (both already rendered)."""
    solution: Text = {}
    for lang in ("en", "zh"):
        parts = [part[lang] for part in (answer, explanation) if lang in part]
        if parts:
            solution[lang] = "\n".join(parts)
    return solution


def _decimals(*numbers: float) -> int:
    """How many decimals the written numbers use (so grid values round to them)."""
    most = 0
    for number in numbers:
        text = f"{number:.12g}"
        if "e-" in text:
            mantissa, exponent = text.split("e-")
            most = max(most, int(exponent) + len(mantissa.partition(".")[2]))
        else:
            most = max(most, len(text.partition(".")[2]))
    return most
