"""Model card checks: every model has a card, and the card is complete, owned and free of template
leftovers. Repository-wide, since a README is a card only when its front matter says so; in a
repository without cards the rules are not applicable (``model-card/present`` says whether one is
needed)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from readycheck import globs, structured
from readycheck.artifacts import Repository
from readycheck.artifacts.markdown import placeholder
from readycheck.artifacts.metrics import number, parse_report
from readycheck.artifacts.model_card import ModelCard, cards, mct_texts, stated_metrics
from readycheck.checks.data import schema_violations
from readycheck.checks.metrics import PRODUCE as PRODUCE_METRICS
from readycheck.errors import ParseError
from readycheck.hookspecs import hookimpl
from readycheck.model import REPOSITORY, Check, Violation, check, missing_evidence
from readycheck.redaction import shorten

NO_CARD = (
    "Write a model card next to the model: MODEL_CARD.md, or front matter in the model folder's README.md "
    "(the Hugging Face Hub's model card template is a good start)."
)
MODEL_GLOBS = ("models/*/", "**/*.onnx", "**/*.pt", "**/*.safetensors", "**/*.joblib", "**/*.pkl", "**/MLmodel")

PROFILES: dict[str, tuple[tuple[str, ...], ...]] = {
    "huggingface": (
        ("Uses", "Intended Use", "Intended Uses", "Intended Uses & Limitations"),
        ("Bias, Risks, and Limitations", "Limitations", "Risks and Limitations", "Bias and Limitations"),
        ("Training Details", "Training", "Training Data", "Training Procedure"),
        ("Evaluation", "Evaluation Results", "Results"),
    ),
    "mitchell2019": (
        ("Model Details",),
        ("Intended Use", "Uses"),
        ("Factors",),
        ("Metrics",),
        ("Evaluation Data",),
        ("Training Data",),
        ("Quantitative Analyses", "Quantitative Analysis"),
        ("Ethical Considerations",),
        ("Caveats and Recommendations",),
    ),
    "huggingface-dataset": (
        ("Dataset Description", "Dataset Summary"),
        ("Uses",),
        ("Dataset Structure",),
        ("Dataset Creation",),
        ("Bias, Risks, and Limitations", "Limitations", "Considerations for Using the Data"),
    ),
}
"""Required sections per profile: each is a tuple of the heading and its accepted aliases."""

MCT_SECTIONS = {
    "Model Details": ("model_details",),
    "Uses": ("considerations", "use_cases"),
    "Intended Use": ("considerations", "use_cases"),
    "Bias, Risks, and Limitations": ("considerations", "limitations"),
    "Limitations": ("considerations", "limitations"),
    "Ethical Considerations": ("considerations", "ethical_considerations"),
    "Training Details": ("model_parameters", "data"),
    "Training Data": ("model_parameters", "data"),
    "Evaluation": ("quantitative_analysis",),
    "Quantitative Analyses": ("quantitative_analysis",),
    "Metrics": ("quantitative_analysis", "performance_metrics"),
}
"""Where the Model Card Toolkit's JSON keeps what a Markdown card has as a section."""

HF_LICENSES = frozenset(
    [
        "apache-2.0",
        "mit",
        "openrail",
        "bigscience-openrail-m",
        "creativeml-openrail-m",
        "bigscience-bloom-rail-1.0",
        "bigcode-openrail-m",
        "afl-3.0",
        "artistic-2.0",
        "bsl-1.0",
        "bsd",
        "bsd-2-clause",
        "bsd-3-clause",
        "bsd-3-clause-clear",
        "c-uda",
        "cc",
        "cc0-1.0",
        "cc-by-2.0",
        "cc-by-2.5",
        "cc-by-3.0",
        "cc-by-4.0",
        "cc-by-sa-3.0",
        "cc-by-sa-4.0",
        "cc-by-nc-2.0",
        "cc-by-nc-3.0",
        "cc-by-nc-4.0",
        "cc-by-nd-4.0",
        "cc-by-nc-nd-3.0",
        "cc-by-nc-nd-4.0",
        "cc-by-nc-sa-2.0",
        "cc-by-nc-sa-3.0",
        "cc-by-nc-sa-4.0",
        "cdla-sharing-1.0",
        "cdla-permissive-1.0",
        "cdla-permissive-2.0",
        "wtfpl",
        "ecl-2.0",
        "epl-1.0",
        "epl-2.0",
        "etalab-2.0",
        "eupl-1.1",
        "eupl-1.2",
        "agpl-3.0",
        "gfdl",
        "gpl",
        "gpl-2.0",
        "gpl-3.0",
        "lgpl",
        "lgpl-2.1",
        "lgpl-3.0",
        "isc",
        "h-research",
        "intel-research",
        "lppl-1.3c",
        "ms-pl",
        "apple-ascl",
        "apple-amlr",
        "mpl-2.0",
        "odc-by",
        "odbl",
        "openrail++",
        "osl-3.0",
        "postgresql",
        "ofl-1.1",
        "ncsa",
        "unlicense",
        "zlib",
        "pddl",
        "lgpl-lr",
        "deepfloyd-if-license",
        "fair-noncommercial-research-license",
        "llama2",
        "llama3",
        "llama3.1",
        "llama3.2",
        "llama3.3",
        "llama4",
        "gemma",
        "unknown",
        "other",
    ]
)
"""License identifiers the Hugging Face Hub accepts in a card's ``license`` key."""


