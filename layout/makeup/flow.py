"""Article body flow: composed lines -> columns on the grid.

An article's body becomes a list of flow items, each a whole number of grid
lines high (a text line is one; a cross-head two; a pull quote its lines plus
one; a table its rows plus two). Items are poured into the article's columns
top to bottom, column by column; columns are balanced so they end on the same
line (齐底), a paragraph's last line is kept from standing alone at a column top
(孤行) when the text allows, and whatever does not fit is returned, never dropped.
fit.py sets a few paragraphs a line looser or tighter (拉行/缩行) where that makes
the columns end flush; a jump's continuation takes the text up at `resume_point`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Callable

from layout.boxes import BLACK, Item, Line, Rule
from layout.compose.justify import extra_space
from layout.compose.paragraph import ParaStyle, Run, compose, line_count, set_line
from layout.errors import BanmianError
from layout.i18n import M
from layout.makeup.grid import Ctx, place_line, stack
from layout.source.model import Article, Para, Span


@dataclass
class FlowItem:
    lines: int                                   # grid lines it occupies
    draw: Callable[[float, int, float], list[Item]]   # (x, first grid line, width) -> items
    text: str = ""                               # what it sets, for overset messages
    para: int = -1                               # paragraph index (-1: not body text)
    first: bool = False                          # first line of its paragraph
    last: bool = False                           # last line of its paragraph
    keep_with_next: bool = False                 # a cross-head never ends a column
    kind: str = "text"                           # text | byline | crosshead | pullquote | note | table ...
    air: int = 0                                 # its first grid lines are air (dropped at a column top)
    row: int = 0                                 # a table's body row (1 = the first)
    reopen: FlowItem | None = None               # a table row opening a column: the header again
    close: FlowItem | None = None                # a table row that cannot follow in this column: the rule
    line: Line | None = None                     # a text line: the composed line it draws
    looseness: int = 0                           # its paragraph set a line longer (+1) or shorter (-1)
    width: float | None = None                   # a text line: the measure it was set to (绕排 checks it)

    @property
    def loose(self) -> float:
        """A text line's widest space between Han characters, em (only a paragraph set a line
        longer is asked: not computed for every line set)."""
        return extra_space(self.line) if self.line is not None else 0.0


@dataclass
class Column:
    """Where one text column of an article may hold lines: x, width and grid lines top..bottom.

    `slots` are the lines a photo the text wraps around (绕排, wrap.py) takes from the
    column: line -> (x, width) of the shorter line beside it, or None for a line the
    text skips. Lines not in `slots` are the column's full width."""
    x: float
    width: float
    top: int
    bottom: int                                  # last usable grid line (inclusive)
    slots: dict[int, tuple[float, float] | None] = field(default_factory=dict)

    def slot(self, line: int) -> tuple[float, float]:
        """x and width of the text on `line` (the column's own where nothing wraps)."""
        return self.slots.get(line) or (self.x, self.width)

    def free(self, line: int, it: FlowItem) -> int:
        """The first grid line from `line` on where `it` may stand: a text line on any line
        the wrap leaves (shorter beside a photo), anything else only on full-width lines."""
        if not self.slots:
            return line
        if it.kind in WRAPPING:
            while line in self.slots and self.slots[line] is None:
                line += 1
            return line
        while any(k in self.slots for k in range(line, line + max(1, it.lines))):
            line += 1
        return line

    @property
    def last(self) -> int:
        """The last line text may use (a photo at the column's foot takes the lines under the text)."""
        b = self.bottom
        while b in self.slots and self.slots[b] is None and b > self.top:
            b -= 1
        return b


# flow items that are lines of text, set at the width of the line they land on (绕排)
WRAPPING = ("text", "byline")


@dataclass
class Placement:
    columns: list[list[tuple[int, FlowItem]]] = field(default_factory=list)   # (grid line, item)
    rest: list[FlowItem] = field(default_factory=list)
    end_line: int = 0                            # the lowest grid line used
    relaxed: bool = False                        # fits only without the 孤行 and cross-head rules

    def items(self, cols: list[Column]) -> list[Item]:
        out: list[Item] = []
        for col, placed in zip(cols, self.columns):
            for line_no, it in placed:
                x, w = col.slot(line_no) if it.kind in WRAPPING else (col.x, col.width)
                out += it.draw(x, line_no, w)
        return out


