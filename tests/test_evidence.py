"""Evidence semantics: generated (gitignored) files are read, missing evidence is a finding, rules with
nothing to read earn no credit, and a cached result dies with the other files its check read.

Each of the three false passes of the first release is here on a real layout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

from tests.conftest import findings_of, policy_with, run, run_json, with_plugin

GITIGNORE = "reports/\nmetrics.json\ncoverage.json\n.readycheck_cache/\n"

TESTS_FAIL = textwrap.dedent(
    """\
    def test_ok():
        assert 1 + 1 == 2

    def test_broken():
        assert 1 + 1 == 3
    """
)


def _pytest_junit(root: Path) -> None:
    """What a CI job does before readycheck: a real pytest run writing a gitignored JUnit report."""
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--junitxml=reports/junit.xml", "tests"],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        check=False,
    )
    assert completed.returncode == 1, completed.stdout  # one test fails
    assert (root / "reports" / "junit.xml").is_file()


def test_gitignored_report_written_by_a_real_pytest_run_is_checked(project) -> None:
    root = project(
        {
            ".gitignore": GITIGNORE,
            "tests/test_maths.py": TESTS_FAIL,
            **policy_with(
                """\
                team/tests-pass:
                  check: file/contains
                  level: error
                  paths: [reports/junit.xml]
                  with: {pattern: '<failure', forbid: true}
                """
            ),
        }
    )
    _pytest_junit(root)
    code, report = run_json(str(root), "--policy", "policy.yaml")
    [finding] = findings_of(report, "team/tests-pass")
    assert finding["path"] == "reports/junit.xml" and finding["line"] >= 1
    assert code == 1


def test_gitignored_metrics_file_with_a_failing_threshold_fails_the_run(project) -> None:
    root = project(
        {
            ".gitignore": GITIGNORE,
            "metrics.json": json.dumps({"eval": {"auc": 0.61}}),
            **policy_with(
                "team/auc:\n  check: data/field\n  paths: [metrics.json]\n  with: {fields: {eval.auc: '>= 0.8'}}\n"
            ),
        }
    )
    result = run("check", str(root), "--policy", "policy.yaml")
    assert result.exit_code == 1
    assert "metrics.json:1" in result.stdout and "does not satisfy >= 0.8" in result.stdout
    assert "All checks passed" not in result.stdout


def test_exclude_in_the_config_still_wins_over_generated(project) -> None:
    root = project(
        {
            ".gitignore": GITIGNORE,
            "metrics.json": json.dumps({"eval": {"auc": 0.61}}),
            "readycheck.yaml": "policy: [policy.yaml]\nexclude: [metrics.json]\n",
            **policy_with(
                "team/auc:\n  check: data/field\n  paths: [metrics.json]\n  with: {fields: {eval.auc: '>= 0.8'}}\n"
            ),
        }
    )
    code, report = run_json(str(root))
    [finding] = findings_of(report, "team/auc")
    assert finding["path"] == "."
    assert "required evidence is missing" in finding["message"]
    assert "metrics.json: it exists, but 'exclude' in the config excludes it" in finding["message"]
    assert code == 1


def test_a_rule_can_turn_ignored_files_off_and_is_told_why_it_saw_nothing(project) -> None:
    root = project(
        {
            ".gitignore": GITIGNORE,
            "metrics.json": json.dumps({"eval": {"auc": 0.9}}),
            **policy_with(
                "team/auc:\n  check: data/field\n  generated: false\n  paths: [metrics.json]\n"
                "  with: {fields: {eval.auc: '>= 0.8'}}\n"
            ),
        }
    )
    _, report = run_json(str(root), "--policy", "policy.yaml")
    [finding] = findings_of(report, "team/auc")
    assert ".gitignore ignores it" in finding["message"] and "generated: true" in finding["message"]


def test_ignored_files_stay_invisible_to_rules_that_do_not_read_generated_files(project) -> None:
    root = project(
        {
            ".gitignore": ".env\nbuild/\n",
            ".env": "TOKEN=1\n",
            "build/lib/x.pem": "not committed\n",
            **policy_with("team/no-env:\n  check: file/absent\n  paths: ['.env', '*.pem']\n"),
        }
    )
    code, report = run_json(str(root), "--policy", "policy.yaml")
    assert findings_of(report, "team/no-env") == []
    assert report["summary"]["areas"]["security"]["passed"] == 1  # nothing forbidden is committed: a pass
    assert code == 0


COVERAGE_RULE = """\
team/coverage:
  check: data/field
  area: testing
  paths: [coverage.json]
  with: {fields: {totals.percent_covered: '>= 80'}}
