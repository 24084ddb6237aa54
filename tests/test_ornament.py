"""花边 frames with their inner margin, 题花, 刊头, and the masthead's and last page's furniture."""
from __future__ import annotations

import datetime

import pytest

from layout.boxes import BLACK, Path as VPath, Rect, Rule, TextLine
from layout.build import build
from layout.errors import BanmianError
from layout.makeup.furniture import lunar_text
from layout.makeup.ornament import FRAMES
from layout.source.model import FRAME_PATTERNS

PARA = ("开发区坚持项目为王，推动招商项目落地见效，一批重点项目加快建设，"
        "前三季度完成固定资产投资 32.1 亿元，同比增长 12.5%，增速列全市第三。")
ARTICLE = "---\ntitle: 园区简讯\nbyline: 本报记者 陈思远\n---\n" + "\n\n".join([PARA] * 3) + "\n"
HEAD = "house: nanming-v1\nnumber: 7\ndate: 2026-03-06\npages:\n  - section: 要闻\n    blocks:\n"


def framed(issue_factory, frame: str, extra: str = ""):
    d = issue_factory(HEAD + f"      - {{article: a.md, col: 2, span: 2, line: 5, lines: auto, frame: {frame}{extra}}}\n",
                      {"a.md": ARTICLE})
    return build(d)


def test_six_patterns_in_the_library():
    assert set(FRAME_PATTERNS) == {"单线", "双线", "粗细线", "点线", "波纹", "花纹"} == set(FRAMES)


@pytest.mark.parametrize("pattern", FRAME_PATTERNS)
def test_frames_draw_with_the_inner_margin(issue_factory, pattern):
    res = framed(issue_factory, pattern)
    g, page = res.issue.house, res.pages[0]
    from layout.makeup.grid import Grid
    grid = Grid(g)
    x0, x1 = grid.x(2), grid.x(2) + grid.width(2)
    foot = grid.area.bottom
    art = [it for it in page.items if isinstance(it, (Rect, VPath, Rule))
           and not (isinstance(it, Rule) and not grid.top < it.y0 < foot)]   # not the running head's, the 报尾's
    assert art, pattern
    # the pattern lies on the block's edge (a thin one in the middle of the gutter) and is 100 % K
    xs = [p[0] for it in art if isinstance(it, VPath) for p in it.points] + \
         [v for it in art if isinstance(it, Rect) for v in (it.x, it.x + it.w)]
    out = grid.gutter / 2 if FRAMES[pattern] <= 2.5 else 0.0
    assert min(xs) >= x0 - out - 1.5 and max(xs) <= x1 + out + 1.5, pattern
    x0, x1 = x0 - out, x1 + out                                   # the frame's outer edge
    assert all((it.stroke or it.fill) in (BLACK, (0.0, 0.0, 0.0, 0.0)) for it in art if not isinstance(it, Rule))
    band = FRAMES[pattern]
    body = [t for t in page.items if isinstance(t, TextLine) and t.line.glyphs and grid.top <= t.y < foot]
    assert body
    size = g.body.size
    for t in body:
        # at least 1 字 of air between the pattern's inner edge and the text on either side
        assert t.x >= x0 + band + size - 1e-6, (pattern, t.line.text)
        assert t.x + t.line.end <= x1 - band - size + 1e-6, (pattern, t.line.text)
    top = min(t.y - 0.88 * t.line.glyphs[0].size for t in body)      # the first line's em-box top
    frame_top = min(v for it in art if isinstance(it, Rect) for v in (it.y - it.stroke_width / 2,)) \
        if any(isinstance(it, Rect) for it in art) else min(p[1] for it in art for p in it.points) - 1
    assert top >= frame_top + band + size - 1.0, pattern          # (a dot's or wave's outer edge ± 1 pt)
    assert top >= grid.y(5) - grid.pitch / 2
    # the columns still hold whole characters
    lines = [t for t in body if t.line.glyphs[0].size == size and not t.line.last]
    assert all(abs(t.line.width / size - round(t.line.width / size)) < 1e-6 for t in lines)