def body_items(article: Article, width: float, ctx: Ctx, looseness: dict[int, int] | None = None,
               start: tuple[int, int] = (0, 0), lead_in: str = "",
               widths: dict[int, tuple[float, ...]] | None = None, paragraphs: bool = True) -> list[FlowItem]:
    """Compose the article body at `width` into flow items, in order (`paragraphs` False: only
    what comes before them, the lead-in note and the byline).

    `looseness` sets chosen paragraphs a line longer (+1) or shorter (-1) than
    their best setting where the composer can (make-up's 拉行/缩行). A part that
    continues a jump (转版) starts at `start` = (paragraph, characters of it already
    set on the earlier page) and opens with `lead_in` (（上接第 M 版）): run in before
    the rest of a paragraph cut in the middle, on a line of its own otherwise.
    `widths` sets chosen paragraphs (the byline: -1) with per-line widths, where the
    text wraps around a photo or runs through columns of another width (wrap.py)."""
    first, skip = start
    widths = widths or {}
    looseness = looseness or {}
    items: list[FlowItem] = []
    run_in = skip and first < len(article.paras) and article.paras[first].kind == "para"
    if lead_in and not run_in:
        items.append(note_item(lead_in, ctx, "left"))
    if start == (0, 0) and article.byline:
        items += text_items([Span(article.byline)], "byline", widths.get(-1, width), ctx, kind="byline")
    for i in range(first, len(article.paras)) if paragraphs else ():
        items += para_items(article, i, width, ctx, looseness.get(i, 0), start, lead_in, widths)
    return items


class BodySetter:
    """One article body at one column width, set again and again by make-up's trials (fit.py):
    `items(looseness)` is body_items(...) for it, put together from each paragraph's items,
    which are set once at each looseness; `para(k, d)` and `count(k, d)` one paragraph's."""

    def __init__(self, article: Article, width: float, ctx: Ctx, start: tuple[int, int] = (0, 0),
                 lead_in: str = ""):
        self.article, self.width, self.ctx, self.start, self.lead_in = article, width, ctx, start, lead_in
        self._head: list[FlowItem] | None = None     # what comes before the paragraphs
        self._plain: list[list[FlowItem]] = []       # each paragraph from start[0] on, as set

    def items(self, looseness: dict[int, int]) -> list[FlowItem]:
        first = self.start[0]
        if self._head is None:
            self._head = body_items(self.article, self.width, self.ctx, {}, self.start, self.lead_in,
                                    paragraphs=False)
            self._plain = [self.para(k, 0) for k in range(first, len(self.article.paras))]
        out = list(self._head)
        for k, plain in enumerate(self._plain, first):
            d = looseness.get(k, 0)
            out += self.para(k, d) if d else plain
        return out

    def para(self, k: int, d: int) -> list[FlowItem]:
        return para_items(self.article, k, self.width, self.ctx, d, self.start, self.lead_in)

    def count(self, k: int, d: int) -> int:
        return para_count(self.article, k, self.width, self.ctx, d, self.start, self.lead_in)


def para_items(article: Article, i: int, width: float, ctx: Ctx, looseness: int = 0,
               start: tuple[int, int] = (0, 0), lead_in: str = "",
               widths: dict[int, tuple[float, ...]] | None = None) -> list[FlowItem]:
    """Paragraph `i` of the body as body_items sets it (fit.py asks one paragraph at a
    looseness before it sets the whole body so)."""
    para = article.paras[i]
    if para.kind == "crosshead":
        return [_crosshead(para, width, ctx, i)]
    if para.kind == "pullquote":
        return [_pullquote(para, width, ctx, i)]
    if para.kind == "table":
        return _table(para, width, ctx, i, from_row=start[1] if i == start[0] else 0)
    spans, w, indent = _body_text(article, i, width, start, lead_in, widths)
    return text_items(spans, "body", w, ctx, para=i, source=para.source, looseness=looseness, indent=indent)


def para_count(article: Article, i: int, width: float, ctx: Ctx, looseness: int = 0,
               start: tuple[int, int] = (0, 0), lead_in: str = "") -> int:
    """How many flow items para_items gives (a text paragraph's lines are not made for it)."""
    para = article.paras[i]
    if para.kind in ("crosshead", "pullquote", "table"):
        return len(para_items(article, i, width, ctx, looseness, start, lead_in))
    spans, w, indent = _body_text(article, i, width, start, lead_in, None)
    return text_count(spans, "body", w, ctx, para=i, source=para.source, looseness=looseness, indent=indent)


