"""The ``readycheck`` command (and ``python -m readycheck``): a process that runs once, then exits.

Such a process spends a tenth of a pre-commit run on memory it is about to give back. Start-up
allocates modules, classes and functions that all live until the end: it runs without the cycle
collector, and what it built is frozen (never traversed again); the collector runs as usual during the
run itself. At the end, the interpreter's teardown frees every object one by one (~3 ms of a 75 ms
hook): like mypy, readycheck leaves without it once its work is done, after running the exit handlers
and flushing the standard streams, as Python's own exit does first. When a plugin other than
readycheck's own was imported (its files may wait for the teardown to be flushed), with a thread still
running, or where the handlers cannot be run, it exits the usual way. ``main`` ends the process.
"""

from __future__ import annotations

import gc
import os
import sys
from typing import NoReturn


def main() -> NoReturn:
    gc.disable()
    try:
        from readycheck.cli import main as command
    finally:
        gc.freeze()
        gc.enable()
    try:
        command()
    except SystemExit as stop:
        _leave(stop.code)
    _leave(0)


def _leave(code: object) -> NoReturn:
    """``sys.exit(code)``, without the interpreter's teardown when nothing but it is left to do."""
    if code is not None and not isinstance(code, int):
        sys.exit(str(code))  # a message: Python prints it
    status = code or 0
    import atexit

    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)
    threading = sys.modules.get("threading")
    plugins = sys.modules.get("readycheck.plugins")
    if (
        run_exit_handlers is None
        or (threading is not None and threading.active_count() > 1)
        or (plugins is not None and plugins.third_party_loaded())  # its open files are closed by the teardown
        or not 0 <= status <= 255
    ):
        gc.freeze()  # the teardown's last collection would traverse every live object
        sys.exit(status)
    run_exit_handlers()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:  # a closed pipe: Python's own exit reports it
        sys.exit(status)
    os._exit(status)


if __name__ == "__main__":
    main()
