"""Ornaments: 花边 frames around boxes and articles, 题花 beside a headline, vector motifs.

    FRAMES                                  the pattern library, by name (Chinese or English)
    frame_name(value) -> str | None         a manifest or house-style name -> the library's name
    inset(pattern, margin, ctx) -> Inset    how far a framed article's text stands inside its block
    frame_items(pattern, frame, color)      -> list[Item]   the frame drawn as vectors
    flower(name, cx, cy, size, color)       -> list[Item]   a 题花 motif centred at (cx, cy)

A frame lies on the block's own edge (a thin one in the gutter and blank line around it); the text stands at least `margin` (default 1 字, the house's
`ornaments.margin`) inside the pattern's inner edge, in whole body characters across and whole grid
lines down, so the framed text keeps the grid (guide §5). Everything is drawn in the colour given
(100 % K by default, or a house CMYK colour); nothing here knows RGB.
"""
from __future__ import annotations

from layout.i18n import M
import math
from dataclasses import dataclass

from layout.boxes import CMYK, Item, Path, Rect
from layout.makeup.grid import Frame
from layout.source.model import FLOWERS, FRAME_PATTERNS, frame_name

# name -> the pattern's width across, pt: from the block edge to its inner edge
FRAMES = {"单线": 0.75, "双线": 2.5, "粗细线": 4.0, "点线": 1.6, "波纹": 3.0, "花纹": 6.0}
assert tuple(FRAMES) == FRAME_PATTERNS


THIN = 2.5              # pt: a frame this narrow stands in the gutter and the blank line around its block


@dataclass(frozen=True)
class Inset:
    chars: int          # body characters across, on each side
    lines: int          # grid lines down, at top and at bottom
    out_x: float = 0.0  # pt the frame stands outside the block, across
    out_y: float = 0.0  # ... and down


def inset(pattern: str | None, margin: float, body: float, pitch: float, gutter: float) -> Inset:
    """Where a frame stands and how far its text stands inside the block: at least `margin` pt between
    the pattern's inner edge and the text, the text in whole characters across and whole lines down.

    A thin frame (a rule, a double rule, dots, a tint) stands outside the block, in the middle of the
    gutter and in the blank grid line that separates blocks anyway, so the text keeps its block's lines
    and loses one character a side; a wide pattern stands on the block's edge and takes a line at the
    top and the foot (a text line's em box sits (pitch − body)/2 inside its band)."""
    band = FRAMES.get(pattern, 0.0) if pattern else 0.0
    need_y = band + margin - (pitch - body) / 2           # outer edge to the first line's band
    if band <= THIN and need_y <= pitch / 2 + 1.0:
        out_x = gutter / 2
        return Inset(max(1, math.ceil((band + margin - out_x) / body - 1e-9)), 0, out_x, max(need_y, 0.0))
    return Inset(math.ceil((band + margin) / body - 1e-9), max(1, math.ceil(need_y / pitch - 1e-9)))


def frame_items(pattern: str, f: Frame, color: CMYK) -> list[Item]:
    """The frame pattern drawn on the edge of `f`, inwards."""
    draw = _DRAW[pattern]
    return draw(f, color)


def _rect_rule(f: Frame, d: float, width: float, color: CMYK) -> Rect:
    """A rectangle of rule `width` whose centre line lies `d` inside the frame's edge."""
    return Rect(f.x + d, f.y + d, f.w - 2 * d, f.h - 2 * d, stroke=color, stroke_width=width)


def _single(f, color):
    return [_rect_rule(f, 0.375, 0.75, color)]


def _double(f, color):
    return [_rect_rule(f, 0.25, 0.5, color), _rect_rule(f, 2.25, 0.5, color)]


def _thick_thin(f, color):
    # 文武线: the thick rule outside, the thin inside
    return [_rect_rule(f, 1.0, 2.0, color), _rect_rule(f, 3.75, 0.5, color)]


def _edges(f: Frame, d: float):
    """The four edges of the frame `d` inside it, clockwise from the top-left: (x0, y0, x1, y1)."""
    x0, y0, x1, y1 = f.x + d, f.y + d, f.right - d, f.bottom - d
    return ((x0, y0, x1, y0), (x1, y0, x1, y1), (x1, y1, x0, y1), (x0, y1, x0, y0))


def _dot(cx: float, cy: float, r: float, color: CMYK, n: int = 8) -> Path:
    return Path(tuple((cx + r * math.cos(2 * math.pi * k / n), cy + r * math.sin(2 * math.pi * k / n))
                      for k in range(n)), fill=color)


def _dotted(f, color):
    r, step = 0.8, 2.8
    out = []
    for x0, y0, x1, y1 in _edges(f, r):
        length = math.hypot(x1 - x0, y1 - y0)
        n = max(1, round(length / step))
        for k in range(n):               # the corner dot is the next edge's first
            t = k / n
            out.append(_dot(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, r, color))
    return out


