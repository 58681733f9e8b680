"""Rules × artifacts: decide what runs on what, run it (in parallel when it pays), collect findings.

File-scoped rules are grouped per file, so each file is read and parsed once, by one worker, however
many rules read it. Repository-scoped rules run in the main process, in full scans only, and so do the
verdicts on file-scoped rules that found nothing to read (missing evidence, a pass, or not applicable).
Suppressions are not applied here: the engine hands the inline directives it found to the
suppression stage (see :mod:`readycheck.suppress`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from readycheck import discovery, globs, parallel, suppress
from readycheck.artifacts import ArtifactKind, Repository, SourceFile, read_input_file
from readycheck.budget import DEFAULT_SECONDS, CheckTimeout, Watchdog
from readycheck.cache import CachedFile, ResultsCache
from readycheck.discovery import Scan
from readycheck.errors import ConfigError, ParseError
from readycheck.hashing import content_digest, fingerprint
from readycheck.meta import CHECK_ERROR, CHECK_TIMEOUT, PARSE_ERROR
from readycheck.model import (
    MISSING_EVIDENCE,
    REPOSITORY,
    Directive,
    Evaluation,
    Finding,
    Level,
    Result,
    Rule,
    Violation,
    missing_evidence,
)
from readycheck.progress import SILENT, Progress
from readycheck.redaction import redact_text
from readycheck.snapshot import resolve_all

MISSING_EVIDENCE_FIX = (
    "Produce the file before readycheck runs (in CI, after the step that writes it), or set "
    "'required: false' on the rule if this evidence is optional."
)

Unit = tuple[str, tuple[tuple[int, str], ...]]
"""A file and the (rule index, artifact kind) pairs of the file-scoped rules that read it."""
_PendingUnit = tuple[str, tuple[tuple[int, str], ...], "CachedFile | None"]


def kind_patterns(kinds: Mapping[str, ArtifactKind], configured: Mapping[str, list[str]]) -> dict[str, tuple[str, ...]]:
    unknown = sorted(set(configured) - set(kinds))
    if unknown:
        raise ConfigError(
            f"unknown artifact kind(s) under 'artifacts': {', '.join(unknown)} (known: {', '.join(kinds)})"
        )
    return {name: tuple(configured.get(name, kind.patterns)) for name, kind in kinds.items()}


def generated_globs(rules: Sequence[Rule], patterns: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The globs under which discovery also takes files .gitignore ignores: the files that rules reading
    generated evidence are about."""
    found: list[str] = []
    for rule in rules:
        if rule.generated:
            found += rule.paths or [p for kind in rule.check.kinds for p in patterns[kind]]
    return tuple(dict.fromkeys(found))


def plan(rules: Sequence[Rule], scan: Scan, patterns: Mapping[str, tuple[str, ...]]) -> list[Unit]:
    """Which file-scoped rules read which file, and as which kind: each rule filters the file list once."""
    visible = [f for f in scan.files if f not in scan.ignored] if scan.ignored else scan.files
    assignments: dict[str, list[tuple[int, str]]] = {}
    for index, rule in enumerate(rules):
        if rule.scope == REPOSITORY:
            continue
        candidates = scan.files if rule.generated else visible
        kinds = [(kind, regex) for kind in rule.check.kinds if (regex := globs.compile_for(patterns[kind], candidates))]
        if not kinds:
            continue
        if rule.paths:
            included = globs.compile_for(rule.paths, candidates)
            candidates = [f for f in candidates if included.match(f)] if included is not None else []
        if rule.exclude and (excluded := globs.compile_for(rule.exclude, candidates)) is not None:
            candidates = [f for f in candidates if not excluded.match(f)]
        for path in candidates:
            kind = next((kind for kind, regex in kinds if regex.match(path)), None)
            if kind is not None:
                assignments.setdefault(path, []).append((index, kind))
    return [(path, tuple(assignments[path])) for path in sorted(assignments)]


class _FileOutcome(NamedTuple):
    """What running the file-scoped rules on one file gave; ``entry`` is what the cache keeps."""

    path: str
    findings: list[Finding]
    evaluations: list[Evaluation]
    directives: list[Directive]
    tracebacks: Sequence[str] = ()
    entry: CachedFile | None = None


class Outcome(NamedTuple):
    """The engine's result, before suppressions: the findings, and the inline directives per file."""

    result: Result
    directives: dict[str, list[Directive]]


class _Context(NamedTuple):
    """What running units needs: inherited by forked workers (see parallel), never pickled."""

    repo: Repository
    rules: Sequence[Rule]
    budget: float = DEFAULT_SECONDS
    """Seconds each check may spend on one artifact."""
    caching: bool = True
    """Whether results are cached: without a cache, files are not hashed."""


