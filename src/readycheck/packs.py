"""The built-in policy packs, shipped in the wheel as ``readycheck/policies/*.yaml``."""

from __future__ import annotations

from pathlib import Path

from readycheck.hookspecs import hookimpl

PACKS_DIR = Path(__file__).parent / "policies"


@hookimpl
def readycheck_policy_packs() -> dict[str, Path]:
    return {path.stem: path for path in sorted(PACKS_DIR.glob("*.yaml"))}


def pack_name(file: Path) -> str | None:
    """The name of the built-in pack ``file`` is, or None for any other policy file."""
    return file.stem if file.parent == PACKS_DIR else None
