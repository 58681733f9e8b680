#!/usr/bin/env python3
"""The floor: plain Python doing the least a checker must, the yardstick of readycheck's figures.

Usage::

    python benchmarks/floor.py ROOT [--mode stat|read|parse|notebooks] [--files PATH ...]

(``python benchmarks/bench.py _floor ...`` runs the same.) The benchmark times it as a subprocess, the
way it times readycheck, so its start-up is part of its figure: this module imports only what it
uses, and nothing of the rest of the benchmark.

Modes: ``stat`` walks the tree and stats every file (the floor of a warm scan); ``read`` also reads
every file; ``parse`` also parses it: notebooks and JSON with ``json.loads`` (and notebook code cells
with ``ast.parse``), Python modules with ``ast.parse``, YAML with ruamel.yaml's safe loader when it is
installed, TOML with ``tomllib``; ``notebooks`` reads only the ``.ipynb`` files and ``json.loads``
them (the floor of a scan of a folder of notebooks). The walk skips VCS and cache folders and the
plain names (``name`` and ``name/``) listed in ROOT's ``.gitignore``. It prints the number of files.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import sys
from collections.abc import Callable, Sequence

ALWAYS_SKIPPED_DIRS = frozenset({".git", ".readycheck_cache", "__pycache__", ".venv", ".ipynb_checkpoints"})
MODES = ("stat", "read", "parse", "notebooks")


def parse_file(name: str, data: bytes, yaml_load: Callable[[str], object] | None) -> None:
    """Parse ``data`` as its suffix says; what cannot be parsed is skipped, as a checker reports and goes on."""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    try:
        if suffix == "ipynb":
            notebook = json.loads(data)
            for cell in notebook.get("cells", []):  # code cells as Python, as notebook checks do
                if cell.get("cell_type") == "code":
                    source = "".join(cell.get("source", []))
                    lines = ["pass" if line.lstrip().startswith(("!", "%")) else line for line in source.splitlines()]
                    ast.parse("\n".join(lines))
        elif suffix == "json":
            json.loads(data)
        elif suffix == "py":
            ast.parse(data)
        elif suffix in ("yaml", "yml") and yaml_load is not None:
            yaml_load(data.decode("utf-8"))
        elif suffix == "toml":
            import tomllib

            tomllib.loads(data.decode("utf-8"))
        elif b"\0" not in data[:8192]:
            data.decode("utf-8", errors="replace")
    except Exception:  # bad input is reported by a checker and skipped: ruamel's errors are not ValueErrors
        pass


def yaml_loader() -> Callable[[str], object] | None:
    """ruamel.yaml's safe loader (readycheck's own YAML library), or None when it is not installed."""
    try:
        from ruamel.yaml import YAML
    except ImportError:
        return None
    return YAML(typ="safe").load


def skipped_names(root: str) -> tuple[set[str], set[str]]:
    """(folder names, file names) to skip: VCS and cache folders, and the plain names of .gitignore
    (``outputs/``, ``.bench-manifest.json``), which is what readycheck leaves out of the benchmark's trees."""
    folders, files = set(ALWAYS_SKIPPED_DIRS), set()
    try:
        with open(os.path.join(root, ".gitignore"), encoding="utf-8") as handle:
            for line in handle:
                entry = line.strip()
                if not entry or entry.startswith(("#", "!")) or "*" in entry or "[" in entry:
                    continue
                if entry.endswith("/"):
                    folders.add(entry.strip("/"))
                elif "/" not in entry:
                    files.add(entry)
    except OSError:
        pass
    return folders, files


def walk(root: str) -> list[str]:
    """Every file under ``root`` but the skipped ones."""
    folders, names = skipped_names(root)
    found: list[str] = []
    for directory, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in folders]
        found.extend(os.path.join(directory, name) for name in filenames if name not in names)
    return found


def run(root: str, mode: str, files: Sequence[str]) -> int:
    """Do what ``mode`` says to ``files`` (relative to ``root``), or to every file under ``root``;
    return how many files it touched."""
    targets = [os.path.join(root, f) for f in files] if files else walk(root)
    if mode == "notebooks":
        targets = [path for path in targets if path.endswith(".ipynb")]
    yaml_load = yaml_loader() if mode == "parse" else None
    for path in targets:
        if mode == "stat":
            os.stat(path)
            continue
        with open(path, "rb") as handle:
            data = handle.read()
        if mode == "parse":
            parse_file(path, data, yaml_load)
        elif mode == "notebooks":
            json.loads(data)
    return len(targets)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="floor.py", description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("root")
    parser.add_argument("--mode", choices=MODES, default="parse")
    parser.add_argument("--files", nargs="*", default=[], help="only these files (relative to ROOT), no walk")
    args = parser.parse_args(argv)
    print(run(args.root, args.mode, args.files))
    return 0


if __name__ == "__main__":
    sys.exit(main())
