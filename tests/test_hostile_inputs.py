"""No scanned file can hang the run: the small files that used to, and a budget that stops any check.

Each case from the hardening issue runs under a wall-clock limit far below the default 60 s budget, and
must not need the budget either: the parsers and patterns are linear now.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from tests.checks.conftest import code, markdown, notebook
from tests.conftest import findings_of, policy_with, run_json, with_plugin

LIMIT = 5.0
"""Seconds; every case took 15 to 73 s before."""


def _timed_check(*args: str) -> tuple[float, int, dict]:  # type: ignore[type-arg]
    started = time.perf_counter()
    code_, report = run_json(*args)
    return time.perf_counter() - started, code_, report


CASES = {
    "private-key-backtracking": {"notes.md": "-----BEGIN RSA PRIVATE KEY-----\n" + "a:  " * 22 + "\n"},
    "magic-neutraliser-spaces": {"spaces.ipynb": notebook(code(" " * 30_000))},
    "markdown-headings": {"headings.ipynb": notebook(markdown("## a\n" * 150_000))},
    "directives-per-line": {
        "keys.py": "".join(
            f"k{i} = 'AKIAZ7Q4PLMN8RT2WX5C'  # readycheck: ignore[security/*] fixture\n" for i in range(8_000)
        )
    },
    "html-comments-in-sections": {
        "README.md": "# Title\n" + "<!--" * 40_000 + "\n",
        **policy_with(
            "t/sections:\n  check: markdown/sections\n  paths: [README.md]\n  with: {required: [Title]}\n",
            "recommended",
        ),
    },
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_small_hostile_files_are_scanned_in_linear_time(project, name: str) -> None:
    files = CASES[name]
    root = project(files)
    args = [str(root), "--no-cache"] + (["--policy", "policy.yaml"] if "policy.yaml" in files else [])
    elapsed, _, report = _timed_check(*args)
    assert elapsed < LIMIT, f"{name} took {elapsed:.1f} s"
    assert findings_of(report, "readycheck/check-timeout") == []


def test_the_suppressions_still_apply_to_all_8000_lines(project) -> None:
    root = project(CASES["directives-per-line"])
    _, report = run_json(str(root), "--no-cache")
    secrets = findings_of(report, "security/hardcoded-secrets")
    assert len(secrets) == 8_000 and all(f["suppression"]["kind"] == "inline" for f in secrets)


def test_the_private_key_detector_still_finds_keys_with_headers() -> None:
    from readycheck.redaction import find_secrets

    pem = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,AB12\n\nMIIEpAIBAAKCAQEAx1y2z3\n"
    escaped = '{"key": "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n"}'
    assert [m.shown for m in find_secrets(pem)] == ["-----BEGIN RSA PRIVATE KEY-----"]
    assert [m.shown for m in find_secrets(escaped)] == ["-----BEGIN PRIVATE KEY-----"]


BACKTRACKING = "(a+)+$"
EVIL = "a" * 40 + "!"


@pytest.mark.parametrize(
    ("rule", "files"),
    [
        (
            f"t/evil:\n  check: file/contains\n  paths: [evil.txt]\n  with: {{pattern: '{BACKTRACKING}'}}\n",
            {"evil.txt": EVIL},
        ),
        (
            f"t/evil:\n  check: data/field\n  paths: [evil.json]\n  with: {{fields: {{name: {{matches: '{BACKTRACKING}'}}}}}}\n",
            {"evil.json": json.dumps({"name": EVIL})},
        ),
        (
            "t/evil:\n  check: data/schema\n  paths: [evil.json]\n  with: {schema: schema.json}\n",
            {
                "evil.json": json.dumps({"name": EVIL}),
                "schema.json": json.dumps({"properties": {"name": {"pattern": BACKTRACKING}}}),
            },
        ),
    ],
    ids=["file/contains", "data/field-matches", "json-schema-pattern"],
)
def test_a_backtracking_policy_regex_is_stopped_by_the_budget(project, rule: str, files: dict[str, str]) -> None:
    root = project(
        {
            **files,
            "ok.md": "# fine\n",
            "readycheck.yaml": "policy: [policy.yaml]\ncheck_timeout: 1\n",
            **policy_with(rule + "t/absent:\n  check: file/absent\n  paths: ['*.pem']\n"),
        }
    )
    elapsed, exit_code, report = _timed_check(str(root), "--no-cache", "--jobs", "1")
    assert elapsed < 10
    [timeout] = findings_of(report, "readycheck/check-timeout")
    assert timeout["path"] in ("evil.txt", "evil.json")
    assert "rule t/evil" in timeout["message"] and "1 s budget" in timeout["message"]
    assert findings_of(report, "t/absent") == [] and "t/absent" not in report["summary"]["not_applicable"]
    assert exit_code == 1


LOOPING_PLUGIN = """
import readycheck


