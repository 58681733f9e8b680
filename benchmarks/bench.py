#!/usr/bin/env python3
"""readycheck's speed benchmark: a synthetic ML repository, the product's figures, and a floor.

Usage::

    python benchmarks/bench.py --scale 1 --runs 5 [--jobs N] [--out DIR] [--keep]

It generates a repository deterministically (fixed seed) at the chosen scale (scale 1: 2,000 Python
modules, 300 notebooks, 50 model cards, 50 metric reports and 20,000 other files), then measures, as
medians over ``--runs`` runs of subprocesses timed from outside:

* start-up: ``readycheck --version``;
* full scan, cold (the repository's cache deleted before each run) and warm (cache populated),
  with the default ``--jobs`` and with ``--jobs 1`` and ``--jobs 2``;
* pre-commit on one notebook: ``readycheck check notebooks/....ipynb`` from the repository root,
  after editing that notebook so that it is a cache miss, as in a real commit;
* peak memory of the cold full scan, in a fresh helper process: the largest RSS of any one process
  (``getrusage(RUSAGE_CHILDREN).ru_maxrss``) and the peak of the summed PSS and RSS of the whole
  process tree (main process and workers), sampled from /proc every 20 ms;
* the floor: the same measurements for plain Python (``os.walk``, read every file, parse notebooks
  and JSON with ``json``, Python with ``ast``, TOML with ``tomllib``, YAML with ruamel.yaml).

It prints Markdown tables (figures, targets with pass/fail, machine information) and can write the
figures as JSON (``--json``); ``--compare A.json B.json ...`` prints the linearity table of several
scales. Dependencies: the standard library and nbformat (the floor uses ruamel.yaml when present).
"""

from __future__ import annotations

import argparse
import ast
import base64
import datetime
import hashlib
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

GENERATOR_VERSION = 2
SEED = 20240611
MANIFEST = ".bench-manifest.json"

PER_SCALE = {"python": 2000, "notebooks": 300, "model_cards": 50, "metric_reports": 50, "other": 20000}

TARGETS_S = {"startup": 0.150, "precommit": 0.400, "cold": 10.0, "warm": 2.0}
TARGET_MEMORY_MB = 300.0

# ----------------------------------------------------------------------------------------------------
# Vocabulary for names and code.
# ----------------------------------------------------------------------------------------------------

AREAS = [
    "data", "features", "models", "training", "evaluation", "serving", "monitoring", "pipelines",
    "utils", "experiments", "inference", "explain", "registry", "ingest", "labeling", "drift",
]  # fmt: skip
NOUNS = [
    "customer", "churn", "session", "invoice", "embedding", "ranking", "click", "fraud", "basket",
    "forecast", "demand", "price", "image", "text", "token", "user", "item", "vendor", "store",
    "region", "signal", "event", "window", "cohort", "segment", "batch", "sample", "label", "score",
    "metric", "report", "schema", "feature", "vector", "graph", "sensor", "trip", "route", "claim",
]  # fmt: skip
VERBS = [
    "load", "build", "compute", "merge", "split", "encode", "decode", "normalise", "score", "rank",
    "filter", "aggregate", "validate", "export", "train", "evaluate", "predict", "resample", "clip",
    "impute", "scale", "select", "bucketize", "join", "summarise", "plot", "fit", "transform",
]  # fmt: skip
ADJECTIVES = ["daily", "hourly", "raw", "clean", "rolling", "weighted", "sparse", "dense", "latest", "baseline"]
THIRD_PARTY = [
    "import numpy as np", "import pandas as pd", "import torch", "from torch import nn",
    "from sklearn.metrics import roc_auc_score", "from sklearn.model_selection import train_test_split",
    "import lightgbm as lgb", "import pyarrow as pa", "import mlflow", "from pydantic import BaseModel",
    "import yaml", "import requests",
]  # fmt: skip
STDLIB = [
    "import json", "import logging", "import os", "import math", "import itertools", "import functools",
    "from collections import defaultdict", "from dataclasses import dataclass, field", "from pathlib import Path",
    "from typing import Any", "import datetime as dt", "import hashlib", "import re",
]  # fmt: skip
STATEMENTS = [
    "{a} = {b} * {n} + {m}",
    "{a} = [{b} for {b} in {c} if {b} is not None]",
    "{a} = {{key: value for key, value in {c}.items() if value}}",
    "if {a} is None:\n    {a} = {n}",
    "if not {c}:\n    return {a}",
    "for index, {b} in enumerate({c}):\n    {a} += {b} * index",
    "{a} = sorted({c}, key=lambda item: item[{m}])",
    "{a} = max({n}, min({b}, {m}))",
    "LOGGER.debug(\"{v} %s rows\", len({c}))",
    "{a} = {c}.get(\"{noun}\", {n})",
    "try:\n    {a} = float({b})\nexcept (TypeError, ValueError):\n    {a} = 0.0",
    "while {a} > {n}:\n    {a} = {a} // 2",
    "{a} = math.sqrt(abs({b})) if {b} else 0.0",
    "assert {a} >= 0, \"{noun} must be non-negative\"",
    "{a} = \"{noun}-{{}}\".format({b})",
    "with open({c}_path, encoding=\"utf-8\") as handle:\n    {a} = handle.read()",
]  # fmt: skip


def _ident(rng: random.Random) -> str:
    return f"{rng.choice(NOUNS)}_{rng.choice(['count', 'total', 'rows', 'values', 'frame', 'ids', 'weights', 'mask'])}"


def _statement(rng: random.Random) -> str:
    return rng.choice(STATEMENTS).format(
        a=_ident(rng),
        b=rng.choice(["value", "row", "item", "weight", "score"]),
        c=_ident(rng),
        n=rng.randint(0, 1000),
        m=rng.randint(1, 9),
        v=rng.choice(VERBS),
        noun=rng.choice(NOUNS),
    )


def _indent(text: str, spaces: int) -> str:
    pad = " " * spaces
    return "\n".join(pad + line if line else line for line in text.splitlines())


def _token(rng: random.Random, length: int, alphabet: str = "") -> str:
    alphabet = alphabet or "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    while True:
        value = "".join(rng.choice(alphabet) for _ in range(length))
        if any(c.isdigit() for c in value) and any(c.isupper() for c in value) and any(c.islower() for c in value):
            return value


def _fake_secret(rng: random.Random) -> str:
    """A credential-shaped literal (random, invalid) for the secrets check to find."""
    kind = rng.randrange(3)
    if kind == 0:
        return "ghp_" + _token(rng, 36)
    if kind == 1:
        return "hf_" + _token(rng, 34)
    return "AKIA" + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16))


# ----------------------------------------------------------------------------------------------------
# Generation.
# ----------------------------------------------------------------------------------------------------


