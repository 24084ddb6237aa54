"""issue.yaml + article files -> a validated model.Issue.

Every error names the file, line and column, what is wrong and what is
allowed; nothing is built from a manifest that fails here.
"""
from __future__ import annotations

import datetime
import re
from pathlib import Path

from layout.boxes import SourceRef
from layout.errors import BanmianError, Log
from layout.source.files import regular_file
from layout.source.markdown import load_article, parse_inline
from layout.source.model import (AreaPart, ArticleBlock, Chart, FigureBlock, FigureItem, GridPos, Issue, KeyFigure,
                    KantouBlock, MastheadBlock, PageSpec, PhotoBlock, Pins, Wrap,
                    flower_name, FLOWERS)
from layout import terms
from layout.i18n import M
from layout.source.style import HouseStyle, load_house
from layout.source.yamlsrc import Y, load_yaml

ISSUE_KEYS = {"house", "number", "total", "date", "title", "pages"}
PAGE_KEYS = {"section", "editor", "blocks"}
POS_KEYS = {"id", "col", "span", "line", "lines"}
PIN_KEYS = {"at", "beside", "major"}       # only for blocks the planner places (no `line:`)
BLOCK_KEYS = {
    "article": POS_KEYS | PIN_KEYS | {"article", "columns", "headline", "frame", "jump", "title_size", "title_align",
                                     "area", "ornament", "direction"},
    "continue": POS_KEYS | {"continue", "columns", "frame", "area"},
    "masthead": POS_KEYS | {"masthead"},
    "figure": POS_KEYS | PIN_KEYS | {"figure", "wrap"},
    "photo": POS_KEYS | PIN_KEYS | {"photo", "caption", "credit", "bleed", "focus", "crop", "wrap", "of"},
    "kantou": POS_KEYS | {"kantou"},
}
AREA_KEYS = {"col", "span", "line", "lines", "columns"}
WRAP_KEYS = {"offset", "width", "gap", "lines"}
FIGURE_KEYS = {"kicker", "title", "subtitle", "intro", "figures", "chart", "source", "marker"}
CARD_KEYS = {"label", "value", "unit", "change", "rank", "note"}
ITEM_KEYS = {"heading", "text"}
CHART_KEYS = {"kind", "title", "labels", "values", "unit", "head", "rows"}
CHART_KINDS = ("bar", "ring", "line", "table")
IMAGE_EXT = {".jpg", ".jpeg", ".png"}
MAX_TOTAL = 9_999_999         # 总第 N 期: seven digits is more than any daily has printed
_HOUSE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


def house_path(issue_dir: Path, name: str) -> Path:
    """House styles are shared by all issues: issues/_house/NAME.yaml."""
    return issue_dir.parent / "_house" / f"{name}.yaml"


