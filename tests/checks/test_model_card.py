"""Model cards: a card rendered from Hugging Face's own template (placeholders and all), a filled-in
card, a Model Card Toolkit JSON card, models without cards, and READMEs that are not cards."""

from __future__ import annotations

import json
import re
import textwrap

import pytest
from huggingface_hub import ModelCard, ModelCardData
from tests.conftest import findings_of, policy_with, run, run_json

MODEL_CARD_RULES = """\
model-card/present: error
model-card/metadata: error
model-card/sections: warning
model-card/no-placeholders: warning
model-card/owner: warning
"""


def hub_template_card(**data: object) -> str:
    """A card as `ModelCard.from_template` writes it: the Hub's template, every placeholder left."""
    return str(ModelCard.from_template(ModelCardData(**data), model_id="acme/churn"))  # type: ignore[arg-type]


FILLED = """\
---
license: apache-2.0
library_name: sklearn
pipeline_tag: tabular-classification
owner: "@acme/ml-churn"
---

# Churn model

## Uses

Ranks customers by churn risk for the retention team's weekly campaign.

## Bias, Risks, and Limitations

Trained on 2024 EU customers only; do not use it for other markets.

## Training Details

Gradient-boosted trees on 40 features, 5-fold cross-validation.

## Evaluation

AUC 0.84 on the March 2025 hold-out set.
"""


def test_a_card_rendered_from_the_hub_template_is_full_of_findings(project) -> None:
    card = hub_template_card(license="mit", language="en", library_name="sklearn")
    root = project(
        {"models/churn/README.md": card, "models/churn/model.safetensors": "x", **policy_with(MODEL_CARD_RULES)}
    )
    code, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    placeholders = findings_of(report, "model-card/no-placeholders")
    lines = card.splitlines()
    outside_comments = re.sub(r"<!--.*?-->", "", card, flags=re.DOTALL).lower()
    assert len(placeholders) == outside_comments.count("more information needed") > 20
    assert all("more information needed" in lines[f["line"] - 1].lower() for f in placeholders)
    sections = sorted(f["message"] for f in findings_of(report, "model-card/sections"))
    # The template's Recommendations subsection carries a boilerplate sentence, so 'Bias, Risks, and
    # Limitations' reads as written; no-placeholders flags that sentence ("More information needed ...").
    assert sections == [
        f"section '{name}' has no content (only template text)" for name in ("Evaluation", "Training Details", "Uses")
    ]
    assert [f["message"] for f in findings_of(report, "model-card/owner")] == ["the card names no owner or contact"]
    assert findings_of(report, "model-card/present") == [] and findings_of(report, "model-card/metadata") == []
    assert code == 0


def test_a_filled_in_card_passes_every_model_card_rule(project) -> None:
    root = project(
        {"models/churn/README.md": FILLED, "models/churn/model.joblib": "x", **policy_with(MODEL_CARD_RULES)}
    )
    code, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    assert [f for f in report["findings"] if f["rule_id"].startswith("model-card/")] == []
    assert report["summary"]["areas"]["documentation"]["passed"] == 4 and code == 0


def test_models_without_a_card_are_named(project) -> None:
    root = project(
        {
            "models/churn/model.onnx": "x",
            "models/upsell/weights.pt": "x",
            "models/upsell/MODEL_CARD.md": FILLED,
            "exports/ranker.safetensors": "x",
            "mlruns/1/abc/artifacts/model/MLmodel": "flavors: {}\n",
            "mlruns/1/abc/artifacts/model/model.pkl": "x",
            **policy_with(MODEL_CARD_RULES),
        }
    )
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    found = sorted((f["path"], f["message"]) for f in findings_of(report, "model-card/present"))
    assert found == [
        (".", "model models/churn/ has no model card in models/churn"),
        ("exports/ranker.safetensors", "model exports/ranker.safetensors has no model card in exports"),
        (
            "mlruns/1/abc/artifacts/model/MLmodel",
            "model mlruns/1/abc/artifacts/model/MLmodel has no model card in mlruns/1/abc/artifacts/model",
        ),
    ]


def test_no_models_and_no_cards_is_not_applicable_unless_required(project) -> None:
    root = project({"README.md": "# Plain project\n\nNo models here.\n", **policy_with(MODEL_CARD_RULES)})
    code, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    assert set(report["summary"]["not_applicable"]) >= {"model-card/present", "model-card/sections", "model-card/owner"}
    assert code == 0
    required = policy_with("model-card/present:\n  level: error\n  required: true\n")
    (root / "policy.yaml").write_text(required["policy.yaml"])
    code, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    [finding] = findings_of(report, "model-card/present")
    assert finding["message"].startswith("required evidence is missing: no model card in the repository")
    assert code == 1


