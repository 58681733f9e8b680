import json
import random
from array import array
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import run
from tests.reporters.conftest import cli_files, finding, hostile, make_result, make_rule

from readycheck.meta import CHECK_ERROR, PARSE_ERROR
from readycheck.model import Check, Result
from readycheck.reporters import ReportOptions
from readycheck.reporters.sarif import line_hashes, render
from readycheck.scorecard import scorecard


def sarif_of(result: Result) -> dict[str, Any]:
    return json.loads(render(result, ReportOptions(sarif_suppressed="include")))


def results_of(document: dict[str, Any], rule_id: str) -> list[dict[str, Any]]:
    return [r for r in document["runs"][0]["results"] if r["ruleId"] == rule_id]


def region_of(result: dict[str, Any]) -> dict[str, Any]:
    return result["locations"][0]["physicalLocation"]["region"]


def uri_of(result: dict[str, Any]) -> str:
    return result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]


def test_valid_against_the_oasis_schema(sample: Result, sarif_errors) -> None:
    for result in (sample, hostile(sample)):
        assert sarif_errors(sarif_of(result)) == []


def test_cli_output_is_valid_and_complete(project, sarif_errors) -> None:
    root = project(cli_files())
    outcome = run("check", str(root), "--format", "sarif", "--no-cache")
    assert outcome.exit_code == 1, outcome.output
    document = json.loads(outcome.stdout)
    assert sarif_errors(document) == []
    found = {r["ruleId"] for r in document["runs"][0]["results"]}
    assert found == {"t/license", "t/todo", "t/metrics", PARSE_ERROR.id}


def test_github_requirements(sample: Result) -> None:
    document = sarif_of(sample)
    assert document["$schema"] and document["version"] == "2.1.0"
    assert len(document["runs"]) == 1
    driver = document["runs"][0]["tool"]["driver"]
    assert driver["name"] == "readycheck"
    assert driver["version"] and driver["semanticVersion"] and "informationUri" not in driver  # no site to point at
    for rule in driver["rules"]:
        assert rule["id"] and rule["name"] and len(rule["name"]) <= 255
        for key in ("shortDescription", "fullDescription"):
            assert 0 < len(rule[key]["text"]) <= 1024
        assert rule["help"]["text"] and rule["help"]["markdown"]
        assert "helpUri" not in rule and "readycheck explain" in rule["help"]["markdown"]  # no site to point at
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
        assert rule["properties"]["area"] in rule["properties"]["tags"]
    for result in document["runs"][0]["results"]:
        assert result["message"]["text"]
        assert uri_of(result) and region_of(result)["startLine"] >= 1


