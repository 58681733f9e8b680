"""Every hook a readycheck plugin can implement. Built-in checks, kinds, packs and reporters use them too.

A plugin is a module (or object) with functions marked ``@readycheck.hookimpl``. It is found through
the ``readycheck`` entry point group, or listed under ``plugins:`` in the project's config. A function
marked as a hook whose name is not one of these is an error (a misspelled hook would otherwise be
ignored in silence). Names a plugin registers (check ids, kinds, packs, reporters) must be new: to
replace a built-in one, the project lists it under ``overrides`` in its config.

Registration hooks, called once per run, in this order:

- ``readycheck_areas``: scorecard areas the plugin's checks count towards;
- ``readycheck_artifact_kinds``: what files are and how to parse them;
- ``readycheck_checks``: the checks;
- ``readycheck_policy_packs``: named policies;
- ``readycheck_reporters``: report formats.

Run hooks, called by ``readycheck check`` (and ``pytest --readycheck``):

- ``readycheck_configure``: the project's configuration, before anything is scanned;
- ``readycheck_run_finished``: the result, after suppressions, before reports are written.

docs/plugins.md has a tutorial and an example of each hook.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pluggy

from readycheck.artifacts import ArtifactKind
from readycheck.model import Check, PluginConfig, Result
from readycheck.reporters import Reporter

hookspec = pluggy.HookspecMarker("readycheck")
hookimpl = pluggy.HookimplMarker("readycheck")
"""Marks a plugin's hook implementations; exported as ``readycheck.hookimpl``."""


@hookspec
def readycheck_areas() -> list[str]:  # type: ignore[empty-body]
    """Return scorecard areas beyond the built-in ones (``fairness``, ``compliance``).

    Areas are lowercase words joined by ``-``. They are reported after the built-in areas, in the
    order plugins declare them; two plugins may declare the same area.

    Example::

        @readycheck.hookimpl
        def readycheck_areas():
            return ["fairness"]
    """


@hookspec
def readycheck_artifact_kinds() -> list[ArtifactKind]:  # type: ignore[empty-body]
    """Return artifact kinds: a name, default discovery globs and a parser.

    A project may change a kind's globs under ``artifacts:`` in its config. Checks name the kinds
    they read; each file of a kind is parsed once per run, whatever the number of rules reading it.
    A kind whose files are usually generated in CI (reports, metrics) sets ``generated=True`` so that
    files .gitignore ignores are found.

    Example::

        def parse_manifest(artifact):  # raise readycheck.ParseError(message, artifact.path, line) if malformed
            return tomllib.loads(artifact.text)

        @readycheck.hookimpl
        def readycheck_artifact_kinds():
            kind = readycheck.ArtifactKind("deploy-manifest", ("**/deploy.toml",), "Manifests.", parse_manifest)
            return [kind]
    """


@hookspec
def readycheck_checks() -> list[Check[Any]]:  # type: ignore[empty-body]
    """Return the checks this plugin provides (declared with ``@readycheck.check``).

    Check ids are ``area/slug`` and must be unique across all plugins.

    Example::

        @readycheck.hookimpl
        def readycheck_checks():
            return [datasheet, card_version]  # functions decorated with @readycheck.check
    """


@hookspec
def readycheck_policy_packs() -> dict[str, Path]:  # type: ignore[empty-body]
    """Return policy packs as ``{name: path to a YAML policy}``; policies extend them by name.

    Example::

        @readycheck.hookimpl
        def readycheck_policy_packs():
            return {"acme:strict": Path(__file__).parent / "policies" / "strict.yaml"}
    """


@hookspec
def readycheck_reporters() -> list[Reporter]:  # type: ignore[empty-body]
    """Return report formats usable with ``--format NAME`` and ``--output NAME=FILE``.

    Example::

        def render(result, options):  # -> str, the same bytes for the same result
            return "\n".join(f"{f.rule_id} {f.path}" for f in result.active) + "\n"

        @readycheck.hookimpl
        def readycheck_reporters():
            return [readycheck.Reporter("paths", "One line per finding.", render)]
    """


@hookspec
def readycheck_configure(config: PluginConfig) -> None:
    """Read the plugin's own settings before the run: ``config.settings_for("acme")`` is the mapping under
    ``plugin_settings: {acme: {...}}`` in readycheck.yaml (``[tool.readycheck.plugin_settings.acme]`` in
    pyproject.toml), empty when the project sets none. ``config.root`` is the repository.

    Example::

        @readycheck.hookimpl
        def readycheck_configure(config):
            SETTINGS.update(config.settings_for("acme"))
    """


@hookspec
def readycheck_run_finished(result: Result, config: PluginConfig) -> None:
    """See the run's result (findings with their suppressions, evaluations, the rules that ran): to post
    it somewhere, or to collect it, as the pytest plugin does. An exception here is reported as a
    readycheck/check-error finding naming the plugin; the run's reports are still written.

    Example::

        @readycheck.hookimpl
        def readycheck_run_finished(result, config):
            failing = [f for f in result.active if f.level >= readycheck.Level.ERROR]
            notify(config.settings_for("acme").get("channel"), len(failing))
    """
