"""Finding and loading plugins: the built-in ones, installed entry points and the project's local modules.

Built-ins come first, then entry points, then local modules, and that order decides which item an
allowed override keeps: the later one.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import importlib.util
import json
import os
import sys
from collections.abc import Collection, Sequence
from pathlib import Path

import pluggy

from readycheck import hookspecs
from readycheck.errors import PluginError
from readycheck.policy.trust import UNTRUSTING, Trust
from readycheck.registry import BUILTIN, ENTRY_POINT, LOCAL, Registry, build_registry
from readycheck.version import __version__

ENTRY_POINT_GROUP = "readycheck"

BUILTIN_PLUGINS = (
    "readycheck.artifacts.builtin",
    "readycheck.artifacts.notebook",
    "readycheck.artifacts.metrics",
    "readycheck.artifacts.model_card",
    "readycheck.artifacts.benchmark",
    "readycheck.artifacts.reports",
    "readycheck.artifacts.kubernetes",
    "readycheck.artifacts.python",
    "readycheck.checks.files",
    "readycheck.checks.markdown",
    "readycheck.checks.data",
    "readycheck.checks.metrics",
    "readycheck.checks.model_card",
    "readycheck.checks.perf",
    "readycheck.checks.tests",
    "readycheck.checks.repository",
    "readycheck.checks.rollback",
    "readycheck.checks.deploy",
    "readycheck.checks.monitoring",
    "readycheck.checks.code",
    "readycheck.checks.notebook",
    "readycheck.checks.secrets",
    "readycheck.reporters.builtin",
    "readycheck.packs",
)

Origins = dict[str, tuple[str, str]]


def load_registry(
    local_plugins: Sequence[str] = (),
    base: Path | None = None,
    overrides: Collection[str] = (),
    trust: Trust = UNTRUSTING,
    extra: Sequence[object] = (),
) -> Registry:
    """The registry of every plugin; local plugin paths are relative to ``base`` (the config's folder).
    ``extra`` are plugin objects (modules) registered last, as local plugins: readycheck.testing's way
    to test a plugin that is not installed."""
    manager, origins = plugin_manager(local_plugins, base, trust, extra)
    return build_registry(manager, origins, overrides)


def plugin_manager(
    local_plugins: Sequence[str] = (),
    base: Path | None = None,
    trust: Trust = UNTRUSTING,
    extra: Sequence[object] = (),
) -> tuple[pluggy.PluginManager, Origins]:
    manager = pluggy.PluginManager("readycheck")
    manager.add_hookspecs(hookspecs)
    origins: Origins = {}
    for name in BUILTIN_PLUGINS:
        _register(manager, importlib.import_module(name), name)
        origins[name] = (BUILTIN, name)
    for name, value, source in entry_points(trust):
        if manager.get_plugin(name) is not None or manager.is_blocked(name):
            continue
        try:
            plugin = _load_entry_point(value)
        except Exception as error:  # a broken third-party package must not hide which one it is
            raise PluginError(
                f"plugin {name!r} (entry point {value}, {source}) failed to load: {type(error).__name__}: {error}"
            ) from None
        _register(manager, plugin, name)
        origins[name] = (ENTRY_POINT, source)
    for spec in local_plugins:
        plugin, source = _load_local(spec, base or Path.cwd())
        _register(manager, plugin, f"local:{spec}")
        origins[f"local:{spec}"] = (LOCAL, source)
    for plugin in extra:
        name = getattr(plugin, "__name__", repr(plugin))
        if manager.get_plugin(name) is None and not manager.is_registered(plugin):  # installed: already there
            _register(manager, plugin, name)
            origins[name] = (LOCAL, name)
    try:
        manager.check_pending()
    except pluggy.PluginValidationError as error:
        name = manager.get_name(error.plugin) or repr(error.plugin)
        raise PluginError(f"plugin {name!r}: {error} (a misspelled hook?)") from None
    return manager, origins


def entry_points(trust: Trust = UNTRUSTING) -> list[tuple[str, str, str]]:
    """The installed plugins' entry points as (name, value, 'distribution version'), sorted by name.

    Scanning every installed distribution's metadata costs tens of milliseconds in each pre-commit run;
    the list is kept in the cache, keyed by the folders on ``sys.path`` and their modification times
    (installing, upgrading or removing a distribution changes its folder)."""
    folders = []
    for entry in sys.path:
        with contextlib.suppress(OSError):
            folders.append([entry, os.stat(entry or ".").st_mtime_ns])
    key = hashlib.sha256(json.dumps(["entry-points", __version__, ENTRY_POINT_GROUP, folders]).encode()).hexdigest()
    kept = trust.recall(key)
    if isinstance(kept, list) and all(isinstance(item, list) and len(item) == 3 for item in kept):
        return [(str(name), str(value), str(source)) for name, value, source in kept]
    import importlib.metadata

    found = []
    for entry_point in sorted(importlib.metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: ep.name):
        distribution = getattr(entry_point, "dist", None)
        source = f"{distribution.name} {distribution.version}" if distribution is not None else entry_point.value
        found.append((entry_point.name, entry_point.value, source))
    trust.keep(key, [list(item) for item in found])
    return found


def _load_entry_point(value: str) -> object:
    """What ``module:attr.attr [extras]`` names, as ``EntryPoint.load`` finds it."""
    module_name, _, attributes = value.split("[", 1)[0].partition(":")
    target: object = importlib.import_module(module_name.strip())
    for attribute in filter(None, attributes.strip().split(".")):
        target = getattr(target, attribute)
    return target


def _register(manager: pluggy.PluginManager, plugin: object, name: str) -> None:
    try:
        manager.register(plugin, name=name)
    except pluggy.PluginValidationError as error:
        raise PluginError(f"plugin {name!r}: {error}") from None
    except ValueError as error:  # the same plugin object under two names
        raise PluginError(f"plugin {name!r}: {error}") from None


def _load_local(spec: str, base: Path) -> tuple[object, str]:
    """Import a local plugin without writing bytecode into the project."""
    previous = sys.dont_write_bytecode
    sys.dont_write_bytecode = True
    try:
        if spec.endswith(".py") or "/" in spec:
            return _load_file(spec, base)
        sys.path.insert(0, str(base))
        try:
            module = importlib.import_module(spec)
        except Exception as error:
            raise PluginError(f"local plugin {spec!r} failed to import: {type(error).__name__}: {error}") from None
        finally:
            sys.path.remove(str(base))
        return module, str(getattr(module, "__file__", spec))
    finally:
        sys.dont_write_bytecode = previous


def _load_file(spec: str, base: Path) -> tuple[object, str]:
    import hashlib

    path = (base / spec).resolve()
    if not path.is_file():
        raise PluginError(f"local plugin {spec!r} not found at {path}")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    module_name = f"readycheck_local_{path.stem}_{digest}"
    module_spec = importlib.util.spec_from_file_location(module_name, path)
    if module_spec is None or module_spec.loader is None:
        raise PluginError(f"cannot load local plugin {spec!r}")
    module = importlib.util.module_from_spec(module_spec)
    sys.modules[module_name] = module
    try:
        module_spec.loader.exec_module(module)
    except Exception as error:
        del sys.modules[module_name]
        raise PluginError(f"local plugin {spec!r} failed to import: {type(error).__name__}: {error}") from None
    return module, f"{path} sha256:{digest}"
