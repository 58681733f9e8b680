"""The benchmark's synthetic ML repository: deterministic, so that every run and every machine measures
the same files, and small scales (0.02) make a realistic fixture for tests.

``generate(root, scale)`` writes it and returns its manifest. Scale 1 is 2,000 Python modules, 300
notebooks, 50 model cards, 50 metric reports and 20,000 other files; every count scales with ``scale``.
The same scale gives the same bytes (fixed seeds, files written in a fixed order, no timestamps), so
a repository can be reused between runs (``prepare_repository``) and compared file by file. Needs the
standard library and nbformat.
"""

from __future__ import annotations

import base64
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

GENERATOR_VERSION = 2
"""Bump when the generated files change: a repository kept with ``--out`` is then not reused."""
SEED = 20240611
MANIFEST = ".bench-manifest.json"
"""What was generated (counts, bytes, the notebooks and modules), written at the root (and .gitignored)."""

PER_SCALE = {"python": 2000, "notebooks": 300, "model_cards": 50, "metric_reports": 50, "other": 20000}

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
    """Write the repository under ``root`` (empty or absent); return its manifest.

    The manifest is written too, with nothing run-dependent in it (no timing), so that two
    generations of one scale are identical byte for byte."""
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
    }
    (root / MANIFEST).write_text(json.dumps(manifest, indent=1))
    return manifest


def _generate_timed(root: Path, scale: float) -> dict[str, Any]:
    """``generate``, with the seconds it took added to the manifest returned (not to the one written)."""
    started = time.perf_counter()
    manifest = generate(root, scale)
    return {**manifest, "seconds": round(time.perf_counter() - started, 1)}


def prepare_repository(out: Path | None, scale: float) -> tuple[Path, dict[str, Any], bool]:
    """The repository to measure: reused from ``out`` when it holds this scale, else generated.
    Returns (root, manifest, temporary); the manifest has "seconds" only when it was generated now."""
    if out is None:
        root = Path(tempfile.mkdtemp(prefix=f"readycheck-bench-s{scale}-"))
        return root, _generate_timed(root, scale), True
    if (out / MANIFEST).is_file():
        manifest = json.loads((out / MANIFEST).read_text())
        if manifest.get("scale") == scale and manifest.get("generator") == GENERATOR_VERSION:
            print(f"reusing the repository in {out}", file=sys.stderr)
            manifest.pop("seconds", None)  # written by earlier versions of this file
            return out, manifest, False
        raise SystemExit(f"bench: {out} holds another benchmark repository (scale {manifest.get('scale')}); remove it")
    if out.exists() and any(out.iterdir()):
        raise SystemExit(f"bench: {out} is not empty and not a benchmark repository")
    return out, _generate_timed(out, scale), False
