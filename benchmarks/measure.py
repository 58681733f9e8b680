"""How the benchmark measures: subprocesses timed from outside, peak memory of a process tree, imports,
and what was measured (the readycheck code, the interpreter, the machine).

Every figure is the wall time of a subprocess, from start to exit, as a user waits for it: measuring
in-process would leave out interpreter start-up and imports, which are most of a pre-commit run. The
measured processes get the environment in ``ENVIRONMENT`` (set once by ``bench.py``: bytecode cache,
the snapshot of readycheck on PYTHONPATH, the benchmark's cache directory).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

BENCH_SCRIPT = Path(__file__).resolve().with_name("bench.py")
FLOOR_SCRIPT = Path(__file__).resolve().with_name("floor.py")

ENVIRONMENT: dict[str, str] = {}
"""Extra environment of every measured subprocess; an empty value removes the variable."""


def environment() -> dict[str, str]:
    """The environment of a measured run: the user's, without READYCHECK_* settings that would change
    what runs, without colour, plus ``ENVIRONMENT``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("READYCHECK_")}
    env["NO_COLOR"] = "1"
    for key, value in ENVIRONMENT.items():
        if value:
            env[key] = value
        else:
            env.pop(key, None)
    return env


def bench_cache(root: Path) -> Path:
    """The user cache directory the measured runs use for ``root`` (READYCHECK_CACHE_DIR): outside the
    repository, as readycheck's own default is, and the benchmark's own so that it can be deleted."""
    digest = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"readycheck-bench-cache-{digest}"


# ----------------------------------------------------------------------------------------------------
# Time.
# ----------------------------------------------------------------------------------------------------


