"""Jupyter notebooks: cells, their source and outputs, each with its line in the raw ``.ipynb`` file.

A notebook is parsed once per run with ``json.loads``; the raw line of a cell, a source line or an
output (what SARIF and GitHub annotations point into) is looked up in the text only when a finding
needs it (:class:`readycheck.structured.JsonLines`). nbformat itself costs ~200 ms to import,
so it is imported only when a check validates a notebook or asks for the nbformat node.

Parsing never raises for a malformed notebook: :class:`Notebook` then carries the ``error`` (message
and line), ``notebook/valid`` reports it once, and the other notebook checks skip the file.
"""

from __future__ import annotations

import ast
import re
from bisect import bisect_right
from collections.abc import Iterator, Mapping
from functools import cached_property
from typing import Any

from readycheck import structured
from readycheck.artifacts import Artifact, ArtifactKind
from readycheck.errors import ParseError
from readycheck.hookspecs import hookimpl
from readycheck.model import Directive
from readycheck.structured import Document, ValuePath
from readycheck.suppress import parse_directive

SUPPORTED_NBFORMAT = 4

PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug"})
"""Cell magics whose body is still Python; any other ``%%magic`` cell (bash, html, writefile...) is not."""

SHELL_CELL_MAGICS = frozenset({"bash", "sh", "script", "system"})
"""Cell magics whose body the shell runs."""

_ASSIGNED_MAGIC = re.compile(r"^\s*+[\w.,\[\]()*][\w.,\s\[\]()*]*+=\s*+[!%]")
"""``files = !ls``, ``out = %sx ls``: IPython assigns a shell or magic result. Possessive quantifiers
keep it linear: the target names cannot contain ``=``, so nothing is lost by never backtracking."""
_HELP = re.compile(r"^\s*(?:\?{1,2}[\w.*]+|[\w.*]+\?{1,2})\s*$")
"""``df?``, ``??np.mean``: IPython's help syntax."""

_TEXTUAL_MIME = re.compile(r"^(?:text/|application/(?:json|javascript|xml|x-latex)$|.*\+(?:json|xml)$)")


class Text:
    """One text field of the notebook (a cell's source, an output's text) and where its pieces are.

    nbformat stores multi-line text as a list of strings, usually one per line and each on its own
    line of the file, or as a single string on one line; ``value`` is the joined text, ``written`` the
    field as written (a string, a list of pieces, or anything else: then ``value`` is empty). Raw
    lines are looked up only when asked for (most text never needs one).

    Text, Output and Cell are plain classes, made by the thousand per notebook: a frozen dataclass
    costs its creation at start-up and a ``object.__setattr__`` per field per instance.
    """

    def __init__(self, value: str, written: Any, value_path: ValuePath, document: Document) -> None:
        self.value = value
        self.written = written
        self.value_path = value_path
        self.document = document

    @cached_property
    def _pieces(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """The start offset in ``value`` of each string piece, and its index in the list."""
        offsets, pieces, position = [], [], 0
        for index, piece in enumerate(self.written):
            if isinstance(piece, str):
                offsets.append(position)
                pieces.append(index)
                position += len(piece)
        return tuple(offsets), tuple(pieces)

    def line_at(self, offset: int) -> int:
        """The raw line of the piece holding character ``offset`` of ``value``."""
        line = self.document.line_of(self.value_path) or 1
        if not isinstance(self.written, list):
            return line
        offsets, pieces = self._pieces
        if not pieces:
            return line
        piece = pieces[max(bisect_right(offsets, offset) - 1, 0)]
        return self.document.lines.get((*self.value_path, piece), line)


def _text(value: Any, value_path: ValuePath, document: Document) -> Text:
    if isinstance(value, str):
        return Text(value, value, value_path, document)
    if not isinstance(value, list):
        return Text("", value, value_path, document)
    try:
        joined = "".join(value)
    except TypeError:  # invalid (notebook/valid says so), but must not hide the strings around it
        joined = "".join(piece for piece in value if isinstance(piece, str))
    return Text(joined, value, value_path, document)


class Output:
    """A code cell's output; ``index`` is 1-based within its cell, ``line`` is the raw line of its ``{``."""

    def __init__(
        self, index: int, output_type: str, raw: Mapping[str, Any], value_path: ValuePath, document: Document
    ) -> None:
        self.index = index
        self.output_type = output_type
        self.raw = raw
        self.value_path = value_path
        self.document = document

    @property
    def line(self) -> int:
        return self.document.line_of(self.value_path) or 1

    def texts(self) -> tuple[Text, ...]:
        """Every human-readable string of the output with its lines; binary payloads (images) are left out."""
        return self._texts

    @cached_property
    def _texts(self) -> tuple[Text, ...]:  # read by several checks (secrets, personal paths)
        return tuple(_strings(self.raw, self.value_path, self.document))


def _strings(value: Any, value_path: ValuePath, document: Document) -> Iterator[Text]:
    if isinstance(value, str) or (isinstance(value, list) and value and _joinable(value_path)):
        text = _text(value, value_path, document)
        if text.value:
            yield text
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*value_path, index), document)
    elif isinstance(value, dict):
        in_bundle = bool(value_path) and value_path[-1] == "data"
        for key, item in value.items():
            if not (in_bundle and not _TEXTUAL_MIME.match(key)):
                yield from _strings(item, (*value_path, key), document)


