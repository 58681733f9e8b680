"""Repository facts every production-ready project states: a README that says what it is and how to use
it, and owners for what matters (CODEOWNERS)."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from readycheck import globs, structured
from readycheck.artifacts import Artifact, Repository, dvc
from readycheck.artifacts.markdown import parse_markdown, strip_comments
from readycheck.artifacts.project import declarations
from readycheck.errors import ParseError
from readycheck.hookspecs import hookimpl
from readycheck.model import REPOSITORY, Check, Violation, check, missing_evidence
from readycheck.paths import README_NAMES
from readycheck.redaction import shorten

README_PRODUCE = "Add a README.md at the repository root: a description, then a usage section."
USAGE = (
    "Usage",
    "Quick start",
    "Quickstart",
    "Getting started",
    "How to use",
    "How to run",
    "Set up",
    "Setup",
    "Installation",
    "Install",
    "Examples",
    "Example",
)


@check(
    "documentation/readme",
    description="A README at the root says what the project is and how to use it, in enough words.",
    help="The README is the first thing a reviewer, an on-call engineer or a new team member reads. It must "
    "exist at the repository root (README.md, .rst, .txt or plain README), start with a description (text "
    "before the first section, or a 'Description', 'About' or 'Overview' section), have each section in "
    "'sections' (each entry a list of accepted names, matching a heading that starts with one; default: a "
    "usage section, as 'Usage', 'Quick start', 'Getting started', 'How to use', 'Set up', 'Installation' or "
    "'Examples'), and have at least 'min_words' words.",
    fix="Write the missing part of the README: what the project does, and how to run it.",
    level="error",
    scope=REPOSITORY,
    area="documentation",
    required=True,
    produce=README_PRODUCE,
    params={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "sections": {
                "type": "array",
                "items": {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1},
                "default": [list(USAGE)],
                "description": "Required sections, each as a list of accepted headings.",
            },
            "min_words": {"type": "integer", "minimum": 0, "default": 50},
        },
    },
    example=(
        'documentation/readme:\n  with: {sections: [["Usage", "Quick start"], ["Contact", "Support"]], min_words: 100}'
    ),
)
def documentation_readme(repo: Repository, params: Mapping[str, Any]) -> Iterator[Violation]:
    name = next((name for name in README_NAMES if name in repo.files), None)
    if name is None:
        yield missing_evidence("no README at the repository root", README_PRODUCE)
        return
    text = repo.source(name).text
    words = len(strip_comments(text).split())
    if words < params["min_words"]:
        yield Violation(
            f"the README has {words} words, fewer than min_words {params['min_words']}", path=name, key="words"
        )
    if not name.lower().endswith(".md"):
        for accepted in params["sections"]:
            if not any(re.search(rf"(?im)^\s*{re.escape(title)}\s*$", text) for title in accepted):
                yield Violation(f"no '{accepted[0]}' section", path=name, key=accepted[0])
        return
    document = parse_markdown(text, name)
    described = any(document.find(title) is not None for title in ("Description", "About", "Overview"))
    first = document.headings[1] if len(document.headings) > 1 else None
    intro_end = first.line - 1 if first is not None else len(text.splitlines())
    intro = "\n".join(text.splitlines()[:intro_end])
    intro = "\n".join(line for line in intro.splitlines() if not line.lstrip().startswith(("#", "[![", "![")))
    if not described and len(strip_comments(intro).split()) < 5:
        yield Violation(
            "the README does not start with a description of the project", path=name, line=1, key="description"
        )
    titles = [" ".join(heading.title.casefold().split()) for heading in document.headings]
    for accepted in params["sections"]:
        wanted = [" ".join(title.casefold().split()) for title in accepted]
        if not any(title.startswith(word) for title in titles for word in wanted):  # 'How to use this book'
            yield Violation(f"no '{accepted[0]}' section (accepted: {', '.join(accepted)})", path=name, key=accepted[0])


CHANGELOG_NAMES = ("CHANGELOG*", "CHANGES*", "HISTORY*", "NEWS*", "RELEASE.md", "RELEASES.md", "RELEASE_NOTES*")
CHANGELOG_PLACES = ("", "docs/", "doc/", ".github/")
"""Where release notes are kept: the root, the docs folder, .github/; any case, any extension."""
CHANGELOG_PRODUCE = "Keep a CHANGELOG.md (keepachangelog.com), or set 'release_notes: URL' in readycheck.yaml."


@check(
    "documentation/changelog",
    description="Releases are documented: a changelog or release notes, in the repository or at a declared URL.",
    help="Whoever rolls a model back needs to know what changed between versions. Accepted: a file named "
    "CHANGELOG, CHANGES, HISTORY, NEWS, RELEASE_NOTES (any extension, any case), RELEASE.md or RELEASES.md at "
    "the root, in docs/, doc/ or .github/, or docs/changelog/ and docs/releases/ folders; projects that "
    "publish release notes elsewhere (GitHub releases, a wiki) declare where with 'release_notes: URL' in "
    "readycheck's config.",
    fix="Add a CHANGELOG.md with a section per release, or set 'release_notes' to where the notes are.",
    level="warning",
    scope=REPOSITORY,
    area="documentation",
    tier="silver",
    required=True,
    produce=CHANGELOG_PRODUCE,
    params={"type": "object", "additionalProperties": False, "properties": {}},
    example="documentation/changelog: warning",
)
def documentation_changelog(repo: Repository, params: Mapping[str, Any]) -> Iterator[Violation]:
    if declarations(repo).get("release_notes"):
        return
    for path in repo.files:
        folder, _, name = path.rpartition("/")
        upper = name.upper()
        if (folder + "/" if folder else "") in CHANGELOG_PLACES and any(
            fnmatch.fnmatchcase(upper, pattern.upper()) for pattern in CHANGELOG_NAMES
        ):
            return
        if folder.lower() in ("docs/changelog", "docs/releases", "docs/release-notes", "changelog.d"):
            return
    yield missing_evidence(
        "no changelog or release notes (CHANGELOG*, CHANGES*, HISTORY*, NEWS*, RELEASE*.md at the root or in docs/), "
        "and no 'release_notes' in readycheck's config",
        CHANGELOG_PRODUCE,
    )


CODEOWNERS_PLACES = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS")
"""Where GitHub looks, in its order (first found wins), then GitLab's own place."""
_OWNER = re.compile(r"^(@[A-Za-z0-9][A-Za-z0-9-]*(/[A-Za-z0-9._-]+)*|[^@\s]+@[^@\s]+\.[^@\s]+)$")
_SECTION = re.compile(r"^\^?\[[^\]]+\](\[\d+\])?(\s+[^#]*)?(#.*)?$")
CODEOWNERS_PRODUCE = "Add .github/CODEOWNERS with a catch-all line ('* @org/team') and lines for models and policies."
DEFAULT_REQUIRED = (
    "models/",
    "MODEL_CARD.md",
    "policies/",
    "dvc.yaml",
    "ROLLBACK.md",
    "docs/ROLLBACK.md",
    "docs/rollback.md",
)


