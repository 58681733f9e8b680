from __future__ import annotations

import pytest

from churn.features import DEFAULTS, FEATURE_NAMES, extract, label


def test_extract_follows_feature_names(customer):
    features = dict(zip(FEATURE_NAMES, extract(customer), strict=True))
    assert features == {
        "tenure_years": pytest.approx(0.25),
        "monthly_charges_100": pytest.approx(0.999),
        "support_tickets": 4.0,
        "month_to_month": 1.0,
        "two_year": 0.0,
        "autopay": 0.0,
        "inactive_weeks": pytest.approx(3.0),
    }


def test_missing_and_empty_values_are_imputed():
    features = dict(zip(FEATURE_NAMES, extract({"tenure_months": "", "contract": "two-year"}), strict=True))
    assert features["tenure_years"] == DEFAULTS["tenure_months"] / 12
    assert features["monthly_charges_100"] == DEFAULTS["monthly_charges"] / 100
    assert features["support_tickets"] == DEFAULTS["support_tickets"]
    assert (features["month_to_month"], features["two_year"]) == (0.0, 1.0)


def test_outliers_are_capped(customer):
    features = dict(
        zip(FEATURE_NAMES, extract({**customer, "support_tickets": "40", "days_since_last_login": "400"}), strict=True)
    )
    assert features["support_tickets"] == 10.0
    assert features["inactive_weeks"] == pytest.approx(90 / 7)


@pytest.mark.parametrize("raw", ["yes", "Yes", "true", "1", " y "])
def test_autopay_flag_accepts_common_spellings(customer, raw):
    assert extract({**customer, "autopay": raw})[FEATURE_NAMES.index("autopay")] == 1.0


def test_unknown_contract_is_an_error(customer):
    with pytest.raises(ValueError, match="unknown contract 'weekly'"):
        extract({**customer, "contract": "weekly"})


def test_label(customer):
    assert label(customer) == 1
    assert label({**customer, "churned": "0"}) == 0


def test_sample_rows_are_well_formed(sample_rows):
    assert len(sample_rows) == 200
    assert all(len(extract(row)) == len(FEATURE_NAMES) for row in sample_rows)
    assert {label(row) for row in sample_rows} == {0, 1}
