"""Threshold expressions such as ``">= 0.85"`` or ``"> 0 and <= 120"``: a tiny parser, never eval.

Grammar::

    expression := comparison ("and" comparison)*
    comparison := OPERATOR NUMBER
    OPERATOR   := ">=" | "<=" | ">" | "<" | "==" | "!="
    NUMBER     := a decimal number, optionally signed, with an optional exponent and an optional "%"

A trailing ``%`` divides by 100, so ``">= 85%"`` and ``">= 0.85"`` mean the same.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass

from readycheck.errors import ExpressionError

_OPERATORS: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    "==": operator.eq,
    "!=": operator.ne,
    ">": operator.gt,
    "<": operator.lt,
}
_TOKEN = re.compile(
    r"\s*(?:(?P<op>>=|<=|==|!=|>|<)|(?P<num>[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?%?)|(?P<and>and\b)|(?P<bad>\S+))"
)


@dataclass(frozen=True)
class Comparison:
    operator: str
    bound: float

    def holds(self, value: float) -> bool:
        return _OPERATORS[self.operator](value, self.bound)

    def __str__(self) -> str:
        return f"{self.operator} {self.bound:g}"


@dataclass(frozen=True)
class Threshold:
    """A parsed expression; ``holds(value)`` is true when every comparison holds."""

    text: str
    comparisons: tuple[Comparison, ...]

    def holds(self, value: float) -> bool:
        if isinstance(value, float) and math.isnan(value):
            return False
        return all(comparison.holds(value) for comparison in self.comparisons)

    def __str__(self) -> str:
        return self.text


def parse_threshold(text: str) -> Threshold:
    """Parse ``text`` or raise ExpressionError saying what was expected and where."""
    if not isinstance(text, str):
        raise ExpressionError(f"threshold must be a string such as '>= 0.8', not {text!r}")
    tokens = _tokenize(text)
    comparisons: list[Comparison] = []
    position = 0
    while True:
        if position >= len(tokens) or tokens[position][0] != "op":
            found = tokens[position][1] if position < len(tokens) else "end of text"
            raise ExpressionError(
                f"bad threshold expression {text!r}: expected an operator (>=, <=, >, <, ==, !=), found {found!r}"
            )
        op = tokens[position][1]
        if position + 1 >= len(tokens) or tokens[position + 1][0] != "num":
            found = tokens[position + 1][1] if position + 1 < len(tokens) else "end of text"
            raise ExpressionError(f"bad threshold expression {text!r}: expected a number after {op!r}, found {found!r}")
        comparisons.append(Comparison(op, _number(tokens[position + 1][1])))
        position += 2
        if position == len(tokens):
            return Threshold(text.strip(), tuple(comparisons))
        if tokens[position][0] != "and":
            raise ExpressionError(f"bad threshold expression {text!r}: expected 'and', found {tokens[position][1]!r}")
        position += 1


def _tokenize(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind is None:
            continue
        tokens.append((kind, match.group(kind)))
    return tokens


def _number(token: str) -> float:
    if token.endswith("%"):
        return float(token[:-1]) / 100
    return float(token)
