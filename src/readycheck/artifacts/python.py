"""Python modules: the source parsed once with ``ast``, shared by every check that reads a ``.py`` file
(complexity, maintainability, and plugins' own)."""

from __future__ import annotations

import ast
import warnings
from functools import cached_property
from typing import Any

from readycheck.artifacts import Artifact, ArtifactKind
from readycheck.errors import ParseError
from readycheck.hookspecs import hookimpl


class PythonModule:
    """A parsed Python file: its text and syntax tree; radon's visit is made once, when a check asks."""

    def __init__(self, text: str, tree: ast.Module) -> None:
        self.text = text
        self.tree = tree

    @cached_property
    def complexity(self) -> Any:
        """radon's ComplexityVisitor over the tree: its blocks and total, visited once for every check."""
        from radon.visitors import ComplexityVisitor

        return ComplexityVisitor.from_ast(self.tree)


def _parse(artifact: Artifact) -> PythonModule:
    text = artifact.text
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escape sequences are the linter's business
            return PythonModule(text, ast.parse(text, artifact.path))
    except SyntaxError as error:
        raise ParseError(f"not valid Python: {error.msg}", artifact.path, error.lineno) from None


KIND = ArtifactKind("python", ("**/*.py",), "Python source, parsed once with ast.", _parse)


@hookimpl
def readycheck_artifact_kinds() -> list[ArtifactKind]:
    return [KIND]