def load_issue(issue_dir: Path | str, log: Log | None = None) -> Issue:
    log = log or Log()
    issue_dir = Path(issue_dir).resolve()
    manifest = issue_dir / "issue.yaml"
    if not issue_dir.is_dir():
        raise BanmianError(M("issue folder '{issue_dir}' does not exist", issue_dir=issue_dir),
                           hint=M('give the folder that holds issue.yaml, e.g. issues/2026-046'))
    if not manifest.exists():
        raise BanmianError(M('issue.yaml not found'), issue_dir,
                           hint=M('every issue folder holds an issue.yaml; `banmian new` starts one'))
    regular_file(manifest, "issue.yaml")
    y = load_yaml(manifest, log=log)
    # every independent mistake is recorded and the checks go on (the next key, block, page,
    # article); log.stop() at the end raises them all at once, so one run reports them all
    _go_on(log, y.check_keys, ISSUE_KEYS)

    house_y = y.require("house", hint=M("name the paper's house style, e.g. `house: nanming-v1`"))
    hp = house_path(issue_dir, house_y.str())
    if not _HOUSE_NAME.fullmatch(house_y.str()) or hp.resolve().parent != (issue_dir.parent / "_house").resolve():
        raise house_y.error(M("house style '{house_y}' must be the name of a file in {name}/_house/, not a path", house_y=house_y.str(), name=issue_dir.parent.name),
                            hint=M('write the name only, e.g. `house: nanming-v1` for _house/nanming-v1.yaml'))
    if not hp.exists():
        avail = sorted(p.stem for p in hp.parent.glob("*.yaml")) if hp.parent.exists() else []
        raise house_y.error(M("house style '{house_y}' not found ({hp})", house_y=house_y.str(), hp=hp),
                            hint=M('available: {v}', v=', '.join(avail) or 'none'))
    regular_file(hp, "house style", (house_y.file, house_y.line, house_y.column))
    house = load_house(hp, log)

    number = y.require("number").int(1, 99999)
    total = y.get("total").int(1, MAX_TOTAL) if y.get("total") else number + house.total_offset
    date_y = y.require("date")
    date = date_y.value
    if isinstance(date, str):
        try:
            date = datetime.date.fromisoformat(date)
        except ValueError:
            pass
    if not isinstance(date, datetime.date):
        raise date_y.error(M("'{value}' is not a date", value=date_y.value), hint=M('write it as 2026-11-27'))
    if not 1900 <= date.year <= 2999:       # (PDF and XMP dates need four-digit years)
        raise date_y.error(M('{date} is not a plausible issue date (years 1900 to 2999)', date=date),
                           hint=M('write it as 2026-11-27'))
    title = y.get("title").str() if y.get("title") else f"{house.paper_name} 第{number}期"

    pages_y = y.require("pages")
    pages_l = pages_y.list()
    if not pages_l:
        raise pages_y.error(M('an issue needs at least one page'))
    articles: dict[Path, object] = {}
    pages = []
    for i, py in enumerate(pages_l):
        page = _go_on(log, _page, py, i + 1, issue_dir, house, articles, log)
        if page:
            pages.append(page)
    log.stop()
    for py, p in zip(pages_l, pages):
        if not p.blocks:        # a page that prints empty is said, not passed over
            where = py.get("blocks") if py.is_map and py.get("blocks") is not None else py
            log.warn(M('page {number} has no blocks: it prints empty (place an article, photo or figure on it)', number=p.number), str(where.file), where.line)
    _check_jumps(pages)
    # nothing is lost silently: an article in the folder that no page places is reported
    for md in sorted(issue_dir.glob("*.md")):
        if md.resolve() not in articles and md.name.upper() not in ("README.MD", "NOTES.MD"):
            log.warn(M("article '{name}' is in the issue folder but on no page", name=md.name), str(manifest),
                     None)
    return Issue(id=issue_dir.name, dir=str(issue_dir), manifest=str(manifest), house=house,
                 number=number, total=total, date=date, title=title, pages=tuple(pages))


class Reported(BanmianError):
    """A consequence of a mistake already recorded: stops the check, adds no message."""

    def __init__(self):
        super().__init__("")
        self.errors = []


def _go_on(log: Log, check, *args):
    """Run one independent check; a mistake is recorded in the log and False returned."""
    try:
        return check(*args)
    except BanmianError as e:
        log.error(e)
        return False


def _page(y: Y, number: int, issue_dir: Path, house: HouseStyle, articles: dict, log: Log) -> PageSpec:
    _go_on(log, y.check_keys, PAGE_KEYS)
    blocks_y = y.get("blocks")
    blocks = []
    ids: set[str] = set()
    for i, by in enumerate(blocks_y.list() if blocks_y else []):
        b = _go_on(log, _block, by, number, i + 1, issue_dir, house, articles, log)
        if not b:
            continue
        if b.id in ids:
            raise by.error(M("two blocks on page {number} have the id '{id}'",
                             number=number, id=b.id), hint=M("give "
                                                                                                               "one "
                                                                                                               "an "
                                                                                                               "`id:` "
                                                                                                               "of "
                                                                                                               "its "
                                                                                                               "own"))
        ids.add(b.id)
        blocks.append(b)
    _check_overlaps(blocks, number, log)
    # 头条: the first article that starts on the page gets the main title style
    import dataclasses
    majors = [i for i, b in enumerate(blocks) if isinstance(b, ArticleBlock) and b.plan and b.plan.rank < 0]
    if len(majors) > 1:
        raise BanmianError(M('page {number}: two articles are marked `major: true`', number=number), blocks[majors[1]].pos.source.file,
                           blocks[majors[1]].pos.source.line, hint=M('a page has one 头条'))
    for i, b in enumerate(blocks):
        if majors and i != majors[0]:
            continue
        if isinstance(b, ArticleBlock) and not b.continued:
            blocks[i] = dataclasses.replace(b, major=True)
            break
    return PageSpec(number=number, section=y.get("section").str() if y.get("section") else "",
                    editor=y.get("editor").str() if y.get("editor") else "",
                    blocks=tuple(blocks), source=SourceRef(str(y.file), y.line))


