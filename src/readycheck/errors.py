"""readycheck's own exceptions; the CLI turns them into one-line messages and exit code 2."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class ReadycheckError(Exception):
    """An error the user can fix; ``str()`` names the file and line when known."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        if self.path and self.line:
            return f"{self.path}:{self.line}: {self.message}"
        if self.path:
            return f"{self.path}: {self.message}"
        return self.message


class ConfigError(ReadycheckError):
    """The configuration (readycheck.yaml, pyproject.toml, command-line options) is wrong."""


class PolicyError(ReadycheckError):
    """A policy file is malformed or names something that does not exist."""


class PluginError(ReadycheckError):
    """A plugin could not be loaded or registered something invalid."""


class ParseError(ReadycheckError):
    """A scanned file could not be parsed; the engine reports it as a finding, not as an error.

    ``found`` holds what a check still found in the unparsed file (secrets in its raw text): the engine
    reports those too, so that a broken file hides nothing.
    """

    def __init__(
        self, message: str, path: str | None = None, line: int | None = None, found: Sequence[Any] = ()
    ) -> None:
        super().__init__(message, path, line)
        self.found = list(found)


class ExpressionError(ReadycheckError):
    """A threshold expression is malformed."""


class GlobError(ReadycheckError):
    """A glob pattern cannot be compiled (a range like ``[z-a]``); loaders add the file and line."""


class FileReadError(ReadycheckError):
    """A file readycheck was pointed at is missing, not a regular file, unreadable or over its size limit;
    callers restate it as their own error (a parse error, a configuration error) naming the file."""
