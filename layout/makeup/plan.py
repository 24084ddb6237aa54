"""The planner: banmian makes up a page whose blocks carry no geometry.

    plan_issue(issue, ctx, draft) -> (Issue with every block placed, [PagePlan])

The editor lists a page's items (articles, photos, infographics, boxed articles) in
order of importance, with only what is decided before layout (planitems.py reads the
pins). The search is over slicing (guillotine) layouts of the page's free area, the
way a make-up editor divides a page: a rectangle of the column grid is either one item,
or cut across into a top part and the rest (a blank grid line between them, where the
separator rule stands), or cut down into a left part and the rest; the items keep their
order (top before bottom, left before right), so the 头条 opens the page. Heights are
exact: every item's heights at every width come from the real make-up (planitems.py).

Two passes keep it cheap. First, for every sub-rectangle and run of items, the set of
heights it can fill exactly (an int used as a bit set: a cut across adds heights, a cut
down intersects them). Then, from the page's height down, the cheapest ways to fill each
rectangle, a few per height (K), checking 碰题 where two parts meet. The cheapest whole
pages are then made up for real and checked by the page checks (checks.py): the first
that meets every hard rule is the plan. Same input, same enumeration order: same plan.
When none fills the page, the planner says by how much and what the editor can do.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import lru_cache

from layout.errors import BanmianError
from layout.i18n import M, N, join
from layout.makeup.planitems import Option, PlanItem, items_for, scratch
from layout.makeup.planreport import preferences
from layout.makeup.planwhy import no_plan
from layout.source.model import ArticleBlock, GridPos, KantouBlock, MastheadBlock, Pins

K = 3                        # whole-page alternatives kept per share of the free area
SIGNATURES = 6               # alternatives kept per rectangle and height: one per way its headlines meet its sides
VERIFY = 8                   # whole-page candidates made up for real, cheapest first
GAP = 1                      # the blank grid line between stacked blocks (separator rule)
PENGTI = 3                   # headlines side by side start at least this many lines apart
FOOT_SLACK = 2               # lines a region on the page foot may end short (齐底: a column foot a line or two short)
RANK_COST = 3.0              # per column an article is wider than a more important one
APART_COST = 8.0             # a photo not next to its article
SWAP_COST = 1.0              # a less important part set left of a more important one
JUMP_RETRIES = 10            # times a page may send the planner back to set an earlier jump shorter
JUMP_STEP = 6                # lines shorter each time
FOOT_COST = 6.0              # per line a region ends short
KANTOU_LINES = (6, 20)       # heights a 刊头 of lines: auto may take on a planned page
KANTOU_COST = 0.3            # per line away from the middle of that range
ORDER_COST = 2.0             # per place an item stands away from the editor's order of importance


@dataclass
class Placement:
    item: PlanItem
    col: int
    span: int
    line: int
    lines: int
    option: object


@dataclass
class PagePlan:
    number: int
    placements: list[Placement] = field(default_factory=list)
    cost: float = 0.0
    rules: list[tuple[str, bool, str]] = field(default_factory=list)     # (rule, met, detail)
    prefs: list[tuple[str, float, str]] = field(default_factory=list)    # (preference, cost, detail)
    spec: object = None
    problem: str = ""
    moved: tuple | None = None            # (item title, places later (< 0: earlier), extra cost, its photos):
                                          # an item the planner set away from the editor's order (_order_stages)


# ---- the free area ------------------------------------------------------------------------

def regions(spec, grid, heights: dict | None = None, leave=()) -> list[tuple[int, int, int, int]]:
    """The free area of a page around its pinned blocks as rectangles (col, span, line, lines),
    in reading order: columns with the same free lines side by side make one rectangle, a
    blank grid line kept between a pinned block and what the planner puts beside it. The
    blocks of the plan items `leave` count as free (the search places them as fixed leaves)."""
    taken = [set() for _ in range(grid.columns)]
    left = {id(it.block) for it in leave}
    for b in spec.blocks:
        if getattr(b, "plan", None) is not None or id(b) in left:
            continue
        p = b.pos
        n = p.lines or (heights or {}).get(b.id) or grid.lines - p.line + 1
        for c in range(p.col, p.col + p.span):
            for ln in range(p.line - GAP, p.line + n + GAP):
                taken[c - 1].add(ln)
    runs: list[list[tuple[int, int]]] = []
    for c in range(grid.columns):
        out, ln = [], 1
        while ln <= grid.lines:
            if ln in taken[c]:
                ln += 1
                continue
            s = ln
            while ln <= grid.lines and ln not in taken[c]:
                ln += 1
            out.append((s, ln - s))
        runs.append(out)
    rects = []
    c = 0
    while c < grid.columns:
        for s, n in runs[c]:
            if any(r[0] <= c + 1 < r[0] + r[1] and r[2] == s for r in rects):
                continue
            e = c + 1
            while e < grid.columns and (s, n) in runs[e]:
                e += 1
            rects.append((c + 1, e - c, s, n))
        c += 1
    rects = [r for r in rects if r[3] >= 3]
    return sorted(rects, key=lambda r: (r[2], r[0]))


def _kantou_heights(block, ctx):
    """The heights a 刊头 of `lines: auto` may take (KANTOU_LINES), each made up for real (its title
    must still fit its frame), a small cost a line away from the middle of the range."""
    from layout.makeup.furniture import kantou
    mid = sum(KANTOU_LINES) / 2

    def measure(span: int) -> list[Option]:
        out = []
        for n in range(KANTOU_LINES[0], KANTOU_LINES[1] + 1):
            b = dataclasses.replace(block, pos=dataclasses.replace(block.pos, line=1, lines=n))
            try:
                kantou(b, ctx.grid.frame(b.pos), scratch(ctx))
            except BanmianError:
                continue
            out.append(Option(n, cost=KANTOU_COST * abs(n - mid)))
        return out
    return measure


def fixed_leaves(spec, grid, heights: dict, ctx=None) -> tuple[list[PlanItem], list]:
    """Pinned blocks on the top or the foot of the free area and narrower than it (a 刊头 in
    the page's top corner): plan items the search places where they are pinned, so that its
    cuts may run beside and under them (the lead beside a 刊头, a band across the page below
    both), and the free area with them left in. Only when, without them, the free area is one
    rectangle holding each of them; other pins stay cut out of the free area (regions)."""
    cands = []
    for b in spec.blocks:
        if getattr(b, "plan", None) is not None:
            continue
        p = b.pos
        n = p.lines or heights.get(b.id)
        if not n and isinstance(b, KantouBlock):
            n = KANTOU_LINES[1]              # lines: auto: the planner chooses within KANTOU_LINES
        if not n:
            return [], []
        cands.append((b, n))
    if not cands:
        return [], []
    stub = [PlanItem(b, "fixed", "", Pins(), 0) for b, _ in cands]
    rects = regions(spec, grid, heights, leave=stub)
    if len(rects) != 1:
        return [], []
    col, span, line, h = rects[0]
    out = []
    for (b, n), it in zip(cands, stub):
        p = b.pos
        inside = col <= p.col and p.col + p.span <= col + span and line <= p.line and p.line + n <= line + h
        at = "top" if p.line == line else "bottom" if p.line + n == line + h else None
        if not inside or at is None or p.span == span:
            return [], []
        if p.lines is None and isinstance(b, KantouBlock):
            if at != "top":
                return [], []
            it.pins = Pins(col=p.col, span=p.span, at=at, rank=-1)
            it.measure = _kantou_heights(b, ctx)
        else:
            it.pins = Pins(col=p.col, span=p.span, lines=n, at=at, rank=-1 if at == "top" else 100_000)
            it.measure = (lambda n: lambda s: [Option(n)])(n)
        it.order = it.pins.rank
        it.title = getattr(getattr(b, "article", None), "title", "") or type(b).__name__
        out.append(it)
    return out, rects


# ---- the search -----------------------------------------------------------------------------

class Search:
    """Slicing layouts of items[i..j] over columns col..col+span-1, exact heights."""

    def __init__(self, items: list[PlanItem], lead_span: int | None, max_lines: int):
        self.items = items
        self.lead_span = lead_span
        # the 头条 is the first item the planner places (a pinned 刊头 on the page's top may come first)
        self.lead_k = next((k for k, it in enumerate(items) if it.kind != "fixed"), 0)
        self.max = max_lines
        self.feas = lru_cache(maxsize=None)(self._feas)
        self.best = lru_cache(maxsize=None)(self._best)

    def close(self) -> None:
        """Drop the memos: they hold the search in a reference cycle, and a build runs with the
        cyclic collector off (cli.py), so an unclosed search would stay in memory."""
        self.feas.cache_clear()
        self.best.cache_clear()
        del self.feas, self.best

    def leaf_options(self, k: int, col: int, span: int, top: bool, bottom: bool):
        it = self.items[k]
        p = it.pins
        if p.col and col != p.col:
            return []
        if it.kind in ("article", "box") and self.lead_span is not None:
            if k == self.lead_k and (span != self.lead_span or not top):
                return []
            if k != self.lead_k and span > self.lead_span:
                return []
        if p.at == "top" and not top or p.at == "bottom" and not bottom:
            return []
        return [o for o in it.options(span) if o.lines <= self.max]

    def _corner(self, col: int, k: int) -> bool:
        """Item k is a block pinned on the top at column col (a 刊头 in the corner the 头条 would take)."""
        it = self.items[k] if k < len(self.items) else None
        return it is not None and it.kind == "fixed" and it.pins.at == "top" and it.pins.col == col

    def _feas(self, col: int, span: int, i: int, j: int, top: bool = True) -> int:
        """Bit h set: items i..j can fill span columns exactly h lines high (on the free area's
        top edge or not: the 头条 and a pinned 刊头 stand there)."""
        bits = 0
        if i == j:
            for o in self.leaf_options(i, col, span, top, True):
                bits |= 1 << o.lines
            return bits
        for k in range(i, j):
            upper = self.feas(col, span, i, k, top)
            if upper:
                rest = self.feas(col, span, k + 1, j, False)
                if rest:
                    t = upper
                    while t:
                        low = t & -t
                        h = low.bit_length() - 1
                        bits |= rest << (h + GAP)
                        t ^= low
            for a in range(1, span):
                left = self.feas(col, a, i, k, top)
                if left:
                    bits |= left & self.feas(col + a, span - a, k + 1, j, top)
                if i != self.lead_k or self._corner(col, k + 1):
                    # the less important part on the left (never the 头条's, unless a pinned 刊头 holds the corner)
                    bits |= self.feas(col, a, k + 1, j, top) & self.feas(col + a, span - a, i, k, top)
        return bits & ((1 << (self.max + 1)) - 1)

    def _best(self, col: int, span: int, i: int, j: int, h: int, top: bool, bottom: bool) -> tuple:
        """The K cheapest layouts filling exactly h lines: (cost, heads, tree) each; heads are the
        article headlines as (line offset, first col, last col, block lines), relative."""
        if not (self.feas(col, span, i, j, top) >> h) & 1:
            return ()
        found = []
        if i == j:
            for o in self.leaf_options(i, col, span, top, bottom):
                if o.lines == h:
                    o = self.items[i].verified(span, o)
                    if o is None:
                        continue
                    heads = ((0, col, col + span - 1, h),) if self.items[i].headed else ()
                    found.append((o.cost, heads, ("leaf", i, o)))
            return _keep(sorted(found, key=_key), col, span)
        for k in range(i, j):
            top_bits = self.feas(col, span, i, k, top)
            rest_bits = self.feas(col, span, k + 1, j, False)
            t = top_bits
            while t:
                low = t & -t
                ht = low.bit_length() - 1
                t ^= low
                hb = h - ht - GAP
                if hb < 1 or not (rest_bits >> hb) & 1:
                    continue
                for ca, hda, ta in self.best(col, span, i, k, ht, top, False):
                    for cb, hdb, tb in self.best(col, span, k + 1, j, hb, False, bottom):
                        shifted = tuple((o + ht + GAP, c0, c1, n) for o, c0, c1, n in hdb)
                        found.append((ca + cb, hda + shifted, ("h", ta, tb, ht)))
            for a in range(1, span):
                for first, second, extra in ((i, k + 1, 0.0), (k + 1, i, SWAP_COST)):
                    if first != i and i == self.lead_k and not self._corner(col, k + 1):
                        continue
                    lo1, hi1 = (i, k) if first == i else (k + 1, j)
                    lo2, hi2 = (k + 1, j) if first == i else (i, k)
                    if not ((self.feas(col, a, lo1, hi1, top) & self.feas(col + a, span - a, lo2, hi2, top)) >> h) & 1:
                        continue
                    for ca, hda, ta in self.best(col, a, lo1, hi1, h, top, bottom):
                        for cb, hdb, tb in self.best(col + a, span - a, lo2, hi2, h, top, bottom):
                            if _pengti(hda, hdb, col + a):
                                continue
                            found.append((ca + cb + extra, hda + hdb, ("v", ta, tb, a)))
        found.sort(key=_key)
        return _keep(found, col, span)


def _keep(found: list, col: int, span: int) -> tuple:
    """The cheapest layout for each way the headlines meet the rectangle's sides (what decides 碰题
    when it is set beside another), up to SIGNATURES of them."""
    out, seen = [], set()
    for f in found:
        sig = tuple((o, n, c0 == col, c1 == col + span - 1) for o, c0, c1, n in f[1]
                    if c0 == col or c1 == col + span - 1)
        if sig in seen:
            continue
        seen.add(sig)
        out.append(f)
        if len(out) == SIGNATURES:
            break
    return tuple(out)


def _key(x):
    return (round(x[0], 6), repr(x[2]))


def _pengti(left, right, edge: int) -> bool:
    """Two headlines meeting across the cut at column `edge` start fewer than PENGTI lines apart."""
    for o1, _, c1, n1 in left:
        if c1 != edge - 1:
            continue
        for o2, c0, _, n2 in right:
            if c0 == edge and abs(o1 - o2) < PENGTI and o1 < o2 + n2 and o2 < o1 + n1:
                return True
    return False


def flatten(tree, col: int, span: int, line: int, h: int, items, out: list) -> list[Placement]:
    kind = tree[0]
    if kind == "leaf":
        out.append(Placement(items[tree[1]], col, span, line, h, tree[2]))
    elif kind == "h":
        _, ta, tb, ht = tree
        flatten(ta, col, span, line, ht, items, out)
        flatten(tb, col, span, line + ht + GAP, h - ht - GAP, items, out)
    else:
        _, ta, tb, a = tree
        flatten(ta, col, a, line, h, items, out)
        flatten(tb, col + a, span - a, line, h, items, out)
    return out


# ---- a page ---------------------------------------------------------------------------------

def plan_page(spec, ctx, carry: dict, jump_page: dict, draft: bool = False, limits: dict | None = None) -> PagePlan:
    """Place the page's unplaced blocks; `carry` (text going on from earlier pages) is advanced
    by the page as made up. Raises BanmianError naming what is wrong when no plan fills the page."""
    g = ctx.grid
    items = items_for(spec.blocks, ctx, carry, limits or {})
    plan = PagePlan(spec.number)
    # a pinned article of `lines: auto` takes what its text needs: measured, so the free area is known
    from layout.makeup.planitems import trial_article
    heights = {}
    for b in spec.blocks:
        if isinstance(b, ArticleBlock) and b.plan is None and b.pos.lines is None:
            r = trial_article(b, b.pos.span, b.columns, None, ctx, carry)
            if r:
                heights[b.id] = r[0]
    pinned, rects = fixed_leaves(spec, g, heights, ctx)
    if not pinned:
        rects = regions(spec, g, heights)
    fixed: list[Placement] = []
    # 报眼: the item beside the masthead takes the free rectangle beside it, whole
    eye = [it for it in items if it.pins.beside_masthead]
    if eye:
        mast = next((b for b in spec.blocks if isinstance(b, MastheadBlock)), None)
        beside = [r for r in rects if mast and r[2] >= mast.pos.line and r[2] + r[3] <= mast.pos.line + mast.pos.lines]
        if not beside:
            src = eye[0].block.pos.source
            raise BanmianError(M('page {number}: {title} is to stand beside the masthead (报眼), but the masthead leaves no columns free', number=spec.number, title=eye[0].title), src.file, src.line,
                               hint=M('give the masthead fewer columns (span:), e.g. span: 4'))
        r = beside[0]
        opts = [o for o in eye[0].options(r[1]) if o.lines <= r[3]]
        if not opts:
            src = eye[0].block.pos.source
            raise BanmianError(M('page {number}: {title} does not fit beside the masthead ({r} columns × {r2} lines)', number=spec.number, title=eye[0].title, r=r[1], r2=r[3]), src.file, src.line,
                               hint=M('shorten it, or place it elsewhere (leave out `beside:`)'))
        o = max(opts, key=lambda o: (o.lines, -o.cost))
        fixed.append(Placement(eye[0], r[0], r[1], r[2], o.lines, o))
        rects.remove(r)
        items = [it for it in items if it is not eye[0]]
        for k, it in enumerate(items):
            it.order = k
    if not items:
        return _finish(plan, spec, fixed, ctx, carry, jump_page)
    # the search first keeps the editor's order of importance; when no arrangement in that order
    # fills the page, it tries each item (with its photo) moved to another place after the 头条
    first = None
    for orders in _order_stages(items, pinned):
        cands = _candidates_of(orders, rects, g, relax=False)
        first = first if first is not None else (orders, cands)
        for cost, placements, moved in cands[:VERIFY]:
            trial = dataclasses.replace(plan, placements=fixed + placements, cost=cost, moved=moved)
            if _verify(trial, spec, ctx, dict(carry), jump_page, keep=False):
                return _finish(trial, spec, fixed + placements, ctx, carry, jump_page)
    orders, cands = first
    if not cands and draft:
        cands = _candidates_of(orders, rects, g, relax=True)
    if draft and cands:
        return _finish(dataclasses.replace(plan, cost=cands[0][0]), spec, fixed + cands[0][1], ctx, carry, jump_page)
    closest = None
    for cost, placements, _ in (cands or _candidates_of(orders, rects, g, relax=True))[:VERIFY]:
        trial = dataclasses.replace(plan, placements=fixed + placements, cost=cost)
        _verify(trial, spec, ctx, dict(carry), jump_page, keep=False)
        closest = trial
        break
    # a pinned block that cannot be made up (a 刊头 too small for its title) stops every arrangement: say that
    _pinned_alone(spec, ctx, carry, jump_page)
    raise no_plan(spec, items + pinned, rects, ctx, closest)


def _order_stages(items: list[PlanItem], pinned: list[PlanItem]):
    """The item orders the search tries, stage by stage, as (extra cost, items, move): first the editor's
    order; then each item after the 头条 (a photo goes with the article before it) moved to another place,
    at ORDER_COST per place it moves. A block pinned on top (plan.fixed_leaves) may stand at any
    place of the order (before the 头条: beside or above it; later: over the items that follow it).
    `move` names what moved for the report: (the item's title, places later, extra cost, the titles of
    the photos that moved with it), or None."""
    tops = [it for it in pinned if it.pins.at == "top"]
    bottoms = [it for it in pinned if it.pins.at == "bottom"]

    def placed(seq: list[PlanItem], extra: float, move=None) -> list:
        if not tops:
            return [(extra, seq + bottoms, move)]
        return [(extra, seq[:k] + tops + seq[k:] + bottoms, move) for k in range(len(seq) + 1)]
    yield placed(items, 0.0)
    groups: list[list[PlanItem]] = []
    for it in items:
        if it.kind == "photo" and groups:      # a photo listed after an article moves with it
            groups[-1].append(it)
        else:
            groups.append([it])
    moved = []
    for a in range(1, len(groups)):
        for b in range(1, len(groups)):
            if b in (a, a + 1):
                continue
            rest = groups[:a] + groups[a + 1:]
            at = b if b < a else b - 1
            seq = [x for grp in rest[:at] + [groups[a]] + rest[at:] for x in grp]
            move = (groups[a][0].title, at - a, ORDER_COST * abs(at - a), tuple(x.title for x in groups[a][1:]))
            moved += placed(seq, ORDER_COST * abs(at - a), move)
    if moved:
        yield moved


def _pinned_alone(spec, ctx, carry: dict, jump_page: dict) -> None:
    """Make up the page's pinned blocks alone: a pinned block that cannot be made up at all raises
    its own error (what the editor must fix first), not "no arrangement fills the page"."""
    from layout.makeup.checks import Facts
    from layout.makeup.page import make_page
    alone = placed_spec(spec, [], dict(jump_page))
    alone = dataclasses.replace(alone, blocks=tuple(b for b in alone.blocks if b.pos.lines is not None
                                                    or isinstance(b, ArticleBlock)))
    make_page(alone, scratch(ctx), dict(carry), dict(jump_page), [], Facts())


def _candidates_of(orders, rects, g, relax: bool) -> list[tuple[float, list[Placement], tuple | None]]:
    """(cost, placements, move) of every order's layouts, cheapest first (move: _order_stages)."""
    out = [(cost + extra, pl, move) for extra, items, move in orders
           for cost, pl in _candidates(items, rects, g, relax)]
    out.sort(key=lambda c: (round(c[0], 6), [(p.item.order, p.col, p.span, p.line, p.lines) for p in c[1]]))
    return out


