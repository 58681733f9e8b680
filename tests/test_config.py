from pathlib import Path

import pytest
from tests.conftest import findings_of, run, run_json

from readycheck.config import find_root, load_config
from readycheck.errors import ConfigError

POLICY = "readycheck: 1\nrules:\n  t/license:\n    check: file/exists\n    paths: [LICENSE]\n"


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("readycheck.yaml", "policy: [team.yaml]\nfail_on: warning\n"),
        (".readycheck.yaml", "policy: [team.yaml]\nfail_on: warning\n"),
        ("pyproject.toml", '[project]\nname = "x"\n\n[tool.readycheck]\npolicy = ["team.yaml"]\nfail_on = "warning"\n'),
    ],
)
def test_config_is_found_in_each_location(project, name: str, text: str) -> None:
    root = project({name: text, "team.yaml": POLICY.replace("paths", "level: warning\n    paths")})
    config = load_config(find_root(root))
    assert config.file == root / name
    assert config.policy == ["team.yaml"]
    assert config.fail_on == "warning"
    code, report = run_json(str(root))
    assert code == 1  # fail_on: warning from the config
    assert [f["rule_id"] for f in report["findings"]] == ["t/license"]


def test_first_config_found_wins_and_config_option_overrides(project) -> None:
    root = project(
        {
            "readycheck.yaml": "fail_on: never\npolicy: [a.yaml]\n",
            ".readycheck.yaml": "fail_on: error\npolicy: [b.yaml]\n",
            "pyproject.toml": '[tool.readycheck]\nfail_on = "note"\n',
            "a.yaml": POLICY,
            "b.yaml": POLICY,
        }
    )
    assert load_config(root).file == root / "readycheck.yaml"
    assert run("check", str(root)).exit_code == 0  # fail_on: never
    assert run("check", str(root), "--config", ".readycheck.yaml").exit_code == 1


def test_pyproject_without_tool_section_is_not_a_config(project) -> None:
    root = project({"pyproject.toml": '[project]\nname = "x"\n'})
    config = load_config(root)
    assert config.file is None
    assert list(config.policy) == ["recommended"]


def test_root_is_found_from_a_subdirectory(project) -> None:
    root = project({"readycheck.yaml": "policy: [recommended]\n", "src/pkg/mod.py": "x = 1\n"})
    assert find_root(root / "src" / "pkg") == root
    assert find_root(root / "src" / "pkg" / "mod.py") == root


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("polcy: [recommended]\n", 1, "unknown key 'polcy'"),
        ("fail_on: always\n", 1, "'fail_on' is 'always'; expected one of: error, warning, note, never"),
        ("exclude: data/**\n", 1, "'exclude' must be a list"),
        ("rules:\n  file/absent: eror\n", 2, "expected one of: error, warning, note, off"),
        ("policy: [recommended\n", 2, "YAML syntax error"),
    ],
)
def test_bad_config_is_a_one_line_error(project, text: str, line: int, fragment: str) -> None:
    root = project({"readycheck.yaml": text})
    with pytest.raises(ConfigError) as caught:
        load_config(root)
    assert caught.value.line == line
    assert fragment in caught.value.message
    result = run("check", str(root))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert f"readycheck.yaml:{line}:" in result.stderr


def test_inline_rules_override_policies(project) -> None:
    root = project({"readycheck.yaml": "policy: [team.yaml]\nrules:\n  t/license: note\n", "team.yaml": POLICY})
    code, report = run_json(str(root))
    [finding] = findings_of(report, "t/license")
    assert finding["level"] == "note"
    assert code == 0


def test_artifact_globs_are_configurable(project) -> None:
    root = project(
        {
            "readycheck.yaml": "policy: [team.yaml]\nartifacts:\n  markdown: ['docs/**/*.md']\n",
            "team.yaml": "readycheck: 1\nrules:\n  t/s:\n    check: markdown/sections\n    paths: ['**/*.md']\n"
            "    with: {required: [Usage]}\n",
            "README.md": "# x\n",
            "docs/guide.md": "# guide\n",
        }
    )
    _, report = run_json(str(root))
    assert [f["path"] for f in findings_of(report, "t/s")] == ["docs/guide.md"]


def test_unknown_artifact_kind_is_a_config_error(project) -> None:
    root = project({"readycheck.yaml": "artifacts:\n  notebooks: ['**/*.ipynb']\n"})
    result = run("check", str(root))
    assert result.exit_code == 2
    assert "unknown artifact kind(s) under 'artifacts': notebooks" in result.stderr


def test_exclude_globs_and_gitignore_are_respected(project) -> None:
    root = project(
        {
            "readycheck.yaml": "policy: [team.yaml]\nexclude: ['vendor/**']\n",
            "team.yaml": "readycheck: 1\nrules:\n  t/env:\n    check: file/absent\n    paths: ['.env', '*.log']\n",
            ".gitignore": "*.log\n!keep.log\n",
            "a.log": "x",
            "keep.log": "x",
            "vendor/.env": "x",
            "sub/.gitignore": "/.env\n",
            "sub/.env": "x",
            "sub/deeper/.env": "x",
            ".venv/.env": "x",
            "myenv/pyvenv.cfg": "home = /usr\n",
            "myenv/.env": "x",
        }
    )
    _, report = run_json(str(root))
    assert [f["path"] for f in findings_of(report, "t/env")] == ["keep.log", "sub/deeper/.env"]


def test_paths_outside_the_root_and_missing_paths_are_errors(project, tmp_path: Path) -> None:
    root = project({"readycheck.yaml": "policy: [recommended]\n"})
    missing = run("check", str(root / "nope.py"))
    assert missing.exit_code == 2
    assert "no such file or directory" in missing.stderr
