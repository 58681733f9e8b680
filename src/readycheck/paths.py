"""Path helpers every stage shares: how paths are shown to people and written into reports."""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

from readycheck.errors import FileReadError

README_NAMES = ("README.md", "README.rst", "README.txt", "README", "readme.md", "Readme.md")
"""The names a repository's README goes by at its root, in the order they are looked for."""

CONFIG_FILES = ("readycheck.yaml", ".readycheck.yaml", "pyproject.toml")
"""Where readycheck's config is looked for, in order (pyproject.toml only with a [tool.readycheck] table)."""


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if relative.startswith("..") else relative


def repository_path(root: Path, path: Path) -> str:
    """A file as reports name it: its path in the repository, else as the user would type it."""
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else display_path(path)


@functools.cache
def _unsafe_in_names() -> re.Pattern[str]:
    """'%' (the escape itself), control characters (a newline would fake a report line, an escape sequence
    would reach the terminal), bidirectional overrides, and the surrogates that stand for bytes that are
    not UTF-8. Compiled when a name is not plain ASCII: its ranges cost a pre-commit run 0.4 ms."""
    return re.compile("[%\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _plain_ascii(text: str) -> bool:
    """ASCII without control characters: nothing in it is unsafe but '%'."""
    return text.isascii() and text.isprintable()


def report_path(path: str) -> str:
    """A repository-relative path as every report shows it: valid UTF-8 on one line, inert in a terminal.

    The characters of _unsafe_in_names are percent-encoded as their bytes (a byte that is not UTF-8,
    which Python keeps as a surrogate escape, as itself: ``caf\\xe9.ipynb`` becomes ``caf%E9.ipynb``).
    The form is lossless and reversible: ``urllib.parse.unquote_to_bytes`` gives the name's bytes back.
    """
    if (_plain_ascii(path) and "%" not in path) or _unsafe_in_names().search(path) is None:
        return path
    return _unsafe_in_names().sub(lambda m: "".join(f"%{b:02X}" for b in uri_bytes(m[0])), path)


def is_plain(path: str) -> bool:
    """Whether a path needs no escaping but for '%': valid UTF-8, no control or bidirectional characters."""
    return _plain_ascii(path) or _unsafe_in_names().search(path.replace("%", "")) is None


def uri_bytes(path: str) -> bytes:
    """The bytes a path stands for, as a URI percent-encodes them."""
    return path.encode("utf-8", "surrogateescape") if _only_escapes(path) else path.encode("utf-8", "surrogatepass")


def _only_escapes(text: str) -> bool:
    return all(not "\ud800" <= char <= "\udfff" or "\udc80" <= char <= "\udcff" for char in text)


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of ``path``, a regular file of at most ``limit`` bytes (a device or FIFO is refused
    before it is opened, so ``/dev/zero`` cannot exhaust memory). Raises FileReadError."""
    if not path.is_file():
        raise FileReadError("no such file (or not a regular file)")
    try:
        with path.open("rb") as stream:
            data = stream.read(limit + 1)
    except OSError as error:
        raise FileReadError(f"cannot read it ({error.strerror})") from None
    if len(data) > limit:
        raise FileReadError(f"larger than {limit // (1024 * 1024)} MiB")
    return data
