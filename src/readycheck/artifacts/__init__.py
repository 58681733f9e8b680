"""Artifacts: the things checks read, each file read once and parsed once per kind, lazily."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import cached_property
from pathlib import Path
from typing import Any, Generic, NamedTuple, Protocol, TypeVar

from readycheck import globs
from readycheck.errors import FileReadError, ParseError
from readycheck.hashing import content_digest
from readycheck.model import Directive
from readycheck.paths import read_bounded


class ArtifactKind(NamedTuple):
    """A kind of artifact: which files are of it by default, and how to parse one.

    ``parse`` takes the :class:`Artifact` and returns its parsed value (``artifact.data``); it raises
    :class:`readycheck.errors.ParseError` for a malformed file, which the engine reports as a finding.
    """

    name: str
    patterns: tuple[str, ...]
    description: str
    parse: Callable[[Artifact], Any] | None = None
    directives: Callable[[Artifact], list[Directive]] | None = None
    """Suppressions the format carries outside comments (e.g. notebook and cell metadata)."""
    generated: bool = False
    """Files of this kind are usually written by a tool and ignored by git (test and coverage reports,
    metrics): discovery finds them even where .gitignore ignores them."""


class SourceFile:
    """A file's bytes and text, read at most once however many kinds and rules look at it."""

    def __init__(self, root: Path, path: str) -> None:
        self.root = root
        self.path = path

    @property
    def abspath(self) -> Path:
        return self.root / self.path

    @cached_property
    def bytes(self) -> bytes:
        try:
            return self.abspath.read_bytes()
        except OSError as error:
            raise ParseError(f"cannot read file: {error.strerror}", self.path) from None

    @property
    def was_read(self) -> bool:
        """Whether some rule needed the content (rules about names alone never read it)."""
        return "bytes" in self.__dict__

    @cached_property
    def is_binary(self) -> bool:
        return b"\0" in self.bytes[:8192]

    @cached_property
    def text(self) -> str:
        return self.bytes.decode("utf-8", errors="replace")

    @cached_property
    def lines(self) -> list[str]:
        return self.text.splitlines()

    def line_text(self, line: int | None) -> str | None:
        if line is None or self.is_binary or not 1 <= line <= len(self.lines):
            return None
        return self.lines[line - 1]


DataT = TypeVar("DataT", covariant=True)


class Artifact(Generic[DataT]):
    """One file seen as one kind; ``data`` is the kind's parsed value, computed once and shared.

    Checks say what they read in their signature: ``Artifact[Notebook]``, ``Artifact[ModelCard]``,
    ``Artifact[MetricReport]``, ``Artifact[bytes]`` for a kind without a parser."""

    def __init__(self, source: SourceFile, kind: ArtifactKind, repo: Repository) -> None:
        self.source = source
        self.kind = kind
        self.repo = repo

    @property
    def path(self) -> str:
        return self.source.path

    @property
    def abspath(self) -> Path:
        return self.source.abspath

    @property
    def text(self) -> str:
        return self.source.text

    @cached_property
    def _parsed(self) -> tuple[Any, ParseError | None]:
        if self.kind.parse is None:
            return self.source.bytes, None
        try:
            return self.kind.parse(self), None
        except ParseError as error:
            if error.path is None:
                error.path = self.path
            return None, error
        except (ValueError, RecursionError, UnicodeError, OverflowError) as error:  # input the parser let through
            message = f"cannot parse as {self.kind.name}: {type(error).__name__}: {str(error)[:200]}"
            return None, ParseError(message, self.path)

    def parses(self) -> bool:
        """Whether the file parses as this kind (parsing it now if no rule has)."""
        return self._parsed[1] is None

    @property
    def data(self) -> DataT:
        """The parsed value; a file that does not parse as this kind raises its ParseError (the engine
        reports it once, as readycheck/parse-error)."""
        value, error = self._parsed
        if error is not None:
            raise error
        return value

    def __repr__(self) -> str:
        return f"Artifact({self.path!r}, {self.kind.name!r})"


class RepositoryView(Protocol):
    """What a repository-wide check may do with the repository: list files and read them, each read
    recorded as an input of the check's result (so that a cached result dies when the file changes)."""

    root: Path
    files: list[str]
    """Every scanned file, sorted, repository-relative (posix separators)."""

    def glob(self, patterns: Iterable[str]) -> list[str]:
        """The scanned files matching any of the gitignore-style globs ``patterns``."""
        ...

    def read_input(self, path: str) -> bytes:
        """The bytes of ``path``; a ParseError naming it when it cannot be read or leaves the repository."""
        ...

    def read_text(self, path: str) -> str:
        """``read_input`` decoded as UTF-8 (undecodable bytes replaced)."""
        ...

    def artifacts(self, kind: str) -> list[Artifact[Any]]:
        """Every scanned file of an artifact kind, parsed on first use of ``data``."""
        ...


