"""The registry: the catalogue of every check, artifact kind, area, policy pack and reporter.

Plugins fill it through their hooks (see :mod:`readycheck.plugins` for how they are found). Names are
unique: a plugin that registers a name another plugin already registered is an error naming both,
unless the project's config lists the name under ``overrides`` (``reporter:sarif``), in which case the
later plugin's item replaces the earlier one and ``readycheck plugins`` says so.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from readycheck.artifacts import ArtifactKind
from readycheck.errors import PluginError
from readycheck.meta import ENGINE_CHECKS
from readycheck.model import AREA_NAME, BUILTIN_AREAS, FILE, REPOSITORY, RULE_ID, TIERS, Check
from readycheck.reporters import Reporter

if TYPE_CHECKING:
    import pluggy

BUILTIN, ENTRY_POINT, LOCAL = "built-in", "entry point", "local"
"""Where a plugin came from."""

CATEGORIES = ("check", "kind", "area", "pack", "reporter")
"""What plugins register, as written in ``overrides`` entries (``check:notebook/size``)."""


class PluginInfo(NamedTuple):
    """One loaded plugin: where it came from and what it registered, for ``readycheck plugins``."""

    name: str
    origin: str
    source: str
    """The module (built-in), ``distribution version`` (entry point) or file (local)."""
    registers: dict[str, list[str]]
    """Category (see CATEGORIES) to names, in registration order."""
    overrides: list[str]
    """``category:name (plugin)`` for each item it replaced, with the project's consent."""


class Registry(NamedTuple):
    checks: dict[str, Check]
    kinds: dict[str, ArtifactKind]
    packs: dict[str, Path]
    reporters: dict[str, Reporter]
    areas: tuple[str, ...] = BUILTIN_AREAS
    """Scorecard areas in report order: the built-in ones, then those plugins add."""
    plugins: Sequence[PluginInfo] = ()
    signature: str = ""
    """Names and versions of the plugins, so that cached results die with a plugin upgrade."""
    hooks: Any = None
    """The plugin manager's hook caller, for the run hooks (readycheck_configure, readycheck_run_finished)."""


class _Catalogue:
    """One category's items by name, with who registered each, enforcing uniqueness."""

    def __init__(self, category: str, overrides: Collection[str]) -> None:
        self.category = category
        self.overrides = overrides
        self.items: dict[str, Any] = {}
        self.owners: dict[str, str] = {}

    def add(self, name: str, item: Any, plugin: PluginInfo) -> None:
        if name in self.items:
            token = f"{self.category}:{name}"
            previous = self.owners[name]
            if token not in self.overrides:
                raise PluginError(
                    f"plugin {plugin.name!r} registers {self.category} {name!r}, which plugin {previous!r} already "
                    f"registers; to let the later one replace it, add '{token}' under 'overrides' in the config"
                )
            plugin.overrides.append(f"{token} ({previous})")
        self.items[name] = item
        self.owners[name] = plugin.name
        plugin.registers.setdefault(self.category, []).append(name)


