"""metrics/no-regression against a baseline file and against a git revision, in a real repository and
in a shallow clone of it."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from tests.conftest import findings_of, git, policy_with, run_json

pytestmark = pytest.mark.skipif(
    subprocess.run(["git", "--version"], capture_output=True).returncode != 0, reason="needs git"
)

RULE = """\
t/no-regression:
  check: metrics/no-regression
  paths: [reports/metrics.json]
  with:
    baseline: {baseline}
    metrics:
      "eval.auc": {{better: higher, tolerance: 0.005}}
      "latency.p95_ms": {{better: lower, tolerance: "10%"}}
"""


def metrics(auc: float, p95: float) -> str:
    return json.dumps({"eval": {"auc": auc}, "latency": {"p95_ms": p95}}, indent=2)


def test_against_a_baseline_file(project) -> None:
    root = project(
        {
            "reports/metrics.json": metrics(0.81, 100),
            "baseline.json": metrics(0.84, 100),
            **policy_with(RULE.format(baseline="baseline.json")),
        }
    )
    code, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    [finding] = findings_of(report, "t/no-regression")
    assert (
        finding["message"]
        == "eval.auc regressed: 0.84 -> 0.81 (-0.03, -3.6%), more than the tolerance 0.005 (higher is better)"
    )
    assert (finding["path"], finding["line"]) == ("reports/metrics.json", 3)
    assert code == 1


@pytest.fixture
def repository(project) -> Path:
    root = project({"reports/metrics.json": metrics(0.84, 100), **policy_with(RULE.format(baseline="{ref: main}"))})
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "baseline")
    git(root, "checkout", "-q", "-b", "feature")
    return root


def test_against_a_git_revision(repository: Path) -> None:
    (repository / "reports" / "metrics.json").write_text(metrics(0.845, 115))
    code, report = run_json(str(repository), "--policy", "policy.yaml", "--no-cache")
    [finding] = findings_of(report, "t/no-regression")
    assert finding["message"].startswith("latency.p95_ms regressed: 100 -> 115 (+15, +15.0%)")
    assert code == 1


def test_within_tolerance_passes(repository: Path) -> None:
    (repository / "reports" / "metrics.json").write_text(metrics(0.836, 108))
    code, report = run_json(str(repository), "--policy", "policy.yaml", "--no-cache")
    assert findings_of(report, "t/no-regression") == [] and code == 0


def test_a_shallow_clone_without_the_revision_says_how_to_fetch_it(repository: Path, tmp_path: Path) -> None:
    git(repository, "commit", "-q", "--allow-empty", "-m", "on feature")
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth=1", "--branch", "feature", f"file://{repository}", str(clone))
    (clone / "policy.yaml").write_text(
        (repository / "policy.yaml").read_text().replace("{ref: main}", "{ref: origin/main}")
    )
    code, report = run_json(str(clone), "--policy", str(clone / "policy.yaml"), "--no-cache")
    [finding] = findings_of(report, "t/no-regression")
    assert finding["message"] == "the baseline revision origin/main is not in this shallow clone"
    assert "git fetch --no-tags --depth=1 origin main" in finding["help"] and "fetch-depth: 0" in finding["help"]
    assert code == 1


def test_a_report_missing_at_the_revision_is_a_finding(repository: Path) -> None:
    (repository / "reports" / "other_metrics.json").write_text(metrics(0.9, 90))
    (repository / "policy.yaml").write_text(
        (repository / "policy.yaml")
        .read_text()
        .replace("paths: [reports/metrics.json]", "paths: [reports/other_metrics.json]")
    )
    _, report = run_json(str(repository), "--policy", "policy.yaml", "--no-cache")
    [finding] = findings_of(report, "t/no-regression")
    assert (
        finding["message"] == "reports/other_metrics.json does not exist at main: there is no baseline to compare with"
    )


def test_outside_a_git_repository_is_a_finding(project) -> None:
    root = project({"reports/metrics.json": metrics(0.84, 100), **policy_with(RULE.format(baseline="{ref: main}"))})
    (root / ".git").mkdir(exist_ok=True)  # a root marker that is not a repository
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    [finding] = findings_of(report, "t/no-regression")
    assert "not a git repository" in finding["message"]


def test_the_explained_example_works_when_pasted(repository: Path, tmp_path: Path) -> None:
    import textwrap

    from tests.conftest import run

    snippet = run("explain", "metrics/no-regression").stdout.split("example:\n", 1)[1]
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--branch", "main", f"file://{repository}", str(clone))
    (clone / "team.yaml").write_text("readycheck: 1\n" + textwrap.dedent(snippet))
    code, report = run_json(str(clone), "--policy", str(clone / "team.yaml"), "--no-cache")
    assert findings_of(report, "team/no-regression") == [] and code == 0, report["findings"]
