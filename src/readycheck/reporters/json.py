"""The JSON report; its shape is a public contract, published as docs/report.schema.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from readycheck.model import AREA_NAME_PATTERN, LEVEL_NAMES, TIERS, Finding, Level, Result
from readycheck.paths import report_path
from readycheck.reporters import ReportOptions
from readycheck.reporters.common import clean_text
from readycheck.scorecard import LEVELS, scorecard
from readycheck.version import __version__

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
"""The keys of a finding in the report, in order; ``help`` holds the finding's fix hint."""


def report(result: Result) -> dict[str, Any]:
    card = scorecard(result)
    return {
        "tool": {"name": "readycheck", "version": __version__},
        "repository": Path(result.root).name,
        "summary": {
            "errors": result.count(Level.ERROR),
            "warnings": result.count(Level.WARNING),
            "notes": result.count(Level.NOTE),
            "suppressed": result.suppressed_count,
            "rules": len(result.rules),
            "artifacts": result.artifact_count,
            "level": card.level,
            "areas": card.to_json(),
            "not_applicable": result.not_applicable,
            **({"ml_test_score": result.ml_test_score} if result.ml_test_score is not None else {}),
        },
        "findings": [_finding(f) for f in result.findings],
        "waivers": [{**waiver, "reason": clean_text(waiver["reason"])} for waiver in result.waivers],
    }


def _finding(finding: Finding) -> dict[str, Any]:
    record = {name: getattr(finding, "fix" if name == "help" else name) for name in FINDING_FIELDS}
    record["level"] = str(finding.level)
    record["path"] = report_path(finding.path)
    record["message"] = clean_text(finding.message)
    record["help"] = clean_text(finding.fix)
    suppression = finding.suppression
    record["suppression"] = (
        None
        if suppression is None
        else {"kind": suppression.kind, "justification": clean_text(suppression.justification)}
    )
    return record


def render(result: Result, options: ReportOptions) -> str:
    return json.dumps(report(result), indent=2, ensure_ascii=False) + "\n"


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
            "required": ["errors", "warnings", "notes", "suppressed", "rules", "artifacts", "level", "areas"],
            "properties": {
                **{
                    name: {"type": "integer", "minimum": 0}
                    for name in ("errors", "warnings", "notes", "suppressed", "rules", "artifacts")
                },
                "level": {
                    "enum": list(LEVELS),
                    "description": "Readiness: the lowest level across the areas that evaluated rules.",
                },
                "not_applicable": {
                    "type": "object",
                    "additionalProperties": {"type": "string"},
                    "description": "Rules that found nothing to read and required nothing (rule id to reason): "
                    "they earn no credit.",
                },
                "areas": {
                    "type": "object",
                    "description": "Per area that evaluated at least one rule: its readiness level, rules passed "
                    "and evaluated in all and per tier, and the ids of the rules that failed.",
                    "propertyNames": {"pattern": AREA_NAME_PATTERN},
                    "additionalProperties": {"$ref": "#/$defs/area"},
                },
                "ml_test_score": {
                    "type": "object",
                    "description": "The ML Test Score (with the ml-test-score pack or attestations): the lowest "
                    "section's points, each section's, and each test's status (automated, attested, attested, "
                    "automated, missing) and points (1, 0.5 or 0).",
                    "required": ["score", "sections", "tests"],
                    "properties": {
                        "score": {"type": "number"},
                        "sections": {"type": "object", "additionalProperties": {"type": "number"}},
                        "tests": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["id", "section", "title", "status", "points"],
                                "properties": {
                                    "status": {"enum": ["automated", "attested", "attested, automated", "missing"]},
                                    "points": {"enum": [0, 0.5, 1]},
                                },
                            },
                        },
                    },
                },
            },
        },
        "repository": {"type": "string", "description": "The repository's folder name (readycheck merge names it so)."},
        "waivers": {
            "type": "array",
            "description": "The config's waivers, whether or not they matched a finding.",
            "items": {
                "type": "object",
                "required": ["rule", "paths", "owner", "reason", "expires"],
                "properties": {
                    "rule": {"type": "string"},
                    "paths": {"type": "array", "items": {"type": "string"}},
                    "owner": {"type": "string"},
                    "reason": {"type": "string"},
                    "expires": {"type": "string", "format": "date"},
                },
            },
        },
        "findings": {
            "type": "array",
            "items": {
                "type": "object",
                "required": [*FINDING_FIELDS, "suppression"],
                "properties": {
                    "rule_id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9_.-]*/[a-z0-9][a-z0-9_.-]*$"},
                    "level": {"enum": list(LEVEL_NAMES)},
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
                    "suppression": {
                        "description": "Why the finding does not count (it is still reported); null when it does.",
                        "oneOf": [
                            {"type": "null"},
                            {
                                "type": "object",
                                "required": ["kind", "justification"],
                                "properties": {
                                    "kind": {"enum": ["inline", "waiver", "baseline"]},
                                    "justification": {"type": "string"},
                                },
                            },
                        ],
                    },
                },
            },
        },
    },
    "$defs": {
        "tally": {
            "type": "object",
            "required": ["passed", "evaluated"],
            "properties": {"passed": {"type": "integer", "minimum": 0}, "evaluated": {"type": "integer", "minimum": 0}},
        },
        "area": {
            "type": "object",
            "required": ["level", "passed", "evaluated", "tiers", "failed"],
            "properties": {
                "level": {"enum": list(LEVELS)},
                "passed": {"type": "integer", "minimum": 0},
                "evaluated": {"type": "integer", "minimum": 1},
                "tiers": {
                    "type": "object",
                    "required": list(TIERS),
                    "properties": {tier: {"$ref": "#/$defs/tally"} for tier in TIERS},
                    "additionalProperties": False,
                },
                "failed": {"type": "array", "items": {"type": "string"}},
            },
        },
    },
}
