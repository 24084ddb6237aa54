"""Page make-up: the manifest's blocks placed on the grid, articles flowed, jumps resolved.

    make_up(issue, ctx) -> list[Page]

Pages are made in order, so text that jumps (转版) is carried to the later
block that continues it. Text that does not fit is never dropped: overset
articles fail the build with page, article, lines over and the last words
(`draft=True` builds anyway and marks the block in red on the proof).
"""
from __future__ import annotations

from dataclasses import dataclass

from layout.boxes import BLACK, RED, Bookmark, Item, Page, Rect, Rule, TextLine
from layout.compose.paragraph import ParaStyle, compose
from layout import terms
from layout.errors import BanmianError
from layout.i18n import M, N, join
from layout.makeup.copyfit import ArticleFit, needed_lines, replace_bottom
from layout.makeup.checks import EmptyJump, Facts, check_pages
from layout.makeup.fit import empty_lines, fit
from layout.makeup.flow import (BodySetter, Column, FlowItem, balance, body_items, note_item, pour, resume_point,
                                runs_for, stranded_heads)
from layout.makeup.grid import Ctx
from layout.makeup.headline import headline
from layout.makeup.quotes import ECHO_CLEAR, quote_echoes
from layout.makeup.shape import area_columns, check_wrapped, rects, text_columns, wrap_frame, wrapped_keepouts
from layout.makeup.wrap import exclude, place_wrapped
from layout.source.model import ArticleBlock, FigureBlock, KantouBlock, MastheadBlock, PageSpec, PhotoBlock, Span


@dataclass
class Placed:
    """What a block ended up occupying, for rules and overlap checks."""
    id: str
    col: int
    span: int
    line: int
    lines: int
    kind: str
    owner: str = ""          # for a 通栏 headline band: the article it heads


def make_up(issue, ctx: Ctx, draft: bool = False) -> list[Page]:
    carry: dict = {}          # continuation block id -> (paragraph, characters set) where it resumes
    jump_page = {b.id: p.number for p in issue.pages for b in p.blocks}
    overs: list[ArticleFit] = []
    facts = Facts()               # what the page checks need of make-up: empty jumps, headline bands
    pages = []
    memo = ctx.cache.stages.get("pages")      # a resident build's pages (makeup/pagememo.py)
    if memo is not None:
        memo.start(ctx)
    for spec in issue.pages:
        if memo is not None:
            pages.append(memo.make(spec, ctx, carry, jump_page, overs, facts, make_page))
        else:
            pages.append(make_page(spec, ctx, carry, jump_page, overs, facts))
    if not draft:             # every overset article of every page, with its figures (copyfit.py)
        for over in overs:
            ctx.log.error(BanmianError(over.overset(), over.source.file, over.source.line, hint=over.overset_hint()))
    ctx.log.stop()            # and every overlap make-up found, at once
    check_pages(issue, pages, ctx, facts, draft)
    return pages


def make_page(spec: PageSpec, ctx: Ctx, carry: dict, jump_page: dict, overs: list, facts: Facts) -> Page:
    """One page made up: its blocks in manifest order (the planner makes trial pages with it too)."""
    issue = ctx.issue
    page = Page(spec.number, *issue.house.trim, bleed=issue.house.bleed, label=f"第{spec.number}版")
    placed: list[Placed] = []
    # 1. running head (报眉) on every page but the one with the masthead
    if not any(isinstance(b, MastheadBlock) for b in spec.blocks):
        page.items += _running_head(spec, ctx)
    # 2. blocks in manifest order
    check_wrapped(spec)
    for block in spec.blocks:
        items, lines, over = _block(block, spec, ctx, carry, jump_page, page, placed, facts)
        page.items += items
        ear = getattr(block, "ear", 0)       # a masthead's 报眼 columns hold another block above its rule
        placed.append(Placed(block.id, block.pos.col, block.pos.span - ear, block.pos.line, lines - (1 if ear else 0),
                             type(block).__name__, owner=_wrapped_in(block, spec)))
        if ear:
            placed.append(Placed(block.id, block.pos.col, block.pos.span, block.pos.line + lines - 1, 1,
                                 type(block).__name__))
        # the other rectangles of an irregular area (刀把 / L 形)
        for col, span, line, n in (rects(block)[1:] if isinstance(block, ArticleBlock) else ()):
            placed.append(Placed(block.id, col, span, line, n, "ArticleBlock"))
        if over:
            overs.append(over)
            f = ctx.grid.frame(block.pos, lines)
            page.items.append(Rect(f.x - 2, f.y - 2, f.w + 4, f.h + 4, stroke=RED, stroke_width=2))
    _check_overlaps(placed, spec, ctx)
    page.blocks = [(p.id, p.col, p.span, p.line, p.lines) for p in placed]
    # 3. rules between blocks
    if ctx.house.separators:
        page.items += _separators(placed, ctx)
    # 4. the 报尾 imprint under the last page's type area
    if spec.number == issue.pages[-1].number:
        from layout.makeup.furniture import imprint
        page.items += imprint(ctx)
    return page


