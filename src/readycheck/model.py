"""The small typed records every part of readycheck speaks: levels, locations, checks, rules, findings."""

from __future__ import annotations

import enum
import fnmatch
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, Generic, NamedTuple, TypeVar


class Level(enum.IntEnum):
    """Finding severity; ordered so that ``level >= threshold`` reads naturally."""

    NOTE = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, name: str) -> Level:
        return cls[name.upper()]

    def __str__(self) -> str:
        return self.name.lower()


LEVEL_NAMES = tuple(str(level) for level in sorted(Level, reverse=True))
"""``error``, ``warning``, ``note``: how policies, the config and reports write levels."""
FAIL_ON_CHOICES = (*LEVEL_NAMES, "never")
TIERS = ("bronze", "silver", "gold")
BUILTIN_AREAS = (
    "testing",
    "performance",
    "documentation",
    "ownership",
    "rollback",
    "operations",
    "reproducibility",
    "security",
    "code-quality",
    "general",
)
"""The scorecard's areas in report order; plugins add their own after these (``readycheck_areas``)."""
RULE_ID_PATTERN = r"^[a-z0-9][a-z0-9_.-]*/[a-z0-9][a-z0-9_.-]*$"
RULE_ID = re.compile(RULE_ID_PATTERN)
AREA_NAME_PATTERN = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"
AREA_NAME = re.compile(AREA_NAME_PATTERN)


def camel_case(rule_id: str) -> str:
    slug = rule_id.replace("/", "-").replace("_", "-").replace(".", "-")
    return "".join(part.capitalize() for part in slug.split("-") if part)


REPOSITORY = "repository"
"""Scope of a check that looks at the repository as a whole; it runs only in a full scan."""
FILE = "file"
"""Scope of a check that looks at one artifact at a time; it also runs on the files pre-commit passes."""


class Violation(NamedTuple):
    """What a check reports: the engine adds rule id, level, path and fingerprint to make a Finding.

    ``key`` identifies the offending thing independently of its line (a heading, a field path, a
    redacted token), so fingerprints survive unrelated edits that move lines.
    """

    message: str
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    path: str | None = None
    key: str | None = None
    fix: str | None = None
    """This finding's own fix hint, when the check's does not fit (missing evidence: how to produce it)."""
    level: Level | None = None
    """A lower level for this finding than the rule's (a note beside the rule's errors); never a higher one."""


MISSING_EVIDENCE = "missing-evidence"
"""The key of a violation saying the evidence a check needs is not there. The engine makes it a finding
when the rule requires its evidence, and makes the rule not applicable when the policy says
``required: false``; a repository-wide check reports its missing evidence this way."""


def missing_evidence(looked_for: str, produce: str) -> Violation:
    return Violation(f"required evidence is missing: {looked_for}", key=MISSING_EVIDENCE, fix=produce)


class Suppression(NamedTuple):
    """Why a finding does not count: ``kind`` is ``inline``, ``waiver`` or ``baseline``."""

    kind: str
    justification: str


class Directive(NamedTuple):
    """An ignore for ``rules`` over lines ``line``..``end_line`` (``None``: the whole file).

    A comment on line L covers L and L + 1 (the line it is on, and the line below); an artifact kind
    can add its own, e.g. a notebook cell's metadata covers the cell's lines.
    """

    line: int
    rules: tuple[str, ...]
    reason: str
    end_line: int | None = -1

    def covers(self, finding: Finding) -> bool:
        if not any(fnmatch.fnmatchcase(finding.rule_id, pattern) for pattern in self.rules):
            return False
        if self.end_line is None:
            return True
        end = self.line + 1 if self.end_line == -1 else self.end_line
        return finding.line is not None and self.line <= finding.line <= end


class Finding(NamedTuple):
    rule_id: str
    level: Level
    message: str
    path: str
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    fingerprint: str = ""
    fix: str = ""
    """The fix hint (the JSON report's ``help`` key)."""
    suppression: Suppression | None = None

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line or 0, self.column or 0, self.rule_id, self.message)


CheckFunction = Callable[[Any, Mapping[str, Any]], Iterable[Violation]]


NO_PARAMETERS: Mapping[str, Any] = {"type": "object", "properties": {}}
"""The parameters' schema of a check that takes none (shared: schemas are only read)."""

SubjectT = TypeVar("SubjectT")
"""What a check function receives: an ``Artifact[...]`` of its kinds (file scope) or the ``Repository``."""


