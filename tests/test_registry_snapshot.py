"""The registry snapshot: a warm run imports only the plugin code it calls, sees exactly what a full
build sees, and never uses a snapshot its plugins' files have outgrown."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import findings_of, policy_with, run, run_json, with_plugin

from readycheck.errors import PluginError
from readycheck.plugins import _Loader, load_registry
from readycheck.snapshot import Deferred

IMPORTED = """
import sys
from readycheck.cli import main
try:
    main(["check", "--format", "json", *sys.argv[1:]])
except SystemExit as stop:
    code = stop.code
wanted = ("readycheck.checks.code", "readycheck.checks.model_card", "readycheck.artifacts.model_card")
print(code, sorted(name for name in wanted if name in sys.modules))
"""


def _imported(root: Path, *args: str) -> tuple[str, dict]:
    """Run readycheck in a fresh interpreter: what it imported of ``IMPORTED``'s list, and its report."""
    done = subprocess.run(
        [sys.executable, "-c", IMPORTED, *args], cwd=root, capture_output=True, text=True, check=False
    )
    *report, last = done.stdout.splitlines()
    return last, json.loads("\n".join(report))


def test_a_warm_run_imports_only_the_checks_it_runs(project) -> None:
    root = project(
        {"app.py": "x = 1\n", "MODEL_CARD.md": "# Model card\n", "readycheck.yaml": "policy: [recommended]\n"}
    )
    first, full = _imported(root, "app.py")
    assert first.endswith(
        "['readycheck.artifacts.model_card', 'readycheck.checks.code', 'readycheck.checks.model_card']"
    )  # no snapshot yet: the registry is built
    hit, cached = _imported(root, "app.py")
    assert hit.endswith(" []")  # a cache hit runs no check: no check module is imported
    (root / "app.py").write_text("x = 2\n", encoding="utf-8")
    miss, edited = _imported(root, "app.py")
    assert miss.endswith("['readycheck.checks.code']")  # the model card's checks stay unimported
    uncached, _ = _imported(root, "--no-cache", "app.py")
    assert uncached.endswith("['readycheck.checks.code']")  # no results cache, but the installed code's snapshot
    assert full["findings"] == cached["findings"]
    assert [f["rule_id"] for f in edited["findings"]] == [f["rule_id"] for f in full["findings"]]


def test_repositories_without_local_plugins_share_one_snapshot(project, tmp_path: Path) -> None:
    files = {"app.py": "x = 1\n", "MODEL_CARD.md": "# Model card\n", "readycheck.yaml": "policy: [recommended]\n"}
    first = project(files)
    _imported(first, "app.py")
    second = tmp_path / "another"
    for name, text in files.items():
        (second / name).parent.mkdir(parents=True, exist_ok=True)
        (second / name).write_text(text, encoding="utf-8")
    imported, _ = _imported(second, "app.py")
    assert imported.endswith("['readycheck.checks.code']")  # its first run: the snapshot of the first one


def test_a_snapshot_describes_the_registry_a_build_makes() -> None:
    built = load_registry()  # each test has a user cache of its own: this one builds
    restored = load_registry()
    assert not any(isinstance(check.function, Deferred) for check in built.checks.values())
    assert any(isinstance(check.function, Deferred) for check in restored.checks.values())
    for check_id, check in built.checks.items():
        twin = restored.checks[check_id]
        assert twin._replace(function=check.function) == check, check_id
        if isinstance(twin.function, Deferred):
            assert twin.function.resolve() is check.function
    for name, kind in built.kinds.items():
        twin = restored.kinds[name]
        assert (twin.patterns, twin.description, twin.generated) == (kind.patterns, kind.description, kind.generated)
        assert (twin.parse is None, twin.directives is None) == (kind.parse is None, kind.directives is None)
        if isinstance(twin.parse, Deferred):
            assert twin.parse.resolve() is kind.parse
    assert list(restored.reporters) == list(built.reporters)
    assert (restored.packs, restored.areas, restored.signature) == (built.packs, built.areas, built.signature)
    assert restored.plugins == built.plugins


