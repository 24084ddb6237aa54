"""Article body flow: composed lines -> columns on the grid.

An article's body becomes a list of flow items, each a whole number of grid
lines high (a text line is one; a cross-head two; a pull quote its lines plus
one). Items are poured into the article's columns top to bottom, column by
column; columns are balanced so they end on the same line (齐底), a
paragraph's last line is kept from standing alone at a column top (孤行) when
the text allows, and whatever does not fit is returned, never dropped.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

from .boxes import BLACK, Item, Line, Rule
from .compose import ParaStyle, Run, compose, set_line
from .grid import Ctx, place_line, stack
from .model import Article, Para, Span


@dataclass
class FlowItem:
    lines: int                                   # grid lines it occupies
    draw: Callable[[float, int, float], list[Item]]   # (x, first grid line, width) -> items
    text: str = ""                               # what it sets, for overset messages
    para: int = -1                               # paragraph index (-1: not body text)
    first: bool = False                          # first line of its paragraph
    last: bool = False                           # last line of its paragraph
    keep_with_next: bool = False                 # a cross-head never ends a column


@dataclass
class Column:
    """Where one text column of an article may hold lines: x, width and grid lines top..bottom."""
    x: float
    width: float
    top: int
    bottom: int                                  # last usable grid line (inclusive)


@dataclass
class Placement:
    columns: list[list[tuple[int, FlowItem]]] = field(default_factory=list)   # (grid line, item)
    rest: list[FlowItem] = field(default_factory=list)
    end_line: int = 0                            # the lowest grid line used

    def items(self, cols: list[Column]) -> list[Item]:
        out: list[Item] = []
        for col, placed in zip(cols, self.columns):
            for line_no, it in placed:
                out += it.draw(col.x, line_no, col.width)
        return out


def body_items(article: Article, width: float, ctx: Ctx, paras: tuple[Para, ...] | None = None,
               with_byline: bool = True) -> list[FlowItem]:
    """Compose the article body at `width` into flow items, in order."""
    items: list[FlowItem] = []
    if with_byline and article.byline:
        items += text_items([Span(article.byline)], "byline", width, ctx, para=-1)
    for i, para in enumerate(paras if paras is not None else article.paras):
        spans = para.spans
        if i == 0 and article.dateline and paras is None:
            # 电头 in bold, then a typed space: ¼ em before a date, a word space before Han text
            spans = (Span(article.dateline + " ", "dateline"),) + spans
        if para.kind == "crosshead":
            items.append(_crosshead(para, width, ctx))
        elif para.kind == "pullquote":
            items.append(_pullquote(para, width, ctx))
        else:
            items += text_items(spans, "body", width, ctx, para=i, source=para.source)
    return items


def runs_for(spans, element: str, ctx: Ctx, source=None) -> list[Run]:
    """Spans -> runs in the element's face; bold spans in the house's bold face at the same size."""
    face, el = ctx.element(element)
    runs = []
    for s in spans:
        f = face if s.style == "body" else ctx.element(SPAN_ELEMENTS[s.style])[0]
        runs += _split_fallback(s.text, f, el.size, source, ctx)
    return runs


# inline styles -> the house element whose face they take (at the size of the text around them)
SPAN_ELEMENTS = {"bold": "bold", "dateline": "dateline", "label": "lead_label"}


def _split_fallback(text: str, face, size: float, source, ctx: Ctx) -> list[Run]:
    """A run the face cannot set whole is split so rare characters use the role's fallback font."""
    if all(face.has(c) or c in " \u3000" for c in text):
        return [Run(text, face, size, source)]
    runs: list[Run] = []
    for ch in text:
        f = face if face.has(ch) or ch in " \u3000" else (ctx.fallback(face, ch) or face)
        if runs and runs[-1].face is f:
            runs[-1] = Run(runs[-1].text + ch, f, size, source)
        else:
            runs.append(Run(ch, f, size, source))
    return runs


def text_items(spans, element: str, width: float, ctx: Ctx, para: int = -1, source=None) -> list[FlowItem]:
    """A paragraph -> one flow item per composed line, each on one grid line."""
    face, el = ctx.element(element)
    style = ctx.house.para if element == "body" else ParaStyle(
        indent=el.indent, align=el.align, kinsoku=ctx.house.para.kinsoku,
        punctuation=ctx.house.para.punctuation, han_latin=ctx.house.para.han_latin)
    lines = compose(runs_for(spans, element, ctx, source), width, style, ctx.log)
    out = []
    for k, line in enumerate(lines):
        out.append(FlowItem(1, _line_drawer(line, el.align, ctx), line.text, para,
                            first=k == 0, last=k == len(lines) - 1))
    return out


