"""The plugin kit end to end: the example plugin installed into a fresh virtual environment, its own tests
(written with readycheck.testing), mypy --strict on the public API and the plugin, run hooks, crashing
plugin checks, and pytest --readycheck against readycheck check on the bundled example."""

from __future__ import annotations

import datetime
import json
import re
import shutil
import subprocess
import sys
import sysconfig
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from tests.conftest import REPO_ROOT, run_json

from readycheck.testing import run_policy, write_repository

PLUGIN = REPO_ROOT / "examples" / "plugin-example"
EXAMPLE = REPO_ROOT / "examples" / "churn-model"
PYTEST_READYCHECK = [sys.executable, "-m", "pytest", "--readycheck", "-m", "readycheck", "--ignore=tests"]
PYTEST_READYCHECK += ["-p", "no:cacheprovider", "-q"]


def run(command: list[str], cwd: Path, **extra: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False, **extra)  # type: ignore[call-overload]


@pytest.fixture(scope="module")
def fresh_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new virtual environment with the example plugin pip-installed from its folder, as a lead would.
    readycheck itself comes from this checkout (a .pth file), so no download but the plugin's build
    backend is needed."""
    return venv_with(PLUGIN, tmp_path_factory.mktemp("venv") / "env")


def venv_with(package: Path, venv: Path) -> Path:
    """A new virtual environment with ``package`` pip-installed from its folder; readycheck and pytest
    come from this checkout's environment (a .pth file). Returns its python."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], venv).stdout.strip())
    (site / "readycheck-checkout.pth").write_text(f"{REPO_ROOT / 'src'}\n{sysconfig.get_path('purelib')}\n")
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", str(package)]
    installed = run(pip, venv)
    assert installed.returncode == 0, installed.stderr
    return python


def test_the_installed_plugin_lists_its_rules_and_they_fire(fresh_venv: Path, tmp_path: Path) -> None:
    listed = run([str(fresh_venv), "-m", "readycheck", "rules"], tmp_path)
    assert listed.returncode == 0, listed.stderr
    lines = [line for line in listed.stdout.splitlines() if line.startswith("example/")]
    assert [line.split()[0] for line in lines] == [
        "example/card-version",
        "example/datasheet",
        "example/notebook-manifest",
    ]
    assert all(line.endswith("[plugin example (readycheck-example 1.0.0)]") for line in lines)
    explained = run([str(fresh_venv), "-m", "readycheck", "explain", "example/datasheet"], tmp_path).stdout
    assert "plugin: example (readycheck-example 1.0.0)" in explained
    assert "more: https://docs.example.org/readycheck-example/datasheet" in explained
    write_repository(
        tmp_path,
        {
            "readycheck.yaml": "policy: [team.yaml]\n",
            "team.yaml": "readycheck: 1\nextends: ['example:strict']\n",
            "data/raw/part.csv": "a\n",
        },
    )
    checked = run([str(fresh_venv), "-m", "readycheck", "check", "--format", "json", "--no-cache", "."], tmp_path)
    assert checked.returncode == 1, checked.stderr
    findings = json.loads(checked.stdout)["findings"]
    assert [(f["rule_id"], f["message"]) for f in findings] == [("example/datasheet", "data/raw: no DATASHEET.md")]


def test_the_plugins_own_tests_pass_with_readycheck_testing(fresh_venv: Path) -> None:
    tests = run([str(fresh_venv), "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"], PLUGIN)
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "4 passed" in tests.stdout


