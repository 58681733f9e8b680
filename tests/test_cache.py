import functools
import json
import os
from pathlib import Path

import pytest
from tests.conftest import policy_with, run

from readycheck.artifacts import SourceFile
from readycheck.cachedir import Seal, cache_directory, read_sealed


def cache_of(root: Path) -> Path:
    """Where the results of the repository at ``root`` live: the (per-test) user cache directory."""
    return cache_directory(root, None)


def shard_payload(shard: Path) -> dict:  # type: ignore[type-arg]
    seal = Seal.load()
    assert seal is not None
    payload = read_sealed(shard, seal)
    assert payload is not None, f"{shard} is not sealed by this machine"
    return json.loads(payload)


RULES = policy_with(
    """\
t/todo:
  check: file/contains
  paths: ['**/*.py']
  with: {pattern: TODO, forbid: true}
"""
)


def json_report(root: Path, *args: str) -> str:
    return run("check", str(root), "--policy", "policy.yaml", "--format", "json", *args).stdout


def test_warm_run_reads_nothing_and_reports_the_same(project, monkeypatch: pytest.MonkeyPatch) -> None:
    root = project({"a.py": "# TODO\n", "b.py": "x = 1\n", **RULES})
    cold = json_report(root)
    assert list(cache_of(root).glob("results-*/*.json"))
    assert not (root / ".readycheck_cache").exists()  # nothing is written into the repository

    def no_reads(self: SourceFile) -> bytes:
        raise AssertionError(f"{self.path} was read on a warm run")

    monkeypatch.setattr(SourceFile, "bytes", property(no_reads))
    assert json_report(root) == cold


def test_changed_content_is_checked_again(project) -> None:
    root = project({"a.py": "# TODO\n", **RULES})
    json_report(root)
    (root / "a.py").write_text("x = 1\n")
    assert json.loads(json_report(root))["findings"] == []


def test_touched_but_unchanged_file_reuses_cached_findings(project, monkeypatch: pytest.MonkeyPatch) -> None:
    root = project({"a.py": "# TODO\n", **RULES})
    cold = json_report(root)
    stat = (root / "a.py").stat()
    os.utime(root / "a.py", ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    calls: list[str] = []
    original = SourceFile.bytes.func

    def counting(self: SourceFile) -> bytes:
        calls.append(self.path)
        return original(self)

    counted = functools.cached_property(counting)
    counted.__set_name__(SourceFile, "bytes")
    monkeypatch.setattr(SourceFile, "bytes", counted)
    monkeypatch.setattr("readycheck.engine._run_rule", lambda *args: pytest.fail("rules ran on an unchanged file"))
    assert json_report(root) == cold
    assert calls == ["a.py"]  # read once, to compare its digest


def test_policy_change_invalidates_and_no_cache_skips(project) -> None:
    root = project({"a.py": "# TODO\n", **RULES})
    json_report(root)
    (root / "policy.yaml").write_text((root / "policy.yaml").read_text().replace("TODO", "XXX"))
    assert json.loads(json_report(root))["findings"] == []


def test_no_cache_writes_nothing_and_cache_dir_is_configurable(project) -> None:
    root = project({"a.py": "# TODO\n", **RULES})
    json_report(root, "--no-cache")
    assert not cache_of(root).exists()
    (root / "readycheck.yaml").write_text("policy: [policy.yaml]\ncache_dir: build/rc-cache\n")
    run("check", str(root))
    assert list((root / "build" / "rc-cache").glob("results-*/*.json"))
    assert (root / "build" / "rc-cache" / ".gitignore").read_text().endswith("*\n")


def test_damaged_cache_is_ignored(project) -> None:
    root = project({"a.py": "# TODO\n", **RULES})
    cold = json_report(root)
    for file in cache_of(root).glob("results-*/*.json"):
        file.write_text("{garbage")
    assert json_report(root) == cold


def test_unchanged_policies_are_not_validated_again_but_edited_ones_are(
    project, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project({"a.py": "# TODO\n", "readycheck.yaml": "policy: [policy.yaml]\n", **RULES})
    first = json_report(root)
    assert (cache_of(root) / "validated.json").exists()

    def no_validation(*args: object, **kwargs: object) -> None:
        raise AssertionError("validated a policy this readycheck already validated")

    monkeypatch.setattr("readycheck.schema_errors.problems", no_validation)
    assert json_report(root) == first
    monkeypatch.undo()
    (root / "policy.yaml").write_text((root / "policy.yaml").read_text().replace("forbid: true", "forbid: yes please"))
    typo = run("check", str(root))
    assert typo.exit_code == 2
    assert "policy.yaml:" in typo.stderr and "'forbid' must be true or false" in typo.stderr


def test_no_cache_validates_everything(project, monkeypatch: pytest.MonkeyPatch) -> None:
    root = project({"a.py": "# TODO\n", **RULES})
    json_report(root)
    calls: list[object] = []
    from readycheck import schema_errors

    original = schema_errors.problems

    def counting(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        calls.append(args)
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("readycheck.schema_errors.problems", counting)
    json_report(root, "--no-cache")
    assert calls


def test_a_run_on_given_files_reads_only_their_shards(project, monkeypatch: pytest.MonkeyPatch) -> None:
    from readycheck.cache import ResultsCache

    root = project({**{f"pkg/m{i}.py": f"# TODO {i}\n" for i in range(200)}, **RULES})
    json_report(root)
    assert len(list(cache_of(root).glob("results-*/*.json"))) > 100  # 200 files, 256 shards
    loaded: list[str] = []
    original = ResultsCache._shard

    def counting(self: ResultsCache, name: str) -> dict:  # type: ignore[type-arg]
        if name not in self.shards:
            loaded.append(name)
        return original(self, name)

    monkeypatch.setattr(ResultsCache, "_shard", counting)
    (root / "pkg" / "m7.py").write_text("x = 1\n")
    report = json.loads(run("check", "pkg/m7.py", "--policy", "policy.yaml", "--format", "json").stdout)
    assert report["findings"] == []
    assert loaded == [ResultsCache.shard_of("pkg/m7.py")]


def test_full_scan_drops_entries_of_deleted_files(project) -> None:
    root = project({"a.py": "# TODO\n", "b.py": "# TODO\n", **RULES})
    json_report(root)
    (root / "b.py").unlink()
    json_report(root)
    entries = {}
    for shard in cache_of(root).glob("results-*/*.json"):
        entries.update(shard_payload(shard)["files"])
    assert set(entries) == {"a.py"}