def _candidates(items, rects, g, relax: bool) -> list[tuple[float, list[Placement]]]:
    """Whole-page layouts, cheapest first: items shared out over the free rectangles in order."""
    out = []
    lead = next((it for it in items if it.kind != "fixed"), items[0])
    leads = sorted({s for s in range(1, g.columns + 1) if lead.options(s)}, reverse=True)
    for lead_span in leads if lead.kind in ("article", "box") else [None]:
        search = Search(items, lead_span, g.lines)
        for cost, trees in _share(search, rects, 0, len(items), g, relax):
            placements = []
            for (col, span, line, _), (tree, h) in zip(rects, trees):
                if tree is not None:
                    flatten(tree, col, span, line, h, items, placements)
            if any(p.item.kind == "fixed" and p.line != p.item.block.pos.line for p in placements):
                continue            # a pinned block on the foot of a region that ends short: not where it is pinned
            cost += _global_cost(placements, rects, trees)
            out.append((cost, placements))
        search.close()
    out.sort(key=lambda c: (round(c[0], 6), [(p.item.order, p.col, p.span, p.line, p.lines) for p in c[1]]))
    return out


def _share(search: Search, rects, i: int, n: int, g, relax: bool, r: int = 0):
    """The cheapest ways (up to K*K) to fill rects[r:] with items[i:]: (cost, [(tree, height)])."""
    if r == len(rects):
        return [(0.0, [])] if i == n else []
    col, span, line, h = rects[r]
    foot = line + h - 1 == g.lines
    heights = range(h, 0, -1) if relax else range(h, h - (FOOT_SLACK if foot else 0) - 1, -1)
    out = []
    last = len(rects) - 1 == r
    for j in ([n - 1] if last else range(i, n)):
        for hh in heights:
            here = search.best(col, span, i, j, hh, True, foot)
            if not here:
                continue
            rest = _share(search, rects, j + 1, n, g, relax, r + 1)
            for c1, _, tree in here:
                for c2, trees in rest:
                    out.append((c1 + c2 + FOOT_COST * (h - hh), [(tree, hh)] + trees))
            if here and not relax:
                break
    out.sort(key=lambda x: (round(x[0], 6), repr(x[1])))
    return out[:K * K]


