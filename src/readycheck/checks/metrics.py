"""Metric checks: the model is good enough, by the numbers its evaluation wrote.

Both read every metric report of the repository (see :mod:`readycheck.artifacts.metrics`), so they
are repository-wide: a threshold holds for each report that has the metric, and a report must exist.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from readycheck.artifacts import Repository
from readycheck.artifacts.metrics import Metric, MetricReport, parse_report, reports
from readycheck.errors import ParseError
from readycheck.git import BASELINE_PARAM, GitError, baseline_text
from readycheck.hookspecs import hookimpl
from readycheck.model import REPOSITORY, Check, Violation, check, missing_evidence
from readycheck.policy.expressions import Threshold, parse_threshold
from readycheck.redaction import shorten

PRODUCE = (
    "Write the metrics before readycheck runs (your evaluation step, e.g. 'python -m yourpkg.evaluate' "
    "writing reports/metrics.json, or 'dvc repro'), or point the rule's 'paths' at the file it writes."
)


MLFLOW_RUN = {
    "type": "string",
    "minLength": 1,
    "description": "The MLflow run (name or id) to read from mlruns/; default: the latest finished run.",
}


def _no_reports(looked: list[str]) -> Violation:
    return missing_evidence(f"no metric report found (looked for {', '.join(looked)})", PRODUCE)


@check(
    "metrics/threshold",
    description="Each metric named in 'thresholds' is in the metric reports and meets its threshold.",
    help="'thresholds' maps a metric's dotted name ('eval.auc', 'latency.p95_ms') to a threshold expression "
    "('>= 0.85', '<= 120', '> 0 and <= 1', '>= 85%'). The rule reads the metric reports its 'paths' name, "
    "else the metrics files found in the repository and those dvc.yaml declares. Each metric must be in "
    "at least one of them, and wherever it is, it must be a number meeting its threshold. No report at "
    "all, a metric in no report, and a value that is not a number are findings too. Text values such as "
    "'0.91', '85%' (0.85) and '20.0 ± 1.2' (20.0) count as numbers. The finding points at the value's "
    "line and shows value and bound.",
    fix="Improve the model until it meets the bar, or change the bar in the policy if it is wrong.",
    level="error",
    kinds=("metrics",),
    scope=REPOSITORY,
    area="performance",
    required=True,
    generated=True,
    produce=PRODUCE,
    params={
        "type": "object",
        "additionalProperties": False,
        "required": ["thresholds"],
        "properties": {
            "thresholds": {
                "type": "object",
                "minProperties": 1,
                "additionalProperties": {"type": "string", "format": "threshold"},
                "description": "Metric name (dotted path) to threshold expression.",
            },
            "mlflow_run": MLFLOW_RUN,
        },
    },
    example=(
        "team/model-quality:\n  check: metrics/threshold\n  paths: [reports/metrics.json]\n"
        '  with:\n    thresholds: {"eval.auc": ">= 0.85", "latency.p95_ms": "<= 120"}'
    ),
)
def metrics_threshold(repo: Repository, params: Mapping[str, Any]) -> Iterator[Violation]:
    found, looked = reports(repo, params.get("mlflow_run"))
    if not found:
        yield _no_reports(looked)
        return
    for name, expression in params["thresholds"].items():
        yield from _threshold(name, parse_threshold(expression), found)


def _threshold(name: str, threshold: Threshold, found: list[MetricReport]) -> Iterator[Violation]:
    holders = [(report, report.metrics[name]) for report in found if name in report.metrics]
    if not holders:
        where = found[0].path if len(found) == 1 else None  # several reports: the repository
        places = ", ".join(report.path for report in found)
        message = f"metric '{name}' is missing (required {threshold}; reports read: {places})"
        yield Violation(message, path=where, key=f"{name}:missing")
    for report, metric in holders:
        if metric.value is None:
            yield Violation(
                f"metric '{name}' = {shorten(repr(metric.raw))} is not a number (required {threshold})",
                path=metric.file or report.path,
                line=metric.line,
                key=f"{name}:not-a-number",
            )
        elif not threshold.holds(metric.value):
            shown = metric.raw if isinstance(metric.raw, (int, float)) else shorten(str(metric.raw))
            yield Violation(
                f"{name} = {shown}, required {threshold}",
                path=metric.file or report.path,
                line=metric.line,
                key=f"{name}:threshold",
            )


@check(
    "metrics/required",
    description="The listed metrics are present in at least one metric report.",
    help="Readiness reviews ask for more than accuracy: a fairness metric, a latency metric, a calibration "
    "metric. 'metrics' lists dotted names; each must appear in at least one report the rule reads (its "
    "'paths', else the repository's metrics files and dvc.yaml's). One finding per missing metric.",
    fix="Make the evaluation step compute and write the missing metric.",
    level="warning",
    kinds=("metrics",),
    scope=REPOSITORY,
    area="performance",
    required=True,
    generated=True,
    produce=PRODUCE,
    params={
        "type": "object",
        "additionalProperties": False,
        "required": ["metrics"],
        "properties": {
            "metrics": {
                "type": "array",
                "minItems": 1,
                "items": {"type": "string", "minLength": 1},
                "description": "Dotted metric names.",
            },
            "mlflow_run": MLFLOW_RUN,
        },
    },
    example='team/metrics-reported:\n  check: metrics/required\n  with: {metrics: ["eval.auc", "fairness.dp_gap"]}',
)
def metrics_required(repo: Repository, params: Mapping[str, Any]) -> Iterator[Violation]:
    found, looked = reports(repo, params.get("mlflow_run"))
    if not found:
        yield _no_reports(looked)
        return
    present = {name for report in found for name in report.metrics}
    places = ", ".join(report.path for report in found)
    for name in params["metrics"]:
        if name not in present:
            yield Violation(f"metric '{name}' is in no metric report ({places})", key=name)


_SLICES_PRODUCE = (
    "Make the evaluation step write per-slice metrics, e.g. "
    '{"slices": {"north": {"auc": 0.86}, "south": {"auc": 0.83}}}, or point \'slices\' at where they are.'
)


@check(
    "metrics/slices",
    description="Per-slice metrics: every slice meets a minimum, and the best and worst slices are close.",
    help="Robustness and fairness reviews ask how the model does on each slice of the data (a segment, a "
    "region, a protected group), not only overall. The rule reads per-slice values of 'metric' under "
    "'slices' (default 'slices'): 'slices.<name>.<metric>', or a list of records with a 'name' "
    "('slices.0.name', 'slices.0.<metric>'). Each slice's value must be at least 'min' (when given), and "
    "the gap between the best and the worst slice at most 'max_gap' (when given). With 'lower_is_better' "
    "(a latency, an error rate), 'min' is a maximum instead. No per-slice values in any report is missing "
    "evidence.",
    fix="Improve the model on the weak slice (more data, reweighting), or document why the gap is acceptable "
    "in the model card and waive the finding with a reason.",
    level="warning",
    kinds=("metrics",),
    scope=REPOSITORY,
    area="performance",
    tier="silver",
    required=True,
    generated=True,
    produce=_SLICES_PRODUCE,
    params={
        "type": "object",
        "additionalProperties": False,
        "required": ["metric"],
        "properties": {
            "metric": {"type": "string", "minLength": 1, "description": "The per-slice metric ('auc')."},
            "slices": {"type": "string", "minLength": 1, "default": "slices", "description": "Dotted prefix."},
            "min": {"type": "number", "description": "Least acceptable value on any slice."},
            "max_gap": {"type": "number", "minimum": 0, "description": "Largest best-minus-worst difference."},
            "lower_is_better": {"type": "boolean", "default": False},
        },
        "anyOf": [{"required": ["min"]}, {"required": ["max_gap"]}],
    },
    example=(
        "team/fair-regions:\n  check: metrics/slices\n  paths: [reports/metrics.json]\n"
        "  with: {metric: auc, slices: slices.region, min: 0.75, max_gap: 0.05}"
    ),
)
def metrics_slices(repo: Repository, params: Mapping[str, Any]) -> Iterator[Violation]:
    found, looked = reports(repo)
    metric, prefix = params["metric"], params["slices"]
    values = [(report, name, value) for report in found for name, value in _slice_values(report, prefix, metric)]
    if not values:
        where = ", ".join(report.path for report in found) if found else ", ".join(looked)
        yield missing_evidence(f"no per-slice values of '{metric}' under '{prefix}' ({where})", _SLICES_PRODUCE)
        return
    worse_than = (lambda v, bound: v > bound) if params["lower_is_better"] else (lambda v, bound: v < bound)
    if "min" in params:
        for report, name, value in values:
            if value.value is not None and worse_than(value.value, params["min"]):
                bound = "at most" if params["lower_is_better"] else "at least"
                yield Violation(
                    f"slice '{name}': {metric} = {value.value:g}, required {bound} {params['min']:g}",
                    path=value.file or report.path,
                    line=value.line,
                    key=f"{name}:min",
                )
    numeric = [(report, name, value) for report, name, value in values if value.value is not None]
    if "max_gap" in params and len(numeric) >= 2:
        ordered = sorted(numeric, key=lambda item: item[2].value or 0.0)
        (_, low_name, low), (report, high_name, high) = ordered[0], ordered[-1]
        assert low.value is not None and high.value is not None
        gap = high.value - low.value
        if gap > params["max_gap"]:
            best, worst = (low_name, high_name) if params["lower_is_better"] else (high_name, low_name)
            yield Violation(
                f"{metric} differs by {gap:g} between slices '{best}' and '{worst}' "
                f"({high.value:g} and {low.value:g}), more than max_gap {params['max_gap']:g}",
                path=report.path,
                line=low.line,
                key=f"{metric}:gap",
            )


def _slice_values(report: MetricReport, prefix: str, metric: str) -> Iterator[tuple[str, Metric]]:
    """(slice name, value) for ``<prefix>.<slice>.<metric>``; a list item's slice name is its ``name``."""
    head, tail = prefix + ".", "." + metric
    for dotted, value in report.metrics.items():
        if dotted.startswith(head) and dotted.endswith(tail):
            slice_name = dotted[len(head) : -len(tail)]
            if slice_name and "." not in slice_name:
                label = report.metrics.get(f"{head}{slice_name}.name")
                yield (str(label.raw) if label is not None and slice_name.isdigit() else slice_name), value