class Writer:
    """Writes files under a root and counts them per category."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.counts: dict[str, int] = {}
        self.bytes: dict[str, int] = {}
        self.made: set[Path] = set()

    def write(self, relative: str, content: str | bytes, category: str) -> None:
        path = self.root / relative
        if path.parent not in self.made:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.made.add(path.parent)
        data = content.encode("utf-8") if isinstance(content, str) else content
        path.write_bytes(data)
        self.counts[category] = self.counts.get(category, 0) + 1
        self.bytes[category] = self.bytes.get(category, 0) + len(data)


def _python_module(rng: random.Random, package: str, name: str, flags: dict[str, bool]) -> str:
    """A module of varied size: docstring, imports, constants, a dataclass, functions."""
    lines = [
        f'"""{name.replace("_", " ").capitalize()}: {rng.choice(VERBS)} {rng.choice(NOUNS)} data for {package}."""',
        "",
    ]
    lines += ["from __future__ import annotations", ""]
    lines += sorted(set(rng.sample(STDLIB, rng.randint(2, 6))) | {"import logging"}) + [""]
    lines += sorted(set(rng.sample(THIRD_PARTY, rng.randint(0, 4)))) + [""]
    lines += [
        "LOGGER = logging.getLogger(__name__)",
        f"DEFAULT_{rng.choice(NOUNS).upper()}_LIMIT = {rng.randint(1, 10_000)}",
        "",
    ]
    if flags.get("secret"):
        lines += [f'API_TOKEN = "{_fake_secret(rng)}"', ""]
    # Module size: log-normal number of functions, so most modules are small and a few are large.
    functions = max(1, min(80, int(rng.lognormvariate(1.7, 0.8))))
    debug_at = rng.randrange(functions) if flags.get("breakpoint") else -1
    if rng.random() < 0.4:
        cls = f"{rng.choice(NOUNS).capitalize()}{rng.choice(['Config', 'Spec', 'Params', 'Record'])}"
        lines += ["", "@dataclass", f"class {cls}:", f'    """Settings of the {rng.choice(NOUNS)} step."""', ""]
        for _ in range(rng.randint(2, 8)):
            lines.append(f"    {_ident(rng)}: float = {rng.random():.3f}")
        lines.append("")
    for index in range(functions):
        fname = f"{rng.choice(VERBS)}_{rng.choice(ADJECTIVES)}_{rng.choice(NOUNS)}_{index}"
        args = ", ".join(f"{_ident(rng)}: Any" for _ in range(rng.randint(0, 3)))
        lines += [
            "",
            "",
            f"def {fname}({args}) -> Any:",
            f'    """{rng.choice(VERBS).capitalize()} the {rng.choice(NOUNS)} {rng.choice(NOUNS)}s."""',
        ]
        body = [_statement(rng) for _ in range(rng.randint(2, 14))]
        if rng.random() < 0.03:
            body.insert(0, f"# TODO: {rng.choice(VERBS)} {rng.choice(NOUNS)}s in batches")
        if index == debug_at:
            body.insert(rng.randrange(len(body) + 1), rng.choice(["breakpoint()", "import pdb; pdb.set_trace()"]))
        for statement in body:
            lines.append(_indent(statement, 4))
        lines.append(f"    return {_ident(rng)} if False else None")
    return "\n".join(lines).replace("if False else None", "if LOGGER else None") + "\n"


def generate_python(writer: Writer, rng: random.Random, count: int) -> list[str]:
    """``count`` modules (``__init__.py`` files included) in nested packages, plus tests and scripts."""
    project = "acme_ml"
    packages: list[str] = []
    index = 0
    while len(packages) * 18 < count:  # ~18 modules per package on average
        area = AREAS[index % len(AREAS)]
        depth = rng.choice([1, 2, 2, 3])
        parts = [area] + [
            f"{rng.choice(NOUNS)}_{index}" if d == depth - 1 else rng.choice(NOUNS) for d in range(1, depth)
        ]
        packages.append("src/" + project + "/" + "/".join(parts))
        index += 1
    inits: set[str] = set()
    plan: list[str] = []
    for package in packages:
        parts = package.split("/")
        for depth in range(2, len(parts) + 1):
            init = "/".join(parts[:depth]) + "/__init__.py"
            if init not in inits:
                inits.add(init)
                plan.append(init)
    while len(plan) < count:
        roll = rng.random()
        if roll < 0.18:
            area = rng.choice(AREAS)
            plan.append(f"tests/{area}/test_{rng.choice(VERBS)}_{rng.choice(NOUNS)}_{len(plan)}.py")
        elif roll < 0.21:
            plan.append(f"scripts/{rng.choice(VERBS)}_{rng.choice(NOUNS)}_{len(plan)}.py")
        else:
            plan.append(f"{rng.choice(packages)}/{rng.choice(VERBS)}_{rng.choice(NOUNS)}_{len(plan)}.py")
    for path in plan[:count]:
        name = path.rsplit("/", 1)[1][:-3]
        if name == "__init__":
            content = f'"""The {path.split("/")[-2]} package."""\n' if rng.random() < 0.7 else ""
        else:
            flags = {"breakpoint": rng.random() < 0.01, "secret": rng.random() < 0.004}
            content = _python_module(rng, path.split("/")[1], name, flags)
        writer.write(path, content, "python")
    return plan[:count]


def _png_blob(rng: random.Random, size: int) -> bytes:
    """PNG-looking bytes (signature and IHDR, then noise): a small binary image for the scan to skip."""
    header = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rng.randbytes(13)
    return header + rng.randbytes(max(0, size - len(header)))


def generate_notebooks(writer: Writer, rng: random.Random, count: int) -> list[str]:
    """Executed nbformat 4.5 notebooks; a few carry errors, absolute paths, pip installs or secrets."""
    import nbformat
    from nbformat import v4

    paths = []
    for number in range(count):
        area = AREAS[number % len(AREAS)]
        slug = f"{number:03d}-{rng.choice(VERBS)}-{rng.choice(NOUNS)}-{rng.choice(NOUNS)}"
        path = f"notebooks/{area}/{slug}.ipynb"
        nb = v4.new_notebook()
        nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
        nb.metadata["language_info"] = {"name": "python", "version": "3.11.7", "mimetype": "text/x-python"}
        title = f"# {slug.split('-', 1)[1].replace('-', ' ').capitalize()}"
        cells = [v4.new_markdown_cell(title + f"\n\nExploration of the {rng.choice(NOUNS)} {rng.choice(NOUNS)} data.")]
        roll = rng.random()
        problem = (
            "error" if roll < 0.04 else
            "abspath" if roll < 0.10 else
            "pip" if roll < 0.15 else
            "unexecuted" if roll < 0.19 else
            "out-of-order" if roll < 0.23 else
            "secret" if roll < 0.24 else
            "late-import" if roll < 0.30 else
            None
        )  # fmt: skip
        imports = sorted(rng.sample(STDLIB + THIRD_PARTY, rng.randint(3, 8)))
        code_cells = max(2, min(60, int(rng.lognormvariate(2.4, 0.5))))
        for index in range(code_cells):
            if index == 0:
                source = "\n".join(imports)
                if problem == "pip":
                    source = "!pip install lightgbm==4.1.0 shap\n" + source
            else:
                source = "\n".join(_statement(rng) for _ in range(rng.randint(1, 12)))
                if problem == "abspath" and index == 1:
                    source = f'frame = pd.read_csv("/home/alice/projects/{rng.choice(NOUNS)}/train.csv")\n' + source
                if problem == "secret" and index == 1:
                    source = f'os.environ["HF_TOKEN"] = "{_fake_secret(rng)}"\n' + source
                if problem == "late-import" and index == code_cells // 2:
                    source = "import seaborn as sns\n" + source
            execution_count: int | None = index + 1
            if problem == "unexecuted" and index >= code_cells // 2:
                execution_count = None
            if problem == "out-of-order" and index == 1:
                execution_count = code_cells + 3
            cell = v4.new_code_cell(source, execution_count=execution_count)
            if execution_count is not None:
                outputs = []
                if rng.random() < 0.5:
                    text = "".join(f"{rng.choice(NOUNS)}: {rng.random():.4f}\n" for _ in range(rng.randint(1, 6)))
                    outputs.append(v4.new_output("stream", name="stdout", text=text))
                if rng.random() < 0.12:
                    png = base64.b64encode(_png_blob(rng, rng.randint(1500, 6000))).decode()
                    outputs.append(
                        v4.new_output(
                            "display_data", data={"image/png": png, "text/plain": "<Figure size 640x480 with 1 Axes>"}
                        )
                    )
                elif rng.random() < 0.1:
                    rows = "".join(f"<tr><td>{i}</td><td>{rng.random():.3f}</td></tr>" for i in range(5))
                    outputs.append(
                        v4.new_output(
                            "execute_result",
                            data={"text/html": f"<table>{rows}</table>", "text/plain": "   value\n0  0.1"},
                            execution_count=execution_count,
                        )
                    )
                if problem == "error" and index == code_cells - 1:
                    outputs.append(
                        v4.new_output(
                            "error",
                            ename="KeyError",
                            evalue="'customer_id'",
                            traceback=[
                                "\x1b[0;31m---------------------------------------------------------------\x1b[0m",
                                "\x1b[0;31mKeyError\x1b[0m                                  "
                                "Traceback (most recent call last)",
                                "Cell \x1b[0;32mIn[12], line 1\x1b[0m\n\x1b[0;32m----> 1\x1b[0m "
                                "frame[\x1b[38;5;124m'customer_id'\x1b[39m]",
                                "\x1b[0;31mKeyError\x1b[0m: 'customer_id'",
                            ],
                        )
                    )
                cell.outputs = outputs
            cells.append(cell)
            if rng.random() < 0.35:
                cells.append(
                    v4.new_markdown_cell(f"## {rng.choice(VERBS).capitalize()} the {rng.choice(NOUNS)}s\n\nNotes.")
                )
        nb.cells = cells
        for position, cell in enumerate(nb.cells):  # deterministic ids (nbformat draws random ones)
            cell["id"] = f"cell-{position:03d}"
        writer.write(path, nbformat.writes(nb), "notebooks")
        paths.append(path)
    return paths


MODEL_CARD_SECTIONS = [
    "Model Details", "Intended Use", "Out-of-Scope Use", "Training Data", "Evaluation", "Metrics",
    "Limitations", "Ethical Considerations", "Owners",
]  # fmt: skip


def _model_names(rng: random.Random, count: int) -> list[str]:
    return [
        f"{rng.choice(NOUNS)}-{rng.choice(['gbm', 'ranker', 'bert', 'lr', 'cnn', 'tft'])}-{n:03d}" for n in range(count)
    ]


def generate_model_cards(writer: Writer, rng: random.Random, names: list[str]) -> None:
    """``models/<name>/MODEL_CARD.md``: YAML front matter and sections; ~10% miss or empty one."""
    for name in names:
        sections = list(MODEL_CARD_SECTIONS)
        empty = None
        if rng.random() < 0.06:
            sections.remove(rng.choice(sections))
        elif rng.random() < 0.05:
            empty = rng.choice(sections)
        front = (
            f"---\nmodel_name: {name}\nversion: {rng.randint(1, 5)}.{rng.randint(0, 9)}.{rng.randint(0, 20)}\n"
            f"owners: ['@acme/ml-{name.split('-')[0]}']\nlicense: proprietary\n"
            f"tags: [{rng.choice(['tabular', 'nlp', 'vision'])}, "
            f"{rng.choice(['classification', 'ranking', 'regression'])}]\n---\n"
        )
        body = [f"# Model card: {name}", ""]
        for section in sections:
            body += [f"## {section}", ""]
            if section != empty:
                for _ in range(rng.randint(1, 4)):
                    words = " ".join(rng.choice(NOUNS + VERBS + ADJECTIVES) for _ in range(rng.randint(12, 40)))
                    body += [words.capitalize() + ".", ""]
        writer.write(f"models/{name}/MODEL_CARD.md", front + "\n".join(body), "model_cards")


def generate_metric_reports(writer: Writer, rng: random.Random, names: list[str]) -> None:
    """``reports/<name>/metrics.json``: evaluation, latency, robustness, slices; ~10% under the bar."""
    for name in names:
        weak = rng.random() < 0.1
        report = {
            "model": {"name": name, "version": f"{rng.randint(1, 5)}.{rng.randint(0, 9)}.{rng.randint(0, 20)}"},
            "dataset": {"name": f"{name}-eval", "rows": rng.randint(2000, 200000), "snapshot": "2024-05-01"},
            "eval": {
                "auc": round(rng.uniform(0.60, 0.74) if weak else rng.uniform(0.78, 0.97), 4),
                "precision": round(rng.uniform(0.6, 0.9), 4),
                "recall": round(rng.uniform(0.66, 0.92), 4),
                "n": rng.randint(500, 50000),
            },
            "latency": {"p50_ms": round(rng.uniform(2, 40), 2), "p95_ms": round(rng.uniform(40, 110), 2)},
            "robustness": {"gaussian_noise": {"auc_drop": round(rng.uniform(0, 0.04), 4)}},
            "slices": [
                {
                    "slice": f"{rng.choice(NOUNS)}={i}",
                    "auc": round(rng.uniform(0.7, 0.95), 4),
                    "n": rng.randint(50, 5000),
                }
                for i in range(rng.randint(5, 30))
            ],
            "confusion_matrix": [[rng.randint(0, 9999) for _ in range(2)] for _ in range(2)],
        }
        writer.write(f"reports/{name}/metrics.json", json.dumps(report, indent=2) + "\n", "metric_reports")


def _csv(rng: random.Random, size: int) -> str:
    columns = rng.sample(NOUNS, rng.randint(3, 9))
    lines = ["id," + ",".join(columns)]
    length = len(lines[0])
    row = 0
    while length < size:
        line = f"{row}," + ",".join(f"{rng.random() * 100:.3f}" for _ in columns)
        lines.append(line)
        length += len(line) + 1
        row += 1
    return "\n".join(lines) + "\n"


def _prose(rng: random.Random, size: int) -> str:
    out: list[str] = []
    length = 0
    while length < size:
        line = " ".join(rng.choice(NOUNS + VERBS + ADJECTIVES) for _ in range(rng.randint(6, 16))).capitalize() + "."
        out.append(line)
        length += len(line) + 1
    return "\n".join(out) + "\n"


def _yaml_config(rng: random.Random) -> str:
    lines = [f"name: {rng.choice(NOUNS)}-{rng.choice(VERBS)}", f"seed: {rng.randint(0, 9999)}", "params:"]
    for _ in range(rng.randint(3, 15)):
        lines.append(
            f"  {_ident(rng)}: "
            + rng.choice([str(rng.randint(1, 512)), f"{rng.random():.4f}", "true", rng.choice(NOUNS)])
        )
    lines += ["inputs:"] + [
        f"  - data/{rng.choice(NOUNS)}/{rng.choice(['train', 'valid'])}.csv" for _ in range(rng.randint(1, 4))
    ]
    return "\n".join(lines) + "\n"


def _train_config(rng: random.Random, valid: bool) -> str:
    lines = [
        f"model: {rng.choice(NOUNS)}",
        f"seed: {rng.randint(0, 9999)}",
        f"learning_rate: {rng.uniform(0.0001, 0.1):.5f}",
        f"epochs: {rng.randint(1, 100) if valid else 'many'}",
        f"dataset: data/{rng.choice(NOUNS)}/train.csv",
    ]
    return "\n".join(lines) + "\n"


def _log(rng: random.Random, size: int) -> str:
    out: list[str] = []
    length = 0
    step = 0
    while length < size:
        when = f"2024-05-{rng.randint(1, 28):02d} 12:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
        line = f"{when} INFO step={step} loss={rng.random():.5f} lr=0.001"
        out.append(line)
        length += len(line) + 1
        step += 1
    return "\n".join(out) + "\n"


OTHER_MIX: list[tuple[str, float]] = [
    ("csv", 0.30), ("png", 0.20), ("txt", 0.10), ("yaml", 0.08), ("log", 0.08), ("json", 0.05),
    ("md", 0.05), ("bin", 0.05), ("jsonl", 0.03), ("summary", 0.05), ("toml", 0.01),
]  # fmt: skip


def generate_other(writer: Writer, rng: random.Random, count: int, scale: float) -> None:
    """``count`` other files of a realistic mix, ~40 per folder across many folders."""
    kinds = [kind for kind, _ in OTHER_MIX]
    weights = [weight for _, weight in OTHER_MIX]
    train_configs = max(1, round(20 * scale))
    folders: dict[str, list[str]] = {}

    def folder(kind: str) -> str:
        pool = folders.setdefault(kind, [])
        wanted = max(1, int(count * dict(OTHER_MIX)[kind] / 40))
        if len(pool) < wanted and (not pool or rng.random() < 0.15):
            n = len(pool)
            base = {
                "csv": f"data/{rng.choice(NOUNS)}_{n}/{rng.choice(['raw', 'interim', 'processed'])}",
                "png": f"assets/figures/{rng.choice(AREAS)}/{rng.choice(NOUNS)}_{n}",
                "txt": f"docs/notes/{rng.choice(NOUNS)}_{n}",
                "yaml": f"configs/{rng.choice(AREAS)}/{rng.choice(NOUNS)}_{n}",
                "log": f"logs/run_{n:04d}",
                "json": f"configs/{rng.choice(AREAS)}/json_{n}",
                "md": f"docs/{rng.choice(AREAS)}/{rng.choice(NOUNS)}_{n}",
                "bin": f"artifacts/{rng.choice(NOUNS)}_{n}",
                "jsonl": f"data/samples/{rng.choice(NOUNS)}_{n}",
                "summary": f"experiments/exp_{n:04d}",
                "toml": f"configs/tools/{rng.choice(NOUNS)}_{n}",
            }[kind]
            pool.append(base)
        return rng.choice(pool)

    for number in range(train_configs):
        writer.write(
            f"configs/train/{rng.choice(NOUNS)}-{number:04d}.yaml", _train_config(rng, rng.random() > 0.05), "other"
        )
    for number in range(count - train_configs):
        kind = rng.choices(kinds, weights)[0]
        where = folder(kind)
        stem = f"{rng.choice(NOUNS)}-{number:06d}"
        if kind == "csv":
            writer.write(f"{where}/part-{stem}.csv", _csv(rng, int(rng.lognormvariate(8.3, 0.8))), "other")
        elif kind == "png":
            writer.write(f"{where}/{stem}.png", _png_blob(rng, int(rng.lognormvariate(8.8, 0.9))), "other")
        elif kind == "txt":
            writer.write(f"{where}/{stem}.txt", _prose(rng, int(rng.lognormvariate(7.3, 0.7))), "other")
        elif kind == "yaml":
            writer.write(f"{where}/{stem}.yaml", _yaml_config(rng), "other")
        elif kind == "log":
            writer.write(f"{where}/{stem}.log", _log(rng, int(rng.lognormvariate(8.0, 0.8))), "other")
        elif kind == "json":
            config = {"name": stem, "params": {_ident(rng): rng.random() for _ in range(rng.randint(2, 12))}}
            writer.write(f"{where}/{stem}.json", json.dumps(config, indent=2) + "\n", "other")
        elif kind == "md":
            writer.write(
                f"{where}/{stem}.md", f"# {stem}\n\n" + _prose(rng, int(rng.lognormvariate(7.0, 0.6))), "other"
            )
        elif kind == "bin":
            writer.write(f"{where}/{stem}.bin", rng.randbytes(int(rng.lognormvariate(8.5, 1.0))), "other")
        elif kind == "jsonl":
            rows = "".join(
                json.dumps({"id": i, "text": _prose(rng, 80).strip()}) + "\n" for i in range(rng.randint(5, 40))
            )
            writer.write(f"{where}/{stem}.jsonl", rows, "other")
        elif kind == "summary":
            summary = {"run": stem, "metrics": {m: rng.random() for m in rng.sample(NOUNS, 6)}, "status": "finished"}
            writer.write(f"{where}/summary-{stem}.json", json.dumps(summary, indent=2) + "\n", "other")
        elif kind == "toml":
            writer.write(
                f"{where}/{stem}.toml",
                f'[tool.{rng.choice(NOUNS)}]\nline-length = {rng.randint(80, 120)}\nname = "{stem}"\n',
                "other",
            )


TEAM_POLICY = """\
# The ML platform team's production-readiness bar, on top of the recommended pack (see readycheck.yaml).
readycheck: 1
name: acme-ml-team
description: Readiness bar of the ACME ML platform team (synthetic benchmark repository).
rules:
  team/readme-sections:
    check: markdown/sections
    level: warning
    area: documentation
    paths: ["README.md"]
    with: {required: ["Overview", "Usage", "Contact", "On-call"]}
  team/codeowners-catch-all:
    check: file/contains
    level: error
    area: ownership
    paths: [".github/CODEOWNERS"]
    with: {pattern: '^\\*\\s+@acme/ml-platform\\b'}
  team/model-card-sections:
    check: markdown/sections
    level: error
    area: documentation
    tier: silver
    paths: ["models/*/MODEL_CARD.md"]
    with:
      required: [Model Details, Intended Use, Out-of-Scope Use, Training Data, Evaluation, Metrics, Limitations,
                 Ethical Considerations, Owners]
  team/metric-thresholds:
    check: data/field
    level: error
    area: performance
    tier: silver
    paths: ["reports/*/metrics.json"]
    with:
      fields:
        "model.version": {matches: '^\\d+\\.\\d+\\.\\d+$'}
        "eval.auc": ">= 0.75"
        "eval.precision": ">= 0.55"
        "eval.recall": ">= 0.65"
        "eval.n": ">= 200"
        "latency.p50_ms": "> 0 and <= 50"
        "latency.p95_ms": "<= 120"
        "robustness.gaussian_noise.auc_drop": "<= 0.05"
  team/train-config-schema:
    check: data/schema
    level: error
    area: reproducibility
    paths: ["configs/train/*.yaml"]
    with: {schema: schemas/train-config.schema.json}
  team/no-breakpoints:
    check: file/contains
    level: error
    area: code-quality
    paths: ["**/*.py"]
    with: {pattern: 'breakpoint\\(|pdb\\.set_trace\\(', forbid: true}
    message: "debugger call left in the code"
  team/todo-needs-issue:
    check: file/contains
    level: note
    area: code-quality
    paths: ["**/*.py"]
    with: {pattern: '#\\s*TODO(?!\\(#\\d+\\))', forbid: true}
    message: "TODO without an issue number"
  team/no-pickled-models:
    check: file/absent
    level: error
    area: security
    paths: ["*.pkl", "*.pickle", "*.joblib"]
  team/pinned-requirements:
    check: file/contains
    level: error
    area: reproducibility
    paths: ["requirements*.txt"]
    with: {pattern: '^[ \\t]*[A-Za-z0-9][A-Za-z0-9._\\[\\]-]*[ \\t]*($|#|;|[<>~!]=?)', forbid: true}
