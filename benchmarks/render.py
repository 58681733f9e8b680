"""Markdown of the benchmark's figures: the tables printed by ``bench.py`` and pasted into
docs/performance.md. Plain functions of the figures (no measuring here), so that ``--compare`` can render
JSON written by earlier runs.
"""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

from measure import HEAVY_MODULES
from targets import IMPORT_FLOOR, TARGET_MEMORY_MB, TARGETS_S, peak_mb


def _ms(seconds: float) -> str:
    """Milliseconds below a second, seconds above: the precision that means something here."""
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _spread(item: dict[str, Any]) -> str:
    return f"{_ms(item['min'])} – {_ms(item['max'])}"


def render(results: dict[str, Any], manifest: dict[str, Any], runs: int) -> str:
    """The Markdown report of one scale of the synthetic repository, with the absolute targets."""
    scale = manifest["scale"]
    s = results["series"]
    m = results["memory"]
    files = manifest["files"]
    size = sum(v for k, v in manifest["bytes"].items() if k != "ignored") / 2**20
    lines = [
        f"### Scale {scale}: {files:,} files ({size:.0f} MiB)",
        "",
        "Generated: " + ", ".join(f"{k.replace('_', ' ')} {v:,}" for k, v in manifest["counts"].items()) + ".",
        "",
        f"Medians of {runs} runs (memory: {m.get('cold', {}).get('runs', 0)} runs); readycheck's default `--jobs` is "
        f"{results['jobs']} here. 'CPU' is the user+sys time of the measured process and its workers; 'others' is "
        "the CPU that other processes on the machine used during the runs (median, in cores).",
        "",
        "| Measurement | readycheck | min – max | CPU | others | floor (plain Python) | target | result |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | :---: |",
    ]

    def row(label: str, name: str, floor: str | None, target: float | None, note: str = "") -> None:
        if name not in s:
            return
        item = s[name]
        value = item["median"]
        floor_text = _ms(s[floor]["median"]) if floor and floor in s else "—"
        if target is None:
            target_text, verdict = "—", ""
        else:
            target_text = f"< {_ms(target)}{note}"
            verdict = "pass" if value < target else "**FAIL**"
        lines.append(
            f"| {label} | {_ms(value)} | {_spread(item)} | {_ms(item['cpu_median'])} | {item['others_median']:.2f} "
            f"| {floor_text} | {target_text} | {verdict} |"
        )

    row("start-up: `readycheck --version`", "startup", "python_startup", TARGETS_S["startup"])
    notebook = results["precommit_notebook"]
    row(
        f"pre-commit: `readycheck check` one notebook ({notebook['bytes'] / 1024:.0f} KiB, edited: cache miss)",
        "precommit",
        "floor_precommit",
        TARGETS_S["precommit"],
    )
    row("pre-commit: the same notebook, unchanged (cache hit)", "precommit_hit", None, None)
    if "precommit_module" in results:
        module = results["precommit_module"]
        row(
            f"pre-commit: `readycheck check` one Python module ({module['bytes'] / 1024:.0f} KiB, edited)",
            "precommit_py",
            None,
            None,
        )
    note = "" if scale == 1 else f" ({scale}× scale 1)"
    row(
        f"full scan, cold, default `--jobs` ({results['jobs']})", "cold", "floor_parse", TARGETS_S["cold"] * scale, note
    )
    for n in (1, 2):
        row(f"full scan, cold, `--jobs {n}`", f"cold_j{n}", "floor_parse", None)
    row(f"full scan, warm, default `--jobs` ({results['jobs']})", "warm", "floor_stat", TARGETS_S["warm"] * scale, note)
    if "floor_read" in s:
        lines.append(
            "| floor only: walk and read every file, no parsing | — | — | — | — "
            f"| {_ms(s['floor_read']['median'])} | — | |"
        )
    if "cold" in m:
        floor_mb = f"{m['floor_parse']['maxrss_mb']:.0f} MB" if "floor_parse" in m else "—"
        peak = peak_mb(m["cold"])
        verdict = "pass" if peak < TARGET_MEMORY_MB else "**FAIL**"
        lines.append(
            f"| peak memory, cold scan, default `--jobs`: whole process tree ({m['cold']['processes']} processes; "
            f"max of summed PSS and largest RSS) | {peak:.0f} MB | — | — | — | {floor_mb} "
            f"| < {TARGET_MEMORY_MB:.0f} MB | {verdict} |"
        )
        lines.append(
            f"| ... largest single process (ru_maxrss) / summed RSS (shared pages counted twice) | "
            f"{m['cold']['maxrss_mb']:.0f} MB / {m['cold']['rss_mb']:.0f} MB | — | — | — | — | — | |"
        )
        for n in (1, 2):
            if f"cold_j{n}" in m:
                peak_n = peak_mb(m[f"cold_j{n}"])
                lines.append(f"| peak memory, cold scan, `--jobs {n}` | {peak_n:.0f} MB | — | — | — | — | — | |")
    if "import_floor" in s:
        lines.append(
            f'| floor only: `python -c "{IMPORT_FLOOR}"` (the pre-commit ratio\'s denominator) | — | — | — | — '
            f"| {_ms(s['import_floor']['median'])} | — | |"
        )
    lines += ["", "Findings per run (sanity: identical across runs, jobs, cold and warm):", ""]
    for name, counts in results["findings"].items():
        if name.startswith("notebooks_"):
            continue  # another tree: see the notebooks table
        lines.append(f"- {name}: {', '.join(str(c) for c in sorted(set(counts)))}")
    lines += ["", "Heavy packages imported (cumulative import time from `python -X importtime`):", ""]
    for label, found in results.get("imports", {}).items():
        listed = ", ".join(f"{k} {v / 1000:.0f} ms" for k, v in sorted(found["modules"].items(), key=lambda kv: -kv[1]))
        lines.append(f"- `readycheck {label}`: {listed or 'none of ' + ', '.join(HEAVY_MODULES)}")
    per_file = s["cold"]["median"] / files * 1e6
    floor_text = f"{s['floor_parse']['median'] / files * 1e6:.0f} µs" if "floor_parse" in s else "not measured"
    lines += ["", f"Cold scan: {per_file:.0f} µs per file; floor (walk, read, parse): {floor_text} per file."]
    return "\n".join(lines)


