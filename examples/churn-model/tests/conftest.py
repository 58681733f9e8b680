from __future__ import annotations

from pathlib import Path

import pytest

from churn.features import read_rows

PROJECT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def sample_rows() -> list[dict[str, str]]:
    return read_rows(PROJECT / "data" / "sample.csv")


@pytest.fixture
def customer() -> dict[str, str]:
    """A customer at high risk of churning: short tenure, monthly contract, many tickets, inactive."""
    return {
        "customer_id": "C9999",
        "tenure_months": "3",
        "monthly_charges": "99.90",
        "contract": "month-to-month",
        "autopay": "no",
        "support_tickets": "4",
        "days_since_last_login": "21",
        "churned": "1",
    }
