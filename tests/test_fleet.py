"""readycheck merge: many repositories' JSON reports into one fleet scorecard; bad input is an error naming
the file."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import policy_with, run, write_files

RULES = """\
t/readme:
  check: file/exists
  level: error
  area: documentation
  paths: [README.md]
t/license:
  check: file/exists
  level: error
  area: documentation
  paths: [LICENSE]
"""


def report_of(root: Path, files: dict[str, str | bytes], out: Path) -> Path:
    write_files(
        root,
        {**files, **policy_with(RULES), "readycheck.yaml": files.get("readycheck.yaml", "policy: [policy.yaml]\n")},
    )
    outcome = run("check", str(root), "--no-cache", "-o", f"json={out}")
    assert outcome.exit_code in (0, 1), outcome.output
    return out


def test_a_fleet_of_three(tmp_path: Path) -> None:
    waiver = "policy: [policy.yaml]\nwaivers:\n  - {rule: t/license, reason: 'legal <b>review</b>', owner: '@legal', expires: 2030-01-01}\n"
    reports = [
        report_of(
            tmp_path / "alpha",
            {"README.md": "# A\n", "LICENSE": "MIT\n"},
            tmp_path / "out" / "alpha" / "readycheck.json",
        ),
        report_of(tmp_path / "beta", {"README.md": "# B\n"}, tmp_path / "out" / "beta" / "readycheck.json"),
        report_of(
            tmp_path / "gamma",
            {"x.txt": "x\n", "readycheck.yaml": waiver},
            tmp_path / "out" / "gamma" / "readycheck.json",
        ),
    ]
    out = tmp_path / "fleet"
    merged = run(
        "merge",
        *map(str, reports),
        "-o",
        f"markdown={out / 'f.md'}",
        "-o",
        f"html={out / 'f.html'}",
        "-o",
        f"json={out / 'f.json'}",
    )
    assert merged.exit_code == 0, merged.output
    fleet = json.loads((out / "f.json").read_text(encoding="utf-8"))
    assert [(r["name"], r["level"], r["errors"]) for r in fleet["repositories"]] == [
        ("alpha", "bronze", 0),
        ("beta", "none", 1),
        ("gamma", "none", 1),
    ]
    assert fleet["failing_most_often"] == [
        {"rule": "t/license", "repositories": 1},
        {"rule": "t/readme", "repositories": 1},
    ]
    assert [(w["repository"], w["rule"], w["owner"]) for w in fleet["waivers_expiring_soonest"]] == [
        ("gamma", "t/license", "@legal")
    ]
    page = (out / "f.html").read_text(encoding="utf-8")
    assert "legal &lt;b&gt;review&lt;/b&gt;" in page and "<b>review" not in page and "<script" not in page
    markdown = (out / "f.md").read_text(encoding="utf-8")
    assert markdown.startswith("## readycheck fleet: 3 repositories\n") and "| t/license | 1 |" in markdown


def test_a_bad_report_is_an_error_naming_it(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{\n  "tool": {"name": "readycheck"},\n  "summary": \n}\n')
    outcome = run("merge", str(broken))
    assert outcome.exit_code == 2 and f"{broken}:4: not a JSON report" in outcome.output
    other = tmp_path / "other.json"
    other.write_text('{"version": "2.1.0", "runs": []}')
    outcome = run("merge", str(other))
    assert outcome.exit_code == 2 and "not a readycheck JSON report" in outcome.output


def test_odd_reports_are_errors_naming_them_and_markdown_is_inert(tmp_path: Path) -> None:
    head = '{"tool": {"name": "readycheck"}, "summary": {"level": "none", "errors": 0, "warnings": 0, '
    odd = {
        "string-area.json": head + '"areas": {"security": "bronze"}}}',
        "no-errors.json": '{"tool": {"name": "readycheck"}, "summary": {"level": "none", "areas": {}}}',
        "waiver.json": head + '"areas": {}}, "waivers": [{"rule": "x"}]}',
        "nested-failed.json": head + '"areas": {"a": {"level": "none", "failed": [["x"]]}}}}',
    }
    for name, text in odd.items():
        (tmp_path / name).write_text(text)
        outcome = run("merge", str(tmp_path / name))
        assert outcome.exit_code == 2, (name, outcome.output)
        assert f"{tmp_path / name}: not a readycheck JSON report" in outcome.output, outcome.output
    hostile = tmp_path / "hostile" / "readycheck.json"
    hostile.parent.mkdir()
    level = "<img src=x onerror=alert(1)>"
    hostile.write_text(
        json.dumps(
            {
                "tool": {"name": "readycheck"},
                "repository": "r|`x`",
                "summary": {
                    "level": level,
                    "errors": 0,
                    "warnings": 0,
                    "areas": {"<b>a|b</b>": {"level": "<i>x</i>", "failed": ["r|`x`<b>"]}},
                },
                "waivers": [{"rule": "r", "owner": "", "reason": "z", "expires": "<b>2020</b>"}],
            }
        )
    )
    markdown = run("merge", str(hostile)).stdout
    assert "<img" not in markdown and "<b>" not in markdown and "<i>" not in markdown
    assert "| r\\|\\`x\\` |" in markdown  # one cell: the pipe and the backticks are escaped
