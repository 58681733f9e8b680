"""The JSON report; its shape is a public contract, published as docs/report.schema.json."""

from __future__ import annotations

import json
from typing import Any

from readycheck import __version__, hookimpl
from readycheck.model import Level, Result
from readycheck.reporters import Reporter, ReportOptions

FINDING_FIELDS = (
    "rule_id",
    "level",
    "message",
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "fingerprint",
    "help",
)


def report(result: Result) -> dict[str, Any]:
    return {
        "tool": {"name": "readycheck", "version": __version__},
        "summary": {
            "errors": result.count(Level.ERROR),
            "warnings": result.count(Level.WARNING),
            "notes": result.count(Level.NOTE),
            "suppressed": result.suppressed_count,
            "rules": len(result.rules),
            "artifacts": result.artifact_count,
        },
        "findings": [
            {name: str(value) if name == "level" else value for name in FINDING_FIELDS for value in [getattr(f, name)]}
            for f in result.findings
        ],
    }


def render(result: Result, options: ReportOptions) -> str:
    return json.dumps(report(result), indent=2, ensure_ascii=False) + "\n"


@hookimpl
def readycheck_reporters() -> list[Reporter]:
    return [Reporter("json", "Machine-readable report (schema: docs/report.schema.json).", render)]


SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://readycheck.dev/schemas/report.schema.json",
    "title": "readycheck JSON report",
    "type": "object",
    "required": ["tool", "summary", "findings"],
    "properties": {
        "tool": {
            "type": "object",
            "required": ["name", "version"],
            "properties": {"name": {"const": "readycheck"}, "version": {"type": "string"}},
        },
        "summary": {
            "type": "object",
            "required": ["errors", "warnings", "notes", "suppressed", "rules", "artifacts"],
            "properties": {
                name: {"type": "integer", "minimum": 0}
                for name in ("errors", "warnings", "notes", "suppressed", "rules", "artifacts")
            },
        },
        "findings": {
            "type": "array",
            "items": {
                "type": "object",
                "required": list(FINDING_FIELDS),
                "properties": {
                    "rule_id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9_.-]*/[a-z0-9][a-z0-9_.-]*$"},
                    "level": {"enum": ["error", "warning", "note"]},
                    "message": {"type": "string"},
                    "path": {
                        "type": "string",
                        "description": "Repository-relative, '/'-separated; '.' is the repository.",
                    },
                    "line": {"type": ["integer", "null"], "minimum": 1},
                    "column": {"type": ["integer", "null"], "minimum": 1},
                    "end_line": {"type": ["integer", "null"], "minimum": 1},
                    "end_column": {"type": ["integer", "null"], "minimum": 1},
                    "fingerprint": {"type": "string", "minLength": 1},
                    "help": {"type": "string"},
                },
            },
        },
    },
}
