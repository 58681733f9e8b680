"""Monitoring: a model in production drifts, degrades and fails quietly unless something watches it and
someone is alerted. The evidence is the configuration teams already keep: alerting rules, dashboards,
drift monitors, or a line in readycheck's config naming the dashboard and the alert."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from readycheck import structured
from readycheck.artifacts import Repository
from readycheck.artifacts.kubernetes import objects
from readycheck.artifacts.project import declarations
from readycheck.errors import ParseError
from readycheck.hookspecs import hookimpl
from readycheck.model import REPOSITORY, Check, Violation, check, missing_evidence

MONITORING_PRODUCE = (
    "Commit the alerting rules and dashboards (Prometheus rules, Grafana JSON, Evidently/whylogs/NannyML), or "
    "name them in readycheck.yaml: 'monitoring: {dashboard: URL, alert: NAME}'."
)
_DRIFT_LIBRARIES = re.compile(r"(?m)^\s*(?:from|import)\s+(evidently|whylogs|nannyml|alibi_detect|deepchecks)\b")
_PROMETHEUS_HINT = re.compile(r"(?m)^\s*-?\s*alert\s*:")


@check(
    "monitoring/configured",
    description="The model is watched in production: alerting rules, dashboards or a drift monitor.",
    help="Accepted evidence: Prometheus alerting rules (a rules file whose groups hold 'alert' rules, or a "
    "PrometheusRule object), a Grafana dashboard (JSON with 'panels'), drift and data-quality monitoring with "
    "Evidently, whylogs, NannyML, Alibi Detect or Deepchecks (imported by a Python module, "
    "not a notebook: exploring drift once is not monitoring; or a NannyML "
    "nann.yml), or a 'monitoring' section of readycheck's config naming the 'dashboard' and the 'alert' (both). "
    "None of these is missing evidence: the finding says what was looked for.",
    fix="Add an alert on the model's key metric and a dashboard, and commit their configuration.",
    level="note",
    scope=REPOSITORY,
    area="operations",
    required=True,
    produce=MONITORING_PRODUCE,
    params={"type": "object", "additionalProperties": False, "properties": {}},
    example="monitoring/configured: warning",
)
def monitoring_configured(repo: Repository, params: Mapping[str, Any]) -> Iterator[Violation]:
    monitoring = declarations(repo).get("monitoring")
    if isinstance(monitoring, dict):
        missing = [key for key in ("dashboard", "alert") if not monitoring.get(key)]
        if not missing:
            return
        yield Violation(
            f"the config's 'monitoring' section does not name the {' or the '.join(missing)}",
            key="config:" + ",".join(missing),
        )
        return
    if any(obj.kind == "PrometheusRule" for obj in objects(repo)):
        return
    if any(_watches(repo, path) for path in repo.files):
        return
    yield missing_evidence(
        "no alerting rules, dashboards or drift monitoring (Prometheus rules, Grafana JSON, Evidently, whylogs, "
        "NannyML), and no 'monitoring' section in readycheck's config",
        MONITORING_PRODUCE,
    )


def _watches(repo: Repository, path: str) -> bool:
    name = path.rpartition("/")[2]
    if name in ("nann.yml", "nann.yaml"):
        return True
    if not name.endswith((".py", ".yml", ".yaml", ".json")):
        return False
    text = repo.config_text(path)
    if text is None:
        return False
    if name.endswith(".py"):
        return _DRIFT_LIBRARIES.search(text) is not None
    if name.endswith(".json"):
        return '"panels"' in text and _grafana_dashboard(text, path)
    return _PROMETHEUS_HINT.search(text) is not None and _alerting_rules(text, path)


def _grafana_dashboard(text: str, path: str) -> bool:
    try:
        data = structured.load_json(text, path).data
    except ParseError:
        return False
    dashboard = data.get("dashboard", data) if isinstance(data, dict) else None
    return isinstance(dashboard, dict) and isinstance(dashboard.get("panels"), list)


def _alerting_rules(text: str, path: str) -> bool:
    try:
        documents = structured.load_yaml_all(text, path)
    except ParseError:
        return False
    for document in documents:
        data = document.data
        spec = data.get("spec", data) if isinstance(data, dict) else None
        groups = spec.get("groups") if isinstance(spec, dict) else None
        for group in groups if isinstance(groups, list) else []:
            rules = group.get("rules") if isinstance(group, dict) else None
            if any(isinstance(rule, dict) and "alert" in rule for rule in (rules if isinstance(rules, list) else [])):
                return True
    return False


@hookimpl
def readycheck_checks() -> list[Check]:
    return [monitoring_configured]
