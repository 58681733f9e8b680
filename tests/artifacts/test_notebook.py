import ast
import json

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from tests.conftest import findings_of, run_json

from readycheck.artifacts.notebook import Notebook, neutralise, parse_notebook
from readycheck.plugins import load_registry

KERNEL = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}


def written_by_nbformat() -> str:
    nb = new_notebook(metadata=KERNEL)
    nb.cells = [
        new_markdown_cell("# Title\n\nSome *text*."),
        new_code_cell(
            'import os\n\nprint("a \\"quoted\\" line")\nx = 1',
            execution_count=1,
            outputs=[
                new_output("stream", name="stdout", text="first\nsecond\n"),
                new_output("execute_result", data={"text/plain": "1", "image/png": "iVBORw0KGgo="}, execution_count=1),
            ],
        ),
        new_code_cell(""),
    ]
    return nbformat.writes(nb)


def raw_line(text: str, line: int) -> str:
    return text.split("\n")[line - 1]


def test_every_source_line_maps_to_its_line_in_an_nbformat_file() -> None:
    text = written_by_nbformat()
    notebook = parse_notebook(text, "n.ipynb")
    assert notebook.error is None
    assert [(c.index, c.cell_type) for c in notebook.cells] == [(1, "markdown"), (2, "code"), (3, "code")]
    checked = 0
    for cell in notebook.cells:
        assert raw_line(text, cell.line).strip() == "{"
        assert '"cell_type"' in raw_line(text, cell.line + 1)
        for number, source in enumerate(cell.lines, start=1):
            assert json.dumps(source)[1:-1] in raw_line(text, cell.line_of(number))
            checked += 1
    assert checked == 7
    assert notebook.cells[1].lines[2] == 'print("a \\"quoted\\" line")'
    assert notebook.cells[2].lines == []


def test_out_of_range_source_lines_fall_back_to_the_cell_line() -> None:
    cell = parse_notebook(written_by_nbformat(), "n.ipynb").cells[1]
    assert cell.line_of(0) == cell.line_of(99) == cell.line


def test_hand_written_notebook_with_other_indentation_and_single_string_sources() -> None:
    data = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": KERNEL,
        "cells": [
            {"cell_type": "markdown", "id": "a", "metadata": {}, "source": "# Title\nline two"},
            {
                "cell_type": "code",
                "id": "b",
                "metadata": {},
                "execution_count": None,
                "outputs": [],
                "source": "x = 1\ny = 2\nz = 3",
            },
        ],
    }
    text = json.dumps(data, indent=4)
    notebook = parse_notebook(text, "n.ipynb")
    source_line = next(n for n, line in enumerate(text.split("\n"), 1) if '"source": "x = 1' in line)
    code = notebook.cells[1]
    assert [code.line_of(n) for n in (1, 2, 3)] == [source_line] * 3
    assert code.lines == ["x = 1", "y = 2", "z = 3"]
    assert raw_line(text, code.line).strip() == "{"
    assert code.index == 2 and code.id == "b" and code.key == "b"


def test_compact_notebook_on_one_line_maps_everything_to_line_one() -> None:
    nb = new_notebook(metadata=KERNEL)
    nb.cells = [new_code_cell("a = 1\nb = 2")]
    text = json.dumps(nbformat.v4.nbjson.split_lines(nb))
    cell = parse_notebook(text, "n.ipynb").cells[0]
    assert "\n" not in text
    assert (cell.line, cell.line_of(1), cell.line_of(2)) == (1, 1, 1)


def test_source_pieces_that_do_not_follow_lines() -> None:
    """nbformat splits on newlines, but hand-written files may not: lines are found by their start."""
    source = ["a = 1; ", "b = 2\nc = 3\n", "\n", "d = 4"]
    text = json.dumps(
        {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "code", "source": source}]},
        indent=2,
    )
    cell = parse_notebook(text, "n.ipynb").cells[0]
    piece_line = {
        piece: n for n, line in enumerate(text.split("\n"), 1) for piece in source if json.dumps(piece) in line
    }
    assert cell.lines == ["a = 1; b = 2", "c = 3", "", "d = 4"]
    assert [cell.line_of(n) for n in (1, 2, 3, 4)] == [
        piece_line["a = 1; "],
        piece_line["b = 2\nc = 3\n"],
        piece_line["\n"],
        piece_line["d = 4"],
    ]
    assert cell.source_line_at(cell.source.value.index("d")) == 4


def test_crlf_line_endings() -> None:
    text = written_by_nbformat()
    crlf = parse_notebook(text.replace("\n", "\r\n"), "n.ipynb")
    lf = parse_notebook(text, "n.ipynb")
    assert [c.line_of(3) for c in crlf.cells] == [c.line_of(3) for c in lf.cells]


def test_outputs_carry_their_lines_and_only_textual_payloads() -> None:
    text = written_by_nbformat()
    cell = parse_notebook(text, "n.ipynb").cells[1]
    stream, result = cell.outputs
    assert (stream.index, stream.output_type, result.index, result.output_type) == (
        1,
        "stream",
        2,
        "execute_result",
    )
    assert raw_line(text, stream.line).strip() == "{"
    texts = {t.value: t for t in stream.texts()}
    joined = texts["first\nsecond\n"]
    assert '"first\\n"' in raw_line(text, joined.line_at(0))
    assert '"second\\n"' in raw_line(text, joined.line_at(joined.value.index("second")))
    values = [t.value for t in result.texts()]
    assert "1" in values
    assert "iVBORw0KGgo=" not in values