def run(
    scan: Scan,
    rules: Sequence[Rule],
    kinds: Mapping[str, ArtifactKind],
    patterns: Mapping[str, tuple[str, ...]],
    jobs: int = 0,
    cache: ResultsCache | None = None,
    budget: float = DEFAULT_SECONDS,
    progress: Progress = SILENT,
) -> Outcome:
    repo = Repository(scan.root, scan.files, kinds, patterns)
    context = _Context(repo, rules, budget, cache is not None)
    units = plan(rules, scan, patterns)
    matched = {rules[index].id for _, pairs in units for index, _ in pairs}
    if scan.changed is not None:
        units = [(path, pairs) for path, pairs in units if path in scan.changed]
    outcomes, pending = _from_cache(units, rules, scan.root, cache)
    _import_plugins(pending, [rule for rule in rules if rule.scope == REPOSITORY] if scan.full else [], rules, kinds)
    sizes = _sizes(scan.root, pending)
    pending.sort(key=lambda unit: -sizes[unit[0]])  # the largest first, so that chunks spread them
    progress.phase("checking files", len(pending))
    advance = progress.advance if progress.enabled else None
    outcomes += parallel.run(_run_units, context, pending, jobs, advance, sum(sizes.values()))
    findings = [f for outcome in outcomes for f in outcome.findings]
    evaluations = [evaluation for outcome in outcomes for evaluation in outcome.evaluations]
    tracebacks = [t for outcome in outcomes for t in outcome.tracebacks]
    if scan.full:
        progress.phase("repository-wide rules")
        with Watchdog(budget) as watchdog:
            for rule in rules:
                if rule.scope == REPOSITORY:
                    hidden = frozenset() if rule.generated else scan.ignored
                    target = repo.scoped(rule.paths, rule.exclude, hidden)
                    _run_rule(rule, target, ".", None, findings, evaluations, tracebacks, watchdog)
        for rule in rules:
            if rule.scope != REPOSITORY and rule.id not in matched:
                evaluation, finding = _nothing_to_read(rule, scan, patterns)
                evaluations.append(evaluation)
                if finding is not None:
                    findings.append(finding)
    if cache is not None:
        for outcome in outcomes:
            if outcome.entry is not None:
                cache.store(outcome.path, outcome.entry)
        cache.save(set(scan.files) if scan.full else None)
    result = Result(
        root=str(scan.root),
        rules=list(rules),
        findings=_finalise(findings),
        evaluations=sorted(set(evaluations), key=lambda e: (e.path, e.rule_id)),
        full=scan.full,
        tracebacks=tracebacks,
    )
    return Outcome(result, {outcome.path: outcome.directives for outcome in outcomes if outcome.directives})


def _import_plugins(
    pending: Sequence[_PendingUnit],
    repository_rules: Sequence[Rule],
    rules: Sequence[Rule],
    kinds: Mapping[str, ArtifactKind],
) -> None:
    """Import the code the run calls (see snapshot.Deferred) now: before workers fork, so that each does
    not import it again, and before any check's time budget starts; a plugin that fails to import is
    then an error of the run, not of one check."""
    pairs = {pair for _, unit_pairs, _ in pending for pair in unit_pairs}
    functions: list[object] = [rules[index].check.function for index, _ in pairs]
    functions += [rule.check.function for rule in repository_rules]
    functions += [kinds[kind].parse for rule in repository_rules for kind in rule.check.kinds]
    functions += [kinds[kind].parse for _, kind in pairs]
    if pending:
        functions += [kind.directives for kind in kinds.values()]  # read from any file that mentions readycheck
    resolve_all(functions)


def _sizes(root: Path, units: Sequence[_PendingUnit]) -> dict[str, int]:
    base, sizes = str(root), {}
    for path, _, _ in units:
        try:
            sizes[path] = os.stat(os.path.join(base, path)).st_size
        except OSError:
            sizes[path] = 0
    return sizes


