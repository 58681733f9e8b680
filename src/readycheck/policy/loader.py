"""Load policy files, follow ``extends``, merge rule by rule (later wins) and bind rules to checks."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from readycheck import globs, structured
from readycheck.errors import GlobError, ParseError, PolicyError
from readycheck.model import Level, Rule, SourceLocation
from readycheck.paths import display_path
from readycheck.policy.trust import UNTRUSTING, Trust
from readycheck.registry import Registry
from readycheck.structured import Document, ValuePath


class RuleEntry(NamedTuple):
    """A rule as the merged policies configure it, before it is bound to its check."""

    id: str
    fields: dict[str, Any]
    source: SourceLocation
    document: Document
    value_path: ValuePath = ()
    validated: bool = False
    """Its file is one this readycheck validated before, parameters included (see policy.trust)."""
    configured: tuple[SourceLocation, ...] = ()
    """The places merged into it, its own last."""


class PolicySet:
    """The merged rules of a list of policies, in the order they were first configured."""

    def __init__(self) -> None:
        self.entries: dict[str, RuleEntry] = {}
        self.files: list[Path] = []

    def merge(self, entry: RuleEntry) -> None:
        """Add ``entry``; over a rule of the same check, its keys win one by one (ESLint's merge)."""
        previous = self.entries.get(entry.id)
        fields = entry.fields
        if previous is not None and previous.fields.get("check") == fields.get("check", previous.fields.get("check")):
            entry = entry._replace(
                fields={**previous.fields, **fields},
                validated=entry.validated and previous.validated,
                configured=(*previous.configured, entry.source),
            )
        else:
            entry = entry._replace(configured=(entry.source,))
        self.entries[entry.id] = entry


def read_text(path: Path, error_class: Any = PolicyError) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise error_class(f"cannot read: {getattr(error, 'strerror', None) or error}", display_path(path)) from None


def parse_text(text: str, path: Path, error_class: Any = PolicyError, trust: Trust = UNTRUSTING) -> Document:
    """Parse a policy or config file, or take what the same text parsed to in an earlier run."""
    fmt = structured.format_of(path.name) or "yaml"
    document = trust.parsed(text, fmt)
    if document is not None:
        return document
    try:
        document = structured.load(text, fmt, display_path(path))
    except ParseError as error:
        raise error_class(error.message, display_path(path), error.line) from None
    trust.remember(text, fmt, document)
    return document


def validate(
    schema: Mapping[str, Any], document: Document, shown: str, error_class: Any = PolicyError, base: ValuePath = ()
) -> None:
    from readycheck.schema_errors import problems

    for problem in problems(schema, document, base):
        raise error_class(problem.message, shown, problem.line)


def load_policies(
    references: Sequence[str], base_dir: Path, registry: Registry, trust: Trust = UNTRUSTING
) -> PolicySet:
    """Merge the policies named by ``references`` (pack names or paths relative to ``base_dir``)."""
    policy_set = PolicySet()
    for reference in references:
        _load_reference(reference, base_dir, registry, policy_set, (), trust)
    return policy_set


def resolve_reference(reference: str, base_dir: Path, registry: Registry) -> Path:
    looks_like_path = "/" in reference or reference.endswith((".yaml", ".yml")) or reference.startswith(".")
    if not looks_like_path:
        if reference in registry.packs:
            return registry.packs[reference]
        known = ", ".join(registry.packs) or "none"
        raise PolicyError(f"unknown policy pack {reference!r} (known packs: {known}; use a path for a file)")
    path = (base_dir / reference).resolve()
    if not path.is_file():
        raise PolicyError(f"policy file not found: {display_path(path)}")
    return path


def _load_reference(
    reference: str, base_dir: Path, registry: Registry, policy_set: PolicySet, stack: tuple[Path, ...], trust: Trust
) -> None:
    path = resolve_reference(reference, base_dir, registry)
    if path in stack:
        cycle = " -> ".join(display_path(p) for p in (*stack, path))
        raise PolicyError(f"extends cycle: {cycle}", display_path(stack[-1]))
    text = read_text(path)
    document = parse_text(text, path, PolicyError, trust)
    shown = display_path(path)
    if not isinstance(document.data, dict):
        raise PolicyError("a policy must be a mapping with 'readycheck: 1' and 'rules:'", shown, 1)
    validated = trust.knows(text, registry.signature)
    if not validated:
        from readycheck.policy.schemas import POLICY_SCHEMA  # a text validated before needs no schema

        validate(POLICY_SCHEMA, document, shown)
    for parent in document.data.get("extends", []):
        try:
            _load_reference(parent, path.parent, registry, policy_set, (*stack, path), trust)
        except PolicyError as error:
            if error.path is None:
                error.path, error.line = shown, document.line_of(("extends",))
            raise
    merge_rules(policy_set, document.data.get("rules") or {}, document, path, ("rules",), validated)
    trust.learn(text, registry.signature)  # kept only if the whole run's configuration binds (Trust.save)
    policy_set.files.append(path)


def merge_rules(
    policy_set: PolicySet,
    rules: Mapping[str, Any],
    document: Document,
    file: Path,
    base: ValuePath,
    validated: bool = False,
) -> None:
    shown = display_path(file)
    for rule_id, value in rules.items():
        value_path = (*base, rule_id)
        fields = {"level": value} if isinstance(value, str) else dict(value)
        source = SourceLocation(shown, document.line_of(value_path), str(file))
        policy_set.merge(RuleEntry(rule_id, fields, source, document, value_path, validated))


def bind_rules(
    policy_set: PolicySet, registry: Registry, select: Iterable[str] = (), ignore: Iterable[str] = ()
) -> list[Rule]:
    """Turn merged entries into rules: look up each check, apply defaults, validate parameters.

    A ``select`` or ``ignore`` glob that matches no rule of the policies is an error: a typo would
    otherwise run nothing (or skip nothing) and pass.
    """
    select, ignore = list(select), list(ignore)
    for option, patterns in (("--select", select), ("--ignore", ignore)):
        for pattern in patterns:
            problem = unmatched(pattern, policy_set.entries, registry.checks)
            if problem is not None:
                raise PolicyError(f"{option} {pattern!r} {problem}")
    rules = []
    for entry in policy_set.entries.values():
        if select and not any(fnmatch.fnmatchcase(entry.id, pattern) for pattern in select):
            continue
        if any(fnmatch.fnmatchcase(entry.id, pattern) for pattern in ignore):
            continue
        rule = bind_rule(entry, registry)
        if rule is not None:
            rules.append(rule)
    return sorted(rules, key=lambda r: r.id)


def unmatched(pattern: str, rule_ids: Iterable[str], known: Iterable[str] = ()) -> str | None:
    """Why the rule-id glob ``pattern`` matches none of ``rule_ids``, with the nearest id; None when it
    matches one. ``known`` are ids that exist (checks) but are not rules of the policies."""
    rule_ids = list(rule_ids)
    if any(fnmatch.fnmatchcase(rule_id, pattern) for rule_id in rule_ids):
        return None
    if any(fnmatch.fnmatchcase(check_id, pattern) for check_id in known):
        return "matches no rule of the policies (the check exists: enable it in a policy first)"
    import difflib

    close = difflib.get_close_matches(pattern, [*rule_ids, *known], n=1)
    return "matches no rule" + (f" (did you mean {close[0]!r}?)" if close else " (see 'readycheck rules')")


def bind_rule(entry: RuleEntry, registry: Registry) -> Rule | None:
    fields = entry.fields
    where: dict[str, Any] = {"path": entry.source.path, "line": entry.source.line}
    check_id = fields.get("check", entry.id)
    check = registry.checks.get(check_id)
    if check is None or check.function is None:
        import difflib

        close = difflib.get_close_matches(check_id, [c.id for c in registry.checks.values() if c.function], n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else " (see 'readycheck rules')"
        what = "unknown check" if "check" in fields else "unknown rule id"
        raise PolicyError(f"{what} {check_id!r}{hint}", **where)
    level_name = fields.get("level")
    if level_name == "off":
        return None
    params = fields.get("with") or {}
    if params and not entry.validated:
        _validate_params(entry, check.params, params)
    defaults = {name: spec["default"] for name, spec in check.params.get("properties", {}).items() if "default" in spec}
    params = {**defaults, **params}
    area = fields.get("area", check.area)
    if area not in registry.areas:
        raise PolicyError(f"rule {entry.id}: unknown area {area!r} (known: {', '.join(registry.areas)})", **where)
    paths = tuple(fields.get("paths", check.paths))
    exclude = tuple(fields.get("exclude", ()))
    try:
        if not entry.validated:  # a text validated before compiled then (compiling costs a pre-commit run)
            globs.compile_globs(paths)
            globs.compile_globs(exclude)
    except GlobError as error:
        raise PolicyError(f"rule {entry.id}: {error.message}", **where) from None
    if check.requires_paths and not paths:
        raise PolicyError(f"rule {entry.id}: check {check.id} needs 'paths' (the files the rule is about)", **where)
    return Rule(
        id=entry.id,
        check=check,
        level=Level.parse(level_name) if level_name else check.level,
        params=params,
        paths=paths,
        exclude=exclude,
        message=fields.get("message"),
        tier=fields.get("tier", check.tier),
        area=area,
        source=entry.source,
        required=fields.get("required", check.required),
        generated=fields.get("generated", check.generated or any(registry.kinds[k].generated for k in check.kinds)),
        configured=entry.configured,
    )


def _validate_params(entry: RuleEntry, schema: Mapping[str, Any], params: Any) -> None:
    from readycheck.schema_errors import problems

    with_path = entry.value_path + ("with",)
    for problem in problems(schema, entry.document, with_path):
        raise PolicyError(f"rule {entry.id}: {problem.message}", entry.source.path, problem.line)
