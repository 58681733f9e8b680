"""Model and dataset cards: Markdown with YAML front matter (the Hugging Face layout), and the Google
Model Card Toolkit's JSON.

A Markdown card is a file whose name says it is a card (``MODEL_CARD.md``, ``model-card.md``,
``modelcard.md``, ``Dataset_Card.md``... in any capitalisation, with or without a separator), or a
``README.md`` whose front matter has model keys (``model-index``, ``pipeline_tag``, ``library_name``,
``base_model``; in a subfolder, ``license`` too: a model folder's README) or dataset keys
(``task_categories``, ``dataset_info``, ``configs``, ``size_categories``).
Cards reuse the Markdown artifact: a README is parsed once, whatever reads it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from readycheck import structured
from readycheck.artifacts import Artifact, ArtifactKind, Repository
from readycheck.artifacts.markdown import MarkdownDocument
from readycheck.errors import ParseError
from readycheck.hookspecs import hookimpl

MODEL_KEYS = frozenset({"model-index", "pipeline_tag", "library_name", "base_model"})
DATASET_KEYS = frozenset({"task_categories", "dataset_info", "configs", "size_categories", "task_ids"})
_CARD_NAME = re.compile(r"(?i)^(model|dataset)[-_ ]?card\.(md|markdown|json)$")

PATTERNS = (
    "**/[Mm][Oo][Dd][Ee][Ll]*[Cc][Aa][Rr][Dd].md",
    "**/[Dd][Aa][Tt][Aa][Ss][Ee][Tt]*[Cc][Aa][Rr][Dd].md",
    "**/README.md",
    "**/model_card.json",
)


@dataclass(frozen=True)
class ModelCard:
    """A card as checks read it. ``profile`` is ``model`` or ``dataset``; ``metadata`` the front matter (or
    the MCT JSON), with ``metadata_document`` for its lines; ``markdown`` is None for MCT JSON."""

    path: str
    profile: str
    metadata: Mapping[str, Any]
    metadata_document: structured.Document | None
    metadata_error: ParseError | None
    markdown: MarkdownDocument | None
    text: str

    @property
    def is_mct(self) -> bool:
        return self.markdown is None


def _parse(artifact: Artifact) -> ModelCard | None:
    """The card, or None when the file is a README that is not a card."""
    name = artifact.path.rpartition("/")[2]
    if name.lower().endswith(".json"):
        document = structured.load(artifact.text, "json", artifact.path)
        data = document.data if isinstance(document.data, dict) else {}
        return ModelCard(artifact.path, "model", data, document, None, None, artifact.text)
    markdown: MarkdownDocument = artifact.repo.artifact(artifact.path, "markdown").data
    front = markdown.front_matter.data if markdown.front_matter is not None else None
    metadata = front if isinstance(front, dict) else {}
    named = _CARD_NAME.match(name)
    in_subfolder = "/" in artifact.path  # a model folder's README: its 'license' alone makes it a card
    keys = MODEL_KEYS | DATASET_KEYS | ({"license"} if in_subfolder else set())
    if named is None and not keys & set(metadata):
        return None
    is_dataset = (named is not None and named.group(1).lower() == "dataset") or (
        named is None and bool(DATASET_KEYS & set(metadata)) and not MODEL_KEYS & set(metadata)
    )
    return ModelCard(
        artifact.path,
        "dataset" if is_dataset else "model",
        metadata,
        markdown.front_matter,
        markdown.front_matter_error,
        markdown,
        artifact.text,
    )


def cards(repo: Repository) -> list[ModelCard]:
    """Every card among the files a repository-wide rule sees."""
    found = []
    for path in repo.glob(repo.patterns["model-card"]):
        card = repo.artifact(path, "model-card").data
        if card is not None:
            found.append(card)
    return found


def mct_texts(card: ModelCard) -> Iterator[tuple[str, str]]:
    """(dotted path, text) of every string in an MCT JSON card, for placeholder scans."""
    yield from _strings(card.metadata, ())


def _strings(value: Any, path: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield ".".join(path), value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _strings(item, (*path, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, str(index)))


def stated_metrics(card: ModelCard) -> Iterator[tuple[tuple[str, ...], Any, int | None]]:
    """The evaluation results a card states: (names, raw value, line) for each ``model-index`` metric
    (named by its ``type``, then its ``name``) or Model Card Toolkit performance metric (its ``type``)."""
    document = card.metadata_document

    def line(path: tuple[str | int, ...]) -> int | None:
        return document.line_of(path) if document is not None else None

    if card.is_mct:
        analysis = card.metadata.get("quantitative_analysis")
        entries = analysis.get("performance_metrics") if isinstance(analysis, Mapping) else None
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            if isinstance(entry, Mapping) and isinstance(entry.get("type"), str):
                yield (
                    (entry["type"],),
                    entry.get("value"),
                    line(("quantitative_analysis", "performance_metrics", index)),
                )
        return
    models = card.metadata.get("model-index")
    for position, model in enumerate(models if isinstance(models, list) else []):
        results = model.get("results") if isinstance(model, Mapping) else None
        for number, result in enumerate(results if isinstance(results, list) else []):
            metrics = result.get("metrics") if isinstance(result, Mapping) else None
            for index, entry in enumerate(metrics if isinstance(metrics, list) else []):
                if not isinstance(entry, Mapping):
                    continue
                names = tuple(entry[key] for key in ("type", "name") if isinstance(entry.get(key), str))
                if names:
                    path = ("model-index", position, "results", number, "metrics", index, "value")
                    yield names, entry.get("value"), line(path)


KINDS = [
    ArtifactKind(
        "model-card",
        PATTERNS,
        "Model and dataset cards: MODEL_CARD.md-style files, READMEs whose front matter has model or dataset "
        "keys (Hugging Face), and model_card.json (Model Card Toolkit). Other READMEs parse to None.",
        _parse,
    )
]


@hookimpl
def readycheck_artifact_kinds() -> list[ArtifactKind]:
    return KINDS
