"""Performance checks on pytest-benchmark results: latency budgets, and no slowdown against a baseline."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator, Mapping
from typing import Any

from readycheck.artifacts import Repository
from readycheck.artifacts.benchmark import STATISTICS, BenchmarkReport, latest, parse_budget, parse_report, show_seconds
from readycheck.errors import ParseError
from readycheck.git import BASELINE_PARAM, GitError, baseline_text
from readycheck.hookspecs import hookimpl
from readycheck.model import REPOSITORY, Check, Violation, check, missing_evidence

PRODUCE = (
    "Run the benchmarks before readycheck: pytest --benchmark-only --benchmark-json=reports/benchmark.json "
    "(pytest-benchmark), or point the rule's 'paths' at the file they write."
)
_STATISTIC = {"enum": list(STATISTICS), "default": "median", "description": "The statistic compared."}


def _no_report(looked: list[str]) -> Violation:
    return missing_evidence(f"no pytest-benchmark report found (looked for {', '.join(looked)})", PRODUCE)


@check(
    "perf/latency-budget",
    description="pytest-benchmark results stay within latency budgets given with units.",
    help="'budgets' maps a benchmark name (or a glob over names, 'test_predict*') to a budget such as "
    "'<= 25ms' (units ns, us, ms, s). Every benchmark the name matches must have its 'statistic' "
    "(median by default; min, max, mean, q1, q3, stddev) within the budget. The rule reads the newest "
    "pytest-benchmark report (by its own datetime) among its 'paths', else benchmark*.json files and "
    ".benchmarks/ autosaves. A name that matches no benchmark is a finding: the budget checks nothing.",
    fix="Make the code path faster (profile the benchmark), or raise the budget if the product allows it.",
    level="error",
    kinds=("benchmark",),
    scope=REPOSITORY,
    area="performance",
    required=True,
    generated=True,
    produce=PRODUCE,
    params={
        "type": "object",
        "additionalProperties": False,
        "required": ["budgets"],
        "properties": {
            "budgets": {
                "type": "object",
                "minProperties": 1,
                "additionalProperties": {"type": "string", "pattern": r"^\s*<=?\s*\d"},
                "description": "Benchmark name or glob to a budget ('<= 25ms').",
            },
            "statistic": _STATISTIC,
        },
    },
    example=(
        "team/predict-latency:\n  check: perf/latency-budget\n  paths: [reports/benchmark.json]\n"
        '  with: {budgets: {"test_predict*": "<= 25ms"}, statistic: median}'
    ),
)
def perf_latency_budget(repo: Repository, params: Mapping[str, Any]) -> Iterator[Violation]:
    report, looked = latest(repo)
    if report is None:
        yield _no_report(looked)
        return
    statistic = params["statistic"]
    for pattern, budget_text in params["budgets"].items():
        try:
            operator, budget = parse_budget(budget_text)
        except ValueError as error:
            yield Violation(str(error), key=f"{pattern}:budget")
            continue
        matched = [b for b in report.benchmarks if fnmatch.fnmatchcase(b.name, pattern)]
        if not matched:
            names = ", ".join(sorted(b.name for b in report.benchmarks)) or "none"
            yield Violation(
                f"no benchmark matches {pattern!r} in {report.path} (benchmarks: {names})",
                path=report.path,
                key=pattern,
            )
        for benchmark in matched:
            value = benchmark.stats.get(statistic)
            over = value is None or (value > budget if operator == "<=" else value >= budget)
            if over:
                shown = show_seconds(value) if value is not None else "missing"
                yield Violation(
                    f"{benchmark.name}: {statistic} {shown}, budget {budget_text.strip()}",
                    path=report.path,
                    line=benchmark.line,
                    key=f"{benchmark.fullname}:{statistic}",
                )


@check(
    "perf/no-regression",
    description="No pytest-benchmark result got slower than max_slowdown percent against a baseline.",
    help="'baseline' is a pytest-benchmark report in the repository (a path), or a git revision to read the "
    "same report from ({ref: origin/main}). Benchmarks are matched by their full name; each must not be "
    "slower than 'max_slowdown' percent (default 10) on 'statistic' (median by default). New benchmarks "
    "have nothing to compare with and pass.",
    fix="Find what made it slower before merging, or accept the new baseline explicitly.",
    level="warning",
    kinds=("benchmark",),
    scope=REPOSITORY,
    area="performance",
    tier="silver",
    required=True,
    generated=True,
    produce=PRODUCE,
    uncacheable="reads git history",
    params={
        "type": "object",
        "additionalProperties": False,
        "required": ["baseline"],
        "properties": {
            "baseline": BASELINE_PARAM,
            "max_slowdown": {"type": "number", "minimum": 0, "default": 10, "description": "Percent."},
            "statistic": _STATISTIC,
        },
    },
    example=(
        "team/no-slowdown:\n  check: perf/no-regression\n  paths: [reports/benchmark.json]\n"
        "  with: {baseline: benchmarks/baseline.json, max_slowdown: 15}"
    ),
)
def perf_no_regression(repo: Repository, params: Mapping[str, Any]) -> Iterator[Violation]:
    report, looked = latest(repo)
    if report is None:
        yield _no_report(looked)
        return
    try:
        old = parse_report(*baseline_text(repo, params["baseline"], report.path))
    except GitError as error:
        yield Violation(error.message, path=report.path, key="baseline", fix=error.fix)
        return
    except ParseError as error:
        yield Violation(f"cannot read the baseline: {error}", key="baseline")
        return
    yield from _slowdowns(report, old, params["statistic"], params["max_slowdown"])


def _slowdowns(new: BenchmarkReport, old: BenchmarkReport, statistic: str, limit: float) -> Iterator[Violation]:
    before = {b.fullname: b for b in old.benchmarks}
    for benchmark in new.benchmarks:
        then = before.get(benchmark.fullname)
        now_value = benchmark.stats.get(statistic)
        then_value = then.stats.get(statistic) if then is not None else None
        if now_value is None or not then_value:
            continue
        slowdown = (now_value / then_value - 1) * 100
        if slowdown > limit:
            yield Violation(
                f"{benchmark.name}: {statistic} {show_seconds(then_value)} -> {show_seconds(now_value)} "
                f"({slowdown:+.0f}%), more than max_slowdown {limit:g}%",
                path=new.path,
                line=benchmark.line,
                key=f"{benchmark.fullname}:slowdown",
            )


@hookimpl
def readycheck_checks() -> list[Check]:
    return [perf_latency_budget, perf_no_regression]
