"""The plugin manager: built-in plugins, entry points and the project's own local plugin modules."""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Sequence
from pathlib import Path

import pluggy

from readycheck import hookspecs
from readycheck.errors import PluginError

ENTRY_POINT_GROUP = "readycheck"

BUILTIN_PLUGINS = (
    "readycheck.artifacts.builtin",
    "readycheck.artifacts.notebook",
    "readycheck.checks.files",
    "readycheck.checks.markdown",
    "readycheck.checks.data",
    "readycheck.checks.notebook",
    "readycheck.checks.secrets",
    "readycheck.reporters.text",
    "readycheck.reporters.json",
    "readycheck.reporters.sarif",
    "readycheck.reporters.junit",
    "readycheck.reporters.markdown",
    "readycheck.reporters.github",
    "readycheck.reporters.gitlab",
    "readycheck.packs",
)


def plugin_manager(local_plugins: Sequence[str] = (), base: Path | None = None) -> pluggy.PluginManager:
    """Built-ins first, then installed entry points, then local modules (paths relative to ``base``)."""
    manager = pluggy.PluginManager("readycheck")
    manager.add_hookspecs(hookspecs)
    for name in BUILTIN_PLUGINS:
        manager.register(importlib.import_module(name), name=name)
    try:
        manager.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
    except Exception as error:  # a broken third-party package must not hide which one it is
        raise PluginError(f"cannot load a plugin from entry point group {ENTRY_POINT_GROUP!r}: {error}") from None
    for spec in local_plugins:
        manager.register(_load_local(spec, base or Path.cwd()), name=f"local:{spec}")
    return manager


def _load_local(spec: str, base: Path) -> object:
    if spec.endswith(".py") or "/" in spec:
        path = (base / spec).resolve()
        if not path.is_file():
            raise PluginError(f"local plugin {spec!r} not found at {path}")
        module_name = f"readycheck_local_{path.stem}_{abs(hash(str(path)))}"
        module_spec = importlib.util.spec_from_file_location(module_name, path)
        if module_spec is None or module_spec.loader is None:
            raise PluginError(f"cannot load local plugin {spec!r}")
        module = importlib.util.module_from_spec(module_spec)
        sys.modules[module_name] = module
        try:
            module_spec.loader.exec_module(module)
        except Exception as error:
            raise PluginError(f"local plugin {spec!r} failed to import: {type(error).__name__}: {error}") from None
        return module
    sys.path.insert(0, str(base))
    try:
        return importlib.import_module(spec)
    except Exception as error:
        raise PluginError(f"local plugin {spec!r} failed to import: {type(error).__name__}: {error}") from None
    finally:
        sys.path.remove(str(base))