def build_registry(
    manager: pluggy.PluginManager, origins: Mapping[str, tuple[str, str]], overrides: Collection[str] = ()
) -> Registry:
    """Ask every plugin, in registration order, for what it provides; ``origins`` maps a plugin's name to
    (origin, source)."""
    infos = {
        name: PluginInfo(name, *origins.get(name, (LOCAL, name)), {}, [])
        for name, _ in manager.list_name_plugin()
        if name
    }
    checks = _Catalogue("check", overrides)
    kinds = _Catalogue("kind", overrides)
    packs = _Catalogue("pack", overrides)
    reporters = _Catalogue("reporter", overrides)
    areas = list(BUILTIN_AREAS)
    for meta_check in ENGINE_CHECKS:
        checks.items[meta_check.id], checks.owners[meta_check.id] = meta_check, "readycheck"
    for plugin, items in _per_plugin(manager, "readycheck_areas", infos):
        for area in items:
            if not isinstance(area, str) or not AREA_NAME.match(area):
                raise PluginError(f"plugin {plugin.name!r}: area {area!r} must be lowercase words joined by '-'")
            plugin.registers.setdefault("area", []).append(area)
            if area not in areas:
                areas.append(area)
    for plugin, items in _per_plugin(manager, "readycheck_artifact_kinds", infos):
        for kind in items:
            if not isinstance(kind, ArtifactKind):
                raise PluginError(f"plugin {plugin.name!r} returned {kind!r} from readycheck_artifact_kinds")
            kinds.add(kind.name, kind, plugin)
    for plugin, items in _per_plugin(manager, "readycheck_checks", infos):
        for item in items:
            _validate_check(item, plugin.name, areas)
            owner = "" if plugin.origin == BUILTIN else f"{plugin.name} ({plugin.source})"
            checks.add(item.id, item._replace(plugin=owner) if owner else item, plugin)
    for plugin, mapping in _per_plugin(manager, "readycheck_policy_packs", infos):
        for name, path in mapping.items():
            packs.add(name, Path(path), plugin)
    for plugin, items in _per_plugin(manager, "readycheck_reporters", infos):
        for reporter in items:
            if not isinstance(reporter, Reporter):
                raise PluginError(f"plugin {plugin.name!r} returned {reporter!r} from readycheck_reporters")
            reporters.add(reporter.name, reporter, plugin)
    for item in checks.items.values():
        missing = [kind for kind in item.kinds if kind not in kinds.items]
        if missing:
            raise PluginError(f"check {item.id!r} reads unknown artifact kind(s): {', '.join(missing)}")
    return Registry(
        checks=dict(sorted(checks.items.items())),
        kinds=kinds.items,
        packs=dict(sorted(packs.items.items())),
        reporters=dict(sorted(reporters.items.items())),
        areas=tuple(areas),
        plugins=list(infos.values()),
        signature=";".join(sorted(f"{info.name}:{info.source}" for info in infos.values())),
        hooks=manager.hook,
    )


def _per_plugin(
    manager: pluggy.PluginManager, hook_name: str, infos: Mapping[str, PluginInfo]
) -> Iterator[tuple[PluginInfo, Any]]:
    """Call a hook through pluggy one plugin at a time, so that what comes back, or a failure, is known
    to be that plugin's."""
    caller = getattr(manager.hook, hook_name)
    implementers = {impl.plugin_name for impl in caller.get_hookimpls()}
    plugins = [(name, plugin) for name, plugin in manager.list_name_plugin() if plugin is not None]
    for name in [name for name, _ in plugins if name in implementers]:
        others = [other for other_name, other in plugins if other_name != name]
        try:
            results = manager.subset_hook_caller(hook_name, others)()
        except Exception as error:
            raise PluginError(f"plugin {name!r} failed in {hook_name}: {type(error).__name__}: {error}") from None
        for value in results:
            if value is not None:
                yield infos[name], value


def _validate_check(item: object, plugin_name: str, areas: Collection[str]) -> None:
    if not isinstance(item, Check):
        raise PluginError(
            f"plugin {plugin_name!r} returned {item!r} from readycheck_checks; declare checks with @readycheck.check"
        )
    problems = []
    if not RULE_ID.match(item.id):
        problems.append("its id must look like 'area/slug' (lowercase)")
    if item.scope not in (FILE, REPOSITORY):
        problems.append(f"scope must be {FILE!r} or {REPOSITORY!r}")
    if item.scope == FILE and not item.kinds:
        problems.append("a file-scoped check must name the artifact kinds it reads")
    if item.tier not in TIERS:
        problems.append(f"tier must be one of {', '.join(TIERS)}")
    if item.area not in areas:
        problems.append(f"area must be one of {', '.join(areas)} (a plugin adds areas with readycheck_areas)")
    if item.function is None:
        problems.append("it has no function")
    if problems:
        raise PluginError(f"plugin {plugin_name!r}: check {item.id!r}: " + "; ".join(problems))
