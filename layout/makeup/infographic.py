"""图解 (infographic) blocks: key figures set large and simple charts drawn as vectors.

Entry point: figure(block, frame, ctx) -> list[Item]

The block is a stack of parts, each a whole number of grid lines, built in
local coordinates (x from the frame's left edge, y from the part's top) and
then laid down the frame: kicker tag, title, subtitle, intro paragraph, the
key-figure cards, the chart, and the 数据来源 line on the frame's last line.
Text baselines sit on the grid; a part that does not fit raises BanmianError
saying how many lines more the block needs.
"""
from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field

from layout.boxes import BLACK, CMYK, WHITE, Item, Path, Rect, Rule, TextLine
from layout.compose.paragraph import ParaStyle, Run, compose, set_line
from layout.errors import BanmianError
from layout.makeup.furniture import spaced_line
from layout.makeup.grid import band_baseline, grid_lines_for, place_line
from layout.makeup.grid import EM_CENTRE, Frame
from layout.source.model import Chart, FigureBlock, KeyFigure

INSET = 0.75                  # em of body text: the figure's margin inside its block, left and right
CARD_PAD = 0.75               # em of the label size: inner left/right padding of a key-figure card
CARD_BAR = 1.5                # pt: the figure-coloured bar on top of each card
MIN_CELL_EM = 6               # a card is at least this many label characters wide
UNIT_RATIO = 0.5              # unit size relative to the value size (never below the label size)
RING_MAX_LINES = 9            # the ring's diameter is at most this many grid lines
RING_HOLE = 0.55              # inner radius / outer radius
ARC_STEP = math.radians(2)    # arcs flattened to chords of at most 2 degrees
BAR_THICKNESS = 0.6           # of the grid pitch (horizontal bars)
COLUMN_LINES = 7              # vertical bars: grid lines from the top of the plot to the axis
COLUMN_WIDTH = 0.55           # vertical bars: of the slot each bar stands in


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
    title: tuple            # (Face, Element)
    subtitle: tuple
    value: tuple
    label: tuple
    text: tuple
    note_size: float        # the 数据来源 line: the house's credit size
    figure: CMYK
    accent: CMYK
    tint: CMYK


def figure(block: FigureBlock, frame: Frame, ctx) -> list[Item]:
    """Lay an infographic into its frame (a whole number of grid lines)."""
    st = _styles(ctx)
    # Everything sits inside the frame by a margin, so figure text never reads on
    # as the neighbouring article's line across the gutter.
    inset = INSET * ctx.grid.body_size
    frame = Frame(frame.x + inset, frame.y, frame.w - 2 * inset, frame.h)
    w = frame.w
    have = round(frame.h / st.pitch)

    # Build the parts top to bottom, each in local coordinates.
    parts = [_kicker(block.kicker, st, w),
             _text(block.title, st.title, w, st.pitch),
             _text(block.subtitle, st.subtitle, w, st.pitch),
             _paragraph(block, st, w, ctx.log),
             _cards(block, st, w),
             _chart(block, st, w)]
    parts = [p for p in parts if p.lines]
    note = _note(block.source_note, st, w)

    # Check the fit: every part plus the source line within the frame's lines.
    needed = sum(p.lines for p in parts) + note.lines
    if needed > have:
        src = block.pos.source
        raise BanmianError(
            f"图解 '{block.title}' needs {needed} grid lines but its frame has {have}: "
            f"{needed - have} more line{'s' if needed - have > 1 else ''} needed",
            src.file, src.line,
            hint=f"give the block `lines: {needed}` or more columns, "
                 "or shorten the intro and the notes")

    # Lay the parts down the frame; the source line goes on the frame's last lines.
    items: list[Item] = []
    line = 0
    for p in parts:
        items += _shift(p.items, frame.x, frame.y + line * st.pitch)
        line += p.lines
    items += _shift(note.items, frame.x, frame.bottom - note.lines * st.pitch)
    return items


