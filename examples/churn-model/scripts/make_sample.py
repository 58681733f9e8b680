"""Generate data/sample.csv: 200 synthetic customers, deterministic (same seed, same bytes).

The churn label is drawn from a known logistic model plus noise, so a well-trained scorer should
reach an AUC around 0.85 on it. No real customer data is, or ever was, in this file.

    python scripts/make_sample.py            # writes data/sample.csv
"""

from __future__ import annotations

import csv
import math
import random
import sys
from pathlib import Path

SEED = 11
ROWS = 200
COLUMNS = (
    "customer_id",
    "tenure_months",
    "monthly_charges",
    "contract",
    "autopay",
    "support_tickets",
    "days_since_last_login",
    "churned",
)


def make_rows(n: int = ROWS, seed: int = SEED) -> list[dict[str, object]]:
    rng = random.Random(seed)
    rows = []
    for index in range(n):
        contract = rng.choices(["month-to-month", "one-year", "two-year"], weights=[5, 3, 2])[0]
        tenure = min(72, 1 + int(rng.expovariate(1 / 22)))
        charges = round(rng.uniform(19.0, 119.0), 2)
        autopay = rng.random() < 0.55
        tickets = min(10, int(rng.expovariate(1 / 1.4)))
        days = min(90, int(rng.expovariate(1 / 12)))
        logit = (
            -1.4
            + 1.5 * (contract == "month-to-month")
            - 0.8 * (contract == "two-year")
            - 0.035 * tenure
            + 0.012 * (charges - 70)
            + 0.45 * tickets
            - 0.8 * autopay
            + 0.045 * days
        )
        churned = rng.random() < 1 / (1 + math.exp(-logit))
        rows.append(
            {
                "customer_id": f"C{index + 1:04d}",
                "tenure_months": tenure,
                "monthly_charges": f"{charges:.2f}",
                "contract": contract,
                "autopay": "yes" if autopay else "no",
                "support_tickets": tickets,
                "days_since_last_login": days,
                "churned": int(churned),
            }
        )
    return rows


def main(out: str = "data/sample.csv") -> int:
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(make_rows())
    print(f"wrote {ROWS} rows to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
