#!/usr/bin/env python3
"""readycheck's speed benchmark: a synthetic ML repository, the product's figures, and a floor.

Usage::

    python benchmarks/bench.py --scale 1 --runs 5 [--jobs N] [--out DIR] [--keep] [--notebooks DIR]

It generates a repository deterministically (``synthetic.py``; scale 1: 2,000 Python modules, 300
notebooks, 50 model cards, 50 metric reports and 20,000 other files), then measures (``scenarios.py``,
with ``measure.py``), as medians over ``--runs`` runs of subprocesses timed from outside:

* start-up: ``readycheck --version``;
* full scan, cold (the repository's cache deleted before each run) and warm (cache populated),
  with the default ``--jobs`` and with ``--jobs 1`` and ``--jobs 2``;
* pre-commit on one notebook: ``readycheck check notebooks/....ipynb`` from the repository root,
  after editing that notebook so that it is a cache miss, as in a real commit;
* peak memory of the cold full scan, in a fresh helper process (``bench.py _memory``);
* the floor (``floor.py``, also ``bench.py _floor``): the same work for plain Python, and
  ``python -c "import click, pluggy"`` for the pre-commit hook;
* with ``--notebooks DIR``, a cold scan of a copy of the real notebooks under DIR against reading and
  ``json.loads``-ing them.

It prints Markdown tables (``render.py``: figures, absolute targets, the ratio targets of
``targets.py``, machine information) and can write everything as JSON (``--json``, with a ``targets``
list); ``--compare A.json B.json ...`` prints the linearity table of several scales. Run it from the
repository root with the Python readycheck is installed in. Dependencies: the standard library and
nbformat (the floor uses ruamel.yaml when present).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

# The sibling modules are imported by name: run as a script, this file's folder is first on sys.path.
import floor
import measure
import render
import scenarios
import synthetic
import targets


def _memory_cli(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench.py _memory")
    parser.add_argument("--cwd", required=True)
    parser.add_argument("--interval", type=float, default=0.02)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    return measure.memory_main(command, args.cwd, args.interval)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--scale", type=float, default=1.0, help="1: 2,000 modules, 300 notebooks, ... 20,000 other files"
    )
    parser.add_argument("--runs", type=int, default=5, help="timed runs per measurement (medians are reported)")
    parser.add_argument("--mem-runs", type=int, default=3, help="runs of the memory measurement")
    parser.add_argument("--jobs", type=int, default=None, help="pass -j N to the scans (default: readycheck's own)")
    parser.add_argument("--out", type=Path, help="generate (or reuse) the repository here instead of a temp dir")
    parser.add_argument("--keep", action="store_true", help="keep the generated temporary repository")
    parser.add_argument("--readycheck", default=measure.default_readycheck(), help="the readycheck executable")
    parser.add_argument(
        "--notebooks",
        type=Path,
        metavar="DIR",
        help="also time a cold scan of a copy of the .ipynb files under DIR (a folder of real executed notebooks) "
        "against reading and json.loads-ing them",
    )
    parser.add_argument("--skip-floor", action="store_true", help="do not measure the plain-Python floor")
    parser.add_argument(
        "--bytecode",
        choices=["cached", "as-is"],
        default="cached",
        help="cached (default): let Python cache bytecode, under a separate prefix, as an installed package "
        "does even when PYTHONDONTWRITEBYTECODE is set; as-is: keep the environment's setting",
    )
    parser.add_argument(
        "--idle-wait",
        type=float,
        default=30.0,
        help="before each timed run, wait up to this many seconds for other processes to go quiet (0: never)",
    )
    parser.add_argument(
        "--no-snapshot",
        action="store_true",
        help="measure the installed package in place instead of a copy taken at the start",
    )
    parser.add_argument(
        "--sources",
        type=Path,
        help="measure this snapshot (a directory holding readycheck/, made by --snapshot-to) instead of taking one",
    )
    parser.add_argument("--snapshot-to", type=Path, help="copy the readycheck package into this directory and stop")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="also cProfile a cold --jobs 1 scan: top N")
    parser.add_argument(
        "--precommit-across",
        nargs="+",
        type=Path,
        metavar="DIR",
        help="only time pre-commit on one notebook in these generated repositories (--out of earlier runs), "
        "interleaved, and stop",
    )
    parser.add_argument("--generate-only", action="store_true", help="generate the repository and stop")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    parser.add_argument("--compare", nargs="+", type=Path, metavar="JSON", help="print the linearity table and stop")
    return parser


def _use_snapshot(snapshot: Path, readycheck: str) -> None:
    """Put ``snapshot`` first on the measured runs' PYTHONPATH, and check that it is what they import."""
    measure.ENVIRONMENT["PYTHONPATH"] = os.pathsep.join(filter(None, [str(snapshot), os.environ.get("PYTHONPATH")]))
    used = subprocess.run(
        [measure.readycheck_python(readycheck), "-c", "import readycheck; print(readycheck.__file__)"],
        capture_output=True,
        text=True,
        env=measure.environment(),
    ).stdout.strip()
    if not used.startswith(str(snapshot)):
        raise SystemExit(f"bench: the snapshot is not what runs (readycheck imported from {used})")


