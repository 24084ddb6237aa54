"""Compose a paragraph: styled runs + a measure -> justified lines (pure layout).

Entry points:
    compose(runs, width, style, log) -> list[Line]   body paragraphs, clreq rules
    set_line(text, face, size)       -> Line         one unbroken line (labels, figures)

This module is the stage's front door; the steps live in text.py (classes,
segmentation, measurement), linebreak.py (choosing breaks) and justify.py
(positioning glyphs). The rules are W3C clreq's (the project's typesetting guide
summarises them).

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
  - with the build's CompositionCache (cache.py), results are memoised on (runs,
    width, style): an identical paragraph is not composed twice, and its warnings
    are replayed on every call.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Sequence

from layout.boxes import Line, SourceRef
from layout.errors import Log
from layout.i18n import M, freeze, thaw
from layout.fonts import Face
from layout.compose.cache import CompositionCache
from layout.compose.justify import place_line
from layout.compose.linebreak import choose_breaks, choose_breaks_in
from layout.compose.text import KINSOKU_LEVELS, prepare
from layout.compose.units import UNIT_PENALTY

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
_STYLE_FIELDS = tuple(f.name for f in fields(ParaStyle))


def set_line(text: str, face: Face, size: float, hscale: float = 1.0) -> Line:
    """One line, no breaking, natural widths with punctuation compression and Han–Latin space."""
    p = prepare([Run(text, face, size)], hscale=hscale)
    placed = place_line(p, 0, len(p.atoms), float("inf"), align="left", last=True, hscale=hscale)
    line = Line(placed.glyphs, 0.0, last=True, first=True)
    return Line(line.glyphs, line.end, last=True, first=True)


def compose(runs: Sequence[Run], width: float | tuple[float, ...], style: ParaStyle = ParaStyle(),
            log: Log | None = None, cache: CompositionCache | None = None) -> list[Line]:
    """Break and justify a paragraph set `width` pt wide by the clreq rules.

    `width` may be a tuple of per-line widths (line k is width[k], the last one
    repeating): make-up's text wrap (绕排) sets the lines beside a photo shorter.

    With the build's `cache`, an identical paragraph composed before is reused (lines
    are immutable); without one it is composed afresh."""
    if cache is None:
        lines, notes = _compose(runs, width, style)
    else:
        lines, notes = cache.get(_key(runs, width, style), lambda: _compose(runs, width, style, cache.recent))
    _report(notes, log)
    return list(lines)


def _report(notes, log: Log | None) -> None:
    """A composition's problems, reported on every call, so the log never depends on the cache."""
    for message, file, line in notes if log is not None else ():
        log.warn(thaw(message), file, line)


def line_count(runs: Sequence[Run], width: float | tuple[float, ...], style: ParaStyle = ParaStyle(),
               log: Log | None = None, cache: CompositionCache | None = None) -> int:
    """How many lines compose() sets the paragraph in (its notes reported as compose reports
    them); a composition the cache read from its file is counted without making its lines."""
    if cache is None:
        return len(compose(runs, width, style, log))
    found = cache.peek(_key(runs, width, style))
    if found is None:
        return len(compose(runs, width, style, log, cache))
    n, notes = found
    _report(notes, log)
    return n


def _compose(runs: Sequence[Run], width: float, style: ParaStyle,
             recent: dict | None = None) -> tuple[tuple[Line, ...], tuple[Note, ...]]:
    # Measure: atoms, unbreakable units, break opportunities, gaps (text.py)
    p = _prepared(runs, style, recent)
    # The first line's indent, in the first run's em
    indent = style.indent * runs[0].size * style.hscale if runs else 0.0
    # Choose the breaks over the whole paragraph (linebreak.py)
    ragged = style.align != "justify"
    breaks = _best_breaks(p, width, indent, style.fix_orphan, ragged, recent)
    if style.looseness:
        # make-up asked for the paragraph a line longer or shorter; where no setting
        # within the limits exists, the best one stands (the caller sees the count)
        breaks = choose_breaks_in(p, width, len(breaks.ends) + style.looseness, indent,
                                  style.fix_orphan, ragged) or breaks
    # Position each line: compression, Han–Latin space, expansion, alignment (justify.py)
    lines, notes = _set_lines(p, breaks.ends, width, indent, style, runs)
    # Report what could not be set well, at the source of the text
    notes += _break_notes(p, breaks, runs)
    return tuple(lines), tuple(notes)


