import xml.etree.ElementTree as ET
from pathlib import Path

from tests.conftest import run
from tests.reporters.conftest import HOSTILE, cli_files, finding, hostile, make_result, make_rule

from readycheck.meta import CHECK_ERROR, PARSE_ERROR, WAIVER_UNUSED
from readycheck.model import Level, Result
from readycheck.reporters import ReportOptions
from readycheck.reporters.junit import render


def junit_of(result: Result) -> ET.Element:
    return ET.fromstring(render(result, ReportOptions(fail_on="note")).encode("utf-8"))


def cases_of(root: ET.Element) -> dict[tuple[str, str], ET.Element]:
    return {(case.get("name"), case.get("classname")): case for case in root.iter("testcase")}


def test_valid_against_the_jenkins_schema(sample: Result, junit_schema, tmp_path: Path) -> None:
    for index, result in enumerate((sample, hostile(sample))):
        report = tmp_path / f"report{index}.xml"
        report.write_text(render(result, ReportOptions(fail_on="note")), encoding="utf-8")
        junit_schema.validate(str(report))


def test_cli_output_is_valid(project, junit_schema) -> None:
    root = project(cli_files())
    outcome = run("check", str(root), "--format", "junit", "--no-cache")
    assert outcome.exit_code == 1
    report = root / "report.xml"
    report.write_text(outcome.stdout, encoding="utf-8")
    junit_schema.validate(str(report))
    document = ET.fromstring(outcome.stdout.encode())
    # 1 repository rule + README + 3 JSON files + 3 Python files; the parse error shares t/metrics' file
    assert document.get("tests") == "9"
    assert document.get("failures") == "3"  # the t/todo note is below the gate: its testcase passes
    todo = {case.get("classname"): case for case in document.iter("testcase") if case.get("name") == "t/todo"}
    assert todo["pkg/mod0.py"].find("failure") is None
    assert "note pkg/mod0.py:2" in todo["pkg/mod0.py"].findtext("system-out", "")
    assert todo["pkg/mod1.py"].find("system-out") is None
    junit_schema.validate(str(report))


def test_junit_follows_the_gate(project) -> None:
    root = project(cli_files())
    counts = {}
    for gate in ("note", "error", "never"):
        outcome = run("check", str(root), "--format", "junit", "--no-cache", "--fail-on", gate)
        counts[gate] = ET.fromstring(outcome.stdout.encode()).get("failures"), outcome.exit_code
    assert counts == {"note": ("4", 1), "error": ("3", 1), "never": ("0", 0)}


def test_one_suite_per_area_and_one_case_per_evaluation_passing_ones_included(sample: Result) -> None:
    root = junit_of(sample)
    suites = [suite.get("name") for suite in root.iter("testsuite")]
    assert suites == ["documentation", "reproducibility", "security", "code quality", "general"]
    cases = cases_of(root)
    for evaluation in sample.evaluations:
        assert (evaluation.rule_id, evaluation.path) in cases
    assert ("team/never-ran", ".") not in {(n, c) for n, c in cases}
    passing = cases[("team/readme", "README.md")]
    assert list(passing) == [] and passing.attrib == {"name": "team/readme", "classname": "README.md"}


def test_counts_add_up(sample: Result) -> None:
    root = junit_of(sample)
    total = {"tests": 0, "failures": 0, "errors": 0}
    for suite in root.iter("testsuite"):
        cases = suite.findall("testcase")
        assert int(suite.get("tests")) == len(cases)
        assert int(suite.get("failures")) == sum(1 for c in cases if c.find("failure") is not None)
        assert int(suite.get("errors")) == sum(1 for c in cases if c.find("error") is not None)
        assert int(suite.get("skipped")) == sum(1 for c in cases if c.find("skipped") is not None)
        for key in total:
            total[key] += int(suite.get(key))
    assert {key: int(root.get(key)) for key in total} == total
    assert total == {"tests": 9, "failures": 4, "errors": 1}  # 7 evaluations, 2 engine findings


