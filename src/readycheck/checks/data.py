"""Checks on structured data files (YAML, JSON, TOML): field conditions and JSON Schema validation."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any

from readycheck import structured
from readycheck.artifacts import Artifact, Repository
from readycheck.errors import ParseError
from readycheck.hookspecs import hookimpl
from readycheck.model import Check, Violation, check
from readycheck.policy.expressions import parse_threshold
from readycheck.redaction import shorten

_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "number": (int, float),
    "integer": (int,),
    "boolean": (bool,),
    "list": (list,),
    "mapping": (dict,),
}

_CONDITION = {
    "oneOf": [
        {"type": "string", "format": "threshold"},
        {
            "type": "object",
            "additionalProperties": False,
            "minProperties": 1,
            "properties": {
                "threshold": {"type": "string", "format": "threshold"},
                "in": {"type": "array", "minItems": 1},
                "matches": {"type": "string", "format": "regex"},
                "type": {"enum": [*_TYPES, "null"]},
                "required": {"type": "boolean", "default": True},
            },
        },
    ]
}


@check(
    "data/field",
    description="In YAML/JSON/TOML files matching 'paths', fields exist and satisfy conditions.",
    help="'fields' maps a dotted path ('eval.auc', 'metrics.0.value') to a condition: a threshold "
    "expression ('>= 0.85', '> 0 and <= 120', '== 0'), or a mapping with any of 'threshold', 'in' (a "
    "list of allowed values), 'matches' (a regex the value must match), 'type' (string, number, "
    "integer, boolean, list, mapping, null) and 'required' (default true). Findings point at the key's line.",
    fix="Fix the value in the file, or the condition in the policy if the bar itself is wrong.",
    level="error",
    kinds=("data",),
    area="performance",
    requires_paths=True,
    required=True,
    generated=True,
    params={
        "type": "object",
        "additionalProperties": False,
        "required": ["fields"],
        "properties": {"fields": {"type": "object", "minProperties": 1, "additionalProperties": _CONDITION}},
    },
    example=(
        "team/auc:\n  check: data/field\n  paths: [reports/metrics.json]\n  with:\n"
        '    fields: {"eval.auc": ">= 0.85", "model.owner": {matches: "^@"}}'
    ),
)
def data_field(artifact: Artifact, params: Mapping[str, Any]) -> Iterator[Violation]:
    document: structured.Document = artifact.data
    for dotted, condition in params["fields"].items():
        if isinstance(condition, str):
            condition = {"threshold": condition}
        found, value, value_path = structured.lookup(document.data, dotted)
        if not found:
            if condition.get("required", True):
                yield Violation(f"field '{dotted}' is missing", line=document.line_of(value_path), key=dotted)
            continue
        line = document.line_of(value_path)
        for problem in _field_problems(value, condition):
            yield Violation(f"field '{dotted}' {problem}", line=line, key=f"{dotted}:{problem}")


def _field_problems(value: Any, condition: Mapping[str, Any]) -> Iterator[str]:
    shown = (
        shorten(json.dumps(value, ensure_ascii=False)) if not isinstance(value, (dict, list)) else type(value).__name__
    )
    if "type" in condition:
        wanted = condition["type"]
        ok = (
            value is None
            if wanted == "null"
            else isinstance(value, _TYPES[wanted]) and not (wanted in ("number", "integer") and isinstance(value, bool))
        )
        if not ok:
            yield f"is {shown}, not of type {wanted}"
    if "threshold" in condition:
        threshold = parse_threshold(condition["threshold"])
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            yield f"is {shown}, not a number (threshold {threshold})"
        elif not threshold.holds(value):
            yield f"= {shown} does not satisfy {threshold}"
    if "in" in condition and value not in condition["in"]:
        yield f"is {shown}; expected one of: {', '.join(json.dumps(v) for v in condition['in'])}"
    if "matches" in condition and (not isinstance(value, str) or re.search(condition["matches"], value) is None):
        yield f"is {shown}, which does not match {condition['matches']!r}"


@check(
    "data/schema",
    description="YAML/JSON/TOML files matching 'paths' validate against a JSON Schema file.",
    help="'schema' is the path of a JSON Schema (JSON or YAML), relative to the repository root. Each "
    "validation error is a finding with its JSON path, at the line of the offending key.",
    fix="Fix the data at the JSON path shown, or the schema if the data is right.",
    level="error",
    kinds=("data",),
    area="reproducibility",
    requires_paths=True,
    required=True,
    generated=True,
    params={
        "type": "object",
        "additionalProperties": False,
        "required": ["schema"],
        "properties": {"schema": {"type": "string", "minLength": 1, "description": "Repository-relative path."}},
    },
    example=(
        'team/model-config:\n  check: data/schema\n  paths: ["configs/*.yaml"]\n'
        "  with: {schema: schemas/model-config.json}"
    ),
)
def data_schema(artifact: Artifact, params: Mapping[str, Any]) -> Iterator[Violation]:
    yield from schema_violations(artifact.repo, params["schema"], artifact.data)


def schema_violations(
    repo: Repository, schema_path: str, document: structured.Document, path: str | None = None
) -> Iterator[Violation]:
    """``document`` validated against the JSON Schema at ``schema_path`` (read as a declared input): one
    violation per error, at the offending key's line, on ``path`` (default: the artifact)."""
    from readycheck.schema_errors import problems

    try:
        schema = _load_schema(repo.read_input(schema_path), schema_path)
    except ParseError as error:
        yield Violation(f"cannot use schema {schema_path!r}: {error}", path=path, key="schema")
        return
    for problem in problems(schema, document):
        yield Violation(
            f"{problem.message} (at {problem.json_path})",
            path=path,
            line=problem.line,
            key=f"{problem.json_path}:{problem.message}",
        )


@lru_cache(maxsize=32)
def _load_schema(data: bytes, shown: str) -> Any:
    """Keyed by content, not path: a changed schema file is a new schema."""
    import jsonschema

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ParseError("not UTF-8 text", shown) from None
    schema = structured.load(text, structured.format_of(shown) or "json", shown).data
    try:
        jsonschema.validators.validator_for(schema).check_schema(schema)
    except jsonschema.SchemaError as error:
        raise ParseError(f"not a valid JSON Schema: {error.message}", shown) from None
    return schema


@hookimpl
def readycheck_checks() -> list[Check]:
    return [data_field, data_schema]
