import builtins
import io
import json
from collections import Counter
from pathlib import Path
from typing import Any

import nbformat
import pytest
from tests.checks.conftest import cell_lines, code, error, line_of, markdown, notebook, source_line, stream
from tests.conftest import policy_with, run, run_json

from readycheck import discovery, engine
from readycheck.artifacts import notebook as notebook_artifact
from readycheck.plugins import load_registry
from readycheck.policy.loader import bind_rules, load_policies

NOTEBOOK_RULES = """\
notebook/valid: error
notebook/execution-state: warning
notebook/linear-execution: warning
notebook/no-error-outputs: error
notebook/no-absolute-paths: warning
notebook/imports-first: note
notebook/no-pip-install: warning
notebook/structure: note
notebook/size: warning
security/hardcoded-secrets: error
"""


def found(findings: list[dict[str, Any]], rule_id: str, path: str | None = None) -> list[tuple[Any, ...]]:
    return [
        (f["path"], f["level"], f["line"], f["message"])
        for f in findings
        if f["rule_id"] == rule_id and (path is None or f["path"] == path)
    ]


# notebook/valid


def test_valid_reports_schema_invalid_notebooks_and_an_unreadable_one_is_a_parse_error(project) -> None:
    good = notebook(markdown("# T"), code("x = 1", 1))
    lines = good.split("\n")
    conflict = "\n".join([*lines[:5], "<<<<<<< HEAD", *lines[5:]])
    no_outputs = json.loads(notebook(markdown("# T"), code("x = 1", 1)))
    del no_outputs["cells"][1]["outputs"]
    no_outputs_text = json.dumps(no_outputs, indent=1)
    failing = notebook(markdown("# T"), code("1/0", 1, [error("ZeroDivisionError")]))
    files = {"good.ipynb": good, "conflict.ipynb": conflict, "schema.ipynb": no_outputs_text, "z.ipynb": failing}
    root = project({**files, **policy_with(NOTEBOOK_RULES)})
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    findings = report["findings"]
    assert found(findings, "notebook/valid") == [
        (
            "schema.ipynb",
            "error",
            cell_lines(no_outputs_text)[1],
            "not a valid nbformat 4.5 notebook: cell 2: 'outputs' is a required property",
        ),
    ]
    # the unreadable notebook is one readycheck/parse-error at the conflict's line; no notebook rule runs on it
    assert [(f["rule_id"], f["line"]) for f in findings if f["path"] == "conflict.ipynb"] == [
        ("readycheck/parse-error", 6)
    ]
    assert found(findings, "notebook/no-error-outputs") == [
        (
            "z.ipynb",
            "error",
            line_of(failing, '"ename": "ZeroDivisionError"'),
            "ZeroDivisionError in cell 2: the notebook was saved with a failing cell",
        )
    ]


def test_valid_names_the_offending_value_and_kernelspec_is_its_own_rule(check_rules) -> None:
    no_kernel = notebook(markdown("# T"), code("x = 1", 1), metadata={})
    bad_kernel_data = json.loads(notebook(markdown("# T")))
    bad_kernel_data["metadata"]["kernelspec"] = {"name": "python3"}  # nbformat would refuse to write it
    bad_kernel = json.dumps(bad_kernel_data, indent=1)
    findings = check_rules(
        {"a.ipynb": no_kernel, "b.ipynb": bad_kernel}, "notebook/valid: error\nnotebook/kernelspec: warning\n"
    )
    metadata_line = [n for n, line in enumerate(no_kernel.split("\n"), 1) if line.startswith(' "metadata"')]
    assert found(findings, "notebook/valid") == [
        (
            "b.ipynb",
            "error",
            line_of(bad_kernel, '"kernelspec"'),
            "not a valid nbformat 4.5 notebook: metadata.kernelspec: 'display_name' is a required property",
        ),
    ]
    assert found(findings, "notebook/kernelspec") == [
        (
            "a.ipynb",
            "warning",
            metadata_line[0],
            "no kernelspec in the notebook metadata: nothing says which kernel ran it",
        )
    ]


def nbformat3_notebook() -> str:
    """An nbformat 3 notebook, as nbformat's own v3 writer writes it."""
    from nbformat import v3

    cells = [
        v3.new_heading_cell("Old analysis", level=1),
        v3.new_code_cell(
            input='import pandas as pd\ndf = pd.read_csv("/Users/alice/data.csv")\n1/0',
            prompt_number=1,
            outputs=[v3.new_output("pyerr", ename="ZeroDivisionError", evalue="division by zero", traceback=["tb"])],
        ),
        v3.new_text_cell("markdown", source="Notes on the result."),
    ]
    return nbformat.writes(v3.new_notebook(name="old", worksheets=[v3.new_worksheet(cells=cells)]), version=3)