def _nothing_to_read(
    rule: Rule, scan: Scan, patterns: Mapping[str, tuple[str, ...]]
) -> tuple[Evaluation, Finding | None]:
    """The verdict on a file-scoped rule that matched no file in a full scan."""
    looked_for = rule.paths or tuple(p for kind in rule.check.kinds for p in patterns[kind])
    what = f"no file matches {', '.join(looked_for)}"
    if rule.required:
        reasons = []
        for path in rule.paths:
            if not globs.is_literal(path):
                continue
            why = discovery.why_unseen(scan, path)
            if why is None and path in scan.files:
                why = f"it exists, but is not a {' or '.join(rule.check.kinds)} file"
            if why is not None:
                reasons.append(f"{path}: {why}")
        violation = missing_evidence(what + (f" ({'; '.join(reasons)})" if reasons else ""), rule.check.produce)
        message = f"{rule.message}: {violation.message}" if rule.message else violation.message
        fix = violation.fix or MISSING_EVIDENCE_FIX
        finding = _finding(rule.id, rule.level, message, fix, ".", violation, None)
        return Evaluation(rule.id, "."), finding
    if rule.check.absence_passes:  # nothing forbidden is there: exactly what the rule wants
        return Evaluation(rule.id, "."), None
    return Evaluation(rule.id, ".", skipped=f"not applicable: {what}"), None


def _from_cache(
    units: list[Unit], rules: Sequence[Rule], root: Path, cache: ResultsCache | None
) -> tuple[list[_FileOutcome], list[_PendingUnit]]:
    """Split units into cache hits (unchanged size and mtime, unchanged inputs) and work, which carries
    any cached entry so that the worker can still reuse it if the content turns out unchanged."""
    hits: list[_FileOutcome] = []
    pending: list[_PendingUnit] = []
    inputs = _InputDigests(root)
    for path, pairs in units:
        entry = cache.get(path) if cache is not None else None
        rule_ids = tuple(rules[index].id for index, _ in pairs)
        if entry is None or entry.rule_ids != rule_ids or not inputs.unchanged(entry.inputs):
            pending.append((path, pairs, None))
            continue
        try:
            if entry.matches_stat(os.stat(root / path)):
                hits.append(_FileOutcome(path, list(entry.findings), _passes(rule_ids, path), list(entry.directives)))
                continue
        except OSError:
            pass
        pending.append((path, pairs, entry))
    return hits, pending


