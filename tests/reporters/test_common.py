from pathlib import Path

import pytest
from tests.conftest import write_files
from tests.reporters.conftest import finding, make_result, make_rule

from readycheck.model import REPOSITORY, SourceLocation
from readycheck.reporters.common import CONFIG_ANCHOR, RULE_ANCHOR, STAND_IN, Locator, clean_text, one_line


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("\x1b[31;1mred\x1b[0m plain", "red plain"),
        ("\x1b]8;;https://x.test\x1b\\link\x1b]8;;\x1b\\", "link"),  # OSC 8 hyperlink
        ("\x1b]0;title\x07after", "after"),
        ("nul\x00 bel\x07 del\x7f c1\x9b", "nul\\x00 bel\\x07 del\\x7f c1\\x9b"),
        ("a\r\nb\rc", "a\nb\nc"),
        ("tab\tkept", "tab\tkept"),
        ("bidi \u202eevil\u2066", "bidi \\u202eevil\\u2066"),
        ("lone \ud83d surrogate", "lone \\ud83d surrogate"),
        ("nonchar \uffff", "nonchar \\uffff"),
        ('ünïcødé 日本語 🚀 ]]> "q" <b>', 'ünïcødé 日本語 🚀 ]]> "q" <b>'),
        ("trailing escape \x1b", "trailing escape "),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean
    clean.encode("utf-8")  # always encodable


def test_one_line_collapses_line_breaks() -> None:
    assert one_line("a\r\n  b\n\nc\t d") == "a b c d"


def test_file_findings_keep_their_position(tmp_path: Path) -> None:
    result = make_result(tmp_path, [], [], [])
    location = Locator(result, [])(finding("t/a", "src/a.py", line=3, column=5, end_line=4, end_column=2))
    assert (location.path, location.line, location.column, location.end_line, location.end_column) == (
        "src/a.py",
        3,
        5,
        4,
        2,
    )
    assert location.anchor is None
    assert str(location) == "src/a.py:3:5"


def repository_finding_location(tmp_path: Path, files: dict, source: SourceLocation | None, **result_fields):
    root = write_files(tmp_path / "repo", files) if files else tmp_path
    rule = make_rule("t/repo", scope=REPOSITORY, source=source)
    evaluations = result_fields.pop("evaluations", [("t/repo", ".")])
    result = make_result(root, [rule], [finding("t/repo", ".")], evaluations, **result_fields)
    return Locator(result, [rule])(result.findings[0])


def test_repository_finding_goes_to_the_policy_line_in_the_repository(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    source = SourceLocation("../elsewhere", 7, str(root / "policies" / "team.yaml"))
    location = repository_finding_location(tmp_path, {"policies/team.yaml": "x\n"}, source, config_file="rc.yaml")
    assert (location.path, location.line, location.anchor) == ("policies/team.yaml", 7, RULE_ANCHOR)
    assert str(location) == "(repository), rule set at policies/team.yaml:7"


def test_policy_outside_the_repository_falls_back_to_the_config_file(tmp_path: Path) -> None:
    outside = SourceLocation("/pack.yaml", 3, str(tmp_path / "pack.yaml"))
    location = repository_finding_location(tmp_path, {"README.md": "x"}, outside, config_file="readycheck.yaml")
    assert (location.path, location.line, location.anchor) == ("readycheck.yaml", None, CONFIG_ANCHOR)
    assert str(location) == "(repository), policy chosen in readycheck.yaml"


def test_without_config_a_readme_stands_in(tmp_path: Path) -> None:
    location = repository_finding_location(tmp_path, {"README.rst": "x", "a.py": ""}, None)
    assert (location.path, location.anchor) == ("README.rst", STAND_IN)
    assert str(location) == "(repository)"


def test_without_readme_the_first_evaluated_file_stands_in(tmp_path: Path) -> None:
    evaluations = [("t/repo", "."), ("t/repo", "z.py"), ("t/repo", "b/a.py")]
    location = repository_finding_location(tmp_path, {"z.py": ""}, None, evaluations=evaluations)
    assert (location.path, location.anchor) == ("b/a.py", STAND_IN)


def test_an_empty_repository_leaves_the_repository_itself(tmp_path: Path) -> None:
    location = repository_finding_location(tmp_path, {}, None)
    assert location.path == "."
    assert not location.is_file