def test_driver_lists_every_rule_that_ran_and_results_index_them(sample: Result) -> None:
    document = sarif_of(sample)
    rules = document["runs"][0]["tool"]["driver"]["rules"]
    ran = sorted({e.rule_id for e in sample.evaluations} | {CHECK_ERROR.id, PARSE_ERROR.id})
    assert [r["id"] for r in rules] == ran  # team/never-ran did not run: not listed
    for result in document["runs"][0]["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    license_rule = next(r for r in rules if r["id"] == "team/license")
    assert license_rule["name"] == "TeamLicense"
    assert license_rule["properties"] == {
        "tags": ["documentation", "bronze"],
        "area": "documentation",
        "tier": "bronze",
        "check": "team/license",
    }
    assert "policies/team.yaml:3" in license_rule["help"]["text"]


def test_locations_are_repository_relative(sample: Result) -> None:
    document = sarif_of(sample)
    for result in document["runs"][0]["results"]:
        location = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert location["uriBaseId"] == "%SRCROOT%"
        assert not location["uri"].startswith(("/", "file:")) and "\\" not in location["uri"]
    (notebook,) = results_of(document, "notebook/outputs")
    assert uri_of(notebook) == "notebooks/explore.ipynb"
    assert region_of(notebook) == {"startLine": 1, "startColumn": 2, "endLine": 1, "endColumn": 9}
    (data,) = results_of(document, "security/no-data")
    assert uri_of(data) == "data/my%20file.csv"
    assert region_of(data) == {"startLine": 1}  # a finding about a whole file


def test_repository_findings_point_at_their_policy_line(sample: Result) -> None:
    (license_result,) = results_of(sarif_of(sample), "team/license")
    assert uri_of(license_result) == "policies/team.yaml"
    assert region_of(license_result) == {"startLine": 3}
    assert "whole repository" in license_result["locations"][0]["message"]["text"]


def test_messages_lose_control_characters_and_keep_text(sample: Result) -> None:
    (notebook,) = results_of(sarif_of(sample), "notebook/outputs")
    text = notebook["message"]["text"]
    assert "\x1b" not in text and "\x00" not in text and "\u202e" not in text
    assert "red" in text and "\\x00nul" in text and "ünïcødé 日本語 🚀" in text and "]]>" in text


def test_suppressed_findings_are_left_out_by_default(sample: Result, sarif_errors) -> None:
    document = json.loads(render(sample, ReportOptions()))
    results = document["runs"][0]["results"]
    assert len(results) == len(sample.active) < len(sample.findings)
    assert not any("suppressions" in r for r in results) and not results_of(document, "security/no-data")
    assert sarif_errors(document) == []


def test_suppressions_carry_kind_and_justification(sample: Result, sarif_errors) -> None:
    document = json.loads(render(sample, ReportOptions(sarif_suppressed="include")))
    assert sarif_errors(document) == []
    assert len(document["runs"][0]["results"]) == len(sample.findings)
    (waived,) = results_of(document, "security/no-data")
    assert waived["suppressions"] == [
        {
            "kind": "external",
            "status": "accepted",
            "justification": "agreed with @security <b>until</b> Q3",
            "properties": {"readycheckKind": "waiver"},
        }
    ]
    inline = next(r for r in results_of(document, "team/no-print") if "suppressions" in r)
    assert inline["suppressions"][0]["kind"] == "inSource"
    (baseline,) = results_of(document, "team/pinned")
    assert baseline["suppressions"][0]["properties"] == {"readycheckKind": "baseline"}
    active = [r for r in document["runs"][0]["results"] if "suppressions" not in r]
    assert len(active) == len(sample.active)


def test_check_errors_are_also_tool_execution_notifications(sample: Result) -> None:
    run_ = sarif_of(sample)["runs"][0]
    invocation = run_["invocations"][0]
    assert invocation["executionSuccessful"] is False
    notifications = invocation["toolExecutionNotifications"]
    rules = run_["tool"]["driver"]["rules"]
    assert [n["associatedRule"]["id"] for n in notifications] == [PARSE_ERROR.id, CHECK_ERROR.id]
    for notification in notifications:
        assert rules[notification["associatedRule"]["index"]]["id"] == notification["associatedRule"]["id"]
        assert notification["level"] == "error" and "\x1b" not in notification["message"]["text"]


def test_a_clean_run_executed_successfully(tmp_path: Path) -> None:
    result = make_result(tmp_path, [make_rule("t/a")], [], [("t/a", "a.py")])
    invocation = sarif_of(result)["runs"][0]["invocations"][0]
    assert invocation == {"executionSuccessful": True}


def test_readiness_is_in_the_run_properties(sample: Result) -> None:
    card = scorecard(sample)
    properties = sarif_of(sample)["runs"][0]["properties"]
    assert properties == {"readiness": {"level": card.level, "areas": card.to_json()}}


def test_long_texts_are_cut_to_githubs_limits(tmp_path: Path) -> None:
    rule = make_rule("t/" + "x" * 300)
    long_check = rule.check._replace(description="d" * 2000, help="h" * 2000)
    rule = rule._replace(check=long_check)
    descriptor = sarif_of(make_result(tmp_path, [rule], [], [(rule.id, "a.py")]))["runs"][0]["tool"]["driver"]
    (entry,) = descriptor["rules"]
    assert len(entry["name"]) == 255
    assert len(entry["shortDescription"]["text"]) == len(entry["fullDescription"]["text"]) == 1024
    assert entry["help"]["text"].startswith("h" * 2000)  # help has no such limit


# Test vectors of github/codeql-action src/fingerprints.test.ts, which upload-sarif computes the same way.
CODEQL_VECTORS = {
    "": ["c129715d7a2bc9a3:1"],
    " a\nb\n  \t\tc\n d": ["271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1", "a23a3dc5e078b07b:1"],
    " hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n": [
        "e9496ae3ebfced30:1",
        "fb7c023a8b9ccb3f:1",
        "ce8ba1a563dcdaca:1",
        "e20e36e16fcb0cc8:1",
        "b3edc88f2938467e:1",
        "c8e28b0b4002a3a0:1",
        "c129715d7a2bc9a3:1",
    ],
    "Lorem ipsum dolor sit amet.\n" * 10: [
        *(f"a7f2ff13bc495cf2:{n}" for n in range(1, 7)),
        "a7f2ff1481e87703:1",
        "a9cf91f7bbf1862b:1",
        "55ec222b86bcae53:1",
        "cc97dc7b1d7d8f7b:1",
        "c129715d7a2bc9a3:1",
    ],
    "x = 2\nx = 1\nprint(x)\nx = 3\nprint(x)\nx = 4\nprint(x)\n": [
        "e54938cc54b302f1:1",
        "bb609acbe9138d60:1",
        "1131fd5871777f34:1",
        "5c482a0f8b35ea28:1",
        "54517377da7028d2:1",
        "2c644846cb18d53e:1",
        "f1b89f20de0d133:1",
        "c129715d7a2bc9a3:1",
    ],
}


@pytest.mark.parametrize(("text", "expected"), list(CODEQL_VECTORS.items()))
def test_line_hashes_match_github(tmp_path: Path, text: str, expected: list[str]) -> None:
    file = tmp_path / "input"
    file.write_bytes(text.encode("utf-8"))
    lines = set(range(1, len(expected) + 1))
    assert line_hashes(file, lines) == dict(zip(sorted(lines), expected, strict=True))
    assert line_hashes(file, {2}) == ({2: expected[1]} if len(expected) > 1 else {})


def test_partial_fingerprints_survive_unrelated_line_moves(project) -> None:
    root = project(cli_files())

    def todo() -> dict[str, Any]:
        document = json.loads(run("check", str(root), "--format", "sarif").stdout)
        (result,) = [r for r in results_of(document, "t/todo") if uri_of(r) == "pkg/mod0.py"]
        return result

    before = todo()
    assert set(before["partialFingerprints"]) == {"readycheck/v1", "primaryLocationLineHash"}
    assert before["partialFingerprints"]["primaryLocationLineHash"] == line_hashes(root / "pkg/mod0.py", {2})[2]
    module = root / "pkg/mod0.py"
    module.write_text("import os\nimport sys\n\n" + module.read_text(encoding="utf-8"), encoding="utf-8")
    after = todo()
    assert region_of(before)["startLine"] == 2 and region_of(after)["startLine"] == 5
    assert after["partialFingerprints"] == before["partialFingerprints"]


def test_no_line_hash_for_a_file_that_is_not_there(sample: Result) -> None:
    (pinned,) = results_of(sarif_of(sample), "team/pinned")  # requirements.txt is not in the sample repository
    assert set(pinned["partialFingerprints"]) == {"readycheck/v1"}


def test_an_empty_repository_has_results_without_locations(tmp_path: Path, sarif_errors) -> None:
    rule = make_rule("t/readme", scope="repository")
    result = make_result(tmp_path, [rule], [finding("t/readme", ".")], [("t/readme", ".")])
    document = sarif_of(result)
    assert "locations" not in document["runs"][0]["results"][0]
    assert sarif_errors(document) == []


def test_check_objects_are_not_modified(sample: Result) -> None:
    checks = [rule.check for rule in sample.rules]
    sarif_of(sample)
    assert all(isinstance(c, Check) for c in checks)
    assert [rule.check for rule in sample.rules] == checks


def rolling_line_hashes(text: str) -> dict[int, str]:
    """codeql-action's fingerprints.ts hash(), character by character: the oracle for the window hashes."""
    mod, size, mask = 37, 100, (1 << 64) - 1
    first_mod = pow(mod, size, 1 << 64)
    window, starts = [0] * size, [0] * size
    value = index = line_number = 0
    line_start, previous_cr = True, False
    counts: dict[int, int] = {}
    found: dict[int, str] = {}

    def emit() -> None:
        counts[value] = counts.get(value, 0) + 1
        found[starts[index]] = f"{value:x}:{counts[value]}"
        starts[index] = 0

    units = array("H", text.encode("utf-16-le"))
    for current in [*units, 0xFFFF]:
        if current in (32, 9) or (previous_cr and current == 10):
            previous_cr = False
            continue
        previous_cr = current == 13
        current = 10 if previous_cr else current
        if starts[index]:
            emit()
        if line_start:
            line_number += 1
            starts[index] = line_number
        line_start = current == 10
        value = (mod * value + current - first_mod * window[index]) & mask
        window[index] = current
        index = (index + 1) % size
    for _ in range(size):
        if starts[index]:
            emit()
        value = (mod * value - first_mod * window[index]) & mask
        window[index] = 0
        index = (index + 1) % size
    return found


@pytest.mark.parametrize("seed", range(25))
def test_line_hashes_of_random_text_are_those_of_the_rolling_hash(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    pieces = ["a", "é", "😀", " ", "\t", "\n", "\r", "\r\n", "same line\n", "x" * 120, "\n\n", "𝒳 \r \n"]
    text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 400)))
    file = tmp_path / "input"
    file.write_bytes(text.encode("utf-8"))
    expected = rolling_line_hashes(text)
    assert line_hashes(file, set(expected)) == expected
    some = set(rng.sample(sorted(expected), min(3, len(expected))))
    assert line_hashes(file, some) == {line: expected[line] for line in some}


def test_a_rule_with_its_own_message_reads_as_it_and_a_plugin_check_links_its_docs(tmp_path: Path) -> None:
    own = make_rule("team/readme-contact", scope="repository")._replace(message="The README names a contact")
    own = own._replace(check=own.check._replace(help_url="https://plugins.example/docs/readme"))
    result = make_result(tmp_path, [own], [], [("team/readme-contact", ".")])
    (descriptor,) = sarif_of(result)["runs"][0]["tool"]["driver"]["rules"]
    assert descriptor["shortDescription"]["text"] == "The README names a contact"
    assert descriptor["fullDescription"]["text"].startswith("The README names a contact (")
    assert descriptor["helpUri"] == "https://plugins.example/docs/readme"
    assert "[Documentation](https://plugins.example/docs/readme)" in descriptor["help"]["markdown"]