"""

TRAIN_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["model", "seed", "learning_rate", "epochs", "dataset"],
    "properties": {
        "model": {"type": "string"},
        "seed": {"type": "integer", "minimum": 0},
        "learning_rate": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
        "epochs": {"type": "integer", "minimum": 1},
        "dataset": {"type": "string", "pattern": "^data/"},
    },
    "additionalProperties": False,
}


def generate_project_files(writer: Writer, rng: random.Random) -> None:
    """README, CODEOWNERS, .gitignore, packaging, config, team policy, schema, a few ignored files."""
    writer.write(
        "README.md",
        "# acme-ml\n\nSynthetic ML monorepo for readycheck's benchmark.\n\n"
        "## Overview\n\nModels, pipelines, notebooks.\n\n"
        "## Usage\n\n```console\n$ pip install -e .\n```\n\n"
        "## Contact\n\n#ml-platform on Slack.\n\n"
        "## On-call\n\nSee the rota.\n",
        "project",
    )
    writer.write(
        ".github/CODEOWNERS", "*  @acme/ml-platform\n/models/  @acme/ml-platform @acme/ml-research\n", "project"
    )
    writer.write(
        ".gitignore",
        "__pycache__/\n*.py[cod]\n.bench-manifest.json\n.venv/\n.env\noutputs/\nwandb/\nmlruns/\n.ipynb_checkpoints/\n*.egg-info/\n",
        "project",
    )
    writer.write(
        "pyproject.toml", '[project]\nname = "acme-ml"\nversion = "0.1.0"\nrequires-python = ">=3.11"\n', "project"
    )
    writer.write(
        "requirements.txt",
        "numpy==1.26.4\npandas==2.2.2\nscikit-learn==1.4.2\nlightgbm==4.1.0\ntorch==2.3.0\n",
        "project",
    )
    writer.write(
        "readycheck.yaml",
        "# readycheck configuration: the recommended pack, then the team's own rules.\n"
        "policy: [recommended, policies/team.yaml]\n",
        "project",
    )
    writer.write("policies/team.yaml", TEAM_POLICY, "project")
    writer.write("schemas/train-config.schema.json", json.dumps(TRAIN_SCHEMA, indent=2) + "\n", "project")
    writer.write("models/legacy/model.pkl", rng.randbytes(2048), "project")  # a file/absent finding
    for number in range(40):  # ignored by .gitignore: walked past, never scanned
        writer.write(f"outputs/run-{number:03d}/predictions.csv", _csv(rng, 2000), "ignored")


def _scaled(category: str, scale: float) -> int:
    return max(1, round(PER_SCALE[category] * scale))


def generate(root: Path, scale: float) -> dict[str, Any]:
    """Write the repository under ``root`` (empty or absent); return its manifest."""
    started = time.perf_counter()
    writer = Writer(root)
    rng = random.Random(SEED)
    generate_project_files(writer, random.Random(SEED + 1))
    modules = generate_python(writer, random.Random(SEED + 2), _scaled("python", scale))
    notebooks = generate_notebooks(writer, random.Random(SEED + 3), _scaled("notebooks", scale))
    names = _model_names(rng, _scaled("model_cards", scale))
    generate_model_cards(writer, random.Random(SEED + 4), names)
    generate_metric_reports(writer, random.Random(SEED + 5), names[: _scaled("metric_reports", scale)])
    generate_other(writer, random.Random(SEED + 6), _scaled("other", scale), scale)
    manifest = {
        "generator": GENERATOR_VERSION,
        "seed": SEED,
        "scale": scale,
        "counts": writer.counts,
        "bytes": writer.bytes,
        "files": sum(count for category, count in writer.counts.items() if category != "ignored"),
        "notebooks": notebooks,
        "modules": modules,
        "seconds": round(time.perf_counter() - started, 1),
    }
    (root / MANIFEST).write_text(json.dumps(manifest, indent=1))
    return manifest


def prepare_repository(out: Path | None, scale: float) -> tuple[Path, dict[str, Any], bool]:
    """The repository to measure: reused from ``out`` when it holds this scale, else generated.
    Returns (root, manifest, temporary)."""
    if out is None:
        root = Path(tempfile.mkdtemp(prefix=f"readycheck-bench-s{scale}-"))
        return root, generate(root, scale), True
    if (out / MANIFEST).is_file():
        manifest = json.loads((out / MANIFEST).read_text())
        if manifest.get("scale") == scale and manifest.get("generator") == GENERATOR_VERSION:
            print(f"reusing the repository in {out}", file=sys.stderr)
            return out, manifest, False
        raise SystemExit(f"bench: {out} holds another benchmark repository (scale {manifest.get('scale')}); remove it")
    if out.exists() and any(out.iterdir()):
        raise SystemExit(f"bench: {out} is not empty and not a benchmark repository")
    return out, generate(out, scale), False


# ----------------------------------------------------------------------------------------------------
# The floor: plain Python, run as a subprocess of this same file.
# ----------------------------------------------------------------------------------------------------


def _floor_parse(name: str, data: bytes, yaml_load: Callable[[str], Any] | None) -> None:
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    try:
        if suffix == "ipynb":
            notebook = json.loads(data)
            for cell in notebook.get("cells", []):  # code cells as Python, as notebook checks do
                if cell.get("cell_type") == "code":
                    source = "".join(cell.get("source", []))
                    lines = ["pass" if line.lstrip().startswith(("!", "%")) else line for line in source.splitlines()]
                    ast.parse("\n".join(lines))
        elif suffix == "json":
            json.loads(data)
        elif suffix == "py":
            ast.parse(data)
        elif suffix in ("yaml", "yml") and yaml_load is not None:
            yaml_load(data.decode("utf-8"))
        elif suffix == "toml":
            import tomllib

            tomllib.loads(data.decode("utf-8"))
        elif b"\0" not in data[:8192]:
            data.decode("utf-8", errors="replace")
    except (SyntaxError, ValueError):
        pass


def _yaml_loader() -> Callable[[str], Any] | None:
    try:
        from ruamel.yaml import YAML
    except ImportError:
        return None
    return YAML(typ="safe").load


def _skipped_dirs(root: str) -> set[str]:
    """Directory names to skip: VCS and cache folders, and the plain 'name/' lines of .gitignore."""
    skipped = {".git", ".readycheck_cache", "__pycache__", ".venv", ".ipynb_checkpoints"}
    try:
        with open(os.path.join(root, ".gitignore"), encoding="utf-8") as handle:
            skipped |= {line.strip().strip("/") for line in handle if line.strip().endswith("/") and "*" not in line}
    except OSError:
        pass
    return skipped


def floor_main(root: str, mode: str, files: Sequence[str]) -> int:
    """Walk ``root`` (or only ``files``) doing what ``mode`` says: stat, read, or read and parse."""
    yaml_load = _yaml_loader() if mode == "parse" else None
    count = 0
    if files:
        targets = [os.path.join(root, f) for f in files]
    else:
        skipped = _skipped_dirs(root)
        targets = []
        for directory, dirnames, filenames in os.walk(root):
            dirnames[:] = [d for d in dirnames if d not in skipped]
            targets.extend(os.path.join(directory, name) for name in filenames if name != MANIFEST)
    for path in targets:
        if mode == "stat":
            os.stat(path)
        else:
            with open(path, "rb") as handle:
                data = handle.read()
            if mode == "parse":
                _floor_parse(path, data, yaml_load)
        count += 1
    print(count)
    return 0


# ----------------------------------------------------------------------------------------------------
# Measuring.
# ----------------------------------------------------------------------------------------------------


def _children_of() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                stat = handle.read()
        except OSError:
            continue
        parent = int(stat[stat.rfind(")") + 2 :].split()[1])
        tree.setdefault(parent, []).append(int(entry))
    return tree


def _memory_kb(pid: int) -> tuple[int, int]:
    """(PSS, RSS) of one process in KiB, from /proc/PID/smaps_rollup (0, 0 once it is gone)."""
    pss = rss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1])
                elif line.startswith("Rss:"):
                    rss = int(line.split()[1])
    except OSError:
        pass
    return pss, rss


def memory_main(command: Sequence[str], cwd: str, interval: float) -> int:
    """Run ``command`` as this fresh process's only child; print its peak memory as JSON."""
    peak = {"pss_kb": 0, "rss_kb": 0, "processes": 0}
    done = threading.Event()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def sample() -> None:
        while not done.is_set():
            tree = _children_of()
            pids, frontier = [], [process.pid]
            while frontier:
                pid = frontier.pop()
                pids.append(pid)
                frontier.extend(tree.get(pid, []))
            totals = [_memory_kb(pid) for pid in pids]
            peak["pss_kb"] = max(peak["pss_kb"], sum(t[0] for t in totals))
            peak["rss_kb"] = max(peak["rss_kb"], sum(t[1] for t in totals))
            peak["processes"] = max(peak["processes"], sum(1 for t in totals if t[1]))
            done.wait(interval)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    done.set()
    sampler.join()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        json.dumps(
            {**peak, "maxrss_kb": usage.ru_maxrss, "returncode": process.returncode, "stderr": stderr.decode()[-2000:]}
        )
    )
    return 0