PLUGIN = """
import readycheck
from readycheck import Violation


@readycheck.check(
    "team/no-todo",
    description="No TODO markers.",
    help="TODO markers are unfinished work.",
    fix="Finish it.",
    level="LEVEL",
    kinds=["text"],
    paths=["a.py"],
)
def no_todo(artifact, params):
    if "TODO" in artifact.data:
        yield Violation("a TODO marker", line=1)


@readycheck.hookimpl
def readycheck_checks():
    return [no_todo]


@readycheck.hookimpl
def readycheck_run_finished(result, config):
    with open(config.settings_for("team")["log"], "a", encoding="utf-8") as log:
        log.write(f"{len(result.findings)}\\n")
"""


def _plugin_project(project, tmp_path: Path, level: str) -> Path:
    log = tmp_path / "hook.log"
    return project(
        {
            "team.py": PLUGIN.replace("LEVEL", level),
            "a.py": "# TODO\n",
            "readycheck.yaml": f"plugins: [team.py]\npolicy: [policy.yaml]\nplugin_settings: {{team: {{log: '{log}'}}}}\n",
            **policy_with("team/no-todo: {}\n"),
        }
    )


def test_a_changed_local_plugin_is_registered_anew(project, tmp_path: Path) -> None:
    root = _plugin_project(project, tmp_path, "warning")
    _, first = run_json(str(root))
    _, again = run_json(str(root))
    assert (
        [f["level"] for f in findings_of(again, "team/no-todo")]
        == ["warning"]
        == [f["level"] for f in findings_of(first, "team/no-todo")]
    )
    (root / "team.py").write_text(PLUGIN.replace("LEVEL", "error") + "\n# edited\n", encoding="utf-8")
    code, changed = run_json(str(root))
    assert [f["level"] for f in findings_of(changed, "team/no-todo")] == ["error"]
    assert code == 1


def test_run_hooks_of_a_snapshot_still_run(project, tmp_path: Path, user_cache: Path) -> None:
    root = _plugin_project(project, tmp_path, "warning")
    for _ in range(3):
        run_json(str(root))
    assert (tmp_path / "hook.log").read_text(encoding="utf-8").splitlines() == ["1", "1", "1"]
    records = [path.read_bytes() for path in (user_cache / "installed").glob("*.json")]
    assert any(b'"run_hooks": ["readycheck_run_finished"]' in record for record in records)  # a snapshot was used


def test_a_snapshot_naming_a_plugin_that_is_gone_is_a_clear_error_and_is_dropped(tmp_path: Path) -> None:
    dropped: list[str] = []
    loader = _Loader([], ["team.py"], tmp_path, lambda: dropped.append("snapshot"))
    with pytest.raises(PluginError, match="'acme' is no longer installed"):
        loader.function("acme", "check", "acme/x", "function")
    (tmp_path / "evil.py").write_text("raise SystemExit('imported')\n")
    with pytest.raises(PluginError, match=re.escape("'local:evil.py' is no longer installed")):  # not configured
        loader.function("local:evil.py", "check", "x/y", "function")
    with pytest.raises(PluginError, match="no longer registers check 'notebook/gone'"):
        loader.function("readycheck.checks.notebook", "check", "notebook/gone", "function")
    assert dropped == ["snapshot"] * 3  # the next run builds the registry anew


def test_a_dropped_record_is_gone(user_cache: Path) -> None:
    from readycheck.plugins import installed_memory

    memory = installed_memory()
    memory.keep("a", [1])
    memory.keep("b", [2])
    assert installed_memory().recall("a") == [1]
    installed_memory().forget("a")
    assert (installed_memory().recall("a"), installed_memory().recall("b")) == (None, [2])


def test_a_snapshot_in_another_shape_is_not_used(tmp_path: Path) -> None:
    from readycheck.snapshot import restore

    load = _Loader([], [], tmp_path, lambda: None).function
    assert restore({"files": [], "checks": [{"id": "x/y"}]}, load, lambda: None) is None
    assert restore(None, load, lambda: None) is None


