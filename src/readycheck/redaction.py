"""Secret detection and redaction: what the secrets check looks for, and what every report hides.

A leaf module, so that the engine can pass every finding message through :func:`redact_text`: a
credential quoted by any check (an exception name, a path, a field value, a validator's message) is
shown redacted, never in full.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from functools import cache
from typing import NamedTuple

_compiled = cache(re.compile)
"""Patterns are compiled on first use: most runs (cache hits, clean files) never look for a secret, and
compiling them all costs more than a pre-commit run's checks."""

_SURROGATE = "[\ud800-\udfff]"
MESSAGE_LIMIT = 1000
"""Characters a finding message may have; longer ones (quoted data, validator messages) are cut."""


class Detector(NamedTuple):
    """A kind of secret: ``pattern`` matches it (a ``header`` group is what reports show instead of a
    redacted form); ``plausible`` rejects placeholders. With ``word_start``, a match must not continue
    a word: checked in code, because a leading ``\\b`` would stop ``re`` from searching for the
    pattern's literal prefix, making every scan about fifty times slower."""

    name: str
    label: str
    regex: str
    plausible: Callable[[str], bool]
    word_start: bool = True

    @property
    def pattern(self) -> re.Pattern[str]:
        return _compiled(self.regex)


class Match(NamedTuple):
    detector: Detector
    start: int
    end: int
    secret: str
    shown: str
    """What reports may show: the redacted secret, or a private key's header line."""
    name: str = ""
    """For an assignment, the name the literal is assigned to."""

    @property
    def description(self) -> str:
        if self.name:
            return f"{self.detector.label} assigned to '{self.name}': {self.shown}"
        return f"{self.detector.label} {self.shown}"


_TOKEN_PLACEHOLDERS = ("xxxx", "****", "your", "placeholder", "dummy", "fake", "redacted", "changeme", "insert")


def _varied(secret: str) -> bool:
    """Plausible when the token varies enough and has no placeholder word (AWS's documented example
    keys, 'AKIA...EXAMPLE', are deliberately plausible: they are what tests use)."""
    lowered = secret.lower()
    return len(set(secret)) >= 6 and not any(word in lowered for word in _TOKEN_PLACEHOLDERS)


def _mixed(secret: str) -> bool:
    """Random tokens of 20+ characters mix cases and digits; names and slugs do not."""
    body = secret.split("-", 1)[-1]
    return (
        _varied(secret)
        and any(c.isdigit() for c in body)
        and any(c.isupper() for c in body)
        and any(c.islower() for c in body)
    )


def _cased(secret: str) -> bool:
    """Hugging Face tokens are letters (sometimes digits) in both cases."""
    body = secret[3:]
    return _varied(secret) and any(c.isupper() for c in body) and any(c.islower() for c in body)


_END = r"(?![A-Za-z0-9_])"

DETECTORS = (
    Detector("aws-access-key-id", "AWS access key ID", rf"(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{{16}}{_END}", _varied),
    Detector(
        "private-key",
        "private key block",
        r"(?P<header>-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----)"
        r"(?:\s|\\[nr])++(?:[\w-]++: [^\n\\]*+(?:\s|\\[nr])++)*+[A-Za-z0-9+/=]{16}",
        lambda secret: True,
        word_start=False,
    ),
    Detector(
        "github-token",
        "GitHub token",
        rf"(?:gh[pousr]_[A-Za-z0-9]{{36,251}}|github_pat_[A-Za-z0-9]{{22}}_[A-Za-z0-9]{{59}}){_END}",
        _varied,
    ),
    Detector("slack-token", "Slack token", r"xox[abposr]-[0-9]+-[A-Za-z0-9-]{8,}", _varied),
    Detector(
        "slack-webhook",
        "Slack webhook URL",
        r"https://hooks\.slack\.com/(?:services|workflows)/[A-Za-z0-9_/]{20,}",
        _varied,
        word_start=False,
    ),
    Detector("huggingface-token", "Hugging Face token", rf"hf_[A-Za-z0-9]{{34,40}}{_END}", _cased),
    Detector("openai-key", "OpenAI-style API key", r"sk-(?:[a-z0-9]+-){0,2}[A-Za-z0-9_-]{20,}", _mixed),
)
_ANY_TOKEN = "|".join(f"(?:{d.regex.replace('(?P<header>', '(?:')})" for d in DETECTORS)
"""Any detector's token: one search tells most texts (a line of output, a cell) that none is there."""
ASSIGNMENT = Detector("assignment", "hard-coded credential", "", lambda secret: True)
"""Literals assigned to credential names; found by :func:`_assignments`, not by a pattern of its own."""