def _body_text(article: Article, i: int, width: float, start: tuple[int, int], lead_in: str,
               widths: dict[int, tuple[float, ...]] | None):
    """A text paragraph's spans as set, its width and its indent (None: the style's)."""
    first, skip = start
    para = article.paras[i]
    spans = para.spans
    if i == 0 and article.dateline:
        # 电头 in bold, then a typed space: ¼ em before a date, a word space before Han text
        spans = (Span(article.dateline + " ", "dateline"),) + spans
    w = (widths or {}).get(i, width)
    if i == first and skip and para.kind == "para":
        # the rest of a paragraph cut by the jump: no indent, the note run in before it
        return (Span(lead_in, "jump"),) + drop_chars(spans, skip), w, 0.0
    return spans, w, None


def drop_chars(spans, n: int) -> tuple[Span, ...]:
    """The spans without their first `n` characters that are not spaces (what a line sets:
    typed spaces become gaps, not glyphs), and without the spaces that then lead."""
    out: list[Span] = []
    for s in spans:
        text = s.text
        if n:
            k = 0
            while k < len(text) and n:
                if not text[k].isspace():
                    n -= 1
                k += 1
            text = text[k:]
        if not out:
            text = text.lstrip()
        if text:
            out.append(Span(text, s.style))
    return tuple(out)


def resume_point(rest: list[FlowItem], placed: list[FlowItem], start: tuple[int, int],
                 lead_in: str, paras: int) -> tuple[int, int]:
    """Where the continuation of a jump takes up the text: (paragraph, characters of it set here)."""
    if not rest:
        return paras, 0
    head = rest[0]
    if head.kind == "byline":
        return 0, 0
    if head.kind == "table_row":
        return head.para, head.row - 1
    if head.kind == "table_air":
        return head.para + 1, 0
    if head.kind != "text" or head.first:
        return head.para, 0
    done = sum(len(it.text) for it in placed if it.kind == "text" and it.para == head.para)
    if head.para == start[0] and start[1]:
        done += start[1] - len(lead_in)          # this part began inside the paragraph, after its note
    return head.para, done


def runs_for(spans, element: str, ctx: Ctx, source=None) -> list[Run]:
    """Spans -> runs in the element's face; bold spans in the house's bold face at the same size."""
    # (fit.py sets a paragraph at three looseness values: its runs are found once; the faces
    # they ask for were put into ctx.faces by the first call)
    key = ("runs", tuple(spans), element, source)
    runs = ctx.memo.get(key)
    if runs is None:
        face, el = ctx.element(element)
        runs = []
        for s in spans:
            f = face if s.style == "body" else ctx.element(SPAN_ELEMENTS[s.style])[0]
            runs += _split_fallback(s.text, f, el.size, source, ctx)
        ctx.memo[key] = runs
    return list(runs)


# inline styles -> the house element whose face they take (at the size of the text around them)
SPAN_ELEMENTS = {"bold": "bold", "dateline": "dateline", "label": "lead_label", "jump": "jump"}


_SPACES = {" ", "\u3000"}


def _split_fallback(text: str, face, size: float, source, ctx: Ctx) -> list[Run]:
    """A run the face cannot set whole is split so rare characters use the role's fallback font."""
    if face.has_all(set(text) - _SPACES):
        return [Run(text, face, size, source)]
    runs: list[Run] = []
    for ch in text:
        f = face if face.has(ch) or ch in " \u3000" else (ctx.fallback(face, ch) or face)
        if runs and runs[-1].face is f:
            runs[-1] = Run(runs[-1].text + ch, f, size, source)
        else:
            runs.append(Run(ch, f, size, source))
    return runs


def text_items(spans, element: str, width: float, ctx: Ctx, para: int = -1, source=None,
               looseness: int = 0, indent: float | None = None, kind: str = "text") -> list[FlowItem]:
    """A paragraph -> one flow item per composed line, each on one grid line."""
    # make-up tries a paragraph at several looseness values: each is set once per build
    key = _items_key(spans, element, width, para, source, looseness, indent, kind)
    if key not in ctx.memo:
        ctx.memo[key] = _text_items(spans, element, width, ctx, para, source, looseness, indent, kind)
    return list(ctx.memo[key])


