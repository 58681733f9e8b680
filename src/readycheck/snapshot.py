"""The registry remembered as plain data, so that a run imports only the plugin code it calls.

Building the registry imports every plugin and asks each, through pluggy, what it registers: about a
third of a pre-commit run that checks one file. What the registry holds is mostly data (check
declarations, artifact kinds' patterns, report formats' names), so a snapshot keeps that data in the
cache (see :mod:`readycheck.policy.trust`), and each function in it (a check, a parser, a report
format) becomes a :class:`Deferred` that imports its plugin when it is first called.

A snapshot is used only while every module imported to build it (the plugins' packages, their helpers
and dependencies) and every folder of policy packs keeps the size and modification time it had, as
Python's bytecode cache trusts a source file; its key covers readycheck's version and location, the
import path, the installed entry points, the local plugins (a file's content itself) and the overrides
(see :func:`readycheck.plugins.load_registry`). A snapshot never names what to import: a plugin it
names is loaded only if the configuration still has it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from readycheck.artifacts import ArtifactKind
from readycheck.meta import ENGINE_CHECKS, ENGINE_IDS
from readycheck.model import Check, Level
from readycheck.registry import PluginInfo, Registry
from readycheck.reporters import Reporter

Load = Callable[[str, str, str, str], Callable[..., Any]]
"""``load(plugin, category, name, attribute)``: the function a plugin registered, imported now."""

RUN_HOOKS = ("readycheck_configure", "readycheck_run_finished")
"""Hooks called during a run rather than when the registry is built."""

_CHECK_FIELDS = tuple(name for name in Check._fields if name != "function")
_TUPLE_FIELDS = frozenset({"kinds", "paths"})


class Deferred:
    """A plugin's function, imported on its first call: a run that checks one notebook never imports
    the code of the checks that read model cards."""

    __slots__ = ("_function", "_load", "_where")

    def __init__(self, where: tuple[str, str, str, str], load: Load) -> None:
        self._where = where
        self._load = load
        self._function: Callable[..., Any] | None = None

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.resolve()(*args, **kwargs)

    def resolve(self) -> Callable[..., Any]:
        if self._function is None:
            self._function = self._load(*self._where)
        return self._function

    def __repr__(self) -> str:
        plugin, category, name, attribute = self._where
        return f"<{category} {name!r}.{attribute} of plugin {plugin!r}, imported when called>"


def resolve_all(functions: Iterable[object]) -> None:
    """Import deferred functions now: before workers fork, so that each does not import them again."""
    for function in functions:
        if isinstance(function, Deferred):
            function.resolve()


def take(registry: Registry, files: Iterable[Path]) -> dict[str, Any] | None:
    """The registry as plain data; ``files`` are the files and folders whose change makes it stale. None
    when one cannot be watched (a module inside a zip archive has no file of its own to stat)."""
    stats = _stats(files)
    if any(stat is None for _, stat in stats):
        return None
    owners: dict[str, dict[str, str]] = {"check": {}, "kind": {}, "reporter": {}}
    for plugin in registry.plugins:  # in registration order: an override's owner is the later plugin
        for category, names in plugin.registers.items():
            for name in names:
                owners.setdefault(category, {})[name] = plugin.name
    return {
        "files": stats,
        "checks": [
            {**{name: _plain(getattr(check, name)) for name in _CHECK_FIELDS}, "owner": owners["check"][check.id]}
            for check in registry.checks.values()
            if check.id not in ENGINE_IDS
        ],
        "kinds": [
            {
                "name": kind.name,
                "patterns": list(kind.patterns),
                "description": kind.description,
                "generated": kind.generated,
                "parse": kind.parse is not None,
                "directives": kind.directives is not None,
                "owner": owners["kind"][kind.name],
            }
            for kind in registry.kinds.values()
        ],
        "reporters": [
            {"name": r.name, "description": r.description, "owner": owners["reporter"][r.name]}
            for r in registry.reporters.values()
        ],
        "packs": {name: str(path) for name, path in registry.packs.items()},
        "areas": list(registry.areas),
        "plugins": [
            {"name": p.name, "origin": p.origin, "source": p.source, "registers": p.registers, "overrides": p.overrides}
            for p in registry.plugins
        ],
        "signature": registry.signature,
        "run_hooks": sorted(
            name for name in RUN_HOOKS if registry.hooks is not None and getattr(registry.hooks, name).get_hookimpls()
        ),
    }


def restore(data: Any, load: Load, hooks: Callable[[], Any]) -> Registry | None:
    """The registry a snapshot describes, or None if any file it depends on changed or the data is not
    what :func:`take` writes. ``hooks`` builds the plugin manager's hook caller, needed only when some
    plugin implements a run hook."""
    try:
        if _stats(Path(path) for path, _ in data["files"]) != data["files"]:
            return None
        checks: dict[str, Check[Any]] = {c.id: c for c in ENGINE_CHECKS}
        for item in data["checks"]:
            values: dict[str, Any] = {
                name: tuple(item[name]) if name in _TUPLE_FIELDS else item[name] for name in _CHECK_FIELDS
            }
            values["level"] = Level(item["level"])
            function = Deferred((item["owner"], "check", item["id"], "function"), load)
            checks[item["id"]] = Check(function=function, **values)
        kinds = {
            k["name"]: ArtifactKind(
                name=k["name"],
                patterns=tuple(k["patterns"]),
                description=k["description"],
                parse=Deferred((k["owner"], "kind", k["name"], "parse"), load) if k["parse"] else None,
                directives=Deferred((k["owner"], "kind", k["name"], "directives"), load) if k["directives"] else None,
                generated=bool(k["generated"]),
            )
            for k in data["kinds"]
        }
        reporters = {
            r["name"]: Reporter(
                r["name"], r["description"], Deferred((r["owner"], "reporter", r["name"], "render"), load)
            )
            for r in data["reporters"]
        }
        return Registry(
            checks=dict(sorted(checks.items())),
            kinds=kinds,
            packs={name: Path(path) for name, path in data["packs"].items()},
            reporters=reporters,
            areas=tuple(data["areas"]),
            plugins=[PluginInfo(**plugin) for plugin in data["plugins"]],
            signature=data["signature"],
            hooks=_LazyHooks(hooks) if data["run_hooks"] else None,
        )
    except (KeyError, TypeError, ValueError, AttributeError):  # not a snapshot this version wrote
        return None


class _LazyHooks:
    """The plugin manager's hook caller, built when a run hook is first called."""

    def __init__(self, build: Callable[[], Any]) -> None:
        self._build = build
        self._hooks: Any = None

    def __getattr__(self, name: str) -> Any:
        if self._hooks is None:
            self._hooks = self._build()
        return getattr(self._hooks, name)


def _stats(paths: Iterable[Path]) -> list[list[Any]]:
    found: list[list[Any]] = []
    for path in sorted({str(p) for p in paths}):
        try:
            stat = os.stat(path)
        except OSError:
            found.append([path, None])
        else:
            found.append([path, [stat.st_size, stat.st_mtime_ns]])
    return found


def _plain(value: Any) -> Any:
    if isinstance(value, Level):
        return int(value)
    if isinstance(value, tuple):
        return list(value)
    return value
