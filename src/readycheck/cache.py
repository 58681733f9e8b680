"""The results cache: each file's findings, keyed by its content, the rules and readycheck's version.

Stored as JSON (never pickle: a cache file inside a repository must not be able to run code). A file
whose size and modification time are unchanged is a hit without being read; otherwise it is read
once, and its content digest decides.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from readycheck.model import Finding, Level, Suppression

CACHE_FORMAT = 1
KEEP_FILES = 8
"""Result sets kept per cache directory (one per distinct rule set, e.g. pre-commit and CI)."""


@dataclass(frozen=True)
class CachedFile:
    digest: str | None
    size: int
    mtime_ns: int
    rule_ids: tuple[str, ...]
    findings: tuple[Finding, ...]

    def matches_stat(self, stat: os.stat_result) -> bool:
        return self.size == stat.st_size and self.mtime_ns == stat.st_mtime_ns


def content_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


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
    def __init__(self, directory: Path, key: str) -> None:
        self.directory = directory
        self.file = directory / f"results-{key[:24]}.json"
        self.key = key
        self.entries: dict[str, CachedFile] = {}
        self.updated: dict[str, CachedFile] = {}

    @classmethod
    def open(cls, directory: Path, key: str) -> ResultsCache:
        cache = cls(directory, key)
        try:
            data = json.loads(cache.file.read_text(encoding="utf-8"))
            if data.get("format") == CACHE_FORMAT and data.get("key") == key:
                cache.entries = {path: _entry_from_json(entry) for path, entry in data["files"].items()}
        except (OSError, ValueError, KeyError, TypeError):
            cache.entries = {}  # a missing or damaged cache is an empty one
        return cache

    def get(self, path: str) -> CachedFile | None:
        return self.entries.get(path)

    def store(self, path: str, entry: CachedFile) -> None:
        self.updated[path] = entry

    def save(self, live_paths: set[str]) -> None:
        """Write atomically, keeping entries of files that still exist; prune old result sets."""
        if not self.updated and set(self.entries) <= live_paths:
            return
        merged = {p: e for p, e in self.entries.items() if p in live_paths} | self.updated
        files = {path: _entry_to_json(merged[path]) for path in sorted(merged)}
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            ignore = self.directory / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# Created by readycheck: the cache is never committed.\n*\n")
            temporary = self.file.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(
                json.dumps({"format": CACHE_FORMAT, "key": self.key, "files": files}), encoding="utf-8"
            )
            os.replace(temporary, self.file)
            self._prune()
        except OSError:
            pass  # a read-only checkout still gets its results, just not cached

    def _prune(self) -> None:
        sets = sorted(self.directory.glob("results-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in sets[KEEP_FILES:]:
            stale.unlink(missing_ok=True)


def _entry_to_json(entry: CachedFile) -> dict[str, Any]:
    return {
        "digest": entry.digest,
        "size": entry.size,
        "mtime_ns": entry.mtime_ns,
        "rules": list(entry.rule_ids),
        "findings": [finding_to_json(f) for f in entry.findings],
    }


def _entry_from_json(data: dict[str, Any]) -> CachedFile:
    return CachedFile(
        digest=data["digest"],
        size=data["size"],
        mtime_ns=data["mtime_ns"],
        rule_ids=tuple(data["rules"]),
        findings=tuple(finding_from_json(f) for f in data["findings"]),
    )
