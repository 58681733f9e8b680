from __future__ import annotations

import json
from pathlib import Path

import pytest

from churn.evaluate import auc, evaluate, main, perturb, precision_recall
from churn.model import load_model

PROJECT = Path(__file__).resolve().parents[1]


def test_auc_of_perfect_reversed_and_tied_scores():
    labels = [0, 0, 1, 1]
    assert auc(labels, [0.1, 0.2, 0.8, 0.9]) == 1.0
    assert auc(labels, [0.9, 0.8, 0.2, 0.1]) == 0.0
    assert auc(labels, [0.5, 0.5, 0.5, 0.5]) == 0.5
    assert auc(labels, [0.1, 0.4, 0.35, 0.8]) == 0.75


def test_auc_needs_both_classes():
    with pytest.raises(ValueError, match="both classes"):
        auc([1, 1], [0.2, 0.3])


def test_precision_recall():
    labels = [1, 1, 0, 0, 1]
    scores = [0.9, 0.4, 0.6, 0.1, 0.2]
    assert precision_recall(labels, scores, 0.5) == (0.5, pytest.approx(1 / 3))
    assert precision_recall(labels, scores, 0.95) == (0.0, 0.0)


def test_perturb_keeps_the_originals_and_blanks_fields(sample_rows):
    blanked = perturb(sample_rows[:10], seed=0, missing=1.0)
    assert all(row["tenure_months"] == "" for row in blanked)
    assert sample_rows[0]["tenure_months"] != ""
    noisy = perturb(sample_rows[:10], seed=0, noise=0.1)
    assert noisy == perturb(sample_rows[:10], seed=0, noise=0.1)
    assert all(row["monthly_charges"] >= 0 for row in noisy)


def test_the_shipped_model_meets_the_team_bar(sample_rows):
    report = evaluate(load_model(), sample_rows, "data/sample.csv")
    assert report["model"] == {"name": "churn", "version": "3.0.0"}
    assert report["eval"]["n"] == 200
    assert report["eval"]["auc"] >= 0.75
    assert report["robustness"]["missing_values"]["auc_drop"] <= 0.05
    assert 0 < report["latency"]["p50_ms"] <= report["latency"]["p95_ms"]


def test_main_writes_the_metrics_report(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(PROJECT)
    out = tmp_path / "reports" / "metrics.json"
    assert main(["--out", str(out)]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["eval"]["dataset"] == "data/sample.csv"
    assert set(report) == {"model", "eval", "latency", "robustness"}
    assert capsys.readouterr().out.startswith("AUC ")