def test_an_nbformat3_notebook_is_read_through_the_upgrade_at_its_own_lines(check_rules) -> None:
    text = nbformat3_notebook()
    rules = NOTEBOOK_RULES + "notebook/current-format: note\nnotebook/kernelspec: warning\n"
    findings = check_rules({"old.ipynb": text}, rules)
    by_rule = {f["rule_id"]: (f["line"], f["message"]) for f in findings}
    assert by_rule["notebook/current-format"] == (
        line_of(text, '"nbformat": 3'),
        "nbformat 3 notebook: read through nbformat's upgrade to version 4",
    )
    assert by_rule["notebook/no-error-outputs"] == (
        line_of(text, '"ename": "ZeroDivisionError"'),
        "ZeroDivisionError in cell 2: the notebook was saved with a failing cell",
    )
    assert by_rule["notebook/no-absolute-paths"] == (
        line_of(text, "/Users/alice/data.csv"),
        "cell 2, line 2: absolute path '/Users/alice/data.csv' only exists on one machine",
    )
    assert "notebook/valid" not in by_rule and "notebook/kernelspec" in by_rule
    assert "notebook/structure" not in by_rule  # the heading cell became a '# Old analysis' title


def test_an_upgraded_nbformat3_notebook_has_the_same_fingerprints_every_run(check_rules) -> None:
    """nbformat's upgrade invents random cell ids; keys built from them would change every run."""
    from nbformat import v3

    from readycheck.artifacts.notebook import parse_notebook

    cells = [v3.new_code_cell(input="x = 1", prompt_number=3), v3.new_code_cell(input="y = 2", prompt_number=2)]
    text = nbformat.writes(v3.new_notebook(worksheets=[v3.new_worksheet(cells=cells)]), version=3)
    assert [cell.key for cell in parse_notebook(text, "old.ipynb").cells] == ["#1", "#2"]
    runs = [check_rules({"old.ipynb": text}, "notebook/linear-execution: error\n") for _ in range(2)]
    assert runs[0] == runs[1] and runs[0][0]["message"].endswith("cells ran out of order")


def test_duplicate_cell_ids_are_reported_where_the_second_is(check_rules) -> None:
    data = json.loads(notebook(markdown("# T"), code("x = 1", 1), code("y = 2", 2)))
    data["cells"][2]["id"] = data["cells"][1]["id"]
    text = json.dumps(data, indent=1)
    findings = check_rules({"dup.ipynb": text}, "notebook/valid: error\n")
    duplicated = data["cells"][1]["id"]
    assert found(findings, "notebook/valid") == [
        (
            "dup.ipynb",
            "error",
            line_of(text, f'"id": "{duplicated}"', 2),
            f"cell 3 has the same id as cell 2 ('{duplicated}'): nbformat renames one of them on read",
        )
    ]


MALFORMED = {
    "empty.ipynb": "",
    "list.ipynb": "[]",
    "null.ipynb": "null",
    "binary.ipynb": b"\x89PNG\r\n\x1a\n\x00\x00\x00",
    "no-cells.ipynb": '{"nbformat": 4, "nbformat_minor": 5, "metadata": {}}',
    "cells-dict.ipynb": '{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": {}}',
    "cell-int.ipynb": '{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [1]}',
    "minor-str.ipynb": '{"nbformat": 4, "nbformat_minor": "5", "metadata": {}, "cells": []}',
    "no-minor.ipynb": '{"nbformat": 4, "metadata": {}, "cells": []}',
    "deep.ipynb": '{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": ' + "[" * 5000 + "]" * 5000 + "}",
    "odd.ipynb": json.dumps(
        {
            "nbformat": 4,
            "nbformat_minor": 5,
            "metadata": {"kernelspec": [], "language_info": 3},
            "cells": [
                {"cell_type": "code", "source": 5, "outputs": "x", "execution_count": "3"},
                {"cell_type": "code", "source": ["!pip install x\n", 7], "outputs": [1, {"output_type": "error"}]},
                {"cell_type": "markdown", "source": None},
                {"cell_type": 3, "source": "x", "execution_count": 2},
            ],
        }
    ),
}


def test_malformed_notebooks_never_crash_any_notebook_check(project) -> None:
    root = project({**MALFORMED, **policy_with(NOTEBOOK_RULES)})
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    findings = report["findings"]
    assert not [f for f in findings if f["rule_id"] in ("readycheck/check-error", "readycheck/check-timeout")]
    reported = {f["path"] for f in findings if f["rule_id"] in ("notebook/valid", "readycheck/parse-error")}
    assert reported == set(MALFORMED)
    for path in ("empty.ipynb", "list.ipynb", "binary.ipynb", "cells-dict.ipynb", "cell-int.ipynb", "deep.ipynb"):
        assert [f["rule_id"] for f in findings if f["path"] == path] == ["readycheck/parse-error"], path