def test_box_is_the_houses_pattern_and_a_margin_under_one_character_is_refused(issue_factory, tmp_path):
    res = framed(issue_factory, "box")
    assert any(isinstance(it, Rect) and it.stroke == BLACK and it.stroke_width == 0.75 for it in res.pages[0].items)
    house = tmp_path / "_house" / "nanming-v1.yaml"
    house.write_text(house.read_text(encoding="utf-8").replace("margin: 1字", "margin: 0.5字"), encoding="utf-8")
    with pytest.raises(BanmianError, match="less than 1 字"):
        framed(issue_factory, "box")


def test_unknown_frame_named(issue_factory):
    with pytest.raises(BanmianError, match="'花哨' is not a frame") as e:
        framed(issue_factory, "花哨")
    assert "波纹" in e.value.hint


def test_title_flower_beside_the_title(issue_factory):
    res = framed(issue_factory, "none", ", ornament: 梅花")
    page = res.pages[0]
    title = next(t for t in page.items if isinstance(t, TextLine) and t.line.text == "园区简讯")
    petals = [it for it in page.items if isinstance(it, VPath) and it.fill == res.issue.house.colors["accent"]]
    assert len(petals) == 5
    assert all(max(p[0] for p in it.points) < title.x for it in petals)          # left of the title
    size = title.line.glyphs[0].size
    assert all(title.y - size < sum(p[1] for p in it.points) / len(it.points) < title.y for it in petals)


def test_kantou_typeset_in_its_frame(issue_factory):
    d = issue_factory(HEAD + "      - {kantou: {title: 南明文苑, subtitle: 散文 · 随笔, frame: 波纹}, col: 1, span: 2, "
                             "line: 1, lines: 9}\n", {})
    res = build(d)
    items = res.pages[0].items
    title = next(t for t in items if isinstance(t, TextLine) and t.line.text == "南明文苑")
    assert title.color == res.issue.house.colors["accent"] and title.line.glyphs[0].size > 30
    waves = [it for it in items if isinstance(it, VPath) and not it.closed]
    assert len(waves) == 4
    assert any(isinstance(t, TextLine) and t.line.text.startswith("散文") and t.y > title.y for t in items)


def test_lunar_dates_of_known_days():
    assert lunar_text(datetime.date(2024, 2, 10)) == "农历甲辰年正月初一"       # 春节 2024
    assert lunar_text(datetime.date(2023, 3, 22)) == "农历癸卯年闰二月初一"     # a leap month
    assert lunar_text(datetime.date(2026, 11, 27)) == "农历丙午年十月十九"


def test_masthead_carries_edition_pages_today_and_lunar_date():
    from conftest import SAMPLE
    res = build(SAMPLE)
    texts = [t.line.text for t in res.pages[0].items if isinstance(t, TextLine)]
    assert any("今日4版" in t.replace(" ", "") for t in texts)
    assert "内部资料免费交流" in [t.replace(" ", "") for t in texts]
    assert "农历丙午年十月十九" in texts
    # the 报眼 block stands in the masthead's right-hand column, above its rule
    ear = next(b for b in res.pages[0].blocks if b[0] == "p1-ear")
    assert ear[1:3] == (5, 1)
    # the imprint on the last page only, every field, under the type area
    from layout.makeup.grid import Grid
    foot = Grid(res.issue.house).area.bottom
    for page in res.pages:
        tail = " ".join(t.line.text for t in page.items if isinstance(t, TextLine) and t.y > foot)
        if page is res.pages[-1]:
            for label in ("编辑部地址", "邮编", "电话", "印刷单位", "印数", "发送对象"):
                assert label + "：" in tail
        else:
            assert "编辑部地址" not in tail


