"""The page grid and the context every make-up step works in.

Base columns (基本栏) of a whole number of body characters, separated by
gutters; the type area is a whole number of body lines (clreq §5 / guide §5).
A grid line is a band `pitch` pt high; body text sits with its em box centred
in the band, so every body baseline on a page lands on the same grid.
"""
from __future__ import annotations

from dataclasses import dataclass

from .errors import Log
from .fonts import Face, FontSet
from .model import GridPos, Issue
from .style import Element, HouseStyle

# The ideographic em box runs from -0.12 em to 0.88 em around the baseline in
# the SC fonts we use; its centre is 0.38 em above the baseline.
EM_CENTRE = 0.38


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

    def face(self, role: str, weight: str) -> Face:
        return self.fonts.face(role, weight, self.chars)

    def fallback(self, face: Face, ch: str) -> Face | None:
        """The fallback face that has `ch` when `face` lacks it (rare characters only)."""
        rare = frozenset(c for c in self.chars if not face.has(c))
        for fb in self.fonts.fallback_faces(face.role, face.weight, rare):
            if fb.has(ch):
                return fb
        return None

    def element(self, name: str) -> tuple[Face, Element]:
        el = self.house.body if name == "body" else self.house.el(name)
        return self.face(el.role, el.weight), el
