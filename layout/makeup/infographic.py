"""图解 (infographic) blocks: key figures set large and simple charts drawn as vectors.

Entry point: figure(block, frame, ctx) -> list[Item]

The block is a stack of parts, each a whole number of grid lines, built in
local coordinates (x from the frame's left edge, y from the part's top) and
then laid down the frame: kicker tag, title, subtitle, intro paragraph, the
key figures (cards, or items as the editor writes them: figure_items.py), the
chart (figure_charts.py), and the 数据来源 line on the frame's last line.
Text baselines sit on the grid; a part that does not fit raises BanmianError
saying how many lines more the block needs.
"""
from __future__ import annotations

from layout.boxes import BLACK, WHITE, Item, Rect, Rule, TextLine
from layout.compose.paragraph import ParaStyle, Run, compose, set_line
from layout.errors import BanmianError
from layout.makeup.figure_base import Part, Styles, break_text, shift, stack_lines, styles, text_part
from layout.makeup.figure_charts import chart_part
from layout.makeup.figure_items import figures_part
from layout.makeup.grid import Frame, band_baseline
from layout.source.model import FigureBlock, FigureItem
from layout.i18n import M, N

INSET = 0.75                  # em of body text: the figure's margin inside its block, left and right


def figure(block: FigureBlock, frame: Frame, ctx) -> list[Item]:
    """Lay an infographic into its frame (a whole number of grid lines)."""
    st = styles(ctx)
    # Everything sits inside the frame by a margin, so figure text never reads on
    # as the neighbouring article's line across the gutter.
    inset = INSET * ctx.grid.body_size
    frame = Frame(frame.x + inset, frame.y, frame.w - 2 * inset, frame.h)
    w = frame.w
    have = round(frame.h / st.pitch)

    # Build the parts top to bottom, each in local coordinates.
    parts = [_kicker(block.kicker, st, w),
             text_part(block.title, st.title, w, st.pitch, st.condense_min),
             text_part(block.subtitle, st.subtitle, w, st.pitch, st.condense_min),
             _paragraph(block, st, w, ctx.log),
             _figures(block, st, w, ctx.log),
             chart_part(block, st, w)]
    parts = [p for p in parts if p.lines]
    note = _note(block.source_note, st, w)

    # Check the fit: every part plus the source line within the frame's lines.
    needed = sum(p.lines for p in parts) + note.lines
    if needed > have:
        src = block.pos.source
        raise BanmianError(
            N("图解 '{title}' needs {needed} grid lines but its frame has {have}: {n} more line needed",
              "图解 '{title}' needs {needed} grid lines but its frame has {have}: {n} more lines needed",
              needed - have, title=block.title, needed=needed, have=have),
            src.file, src.line,
            hint=M("give the block `lines: {needed}` or more columns, or shorten the intro and the notes",
                   needed=needed))

    # Lay the parts down the frame; the source line goes on the frame's last lines.
    items: list[Item] = []
    line = 0
    for p in parts:
        items += shift(p.items, frame.x, frame.y + line * st.pitch)
        line += p.lines
    items += shift(note.items, frame.x, frame.bottom - note.lines * st.pitch)
    return items


def _figures(block: FigureBlock, st: Styles, w: float, log) -> Part:
    """The key figures; written items end on a line of air when a chart follows (cards carry theirs)."""
    part = figures_part(block, st, w, log)
    if part.lines and block.chart and isinstance(block.figures[-1], FigureItem):
        part.lines += 1
    return part


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


def _paragraph(block: FigureBlock, st: Styles, w: float, log) -> Part:
    """The intro: a justified paragraph with the usual 2-em indent (composition notes go to the log)."""
    if not block.intro:
        return Part(0)
    face, el = st.text
    lines = compose([Run(block.intro, face, el.size, block.pos.source)], w,
                    ParaStyle(indent=2.0, align="justify"), log)
    return stack_lines(lines, el.size, "justify", w, BLACK, st.pitch)


def _note(text: str, st: Styles, w: float) -> Part:
    """数据来源：…… in small type on the frame's last line(s)."""
    if not text:
        return Part(0)
    if "来源" not in text:
        text = "数据来源：" + text
    face, _ = st.text
    return stack_lines(break_text(text, face, st.note_size, w), st.note_size, "left", w, BLACK, st.pitch)


def figure_lines(block: FigureBlock, width: float, ctx) -> int:
    """The grid lines an infographic needs over `width` pt (what figure() checks its frame against:
    the planner asks it for every width it tries)."""
    st = styles(ctx)
    w = width - 2 * INSET * ctx.grid.body_size
    parts = [_kicker(block.kicker, st, w), text_part(block.title, st.title, w, st.pitch, st.condense_min),
             text_part(block.subtitle, st.subtitle, w, st.pitch, st.condense_min), _paragraph(block, st, w, ctx.log),
             _figures(block, st, w, ctx.log), chart_part(block, st, w)]
    return sum(p.lines for p in parts) + _note(block.source_note, st, w).lines
