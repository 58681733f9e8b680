"""Property-based tests of every parser and report writer: the only exceptions that may escape a parser
are readycheck's own, nothing takes long, and every report parses with its consumer's parser.

The suite runs a modest number of examples (profile "ci"); ``python fuzz/run.py`` runs the same
properties as a longer campaign (profile "long").
"""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readycheck.artifacts.markdown import parse_markdown
from readycheck.artifacts.notebook import neutralise, parse_notebook
from readycheck.errors import ReadycheckError
from readycheck.model import Evaluation, Finding, Level, Result, Suppression
from readycheck.paths import report_path
from readycheck.plugins import load_registry
from readycheck.policy.expressions import parse_threshold
from readycheck.policy.loader import bind_rules, load_policies
from readycheck.redaction import find_secrets, redact_text
from readycheck.reporters import ReportOptions
from readycheck.structured import load
from readycheck.suppress import find_directives

settings.register_profile(
    "ci",
    max_examples=300,
    deadline=2000,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "long",
    max_examples=int(os.environ.get("READYCHECK_FUZZ_EXAMPLES", "20000")),
    deadline=5000,
    suppress_health_check=list(HealthCheck),
)
settings.load_profile(os.environ.get("READYCHECK_FUZZ_PROFILE", "ci"))

# Text that reaches the weak spots: structure characters, long runs, controls and surrogates.
ALPHABET = st.sampled_from(list("{}[]\":,#!%-=<>*?/\\\n\t '`~|&.0123456789aAzZ_é日\x00\x1b\u202e\udcff"))
TEXT = st.text(ALPHABET, max_size=400) | st.text(max_size=200)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=30,
)


def _only_our_errors(function, *args):  # type: ignore[no-untyped-def]
    try:
        return function(*args)
    except ReadycheckError:
        return None


@given(TEXT, st.sampled_from(["yaml", "json", "toml"]))
def test_structured_loaders_raise_only_parse_errors(text: str, fmt: str) -> None:
    document = _only_our_errors(load, text, fmt, "f")
    if document is not None:
        json.dumps(document.data, default=str)  # plain data only


@given(TEXT)
def test_markdown_parser_never_raises(text: str) -> None:
    document = parse_markdown(text, "README.md")
    assert all(heading.line >= 1 for heading in document.headings)


@given(TEXT | JSON_VALUES.map(json.dumps))
def test_notebook_parser_never_raises(text: str) -> None:
    notebook = parse_notebook(text, "n.ipynb")
    for cell in notebook.cells:
        cell.lines  # noqa: B018 - the cell API must hold on odd values too
        for output in cell.outputs:
            list(output.texts())


@given(
    st.fixed_dictionaries(
        {
            "cells": st.lists(
                st.fixed_dictionaries(
                    {},
                    optional={
                        "cell_type": st.sampled_from(["code", "markdown", "raw", 3]),
                        "source": st.text(max_size=40) | st.lists(st.text(max_size=20) | st.integers(), max_size=4),
                        "outputs": st.lists(JSON_VALUES, max_size=3),
                        "metadata": JSON_VALUES,
                    },
                ),
                max_size=4,
            ),
            "nbformat": st.just(4),
            "nbformat_minor": st.integers(0, 5),
            "metadata": JSON_VALUES,
        }
    )
)
def test_notebook_parser_holds_on_notebook_shaped_nonsense(document: dict) -> None:  # type: ignore[type-arg]
    notebook = parse_notebook(json.dumps(document), "n.ipynb")
    for cell in notebook.cells:
        neutralise(cell.source.value)


@given(TEXT)
def test_threshold_parser_raises_only_expression_errors(text: str) -> None:
    threshold = _only_our_errors(parse_threshold, text)
    if threshold is not None:
        threshold.holds(0.5)
        str(threshold)


@given(TEXT)
def test_directives_and_secret_scans_never_raise(text: str) -> None:
    find_directives(text)
    find_secrets(text, bare_assignments=True)
    shown = redact_text(text)
    shown.encode("utf-8")  # no lone surrogate survives


REGISTRY = load_registry()


@given(TEXT | JSON_VALUES.map(lambda value: json.dumps({"readycheck": 1, "rules": value})))
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_policy_loading_raises_only_policy_errors(tmp_path_factory, text: str) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("policy")
    (folder / "p.yaml").write_text(text, encoding="utf-8", errors="surrogateescape")
    policy_set = _only_our_errors(load_policies, ["./p.yaml"], folder, REGISTRY)
    if policy_set is not None:
        _only_our_errors(bind_rules, policy_set, REGISTRY)


NAMES = st.text(ALPHABET, min_size=1, max_size=40).filter(lambda name: name.strip("/") != "" and "\x00" not in name)
"""File names as a file system allows them: anything but NUL, surrogate escapes (bytes that are not UTF-8) too."""
RECOMMENDED = bind_rules(load_policies(["recommended"], Path.cwd(), REGISTRY), REGISTRY)
FINDINGS = st.builds(
    Finding,
    rule_id=st.sampled_from([rule.id for rule in RECOMMENDED] + ["readycheck/check-error", "readycheck/parse-error"]),
    level=st.sampled_from(list(Level)),
    message=TEXT,
    path=NAMES | st.just("."),
    line=st.none() | st.integers(1, 10_000),
    column=st.none() | st.integers(1, 200),
    fingerprint=st.text("0123456789abcdef", min_size=8, max_size=32),
    fix=TEXT,
    suppression=st.none() | st.builds(Suppression, st.sampled_from(["inline", "waiver", "baseline"]), TEXT),
)


@given(st.lists(FINDINGS, max_size=8))
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_every_report_parses_with_its_consumers_parser(tmp_path_factory, findings: list[Finding]) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("repo")
    result = Result(
        root=str(root),
        rules=RECOMMENDED,
        findings=findings,
        evaluations=[Evaluation(f.rule_id, f.path) for f in findings],
    )
    for name, reporter in REGISTRY.reporters.items():
        text = reporter.render(result, ReportOptions())
        text.encode("utf-8")  # strict: writable to any report file or UTF-8 stream
        if name in ("json", "sarif", "gitlab"):
            json.loads(text)
        elif name == "junit":
            ET.fromstring(text.encode("utf-8"))
        elif name == "html":
            parser = HTMLParser()
            parser.feed(text)
            parser.close()
            assert "<script" not in text
        elif name in ("text", "github"):
            for finding in result.active:
                assert "\n" not in report_path(finding.path)


@given(NAMES)
def test_report_paths_are_reversible(name: str) -> None:
    from urllib.parse import unquote_to_bytes

    shown = report_path(name)
    shown.encode("utf-8")
    assert os.fsdecode(unquote_to_bytes(shown)) == name or not Path(name).parts


def test_the_fuzz_campaign_script_exists() -> None:
    assert (Path(__file__).resolve().parents[1] / "fuzz" / "run.py").is_file()
