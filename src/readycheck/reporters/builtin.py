"""The built-in report formats, registered by name: a format's module is imported only when it renders.

One plugin registers them all, so that a run (a pre-commit hook's above all) pays for the format it
writes and not for the six it does not.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from readycheck.hookspecs import hookimpl
from readycheck.model import Result
from readycheck.reporters import Reporter, ReportOptions

FORMATS = (
    ("text", "Human-readable findings grouped by file (the default)."),
    ("json", "Machine-readable report (schema: docs/report.schema.json)."),
    ("sarif", "SARIF 2.1.0 for GitHub code scanning, Azure DevOps and SARIF viewers."),
    ("junit", "JUnit XML: a testcase per rule and artifact, for GitLab, Jenkins and Azure."),
    ("html", "A self-contained HTML scorecard for a release review (no script, font or image to fetch)."),
    ("markdown", "Markdown summary for a pull-request comment or $GITHUB_STEP_SUMMARY."),
    ("github", "GitHub Actions workflow commands: annotations on files and lines."),
    ("gitlab", "GitLab Code Quality JSON (artifacts:reports:codequality)."),
)
"""(name, description); the module is ``readycheck.reporters.<name>``, its ``render`` the format."""


def _deferred(name: str) -> Callable[[Result, ReportOptions], str]:
    def render(result: Result, options: ReportOptions) -> str:
        module = importlib.import_module(f"readycheck.reporters.{name}")
        rendered: str = module.render(result, options)
        return rendered

    return render


@hookimpl
def readycheck_reporters() -> list[Reporter]:
    return [Reporter(name, description, _deferred(name)) for name, description in FORMATS]
