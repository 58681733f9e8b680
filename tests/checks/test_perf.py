"""perf/* checks on pytest-benchmark JSON produced by running pytest-benchmark in the test."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from tests.conftest import findings_of, policy_with, run, run_json

BENCHMARKS = """
import time

def predict():
    time.sleep(0.002)

def test_predict(benchmark):
    benchmark.pedantic(predict, rounds=5, iterations=1)

def test_load(benchmark):
    benchmark.pedantic(lambda: sum(range(100)), rounds=5, iterations=1)
"""


@pytest.fixture(scope="module")
def benchmark_json(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A real report: pytest-benchmark run on two benchmarks, one sleeping 2 ms."""
    folder = tmp_path_factory.mktemp("bench")
    (folder / "test_speed.py").write_text(BENCHMARKS)
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--benchmark-json=out.json", "test_speed.py"],
        cwd=folder,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return (folder / "out.json").read_text()


def rule(budget: str) -> dict[str, str]:
    return policy_with(
        f't/latency:\n  check: perf/latency-budget\n  with: {{budgets: {{"test_predict*": "{budget}", test_load: "<= 1s"}}}}\n'
    )


def test_a_benchmark_over_its_budget_is_a_finding_at_its_stats(project, benchmark_json: str) -> None:
    root = project({".gitignore": "reports/\n", "reports/benchmark.json": benchmark_json, **rule("<= 500us")})
    code, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    [finding] = findings_of(report, "t/latency")
    assert finding["path"] == "reports/benchmark.json" and finding["message"].startswith("test_predict: median 2.")
    assert finding["message"].endswith("budget <= 500us")
    lines = benchmark_json.splitlines()
    assert '"median"' in lines[finding["line"] - 1]
    assert code == 1


def test_within_budget_passes(project, benchmark_json: str) -> None:
    root = project({"reports/benchmark.json": benchmark_json, **rule("<= 250ms")})
    code, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    assert findings_of(report, "t/latency") == [] and code == 0


def test_a_budget_matching_no_benchmark_is_a_finding(project, benchmark_json: str) -> None:
    policy = policy_with('t/latency:\n  check: perf/latency-budget\n  with: {budgets: {test_train: "<= 1s"}}\n')
    root = project({"reports/benchmark.json": benchmark_json, **policy})
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    [finding] = findings_of(report, "t/latency")
    assert (
        finding["message"].startswith("no benchmark matches 'test_train'")
        and "test_load, test_predict" in finding["message"]
    )


def test_no_benchmark_report_is_missing_evidence(project) -> None:
    root = project({"src/app.py": "x = 1\n", **rule("<= 1ms")})
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    [finding] = findings_of(report, "t/latency")
    assert finding["message"].startswith("required evidence is missing: no pytest-benchmark report")
    assert "--benchmark-json" in finding["help"]


def test_a_slowdown_against_a_baseline_file(project, benchmark_json: str) -> None:
    faster = json.loads(benchmark_json)
    for entry in faster["benchmarks"]:
        entry["stats"] = {key: value / 2 for key, value in entry["stats"].items() if isinstance(value, float)}
    policy = policy_with("t/slow:\n  check: perf/no-regression\n  with: {baseline: base.json, max_slowdown: 20}\n")
    root = project({"reports/benchmark.json": benchmark_json, "base.json": json.dumps(faster), **policy})
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    names = sorted(f["message"].split(":")[0] for f in findings_of(report, "t/slow"))
    assert names == ["test_load", "test_predict"]
    assert "(+100%), more than max_slowdown 20%" in findings_of(report, "t/slow")[0]["message"]


@pytest.mark.parametrize("rule_id", ["perf/latency-budget", "perf/no-regression"])
def test_the_explained_example_works_when_pasted(project, benchmark_json: str, rule_id: str) -> None:
    snippet = run("explain", rule_id).stdout.split("example:\n", 1)[1]
    slow = json.loads(benchmark_json)
    root = project(
        {
            "policy.yaml": "readycheck: 1\n" + textwrap.dedent(snippet),
            "reports/benchmark.json": benchmark_json,
            "benchmarks/baseline.json": json.dumps(slow),
        }
    )
    code, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    assert code == 0, report["findings"]
    assert Path(root / "reports/benchmark.json").is_file()
