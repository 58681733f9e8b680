"""Time budgets: a check that runs past its budget on one artifact is stopped, and reported.

A scanned file can be written to make a pattern backtrack or a parser crawl. The watchdog is one
interval timer per process (SIGALRM), armed once for the whole run: when it fires it looks at how long
the current check has been running, stops it if its budget is spent, and re-arms for the rest
otherwise, so a run pays no system call per check. The signal interrupts Python code and ``re``
matching alike (both check for pending signals). The exception is a BaseException, so that a check's
own ``except Exception`` cannot swallow it.

Where SIGALRM is unavailable (Windows), or outside the main thread, checks run without a budget.
"""

from __future__ import annotations

import signal
import threading
import time
from types import FrameType, TracebackType
from typing import Any

DEFAULT_SECONDS = 60.0


class CheckTimeout(BaseException):
    """Raised inside a check whose budget is spent."""


class Watchdog:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.enabled = False
        self.started: float | None = None
        self._previous: Any = None

    def __enter__(self) -> Watchdog:
        usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
        if self.seconds > 0 and usable:
            self._previous = signal.signal(signal.SIGALRM, self._fire)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
            self.enabled = True
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self.enabled:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._previous)
            self.enabled = False

    def start(self) -> None:
        """A check starts: its budget runs from now."""
        self.started = time.monotonic()

    def stop(self) -> None:
        self.started = None

    def _fire(self, signum: int, frame: FrameType | None) -> None:
        started = self.started
        remaining = self.seconds if started is None else self.seconds - (time.monotonic() - started)
        if remaining <= 0:
            self.started = None
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
            raise CheckTimeout
        signal.setitimer(signal.ITIMER_REAL, remaining)