@pytest.mark.parametrize(
    ("front_matter", "expected"),
    [
        ("library_name: sklearn\n", ["'license' is missing in the front matter"]),
        ("license: MIT-ish\nlibrary_name: sklearn\n", ["license 'MIT-ish' is not a Hugging Face license id"]),
        (
            "license: other\nlibrary_name: sklearn\n",
            ["license 'other' needs 'license_name'", "license 'other' needs 'license_link'"],
        ),
        ("license: [unclosed\nlibrary_name: sklearn\n", ["front matter: YAML syntax error"]),
    ],
)
def test_metadata_problems(project, front_matter: str, expected: list[str]) -> None:
    card = f"---\n{front_matter}---\n\n# Model\n"
    root = project(
        {"models/m/MODEL_CARD.md": card, "models/m/model.pkl": "x", **policy_with("model-card/metadata: error\n")}
    )
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    messages = sorted(f["message"] for f in findings_of(report, "model-card/metadata"))
    assert len(messages) == len(expected)
    assert all(message.startswith(prefix) for message, prefix in zip(messages, sorted(expected), strict=True))


def test_metadata_validates_against_a_schema_from_the_repository(project) -> None:
    schema = {"type": "object", "required": ["language"], "properties": {"license": {"enum": ["apache-2.0"]}}}
    rule = "model-card/metadata:\n  with: {schema: schemas/card.json}\n"
    root = project({"models/m/README.md": FILLED, "schemas/card.json": json.dumps(schema), **policy_with(rule)})
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    [finding] = findings_of(report, "model-card/metadata")
    assert "missing required key 'language'" in finding["message"] and finding["path"] == "models/m/README.md"


MCT = {
    "model_details": {"name": "churn", "owners": [{"name": "ML churn team", "contact": "ml-churn@acme.test"}]},
    "considerations": {
        "use_cases": [{"description": "weekly retention campaign"}],
        "limitations": [{"description": "TBD"}],
    },
    "quantitative_analysis": {"performance_metrics": [{"type": "auc", "value": "0.84"}]},
    "model_parameters": {"data": [{"name": "customers-2024"}]},
}


def test_a_model_card_toolkit_json_card(project) -> None:
    root = project({"model_card.json": json.dumps(MCT, indent=2), **policy_with(MODEL_CARD_RULES)})
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    assert findings_of(report, "model-card/owner") == [] and findings_of(report, "model-card/sections") == []
    [placeholder] = findings_of(report, "model-card/no-placeholders")
    assert placeholder["message"] == "placeholder 'TBD' in considerations.limitations.0.description"


def test_profiles_and_custom_sections(project) -> None:
    root = project({"MODEL_CARD.md": FILLED, **policy_with("model-card/sections:\n  with: {profile: mitchell2019}\n")})
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    missing = {f["message"] for f in findings_of(report, "model-card/sections")}
    assert "missing section 'Factors'" in missing and "missing section 'Intended Use'" not in missing
    custom = policy_with("model-card/sections:\n  with: {sections: [Uses, Rollback]}\n")
    (root / "policy.yaml").write_text(custom["policy.yaml"])
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    assert [f["message"] for f in findings_of(report, "model-card/sections")] == ["missing section 'Rollback'"]


def test_a_readme_without_model_keys_is_not_a_card(project) -> None:
    root = project({"README.md": "---\ntitle: docs\n---\n# Project\nTODO: write\n", **policy_with(MODEL_CARD_RULES)})
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    assert findings_of(report, "model-card/no-placeholders") == []


@pytest.mark.parametrize(
    "rule_id",
    [
        "model-card/present",
        "model-card/metadata",
        "model-card/sections",
        "model-card/no-placeholders",
        "model-card/owner",
    ],
)
def test_the_explained_example_works_when_pasted(project, rule_id: str) -> None:
    snippet = run("explain", rule_id).stdout.split("example:\n", 1)[1]
    root = project(
        {
            "policy.yaml": "readycheck: 1\n" + textwrap.dedent(snippet),
            "models/m/README.md": FILLED.replace("---\n\n", "language: en\n---\n\n", 1),
            "reports/metrics.json": json.dumps({"eval": {"auc": 0.84}}),
        }
    )
    assert run("policy", "validate", "policy.yaml").exit_code == 0
    code, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    assert code == 0, report["findings"]


