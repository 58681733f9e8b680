"""Suppressions, applied in this order: inline comments, waivers from the config, the baseline.

A suppressed finding is not dropped: it keeps its place in every report, marked with the kind of
suppression and its justification, and counts in the summary as suppressed.
"""

from __future__ import annotations

import datetime
import fnmatch
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from readycheck import globs
from readycheck.errors import ConfigError
from readycheck.model import Finding, Suppression
from readycheck.registry import SUPPRESSION_WITHOUT_RULE, WAIVER_EXPIRED, WAIVER_UNUSED

_DIRECTIVE = re.compile(r"(?:#|<!--|//)\s*readycheck:\s*ignore(?:\[(?P<rules>[^\]]*)\])?(?P<reason>.*)")
_REASON_END = re.compile(r"-->|\\n\"|\"\s*,?\s*$")


@dataclass(frozen=True)
class Directive:
    """An ignore for ``rules`` over lines ``line``..``end_line`` (``None``: the whole file).

    A comment on line L covers L and L + 1 (the line it is on, and the line below); an artifact kind
    can add its own, e.g. a notebook cell's metadata covers the cell's lines.
    """

    line: int
    rules: tuple[str, ...]
    reason: str
    end_line: int | None = -1

    def covers(self, finding: Finding) -> bool:
        if not any(fnmatch.fnmatchcase(finding.rule_id, pattern) for pattern in self.rules):
            return False
        if self.end_line is None:
            return True
        end = self.line + 1 if self.end_line == -1 else self.end_line
        return finding.line is not None and self.line <= finding.line <= end


def find_directives(text: str) -> list[Directive]:
    """Inline directives of a file: Python/YAML/TOML comments, Markdown HTML comments, and notebook
    cell sources (which appear as JSON strings, quotes and ``\\n`` included, in the raw file)."""
    if "readycheck:" not in text:
        return []
    directives = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _DIRECTIVE.search(line)
        if match is None:
            continue
        rules = tuple(r.strip() for r in (match.group("rules") or "").split(",") if r.strip())
        reason = _REASON_END.split(match.group("reason"), maxsplit=1)[0].strip()
        directives.append(Directive(number, rules, reason))
    return directives


def apply_inline(findings: list[Finding], directives: list[Directive], path: str, fix: str) -> list[Finding]:
    """Suppress findings of ``path`` that a directive covers; a directive naming no rule suppresses
    nothing and is itself a finding."""
    if not directives:
        return findings
    result = []
    for finding in findings:
        if finding.path == path and finding.suppression is None:
            directive = next((d for d in directives if d.covers(finding)), None)
            if directive is not None:
                finding = replace(finding, suppression=Suppression("inline", directive.reason or "inline ignore"))
        result.append(finding)
    for directive in directives:
        if not directive.rules:
            result.append(
                Finding(
                    rule_id=SUPPRESSION_WITHOUT_RULE.id,
                    level=SUPPRESSION_WITHOUT_RULE.level,
                    message="'readycheck: ignore' must name the rules it silences, e.g. ignore[notebook/size]",
                    path=path,
                    line=directive.line,
                    column=1,
                    help=fix,
                )
            )
    return result


@dataclass(frozen=True)
class Waiver:
    """An exception a lead signed off: ``rule`` (a glob) on ``paths`` until ``expires``."""

    rule: str
    reason: str
    expires: datetime.date
    paths: tuple[str, ...] = ()
    owner: str = ""
    line: int | None = None

    def covers(self, finding: Finding) -> bool:
        if not fnmatch.fnmatchcase(finding.rule_id, self.rule):
            return False
        return not self.paths or globs.matches(finding.path, self.paths)


def parse_waivers(entries: Iterable[Mapping[str, Any]], lines: Iterable[int | None], shown: str) -> list[Waiver]:
    waivers = []
    for entry, line in zip(entries, lines, strict=True):
        try:
            expires = datetime.date.fromisoformat(str(entry["expires"]))
        except ValueError:
            raise ConfigError(
                f"waiver 'expires' must be a date (YYYY-MM-DD), not {entry['expires']!r}", shown, line
            ) from None
        waivers.append(
            Waiver(
                rule=entry["rule"],
                reason=entry["reason"],
                expires=expires,
                paths=tuple(entry.get("paths", ())),
                owner=entry.get("owner", ""),
                line=line,
            )
        )
    return waivers


def apply_waivers(
    findings: list[Finding], waivers: list[Waiver], today: datetime.date, config_path: str, check_unused: bool
) -> list[Finding]:
    """Suppress what live waivers cover; expired waivers suppress nothing and are findings, and so
    (as notes, in full scans only) are waivers that matched nothing."""
    result = []
    used: set[int] = set()
    live = [(i, w) for i, w in enumerate(waivers) if w.expires >= today]
    for finding in findings:
        if finding.suppression is None:
            for index, waiver in live:
                if waiver.covers(finding):
                    used.add(index)
                    owner = f" ({waiver.owner})" if waiver.owner else ""
                    justification = f"{waiver.reason}{owner}, until {waiver.expires.isoformat()}"
                    finding = replace(finding, suppression=Suppression("waiver", justification))
                    break
        result.append(finding)
    for index, waiver in enumerate(waivers):
        if waiver.expires < today:
            message = f"waiver for {waiver.rule} expired on {waiver.expires.isoformat()}: its findings count again"
            result.append(_config_finding(WAIVER_EXPIRED, message, config_path, waiver, index))
        elif check_unused and index not in used:
            message = f"waiver for {waiver.rule} matches no finding: remove it"
            result.append(_config_finding(WAIVER_UNUSED, message, config_path, waiver, index))
    return result


def _config_finding(check: Any, message: str, config_path: str, waiver: Waiver, index: int) -> Finding:
    return Finding(
        rule_id=check.id,
        level=check.level,
        message=message,
        path=config_path,
        line=waiver.line,
        column=1 if waiver.line else None,
        fingerprint=_digest(f"{check.id}\0{waiver.rule}\0{index}"),
        help=check.fix,
    )


def _digest(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode()).hexdigest()[:32]


BASELINE_FORMAT = 1


def write_baseline(findings: Iterable[Finding], path: Path) -> int:
    """Record the active findings' fingerprints; returns how many."""
    records = sorted(
        (
            {"fingerprint": f.fingerprint, "rule_id": f.rule_id, "path": f.path}
            for f in findings
            if f.suppression is None
        ),
        key=lambda r: (r["path"], r["rule_id"], r["fingerprint"]),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"readycheck_baseline": BASELINE_FORMAT, "findings": records}, indent=2) + "\n")
    return len(records)


def read_baseline(path: Path) -> set[str]:
    from readycheck.policy.loader import display_path

    shown = display_path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"cannot read baseline: {error.strerror}", shown) from None
    except json.JSONDecodeError as error:
        raise ConfigError(f"baseline is not valid JSON: {error.msg}", shown, error.lineno) from None
    if not isinstance(data, dict) or data.get("readycheck_baseline") != BASELINE_FORMAT:
        raise ConfigError("not a readycheck baseline (write one with 'readycheck baseline -o FILE')", shown, 1)
    try:
        return {record["fingerprint"] for record in data["findings"]}
    except (KeyError, TypeError):
        raise ConfigError("baseline 'findings' must be a list of records with a 'fingerprint'", shown) from None


def apply_baseline(findings: list[Finding], fingerprints: set[str]) -> list[Finding]:
    return [
        replace(f, suppression=Suppression("baseline", "recorded in the baseline"))
        if f.suppression is None and f.fingerprint in fingerprints
        else f
        for f in findings
    ]
