"""The chart of a 图解, drawn as vectors from the manifest's numbers (CMYK: the figure
colour and its tints, rules and text in 100 % K).

    chart_part(block, st, w) -> Part

bar    horizontal bars (vertical bars over an axis when the frame is 3 columns or wider)
ring   a ring of wedges with a legend
line   a line through a series (by quarter, by year) over an axis, each point labelled
table  a small table of figures, set as a 三线表 like an article's tables

Values print as typed (`values: [11.0, 8.50]` reads 11.0 and 8.50, not 11 and 8.5).
"""
from __future__ import annotations

import math

from layout.boxes import BLACK, CMYK, WHITE, Item, Path, Rect, Rule, TextLine
from layout.compose.paragraph import set_line
from layout.errors import BanmianError
from layout.i18n import M
from layout.makeup.figure_base import Part, Styles, shift, text_part
from layout.makeup.furniture import spaced_line
from layout.makeup.grid import EM_CENTRE, band_baseline
from layout.source.model import Chart, FigureBlock

RING_MAX_LINES = 9            # the ring's diameter is at most this many grid lines
RING_HOLE = 0.55              # inner radius / outer radius
ARC_STEP = math.radians(2)    # arcs flattened to chords of at most 2 degrees
BAR_THICKNESS = 0.6           # of the grid pitch (horizontal bars)
COLUMN_LINES = 7              # vertical bars / line chart: grid lines from the top of the plot to the axis
COLUMN_WIDTH = 0.55           # vertical bars: of the slot each bar stands in
LINE_WIDTH = 1.5              # pt: the line of a line chart
POINT = 0.45                  # em of the text size: the square marking each point
TABLE_RULE, TABLE_HEAD_RULE = 1.0, 0.5   # pt: 三线表 top/bottom rules, the rule under the head
CELL_GAP = 1.0                # em of the text size between table columns


def chart_part(block: FigureBlock, st: Styles, w: float) -> Part:
    """The chart under its title."""
    chart = block.chart
    if chart is None:
        return Part(0)
    src = block.pos.source
    if chart.kind == "table":
        body = _table(chart, block, st, w)
    else:
        if len(chart.labels) != len(chart.values) or not chart.values:
            raise BanmianError(M("chart '{title}' needs one value per label", title=chart.title), src.file, src.line)
        if chart.kind in ("bar", "ring") and (any(v < 0 for v in chart.values) or sum(chart.values) <= 0):
            raise BanmianError(M("chart '{title}': values must be zero or more, and not all zero", title=chart.title),
                               src.file, src.line)
        if chart.kind == "bar":
            body = _columns(chart, st, w) if w >= st.wide - 0.01 else None
            body = body or _bars(chart, st, w)
        elif chart.kind == "ring":
            body = _ring(chart, st, w)
        elif chart.kind == "line":
            body = _line(chart, block, st, w)
        else:
            raise BanmianError(M("unknown chart kind '{kind}'", kind=chart.kind), src.file, src.line,
                               hint=M('chart kinds: bar, ring, line, table'))
    title = chart.title
    if chart.kind in ("bar", "line", "table") and chart.unit and chart.unit not in title:
        title += f"（{chart.unit}）"           # the plot carries plain numbers; the unit is in the title
    head = text_part(title, st.label, w, st.pitch, st.condense_min) if title else Part(0)
    return Part(head.lines + body.lines, head.items + shift(body.items, 0, head.lines * st.pitch))


def value_texts(chart: Chart) -> list[str]:
    """The values as the editor typed them (a chart built in code has only floats)."""
    if chart.texts and len(chart.texts) == len(chart.values):
        return list(chart.texts)
    return [f"{v:g}" for v in chart.values]


def _bars(chart: Chart, st: Styles, w: float) -> Part:
    """Horizontal bars, one grid line each: label | bar | value; label above the bar if narrow."""
    tface, tel = st.text
    lface, lel = st.label
    gap = tel.size / 2
    labels = [set_line(t, tface, tel.size) for t in chart.labels]
    values = [set_line(t, lface, tel.size) for t in value_texts(chart)]
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
    for i, (label, v, t) in enumerate(zip(labels, chart.values, value_texts(chart))):
        cx = (i + 0.5) * slot
        h = tallest * v / vmax
        items.append(Rect(cx - bar_w / 2, axis - h, bar_w, h, fill=st.figure))
        value = set_line(t, lface, tel.size)
        items.append(TextLine(cx - value.end / 2, axis - h - 2.0 - 0.12 * tel.size, value, st.figure))
        items.append(TextLine(cx - label.end / 2, band_baseline(axis, 1, st.pitch, tel.size), label))
    return Part(COLUMN_LINES + 1, items)


