"""Rollback plans: a model that cannot be taken back safely is not ready. A plan says when to roll back,
to what, how, how to verify, who owns it, and whether the data and schemas written since stay readable
by the older version: rolling back the binary alone is not a rollback."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from readycheck.artifacts import Repository
from readycheck.artifacts.markdown import Heading, parse_markdown, strip_comments
from readycheck.errors import ParseError
from readycheck.git import GitError, revision_exists
from readycheck.hookspecs import hookimpl
from readycheck.model import REPOSITORY, Check, Violation, check, missing_evidence
from readycheck.redaction import shorten

PLAN_PATHS = (
    "ROLLBACK.md",
    "docs/ROLLBACK.md",
    "docs/rollback.md",
    "RUNBOOK.md",
    "docs/RUNBOOK.md",
    "docs/runbook.md",
    "docs/runbooks/*.md",
    "runbooks/*.md",
)
"""Where plans are looked for, in order; a file whose name says 'rollback' is a plan as a whole, any
other (a runbook) only through its 'Rollback' section."""
PLAN_PRODUCE = (
    "Write ROLLBACK.md: front matter or sections for triggers, target, procedure, verification, owner and "
    "data compatibility (readycheck explain rollback/plan shows a template)."
)
ROLLBACK_SECTION = ("Rollback", "Roll back", "Rolling back", "Rollback plan")

ELEMENTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "triggers": (
        "when to roll back (alerts or metric thresholds)",
        ("Triggers", "Rollback triggers", "When to roll back", "When to rollback", "Rollback criteria", "Criteria"),
    ),
    "target": (
        "what to roll back to (the target version)",
        ("Target", "Rollback target", "Target version", "What to roll back to", "Last known good", "Known good"),
    ),
    "procedure": (
        "how to roll back (the procedure)",
        ("Procedure", "Rollback procedure", "How to roll back", "How to rollback", "Steps", "Rollback steps"),
    ),
    "verification": (
        "how to verify the rollback worked",
        ("Verification", "Verify", "How to verify", "Validation", "After the rollback", "Post-rollback checks"),
    ),
    "owner": ("who owns the rollback", ("Owner", "Owners", "Ownership", "Responsible", "Contacts", "Contact")),
    "data_compatibility": (
        "whether data and schemas written since stay compatible with the target",
        (
            "Data compatibility",
            "Data and schema compatibility",
            "Schema compatibility",
            "Data and schemas",
            "Data",
            "Schemas",
            "Compatibility",
        ),
    ),
}
"""Each element a plan covers: what it means, and the section names (synonyms) that state it. A front
matter field of the same name states it too."""

TEMPLATE = """---
owner: "@org/ml-platform"
last_tested: 2026-10-01
target: models:/churn@previous        # or a git tag (v1.3.0), or a path in the repository
---
# Rollback
## Triggers
## Procedure
## Verification
## Data compatibility"""


@dataclass(frozen=True)
class Plan:
    """A rollback plan as written: its front matter fields and the headings within it."""

    path: str
    fields: Mapping[str, Any]
    headings: tuple[Heading, ...]
    text: str

    def section(self, names: tuple[str, ...]) -> Heading | None:
        """The first heading named by one of ``names`` (a heading starting with the name and a non-letter
        counts: 'Triggers and alerts'), with content."""
        wanted = [_normal(name) for name in names]
        for heading in self.headings:
            title = _normal(heading.title)
            if heading.has_body and any(title == w or re.match(rf"{re.escape(w)}\b", title) for w in wanted):
                return heading
        return None

    def states(self, element: str) -> bool:
        value = self.fields.get(element)
        return bool(value) or self.section(ELEMENTS[element][1]) is not None


def _normal(title: str) -> str:
    title = re.sub(r"^[\d.)\s]+", "", title)  # numbered headings: '2. Procedure'
    return " ".join(title.replace("`", "").replace("*", "").strip().rstrip(":").split()).casefold()


_PLAN_PARAMS = {
    "paths": {
        "type": "array",
        "items": {"type": "string", "minLength": 1},
        "default": list(PLAN_PATHS),
        "description": "Where the plan is looked for, in order (globs).",
    }
}


def find_plan(repo: Repository, paths: list[str]) -> Plan | None:
    """The first plan found: a file named for rollbacks, or a runbook with a Rollback section."""
    for pattern in paths:
        for path in repo.glob((pattern,)):
            if not path.lower().endswith(".md"):
                continue
            try:
                text = repo.read_input(path).decode("utf-8", "replace")
            except ParseError:
                continue
            document = parse_markdown(text, path)
            fields = document.front_matter.data if document.front_matter is not None else None
            fields = fields if isinstance(fields, dict) else {}
            if "rollback" in path.rpartition("/")[2].lower():
                return Plan(path, fields, document.headings, text)
            scope = _rollback_section(document.headings)
            if scope:
                return Plan(path, fields, scope, "\n".join(h.body for h in scope[:1]))
    return None


