"""Notebook checks: valid, run top to bottom, no saved errors, no machine-specific paths or installs,
documented, and small enough to review.

Every check reads the notebook parsed once (:mod:`readycheck.artifacts.notebook`); a notebook that
cannot be read at all is reported by ``notebook/valid`` only, and the other checks skip it. Findings
about a whole cell point at its first source line, so that a ``# readycheck: ignore[rule]`` comment
there (the raw line holds it) suppresses them inline.
"""

from __future__ import annotations

import ast
import json
import re
import warnings
from collections.abc import Iterator, Mapping
from typing import Any

from readycheck.artifacts import Artifact, nbschema
from readycheck.artifacts.markdown import parse_markdown
from readycheck.artifacts.notebook import SHELL_CELL_MAGICS, Cell, Notebook, cell_magic
from readycheck.hookspecs import hookimpl
from readycheck.model import Check, Level, Violation, check

NO_PARAMS: dict[str, Any] = {"type": "object", "additionalProperties": False, "properties": {}}


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


@check(
    "notebook/valid",
    description="Notebooks validate against the nbformat schema, with unique cell ids.",
    help="A notebook that does not follow the nbformat schema (4, or 3 for an old file) cannot be opened, "
    "executed or diffed reliably; merge conflicts are the usual cause. The message is nbformat's own "
    "validation message, at the line of the offending value. Two cells with the same id are a finding too: "
    "nbformat renames one silently on read, so links and tools that address cells by id break. A notebook "
    "that is not JSON at all is a readycheck/parse-error finding, and the other notebook rules skip it.",
    fix="Repair the notebook (look for merge-conflict markers), or re-save it in Jupyter.",
    level="error",
    kinds=("notebook",),
    area="reproducibility",
    tier="bronze",
    params=NO_PARAMS,
    example="notebook/valid: error",
)
def notebook_valid(artifact: Artifact, params: Mapping[str, Any]) -> Iterator[Violation]:
    notebook: Notebook = artifact.data
    problem = _schema_problem(notebook)
    if problem is not None:
        yield problem
    first_with: dict[str, Cell] = {}
    for cell in notebook.cells:
        if cell.id is None:
            continue
        if cell.id in first_with:
            yield Violation(
                f"{cell.where()} has the same id as {first_with[cell.id].where()} "
                f"({_truncate(cell.id, 40)!r}): nbformat renames one of them on read",
                line=notebook.line_of((*cell.value_path, "id")) or cell.line,
                key=f"duplicate-id:{cell.id}",
            )
        else:
            first_with[cell.id] = cell


@check(
    "notebook/kernelspec",
    description="Notebooks name the kernel that ran them (metadata.kernelspec).",
    help="A notebook without a kernelspec does not say which kernel, hence which language and environment, "
    "ran it: Jupyter asks whoever opens it, and tools that execute notebooks (papermill, nbval, CI) guess. "
    "This is reproducibility, not validity: nbformat accepts such a notebook.",
    fix="Open the notebook in Jupyter, select the project's kernel, and save.",
    level="warning",
    kinds=("notebook",),
    area="reproducibility",
    tier="silver",
    params=NO_PARAMS,
    example="notebook/kernelspec: warning",
)
def notebook_kernelspec(artifact: Artifact, params: Mapping[str, Any]) -> Iterator[Violation]:
    notebook: Notebook = artifact.data
    if not isinstance(notebook.metadata.get("kernelspec"), dict):
        yield Violation(
            "no kernelspec in the notebook metadata: nothing says which kernel ran it",
            line=notebook.line_of(("metadata",)),
            key="kernelspec",
        )


@check(
    "notebook/current-format",
    description="Notebooks are saved in the current format (nbformat 4).",
    help="An nbformat 3 notebook (IPython 2 and earlier) is read the way Jupyter reads it, through "
    "nbformat's upgrade, and the other notebook checks see its upgraded cells at their lines in the file. "
    "Saving it once in a current Jupyter writes nbformat 4, which current tools expect.",
    fix="Open the notebook in Jupyter and save it (or: jupyter nbconvert --to notebook --inplace FILE).",
    level="note",
    kinds=("notebook",),
    area="reproducibility",
    tier="gold",
    params=NO_PARAMS,
    example="notebook/current-format: note",
)
def notebook_current_format(artifact: Artifact, params: Mapping[str, Any]) -> Iterator[Violation]:
    notebook: Notebook = artifact.data
    if notebook.upgraded_from is not None:
        yield Violation(
            f"nbformat {notebook.upgraded_from} notebook: read through nbformat's upgrade to version 4",
            line=notebook.line_of(("nbformat",)),
            key="nbformat",
        )


