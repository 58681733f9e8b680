"""Reading a file at a git revision, for checks that compare with a baseline; every way it can fail is a
GitError saying what to do, never a crash."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

from readycheck.artifacts import Repository
from readycheck.errors import ReadycheckError

TIMEOUT = 30
"""Seconds one git command may take."""

BASELINE_PARAM = {
    "oneOf": [
        {"type": "string", "minLength": 1},
        {
            "type": "object",
            "additionalProperties": False,
            "required": ["ref"],
            "properties": {"ref": {"type": "string", "minLength": 1, "pattern": "^[^-]"}},
        },
    ],
    "description": "A file in the repository, or {ref: REVISION} to read each report at that git revision.",
}
"""The ``baseline`` parameter of the checks that compare with a baseline."""


class GitError(ReadycheckError):
    """Why a file could not be read at a revision, with the fix for the finding that reports it."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.fix = fix


def baseline_text(repo: Repository, baseline: str | Mapping[str, str], report_path: str) -> tuple[str, str]:
    """The baseline as (text, path), as report parsers take them: the file ``baseline`` names, or
    ``report_path`` at the revision ``baseline["ref"]``. Raises ParseError (the file) or GitError (the
    revision)."""
    if isinstance(baseline, str):
        return repo.read_input(baseline).decode("utf-8", "replace"), baseline
    return git_show(repo.root, baseline["ref"], report_path), report_path


def git_show(root: Path, ref: str, path: str) -> str:
    """The text of ``path`` (repository-relative) at revision ``ref``."""
    if shutil.which("git") is None:
        raise GitError(f"cannot read the baseline at {ref}: git is not installed", "Install git on the CI runner.")
    if ref.startswith("-"):
        raise GitError(f"{ref!r} is not a revision", "Name a branch, tag or commit.")
    shown = _git(root, "show", f"{ref}:./{path}")
    if shown.returncode == 0:
        return shown.stdout.decode("utf-8", "replace")
    if _git(root, "rev-parse", "--git-dir").returncode != 0:
        raise GitError(f"cannot read the baseline at {ref}: not a git repository", "Run readycheck in a git clone.")
    if _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode != 0:
        shallow = _git(root, "rev-parse", "--is-shallow-repository").stdout.strip() == b"true"
        fetch = f"git fetch --no-tags --depth=1 origin {ref.removeprefix('origin/')}"
        hint = f"Fetch it before readycheck runs ({fetch}" + (
            "; with actions/checkout, fetch-depth: 0)." if shallow else ")."
        )
        raise GitError(f"the baseline revision {ref} is not in this {'shallow ' if shallow else ''}clone", hint)
    raise GitError(
        f"{path} does not exist at {ref}: there is no baseline to compare with",
        "Commit the metric report on the baseline branch, or use a baseline file.",
    )


def revision_exists(root: Path, ref: str) -> bool:
    """Whether ``ref`` names a commit here (a tag, branch or hash); GitError when git cannot answer."""
    if shutil.which("git") is None:
        raise GitError("git is not installed", "Install git where readycheck runs.")
    if ref.startswith("-"):
        return False
    if _git(root, "rev-parse", "--git-dir").returncode != 0:
        raise GitError("not a git repository", "Run readycheck in a git clone.")
    return _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode == 0


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, timeout=TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise GitError(f"git failed: {error}", "Check that git works here.") from None


def changed_since(root: Path, ref: str) -> list[str]:
    """Files under ``root`` (relative to it) that differ from the merge base of ``ref`` and HEAD, uncommitted
    changes and untracked files included, deleted files left out: what a pull request changes."""
    if shutil.which("git") is None:
        raise GitError("--diff needs git, which is not installed", "Install git where readycheck runs.")
    if ref.startswith("-"):
        raise GitError(f"--diff {ref!r} is not a revision", "Name a branch, tag or commit.")
    if _git(root, "rev-parse", "--git-dir").returncode != 0:
        raise GitError("--diff needs a git repository", "Run readycheck in a git clone.")
    if _git(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}").returncode != 0:
        raise GitError("--diff needs a commit to compare with: this repository has none yet", "Commit first.")
    base = _git(root, "merge-base", ref, "HEAD")
    if base.returncode != 0:
        fetch = f"git fetch --no-tags origin {ref.removeprefix('origin/')}"
        raise GitError(
            f"--diff {ref}: no common ancestor of {ref} and HEAD in this clone",
            f"Fetch the branch first ({fetch}; with actions/checkout, fetch-depth: 0).",
        )
    changed = _git(
        root, "diff", "--name-only", "-z", "--no-renames", "--diff-filter=d", "--relative", base.stdout.strip().decode()
    )
    untracked = _git(root, "ls-files", "--others", "--exclude-standard", "-z")
    for listing in (changed, untracked):  # a failure must not read as "nothing changed"
        if listing.returncode != 0:
            detail = listing.stderr.decode("utf-8", "replace").strip()[:200]
            raise GitError(
                f"--diff {ref}: git could not list the changed files: {detail}", "Check that git works here."
            )
    names = changed.stdout.split(b"\0") + untracked.stdout.split(b"\0")
    return sorted({os.fsdecode(name) for name in names if name})