def _joinable(value_path: ValuePath) -> bool:
    """Lists nbformat splits into lines (stream text, mime bundle entries), as opposed to tracebacks."""
    return value_path[-1] == "text" or (len(value_path) > 1 and value_path[-2] == "data")


class Cell:
    """One cell: ``index`` is its 1-based number, as messages show it; ``line`` the raw line of its ``{``."""

    def __init__(
        self,
        index: int,
        cell_type: str,
        id: str | None,
        source: Text,
        execution_count: int | None,
        outputs: tuple[Output, ...],
        value_path: ValuePath,
        document: Document,
        metadata: Mapping[str, Any],
    ) -> None:
        self.index = index
        self.cell_type = cell_type
        self.id = id
        self.source = source
        self.execution_count = execution_count
        self.outputs = outputs
        self.value_path = value_path
        self.document = document
        self.metadata = metadata

    @property
    def line(self) -> int:
        return self.document.line_of(self.value_path) or 1

    @property
    def tags(self) -> tuple[str, ...]:
        tags = self.metadata.get("tags")
        return tuple(tag for tag in tags if isinstance(tag, str)) if isinstance(tags, list) else ()

    @cached_property
    def _line_starts(self) -> tuple[int, ...]:
        text = self.source.value
        starts = [0] if text else []
        starts.extend(match.end() for match in re.finditer("\n", text) if match.end() < len(text))
        return tuple(starts)

    @property
    def lines(self) -> list[str]:
        """The source lines (split on newlines only, as Python counts lines)."""
        text = self.source.value
        if not text:
            return []
        return (text[:-1] if text.endswith("\n") else text).split("\n")

    def line_of(self, source_line: int) -> int:
        """The raw line of 1-based ``source_line`` of this cell (the cell's line when out of range)."""
        starts = self._line_starts
        if 1 <= source_line <= len(starts):
            return self.source.line_at(starts[source_line - 1])
        return self.line

    def source_line_at(self, offset: int) -> int:
        """The 1-based source line holding character ``offset`` of the source."""
        return self.source.value.count("\n", 0, offset) + 1

    def where(self, source_line: int | None = None) -> str:
        """How messages name the cell: ``cell 4`` or ``cell 4, line 2``."""
        return f"cell {self.index}" if source_line is None else f"cell {self.index}, line {source_line}"

    @property
    def key(self) -> str:
        """An identity that survives edits elsewhere: the cell id (nbformat >= 4.5), else its number."""
        return self.id or f"#{self.index}"

    @property
    def is_empty(self) -> bool:
        return not self.source.value.strip()


class CodeCell:
    """A code cell's source as Python: magics, shell escapes and help lines are neutralised with line
    numbers kept, so ``ast`` (and radon) can read it; ``line_of`` maps its lines to the raw file."""

    def __init__(self, cell: Cell) -> None:
        self.cell = cell
        self.text = neutralise(cell.source.value)

    def line_of(self, source_line: int) -> int:
        return self.cell.line_of(source_line)

    @cached_property
    def tree(self) -> ast.Module | None:
        """The parsed cell, or None when it is not valid Python even with magics neutralised."""
        try:
            return ast.parse(self.text)
        except (SyntaxError, ValueError, RecursionError):
            return None


