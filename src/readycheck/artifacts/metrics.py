"""Metric reports: the numbers a model's readiness is judged by, from the files teams already write.

A report is a JSON, YAML or TOML file whose nested values are addressed by dotted path (``eval.auc``,
as DVC does), or a CSV file (``name,value`` rows, or one header row and one value row). Values written
as text parse when they are numbers with decoration: ``"20.0 ± 1.2"`` is 20.0 and ``"85%"`` is 0.85
(as ``85%`` is in a threshold). DVC projects declare their metric files in ``dvc.yaml`` (top-level
``metrics:`` and each stage's ``metrics:``); those are reports too, wherever they are. So is one run of
an MLflow file store (``mlruns/``): the latest finished run, or the one a rule names; the newest pytest-benchmark report
(``<benchmark>.<statistic>``, in seconds); and the ``model-index`` results of model cards (by metric
``type``).

Metric files are generated (by the evaluation step, usually gitignored): the kind reads ignored files.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from readycheck import structured
from readycheck.artifacts import Artifact, ArtifactKind, Repository, dvc
from readycheck.artifacts.benchmark import latest
from readycheck.artifacts.model_card import cards, stated_metrics
from readycheck.errors import ParseError
from readycheck.hookspecs import hookimpl

PATTERNS = (
    "**/metrics.json",
    "**/metrics.yaml",
    "**/metrics.yml",
    "**/metrics.toml",
    "**/metrics.csv",
    "**/*_metrics.json",
    "**/*-metrics.json",
    "**/scores.json",
)
_DECORATED = re.compile(r"^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*(%|±.*|\+/-.*)?\s*$")


@dataclass(frozen=True)
class Metric:
    """One value of a report: ``value`` is the number (None when the value is not one), ``raw`` what the
    file says, ``line`` where."""

    name: str
    value: float | None
    raw: Any
    line: int | None
    file: str | None = None
    """The file holding it, when not the report's own path (an MLflow run keeps one file per metric)."""


@dataclass
class MetricReport:
    path: str
    metrics: dict[str, Metric] = field(default_factory=dict)


def number(raw: Any) -> float | None:
    """A metric's value as a number: numbers as they are, text such as ``"0.91"``, ``"85%"`` (0.85) or
    ``"20.0 ± 1.2"`` (20.0); anything else (booleans included) is None."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        value = float(raw)
        return value if math.isfinite(value) else None
    if isinstance(raw, str):
        match = _DECORATED.match(raw)
        if match is not None:
            value = float(match.group(1))
            return value / 100 if match.group(2) == "%" else value
    return None


def parse_report(text: str, path: str) -> MetricReport:
    if path.lower().endswith(".csv"):
        return _csv_report(text, path)
    document = structured.load(text, structured.format_of(path) or "json", path)
    report = MetricReport(path)
    for dotted, value_path, raw in _leaves(document.data, ()):
        report.metrics[dotted] = Metric(dotted, number(raw), raw, document.line_of(value_path))
    return report


def _leaves(value: Any, value_path: structured.ValuePath) -> Iterator[tuple[str, structured.ValuePath, Any]]:
    if isinstance(value, Mapping):
        for key, item in value.items():
            yield from _leaves(item, (*value_path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*value_path, index))
    elif value_path:
        yield ".".join(str(part) for part in value_path), value_path, value


def _csv_report(text: str, path: str) -> MetricReport:
    try:
        rows = [row for row in csv.reader(io.StringIO(text)) if any(cell.strip() for cell in row)]
    except csv.Error as error:
        raise ParseError(f"CSV error: {error}", path) from None
    report = MetricReport(path)
    header = [cell.strip().lower() for cell in rows[0]] if rows else []
    if header[:2] in (["name", "value"], ["metric", "value"]):
        for line, row in enumerate(rows[1:], start=2):
            if len(row) >= 2:
                name = row[0].strip()
                report.metrics[name] = Metric(name, number(row[1].strip()), row[1].strip(), line)
    elif len(rows) == 2:
        for name, raw in zip(rows[0], rows[1], strict=False):
            report.metrics[name.strip()] = Metric(name.strip(), number(raw.strip()), raw.strip(), 2)
    elif rows:
        raise ParseError("a metrics CSV has 'name,value' rows, or one header row and one value row", path, 1)
    return report


def _parse(artifact: Artifact) -> MetricReport:
    return parse_report(artifact.text, artifact.path)


def reports(repo: Repository, mlflow_run: str | None = None) -> tuple[list[MetricReport], list[str]]:
    """The metric reports a repository-wide rule reads, and where it looked (for the message when there
    are none): the files its ``paths`` name; without ``paths``, the metrics kind's files, the metric
    files dvc.yaml declares, and one run of an MLflow file store (``mlruns/``): the run named or with the
    id ``mlflow_run``, else the latest finished run. An unparseable report raises ParseError."""
    found: list[MetricReport] = []
    if repo.paths:
        paths, looked = list(repo.files), list(repo.paths)
    else:
        declared = dvc.metric_paths(repo)
        paths = repo.glob(repo.patterns["metrics"]) + declared
        looked = [*repo.patterns["metrics"], *(f"{path} (declared in dvc.yaml)" for path in declared)]
        looked.append(f"mlruns/ run {mlflow_run!r}" if mlflow_run else "mlruns/ (latest finished run)")
        run = mlflow_report(repo, mlflow_run)
        if run is not None:
            found.append(run)
        found += _benchmark_reports(repo) + _card_reports(repo)
    for path in dict.fromkeys(paths):
        if path in repo.files:
            found.append(repo.artifact(path, "metrics").data)
            continue
        try:
            data = repo.read_input(path)
        except ParseError:
            continue  # declared but not produced: the rule reports the missing evidence
        found.append(parse_report(data.decode("utf-8", "replace"), path))
    return found, looked


MLFLOW_FINISHED = "3"
"""``status`` of a finished run in an MLflow file store's meta.yaml (RunStatus.FINISHED)."""