def _benchmark(args: argparse.Namespace, snapshot: Path | None) -> int:
    """Generate (or reuse) the repository, measure it (and --notebooks), print the tables, write --json."""
    root, manifest, temporary = synthetic.prepare_repository(args.out, args.scale)
    made = f"generated in {manifest['seconds']} s" if "seconds" in manifest else "reused"
    print(f"repository: {root} ({manifest['files']:,} files, {made})", file=sys.stderr)
    try:
        if args.generate_only:
            return 0
        python = measure.readycheck_python(args.readycheck)
        machine = measure.machine_info(args.readycheck)
        machine["bytecode"] = args.bytecode
        machine["sources"] = f"snapshot {measure.sources_digest(snapshot)}" if snapshot else "in place (no snapshot)"
        machine["interpreter"] = python
        if snapshot is not None and (snapshot / "SNAPSHOT").is_file():
            machine["commit"] = (snapshot / "SNAPSHOT").read_text().strip()  # the checkout it was taken from
        started = time.perf_counter()
        load_before = os.getloadavg()
        recorder = measure.Recorder(args.runs, args.idle_wait)
        results = scenarios.measure_repository(
            recorder, root, manifest, args.mem_runs, args.jobs, args.readycheck, python, args.skip_floor
        )
        if args.notebooks:
            results["notebooks"] = scenarios.measure_notebooks(
                recorder, args.notebooks.resolve(), args.jobs, args.readycheck, python
            )
        results["series"] = recorder.figures()
        results["findings"] = recorder.findings
        machine["load_average_before_after"] = [round(load_before[0], 2), round(os.getloadavg()[0], 2)]
        machine["bench_seconds"] = round(time.perf_counter() - started)
        rows = targets.ratio_targets(results)
        print(render.render(results, manifest, args.runs))
        if "notebooks" in results:
            print()
            print(render.render_notebooks(results, args.runs))
        print()
        print(render.render_targets(rows, targets.RATIO_TARGETS))
        print()
        print(render.render_machine(machine))
        if args.profile:
            results["profile"] = scenarios.profile_cold(root, python, args.profile)
            print()
            print(render.render_profile(results["profile"]))
        if args.json:
            document: dict[str, Any] = {
                "manifest": {k: v for k, v in manifest.items() if k not in ("notebooks", "modules")}
            }
            document |= {"machine": machine, "results": results, "runs": args.runs, "targets": rows}
            args.json.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    finally:
        if temporary and not args.keep:
            shutil.rmtree(measure.bench_cache(root), ignore_errors=True)  # its results cache, kept outside it
            shutil.rmtree(root, ignore_errors=True)
        elif temporary:
            print(f"kept {root}", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["_floor"]:
        return floor.main(argv[1:])
    if argv[:1] == ["_memory"]:
        return _memory_cli(argv[1:])
    parser = _parser()
    args = parser.parse_args(argv)
    if args.scale <= 0:
        parser.error("--scale must be positive")
    if args.scale == int(args.scale):
        args.scale = int(args.scale)
    if args.notebooks is not None and not args.notebooks.is_dir():
        parser.error(f"--notebooks: {args.notebooks} is not a directory")

    if args.compare:
        print(render.render_comparison([json.loads(p.read_text()) for p in args.compare]))
        return 0
    if args.bytecode == "cached":
        prefix = Path(tempfile.gettempdir()) / "readycheck-bench-pycache"
        measure.ENVIRONMENT.update({"PYTHONDONTWRITEBYTECODE": "", "PYTHONPYCACHEPREFIX": str(prefix)})
    if args.snapshot_to:
        measure.snapshot_package(args.readycheck, args.snapshot_to)
        print(f"{args.snapshot_to}: readycheck sources {measure.sources_digest(args.snapshot_to)}")
        return 0
    snapshot: Path | None = None
    owned = False
    if args.sources:
        snapshot = args.sources.resolve()
    elif not args.no_snapshot:
        snapshot, owned = Path(tempfile.mkdtemp(prefix="readycheck-bench-snapshot-")), True
        measure.snapshot_package(args.readycheck, snapshot)
    try:
        if snapshot is not None:
            _use_snapshot(snapshot, args.readycheck)
            digest = measure.sources_digest(snapshot)
            print(f"measuring a snapshot of readycheck (sources {digest}) in {snapshot}", file=sys.stderr)
        if args.precommit_across:
            rows = scenarios.precommit_across(args.precommit_across, args.runs, args.readycheck, args.idle_wait)
            print(render.render_precommit_across(rows))
            return 0
        return _benchmark(args, snapshot)
    finally:
        if snapshot is not None and owned:
            shutil.rmtree(snapshot, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