def neutralise(source: str) -> str:
    """IPython-only lines become ``pass`` (continuations become blank): same line count, parseable.

    A cell magic other than the timing/capture ones makes the whole cell another language, so it is
    blanked. Lines inside multi-line strings that happen to start with ``!`` or ``%`` are neutralised
    too; AST checks lose that text, which is rare and harmless.
    """
    lines = source.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None and lines[first].lstrip().startswith("%%"):
        if cell_magic(source) not in PYTHON_CELL_MAGICS:
            return "\n".join("" for _ in lines)
        lines[first] = ""
    continuation = False
    for index, line in enumerate(lines):
        stripped = line.lstrip()
        if continuation:
            lines[index] = ""
        elif stripped.startswith(("%", "!")) or _ASSIGNED_MAGIC.match(line) or _HELP.match(line):
            lines[index] = line[: len(line) - len(stripped)] + "pass"
        else:
            continue
        continuation = line.rstrip().endswith("\\")
    return "\n".join(lines)


def cell_magic(source: str) -> str | None:
    """The name of the cell magic (``bash`` for ``%%bash``) when the cell starts with one."""
    stripped = source.lstrip()
    if not stripped.startswith("%%"):
        return None
    words = stripped[2:].split(None, 1)
    return words[0] if words else ""


class Notebook:
    """A notebook as checks see it. ``error`` is set when it cannot be read as an nbformat 4 notebook;
    ``cells`` is then empty and ``data`` is whatever JSON was read (or None)."""

    def __init__(
        self,
        path: str,
        data: Any,
        document: Document,
        cells: tuple[Cell, ...],
        error: ParseError | None = None,
        upgraded_from: int | None = None,
    ) -> None:
        self.path = path
        self.data = data
        """The JSON as written (an nbformat 3 notebook stays in its own format here)."""
        self.document = document
        self.cells = cells
        self.error = error
        self.upgraded_from = upgraded_from
        """The nbformat major version the cells were upgraded from (3), or None for an nbformat 4 file."""

    @property
    def metadata(self) -> Mapping[str, Any]:
        metadata = self.data.get("metadata") if isinstance(self.data, dict) else None
        return metadata if isinstance(metadata, dict) else {}

    @property
    def version(self) -> tuple[Any, Any]:
        data = self.data if isinstance(self.data, dict) else {}
        return data.get("nbformat"), data.get("nbformat_minor")

    @property
    def language(self) -> str | None:
        """The kernel's language, lowercase, from ``language_info`` or the kernelspec; None when unknown."""
        for section, key in (("language_info", "name"), ("kernelspec", "language")):
            value = self.metadata.get(section)
            if isinstance(value, dict) and isinstance(value.get(key), str):
                return value[key].lower()
        return None

    def line_of(self, value_path: ValuePath) -> int | None:
        return self.document.line_of(value_path)

    def code_cells(self) -> Iterator[Cell]:
        return (cell for cell in self.cells if cell.cell_type == "code")

    def code(self) -> tuple[CodeCell, ...]:
        """The Python code cells, magics neutralised, for AST-based checks; none for other languages."""
        return self._code

    @cached_property
    def _code(self) -> tuple[CodeCell, ...]:
        if self.language not in (None, "python", "python3", "ipython", "ipython3"):
            return ()
        return tuple(CodeCell(cell) for cell in self.code_cells())

    def __repr__(self) -> str:
        return f"Notebook({self.path!r}, {len(self.cells)} cells{', unreadable' if self.error else ''})"


def parse_notebook(text: str, path: str) -> Notebook:
    """Read a notebook's JSON text; never raises: a malformed notebook comes back with ``error`` set."""
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        document = structured.load_json(text, path)
    except ParseError as error:
        return Notebook(path, None, Document(None), (), error)
    data = document.data
    if isinstance(data, dict) and data.get("nbformat") == 3:
        return _upgraded(path, data, document)
    problem = _structure_problem(data)
    if problem is not None:
        message, value_path = problem
        return Notebook(path, data, document, (), ParseError(message, path, document.line_of(value_path) or 1))
    cells = tuple(_cell(raw, index, document, ("cells", index)) for index, raw in enumerate(data["cells"]))
    return Notebook(path, data, document, cells)


