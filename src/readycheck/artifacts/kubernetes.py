"""Kubernetes manifests: the objects of every YAML document that has an ``apiVersion`` and a ``kind``,
with the line of each value, and the containers of the workloads among them (Deployments, StatefulSets,
DaemonSets, Argo Rollouts, KServe InferenceServices, Seldon deployments)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from readycheck import structured
from readycheck.artifacts import Artifact, ArtifactKind, Repository
from readycheck.errors import ParseError
from readycheck.hookspecs import hookimpl
from readycheck.structured import ValuePath

POD_TEMPLATE_KINDS = ("Deployment", "StatefulSet", "DaemonSet", "Rollout", "ReplicaSet", "Job")
KSERVE_COMPONENTS = ("predictor", "transformer", "explainer")
KSERVE_FRAMEWORKS = (
    "model",
    "sklearn",
    "xgboost",
    "lightgbm",
    "tensorflow",
    "pytorch",
    "triton",
    "onnx",
    "huggingface",
    "pmml",
    "paddle",
)


@dataclass(frozen=True)
class KubeObject:
    """One object of a manifest file: ``document`` keeps the lines of the whole file."""

    path: str
    data: dict[str, Any]
    document: structured.Document

    @property
    def kind(self) -> str:
        return str(self.data.get("kind", ""))

    @property
    def api_group(self) -> str:
        return str(self.data.get("apiVersion", "")).rpartition("/")[0]

    @property
    def name(self) -> str:
        metadata = self.data.get("metadata")
        name = metadata.get("name") if isinstance(metadata, dict) else None
        return f"{self.kind}/{name}" if isinstance(name, str) else self.kind

    @property
    def line(self) -> int:
        return self.document.line_of(("kind",)) or 1

    def get(self, *keys: str | int) -> Any:
        value: Any = self.data
        for key in keys:
            if isinstance(key, int):
                value = value[key] if isinstance(value, list) and -len(value) <= key < len(value) else None
            else:
                value = value.get(key) if isinstance(value, dict) else None
        return value

    def line_of(self, *keys: str | int) -> int:
        return self.document.line_of(keys) or self.line


@dataclass(frozen=True)
class Container:
    """A container of a workload (or a KServe model spec, which is one), and where it sits."""

    owner: KubeObject
    keys: ValuePath
    data: dict[str, Any]

    @property
    def name(self) -> str:
        name = self.data.get("name")
        return f"{self.owner.name} container {name}" if isinstance(name, str) else f"{self.owner.name} {self.keys[-1]}"

    @property
    def line(self) -> int:
        return self.owner.line_of(*self.keys)


def _parse(artifact: Artifact) -> list[KubeObject]:
    text = artifact.text
    if "apiVersion" not in text or "kind" not in text:
        return []  # most YAML files are not manifests: do not parse them twice
    objects = []
    for document in structured.load_yaml_all(text, artifact.path):
        data = document.data
        if isinstance(data, dict) and isinstance(data.get("apiVersion"), str) and isinstance(data.get("kind"), str):
            objects.append(KubeObject(artifact.path, data, document))
    return objects


def objects(repo: Repository) -> list[KubeObject]:
    """Every object of every manifest the kind's globs find; files that are not YAML (Helm templates,
    with their ``{{ }}``) hold none."""
    found = []
    for artifact in repo.artifacts("kubernetes"):
        try:
            found += artifact.data
        except ParseError:
            continue
    return found


def is_workload(obj: KubeObject) -> bool:
    return any(True for _ in containers(obj))


def containers(obj: KubeObject) -> Iterator[Container]:
    """The containers of a workload; nothing for other objects."""
    if obj.kind in POD_TEMPLATE_KINDS:
        yield from _listed(obj, ("spec", "template", "spec", "containers"))
    elif obj.kind == "InferenceService" and obj.api_group == "serving.kserve.io":
        for component in KSERVE_COMPONENTS:
            yield from _listed(obj, ("spec", component, "containers"))
            for framework in KSERVE_FRAMEWORKS:
                spec = obj.get("spec", component, framework)
                if isinstance(spec, dict):
                    yield Container(obj, ("spec", component, framework), spec)
    elif obj.kind == "SeldonDeployment":
        predictors = obj.get("spec", "predictors")
        for index in range(len(predictors) if isinstance(predictors, list) else 0):
            specs = obj.get("spec", "predictors", index, "componentSpecs")
            for spec_index in range(len(specs) if isinstance(specs, list) else 0):
                path = ("spec", "predictors", index, "componentSpecs", spec_index, "spec", "containers")
                yield from _listed(obj, path)


def _listed(obj: KubeObject, keys: ValuePath) -> Iterator[Container]:
    items = obj.get(*keys)
    for index, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict):
            yield Container(obj, (*keys, index), item)


KIND = ArtifactKind(
    "kubernetes",
    ("**/*.yaml", "**/*.yml"),
    "Kubernetes manifests: the objects (apiVersion and kind) of multi-document YAML files, with lines.",
    _parse,
)


@hookimpl
def readycheck_artifact_kinds() -> list[ArtifactKind]:
    return [KIND]
