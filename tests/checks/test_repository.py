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


DOCKERFILE = """\
ARG BASE=python:3.11-slim
FROM python AS build
RUN pip wheel .
FROM registry.example:5000/ml/base:latest
FROM ${BASE}
FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04
FROM python@sha256:4b1cbb0a1e8d2e6f4c2f5b0e7a2d9c3e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c
FROM build
FROM scratch
"""


def test_unpinned_base_images_are_findings_at_their_lines(project) -> None:
    root = project(
        {
            "docker/Dockerfile": DOCKERFILE,
            "Dockerfile.gpu": "FROM pytorch/pytorch\n",
            **policy_with("repo/container-pinned: warning\n"),
        }
    )
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    found = sorted((f["path"], f["line"], f["message"]) for f in findings_of(report, "repo/container-pinned"))
    assert found == [
        ("Dockerfile.gpu", 1, "base image pytorch/pytorch is not pinned (no tag, or 'latest')"),
        ("docker/Dockerfile", 2, "base image python is not pinned (no tag, or 'latest')"),
        ("docker/Dockerfile", 4, "base image registry.example:5000/ml/base:latest is not pinned (no tag, or 'latest')"),
    ]


def test_large_files_unless_lfs_or_dvc_tracks_them(project) -> None:
    big = b"\0" * (2 * 1024 * 1024 + 1)
    root = project(
        {
            "weights/model.bin": big,
            "weights/lfs.safetensors": big,
            "data/raw.csv": big,
            "data/raw.csv.dvc": "outs:\n- md5: 0\n  path: raw.csv\n",
            "features/table.parquet": big,
            "dvc.yaml": "stages:\n  featurize:\n    cmd: python f.py\n    outs: [features]\n",
            ".gitattributes": "*.safetensors filter=lfs diff=lfs merge=lfs -text\n",
            **policy_with("repo/no-large-files:\n  with: {max_mb: 2}\n"),
        }
    )
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    assert [(f["path"], f["message"]) for f in findings_of(report, "repo/no-large-files")] == [
        ("weights/model.bin", "the file is 2.0 MB, over max_mb 2")
    ]


@pytest.mark.parametrize(
    "rule_id", ["repo/container-pinned", "repo/no-large-files", "repo/dependencies-pinned", "repo/ci-configured"]
)
def test_repo_examples_work_when_pasted(project, rule_id: str) -> None:
    snippet = run("explain", rule_id).stdout.split("example:\n", 1)[1]
    root = project(
        {"policy.yaml": "readycheck: 1\n" + textwrap.dedent(snippet), "Dockerfile": "FROM python:3.11.9-slim\n"}
    )
    code, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    assert code == 0, report["findings"]


REQUIREMENTS_TXT = """\
# runtime
numpy==1.26.4
pandas>=2.0        # a range
scikit-learn==1.5.*
torch===2.3.0
requests
-r base.txt
--index-url https://pypi.example/simple
-e .
git+https://github.com/org/pkg@abc123#egg=pkg
not a requirement !!
"""

ENVIRONMENT_YML = """\
name: churn
channels:
  - conda-forge
dependencies:
  - python=3.11
  - numpy
  - pip
  - pip:
      - shap==0.45.0
      - lightgbm>=4
"""


def test_unpinned_requirement_lines_are_findings_at_their_lines(project) -> None:
    root = project(
        {
            "requirements.txt": REQUIREMENTS_TXT,
            "environment.yml": ENVIRONMENT_YML,
            **policy_with("repo/dependencies-pinned: warning\n"),
        }
    )
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    found = sorted((f["path"], f["line"], f["message"]) for f in findings_of(report, "repo/dependencies-pinned"))
    assert found == [
        ("environment.yml", 6, "'numpy' is not pinned (use =VERSION)"),
        ("environment.yml", 10, "'lightgbm>=4' is not pinned (use ==)"),
        ("requirements.txt", 3, "'pandas>=2.0' is not pinned (use ==)"),
        ("requirements.txt", 4, "'scikit-learn==1.5.*' is not pinned (use ==)"),
        ("requirements.txt", 6, "'requests' is not pinned (use ==)"),
        ("requirements.txt", 11, "'not a requirement !!' is not a requirement 'packaging' can read"),
    ]


def test_a_lock_file_pins_everything(project) -> None:
    root = project(
        {
            "requirements.txt": "pandas>=2\n",
            "uv.lock": "version = 1\n",
            **policy_with("repo/dependencies-pinned: warning\n"),
        }
    )
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    assert findings_of(report, "repo/dependencies-pinned") == []