def _schema_problem(notebook: Notebook) -> Violation | None:
    """nbformat's first validation error (as ``nbformat.validate`` raises), at the offending value's line."""
    major, minor = notebook.version
    if "nbformat_minor" in notebook.data and (not isinstance(minor, int) or isinstance(minor, bool)):
        return Violation(
            f"'nbformat_minor' must be an integer, not {_truncate(json.dumps(minor), 40)}",
            line=notebook.line_of(("nbformat_minor",)),
            key="nbformat_minor",
        )
    if nbschema.is_valid(notebook.data):
        return None
    from nbformat.validator import iter_validate

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            error = next(iter_validate(notebook.data), None)
    except RecursionError:
        return Violation("the notebook is nested too deeply to validate", key="schema:depth")
    except (TypeError, KeyError, AttributeError):  # nbformat's wording of a oneOf error trips on odd cells
        error = _plain_schema_error(notebook.data, major, minor)
    if error is None:
        return None
    value_path = tuple(error.absolute_path)
    where = ".".join(str(part) for part in value_path)
    if len(value_path) >= 2 and value_path[0] == "cells" and isinstance(value_path[1], int):
        inside = ".".join(str(part) for part in value_path[2:])
        where = f"cell {value_path[1] + 1}" + (f" ({inside})" if inside else "")
    prefix = f"{where}: " if where else ""
    version = f"{major}.{minor}" if minor is not None else f"{major}"
    return Violation(
        f"not a valid nbformat {version} notebook: {prefix}{_truncate(error.message, 300)}",
        line=notebook.line_of(value_path),
        key=f"schema:{where}:{error.validator}",
    )


def _plain_schema_error(data: Any, major: Any, minor: Any) -> Any:
    """The first error of nbformat's schema, without nbformat's rewording."""
    from nbformat.validator import get_validator

    validator = get_validator(major, minor, name="jsonschema")
    return next(iter(validator.iter_errors(data)), None) if validator is not None else None


_MODE_PARAMS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "mode": {
            "enum": ["executed", "stripped", "any"],
            "default": "any",
            "description": "executed: every code cell has run; stripped: no outputs and no execution counts "
            "(as nbstripout leaves them); any: either, but not half of each.",
        }
    },
}


@check(
    "notebook/execution-state",
    description="Notebooks are committed either fully executed or fully stripped, as the policy wants.",
    help="A half-executed notebook shows outputs that no longer match its code, or hides which cells "
    "ever ran. Teams either commit notebooks executed top to bottom (outputs are the record) or "
    "stripped with nbstripout (outputs stay out of git). 'mode' chooses: 'executed', 'stripped' or 'any' "
    "(either, but not a mix). Empty code cells are ignored. One finding per notebook, at the first "
    "code cell that is not in the expected state.",
    fix="Restart the kernel and run all cells before committing, or strip the notebook (nbstripout).",
    level="warning",
    kinds=("notebook",),
    area="reproducibility",
    tier="silver",
    params=_MODE_PARAMS,
    example="notebook/execution-state:\n  level: warning\n  with: {mode: stripped}",
)
def notebook_execution_state(artifact: Artifact, params: Mapping[str, Any]) -> Iterator[Violation]:
    notebook: Notebook = artifact.data
    mode = params["mode"]
    cells = [cell for cell in notebook.code_cells() if not cell.is_empty]
    not_run = [cell for cell in cells if cell.execution_count is None]
    not_stripped = [cell for cell in cells if cell.execution_count is not None or cell.outputs]
    half = mode == "any"
    if half:
        if not (not_run and not_stripped):
            return
        # a mix: the cells in the minority state are the ones to point at
        mode = "executed" if len(not_run) <= len(cells) - len(not_run) else "stripped"
    if mode == "executed" and not_run:
        first = not_run[0]
        state = f"{len(not_run)} of {len(cells)} code cells have not run"
        wanted = "the notebook is half executed" if half else "mode 'executed' wants every code cell run"
        yield Violation(f"{first.where()}: has not been run ({state}): {wanted}", line=first.line_of(1), key="not-run")
    elif mode == "stripped" and not_stripped:
        first = not_stripped[0]
        state = f"{len(not_stripped)} of {len(cells)} code cells have outputs or an execution count"
        wanted = "the notebook is half stripped" if half else "mode 'stripped' wants no outputs and no counts"
        yield Violation(
            f"{first.where()}: is not stripped ({state}): {wanted}", line=first.line_of(1), key="not-stripped"
        )


