"""readycheck: policy-as-code production-readiness checks for ML and data-science repositories.

The public API for plugin authors is what this module exports (``__all__``); everything else is
internal and may change. docs/plugins.md walks through writing, testing and shipping a plugin.

- Declaring: ``hookimpl`` (implement the hooks of :mod:`readycheck.hookspecs`), ``check`` (declare a
  check; it becomes a ``Check``), ``Violation`` (what a check yields), ``Level``, ``FILE`` and
  ``REPOSITORY`` (a check's scope).
- Reading: ``Artifact`` (one file as one kind, ``Artifact[Notebook]``), the parsed types ``Notebook``,
  ``Cell``, ``ModelCard``, ``MetricReport``, ``Metric``, and ``RepositoryView`` (what a
  repository-wide check may list and read). ``ParseError`` is how a parser says a file is malformed.
- Extending: ``ArtifactKind``, ``Reporter``, ``ReportOptions``; the run hooks get a ``PluginConfig``
  and a ``Result`` of ``Finding`` objects for ``Rule`` objects.
- Testing: :mod:`readycheck.testing` (also pytest fixtures).

Names are imported on first use, so that ``readycheck --version`` and the pre-commit hook start fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from readycheck.version import __version__

_EXPORTS = {
    "hookimpl": "readycheck.hookspecs",
    "FILE": "readycheck.model",
    "REPOSITORY": "readycheck.model",
    "Check": "readycheck.model",
    "Finding": "readycheck.model",
    "Level": "readycheck.model",
    "PluginConfig": "readycheck.model",
    "Result": "readycheck.model",
    "Rule": "readycheck.model",
    "Violation": "readycheck.model",
    "check": "readycheck.model",
    "Artifact": "readycheck.artifacts",
    "ArtifactKind": "readycheck.artifacts",
    "RepositoryView": "readycheck.artifacts",
    "Notebook": "readycheck.artifacts.notebook",
    "Cell": "readycheck.artifacts.notebook",
    "ModelCard": "readycheck.artifacts.model_card",
    "MetricReport": "readycheck.artifacts.metrics",
    "Metric": "readycheck.artifacts.metrics",
    "Reporter": "readycheck.reporters",
    "ReportOptions": "readycheck.reporters",
    "ParseError": "readycheck.errors",
}

if TYPE_CHECKING:
    from readycheck.artifacts import Artifact, ArtifactKind, RepositoryView
    from readycheck.artifacts.metrics import Metric, MetricReport
    from readycheck.artifacts.model_card import ModelCard
    from readycheck.artifacts.notebook import Cell, Notebook
    from readycheck.errors import ParseError
    from readycheck.hookspecs import hookimpl
    from readycheck.model import (
        FILE,
        REPOSITORY,
        Check,
        Finding,
        Level,
        PluginConfig,
        Result,
        Rule,
        Violation,
        check,
    )
    from readycheck.reporters import Reporter, ReportOptions


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        import importlib

        value = getattr(importlib.import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'readycheck' has no attribute {name!r}")


__all__ = [
    "FILE",
    "REPOSITORY",
    "Artifact",
    "ArtifactKind",
    "Cell",
    "Check",
    "Finding",
    "Level",
    "Metric",
    "MetricReport",
    "ModelCard",
    "Notebook",
    "ParseError",
    "PluginConfig",
    "ReportOptions",
    "Reporter",
    "RepositoryView",
    "Result",
    "Rule",
    "Violation",
    "__version__",
    "check",
    "hookimpl",
]
