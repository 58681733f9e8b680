import pytest

from readycheck.globs import matches


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
