"""deploy/progressive, deploy/health-probes and monitoring/configured on manifests as the projects'
documentation writes them: multi-document Kubernetes YAML, KServe, Argo Rollouts, Seldon, Prometheus rules,
Grafana dashboards, Dockerfiles."""

from __future__ import annotations

import json
import textwrap

import pytest
from tests.conftest import findings_of, policy_with, run, run_json

RULES = """\
deploy/progressive: note
deploy/health-probes: warning
monitoring/configured: note
"""

DEPLOYMENT = """\
apiVersion: v1
kind: Service
metadata:
  name: churn
spec:
  selector: {app: churn}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: churn
spec:
  replicas: 3
  selector:
    matchLabels: {app: churn}
  template:
    metadata:
      labels: {app: churn}
    spec:
      containers:
        - name: scorer
          image: ghcr.io/acme/churn:1.3.0
          ports: [{containerPort: 8080}]
          readinessProbe:
            httpGet: {path: /ready, port: 8080}
          livenessProbe:
            httpGet: {path: /health, port: 8080}
          resources:
            limits: {cpu: "1", memory: 2Gi}
        - name: log-shipper
          image: fluent/fluent-bit:3.0.4
"""

KSERVE_CANARY = """\
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: churn
spec:
  predictor:
    canaryTrafficPercent: 10
    model:
      modelFormat: {name: sklearn}
      storageUri: gs://acme-models/churn/v1.3.0
      readinessProbe:
        httpGet: {path: /v2/health/ready, port: 8080}
      livenessProbe:
        httpGet: {path: /v2/health/live, port: 8080}
      resources:
        limits: {cpu: "1", memory: 2Gi}
"""

ROLLOUT = """\
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: churn
spec:
  strategy:
    canary:
      steps:
        - setWeight: 20
        - pause: {duration: 10m}
  template:
    spec:
      containers:
        - name: scorer
          image: ghcr.io/acme/churn:1.3.0
"""

SELDON_SPLIT = """\
apiVersion: machinelearning.seldon.io/v1
kind: SeldonDeployment
metadata:
  name: churn
spec:
  predictors:
    - name: main
      traffic: 90
      graph: {name: classifier, type: MODEL}
    - name: candidate
      traffic: 10
      graph: {name: classifier, type: MODEL}
"""


def findings(project, files: dict[str, str], rule_id: str) -> list[dict]:
    root = project({**files, **policy_with(RULES)})
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    return findings_of(report, rule_id)


def test_containers_without_probes_or_limits_are_findings_at_their_lines(project) -> None:
    found = findings(project, {"deploy/k8s/churn.yaml": DEPLOYMENT}, "deploy/health-probes")
    container_line = DEPLOYMENT.splitlines().index("        - name: log-shipper") + 1
    assert sorted(f["message"] for f in found) == [
        "Deployment/churn container log-shipper has no livenessProbe",
        "Deployment/churn container log-shipper has no readinessProbe",
        "Deployment/churn container log-shipper has no resource limits",
    ]
    assert {(f["path"], f["line"]) for f in found} == {("deploy/k8s/churn.yaml", container_line)}


def test_a_kserve_model_spec_is_a_container(project) -> None:
    no_limits = KSERVE_CANARY.replace('      resources:\n        limits: {cpu: "1", memory: 2Gi}\n', "")
    found = findings(project, {"serving/isvc.yaml": no_limits}, "deploy/health-probes")
    assert [f["message"] for f in found] == ["InferenceService/churn model has no resource limits"]


@pytest.mark.parametrize(
    "manifest", [KSERVE_CANARY, ROLLOUT, SELDON_SPLIT], ids=["kserve-canary", "argo-rollout", "seldon-split"]
)
def test_progressive_delivery_manifests_pass(project, manifest: str) -> None:
    files = {"deploy/k8s/churn.yaml": DEPLOYMENT, "deploy/progressive.yaml": manifest}
    assert findings(project, files, "deploy/progressive") == []


def test_plain_deployments_roll_out_at_once(project) -> None:
    [finding] = findings(project, {"deploy/k8s/churn.yaml": DEPLOYMENT}, "deploy/progressive")
    assert finding["message"] == (
        "no progressive delivery: 1 workload(s) (Deployment/churn) roll out to all traffic at once"
    )
    assert finding["level"] == "note" and finding["line"] == DEPLOYMENT.splitlines().index("kind: Deployment") + 1


def test_a_kserve_service_without_canary_is_not_progressive(project) -> None:
    plain = KSERVE_CANARY.replace("    canaryTrafficPercent: 10\n", "")
    assert len(findings(project, {"isvc.yaml": plain}, "deploy/progressive")) == 1


def test_the_strategy_declared_in_the_config_counts(project) -> None:
    files = {"deploy/k8s/churn.yaml": DEPLOYMENT, "readycheck.yaml": "deploy: {strategy: shadow}\n"}
    assert findings(project, files, "deploy/progressive") == []


def test_sagemaker_auto_rollback_counts(project) -> None:
    script = textwrap.dedent(
        """\
        import boto3

        sagemaker = boto3.client("sagemaker")
        sagemaker.update_endpoint(
            EndpointName="churn",
            EndpointConfigName="churn-v13",
            DeploymentConfig={"AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "churn-5xx"}]}},
        )
        """
    )
    assert findings(project, {"deploy/sagemaker.py": script}, "deploy/progressive") == []
    without = "".join(line for line in script.splitlines(keepends=True) if "AutoRollback" not in line)
    [finding] = findings(project, {"deploy/sagemaker.py": without}, "deploy/progressive")
    assert finding["path"] == "deploy/sagemaker.py"


