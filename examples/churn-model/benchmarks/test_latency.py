"""Latency benchmarks of the scorer, for the team's latency budget (see policies/team.yaml).

    pytest benchmarks --benchmark-json=reports/benchmark.json     # needs pytest-benchmark
"""

from __future__ import annotations

from pathlib import Path

from churn.features import read_rows
from churn.model import load_model

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample.csv"


def test_predict_one_row(benchmark) -> None:  # type: ignore[no-untyped-def]
    model = load_model()
    row = read_rows(SAMPLE)[0]
    assert benchmark(model.predict, row) in (0, 1)


def test_predict_sample(benchmark) -> None:  # type: ignore[no-untyped-def]
    model = load_model()
    rows = read_rows(SAMPLE)
    scores = benchmark(lambda: [model.predict_proba(row) for row in rows])
    assert len(scores) == len(rows)
