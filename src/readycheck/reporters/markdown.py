"""A Markdown summary for a pull-request comment or ``$GITHUB_STEP_SUMMARY``.

Readiness level, a per-area scorecard, then the findings with links to their files, collapsed when
long and capped so that a comment stays under GitHub's 65,536 characters. Text that comes from scanned
files is escaped: it renders as the same text, never as HTML, an image, a Markdown link or an @-mention
(a bare URL stays a URL: GitHub links those in any text).

Links point at the commit under review when the CI says which (GitHub Actions: GITHUB_SERVER_URL,
GITHUB_REPOSITORY and GITHUB_SHA; GitLab CI: CI_PROJECT_URL and CI_COMMIT_SHA), else they are relative
to the repository root.
"""

from __future__ import annotations

import re

from readycheck.model import TIERS, Finding, Result
from readycheck.reporters import ReportOptions
from readycheck.reporters.common import STAND_IN, Location, Locator, file_link, link_base, one_line, truncate
from readycheck.reporters.text import ml_test_score_line, summary_line
from readycheck.scorecard import Scorecard, area_label, evaluated_rules, scorecard

COLLAPSE_AFTER = 10
"""Findings tables longer than this are folded in a <details> block."""
MAX_ROWS = 100
MESSAGE_LIMIT = 300

"""Files GitHub and GitLab render: a line anchor only works on their plain view (?plain=1)."""
_SPECIAL = re.compile(r"([\\`*_\[\]<>!|~&])")
_MENTION = re.compile(r"@(?=\w)")


def escape(text: str) -> str:
    """Scanned text as inert inline Markdown: one line, Markdown and HTML syntax backslash-escaped, and a
    zero-width space after each ``@`` so that it mentions nobody (the same trick Renovate uses)."""
    return _MENTION.sub("@&#8203;", _SPECIAL.sub(r"\\\1", one_line(text)))


def _where(location: Location, base: str) -> str:
    """The finding's location with a link to the file, unless the file merely stands in for the repository."""

    if not location.is_file or location.anchor == STAND_IN:
        return location.describe()
    return location.describe(f"[{escape(location.position)}]({file_link(location, base)})")


def _scorecard(card: Scorecard) -> list[str]:
    lines = [
        "| Area | Level | Passed | " + " | ".join(tier.capitalize() for tier in TIERS) + " |",
        "| --- | --- | ---: | " + " | ".join("---:" for _ in TIERS) + " |",
    ]
    for score in card.areas:
        tiers = " | ".join(f"{t.passed}/{t.evaluated}" if t.evaluated else "–" for t in score.tiers.values())
        lines.append(f"| {area_label(score.area)} | {score.level} | {score.passed}/{score.evaluated} | {tiers} |")
    lines += [
        "",
        "An area reaches a tier when every rule of that tier and of the tiers below passes; "
        "the overall level is the lowest area's.",
    ]
    return lines


def _findings_table(findings: list[Finding], locate: Locator, base: str, suppressed: bool) -> list[str]:
    header = "| Level | Rule | Location | Message |" + (" Suppressed |" if suppressed else "")
    lines = [header, "|" + " --- |" * (header.count("|") - 1)]
    shown = sorted(findings, key=lambda f: -f.level)[:MAX_ROWS]
    for f in shown:
        message = escape(truncate(f.message, MESSAGE_LIMIT))
        row = f"| {f.level} | `{f.rule_id}` | {_where(locate(f), base)} | {message} |"
        if suppressed and f.suppression is not None:
            row += f" {f.suppression.kind}: {escape(truncate(f.suppression.justification, MESSAGE_LIMIT))} |"
        lines.append(row)
    if len(findings) > len(shown):
        lines += [
            "",
            f"… and {len(findings) - len(shown)} more: the JSON report lists them all "
            "(`readycheck check --format json --max-findings 0`).",
        ]
    return lines


def _section(title: str, table: list[str], collapsed: bool) -> list[str]:
    if not collapsed:
        return [f"### {title}", "", *table, ""]
    return [f"<details><summary>{title}</summary>", "", *table, "", "</details>", ""]


def render(result: Result, options: ReportOptions) -> str:
    card = scorecard(result)
    locate = Locator(result, evaluated_rules(result))
    base = link_base(options.link_base)
    lines = [f"## readycheck: readiness level {card.level}", "", summary_line(result)]
    if not result.full:
        lines.append("Repository-wide rules were skipped: only the given files were checked.")
    lines.append("")
    if card.areas:
        lines += [*_scorecard(card), ""]
    if result.ml_test_score is not None:
        lines += [ml_test_score_line(result.ml_test_score), ""]
    active = result.active
    if active:
        title = f"Findings ({len(active)})"
        lines += _section(title, _findings_table(active, locate, base, False), len(active) > COLLAPSE_AFTER)
    suppressed = [f for f in result.findings if f.suppression is not None]
    if suppressed:
        title = f"Suppressed findings ({len(suppressed)})"
        lines += _section(title, _findings_table(suppressed, locate, base, True), True)
    return "\n".join(lines).rstrip("\n") + "\n"
