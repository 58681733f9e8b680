"""Test evidence: the recorded test run passed, and covered enough of the code."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from typing import Any

from readycheck import globs, structured
from readycheck.artifacts import Artifact, Repository
from readycheck.artifacts.reports import Coverage, TestRun, repository_path
from readycheck.errors import ParseError
from readycheck.hookspecs import hookimpl
from readycheck.model import REPOSITORY, Check, Violation, check, missing_evidence

JUNIT_PRODUCE = "Write the test results in CI before readycheck runs: pytest --junitxml=reports/junit.xml"
COVERAGE_PRODUCE = (
    "Measure coverage in CI before readycheck runs: pytest --cov --cov-report=xml (pytest-cov), or "
    "coverage run -m pytest && coverage xml (writes coverage.xml; 'coverage json' and lcov work too)"
)


@check(
    "tests/passing",
    description="The recorded test run (JUnit XML) has no failures or errors, enough tests and few skips.",
    help="Reads JUnit XML results (pytest --junitxml, and other runners; <testsuites> or a lone <testsuite>). "
    "Each failing or erroring test is a finding of its own, at its line (at most 'max_listed', then one "
    "finding for the rest); fewer than 'min_tests' tests, or a skipped share over 'max_skipped', are findings "
    "too. With 'max_age_days', a report whose timestamp is older is stale. No report at all is missing "
    "evidence: the gate cannot say the tests pass without them.",
    fix="Fix the failing tests (the message names each), then re-run the suite that writes the report.",
    level="error",
    kinds=("junit",),
    area="testing",
    required=True,
    produce=JUNIT_PRODUCE,
    params={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "min_tests": {"type": "integer", "minimum": 0, "default": 1},
            "max_skipped": {"type": "number", "minimum": 0, "maximum": 1, "default": 0.5, "description": "Share."},
            "max_age_days": {"type": "integer", "minimum": 0, "description": "Oldest acceptable report."},
            "max_listed": {"type": "integer", "minimum": 1, "default": 20, "description": "Failures listed."},
        },
    },
    example="tests/passing:\n  level: error\n  with: {min_tests: 10, max_skipped: 0.2}",
)
def tests_passing(artifact: Artifact, params: Mapping[str, Any]) -> Iterator[Violation]:
    run: TestRun = artifact.data
    failing = [case for case in run.cases if case.outcome in ("failure", "error")]
    for case in failing[: params["max_listed"]]:
        verb = "failed" if case.outcome == "failure" else "errored"
        yield Violation(f"test {case.label} {verb}", line=case.line, key=f"{case.outcome}:{case.label}")
    if len(failing) > params["max_listed"]:
        yield Violation(f"and {len(failing) - params['max_listed']} more failing tests", key="more-failures")
    if len(run.cases) < params["min_tests"]:
        yield Violation(f"{len(run.cases)} tests ran, fewer than min_tests {params['min_tests']}", key="min-tests")
    skipped = sum(1 for case in run.cases if case.outcome == "skipped")
    if run.cases and skipped / len(run.cases) > params["max_skipped"]:
        share = skipped / len(run.cases)
        yield Violation(
            f"{skipped} of {len(run.cases)} tests skipped ({share:.0%}), "
            f"more than max_skipped {params['max_skipped']:.0%}",
            key="skipped",
        )
    if "max_age_days" in params:
        yield from _stale(run, params["max_age_days"])


def _stale(run: TestRun, days: int) -> Iterator[Violation]:
    try:
        stamp = datetime.datetime.fromisoformat(run.timestamp or "")
    except ValueError:
        yield Violation("the report has no timestamp to judge its age by", key="age")
        return
    now = datetime.datetime.now(stamp.tzinfo)
    age = (now - stamp).days
    if age > days:
        yield Violation(f"the report is {age} days old, older than max_age_days {days}", key="age")


@check(
    "tests/coverage",
    description="Line coverage from coverage.xml, coverage.json or lcov.info is at least 'min' percent.",
    help="Reads coverage.py's Cobertura XML and JSON reports and lcov.info. The total must be at least 'min' "
    "(percent, default 80). 'paths' adds minimums per glob ({'src/features/**': 90}), computed from the "
    "report's per-file data: file names are mapped onto the repository through the report's source roots, "
    "and by their longest tail that is a repository path, so reports from another machine (Windows paths "
    "included) still map. No report at all is missing evidence that says how to produce one.",
    fix="Write tests for the uncovered code (coverage html shows which lines), or lower the bar in the policy.",
    level="error",
    kinds=("coverage",),
    area="testing",
    required=True,
    produce=COVERAGE_PRODUCE,
    params={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "min": {"type": "number", "minimum": 0, "maximum": 100, "default": 80},
            "paths": {
                "type": "object",
                "additionalProperties": {"type": "number", "minimum": 0, "maximum": 100},
                "description": "Glob of repository files to their minimum coverage (percent).",
            },
        },
    },
    example='tests/coverage:\n  level: error\n  with: {min: 80, paths: {"src/**": 85}}',
)
def tests_coverage(artifact: Artifact, params: Mapping[str, Any]) -> Iterator[Violation]:
    report: Coverage = artifact.data
    if report.total + 1e-9 < params["min"]:
        yield Violation(
            f"line coverage {report.total:.1f}% is under the minimum {params['min']:g}%", line=1, key="total"
        )
    if params.get("paths"):
        yield from _per_path(report, params["paths"], set(artifact.repo.files))


def _per_path(report: Coverage, minimums: Mapping[str, float], files: set[str]) -> Iterator[Violation]:
    mapped = {}
    for name, percent in report.files.items():
        path = repository_path(name, report.sources, files)
        if path is not None:
            mapped[path] = percent
    for pattern, minimum in minimums.items():
        matching = {path: percent for path, percent in mapped.items() if globs.matches(path, (pattern,))}
        if not matching:
            yield Violation(f"no file in the report matches {pattern!r}: its coverage cannot be judged", key=pattern)
            continue
        below = sorted((percent, path) for path, percent in matching.items() if percent + 1e-9 < minimum)
        for percent, path in below:
            yield Violation(
                f"{path}: line coverage {percent:.1f}% is under {minimum:g}% ({pattern})", key=f"{pattern}:{path}"
            )


TEST_FILE = ("test_*.py", "*_test.py")
NOT_SOURCE = ("conftest.py", "setup.py", "noxfile.py", "__init__.py", "docs/**", "examples/**", "benchmarks/**")


@check(
    "tests/present",
    description="The project has tests, in proportion to its code.",
    help="Test files follow pytest's conventions: test_*.py and *_test.py anywhere, any .py file under a "
    "tests/ folder, and under the 'testpaths' of the pytest configuration (pyproject.toml, pytest.ini, "
    "setup.cfg, tox.ini). The ratio of test files to source files (other .py files, but conftest, setup, "
    "__init__ and files under docs/, examples/ and benchmarks/) must be at least 'min_ratio'. A repository "
    "with neither Python source nor tests has nothing for this rule to read.",
    fix="Add tests (tests/test_<module>.py) for the modules the message counts.",
    level="error",
    scope=REPOSITORY,
    area="testing",
    required=True,
    produce="Add a tests/ folder with pytest tests (tests/test_<module>.py).",
    params={
        "type": "object",
        "additionalProperties": False,
        "properties": {"min_ratio": {"type": "number", "minimum": 0, "default": 0.1}},
    },
    example="tests/present:\n  with: {min_ratio: 0.2}",
)
def tests_present(repo: Repository, params: Mapping[str, Any]) -> Iterator[Violation]:
    python = [path for path in repo.files if path.endswith(".py")]
    roots = tuple(f"{root.strip('/')}/" for root in _testpaths(repo)) + ("tests/",)
    tests = [path for path in python if globs.matches(path, TEST_FILE) or any(_in(path, r) for r in roots)]
    source = [path for path in python if path not in set(tests) and not globs.matches(path, NOT_SOURCE)]
    if not tests and not source:
        yield missing_evidence("no Python source or tests in the repository", "Add tests with pytest.")
        return
    if not tests:
        yield Violation(f"no test files for {len(source)} source files (test_*.py, *_test.py, tests/)", key="none")
    elif source and len(tests) / len(source) < params["min_ratio"]:
        ratio = len(tests) / len(source)
        counts = f"{len(tests)} test files for {len(source)} source files ({ratio:.2f})"
        message = f"{counts}, under min_ratio {params['min_ratio']:g}"
        yield Violation(message, key="ratio")


def _in(path: str, root: str) -> bool:
    return path.startswith(root) or f"/{root}" in f"/{path}"


def _testpaths(repo: Repository) -> list[str]:
    """pytest's 'testpaths', from the first configuration file that has a pytest section."""
    import configparser

    if "pyproject.toml" in repo.files:
        try:
            data = structured.load(repo.source("pyproject.toml").text, "toml", "pyproject.toml").data
        except ParseError:
            data = {}
        options = data.get("tool", {}).get("pytest", {}).get("ini_options", {}) if isinstance(data, dict) else {}
        if isinstance(options, dict) and isinstance(options.get("testpaths"), list):
            return [str(path) for path in options["testpaths"]]
    for name, section in (("pytest.ini", "pytest"), ("setup.cfg", "tool:pytest"), ("tox.ini", "pytest")):
        if name in repo.files:
            parser = configparser.ConfigParser()
            try:
                parser.read_string(repo.source(name).text)
            except configparser.Error:
                continue
            if parser.has_option(section, "testpaths"):
                return parser.get(section, "testpaths").split()
    return []


@hookimpl
def readycheck_checks() -> list[Check]:
    return [tests_passing, tests_coverage, tests_present]