def _explain_level(root: Path, *pythonpath: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", "from readycheck.cli import main; main(['explain', 'code/complexity'])"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(pythonpath)},
    )
    return next(line for line in done.stdout.splitlines() if line.startswith("default level:")).split()[2]


def test_two_installs_of_one_version_have_a_snapshot_each(project, tmp_path: Path) -> None:
    import readycheck

    root = project({"readycheck.yaml": "policy: [recommended]\n"})
    copy = tmp_path / "site" / "readycheck"
    shutil.copytree(Path(readycheck.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__"))
    module = copy / "checks" / "code.py"
    module.write_text(
        module.read_text().replace(
            'level="warning",\n    kinds=("python", "notebook")', 'level="error",\n    kinds=("python", "notebook")', 1
        )
    )
    assert _explain_level(root) == "warning"
    assert _explain_level(root, str(tmp_path / "site")) == "error"  # not the other install's snapshot
    assert _explain_level(root) == "warning"


def test_a_helper_module_of_a_local_plugin_is_watched_too(project) -> None:
    helper = "LEVEL = 'warning'\n"
    plugin = PLUGIN.replace('level="LEVEL"', "level=LEVEL").replace(
        "import readycheck\n", "import readycheck\nfrom team_rules import LEVEL\n", 1
    )
    root = project(
        {
            "team.py": plugin,
            "team_rules.py": helper,
            "a.py": "# TODO\n",
            "readycheck.yaml": "plugins: [team]\npolicy: [policy.yaml]\n",
            **policy_with("team/no-todo: {}\n"),
        }
    )
    assert [f["level"] for f in findings_of(_imported(root, "a.py")[1], "team/no-todo")] == ["warning"]
    (root / "team_rules.py").write_text("LEVEL = 'error'\n", encoding="utf-8")
    assert [f["level"] for f in findings_of(_imported(root, "a.py")[1], "team/no-todo")] == ["error"]


def test_the_first_entry_point_of_a_name_is_the_one_loaded_as_in_a_build(tmp_path: Path) -> None:
    loader = _Loader([("acme", "a_rc:plugin", "a-rc 1"), ("acme", "b_rc:plugin", "b-rc 1")], [], tmp_path, lambda: None)
    assert loader.points["acme"] == ("a_rc:plugin", "a-rc 1")


def test_code_that_cannot_be_watched_gets_no_snapshot() -> None:
    from readycheck.snapshot import take

    registry = load_registry()
    assert take(registry, [Path(__file__)]) is not None
    assert take(registry, [Path(__file__), Path("/nonexistent/module.py")]) is None


BREAKS = """
import os
import readycheck
from readycheck import Violation

if os.path.exists("broken.flag"):
    raise ImportError("a dependency is gone")


@readycheck.check("team/always", description="d", help="h", fix="f", scope="repository")
def always(repo, params):
    yield Violation("the repository-wide check ran")


@readycheck.hookimpl
def readycheck_checks():
    return [always]
"""


def test_a_plugin_that_no_longer_imports_stops_the_run_with_its_reason(project) -> None:
    root = project(
        {
            **with_plugin("team.py", BREAKS, "team/always: {}\n"),
        }
    )
    code, report = run_json(str(root))
    assert findings_of(report, "team/always") and code == 0
    (root / "broken.flag").write_text("", encoding="utf-8")
    failed = run("check", str(root))
    assert failed.exit_code == 2  # an error of the run, as without a snapshot: not a crash of one check
    assert "local plugin 'team.py' failed to import: ImportError: a dependency is gone" in failed.stderr


def test_only_the_most_recent_snapshots_are_kept(user_cache: Path) -> None:
    import time

    from readycheck.plugins import INSTALLED_KEPT, installed_memory

    for index in range(INSTALLED_KEPT + 4):
        installed_memory().keep(f"key{index}", [index])
        time.sleep(0.002)  # distinct modification times
    kept = sorted(path.stem for path in (user_cache / "installed").glob("*.json"))
    assert kept == sorted(f"key{index}" for index in range(4, INSTALLED_KEPT + 4))
