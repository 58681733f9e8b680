"""Remembers which policy and config texts were already validated, so unchanged ones skip jsonschema.

Validation is the cost of a run that nothing else needs: importing jsonschema alone takes about
100 ms, and the pre-commit hook runs on every commit. A text is trusted only by the readycheck version
(and, for policies, the plugin set) that validated it; the digests live in the cache directory.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from readycheck.version import __version__

TRUST_FILE = "validated.json"
KEEP = 512


class Trust:
    def __init__(self, directory: Path | None) -> None:
        self.file = directory / TRUST_FILE if directory is not None else None
        self.known: set[str] = set()
        self.learned: list[str] = []
        if self.file is not None:
            try:
                data = json.loads(self.file.read_text(encoding="utf-8"))
                self.known = {d for d in data if isinstance(d, str)} if isinstance(data, list) else set()
            except (OSError, ValueError):
                self.known = set()

    @staticmethod
    def digest(text: str, salt: str) -> str:
        return hashlib.sha256(f"{__version__}\0{salt}\0{text}".encode()).hexdigest()

    def knows(self, text: str, salt: str = "") -> bool:
        return self.digest(text, salt) in self.known

    def learn(self, text: str, salt: str = "") -> None:
        digest = self.digest(text, salt)
        if digest not in self.known:
            self.learned.append(digest)

    def save(self) -> None:
        """Called once the whole run's configuration proved valid."""
        if self.file is None or not self.learned:
            return
        digests = [*self.learned, *sorted(self.known)][:KEEP]
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.file.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(json.dumps(digests), encoding="utf-8")
            os.replace(temporary, self.file)
        except OSError:
            pass


UNTRUSTING = Trust(None)
"""Validates everything: for --no-cache, and for ``policy validate``."""
