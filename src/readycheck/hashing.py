"""Every digest readycheck takes: content digests and record keys for the cache, the cache's seal, and
findings' fingerprints.

Importing ``hashlib`` (or ``hmac``) starts OpenSSL: ~2.5 ms of every run, a tenth of what the
pre-commit hook adds to Python's own start-up. BLAKE2 is built into CPython (it is what
``hashlib.blake2b`` returns), and keyed BLAKE2b is a MAC by design, so the cache needs no OpenSSL.
Fingerprints stay SHA-256, as baselines and code-scanning alerts have them: ``hashlib`` is loaded by
the first finding that needs one.
"""

from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python without CPython's built-in module
    from hashlib import blake2b
try:
    from _operator import _compare_digest as same_digest
except ImportError:  # pragma: no cover - the same function, where hmac must provide it
    from hmac import compare_digest as same_digest  # type: ignore[no-redef]

__all__ = ["content_digest", "fingerprint", "mac", "record_key", "same_digest"]


def content_digest(data: bytes) -> str:
    """How the cache recognises a file (or a check's declared input) as unchanged."""
    return str(blake2b(data, digest_size=16).hexdigest())


def record_key(text: str) -> str:
    """The key of a cache record (a parsed policy, a registry snapshot, a repository's cache folder)."""
    return str(blake2b(text.encode("utf-8", "surrogateescape"), digest_size=32).hexdigest())


def mac(key: bytes, payload: bytes) -> str:
    """The seal of ``payload`` under ``key`` (at most 64 bytes): keyed BLAKE2b, which needs no HMAC."""
    return str(blake2b(payload, key=key, digest_size=32).hexdigest())


def fingerprint(text: str, length: int = 64) -> str:
    """A finding's fingerprint: the SHA-256 of ``text`` in hex, cut to ``length`` characters."""
    import hashlib

    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:length]