@readycheck.check("team/loops", description="d", help="h", fix="f", kinds=["text"], paths=["*.txt"])
def loops(artifact, params):
    while True:
        try:
            pass
        except Exception:  # a check that swallows everything cannot swallow the budget
            pass
    yield


@readycheck.hookimpl
def readycheck_checks():
    return [loops]
"""


def test_a_check_that_never_returns_is_stopped_and_the_run_goes_on(project) -> None:
    root = project(
        {
            "a.txt": "x\n",
            "b.txt": "y\n",
            **with_plugin(
                "loops.py",
                LOOPING_PLUGIN,
                "team/loops: warning\nt/todo:\n  check: file/contains\n  paths: ['*.txt']\n  with: {pattern: x}\n",
                config="check_timeout: 0.5\n",
            ),
        }
    )
    elapsed, _, report = _timed_check(str(root), "--no-cache", "--jobs", "1")
    assert elapsed < 10
    assert [f["path"] for f in findings_of(report, "readycheck/check-timeout")] == ["a.txt", "b.txt"]
    assert "team/loops" in report["summary"]["areas"]["general"]["failed"]


def test_jobs_is_capped_at_the_cores_and_says_so(project) -> None:
    import os

    from tests.conftest import run

    root = project({f"m{i}.py": "x = 1\n" for i in range(3)})
    result = run("check", str(root), "--jobs", "100000", "--fail-on", "never")
    assert result.exit_code == 0
    assert f"--jobs 100000 is capped at {os.cpu_count()}" in result.stderr


def test_worker_count_follows_cores_and_work() -> None:
    import os

    from readycheck.parallel import MIN_ITEMS_PER_WORKER, worker_count

    cores = os.cpu_count() or 1
    assert worker_count(100_000, 10) == 1  # too little work to fork for
    assert worker_count(100_000, 100 * MIN_ITEMS_PER_WORKER) == cores
    assert worker_count(0, 100 * MIN_ITEMS_PER_WORKER) == cores
    assert worker_count(1, 100 * MIN_ITEMS_PER_WORKER) == 1


def _children(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc to see the workers start")
def test_ctrl_c_during_a_parallel_scan_exits_130_promptly(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys

    root = tmp_path / "big"
    for index in range(3000):
        path = root / f"pkg{index % 30}" / f"nb{index}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(notebook(code(f"import os\nprint({index})\n" * 40)))
    env = {**os.environ, "READYCHECK_CACHE_DIR": str(tmp_path / "cache")}
    for attempt in range(6):
        process = subprocess.Popen(
            [sys.executable, "-m", "readycheck", "check", str(root), "--no-cache", "--jobs", "2"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            start_new_session=True,  # a terminal sends SIGINT to the whole group: so do we
        )
        deadline = time.monotonic() + 30
        while len(_children(process.pid)) < 2 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        assert process.poll() is None, "the scan ended before its workers were seen"
        time.sleep(0.05 * attempt)  # at different points of the workers' progress
        os.killpg(process.pid, signal.SIGINT)
        try:
            _, stderr = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            pytest.fail(f"attempt {attempt}: still running 20 s after Ctrl-C")
        assert process.returncode == 130, stderr
        assert "Traceback" not in stderr and "readycheck: interrupted" in stderr