def test_helm_templates_and_other_yaml_are_not_manifests(project) -> None:
    files = {
        "chart/templates/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n",
        "configs/train.yaml": "epochs: 10\nkind: gradient-boosting\n",
    }
    root = project({**files, **policy_with(RULES)})
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    assert {"deploy/progressive", "deploy/health-probes"} <= set(report["summary"]["not_applicable"])
    assert not [f for f in report["findings"] if f["rule_id"].startswith(("deploy/", "readycheck/"))]


SERVICE_DOCKERFILE = """\
FROM python:3.11.9-slim
COPY . /app
RUN pip install --no-cache-dir -r /app/requirements.txt
EXPOSE 8080
CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8080"]
"""


def test_a_service_image_needs_a_healthcheck_unless_a_manifest_probes_it(project) -> None:
    [finding] = findings(project, {"Dockerfile": SERVICE_DOCKERFILE}, "deploy/health-probes")
    assert finding["message"] == "this service image has no HEALTHCHECK, and no manifest probes its containers"
    assert finding["line"] == 4
    checked = SERVICE_DOCKERFILE + "HEALTHCHECK CMD curl -f http://localhost:8080/health || exit 1\n"
    assert findings(project, {"Dockerfile": checked}, "deploy/health-probes") == []
    probed = {"Dockerfile": SERVICE_DOCKERFILE, "k8s.yaml": DEPLOYMENT.split("        - name: log-shipper")[0]}
    assert findings(project, probed, "deploy/health-probes") == []


def test_a_training_image_is_not_a_service(project) -> None:
    trainer = 'FROM python:3.11.9-slim\nCOPY train.py .\nCMD ["python", "train.py"]\n'
    root = project({"Dockerfile": trainer, **policy_with(RULES)})
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    assert "deploy/health-probes" in report["summary"]["not_applicable"]


PROMETHEUS_RULES = """\
groups:
  - name: churn-model
    rules:
      - alert: ChurnAucBelowThreshold
        expr: churn_model_auc < 0.80
        for: 30m
        labels: {severity: page}
"""


@pytest.mark.parametrize(
    "files",
    [
        {"monitoring/alerts.yml": PROMETHEUS_RULES},
        {
            "ops/rules.yaml": "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata: {name: churn}\n"
            "spec:\n" + textwrap.indent(PROMETHEUS_RULES, "  ")
        },
        {"dashboards/churn.json": json.dumps({"title": "Churn", "schemaVersion": 39, "panels": [{"type": "graph"}]})},
        {"monitor/drift.py": "from evidently.report import Report\n"},
        {"readycheck.yaml": "monitoring: {dashboard: 'https://grafana.acme/d/churn', alert: ChurnAucBelowThreshold}\n"},
    ],
    ids=["prometheus-rules", "prometheus-operator", "grafana", "evidently", "config"],
)
def test_monitoring_evidence(project, files: dict[str, str]) -> None:
    assert findings(project, files, "monitoring/configured") == []


def test_no_monitoring_is_missing_evidence_and_a_half_declared_config_names_what_is_missing(project) -> None:
    [finding] = findings(project, {"src/a.py": "import pandas\n"}, "monitoring/configured")
    assert finding["message"].startswith("required evidence is missing: no alerting rules, dashboards")
    config = {"readycheck.yaml": "monitoring: {dashboard: 'https://grafana.acme/d/churn'}\n"}
    [finding] = findings(project, config, "monitoring/configured")
    assert finding["message"] == "the config's 'monitoring' section does not name the alert"


def test_a_rules_file_without_alerts_is_not_alerting(project) -> None:
    recording = PROMETHEUS_RULES.replace("- alert: ChurnAucBelowThreshold", "- record: churn:auc:avg")
    assert len(findings(project, {"monitoring/rules.yml": recording}, "monitoring/configured")) == 1


@pytest.mark.parametrize("rule_id", ["deploy/progressive", "deploy/health-probes", "monitoring/configured"])
def test_the_explained_example_works_when_pasted(project, rule_id: str) -> None:
    snippet = run("explain", rule_id).stdout.split("example:\n", 1)[1]
    files = {"k8s.yaml": KSERVE_CANARY, "monitoring/alerts.yml": PROMETHEUS_RULES}
    root = project({**files, "policy.yaml": "readycheck: 1\n" + textwrap.dedent(snippet)})
    code, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    assert code == 0 and report["findings"] == []


def test_naming_sagemaker_is_not_deploying_to_it(project) -> None:
    """pytorch-lightning's servable validator lists "sagemaker" among server names."""
    validator = 'server: Literal["fastapi", "ml_server", "torchserve", "sagemaker"] = "fastapi"\n'
    root = project({"src/serve/validator.py": validator, **policy_with(RULES)})
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    assert "deploy/progressive" in report["summary"]["not_applicable"]


def test_a_declared_all_at_once_strategy_is_a_finding_not_a_silence(project) -> None:
    """With no manifest, the rule would be not applicable: the declaration is the evidence, and it fails."""
    [finding] = findings(project, {"readycheck.yaml": "deploy: {strategy: all-at-once}\n"}, "deploy/progressive")
    assert finding["message"] == "the config declares deploy.strategy 'all-at-once': every release meets all traffic"
