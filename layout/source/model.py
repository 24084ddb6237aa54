"""The validated model of an issue: what manifest.py returns and make-up reads.

Positions on the page grid are 1-based (column 1 is the leftmost base column,
line 1 the first body line of the type area), as the editor counts them.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from layout.boxes import SourceRef
from layout.source.style import HouseStyle


# 花边: the frame patterns make-up draws (makeup/ornament.py), by Chinese name or English alias
FRAME_PATTERNS = ("单线", "双线", "粗细线", "点线", "波纹", "花纹")
FRAME_ALIASES = {"single": "单线", "double": "双线", "thickthin": "粗细线", "thick-thin": "粗细线",
                 "dotted": "点线", "wave": "波纹", "floral": "花纹"}
# 题花: the vector motifs beside a headline
FLOWERS = ("梅花", "菱形", "方胜")
FLOWER_ALIASES = {"plum": "梅花", "diamond": "菱形", "lozenges": "方胜"}


def frame_name(value: str) -> str | None:
    """The library's name for a frame pattern (单线 … or single …), None when it is not one."""
    return value if value in FRAME_PATTERNS else FRAME_ALIASES.get(value)


def flower_name(value: str) -> str | None:
    """The library's name for a 题花 motif, None when it is not one."""
    return value if value in FLOWERS else FLOWER_ALIASES.get(value)


@dataclass(frozen=True)
class Span:
    """Inline text: `style` is 'body' or 'bold'."""
    text: str
    style: str = "body"


@dataclass(frozen=True)
class Table:
    """A table in an article (Markdown pipe table): header cells, body rows, column alignment."""
    head: tuple[tuple[Span, ...], ...]
    rows: tuple[tuple[tuple[Span, ...], ...], ...]
    align: tuple[str, ...]                     # per column: left | center | right


@dataclass(frozen=True)
class Para:
    """A body element: kind is 'para', 'crosshead' (小标题), 'pullquote' or 'table'."""
    spans: tuple[Span, ...]
    source: SourceRef
    kind: str = "para"
    table: Table | None = None

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


@dataclass(frozen=True)
class Article:
    file: str                                  # path as given in the manifest
    path: str                                  # absolute
    title: str
    kicker: str = ""
    subtitle: str = ""
    byline: str = ""
    dateline: str = ""
    lead: tuple[Span, ...] = ()                # 阅读提示 / 编者按 text
    lead_label: str = "阅读提示"
    paras: tuple[Para, ...] = ()
    source: SourceRef | None = None            # the front matter

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paras)


@dataclass(frozen=True)
class GridPos:
    col: int
    span: int
    line: int
    lines: int | None                          # None = auto
    source: SourceRef


@dataclass(frozen=True)
class AreaPart:
    """One more grid rectangle of an irregular article area (刀把 / L 形, steps)."""
    col: int
    span: int
    line: int
    lines: int
    columns: int                               # text columns over this part's span
    source: SourceRef


@dataclass(frozen=True)
class Wrap:
    """A photo or figure inside an article's area: the text runs around it (绕排)."""
    offset: float = 0.0                        # body characters from the left edge of its column
    width: float | None = None                 # body characters wide (None: its span)
    gap: float = 1.0                           # body characters of air beside it
    gap_lines: int = 1                         # grid lines of air above and below it


@dataclass(frozen=True)
class Pins:
    """What an editor decides of a block the planner places (makeup/plan.py): every field optional.

    A block with `plan` set has no geometry of its own yet: its `pos` holds only the pins
    (col/span/lines, 0 or None when free) until the planner returns it placed."""
    col: int | None = None                     # first column of a column-range pin
    span: int | None = None                    # columns wide
    lines: int | None = None                   # a fixed height
    at: str | None = None                      # 'top' | 'bottom' of the free area
    beside_masthead: bool = False              # 报眼: in the columns the masthead leaves free
    jump: int | None = None                    # the rest may continue on this page (转版)
    of: str | None = None                      # a photo's article (its manifest name)
    rank: int = 0                              # order of importance on the page (0 = 头条)