def test_nbformat_validation_messages_for_odd_versions(check_rules) -> None:
    findings = check_rules({k: MALFORMED[k] for k in ("minor-str.ipynb", "no-minor.ipynb")}, "notebook/valid: error\n")
    messages = {f["path"]: f["message"] for f in findings if "kernelspec" not in f["message"]}
    assert messages == {
        "minor-str.ipynb": "'nbformat_minor' must be an integer, not \"5\"",
        "no-minor.ipynb": "not a valid nbformat 4 notebook: 'nbformat_minor' is a required property",
    }


# notebook/execution-state


def _executed() -> str:
    return notebook(markdown("# T"), code("a = 1", 1), code("", None), code("print(a)", 2, [stream("1\n")]))


def _stripped() -> str:
    return notebook(markdown("# T"), code("a = 1"), code("print(a)"))


def _half() -> str:
    return notebook(code("a = 1", 1), code("b = 2", 2), code("c = 3"), code("print(c)"), code("d = 4"))


def _outputs_without_counts() -> str:
    return notebook(code("a = 1"), code("print(a)", None, [stream("1\n")]), code("b = 2"))


EXECUTION_RULES = """\
t/any:
  check: notebook/execution-state
t/executed:
  check: notebook/execution-state
  with: {mode: executed}
t/stripped:
  check: notebook/execution-state
  with: {mode: stripped}
"""


def test_execution_state_modes(check_rules) -> None:
    files = {
        "executed.ipynb": _executed(),
        "stripped.ipynb": _stripped(),
        "half.ipynb": _half(),
        "outputs.ipynb": _outputs_without_counts(),
    }
    findings = check_rules(files, EXECUTION_RULES)
    assert found(findings, "t/any") == [
        (
            "half.ipynb",
            "warning",
            source_line(files["half.ipynb"], "a = 1"),
            "cell 1: is not stripped (2 of 5 code cells have outputs or an execution count): "
            "the notebook is half stripped",
        ),
        (
            "outputs.ipynb",
            "warning",
            source_line(files["outputs.ipynb"], "print(a)"),
            "cell 2: is not stripped (1 of 3 code cells have outputs or an execution count): "
            "the notebook is half stripped",
        ),
    ]
    assert [(p, line) for p, _, line, _ in found(findings, "t/executed")] == [
        ("half.ipynb", source_line(files["half.ipynb"], "c = 3")),
        ("outputs.ipynb", source_line(files["outputs.ipynb"], "a = 1")),
        ("stripped.ipynb", source_line(files["stripped.ipynb"], "a = 1")),
    ]
    assert found(findings, "t/executed", "stripped.ipynb")[0][3] == (
        "cell 2: has not been run (2 of 2 code cells have not run): mode 'executed' wants every code cell run"
    )
    assert [(p, line) for p, _, line, _ in found(findings, "t/stripped")] == [
        ("executed.ipynb", source_line(files["executed.ipynb"], "a = 1")),
        ("half.ipynb", source_line(files["half.ipynb"], "a = 1")),
        ("outputs.ipynb", source_line(files["outputs.ipynb"], "print(a)")),
    ]


def test_a_mostly_executed_notebook_points_at_the_first_cell_not_run(check_rules) -> None:
    text = notebook(code("a = 1", 1), code("b = 2", 2), code("c = 3"), code("d = 4", 4))
    findings = check_rules({"n.ipynb": text}, "notebook/execution-state: warning\n")
    assert found(findings, "notebook/execution-state") == [
        (
            "n.ipynb",
            "warning",
            source_line(text, "c = 3"),
            "cell 3: has not been run (1 of 4 code cells have not run): the notebook is half executed",
        )
    ]


def test_execution_state_rejects_an_unknown_mode(project) -> None:
    root = project({"policy.yaml": "readycheck: 1\nrules:\n  notebook/execution-state:\n    with: {mode: sometimes}\n"})
    result = run("check", str(root), "--policy", "policy.yaml")
    assert result.exit_code == 2
    assert "sometimes" in result.output


# notebook/linear-execution


def test_linear_execution_points_at_the_first_cell_out_of_order(check_rules) -> None:
    out_of_order = notebook(markdown("# T"), code("a = 1", 1), code("b = 2", 7), code("c = 3", 3), code("d", 2))
    files = {
        "out-of-order.ipynb": out_of_order,
        "gaps.ipynb": notebook(code("a", 1), code("b", 5), code("c"), code("d", 9)),
        "stripped.ipynb": _stripped(),
    }
    findings = check_rules(files, "notebook/linear-execution: warning\n")
    assert found(findings, "notebook/linear-execution") == [
        (
            "out-of-order.ipynb",
            "warning",
            line_of(out_of_order, '"execution_count": 3'),
            "cell 4: ran as [3] after cell 3 ran as [7]: cells ran out of order",
        )
    ]