def render_machine(machine: dict[str, Any]) -> str:
    """What the figures belong to: they do not compare across machines or snapshots."""
    return "\n".join(
        [
            "| Machine | |",
            "| --- | --- |",
            f"| CPUs (os.cpu_count / affinity) | {machine['nproc']} / {machine['affinity']} ({machine['cpu']}) |",
            f"| memory | {machine['memory_gib']} GiB |",
            f"| Python | {machine['implementation']} {machine['python']} |",
            f"| platform | {machine['platform']} |",
            f"| readycheck | {machine['readycheck']} |",
            f"| checkout | {machine.get('commit', '?')}; measured: {machine.get('sources', '?')} |",
            f"| bytecode | {machine.get('bytecode', '?')} |",
            f"| load average (1 min) before / after | {machine.get('load_average_before_after', '?')} |",
            f"| date | {machine['date']} |",
        ]
    )


def render_comparison(documents: list[dict[str, Any]]) -> str:
    """Linearity: time per file at each scale, and the marginal cost between scales."""
    documents = sorted(documents, key=lambda d: d["manifest"]["scale"])
    lines = [
        "| scale | files | cold | µs/file | cold `-j 1` | warm | µs/file | pre-commit (notebook) | peak memory "
        "| floor: parse | µs/file | findings |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for doc in documents:
        files = doc["manifest"]["files"]
        s = doc["results"]["series"]
        m = doc["results"]["memory"]

        def cell(name: str, per_file: bool = False, s: dict[str, Any] = s, files: int = files) -> str:
            if name not in s:
                return "—"
            return f"{s[name]['median'] / files * 1e6:.0f}" if per_file else _ms(s[name]["median"])

        peak = peak_mb(m["cold"]) if "cold" in m else 0
        lines.append(
            f"| {doc['manifest']['scale']} | {files:,} | {cell('cold')} | {cell('cold', True)} | {cell('cold_j1')} "
            f"| {cell('warm')} | {cell('warm', True)} | {cell('precommit')} | {peak:.0f} MB "
            f"| {cell('floor_parse')} | {cell('floor_parse', True)} | {doc['results']['findings']['cold'][0]:,} |"
        )
    if len(documents) > 1:
        lines += [
            "",
            "Marginal cost per added file, from the smallest scale (fixed costs such as start-up cancel out):",
            "",
        ]
        base = documents[0]
        for doc in documents[1:]:
            added = doc["manifest"]["files"] - base["manifest"]["files"]
            parts = []
            for name in ("cold", "cold_j1", "warm", "floor_parse"):
                if name in doc["results"]["series"] and name in base["results"]["series"]:
                    delta = doc["results"]["series"][name]["median"] - base["results"]["series"][name]["median"]
                    parts.append(f"{name} {delta / added * 1e6:.0f} µs")
            lines.append(f"- scale {base['manifest']['scale']} → {doc['manifest']['scale']}: " + ", ".join(parts))
    return "\n".join(lines)


def render_notebooks(results: dict[str, Any], runs: int) -> str:
    """The cold scans of the folder of real notebooks (``--notebooks``) and their floor."""
    meta = results["notebooks"]
    s = results["series"]
    lines = [
        f"### Real notebooks: {meta['files']:,} files ({meta['bytes'] / 2**20:.1f} MiB) from `{meta['source']}`",
        "",
        f"A copy of the .ipynb files alone with `policy: [recommended]`; medians of {runs} runs.",
        "",
        "| Measurement | median | min – max | CPU | others |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    labels = {
        "notebooks_cold": f"`readycheck check --no-cache`, default `--jobs` ({results['jobs']})",
        "notebooks_cold_j1": "`readycheck check --no-cache --jobs 1`",
        "notebooks_floor": "floor: read and `json.loads` every .ipynb",
    }
    for name, label in labels.items():
        if name in s:
            item = s[name]
            lines.append(
                f"| {label} | {_ms(item['median'])} | {_spread(item)} | {_ms(item['cpu_median'])} "
                f"| {item['others_median']:.2f} |"
            )
    counts = [f"{name}: {', '.join(str(c) for c in sorted(set(found)))}" for name, found in results["findings"].items()]
    findings = "; ".join(c for c in counts if c.startswith("notebooks_"))
    lines += ["", f"Findings per run (identical across runs and jobs): {findings or '—'}."]
    return "\n".join(lines)


def _figure(figure: dict[str, Any]) -> str:
    value = _ms(figure["value"]) if figure["unit"] == "s" else f"{figure['value']:.0f} {figure['unit']}"
    return f"{value} ({figure['label']})"


def render_targets(rows: list[dict[str, Any]], promised: dict[str, str]) -> str:
    """The ratio targets of this run: both figures, the ratio, the limit and whether it holds; the
    targets not measured are named, so that a missing one is not mistaken for a kept one."""
    lines = [
        "### Ratio targets (both figures measured in this run, on this machine)",
        "",
        "| Target | numerator | denominator | ratio | limit | holds |",
        "| --- | ---: | ---: | ---: | ---: | :---: |",
    ]
    for row in rows:
        lines.append(
            f"| {row['description']} | {_figure(row['numerator'])} | {_figure(row['denominator'])} "
            f"| {row['ratio']:.2f}× | ≤ {row['limit']:g}× | {'yes' if row['holds'] else '**NO**'} |"
        )
    measured = {row["name"] for row in rows}
    missing = [description for name, description in promised.items() if name not in measured]
    if missing:
        hint = " (the notebook target needs `--notebooks DIR`)" if "notebooks-cold-scan" not in measured else ""
        lines += ["", "Not measured in this run: " + "; ".join(missing) + hint + "."]
    return "\n".join(lines)


def render_precommit_across(rows: list[dict[str, Any]]) -> str:
    """Pre-commit on one notebook in several repositories, timed interleaved (``--precommit-across``)."""
    runs = len(rows[0]["runs"]) if rows else 0
    lines = [
        f"Pre-commit on one notebook (edited: cache miss; cache populated), {runs} interleaved runs:",
        "",
        "| scale | files | notebook | median | min – max |",
        "| ---: | ---: | --- | ---: | ---: |",
    ]
    for row in rows:
        values = row["runs"]
        lines.append(
            f"| {row['scale']} | {row['files']:,} | `{Path(row['notebook']).name}` "
            f"| {_ms(statistics.median(values))} | {_ms(min(values))} – {_ms(max(values))} |"
        )
    return "\n".join(lines)


def render_profile(profile: dict[str, Any]) -> str:
    """The profile of a cold ``--jobs 1`` scan: top functions by own time, readycheck's by cumulative time."""
    total = profile["total"]
    lines = [
        f"Total under cProfile: {total:.2f} s (cProfile slows Python-heavy code 2-3×: read shares, not seconds).",
        "",
        "| own time | share | calls | function |",
        "| ---: | ---: | ---: | --- |",
    ]
    for row in profile["by_own"]:
        lines.append(
            f"| {row['own']:.2f} s | {row['own'] / total * 100:.1f}% | {row['calls']:,} | `{row['function']}` |"
        )
    lines += ["", "| cumulative | share | calls | readycheck function |", "| ---: | ---: | ---: | --- |"]
    for row in profile["by_cumulative"]:
        lines.append(
            f"| {row['cumulative']:.2f} s | {row['cumulative'] / total * 100:.1f}% | {row['calls']:,} "
            f"| `{row['function']}` |"
        )
    return "\n".join(lines)
