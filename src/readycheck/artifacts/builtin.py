"""The built-in artifact kinds: any file, text, Markdown and structured data (YAML, JSON, TOML)."""

from __future__ import annotations

from readycheck import structured
from readycheck.artifacts import Artifact, ArtifactKind
from readycheck.artifacts.markdown import MarkdownDocument, parse_markdown
from readycheck.hookspecs import hookimpl


def _text(artifact: Artifact) -> str | None:
    return None if artifact.source.is_binary else artifact.text


def _markdown(artifact: Artifact) -> MarkdownDocument:
    return parse_markdown(artifact.text, artifact.path)


def _data(artifact: Artifact) -> structured.Document:
    fmt = structured.format_of(artifact.path) or "yaml"
    return structured.load(artifact.text, fmt, artifact.path)


KINDS = [
    ArtifactKind("file", ("**/*",), "Any file; checks see only its path (its bytes are read on demand)."),
    ArtifactKind("text", ("**/*",), "Any file as UTF-8 text; binary files parse to None.", _text),
    ArtifactKind(
        "markdown", ("**/*.md", "**/*.markdown"), "Markdown: headings, sections, YAML front matter.", _markdown
    ),
    ArtifactKind(
        "data",
        ("**/*.yaml", "**/*.yml", "**/*.json", "**/*.toml"),
        "Structured data (YAML, JSON, TOML) with the line of every key.",
        _data,
    ),
]


@hookimpl
def readycheck_artifact_kinds() -> list[ArtifactKind]:
    return KINDS