def _block(y: Y, page: int, index: int, issue_dir: Path, house: HouseStyle, articles: dict, log: Log):
    if not y.is_map:
        raise y.error(M('a block is a mapping such as `article: lead.md` with col, span, line, lines'))
    kinds = [k for k in BLOCK_KEYS if y.get(k) is not None]
    if len(kinds) != 1:
        raise y.error(M("a block needs exactly one of: {kinds} (found {found})", kinds=", ".join(BLOCK_KEYS),
                        found=", ".join(kinds)) if kinds else
                      M("a block needs exactly one of: {kinds}", kinds=", ".join(BLOCK_KEYS)))
    kind = kinds[0]
    misspelt = _go_on(log, y.check_keys, BLOCK_KEYS[kind]) is False
    # a block without `line:` is the planner's to place: only the editor's decisions are read
    plan = _pins(y, page, house, index) if kind in ("article", "photo", "figure") and y.get("line") is None else None
    if plan is None:
        for key in PIN_KEYS | {"of"}:
            if y.get(key) is not None:
                raise y.get(key).error(M("'{key}:' is for a block banmian places: this one has `line:`", key=key),
                                       hint=M('leave out col, span, line (and lines) to let `banmian plan` place it'))
    try:
        # (a 刊头 of `lines: auto` on a planned page: the planner chooses its height)
        pos = _free_pos(y, plan) if plan else _pos(y, page, house, auto_ok=kind in ("article", "continue", "kantou"))
    except BanmianError as e:
        if misspelt and getattr(e.msg, "msgid", "").startswith("missing '"):
            raise Reported() from None     # `spam:` for `span:` is one mistake, not two
        raise
    default_id = f"p{page}-{index}"

    if kind == "article" or kind == "continue":
        ref = y.get(kind)
        path = _inside(ref, issue_dir, {".md"})
        art = articles.get(path)
        if art is None:
            art = articles[path] = load_article(path, ref.str(), log)
        if plan and y.get("columns"):
            columns = y.get("columns").int(1, house.columns * 2)
        else:
            columns = y.get("columns").int(1, pos.span * 2) if y.get("columns") else pos.span
        frame = _frame(y.get("frame")) if y.get("frame") else "none"
        bid = y.get("id").str() if y.get("id") else (Path(ref.str()).stem + ("-cont" if kind == "continue" else ""))
        area = _area(y, pos, page, house, frame)
        if kind == "continue":
            return ArticleBlock(bid, pos, art, columns, "article", frame, continued=True, area=area)
        headline: str | int = "article"
        if y.get("headline"):
            hv = y.get("headline").value
            if hv in ("article", "page", "vertical", "vertical-left"):
                headline = hv
            elif isinstance(hv, int) and 1 <= hv <= house.columns:
                headline = hv
            else:
                raise y.get("headline").error(M('headline: {hv!r} is not allowed', hv=hv),
                                              hint=M("use 'article' (its own span), 'page' (通栏), 'vertical' or 'vertical-left' (竖题 beside the text) or a number of columns 1–{columns}", columns=house.columns))
        jump = y.get("jump").str() if y.get("jump") and not plan else None
        if jump and pos.lines is None:
            raise y.error(M('an article that jumps to another page needs a fixed height (lines:)'),
                          hint=M('the first part fills its block exactly; the rest goes on'))
        title_size = y.get("title_size").size(3, 300) if y.get("title_size") else None
        title_align = (y.get("title_align").choice(("left", "center", "right", "justify"))
                       if y.get("title_align") else None)
        direction = y.get("direction").choice(("horizontal", "vertical")) if y.get("direction") else "horizontal"
        if direction == "vertical" and (pos.lines is None or jump):
            raise y.get("direction").error(M('a vertical article needs a fixed height (lines:) and cannot jump'),
                                           hint=M("its lines run top to bottom over the block's height"))
        return ArticleBlock(bid, pos, art, columns, headline, frame, jump_to=jump, title_size=title_size,
                            title_align=title_align, area=area, plan=plan,
                            ornament=_ornament(y.get("ornament"), issue_dir), direction=direction)

    bid = y.get("id").str() if y.get("id") else default_id
    if kind == "masthead":
        if page != 1:
            raise y.get("masthead").error(M('the masthead (报头) belongs on page 1'))
        my = y.get("masthead")
        ear = 0
        if my.is_map:
            my.check_keys({"ear"})
            if my.get("ear"):
                ear = my.get("ear").int(1, pos.span - 1, M("{v}: the masthead spans {span} columns", span=pos.span))
        return MastheadBlock(bid, pos, ear)
    if kind == "kantou":
        return _kantou(y.get("kantou"), bid, pos, issue_dir)
    if kind == "photo":
        path = _inside(y.get("photo"), issue_dir, IMAGE_EXT)
        return PhotoBlock(bid, pos, str(path),
                          caption=y.get("caption").str() if y.get("caption") else "",
                          credit=y.get("credit").str() if y.get("credit") else "",
                          bleed=y.get("bleed").bool() if y.get("bleed") else False,
                          focus=_fractions(y.get("focus"), 2) if y.get("focus") else None,
                          crop=_fractions(y.get("crop"), 4) if y.get("crop") else None,
                          wrap=_wrap(y, pos, house) if not plan else None, plan=plan)
    return _figure(y.get("figure"), bid, pos, _wrap(y, pos, house) if not plan else None, plan)