def _wave(f, color):
    amp, wave, width = 1.1, 6.0, 0.6
    d = FRAMES["波纹"] / 2
    out = []
    for x0, y0, x1, y1 in _edges(f, d):
        length = math.hypot(x1 - x0, y1 - y0)
        periods = max(1, round(length / wave))       # whole periods: the wave meets itself at corners
        ux, uy = (x1 - x0) / length, (y1 - y0) / length
        nx, ny = -uy, ux
        steps = periods * 12
        pts = []
        for k in range(steps + 1):
            s = length * k / steps
            a = amp * math.sin(2 * math.pi * periods * k / steps)
            pts.append((x0 + ux * s + nx * a, y0 + uy * s + ny * a))
        out.append(Path(tuple(pts), stroke=color, stroke_width=width, closed=False))
    return out


def _floral(f, color):
    """花纹: a tile of a lozenge between two dots, repeated along each edge between two hairlines,
    with a square rosette in each corner."""
    band = FRAMES["花纹"]
    out: list[Item] = [_rect_rule(f, 0.15, 0.3, color), _rect_rule(f, band - 0.15, 0.3, color)]
    mid = band / 2
    tile = 2 * band
    corners = [(f.x + mid, f.y + mid), (f.right - mid, f.y + mid), (f.right - mid, f.bottom - mid),
               (f.x + mid, f.bottom - mid)]
    for (x0, y0, x1, y1) in _edges(f, mid):
        length = math.hypot(x1 - x0, y1 - y0) - band           # the corners hold rosettes
        n = max(1, round(length / tile))
        ux, uy = (x1 - x0) / (length + band), (y1 - y0) / (length + band)
        step = length / n
        for k in range(n):
            s = band / 2 + (k + 0.5) * step
            cx, cy = x0 + ux * s, y0 + uy * s
            out.append(_lozenge(cx, cy, ux, uy, step * 0.32, band * 0.3, color))
            for side in (-1, 1):
                out.append(_dot(cx + ux * side * step * 0.42, cy + uy * side * step * 0.42, 0.45, color, 6))
    for cx, cy in corners:
        out.append(Rect(cx - mid * 0.7, cy - mid * 0.7, mid * 1.4, mid * 1.4, fill=color))
    return out


def _lozenge(cx, cy, ux, uy, half_long, half_short, color) -> Path:
    nx, ny = -uy, ux
    return Path(((cx + ux * half_long, cy + uy * half_long), (cx + nx * half_short, cy + ny * half_short),
                 (cx - ux * half_long, cy - uy * half_long), (cx - nx * half_short, cy - ny * half_short)),
                fill=color)


_DRAW = {"单线": _single, "双线": _double, "粗细线": _thick_thin, "点线": _dotted, "波纹": _wave, "花纹": _floral}


# ---- 题花 -------------------------------------------------------------------

def flower(name: str, cx: float, cy: float, size: float, color: CMYK) -> list[Item]:
    """A 题花 motif about `size` pt across, centred at (cx, cy)."""
    r = size / 2
    if name == "梅花":
        # five round petals about a centre, a white eye
        out: list[Item] = []
        for k in range(5):
            a = -math.pi / 2 + 2 * math.pi * k / 5
            out.append(_dot(cx + 0.5 * r * math.cos(a), cy + 0.5 * r * math.sin(a), 0.42 * r, color, 16))
        out.append(_dot(cx, cy, 0.18 * r, (0.0, 0.0, 0.0, 0.0), 12))
        return out
    if name == "菱形":
        return [_lozenge(cx, cy, 1.0, 0.0, r, 0.45 * r, color),
                _lozenge(cx, cy, 0.0, 1.0, r * 0.7, 0.25 * r, color)]
    # 方胜: two overlapping lozenges, outlined
    return [Path(((cx - r, cy), (cx - r / 3, cy - r * 0.6), (cx + r / 3, cy), (cx - r / 3, cy + r * 0.6)),
                 stroke=color, stroke_width=max(0.5, size / 20)),
            Path(((cx - r / 3, cy), (cx + r / 3, cy - r * 0.6), (cx + r, cy), (cx + r / 3, cy + r * 0.6)),
                 stroke=color, stroke_width=max(0.5, size / 20))]


# ---- what make-up asks ----------------------------------------------------------

def pattern_of(frame: str, house) -> str | None:
    """The pattern a block's `frame:` draws: `box` is the house's (ornaments.frame), `tint` none."""
    if frame in ("none", "tint"):
        return None
    if frame == "box":
        return house.frame_pattern
    return frame_name(frame)


def frame_inset(frame: str, ctx) -> Inset:
    """The inset of an article's text in its block: nothing without a frame."""
    if frame == "none":
        return Inset(0, 0)
    house = ctx.house
    return inset(pattern_of(frame, house), house.frame_margin, ctx.grid.body_size, ctx.grid.pitch,
                 ctx.grid.gutter)


@dataclass(frozen=True)
class Sides:
    """A framed block's inset on each side: body characters across (left, right), grid lines
    down (top, bottom), and how far the frame stands outside the block on each side (pt)."""
    left: int
    right: int
    top: int
    bottom: int
    out: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)     # left, right, top, bottom