def _per_card(
    repo: Repository,
    params: Mapping[str, Any],
    inspect: Callable[[ModelCard, Mapping[str, Any], Repository], Iterator[Violation]],
) -> Iterator[Violation]:
    """``inspect`` each card; without any card the rule has nothing to read (not applicable unless required)."""
    found = cards(repo)
    if not found:
        yield _no_cards(repo)
    for card in found:
        yield from inspect(card, params, repo)


def _no_cards(repo: Repository) -> Violation:
    return missing_evidence(
        f"no model card in the repository (looked for {', '.join(repo.patterns['model-card'])})", NO_CARD
    )


@check(
    "model-card/present",
    description="Every model in the repository has a model card beside it or in its folder.",
    help="A model without a card cannot be handed over: nobody knows what it is for, how it was evaluated "
    "or where it fails. Models are the folders and files matching 'models' (default: folders directly under "
    "models/, and *.onnx, *.pt, *.safetensors, *.joblib, *.pkl, MLmodel files); a card counts for a model "
    "when it is in the model's folder, or beside the model file. A repository without models needs no card "
    "unless the rule says 'required: true'.",
    fix="Add a model card next to the model (MODEL_CARD.md, or front matter in its folder's README.md).",
    level="error",
    kinds=("model-card",),
    scope=REPOSITORY,
    area="documentation",
    produce=NO_CARD,
    params={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "models": {
                "type": "array",
                "items": {"type": "string", "minLength": 1},
                "default": list(MODEL_GLOBS),
                "description": "Globs of models: a glob ending in '/' names model folders.",
            }
        },
    },
    example="model-card/present:\n  level: error\n  required: true",
)
def model_card_present(repo: Repository, params: Mapping[str, Any]) -> Iterator[Violation]:
    found = cards(repo)
    folders = {card.path.rpartition("/")[0] for card in found}
    models = _models(repo.files, params["models"])
    if not models and not found:
        yield _no_cards(repo)
        return
    for model, folder in sorted(models.items()):
        if not any(folder == card_folder or card_folder.startswith(folder + "/") for card_folder in folders):
            where = None if model.endswith("/") else model  # a file model: the finding sits on it
            message = f"model {model} has no model card in {folder or 'the repository root'}"
            yield Violation(message, path=where, key=model)


def _models(files: list[str], patterns: list[str]) -> dict[str, str]:
    """Model (a folder, ending in '/', or a file) to the folder its card must be in. An MLflow model is
    its folder: the files beside an ``MLmodel`` file belong to it."""
    models: dict[str, str] = {}
    file_regex = globs.compile_globs(tuple(p for p in patterns if not p.endswith("/")))
    for pattern in (p for p in patterns if p.endswith("/")):
        depth = pattern.rstrip("/").count("/") + 1
        regex = globs.compile_globs((pattern.rstrip("/"),))
        for path in files:
            parts = path.split("/")
            if len(parts) > depth and regex is not None and regex.match("/".join(parts[:depth])):
                models["/".join(parts[:depth]) + "/"] = "/".join(parts[:depth])
    mlflow = {path.rpartition("/")[0] for path in files if path.rpartition("/")[2] == "MLmodel"}
    for path in files:
        folder = path.rpartition("/")[0]
        if (
            file_regex is None
            or not file_regex.match(path)
            or any(path.startswith(m) for m in models if m.endswith("/"))
        ):
            continue
        if folder in mlflow and path.rpartition("/")[2] != "MLmodel":
            continue  # part of the MLflow model in this folder
        models[path] = folder
    return models