# notebook/no-error-outputs


def test_error_outputs_name_the_exception_and_the_cell(check_rules) -> None:
    cells = [markdown("# T")] + [code(f"x{i} = {i}", i) for i in range(1, 6)]
    cells.append(code("1/0", 6, [stream("before\n"), error("ZeroDivisionError", "division by zero")]))
    text = notebook(*cells)
    findings = check_rules({"n.ipynb": text}, "notebook/no-error-outputs: error\n")
    assert found(findings, "notebook/no-error-outputs") == [
        (
            "n.ipynb",
            "error",
            line_of(text, '"ename": "ZeroDivisionError"'),
            "ZeroDivisionError in cell 7: the notebook was saved with a failing cell",
        )
    ]
    assert "division by zero" not in findings[0]["message"]


# notebook/no-absolute-paths


def test_absolute_paths_in_string_literals(check_rules) -> None:
    source = "\n".join(
        [
            "%matplotlib inline",
            "import pandas as pd",
            'df = pd.read_csv("/home/alice/data/train.csv")  # /Users/bob/x in a comment is fine',
            'model = r"C:\\Users\\bob\\model.pkl"',
            'ok = ["data/train.csv", "/tmp/scratch", "https://example.com/home/alice", "~/data", "/home/"]',
            "!ls /home/alice",
            'query = """',
            "SELECT *",
            "FROM '/Users/carol/db.sqlite'",
            '"""',
        ]
    )
    text = notebook(
        markdown("# T"),
        code(source),
        code('broken = (  "/home/alice/x"'),
        code("%%bash\ncat /home/alice/notes.txt"),
        code('fstring = f"/root/.cache/{name}"'),
    )
    findings = check_rules({"n.ipynb": text}, "notebook/no-absolute-paths: warning\n")
    assert found(findings, "notebook/no-absolute-paths") == [
        (
            "n.ipynb",
            "warning",
            source_line(text, 'df = pd.read_csv("/home/alice/data/train.csv")'),
            "cell 2, line 3: absolute path '/home/alice/data/train.csv' only exists on one machine",
        ),
        (
            "n.ipynb",
            "warning",
            source_line(text, 'model = r"C:'),
            "cell 2, line 4: absolute path 'C:\\Users\\bob\\model.pkl' only exists on one machine",
        ),
        (
            "n.ipynb",
            "warning",
            source_line(text, "FROM '/Users/carol/db.sqlite'"),
            "cell 2, line 9: absolute path '/Users/carol/db.sqlite' only exists on one machine",
        ),
        (
            "n.ipynb",
            "warning",
            source_line(text, 'fstring = f"/root/'),
            "cell 5, line 1: absolute path '/root/.cache/{}' only exists on one machine",
        ),
    ]


def test_absolute_paths_in_a_hand_written_notebook_with_single_string_sources(check_rules) -> None:
    data = {
        "nbformat": 4,
        "nbformat_minor": 4,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": "# Title"},
            {
                "cell_type": "code",
                "metadata": {},
                "execution_count": None,
                "outputs": [],
                "source": "import os\n\npath = '/Users/dana/project/data.parquet'\n",
            },
        ],
    }
    text = json.dumps(data, indent=4)
    findings = check_rules({"n.ipynb": text}, "notebook/no-absolute-paths: warning\n")
    assert found(findings, "notebook/no-absolute-paths") == [
        (
            "n.ipynb",
            "warning",
            line_of(text, '"source": "import os'),
            "cell 2, line 3: absolute path '/Users/dana/project/data.parquet' only exists on one machine",
        )
    ]


# notebook/imports-first


def test_imports_after_other_code(check_rules) -> None:
    late = "\n".join(
        [
            "def load():",
            "    import json",
            "    return json",
            "import sklearn",
            "try:",
            "    import torch",
            "except ImportError:",
            "    torch = None",
        ]
    )
    text = notebook(
        markdown("# T"),
        code("import os\nimport numpy as np\n%matplotlib inline"),
        markdown("Load the data."),
        code('"""Setup."""\nfrom pathlib import Path\ndata = np.arange(3)'),
        code(late),
    )
    findings = check_rules({"n.ipynb": text}, "notebook/imports-first: note\n")
    assert found(findings, "notebook/imports-first") == [
        (
            "n.ipynb",
            "note",
            source_line(text, "import sklearn"),
            "cell 5, line 4: import of sklearn after other code (cell 4, line 3)",
        ),
        (
            "n.ipynb",
            "note",
            source_line(text, "try:"),
            "cell 5, line 5: import of torch after other code (cell 4, line 3)",
        ),
    ]


