"""What a hostile or broken repository can do through its own files: every bad input is one line naming
the file (exit 2) when it is the user's configuration, one readycheck/parse-error when it is scanned;
nothing reads outside the repository, nothing is silenced by program output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.checks.conftest import code, notebook, stream
from tests.conftest import findings_of, policy_with, run, run_json

HUGE = "9" * 5000
DEEP_YAML = "[" * 3000 + "]" * 3000
FIELD_RULE = "t/f:\n  check: data/field\n  paths: [data.{ext}]\n  with: {{fields: {{a: '>= 1'}}}}\n"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("data.yaml", f"a: {HUGE}\n"),
        ("data.json", f'{{"a": {HUGE}}}'),
        ("data.yaml", "a: !!int abc\n"),
        ("data.yaml", f"a: {DEEP_YAML}\n"),
        ("data.json", '{"a": ' + "[" * 100_000 + "]" * 100_000 + "}"),
        ("data.toml", "a = " + "[" * 5000 + "]" * 5000 + "\n"),
    ],
    ids=["yaml-huge-int", "json-huge-int", "yaml-bad-int-tag", "yaml-deep", "json-deep", "toml-deep"],
)
def test_malformed_scanned_data_is_one_parse_error_not_a_crash_per_rule(project, name: str, content: str) -> None:
    ext = name.rsplit(".", 1)[1]
    rules = FIELD_RULE.format(ext=ext) + FIELD_RULE.format(ext=ext).replace("t/f:", "t/g:")
    root = project({name: content, **policy_with(rules)})
    code_, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    [parse_error] = findings_of(report, "readycheck/parse-error")
    assert parse_error["path"] == name
    assert findings_of(report, "readycheck/check-error") == []
    assert code_ == 1


@pytest.mark.parametrize(
    ("policy", "fragment"),
    [
        (f"readycheck: 1\nrules:\n  file/absent:\n    paths: ['*.pem']\n    level: {HUGE}\n", "policy.yaml:"),
        ("readycheck: 1\nrules:\n  file/absent:\n    paths: [!!int abc]\n", "policy.yaml:4: invalid YAML value"),
        (f"readycheck: 1\nrules: {DEEP_YAML}\n", "policy.yaml: YAML is nested too deeply"),
        (
            "readycheck: 1\nrules:\n  file/absent:\n    paths: ['[z-a].pem']\n",
            "policy.yaml:3: rule file/absent: bad glob '[z-a].pem'",
        ),
    ],
    ids=["huge-int", "bad-int-tag", "deep", "bad-glob-range"],
)
def test_a_broken_policy_is_one_line_naming_the_file(project, policy: str, fragment: str) -> None:
    root = project({"policy.yaml": policy, "README.md": "# x\n"})
    result = run("check", str(root), "--policy", "policy.yaml")
    assert result.exit_code == 2, result.output
    assert fragment in result.stderr
    assert "internal error" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("files", "fragment"),
    [
        ({"readycheck.yaml": "exclude: ['data/[z-a]']\n"}, "readycheck.yaml:1: bad glob 'data/[z-a]'"),
        ({"readycheck.yaml": f"fail_on: {DEEP_YAML}\n"}, "readycheck.yaml: YAML is nested too deeply"),
        ({"pyproject.toml": b'[tool.readycheck]\nfail_on = "\xff"\n'}, "pyproject.toml: cannot read"),
        ({"readycheck.yaml": "baseline: /dev/zero\n"}, "readycheck.yaml:1: baseline '/dev/zero' must be a file inside"),
        ({"readycheck.yaml": "baseline: ../../elsewhere.json\n"}, "must be a file inside the repository"),
        ({"readycheck.yaml": "baseline: b.json\n", "b.json": b"\xff\xfe"}, "b.json: baseline is not UTF-8 text"),
        (
            {"readycheck.yaml": "baseline: b.json\n", "b.json": "[" * 100_000},
            "b.json: baseline is not a readycheck baseline",
        ),
        (
            {
                "readycheck.yaml": "baseline: b.json\n",
                "b.json": '{"readycheck_baseline": 1, "findings": [' + HUGE + "]}",
            },
            "b.json: baseline is not a readycheck baseline",
        ),
    ],
    ids=[
        "bad-exclude-glob",
        "deep-config",
        "pyproject-not-utf8",
        "baseline-dev-zero",
        "baseline-outside",
        "baseline-not-utf8",
        "baseline-deep",
        "baseline-huge-int",
    ],
)
def test_broken_configuration_is_one_line_naming_the_file(project, files: dict, fragment: str) -> None:
    root = project({"README.md": "# x\n", **files})
    result = run("check", str(root))
    assert result.exit_code == 2, result.output
    assert fragment in result.stderr
    assert "internal error" not in result.stderr


@pytest.mark.parametrize("target", ["{tmp}", "/dev/full", "{tmp}/no-such-dir/\0bad"])
def test_a_report_path_that_cannot_be_written_is_one_line(project, tmp_path: Path, target: str) -> None:
    if target == "/dev/full" and not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    root = project({"README.md": "# x\n"})
    output = target.format(tmp=tmp_path).replace("\0", "")
    if "no-such-dir" in output:  # a file where a folder should be
        (tmp_path / "no-such-dir").write_text("a file, not a folder")
    result = run("check", str(root), "-o", f"sarif={output}")
    assert result.exit_code == 2, result.output
    assert "cannot write the report" in result.stderr and "internal error" not in result.stderr


def test_data_schema_cannot_read_absolute_paths_or_devices(project) -> None:
    rules = (
        "t/passwd:\n  check: data/schema\n  paths: [c.json]\n  with: {schema: /etc/passwd}\n"
        "t/zero:\n  check: data/schema\n  paths: [c.json]\n  with: {schema: ../../../../../../dev/zero}\n"
    )
    root = project({"c.json": "{}", **policy_with(rules)})
    code_, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    messages = {f["rule_id"]: f["message"] for f in report["findings"]}
    assert "must be a path relative to the repository root" in messages["t/passwd"]
    assert "is outside the repository" in messages["t/zero"]
    assert "root:" not in json.dumps(report)
    assert code_ == 1


def test_a_symlink_as_the_first_path_does_not_move_the_project(project, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "readycheck.yaml").write_text("plugins: [evil.py]\ncache_dir: .rc\n")
    (elsewhere / "evil.py").write_text(f"open({str(tmp_path / 'imported')!r}, 'w').write('yes')\n")
    root = project({"README.md": "# x\n", ".git/HEAD": "ref: refs/heads/main\n"})
    (root / "link").symlink_to(elsewhere, target_is_directory=True)
    result = run("check", "link")
    assert result.exit_code == 2
    assert "is a symbolic link to outside the project root" in result.stderr
    assert not (tmp_path / "imported").exists()
    assert not (elsewhere / ".rc").exists()


def test_program_output_cannot_silence_a_finding(project) -> None:
    printed = stream("# readycheck: ignore[security/hardcoded-secrets] printed by the program\n")
    leaked = stream("token = 'ghp_Zq8WmR4tYx2Lk9Pv3Nb7Hc5Jd1Fg6Sa0Ee4T'\n")
    root = project({"n.ipynb": notebook(code("print(x)", outputs=[printed, leaked])), "README.md": "# x\n"})
    _, report = run_json(str(root), "--no-cache")
    [secret] = findings_of(report, "security/hardcoded-secrets")
    assert secret["suppression"] is None


def test_comments_in_code_and_markdown_cells_still_suppress(project) -> None:
    source = "token = 'ghp_Zq8WmR4tYx2Lk9Pv3Nb7Hc5Jd1Fg6Sa0Ee4T'  # readycheck: ignore[security/*] test fixture\n"
    root = project({"n.ipynb": notebook(code(source)), "README.md": "# x\n"})
    _, report = run_json(str(root), "--no-cache")
    [secret] = findings_of(report, "security/hardcoded-secrets")
    assert secret["suppression"] == {"kind": "inline", "justification": "test fixture"}


@pytest.mark.parametrize(
    "where",
    ["comment", "notebook-metadata"],
)
def test_a_wildcard_suppression_silences_nothing_and_is_reported(project, where: str) -> None:
    token = "ghp_Zq8WmR4tYx2Lk9Pv3Nb7Hc5Jd1Fg6Sa0Ee4T"
    if where == "comment":
        files = {"app.py": f"token = '{token}'  # readycheck: ignore[*] all good\n"}
    else:
        document = json.loads(notebook(code(f"token = '{token}'")))
        document["metadata"]["readycheck"] = {"ignore": ["*", "*/x"], "reason": "quiet please"}
        files = {"n.ipynb": json.dumps(document, indent=1)}
    root = project({**files, "README.md": "# x\n"})
    _, report = run_json(str(root), "--no-cache")
    [secret] = findings_of(report, "security/hardcoded-secrets")
    assert secret["suppression"] is None
    [refused] = findings_of(report, "readycheck/suppression-without-rule")
    assert "cannot silence '*'" in refused["message"]


def test_a_local_plugin_writes_no_bytecode_into_the_scanned_tree(project) -> None:
    root = project(
        {
            "checks/team.py": "import readycheck\n",
            "team_checks.py": "import readycheck\n",
            "readycheck.yaml": "plugins: [checks/team.py, team_checks]\n",
            "README.md": "# x\n",
        }
    )
    assert run("check", str(root), "--no-cache").exit_code in (0, 1)  # the plugins loaded (no exit 2)
    assert not list(root.rglob("__pycache__")) and not list(root.rglob("*.pyc"))