@check(
    "model-card/metadata",
    description="Card metadata parses and has the required keys, with a license the Hub knows.",
    help="The front matter of a Markdown card (or an MCT JSON card) must parse; the keys in 'required' "
    "(default: license) must be there; 'license' must be a Hugging Face license id, and 'other' needs "
    "'license_name' and 'license_link'. With 'schema', the metadata also validates against that JSON "
    "Schema (a repository path).",
    fix="Fix the front matter: a '---' block at the top of the card with the keys the message names.",
    level="error",
    kinds=("model-card",),
    scope=REPOSITORY,
    area="documentation",
    params={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "required": {"type": "array", "items": {"type": "string"}, "default": ["license"]},
            "schema": {"type": "string", "minLength": 1, "description": "JSON Schema of the metadata."},
        },
    },
    example="model-card/metadata:\n  with: {required: [license, language]}",
)
def model_card_metadata(repo: Repository, params: Mapping[str, Any]) -> Iterator[Violation]:
    yield from _per_card(repo, params, _metadata)


def _metadata(card: ModelCard, params: Mapping[str, Any], repo: Repository) -> Iterator[Violation]:
    if card.metadata_error is not None:
        error = card.metadata_error
        yield Violation(f"front matter: {error.message}", path=card.path, line=error.line, key="front-matter")
        return
    yield from _metadata_problems(card, params)
    if "schema" in params:
        metadata = card.metadata_document or structured.Document(dict(card.metadata))
        yield from schema_violations(repo, params["schema"], metadata, card.path)


def _metadata_problems(card: ModelCard, params: Mapping[str, Any]) -> Iterator[Violation]:
    document = card.metadata_document
    line = (lambda key: document.line_of((key,))) if document is not None else (lambda key: None)
    for key in params["required"]:
        if key not in card.metadata:
            where = "in the front matter" if not card.is_mct else "in the card"
            yield Violation(f"'{key}' is missing {where}", path=card.path, line=1 if not card.is_mct else None, key=key)
    license_id = card.metadata.get("license")
    if isinstance(license_id, str) and not card.is_mct:
        if license_id not in HF_LICENSES:
            yield Violation(
                f"license {shorten(license_id, 40)!r} is not a Hugging Face license id (use 'other' with "
                "license_name and license_link for a custom license)",
                path=card.path,
                line=line("license"),
                key="license",
            )
        elif license_id == "other":
            for key in ("license_name", "license_link"):
                if key not in card.metadata:
                    yield Violation(f"license 'other' needs '{key}'", path=card.path, line=line("license"), key=key)


@check(
    "model-card/sections",
    description="Model cards have the sections their profile requires, each with real content.",
    help="'profile' chooses the sections: 'huggingface' (Uses; Bias, Risks, and Limitations; Training "
    "Details; Evaluation), 'mitchell2019' (the nine sections of Mitchell et al., 'Model Cards for Model "
    "Reporting'), 'huggingface-dataset' (for dataset cards, which get it by default), or 'sections', a list "
    "of your own. Headings match case-insensitively at any level, with aliases ('Limitations' for 'Bias, "
    "Risks, and Limitations'); a section whose body is only comments or '[More Information Needed]' does "
    "not count. MCT JSON cards map the same names to their fields (considerations.limitations, ...).",
    fix="Write the missing section: what the message names, in your own words.",
    level="warning",
    kinds=("model-card",),
    scope=REPOSITORY,
    area="documentation",
    tier="silver",
    params={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "profile": {"enum": sorted(PROFILES), "default": "huggingface"},
            "sections": {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1},
        },
    },
    example="model-card/sections:\n  with: {profile: mitchell2019}",
)
def model_card_sections(repo: Repository, params: Mapping[str, Any]) -> Iterator[Violation]:
    yield from _per_card(repo, params, _sections)


def _sections(card: ModelCard, params: Mapping[str, Any], repo: Repository) -> Iterator[Violation]:
    if "sections" in params:
        required: tuple[tuple[str, ...], ...] = tuple((name,) for name in params["sections"])
    else:
        profile = "huggingface-dataset" if card.profile == "dataset" else params["profile"]
        required = PROFILES[profile]
    for names in required:
        problem = _section_problem(card, names)
        if problem is not None:
            yield Violation(problem[0], path=card.path, line=problem[1], key=names[0])