def block_sides(frame: str, pos, ctx) -> Sides:
    """The inset of a block's text on each side. A thin frame stands outside its block, in the
    gutter and the blank line around it; but the type area's edge has no gutter beyond it
    (the margin is the page's, and nothing but the running head, the 报尾 and a bleeding photo
    is set there): on a side where the block meets the edge of the type area (grid.py), the frame
    lies on the block's edge and the text stands as far inside it as a wide pattern's does."""
    ins = frame_inset(frame, ctx)
    if frame == "none":
        return Sides(0, 0, 0, 0)
    if pos is None:                                   # a block that stands nowhere yet: an inner one
        return Sides(ins.chars, ins.chars, ins.lines, ins.lines, (ins.out_x, ins.out_x, ins.out_y, ins.out_y))
    g, house = ctx.grid, ctx.house
    band = FRAMES.get(pattern_of(frame, house) or "", 0.0)
    if not (ins.out_x or ins.out_y):                  # a wide pattern: on the block's edge already
        return Sides(ins.chars, ins.chars, ins.lines, ins.lines)
    margin = house.frame_margin
    edge_chars = max(ins.chars, math.ceil((band + margin) / g.body_size - 1e-9))
    need_y = band + margin - (g.pitch - g.body_size) / 2       # as inset(): edge to the first line's band
    edge_lines = max(ins.lines, 1, math.ceil(need_y / g.pitch - 1e-9))
    # across, the frame stays symmetric about its block (equal margins left and right, the
    # headline centred in it): where either side meets the edge, both lie on the block's edge
    at_left = at_right = pos.col == 1 or pos.col + pos.span - 1 == g.columns
    at_top = pos.line == 1
    at_bottom = bool(pos.lines) and pos.line + pos.lines - 1 == g.lines
    return Sides(edge_chars if at_left else ins.chars, edge_chars if at_right else ins.chars,
                 edge_lines if at_top else ins.lines, edge_lines if at_bottom else ins.lines,
                 (0.0 if at_left else ins.out_x, 0.0 if at_right else ins.out_x,
                  0.0 if at_top else ins.out_y, 0.0 if at_bottom else ins.out_y))


def block_frame(frame: str, f: Frame, ctx, pos=None) -> list[Item]:
    """A block's frame on its edge: the tint under the text, the pattern in the house's frame colour.
    It never reaches past the type area (`pos`: where the block stands, for block_sides)."""
    house = ctx.house
    out = block_sides(frame, pos, ctx).out
    f = Frame(f.x - out[0], f.y - out[2], f.w + out[0] + out[1], f.h + out[2] + out[3])
    # (an auto block that runs down to the type area's foot: its frame stops there)
    area = ctx.grid.area
    if f.bottom > area.bottom + 1e-6:
        f = Frame(f.x, f.y, f.w, area.bottom - f.y)
    if frame == "tint":
        return [Rect(f.x, f.y, f.w, f.h, fill=house.colors["tint"])]
    return frame_items(pattern_of(frame, house), f, house.colors.get(house.frame_color, house.colors["black"]))


# ---- 题花 beside a headline ---------------------------------------------------------

FLOWER_SCALE = 0.8       # of the title size
FLOWER_GAP = 0.4         # em of the title between the motif and the title


def title_flower(ornament: str, headline_items: list[Item], ctx, bounds: tuple[float, float] | None = None) -> list[Item]:
    """The 题花 beside the largest line of a headline group: left of a horizontal title, under the
    foot of a 竖题; a motif of the library in the house accent colour, or an image fitted square."""
    from layout.boxes import Image, TextLine, VText
    from layout.makeup.grid import EM_CENTRE
    titles = [it for it in headline_items if isinstance(it, (TextLine, VText)) and it.line.glyphs]
    if not titles:
        return []
    title = max(titles, key=lambda it: it.line.glyphs[0].size)
    size = title.line.glyphs[0].size
    m = FLOWER_SCALE * size
    if isinstance(title, VText):
        cx, cy = title.x, title.y + title.line.end + FLOWER_GAP * size + m / 2
    else:
        cx, cy = title.x - FLOWER_GAP * size - m / 2, title.y - EM_CENTRE * size
        if bounds is not None and cx - m / 2 < bounds[0] - 1e-6:
            # no room left of the title within the article: after it, else none (never over a neighbour)
            cx = title.x + title.line.end + FLOWER_GAP * size + m / 2
            if cx + m / 2 > bounds[1] + 1e-6:
                ctx.log.warn(M("题花 '{ornament}': no room beside the title '{text}' within its article; left out", ornament=ornament, text=title.line.text), ctx.issue.manifest)
                return []
    if ornament in FLOWERS:
        return flower(ornament, cx, cy, m, ctx.house.colors["accent"])
    from PIL import Image as PILImage
    with PILImage.open(ornament) as im:
        w, h = im.size
    s = m / max(w, h)
    x, y = cx - w * s / 2, cy - h * s / 2
    return [Image(ornament, x, y, w * s, h * s, x, y, w * s, h * s)]