@dataclass(frozen=True)
class OwnerRule:
    pattern: str
    owners: tuple[str, ...]
    line: int


@check(
    "ownership/codeowners",
    description="A CODEOWNERS file that parses, with valid owners, covering every path that matters.",
    help="Looked for where GitHub looks (.github/, root, docs/; first found wins) and in GitLab's .gitlab/. "
    "Every line must parse: owners are @user, @org/team or an email (GitLab [Sections] are fine). Syntax "
    "GitHub ignores silently ('!' negation, '[ ]' ranges, '\\#' escapes) is a finding on its line, since "
    "the line does not do what it says. Each path in 'required' that exists in the repository (default: "
    "models/, model cards, policies/, dvc.yaml, the rollback plan) must have an owner, by the last "
    "matching line as GitHub decides; the message names an uncovered path.",
    fix="Add a line for the uncovered path ('/models/ @org/ml-team'), or fix the line named.",
    level="error",
    scope=REPOSITORY,
    area="ownership",
    required=True,
    produce=CODEOWNERS_PRODUCE,
    params={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "required": {
                "type": "array",
                "items": {"type": "string", "minLength": 1},
                "default": list(DEFAULT_REQUIRED),
                "description": "Paths (a trailing '/' for folders) that must have an owner, when they exist.",
            }
        },
    },
    example="ownership/codeowners:\n  with: {required: [models/, src/, policies/]}",
)
def ownership_codeowners(repo: Repository, params: Mapping[str, Any]) -> Iterator[Violation]:
    found = next((path for path in CODEOWNERS_PLACES if (repo.root / path).is_file()), None)
    if found is None:
        yield missing_evidence(f"no CODEOWNERS file (looked for {', '.join(CODEOWNERS_PLACES)})", CODEOWNERS_PRODUCE)
        return
    try:
        text = repo.read_input(found).decode("utf-8", "replace")
    except ParseError as error:
        yield Violation(f"cannot read {found}: {error.message}", path=found, key="read")
        return
    rules: list[OwnerRule] = []
    section_owners: tuple[str, ...] = ()  # a GitLab section's default owners, for its lines without owners
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        section = _SECTION.match(line)
        if section is not None:
            section_owners = tuple((section.group(2) or "").split())
            continue
        pattern, *rest = line.split()
        owners = tuple(word for word in rest if not word.startswith("#")) or section_owners
        problem = _syntax_problem(pattern)
        if problem is not None:
            yield Violation(f"'{shorten(pattern, 40)}': {problem}", path=found, line=number, key=f"syntax:{pattern}")
            continue
        bad = [owner for owner in owners if not _OWNER.match(owner)]
        if bad:
            shown = ", ".join(repr(shorten(owner, 40)) for owner in bad)
            message = f"not an owner (@user, @org/team or an email): {shown}; GitHub skips the line"
            yield Violation(message, path=found, line=number, key=f"owner:{bad[0]}")
            continue
        rules.append(OwnerRule(pattern, owners, number))
    for required in params["required"]:
        sample = _existing(repo, required)
        if sample is None:
            continue
        owner = _owner_of(rules, sample)
        if owner is None or not owner.owners:
            yield Violation(f"{required} has no owner in {found}", path=found, key=f"uncovered:{required}")


