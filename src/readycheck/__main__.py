"""The ``readycheck`` command (and ``python -m readycheck``): a process that runs once, then exits.

Such a process spends a tenth of a pre-commit run collecting garbage it does not have: start-up
allocates modules, classes and functions that all live until the end, and the interpreter's last
collection traverses every object still alive. So start-up runs without the cycle collector, what it
built is frozen (never traversed again), and so is everything at exit; reference counting still frees
what the run drops, and the collector runs as usual during the run itself.
"""

from __future__ import annotations

import gc


def main() -> None:
    gc.disable()
    try:
        from readycheck.cli import main as command
    finally:
        gc.freeze()
        gc.enable()
    try:
        command()
    finally:
        gc.freeze()


if __name__ == "__main__":
    main()
