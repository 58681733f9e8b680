"""The results cache: each file's findings, keyed by its content, its declared inputs, the rules and
readycheck's version.

Stored as JSON (never pickle: a cache file inside a repository must not be able to run code). A file
whose size and modification time are unchanged is a hit without being read; otherwise it is read
once, and its content digest decides.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from readycheck.cachedir import MARKER, Seal, is_ours, prepare, read_sealed, write_sealed
from readycheck.hashing import blake2b
from readycheck.model import LEVEL_NAMES, Directive, Finding, Level, Suppression

CACHE_FORMAT = 3
KEEP_SETS = 8
"""Result sets kept per cache directory (one per distinct rule set, e.g. pre-commit and CI)."""


class CachedFile(NamedTuple):
    digest: str | None
    size: int
    mtime_ns: int
    rule_ids: tuple[str, ...]
    findings: tuple[Finding, ...]
    """Before suppression: the suppression stage applies ``directives`` on every run."""
    directives: tuple[Directive, ...] = ()
    inputs: Mapping[str, str | None] = MappingProxyType({})
    """Other files the checks read (a schema), with their digests: the entry holds only while they do."""

    def matches_stat(self, stat: os.stat_result) -> bool:
        return self.size == stat.st_size and self.mtime_ns == stat.st_mtime_ns


def finding_to_json(finding: Finding) -> dict[str, Any]:
    record = finding._asdict()
    record["level"] = str(finding.level)
    record["suppression"] = finding.suppression._asdict() if finding.suppression is not None else None
    return record


class ResultsCache:
    """Entries sharded by a hash of the path, so a run on a few files (pre-commit) reads and rewrites a
    few small shards, not the whole repository's results. Shards are sealed (see cachedir) and checked
    field by field when read: anything else is a miss, never a crash."""

    def __init__(self, directory: Path, key: str, seal: Seal) -> None:
        self.directory = directory
        self.folder = directory / f"results-{key[:24]}"
        self.key = key
        self.seal = seal
        self.shards: dict[str, dict[str, CachedFile]] = {}
        self.dirty: set[str] = set()

    @classmethod
    def open(cls, directory: Path, key: str) -> ResultsCache | None:
        """The cache in ``directory``; None when this machine has no key to seal it with."""
        seal = Seal.load()
        return cls(directory, key, seal) if seal is not None else None

    @staticmethod
    def shard_of(path: str) -> str:
        return str(blake2b(path.encode("utf-8", "surrogateescape"), digest_size=1).hexdigest())

    def _shard(self, name: str) -> dict[str, CachedFile]:
        if name not in self.shards:
            payload = read_sealed(self.folder / f"{name}.json", self.seal)
            self.shards[name] = _entries(payload, self.key) if payload is not None else {}
        return self.shards[name]

    def get(self, path: str) -> CachedFile | None:
        return self._shard(self.shard_of(path)).get(path)

    def store(self, path: str, entry: CachedFile) -> None:
        name = self.shard_of(path)
        self._shard(name)[path] = entry
        self.dirty.add(name)

    def save(self, live_paths: set[str] | None = None) -> None:
        """Write the shards that changed, atomically. After a full scan (``live_paths`` given), entries
        of files that are gone are dropped too; then old result sets are pruned."""
        if live_paths is not None:
            for shard in self.folder.glob("*.json"):  # shards of deleted files were never read
                self._shard(shard.stem)
            for name, entries in self.shards.items():
                stale = [path for path in entries if path not in live_paths]
                for path in stale:
                    del entries[path]
                if stale:
                    self.dirty.add(name)
        if not self.dirty:
            return
        try:
            prepare(self.directory)
            if not self.folder.is_dir():
                self.folder.mkdir()
                (self.folder / MARKER).write_text("readycheck\n")
            for name in sorted(self.dirty):
                files = {path: _entry_to_json(entry) for path, entry in sorted(self.shards[name].items())}
                document = {"format": CACHE_FORMAT, "key": self.key, "files": files}
                payload = json.dumps(document, ensure_ascii=True).encode("ascii", "backslashreplace")
                write_sealed(self.folder / f"{name}.json", payload, self.seal)
            self.dirty.clear()
            os.utime(self.folder)
            self._prune()
        except (OSError, UnicodeError):
            pass  # a read-only checkout still gets its results, just not cached

    def _prune(self) -> None:
        """Keep the newest KEEP_SETS result sets; only folders carrying readycheck's marker are removed."""
        sets = [path for path in self.directory.glob("results-*") if path.is_dir() and is_ours(path)]
        sets.sort(key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in sets[KEEP_SETS:]:
            import shutil

            shutil.rmtree(stale, ignore_errors=True)


def _entry_to_json(entry: CachedFile) -> dict[str, Any]:
    return {
        "digest": entry.digest,
        "size": entry.size,
        "mtime_ns": entry.mtime_ns,
        "rules": list(entry.rule_ids),
        "findings": [finding_to_json(f) for f in entry.findings],
        "directives": [[d.line, list(d.rules), d.reason, d.end_line] for d in entry.directives],
        "inputs": dict(entry.inputs),
    }


class _Invalid(Exception):
    """A cache record that is not what readycheck writes."""


def _entries(payload: bytes, key: str) -> dict[str, CachedFile]:
    """The entries of a shard, or none when any part of it is not what readycheck writes."""
    try:
        document = json.loads(payload)
        if not isinstance(document, dict) or document.get("format") != CACHE_FORMAT or document.get("key") != key:
            return {}
        files = _typed(document.get("files"), dict)
        return {_typed(path, str): _entry_from_json(_typed(entry, dict)) for path, entry in files.items()}
    except (ValueError, RecursionError, _Invalid):
        return {}


def _typed(value: Any, kind: type | tuple[type, ...]) -> Any:
    if not isinstance(value, kind) or (
        isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,))
    ):
        raise _Invalid
    return value