def test_setup_code_before_imports_in_the_first_code_cell_is_fine(check_rules) -> None:
    first = 'import sys\nsys.path.insert(0, "../src")\nfrom churn.model import load_model'
    text = notebook(markdown("# T"), code(first), code("model = load_model()\nimport json"))
    findings = check_rules({"n.ipynb": text}, "notebook/imports-first: note\n")
    assert found(findings, "notebook/imports-first") == [
        (
            "n.ipynb",
            "note",
            source_line(text, "import json"),
            "cell 3, line 2: import of json after other code (cell 2, line 2)",
        )
    ]


# notebook/no-pip-install


def test_package_installs_in_notebooks(check_rules) -> None:
    first = "\n".join(
        [
            "!pip install pandas==2.1",
            "%pip install -q scikit-learn",
            "!conda install -y numpy",
            "!python -m pip install -r requirements.txt",
            "x = 1  # pip install in a comment is fine",
            'print("pip install foo")',
            "!pip list",
            "out = !mamba install -y polars",
        ]
    )
    text = notebook(
        markdown("# T"),
        code(first),
        code("%%bash\ncd /tmp && pip3 install torch"),
        code('subprocess.check_call([sys.executable, "-m", "pip", "install", "x"])'),
    )
    findings = check_rules({"n.ipynb": text}, "notebook/no-pip-install: warning\n")
    expected = [
        ("!pip install pandas==2.1", "cell 2, line 1: '!pip install'"),
        ("%pip install -q scikit-learn", "cell 2, line 2: '%pip install'"),
        ("!conda install -y numpy", "cell 2, line 3: '!conda install'"),
        ("!python -m pip install", "cell 2, line 4: '!pip install'"),
        ("out = !mamba install", "cell 2, line 8: '!mamba install'"),
        ("cd /tmp && pip3 install torch", "cell 3, line 2: '%%bash: pip3 install'"),
        ("subprocess.check_call", "cell 4, line 1: 'subprocess pip install'"),
    ]
    assert found(findings, "notebook/no-pip-install") == [
        ("n.ipynb", "warning", source_line(text, needle), f"{start} installs packages at run time")
        for needle, start in expected
    ]


# notebook/structure


def test_structure_title_and_markdown_ratio(check_rules) -> None:
    files = {
        "titled.ipynb": notebook(code("import os"), markdown("# Churn model\nWhat it does."), code("x = 1")),
        "setext.ipynb": notebook(markdown("Churn model\n==========="), code("x = 1")),
        "html.ipynb": notebook(markdown('<h1 align="center">Churn</h1>'), code("x = 1")),
        "late-title.ipynb": notebook(markdown("## Setup"), *[code(f"x = {i}") for i in range(5)], markdown("# T")),
    }
    sparse = [markdown("# Title")] + [code(f"x{i} = {i}") for i in range(6)] + [markdown("   ")]
    files["sparse.ipynb"] = notebook(*sparse)
    findings = check_rules(files, "notebook/structure: note\n")
    assert found(findings, "notebook/structure") == [
        (
            "late-title.ipynb",
            "note",
            source_line(files["late-title.ipynb"], "## Setup"),
            "no Markdown title (a level-1 heading '# ...') in the first three cells",
        ),
        (
            "sparse.ipynb",
            "note",
            None,
            "1 Markdown cell(s) for 6 code cells: ratio 0.17 is below min_markdown_ratio 0.2",
        ),
    ]


def test_structure_ratio_is_a_parameter(check_rules) -> None:
    sparse = notebook(markdown("# Title"), *[code(f"x{i} = {i}") for i in range(6)])
    rules = "t/loose:\n  check: notebook/structure\n  with: {min_markdown_ratio: 0.1}\n"
    rules += "t/strict:\n  check: notebook/structure\n  with: {min_markdown_ratio: 0.5}\n"
    findings = check_rules({"n.ipynb": sparse}, rules)
    assert [f["rule_id"] for f in findings] == ["t/strict"]


# notebook/size


