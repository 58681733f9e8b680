"""The ML Test Score as Breck et al. define it: 1 point automated, 0.5 by hand, sections summed, the score
the lowest section; automated evidence from passing rules, the rest from attestations."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import jsonschema
from tests.conftest import findings_of, run, run_json

from readycheck import mltestscore
from readycheck.model import Check, Evaluation, Finding, Level, Result, Rule
from readycheck.reporters.json import SCHEMA

TODAY = datetime.date(2026, 12, 1)


def rule(rule_id: str, check_id: str | None = None) -> Rule:
    check: Check[object] = Check(check_id or rule_id, None, "d", "h", "f")
    return Rule(rule_id, check, Level.ERROR, {})


def attestation(test: str, automated: bool, expires: str = "2027-06-01") -> dict[str, object]:
    return {
        "test": test,
        "evidence": "https://wiki/x",
        "owner": "@ml",
        "automated": automated,
        "date": "2026-11-01",
        "expires": expires,
    }


def test_the_papers_arithmetic() -> None:
    rules = [
        rule("security/hardcoded-secrets"),  # data-5: passes -> 1
        rule("tests/present"),
        rule("tests/passing"),
        rule("tests/coverage"),  # data-7, infrastructure-2
        rule("team/train-schema", "data/schema"),  # data-1 through a team's rule on the generic check: fails
        rule("rollback/plan"),
        rule("rollback/target-resolvable"),  # infrastructure-7: both pass -> 1
        rule("metrics/slices"),  # model-6: not applicable (read nothing) -> not automated
    ]
    evaluations = [Evaluation(r.id, ".") for r in rules if r.id != "metrics/slices"]
    evaluations.append(Evaluation("metrics/slices", ".", skipped="not applicable: no file"))
    failing = [Finding("team/train-schema", Level.ERROR, "bad", "configs/a.yaml")]
    result = Result(root="/r", rules=rules, findings=failing, evaluations=evaluations)
    attested = [
        attestation("data-2", automated=False),  # 0.5
        attestation("data-1", automated=False),  # the failing rule is not automated evidence; attested by hand: 0.5
        attestation("model-2", automated=True),  # 1
        attestation("model-3", automated=False, expires="2026-11-30"),  # expired: 0
        attestation("monitoring-4", automated=False),  # 0.5
    ]
    score = mltestscore.score(result, attested, TODAY)
    status = {test["id"]: (test["status"], test["points"]) for test in score["tests"]}
    assert status["data-5"] == ("automated", 1.0) and status["data-7"] == ("automated", 1.0)
    assert status["data-1"] == ("attested", 0.5) and status["data-2"] == ("attested", 0.5)
    assert status["model-2"] == ("attested, automated", 1.0) and status["model-3"] == ("missing", 0.0)
    assert status["model-6"] == ("missing", 0.0)
    assert score["sections"] == {"data": 3.0, "model": 1.0, "infrastructure": 2.0, "monitoring": 0.5}
    assert score["score"] == 0.5  # the minimum over the four sections
    assert len(score["tests"]) == 28 and {t["section"] for t in score["tests"]} == set(mltestscore.SECTIONS)
    assert all(sum(1 for t in mltestscore.TESTS if t.section == s) == 7 for s in mltestscore.SECTIONS)


def test_the_pack_and_attestations_in_the_reports(project) -> None:
    config = (
        "policy: [ml-test-score]\nattestations:\n"
        "  - {test: model-2, evidence: 'https://wiki/online', owner: '@ml', automated: false, date: 2026-01-05, "
        "expires: 2099-01-01}\n"
        "  - {test: data-2, evidence: docs/features.md, owner: '@ml', automated: true, date: 2020-01-01, "
        "expires: 2021-01-01}\n"
    )
    project({"readycheck.yaml": config, "README.md": "# Demo\n"})
    _, report = run_json("--no-cache")
    jsonschema.Draft202012Validator(SCHEMA).validate(report)
    score = report["summary"]["ml_test_score"]
    by_id = {test["id"]: test for test in score["tests"]}
    assert by_id["model-2"]["status"] == "attested" and by_id["data-2"]["status"] == "missing"
    (expired,) = findings_of(report, "readycheck/attestation-expired")
    assert (expired["path"], expired["line"]) == ("readycheck.yaml", 4)
    assert expired["message"] == "attestation of data-2 expired on 2021-01-01: the test scores nothing"
    text = run("check", "--no-cache").stdout
    assert f"ML Test Score: {score['score']:g} (data " in text
    sarif = json.loads(run("check", "--no-cache", "--format", "sarif").stdout)
    assert sarif["runs"][0]["properties"]["mlTestScore"] == score


def test_an_unknown_test_id_is_an_error_at_its_line(project) -> None:
    config = "attestations:\n  - {test: data-9, evidence: x, owner: y, automated: false, date: 2026-01-01, expires: 2027-01-01}\n"
    project({"readycheck.yaml": config})
    outcome = run("check", "--no-cache")
    assert outcome.exit_code == 2 and "readycheck.yaml:2: 'test' is 'data-9'" in outcome.output


def test_explain_lists_the_28_tests_with_their_evidence() -> None:
    shown = run("explain", "ml-test-score").stdout
    assert (
        len(re.findall(r"^  [a-z]+-[1-7] ", shown, re.MULTILINE)) == 28
        and "infrastructure-7  Serving models can be rolled back [rollback/plan" in shown
    )


def test_attestations_in_readiness_yaml(project) -> None:
    readiness = (
        "attestations:\n"
        "  - {test: monitoring-3, evidence: 'https://dash/skew', owner: '@ml', automated: true, date: 2026-01-01, "
        "expires: 2099-01-01}\n"
        "  - {test: model-4, evidence: docs/staleness.md, owner: '@ml', automated: false, date: 2020-01-01, "
        "expires: 2020-06-01}\n"
    )
    project({"readycheck.yaml": "policy: [ml-test-score]\n", "readiness.yaml": readiness, "README.md": "# D\n"})
    _, report = run_json("--no-cache")
    by_id = {test["id"]: test for test in report["summary"]["ml_test_score"]["tests"]}
    assert by_id["monitoring-3"]["status"] == "attested, automated" and by_id["model-4"]["status"] == "missing"
    (expired,) = findings_of(report, "readycheck/attestation-expired")
    assert (expired["path"], expired["line"]) == ("readiness.yaml", 3)
    Path("readiness.yaml").write_text("attestations:\n  - {test: nope}\n", encoding="utf-8")
    outcome = run("check", "--no-cache")
    assert outcome.exit_code == 2 and outcome.output.startswith("readycheck: error: readiness.yaml:2:")