def _area(y: Y, pos: GridPos, page: int, house: HouseStyle, frame: str) -> tuple[AreaPart, ...]:
    """`area:` more grid rectangles of an irregular article area (刀把 / L 形, steps); the
    block's own col/span/line/lines are the part its headline stands over."""
    ay = y.get("area")
    if ay is None:
        return ()
    if pos.lines is None:
        raise y.error(M('an article with an irregular area (area:) needs a fixed height (lines:)'),
                      hint=M("give the headline's part `lines: N`; every part of the area has its own lines"))
    if frame != "none":
        raise y.get("frame").error(M("a frame or tint goes around a rectangle; this article's area is irregular"),
                                   hint=M('remove `frame:`, or make the article one rectangle'))
    parts: list[AreaPart] = []
    cells = _rect(pos.col, pos.span, pos.line, pos.lines)
    for py in ay.list():
        py.check_keys(AREA_KEYS)
        ppos = _pos(py, page, house, auto_ok=False)
        columns = py.get("columns").int(1, ppos.span * 2) if py.get("columns") else ppos.span
        part = AreaPart(ppos.col, ppos.span, ppos.line, ppos.lines, columns, ppos.source)
        mine = _rect(part.col, part.span, part.line, part.lines)
        if mine & cells:
            raise py.error(M('this part of the area overlaps another part (column {v}, line {v2})', v=min(c for c, _ in mine & cells), v2=min(l for _, l in mine & cells)),
                           hint=M('the parts of an area are rectangles side by side or one under the other'))
        if not any((c + dc, l + dl) in cells for c, l in mine for dc, dl in ((1, 0), (-1, 0), (0, 1), (0, -1))):
            raise py.error(M('this part of the area does not touch the rest of the article'),
                           hint=M("an area is one piece: each part shares an edge with another, e.g. `line: {v}` right under the headline's part", v=pos.line + pos.lines))
        cells |= mine
        parts.append(part)
    if not parts:
        raise ay.error(M('area: lists no rectangles'), hint=M('e.g. `area: [{{col: 1, span: 5, line: 41, lines: 20}}]`'))
    return tuple(parts)


def _rect(col: int, span: int, line: int, lines: int) -> set[tuple[int, int]]:
    return {(c, l) for c in range(col, col + span) for l in range(line, line + lines)}