def text_count(spans, element: str, width: float, ctx: Ctx, para: int = -1, source=None,
               looseness: int = 0, indent: float | None = None, kind: str = "text") -> int:
    """How many lines text_items gives, without making them: fit.py asks it of every paragraph
    a line looser and tighter, and most of those settings are never used (the lines of a
    cached composition are only made when it is set)."""
    key = _items_key(spans, element, width, para, source, looseness, indent, kind)
    if key in ctx.memo:
        return len(ctx.memo[key])
    count = ("count",) + key
    if count not in ctx.memo:
        _, style = _text_style(element, ctx, looseness, indent)
        ctx.memo[count] = line_count(runs_for(spans, element, ctx, source), width, style, ctx.log, ctx.cache)
    return ctx.memo[count]


def _items_key(spans, element, width, para, source, looseness, indent, kind) -> tuple:
    return (tuple(spans), element, tuple(round(w, 6) for w in width) if isinstance(width, tuple) else round(width, 6),
            para, source, looseness, indent, kind)


def _text_style(element: str, ctx: Ctx, looseness: int, indent: float | None):
    """The element and the paragraph style its text is composed in."""
    face, el = ctx.element(element)
    style = ctx.house.para if element == "body" else ParaStyle(
        indent=el.indent, align=el.align, kinsoku=ctx.house.para.kinsoku,
        punctuation=ctx.house.para.punctuation, han_latin=ctx.house.para.han_latin)
    if looseness or indent is not None:
        style = replace(style, looseness=looseness, indent=style.indent if indent is None else indent)
    return el, style


def _text_items(spans, element, width, ctx, para, source, looseness, indent, kind) -> list[FlowItem]:
    el, style = _text_style(element, ctx, looseness, indent)
    lines = compose(runs_for(spans, element, ctx, source), width, style, ctx.log, ctx.cache)
    out = []
    for k, line in enumerate(lines):
        out.append(FlowItem(1, _line_drawer(line, el.align, ctx), line.text, para,
                            first=k == 0, last=k == len(lines) - 1, kind=kind,
                            line=line, looseness=looseness, width=line.width))
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
    return FlowItem(1, _line_drawer(line, align, ctx), text, kind="note")


def _crosshead(para: Para, width: float, ctx: Ctx, index: int) -> FlowItem:
    """小标题: centred in a band of two grid lines."""
    face, el = ctx.element("crosshead")
    lines = compose(runs_for(para.spans, "crosshead", ctx, para.source), width,
                    ParaStyle(indent=0, align="center", kinsoku=ctx.house.para.kinsoku), ctx.log, ctx.cache)
    n = len(lines) + 1

    rows = [(ln, el.size * 1.4, "center") for ln in lines]

    def draw(x: float, line_no: int, w: float) -> list[Item]:
        return stack(rows, x, w, ctx.grid.y(line_no), n * ctx.grid.pitch)
    return FlowItem(n, draw, para.text, para=index, keep_with_next=True, kind="crosshead")


def _pullquote(para: Para, width: float, ctx: Ctx, index: int) -> FlowItem:
    """A pull quote between two rules, in the pullquote element, on whole grid lines."""
    face, el = ctx.element("pullquote")
    inner = width - 2 * ctx.grid.body_size
    lines = compose(runs_for(para.spans, "pullquote", ctx, para.source), inner,
                    ParaStyle(indent=0, align="center", kinsoku=ctx.house.para.kinsoku), ctx.log, ctx.cache)
    rows = [(ln, el.size * 1.35, "center") for ln in lines]
    n = math.ceil((sum(adv for _, adv, _ in rows) + ctx.grid.pitch) / ctx.grid.pitch)

    def draw(x: float, line_no: int, w: float) -> list[Item]:
        g = ctx.grid
        top, bottom = g.y(line_no) + 2, g.y(line_no + n) - 2
        rules: list[Item] = [Rule(x, top, x + w, top, 1.0, BLACK), Rule(x, bottom, x + w, bottom, 1.0, BLACK)]
        return rules + stack(rows, x, w, top, bottom - top)
    return FlowItem(n, draw, para.text, para=index, kind="pullquote")


TABLE_GAP = 1.0            # em between table columns (a 三线表 has no vertical rules)
TABLE_RULES = (0.75, 0.5, 0.75)   # pt: the rule above, under the header, below


