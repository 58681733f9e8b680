"""Find and load the project's configuration: readycheck.yaml, .readycheck.yaml or [tool.readycheck]."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from readycheck.budget import DEFAULT_SECONDS
from readycheck.cachedir import cache_directory
from readycheck.errors import ConfigError, GlobError
from readycheck.folding import DEFAULT_MAX_FINDINGS
from readycheck.globs import compile_globs
from readycheck.paths import CONFIG_FILES, display_path, repository_path
from readycheck.policy.loader import parse_text, read_text, validate
from readycheck.policy.trust import UNTRUSTING, Trust
from readycheck.structured import Document, ValuePath

DEFAULT_POLICY = ("recommended",)


_NOTHING: Mapping[str, Any] = MappingProxyType({})


class Config(NamedTuple):
    root: Path
    file: Path | None = None
    policy: Sequence[str] = DEFAULT_POLICY
    exclude: Sequence[str] = ()
    fail_on: str = "error"
    plugins: Sequence[str] = ()
    rules: Mapping[str, Any] = _NOTHING
    artifacts: Mapping[str, list[str]] = _NOTHING
    waivers: Sequence[dict[str, Any]] = ()
    attestations: Sequence[dict[str, Any]] = ()
    """ML Test Score tests the team attests (see mltestscore), from the config and from readiness.yaml."""
    attestation_places: Sequence[tuple[str, int | None]] = ()
    """Where each attestation is written: (repository-relative file, line)."""
    baseline: str | None = None
    cache_dir: str | None = None
    """As configured: a folder inside the repository, or None for the user cache (see cachedir)."""
    overrides: Sequence[str] = ()
    check_timeout: float = DEFAULT_SECONDS
    """Seconds a check may spend on one artifact before it is stopped (see budget)."""
    max_findings: int = DEFAULT_MAX_FINDINGS
    """Findings reports show per rule before the rest fold into one (see folding); 0 shows all."""
    sarif_suppressed: str = "exclude"
    """Whether SARIF lists suppressed findings (see reporters.sarif)."""
    report_notes: bool = False
    """Whether GitLab Code Quality and GitHub annotations list notes."""
    plugin_settings: Mapping[str, dict[str, Any]] = _NOTHING
    """Each plugin's own settings, by plugin name (see the readycheck_configure hook)."""
    document: Document | None = None
    document_text: str = ""
    base: ValuePath = ()
    trust: Trust = UNTRUSTING
    """What was validated before; runs with the cache on reuse it (see policy.trust)."""

    @property
    def cache_path(self) -> Path:
        return cache_directory(self.root, self.cache_dir)

    def line_of(self, *path: str | int) -> int | None:
        return self.document.line_of((*self.base, *path)) if self.document else None

    @property
    def base_dir(self) -> Path:
        """Where relative paths in the config (policies, plugins) start from."""
        return self.file.parent if self.file else self.root


def _has_tool_section(pyproject: Path) -> bool:
    try:
        return b"[tool.readycheck" in pyproject.read_bytes()
    except OSError:
        return False


def _inside(root: Path, path: Path) -> bool:
    return path.resolve().is_relative_to(root.resolve())


def _check_globs(data: dict[str, Any], document: Document, base: ValuePath, shown: str) -> None:
    """Every glob in the config compiles: exclude, artifact kinds' globs, waivers' paths."""
    places: list[tuple[ValuePath, list[Any]]] = [(("exclude",), data.get("exclude", []))]
    places += [(("artifacts", kind), patterns) for kind, patterns in (data.get("artifacts") or {}).items()]
    places += [(("waivers", index, "paths"), w.get("paths", [])) for index, w in enumerate(data.get("waivers") or [])]
    for value_path, patterns in places:
        try:
            compile_globs(tuple(patterns))
        except GlobError as error:
            raise ConfigError(error.message, shown, document.line_of((*base, *value_path))) from None


def config_file_in(directory: Path) -> Path | None:
    """The config file of ``directory``, first found in CONFIG_FILES order."""
    for name in CONFIG_FILES:
        candidate = directory / name
        if candidate.is_file() and (name != "pyproject.toml" or _has_tool_section(candidate)):
            return candidate
    return None


def find_root(start: Path) -> Path:
    """The project root for ``start``: the nearest directory up with a config file or ``.git``; else
    ``start`` itself for a directory, and for a file the working directory (or the file's folder).

    Symbolic links in ``start`` are not followed: a link to a folder elsewhere must not make that folder
    the project (its config, its plugins, its cache). The scan refuses targets outside the root."""
    start = Path(os.path.abspath(start))
    directory = start if start.is_dir() and not start.is_symlink() else start.parent
    for candidate in (directory, *directory.parents):
        if config_file_in(candidate) or (candidate / ".git").exists():
            return candidate
    if start.is_dir() and not start.is_symlink():
        return start
    cwd = Path.cwd()
    return cwd if start.is_relative_to(cwd) else directory


