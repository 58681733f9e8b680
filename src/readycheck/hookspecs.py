"""Every hook a readycheck plugin can implement. Built-in checks, kinds, packs and reporters use them too.

A plugin is a module (or object) with functions marked ``@readycheck.hookimpl``. It is found through
the ``readycheck`` entry point group, or listed under ``plugins:`` in the project's config.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from readycheck.artifacts import ArtifactKind
    from readycheck.model import Check
    from readycheck.reporters import Reporter

hookspec = pluggy.HookspecMarker("readycheck")
hookimpl = pluggy.HookimplMarker("readycheck")
"""Marks a plugin's hook implementations; exported as ``readycheck.hookimpl``."""


@hookspec
def readycheck_checks() -> list[Check]:
    """Return the checks this plugin provides (declared with ``@readycheck.check``).

    Check ids are ``area/slug`` and must be unique across all plugins.
    """


@hookspec
def readycheck_artifact_kinds() -> list[ArtifactKind]:
    """Return artifact kinds: a name, default discovery globs and a parser.

    A project may change a kind's globs under ``artifacts:`` in its config. Checks name the kinds
    they read; each file of a kind is parsed once per run, whatever the number of rules reading it.
    """


@hookspec
def readycheck_policy_packs() -> dict[str, Path]:
    """Return policy packs as ``{name: path to a YAML policy}``; policies extend them by name."""


@hookspec
def readycheck_reporters() -> list[Reporter]:
    """Return report formats usable with ``--format NAME`` and ``--output NAME=FILE``."""