def _wrap(y: Y, pos: GridPos, house: HouseStyle) -> Wrap | None:
    """`wrap: true` or `wrap: {offset, width, gap, lines}`: the block stands inside an article's
    area and the article's text runs around it (绕排); lengths in body characters (字)."""
    wy = y.get("wrap")
    if wy is None:
        return None
    if not wy.is_map:
        return Wrap(gap=house.wrap_gap, gap_lines=house.wrap_gap_lines) if wy.bool() else None
    wy.check_keys(WRAP_KEYS)
    chars = lambda k: wy.get(k).float() if wy.get(k) is not None else None
    span_chars = (house.column_width * pos.span + house.gutter * (pos.span - 1)) / house.body.size
    offset, width = chars("offset") or 0.0, chars("width")
    for k, v in (("offset", offset), ("width", width)):
        if v is not None and (v < 0 or v != int(v)):
            raise wy.get(k).error(M('{k}: {v:g} is not a whole number of characters (字)', k=k, v=v),
                                  hint=M('the text beside a photo is shorter by whole characters: give 0, 1, 2 …'))
    if offset + (width or span_chars - offset) > span_chars + 1e-6 or (width is not None and width < 2):
        raise (wy.get("width") or wy.get("offset")).error(
            M("offset {offset:g} + width {v:g} characters does not fit the block's span ({span_chars:g} characters)", offset=offset, v=width or 0, span_chars=span_chars), hint=M('the photo stands inside its col/span: shorten width or offset'))
    gap = wy.get("gap").int(0, 4) if wy.get("gap") is not None else house.wrap_gap
    lines = wy.get("lines").int(0, 4) if wy.get("lines") is not None else house.wrap_gap_lines
    return Wrap(offset=offset, width=width if width is not None else (span_chars - offset if offset else None),
                gap=float(gap), gap_lines=lines)


def _fractions(y: Y, n: int) -> tuple[float, ...]:
    """focus: [x, y] or crop: [x0, y0, x1, y1], fractions of the upright picture from its top left."""
    v = y.value
    example = "focus: [0.5, 0.3]" if n == 2 else "crop: [0.1, 0, 0.9, 0.8]"
    if not (isinstance(v, list) and len(v) == n
            and all(isinstance(f, (int, float)) and not isinstance(f, bool) and 0 <= f <= 1 for f in v)):
        raise y.error(M('expected {n} fractions of the picture from 0 to 1, got {v!r}', n=n, v=v),
                      hint=M('e.g. `{example}` (x from the left, y from the top)', example=example))
    t = tuple(float(f) for f in v)
    if n == 4 and not (t[2] - t[0] > 0.05 and t[3] - t[1] > 0.05):
        raise y.error(M('crop {v} keeps nothing: x1 must be right of x0 and y1 below y0', v=list(v)),
                      hint=M('crop: [x0, y0, x1, y1], e.g. [0.1, 0, 0.9, 0.8]'))
    return t


def _ornament(y: Y | None, issue_dir: Path) -> str:
    """题花: a motif of the library by name, or an image file in the issue folder."""
    if y is None:
        return ""
    name = flower_name(y.str())
    if name:
        return name
    if Path(y.str()).suffix.lower() in IMAGE_EXT:
        return str(_inside(y, issue_dir, IMAGE_EXT))
    raise y.error(M("ornament: '{y}' is neither a 题花 nor an image", y=y.str()),
                  hint=M('use one of {v}, or a PNG/JPEG in the issue folder', v=', '.join(FLOWERS)))


def _kantou(y: Y, bid: str, pos: GridPos, issue_dir: Path) -> KantouBlock:
    """刊头: {title: 南明文苑, subtitle: …, frame: 粗细线} or {art: kantou.png}."""
    if not y.is_map:
        raise y.error(M('a 刊头 is a mapping: `kantou: {{title: 南明文苑}}` or `kantou: {{art: kantou.png}}`'))
    y.check_keys({"title", "subtitle", "art", "frame"})
    if not (y.get("title") or y.get("art")):
        raise y.error(M('a 刊头 needs a title (typeset) or art (an image file)'),
                      hint=M('e.g. `kantou: {{title: 南明文苑, frame: 粗细线}}`'))
    art = str(_inside(y.get("art"), issue_dir, IMAGE_EXT)) if y.get("art") else ""
    frame = "粗细线"
    if y.get("frame"):
        frame = "none" if y.get("frame").str() == "none" else _frame(y.get("frame"))
        if frame in ("box", "tint"):
            raise y.get("frame").error(M("a 刊头's frame is a 花边 pattern or none"))
    return KantouBlock(bid, pos, y.get("title").str() if y.get("title") else "",
                       y.get("subtitle").str() if y.get("subtitle") else "", art, frame)


