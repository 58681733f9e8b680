"""The JSON Schemas of policy files and the config file, in one place.

``readycheck schema policy|config`` prints them, and ``docs/`` publishes copies for editors.
"""

from __future__ import annotations

from typing import Any

from readycheck.mltestscore import TESTS as ML_TESTS
from readycheck.model import AREA_NAME_PATTERN, FAIL_ON_CHOICES, LEVEL_NAMES, RULE_ID_PATTERN, TIERS

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
LEVELS_OR_OFF = [*LEVEL_NAMES, "off"]

_GLOBS = {"type": "array", "items": {"type": "string", "minLength": 1}}

RULE_DEFS: dict[str, Any] = {
    "level": {"enum": LEVELS_OR_OFF, "description": "Finding level; 'off' disables the rule."},
    "rule": {
        "description": "A level, or a mapping that configures the rule.",
        "type": ["string", "object"],
        "if": {"type": "string"},
        "then": {"$ref": "#/$defs/level"},
        "else": {
            "additionalProperties": False,
            "properties": {
                "level": {"$ref": "#/$defs/level"},
                "check": {
                    "type": "string",
                    "description": "The check this rule runs, when the rule id is the team's own.",
                },
                "paths": {**_GLOBS, "description": "Globs of the files the rule is about (repository-relative)."},
                "exclude": {**_GLOBS, "description": "Globs of files the rule skips."},
                "with": {"type": "object", "description": "The check's parameters (see 'readycheck explain')."},
                "message": {"type": "string", "description": "Replaces the start of each finding's message."},
                "tier": {"enum": list(TIERS), "description": "Readiness tier this rule counts towards."},
                "required": {
                    "type": "boolean",
                    "description": "Whether finding no file to read is a finding (default: the check's).",
                },
                "generated": {
                    "type": "boolean",
                    "description": "Whether files .gitignore ignores are read too (default: the check's).",
                },
                "area": {
                    "type": "string",
                    "pattern": AREA_NAME_PATTERN,
                    "description": "Scorecard area (default: the check's); built-in or added by a plugin.",
                },
            },
        },
    },
    "rules": {
        "type": ["object", "null"],
        "description": "Rule id to level or settings; empty (all commented out) is fine.",
        "propertyNames": {"pattern": RULE_ID_PATTERN},
        "additionalProperties": {"$ref": "#/$defs/rule"},
    },
}

POLICY_SCHEMA: dict[str, Any] = {
    "$schema": SCHEMA_DIALECT,
    "$id": "https://readycheck.dev/schemas/policy.schema.json",
    "title": "readycheck policy",
    "type": "object",
    "additionalProperties": False,
    "required": ["readycheck"],
    "properties": {
        "readycheck": {"const": 1, "description": "Policy format version."},
        "name": {"type": "string"},
        "description": {"type": "string"},
        "extends": {
            "type": "array",
            "items": {"type": "string", "minLength": 1},
            "description": "Packs (by name) or policy files (relative to this file) this policy builds on.",
        },
        "rules": {"$ref": "#/$defs/rules"},
    },
    "$defs": RULE_DEFS,
}

