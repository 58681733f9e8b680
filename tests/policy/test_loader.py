from pathlib import Path

import pytest

from readycheck.errors import PolicyError
from readycheck.model import Level
from readycheck.plugins import load_registry
from readycheck.policy.loader import bind_rules, load_policies
from readycheck.registry import Registry


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry()


def rules_of(path: Path, registry: Registry, **kwargs: list[str]) -> dict:
    return {rule.id: rule for rule in bind_rules(load_policies([str(path)], path.parent, registry), registry, **kwargs)}


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path, registry: Registry) -> PolicyError:
    with pytest.raises(PolicyError) as caught:
        rules_of(path, registry)
    return caught.value


def test_shorthand_and_full_rules_are_bound_to_checks(tmp_path: Path, registry: Registry) -> None:
    policy = write(
        tmp_path / "team.yaml",
        """\
readycheck: 1
rules:
  file/absent:
    paths: [".env"]
  team/readme-contact:
    check: markdown/sections
    level: note
    paths: ["README.md"]
    with: {required: ["Contact"]}
    message: "README must say who to call"
    tier: gold
""",
    )
    rules = rules_of(policy, registry)
    assert rules["file/absent"].level is Level.ERROR  # the check's default
    assert rules["file/absent"].paths == (".env",)
    custom = rules["team/readme-contact"]
    assert custom.check.id == "markdown/sections"
    assert custom.level is Level.NOTE
    assert custom.params == {"required": ["Contact"], "allow_empty": False}  # the schema's default filled in
    assert custom.tier == "gold"
    assert custom.area == "documentation"
    assert custom.source is not None and custom.source.line == 5


def test_extends_merges_rule_by_rule_later_wins(tmp_path: Path, registry: Registry) -> None:
    write(
        tmp_path / "base.yaml",
        """\
readycheck: 1
rules:
  team/no-env:
    check: file/absent
    level: error
    paths: [".env"]
  team/license:
    check: file/exists
    paths: [LICENSE]
""",
    )
    child = write(
        tmp_path / "child.yaml",
        """\
readycheck: 1
extends: [base.yaml]
rules:
  team/no-env: warning
  team/license: "off"
""",
    )
    rules = rules_of(child, registry)
    assert set(rules) == {"team/no-env"}
    assert rules["team/no-env"].level is Level.WARNING
    assert rules["team/no-env"].paths == (".env",)  # kept from the base


def test_built_in_pack_is_extended_by_name(tmp_path: Path, registry: Registry) -> None:
    child = write(tmp_path / "p.yaml", "readycheck: 1\nextends: [recommended]\nrules:\n  ownership/codeowners: error\n")
    rules = rules_of(child, registry)
    assert rules["ownership/codeowners"].level is Level.ERROR
    assert rules["ownership/codeowners"].area == "ownership"
    assert "documentation/readme" in rules


def test_extends_cycle_is_an_error(tmp_path: Path, registry: Registry) -> None:
    write(tmp_path / "a.yaml", "readycheck: 1\nextends: [b.yaml]\n")
    write(tmp_path / "b.yaml", "readycheck: 1\nextends: [a.yaml]\n")
    error = error_of(tmp_path / "a.yaml", registry)
    assert "extends cycle" in error.message
    assert "a.yaml -> " in error.message and "b.yaml" in error.message


def test_select_and_ignore_globs(tmp_path: Path, registry: Registry) -> None:
    policy = write(tmp_path / "p.yaml", "readycheck: 1\nextends: [recommended]\n")
    selected = rules_of(policy, registry, select=["security/*", "ownership/*"], ignore=["ownership/*"])
    assert set(selected) == {"security/no-secret-files", "security/hardcoded-secrets"}


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("readycheck: 1\nrules:\n  file/absent:\n    paths: [x]\n    levle: error\n", 5, "unknown key 'levle'"),
        ("readycheck: 1\nrules:\n  file/absent: eror\n", 3, "is 'eror'; expected one of: error, warning, note, off"),
        (
            "readycheck: 1\nrules:\n  file/absnt: error\n",
            3,
            "unknown rule id 'file/absnt' (did you mean 'file/absent'?)",
        ),
        ("readycheck: 1\nrules:\n  team/x:\n    check: nope/nope\n", 3, "unknown check 'nope/nope'"),
        ("readycheck: 1\nrules:\n  Bad_Id: error\n", 3, "not a valid rule id"),
        ("readycheck: 1\nrules:\n  file/absent:\n    level: error\n", 3, "needs 'paths'"),
        ("readycheck: 2\n", 1, "'readycheck' must be 1"),
        ("rules: {}\n", 1, "missing required key 'readycheck'"),
        ("readycheck: 1\nrules:\n  file/absent: [error]\n", 3, "must be a string or a mapping"),
        ("readycheck: 1\nrules:\n  a/b:\n    check: file/absent\n    paths: [x]\n  a/b: error\n", 6, "duplicate key"),
        ("readycheck: 1\nrules: !!python/object:os.system {}\n", 2, "not allowed"),
        ("readycheck: 1\nrules:\n  file/absent: {paths: [x]\n", 4, "YAML syntax error"),
        (
            "readycheck: 1\nrules:\n  t/m:\n    check: data/field\n    paths: [m.json]\n    with:\n      fields:\n"
            "        eval.auc: '>= abc'\n",
            8,
            "bad threshold expression '>= abc': expected a number after '>='",
        ),
        (
            "readycheck: 1\nrules:\n  t/m:\n    check: data/field\n    paths: [m.json]\n    with:\n      fields: [1, 2]\n",
            7,
            "rule t/m: 'fields' must be a mapping",
        ),
        (
            "readycheck: 1\nrules:\n  t/m:\n    check: file/contains\n    paths: [a]\n    with: {pattern: '(unclosed'}\n",
            6,
            "missing ), unterminated subpattern",
        ),
    ],
)
def test_policy_errors_name_file_line_and_problem(
    tmp_path: Path, registry: Registry, text: str, line: int, fragment: str
) -> None:
    error = error_of(write(tmp_path / "team.yaml", text), registry)
    assert error.path is not None and error.path.endswith("team.yaml")
    assert error.line == line, str(error)
    assert fragment in error.message, str(error)


def test_unknown_pack_lists_known_ones(tmp_path: Path, registry: Registry) -> None:
    error = error_of(write(tmp_path / "p.yaml", "readycheck: 1\nextends: [recomended]\n"), registry)
    assert "unknown policy pack 'recomended'" in error.message
    assert "recommended" in error.message.split("known packs:")[1]
    assert error.line == 2


def test_every_built_in_pack_is_valid(registry: Registry) -> None:
    assert {"recommended", "strict"} <= set(registry.packs)
    for name, path in registry.packs.items():
        rules = bind_rules(load_policies([name], path.parent, registry), registry)
        assert rules, name