def test_size_limits_from_the_policy(check_rules) -> None:
    text = notebook(
        markdown("# T"),
        code("a = 1\nb = 2\nc = 3", 1),
        code("print('x' * 300)", 2, [stream("x" * 300 + "\n")]),
        code("d = 4", 3),
    )
    size = len(text.encode())
    kib = f"{size / 1024:.1f}".removesuffix(".0")
    output_size = len(
        json.dumps({"name": "stdout", "output_type": "stream", "text": ["x" * 300 + "\n"]}, separators=(",", ":"))
    )
    rules = (
        f"notebook/size:\n  with: {{max_cells: 3, max_cell_lines: 2, max_output_bytes: 200, max_bytes: {size - 1}}}\n"
    )
    findings = check_rules({"n.ipynb": text}, rules)
    assert found(findings, "notebook/size") == [
        ("n.ipynb", "warning", None, f"the notebook is {size} bytes ({kib} KiB), more than max_bytes ({size - 1})"),
        ("n.ipynb", "warning", source_line(text, "a = 1\n"), "cell 2: 3 lines, more than max_cell_lines (2)"),
        (
            "n.ipynb",
            "warning",
            line_of(text, '"name": "stdout"') - 1,
            f"cell 3: output 1 (stream) is {output_size} bytes, more than max_output_bytes (200)",
        ),
        (
            "n.ipynb",
            "warning",
            source_line(text, "d = 4"),
            "4 cells, more than max_cells (3); cell 4 is the first one over",
        ),
    ]


def test_size_defaults_apply_without_parameters(check_rules) -> None:
    many = notebook(markdown("# T"), *[code(f"x = {i}") for i in range(50)])
    long_cell = notebook(markdown("# T"), code("\n".join(f"x{i} = {i}" for i in range(41))))
    fine = notebook(markdown("# T"), code("\n".join(f"x{i} = {i}" for i in range(40))))
    findings = check_rules(
        {"many.ipynb": many, "long.ipynb": long_cell, "fine.ipynb": fine}, "notebook/size: warning\n"
    )
    assert [(f["path"], f["message"]) for f in findings] == [
        ("long.ipynb", "cell 2: 41 lines, more than max_cell_lines (40)"),
        ("many.ipynb", "51 cells, more than max_cells (50); cell 51 is the first one over"),
    ]


def test_cell_findings_can_be_suppressed_inline_from_the_cell(project) -> None:
    generated = "# readycheck: ignore[notebook/size] generated feature list\n" + "\n".join(
        f"f{i} = {i}" for i in range(45)
    )
    text = notebook(
        markdown("# T"),
        code(generated),
        code(
            "p = '/home/alice/x'  # readycheck: ignore[notebook/no-absolute-paths] demo only\nr = 1\nq = '/home/bob/y'"
        ),
    )
    root = project({"n.ipynb": text, **policy_with("notebook/size: warning\nnotebook/no-absolute-paths: warning\n")})
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    assert [(f["rule_id"], f["line"], (f["suppression"] or {}).get("justification")) for f in report["findings"]] == [
        ("notebook/size", source_line(text, "# readycheck: ignore"), "generated feature list"),
        ("notebook/no-absolute-paths", source_line(text, "p = '/home/alice/x'"), "demo only"),
        ("notebook/no-absolute-paths", source_line(text, "q = '/home/bob/y'"), None),
    ]


# the recommended pack and the rule documentation


EXPECTED_LEVELS = {
    "notebook/valid": "error",
    "notebook/execution-state": "warning",
    "notebook/linear-execution": "warning",
    "notebook/no-error-outputs": "error",
    "notebook/no-absolute-paths": "warning",
    "notebook/imports-first": "note",
    "notebook/no-pip-install": "warning",
    "notebook/structure": "note",
    "notebook/size": "warning",
    "security/hardcoded-secrets": "error",
}


def test_recommended_pack_enables_every_notebook_check_at_its_default_level(tmp_path: Path) -> None:
    registry = load_registry()
    rules = {rule.id: rule for rule in bind_rules(load_policies(["recommended"], tmp_path, registry), registry)}
    assert {rule_id: str(rules[rule_id].level) for rule_id in EXPECTED_LEVELS} == EXPECTED_LEVELS
    for rule_id, level in EXPECTED_LEVELS.items():
        assert str(registry.checks[rule_id].level) == level
    # the defaults the issue promises, as the checks receive them
    assert rules["notebook/structure"].params == {"min_markdown_ratio": 0.2}
    assert rules["notebook/size"].params == {
        "max_cells": 50,
        "max_cell_lines": 40,
        "max_bytes": 1024 * 1024,
        "max_output_bytes": 256 * 1024,
    }
    assert rules["notebook/execution-state"].params == {"mode": "any"}


@pytest.mark.parametrize("rule_id", sorted(EXPECTED_LEVELS))
def test_each_check_is_documented(rule_id: str) -> None:
    declared = load_registry().checks[rule_id]
    assert declared.description and declared.fix and len(declared.help) > 150
    assert declared.example.startswith(rule_id)
    for name, spec in declared.params.get("properties", {}).items():
        assert "default" in spec and "description" in spec, name


def test_explain_shows_parameter_defaults() -> None:
    result = run("explain", "notebook/size")
    assert result.exit_code == 0
    for expected in ("max_cells (integer, default 50)", "max_cell_lines (integer, default 40)", "default 1048576"):
        assert expected in result.output
    assert 'mode (executed | stripped | any, default "any")' in run("explain", "notebook/execution-state").output


