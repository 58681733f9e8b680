"""pytest-benchmark results: the timings a latency budget is judged by.

The JSON pytest-benchmark writes with ``--benchmark-json=FILE`` or ``--benchmark-autosave`` (under
``.benchmarks/``): ``benchmarks[]`` each with a ``name``, a ``fullname`` and ``stats`` (``min``, ``max``,
``mean``, ``median``, ``q1``, ``q3``, ``stddev``, ``ops``), times in seconds. Generated files: the kind
reads ignored ones.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from readycheck import structured
from readycheck.artifacts import Artifact, ArtifactKind, Repository
from readycheck.errors import ParseError
from readycheck.hookspecs import hookimpl

PATTERNS = ("**/benchmark*.json", "**/.benchmarks/**/*.json")
STATISTICS = ("min", "max", "mean", "median", "q1", "q3", "stddev")
_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0}
_BUDGET = re.compile(r"^\s*(<=|<)\s*(\d+(?:\.\d+)?)\s*(ns|us|µs|ms|s)\s*$")


@dataclass(frozen=True)
class Benchmark:
    name: str
    fullname: str
    stats: Mapping[str, float]
    line: int | None


@dataclass
class BenchmarkReport:
    path: str
    datetime: str
    benchmarks: list[Benchmark] = field(default_factory=list)


def parse_report(text: str, path: str) -> BenchmarkReport:
    document = structured.load(text, "json", path)
    data = document.data
    if not isinstance(data, dict) or not isinstance(data.get("benchmarks"), list):
        raise ParseError("not a pytest-benchmark report (no 'benchmarks' list)", path, 1)
    report = BenchmarkReport(path, str(data.get("datetime", "")))
    for index, entry in enumerate(data["benchmarks"]):
        if not isinstance(entry, dict) or not isinstance(entry.get("stats"), dict):
            raise ParseError(f"benchmark {index + 1} has no 'stats'", path, document.line_of(("benchmarks", index)))
        stats = {
            k: float(v) for k, v in entry["stats"].items() if isinstance(v, (int, float)) and not isinstance(v, bool)
        }
        name = str(entry.get("name", f"#{index + 1}"))
        line = document.line_of(("benchmarks", index, "stats", "median"))
        report.benchmarks.append(Benchmark(name, str(entry.get("fullname", name)), stats, line))
    return report


def parse_budget(text: str) -> tuple[str, float]:
    """``"<= 25ms"`` as (operator, seconds); a ValueError says what is expected."""
    match = _BUDGET.match(text)
    if match is None:
        raise ValueError(f"bad budget {text!r}: expected '<=' or '<', a number and a unit (ns, us, ms, s)")
    return match.group(1), float(match.group(2)) * _UNITS[match.group(3)]


def show_seconds(seconds: float) -> str:
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("us", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def latest(repo: Repository) -> tuple[BenchmarkReport | None, list[str]]:
    """The newest benchmark report a repository-wide rule reads (by the report's own datetime, then path),
    and the globs it looked at."""
    looked = list(repo.paths) or list(repo.patterns["benchmark"])
    paths = list(repo.files) if repo.paths else repo.glob(looked)
    found = [repo.artifact(path, "benchmark").data for path in paths]
    return (max(found, key=lambda r: (r.datetime, r.path)) if found else None), looked


def _parse(artifact: Artifact) -> BenchmarkReport:
    return parse_report(artifact.text, artifact.path)


KINDS = [
    ArtifactKind(
        "benchmark",
        PATTERNS,
        "pytest-benchmark JSON results (--benchmark-json, .benchmarks/ autosaves); times in seconds.",
        _parse,
        generated=True,
    )
]


@hookimpl
def readycheck_artifact_kinds() -> list[ArtifactKind]:
    return KINDS
