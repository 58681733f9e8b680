"""One run of readycheck, from paths to a Result: config, plugins, policies, scan, engine, suppressions.

The CLI's ``check`` and ``baseline`` commands, and anything else that runs readycheck in-process,
go through :func:`check`, so they all see the same findings.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from readycheck import discovery, engine, mltestscore, suppress, unseen
from readycheck.cache import ResultsCache
from readycheck.config import Config, find_root, load_config
from readycheck.discovery import Scan
from readycheck.errors import ConfigError, PluginError
from readycheck.hashing import fingerprint, record_key
from readycheck.meta import ATTESTATION_EXPIRED, CHECK_ERROR
from readycheck.model import Finding, PluginConfig, Result, Rule
from readycheck.packs import pack_name
from readycheck.paths import display_path, repository_path
from readycheck.plugins import load_registry
from readycheck.policy.loader import bind_rules, load_policies, merge_rules, unmatched
from readycheck.progress import SILENT, Progress
from readycheck.registry import Registry
from readycheck.version import __version__


class Options(NamedTuple):
    paths: Sequence[Path] = ()
    config_file: Path | None = None
    policies: Sequence[str] = ()
    select: Sequence[str] = ()
    ignore: Sequence[str] = ()
    jobs: int = 0
    use_cache: bool = True
    baseline: Path | None = None
    use_baseline: bool = True
    diff: str | None = None
    """``--diff REF``: file rules run only on files changed since the merge base of REF and HEAD."""
    plugins: Sequence[object] = ()
    """Plugin objects to register besides the installed and configured ones (readycheck.testing)."""
    today: datetime.date | None = None
    """The day waivers and attestations are judged by; None: the day the run starts."""


class Session(NamedTuple):
    """What a run is made of, before it scans anything."""

    config: Config
    registry: Registry
    rules: list[Rule]
    patterns: dict[str, tuple[str, ...]]
    policy_files: list[Path]

    @property
    def plugin_config(self) -> PluginConfig:
        return PluginConfig(self.config.root, dict(self.config.plugin_settings))


def prepare(options: Options) -> Session:
    start = options.paths[0] if options.paths else Path.cwd()
    root = find_root(start)
    config = load_config(root, options.config_file.resolve() if options.config_file else None, options.use_cache)
    registry = load_registry(config.plugins, config.base_dir, config.overrides, options.plugins)
    references, base_dir = (options.policies, Path.cwd()) if options.policies else (config.policy, config.base_dir)
    policy_set = load_policies(references, base_dir, registry, config.trust)
    if config.rules and config.file is not None and config.document is not None:
        validated = config.trust.knows(config.document_text, registry.signature)
        merge_rules(policy_set, config.rules, config.document, config.file, (*config.base, "rules"), validated)
        config.trust.learn(config.document_text, registry.signature)
    rules = bind_rules(policy_set, registry, options.select, options.ignore)
    _check_waiver_rules(config, [*policy_set.entries, *registry.checks])
    patterns = engine.kind_patterns(registry.kinds, config.artifacts)
    config.trust.save()  # everything above validated: remember it
    session = Session(config, registry, rules, patterns, policy_set.files)
    _call_plugins(session, "readycheck_configure", config=session.plugin_config)
    return session


def cache_key(session: Session) -> str:
    """Everything that changes which findings a file gets, apart from the file itself."""
    rules = [
        [
            r.id,
            r.check.id,
            str(r.level),
            r.params,
            r.paths,
            r.exclude,
            r.message,
            r.tier,
            r.area,
            r.required,
            r.generated,
        ]
        for r in session.rules
    ]
    material = [__version__, session.registry.signature, rules, session.patterns]
    return record_key(json.dumps(material, sort_keys=True, default=str))


def check(
    options: Options, session: Session | None = None, progress: Progress = SILENT
) -> tuple[Session, Scan, Result]:
    session = session or prepare(options)
    config = session.config
    today = options.today or datetime.date.today()
    generated = engine.generated_globs(session.rules, session.patterns)
    progress.phase("finding files")
    scan = discovery.collect(config.root, list(options.paths) or [Path.cwd()], config.exclude, generated)
    if options.diff is not None:
        from readycheck import git

        changed = frozenset(git.changed_since(config.root, options.diff)).intersection(scan.files)
        scan = scan._replace(changed=changed)
    cache = ResultsCache.open(config.cache_path, cache_key(session)) if options.use_cache else None
    outcome = engine.run(
        scan,
        session.rules,
        session.registry.kinds,
        session.patterns,
        options.jobs,
        cache,
        config.check_timeout,
        progress,
    )
    result = outcome.result
    result.config_file = _config_path(config)
    result.findings += unseen.hidden_rules(
        result, scan, session.rules, session.patterns, result.config_file or ".", config.line_of("exclude")
    )
    result.areas = session.registry.areas
    result.policies = [_policy_name(path, config.root) for path in session.policy_files]
    result.today = today.isoformat()
    waivers = _waivers(config)
    result.waivers = [
        {"rule": w.rule, "paths": list(w.paths), "owner": w.owner, "reason": w.reason, "expires": w.expires.isoformat()}
        for w in waivers
    ]
    baseline = options.baseline or (config.base_dir / config.baseline if config.baseline else None)
    result.findings = suppress.apply(
        result.findings,
        outcome.directives,
        waivers,
        today,
        # A config outside the repository (--config) cannot be pointed at in reports: the repository stands in.
        result.config_file or ".",
        scan.full and scan.changed is None,  # waivers of files left out are not unused
        suppress.read_baseline(baseline) if baseline is not None and options.use_baseline else None,
    )
    result.findings += _expired_attestations(config, today)
    if config.attestations or any(pack_name(path) == mltestscore.PACK for path in session.policy_files):
        result.ml_test_score = mltestscore.score(result, config.attestations, today)
    result.findings += _call_plugins(session, "readycheck_run_finished", result=result, config=session.plugin_config)
    return session, scan, result


def _call_plugins(session: Session, hook_name: str, **arguments: Any) -> list[Finding]:
    """Call a run hook plugin by plugin: one that raises is a readycheck/check-error finding naming it
    (after the run; before it, a PluginError), and the others still run."""
    caller = getattr(session.registry.hooks, hook_name, None) if session.registry.hooks is not None else None
    if caller is None:
        return []
    failed = []
    for implementation in caller.get_hookimpls():
        try:
            implementation.function(**{name: arguments[name] for name in implementation.argnames})
        except Exception as error:
            problem = f"plugin {implementation.plugin_name!r} failed in {hook_name}: {type(error).__name__}: {error}"
            if hook_name == "readycheck_configure":
                raise PluginError(problem) from None
            digest = fingerprint(problem, 32)
            failed.append(
                Finding(CHECK_ERROR.id, CHECK_ERROR.level, problem, ".", fingerprint=digest, fix=CHECK_ERROR.fix)
            )
    return failed


def _expired_attestations(config: Config, today: datetime.date) -> list[Finding]:
    found = []
    for index, attestation in enumerate(config.attestations):
        if datetime.date.fromisoformat(str(attestation["expires"])) < today:
            message = (
                f"attestation of {attestation['test']} expired on {attestation['expires']}: the test scores nothing"
            )
            digest = fingerprint(f"{ATTESTATION_EXPIRED.id}\0{attestation['test']}\0{index}", 32)
            found.append(
                Finding(
                    ATTESTATION_EXPIRED.id,
                    ATTESTATION_EXPIRED.level,
                    message,
                    config.attestation_places[index][0],
                    line=config.attestation_places[index][1],
                    fingerprint=digest,
                    fix=ATTESTATION_EXPIRED.fix,
                )
            )
    return found


def _policy_name(path: Path, root: Path) -> str:
    """A policy file as reports name it: ``pack recommended``, or its path in the repository."""
    pack = pack_name(path)
    if pack is not None:
        return f"pack {pack}"
    return repository_path(root, path)


def _config_path(config: Config) -> str | None:
    if config.file is None or not config.file.is_relative_to(config.root):
        return None
    return config.file.relative_to(config.root).as_posix()


def _check_waiver_rules(config: Config, rule_ids: list[str]) -> None:
    """A waiver for a rule that does not exist (a typo) waives nothing, silently: an error instead."""
    for index, waiver in enumerate(config.waivers):
        problem = unmatched(waiver["rule"], rule_ids)
        if problem is not None:
            shown = display_path(config.file) if config.file else "config"
            raise ConfigError(
                f"waiver rule {waiver['rule']!r} {problem}", shown, config.line_of("waivers", index, "rule")
            )


def _waivers(config: Config) -> list[suppress.Waiver]:
    if not config.waivers or config.file is None:
        return []
    lines = [config.line_of("waivers", index) for index in range(len(config.waivers))]
    return suppress.parse_waivers(config.waivers, lines, display_path(config.file))


def describe(session: Session, scan: Scan) -> dict[str, Any]:
    """What ran, for ``-v``."""
    return {
        "root": str(scan.root),
        "config": display_path(session.config.file) if session.config.file else None,
        "policies": ", ".join(display_path(path) for path in session.policy_files),
        "rules": len(session.rules),
        "files": len(scan.files),
        "mode": _mode(scan),
    }


def _mode(scan: Scan) -> str:
    if not scan.full:
        return "given files only"
    return "full scan" if scan.changed is None else f"full scan, file rules on {len(scan.changed)} changed files"
