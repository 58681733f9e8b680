"""The default report: ``path:line:col: level rule-id message``, grouped by file, then a summary."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from readycheck.model import Finding, Level, Result
from readycheck.paths import report_path
from readycheck.reporters import ReportOptions
from readycheck.reporters.common import REPOSITORY_PATH, one_line
from readycheck.scorecard import Scorecard, area_label, scorecard

_COLORS = {Level.ERROR: "31", Level.WARNING: "33", Level.NOTE: "36"}


def _paint(text: str, code: str, options: ReportOptions) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if options.color else text


def _location(finding: Finding) -> str:
    if finding.path == REPOSITORY_PATH:
        return "repository"
    path = report_path(finding.path)
    if finding.line is None:
        return path
    return f"{path}:{finding.line}" + (f":{finding.column}" if finding.column else "")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_line(result: Result) -> str:
    errors, warnings, notes = (result.count(level) for level in (Level.ERROR, Level.WARNING, Level.NOTE))
    scope = f"{_plural(len(result.rules), 'rule')} on {_plural(result.artifact_count, 'artifact')}"
    suppressed = f" ({result.suppressed_count} suppressed)" if result.suppressed_count else ""
    if not (errors or warnings or notes):
        return f"All checks passed{suppressed}: {scope}."
    counts = ", ".join((_plural(errors, "error"), _plural(warnings, "warning"), _plural(notes, "note")))
    return f"Found {counts}{suppressed}: {scope}."


def readiness_line(card: Scorecard) -> str:
    """The scorecard in one line: overall level, then each area's level and rules passed/evaluated."""
    areas = ", ".join(f"{area_label(a.area)} {a.level} {a.passed}/{a.evaluated}" for a in card.areas)
    return f"Readiness level: {card.level}" + (f" ({areas})." if areas else ".")


def ml_test_score_line(score: Mapping[str, Any]) -> str:
    """``ML Test Score: 2.5 (data 3, model 2.5, ...)``: the lowest section's points, then each section's."""
    sections = ", ".join(f"{name} {_points(points)}" for name, points in score["sections"].items())
    return f"ML Test Score: {_points(score['score'])} ({sections}; 'readycheck explain ml-test-score')."


def _points(value: float) -> str:
    return f"{value:g}"


def render(result: Result, options: ReportOptions) -> str:
    lines: list[str] = []
    previous_path = None
    hinted: set[str] = set()
    for finding in result.active:  # suppressed ones are counted in the summary, listed in the other formats
        if previous_path is not None and finding.path != previous_path:
            lines.append("")
        previous_path = finding.path
        level = _paint(str(finding.level), _COLORS[finding.level], options)
        location = _paint(_location(finding), "1", options)
        lines.append(f"{location}: {level} {finding.rule_id} {one_line(finding.message)}")
        if not options.quiet and finding.fix and finding.rule_id not in hinted:
            hinted.add(finding.rule_id)
            lines.append(f"  fix: {one_line(finding.fix)}")
    if not options.quiet:
        if lines:
            lines.append("")
        lines.append(summary_line(result))
        if result.full:
            lines.append(readiness_line(scorecard(result)))
            if result.ml_test_score is not None:
                lines.append(ml_test_score_line(result.ml_test_score))
            if result.not_applicable:
                skipped = sorted(result.not_applicable)
                lines.append(f"{_plural(len(skipped), 'rule')} not applicable ({', '.join(skipped)}): nothing to read.")
        else:  # a readiness level needs the repository-wide rules too
            lines.append("Repository-wide rules were skipped: only the given files were checked.")
    return "\n".join(lines) + "\n" if lines else ""
