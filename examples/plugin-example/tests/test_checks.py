"""The example plugin's checks, tested with readycheck.testing's fixtures (installed with readycheck)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import readycheck_example

from readycheck import Finding
from readycheck.testing import code, notebook

Repo = Callable[[dict[str, str | bytes]], Path]
SHEET = "# Raw\n\n## Motivation\n\n## Composition\n\n## Collection\n\n## License\n\nCC-BY-4.0\n"


def messages(findings: list[Finding]) -> list[str]:
    return [finding.message for finding in findings]


def test_every_dataset_folder_needs_a_complete_datasheet(readycheck_repo: Repo, readycheck_check) -> None:
    root = readycheck_repo(
        {
            "data/raw/DATASHEET.md": SHEET,
            "data/clean/DATASHEET.md": "# Clean\n\n## Motivation\n",
            "data/scores/part-0.csv": "a,b\n",
            "data/notes.txt": "not a dataset folder\n",
        }
    )
    findings = readycheck_check(root, "example/datasheet", plugins=[readycheck_example])
    assert [(finding.path, finding.message) for finding in findings] == [
        ("data/clean/DATASHEET.md", "missing section(s): Composition, Collection, License"),
        ("data/scores", "data/scores: no DATASHEET.md"),
    ]


def test_the_card_version_follows_the_package(readycheck_repo: Repo, readycheck_check) -> None:
    card = "---\nlicense: mit\nversion: 1.2.0\n---\n# Churn\n"
    root = readycheck_repo({"pyproject.toml": '[project]\nname = "churn"\nversion = "1.4.0"\n', "MODEL_CARD.md": card})
    findings = readycheck_check(root, "example/card-version", plugins=[readycheck_example])
    assert messages(findings) == ["the card says version 1.2.0, the package is 1.4.0"]
    (root / "MODEL_CARD.md").write_text(card.replace("1.2.0", "1.4.0"), encoding="utf-8")
    assert readycheck_check(root, "example/card-version", plugins=[readycheck_example]) == []


def test_notebooks_are_listed_in_the_manifest(readycheck_repo: Repo, readycheck_check) -> None:
    manifest = '[[notebook]]\npath = "notebooks/a.ipynb"\ncommand = "papermill notebooks/a.ipynb out.ipynb"\n'
    root = readycheck_repo(
        {
            "notebooks/a.ipynb": notebook(code("x = 1", 1)),
            "notebooks/b.ipynb": notebook(code("y = 2", 1)),
            "reproducibility.toml": manifest,
        }
    )
    findings = readycheck_check(root, "example/notebook-manifest", plugins=[readycheck_example])
    assert messages(findings) == ["notebooks/b.ipynb is not in reproducibility.toml (with a command)"]


def test_the_pack_turns_them_all_on(readycheck_repo: Repo, readycheck_policy) -> None:
    root = readycheck_repo({"data/raw/part.csv": "a\n", "notebooks/a.ipynb": notebook(code("x = 1", 1))})
    result = readycheck_policy(root, "readycheck: 1\nextends: ['example:strict']\n", plugins=[readycheck_example])
    assert sorted({finding.rule_id for finding in result.active}) == ["example/datasheet", "example/notebook-manifest"]
