"""tests/passing and tests/coverage on reports produced in the test by pytest and coverage.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import findings_of, policy_with, run, run_json

PACKAGE = {
    "pkg/__init__.py": "",
    "pkg/core.py": "def double(x):\n    return 2 * x\n\n\ndef unused(x):\n    if x:\n        return 1\n    return 0\n",
    "pkg/features/__init__.py": "",
    "pkg/features/scale.py": "def scale(x):\n    return x / 10\n",
    "tests/test_core.py": (
        "import pytest\nfrom pkg.core import double\nfrom pkg.features.scale import scale\n\n"
        "def test_double():\n    assert double(2) == 4\n\n"
        "def test_scale():\n    assert scale(10) == 1\n\n"
        "def test_broken():\n    assert double(2) == 5\n\n"
        "@pytest.mark.skip(reason='later')\ndef test_later():\n    pass\n"
    ),
}
ENV = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}


@pytest.fixture
def measured(project) -> Path:
    """A tiny package whose suite ran under coverage.py, writing JUnit XML, coverage XML, JSON and lcov."""
    root = project({**PACKAGE, ".gitignore": "reports/\n.coverage\n"})
    env = {**ENV, "COVERAGE_FILE": str(root / ".coverage")}
    commands = [
        [
            "-m",
            "coverage",
            "run",
            "--source=pkg",
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--junitxml=reports/junit.xml",
        ],
        ["-m", "coverage", "xml", "-o", "reports/coverage.xml"],
        ["-m", "coverage", "json", "-o", "reports/coverage.json"],
        ["-m", "coverage", "lcov", "-o", "reports/lcov.info"],
    ]
    for command in commands:
        completed = subprocess.run(
            [sys.executable, *command], cwd=root, env=env, capture_output=True, text=True, check=False
        )
        assert completed.returncode in (0, 1), completed.stdout + completed.stderr
    return root


def test_each_failing_test_is_named_at_its_line(measured: Path) -> None:
    (measured / "policy.yaml").write_text("readycheck: 1\nrules:\n  tests/passing: error\n")
    code, report = run_json(str(measured), "--policy", "policy.yaml", "--no-cache")
    [failed] = findings_of(report, "tests/passing")
    assert failed["message"] == "test tests.test_core::test_broken failed"
    assert failed["path"] == "reports/junit.xml"
    assert "test_broken" in (measured / "reports/junit.xml").read_text().splitlines()[failed["line"] - 1]
    assert code == 1


def test_too_many_skips_and_too_few_tests(measured: Path) -> None:
    rule = "tests/passing:\n  with: {min_tests: 10, max_skipped: 0.1}\n"
    (measured / "policy.yaml").write_text(policy_with(rule)["policy.yaml"])
    _, report = run_json(str(measured), "--policy", "policy.yaml", "--no-cache")
    messages = sorted(f["message"] for f in findings_of(report, "tests/passing"))
    assert messages[0] == "1 of 4 tests skipped (25%), more than max_skipped 10%"
    assert "4 tests ran, fewer than min_tests 10" in messages


@pytest.mark.parametrize("report_name", ["coverage.xml", "coverage.json", "lcov.info"])
def test_coverage_total_and_per_path_minimums(measured: Path, report_name: str) -> None:
    rule = f'tests/coverage:\n  paths: [reports/{report_name}]\n  with: {{min: 90, paths: {{"pkg/features/**": 100, "pkg/core.py": 90}}}}\n'
    (measured / "policy.yaml").write_text(policy_with(rule)["policy.yaml"])
    code, report = run_json(str(measured), "--policy", "policy.yaml", "--no-cache")
    messages = sorted(f["message"] for f in findings_of(report, "tests/coverage"))
    assert messages[0].startswith("line coverage ") and messages[0].endswith("% is under the minimum 90%")
    assert messages[1].startswith("pkg/core.py: line coverage ") and messages[1].endswith(
        "% is under 90% (pkg/core.py)"
    )
    assert len(messages) == 2  # pkg/features/scale.py is fully covered
    assert code == 1


def test_a_report_from_another_machine_still_maps(project) -> None:
    report = {
        "totals": {"percent_covered": 95.0},
        "files": {
            "C:\\\\build\\\\agent\\\\src\\\\pkg\\\\core.py": {"summary": {"percent_covered": 60.0}},
            "/home/ci/work/src/pkg/util.py": {"summary": {"percent_covered": 100.0}},
        },
    }
    rule = 'tests/coverage:\n  with: {paths: {"src/pkg/**": 80}}\n'
    root = project(
        {
            "src/pkg/core.py": "x = 1\n",
            "src/pkg/util.py": "y = 2\n",
            "coverage.json": json.dumps(report),
            **policy_with(rule),
        }
    )
    _, found = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    assert [f["message"] for f in findings_of(found, "tests/coverage")] == [
        "src/pkg/core.py: line coverage 60.0% is under 80% (src/pkg/**)"
    ]


def test_no_reports_are_missing_evidence_naming_the_command(project) -> None:
    root = project({**PACKAGE, **policy_with("tests/passing: error\ntests/coverage: error\n")})
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    passing, coverage = findings_of(report, "tests/passing"), findings_of(report, "tests/coverage")
    assert "--junitxml" in passing[0]["help"] and "coverage xml" in coverage[0]["help"]
    assert passing[0]["message"].startswith("required evidence is missing: no file matches **/junit*.xml")


def test_an_xml_bomb_is_refused_as_a_parse_error(project) -> None:
    bomb = '<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><testsuite><testcase name="&b;"/></testsuite>'
    root = project({"reports/junit.xml": bomb, **policy_with("tests/passing: error\n")})
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    [error] = findings_of(report, "readycheck/parse-error")
    assert "refused XML" in error["message"]


@pytest.mark.parametrize("rule_id", ["tests/passing", "tests/coverage"])
def test_the_explained_example_works_when_pasted(measured: Path, rule_id: str) -> None:
    import textwrap

    snippet = run("explain", rule_id).stdout.split("example:\n", 1)[1]
    (measured / "policy.yaml").write_text("readycheck: 1\n" + textwrap.dedent(snippet))
    result = run("policy", "validate", str(measured / "policy.yaml"))
    assert result.exit_code == 0, result.output


def test_tests_present_counts_files_by_pytest_conventions(project) -> None:
    files = {f"src/pkg/m{i}.py": "x = 1\n" for i in range(25)}
    files |= {"src/pkg/__init__.py": "", "checks/test_one.py": "def test_a():\n    pass\n", "docs/conf.py": "x = 1\n"}
    root = project({**files, **policy_with("tests/present: error\n")})
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    [finding] = findings_of(report, "tests/present")
    assert finding["message"] == "1 test files for 25 source files (0.04), under min_ratio 0.1"
    (root / "pyproject.toml").write_text('[tool.pytest.ini_options]\ntestpaths = ["spec"]\n')
    for index in range(2):
        (root / "spec").mkdir(exist_ok=True)
        (root / "spec" / f"behaviour{index}.py").write_text("def test_x():\n    pass\n")
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    assert findings_of(report, "tests/present") == []  # 3 test files for 25 source files: 0.12


def test_no_tests_at_all(project) -> None:
    root = project({"pkg/core.py": "x = 1\n", **policy_with("tests/present: error\n")})
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    assert [f["message"] for f in findings_of(report, "tests/present")] == [
        "no test files for 1 source files (test_*.py, *_test.py, tests/)"
    ]
