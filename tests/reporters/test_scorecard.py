from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

import pytest
from tests.reporters.conftest import finding, make_result, make_rule

from readycheck.meta import CHECK_ERROR, PARSE_ERROR, WAIVER_UNUSED
from readycheck.model import Level, Result, Suppression
from readycheck.scorecard import scorecard


def run_of(
    tmp_path: Path, rules: dict[str, tuple[str, str]], failing: Mapping[str, str | None] = MappingProxyType({})
) -> Result:
    """``rules``: id -> (area, tier), each evaluated once; ``failing``: id -> suppression kind or None."""
    built = [make_rule(rule_id, area=area, tier=tier) for rule_id, (area, tier) in rules.items()]
    findings = [
        finding(rule_id, "a.py", suppression=Suppression(kind, "ok") if kind else None)
        for rule_id, kind in failing.items()
    ]
    return make_result(tmp_path, built, findings, [(rule_id, "a.py") for rule_id in rules])


@pytest.mark.parametrize(
    ("tiers", "failing", "level"),
    [
        ({"b": "bronze", "s": "silver", "g": "gold"}, [], "gold"),
        ({"b": "bronze", "s": "silver", "g": "gold"}, ["g"], "silver"),
        ({"b": "bronze", "s": "silver", "g": "gold"}, ["s"], "bronze"),  # gold passing does not skip silver
        ({"b": "bronze", "s": "silver", "g": "gold"}, ["b"], "none"),
        ({"b": "bronze"}, [], "bronze"),  # nothing checked silver or gold: not claimed
        ({"s": "silver"}, [], "silver"),  # no bronze rule: met vacuously below silver
        ({"g": "gold"}, ["g"], "none"),
        ({"b": "bronze", "g": "gold"}, [], "gold"),
    ],
)
def test_ladder(tmp_path: Path, tiers: dict[str, str], failing: list[str], level: str) -> None:
    result = run_of(tmp_path, {rule: ("testing", tier) for rule, tier in tiers.items()}, dict.fromkeys(failing))
    assert scorecard(result).areas[0].level == level


def test_counts_per_area_and_tier_and_overall_is_the_lowest_area(tmp_path: Path) -> None:
    result = run_of(
        tmp_path,
        {"t/a": ("testing", "bronze"), "t/b": ("testing", "silver"), "s/a": ("security", "bronze")},
        {"t/b": None},
    )
    card = scorecard(result)
    assert [(a.area, a.level, a.passed, a.evaluated) for a in card.areas] == [
        ("testing", "bronze", 1, 2),
        ("security", "bronze", 1, 1),
    ]
    testing = card.areas[0]
    assert {tier: (t.passed, t.evaluated) for tier, t in testing.tiers.items()} == {
        "bronze": (1, 1),
        "silver": (0, 1),
        "gold": (0, 0),
    }
    assert testing.failed == ("t/b",)
    assert card.level == "bronze"


def test_suppressed_findings_do_not_fail_a_rule(tmp_path: Path) -> None:
    for kind in ("inline", "waiver", "baseline"):
        result = run_of(tmp_path, {"t/a": ("testing", "bronze")}, {"t/a": kind})
        assert scorecard(result).level == "bronze"


def test_rules_that_never_ran_do_not_count(tmp_path: Path) -> None:
    rules = [make_rule("t/ran", area="testing"), make_rule("d/idle", area="documentation", tier="gold")]
    result = make_result(tmp_path, rules, [], [("t/ran", "a.py")])
    card = scorecard(result)
    assert [a.area for a in card.areas] == ["testing"]
    assert card.to_json()["testing"]["evaluated"] == 1


def test_nothing_ran_is_level_none(tmp_path: Path) -> None:
    card = scorecard(make_result(tmp_path, [make_rule("t/a")], [], []))
    assert card.level == "none"
    assert card.areas == ()


@pytest.mark.parametrize("engine_check", [CHECK_ERROR, PARSE_ERROR])
def test_rules_that_could_not_look_void_the_level(tmp_path: Path, engine_check) -> None:
    clean = run_of(tmp_path, {"t/a": ("testing", "gold")})
    clean.findings.append(finding(engine_check.id, "a.py", "crashed", level=Level.ERROR))
    card = scorecard(clean)
    assert card.level == "none"
    general = next(a for a in card.areas if a.area == "general")
    assert (general.passed, general.evaluated, general.failed) == (0, 1, (engine_check.id,))


def test_readycheck_upkeep_findings_do_not_count(tmp_path: Path) -> None:
    result = run_of(tmp_path, {"t/a": ("testing", "gold")})
    result.findings.append(finding(WAIVER_UNUSED.id, "readycheck.yaml", "waiver matches nothing", level=Level.NOTE))
    card = scorecard(result)
    assert card.level == "gold"
    assert [a.area for a in card.areas] == ["testing"]


def test_areas_follow_the_documented_order(tmp_path: Path) -> None:
    areas = ["general", "code-quality", "testing", "rollback"]
    result = run_of(tmp_path, {f"x/{area}": (area, "bronze") for area in areas})
    assert [a.area for a in scorecard(result).areas] == ["testing", "rollback", "code-quality", "general"]
