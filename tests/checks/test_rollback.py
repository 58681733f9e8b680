"""rollback/plan, rollback/drill-recent and rollback/target-resolvable on plans written as teams write
them: YAML front matter, Markdown sections under their usual names, or a runbook's Rollback section."""

from __future__ import annotations

import datetime
import textwrap
from pathlib import Path

import pytest
from tests.conftest import findings_of, git, policy_with, run, run_json

RULES = """\
rollback/plan: error
rollback/drill-recent: warning
rollback/target-resolvable: warning
"""
TODAY = datetime.date.today()
RECENT = (TODAY - datetime.timedelta(days=30)).isoformat()

FRONT_MATTER_PLAN = f"""\
---
owner: "@acme/ml-churn"
triggers: [churn_auc_below_0_80 alert, p95 latency over 200 ms for 10 minutes]
target: models/previous
procedure: Point the serving alias back at the previous version.
verification: The shadow comparison dashboard returns to green within 15 minutes.
data_compatibility: Feature schema v3 is read by v1.2 and v1.3 alike; no migration to undo.
last_tested: {RECENT}
---
# Rollback of the churn model
"""

SECTION_PLAN = f"""\
# Rollback plan

Last tested: {RECENT} (staging drill)

## When to roll back
The churn_auc_below_0_80 alert fires, or p95 latency exceeds 200 ms.

## What to roll back to
The previous registered version, `models/previous`.

## How to roll back
1. `make rollback VERSION=previous`

## How to verify
The canary dashboard shows the old version serving 100%.

## Owners
@acme/ml-churn, paged through #churn-oncall.

## Data and schema compatibility
Features are written with schema v3, which the previous version reads.
"""


def write(project, files: dict[str, str]) -> Path:
    return project({"models/previous/model.pkl": "x", **files, **policy_with(RULES)})


def messages(root: Path, rule_id: str) -> list[str]:
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    return [f["message"] for f in findings_of(report, rule_id)]


@pytest.mark.parametrize("plan", [FRONT_MATTER_PLAN, SECTION_PLAN], ids=["front-matter", "sections"])
def test_a_complete_plan_passes_all_three(project, plan: str) -> None:
    root = write(project, {"ROLLBACK.md": plan})
    code, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    assert report["findings"] == [] and code == 0


def test_each_missing_element_is_one_finding(project) -> None:
    plan = SECTION_PLAN.split("## How to verify")[0].replace("## When to roll back", "## Background")
    root = write(project, {"docs/rollback.md": plan})
    found = messages(root, "rollback/plan")
    assert sorted(m.split(":")[0] for m in found) == [
        "the rollback plan does not say how to verify the rollback worked",
        "the rollback plan does not say when to roll back (alerts or metric thresholds)",
        "the rollback plan does not say whether data and schemas written since stay compatible with the target",
        "the rollback plan does not say who owns the rollback",
    ]


def test_an_empty_section_does_not_count(project) -> None:
    plan = SECTION_PLAN.replace(
        "## How to verify\nThe canary dashboard shows the old version serving 100%.", "## How to verify\n<!-- TODO -->"
    )
    root = write(project, {"ROLLBACK.md": plan})
    assert [m.split(":")[0] for m in messages(root, "rollback/plan")] == [
        "the rollback plan does not say how to verify the rollback worked"
    ]


def test_a_runbook_rollback_section_is_a_plan_and_the_rest_of_the_runbook_is_not(project) -> None:
    sections = SECTION_PLAN.replace("# Rollback plan", "## Rollback").replace("\n## ", "\n### ")
    runbook = "# Churn service runbook\n\n## Owners\n@acme/sre\n\n" + sections + "\n## Scaling\nAdd replicas.\n"
    runbook = runbook.replace("### Owners\n@acme/ml-churn, paged through #churn-oncall.\n", "")
    root = write(project, {"docs/runbook.md": runbook})
    assert [m.split(":")[0] for m in messages(root, "rollback/plan")] == [
        "the rollback plan does not say who owns the rollback"  # the runbook's Owners is not the rollback's
    ]


def test_no_plan_is_missing_evidence_and_the_other_two_are_not_applicable(project) -> None:
    root = write(project, {"README.md": "# Churn\n"})
    code, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    [finding] = findings_of(report, "rollback/plan")
    assert finding["message"].startswith("required evidence is missing: no rollback plan (looked for ROLLBACK.md")
    assert "ROLLBACK.md" in finding["help"] and code == 1
    assert set(report["summary"]["not_applicable"]) == {"rollback/drill-recent", "rollback/target-resolvable"}


