import pytest

from readycheck.globs import compile_for, matches


@pytest.mark.parametrize(
    ("path", "patterns", "expected"),
    [
        (".env", [".env"], True),
        ("config/.env", [".env"], True),
        ("config/.env.local", [".env"], False),
        ("keys/server.pem", ["*.pem"], True),
        ("data/raw/2024/a.csv", ["data/raw/**"], True),
        ("data/rawx/a.csv", ["data/raw/**"], False),
        ("data/processed/a.csv", ["data/raw/**"], False),
        ("README.md", ["README.md"], True),
        ("docs/README.md", ["/README.md"], False),
        ("docs/README.md", ["README.md"], True),
        ("src/pkg/mod.py", ["src/**/*.py"], True),
        ("src/mod.py", ["src/**/*.py"], True),
        ("src/mod.pyc", ["src/**/*.py"], False),
        ("a/b.ipynb", ["**/*.ipynb"], True),
        ("b.ipynb", ["**/*.ipynb"], True),
        ("LICENSE.txt", ["LICENSE", "LICENSE.*"], True),
        ("model_v1.bin", ["model_v[0-9].bin"], True),
        ("model_vx.bin", ["model_v[!x].bin"], False),
        ("x", [], False),
    ],
)
def test_globs(path: str, patterns: list[str], expected: bool) -> None:
    assert matches(path, patterns) is expected


PATHS = [
    "README.md",
    ".env",
    "config/.env.local",
    "keys/server.pem",
    "data/raw/2024/a.csv",
    "docs/README.md",
    "src/pkg/mod.py",
]
PATHS += [
    "a/b.ipynb",
    "LICENSE.txt",
    "model_v1.bin",
    "notebooks/x]y.ipynb",
    "a[b",
    "requirements-dev.txt",
    "Dockerfile",
]
PATTERNS = ["*.pem", "data/raw/**", "README.md", "/README.md", "src/**/*.py", "**/*.ipynb", "LICENSE.*", "LICENSE"]
PATTERNS += ["model_v[0-9].bin", "x]y.ipynb", "a[b", "requirements*.txt", "**/Dockerfile", "data/", "./src/**", "?.env"]
PATTERNS += ["./README.md", ".//docs/README.md", "/Dockerfile", " LICENSE.txt "]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_globs_ruled_out_by_their_ending_match_none_of_the_paths(pattern: str) -> None:
    """compile_for skips compiling globs for a few paths that cannot match them: never one that would."""
    for path in PATHS:
        if matches(path, [pattern]):
            assert compile_for((pattern,), [path]) is not None, (pattern, path)


def test_a_few_paths_skip_compiling_globs_they_cannot_match() -> None:
    assert compile_for(("**/*.ipynb", "README.md"), ["src/app.py", "docs/index.md"]) is None
    assert compile_for(("**/*.ipynb",), ["src/app.py", "nb/a.ipynb"]) is not None
    many = [f"src/m{i}.py" for i in range(100)]
    assert compile_for(("**/*.ipynb",), many) is not None  # a full scan compiles, as it matches many paths
