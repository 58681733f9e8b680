"""Folding: past a cap, a rule's findings become one summary, so that one noisy rule (220 pickled models
in a folder of tracked runs) does not bury the others. Only reports fold; baselines keep everything."""

from __future__ import annotations

from collections import defaultdict

from readycheck.hashing import fingerprint
from readycheck.model import Finding

DEFAULT_MAX_FINDINGS = 50
"""Active findings shown per rule before the rest fold into one summary finding (0: never fold)."""


def fold(findings: list[Finding], limit: int) -> list[Finding]:
    """``findings`` (sorted) with each rule's active findings past ``limit`` replaced by one summary at
    the end, naming how many there were and where; suppressed findings are left as they are."""
    if limit <= 0:
        return findings
    shown: dict[str, int] = defaultdict(int)
    folded: dict[str, list[Finding]] = defaultdict(list)
    kept = []
    for finding in findings:
        if finding.suppression is None:
            if shown[finding.rule_id] >= limit:
                folded[finding.rule_id].append(finding)
                continue
            shown[finding.rule_id] += 1
        kept.append(finding)
    return kept + [_summary(rule_id, rest, limit) for rule_id, rest in sorted(folded.items())]


def _summary(rule_id: str, rest: list[Finding], limit: int) -> Finding:
    folders = sorted({finding.path.rpartition("/")[0] or "." for finding in rest})
    where = ", ".join(f"{folder}/" if folder != "." else "the root" for folder in folders[:3])
    where += f" and {len(folders) - 3} more folders" if len(folders) > 3 else ""
    message = (
        f"{len(rest)} more {rule_id} findings past the first {limit} (in {where}): "
        "run with --max-findings 0 to list them all"
    )
    common = _common_folder([finding.path for finding in rest])
    digest = fingerprint(f"{rule_id}:folded", 32)
    return Finding(
        rule_id=rule_id,
        level=max(finding.level for finding in rest),
        message=message,
        path=common,
        fingerprint=digest,
        fix=rest[0].fix,
    )


def _common_folder(paths: list[str]) -> str:
    parts = [path.split("/")[:-1] for path in paths]
    common: list[str] = []
    for pieces in zip(*parts, strict=False):
        if len(set(pieces)) != 1:
            break
        common.append(pieces[0])
    return "/".join(common) or "."
