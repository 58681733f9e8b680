import json

from tests.conftest import findings_of, policy_with, run_json

METRICS = {"eval": {"auc": 0.81, "precision": 0.7}, "latency": {"p95_ms": 150}, "model": {"owner": "@ml-churn"}}

FIELD_RULE = """\
t/metrics:
  check: data/field
  paths: ["reports/*.json", "reports/*.yaml", "reports/*.toml"]
  with:
    fields:
      eval.auc: ">= 0.85"
      eval.precision: "> 0.5 and <= 1"
      latency.p95_ms: "<= 120"
      model.owner: {matches: "^@", type: string}
      model.stage: {in: [staging, production]}
      eval.recall: {threshold: ">= 0.5", required: false}
"""


def test_data_field_points_at_the_key_line_in_json_yaml_and_toml(project) -> None:
    yaml_text = (
        "eval:\n  auc: 0.81\n  precision: 0.7\nlatency:\n  p95_ms: 150\nmodel:\n  owner: '@ml-churn'\n  stage: dev\n"
    )
    toml_text = (
        '[eval]\nauc = 0.9\nprecision = 0.7\n\n[latency]\np95_ms = 100\n\n[model]\nowner = "x"\nstage = "production"\n'
    )
    root = project(
        {
            "reports/metrics.json": json.dumps(METRICS, indent=2),
            "reports/metrics.yaml": yaml_text,
            "reports/metrics.toml": toml_text,
            **policy_with(FIELD_RULE),
        }
    )
    code, report = run_json(str(root), "--policy", "policy.yaml")
    by_path: dict[str, list[tuple[int | None, str]]] = {}
    for finding in findings_of(report, "t/metrics"):
        by_path.setdefault(finding["path"], []).append((finding["line"], finding["message"]))
    assert code == 1
    assert by_path["reports/metrics.json"] == [
        (3, "field 'eval.auc' = 0.81 does not satisfy >= 0.85"),
        (7, "field 'latency.p95_ms' = 150 does not satisfy <= 120"),
        (9, "field 'model.stage' is missing"),  # at its parent's line
    ]
    assert by_path["reports/metrics.yaml"] == [
        (2, "field 'eval.auc' = 0.81 does not satisfy >= 0.85"),
        (5, "field 'latency.p95_ms' = 150 does not satisfy <= 120"),
        (8, 'field \'model.stage\' is "dev"; expected one of: "staging", "production"'),
    ]
    assert by_path["reports/metrics.toml"] == [(9, "field 'model.owner' is \"x\", which does not match '^@'")]


def test_data_field_type_and_non_numbers(project) -> None:
    root = project(
        {
            "m.json": json.dumps({"auc": "high", "flag": True, "n": None}),
            **policy_with(
                "t/m:\n  check: data/field\n  paths: [m.json]\n  with:\n    fields:\n"
                "      auc: '>= 0.5'\n      flag: '>= 0'\n      n: {type: 'null'}\n"
            ),
        }
    )
    _, report = run_json(str(root), "--policy", "policy.yaml")
    messages = [f["message"] for f in findings_of(report, "t/m")]
    assert messages == [
        "field 'auc' is \"high\", not a number (threshold >= 0.5)",
        "field 'flag' is true, not a number (threshold >= 0)",
    ]


def test_malformed_data_file_is_a_parse_error_finding_and_the_run_goes_on(project) -> None:
    root = project(
        {
            "reports/broken.json": '{\n  "eval": {"auc": 0.9,}\n}\n',
            "reports/metrics.json": json.dumps(METRICS),
            **policy_with(FIELD_RULE),
        }
    )
    code, report = run_json(str(root), "--policy", "policy.yaml")
    [parse_error] = findings_of(report, "readycheck/parse-error")
    assert parse_error["path"] == "reports/broken.json"
    assert parse_error["line"] == 2
    assert "JSON syntax error" in parse_error["message"]
    assert any(f["path"] == "reports/metrics.json" for f in findings_of(report, "t/metrics"))
    assert code == 1


SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["seed", "model"],
    "additionalProperties": False,
    "properties": {
        "seed": {"type": "integer"},
        "model": {"type": "object", "properties": {"lr": {"type": "number", "exclusiveMinimum": 0}}},
    },
}


def test_data_schema_reports_each_error_with_json_path_and_line(project) -> None:
    root = project(
        {
            "schemas/train.json": json.dumps(SCHEMA),
            "configs/good.yaml": "seed: 1\nmodel:\n  lr: 0.1\n",
            "configs/bad.yaml": "seed: one\nmodel:\n  lr: -1\nextra: true\n",
            **policy_with(
                "t/config:\n  check: data/schema\n  paths: [configs/*.yaml]\n  with: {schema: schemas/train.json}\n"
            ),
        }
    )
    code, report = run_json(str(root), "--policy", "policy.yaml")
    found = [(f["path"], f["line"], f["message"]) for f in findings_of(report, "t/config")]
    assert code == 1
    assert found == [
        ("configs/bad.yaml", 1, "'seed' must be an integer, not 'one' (at $.seed)"),
        ("configs/bad.yaml", 3, "'lr': -1 is less than or equal to the minimum of 0 (at $.model.lr)"),
        ("configs/bad.yaml", 4, "unknown key 'extra' (known keys: model, seed) (at $.extra)"),
    ]


def test_data_schema_missing_schema_file_is_a_finding_not_a_crash(project) -> None:
    root = project(
        {
            "configs/a.yaml": "seed: 1\n",
            **policy_with("t/config:\n  check: data/schema\n  paths: [configs/*.yaml]\n  with: {schema: nope.json}\n"),
        }
    )
    _, report = run_json(str(root), "--policy", "policy.yaml")
    [finding] = findings_of(report, "t/config")
    assert "cannot use schema 'nope.json'" in finding["message"]
    assert findings_of(report, "readycheck/check-error") == []