def _syntax_problem(pattern: str) -> str | None:
    if pattern.startswith("!"):
        return "negation ('!') is not supported in CODEOWNERS: the line is ignored"
    if "[" in pattern or "]" in pattern:
        return "character ranges ('[ ]') are not supported in CODEOWNERS: the line is ignored"
    if pattern.startswith("\\#"):
        return "an escaped '#' ('\\#') is not supported in CODEOWNERS: the line is ignored"
    return None


def _existing(repo: Repository, required: str) -> str | None:
    """A file standing for ``required``: the file itself, or the first file in the folder."""
    if required.endswith("/"):
        folder = required.strip("/")
        return next((path for path in repo.files if path.startswith(folder + "/")), None)
    return required if required in repo.files else None


def _owner_of(rules: list[OwnerRule], path: str) -> OwnerRule | None:
    """The last rule matching ``path``: GitHub's semantics (gitignore-style patterns)."""
    import pathspec

    for rule in reversed(rules):
        if pathspec.GitIgnoreSpec.from_lines([rule.pattern]).match_file(path):
            return rule
    return None


@check(
    "repo/no-large-files",
    description="No committed file is larger than max_mb unless Git LFS or DVC tracks it.",
    help="Large binaries (models, datasets, archives) bloat every clone and cannot be reviewed. A file over "
    "'max_mb' megabytes (default 10) is a finding unless .gitattributes routes it to Git LFS (filter=lfs) "
    "or DVC tracks it (a '<file>.dvc' beside it, or an 'outs' entry of dvc.yaml covering it).",
    fix="Move the file to Git LFS (git lfs track) or DVC (dvc add), or out of the repository.",
    level="warning",
    scope=REPOSITORY,
    area="reproducibility",
    params={
        "type": "object",
        "additionalProperties": False,
        "properties": {"max_mb": {"type": "number", "exclusiveMinimum": 0, "default": 10}},
    },
    example="repo/no-large-files:\n  with: {max_mb: 25}",
)
def repo_no_large_files(repo: Repository, params: Mapping[str, Any]) -> Iterator[Violation]:
    limit = params["max_mb"] * 1024 * 1024
    tracked = _lfs_patterns(repo)
    dvc_outs = dvc.outs(repo)
    for path in repo.files:
        try:
            size = (repo.root / path).stat().st_size
        except OSError:
            continue
        if size <= limit or f"{path}.dvc" in repo.files or any(_under(path, out) for out in dvc_outs):
            continue
        if tracked and globs.matches(path, tracked):
            continue
        yield Violation(
            f"the file is {size / 1024 / 1024:.1f} MB, over max_mb {params['max_mb']:g}", path=path, key=path
        )


