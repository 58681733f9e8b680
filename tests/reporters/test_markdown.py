import re
from pathlib import Path

import pytest
from tests.reporters.conftest import HOSTILE, finding, hostile, make_result, make_rule

from readycheck.model import Result
from readycheck.reporters import ReportOptions
from readycheck.reporters.common import link_base
from readycheck.reporters.markdown import COLLAPSE_AFTER, MAX_ROWS, escape, render
from readycheck.scorecard import scorecard

CI_VARIABLES = ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA", "CI_PROJECT_URL", "CI_COMMIT_SHA")


@pytest.fixture(autouse=True)
def outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in CI_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def markdown_of(result: Result) -> str:
    return render(result, ReportOptions())


def test_level_scorecard_and_findings(sample: Result) -> None:
    text = markdown_of(sample)
    card = scorecard(sample)
    assert text.startswith(f"## readycheck: readiness level {card.level}\n")
    assert "Found 3 errors, 1 warning, 1 note (3 suppressed): 7 rules on 5 artifacts." in text
    assert "| documentation | none | 1/2 | 0/1 | 1/1 | – |" in text
    assert "| code quality | none | 0/2 | 0/1 | – | 0/1 |" in text
    assert "### Findings (5)" in text
    assert "<details><summary>Suppressed findings (3)</summary>" in text


def test_findings_link_to_their_files(sample: Result) -> None:
    text = markdown_of(sample)
    assert "[notebooks/explore.ipynb:1:2](notebooks/explore.ipynb?plain=1#L1)" in text
    assert "(repository), rule set at [policies/team.yaml:3](policies/team.yaml#L3)" in text
    assert "[data/my file.csv](data/my%20file.csv)" in text


def test_links_point_at_the_commit_in_ci(sample: Result, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.com")
    monkeypatch.setenv("GITHUB_REPOSITORY", "acme/churn")
    monkeypatch.setenv("GITHUB_SHA", "abc123")
    assert "(https://github.com/acme/churn/blob/abc123/notebooks/explore.ipynb?plain=1#L1)" in markdown_of(sample)


def test_link_base_for_gitlab() -> None:
    environ = {"CI_PROJECT_URL": "https://gitlab.example/acme/churn", "CI_COMMIT_SHA": "abc"}
    assert link_base(None, environ) == "https://gitlab.example/acme/churn/-/blob/abc/"
    assert link_base(None, {"GITHUB_SHA": "abc"}) == ""
    assert link_base("https://h/r/blob/main", environ) == "https://h/r/blob/main/"


def test_scanned_text_cannot_inject_html_images_or_mentions(sample: Result) -> None:
    text = markdown_of(hostile(sample))
    assert not re.search(r"(?<!\\)<(?!/?details>|summary>|/summary>)", text)  # only our own HTML
    assert "\\<img" in text and "\\<b\\>" in text
    assert "![" not in text
    assert not re.search(r"@(?!&#8203;)\w", text)
    assert "\x1b" not in text and "\x00" not in text and "\u202e" not in text
    assert "ünïcødé 日本語 🚀" in text


def test_escaped_cells_keep_the_table_shape(sample: Result) -> None:
    tables = re.findall(r"(?:^\|.*\n)+", markdown_of(hostile(sample)), flags=re.MULTILINE)
    assert len(tables) == 3  # scorecard, findings, suppressed findings
    for table in tables:
        separators = {len(re.findall(r"(?<!\\)\|", row)) for row in table.splitlines()}
        assert len(separators) == 1, table


def test_escape() -> None:
    assert escape("<img src=x> ![a](b) @bob a|b *x* `c` \\ & ~") == (
        "\\<img src=x\\> \\!\\[a\\](b) @&#8203;bob a\\|b \\*x\\* \\`c\\` \\\\ \\& \\~"
    )
    assert escape("line\nbreak") == "line break"


def test_long_lists_are_collapsed_and_capped(tmp_path: Path) -> None:
    def report(count: int) -> str:
        findings = [finding("t/a", f"f{i:03}.py", f"problem {i}", line=1) for i in range(count)]
        return markdown_of(make_result(tmp_path, [make_rule("t/a")], findings, [("t/a", f.path) for f in findings]))

    assert "### Findings" in report(COLLAPSE_AFTER)
    folded = report(COLLAPSE_AFTER + 1)
    assert f"<details><summary>Findings ({COLLAPSE_AFTER + 1})</summary>" in folded
    capped = report(MAX_ROWS + 5)
    assert capped.count("| warning | `t/a` |") == MAX_ROWS
    assert "… and 5 more: the JSON report lists them all (`readycheck check --format json --max-findings 0`)." in capped


def test_errors_come_first_when_capped(sample: Result) -> None:
    levels = [line.split("|")[1].strip() for line in markdown_of(sample).splitlines() if "| `" in line]
    active = levels[: len(sample.active)]
    assert active == sorted(active, key=["error", "warning", "note"].index)


def test_hostile_message_is_whole_on_one_line(tmp_path: Path) -> None:
    result = make_result(tmp_path, [make_rule("t/a")], [finding("t/a", "a.py", HOSTILE)], [("t/a", "a.py")])
    (row,) = [line for line in markdown_of(result).splitlines() if line.startswith("| warning")]
    assert row.endswith("next line |")
