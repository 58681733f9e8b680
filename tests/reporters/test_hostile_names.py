"""Every report survives every name: file names that are not UTF-8, that hold control characters or a
newline, and notebook text holding a lone surrogate, in all seven formats, each read by its consumer's
parser."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote_to_bytes

import pytest
from tests.checks.conftest import code, error, notebook
from tests.conftest import policy_with

from readycheck.paths import report_path

FORMATS = ("text", "json", "sarif", "junit", "markdown", "github", "gitlab")
NON_UTF8 = os.fsdecode(b"caf\xe9.ipynb")
NEWLINE = "key\nfake.py:1:1: error fake-rule forged.pem"
TITLE = "\x1b]0;pwned\x07.pem"
SURROGATE_NOTEBOOK = notebook(code("boom()", outputs=[error("Err\udcff")]))
"""A notebook whose error name holds a lone surrogate."""


@pytest.fixture
def hostile_repo(project) -> Path:
    if sys.platform == "darwin":  # APFS refuses names that are not UTF-8
        pytest.skip("the file system refuses names that are not UTF-8")
    root = project(
        {
            "README.md": "# x\n",
            "surrogate.ipynb": json.dumps(json.loads(SURROGATE_NOTEBOOK)),  # ASCII: the surrogate as an escape
            **policy_with("t/pem:\n  check: file/absent\n  paths: ['*.pem']\n", "recommended"),
        }
    )
    (root / NON_UTF8).write_text(notebook(code("boom()", outputs=[error("ValueError")])))
    (root / NEWLINE).write_text("x\n")
    (root / TITLE).write_text("x\n")
    return root


def _reports(root: Path, tmp_path: Path) -> dict[str, bytes]:
    outputs = [arg for fmt in FORMATS for arg in ("-o", f"{fmt}={tmp_path / ('report.' + fmt)}")]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict"}  # a strict stdout, as CI terminals have
    completed = subprocess.run(
        [sys.executable, "-m", "readycheck", "check", str(root), "--policy", "policy.yaml", "--no-cache", *outputs],
        capture_output=True,
        env=env,
        check=False,
    )
    assert completed.returncode == 1, completed.stderr.decode(errors="replace")
    assert b"Traceback" not in completed.stderr and b"internal error" not in completed.stderr
    reports = {fmt: (tmp_path / f"report.{fmt}").read_bytes() for fmt in FORMATS}
    reports["stdout"] = completed.stdout
    return reports


def test_every_format_is_valid_utf8_without_control_characters(hostile_repo: Path, tmp_path: Path) -> None:
    for name, data in _reports(hostile_repo, tmp_path).items():
        text = data.decode("utf-8")  # strict: raises on anything that is not UTF-8
        controls = {c for c in text if ord(c) < 0x20 and c not in "\n\t"} | ({"\x1b"} & set(text))
        assert not controls, f"{name} carries control characters {controls!r}"
        assert "\udcff" not in text and "pwned\x07" not in text


def test_each_report_parses_with_its_consumers_parser(
    hostile_repo: Path, tmp_path: Path, sarif_errors, junit_schema
) -> None:
    reports = _reports(hostile_repo, tmp_path)
    report = json.loads(reports["json"])
    paths = {f["path"] for f in report["findings"]}
    assert "caf%E9.ipynb" in paths
    assert "key%0Afake.py:1:1: error fake-rule forged.pem" in paths
    assert "%1B]0;pwned%07.pem" in paths
    assert sarif_errors(json.loads(reports["sarif"])) == []
    junit = reports["junit"]
    ET.fromstring(junit)
    junit_schema.validate(junit.decode())
    json.loads(reports["gitlab"])
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in json.loads(reports["sarif"])["runs"][0]["results"]
    }
    assert "caf%E9.ipynb" in uris  # the real bytes, percent-encoded as a URI must be


def test_a_newline_in_a_name_cannot_fake_a_report_line(hostile_repo: Path, tmp_path: Path) -> None:
    reports = _reports(hostile_repo, tmp_path)
    for name in ("text", "stdout", "github"):
        lines = reports[name].decode().splitlines()
        assert not any(line.startswith("fake.py:1:1: error fake-rule") for line in lines), name
    github = reports["github"].decode().splitlines()
    assert all(line.startswith("::") or not line.startswith(":") for line in github)


def test_the_escaped_form_is_reversible() -> None:
    for name in (NON_UTF8, NEWLINE, TITLE, "100%.txt", "plain/path.py", "ünïcødé.md", "\u202eevil.py"):
        shown = report_path(name)
        assert shown.isprintable()
        assert os.fsdecode(unquote_to_bytes(shown)) == name
    assert report_path("plain/path.py") == "plain/path.py"
    assert report_path("ünïcødé.md") == "ünïcødé.md"
