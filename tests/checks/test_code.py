"""code/complexity and code/maintainability: scores as radon computes them from source, at the lines
people see (the def line of a .py file; the raw .ipynb line of the def in a notebook cell)."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest
from radon.complexity import cc_visit
from radon.metrics import mi_visit
from radon.raw import analyze
from tests.checks.conftest import code, markdown, notebook, source_line
from tests.conftest import findings_of, policy_with, run, run_json

from readycheck.artifacts.python import PythonModule
from readycheck.checks.code import code_maintainability, raw_metrics


def branchy(name: str, branches: int, indent: str = "") -> str:
    """A function with ``branches`` if statements: cyclomatic complexity branches + 1."""
    body = "".join(f"{indent}    if x == {i}:\n{indent}        return {i}\n" for i in range(branches))
    return f"{indent}def {name}(x):\n{body}{indent}    return -1\n"


MODULE = (
    '"""Feature engineering."""\n\n\n'
    + branchy("simple", 3)
    + "\n\nclass Encoder:\n"
    + branchy("encode", 16, indent="    ")
    + "\n\n"
    + "def outer(y):\n"
    + textwrap.indent(branchy("inner", 20), "    ")
    + "    return inner(y)\n"
)


def run_rules(project, files: dict[str, str], rules: str = "code/complexity: warning\n") -> dict:
    root = project({**files, **policy_with(rules)})
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    return report


def test_functions_methods_and_closures_over_max_are_found_at_their_def_line(project) -> None:
    report = run_rules(project, {"src/features.py": MODULE})
    found = sorted((f["line"], f["message"]) for f in findings_of(report, "code/complexity"))
    lines = MODULE.splitlines()
    assert found == [
        (lines.index("    def encode(x):") + 1, "method Encoder.encode has cyclomatic complexity 17 (max 15)"),
        (lines.index("    def inner(x):") + 1, "function inner has cyclomatic complexity 21 (max 15)"),
    ]
    radon_scores = {block.name: block.complexity for block in cc_visit(MODULE)}  # radon itself agrees
    assert radon_scores["Encoder"] > 15 and cc_visit(MODULE)[0].complexity == 4


def test_notebook_cells_are_scored_and_located_in_the_raw_file(project) -> None:
    cell = "%matplotlib inline\n" + branchy("score", 16)
    text = notebook(markdown("# Scoring"), code("import pandas as pd", 1), code(cell, 2))
    report = run_rules(project, {"notebooks/score.ipynb": text})
    [finding] = findings_of(report, "code/complexity")
    assert finding["message"] == "cell 3: function score has cyclomatic complexity 17 (max 15)"
    assert finding["line"] == source_line(text, "def score(x):\n")


def test_max_is_a_parameter(project) -> None:
    report = run_rules(project, {"a.py": branchy("f", 5)}, "code/complexity:\n  with: {max: 5}\n")
    assert [f["message"] for f in findings_of(report, "code/complexity")] == [
        "function f has cyclomatic complexity 6 (max 5)"
    ]


def test_a_file_that_is_not_python_is_a_parse_error_at_its_line(project) -> None:
    root = project({"a.py": "def f(:\n    pass\n", **policy_with("code/complexity: warning\n")})
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    [error] = findings_of(report, "readycheck/parse-error")
    assert error["path"] == "a.py" and error["line"] == 1 and "not valid Python" in error["message"]


DENSE = "\n".join(
    f"def f{i}(a, b, c):\n    return (a * {i} + b ** {i} - c / {i + 1}) if a > b else (c - a) * (b + {i})"
    for i in range(40)
)


@pytest.mark.parametrize("minimum", [20, 60])
def test_maintainability_index_as_radon_computes_it(project, minimum: int) -> None:
    score = mi_visit(DENSE, True)
    report = run_rules(project, {"src/dense.py": DENSE}, f"code/maintainability:\n  with: {{min: {minimum}}}\n")
    found = [f["message"] for f in findings_of(report, "code/maintainability")]
    assert found == ([f"maintainability index {score:.1f} is below min {minimum}"] if score < minimum else [])
    assert 20 < score < 60  # both branches are exercised


@pytest.mark.parametrize("rule_id", ["code/complexity", "code/maintainability"])
def test_the_explained_example_works_when_pasted(project, rule_id: str) -> None:
    snippet = run("explain", rule_id).stdout.split("example:\n", 1)[1]
    root = project({"a.py": branchy("f", 3), "policy.yaml": "readycheck: 1\n" + textwrap.dedent(snippet)})
    code_, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    assert code_ == 0 and report["findings"] == []


TRICKY = [
    "if x: return 0\n",
    "a = 1; b = 2;\n",
    'def f():\n    """Doc.\n\n    More.\n    """\n    return {1: 2}  # a comment\n',
    "x = (1,\n\n      # inside brackets\n      2)\n",
    "s = '''\nabc\n'''\n",
    "if x: a; b\n",
    "y = lambda q: q[1:2]\n",
    "x = 1 + \\\n    2\n",
    "# only a comment\n\n\n",
    'b"""\nbytes\n"""\n',
    'f"""\n{x}\n"""\n',
    "class A: pass\n",
    "try: 1 / 0\nexcept ZeroDivisionError: pass\nelse:\n    pass\n",
    "x: int = 5\n(y := 3)\n",
    "'''no newline at the end'''",
    "def g(a,\n      b):  # trailing\n    '''One line.'''\n    return a\n",
]
PACKAGE = sorted((Path(__file__).resolve().parents[2] / "src" / "readycheck").rglob("*.py"))


@pytest.mark.parametrize(
    "source",
    [*TRICKY, *(path.read_text() for path in PACKAGE)],
    ids=[*(f"tricky-{i}" for i in range(len(TRICKY))), *(path.name for path in PACKAGE)],
)
def test_raw_metrics_are_radons_own(source: str) -> None:
    """One tokenization gives what radon's statement-by-statement tokenization gives."""
    expected = analyze(source)
    got = raw_metrics(source)
    assert (got.lloc, got.sloc, got.comments, got.multi) == (
        expected.lloc,
        expected.sloc,
        expected.comments,
        expected.multi,
    )