_NAMES = (
    r"password|passwd|secret|token|api[_-]?key|apikey|(?:access|auth|client|private|secret|signing|encryption)[_-]?key"
)
_NAME_ENDINGS = ("word", "passwd", "secret", "token", "key")
_NAME_BEFORE = rf"(?i)(?P<name>{_NAMES})[\"']?[ \t]*\Z"
"""A credential name ending just before an assignment (``password =``, ``"api_key":``)."""
_QUOTED_VALUE = r"""[=:][ \t]*[rbufRBUF]{0,2}(?:"([^"\n]*)"|'([^'\n]*)')"""
"""``= "..."`` or ``: '...'``: searched first, since ``re`` finds it far faster than the names."""
_ANNOTATION = r"(?<=\w)[ \t]*:[ \t]*[\w.]+(?:\[[\w., |\[\]]*\])?(?:[ \t]*\|[ \t]*[\w.]+)*[ \t]*\Z"
"""A variable annotation before '=': ': str', ': Optional[str]', ': str | None'."""
_BARE_LINE = r"""(?m)^[ \t]*(?:export[ \t]+)?([\w.-]+)[ \t]*[=:][ \t]*([^\s'"#][^\s#]*)[ \t]*(?:#.*)?$"""
"""``API_KEY=...``, ``password: ...``: in .env, INI and YAML files values need no quotes."""
_CREDENTIAL_NAME = rf"(?i)(?:{_NAMES})\Z"

_PLACEHOLDER_PATTERNS = (
    r"""(?i)^(?:<.*>|\[.*\]|\$\{.*\}|\$\(.*\)|\$\w+|\{\{.*\}\}|%\(\w+\)s|(.)\1*)$|[{}]|xxx|\*\*\*|\.\.\.|…"""
)
_PLACEHOLDER_WORDS = (
    "changeme",
    "change_me",
    "change-me",
    "placeholder",
    "your",
    "dummy",
    "redacted",
    "example",
    "sample",
    "fake",
    "test",
    "todo",
    "fixme",
    "insert",
    "replace",
    "secret",
    "password",
    "token",
)
_PATH_LIKE = r"^(?:~?\.{0,2}/|[\w.-]+(?:/[\w.-]+)+\.\w{1,5}$)"
_NAME_LIKE = r"^(?:[a-z][a-z_.-]*|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)$"
"""A word, a snake-case key or an ENV_VAR name: what code passes around instead of a credential."""


def _literal_is_secret(value: str, minimum: int) -> bool:
    """Whether an assigned literal looks like a credential rather than a placeholder, a reference or a name."""
    lowered = value.lower()
    return (
        len(value) >= minimum
        and not any(c.isspace() for c in value)
        and not _compiled(_PLACEHOLDER_PATTERNS).search(value)
        and not any(word in lowered for word in _PLACEHOLDER_WORDS)
        and lowered not in ("true", "false", "none", "null", "nil", "undefined")
        and not _compiled(_PATH_LIKE).match(value)
        and not _compiled(_NAME_LIKE).match(value)
        and not re.fullmatch(r"[\d.]+", value)
        and not (lowered.startswith(("http://", "https://")) and "@" not in value)
    )


