"""SARIF 2.1.0, as GitHub code scanning, Azure DevOps and the VS Code SARIF viewer read it.

One run. The driver lists every rule that ran; each active finding is a result with a repository-relative
location (findings about the whole repository point at the line configuring their rule, see
``common.Locator``). ``partialFingerprints`` carry readycheck's own fingerprint, which ignores lines,
and GitHub's ``primaryLocationLineHash``, computed from the file exactly as ``upload-sarif`` would,
so that uploads through the API track alerts like uploads through the action. Suppressed findings
are left out unless ``--sarif-suppressed=include`` asks for them with their ``suppressions``: GitHub
ingests them as open alerts.
"""

from __future__ import annotations

import json
import sys
from array import array
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path
from typing import Any

from readycheck.meta import CHECK_ERROR
from readycheck.model import Finding, Result, Rule
from readycheck.reporters import ReportOptions
from readycheck.reporters.common import (
    CONFIG_ANCHOR,
    RULE_ANCHOR,
    STAND_IN,
    Location,
    Locator,
    clean_text,
    one_line,
    rule_source,
    truncate,
)
from readycheck.scorecard import EXECUTION_ERRORS, evaluated_rules, scorecard
from readycheck.version import __version__

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT = "readycheck/v1"
LINE_HASH = "primaryLocationLineHash"
SUPPRESSION_KINDS = {"inline": "inSource", "waiver": "external", "baseline": "external"}
ANCHOR_MESSAGES = {
    RULE_ANCHOR: "The finding concerns the whole repository; its rule is configured here.",
    CONFIG_ANCHOR: "The finding concerns the whole repository; this file chooses the policy that sets its rule.",
    STAND_IN: "The finding concerns the whole repository; code scanning needs a file, so it is shown here.",
}
NAME_LIMIT, DESCRIPTION_LIMIT = 255, 1024
"""GitHub's limits on a rule's name and descriptions."""


def render(result: Result, options: ReportOptions) -> str:
    return json.dumps(report(result, options.sarif_suppressed == "include"), indent=2, ensure_ascii=False) + "\n"


def report(result: Result, suppressed: bool = False) -> dict[str, Any]:
    """``suppressed``: keep suppressed findings, marked with ``suppressions`` (GitHub code scanning opens
    alerts for them all the same, so they are left out unless asked for)."""
    rules = evaluated_rules(result)
    index = {rule.id: i for i, rule in enumerate(rules)}
    locate = Locator(result, rules)
    findings = result.findings if suppressed else result.active
    placed = [(finding, locate(finding)) for finding in findings]
    hashes = _line_hashes(locate.root, [location for _, location in placed])
    card = scorecard(result)
    invocation: dict[str, Any] = {"executionSuccessful": not any(f.rule_id == CHECK_ERROR.id for f in result.findings)}
    notifications = [_notification(f, index[f.rule_id], where) for f, where in placed if f.rule_id in EXECUTION_ERRORS]
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "readycheck",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": [_descriptor(rule, locate.root) for rule in rules],
                    }
                },
                "invocations": [invocation],
                "columnKind": "unicodeCodePoints",
                "results": [_result(f, index[f.rule_id], where, hashes.get(where.path, {})) for f, where in placed],
                "properties": {
                    "readiness": {"level": card.level, "areas": card.to_json()},
                    **({"mlTestScore": result.ml_test_score} if result.ml_test_score is not None else {}),
                },
            }
        ],
    }


def _descriptor(rule: Rule, root: Path) -> dict[str, Any]:
    check = rule.check
    description = one_line(check.description) or rule.id
    explanation = one_line(check.help) or description
    source = rule_source(rule, root)
    facts = f"Check {check.id}, area {rule.area}, tier {rule.tier}"
    facts += f", configured at {source.position}" if source else ""
    fix = one_line(check.fix)
    text = explanation + (f"\n\nFix: {fix}" if fix else "") + f"\n\n{facts}."
    reference = f"[Documentation]({check.help_url})" if check.help_url else f"Reference: `readycheck explain {rule.id}`"
    markdown = explanation + (f"\n\n**Fix:** {fix}" if fix else "") + f"\n\n{facts}. {reference}"
    own = one_line(rule.message or "")  # a team's rule reads as what the team asks, not as its generic check
    descriptor: dict[str, Any] = {
        "id": rule.id,
        "name": truncate(rule.name, NAME_LIMIT),
        "shortDescription": {"text": truncate(own or description, DESCRIPTION_LIMIT)},
        "fullDescription": {
            "text": truncate(f"{own} ({check.id}: {explanation})" if own else explanation, DESCRIPTION_LIMIT)
        },
        "help": {"text": (f"{own}\n\n" if own else "") + text, "markdown": (f"{own}\n\n" if own else "") + markdown},
        "defaultConfiguration": {"level": str(rule.level)},
        "properties": {"tags": [rule.area, rule.tier], "area": rule.area, "tier": rule.tier, "check": check.id},
    }
    if check.help_url:  # a plugin's own documentation; built-in checks carry their reference in 'help'
        descriptor["helpUri"] = check.help_url
    return descriptor