@pytest.mark.parametrize("path", PACKAGE, ids=lambda path: path.name)
def test_the_maintainability_verdict_is_radons_at_every_minimum(path: Path) -> None:
    """The lower bound that spares most modules their tokenization never changes a verdict."""
    source = path.read_text()
    module = PythonModule(source, ast.parse(source))
    score = mi_visit(source, True)

    class Stub:
        data = module

    for minimum in (10, 20, 40, 60, 80):
        found = list(code_maintainability.function(Stub(), {"min": minimum}))
        assert bool(found) == (score < minimum)
        assert not found or f"{score:.1f}" in found[0].message


def _highest_complexity(text: str) -> int:
    from radon.visitors import Class

    highest, pending = 0, list(cc_visit(text))
    while pending:
        block = pending.pop()
        if isinstance(block, Class):
            pending += [*block.methods, *block.inner_classes]
        else:
            highest = max(highest, block.complexity)
            pending += block.closures
    return highest


def test_functions_left_unvisited_cannot_score_over_the_limit() -> None:
    """The keyword count is an upper bound of radon's score: whatever it lets pass, radon would pass too."""
    from readycheck.checks.code import _cannot_exceed

    sources = [path.read_text(encoding="utf-8") for path in sorted(Path("src/readycheck").rglob("*.py"))]
    sources += [MODULE, "def f(a, b):\n    return [x for x in a if x if b] or (a and b and not a)\n"]
    sources += ["def g(v):\n    match v:\n        case 1: pass\n        case _: pass\n    assert v\n"]
    sources += [
        "def h():\n    try:\n        pass\n    except A:\n        pass\n    except B:\n        pass\n    else:\n        pass\n"
    ]
    skipped = 0
    for text in sources:
        highest = _highest_complexity(text)
        for limit in range(1, 25):
            if _cannot_exceed(text, limit):
                assert highest <= limit, (text[:200], limit)
                skipped += 1
    assert skipped > 20
    assert not _cannot_exceed(MODULE, 15) and _cannot_exceed("x = 1 if a else 2\n", 1)