CONFIG_SCHEMA: dict[str, Any] = {
    "$schema": SCHEMA_DIALECT,
    "$id": "https://readycheck.dev/schemas/config.schema.json",
    "title": "readycheck configuration (readycheck.yaml, .readycheck.yaml or [tool.readycheck])",
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "policy": {
            "type": "array",
            "items": {"type": "string", "minLength": 1},
            "description": "Policies to apply, merged in order: pack names or paths relative to the config file.",
        },
        "exclude": {**_GLOBS, "description": "Globs never scanned, on top of .gitignore and the built-in excludes."},
        "fail_on": {"enum": list(FAIL_ON_CHOICES)},
        "plugins": {
            "type": "array",
            "items": {"type": "string", "minLength": 1},
            "description": "Local plugin modules: importable names, or .py paths relative to the config file.",
        },
        "rules": {"$ref": "#/$defs/rules"},
        "artifacts": {
            "type": "object",
            "additionalProperties": _GLOBS,
            "description": "Discovery globs per artifact kind, replacing the kind's defaults.",
        },
        "waivers": {
            "type": "array",
            "description": "Signed-off exceptions; each stops suppressing after 'expires'.",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["rule", "reason", "expires"],
                "properties": {
                    "rule": {"type": "string", "minLength": 1, "description": "Rule id or glob (notebook/*)."},
                    "paths": {**_GLOBS, "description": "Files it applies to (default: all)."},
                    "reason": {"type": "string", "minLength": 1},
                    "owner": {"type": "string", "description": "Who signed it off."},
                    "expires": {"type": "string", "format": "date", "description": "YYYY-MM-DD."},
                },
            },
        },
        "attestations": {
            "type": "array",
            "description": "ML Test Score tests the team does, with their evidence, for what no file proves; each "
            "counts until 'expires' ('readycheck explain ml-test-score' lists the test ids).",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["test", "evidence", "owner", "automated", "date", "expires"],
                "properties": {
                    "test": {"enum": [test.id for test in ML_TESTS]},
                    "evidence": {"type": "string", "minLength": 1, "description": "A link or a path to the results."},
                    "owner": {"type": "string", "minLength": 1},
                    "automated": {"type": "boolean", "description": "true: 1 point; false (done by hand): 0.5."},
                    "date": {"type": "string", "format": "date", "description": "When it was last done."},
                    "expires": {"type": "string", "format": "date", "description": "YYYY-MM-DD."},
                },
            },
        },
        "baseline": {"type": "string", "description": "Baseline file (relative to the config file)."},
        "cache_dir": {
            "type": "string",
            "description": "Results cache folder inside the repository (not its root); default: the user cache "
            "directory ($READYCHECK_CACHE_DIR, $XDG_CACHE_HOME/readycheck or ~/.cache/readycheck).",
        },
        "owner": {
            "type": "string",
            "minLength": 1,
            "description": "The team that owns the project (ownership/declared).",
        },
        "contact": {"type": "string", "minLength": 1, "description": "How to reach the owners when it breaks."},
        "release_notes": {
            "type": "string",
            "minLength": 1,
            "description": "Where release notes are published, when not in the repository (documentation/changelog).",
        },
        "deploy": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "strategy": {
                    "enum": ["canary", "shadow", "blue-green", "all-at-once"],
                    "description": "How new versions reach traffic, where no manifest says (deploy/progressive).",
                }
            },
        },
        "monitoring": {
            "type": "object",
            "additionalProperties": False,
            "description": "Where the model is watched, where no committed configuration says (monitoring/configured).",
            "properties": {
                "dashboard": {"type": "string", "minLength": 1, "description": "The dashboard's URL or name."},
                "alert": {
                    "oneOf": [
                        {"type": "string", "minLength": 1},
                        {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1},
                    ],
                    "description": "The alert (or alerts) that pages the owners.",
                },
            },
        },
        "check_timeout": {
            "type": "number",
            "exclusiveMinimum": 0,
            "maximum": 86400,
            "description": "Seconds a check may spend on one file before it is stopped and reported as "
            "readycheck/check-timeout (default 60).",
        },
        "plugin_settings": {
            "type": "object",
            "additionalProperties": {"type": "object"},
            "description": "Settings of installed plugins, one mapping per plugin name; each plugin reads its "
            "own in its readycheck_configure hook.",
        },
        "sarif_suppressed": {
            "enum": ["exclude", "include"],
            "description": "Suppressed findings in SARIF: left out (default; GitHub code scanning opens alerts for "
            "them) or included with their 'suppressions'. --sarif-suppressed overrides it.",
        },
        "report_notes": {
            "type": "boolean",
            "description": "List notes in GitLab Code Quality and GitHub annotations too (default false: they "
            "flood merge requests). --notes overrides it.",
        },
        "max_findings": {
            "type": "integer",
            "minimum": 0,
            "description": "Findings reports show per rule before the rest fold into one summary (default 50; 0: "
            "all). --max-findings overrides it.",
        },
        "overrides": {
            "type": "array",
            "items": {"type": "string", "pattern": "^(check|kind|pack|reporter):.+$"},
            "description": "Names a plugin may replace although another plugin registered them first, as "
            "'category:name' (reporter:sarif, pack:recommended, check:notebook/size, kind:notebook).",
        },
    },
    "$defs": RULE_DEFS,
}