def _table(para: Para, width: float, ctx: Ctx, index: int, from_row: int = 0) -> list[FlowItem]:
    """A table, set as a 三线表 (three-line table): a rule above, a thinner one under the
    header row, a rule below, no vertical rules. Every row stands on the body grid (a
    cell that wraps makes its row more lines high) with a grid line of air above and
    below the table, so the text after it stays on the grid. Columns share the measure
    by the width of what they hold: a column whose widest cell fits its share keeps
    that width, the others share the rest and wrap.

    A table longer than what is left of a column goes on in the next one between
    whole rows: the column it leaves is closed with the bottom rule, the next one
    opens with the header again (续表). The header never stands without a row under it.
    `from_row` rows were set on an earlier page (a jump): the table takes up after them."""
    t = para.table
    g = ctx.grid
    n_cols = len(t.align)
    size = ctx.element("table")[1].size
    gap = TABLE_GAP * size
    rows = [("table_head", t.head)] + [("table", r) for r in t.rows]
    kinsoku = ctx.house.para.kinsoku

    def runs(cell, el):
        return runs_for(cell, el, ctx, para.source) if cell else []

    natural = [0.0] * n_cols
    for el, cells in rows:
        for k, cell in enumerate(cells):
            if cell:
                line = compose(runs(cell, el), 1e6, ParaStyle(indent=0, align="left", kinsoku=kinsoku),
                               cache=ctx.cache)[0]
                natural[k] = max(natural[k], line.end)
    widths = _share(natural, width - gap * (n_cols - 1), size)
    if widths is None:
        raise BanmianError(M("the table has {n_cols} columns: too many for a column {v:.0f} characters wide",
                             n_cols=n_cols, v=width / size), para.source.file, para.source.line,
                           hint=M('give the article wider columns (columns:, span:) or the table fewer columns'))
    aligns = {"left": "justify", "center": "center", "right": "right"}
    set_rows = []          # per row: (lines high, [(column, composed lines)], text)
    for el, cells in rows:
        out = []
        for k, cell in enumerate(cells):
            lines = compose(runs(cell, el), widths[k],
                            ParaStyle(indent=0, align=aligns[t.align[k]], kinsoku=kinsoku), ctx.log, ctx.cache) if cell else []
            out.append((k, lines))
        text = "".join(s.text for cell in cells for s in cell)
        set_rows.append((max([len(ls) for _, ls in out] + [1]), out, text))
    xs = [sum(widths[:k]) + gap * k for k in range(n_cols)]
    top_w, head_w, bottom_w = TABLE_RULES

    def cells_at(x: float, line: int, cells) -> list[Item]:
        out: list[Item] = []
        for k, lines in cells:
            for i, ln in enumerate(lines):
                sz = ln.glyphs[0].size if ln.glyphs else size
                out.append(place_line(ln, x + xs[k], widths[k], t.align[k] if ln.last else "left",
                                      g.baseline(line + i, sz)))
        return out

    def rule(x: float, line: int, w: float, weight: float) -> Item:
        return Rule(x, g.y(line), x + w, g.y(line), weight, BLACK)

    head_h, head_cells, head_text = set_rows[0]

    def header(x: float, line: int, w: float) -> list[Item]:
        return [rule(x, line, w, top_w)] + cells_at(x, line, head_cells) + [rule(x, line + head_h, w, head_w)]

    reopen = FlowItem(head_h, header, head_text, para=index, kind="table_head")
    close = FlowItem(0, lambda x, line, w: [rule(x, line, w, bottom_w)], "", para=index, kind="table_close")
    body = list(enumerate(set_rows[1:], 1))[from_row:]
    last_row = len(set_rows) - 1
    items: list[FlowItem] = []
    for n, (row, (high, cells, text)) in enumerate(body):
        def draw(x: float, line_no: int, w: float, cells=cells, high=high, row=row, first=n == 0) -> list[Item]:
            out = header(x, line_no + 1, w) if first else []
            line = line_no + 1 + head_h if first else line_no
            out += cells_at(x, line, cells)
            return out + ([rule(x, line + high, w, bottom_w)] if row == last_row else [])
        if n == 0:      # a line of air, the header, the first row: they never part
            items.append(FlowItem(1 + head_h + high, draw, head_text + text, para=index, kind="table", air=1,
                                  row=row))
        else:
            items.append(FlowItem(high, draw, text, para=index, kind="table_row", row=row,
                                  reopen=reopen, close=close))
    # the line of air under the table (not needed at the top of a column)
    items.append(FlowItem(1, lambda x, line, w: [], "", para=index, kind="table_air", air=1))
    return items


