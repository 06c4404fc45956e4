"""The rules of each card kind: which fields it has, and how they are read and checked.

A card's common fields (id, kind, texts, tags, formula, target time) are read by
:mod:`~quizapp.decks.validate.deck`; then the rule of its kind reads the rest from
:data:`KIND_RULES`: a choice card's options, a numeric card's value and tolerance, an
expression card's variables and expression, a generated card's family and parameters, a
template's parameters, answer expression and placeholders. The checks that need the
engine (an expression parses, a family exists and generates, a template's answer is
finite over its parameters) are asked of :mod:`~quizapp.decks.validate.enginecheck`.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable
from typing import Any

from yaml.nodes import Node, ScalarNode, SequenceNode

from quizapp.decks.model import CardKind, Option, ParamSpec
from quizapp.decks.source import LANGUAGES
from quizapp.decks.validate import enginecheck
from quizapp.decks.validate.nodes import (
    BAD,
    MATH,
    PARAM_NAME,
    NodeReader,
    column_in,
    describe,
    show_list,
    suggest,
)

#: Names the expression syntax already gives a meaning; a template parameter may not take one.
RESERVED_NAMES = frozenset(
    {"sqrt", "exp", "log", "ln", "log10", "log2", "abs", "sin", "cos", "tan", "tanh", "cosh"}
    | {"sinh", "sigmoid"}
    | {"pi", "e", "max", "min"}
)
MIN_OPTIONS, MAX_OPTIONS = 2, 8
#: With more parameters than this, a template is checked at its all-low and all-high
#: corners only, not at all 2**n of them.
MAX_CORNER_PARAMS = 6

COMMON_CARD_FIELDS = (
    "id",
    "kind",
    "tags",
    "prompt",
    "answer",
    "explanation",
    "hint",
    "formula",
    "target_seconds",
)
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "flashcard": (),
    "choice": ("options",),
    "numeric": ("value", "tolerance", "sign_invariant", "start", "ratio"),
    "expression": ("value", "variables", "domain"),
    "generated": ("family", "params"),
    "template": ("params", "value", "tolerance", "start", "ratio"),
    "code": ("task",),
}
ALL_CARD_FIELDS = COMMON_CARD_FIELDS + tuple(
    dict.fromkeys(f for fields in KIND_FIELDS.values() for f in fields)
)
#: The fields a card of each kind may have (None: a card whose kind is unknown).
CARD_FIELDS_BY_KIND: dict[str | None, tuple[str, ...]] = {
    None: ALL_CARD_FIELDS,
    **{kind: COMMON_CARD_FIELDS + fields for kind, fields in KIND_FIELDS.items()},
}
#: The fields a card of each kind must have.
REQUIRED_CARD_FIELDS: dict[str | None, tuple[str, ...]] = {
    None: ("id", "kind", "prompt"),
    "flashcard": ("id", "kind", "prompt", "answer"),
    "choice": ("id", "kind", "prompt", "options"),
    "numeric": ("id", "kind", "prompt", "value"),
    "expression": ("id", "kind", "prompt", "value"),
    "generated": ("id", "kind", "prompt", "family"),
    "template": ("id", "kind", "prompt", "params", "value"),
    "code": ("id", "kind", "prompt", "task"),
}
#: An implement-it task id: ``code.`` and the name of the function the learner writes.
CODE_TASK = re.compile(r"^code\.[a-z_][a-z0-9_]*$")
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")

#: Reads a card's kind-specific fields (``fields``: its nodes by name) into ``values``.
KindRule = Callable[[NodeReader, dict[str, Node], dict[str, Any]], None]


def flashcard(reader: NodeReader, fields: dict[str, Node], values: dict[str, Any]) -> None:
    """A flashcard has only the common fields."""


def choice(reader: NodeReader, fields: dict[str, Node], values: dict[str, Any]) -> None:
    """A choice card: two to eight options, at least one of them correct."""
    if "options" in fields:
        values["options"] = read_options(reader, fields["options"])


def numeric(reader: NodeReader, fields: dict[str, Node], values: dict[str, Any]) -> None:
    """A numeric card: a number, list or matrix, maybe a tolerance, sign invariance, the
    value before an update (``start``, of the value's shape) and ``ratio``."""
    if "value" in fields:
        values["value"] = read_numeric_value(reader, fields["value"])
        if "sign_invariant" in fields:
            values["sign_invariant"] = reader.boolean(fields["sign_invariant"], "sign_invariant")
    if "start" in fields:
        start = values["start"] = read_numeric_value(reader, fields["start"])
        value = values.get("value")
        if start is not BAD and value is not None and value is not BAD:
            if _shape(start) != _shape(value):
                reader.report(fields["start"], "decks.numeric.start_shape")
                values["start"] = BAD
    _read_ratio(reader, fields, values)
    tolerance(reader, fields, values)


def _read_ratio(reader: NodeReader, fields: dict[str, Node], values: dict[str, Any]) -> None:
    if "ratio" in fields:
        values["ratio"] = reader.boolean(fields["ratio"], "ratio")


def _shape(value: Any) -> tuple[int, ...]:
    """The shape of a numeric card's value: () for a number, (n,) or (rows, columns)."""
    if not isinstance(value, list):
        return ()
    if value and isinstance(value[0], list):
        return (len(value), len(value[0]))
    return (len(value),)


def expression(reader: NodeReader, fields: dict[str, Node], values: dict[str, Any]) -> None:
    """An expression card: an answer expression over its declared variables."""
    if "value" in fields:
        variables = read_variables(reader, fields["variables"]) if "variables" in fields else ()
        values["variables"] = variables
        values["value"] = read_expression(
            reader, fields["value"], "value", () if variables is BAD else variables
        )
        if "domain" in fields:
            values["domain"] = read_domain(
                reader, fields["domain"], () if variables is BAD else variables
            )


def generated(reader: NodeReader, fields: dict[str, Node], values: dict[str, Any]) -> None:
    """A generated card: an engine family that generates with the given parameters."""
    if "family" in fields:
        read_generated(reader, fields, values)


def template(reader: NodeReader, fields: dict[str, Node], values: dict[str, Any]) -> None:
    """A template: parameters, an answer expression finite over them, known placeholders;
    maybe the number before an update (``start``) and ``ratio``."""
    if "params" in fields and "value" in fields:
        params = read_template_params(reader, fields["params"])
        values["params"] = params
        names = tuple(params) if params is not BAD else ()
        values["value"] = read_expression(reader, fields["value"], "value", names)
        if params is not BAD:
            check_template(reader, fields, values, params)
    if "start" in fields:
        values["start"] = reader.number(fields["start"], "start")
    _read_ratio(reader, fields, values)
    tolerance(reader, fields, values)


def code(reader: NodeReader, fields: dict[str, Node], values: dict[str, Any]) -> None:
    """A code card: the id of an engine implement-it task (never code of its own)."""
    if "task" in fields:
        values["task"] = read_code_task(reader, fields["task"])


def tolerance(reader: NodeReader, fields: dict[str, Node], values: dict[str, Any]) -> None:
    """A tolerance, read alike by every kind that has one.

    It is also the whole rule of a card whose kind is missing or unknown: such a card is
    skipped, but its tolerance is still checked, so that all its problems are reported.
    """
    if "tolerance" in fields:
        values["tolerance"] = read_tolerance(reader, fields["tolerance"])


#: The rule of each kind; None for a card whose kind is missing or unknown.
KIND_RULES: dict[CardKind | None, KindRule] = {
    "flashcard": flashcard,
    "choice": choice,
    "numeric": numeric,
    "expression": expression,
    "generated": generated,
    "template": template,
    "code": code,
    None: tolerance,
}


def read_generated(reader: NodeReader, fields: dict[str, Node], values: dict[str, Any]) -> None:
    family = values["family"] = read_family(reader, fields["family"])
    params = reader.plain_mapping(fields["params"], "params") if "params" in fields else {}
    values["params"] = params
    if not reader.check_engine or reader.failed or family is BAD or params is BAD:
        return
    error = enginecheck.generate_error(family, params)
    if error:
        reader.report(
            fields.get("params", fields["family"]),
            "decks.generated.failed",
            family=family,
            reason=error,
        )


def check_template(
    reader: NodeReader,
    fields: dict[str, Node],
    values: dict[str, Any],
    params: dict[str, ParamSpec],
) -> None:
    names = set(params)
    for name in ("prompt", "answer", "explanation", "hint"):
        text = values.get(name)
        if not isinstance(text, dict):
            continue
        for lang, string in text.items():
            for unknown in sorted(set(_placeholders(string)) - names):
                reader.report(
                    fields[name],
                    "decks.template.unknown_placeholder",
                    placeholder=unknown,
                    field=f"{name}.{lang}",
                    params=show_list(params),
                )
    value = values.get("value")
    if not reader.check_engine or not isinstance(value, str) or reader.failed:
        return
    for corner in _corners(params):
        reason = enginecheck.evaluation_error(value, corner)
        if reason is not None:
            shown = ", ".join(f"{k} = {v:g}" for k, v in corner.items())
            reader.report(fields["value"], "decks.template.not_finite", at=shown, reason=reason)
            return


def read_options(reader: NodeReader, node: Node) -> Any:
    if not reader.tag_ok(node):
        return BAD
    if not isinstance(node, SequenceNode):
        reader.report(node, "decks.not_list", field="options", got=describe(node))
        return BAD
    count = len(node.value)
    if not MIN_OPTIONS <= count <= MAX_OPTIONS:
        reader.report(
            node, "decks.choice.option_count", count=count, low=MIN_OPTIONS, high=MAX_OPTIONS
        )
        return BAD
    options: list[Option] = []
    bad = False
    for index, item in enumerate(node.value, start=1):
        entries = reader.mapping(item, "option")
        if entries is None:
            bad = True
            continue
        correct_node = next((value for key, _, value in entries if key == "correct"), None)
        text = reader.text_entries(
            item, entries, f"options[{index}]", allowed=(*LANGUAGES, "correct")
        )
        if correct_node is None:
            reader.report(item, "decks.choice.missing_correct", index=index)
            bad = True
            continue
        correct = reader.boolean(correct_node, f"options[{index}].correct")
        if text is BAD or correct is BAD:
            bad = True
            continue
        options.append(Option(text=text, correct=correct))
    if bad:
        return BAD
    if not any(option.correct for option in options):
        reader.report(node, "decks.choice.none_correct")
        return BAD
    return tuple(options)


def read_numeric_value(reader: NodeReader, node: Node) -> Any:
    if not reader.tag_ok(node):
        return BAD
    if isinstance(node, ScalarNode):
        return reader.number(node, "value")
    if not isinstance(node, SequenceNode) or not node.value:
        reader.report(node, "decks.numeric.bad_value", got=describe(node))
        return BAD
    if all(isinstance(item, ScalarNode) for item in node.value):
        entries = [reader.number(item, "value") for item in node.value]
        return BAD if BAD in entries else entries
    rows: list[list[float]] = []
    for row in node.value:
        if not reader.tag_ok(row):
            return BAD
        if not isinstance(row, SequenceNode) or not row.value:
            reader.report(row, "decks.numeric.bad_value", got=describe(row))
            return BAD
        entries = [reader.number(item, "value") for item in row.value]
        if BAD in entries:
            return BAD
        if rows and len(entries) != len(rows[0]):
            reader.report(row, "decks.numeric.ragged", got=len(entries), want=len(rows[0]))
            return BAD
        rows.append(entries)
    return rows


def read_tolerance(reader: NodeReader, node: Node) -> Any:
    """``sigfigs`` or ``decimals`` on its own, or ``rel`` and/or ``abs``."""
    names = ("rel", "abs", "sigfigs", "decimals")
    fields = reader.fields(node, names, required=(), where="tolerance")
    if fields is None:
        return BAD
    if not fields:
        reader.report(node, "decks.tolerance.empty")
        return BAD
    stated = [name for name in ("sigfigs", "decimals") if name in fields]
    if stated and len(fields) > 1:
        reader.report(node, "decks.tolerance.mixed", field=stated[0])
        return BAD
    tolerance = {
        name: (
            reader.integer(value, f"tolerance.{name}", minimum=1 if name == "sigfigs" else 0)
            if name in ("sigfigs", "decimals")
            else reader.number(value, f"tolerance.{name}", minimum=0)
        )
        for name, value in fields.items()
    }
    return BAD if BAD in tolerance.values() else tolerance


def read_variables(reader: NodeReader, node: Node) -> Any:
    if not reader.tag_ok(node):
        return BAD
    if not isinstance(node, SequenceNode):
        reader.report(node, "decks.not_list", field="variables", got=describe(node))
        return BAD
    names: list[str] = []
    for item in node.value:
        name = reader.string(item, "variables")
        if name is BAD:
            return BAD
        if not PARAM_NAME.match(name):
            reader.report(item, "decks.bad_variable", name=name)
            return BAD
        names.append(name)
    return tuple(names)


def read_expression(reader: NodeReader, node: Node, field: str, variables: tuple[str, ...]) -> Any:
    text = reader.string(node, field)
    if text is BAD or not reader.check_engine:
        return text
    error = enginecheck.expression_error(text, variables)
    if error is not None:
        reader.report(
            column_in(node, error[0]), "decks.expression.bad", field=field, reason=error[1]
        )
        return BAD
    return text


def read_domain(reader: NodeReader, node: Node, variables: tuple[str, ...]) -> Any:
    """An expression card's conditions on its variables: a list such as ``[b > 0]``."""
    if not reader.tag_ok(node):
        return BAD
    if not isinstance(node, SequenceNode):
        reader.report(node, "decks.not_list", field="domain", got=describe(node))
        return BAD
    conditions: list[str] = []
    for item in node.value:
        text = reader.string(item, "domain")
        if text is BAD:
            return BAD
        if reader.check_engine:
            reason = enginecheck.domain_error(text, variables)
            if reason is not None:
                reader.report(item, "decks.domain.bad", condition=text, reason=reason)
                return BAD
        conditions.append(text)
    return tuple(conditions)


def read_family(reader: NodeReader, node: Node) -> Any:
    family = reader.string(node, "family")
    if family is BAD or not reader.check_engine:
        return family
    known = enginecheck.known_families()
    if known is not None and family not in known:
        reader.report(
            node,
            "decks.generated.unknown_family",
            family=family,
            suggestion=suggest(family, known),
        )
        return BAD
    return family


def read_code_task(reader: NodeReader, node: Node) -> Any:
    task = reader.string(node, "task")
    if task is BAD:
        return BAD
    if not CODE_TASK.match(task):
        reader.report(node, "decks.code.bad_task", task=task)
        return BAD
    if not reader.check_engine:
        return task
    known = enginecheck.known_code_tasks()
    if known is not None and task not in known:
        reader.report(
            node, "decks.code.unknown_task", task=task, suggestion=suggest(task, sorted(known))
        )
        return BAD
    return task


def read_template_params(reader: NodeReader, node: Node) -> Any:
    entries = reader.mapping(node, "params")
    if entries is None:
        return BAD
    if not entries:
        reader.report(node, "decks.template.no_params")
        return BAD
    params: dict[str, ParamSpec] = {}
    bad = False
    for name, key_node, spec_node in entries:
        if not PARAM_NAME.match(name) or name in RESERVED_NAMES:
            key = "decks.template.reserved_name" if name in RESERVED_NAMES else "decks.bad_variable"
            reader.report(key_node, key, name=name)
            bad = True
            continue
        spec = read_param_spec(reader, spec_node, name)
        if spec is BAD:
            bad = True
            continue
        params[name] = spec
    return BAD if bad else params


def read_param_spec(reader: NodeReader, node: Node, name: str) -> Any:
    fields = reader.fields(node, ("range", "step", "choices"), required=(), where="param")
    if fields is None:
        return BAD
    if ("range" in fields) == ("choices" in fields):
        reader.report(node, "decks.template.range_or_choices", name=name)
        return BAD
    if "choices" in fields:
        if "step" in fields:
            reader.report(fields["step"], "decks.template.step_with_choices", name=name)
            return BAD
        choices_node = fields["choices"]
        if not isinstance(choices_node, SequenceNode) or not choices_node.value:
            reader.report(choices_node, "decks.template.bad_choices", name=name)
            return BAD
        choices = [reader.number(item, f"params.{name}.choices") for item in choices_node.value]
        return BAD if BAD in choices else ParamSpec(choices=tuple(choices))
    range_node = fields["range"]
    if not isinstance(range_node, SequenceNode) or len(range_node.value) != 2:
        reader.report(range_node, "decks.template.bad_range", name=name)
        return BAD
    low, high = (reader.number(item, f"params.{name}.range") for item in range_node.value)
    if BAD in (low, high):
        return BAD
    if low >= high:
        reader.report(range_node, "decks.template.empty_range", name=name, low=low, high=high)
        return BAD
    if "step" in fields:
        step = reader.number(fields["step"], f"params.{name}.step", positive=True)
        if step is BAD:
            return BAD
    elif isinstance(low, int) and isinstance(high, int):
        step = 1
    else:
        reader.report(range_node, "decks.template.needs_step", name=name)
        return BAD
    return ParamSpec(low=low, high=high, step=step)


def _placeholders(text: str) -> list[str]:
    """The ``{name}`` placeholders of a text, outside its math."""
    return PLACEHOLDER.findall(MATH.sub("", text))


def _corners(params: dict[str, ParamSpec]) -> list[dict[str, float]]:
    """The parameter combinations a template is checked at: every low/high corner."""
    extremes: dict[str, tuple[Any, Any]] = {
        name: (
            (min(spec.choices), max(spec.choices)) if spec.choices else (spec.low, _grid_top(spec))
        )
        for name, spec in params.items()
    }
    names = list(extremes)
    if len(names) > MAX_CORNER_PARAMS:
        return [
            {name: float(extremes[name][0]) for name in names},
            {name: float(extremes[name][1]) for name in names},
        ]
    return [
        {name: float(value) for name, value in zip(names, combo, strict=True)}
        for combo in itertools.product(*(extremes[name] for name in names))
    ]


def _grid_top(spec: ParamSpec) -> float:
    """The largest value on a range's grid (``high`` itself when the step divides it)."""
    assert spec.low is not None and spec.high is not None and spec.step is not None
    count = math.floor((spec.high - spec.low) / spec.step + 1e-9)
    return round(spec.low + count * spec.step, 12)
