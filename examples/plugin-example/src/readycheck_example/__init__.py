"""readycheck-example: three checks a data team might want, and a pack that turns them on.

- ``example/datasheet``: every dataset folder (``data/<name>/``) has a DATASHEET.md with the sections
  a datasheet needs (Motivation, Composition, Collection, License by default).
- ``example/card-version``: a model card's ``version`` is the package version in pyproject.toml.
- ``example/notebook-manifest``: every notebook under ``notebooks/`` is listed in
  ``reproducibility.toml`` with the command that re-runs it.

Only ``readycheck``'s public API is used.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import readycheck
from readycheck import Artifact, Check, ModelCard, ParseError, RepositoryView, Violation

DOCS = "https://docs.example.org/readycheck-example/"
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)


@readycheck.check(
    "example/datasheet",
    description="Every dataset folder under data/ has a DATASHEET.md with the required sections.",
    help="A dataset nobody described is a dataset nobody can reuse safely. Each folder directly under "
    "'root' (default data/) must hold DATASHEET.md with every section of 'required' as a Markdown heading.",
    fix="Write DATASHEET.md in the folder (Gebru et al., 'Datasheets for Datasets', has the questions).",
    level="error",
    scope=readycheck.REPOSITORY,
    area="documentation",
    params={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "root": {"type": "string", "default": "data", "description": "Where dataset folders are."},
            "required": {
                "type": "array",
                "items": {"type": "string"},
                "default": ["Motivation", "Composition", "Collection", "License"],
                "description": "Headings every datasheet has.",
            },
        },
    },
    help_url=DOCS + "datasheet",
)
def datasheet(repo: RepositoryView, params: Mapping[str, Any]) -> Iterator[Violation]:
    prefix = params["root"].strip("/") + "/"
    inside = [path[len(prefix) :] for path in repo.files if path.startswith(prefix)]
    for folder in sorted({rest.split("/")[0] for rest in inside if "/" in rest}):  # folders, not files
        sheet = f"{prefix}{folder}/DATASHEET.md"
        if sheet not in repo.files:
            yield Violation(f"{prefix}{folder}: no DATASHEET.md", path=f"{prefix}{folder}", key=folder)
            continue
        headings = {match.group(1).strip().lower() for match in _HEADING.finditer(repo.read_text(sheet))}
        missing = [name for name in params["required"] if name.lower() not in headings]
        if missing:
            yield Violation(f"missing section(s): {', '.join(missing)}", path=sheet, line=1, key=f"{folder}:sections")


@readycheck.check(
    "example/card-version",
    description="A model card's version is the package version in pyproject.toml.",
    help="Cards drift from releases: the card says 1.2 while the package ships 1.4. The card's front matter "
    "'version' must equal [project].version of pyproject.toml at the repository root.",
    fix="Update the card's 'version' when releasing (or bump the package).",
    level="error",
    kinds=("model-card",),
    area="documentation",
    params={"type": "object", "additionalProperties": False, "properties": {}},
    help_url=DOCS + "card-version",
)
def card_version(artifact: Artifact[ModelCard | None], params: Mapping[str, Any]) -> Iterator[Violation]:
    card = artifact.data
    if card is None or card.profile != "model":
        return
    try:
        project = tomllib.loads(artifact.repo.read_text("pyproject.toml")).get("project", {})
    except (ParseError, tomllib.TOMLDecodeError):
        return  # no package version to compare with
    released, written = project.get("version"), card.metadata.get("version")
    if released is None:
        return
    if written is None:
        yield Violation(f"the card has no 'version'; the package is {released}", line=1, key="version")
    elif str(written) != str(released):
        yield Violation(f"the card says version {written}, the package is {released}", line=1, key="version")


@readycheck.check(
    "example/notebook-manifest",
    description="Every notebook under notebooks/ is listed in reproducibility.toml with its command.",
    help="A notebook is reproducible when someone wrote down how to re-run it. reproducibility.toml lists "
    "[[notebook]] tables with 'path' and 'command'; every .ipynb under notebooks/ must have one.",
    fix="Add a [[notebook]] table with the notebook's path and the command that re-runs it (papermill ...).",
    level="warning",
    scope=readycheck.REPOSITORY,
    area="reproducibility",
    params={"type": "object", "additionalProperties": False, "properties": {}},
    help_url=DOCS + "notebook-manifest",
)
def notebook_manifest(repo: RepositoryView, params: Mapping[str, Any]) -> Iterator[Violation]:
    notebooks = repo.glob(["notebooks/**/*.ipynb"])
    if not notebooks:
        return
    try:
        manifest = tomllib.loads(repo.read_text("reproducibility.toml"))
    except ParseError:
        yield Violation("no reproducibility.toml lists how to re-run the notebooks", key="manifest")
        return
    except tomllib.TOMLDecodeError as error:
        yield Violation(f"reproducibility.toml is not valid TOML: {error}", path="reproducibility.toml", key="toml")
        return
    listed = {entry.get("path") for entry in manifest.get("notebook", []) if entry.get("command")}
    for path in notebooks:
        if path not in listed:
            yield Violation(f"{path} is not in reproducibility.toml (with a command)", path=path, key=path)


CHECKS: list[Check[Any]] = [datasheet, card_version, notebook_manifest]


@readycheck.hookimpl
def readycheck_checks() -> list[Check[Any]]:
    return CHECKS


@readycheck.hookimpl
def readycheck_policy_packs() -> dict[str, Path]:
    return {"example:strict": Path(__file__).parent / "policies" / "strict.yaml"}