def load_config(root: Path, explicit: Path | None = None, use_cache: bool = False) -> Config:
    """The config of ``root`` (or ``explicit``); with ``use_cache``, validations are remembered in the
    cache directory, and a config text validated before is not validated again."""
    path = explicit or config_file_in(root)
    if path is None:
        trust = Trust(cache_directory(root, None)) if use_cache else UNTRUSTING
        attestations, places = _readiness_attestations(root, trust)
        return Config(root=root, trust=trust, attestations=attestations, attestation_places=places)
    if not path.is_file():
        raise ConfigError(f"config file not found: {display_path(path)}")
    path = path.resolve()
    text = read_text(path, ConfigError)
    # The parse is remembered where the cache is by default; a config that moves the cache is parsed anew.
    default_trust = Trust(cache_directory(root, None)) if use_cache and "cache_dir" not in text else UNTRUSTING
    document = parse_text(text, path, ConfigError, default_trust)
    shown = display_path(path)
    base: ValuePath = ("tool", "readycheck") if path.name == "pyproject.toml" else ()
    data: Any = document.data
    for part in base:
        data = data.get(part, {}) if isinstance(data, dict) else {}
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError("the configuration must be a mapping", shown, 1)
    configured = data.get("cache_dir")
    cache_dir = configured if isinstance(configured, str) else None
    line_of_cache_dir = document.line_of((*base, "cache_dir"))
    if default_trust is not UNTRUSTING:
        trust = default_trust
    else:
        trust = Trust(cache_directory(root, cache_dir, shown, line_of_cache_dir)) if use_cache else UNTRUSTING
    if not trust.knows(text):
        from readycheck.policy.schemas import CONFIG_SCHEMA  # a text validated before needs no schema

        validate(CONFIG_SCHEMA, document, shown, ConfigError, base)
    trust.learn(text)
    _check_globs(data, document, base, shown)
    baseline = data.get("baseline")
    if baseline is not None and not _inside(root, path.parent / baseline):
        raise ConfigError(
            f"baseline {baseline!r} must be a file inside the repository", shown, document.line_of((*base, "baseline"))
        )
    readiness = _readiness_attestations(root, trust)
    return Config(
        root=root,
        file=path,
        policy=list(data.get("policy", DEFAULT_POLICY)),
        exclude=list(data.get("exclude", [])),
        fail_on=data.get("fail_on", "error"),
        plugins=list(data.get("plugins", [])),
        rules=dict(data.get("rules") or {}),
        artifacts={kind: list(patterns) for kind, patterns in data.get("artifacts", {}).items()},
        waivers=list(data.get("waivers", [])),
        attestations=[*data.get("attestations", []), *readiness[0]],
        attestation_places=[
            *(
                (repository_path(root, path), document.line_of((*base, "attestations", i)))
                for i in range(len(data.get("attestations", [])))
            ),
            *readiness[1],
        ],
        baseline=data.get("baseline"),
        cache_dir=cache_dir,
        overrides=list(data.get("overrides", [])),
        check_timeout=float(data.get("check_timeout", DEFAULT_SECONDS)),
        max_findings=int(data.get("max_findings", DEFAULT_MAX_FINDINGS)),
        sarif_suppressed=data.get("sarif_suppressed", "exclude"),
        report_notes=bool(data.get("report_notes", False)),
        plugin_settings={name: dict(value) for name, value in (data.get("plugin_settings") or {}).items()},
        document=document,
        document_text=text,
        base=base,
        trust=trust,
    )


READINESS_FILE = "readiness.yaml"
"""Where a team may keep its ML Test Score attestations instead of the config: ``attestations: [...]``."""


def _readiness_attestations(root: Path, trust: Trust) -> tuple[list[dict[str, Any]], list[tuple[str, int | None]]]:
    path = root / READINESS_FILE
    if not path.is_file():
        return [], []
    text = read_text(path, ConfigError)
    document = parse_text(text, path, ConfigError, trust)
    if not trust.knows(text):
        from readycheck.policy.schemas import CONFIG_SCHEMA

        schema = {
            "$schema": CONFIG_SCHEMA["$schema"],
            "type": "object",
            "additionalProperties": False,
            "properties": {"attestations": CONFIG_SCHEMA["properties"]["attestations"]},
        }
        validate(schema, document, READINESS_FILE, ConfigError)
    trust.learn(text)
    found = list((document.data or {}).get("attestations", []))
    return found, [(READINESS_FILE, document.line_of(("attestations", index))) for index in range(len(found))]
