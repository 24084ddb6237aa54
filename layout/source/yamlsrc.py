"""YAML with line numbers: every value remembers where it was written.

The manifest and house-style loaders read through `Y` so that any message can
say "issue.yaml:14:9: span: 7, but page 2 has 5 columns".
Only safe YAML: we compose nodes with yaml's SafeLoader and build plain values.
"""
from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any, Iterator

import yaml

from layout.errors import BanmianError
from layout.source.files import check_controls, read_text
from layout.i18n import M
from layout.source.units import UnitError, parse_length, parse_size


def load_yaml(path: Path, text: str | None = None, line_offset: int = 0, log=None) -> "Y":
    """Parse a YAML file (or `text` that came from it, starting `line_offset` lines down).
    With a `log`, typing mistakes of a file that still parses are recorded and reading goes on."""
    path = Path(path)
    if text is None:
        text = read_text(path, "YAML file")
    check_controls(text, path, line_offset, "YAML")
    typed = typing_mistakes(text, path, line_offset)
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as e:
        if typed:           # the typing mistake is why YAML cannot read the file: name it, not the puzzle
            raise BanmianError.many(typed)
        mark = getattr(e, "problem_mark", None)
        problem = getattr(e, "problem", None) or str(e)
        raise BanmianError(M("YAML syntax error: {problem}", problem=_PROBLEMS.get(problem, problem)), path,
                           mark.line + 1 + line_offset if mark else None,
                           mark.column + 1 if mark else None,
                           hint=M("check indentation, colons and quotes on this line or the one before"))
    if typed:
        if log is None:
            raise BanmianError.many(typed)
        log.error(BanmianError.many(typed))
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
            raise BanmianError(M('the YAML is {what}', what=what), path, m.line + 1 + off, m.column + 1,
                               hint=M("banmian's files nest a few levels; remove the runaway brackets or aliases"))
        if node.tag not in SAFE_TAGS:
            m = node.start_mark
            raise BanmianError(M("YAML tag '{tag}' is not allowed", tag=node.tag), path, m.line + 1 + off, m.column + 1,
                               hint=M('banmian reads plain YAML only (text, numbers, dates, lists, mappings); remove the !! tag'))
        if isinstance(node, yaml.MappingNode):
            first: dict = {}
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode) and k.tag in SAFE_TAGS:
                    name = k.value
                    if name in first:
                        m0, m = first[name].start_mark, k.start_mark
                        raise BanmianError(M("key '{name}' appears twice in one mapping (lines {v} and {v2}); YAML would silently keep the second", name=name, v=m0.line + 1 + off, v2=m.line + 1 + off),
                                           path, m.line + 1 + off, m.column + 1,
                                           hint=M('remove one of them (the first is at line {v})', v=m0.line + 1 + off))
                    first[name] = k
                todo.extend(((k, depth + 1), (v, depth + 1)))
        elif isinstance(node, yaml.SequenceNode):
            todo.extend((n, depth + 1) for n in node.value)


# what the YAML parser says, in the editor's words (anything else is shown as the parser put it)
_PROBLEMS = {
    "could not find expected ':'": M("a line that is not `key: value` (a colon is missing, or the line is "
                                     "indented differently from the one above)"),
    "mapping values are not allowed here": M("a colon where no `key: value` can start (put text that "
                                             "holds ': ' in quotes)"),
    "found character '\\t' that cannot start any token": M("a tab character"),
    "found character '\t' that cannot start any token": M("a tab character"),
    "expected <block end>, but found '-'": M("a list item ('- ') indented differently from the items above"),
    "expected <block end>, but found '<block mapping start>'": M("a line indented differently from the "
                                                                 "lines above it"),
    "found unexpected end of stream": M("the file ends inside quotes"),
    "did not find expected ',' or '}'": M("a `{{…}}` is not closed (a ',' or '}}' is missing)"),
    "did not find expected ',' or ']'": M("a `[…]` list is not closed (a ',' or ']' is missing)"),
    "did not find expected key": M("a line that is not `key: value` where a key was expected"),
    "did not find expected '-' indicator": M("a line indented as a list item that does not start with '- '"),
    "found undefined alias": M("a '*' that YAML reads as a reference (put text starting with '*' in quotes)"),
    "found character '@' that cannot start any token": M("a value starting with '@' (put it in quotes)"),
    "found character '`' that cannot start any token": M("a value starting with '`' (put it in quotes)"),
    "found a tab character that violates indentation": M("a tab character"),
}

_KEY_FULLWIDTH_COLON = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_]*)\s*：")
_KEY_FULLWIDTH_SPACE = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_]*):\u3000")