def _cpu_jiffies() -> tuple[int, int]:
    """(busy, total) jiffies of all CPUs since boot, from /proc/stat."""
    with open("/proc/stat", encoding="ascii") as handle:
        fields = [int(x) for x in handle.readline().split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return sum(fields[:8]) - idle, sum(fields[:8])


def wait_for_idle(limit: float, threshold: float = 0.25) -> float:
    """Wait (up to ``limit`` seconds) until other processes use under ``threshold`` of one core, since
    the machine is shared; return the load seen last, in cores."""
    cores = os.cpu_count() or 1
    deadline = time.monotonic() + limit
    while True:
        busy0, total0 = _cpu_jiffies()
        time.sleep(0.25)
        busy1, total1 = _cpu_jiffies()
        load = (busy1 - busy0) / max(1, total1 - total0) * cores
        if load < threshold or time.monotonic() >= deadline:
            return load
        time.sleep(1.0)


class Run:
    """One timed subprocess: wall time, its CPU time, and the CPU others used meanwhile (in cores)."""

    def __init__(self, wall: float, cpu: float, others: float) -> None:
        self.wall, self.cpu, self.others = wall, cpu, others


def timed(command: Sequence[str], cwd: Path, stdout: Any = subprocess.DEVNULL, ok: Sequence[int] = (0, 1)) -> Run:
    """Wall time of one subprocess run (start to exit, as a user waits for it), with CPU accounting so
    that a run disturbed by other processes shows."""
    cores = os.cpu_count() or 1
    usage0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy0, total0 = _cpu_jiffies()
    started = time.perf_counter()
    process = subprocess.run(command, cwd=cwd, stdout=stdout, stderr=subprocess.PIPE, env=environment())
    elapsed = time.perf_counter() - started
    busy1, total1 = _cpu_jiffies()
    usage1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode not in ok:
        raise SystemExit(f"bench: {' '.join(command)} exited {process.returncode}:\n{process.stderr.decode()[-3000:]}")
    cpu = (usage1.ru_utime - usage0.ru_utime) + (usage1.ru_stime - usage0.ru_stime)
    all_busy = (busy1 - busy0) / max(1, total1 - total0) * cores * elapsed  # CPU-seconds used by everyone
    others = max(0.0, all_busy - cpu) / elapsed if elapsed > 0 else 0.0
    return Run(elapsed, cpu, others)


class Series:
    """Repeated measurements of one thing; the median is the figure, the range shows the noise."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.runs: list[Run] = []

    @property
    def median(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    def as_dict(self) -> dict[str, Any]:
        walls = [r.wall for r in self.runs]
        return {
            "median": self.median,
            "min": min(walls),
            "max": max(walls),
            "runs": walls,
            "cpu_median": statistics.median(r.cpu for r in self.runs),
            "others_median": statistics.median(r.others for r in self.runs),
            "others_max": max(r.others for r in self.runs),
        }


def count_findings(report: Path) -> int:
    """Findings in a JSON report: every run of one tree must give the same number (a sanity check)."""
    return len(json.loads(report.read_text(encoding="utf-8"))["findings"])


class Recorder:
    """Runs each measurement ``runs`` times with the same settings, and keeps the figures and the
    number of findings of every run."""

    def __init__(self, runs: int, idle_wait: float) -> None:
        self.runs = runs
        self.idle_wait = idle_wait
        self.series: dict[str, Series] = {}
        self.findings: dict[str, list[int]] = {}

    def record(
        self,
        name: str,
        command: Sequence[str],
        cwd: Path,
        before: Callable[[int], None] | None = None,
        report: Path | None = None,
        ok: Sequence[int] = (0, 1),
    ) -> Series:
        """Time ``command`` in ``cwd``; ``before(run)`` prepares each run untimed; with ``report``, the
        command's stdout (a JSON report) is written there and its findings counted. An exit code not in
        ``ok`` stops the benchmark (readycheck exits 1 when it has findings; a floor must exit 0)."""
        item = self.series[name] = Series(name)
        for run in range(self.runs):
            if before is not None:
                before(run)
            if self.idle_wait:
                wait_for_idle(self.idle_wait)
            with open(report or os.devnull, "wb") as handle:
                item.runs.append(timed(command, cwd, handle, ok))
            if report is not None:
                self.findings.setdefault(name, []).append(count_findings(report))
        walls = ", ".join(f"{r.wall:.3f}" for r in item.runs)
        others = max(r.others for r in item.runs)
        print(f"  {name:<18} median {item.median:7.3f} s  ({walls}; others up to {others:.2f} cores)", file=sys.stderr)
        return item

    def figures(self) -> dict[str, dict[str, Any]]:
        return {name: item.as_dict() for name, item in self.series.items()}


# ----------------------------------------------------------------------------------------------------
# Memory: a fresh helper process (bench.py _memory) whose only child is the measured command, so that
# getrusage(RUSAGE_CHILDREN) sees that command alone.
# ----------------------------------------------------------------------------------------------------


def _children_of() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                stat = handle.read()
        except OSError:
            continue
        parent = int(stat[stat.rfind(")") + 2 :].split()[1])
        tree.setdefault(parent, []).append(int(entry))
    return tree


def _memory_kb(pid: int) -> tuple[int, int]:
    """(PSS, RSS) of one process in KiB, from /proc/PID/smaps_rollup (0, 0 once it is gone)."""
    pss = rss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1])
                elif line.startswith("Rss:"):
                    rss = int(line.split()[1])
    except OSError:
        pass
    return pss, rss


def memory_main(command: Sequence[str], cwd: str, interval: float) -> int:
    """Run ``command`` as this fresh process's only child; print its peak memory as JSON. PSS is summed
    over the process tree because forked workers share pages with their parent, which RSS counts twice."""
    peak = {"pss_kb": 0, "rss_kb": 0, "processes": 0}
    done = threading.Event()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def sample() -> None:
        while not done.is_set():
            tree = _children_of()
            pids, frontier = [], [process.pid]
            while frontier:
                pid = frontier.pop()
                pids.append(pid)
                frontier.extend(tree.get(pid, []))
            totals = [_memory_kb(pid) for pid in pids]
            peak["pss_kb"] = max(peak["pss_kb"], sum(t[0] for t in totals))
            peak["rss_kb"] = max(peak["rss_kb"], sum(t[1] for t in totals))
            peak["processes"] = max(peak["processes"], sum(1 for t in totals if t[1]))
            done.wait(interval)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    done.set()
    sampler.join()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        json.dumps(
            {**peak, "maxrss_kb": usage.ru_maxrss, "returncode": process.returncode, "stderr": stderr.decode()[-2000:]}
        )
    )
    return 0


def measure_memory(
    command: Sequence[str], cwd: Path, interval: float = 0.02, ok: Sequence[int] = (0, 1)
) -> dict[str, Any]:
    """Peak memory of one run of ``command``, measured by ``bench.py _memory`` in a fresh process."""
    helper = [sys.executable, str(BENCH_SCRIPT), "_memory", "--cwd", str(cwd), "--interval", str(interval)]
    process = subprocess.run([*helper, "--", *command], capture_output=True, env=environment(), check=True)
    result: dict[str, Any] = json.loads(process.stdout)
    if result["returncode"] not in ok:
        raise SystemExit(f"bench: {' '.join(command)} exited {result['returncode']}:\n{result['stderr']}")
    return result


# ----------------------------------------------------------------------------------------------------
# Imports.
# ----------------------------------------------------------------------------------------------------

HEAVY_MODULES = ("nbformat", "fastjsonschema", "jsonschema", "radon", "ruamel.yaml", "pathspec", "pluggy", "click")


def imported_modules(python: str, command: Sequence[str], cwd: Path) -> dict[str, Any]:
    """Which heavy third-party packages ``python -X importtime -m readycheck ARGS`` imports, with the
    cumulative import time of each (microseconds, as -X importtime reports them): start-up cost is
    mostly imports, and a new eager import shows here first."""
    process = subprocess.run(
        [python, "-X", "importtime", "-m", "readycheck", *command],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=environment(),
    )
    found: dict[str, int] = {}
    total = 0
    for line in process.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = line.split("|")
        if not name.startswith("  ") and name.strip() != "":
            try:
                total += int(cumulative)
            except ValueError:
                continue
        module = name.strip()
        for heavy in HEAVY_MODULES:
            if module == heavy:
                found[heavy] = max(found.get(heavy, 0), int(cumulative))
    return {"modules": found, "total_us": total}


# ----------------------------------------------------------------------------------------------------
# What is measured: the readycheck code, its interpreter, the machine.
# ----------------------------------------------------------------------------------------------------


def default_readycheck() -> str:
    """The readycheck script beside this Python (the environment it is installed in), else on PATH."""
    beside = Path(sys.executable).parent / "readycheck"
    return str(beside) if beside.exists() else (shutil.which("readycheck") or "readycheck")


def readycheck_python(readycheck: str) -> str:
    """The interpreter that runs the ``readycheck`` script (its shebang, else the ``python`` beside it),
    so that the floors start the same Python as the runs they are compared with."""
    script = shutil.which(readycheck) or readycheck
    try:
        with open(script, "rb") as handle:
            first = handle.readline(512).decode("utf-8", errors="replace")
    except OSError:
        first = ""
    words = first[2:].split() if first.startswith("#!") else []
    if words and os.path.basename(words[0]).startswith("python") and os.path.exists(words[0]):
        return words[0]
    beside = Path(script).resolve().parent / "python"
    return str(beside) if beside.exists() else sys.executable


def checkout_state() -> str:
    """The git commit of this checkout, and how many files differ from it."""
    checkout = Path(__file__).resolve().parent.parent
    head = subprocess.run(["git", "-C", str(checkout), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run(["git", "-C", str(checkout), "status", "--porcelain"], capture_output=True, text=True)
    commit = head.stdout.strip() or "unknown"
    changed = len([line for line in dirty.stdout.splitlines() if line.strip()])
    return f"{commit} (+{changed} uncommitted changes)" if changed else commit


def sources_digest(directory: Path) -> str:
    """A short digest of the readycheck sources (Python and YAML) under ``directory``, to name a snapshot."""
    digest = hashlib.sha256()
    for pattern in ("*.py", "*.yaml"):
        for path in sorted(directory.rglob(pattern)):
            digest.update(path.relative_to(directory).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def snapshot_package(readycheck: str, target: Path) -> None:
    """Copy the readycheck package that ``readycheck`` runs into ``target``/readycheck, to be put first on
    PYTHONPATH: the code measured cannot change under the benchmark (others may be editing it)."""
    where = subprocess.run(
        [readycheck_python(readycheck), "-c", "import os, readycheck; print(os.path.dirname(readycheck.__file__))"],
        capture_output=True,
        text=True,
        check=True,
        env=environment(),
    ).stdout.strip()
    shutil.copytree(where, target / "readycheck", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    (target / "SNAPSHOT").write_text(checkout_state() + "\n")


def machine_info(readycheck: str) -> dict[str, Any]:
    """The machine and software the figures belong to: figures from different machines do not compare."""
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            cpu = next((line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")), cpu)
    except OSError:
        pass
    try:
        memory_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError):
        memory_gib = 0.0
    version = subprocess.run(
        [readycheck, "--version"], capture_output=True, text=True, env=environment()
    ).stdout.strip()
    return {
        "commit": checkout_state(),
        "nproc": os.cpu_count(),
        "affinity": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "cpu": cpu,
        "memory_gib": round(memory_gib, 1),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "readycheck": version,
        "date": datetime.date.today().isoformat(),
    }
