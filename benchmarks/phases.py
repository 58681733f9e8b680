#!/usr/bin/env python3
"""Where one ``readycheck check`` run spends its wall time, phase by phase, without a profiler.

Usage (from anywhere; ROOT is a repository, e.g. one made by ``bench.py --out DIR --keep``)::

    python benchmarks/phases.py ROOT [--jobs N] [--cold] [PATH ...]

It runs readycheck in-process, as ``readycheck check --format json`` would, with timers wrapped around
the engine's phases (config and policies, the walk, matching rules to files, the cache, the file work,
the report). It reaches into readycheck's internals, so it is a diagnostic, not a stable tool: a phase
whose function was renamed is reported as missing rather than failing.
"""

from __future__ import annotations

import argparse
import functools
import os
import resource
import shutil
import sys
import time
from pathlib import Path
from typing import Any

STARTED = time.perf_counter()

PHASES: list[tuple[str, str, str]] = [
    # (label, module, attribute path): what is timed each time it is called
    ("config, plugins, policies (runner.prepare)", "readycheck.runner", "prepare"),
    ("walk the tree (discovery.collect)", "readycheck.discovery", "collect"),
    ("open the results cache (ResultsCache.open)", "readycheck.cache", "ResultsCache.open"),
    ("match rules to files (engine.plan)", "readycheck.engine", "plan"),
    ("cache hits by stat (engine._from_cache)", "readycheck.engine", "_from_cache"),
    ("file work, incl. fork and results transfer (parallel.run)", "readycheck.parallel", "run"),
    ("finalise findings (engine._finalise)", "readycheck.engine", "_finalise"),
    ("save the results cache (ResultsCache.save)", "readycheck.cache", "ResultsCache.save"),
]


def _wrap(owner: Any, name: str, label: str, totals: dict[str, float]) -> bool:
    original = getattr(owner, name, None)
    if original is None:
        return False
    raw = owner.__dict__.get(name) if isinstance(owner, type) else original
    is_classmethod = isinstance(raw, classmethod)
    function = raw.__func__ if is_classmethod else original

    @functools.wraps(function)
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            totals[label] = totals.get(label, 0.0) + time.perf_counter() - started

    setattr(owner, name, classmethod(timed) if is_classmethod else timed)
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("paths", nargs="*", help="files to check (default: the whole repository)")
    parser.add_argument("--jobs", "-j", type=int, default=0)
    parser.add_argument("--cold", action="store_true", help="delete the repository's results cache first")
    args = parser.parse_args()

    os.chdir(args.root)
    if args.cold:
        from readycheck.cachedir import cache_directory
        from readycheck.config import find_root

        shutil.rmtree(cache_directory(find_root(Path.cwd()), None), ignore_errors=True)
    import importlib

    before_imports = time.perf_counter()
    from readycheck import runner
    from readycheck.reporters import ReportOptions

    imported = time.perf_counter() - before_imports
    totals: dict[str, float] = {}
    missing = []
    for label, module_name, attribute in PHASES:
        owner: Any = importlib.import_module(module_name)
        *parents, name = attribute.split(".")
        for parent in parents:
            owner = getattr(owner, parent, None)
        if owner is None or not _wrap(owner, name, label, totals):
            missing.append(label)

    options = runner.Options(paths=[Path(p) for p in args.paths], jobs=args.jobs)
    began = time.perf_counter()
    session, scan, result = runner.check(options)
    checked = time.perf_counter() - began
    rendered_at = time.perf_counter()
    output = session.registry.reporters["json"].render(result, ReportOptions())
    render = time.perf_counter() - rendered_at
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    own = resource.getrusage(resource.RUSAGE_SELF)

    jobs = args.jobs or os.cpu_count()
    print(f"| phase ({len(scan.files):,} files, {len(result.findings):,} findings, jobs {jobs}) | seconds |")
    print("| --- | ---: |")
    print(f"| interpreter start and `import readycheck.runner` | {before_imports - STARTED + imported:.3f} |")
    for label, _, _ in PHASES:
        if label in totals:
            print(f"| {label} | {totals[label]:.3f} |")
    accounted = sum(totals.values())  # the phases are disjoint: none calls another
    print(f"| other work inside runner.check | {checked - accounted:.3f} |")
    print(f"| render the JSON report ({len(output) / 1024:.0f} KiB) | {render:.3f} |")
    print(f"| **total (wall)** | **{time.perf_counter() - STARTED:.3f}** |")
    own_cpu, workers_cpu = own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime
    print(f"| CPU: main process user+sys / workers user+sys | {own_cpu:.2f} / {workers_cpu:.2f} |")
    for label in missing:
        print(f"| {label}: not found (renamed?) | — |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
