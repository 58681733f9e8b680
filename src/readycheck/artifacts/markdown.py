"""Markdown documents: YAML front matter and headings with their section bodies.

A deliberately small parser (ATX and setext headings, fenced code skipped): enough for the
questions policies ask of READMEs, model cards and rollback plans, without a Markdown dependency.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from readycheck import structured
from readycheck.errors import ParseError

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


@dataclass(frozen=True)
class Heading:
    level: int
    title: str
    line: int
    body: str
    """Text up to the next heading of the same or a higher level (subsections included)."""

    @property
    def has_body(self) -> bool:
        return bool(_COMMENT.sub("", self.body).strip())


@dataclass(frozen=True)
class MarkdownDocument:
    headings: tuple[Heading, ...]
    front_matter: structured.Document | None
    front_matter_error: ParseError | None = None

    def find(self, title: str) -> Heading | None:
        wanted = _normalise(title)
        return next((h for h in self.headings if _normalise(h.title) == wanted), None)


def _normalise(title: str) -> str:
    return " ".join(title.replace("`", "").replace("*", "").strip().rstrip(":").split()).casefold()


def parse_markdown(text: str, path: str) -> MarkdownDocument:
    lines = text.splitlines()
    front_matter, front_matter_error, start = _front_matter(lines, path)
    raw: list[tuple[int, str, int, int]] = []  # (level, title, heading index, body start index)
    fence: str | None = None
    for index in range(start, len(lines)):
        line = lines[index]
        fence_match = _FENCE.match(line)
        if fence_match:
            marker = fence_match.group(1)
            if fence is None:
                fence = marker[0] * 3
            elif marker.startswith(fence):
                fence = None
            continue
        if fence is not None:
            continue
        atx = _ATX.match(line)
        if atx:
            raw.append((len(atx.group(1)), (atx.group(2) or "").strip(), index, index + 1))
            continue
        setext = _SETEXT.match(line)
        previous = lines[index - 1].strip() if index > start else ""
        if setext and previous and not _ATX.match(lines[index - 1]) and not (raw and raw[-1][2] == index - 1):
            raw.append((1 if setext.group(1)[0] == "=" else 2, previous, index - 1, index + 1))
    headings = []
    for position, (level, title, index, body_start) in enumerate(raw):
        end = len(lines)
        for later_level, _, later_index, _ in raw[position + 1 :]:
            if later_level <= level:
                end = later_index
                break
        body = "\n".join(lines[body_start:end])
        headings.append(Heading(level, title, index + 1, body))
    return MarkdownDocument(tuple(headings), front_matter, front_matter_error)


def _front_matter(lines: list[str], path: str) -> tuple[structured.Document | None, ParseError | None, int]:
    if not lines or lines[0].strip() != "---":
        return None, None, 0
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            text = "\n" + "\n".join(lines[1:index])  # keep line numbers
            try:
                return structured.load_yaml(text, path), None, index + 1
            except ParseError as error:
                return None, error, index + 1
    return None, None, 0