# 300 notebooks: each read once, parsed once


def test_300_notebooks_are_each_read_and_parsed_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for index in range(300):
        folder = tmp_path / "notebooks" / f"group{index % 7}"
        folder.mkdir(parents=True, exist_ok=True)
        text = notebook(
            markdown(f"# Notebook {index}"),
            code("import os\n!pip install x", 1),
            code("secret = 'AKIAIOSFODNN7EXAMPLE'\n1/0", 2, [error("ZeroDivisionError")] if index % 2 == 0 else []),
        )
        (folder / f"n{index:03}.ipynb").write_text(text, encoding="utf-8")
    registry = load_registry()
    rules = bind_rules(load_policies(["recommended"], tmp_path, registry), registry)

    opened: Counter[str] = Counter()
    real_open = io.open

    def counting_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if str(file).endswith(".ipynb"):
            opened[Path(file).name] += 1
        return real_open(file, *args, **kwargs)

    parsed: Counter[str] = Counter()
    real_parse = notebook_artifact.parse_notebook

    def counting_parse(text: str, path: str) -> notebook_artifact.Notebook:
        parsed[path] += 1
        return real_parse(text, path)

    monkeypatch.setattr(io, "open", counting_open)  # what pathlib uses
    monkeypatch.setattr(builtins, "open", counting_open)
    monkeypatch.setattr(notebook_artifact, "parse_notebook", counting_parse)
    scan = discovery.collect(tmp_path, [tmp_path], [])
    result = engine.run(scan, rules, registry.kinds, engine.kind_patterns(registry.kinds, {}), jobs=1).result

    assert len(opened) == len(parsed) == 300
    assert set(opened.values()) == set(parsed.values()) == {1}
    by_rule = Counter(f.rule_id for f in result.findings)
    assert by_rule["notebook/no-error-outputs"] == 150
    assert by_rule["notebook/no-pip-install"] == 300
    assert by_rule["security/hardcoded-secrets"] == 300
    assert {e.path for e in result.evaluations if e.rule_id == "notebook/valid"} == set(parsed)


def tagged(source: str, count: int | None, outputs: list[Any], tags: list[str]) -> Any:
    cell = code(source, count, outputs)
    cell.metadata["tags"] = tags
    return cell


def test_a_cell_tagged_raises_exception_fails_on_purpose(project) -> None:
    text = notebook(
        markdown("# Errors"),
        tagged("int('x')", 1, [error("ValueError")], ["raises-exception"]),
        code("# NBVAL_RAISES_EXCEPTION\n{}['missing']", 2, [error("KeyError")]),
        tagged("x = 1", 3, [], ["raises-exception"]),
        code("1/0", 4, [error("ZeroDivisionError")]),
    )
    root = project({"errors.ipynb": text, **policy_with("notebook/no-error-outputs: error\n")})
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    assert found(report["findings"], "notebook/no-error-outputs") == [
        (
            "errors.ipynb",
            "note",
            source_line(text, "x = 1"),
            "cell 4 is marked to raise an exception but saved no error output",
        ),
        (
            "errors.ipynb",
            "error",
            line_of(text, '"ename": "ZeroDivisionError"'),
            "ZeroDivisionError in cell 5: the notebook was saved with a failing cell",
        ),
    ]


def test_the_body_of_a_timing_or_capture_cell_magic_is_the_cells_code(check_rules) -> None:
    text = notebook(
        markdown("# Timing"),
        code("%%capture\n%pip install -q pandas\nimport pandas as pd", 1),
        code("%%time\nimport numpy as np\nx = np.zeros(3)", 2),
        code("import json", 3),
    )
    findings = check_rules({"t.ipynb": text}, "notebook/imports-first: note\n")
    assert found(findings, "notebook/imports-first") == [
        (
            "t.ipynb",
            "note",
            source_line(text, "import json"),
            "cell 4, line 1: import of json after other code (cell 3, line 3)",
        )
    ]


