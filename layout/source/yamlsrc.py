"""YAML with line numbers: every value remembers where it was written.

The manifest and house-style loaders read through `Y` so that any message can
say "issue.yaml:14:9: pages[1].blocks[2].span: 7, but page 2 has 5 columns".
Only safe YAML: we compose nodes with yaml's SafeLoader and build plain values.
"""
from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any, Iterator

import yaml

from layout.errors import BanmianError
from layout.source.units import UnitError, parse_length, parse_size


def load_yaml(path: Path, text: str | None = None, line_offset: int = 0) -> "Y":
    """Parse a YAML file (or `text` that came from it, starting `line_offset` lines down)."""
    path = Path(path)
    if text is None:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise BanmianError("file not found", path)
        except UnicodeDecodeError as e:
            raise BanmianError(f"not UTF-8 text ({e.reason})", path, hint="save the file as UTF-8")
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        problem = getattr(e, "problem", None) or str(e)
        raise BanmianError(f"YAML syntax error: {problem}", path,
                           mark.line + 1 + line_offset if mark else None,
                           mark.column + 1 if mark else None,
                           hint="check indentation, colons and quotes on this line or the one before")
    if node is None:
        node = yaml.MappingNode("tag:yaml.org,2002:map", [])
    return Y(node, path, "", line_offset)


class Y:
    """A YAML node with its file, line and dotted path."""

    def __init__(self, node: yaml.Node, file: Path, path: str, line_offset: int = 0):
        self.node = node
        self.file = file
        self.path = path
        self._off = line_offset

    # -- where --------------------------------------------------------------
    @property
    def line(self) -> int:
        mark = self.node.start_mark
        return (mark.line + 1 if mark else 1) + self._off

    @property
    def column(self) -> int:
        mark = self.node.start_mark
        return mark.column + 1 if mark else 1

    def error(self, message: str, hint: str | None = None) -> BanmianError:
        where = f"{self.path}: " if self.path else ""
        return BanmianError(where + message, self.file, self.line, self.column, hint)

    def _child(self, node: yaml.Node, key: str | int) -> "Y":
        if isinstance(key, int):
            path = f"{self.path}[{key + 1}]"
        else:
            path = f"{self.path}.{key}" if self.path else str(key)
        return Y(node, self.file, path, self._off)

    # -- shape --------------------------------------------------------------
    @property
    def is_map(self) -> bool:
        return isinstance(self.node, yaml.MappingNode)

    @property
    def is_list(self) -> bool:
        return isinstance(self.node, yaml.SequenceNode)

    @property
    def value(self) -> Any:
        """The plain Python value (safe constructor)."""
        try:
            return _construct(self.node)
        except ValueError as e:      # e.g. a timestamp such as 2026-13-02
            raise self.error(f"'{self.node.value}' is not a valid value: {e}")

    def items(self) -> Iterator[tuple[str, "Y"]]:
        if not self.is_map:
            raise self.error(f"expected a mapping (key: value), got {_kind(self.node)}")
        for k, v in self.node.value:
            yield str(_construct(k)), self._child(v, str(_construct(k)))

    def keys_node(self, key: str) -> "Y | None":
        for k, v in self.node.value:
            if str(_construct(k)) == key:
                return Y(k, self.file, f"{self.path}.{key}" if self.path else key, self._off)
        return None

    def list(self) -> list["Y"]:
        if not self.is_list:
            raise self.error(f"expected a list, got {_kind(self.node)}")
        return [self._child(n, i) for i, n in enumerate(self.node.value)]

    def get(self, key: str) -> "Y | None":
        if not self.is_map:
            raise self.error(f"expected a mapping (key: value), got {_kind(self.node)}")
        for k, v in self.node.value:
            if str(_construct(k)) == key:
                return self._child(v, key)
        return None

    def require(self, key: str, hint: str | None = None) -> "Y":
        y = self.get(key)
        if y is None:
            raise self.error(f"missing required key '{key}'", hint)
        return y

    def check_keys(self, allowed: set[str] | list[str]) -> None:
        """An unknown key is an error with a did-you-mean (typos must not pass silently)."""
        for k, v in self.node.value if self.is_map else []:
            name = str(_construct(k))
            if name not in allowed:
                close = difflib.get_close_matches(name, list(allowed), n=1, cutoff=0.6)
                hint = f"did you mean '{close[0]}'?" if close else f"allowed keys: {', '.join(sorted(allowed))}"
                where = Y(k, self.file, f"{self.path}.{name}" if self.path else name, self._off)
                raise where.error(f"unknown key '{name}'", hint)
        if not self.is_map:
            raise self.error(f"expected a mapping (key: value), got {_kind(self.node)}")

    # -- typed readers -----------------------------------------------------
    def str(self) -> str:
        v = self.value
        if isinstance(v, (dict, list)) or v is None:
            raise self.error(f"expected text, got {_kind(self.node)}")
        return str(v)

    def typed(self) -> str:
        """A scalar exactly as the editor typed it: `11.0` stays "11.0", `49.820` keeps its
        zero (YAML would read both as floats and drop what the figure says)."""
        if not isinstance(self.node, yaml.ScalarNode):
            raise self.error(f"expected text or a number, got {_kind(self.node)}")
        if self.node.value == "" or self.value is None:
            raise self.error("expected text or a number, got nothing")
        return str(self.node.value)

    def int(self, lo: int | None = None, hi: int | None = None, what: str = "") -> int:
        v = self.value
        if isinstance(v, bool) or not isinstance(v, int):
            raise self.error(f"expected a whole number, got {v!r}")
        if lo is not None and v < lo:
            raise self.error(f"{v} is too small (at least {lo})")
        if hi is not None and v > hi:
            raise self.error(f"{v}{what or ' is too large'} (at most {hi})")
        return v

    def float(self) -> float:
        v = self.value
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise self.error(f"expected a number, got {v!r}")
        return float(v)

    def bool(self) -> bool:
        v = self.value
        if not isinstance(v, bool):
            raise self.error(f"expected true or false, got {v!r}")
        return v

    def choice(self, options: list[str] | tuple[str, ...]) -> str:
        v = self.str()
        if v not in options:
            close = difflib.get_close_matches(v, list(options), n=1)
            hint = f"did you mean '{close[0]}'?" if close else None
            raise self.error(f"'{v}' is not one of: {', '.join(options)}", hint)
        return v

    def length(self, **units) -> float:
        try:
            return parse_length(self.value, **units)
        except UnitError as e:
            raise self.error(str(e))

    def size(self) -> float:
        try:
            return parse_size(self.value)
        except UnitError as e:
            raise self.error(str(e))


# libyaml's parser when it is there (same nodes and marks, several times faster)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _construct(node: yaml.Node) -> Any:
    """Plain value of a node: safe types only. A fresh constructor each time, since
    a constructor remembers nodes it has built (and a failed one would stay half-built)."""
    c = yaml.constructor.SafeConstructor()
    return c.construct_object(node, deep=True)


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return f"'{node.value}'" if node.value != "" else "nothing"
