"""Make-up tests of the non-article blocks: masthead, running head, infographic, photo.

Geometry is asserted directly on the returned page items (pt, y down from the trim's top-left).
"""
from __future__ import annotations

import dataclasses
import datetime
import math
from pathlib import Path

import pytest
from PIL import Image as PILImage

from layout.boxes import Image, Path as VPath, Rect, Rule, SourceRef, TextLine
from layout.errors import BanmianError, Log
from layout.fonts import FontSet
from layout.makeup.furniture import date_text, masthead, running_head
from layout.makeup.grid import Ctx, Frame, Grid
from layout.makeup.infographic import figure
from layout.source.model import Chart, FigureBlock, GridPos, Issue, KeyFigure, MastheadBlock, PhotoBlock
from layout.makeup.photo import photo
from layout.source.style import load_house
from layout.source.units import MM

ROOT = Path(__file__).resolve().parent.parent
SRC = SourceRef("issues/2026-046/issue.yaml", 17)
EPS = 0.01


@pytest.fixture(scope="module")
def ctx() -> Ctx:
    house = load_house(ROOT / "issues/_house/nanming-v1.yaml")
    issue = Issue(id="2026-046", dir=str(ROOT / "issues/2026-046"), manifest="issue.yaml", house=house,
                  number=46, total=1046, date=datetime.date(2026, 11, 27), title="第46期", pages=())
    return Ctx(issue, house, Grid(house), FontSet(), frozenset(), Log())


def fresh(ctx: Ctx) -> Ctx:
    """The shared context with an empty log."""
    return dataclasses.replace(ctx, log=Log())


def pos(col=1, span=2, line=1, lines=40) -> GridPos:
    return GridPos(col, span, line, lines, SRC)


# ---- geometry helpers ------------------------------------------------------

def bbox(it) -> tuple[float, float, float, float]:
    """Extent of a page item: a text line by its em boxes, rules by their stroke."""
    if isinstance(it, TextLine):
        size = max(g.size for g in it.line.glyphs)
        return it.x, it.y - 0.88 * size, it.x + it.line.end, it.y + 0.12 * size
    if isinstance(it, Rule):
        h = it.width / 2
        return min(it.x0, it.x1) - (h if it.x0 == it.x1 else 0), min(it.y0, it.y1) - (h if it.y0 == it.y1 else 0), \
            max(it.x0, it.x1) + (h if it.x0 == it.x1 else 0), max(it.y0, it.y1) + (h if it.y0 == it.y1 else 0)
    if isinstance(it, (Rect, Image)):
        return it.x, it.y, it.x + it.w, it.y + it.h
    if isinstance(it, VPath):
        xs, ys = [p[0] for p in it.points], [p[1] for p in it.points]
        s = it.stroke_width / 2 if it.stroke else 0
        return min(xs) - s, min(ys) - s, max(xs) + s, max(ys) + s
    raise TypeError(it)


def assert_inside(items, frame: Frame):
    for it in items:
        x0, y0, x1, y1 = bbox(it)
        assert frame.x - EPS <= x0 and x1 <= frame.right + EPS, (it, frame)
        assert frame.y - EPS <= y0 and y1 <= frame.bottom + EPS, (it, frame)


def lines_of(items) -> list[TextLine]:
    return [it for it in items if isinstance(it, TextLine)]


def squash(text: str) -> str:
    """Typed spaces are gaps to the composer, not glyphs: compare texts without them."""
    return "".join(text.split())


def text_of(items) -> str:
    return "\n".join(t.line.text for t in lines_of(items))


def has(items, text: str) -> bool:
    return squash(text) in text_of(items)


def find(items, text: str) -> TextLine:
    hits = [t for t in lines_of(items) if t.line.text == squash(text)]
    assert hits, f"{text!r} not among {[t.line.text for t in lines_of(items)]}"
    return hits[0]


def size_of(t: TextLine) -> float:
    return t.line.glyphs[0].size


def on_grid(ctx, t: TextLine) -> bool:
    """A body-size line whose baseline sits on a grid line."""
    g = ctx.grid
    k = (t.y - g.baseline(1, size_of(t))) / g.pitch
    return abs(k - round(k)) < 1e-6


