"""Markdown documents: YAML front matter and headings with their section bodies.

A deliberately small parser (ATX and setext headings, fenced code skipped): enough for the
questions policies ask of READMEs, model cards and rollback plans, without a Markdown dependency.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from readycheck import structured
from readycheck.errors import ParseError

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]|$)")
_SETEXT = re.compile(r"^ {0,3}(=++|-++)[ \t]*+$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HTML_HEADING = re.compile(r"^ {0,3}<h([1-6])(?:\s[^>]*)?>(.*?)</h\1\s*>\s*$", re.IGNORECASE)
"""``<h2>Limitations</h2>`` on a line of its own: model cards written as HTML use them."""
_TAG = re.compile(r"<[^<>\n]{1,300}>")
_EMPHASIS = re.compile(r"(?<![\w\\])[*_]{1,3}|[*_]{1,3}(?!\w)")


@functools.cache
def placeholder() -> re.Pattern[str]:
    """What a template leaves behind: the Hugging Face template's marker (and its boilerplate sentence "More
    information needed for further recommendations"), to-do words, unrendered Jinja, filler. Compiled when
    a section's text is judged (model cards), with the heading lines and empty field labels
    ('**Developed by:**') that say nothing either; a notebook's headings never need them."""
    return re.compile(r"\[?(?i:more information needed)\]?|\bTODO\b|\bTBD\b|\{\{[^{}\n]{0,200}\}\}|(?i:lorem ipsum)")


@functools.cache
def _unwritten() -> tuple[re.Pattern[str], re.Pattern[str]]:
    heading_line = re.compile(r"(?m)^ {0,3}(?:#{1,6}(?:[ \t].*)?|<h[1-6][\s>].*)$", re.IGNORECASE)
    return heading_line, re.compile(r"\*\*[^*\n]{1,80}:\*\*")


def is_written(text: str) -> bool:
    """Whether ``text`` says something besides comments, template placeholders, headings and empty
    field labels: a section holding only '[More Information Needed]' or 'TODO' is not written."""
    heading_line, label = _unwritten()
    text = label.sub("", heading_line.sub("", placeholder().sub("", strip_comments(text))))
    return bool(text.strip(" \t\n-*:|"))


def clean_title(title: str) -> str:
    """A heading's words, as readers see them: inline HTML and Markdown emphasis removed."""
    return " ".join(_EMPHASIS.sub("", _TAG.sub("", title)).replace("`", "").split())


class Heading(NamedTuple):
    level: int
    title: str
    line: int
    body: str
    """Text up to the next heading of the same or a higher level (subsections included)."""

    @property
    def has_body(self) -> bool:
        """Whether the section says something (see :func:`is_written`); subsections' text counts."""
        return is_written(self.body)


def strip_comments(text: str) -> str:
    """``text`` without HTML comments; an unterminated one runs to the end. Linear in ``text``."""
    pieces = []
    position = 0
    while (start := text.find("<!--", position)) != -1:
        pieces.append(text[position:start])
        end = text.find("-->", start + 4)
        if end == -1:
            return "".join(pieces)
        position = end + 3
    pieces.append(text[position:])
    return "".join(pieces)


def _atx_title(line: str, marker_end: int) -> str:
    """The title of an ATX heading: the rest of the line without its optional closing ``#`` run."""
    title = line[marker_end:].strip()
    closed = title.rstrip("#")
    if closed != title and (not closed or closed[-1] in " \t"):
        title = closed.rstrip()
    return title


class MarkdownDocument(NamedTuple):
    headings: tuple[Heading, ...]
    front_matter: structured.Document | None
    front_matter_error: ParseError | None = None

    def find(self, title: str) -> Heading | None:
        wanted = _normalise(title)
        return next((h for h in self.headings if _normalise(h.title) == wanted), None)


def _normalise(title: str) -> str:
    return " ".join(clean_title(title).strip().rstrip(":").split()).casefold()


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
            raw.append((len(atx.group(1)), _atx_title(line, atx.end(1)), index, index + 1))
            continue
        html = _HTML_HEADING.match(line) if "<" in line else None
        if html:
            raw.append((int(html.group(1)), html.group(2), index, index + 1))
            continue
        setext = _SETEXT.match(line)
        previous = lines[index - 1].strip() if index > start else ""
        if setext and previous and not _ATX.match(lines[index - 1]) and not (raw and raw[-1][2] == index - 1):
            raw.append((1 if setext.group(1)[0] == "=" else 2, previous, index - 1, index + 1))
    ends = [len(lines)] * len(raw)
    open_headings: list[int] = []  # positions in ``raw`` whose section is still open, levels increasing
    for position, (level, _, index, _) in enumerate(raw):
        while open_headings and raw[open_headings[-1]][0] >= level:
            ends[open_headings.pop()] = index
        open_headings.append(position)
    headings = tuple(
        Heading(level, clean_title(title), index + 1, "\n".join(lines[body_start:end]))
        for (level, title, index, body_start), end in zip(raw, ends, strict=True)
    )
    return MarkdownDocument(headings, front_matter, front_matter_error)


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
