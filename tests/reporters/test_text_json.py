import json
from pathlib import Path

import jsonschema
from tests.reporters.conftest import hostile, make_result

from readycheck.model import Result
from readycheck.reporters import ReportOptions, text
from readycheck.reporters import json as json_report
from readycheck.scorecard import scorecard


def test_json_report_has_readiness_and_validates(sample: Result) -> None:
    report = json.loads(json_report.render(hostile(sample), ReportOptions()))
    jsonschema.Draft202012Validator(json_report.SCHEMA).validate(report)
    card = scorecard(sample)
    assert list(report["summary"]) == [
        "errors",
        "warnings",
        "notes",
        "suppressed",
        "rules",
        "artifacts",
        "level",
        "areas",
        "not_applicable",
    ]
    assert report["summary"]["level"] == card.level == "none"
    assert report["summary"]["areas"] == card.to_json()
    assert list(report["summary"]["areas"]) == [
        "documentation",
        "reproducibility",
        "security",
        "code-quality",
        "general",
    ]


def test_json_findings_keep_their_keys_and_tell_suppressions(sample: Result) -> None:
    findings = json.loads(json_report.render(sample, ReportOptions()))["findings"]
    assert all(list(f) == [*json_report.FINDING_FIELDS, "suppression"] for f in findings)
    waived = next(f for f in findings if f["rule_id"] == "security/no-data")
    assert waived["suppression"] == {"kind": "waiver", "justification": "agreed with @security <b>until</b> Q3"}
    assert next(f for f in findings if f["rule_id"] == "team/license")["suppression"] is None


def test_text_summary_ends_with_the_readiness_level(sample: Result) -> None:
    lines = text.render(sample, ReportOptions()).splitlines()
    assert lines[-1] == (
        "Readiness level: none (documentation none 1/2, reproducibility silver 1/1, security bronze 1/1, "
        "code quality none 0/2, general none 0/2)."
    )
    assert "Readiness level" not in text.render(sample, ReportOptions(quiet=True))


def test_text_without_rules_run(tmp_path: Path) -> None:
    lines = text.render(make_result(tmp_path, [], [], []), ReportOptions()).splitlines()
    assert lines[-1] == "Readiness level: none."
