"""What each item of a planned page can be: its heights at every width, measured for real.

    items_for(spec, ctx, carried) -> list[PlanItem]
    item.options(span) -> list[Option]

An article is set at the real width of every span (and of one 变栏 column count less)
by the real make-up (page._article, in a scratch log, with the build's composition
cache: a second trial at a width costs nothing); its natural height is what the text
needs, a line more is allowed (拉行 fills it, or the last column ends a line short, within
the 齐底 rules). An article that may jump (`jump: N`) can also stop at any height that
holds its headline and some text. A photo may take any height whose frame keeps at
least the house's `planner.crop_keep` of the picture (cropping, never distorting) above
the house ppi minimum; an infographic what its parts need and a little air. A block shape
outside the house's `planner.block_lines` (行 a column) and `planner.line_chars` (字 a line)
costs its option per line and character beyond them (source/planstyle.py).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from layout.boxes import Page
from layout.errors import BanmianError, Log
from layout.i18n import M, N, join
from layout.source.model import ArticleBlock, FigureBlock, GridPos, PhotoBlock

SLACK_COST = 4.0             # per line per column a block is taller than its text (filled by 拉行, or a short foot)
VARIANT_COST = 6.0           # 变栏: the text in fewer columns than the span
JUMP_COST = 12.0             # the rest of the article goes on on another page
CROP_COST = 20.0             # × the share of the picture cropped away
SHAPE_COST = 1.5             # per line / character outside the house's block_lines / line_chars
MIN_JUMP_TEXT = 6            # lines of body text a jumping part keeps on its page (at least)
STRETCH = 2                  # lines a block may be set shorter or taller than its natural height (缩行/拉行)
MAX_FOOT_GAP = 1             # lines a column may end above its block's foot (a blank line under it makes 2 < 3)
ORNAMENT_COST = 12.0         # a 题花 left out because the title fills the block's width
FIGURE_AIR = 2               # lines an infographic may take beyond what it needs


@dataclass(frozen=True)
class Option:
    lines: int
    columns: int = 0             # text columns (articles)
    jump: bool = False
    cost: float = 0.0
    note: str = ""               # how it is set, for the report (变栏, crop)
    tentative: bool = False      # a height not yet made up: verified when a layout needs it (PlanItem.verified)
    # the block shape outside the house's block_lines / line_chars, for the report (left out of the
    # repr, which breaks ties between plans of equal cost: the report's words change no plan)
    shape: str = field(default="", repr=False, compare=False)
    shape_cost: float = field(default=0.0, repr=False, compare=False)     # what of `cost` the shape costs


@dataclass
class PlanItem:
    block: object
    kind: str                    # article | box | photo | figure | cont | fixed (pinned, plan.fixed_leaves)
    title: str
    pins: object
    order: int                   # importance on the page (0 = 头条)
    measure: object = None       # (span) -> list[Option]
    verify: object = None        # (span, option) -> Option | None: a tentative height made up for real
    frames: object = None        # photos: (span) -> [(lines, share kept, ppi)], every height before the limits
    _memo: dict = field(default_factory=dict)
    _checked: dict = field(default_factory=dict)

    def verified(self, span: int, o: Option) -> Option | None:
        """The option as made up at that height (its real cost), or None when it does not work."""
        if not o.tentative:
            return o
        key = (span, o.columns, o.lines)
        if key not in self._checked:
            self._checked[key] = self.verify(span, o)
        return self._checked[key]

    def options(self, span: int) -> list[Option]:
        if span not in self._memo:
            p = self.pins
            if p.span and span != p.span:
                self._memo[span] = []
            else:
                opts = self.measure(span)
                if p.lines:
                    opts = [o for o in opts if o.lines == p.lines]
                self._memo[span] = opts
        return self._memo[span]

    @property
    def headed(self) -> bool:
        """Its headline counts for 碰题 (an article without a box or tint)."""
        if self.kind == "fixed":          # a pinned block the search places where it stands
            return isinstance(self.block, ArticleBlock) and self.block.frame == "none"
        return self.kind in ("article", "cont")


def scratch(ctx):
    """The build's context with a log of its own: trials must not warn the editor."""
    return dataclasses.replace(ctx, log=Log())


def trial_article(block: ArticleBlock, span: int, columns: int, lines: int | None, ctx, carry: dict | None = None,
                  jump_to: str | None = None):
    """Make up the article alone at (span, columns, lines) from line 1: (lines used, overset lines,
    characters carried on when it jumps, warnings)."""
    from layout.makeup.checks import Facts
    from layout.makeup.page import _article
    sc = scratch(ctx)
    vertical = block.direction == "vertical"
    if vertical and lines is None:
        lines = block.plan.lines if block.plan is not None else block.pos.lines   # (a fixed height: the manifest's rule)
    pos = GridPos(1, span, 1, lines, block.pos.source)
    b = dataclasses.replace(block, pos=pos, columns=columns, jump_to=jump_to, plan=None)
    carry = dict(carry or {})
    page = Page(0, *ctx.house.trim)
    jump_page = {jump_to: 999} if jump_to else {}
    try:
        items, used, over = _article(b, _Spec(), sc, carry, jump_page, page, [], Facts())
    except BanmianError:
        return None
    # vertical lines (竖排) fill the block's height to its foot: there are no column feet to even
    gap = 0 if vertical else _foot_gap(items, span, used, ctx.grid)
    return used, (over.over_lines if over else 0), gap, [w.message for w in sc.log.warnings]


