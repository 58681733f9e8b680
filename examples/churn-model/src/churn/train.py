"""Train the churn scorer: mini-batch gradient descent on a CSV, settings from configs/train.yaml.

PYTHONPATH=src python -m churn.train --config configs/train.yaml
"""

from __future__ import annotations

import argparse
import math
import random
from collections.abc import Sequence
from pathlib import Path

from churn.features import extract, label, read_rows
from churn.model import ChurnModel, save_model, sigmoid

Config = dict[str, str | int | float]


def load_config(path: str | Path) -> Config:
    """Read a flat ``key: value`` YAML file (the subset configs/train.yaml uses), without PyYAML."""
    config: Config = {}
    for raw in Path(path).read_text(encoding="utf-8").splitlines():
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        key, _, value = (part.strip() for part in line.partition(":"))
        value = value.strip("\"'")
        for cast in (int, float):
            try:
                config[key] = cast(value)
                break
            except ValueError:
                continue
        else:
            config[key] = value
    return config


def log_loss(xs: Sequence[Sequence[float]], ys: Sequence[int], weights: Sequence[float], bias: float) -> float:
    total = 0.0
    for x, y in zip(xs, ys, strict=True):
        p = min(max(sigmoid(bias + sum(w * v for w, v in zip(weights, x, strict=True))), 1e-12), 1 - 1e-12)
        total -= y * math.log(p) + (1 - y) * math.log(1 - p)
    return total / len(ys)


def fit(
    xs: Sequence[Sequence[float]],
    ys: Sequence[int],
    *,
    learning_rate: float,
    epochs: int,
    l2: float = 0.0,
    batch_size: int = 32,
    seed: int = 0,
) -> tuple[list[float], float]:
    """Weights and bias minimising L2-regularised log loss; the seed fixes the batch order."""
    rng = random.Random(seed)
    weights, bias = [0.0] * len(xs[0]), 0.0
    order = list(range(len(ys)))
    for _ in range(epochs):
        rng.shuffle(order)
        for start in range(0, len(order), batch_size):
            batch = order[start : start + batch_size]
            grad_w, grad_b = [l2 * w for w in weights], 0.0
            for i in batch:
                error = sigmoid(bias + sum(w * v for w, v in zip(weights, xs[i], strict=True))) - ys[i]
                grad_b += error / len(batch)
                for j, v in enumerate(xs[i]):
                    grad_w[j] += error * v / len(batch)
            weights = [w - learning_rate * g for w, g in zip(weights, grad_w, strict=True)]
            bias -= learning_rate * grad_b
    return weights, bias


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default="configs/train.yaml")
    config = load_config(parser.parse_args(argv).config)
    rows = read_rows(str(config["dataset"]))
    xs, ys = [extract(row) for row in rows], [label(row) for row in rows]
    hyper = {key: config[key] for key in ("learning_rate", "epochs", "l2", "batch_size", "seed")}
    weights, bias = fit(xs, ys, **hyper)  # type: ignore[arg-type]
    threshold = float(config.get("threshold", 0.5))
    model = ChurnModel(str(config["model_name"]), str(config["model_version"]), tuple(weights), bias, threshold)
    save_model(model, str(config["output"]), {"dataset": config["dataset"], "rows": len(rows), **hyper})
    print(f"trained {model.name} {model.version} on {len(rows)} rows: log loss {log_loss(xs, ys, weights, bias):.4f}")
    print(f"wrote {config['output']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
