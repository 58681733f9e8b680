"""The HTML scorecard: self-contained, escaped, deterministic, and rendered by a real browser (headless
Chromium) with no network request and no console error. The screenshot of the churn example's scorecard
is saved to test-output/ (CI keeps it as an artifact)."""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from tests.conftest import REPO_ROOT, run
from tests.reporters.conftest import HOSTILE, changed, hostile

from readycheck.model import Result
from readycheck.reporters import ReportOptions
from readycheck.reporters.html import render

OUTPUT = REPO_ROOT / "test-output"
EXAMPLE = REPO_ROOT / "examples" / "churn-model"


class Page(HTMLParser):
    """The elements and text of a page, as a browser's DOM dump gives them."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.texts.append(data)

    @property
    def text(self) -> str:
        return "".join(self.texts)


def test_self_contained_escaped_and_deterministic(sample: Result) -> None:
    attack = changed(
        hostile(sample),
        findings=[f._replace(message="</style><script>alert(1)</script>" + f.message) for f in sample.findings],
    )
    page = render(attack, ReportOptions())
    assert page == render(attack, ReportOptions())
    parsed = Page(page)
    assert not [tag for tag, _ in parsed.tags if tag in ("script", "img", "link", "iframe", "object")]
    assert not [attrs for _, attrs in parsed.tags if attrs.get("src")]
    assert "</style><script>alert(1)</script>" in parsed.text  # shown as text
    assert page.count("<style>") == 1 and "&lt;script&gt;" in page
    assert "@import" not in page and "url(" not in page


def test_levels_ladders_findings_suppressions_waivers_and_policies(sample: Result) -> None:
    result = changed(
        sample,
        policies=["pack recommended", "policies/team.yaml"],
        today="2026-12-01",
        waivers=[
            {
                "rule": "security/no-data",
                "paths": ["data/**"],
                "owner": "@security",
                "reason": "agreed",
                "expires": "2026-12-31",
            }
        ],
    )
    page = Page(render(result, ReportOptions(link_base="https://git.example/acme/churn/blob/main")))
    text = page.text
    assert "Readiness level none" in text
    assert "documentation" in text and "team/license" in text  # what blocks the next tier
    assert "fix: How to fix team/license." in text
    assert "agreed" in text and "@security" in text and "2026-12-31 (in 30 days)" in text
    assert "pack recommended" in text and "policies/team.yaml" in text
    links = [attrs["href"] for tag, attrs in page.tags if tag == "a"]
    assert "https://git.example/acme/churn/blob/main/notebooks/explore.ipynb?plain=1#L1" in links
    assert not [href for href in links if href and "my%20file" in href]  # suppressed ones are listed without links


def test_cli_writes_html(project) -> None:
    root = project({"README.md": "# Demo\n"})
    outcome = run("check", str(root), "--no-cache", "-o", f"html={root / 'out' / 'r.html'}")
    assert outcome.exit_code in (0, 1)
    assert (root / "out" / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


# The real browser.

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
browser = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium here (.ci/run installs it: apt-get install chromium)"
)


def open_in_browser(page: Path, screenshot: Path | None = None) -> tuple[str, str]:
    """Chromium's rendered DOM of ``page`` and its log, with every host name unresolvable: a request to the
    network fails, and the failure is logged."""
    assert CHROMIUM is not None
    flags = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--enable-logging=stderr",
        "--v=0",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        f"--user-data-dir={page.parent / 'profile'}",
    ]
    dom = subprocess.run([*flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120)
    if screenshot is not None:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        shot = [*flags, f"--screenshot={screenshot}", "--window-size=1280,1800", "--hide-scrollbars", page.as_uri()]
        subprocess.run(shot, capture_output=True, text=True, timeout=120)
    return dom.stdout, dom.stderr


def console_problems(log: str) -> list[str]:
    return [line for line in log.splitlines() if "CONSOLE" in line or "ERR_NAME_NOT_RESOLVED" in line]


@browser
def test_the_browser_would_see_a_network_request(tmp_path: Path) -> None:
    """The control: a page that fetches something is caught by the same check."""
    page = tmp_path / "fetching.html"
    page.write_text('<!DOCTYPE html><html><body><script>console.error("x")</script></body></html>')
    _, log = open_in_browser(page)
    assert console_problems(log)


@browser
def test_the_churn_scorecard_in_a_real_browser(tmp_path: Path) -> None:
    example = tmp_path / "churn-model"
    shutil.copytree(EXAMPLE, example, ignore=shutil.ignore_patterns(".readycheck_cache", "__pycache__"))
    plan = example / "docs" / "ROLLBACK.md"
    recent = (datetime.date.today() - datetime.timedelta(days=20)).isoformat()
    plan.write_text(re.sub(r"last_tested: \d{4}-\d{2}-\d{2}", f"last_tested: {recent}", plan.read_text()))
    page = tmp_path / "scorecard.html"
    outcome = run("check", str(example), "--no-cache", "-o", f"html={page}")
    assert outcome.exit_code == 0, outcome.output
    dom, log = open_in_browser(page, OUTPUT / "scorecard-churn-model.png")
    assert console_problems(log) == []
    rendered = Page(dom)
    assert 'id="level">bronze<' in dom.replace('class="level l-bronze" ', "")
    assert "Found 0 errors, 2 warnings, 0 notes" in rendered.text
    rows = [attrs.get("data-area") for tag, attrs in rendered.tags if tag == "tr" and attrs.get("class") == "area-row"]
    assert rows[:3] == ["testing", "performance", "documentation"] and "operations" in rows
    assert (OUTPUT / "scorecard-churn-model.png").stat().st_size > 10_000


@browser
def test_a_hostile_report_renders_as_text_in_a_real_browser(sample: Result, tmp_path: Path) -> None:
    attack = changed(
        sample,
        findings=[f._replace(message="<script>console.error('pwned')</script>" + HOSTILE) for f in sample.findings],
    )
    page = tmp_path / "hostile.html"
    page.write_text(render(attack, ReportOptions()), encoding="utf-8")
    dom, log = open_in_browser(page, OUTPUT / "scorecard-hostile.png")
    assert console_problems(log) == []
    assert "<script>console.error('pwned')</script>" in Page(dom).text
    assert not [tag for tag, _ in Page(dom).tags if tag in ("script", "img")]


def test_policies_are_named_as_people_read_them(project) -> None:
    root = project(
        {
            "readycheck.yaml": "policy: [recommended, policies/team.yaml]\n",
            "policies/team.yaml": "readycheck: 1\nrules: {}\n",
        }
    )
    page = root / "r.html"
    run("check", str(root), "--no-cache", "-o", f"html={page}")
    text = Page(page.read_text(encoding="utf-8")).text
    assert "pack recommended" in text and "\npolicies/team.yaml\n" in text and str(root) not in text


def test_what_blocks_the_next_tier_is_that_tier_and_below(sample: Result) -> None:
    page = render(sample, ReportOptions())
    row = re.search(r'<tr class="area-row" data-area="code-quality">.*?</tr>', page)
    assert row is not None
    blocking = row.group(0).rsplit("<td>", 1)[1]
    assert "notebook/outputs" in blocking  # bronze, failing: blocks bronze
    assert "team/no-print" not in blocking  # gold: does not block bronze
