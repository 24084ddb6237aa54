"""The key figures of a 图解: tinted cards, or items as the editor writes them.

    figures_part(block, st, w, log) -> Part

A card is label / value with its unit / change and rank / note, on grid lines; a
row of cards shares one label height so the values of a row share a baseline.
A written item (FigureItem) is the seed newsletter's form: a marked heading
(● GDP 增速列全市第二) over a short justified paragraph whose **bold** figures are
set in the house's figure_bold element, in the figure colour. Cards and items
may be mixed; each item takes the frame's width, cards share rows.

Never split: a value and its unit are one line (a card too narrow for them is an
error), and a change or rank is kept on one line, condensed if need be, never
broken ("增长 / 16.9%").
"""
from __future__ import annotations

import math

from layout.boxes import BLACK, Item, Rect, TextLine
from layout.compose.paragraph import ParaStyle, Run, compose, set_line
from layout.errors import BanmianError
from layout.i18n import M
from layout.makeup.figure_base import Part, Styles, break_text, shift, short_text, stack_lines, recolor
from layout.makeup.grid import band_baseline, grid_lines_for
from layout.source.model import FigureBlock, FigureItem, KeyFigure

CARD_PAD = 0.75               # em of the label size: inner left/right padding of a key-figure card
CARD_BAR = 1.5                # pt: the figure-coloured bar on top of each card
MIN_CELL_EM = 6               # a card is at least this many label characters wide
UNIT_RATIO = 0.5              # unit size relative to the value size (never below the label size)
UNIT_GAP = 0.1                # em of the unit size between a value and a unit that is a word (亿元)
SOLID_UNITS = set("%％‰‱℃°")  # units set solid against the value (16.9%)
DEFAULT_MARKER = "●"
MARKER_GAP = 0.25             # em of the heading size between the marker and the heading


def figures_part(block: FigureBlock, st: Styles, w: float, log) -> Part:
    """Cards and written items in the order given: consecutive cards share rows."""
    part = Part(0)
    groups: list[list] = []
    for f in block.figures:
        if isinstance(f, KeyFigure) and groups and isinstance(groups[-1][0], KeyFigure):
            groups[-1].append(f)
        else:
            groups.append([f])
    for i, group in enumerate(groups):
        if isinstance(group[0], KeyFigure):
            p = _cards(group, block, st, w)
        else:
            p = _item(group[0], item_marker(block, st), st, w, log)
            if i < len(groups) - 1:
                p.lines += 1                   # a line of air between written items
        part.items += shift(p.items, 0, part.lines * st.pitch)
        part.lines += p.lines
    return part


# ---- written items -------------------------------------------------------------

def item_marker(block: FigureBlock, st: Styles) -> str:
    """The block's own marker, else the house's (figure_heading's `marker:`), else ●."""
    if block.marker is not None:
        return block.marker
    return st.heading[1].marker or DEFAULT_MARKER


def _item(f: FigureItem, marker: str, st: Styles, w: float, log) -> Part:
    """● heading (balanced, hanging past the marker) over the paragraph with its figures in bold."""
    hface, hel = st.heading
    tface, tel = st.text
    bface, bel = st.bold
    part = Part(0)
    if f.heading:
        mark = set_line(marker, hface, hel.size) if marker else None
        indent = mark.end + MARKER_GAP * hel.size if mark else 0.0
        lines = short_text(f.heading, hface, hel.size, w - indent, st.condense_min)
        head = stack_lines(lines, hel.size, "left", w - indent, BLACK, st.pitch)
        if mark:
            n = grid_lines_for(hel.size, st.pitch)
            part.items.append(TextLine(0, band_baseline(0, n, st.pitch, hel.size), mark, st.figure))
        part.items += shift(head.items, indent, 0)
        part.lines += head.lines
    if f.spans:
        runs = [Run(s.text, bface if s.style == "bold" else tface, bel.size if s.style == "bold" else tel.size,
                    f.source) for s in f.spans]
        lines = compose(runs, w, ParaStyle(indent=0, align="justify"), log)
        body = stack_lines(lines, tel.size, "justify", w, BLACK, st.pitch)
        colours = {bface.id: st.figure} if bface.id != tface.id else {}
        for tl in body.items:
            part.items += shift(recolor(tl, colours) if colours else [tl], 0, part.lines * st.pitch)
        part.lines += body.lines
    return part


# ---- cards ---------------------------------------------------------------------

