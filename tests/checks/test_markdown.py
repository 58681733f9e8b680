from tests.conftest import findings_of, policy_with, run_json

RULE = """\
t/readme:
  check: markdown/sections
  paths: [README.md, docs/*.md]
  with: {required: [Contact, On-call, Rollback]}
  message: README must say who to call
"""


def test_missing_and_empty_sections(project) -> None:
    root = project(
        {
            "README.md": "# Model\n\n## contact\n<!-- todo -->\n\n## On-Call\n### Rotation\nPagerDuty ml-oncall\n",
            "docs/guide.md": "# Guide\n\n## Contact\nml-team@acme.test\n\n## On-call\nml-oncall\n\n## Rollback\nrevert tag\n",
            **policy_with(RULE),
        }
    )
    code, report = run_json(str(root), "--policy", "policy.yaml")
    found = [(f["path"], f["line"], f["message"]) for f in findings_of(report, "t/readme")]
    assert found == [
        ("README.md", None, "README must say who to call: missing section 'Rollback'"),
        ("README.md", 3, "README must say who to call: section 'contact' is empty"),
    ]
    assert code == 0  # markdown/sections defaults to warning


def test_allow_empty_accepts_headings_without_body(project) -> None:
    root = project(
        {
            "README.md": "# Model\n## Contact\n## On-call\n## Rollback\n",
            **policy_with(RULE.replace("Rollback]}", "Rollback], allow_empty: true}")),
        }
    )
    _, report = run_json(str(root), "--policy", "policy.yaml")
    assert findings_of(report, "t/readme") == []


CARD_WITH_HTML = """\
# Model card

### <span style="color:#1f77b4">Cyber Security </span>
Trained on five years of labelled intrusion logs.

<h2>Limitations</h2>
Fails on encrypted payloads.

## **Evaluation**
[More Information Needed]

## Training
<!-- fill in -->
TODO
"""


def test_headings_match_by_their_text_html_headings_count_and_placeholders_do_not(project) -> None:
    rule = """\
team/card:
  check: markdown/sections
  paths: [MODEL_CARD.md]
  with:
    required:
      - Cyber Security
      - [Bias, Risks, and Limitations, Limitations]
      - Evaluation
      - Training
      - [Ethical Considerations, Ethics]
"""
    root = project({"MODEL_CARD.md": CARD_WITH_HTML, **policy_with(rule)})
    _, report = run_json(str(root), "--policy", "policy.yaml", "--no-cache")
    assert sorted((f["line"] or 0, f["message"]) for f in findings_of(report, "team/card")) == [
        (0, "missing section 'Ethical Considerations' (or 'Ethics')"),
        (9, "section 'Evaluation' has only template text"),
        (12, "section 'Training' has only template text"),
    ]
