"""What every part of a 图解 is built from: parts on grid lines, styles, short texts set well.

A part is a horizontal slice of the figure, a whole number of grid lines high,
with its items in local coordinates (x from the figure's left edge, y from the
part's top); infographic.py lays the parts down the frame. Short texts (labels,
headings, chart titles) are set as headlines are: on one line if they fit,
condensed (长字) down to the house minimum if that makes them fit, else broken
with the lines balanced so no line ends with a 1–2 character tail alone
("固定资产投资增速全市 / 第三" becomes "固定资产投资 / 增速全市第三").
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from layout.boxes import BLACK, CMYK, Item, Line, Path, Rect, Rule, TextLine
from layout.compose.paragraph import ParaStyle, Run, compose, set_line
from layout.compose.text import BOXED
from layout.makeup.grid import band_baseline, grid_lines_for, place_line

SHORT_TAIL = 2              # a last line of this many characters or fewer is stranded
BALANCE_STEPS = 14          # bisection steps for the balanced measure (to well under a point)


@dataclass
class Part:
    """A horizontal slice of the figure: `lines` grid lines high, items in local coordinates."""
    lines: int
    items: list[Item] = field(default_factory=list)


@dataclass(frozen=True)
class Styles:
    """Faces, sizes and colours of the figure, resolved once from the house style."""
    pitch: float
    gutter: float
    wide: float             # frames at least this wide (3 base columns) get vertical bars
    condense_min: float     # the house's 长字 limit (as for headlines)
    title: tuple            # (Face, Element)
    subtitle: tuple
    value: tuple
    label: tuple
    text: tuple
    heading: tuple          # a written item's heading (● GDP 增速列全市第二)
    bold: tuple             # a written item's **figures**
    note_size: float        # the 数据来源 line: the house's credit size
    figure: CMYK
    accent: CMYK
    tint: CMYK


def styles(ctx) -> Styles:
    h = ctx.house
    return Styles(pitch=ctx.grid.pitch, gutter=ctx.grid.gutter, wide=ctx.grid.width(3),
                  condense_min=h.condense_min,
                  title=ctx.element("figure_title"), subtitle=ctx.element("subtitle"),
                  value=ctx.element("figure_value"), label=ctx.element("figure_label"),
                  text=ctx.element("figure_text"), heading=ctx.element("figure_heading"),
                  bold=ctx.element("figure_bold"), note_size=h.el("credit").size,
                  figure=h.colors["figure"], accent=h.colors["accent"], tint=h.colors["tint"])


def stack_lines(lines, size: float, align: str, w: float, color: CMYK, pitch: float) -> Part:
    """Composed lines stacked on grid lines (as many per line as its largest text needs)."""
    part = Part(0)
    for line in lines:
        big = max((g.size for g in line.glyphs), default=size)
        n = grid_lines_for(max(size, big), pitch)
        base = band_baseline(part.lines * pitch, n, pitch, max(size, big))
        a = "left" if align == "justify" else align
        part.items.append(place_line(line, 0, w, a, base, color))
        part.lines += n
    return part


def break_text(text: str, face, size: float, w: float, justify: bool = False) -> list[Line]:
    """Break a short text (label, note) to a width, no indent; flush left or justified."""
    if not text:
        return []
    return compose([Run(text, face, size)], w, ParaStyle(indent=0, align="justify" if justify else "left"))


def chars(line: Line) -> int:
    """Characters on a line, punctuation not counted (what a stranded tail is measured in)."""
    return sum(1 for g in line.glyphs if g.text not in BOXED)


def short_text(text: str, face, size: float, w: float, condense_min: float) -> list[Line]:
    """A label or heading: one line, or condensed to one line, or balanced lines (see the module)."""
    if not text:
        return []
    one = set_line(text, face, size)
    if one.end <= w + 0.01:
        return [one]
    scale = w / one.end
    if scale >= condense_min:
        return [set_line(text, face, size, hscale=scale - 1e-4)]
    lines = break_text(text, face, size, w)
    if len(lines) < 2 or chars(lines[-1]) > SHORT_TAIL:
        return lines
    return balance(text, face, size, w, len(lines)) or lines


def balance(text: str, face, size: float, w: float, n: int) -> list[Line] | None:
    """The same text in `n` lines at the narrowest measure that still takes `n` lines: the
    lines come out even, so none strands a tail (None if that measure strands one too)."""
    lo, hi = w / n * 0.9, w
    best = None
    for _ in range(BALANCE_STEPS):
        mid = (lo + hi) / 2
        lines = break_text(text, face, size, mid)
        if len(lines) <= n and max(l.end for l in lines) <= mid + 0.01:
            best, hi = lines, mid
        else:
            lo = mid
    if best is None or chars(best[-1]) <= SHORT_TAIL:
        return None
    return best


def text_part(text: str, face_el: tuple, w: float, pitch: float, condense_min: float,
              color: CMYK = BLACK) -> Part:
    """A heading-like text (title, subtitle, chart title) set as `short_text`, aligned per its element."""
    if not text:
        return Part(0)
    face, el = face_el
    return stack_lines(short_text(text, face, el.size, w, condense_min), el.size, el.align, w, color, pitch)


def recolor(tl: TextLine, faces: dict[str, CMYK]) -> list[TextLine]:
    """Split a placed line into runs of one colour, by the face each glyph is set in (a
    written item's **figures** in the figure colour, its words in black)."""
    out: list[TextLine] = []
    run: list = []
    color = None
    for g in tl.line.glyphs:
        c = faces.get(g.face, tl.color)
        if run and c != color:
            out.append(TextLine(tl.x, tl.y, dataclasses.replace(tl.line, glyphs=tuple(run)), color))
            run = []
        run.append(g)
        color = c
    if run:
        out.append(TextLine(tl.x, tl.y, dataclasses.replace(tl.line, glyphs=tuple(run)), color))
    return out


def shift(items, dx: float, dy: float) -> list[Item]:
    """Move items from local to page (or outer local) coordinates."""
    out = []
    for it in items:
        if isinstance(it, TextLine):
            out.append(dataclasses.replace(it, x=it.x + dx, y=it.y + dy))
        elif isinstance(it, Rule):
            out.append(dataclasses.replace(it, x0=it.x0 + dx, y0=it.y0 + dy, x1=it.x1 + dx, y1=it.y1 + dy))
        elif isinstance(it, Rect):
            out.append(dataclasses.replace(it, x=it.x + dx, y=it.y + dy))
        elif isinstance(it, Path):
            out.append(dataclasses.replace(it, points=tuple((x + dx, y + dy) for x, y in it.points)))
        else:
            raise TypeError(f"cannot shift {type(it).__name__}")
    return out