def _global_cost(placements: list[Placement], rects, trees) -> float:
    """Preferences over the whole page: importance by width, photos next to their article."""
    cost = 0.0
    arts = sorted((p for p in placements if p.item.kind in ("article", "box")), key=lambda p: p.item.order)
    for a, b in zip(arts, arts[1:]):
        cost += RANK_COST * max(0, b.span - a.span)
    for p in placements:
        if p.item.kind == "photo" and p.item.pins.of:
            owner = next((q for q in placements if q.item.kind in ("article", "box")
                          and q.item.block.article.file == p.item.pins.of), None)
            if owner and not _touch(p, owner):
                cost += APART_COST
    return cost


def _touch(a: Placement, b: Placement) -> bool:
    side = (a.col + a.span == b.col or b.col + b.span == a.col) and a.line < b.line + b.lines and b.line < a.line + a.lines
    stacked = (a.line + a.lines + GAP == b.line or b.line + b.lines + GAP == a.line) \
        and a.col < b.col + b.span and b.col < a.col + a.span
    return side or stacked


def placed_spec(spec, placements: list[Placement], jump_page: dict):
    """The page with every block placed (manifest order; continuations the planner added at the end)."""
    by_block = {id(p.item.block): p for p in placements}
    blocks = []
    for b in list(spec.blocks):
        p = by_block.get(id(b))
        if getattr(b, "plan", None) is None:
            if p is not None and b.pos.lines is None and not isinstance(b, ArticleBlock):
                b = dataclasses.replace(b, pos=dataclasses.replace(b.pos, lines=p.lines))   # (a 刊头 of lines: auto)
            blocks.append(b)
            continue
        if p is None:
            continue
        pos = GridPos(p.col, p.span, p.line, p.lines, b.pos.source)
        if isinstance(b, ArticleBlock):
            jump_to = None
            if p.option.jump:
                jump_to = f"{b.id}-cont"
                jump_page[jump_to] = b.plan.jump
            blocks.append(dataclasses.replace(b, pos=pos, columns=p.option.columns or p.span, jump_to=jump_to,
                                              plan=None))
        else:
            blocks.append(dataclasses.replace(b, pos=pos, plan=None))
    return dataclasses.replace(spec, blocks=tuple(blocks))