def shoelace(points) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]))) / 2


# ---- 报头 -------------------------------------------------------------------

def test_weekday_text():
    assert date_text(datetime.date(2026, 11, 27)) == "2026年11月27日  星期五"
    assert date_text(datetime.date(2026, 11, 29)) == "2026年11月29日  星期日"
    assert date_text(datetime.date(2026, 11, 23)) == "2026年11月23日  星期一"


def test_masthead_full_width(ctx):
    block = MastheadBlock("mast", pos(1, 5, 1, 10))
    frame = ctx.grid.frame(block.pos)
    items = masthead(block, frame, ctx)
    assert_inside(items, frame)
    for s in ("第 46 期（总第 1046 期）", "2026年11月27日  星期五", "准印证号：浙内准字第 K-0217 号",
              "主办：中共南明经济技术开发区工作委员会", "南明经济技术开发区管理委员会"):
        assert has(items, s), s
    # The name: full size, accent red, left of the info panel.
    name = find(items, "南明开发区报")
    assert size_of(name) == 72
    assert name.color == ctx.house.colors["accent"]
    panel = find(items, "2026年11月27日  星期五")
    assert name.x + name.line.end < panel.x
    # The info lines sit on the grid.
    assert all(on_grid(ctx, t) for t in lines_of(items) if t is not name)
    # A rule under everything else, across the frame.
    rules = [r for r in items if isinstance(r, Rule) and r.y0 == r.y1]
    assert rules and all(r.x0 == frame.x and r.x1 == frame.right for r in rules)
    lowest_text = max(bbox(t)[3] for t in lines_of(items))
    assert min(r.y0 - r.width / 2 for r in rules) > lowest_text


def test_masthead_scales_down_to_fit(ctx):
    block = MastheadBlock("mast", pos(1, 3, 1, 8))
    frame = ctx.grid.frame(block.pos)
    items = masthead(block, frame, ctx)
    assert_inside(items, frame)
    name = find(items, "南明开发区报")
    assert 24 <= size_of(name) < 72
    assert has(items, "第 46 期（总第 1046 期）")


def test_masthead_too_small(ctx):
    block = MastheadBlock("mast", pos(1, 1, 1, 3))
    with pytest.raises(BanmianError) as e:
        masthead(block, ctx.grid.frame(block.pos), ctx)
    assert e.value.file == SRC.file and e.value.line == SRC.line


# ---- 报眉 -------------------------------------------------------------------

@pytest.mark.parametrize("page", [2, 3])
def test_running_head(ctx, page):
    items = running_head(page, "要闻", "李四", ctx)
    g, area = ctx.grid, ctx.grid.area
    assert has(items, f"第 {page} 版 要闻")
    assert has(items, "责任编辑：李四")
    assert has(items, "南明开发区报 2026年11月27日 星期五")
    # Everything in the top margin, across the type area, the rule ≥ 2 mm above the first grid line.
    for it in items:
        x0, y0, x1, y1 = bbox(it)
        assert area.x - EPS <= x0 and x1 <= area.right + EPS
        assert 0 < y0 and y1 <= g.top - 2 * MM + EPS
    rule = next(r for r in items if isinstance(r, Rule))
    assert rule.width == 0.75 and rule.x0 == area.x and rule.x1 == area.right
    assert all(bbox(t)[3] < rule.y0 - rule.width / 2 for t in lines_of(items))
    # The page number on the outer side: left on even pages, right on odd ones.
    folio = next(t for t in lines_of(items) if t.line.text.startswith(f"第{page}版"))
    if page % 2 == 0:
        assert folio.x == pytest.approx(area.x)
    else:
        assert folio.x + folio.line.end == pytest.approx(area.right)


# ---- 图解 -------------------------------------------------------------------

FIGURES = (
    KeyFigure("GDP 增速列全市第二", "49.82", "亿元", "增长 10.3%", "全市第 2 位"),
    KeyFigure("固定资产投资增速全市第三", "32.1", "亿元", "增长 12.5%", "全市第三"),
    KeyFigure("服务业增加值增速全市第一", "16.9", "%", "", "全市首位"),
    KeyFigure("规上工业增加值总量全市第二", "33.38", "亿元", "增长 10.4%", "全市第二"),
)
INTRO = ("今年以来，开发区围绕培育和发展生态产业，解放思想、创新举措，聚力攻坚，经济运行总体保持"
         "“高开稳走”的良好态势。前三季度，主要经济指标增幅列全市前列，高于预期。")