def test_failure_message_is_the_finding_and_body_lists_all_with_locations_and_fix(tmp_path: Path) -> None:
    findings = [
        finding("t/a", "src/x.py", "first problem", line=3, column=2, level=Level.NOTE),
        finding("t/a", "src/x.py", "second problem", line=9, level=Level.ERROR),
    ]
    result = make_result(tmp_path, [make_rule("t/a")], findings, [("t/a", "src/x.py")])
    failure = cases_of(junit_of(result))[("t/a", "src/x.py")].find("failure")
    assert failure.get("message") == "first problem (and 1 more)"
    assert failure.get("type") == "error"  # the worst level
    assert failure.text == (
        "note src/x.py:3:2: first problem\nerror src/x.py:9: second problem\nfix: How to fix t/a.\n"
    )


def test_suppressed_cases_are_skipped_with_the_reason(sample: Result) -> None:
    cases = cases_of(junit_of(sample))
    skipped = cases[("security/no-data", "data/my file.csv")].find("skipped")
    assert skipped.get("message") == "suppressed by waiver: agreed with @security <b>until</b> Q3"
    # an active and a suppressed finding on the same case: it fails, and the body tells both
    mixed = cases[("team/no-print", "src/app.py")]
    assert mixed.find("skipped") is None
    assert "suppressed (inline: debug helper)" in mixed.find("failure").text


def test_repository_rule_keeps_findings_about_its_evidence_files(sample: Result) -> None:
    cases = cases_of(junit_of(sample))
    assert ("team/pinned", "requirements.txt") not in cases
    body = cases[("team/pinned", ".")].find("skipped").text
    assert "requirements.txt:2: unpinned numpy" in body


def test_repository_findings_say_where_their_rule_is_set(sample: Result) -> None:
    failure = cases_of(junit_of(sample))[("team/license", ".")].find("failure")
    assert "(repository), rule set at policies/team.yaml:3: no file matches LICENSE" in failure.text


def test_engine_findings_make_failing_cases_of_their_own(sample: Result) -> None:
    cases = cases_of(junit_of(sample))
    crash = cases[(CHECK_ERROR.id, "src/app.py")]
    assert crash.find("error") is not None and crash.find("failure") is None
    assert "\x1b" not in crash.find("error").get("message")
    assert cases[(PARSE_ERROR.id, "configs/broken.yaml")].find("failure") is not None


def test_upkeep_findings_appear_without_scoring(tmp_path: Path) -> None:
    unused = finding(WAIVER_UNUSED.id, "readycheck.yaml", "waiver matches nothing", line=4, level=Level.NOTE)
    result = make_result(tmp_path, [make_rule("t/a")], [unused], [("t/a", "a.py")])
    root = junit_of(result)
    general = next(s for s in root.iter("testsuite") if s.get("name") == "general")
    assert general.find("properties") is not None  # t/a is a general rule, so the area is scored
    assert cases_of(root)[(WAIVER_UNUSED.id, "readycheck.yaml")].find("failure") is not None


def test_hostile_text_parses_and_survives(sample: Result) -> None:
    text = render(hostile(sample), ReportOptions(fail_on="note"))
    assert "\x1b" not in text and "\x00" not in text
    case = cases_of(ET.fromstring(text.encode()))[("notebook/outputs", "notebooks/explore.ipynb")]
    failure = case.find("failure")
    assert "]]>" in failure.text and '"double"' in failure.get("message") and "日本語 🚀" in failure.text
    assert "\n" not in failure.get("message")


def test_no_time_attributes_and_names_under_512_characters(tmp_path: Path) -> None:
    long_path = "d/" * 300 + "f.py"
    result = make_result(tmp_path, [make_rule("t/a")], [finding("t/a", long_path, HOSTILE)], [("t/a", long_path)])
    text = render(result, ReportOptions(fail_on="note"))
    assert "time=" not in text and "timestamp=" not in text
    (case,) = ET.fromstring(text.encode()).iter("testcase")
    assert len(case.get("classname")) == 511 and case.get("classname").endswith("…")


def test_readiness_is_a_suite_property(sample: Result) -> None:
    documentation = next(s for s in junit_of(sample).iter("testsuite") if s.get("name") == "documentation")
    properties = {p.get("name"): p.get("value") for p in documentation.iter("property")}
    assert properties == {"readiness.level": "none", "rules.passed": "1", "rules.evaluated": "2"}