_TOLERANCE = {"oneOf": [{"type": "number", "minimum": 0}, {"type": "string", "pattern": r"^\d+(\.\d+)?%$"}]}


@check(
    "metrics/no-regression",
    description="No metric got worse than its tolerance against a baseline: a file, or a git revision.",
    help="'baseline' is a metric report in the repository (a path), or a git revision to read the same "
    "report from ({ref: origin/main}, with 'git show'). 'metrics' maps each metric to compare to its "
    "direction ('better: higher' or 'lower') and 'tolerance', absolute (0.01) or relative ('2%'); "
    "default: higher is better, no tolerance. The message shows old, new and the change. Without git, in "
    "a shallow clone that lacks the revision, or when the report is not at that revision, the finding "
    "says so and how to fetch it, rather than passing.",
    fix="Find what made the metric worse (data, features, hyperparameters) before merging, or accept the "
    "new baseline explicitly.",
    level="error",
    kinds=("metrics",),
    scope=REPOSITORY,
    area="performance",
    tier="silver",
    required=True,
    generated=True,
    produce=PRODUCE,
    uncacheable="reads git history",
    params={
        "type": "object",
        "additionalProperties": False,
        "required": ["baseline", "metrics"],
        "properties": {
            "baseline": BASELINE_PARAM,
            "metrics": {
                "type": "object",
                "minProperties": 1,
                "additionalProperties": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {"better": {"enum": ["higher", "lower"]}, "tolerance": _TOLERANCE},
                },
                "description": "Metric name to {better: higher|lower, tolerance: 0.01 or '2%'}.",
            },
        },
    },
    example=(
        "team/no-regression:\n  check: metrics/no-regression\n  paths: [reports/metrics.json]\n  with:\n"
        "    baseline: {ref: origin/main}\n"
        '    metrics:\n      "eval.auc": {better: higher, tolerance: 0.005}\n'
        '      "latency.p95_ms": {better: lower, tolerance: "10%"}'
    ),
)
def metrics_no_regression(repo: Repository, params: Mapping[str, Any]) -> Iterator[Violation]:
    found, looked = reports(repo)
    if not found:
        yield _no_reports(looked)
        return
    for report in found:
        try:
            old = parse_report(*baseline_text(repo, params["baseline"], report.path))
        except GitError as error:
            yield Violation(error.message, path=report.path, key="baseline", fix=error.fix)
            continue
        except ParseError as error:
            yield Violation(f"cannot read the baseline: {error}", key="baseline")
            return
        yield from _regressions(report, old, params["metrics"])