def seed_figure(lines=40, span=2, chart=None) -> FigureBlock:
    return FigureBlock("fig", pos(4, span, 30, lines), title="开发区前三季度经济成绩单", kicker="图解开发区",
                       intro=INTRO, figures=FIGURES, chart=chart, source_note="数据来源：开发区经发局")


def test_figure_seed_fits_and_sits_on_grid(ctx):
    block = seed_figure()
    frame = ctx.grid.frame(block.pos)
    items = figure(block, frame, ctx)
    assert_inside(items, frame)
    for t in lines_of(items):
        assert frame.y < t.y < frame.bottom
        if size_of(t) == ctx.grid.body_size:
            assert on_grid(ctx, t), t.line.text
    for s in ("图解开发区", "开发区前三季度经济成绩单", "增长 10.3%", "全市第 2 位", "GDP 增速列全市第二"):
        assert has(items, s), s
    # The source line on the frame's last grid line.
    note = find(items, "数据来源：开发区经发局")
    assert frame.bottom - ctx.grid.pitch < note.y < frame.bottom


def test_figure_values_with_units(ctx):
    block = seed_figure()
    items = figure(block, ctx.grid.frame(block.pos), ctx)
    for f in FIGURES:
        value = find(items, f.value)
        assert value.color == ctx.house.colors["figure"]
        assert size_of(value) == ctx.house.el("figure_value").size
        right = value.x + value.line.end
        unit = min((t for t in lines_of(items) if t.line.text == f.unit and t.y == value.y and t.x >= right),
                   key=lambda t: t.x)
        assert value.x + value.line.end <= unit.x < value.x + value.line.end + 3
        assert size_of(unit) < size_of(value)


def test_figure_cards_two_by_two_or_one_row(ctx):
    def value_positions(span):
        block = seed_figure(span=span)
        if span == 5:
            block = dataclasses.replace(block, pos=pos(1, 5, 30, 40))
        items = figure(block, ctx.grid.frame(block.pos), ctx)
        vs = [find(items, f.value) for f in FIGURES]
        return {round(v.x) for v in vs}, {round(v.y, 3) for v in vs}
    xs, ys = value_positions(2)
    assert len(xs) == 2 and len(ys) == 2          # 2 × 2
    xs, ys = value_positions(5)
    assert len(xs) == 4 and len(ys) == 1          # 1 × 4


def test_figure_too_small_says_how_many_lines(ctx):
    block = seed_figure(lines=12)
    with pytest.raises(BanmianError) as e:
        figure(block, ctx.grid.frame(block.pos), ctx)
    err = e.value
    assert err.file == SRC.file and err.line == SRC.line
    assert "more line" in err.message
    needed = int(err.message.split("needs ")[1].split()[0])
    assert f"{needed - 12} more line" in err.message
    # ... and that many lines are indeed enough.
    figure(seed_figure(lines=needed), ctx.grid.frame(seed_figure(lines=needed).pos), ctx)


def test_ring_wedges_proportional(ctx):
    values = (49.82, 32.1, 33.38, 16.9)
    chart = Chart("ring", "三项指标构成", ("GDP", "投资", "工业", "服务业"), values, "亿元")
    block = seed_figure(lines=60, chart=chart)
    frame = ctx.grid.frame(block.pos)
    items = figure(block, frame, ctx)
    assert_inside(items, frame)
    wedges = [p for p in items if isinstance(p, VPath)]
    assert len(wedges) == 4
    areas = [shoelace(list(w.points)) for w in wedges]
    for a, v in zip(areas, values):
        assert a / sum(areas) == pytest.approx(v / sum(values), rel=2e-3)
    # Together the wedges close the ring: the angles sum to 360°.
    xs = [p[0] for w in wedges for p in w.points]
    r_out = (max(xs) - min(xs)) / 2
    ring = math.pi * r_out ** 2 * (1 - 0.55 ** 2)
    assert sum(areas) == pytest.approx(ring, rel=2e-3)
    assert has(items, "GDP 49.82亿元（37.7%）")