class _InputDigests:
    """Current digests of the files cached results declared as inputs, each computed once per run."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.digests: dict[str, str | None] = {}

    def unchanged(self, recorded: Mapping[str, str | None]) -> bool:
        return all(self.digest(path) == digest for path, digest in recorded.items())

    def digest(self, path: str) -> str | None:
        if path not in self.digests:
            try:
                self.digests[path] = content_digest(read_input_file(self.root, path)[1])
            except ParseError:
                self.digests[path] = None
        return self.digests[path]


def _run_units(context: _Context, units: list[_PendingUnit]) -> list[_FileOutcome]:
    with Watchdog(context.budget) as watchdog:
        return [_run_file(context, path, pairs, cached, watchdog) for path, pairs, cached in units]


def _run_file(
    context: _Context, path: str, pairs: tuple[tuple[int, str], ...], cached: CachedFile | None, watchdog: Watchdog
) -> _FileOutcome:
    repo, rules = context.repo, context.rules
    source = repo.source(path)
    rule_ids = tuple(rules[index].id for index, _ in pairs)
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
            refreshed = cached._replace(size=stat.st_size, mtime_ns=stat.st_mtime_ns)
            return _FileOutcome(
                path, list(cached.findings), _passes(rule_ids, path), list(cached.directives), [], refreshed
            )
    findings: list[Finding] = []
    evaluations: list[Evaluation] = []
    tracebacks: list[str] = []
    repo.take_inputs()
    for index, kind in pairs:
        if any(f.rule_id == CHECK_TIMEOUT.id for f in findings):  # one budget per file, not one per rule
            evaluations.append(Evaluation(rules[index].id, path, error="not run: a check timed out on this file"))
            continue
        _run_rule(rules[index], repo.artifact(path, kind), path, source, findings, evaluations, tracebacks, watchdog)
    inputs = repo.take_inputs()
    directives: list[Directive] = []
    if source.was_read and not source.is_binary:
        directives = _directives(repo, path, source)
        digest = digest or (content_digest(source.bytes) if context.caching else None)
    repo.forget(path)
    entry: CachedFile | None = None
    cacheable = context.caching and not any(rules[index].check.uncacheable for index, _ in pairs)
    if stat is not None and cacheable and not any(e.error for e in evaluations):
        entry = CachedFile(digest, stat.st_size, stat.st_mtime_ns, rule_ids, tuple(findings), tuple(directives), inputs)
    return _FileOutcome(path, findings, evaluations, directives, tracebacks, entry)


def _directives(repo: Repository, path: str, source: SourceFile) -> list[Directive]:
    """A file's suppressions: from the kinds that know where the format's comments are (a notebook's
    cells, not its outputs), else from comment lines in the raw text."""
    if b"readycheck" not in source.bytes:  # the bytes: a text of wide characters is slower to search
        return []
    aware = [kind for kind in repo.kinds_of(path) if repo.kinds[kind].directives is not None]
    if not aware:
        return suppress.find_directives(source.text)
    found: list[Directive] = []
    for kind in aware:
        artifact = repo.artifact(path, kind)
        extract = artifact.kind.directives
        if extract is not None and artifact.parses():  # parsed once: the rules usually did it already
            found += extract(artifact)
    return found


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
    watchdog: Watchdog,
) -> None:
    evaluations.append(Evaluation(rule.id, path))
    assert rule.check.function is not None
    try:
        watchdog.start()
        try:
            violations = list(rule.check.function(target, rule.params))
        finally:
            watchdog.stop()
        wrong = next((v for v in violations if not isinstance(v, Violation)), None)
        if wrong is not None:  # e.g. one Violation returned: a record iterates into its fields
            raise TypeError(f"the check gave {type(wrong).__name__} {wrong!r:.60}, not an iterable of Violation")
    except CheckTimeout:
        message = f"check {rule.check.id} (rule {rule.id}) ran past its {watchdog.seconds:g} s budget and was stopped"
        evaluations[-1] = Evaluation(rule.id, path, error=message)
        findings.append(
            _finding(CHECK_TIMEOUT.id, CHECK_TIMEOUT.level, message, CHECK_TIMEOUT.fix, path, Violation(message), None)
        )
        return
    except ParseError as error:
        evaluations[-1] = Evaluation(rule.id, path, error=redact_text(f"cannot parse the file: {error.message}"))
        if not any(f.rule_id == PARSE_ERROR.id and f.path == path for f in findings):
            violation = Violation(error.message, line=error.line)
            findings.append(
                _finding(PARSE_ERROR.id, PARSE_ERROR.level, error.message, PARSE_ERROR.fix, path, violation, source)
            )
        violations = error.found
    except Exception as error:
        detail = redact_text(f"{type(error).__name__}: {error}", limit=300)
        plugin = f", plugin {rule.check.plugin}" if rule.check.plugin else ""
        message = f"check {rule.check.id} (rule {rule.id}{plugin}) crashed: {detail}"
        evaluations[-1] = Evaluation(rule.id, path, error=message)
        findings.append(_finding(CHECK_ERROR.id, Level.ERROR, message, CHECK_ERROR.fix, path, Violation(message), None))
        import traceback  # a crash is rare: not paid for by every run

        tracebacks.append(f"{rule.id} on {path}:\n{traceback.format_exc()}")
        return
    for violation in violations:
        if violation.key == MISSING_EVIDENCE and not rule.required:  # the policy made this evidence optional
            evaluations[-1] = Evaluation(rule.id, path, skipped=f"not applicable: {violation.message}")
            continue
        message = f"{rule.message}: {violation.message}" if rule.message else violation.message
        fix = violation.fix or rule.check.fix
        level = min(rule.level, violation.level) if violation.level is not None else rule.level
        findings.append(_finding(rule.id, level, message, fix, violation.path or path, violation, source))


def _finding(
    rule_id: str, level: Level, message: str, fix: str, path: str, violation: Violation, source: SourceFile | None
) -> Finding:
    """A finding whose provisional fingerprint hashes what it is about, not where: the check's key,
    else the text of its line, else its message. Raw line text never leaves this function, and the
    message and key pass through the redaction every report relies on: whatever a check quoted from a
    scanned file, no known kind of secret reaches a report or a fingerprint in the clear."""
    key = violation.key
    if key is None and source is not None and source.path == path:
        line_text = source.line_text(violation.line)
        key = " ".join(line_text.split()) if line_text is not None else None
    if key is None:
        key = re.sub(r"\d+", "#", violation.message)
    key = redact_text(key, limit=len(key) + 1)
    digest = fingerprint(f"{rule_id}\0{path}\0{key}")
    return Finding(
        rule_id=rule_id,
        level=level,
        message=redact_text(message),
        path=path,
        line=violation.line,
        column=violation.column,
        end_line=violation.end_line,
        end_column=violation.end_column,
        fingerprint=digest,
        fix=fix,
    )


def _finalise(findings: list[Finding]) -> list[Finding]:
    """Sort, and make fingerprints unique by numbering repeats of the same one in order."""
    findings.sort(key=Finding.sort_key)
    seen: dict[str, int] = {}
    final = []
    for finding in findings:
        occurrence = seen.get(finding.fingerprint, 0)
        seen[finding.fingerprint] = occurrence + 1
        digest = fingerprint(f"{finding.fingerprint}:{occurrence}", 32)
        final.append(finding._replace(fingerprint=digest))
    return final
