"""Where readycheck keeps its cache, and how it trusts what it reads back.

Results must never come from the scanned tree's own history: a repository could commit a cache that
says "no findings". So the cache lives outside the tree by default, in the user's cache directory,
one folder per repository (keyed by its absolute path), and every file readycheck writes there is
*sealed*: a MAC (keyed BLAKE2b) under a key that exists only on this machine (``key`` in the user cache directory,
readable by its owner alone). A copied, edited or committed file fails the seal and is a miss.

``cache_dir`` in the config may put the cache inside the repository instead: a dedicated folder, never
the root, never outside. readycheck writes a ``.gitignore`` and ``CACHEDIR.TAG`` only into a folder it
created, and deletes only folders that carry its own marker file.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

from readycheck.errors import ConfigError
from readycheck.hashing import blake2b, mac, record_key, same_digest

ENVIRONMENT_VARIABLE = "READYCHECK_CACHE_DIR"
KEY_FILE = "key"
MARKER = "readycheck-cache.tag"
"""Marks a folder readycheck made and may delete."""
CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n# This folder is readycheck's cache: backups may skip it.\n"
)
_SEAL_PREFIX = b"readycheck-seal:"


def user_cache_root() -> Path:
    """``$READYCHECK_CACHE_DIR``, else ``$XDG_CACHE_HOME/readycheck``, else ``~/.cache/readycheck``."""
    configured = os.environ.get(ENVIRONMENT_VARIABLE)
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "readycheck"


def cache_directory(root: Path, configured: str | None, shown: str = "", line: int | None = None) -> Path:
    """The cache folder of the repository at ``root``: in the user cache directory, or ``configured``
    (a folder inside the repository, not its root)."""
    if configured is None:
        digest = record_key(str(root.absolute()))[:24]
        return user_cache_root() / "repositories" / digest
    candidate = Path(configured)
    problem = None
    if not configured.strip() or candidate.is_absolute():
        problem = "must be a folder inside the repository, given relative to it"
    else:
        resolved = (root / candidate).resolve()
        if not resolved.is_relative_to(root.resolve()):
            problem = "must stay inside the repository"
        elif resolved == root.resolve():
            problem = "must be a folder of its own, not the repository root"
    if problem is not None:
        raise ConfigError(
            f"cache_dir {configured!r} {problem} (or leave it out: the user cache is the default)", shown or None, line
        )
    return root / candidate


def prepare(directory: Path) -> None:
    """Create ``directory`` if needed; a folder readycheck created gets a .gitignore, CACHEDIR.TAG and
    its marker."""
    if directory.is_dir():
        return
    directory.mkdir(parents=True, exist_ok=True)
    (directory / ".gitignore").write_text("# Created by readycheck: the cache is never committed.\n*\n")
    (directory / "CACHEDIR.TAG").write_text(CACHEDIR_TAG)
    (directory / MARKER).write_text("readycheck\n")


def is_ours(directory: Path) -> bool:
    return (directory / MARKER).is_file() and not directory.is_symlink()


class Seal:
    """Keyed BLAKE2b under this machine's key: what readycheck wrote, and nothing else, opens."""

    def __init__(self, key: bytes) -> None:
        self.key = key

    @classmethod
    def load(cls) -> Seal | None:
        """This machine's seal, creating the key on first use; None when it cannot be had (no cache then)."""
        path = user_cache_root() / KEY_FILE
        try:
            return cls(_read_key(path))
        except OSError:
            pass
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as stream:
                import secrets

                stream.write(secrets.token_bytes(32))
        except FileExistsError:
            pass  # another run made it first
        except OSError:
            return None
        try:
            return cls(_read_key(path))
        except OSError:
            return None

    def seal(self, payload: bytes) -> bytes:
        return _SEAL_PREFIX + self._mac(payload).encode() + b"\n" + payload

    def open(self, sealed: bytes) -> bytes | None:
        """The payload, or None when the seal is missing or wrong."""
        head, newline, payload = sealed.partition(b"\n")
        if not newline or not head.startswith(_SEAL_PREFIX):
            return None
        expected = self._mac(payload).encode()
        return payload if same_digest(head[len(_SEAL_PREFIX) :], expected) else None

    def _mac(self, payload: bytes) -> str:
        return mac(self.key, payload)


def _read_key(path: Path) -> bytes:
    key = path.read_bytes()
    if len(key) < 32:
        raise OSError("key too short")
    if len(key) > 64:  # keyed BLAKE2b takes 64 bytes at most: a longer key is hashed down, as HMAC does
        key = blake2b(key).digest()
    return key


def write_sealed(path: Path, payload: bytes, seal: Seal) -> None:
    """Atomically replace ``path`` with the sealed payload."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(seal.seal(payload))
    os.replace(temporary, path)


def read_sealed(path: Path, seal: Seal) -> bytes | None:
    try:
        return seal.open(path.read_bytes())
    except OSError:
        return None


class Records:
    """Plain data kept between runs under digest keys, in one sealed JSON file, read on first use.

    A save keeps the records this run used or made: a record nobody asks for again is dropped, so the
    file never grows."""

    def __init__(self, path: Path | None, seal: Seal | None) -> None:
        self.path = path if seal is not None else None
        self.seal = seal
        self._stored: dict[str, Any] | None = None
        self._used: dict[str, Any] = {}

    def recall(self, key: str) -> Any:
        """What an earlier run kept under ``key`` (a digest of everything it depends on), or None."""
        if self._stored is None:
            loaded = _read_json(self.path, self.seal)
            self._stored = loaded if isinstance(loaded, dict) else {}
        value = self._stored.get(key)
        if value is not None:
            self._used[key] = value
        return value

    def keep(self, key: str, value: Any) -> None:
        if self.path is not None:
            self._used[key] = value

    def save(self) -> None:
        if self.path is not None and self.seal is not None and self._used != (self._stored or {}):
            _write_json(self.path, self._used, self.seal)


class RecordFolder:
    """Plain data kept between runs, one sealed JSON file per key, for records of which a run reads one
    (a registry snapshot is ~90 KB: reading every one kept would cost more than it saves). The
    ``limit`` most recently written are kept."""

    def __init__(self, folder: Path, seal: Seal | None, limit: int) -> None:
        self.folder = folder
        self.seal = seal
        self.limit = limit

    def recall(self, key: str) -> Any:
        return _read_json(self.folder / f"{key}.json", self.seal)

    def keep(self, key: str, value: Any) -> None:
        if self.seal is None:
            return
        _write_json(self.folder / f"{key}.json", value, self.seal)
        try:
            kept = sorted(self.folder.glob("*.json"), key=lambda path: path.stat().st_mtime_ns, reverse=True)
            for stale in kept[self.limit :]:
                stale.unlink()
        except OSError:  # another run pruned it first
            pass

    def forget(self, key: str) -> None:
        """Drop a record that proved wrong."""
        with contextlib.suppress(OSError):
            (self.folder / f"{key}.json").unlink()


def _read_json(path: Path | None, seal: Seal | None) -> Any:
    payload = read_sealed(path, seal) if path is not None and seal is not None else None
    try:
        return json.loads(payload) if payload is not None else None
    except ValueError:
        return None


def _write_json(path: Path, value: Any, seal: Seal) -> None:
    try:
        prepare(path.parent)
        write_sealed(path, json.dumps(value).encode(), seal)
    except (OSError, ValueError):  # ValueError: a value JSON cannot hold (a huge int)
        pass
