"""repo/data-versioned on a pipeline DVC itself ran (tests/fixtures/dvc-project): its dvc.lock holds the
md5s DVC computed, for a file, a directory ('.dir') and a metrics file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tests.conftest import findings_of, policy_with, run_json

FIXTURE = Path(__file__).parent.parent / "fixtures" / "dvc-project"


@pytest.fixture
def pipeline(project) -> Path:
    root = project(policy_with("repo/data-versioned: warning\n"))
    shutil.copytree(FIXTURE, root, dirs_exist_ok=True)
    return root


def findings(root: Path) -> list[dict]:
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    return findings_of(report, "repo/data-versioned")


def test_a_workspace_dvc_produced_matches_its_lock(pipeline: Path) -> None:
    assert findings(pipeline) == []


@pytest.mark.parametrize(
    ("edit", "stale"),
    [
        ("models/model.bin", "models/model.bin (stage train)"),
        ("data/prepared/train.csv", "data/prepared (stage prepare)"),
        ("metrics.json", "metrics.json (stage train)"),
    ],
)
def test_an_output_changed_since_the_lock_is_stale_at_its_lock_line(pipeline: Path, edit: str, stale: str) -> None:
    (pipeline / edit).write_text("retrained by hand\n")
    [finding] = findings(pipeline)
    assert finding["message"].startswith(stale) and "differs from dvc.lock" in finding["message"]
    lock_lines = (pipeline / "dvc.lock").read_text().splitlines()
    out_path = stale.split(" ")[0]
    assert finding["path"] == "dvc.lock"
    assert lock_lines[finding["line"] - 1].strip() == f"- path: {out_path}"


def test_a_file_added_to_a_directory_output_makes_it_stale(pipeline: Path) -> None:
    (pipeline / "data/prepared/extra.csv").write_text("4,1\n")
    assert [f["message"].split(" (")[0] for f in findings(pipeline)] == ["data/prepared"]


def test_outputs_not_pulled_are_one_finding_and_one_missing_output_is_fine(pipeline: Path) -> None:
    (pipeline / "models/model.bin").unlink()
    assert findings(pipeline) == []  # the others still match
    shutil.rmtree(pipeline / "data/prepared")
    (pipeline / "metrics.json").unlink()
    [finding] = findings(pipeline)
    assert "none of the 3 outputs dvc.lock records is in the workspace" in finding["message"]
    assert "dvc pull" in finding["help"]


def test_no_lock_beside_a_dvc_yaml_is_a_finding(pipeline: Path) -> None:
    (pipeline / "dvc.lock").unlink()
    [finding] = findings(pipeline)
    assert finding["message"] == "dvc.yaml has no dvc.lock beside it" and finding["path"] == "dvc.yaml"


def test_a_broken_lock_names_its_line(pipeline: Path) -> None:
    (pipeline / "dvc.lock").write_text("schema: '2.0'\nstages:\n  train: [\n")
    [finding] = findings(pipeline)
    assert finding["message"].startswith("cannot read dvc.lock: YAML syntax error") and finding["line"] == 4


def test_a_lock_path_leaving_the_repository_is_not_followed(pipeline: Path, tmp_path: Path) -> None:
    (tmp_path / "secret.bin").write_text("outside\n")
    lock = (pipeline / "dvc.lock").read_text().replace("path: models/model.bin", "path: ../secret.bin")
    (pipeline / "dvc.lock").write_text(lock)
    assert findings(pipeline) == []  # treated as absent; the others match


def test_outputs_over_the_hashing_budget_are_reported_unverified(pipeline: Path) -> None:
    (pipeline / "policy.yaml").write_text(
        "readycheck: 1\nrules:\n  repo/data-versioned:\n    with: {max_hash_mb: 0.00001}\n"
    )
    messages = [f["message"] for f in findings(pipeline)]
    assert messages and all("over max_hash_mb 1e-05: not verified" in m for m in messages)


def test_without_dvc_yaml_the_rule_is_not_applicable(project) -> None:
    root = project({"src/a.py": "x = 1\n", **policy_with("repo/data-versioned: warning\n")})
    code, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    assert code == 0 and report["summary"]["not_applicable"]["repo/data-versioned"].startswith("not applicable")


def test_a_dvc2_lock_hashes_text_with_unix_line_endings(pipeline: Path) -> None:
    """DVC 2 wrote no 'hash: md5' and hashed text files as if their CRLF were LF."""
    (pipeline / "models/model.bin").write_bytes(b"weights: 0.42\r\n")
    lock = (pipeline / "dvc.lock").read_text()
    assert findings(pipeline)  # DVC 3 hashes the bytes: the CRLF file differs
    (pipeline / "dvc.lock").write_text(lock.replace("      hash: md5\n", ""))
    assert findings(pipeline) == []
