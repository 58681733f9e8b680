"""The distribution is readycheck-ml: 'readycheck' on the package index is an unrelated project, so every
install snippet users copy must name readycheck-ml."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import distribution

from tests.conftest import REPO_ROOT

from readycheck import init

DISTRIBUTION = "readycheck-ml"
INSTALL = re.compile(r"pip[0-9.]* install(?: -[-\w]+)* ([\w.\-\[\]\"'=<>]+)")


def snippets() -> dict[str, str]:
    texts = {
        path.relative_to(REPO_ROOT).as_posix(): path.read_text(encoding="utf-8") for path in REPO_ROOT.glob("docs/*.md")
    }
    texts["README.md"] = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    texts["init: CI snippet"] = init.CI_SNIPPET
    texts["init: pre-commit snippet"] = init.PRE_COMMIT_SNIPPET
    return texts


def test_the_distribution_is_named_readycheck_ml() -> None:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == DISTRIBUTION
    assert distribution(DISTRIBUTION).entry_points.select(group="console_scripts", name="readycheck")


def test_every_install_snippet_names_the_distribution() -> None:
    named = 0
    for where, text in snippets().items():
        for match in INSTALL.finditer(text):
            package = re.split(r"[\[=<>]", match.group(1).strip("\"'"))[0]
            if "readycheck" in package:
                assert package == DISTRIBUTION, f"{where}: {match.group(0)}"
                named += 1
    assert named >= 4
