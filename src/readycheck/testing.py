"""Helpers for testing checks and policies: a throwaway repository from a mapping of paths to contents,
one check or a whole policy run in-process on it, and the findings back as :class:`readycheck.Finding`.

With pytest they are also fixtures (readycheck installs a ``pytest11`` plugin): ``readycheck_repo``
builds a repository under ``tmp_path``, ``readycheck_check`` runs one check on it::

    def test_datasheets(readycheck_repo, readycheck_check):
        root = readycheck_repo({"data/raw/README.md": "# Raw\\n"})
        findings = readycheck_check(root, "example/datasheet", plugins=[my_plugin])
        assert [f.message for f in findings] == ["data/raw: no DATASHEET.md"]

Notebooks are written with nbformat from cell lists: ``notebook(code("x = 1", 1), markdown("# T"))``.
"""

from __future__ import annotations

import datetime
import json
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from readycheck.model import Finding, Result

__all__ = ["code", "markdown", "notebook", "run_check", "run_policy", "stream", "write_repository"]


def write_repository(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write ``files`` (repository-relative path to text or bytes) under ``root``; returns ``root``."""
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def code(source: str, execution_count: int | None = None, outputs: Iterable[Mapping[str, Any]] = ()) -> dict[str, Any]:
    """A code cell for :func:`notebook`, with its outputs (see :func:`stream`)."""
    from nbformat.v4 import new_code_cell

    return dict(new_code_cell(source, execution_count=execution_count, outputs=list(outputs)))


def markdown(source: str) -> dict[str, Any]:
    """A Markdown cell for :func:`notebook`."""
    from nbformat.v4 import new_markdown_cell

    return dict(new_markdown_cell(source))


def stream(text: str, name: str = "stdout") -> dict[str, Any]:
    """A stream output (what ``print`` leaves) for :func:`code`."""
    from nbformat.v4 import new_output

    return dict(new_output("stream", name=name, text=text))


def notebook(*cells: Mapping[str, Any], metadata: Mapping[str, Any] | None = None) -> str:
    """An nbformat 4 notebook as Jupyter writes it, with a Python 3 kernelspec unless ``metadata`` says."""
    import nbformat
    from nbformat.v4 import new_notebook

    kernel = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    chosen = kernel if metadata is None else metadata
    document = new_notebook(cells=[nbformat.from_dict(dict(cell)) for cell in cells], metadata=chosen)
    text: str = nbformat.writes(document)
    return text


def run_policy(
    root: Path,
    rules: Mapping[str, Any] | str,
    *,
    paths: Sequence[str] = (),
    plugins: Sequence[object] = (),
    today: datetime.date | None = None,
) -> Result:
    """Run a policy on the repository at ``root``, in-process, as ``readycheck check`` would (suppressions
    and waivers of the repository's config included, no cache). ``rules`` is the policy's ``rules:``
    mapping, or a policy's YAML text. ``paths`` limits the run to those files (as pre-commit does);
    ``plugins`` registers plugin modules that are not installed."""
    from readycheck import runner

    text = rules if isinstance(rules, str) else json.dumps({"readycheck": 1, "rules": dict(rules)})
    with tempfile.TemporaryDirectory(prefix="readycheck-policy-") as scratch:
        policy = Path(scratch) / "policy.yaml"  # outside the repository: not one of its files
        policy.write_text(text, encoding="utf-8")
        options = runner.Options(
            paths=[root / path for path in paths] or [root],
            policies=[str(policy)],
            use_cache=False,
            plugins=plugins,
            today=today or datetime.date.today(),
        )
        _, _, result = runner.check(options)
    return result


def run_check(
    root: Path,
    check_id: str,
    params: Mapping[str, Any] | None = None,
    *,
    level: str | None = None,
    rule_paths: Sequence[str] = (),
    plugins: Sequence[object] = (),
    today: datetime.date | None = None,
) -> list[Finding]:
    """Run one check (as a rule of the same id) on the repository at ``root``; its active findings."""
    rule: dict[str, Any] = {}
    if params:
        rule["with"] = dict(params)
    if level:
        rule["level"] = level
    if rule_paths:
        rule["paths"] = list(rule_paths)
    result = run_policy(root, {check_id: rule or "warning"}, plugins=plugins, today=today)
    return result.active