@check(
    "notebook/linear-execution",
    description="Execution counts increase in cell order: the notebook ran top to bottom.",
    help="When cells ran out of order, the saved outputs depend on a kernel state that running the "
    "notebook from the top does not reproduce. Execution counts must strictly increase in cell order "
    "(gaps are fine). The finding points at the first cell out of order. Cells that never ran are "
    "notebook/execution-state's concern; stripped notebooks are skipped.",
    fix="Restart the kernel and run all cells, then save.",
    level="warning",
    kinds=("notebook",),
    area="reproducibility",
    tier="silver",
    params=NO_PARAMS,
    example="notebook/linear-execution: warning",
)
def notebook_linear_execution(artifact: Artifact, params: Mapping[str, Any]) -> Iterator[Violation]:
    notebook: Notebook = artifact.data
    previous: tuple[Cell, int] | None = None
    for cell in notebook.code_cells():
        count = cell.execution_count
        if count is None:
            continue
        if previous is not None and count <= previous[1]:
            yield Violation(
                f"{cell.where()}: ran as [{count}] after {previous[0].where()} ran as [{previous[1]}]: "
                "cells ran out of order",
                line=notebook.line_of((*cell.value_path, "execution_count")),
                key=f"out-of-order:{cell.key}",
            )
            return
        previous = (cell, count)


@check(
    "notebook/no-error-outputs",
    description="Notebooks carry no saved error outputs (tracebacks).",
    help="A saved traceback means the notebook was committed with a failing cell: whatever follows it "
    "did not run on this code, or ran on stale state. Each error output is a finding naming the "
    "exception (its value is left out: it may hold data). A cell tagged 'raises-exception' (Jupyter's "
    "standard tag, which nbval honours too) or starting with nbval's '# NBVAL_RAISES_EXCEPTION' comment "
    "fails on purpose: its error is not reported, and the tag on a cell with no error output is a note.",
    fix="Fix the failing cell and rerun the notebook, or clear its outputs.",
    level="error",
    kinds=("notebook",),
    area="reproducibility",
    tier="bronze",
    params=NO_PARAMS,
    example="notebook/no-error-outputs: error",
)
def notebook_no_error_outputs(artifact: Artifact, params: Mapping[str, Any]) -> Iterator[Violation]:
    notebook: Notebook = artifact.data
    for cell in notebook.code_cells():
        errors = [output for output in cell.outputs if output.output_type == "error"]
        if _raises_on_purpose(cell):
            if not errors and cell.execution_count is not None:
                yield Violation(
                    f"{cell.where()} is marked to raise an exception but saved no error output",
                    line=cell.line_of(1),
                    key=f"{cell.key}:raises-exception",
                    level=Level.NOTE,
                )
            continue
        for output in errors:
            ename = output.raw.get("ename")
            name = _truncate(ename, 80) if isinstance(ename, str) and ename else "an exception"
            yield Violation(
                f"{name} in {cell.where()}: the notebook was saved with a failing cell",
                line=notebook.line_of((*output.value_path, "ename")),
                key=f"{cell.key}:{name}",
            )


def _raises_on_purpose(cell: Cell) -> bool:
    return "raises-exception" in cell.tags or cell.source.value.lstrip().startswith("# NBVAL_RAISES_EXCEPTION")