def test_bar_chart_lengths(ctx):
    values = (10.3, 12.5, 16.9, 10.4)
    chart = Chart("bar", "增速", ("GDP", "投资", "服务业", "工业"), values, "%")
    block = seed_figure(lines=60, chart=chart)
    frame = ctx.grid.frame(block.pos)
    items = figure(block, frame, ctx)
    assert_inside(items, frame)
    bars = [r for r in items if isinstance(r, Rect) and r.fill == ctx.house.colors["figure"]
            and r.h == pytest.approx(0.6 * ctx.grid.pitch)]
    assert len(bars) == 4
    for b, v in zip(bars, values):
        assert b.w / bars[2].w == pytest.approx(v / 16.9)
    assert find(items, "16.9").color == ctx.house.colors["figure"]
    assert has(items, "增速（%）")


def test_wide_frame_gets_vertical_bars(ctx):
    values = (10.3, 12.5, 16.9, 10.4)
    chart = Chart("bar", "增速", ("GDP", "投资", "服务业", "工业"), values, "%")
    block = dataclasses.replace(seed_figure(chart=chart), pos=pos(1, 5, 30, 40))
    frame = ctx.grid.frame(block.pos)
    items = figure(block, frame, ctx)
    assert_inside(items, frame)
    bars = [r for r in items if isinstance(r, Rect) and r.fill == ctx.house.colors["figure"] and r.w < r.h]
    assert len(bars) == 4
    # Standing on one axis, heights proportional to the values, left to right in order.
    assert len({round(b.y + b.h, 6) for b in bars}) == 1
    for b, v in zip(bars, values):
        assert b.h / bars[2].h == pytest.approx(v / 16.9)
    assert [b.x for b in bars] == sorted(b.x for b in bars)
    # Category labels on a grid line under the axis, centred under their bars.
    for b, label in zip(bars, ("GDP", "投资", "服务业", "工业")):
        t = find(items, label)
        assert on_grid(ctx, t) and t.y > b.y + b.h
        assert t.x + t.line.end / 2 == pytest.approx(b.x + b.w / 2)


def test_chart_rejects_negative_values(ctx):
    chart = Chart("ring", "t", ("a", "b"), (3.0, -1.0))
    with pytest.raises(BanmianError) as e:
        figure(seed_figure(lines=60, chart=chart), ctx.grid.frame(pos(4, 2, 30, 60)), ctx)
    assert e.value.line == SRC.line


# ---- photos ------------------------------------------------------------------

def make_image(tmp_path, w, h, name="p.jpg") -> str:
    path = tmp_path / name
    PILImage.new("RGB", (w, h), (120, 130, 140)).save(path)
    return str(path)


def photo_block(path, p=None, caption="开发区召开招商项目落地推进会。", credit="本报记者 张三 摄", bleed=False):
    return PhotoBlock("ph", p or pos(2, 2, 10, 20), path, caption, credit, bleed)


def image_of(items) -> Image:
    return next(it for it in items if isinstance(it, Image))


@pytest.mark.parametrize("px", [(3000, 2000), (2000, 3000), (2400, 2400)])
def test_photo_covers_frame_without_distortion(ctx, tmp_path, px):
    block = photo_block(make_image(tmp_path, *px))
    frame = ctx.grid.frame(block.pos)
    items = photo(block, frame, ctx)
    im = image_of(items)
    # Aspect ratio kept, frame covered, image centred on the frame.
    assert im.img_w / im.img_h == pytest.approx(px[0] / px[1])
    assert im.img_x <= im.x + EPS and im.img_y <= im.y + EPS
    assert im.img_x + im.img_w >= im.x + im.w - EPS and im.img_y + im.img_h >= im.y + im.h - EPS
    assert im.img_x + im.img_w / 2 == pytest.approx(im.x + im.w / 2)
    assert im.img_y + im.img_h / 2 == pytest.approx(im.y + im.h / 2)
    # Image frame + caption lines = the block frame, on whole grid lines.
    assert (im.x, im.y, im.w) == (frame.x, frame.y, frame.w)
    cap_lines = (frame.bottom - im.y - im.h) / ctx.grid.pitch
    assert cap_lines == pytest.approx(round(cap_lines)) and round(cap_lines) >= 1
    assert_inside([it for it in items if it is not im], frame)


