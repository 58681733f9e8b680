"""Reporters turn a Result into bytes for a person or a machine; each format is one module."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from readycheck.model import Result


@dataclass(frozen=True)
class ReportOptions:
    color: bool = False
    quiet: bool = False


@dataclass(frozen=True)
class Reporter:
    name: str
    description: str
    render: Callable[[Result, ReportOptions], str]
