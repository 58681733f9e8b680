from __future__ import annotations

import json
import math

import pytest

from churn.features import FEATURE_NAMES
from churn.model import DEFAULT_MODEL_PATH, ChurnModel, load_model, save_model, sigmoid


@pytest.fixture(scope="module")
def model() -> ChurnModel:
    return load_model()


def test_shipped_weights_are_version_3(model):
    assert (model.name, model.version) == ("churn", "3.0.0")
    assert len(model.weights) == len(FEATURE_NAMES)
    assert DEFAULT_MODEL_PATH.name == "churn-v3.json"


def test_predict_proba_is_a_probability(model, sample_rows):
    assert all(0.0 < model.predict_proba(row) < 1.0 for row in sample_rows)


def test_risk_moves_in_the_expected_directions(model, customer):
    base = model.predict_proba(customer)
    assert model.predict_proba({**customer, "support_tickets": "8"}) > base
    assert model.predict_proba({**customer, "contract": "two-year"}) < base
    assert model.predict_proba({**customer, "autopay": "yes"}) < base
    assert model.predict_proba({**customer, "tenure_months": "60"}) < base


def test_predict_applies_the_threshold(model, customer):
    assert model.predict(customer) == 1
    assert ChurnModel("churn", "test", model.weights, model.bias, threshold=1.0).predict(customer) == 0


@pytest.mark.parametrize("z", [-1000.0, -5.0, 0.0, 5.0, 1000.0])
def test_sigmoid_is_stable(z):
    value = sigmoid(z)
    assert 0.0 <= value <= 1.0
    assert value == pytest.approx(1 / (1 + math.exp(-z)) if abs(z) < 700 else float(z > 0))


def test_save_and_load_round_trip(tmp_path, model):
    path = tmp_path / "models" / "churn-test.json"
    save_model(model, path, {"dataset": "data/sample.csv"})
    assert load_model(path) == ChurnModel(
        model.name, model.version, tuple(round(w, 6) for w in model.weights), round(model.bias, 6), model.threshold
    )


def test_a_model_trained_on_another_feature_schema_is_refused(tmp_path):
    document = json.loads(DEFAULT_MODEL_PATH.read_text(encoding="utf-8"))
    path = tmp_path / "churn-v4.json"
    path.write_text(json.dumps({**document, "feature_schema": 2}), encoding="utf-8")
    with pytest.raises(ValueError, match="feature schema 2"):
        load_model(path)
