"""Glob patterns for repository-relative, ``/``-separated paths.

``*`` matches within one path segment, ``**`` across segments, ``?`` one character, ``[...]`` a set.
A pattern without ``/`` matches a file's name at any depth (``*.pem``, ``.env``), as in .gitignore.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from readycheck.errors import GlobError


def _normalised(pattern: str) -> str:
    """The pattern as matched from the repository root: a name alone at any depth, a folder with all
    below it."""
    pattern = pattern.strip()
    if pattern.startswith("./"):
        pattern = pattern[2:]
    if "/" not in pattern.rstrip("/"):
        pattern = "**/" + pattern
    pattern = pattern.lstrip("/")
    if pattern.endswith("/"):
        pattern += "**"
    return pattern


@lru_cache(maxsize=4096)
def _pattern_regex(pattern: str) -> str:
    pattern = _normalised(pattern)
    out: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if pattern.startswith("**/", index):
            out.append("(?:[^/]+/)*")
            index += 3
        elif pattern.startswith("**", index):
            out.append(".*")
            index += 2
        elif char == "*":
            out.append("[^/]*")
            index += 1
        elif char == "?":
            out.append("[^/]")
            index += 1
        elif char == "[":
            end = pattern.find("]", index + 1)
            if end == -1:
                out.append(re.escape(char))
                index += 1
            else:
                body = pattern[index + 1 : end]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append("[" + body.replace("\\", "\\\\") + "]")
                index = end + 1
        else:
            out.append(re.escape(char))
            index += 1
    return "".join(out)


@lru_cache(maxsize=1024)
def compile_globs(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    """One regex for a tuple of globs; ``None`` when there are none (matches nothing). A pattern that
    cannot be compiled is a GlobError naming it."""
    if not patterns:
        return None
    try:
        return re.compile("(?:" + "|".join(_pattern_regex(p) for p in patterns) + r")\Z")
    except re.error as error:  # which one: compiling each costs a pre-commit run a few ms, so only now
        for pattern in patterns:
            try:
                re.compile(_pattern_regex(pattern))
            except re.error as error_of_one:
                raise GlobError(f"bad glob {pattern!r}: {error_of_one.msg}") from None
        raise GlobError(f"bad globs {', '.join(map(repr, patterns))}: {error.msg}") from None


FEW_PATHS = 32
"""Up to this many paths (a pre-commit run), globs that none of them can match are never compiled."""


def compile_for(patterns: tuple[str, ...], paths: Sequence[str]) -> re.Pattern[str] | None:
    """``compile_globs(patterns)``, or None when ``paths`` are few and none can match any pattern: a path
    must end with what a pattern has after its last wildcard (``.ipynb`` of ``**/*.ipynb``). A run on
    one file would otherwise compile the globs of every rule, a tenth of its own work."""
    if len(paths) <= FEW_PATHS and not any(
        path.endswith(_literal_ending(pattern)) for pattern in patterns for path in paths
    ):
        return None
    return compile_globs(patterns)


@lru_cache(maxsize=4096)
def _literal_ending(pattern: str) -> str:
    pattern = _normalised(pattern)
    return pattern[max(pattern.rfind(wildcard) for wildcard in "*?]") + 1 :].lstrip("/")  # '**/' may match nothing


def matches(path: str, patterns: Iterable[str]) -> bool:
    regex = compile_globs(tuple(patterns))
    return bool(regex and regex.match(path))


def _literal_directory(pattern: str) -> str | None:
    """The folder a pattern's matches must lie in, as far as its leading literal segments say; ``None``
    when it matches at any depth."""
    pattern = pattern.strip()
    if pattern.startswith("./"):
        pattern = pattern[2:]
    pattern = pattern.lstrip("/")
    if "/" not in pattern.rstrip("/"):
        return None
    directories = []
    for segment in pattern.split("/")[:-1]:
        if any(char in segment for char in "*?["):
            break
        directories.append(segment)
    return "/".join(directories)


def could_match_under(patterns: Iterable[str], directory: str) -> bool:
    """Whether any of ``patterns`` could match a file somewhere below ``directory`` (no trailing ``/``),
    judged by literal leading folders only, so a ``True`` may still find nothing."""
    for pattern in patterns:
        prefix = _literal_directory(pattern)
        if prefix is None or prefix == "" or prefix == directory:
            return True
        if prefix.startswith(directory + "/") or directory.startswith(prefix + "/"):
            return True
    return False


def is_literal(pattern: str) -> bool:
    """Whether a pattern names one file (no wildcard, not a folder)."""
    return not any(char in pattern for char in "*?[") and not pattern.endswith("/")