def _verify(plan: PagePlan, spec, ctx, carry: dict, jump_page: dict, keep: bool) -> bool:
    """Make the page up for real and record each hard rule's result; True when all are met."""
    from layout.makeup.checks import Facts, holes, pengti
    from layout.makeup.page import make_page
    jp = dict(jump_page)
    placed = placed_spec(spec, plan.placements, jp)
    sc = scratch(ctx)
    overs, facts = [], Facts()
    try:
        page = make_page(placed, sc, carry, jp, overs, facts)
    except BanmianError as e:
        plan.rules = [("makes up", False, e.message)]
        return False
    hs = holes(page, placed, ctx.grid, facts.bands.get(placed.number, ()))
    pt = pengti(page, placed)
    empty = [j for j in facts.jumps]
    arts = sorted((p for p in plan.placements if p.item.kind in ("article", "box")), key=lambda p: p.item.order)
    lead = arts[0] if arts else None
    order_ok = lead is None or (lead.item.order == 0 and all(a.span <= lead.span for a in arts)
                                and lead.line == min(a.line for a in arts))
    photos = [p for p in plan.placements if p.item.kind == "photo"]
    semi = M("; ")
    plan.rules = [      # (rule, met, what it found): the rule's name is planreport.RULES' key
        ("no overset", not overs, join([o.message() for o in overs], semi) if overs
         else M("every article fits its block or jumps")),
        ("type area filled", not hs, join([h.where() for h in hs], semi) if hs
         else M("no empty area of 3 lines × 1 column")),
        ("no 碰题", not pt, join([M("'{a}' / '{b}'", a=p.first, b=p.second) for p in pt], semi) if pt
         else M("side-by-side headlines ≥ 3 lines apart")),
        ("no empty jump", not empty, join([j.article for j in empty], semi) if empty
         else M("every jump carries text")),
        ("reading order", order_ok, M("头条 '{title}' at line {line}, {columns}", title=lead.item.title,
                                      line=lead.line, columns=N("{n} column", "{n} columns", lead.span))
         if lead else M("no article")),
        ("photos", True, join([M("{photo} {note}", photo=p.item.title, note=p.option.note) for p in photos], semi)
         if photos else M("no photo")),
    ]
    plan.spec = placed
    plan.carry = carry
    plan.holes = hs
    return all(ok for _, ok, _ in plan.rules)


