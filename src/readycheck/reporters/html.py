"""An HTML scorecard for a release review: one self-contained file (inline CSS, no script, font or
image; it works opened from disk and as a CI artifact), the same bytes for the same result.

It shows the readiness level, each area's tier ladder with what passed and what blocks the next tier,
the findings by area and file (linked to the file at the commit when a link base is known), the
suppressed findings and the waivers with owner, reason and days to expiry, and the policies applied.
Level and area filters are checkboxes styled with ``:has()``, so filtering needs no script and no
network. Every text from the scanned repository is escaped.
"""

from __future__ import annotations

import datetime
import html
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from readycheck.model import TIERS, Finding, Level, Result
from readycheck.reporters import ReportOptions
from readycheck.reporters.common import STAND_IN, Locator, clean_text, file_link, link_base
from readycheck.reporters.text import summary_line
from readycheck.scorecard import AreaScore, area_label, evaluated_rules, scorecard
from readycheck.version import __version__

LEVELS = (Level.ERROR, Level.WARNING, Level.NOTE)

STYLE = """
body{
  font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;
  margin:2rem auto;
  max-width:70rem;
  padding:0 1rem;
  color:#1f2328;
}
h1{font-size:1.6rem;margin:0 0 .3rem}
h2{font-size:1.25rem;margin:2rem 0 .6rem;border-bottom:1px solid #d0d7de}
h3{font-size:1.05rem;margin:1.2rem 0 .4rem}
code{font:13px ui-monospace,monospace}
.level{
  display:inline-block;
  padding:.1rem .6rem;
  border-radius:1rem;
  font-weight:600;
  text-transform:uppercase;
  font-size:.8rem;
}
.l-gold{background:#f5d36b}
.l-silver{background:#d5dbe1}
.l-bronze{background:#e3b48a}
.l-none{background:#f0c4c4}
table{border-collapse:collapse;width:100%;margin:.4rem 0}
th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}
.ok{color:#1a7f37}
.blocked{color:#cf222e}
.finding td:first-child{font-weight:600}
.error td:first-child{color:#cf222e}
.warning td:first-child{color:#9a6700}
.note td:first-child{color:#0969da}
.fix{color:#57606a}
.filters label{margin-right:1rem;white-space:nowrap}
footer{margin-top:2rem;color:#57606a;font-size:.85rem}
"""


def render(result: Result, options: ReportOptions) -> str:
    card = scorecard(result)
    locate = Locator(result, evaluated_rules(result))
    rules = {rule.id: rule for rule in evaluated_rules(result)}
    base = link_base(options.link_base)
    areas = [score.area for score in card.areas]
    active, suppressed = result.active, [f for f in result.findings if f.suppression is not None]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>readycheck: readiness {escape(card.level)}</title>",
        f"<style>{STYLE}{_filter_style(areas)}</style>",
        "</head><body>",
        f'<h1>Readiness level <span class="level l-{escape(card.level)}" id="level">{escape(card.level)}</span></h1>',
        f'<p id="summary">{escape(summary_line(result))}</p>',
    ]
    if not result.full:
        parts.append("<p>Repository-wide rules were skipped: only the given files were checked.</p>")
    parts += _ladders(card.areas, {rule_id: rule.tier for rule_id, rule in rules.items()})
    if result.ml_test_score is not None:
        parts += _ml_test_score(result.ml_test_score)
    parts += _filters(areas)
    parts.append(f'<h2>Findings (<span id="active-count">{len(active)}</span>)</h2>')
    by_area: dict[str, list[Finding]] = defaultdict(list)
    for finding in active:
        rule = rules.get(finding.rule_id)
        by_area[rule.area if rule else "general"].append(finding)
    for area in sorted(by_area, key=result.area_order):
        parts.append(f'<section class="area a-{_slug(area)}"><h3>{escape(area_label(area))}</h3>')
        parts += _findings(by_area[area], locate, base)
        parts.append("</section>")
    if not active:
        parts.append("<p>No active finding.</p>")
    if suppressed or result.waivers:
        parts.append(f"<h2>Suppressed findings ({len(suppressed)}) and waivers</h2>")
        parts += _suppressed(suppressed, locate)
        parts += _waivers(result)
    parts.append("<h2>Policies applied</h2><ul>")
    parts += [f"<li>{escape(policy)}</li>" for policy in result.policies] or ["<li>none</li>"]
    parts.append("</ul>")
    parts.append(f"<footer>readycheck {escape(__version__)}</footer></body></html>")
    return "\n".join(parts) + "\n"


def escape(text: object) -> str:
    """Text made inert: unsafe characters shown as escapes (see clean_text), then HTML-escaped."""
    return html.escape(clean_text(str(text)), quote=True)


def _slug(area: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in area)