def mlflow_report(repo: Repository, wanted: str | None) -> MetricReport | None:
    """The metrics of one run of the MLflow file store in ``mlruns/``: each ``metrics/<key>`` file holds
    ``<timestamp> <value> <step>`` lines, and the latest step (then timestamp) counts."""
    store = repo.root / "mlruns"
    if not store.is_dir() or store.is_symlink():
        return None
    runs = []
    for run_dir in sorted(store.glob("*/*/meta.yaml")):
        folder = run_dir.parent
        relative = folder.relative_to(repo.root).as_posix()
        try:
            meta = structured.load(
                repo.read_input(f"{relative}/meta.yaml").decode("utf-8", "replace"), "yaml", relative
            )
        except ParseError:
            continue
        data = meta.data if isinstance(meta.data, dict) else {}
        name = _run_name(repo, relative) or str(data.get("run_name", ""))
        runs.append((relative, folder.name, name, str(data.get("status", "")), int(data.get("end_time") or 0)))
    if wanted:
        chosen = [run for run in runs if wanted in (run[1], run[2])]
    else:
        chosen = sorted((run for run in runs if run[3] == MLFLOW_FINISHED), key=lambda run: (run[4], run[0]))[-1:]
    if not chosen:
        return None
    relative = chosen[-1][0]
    report = MetricReport(relative)
    for metric_file in sorted((repo.root / relative / "metrics").rglob("*")):
        if metric_file.is_file() and not metric_file.is_symlink():
            key = metric_file.relative_to(repo.root / relative / "metrics").as_posix()
            text = repo.read_input(f"{relative}/metrics/{key}").decode("utf-8", "replace")
            report.metrics[key] = _latest_value(key, text, f"{relative}/metrics/{key}")
    return report


def _benchmark_reports(repo: Repository) -> list[MetricReport]:
    """pytest-benchmark results as metrics: ``<benchmark name>.<statistic>`` in seconds."""
    benchmarks, _ = latest(repo)
    if benchmarks is None:
        return []
    report = MetricReport(benchmarks.path)
    for benchmark in benchmarks.benchmarks:
        for statistic, value in benchmark.stats.items():
            name = f"{benchmark.name}.{statistic}"
            report.metrics[name] = Metric(name, value, value, benchmark.line)
    return [report]


def _card_reports(repo: Repository) -> list[MetricReport]:
    """The results model cards state, as metrics named by their ``type`` (as the Hub names them)."""
    found = []
    for card in cards(repo):
        report = MetricReport(card.path)
        for names, raw, line in stated_metrics(card):
            report.metrics.setdefault(names[0], Metric(names[0], number(raw), raw, line))
        if report.metrics:
            found.append(report)
    return found


def _run_name(repo: Repository, run: str) -> str:
    try:
        return repo.read_input(f"{run}/tags/mlflow.runName").decode("utf-8", "replace").strip()
    except ParseError:
        return ""


def _latest_value(key: str, text: str, path: str) -> Metric:
    best: tuple[int, int, int] | None = None
    value: float | None = None
    raw: Any = None
    for number_, line in enumerate(text.splitlines(), start=1):
        parts = line.split()
        if len(parts) < 2:
            continue
        step = int(parts[2]) if len(parts) > 2 and parts[2].lstrip("-").isdigit() else 0
        stamp = int(parts[0]) if parts[0].lstrip("-").isdigit() else 0
        if best is None or (step, stamp) >= best[:2]:
            best, value, raw = (step, stamp, number_), number(parts[1]), parts[1]
    return Metric(key, value, raw, best[2] if best else None, path)


KINDS = [
    ArtifactKind(
        "metrics",
        PATTERNS,
        "Metric reports (JSON, YAML, TOML, CSV; DVC metric files); values by dotted path.",
        _parse,
        generated=True,
    )
]


@hookimpl
def readycheck_artifact_kinds() -> list[ArtifactKind]:
    return KINDS