class Check(NamedTuple, Generic[SubjectT]):
    """A check declaration: the code plus everything the registry, ``explain`` and reporters need.

    ``kinds`` names the artifact kinds the check reads (for a file-scoped check, it runs once per
    artifact of those kinds); ``paths`` narrows that by default when a rule gives no ``paths``;
    ``params`` is the JSON Schema of its ``with:`` parameters; the policy loader fills in the
    ``default`` of each top-level property, so the function always sees them.

    Evidence semantics, for a rule that finds nothing to read in a full scan: ``required`` makes that a
    finding on the repository (whose fix is ``produce``, how to create the evidence); otherwise
    ``absence_passes`` makes it a pass (nothing forbidden found), and else the rule is not applicable.
    ``generated`` lets the check read files that .gitignore ignores (reports and metrics are written
    by CI, and ignored). A policy may change ``required`` and ``generated`` per rule. ``uncacheable``
    says why the check's results must not be cached, when it reads something the engine cannot track.
    """

    id: str
    function: Callable[[SubjectT, Mapping[str, Any]], Iterable[Violation]] | None
    description: str
    help: str
    fix: str
    level: Level = Level.WARNING
    kinds: tuple[str, ...] = ()
    scope: str = FILE
    area: str = "general"
    tier: str = "bronze"
    params: Mapping[str, Any] = NO_PARAMETERS
    example: str = ""
    requires_paths: bool = False
    paths: tuple[str, ...] = ()
    required: bool = False
    absence_passes: bool = False
    generated: bool = False
    produce: str = ""
    uncacheable: str = ""
    help_url: str = ""
    """Where a plugin documents the check; built-in checks are documented in readycheck's rule reference
    (docs/rules, generated from these declarations) and by ``readycheck explain``."""
    plugin: str = ""
    """The plugin that registered it, as ``name (distribution version)``; empty for readycheck's own."""

    @property
    def name(self) -> str:
        """A CamelCase name, as SARIF's ``reportingDescriptor.name`` wants."""
        return camel_case(self.id)


def check(
    id: str,
    *,
    description: str,
    help: str,
    fix: str,
    level: str = "warning",
    kinds: Iterable[str] = (),
    scope: str = FILE,
    area: str = "general",
    tier: str = "bronze",
    params: Mapping[str, Any] | None = None,
    example: str = "",
    requires_paths: bool = False,
    paths: Iterable[str] = (),
    required: bool = False,
    absence_passes: bool = False,
    generated: bool = False,
    produce: str = "",
    uncacheable: str = "",
    help_url: str = "",
) -> Callable[[Callable[[SubjectT, Mapping[str, Any]], Iterable[Violation]]], Check[SubjectT]]:
    """Declare a check: ``@check("team/slug", ...)`` turns a function into a :class:`Check`.

    The function takes the subject (``Artifact[Notebook]``, ``Artifact[ModelCard]``, ... for a file
    check; the ``Repository`` for a repository check) and the rule's parameters, defaults filled in,
    and yields :class:`Violation` objects."""

    def declare(function: Callable[[SubjectT, Mapping[str, Any]], Iterable[Violation]]) -> Check[SubjectT]:
        return Check(
            id=id,
            function=function,
            description=description,
            help=help,
            fix=fix,
            level=Level.parse(level),
            kinds=tuple(kinds),
            scope=scope,
            area=area,
            tier=tier,
            params=params if params is not None else {"type": "object", "properties": {}},
            example=example,
            requires_paths=requires_paths,
            paths=tuple(paths),
            required=required,
            absence_passes=absence_passes,
            generated=generated,
            produce=produce,
            uncacheable=uncacheable,
            help_url=help_url,
        )

    return declare


class SourceLocation(NamedTuple):
    """Where in a policy or config file something was written: ``path`` as shown to the user,
    ``file`` absolute (reporters make it repository-relative when it is inside the repository)."""

    path: str
    line: int | None = None
    file: str = ""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


class Rule(NamedTuple):
    """A check as a policy configures it."""

    id: str
    check: Check
    level: Level
    params: Mapping[str, Any]
    paths: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    message: str | None = None
    tier: str = "bronze"
    area: str = "general"
    source: SourceLocation | None = None
    required: bool = False
    """Finding nothing to read is a finding (see Check)."""
    generated: bool = False
    """Files .gitignore ignores are read too."""
    configured: tuple[SourceLocation, ...] = ()
    """Every place that configured the rule, in merge order (later keys win): for ``explain``."""

    @property
    def name(self) -> str:
        """A CamelCase name from the rule's own id, as SARIF's ``reportingDescriptor.name`` wants."""
        return camel_case(self.id)

    @property
    def scope(self) -> str:
        return self.check.scope