def _physical(location: Location) -> dict[str, Any]:

    # GitHub requires a startLine; a finding about a whole file sits on its first line, as upload-sarif assumes.
    region: dict[str, int] = {"startLine": location.line or 1}
    if location.column:
        region["startColumn"] = location.column
    if location.end_line:
        region["endLine"] = location.end_line
    if location.end_column:
        region["endColumn"] = location.end_column
    return {"artifactLocation": {"uri": location.uri, "uriBaseId": SRCROOT}, "region": region}


def _locations(location: Location) -> list[dict[str, Any]]:
    if not location.is_file:
        return []
    placed: dict[str, Any] = {"physicalLocation": _physical(location)}
    if location.anchor is not None:
        placed["message"] = {"text": ANCHOR_MESSAGES[location.anchor]}
    return [placed]


def _result(finding: Finding, rule_index: int, location: Location, hashes: dict[int, str]) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index,
        "level": str(finding.level),
        "message": {"text": clean_text(finding.message) or finding.rule_id},
    }
    locations = _locations(location)
    if locations:
        entry["locations"] = locations
    fingerprints = {}
    if finding.fingerprint:
        fingerprints[FINGERPRINT] = finding.fingerprint
    line_hash = hashes.get(location.line or 1) if location.is_file else None
    if line_hash:
        fingerprints[LINE_HASH] = line_hash
    if fingerprints:
        entry["partialFingerprints"] = fingerprints
    if finding.suppression is not None:
        entry["suppressions"] = [
            {
                "kind": SUPPRESSION_KINDS.get(finding.suppression.kind, "external"),
                "status": "accepted",
                "justification": clean_text(finding.suppression.justification),
                "properties": {"readycheckKind": finding.suppression.kind},
            }
        ]
    return entry


def _notification(finding: Finding, rule_index: int, location: Location) -> dict[str, Any]:
    """A check crash or an unreadable file, also told as what it is: the tool failing on an input."""
    notification: dict[str, Any] = {
        "level": "error",
        "message": {"text": clean_text(finding.message) or finding.rule_id},
        "associatedRule": {"id": finding.rule_id, "index": rule_index},
    }
    locations = _locations(location)
    if locations:
        notification["locations"] = locations
    return notification


# GitHub's primaryLocationLineHash, as github/codeql-action src/fingerprints.ts (hash()) computes it: a rolling
# hash over the next 100 characters from each line start, spaces and tabs skipped, line ends made "\n",
# 64-bit arithmetic, UTF-16 code units, an end-of-file marker, then "hash:occurrence" within the file.
# The rolling hash at a line start is the hash of the 100 units from there, so only the wanted lines are
# hashed; an occurrence counts the earlier line starts with the same 100 units (equal hashes, but for a
# collision of 64-bit hashes).
_BLOCK_SIZE = 100
_MOD = 37
_MASK = (1 << 64) - 1
_PADDING = b"\xff\xff" + bytes(2 * _BLOCK_SIZE)
"""The end-of-file marker (unit 0xFFFF) and the zeros the rolling hash shifts in after it."""
_BLANKS = str.maketrans("", "", " \t")


def _line_hashes(root: Path, locations: Iterable[Location]) -> dict[str, dict[int, str]]:
    """The line hashes each location needs, per file in the repository; a file that cannot be read gets
    none, as upload-sarif does."""
    wanted: dict[str, set[int]] = {}
    for location in locations:
        if location.is_file:
            wanted.setdefault(location.path, set()).add(location.line or 1)
    hashes = {}
    for path, lines in sorted(wanted.items()):
        file = (root / path).resolve()
        with suppress(OSError):
            if file.is_relative_to(root) and file.is_file():
                hashes[path] = line_hashes(file, lines)
    return hashes


def line_hashes(file: Path, lines: set[int]) -> dict[int, str]:
    """``{line: "hash:occurrence"}`` for the wanted ``lines`` of ``file``."""
    with file.open(encoding="utf-8", errors="replace", newline="") as stream:
        text = stream.read()
    normal = text.replace("\r\n", "\n").replace("\r", "\n").translate(_BLANKS)
    units = normal.encode("utf-16-le")
    data = units + _PADDING
    astral = len(units) // 2 != len(normal)  # characters outside the BMP take two units
    starts, position = [], 0
    for part in normal.split("\n"):
        starts.append(position)
        position += (len(part.encode("utf-16-le")) // 2 if astral else len(part)) + 1
    last = min(max(lines, default=0), len(starts))
    window = 2 * _BLOCK_SIZE
    needed = {data[2 * starts[line - 1] : 2 * starts[line - 1] + window] for line in lines if line <= last}
    seen: dict[bytes, int] = {}
    found: dict[int, str] = {}
    for number, start in enumerate(starts[:last], start=1):
        block = data[2 * start : 2 * start + window]
        if block in needed:
            seen[block] = seen.get(block, 0) + 1
            if number in lines:
                found[number] = f"{_hash(block):x}:{seen[block]}"
    return found


def _hash(block: bytes) -> int:
    code_units = array("H", block)
    if sys.byteorder == "big":
        code_units.byteswap()
    value = 0
    for unit in code_units:
        value = (_MOD * value + unit) & _MASK
    return value
