"""readycheck: policy-as-code production-readiness checks for ML and data-science repositories.

The public API for plugin authors: ``hookimpl`` to implement hooks (see ``readycheck.hookspecs``),
``check`` to declare a check, ``Violation`` for what a check reports, and the model types. They are
imported on first use, so that ``readycheck --version`` and the pre-commit hook start fast.
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
    "Violation": "readycheck.model",
    "check": "readycheck.model",
}

if TYPE_CHECKING:
    from readycheck.hookspecs import hookimpl
    from readycheck.model import FILE, REPOSITORY, Check, Finding, Level, Violation, check


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        import importlib

        value = getattr(importlib.import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'readycheck' has no attribute {name!r}")


__all__ = ["FILE", "REPOSITORY", "Check", "Finding", "Level", "Violation", "__version__", "check", "hookimpl"]
