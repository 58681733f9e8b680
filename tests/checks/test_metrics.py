"""Metric reports and the metrics/* checks, on the formats teams write: nested JSON, YAML, TOML, CSV,
and a DVC project whose dvc.yaml declares a gitignored metrics file."""

from __future__ import annotations

import json
import textwrap

import pytest
from tests.conftest import findings_of, policy_with, run, run_json

from readycheck.artifacts.metrics import number, parse_report

THRESHOLDS = """\
t/quality:
  check: metrics/threshold
  with:
    thresholds: {"eval.auc": ">= 0.85", "latency.p95_ms": "<= 120"}
"""


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(0.91, 0.91), (3, 3.0), ("0.91", 0.91), ("85%", 0.85), ("20.0 ± 1.2", 20.0), ("7 +/- 2", 7.0), (" 1e-3 ", 0.001)],
)
def test_metric_values_parse_as_numbers(raw: object, expected: float) -> None:
    assert number(raw) == pytest.approx(expected)


@pytest.mark.parametrize("raw", [True, None, "n/a", "0.9x", float("nan"), [0.9], {"v": 1}])
def test_values_that_are_not_numbers_stay_none(raw: object) -> None:
    assert number(raw) is None


def test_nested_json_report_has_dotted_names_and_lines() -> None:
    text = json.dumps({"eval": {"auc": 0.91, "slices": [{"auc": "88%"}]}, "n": 3}, indent=2)
    report = parse_report(text, "reports/metrics.json")
    assert set(report.metrics) == {"eval.auc", "eval.slices.0.auc", "n"}
    assert report.metrics["eval.auc"].line == 3 and report.metrics["eval.slices.0.auc"].value == pytest.approx(0.88)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("metrics.yaml", "eval:\n  auc: 0.81\nlatency:\n  p95_ms: 95\n"),
        ("metrics.toml", "[eval]\nauc = 0.81\n\n[latency]\np95_ms = 95\n"),
        ("metrics.csv", "name,value\neval.auc,0.81\nlatency.p95_ms,95\n"),
        ("metrics.csv", "eval.auc,latency.p95_ms\n0.81,95\n"),
    ],
    ids=["yaml", "toml", "csv-rows", "csv-header"],
)
def test_a_failing_threshold_points_at_the_value(project, name: str, text: str) -> None:
    root = project({f"reports/{name}": text, **policy_with(THRESHOLDS)})
    code, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    [finding] = findings_of(report, "t/quality")
    assert finding["path"] == f"reports/{name}"
    assert finding["message"] == "eval.auc = 0.81, required >= 0.85"
    assert finding["line"] == {"metrics.yaml": 2, "metrics.toml": 2, "metrics.csv": 2}[name]
    assert code == 1


def test_missing_and_non_numeric_metrics_are_findings(project) -> None:
    root = project({"metrics.json": json.dumps({"eval": {"auc": "pending"}}), **policy_with(THRESHOLDS)})
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    messages = sorted(f["message"] for f in findings_of(report, "t/quality"))
    assert messages == [
        "metric 'eval.auc' = 'pending' is not a number (required >= 0.85)",
        "metric 'latency.p95_ms' is missing (required <= 120; reports read: metrics.json)",
    ]


def test_no_metric_report_is_missing_evidence_with_how_to_produce_it(project) -> None:
    root = project({"src/train.py": "x = 1\n", **policy_with(THRESHOLDS)})
    code, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    [finding] = findings_of(report, "t/quality")
    assert finding["path"] == "." and finding["message"].startswith("required evidence is missing: no metric report")
    assert "**/metrics.json" in finding["message"] and "evaluation step" in finding["help"]
    assert code == 1


def test_optional_metrics_make_the_rule_not_applicable(project) -> None:
    root = project({"src/train.py": "x = 1\n", **policy_with(THRESHOLDS + "  required: false\n")})
    code, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    assert findings_of(report, "t/quality") == []
    assert report["summary"]["not_applicable"]["t/quality"].startswith("not applicable: required evidence is missing")
    assert code == 0


DVC_YAML = """\
stages:
  evaluate:
    cmd: python src/evaluate.py model.pkl data/features
    deps: [model.pkl, src/evaluate.py]
    outs: [eval]
    metrics:
      - eval/extra.json:
          cache: false
metrics:
  - eval/scores.json
"""