def _frame(y: Y) -> str:
    """frame: none, box (the house's 花边), tint, or a pattern of the library by name (单线 … 花纹)."""
    from layout.source.model import FRAME_PATTERNS as FRAMES, frame_name
    v = y.str()
    if v in ("none", "box", "tint"):
        return v
    name = frame_name(v)
    if name is None:
        raise y.error(M("frame: '{v}' is not a frame", v=v), hint=M('use none, box, tint or a 花边: {v}', v=', '.join(FRAMES)))
    return name


def _pos(y: Y, page: int, house: HouseStyle, auto_ok: bool) -> GridPos:
    for key in ("col", "span", "line"):
        if y.get(key) is None:
            raise y.error(M("missing '{key}': every block is placed on the page grid by col, span, line and lines",
                            key=key),
                          hint=M('e.g. `col: 1, span: 3, line: 10, lines: 40` (lines: auto for articles)'))
    cols = house.columns
    col = y.get("col").int(1, cols, M("{v}, but page {page} has {cols} columns", page=page, cols=cols))
    span = y.get("span").int(1, cols, M("{v}, but page {page} has {cols} columns", page=page, cols=cols))
    if col + span - 1 > cols:
        raise y.get("span").error(M("{span}, but starting at column {col} page {page} has only {v} columns left",
                                    span=span, col=col, page=page, v=cols - col + 1))
    line = y.get("line").int(1, house.lines, M("{v}, but the page has {lines} lines", lines=house.lines))
    lines = None
    ly = y.get("lines")
    if ly is None or ly.value == "auto":
        if not auto_ok:
            raise y.error(M('this block needs a height: lines: N'))
    else:
        lines = ly.int(1, house.lines - line + 1, M("{v} lines from line {line} run past the page's {lines} lines",
                                                    line=line, lines=house.lines))
    return GridPos(col, span, line, lines, SourceRef(str(y.file), y.line))


def _pins(y: Y, page: int, house: HouseStyle, index: int) -> Pins:
    """The pins of a block the planner places: a column range, a height, top/bottom, 报眼, jump."""
    cols = house.columns
    col = y.get("col").int(1, cols, M("{v}, but page {page} has {cols} columns", page=page, cols=cols)) if y.get("col") else None
    span = y.get("span").int(1, cols, M("{v}, but page {page} has {cols} columns", page=page, cols=cols)) if y.get("span") else None
    if col and span and col + span - 1 > cols:
        raise y.get("span").error(M('{span}, but starting at column {col} page {page} has only {v} columns left', span=span, col=col, page=page, v=cols - col + 1))
    lines = None
    if y.get("lines") is not None and y.get("lines").value != "auto":
        lines = y.get("lines").int(3, house.lines, M("{v}, but the page has {lines} lines", lines=house.lines))
    at = y.get("at").choice(("top", "bottom")) if y.get("at") else None
    beside = False
    if y.get("beside"):
        beside = y.get("beside").choice(("masthead",)) == "masthead"
        if page != 1:
            raise y.get("beside").error(M('报眼 (beside: masthead) is on page 1, beside the masthead'))
    jump = None
    if y.get("jump") is not None:
        if not isinstance(y.get("jump").value, int):
            raise y.get("jump").error(M('a block banmian places jumps to a page: `jump: 2` (the rest may go on on page 2)'),
                                      hint=M('or give the block col, span, line and lines and name its continuation block'))
        jump = y.get("jump").int(page + 1, 999, M("{v}: the rest goes on on a later page than {page}", page=page))
    of = y.get("of").str() if y.get("of") else None
    major = y.get("major").bool() if y.get("major") else False
    return Pins(col, span, lines, at, beside, jump, of, rank=-1 if major else index)


def _free_pos(y: Y, plan: Pins) -> GridPos:
    """The position of a block not yet placed: only its pins (0 where free)."""
    return GridPos(plan.col or 0, plan.span or 0, 0, plan.lines, SourceRef(str(y.file), y.line))