def _styles(ctx) -> Styles:
    h = ctx.house
    return Styles(pitch=ctx.grid.pitch, gutter=ctx.grid.gutter, wide=ctx.grid.width(3),
                  title=ctx.element("figure_title"), subtitle=ctx.element("subtitle"),
                  value=ctx.element("figure_value"), label=ctx.element("figure_label"),
                  text=ctx.element("figure_text"), note_size=h.el("credit").size,
                  figure=h.colors["figure"], accent=h.colors["accent"], tint=h.colors["tint"])


# ---- parts -----------------------------------------------------------------

def _kicker(text: str, st: Styles, w: float) -> Part:
    """图解开发区: white on a figure-coloured tag, standing on a rule across the frame."""
    if not text:
        return Part(0)
    face, el = st.label
    line = set_line(text, face, el.size)
    pad = el.size / 2
    top, bottom = 1.5, st.pitch - 1.0
    return Part(1, [Rect(0, top, line.end + 2 * pad, bottom - top, fill=st.figure),
                    Rule(0, bottom, w, bottom, 1.0, st.figure),
                    TextLine(pad, band_baseline(0, 1, st.pitch, el.size), line, WHITE)])


def _text(text: str, face_el: tuple, w: float, pitch: float) -> Part:
    """A heading-like text (title, subtitle) broken to the width, aligned per its element."""
    if not text:
        return Part(0)
    face, el = face_el
    return _lines(_break(text, face, el.size, w), el.size, el.align, w, BLACK, pitch)


def _paragraph(block: FigureBlock, st: Styles, w: float, log) -> Part:
    """The intro: a justified paragraph with the usual 2-em indent (composition notes go to the log)."""
    if not block.intro:
        return Part(0)
    face, el = st.text
    lines = compose([Run(block.intro, face, el.size, block.pos.source)], w,
                    ParaStyle(indent=2.0, align="justify"), log)
    return _lines(lines, el.size, "justify", w, BLACK, st.pitch)