@dataclass(frozen=True)
class ArticleBlock:
    id: str
    pos: GridPos
    article: Article
    columns: int                               # text columns over the span (变栏 when != span)
    headline: str | int = "article"            # 'article' | 'page' (通栏) | N columns | 'vertical'/'vertical-left' (竖题)
    frame: str = "none"                        # none | box | tint
    continued: bool = False                    # this block holds the rest of an article begun earlier
    jump_to: str | None = None                 # id of the block that continues this one
    major: bool = False                        # 头条: the page's first article, set in the `title` element
    title_size: float | None = None            # an editor's override of the title size (pt)
    title_align: str | None = None             # override: left | center | right | justify (均排)
    area: tuple[AreaPart, ...] = ()            # more rectangles of its area (刀把 / L 形); pos is the
                                               # part the headline stands over
    plan: Pins | None = None                   # placed by the planner (no geometry in the manifest)
    ornament: str = ""                         # 题花 beside the title: a motif name or an image (absolute path)
    direction: str = "horizontal"              # vertical: the body set in vertical lines, right to left (竖排)


@dataclass(frozen=True)
class MastheadBlock:
    id: str
    pos: GridPos
    ear: int = 0                               # 报眼: right-hand columns left to another block


@dataclass(frozen=True)
class KeyFigure:
    label: str                                 # GDP 增速列全市第二
    value: str                                 # 49.82
    unit: str = ""                             # 亿元
    change: str = ""                           # 增长 10.3%
    rank: str = ""                             # 全市第 2 位
    note: str = ""                             # one sentence under the figure


@dataclass(frozen=True)
class FigureItem:
    """A figure as the editor writes it: a marked heading and a short paragraph whose
    `**bold**` spans are the figures (● GDP 增速列全市第二 / 实现 GDP 总量 **49.82 亿元**……)."""
    heading: str
    spans: tuple[Span, ...]
    source: SourceRef | None = None

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


@dataclass(frozen=True)
class Chart:
    kind: str                                  # bar | ring | line | table
    title: str
    labels: tuple[str, ...]                    # bar/ring/line: one per value; table: the header row
    values: tuple[float, ...]
    unit: str = ""
    texts: tuple[str, ...] = ()                # the values as typed (11.0 stays "11.0")
    rows: tuple[tuple[str, ...], ...] = ()     # table: the body rows, cells as typed


@dataclass(frozen=True)
class FigureBlock:
    """图解: key figures and an optional chart, drawn as vectors from the manifest's numbers."""
    id: str
    pos: GridPos
    title: str
    kicker: str = ""                           # e.g. 图解开发区
    subtitle: str = ""
    intro: str = ""
    figures: tuple[KeyFigure | FigureItem, ...] = ()
    chart: Chart | None = None
    marker: str | None = None                  # before each item's heading (None: the house's, "" = none)
    source_note: str = ""                      # 数据来源：……
    wrap: Wrap | None = None                   # inside an article: its text runs around (绕排)
    plan: Pins | None = None


@dataclass(frozen=True)
class PhotoBlock:
    id: str
    pos: GridPos
    path: str                                  # absolute path to the image
    caption: str = ""
    credit: str = ""
    bleed: bool = False                        # extend to the page edge where it touches the type area edge
    focus: tuple[float, float] | None = None   # the point the cover crop centres on (fractions of the picture)
    crop: tuple[float, float, float, float] | None = None   # the part to use: x0, y0, x1, y1 (fractions)
    wrap: Wrap | None = None                   # inside an article: its text runs around (绕排)
    plan: Pins | None = None


@dataclass(frozen=True)
class KantouBlock:
    """刊头: a section page's heading block, the title typeset in a 花边 frame or the section's artwork."""
    id: str
    pos: GridPos
    title: str = ""
    subtitle: str = ""                         # a small line under the title (期数, 主编 …)
    art: str = ""                              # artwork file (absolute path) instead of the typeset title
    frame: str = "粗细线"                       # a frame pattern, or none


Block = ArticleBlock | MastheadBlock | FigureBlock | PhotoBlock | KantouBlock


@dataclass(frozen=True)
class PageSpec:
    number: int                                # 版 number, from page order
    section: str
    editor: str
    blocks: tuple[Block, ...]
    source: SourceRef

    @property
    def unplaced(self) -> bool:
        """Has blocks the planner must place."""
        return any(getattr(b, "plan", None) is not None for b in self.blocks)


@dataclass(frozen=True)
class Issue:
    id: str                                    # the folder name, e.g. 2026-046
    dir: str
    manifest: str                              # path of issue.yaml
    house: HouseStyle
    number: int                                # 第 N 期
    total: int                                 # 总第 M 期
    date: datetime.date
    title: str
    pages: tuple[PageSpec, ...]

    def articles(self) -> list[Article]:
        seen, out = set(), []
        for p in self.pages:
            for b in p.blocks:
                if isinstance(b, ArticleBlock) and b.article.path not in seen:
                    seen.add(b.article.path)
                    out.append(b.article)
        return out
