"""Page checks on the made-up pages, planned or pinned: holes, 碰题, empty jumps.

    check_pages(issue, pages, ctx, jumps, draft) -> None

They work on the positioned records (boxes.py), not on the PDF: a grid cell (one
base column × one body line) is inked when an item of the page covers it, and a
masthead, photo or figure block covers its whole frame. What a reader sees as a
hole is then a run of empty cells:

- an empty area of MIN_HOLE lines × 1 column or more inside the type area is an
  error naming the page and the area in the editor's terms (第 3 版 第 4–5 栏
  第 72–80 行); a one-line gap between stacked blocks (where the separator rule
  stands) and a column foot a line or two short (齐底 rules of flow.py/fit.py) are not;
- 碰题: headlines of blocks standing side by side that start fewer than
  PENGTI_LINES lines apart, with no photo or box between them, read across as one
  line (a warning naming both headlines and how far to stagger them);
- a jump with nothing to carry, or a continuation with no text, is an error (the
  reader gets （下转第 N 版） and an empty block).

`draft` builds anyway: every hole is outlined in red on the proof and the errors
become warnings. Each message is raised in one place (page checks only), so the
wording can be translated in one place.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from layout.boxes import RED, Image, Path, Rect, TextLine
from layout.errors import BanmianError
from layout.i18n import M, join
from layout.source.model import ArticleBlock, FigureBlock, KantouBlock, MastheadBlock, PhotoBlock

MIN_HOLE = 3                 # lines: an empty run this tall in one column is a hole (guide: 版面无天窗)
PENGTI_LINES = 3             # headlines side by side start at least this many lines apart
MIN_OVERLAP = 1.0            # pt an item must reach into a cell to ink it


@dataclass(frozen=True)
class Hole:
    page: int
    col: int
    span: int
    line: int
    lines: int

    def where(self) -> str:
        cols = f"第 {self.col} 栏" if self.span == 1 else f"第 {self.col}–{self.col + self.span - 1} 栏"
        return f"第 {self.page} 版 {cols} 第 {self.line}–{self.line + self.lines - 1} 行"


@dataclass(frozen=True)
class EmptyJump:
    """A jump recorded by make-up: `carried` characters went on from `block` to page `target`."""
    page: int
    block: str
    article: str
    target: int
    continuation: bool          # True: the continuation block got no text; False: the jump carried nothing
    source: object


@dataclass
class Facts:
    """What make-up tells the page checks: jumps that carried nothing, and the zones a headline
    group or a 阅读提示 box stands in (a centred headline leaves air at its sides: not a hole)."""
    jumps: list[EmptyJump] = field(default_factory=list)
    bands: dict[int, list[tuple[float, float, float, float]]] = field(default_factory=dict)

    def band(self, page: int, x: float, y: float, w: float, h: float) -> None:
        self.bands.setdefault(page, []).append((x, y, w, h))


def occupancy(page, spec, grid, bands=()) -> list[list[bool]]:
    """inked[col-1][line-1] for the page's type area."""
    inked = [[False] * grid.lines for _ in range(grid.columns)]
    kinds = {b.id: b for b in spec.blocks}

    # (every line of the page passes here: the grid's figures are read once, and only the
    # columns near x0..x1 are tried, grid.x being linear)
    left, step, col_w, columns = grid.left, grid.col_w + grid.gutter, grid.col_w, grid.columns
    top, pitch, n_lines = grid.top, grid.pitch, grid.lines

    def mark(x0: float, y0: float, x1: float, y1: float) -> None:
        first = max(0, int((y0 - top) // pitch))
        last = min(n_lines - 1, int((y1 - top) // pitch))
        for c in range(max(0, int((x0 - left) // step) - 1), min(columns, int((x1 - left) // step) + 2)):
            cx0 = grid.x(c + 1)
            cx1 = cx0 + col_w
            if min(x1, cx1) - max(x0, cx0) < MIN_OVERLAP:
                continue
            column = inked[c]
            for ln in range(first, last + 1):
                ly0 = top + ln * pitch
                if min(y1, ly0 + pitch) - max(y0, ly0) >= MIN_OVERLAP:
                    column[ln] = True

    for bid, col, span, line, lines in page.blocks:
        if isinstance(kinds.get(bid), (MastheadBlock, KantouBlock, PhotoBlock, FigureBlock)):
            mark(grid.x(col), grid.y(line), grid.x(col) + grid.width(span), grid.y(line + lines))
    for x, y, w, h in bands:
        mark(x, y, x + w, y + h)
    for it in page.items:
        if isinstance(it, TextLine):
            if not it.line.glyphs:
                continue
            size = it.line.glyphs[0].size
            mark(it.x, it.y - 0.88 * size, it.x + it.line.end, it.y + 0.12 * size)
        elif isinstance(it, Image) or (isinstance(it, Rect) and it.fill is not None):
            # (an outline — a box frame, an overset mark — inks no area: its text does)
            mark(it.x, it.y, it.x + it.w, it.y + it.h)
        elif isinstance(it, Path):
            xs = [p[0] for p in it.points]
            ys = [p[1] for p in it.points]
            mark(min(xs), min(ys), max(xs), max(ys))
    return inked


def holes(page, spec, grid, bands=()) -> list[Hole]:
    """Empty runs of MIN_HOLE lines or more, merged across neighbouring columns into areas."""
    inked = occupancy(page, spec, grid, bands)
    runs: list[tuple[int, int, int]] = []            # (col, first line, last line), 1-based
    for c, column in enumerate(inked):
        ln = 0
        while ln < grid.lines:
            if column[ln]:
                ln += 1
                continue
            start = ln
            while ln < grid.lines and not column[ln]:
                ln += 1
            if ln - start >= MIN_HOLE:
                runs.append((c + 1, start + 1, ln))
    # neighbouring columns whose empty runs overlap make one area (the editor sees one hole)
    areas: list[list[tuple[int, int, int]]] = []
    for r in runs:
        for a in areas:
            if any(abs(r[0] - q[0]) == 1 and r[1] <= q[2] and q[1] <= r[2] for q in a):
                a.append(r)
                break
        else:
            areas.append([r])
    out = []
    for a in areas:
        c0, c1 = min(r[0] for r in a), max(r[0] for r in a)
        l0, l1 = min(r[1] for r in a), max(r[2] for r in a)
        out.append(Hole(page.number, c0, c1 - c0 + 1, l0, l1 - l0 + 1))
    return out


@dataclass(frozen=True)
class Pengti:
    page: int
    first: str                  # headline text
    second: str
    stagger: int                # lines one of them must move
    source: object


def pengti(page, spec) -> list[Pengti]:
    """Headlines of side-by-side article blocks starting < PENGTI_LINES apart."""
    at = {bid: (col, span, line, lines) for bid, col, span, line, lines in page.blocks}
    arts = [b for b in spec.blocks if isinstance(b, ArticleBlock) and b.id in at]
    out = []
    for i, a in enumerate(arts):
        for b in arts[i + 1:]:
            if a.frame != "none" or b.frame != "none":
                continue                 # a box sets its headline apart
            ac, asp, al, an = at[a.id]
            bc, bsp, bl, bn = at[b.id]
            if a.headline == "page" or b.headline == "page":
                continue                 # a 通栏 headline has nothing beside it
            side = ac + asp == bc or bc + bsp == ac
            overlap = al < bl + bn and bl < al + an
            if side and overlap and abs(al - bl) < PENGTI_LINES:
                out.append(Pengti(page.number, _title(a), _title(b), PENGTI_LINES - abs(al - bl),
                                  b.pos.source))
    return out


def _title(b: ArticleBlock) -> str:
    return b.article.title.replace("  ", " ") + ("（续）" if b.continued else "")


def check_pages(issue, pages, ctx, facts: Facts, draft: bool = False) -> None:
    """Run every page check; errors stop the build unless `draft` (then holes are outlined in red)."""
    g = ctx.grid
    errors: list[tuple[str, object, str]] = []        # (message, source, hint)
    hole_errors = errors if ctx.house.holes == "error" else []
    memo = ctx.cache.stages.get("pages")         # a resident build's (makeup/pagememo.py)
    for spec, page in zip(issue.pages, pages):
        bands = facts.bands.get(page.number, ())
        found = memo.checked(page, spec, g, bands, holes, pengti) if memo is not None else \
            (holes(page, spec, g, bands), pengti(page, spec))
        for h in found[0]:
            empty = M('{where} is empty ({lines} lines × {span} column{v})', where=h.where(), lines=h.lines,
                      span=h.span, v='s' if h.span > 1 else '')
            if hole_errors is not errors:
                ctx.log.warn(empty, spec.source.file, spec.source.line)
                continue
            errors.append((empty, spec.source,
                           M("fill it: give a block above it more lines, add a 简讯 or a photo there, or let "
                             "`banmian plan` lay the page out; `--draft` builds anyway and outlines it in red")))
            if draft:
                page.items.append(Rect(g.x(h.col) - 1, g.y(h.line) - 1, g.width(h.span) + 2,
                                       h.lines * g.pitch + 2, stroke=RED, stroke_width=2))
        for p in found[1]:
            ctx.log.warn(M("page {page}: 碰题: the headlines '{first}' and '{second}' stand side by side and start fewer than {PENGTI_LINES} lines apart: stagger them by {stagger} line{v} (move one block down) or put a photo or box between them", page=p.page, first=p.first, second=p.second, PENGTI_LINES=PENGTI_LINES, stagger=p.stagger, v='s' if p.stagger > 1 else ''), p.source.file, p.source.line)
    for j in facts.jumps:
        if j.continuation:
            errors.append((M("page {page}, block '{block}' continues '{article}', but nothing of it is left to "
                             "carry: the continuation would be empty", page=j.page, block=j.block, article=j.article),
                           j.source,
                           M("remove the continuation block and the `jump:` to it, or give the first part fewer lines")))
        else:
            errors.append((M("page {page}, article '{article}': the whole text fits this block; nothing goes on "
                             "to page {target}", page=j.page, article=j.article, target=j.target), j.source,
                           M("remove `jump:` (and the continuation block), or give the block fewer lines")))
    if not errors:
        return
    if draft:
        for msg, src, _ in errors:
            ctx.log.warn(msg, src.file, src.line)
        return
    first_msg, src, hint = errors[0]
    raise BanmianError(join([m for m, _, _ in errors], "\n  "), src.file, src.line, hint=hint)
