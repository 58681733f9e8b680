"""The compiled validator gives nbformat's verdict: it decides alone only when a notebook is valid."""

from __future__ import annotations

import copy
import json
import random
import warnings
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbformat.validator import iter_validate

from readycheck.artifacts import nbschema

CORPUS = Path(__file__).parents[1] / "fixtures" / "notebook-corpus"


def nbformat_accepts(data: Any) -> bool:
    """nbformat's verdict (its error reporting itself trips on some invalid cells: a rejection too)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return next(iter_validate(copy.deepcopy(data)), None) is None
        except (TypeError, KeyError, AttributeError):
            return False


def corpus() -> list[Any]:
    found = []
    for path in sorted(CORPUS.rglob("*.ipynb")):
        try:
            found.append(json.loads(path.read_text(encoding="utf-8")))
        except ValueError:
            continue
    return found


def test_the_schema_files_are_those_nbformat_names() -> None:
    for (major, minor), name in nbformat.v4.nbformat_schema.items():
        if major is not None:
            assert nbschema.schema_file(minor) is not None and nbschema.schema_file(minor).name == name
    assert nbschema.schema_file(nbformat.v4.nbformat_minor + 1) is None


def test_real_notebooks_get_nbformats_verdict() -> None:
    judged = 0
    for data in corpus():
        verdict = nbschema.is_valid(data)
        if verdict is not None:
            assert verdict == nbformat_accepts(data)
            judged += 1
    assert judged >= 15


MUTATIONS = [
    lambda d, r: d.pop(r.choice(sorted(d))),
    lambda d, r: d.__setitem__(r.choice(sorted(d)), r.choice([None, 3, "x", [], {}, True, 1.5])),
    lambda d, r: d.__setitem__("extra", 1),
    lambda d, r: d.__setitem__("metadata", {"kernelspec": {"name": 3}}),
    lambda d, r: d.__setitem__("metadata", {"language_info": {}}),
    lambda d, r: d.__setitem__("metadata", {"anything": [1, {"a": None}]}),
]
CELL_MUTATIONS = [
    lambda c, r: c.pop(r.choice(sorted(c))),
    lambda c, r: c.__setitem__(r.choice(sorted(c)), r.choice([None, 3, "x", ["a", 1], {}, True, -1])),
    lambda c, r: c.__setitem__("cell_type", r.choice(["code", "markdown", "raw", "heading", "CODE", ""])),
    lambda c, r: c.__setitem__("attachments", {"a.png": {"image/png": r.choice(["aGk=", ["aGk="], 3])}}),
    lambda c, r: c.__setitem__("id", r.choice(["ok-id_1", "", "bad id!", "x" * 65, 7])),
    lambda c, r: c.__setitem__(
        "outputs",
        [
            {
                "output_type": r.choice(["stream", "display_data", "execute_result", "error", "pyout"]),
                r.choice(["name", "text", "data", "metadata", "ename", "execution_count"]): r.choice(
                    ["stdout", ["a\n", "b"], {"text/plain": "x"}, {"application/json": "{}"}, {"bad": "x"}, 2, None]
                ),
            }
        ],
    ),
]


@pytest.mark.parametrize("seed", range(30))
def test_mutated_notebooks_get_nbformats_verdict(seed: int) -> None:
    rng = random.Random(seed)
    originals = [d for d in corpus() if nbschema.is_valid(d) is not None]
    for _ in range(20):
        data = copy.deepcopy(rng.choice(originals))
        cells = [cell for cell in data.get("cells", []) if isinstance(cell, dict)]
        if cells and rng.random() < 0.7:
            cell = rng.choice(cells)
            if cell:
                rng.choice(CELL_MUTATIONS)(cell, rng)
        else:
            rng.choice(MUTATIONS)(data, rng)
        verdict = nbschema.is_valid(data)
        if verdict is not None:
            assert verdict == nbformat_accepts(data), json.dumps(data)[:500]


def test_notebooks_it_cannot_judge_are_left_to_nbformat() -> None:
    base = {"metadata": {}, "cells": []}
    assert nbschema.is_valid({**base, "nbformat": 4, "nbformat_minor": 99}) is None  # from the future
    assert nbschema.is_valid({**base, "nbformat": 3, "nbformat_minor": 0}) is None
    assert nbschema.is_valid({**base, "nbformat": True, "nbformat_minor": 0}) is None
    assert nbschema.is_valid({**base, "nbformat": 4, "nbformat_minor": 4.0}) is None
    assert nbschema.is_valid({**base, "nbformat": 4, "nbformat_minor": 5}) is True
