"""The rules of a card's ``formula``: LaTeX, tied to the engine formula or function it states.

``engine`` names a formula of ``engine.formulas`` (then ``check`` may give it in the
expression syntax) or an engine function (then ``example`` works it on small numbers).
Whether those exist, and whether the example's arguments fit the function, is asked of
:mod:`~quizapp.decks.validate.enginecheck` when engine checks are on.
"""

from __future__ import annotations

import inspect
import math
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from quizapp.decks.model import Formula
from quizapp.decks.validate import enginecheck
from quizapp.decks.validate.nodes import (
    BAD,
    PARAM_NAME,
    NodeReader,
    column_in,
    describe,
    field_node,
    number_value,
    show_list,
    suggest,
)
from quizapp.decks.yamlread import STR_TAG


def read_formula(reader: NodeReader, node: Node) -> Any:
    """A card's ``formula``: its LaTeX, and the engine formula or function it states."""
    fields = reader.fields(
        node, ("latex", "engine", "check", "example"), required=("latex",), where="formula"
    )
    if fields is None:
        return BAD
    latex = reader.string(fields["latex"], "formula.latex") if "latex" in fields else BAD
    engine = reader.string(fields["engine"], "formula.engine") if "engine" in fields else None
    check = reader.string(fields["check"], "formula.check") if "check" in fields else None
    example = read_example(reader, fields["example"]) if "example" in fields else None
    if check is not None and check is not BAD and engine is None:
        reader.report(fields["check"], "decks.formula.check_needs_engine")
        return BAD
    if example is not None and engine is None:
        reader.report(fields["example"], "decks.formula.example_needs_engine")
        return BAD
    if check is not None and example is not None:
        reader.report(fields["example"], "decks.formula.check_and_example")
        return BAD
    if isinstance(engine, str) and example is not None:
        args_node = field_node(fields["example"], "args") or fields["example"]
        if not check_engine_function(reader, fields["engine"], engine, example, args_node):
            return BAD
    elif reader.check_engine and isinstance(engine, str):
        keys = enginecheck.formula_keys()
        if keys is not None and engine not in keys:
            function = enginecheck.engine_function(engine)
            reader.report(
                fields["engine"],
                "decks.formula.unknown_engine"
                if function is None
                else "decks.formula.needs_example",
                engine=engine,
                suggestion=suggest(engine, keys),
            )
            return BAD
    if reader.check_engine and isinstance(check, str):
        error = enginecheck.expression_error(check, _formula_variables(engine))
        if error is not None:
            reader.report(
                column_in(fields["check"], error[0]),
                "decks.expression.bad",
                field="formula.check",
                reason=error[1],
            )
            return BAD
    if any(value is BAD for value in (latex, engine, check, example)):
        return BAD
    return Formula(latex=latex, engine=engine, check=check, example=example)


def read_example(reader: NodeReader, node: Node) -> Any:
    """``formula.example``: ``args`` (name -> value) and ``expect`` (value or attributes)."""
    fields = reader.fields(node, ("args", "expect"), required=("args", "expect"), where="example")
    if fields is None or "args" not in fields or "expect" not in fields:
        return BAD
    args = read_example_mapping(reader, fields["args"], "example.args", text=True)
    expect_node = fields["expect"]
    if isinstance(expect_node, MappingNode):
        expect = read_example_mapping(reader, expect_node, "example.expect", text=False)
    else:
        expect = read_example_value(reader, expect_node, "example.expect", text=False)
    if args is BAD or expect is BAD:
        return BAD
    return {"args": args, "expect": expect}


def read_example_mapping(reader: NodeReader, node: Node, field: str, *, text: bool) -> Any:
    """A mapping of names (argument or result attribute) to example values."""
    entries = reader.mapping(node, "example_args" if text else "example")
    if entries is None:
        return BAD
    values: dict[str, Any] = {}
    for name, key_node, value_node in entries:
        if not PARAM_NAME.match(name):
            reader.report(key_node, "decks.bad_variable", name=name)
            values[name] = BAD
            continue
        values[name] = read_example_value(reader, value_node, f"{field}.{name}", text=text)
    return BAD if any(value is BAD for value in values.values()) else values


def read_example_value(reader: NodeReader, node: Node, field: str, *, text: bool) -> Any:
    """A number, a text when ``text`` (an argument), or a non-empty list of such, nested."""
    if not reader.tag_ok(node):
        return BAD
    if isinstance(node, ScalarNode):
        number = number_value(node)
        if number is not None:
            if not math.isfinite(number):
                reader.report(node, "decks.not_finite", field=field)
                return BAD
            return number
        if text and node.tag == STR_TAG:
            return reader.string(node, field)
    elif isinstance(node, SequenceNode) and node.value:
        items = [read_example_value(reader, item, field, text=text) for item in node.value]
        return BAD if any(item is BAD for item in items) else items
    key = "decks.formula.bad_example_arg" if text else "decks.formula.bad_example_expect"
    reader.report(node, key, field=field, got=describe(node))
    return BAD


def check_engine_function(
    reader: NodeReader, node: Node, engine: str, example: Any, args_node: Node
) -> bool:
    """Check that ``engine`` names an engine function the example's ``args`` fit.

    The form ``module.function`` is always checked; the function itself, its
    parameters and the example's expression arguments only with ``check_engine``.
    """
    match = enginecheck.ENGINE_FUNCTION.match(engine)
    if match is None:
        reader.report(
            node,
            "decks.formula.bad_engine_function",
            modules=show_list(enginecheck.ENGINE_FUNCTION_MODULES),
            got=engine,
        )
        return False
    if not reader.check_engine or not isinstance(example, dict):
        return True
    module_name = match.group(1)
    public = enginecheck.public_functions(module_name)
    if public is None:  # the engine module is missing: nothing more can be checked
        return True
    function = enginecheck.engine_function(engine)
    if function is None:
        reader.report(
            node,
            "decks.formula.unknown_function",
            engine=engine,
            suggestion=suggest(engine, [f"{module_name}.{name}" for name in public]),
        )
        return False
    args = example["args"]
    try:
        inspect.signature(function).bind(**args)
    except TypeError as error:
        reader.report(args_node, "decks.formula.example_args", engine=engine, reason=str(error))
        return False
    variables = args.get("variables", ())
    names = tuple(variables) if isinstance(variables, list) else ()
    for name, value in args.items():
        if not isinstance(value, str) or name == "variables":
            continue
        problem = enginecheck.expression_error(value, tuple(str(v) for v in names))
        if problem is not None:
            reader.report(
                column_in(field_node(args_node, name) or args_node, problem[0]),
                "decks.expression.bad",
                field=f"example.args.{name}",
                reason=problem[1],
            )
            return False
    return True


def _formula_variables(engine_key: Any) -> tuple[str, ...]:
    """The variable names a formula's ``check`` may use: those of the engine's formula."""
    if not isinstance(engine_key, str):
        return ()
    return enginecheck.engine_symbols(engine_key)
