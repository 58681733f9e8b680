"""Shared material for the reporter tests: a Result built from model objects, hostile messages, the
consumers' own schemas (copies in tests/schemas), and a CLI project."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import policy_with, write_files

from readycheck.meta import CHECK_ERROR, PARSE_ERROR
from readycheck.model import (
    FILE,
    REPOSITORY,
    Check,
    Evaluation,
    Finding,
    Level,
    Result,
    Rule,
    SourceLocation,
    Suppression,
)

SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"
SARIF_SCHEMA = SCHEMAS / "sarif-schema-2.1.0.json"
JUNIT_XSD = SCHEMAS / "junit-jenkins.xsd"

HOSTILE = (
    "\x1b[31mred\x1b[0m \x00nul\x07 ]]> \"double\" 'single' <img src=x onerror=alert(1)> ![pic](http://x/y.png) "
    "@someone | pipe & amp %0A ünïcødé 日本語 🚀 \u202eevil\r\nnext line"
)
"""A message as a notebook output can make it: ANSI colours, NUL, BEL, CDATA end, quotes, HTML, an
image, a mention, a table pipe, an escaped-looking newline, non-ASCII, a bidi override, CRLF."""


def _check(check_id: str, scope: str = FILE, area: str = "general", tier: str = "bronze") -> Check:
    return Check(
        id=check_id,
        function=None,
        description=f"What {check_id} checks.",
        help=f"Why {check_id} matters.",
        fix=f"How to fix {check_id}.",
        kinds=("text",) if scope == FILE else (),
        scope=scope,
        area=area,
        tier=tier,
    )


def make_rule(
    rule_id: str,
    *,
    area: str = "general",
    tier: str = "bronze",
    level: Level = Level.WARNING,
    scope: str = FILE,
    source: SourceLocation | None = None,
    check_id: str | None = None,
) -> Rule:
    check = _check(check_id or rule_id, scope, area, tier)
    return Rule(rule_id, check, level, {}, tier=tier, area=area, source=source)


def finding(rule_id: str, path: str, message: str = "problem", **fields: Any) -> Finding:
    fields.setdefault("level", Level.WARNING)
    fields.setdefault("fingerprint", f"fp-{rule_id}-{path}-{fields.get('line')}-{message[:20]}")
    fields.setdefault("fix", f"How to fix {rule_id}.")
    return Finding(rule_id=rule_id, message=message, path=path, **fields)


def make_result(
    root: Path,
    rules: Iterable[Rule],
    findings: Iterable[Finding],
    evaluations: Iterable[tuple[str, str]],
    config_file: str | None = None,
) -> Result:
    """A Result as the engine hands it over: findings and evaluations sorted."""
    return Result(
        root=str(root),
        rules=list(rules),
        findings=sorted(findings, key=Finding.sort_key),
        evaluations=sorted({Evaluation(r, p) for r, p in evaluations}, key=lambda e: (e.path, e.rule_id)),
        config_file=config_file,
    )


@pytest.fixture
def sample(tmp_path: Path) -> Result:
    """Every case a reporter meets: passing and failing rules in several areas and tiers, a repository
    finding placed on its policy line, an evidence file, the three suppressions, a crashed check, an
    unparseable file, a hostile message and a path with a space."""
    root = write_files(
        tmp_path / "repo",
        {
            "README.md": "# Churn\n\nSome text.\n",
            "readycheck.yaml": "policy: [policies/team.yaml]\n",
            "policies/team.yaml": "readycheck: 1\nrules:\n  team/license:\n    check: file/exists\n",
            "notebooks/explore.ipynb": '{"cells": []}\n',
            "src/app.py": "import os\n\nprint('hi')\n",
            "data/my file.csv": "a,b\n",
            "configs/broken.yaml": "key: [unclosed\n",
        },
    )
    policy = SourceLocation("policies/team.yaml", 3, str(root / "policies/team.yaml"))
    rules = [
        make_rule("team/license", area="documentation", level=Level.ERROR, scope=REPOSITORY, source=policy),
        make_rule("team/readme", area="documentation", tier="silver"),
        make_rule("notebook/outputs", area="code-quality", tier="bronze"),
        make_rule("team/no-print", area="code-quality", tier="gold", level=Level.NOTE),
        make_rule("security/no-data", area="security", level=Level.ERROR),
        make_rule("team/pinned", area="reproducibility", tier="silver", scope=REPOSITORY),
        make_rule("team/never-ran", area="testing"),
    ]
    findings = [
        finding("team/license", ".", "no file matches LICENSE", level=Level.ERROR),
        finding("notebook/outputs", "notebooks/explore.ipynb", HOSTILE, line=1, column=2, end_line=1, end_column=9),
        finding("team/no-print", "src/app.py", "print call", line=3, column=1, level=Level.NOTE),
        finding(
            "security/no-data",
            "data/my file.csv",
            "raw data committed",
            level=Level.ERROR,
            suppression=Suppression("waiver", "agreed with @security <b>until</b> Q3"),
        ),
        finding(
            "team/no-print",
            "src/app.py",
            "print call",
            line=1,
            level=Level.NOTE,
            suppression=Suppression("inline", "debug helper"),
        ),
        finding("team/pinned", "requirements.txt", "unpinned numpy", line=2, suppression=Suppression("baseline", "")),
        finding(
            CHECK_ERROR.id,
            "src/app.py",
            "check team/readme (rule team/readme) crashed: ValueError: \x1b[1mboom\x1b[0m",
            level=Level.ERROR,
        ),
        finding(PARSE_ERROR.id, "configs/broken.yaml", "flow sequence not closed", line=1, level=Level.ERROR),
    ]
    evaluations = [
        ("team/license", "."),
        ("team/pinned", "."),
        ("team/readme", "README.md"),
        ("notebook/outputs", "notebooks/explore.ipynb"),
        ("team/no-print", "src/app.py"),
        ("team/readme", "src/app.py"),
        ("security/no-data", "data/my file.csv"),
    ]
    return make_result(root, rules, findings, evaluations, config_file="readycheck.yaml")


def changed(result: Result, **changes: Any) -> Result:
    """A copy of ``result`` with some attributes set anew."""
    copied = copy.copy(result)
    vars(copied).update(changes)
    return copied


def hostile(result: Result) -> Result:
    """The same run with every message and justification made hostile."""
    return changed(result, findings=[f._replace(message=HOSTILE + f.message) for f in result.findings])


@pytest.fixture(scope="session")
def sarif_errors() -> Callable[[Any], list[str]]:
    """Validate against the OASIS SARIF 2.1.0 schema (tests/schemas) with its format checker."""
    import jsonschema

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)

    def errors(document: Any) -> list[str]:
        return [f"{e.json_path}: {e.message}" for e in validator.iter_errors(document)]

    return errors


@pytest.fixture(scope="session")
def junit_schema() -> Any:
    """The Jenkins xUnit plugin's JUnit XSD (tests/schemas), via xmlschema."""
    import xmlschema

    return xmlschema.XMLSchema(str(JUNIT_XSD))


