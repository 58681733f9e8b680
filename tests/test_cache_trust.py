"""The cache cannot be poisoned or aimed: results never come from the scanned tree, a copied or edited
cache file is a miss, a malformed one is a miss (never a crash), and cache_dir cannot delete or blind."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from tests.conftest import findings_of, run, run_json

from readycheck.cachedir import Seal, cache_directory, write_sealed

SECRET = 'aws_key = "AKIAZ7Q4PLMN8RT2WX5C"\n'
IN_TREE = "policy: [recommended]\ncache_dir: .readycheck_cache\n"


def _other_machine(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A fresh user cache: another machine, with another key (what a CI runner is to a contributor)."""
    monkeypatch.setenv("READYCHECK_CACHE_DIR", str(tmp_path / "other-machine"))


def _forge_empty(cache: Path) -> int:
    """Rewrite every results shard to hold the same files with no findings, keeping its seal line."""
    forged = 0
    for shard in cache.glob("results-*/*.json"):
        head, _, payload = shard.read_bytes().partition(b"\n")
        document = json.loads(payload)
        for entry in document["files"].values():
            entry["findings"] = []
        shard.write_bytes(head + b"\n" + json.dumps(document).encode())
        forged += 1
    return forged


def test_the_default_cache_lives_outside_the_repository(project) -> None:
    root = project({"app.py": SECRET})
    before = sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))
    run_json(str(root))
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == before
    assert list(cache_directory(root, None).glob("results-*/*.json"))


def test_an_edited_cache_entry_cannot_hide_a_secret(project) -> None:
    root = project({"app.py": SECRET})
    _, first = run_json(str(root))
    assert findings_of(first, "security/hardcoded-secrets")
    assert _forge_empty(cache_directory(root, None)) > 0
    code, report = run_json(str(root))
    assert findings_of(report, "security/hardcoded-secrets") == findings_of(first, "security/hardcoded-secrets")
    assert code == 1


