"""Code quality with radon: functions too tangled to test and review, and modules too dense to maintain.
Python files and notebook code cells are read from the parse every other check shares."""

from __future__ import annotations

import ast
import io
import math
import re
import tokenize
from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

from readycheck.artifacts import Artifact
from readycheck.artifacts.notebook import Notebook
from readycheck.artifacts.python import PythonModule
from readycheck.errors import ParseError
from readycheck.hookspecs import hookimpl
from readycheck.model import Check, Violation, check


@check(
    "code/complexity",
    description="No function or method is more complex than max (radon cyclomatic complexity).",
    help="Cyclomatic complexity counts the independent paths through a function: above 15 or so, a function "
    "cannot be tested path by path, and review misses its branches. Every function, method and nested "
    "function of .py files and of notebook code cells (magics neutralised, lines mapped to the .ipynb) is "
    "scored with radon; one over 'max' (default 15) is a finding at its 'def' line naming it and its score "
    "(radon ranks 11-20 'C', 21-30 'D', 31-40 'E', above 40 'F'). A file that is not valid Python is a "
    "readycheck/parse-error finding.",
    fix="Split the function: extract the branches into named helpers, or replace conditionals with a table.",
    level="warning",
    kinds=("python", "notebook"),
    area="code-quality",
    params={
        "type": "object",
        "additionalProperties": False,
        "properties": {"max": {"type": "integer", "minimum": 1, "default": 15}},
    },
    example="code/complexity:\n  with: {max: 10}",
)
def code_complexity(artifact: Artifact, params: Mapping[str, Any]) -> Iterator[Violation]:
    data = artifact.data
    limit = params["max"]
    if isinstance(data, Notebook):
        for cell in data.code():
            if not _cannot_exceed(cell.text, limit) and cell.tree is not None:
                from radon.complexity import cc_visit_ast  # only for a cell that may score over the limit

                blocks = cc_visit_ast(cell.tree)
                yield from _too_complex(blocks, limit, cell.line_of, f"cell {cell.cell.index}: ")
    elif not _cannot_exceed(data.text, limit):
        yield from _too_complex(data.complexity.blocks, limit, lambda line: line, "")


_DECISION_WORDS = re.compile(r"\b(?:if|elif|for|while|except|else|and|or|assert|case)\b")


def _cannot_exceed(text: str, limit: int) -> bool:
    """Whether no function in ``text`` can score over ``limit``, without visiting it: each point radon adds
    to a function's 1 is a keyword of its own (a branch, loop, handler, ``else``, boolean operator,
    comprehension ``for``/``if``, ``assert`` or ``case``), so a text with fewer such words than ``limit``,
    strings and comments included, or with no ``def``, has nothing to report. Most notebook cells."""
    return "def" not in text or all(count < limit for count, _ in enumerate(_DECISION_WORDS.finditer(text), 1))


def _too_complex(blocks: list[Any], limit: int, line_of: Any, where: str) -> Iterator[Violation]:
    from radon.visitors import Class

    pending = list(blocks)
    seen: set[tuple[int, int]] = set()  # radon lists methods both on their class and on their own
    while pending:
        block = pending.pop(0)
        if isinstance(block, Class):
            pending[:0] = [*block.methods, *block.inner_classes]
            continue
        if (block.lineno, block.col_offset) in seen:
            continue
        seen.add((block.lineno, block.col_offset))
        pending[:0] = block.closures
        if block.complexity > limit:
            kind = "method" if block.is_method else "function"
            yield Violation(
                f"{where}{kind} {block.fullname} has cyclomatic complexity {block.complexity} (max {limit})",
                line=line_of(block.lineno),
                column=block.col_offset + 1,
                key=f"{where}{block.fullname}",
            )


@check(
    "code/maintainability",
    description="Each module's maintainability index (radon) is at least min.",
    help="The maintainability index combines a module's volume (Halstead), its cyclomatic complexity, its "
    "length and its comments into a score from 0 to 100; radon ranks below 10 'C' (hard to maintain) and "
    "10-19 'B'. A .py file scoring below 'min' (default 20) is a finding with its score. Multi-line strings "
    "count as comments, as radon counts them by default.",
    fix="Split the module by responsibility, and simplify its most complex functions.",
    level="note",
    kinds=("python",),
    area="code-quality",
    params={
        "type": "object",
        "additionalProperties": False,
        "properties": {"min": {"type": "number", "minimum": 0, "maximum": 100, "default": 20}},
    },
    example="code/maintainability:\n  with: {min: 40}",
)
def code_maintainability(artifact: Artifact, params: Mapping[str, Any]) -> Iterator[Violation]:
    from radon.metrics import h_visit_ast, mi_compute

    module: PythonModule = artifact.data
    volume = h_visit_ast(module.tree).total.volume
    complexity = module.complexity.total_complexity
    if volume <= 0 or _lowest_index(module, volume, complexity) >= params["min"]:
        return  # most modules: no need to tokenize them
    try:
        raw = raw_metrics(module.text)
    except (SyntaxError, tokenize.TokenError) as error:  # rare source ast reads and tokenize does not
        raise ParseError(f"cannot tokenize the module: {error}", artifact.path) from None
    comments = (raw.comments + raw.multi) / raw.sloc * 100 if raw.sloc else 0
    score = mi_compute(volume, complexity, raw.lloc, comments)
    if score < params["min"]:
        yield Violation(f"maintainability index {score:.1f} is below min {params['min']:g}", key="mi")