_ABSOLUTE_PATH = re.compile(
    r"""(?<![\w.~-])(?:/(?:home|Users|root)/[^/\s'"]+|/content/(?:drive|gdrive|sample_data)\b|/kaggle/(?:input|working)\b"""
    r"""|/dbfs/|/Volumes/[^/\s'"]+|/Workspace/Users/|[A-Za-z]:[\\/])[^\s'"]*"""
)
"""A user's home (``/home/alice``, ``/Users/bob``, ``/root/...``), a hosted notebook's mount (Colab's
``/content/drive``, Kaggle's ``/kaggle/input``, Databricks' ``/dbfs/``, ``/Volumes/``, ``/Workspace/Users/``)
or a Windows drive (``C:\\...``, ``C:/...``)."""
_PATH_CALLS = frozenset({"join", "Path", "PurePath", "PosixPath", "WindowsPath"})
"""Calls that build a path from pieces: os.path.join("/Users", name), Path("/home", user)."""
_PERSONAL_PATH = re.compile(r"(?:/(?:home|Users)/|[A-Za-z]:\\{1,2}Users\\{1,2})(?P<name>[\w.-]+)[/\\]")
SERVICE_ACCOUNTS = frozenset({"jovyan", "runner", "ubuntu", "ec2-user", "vscode", "codespace", "user", "shared"})
"""Home folders of containers and CI machines: their paths in an output say nothing about a person."""


@check(
    "notebook/no-absolute-paths",
    description="Code cells have no machine-specific absolute paths; outputs show no personal paths.",
    help="A path like '/home/alice/data.csv', '/Users/bob/...', 'C:\\Users\\...' (or 'C:/Users/...'), or a hosted "
    "notebook's mount ('/content/drive/...' on Colab, '/kaggle/input/...', Databricks' '/dbfs/...' and "
    "'/Volumes/...') only exists on one machine or one platform: the notebook fails anywhere else, in CI and "
    "in production. String literals in code cells are checked through Python's AST with IPython magics "
    "neutralised, including f-strings ('f\"/Users/{user}/data\"'), concatenations and the pieces of "
    "os.path.join(...) or Path(...) calls; comments, shell escapes and cells that are not valid Python are "
    "not. With 'outputs' (default true), a personal home path that leaked into a saved output (a traceback "
    "or a warning printing '/home/<name>/...') is a note, once per output: it tells who ran the notebook "
    "where. Container and CI homes (jovyan, runner, ubuntu...) are left alone.",
    fix="Use a path relative to the project, or read the location from configuration or the environment.",
    level="warning",
    kinds=("notebook",),
    area="reproducibility",
    tier="silver",
    params={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "outputs": {
                "type": "boolean",
                "default": True,
                "description": "Also report personal home paths in saved outputs, as notes.",
            }
        },
    },
    example="notebook/no-absolute-paths:\n  level: warning\n  with: {outputs: false}",
)
def notebook_no_absolute_paths(artifact: Artifact, params: Mapping[str, Any]) -> Iterator[Violation]:
    notebook: Notebook = artifact.data
    for code in notebook.code():
        if not _ABSOLUTE_PATH.search(code.text) or code.tree is None:
            continue  # the text search first: most cells have no candidate, and need no AST walk
        for line, path in _absolute_paths(code.tree):
            shown = _truncate(path, 80)
            yield Violation(
                f"{code.cell.where(line)}: absolute path '{shown}' only exists on one machine",
                line=code.line_of(line),
                key=f"{code.cell.key}:{path}",
            )
    if params["outputs"]:
        yield from _personal_paths(notebook)


def _absolute_paths(tree: ast.Module) -> list[tuple[int, str]]:
    """(line, path) of every string-valued expression holding an absolute path, outermost expressions first:
    an f-string or a path call is judged whole, not by its pieces."""
    found: list[tuple[int, int, str]] = []
    inside: set[int] = set()  # pieces of an expression already judged
    for node in ast.walk(tree):
        if id(node) in inside:
            continue
        value = _string_value(node)
        if value is None:
            continue
        if not isinstance(node, ast.Constant):
            inside.update(id(child) for child in ast.walk(node) if child is not node)
        for match in _ABSOLUTE_PATH.finditer(value):
            line = getattr(node, "lineno", 1)
            end_line = getattr(node, "end_lineno", None)
            if isinstance(node, ast.Constant) and end_line is not None and end_line > line:
                line = min(line + value.count("\n", 0, match.start()), end_line)
            found.append((line, getattr(node, "col_offset", 0), match.group(0)))
    return [(line, path) for line, _, path in sorted(found)]


