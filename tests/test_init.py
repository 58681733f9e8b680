from pathlib import Path

from tests.conftest import run

from readycheck.plugins import load_registry
from readycheck.policy.loader import bind_rules, load_policies


def test_init_writes_config_and_policy_and_prints_snippets(project) -> None:
    root = project({".gitignore": "*.pyc"})
    result = run("init")
    assert result.exit_code == 0
    assert "wrote readycheck.yaml" in result.stdout and "wrote policies/team.yaml" in result.stdout
    assert "- id: readycheck" in result.stdout and "upload-sarif" in result.stdout
    assert (root / ".gitignore").read_text() == "*.pyc"  # the cache lives outside the repository
    registry = load_registry()
    assert bind_rules(load_policies(["policies/team.yaml"], root, registry), registry) == []
    check = run("check", str(root), "--format", "json")
    assert check.exit_code in (0, 1), check.stderr


def test_init_never_overwrites_without_force(project) -> None:
    root = project({"readycheck.yaml": "fail_on: never\n"})
    refused = run("init")
    assert refused.exit_code == 2
    assert "readycheck.yaml already exist" in refused.stderr
    assert (root / "readycheck.yaml").read_text() == "fail_on: never\n"
    assert not (root / "policies").exists()
    forced = run("init", "--force")
    assert forced.exit_code == 0
    assert "policy:" in (root / "readycheck.yaml").read_text()
    assert run("init", "--force").exit_code == 0
    assert not Path(root / ".gitignore").exists()


def test_the_commented_examples_in_the_team_policy_work_when_uncommented(project) -> None:
    import json

    root = project(
        {
            "reports/metrics.json": json.dumps(
                {
                    "eval": {"auc": 0.9},
                    "latency": {"p95_ms": 80},
                    "slices": {"region": {"n": {"auc": 0.9}, "s": {"auc": 0.88}}},
                }
            )
        }
    )
    assert run("init").exit_code == 0
    policy = root / "policies" / "team.yaml"
    import re

    yaml_line = re.compile(r"^  # ((?:team|notebook)/|  )")  # a commented rule, not prose
    lines = [("  " + line[4:]) if yaml_line.match(line) else line for line in policy.read_text().splitlines()]
    policy.write_text("\n".join(line for line in lines if not line.lstrip().startswith("#")) + "\n")
    assert run("policy", "validate", str(policy.relative_to(root))).exit_code == 0
    bound = bind_rules(load_policies(["policies/team.yaml"], root, load_registry()), load_registry())
    assert {"team/model-quality", "team/fair-regions", "team/metrics-reported", "team/predict-latency"} <= {
        rule.id for rule in bound
    }
