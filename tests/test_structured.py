import json
import random

import pytest

from readycheck import structured
from readycheck.errors import ParseError


def test_yaml_lines_of_keys_and_items() -> None:
    text = "a:\n  b: 1\n  c:\n    - x\n    - y\nd: true\n"
    document = structured.load_yaml(text, "f.yaml")
    assert document.data == {"a": {"b": 1, "c": ["x", "y"]}, "d": True}
    assert document.lines[("a",)] == 1
    assert document.lines[("a", "b")] == 2
    assert document.lines[("a", "c", 1)] == 5
    assert document.lines[("d",)] == 6
    assert document.line_of(("a", "c", 7)) == 3


def test_yaml_scalars_are_plain_values_with_yaml_1_2_booleans() -> None:
    document = structured.load_yaml("i: 3\nf: 0.5\nn: null\ns: '3'\nt: 2024-01-01\nb: true\nno: no\n", "f.yaml")
    assert document.data == {"i": 3, "f": 0.5, "n": None, "s": "3", "t": "2024-01-01", "b": True, "no": "no"}


@pytest.mark.parametrize(
    "text",
    [
        "!!python/object/apply:os.system ['echo hi']\n",
        "a: !!python/name:os.system\n",
        "a: !custom 3\n",
        "a: !!binary aGk=\n",
    ],
)
def test_yaml_tags_that_build_objects_are_refused(text: str) -> None:
    with pytest.raises(ParseError) as caught:
        structured.load_yaml(text, "evil.yaml")
    assert "not allowed" in caught.value.message
    assert caught.value.line == 1


def test_yaml_syntax_error_names_line() -> None:
    with pytest.raises(ParseError) as caught:
        structured.load_yaml("a: 1\nb: [1, 2\nc: 3\n", "bad.yaml")
    assert str(caught.value).startswith("bad.yaml:")
    assert caught.value.line in (2, 3, 4)


def test_yaml_duplicate_keys_are_errors() -> None:
    with pytest.raises(ParseError, match="duplicate key 'a'") as caught:
        structured.load_yaml("a: 1\nb: 2\na: 3\n", "dup.yaml")
    assert caught.value.line == 3


def test_yaml_alias_bomb_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(structured, "MAX_YAML_NODES", 1000)
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for name, previous in zip("bcdef", "abcde", strict=True):
        bomb += f"{name}: &{name} [*{previous}, *{previous}, *{previous}, *{previous}, *{previous}]\n"
    with pytest.raises(ParseError, match="too many values"):
        structured.load_yaml(bomb, "bomb.yaml")


@pytest.mark.parametrize("indent", [None, 1, 2, 4, "\t"])
def test_json_lines_whatever_the_indentation(indent: int | str | None) -> None:
    data = {"model": {"name": "churn", "metrics": [{"auc": 0.9}, {"auc": 0.8}]}, "empty": {}, "list": []}
    text = json.dumps(data, indent=indent)
    document = structured.load_json(text, "m.json")
    assert document.data == data
    lines = text.splitlines()
    for path, needle in [
        (("model", "name"), '"name"'),
        (("model", "metrics", 1, "auc"), '"auc": 0.8'),
        (("list",), '"list"'),
    ]:
        assert needle in lines[document.lines[path] - 1]
    assert "{" in lines[document.lines[("model", "metrics", 1)] - 1]


def test_json_syntax_error_names_line_and_column() -> None:
    with pytest.raises(ParseError) as caught:
        structured.load_json('{\n  "a": 1,\n  "b": \n}\n', "bad.json")
    assert caught.value.line == 4
    assert "JSON syntax error" in caught.value.message


def test_toml_best_effort_lines() -> None:
    document = structured.load_toml('title = "x"\n\n[tool.thing]\nvalue = 3\n', "p.toml")
    assert document.data == {"title": "x", "tool": {"thing": {"value": 3}}}
    assert document.line_of(("tool", "thing", "value")) == 4


def test_toml_syntax_error_names_line() -> None:
    with pytest.raises(ParseError) as caught:
        structured.load_toml("a = 1\nb = = 2\n", "bad.toml")
    assert caught.value.line == 2


