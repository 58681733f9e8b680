"""The hooks, run by the real pre-commit client against this checkout (pre-commit is a test dependency)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from tests.conftest import REPO_ROOT, git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="the pre-commit client needs git")


def notebook(with_error: bool) -> str:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    outputs = [nbformat.v4.new_output("error", ename="ZeroDivisionError", evalue="division by zero", traceback=[])]
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Ratio"),
        nbformat.v4.new_code_cell(
            "1 / 0" if with_error else "1 / 2", execution_count=1, outputs=outputs if with_error else []
        ),
    ]
    return nbformat.writes(nb)


def pre_commit(repo: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(REPO_ROOT), *args, "--verbose", "--color", "never"]
    return subprocess.run(command, cwd=repo, capture_output=True, text=True, env=env, timeout=600)


def test_manifest_is_valid() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", str(REPO_ROOT / ".pre-commit-hooks.yaml")],
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


@pytest.mark.skipif(not (REPO_ROOT / ".git").exists(), reason="try-repo needs this checkout to be a git repository")
def test_hooks_fail_on_an_error_output_and_pass_after_the_fix(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "analysis.ipynb").write_text(notebook(with_error=True))
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "notebook")
    home = tmp_path / "pre-commit-home"

    failing = pre_commit(repo, home, "readycheck", "--files", "analysis.ipynb")
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "analysis.ipynb" in failing.stdout
    assert "notebook/no-error-outputs" in failing.stdout
    assert "ZeroDivisionError" in failing.stdout

    (repo / "analysis.ipynb").write_text(notebook(with_error=False))
    passing = pre_commit(repo, home, "readycheck", "--files", "analysis.ipynb")
    assert passing.returncode == 0, passing.stdout + passing.stderr

    whole = pre_commit(repo, home, "readycheck-repo", "--all-files")
    assert whole.returncode == 1, whole.stdout + whole.stderr
    assert "documentation/readme" in whole.stdout  # a repository-wide rule: full mode only
