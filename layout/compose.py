"""Compose a paragraph: styled runs + a measure -> justified lines (pure layout).

Entry points:
    compose(runs, width, style, log) -> list[Line]   body paragraphs, clreq rules
    set_line(text, face, size)       -> Line         one unbroken line (labels, figures)

This module is the stage's front door; the steps live in text.py (classes,
segmentation, measurement), linebreak.py (choosing breaks) and justify.py
(positioning glyphs). The rules are W3C clreq's, summarised in
/work/shared/guides/chinese-typesetting.md.

What callers can rely on:
  - one Glyph per character of the input, in order; whitespace is never a glyph
    (it becomes the Han–Latin space or a Western word space);
  - Glyph.x is the left of its box from the line start, Glyph.advance the box
    width after compression, Glyph.shift how far left of x the drawing origin
    sits (compressed opening marks, marks placed in a CJK box), Glyph.hscale the
    horizontal scale to draw with (the paragraph's, times the stretch that makes
    the two halves of —— one continuous rule);
  - justified lines other than a paragraph's last end at `width` (to 0.01 pt);
    no box passes either edge of the column (no hanging punctuation);
  - problems (an unbreakable unit wider than the column, a line that cannot be
    justified within limits, an unfixable 孤字) go to `log.warn` with the
    Run.source of the text; the lines are still produced, nothing is dropped;
  - results are memoised on (runs, width, style): an identical paragraph is
    not composed twice, and its warnings are replayed on every call.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Sequence

from .boxes import Line, SourceRef
from .errors import Log
from .fonts import Face
from .justify import place_line
from .linebreak import choose_breaks, choose_breaks_in
from .text import KINSOKU_LEVELS, prepare

ALIGNS = ("justify", "left", "center", "right")
PUNCTUATION_STYLES = ("full", "kaiming", "half")        # 全角, 开明, 半角


@dataclass(frozen=True)
class Run:
    """A stretch of text in one face and size (a `**bold**` span is its own run)."""
    text: str
    face: Face
    size: float                      # pt
    source: SourceRef | None = None


@dataclass(frozen=True)
class ParaStyle:
    """How a paragraph is set; resolved from the house style per element."""
    indent: float = 2.0              # first-line indent, em of the first run's size
    align: str = "justify"           # justify | left | center | right
    kinsoku: str = "strict"          # none | basic | gb | strict (clreq levels)
    punctuation: str = "full"        # full (全角) | kaiming (开明) | half (半角)
    han_latin: float = 0.25          # em between Han and Latin/digits
    fix_orphan: bool = True          # 孤字 control on the last line
    hscale: float = 1.0              # horizontal scale for condensed headlines
    looseness: int = 0               # lines more (+) or fewer (-) than the best setting (拉行/缩行)

    def __post_init__(self):
        for name, allowed in (("align", ALIGNS), ("kinsoku", KINSOKU_LEVELS),
                              ("punctuation", PUNCTUATION_STYLES)):
            if getattr(self, name) not in allowed:
                raise ValueError(f"ParaStyle.{name} is {getattr(self, name)!r}; "
                                 f"expected one of {', '.join(allowed)}")


Note = tuple[str, str | None, int | None]       # message, file, line
_CACHE: OrderedDict = OrderedDict()
CACHE_SIZE = 20_000


def set_line(text: str, face: Face, size: float, hscale: float = 1.0) -> Line:
    """One line, no breaking, natural widths with punctuation compression and Han–Latin space."""
    p = prepare([Run(text, face, size)], hscale=hscale)
    placed = place_line(p, 0, len(p.atoms), float("inf"), align="left", last=True, hscale=hscale)
    line = Line(placed.glyphs, 0.0, last=True, first=True)
    return Line(line.glyphs, line.end, last=True, first=True)


def compose(runs: Sequence[Run], width: float, style: ParaStyle = ParaStyle(),
            log: Log | None = None) -> list[Line]:
    """Break and justify a paragraph set `width` pt wide by the clreq rules."""
    # An identical paragraph was composed before: reuse it (lines are immutable)
    key = _key(runs, width, style)
    if key not in _CACHE:
        _remember(key, _compose(runs, width, style))
    _USED.add(key)
    lines, notes = _CACHE[key]
    # Report its problems on every call, so the log never depends on the cache
    for message, file, line in notes if log is not None else ():
        log.warn(message, file, line)
    return list(lines)


# ---- the composition cache across builds ------------------------------------
# A rebuild after editing one paragraph composes only that paragraph: the lines of
# every other one come from the last build's cache file. Keys hold the text, the
# prepared font files, sizes, width and style, and the file is tagged with a hash
# of the composer's own code, so a stale entry can never be used; without the file
# the same lines are composed afresh.
_USED: set = set()


def _code_version() -> str:
    import hashlib
    from pathlib import Path
    h = hashlib.sha256()
    for name in ("compose.py", "text.py", "linebreak.py", "justify.py", "boxes.py"):
        h.update((Path(__file__).parent / name).read_bytes())
    return h.hexdigest()[:16]


def load_cache(path) -> None:
    """Add the entries of a cache file written by `save_cache` (a missing or stale file is ignored)."""
    import pickle
    try:
        with open(path, "rb") as f:
            version, entries = pickle.load(f)
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError, ImportError):
        return
    if version == _code_version():
        for k, v in entries.items():
            _CACHE.setdefault(k, v)


def save_cache(path, keep: bool = False) -> None:
    """Write the entries used since the last save (so the file holds one issue's paragraphs).

    `keep` leaves them in memory too (a resident `banmian watch` rebuilding one issue)."""
    import os
    import pickle
    from pathlib import Path
    entries = {k: _CACHE[k] for k in _USED if k in _CACHE}
    _USED.clear()
    # The file holds them now: an archive building hundreds of issues in one process
    # must not keep every issue's lines in memory.
    if keep:
        for k in list(_CACHE):
            if k not in entries:
                del _CACHE[k]
    else:
        _CACHE.clear()
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            pickle.dump((_code_version(), entries), f, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
        _prune(path.parent)
    except OSError:
        pass


CACHE_FILES = 64          # issues whose composition is kept (the most recently built)


def _prune(folder) -> None:
    """Keep the cache folder from growing without end: drop all but the newest files."""
    files = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[CACHE_FILES:]:
        try:
            old.unlink()
        except OSError:
            pass


def _remember(key: tuple, value) -> None:
    _CACHE[key] = value
    if len(_CACHE) > CACHE_SIZE:
        _CACHE.popitem(last=False)


def _compose(runs: Sequence[Run], width: float, style: ParaStyle) -> tuple[tuple[Line, ...], tuple[Note, ...]]:
    # Measure: atoms, unbreakable units, break opportunities, gaps (text.py)
    p = prepare(runs, style.punctuation, style.kinsoku, style.han_latin, style.hscale)
    # The first line's indent, in the first run's em
    indent = style.indent * runs[0].size * style.hscale if runs else 0.0
    # Choose the breaks over the whole paragraph (linebreak.py)
    breaks = choose_breaks(p, width, indent, style.fix_orphan)
    if style.looseness:
        # make-up asked for the paragraph a line longer or shorter; where no setting
        # within the limits exists, the best one stands (the caller sees the count)
        breaks = choose_breaks_in(p, width, len(breaks.ends) + style.looseness, indent,
                                  style.fix_orphan) or breaks
    # Position each line: compression, Han–Latin space, expansion, alignment (justify.py)
    lines, notes = _set_lines(p, breaks.ends, width, indent, style, runs)
    # Report what could not be set well, at the source of the text
    notes += _break_notes(p, breaks, runs)
    return tuple(lines), tuple(notes)


def _set_lines(p, ends, width, indent, style, runs) -> tuple[list[Line], list[Note]]:
    lines: list[Line] = []
    notes: list[Note] = []
    start = 0
    for n, end in enumerate(ends):
        first, last = n == 0, n == len(ends) - 1
        placed = place_line(p, start, end, width, indent if first else 0.0, style.align,
                            last, style.hscale)
        src = _source(p, start, runs)
        if placed.problem:
            notes.append(_note(f"{placed.problem}: {_excerpt(p, start, end)}", src))
        lines.append(Line(placed.glyphs, width, last=last, first=first, source=src))
        start = end
    return lines, notes


def _break_notes(p, breaks, runs) -> list[Note]:
    notes = []
    for k in breaks.emergency:
        notes.append(_note("text wider than the column was broken inside an unbreakable unit "
                           f"near '{_excerpt(p, max(0, k - 8), min(len(p.atoms), k + 8))}'",
                           _source(p, k, runs)))
    if breaks.orphan:
        i = breaks.ends[-2] if len(breaks.ends) > 1 else 0
        notes.append(_note(f"孤字: the last line holds a single character "
                           f"'{_excerpt(p, i, len(p.atoms))}' and the paragraph could not be "
                           "tightened; edit the text", _source(p, i, runs)))
    return notes


def _source(p, k: int, runs) -> SourceRef | None:
    if not p.atoms:
        return runs[0].source if runs else None
    return runs[p.atoms[min(k, len(p.atoms) - 1)].run].source


def _note(message: str, src: SourceRef | None) -> Note:
    return (message, src.file if src else None, src.line if src else None)


def _excerpt(p, i: int, j: int) -> str:
    text = "".join(a.ch for a in p.atoms[i:j])
    return text if len(text) <= 24 else text[:23] + "…"


def _key(runs: Sequence[Run], width: float, style: ParaStyle) -> tuple:
    # a face's metrics depend on its source font and preparation, not on which other
    # characters its file holds: Face.key says exactly that (so an edit that brings in a
    # new character does not recompose every other paragraph)
    return (tuple((r.text, r.face.id, getattr(r.face, "key", None) or str(getattr(r.face, "path", "")),
                   r.size, r.source) for r in runs), round(width, 6), style)
