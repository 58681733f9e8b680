#!/usr/bin/env python3
"""A full readycheck scan of a real library against radon alone, the yardstick of the code-quality checks.

Usage::

    python benchmarks/radon_compare.py PATH [--runs 5]

PATH is a clone of a Python library (the figures in docs/performance.md use Lightning-AI/pytorch-lightning,
646 modules). It times, as medians of ``--runs`` subprocess runs timed from outside: ``radon cc -s PATH``
(complexity alone), ``radon mi PATH`` (maintainability alone), and ``readycheck check PATH --no-cache``
with the recommended pack (every check, code/complexity and code/maintainability included) at --jobs 1
and with the default jobs (one per core). It prints a Markdown table with the ratios to ``radon cc``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


def timed(command: list[str], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    bindir = Path(sys.executable).parent
    radon = shutil.which("radon", path=str(bindir)) or "radon"
    readycheck = shutil.which("readycheck", path=str(bindir)) or "readycheck"
    modules = sum(1 for _ in args.path.rglob("*.py"))
    rows = [
        ("radon cc -s (complexity alone)", [radon, "cc", "-s", str(args.path)]),
        ("radon mi (maintainability alone)", [radon, "mi", str(args.path)]),
        ("readycheck check --jobs 1", [readycheck, "check", str(args.path), "--no-cache", "--jobs", "1"]),
        (
            f"readycheck check (default jobs, {os.cpu_count()} cores)",
            [readycheck, "check", str(args.path), "--no-cache"],
        ),
    ]
    times = {label: timed(command, args.runs) for label, command in rows}
    baseline = times[rows[0][0]]
    print(f"{args.path.name}: {modules} Python modules, median of {args.runs} runs\n")
    print("| run | seconds | × radon cc |\n| --- | ---: | ---: |")
    for label, seconds in times.items():
        print(f"| {label} | {seconds:.2f} | {seconds / baseline:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
