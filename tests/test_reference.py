"""The rule reference (docs/rules) is generated from the check declarations, complete and current."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.conftest import REPO_ROOT

from readycheck.meta import ENGINE_IDS, PARSE_ERROR
from readycheck.model import Check, Level
from readycheck.plugins import load_registry
from readycheck.reference import (
    ENGINE_SECTIONS,
    INDEX,
    SECTIONS,
    builtin_checks,
    describe_param,
    evidence_lines,
    expected_pages,
    markdown_text,
    render_index,
    render_page,
    stale_pages,
    write_pages,
)
from readycheck.registry import Registry

DOCS = REPO_ROOT / "docs" / "rules"


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry()


def _sections(page: str) -> list[str]:
    """The ``##`` headings, not counting lines in code blocks (a help text's template has headings)."""
    prose = re.sub(r"^(`{3,})[^\n]*\n.*?^\1$", "", page, flags=re.MULTILINE | re.DOTALL)
    return re.findall(r"^## (.+)$", prose, flags=re.MULTILINE)


def test_the_published_reference_is_current(registry: Registry) -> None:
    stale = stale_pages(registry, DOCS)
    assert stale == [], f"docs/rules is out of date ({', '.join(stale)}): regenerate it with 'readycheck docs'"


def test_every_builtin_check_has_a_page_with_the_fixed_sections(registry: Registry) -> None:
    pages = expected_pages(registry)
    ids = {check.id for check in builtin_checks(registry)}
    assert ids >= ENGINE_IDS and {"notebook/valid", "file/exists", "security/hardcoded-secrets"} <= ids
    assert set(pages) == {f"{check_id}.md" for check_id in ids} | {INDEX}
    for check in builtin_checks(registry):
        page = pages[f"{check.id}.md"]
        assert page.startswith(
            f"# {check.id}\n\n{markdown_text(check.description)}\n\n**Default level:** {check.level}"
        )
        assert _sections(page) == list(ENGINE_SECTIONS if check.function is None else SECTIONS), check.id


def test_the_index_links_every_page_by_area(registry: Registry) -> None:
    index = render_index(registry)
    for check in builtin_checks(registry):
        assert f"[{markdown_text(check.id)}]({check.id}.md) | {check.level} |" in index
    areas = _sections(index)
    assert areas == sorted(areas, key=registry.areas.index)
    assert len(areas) == len(set(areas))


def test_parameters_show_their_defaults(registry: Registry) -> None:
    size = render_page(registry.checks["notebook/size"], registry.kinds)
    assert "| `max_cells` | integer | `50` | no |" in size
    for check in builtin_checks(registry):
        page = render_page(check, registry.kinds)
        for name, spec in check.params.get("properties", {}).items():
            assert f"`{name}`" in page, (check.id, name)
            if "default" in spec and isinstance(spec["default"], int | bool | str):
                row = next(line for line in page.splitlines() if line.startswith(f"| `{name}` |"))
                assert str(spec["default"]).lower() in row.lower(), (check.id, name)


def test_a_check_without_parameters_says_none_and_engine_checks_have_no_example(registry: Registry) -> None:
    exists = render_page(registry.checks["file/exists"], registry.kinds)
    assert "## Parameters\n\nNone.\n" in exists
    assert "needs `paths`" in exists
    engine = render_page(PARSE_ERROR, registry.kinds)
    assert "## Parameters" not in engine and "## Example" not in engine
    assert "**Scope:** engine" in engine


def test_the_example_is_a_policy_snippet(registry: Registry) -> None:
    page = render_page(registry.checks["notebook/size"], registry.kinds)
    assert "## Example\n\n```yaml\nrules:\n  notebook/size:\n" in page
    bare = Check(
        id="team/bare", function=lambda _artifact, _params: [], description="d", help="h", fix="f", kinds=("text",)
    )
    assert "```yaml\nrules:\n  team/bare: warning\n```\n" in render_page(bare, registry.kinds)


def test_prose_is_escaped_and_preformatted_help_is_a_code_block(registry: Registry) -> None:
    check = Check(
        id="team/escaped",
        function=lambda _artifact, _params: [],
        description="Reads 'slices.<name>' and ignore[a/b] or '*' | not markup.",
        help="Intro.\n\n# Template\n  key: value",
        fix="1. do it",
        level=Level.ERROR,
        kinds=("text",),
    )
    page = render_page(check, registry.kinds)
    assert "Reads 'slices.\\<name\\>' and ignore\\[a/b\\] or '\\*' \\| not markup." in page
    assert "Intro.\n\n```\n# Template\n  key: value\n```" in page
    assert "## Fix\n\n1\\. do it\n" in page


def test_describe_param_covers_enums_alternatives_arrays_and_formats() -> None:
    assert describe_param({"enum": ["higher", "lower"]}) == "higher | lower"
    assert describe_param({"oneOf": [{"type": "string"}, {"type": "object"}]}) == "string or object"
    assert describe_param({"type": "array", "items": {"type": "string"}}) == "array of string"
    assert describe_param({"type": "string", "format": "regex"}) == "string, regex"
    assert describe_param({"type": ["integer", "null"]}) == "integer or null"
    assert describe_param({}) == "any"


def test_evidence_lines_say_what_happens_without_evidence(registry: Registry) -> None:
    lines = evidence_lines(registry.checks["tests/coverage"], registry.kinds)
    assert lines[0].startswith("evidence: finding nothing to read is a finding")
    assert lines[1].startswith("ignored files: reads files .gitignore ignores too")
    assert evidence_lines(PARSE_ERROR, registry.kinds) == []


def test_rendering_is_deterministic(registry: Registry) -> None:
    assert expected_pages(registry) == expected_pages(load_registry())
    check = registry.checks["metrics/slices"]
    assert render_page(check, registry.kinds).encode() == render_page(check, registry.kinds).encode()


def test_write_pages_creates_updates_and_removes_stale_pages(registry: Registry, tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    written = write_pages(registry, folder)
    assert len(written) == len(expected_pages(registry))
    assert stale_pages(registry, folder) == []
    assert write_pages(registry, folder) == []

    (folder / "gone").mkdir()
    (folder / "gone" / "old-check.md").write_text("# gone/old-check\n", encoding="utf-8")
    (folder / "notes.txt").write_text("not a page\n", encoding="utf-8")
    (folder / "notebook" / "size.md").write_text("edited by hand\n", encoding="utf-8")
    (folder / "file" / "exists.md").unlink()
    assert stale_pages(registry, folder) == ["file/exists.md", "gone/old-check.md", "notebook/size.md"]

    changed = write_pages(registry, folder)
    assert changed == sorted([folder / "file/exists.md", folder / "gone/old-check.md", folder / "notebook/size.md"])
    assert not (folder / "gone").exists()
    assert (folder / "notes.txt").exists()
    assert stale_pages(registry, folder) == []
    assert b"\r\n" not in (folder / "notebook" / "size.md").read_bytes()


def test_a_missing_folder_is_all_stale(registry: Registry, tmp_path: Path) -> None:
    assert stale_pages(registry, tmp_path / "absent") == sorted(expected_pages(registry))
