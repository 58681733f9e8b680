"""Third-party and local plugins, found the way users install them."""

import json
import textwrap
from pathlib import Path
from xml.etree import ElementTree

import pytest
from tests.conftest import findings_of, policy_with, run, run_json, with_plugin

PLUGIN = """
import readycheck
from readycheck import Violation


@readycheck.check(
    "demo/no-fixme",
    description="No FIXME markers in Python files.",
    help="FIXME markers mean unfinished work.",
    fix="Finish the work or open an issue.",
    level="warning",
    kinds=["text"],
    paths=["**/*.py"],
    area="code-quality",
    params={"type": "object", "properties": {"word": {"type": "string", "default": "FIXME"}}},
)
def no_fixme(artifact, params):
    word = params.get("word", "FIXME")
    for number, line in enumerate(artifact.data.splitlines(), start=1):
        if word in line:
            yield Violation(f"{word} marker", line=number, column=line.index(word) + 1)


@readycheck.check(
    "demo/crashes",
    description="Always crashes.",
    help="A check with a bug.",
    fix="-",
    kinds=["text"],
    paths=["**/*.py"],
)
def crashes(artifact, params):
    raise ZeroDivisionError("boom")
    yield


@readycheck.hookimpl
def readycheck_checks():
    return [no_fixme, crashes]


@readycheck.hookimpl
def readycheck_policy_packs():
    from pathlib import Path

    return {"demo-pack": Path(__file__).with_name("demo_pack.yaml")}
"""


@pytest.fixture
def installed_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A package installed the way pip leaves it: a module and a dist-info with an entry point."""
    site = tmp_path / "site"
    (site / "readycheck_demo-1.0.dist-info").mkdir(parents=True)
    (site / "readycheck_demo.py").write_text(PLUGIN)
    (site / "demo_pack.yaml").write_text("readycheck: 1\nrules:\n  demo/no-fixme: error\n")
    (site / "readycheck_demo-1.0.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: readycheck-demo\nVersion: 1.0\n"
    )
    (site / "readycheck_demo-1.0.dist-info" / "entry_points.txt").write_text("[readycheck]\ndemo = readycheck_demo\n")
    monkeypatch.syspath_prepend(str(site))
    return site


def test_entry_point_plugin_check_is_listed_and_finds(project, installed_plugin: Path) -> None:
    root = project({"a.py": "x = 1  # FIXME later\n", **policy_with("demo/no-fixme: warning\n")})
    listed = {r["id"]: r for r in json.loads(run("rules", "--format", "json").stdout)}
    assert listed["demo/no-fixme"]["area"] == "code-quality"
    assert "demo/no-fixme" in run("explain", "demo/no-fixme").stdout
    code, report = run_json(str(root), "--policy", "policy.yaml")
    [finding] = findings_of(report, "demo/no-fixme")
    assert (finding["path"], finding["line"], finding["column"], finding["level"]) == ("a.py", 1, 10, "warning")
    assert code == 0


def test_plugin_policy_pack_is_extended_by_name(project, installed_plugin: Path) -> None:
    root = project({"a.py": "# FIXME\n", "readycheck.yaml": "policy: [demo-pack]\n"})
    code, report = run_json(str(root))
    assert [f["level"] for f in findings_of(report, "demo/no-fixme")] == ["error"]
    assert code == 1


def test_crashing_check_is_reported_and_the_run_goes_on(project, installed_plugin: Path) -> None:
    root = project(
        {"a.py": "# FIXME\n", "b.py": "ok\n", **policy_with("demo/crashes: warning\ndemo/no-fixme: warning\n")}
    )
    code, report = run_json(str(root), "--policy", "policy.yaml", "--jobs", "1")
    errors = findings_of(report, "readycheck/check-error")
    assert [(f["path"], f["level"]) for f in errors] == [("a.py", "error"), ("b.py", "error")]
    message = (
        "check demo/crashes (rule demo/crashes, plugin demo (readycheck-demo 1.0)) crashed: ZeroDivisionError: boom"
    )
    assert message in errors[0]["message"]
    assert len(findings_of(report, "demo/no-fixme")) == 1
    assert code == 1
    verbose = run("check", str(root), "--policy", "policy.yaml", "-v")
    assert "Traceback" in verbose.stderr and "ZeroDivisionError" in verbose.stderr
    assert "demo/crashes" in report["summary"]["areas"]["general"]["failed"]  # a crash is not a pass
    junit = ElementTree.fromstring(run("check", str(root), "--policy", "policy.yaml", "--format", "junit").stdout)
    [case] = [c for c in junit.iter("testcase") if (c.get("name"), c.get("classname")) == ("demo/crashes", "a.py")]
    assert "ZeroDivisionError: boom" in case.find("error").get("message")


def test_local_plugin_module_from_config(project) -> None:
    root = project(
        {
            "checks/team_checks.py": PLUGIN.replace("demo/", "team/").replace("demo-pack", "team-pack"),
            "readycheck.yaml": "plugins: [checks/team_checks.py]\npolicy: [policy.yaml]\n",
            "a.py": "# FIXME\n",
            **policy_with("team/no-fixme:\n  level: note\n  paths: [a.py]\n  with: {word: FIXME}\n"),
        }
    )
    code, report = run_json(str(root))
    assert [f["rule_id"] for f in report["findings"]] == ["team/no-fixme"]
    assert code == 0


@pytest.mark.parametrize(
    ("source", "fragment"),
    [
        ("import readycheck\nraise ImportError('missing dep')\n", "failed to import: ImportError: missing dep"),
        (
            "import readycheck\n@readycheck.hookimpl\ndef readycheck_checks():\n    return ['not a check']\n",
            "declare checks with @readycheck.check",
        ),
        (
            textwrap.dedent(
                """\
                import readycheck
                @readycheck.check("file/exists", description="d", help="h", fix="f", kinds=["text"])
                def dup(artifact, params):
                    yield from ()
                @readycheck.hookimpl
                def readycheck_checks():
                    return [dup]
                """
            ),
            "already registers",
        ),
    ],
)
def test_broken_local_plugins_are_clear_errors(project, source: str, fragment: str) -> None:
    root = project({"bad.py": source, "readycheck.yaml": "plugins: [bad.py]\n"})
    result = run("check", str(root))
    assert result.exit_code == 2
    assert fragment in result.stderr
    assert "Traceback" not in result.output


REPLACING = """
import readycheck
from pathlib import Path
from readycheck.reporters import Reporter


