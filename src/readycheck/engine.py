"""Rules × artifacts: decide what runs on what, run it (in parallel when it pays), collect findings.

File-scoped rules are grouped per file, so each file is read and parsed once, by one worker, however
many rules read it. Repository-scoped rules run in the main process, in full scans only.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from readycheck import discovery, globs, suppress
from readycheck.artifacts import ArtifactKind, Repository, SourceFile
from readycheck.cache import CachedFile, ResultsCache, content_digest
from readycheck.errors import ConfigError, ParseError
from readycheck.model import REPOSITORY, Evaluation, Finding, Level, Result, Rule, Violation
from readycheck.registry import CHECK_ERROR, PARSE_ERROR, SUPPRESSION_WITHOUT_RULE

PARALLEL_MIN_UNITS = 64
"""Below this many files, forking workers costs more than it saves."""

Unit = tuple[str, tuple[int, ...]]
"""A file and the indexes of the file-scoped rules that run on it."""
_PendingUnit = tuple[str, tuple[int, ...], "CachedFile | None"]


@dataclass(frozen=True)
class Scan:
    """What to scan: files relative to ``root``; ``full`` when the whole repository is in scope."""

    root: Path
    files: list[str]
    full: bool


def collect(root: Path, targets: Sequence[Path], exclude: Sequence[str]) -> Scan:
    """Expand the command line's paths: directories are walked, files are taken as given."""
    excluded = globs.compile_globs(tuple(exclude))
    files: set[str] = set()
    full = False
    for target in targets:
        absolute = target.resolve()
        try:
            relative = absolute.relative_to(root)
        except ValueError:
            raise ConfigError(f"{target} is outside the project root {root}") from None
        if absolute.is_dir():
            full = full or absolute == root
            files.update(discovery.walk(root, exclude, absolute))
        elif absolute.is_file():
            posix = relative.as_posix()
            hidden = any(part in discovery.ALWAYS_EXCLUDED_DIRS for part in relative.parts[:-1])
            if not hidden and not (excluded and excluded.match(posix)):
                files.add(posix)
        else:
            raise ConfigError(f"no such file or directory: {target}")
    return Scan(root, sorted(files), full)


