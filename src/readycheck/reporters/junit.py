"""JUnit XML for GitLab test reports, Jenkins (xUnit plugin) and Azure Pipelines.

One testsuite per area, one testcase per rule and artifact it evaluated, passing ones included: the
test name is the rule id and the classname the artifact path ("." for the repository), since the
Jenkins schema has no ``file`` attribute on a testcase. The testcases follow the gate: one with an
active finding at or above ``--fail-on`` fails (a crashed check is an ``error``), so that a run that
exits 0 shows no failing test; findings below the gate stay visible in the passing testcase's
``system-out``. One whose findings are all suppressed is skipped with the reason, and so is a rule
that was not applicable (it found nothing to read).
Findings of the engine's own checks get testcases of their own. No timestamps or durations, so two
runs give the same bytes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from readycheck.meta import CHECK_ERROR
from readycheck.model import Finding, Result, Rule, gates
from readycheck.paths import report_path
from readycheck.reporters import ReportOptions
from readycheck.reporters.common import REPOSITORY_PATH, Location, Locator, clean_text, one_line, truncate
from readycheck.scorecard import area_label, evaluated_rules, scorecard

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

NAME_LIMIT = 511
"""Azure Pipelines cuts test names at 512 characters."""

Case = tuple[str, str]
"""(rule id, artifact path): one testcase."""


def _cases(result: Result) -> dict[Case, list[Finding]]:
    """Every evaluation, plus a case for each finding no evaluation covers: the engine's own checks,
    and files a check reported on besides the artifact it read. A repository-wide rule's finding about
    a file (its evidence) stays on the rule's repository testcase."""
    cases: dict[Case, list[Finding]] = {(e.rule_id, e.path): [] for e in result.evaluations}
    for finding in result.findings:
        case = (finding.rule_id, finding.path)
        if case not in cases and (finding.rule_id, REPOSITORY_PATH) in cases:
            case = (finding.rule_id, REPOSITORY_PATH)
        cases.setdefault(case, []).append(finding)
    return cases


def _describe(finding: Finding, location: Location) -> str:
    text = f"{finding.level} {location}: {clean_text(finding.message)}"
    if finding.suppression is not None:
        reason = clean_text(finding.suppression.justification)
        text = f"suppressed ({finding.suppression.kind}: {reason}) {text}"
    return text


def _body(findings: Sequence[Finding], locate: Locator) -> str:
    lines = [_describe(f, locate(f)) for f in findings]
    hints = sorted({one_line(f.fix) for f in findings if f.fix})
    lines += [f"fix: {hint}" for hint in hints]
    return "\n".join(lines) + "\n"


def _testcase(
    parent: Element,
    case: Case,
    findings: list[Finding],
    locate: Locator,
    error: str | None,
    skipped: str | None,
    fail_on: str,
) -> str:
    """Add the testcase; return its outcome: passed, failure, error or skipped."""
    from xml.etree.ElementTree import SubElement

    rule_id, path = case
    element = SubElement(
        parent,
        "testcase",
        name=truncate(rule_id, NAME_LIMIT),
        classname=truncate(one_line(report_path(path)), NAME_LIMIT),
    )
    active = [f for f in findings if f.suppression is None]
    failing = [f for f in active if gates(f.level, fail_on)]
    if failing:
        worst = max(failing, key=lambda f: f.level)
        outcome = "error" if rule_id == CHECK_ERROR.id else "failure"
        more = f" (and {len(active) - 1} more)" if len(active) > 1 else ""
        detail = SubElement(element, outcome, message=one_line(failing[0].message) + more, type=str(worst.level))
        detail.text = _body(findings, locate)
        return outcome
    if active:  # below the gate: the test passes, and says what it saw
        SubElement(element, "system-out").text = _body(findings, locate)
        return "passed"
    if error is not None:  # the rule could not look at this artifact: not a pass
        SubElement(element, "error", message=one_line(error), type="error").text = clean_text(error) + "\n"
        return "error"
    if findings:
        first = findings[0].suppression
        assert first is not None
        reason = f"suppressed by {first.kind}: {one_line(first.justification)}"
        SubElement(element, "skipped", message=reason).text = _body(findings, locate)
        return "skipped"
    if skipped is not None:  # the rule found nothing to read: neither a pass nor a failure
        SubElement(element, "skipped", message=one_line(skipped))
        return "skipped"
    return "passed"


def _set_counts(element: Element, counts: Counter[str]) -> None:
    element.set("tests", str(counts.total()))
    element.set("failures", str(counts["failure"]))
    element.set("errors", str(counts["error"]))


def render(result: Result, options: ReportOptions) -> str:
    from xml.etree.ElementTree import Element, SubElement, indent, tostring

    rules: dict[str, Rule] = {rule.id: rule for rule in (*result.rules, *evaluated_rules(result))}
    locate = Locator(result, rules.values())
    card = {score.area: score for score in scorecard(result).areas}
    by_area: dict[str, list[tuple[Case, list[Finding]]]] = {}
    errors = {(e.rule_id, e.path): e.error for e in result.evaluations if e.error}
    skips = {(e.rule_id, e.path): e.skipped for e in result.evaluations if e.skipped}
    for case, findings in _cases(result).items():
        by_area.setdefault(rules[case[0]].area, []).append((case, findings))
    root = Element("testsuites", name="readycheck")
    totals: Counter[str] = Counter()
    for area in sorted(by_area, key=result.area_order):
        suite = SubElement(root, "testsuite", name=area_label(area))
        score = card.get(area)
        if score is not None:  # an area where only readycheck's upkeep checks reported is not scored
            properties = SubElement(suite, "properties")
            SubElement(properties, "property", name="readiness.level", value=score.level)
            SubElement(properties, "property", name="rules.passed", value=str(score.passed))
            SubElement(properties, "property", name="rules.evaluated", value=str(score.evaluated))
        cases = sorted(by_area[area], key=lambda item: (item[0][1], item[0][0]))
        counts = Counter(
            _testcase(suite, case, findings, locate, errors.get(case), skips.get(case), options.fail_on)
            for case, findings in cases
        )
        _set_counts(suite, counts)
        suite.set("skipped", str(counts["skipped"]))
        totals.update(counts)
    _set_counts(root, totals)  # the Jenkins schema allows no 'skipped' on testsuites
    indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="unicode") + "\n"