def _rollback_section(headings: tuple[Heading, ...]) -> tuple[Heading, ...]:
    """The Rollback heading of a runbook and the headings under it."""
    wanted = [_normal(name) for name in ROLLBACK_SECTION]
    for index, heading in enumerate(headings):
        if any(_normal(heading.title).startswith(w) for w in wanted):
            below = []
            for inner in headings[index + 1 :]:
                if inner.level <= heading.level:
                    break
                below.append(inner)
            return (heading, *below)
    return ()


@check(
    "rollback/plan",
    description="A rollback plan exists and says when, to what, how, how to verify, who, and what of the data.",
    help="Looked for in 'paths' (default: ROLLBACK.md, docs/rollback.md, then a runbook's 'Rollback' section: "
    "RUNBOOK.md, docs/runbook.md, docs/runbooks/*.md). The plan covers six elements, each as a YAML front "
    "matter field or as a section with content (synonyms in parentheses): triggers (Rollback triggers, When to "
    "roll back, Criteria), target (Rollback target, Target version, What to roll back to, Last known good), "
    "procedure (How to roll back, Steps), verification (Verify, How to verify, Validation), owner (Owners, "
    "Ownership, Contacts), data_compatibility (Data and schema compatibility, Schema compatibility, Data, "
    "Schemas): rolling back the model without the transformation code, the data, the dependencies and the "
    "schemas it expects is not a rollback. Each missing element is one finding. A template:\n\n" + TEMPLATE,
    fix="Add the missing element to the plan, as a section or a front matter field.",
    level="error",
    scope=REPOSITORY,
    area="rollback",
    required=True,
    produce=PLAN_PRODUCE,
    params={"type": "object", "additionalProperties": False, "properties": _PLAN_PARAMS},
    example="rollback/plan:\n  with: {paths: [ops/ROLLBACK.md]}",
)
def rollback_plan(repo: Repository, params: Mapping[str, Any]) -> Iterator[Violation]:
    plan = find_plan(repo, params["paths"])
    if plan is None:
        yield missing_evidence(f"no rollback plan (looked for {', '.join(params['paths'])})", PLAN_PRODUCE)
        return
    for element, (meaning, names) in ELEMENTS.items():
        if not plan.states(element):
            yield Violation(
                f"the rollback plan does not say {meaning}: no '{element}' field and no '{names[0]}' section",
                path=plan.path,
                key=element,
            )


_NO_PLAN = missing_evidence("no rollback plan to read (rollback/plan reports it)", PLAN_PRODUCE)
"""What the checks reading a plan say without one: the policy makes that 'not applicable'."""
_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
_LAST_TESTED_LINE = re.compile(r"(?im)^\W*(last[ _-]tested|last drill(?:ed)?|drilled on|tested on)\W+(.*)$")
DRILL_SECTIONS = ("Last tested", "Drills", "Drill", "Rollback drills", "Tested")


@check(
    "rollback/drill-recent",
    description="The rollback plan was rehearsed recently: its last_tested date is within max_age_days.",
    help="A plan nobody has run does not work when it is needed. The date the rollback was last rehearsed is "
    "read from the plan's front matter field 'last_tested' (YYYY-MM-DD), a 'Last tested: YYYY-MM-DD' line, or "
    "the latest date in a 'Last tested' or 'Drills' section. It must be at most 'max_age_days' (default 180) "
    "old, and not in the future. Not applicable without a plan (rollback/plan reports that).",
    fix="Rehearse the rollback in staging and record the date in the plan's last_tested field.",
    level="warning",
    scope=REPOSITORY,
    area="rollback",
    params={
        "type": "object",
        "additionalProperties": False,
        "properties": {**_PLAN_PARAMS, "max_age_days": {"type": "integer", "minimum": 1, "default": 180}},
    },
    example="rollback/drill-recent:\n  with: {max_age_days: 90}",
)
def rollback_drill_recent(repo: Repository, params: Mapping[str, Any]) -> Iterator[Violation]:
    plan = find_plan(repo, params["paths"])
    if plan is None:
        yield _NO_PLAN
        return
    stated = _last_tested(plan)
    if stated is None:
        yield Violation(
            "the rollback plan does not say when it was last tested (a 'last_tested: YYYY-MM-DD' field)",
            path=plan.path,
            key="last_tested",
        )
        return
    try:
        tested = datetime.date.fromisoformat(stated)
    except ValueError:
        yield Violation(f"last_tested {shorten(stated, 30)!r} is not a YYYY-MM-DD date", path=plan.path, key="date")
        return
    age = (datetime.date.today() - tested).days
    if age < 0:
        yield Violation(f"last_tested {stated} is in the future", path=plan.path, key="future")
    elif age > params["max_age_days"]:
        yield Violation(
            f"the rollback was last tested on {stated}, {age} days ago (max_age_days {params['max_age_days']})",
            path=plan.path,
            key="stale",
        )


