"""readycheck's own checks: what the engine, the suppression stage and the loaders report about a run.

They have no function (the engine raises them itself) and belong to no policy; scorecard and reports
know them by id.
"""

from __future__ import annotations

from typing import Any

from readycheck.model import Check, Level

CHECK_ERROR: Check[Any] = Check(
    id="readycheck/check-error",
    function=None,
    description="A check raised an exception; the other checks went on.",
    help="The named check crashed on the artifact. This is a bug in the check (or its plugin), or an input "
    "it did not expect. The message names the check and the exception.",
    fix="Report it to the check's author; run with -v for the traceback.",
    level=Level.ERROR,
    area="general",
)
PARSE_ERROR: Check[Any] = Check(
    id="readycheck/parse-error",
    function=None,
    description="A file could not be parsed, so the rules that read it could not run.",
    help="The file named is not valid for its kind (YAML, JSON, TOML, Markdown front matter, ...). The "
    "message gives the parser's error and the line.",
    fix="Fix the syntax error at the line shown.",
    level=Level.ERROR,
    area="general",
)
SUPPRESSION_WITHOUT_RULE: Check[Any] = Check(
    id="readycheck/suppression-without-rule",
    function=None,
    description="An inline 'readycheck: ignore' (or notebook metadata) names no rule it may silence.",
    help="Inline suppressions must say which rules they silence, so that a new problem on the same line "
    "is still reported: '# readycheck: ignore[notebook/size] reason'. A rule id, or one area's rules "
    "('notebook/*'), may be named; '*' would silence every rule, the secrets check included, so it is "
    "refused and silences nothing.",
    fix="Name the rule ids in brackets: readycheck: ignore[rule-id] reason.",
    level=Level.WARNING,
    area="general",
)
CHECK_TIMEOUT: Check[Any] = Check(
    id="readycheck/check-timeout",
    function=None,
    description="A check ran past its time budget on a file and was stopped; the run went on.",
    help="Each check has a time budget per artifact ('check_timeout' in the config, default 60 seconds). "
    "A check that exceeds it (a pathological file, a pattern that backtracks) is stopped, so a scanned "
    "file cannot hang the gate. The rules not yet run on that file are skipped: it counts as not checked.",
    fix="Look at the file named (an unusually large or repetitive one?); raise 'check_timeout' if it is legitimate.",
    level=Level.ERROR,
    area="general",
)
WAIVER_EXPIRED: Check[Any] = Check(
    id="readycheck/waiver-expired",
    function=None,
    description="A waiver in the config has expired; the findings it covered count again.",
    help="Waivers are temporary by design. After 'expires', the waiver stops suppressing and this finding "
    "points at it in the config file.",
    fix="Fix the findings it covered, or renew the waiver with a new 'expires' and a reason.",
    level=Level.WARNING,
    area="general",
)
WAIVER_UNUSED: Check[Any] = Check(
    id="readycheck/waiver-unused",
    function=None,
    description="A waiver in the config matches no finding (full scans only).",
    help="The problem it waived is gone, or its 'rule'/'paths' are wrong. Stale waivers hide future problems.",
    fix="Remove the waiver, or correct its 'rule' and 'paths'.",
    level=Level.NOTE,
    area="general",
)
RULE_UNSEEN: Check[Any] = Check(
    id="readycheck/rule-unseen",
    function=None,
    description="A rule reads no file because 'exclude' in the config hides every file it is about (full scans).",
    help="The rule's paths (or its check's file kinds) match files in the repository, but all of them sit "
    "under the config's 'exclude' globs, so the rule never runs on anything and would never fire. The "
    "message names the rule and an example file; the finding points at 'exclude' in the config.",
    fix="Narrow 'exclude' so that the files the rule is about are scanned, or turn the rule off ('off').",
    level=Level.NOTE,
    area="general",
)
ATTESTATION_EXPIRED: Check[Any] = Check(
    id="readycheck/attestation-expired",
    function=None,
    description="An ML Test Score attestation in the config has expired; its test no longer counts.",
    help="Attestations say that the team does an ML Test Score test no file can prove (a review, a dashboard "
    "someone watches). After 'expires' the test scores nothing until someone does it again and renews it.",
    fix="Do the test again, then renew the attestation's 'date' and 'expires' (and its evidence).",
    level=Level.WARNING,
    area="general",
)
ENGINE_CHECKS = (
    CHECK_ERROR,
    CHECK_TIMEOUT,
    PARSE_ERROR,
    SUPPRESSION_WITHOUT_RULE,
    WAIVER_EXPIRED,
    WAIVER_UNUSED,
    RULE_UNSEEN,
    ATTESTATION_EXPIRED,
)

ENGINE_IDS = frozenset(check.id for check in ENGINE_CHECKS)
