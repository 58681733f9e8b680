"""churn: a small, dependency-free customer-churn scorer (logistic regression)."""

__version__ = "3.0.0"
