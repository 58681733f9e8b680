import datetime
import json
from pathlib import Path

import pytest
from tests.conftest import findings_of, policy_with, run, run_json

from readycheck.model import Finding, Level
from readycheck.suppress import find_directives

TODO_RULE = policy_with(
    """\
t/todo:
  check: file/contains
  paths: ['**/*.py', '**/*.md', 'c.yaml']
  with: {pattern: TODO, forbid: true}
t/fixme:
  check: file/contains
  paths: ['**/*.py']
  with: {pattern: FIXME, forbid: true}
"""
)


def test_directive_syntax_in_each_language() -> None:
    text = (
        "x = 1  # readycheck: ignore[t/todo] legacy code\n"
        "<!-- readycheck: ignore[t/todo, t/*] docs example -->\n"
        '    "y = 2  # readycheck: ignore[notebook/size] big on purpose\\n",\n'
        "key: value  # readycheck: ignore\n"
    )
    directives = find_directives(text)
    assert [(d.line, d.rules, d.reason) for d in directives] == [
        (1, ("t/todo",), "legacy code"),
        (2, ("t/todo", "t/*"), "docs example"),
        (3, ("notebook/size",), "big on purpose"),
        (4, (), ""),
    ]
    fixme_below = Finding("t/fixme", Level.WARNING, "m", "a.py", line=3)
    assert directives[1].covers(fixme_below) is True  # line 2 covers line 3
    assert directives[0].covers(fixme_below) is False  # wrong rule, and too far


def test_inline_suppression_on_the_line_or_the_line_above(project) -> None:
    root = project(
        {
            "a.py": "# TODO FIXME  # readycheck: ignore[t/todo] tracked in JIRA-12\n"
            "# readycheck: ignore[t/todo]\n# TODO\n# TODO\n",
            "README.md": "<!-- readycheck: ignore[t/todo] roadmap -->\nTODO: roadmap\n",
            "c.yaml": "a: TODO  # readycheck: ignore[t/*] placeholder\n",
            **TODO_RULE,
        }
    )
    code, report = run_json(str(root), "--policy", "policy.yaml")
    todo = findings_of(report, "t/todo")
    suppressed = [(f["path"], f["line"], f["suppression"]["justification"]) for f in todo if f["suppression"]]
    active = [(f["path"], f["line"]) for f in todo if not f["suppression"]]
    assert active == [("a.py", 4)]
    assert suppressed == [
        ("README.md", 2, "roadmap"),
        ("a.py", 1, "tracked in JIRA-12"),
        ("a.py", 3, "inline ignore"),
        ("c.yaml", 1, "placeholder"),
    ]
    assert all(f["suppression"]["kind"] == "inline" for f in todo if f["suppression"])
    assert report["summary"]["suppressed"] == 4
    assert len(findings_of(report, "t/fixme")) == 1  # the directive on line 1 names only t/todo
    assert code == 0  # t/todo and t/fixme are warnings


def test_suppression_without_rule_is_a_finding_and_silences_nothing(project) -> None:
    root = project({"a.py": "# TODO  # readycheck: ignore\n", **TODO_RULE})
    _, report = run_json(str(root), "--policy", "policy.yaml")
    [bare] = findings_of(report, "readycheck/suppression-without-rule")
    assert (bare["path"], bare["line"], bare["level"]) == ("a.py", 1, "warning")
    assert len(findings_of(report, "t/todo")) == 1
    assert report["summary"]["suppressed"] == 0


def waiver_config(expires: str, rule: str = "t/todo", paths: str = "['legacy/**']") -> dict[str, str]:
    return {
        "readycheck.yaml": f"policy: [policy.yaml]\nwaivers:\n  - rule: {rule}\n    paths: {paths}\n"
        f"    reason: legacy module, rewrite planned\n    owner: '@lead'\n    expires: {expires}\n",
        **TODO_RULE,
    }


def test_live_waiver_suppresses_and_counts_as_suppressed(project) -> None:
    root = project({"legacy/a.py": "# TODO\n", "new.py": "# TODO\n", **waiver_config("2999-12-31")})
    code, report = run_json(str(root))
    assert report["summary"]["suppressed"] == 1
    assert [f["path"] for f in findings_of(report, "t/todo")] == ["legacy/a.py", "new.py"]
    waived = findings_of(report, "t/todo")[0]["suppression"]
    assert waived == {"kind": "waiver", "justification": "legacy module, rewrite planned (@lead), until 2999-12-31"}
    assert report["summary"]["warnings"] == 1
    assert code == 0


def test_expired_waiver_stops_suppressing_and_says_so(project) -> None:
    root = project({"legacy/a.py": "# TODO\n", **waiver_config("2020-01-31")})
    _, report = run_json(str(root))
    assert report["summary"]["suppressed"] == 0
    [expired] = findings_of(report, "readycheck/waiver-expired")
    assert (expired["path"], expired["line"], expired["level"]) == ("readycheck.yaml", 3, "warning")
    assert "expired on 2020-01-31" in expired["message"]


