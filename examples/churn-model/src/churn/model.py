"""The churn scorer: logistic regression with fixed, versioned weights from models/churn-v3.json."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from churn.features import FEATURE_NAMES, FEATURE_SCHEMA_VERSION, extract

DEFAULT_MODEL_PATH = Path(__file__).resolve().parents[2] / "models" / "churn-v3.json"


def sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)  # never overflows for z < 0
    return e / (1.0 + e)


@dataclass(frozen=True)
class ChurnModel:
    name: str
    version: str
    weights: tuple[float, ...]
    bias: float
    threshold: float = 0.5

    def score(self, features: Sequence[float]) -> float:
        """Churn probability of an already extracted feature vector."""
        return sigmoid(self.bias + sum(w * x for w, x in zip(self.weights, features, strict=True)))

    def predict_proba(self, row: Mapping[str, Any]) -> float:
        """Churn probability of one raw customer row."""
        return self.score(extract(row))

    def predict(self, row: Mapping[str, Any]) -> int:
        return int(self.predict_proba(row) >= self.threshold)


def load_model(path: str | Path = DEFAULT_MODEL_PATH) -> ChurnModel:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if data.get("feature_schema") != FEATURE_SCHEMA_VERSION or tuple(data.get("features", ())) != FEATURE_NAMES:
        raise ValueError(
            f"{path}: trained on feature schema {data.get('feature_schema')}, "
            f"this code computes schema {FEATURE_SCHEMA_VERSION}; retrain or roll the code back"
        )
    return ChurnModel(data["name"], data["version"], tuple(data["weights"]), data["bias"], data.get("threshold", 0.5))


def save_model(model: ChurnModel, path: str | Path, training: Mapping[str, Any]) -> None:
    document = {
        "name": model.name,
        "version": model.version,
        "feature_schema": FEATURE_SCHEMA_VERSION,
        "features": list(FEATURE_NAMES),
        "weights": [round(w, 6) for w in model.weights],
        "bias": round(model.bias, 6),
        "threshold": model.threshold,
        "training": dict(training),
    }
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