def _lfs_patterns(repo: Repository) -> tuple[str, ...]:
    patterns = []
    for attributes in (path for path in repo.files if path.rpartition("/")[2] == ".gitattributes"):
        folder = attributes.rpartition("/")[0]
        for line in repo.source(attributes).text.splitlines():
            words = line.split()
            if len(words) >= 2 and "filter=lfs" in words[1:] and not words[0].startswith("#"):
                patterns.append(f"{folder}/{words[0].lstrip('/')}" if folder else words[0])
    return tuple(patterns)


def _under(path: str, out: str) -> bool:
    out = out.rstrip("/")
    return path == out or path.startswith(out + "/")


_FROM = re.compile(r"^\s*FROM\s+(?:--platform=\S+\s+)?(?P<image>\S+)(?:\s+AS\s+(?P<stage>\S+))?", re.IGNORECASE)


@check(
    "repo/container-pinned",
    description="Dockerfiles build from pinned base images: a tag other than 'latest', or a digest.",
    help="'FROM python' and 'FROM python:latest' build from whatever the registry serves that day: the image "
    "that passed review is not the image that ships. Each FROM line needs a tag other than 'latest' or a "
    "digest (@sha256:...). 'scratch', earlier build stages and images given by a build argument (${BASE}) are "
    "left alone. Dockerfiles are Dockerfile, Dockerfile.* and *.Dockerfile files.",
    fix="Pin the base image: 'FROM python:3.11.9-slim', or better, with its digest.",
    level="warning",
    kinds=("file",),
    area="reproducibility",
    paths=("**/Dockerfile", "**/Dockerfile.*", "**/*.Dockerfile"),
    params={"type": "object", "additionalProperties": False, "properties": {}},
    example="repo/container-pinned: warning",
)
def repo_container_pinned(artifact: Artifact, params: Mapping[str, Any]) -> Iterator[Violation]:
    stages: set[str] = set()
    for number, line in enumerate(artifact.text.splitlines(), start=1):
        match = _FROM.match(line)
        if match is None:
            continue
        image = match.group("image")
        if match.group("stage"):
            stages.add(match.group("stage").lower())
        if image.lower() == "scratch" or image.lower() in stages or "$" in image or "@" in image:
            continue
        tag = image.rpartition("/")[2].partition(":")[2]  # a registry port (host:5000/img) is not a tag
        if not tag or tag == "latest":
            shown = shorten(image, 60)
            yield Violation(f"base image {shown} is not pinned (no tag, or 'latest')", line=number, column=1, key=shown)


LOCK_FILES = ("poetry.lock", "uv.lock", "Pipfile.lock", "pdm.lock", "conda-lock.yml", "pixi.lock")
REQUIREMENTS = ("requirements*.txt", "requirements/*.txt", "environment.yml", "environment.yaml")
"""At any depth: projects keep them beside the code they serve (src/requirements.txt, services/api/)."""
PIN_PRODUCE = "Pin the dependencies: a lock file (uv lock, poetry lock), or 'pip freeze > requirements.txt'."


