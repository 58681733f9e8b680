"""The bundled example reaches the readiness level the README documents, with every repository-evidence
rule reading real evidence: a rollback plan, a KServe canary, Prometheus alerts, code for radon."""

from __future__ import annotations

import datetime
import re
import shutil
from pathlib import Path

from tests.conftest import run_json

from readycheck.plugins import load_registry
from readycheck.policy.loader import bind_rules, load_policies

REPO_ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = REPO_ROOT / "examples" / "churn-model"
EVIDENCE_RULES = {
    "rollback/plan",
    "rollback/drill-recent",
    "rollback/target-resolvable",
    "deploy/progressive",
    "deploy/health-probes",
    "monitoring/configured",
    "code/complexity",
    "code/maintainability",
    "ownership/codeowners",
    "ownership/declared",
    "tests/present",
    "tests/passing",
    "tests/coverage",
    "repo/dependencies-pinned",
    "repo/ci-configured",
    "documentation/readme",
}


def test_the_example_reaches_the_documented_level(tmp_path: Path) -> None:
    example = tmp_path / "churn-model"
    shutil.copytree(EXAMPLE, example, ignore=shutil.ignore_patterns(".readycheck_cache", "__pycache__"))
    plan = example / "docs" / "ROLLBACK.md"
    recent = (datetime.date.today() - datetime.timedelta(days=20)).isoformat()  # the drill date ages; the level not
    plan.write_text(re.sub(r"last_tested: \d{4}-\d{2}-\d{2}", f"last_tested: {recent}", plan.read_text()))
    code, report = run_json(str(example), "--no-cache")
    documented = re.search(r"^Readiness level: (\w+)", (REPO_ROOT / "README.md").read_text(), re.MULTILINE)
    assert documented is not None and report["summary"]["level"] == documented.group(1) == "bronze"
    assert code == 0 and report["summary"]["errors"] == 0
    failed = {f["rule_id"] for f in report["findings"]}
    assert not EVIDENCE_RULES & failed, report["findings"]
    assert not EVIDENCE_RULES & set(report["summary"]["not_applicable"])
    operations = report["summary"]["areas"]["operations"]
    assert operations["passed"] == operations["evaluated"] == 3  # progressive, probes, monitoring all read


def test_an_old_drill_is_the_only_new_finding(tmp_path: Path) -> None:
    example = tmp_path / "churn-model"
    shutil.copytree(EXAMPLE, example, ignore=shutil.ignore_patterns(".readycheck_cache", "__pycache__"))
    plan = example / "docs" / "ROLLBACK.md"
    plan.write_text(re.sub(r"last_tested: \d{4}-\d{2}-\d{2}", "last_tested: 2024-01-15", plan.read_text()))
    _, report = run_json(str(example), "--no-cache")
    [drill] = [f for f in report["findings"] if f["rule_id"] == "rollback/drill-recent"]
    assert drill["message"].startswith("the rollback was last tested on 2024-01-15")


def test_the_recommended_pack_enables_every_repository_check_and_strict_raises_what_on_call_blocks_on(
    tmp_path: Path,
) -> None:
    registry = load_registry()
    levels = {
        pack: {
            rule.id: rule.level.name.lower() for rule in bind_rules(load_policies([pack], tmp_path, registry), registry)
        }
        for pack in ("recommended", "strict")
    }
    issue_levels = {  # the levels the repository-evidence issue gives them
        "tests/present": "error",
        "tests/passing": "error",
        "tests/coverage": "error",
        "ownership/codeowners": "error",
        "ownership/declared": "warning",
        "rollback/plan": "error",
        "rollback/drill-recent": "warning",
        "rollback/target-resolvable": "warning",
        "deploy/progressive": "note",
        "deploy/health-probes": "warning",
        "monitoring/configured": "note",
        "documentation/readme": "error",
        "repo/dependencies-pinned": "warning",
        "repo/ci-configured": "warning",
        "repo/no-large-files": "warning",
        "repo/data-versioned": "warning",
        "repo/container-pinned": "warning",
        "code/complexity": "warning",
        "code/maintainability": "note",
    }
    assert {rule: levels["recommended"].get(rule) for rule in issue_levels} == issue_levels
    raised = {rule for rule in issue_levels if levels["strict"][rule] != issue_levels[rule]}
    assert {"rollback/drill-recent", "rollback/target-resolvable", "deploy/health-probes"} <= raised
    assert all(levels["strict"][rule] in ("error", "warning") for rule in raised)
