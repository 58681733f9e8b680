"""Discovery: which files a run looks at, as sorted repository-relative paths.

A full walk skips the built-in excludes, virtualenvs, what .gitignore files ignore and the config's
``exclude`` globs. Files that .gitignore ignores are still found where they match a *generated* glob
(the paths of rules that read generated evidence: coverage and test reports, metrics), since CI writes
them just before readycheck runs and nearly every repository ignores them. ``exclude`` always wins.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from readycheck import globs
from readycheck.errors import ConfigError

ALWAYS_EXCLUDED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        "__pycache__",
        ".ipynb_checkpoints",
        ".readycheck_cache",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
    }
)


class Scan(NamedTuple):
    """What to scan: files relative to ``root``; ``full`` when the whole repository is in scope.

    ``ignored`` holds the files among ``files`` that .gitignore ignores (found through a generated
    glob): only rules that read generated files see them.
    """

    root: Path
    files: list[str]
    full: bool
    ignored: frozenset[str] = frozenset()
    exclude: tuple[str, ...] = ()
    changed: frozenset[str] | None = None
    """With ``--diff``: the files file-scoped rules run on (repository rules still see every file)."""


def collect(root: Path, targets: Sequence[Path], exclude: Sequence[str], generated: Sequence[str] = ()) -> Scan:
    """Expand the command line's paths: directories are walked, files are taken as given."""
    excluded = globs.compile_globs(tuple(exclude))
    files: set[str] = set()
    ignored: set[str] = set()
    full = False
    for target in targets:
        absolute = Path(os.path.abspath(target))
        try:
            relative = absolute.relative_to(root)
        except ValueError:
            raise ConfigError(f"{target} is outside the project root {root}") from None
        if absolute.exists() and not absolute.resolve().is_relative_to(root.resolve()):
            raise ConfigError(f"{target} is a symbolic link to outside the project root {root}") from None
        if absolute.is_dir():
            full = full or absolute == root
            found, found_ignored = walk(root, exclude, absolute, generated)
            files.update(found)
            ignored.update(found_ignored)
        elif absolute.is_file():
            posix = relative.as_posix()
            hidden = any(part in ALWAYS_EXCLUDED_DIRS for part in relative.parts[:-1])
            if not hidden and not (excluded and excluded.match(posix)):
                files.add(posix)
        else:
            raise ConfigError(f"no such file or directory: {target}")
    return Scan(root, sorted(files), full, frozenset(ignored), tuple(exclude))


def walk(
    root: Path, exclude: Iterable[str] = (), start: Path | None = None, generated: Sequence[str] = ()
) -> tuple[list[str], set[str]]:
    """Files under ``start`` (default ``root``), relative to ``root``, and which of them .gitignore
    ignores (those matching a ``generated`` glob; no other ignored file is returned)."""
    walker = _Walker(root, globs.compile_globs(tuple(exclude)), tuple(generated))
    start = start or root
    parts = start.relative_to(root).parts
    for depth in range(len(parts)):  # .gitignore files above ``start`` still apply below it
        directory = root.joinpath(*parts[:depth])
        walker.read_gitignore(directory, _relative(root, directory))
    walker.walk(start, ignored=False)
    walker.found.sort()
    return walker.found, walker.ignored


def _relative(root: Path, path: Path) -> str:
    relative = path.relative_to(root).as_posix()
    return "" if relative == "." else relative


class _Walker:
    def __init__(self, root: Path, excluded: Any, generated: tuple[str, ...]) -> None:
        self.root = root
        self.excluded = excluded
        self.generated = generated
        self.generated_regex = globs.compile_globs(generated)
        self.ignores: list[tuple[str, Any]] = []  # (directory prefix, compiled .gitignore spec)
        self.found: list[str] = []
        self.ignored: set[str] = set()

    def walk(self, directory: Path, ignored: bool) -> None:
        """``ignored``: the directory itself is ignored, so only generated files are taken from it."""
        prefix = _relative(self.root, directory)
        pushed = self.read_gitignore(directory, prefix)
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError:
            entries = []
        for entry in entries:
            relative = f"{prefix}/{entry.name}" if prefix else entry.name
            if entry.is_symlink():
                continue
            if entry.is_dir():
                if entry.name in ALWAYS_EXCLUDED_DIRS or os.path.exists(os.path.join(entry.path, "pyvenv.cfg")):
                    continue
                if self.excluded and self.excluded.match(relative + "/"):
                    continue
                dir_ignored = ignored or self.is_ignored(relative + "/")
                if dir_ignored and not globs.could_match_under(self.generated, relative):
                    continue
                self.walk(Path(entry.path), dir_ignored)
            elif entry.is_file():
                if self.excluded and self.excluded.match(relative):
                    continue
                if ignored or self.is_ignored(relative):
                    if self.generated_regex is None or not self.generated_regex.match(relative):
                        continue
                    self.ignored.add(relative)
                self.found.append(relative)
        if pushed:
            self.ignores.pop()

    def read_gitignore(self, directory: Path, prefix: str) -> bool:
        gitignore = directory / ".gitignore"
        if not gitignore.is_file():
            return False
        try:
            lines = gitignore.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return False
        import pathspec

        self.ignores.append((prefix, pathspec.GitIgnoreSpec.from_lines(lines)))
        return True

    def is_ignored(self, relative: str) -> bool:
        ignored = False
        for prefix, spec in self.ignores:
            if prefix:
                if not relative.startswith(prefix + "/"):
                    continue
                local = relative[len(prefix) + 1 :]
            else:
                local = relative
            result = spec.check_file(local)
            if result.include is not None:
                ignored = result.include
        return ignored


def why_unseen(scan: Scan, path: str) -> str | None:
    """Why a file that exists at ``path`` is not among the scanned ones, or None when it does not exist
    (or was scanned): for the message of a finding about missing evidence."""
    target = scan.root / path
    if path in scan.files or not target.is_file():
        return None
    if any(parent.is_symlink() for parent in (target, *target.parents) if parent.is_relative_to(scan.root)):
        return "it exists, but behind a symbolic link, which readycheck does not follow"
    parts = path.split("/")
    hidden = next((part for part in parts[:-1] if part in ALWAYS_EXCLUDED_DIRS), None)
    if hidden:
        return f"it exists, but readycheck never scans {hidden}/ folders"
    if globs.matches(path, scan.exclude):
        return "it exists, but 'exclude' in the config excludes it"
    return "it exists, but .gitignore ignores it and the rule does not read ignored files (set 'generated: true')"
