"""The page grid and the context every make-up step works in.

Base columns (基本栏) of a whole number of body characters, separated by
gutters; the type area is a whole number of body lines (clreq §5 / guide §5).
A grid line is a band `pitch` pt high; body text sits with its em box centred
in the band, so every body baseline on a page lands on the same grid.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from layout.boxes import BLACK, CMYK, Line, TextLine
from layout.compose.cache import CompositionCache
from layout.errors import Log
from layout.fonts import Face, FontSet
from layout.makeup.words import Segmenter
from layout.source.model import GridPos, Issue
from layout.source.style import Element, HouseStyle

# The ideographic em box runs from -0.12 em to 0.88 em around the baseline in
# the SC fonts we use; its centre is 0.38 em above the baseline.
EM_CENTRE = 0.38


def place_line(line: Line, x: float, width: float, align: str, baseline: float,
               color: CMYK = BLACK) -> TextLine:
    """Place a line in a measure of `width` from `x`: left, center or right (by its `.end`)."""
    if align == "center":
        x += (width - line.end) / 2
    elif align == "right":
        x += width - line.end
    return TextLine(x, baseline, line, color)


def grid_lines_for(size: float, pitch: float) -> int:
    """How many grid lines one line of text of `size` occupies (at least 1, ~10 % air)."""
    return max(1, math.ceil(size * 1.1 / pitch - 1e-9))


def band_baseline(top: float, lines: int, pitch: float, size: float) -> float:
    """Baseline of text of `size` with its em box centred in a band of `lines` grid lines.

    For one line of body text this is exactly Grid.baseline().
    """
    return top + lines * pitch / 2 + EM_CENTRE * size


def stack(rows, x: float, width: float, top: float, height: float) -> list[TextLine]:
    """Rows of (line, advance, align) stacked down a band `height` tall, the stack centred in
    the band and each line's em box centred in its advance (headline groups, cross-heads,
    pull quotes: whatever is taller than a body line but must fill whole grid lines)."""
    y = top + (height - sum(adv for _, adv, _ in rows)) / 2
    out = []
    for line, adv, align in rows:
        size = line.glyphs[0].size if line.glyphs else adv
        baseline = y + adv / 2 + EM_CENTRE * size
        if align == "center":
            out.append(centre_line(line, x, width, baseline))
        else:
            out.append(place_line(line, x, width, align, baseline))
        y += adv
    return out


def centre_line(line: Line, x: float, width: float, baseline: float, color: CMYK = BLACK) -> TextLine:
    """Place a line so that its glyphs (first box's left to last box's right) are centred
    exactly in `width` from `x`, whether the composer already offset them inside their
    measure (a line composed centred) or not (a line set by set_line)."""
    if not line.glyphs:
        return TextLine(x, baseline, line, color)
    left = line.glyphs[0].x
    return TextLine(x + (width - (line.end - left)) / 2 - left, baseline, line, color)


@dataclass(frozen=True)
class Frame:
    """A rectangle on the page, pt, y down from the trim's top edge."""
    x: float
    y: float
    w: float
    h: float

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def right(self) -> float:
        return self.x + self.w


class Grid:
    def __init__(self, house: HouseStyle):
        self.left = house.margin_left
        self.top = house.margin_top
        self.col_w = house.column_width
        self.gutter = house.gutter
        self.pitch = house.leading
        self.lines = house.lines
        self.columns = house.columns
        self.body_size = house.body.size

    def x(self, col: int) -> float:
        """Left edge of base column `col` (1-based)."""
        return self.left + (col - 1) * (self.col_w + self.gutter)

    def width(self, span: int) -> float:
        return span * self.col_w + (span - 1) * self.gutter

    def y(self, line: int) -> float:
        """Top of grid line `line` (1-based); y(lines + 1) is the bottom of the type area."""
        return self.top + (line - 1) * self.pitch

    def baseline(self, line: int, size: float | None = None) -> float:
        """Baseline of text of `size` centred on grid line `line`."""
        size = size or self.body_size
        return self.y(line) + self.pitch / 2 + EM_CENTRE * size

    def line_of(self, y: float) -> float:
        """Grid line (1-based, fractional) at page y."""
        return (y - self.top) / self.pitch + 1

    def frame(self, pos: GridPos, lines: int | None = None) -> Frame:
        n = lines if lines is not None else (pos.lines or 0)
        return Frame(self.x(pos.col), self.y(pos.line), self.width(pos.span), n * self.pitch)

    @property
    def area(self) -> Frame:
        return Frame(self.left, self.top, self.width(self.columns), self.lines * self.pitch)


@dataclass
class Ctx:
    """What every make-up step may consult; no global state."""
    issue: Issue
    house: HouseStyle
    grid: Grid
    fonts: FontSet
    chars: frozenset[str]          # every character the issue sets (faces are prepared for these)
    log: Log
    memo: dict = field(default_factory=dict, repr=False, compare=False)   # paragraphs set in this build
    cache: CompositionCache = field(default_factory=CompositionCache, repr=False, compare=False)
    words: Segmenter = field(default_factory=Segmenter, repr=False, compare=False)  # loaded on first use
    # The faces this build asked for, by Face.id: what the renderer embeds. A resident FontSet
    # (watch, serve) also holds faces prepared for an earlier build's characters under the same
    # ids; handing those to the renderer would lose every character new to this build.
    faces: dict = field(default_factory=dict, repr=False, compare=False)
    fits: list = field(default_factory=list, repr=False, compare=False)   # copyfit figures (makeup/copyfit.py)
    copyfit: bool = False          # work out the exact `lines:` of every block (banmian fit), not only the off ones

    def face(self, role: str, weight: str) -> Face:
        # once per role and weight a build: FontSet.face looks its faces up by the character set,
        # and a resident FontSet compares this build's set with the last one's (2,000 characters)
        f = self.memo.get(("face", role, weight))
        if f is None:
            f = self.memo[("face", role, weight)] = self.fonts.face(role, weight, self.chars)
        self.faces[f.id] = f
        return f

    def fallback(self, face: Face, ch: str) -> Face | None:
        """The fallback face that has `ch` when `face` lacks it (rare characters only)."""
        rare = frozenset(c for c in self.chars if not face.has(c))
        for fb in self.fonts.fallback_faces(face.role, face.weight, rare):
            self.faces[fb.id] = fb
            if fb.has(ch):
                return fb
        return None

    def element(self, name: str) -> tuple[Face, Element]:
        el = self.house.body if name == "body" else self.house.el(name)
        return self.face(el.role, el.weight), el