def kind_patterns(kinds: dict[str, ArtifactKind], configured: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    unknown = sorted(set(configured) - set(kinds))
    if unknown:
        raise ConfigError(
            f"unknown artifact kind(s) under 'artifacts': {', '.join(unknown)} (known: {', '.join(kinds)})"
        )
    return {name: tuple(configured.get(name, kind.patterns)) for name, kind in kinds.items()}


class _Plan:
    """Which kind each rule reads a given file as (None when the rule does not apply to it)."""

    def __init__(self, rules: Sequence[Rule], patterns: dict[str, tuple[str, ...]]) -> None:
        self.rules = rules
        self.matchers = []
        for rule in rules:
            kinds = [(kind, globs.compile_globs(patterns[kind])) for kind in rule.check.kinds]
            self.matchers.append((kinds, globs.compile_globs(rule.paths), globs.compile_globs(rule.exclude)))

    def kind_for(self, index: int, path: str) -> str | None:
        kinds, included, excluded = self.matchers[index]
        if (included and not included.match(path)) or (excluded and excluded.match(path)):
            return None
        return next((kind for kind, regex in kinds if regex and regex.match(path)), None)

    def units(self, files: Iterable[str]) -> list[Unit]:
        file_rules = [i for i, rule in enumerate(self.rules) if rule.scope != REPOSITORY]
        units = []
        for path in files:
            applicable = tuple(i for i in file_rules if self.kind_for(i, path) is not None)
            if applicable:
                units.append((path, applicable))
        return units


@dataclass
class _FileOutcome:
    """What running the file-scoped rules on one file gave; ``entry`` is what the cache keeps."""

    path: str
    findings: list[Finding]
    evaluations: list[Evaluation]
    tracebacks: list[str]
    entry: CachedFile | None


_state: tuple[Repository, _Plan] | None = None
"""Set before workers fork, so they inherit the rules and repository instead of unpickling them."""


def run(
    scan: Scan,
    rules: Sequence[Rule],
    kinds: dict[str, ArtifactKind],
    patterns: dict[str, tuple[str, ...]],
    jobs: int = 0,
    cache: ResultsCache | None = None,
) -> Result:
    global _state
    repo = Repository(scan.root, scan.files, kinds, patterns)
    plan = _Plan(rules, patterns)
    outcomes, pending = _from_cache(plan.units(scan.files), plan, scan.root, cache)
    _state = (repo, plan)
    try:
        outcomes += _execute(pending, jobs or os.cpu_count() or 1)
        findings = [f for outcome in outcomes for f in outcome.findings]
        evaluations = [evaluation for outcome in outcomes for evaluation in outcome.evaluations]
        tracebacks = [t for outcome in outcomes for t in outcome.tracebacks]
        if scan.full:
            evaluated = {e.rule_id for e in evaluations}
            for rule in rules:
                if rule.scope == REPOSITORY:
                    _run_rule(rule, repo.scoped(rule.paths, rule.exclude), ".", None, findings, evaluations, tracebacks)
                elif rule.id not in evaluated:
                    # Nothing in the repository for it to read: it holds for the repository as a whole
                    # (no .env to find is exactly what file/absent wants).
                    evaluations.append(Evaluation(rule.id, "."))
    finally:
        _state = None
    if cache is not None:
        for outcome in outcomes:
            if outcome.entry is not None:
                cache.store(outcome.path, outcome.entry)
        cache.save(set(scan.files) if scan.full else None)
    return Result(
        root=str(scan.root),
        rules=list(rules),
        findings=_finalise(findings),
        evaluations=sorted(set(evaluations), key=lambda e: (e.path, e.rule_id)),
        full=scan.full,
        tracebacks=tracebacks,
    )


def _from_cache(
    units: list[Unit], plan: _Plan, root: Path, cache: ResultsCache | None
) -> tuple[list[_FileOutcome], list[_PendingUnit]]:
    """Split units into cache hits (unchanged size and mtime) and work, which carries any cached
    entry so that the worker can still reuse it if the content turns out unchanged."""
    hits: list[_FileOutcome] = []
    pending: list[_PendingUnit] = []
    for path, indexes in units:
        entry = cache.get(path) if cache is not None else None
        rule_ids = tuple(plan.rules[i].id for i in indexes)
        if entry is not None and entry.rule_ids == rule_ids:
            try:
                if entry.matches_stat(os.stat(root / path)):
                    hits.append(_FileOutcome(path, list(entry.findings), _passes(rule_ids, path), [], None))
                    continue
            except OSError:
                pass
            pending.append((path, indexes, entry))
        else:
            pending.append((path, indexes, None))
    return hits, pending


def _execute(units: list[_PendingUnit], jobs: int) -> list[_FileOutcome]:
    if jobs <= 1 or len(units) < PARALLEL_MIN_UNITS:
        return _run_units(units)
    import multiprocessing  # only when forking pays: the pre-commit hook never needs it
    from concurrent.futures import ProcessPoolExecutor

    if "fork" not in multiprocessing.get_all_start_methods():
        return _run_units(units)
    chunk_count = jobs * 4
    chunks = [units[i::chunk_count] for i in range(chunk_count)]
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        return [outcome for outcomes in pool.map(_run_units, chunks) for outcome in outcomes]


def _run_units(units: list[_PendingUnit]) -> list[_FileOutcome]:
    assert _state is not None
    repo, plan = _state
    return [_run_file(repo, plan, path, indexes, cached) for path, indexes, cached in units]


def _run_file(
    repo: Repository, plan: _Plan, path: str, indexes: tuple[int, ...], cached: CachedFile | None
) -> _FileOutcome:
    source = repo.source(path)
    rule_ids = tuple(plan.rules[i].id for i in indexes)
    try:
        stat = os.stat(source.abspath)
    except OSError:
        stat = None
    digest = None
    if cached is not None and cached.digest is not None and stat is not None:  # no digest: content never read
        try:
            digest = content_digest(source.bytes)
        except ParseError:
            digest = None
        if digest is not None and digest == cached.digest:
            repo.forget(path)
            entry = replace(cached, size=stat.st_size, mtime_ns=stat.st_mtime_ns)
            return _FileOutcome(path, list(cached.findings), _passes(rule_ids, path), [], entry)
    findings: list[Finding] = []
    evaluations: list[Evaluation] = []
    tracebacks: list[str] = []
    for index in indexes:
        kind = plan.kind_for(index, path)
        assert kind is not None
        artifact = repo.artifact(path, kind)
        _run_rule(plan.rules[index], artifact, path, source, findings, evaluations, tracebacks)
    if source.was_read and not source.is_binary:
        directives = suppress.find_directives(source.text)
        for artifact in repo.parsed(path):
            if artifact.kind.directives is not None:
                directives += artifact.kind.directives(artifact)
        findings = suppress.apply_inline(findings, directives, path, SUPPRESSION_WITHOUT_RULE.fix)
        digest = digest or content_digest(source.bytes)
    repo.forget(path)
    entry = None
    if stat is not None and not any(e.error for e in evaluations):
        entry = CachedFile(digest, stat.st_size, stat.st_mtime_ns, rule_ids, tuple(findings))
    return _FileOutcome(path, findings, evaluations, tracebacks, entry)


def _passes(rule_ids: tuple[str, ...], path: str) -> list[Evaluation]:
    return [Evaluation(rule_id, path) for rule_id in rule_ids]


def _run_rule(
    rule: Rule,
    target: object,
    path: str,
    source: SourceFile | None,
    findings: list[Finding],
    evaluations: list[Evaluation],
    tracebacks: list[str],
) -> None:
    evaluations.append(Evaluation(rule.id, path))
    assert rule.check.function is not None
    try:
        violations = list(rule.check.function(target, rule.params))
    except ParseError as error:
        evaluations[-1] = Evaluation(rule.id, path, error=f"cannot parse the file: {error.message}")
        if not any(f.rule_id == PARSE_ERROR.id and f.path == path for f in findings):
            findings.append(
                _finding(
                    PARSE_ERROR.id,
                    PARSE_ERROR.level,
                    error.message,
                    PARSE_ERROR.fix,
                    path,
                    Violation(error.message, line=error.line),
                    source,
                )
            )
        return
    except Exception as error:
        detail = f"{type(error).__name__}: {error}"
        detail = detail if len(detail) <= 300 else detail[:297] + "..."
        message = f"check {rule.check.id} (rule {rule.id}) crashed: {detail}"
        evaluations[-1] = Evaluation(rule.id, path, error=message)
        findings.append(_finding(CHECK_ERROR.id, Level.ERROR, message, CHECK_ERROR.fix, path, Violation(message), None))
        import traceback

        tracebacks.append(f"{rule.id} on {path}:\n{traceback.format_exc()}")
        return
    for violation in violations:
        message = f"{rule.message}: {violation.message}" if rule.message else violation.message
        findings.append(
            _finding(rule.id, rule.level, message, rule.check.fix, violation.path or path, violation, source)
        )


def _finding(
    rule_id: str, level: Level, message: str, help: str, path: str, violation: Violation, source: SourceFile | None
) -> Finding:
    """A finding whose provisional fingerprint hashes what it is about, not where: the check's key,
    else the text of its line, else its message. Raw line text never leaves this function."""
    key = violation.key
    if key is None and source is not None and source.path == path:
        line_text = source.line_text(violation.line)
        key = " ".join(line_text.split()) if line_text is not None else None
    if key is None:
        key = re.sub(r"\d+", "#", violation.message)
    digest = hashlib.sha256(f"{rule_id}\0{path}\0{key}".encode("utf-8", "replace")).hexdigest()
    return Finding(
        rule_id=rule_id,
        level=level,
        message=message,
        path=path,
        line=violation.line,
        column=violation.column,
        end_line=violation.end_line,
        end_column=violation.end_column,
        fingerprint=digest,
        help=help,
    )


def _finalise(findings: list[Finding]) -> list[Finding]:
    """Sort, and make fingerprints unique by numbering repeats of the same one in order."""
    findings.sort(key=Finding.sort_key)
    seen: dict[str, int] = {}
    final = []
    for finding in findings:
        occurrence = seen.get(finding.fingerprint, 0)
        seen[finding.fingerprint] = occurrence + 1
        digest = hashlib.sha256(f"{finding.fingerprint}:{occurrence}".encode()).hexdigest()[:32]
        final.append(replace(finding, fingerprint=digest))
    return final
