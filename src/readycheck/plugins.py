"""Finding and loading plugins: the built-in ones, installed entry points and the project's local modules.

Built-ins come first, then entry points, then local modules, and that order decides which item an
allowed override keeps: the later one.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import importlib.util
import json
import os
import sys
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from types import FunctionType, MethodType, ModuleType
from typing import TYPE_CHECKING, Any, ClassVar

from readycheck import snapshot
from readycheck.cachedir import RecordFolder, Seal, user_cache_root
from readycheck.errors import PluginError
from readycheck.hashing import content_digest, record_key
from readycheck.registry import BUILTIN, ENTRY_POINT, LOCAL, Registry
from readycheck.version import __version__

if TYPE_CHECKING:
    import pluggy

ENTRY_POINT_GROUP = "readycheck"
INSTALLED_FOLDER = "installed"
INSTALLED_KEPT = 16
"""Registry snapshots and entry-point lists kept: other installs, other repositories' local plugins."""

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

_third_party: set[str] = set()
"""Plugins other than readycheck's own that this process imported (entry points and local plugins)."""


def third_party_loaded() -> bool:
    """Whether code from a plugin other than readycheck's own ran in this process (see __main__)."""
    return bool(_third_party)


def load_registry(
    local_plugins: Sequence[str] = (),
    base: Path | None = None,
    overrides: Collection[str] = (),
    extra: Sequence[object] = (),
) -> Registry:
    """The registry of every plugin; local plugin paths are relative to ``base`` (the config's folder).
    ``extra`` are plugin objects (modules) registered last, as local plugins: readycheck.testing's way
    to test a plugin that is not installed.

    The registry comes from the snapshot an earlier run took while the plugins' files are unchanged
    (see :mod:`readycheck.snapshot`): no plugin is imported until one of its functions is called. Like
    Python's bytecode cache, the snapshot describes the installed code, not a repository: it is kept in
    the user cache whatever ``--no-cache`` says."""
    from readycheck.registry import build_registry

    memory = installed_memory()
    points = entry_points(memory)
    base = base or Path.cwd()
    key = _snapshot_key(points, local_plugins, base, overrides)
    loader = _Loader(points, local_plugins, base, lambda: memory.forget(key))
    kept = memory.recall(key) if not extra else None  # objects given: nothing to key them by
    registry = snapshot.restore(kept, loader.function, lambda: loader.manager().hook)
    if registry is None:
        before = set(sys.modules)
        manager, origins = plugin_manager(local_plugins, base, points, extra)
        registry = build_registry(manager, origins, overrides)
        taken = None if extra else snapshot.take(registry, _plugin_files(manager, registry, set(sys.modules) - before))
        if taken is not None:
            memory.keep(key, taken)
    return registry


def _snapshot_key(
    points: Sequence[tuple[str, str, str]], local_plugins: Sequence[str], base: Path, overrides: Collection[str]
) -> str:
    """What a snapshot is for: readycheck's version and where it and the plugins are imported from (two
    installs of one version are two snapshots), the entry points, the local plugins (a file's content
    itself) and the overrides. Without local plugins, every repository shares one snapshot."""
    local = []
    for spec in local_plugins:
        path = base / spec
        try:
            local.append([spec, str(base), content_digest(path.read_bytes()) if path.is_file() else ""])
        except OSError:
            local.append([spec, str(base), ""])
    material = [
        "registry",
        __version__,
        str(Path(__file__).parent),
        sys.path[1:],  # [0] is the script's folder, or the working folder for 'python -m'
        points,
        local,
        sorted(overrides),
    ]
    return record_key(json.dumps(material))


def installed_memory() -> RecordFolder:
    """What readycheck remembers of the installed code (entry-point lists, registry snapshots), for
    every repository of this machine."""
    return RecordFolder(user_cache_root() / INSTALLED_FOLDER, Seal.load(), INSTALLED_KEPT)


