"""readycheck's speed and memory promises, and whether one run of the benchmark keeps them.

Absolute targets (``TARGETS_S``) hold on the team's 2-core machine only. The ratio targets compare two
figures measured in the same run on the same machine (readycheck against plain Python doing the least
the same job needs, or against itself), so they can be checked on any machine and a regression shows in
review as a ratio that moved.
"""

from __future__ import annotations

from typing import Any

TARGETS_S = {"startup": 0.150, "precommit": 0.400, "cold": 10.0, "warm": 2.0}
"""Seconds, on the 2-core machine at scale 1 (cold and warm scale with the repository)."""
TARGET_MEMORY_MB = 300.0

NOTEBOOKS_LIMIT = 4.0
"""A cold scan of real notebooks may cost 4× reading and ``json.loads``-ing them."""
PRECOMMIT_LIMIT = 2.0
"""The pre-commit hook on one notebook may cost 2× importing what every readycheck run needs first."""
IMPORT_FLOOR = "import click, pluggy"
"""The pre-commit ratio's denominator, run as ``python -c`` with readycheck's interpreter."""
JOBS_LIMIT = 0.7
"""A cold scan with two workers must take at most 0.7× the time of one."""

RATIO_TARGETS = {
    "notebooks-cold-scan": f"cold full scan of a folder of real notebooks ≤ {NOTEBOOKS_LIMIT:g}× json.loads of them",
    "precommit-notebook": f'pre-commit on one notebook, warm cache, ≤ {PRECOMMIT_LIMIT:g}× python -c "{IMPORT_FLOOR}"',
    "jobs-2-speed-up": f"cold full scan with --jobs 2 ≤ {JOBS_LIMIT:g}× the same scan with --jobs 1",
    "peak-memory": f"peak memory of a cold full scan ≤ {TARGET_MEMORY_MB:.0f} MB",
}
"""Every ratio target: name → what it promises. A target whose figures were not measured is left out."""


def peak_mb(memory: dict[str, Any]) -> float:
    """The peak memory a target is checked against: the larger of the summed PSS of the process tree and
    the largest single process's RSS (the sum of PSS can miss a short-lived peak between samples)."""
    return float(max(memory["pss_mb"], memory["maxrss_mb"]))


def _figure(label: str, value: float, unit: str) -> dict[str, Any]:
    return {"label": label, "value": value, "unit": unit}


def _target(name: str, numerator: dict[str, Any], denominator: dict[str, Any], limit: float) -> dict[str, Any]:
    ratio = numerator["value"] / denominator["value"] if denominator["value"] else float("inf")
    return {
        "name": name,
        "description": RATIO_TARGETS[name],
        "numerator": numerator,
        "denominator": denominator,
        "ratio": round(ratio, 3),
        "limit": limit,
        "holds": ratio <= limit,
    }


def _cold_with(results: dict[str, Any], jobs: int) -> str | None:
    """The series of the cold full scan with ``jobs`` workers: its own, or the main one when that is it."""
    series = results["series"]
    if f"cold_j{jobs}" in series:
        return f"cold_j{jobs}"
    return "cold" if results.get("jobs") == jobs and "cold" in series else None


def ratio_targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """The ratio targets whose figures ``results`` holds: name, numerator and denominator figures (label,
    value, unit), ratio, limit, and whether it holds."""
    series = results["series"]
    median = {name: item["median"] for name, item in series.items()}
    rows = []
    if "notebooks_cold" in median and "notebooks_floor" in median:
        files = results.get("notebooks", {}).get("files", 0)
        rows.append(
            _target(
                "notebooks-cold-scan",
                _figure(f"readycheck check --no-cache, {files} notebooks", median["notebooks_cold"], "s"),
                _figure("read and json.loads every .ipynb", median["notebooks_floor"], "s"),
                NOTEBOOKS_LIMIT,
            )
        )
    if "precommit" in median and "import_floor" in median:
        rows.append(
            _target(
                "precommit-notebook",
                _figure("readycheck check NOTEBOOK (edited, cache populated)", median["precommit"], "s"),
                _figure(f'python -c "{IMPORT_FLOOR}"', median["import_floor"], "s"),
                PRECOMMIT_LIMIT,
            )
        )
    two, one = _cold_with(results, 2), _cold_with(results, 1)
    if two and one:
        rows.append(
            _target(
                "jobs-2-speed-up",
                _figure("cold full scan, --jobs 2", median[two], "s"),
                _figure("cold full scan, --jobs 1", median[one], "s"),
                JOBS_LIMIT,
            )
        )
    if "cold" in results.get("memory", {}):
        rows.append(
            _target(
                "peak-memory",
                _figure("peak memory, cold full scan, whole process tree", peak_mb(results["memory"]["cold"]), "MB"),
                _figure("budget", TARGET_MEMORY_MB, "MB"),
                1.0,
            )
        )
    return rows