@pytest.mark.parametrize(
    ("dotted", "found", "value"),
    [
        ("a.b", True, 1),
        ("a.list.1", True, "y"),
        ("a.list.-1", True, "y"),
        ("a.list.5", False, None),
        ("a.x", False, None),
    ],
)
def test_lookup_dotted_paths(dotted: str, found: bool, value: object) -> None:
    ok, got, _ = structured.lookup({"a": {"b": 1, "list": ["x", "y"]}}, dotted)
    assert ok is found
    assert got == value


def eager_lines(text: str) -> dict[tuple[str | int, ...], int]:
    """The line of every value path, by walking the whole text: readycheck's former line map, as an oracle."""
    scan = json.decoder.JSONDecoder().scan_once
    lines: dict[tuple[str | int, ...], int] = {}

    def space(i: int) -> int:
        while i < len(text) and text[i] in " \t\r\n":
            i += 1
        return i

    def value(i: int, path: tuple[str | int, ...]) -> int:
        i = space(i)
        lines.setdefault(path, text.count("\n", 0, i) + 1)
        if text[i] not in "{[":
            return scan(text, i)[1]
        closing, position = ("}" if text[i] == "{" else "]"), 0
        i = space(i + 1)
        while text[i] != closing:
            if closing == "}":
                key, end = scan(text, i)
                lines[path + (key,)] = text.count("\n", 0, i) + 1
                i = value(space(end) + 1, path + (key,))
            else:
                i = value(i, path + (position,))
                position += 1
            i = space(i)
            i = space(i + 1) if text[i] == "," else i
        return i + 1

    value(0, ())
    return lines


def random_json(rng: random.Random, depth: int = 0) -> object:
    roll = rng.random()
    if depth < 4 and roll < 0.3:
        return {f'k{rng.randrange(50)}é\n"': random_json(rng, depth + 1) for _ in range(rng.randrange(5))}
    if depth < 4 and roll < 0.55:
        return [random_json(rng, depth + 1) for _ in range(rng.randrange(5))]
    return rng.choice([None, True, 1.5e300, -3, "a\nb", "é", "", [], {}, '\\"{[', "x" * 40])


@pytest.mark.parametrize("seed", range(40))
def test_json_lines_found_on_demand_are_those_of_a_full_walk(seed: int) -> None:
    rng = random.Random(seed)
    data = {"root": random_json(rng), "cells": [random_json(rng) for _ in range(3)]}
    indent = rng.choice([None, 0, 1, 2, 4, "\t"])
    text = json.dumps(data, indent=indent, ensure_ascii=rng.random() < 0.5)
    if rng.random() < 0.3:
        text = "\n  " + text.replace(",", " ,\r\n", 3) + "\n"
    document = structured.load_json(text, "r.json")
    expected = eager_lines(text)
    assert dict(document.lines) == expected
    for path in rng.sample(sorted(expected, key=repr), min(10, len(expected))):  # single lookups on a fresh map
        assert structured.load_json(text, "r.json").lines[path] == expected[path]
    assert structured.load_json(text, "r.json").line_of(("root", "no such key", 3)) == expected[("root",)]


def test_json_lines_of_a_duplicate_key_are_those_of_the_first() -> None:
    """Names should be unique (RFC 8259); a lookup stops at the first match rather than read on."""
    text = '{\n "a": 1,\n "b": {"x": 1},\n "a": [\n  2\n ]\n}'
    document = structured.load_json(text, "d.json")
    assert document.data["a"] == [2]
    assert document.lines[("a",)] == 2 and document.line_of(("a", 0)) == 2
    assert ("b", "x") in document.lines and ("c",) not in document.lines


def test_json_lines_read_no_further_than_the_path_asked_for() -> None:
    text = '{"cells": [{"source": ["x"]}], "rest": [' + ", ".join(["{]"] * 3) + "]}"  # broken after 'cells'
    lines = structured.JsonLines(text)
    assert lines[("cells", 0, "source", 0)] == 1
