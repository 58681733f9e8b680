from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from churn.features import FEATURE_NAMES
from churn.train import fit, load_config, log_loss, main

PROJECT = Path(__file__).resolve().parents[1]


def test_load_config_reads_the_shipped_config():
    config = load_config(PROJECT / "configs" / "train.yaml")
    assert config["dataset"] == "data/sample.csv"
    assert config["model_version"] == "3.0.0"
    assert isinstance(config["epochs"], int)
    assert isinstance(config["learning_rate"], float)
    assert config["threshold"] == 0.35  # the trailing comment is not part of the value


def test_fit_learns_a_separable_problem():
    xs = [[0.0], [0.2], [0.4], [1.6], [1.8], [2.0]]
    ys = [0, 0, 0, 1, 1, 1]
    weights, bias = fit(xs, ys, learning_rate=0.5, epochs=200, batch_size=2, seed=1)
    assert weights[0] > 0
    assert log_loss(xs, ys, weights, bias) < log_loss(xs, ys, [0.0], 0.0)


def test_fit_is_deterministic_for_a_seed():
    xs, ys = [[0.0, 1.0], [1.0, 0.0], [0.5, 0.5], [0.9, 0.1]], [0, 1, 0, 1]
    first = fit(xs, ys, learning_rate=0.3, epochs=20, batch_size=2, seed=7)
    assert fit(xs, ys, learning_rate=0.3, epochs=20, batch_size=2, seed=7) == first


def test_main_trains_and_writes_a_model(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(PROJECT)
    out = tmp_path / "churn-test.json"
    config = tmp_path / "train.yaml"
    shipped = (PROJECT / "configs" / "train.yaml").read_text(encoding="utf-8")
    shipped = re.sub(r"(?m)^epochs: .*$", "epochs: 2", shipped.replace("models/churn-v3.json", str(out)))
    config.write_text(shipped, encoding="utf-8")
    assert main(["--config", str(config)]) == 0
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["features"] == list(FEATURE_NAMES)
    assert written["training"]["rows"] == 200
    assert "trained churn 3.0.0 on 200 rows" in capsys.readouterr().out


@pytest.mark.parametrize("line", ["", "# comment only", "   "])
def test_load_config_skips_blank_and_comment_lines(tmp_path, line):
    path = tmp_path / "c.yaml"
    path.write_text(f"{line}\nseed: 3\n", encoding="utf-8")
    assert load_config(path) == {"seed": 3}
