"""What ``readycheck explain`` and ``readycheck rules --policy`` say about a check and about a rule of the
configured policy: the same facts as the rule reference (:mod:`readycheck.reference`), as plain text."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from readycheck.artifacts import ArtifactKind
from readycheck.model import Check, Rule, SourceLocation
from readycheck.packs import pack_name
from readycheck.reference import evidence_lines, example_snippet, page_path, parameters, paths_line

REFERENCE = "docs/rules"
"""Where the generated reference lives in readycheck's repository."""


def check_lines(check: Check, kinds: Mapping[str, ArtifactKind]) -> list[str]:
    """A check's help, parameters with defaults, evidence semantics and an example policy snippet."""
    lines = [
        f"{check.id}: {check.description}",
        "",
        f"default level: {check.level}    scope: {check.scope}    area: {check.area}    tier: {check.tier}",
    ]
    if check.kinds:
        lines.append(f"reads: {', '.join(check.kinds)}")
    if check.plugin:
        lines.append(f"plugin: {check.plugin}")
    lines += ["", check.help, "", f"fix: {check.fix}", f"more: {help_link(check)}"]
    listed = parameters(check)
    if listed:
        lines += ["", "parameters (under 'with:'):"]
        for parameter in listed:
            default = f", default {parameter.default}" if parameter.default is not None else ""
            needed = ", required" if parameter.required else ""
            text = f" {parameter.description}" if parameter.description else ""
            lines.append(f"  {parameter.name} ({parameter.type}{needed}{default}){text}")
    evidence = evidence_lines(check, kinds)
    if evidence:
        lines += ["", *evidence]
    paths = paths_line(check)
    if paths:
        lines += ["", paths]
    if check.function is not None:
        lines += ["", "example:", *(f"  {line}" for line in example_snippet(check).splitlines())]
    return lines


def help_link(check: Check) -> str:
    """A plugin's own documentation when it declares one, else readycheck's reference page."""
    return check.help_url or f"{REFERENCE}/{page_path(check.id)} in readycheck's repository"


def rule_lines(rule: Rule) -> list[str]:
    """A rule as the configured policy runs it: its check, what the policy set, and where."""
    lines = [
        f"{rule.id}: a rule of the configured policy, running check {rule.check.id}",
        "",
        f"level: {rule.level}    area: {rule.area}    tier: {rule.tier}    "
        f"required: {'yes' if rule.required else 'no'}",
    ]
    if rule.message:
        lines.append(f"message: {rule.message}")
    if rule.paths:
        lines.append(f"paths: {', '.join(rule.paths)}")
    if rule.exclude:
        lines.append(f"exclude: {', '.join(rule.exclude)}")
    if rule.params:
        lines.append(f"parameters: {json.dumps(dict(rule.params), sort_keys=True, default=str)}")
    if rule.configured:
        places = ", ".join(place_of(source) for source in rule.configured)
        later = " (later files win, key by key)" if len(rule.configured) > 1 else ""
        lines.append(f"configured in: {places}{later}")
    return lines


def place_of(source: SourceLocation) -> str:
    """Where a rule was set: ``policies/team.yaml:12``, or ``pack recommended:7`` for a built-in pack."""
    pack = pack_name(Path(source.file)) if source.file else None
    if pack is not None:
        return f"pack {pack}" + (f":{source.line}" if source.line else "")
    return str(source)


def rule_record(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "check": rule.check.id,
        "level": str(rule.level),
        "area": rule.area,
        "tier": rule.tier,
        "required": rule.required,
        "paths": list(rule.paths),
        "exclude": list(rule.exclude),
        "message": rule.message,
        "parameters": dict(rule.params),
        "configured": [place_of(source) for source in rule.configured],
        "plugin": rule.check.plugin or None,
    }
