from readycheck.artifacts.markdown import parse_markdown

TEXT = """---
license: mit
tags: [churn]
---
# Churn model

Intro.

## Contact
<!-- fill me -->

## On-call
### Rotation
PagerDuty: ml-oncall

Usage
-----
Run it.

```python
# not a heading
```
"""


def test_headings_levels_lines_and_bodies() -> None:
    document = parse_markdown(TEXT, "README.md")
    titles = [(h.level, h.title, h.line) for h in document.headings]
    assert titles == [
        (1, "Churn model", 5),
        (2, "Contact", 9),
        (2, "On-call", 12),
        (3, "Rotation", 13),
        (2, "Usage", 16),
    ]
    assert document.find("contact").has_body is False
    assert document.find("ON-CALL").has_body is True  # its subsection counts
    assert document.find("usage").has_body is True
    assert document.find("not a heading") is None


def test_front_matter_keeps_file_lines() -> None:
    document = parse_markdown(TEXT, "README.md")
    assert document.front_matter is not None
    assert document.front_matter.data == {"license": "mit", "tags": ["churn"]}
    assert document.front_matter.lines[("tags",)] == 3


def test_broken_front_matter_is_kept_as_an_error() -> None:
    document = parse_markdown("---\na: [1\n---\n# Title\n", "card.md")
    assert document.front_matter is None
    assert document.front_matter_error is not None
    assert document.front_matter_error.path == "card.md"
    assert [h.title for h in document.headings] == ["Title"]
