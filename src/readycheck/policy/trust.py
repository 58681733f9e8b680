"""Remembers which policy and config texts were already validated, so unchanged ones skip jsonschema,
and what they parsed to, so unchanged ones skip the YAML parser.

Validation and parsing are the cost of a run that nothing else needs: importing jsonschema alone takes
about 100 ms, ruamel.yaml's pure-Python parser tens more, and the pre-commit hook runs on every commit.
A text is trusted only by the readycheck version (and, for policies, the plugin set) that validated it;
a parse is remembered as plain data keyed by the digest of the text and its format. Both live in the
cache directory, sealed like the results (see :mod:`readycheck.cachedir`): a record readycheck did not
write on this machine is ignored, so a committed record cannot skip the validation of a broken policy.
"""

from __future__ import annotations

import json
from pathlib import Path

from readycheck.cachedir import Records, Seal, prepare, read_sealed, write_sealed
from readycheck.hashing import record_key
from readycheck.structured import Document
from readycheck.version import __version__

TRUST_FILE = "validated.json"
PARSED_FILE = "parsed.json"
KEEP = 512


class Trust:
    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self.seal = Seal.load() if directory is not None else None
        self.known: set[str] = set()
        self.learned: list[str] = []
        self.parses = Records(directory / PARSED_FILE if directory is not None else None, self.seal)
        """Remembered parses by digest: the next run finds those this one used or made."""
        if self.directory is not None and self.seal is not None:
            payload = read_sealed(self.directory / TRUST_FILE, self.seal)
            try:
                data = json.loads(payload) if payload is not None else []
            except ValueError:
                data = []
            self.known = {d for d in data if isinstance(d, str)} if isinstance(data, list) else set()

    @staticmethod
    def digest(text: str, salt: str) -> str:
        return record_key(f"{__version__}\0{salt}\0{text}")

    def knows(self, text: str, salt: str = "") -> bool:
        return self.digest(text, salt) in self.known

    def learn(self, text: str, salt: str = "") -> None:
        digest = self.digest(text, salt)
        if digest not in self.known:
            self.learned.append(digest)

    def parsed(self, text: str, fmt: str) -> Document | None:
        """The document ``text`` parsed to in an earlier run, or None."""
        record = self.parses.recall(self.digest(text, f"parse:{fmt}"))
        if not isinstance(record, dict) or not isinstance(record.get("lines"), list):
            return None
        try:
            lines = {tuple(path): int(line) for path, line in record["lines"]}
        except (TypeError, ValueError):  # a record this version did not write: parse again
            return None
        return Document(record.get("data"), lines)

    def remember(self, text: str, fmt: str, document: Document) -> None:
        lines = [[list(path), line] for path, line in document.lines.items()]
        self.parses.keep(self.digest(text, f"parse:{fmt}"), {"data": document.data, "lines": lines})

    def save(self) -> None:
        """Called once the whole run's configuration proved valid."""
        if self.directory is None or self.seal is None:
            return
        if self.learned:
            digests = [*self.learned, *sorted(self.known)][:KEEP]
            try:
                prepare(self.directory)
                write_sealed(self.directory / TRUST_FILE, json.dumps(digests).encode(), self.seal)
            except OSError:
                pass
        self.parses.save()


UNTRUSTING = Trust(None)
"""Validates everything: for --no-cache, and for ``policy validate``."""