def _upgraded(path: str, data: dict[str, Any], document: Document) -> Notebook:
    """An nbformat 3 notebook read as Jupyter reads it, through nbformat's upgrade to version 4, with every
    cell and output still pointing at its line in the file as written."""
    import copy
    import warnings

    from nbformat import v4
    from nbformat.v3.nbjson import JSONReader

    worksheets = data.get("worksheets")
    places: list[ValuePath] = []  # where each upgraded cell was written: worksheets[w].cells[i]
    for sheet_index, sheet in enumerate(worksheets if isinstance(worksheets, list) else []):
        cells = sheet.get("cells") if isinstance(sheet, dict) else None
        places += [("worksheets", sheet_index, "cells", index) for index in range(len(cells or []))]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            node = JSONReader().to_notebook(copy.deepcopy(data))  # as nbformat reads it: sources joined
            upgraded = v4.upgrade(node, from_version=3, from_minor=data.get("nbformat_minor"))
    except (AttributeError, KeyError) as error:  # nbformat's upgrade assumes the keys it needs are there
        problem = f"cannot read this nbformat 3 notebook: it has no {str(error.args[0])[:80]!r}, which nbformat needs"
        return Notebook(path, data, document, (), ParseError(problem, path, document.line_of(("nbformat",)) or 1))
    except Exception as error:  # anything else nbformat's upgrade trips on
        problem = f"cannot upgrade this nbformat 3 notebook: {type(error).__name__}: {str(error)[:200]}"
        return Notebook(path, data, document, (), ParseError(problem, path, document.line_of(("nbformat",)) or 1))
    raw_cells = upgraded.get("cells") or []
    if len(raw_cells) != len(places) or not all(isinstance(cell, dict) for cell in raw_cells):
        problem = "cannot read this nbformat 3 notebook: its worksheets do not hold a list of cells"
        return Notebook(path, data, document, (), ParseError(problem, path, document.line_of(("worksheets",)) or 1))
    for raw in raw_cells:
        raw.pop("id", None)  # random ids nbformat's upgrade invents: keys and fingerprints must not change per run
    cells = tuple(_cell(raw, index, document, places[index]) for index, raw in enumerate(raw_cells))
    return Notebook(path, data, document, cells, upgraded_from=3)


def _structure_problem(data: Any) -> tuple[str, ValuePath] | None:
    """What makes the JSON unusable as an nbformat 4 notebook (finer problems are the validator's)."""
    if not isinstance(data, dict):
        return f"not a notebook: the JSON is {type(data).__name__ if data is not None else 'null'}, not an object", ()
    version = data.get("nbformat")
    if "nbformat" not in data:
        return "not a notebook: no 'nbformat' version field", ()
    if version != SUPPORTED_NBFORMAT:
        return (
            f"nbformat {version!r} notebooks are not supported; expected {SUPPORTED_NBFORMAT} "
            "(open and save it in a current Jupyter to upgrade it)",
            ("nbformat",),
        )
    cells = data.get("cells")
    if not isinstance(cells, list):
        return "not a notebook: 'cells' is missing or not a list", (("cells",) if "cells" in data else ())
    for index, cell in enumerate(cells):
        if not isinstance(cell, dict):
            return f"cell {index + 1} is not a JSON object", ("cells", index)
    return None


