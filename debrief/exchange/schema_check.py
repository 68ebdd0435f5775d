"""Checking a document against the export's JSON Schema with `jsonschema`, fast enough for
20,000 debriefs.

`jsonschema` spends most of its time descending into each property (a new validator per value:
about a minute for a 20,000-debrief file). Most properties here have simple schemas (a type, an
enum, a pattern, a length); `properties` below checks those values directly and descends —
letting `jsonschema` judge and word the error — only when the quick check doesn't pass or the
schema isn't simple. The quick check only ever says "valid" when `jsonschema` would, so the
result is the same; only the time differs (a test compares both on broken files).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

from debrief.exchange.format import schema

_SIMPLE_KEYS = {"type", "enum", "pattern", "maxLength", "minimum", "maximum", "description"}
_EMPTY_ARRAY_KEYS = {"type", "items", "description"}
_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "null": (type(None),),
    "object": (dict,),
    "array": (list,),
}


def inline_refs(node: Any, defs: dict[str, Any]) -> Any:
    """The schema with each local `{"$ref": "#/$defs/x"}` replaced by its definition."""
    if isinstance(node, dict):
        if set(node) == {"$ref"} and node["$ref"].startswith("#/$defs/"):
            return inline_refs(defs[node["$ref"].removeprefix("#/$defs/")], defs)
        return {k: inline_refs(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [inline_refs(v, defs) for v in node]
    return node


Check = Callable[[Any], bool]
_compiled: dict[int, Check | None] = {}


def _compile(sub: dict[str, Any]) -> Check | None:
    """A quick check for a simple schema: True only when the value certainly satisfies it.

    None when the schema is not simple (then `jsonschema` always judges).
    """
    if not sub.keys() <= _SIMPLE_KEYS:
        return None
    names = sub.get("type")
    names = [names] if isinstance(names, str) else names
    kinds: tuple[type, ...] | None = None
    numeric = False
    if names is not None:
        kinds = tuple(t for n in names for t in _TYPES[n])
        numeric = any(n in ("integer", "number") for n in names) and "boolean" not in names
    enum = sub.get("enum")
    options = None if enum is None else [(type(o), o) for o in enum]
    pattern = re.compile(sub["pattern"]).search if "pattern" in sub else None
    longest = sub.get("maxLength")
    low, high = sub.get("minimum"), sub.get("maximum")

    def check(value: Any) -> bool:
        if kinds is not None:
            if not isinstance(value, kinds):
                return False
            if numeric and isinstance(value, bool):
                return False
        if options is not None and not any(
            type(value) is kind and value == option for kind, option in options
        ):
            return False
        if isinstance(value, str):
            if longest is not None and len(value) > longest:
                return False
            if pattern is not None and not pattern(value):
                return False
        elif isinstance(value, int | float) and not isinstance(value, bool):
            if low is not None and value < low:
                return False
            if high is not None and value > high:
                return False
        return True

    return check


def _quick(sub: Any) -> Check | None:
    key = id(sub)
    if key not in _compiled:
        _compiled[key] = _compile(sub) if isinstance(sub, dict) else None
    return _compiled[key]


def _fast_properties(
    validator: Any, properties: dict[str, Any], instance: Any, schema: dict[str, Any]
) -> Iterator[Any]:
    if not isinstance(instance, dict):
        return
    for name, sub in properties.items():
        if name not in instance:
            continue
        value = instance[name]
        check = _quick(sub)
        if check is not None and check(value):
            continue
        if value == [] and sub.get("type") == "array" and sub.keys() <= _EMPTY_ARRAY_KEYS:
            continue  # an empty list satisfies "items" whatever they are
        yield from validator.descend(value, sub, path=name, schema_path=name)


@cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator, validators  # only import needs it

    fast = validators.extend(  # type: ignore[no-untyped-call]  # untyped in jsonschema
        Draft202012Validator, {"properties": _fast_properties}
    )
    document_schema = schema()
    return fast(inline_refs(document_schema, document_schema.get("$defs", {})))


@cache
def _plain_validator() -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema())


def schema_errors(document: Any, plain: bool = False) -> Iterator[Any]:
    """`jsonschema` errors of the document (`plain`: without the quick path, for tests)."""
    validator = _plain_validator() if plain else _validator()
    return iter(validator.iter_errors(document))
