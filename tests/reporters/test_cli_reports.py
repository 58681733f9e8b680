"""The real CLI: every CI format from one run, valid, and the same bytes whatever the run."""

import json
from pathlib import Path

import pytest
from tests.conftest import REPO_ROOT, run
from tests.reporters.conftest import cli_files

from readycheck.parallel import MIN_ITEMS_PER_WORKER
from readycheck.reporters.json import SCHEMA

FORMATS = ("json", "sarif", "junit", "markdown", "github", "gitlab", "html")
EXAMPLE = REPO_ROOT / "examples" / "churn-model"


def test_one_run_writes_sarif_junit_and_markdown(project, tmp_path: Path, sarif_errors, junit_schema) -> None:
    root = project(cli_files())
    out = tmp_path / "out"
    outcome = run(
        "check", str(root), "-o", f"sarif={out}/r.sarif", "-o", f"junit={out}/r.xml", "-o", f"markdown={out}/r.md"
    )
    assert outcome.exit_code == 1
    assert "Readiness level: none (" in outcome.stdout
    assert sarif_errors(json.loads((out / "r.sarif").read_text(encoding="utf-8"))) == []
    junit_schema.validate(str(out / "r.xml"))
    assert (out / "r.md").read_text(encoding="utf-8").startswith("## readycheck: readiness level none\n")


def test_json_summary_has_level_and_areas(project) -> None:
    import jsonschema

    root = project(cli_files())
    report = json.loads(run("check", str(root), "--format", "json").stdout)
    jsonschema.Draft202012Validator(SCHEMA).validate(report)
    summary = report["summary"]
    assert summary["level"] == "none"
    assert list(summary["areas"]) == ["performance", "documentation", "code-quality", "general"]
    assert summary["areas"]["documentation"] == {
        "level": "none",
        "passed": 1,
        "evaluated": 2,
        "tiers": {
            "bronze": {"passed": 0, "evaluated": 1},
            "silver": {"passed": 1, "evaluated": 1},
            "gold": {"passed": 0, "evaluated": 0},
        },
        "failed": ["t/license"],
    }


@pytest.mark.parametrize("cache", [True, False])
def test_every_format_is_byte_identical_across_runs_and_jobs(project, tmp_path: Path, cache: bool) -> None:
    files = cli_files(modules=2 * MIN_ITEMS_PER_WORKER + 16)  # enough files for the engine to fork two workers
    root = project(files)
    outputs = []
    for attempt, jobs in enumerate(("1", "2", "2", "1")):
        out = tmp_path / f"run{attempt}"  # outside the project, so that reports are not scanned
        args = ["check", str(root), "--jobs", jobs, *(f"-o{name}={out / name}" for name in FORMATS)]
        outcome = run(*args, *(() if cache else ("--no-cache",)))
        assert outcome.exit_code == 1, outcome.output
        outputs.append({"text": outcome.stdout} | {name: (out / name).read_bytes() for name in FORMATS})
    for name in ("text", *FORMATS):
        assert len({report[name] for report in outputs}) == 1, name
    assert b"primaryLocationLineHash" in outputs[0]["sarif"]  # hashes were computed, identically


@pytest.mark.skipif(not (EXAMPLE / "readycheck.yaml").is_file(), reason=f"no example project at {EXAMPLE}")
def test_example_project_reports_are_valid(tmp_path: Path, monkeypatch, sarif_errors, junit_schema) -> None:
    monkeypatch.chdir(tmp_path)  # reports go to stdout; --no-cache leaves the example untouched
    sarif = run("check", str(EXAMPLE), "--no-cache", "--format", "sarif")
    assert sarif.exit_code in (0, 1), sarif.output
    document = json.loads(sarif.stdout)
    assert sarif_errors(document) == []
    assert document["runs"][0]["tool"]["driver"]["rules"]
    junit = run("check", str(EXAMPLE), "--no-cache", "--format", "junit")
    (tmp_path / "r.xml").write_text(junit.stdout, encoding="utf-8")
    junit_schema.validate(str(tmp_path / "r.xml"))


def test_reports_of_a_pre_commit_run_on_given_files(project, tmp_path: Path, sarif_errors, junit_schema) -> None:
    root = project(cli_files())
    out = tmp_path / "out"
    outcome = run("check", str(root / "pkg/mod0.py"), "-o", f"sarif={out}/r.sarif", "-o", f"junit={out}/r.xml")
    assert "Repository-wide rules were skipped" in outcome.stdout
    document = json.loads((out / "r.sarif").read_text(encoding="utf-8"))
    assert sarif_errors(document) == []
    assert [r["id"] for r in document["runs"][0]["tool"]["driver"]["rules"]] == ["t/todo"]
    junit_schema.validate(str(out / "r.xml"))


def test_notes_are_left_out_of_code_quality_and_annotations_unless_asked_for(project) -> None:
    root = project(cli_files())
    default = json.loads(run("check", str(root), "--format", "gitlab", "--no-cache").stdout)
    asked = json.loads(run("check", str(root), "--format", "gitlab", "--no-cache", "--notes").stdout)
    assert "t/todo" not in {issue["check_name"] for issue in default}
    assert {issue["check_name"] for issue in asked} == {issue["check_name"] for issue in default} | {"t/todo"}
    annotations = run("check", str(root), "--format", "github", "--no-cache").stdout
    assert "::notice" not in annotations and "::error" in annotations
    (root / "readycheck.yaml").write_text("policy: [policy.yaml]\nreport_notes: true\n", encoding="utf-8")
    assert "::notice" in run("check", str(root), "--format", "github", "--no-cache").stdout


def test_sarif_keeps_suppressed_findings_only_when_asked(project) -> None:
    files = cli_files()
    files["pkg/mod0.py"] = "x = 1\n# TODO: tidy  # readycheck: ignore[t/todo] -- later\n"
    root = project(files)

    def suppressed(*args: str) -> list[str]:
        document = json.loads(run("check", str(root), "--format", "sarif", "--no-cache", *args).stdout)
        return [r["ruleId"] for r in document["runs"][0]["results"] if "suppressions" in r]

    assert suppressed() == []
    assert suppressed("--sarif-suppressed", "include") == ["t/todo"]
    (root / "readycheck.yaml").write_text("policy: [policy.yaml]\nsarif_suppressed: include\n", encoding="utf-8")
    assert suppressed() == ["t/todo"]
    assert suppressed("--sarif-suppressed", "exclude") == []


def test_link_base_wins_over_the_ci_environment(project, monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(cli_files())
    monkeypatch.setenv("CI_PROJECT_URL", "https://gitlab.example/acme/churn")
    monkeypatch.setenv("CI_COMMIT_SHA", "abc")
    from_ci = run("check", str(root), "--format", "markdown", "--no-cache").stdout
    assert "](https://gitlab.example/acme/churn/-/blob/abc/pkg/mod0.py#L2)" in from_ci
    given = run("check", str(root), "--format", "markdown", "--no-cache", "--link-base", "https://h/r/blob/main").stdout
    assert "](https://h/r/blob/main/pkg/mod0.py#L2)" in given and "gitlab.example" not in given
