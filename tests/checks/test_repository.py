"""documentation/readme and ownership/codeowners on realistic files."""

from __future__ import annotations

import textwrap

import pytest
from tests.conftest import findings_of, policy_with, run, run_json

GOOD_README = """\
# Churn model

Scores subscription customers by their risk of cancelling within 30 days, so that the retention team
can call the right people first. Trained weekly on the last year of account data.

## Quick start

Install the package, then run the scorer on a CSV of customers to get one probability per row, written
next to the input file.
"""

CODEOWNERS = """\
# Default owners
*                     @acme/ml-platform

# Models and their cards
/models/              @acme/ml-churn jane@acme.example
MODEL_CARD.md         @acme/ml-churn
!/models/legacy/      @acme/nobody
/data/[abc]*/         @acme/data
\\#notes.md            @acme/docs
/policies/            acme-team

[Docs][2] @acme/docs
docs/                 @acme/docs
/policies/unowned.yaml
"""


def test_a_good_readme_passes(project) -> None:
    root = project({"README.md": GOOD_README, **policy_with("documentation/readme: error\n")})
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    assert findings_of(report, "documentation/readme") == []


@pytest.mark.parametrize(
    ("readme", "expected"),
    [
        (
            "# Churn\n\n## Usage\n\nRun it.\n",
            ["the README does not start with a description", "the README has 6 words, fewer than min_words 50"],
        ),
        (GOOD_README.replace("## Quick start", "## Internals"), ["no 'Usage' section"]),
        ("# Churn\n\n## Quick start\n\n" + "word " * 60, ["the README does not start with a description"]),
    ],
    ids=["too-short", "no-usage", "no-description"],
)
def test_readme_problems(project, readme: str, expected: list[str]) -> None:
    root = project({"README.md": readme, **policy_with("documentation/readme: error\n")})
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    messages = sorted(f["message"] for f in findings_of(report, "documentation/readme"))
    assert len(messages) == len(expected) and all(m.startswith(e) for m, e in zip(messages, expected, strict=True))


def test_no_readme_is_missing_evidence(project) -> None:
    root = project({"src/a.py": "x = 1\n", **policy_with("documentation/readme: error\n")})
    code, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    [finding] = findings_of(report, "documentation/readme")
    assert finding["message"] == "required evidence is missing: no README at the repository root" and code == 1


def test_codeowners_lines_github_ignores_and_bad_owners_are_findings_at_their_lines(project) -> None:
    files = {
        ".github/CODEOWNERS": CODEOWNERS,
        "models/churn/model.pkl": "x",
        "MODEL_CARD.md": "# card\n",
        "policies/team.yaml": "readycheck: 1\n",
        **policy_with("ownership/codeowners: error\n"),
    }
    root = project(files)
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    found = sorted((f["line"] or 0, f["message"]) for f in findings_of(report, "ownership/codeowners"))
    assert found == [
        (7, "'!/models/legacy/': negation ('!') is not supported in CODEOWNERS: the line is ignored"),
        (8, "'/data/[abc]*/': character ranges ('[ ]') are not supported in CODEOWNERS: the line is ignored"),
        (9, "'\\#notes.md': an escaped '#' ('\\#') is not supported in CODEOWNERS: the line is ignored"),
        (10, "not an owner (@user, @org/team or an email): 'acme-team'; GitHub skips the line"),
    ]


def test_the_last_matching_line_wins(project) -> None:
    owners = "* @acme/all\n/models/ @acme/ml\n/models/tmp/\n"
    root = project(
        {
            "CODEOWNERS": owners,
            "models/tmp/x.pt": "x",
            **policy_with("ownership/codeowners:\n  with: {required: [models/]}\n"),
        }
    )
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    assert [f["message"] for f in findings_of(report, "ownership/codeowners")] == ["models/ has no owner in CODEOWNERS"]


def test_no_codeowners_is_missing_evidence(project) -> None:
    root = project({"README.md": GOOD_README, **policy_with("ownership/codeowners: error\n")})
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    [finding] = findings_of(report, "ownership/codeowners")
    assert finding["message"].startswith("required evidence is missing: no CODEOWNERS file")
    assert "catch-all" in finding["help"]


@pytest.mark.parametrize("rule_id", ["documentation/readme", "ownership/codeowners"])
def test_the_explained_example_works_when_pasted(project, rule_id: str) -> None:
    snippet = run("explain", rule_id).stdout.split("example:\n", 1)[1]
    readme = (
        GOOD_README + "\n## Contact\n\nThe ML platform team, #ml-platform on chat.\n" + "More detail follows. " * 15
    )
    root = project(
        {
            "policy.yaml": "readycheck: 1\n" + textwrap.dedent(snippet),
            "README.md": readme,
            "CODEOWNERS": "* @acme/all\n",
            "src/a.py": "x\n",
        }
    )
    code, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    assert code == 0, report["findings"]


def test_a_usage_heading_may_say_more(project) -> None:
    readme = GOOD_README.replace("## Quick start", "## How to Use this Book")
    root = project({"README.md": readme, **policy_with("documentation/readme: error\n")})
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    assert findings_of(report, "documentation/readme") == []
