"""``readycheck init``: the files a team starts from, and the snippets that switch readycheck on."""

from __future__ import annotations

from pathlib import Path

from readycheck.errors import ConfigError
from readycheck.version import __version__

CONFIG = """\
# readycheck configuration. Reference: readycheck schema config; rules: readycheck rules.
policy:
  - recommended          # the built-in pack (or: strict)
  - policies/team.yaml   # your team's own rules
exclude: []              # globs never scanned, on top of .gitignore
fail_on: error           # error | warning | note | never
# waivers:               # exceptions a lead signs off; they stop working after 'expires'
#   - rule: notebook/size
#     paths: ["notebooks/legacy-eda.ipynb"]
#     reason: "kept for the audit trail until the Q3 clean-up"
#     owner: "@ml-lead"
#     expires: 2026-12-31
"""

TEAM_POLICY = """\
# The team's production-readiness policy. Each rule turns a check into a requirement:
#   readycheck rules            lists the checks
#   readycheck explain CHECK    shows a check's parameters and an example
readycheck: 1
name: team
description: What our models must meet before they go to production.
rules:
  # A rule of your own, built from a generic check:
  # team/readme-contact:
  #   check: markdown/sections
  #   level: warning
  #   paths: ["README.md"]
  #   with: {required: ["Contact", "On-call"]}
  #   message: "README must say who to call when the model misbehaves"
  #
  # Metric thresholds on the report your evaluation writes (without 'paths': every metrics file,
  # and those dvc.yaml declares). No report at all is a finding too:
  # team/model-quality:
  #   check: metrics/threshold
  #   level: error
  #   paths: ["reports/metrics.json"]
  #   with: {thresholds: {"eval.auc": ">= 0.85", "latency.p95_ms": "<= 120"}}
  #
  # Per-slice robustness: every region at least 0.75 AUC, and within 0.05 of each other:
  # team/fair-regions:
  #   check: metrics/slices
  #   level: warning
  #   paths: ["reports/metrics.json"]
  #   with: {metric: auc, slices: slices.region, min: 0.75, max_gap: 0.05}
  #
  # A latency budget on pytest-benchmark results (pytest --benchmark-json=reports/benchmark.json):
  # team/predict-latency:
  #   check: perf/latency-budget
  #   level: error
  #   paths: ["reports/benchmark.json"]
  #   with: {budgets: {"test_predict*": "<= 25ms"}}
  #
  # Metrics a readiness review asks for:
  # team/metrics-reported:
  #   check: metrics/required
  #   with: {metrics: ["eval.auc", "latency.p95_ms"]}
  #
  # Change a built-in rule's level, or switch it off:
  # notebook/imports-first: "off"
"""

PRE_COMMIT_SNIPPET = f"""\
# .pre-commit-config.yaml
repos:
  - repo: https://github.com/readycheck/readycheck
    rev: v{__version__}
    hooks:
      - id: readycheck            # the staged files, on every commit
      - id: readycheck-repo       # the whole repository, before a push
        stages: [pre-push]
"""

CI_SNIPPET = """\
# .github/workflows/readiness.yml (a step)
- run: pip install readycheck-ml && readycheck check -o sarif=readycheck.sarif -o markdown=$GITHUB_STEP_SUMMARY
- uses: github/codeql-action/upload-sarif@v3
  if: always()
  with: {sarif_file: readycheck.sarif, category: readycheck}
"""


def planned_files(root: Path) -> dict[Path, str]:
    return {root / "readycheck.yaml": CONFIG, root / "policies" / "team.yaml": TEAM_POLICY}


def initialise(root: Path, force: bool) -> list[Path]:
    """Write the starter files (refusing to overwrite without ``force``); the cache lives outside the
    repository, so nothing needs ignoring."""
    files = planned_files(root)
    existing = [path for path in files if path.exists()]
    if existing and not force:
        names = ", ".join(str(path.relative_to(root)) for path in existing)
        raise ConfigError(f"{names} already exist(s); use --force to overwrite")
    written = []
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