def render(result, options):
    return "replaced sarif\\n"


@readycheck.hookimpl
def readycheck_reporters():
    return [Reporter("sarif", "A SARIF writer of our own.", render)]


@readycheck.hookimpl
def readycheck_policy_packs():
    return {"recommended": Path(__file__).with_name("ours.yaml")}
"""


def test_a_plugin_cannot_replace_a_pack_or_reporter_without_opting_in(project) -> None:
    root = project(
        {"ours.py": REPLACING, "ours.yaml": "readycheck: 1\nrules: {}\n", "readycheck.yaml": "plugins: [ours.py]\n"}
    )
    result = run("check", str(root))
    assert result.exit_code == 2
    assert (
        "plugin 'local:ours.py' registers pack 'recommended', which plugin 'readycheck.packs' already registers"
        in result.stderr
    )
    assert "'pack:recommended' under 'overrides'" in result.stderr
    assert "Traceback" not in result.output
    listed = run("plugins")
    assert listed.exit_code == 2 and "already registers" in listed.stderr


def test_an_explicit_override_replaces_and_is_listed(project) -> None:
    root = project(
        {
            "ours.py": REPLACING,
            "ours.yaml": "readycheck: 1\nrules: {}\n",
            "readycheck.yaml": "plugins: [ours.py]\noverrides: ['pack:recommended', 'reporter:sarif']\n",
        }
    )
    result = run("check", str(root), "--format", "sarif")
    assert result.stdout == "replaced sarif\n"
    records = {r["name"]: r for r in json.loads(run("plugins", "--format", "json").stdout)}
    ours = records["local:ours.py"]
    assert ours["origin"] == "local" and ours["source"].startswith(str(root / "ours.py"))
    assert ours["registers"] == {"pack": ["recommended"], "reporter": ["sarif"]}
    assert ours["overrides"] == ["pack:recommended (readycheck.packs)", "reporter:sarif (readycheck.reporters.builtin)"]
    text = run("plugins").stdout
    assert "local:ours.py  (local: " in text and "overrides reporter:sarif (readycheck.reporters.builtin)" in text


def test_plugins_lists_entry_points_with_their_distribution(project, installed_plugin: Path) -> None:
    project({})
    records = {r["name"]: r for r in json.loads(run("plugins", "--format", "json").stdout)}
    assert records["demo"]["origin"] == "entry point"
    assert records["demo"]["source"] == "readycheck-demo 1.0"
    assert records["demo"]["registers"] == {"check": ["demo/no-fixme", "demo/crashes"], "pack": ["demo-pack"]}
    assert records["readycheck.checks.notebook"]["origin"] == "built-in"
    assert next(iter(records)) == "readycheck.artifacts.builtin"  # built-ins first, then entry points


def test_a_misspelled_hook_is_an_error(project) -> None:
    source = "import readycheck\n\n@readycheck.hookimpl\ndef readycheck_check():\n    return []\n"
    root = project({"typo.py": source, "readycheck.yaml": "plugins: [typo.py]\n"})
    result = run("check", str(root))
    assert result.exit_code == 2
    assert "local:typo.py" in result.stderr and "readycheck_check" in result.stderr
    assert "misspelled" in result.stderr


AREA_PLUGIN = """
import readycheck
from readycheck import Violation