def test_mypy_strict_passes_on_the_public_api_and_the_example_plugin() -> None:
    sources = [str(REPO_ROOT / "src/readycheck/__init__.py"), str(PLUGIN / "src/readycheck_example/__init__.py")]
    checked = run([sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent", *sources], REPO_ROOT)
    assert checked.returncode == 0, checked.stdout


def test_the_example_plugin_uses_only_public_names() -> None:
    import readycheck

    source = (PLUGIN / "src/readycheck_example/__init__.py").read_text(encoding="utf-8")
    imported = re.findall(r"^from readycheck(\S*) import (.+)$", source, re.MULTILINE)
    assert imported and all(module == "" for module, _ in imported)
    for _, names in imported:
        for name in names.split(","):
            assert name.strip() in readycheck.__all__


HOOKS = """
import readycheck

SEEN = {}

@readycheck.hookimpl
def readycheck_configure(config):
    SEEN["settings"] = dict(config.settings_for("acme"))

@readycheck.hookimpl
def readycheck_run_finished(result, config):
    SEEN["rules"] = sorted(rule.id for rule in result.rules)
    raise RuntimeError("the chat server is down")

@readycheck.check("acme/boom", description="d", help="h", fix="f", kinds=("text",))
def boom(artifact, params):
    raise ValueError("boom")
    yield

@readycheck.hookimpl
def readycheck_checks():
    return [boom]
"""


def test_run_hooks_see_settings_and_result_and_crashes_name_the_plugin(tmp_path: Path) -> None:
    import importlib.util

    (tmp_path / "acme_hooks.py").write_text(HOOKS, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("acme_hooks", tmp_path / "acme_hooks.py")
    assert spec is not None and spec.loader is not None
    plugin = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(plugin)
    root = write_repository(
        tmp_path / "repo", {"readycheck.yaml": "plugin_settings:\n  acme: {channel: '#ml'}\n", "notes.txt": "x\n"}
    )
    result = run_policy(root, {"acme/boom": {"paths": ["notes.txt"]}}, plugins=[plugin])
    assert plugin.SEEN == {"settings": {"channel": "#ml"}, "rules": ["acme/boom"]}
    messages = sorted(f.message for f in result.findings if f.rule_id == "readycheck/check-error")
    assert messages == [
        "check acme/boom (rule acme/boom, plugin acme_hooks (acme_hooks)) crashed: ValueError: boom",
        "plugin 'acme_hooks' failed in readycheck_run_finished: RuntimeError: the chat server is down",
    ]


def test_pytest_readycheck_gives_the_verdicts_of_readycheck_check(tmp_path: Path) -> None:
    import xmlschema

    example = tmp_path / "churn-model"
    shutil.copytree(
        EXAMPLE, example, ignore=shutil.ignore_patterns(".readycheck_cache", "__pycache__", ".pytest_cache")
    )
    plan = example / "docs" / "ROLLBACK.md"
    recent = (datetime.date.today() - datetime.timedelta(days=20)).isoformat()
    plan.write_text(re.sub(r"last_tested: \d{4}-\d{2}-\d{2}", f"last_tested: {recent}", plan.read_text()))
    _, report = run_json(str(example), "--no-cache", "--fail-on", "warning")
    failing = {
        (f["rule_id"], f["path"]) for f in report["findings"] if f["suppression"] is None and f["level"] != "note"
    }
    (example / "readycheck.yaml").write_text((example / "readycheck.yaml").read_text() + "fail_on: warning\n")
    junit = tmp_path / "readiness.xml"
    outcome = run([*PYTEST_READYCHECK, "-rA", f"--junitxml={junit}", "-o", "junit_family=xunit2"], example)
    assert outcome.returncode == 1, outcome.stdout + outcome.stderr
    xmlschema.XMLSchema(str(REPO_ROOT / "tests" / "schemas" / "junit-jenkins.xsd")).validate(str(junit))
    testcases = ET.parse(junit).getroot().iter("testcase")
    cases = {f"{case.get('classname', '').split('readycheck.', 1)[-1]}::{case.get('name')}": case for case in testcases}
    failed = {name for name, case in cases.items() if case.find("failure") is not None}
    assert failed == {f"{rule}::{path}" for rule, path in failing} != set()
    assert len(cases) > 40 and {name.split("::")[0] for name in cases} >= {"notebook/valid", "ownership/codeowners"}
    selected = run([*PYTEST_READYCHECK, "--co", "-k", "notebook"], example)
    names = [line for line in selected.stdout.splitlines() if "::" in line]
    assert names and all("notebook" in name for name in names)


def _tutorial_blocks() -> list[tuple[str, str]]:
    text = (REPO_ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    tutorial = text.split("## Tutorial", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```(\w+)\n(.*?)```", tutorial, re.DOTALL)


def test_the_tutorial_of_docs_plugins_md_gives_a_working_tested_plugin(tmp_path: Path) -> None:
    """The tutorial's own files, as a reader would paste them: the pyproject, the check module and the test,
    pip-installed into a new virtual environment, then its test run and its rule used."""
    blocks = _tutorial_blocks()
    pyproject = next(body for language, body in blocks if language == "toml")
    module = next(body for language, body in blocks if language == "python" and "readycheck_checks" in body)
    test = next(body for language, body in blocks if language == "python" and "def test_" in body)
    package = write_repository(
        tmp_path / "readycheck-acme",
        {"pyproject.toml": pyproject, "src/readycheck_acme/__init__.py": module, "tests/test_acme.py": test},
    )
    python = venv_with(package, tmp_path / "venv")
    tested = run([str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"], package)
    assert tested.returncode == 0 and "1 passed" in tested.stdout, tested.stdout + tested.stderr
    listed = run([str(python), "-m", "readycheck", "rules"], tmp_path).stdout
    assert "acme/datasheet" in listed and "[plugin acme (readycheck-acme 0.1.0)]" in listed
    repository = write_repository(tmp_path / "team", {"data/raw/a.csv": "a\n", "readycheck.yaml": "policy: [p.yaml]\n"})
    (repository / "p.yaml").write_text("readycheck: 1\nrules:\n  acme/datasheet: error\n", encoding="utf-8")
    checked = run([str(python), "-m", "readycheck", "check", "--no-cache", "."], repository)
    assert checked.returncode == 1 and "data/raw: no DATASHEET.md" in checked.stdout, checked.stdout + checked.stderr