def _inside(ref: Y, issue_dir: Path, exts: set[str]) -> Path:
    """A file named in the manifest: must exist and stay inside the issue folder."""
    name = ref.str()
    path = (issue_dir / name).resolve()
    if issue_dir not in path.parents:
        raise ref.error(M("'{name}' is outside the issue folder", name=name),
                        hint=M('every file of an issue lives in its folder, so the archive can rebuild it'))
    if path.suffix.lower() not in exts:
        raise ref.error(M("'{name}' has the wrong kind of file (expected {v})", name=name, v=', '.join(sorted(exts))))
    if path.exists():
        return regular_file(path, "file", (ref.file, ref.line, ref.column))
    if True:
        near = sorted(p.name for p in issue_dir.iterdir() if p.suffix.lower() in exts)
        import difflib
        close = difflib.get_close_matches(Path(name).name, near, n=1)
        raise ref.error(M("file '{name}' does not exist in {name2}/", name=name, name2=issue_dir.name),
                        hint=M("did you mean '{name}'?", name=close[0]) if close else
                        M("files there: {files}", files=", ".join(near)) if near else M("the folder has none"))
    return path


def _figure(y: Y, bid: str, pos: GridPos, wrap: Wrap | None = None, plan: Pins | None = None) -> FigureBlock:
    y.check_keys(FIGURE_KEYS)
    figures = [_figure_item(fy) for fy in (y.get("figures").list() if y.get("figures") else [])]
    chart = _chart(y.get("chart")) if y.get("chart") else None
    s = lambda k: y.get(k).str() if y.get(k) else ""
    marker = y.get("marker").str().strip() if y.get("marker") else None
    return FigureBlock(bid, pos, title=y.require("title").str(), kicker=s("kicker"), subtitle=s("subtitle"),
                       intro=s("intro"), figures=tuple(figures), chart=chart, source_note=s("source"),
                       marker="" if marker == "none" else marker, wrap=wrap, plan=plan)


def _figure_item(fy: Y) -> KeyFigure | FigureItem:
    """A card (label / value / unit / change / rank / note) or, as the editor writes a 图解
    item, a heading and a short Markdown paragraph whose **bold** spans are the figures."""
    if fy.is_map and (fy.get("heading") or fy.get("text")):
        fy.check_keys(ITEM_KEYS)
        text = fy.require("text", hint=M("an item is `heading:` and `text:` (a short paragraph)"))
        spans = parse_inline(text.str().strip(), fy.file, text.line)
        return FigureItem(fy.get("heading").str() if fy.get("heading") else "", spans,
                          SourceRef(str(fy.file), text.line))
    fy.check_keys(CARD_KEYS)
    fy.require("value", hint=M("a card has `label:` and `value:`; or write `heading:` and `text:`"))
    # the value as typed: 11.0 stays 11.0 (YAML would make it the float 11)
    return KeyFigure(**{k: (v.typed() if k == "value" else v.str()) for k, v in fy.items()})


def _chart(cy: Y) -> Chart:
    cy.check_keys(CHART_KEYS)
    kind = cy.get("kind").choice(CHART_KINDS) if cy.get("kind") else "bar"
    title = cy.get("title").str() if cy.get("title") else ""
    unit = cy.get("unit").str() if cy.get("unit") else ""
    if kind == "table":
        head = tuple(v.str() for v in cy.require("head", hint=M("a table chart has `head:` and `rows:`")).list())
        rows = []
        for ry in cy.require("rows").list():
            row = tuple(v.typed() for v in ry.list())
            if len(row) != len(head):
                raise ry.error(M('row has {n} cells but the head has {n2}', n=len(row), n2=len(head)))
            rows.append(row)
        if not rows:
            raise cy.require("rows").error(M('a table chart needs at least one row'))
        return Chart(kind, title, head, (), unit, rows=tuple(rows))
    for key in ("head", "rows"):
        if cy.get(key):
            raise cy.keys_node(key).error(M("'{key}' belongs to a table chart", key=key), hint=M('set `kind: table`'))
    labels = tuple(v.str() for v in cy.require("labels").list())
    value_ys = cy.require("values").list()
    values = tuple(v.float() for v in value_ys)
    if len(labels) != len(values):
        raise cy.error(M('chart has {n} labels but {n2} values', n=len(labels), n2=len(values)))
    return Chart(kind, title, labels, values, unit, texts=tuple(v.typed() for v in value_ys))