def test_ci_must_run_the_tests_and_optionally_readycheck(project) -> None:
    workflow = "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: python -m pytest\n"
    root = project(
        {
            ".github/workflows/ci.yml": workflow,
            "README.md": GOOD_README,
            **policy_with("repo/ci-configured:\n  with: {readycheck: true}\n"),
        }
    )
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    assert [f["message"] for f in findings_of(report, "repo/ci-configured")] == [
        "no CI configuration runs readycheck (.github/workflows/ci.yml)"
    ]
    (root / ".gitlab-ci.yml").write_text("lint:\n  script: [ruff check .]\n")
    (root / ".github/workflows/ci.yml").write_text(workflow.replace("python -m pytest", "make lint"))
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    assert "no CI configuration runs the tests (.github/workflows/ci.yml, .gitlab-ci.yml)" in [
        f["message"] for f in findings_of(report, "repo/ci-configured")
    ]


def test_no_ci_is_missing_evidence(project) -> None:
    root = project({"README.md": GOOD_README, **policy_with("repo/ci-configured: warning\n")})
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    [finding] = findings_of(report, "repo/ci-configured")
    assert (
        finding["message"].startswith("required evidence is missing: no CI configuration")
        and "docs/ci.md" in finding["help"]
    )


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"readycheck.yaml": "owner: '@acme/ml'\ncontact: '#ml-oncall'\n"}, []),
        ({"pyproject.toml": "[tool.readycheck]\nowner = '@acme/ml'\n"}, ["no escalation contact"]),
        (
            {
                "catalog-info.yaml": "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: churn\n  links: [{url: 'https://chat.example/ml'}]\nspec:\n  owner: group:ml\n"
            },
            [],
        ),
        ({"README.md": GOOD_README + "\n## Owners\n\nThe ML team.\n\n## Support\n\nAsk in #ml.\n"}, []),
        ({"README.md": GOOD_README}, ["no escalation contact", "no owning team"]),
    ],
    ids=["config", "pyproject-owner-only", "backstage", "readme-sections", "nothing"],
)
def test_ownership_declared(project, files: dict[str, str], expected: list[str]) -> None:
    root = project({**files, **policy_with("ownership/declared: warning\n")})
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    messages = sorted(f["message"] for f in findings_of(report, "ownership/declared"))
    assert len(messages) == len(expected) and all(m.startswith(e) for m, e in zip(messages, expected, strict=True))


def test_a_lock_file_pins_only_its_own_folder(project) -> None:
    files = {
        "services/api/Pipfile.lock": "{}",
        "services/api/requirements.txt": "flask\n",
        "training/requirements.txt": "pandas\n",
        **policy_with("repo/dependencies-pinned: warning\n"),
    }
    root = project(files)
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    assert [(f["path"], f["message"]) for f in findings_of(report, "repo/dependencies-pinned")] == [
        ("training/requirements.txt", "'pandas' is not pinned (use ==)")
    ]


def test_gitlab_section_default_owners_apply_to_its_lines_without_owners(project) -> None:
    owners = (
        "[Models] @acme/ml-churn\n"
        "/models/\n"
        "MODEL_CARD.md @acme/ml-docs\n"
        "\n"
        "^[Policies][2]  # optional, two approvals\n"
        "/policies/\n"
    )
    root = project(
        {
            ".gitlab/CODEOWNERS": owners,
            "models/churn.pkl": "x",
            "MODEL_CARD.md": "# card\n",
            "policies/team.yaml": "readycheck: 1\n",
            **policy_with("ownership/codeowners: error\n"),
        }
    )
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    assert [f["message"] for f in findings_of(report, "ownership/codeowners")] == [
        "policies/ has no owner in .gitlab/CODEOWNERS"  # its section names no default owner
    ]


@pytest.mark.parametrize(
    ("files", "passes"),
    [
        ({"CHANGELOG.md": "# Changelog\n"}, True),
        ({"RELEASE.md": "# 1.0\n"}, True),
        ({"RELEASES.md": "# 1.0\n"}, True),
        ({"NEWS.rst": "1.0\n===\n"}, True),
        ({"docs/changelog.rst": "1.0\n"}, True),
        ({"docs/changelog/1.0.md": "# 1.0\n"}, True),
        ({"readycheck.yaml": "release_notes: https://github.com/acme/churn/releases\n"}, True),
        ({"src/changelog.py": "x = 1\n"}, False),
        ({"README.md": "# Churn\n"}, False),
    ],
)
def test_documentation_changelog_names_and_the_release_notes_key(project, files: dict[str, str], passes: bool) -> None:
    root = project({**files, **policy_with("documentation/changelog: warning\n")})
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    found = findings_of(report, "documentation/changelog")
    assert (found == []) is passes
    if not passes:
        assert found[0]["message"].startswith("required evidence is missing: no changelog or release notes")
