"""JSON Schema validation whose errors read like a person wrote them and point at a line."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from readycheck.errors import ExpressionError
from readycheck.policy.expressions import parse_threshold
from readycheck.structured import Document, ValuePath

_TYPE_WORDS = {
    "object": "a mapping",
    "array": "a list",
    "string": "a string",
    "number": "a number",
    "integer": "an integer",
    "boolean": "true or false",
    "null": "null",
}


@dataclass(frozen=True)
class SchemaProblem:
    message: str
    path: ValuePath
    line: int | None

    @property
    def json_path(self) -> str:
        out = "$"
        for part in self.path:
            out += f"[{part}]" if isinstance(part, int) else f".{part}"
        return out


def problems(schema: Mapping[str, Any], document: Document, base: ValuePath = ()) -> Iterator[SchemaProblem]:
    """Every violation of ``schema`` by ``document.data``, sorted by line; ``base`` prefixes paths."""
    data = document.data if not base else _at(document.data, base)
    if _accepted(schema, data):
        return
    import jsonschema

    validator_class = jsonschema.validators.validator_for(schema)
    validator = validator_class(schema, format_checker=_format_checker())
    found = []
    for error in validator.iter_errors(data):
        for problem in _describe(error):
            path = base + problem[1]
            found.append(SchemaProblem(problem[0], path, document.line_of(path)))
    found.sort(key=lambda p: (p.line or 0, p.message))
    yield from found


_COMPILED: dict[int, tuple[Mapping[str, Any], Any]] = {}
"""Compiled validators by schema identity (the schema is kept, so that its id stays its own)."""


def _accepted(schema: Mapping[str, Any], data: Any) -> bool:
    """Whether ``data`` is valid, from a compiled validator (jsonschema-rs): importing jsonschema costs
    ~50 ms, a cold run's largest fixed cost. Only a yes is taken; problems are always worded by
    jsonschema, which is also asked whenever the compiled validator cannot judge."""
    try:
        compiled = _COMPILED.get(id(schema))
        if compiled is None:
            import jsonschema_rs

            formats = {"threshold": _is_threshold, "regex": _is_regex}
            validator = jsonschema_rs.validator_for(dict(schema), formats=formats, validate_formats=True)
            compiled = _COMPILED[id(schema)] = (schema, validator)
        return bool(compiled[1].is_valid(data))
    except Exception:
        return False


def _is_threshold(value: Any) -> bool:
    try:
        return not isinstance(value, str) or bool(parse_threshold(value))
    except ExpressionError:
        return False


def _is_regex(value: Any) -> bool:
    import re

    try:
        return not isinstance(value, str) or bool(re.compile(value))
    except re.error:
        return False


@lru_cache(maxsize=1)
def _format_checker() -> Any:
    """The standard formats plus the two that check parameters use: ``threshold`` and ``regex``."""
    import re

    import jsonschema

    checker = jsonschema.FormatChecker()
    checker.checks("threshold", raises=ExpressionError)(lambda v: not isinstance(v, str) or bool(parse_threshold(v)))
    checker.checks("regex", raises=re.error)(lambda v: not isinstance(v, str) or bool(re.compile(v)))
    return checker


def _at(data: Any, path: ValuePath) -> Any:
    for part in path:
        data = data[part]
    return data


def _describe(error: Any) -> list[tuple[str, ValuePath]]:
    path: ValuePath = tuple(error.absolute_path)
    name = f"'{path[-1]}'" if path and isinstance(path[-1], str) else "value"
    if "propertyNames" in error.relative_schema_path:
        return [
            (
                f"{_show(error.instance)} is not a valid rule id (expected 'area/slug', lowercase)",
                (*path, error.instance),
            )
        ]
    if error.validator in ("oneOf", "anyOf") and error.context:
        # Describe the branch meant for this kind of value, not the branches of other types.
        relevant = [sub for sub in error.context if sub.validator != "type" or sub.path]
        if relevant:
            return [item for sub in relevant for item in _describe(sub)]
        types = [sub.validator_value for sub in error.context if sub.validator == "type"]
        words = " or ".join(_TYPE_WORDS.get(t, str(t)) for t in types)
        return [(f"{name} must be {words}, not {_show(error.instance)}", path)]
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = set(error.schema.get("properties", {}))
        extras = sorted(key for key in error.instance if key not in allowed)
        known = ", ".join(sorted(allowed)) or "none"
        return [(f"unknown key '{key}' (known keys: {known})", path + (key,)) for key in extras]
    if error.validator == "type":
        expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        words = " or ".join(str(_TYPE_WORDS.get(t, t)) for t in expected)
        return [(f"{name} must be {words}, not {_show(error.instance)}", path)]
    if error.validator == "enum":
        options = ", ".join(str(v) for v in error.validator_value)
        return [(f"{name} is {_show(error.instance)}; expected one of: {options}", path)]
    if error.validator == "const":
        return [(f"{name} must be {error.validator_value!r}, not {_show(error.instance)}", path)]
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return [(f"missing required key '{missing}'", path)]
    if error.validator == "format" and error.cause is not None:
        return [(f"{name}: {error.cause}", path)]
    return [(f"{name}: {error.message}", path)]


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