def _finish(plan: PagePlan, spec, placements, ctx, carry: dict, jump_page: dict) -> PagePlan:
    plan.placements = placements
    work = dict(carry)
    _verify(plan, spec, ctx, work, jump_page, keep=True)
    carry.clear()
    carry.update(work)
    placed_spec(spec, placements, jump_page)          # record the planner's jump targets
    plan.prefs = preferences(plan, ctx)
    return plan


# ---- the issue ------------------------------------------------------------------------------

def plan_issue(issue, ctx, draft: bool = False):
    """Every page with unplaced blocks planned, in page order (text that jumps is carried on).
    An issue whose pages are all pinned comes back unchanged.

    A page that cannot be filled with what an earlier page's jump carried to it sends the
    planner back: the jumping part is set shorter (it carries more) and the pages are planned
    again, up to JUMP_RETRIES times."""
    if not any(p.unplaced for p in issue.pages):
        return issue, []
    limits: dict[str, int] = {}
    first: BanmianError | None = None
    for _ in range(JUMP_RETRIES):
        try:
            return _plan_pages(issue, ctx, draft, limits)
        except _Retry as r:
            first = first or r.error
            limits[r.block] = r.lines - JUMP_STEP
        except BanmianError:
            if first:
                raise first          # the page the jump went to is what could not be filled
            raise
    raise first