def test_hosted_notebook_mounts_built_paths_and_forward_slash_windows_paths(check_rules) -> None:
    source = (
        "import os\n"
        "from pathlib import Path\n"
        'train = f"/content/drive/MyDrive/{project}/train.csv"\n'
        'raw = os.path.join("/Users", "alice", "raw.csv")\n'
        'win = "C:/Users/bob/data.csv"\n'
        'kaggle = "/kaggle/input/titanic/train.csv"\n'
        'lake = Path("/dbfs", "mnt", "raw")\n'
        'uc = "/Volumes/main/default/raw/x.csv"\n'
        'fine = "/tmp/scratch.csv"\n'
    )
    text = notebook(markdown("# Paths"), code(source, 1))
    findings = check_rules({"p.ipynb": text}, "notebook/no-absolute-paths: warning\n")
    assert [message.split(": ", 1)[1] for *_, message in found(findings, "notebook/no-absolute-paths")] == [
        "absolute path '/content/drive/MyDrive/{}/train.csv' only exists on one machine",
        "absolute path '/Users/alice/raw.csv' only exists on one machine",
        "absolute path 'C:/Users/bob/data.csv' only exists on one machine",
        "absolute path '/kaggle/input/titanic/train.csv' only exists on one machine",
        "absolute path '/dbfs/mnt/raw' only exists on one machine",
        "absolute path '/Volumes/main/default/raw/x.csv' only exists on one machine",
    ]


def test_a_personal_path_in_an_output_is_a_note_once_per_cell(project) -> None:
    warning = stream(
        "/home/alice/.venv/lib/python3.11/site-packages/sklearn/base.py:1152: FutureWarning: ...\n"
        "/home/alice/.venv/lib/python3.11/site-packages/sklearn/base.py:1160: FutureWarning: ...\n"
    )
    ci = stream("/home/runner/work/repo/repo/notebook.py:3: UserWarning\n")
    text = notebook(markdown("# Fit"), code("model.fit(X)", 1, [warning]), code("model.score(X)", 2, [ci]))
    rules = "notebook/no-absolute-paths: warning\n"
    root = project({"fit.ipynb": text, **policy_with(rules)})
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    assert found(report["findings"], "notebook/no-absolute-paths") == [
        (
            "fit.ipynb",
            "note",
            line_of(text, "/home/alice/.venv/lib/python3.11/site-packages/sklearn/base.py:1152"),
            "cell 2, output 1: a personal path ('/home/alice/') leaked into the saved output",
        )
    ]
    (root / "policy.yaml").write_text(
        policy_with(rules + "  # off\n")["policy.yaml"].replace(
            "notebook/no-absolute-paths: warning", "notebook/no-absolute-paths:\n    with: {outputs: false}"
        )
    )
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    assert found(report["findings"], "notebook/no-absolute-paths") == []


def test_a_cell_type_nbformat_cannot_word_an_error_for_is_still_reported(check_rules) -> None:
    data = json.loads(notebook(markdown("# T"), code("x = 1", 1)))
    data["cells"][1]["cell_type"] = {"code": True}  # nbformat's oneOf wording adds it to a string
    text = json.dumps(data, indent=1)
    findings = check_rules({"odd.ipynb": text}, "notebook/valid: error\n")
    cell_line = line_of(text, '"cell_type": {') - 1
    assert [(f["rule_id"], f["line"]) for f in findings] == [("notebook/valid", cell_line)]
    assert findings[0]["message"].startswith("not a valid nbformat 4.5 notebook: cell 2: {")
    assert findings[0]["message"].endswith("is not valid under any of the given schemas")


def test_a_personal_path_behind_json_escapes_is_still_found(project) -> None:
    text = notebook(code("model.fit(X)", 1, [stream("/home/alice/work/a.py:3: UserWarning\n")]))
    hidden = text.replace("/home/alice/", "\\/home\\/alice\\/")
    assert "/home/" not in hidden
    root = project({"fit.ipynb": hidden, **policy_with("notebook/no-absolute-paths: warning\n")})
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    assert [f["message"] for f in report["findings"]] == [
        "cell 1, output 1: a personal path ('/home/alice/') leaked into the saved output"
    ]


def test_kernelspec_with_the_testing_kit(readycheck_repo, readycheck_check) -> None:
    """readycheck.testing's fixtures: the short way to unit-test a built-in check."""
    from readycheck.testing import code, notebook

    root = readycheck_repo({"a.ipynb": notebook(code("x = 1", 1), metadata={}), "b.ipynb": notebook(code("y = 2", 1))})
    findings = readycheck_check(root, "notebook/kernelspec")
    assert [(f.path, f.message) for f in findings] == [
        ("a.ipynb", "no kernelspec in the notebook metadata: nothing says which kernel ran it")
    ]


def test_late_imports_after_a_semicolon_or_in_a_try_are_found(check_rules) -> None:
    text = notebook(
        code("x = 1", 1),
        code("y = 2; import json", 2),
        code("try:\n    import yaml\nexcept ImportError:\n    yaml = None", 3),
        code("def f():\n    import csv\n    return csv", 4),
    )
    findings = check_rules({"late.ipynb": text}, "notebook/imports-first: note\n")
    assert [f["message"].split(": ", 1)[1] for f in findings] == [
        "import of json after other code (cell 1, line 1)",
        "import of yaml after other code (cell 1, line 1)",
    ]