class Evaluation(NamedTuple):
    """One rule run on one artifact (``path`` is ``"."`` for the repository): JUnit's testcase.

    ``error`` says why the rule could not look at the artifact (its check crashed, or the file could
    not be parsed): such a run counts as failed, whatever findings it has. ``skipped`` says why the
    rule was not applicable (it found nothing to read and did not require anything): such a run is
    neither a pass nor a failure, and earns no credit.
    """

    rule_id: str
    path: str
    error: str | None = None
    skipped: str | None = None


class Result:
    """Everything a reporter needs to know about one run; the runner fills it in stage by stage.

    ``config_file``: the config file, repository-relative, when there is one inside the repository.
    ``areas``: the scorecard's areas in report order (the registry's). ``policies``: the policy files
    and packs applied, as people read them (``pack recommended``, ``policies/team.yaml``).
    ``waivers``: the config's waivers (``rule``, ``paths``, ``owner``, ``reason``, ``expires`` as an
    ISO date). ``today``: the date the run judged waivers by (ISO): reports count days to expiry from
    it, not from the clock. ``ml_test_score``: the ML Test Score (see mltestscore), when the
    ml-test-score pack or attestations are in use.
    """

    def __init__(
        self,
        root: str,
        rules: list[Rule],
        findings: list[Finding],
        evaluations: list[Evaluation],
        full: bool = True,
        tracebacks: list[str] | None = None,
        config_file: str | None = None,
        areas: tuple[str, ...] = BUILTIN_AREAS,
        policies: list[str] | None = None,
        waivers: list[dict[str, Any]] | None = None,
        today: str = "",
        ml_test_score: dict[str, Any] | None = None,
    ) -> None:
        self.root = root
        self.rules = rules
        self.findings = findings
        self.evaluations = evaluations
        self.full = full
        self.tracebacks = tracebacks if tracebacks is not None else []
        self.config_file = config_file
        self.areas = areas
        self.policies = policies if policies is not None else []
        self.waivers = waivers if waivers is not None else []
        self.today = today
        self.ml_test_score = ml_test_score

    @property
    def artifact_count(self) -> int:
        """Artifacts evaluated, the repository (path ".") included; not-applicable runs looked at nothing."""
        return len({e.path for e in self.evaluations if e.skipped is None})

    @property
    def not_applicable(self) -> dict[str, str]:
        """Rules that found nothing to read and required nothing, with the reason: rule id to reason."""
        return {e.rule_id: e.skipped for e in self.evaluations if e.skipped is not None}

    def area_order(self, area: str) -> int:
        """Sort key for areas: the registry's order, unknown areas last."""
        return self.areas.index(area) if area in self.areas else len(self.areas)

    @property
    def failed_rule_ids(self) -> set[str]:
        """Rules with an active finding, or a run that could not complete."""
        return {f.rule_id for f in self.active} | {e.rule_id for e in self.evaluations if e.error}

    @property
    def active(self) -> list[Finding]:
        """The findings that count: not suppressed."""
        return [f for f in self.findings if f.suppression is None]

    @property
    def suppressed_count(self) -> int:
        return sum(1 for f in self.findings if f.suppression is not None)

    def count(self, level: Level) -> int:
        return sum(1 for f in self.active if f.level == level)

    def failed(self, fail_on: str) -> bool:
        return any(gates(f.level, fail_on) for f in self.active)


def gates(level: Level, fail_on: str) -> bool:
    """Whether an active finding at ``level`` fails a run gated at ``fail_on`` (a level name, or never)."""
    return fail_on != "never" and level >= Level.parse(fail_on)


class PluginConfig(NamedTuple):
    """What run hooks receive: the repository root and every plugin's settings from the config."""

    root: Path
    settings: Mapping[str, Mapping[str, Any]] = MappingProxyType({})

    def settings_for(self, plugin: str) -> Mapping[str, Any]:
        """The mapping under ``plugin_settings: {<plugin>: ...}``; empty when the project sets none."""
        return self.settings.get(plugin) or {}
