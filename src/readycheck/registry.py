"""The registry: every check, artifact kind, policy pack and reporter, gathered from the plugins."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from readycheck.errors import PluginError
from readycheck.model import AREAS, FILE, REPOSITORY, TIERS, Check, Level

if TYPE_CHECKING:
    import pluggy

    from readycheck.artifacts import ArtifactKind
    from readycheck.reporters import Reporter

RULE_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]*/[a-z0-9][a-z0-9_.-]*$")

CHECK_ERROR = Check(
    id="readycheck/check-error",
    function=None,
    description="A check raised an exception; the other checks went on.",
    help="The named check crashed on the artifact. This is a bug in the check (or its plugin), or an input "
    "it did not expect. The message names the check and the exception.",
    fix="Report it to the check's author; run with -v for the traceback.",
    level=Level.ERROR,
    area="general",
)
PARSE_ERROR = Check(
    id="readycheck/parse-error",
    function=None,
    description="A file could not be parsed, so the rules that read it could not run.",
    help="The file named is not valid for its kind (YAML, JSON, TOML, Markdown front matter, ...). The "
    "message gives the parser's error and the line.",
    fix="Fix the syntax error at the line shown.",
    level=Level.ERROR,
    area="general",
)
SUPPRESSION_WITHOUT_RULE = Check(
    id="readycheck/suppression-without-rule",
    function=None,
    description="An inline 'readycheck: ignore' names no rule, so it silences nothing.",
    help="Inline suppressions must say which rules they silence, so that a new problem on the same line "
    "is still reported: '# readycheck: ignore[notebook/size] reason'.",
    fix="Name the rule ids in brackets: readycheck: ignore[rule-id] reason.",
    level=Level.WARNING,
    area="general",
)
WAIVER_EXPIRED = Check(
    id="readycheck/waiver-expired",
    function=None,
    description="A waiver in the config has expired; the findings it covered count again.",
    help="Waivers are temporary by design. After 'expires', the waiver stops suppressing and this finding "
    "points at it in the config file.",
    fix="Fix the findings it covered, or renew the waiver with a new 'expires' and a reason.",
    level=Level.WARNING,
    area="general",
)
WAIVER_UNUSED = Check(
    id="readycheck/waiver-unused",
    function=None,
    description="A waiver in the config matches no finding (full scans only).",
    help="The problem it waived is gone, or its 'rule'/'paths' are wrong. Stale waivers hide future problems.",
    fix="Remove the waiver, or correct its 'rule' and 'paths'.",
    level=Level.NOTE,
    area="general",
)
ENGINE_CHECKS = (CHECK_ERROR, PARSE_ERROR, SUPPRESSION_WITHOUT_RULE, WAIVER_EXPIRED, WAIVER_UNUSED)


@dataclass
class Registry:
    checks: dict[str, Check]
    kinds: dict[str, ArtifactKind]
    packs: dict[str, Path]
    reporters: dict[str, Reporter]
    signature: str = ""
    """Names and versions of the plugins, so that cached results die with a plugin upgrade."""


def load_registry(local_plugins: Sequence[str] = (), base: Path | None = None) -> Registry:
    from readycheck.plugins import plugin_manager

    manager = plugin_manager(local_plugins, base)
    registry = build_registry(manager)
    registry.signature = _signature(manager)
    return registry


def _signature(manager: pluggy.PluginManager) -> str:
    import hashlib

    parts = [f"{dist.project_name}=={dist.version}" for _, dist in manager.list_plugin_distinfo()]
    for name, plugin in manager.list_name_plugin():
        if name.startswith("local:"):
            source = Path(getattr(plugin, "__file__", "") or "")
            parts.append(f"{name}:{hashlib.sha256(source.read_bytes()).hexdigest() if source.is_file() else ''}")
    return ";".join(sorted(parts))


def build_registry(manager: pluggy.PluginManager) -> Registry:
    checks: dict[str, Check] = {c.id: c for c in ENGINE_CHECKS}
    kinds: dict[str, ArtifactKind] = {}
    packs: dict[str, Path] = {}
    reporters: dict[str, Reporter] = {}
    for plugin_name, items in _results(manager, "readycheck_checks"):
        for item in items:
            _validate_check(item, plugin_name)
            if item.id in checks:
                raise PluginError(f"plugin {plugin_name!r} registers check {item.id!r}, which is already registered")
            checks[item.id] = item
    for plugin_name, items in _results(manager, "readycheck_artifact_kinds"):
        for kind in items:
            if kind.name in kinds:
                raise PluginError(f"plugin {plugin_name!r} registers artifact kind {kind.name!r} twice")
            kinds[kind.name] = kind
    for _, mapping in _results(manager, "readycheck_policy_packs"):
        packs.update(mapping)
    for _, items in _results(manager, "readycheck_reporters"):
        reporters.update((reporter.name, reporter) for reporter in items)
    for item in checks.values():
        missing = [kind for kind in item.kinds if kind not in kinds]
        if missing:
            raise PluginError(f"check {item.id!r} reads unknown artifact kind(s): {', '.join(missing)}")
    return Registry(dict(sorted(checks.items())), kinds, dict(sorted(packs.items())), dict(sorted(reporters.items())))


def _results(manager: pluggy.PluginManager, hook_name: str) -> list[tuple[str, list]]:
    """Call one hook on each plugin separately, so a failure names the plugin that failed."""
    results = []
    for impl in getattr(manager.hook, hook_name).get_hookimpls():
        try:
            value = impl.function()
        except Exception as error:
            raise PluginError(
                f"plugin {impl.plugin_name!r} failed in {hook_name}: {type(error).__name__}: {error}"
            ) from None
        if value is not None:
            results.append((impl.plugin_name, value))
    return results


def _validate_check(item: object, plugin_name: str) -> None:
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
    if item.area not in AREAS:
        problems.append(f"area must be one of {', '.join(AREAS)}")
    if problems:
        raise PluginError(f"plugin {plugin_name!r}: check {item.id!r}: " + "; ".join(problems))