@pytest.mark.parametrize("block, message", [
    ("{article: a.md, col: 1, span: 2, line: 1, lines: auto, direction: vertical}",
     "a vertical article needs a fixed height"),
    ("{article: a.md, col: 1, span: 2, line: 1, lines: auto, ornament: 牡丹}", "is neither a 题花 nor an image"),
    ("{kantou: {subtitle: 第 1 期}, col: 1, span: 2, line: 1, lines: 9}", "a 刊头 needs a title"),
    ("{kantou: {title: 文苑, frame: tint}, col: 1, span: 2, line: 1, lines: 9}", "a 刊头's frame is a 花边"),
    ("{masthead: {ear: 5}, col: 1, span: 5, line: 1, lines: 10}", "the masthead spans 5 columns"),
])
def test_bad_ornament_and_vertical_keys_named(issue_factory, block, message):
    d = issue_factory(HEAD + f"      - {block}\n", {"a.md": ARTICLE})
    with pytest.raises(BanmianError, match=message) as e:
        build(d)
    assert e.value.file.endswith("issue.yaml") and e.value.line == 7


def test_a_block_in_the_masthead_columns_without_an_ear_overlaps(issue_factory):
    blocks = ("      - {masthead: {}, col: 1, span: 5, line: 1, lines: 10}\n"
              "      - {article: a.md, col: 5, span: 1, line: 1, lines: 9}\n")
    with pytest.raises(BanmianError, match="overlaps"):
        build(issue_factory(HEAD + blocks, {"a.md": "---\ntitle: 征稿\n---\n来稿请注明单位。\n"}))
    ok = build(issue_factory(HEAD + blocks.replace("{masthead: {}", "{masthead: {ear: 1}"),
                             {"a.md": "---\ntitle: 征稿\n---\n来稿请注明单位。\n"}, name="2026-002"))
    assert [b[0] for b in ok.pages[0].blocks] == ["p1-1", "p1-1", "a"]      # the masthead, its rule line, the 报眼


def test_title_flower_under_a_vertical_title(issue_factory):
    from layout.boxes import VText
    res = framed(issue_factory, "none", ", headline: vertical, ornament: 菱形")
    page = res.pages[0]
    title = next(v for v in page.items if isinstance(v, VText) and v.line.text == "园区简讯")
    motif = [it for it in page.items if isinstance(it, VPath) and it.fill == res.issue.house.colors["accent"]]
    assert len(motif) == 2
    pts = [p for it in motif for p in it.points]
    assert min(y for _, y in pts) > title.y + title.line.end                       # under the title's foot
    assert abs(sum(x for x, _ in pts) / len(pts) - title.x) < 0.5                  # on its axis


def test_kantou_art_and_image_flower_fitted_whole(issue_factory):
    from PIL import Image as PILImage
    from layout.boxes import Image
    d = issue_factory(HEAD + "      - {kantou: {art: kantou.png}, col: 1, span: 2, line: 1, lines: 9}\n"
                             "      - {article: a.md, col: 3, span: 2, line: 1, lines: auto, ornament: hua.png}\n",
                      {"a.md": ARTICLE})
    PILImage.new("L", (600, 200), 40).save(d / "kantou.png")
    PILImage.new("L", (100, 100), 40).save(d / "hua.png")
    res = build(d)
    from layout.makeup.grid import Grid
    grid = Grid(res.issue.house)
    imgs = {it.path.rsplit("/", 1)[-1]: it for it in res.pages[0].items if isinstance(it, Image)}
    art = imgs["kantou.png"]
    assert abs(art.w / art.h - 3.0) < 1e-6                                  # never distorted
    inner_w = grid.width(2) - 2 * (FRAMES["粗细线"] + res.issue.house.frame_margin)
    assert abs(art.w - inner_w) < 1e-6 and art.x > grid.x(1)                # fitted inside the frame
    flower = imgs["hua.png"]
    title = next(t for t in res.pages[0].items if isinstance(t, TextLine) and t.line.text == "园区简讯")
    assert flower.w == flower.h and flower.x + flower.w < title.x
