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
