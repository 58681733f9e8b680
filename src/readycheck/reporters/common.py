"""What the CI reporters share: where a finding points, and text made safe for any consumer."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote

from readycheck.model import Finding, Result, Rule
from readycheck.paths import README_NAMES, report_path, uri_bytes

REPOSITORY_PATH = "."

_ANSI = (
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves
    r"|\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC, terminated: titles, hyperlinks
    r"|[ -/]*[0-~])?"  # other short escapes, or a lone ESC (an unterminated string keeps its text)
)
_UNSAFE = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
"""Control characters (C0 but tab and newline, DEL, C1), bidirectional overrides that reorder what a
reviewer sees, lone surrogates (unencodable) and the two non-characters XML forbids."""
_compiled = functools.cache(re.compile)
"""Both patterns are compiled when a text needs them: most messages are plain ASCII."""


def clean_text(text: str) -> str:
    """Text from scanned files (notebook outputs above all) made printable everywhere: terminal escape
    sequences are dropped, other unsafe characters shown as ``\\x1f``/``\\u202e``, line ends made ``\\n``.
    The result is legal in XML 1.0, encodable in UTF-8 and inert in a terminal or a browser."""
    if text.isascii() and text.replace("\n", "").replace("\t", "").isprintable():
        return text  # no escape, control character, carriage return or non-ASCII character
    text = _compiled(_ANSI).sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _compiled(_UNSAFE).sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", text)


def one_line(text: str) -> str:
    """Cleaned text on a single line, for titles, attributes and table cells."""
    return " ".join(clean_text(text).split())


def truncate(text: str, limit: int) -> str:
    """At most ``limit`` characters; consumers reject or cut longer names and descriptions."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


RULE_ANCHOR, CONFIG_ANCHOR, STAND_IN = "rule", "config", "stand-in"
_ANCHOR_WORDS = {RULE_ANCHOR: ", rule set at ", CONFIG_ANCHOR: ", policy chosen in ", STAND_IN: ""}


class Location(NamedTuple):
    """A file position for a finding; ``path`` is repository-relative with ``/``.

    A finding about the whole repository gets an ``anchor``, because code scanning, annotations and code
    quality reports need a file: ``"rule"`` when it is placed on the policy line configuring its rule,
    ``"config"`` on the config file choosing the policy, ``"stand-in"`` on a file merely standing in for
    the repository. ``path`` is ``"."`` only when the repository has no file to point at.
    """

    path: str
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    anchor: str | None = None

    @property
    def is_file(self) -> bool:
        return self.path != REPOSITORY_PATH

    @property
    def shown(self) -> str:
        """The path as reports write it (see paths.report_path); ``path`` stays the name on disk."""
        return report_path(self.path)

    @property
    def uri(self) -> str:
        """The path as a relative URI reference: every byte that needs it percent-encoded."""
        return quote(uri_bytes(self.path), safe="/")

    @property
    def position(self) -> str:
        """``path:line:column`` as far as known."""
        if self.line is None:
            return self.shown
        return f"{self.shown}:{self.line}" + (f":{self.column}" if self.column else "")

    def describe(self, position: str | None = None) -> str:
        """What the finding is about, for people: the file position (``position`` overrides how it is written,
        e.g. as a link), or the repository and where its rule comes from."""
        position = self.position if position is None else position
        if self.anchor is None:
            return position
        words = _ANCHOR_WORDS[self.anchor]
        return "(repository)" + (f"{words}{position}" if words else "")

    def __str__(self) -> str:
        return self.describe()


def headline(finding: Finding, location: Location) -> str:
    """The finding's cleaned message, saying so first when it concerns the repository rather than the file
    it is shown on."""
    message = clean_text(finding.message)
    return message if location.anchor is None else f"{location}: {message}"


def repository_relative(file: str, root: Path) -> str | None:
    """``file`` (absolute) relative to ``root`` with ``/``, or None when it lies outside the repository."""
    if not file:
        return None
    path = Path(file).resolve()
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else None


def rule_source(rule: Rule | None, root: Path) -> Location | None:
    """Where inside the repository the rule is configured; None for built-in packs and outside files."""
    if rule is None or rule.source is None:
        return None
    relative = repository_relative(rule.source.file, root)
    return Location(relative, rule.source.line, anchor=RULE_ANCHOR) if relative else None


class Locator:
    """Places findings in files. A finding about the repository (path ".") goes to the policy line that
    configures its rule when that file is in the repository, else to the config file, else to the README,
    else to the first evaluated file; ``"."`` is left only for a repository with no file at all."""

    def __init__(self, result: Result, rules: Iterable[Rule]) -> None:
        self.root = Path(result.root).resolve()
        self.rules = {rule.id: rule for rule in rules}
        self.fallback = self._fallback(result)

    def _fallback(self, result: Result) -> Location:
        if result.config_file:
            return Location(result.config_file, anchor=CONFIG_ANCHOR)
        readme = next((name for name in README_NAMES if (self.root / name).is_file()), None)
        if readme:
            return Location(readme, anchor=STAND_IN)
        files = sorted({e.path for e in result.evaluations if e.path != REPOSITORY_PATH})
        return Location(files[0] if files else REPOSITORY_PATH, anchor=STAND_IN)

    def __call__(self, finding: Finding) -> Location:
        if finding.path != REPOSITORY_PATH:
            return Location(finding.path, finding.line, finding.column, finding.end_line, finding.end_column)
        return rule_source(self.rules.get(finding.rule_id), self.root) or self.fallback


RENDERED = (".md", ".markdown", ".ipynb", ".rst")
"""Files GitHub shows rendered: a line anchor needs ``?plain=1``."""


def link_base(configured: str | None, environ: Mapping[str, str] = os.environ) -> str:
    """The URL prefix of files in report links: ``--link-base`` (the folder files are under, with or
    without its final slash), else the commit under review when the CI says which (GitHub Actions:
    GITHUB_SERVER_URL, GITHUB_REPOSITORY and GITHUB_SHA; GitLab CI: CI_PROJECT_URL and CI_COMMIT_SHA),
    else "" for links relative to the repository root."""
    if configured is not None:
        return configured if not configured or configured.endswith("/") else configured + "/"
    github = [environ.get(name, "") for name in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA")]
    if all(github):
        return "{}/{}/blob/{}/".format(*github)
    gitlab = [environ.get(name, "") for name in ("CI_PROJECT_URL", "CI_COMMIT_SHA")]
    if all(gitlab):
        return "{}/-/blob/{}/".format(*gitlab)
    return ""


def file_link(location: Location, base: str) -> str:
    """The link to a finding's file and line under ``base``."""
    rendered = location.uri.lower().endswith(RENDERED) and location.line  # GitHub shows them rendered, without lines
    return base + location.uri + ("?plain=1" if rendered else "") + (f"#L{location.line}" if location.line else "")