def _block(block, spec: PageSpec, ctx: Ctx, carry, jump_page, page: Page, placed: list, facts: Facts):
    g = ctx.grid
    if isinstance(block, ArticleBlock):
        return _article(block, spec, ctx, carry, jump_page, page, placed, facts)
    if isinstance(block, KantouBlock) and block.pos.lines is None:
        src = block.pos.source
        raise BanmianError(M("page {page}: a 刊头 of lines: auto takes the height the planner gives it, but every "
                             "other block of the page is placed by hand", page=spec.number), src.file, src.line,
                           hint=M("give it a height (lines: 10), or leave the other blocks' geometry to the "
                                  "planner (no line:)"))
    frame = g.frame(block.pos)
    if getattr(block, "wrap", None):
        # inside an article (绕排): its own width in characters from its offset
        x, w = wrap_frame(block, g)
        frame = type(frame)(x, frame.y, w, frame.h)
    if isinstance(block, MastheadBlock):
        from layout.makeup.furniture import masthead
        return masthead(block, frame, ctx), block.pos.lines, None
    if isinstance(block, KantouBlock):
        from layout.makeup.furniture import kantou
        page.bookmarks.append(Bookmark(block.title or "刊头", frame.y))
        return kantou(block, frame, ctx), block.pos.lines, None
    if isinstance(block, FigureBlock):
        from layout.makeup.infographic import figure
        page.bookmarks.append(Bookmark(block.title, frame.y))
        return figure(block, frame, ctx), block.pos.lines, None
    if isinstance(block, PhotoBlock):
        from layout.makeup.photo import photo
        # a photo bleeds off the top edge only where no running head sits above the type area
        masthead_page = any(isinstance(b, MastheadBlock) for b in spec.blocks)
        return photo(block, frame, ctx, top_bleed=masthead_page), block.pos.lines, None
    raise AssertionError(block)


def _running_head(spec: PageSpec, ctx: Ctx) -> list[Item]:
    from layout.makeup.furniture import running_head
    return running_head(spec.number, spec.section, spec.editor, ctx)


