"""竖排 in make-up: the vertical headline (竖题) beside an article's text, and vertical articles.

    vertical_headline(article, x, top_line, side, ctx, ...) -> VerticalHead   the 竖题 strip
    vertical_body(article, frame, ctx)                      -> (items, lines used, rest)

A 竖题 stands in a strip at the right (or left) edge of the article, the title set top to bottom
(compose/vertical.py), with the 引题 to its right and the 副题 to its left as a vertical reader
reads them (right to left); the strip is a whole number of body characters wide so the text
columns beside it still hold whole characters (guide §5), and its length rounds up to whole grid
lines. A vertical article (副刊) sets its body in vertical lines running right to left: each line a
whole number of body characters long, at least one grid pitch apart, so a page of vertical text keeps the
same discipline as the horizontal grid turned on its side.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from layout.boxes import Item, VText
from layout.compose.vertical import compose_vertical, set_vertical
from layout.errors import BanmianError
from layout.i18n import M
from layout.makeup.grid import Ctx
from layout.source.model import Article

LINE_GAP = 0.35          # em of the title between the lines of a 竖题 group
TITLE_TRACKING = 0.2     # em between the characters of a vertical title
CLEAR = 1.0              # body characters between the strip and the text
MAX_PITCH = 2.0          # × body size: the widest a vertical article's lines stand apart


@dataclass
class VerticalHead:
    items: list[Item]
    width: float             # the strip, pt (whole body characters, including the clear space)
    lines: int               # grid lines it runs down


def vertical_headline(article: Article, x: float, width: float, top_line: int, side: str, ctx: Ctx,
                      major: bool = False, title_size: float | None = None) -> VerticalHead:
    """The 竖题 of an article whose area starts at `x` and is `width` wide, at its `side`."""
    g = ctx.grid
    rows = []                                  # (text, element, size), right to left
    if article.kicker:
        rows.append((article.kicker, "kicker", None))
    for part in [p.strip() for p in article.title.replace("\u3000", "  ").split("  ") if p.strip()]:
        rows.append((part, "title" if major else "title_minor", title_size))
    if article.subtitle:
        rows.append((article.subtitle, "subtitle", None))
    lines = []
    for text, element, size in rows:
        face, el = ctx.element(element)
        size = size or el.size
        tracking = TITLE_TRACKING if element.startswith("title") else 0.0
        lines.append((set_vertical(text, face, size, tracking, ctx.house.para.han_latin), size))
    title_size_pt = max(s for _, s in lines)
    natural = sum(s for _, s in lines) + LINE_GAP * title_size_pt * (len(lines) - 1)
    chars = math.ceil(natural / g.body_size + CLEAR - 1e-9)
    strip = chars * g.body_size
    top = g.y(top_line) + g.pitch / 2
    # the group is centred in the strip less the clear space on the text's side
    room_x = x + width - strip + CLEAR * g.body_size if side == "right" else x
    room_w = strip - CLEAR * g.body_size
    axis = room_x + (room_w + natural) / 2            # right edge of the group, then leftwards
    items: list[Item] = []
    longest = 0.0
    for line, size in lines:
        axis -= size / 2
        items.append(VText(axis, top, line))
        axis -= size / 2 + LINE_GAP * title_size_pt
        longest = max(longest, line.end)
    n_lines = math.ceil((longest + g.pitch) / g.pitch - 1e-9)
    return VerticalHead(items, strip, n_lines)


def vertical_body(article: Article, x: float, width: float, top_line: int, n_lines: int, ctx: Ctx,
                  reserved_right: float = 0.0):
    """A vertical article body in the area (x, width) × grid lines top_line.. top_line + n_lines - 1:
    lines right to left, one grid pitch apart (further, up to MAX_PITCH, when the text leaves room), each
    as long as the area is tall in whole body characters.

    Returns (items, vertical lines used, the paragraphs' text that did not fit)."""
    g = ctx.grid
    face, el = ctx.element("body")
    size = g.body_size
    length = math.floor((n_lines * g.pitch - g.pitch / 2) / size + 1e-9) * size
    top = g.y(top_line) + (n_lines * g.pitch - length) / 2
    slots = int((width - reserved_right) / g.pitch + 1e-9)
    right = x + width - reserved_right
    vlines = []
    if article.byline:
        vlines += compose_vertical(article.byline, ctx.face("kai", "regular"), size, length, indent=0,
                                   kinsoku=ctx.house.para.kinsoku)
    bold = ctx.element("bold")[0]
    head = ctx.element("crosshead")[0]
    if article.lead:
        # 阅读提示 / 编者按: its label and text in the lead face, lines of their own before the body
        lead_face = ctx.element("lead")[0]
        label = ctx.element("lead_label")[0]
        runs = ([(article.lead_label + "\u3000", label)] if article.lead_label else []) + \
            [(sp.text, bold if sp.style == "bold" else lead_face) for sp in article.lead]
        vlines += compose_vertical(runs, lead_face, size, length, indent=0, kinsoku=ctx.house.para.kinsoku,
                                   han_latin=ctx.house.para.han_latin)
    for para in article.paras:
        if para.kind == "table":
            # nothing is dropped silently: a 三线表 has no vertical setting here
            raise BanmianError(M("article '{file}' is set vertically (direction: vertical) but has a table", file=article.file),
                               para.source.file, para.source.line,
                               hint=M('set the article horizontally, or give the table as text'))
        if para.kind == "crosshead":
            # a 小标题 stands on a vertical line of its own, in the cross-head face at body size
            vlines += compose_vertical([(para.text, head)], head, size, length, indent=0,
                                       kinsoku=ctx.house.para.kinsoku, han_latin=ctx.house.para.han_latin)
            continue
        runs = [(sp.text, bold if sp.style == "bold" else face) for sp in para.spans]
        vlines += compose_vertical(runs, face, size, length, indent=el.indent or 2.0,
                                   kinsoku=ctx.house.para.kinsoku, han_latin=ctx.house.para.han_latin)
    # when the text leaves room across, the lines stand further apart (up to MAX_PITCH × the body
    # size), so the article fills its block as a horizontal one fills its columns to the foot
    step = g.pitch
    if 0 < len(vlines) < slots:
        step = min(MAX_PITCH * size, (width - reserved_right) / len(vlines))
    items: list[Item] = []
    for k, vl in enumerate(vlines[:slots]):
        items.append(VText(right - (k + 0.5) * step, top, vl))
    rest = "".join(vl.text for vl in vlines[slots:])
    return items, min(len(vlines), slots), rest
