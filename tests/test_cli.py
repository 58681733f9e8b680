import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import REPO_ROOT, findings_of, policy_with, run, run_json, with_plugin

from readycheck.cli import _use_color
from readycheck.version import __version__

RULES = policy_with(
    """\
t/license:
  check: file/exists
  paths: [LICENSE]
t/todo:
  check: file/contains
  level: note
  paths: ['*.py']
  with: {pattern: TODO, forbid: true}
"""
)


def test_exit_codes_follow_fail_on(project) -> None:
    root = project({"a.py": "# TODO\n", **RULES})
    assert run("check", str(root), "--policy", "policy.yaml").exit_code == 1
    assert run("check", str(root), "--policy", "policy.yaml", "--ignore", "t/license").exit_code == 0
    assert (
        run("check", str(root), "--policy", "policy.yaml", "--ignore", "t/license", "--fail-on", "note").exit_code == 1
    )
    assert run("check", str(root), "--policy", "policy.yaml", "--fail-on", "never").exit_code == 0
    (root / "LICENSE").write_text("MIT\n")
    assert run("check", str(root), "--policy", "policy.yaml").exit_code == 0


def test_text_output_groups_by_file_and_summarises(project) -> None:
    root = project({"a.py": "x = 1  # TODO\n", "b.py": "# TODO\n# TODO\n", **RULES})
    result = run("check", str(root), "--policy", "policy.yaml")
    lines = result.stdout.splitlines()
    assert lines[0] == "repository: error t/license no file matches LICENSE"
    assert lines[1].startswith("  fix: ")
    assert lines[2] == ""
    assert lines[3] == "a.py:1:10: note t/todo forbidden pattern 'TODO' matches"
    assert "b.py:2:3: note t/todo" in result.stdout
    assert result.stdout.count("fix:") == 2  # once per rule
    assert "Found 1 error, 0 warnings, 3 notes: 2 rules on 3 artifacts." in lines
    assert "\x1b[" not in result.stdout
    quiet = run("check", str(root), "--policy", "policy.yaml", "-q")
    assert "fix:" not in quiet.stdout and "Found" not in quiet.stdout


def test_color_only_on_a_tty_and_never_with_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert _use_color(no_color=False) is True
    assert _use_color(no_color=True) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert _use_color(no_color=False) is False
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False)
    assert _use_color(no_color=False) is False


def test_json_report_matches_the_published_schema_and_output_file(project) -> None:
    import jsonschema

    root = project({"a.py": "# TODO\n", **RULES})
    result = run("check", str(root), "--policy", "policy.yaml", "--format", "json", "--output", "json=out/report.json")
    report = json.loads(result.stdout)
    schema = json.loads((REPO_ROOT / "docs" / "report.schema.json").read_text())
    jsonschema.validate(report, schema)
    assert (root / "out" / "report.json").read_text() == result.stdout
    assert report["tool"] == {"name": "readycheck", "version": __version__}
    summary = report["summary"]
    assert (summary["errors"], summary["warnings"], summary["notes"], summary["rules"], summary["artifacts"]) == (
        1,
        0,
        1,
        2,
        2,
    )
    [repo_finding] = findings_of(report, "t/license")
    assert repo_finding["line"] is None and repo_finding["column"] is None
    [todo] = findings_of(report, "t/todo")
    assert (todo["path"], todo["line"], todo["column"]) == ("a.py", 1, 3)
    assert len(todo["fingerprint"]) == 32


def test_output_option_writes_several_reports_in_one_run(project) -> None:
    root = project({"a.py": "# TODO\n", **RULES})
    result = run("check", str(root), "--policy", "policy.yaml", "-o", "json=r.json", "-o", "text=r.txt")
    assert json.loads((root / "r.json").read_text())["summary"]["errors"] == 1
    assert (root / "r.txt").read_text() == result.stdout


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--format", "yaml"], "unknown report format 'yaml'"),
        (["-o", "json"], "--output takes FORMAT=FILE"),
        (["-o", "pdf=x.pdf"], "unknown report format 'pdf' in --output"),
        (["--policy", "nope.yaml"], "policy file not found"),
        (["--policy", "nope"], "unknown policy pack 'nope'"),
    ],
)
def test_usage_errors_exit_2_with_one_line(project, args: list[str], fragment: str) -> None:
    root = project(RULES)
    result = run("check", str(root), *args)
    assert result.exit_code == 2
    assert fragment in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("policy", "line", "fragment"),
    [
        ("readycheck: 1\nrules:\n  file/absent:\n    paths: [x]\n    bogus: 1\n", 5, "unknown key 'bogus'"),
        ("readycheck: 1\nrules:\n  file/absent: fatal\n", 3, "expected one of: error, warning, note, off"),
        ("readycheck: 1\nrules:\n  nope/nope: error\n", 3, "unknown rule id 'nope/nope'"),
        (
            "readycheck: 1\nrules:\n  t/m:\n    check: data/field\n    paths: [m.json]\n    with: {fields: {auc: '>> 1'}}\n",
            6,
            "bad threshold expression '>> 1'",
        ),
        ("readycheck: 1\nrules:\n  file/absent: {paths: [x]\n  other: 1\n", 4, "YAML syntax error"),
    ],
)
def test_policy_typos_exit_2_naming_file_and_line(project, policy: str, line: int, fragment: str) -> None:
    root = project({"team.yaml": policy})
    result = run("check", str(root), "--policy", "team.yaml")
    assert result.exit_code == 2
    assert result.stdout == ""
    [message] = result.stderr.splitlines()
    assert message.startswith(f"readycheck: error: team.yaml:{line}: ")
    assert fragment in message
    validate = run("policy", "validate", "team.yaml")
    assert validate.exit_code == 2
    assert f"team.yaml:{line}:" in validate.stderr


