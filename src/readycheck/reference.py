"""The rule reference: one Markdown page per built-in check, and an index, generated from the declarations.

The pages are written into the repository (``docs/rules``) and CI checks they are current, so the
output is deterministic: no dates, and everything in declared order or sorted. The plain-text facts
(parameter types, evidence semantics) are shared with ``readycheck explain`` so that both say the same.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from readycheck.artifacts import ArtifactKind
from readycheck.meta import ENGINE_CHECKS
from readycheck.model import FILE, Check
from readycheck.registry import BUILTIN, Registry

INDEX = "README.md"
"""The index page's name in the reference folder (GitHub shows a folder's README)."""
SECTIONS = ("What it does", "Fix", "Parameters", "Evidence", "Example")
"""A check's page has these ``##`` sections in this order; an engine check's has no Parameters or Example."""
ENGINE_SECTIONS = ("What it does", "Fix", "Evidence")


# Facts shared with ``readycheck explain`` (plain text, no Markdown).


def describe_param(spec: Mapping[str, Any]) -> str:
    """A parameter's type as one short phrase: its enum values, or its type(s) and format."""
    if "enum" in spec:
        return " | ".join(str(value) for value in spec["enum"])
    alternatives = spec.get("oneOf") or spec.get("anyOf")
    if "type" not in spec and alternatives:
        return " or ".join(dict.fromkeys(describe_param(alternative) for alternative in alternatives))
    kind = spec.get("type", "any")
    kind = " or ".join(kind) if isinstance(kind, list) else str(kind)
    if kind == "array" and isinstance(spec.get("items"), Mapping):
        kind += f" of {describe_param(spec['items'])}"
    if "format" in spec:
        kind += f", {spec['format']}"
    return kind


@dataclass(frozen=True)
class Parameter:
    """One ``with:`` parameter as the reference and ``explain`` show it."""

    name: str
    type: str
    default: str | None
    """The default as JSON, or None when there is none."""
    required: bool
    description: str


def parameters(check: Check) -> list[Parameter]:
    """The check's top-level ``with:`` parameters, in declared order."""
    required = set(check.params.get("required", []))
    return [
        Parameter(
            name=name,
            type=describe_param(spec),
            default=json.dumps(spec["default"]) if "default" in spec else None,
            required=name in required,
            description=str(spec.get("description", "")),
        )
        for name, spec in check.params.get("properties", {}).items()
    ]


def parameter_constraints(check: Check) -> list[str]:
    """Sentences for a top-level ``anyOf``/``oneOf`` of required parameters, which the per-parameter
    'required' flag cannot say: 'at least one of min, max_gap is required'."""
    sentences = []
    for keyword, quantity in (("anyOf", "at least one of"), ("oneOf", "exactly one of")):
        alternatives = check.params.get(keyword, [])
        if alternatives and all(set(alternative) == {"required"} for alternative in alternatives):
            groups = [" and ".join(alternative["required"]) for alternative in alternatives]
            sentences.append(f"{quantity} {', '.join(groups)} is required")
    return sentences


def evidence_facts(check: Check, kinds: Mapping[str, ArtifactKind]) -> list[tuple[str, str]]:
    """(label, sentence without final full stop) pairs: what the check does when it finds nothing to
    read, and whether it reads files .gitignore ignores. Empty for a repository-wide check that does not
    require evidence (it decides for itself) and for engine checks (they read nothing)."""
    if check.function is None or (check.scope != FILE and not check.required):
        return []
    if check.required:
        absent = "finding nothing to read is a finding (required evidence; 'required: false' makes it optional)"
        if check.produce:
            absent += f"; to produce it: {check.produce.rstrip('.')}"
    elif check.absence_passes:
        absent = "finding nothing to read is a pass (nothing forbidden is there)"
    else:
        absent = "finding nothing to read makes the rule not applicable: no finding, and no scorecard credit"
    generated = check.generated or any(kind in kinds and kinds[kind].generated for kind in check.kinds)
    ignored = "reads files .gitignore ignores too" if generated else "skips files .gitignore ignores"
    return [("evidence", absent), ("ignored files", f"{ignored} (a rule's 'generated:' changes this)")]


def evidence_lines(check: Check, kinds: Mapping[str, ArtifactKind]) -> list[str]:
    """``evidence_facts`` as ``explain`` prints them: 'label: sentence.' lines."""
    return [f"{label}: {sentence}." for label, sentence in evidence_facts(check, kinds)]