INPUT_LIMIT = 16 * 1024 * 1024
"""The largest file a check may read besides its artifact."""
CONFIG_LIMIT = 2 * 1024 * 1024
"""The largest file searched for configuration (see Repository.config_text)."""


class Repository:
    """The repository as a whole: what repository-scoped checks receive.

    ``files`` is every discovered file (sorted, repository-relative); ``kinds`` maps each kind name to
    its discovery globs as configured.

    A check reads anything besides its artifact through :meth:`read_input`, which records the file's
    digest in ``inputs``: the engine stores them with the cached result, so that the result dies when
    any of them changes.
    """

    def __init__(
        self,
        root: Path,
        files: list[str],
        kinds: Mapping[str, ArtifactKind],
        patterns: Mapping[str, tuple[str, ...]],
        paths: tuple[str, ...] = (),
    ) -> None:
        self.root = root
        self.files = files
        self.kinds = kinds
        self.patterns = patterns
        self.paths = paths
        self._sources: dict[str, SourceFile] = {}
        self._artifacts: dict[tuple[str, str], Artifact] = {}
        self.inputs: dict[str, str | None] = {}
        """Files read through read_input since the engine last took them: path to digest (None: absent)."""

    def scoped(
        self, paths: tuple[str, ...], exclude: tuple[str, ...], hidden: frozenset[str] = frozenset()
    ) -> Repository:
        """The repository as a rule with ``paths``/``exclude`` sees it, without the ``hidden`` files (those
        .gitignore ignores, for a rule that does not read generated files); parsed artifacts are shared."""
        excluded = globs.compile_globs(exclude)
        files = self.glob(paths) if paths else list(self.files)
        visible = [f for f in files if not (excluded and excluded.match(f)) and f not in hidden]
        view = Repository(self.root, visible, self.kinds, self.patterns, paths)
        view._sources, view._artifacts, view.inputs = self._sources, self._artifacts, self.inputs
        return view

    def read_input(self, path: str) -> bytes:
        """The bytes of ``path`` (repository-relative), recorded as an input of the check reading it.

        Paths that leave the repository, and files that are not regular or larger than INPUT_LIMIT, are
        refused with a ParseError naming the path.
        """
        try:
            relative, data = read_input_file(self.root, path)
        except ParseError:
            self.inputs[path] = None
            raise
        self.inputs[relative] = content_digest(data)
        return data

    def read_text(self, path: str) -> str:
        return self.read_input(path).decode("utf-8", "replace")

    def take_inputs(self) -> dict[str, str | None]:
        """The inputs recorded since the last call, forgotten here."""
        taken = dict(self.inputs)
        self.inputs.clear()
        return taken

    def glob(self, patterns: Iterable[str]) -> list[str]:
        regex = globs.compile_globs(tuple(patterns))
        return [path for path in self.files if regex and regex.match(path)]

    def kinds_of(self, path: str) -> list[str]:
        return [name for name in self.kinds if globs.matches(path, self.patterns[name])]

    def artifacts(self, kind: str) -> list[Artifact]:
        return [self.artifact(path, kind) for path in self.glob(self.patterns[kind])]

    def config_text(self, path: str) -> str | None:
        """The text of ``path`` when it can be configuration: a readable text file of at most CONFIG_LIMIT
        bytes. Repository-wide checks that search many files for settings skip data and dumps this way."""
        source = self.source(path)
        try:
            if source.abspath.stat().st_size > CONFIG_LIMIT or source.is_binary:
                return None
            return source.text
        except (OSError, ParseError):
            return None

    def source(self, path: str) -> SourceFile:
        if path not in self._sources:
            self._sources[path] = SourceFile(self.root, path)
        return self._sources[path]

    def artifact(self, path: str, kind: str) -> Artifact:
        key = (path, kind)
        if key not in self._artifacts:
            self._artifacts[key] = Artifact(self.source(path), self.kinds[kind], self)
        return self._artifacts[key]

    def forget(self, path: str) -> None:
        """Drop a file's cached text and parses once every rule has seen it, to bound memory."""
        self._sources.pop(path, None)
        for key in [key for key in self._artifacts if key[0] == path]:
            del self._artifacts[key]


def read_input_file(root: Path, path: str) -> tuple[str, bytes]:
    """``path`` made repository-relative, and its bytes; a ParseError naming ``path`` when it leaves
    ``root``, is not a regular file, cannot be read or is larger than INPUT_LIMIT."""
    candidate = Path(path)
    if candidate.is_absolute() or not path.strip():
        raise ParseError("must be a path relative to the repository root", path)
    base = root.resolve()
    resolved = (base / candidate).resolve()
    if not resolved.is_relative_to(base):
        raise ParseError("is outside the repository", path)
    try:
        return resolved.relative_to(base).as_posix(), read_bounded(resolved, INPUT_LIMIT)
    except FileReadError as error:
        raise ParseError(error.message, path) from None