def _share(natural: list[float], room: float, size: float) -> list[float] | None:
    """Column widths (whole characters where they wrap) that fill `room`: narrow columns
    keep their natural width, wide ones share what is left; None if a column would get
    less than two characters."""
    n = len(natural)
    if sum(natural) <= room:
        extra = (room - sum(natural)) / n
        return [w + extra for w in natural]
    fixed: dict[int, float] = {}
    while True:
        rest = [k for k in range(n) if k not in fixed]
        share = (room - sum(fixed.values())) / len(rest)
        narrow = [k for k in rest if natural[k] <= share]
        if not narrow:
            break
        fixed.update({k: natural[k] for k in narrow})
        if len(fixed) == n:
            break
    rest = [k for k in range(n) if k not in fixed]
    if rest:
        share = (room - sum(fixed.values())) / len(rest)
        if share < 2 * size:
            return None
        # wrapping columns hold whole characters; the narrow ones take the remainder
        whole = int(share / size + 1e-9) * size
        for k in rest:
            fixed[k] = whole
        spare = room - sum(fixed.values())
        keep = [k for k in range(n) if k not in rest] or rest
        for k in keep:
            fixed[k] += spare / len(keep)
    return [fixed[k] for k in range(n)]


# ---- distribution -----------------------------------------------------------

def foot(placed: list[tuple[int, FlowItem]]) -> int:
    """The last grid line a column's placed items take."""
    return placed[-1][0] + placed[-1][1].lines - 1


def pour(items: list[FlowItem], cols: list[Column], avoid_widows: bool = True,
         jumps: bool = False, ones: bytes | None = None) -> Placement:
    """Fill columns in order; items that do not fit come back in `rest`.

    When the text `jumps` (转版), the rest opens the continuation on a later page:
    the 孤行 rule holds at the foot of the last column too. `ones` (balance pours the same
    items several times) marks the items one grid line high, so a run of them below a
    column's top is placed at once."""
    p = Placement(columns=[[] for _ in cols])
    i, n = 0, len(items)
    for c, col in enumerate(cols):
        # (the hottest loop of make-up: every fit trial pours the article; attributes read once)
        top, bottom, line, placed = col.top, col.bottom, col.top, p.columns[c]
        free = col.free if col.slots else None
        while i < n:
            if ones is not None and free is None and line != top and ones[i]:
                # one-line items under the column's top: each takes the next line while one is left
                end = ones.find(0, i)
                cnt = min((n if end < 0 else end) - i, bottom - line + 1)
                if cnt <= 0:
                    break
                placed.extend(zip(range(line, line + cnt), items[i:i + cnt]))
                line += cnt
                i += cnt
                continue
            it = items[i]
            # the air above a table is not needed at the top of a column: it starts a line higher;
            # a table row that opens a column has the table's header over it again
            if free is not None:
                line = free(line, it)
            if line == top:
                start, lead = line - it.air, it.reopen
            else:
                start, lead = line, None
            if start + (lead.lines if lead is not None else 0) + it.lines - 1 > bottom:
                break
            if lead is not None:
                placed.append((start, lead))
                start += lead.lines
            placed.append((start, it))
            line = start + it.lines
            i += 1
        # a cross-head goes with the text it heads (to the next column, or on to the jump's next page)
        i -= _keep_with_head(p.columns[c], items, i, avoid_widows)
        # 孤行: a paragraph's last line must not open the next column alone
        if (avoid_widows and (c + 1 < len(cols) or jumps) and i < len(items) and items[i].last and not items[i].first
                and len(p.columns[c]) >= 3):
            prev = p.columns[c][-1][1]
            if prev.para == items[i].para and not prev.first \
                    and (c + 1 == len(cols) or _keeps_widths(cols[c + 1], prev, items[i])):
                p.columns[c].pop()
                i -= 1
                # (the line taken over may leave a cross-head with one line under it)
                i -= _keep_with_head(p.columns[c], items, i, avoid_widows)
        # an item going on in the next column (a table's rows) closes this one (its bottom rule)
        placed = p.columns[c]
        if i < len(items) and items[i].close is not None and placed and placed[-1][1].para == items[i].para:
            placed.append((foot(placed) + 1, items[i].close))
    p.rest = items[i:]
    used = [foot(placed) for placed in p.columns if placed]
    p.end_line = max(used) if used else (cols[0].top - 1 if cols else 0)
    return p


KEEP_UNDER_HEAD = 2         # lines of its paragraph a cross-head keeps under it in its column


