"""The compiled validator only ever says yes where jsonschema says yes: policies, configs and check
parameters it accepts are ones jsonschema accepts, so skipping jsonschema loses no error."""

from __future__ import annotations

import copy
import random
from typing import Any

import jsonschema
import pytest

from readycheck.plugins import load_registry
from readycheck.policy.schemas import CONFIG_SCHEMA, POLICY_SCHEMA
from readycheck.schema_errors import _accepted, _format_checker

POLICY = {
    "readycheck": 1,
    "extends": ["recommended"],
    "rules": {
        "team/readme": {"check": "markdown/sections", "paths": ["README.md"], "with": {"required": ["Usage"]}},
        "metrics/threshold": {"level": "error", "with": {"metrics": {"eval.auc": ">= 0.8"}}},
        "notebook/size": "warning",
    },
}
CONFIG = {
    "policy": ["recommended", "policies/team.yaml"],
    "exclude": ["data/**"],
    "fail_on": "warning",
    "waivers": [{"rule": "notebook/size", "paths": ["a.ipynb"], "reason": "legacy", "expires": "2027-01-01"}],
    "max_findings": 10,
}
ODD = [None, True, 0, -1, 1.5, "", "x", "BAD ID", ">= nope", "([", "2024-13-45", [], {}, ["a", 1], {"k": "v"}]


def mutate(value: Any, rng: random.Random) -> Any:
    if isinstance(value, dict) and value and rng.random() < 0.7:
        key = rng.choice(sorted(value))
        roll = rng.random()
        if roll < 0.2:
            value.pop(key)
        elif roll < 0.4:
            value[rng.choice(["extra", "Bad/Key", "team/x"])] = rng.choice(ODD)
        elif roll < 0.7:
            value[key] = rng.choice(ODD)
        else:
            value[key] = mutate(value[key], rng)
    elif isinstance(value, list) and value and rng.random() < 0.7:
        index = rng.randrange(len(value))
        value[index] = mutate(value[index], rng) if rng.random() < 0.5 else rng.choice(ODD)
    else:
        return rng.choice(ODD)
    return value


def jsonschema_accepts(schema: dict[str, Any], data: Any) -> bool:
    validator = jsonschema.validators.validator_for(schema)(schema, format_checker=_format_checker())
    return next(iter(validator.iter_errors(data)), None) is None


@pytest.mark.parametrize("seed", range(60))
def test_a_yes_from_the_compiled_validator_is_a_yes_from_jsonschema(seed: int) -> None:
    rng = random.Random(seed)
    checks = [c for c in load_registry().checks.values() if c.params.get("properties")]
    for _ in range(15):
        schema, base = rng.choice([(POLICY_SCHEMA, POLICY), (CONFIG_SCHEMA, CONFIG)])
        data = mutate(copy.deepcopy(base), rng)
        if _accepted(schema, data):
            assert jsonschema_accepts(schema, data), data
        check = rng.choice(checks)
        params = mutate({name: spec.get("default") for name, spec in check.params["properties"].items()}, rng)
        if _accepted(check.params, params):
            assert jsonschema_accepts(dict(check.params), params), (check.id, params)


def test_valid_documents_are_accepted_without_jsonschema() -> None:
    assert _accepted(POLICY_SCHEMA, POLICY) and _accepted(CONFIG_SCHEMA, CONFIG)
    assert not _accepted(POLICY_SCHEMA, {**POLICY, "readycheck": 2})
    field = load_registry().checks["data/field"].params
    assert _accepted(field, {"fields": {"eval.auc": ">= 0.8"}})
    assert not _accepted(field, {"fields": {"eval.auc": ">= nope"}})  # the custom 'threshold' format