def _foot_gap(items, span: int, used: int, g) -> int:
    """The most grid lines any base column of the block leaves empty above its foot."""
    from layout.boxes import TextLine
    low = [0] * span
    for it in items:
        if isinstance(it, TextLine) and it.line.glyphs:
            ln = int(g.line_of(it.y))
            for c in range(span):
                x0 = g.x(c + 1)
                if it.x < x0 + g.col_w - 1 and it.x + it.line.end > x0 + 1:
                    low[c] = max(low[c], ln)
    return max(used - n for n in low)


@dataclass(frozen=True)
class _Spec:
    """The page an article is tried on alone: nothing else stands on it (no photo it wraps)."""
    number: int = 0
    blocks: tuple = ()


def article_measure(item: PlanItem, ctx, carry: dict | None, jump_limit: int | None = None):
    g = ctx.grid
    block = item.block
    limits = ctx.house.planner

    def measure(span: int) -> list[Option]:
        counts = [block.columns] if block.columns else ([span, span - 1] if span >= 3 else [span])
        out = []
        for k in counts:
            if k > span:
                continue
            r = trial_article(block, span, k, None, ctx, carry)
            if r is None:
                continue
            used, over, gap, warns = r
            cost = VARIANT_COST if k != span and not block.columns else 0.0
            col_w = (g.width(span) - (k - 1) * g.gutter) / k
            chars = col_w / g.body_size
            wide, shape = _outside(chars, limits.line_chars), []
            outside = SHAPE_COST * wide
            if wide:
                cost += SHAPE_COST * wide
                shape.append(M("{chars:g} 字 a line (house: {lo}–{hi} 字)", chars=round(chars, 2),
                               lo=limits.line_chars[0], hi=limits.line_chars[1]))
            note = M("变栏 {columns}", columns=N("{n} column", "{n} columns", k)) if k != span else ""
            if not over:
                body = used                       # (headline included: a fair proxy for the column's length)
                tall = _outside(body, limits.block_lines)
                if tall:
                    cost += SHAPE_COST * tall
                    outside += SHAPE_COST * tall
                    shape.append(M("{lines} 行 a column (house: {lo}–{hi} 行)", lines=body,
                                   lo=limits.block_lines[0], hi=limits.block_lines[1]))
            shape = (join(shape, M("; ")) if shape else "", outside)
            if not over:
                # fixed heights around the natural one: 缩行 takes a line or two back, 拉行 fills one or
                # two more; each is made up for real (when a layout needs it: verify) and kept when no
                # column ends more than a line short
                if gap <= MAX_FOOT_GAP:
                    out.append(_article_option(used, k, cost, r, note, shape))
                for n in range(max(3, used - STRETCH), min(g.lines, used + STRETCH) + 1):
                    if n != used:
                        out.append(Option(n, k, False, cost + SLACK_COST * abs(n - used), note, tentative=True,
                                          shape=shape[0], shape_cost=shape[1]))
            if item.pins.jump and (over or used > MIN_JUMP_TEXT + 8):
                top = min(g.lines, used - 1) if not over else g.lines
                if jump_limit is not None:
                    top = min(top, jump_limit)
                for n in range(MIN_JUMP_TEXT + 6, top + 1):
                    out.append(Option(n, k, True, cost + JUMP_COST, (note + " " if note else "") + "jumps",
                                      shape=shape[0], shape_cost=shape[1]))
        return out

    def verify(span: int, o: Option) -> Option | None:
        t = trial_article(block, span, o.columns, o.lines, ctx, carry)
        if t is None or t[1] or t[2] > MAX_FOOT_GAP:
            return None
        return _article_option(o.lines, o.columns, o.cost, t, o.note, (o.shape, o.shape_cost))
    item.verify = verify
    return measure


def _outside(v: float, limits: tuple[int, int]) -> float:
    """How far v lies outside the house's [least, most] (0 inside)."""
    return max(0, limits[0] - v) + max(0, v - limits[1])


def _article_option(n: int, k: int, cost: float, trial, note: str, shape: tuple = ("", 0.0)) -> Option:
    """An article option with what the trial showed: a column foot short, columns not ending flush."""
    uneven = SLACK_COST if any("do not end flush" in w for w in trial[3]) else 0.0
    # a 题花 the title leaves no room for is left out: the editor asked for it, so a width that keeps it wins
    lost = ORNAMENT_COST if any("no room beside the title" in w for w in trial[3]) else 0.0
    if lost:
        note = M("{note}题花 left out", note=note + " " if note else "")
    return Option(n, k, False, cost + SLACK_COST * trial[2] + uneven + lost, note, shape=shape[0],
                  shape_cost=shape[1])


