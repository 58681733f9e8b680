"""The ML Test Score: the 28 tests of Breck et al., "The ML Test Score: A Rubric for ML Production Readiness
and Technical Debt Reduction" (IEEE Big Data 2017), scored as the paper says.

A test counts a full point when it is automated, half a point when it is done by hand with documented
results. readycheck counts a test automated when every check mapped to it has a rule that ran, and all
such rules passed (they are the repository evidence for it; a team's own rule on a generic check
counts), and takes the rest from the team's attestations (``attestations:`` in
the config: a test id, the evidence, an owner, ``automated``, a date and an expiry). Each section sums
its tests; the score is the lowest section's.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from readycheck.model import Result

SECTIONS = ("data", "model", "infrastructure", "monitoring")
PACK = "ml-test-score"


class MLTest(NamedTuple):
    id: str
    section: str
    title: str
    checks: tuple[str, ...] = ()
    """The checks whose rules are automated evidence when they ran and passed; none: attestations only."""


TESTS = (
    MLTest("data-1", "data", "Feature expectations are captured in a schema", ("data/schema",)),
    MLTest("data-2", "data", "All features are beneficial"),
    MLTest("data-3", "data", "No feature's cost is too much"),
    MLTest("data-4", "data", "Features adhere to meta-level requirements"),
    MLTest("data-5", "data", "The data pipeline has appropriate privacy controls", ("security/hardcoded-secrets",)),
    MLTest("data-6", "data", "New features can be added quickly"),
    MLTest("data-7", "data", "All input feature code is tested", ("tests/present", "tests/passing", "tests/coverage")),
    MLTest(
        "model-1", "model", "Model specs are reviewed and submitted", ("ownership/codeowners", "model-card/present")
    ),
    MLTest("model-2", "model", "Offline and online metrics correlate"),
    MLTest("model-3", "model", "All hyperparameters have been tuned"),
    MLTest("model-4", "model", "The impact of model staleness is known"),
    MLTest("model-5", "model", "A simpler model is not better"),
    MLTest("model-6", "model", "Model quality is sufficient on important data slices", ("metrics/slices",)),
    MLTest("model-7", "model", "The model is tested for considerations of inclusion", ("model-card/sections",)),
    MLTest(
        "infrastructure-1",
        "infrastructure",
        "Training is reproducible",
        ("repo/dependencies-pinned", "repo/data-versioned", "notebook/linear-execution"),
    ),
    MLTest("infrastructure-2", "infrastructure", "Model specs are unit tested", ("tests/passing",)),
    MLTest("infrastructure-3", "infrastructure", "The ML pipeline is integration tested", ("repo/ci-configured",)),
    MLTest("infrastructure-4", "infrastructure", "Model quality is validated before serving", ("metrics/threshold",)),
    MLTest("infrastructure-5", "infrastructure", "The model is debuggable"),
    MLTest("infrastructure-6", "infrastructure", "Models are canaried before serving", ("deploy/progressive",)),
    MLTest(
        "infrastructure-7",
        "infrastructure",
        "Serving models can be rolled back",
        ("rollback/plan", "rollback/target-resolvable"),
    ),
    MLTest("monitoring-1", "monitoring", "Dependency changes result in notification", ("repo/dependencies-pinned",)),
    MLTest("monitoring-2", "monitoring", "Data invariants hold for inputs", ("monitoring/configured",)),
    MLTest("monitoring-3", "monitoring", "Training and serving are not skewed"),
    MLTest("monitoring-4", "monitoring", "Models are not too stale"),
    MLTest("monitoring-5", "monitoring", "Models are numerically stable"),
    MLTest("monitoring-6", "monitoring", "Computing performance has not regressed", ("perf/no-regression",)),
    MLTest("monitoring-7", "monitoring", "Prediction quality has not regressed", ("metrics/no-regression",)),
)
BY_ID = {test.id: test for test in TESTS}


def score(result: Result, attestations: Sequence[Mapping[str, Any]], today: datetime.date) -> dict[str, Any]:
    """The score in the JSON report's shape: ``score``, ``sections`` and each test's status and points."""
    failing = result.failed_rule_ids
    ran = {e.rule_id for e in result.evaluations if e.skipped is None}
    rules_of: dict[str, list[str]] = {}
    for rule in result.rules:
        rules_of.setdefault(rule.check.id, []).append(rule.id)
    attested = {a["test"]: a for a in attestations if datetime.date.fromisoformat(str(a["expires"])) >= today}
    tests: list[dict[str, Any]] = []
    for test in TESTS:
        evidence = [rule for check in test.checks for rule in rules_of.get(check, []) if rule in ran]
        automated = (
            bool(test.checks)
            and all(any(rule in ran for rule in rules_of.get(check, [])) for check in test.checks)
            and not any(rule in failing for rule in evidence)
        )
        attestation = attested.get(test.id)
        if automated:
            status, points = "automated", 1.0
        elif attestation is not None:
            status, points = ("attested, automated", 1.0) if attestation.get("automated") else ("attested", 0.5)
        else:
            status, points = "missing", 0.0
        tests.append({"id": test.id, "section": test.section, "title": test.title, "status": status, "points": points})
    sections = {section: sum(float(t["points"]) for t in tests if t["section"] == section) for section in SECTIONS}
    return {"score": min(sections.values()), "sections": sections, "tests": tests}


def explanation() -> list[str]:
    """What ``readycheck explain ml-test-score`` prints: every test with the rules mapped to it."""
    lines = [
        "ml-test-score: the 28 tests of Breck et al., 'The ML Test Score' (IEEE Big Data 2017).",
        "A test scores 1 when automated (a rule of every mapped check ran, and they passed; or an attestation",
        "says automated: true), 0.5 when done by hand (an attestation), 0 otherwise; a section sums its tests;",
        "the score is the lowest section.",
        "Attestations ('attestations:' in the config or in readiness.yaml):",
        "  {test, evidence, owner, automated, date, expires}.",
        "",
    ]
    for section in SECTIONS:
        lines.append(f"{section}:")
        for test in (t for t in TESTS if t.section == section):
            evidence = ", ".join(test.checks) if test.checks else "attestation only"
            lines.append(f"  {test.id:<17} {test.title} [{evidence}]")
    return lines
