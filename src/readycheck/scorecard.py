"""Readiness levels: per area, rules passed over rules evaluated, and the highest tier fully met.

The ladder is the one service scorecards use: an area reaches a tier when every rule of that tier
and of every lower tier passes. Two choices the ladder leaves open:

- A tier with no rule in an area is met vacuously below the area's highest populated tier, and never
  above it: an area whose rules are all bronze reaches at most bronze, since nothing checked silver.
  An area with only silver rules, all passing, reaches silver.
- The overall level is the lowest level across the areas that evaluated at least one rule: "none"
  when no rule ran at all, or when some area fails a rule of its lowest tier.

A rule is evaluated when it ran on at least one artifact, and passes when it has no active
(unsuppressed) finding. A rule that found nothing to read and required nothing is not applicable: it
is not evaluated, so it earns no credit (a folder without notebooks is not "reproducible" for it).
The engine's own checks are no policy's rules. Three of them mean that rules could not look at
something: ``readycheck/check-error`` (a check crashed), ``readycheck/check-timeout`` (it ran out of
time) and ``readycheck/parse-error`` (a file could not be parsed). They count, in their check's area and
tier, in runs where they reported something (as in the JUnit report), so that the level drops to "none"
rather than a rule that could not look passing. The others (suppression and waiver upkeep) are about
readycheck's own configuration and do not count.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from readycheck.meta import CHECK_ERROR, CHECK_TIMEOUT, ENGINE_CHECKS, ENGINE_IDS, PARSE_ERROR
from readycheck.model import TIERS, Result, Rule

NONE = "none"
LEVELS = (NONE, *TIERS)
"""Achievable levels, lowest first."""
EXECUTION_ERRORS = frozenset((CHECK_ERROR.id, CHECK_TIMEOUT.id, PARSE_ERROR.id))
"""The engine's checks reporting that rules could not look: a crashed check, an unparseable file."""


def area_label(area: str) -> str:
    """How people write an area ("code quality"); the identifier stays ``code-quality``."""
    return area.replace("-", " ")


def evaluated_rules(result: Result) -> list[Rule]:
    """Every rule that ran, sorted by id: the policy's rules with an evaluation, and the engine's
    checks that reported a finding (as rules at their check's defaults)."""
    ran = {evaluation.rule_id for evaluation in result.evaluations if evaluation.skipped is None}
    rules = {rule.id: rule for rule in result.rules if rule.id in ran}
    reported = {finding.rule_id for finding in result.findings}
    for check in ENGINE_CHECKS:
        if check.id in reported and check.id not in rules:
            rules[check.id] = Rule(check.id, check, check.level, {}, tier=check.tier, area=check.area)
    return [rules[rule_id] for rule_id in sorted(rules)]


class Tally(NamedTuple):
    passed: int
    evaluated: int


class AreaScore(NamedTuple):
    area: str
    level: str
    tiers: dict[str, Tally]
    """Every tier, in TIERS order, 0/0 when the area has no rule of it."""
    failed: tuple[str, ...]
    """Ids of the area's evaluated rules that did not pass, sorted."""

    @property
    def passed(self) -> int:
        return sum(tally.passed for tally in self.tiers.values())

    @property
    def evaluated(self) -> int:
        return sum(tally.evaluated for tally in self.tiers.values())


class Scorecard(NamedTuple):
    level: str
    areas: tuple[AreaScore, ...]
    """Areas that evaluated at least one rule, in the registry's order."""

    def to_json(self) -> dict[str, Any]:
        """The shape of the JSON report's ``summary.areas`` (and SARIF's run properties)."""
        return {
            score.area: {
                "level": score.level,
                "passed": score.passed,
                "evaluated": score.evaluated,
                "tiers": {tier: {"passed": t.passed, "evaluated": t.evaluated} for tier, t in score.tiers.items()},
                "failed": list(score.failed),
            }
            for score in self.areas
        }


def _ladder(tiers: dict[str, Tally]) -> str:
    level = NONE
    for tier in TIERS:
        tally = tiers[tier]
        if tally.passed < tally.evaluated:
            break
        if tally.evaluated:
            level = tier
    return level


def scorecard(result: Result) -> Scorecard:
    failing = result.failed_rule_ids
    by_area: dict[str, list[Rule]] = {}
    for rule in evaluated_rules(result):
        if rule.id in ENGINE_IDS and rule.id not in EXECUTION_ERRORS:
            continue
        by_area.setdefault(rule.area, []).append(rule)
    areas = []
    for area in sorted(by_area, key=result.area_order):
        rules = by_area[area]
        tiers = {
            tier: Tally(
                passed=sum(1 for r in rules if r.tier == tier and r.id not in failing),
                evaluated=sum(1 for r in rules if r.tier == tier),
            )
            for tier in TIERS
        }
        failed = tuple(r.id for r in rules if r.id in failing)
        areas.append(AreaScore(area, _ladder(tiers), tiers, failed))
    overall = min((score.level for score in areas), key=LEVELS.index, default=NONE)
    return Scorecard(overall, tuple(areas))