def photo_measure(item: PlanItem, ctx):
    from layout.makeup.photo import CAPTION_INSET, MIN_IMAGE_LINES, _caption_lines, _pixel_size
    g, house = ctx.grid, ctx.house
    block: PhotoBlock = item.block
    px_w, px_h = _pixel_size(block, ctx)

    def frames(span: int) -> list[tuple[int, float, float]]:
        """(lines, share of the picture kept, ppi) of every frame height at this span."""
        w = g.width(span)
        cap = sum(n for _, n in _caption_lines(block, w - 2 * CAPTION_INSET * g.body_size, scratch(ctx)))
        out = []
        for n in range(cap + MIN_IMAGE_LINES, g.lines + 1):
            h = n * g.pitch - cap * g.pitch
            keep = min((w / h) / (px_w / px_h), (px_w / px_h) / (w / h))
            ppi = 72 / max(w / px_w, h / px_h)
            out.append((n, keep, ppi))
        return out

    def measure(span: int) -> list[Option]:
        return [Option(n, 0, False, CROP_COST * (1 - keep), M("keeps {keep:.0%} of the picture, {ppi:.0f} ppi",
                                                              keep=keep, ppi=ppi))
                for n, keep, ppi in frames(span) if keep >= house.planner.crop_keep and ppi >= house.min_ppi]
    item.frames = frames
    return measure


def unplaceable(item: PlanItem, ctx) -> BanmianError | None:
    """A photo no frame of the page can hold within the house's crop limit and ppi minimum (at its
    pinned span and lines, if any): named as such, not as a page that cannot be filled."""
    g, house = ctx.grid, ctx.house
    spans = [item.pins.span] if item.pins.span else range(1, g.columns + 1)
    if any(item.options(s) for s in spans):
        return None
    src = item.block.pos.source
    sharp = [keep for s in spans for n, keep, ppi in item.frames(s)
             if ppi >= house.min_ppi and (not item.pins.lines or n == item.pins.lines)]
    if not sharp:
        return BanmianError(M("photo {photo}: no frame on the page shows it at the house's {ppi:g} ppi or more",
                              photo=item.title, ppi=house.min_ppi), src.file, src.line,
                            hint=M("use a picture with more pixels, or pin a narrower frame (span:, lines:)"))
    best = max(sharp)
    return BanmianError(M("photo {photo}: no frame on the page keeps {keep:g}% of the picture (the house's "
                          "planner.crop_keep); the closest keeps {best:.1%}", photo=item.title,
                          keep=round(house.planner.crop_keep * 100, 2), best=best), src.file, src.line,
                        hint=M("lower crop_keep in {house} to {v}% or less, or pin the photo's col, span, line "
                               "and lines to crop it by hand", house=house.file, v=int(best * 100)))


def figure_measure(item: PlanItem, ctx):
    from layout.makeup.infographic import figure_lines
    g = ctx.grid

    def measure(span: int) -> list[Option]:
        try:
            need = figure_lines(item.block, g.width(span), scratch(ctx))
        except BanmianError:
            return []
        return [Option(n, 0, False, SLACK_COST * (n - need)) for n in range(need, min(g.lines, need + FIGURE_AIR) + 1)]
    return measure


def items_for(blocks, ctx, carry: dict, limits: dict | None = None) -> list[PlanItem]:
    """The page's unplaced blocks as plan items, in reading order of importance: the 头条 first,
    then the editor's order, a photo right after the article it belongs to."""
    todo = sorted((b for b in blocks if getattr(b, "plan", None) is not None), key=lambda b: b.plan.rank)
    items: list[PlanItem] = []
    for b in todo:
        if isinstance(b, ArticleBlock):
            kind = "cont" if b.continued else ("box" if b.frame != "none" else "article")
            it = PlanItem(b, kind, b.article.title.replace("  ", " "), b.plan, 0)
            it.measure = article_measure(it, ctx, carry, (limits or {}).get(b.id))
        elif isinstance(b, PhotoBlock):
            it = PlanItem(b, "photo", b.path.rsplit("/", 1)[-1], b.plan, 0)
            it.measure = photo_measure(it, ctx)
        elif isinstance(b, FigureBlock):
            it = PlanItem(b, "figure", b.title, b.plan, 0)
            it.measure = figure_measure(it, ctx)
        else:
            continue
        items.append(it)
    # a photo goes right after its article (so the search keeps them together)
    for ph in [i for i in items if i.kind == "photo" and i.pins.of]:
        owner = next((i for i in items if i.kind in ("article", "box") and i.block.article.file == ph.pins.of), None)
        if owner is None:
            src = ph.block.pos.source
            raise BanmianError(M("photo {title} belongs to '{of}', which is not on this page", title=ph.title, of=ph.pins.of),
                               src.file, src.line, hint=M('name an article of the same page in `of:`'))
        items.remove(ph)
        items.insert(items.index(owner) + 1, ph)
    for k, it in enumerate(items):
        it.order = k
    errors = [e for e in (unplaceable(it, ctx) for it in items if it.kind == "photo") if e]
    if errors:
        raise BanmianError.many(errors)
    return items