def paths_line(check: Check) -> str:
    """What the check reads by default: 'needs paths', its default globs, or '' when neither."""
    if check.requires_paths:
        return "needs 'paths': the globs of the files the rule is about."
    if check.paths:
        return f"default paths (a rule's 'paths' replaces them): {', '.join(check.paths)}"
    return ""


def example_snippet(check: Check) -> str:
    """A policy snippet using the check: ``rules:`` then its declared example, or ``<id>: <level>``."""
    example = check.example or f"{check.id}: {check.level}"
    return "\n".join(["rules:", *(f"  {line}" if line else "" for line in example.splitlines())])


# Markdown.

_SPECIAL = re.compile(r"[\\`*\[\]<>|~]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|&(?=#?\w+;)")
_BLOCK_START = re.compile(r"^(?:[#=+-]|\d+[.)])")


def markdown_text(text: str) -> str:
    """Prose as Markdown that renders as written: quoted '<name>', '*' and '[...]' are not markup."""
    escaped = _SPECIAL.sub(lambda match: "\\" + match.group(0), text)
    start = _BLOCK_START.match(escaped)
    if start:  # a paragraph starting like a heading or list item
        cut = start.end() - 1
        escaped = escaped[:cut] + "\\" + escaped[cut:]
    return escaped


def code_span(text: str, in_table: bool = False) -> str:
    """Inline code, whatever backticks ``text`` holds (in a table cell, '|' must be escaped even there)."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    padded = f" {text} " if text.startswith("`") or text.endswith("`") else text
    if in_table:
        padded = padded.replace("|", "\\|")
    return f"{fence}{padded}{fence}"


def code_block(text: str, language: str = "") -> list[str]:
    """A fenced code block, fenced by more backticks than ``text`` holds in a row."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}{language}", *text.splitlines(), fence]


def _prose(text: str) -> list[str]:
    """Help text as Markdown: one-line paragraphs are prose; a paragraph of several lines is
    preformatted (a template, a config excerpt) and becomes a code block."""
    lines: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        if lines:
            lines.append("")
        if "\n" in paragraph:
            lines += code_block(paragraph)
        else:
            lines.append(markdown_text(paragraph.strip()))
    return lines


def _cell(text: str) -> str:
    """Text for a table cell, which must stay on one line."""
    return markdown_text(" ".join(text.split()))


def _scope(check: Check) -> str:
    return "engine" if check.function is None else check.scope


def _facts(check: Check) -> str:
    facts = [("Default level", str(check.level)), ("Scope", _scope(check)), ("Area", check.area)]
    if check.function is not None:
        facts.append(("Tier", check.tier))
        if check.kinds:
            facts.append(("Reads", ", ".join(check.kinds)))
    return " · ".join(f"**{label}:** {markdown_text(value)}" for label, value in facts)


