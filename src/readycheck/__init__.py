"""readycheck: policy-as-code production-readiness checks for ML and data-science repositories.

The public API for plugin authors: ``hookimpl`` to implement hooks (see ``readycheck.hookspecs``),
``check`` to declare a check, ``Violation`` for what a check reports, and the artifact types.
"""

from __future__ import annotations

import pluggy

from readycheck.model import FILE, REPOSITORY, Check, Finding, Level, Violation, check

__version__ = "0.1.0"

hookimpl = pluggy.HookimplMarker("readycheck")

__all__ = ["FILE", "REPOSITORY", "Check", "Finding", "Level", "Violation", "__version__", "check", "hookimpl"]