def _last_tested(plan: Plan) -> str | None:
    field = plan.fields.get("last_tested")
    if field is not None and str(field).strip():
        value = str(field).strip()
        date = _DATE.match(value)  # YAML reads '2026-10-01 09:00' as a timestamp
        return date.group(1) if date else value
    line = _LAST_TESTED_LINE.search(strip_comments(plan.text))
    if line is not None and _DATE.search(line.group(2)):
        return max(_DATE.findall(line.group(2)))
    section = plan.section(DRILL_SECTIONS)
    dates = _DATE.findall(strip_comments(section.body)) if section is not None else []
    return max(dates) if dates else None


_MLFLOW_URI = re.compile(r"^models:/(?P<name>[^/@.][^/@]*)(?:/(?P<version>\d+)|@(?P<alias>[\w-]+))$")
_CODE_SPAN = re.compile(r"`([^`\n]+)`")


@check(
    "rollback/target-resolvable",
    description="The rollback plan's target exists: a git tag or commit, a path, or an MLflow model version.",
    help="A plan that rolls back to a tag nobody created fails at the worst moment. The target is the plan's "
    "'target' field, or the first `code span` in its target section. It resolves as: 'models:/NAME/VERSION' or "
    "'models:/NAME@ALIAS' in the MLflow file store (mlruns/models/NAME/version-N/, mlruns/models/NAME/aliases/"
    "ALIAS); a path that exists in the repository; otherwise a git revision (git rev-parse: a tag, branch or "
    "commit). Without git, a revision cannot be checked and the finding says so. Not applicable without a plan.",
    fix="Create the target (tag the release: git tag v1.3.0 && git push --tags), or fix its name in the plan.",
    level="warning",
    scope=REPOSITORY,
    area="rollback",
    params={"type": "object", "additionalProperties": False, "properties": _PLAN_PARAMS},
    example="rollback/target-resolvable: warning",
)
def rollback_target_resolvable(repo: Repository, params: Mapping[str, Any]) -> Iterator[Violation]:
    plan = find_plan(repo, params["paths"])
    if plan is None:
        yield _NO_PLAN
        return
    target = _target(plan)
    if target is None:
        yield Violation(
            "the rollback plan names no target (a 'target' field, or a `code span` in its target section)",
            path=plan.path,
            key="no-target",
        )
        return
    shown = shorten(target, 80)
    problem = _unresolved(repo.root, repo, target)
    if problem is not None:
        yield Violation(f"rollback target {shown!r} {problem}", path=plan.path, key=f"target:{shown}")


def _target(plan: Plan) -> str | None:
    field = plan.fields.get("target")
    if isinstance(field, (str, int, float)) and str(field).strip():
        return str(field).strip()
    section = plan.section(ELEMENTS["target"][1])
    span = _CODE_SPAN.search(strip_comments(section.body)) if section is not None else None
    return span.group(1).strip() if span is not None else None


def _unresolved(root: Path, repo: Repository, target: str) -> str | None:
    """Why ``target`` does not resolve, or None when it does."""
    uri = _MLFLOW_URI.match(target)
    if uri is not None:
        model = root / "mlruns" / "models" / uri["name"]
        if not model.is_dir():
            return f"names model {uri['name']!r}, which the MLflow file store (mlruns/models/) does not hold"
        if uri["version"] is not None:
            return None if (model / f"version-{uri['version']}").is_dir() else "is not a registered version"
        alias = model / "aliases" / uri["alias"]
        if not alias.is_file():
            return f"names alias {uri['alias']!r}, which model {uri['name']!r} does not have"
        version = alias.read_text(encoding="utf-8", errors="replace").strip()
        return None if (model / f"version-{version}").is_dir() else f"points at version {version}, which is gone"
    if target.startswith("models:/"):
        return "is not an MLflow model URI (models:/NAME/VERSION or models:/NAME@ALIAS)"
    relative = target.strip("/")
    if relative in repo.files or any(path.startswith(relative + "/") for path in repo.files):
        return None
    try:
        return None if revision_exists(root, target) else "is not a path in the repository, nor a git tag or commit"
    except GitError as error:
        return f"is not a path in the repository, and git cannot check it as a revision: {error}"


@hookimpl
def readycheck_checks() -> list[Check]:
    return [rollback_plan, rollback_drill_recent, rollback_target_resolvable]