"""


def test_a_missing_coverage_report_is_a_finding_that_says_what_was_looked_for(project) -> None:
    root = project({".gitignore": GITIGNORE, "src/app.py": "x = 1\n", **policy_with(COVERAGE_RULE)})
    code, report = run_json(str(root), "--policy", "policy.yaml")
    [finding] = findings_of(report, "team/coverage")
    assert finding["path"] == "." and finding["level"] == "error"
    assert finding["message"] == "required evidence is missing: no file matches coverage.json"
    assert "Produce the file" in finding["help"] and "required: false" in finding["help"]
    assert report["summary"]["areas"]["testing"]["failed"] == ["team/coverage"]
    assert code == 1


def test_a_real_coverage_report_satisfies_the_same_rule(project) -> None:
    root = project(
        {
            ".gitignore": GITIGNORE,
            "src/app.py": "def double(x):\n    return 2 * x\n",
            "tests/test_app.py": "from src.app import double\n\ndef test_double():\n    assert double(2) == 4\n",
            "src/__init__.py": "",
            **policy_with(COVERAGE_RULE),
        }
    )
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "COVERAGE_FILE": str(root / "reports" / ".coverage")}
    for command in (
        ["run", "--source=src", "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        ["json", "-o", "coverage.json"],
    ):
        completed = subprocess.run(
            [sys.executable, "-m", "coverage", *command], cwd=root, env=env, capture_output=True, text=True, check=False
        )
        assert completed.returncode == 0, completed.stdout + completed.stderr
    assert json.loads((root / "coverage.json").read_text())["totals"]["percent_covered"] == 100
    code, report = run_json(str(root), "--policy", "policy.yaml")
    assert findings_of(report, "team/coverage") == []
    assert report["summary"]["areas"]["testing"]["level"] == "bronze"
    assert code == 0


def test_optional_evidence_is_not_applicable_and_earns_no_credit(project) -> None:
    root = project(
        {
            "src/app.py": "x = 1\n",
            **policy_with(COVERAGE_RULE.replace("area: testing", "area: testing\n  required: false")),
        }
    )
    code, report = run_json(str(root), "--policy", "policy.yaml")
    assert findings_of(report, "team/coverage") == []
    assert "testing" not in report["summary"]["areas"]
    assert report["summary"]["not_applicable"] == {"team/coverage": "not applicable: no file matches coverage.json"}
    junit = ET.fromstring(run("check", str(root), "--policy", "policy.yaml", "--format", "junit").stdout)
    [case] = [c for c in junit.iter("testcase") if c.get("name") == "team/coverage"]
    skipped = case.find("skipped")
    assert skipped is not None and skipped.get("message") == "not applicable: no file matches coverage.json"
    text = run("check", str(root), "--policy", "policy.yaml").stdout
    assert "1 rule not applicable (team/coverage)" in text
    assert code == 0


def test_a_folder_with_only_a_readme_earns_no_notebook_credit(project) -> None:
    root = project({"README.md": "# Churn\n\nPredicts churn.\n"})
    _, report = run_json(str(root))
    areas = report["summary"]["areas"]
    assert "code-quality" not in areas  # only notebook rules score it, and they had nothing to read
    notebook_rules = {"notebook/execution-state", "notebook/linear-execution", "notebook/no-absolute-paths"}
    assert notebook_rules <= set(report["summary"]["not_applicable"])  # reproducibility rules with no credit
    assert "notebook/valid" in report["summary"]["not_applicable"]
    assert report["summary"]["level"] != "gold"


def test_a_repository_without_codeowners_gets_no_ownership_credit_from_file_contains(project) -> None:
    rule = "team/owners:\n  check: file/contains\n  level: error\n  area: ownership\n  paths: [CODEOWNERS, .github/CODEOWNERS]\n  with: {pattern: '^\\*\\s+@'}\n"
    root = project({"README.md": "# x\n", **policy_with(rule)})
    code, report = run_json(str(root), "--policy", "policy.yaml")
    [finding] = findings_of(report, "team/owners")
    assert "no file matches CODEOWNERS, .github/CODEOWNERS" in finding["message"]
    assert report["summary"]["areas"]["ownership"]["level"] == "none"
    assert code == 1


def test_evidence_checks_run_on_the_given_files_only_in_pre_commit_mode(project) -> None:
    """A pre-commit run sees only some files: absence cannot be judged there."""
    root = project({"src/app.py": "x = 1\n", **policy_with(COVERAGE_RULE)})
    result = run("check", "--policy", "policy.yaml", str(root / "src" / "app.py"))
    assert result.exit_code == 0, result.stdout


SCHEMA_RULE = """\
team/config:
  check: data/schema
  paths: [configs/*.yaml]
  with: {schema: schemas/config.json}
"""


def test_a_cached_result_dies_when_the_schema_behind_it_changes(project) -> None:
    root = project(
        {
            "configs/train.yaml": "epochs: 10\n",
            "schemas/config.json": json.dumps({"type": "object", "properties": {"epochs": {"type": "integer"}}}),
            **policy_with(SCHEMA_RULE),
        }
    )
    first_code, first = run_json(str(root), "--policy", "policy.yaml")
    assert first_code == 0 and findings_of(first, "team/config") == []
    stricter = {"type": "object", "required": ["seed"], "properties": {"epochs": {"type": "integer"}}}
    (root / "schemas" / "config.json").write_text(json.dumps(stricter))  # configs/train.yaml is untouched
    code, report = run_json(str(root), "--policy", "policy.yaml")
    [finding] = findings_of(report, "team/config")
    assert "missing required key 'seed'" in finding["message"]
    assert code == 1
    _, uncached = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    assert uncached["findings"] == report["findings"]


def test_a_schema_that_appears_later_invalidates_the_cached_result(project) -> None:
    root = project({"configs/train.yaml": "epochs: 10\n", **policy_with(SCHEMA_RULE)})
    _, first = run_json(str(root), "--policy", "policy.yaml")
    assert "cannot use schema" in findings_of(first, "team/config")[0]["message"]
    (root / "schemas").mkdir()
    (root / "schemas" / "config.json").write_text(json.dumps({"type": "object"}))
    code, report = run_json(str(root), "--policy", "policy.yaml")
    assert findings_of(report, "team/config") == [] and code == 0


def test_checks_cannot_read_inputs_outside_the_repository(project, tmp_path: Path) -> None:
    (tmp_path / "secret.json").write_text('{"type": "object"}')
    root = project(
        {
            "configs/train.yaml": "epochs: 10\n",
            **policy_with(SCHEMA_RULE.replace("schemas/config.json", "../secret.json")),
        }
    )
    _, report = run_json(str(root), "--policy", "policy.yaml")
    [finding] = findings_of(report, "team/config")
    assert "is outside the repository" in finding["message"]


GENERATED_KIND_PLUGIN = """
import readycheck
from readycheck import Violation
from readycheck.artifacts import ArtifactKind


@readycheck.hookimpl
def readycheck_artifact_kinds():
    return [ArtifactKind("eval-log", ("**/eval.log",), "Evaluation logs written by the training job.", generated=True)]


@readycheck.check(
    "team/eval-clean",
    description="The evaluation log has no WARN lines.",
    help="-",
    fix="-",
    kinds=["eval-log"],
    level="error",
)
def eval_clean(artifact, params):
    if "WARN" in artifact.text:
        yield Violation("evaluation warned")


@readycheck.hookimpl
def readycheck_checks():
    return [eval_clean]
"""


def test_a_generated_artifact_kind_finds_ignored_files_without_paths(project) -> None:
    root = project(
        {
            ".gitignore": "outputs/\n",
            "outputs/run-1/eval.log": "WARN: slice 3 degraded\n",
            "outputs/run-1/big.bin": "ignored and never read\n",
            **with_plugin("kinds.py", GENERATED_KIND_PLUGIN, "team/eval-clean: error\n"),
        }
    )
    code, report = run_json(str(root))
    assert [f["path"] for f in findings_of(report, "team/eval-clean")] == ["outputs/run-1/eval.log"]
    assert report["summary"]["artifacts"] == 1
    assert code == 1
    assert "reads files .gitignore ignores too" in run("explain", "team/eval-clean").stdout


def test_repository_rules_that_do_not_read_generated_files_do_not_see_ignored_ones(project) -> None:
    """file/exists on a gitignored README must not pass because another rule made discovery take it."""
    root = project(
        {
            ".gitignore": "docs/\n",
            "docs/GUIDE.md": "# Guide\n\n## Usage\n\nRun it.\n",
            **policy_with(
                "t/guide:\n  check: file/exists\n  paths: [docs/GUIDE.md]\n"
                "t/guide-sections:\n  check: markdown/sections\n  paths: [docs/GUIDE.md]\n  with: {required: [Usage]}\n"
            ),
        }
    )
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    assert findings_of(report, "t/guide-sections") == []  # reads generated files: sees it
    [missing] = findings_of(report, "t/guide")  # file/exists does not
    assert missing["message"] == "no file matches docs/GUIDE.md"