INDEXED = """\
---
license: apache-2.0
library_name: sklearn
owner: "@acme/ml"
model-index:
  - name: churn-v3
    results:
      - task: {type: tabular-classification}
        dataset: {type: acme/churn-sample, name: Churn sample}
        metrics:
          - {type: roc_auc, value: 0.84, name: AUC}
          - {type: precision, value: 0.61}
---

# Churn

| Metric | Value |
| --- | --- |
| Recall | 0.73 |
"""


def test_eval_results_point_at_the_broken_entry(project) -> None:
    broken = INDEXED.replace(
        "dataset: {type: acme/churn-sample, name: Churn sample}", "dataset: {type: acme/churn-sample}"
    )
    broken = broken.replace("{type: precision, value: 0.61}", "{type: precision, value: high}")
    root = project({"MODEL_CARD.md": broken, **policy_with("model-card/eval-results: warning\n")})
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    found = sorted((f["line"], f["message"]) for f in findings_of(report, "model-card/eval-results"))
    lines = broken.splitlines()
    assert found == [
        (lines.index("        dataset: {type: acme/churn-sample}") + 1, "result 1: 'dataset.name' is missing"),
        (
            lines.index("          - {type: precision, value: high}") + 1,
            "result 1: metric 'precision' has no numeric 'value'",
        ),
    ]


def test_a_well_formed_model_index_and_mct_card_pass(project) -> None:
    root = project(
        {
            "MODEL_CARD.md": INDEXED,
            "mct/model_card.json": json.dumps(MCT),
            **policy_with("model-card/eval-results: warning\n"),
        }
    )
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    assert findings_of(report, "model-card/eval-results") == []


MATCH = "t/current:\n  check: model-card/metrics-match\n  with: {report: reports/metrics.json, mapping: {roc_auc: eval.auc, Recall: eval.recall, precision: eval.precision}, tolerance: 0.005}\n"


def test_a_stale_card_shows_both_values_and_both_places(project) -> None:
    metrics = json.dumps({"eval": {"auc": 0.8423, "recall": 0.69, "precision": 0.61}}, indent=2)
    root = project(
        {".gitignore": "reports/\n", "MODEL_CARD.md": INDEXED, "reports/metrics.json": metrics, **policy_with(MATCH)}
    )
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    found = [(f["path"], f["line"], f["message"]) for f in findings_of(report, "t/current")]
    assert found == [
        (
            "MODEL_CARD.md",
            INDEXED.splitlines().index("| Recall | 0.73 |") + 1,
            "the card states Recall = 0.73 but reports/metrics.json:4 has eval.recall = 0.69 (tolerance 0.005): the card is stale",
        )
    ]


def test_a_missing_report_for_metrics_match_is_a_finding(project) -> None:
    root = project({"MODEL_CARD.md": INDEXED, **policy_with(MATCH)})
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    [finding] = findings_of(report, "t/current")
    assert finding["message"].startswith("cannot read the metric report 'reports/metrics.json'")
    assert "evaluation step" in finding["help"]


def test_metrics_match_on_an_mct_card(project) -> None:
    root = project(
        {
            "model_card.json": json.dumps(MCT),
            "m.json": json.dumps({"auc": 0.80}),
            **policy_with("t/m:\n  check: model-card/metrics-match\n  with: {report: m.json, mapping: {auc: auc}}\n"),
        }
    )
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    [finding] = findings_of(report, "t/m")
    assert "the card states auc = 0.84 but m.json:1 has auc = 0.8" in finding["message"]


def test_a_model_folders_readme_with_a_license_is_a_card_but_the_root_readme_is_not(project) -> None:
    root = project(
        {
            "README.md": "---\nlicense: mit\n---\n# Project\n\nTODO\n",
            "models/m/README.md": "---\nlicense: mit\n---\n# Model\n\nTODO\n",
            **policy_with("model-card/no-placeholders: warning\n"),
        }
    )
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    assert [f["path"] for f in findings_of(report, "model-card/no-placeholders")] == ["models/m/README.md"]


def test_a_card_with_html_headings_and_styled_titles_has_its_sections(project) -> None:
    """Cards exported from HTML tools write <h2> headings and styled spans; their text is what counts."""
    html_card = (
        FILLED.replace("## Uses", "<h2>Uses</h2>")
        .replace("## Bias, Risks, and Limitations", '### <span style="color:red">Limitations</span>')
        .replace("## Training Details", "## **Training Details**")
        .replace("AUC 0.84 on the March 2025 hold-out set.", "[More Information Needed]")
    )
    root = project({"MODEL_CARD.md": html_card, **policy_with("model-card/sections: warning\n")})
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    assert [f["message"] for f in findings_of(report, "model-card/sections")] == [
        "section 'Evaluation' has no content (only template text)"
    ]
