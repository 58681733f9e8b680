"""Deployment safety: a new model reaches users gradually (canary, blue-green, shadow), and the platform can
tell a healthy replica from a broken one (probes, limits, HEALTHCHECK): the evidence of failover."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from readycheck.artifacts import Repository
from readycheck.artifacts.kubernetes import KubeObject, containers, is_workload, objects
from readycheck.artifacts.project import declarations
from readycheck.hookspecs import hookimpl
from readycheck.model import REPOSITORY, Check, Violation, check, missing_evidence

STRATEGIES = ("canary", "shadow", "blue-green")
SAGEMAKER_FILES = ("**/*.py", "**/*.json", "**/*.yaml", "**/*.yml", "**/*.tf")
_SAGEMAKER_ROLLBACK = re.compile(r"AutoRollbackConfiguration|auto_rollback_configuration")
_SAGEMAKER = re.compile(r"AWS::SageMaker::Endpoint\b|\baws_sagemaker_endpoint\b|\b(?:create|update)_endpoint\s*\(")
"""A SageMaker endpoint being deployed (CloudFormation, Terraform, boto3), not a mention of SageMaker."""
DEPLOY_PRODUCE = (
    "Commit the deployment manifests (Kubernetes, KServe, Seldon, Argo Rollouts), or declare the strategy in "
    "readycheck.yaml: 'deploy: {strategy: canary}'."
)


@check(
    "deploy/progressive",
    description="Deployment is progressive: canary, blue-green or shadow, not all traffic at once.",
    help="A new model version should meet a slice of real traffic before all of it, with a way back. "
    "Accepted evidence: KServe 'canaryTrafficPercent', an Argo Rollouts Rollout with 'strategy.canary' or "
    "'strategy.blueGreen', a Flagger Canary, Seldon traffic splits (several predictors with 'traffic') or a "
    "'shadow' predictor, a Seldon Core 2 Experiment, SageMaker's 'AutoRollbackConfiguration' (where an endpoint is "
    "deployed: CloudFormation AWS::SageMaker::Endpoint, Terraform aws_sagemaker_endpoint, boto3 create_endpoint or "
    "update_endpoint), or 'deploy.strategy' (canary, shadow, blue-green) in readycheck's config "
    "('all-at-once' is a finding). Kubernetes "
    "manifests are the files of the 'kubernetes' artifact kind. Not applicable when the repository holds no "
    "deployment at all (no workload manifest, no SageMaker configuration, no config).",
    fix="Deploy through a canary: KServe canaryTrafficPercent, an Argo Rollout, or Seldon traffic splits.",
    level="note",
    scope=REPOSITORY,
    area="operations",
    params={"type": "object", "additionalProperties": False, "properties": {}},
    example="deploy/progressive: warning",
)
def deploy_progressive(repo: Repository, params: Mapping[str, Any]) -> Iterator[Violation]:
    deploy = declarations(repo).get("deploy")
    strategy = deploy.get("strategy") if isinstance(deploy, dict) else None
    if strategy in STRATEGIES:
        return
    if strategy == "all-at-once":  # declared, so not 'not applicable': the finding the rule exists for
        yield Violation(
            "the config declares deploy.strategy 'all-at-once': every release meets all traffic", key="config"
        )
        return
    manifests = objects(repo)
    if any(_progressive(obj) for obj in manifests):
        return
    sagemaker = [path for path in repo.glob(SAGEMAKER_FILES) if _deploys_sagemaker(repo, path)]
    if any(_SAGEMAKER_ROLLBACK.search(repo.source(path).text) for path in sagemaker):
        return
    workloads = [obj for obj in manifests if is_workload(obj)]
    if workloads:
        first = workloads[0]
        names = ", ".join(obj.name for obj in workloads[:3]) + (" …" if len(workloads) > 3 else "")
        yield Violation(
            f"no progressive delivery: {len(workloads)} workload(s) ({names}) roll out to all traffic at once",
            path=first.path,
            line=first.line,
            key="workloads",
        )
    elif sagemaker:
        yield Violation(
            "SageMaker deployment without AutoRollbackConfiguration (or a blue/green DeploymentConfig)",
            path=sagemaker[0],
            key="sagemaker",
        )
    else:
        yield missing_evidence("no deployment manifest or deploy.strategy in readycheck's config", DEPLOY_PRODUCE)


def _progressive(obj: KubeObject) -> bool:
    if obj.kind == "InferenceService":
        return any(
            isinstance(obj.get("spec", component, "canaryTrafficPercent"), (int, float))
            for component in ("predictor", "transformer")
        )
    if obj.kind == "Rollout" and obj.api_group == "argoproj.io":
        strategy = obj.get("spec", "strategy")
        return isinstance(strategy, dict) and bool({"canary", "blueGreen"} & set(strategy))
    if obj.kind == "Canary" and obj.api_group == "flagger.app":
        return True
    if obj.kind == "Experiment" and obj.api_group == "mlops.seldon.io":
        return True
    if obj.kind == "SeldonDeployment":
        predictors = obj.get("spec", "predictors")
        items = [p for p in predictors if isinstance(p, dict)] if isinstance(predictors, list) else []
        return any(p.get("shadow") is True for p in items) or sum("traffic" in p for p in items) > 1
    return False


def _deploys_sagemaker(repo: Repository, path: str) -> bool:
    text = repo.config_text(path)
    return text is not None and _SAGEMAKER.search(text) is not None and "sagemaker" in text.lower()


DOCKERFILES = ("**/Dockerfile", "**/Dockerfile.*", "**/*.Dockerfile")
_SERVER = re.compile(
    r"\b(uvicorn|gunicorn|hypercorn|flask\s+run|bentoml\s+serve|mlflow\s+models\s+serve|torchserve|"
    r"tensorflow_model_server|streamlit\s+run|fastapi\s+run|waitress-serve|ray\s+serve|seldon-core-microservice)\b"
)
_INSTRUCTION = re.compile(r"^\s*(EXPOSE|HEALTHCHECK|CMD|ENTRYPOINT)\b", re.IGNORECASE | re.MULTILINE)


@check(
    "deploy/health-probes",
    description="Workloads declare readiness and liveness probes and resource limits; services a health check.",
    help="Without a readiness probe, traffic reaches a replica still loading its model; without a liveness "
    "probe, a hung replica is never restarted; without resource limits, one replica can starve the node. Each "
    "container of a Kubernetes workload (Deployment, StatefulSet, DaemonSet, Argo Rollout, KServe "
    "InferenceService, SeldonDeployment) needs 'readinessProbe', 'livenessProbe' and 'resources.limits': one "
    "finding per missing item, at the container's line. A Dockerfile of a service (EXPOSE, or a server "
    "command such as uvicorn, gunicorn, bentoml serve, mlflow models serve) needs a HEALTHCHECK, unless a "
    "manifest probes its containers. Not applicable when the repository has neither.",
    fix="Add readinessProbe and livenessProbe (an HTTP GET on the health endpoint) and resources.limits.",
    level="warning",
    scope=REPOSITORY,
    area="operations",
    params={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "require": {
                "type": "array",
                "items": {"enum": ["readinessProbe", "livenessProbe", "limits"]},
                "default": ["readinessProbe", "livenessProbe", "limits"],
                "description": "What each workload container must declare.",
            }
        },
    },
    example="deploy/health-probes:\n  with: {require: [readinessProbe, limits]}",
)
def deploy_health_probes(repo: Repository, params: Mapping[str, Any]) -> Iterator[Violation]:
    workloads = [obj for obj in objects(repo) if is_workload(obj)]
    probed = False
    for obj in workloads:
        for container in containers(obj):
            probed = probed or "readinessProbe" in container.data or "livenessProbe" in container.data
            missing = [item for item in params["require"] if not _declares(container.data, item)]
            for item in missing:
                what = "resource limits" if item == "limits" else item
                yield Violation(
                    f"{container.name} has no {what}",
                    path=obj.path,
                    line=container.line,
                    key=f"{container.name}:{item}",
                )
    services = [path for path in repo.glob(DOCKERFILES) if _is_service(repo.source(path).text)]
    for path in services:
        text = repo.source(path).text
        if not probed and not re.search(r"^\s*HEALTHCHECK\s+(?!NONE)", text, re.IGNORECASE | re.MULTILINE):
            yield Violation(
                "this service image has no HEALTHCHECK, and no manifest probes its containers",
                path=path,
                line=_service_line(text),
                key="healthcheck",
            )
    if not workloads and not services:
        yield missing_evidence(
            "no Kubernetes workload and no Dockerfile of a service", "Nothing to check until the service is deployed."
        )


def _declares(container: dict[str, Any], item: str) -> bool:
    if item == "limits":
        resources = container.get("resources")
        return isinstance(resources, dict) and bool(resources.get("limits"))
    return isinstance(container.get(item), dict)


def _is_service(text: str) -> bool:
    instructions = {match.group(1).upper() for match in _INSTRUCTION.finditer(text)}
    return "EXPOSE" in instructions or bool(_SERVER.search(text))


def _service_line(text: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if re.match(r"^\s*(EXPOSE|CMD|ENTRYPOINT)\b", line, re.IGNORECASE):
            return number
    return 1


@hookimpl
def readycheck_checks() -> list[Check]:
    return [deploy_progressive, deploy_health_probes]
