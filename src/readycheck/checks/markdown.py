"""Markdown checks: the sections a README, model card or runbook must have."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from readycheck.artifacts import Artifact
from readycheck.hookspecs import hookimpl
from readycheck.model import Check, Violation, check


@check(
    "markdown/sections",
    description="Markdown files matching 'paths' have each required heading, each with a non-empty body.",
    help="Headings match case-insensitively at any level ('## On-call' satisfies 'on-call'). A section's "
    "body runs to the next heading of the same or a higher level, so subsections count as content; "
    "HTML comments do not.",
    fix="Add the missing heading with real content under it.",
    level="warning",
    kinds=("markdown",),
    area="documentation",
    requires_paths=True,
    required=True,
    generated=True,
    params={
        "type": "object",
        "additionalProperties": False,
        "required": ["required"],
        "properties": {
            "required": {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1},
            "allow_empty": {"type": "boolean", "default": False, "description": "Accept headings with no body."},
        },
    },
    example=(
        'team/readme-contact:\n  check: markdown/sections\n  paths: ["README.md"]\n'
        '  with: {required: ["Contact", "On-call"]}'
    ),
)
def markdown_sections(artifact: Artifact, params: Mapping[str, Any]) -> Iterator[Violation]:
    document = artifact.data
    for title in params["required"]:
        heading = document.find(title)
        if heading is None:
            yield Violation(f"missing section '{title}'", key=title)
        elif not heading.has_body and not params.get("allow_empty"):
            yield Violation(f"section '{heading.title}' is empty", line=heading.line, column=1, key=title)


@hookimpl
def readycheck_checks() -> list[Check]:
    return [markdown_sections]