def plugin_manager(
    local_plugins: Sequence[str] = (),
    base: Path | None = None,
    points: Sequence[tuple[str, str, str]] | None = None,
    extra: Sequence[object] = (),
) -> tuple[pluggy.PluginManager, Origins]:
    """Every plugin registered: the built-in ones, the installed ``points`` (found now when None), the
    local ones, then ``extra``."""
    import pluggy

    manager = _new_manager()
    origins: Origins = {}
    for name in BUILTIN_PLUGINS:
        _register(manager, importlib.import_module(name), name)
        origins[name] = (BUILTIN, name)
    for name, value, source in entry_points() if points is None else points:
        if manager.get_plugin(name) is not None or manager.is_blocked(name):
            continue
        _register(manager, _load_entry_point(name, value, source), name)
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


class _Loader:
    """Imports one plugin when a snapshot's deferred function needs it, and asks it, alone, for what
    it registers."""

    HOOKS: ClassVar[dict[str, str]] = {
        "check": "readycheck_checks",
        "kind": "readycheck_artifact_kinds",
        "reporter": "readycheck_reporters",
    }

    def __init__(
        self,
        points: Sequence[tuple[str, str, str]],
        local_plugins: Sequence[str],
        base: Path,
        forget: Callable[[], None],
    ) -> None:
        self.points: dict[str, tuple[str, str]] = {}
        for name, value, source in points:
            self.points.setdefault(name, (value, source))  # as a build: the first of a name is registered
        self.local_plugins = tuple(local_plugins)
        self.base = base
        self.forget = forget
        """Drops the snapshot: called when it names what the plugins no longer register."""
        self.plugins: dict[str, object] = {}
        self.items: dict[tuple[str, str], dict[str, Any]] = {}
        self._manager: pluggy.PluginManager | None = None

    def function(self, plugin_name: str, category: str, name: str, attribute: str) -> Any:
        if (plugin_name, category) not in self.items:
            manager = self._registered([plugin_name])
            others = [plugin for other, plugin in manager.list_name_plugin() if other != plugin_name]
            results = manager.subset_hook_caller(self.HOOKS[category], others)()
            self.items[plugin_name, category] = {
                (item.id if category == "check" else item.name): item for items in results for item in items
            }
        item = self.items[plugin_name, category].get(name)
        if item is None:
            self.forget()
            raise PluginError(f"plugin {plugin_name!r} no longer registers {category} {name!r}: run readycheck again")
        return getattr(item, attribute)

    def plugin(self, name: str) -> object:
        """The plugin ``name``, if the configuration still has it: a snapshot never names what to import."""
        if name not in self.plugins:
            if name in BUILTIN_PLUGINS:
                self.plugins[name] = importlib.import_module(name)
            elif name.startswith("local:") and name.removeprefix("local:") in self.local_plugins:
                self.plugins[name] = _load_local(name.removeprefix("local:"), self.base)[0]
            elif name in self.points:
                self.plugins[name] = _load_entry_point(name, *self.points[name])
            else:
                self.forget()
                raise PluginError(f"plugin {name!r} is no longer installed: run readycheck again")
        return self.plugins[name]

    def manager(self) -> pluggy.PluginManager:
        """Every plugin, as a run hook needs them; plugins already imported are reused."""
        return self._registered([*BUILTIN_PLUGINS, *self.points, *(f"local:{spec}" for spec in self.local_plugins)])

    def _registered(self, names: Sequence[str]) -> pluggy.PluginManager:
        """The loader's one plugin manager, with ``names`` registered (a manager costs its hook specs)."""
        if self._manager is None:
            self._manager = _new_manager()
        for name in names:
            if self._manager.get_plugin(name) is None:
                _register(self._manager, self.plugin(name), name)
        return self._manager


def _new_manager() -> pluggy.PluginManager:
    from readycheck import hookspecs

    manager = _manager_class()("readycheck")
    manager.add_hookspecs(hookspecs)
    return manager


