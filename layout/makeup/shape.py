"""An article's area: its text columns, for a rectangle or an irregular area (刀把 / L 形, steps).

    area_columns(cols, parts, grid) -> the columns of the whole area, in reading order
    wrapped_blocks(block, spec, grid) -> the photos and figures its text runs around

An irregular area is a union of grid rectangles: the block's own col/span/line/lines
(the part its headline stands over) and the `area:` parts. Each part is set in its
own text columns; a column of one part that stands straight over a column of the
same x and width in the next is one column, so the text runs down it through both
parts (an L 形 article of 3 columns over lines 12–40 and 5 over 41–60 has columns
1–3 from the headline down to line 60 and columns 4–5 over lines 41–60). Columns
are read left to right, then top to bottom; balance() ends those that share the
area's foot on one line (齐底).
"""
from __future__ import annotations

from layout.errors import BanmianError
from layout.i18n import M
from layout.makeup.flow import Column
from layout.makeup.grid import Grid
from layout.makeup.wrap import Keepout, keepout
from layout.source.model import ArticleBlock, FigureBlock, PageSpec, PhotoBlock


def text_columns(span_w: float, k: int, gutter: float, body: float) -> tuple[float, float]:
    """Column width and gutter for k text columns over a span (变栏).

    A column holds a whole number of body characters (guide §5); when k columns
    do not divide the span that way, the gutters take the difference (never
    narrower than the base gutter).
    """
    if k == 1:
        return span_w, gutter
    chars = int((span_w - (k - 1) * gutter) / k / body + 1e-9)
    col_w = chars * body
    return col_w, (span_w - k * col_w) / (k - 1)


def area_columns(cols: list[Column], parts, grid: Grid) -> list[Column]:
    """The headline part's columns with the columns of the area's other parts joined on."""
    out = [Column(c.x, c.width, c.top, c.bottom) for c in cols]
    for part in parts:
        col_w, gutter = text_columns(grid.width(part.span), part.columns, grid.gutter, grid.body_size)
        x0 = grid.x(part.col)
        for i in range(part.columns):
            new = Column(x0 + i * (col_w + gutter), col_w, part.line, part.line + part.lines - 1)
            for c in out:
                if abs(c.x - new.x) < 0.01 and abs(c.width - new.width) < 0.01:
                    if c.bottom + 1 == new.top:
                        c.bottom = new.bottom
                        break
                    if new.bottom + 1 == c.top and c.top != cols[0].top:
                        c.top = new.top
                        break
            else:
                out.append(new)
    return sorted(out, key=lambda c: (round(c.x, 2), c.top))


PAGE_FOOT = 400              # lines: an auto-height article may reach down to the foot of any page


def rects(block: ArticleBlock) -> list[tuple[int, int, int, int]]:
    """The area's grid rectangles as (col, span, line, lines), the headline's part first (an
    article of `lines: auto` as far down as the page goes: it ends below what it wraps)."""
    p = block.pos
    return [(p.col, p.span, p.line, p.lines or PAGE_FOOT)] + [(a.col, a.span, a.line, a.lines) for a in block.area]


def inside(pos, block: ArticleBlock) -> bool:
    """Every grid cell of `pos` is in the article's area."""
    cells = {(c, l) for col, span, line, lines in rects(block)
             for c in range(col, col + span) for l in range(line, line + lines)}
    return all((c, l) in cells for c in range(pos.col, pos.col + pos.span)
               for l in range(pos.line, pos.line + (pos.lines or 0)))


def wrap_frame(b, grid: Grid) -> tuple[float, float]:
    """x and width (pt) of a wrapped block: its span, or `width` characters from `offset`."""
    x = grid.x(b.pos.col) + b.wrap.offset * grid.body_size
    w = b.wrap.width * grid.body_size if b.wrap.width else grid.width(b.pos.span) - b.wrap.offset * grid.body_size
    return x, w


def wrapped_keepouts(block: ArticleBlock, spec: PageSpec, grid: Grid) -> list[Keepout]:
    """The photos and figures with `wrap:` inside this article's area, as keep-outs (gap included)."""
    out = []
    for b in spec.blocks:
        if isinstance(b, (PhotoBlock, FigureBlock)) and b.wrap and b.pos.lines and inside(b.pos, block):
            x, w = wrap_frame(b, grid)
            out.append(keepout(x, w, b.pos.line, b.pos.lines, b.wrap.gap, b.wrap.gap_lines, grid.body_size, b.id))
    return out


def check_wrapped(spec: PageSpec) -> None:
    """A block with `wrap:` stands inside exactly one article's area (a continuation's too)."""
    arts = [b for b in spec.blocks if isinstance(b, ArticleBlock)]
    for b in spec.blocks:
        if isinstance(b, (PhotoBlock, FigureBlock)) and b.wrap:
            if not any(inside(b.pos, a) for a in arts):
                src = b.pos.source
                raise BanmianError(M("page {number}: block '{id}' has `wrap:` but does not stand inside an article's area", number=spec.number, id=b.id), src.file, src.line,
                                   hint=M('place it within the col, span, line and lines of the article whose text runs around it, or remove `wrap:`'))
