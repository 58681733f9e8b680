import json
from pathlib import Path

from tests.reporters.conftest import finding, hostile, make_result, make_rule

from readycheck.model import Level, Result
from readycheck.reporters import ReportOptions
from readycheck.reporters.gitlab import render


def issues_of(result: Result) -> list[dict]:
    return json.loads(render(result, ReportOptions(notes=True)))


def test_code_quality_fields(sample: Result) -> None:
    issues = issues_of(sample)
    assert len(issues) == len(sample.active)
    for issue in issues:
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert isinstance(issue["location"]["path"], str) and issue["location"]["lines"]["begin"] >= 1
    assert len({issue["fingerprint"] for issue in issues}) == len(issues)
    notebook = next(i for i in issues if i["check_name"] == "notebook/outputs")
    assert notebook["location"] == {"path": "notebooks/explore.ipynb", "lines": {"begin": 1}}
    assert notebook["severity"] == "minor"


def test_repository_findings_sit_on_their_policy_line(sample: Result) -> None:
    issue = next(i for i in issues_of(sample) if i["check_name"] == "team/license")
    assert issue["location"] == {"path": "policies/team.yaml", "lines": {"begin": 3}}
    assert issue["severity"] == "major"
    assert issue["description"] == "(repository), rule set at policies/team.yaml:3: no file matches LICENSE"


def test_suppressed_findings_are_left_out_and_text_is_clean(sample: Result) -> None:
    issues = issues_of(hostile(sample))
    assert not any(i["check_name"] == "security/no-data" for i in issues)
    assert not any("\x1b" in i["description"] or "\x00" in i["description"] for i in issues)


def test_notes_are_info(tmp_path: Path) -> None:
    result = make_result(tmp_path, [make_rule("t/a")], [finding("t/a", "a.py", level=Level.NOTE)], [("t/a", "a.py")])
    (issue,) = issues_of(result)
    assert issue["severity"] == "info"
