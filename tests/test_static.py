"""The code stays typed and lint-clean: mypy and ruff run as part of the suite, as CI runs it."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO_ROOT


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], cwd=REPO_ROOT, capture_output=True, text=True, check=False)


def test_mypy_passes_on_the_package() -> None:
    completed = _run("mypy", "--no-incremental", "--cache-dir", "/dev/null")  # configured in pyproject.toml
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_ruff_is_clean() -> None:
    completed = _run("ruff", "check", "--no-cache", "src", "tests", "benchmarks", "fuzz")
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_the_package_says_it_is_typed() -> None:
    assert (REPO_ROOT / "src" / "readycheck" / "py.typed").is_file()
