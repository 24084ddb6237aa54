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
from layout.source.files import check_controls, read_text
from layout.source.units import UnitError, parse_length, parse_size


def load_yaml(path: Path, text: str | None = None, line_offset: int = 0) -> "Y":
    """Parse a YAML file (or `text` that came from it, starting `line_offset` lines down)."""
    path = Path(path)
    if text is None:
        text = read_text(path, "YAML file")
    check_controls(text, path, line_offset, "YAML")
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
    _check_nodes(node, path, line_offset)
    return Y(node, path, "", line_offset)


# The tags safe YAML builds plain values from; anything else (!!python/object, !custom) is refused.
SAFE_TAGS = {"tag:yaml.org,2002:" + t for t in
             ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "merge")}


MAX_DEPTH = 40            # a manifest nests 6 levels; deeper is a runaway (and Python's recursion limit)
MAX_VALUES = 200_000      # a 200-page issue is ~20,000 values; more is an alias bomb ("billion laughs")


def _check_nodes(root: yaml.Node, path: Path, off: int) -> None:
    """Refuse tags other than the plain ones and duplicate keys (YAML would let the second win
    silently), naming both lines. Iterative: a deeply nested file cannot exhaust the stack."""
    todo, visits = [(root, 0)], 0
    while todo:
        node, depth = todo.pop()
        visits += 1                  # aliases are walked where they are used, as the values will be
        if depth > MAX_DEPTH or visits > MAX_VALUES:
            m = node.start_mark
            what = (f"nested more than {MAX_DEPTH} levels deep" if depth > MAX_DEPTH else
                    f"more than {MAX_VALUES:,} values once its aliases (*name) are expanded")
            raise BanmianError(f"the YAML is {what}", path, m.line + 1 + off, m.column + 1,
                               hint="banmian's files nest a few levels; remove the runaway brackets or aliases")
        if node.tag not in SAFE_TAGS:
            m = node.start_mark
            raise BanmianError(f"YAML tag '{node.tag}' is not allowed", path, m.line + 1 + off, m.column + 1,
                               hint="banmian reads plain YAML only (text, numbers, dates, lists, mappings); "
                                    "remove the !! tag")
        if isinstance(node, yaml.MappingNode):
            first: dict = {}
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode) and k.tag in SAFE_TAGS:
                    name = k.value
                    if name in first:
                        m0, m = first[name].start_mark, k.start_mark
                        raise BanmianError(f"key '{name}' appears twice in one mapping (lines {m0.line + 1 + off} "
                                           f"and {m.line + 1 + off}); YAML would silently keep the second",
                                           path, m.line + 1 + off, m.column + 1,
                                           hint=f"remove one of them (the first is at line {m0.line + 1 + off})")
                    first[name] = k
                todo.extend(((k, depth + 1), (v, depth + 1)))
        elif isinstance(node, yaml.SequenceNode):
            todo.extend((n, depth + 1) for n in node.value)


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

    def float(self, lo: float | None = None, hi: float | None = None) -> float:
        v = self.value
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise self.error(f"expected a number, got {v!r}")
        v = float(v)
        if v != v or v in (float("inf"), float("-inf")):
            raise self.error(f"expected a number, got {self.node.value!r}")
        if (lo is not None and v < lo) or (hi is not None and v > hi):
            rng = f"from {lo:g} to {hi:g}" if lo is not None and hi is not None else \
                  f"at least {lo:g}" if lo is not None else f"at most {hi:g}"
            raise self.error(f"{v:g} is out of range ({rng})")
        return v

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

    def length(self, lo: float | None = None, hi: float | None = None, **units) -> float:
        """A length in pt; `lo`/`hi` (pt) bound it, and the message says them in mm."""
        try:
            v = parse_length(self.value, **units)
        except UnitError as e:
            raise self.error(str(e))
        return self._within(v, lo, hi, 72 / 25.4, "mm")

    def size(self, lo: float | None = None, hi: float | None = None) -> float:
        """A type size in pt (号 or pt), bounded by `lo`/`hi` pt."""
        try:
            v = parse_size(self.value)
        except UnitError as e:
            raise self.error(str(e))
        return self._within(v, lo, hi, 1.0, "pt")

    def _within(self, v: float, lo, hi, unit: float, name: str) -> float:
        if (lo is not None and v < lo - 1e-9) or (hi is not None and v > hi + 1e-9):
            rng = (f"from {lo / unit:g} to {hi / unit:g} {name}" if lo is not None and hi is not None else
                   f"at least {lo / unit:g} {name}" if lo is not None else f"at most {hi / unit:g} {name}")
            raise self.error(f"{self.node.value} is out of range ({rng})")
        return v


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