ENVIRONMENT: dict[str, str] = {}
"""Extra environment of every measured subprocess (set by main: bytecode cache, colour)."""


def bench_cache(root: Path) -> Path:
    """The user cache directory the measured runs use for ``root`` (READYCHECK_CACHE_DIR): outside the
    repository, as readycheck's own default is, and the benchmark's own so that it can be deleted."""
    digest = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"readycheck-bench-cache-{digest}"


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("READYCHECK_")}
    env["NO_COLOR"] = "1"
    for key, value in ENVIRONMENT.items():
        if value:
            env[key] = value
        else:
            env.pop(key, None)
    return env


def _cpu_jiffies() -> tuple[int, int]:
    """(busy, total) jiffies of all CPUs since boot, from /proc/stat."""
    with open("/proc/stat", encoding="ascii") as handle:
        fields = [int(x) for x in handle.readline().split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return sum(fields[:8]) - idle, sum(fields[:8])


def wait_for_idle(limit: float, threshold: float = 0.25) -> float:
    """Wait (up to ``limit`` seconds) until other processes use under ``threshold`` of one core;
    return the load seen last, in cores."""
    cores = os.cpu_count() or 1
    deadline = time.monotonic() + limit
    while True:
        busy0, total0 = _cpu_jiffies()
        time.sleep(0.25)
        busy1, total1 = _cpu_jiffies()
        load = (busy1 - busy0) / max(1, total1 - total0) * cores
        if load < threshold or time.monotonic() >= deadline:
            return load
        time.sleep(1.0)


class Run:
    """One timed subprocess: wall time, its CPU time, and the CPU others used meanwhile (in cores)."""

    def __init__(self, wall: float, cpu: float, others: float) -> None:
        self.wall, self.cpu, self.others = wall, cpu, others


def timed(command: Sequence[str], cwd: Path, stdout: Any = subprocess.DEVNULL, ok: Sequence[int] = (0, 1)) -> Run:
    """Wall time of one subprocess run (start to exit, as a user waits for it), with CPU accounting."""
    cores = os.cpu_count() or 1
    usage0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy0, total0 = _cpu_jiffies()
    started = time.perf_counter()
    process = subprocess.run(command, cwd=cwd, stdout=stdout, stderr=subprocess.PIPE, env=_environment())
    elapsed = time.perf_counter() - started
    busy1, total1 = _cpu_jiffies()
    usage1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode not in ok:
        raise SystemExit(f"bench: {' '.join(command)} exited {process.returncode}:\n{process.stderr.decode()[-3000:]}")
    cpu = (usage1.ru_utime - usage0.ru_utime) + (usage1.ru_stime - usage0.ru_stime)
    all_busy = (busy1 - busy0) / max(1, total1 - total0) * cores * elapsed  # CPU-seconds used by everyone
    others = max(0.0, all_busy - cpu) / elapsed if elapsed > 0 else 0.0
    return Run(elapsed, cpu, others)


def measure_memory(command: Sequence[str], cwd: Path, interval: float = 0.02) -> dict[str, Any]:
    helper = [sys.executable, __file__, "_memory", "--cwd", str(cwd), "--interval", str(interval), "--", *command]
    process = subprocess.run(helper, capture_output=True, env=_environment(), check=True)
    result = json.loads(process.stdout)
    if result["returncode"] not in (0, 1):
        raise SystemExit(f"bench: {' '.join(command)} exited {result['returncode']}:\n{result['stderr']}")
    return result


class Series:
    """Repeated measurements of one thing."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.runs: list[Run] = []

    @property
    def median(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    def as_dict(self) -> dict[str, Any]:
        walls = [r.wall for r in self.runs]
        return {
            "median": self.median,
            "min": min(walls),
            "max": max(walls),
            "runs": walls,
            "cpu_median": statistics.median(r.cpu for r in self.runs),
            "others_median": statistics.median(r.others for r in self.runs),
            "others_max": max(r.others for r in self.runs),
        }


def count_findings(report: Path) -> int:
    return len(json.loads(report.read_text(encoding="utf-8"))["findings"])


def _edit_notebook(path: Path, run: int) -> None:
    """Change the notebook's title cell as an author would (nbformat's own JSON layout kept)."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cell = notebook["cells"][0]
    source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
    first, _, rest = source.partition("\n")
    cell["source"] = f"{first.split(' (rev')[0]} (rev {run})\n{rest}"
    path.write_text(json.dumps(notebook, sort_keys=True, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _edit_module(path: Path, run: int) -> None:
    """Change a Python module's last line (a comment), as a commit would change the file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if lines and lines[-1].startswith("# rev "):
        lines.pop()
    path.write_text("\n".join([*lines, f"# rev {run}"]) + "\n", encoding="utf-8")


def _pick_median(root: Path, paths: list[str]) -> str:
    """The file of median size (a typical one), deterministically."""
    sized = sorted(paths, key=lambda p: ((root / p).stat().st_size, p))
    return sized[len(sized) // 2]


HEAVY_MODULES = ("nbformat", "fastjsonschema", "jsonschema", "radon", "ruamel.yaml", "pathspec", "pluggy", "click")


def imported_modules(command: Sequence[str], cwd: Path) -> dict[str, Any]:
    """Which heavy third-party packages ``python -X importtime -m readycheck ARGS`` imports, with the
    cumulative import time of each (microseconds, as -X importtime reports them)."""
    process = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "readycheck", *command],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=_environment(),
    )
    found: dict[str, int] = {}
    total = 0
    for line in process.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = line.split("|")
        if not name.startswith("  ") and name.strip() != "":
            try:
                total += int(cumulative)
            except ValueError:
                continue
        module = name.strip()
        for heavy in HEAVY_MODULES:
            if module == heavy:
                found[heavy] = max(found.get(heavy, 0), int(cumulative))
    return {"modules": found, "total_us": total}


def _short_path(filename: str) -> str:
    """A profile entry's file, shortened: package-relative, 'stdlib/...', or '~' for built-ins."""
    if "site-packages/" in filename:
        return filename.split("site-packages/", 1)[1]
    if "/readycheck/" in filename:
        return "readycheck/" + filename.rsplit("/readycheck/", 1)[1]
    if "/lib/python3" in filename:
        return "stdlib/" + filename.split("/lib/python3", 1)[1].split("/", 1)[-1]
    return filename


def profile_cold(root: Path, readycheck_python: str, top: int) -> str:
    """cProfile of one cold full scan with --jobs 1 (everything in one process): the top functions
    by own time and the top readycheck functions by cumulative time, as Markdown."""
    import pstats

    ENVIRONMENT["READYCHECK_CACHE_DIR"] = str(bench_cache(root))
    shutil.rmtree(bench_cache(root), ignore_errors=True)
    output = Path(tempfile.mkstemp(prefix="readycheck-bench-", suffix=".prof")[1])
    command = [
        readycheck_python,
        "-m",
        "cProfile",
        "-o",
        str(output),
        "-m",
        "readycheck",
        "check",
        "-j",
        "1",
        "--format",
        "json",
    ]
    timed(command, root)
    stats = pstats.Stats(str(output))
    total = stats.total_tt  # type: ignore[attr-defined]
    rows: list[tuple[float, float, int, str]] = []
    for (filename, line, function), (_, calls, tottime, cumtime, _) in stats.stats.items():  # type: ignore[attr-defined]
        short = _short_path(filename)
        rows.append((tottime, cumtime, calls, f"{short}:{line}({function})"))
    lines = [
        f"Total under cProfile: {total:.2f} s (cProfile slows Python-heavy code 2-3×: read shares, not seconds).",
        "",
    ]
    lines += ["| own time | share | calls | function |", "| ---: | ---: | ---: | --- |"]
    for tottime, _, calls, name in sorted(rows, reverse=True)[:top]:
        lines.append(f"| {tottime:.2f} s | {tottime / total * 100:.1f}% | {calls:,} | `{name}` |")
    lines += ["", "| cumulative | share | calls | readycheck function |", "| ---: | ---: | ---: | --- |"]
    ours = [r for r in rows if r[3].startswith("readycheck/") and r[1] < 0.85 * total]  # below cli/runner/engine.run
    for _, cumtime, calls, name in sorted(ours, key=lambda r: r[1], reverse=True)[:top]:
        lines.append(f"| {cumtime:.2f} s | {cumtime / total * 100:.1f}% | {calls:,} | `{name}` |")
    output.unlink(missing_ok=True)
    return "\n".join(lines)


def measure(
    root: Path,
    manifest: dict[str, Any],
    runs: int,
    mem_runs: int,
    jobs: int | None,
    readycheck: str,
    skip_floor: bool,
    idle_wait: float,
) -> dict[str, Any]:
    """Every figure for one repository."""
    cache = bench_cache(root)
    ENVIRONMENT["READYCHECK_CACHE_DIR"] = str(cache)
    report = Path(tempfile.mkstemp(prefix="readycheck-bench-", suffix=".json")[1])
    scan = [readycheck, "check", "--format", "json"]
    default_jobs = os.cpu_count() or 1
    main_jobs = jobs or default_jobs
    job_options = [] if jobs is None else ["-j", str(jobs)]
    results: dict[str, Any] = {"series": {}, "memory": {}, "findings": {}, "jobs": main_jobs, "idle_wait": idle_wait}
    series: dict[str, Series] = {}

    def run_series(
        name: str, command: list[str], before: Callable[[int], None] | None = None, out: Path | None = None
    ) -> None:
        item = series[name] = Series(name)
        for run in range(runs):
            if before is not None:
                before(run)
            if idle_wait:
                wait_for_idle(idle_wait)
            with open(out or os.devnull, "wb") as handle:
                item.runs.append(timed(command, root, handle))
            if out is not None:
                results["findings"].setdefault(name, []).append(count_findings(out))
        walls = ", ".join(f"{r.wall:.3f}" for r in item.runs)
        others = max(r.others for r in item.runs)
        print(f"  {name:<18} median {item.median:7.3f} s  ({walls}; others up to {others:.2f} cores)", file=sys.stderr)

    def drop_cache(_: int) -> None:
        shutil.rmtree(cache, ignore_errors=True)

    print("warming up (one discarded cold scan, one discarded --version)", file=sys.stderr)
    drop_cache(0)
    with open(report, "wb") as handle:
        timed(scan + job_options, root, handle)
    timed([readycheck, "--version"], root)
    run_series("startup", [readycheck, "--version"])
    run_series("cold", scan + job_options, drop_cache, report)
    run_series("warm", scan + job_options, None, report)
    for n in sorted({1, 2} - {main_jobs}):
        run_series(f"cold_j{n}", [*scan, "-j", str(n)], drop_cache, report)
    notebook = _pick_median(root, manifest["notebooks"])
    module = (
        _pick_median(root, [p for p in manifest.get("modules", []) if not p.endswith("__init__.py")])
        if manifest.get("modules")
        else None
    )
    results["precommit_notebook"] = {"path": notebook, "bytes": (root / notebook).stat().st_size}
    timed(scan + job_options, root)  # the cache holds the whole repository, as on a developer's machine
    run_series("precommit", [*scan, notebook], lambda run: _edit_notebook(root / notebook, run), report)
    if module:
        results["precommit_module"] = {"path": module, "bytes": (root / module).stat().st_size}
        run_series("precommit_py", [*scan, module], lambda run: _edit_module(root / module, run), report)
    run_series("python_startup", [sys.executable, "-c", "pass"])
    if not skip_floor:
        floor = [sys.executable, __file__, "_floor", str(root)]
        run_series("floor_parse", [*floor, "--mode", "parse"])
        run_series("floor_read", [*floor, "--mode", "read"])
        run_series("floor_stat", [*floor, "--mode", "stat"])
        run_series("floor_precommit", [*floor, "--mode", "parse", "--files", notebook])
    print("imports (python -X importtime)", file=sys.stderr)
    _edit_notebook(root / notebook, runs)  # a cache miss, as in the pre-commit runs
    results["imports"] = {
        "--version": imported_modules(["--version"], root),
        "check one notebook": imported_modules(["check", notebook], root),
    }
    if module:
        _edit_module(root / module, runs)
        results["imports"]["check one module"] = imported_modules(["check", module], root)
    print("memory (fresh helper process per run)", file=sys.stderr)
    memory_runs: dict[str, list[dict[str, Any]]] = {}
    for run in range(mem_runs):
        drop_cache(run)
        memory_runs.setdefault("cold", []).append(measure_memory(scan + job_options, root))
        for n in sorted({1, 2} - {main_jobs}):
            drop_cache(run)
            memory_runs.setdefault(f"cold_j{n}", []).append(measure_memory([*scan, "-j", str(n)], root))
        if not skip_floor:
            memory_runs.setdefault("floor_parse", []).append(
                measure_memory([sys.executable, __file__, "_floor", str(root), "--mode", "parse"], root)
            )
    for name, samples in memory_runs.items():
        results["memory"][name] = {
            "pss_mb": statistics.median(s["pss_kb"] for s in samples) / 1024,
            "rss_mb": statistics.median(s["rss_kb"] for s in samples) / 1024,
            "maxrss_mb": statistics.median(s["maxrss_kb"] for s in samples) / 1024,
            "processes": max(s["processes"] for s in samples),
            "runs": len(samples),
        }
        print(f"  {name:<18} {results['memory'][name]}", file=sys.stderr)
    results["series"] = {name: item.as_dict() for name, item in series.items()}
    report.unlink(missing_ok=True)
    return results


def precommit_across(roots: Sequence[Path], runs: int, readycheck: str, idle_wait: float) -> str:
    """Pre-commit on one notebook in several generated repositories, interleaved run by run, so that
    drift in the machine's speed hits every scale alike: does the hook's cost grow with the repository?"""
    manifests = {root: json.loads((root / MANIFEST).read_text()) for root in roots}
    notebooks = {root: _pick_median(root, manifest["notebooks"]) for root, manifest in manifests.items()}
    scan = [readycheck, "check", "--format", "json"]
    for root in roots:
        timed(scan, root)  # populate the cache, as on a developer's machine
    walls: dict[Path, list[float]] = {root: [] for root in roots}
    for run in range(runs):
        for root in roots:
            _edit_notebook(root / notebooks[root], 1000 + run)
            if idle_wait:
                wait_for_idle(idle_wait)
            walls[root].append(timed([*scan, notebooks[root]], root).wall)
    lines = [
        f"Pre-commit on one notebook (edited: cache miss; cache populated), {runs} interleaved runs:",
        "",
        "| scale | files | notebook | median | min – max |",
        "| ---: | ---: | --- | ---: | ---: |",
    ]
    for root in sorted(roots, key=lambda r: manifests[r]["scale"]):
        values = walls[root]
        lines.append(
            f"| {manifests[root]['scale']} | {manifests[root]['files']:,} | `{Path(notebooks[root]).name}` "
            f"| {_ms(statistics.median(values))} | {_ms(min(values))} – {_ms(max(values))} |"
        )
    return "\n".join(lines)


def machine_info(readycheck: str) -> dict[str, Any]:
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            cpu = next((line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")), cpu)
    except OSError:
        pass
    try:
        memory_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError):
        memory_gib = 0.0
    version = subprocess.run(
        [readycheck, "--version"], capture_output=True, text=True, env=_environment()
    ).stdout.strip()
    return {
        "commit": _checkout_state(),
        "nproc": os.cpu_count(),
        "affinity": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "cpu": cpu,
        "memory_gib": round(memory_gib, 1),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "readycheck": version,
        "date": datetime.date.today().isoformat(),
    }


# ----------------------------------------------------------------------------------------------------
# Reporting.
# ----------------------------------------------------------------------------------------------------


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _spread(item: dict[str, Any]) -> str:
    return f"{_ms(item['min'])} – {_ms(item['max'])}"


def render(results: dict[str, Any], manifest: dict[str, Any], runs: int) -> str:
    """The Markdown report of one scale."""
    scale = manifest["scale"]
    s = results["series"]
    m = results["memory"]
    files = manifest["files"]
    size = sum(v for k, v in manifest["bytes"].items() if k != "ignored") / 2**20
    lines = [
        f"### Scale {scale}: {files:,} files ({size:.0f} MiB)",
        "",
        "Generated: " + ", ".join(f"{k.replace('_', ' ')} {v:,}" for k, v in manifest["counts"].items()) + ".",
        "",
        f"Medians of {runs} runs (memory: {m.get('cold', {}).get('runs', 0)} runs); readycheck's default `--jobs` is "
        f"{results['jobs']} here. 'CPU' is the user+sys time of the measured process and its workers; 'others' is "
        "the CPU that other processes on the machine used during the runs (median, in cores).",
        "",
        "| Measurement | readycheck | min – max | CPU | others | floor (plain Python) | target | result |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | :---: |",
    ]

    def row(label: str, name: str, floor: str | None, target: float | None, note: str = "") -> None:
        if name not in s:
            return
        item = s[name]
        value = item["median"]
        floor_text = _ms(s[floor]["median"]) if floor and floor in s else "—"
        if target is None:
            target_text, verdict = "—", ""
        else:
            target_text = f"< {_ms(target)}{note}"
            verdict = "pass" if value < target else "**FAIL**"
        lines.append(
            f"| {label} | {_ms(value)} | {_spread(item)} | {_ms(item['cpu_median'])} | {item['others_median']:.2f} "
            f"| {floor_text} | {target_text} | {verdict} |"
        )

    row("start-up: `readycheck --version`", "startup", "python_startup", TARGETS_S["startup"])
    notebook = results["precommit_notebook"]
    row(
        f"pre-commit: `readycheck check` one notebook ({notebook['bytes'] / 1024:.0f} KiB, edited: cache miss)",
        "precommit",
        "floor_precommit",
        TARGETS_S["precommit"],
    )
    if "precommit_module" in results:
        module = results["precommit_module"]
        row(
            f"pre-commit: `readycheck check` one Python module ({module['bytes'] / 1024:.0f} KiB, edited)",
            "precommit_py",
            None,
            None,
        )
    note = "" if scale == 1 else f" ({scale}× scale 1)"
    row(
        f"full scan, cold, default `--jobs` ({results['jobs']})", "cold", "floor_parse", TARGETS_S["cold"] * scale, note
    )
    for n in (1, 2):
        row(f"full scan, cold, `--jobs {n}`", f"cold_j{n}", "floor_parse", None)
    row(f"full scan, warm, default `--jobs` ({results['jobs']})", "warm", "floor_stat", TARGETS_S["warm"] * scale, note)
    if "floor_read" in s:
        lines.append(
            "| floor only: walk and read every file, no parsing | — | — | — | — "
            f"| {_ms(s['floor_read']['median'])} | — | |"
        )
    if "cold" in m:
        floor_mb = f"{m['floor_parse']['maxrss_mb']:.0f} MB" if "floor_parse" in m else "—"
        peak = max(m["cold"]["pss_mb"], m["cold"]["maxrss_mb"])
        verdict = "pass" if peak < TARGET_MEMORY_MB else "**FAIL**"
        lines.append(
            f"| peak memory, cold scan, default `--jobs`: whole process tree ({m['cold']['processes']} processes; "
            f"max of summed PSS and largest RSS) | {peak:.0f} MB | — | — | — | {floor_mb} "
            f"| < {TARGET_MEMORY_MB:.0f} MB | {verdict} |"
        )
        lines.append(
            f"| ... largest single process (ru_maxrss) / summed RSS (shared pages counted twice) | "
            f"{m['cold']['maxrss_mb']:.0f} MB / {m['cold']['rss_mb']:.0f} MB | — | — | — | — | — | |"
        )
        for n in (1, 2):
            if f"cold_j{n}" in m:
                peak_n = max(m[f"cold_j{n}"]["pss_mb"], m[f"cold_j{n}"]["maxrss_mb"])
                lines.append(f"| peak memory, cold scan, `--jobs {n}` | {peak_n:.0f} MB | — | — | — | — | — | |")
    lines += ["", "Findings per run (sanity: identical across runs, jobs, cold and warm):", ""]
    for name, counts in results["findings"].items():
        lines.append(f"- {name}: {', '.join(str(c) for c in sorted(set(counts)))}")
    lines += ["", "Heavy packages imported (cumulative import time from `python -X importtime`):", ""]
    for label, found in results.get("imports", {}).items():
        listed = ", ".join(f"{k} {v / 1000:.0f} ms" for k, v in sorted(found["modules"].items(), key=lambda kv: -kv[1]))
        lines.append(f"- `readycheck {label}`: {listed or 'none of ' + ', '.join(HEAVY_MODULES)}")
    per_file = s["cold"]["median"] / files * 1e6
    floor_text = f"{s['floor_parse']['median'] / files * 1e6:.0f} µs" if "floor_parse" in s else "not measured"
    lines += ["", f"Cold scan: {per_file:.0f} µs per file; floor (walk, read, parse): {floor_text} per file."]
    return "\n".join(lines)


def render_machine(machine: dict[str, Any]) -> str:
    return "\n".join(
        [
            "| Machine | |",
            "| --- | --- |",
            f"| CPUs (os.cpu_count / affinity) | {machine['nproc']} / {machine['affinity']} ({machine['cpu']}) |",
            f"| memory | {machine['memory_gib']} GiB |",
            f"| Python | {machine['implementation']} {machine['python']} |",
            f"| platform | {machine['platform']} |",
            f"| readycheck | {machine['readycheck']} |",
            f"| checkout | {machine.get('commit', '?')}; measured: {machine.get('sources', '?')} |",
            f"| bytecode | {machine.get('bytecode', '?')} |",
            f"| load average (1 min) before / after | {machine.get('load_average_before_after', '?')} |",
            f"| date | {machine['date']} |",
        ]
    )


def render_comparison(documents: list[dict[str, Any]]) -> str:
    """Linearity: time per file at each scale, and the marginal cost between scales."""
    documents = sorted(documents, key=lambda d: d["manifest"]["scale"])
    lines = [
        "| scale | files | cold | µs/file | cold `-j 1` | warm | µs/file | pre-commit (notebook) | peak memory "
        "| floor: parse | µs/file | findings |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for doc in documents:
        files = doc["manifest"]["files"]
        s = doc["results"]["series"]
        m = doc["results"]["memory"]

        def cell(name: str, per_file: bool = False, s: dict[str, Any] = s, files: int = files) -> str:
            if name not in s:
                return "—"
            return f"{s[name]['median'] / files * 1e6:.0f}" if per_file else _ms(s[name]["median"])

        peak = max(m["cold"]["pss_mb"], m["cold"]["maxrss_mb"]) if "cold" in m else 0
        lines.append(
            f"| {doc['manifest']['scale']} | {files:,} | {cell('cold')} | {cell('cold', True)} | {cell('cold_j1')} "
            f"| {cell('warm')} | {cell('warm', True)} | {cell('precommit')} | {peak:.0f} MB "
            f"| {cell('floor_parse')} | {cell('floor_parse', True)} | {doc['results']['findings']['cold'][0]:,} |"
        )
    if len(documents) > 1:
        lines += [
            "",
            "Marginal cost per added file, from the smallest scale (fixed costs such as start-up cancel out):",
            "",
        ]
        base = documents[0]
        for doc in documents[1:]:
            added = doc["manifest"]["files"] - base["manifest"]["files"]
            parts = []
            for name in ("cold", "cold_j1", "warm", "floor_parse"):
                if name in doc["results"]["series"] and name in base["results"]["series"]:
                    delta = doc["results"]["series"][name]["median"] - base["results"]["series"][name]["median"]
                    parts.append(f"{name} {delta / added * 1e6:.0f} µs")
            lines.append(f"- scale {base['manifest']['scale']} → {doc['manifest']['scale']}: " + ", ".join(parts))
    return "\n".join(lines)


# ----------------------------------------------------------------------------------------------------
# Command line.
# ----------------------------------------------------------------------------------------------------


def _sources_digest(directory: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(directory.rglob("*.py")):
        digest.update(path.relative_to(directory).as_posix().encode() + b"\0" + path.read_bytes())
    for path in sorted(directory.rglob("*.yaml")):
        digest.update(path.relative_to(directory).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def snapshot_package(readycheck: str, target: Path) -> None:
    """Copy the readycheck package that ``readycheck`` runs into ``target``/readycheck, to be put first on
    PYTHONPATH: the code measured cannot change under the benchmark (others may be editing it)."""
    python = Path(readycheck).resolve().parent / "python"
    interpreter = str(python) if python.exists() else sys.executable
    where = subprocess.run(
        [interpreter, "-c", "import os, readycheck; print(os.path.dirname(readycheck.__file__))"],
        capture_output=True,
        text=True,
        check=True,
        env=_environment(),
    ).stdout.strip()
    shutil.copytree(where, target / "readycheck", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    (target / "SNAPSHOT").write_text(_checkout_state() + "\n")


def _checkout_state() -> str:
    """The git commit of this checkout, and how many files differ from it."""
    checkout = Path(__file__).resolve().parent.parent
    head = subprocess.run(["git", "-C", str(checkout), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run(["git", "-C", str(checkout), "status", "--porcelain"], capture_output=True, text=True)
    commit = head.stdout.strip() or "unknown"
    changed = len([line for line in dirty.stdout.splitlines() if line.strip()])
    return f"{commit} (+{changed} uncommitted changes)" if changed else commit


def _default_readycheck() -> str:
    beside = Path(sys.executable).parent / "readycheck"
    return str(beside) if beside.exists() else (shutil.which("readycheck") or "readycheck")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["_floor"]:
        parser = argparse.ArgumentParser(prog="bench.py _floor")
        parser.add_argument("root")
        parser.add_argument("--mode", choices=["stat", "read", "parse"], default="parse")
        parser.add_argument("--files", nargs="*", default=[])
        args = parser.parse_args(argv[1:])
        return floor_main(args.root, args.mode, args.files)
    if argv[:1] == ["_memory"]:
        parser = argparse.ArgumentParser(prog="bench.py _memory")
        parser.add_argument("--cwd", required=True)
        parser.add_argument("--interval", type=float, default=0.02)
        parser.add_argument("command", nargs=argparse.REMAINDER)
        args = parser.parse_args(argv[1:])
        command = args.command[1:] if args.command[:1] == ["--"] else args.command
        return memory_main(command, args.cwd, args.interval)

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scale", type=float, default=1.0, help="1: 2,000 modules, 300 notebooks, ... 20,000 other files"
    )
    parser.add_argument("--runs", type=int, default=5, help="timed runs per measurement (medians are reported)")
    parser.add_argument("--mem-runs", type=int, default=3, help="runs of the memory measurement")
    parser.add_argument("--jobs", type=int, default=None, help="pass -j N to the scans (default: readycheck's own)")
    parser.add_argument("--out", type=Path, help="generate (or reuse) the repository here instead of a temp dir")
    parser.add_argument("--keep", action="store_true", help="keep the generated temporary repository")
    parser.add_argument("--readycheck", default=_default_readycheck(), help="the readycheck executable")
    parser.add_argument("--skip-floor", action="store_true", help="do not measure the plain-Python floor")
    parser.add_argument(
        "--bytecode",
        choices=["cached", "as-is"],
        default="cached",
        help="cached (default): let Python cache bytecode, under a separate prefix, as an installed package "
        "does even when PYTHONDONTWRITEBYTECODE is set; as-is: keep the environment's setting",
    )
    parser.add_argument(
        "--idle-wait",
        type=float,
        default=30.0,
        help="before each timed run, wait up to this many seconds for other processes to go quiet (0: never)",
    )
    parser.add_argument(
        "--no-snapshot",
        action="store_true",
        help="measure the installed package in place instead of a copy taken at the start",
    )
    parser.add_argument(
        "--sources",
        type=Path,
        help="measure this snapshot (a directory holding readycheck/, made by --snapshot-to) instead of taking one",
    )
    parser.add_argument("--snapshot-to", type=Path, help="copy the readycheck package into this directory and stop")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="also cProfile a cold --jobs 1 scan: top N")
    parser.add_argument(
        "--precommit-across",
        nargs="+",
        type=Path,
        metavar="DIR",
        help="only time pre-commit on one notebook in these generated repositories (--out of earlier runs), "
        "interleaved, and stop",
    )
    parser.add_argument("--generate-only", action="store_true", help="generate the repository and stop")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    parser.add_argument("--compare", nargs="+", type=Path, metavar="JSON", help="print the linearity table and stop")
    args = parser.parse_args(argv)
    if args.scale <= 0:
        parser.error("--scale must be positive")
    if args.scale == int(args.scale):
        args.scale = int(args.scale)

    if args.compare:
        print(render_comparison([json.loads(p.read_text()) for p in args.compare]))
        return 0
    if args.bytecode == "cached":
        prefix = Path(tempfile.gettempdir()) / "readycheck-bench-pycache"
        ENVIRONMENT.update({"PYTHONDONTWRITEBYTECODE": "", "PYTHONPYCACHEPREFIX": str(prefix)})
    if args.snapshot_to:
        snapshot_package(args.readycheck, args.snapshot_to)
        print(f"{args.snapshot_to}: readycheck sources {_sources_digest(args.snapshot_to)}")
        return 0
    snapshot: Path | None = None
    owned = False
    if args.sources:
        snapshot = args.sources.resolve()
    elif not args.no_snapshot:
        snapshot, owned = Path(tempfile.mkdtemp(prefix="readycheck-bench-snapshot-")), True
        snapshot_package(args.readycheck, snapshot)
    digest = _sources_digest(snapshot) if snapshot else ""
    if snapshot is not None:
        ENVIRONMENT["PYTHONPATH"] = os.pathsep.join(filter(None, [str(snapshot), os.environ.get("PYTHONPATH")]))
        python = Path(args.readycheck).resolve().parent / "python"
        used = subprocess.run(
            [str(python) if python.exists() else sys.executable, "-c", "import readycheck; print(readycheck.__file__)"],
            capture_output=True,
            text=True,
            env=_environment(),
        ).stdout.strip()
        if not used.startswith(str(snapshot)):
            raise SystemExit(f"bench: the snapshot is not what runs (readycheck imported from {used})")
        print(f"measuring a snapshot of readycheck (sources {digest}) in {snapshot}", file=sys.stderr)
    if args.precommit_across:
        print(precommit_across(args.precommit_across, args.runs, args.readycheck, args.idle_wait))
        return 0
    root, manifest, temporary = prepare_repository(args.out, args.scale)
    print(f"repository: {root} ({manifest['files']:,} files, generated in {manifest['seconds']} s)", file=sys.stderr)
    try:
        if args.generate_only:
            return 0
        machine = machine_info(args.readycheck)
        machine["bytecode"] = args.bytecode
        machine["sources"] = f"snapshot {digest}" if snapshot else "in place (no snapshot)"
        if snapshot is not None and (snapshot / "SNAPSHOT").is_file():
            machine["commit"] = (snapshot / "SNAPSHOT").read_text().strip()
        started = time.perf_counter()
        load_before = os.getloadavg()
        results = measure(
            root, manifest, args.runs, args.mem_runs, args.jobs, args.readycheck, args.skip_floor, args.idle_wait
        )
        machine["load_average_before_after"] = [round(load_before[0], 2), round(os.getloadavg()[0], 2)]
        machine["bench_seconds"] = round(time.perf_counter() - started)
        print(render(results, manifest, args.runs))
        print()
        print(render_machine(machine))
        if args.profile:
            python = str(Path(args.readycheck).resolve().parent / "python")
            results["profile"] = profile_cold(root, python if Path(python).exists() else sys.executable, args.profile)
            print()
            print(results["profile"])
        if args.json:
            document = {"manifest": {k: v for k, v in manifest.items() if k not in ("notebooks", "modules")}}
            document |= {"machine": machine, "results": results, "runs": args.runs}
            args.json.write_text(json.dumps(document, indent=1))
    finally:
        if snapshot is not None and owned:
            shutil.rmtree(snapshot, ignore_errors=True)
        if temporary and not args.keep:
            shutil.rmtree(root, ignore_errors=True)
        elif temporary:
            print(f"kept {root}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