def _section_problem(card: ModelCard, names: tuple[str, ...]) -> tuple[str, int | None] | None:
    if card.markdown is None:
        for name in names:
            value: Any = card.metadata
            for key in MCT_SECTIONS.get(name, ()):
                value = value.get(key) if isinstance(value, Mapping) else None
            if name in MCT_SECTIONS and value:
                return None
        return f"missing '{names[0]}' (MCT field {'.'.join(MCT_SECTIONS.get(names[0], ('?',)))})", None
    headings = [heading for name in names if (heading := card.markdown.find(name)) is not None]
    if not headings:
        return f"missing section '{names[0]}'", None
    if not any(heading.has_body for heading in headings):
        return f"section '{headings[0].title}' has no content (only template text)", headings[0].line
    return None


@check(
    "model-card/no-placeholders",
    description="Model cards have no template leftovers: [More Information Needed], TODO, TBD, {{ ... }}, lorem ipsum.",
    help="A card generated from a template and never filled in reads as documentation and says nothing. "
    "Each leftover is a finding at its line: the Hub template's '[More Information Needed]', 'TODO' and "
    "'TBD', unrendered '{{ ... }}' template expressions and 'Lorem ipsum'. HTML comments (the template's "
    "guidance) and fenced code are not checked.",
    fix="Replace the placeholder with the information, or remove what does not apply.",
    level="warning",
    kinds=("model-card",),
    scope=REPOSITORY,
    area="documentation",
    params={"type": "object", "additionalProperties": False, "properties": {}},
    example="model-card/no-placeholders: warning",
)
def model_card_no_placeholders(repo: Repository, params: Mapping[str, Any]) -> Iterator[Violation]:
    yield from _per_card(repo, params, _no_placeholders)


def _no_placeholders(card: ModelCard, params: Mapping[str, Any], repo: Repository) -> Iterator[Violation]:
    if card.is_mct:
        for dotted, text in mct_texts(card):
            for match in placeholder().finditer(text):
                yield Violation(f"placeholder {match.group(0)!r} in {dotted}", path=card.path, key=f"{dotted}")
        return
    yield from _markdown_placeholders(card)


def _markdown_placeholders(card: ModelCard) -> Iterator[Violation]:
    fence: str | None = None
    in_comment = False
    for line_number, line in enumerate(card.text.splitlines(), start=1):
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            fence = None if fence is not None else stripped[:3]
            continue
        if fence is not None:
            continue
        visible, in_comment = _outside_comments(line, in_comment)
        for match in placeholder().finditer(visible):
            shown = shorten(match.group(0), 40)
            yield Violation(
                f"template placeholder {shown!r} left in the card", path=card.path, line=line_number, key=shown
            )


def _outside_comments(line: str, in_comment: bool) -> tuple[str, bool]:
    """The part of ``line`` outside HTML comments, and whether a comment is still open at its end."""
    visible: list[str] = []
    position = 0
    while position <= len(line):
        if in_comment:
            end = line.find("-->", position)
            if end == -1:
                return "".join(visible), True
            position, in_comment = end + 3, False
        else:
            start = line.find("<!--", position)
            if start == -1:
                visible.append(line[position:])
                return "".join(visible), False
            visible.append(line[position:start])
            position, in_comment = start + 4, True
    return "".join(visible), in_comment


OWNER_SECTIONS = ("Model Card Contact", "Owners", "Owner", "Contact", "Model Card Authors", "Maintainers")


@check(
    "model-card/owner",
    description="Model cards name an owner or a contact.",
    help="When the model misbehaves in production, someone must answer. A card names its owner in the front "
    "matter ('owner' or 'contact'), in a section ('Model Card Contact', 'Owners', 'Contact', 'Model Card "
    "Authors', 'Maintainers') with real content, or, in an MCT JSON card, in model_details.owners.",
    fix="Add 'owner: <team or person>' to the front matter, or fill in the 'Model Card Contact' section.",
    level="warning",
    kinds=("model-card",),
    scope=REPOSITORY,
    area="ownership",
    params={"type": "object", "additionalProperties": False, "properties": {}},
    example="model-card/owner: warning",
)
def model_card_owner(repo: Repository, params: Mapping[str, Any]) -> Iterator[Violation]:
    yield from _per_card(repo, params, _owner)


