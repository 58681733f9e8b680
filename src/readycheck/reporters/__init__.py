"""Reporters turn a Result into bytes for a person or a machine; each format is one module."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from readycheck.model import Result

SARIF_SUPPRESSED = ("exclude", "include")


class ReportOptions(NamedTuple):
    color: bool = False
    quiet: bool = False
    fail_on: str = "error"
    """The gate (``--fail-on``): JUnit fails only the testcases of findings at or above it."""
    notes: bool = False
    """Whether GitLab Code Quality and GitHub annotations list notes (hundreds flood a merge request)."""
    sarif_suppressed: str = "exclude"
    """``exclude``: suppressed findings stay out of SARIF (GitHub opens alerts for them); ``include``:
    they are kept with their ``suppressions``, for dismissing alerts and for viewers."""
    link_base: str | None = None
    """Where Markdown links point (``--link-base``); None: at the commit the CI environment names."""


class Reporter(NamedTuple):
    name: str
    description: str
    render: Callable[[Result, ReportOptions], str]
