"""YAML, JSON and TOML parsed into plain Python values plus a map from value path to line.

One loader for policies, config files and scanned data files, so that every error and finding can
name the line of the key it is about. YAML is composed (never constructed) with ruamel.yaml: only
the standard scalar, sequence and mapping tags are accepted, so no document can build objects.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

from readycheck.errors import ParseError

ValuePath = tuple[str | int, ...]

MAX_YAML_NODES = 1_000_000
"""Aliases make a small YAML file expand to a huge value ("billion laughs"); stop well before that."""

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:timestamp",
}


class Document(NamedTuple):
    """A parsed file: ``data`` is plain dicts/lists/scalars; ``lines`` maps value paths to 1-based lines."""

    data: Any
    lines: Mapping[ValuePath, int] = MappingProxyType({})
    """Eager for YAML and TOML, which are small; for JSON a :class:`JsonLines` that looks lines up when asked."""

    def line_of(self, path: ValuePath) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        while True:
            line = self.lines.get(path)
            if line is not None or not path:
                return line
            path = path[:-1]


def format_of(path: str) -> str | None:
    lowered = path.lower()
    for suffix, fmt in ((".yaml", "yaml"), (".yml", "yaml"), (".json", "json"), (".toml", "toml")):
        if lowered.endswith(suffix):
            return fmt
    return None


def load(text: str, fmt: str, path: str) -> Document:
    """Parse ``text`` as ``fmt`` (yaml, json, toml); errors are ParseError naming ``path`` and line."""
    if fmt == "yaml":
        return load_yaml(text, path)
    if fmt == "json":
        return load_json(text, path)
    if fmt == "toml":
        return load_toml(text, path)
    raise ValueError(f"unknown structured format {fmt!r}")


def load_yaml(text: str, path: str) -> Document:
    return _yaml_documents(text, path, single=True)[0]


def load_yaml_all(text: str, path: str) -> list[Document]:
    """Every document of a multi-document YAML stream (Kubernetes manifests), each with its own lines."""
    return _yaml_documents(text, path, single=False)


def _yaml_documents(text: str, path: str, single: bool) -> list[Document]:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    yaml = YAML(typ="safe", pure=True)
    try:
        nodes = [yaml.compose(text)] if single else list(yaml.compose_all(text))
    except RecursionError:
        raise ParseError("YAML is nested too deeply", path) from None
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = error.problem or error.context or "invalid YAML"
        raise ParseError(f"YAML syntax error: {problem}", path, line) from None
    except YAMLError as error:
        raise ParseError(f"YAML error: {error}", path) from None
    documents = []
    converter: _YamlConverter | None = None
    for node in nodes:
        lines: dict[ValuePath, int] = {}
        if node is None:
            documents.append(Document(None, lines))
            continue
        converter = _YamlConverter(yaml.constructor, lines, path, converter)
        try:
            documents.append(Document(converter.convert(node, ()), lines))
        except RecursionError:
            raise ParseError("YAML is nested too deeply", path) from None
        except (ValueError, TypeError, OverflowError, ArithmeticError) as error:  # '!!int abc', 5,000-digit numbers
            raise ParseError(f"invalid YAML value: {_short(str(error))}", path, converter.line) from None
    return documents or [Document(None)]


def _short(text: str) -> str:
    return text if len(text) <= 120 else text[:119] + "…"


class _YamlConverter:
    """Turns a composed YAML node tree into plain values, recording the line of every key and item."""

    def __init__(
        self, constructor: Any, lines: dict[ValuePath, int], path: str, previous: _YamlConverter | None = None
    ) -> None:
        self.constructor = constructor
        self.lines = lines
        self.path = path
        self.budget: int = previous.budget if previous is not None else MAX_YAML_NODES
        """Shared by the documents of one stream: many small documents cannot add up to a bomb either."""
        self.line: int | None = None
        """The line of the node being converted, for errors raised while constructing a scalar."""

    def convert(self, node: Any, value_path: ValuePath | None) -> Any:
        """``value_path`` is None for mapping keys, whose lines are recorded under the key's path."""
        from ruamel.yaml.nodes import MappingNode, SequenceNode

        self.budget -= 1
        line = self.line = node.start_mark.line + 1
        if self.budget < 0:
            raise ParseError("YAML document expands to too many values (alias bomb?)", self.path, line)
        if value_path is not None:
            self.lines.setdefault(value_path, line)
        tag = node.tag if isinstance(node.tag, str) else getattr(node.tag, "value", None)
        if tag not in _STANDARD_TAGS:
            raise ParseError(
                f"YAML tag {tag!r} is not allowed: policies and data files are plain data", self.path, line
            )
        if isinstance(node, MappingNode):
            return self.mapping(node, value_path or ())
        if isinstance(node, SequenceNode):
            return [self.convert(item, (value_path or ()) + (index,)) for index, item in enumerate(node.value)]
        if tag in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"):
            return str(node.value)
        return self.constructor.construct_object(node, deep=True)

    def mapping(self, node: Any, value_path: ValuePath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise ParseError("YAML merge keys ('<<') are not supported", self.path, key_line)
            key = self.convert(key_node, None)
            if isinstance(key, (dict, list)):
                raise ParseError("mapping keys must be scalars", self.path, key_line)
            key = key if isinstance(key, str) else str(key)
            if key in result:
                raise ParseError(f"duplicate key {key!r}", self.path, key_line)
            child = value_path + (key,)
            self.lines[child] = key_line
            result[key] = self.convert(value_node, child)
        return result


def load_json(text: str, path: str) -> Document:
    """Parse with the C parser; lines are found only for the value paths someone asks about."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ParseError(f"JSON syntax error: {error.msg} (column {error.colno})", path, error.lineno) from None
    except RecursionError:
        raise ParseError("JSON is nested too deeply", path) from None
    except ValueError as error:  # a number of more than 4,300 digits
        raise ParseError(f"invalid JSON value: {_short(str(error))}", path) from None
    return Document(data, JsonLines(text))


class JsonLines(Mapping[ValuePath, int]):
    """The line of a value path in already-valid JSON text, found when asked for.

    A lookup walks from the root along the path only, reading each container it passes through just
    as far as the member it needs (the values before it skipped with the C scanner of the json module)
    and remembering what it read: the cost is that of the text before the paths asked about, never a
    walk of the whole file in Python. A member of an object is at the line of its key, an array item
    at the line where it starts. With a duplicate key, the first one counts.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._scan = json.decoder.JSONDecoder().scan_once  # type: ignore[attr-defined]
        self._containers: dict[int, _Container] = {}
        self._known_lines: list[tuple[int, int]] = [(0, 1)]
        """(offset, line) pairs already counted, sorted: newlines are counted from the nearest one below."""

    def __getitem__(self, value_path: ValuePath) -> int:
        offset = self._offset(value_path)
        if offset is None:
            raise KeyError(value_path)
        return self._line_at(offset)

    def __contains__(self, value_path: object) -> bool:
        return isinstance(value_path, tuple) and self._offset(value_path) is not None

    def __iter__(self) -> Iterator[ValuePath]:
        """Every value path, depth first: a full map, for tests and tools (checks look up single paths)."""
        if self._offset(()) is None:
            return
        pending: list[tuple[ValuePath, int]] = [((), self._skip_space(0))]
        while pending:
            value_path, start = pending.pop()
            yield value_path
            container = self._container(start)
            while container.read_on():
                pass
            members = container.members.items()
            pending.extend((value_path + (key,), value) for key, (_, value) in reversed(list(members)))

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def _offset(self, value_path: ValuePath) -> int | None:
        start = self._skip_space(0)
        if start >= len(self.text):
            return None
        where = start
        try:
            for key in value_path:
                member = self._container(start).find(key)
                if member is None:
                    return None
                where, start = member
        except RecursionError:
            return None
        return where

    def _container(self, start: int) -> _Container:
        container = self._containers.get(start)
        if container is None:
            container = self._containers[start] = _Container(self, start)
        return container

    def _skip_space(self, index: int) -> int:
        match = _JSON_SPACE.match(self.text, index)
        return match.end() if match else index

    def _line_at(self, offset: int) -> int:
        known = self._known_lines
        position = bisect_right(known, (offset, float("inf"))) - 1
        counted_from, line = known[position]
        line += self.text.count("\n", counted_from, offset)
        if counted_from != offset:
            known.insert(position + 1, (offset, line))
        return line


class _Container:
    """An object or array of a :class:`JsonLines` text, read member by member as lookups need them."""

    def __init__(self, lines: JsonLines, start: int) -> None:
        self.lines = lines
        self.members: dict[str | int, tuple[int, int]] = {}
        """Member key (or item index) -> (offset its line is taken at, offset of its value)."""
        opening = lines.text[start]
        self.is_object = opening == "{"
        self.closing = "}" if self.is_object else "]"
        self.unskipped: int | None = None
        """The offset of the last member's value, not yet skipped: a lookup of that member needs no skip."""
        self.next: int | None = None
        if opening in "{[":
            index = lines._skip_space(start + 1)
            self.next = None if lines.text[index] == self.closing else index

    def find(self, key: str | int) -> tuple[int, int] | None:
        found = self.members.get(key)
        while found is None and self.read_on():
            found = self.members.get(key)
        return found

    def read_on(self) -> bool:
        """Read the next member; False when there is none."""
        lines, text = self.lines, self.lines.text
        if self.unskipped is not None:
            _, end = lines._scan(text, self.unskipped)
            self.unskipped = None
            index = lines._skip_space(end)
            self.next = None if text[index] == self.closing else lines._skip_space(index + 1)
        index = self.next  # type: ignore[assignment]
        if index is None:
            return False
        if self.is_object:
            key, end = lines._scan(text, index)
            value = lines._skip_space(lines._skip_space(end) + 1)  # past the colon
            self.members.setdefault(key, (index, value))
        else:
            value = index
            self.members[len(self.members)] = (value, value)
        self.unskipped = value
        return True


_JSON_SPACE = re.compile(r"[ \t\r\n]*")


def load_toml(text: str, path: str) -> Document:
    import tomllib

    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise ParseError("TOML is nested too deeply", path) from None
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        line = None
        if "(at line " in message:
            line_text = message.rsplit("(at line ", 1)[1].split(",", 1)[0]
            line = int(line_text) if line_text.isdigit() else None
            message = message.split(" (at line ", 1)[0]
        raise ParseError(f"TOML syntax error: {message}", path, line) from None
    return Document(_plain_toml(data), _toml_lines(text))


def _plain_toml(value: Any) -> Any:
    """TOML dates and times as ISO strings, like YAML timestamps: data is plain JSON-like values."""
    import datetime

    if isinstance(value, dict):
        return {key: _plain_toml(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain_toml(item) for item in value]
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return value


def _toml_lines(text: str) -> dict[ValuePath, int]:
    """Best-effort lines for TOML tables and simple ``key = value`` lines (tomllib keeps none)."""
    lines: dict[ValuePath, int] = {}
    table: ValuePath = ()
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if stripped.startswith("[") and not stripped.startswith("[["):
            table = tuple(part.strip().strip('"') for part in stripped.strip("[]").split("."))
            lines.setdefault(table, number)
        elif "=" in stripped and not stripped.startswith("#"):
            key = tuple(part.strip().strip('"') for part in stripped.split("=", 1)[0].split("."))
            lines.setdefault(table + key, number)
    return lines


def lookup(data: Any, dotted: str) -> tuple[bool, Any, ValuePath]:
    """Follow a dotted path (``eval.auc``, ``metrics.0.value``) through dicts and lists."""
    current = data
    value_path: ValuePath = ()
    for part in dotted.split("."):
        if isinstance(current, Mapping) and part in current:
            current = current[part]
            value_path += (part,)
        elif isinstance(current, list) and part.lstrip("-").isdigit() and -len(current) <= int(part) < len(current):
            current = current[int(part)]
            value_path += (int(part),)
        else:
            return False, None, value_path
    return True, current, value_path