@readycheck.hookimpl
def readycheck_areas():
    return ["fairness"]


@readycheck.check(
    "fair/slices-reported",
    description="The metrics file reports per-slice results.",
    help="Fairness needs per-group metrics.",
    fix="Add a 'slices' section.",
    kinds=["data"],
    area="fairness",
    level="error",
)
def slices_reported(artifact, params):
    if "slices" not in artifact.data.data:
        yield Violation("no per-slice metrics")


@readycheck.hookimpl
def readycheck_checks():
    return [slices_reported]
"""


def test_a_plugin_adds_an_area_that_scores_after_the_built_in_ones(project) -> None:
    root = project(
        {
            "metrics.json": '{"auc": 0.9}',
            **with_plugin(
                "fair.py",
                AREA_PLUGIN,
                "fair/slices-reported:\n  paths: [metrics.json]\nfile/absent:\n  paths: ['*.pem']\n",
            ),
        }
    )
    code, report = run_json(str(root))
    assert list(report["summary"]["areas"]) == ["security", "fairness"]
    assert report["summary"]["areas"]["fairness"]["failed"] == ["fair/slices-reported"]
    assert code == 1
    junit = ElementTree.fromstring(run("check", str(root), "--format", "junit").stdout)
    assert [s.get("name") for s in junit.iter("testsuite")] == ["security", "fairness"]


def test_an_unknown_area_in_a_policy_is_an_error_naming_the_known_ones(project) -> None:
    root = project({"a.md": "# a\n", **policy_with("file/absent:\n  paths: ['*.pem']\n  area: fairnes\n")})
    result = run("check", str(root), "--policy", "policy.yaml")
    assert result.exit_code == 2
    assert "policy.yaml:3: rule file/absent: unknown area 'fairnes'" in result.stderr
    assert "code-quality" in result.stderr


def test_entry_points_are_remembered_until_a_distribution_changes(tmp_path: Path, monkeypatch) -> None:
    from readycheck.plugins import entry_points, installed_memory

    site = tmp_path / "site"
    (site / "acme_rc-1.0.dist-info").mkdir(parents=True)
    (site / "acme_rc-1.0.dist-info" / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-rc\nVersion: 1.0\n")
    (site / "acme_rc-1.0.dist-info" / "entry_points.txt").write_text("[readycheck]\nacme = acme_rc:plugin\n")
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.setenv("READYCHECK_CACHE_DIR", str(tmp_path / "cache"))
    assert ("acme", "acme_rc:plugin", "acme-rc 1.0") in entry_points(installed_memory())
    (site / "acme_rc-1.0.dist-info" / "entry_points.txt").write_text("[readycheck]\nacme = acme_rc:other\n")
    assert ("acme", "acme_rc:plugin", "acme-rc 1.0") in entry_points(installed_memory())  # kept
    (site / "acme_rc-2.0.dist-info").mkdir()  # an upgrade writes a new dist-info folder
    (site / "acme_rc-1.0.dist-info").rename(site / "acme_rc-2.0.dist-info" / "old")
    found = entry_points(installed_memory())
    assert ("acme", "acme_rc:plugin", "acme-rc 1.0") not in found


ONE_VIOLATION_RETURNED = """
import readycheck
from readycheck import Violation


@readycheck.check("probe/single", description="d", help="h", fix="f", kinds=["text"], paths=["a.txt"])
def single(artifact, params):
    return Violation("oops")  # a mistake: one violation, not an iterable of them


@readycheck.hookimpl
def readycheck_checks():
    return [single]
"""


def test_a_check_giving_something_else_than_violations_is_reported_and_the_run_goes_on(project) -> None:
    root = project(
        {
            "a.txt": "x\n",
            "b.py": "# TODO\n",
            **with_plugin(
                "probe.py",
                ONE_VIOLATION_RETURNED,
                "probe/single: warning\n"
                "t/todo:\n  check: file/contains\n  paths: ['*.py']\n  with: {pattern: TODO, forbid: true}\n",
            ),
        }
    )
    code, report = run_json(str(root))
    [crash] = findings_of(report, "readycheck/check-error")
    assert "check probe/single" in crash["message"] and "not an iterable of Violation" in crash["message"]
    assert findings_of(report, "t/todo")  # the other rule still ran
    assert code == 1
