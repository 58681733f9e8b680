"""GitHub Actions workflow commands: each active finding becomes an annotation on its file and line.

``::error file=src/a.py,line=3,col=5,title=rule/id::message``, escaped as actions/toolkit does
(``%``, CR and LF everywhere; ``:`` and ``,`` in properties too), so that no message can end the
command or start another. A finding about the repository is annotated on the line configuring its
rule, or on the run itself when there is no such line. Suppressed findings are left out, and so are
notes unless asked for (``--notes``): hundreds of notices bury the annotations that matter. The last
lines are the summary (which counts every finding) and the readiness level.
"""

from __future__ import annotations

from readycheck.model import Finding, Level, Result
from readycheck.paths import is_plain
from readycheck.reporters import ReportOptions
from readycheck.reporters.common import STAND_IN, Location, Locator, clean_text, headline
from readycheck.reporters.text import readiness_line, summary_line
from readycheck.scorecard import evaluated_rules, scorecard

COMMANDS = {Level.ERROR: "error", Level.WARNING: "warning", Level.NOTE: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _properties(location: Location) -> dict[str, str | int | None]:
    if not location.is_file or location.anchor == STAND_IN:
        return {}
    return {
        "file": location.path if is_plain(location.path) else location.shown,  # GitHub needs the real name
        "line": location.line,
        "endLine": location.end_line,
        "col": location.column,
        "endColumn": location.end_column,
    }


def command(finding: Finding, location: Location) -> str:
    properties = {**_properties(location), "title": finding.rule_id}
    listed = ",".join(f"{name}={escape_property(str(value))}" for name, value in properties.items() if value)
    message = headline(finding, location)
    if finding.fix:
        message += f"\nfix: {clean_text(finding.fix)}"
    return f"::{COMMANDS[finding.level]} {listed}::{escape_data(message)}"


def render(result: Result, options: ReportOptions) -> str:
    locate = Locator(result, evaluated_rules(result))
    shown = [f for f in result.active if options.notes or f.level > Level.NOTE]
    lines = [command(finding, locate(finding)) for finding in shown]
    lines += [summary_line(result), readiness_line(scorecard(result))]
    return "\n".join(lines) + "\n"