@pytest.mark.parametrize(
    ("last_tested", "expected"),
    [
        ((TODAY - datetime.timedelta(days=181)).isoformat(), "days ago (max_age_days 180)"),
        ((TODAY + datetime.timedelta(days=3)).isoformat(), "is in the future"),
        ("last spring", "'last spring' is not a YYYY-MM-DD date"),
        (None, "does not say when it was last tested"),
    ],
    ids=["stale", "future", "not-a-date", "absent"],
)
def test_drill_dates(project, last_tested: str | None, expected: str) -> None:
    plan = FRONT_MATTER_PLAN.replace(f"last_tested: {RECENT}\n", f"last_tested: {last_tested}\n" if last_tested else "")
    root = write(project, {"ROLLBACK.md": plan})
    [message] = messages(root, "rollback/drill-recent")
    assert expected in message


def test_the_latest_date_of_a_drills_section_counts(project) -> None:
    old = (TODAY - datetime.timedelta(days=400)).isoformat()
    plan = SECTION_PLAN.replace(f"Last tested: {RECENT} (staging drill)\n", "") + (
        f"\n## Drills\n- {old}: staging, 12 minutes\n- {RECENT}: staging, 8 minutes\n"
    )
    root = write(project, {"ROLLBACK.md": plan})
    assert messages(root, "rollback/drill-recent") == []


def test_a_git_tag_target_resolves_once_it_is_created(project) -> None:
    root = write(project, {"ROLLBACK.md": FRONT_MATTER_PLAN.replace("target: models/previous", "target: v1.3.0")})
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "release")
    assert messages(root, "rollback/target-resolvable") == [
        "rollback target 'v1.3.0' is not a path in the repository, nor a git tag or commit"
    ]
    git(root, "tag", "v1.3.0")
    assert messages(root, "rollback/target-resolvable") == []


def test_without_a_git_repository_a_revision_target_says_so(project) -> None:
    root = write(project, {"ROLLBACK.md": FRONT_MATTER_PLAN.replace("target: models/previous", "target: v1.3.0")})
    [message] = messages(root, "rollback/target-resolvable")
    assert message.endswith("git cannot check it as a revision: not a git repository")


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("models:/churn/2", None),
        ("models:/churn@champion", None),
        ("models:/churn/7", "is not a registered version"),
        ("models:/churn@shadow", "names alias 'shadow', which model 'churn' does not have"),
        ("models:/fraud/1", "names model 'fraud', which the MLflow file store (mlruns/models/) does not hold"),
        ("models:/churn", "is not an MLflow model URI (models:/NAME/VERSION or models:/NAME@ALIAS)"),
    ],
)
def test_mlflow_registered_model_targets(project, target: str, expected: str | None) -> None:
    store = {  # MLflow's file store layout: models/NAME/version-N/meta.yaml and models/NAME/aliases/ALIAS
        "mlruns/models/churn/meta.yaml": "name: churn\n",
        "mlruns/models/churn/version-1/meta.yaml": "version: 1\n",
        "mlruns/models/churn/version-2/meta.yaml": "version: 2\n",
        "mlruns/models/churn/aliases/champion": "2",
    }
    plan = FRONT_MATTER_PLAN.replace("target: models/previous", f"target: {target}")
    root = write(project, {"ROLLBACK.md": plan, **store})
    found = messages(root, "rollback/target-resolvable")
    assert found == ([] if expected is None else [f"rollback target {target!r} {expected}"])


def test_a_target_section_without_a_code_span_names_no_target(project) -> None:
    plan = SECTION_PLAN.replace("The previous registered version, `models/previous`.", "The previous one.")
    root = write(project, {"ROLLBACK.md": plan})
    assert messages(root, "rollback/target-resolvable") == [
        "the rollback plan names no target (a 'target' field, or a `code span` in its target section)"
    ]


@pytest.mark.parametrize("rule_id", ["rollback/plan", "rollback/drill-recent", "rollback/target-resolvable"])
def test_the_explained_example_works_when_pasted(project, rule_id: str) -> None:
    snippet = run("explain", rule_id).stdout.split("example:\n", 1)[1]
    plans = {"ops/ROLLBACK.md": FRONT_MATTER_PLAN, "ROLLBACK.md": FRONT_MATTER_PLAN}
    root = project({"models/previous/m.pkl": "x", **plans, "policy.yaml": "readycheck: 1\n" + textwrap.dedent(snippet)})
    code, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    assert code == 0 and report["findings"] == []


def test_explain_shows_the_template(project) -> None:
    assert "last_tested:" in run("explain", "rollback/plan").stdout