def test_policy_validate_accepts_good_files(project) -> None:
    project(RULES)
    result = run("policy", "validate", "policy.yaml")
    assert result.exit_code == 0
    assert result.stdout == "policy.yaml: ok (2 rules)\n"


def test_rules_lists_every_check_with_scope(project) -> None:
    project({})
    text = run("rules").stdout
    for check_id in ("file/exists", "file/absent", "file/contains", "markdown/sections", "data/field", "data/schema"):
        assert check_id in text
    records = {r["id"]: r for r in json.loads(run("rules", "--format", "json").stdout)}
    assert records["file/exists"]["scope"] == "repository"
    assert records["data/field"]["scope"] == "file"
    assert records["data/field"]["parameters"]["required"] == ["fields"]


def test_explain_shows_help_parameters_and_example(project) -> None:
    project({})
    text = run("explain", "file/contains").stdout
    assert text.startswith("file/contains: ")
    assert "forbid (boolean, default false)" in text
    assert "pattern (string, regex, required)" in text
    assert "example:" in text and "rules:" in text
    unknown = run("explain", "file/contain")
    assert unknown.exit_code == 2
    assert "did you mean 'file/contains'" in unknown.stderr


def test_published_schemas_are_up_to_date() -> None:
    for name in ("policy", "config", "report"):
        published = json.loads((REPO_ROOT / "docs" / f"{name}.schema.json").read_text())
        assert published == json.loads(run("schema", name).stdout), f"regenerate docs/{name}.schema.json"


def test_version_and_module_entry_point() -> None:
    assert run("--version").stdout == f"readycheck {__version__}\n"
    completed = subprocess.run(
        [sys.executable, "-m", "readycheck", "--version"], capture_output=True, text=True, check=True
    )
    assert completed.stdout == f"readycheck {__version__}\n"


def test_given_files_skip_repository_rules(project) -> None:
    root = project({"a.py": "# TODO\n", **RULES})
    code, report = run_json(str(root / "a.py"), "--policy", "policy.yaml")
    assert [f["rule_id"] for f in report["findings"]] == ["t/todo"]
    assert code == 0
    text = run("check", "a.py", "--policy", "policy.yaml").stdout
    assert "Repository-wide rules were skipped" in text


def test_readycheck_never_modifies_scanned_files(project) -> None:
    root = project({"a.py": "# TODO\n", "m.json": '{"a": 1}', "README.md": "# x\n", **RULES})
    before = {p: p.read_bytes() for p in Path(root).rglob("*") if p.is_file()}
    mtimes = {p: p.stat().st_mtime_ns for p in before}
    run("check", str(root), "--policy", "policy.yaml")
    assert {p: p.read_bytes() for p in before} == before
    assert {p: p.stat().st_mtime_ns for p in before} == mtimes


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("--select", "notebok/size", "--select 'notebok/size' matches no rule (did you mean 'notebook/size'?)"),
        ("--ignore", "notebook/sise", "--ignore 'notebook/sise' matches no rule (did you mean 'notebook/size'?)"),
        ("--select", "file/exists", "matches no rule of the policies (the check exists: enable it in a policy first)"),
    ],
)
def test_a_select_or_ignore_that_matches_no_rule_is_an_error(project, option: str, value: str, expected: str) -> None:
    root = project({"a.py": "x = 1\n"})
    result = run("check", str(root), option, value)
    assert result.exit_code == 2 and expected in result.output


