"""Content digests: how the cache recognises a file, and a check's declared inputs, as unchanged."""

from __future__ import annotations

import hashlib


def content_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()
