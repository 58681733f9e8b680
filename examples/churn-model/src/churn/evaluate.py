"""Evaluate the churn scorer: AUC, precision/recall, latency and robustness, to reports/metrics.json.

PYTHONPATH=src python -m churn.evaluate --model models/churn-v3.json --data data/sample.csv
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from churn.features import DEFAULTS, label, read_rows
from churn.model import ChurnModel, load_model


def auc(labels: Sequence[int], scores: Sequence[float]) -> float:
    """Area under the ROC curve: the chance a random churner outscores a random non-churner (ties count half)."""
    positives = [s for s, y in zip(scores, labels, strict=True) if y]
    negatives = [s for s, y in zip(scores, labels, strict=True) if not y]
    if not positives or not negatives:
        raise ValueError("AUC needs both classes")
    wins = sum((p > n) + 0.5 * (p == n) for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))


def precision_recall(labels: Sequence[int], scores: Sequence[float], threshold: float = 0.5) -> tuple[float, float]:
    predicted = [int(s >= threshold) for s in scores]
    true_pos = sum(p and y for p, y in zip(predicted, labels, strict=True))
    precision = true_pos / sum(predicted) if sum(predicted) else 0.0
    recall = true_pos / sum(labels) if sum(labels) else 0.0
    return precision, recall


def latency(model: ChurnModel, rows: Sequence[Mapping[str, Any]], repeats: int = 5) -> dict[str, float]:
    """Per-row scoring time in milliseconds (feature extraction included)."""
    timings = []
    for _ in range(repeats):
        for row in rows:
            started = time.perf_counter()
            model.predict_proba(row)
            timings.append((time.perf_counter() - started) * 1000)
    cuts = statistics.quantiles(timings, n=100)
    return {"p50_ms": round(cuts[49], 4), "p95_ms": round(cuts[94], 4)}


def perturb(
    rows: Sequence[Mapping[str, Any]], seed: int, noise: float = 0.0, missing: float = 0.0
) -> list[dict[str, Any]]:
    """Copies of ``rows`` with relative Gaussian noise on, and/or blanked, numeric fields."""
    rng = random.Random(seed)
    out = []
    for row in rows:
        copy = dict(row)
        for key in DEFAULTS:
            if rng.random() < missing:
                copy[key] = ""
            elif noise:
                copy[key] = max(0.0, float(copy[key]) * (1 + rng.gauss(0, noise)))
        out.append(copy)
    return out


def evaluate(model: ChurnModel, rows: Sequence[Mapping[str, Any]], dataset: str, seed: int = 0) -> dict[str, Any]:
    labels = [label(row) for row in rows]
    scores = [model.predict_proba(row) for row in rows]
    base = auc(labels, scores)
    precision, recall = precision_recall(labels, scores, model.threshold)

    def shifted(**kwargs: float) -> dict[str, float]:
        value = auc(labels, [model.predict_proba(row) for row in perturb(rows, seed, **kwargs)])
        return {**kwargs, "auc": round(value, 4), "auc_drop": round(base - value, 4)}

    return {
        "model": {"name": model.name, "version": model.version},
        "eval": {
            "auc": round(base, 4),
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "threshold": model.threshold,
            "dataset": dataset,
            "n": len(rows),
            "positives": sum(labels),
        },
        "latency": latency(model, rows),
        "robustness": {"gaussian_noise": shifted(noise=0.1), "missing_values": shifted(missing=0.2)},
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="models/churn-v3.json")
    parser.add_argument("--data", default="data/sample.csv")
    parser.add_argument("--out", default="reports/metrics.json")
    args = parser.parse_args(argv)
    report = evaluate(load_model(args.model), read_rows(args.data), args.data)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"AUC {report['eval']['auc']}, precision {report['eval']['precision']}, recall {report['eval']['recall']}")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