def typing_mistakes(text: str, path: Path, line_offset: int = 0) -> list[BanmianError]:
    """What a Chinese input method types into YAML by mistake, named as such: a full-width
    colon after a key (`credit：…`), a full-width space (U+3000) where YAML needs a plain one,
    and a tab in the indentation. Each is one error at its line and column; YAML itself would
    report them as a puzzle about indentation, or read the line as part of the text above."""
    out = []
    for i, line in enumerate(text.split("\n"), 1 + line_offset):
        indent = line[:len(line) - len(line.lstrip(" \t\u3000"))]
        if "\t" in indent:
            out.append(BanmianError(M("a tab in the indentation: YAML indents with spaces only"), path, i,
                                    indent.index("\t") + 1,
                                    hint=M("replace the tab with spaces (two per level, as in the lines around it)")))
        elif "\u3000" in indent:
            out.append(BanmianError(M("a full-width space (U+3000, typed by a Chinese input method) in the "
                                      "indentation"),
                                    path, i, indent.index("\u3000") + 1,
                                    hint=M("replace it with plain spaces (switch the input method to half-width)")))
        m = _KEY_FULLWIDTH_COLON.match(line)
        if m:
            out.append(BanmianError(M("full-width colon '：' after `{key}` (typed with a Chinese input method)",
                                      key=m.group(2)), path, i, line.index("：", m.end(2)) + 1,
                                    hint=M("type `{key}: ` with the ASCII colon ':' and a space", key=m.group(2))))
        m = _KEY_FULLWIDTH_SPACE.match(line)
        if m:
            out.append(BanmianError(M("full-width space (U+3000) after `{key}:`", key=m.group(2)), path, i,
                                    m.end() , hint=M("type a plain space after the colon: `{key}: `",
                                                    key=m.group(2))))
    return out


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

    def error(self, message, hint=None) -> BanmianError:
        """An error at this node: file:line:column, then the key the editor typed (the dotted
        path such as pages[1].blocks[3] is the program's, not the editor's: the line says where)."""
        # a house-style path (elements.title.size) is what its editor types; a manifest's
        # pages[1].blocks[3].span is the program's: only its key is kept
        key = (self.path.rsplit(".", 1)[-1] if "[" in self.path else self.path) if self.path else ""
        if key and not key.endswith("]"):
            message = M("{key}: {what}", key=key, what=message)
        return BanmianError(message, self.file, self.line, self.column, hint)

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
            if re.match(r"\d{4}-\d{1,2}-\d{1,2}", str(self.node.value)):
                raise self.error(M("'{value}' is not a date (the month is 1–12, the day one the month has)",
                                   value=self.node.value), M("write it as 2026-11-27"))
            raise self.error(M("'{value}' is not a valid value: {e}", value=self.node.value, e=e))

    def items(self) -> Iterator[tuple[str, "Y"]]:
        if not self.is_map:
            raise self.error(M("expected a mapping (key: value), got {kind}", kind=_kind(self.node)))
        for k, v in self.node.value:
            yield str(_construct(k)), self._child(v, str(_construct(k)))

    def keys_node(self, key: str) -> "Y | None":
        for k, v in self.node.value:
            if str(_construct(k)) == key:
                return Y(k, self.file, f"{self.path}.{key}" if self.path else key, self._off)
        return None

    def list(self) -> list["Y"]:
        if not self.is_list:
            raise self.error(M("expected a list, got {kind}", kind=_kind(self.node)))
        return [self._child(n, i) for i, n in enumerate(self.node.value)]

    def get(self, key: str) -> "Y | None":
        if not self.is_map:
            raise self.error(M("expected a mapping (key: value), got {kind}", kind=_kind(self.node)))
        for k, v in self.node.value:
            if str(_construct(k)) == key:
                return self._child(v, key)
        return None

    def require(self, key: str, hint: str | None = None) -> "Y":
        y = self.get(key)
        if y is None:
            raise self.error(M("missing required key '{key}'", key=key), hint)
        return y

    def check_keys(self, allowed: set[str] | list[str]) -> None:
        """An unknown key is an error with a did-you-mean (typos must not pass silently);
        every unknown key of the mapping is reported, not only the first."""
        if not self.is_map:
            raise self.error(M("expected a mapping (key: value), got {kind}", kind=_kind(self.node)))
        found = []
        for k, v in self.node.value:
            name = str(_construct(k))
            if name not in allowed:
                close = difflib.get_close_matches(name, list(allowed), n=1, cutoff=0.6)
                hint = (M("did you mean '{name}'?", name=close[0]) if close else
                        M("allowed keys: {keys}", keys=", ".join(sorted(allowed))))
                found.append(BanmianError(M("unknown key '{name}'", name=name), self.file,
                                          k.start_mark.line + 1 + self._off, k.start_mark.column + 1, hint))
        if found:
            raise BanmianError.many(found)

    # -- typed readers -----------------------------------------------------
    def str(self) -> str:
        v = self.value
        if isinstance(v, (dict, list)) or v is None:
            raise self.error(M("expected text, got {kind}", kind=_kind(self.node)))
        return str(v)

    def typed(self) -> str:
        """A scalar exactly as the editor typed it: `11.0` stays "11.0", `49.820` keeps its
        zero (YAML would read both as floats and drop what the figure says)."""
        if not isinstance(self.node, yaml.ScalarNode):
            raise self.error(M('expected text or a number, got {v}', v=_kind(self.node)))
        if self.node.value == "" or self.value is None:
            raise self.error(M('expected text or a number, got nothing'))
        return str(self.node.value)

    def int(self, lo: int | None = None, hi: int | None = None, too_large=None) -> int:
        """A whole number in lo..hi; `too_large` is the caller's message for a value over hi
        (it may name `{v}`, the value, and `{hi}`)."""
        v = self.value
        if isinstance(v, bool) or not isinstance(v, int):
            raise self.error(M("expected a whole number, got {v!r}", v=v))
        if lo is not None and v < lo:
            raise self.error(M("{v} is too small (at least {lo})", v=v, lo=lo))
        if hi is not None and v > hi:
            raise self.error(too_large.with_(v=v, hi=hi) if too_large is not None else
                             M("{v} is too large (at most {hi})", v=v, hi=hi))
        return v

    def float(self, lo: float | None = None, hi: float | None = None) -> float:
        v = self.value
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise self.error(M('expected a number, got {v!r}', v=v))
        v = float(v)
        if v != v or v in (float("inf"), float("-inf")):
            raise self.error(M('expected a number, got {value!r}', value=self.node.value))
        if (lo is not None and v < lo) or (hi is not None and v > hi):
            rng = f"from {lo:g} to {hi:g}" if lo is not None and hi is not None else \
                  f"at least {lo:g}" if lo is not None else f"at most {hi:g}"
            raise self.error(M('{v:g} is out of range ({rng})', v=v, rng=rng))
        return v

    def bool(self) -> bool:
        v = self.value
        if not isinstance(v, bool):
            raise self.error(M('expected true or false, got {v!r}', v=v))
        return v

    def choice(self, options: list[str] | tuple[str, ...]) -> str:
        v = self.str()
        if v not in options:
            close = difflib.get_close_matches(v, list(options), n=1)
            hint = M("did you mean '{name}'?", name=close[0]) if close else None
            raise self.error(M("'{v}' is not one of: {options}", v=v, options=", ".join(options)), hint)
        return v

    def length(self, lo: float | None = None, hi: float | None = None, **units) -> float:
        """A length in pt; `lo`/`hi` (pt) bound it, and the message says them in mm."""
        try:
            v = parse_length(self.value, **units)
        except UnitError as e:
            raise self.error(e.msg)
        return self._within(v, lo, hi, 72 / 25.4, "mm")

    def size(self, lo: float | None = None, hi: float | None = None) -> float:
        """A type size in pt (号 or pt), bounded by `lo`/`hi` pt."""
        try:
            v = parse_size(self.value)
        except UnitError as e:
            raise self.error(e.msg)
        return self._within(v, lo, hi, 1.0, "pt")

    def _within(self, v: float, lo, hi, unit: float, name: str) -> float:
        if (lo is not None and v < lo - 1e-9) or (hi is not None and v > hi + 1e-9):
            rng = (f"from {lo / unit:g} to {hi / unit:g} {name}" if lo is not None and hi is not None else
                   f"at least {lo / unit:g} {name}" if lo is not None else f"at most {hi / unit:g} {name}")
            raise self.error(M('{value} is out of range ({rng})', value=self.node.value, rng=rng))
        return v


# libyaml's parser when it is there (same nodes and marks, several times faster)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _construct(node: yaml.Node) -> Any:
    """Plain value of a node: safe types only. A fresh constructor each time, since
    a constructor remembers nodes it has built (and a failed one would stay half-built)."""
    c = yaml.constructor.SafeConstructor()
    return c.construct_object(node, deep=True)


def _kind(node: yaml.Node):
    if isinstance(node, yaml.MappingNode):
        return M("a mapping")
    if isinstance(node, yaml.SequenceNode):
        return M("a list")
    return f"'{node.value}'" if node.value != "" else M("nothing")