@check(
    "repo/dependencies-pinned",
    description="Dependencies are declared and pinned: a lock file, or requirements whose lines pin versions.",
    help="A model trained with one version of a library and served with another behaves differently. A lock "
    "file (poetry.lock, uv.lock, Pipfile.lock, pdm.lock, conda-lock.yml, pixi.lock) pins what its folder and "
    "the folders below declare; elsewhere, every line of requirements*.txt and requirements/*.txt (at any "
    "depth) must pin with '==' (or "
    "'==='), and every conda dependency of environment.yml with '='. Each unpinned line is a finding at its "
    "line. Requirement lines are parsed with 'packaging'. Dependencies only declared as ranges in "
    "pyproject.toml, with no lock file, are one finding; no declaration at all is missing evidence.",
    fix="Pin the version ('numpy==1.26.4'), or commit a lock file.",
    level="warning",
    scope=REPOSITORY,
    area="reproducibility",
    required=True,
    produce=PIN_PRODUCE,
    params={"type": "object", "additionalProperties": False, "properties": {}},
    example="repo/dependencies-pinned: warning",
)
def repo_dependencies_pinned(repo: Repository, params: Mapping[str, Any]) -> Iterator[Violation]:
    locked = [path.rpartition("/")[0] for path in repo.files if path.rpartition("/")[2] in LOCK_FILES]
    declared = [path for path in repo.files if globs.matches(path, REQUIREMENTS)]
    for path in declared:
        if any(_under(path, folder) for folder in locked if folder) or "" in locked:
            continue  # a lock file in its folder (or above) pins what it declares
        text = repo.source(path).text
        lines = _conda_lines(text, path) if path.endswith((".yml", ".yaml")) else _pip_lines(text)
        for number, line, problem in lines:
            yield Violation(f"{shorten(line, 60)!r} {problem}", path=path, line=number, key=f"{path}:{line}")
    if not declared and not locked:
        if "pyproject.toml" in repo.files:
            yield Violation(
                "pyproject.toml declares ranges and no lock file pins them", path="pyproject.toml", key="no-lock"
            )
        else:
            yield missing_evidence("no lock file, requirements file or environment.yml", PIN_PRODUCE)


def _pip_lines(text: str) -> Iterator[tuple[int, str, str]]:
    from packaging.requirements import InvalidRequirement, Requirement

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith(("#", "-", "--")) or "://" in line or line.startswith((".", "/")):
            continue  # comments, options (-r, -e, --index-url), URLs and local paths
        try:
            requirement = Requirement(line)
        except InvalidRequirement:
            yield number, line, "is not a requirement 'packaging' can read"
            continue
        if not any(spec.operator in ("==", "===") and "*" not in spec.version for spec in requirement.specifier):
            yield number, line, "is not pinned (use ==)"


def _conda_lines(text: str, path: str) -> Iterator[tuple[int, str, str]]:
    """environment.yml: each conda dependency pinned with '=', each pip one as a pip line."""
    try:
        document = structured.load(text, "yaml", path)
    except ParseError as error:
        yield error.line or 1, path, f"cannot be read: {error.message}"
        return
    dependencies = document.data.get("dependencies") if isinstance(document.data, dict) else None
    for index, item in enumerate(dependencies if isinstance(dependencies, list) else []):
        line = document.line_of(("dependencies", index)) or 1
        if isinstance(item, dict) and isinstance(item.get("pip"), list):
            for pip_index, requirement in enumerate(item["pip"]):
                pip_line = document.line_of(("dependencies", index, "pip", pip_index)) or line
                for _, shown, problem in _pip_lines(str(requirement)):
                    yield pip_line, shown, problem
        elif isinstance(item, str) and item != "pip" and not re.search(r"[=<>]=?\s*\d", item):
            yield line, item, "is not pinned (use =VERSION)"


CI_FILES = (
    ".github/workflows/*.yml",
    ".github/workflows/*.yaml",
    ".gitlab-ci.yml",
    "Jenkinsfile",
    "azure-pipelines.yml",
    ".circleci/config.yml",
)
CI_PRODUCE = "Add a CI workflow that runs the tests (and readycheck): see docs/ci.md."
_TEST_RUNNERS = re.compile(r"\b(pytest|tox|nox|unittest|make\s+test|hatch\s+test|py\.test)\b")


