"""Policies: YAML documents that turn checks into rules (loading, validation, extends, thresholds)."""
