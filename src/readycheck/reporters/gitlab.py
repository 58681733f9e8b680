"""GitLab Code Quality JSON: the merge request widget and diff annotations for each active finding.

GitLab reads ``description``, ``check_name``, ``fingerprint``, ``severity`` and ``location.path`` with
``location.lines.begin``; it needs a file and a line for each, so findings about the repository sit
where their rule is configured (see ``common.Locator``) and findings about a whole file on line 1.
Suppressed findings are left out: Code Quality has no notion of them. Notes are left out unless asked
for (``--notes``): hundreds of "info" entries flood the merge request widget.
"""

from __future__ import annotations

import json
from typing import Any

from readycheck.model import Level, Result
from readycheck.reporters import ReportOptions
from readycheck.reporters.common import Locator, headline
from readycheck.scorecard import evaluated_rules

SEVERITIES = {Level.ERROR: "major", Level.WARNING: "minor", Level.NOTE: "info"}


def report(result: Result, notes: bool = False) -> list[dict[str, Any]]:
    locate = Locator(result, evaluated_rules(result))
    issues = []
    for finding in result.active:
        if finding.level == Level.NOTE and not notes:
            continue
        location = locate(finding)
        issues.append(
            {
                "description": headline(finding, location),
                "check_name": finding.rule_id,
                "fingerprint": finding.fingerprint,
                "severity": SEVERITIES[finding.level],
                "location": {"path": location.shown, "lines": {"begin": location.line or 1}},
            }
        )
    return issues


def render(result: Result, options: ReportOptions) -> str:
    return json.dumps(report(result, options.notes), indent=2, ensure_ascii=False) + "\n"