def _lowest_index(module: PythonModule, volume: float, complexity: int) -> float:
    """A lower bound of the maintainability index from the tree and the lines alone, without the
    tokenization radon's raw metrics need.

    The index falls as the logical lines grow, and rises with the comment share while that share stays
    under 229% (the sine's first half-turn). Logical lines are at most two per ';'-separated part of a
    non-blank line; the comment share is at most (lines holding '#', plus lines of lone string
    statements) over the non-blank lines that are neither comments nor such strings.
    """
    lines = module.text.split("\n")
    written = sum(1 for line in lines if line.strip())
    lloc_at_most = max(2 * (written + module.text.count(";")), 1)
    strings = sum(
        node.end_lineno - node.lineno + 1
        for node in _statements(module.tree.body)
        if isinstance(node, ast.Expr)
        and node.end_lineno is not None
        and (isinstance(node.value, ast.JoinedStr) or isinstance(getattr(node.value, "value", None), (str, bytes)))
    )
    hashed = sum(1 for line in lines if "#" in line)
    code_at_least = written - sum(1 for line in lines if line.lstrip().startswith("#")) - strings
    share_at_most = 100 * (hashed + strings) / code_at_least if code_at_least > 0 else math.inf
    comment_term = 0.0 if share_at_most <= 229 else -50.0
    volume_term = 171 - 5.2 * math.log(volume) - 0.23 * complexity - 16.2 * math.log(lloc_at_most)
    return (volume_term + comment_term) * 100 / 171


def _statements(body: list[Any]) -> Iterator[ast.AST]:
    """Every statement, nested ones included, without visiting expressions (a tenth of the nodes)."""
    for node in body:
        yield node
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            inner = getattr(node, field, None)
            if isinstance(inner, list):
                yield from _statements(inner)


class RawMetrics(NamedTuple):
    """radon's raw metrics that the maintainability index reads."""

    lloc: int
    sloc: int
    comments: int
    multi: int


_LAYOUT = frozenset((tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER))
_SKIPPED = frozenset((tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER))
_ENDMARKER = tokenize.TokenInfo(tokenize.ENDMARKER, "", (0, 0), (0, 0), "")


def raw_metrics(text: str) -> RawMetrics:
    """radon.raw.analyze's lloc, sloc, comments and multi, from one tokenization of the module.

    radon tokenizes each statement alone, growing it line by line until it tokenizes: quadratic in long
    statements, and most of a full scan's time. Its statements are exactly the runs of lines between
    NEWLINE (or bracket-free NL) tokens of one tokenization; each run is counted as radon counts it.
    """
    written = [0]  # written[n]: lines 1..n that are not blank
    for line in text.split("\n"):
        written.append(written[-1] + (1 if line.strip() else 0))
    lloc = sloc = comments = multi = 0
    chunk: list[tokenize.TokenInfo] = []
    depth = significant = 0
    first: tokenize.TokenInfo | None = None
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        kind, string = token.type, token.string
        if kind == tokenize.OP:
            if string in "([{":
                depth += 1
            elif string in ")]}":
                depth -= 1
        elif kind in _SKIPPED:
            continue
        chunk.append(token)
        if kind == tokenize.COMMENT:
            comments += 1
        if kind not in _LAYOUT:
            significant += 1
            first = first or token
        if kind == tokenize.NEWLINE or (kind == tokenize.NL and depth == 0):
            lines = written[token.end[0]] - written[chunk[0].start[0] - 1]
            if significant == 1 and first is not None and first.type == tokenize.STRING:
                if first.end[0] != first.start[0]:  # a docstring: one line is a comment, more are 'multi'
                    multi += lines
            elif not (significant == 1 and first is not None and first.type == tokenize.COMMENT):
                sloc += lines
            chunk.append(_ENDMARKER)
            lloc += _logical(chunk)
            chunk, significant, first = [], 0, None
    return RawMetrics(lloc, sloc, comments, multi)


def _logical(tokens: list[tokenize.TokenInfo]) -> int:
    """How many logical lines a statement holds, as radon counts them ('if x: y' is two)."""
    count = 0
    part: list[tokenize.TokenInfo] = []
    for token in (*tokens, None):
        if token is not None and not (token.type == tokenize.OP and token.string == ";"):
            if token.type not in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE):
                part.append(token)
            continue
        colons = [i for i, t in enumerate(part) if t.type == tokenize.OP and t.string == ":"]
        if colons:
            count += 2 - (colons[-1] == len(part) - 2)
        elif any(t.type != tokenize.ENDMARKER for t in part):
            count += 1
        part = []
    return count


@hookimpl
def readycheck_checks() -> list[Check]:
    return [code_complexity, code_maintainability]