CLI_RULES = policy_with(
    """\
t/license:
  check: file/exists
  level: error
  area: documentation
  paths: [LICENSE]
t/readme-sections:
  check: markdown/sections
  area: documentation
  tier: silver
  paths: [README.md]
  with: {required: [Usage, Contact]}
t/todo:
  check: file/contains
  level: note
  area: code-quality
  tier: gold
  paths: ['**/*.py']
  with: {pattern: TODO, forbid: true}
t/metrics:
  check: data/field
  area: performance
  paths: ['reports/*.json']
  with: {fields: {auc: '>= 0.8'}}
"""
)


def cli_files(modules: int = 3) -> dict[str, str | bytes]:
    """A small project for the real CLI: a repository finding, file findings with lines, a broken JSON
    file, passing rules, and ``modules`` Python files (enough of them make the engine fork)."""
    files: dict[str, str | bytes] = {
        **CLI_RULES,
        "readycheck.yaml": "policy: [policy.yaml]\n",
        "README.md": "# Demo\n\n## Usage\n\nRun it.\n\n## Contact\n\nThe data team.\n",
        "reports/good.json": '{"auc": 0.91}\n',
        "reports/bad.json": '{\n  "auc": 0.5\n}\n',
        "reports/broken.json": '{"auc": \n',
    }
    for index in range(modules):
        files[f"pkg/mod{index}.py"] = "x = 1\n" + ("# TODO: tidy\n" if index % 3 == 0 else "")
    return files