def redact(secret: str) -> str:
    """Keep at most the first and last 4 characters (fewer for short secrets), mask the rest.

    ``AKIAIOSFODNN7EXAMPLE`` -> ``AKIA************MPLE``: enough to recognise which key it is, never
    enough to use it. At most 40% of a secret is ever shown.
    """
    keep = min(4, len(secret) // 5)
    if keep == 0:
        return "*" * len(secret)
    return secret[:keep] + "*" * (len(secret) - 2 * keep) + secret[-keep:]


def find_secrets(text: str, bare_assignments: bool = False, inside_words: bool = False) -> list[Match]:
    """Every plausible secret in ``text``, in order, one match per secret (a token assigned to
    ``api_key`` is reported as the token). ``bare_assignments`` also reads unquoted values;
    ``inside_words`` also takes tokens glued to a preceding word (``AuthErrorghp_...``): right for
    redaction, where hiding too much costs little, too noisy for the secrets check."""
    matches: list[Match] = []
    for detector in DETECTORS if _compiled(_ANY_TOKEN).search(text) else ():
        for found in detector.pattern.finditer(text):
            start = found.start()
            glued = start and (text[start - 1].isalnum() or text[start - 1] == "_")
            if detector.word_start and glued and not inside_words:
                continue
            secret = found.group(0)
            if detector.plausible(secret):
                shown = found.group("header") if "header" in detector.pattern.groupindex else redact(secret)
                matches.append(Match(detector, start, found.end(), secret, shown))
    tokens = sorted((m.start, m.end) for m in matches)
    for start, end, name, minimum in _assignments(text, bare_assignments):
        value = text[start:end]
        if not _overlaps(tokens, start, end) and _literal_is_secret(value, minimum):
            matches.append(Match(ASSIGNMENT, start, end, value, redact(value), name))
    matches.sort(key=lambda m: (m.start, m.detector.name))
    return matches


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of the sorted, disjoint ``spans``."""
    index = bisect.bisect_left(spans, (end,))
    return index > 0 and spans[index - 1][1] > start


def _assignments(text: str, bare: bool) -> Iterator[tuple[int, int, str, int]]:
    """Literals assigned to credential names: (value start, value end, name, least plausible length)."""
    for found in _compiled(_QUOTED_VALUE).finditer(text):
        separator = found.start()
        window = text[max(0, separator - 80) : separator]
        if text[separator] == "=":
            window = _compiled(_ANNOTATION).sub("", window)  # 'db_password: str = "..."' names db_password
        if not window.rstrip(" \t\"'").lower().endswith(_NAME_ENDINGS):
            continue
        named = _compiled(_NAME_BEFORE).search(window)
        if named is not None:
            group = 1 if found.group(1) is not None else 2
            name = _name_ending_at(window, named.start("name"), named.end("name"))
            yield found.start(group), found.end(group), name, 6
    if bare:
        for found in _compiled(_BARE_LINE).finditer(text):
            name = found.group(1)
            if name.lower().endswith(_NAME_ENDINGS) and _compiled(_CREDENTIAL_NAME).search(name):
                yield found.start(2), found.end(2), name, 8


def _name_ending_at(text: str, start: int, end: int) -> str:
    """The whole identifier (``db_password``, ``openai.api_key``) whose tail the regex matched."""
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_.-"):
        start -= 1
    return text[start:end]


def redact_text(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """``text`` with every secret the detectors know replaced by its redacted form, then cut at ``limit``
    (in that order, so that a cut never leaves part of a secret unrecognised)."""
    for match in reversed(find_secrets(text, bare_assignments=True, inside_words=True)):
        text = text[: match.start] + match.shown + text[match.end :]
    text = _compiled(_SURROGATE).sub(lambda m: f"\\u{ord(m[0]):04x}", text)  # unencodable: shown, never written raw
    return text if len(text) <= limit else text[: limit - 1] + "…"


def shorten(text: str, limit: int = 80) -> str:
    """A value quoted from a scanned file, cut to ``limit`` characters."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