@check(
    "repo/ci-configured",
    description="CI is configured (GitHub Actions, GitLab CI, Jenkins, Azure Pipelines, CircleCI) and runs the tests.",
    help="A readiness standard nobody runs is a wish. CI configuration is looked for in .github/workflows/, "
    ".gitlab-ci.yml, Jenkinsfile, azure-pipelines.yml and .circleci/config.yml; at least one must run the tests "
    "(pytest, tox, nox, unittest, 'make test', 'hatch test'), and with 'readycheck: true', readycheck too.",
    fix="Add a CI job that runs the tests (and readycheck): see docs/ci.md for GitHub, GitLab, Jenkins and Azure.",
    level="warning",
    scope=REPOSITORY,
    area="testing",
    required=True,
    produce=CI_PRODUCE,
    params={
        "type": "object",
        "additionalProperties": False,
        "properties": {"readycheck": {"type": "boolean", "default": False, "description": "CI must run readycheck."}},
    },
    example="repo/ci-configured:\n  with: {readycheck: true}",
)
def repo_ci_configured(repo: Repository, params: Mapping[str, Any]) -> Iterator[Violation]:
    configs = [path for path in repo.files if globs.matches(path, CI_FILES) and not path.startswith("**")]
    configs = [path for path in configs if path.startswith((".github/workflows/", ".circleci/")) or "/" not in path]
    if not configs:
        yield missing_evidence(
            f"no CI configuration (looked for {', '.join(CI_FILES)})", "Add a CI workflow: see docs/ci.md."
        )
        return
    texts = {path: repo.source(path).text for path in configs}
    if not any(_TEST_RUNNERS.search(text) for text in texts.values()):
        yield Violation(
            f"no CI configuration runs the tests ({', '.join(sorted(configs))})", path=sorted(configs)[0], key="tests"
        )
    if params["readycheck"] and not any("readycheck" in text for text in texts.values()):
        yield Violation(
            f"no CI configuration runs readycheck ({', '.join(sorted(configs))})",
            path=sorted(configs)[0],
            key="readycheck",
        )


DVC_LOCK_PRODUCE = "Run 'dvc repro' (or 'dvc commit') and commit dvc.lock."


@check(
    "repo/data-versioned",
    description="With dvc.yaml present, dvc.lock exists and every output in the workspace matches it.",
    help="dvc.lock records the md5 of every output of the pipeline (data, models, metrics). With a dvc.yaml "
    "and no dvc.lock beside it, nothing pins which data produced the model. With a lock, every output present "
    "in the workspace is hashed as DVC hashes it (a file's md5; a directory's listing md5, '.dir'): a mismatch "
    "means the data or metrics in the workspace are not the ones the lock (and the commit) vouch for. Outputs "
    "absent from the workspace (not pulled) are not checked, but a lock none of whose outputs is "
    "present is a finding: nothing was verified. Outputs over 'max_hash_mb' in all are reported "
    "as unverified. Not applicable without a dvc.yaml.",
    fix="Run 'dvc repro' to rebuild the stale outputs (or 'dvc checkout' to restore the locked ones), then "
    "commit dvc.lock.",
    level="warning",
    scope=REPOSITORY,
    area="reproducibility",
    params={
        "type": "object",
        "additionalProperties": False,
        "properties": {"max_hash_mb": {"type": "number", "exclusiveMinimum": 0, "default": 512}},
    },
    example="repo/data-versioned:\n  with: {max_hash_mb: 2048}",
)
def repo_data_versioned(repo: Repository, params: Mapping[str, Any]) -> Iterator[Violation]:
    projects = dvc.dvc_files(repo)
    if not projects:
        yield missing_evidence("no dvc.yaml", "Nothing to check without a DVC pipeline.")
        return
    limit = int(params["max_hash_mb"] * 1024 * 1024)
    for project in projects:
        lock_path = project.resolve("dvc.lock")
        try:
            lock = structured.load(repo.read_input(lock_path).decode("utf-8", "replace"), "yaml", lock_path)
        except ParseError as error:
            if lock_path in repo.files or (repo.root / lock_path).is_file():
                yield Violation(
                    f"cannot read {lock_path}: {error.message}", path=lock_path, line=error.line, key="read"
                )
            else:
                yield Violation(f"{project.path} has no dvc.lock beside it", path=project.path, key="no-lock")
            continue
        outs = dvc.locked_outs(lock, project.folder)
        present = 0
        for out in outs:
            try:
                actual = dvc.workspace_md5(repo.root, out, limit)
            except dvc.TooLarge:
                present += 1
                yield Violation(
                    f"{out.path} (stage {out.stage}) is over max_hash_mb {params['max_hash_mb']:g}: not verified",
                    path=lock_path,
                    line=out.line,
                    key=f"large:{out.path}",
                )
                continue
            present += actual is not None
            if actual is not None and actual != out.md5:
                yield Violation(
                    f"{out.path} (stage {out.stage}) differs from dvc.lock: the workspace holds other data than "
                    "the lock records",
                    path=lock_path,
                    line=out.line,
                    key=f"stale:{out.path}",
                )
        if outs and not present:
            yield Violation(
                f"none of the {len(outs)} outputs {lock_path} records is in the workspace: they cannot be verified",
                path=lock_path,
                key="not-pulled",
                fix="Run 'dvc pull' (or 'dvc repro') before readycheck, so that the outputs can be compared.",
            )