def _parameters_section(check: Check) -> list[str]:
    rows = parameters(check)
    if not rows:
        return ["None."]
    lines = ["| Name | Type | Default | Required | Description |", "| --- | --- | --- | --- | --- |"]
    for row in rows:
        cells = [
            code_span(row.name, in_table=True),
            _cell(row.type),
            code_span(row.default, in_table=True) if row.default is not None else "-",
            "yes" if row.required else "no",
            _cell(row.description),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines += [f"\n{markdown_text(sentence[:1].upper() + sentence[1:])}." for sentence in parameter_constraints(check)]
    return lines


_EVIDENCE_LABELS = {"evidence": "Nothing to read", "ignored files": "Ignored files"}


def _evidence_section(check: Check, kinds: Mapping[str, ArtifactKind]) -> list[str]:
    if check.function is None:
        return ["Reported by readycheck itself, not by a policy rule: it reads no evidence of its own."]
    facts = [
        f"- **{_EVIDENCE_LABELS.get(label, label.capitalize())}:** {markdown_text(sentence)}."
        for label, sentence in evidence_facts(check, kinds)
    ]
    if not facts:
        facts.append("- **Nothing to read:** a repository-wide check; what it does then is described above.")
    if check.requires_paths:
        facts.append("- **Paths:** needs `paths`: the globs of the files the rule is about.")
    elif check.paths:
        globs = ", ".join(code_span(glob) for glob in check.paths)
        facts.append(f"- **Default paths** (a rule's `paths` replaces them): {globs}.")
    return facts


def render_page(check: Check, kinds: Mapping[str, ArtifactKind]) -> str:
    """One check's reference page; ``kinds`` (the registry's) tells whether its artifact kinds are generated."""
    sections: dict[str, list[str]] = {
        "What it does": _prose(check.help),
        "Fix": _prose(check.fix),
        "Parameters": _parameters_section(check),
        "Evidence": _evidence_section(check, kinds),
        "Example": code_block(example_snippet(check), "yaml"),
    }
    lines = [f"# {markdown_text(check.id)}", "", markdown_text(check.description), "", _facts(check)]
    for title in ENGINE_SECTIONS if check.function is None else SECTIONS:
        lines += ["", f"## {title}", "", *sections[title]]
    return "\n".join(lines) + "\n"


def page_path(check_id: str) -> str:
    """A check's page, relative to the reference folder: ``notebook/valid`` -> ``notebook/valid.md``."""
    return f"{check_id}.md"


def builtin_checks(registry: Registry) -> list[Check]:
    """The checks readycheck ships, by id: engine checks and those of built-in plugins. A check a
    non-built-in plugin overrides is left out, since the registry only holds the override."""
    owners: dict[str, str] = {check.id: BUILTIN for check in ENGINE_CHECKS}
    for plugin in registry.plugins:
        for check_id in plugin.registers.get("check", []):
            owners[check_id] = plugin.origin
    return [registry.checks[i] for i in sorted(owners) if owners[i] == BUILTIN and i in registry.checks]


def render_index(registry: Registry) -> str:
    """The index of the built-in checks, by area in report order, each linked to its page."""
    checks = builtin_checks(registry)
    areas = sorted(
        {check.area for check in checks},
        key=lambda a: (registry.areas.index(a), a) if a in registry.areas else (len(registry.areas), a),
    )
    lines = [
        "# Rule reference",
        "",
        "Every check readycheck ships, by scorecard area. Generated from the check declarations by "
        "`readycheck docs`: do not edit these pages by hand.",
        "",
        "`readycheck explain RULE` shows the same in a terminal, plugins' checks included.",
    ]
    for area in areas:
        lines += [
            "",
            f"## {markdown_text(area)}",
            "",
            "| Rule | Level | Scope | Description |",
            "| --- | --- | --- | --- |",
        ]
        for check in (c for c in checks if c.area == area):
            link = f"[{markdown_text(check.id)}]({page_path(check.id)})"
            lines.append(f"| {link} | {check.level} | {_scope(check)} | {_cell(check.description)} |")
    return "\n".join(lines) + "\n"


def expected_pages(registry: Registry) -> dict[str, str]:
    """Every page the reference folder should hold: relative POSIX path to content."""
    pages = {page_path(check.id): render_page(check, registry.kinds) for check in builtin_checks(registry)}
    pages[INDEX] = render_index(registry)
    return dict(sorted(pages.items()))


def _existing_pages(folder: Path) -> set[str]:
    return (
        {path.relative_to(folder).as_posix() for path in folder.rglob("*.md") if path.is_file()}
        if folder.is_dir()
        else set()
    )


def _is_current(path: Path, content: str) -> bool:
    """Line endings aside (a Windows checkout may turn them into CRLF), the file holds ``content``."""
    try:
        return path.read_text(encoding="utf-8") == content
    except (OSError, UnicodeDecodeError):
        return False


def stale_pages(registry: Registry, folder: Path) -> list[str]:
    """Relative paths of pages missing, different from what would be generated, or no longer expected."""
    expected = expected_pages(registry)
    existing = _existing_pages(folder)
    stale = {name for name, content in expected.items() if not _is_current(folder / name, content)}
    return sorted(stale | (existing - set(expected)))


def write_pages(registry: Registry, folder: Path) -> list[Path]:
    """Bring ``folder`` up to date: write missing or different pages, delete ``.md`` pages no longer
    expected (and the folders that leaves empty); return the paths written or deleted."""
    expected = expected_pages(registry)
    changed: list[Path] = []
    for name in sorted(_existing_pages(folder) - set(expected)):
        path = folder / name
        path.unlink()
        changed.append(path)
        parent = path.parent
        while parent != folder and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent
    for name, content in expected.items():
        path = folder / name
        if _is_current(path, content):
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="\n") as stream:
            stream.write(content)
        changed.append(path)
    return sorted(changed)
