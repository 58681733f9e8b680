"""Progress of a long run on an interactive terminal: one line on stderr, redrawn in place.

Only where a person is watching: stderr and stdout are terminals, stdout gets the text report, and
neither CI (``CI``) nor pre-commit (``PRE_COMMIT``) runs it. It appears once the run has taken a second,
so short runs print nothing, and it is erased before the report is written.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Mapping
from typing import TextIO

DELAY = 1.0
"""Seconds before the first line: a run shorter than this shows none."""
INTERVAL = 0.1
"""Seconds between redraws."""


def wanted(output_format: str, environ: Mapping[str, str] = os.environ) -> bool:
    if output_format != "text" or environ.get("CI") or "PRE_COMMIT" in environ or environ.get("TERM") == "dumb":
        return False
    return sys.stderr.isatty() and sys.stdout.isatty()


class Progress:
    """``phase`` names what is being done (and how many items it has); ``advance`` counts items done."""

    def __init__(
        self, enabled: bool, stream: TextIO | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.enabled = enabled
        self.stream = stream or sys.stderr
        self.clock = clock
        self.started = clock()
        self.drawn_at: float | None = None
        self.name = ""
        self.total: int | None = None
        self.done = 0

    def phase(self, name: str, total: int | None = None) -> None:
        self.name, self.total, self.done = name, total, 0
        self._draw(force=True)

    def advance(self, count: int = 1) -> None:
        self.done += count
        self._draw(force=False)

    def close(self) -> None:
        """Erase the line, so that the report starts on a clean one."""
        if self.drawn_at is not None:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.drawn_at = None

    def _draw(self, force: bool) -> None:
        if not self.enabled:
            return
        now = self.clock()
        if now - self.started < DELAY or (not force and self.drawn_at is not None and now - self.drawn_at < INTERVAL):
            return
        counted = f": {self.done:,} of {self.total:,} files" if self.total else ""
        self.stream.write(f"\r\x1b[Kreadycheck: {self.name}{counted}")
        self.stream.flush()
        self.drawn_at = now


SILENT = Progress(False)
