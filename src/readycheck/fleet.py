"""The fleet view: many repositories' JSON reports (one per CI job) merged into one scorecard for a lead.

Reports are read one at a time and only their summary is kept (level, per-area levels, failed rule ids,
waivers), so memory grows with the number of repositories, not with their findings. The fleet shows each
repository's level and per-area levels, the rules that fail most often across the fleet, and the waivers
that expire soonest. A file that is not a readycheck JSON report is an error naming it.
"""

from __future__ import annotations

import datetime
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from readycheck.errors import ConfigError
from readycheck.model import TIERS
from readycheck.reporters.common import clean_text
from readycheck.reporters.html import STYLE, days_left, escape

TOP = 20
"""Rules and waivers listed in the fleet's 'most often' and 'soonest' tables."""


@dataclass(frozen=True)
class Repository:
    name: str
    level: str
    areas: dict[str, str]
    errors: int
    warnings: int


@dataclass
class Fleet:
    repositories: list[Repository] = field(default_factory=list)
    failures: Counter[str] = field(default_factory=Counter)
    """Rule id to the number of repositories where it failed."""
    waivers: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    """(expires, repository, rule, owner, reason), sorted by expiry when rendered."""


def merge(paths: Iterable[Path]) -> Fleet:
    fleet = Fleet()
    for path in paths:
        report = _read(path)
        try:
            _add(fleet, _name(path, report), report)
        except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as error:
            problem = f"{type(error).__name__}: {error}"[:200]
            raise ConfigError(
                f"not a readycheck JSON report: its summary does not read ({problem})", str(path)
            ) from None
    fleet.repositories.sort(key=lambda repo: repo.name)
    return fleet


def _add(fleet: Fleet, name: str, report: dict[str, Any]) -> None:
    summary = report["summary"]
    areas = {str(area): _text(score["level"]) for area, score in summary["areas"].items()}
    fleet.repositories.append(
        Repository(name, _text(summary["level"]), areas, int(summary["errors"]), int(summary["warnings"]))
    )
    failed = {_text(rule) for score in summary["areas"].values() for rule in score.get("failed", [])}
    fleet.failures.update(failed)
    for waiver in report.get("waivers", []):
        owner = _text(waiver.get("owner", ""))
        fleet.waivers.append((_text(waiver["expires"]), name, _text(waiver["rule"]), owner, _text(waiver["reason"])))


def _text(value: Any) -> str:
    """A report's scalar as text; a list or mapping where a word belongs means the report is not one of ours."""
    if isinstance(value, (dict, list)):
        raise TypeError(f"expected a word, found {type(value).__name__}")
    return str(value)


def _read(path: Path) -> dict[str, Any]:
    shown = str(path)
    try:
        with path.open(encoding="utf-8") as stream:
            report = json.load(stream)
    except OSError as error:
        raise ConfigError(f"cannot read the report: {error.strerror or error}", shown) from None
    except (ValueError, RecursionError) as error:
        line = getattr(error, "lineno", None)
        raise ConfigError(f"not a JSON report: {str(error).split(':')[0]}", shown, line) from None
    summary = report.get("summary") if isinstance(report, dict) else None
    tool = report.get("tool") if isinstance(report, dict) else None
    if not isinstance(tool, dict) or tool.get("name") != "readycheck" or not isinstance(summary, dict):
        raise ConfigError("not a readycheck JSON report (readycheck check --format json)", shown)
    if not isinstance(summary.get("areas"), dict) or "level" not in summary:
        raise ConfigError("not a readycheck JSON report: its summary has no 'level' and 'areas'", shown)
    return report


def _name(path: Path, report: dict[str, Any]) -> str:
    """The repository's name: the report's own, else its file's folder (one folder per CI job's artifact)."""
    named = report.get("repository")
    if isinstance(named, str) and named:
        return named
    return path.parent.name if path.stem in ("readycheck", "report") and path.parent.name else path.stem