def _line_drawer(line: Line, align: str, ctx: Ctx):
    # justified lines fill the measure; only a centred paragraph's last line is centred
    where = "center" if align == "center" and line.last else ("right" if align == "right" else "left")

    def draw(x: float, line_no: int, width: float) -> list[Item]:
        size = line.glyphs[0].size if line.glyphs else ctx.grid.body_size
        return [place_line(line, x, width, where, ctx.grid.baseline(line_no, size))]
    return draw


def note_item(text: str, ctx: Ctx, align: str = "right") -> FlowItem:
    """A one-line note such as （下转第 3 版） in the jump element."""
    face, el = ctx.element("jump")
    line = set_line(text, face, el.size)
    return FlowItem(1, _line_drawer(line, align, ctx), text)


def _crosshead(para: Para, width: float, ctx: Ctx) -> FlowItem:
    """小标题: centred in a band of two grid lines."""
    face, el = ctx.element("crosshead")
    lines = compose(runs_for(para.spans, "crosshead", ctx, para.source), width,
                    ParaStyle(indent=0, align="center", kinsoku=ctx.house.para.kinsoku), ctx.log)
    n = len(lines) + 1

    rows = [(ln, el.size * 1.4, "center") for ln in lines]

    def draw(x: float, line_no: int, w: float) -> list[Item]:
        return stack(rows, x, w, ctx.grid.y(line_no), n * ctx.grid.pitch)
    return FlowItem(n, draw, para.text, keep_with_next=True)


def _pullquote(para: Para, width: float, ctx: Ctx) -> FlowItem:
    """A pull quote between two rules, in the pullquote element, on whole grid lines."""
    face, el = ctx.element("pullquote")
    inner = width - 2 * ctx.grid.body_size
    lines = compose(runs_for(para.spans, "pullquote", ctx, para.source), inner,
                    ParaStyle(indent=0, align="center", kinsoku=ctx.house.para.kinsoku), ctx.log)
    rows = [(ln, el.size * 1.35, "center") for ln in lines]
    n = math.ceil((sum(adv for _, adv, _ in rows) + ctx.grid.pitch) / ctx.grid.pitch)

    def draw(x: float, line_no: int, w: float) -> list[Item]:
        g = ctx.grid
        top, bottom = g.y(line_no) + 2, g.y(line_no + n) - 2
        rules: list[Item] = [Rule(x, top, x + w, top, 1.0, BLACK), Rule(x, bottom, x + w, bottom, 1.0, BLACK)]
        return rules + stack(rows, x, w, top, bottom - top)
    return FlowItem(n, draw, para.text)


# ---- distribution -----------------------------------------------------------

def pour(items: list[FlowItem], cols: list[Column], avoid_widows: bool = True) -> Placement:
    """Fill columns in order; items that do not fit come back in `rest`."""
    p = Placement(columns=[[] for _ in cols])
    i = 0
    for c, col in enumerate(cols):
        line = col.top
        while i < len(items) and line + items[i].lines - 1 <= col.bottom:
            p.columns[c].append((line, items[i]))
            line += items[i].lines
            i += 1
        # a cross-head goes with the text it heads (to the next column, or on to the jump's next page)
        if i < len(items) and p.columns[c] and p.columns[c][-1][1].keep_with_next:
            p.columns[c].pop()
            i -= 1
        # 孤行: a paragraph's last line must not open the next column alone
        if (avoid_widows and c + 1 < len(cols) and i < len(items) and items[i].last and not items[i].first
                and len(p.columns[c]) >= 3):
            prev = p.columns[c][-1][1]
            if prev.para == items[i].para and not prev.first:
                p.columns[c].pop()
                i -= 1
    p.rest = items[i:]
    used = [placed[-1][0] + placed[-1][1].lines - 1 for placed in p.columns if placed]
    p.end_line = max(used) if used else (cols[0].top - 1 if cols else 0)
    return p


def balance(items: list[FlowItem], cols: list[Column]) -> Placement:
    """The placement that fits everything with the highest common bottom line (齐底).

    Columns share one bottom; the shortest bottom at which every item fits makes
    the columns end level (the last may be a line short). If nothing fits at the
    full height, the full-height placement (with its `rest`) is returned.
    """
    full = pour(items, cols)
    if full.rest:
        return pour(items, cols, avoid_widows=False) if pour(items, cols, False).rest.__len__() < len(full.rest) else full
    lo = max(c.top for c in cols)
    hi = max(c.bottom for c in cols)
    best = full
    while lo <= hi:
        mid = (lo + hi) // 2
        trial = [Column(c.x, c.width, c.top, min(c.bottom, mid)) for c in cols]
        p = pour(items, trial)
        if not p.rest:
            best, hi = p, mid - 1
        else:
            lo = mid + 1
    return best
