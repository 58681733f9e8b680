from tests.conftest import findings_of, policy_with, run_json


def test_file_exists_passes_with_any_match_and_fails_without(project) -> None:
    root = project(
        {"LICENSE.txt": "MIT\n", **policy_with("t/license:\n  check: file/exists\n  paths: [LICENSE, LICENSE.*]\n")}
    )
    code, report = run_json(str(root), "--policy", "policy.yaml")
    assert code == 0 and findings_of(report, "t/license") == []
    (root / "LICENSE.txt").unlink()
    code, report = run_json(str(root), "--policy", "policy.yaml")
    [finding] = findings_of(report, "t/license")
    assert code == 1
    assert finding["path"] == "." and finding["line"] is None
    assert "LICENSE, LICENSE.*" in finding["message"]


def test_file_absent_reports_each_offending_file(project) -> None:
    root = project(
        {
            ".env": "X=1\n",
            "config/.env": "Y=2\n",
            ".env.example": "X=\n",
            "keys/server.pem": "---\n",
            "data/raw/a.csv": "a\n",
            "data/clean/a.csv": "a\n",
            **policy_with("t/secrets:\n  check: file/absent\n  paths: ['.env', '*.pem', 'data/raw/**']\n"),
        }
    )
    code, report = run_json(str(root), "--policy", "policy.yaml")
    paths = [f["path"] for f in findings_of(report, "t/secrets")]
    assert code == 1
    assert paths == [".env", "config/.env", "data/raw/a.csv", "keys/server.pem"]


def test_file_contains_required_and_forbidden(project) -> None:
    root = project(
        {
            "src/a.py": "import os\n\nbreakpoint()\nx = 1  # breakpoint( in a comment too\n",
            "src/b.py": "print('clean')\n",
            "NOTICE": "Copyright 2026 Acme\n",
            **policy_with(
                "t/no-breakpoint:\n  check: file/contains\n  paths: ['src/**/*.py']\n"
                "  with: {pattern: 'breakpoint\\(', forbid: true}\n"
                "t/copyright:\n  check: file/contains\n  level: error\n  paths: ['src/*.py', NOTICE]\n"
                "  with: {pattern: '^# Copyright|^Copyright'}\n"
            ),
        }
    )
    code, report = run_json(str(root), "--policy", "policy.yaml")
    forbidden = findings_of(report, "t/no-breakpoint")
    assert [(f["path"], f["line"], f["column"]) for f in forbidden] == [("src/a.py", 3, 1), ("src/a.py", 4, 10)]
    assert all(f["level"] == "warning" for f in forbidden)
    required = findings_of(report, "t/copyright")
    assert [f["path"] for f in required] == ["src/a.py", "src/b.py"]
    assert code == 1


def test_file_contains_skips_binary_files(project) -> None:
    root = project(
        {
            "model.bin": b"\x00\x01TODO\x00",
            "notes.txt": "TODO: later\n",
            **policy_with(
                "t/todo:\n  check: file/contains\n  paths: ['*.txt', '*.bin']\n  with: {pattern: TODO, forbid: true}\n"
            ),
        }
    )
    _, report = run_json(str(root), "--policy", "policy.yaml")
    assert [f["path"] for f in findings_of(report, "t/todo")] == ["notes.txt"]


def test_file_absent_on_tracked_runs_does_not_repeat_paths_and_folds_past_the_cap(project) -> None:
    runs = {f"mlruns/0/run{index:03}/artifacts/model.joblib": "x" for index in range(60)}
    rule = 'team/no-pickles:\n  check: file/absent\n  paths: ["**/*.joblib"]\n'
    root = project({**runs, **policy_with(rule)})
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    found = findings_of(report, "team/no-pickles")
    assert len(found) == 51
    assert {f["message"] for f in found[:50]} == {"this file must not be in the repository"}
    assert found[50]["message"] == (
        "10 more team/no-pickles findings past the first 50 (in mlruns/0/run050/artifacts/, "
        "mlruns/0/run051/artifacts/, mlruns/0/run052/artifacts/ and 7 more folders): "
        "run with --max-findings 0 to list them all"
    )
    assert found[50]["path"] == "mlruns/0"
