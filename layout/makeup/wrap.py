"""图文绕排 (text wrap): an article's lines flow around a photo or figure placed inside it.

    exclude(cols, rects, grid)                   -> the columns with the lines the photos take
    place_wrapped(compose_w, cols, pour_at)      -> (items, placement), every line at its own width

A photo (or figure) block with `wrap: true` inside an article's area takes its
rectangle and a house gap around it (1 字 beside, 1 行 above and below by default)
from the article's text columns, on the grid: a column the rectangle covers loses
those lines (the text runs above the photo, skips it and goes on below, across its
edge); a column it covers in part keeps the side beside it, shorter by whole
characters so the line still ends on the character grid and is justified to both
edges (a column is a whole number of body characters, guide §5 / clreq "Line
Adjustment": lines justified to both edges). The caption is part of the photo's block, so it is inside the rectangle.

A line's width depends on where it lands and where it lands on the lines before
it, so paragraphs are set again at the widths of the lines they landed on until
nothing moves (a paragraph's lines depend only on the text before it, so this
settles paragraph by paragraph; MAX_ROUNDS is a safety net).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

from layout.makeup.flow import WRAPPING, Column, FlowItem, Placement

MAX_ROUNDS = 40
MIN_CHARS = 4             # a column part narrower than this beside a photo is left empty, not set


@dataclass(frozen=True)
class Keepout:
    """The page area a wrapped block takes from the text, pt and grid lines, gap included."""
    x0: float
    x1: float
    first: int            # grid lines first..last (inclusive)
    last: int
    block: str            # the block's id, for messages
    top: int = 0          # the block's own first line (without the gap)


def keepout(x: float, w: float, line: int, lines: int, gap_chars: float, gap_lines: int,
            body: float, block: str) -> Keepout:
    return Keepout(x - gap_chars * body, x + w + gap_chars * body, line - gap_lines,
                   line + lines - 1 + gap_lines, block, line)


def exclude(cols: list[Column], keepouts: list[Keepout], body: float) -> list[Column]:
    """The columns with the lines each keep-out takes: skipped where it covers the column,
    shorter by whole characters where it covers part of it (the wider side is kept)."""
    out = []
    for col in cols:
        slots = dict(col.slots)
        for k in keepouts:
            left, right = k.x0 - col.x, col.x + col.width - k.x1
            if left >= col.width - 0.01 or right >= col.width - 0.01:
                continue                                  # beside the column, not in it
            left_n = int(max(0.0, left) / body + 1e-6)
            right_n = int(max(0.0, right) / body + 1e-6)
            if max(left_n, right_n) < MIN_CHARS:
                piece = None
            elif left_n >= right_n:
                piece = (col.x, left_n * body)
            else:
                piece = (col.x + col.width - right_n * body, right_n * body)
            for line in range(max(k.first, col.top), min(k.last, col.bottom) + 1):
                have = slots.get(line, (col.x, col.width))
                if have is None or piece is None:
                    slots[line] = None
                else:
                    # two keep-outs on one line: what both leave
                    x0, x1 = max(have[0], piece[0]), min(have[0] + have[1], piece[0] + piece[1])
                    slots[line] = (x0, x1 - x0) if x1 - x0 >= MIN_CHARS * body - 0.01 else None
        out.append(replace(col, slots=slots))
    return out


def _key(it: FlowItem) -> int:
    return -1 if it.kind == "byline" else it.para


def landed_widths(p: Placement, cols: list[Column]) -> dict[int, tuple[float, ...]]:
    """Per paragraph (the byline: -1), the widths of the lines its lines landed on, the last
    repeating; a paragraph whose lines all have one width is left out when that is the
    first column's (the width the body is set at anyway)."""
    got: dict[int, list[float]] = {}
    for col, placed in zip(cols, p.columns):
        for line, it in placed:
            if it.kind in WRAPPING:
                got.setdefault(_key(it), []).append(round(col.slot(line)[1], 6))
    # lines that did not land (overset, or carried to a jump) are set at their column's width
    tail = round(cols[-1].width, 6) if cols else 0.0
    for it in p.rest:
        if it.kind in WRAPPING and _key(it) in got:
            got[_key(it)].append(tail)
            break
    base = round(cols[0].width, 6) if cols else 0.0
    out = {}
    for k, ws in got.items():
        while len(ws) > 1 and ws[-1] == ws[-2]:
            ws.pop()
        if ws != [base]:
            out[k] = tuple(ws)
    return out


def place_wrapped(compose_w: Callable[[dict[int, tuple[float, ...]]], list[FlowItem]],
                  cols: list[Column], pour_at: Callable[[list[FlowItem], list[Column]], Placement]
                  ) -> tuple[list[FlowItem], Placement, bool]:
    """Set and pour until every line was set at the width of the line it landed on.

    `compose_w(widths)` sets the body with those per-line widths (flow.body_items),
    `pour_at(items, cols)` places them (pour or balance). Returns the items, the
    placement and whether it settled (False: a line may be drawn at a width it was not
    set for; the caller warns)."""
    widths: dict[int, tuple[float, ...]] = {}
    seen = []
    items = compose_w(widths)
    p = pour_at(items, cols)
    for _ in range(MAX_ROUNDS):
        new = landed_widths(p, cols)
        if _settled(p, cols, widths):
            return items, p, True
        if new in seen:
            break
        seen.append(new)
        widths = new
        items = compose_w(widths)
        p = pour_at(items, cols)
    return items, p, _settled(p, cols, widths)


def _settled(p: Placement, cols: list[Column], widths: dict[int, tuple[float, ...]]) -> bool:
    """Every placed line of text was set at the width of its line."""
    for col, placed in zip(cols, p.columns):
        for line, it in placed:
            if it.kind in WRAPPING and it.width is not None and abs(it.width - col.slot(line)[1]) > 0.01:
                return False
    return True
