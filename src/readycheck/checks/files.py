"""Generic file checks a lead configures without Python: exists, absent, contains."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from readycheck.artifacts import Artifact, Repository
from readycheck.hookspecs import hookimpl
from readycheck.model import REPOSITORY, Check, Violation, check


@check(
    "file/exists",
    description="At least one file matches any of the rule's 'paths' globs.",
    help="Production-ready repositories carry certain files: a LICENSE, a CHANGELOG, a model card, a "
    "rollback plan. This rule passes when at least one file matches any of the globs in 'paths'.",
    fix="Add a file matching one of the globs, or change 'paths' in the policy.",
    level="error",
    scope=REPOSITORY,
    area="documentation",
    requires_paths=True,
    example='file/exists:\n  level: error\n  paths: ["LICENSE", "LICENSE.*"]',
)
def file_exists(repo: Repository, params: Mapping[str, Any]) -> Iterator[Violation]:
    if not repo.files:
        yield Violation(f"no file matches {', '.join(repo.paths)}", key=",".join(repo.paths))


@check(
    "file/absent",
    description="No file matches the rule's 'paths' globs (secrets, raw data, large binaries).",
    help="Some files must never be committed: .env files, private keys, raw data dumps. Each file "
    "matching one of the globs in 'paths' is a finding.",
    fix="Remove the file from the repository (git rm --cached) and add it to .gitignore.",
    level="error",
    kinds=("file",),
    area="security",
    requires_paths=True,
    absence_passes=True,
    example='file/absent:\n  paths: [".env", "*.pem", "data/raw/**"]',
)
def file_absent(artifact: Artifact, params: Mapping[str, Any]) -> Iterator[Violation]:
    yield Violation("this file must not be in the repository")


@check(
    "file/contains",
    description="Files matching 'paths' must contain (or, with forbid: true, must not contain) a regex.",
    help="Checks the text of each file in 'paths' against the regular expression 'pattern' (Python "
    "syntax, multi-line mode). With 'forbid: true' each match is a finding at its line; otherwise a file "
    "without any match is a finding. Matched text is never shown, since it may be a secret.",
    fix="Edit the file so that it satisfies the pattern, or narrow 'paths'.",
    level="warning",
    kinds=("text",),
    area="general",
    requires_paths=True,
    required=True,
    generated=True,
    params={
        "type": "object",
        "additionalProperties": False,
        "required": ["pattern"],
        "properties": {
            "pattern": {"type": "string", "format": "regex", "description": "Python regular expression."},
            "forbid": {"type": "boolean", "default": False, "description": "Report matches instead of their absence."},
            "ignore_case": {"type": "boolean", "default": False},
        },
    },
    example='file/contains:\n  paths: ["src/**/*.py"]\n  with: {pattern: "breakpoint\\\\(", forbid: true}',
)
def file_contains(artifact: Artifact, params: Mapping[str, Any]) -> Iterator[Violation]:
    text = artifact.data
    if text is None:
        return
    flags = re.MULTILINE | (re.IGNORECASE if params.get("ignore_case") else 0)
    pattern = re.compile(params["pattern"], flags)
    if params.get("forbid"):
        for match in pattern.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
            yield Violation(f"forbidden pattern '{params['pattern']}' matches", line=line, column=column)
    elif pattern.search(text) is None:
        yield Violation(f"no match for required pattern '{params['pattern']}'")


@hookimpl
def readycheck_checks() -> list[Check]:
    return [file_exists, file_absent, file_contains]