def test_a_committed_cache_is_not_trusted_in_a_fresh_clone(
    project, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    root = project({"app.py": SECRET, "readycheck.yaml": IN_TREE})
    run_json(str(root))
    cache = root / ".readycheck_cache"
    assert list(cache.glob("results-*/*.json"))
    # The attacker re-seals the forged entries with their own machine's key, and commits the folder.
    seal = Seal.load()
    assert seal is not None
    for shard in cache.glob("results-*/*.json"):
        document = json.loads(shard.read_bytes().partition(b"\n")[2])
        for entry in document["files"].values():
            entry["findings"] = []
        write_sealed(shard, json.dumps(document).encode(), seal)
    clone = tmp_path / "clone"
    shutil.copytree(root, clone)
    _other_machine(monkeypatch, tmp_path)
    code, report = run_json(str(clone))
    assert len(findings_of(report, "security/hardcoded-secrets")) == 1
    assert code == 1


def test_a_committed_validation_record_does_not_skip_validating_a_broken_policy(
    project, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    good = "readycheck: 1\nrules:\n  file/absent:\n    paths: ['*.pem']\n"
    root = project({"policy.yaml": good, "readycheck.yaml": "policy: [policy.yaml]\ncache_dir: .rc\n"})
    assert run("check", str(root)).exit_code == 0
    assert (root / ".rc" / "validated.json").is_file()
    # Make the remembered digest match a broken policy: a forger can compute it, but not seal it here.
    from readycheck.policy.trust import Trust

    broken = good.replace("paths:", "level: fatal\n    paths:")
    (root / "policy.yaml").write_text(broken)
    signature = ""  # the plugin signature is public knowledge too; the seal is what the forger lacks
    (root / ".rc" / "validated.json").write_text(json.dumps([Trust.digest(broken, signature)]))
    clone = tmp_path / "clone"
    shutil.copytree(root, clone)
    _other_machine(monkeypatch, tmp_path)
    result = run("check", str(clone))
    assert result.exit_code == 2
    assert "policy.yaml:4" in result.stderr and "fatal" in result.stderr


@pytest.mark.parametrize(
    "mutation",
    [
        lambda e: e["findings"][0].update(line="seven"),
        lambda e: e["findings"][0].update(level="catastrophic"),
        lambda e: e["findings"][0].pop("message"),
        lambda e: e.update(findings={"not": "a list"}),
        lambda e: e.update(directives=[[1, "x", 3]]),
        lambda e: e.update(size=True),
        lambda e: e.update(inputs=[]),
    ],
)
def test_a_validly_sealed_entry_of_the_wrong_shape_is_a_miss_not_a_crash(project, mutation) -> None:
    root = project({"app.py": SECRET})
    _, first = run_json(str(root))
    seal = Seal.load()
    assert seal is not None
    for shard in cache_directory(root, None).glob("results-*/*.json"):
        document = json.loads(shard.read_bytes().partition(b"\n")[2])
        for entry in document["files"].values():
            if entry["findings"]:
                mutation(entry)
        write_sealed(shard, json.dumps(document).encode(), seal)
    result = run("check", str(root), "--format", "json")
    assert result.exit_code == 1, result.stderr
    assert json.loads(result.stdout)["findings"] == first["findings"]


@pytest.mark.parametrize("configured", [".", "''", "./", "../elsewhere", "/tmp/rc-cache", "sub/../.."])
def test_cache_dir_must_be_a_folder_inside_the_repository(project, configured: str) -> None:
    root = project({"app.py": "x = 1\n", "readycheck.yaml": f"cache_dir: {configured}\n"})
    result = run("check", str(root))
    assert result.exit_code == 2
    assert "readycheck.yaml:1: cache_dir" in result.stderr
    assert not (root / ".gitignore").exists()
    assert not (root.parent / "elsewhere").exists()


def _rule_sets(root: Path, cache_dir: str, count: int) -> None:
    """Run with ``count`` different rule sets: each makes a result set of its own."""
    for index in range(count):
        level = ("error", "warning", "note")[index % 3]
        (root / "readycheck.yaml").write_text(
            f"cache_dir: {cache_dir}\nfail_on: never\nrules:\n  notebook/size: {level}\n"
            f"  team/r{index}: {{check: file/absent, paths: ['*.pem']}}\n"
        )
        assert run("check", str(root)).exit_code == 0


def test_pruning_never_deletes_folders_readycheck_did_not_make(project) -> None:
    experiments = {f"outputs/results-{i:02d}/metrics.json": "{}" for i in range(12)}
    root = project({"app.py": "x = 1\n", **experiments})
    _rule_sets(root, "outputs", 10)
    for index in range(12):
        assert (root / f"outputs/results-{index:02d}/metrics.json").is_file()
    assert len(list((root / "outputs").glob("results-*"))) == 12 + 8  # readycheck's own: the newest eight
    assert not (root / "outputs" / ".gitignore").exists()  # not a folder readycheck created


def test_readycheck_prunes_its_own_result_sets(project) -> None:
    root = project({"app.py": "x = 1\n"})
    _rule_sets(root, ".rc", 10)
    assert len(list((root / ".rc").glob("results-*"))) == 8
    assert (root / ".rc" / ".gitignore").read_text().endswith("*\n")
    assert (root / ".rc" / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")


WARM_IMPORTS = """
import sys
from readycheck.cli import main
try:
    main(["check", "app.py"])
except SystemExit as stop:
    code = stop.code
print(code, sorted(name for name in ("ruamel.yaml", "jsonschema", "nbformat") if name in sys.modules))
"""


def test_a_warm_run_parses_no_yaml_and_validates_nothing(project) -> None:
    import subprocess
    import sys

    root = project({"app.py": "x = 1\n", "readycheck.yaml": "policy: [recommended, team.yaml]\n", **TEAM})
    command = [sys.executable, "-c", WARM_IMPORTS]
    runs = [subprocess.run(command, cwd=root, capture_output=True, text=True, check=False) for _ in "12"]
    assert [r.stdout.splitlines()[-1] for r in runs] == ["0 ['ruamel.yaml']", "0 []"], runs[0].stderr
    (root / "team.yaml").write_text(TEAM["team.yaml"].replace("warning", "error"), encoding="utf-8")
    changed = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
    assert changed.stdout.splitlines()[-1] == "1 ['ruamel.yaml']"  # a changed policy is parsed anew


def test_a_forged_parse_record_is_not_used(project) -> None:
    root = project({"app.py": "x = 1\n", "readycheck.yaml": "policy: [recommended, team.yaml]\n", **TEAM})
    run_json(str(root))
    record = cache_directory(root, None) / "parsed.json"
    head, _, payload = record.read_bytes().partition(b"\n")
    document = json.loads(payload)
    for parsed in document.values():
        if isinstance(parsed, dict) and isinstance(parsed.get("data"), dict) and "rules" in parsed["data"]:
            parsed["data"]["rules"] = {}  # a record that would switch every rule off
    record.write_bytes(head + b"\n" + json.dumps(document).encode())
    _, report = run_json(str(root))
    assert findings_of(report, "team/no-todo")


TEAM = {
    "team.yaml": "readycheck: 1\nrules:\n  team/no-todo:\n    check: file/contains\n    level: warning\n"
    "    paths: ['**/*.py']\n    with: {pattern: 'x = 1', forbid: true}\n"
}
