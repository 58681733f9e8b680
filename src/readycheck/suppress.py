"""Suppressions, applied in this order: inline comments, waivers from the config, the baseline.

A suppressed finding is not dropped: it keeps its place in every report, marked with the kind of
suppression and its justification, and counts in the summary as suppressed.
"""

from __future__ import annotations

import bisect
import datetime
import fnmatch
import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from readycheck import globs
from readycheck.errors import ConfigError, FileReadError
from readycheck.hashing import fingerprint
from readycheck.meta import SUPPRESSION_WITHOUT_RULE, WAIVER_EXPIRED, WAIVER_UNUSED
from readycheck.model import Directive, Finding, Suppression
from readycheck.paths import display_path, read_bounded
from readycheck.redaction import redact_text

_DIRECTIVE = re.compile(r"(?:#|<!--|//)\s*+readycheck:\s*+ignore(?:\[(?P<rules>[^\]]*+)\])?(?P<reason>.*)")
_REASON_END = re.compile(r"-->|\\n\"|\"\s*+,?\s*+$")
_SILENCEABLE = re.compile(r"^[a-z0-9][a-z0-9_.-]*/[a-z0-9_.*?\[\]-]+$")
"""What a suppression may name: a rule id, or a glob over one area's rules (``notebook/*``). ``*`` and
``*/x`` would silence every rule, the secrets check included, so they are refused and reported."""


def parse_directive(line: str) -> tuple[tuple[str, ...], str] | None:
    """The rules and reason of a ``readycheck: ignore[...] reason`` comment on ``line``, if there is one."""
    match = _DIRECTIVE.search(line)
    if match is None:
        return None
    rules = tuple(r.strip() for r in (match.group("rules") or "").split(",") if r.strip())
    return rules, _REASON_END.split(match.group("reason"), maxsplit=1)[0].strip()


def find_directives(text: str) -> list[Directive]:
    """Inline directives of a file: Python/YAML/TOML comments and Markdown HTML comments. Formats whose
    artifact kind knows where comments are (notebooks) supply their own instead (ArtifactKind.directives)."""
    if "readycheck:" not in text:
        return []
    directives = []
    for number, line in enumerate(text.splitlines(), start=1):
        parsed = parse_directive(line)
        if parsed is not None:
            directives.append(Directive(number, *parsed))
    return directives


def apply(
    findings: list[Finding],
    directives: Mapping[str, list[Directive]],
    waivers: list[Waiver],
    today: datetime.date,
    config_path: str,
    full: bool,
    baseline: set[str] | None = None,
) -> list[Finding]:
    """The suppression stage, in order: inline directives, waivers (``config_path`` is where findings
    about them point), the baseline's fingerprints. Returns every finding, sorted, suppressed ones marked."""
    findings = apply_inline(findings, directives)
    if waivers:
        findings = apply_waivers(findings, waivers, today, config_path, check_unused=full)
    if baseline is not None:
        findings = apply_baseline(findings, baseline)
    return sorted(findings, key=Finding.sort_key)


def apply_inline(findings: list[Finding], directives: Mapping[str, list[Directive]]) -> list[Finding]:
    """Suppress findings that a directive of their file covers; a directive naming no rule suppresses
    nothing and is itself a finding."""
    if not directives:
        return findings
    indexes = {path: _DirectiveIndex([_silenceable(d) for d in found]) for path, found in directives.items() if found}
    result = []
    for finding in findings:
        index = indexes.get(finding.path)
        if finding.suppression is None and index is not None:
            directive = index.covering(finding)
            if directive is not None:
                reason = redact_text(directive.reason) if directive.reason else "inline ignore"
                finding = finding._replace(suppression=Suppression("inline", reason))
        result.append(finding)
    for path, found in sorted(directives.items()):
        for directive in found:
            refused = [rule for rule in directive.rules if not _SILENCEABLE.match(rule)]
            if directive.rules and not refused:
                continue
            message = "'readycheck: ignore' must name the rules it silences, e.g. ignore[notebook/size]"
            if refused:
                shown = ", ".join(repr(redact_text(rule, limit=60)) for rule in refused)
                message = (
                    f"'readycheck: ignore' cannot silence {shown}: name rule ids, or one area's rules as 'notebook/*'"
                )
            result.append(
                Finding(
                    rule_id=SUPPRESSION_WITHOUT_RULE.id,
                    level=SUPPRESSION_WITHOUT_RULE.level,
                    message=message,
                    path=path,
                    line=directive.line,
                    column=1,
                    fingerprint=_digest(f"{SUPPRESSION_WITHOUT_RULE.id}\0{path}\0{directive.line}"),
                    fix=SUPPRESSION_WITHOUT_RULE.fix,
                )
            )
    return result


