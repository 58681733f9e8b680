"""readycheck in pytest: fixtures for check authors, and ``pytest --readycheck`` for teams.

``--readycheck`` (or ``readycheck = true`` in the ini file) runs the project's configured policy once,
in-process, and adds one test item per rule and artifact it evaluated, named like the finding it
reports (``readycheck::notebook/valid::notebooks/eda.ipynb``), so that ``-k notebook`` selects as
expected and the JUnit file has them. An item fails when the rule has an active finding at or above
the config's ``fail_on`` (as ``readycheck check`` exits 1), is skipped when its findings are all
suppressed or the rule found nothing to read, and passes otherwise. Every item carries the
``readycheck`` marker (``-m readycheck`` runs only them).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from readycheck.model import Finding, Result, gates


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("readycheck", "production-readiness checks")
    group.addoption(
        "--readycheck", action="store_true", default=None, help="Run the project's readycheck policy as tests."
    )
    parser.addini("readycheck", type="bool", default=False, help="Run the project's readycheck policy as tests.")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "readycheck: a readiness rule run on one artifact by pytest --readycheck")


def _enabled(config: pytest.Config) -> bool:
    option = config.getoption("readycheck")
    return bool(option if option is not None else config.getini("readycheck"))


@pytest.hookimpl(tryfirst=True)  # before -k and -m deselect, so that they see these items
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    if not _enabled(config):
        return
    collector = ReadinessCollector.from_parent(session, name="readycheck", path=config.rootpath)
    items.extend(collector.collect())


class ReadinessCollector(pytest.Collector):
    """Runs the configured policy on the repository pytest runs in, and makes its evaluations items."""

    def collect(self) -> list[pytest.Item]:
        from readycheck import runner
        from readycheck.errors import ReadycheckError

        options = runner.Options(paths=[self.config.rootpath])
        try:
            session, _, result = runner.check(options)
        except ReadycheckError as error:
            raise pytest.UsageError(f"readycheck: {error}") from None
        fail_on = session.config.fail_on
        cases: dict[tuple[str, str], list[Finding]] = {(e.rule_id, e.path): [] for e in result.evaluations}
        for finding in result.findings:
            cases.setdefault((finding.rule_id, finding.path), []).append(finding)
        skipped = {(e.rule_id, e.path): e.skipped or e.error for e in result.evaluations}
        items: list[pytest.Item] = []
        for (rule_id, path), findings in sorted(cases.items(), key=lambda item: (item[0][1], item[0][0])):
            item = ReadinessItem.from_parent(
                self, name=f"{rule_id}::{path}", findings=findings, fail_on=fail_on, reason=skipped.get((rule_id, path))
            )
            item.add_marker("readycheck")
            items.append(item)
        self.config.stash[RESULT] = result
        return items


RESULT = pytest.StashKey[Result]()
"""The run's result, for conftest hooks that want it (``config.stash[RESULT]``)."""


class ReadinessFailure(Exception):
    """A rule with active findings at or above the gate on one artifact."""


class ReadinessItem(pytest.Item):
    def __init__(self, *, findings: list[Finding], fail_on: str, reason: str | None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.findings = findings
        self.fail_on = fail_on
        self.reason = reason

    def runtest(self) -> None:
        active = [f for f in self.findings if f.suppression is None]
        failing = [f for f in active if gates(f.level, self.fail_on)]
        if failing:
            raise ReadinessFailure("\n".join(_describe(f) for f in active))
        if self.findings and not active:
            first = self.findings[0].suppression
            pytest.skip(f"suppressed by {first.kind}: {first.justification}" if first else "suppressed")
        if not self.findings and self.reason:
            pytest.skip(self.reason)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, ReadinessFailure):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"readycheck {self.name}"


def _describe(finding: Finding) -> str:
    where = finding.path + (f":{finding.line}" if finding.line else "")
    text = f"{finding.level} {where}: {finding.message}"
    return text + (f"\n  fix: {finding.fix}" if finding.fix else "")


@pytest.fixture
def readycheck_repo(tmp_path: Path) -> Callable[[dict[str, str | bytes]], Path]:
    """A factory: ``readycheck_repo({"README.md": "# Demo\\n"})`` writes the files and returns the root."""
    from readycheck.testing import write_repository

    root = tmp_path / "repository"
    root.mkdir()
    return lambda files: write_repository(root, files)


@pytest.fixture
def readycheck_check() -> Callable[..., list[Finding]]:
    """``readycheck.testing.run_check``: one check on a repository, its active findings."""
    from readycheck.testing import run_check

    return run_check


@pytest.fixture
def readycheck_policy() -> Callable[..., Result]:
    """``readycheck.testing.run_policy``: a policy on a repository, the whole result."""
    from readycheck.testing import run_policy

    return run_policy
