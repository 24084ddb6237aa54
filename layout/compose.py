"""Compose a paragraph: styled runs + a measure -> justified lines (pure layout).

Entry points:
    compose(runs, width, style)  -> list[Line]   body paragraphs, clreq rules
    set_line(text, face, size)   -> Line         one unbroken line (labels, figures)

This module is the stage's front door; the steps live in text.py (classes,
segmentation, measurement), linebreak.py (choosing breaks) and justify.py
(positioning glyphs).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .boxes import Glyph, Line, SourceRef
from .errors import Log
from .fonts import Face


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


def set_line(text: str, face: Face, size: float, hscale: float = 1.0) -> Line:
    """One line, no breaking, natural widths (used for labels, figures, mastheads)."""
    x = 0.0
    glyphs = []
    for ch in text:
        adv = face.advance(ch) * size * hscale
        glyphs.append(Glyph(ch, x, adv, face.id, size, hscale=hscale))
        x += adv
    return Line(tuple(glyphs), x, last=True)


def compose(runs: Sequence[Run], width: float, style: ParaStyle = ParaStyle(),
            log: Log | None = None) -> list[Line]:
    """Placeholder first-fit composer (replaced by the clreq composer)."""
    lines: list[Line] = []
    cur: list[Glyph] = []
    x = style.indent * runs[0].size if runs else 0.0
    first = True
    for run in runs:
        for ch in run.text:
            adv = run.face.advance(ch) * run.size
            if x + adv > width + 0.01 and cur:
                lines.append(Line(tuple(cur), width, first=first, source=run.source))
                cur, x, first = [], 0.0, False
            cur.append(Glyph(ch, x, adv, run.face.id, run.size))
            x += adv
    if cur or not lines:
        lines.append(Line(tuple(cur), width, last=True, first=first))
    else:
        lines[-1] = Line(lines[-1].glyphs, width, last=True, first=lines[-1].first)
    return lines