def _regressions(new: MetricReport, old: MetricReport, wanted: Mapping[str, Any]) -> Iterator[Violation]:
    for name, settings in wanted.items():
        now, then = new.metrics.get(name), old.metrics.get(name)
        if now is None or now.value is None:
            yield Violation(f"metric '{name}' is missing or not a number", path=new.path, key=f"{name}:missing")
            continue
        if then is None or then.value is None:
            continue  # a new metric has nothing to regress from
        higher = settings.get("better", "higher") == "higher"
        change = now.value - then.value
        worse = -change if higher else change
        tolerance = settings.get("tolerance", 0)
        allowed = abs(then.value) * float(tolerance[:-1]) / 100 if isinstance(tolerance, str) else float(tolerance)
        if worse > allowed:
            relative = f", {change / then.value:+.1%}" if then.value else ""
            yield Violation(
                f"{name} regressed: {then.value:g} -> {now.value:g} ({change:+g}{relative}), more than the tolerance "
                f"{tolerance} ({'higher' if higher else 'lower'} is better)",
                path=now.file or new.path,
                line=now.line,
                key=f"{name}:regression",
            )


@hookimpl
def readycheck_checks() -> list[Check]:
    return [metrics_threshold, metrics_required, metrics_slices, metrics_no_regression]