def _string_value(node: ast.AST) -> str | None:
    """The text a string expression builds, with '{}' for what is only known at run time; None otherwise."""
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else None
    if isinstance(node, ast.JoinedStr):
        return "".join(_string_value(part) or "{}" for part in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _string_value(node.left), _string_value(node.right)
        return None if left is None and right is None else (left or "{}") + (right or "{}")
    if isinstance(node, ast.Call) and node.args:
        function = node.func
        name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", None)
        first = _string_value(node.args[0])
        if name in _PATH_CALLS and first is not None and first.startswith("/"):
            return "/".join((_string_value(arg) or "{}").strip("/") or "" for arg in node.args).join(("/", ""))
    return None


def _personal_paths(notebook: Notebook) -> Iterator[Violation]:
    """One note per cell whose saved outputs show a personal home path: enough to say who ran it where."""
    for cell in notebook.code_cells():
        leak = next(
            (
                (output, text, match)
                for output in cell.outputs
                for text in output.texts()
                for match in _PERSONAL_PATH.finditer(text.value)
                if match["name"].lower() not in SERVICE_ACCOUNTS
            ),
            None,
        )
        if leak is not None:
            output, text, match = leak
            yield Violation(
                f"{cell.where()}, output {output.index}: a personal path ('{_truncate(match.group(0), 60)}') "
                "leaked into the saved output",
                line=text.line_at(match.start()),
                key=f"{cell.key}:output-path:{match['name']}",
                level=Level.NOTE,
            )


@check(
    "notebook/imports-first",
    description="Imports sit in the first code cell(s), before any other code.",
    help="Imports scattered through a notebook hide its dependencies and make cells depend on which "
    "cells ran before. Top-level imports belong in the leading code cells: a cell may mix setup (such as "
    "sys.path.insert) with its imports, but once a cell has run other code, imports in later cells are "
    "findings. Docstrings, 'pass' and IPython magics do not count as code; imports inside functions are fine.",
    fix="Move the import into the first code cell.",
    level="note",
    kinds=("notebook",),
    area="code-quality",
    tier="gold",
    params=NO_PARAMS,
    example="notebook/imports-first: note",
)
def notebook_imports_first(artifact: Artifact, params: Mapping[str, Any]) -> Iterator[Violation]:
    notebook: Notebook = artifact.data
    first_code: tuple[Cell, int] | None = None
    for code in notebook.code():
        if first_code is not None and not _TOP_LEVEL_IMPORT.search(code.text):
            continue  # no top-level import (nor try/if around one) can be there: spare the parse
        if code.tree is None:
            if code.text.strip() and first_code is None:
                first_code = (code.cell, 1)
            continue
        other_code: int | None = None  # setup such as sys.path.insert may come before imports in its cell
        for statement in code.tree.body:
            names = _imported(statement)
            if names is None:
                if other_code is None and not _inert(statement):
                    other_code = statement.lineno
            elif first_code is not None:
                cell, line = first_code
                yield Violation(
                    f"{code.cell.where(statement.lineno)}: import of {names} after other code ({cell.where(line)})",
                    line=code.line_of(statement.lineno),
                    key=f"import:{names}",
                )
        if first_code is None and other_code is not None:
            first_code = (code.cell, other_code)


_TOP_LEVEL_IMPORT = re.compile(r"^(?:import|from|try|if)\b|;\s*(?:import|from)\b", re.MULTILINE)
"""Where a top-level import (or the try/if around imports) can start: at the very start of a line, or
after a ';' (``x = 1; import os``)."""


def _imported(statement: ast.stmt) -> str | None:
    """The modules a top-level import statement (or a try/if made only of imports) imports, else None."""
    if isinstance(statement, ast.Import):
        return ", ".join(alias.name for alias in statement.names)
    if isinstance(statement, ast.ImportFrom):
        return "." * statement.level + (statement.module or "")
    if isinstance(statement, (ast.Try, ast.If)) and statement.body:
        inner = [_imported(s) for s in statement.body]
        if all(name is not None for name in inner):
            return ", ".join(name for name in inner if name)
    return None


def _inert(statement: ast.stmt) -> bool:
    """Statements that are not code: ``pass`` (what magics become) and bare strings (docstrings)."""
    return isinstance(statement, ast.Pass) or (
        isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)
    )