def test_unused_waiver_is_a_note_in_full_scans_only(project) -> None:
    root = project({"legacy/a.py": "x = 1\n", **waiver_config("2999-12-31")})
    _, report = run_json(str(root))
    [unused] = findings_of(report, "readycheck/waiver-unused")
    assert unused["level"] == "note" and unused["line"] == 3
    _, files_only = run_json("legacy/a.py")
    assert findings_of(files_only, "readycheck/waiver-unused") == []


@pytest.mark.parametrize(
    ("waiver", "fragment"),
    [
        ("waivers:\n  - rule: t/todo\n    expires: 2030-01-01\n", "missing required key 'reason'"),
        ("waivers:\n  - rule: t/todo\n    reason: x\n", "missing required key 'expires'"),
        ("waivers:\n  - rule: t/todo\n    reason: x\n    expires: next week\n", "is not a 'date'"),
    ],
)
def test_waiver_needs_reason_and_a_real_expiry_date(project, waiver: str, fragment: str) -> None:
    root = project({"readycheck.yaml": waiver})
    result = run("check", str(root))
    assert result.exit_code == 2
    assert "readycheck.yaml:" in result.stderr and fragment in result.stderr


def test_waivers_in_pyproject_with_toml_dates(project) -> None:
    root = project(
        {
            "pyproject.toml": '[tool.readycheck]\npolicy = ["policy.yaml"]\n\n[[tool.readycheck.waivers]]\n'
            'rule = "t/todo"\nreason = "legacy"\nexpires = 2999-01-01\n',
            "a.py": "# TODO\n",
            **TODO_RULE,
        }
    )
    _, report = run_json(str(root))
    assert report["summary"]["suppressed"] == 1


def test_baseline_reports_only_new_findings_even_after_lines_move(project) -> None:
    root = project({"a.py": "# TODO one\n# TODO two\n", **TODO_RULE})
    written = run("baseline", str(root), "--policy", "policy.yaml", "-o", "baseline.json")
    assert written.exit_code == 0 and "2 findings recorded" in written.stdout
    recorded = json.loads((root / "baseline.json").read_text())
    assert recorded["readycheck_baseline"] == 1 and len(recorded["findings"]) == 2
    (root / "a.py").write_text("import os\n\n# TODO one\n# TODO two\n# TODO three\n")
    code, report = run_json(str(root), "--policy", "policy.yaml", "--baseline", "baseline.json", "--fail-on", "warning")
    assert report["summary"]["suppressed"] == 2
    assert report["summary"]["warnings"] == 1
    assert code == 1
    new = [f for f in findings_of(report, "t/todo") if f["line"] == 5]
    assert len(new) == 1


def test_baseline_from_config_and_bad_baseline_file(project) -> None:
    root = project(
        {"a.py": "# TODO\n", "readycheck.yaml": "policy: [policy.yaml]\nbaseline: rc-baseline.json\n", **TODO_RULE}
    )
    assert run("baseline", str(root), "-o", "rc-baseline.json").exit_code == 0
    _, report = run_json(str(root))
    assert report["summary"]["suppressed"] == 1
    Path(root / "rc-baseline.json").write_text("{not json")
    broken = run("check", str(root))
    assert broken.exit_code == 2
    assert "rc-baseline.json:1: baseline is not valid JSON" in broken.stderr


def test_waiver_expiry_is_compared_with_today(project) -> None:
    today = datetime.date.today()
    root = project({"legacy/a.py": "# TODO\n", **waiver_config(today.isoformat())})
    _, report = run_json(str(root))
    assert report["summary"]["suppressed"] == 1  # valid through its last day


def test_notebook_and_cell_metadata_ignores(project) -> None:
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    def error_cell(source: str, metadata: dict | None = None):  # type: ignore[no-untyped-def]
        cell = new_code_cell(
            source, execution_count=None, outputs=[new_output("error", ename="KeyError", evalue="x", traceback=[])]
        )
        cell.metadata.update(metadata or {})
        return cell

    nb = new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    nb.cells = [
        new_markdown_cell("# Demo"),
        error_cell(
            "d['x']", {"readycheck": {"ignore": ["notebook/no-error-outputs"], "reason": "shows the failure mode"}}
        ),
        error_cell("d['y']"),
    ]
    whole = new_notebook(metadata={**nb.metadata, "readycheck": {"ignore": ["notebook/*"]}})
    whole.cells = [new_markdown_cell("# Demo"), error_cell("d['z']")]
    root = project(
        {
            "cells.ipynb": nbformat.writes(nb),
            "whole.ipynb": nbformat.writes(whole),
            **policy_with("notebook/no-error-outputs: error\n"),
        }
    )
    _, report = run_json(str(root), "--policy", "policy.yaml")
    errors = findings_of(report, "notebook/no-error-outputs")
    assert [(f["path"], "cell 2" in f["message"], f["suppression"]) for f in errors] == [
        ("cells.ipynb", True, {"kind": "inline", "justification": "shows the failure mode"}),
        ("cells.ipynb", False, None),
        ("whole.ipynb", True, {"kind": "inline", "justification": "notebook metadata"}),
    ]