def test_metric_files_a_dvc_yaml_declares_are_read_even_when_gitignored(project) -> None:
    root = project(
        {
            ".gitignore": "/eval\n/model.pkl\n",
            "dvc.yaml": DVC_YAML,
            "eval/scores.json": json.dumps({"eval": {"auc": 0.79}, "latency": {"p95_ms": 80}}, indent=2),
            "eval/extra.json": json.dumps({"fairness": {"dp_gap": 0.02}}),
            **policy_with(
                THRESHOLDS
                + "t/reported:\n  check: metrics/required\n  with: {metrics: [fairness.dp_gap, calibration.ece]}\n"
            ),
        }
    )
    code, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    [low] = findings_of(report, "t/quality")
    assert (low["path"], low["line"], low["message"]) == ("eval/scores.json", 3, "eval.auc = 0.79, required >= 0.85")
    [missing] = findings_of(report, "t/reported")
    assert missing["message"].startswith("metric 'calibration.ece' is in no metric report")
    assert code == 1


def test_a_dvc_metric_that_was_not_produced_names_the_declaration(project) -> None:
    root = project({"dvc.yaml": DVC_YAML, **policy_with(THRESHOLDS)})
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    [finding] = findings_of(report, "t/quality")
    assert "eval/scores.json (declared in dvc.yaml)" in finding["message"]
    assert "dvc repro" in finding["help"]


@pytest.mark.parametrize("rule_id", ["metrics/threshold", "metrics/required", "metrics/slices"])
def test_the_explained_example_works_when_pasted(project, rule_id: str) -> None:
    explained = run("explain", rule_id).stdout
    snippet = explained.split("example:\n", 1)[1]
    policy = "readycheck: 1\n" + textwrap.dedent(snippet)
    metrics = {"eval": {"auc": 0.9}, "latency": {"p95_ms": 100}, "fairness": {"dp_gap": 0.01}}
    metrics["slices"] = {"region": {"north": {"auc": 0.9}, "south": {"auc": 0.88}}}
    root = project({"policy.yaml": policy, "reports/metrics.json": json.dumps(metrics)})
    assert run("policy", "validate", "policy.yaml").exit_code == 0
    code, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    assert report["summary"]["not_applicable"] == {} and code == 0, report["findings"]


SLICED = {
    "eval": {"auc": 0.86},
    "slices": {
        "region": {"north": {"auc": 0.88}, "south": {"auc": 0.79}, "east": {"auc": 0.86}},
        "list": [{"name": "female", "auc": 0.84}, {"name": "male", "auc": 0.86}],
    },
}


def _slices_rule(with_: str) -> dict[str, str]:
    return policy_with(f"t/slices:\n  check: metrics/slices\n  paths: [metrics.json]\n  with: {with_}\n")


def test_a_weak_slice_and_a_wide_gap_are_findings_at_their_lines(project) -> None:
    text = json.dumps(SLICED, indent=2)
    root = project(
        {"metrics.json": text, **_slices_rule("{metric: auc, slices: slices.region, min: 0.8, max_gap: 0.05}")}
    )
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    messages = {f["message"]: f["line"] for f in findings_of(report, "t/slices")}
    south = text.splitlines().index('        "auc": 0.79') + 1
    assert messages == {
        "slice 'south': auc = 0.79, required at least 0.8": south,
        "auc differs by 0.09 between slices 'north' and 'south' (0.88 and 0.79), more than max_gap 0.05": south,
    }


def test_slices_in_a_list_are_named_by_their_name_field(project) -> None:
    root = project(
        {"metrics.json": json.dumps(SLICED), **_slices_rule("{metric: auc, slices: slices.list, min: 0.85}")}
    )
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    assert [f["message"] for f in findings_of(report, "t/slices")] == [
        "slice 'female': auc = 0.84, required at least 0.85"
    ]


def test_lower_is_better_turns_min_into_a_maximum(project) -> None:
    latency = {"slices": {"eu": {"p95_ms": 90}, "us": {"p95_ms": 130}}}
    rule = "{metric: p95_ms, min: 120, lower_is_better: true}"
    root = project({"metrics.json": json.dumps(latency), **_slices_rule(rule)})
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    assert [f["message"] for f in findings_of(report, "t/slices")] == ["slice 'us': p95_ms = 130, required at most 120"]


def test_no_per_slice_values_is_missing_evidence(project) -> None:
    root = project({"metrics.json": json.dumps({"eval": {"auc": 0.9}}), **_slices_rule("{metric: auc, max_gap: 0.05}")})
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    [finding] = findings_of(report, "t/slices")
    assert (
        finding["message"] == "required evidence is missing: no per-slice values of 'auc' under 'slices' (metrics.json)"
    )
    assert '"slices"' in finding["help"]