_SHELL_ESCAPE = re.compile(r"^\s*+(?:[\w.,][\w.,\s]*+=\s*+)?(!|%(?!%))")
"""A line run by the shell or a line magic: ``!cmd``, ``%pip ...``, ``out = !cmd``."""
_INSTALL = re.compile(r"(?<![\w-])(?P<manager>pip[0-9.]*|conda|mamba|micromamba)\s+install\b")
_SUBPROCESS_INSTALL = re.compile(r"""["']pip[0-9.]*["']\s*,\s*["']install["']""")


@check(
    "notebook/no-pip-install",
    description="Notebooks do not install packages (!pip install, %pip install, !conda install).",
    help="Installing from a notebook makes the environment depend on which cells someone ran, with "
    "whatever versions the index served that day; production cannot reproduce it. Shell escapes "
    "('!pip install', '!python -m pip install'), magics ('%pip', '%conda'), shell cells ('%%bash') and "
    "subprocess calls running 'pip install' are reported.",
    fix="Declare the dependency in requirements.txt, pyproject.toml or environment.yml and remove the install line.",
    level="warning",
    kinds=("notebook",),
    area="reproducibility",
    tier="silver",
    params=NO_PARAMS,
    example="notebook/no-pip-install: warning",
)
def notebook_no_pip_install(artifact: Artifact, params: Mapping[str, Any]) -> Iterator[Violation]:
    notebook: Notebook = artifact.data
    for cell in notebook.code_cells():
        magic = cell_magic(cell.source.value)
        shell_cell = magic in SHELL_CELL_MAGICS
        for number, line in enumerate(cell.lines, start=1):
            command = _install_command(line, f"%%{magic}: " if shell_cell else None)
            if command is not None:
                yield Violation(
                    f"{cell.where(number)}: '{command}' installs packages at run time",
                    line=cell.line_of(number),
                    key=f"{cell.key}:{command}",
                )


def _install_command(line: str, shell_prefix: str | None) -> str | None:
    """How the line installs packages ('!pip install', '%conda install', ...), or None if it does not."""
    escape = _SHELL_ESCAPE.match(line)
    prefix = escape.group(1) if escape else shell_prefix
    match = _INSTALL.search(line) if prefix is not None else None
    if match is not None:
        return f"{prefix}{match.group('manager')} install"
    if _SUBPROCESS_INSTALL.search(line):
        return "subprocess pip install"
    return None


_STRUCTURE_PARAMS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "min_markdown_ratio": {
            "type": "number",
            "minimum": 0,
            "default": 0.2,
            "description": "Least number of non-empty Markdown cells per non-empty code cell (0 turns it off).",
        }
    },
}
_HTML_H1 = re.compile(r"<h1[\s>]", re.IGNORECASE)


@check(
    "notebook/structure",
    description="Notebooks open with a Markdown title and explain their code in Markdown cells.",
    help="A notebook is read more often than it is run: a title (a level-1 Markdown heading, '# ...') in "
    "one of the first three cells says what it is, and Markdown cells between the code say why each "
    "step is there. 'min_markdown_ratio' is the least number of non-empty Markdown cells per "
    "non-empty code cell.",
    fix="Add a '# Title' Markdown cell at the top and short Markdown explanations between code cells.",
    level="note",
    kinds=("notebook",),
    area="documentation",
    tier="gold",
    params=_STRUCTURE_PARAMS,
    example="notebook/structure:\n  level: note\n  with: {min_markdown_ratio: 0.3}",
)
def notebook_structure(artifact: Artifact, params: Mapping[str, Any]) -> Iterator[Violation]:
    notebook: Notebook = artifact.data
    ratio = params["min_markdown_ratio"]
    cells = notebook.cells
    if not any(cell.cell_type == "markdown" and _has_title(cell, notebook.path) for cell in cells[:3]):
        yield Violation(
            "no Markdown title (a level-1 heading '# ...') in the first three cells",
            line=cells[0].line_of(1) if cells else None,
            key="title",
        )
    markdown = sum(1 for cell in cells if cell.cell_type == "markdown" and not cell.is_empty)
    code = sum(1 for cell in notebook.code_cells() if not cell.is_empty)
    if code and markdown / code < ratio:
        yield Violation(
            f"{markdown} Markdown cell(s) for {code} code cells: ratio {markdown / code:.2f} is below "
            f"min_markdown_ratio {ratio}",
            key="markdown-ratio",
        )


