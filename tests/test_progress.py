"""Progress on a terminal: only after a second, only where a person watches, erased before the report."""

from __future__ import annotations

import io

import pytest
from tests.conftest import run

from readycheck import parallel, progress
from readycheck.progress import Progress


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_nothing_before_a_second_then_one_line_redrawn_and_erased() -> None:
    stream, clock = io.StringIO(), Clock()
    shown = Progress(True, stream, clock)
    shown.phase("checking files", 300)
    shown.advance(64)
    assert stream.getvalue() == ""  # a short run prints nothing
    clock.now = 1.2
    shown.advance(64)
    assert stream.getvalue() == "\r\x1b[Kreadycheck: checking files: 128 of 300 files"
    shown.advance(64)  # within the redraw interval: not redrawn
    clock.now = 1.4
    shown.phase("repository-wide rules")
    assert stream.getvalue().endswith("\r\x1b[Kreadycheck: repository-wide rules")
    shown.close()
    assert stream.getvalue().endswith("\r\x1b[K")


def test_disabled_progress_writes_nothing() -> None:
    stream, clock = io.StringIO(), Clock()
    hidden = Progress(False, stream, clock)
    clock.now = 5
    hidden.phase("checking files", 10)
    hidden.advance(5)
    hidden.close()
    assert stream.getvalue() == ""


@pytest.mark.parametrize(
    ("output_format", "environ"),
    [("json", {}), ("text", {"CI": "true"}), ("text", {"PRE_COMMIT": "1"}), ("text", {"TERM": "dumb"})],
)
def test_never_in_ci_pre_commit_or_when_stdout_is_a_report(output_format: str, environ: dict[str, str]) -> None:
    assert not progress.wanted(output_format, environ)


def test_serial_and_forked_work_report_every_item(monkeypatch: pytest.MonkeyPatch) -> None:
    items = list(range(300))
    for jobs in (1, 2):
        counted: list[int] = []
        outcomes = parallel.run(lambda _, chunk: [i * 2 for i in chunk], None, items, jobs, counted.append)
        assert sorted(outcomes) == [i * 2 for i in items] and sum(counted) == len(items)


def test_a_run_whose_output_is_not_a_terminal_shows_no_progress(project) -> None:
    project({"a.py": "x = 1\n"})
    outcome = run("check", "--no-cache")
    assert "\x1b[K" not in outcome.output


def test_a_few_large_files_are_worth_forking_for() -> None:
    assert parallel.worker_count(2, 28) == 1  # 28 small files: one process
    assert parallel.worker_count(2, 28, 25 * 1024 * 1024) == 2  # 28 notebooks of 25 MB: both cores
    assert parallel.worker_count(1, 28, 25 * 1024 * 1024) == 1  # --jobs 1 is obeyed