def _owner(card: ModelCard, params: Mapping[str, Any], repo: Repository) -> Iterator[Violation]:
    if not _has_owner(card):
        yield Violation("the card names no owner or contact", path=card.path, key="owner")


def _has_owner(card: ModelCard) -> bool:
    if any(isinstance(card.metadata.get(key), str) and card.metadata[key].strip() for key in ("owner", "contact")):
        return True
    if card.markdown is None:
        details = card.metadata.get("model_details")
        return isinstance(details, Mapping) and bool(details.get("owners"))
    return any(
        heading is not None and heading.has_body for heading in (card.markdown.find(name) for name in OWNER_SECTIONS)
    )


@check(
    "model-card/eval-results",
    description="Evaluation results in cards are well formed: model-index, and MCT performance metrics.",
    help="The Hub reads a card's 'model-index' to show evaluation results and leaderboards: each entry needs "
    "a 'name' and 'results', each result a 'task' with a 'type', a 'dataset' with 'type' and 'name', and "
    "'metrics', each with a 'type' and a numeric 'value'. In a Model Card Toolkit card, each entry of "
    "quantitative_analysis.performance_metrics needs a 'type' and a 'value' (text such as '0.91' counts). "
    "Cards without results are left alone.",
    fix="Complete the model-index entry as the message says (see the Hub's model card docs).",
    level="warning",
    kinds=("model-card",),
    scope=REPOSITORY,
    area="performance",
    params={"type": "object", "additionalProperties": False, "properties": {}},
    example="model-card/eval-results: warning",
)
def model_card_eval_results(repo: Repository, params: Mapping[str, Any]) -> Iterator[Violation]:
    yield from _per_card(repo, params, _eval_results)


def _eval_results(card: ModelCard, params: Mapping[str, Any], repo: Repository) -> Iterator[Violation]:
    document = card.metadata_document
    for problem, value_path in _result_problems(card):
        line = document.line_of(value_path) if document is not None else None
        yield Violation(problem, path=card.path, line=line, key=".".join(map(str, value_path)))


def _result_problems(card: ModelCard) -> Iterator[tuple[str, tuple[str | int, ...]]]:
    if card.is_mct:
        analysis = card.metadata.get("quantitative_analysis")
        entries = analysis.get("performance_metrics") if isinstance(analysis, Mapping) else None
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            where: tuple[str | int, ...] = ("quantitative_analysis", "performance_metrics", index)
            if not isinstance(entry, Mapping) or not entry.get("type"):
                yield f"performance metric {index + 1} has no 'type'", where
            elif number(entry.get("value")) is None:
                yield f"performance metric '{entry['type']}' has no numeric 'value'", where
        return
    index_value = card.metadata.get("model-index")
    if index_value is None:
        return
    if not isinstance(index_value, list):
        yield "'model-index' must be a list of models", ("model-index",)
        return
    for position, model in enumerate(index_value):
        here: tuple[str | int, ...] = ("model-index", position)
        if not isinstance(model, Mapping) or not model.get("name"):
            yield f"model-index entry {position + 1} has no 'name'", here
        results = model.get("results") if isinstance(model, Mapping) else None
        if not isinstance(results, list) or not results:
            yield f"model-index entry {position + 1} has no 'results'", here
            continue
        for number_, result in enumerate(results):
            yield from _result_entry_problems(result, (*here, "results", number_))


def _result_entry_problems(result: Any, here: tuple[str | int, ...]) -> Iterator[tuple[str, tuple[str | int, ...]]]:
    label = f"result {here[-1] + 1 if isinstance(here[-1], int) else here[-1]}"
    if not isinstance(result, Mapping):
        yield f"{label} must be a mapping", here
        return
    task, dataset, metrics = result.get("task"), result.get("dataset"), result.get("metrics")
    if not isinstance(task, Mapping) or not task.get("type"):
        yield f"{label}: 'task.type' is missing", (*here, "task")
    for key in ("type", "name"):
        if not isinstance(dataset, Mapping) or not dataset.get(key):
            yield f"{label}: 'dataset.{key}' is missing", (*here, "dataset")
    if not isinstance(metrics, list) or not metrics:
        yield f"{label}: 'metrics' is missing", here
        return
    for index, metric in enumerate(metrics):
        where = (*here, "metrics", index)
        if not isinstance(metric, Mapping) or not metric.get("type"):
            yield f"{label}: metric {index + 1} has no 'type'", where
        elif number(metric.get("value")) is None:
            yield f"{label}: metric '{metric['type']}' has no numeric 'value'", where