def test_photo_caption_and_credit(ctx, tmp_path):
    block = photo_block(make_image(tmp_path, 3000, 2000))
    frame = ctx.grid.frame(block.pos)
    items = photo(block, frame, ctx)
    im = image_of(items)
    caption = find(items, "开发区召开招商项目落地推进会。")
    credit = find(items, "本报记者 张三 摄")
    # caption and credit keep ¾ em of body text from the frame's sides
    inset = 0.75 * ctx.grid.body_size
    assert caption.x == pytest.approx(frame.x + inset)
    assert credit.x + credit.line.end == pytest.approx(frame.right - inset)
    assert caption.y > im.y + im.h and on_grid(ctx, caption)
    assert credit.y >= caption.y
    assert credit.line.glyphs[0].face.startswith("kai")


def test_photo_long_caption_takes_more_lines(ctx, tmp_path):
    path = make_image(tmp_path, 3000, 2000)
    short = image_of(photo(photo_block(path), ctx.grid.frame(pos(2, 2, 10, 20)), ctx))
    long_items = photo(photo_block(path, caption="会上，" + "与会各部门要提高认识，明确职责。" * 6),
                       ctx.grid.frame(pos(2, 2, 10, 20)), ctx)
    long = image_of(long_items)
    assert long.h < short.h
    assert (short.h - long.h) / ctx.grid.pitch == pytest.approx(round((short.h - long.h) / ctx.grid.pitch))


def test_photo_missing_file(ctx, tmp_path):
    path = str(tmp_path / "nope.jpg")
    with pytest.raises(BanmianError) as e:
        photo(photo_block(path), ctx.grid.frame(pos()), ctx)
    assert path in str(e.value) and e.value.file == SRC.file and e.value.line == SRC.line


def test_photo_unreadable_file(ctx, tmp_path):
    path = tmp_path / "broken.jpg"
    path.write_text("not an image")
    with pytest.raises(BanmianError) as e:
        photo(photo_block(str(path)), ctx.grid.frame(pos()), ctx)
    assert str(path) in str(e.value) and e.value.line == SRC.line


def test_photo_resolution_error_and_warning(ctx, tmp_path):
    p = pos(1, 3, 1, 30)
    frame = ctx.grid.frame(p)
    inches = frame.w / 72
    # Below the minimum (120 ppi): an error naming the file and the ppi.
    low = make_image(tmp_path, int(inches * 100), int(inches * 100), "low.jpg")
    with pytest.raises(BanmianError) as e:
        photo(photo_block(low, p), frame, fresh(ctx))
    assert low in str(e.value) and "ppi" in str(e.value) and "120" in str(e.value)
    # Between minimum and warning level (200 ppi): a warning, the photo still placed.
    c = fresh(ctx)
    mid = make_image(tmp_path, int(inches * 160), int(inches * 160), "mid.jpg")
    photo(photo_block(mid, p), frame, c)
    assert len(c.log.warnings) == 1
    w = str(c.log.warnings[0])
    assert mid in w and "160 ppi" in w
    # Enough pixels: silent.
    c = fresh(ctx)
    photo(photo_block(make_image(tmp_path, int(inches * 300), int(inches * 300), "ok.jpg"), p), frame, c)
    assert c.log.warnings == []


def test_photo_bleed_extends_edges_on_type_area(ctx, tmp_path):
    path = make_image(tmp_path, 4000, 4000)
    h = ctx.house
    p = pos(1, 2, 1, 20)
    items = photo(photo_block(path, p, bleed=True), ctx.grid.frame(p), ctx)
    im = image_of(items)
    frame = ctx.grid.frame(p)
    assert im.x == pytest.approx(-h.bleed) and im.y == pytest.approx(-h.bleed)
    assert im.x + im.w == pytest.approx(frame.right)           # not on the right edge of the type area
    assert im.img_x <= im.x and im.img_y <= im.y
    assert im.img_x + im.img_w >= im.x + im.w - EPS
    # Right column, no caption, bottom line: right and bottom go out to the trim + bleed.
    p = pos(4, 2, 61, 20)
    items = photo(photo_block(path, p, caption="", credit="", bleed=True), ctx.grid.frame(p), ctx)
    im = image_of(items)
    assert im.x + im.w == pytest.approx(h.trim[0] + h.bleed)
    assert im.y + im.h == pytest.approx(h.trim[1] + h.bleed)
    assert im.img_x + im.img_w >= im.x + im.w - EPS and im.img_y + im.img_h >= im.y + im.h - EPS