def _cards(block: FigureBlock, st: Styles, w: float) -> Part:
    """The key figures in a grid of tinted cards: 1×N when the frame is wide, else 2×2 and so on."""
    figs = block.figures
    if not figs:
        return Part(0)
    vface, vel = st.value
    lface, lel = st.label
    pad = CARD_PAD * lel.size
    unit_size = max(lel.size, round(vel.size * UNIT_RATIO))

    # How many cards a row holds: each at least as wide as its widest value.
    widest = max(_value_width(f, vface, vel.size, lface, unit_size) for f in figs)
    min_cell = max(widest, MIN_CELL_EM * lel.size) + 2 * pad
    if min_cell > w:
        src = block.pos.source
        raise BanmianError(f"图解 '{block.title}': a key figure is {min_cell:.0f} pt wide, "
                           f"the frame only {w:.0f} pt", src.file, src.line,
                           hint="give the block more columns or shorten the value and unit")
    fit = max(1, int((w + st.gutter) // (min_cell + st.gutter)))
    rows = math.ceil(len(figs) / min(fit, len(figs)))
    cols = math.ceil(len(figs) / rows)
    cell_w = (w - (cols - 1) * st.gutter) / cols

    # Set each card's content, then give every card of a row the row's height.
    # Labels take the same number of lines in every card, so the figures of a row share a baseline.
    label_lines = max(len(_break(f.label, lface, lel.size, cell_w - 2 * pad)) for f in figs)
    contents = [_card_content(f, st, cell_w - 2 * pad, unit_size, label_lines) for f in figs]
    part = Part(0)
    for r in range(rows):
        row = contents[r * cols:(r + 1) * cols]
        n = max(c.lines for c in row)
        top = part.lines * st.pitch
        for i, c in enumerate(row):
            x = i * (cell_w + st.gutter)
            # The card spans its content plus half a line above and below.
            y0, h = top + st.pitch / 2, (n + 1) * st.pitch
            part.items.append(Rect(x, y0, cell_w, h, fill=st.tint))
            part.items.append(Rect(x, y0, cell_w, CARD_BAR, fill=st.figure))
            part.items += _shift(c.items, x + pad, top + st.pitch)
        part.lines += n + 2
    return part


def _card_content(f: KeyFigure, st: Styles, inner: float, unit_size: float, label_lines: int = 1) -> Part:
    """One card: label, value with its unit, change, rank and a note, on grid lines."""
    vface, vel = st.value
    lface, lel = st.label
    tface, tel = st.text
    part = Part(0)

    def add(p: Part):
        part.items.extend(_shift(p.items, 0, part.lines * st.pitch))
        part.lines += p.lines

    # The label over the figure (padded to the row's label height).
    label = _lines(_break(f.label, lface, lel.size, inner), lel.size, "left", inner, BLACK, st.pitch)
    label.lines = max(label.lines, label_lines * grid_lines_for(lel.size, st.pitch))
    add(label)
    # The value, big and in the figure colour, with its unit smaller on the same baseline.
    n = grid_lines_for(vel.size, st.pitch)
    base = band_baseline(0, n, st.pitch, vel.size)
    value = set_line(f.value, vface, vel.size)
    items: list[Item] = [TextLine(0, base, value, st.figure)]
    if f.unit:
        items.append(TextLine(value.end + 0.1 * unit_size, base, set_line(f.unit, lface, unit_size), st.figure))
    add(Part(n, items))
    # The change (增长 10.3%) in the accent red and the rank in the figure text: on one
    # line when they fit (a card reads as label / figure / one line of context), else two.
    change = set_line(f.change, lface, tel.size) if f.change else None
    rank = set_line(f.rank, tface, tel.size) if f.rank else None
    if change and rank and change.end + tel.size + rank.end <= inner:
        n = grid_lines_for(tel.size, st.pitch)
        base = band_baseline(0, n, st.pitch, tel.size)
        add(Part(n, [TextLine(0, base, change, st.accent), TextLine(change.end + tel.size, base, rank, BLACK)]))
    else:
        # on a line of its own the change is set at the label's size, as the figure's first gloss
        add(_lines(_break(f.change, lface, lel.size, inner), lel.size, "left", inner, st.accent, st.pitch))
        add(_lines(_break(f.rank, tface, tel.size, inner), tel.size, "left", inner, BLACK, st.pitch))
    # The note, a gloss on the figure: a size down from the stats, justified like body text.
    add(_lines(_break(f.note, tface, st.note_size, inner, justify=True), st.note_size, "left", inner,
               BLACK, st.pitch))
    return part


def _chart(block: FigureBlock, st: Styles, w: float) -> Part:
    """The chart under its title: horizontal bars or a ring with a legend."""
    chart = block.chart
    if chart is None:
        return Part(0)
    src = block.pos.source
    if len(chart.labels) != len(chart.values) or not chart.values:
        raise BanmianError(f"chart '{chart.title}' needs one value per label", src.file, src.line)
    if any(v < 0 for v in chart.values) or sum(chart.values) <= 0:
        raise BanmianError(f"chart '{chart.title}': values must be zero or more, and not all zero",
                           src.file, src.line)
    lface, lel = st.label
    title = chart.title
    if chart.kind == "bar" and chart.unit and chart.unit not in title:
        title += f"（{chart.unit}）"           # bars carry plain numbers; the unit is in the title
    head = _lines(_break(title, lface, lel.size, w), lel.size, "left", w, BLACK, st.pitch) if title else Part(0)
    if chart.kind == "bar":
        body = _columns(chart, st, w) if w >= st.wide - 0.01 else None
        body = body or _bars(chart, st, w)
    elif chart.kind == "ring":
        body = _ring(chart, st, w)
    else:
        raise BanmianError(f"unknown chart kind '{chart.kind}'", src.file, src.line,
                           hint="chart kinds: bar, ring")
    return Part(head.lines + body.lines, head.items + _shift(body.items, 0, head.lines * st.pitch))


def _bars(chart: Chart, st: Styles, w: float) -> Part:
    """Horizontal bars, one grid line each: label | bar | value; label above the bar if narrow."""
    tface, tel = st.text
    lface, lel = st.label
    gap = tel.size / 2
    labels = [set_line(t, tface, tel.size) for t in chart.labels]
    values = [set_line(_num(v), lface, tel.size) for v in chart.values]
    label_w = max(l.end for l in labels) + gap
    value_w = max(v.end for v in values) + gap
    stacked = w - label_w - value_w < 4 * tel.size
    bar_x = 0.0 if stacked else label_w
    bar_max = w - bar_x - value_w
    vmax = max(chart.values)
    part = Part(0)
    for label, value, v in zip(labels, values, chart.values):
        if stacked:
            part.items.append(TextLine(0, band_baseline(part.lines * st.pitch, 1, st.pitch, tel.size), label))
            part.lines += 1
        top = part.lines * st.pitch
        base = band_baseline(top, 1, st.pitch, tel.size)
        centre = base - EM_CENTRE * tel.size
        length = bar_max * v / vmax
        thick = BAR_THICKNESS * st.pitch
        if not stacked:
            # labels flush right against the bars they name
            part.items.append(TextLine(label_w - gap - label.end, base, label))
        part.items.append(Rect(bar_x, centre - thick / 2, length, thick, fill=st.figure))
        part.items.append(TextLine(bar_x + length + gap, base, value, st.figure))
        part.lines += 1
    return part


def _columns(chart: Chart, st: Styles, w: float) -> Part | None:
    """Vertical bars over an axis, labels under it on a grid line; None if a label is wider than its slot."""
    tface, tel = st.text
    lface, _ = st.label
    n = len(chart.values)
    slot = w / n
    labels = [set_line(t, tface, tel.size) for t in chart.labels]
    if max(l.end for l in labels) > slot - tel.size / 2:
        return None
    axis = COLUMN_LINES * st.pitch
    tallest = axis - st.pitch                      # a line of room for the value over the tallest bar
    bar_w = min(slot * COLUMN_WIDTH, 3 * st.pitch)
    vmax = max(chart.values)
    items: list[Item] = [Rule(0, axis, w, axis, 0.5, BLACK)]
    for i, (label, v) in enumerate(zip(labels, chart.values)):
        cx = (i + 0.5) * slot
        h = tallest * v / vmax
        items.append(Rect(cx - bar_w / 2, axis - h, bar_w, h, fill=st.figure))
        value = set_line(_num(v), lface, tel.size)
        items.append(TextLine(cx - value.end / 2, axis - h - 2.0 - 0.12 * tel.size, value, st.figure))
        items.append(TextLine(cx - label.end / 2, band_baseline(axis, 1, st.pitch, tel.size), label))
    return Part(COLUMN_LINES + 1, items)


def _ring(chart: Chart, st: Styles, w: float) -> Part:
    """A ring (donut) of wedges proportional to the values, with a legend beside or below it."""
    tface, tel = st.text
    total = sum(chart.values)
    colors = _shades(st.figure, len(chart.values))
    swatch = tel.size * 0.8
    indent = swatch + tel.size / 2

    # The legend: per value a swatch and "label value unit (share)" on a grid line, or on two if too wide.
    shares = [f"{_num(v)}{chart.unit}（{100 * v / total:.1f}%）" for v in chart.values]
    rows = [[spaced_line([label, share], tface, tel.size, 0.5)] for label, share in zip(chart.labels, shares)]
    if max(r[0].end for r in rows) + indent > w:
        rows = [[set_line(label, tface, tel.size), set_line(share, tface, tel.size)]
                for label, share in zip(chart.labels, shares)]
    legend_w = max(l.end for r in rows for l in r) + indent
    n = sum(len(r) for r in rows)

    # Side by side when at least a 5-line ring fits beside the legend, else the legend below.
    gap = st.gutter
    side = w - legend_w - gap >= 5 * st.pitch
    room = (w - legend_w - gap) if side else w
    d_lines = max(1, min(RING_MAX_LINES, int(room // st.pitch)))
    lines = max(d_lines, n) if side else d_lines + n
    d = d_lines * st.pitch - 2.0                   # a little air for the wedges' white outline
    cx = d / 2 + 1.0 if side else w / 2
    cy = (lines if side else d_lines) * st.pitch / 2
    items: list[Item] = []

    # The wedges, clockwise from twelve o'clock, each as a flattened polygon.
    a0 = 0.0
    for v, color in zip(chart.values, colors):
        a1 = a0 + 2 * math.pi * v / total
        if v > 0:
            items.append(_wedge(cx, cy, d / 2, d / 2 * RING_HOLE, a0, a1, color))
        a0 = a1

    # The legend beside the ring (centred on it) or under it (centred in the frame).
    lx = (d + 2.0 + gap) if side else max(0.0, (w - legend_w) / 2)
    line = (lines - n) // 2 if side else d_lines
    for row, color in zip(rows, colors):
        for j, text in enumerate(row):
            base = band_baseline(line * st.pitch, 1, st.pitch, tel.size)
            if j == 0:
                centre = base - EM_CENTRE * tel.size
                items.append(Rect(lx, centre - swatch / 2, swatch, swatch, fill=color))
            items.append(TextLine(lx + indent, base, text))
            line += 1
    return Part(lines, items)


def _wedge(cx: float, cy: float, r_out: float, r_in: float, a0: float, a1: float, color: CMYK) -> Path:
    """A ring segment from angle a0 to a1 (radians clockwise from 12 o'clock, y down)."""
    steps = max(1, math.ceil((a1 - a0) / ARC_STEP))
    angles = [a0 + (a1 - a0) * i / steps for i in range(steps + 1)]
    outer = [(cx + r_out * math.sin(a), cy - r_out * math.cos(a)) for a in angles]
    inner = [(cx + r_in * math.sin(a), cy - r_in * math.cos(a)) for a in reversed(angles)]
    return Path(tuple(outer + inner), fill=color, stroke=WHITE, stroke_width=0.75)


def _note(text: str, st: Styles, w: float) -> Part:
    """数据来源：…… in small type on the frame's last line(s)."""
    if not text:
        return Part(0)
    if "来源" not in text:
        text = "数据来源：" + text
    face, _ = st.text
    return _lines(_break(text, face, st.note_size, w), st.note_size, "left", w, BLACK, st.pitch)


# ---- helpers ---------------------------------------------------------------

def _lines(lines, size: float, align: str, w: float, color: CMYK, pitch: float) -> Part:
    """Composed lines stacked on grid lines (as many per line as the size needs)."""
    n = grid_lines_for(size, pitch)
    part = Part(0)
    for line in lines:
        base = band_baseline(part.lines * pitch, n, pitch, size)
        a = "left" if align == "justify" else align
        part.items.append(place_line(line, 0, w, a, base, color))
        part.lines += n
    return part


def _break(text: str, face, size: float, w: float, justify: bool = False):
    """Break a short text (label, note) to a width, no indent; flush left or justified."""
    if not text:
        return []
    return compose([Run(text, face, size)], w, ParaStyle(indent=0, align="justify" if justify else "left"))


def _value_width(f: KeyFigure, vface, vsize: float, uface, usize: float) -> float:
    w = set_line(f.value, vface, vsize).end
    if f.unit:
        w += 0.1 * usize + set_line(f.unit, uface, usize).end
    return w


def _num(v: float) -> str:
    """49.82 -> '49.82', 12.0 -> '12'."""
    return f"{v:g}"


def _shades(color: CMYK, n: int) -> list[CMYK]:
    """n tints of a colour from full strength down to 25 %."""
    if n == 1:
        return [color]
    return [tuple(c * (1 - 0.75 * i / (n - 1)) for c in color) for i in range(n)]


def _shift(items, dx: float, dy: float) -> list[Item]:
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