def test_slices_needs_a_min_or_a_max_gap(project) -> None:
    root = project({"metrics.json": json.dumps(SLICED), **_slices_rule("{metric: auc}")})
    result = run("check", str(root), "--policy", "policy.yaml")
    assert result.exit_code == 2 and "policy.yaml:" in result.stderr


def mlflow_run(
    run_id: str, name: str, end_time: int, metrics: dict[str, list[tuple[float, int]]], status: int = 3
) -> dict[str, str]:
    """One run as MLflow's file store lays it out (checked against mlflow-skinny's own output):
    meta.yaml, one file per metric key with '<timestamp> <value> <step>' lines, tags/mlflow.runName."""
    base = f"mlruns/958838557686254830/{run_id}"
    files = {
        f"{base}/meta.yaml": textwrap.dedent(
            f"""\
            artifact_uri: file:///tmp/mlruns/958838557686254830/{run_id}/artifacts
            end_time: {end_time}
            entry_point_name: ''
            experiment_id: '958838557686254830'
            lifecycle_stage: active
            run_id: {run_id}
            run_name: {name}
            source_name: ''
            source_type: 4
            source_version: ''
            start_time: {end_time - 6}
            status: {status}
            tags: []
            user_id: root
            """
        ),
        f"{base}/tags/mlflow.runName": name,
    }
    for key, points in metrics.items():
        files[f"{base}/metrics/{key}"] = "".join(
            f"{end_time - 5 + i} {value} {step}\n" for i, (value, step) in enumerate(points)
        )
    return files


def test_the_latest_finished_mlflow_run_is_a_metric_report(project) -> None:
    runs = {
        **mlflow_run("590e5db9b1df411692b500b9768ffc9d", "baseline", 1796078046961, {"auc": [(0.70, 0), (0.81, 1)]}),
        **mlflow_run(
            "441d8f244e354b0aa6a98e160e8e3281", "candidate", 1796078046968, {"auc": [(0.79, 0)], "eval/f1": [(0.6, 0)]}
        ),
        **mlflow_run("aaaa", "crashed", 1796078046999, {"auc": [(0.99, 0)]}, status=4),
        "mlruns/958838557686254830/meta.yaml": "name: churn\n",
    }
    rule = "t/auc:\n  check: metrics/threshold\n  with: {thresholds: {auc: '>= 0.8'}}\n"
    root = project({".gitignore": "mlruns/\n", **runs, **policy_with(rule)})
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    [finding] = findings_of(report, "t/auc")
    assert finding["message"] == "auc = 0.79, required >= 0.8"
    assert finding["path"] == "mlruns/958838557686254830/441d8f244e354b0aa6a98e160e8e3281/metrics/auc"
    assert finding["line"] == 1
    named = policy_with(
        rule.replace("{thresholds: {auc: '>= 0.8'}}", "{thresholds: {auc: '>= 0.8'}, mlflow_run: baseline}")
    )
    (root / "policy.yaml").write_text(named["policy.yaml"])
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    assert findings_of(report, "t/auc") == []  # the baseline run's latest step: 0.81


def test_model_index_results_and_benchmarks_are_metric_reports_too(project) -> None:
    card = "---\nlicense: mit\nlibrary_name: sklearn\nmodel-index:\n  - name: m\n    results:\n      - task: {type: t}\n        dataset: {type: d, name: d}\n        metrics:\n          - {type: roc_auc, value: 0.71}\n---\n# M\n"
    bench = {
        "datetime": "2026-11-30T00:00:00",
        "benchmarks": [{"name": "test_predict", "fullname": "t::test_predict", "stats": {"median": 0.004}}],
    }
    rule = (
        't/q:\n  check: metrics/threshold\n  with: {thresholds: {roc_auc: ">= 0.8", test_predict.median: "<= 0.002"}}\n'
    )
    root = project({"MODEL_CARD.md": card, "benchmark.json": json.dumps(bench), **policy_with(rule)})
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    found = sorted((f["path"], f["line"], f["message"]) for f in findings_of(report, "t/q"))
    assert found == [
        ("MODEL_CARD.md", 10, "roc_auc = 0.71, required >= 0.8"),
        ("benchmark.json", 1, "test_predict.median = 0.004, required <= 0.002"),
    ]
