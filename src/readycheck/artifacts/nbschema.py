"""The verdict of nbformat's own JSON Schema on a notebook, from a compiled validator.

nbformat validates with fastjsonschema, which it compiles in every process (~70 ms) and which
dispatches a cell's ``oneOf`` by raising exceptions: validating costs more than parsing the JSON.
jsonschema-rs checks the same schema files (read from the installed nbformat, which need not be
imported) in native code, for a few milliseconds per hundred notebooks. Only the verdict comes from
here: a notebook it finds invalid, and any notebook it cannot judge, is handed to nbformat, whose
first error is the finding, so findings are nbformat's.
"""

from __future__ import annotations

import functools
import importlib.util
import json
from pathlib import Path
from typing import Any

MAJOR = 4


def is_valid(data: Any) -> bool | None:
    """Whether nbformat would accept ``data`` (a parsed nbformat 4 notebook); None when only nbformat can
    tell: another major version, a minor version without a schema of its own (nbformat relaxes its schema
    for notebooks from the future), or a value the compiled validator does not take."""
    if not isinstance(data, dict) or type(data.get("nbformat")) is not int or data["nbformat"] != MAJOR:
        return None
    minor = data.get("nbformat_minor", 0)
    if type(minor) is not int:
        return None
    validator = _validator(minor)
    if validator is None:
        return None
    try:
        return bool(validator.is_valid(data))
    except Exception:
        return None


@functools.cache
def _validator(minor: int) -> Any | None:
    schema = schema_file(minor)
    if schema is None:
        return None
    import jsonschema_rs

    return jsonschema_rs.Draft4Validator(json.loads(schema.read_text(encoding="utf-8")))


def schema_file(minor: int) -> Path | None:
    """nbformat's schema of version 4.``minor``, as ``nbformat.v4.nbformat_schema`` names it."""
    spec = importlib.util.find_spec("nbformat")
    if spec is None or spec.origin is None or not 0 <= minor < 100:
        return None
    path = Path(spec.origin).parent / f"v{MAJOR}" / f"nbformat.v{MAJOR}.{minor}.schema.json"
    return path if path.is_file() else None