def _article(block: ArticleBlock, spec: PageSpec, ctx: Ctx, carry, jump_page, page: Page, placed: list,
             facts: Facts):
    g, pos, art = ctx.grid, block.pos, block.article
    x0, span_w = g.x(pos.col), g.width(pos.span)
    bottom = pos.line + pos.lines - 1 if pos.lines else g.lines
    items: list[Item] = []
    # 0. a frame (花边, box or tint): the text stands its inner margin inside, on the grid
    #    (on a side where the block meets the type area's edge the frame stays inside it)
    from layout.makeup.ornament import block_sides
    # (a planner's trial, page 0, sets the block alone at line 1 of column 1 to measure it: it is
    # measured as a block inside the page, not at the edges it stands at only there)
    at = pos if spec.number else None
    ins = block_sides(block.frame, at, ctx)
    x0, span_w, top = x0 + ins.left * g.body_size, span_w - (ins.left + ins.right) * g.body_size, pos.line + ins.top
    if pos.lines:
        bottom -= ins.bottom

    # 1. headline group (a continuation repeats the title small); a 竖题 stands beside the text
    vhead = _vertical_head(block, x0, span_w, top, ctx)
    if vhead is not None:
        items += vhead.items
        x0, span_w = (x0, span_w - vhead.width) if block.headline != "vertical-left" else \
            (x0 + vhead.width, span_w - vhead.width)
        hx, hw, hl_lines, hcols = x0, span_w, 0, pos.span
    elif block.headline == "page":
        hx, hw, hcols = g.x(1), g.width(g.columns), g.columns
    elif isinstance(block.headline, int):
        hx, hw, hcols = x0, g.width(block.headline), block.headline
    else:
        hx, hw, hcols = x0, span_w, pos.span
    if vhead is None:
        hl_items, hl_lines = headline(art, hx, g.y(top), hw, ctx,
                                      continued_from=carry.get(("page", block.id)) if block.continued else None,
                                      major=block.major, title_size=block.title_size,
                                      title_align=block.title_align, span=hcols)
        items += hl_items
        facts.band(spec.number, hx, g.y(top), hw, hl_lines * g.pitch)     # the headline's zone is inked
    if block.ornament and not block.continued:
        # 题花 beside the title
        from layout.makeup.ornament import title_flower
        items += title_flower(block.ornament, vhead.items if vhead else hl_items, ctx, (hx, hx + hw))
    if vhead is None and (hcols > pos.span or hx < x0):
        # a 通栏 headline reaches over other columns: they must stay clear of it
        placed.append(Placed(f"{block.id} (its headline)", round((hx - g.left) / (g.col_w + g.gutter)) + 1,
                             hcols, top, hl_lines, "Headline", owner=block.id))
    page.bookmarks.append(Bookmark(art.title + ("（续）" if block.continued else ""), g.y(pos.line)))
    under_top = top + hl_lines

    if block.direction == "vertical":
        return _vertical_article(block, spec, ctx, items, x0, span_w, top, bottom)

    # 2. 阅读提示 / 编者按 box under the headline
    if art.lead and not block.continued:
        lead_items, lead_lines = _lead_box(art, hx if block.headline != "page" else x0,
                                           under_top, hw if block.headline != "page" else span_w, ctx)
        items += lead_items
        facts.band(spec.number, hx if block.headline != "page" else x0, g.y(under_top),
                   hw if block.headline != "page" else span_w, (lead_lines - 1) * g.pitch)
        under_top += lead_lines

    # 3. the text columns (变栏: `columns` over the span), those of an irregular area's other
    #    parts, and the lines the photos the text runs around (绕排) take from them
    k = block.columns
    col_w, gutter = text_columns(span_w, k, g.gutter, g.body_size)
    cols = []
    for i in range(k):
        cx = x0 + i * (col_w + gutter)
        beside = isinstance(block.headline, int) and cx >= hx + hw - 0.01
        cols.append(Column(cx, col_w, top if beside else under_top, bottom))
    if block.area:
        cols = area_columns(cols, block.area, g)
    keepouts = wrapped_keepouts(block, spec, g)
    for ko in keepouts:
        if ko.top < under_top and ko.x0 < hx + hw and ko.x1 > hx:
            src = next(b for b in spec.blocks if b.id == ko.block).pos.source
            raise BanmianError(M("page {number}: block '{block}' stands in the headline of '{file}' (the headline and lead take lines {line}–{v})", number=spec.number, block=ko.block, file=art.file, line=pos.line, v=under_top - 1),
                               src.file, src.line, hint=M('move it to line {v} or lower', v=under_top + 1))
    if keepouts:
        cols = exclude(cols, keepouts, g.body_size)
    wrapped = bool(keepouts) or len({round(c.width, 3) for c in cols}) > 1
    if any(c.top > c.bottom for c in cols):
        room = bottom - top + 1          # inside its frame, if it has one
        raise BanmianError(M("{place}: the headline and lead box of article {article} take {lines} lines, more than "
                             "the {room} the block has",
                             place=terms.place(spec.number, pos.col, pos.span, pos.line, room),
                             article=terms.article(art.file, art.title), lines=under_top - top, room=room),
                           pos.source.file, pos.source.line,
                           hint=M('give the block more lines, or start it higher on the page'))

    # 4. the body, or what an earlier page left of it (set again at this block's width)
    start, lead_in = (0, 0), ""
    empty = False                 # a jump that carries nothing / a continuation with no text
    if block.continued:
        start, lead_in = carry.pop(block.id), f"（上接第{carry[('page', block.id)]}版）"
        if start[0] >= len(art.paras):
            empty = True
            facts.jumps.append(EmptyJump(spec.number, block.id, art.file, spec.number, True, pos.source))

    body = BodySetter(art, col_w, ctx, start, lead_in)

    def compose_items(looseness: dict[int, int]) -> list[FlowItem]:
        if wrapped:
            # for fit's bookkeeping: the body at the column width, and what it was asked for
            return _Body(body.items(looseness), looseness)
        return body.items(looseness)

    one_para, para_lines = body.para, body.count

    def wrapped_place(items, cs, pour_at):
        """Lines set at the width of the line they land on (绕排, columns of other widths)."""
        compose_w = lambda widths: body_items(art, col_w, ctx, items.looseness, start=start,
                                              lead_in=lead_in, widths=widths)
        _, p, settled = place_wrapped(compose_w, cs, pour_at)
        if not settled:
            unsettled.append(True)
        return p

    def place(items, jumps: bool = False):
        if not wrapped:
            return pour(items, cols, jumps=True) if jumps else balance(items, cols)
        if jumps:
            return wrapped_place(items, cols, lambda f, cs: pour(f, cs, jumps=True))
        # balance: every trial bottom pours the text again, each line set where it lands
        return balance(items, cols, pour_with=lambda cs, avoid_widows=True: wrapped_place(
            items, cs, lambda f, c2: pour(f, c2, avoid_widows)), floor=floor)
    # an article of `lines: auto` ends under the photos it wraps, gap included
    floor = max((k.last for k in keepouts), default=0) if not pos.lines else 0
    unsettled: list[bool] = []

    # 5. pour: a jumping article fills its block and leaves a line for （下转第 N 版）;
    #    other columns end level, a block of fixed height at its foot (拉行/缩行 make up a few lines)
    over = None
    if block.jump_to:
        target = jump_page[block.jump_to]
        note_line = cols[-1].bottom
        cols[-1].bottom -= 1
        set_items, placement = fit(compose_items, lambda f: place(f, jumps=True), cols, one_para, para_lines, jumps=True)
        short = empty_lines(placement, cols) if placement.rest else []     # every column, to its foot
        note = note_item(f"（下转第{target}版）", ctx, "right")
        placement.columns[-1].append((note_line, note))
        here = [it for col in placement.columns for _, it in col]
        if not placement.rest:
            empty = True
            facts.jumps.append(EmptyJump(spec.number, block.id, art.file, target, False, pos.source))
        goes_on = sum(len(it.text) for it in placement.rest)
        carry[block.jump_to] = resume_point(placement.rest, here, start, lead_in, len(art.paras))
        carry[("page", block.jump_to)] = spec.number
        placement.rest = []
        end = bottom
    else:
        set_items, placement = fit(compose_items, place, cols, one_para, para_lines, level=not pos.lines)
        goes_on = 0
        # (against the lowest line used: a block too tall for its text is the underset warning's)
        short = empty_lines(placement, cols, level=True)[:-1]    # the last column may end short
        end = max(placement.end_line, floor)
    # copyfit: the figures of this block, in characters and lines (makeup/copyfit.py)
    record = _record(block, spec, ctx, cols, set_items, placement, compose_items, (one_para, para_lines), goes_on,
                     jump_page.get(block.jump_to), carry.get(("page", block.id)) if block.continued else None)
    ctx.fits.append(record)
    if not block.jump_to:
        if record.over_chars:
            over = record
        elif pos.lines and max(c.last for c in cols) - end > 2 and not empty:
            # (an irregular area's foot is its lowest part's)
            short_by = max(c.last for c in cols) - end
            ctx.log.warn(M("{place}: article {article} is {short} short of its block: add about {chars} characters, "
                           "or set lines: {needed} (now {lines})", place=record.where(), article=record.what(),
                           short=N("{n} line", "{n} lines", short_by), chars=record.add_chars,
                           needed=record.needed, lines=pos.lines) if record.needed is not None else
                         M("{place}: article {article} is {short} short of its block: add about {chars} characters",
                           place=record.where(), article=record.what(),
                           short=N("{n} line", "{n} lines", short_by), chars=record.add_chars),
                         pos.source.file, pos.source.line)
    # a column that ends short inside the article: what 拉行/缩行 could not make up, so the
    # editor hears of it (a few characters more or less fix it)
    inner = [(k + 1, n) for k, n in enumerate(short) if n]
    if inner and not over and not empty:
        where = join([M("column {col} is {short} short",
                        col=k, short=N("{n} line", "{n} lines", n)) for k, n in inner])
        ctx.log.warn(M("{place}: article {article}: the columns do not end level ({where}; no paragraph could be "
                       "set a line looser or tighter to even them): add or cut a few characters, or give the block "
                       "another height or column count", place=record.where(), article=record.what(), where=where),
                     pos.source.file, pos.source.line)
    if unsettled:
        ctx.log.warn(M("{place}: article {article}: the text around a photo did not settle; a line may be set "
                       "wider than its place beside the photo: check the proof", place=record.where(),
                       article=record.what()),
                     pos.source.file, pos.source.line)
    for head in stranded_heads(placement) if placement.relaxed else ():
        ctx.log.warn(M("{place}: article {article}: the cross-head “{head}” stands at a column's foot over "
                       "fewer than two lines of its paragraph (the text fits the block only so): add or cut a "
                       "few lines' worth of characters before it, or give the block another height",
                       place=record.where(), article=record.what(), head=head.text),
                     pos.source.file, pos.source.line)
    for quote, k, gap in quote_echoes(placement):
        src = art.paras[k].source if 0 <= k < len(art.paras) and art.paras[k].source else pos.source
        ctx.log.warn(M("{place}: article {article}: the pull quote “{quote}” stands {gap} from the sentence it "
                       "repeats: a pull quote repeats a sentence from elsewhere in the story; move its `> ` "
                       "paragraph at least {clear} lines away (another column or part of the story)",
                       place=record.where(), article=record.what(), quote=quote,
                       gap=N("{n} line", "{n} lines", gap), clear=ECHO_CLEAR),
                     src.file, src.line)
    items += placement.items(cols)
    lines_used = (pos.lines if pos.lines else end - pos.line + 1 + ins.bottom)
    if vhead is not None and not pos.lines:
        lines_used = max(lines_used, vhead.lines + ins.top + ins.bottom)   # the 竖题 may run longer than the text

    # 6. the frame or tint around the whole block, under everything else
    if block.frame != "none":
        from layout.makeup.ornament import block_frame
        items[:0] = block_frame(block.frame, g.frame(pos, lines_used), ctx, at)
    return items, lines_used, over