def _check_overlaps(blocks: list, page: int, log: Log) -> None:
    """Fixed-height blocks may not overlap (auto heights are checked after make-up)."""
    blocks = [b for b in blocks if getattr(b, "plan", None) is None]      # the planner's are checked when placed

    def cells(b):
        n = b.pos.lines or 1
        out = _rect(b.pos.col, b.pos.span, b.pos.line, n)
        for part in getattr(b, "area", ()):
            out |= _rect(part.col, part.span, part.line, part.lines)
        if getattr(b, "ear", 0):          # the 报眼 columns above the masthead's rule line are free
            out -= {(c, l) for c in range(b.pos.col + b.pos.span - b.ear, b.pos.col + b.pos.span)
                    for l in range(b.pos.line, b.pos.line + n - 1)}
        return out
    for i, a in enumerate(blocks):
        for b in blocks[i + 1:]:
            # a block the text wraps around stands inside an article (make-up checks which)
            if (getattr(a, "wrap", None) and isinstance(b, ArticleBlock)) \
                    or (getattr(b, "wrap", None) and isinstance(a, ArticleBlock)):
                continue
            both = cells(a) & cells(b)
            if both:
                cs, ls = sorted({c for c, _ in both}), sorted({l for _, l in both})
                log.error(BanmianError(
                    M("{block} overlaps {other} at {place}", block=terms.block(b), other=terms.block(a),
                      place=terms.place(page, cs[0], len(cs), ls[0], len(ls))),
                    b.pos.source.file, b.pos.source.line,
                    hint=M("the other block is placed at line {line}; move one of them (col, span, line, lines)",
                           line=a.pos.source.line)))


def _check_jumps(pages: list[PageSpec]) -> None:
    """转版: every `jump:` names a later continuation block of the same article, and vice versa."""
    where = {}
    for p in pages:
        for b in p.blocks:
            if isinstance(b, ArticleBlock):
                where.setdefault(b.id, (p, b))
    continued_by: dict[str, str] = {}
    for p in pages:
        for b in p.blocks:
            if not isinstance(b, ArticleBlock) or not b.jump_to:
                continue
            src = b.pos.source
            if b.jump_to not in where:
                raise BanmianError(M("article '{file}' jumps to block '{jump_to}', which does not exist",
                                     file=b.article.file, jump_to=b.jump_to),
                                   src.file, src.line,
                                   hint=M("add a block `continue: {file}` with `id: {id}` on a later page",
                                          file=b.article.file, id=b.jump_to))
            tp, tb = where[b.jump_to]
            if not tb.continued or tb.article.path != b.article.path:
                raise BanmianError(M("block '{jump_to}' on page {number} does not continue '{file}'",
                                     jump_to=b.jump_to, number=tp.number, file=b.article.file),
                                   src.file, src.line, hint=M("that block must say `continue: {file}`",
                                                              file=b.article.file))
            if tp.number <= p.number:
                raise BanmianError(M("article '{file}' jumps to page {number}, which is not after page {number2}",
                                     file=b.article.file, number=tp.number, number2=p.number),
                                   src.file, src.line)
            continued_by[tb.id] = b.id
    for p in pages:
        for b in p.blocks:
            if isinstance(b, ArticleBlock) and b.continued and b.id not in continued_by:
                src = b.pos.source
                raise BanmianError(M("block '{id}' continues '{file}', but no earlier block jumps to it",
                                     id=b.id, file=b.article.file),
                                   src.file, src.line,
                                   hint=M("add `jump: {id}` to the block that starts '{file}'",
                                          id=b.id, file=b.article.file))
    seen: dict[str, str] = {}
    for p in pages:
        for b in p.blocks:
            if isinstance(b, ArticleBlock) and not b.continued:
                if b.article.path in seen:
                    src = b.pos.source
                    raise BanmianError(M("article '{file}' is placed twice (blocks '{seen}' and '{id}')",
                                         file=b.article.file, seen=seen[b.article.path], id=b.id),
                                       src.file, src.line, hint=M("to continue it on another page use `continue:` "
                                                                  "and `jump:`"))
                seen[b.article.path] = b.id