def _prepared(runs, style: ParaStyle, recent: dict | None):
    """prepare(runs, ...): the same paragraph is composed at three looseness values (make-up's
    looseness trials) and its measuring does not depend on it, so the build's cache keeps the last
    few paragraphs' (CompositionCache.recent). Prepared is only read after it is made."""
    if recent is None:
        return prepare(runs, style.punctuation, style.kinsoku, style.han_latin, style.hscale)
    key = ("prepared", tuple(runs), style.punctuation, style.kinsoku, style.han_latin, style.hscale)
    p = recent.get(key)
    if p is None:
        p = recent[key] = prepare(runs, style.punctuation, style.kinsoku, style.han_latin, style.hscale)
    return p


def _best_breaks(p, width, indent, fix_orphan, ragged, recent: dict | None):
    """choose_breaks(...), kept with the prepared paragraph: the trials a line looser or tighter
    start from the same best breaks."""
    if recent is None:
        return choose_breaks(p, width, indent, fix_orphan, ragged)
    key = ("breaks", id(p), width, indent, fix_orphan, ragged)
    got = recent.get(key)
    if got is None or got[0] is not p:
        got = recent[key] = (p, choose_breaks(p, width, indent, fix_orphan, ragged))
    return got[1]


def _set_lines(p, ends, width, indent, style, runs) -> tuple[list[Line], list[Note]]:
    lines: list[Line] = []
    notes: list[Note] = []
    start = 0
    for n, end in enumerate(ends):
        first, last = n == 0, n == len(ends) - 1
        w = width[min(n, len(width) - 1)] if isinstance(width, tuple) else width
        placed = place_line(p, start, end, w, indent if first else 0.0, style.align,
                            last, style.hscale)
        src = _source(p, start, runs)
        if placed.problem:
            notes.append(_note(M('{problem}: {v}', problem=placed.problem, v=_excerpt(p, start, end)), src))
        lines.append(Line(placed.glyphs, w, last=last, first=first, source=src))
        start = end
    return lines, notes


def _break_notes(p, breaks, runs) -> list[Note]:
    notes = []
    for k in breaks.emergency:
        notes.append(_note(M("text wider than the column was broken inside an unbreakable unit near '{text}'",
                             text=_excerpt(p, max(0, k - 8), min(len(p.atoms), k + 8))), _source(p, k, runs)))
    # self-check: a break the line-start / line-end rules forbid is named as what it is
    # (the composer only makes one when nothing else fits: an over-wide unit)
    for k in breaks.ends[:-1]:
        if not p.kinsoku_ok[k] and k not in p.url_breaks:      # a URL breaks after / by its own rule
            a, b = p.atoms[k - 1].ch, p.atoms[k].ch
            notes.append(_note(M("避头尾 broken: a line ends with '{a}' and the next starts with '{b}' near '{v}' (nothing else fits the column)", a=a, b=b, v=_excerpt(p, max(0, k - 8), min(len(p.atoms), k + 8))), _source(p, k, runs)))
    for k in breaks.ends[:-1]:
        if (p.penalty[k] or 0.0) >= UNIT_PENALTY:
            notes.append(_note(M("a number was parted from its unit (or 5G+ from its word): no setting within the composer's limits keeps them on one line, near '{v}'", v=_excerpt(p, max(0, k - 8), min(len(p.atoms), k + 8))), _source(p, k, runs)))
    if breaks.orphan:
        i = breaks.ends[-2] if len(breaks.ends) > 1 else 0
        notes.append(_note(M("孤字: the last line holds a single character '{text}' and the paragraph could not "
                             "be tightened; edit the text", text=_excerpt(p, i, len(p.atoms))), _source(p, i, runs)))
    return notes


def _source(p, k: int, runs) -> SourceRef | None:
    if not p.atoms:
        return runs[0].source if runs else None
    return runs[p.atoms[min(k, len(p.atoms) - 1)].run].source


def _note(message, src: SourceRef | None) -> Note:
    """A note as plain values (the message frozen, layout/i18n.py), so the composition cache can keep it."""
    return (freeze(message), src.file if src else None, src.line if src else None)


def _excerpt(p, i: int, j: int) -> str:
    text = "".join(a.ch for a in p.atoms[i:j])
    return text if len(text) <= 24 else text[:23] + "…"


def _key(runs: Sequence[Run], width: float, style: ParaStyle) -> tuple:
    # a face's metrics depend on its source font and preparation, not on which other
    # characters its file holds: Face.key says exactly that (so an edit that brings in a
    # new character does not recompose every other paragraph). Plain values only: the
    # key is written to the cache file as it is.
    return (tuple((r.text, r.face.id, getattr(r.face, "key", None) or str(getattr(r.face, "path", "")),
                   r.size, (r.source.file, r.source.line) if r.source else None) for r in runs),
            tuple(round(w, 6) for w in width) if isinstance(width, tuple) else round(width, 6),
            tuple(getattr(style, n) for n in _STYLE_FIELDS))
