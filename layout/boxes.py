"""The small immutable records passed between stages.

Units: pt. Page coordinates have their origin at the top-left corner of the
trim box with y growing downwards (the way an editor counts lines); only the
renderer flips them for PDF. Colours are CMYK tuples of 0..1.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

CMYK = tuple[float, float, float, float]
BLACK: CMYK = (0.0, 0.0, 0.0, 1.0)
WHITE: CMYK = (0.0, 0.0, 0.0, 0.0)
RED: CMYK = (0.0, 1.0, 1.0, 0.0)      # proof marks only (overset)


@dataclass(frozen=True)
class SourceRef:
    """Where a piece of text came from, for messages."""
    file: str
    line: int | None = None


class Glyph(NamedTuple):
    """One character (or a cluster drawn as one, such as a ligature-free pair) on a line.

    A named tuple, not a dataclass: an issue has tens of thousands, and the
    composition cache rebuilds them from plain tuples at C speed.

    `x` is the left edge of its advance box relative to the line start; `advance`
    is the width it occupies after compression (the ink may overhang a
    compressed empty half, which is the point of compression).
    `shift` moves the drawing left of `x` (an opening mark whose empty left
    half was removed is drawn shifted left by that half).
    """
    text: str
    x: float
    advance: float
    face: str          # Face.id
    size: float        # pt
    shift: float = 0.0
    hscale: float = 1.0  # horizontal scale (长字 condensing of headlines), 1.0 = none


@dataclass(frozen=True)
class Line:
    """A composed line: glyphs positioned from the line's left edge."""
    glyphs: tuple[Glyph, ...]
    width: float               # the measure it was set to
    last: bool = False         # a paragraph's last line (flush left, not justified)
    first: bool = False        # a paragraph's first line (indented)
    source: SourceRef | None = None

    @property
    def text(self) -> str:
        return "".join([g[0] for g in self.glyphs])      # (g[0] is g.text: index, not attribute)

    @property
    def end(self) -> float:
        """Right edge of the last glyph's advance box."""
        if not self.glyphs:
            return 0.0
        g = self.glyphs[-1]
        return g.x + g.advance


class VGlyph(NamedTuple):
    """One unit of a vertical line (竖排), placed by compose/vertical.py; the renderer only draws it.

    `text` is what it stands for, in reading order; `draw` the characters to draw (the same, or the
    private code points of their vertical forms, Face.vertical). (x, y) is the drawing origin (the
    baseline's start) from the line's axis and top, pt; `rotate` turns it 90° clockwise (Latin set
    sideways, dashes), `hscale` condenses it (纵中横: two digits upright in one em).
    """
    text: str
    draw: str
    x: float
    y: float
    advance: float     # vertical room it takes, pt
    face: str
    size: float
    rotate: bool = False
    hscale: float = 1.0
    top: float = 0.0   # top of the unit's room from the line's top, pt


@dataclass(frozen=True)
class VLine:
    """A composed vertical line: units stacked top to bottom from the line's top."""
    glyphs: tuple[VGlyph, ...]
    length: float              # the measure it was set to (pt, top to bottom)
    last: bool = False
    first: bool = False

    @property
    def text(self) -> str:
        return "".join([g[0] for g in self.glyphs])      # (g[0] is g.text: index, not attribute)

    @property
    def end(self) -> float:
        """Bottom of the last unit."""
        if not self.glyphs:
            return 0.0
        g = self.glyphs[-1]
        return g.top + g.advance


# ---- page items: what make-up hands to the renderer -------------------------

@dataclass(frozen=True)
class TextLine:
    """A composed line placed with its left edge at x and its baseline at y."""
    x: float
    y: float
    line: Line
    color: CMYK = BLACK


@dataclass(frozen=True)
class VText:
    """A vertical line placed with its axis (the centre of its em boxes) at x and its top at y."""
    x: float
    y: float
    line: VLine
    color: CMYK = BLACK


@dataclass(frozen=True)
class Rule:
    x0: float
    y0: float
    x1: float
    y1: float
    width: float = 0.5
    color: CMYK = BLACK
    dash: tuple[float, ...] = ()


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: CMYK | None = None
    stroke: CMYK | None = None
    stroke_width: float = 0.5


@dataclass(frozen=True)
class Path:
    """A closed vector shape (chart wedges, bars, arrows): points and arcs already flattened.

    `points` are (x, y) in page coordinates; the renderer draws a polygon.
    """
    points: tuple[tuple[float, float], ...]
    fill: CMYK | None = None
    stroke: CMYK | None = None
    stroke_width: float = 0.5
    closed: bool = True        # False: an open line through the points (a wave rule), stroked only


@dataclass(frozen=True)
class Image:
    """A photo scaled to cover its frame, cropped by the frame (never distorted)."""
    path: str
    x: float
    y: float
    w: float
    h: float
    # the image's own placement (may be larger than the frame; clipped to the frame)
    img_x: float = 0.0
    img_y: float = 0.0
    img_w: float = 0.0
    img_h: float = 0.0


Item = TextLine | VText | Rule | Rect | Path | Image


@dataclass(frozen=True)
class Bookmark:
    title: str
    y: float


@dataclass
class Page:
    number: int                 # 版 number, from page order
    width: float                # trim size, pt
    height: float
    items: list[Item] = field(default_factory=list)
    bookmarks: list[Bookmark] = field(default_factory=list)
    bleed: float = 0.0          # pt
    label: str = ""             # e.g. 第1版
    blocks: list[tuple[str, int, int, int, int]] = field(default_factory=list)  # (id, col, span, line, lines) as placed
