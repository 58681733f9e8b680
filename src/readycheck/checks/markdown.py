"""Markdown checks: the sections a README, model card or runbook must have."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from readycheck.artifacts import Artifact
from readycheck.artifacts.markdown import strip_comments
from readycheck.hookspecs import hookimpl
from readycheck.model import Check, Violation, check


@check(
    "markdown/sections",
    description="Markdown files matching 'paths' have each required heading, each with a non-empty body.",
    help="Headings match case-insensitively at any level ('## On-call' satisfies 'on-call'), by their text: "
    "inline HTML and emphasis are ignored ('### <span>Limitations</span>'), and HTML headings "
    "('<h2>Limitations</h2>') are headings. An entry of 'required' may be a list of accepted names "
    "(['Limitations', 'Bias, Risks, and Limitations']). A section's body runs to the next heading of the "
    "same or a higher level, so subsections' text counts as content; HTML comments and template "
    "placeholders ('[More Information Needed]', 'TODO', 'TBD') do not.",
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
            "required": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "oneOf": [
                        {"type": "string", "minLength": 1},
                        {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1},
                    ]
                },
                "description": "Each entry a heading, or a list of headings any of which will do.",
            },
            "allow_empty": {"type": "boolean", "default": False, "description": "Accept headings with no body."},
        },
    },
    example=(
        'team/readme-contact:\n  check: markdown/sections\n  paths: ["README.md"]\n'
        '  with: {required: ["Contact", ["On-call", "Escalation"]]}'
    ),
)
def markdown_sections(artifact: Artifact, params: Mapping[str, Any]) -> Iterator[Violation]:
    document = artifact.data
    for entry in params["required"]:
        names = [entry] if isinstance(entry, str) else entry
        headings = [heading for name in names if (heading := document.find(name)) is not None]
        if not headings:
            accepted = f" (or {', '.join(repr(name) for name in names[1:])})" if len(names) > 1 else ""
            yield Violation(f"missing section '{names[0]}'{accepted}", key=names[0])
        elif not params.get("allow_empty") and not any(heading.has_body for heading in headings):
            heading = headings[0]
            state = "has only template text" if strip_comments(heading.body).strip() else "is empty"
            yield Violation(
                f"section '{heading.title}' {state}",
                line=heading.line,
                column=1,
                key=names[0],
            )


@hookimpl
def readycheck_checks() -> list[Check]:
    return [markdown_sections]