def _line(chart: Chart, block: FigureBlock, st: Styles, w: float) -> Part:
    """A series as a line over an axis: a point per value, its value above it, labels under the axis."""
    tface, tel = st.text
    lface, _ = st.label
    n = len(chart.values)
    slot = w / n
    labels = [set_line(t, tface, tel.size) for t in chart.labels]
    if max(l.end for l in labels) > slot - tel.size / 4:
        src = block.pos.source
        raise BanmianError(M("chart '{title}': a label is wider than its place on the axis ({slot:.0f} pt)", title=chart.title, slot=slot), src.file, src.line,
                           hint=M('shorten the labels (一季度 → Q1), use fewer points or give the block more columns'))
    axis = COLUMN_LINES * st.pitch
    top = 1.5 * st.pitch                           # room for the value over the highest point
    lo, hi = min(0.0, min(chart.values)), max(chart.values)
    span = (hi - lo) or 1.0
    ys = [axis - (axis - top) * (v - lo) / span for v in chart.values]
    xs = [(i + 0.5) * slot for i in range(n)]
    items: list[Item] = [Rule(0, axis, w, axis, 0.5, BLACK)]
    for (x0, y0), (x1, y1) in zip(zip(xs, ys), zip(xs[1:], ys[1:])):
        items.append(Rule(x0, y0, x1, y1, LINE_WIDTH, st.figure))
    s = POINT * tel.size
    for x, y, t, label in zip(xs, ys, value_texts(chart), labels):
        items.append(Rect(x - s / 2, y - s / 2, s, s, fill=st.figure, stroke=WHITE, stroke_width=0.5))
        value = set_line(t, lface, tel.size)
        items.append(TextLine(x - value.end / 2, y - s / 2 - 2.0 - 0.12 * tel.size, value, st.figure))
        items.append(TextLine(x - label.end / 2, band_baseline(axis, 1, st.pitch, tel.size), label))
    return Part(COLUMN_LINES + 1, items)


def _table(chart: Chart, block: FigureBlock, st: Styles, w: float) -> Part:
    """A small table of figures as a 三线表: the head in 黑体, a row per grid line, the first
    column (the names) flush left, the figures flush right, columns sharing the spare width."""
    tface, tel = st.text
    lface, _ = st.label
    head = [set_line(t, lface, tel.size) for t in chart.labels]
    rows = [[set_line(t, tface, tel.size) for t in row] for row in chart.rows]
    ncol = len(head)
    widths = [max(r[c].end for r in rows + [head]) for c in range(ncol)]
    gap = CELL_GAP * tel.size
    natural = sum(widths) + gap * (ncol - 1)
    if natural > w + 0.01:
        src = block.pos.source
        raise BanmianError(M("chart '{title}': the table is {natural:.0f} pt wide, the frame only {w:.0f} pt", title=chart.title, natural=natural, w=w), src.file, src.line,
                           hint=M('shorten the cells, use fewer columns or give the block more columns'))
    spare = (w - natural) / ncol
    widths = [cw + spare for cw in widths]
    lefts = [sum(widths[:c]) + gap * c for c in range(ncol)]
    items: list[Item] = [Rule(0, 0, w, 0, TABLE_RULE, BLACK)]
    for r, cells in enumerate([head] + rows):
        base = band_baseline(r * st.pitch, 1, st.pitch, tel.size)
        for c, cell in enumerate(cells):
            x = lefts[c] if c == 0 else lefts[c] + widths[c] - cell.end
            items.append(TextLine(x, base, cell, BLACK))
        if r == 0:
            items.append(Rule(0, st.pitch, w, st.pitch, TABLE_HEAD_RULE, BLACK))
    bottom = (len(rows) + 1) * st.pitch
    items.append(Rule(0, bottom, w, bottom, TABLE_RULE, BLACK))
    return Part(len(rows) + 1, items)


def _ring(chart: Chart, st: Styles, w: float) -> Part:
    """A ring (donut) of wedges proportional to the values, with a legend beside or below it."""
    tface, tel = st.text
    total = sum(chart.values)
    colors = _shades(st.figure, len(chart.values))
    swatch = tel.size * 0.8
    indent = swatch + tel.size / 2

    # The legend: per value a swatch and "label value unit (share)" on a grid line, or on two if too wide.
    shares = [f"{t}{chart.unit}（{100 * v / total:.1f}%）" for v, t in zip(chart.values, value_texts(chart))]
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


def _shades(color: CMYK, n: int) -> list[CMYK]:
    """n tints of a colour from full strength down to 25 %."""
    if n == 1:
        return [color]
    return [tuple(c * (1 - 0.75 * i / (n - 1)) for c in color) for i in range(n)]