def _optional_int(value: Any) -> int | None:
    return None if value is None else _typed(value, int)


def _entry_from_json(data: dict[str, Any]) -> CachedFile:
    digest = data.get("digest")
    inputs = _typed(data.get("inputs"), dict)
    return CachedFile(
        digest=None if digest is None else _typed(digest, str),
        size=_typed(data.get("size"), int),
        mtime_ns=_typed(data.get("mtime_ns"), int),
        rule_ids=tuple(_typed(rule, str) for rule in _typed(data.get("rules"), list)),
        findings=tuple(_finding_from_json(_typed(f, dict)) for f in _typed(data.get("findings"), list)),
        directives=tuple(_directive_from_json(_typed(d, list)) for d in _typed(data.get("directives"), list)),
        inputs={_typed(p, str): (None if d is None else _typed(d, str)) for p, d in inputs.items()},
    )


_FINDING_KEYS = frozenset(Finding._fields)


def _finding_from_json(record: dict[str, Any]) -> Finding:
    if set(record) != _FINDING_KEYS:
        raise _Invalid
    level = _typed(record["level"], str)
    if level not in LEVEL_NAMES:
        raise _Invalid
    suppression = record["suppression"]
    if suppression is not None:
        suppression = _typed(suppression, dict)
        suppression = Suppression(_typed(suppression.get("kind"), str), _typed(suppression.get("justification"), str))
    return Finding(
        rule_id=_typed(record["rule_id"], str),
        level=Level.parse(level),
        message=_typed(record["message"], str),
        path=_typed(record["path"], str),
        line=_optional_int(record["line"]),
        column=_optional_int(record["column"]),
        end_line=_optional_int(record["end_line"]),
        end_column=_optional_int(record["end_column"]),
        fingerprint=_typed(record["fingerprint"], str),
        fix=_typed(record["fix"], str),
        suppression=suppression,
    )


def _directive_from_json(record: list[Any]) -> Directive:
    if len(record) != 4:
        raise _Invalid
    line, rules, reason, end = record
    return Directive(
        _typed(line, int), tuple(_typed(r, str) for r in _typed(rules, list)), _typed(reason, str), _optional_int(end)
    )