@functools.cache
def _manager_class() -> type[pluggy.PluginManager]:
    import pluggy

    class Manager(pluggy.PluginManager):
        def parse_hookimpl_opts(self, plugin: object, name: str) -> pluggy.HookimplOpts | None:
            """In a module, only a function carrying the marker can be a hook implementation: decided
            here, since pluggy's careful lookup of every attribute of every module costs ~10 ms a build."""
            if isinstance(plugin, ModuleType):
                value = vars(plugin).get(name)
                if isinstance(value, FunctionType) and f"{self.project_name}_impl" not in vars(value):
                    return None
                if not isinstance(value, (FunctionType, MethodType)):
                    return None
            return super().parse_hookimpl_opts(plugin, name)

    return Manager


def _plugin_files(manager: pluggy.PluginManager, registry: Registry, imported: set[str]) -> list[Path]:
    """The files a registry snapshot depends on: every module the build imported (a plugin's helpers and
    dependencies too), every imported module of the plugins' top-level packages (imported earlier in a
    long-lived process), and the folders of policy packs (a new pack is a new file there)."""
    tops = set()
    for _, plugin in manager.list_name_plugin():
        module = plugin.__name__ if isinstance(plugin, ModuleType) else getattr(plugin, "__module__", "")
        tops.add(str(module).split(".")[0])
    files = [
        Path(file)
        for name, module in list(sys.modules.items())
        if (name in imported or name.split(".")[0] in tops)
        and isinstance(file := getattr(module, "__file__", None), str)
    ]
    return files + [path.parent for path in registry.packs.values()]


def entry_points(memory: RecordFolder | None = None) -> list[tuple[str, str, str]]:
    """The installed plugins' entry points as (name, value, 'distribution version'), sorted by name.

    Scanning every installed distribution's metadata costs tens of milliseconds in each pre-commit run;
    the list is kept in ``memory``, keyed by the folders on ``sys.path`` and their modification times
    (installing, upgrading or removing a distribution changes its folder)."""
    folders = []
    for entry in sys.path:
        with contextlib.suppress(OSError):
            folders.append([entry, os.stat(entry or ".").st_mtime_ns])
    key = record_key(json.dumps(["entry-points", __version__, ENTRY_POINT_GROUP, folders]))
    kept = memory.recall(key) if memory is not None else None
    if isinstance(kept, list) and all(isinstance(item, list) and len(item) == 3 for item in kept):
        return [(str(name), str(value), str(source)) for name, value, source in kept]
    import importlib.metadata

    found = []
    for entry_point in sorted(importlib.metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: ep.name):
        distribution = getattr(entry_point, "dist", None)
        source = f"{distribution.name} {distribution.version}" if distribution is not None else entry_point.value
        found.append((entry_point.name, entry_point.value, source))
    if memory is not None:
        memory.keep(key, [list(item) for item in found])
    return found


def _load_entry_point(name: str, value: str, source: str) -> object:
    """What ``module:attr.attr [extras]`` names, as ``EntryPoint.load`` finds it."""
    module_name, _, attributes = value.split("[", 1)[0].partition(":")
    _third_party.add(name)
    try:
        target: object = importlib.import_module(module_name.strip())
        for attribute in filter(None, attributes.strip().split(".")):
            target = getattr(target, attribute)
    except Exception as error:  # a broken third-party package must not hide which one it is
        raise PluginError(
            f"plugin {name!r} (entry point {value}, {source}) failed to load: {type(error).__name__}: {error}"
        ) from None
    return target


def _register(manager: pluggy.PluginManager, plugin: object, name: str) -> None:
    import pluggy

    try:
        manager.register(plugin, name=name)
    except pluggy.PluginValidationError as error:
        raise PluginError(f"plugin {name!r}: {error}") from None
    except ValueError as error:  # the same plugin object under two names
        raise PluginError(f"plugin {name!r}: {error}") from None


def _load_local(spec: str, base: Path) -> tuple[object, str]:
    """Import a local plugin without writing bytecode into the project."""
    _third_party.add(spec)
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
    path = (base / spec).resolve()
    if not path.is_file():
        raise PluginError(f"local plugin {spec!r} not found at {path}")
    import hashlib

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
