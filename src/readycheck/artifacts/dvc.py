"""DVC projects as evidence: what ``dvc.yaml`` declares (outputs, metric files) and what ``dvc.lock``
recorded (the md5 of every output), with DVC's own hashing to tell a stale workspace from a fresh one.

One reader for every check that asks DVC a question, so that the YAML is parsed once per file and the
rules about paths (relative to the dvc.yaml's folder) live in one place.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from readycheck import structured
from readycheck.artifacts import Repository
from readycheck.errors import ParseError


@dataclass(frozen=True)
class DvcFile:
    """A parsed ``dvc.yaml``: ``folder`` is where it sits ('' at the root); paths in it are relative to it."""

    path: str
    folder: str
    data: dict[str, Any]

    def resolve(self, path: str) -> str:
        return f"{self.folder}/{path}" if self.folder else path

    @property
    def stages(self) -> dict[str, dict[str, Any]]:
        stages = self.data.get("stages")
        if not isinstance(stages, dict):
            return {}
        return {name: stage for name, stage in stages.items() if isinstance(stage, dict)}


def dvc_files(repo: Repository) -> list[DvcFile]:
    """Every ``dvc.yaml`` that parses to a mapping; a broken one is the YAML rules' concern."""
    found = []
    for path in repo.files:
        if path.rpartition("/")[2] != "dvc.yaml":
            continue
        try:
            data = structured.load(repo.read_input(path).decode("utf-8", "replace"), "yaml", path).data
        except ParseError:
            continue
        if isinstance(data, dict):
            found.append(DvcFile(path, path.rpartition("/")[0], data))
    return found


def declared_paths(entries: Any) -> Iterator[str]:
    """DVC writes an out or a metric as a path, or as ``{path: {cache: false}}``."""
    for entry in entries if isinstance(entries, list) else ():
        if isinstance(entry, str):
            yield entry
        elif isinstance(entry, dict):
            yield from (key for key in entry if isinstance(key, str))


def outs(repo: Repository) -> list[str]:
    """The outputs every stage of every dvc.yaml declares, repository-relative."""
    return [
        dvc.resolve(out)
        for dvc in dvc_files(repo)
        for stage in dvc.stages.values()
        for out in (*declared_paths(stage.get("outs")), *declared_paths(stage.get("metrics")))
    ]


def metric_paths(repo: Repository) -> list[str]:
    """The metric files dvc.yaml files declare (top level and per stage), repository-relative."""
    found: list[str] = []
    for dvc in dvc_files(repo):
        declared = list(declared_paths(dvc.data.get("metrics")))
        for stage in dvc.stages.values():
            declared += declared_paths(stage.get("metrics"))
        found += [dvc.resolve(path) for path in declared]
    return list(dict.fromkeys(found))


@dataclass(frozen=True)
class LockedOut:
    """One output as dvc.lock recorded it."""

    stage: str
    path: str
    """Repository-relative."""
    md5: str
    """A file's md5, or a directory's listing md5 ending in '.dir'."""
    line: int
    legacy: bool
    """Written by DVC 2 (no 'hash: md5'): text files were hashed with CRLF turned into LF."""


def locked_outs(lock: structured.Document, folder: str) -> list[LockedOut]:
    """The outputs a parsed dvc.lock records, with the line of each."""
    stages = lock.data.get("stages") if isinstance(lock.data, dict) else None
    found = []
    for name, stage in stages.items() if isinstance(stages, dict) else ():
        entries = stage.get("outs") if isinstance(stage, dict) else None
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
                continue
            md5 = entry.get("md5")
            if not isinstance(md5, str):
                continue
            path = f"{folder}/{entry['path']}" if folder else entry["path"]
            line = lock.line_of(("stages", name, "outs", index)) or 1
            found.append(LockedOut(name, path.rstrip("/"), md5, line, "hash" not in entry))
    return found


class TooLarge(Exception):
    """An output larger than the check agreed to hash."""


def workspace_md5(root: Path, out: LockedOut, limit: int) -> str | None:
    """The md5 DVC would record for ``out`` as the workspace holds it now; None when it is absent.

    Paths that leave the repository are treated as absent. Raises TooLarge past ``limit`` bytes in all.
    """
    base = root.resolve()
    target = (base / out.path).resolve()
    if not target.is_relative_to(base) or not target.exists():
        return None
    budget = [limit]
    if target.is_dir():
        entries = []
        for file in sorted((p for p in target.rglob("*") if p.is_file()), key=lambda p: p.relative_to(target).parts):
            if not file.resolve().is_relative_to(base):
                continue
            entries.append({"md5": _file_md5(file, out.legacy, budget), "relpath": file.relative_to(target).as_posix()})
        listing = json.dumps(entries, sort_keys=True).encode("utf-8")
        return hashlib.md5(listing, usedforsecurity=False).hexdigest() + ".dir"
    return _file_md5(target, out.legacy, budget) if target.is_file() else None


def _file_md5(path: Path, legacy: bool, budget: list[int]) -> str:
    budget[0] -= path.stat().st_size
    if budget[0] < 0:
        raise TooLarge(path)
    digest = hashlib.md5(usedforsecurity=False)
    with path.open("rb") as stream:
        head = stream.read(8192)
        text = legacy and b"\0" not in head
        chunk = head
        while chunk:
            if text and chunk.endswith(b"\r"):
                chunk += stream.read(1)  # a CRLF split across two reads
            digest.update(chunk.replace(b"\r\n", b"\n") if text else chunk)
            chunk = stream.read(1 << 20)
    return digest.hexdigest()
