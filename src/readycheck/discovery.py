"""One walk of the tree: every file that is not excluded, as sorted repository-relative paths."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from readycheck import globs

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


def walk(root: Path, exclude: Iterable[str] = (), start: Path | None = None) -> list[str]:
    """Files under ``start`` (default ``root``), skipping the built-in excludes, virtualenvs,
    what .gitignore files ignore and the ``exclude`` globs; paths are relative to ``root``."""
    excluded = globs.compile_globs(tuple(exclude))
    found: list[str] = []
    ignores: list[tuple[str, Any]] = []  # (directory prefix, compiled .gitignore spec)
    start = start or root
    parts = start.relative_to(root).parts
    for depth in range(len(parts)):  # .gitignore files above ``start`` still apply below it
        directory = root.joinpath(*parts[:depth])
        _read_gitignore(directory, _relative(root, directory), ignores)
    _walk(root, start, excluded, ignores, found)
    found.sort()
    return found


def _relative(root: Path, path: Path) -> str:
    relative = path.relative_to(root).as_posix()
    return "" if relative == "." else relative


def _walk(root: Path, directory: Path, excluded: Any, ignores: list[tuple[str, Any]], found: list[str]) -> None:
    prefix = _relative(root, directory)
    pushed = _read_gitignore(directory, prefix, ignores)
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
            if _ignored(relative + "/", ignores) or (excluded and excluded.match(relative + "/")):
                continue
            _walk(root, Path(entry.path), excluded, ignores, found)
        elif entry.is_file():
            if _ignored(relative, ignores) or (excluded and excluded.match(relative)):
                continue
            found.append(relative)
    if pushed:
        ignores.pop()


def _read_gitignore(directory: Path, prefix: str, ignores: list[tuple[str, Any]]) -> bool:
    gitignore = directory / ".gitignore"
    if not gitignore.is_file():
        return False
    try:
        lines = gitignore.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return False
    import pathspec

    ignores.append((prefix, pathspec.GitIgnoreSpec.from_lines(lines)))
    return True


def _ignored(relative: str, ignores: list[tuple[str, Any]]) -> bool:
    ignored = False
    for prefix, spec in ignores:
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