def markdown(fleet: Fleet, today: datetime.date) -> str:
    areas = _areas(fleet)
    lines = [f"## readycheck fleet: {len(fleet.repositories)} repositories", ""]
    levels = Counter(repo.level for repo in fleet.repositories)
    lines += [", ".join(f"{level} {levels[level]}" for level in (*reversed(TIERS), "none") if levels[level]), ""]
    lines += ["| Repository | Level | Errors | Warnings | " + " | ".join(_md(area) for area in areas) + " |"]
    lines += ["| --- | --- | ---: | ---: | " + " | ".join("---" for _ in areas) + " |"]
    for repo in fleet.repositories:
        cells = " | ".join(_md(repo.areas.get(area, "–")) for area in areas)
        lines.append(f"| {_md(repo.name)} | {_md(repo.level)} | {repo.errors} | {repo.warnings} | {cells} |")
    lines += ["", "### Rules failing most often", "", "| Rule | Repositories |", "| --- | ---: |"]
    lines += [f"| {_md(rule)} | {count} |" for rule, count in _most_often(fleet)] or ["| none | 0 |"]
    lines += ["", "### Waivers expiring soonest", "", "| Expires | Repository | Rule | Owner | Reason |"]
    lines += ["| --- | --- | --- | --- | --- |"]
    for expires, waived_in, rule, owner, reason in _soonest(fleet):
        days = days_left(expires, today)
        lines.append(f"| {_md(expires + days)} | {_md(waived_in)} | {_md(rule)} | {_md(owner)} | {_md(reason)} |")
    return "\n".join(lines) + "\n"


def html_page(fleet: Fleet, today: datetime.date) -> str:
    e = escape
    areas = _areas(fleet)
    parts = [
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        f"<title>readycheck fleet: {len(fleet.repositories)} repositories</title><style>{STYLE}</style></head><body>",
        f"<h1>readycheck fleet: {len(fleet.repositories)} repositories</h1>",
        '<table id="repositories"><tr><th>Repository</th><th>Level</th><th>Errors</th><th>Warnings</th>'
        + "".join(f"<th>{e(area)}</th>" for area in areas)
        + "</tr>",
    ]
    for repo in fleet.repositories:
        cells = "".join(_level_cell(repo.areas.get(area, "–")) for area in areas)
        parts.append(
            f"<tr><td>{e(repo.name)}</td>{_level_cell(repo.level)}<td>{repo.errors}</td><td>{repo.warnings}</td>"
            f"{cells}</tr>"
        )
    parts.append("</table><h2>Rules failing most often</h2><table><tr><th>Rule</th><th>Repositories</th></tr>")
    parts += [f"<tr><td><code>{e(rule)}</code></td><td>{count}</td></tr>" for rule, count in _most_often(fleet)]
    parts.append("</table><h2>Waivers expiring soonest</h2>")
    parts.append("<table><tr><th>Expires</th><th>Repository</th><th>Rule</th><th>Owner</th><th>Reason</th></tr>")
    for expires, waived_in, rule, owner, reason in _soonest(fleet):
        parts.append(
            f"<tr><td>{e(expires)}{e(days_left(expires, today))}</td><td>{e(waived_in)}</td>"
            f"<td><code>{e(rule)}</code></td><td>{e(owner)}</td><td>{e(reason)}</td></tr>"
        )
    parts.append("</table></body></html>")
    return "\n".join(parts) + "\n"


def as_json(fleet: Fleet, today: datetime.date) -> str:
    document = {
        "repositories": [
            {"name": r.name, "level": r.level, "areas": r.areas, "errors": r.errors, "warnings": r.warnings}
            for r in fleet.repositories
        ],
        "failing_most_often": [{"rule": rule, "repositories": count} for rule, count in _most_often(fleet)],
        "waivers_expiring_soonest": [
            {"expires": x, "repository": repo, "rule": rule, "owner": owner, "reason": reason}
            for x, repo, rule, owner, reason in _soonest(fleet)
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


FORMATS = {"markdown": markdown, "html": html_page, "json": as_json}


def _level_cell(level: str) -> str:
    return f'<td><span class="level l-{escape(level)}">{escape(level)}</span></td>'


def _areas(fleet: Fleet) -> list[str]:
    seen: dict[str, None] = {}
    for repo in fleet.repositories:
        seen.update(dict.fromkeys(repo.areas))
    return list(seen)


def _most_often(fleet: Fleet) -> list[tuple[str, int]]:
    return sorted(fleet.failures.items(), key=lambda item: (-item[1], item[0]))[:TOP]


def _soonest(fleet: Fleet) -> list[tuple[str, str, str, str, str]]:
    return sorted(fleet.waivers)[:TOP]


def _md(text: str) -> str:
    """Text from a report made inert in a Markdown table: no HTML, no cell break, no code span or link."""
    return re.sub(r"([\\`*_\[\]|])", r"\\\1", clean_text(text)).replace("<", "&lt;").replace("\n", " ")
