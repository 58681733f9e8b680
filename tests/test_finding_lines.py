"""The lines of findings in real notebooks are pinned: finding lines only on demand must move none.

``tests/fixtures/notebook-corpus/findings.json`` was written by readycheck when it still built a line
map for every value of every notebook (see the corpus README). Run this file as a script with
``--write`` to rewrite it after a deliberate change.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).parent / "fixtures" / "notebook-corpus"
PINNED = CORPUS / "findings.json"
VARIANTS = ("nbformat/test4.ipynb", "handson-ml3/extra_autodiff.ipynb", "made-with-ml/benchmarks.ipynb")

RULES = """\
policy: [strict]
rules:
  notebook/size: {level: warning, with: {max_cells: 10, max_cell_lines: 3, max_output_bytes: 300}}
  code/complexity: {level: warning, with: {max: 1}}
  code/maintainability: {level: note, with: {min: 99}}
  notebook/no-absolute-paths: warning
"""


def prepare(folder: Path) -> Path:
    """The corpus, plus the same notebooks written other ways: compact, indented by 4 with escaped
    non-ASCII text, and with Windows line ends."""
    shutil.copytree(CORPUS, folder, ignore=shutil.ignore_patterns("*.json", "*.md", "LICENSE"))
    for name in VARIANTS:
        text = (CORPUS / name).read_text(encoding="utf-8")
        stem = name.replace("/", "-").removesuffix(".ipynb")
        (folder / "variants").mkdir(exist_ok=True)
        data = json.loads(text)
        (folder / "variants" / f"{stem}.compact.ipynb").write_text(json.dumps(data), encoding="utf-8")
        (folder / "variants" / f"{stem}.indent4.ipynb").write_text(json.dumps(data, indent=4), encoding="utf-8")
        (folder / "variants" / f"{stem}.crlf.ipynb").write_bytes(text.replace("\n", "\r\n").encode())
    (folder / "readycheck.yaml").write_text(RULES, encoding="utf-8")
    return folder


def notebook_findings(folder: Path) -> list[dict[str, Any]]:
    outcome = subprocess.run(
        [sys.executable, "-m", "readycheck", "check", "--no-cache", "--max-findings", "0", "--format", "json", "."],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    assert outcome.returncode == 1, outcome.stderr
    findings = json.loads(outcome.stdout)["findings"]
    return sorted(
        (
            {"path": f["path"], "line": f["line"], "rule_id": f["rule_id"], "message": f["message"]}
            for f in findings
            if f["path"].endswith(".ipynb")
        ),
        key=lambda f: (f["path"], f["line"] or 0, f["rule_id"], f["message"]),
    )


def test_finding_lines_in_real_notebooks_are_the_pinned_ones(tmp_path: Path) -> None:
    found = notebook_findings(prepare(tmp_path / "corpus"))
    pinned = json.loads(PINNED.read_text(encoding="utf-8"))
    assert len(found) == len(pinned) > 300
    assert {f["rule_id"] for f in found} >= {"notebook/valid", "notebook/no-error-outputs", "code/complexity"}
    assert found == pinned


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        findings = notebook_findings(prepare(Path(scratch) / "corpus"))
    PINNED.write_text(json.dumps(findings, indent=1) + "\n", encoding="utf-8")
    print(f"{len(findings)} findings pinned in {PINNED}")