def _silenceable(directive: Directive) -> Directive:
    """The directive with only the rule patterns a suppression may name."""
    return directive._replace(rules=tuple(rule for rule in directive.rules if _SILENCEABLE.match(rule)))


class _DirectiveIndex:
    """A file's directives by the lines they cover, so that matching is linear in findings plus
    directives: comments cover their line and the next, ranges (notebook cells) do not overlap, and
    whole-file ones (notebook metadata) are few."""

    def __init__(self, directives: list[Directive]) -> None:
        self.whole_file = [d for d in directives if d.end_line is None]
        self.by_line: dict[int, list[Directive]] = {}
        ranges: list[Directive] = []
        for directive in directives:
            if directive.end_line == -1:
                for line in (directive.line, directive.line + 1):
                    self.by_line.setdefault(line, []).append(directive)
            elif directive.end_line is not None:
                ranges.append(directive)
        ranges.sort(key=lambda d: d.line)
        self.ranges = ranges
        self.starts = [d.line for d in ranges]

    def covering(self, finding: Finding) -> Directive | None:
        candidates = list(self.whole_file)
        if finding.line is not None:
            candidates += self.by_line.get(finding.line, [])
            position = bisect.bisect_right(self.starts, finding.line)
            candidates += self.ranges[max(0, position - 2) : position]  # a range starting on the same line as another
        covering = [d for d in candidates if d.covers(finding)]
        return min(covering, key=lambda d: (d.line, d.end_line or 0, d.rules)) if covering else None


class Waiver(NamedTuple):
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
                    finding = finding._replace(suppression=Suppression("waiver", justification))
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
        fix=check.fix,
    )


def _digest(text: str) -> str:
    return fingerprint(text, 32)


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


BASELINE_LIMIT = 64 * 1024 * 1024
"""The largest baseline file read (bytes): a path to /dev/zero must not exhaust memory."""


def read_baseline(path: Path) -> set[str]:
    shown = display_path(path)
    try:
        raw = read_bounded(path, BASELINE_LIMIT)
    except FileReadError as error:
        raise ConfigError(f"cannot read the baseline: {error.message}", shown) from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise ConfigError(f"baseline is not UTF-8 text (byte {error.start})", shown) from None
    except json.JSONDecodeError as error:
        raise ConfigError(f"baseline is not valid JSON: {error.msg}", shown, error.lineno) from None
    except (ValueError, RecursionError):
        raise ConfigError("baseline is not a readycheck baseline (a value is too large or too deep)", shown) from None
    if not isinstance(data, dict) or data.get("readycheck_baseline") != BASELINE_FORMAT:
        raise ConfigError("not a readycheck baseline (write one with 'readycheck baseline -o FILE')", shown, 1)
    records = data.get("findings")
    if not isinstance(records, list) or not all(
        isinstance(r, dict) and isinstance(r.get("fingerprint"), str) for r in records
    ):
        raise ConfigError("baseline 'findings' must be a list of records with a 'fingerprint'", shown)
    return {record["fingerprint"] for record in records}


def apply_baseline(findings: list[Finding], fingerprints: set[str]) -> list[Finding]:
    return [
        f._replace(suppression=Suppression("baseline", "recorded in the baseline"))
        if f.suppression is None and f.fingerprint in fingerprints
        else f
        for f in findings
    ]
