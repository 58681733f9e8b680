"""Hard-coded credentials in code, configuration, documentation and notebooks (sources and outputs).

Reports never contain a secret: messages show a redacted form and each violation's key (which the
engine hashes into the fingerprint) is built from that redacted form, never from the raw text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from readycheck.artifacts import Artifact
from readycheck.artifacts.notebook import Notebook
from readycheck.errors import ParseError
from readycheck.hookspecs import hookimpl
from readycheck.model import Check, Violation, check
from readycheck.redaction import Match, find_secrets


def _found(match: Match, where: str) -> str:
    return f"{where}: {match.description}" if where else match.description


_BARE_VALUE_FILES = re.compile(r"(?:^|/)(?:\.env(?:\.[^/]*)?|[^/]*\.(?:env|ini|cfg|yaml|yml))$", re.IGNORECASE)
"""Files where ``name = value`` needs no quotes."""


@check(
    "security/hardcoded-secrets",
    description="No credentials (keys, tokens, passwords) in code, configuration, docs or notebook outputs.",
    help="A credential committed to git is leaked for good: history keeps it, forks and clones copy it. "
    "Detected: AWS access key IDs, private key blocks, GitHub, Slack, Hugging Face ('hf_...') and "
    "OpenAI-style ('sk-...') tokens, and literals assigned to names like password, secret, token or "
    "api_key (annotated ones too: 'db_password: str = ...'). Notebooks are checked in every cell and in saved "
    "outputs (a printed token counts); one that cannot be read (merge-conflict markers) is scanned as text. "
    "Placeholders ('<your-key>', 'xxx', 'changeme', '${VAR}') and values read from the environment "
    "(os.environ[...], os.getenv(...)) are fine. Reports show a redacted form, never the secret.",
    fix="Revoke the credential, read it from the environment or a secret manager, and purge it from git history.",
    level="error",
    kinds=("notebook", "text"),
    area="security",
    tier="bronze",
    params={"type": "object", "additionalProperties": False, "properties": {}},
    paths=(
        "**/*.ipynb",
        "**/*.py",
        "**/*.yaml",
        "**/*.yml",
        "**/*.json",
        "**/*.toml",
        "**/*.cfg",
        "**/*.ini",
        ".env",
        "*.env",
        ".env.*",
        "**/*.md",
    ),
    example='security/hardcoded-secrets:\n  level: error\n  exclude: ["tests/fixtures/**"]',
)
def hardcoded_secrets(artifact: Artifact, params: Mapping[str, Any]) -> Iterator[Violation]:
    try:
        data = artifact.data
    except ParseError as error:  # a notebook that cannot be read is still scanned, as text
        raise ParseError(
            error.message, error.path, error.line, found=list(_text_secrets(artifact.text, False))
        ) from None
    if isinstance(data, Notebook):
        yield from _notebook_secrets(data)
    elif data is not None:  # None: a binary file
        yield from _text_secrets(data, bool(_BARE_VALUE_FILES.search(artifact.path)))


def _text_secrets(text: str, bare: bool) -> Iterator[Violation]:
    line, counted = 1, 0
    for match in find_secrets(text, bare_assignments=bare):
        line += text.count("\n", counted, match.start)
        counted = match.start
        column = match.start - (text.rfind("\n", 0, match.start) + 1) + 1
        yield Violation(_found(match, ""), line=line, column=column, key=f"{match.detector.name}:{match.shown}")


def _notebook_secrets(notebook: Notebook) -> Iterator[Violation]:
    for cell in notebook.cells:
        for match in find_secrets(cell.source.value):
            source_line = cell.source_line_at(match.start)
            yield Violation(
                _found(match, cell.where(source_line)),
                line=cell.line_of(source_line),
                key=f"{match.detector.name}:{match.shown}:{cell.key}",
            )
        for output in cell.outputs:
            for text in output.texts():
                for match in find_secrets(text.value):
                    yield Violation(
                        _found(match, f"{cell.where()}, output {output.index}"),
                        line=text.line_at(match.start),
                        key=f"{match.detector.name}:{match.shown}:{cell.key}:output",
                    )


@hookimpl
def readycheck_checks() -> list[Check]:
    return [hardcoded_secrets]