README_OWNER_SECTIONS = ("Owner", "Owners", "Ownership", "Maintainers", "Team")
README_CONTACT_SECTIONS = ("Contact", "Contacts", "Support", "On-call", "Escalation")


@check(
    "ownership/declared",
    description="The project names an owning team and an escalation contact.",
    help="Someone must answer when the model misbehaves. The owner and the contact are read from "
    "'owner' and 'contact' in readycheck's config, 'spec.owner' in a Backstage catalog-info.yaml (the "
    "owner; its annotations or links may hold the contact), or README sections ('Owner', 'Owners', "
    "'Maintainers', 'Team'; 'Contact', 'Support', 'On-call', 'Escalation') with real content. A missing owner "
    "and a missing contact are one finding each.",
    fix="Add 'owner: <team>' and 'contact: <channel or pager>' to readycheck.yaml, or Owner and Contact sections "
    "to the README.",
    level="warning",
    scope=REPOSITORY,
    area="ownership",
    params={"type": "object", "additionalProperties": False, "properties": {}},
    example="ownership/declared: warning",
)
def ownership_declared(repo: Repository, params: Mapping[str, Any]) -> Iterator[Violation]:
    declared = declarations(repo)
    owner, contact = bool(declared.get("owner")), bool(declared.get("contact"))
    catalog = next((p for p in repo.files if p.rpartition("/")[2] in ("catalog-info.yaml", "catalog-info.yml")), None)
    if catalog is not None:
        try:
            data = structured.load(repo.source(catalog).text, "yaml", catalog).data
        except ParseError:
            data = None
        spec = data.get("spec") if isinstance(data, dict) else None
        owner = owner or (isinstance(spec, dict) and isinstance(spec.get("owner"), str) and bool(spec["owner"]))
        metadata = data.get("metadata") if isinstance(data, dict) else None
        contact = contact or (isinstance(metadata, dict) and bool(metadata.get("links") or metadata.get("annotations")))
    readme = next((name for name in README_NAMES if name in repo.files and name.lower().endswith(".md")), None)
    if readme is not None and not (owner and contact):
        document = parse_markdown(repo.source(readme).text, readme)
        written = {h.title.casefold() for h in document.headings if strip_comments(h.body).strip()}
        owner = owner or any(name.casefold() in written for name in README_OWNER_SECTIONS)
        contact = contact or any(name.casefold() in written for name in README_CONTACT_SECTIONS)
    if not owner:
        yield Violation(
            "no owning team is declared (config 'owner', catalog-info.yaml, or a README section)", key="owner"
        )
    if not contact:
        yield Violation("no escalation contact is declared (config 'contact', or a README section)", key="contact")


@hookimpl
def readycheck_checks() -> list[Check]:
    return [
        documentation_changelog,
        repo_data_versioned,
        documentation_readme,
        ownership_codeowners,
        repo_no_large_files,
        repo_container_pinned,
        repo_dependencies_pinned,
        repo_ci_configured,
        ownership_declared,
    ]