def _cell(raw: dict[str, Any], position: int, document: Document, value_path: ValuePath) -> Cell:
    """A cell from its nbformat 4 form ``raw``; ``value_path`` is where it is written in the file (which
    differs from ``raw`` for an upgraded nbformat 3 notebook: 'input' for a code cell's source)."""
    declared = raw.get("cell_type")
    cell_type: str = declared if isinstance(declared, str) else ""
    count = raw.get("execution_count")
    outputs: list[Output] = []
    raw_outputs = raw.get("outputs") if cell_type == "code" else None
    if isinstance(raw_outputs, list):
        for index, output in enumerate(raw_outputs):
            if isinstance(output, dict):
                output_path = (*value_path, "outputs", index)
                output_type = output.get("output_type")
                outputs.append(
                    Output(
                        index=index + 1,
                        output_type=output_type if isinstance(output_type, str) else "",
                        raw=output,
                        value_path=output_path,
                        document=document,
                    )
                )
    source_key = "input" if value_path[0] == "worksheets" and cell_type == "code" else "source"
    source = raw.get("source", "")
    if value_path[0] == "worksheets" and isinstance(source, str):  # upgraded: the source as written, for its lines
        written = _written(document, (*value_path, source_key))
        text = _text(written if "".join(written or []) == source else source, (*value_path, source_key), document)
    else:
        text = _text(source, (*value_path, source_key), document)
    metadata = raw.get("metadata")
    return Cell(
        index=position + 1,
        cell_type=cell_type,
        id=raw["id"] if isinstance(raw.get("id"), str) else None,
        source=text,
        execution_count=count if isinstance(count, int) and not isinstance(count, bool) else None,
        outputs=tuple(outputs),
        value_path=value_path,
        document=document,
        metadata=metadata if isinstance(metadata, dict) else {},
    )


def _written(document: Document, value_path: ValuePath) -> list[str] | None:
    """The list of strings at ``value_path`` of the file as written, if that is what is there."""
    value: Any = document.data
    for key in value_path:
        if isinstance(key, int):
            value = value[key] if isinstance(value, list) and 0 <= key < len(value) else None
        else:
            value = value.get(key) if isinstance(value, dict) else None
    return value if isinstance(value, list) and all(isinstance(piece, str) for piece in value) else None


def _parse(artifact: Artifact) -> Notebook:
    """A notebook that cannot be read is a ParseError, which the engine reports once as
    readycheck/parse-error (checks that can still use the raw text, like the secret scan, do)."""
    notebook = parse_notebook(artifact.text, artifact.path)
    if notebook.error is not None:
        raise notebook.error
    return notebook


def _directives(artifact: Artifact) -> list[Directive]:
    """Suppressions a notebook's author wrote, and nothing its outputs say: comments in code cells
    (``# readycheck: ignore[...]``, covering that source line and the next), HTML comments in Markdown
    cells, and ``{"readycheck": {"ignore": [rule ids], "reason": "..."}}`` in the notebook's metadata
    (the whole file) or in a cell's metadata (that cell's lines)."""

    if not artifact.parses():
        return []
    notebook: Notebook = artifact.data
    found = [directive for cell in notebook.cells for directive in _comment_directives(cell)]
    settings = _ignore_settings(notebook.metadata)
    if settings is not None:
        found.append(Directive(notebook.line_of(("metadata",)) or 1, *settings, end_line=None))
    for position, cell in enumerate(notebook.cells):
        settings = _ignore_settings(cell.metadata)
        if settings is not None:
            last = (
                notebook.cells[position + 1].line - 1
                if position + 1 < len(notebook.cells)
                else len(artifact.source.lines)
            )
            found.append(Directive(cell.line, *settings, end_line=last))
    return found


def _comment_directives(cell: Cell) -> Iterator[Directive]:
    if cell.cell_type not in ("code", "markdown") or "readycheck:" not in cell.source.value:
        return
    lines = cell.lines
    for number, text in enumerate(lines, start=1):
        parsed = parse_directive(text) if "readycheck:" in text else None
        if parsed is None or (cell.cell_type == "markdown" and "<!--" not in text):
            continue
        below = cell.line_of(number + 1) if number < len(lines) else cell.line_of(number)
        yield Directive(cell.line_of(number), *parsed, end_line=below)


def _ignore_settings(metadata: Mapping[str, Any]) -> tuple[tuple[str, ...], str] | None:
    settings = metadata.get("readycheck")
    if not isinstance(settings, dict) or not isinstance(settings.get("ignore"), list):
        return None
    rules = tuple(rule for rule in settings["ignore"] if isinstance(rule, str))
    reason = settings.get("reason")
    return rules, reason if isinstance(reason, str) else "notebook metadata"


KINDS = [
    ArtifactKind(
        "notebook",
        ("**/*.ipynb",),
        "Jupyter notebooks (nbformat 4, and 3 through nbformat's upgrade): cells, sources and outputs with their "
        "lines in the .ipynb file.",
        _parse,
        _directives,
    )
]


@hookimpl
def readycheck_artifact_kinds() -> list[ArtifactKind]:
    return KINDS
