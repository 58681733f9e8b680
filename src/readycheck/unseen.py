"""Rules that cannot see their files: every file they are about is hidden by the config's ``exclude``.

Such a rule never runs and never fires, which looks like a pass. Found after a full scan by walking the
repository again without ``exclude`` (only when some file rule matched nothing and ``exclude`` is set).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from readycheck import discovery, engine, hashing
from readycheck.discovery import Scan
from readycheck.meta import RULE_UNSEEN
from readycheck.model import REPOSITORY, Finding, Result, Rule


def hidden_rules(
    result: Result,
    scan: Scan,
    rules: Sequence[Rule],
    patterns: Mapping[str, tuple[str, ...]],
    config_path: str,
    exclude_line: int | None,
) -> list[Finding]:
    """One note per file rule that read nothing although files it is about exist under ``exclude``."""
    if not scan.full or not scan.exclude:
        return []
    ran = {evaluation.rule_id for evaluation in result.evaluations if evaluation.path != "."}
    idle = [rule for rule in rules if rule.scope != REPOSITORY and rule.id not in ran]
    if not idle:
        return []
    everything, ignored = discovery.walk(scan.root, (), None, engine.generated_globs(rules, patterns))
    seen = set(scan.files)
    hidden = scan._replace(
        files=[path for path in everything if path not in seen], ignored=frozenset(ignored), changed=None
    )
    examples: dict[str, list[str]] = {}
    for path, pairs in engine.plan(idle, hidden, patterns):
        for index, _ in pairs:
            examples.setdefault(idle[index].id, []).append(path)
    return [
        Finding(
            rule_id=RULE_UNSEEN.id,
            level=RULE_UNSEEN.level,
            message=f"rule {rule_id} reads no file: the {len(paths)} file(s) it is about, such as {paths[0]}, "
            "are all hidden by 'exclude' in the config",
            path=config_path,
            line=exclude_line,
            fingerprint=hashing.fingerprint(f"{RULE_UNSEEN.id}\0{rule_id}", 32),
            fix=RULE_UNSEEN.fix,
        )
        for rule_id, paths in sorted(examples.items())
    ]
