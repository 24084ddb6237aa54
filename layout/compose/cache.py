"""The composition cache: one paragraph is never composed twice, in a build or across builds.

A rebuild after editing one paragraph composes only that paragraph: the lines of
every other one come from the last build's cache file. Keys hold the text, the
prepared faces' keys, sizes, width and style, and the file is tagged with a hash
of the composer's own code, so a stale entry can never be used; without the file
the same lines are composed afresh.

The build owns one CompositionCache and passes it down (Ctx.cache); two builds in
one process (watch, tests, the archive's workers) each have their own, so neither
sees the other's bookkeeping.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import struct
import sys
from array import array
from collections import OrderedDict
from functools import partial
from itertools import repeat
from pathlib import Path
from typing import Callable

from layout.boxes import Glyph, Line, SourceRef

CACHE_SIZE = 20_000       # entries kept in memory
RECENT_SIZE = 64          # the composer's intermediate results kept (CompositionCache.recent)
CACHE_FILES = 64          # issues whose composition is kept on disk (the most recently built)


class CompositionCache:
    """Composed paragraphs by key: (lines, notes), both immutable."""

    def __init__(self):
        self.entries: OrderedDict = OrderedDict()
        self.used: set = set()          # keys asked for since the last save
        self.new: set = set()           # keys composed afresh since the last save
        self.loaded: dict = {}          # key -> entry as read from a file, made into lines when first asked for
        self.file_keys: dict = {}       # cache file -> the keys it held when read or written
        # later stages' memos of a resident build (watch, serve), by name: made-up pages
        # (makeup/pagememo.py), drawn pages (render/pagecache.py); kept as long as this cache is
        self.stages: dict = {}
        self.pending: tuple | None = None   # (path, entries) a `save(later=True)` has still to write
        # the composer's work on the last few paragraphs composed (paragraph.py: their measuring
        # and best breaks, shared by the settings a line looser and tighter), never written
        self.recent = _Recent(RECENT_SIZE)

    def get(self, key: tuple, make: Callable[[], tuple]) -> tuple:
        """The entry for `key`: from memory, from the file read last, or `make()`."""
        if key not in self.entries:
            plain = self.loaded.pop(key, None)
            if plain is None:
                self.new.add(key)
            self.entries[key] = make() if plain is None else _from_plain(plain)
            if len(self.entries) > CACHE_SIZE:
                self.entries.popitem(last=False)
        self.used.add(key)
        return self.entries[key]

    def peek(self, key: tuple) -> tuple[int, tuple] | None:
        """(number of lines, notes) of the entry for `key`, if there is one, without making the lines
        of an entry still as read from the file (None: not cached; compose it)."""
        entry = self.entries.get(key)
        if entry is None:
            entry = self.loaded.get(key)
            if entry is None:
                return None
        self.used.add(key)
        return len(entry[0]), entry[1]

    def load(self, path) -> None:
        """Add the entries of a file written by `save` (a missing or stale file is ignored)."""
        self.flush()
        try:
            with open(path, "rb") as f:
                data = memoryview(f.read())       # (marshal.load reads a file piecemeal: slow)
            n = struct.unpack_from("<I", data, 0)[0]
            version, count = marshal.loads(data[4:4 + n])
            if version != code_version():
                return
            keys, off = set(), 4 + n
            while off < len(data):               # the entries, in chunks (save)
                n = struct.unpack_from("<I", data, off)[0]
                chunk = marshal.loads(data[off + 4:off + 4 + n])
                off += 4 + n
                for k, v in chunk.items():
                    if k not in self.entries:
                        self.loaded.setdefault(k, v)
                    keys.add(k)
        except (OSError, EOFError, ValueError, TypeError, struct.error):
            return
        if len(keys) == count:
            self.file_keys[str(path)] = frozenset(keys)

    def save(self, path, keep: bool = False, later: bool = False) -> None:
        """Write the entries used since the last save (so the file holds one issue's paragraphs).

        A file that already holds exactly those entries is left as it is (touched, so pruning
        keeps it). `keep` leaves them in memory too (a resident `banmian watch` rebuilding
        one issue); `later` writes the file only at `flush()` (watch flushes once the new PDF
        is reported: ~20 ms of an 8-page issue's save -> PDF; the lines are in memory)."""
        self.flush()
        # (a composition another process made or used for this build may still be in `loaded`,
        # as read from the file: it is written as it was read)
        used = {k for k in self.used if k in self.entries or k in self.loaded}
        same = not (self.new & used) and self.file_keys.get(str(path)) == used
        self.used.clear()
        self.new.clear()
        loaded, self.loaded = self.loaded, {}
        path = Path(path)
        try:
            if same:
                os.utime(path)
            elif later:
                self.pending = (path, {k: self.entries[k] if k in self.entries else _from_plain(loaded[k])
                                       for k in used})   # the entries themselves
            else:
                self._write(path, self.entries, used, keep, loaded)
        except OSError:
            pass
        # The file holds them now: an archive building hundreds of issues must not keep
        # every issue's lines in memory.
        if keep:
            for k in list(self.entries):
                if k not in used:
                    del self.entries[k]
        else:
            self.entries.clear()

    def flush(self) -> None:
        """Write what a `save(later=True)` left to write (load and save flush first)."""
        if self.pending is None:
            return
        path, entries = self.pending
        self.pending = None
        try:
            self._write(path, entries, set(entries), keep=False)
        except OSError:
            pass

    def _write(self, path: Path, entries: dict, used: set, keep: bool, plain: dict | None = None) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            _write_chunks(f, entries, used, keep, plain or {})
        tmp.replace(path)
        self.file_keys[str(path)] = frozenset(used)
        _prune(path.parent)


class _Recent(OrderedDict):
    """A dict that keeps only its `size` most recently set entries."""

    def __init__(self, size: int):
        super().__init__()
        self.size = size

    def __setitem__(self, key, value):
        super().__setitem__(key, value)
        if len(self) > self.size:
            self.popitem(last=False)


CHUNK = 256               # entries marshalled at a time


def _write_chunks(f, entries: dict, used: set, keep: bool, plain: dict) -> None:
    """The file: a header (code version, entry count), then the entries in marshalled chunks, each
    after its length. Each entry is let go once copied (unless kept), so its plain copy and its
    lines are never all in memory at once (a planned issue's trials are tens of MB)."""
    def put(obj) -> None:
        b = marshal.dumps(obj)
        f.write(struct.pack("<I", len(b)))
        f.write(b)
    put((code_version(), len(used)))
    chunk = {}
    for k in used:
        if k in entries:
            chunk[k] = _to_plain(entries[k])
            if not keep:
                del entries[k]
        else:
            chunk[k] = plain[k]             # (still as read: never made into lines here)
        if len(chunk) == CHUNK:
            put(chunk)
            chunk = {}
    if chunk:
        put(chunk)


_VERSION: list[str] = []      # computed once per process: the code cannot change under it


def code_version() -> str:
    """A hash of the composer's code: a file written by other code is never read."""
    if not _VERSION:
        # (the file holds C doubles in this machine's byte order, and Glyph's fields by position)
        h = hashlib.sha256(f"{sys.version_info[:2]} marshal {marshal.version} {sys.byteorder} "
                           f"{Glyph._fields}".encode())
        here = Path(__file__).resolve().parent
        for path in sorted(here.glob("*.py")) + [here.parent / "boxes.py"]:
            h.update(path.read_bytes())
        _VERSION.append(h.hexdigest()[:16])
    return _VERSION[0]


# The file is marshal, not pickle: plain values load several times faster than pickled
# objects, and a warm build reads every paragraph of the issue. A line is stored by columns
# (its glyphs' texts, x, advances, faces, sizes, shifts, scales): a column of floats as the
# bytes of a C double array, one that holds a single value as that value, so a 32-page
# issue's file is a few MB, not 20, and loads in a fraction of the time.
def _to_plain(entry) -> tuple:
    lines, notes = entry
    return tuple(_line_plain(ln) for ln in lines), tuple(notes)


def _line_plain(ln: Line) -> tuple:
    glyphs = ln.glyphs
    texts = [g[0] for g in glyphs]
    # (the tests are set operations over map(): a cold build writes every line of the issue)
    cols = ["".join(texts) if set(map(len, texts)) <= {1} else tuple(texts)]
    for k in range(1, len(Glyph._fields)):    # (Glyph's fields are str, float or int: a bytes or
                                              # tuple column is never a constant value)
        values = [g[k] for g in glyphs]
        types = set(map(type, values))
        if types == {float}:
            b = array("d", values).tobytes()
            # one value for the whole line (bit for bit: -0.0 is not 0.0), else the array
            cols.append(values[0] if b == b[:8] * len(values) else b)
        elif len(types) == 1 and len(set(values)) == 1:
            cols.append(values[0])
        else:
            cols.append(tuple(values))
    return (tuple(cols), len(glyphs), ln.width, ln.last, ln.first,
            (ln.source.file, ln.source.line) if ln.source else None)


def _from_plain(plain) -> tuple:
    # tuple.__new__ straight: Glyph._make is a Python-level call per glyph (50k a warm 8-page build);
    # a column of doubles read through a memoryview, a single value repeated (all at C speed)
    make = partial(tuple.__new__, Glyph)
    lines = []
    for (t, *rest), n, width, last, first, src in plain[0]:
        columns = [memoryview(c).cast("d") if type(c) is bytes else c if type(c) is tuple else repeat(c, n)
                   for c in rest]
        lines.append(Line(tuple(map(make, zip(t, *columns))), width, last, first, SourceRef(*src) if src else None))
    return tuple(lines), tuple(tuple(n) for n in plain[1])


def _prune(folder: Path) -> None:
    """Keep the cache folder from growing without end: drop all but the newest files."""
    files = sorted(folder.glob("*.marshal"), key=lambda p: p.stat().st_mtime, reverse=True)
    # (files of the pickle format this cache had before go too: nothing reads them now)
    for old in files[CACHE_FILES:] + list(folder.glob("*.pickle")):
        try:
            old.unlink()
        except OSError:
            pass
