"""Feature engineering: one raw customer row (CSV strings or JSON values) to a model-ready vector."""

from __future__ import annotations

import csv
from collections.abc import Mapping
from pathlib import Path
from typing import Any

FEATURE_SCHEMA_VERSION = 1
"""Bump when FEATURE_NAMES or their meaning change; models record the version they were trained on."""

FEATURE_NAMES: tuple[str, ...] = (
    "tenure_years",
    "monthly_charges_100",
    "support_tickets",
    "month_to_month",
    "two_year",
    "autopay",
    "inactive_weeks",
)
CONTRACTS = ("month-to-month", "one-year", "two-year")
DEFAULTS = {"tenure_months": 12.0, "monthly_charges": 70.0, "support_tickets": 0.0, "days_since_last_login": 7.0}
"""Imputed when a numeric field is missing or empty (the sample's typical customer)."""

_TRUE = {"1", "true", "yes", "y"}


def _number(row: Mapping[str, Any], key: str) -> float:
    value = row.get(key)
    return DEFAULTS[key] if value is None or value == "" else float(value)


def _flag(value: Any) -> float:
    return 1.0 if str(value).strip().lower() in _TRUE else 0.0


def extract(row: Mapping[str, Any]) -> list[float]:
    """The feature vector of ``row``, in FEATURE_NAMES order."""
    contract = str(row.get("contract") or "month-to-month").strip().lower()
    if contract not in CONTRACTS:
        raise ValueError(f"unknown contract {contract!r}; expected one of {', '.join(CONTRACTS)}")
    return [
        _number(row, "tenure_months") / 12.0,
        _number(row, "monthly_charges") / 100.0,
        min(_number(row, "support_tickets"), 10.0),
        1.0 if contract == "month-to-month" else 0.0,
        1.0 if contract == "two-year" else 0.0,
        _flag(row.get("autopay", "no")),
        min(_number(row, "days_since_last_login"), 90.0) / 7.0,
    ]


def label(row: Mapping[str, Any]) -> int:
    return int(_flag(row["churned"]))


def read_rows(path: str | Path) -> list[dict[str, str]]:
    with Path(path).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))