def test_ring_in_one_column_stacks_its_legend(ctx):
    chart = Chart("ring", "构成", ("GDP", "投资", "工业", "服务业"), (49.82, 32.1, 33.38, 16.9), "亿元")
    block = FigureBlock("fig", pos(5, 1, 1, 60), title="成绩单", chart=chart, source_note="开发区经发局")
    frame = ctx.grid.frame(block.pos)
    items = figure(block, frame, ctx)
    assert_inside(items, frame)
    assert len([p for p in items if isinstance(p, VPath)]) == 4
    legend = [t for t in lines_of(items) if "%" in t.line.text]
    wedge_bottom = max(bbox(p)[3] for p in items if isinstance(p, VPath))
    assert legend and all(t.y > wedge_bottom for t in legend)
    assert has(items, "数据来源：开发区经发局")


def test_figure_title_only(ctx):
    block = FigureBlock("fig", pos(1, 2, 1, 4), title="开发区前三季度经济成绩单")
    frame = ctx.grid.frame(block.pos)
    items = figure(block, frame, ctx)
    assert_inside(items, frame)
    assert has(items, "开发区前三季度经济成绩单")


def test_photo_exif_rotation_is_placed_upright(ctx, tmp_path):
    """EXIF orientation 6 (a phone held upright): placed by its upright size, 3000 × 4000, no warning
    (the renderer turns the pixels; tests/test_photos.py checks the printed page)."""
    from layout.boxes import Image
    path = tmp_path / "rot.jpg"
    exif = PILImage.Exif()
    exif[0x0112] = 6
    PILImage.new("RGB", (4000, 3000)).save(path, exif=exif)
    c = fresh(ctx)
    (im,) = [i for i in photo(photo_block(str(path)), ctx.grid.frame(pos()), c) if isinstance(i, Image)]
    assert im.img_h / im.img_w == pytest.approx(4 / 3)
    assert not any("orientation" in str(w) for w in c.log.warnings)


def test_masthead_uses_the_papers_nameplate_artwork(ctx, tmp_path):
    import dataclasses as dc
    from PIL import Image as PILImage
    from layout.boxes import Image
    art = tmp_path / "nameplate.png"
    PILImage.new("L", (2000, 500), 0).save(art)
    ctx2 = dc.replace(ctx, house=dc.replace(ctx.house, nameplate=str(art)))
    block = MastheadBlock("m", pos(1, 5, 1, 10))
    frame = ctx2.grid.frame(block.pos)
    items = masthead(block, frame, ctx2)
    imgs = [i for i in items if isinstance(i, Image)]
    assert len(imgs) == 1
    im = imgs[0]
    assert im.w / im.h == pytest.approx(4.0)                     # never distorted
    assert frame.x <= im.x and im.x + im.w <= frame.right and frame.y <= im.y and im.y + im.h <= frame.bottom
    assert not any(isinstance(i, TextLine) and i.line.text == ctx.house.paper_name for i in items)


def test_photo_bleed_keeps_clear_of_the_running_head(ctx, tmp_path):
    block = dataclasses.replace(photo_block(make_image(tmp_path, 3000, 2000)), bleed=True,
                                pos=pos(1, 2, 1, 20))
    frame = ctx.grid.frame(block.pos)
    with_head = image_of(photo(block, frame, ctx, top_bleed=False))
    without = image_of(photo(block, frame, ctx, top_bleed=True))
    assert with_head.y == pytest.approx(frame.y)                     # stops at the type area
    assert without.y == pytest.approx(-ctx.house.bleed)              # out to the trim + bleed
    assert with_head.x == without.x == pytest.approx(-ctx.house.bleed)   # the left edge bleeds either way
