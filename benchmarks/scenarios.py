"""What the benchmark runs: the scans, the pre-commit hook and their floors on the synthetic repository,
a cold scan of a folder of real notebooks, the hook across scales, and a profile.

Each function returns plain data (figures in seconds and MB); ``render`` turns it into Markdown and
``targets`` judges it.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import floor
from measure import (
    ENVIRONMENT,
    FLOOR_SCRIPT,
    Recorder,
    bench_cache,
    imported_modules,
    measure_memory,
    timed,
    wait_for_idle,
)
from synthetic import MANIFEST
from targets import IMPORT_FLOOR


def edit_notebook(path: Path, run: int) -> None:
    """Change the notebook's title cell as an author would, so that it is a cache miss as in a commit."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cell = notebook["cells"][0]
    source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
    first, _, rest = source.partition("\n")
    cell["source"] = f"{first.split(' (rev')[0]} (rev {run})\n{rest}"
    path.write_text(json.dumps(notebook, sort_keys=True, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def edit_module(path: Path, run: int) -> None:
    """Change a Python module's last line (a comment), as a commit would change the file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if lines and lines[-1].startswith("# rev "):
        lines.pop()
    path.write_text("\n".join([*lines, f"# rev {run}"]) + "\n", encoding="utf-8")


def pick_median(root: Path, paths: list[str]) -> str:
    """The file of median size (a typical one), deterministically."""
    sized = sorted(paths, key=lambda p: ((root / p).stat().st_size, p))
    return sized[len(sized) // 2]


def _memory_figures(samples: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "pss_mb": statistics.median(s["pss_kb"] for s in samples) / 1024,
        "rss_mb": statistics.median(s["rss_kb"] for s in samples) / 1024,
        "maxrss_mb": statistics.median(s["maxrss_kb"] for s in samples) / 1024,
        "processes": max(s["processes"] for s in samples),
        "runs": len(samples),
    }


def measure_repository(
    recorder: Recorder,
    root: Path,
    manifest: dict[str, Any],
    mem_runs: int,
    jobs: int | None,
    readycheck: str,
    python: str,
    skip_floor: bool,
) -> dict[str, Any]:
    """Every figure for one synthetic repository; the timed series go to ``recorder``. ``python`` is
    readycheck's interpreter, which the floors run with."""
    cache = bench_cache(root)
    ENVIRONMENT["READYCHECK_CACHE_DIR"] = str(cache)
    report = Path(tempfile.mkstemp(prefix="readycheck-bench-", suffix=".json")[1])
    scan = [readycheck, "check", "--format", "json"]
    main_jobs = jobs or os.cpu_count() or 1  # readycheck's default is one worker per core
    job_options = [] if jobs is None else ["-j", str(jobs)]
    other_jobs = sorted({1, 2} - {main_jobs})
    results: dict[str, Any] = {"memory": {}, "jobs": main_jobs, "idle_wait": recorder.idle_wait}

    def drop_cache(_: int) -> None:
        shutil.rmtree(cache, ignore_errors=True)

    print("warming up (one discarded cold scan, one discarded --version)", file=sys.stderr)
    drop_cache(0)
    with open(report, "wb") as handle:
        timed(scan + job_options, root, handle)
    timed([readycheck, "--version"], root)
    recorder.record("startup", [readycheck, "--version"], root)
    recorder.record("cold", scan + job_options, root, drop_cache, report)
    recorder.record("warm", scan + job_options, root, None, report)
    for n in other_jobs:
        recorder.record(f"cold_j{n}", [*scan, "-j", str(n)], root, drop_cache, report)
    notebook = pick_median(root, manifest["notebooks"])
    modules = [p for p in manifest.get("modules", []) if not p.endswith("__init__.py")]
    module = pick_median(root, modules) if modules else None
    results["precommit_notebook"] = {"path": notebook, "bytes": (root / notebook).stat().st_size}
    timed(scan + job_options, root)  # the cache holds the whole repository, as on a developer's machine
    recorder.record("precommit", [*scan, notebook], root, lambda run: edit_notebook(root / notebook, run), report)
    recorder.record("precommit_hit", [*scan, notebook], root, None, report)  # unchanged since the last run
    if module:
        results["precommit_module"] = {"path": module, "bytes": (root / module).stat().st_size}
        recorder.record("precommit_py", [*scan, module], root, lambda run: edit_module(root / module, run), report)
    recorder.record("python_startup", [python, "-c", "pass"], root, ok=(0,))
    recorder.record("import_floor", [python, "-c", IMPORT_FLOOR], root, ok=(0,))
    floor_command = [python, str(FLOOR_SCRIPT), str(root)]
    if not skip_floor:
        recorder.record("floor_parse", [*floor_command, "--mode", "parse"], root, ok=(0,))
        recorder.record("floor_read", [*floor_command, "--mode", "read"], root, ok=(0,))
        recorder.record("floor_stat", [*floor_command, "--mode", "stat"], root, ok=(0,))
        recorder.record("floor_precommit", [*floor_command, "--mode", "parse", "--files", notebook], root, ok=(0,))
    print("imports (python -X importtime)", file=sys.stderr)
    edit_notebook(root / notebook, recorder.runs)  # a cache miss, as in the pre-commit runs
    results["imports"] = {
        "--version": imported_modules(python, ["--version"], root),
        "check one notebook": imported_modules(python, ["check", notebook], root),
    }
    if module:
        edit_module(root / module, recorder.runs)
        results["imports"]["check one module"] = imported_modules(python, ["check", module], root)
    print("memory (fresh helper process per run)", file=sys.stderr)
    memory_runs: dict[str, list[dict[str, Any]]] = {}
    for run in range(mem_runs):
        drop_cache(run)
        memory_runs.setdefault("cold", []).append(measure_memory(scan + job_options, root))
        for n in other_jobs:
            drop_cache(run)
            memory_runs.setdefault(f"cold_j{n}", []).append(measure_memory([*scan, "-j", str(n)], root))
        if not skip_floor:
            floor_memory = measure_memory([*floor_command, "--mode", "parse"], root, ok=(0,))
            memory_runs.setdefault("floor_parse", []).append(floor_memory)
    for name, samples in memory_runs.items():
        results["memory"][name] = _memory_figures(samples)
        print(f"  {name:<18} {results['memory'][name]}", file=sys.stderr)
    report.unlink(missing_ok=True)
    return results


def notebook_files(source: Path) -> list[str]:
    """The .ipynb files under ``source`` that readycheck would scan there: git's list (tracked, and
    untracked but not ignored) in a work tree, else a walk; never in VCS, cache or checkpoint folders."""
    listed = subprocess.run(
        ["git", "-C", str(source), "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "*.ipynb"],
        capture_output=True,
    )
    if listed.returncode == 0:
        found = {p for p in listed.stdout.decode("utf-8", errors="surrogateescape").split("\0") if p}
    else:
        found = set()
        for directory, dirnames, filenames in os.walk(source):
            dirnames[:] = [d for d in dirnames if d not in floor.ALWAYS_SKIPPED_DIRS]
            base = Path(directory).relative_to(source)
            found.update((base / name).as_posix() for name in filenames)
    return sorted(
        p
        for p in found
        if p.endswith(".ipynb")
        and not floor.ALWAYS_SKIPPED_DIRS.intersection(Path(p).parts[:-1])
        and (source / p).is_file()
    )


def copy_notebooks(source: Path, files: Sequence[str], target: Path) -> int:
    """Copy ``files`` (keeping their relative paths) into ``target`` with a config of the recommended pack
    alone, so that readycheck and the floor see the same files and nothing else; return the bytes copied."""
    copied = 0
    for relative in files:
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / relative, destination)
        copied += destination.stat().st_size
    (target / "readycheck.yaml").write_text("policy: [recommended]\n", encoding="utf-8")
    return copied


def measure_notebooks(
    recorder: Recorder, source: Path, jobs: int | None, readycheck: str, python: str
) -> dict[str, Any]:
    """A cold full scan (``--no-cache``) of a copy of the real notebooks under ``source``, with the default
    ``--jobs`` and with ``--jobs 1``, and its floor: reading every .ipynb and ``json.loads``-ing it."""
    files = notebook_files(source)
    if not files:
        raise SystemExit(f"bench: no .ipynb files under {source}")
    scratch = Path(tempfile.mkdtemp(prefix="readycheck-bench-notebooks-"))
    report = Path(tempfile.mkstemp(prefix="readycheck-bench-", suffix=".json")[1])  # outside the scanned tree
    ENVIRONMENT["READYCHECK_CACHE_DIR"] = str(bench_cache(scratch))  # --no-cache writes nothing; in case
    try:
        copied = copy_notebooks(source, files, scratch)
        print(f"notebooks: {len(files)} files ({copied / 2**20:.1f} MiB) from {source}", file=sys.stderr)
        scan = [readycheck, "check", "--no-cache", "--format", "json"]
        job_options = [] if jobs is None else ["-j", str(jobs)]
        timed([*scan, *job_options, str(scratch)], scratch)  # discarded: bytecode and page cache
        recorder.record("notebooks_cold", [*scan, *job_options, str(scratch)], scratch, report=report)
        if (jobs or os.cpu_count() or 1) != 1:
            recorder.record("notebooks_cold_j1", [*scan, "-j", "1", str(scratch)], scratch, report=report)
        floor_command = [python, str(FLOOR_SCRIPT), str(scratch), "--mode", "notebooks"]
        recorder.record("notebooks_floor", floor_command, scratch, ok=(0,))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        shutil.rmtree(bench_cache(scratch), ignore_errors=True)
        report.unlink(missing_ok=True)
    return {"source": str(source), "files": len(files), "bytes": copied}


def precommit_across(roots: Sequence[Path], runs: int, readycheck: str, idle_wait: float) -> list[dict[str, Any]]:
    """Pre-commit on one notebook in several generated repositories, interleaved run by run, so that
    drift in the machine's speed hits every scale alike: does the hook's cost grow with the repository?"""
    manifests = {root: json.loads((root / MANIFEST).read_text()) for root in roots}
    notebooks = {root: pick_median(root, manifest["notebooks"]) for root, manifest in manifests.items()}
    scan = [readycheck, "check", "--format", "json"]
    for root in roots:
        ENVIRONMENT["READYCHECK_CACHE_DIR"] = str(bench_cache(root))
        timed(scan, root)  # populate the cache, as on a developer's machine
    walls: dict[Path, list[float]] = {root: [] for root in roots}
    for run in range(runs):
        for root in roots:
            edit_notebook(root / notebooks[root], 1000 + run)
            ENVIRONMENT["READYCHECK_CACHE_DIR"] = str(bench_cache(root))
            if idle_wait:
                wait_for_idle(idle_wait)
            walls[root].append(timed([*scan, notebooks[root]], root).wall)
    return [
        {
            "scale": manifests[root]["scale"],
            "files": manifests[root]["files"],
            "notebook": notebooks[root],
            "runs": walls[root],
        }
        for root in sorted(roots, key=lambda r: manifests[r]["scale"])
    ]


def _short_path(filename: str) -> str:
    """A profile entry's file, shortened: package-relative, 'stdlib/...', or '~' for built-ins."""
    if "site-packages/" in filename:
        return filename.split("site-packages/", 1)[1]
    if "/readycheck/" in filename:
        return "readycheck/" + filename.rsplit("/readycheck/", 1)[1]
    if "/lib/python3" in filename:
        return "stdlib/" + filename.split("/lib/python3", 1)[1].split("/", 1)[-1]
    return filename


def profile_cold(root: Path, python: str, top: int) -> dict[str, Any]:
    """cProfile of one cold full scan with --jobs 1 (everything in one process): the ``top`` functions by
    own time, and the ``top`` readycheck functions by cumulative time below the command's entry points."""
    import pstats

    ENVIRONMENT["READYCHECK_CACHE_DIR"] = str(bench_cache(root))
    shutil.rmtree(bench_cache(root), ignore_errors=True)
    output = Path(tempfile.mkstemp(prefix="readycheck-bench-", suffix=".prof")[1])
    command = [python, "-m", "cProfile", "-o", str(output), "-m", "readycheck", "check", "-j", "1", "--format", "json"]
    timed(command, root)
    stats = pstats.Stats(str(output))
    total: float = stats.total_tt  # type: ignore[attr-defined]
    rows = [
        {"own": tottime, "cumulative": cumtime, "calls": calls, "function": f"{_short_path(filename)}:{line}({name})"}
        for (filename, line, name), (_, calls, tottime, cumtime, _) in stats.stats.items()  # type: ignore[attr-defined]
    ]
    output.unlink(missing_ok=True)
    ours = [r for r in rows if r["function"].startswith("readycheck/") and r["cumulative"] < 0.85 * total]
    return {
        "total": total,
        "by_own": sorted(rows, key=lambda r: r["own"], reverse=True)[:top],
        "by_cumulative": sorted(ours, key=lambda r: r["cumulative"], reverse=True)[:top],  # below cli/runner/run
    }