@check(
    "model-card/metrics-match",
    description="Metric values stated in the card equal the metric report's, within a tolerance.",
    help="A card written at the first release and never updated tells readers the wrong numbers. 'mapping' "
    "maps a card metric to a report metric ({'roc_auc': 'eval.auc'}). The card's value is the model-index "
    "metric of that 'type' (or 'name'), the MCT performance metric of that 'type', or the first number in a "
    "Markdown table row whose first cell is that name. 'report' is the metric report to compare with (a "
    "repository path, read even when gitignored). Values differing by more than 'tolerance' (absolute; "
    "default 0.001) are findings showing both values and both places.",
    fix="Update the card from the latest evaluation (or re-run the evaluation the card describes).",
    level="warning",
    kinds=("model-card",),
    scope=REPOSITORY,
    area="documentation",
    tier="silver",
    params={
        "type": "object",
        "additionalProperties": False,
        "required": ["report", "mapping"],
        "properties": {
            "report": {"type": "string", "minLength": 1, "description": "The metric report (repository path)."},
            "mapping": {
                "type": "object",
                "minProperties": 1,
                "additionalProperties": {"type": "string", "minLength": 1},
                "description": "Card metric name to report metric (dotted path).",
            },
            "tolerance": {"type": "number", "minimum": 0, "default": 0.001},
        },
    },
    example=(
        "team/card-is-current:\n  check: model-card/metrics-match\n"
        "  with: {report: reports/metrics.json, mapping: {roc_auc: eval.auc}, tolerance: 0.005}"
    ),
)
def model_card_metrics_match(repo: Repository, params: Mapping[str, Any]) -> Iterator[Violation]:
    found = cards(repo)
    if not found:
        yield _no_cards(repo)
        return
    try:
        report = parse_report(repo.read_input(params["report"]).decode("utf-8", "replace"), params["report"])
    except ParseError as error:
        message = f"cannot read the metric report {params['report']!r} to compare the card with: {error.message}"
        yield Violation(message, key="report", fix=PRODUCE_METRICS)  # named by the rule: always a finding
        return
    for card in found:
        stated = _card_metrics(card)
        for card_name, report_name in params["mapping"].items():
            if card_name not in stated:
                continue
            card_value, card_line = stated[card_name]
            metric = report.metrics.get(report_name)
            if metric is None or metric.value is None:
                yield Violation(
                    f"the card states {card_name} = {card_value:g}, but {report.path} has no numeric {report_name}",
                    path=card.path,
                    line=card_line,
                    key=f"{card_name}:missing",
                )
            elif abs(metric.value - card_value) > params["tolerance"]:
                report_place = f"{report.path}:{metric.line}" if metric.line else report.path
                yield Violation(
                    f"the card states {card_name} = {card_value:g} but {report_place} has {report_name} = "
                    f"{metric.value:g} (tolerance {params['tolerance']:g}): the card is stale",
                    path=card.path,
                    line=card_line,
                    key=f"{card_name}:stale",
                )


_TABLE_ROW = re.compile(r"^\s*\|(.+)\|\s*$")


def _card_metrics(card: ModelCard) -> dict[str, tuple[float, int | None]]:
    """Metric name to (value, line) as the card states them: its evaluation results, then Markdown table
    rows (the first cell names the metric, the first number after it is the value)."""
    stated: dict[str, tuple[float, int | None]] = {}
    for names, raw, line in stated_metrics(card):
        value = number(raw)
        if value is not None:
            for name in names:
                stated.setdefault(name, (value, line))
    for line_number, line_text in enumerate(card.text.splitlines() if not card.is_mct else [], start=1):
        row = _TABLE_ROW.match(line_text)
        if row is None:
            continue
        cells = [cell.strip().strip("*` ") for cell in row.group(1).split("|")]
        value = next((v for cell in cells[1:] if (v := number(cell)) is not None), None)
        if cells and value is not None:
            stated.setdefault(cells[0], (value, line_number))
    return stated


@hookimpl
def readycheck_checks() -> list[Check]:
    return [
        model_card_present,
        model_card_metadata,
        model_card_sections,
        model_card_no_placeholders,
        model_card_owner,
        model_card_eval_results,
        model_card_metrics_match,
    ]
