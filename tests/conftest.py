"""Shared helpers: build a project on disk from a mapping, run the real CLI on it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from readycheck.cachedir import ENVIRONMENT_VARIABLE
from readycheck.cli import main
from readycheck.testing import write_repository

REPO_ROOT = Path(__file__).resolve().parents[1]


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``{relative path: content}`` under ``root``; text is dedented."""
    dedented = {
        path: content if isinstance(content, bytes) else textwrap.dedent(content) for path, content in files.items()
    }
    return write_repository(root, dedented)


def pytest_configure(config: pytest.Config) -> None:
    """Modules load registries while being collected, before any fixture: their memory of installed
    code goes to a folder of this session, never to the user's own cache."""
    folder = tempfile.mkdtemp(prefix="readycheck-tests-cache-")
    os.environ[ENVIRONMENT_VARIABLE] = folder
    config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))


@pytest.fixture(autouse=True)
def user_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test gets its own user cache directory (where results and the machine key live)."""
    directory = tmp_path_factory.mktemp("user-cache")
    monkeypatch.setenv("READYCHECK_CACHE_DIR", str(directory))
    return directory


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[dict[str, str | bytes]], Path]:
    """A project directory in tmp_path, made the working directory."""
    root = tmp_path / "project"
    root.mkdir()
    monkeypatch.chdir(root)

    def make(files: dict[str, str | bytes]) -> Path:
        return write_files(root, files)

    return make


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def run_json(*args: str) -> tuple[int, dict[str, Any]]:
    result = run("check", "--format", "json", *args)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def findings_of(report: dict[str, Any], rule_id: str) -> list[dict[str, Any]]:
    return [f for f in report["findings"] if f["rule_id"] == rule_id]


def policy_with(rules: str, extends: str = "") -> dict[str, str]:
    """A ``policy.yaml`` file entry whose ``rules:`` block is ``rules`` (YAML, indented by us)."""
    body = textwrap.indent(textwrap.dedent(rules), "  ")
    head = f"readycheck: 1\nextends: [{extends}]\n" if extends else "readycheck: 1\n"
    return {"policy.yaml": f"{head}rules:\n{body}"}


def with_plugin(file: str, source: str, rules: str, config: str = "") -> dict[str, str]:
    """The files of a project whose config loads the local plugin ``file`` (``source``) and runs only
    ``policy.yaml`` with ``rules`` (see policy_with); ``config`` adds lines to readycheck.yaml."""
    return {
        file: source,
        "readycheck.yaml": f"plugins: [{file}]\npolicy: [policy.yaml]\n{config}",
        **policy_with(rules),
    }


def git(root: Path, *args: str) -> str:
    """Run git in ``root`` with an identity (CI machines have none), and return its output."""
    command = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-C", str(root), *args]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout
