"""Notebook material for the check tests: notebooks written by nbformat itself, and a way to find
where something is in the raw .ipynb text, independently of readycheck's own line map."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbformat.notebooknode import NotebookNode
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from tests.conftest import policy_with, run_json

PYTHON = {
    "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
    "language_info": {"name": "python"},
}


def code(source: str, count: int | None = None, outputs: Iterable[NotebookNode] = ()) -> NotebookNode:
    return new_code_cell(source, execution_count=count, outputs=list(outputs))


def markdown(source: str) -> NotebookNode:
    return new_markdown_cell(source)


def stream(text: str) -> NotebookNode:
    return new_output("stream", name="stdout", text=text)


def error(ename: str, evalue: str = "") -> NotebookNode:
    return new_output("error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


def notebook(*cells: NotebookNode, metadata: dict[str, Any] | None = None) -> str:
    """A notebook as nbformat writes it (indent 1, sorted keys, sources split into lines)."""
    nb = new_notebook(metadata=PYTHON if metadata is None else metadata)
    nb.cells = list(cells)
    return nbformat.writes(nb)


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """The 1-based line of the ``occurrence``-th raw line of ``text`` containing ``needle``."""
    hits = [number for number, line in enumerate(text.split("\n"), start=1) if needle in line]
    assert len(hits) >= occurrence, f"{needle!r} occurs {len(hits)} times"
    return hits[occurrence - 1]


def source_line(text: str, source: str, occurrence: int = 1) -> int:
    """The raw line holding a cell source line, found as nbformat encodes it in the JSON."""
    return line_of(text, json.dumps(source)[1:-1], occurrence)


def cell_lines(text: str) -> list[int]:
    """The raw line of each cell's opening brace (the line before its first key, in nbformat's layout)."""
    return [line_of(text, '"cell_type"', n) - 1 for n in range(1, text.count('"cell_type"') + 1)]


@pytest.fixture
def check_rules(project: Callable[[dict[str, str | bytes]], Path]) -> Callable[..., list[dict[str, Any]]]:
    """Write ``files`` and a policy with ``rules`` (YAML), run ``readycheck check`` on them and return
    the findings (as the JSON report gives them), after checking that no check crashed."""

    def run(files: dict[str, str | bytes], rules: str) -> list[dict[str, Any]]:
        root = project({**files, **policy_with(rules)})
        _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache", "--jobs", "1")
        assert not [f for f in report["findings"] if f["rule_id"].startswith("readycheck/")], report
        return [f for f in report["findings"] if f["path"] != "policy.yaml"]

    return run