def _has_title(cell: Cell, path: str) -> bool:
    text = cell.source.value
    return bool(_HTML_H1.search(text)) or any(h.level == 1 for h in parse_markdown(text, path).headings)


_SIZE_PARAMS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "max_cells": {"type": "integer", "minimum": 1, "default": 50, "description": "Most cells in a notebook."},
        "max_cell_lines": {
            "type": "integer",
            "minimum": 1,
            "default": 40,
            "description": "Most source lines in one code cell.",
        },
        "max_bytes": {
            "type": "integer",
            "minimum": 1,
            "default": 1048576,
            "description": "Largest .ipynb file size, in bytes (default 1 MiB).",
        },
        "max_output_bytes": {
            "type": "integer",
            "minimum": 1,
            "default": 262144,
            "description": "Largest single output (as compact JSON), in bytes (default 256 KiB).",
        },
    },
}


@check(
    "notebook/size",
    description="Notebooks stay small: few cells, short code cells, small file and small outputs.",
    help="Big notebooks are hard to review and diff. Huge outputs (plots, dataframes printed whole) bloat "
    "the repository for ever and can leak data. Limits: 'max_cells' cells, 'max_cell_lines' source "
    "lines per code cell, 'max_bytes' for the file and 'max_output_bytes' for each output, measured as "
    "compact JSON. Each cell or output over a limit is a finding at its line.",
    fix="Split the notebook, move long code into a module, and clear or shrink large outputs.",
    level="warning",
    kinds=("notebook",),
    area="code-quality",
    tier="silver",
    params=_SIZE_PARAMS,
    example="notebook/size:\n  level: warning\n  with: {max_cells: 80, max_output_bytes: 102400}",
)
def notebook_size(artifact: Artifact, params: Mapping[str, Any]) -> Iterator[Violation]:
    notebook: Notebook = artifact.data
    limits = params
    size = len(artifact.source.bytes)
    if size > limits["max_bytes"]:
        yield Violation(f"the notebook is {_size(size)}, more than max_bytes ({limits['max_bytes']})", key="max-bytes")
    cells = notebook.cells
    if len(cells) > limits["max_cells"]:
        yield Violation(
            f"{len(cells)} cells, more than max_cells ({limits['max_cells']}); {cells[limits['max_cells']].where()} "
            "is the first one over",
            line=cells[limits["max_cells"]].line_of(1),
            key="max-cells",
        )
    for cell in notebook.code_cells():
        count = len(cell.lines)
        if count > limits["max_cell_lines"]:
            yield Violation(
                f"{cell.where()}: {count} lines, more than max_cell_lines ({limits['max_cell_lines']})",
                line=cell.line_of(1),
                key=f"cell-lines:{cell.key}",
            )
        if size <= limits["max_output_bytes"]:
            continue  # compact JSON is never larger than the file, so no output can be over
        for output in cell.outputs:
            output_size = len(json.dumps(output.raw, ensure_ascii=False, separators=(",", ":")).encode())
            if output_size > limits["max_output_bytes"]:
                yield Violation(
                    f"{cell.where()}: output {output.index} ({output.output_type or 'unknown type'}) is "
                    f"{_size(output_size)}, more than max_output_bytes ({limits['max_output_bytes']})",
                    line=output.line,
                    key=f"output:{cell.key}:{output.index}",
                )


def _size(size: int) -> str:
    """Bytes, as the parameters count them, and a readable figure for big sizes: '1300000 bytes (1.2 MiB)'."""
    if size < 1024:
        return f"{size} bytes"
    value, unit = (size / 1024, "KiB") if size < 1024 * 1024 else (size / (1024 * 1024), "MiB")
    return f"{size} bytes ({value:.1f} {unit})".replace(".0 ", " ")


@hookimpl
def readycheck_checks() -> list[Check]:
    return [
        notebook_valid,
        notebook_kernelspec,
        notebook_current_format,
        notebook_execution_state,
        notebook_linear_execution,
        notebook_no_error_outputs,
        notebook_no_absolute_paths,
        notebook_imports_first,
        notebook_no_pip_install,
        notebook_structure,
        notebook_size,
    ]