def _cards(figs: list[KeyFigure], block: FigureBlock, st: Styles, w: float) -> Part:
    """Key figures in a grid of tinted cards: 1×N when the frame is wide, else 2×2 and so on."""
    vface, vel = st.value
    lface, lel = st.label
    pad = CARD_PAD * lel.size
    unit_size = max(lel.size, round(vel.size * UNIT_RATIO))

    # How many cards a row holds: each at least as wide as its widest value.
    widest = max(_value_line_width(f, vface, vel.size, lface, unit_size) for f in figs)
    min_cell = max(widest, MIN_CELL_EM * lel.size) + 2 * pad
    if min_cell > w:
        src = block.pos.source
        raise BanmianError(M("图解 '{title}': a key figure is {min_cell:.0f} pt wide, the frame only {w:.0f} pt", title=block.title, min_cell=min_cell, w=w), src.file, src.line,
                           hint=M('give the block more columns or shorten the value and unit'))
    fit = max(1, int((w + st.gutter) // (min_cell + st.gutter)))
    rows = math.ceil(len(figs) / min(fit, len(figs)))
    cols = math.ceil(len(figs) / rows)
    cell_w = (w - (cols - 1) * st.gutter) / cols
    inner = cell_w - 2 * pad

    # Set each card's content, then give every card of a row the row's height.
    # Labels take the same number of lines in every card, so the figures of a row share a baseline.
    label_lines = max(len(short_text(f.label, lface, lel.size, inner, st.condense_min)) for f in figs)
    contents = [_card_content(f, st, inner, unit_size, label_lines) for f in figs]
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
            part.items += shift(c.items, x + pad, top + st.pitch)
        part.lines += n + 2
    return part


def _card_content(f: KeyFigure, st: Styles, inner: float, unit_size: float, label_lines: int = 1) -> Part:
    """One card: label, value with its unit, change, rank and a note, on grid lines."""
    vface, vel = st.value
    lface, lel = st.label
    tface, tel = st.text
    part = Part(0)

    def add(p: Part):
        part.items.extend(shift(p.items, 0, part.lines * st.pitch))
        part.lines += p.lines

    # The label over the figure (balanced or condensed, padded to the row's label height).
    label = stack_lines(short_text(f.label, lface, lel.size, inner, st.condense_min), lel.size, "left",
                        inner, BLACK, st.pitch)
    label.lines = max(label.lines, label_lines * grid_lines_for(lel.size, st.pitch))
    add(label)
    # The value, big and in the figure colour, with its unit smaller on the same baseline:
    # one line, never broken (the cards were made wide enough for it).
    n = grid_lines_for(vel.size, st.pitch)
    base = band_baseline(0, n, st.pitch, vel.size)
    value = set_line(f.value, vface, vel.size)
    items: list[Item] = [TextLine(0, base, value, st.figure)]
    if f.unit:
        items.append(TextLine(value.end + _unit_gap(f.unit, unit_size), base,
                              set_line(f.unit, lface, unit_size), st.figure))
    add(Part(n, items))
    # The change (增长 10.3%) in the accent red and the rank in the figure text: on one
    # line when they fit (a card reads as label / figure / one line of context), else each
    # on a line of its own, condensed rather than broken.
    change = set_line(f.change, lface, tel.size) if f.change else None
    rank = set_line(f.rank, tface, tel.size) if f.rank else None
    if change and rank and change.end + tel.size + rank.end <= inner:
        n = grid_lines_for(tel.size, st.pitch)
        base = band_baseline(0, n, st.pitch, tel.size)
        add(Part(n, [TextLine(0, base, change, st.accent), TextLine(change.end + tel.size, base, rank, BLACK)]))
    else:
        # on a line of its own the change is set at the label's size, as the figure's first gloss
        add(stack_lines(_one_line(f.change, lface, lel.size, inner, st), lel.size, "left", inner,
                        st.accent, st.pitch))
        add(stack_lines(_one_line(f.rank, tface, tel.size, inner, st), tel.size, "left", inner,
                        BLACK, st.pitch))
    # The note, a gloss on the figure: a size down from the stats, justified like body text.
    add(stack_lines(break_text(f.note, tface, st.note_size, inner, justify=True), st.note_size, "left",
                    inner, BLACK, st.pitch))
    return part


def _one_line(text: str, face, size: float, w: float, st: Styles):
    """A change or rank: one line, condensed to the width if need be (down to the house's
    长字 limit; past that it is broken, its number kept on its unit by the composer)."""
    if not text:
        return []
    line = set_line(text, face, size)
    if line.end <= w + 0.01:
        return [line]
    scale = w / line.end
    if scale >= st.condense_min:
        return [set_line(text, face, size, hscale=scale - 1e-4)]
    return break_text(text, face, size, w)


def _unit_gap(unit: str, usize: float) -> float:
    return 0.0 if unit[0] in SOLID_UNITS else UNIT_GAP * usize


def _value_line_width(f: KeyFigure, vface, vsize: float, uface, usize: float) -> float:
    w = set_line(f.value, vface, vsize).end
    if f.unit:
        w += _unit_gap(f.unit, usize) + set_line(f.unit, uface, usize).end
    return w