def test_a_select_glob_that_matches_runs(project) -> None:
    root = project({"a.py": "x = 1\n"})
    assert run("check", str(root), "--select", "notebook/*", "--no-cache").exit_code == 0


def test_a_waiver_for_an_unknown_rule_is_an_error_at_its_line(project) -> None:
    config = "waivers:\n  - rule: notebook/sise\n    reason: legacy\n    expires: 2099-01-01\n"
    root = project({"readycheck.yaml": config, "a.py": "x = 1\n"})
    result = run("check", str(root))
    assert result.exit_code == 2
    assert (
        "readycheck.yaml:2: waiver rule 'notebook/sise' matches no rule (did you mean 'notebook/size'?)"
        in result.output
    )


def test_explain_accepts_the_rules_of_the_configured_policy(project, monkeypatch) -> None:
    root = project(
        {
            "readycheck.yaml": "policy: [recommended, team.yaml]\n",
            "team.yaml": "readycheck: 1\nrules:\n  team/readme-contact:\n    check: markdown/sections\n"
            "    paths: [README.md]\n    message: The README names a contact\n    with: {required: [Contact]}\n"
            "  ownership/codeowners: warning\n",
        }
    )
    monkeypatch.chdir(root)
    shown = run("explain", "team/readme-contact")
    assert shown.exit_code == 0, shown.output
    assert "team/readme-contact: a rule of the configured policy, running check markdown/sections" in shown.stdout
    assert "paths: README.md" in shown.stdout and "configured in: team.yaml:3" in shown.stdout
    assert "markdown/sections: " in shown.stdout  # the check behind it
    merged = run("explain", "ownership/codeowners").stdout
    assert "level: warning" in merged and "configured in: pack recommended:" in merged and ", team.yaml:8" in merged
    listed = json.loads(run("rules", "--policy", "--format", "json").stdout)
    by_id = {rule["id"]: rule for rule in listed}
    assert by_id["team/readme-contact"]["check"] == "markdown/sections"
    assert by_id["ownership/codeowners"]["level"] == "warning" and len(by_id["ownership/codeowners"]["configured"]) == 2
    assert "team/readme-contact" in run("rules", "--policy").stdout
    assert run("explain", "team/readme-contact-x").exit_code == 2


def test_docs_check_finds_a_stale_reference(tmp_path) -> None:
    out = tmp_path / "rules"
    assert run("docs", "--out", str(out)).exit_code == 0
    assert run("docs", "--out", str(out), "--check").exit_code == 0
    (out / "notebook" / "size.md").write_text("stale\n", encoding="utf-8")
    stale = run("docs", "--out", str(out), "--check")
    assert stale.exit_code == 1 and "notebook/size.md" in stale.stdout


def test_diff_checks_changed_files_and_still_runs_repository_rules(project, monkeypatch) -> None:
    from tests.conftest import git

    rules = "t/todo:\n  check: file/contains\n  paths: ['**/*.py']\n  with: {pattern: TODO, forbid: true}\n"
    rules += "t/license:\n  check: file/exists\n  level: error\n  paths: [LICENSE]\n"
    files = {f"pkg/m{i}.py": "x = 1  # TODO\n" for i in range(4)}
    root = project({**files, **policy_with(rules), "readycheck.yaml": "policy: [policy.yaml]\n"})
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "base")
    git(root, "checkout", "-q", "-b", "feature")
    (root / "pkg" / "m1.py").write_text("y = 2  # TODO\n", encoding="utf-8")
    git(root, "commit", "-q", "-am", "change m1")
    (root / "pkg" / "new.py").write_text("z = 3  # TODO\n", encoding="utf-8")  # untracked
    (root / "pkg" / "m2.py").unlink()  # deleted: nothing to check
    monkeypatch.chdir(root)
    _, report = run_json("--diff", "main", "--no-cache")
    paths = sorted({(f["rule_id"], f["path"]) for f in report["findings"]})
    assert paths == [("t/license", "."), ("t/todo", "pkg/m1.py"), ("t/todo", "pkg/new.py")]
    assert run_json("--no-cache")[1]["summary"]["warnings"] == 4  # m0, m1, m3 and new without --diff
    missing = run("check", "--diff", "no-such-branch", "--no-cache")
    assert missing.exit_code == 2 and "no common ancestor of no-such-branch and HEAD" in missing.output


