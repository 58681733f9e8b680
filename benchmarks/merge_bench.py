#!/usr/bin/env python3
"""Time ``readycheck merge`` on many generated JSON reports (the fleet view of issue 15).

Usage (from the repository root, with readycheck's environment)::

    python benchmarks/merge_bench.py [--reports 1000] [--runs 3] [--json benchmarks/results/merge.json]

The reports are copies of a real one (``readycheck check --format json`` on the bundled example), each
with its own repository name, readiness levels, failed rules and waivers, so that merging does real work.
Prints the median wall time, the time per report and the peak memory of the merge process.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
READYCHECK = [sys.executable, "-m", "readycheck"]


def base_report() -> dict:
    example = ROOT / "examples" / "churn-model"
    outcome = subprocess.run(
        [*READYCHECK, "check", "--no-cache", "--format", "json", str(example)], capture_output=True, text=True
    )
    return json.loads(outcome.stdout)


def generate(folder: Path, count: int, template: dict) -> list[Path]:
    rng = random.Random(15)
    levels = ["none", "bronze", "silver", "gold"]
    paths = []
    for index in range(count):
        report = copy.deepcopy(template)
        report["repository"] = f"team-{index // 50:02d}/model-{index:04d}"
        for score in report["summary"]["areas"].values():
            score["level"] = rng.choice(levels)
            score["failed"] = rng.sample(
                ["tests/coverage", "rollback/plan", "model-card/present", "notebook/valid"], rng.randrange(3)
            )
        report["summary"]["level"] = min((s["level"] for s in report["summary"]["areas"].values()), key=levels.index)
        report["waivers"] = [
            {
                "rule": "notebook/size",
                "paths": [],
                "owner": "@ml",
                "reason": "legacy",
                "expires": f"2027-{rng.randrange(1, 13):02d}-01",
            }
        ]
        path = folder / f"{index:04d}" / "readycheck.json"
        path.parent.mkdir(parents=True)
        path.write_text(json.dumps(report), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    template = base_report()
    with tempfile.TemporaryDirectory(prefix="readycheck-merge-") as scratch:
        folder = Path(scratch)
        paths = generate(folder / "reports", args.reports, template)
        size = sum(p.stat().st_size for p in paths)
        command = [
            *READYCHECK,
            "merge",
            *map(str, paths),
            "-o",
            f"html={folder / 'fleet.html'}",
            "-o",
            f"markdown={folder / 'fleet.md'}",
            "-o",
            f"json={folder / 'fleet.json'}",
        ]
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            subprocess.run(command, check=True)
            times.append(time.perf_counter() - started)
        peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        merged = len(json.loads((folder / "fleet.json").read_text())["repositories"])
    figures = {
        "reports": args.reports,
        "report_bytes": size,
        "median_seconds": round(statistics.median(times), 3),
        "per_report_ms": round(statistics.median(times) / args.reports * 1000, 3),
        "peak_rss_mb": round(peak_kb / 1024, 1),
        "merged_repositories": merged,
        "runs": [round(t, 3) for t in times],
    }
    print(json.dumps(figures, indent=2))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