def test_magics_and_shell_escapes_are_neutralised_keeping_line_numbers() -> None:
    source = "\n".join(
        [
            "%matplotlib inline",
            "import os",
            "files = !ls -la",
            "for name in files:",
            "    !echo {name} \\",
            "        --flag",
            "    print(name)",
            "os.path?",
            "??os.getcwd",
            "x = 10 % 3",
            "y = x != 1",
        ]
    )
    code = neutralise(source)
    lines = code.split("\n")
    assert len(lines) == 11
    assert lines[0] == "pass" and lines[2] == "pass" and lines[4] == "    pass" and lines[5] == ""
    assert lines[7] == "pass" and lines[8] == "pass"
    assert lines[1] == "import os" and lines[6] == "    print(name)"
    assert lines[9:] == ["x = 10 % 3", "y = x != 1"]
    tree = ast.parse(code)
    assert [node.lineno for node in tree.body if isinstance(node, ast.Import)] == [2]


@pytest.mark.parametrize(
    ("source", "kept"),
    [
        ("%%time\nimport os\nx = 1", ["", "import os", "x = 1"]),
        ("%%capture out\n!pip install x\ny = 2", ["", "pass", "y = 2"]),
        ("%%bash\nls /home\necho hi", ["", "", ""]),
        ("%%writefile app.py\nimport os\n", ["", "", ""]),
    ],
)
def test_cell_magics(source: str, kept: list[str]) -> None:
    assert neutralise(source).split("\n") == kept


def test_code_gives_parseable_cells_with_the_line_map() -> None:
    nb = new_notebook(metadata=KERNEL)
    nb.cells = [new_markdown_cell("# T"), new_code_cell("%load_ext autoreload\nimport os\n!ls"), new_code_cell("def (")]
    text = nbformat.writes(nb)
    notebook = parse_notebook(text, "n.ipynb")
    first, broken = notebook.code()
    assert first.tree is not None and broken.tree is None
    assert first.cell.index == 2
    assert '"import os\\n"' in raw_line(text, first.line_of(2))
    assert notebook.code() is notebook.code()  # computed once, shared by every check


def test_code_is_empty_for_other_languages() -> None:
    nb = new_notebook(metadata={"kernelspec": {"name": "ir", "display_name": "R", "language": "R"}})
    nb.cells = [new_code_cell("library(dplyr)")]
    notebook = parse_notebook(nbformat.writes(nb), "n.ipynb")
    assert notebook.language == "r"
    assert notebook.code() == ()
    assert len(list(notebook.code_cells())) == 1


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("", "JSON syntax error", 1),
        ('{\n "cells": [\n<<<<<<< HEAD\n', "JSON syntax error", 3),
        ("[1, 2]", "not a notebook: the JSON is list", 1),
        ("null", "not a notebook: the JSON is null", 1),
        ('{\n "cells": []\n}', "no 'nbformat' version field", 1),
        ('{\n "metadata": {},\n "nbformat": 2,\n "worksheets": []\n}', "nbformat 2 notebooks are not supported", 3),
        ('{\n "nbformat": 4,\n "cells": {}\n}', "'cells' is missing or not a list", 3),
        ('{\n "nbformat": 4,\n "cells": [\n  {},\n  7\n ]\n}', "cell 2 is not a JSON object", 5),
    ],
)
def test_unreadable_notebooks_carry_the_error_instead_of_raising(text: str, message: str, line: int) -> None:
    notebook = parse_notebook(text, "bad.ipynb")
    assert isinstance(notebook, Notebook)
    assert notebook.error is not None
    assert message in notebook.error.message
    assert notebook.error.line == line
    assert notebook.cells == ()
    assert notebook.code() == ()


def test_odd_but_readable_values_do_not_break_the_cell_api() -> None:
    text = json.dumps(
        {
            "nbformat": 4,
            "nbformat_minor": 5,
            "metadata": [],
            "cells": [
                {"cell_type": "code", "source": 5, "outputs": "none", "execution_count": "3"},
                {"source": ["a", 1]},
                {"cell_type": "code", "source": "x", "outputs": [7, {"output_type": 3}], "execution_count": True},
            ],
        }
    )
    notebook = parse_notebook(text, "odd.ipynb")
    assert notebook.error is None
    assert notebook.metadata == {}
    first, second, third = notebook.cells
    assert (first.source.value, first.outputs, first.execution_count) == ("", (), None)
    assert (second.cell_type, second.source.value) == ("", "a")  # the invalid piece hides nothing else
    assert [o.output_type for o in third.outputs] == [""]
    assert third.execution_count is None


def test_the_notebook_kind_is_registered_with_its_default_glob() -> None:
    kind = load_registry().kinds["notebook"]
    assert kind.patterns == ("**/*.ipynb",)
    assert kind.parse is not None


def _error_notebook() -> str:
    nb = new_notebook(metadata=KERNEL)
    nb.cells = [
        new_code_cell("1/0", execution_count=1, outputs=[new_output("error", ename="E", evalue="", traceback=[])])
    ]
    return nbformat.writes(nb)


def test_checkpoints_are_never_scanned_and_the_glob_is_configurable(project) -> None:
    policy = "readycheck: 1\nrules:\n  notebook/no-error-outputs: error\n"
    root = project(
        {
            "policy.yaml": policy,
            "top.ipynb": _error_notebook(),
            "notebooks/a.ipynb": _error_notebook(),
            "notebooks/.ipynb_checkpoints/a-checkpoint.ipynb": _error_notebook(),
        }
    )
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    assert sorted(f["path"] for f in findings_of(report, "notebook/no-error-outputs")) == [
        "notebooks/a.ipynb",
        "top.ipynb",
    ]
    (root / "readycheck.yaml").write_text('artifacts:\n  notebook: ["notebooks/*.ipynb"]\n')
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    assert [f["path"] for f in findings_of(report, "notebook/no-error-outputs")] == ["notebooks/a.ipynb"]