def _keep_with_head(placed: list[tuple[int, FlowItem]], items: list[FlowItem], i: int,
                    strict: bool = True) -> int:
    """How many placed items go back to the next column so that no cross-head ends this
    one, nor stands over fewer than KEEP_UNDER_HEAD lines of a paragraph that goes on
    there (a 小标题 over one line at a column's foot reads as a stray line; the proof
    rule: a cross-head keeps with at least two lines of its paragraph). Nothing moves when the text
    ends in this column; with `strict` off (the loose pour, where the text cannot fit
    otherwise) only the head itself is kept from ending the column. Items are popped."""
    if i >= len(items) or not placed:
        return 0
    if placed[-1][1].keep_with_next:
        placed.pop()
        return 1
    if not strict:
        return 0
    # the lines under the last cross-head, if they are few and their paragraph goes on
    under = 0
    for _, it in reversed(placed):
        if it.keep_with_next:
            break
        if it.kind != "text" or under >= KEEP_UNDER_HEAD - 1:
            return 0
        under += 1
    else:
        return 0
    h = len(placed) - under - 1
    if h == 0 or items[i].para != placed[-1][1].para:
        return 0                   # the head opens the column (it cannot do better), or its paragraph ended
    del placed[h:]
    return under + 1


def stranded_heads(p: Placement) -> list[FlowItem]:
    """Cross-heads the placement leaves at a column's foot over fewer than KEEP_UNDER_HEAD lines
    of a paragraph that goes on in the next column (or as its last line): what a relaxed
    placement (the text fits only so) tells the editor of."""
    out = []
    for c, placed in enumerate(p.columns[:-1]):
        following = p.columns[c + 1]
        for k, (_, it) in enumerate(placed):
            if not it.keep_with_next:
                continue
            under = placed[k + 1:]
            goes_on = following and (not under or following[0][1].para == under[-1][1].para)
            if goes_on and len(under) < KEEP_UNDER_HEAD and all(u.kind == "text" for _, u in under):
                out.append(it)
    return out


def _keeps_widths(col: Column, *moved: FlowItem) -> bool:
    """Lines moved to the top of `col` land on lines as wide as they were set (绕排: a line
    set beside a photo is not carried to a full-width line, nor the other way)."""
    line = col.top
    for it in moved:
        line = col.free(line, it)
        if it.width is not None and abs(col.slot(line)[1] - it.width) > 0.01:
            return False
        line += it.lines
    return True


def balance(items: list[FlowItem], cols: list[Column],
            pour_with: Callable[..., Placement] | None = None, floor: int = 0) -> Placement:
    """The placement that fits everything with the highest common bottom line (齐底).

    Columns share one bottom; the shortest bottom at which every item fits makes
    the columns end level (the last may be a line short). If nothing fits at the
    full height, the full-height placement (with its `rest`) is returned.
    `pour_with(cols, avoid_widows=)` replaces pour(items, …) where the items depend on
    where they land (wrap.py). The common bottom is never above `floor` (an article of
    `lines: auto` ends below the photo it wraps).
    """
    ones = bytes([it.lines == 1 for it in items]) if pour_with is None else None
    pour_at = pour_with or (lambda cs, avoid_widows=True: pour(items, cs, avoid_widows, ones=ones))
    full = pour_at(cols)
    if full.rest:
        loose = pour_at(cols, avoid_widows=False)
        if len(loose.rest) < len(full.rest):
            loose.relaxed = True         # (fit.py tries 缩行 for a placement that keeps the rules)
            return loose
        return full
    lo = max([c.top for c in cols] + [floor])
    hi = max(c.bottom for c in cols)
    best = full
    # a bottom whose columns hold fewer lines than the items take cannot fit them: such a trial
    # is answered without pouring (the search visits the same bottoms and finds the same one)
    # (an item's air is dropped at a column top: it needs at least its lines less its air)
    need = sum(it.lines - it.air for it in items) if pour_with is None and not any(c.slots for c in cols) else 0
    while lo <= hi:
        mid = (lo + hi) // 2
        trial = [Column(c.x, c.width, c.top, min(c.bottom, mid), c.slots) for c in cols]
        if need and sum(c.bottom - c.top + 1 for c in trial if c.bottom >= c.top) < need:
            lo = mid + 1
            continue
        p = pour_at(trial)
        if not p.rest:
            best, hi = p, mid - 1
        else:
            lo = mid + 1
    return best
