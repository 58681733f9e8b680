"""The results cache: each file's findings, keyed by its content, its declared inputs, the rules and
readycheck's version.

Stored as JSON (never pickle: a cache file inside a repository must not be able to run code). A file
whose size and modification time are unchanged is a hit without being read; otherwise it is read
once, and its content digest decides.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from readycheck.model import Directive, Finding, Level, Suppression

CACHE_FORMAT = 2
KEEP_SETS = 8
"""Result sets kept per cache directory (one per distinct rule set, e.g. pre-commit and CI)."""


@dataclass(frozen=True)
class CachedFile:
    digest: str | None
    size: int
    mtime_ns: int
    rule_ids: tuple[str, ...]
    findings: tuple[Finding, ...]
    """Before suppression: the suppression stage applies ``directives`` on every run."""
    directives: tuple[Directive, ...] = ()
    inputs: Mapping[str, str | None] = field(default_factory=dict)
    """Other files the checks read (a schema), with their digests: the entry holds only while they do."""

    def matches_stat(self, stat: os.stat_result) -> bool:
        return self.size == stat.st_size and self.mtime_ns == stat.st_mtime_ns


def finding_to_json(finding: Finding) -> dict[str, Any]:
    record = asdict(finding)
    record["level"] = str(finding.level)
    return record


def finding_from_json(record: dict[str, Any]) -> Finding:
    suppression = record.get("suppression")
    return Finding(
        **{
            **record,
            "level": Level.parse(record["level"]),
            "suppression": Suppression(**suppression) if suppression else None,
        }
    )


class ResultsCache:
    """Entries sharded by a hash of the path, so a run on a few files (pre-commit) reads and rewrites a
    few small shards, not the whole repository's results."""

    def __init__(self, directory: Path, key: str) -> None:
        self.directory = directory
        self.folder = directory / f"results-{key[:24]}"
        self.key = key
        self.shards: dict[str, dict[str, CachedFile]] = {}
        self.dirty: set[str] = set()

    @classmethod
    def open(cls, directory: Path, key: str) -> ResultsCache:
        return cls(directory, key)

    @staticmethod
    def shard_of(path: str) -> str:
        return hashlib.blake2b(path.encode(), digest_size=1).hexdigest()

    def _shard(self, name: str) -> dict[str, CachedFile]:
        if name not in self.shards:
            try:
                data = json.loads((self.folder / f"{name}.json").read_text(encoding="utf-8"))
                valid = data.get("format") == CACHE_FORMAT and data.get("key") == self.key
                self.shards[name] = {p: _entry_from_json(e) for p, e in data["files"].items()} if valid else {}
            except (OSError, ValueError, KeyError, TypeError, AttributeError):
                self.shards[name] = {}  # a missing or damaged shard is an empty one
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
            self.folder.mkdir(parents=True, exist_ok=True)
            ignore = self.directory / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# Created by readycheck: the cache is never committed.\n*\n")
            for name in sorted(self.dirty):
                files = {path: _entry_to_json(entry) for path, entry in sorted(self.shards[name].items())}
                temporary = self.folder / f"{name}.{os.getpid()}.tmp"
                temporary.write_text(
                    json.dumps({"format": CACHE_FORMAT, "key": self.key, "files": files}), encoding="utf-8"
                )
                os.replace(temporary, self.folder / f"{name}.json")
            self.dirty.clear()
            os.utime(self.folder)
            self._prune()
        except OSError:
            pass  # a read-only checkout still gets its results, just not cached

    def _prune(self) -> None:
        sets = sorted(self.directory.glob("results-*"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in sets[KEEP_SETS:]:
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


def _entry_from_json(data: dict[str, Any]) -> CachedFile:
    return CachedFile(
        digest=data["digest"],
        size=data["size"],
        mtime_ns=data["mtime_ns"],
        rule_ids=tuple(data["rules"]),
        findings=tuple(finding_from_json(f) for f in data["findings"]),
        directives=tuple(Directive(line, tuple(rules), reason, end) for line, rules, reason, end in data["directives"]),
        inputs=dict(data["inputs"]),
    )
