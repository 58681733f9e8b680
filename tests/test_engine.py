import functools
import json
from collections import Counter

import pytest
from tests.conftest import findings_of, policy_with, run, run_json

from readycheck.artifacts import SourceFile

RULES = policy_with(
    """\
t/todo:
  check: file/contains
  paths: ['**/*.py']
  with: {pattern: TODO, forbid: true}
t/secret-files:
  check: file/absent
  paths: ['*.pem']
t/metrics:
  check: data/field
  paths: ['**/*.json']
  with: {fields: {auc: '>= 0.8'}}
t/schema:
  check: data/schema
  paths: ['**/*.json']
  with: {schema: schema.json}
"""
)


def many_files(count: int) -> dict[str, str]:
    files = {"schema.json": '{"type": "object", "required": ["auc"]}', **RULES}
    for index in range(count):
        files[f"pkg{index % 7}/mod{index}.py"] = "x = 1\n" + ("# TODO\n" if index % 3 == 0 else "")
        files[f"reports/m{index}.json"] = json.dumps({"auc": 0.5 + (index % 5) / 10})
    return files


def test_parallel_and_serial_runs_give_identical_bytes(project) -> None:
    root = project(many_files(120))
    outputs = [
        run(
            "check", str(root), "--policy", "policy.yaml", "--format", "json", "--jobs", j, "--max-findings", "0"
        ).stdout
        for j in "1212"
    ]
    assert len(set(outputs)) == 1
    report = json.loads(outputs[0])
    assert len(findings_of(report, "t/todo")) == 40
    assert len(findings_of(report, "t/metrics")) == 72 + 1  # schema.json has no 'auc' either


def test_a_rules_findings_past_the_cap_fold_into_one_summary(project) -> None:
    root = project(many_files(120))
    code, report = run_json(str(root), "--policy", "policy.yaml")
    metrics = findings_of(report, "t/metrics")
    assert len(metrics) == 50 + 1 and len(findings_of(report, "t/todo")) == 40  # under the cap: all of them
    summary = metrics[-1]
    assert summary["message"] == (
        "23 more t/metrics findings past the first 50 (in the root, reports/): run with --max-findings 0 to list them all"
    )
    assert summary["path"] == "." and summary["level"] == "error" and code == 1
    _, capped = run_json(str(root), "--policy", "policy.yaml", "--max-findings", "10")
    assert len(findings_of(capped, "t/metrics")) == 11 and len(findings_of(capped, "t/todo")) == 11


def test_each_file_is_read_once_however_many_rules_read_it(project, monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(many_files(30))
    reads: Counter[str] = Counter()
    original = SourceFile.bytes.func  # the cached_property's function

    def counting(self: SourceFile) -> bytes:
        reads[self.path] += 1
        return original(self)

    counted = functools.cached_property(counting)
    counted.__set_name__(SourceFile, "bytes")
    monkeypatch.setattr(SourceFile, "bytes", counted)
    code, report = run_json(str(root), "--policy", "policy.yaml", "--jobs", "1", "--max-findings", "0")
    assert reads["reports/m0.json"] == 1  # read by t/metrics and t/schema
    assert set(reads.values()) == {1}
    assert code == 1 and report["summary"]["artifacts"] == 61 + 1  # t/secret-files found no .pem: the repository


def test_a_broken_file_gives_one_parse_error_for_all_rules_reading_it(project) -> None:
    root = project({**many_files(0), "reports/bad.json": "{oops"})
    _, report = run_json(str(root), "--policy", "policy.yaml")
    assert [f["path"] for f in findings_of(report, "readycheck/parse-error")] == ["reports/bad.json"]


def test_fingerprints_survive_unrelated_line_moves_and_stay_unique(project) -> None:
    root = project({"a.py": "# TODO\nx = 1\n# TODO\n", **RULES})
    _, before = run_json(str(root), "--policy", "policy.yaml")
    (root / "a.py").write_text("import os\n\n\n# TODO\nx = 1\n# TODO\n")
    _, after = run_json(str(root), "--policy", "policy.yaml")
    first = [f["fingerprint"] for f in findings_of(before, "t/todo")]
    second = [f["fingerprint"] for f in findings_of(after, "t/todo")]
    assert [f["line"] for f in findings_of(after, "t/todo")] == [4, 6]
    assert first == second
    assert len(set(first)) == 2
    (root / "a.py").write_text("# TODO: other text\nx = 1\n# TODO\n")
    _, changed = run_json(str(root), "--policy", "policy.yaml")
    assert findings_of(changed, "t/todo")[0]["fingerprint"] not in first