def _ladders(scores: Iterable[AreaScore], tiers: dict[str, str]) -> list[str]:
    """Each area's ladder; what blocks the next tier is its failing rules of that tier and below."""
    rows = ["<h2>Areas</h2>", '<table id="areas"><tr><th>Area</th><th>Level</th>']
    rows[-1] += "".join(f"<th>{tier.capitalize()}</th>" for tier in TIERS) + "<th>Blocks the next tier</th></tr>"
    for score in scores:
        cells = []
        for tier in TIERS:
            tally = score.tiers[tier]
            state = "–" if not tally.evaluated else f"{tally.passed}/{tally.evaluated}"
            css = "" if not tally.evaluated else (" ok" if tally.passed == tally.evaluated else " blocked")
            cells.append(f'<td class="tier{css}">{state}</td>')
        reached = TIERS.index(score.level) if score.level in TIERS else -1
        next_tier = reached + 1
        blockers = [rule for rule in score.failed if TIERS.index(tiers.get(rule, TIERS[0])) <= next_tier]
        blocking = ", ".join(f"<code>{escape(rule)}</code>" for rule in blockers) or "nothing"
        rows.append(
            f'<tr class="area-row" data-area="{escape(score.area)}"><td>{escape(area_label(score.area))}</td>'
            f'<td><span class="level l-{escape(score.level)}">{escape(score.level)}</span></td>{"".join(cells)}'
            f"<td>{blocking}</td></tr>"
        )
    rows.append("</table>")
    return rows


def _filters(areas: list[str]) -> list[str]:
    boxes = [f'<label><input type="checkbox" id="hide-{level}"> hide {level}s</label>' for level in LEVELS]
    boxes += [
        f'<label><input type="checkbox" id="hide-a-{_slug(area)}"> hide {escape(area_label(area))}</label>'
        for area in areas
    ]
    return ['<p class="filters">', *boxes, "</p>"]


def _filter_style(areas: list[str]) -> str:
    rules = [f"body:has(#hide-{level}:checked) tr.{level}{{display:none}}" for level in LEVELS]
    rules += [f"body:has(#hide-a-{_slug(area)}:checked) .a-{_slug(area)}{{display:none}}" for area in areas]
    return "\n".join(rules)


def _findings(findings: list[Finding], locate: Locator, base: str) -> list[str]:
    rows = ["<table><tr><th>Level</th><th>Rule</th><th>Location</th><th>Message</th></tr>"]
    for finding in sorted(findings, key=lambda f: (f.path, f.line or 0, -f.level, f.rule_id)):
        location = locate(finding)
        where = escape(location.describe())
        if base and location.is_file and location.anchor != STAND_IN:
            # describe() adds only fixed words around the position: the link goes in as it is
            where = location.describe(f'<a href="{escape(file_link(location, base))}">{escape(location.position)}</a>')
        fix = f'<div class="fix">fix: {escape(finding.fix)}</div>' if finding.fix else ""
        rows.append(
            f'<tr class="finding {finding.level}"><td>{finding.level}</td>'
            f"<td><code>{escape(finding.rule_id)}</code></td><td>{where}</td>"
            f'<td><div class="message">{escape(finding.message)}</div>{fix}</td></tr>'
        )
    rows.append("</table>")
    return rows


def _suppressed(findings: list[Finding], locate: Locator) -> list[str]:
    if not findings:
        return []
    rows = ['<table id="suppressed"><tr><th>Rule</th><th>Location</th><th>Message</th><th>Suppressed by</th></tr>']
    for finding in findings:
        assert finding.suppression is not None
        rows.append(
            f"<tr><td><code>{escape(finding.rule_id)}</code></td><td>{escape(locate(finding).describe())}</td>"
            f"<td>{escape(finding.message)}</td><td>{escape(finding.suppression.kind)}: "
            f"{escape(finding.suppression.justification)}</td></tr>"
        )
    rows.append("</table>")
    return rows


def _waivers(result: Result) -> list[str]:
    if not result.waivers:
        return []
    today = datetime.date.fromisoformat(result.today) if result.today else None
    rows = ['<table id="waivers"><tr><th>Rule</th><th>Paths</th><th>Owner</th><th>Reason</th><th>Expires</th></tr>']
    for waiver in sorted(result.waivers, key=lambda w: (w["expires"], w["rule"])):
        left = days_left(waiver["expires"], today) if today else ""
        paths = ", ".join(waiver["paths"]) or "all"
        rows.append(
            f"<tr><td><code>{escape(waiver['rule'])}</code></td><td>{escape(paths)}</td>"
            f"<td>{escape(waiver['owner'] or '—')}</td><td>{escape(waiver['reason'])}</td>"
            f"<td>{escape(waiver['expires'])}{escape(left)}</td></tr>"
        )
    rows.append("</table>")
    return rows


def _ml_test_score(score: dict[str, Any]) -> list[str]:
    rows = [
        f'<h2>ML Test Score: <span id="ml-test-score">{score["score"]:g}</span></h2>',
        f"<p>{escape(', '.join(f'{name} {points:g}' for name, points in score['sections'].items()))}"
        " (the lowest section is the score)</p>",
        '<table id="ml-tests"><tr><th>Test</th><th>Section</th><th>Status</th><th>Points</th></tr>',
    ]
    for test in score["tests"]:
        rows.append(
            f"<tr><td>{escape(test['id'])}: {escape(test['title'])}</td><td>{escape(test['section'])}</td>"
            f"<td>{escape(test['status'])}</td><td>{test['points']:g}</td></tr>"
        )
    rows.append("</table>")
    return rows


def days_left(expires: str, today: datetime.date) -> str:
    """`` (in 30 days)`` or `` (expired 2 days ago)`` for an ISO date; empty when it is not one."""
    try:
        days = (datetime.date.fromisoformat(expires) - today).days
    except ValueError:
        return ""
    return f" (in {days} days)" if days >= 0 else f" (expired {-days} days ago)"