def test_a_rule_whose_files_exclude_hides_gets_a_note(project) -> None:
    rules = "t/todo:\n  check: file/contains\n  paths: ['**/*.py']\n  with: {pattern: TODO, forbid: true}\n"
    rules += "t/data:\n  check: file/contains\n  paths: ['data/**/*.csv']\n  with: {pattern: secret, forbid: true}\n"
    config = "policy: [policy.yaml]\nexclude: [data/, scratch/]\n"
    project({"pkg/a.py": "x = 1\n", "data/raw/a.csv": "a,b\n", **policy_with(rules), "readycheck.yaml": config})
    _, report = run_json("--no-cache")
    notes = findings_of(report, "readycheck/rule-unseen")
    assert [(f["path"], f["line"], f["level"]) for f in notes] == [("readycheck.yaml", 2, "note")]
    assert notes[0]["message"] == (
        "rule t/data reads no file: the 1 file(s) it is about, such as data/raw/a.csv, are all hidden by 'exclude' "
        "in the config"
    )
    Path("readycheck.yaml").write_text("policy: [policy.yaml]\nexclude: [scratch/]\n", encoding="utf-8")
    assert findings_of(run_json("--no-cache")[1], "readycheck/rule-unseen") == []


def test_diff_in_a_repository_without_commits_says_so(project, monkeypatch) -> None:
    from tests.conftest import git

    root = project({"a.py": "x = 1\n"})
    git(root, "init", "-q", "-b", "main")
    monkeypatch.chdir(root)
    outcome = run("check", "--diff", "main", "--no-cache")
    assert outcome.exit_code == 2 and "this repository has none yet" in outcome.output


GC_PROBE = """
import gc
import readycheck
from readycheck import Violation


@readycheck.check("probe/gc", description="d", help="h", fix="f", kinds=["text"], paths=["a.txt"])
def probe(artifact, params):
    yield Violation(f"collector enabled={gc.isenabled()} frozen={gc.get_freeze_count() > 0}")


@readycheck.hookimpl
def readycheck_checks():
    return [probe]
"""


def test_the_command_freezes_start_up_and_collects_during_the_run(project) -> None:
    root = project(
        {
            "a.txt": "x\n",
            **with_plugin("probe.py", GC_PROBE, "probe/gc: warning\n"),
        }
    )
    done = subprocess.run(
        [sys.executable, "-m", "readycheck", "check", "--format", "json", "--no-cache", "a.txt"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    messages = [f["message"] for f in json.loads(done.stdout)["findings"]]
    assert messages == ["collector enabled=True frozen=True"], done.stderr


FAST_EXIT = """
import atexit
import os
import sys

atexit.register(lambda: open(os.environ["PROBE_LOG"], "w").write("handler ran"))
sys.argv = ["readycheck", "check", "--format", "json", "--no-cache", "--max-findings", "0", "."]
from readycheck.__main__ import main

main()
"""


def test_the_command_exits_with_its_status_its_whole_output_and_its_exit_handlers(project, tmp_path: Path) -> None:
    """Without plugins the command leaves without the interpreter's teardown: the status, every byte of a
    large report written to a pipe, and the exit handlers must survive that."""
    files = {f"pkg/m{i}.py": "# TODO " + "x" * 200 + "\n" for i in range(1500)}
    rule = (
        "t/todo:\n  check: file/contains\n  level: error\n  paths: ['**/*.py']\n  with: {pattern: TODO, forbid: true}\n"
    )
    root = project({**files, "readycheck.yaml": "policy: [policy.yaml]\n", **policy_with(rule)})
    log = tmp_path / "handler.log"
    done = subprocess.run(
        [sys.executable, "-c", FAST_EXIT],
        cwd=root,
        capture_output=True,
        env={**os.environ, "PROBE_LOG": str(log)},
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert len(json.loads(done.stdout)["findings"]) == 1500  # ~600 kB through a pipe, none of it lost
    assert log.read_text() == "handler ran"


PLUGIN_LEAVING_A_FILE_OPEN = """
import os

import readycheck
from readycheck import Violation

LOG = open(os.environ["PROBE_LOG"], "w")  # never closed: the interpreter's teardown flushes it


@readycheck.check("probe/log", description="d", help="h", fix="f", kinds=["text"], paths=["a.txt"])
def probe(artifact, params):
    LOG.write("checked " + artifact.path)
    return [Violation("one")]


@readycheck.hookimpl
def readycheck_checks():
    return [probe]
"""


def test_with_a_plugin_the_command_exits_the_usual_way(project, tmp_path: Path) -> None:
    root = project(
        {
            "a.txt": "x\n",
            **with_plugin("probe.py", PLUGIN_LEAVING_A_FILE_OPEN, "probe/log: error\n"),
        }
    )
    log = tmp_path / "plugin.log"
    done = subprocess.run(
        [sys.executable, "-m", "readycheck", "check", "--no-cache", "a.txt"],
        cwd=root,
        capture_output=True,
        env={**os.environ, "PROBE_LOG": str(log)},
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert log.read_text() == "checked a.txt"