class _Retry(Exception):
    def __init__(self, block: str, lines: int, error: BanmianError):
        self.block, self.lines, self.error = block, lines, error


def _plan_pages(issue, ctx, draft: bool, limits: dict, last: bool = False):
    from layout.makeup.checks import Facts
    from layout.makeup.page import make_page
    pages_n = {p.number for p in issue.pages}
    jump_page = {b.id: p.number for p in issue.pages for b in p.blocks}
    carry: dict = {}
    pending: dict[int, list] = {}
    came: dict[int, list] = {}          # page -> [(jumping block id, its lines)]
    out, plans = [], []
    for spec in issue.pages:
        if pending.get(spec.number):
            spec = dataclasses.replace(spec, blocks=spec.blocks + tuple(pending.pop(spec.number)))
        if not spec.unplaced:
            make_page(spec, scratch(ctx), carry, jump_page, [], Facts())
            out.append(spec)
            continue
        for b in spec.blocks:
            if getattr(b, "plan", None) and b.plan.jump and b.plan.jump not in pages_n:
                raise BanmianError(M("'{file}' may jump to page {jump}, but the issue has {n} pages", file=b.article.file, jump=b.plan.jump, n=len(pages_n)), b.pos.source.file, b.pos.source.line,
                                   hint=M('jump to a page from {v} to {n}', v=spec.number + 1, n=len(pages_n)))
        try:
            plan = plan_page(spec, ctx, carry, jump_page, draft, limits)
        except BanmianError as e:
            if came.get(spec.number) and not last:
                bid, lines = came[spec.number][0]
                raise _Retry(bid, lines, e)
            raise
        for p in plan.placements:
            if p.option.jump:
                b = p.item.block
                cont = ArticleBlock(f"{b.id}-cont", GridPos(0, 0, 0, None, b.pos.source), b.article, 0,
                                    continued=True, plan=Pins(rank=10_000 + p.item.order))
                pending.setdefault(b.plan.jump, []).append(cont)
                came.setdefault(b.plan.jump, []).append((b.id, p.lines))
        out.append(plan.spec)
        plans.append(plan)
    return dataclasses.replace(issue, pages=tuple(out)), plans
