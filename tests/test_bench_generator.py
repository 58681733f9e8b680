"""The benchmark's synthetic repository (benchmarks/synthetic.py) as a fixture: deterministic, holding the
kinds of files it promises, and scanned alike by one worker and two."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import nbformat
import pytest

SYNTHETIC = Path(__file__).resolve().parents[1] / "benchmarks" / "synthetic.py"
SCALE = 0.02  # 40 modules, 6 notebooks, 1 model card, 1 metric report, 400 other files


def _load_synthetic() -> ModuleType:
    """Import benchmarks/synthetic.py by path: benchmarks/ is not a package, and this keeps it off sys.path."""
    spec = importlib.util.spec_from_file_location("readycheck_bench_synthetic", SYNTHETIC)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _digests(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def synthetic() -> ModuleType:
    return _load_synthetic()


@pytest.fixture(scope="module")
def repository(synthetic: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("synthetic") / "repo"
    synthetic.generate(root, SCALE)
    return root


def test_generation_is_deterministic(synthetic: ModuleType, repository: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    synthetic.generate(again, SCALE)
    first, second = _digests(repository), _digests(again)
    assert list(first) == list(second)
    assert first == second


def test_it_holds_the_kinds_of_files_it_promises(synthetic: ModuleType, repository: Path) -> None:
    manifest = json.loads((repository / synthetic.MANIFEST).read_text())
    assert manifest["scale"] == SCALE
    assert manifest["files"] == sum(n for kind, n in manifest["counts"].items() if kind != "ignored")

    notebooks = sorted(repository.glob("notebooks/*/*.ipynb"))
    assert [p.relative_to(repository).as_posix() for p in notebooks] == sorted(manifest["notebooks"])
    assert len(notebooks) == manifest["counts"]["notebooks"] >= 1
    for path in notebooks:
        notebook = nbformat.read(path, as_version=nbformat.NO_CONVERT)
        nbformat.validate(notebook)  # raises on an invalid notebook
        assert notebook.nbformat == 4 and any(cell.cell_type == "code" for cell in notebook.cells)

    cards = sorted(repository.glob("models/*/MODEL_CARD.md"))
    assert cards and all(card.read_text().startswith("---\nmodel_name: ") for card in cards)
    reports = sorted(repository.glob("reports/*/metrics.json"))
    assert reports and all("auc" in json.loads(report.read_text())["eval"] for report in reports)

    modules = [p for p in manifest["modules"] if not p.endswith("__init__.py")]
    assert modules and all((repository / p).is_file() for p in manifest["modules"])
    compile((repository / modules[0]).read_text(), modules[0], "exec")  # valid Python

    config = (repository / "readycheck.yaml").read_text()
    assert "policy: [recommended, policies/team.yaml]" in config
    assert (repository / "policies" / "team.yaml").is_file()


def _scan(root: Path, jobs: int) -> dict[str, object]:
    completed = subprocess.run(
        [sys.executable, "-m", "readycheck", "check", "--no-cache", "--format", "json", "--jobs", str(jobs)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode in (0, 1), completed.stderr
    report: dict[str, object] = json.loads(completed.stdout)
    return report


def test_one_worker_and_two_find_the_same(repository: Path) -> None:
    one, two = _scan(repository, 1), _scan(repository, 2)
    assert one["findings"], "the synthetic repository is built to have findings"
    assert one["findings"] == two["findings"]
