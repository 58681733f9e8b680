"""Test and coverage reports: what CI wrote about the last test run.

- JUnit XML, as pytest ``--junitxml`` and most other runners write it: ``<testsuites>`` or a lone
  ``<testsuite>``, with ``<testcase>`` elements holding ``<failure>``, ``<error>`` or ``<skipped>``.
- Coverage: coverage.py's ``coverage.xml`` (Cobertura), ``coverage.json``, and ``lcov.info``.

These files come from other machines and other people's pull requests, so XML is parsed with defusedxml
(no external entities, no entity expansion). Both kinds are generated: they read ignored files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

from readycheck import structured
from readycheck.artifacts import Artifact, ArtifactKind
from readycheck.errors import ParseError
from readycheck.hookspecs import hookimpl

JUNIT_PATTERNS = ("**/junit*.xml", "**/*-junit.xml", "**/*_junit.xml", "**/TEST-*.xml", "**/test-results.xml")
COVERAGE_PATTERNS = ("**/coverage.xml", "**/coverage.json", "**/lcov.info", "**/coverage.lcov")


@dataclass(frozen=True)
class TestCase:
    name: str
    classname: str
    outcome: str
    """passed, failure, error or skipped."""
    line: int | None

    @property
    def label(self) -> str:
        return f"{self.classname}::{self.name}" if self.classname else self.name


@dataclass
class TestRun:
    path: str
    cases: list[TestCase] = field(default_factory=list)
    timestamp: str | None = None


def _xml_root(text: str, path: str) -> Any:
    from defusedxml import ElementTree
    from defusedxml.common import DefusedXmlException

    try:
        return ElementTree.fromstring(text.encode("utf-8"))
    except DefusedXmlException as error:
        raise ParseError(f"refused XML: {type(error).__name__}", path) from None
    except ElementTree.ParseError as error:
        raise ParseError(f"XML error: {error}", path, error.position[0]) from None


def parse_junit(text: str, path: str) -> TestRun:
    root = _xml_root(text, path)
    if root.tag not in ("testsuites", "testsuite"):
        raise ParseError(f"not a JUnit report (root element <{root.tag}>)", path, 1)
    stamp = root.get("timestamp") or next((suite.get("timestamp") for suite in root.iter("testsuite")), None)
    run = TestRun(path, timestamp=stamp)
    lines = _element_lines(text, "<testcase")
    for index, case in enumerate(root.iter("testcase")):
        outcome = "passed"
        for tag in ("failure", "error", "skipped"):
            if case.find(tag) is not None:
                outcome = tag
                break
        line = lines[index] if index < len(lines) else None
        run.cases.append(TestCase(case.get("name", "?"), case.get("classname", ""), outcome, line))
    return run


def _element_lines(text: str, opening: str) -> list[int]:
    """The line of each occurrence of ``opening`` (in document order, as iter() visits elements)."""
    found, line, position = [], 1, 0
    while (index := text.find(opening, position)) != -1:
        line += text.count("\n", position, index)
        found.append(line)
        position = index
        position += len(opening)
    return found


@dataclass
class Coverage:
    """Line coverage in percent: the total, and per file (as the report names it)."""

    path: str
    total: float
    files: dict[str, float] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    """Source roots the report's file names are relative to (Cobertura's <source> elements)."""


def parse_coverage(text: str, path: str) -> Coverage:
    name = path.rpartition("/")[2].lower()
    if name.endswith(".xml"):
        return _cobertura(text, path)
    if name.endswith(".json"):
        return _coverage_json(text, path)
    return _lcov(text, path)


def _cobertura(text: str, path: str) -> Coverage:
    root = _xml_root(text, path)
    if root.tag != "coverage" or root.get("line-rate") is None:
        raise ParseError("not a Cobertura coverage report (no <coverage line-rate=...>)", path, 1)
    report = Coverage(path, _rate(root.get("line-rate"), path) * 100)
    report.sources = [source.text.strip() for source in root.iter("source") if source.text and source.text.strip()]
    for item in root.iter("class"):
        if item.get("filename") and item.get("line-rate") is not None:
            report.files[item.get("filename", "")] = _rate(item.get("line-rate"), path) * 100
    return report


def _rate(value: str | None, path: str) -> float:
    try:
        return float(value or "")
    except ValueError:
        raise ParseError(f"line-rate {value!r} is not a number", path) from None


def _coverage_json(text: str, path: str) -> Coverage:
    data = structured.load(text, "json", path).data
    totals = data.get("totals") if isinstance(data, dict) else None
    if not isinstance(totals, dict) or not isinstance(totals.get("percent_covered"), (int, float)):
        raise ParseError("not a coverage.py JSON report (no totals.percent_covered)", path, 1)
    report = Coverage(path, float(totals["percent_covered"]))
    for name, entry in (data.get("files") or {}).items():
        summary = entry.get("summary") if isinstance(entry, dict) else None
        if isinstance(summary, dict) and isinstance(summary.get("percent_covered"), (int, float)):
            report.files[name] = float(summary["percent_covered"])
    return report


def _lcov(text: str, path: str) -> Coverage:
    files: dict[str, tuple[int, int]] = {}
    current = None
    found = hit = 0
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key == "SF":
            current, found, hit = value.strip(), 0, 0
        elif key == "LF" and value.strip().isdigit():
            found = int(value)
        elif key == "LH" and value.strip().isdigit():
            hit = int(value)
        elif line.strip() == "end_of_record" and current is not None:
            files[current] = (found, hit)
            current = None
    if not files:
        raise ParseError("not an lcov report (no SF:/end_of_record records)", path, 1)
    total_found = sum(f for f, _ in files.values())
    total = 100.0 * sum(h for _, h in files.values()) / total_found if total_found else 100.0
    return Coverage(path, total, {name: (100.0 * h / f if f else 100.0) for name, (f, h) in files.items()})


def repository_path(name: str, sources: list[str], files: set[str]) -> str | None:
    """The repository file a coverage report's file name means: the longest tail of the name (joined to a
    source root first, when the report has them) that is a repository path, so that reports written on
    another machine, Windows included, still map."""
    parts = _parts(name)
    for joined in ([*_parts(source), *parts] for source in [*sources, ""]):
        for start in range(len(joined)):
            suffix = "/".join(joined[start:])
            if suffix in files:
                return suffix
    return None


def _parts(path: str) -> list[str]:
    if not path:
        return []
    pure = PureWindowsPath(path) if "\\" in path or path[1:2] == ":" else PurePosixPath(path)
    return list(pure.parts[1:] if pure.anchor else pure.parts)


def _parse_junit(artifact: Artifact) -> TestRun:
    return parse_junit(artifact.text, artifact.path)


def _parse_coverage(artifact: Artifact) -> Coverage:
    return parse_coverage(artifact.text, artifact.path)


KINDS = [
    ArtifactKind(
        "junit", JUNIT_PATTERNS, "JUnit XML test results (pytest --junitxml and others).", _parse_junit, generated=True
    ),
    ArtifactKind(
        "coverage",
        COVERAGE_PATTERNS,
        "Coverage reports: coverage.py XML (Cobertura) and JSON, lcov.",
        _parse_coverage,
        generated=True,
    ),
]


@hookimpl
def readycheck_artifact_kinds() -> list[ArtifactKind]:
    return KINDS
