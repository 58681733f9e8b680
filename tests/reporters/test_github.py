from pathlib import Path

from tests.reporters.conftest import HOSTILE, finding, hostile, make_result, make_rule

from readycheck.model import REPOSITORY, Level, Result
from readycheck.reporters import ReportOptions
from readycheck.reporters.github import escape_data, escape_property, render


def commands_of(result: Result) -> list[str]:
    return [line for line in render(result, ReportOptions(notes=True)).splitlines() if line.startswith("::")]


def test_one_annotation_per_active_finding_with_file_line_and_title(sample: Result) -> None:
    commands = commands_of(sample)
    assert len(commands) == len(sample.active)
    assert (
        "::warning file=notebooks/explore.ipynb,line=1,endLine=1,col=2,endColumn=9,title=notebook/outputs::"
        in "\n".join(commands)
    )
    assert any(
        c.startswith("::notice file=src/app.py,line=3,col=1,title=team/no-print::print call%0Afix: ") for c in commands
    )


def test_repository_findings_are_annotated_on_their_policy_line(sample: Result) -> None:
    (command,) = [c for c in commands_of(sample) if "title=team/license" in c]
    assert command.startswith("::error file=policies/team.yaml,line=3,title=team/license::")
    assert "(repository), rule set at policies/team.yaml:3: no file matches LICENSE" in command


def test_repository_findings_without_a_rule_line_annotate_the_run(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("x")
    rule = make_rule("t/repo", scope=REPOSITORY)
    result = make_result(tmp_path, [rule], [finding("t/repo", ".", "missing")], [("t/repo", ".")])
    assert commands_of(result) == ["::warning title=t/repo::(repository): missing%0Afix: How to fix t/repo."]


def test_escaping_follows_actions_toolkit() -> None:
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_no_message_can_end_the_command_or_start_another(tmp_path: Path) -> None:
    message = "x\n::error file=evil.py::injected\r\n" + HOSTILE
    path = "dir,with:odd%chars.py"
    result = make_result(tmp_path, [make_rule("t/a")], [finding("t/a", path, message, line=2)], [("t/a", path)])
    lines = render(result, ReportOptions(notes=True)).splitlines()
    (command,) = [line for line in lines if line.startswith("::")]
    assert command.startswith("::warning file=dir%2Cwith%3Aodd%25chars.py,line=2,title=t/a::x%0A::error file=evil.py")
    assert "\x1b" not in command and "\x00" not in command


def test_suppressed_findings_are_left_out_and_the_summary_ends_the_output(sample: Result) -> None:
    output = render(hostile(sample), ReportOptions(notes=True)).splitlines()
    assert not any("security/no-data" in line for line in output)
    assert output[-2].startswith("Found 3 errors")
    assert output[-1].startswith("Readiness level: none (")


def test_levels_map_to_commands(tmp_path: Path) -> None:
    findings = [finding("t/a", f"{level}.py", level=level) for level in Level]
    result = make_result(tmp_path, [make_rule("t/a")], findings, [("t/a", f.path) for f in findings])
    assert sorted(c.split(" ")[0] for c in commands_of(result)) == ["::error", "::notice", "::warning"]
