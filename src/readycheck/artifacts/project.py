"""What a project declares about itself in readycheck's config (its owner and contact, its deployment
strategy, its monitoring): evidence some checks accept where no manifest or document says it."""

from __future__ import annotations

from typing import Any

from readycheck import structured
from readycheck.artifacts import Repository
from readycheck.errors import ParseError
from readycheck.paths import CONFIG_FILES


def declarations(repo: Repository) -> dict[str, Any]:
    """The config mapping of the first config file found (pyproject's [tool.readycheck]); {} without one.

    A config that does not parse is the config loader's error to report: here it declares nothing.
    """
    for name in CONFIG_FILES:
        if name not in repo.files:
            continue
        try:
            text = repo.read_input(name).decode("utf-8", "replace")
            data = structured.load(text, structured.format_of(name) or "yaml", name).data
        except ParseError:
            continue
        if name == "pyproject.toml":
            tool = data.get("tool") if isinstance(data, dict) else None
            data = tool.get("readycheck") if isinstance(tool, dict) else None
            if data is None:
                continue
        return data if isinstance(data, dict) else {}
    return {}