def _vertical_article(block: ArticleBlock, spec: PageSpec, ctx: Ctx, items: list, x: float, width: float,
                      top: int, bottom: int):
    """竖排 body: vertical lines right to left over the block (beside its 竖题), its frame around it."""
    from layout.makeup.vertical import vertical_body
    g, pos, art = ctx.grid, block.pos, block.article
    body, used, rest = vertical_body(art, x, width, top, bottom - top + 1, ctx)
    items += body
    # the same copyfit record as a horizontal article's (copyfit.py): a vertical line is a column
    # of the block's height, so lines over are the characters over per such line
    per_line = max(1, int((bottom - top + 1) * g.pitch / g.body_size))
    over_lines = -(-len(rest) // per_line)
    slots = int(width / g.pitch + 1e-9)
    record = ArticleFit(spec.number, art.file, art.title, pos.source, pos.col, pos.span, pos.line, pos.lines,
                        pos.lines, 1, sum(len(s.text) for p in art.paras for s in p.spans), used + over_lines,
                        max(slots, used), over_lines=over_lines, over_chars=len(rest), chars_per_line=per_line,
                        ends=rest[-8:])
    # copyfit's `lines:` at which the text fits: the same search as a horizontal block's (_record)
    n = needed_lines(bottom - top + 1, lambda n: not vertical_body(art, x, width, top, n, ctx)[2],
                     g.lines - top + 1)
    record.needed = None if n is None else n + pos.lines - (bottom - top + 1)     # (None: no height holds it)
    ctx.fits.append(record)
    over = record if rest else None
    if block.frame != "none":
        from layout.makeup.ornament import block_frame
        items[:0] = block_frame(block.frame, g.frame(pos, pos.lines), ctx, pos if spec.number else None)
    return items, pos.lines, over


def _vertical_head(block: ArticleBlock, x0: float, span_w: float, top: int, ctx: Ctx):
    """The 竖题 strip of an article with `headline: vertical` (right) or `vertical-left`, else None."""
    if block.headline not in ("vertical", "vertical-left") or block.continued:
        return None
    from layout.makeup.vertical import vertical_headline
    side = "left" if block.headline == "vertical-left" else "right"
    return vertical_headline(block.article, x0, span_w, top, side, ctx, major=block.major,
                             title_size=block.title_size)


class _Body(list):
    """The body set at the column width (what fit() counts), with the looseness it was set at,
    so the wrapped placement can set it again at the widths where its lines land."""

    def __init__(self, items, looseness):
        super().__init__(items)
        self.looseness = looseness


def _wrapped_in(block, spec: PageSpec) -> str:
    """The article a block with `wrap:` stands in (its overlap is wanted), else ''."""
    if not getattr(block, "wrap", None):
        return ""
    from layout.makeup.shape import inside
    return next((a.id for a in spec.blocks if isinstance(a, ArticleBlock) and inside(block.pos, a)), "")


def _lead_box(art, x: float, top_line: int, width: float, ctx: Ctx) -> tuple[list[Item], int]:
    """阅读提示: label and text in kai, framed (or tinted), text on the grid, half a line of air."""
    g = ctx.grid
    face, el = ctx.element("lead")
    pad = g.body_size
    # the label (阅读提示 / 编者按) in its own face, then the text after a typed space (¼ em before
    # a figure, a word space before Han: the bold label already sets it apart)
    spans = ((Span(art.lead_label + " ", "label"),) if art.lead_label else ()) + tuple(art.lead)
    lines = compose(runs_for(spans, "lead", ctx), width - 2 * pad, ParaStyle(indent=0, kinsoku=ctx.house.para.kinsoku,
                                                      punctuation=ctx.house.para.punctuation), ctx.log, ctx.cache)
    n = len(lines) + 3          # half a line of air above and below inside the frame, a line after it
    items: list[Item] = []
    y_top, y_bot = g.y(top_line) + g.pitch / 2, g.y(top_line + len(lines) + 1) + g.pitch / 2
    fill = ctx.house.colors["tint"] if el.frame == "tint" else None
    # the rule's centre half its width inside the block: its ink stays within the columns (and
    # the type area) the box stands on
    rule = 0.75
    half = rule / 2 if el.frame != "tint" else 0.0
    items.append(Rect(x + half, y_top, width - 2 * half, y_bot - y_top, fill=fill,
                      stroke=BLACK if el.frame != "tint" else None, stroke_width=rule))
    for i, ln in enumerate(lines):
        items.append(TextLine(x + pad, g.baseline(top_line + 1 + i, el.size), ln))
    return items, n


def _record(block: ArticleBlock, spec: PageSpec, ctx: Ctx, cols, set_items, placement, compose_items, one_para: tuple,
            goes_on: int, jump_to: int | None, from_page: int | None) -> ArticleFit:
    """The copyfit figures of one article block; the exact `lines:` is searched (the block set
    again at other heights) when the text is over or well short, or for `banmian fit`."""
    pos, art, g = block.pos, block.article, ctx.grid
    rest = placement.rest
    # text lines the block's columns hold: to its foot, or (lines: auto) down to the line it ends on
    #    (lines a wrapped photo takes from a column, 绕排 `slots` of None, hold no text)
    room = sum(max(0, (c.bottom if pos.lines else placement.end_line) - c.top + 1)
               - sum(1 for k, v in c.slots.items() if v is None
                     and c.top <= k <= (c.bottom if pos.lines else placement.end_line)) for c in cols)
    used = sum(it.lines for col in placement.columns for _, it in col)
    under = max(0, room - used) if pos.lines and not rest and not block.jump_to else 0
    per_line = int(cols[0].width / g.body_size + 1e-6) if cols else 0
    f = ArticleFit(spec.number, art.file, art.title, pos.source, pos.col, pos.span, pos.line, pos.lines,
                   pos.lines if pos.lines else placement.end_line - pos.line + 1, len(cols),
                   sum(len(it.text) for it in set_items), sum(it.lines for it in set_items), room,
                   over_lines=sum(it.lines for it in rest), over_chars=sum(len(it.text) for it in rest),
                   under_lines=under, chars_per_line=per_line, jump_page=jump_to, goes_on_chars=goes_on,
                   from_page=from_page, ends=art.text.replace("\n", "")[-8:])
    if pos.lines and not block.jump_to and (f.over_chars or under > 2 or ctx.copyfit):
        plain = compose_items({})

        def fits(lines: int) -> bool:
            trial = replace_bottom(cols, pos.line + lines - 1)
            if any(c.top > c.bottom for c in trial):
                return False
            # what fits as set needs no looseness search (fit keeps a placement with nothing over)
            if not balance(plain, trial).rest:
                return True
            _, p = fit(compose_items, lambda items: balance(items, trial), trial, *one_para)
            return not p.rest
        f.needed = needed_lines(pos.lines, fits, g.lines - pos.line + 1)
    return f


def _check_overlaps(placed: list[Placed], spec: PageSpec, ctx: Ctx) -> None:
    """After make-up, with the heights `lines: auto` took: no two blocks may share a grid cell.
    An article that took more lines than there is room for is named with what to cut."""
    by_id = {b.id: b for b in spec.blocks}
    for i, a in enumerate(placed):
        for b in placed[i + 1:]:
            if a.owner == b.id or b.owner == a.id:
                continue          # an article and its own headline band
            if not (a.col < b.col + b.span and b.col < a.col + a.span):
                continue
            if not (a.line < b.line + b.lines and b.line < a.line + a.lines):
                _check_gap_line(a, b, by_id, spec, ctx)
                continue
            upper, lower = (a, b) if a.line <= b.line else (b, a)
            ub, lb = by_id.get(upper.owner or upper.id), by_id.get(lower.owner or lower.id)
            c0, c1 = max(a.col, b.col), min(a.col + a.span, b.col + b.span) - 1
            l0, l1 = max(a.line, b.line), min(a.line + a.lines, b.line + b.lines) - 1
            where = terms.place(spec.number, c0, c1 - c0 + 1, l0, l1 - l0 + 1)
            if upper.kind == "Headline" and isinstance(ub, ArticleBlock) and lb is not None:
                src = lb.pos.source
                ctx.log.error(BanmianError(
                    M("{place}: the headline of {article} reaches over {below}", place=where,
                      article=terms.article(ub.article.file, ub.article.title), below=terms.block(lb)),
                    src.file, src.line,
                    hint=M("start {below} at line {line} or lower, or give the headline fewer columns (headline:)",
                           below=terms.block(lb), line=upper.line + upper.lines + 1)))
                continue
            if isinstance(ub, ArticleBlock) and ub.pos.lines is None and lb is not None:
                # lines: auto ran into the block below: the article is too long for the room it has
                over = upper.line + upper.lines - lower.line
                per_line = _chars_across(ub, ctx)
                src = ub.pos.source
                ctx.log.error(BanmianError(
                    M("{place}: article {article} (lines: auto) runs {over} into {below}", place=where,
                      article=terms.article(ub.article.file, ub.article.title),
                      over=N("{n} line", "{n} lines", over), below=terms.block(lb)),
                    src.file, src.line,
                    hint=M("cut about {chars} characters from {file}, or move {below} down by {lines} lines "
                           "(line: {line})", chars=over * per_line, file=ub.article.file, below=terms.block(lb),
                           lines=over, line=lower.line + over)))
                continue
            blk = lb or ub
            src = blk.pos.source
            ctx.log.error(BanmianError(
                M("{place}: {block} overlaps {other}", place=where, block=terms.block(lb) if lb else lower.id,
                  other=terms.block(ub) if ub else upper.id),
                src.file, src.line, hint=M("move one of them: change col, span, line or lines")))


def _check_gap_line(a: Placed, b: Placed, by_id: dict, spec: PageSpec, ctx: Ctx) -> None:
    """An article of `lines: auto` that ends on the line right above the block under it took the
    blank grid line stacked blocks keep between them (where the separator rule stands; a frame or a
    tint drawn on the block's edge would run into the one below): the text is a line too long."""
    upper, lower = (a, b) if a.line <= b.line else (b, a)
    if upper.line + upper.lines != lower.line or upper.kind == "Headline" or upper.owner:
        return
    ub, lb = by_id.get(upper.id), by_id.get(lower.owner or lower.id)
    if ub is None or lb is None:
        return
    c0 = max(a.col, b.col)
    across = min(a.col + a.span, b.col + b.span) - c0
    if not isinstance(ub, ArticleBlock) or ub.pos.lines is not None:
        # both heights pinned: the editor's choice, but a frame, a tint or a photo edge drawn on the
        # block's edge then touches the text of the other
        if any(getattr(x, "frame", "none") != "none" or isinstance(x, PhotoBlock) for x in (ub, lb)):
            ctx.log.warn(M("{place}: no blank line between {upper} and {below}: the frame or picture edge "
                           "touches the other block's text; leave a line free between them",
                           place=terms.place(spec.number, c0, across, lower.line, 1),
                           upper=terms.block(ub), below=terms.block(lb)), lb.pos.source.file, lb.pos.source.line)
        return
    src = ub.pos.source
    ctx.log.error(BanmianError(
        M("{place}: article {article} (lines: auto) takes the blank line above {below}",
          place=terms.place(spec.number, c0, across, upper.line + upper.lines - 1, 1),
          article=terms.article(ub.article.file, ub.article.title), below=terms.block(lb)),
        src.file, src.line,
        hint=M("cut about {chars} characters from {file}, or move {below} down a line (line: {line})",
               chars=_chars_across(ub, ctx), file=ub.article.file, below=terms.block(lb), line=lower.line + 1)))


def _chars_across(block: ArticleBlock, ctx: Ctx) -> int:
    """Characters one grid line holds across the article's text columns (its copyfit record)."""
    fitrec = next((f for f in ctx.fits if f.source == block.pos.source), None)
    return fitrec.chars_per_line * fitrec.columns if fitrec else 0


def _separators(placed: list[Placed], ctx: Ctx) -> list[Item]:
    """A thin rule in the blank grid line between stacked blocks, and in the gutter between neighbours."""
    g = ctx.grid
    occ: dict[tuple[int, int], str] = {}
    for p in placed:
        if p.owner and p.kind != "Headline":
            continue              # a photo inside an article (绕排): the article's cells
        for c in range(p.col, p.col + p.span):
            for l in range(p.line, p.line + p.lines):
                occ[(c, l)] = p
    out: list[Item] = []
    for p in placed:
        if p.kind in ("MastheadBlock", "Headline") or (p.owner and p.kind != "Headline"):
            continue
        below = p.line + p.lines
        cols = range(p.col, p.col + p.span)
        if below + 1 <= g.lines and all((c, below) not in occ for c in cols) \
                and any((c, below + 1) in occ for c in cols):
            y = g.y(below) + g.pitch / 2
            out.append(Rule(g.x(p.col), y, g.x(p.col) + g.width(p.span), y, 0.5))
        right = p.col + p.span
        if right <= g.columns:
            # not beside a headline band (the article's own 通栏 headline crosses that gutter)
            rows = [l for l in range(p.line, p.line + p.lines)
                    if (right, l) in occ and occ[(right, l)].kind != "Headline"]
            if rows:
                x = g.x(right) - g.gutter / 2
                out.append(Rule(x, g.y(min(rows)) + 2, x, g.y(max(rows) + 1) - 2, 0.5))
    return out
