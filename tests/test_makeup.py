"""Make-up geometry from the layout result itself (no PDF parsing)."""
from __future__ import annotations


import pytest

from layout.boxes import TextLine
from layout.build import build
from layout.errors import BanmianError
from layout.grid import Grid

from conftest import SAMPLE

PARA = ("开发区坚持项目为王，推动招商项目落地见效，一批重点项目加快建设，"
        "前三季度完成固定资产投资 32.1 亿元，同比增长 12.5%，增速列全市第三。")


def article(n_paras: int, title: str = "开发区召开招商项目落地推进会") -> str:
    body = "\n\n".join(f"第{i + 1}段。" + PARA for i in range(n_paras))
    return f"---\ntitle: {title}\nbyline: 本报记者 陈思远\n---\n{body}\n"


def manifest(blocks: str, pages: int = 1) -> str:
    head = "house: nanming-v1\nnumber: 7\ndate: 2026-03-06\npages:\n"
    return head + blocks


@pytest.fixture(scope="module")
def sample():
    return build(SAMPLE)


def body_lines(page):
    return [it for it in page.items if isinstance(it, TextLine)
            and it.line.glyphs and it.line.glyphs[0].face == "song-regular" and it.line.glyphs[0].size == 9]


def test_every_body_baseline_on_the_page_grid(sample):
    grid = Grid(sample.issue.house)
    for page in sample.pages:
        lines = body_lines(page)
        assert len(lines) > 50, page.number
        for tl in lines:
            n = (tl.y - grid.baseline(1)) / grid.pitch
            assert abs(n - round(n)) < 1e-6, (page.number, tl.line.text, n)


def test_body_lines_inside_type_area_and_columns(sample):
    grid = Grid(sample.issue.house)
    area = grid.area
    for page in sample.pages:
        for tl in body_lines(page):
            assert area.x - 0.01 <= tl.x and tl.x + tl.line.end <= area.right + 0.01
            assert area.y <= tl.y <= area.bottom


def test_jump_numbers_come_from_the_layout(sample):
    p1 = " ".join(tl.line.text for tl in sample.pages[0].items if isinstance(tl, TextLine))
    p2 = " ".join(tl.line.text for tl in sample.pages[1].items if isinstance(tl, TextLine))
    assert "（下转第2版）" in p1
    assert "（上接第1版）" in p2


# eight paragraphs into a 2-column block of 12 lines: overset
OVERSET = """  - section: 要闻
    blocks:
      - {article: long.md, col: 1, span: 2, line: 1, lines: 12}
"""


def test_overset_message_names_page_article_lines_and_end(issue_factory):
    d = issue_factory(manifest(OVERSET), {"long.md": article(8)})
    with pytest.raises(BanmianError) as e:
        build(d)
    msg = str(e.value)
    assert "page 1, article 'long.md':" in msg
    assert "lines over (about" in msg
    assert msg.split("ends at '…")[1].startswith("增速列全市第三。'")
    # the count of lines over is what the draft layout leaves out
    over = int(msg.split("': ")[1].split(" lines over")[0])
    assert over > 10


def test_draft_builds_overset_with_red_mark(issue_factory):
    from layout.boxes import RED, Rect
    d = issue_factory(manifest(OVERSET), {"long.md": article(8)})
    r = build(d, draft=True)
    assert any(isinstance(i, Rect) and i.stroke == RED for i in r.pages[0].items)


def test_auto_block_columns_end_level_and_headline_whole_lines(issue_factory):
    blocks = """  - section: 要闻
    blocks:
      - article: a.md
        col: 1
        span: 3
        line: 5
        lines: auto
"""
    d = issue_factory(manifest(blocks), {"a.md": article(6)})
    r = build(d)
    grid = Grid(r.issue.house)
    lines = body_lines(r.pages[0])
    cols: dict[int, list[float]] = {}
    for tl in lines:
        c = round((tl.x - grid.left) / (grid.col_w + grid.gutter))
        cols.setdefault(c, []).append(tl.y)
    assert sorted(cols) == [0, 1, 2]
    bottoms = [max(v) for v in cols.values()]
    tops = [min(v) for v in cols.values()]
    # balanced (齐底): all columns but the last end on the same line; the last is
    # short by less than one line per column (the remainder of lines / columns)
    assert len(set(round(b, 3) for b in bottoms[:-1])) == 1
    assert 0 <= bottoms[0] - bottoms[-1] <= (len(bottoms) - 1) * grid.pitch + 1e-6
    # the text starts on a whole grid line below the headline (line 5 + whole lines)
    first = (min(tops) - grid.baseline(5)) / grid.pitch
    assert first == pytest.approx(round(first)) and round(first) >= 2


def test_jump_carries_the_rest_to_a_later_page(issue_factory):
    blocks = """  - section: 要闻
    blocks:
      - article: long.md
        col: 1
        span: 2
        line: 1
        lines: 15
        jump: long-cont
  - section: 综合
    blocks:
      - continue: long.md
        id: long-cont
        col: 1
        span: 5
        line: 1
        lines: auto
"""
    d = issue_factory(manifest(blocks), {"long.md": article(8)})
    r = build(d)
    t1 = "".join(tl.line.text for tl in r.pages[0].items if isinstance(tl, TextLine))
    t2 = "".join(tl.line.text for tl in r.pages[1].items if isinstance(tl, TextLine))
    assert "（下转第2版）" in t1 and "（上接第1版）" in t2
    # nothing lost: every paragraph's number appears once across both pages
    for i in range(8):
        assert (t1 + t2).count(f"第{i + 1}段") == 1


def test_seed_page_structure_builds_without_overset(tmp_path):
    """The seed newsletter page's structure on one A3 page: kept as a fixture."""
    import shutil
    from conftest import HOUSE, ROOT
    shutil.copytree(HOUSE, tmp_path / "_house")
    shutil.copytree(ROOT / "tests" / "fixtures" / "seed_page", tmp_path / "seed_page")
    r = build(tmp_path / "seed_page")
    assert len(r.pages) == 1 and not r.log.warnings
    page = r.pages[0]
    ids = [b[0] for b in page.blocks]
    assert ids[:2] == ["lead (its headline)", "lead"] and "item1" in ids and "item2" in ids
    text = "".join(tl.line.text for tl in page.items if isinstance(tl, TextLine))
    for s in ("阅读提示", "坚持“四个对标”", "49.82", "32.1", "16.9", "33.38", "数据来源：开发区经发局",
              "本报记者方若晴", "获2026年省小微企业“成长之星”称号"):
        assert s in text, s
    # the 通栏 headline spans all five columns; the lead's text starts below it
    grid = Grid(r.issue.house)
    lead_lines = [tl for tl in body_lines(page) if tl.x < grid.x(4)]
    assert min(tl.y for tl in lead_lines) > grid.y(7)
    # no column rule cuts through the 通栏 headline
    from layout.boxes import Rule
    band = next(b for b in page.blocks if b[0] == "lead (its headline)")
    band_bottom = grid.y(band[3] + band[4])
    for r in page.items:
        if isinstance(r, Rule) and r.x0 == r.x1:
            assert min(r.y0, r.y1) >= band_bottom - 0.01, r


def test_block_under_a_page_wide_headline_is_refused(issue_factory):
    blocks = """  - section: 要闻
    blocks:
      - article: a.md
        col: 1
        span: 3
        line: 1
        lines: auto
        headline: page
      - article: b.md
        col: 4
        span: 2
        line: 2
        lines: auto
"""
    d = issue_factory(manifest(blocks), {"a.md": article(3), "b.md": article(1, "短讯标题")})
    with pytest.raises(BanmianError) as e:
        build(d)
    assert "block 'b' overlaps block 'a (its headline)'" in str(e.value)


def test_bianlan_columns_hold_whole_characters():
    from layout.makeup import text_columns
    # 3 text columns over 4 base columns of 16 characters (9 pt, gutter 9 pt): 21 characters each,
    # the 27 pt left over shared by the two gutters
    w, gutter = text_columns(4 * 144 + 3 * 9, 3, 9, 9)
    assert w == 21 * 9 and gutter == pytest.approx(18)
    assert text_columns(144, 1, 9, 9) == (144, 9)
    # the base grid itself is untouched: 5 over 5 gives the base columns back
    assert text_columns(5 * 144 + 4 * 9, 5, 9, 9) == (144, 9)


def test_junpai_title_fills_its_width_exactly(fontset):
    """均排: a short 主题 set to fill the headline width exactly, characters evenly spaced."""
    from layout.compose import set_line
    from layout.headline import spread
    face = fontset.face("song", "heavy")
    line = spread(set_line("园区简讯", face, 24), 300)
    xs = [g.x for g in line.glyphs]
    assert line.end == pytest.approx(300)
    steps = {round(b - a, 6) for a, b in zip(xs, xs[1:])}
    assert len(steps) == 1 and steps.pop() > 24


def test_crosshead_never_ends_a_column_or_a_jumping_part():
    from layout.flow import Column, FlowItem, pour
    draw = lambda x, line, w: []
    text = [FlowItem(1, draw, "字", para=0) for _ in range(4)]
    head = FlowItem(2, draw, "小标题", keep_with_next=True)
    more = [FlowItem(1, draw, "字", para=1) for _ in range(3)]
    items = text + [head] + more
    # one column of 6 lines: 4 text lines + the cross-head would fill it exactly
    p = pour(items, [Column(0, 100, 1, 6)])
    assert [it.text for _, it in p.columns[0]] == ["字"] * 4
    assert p.rest[0] is head                      # it goes on with the text it heads
    # two columns: the cross-head opens the second
    p = pour(items, [Column(0, 100, 1, 6), Column(110, 100, 1, 6)])
    assert p.columns[1][0][1] is head and not p.rest


def test_a_paragraphs_last_line_does_not_open_a_column_alone():
    """孤行: when a paragraph's last line would stand alone at the top of the next column,
    its previous line goes over with it (if the column keeps at least two lines)."""
    from layout.flow import Column, FlowItem, pour
    draw = lambda x, line, w: []
    para = [FlowItem(1, draw, f"行{i}", para=0, first=i == 0, last=i == 5) for i in range(6)]
    p = pour(para, [Column(0, 100, 1, 5), Column(110, 100, 1, 5)])
    first, second = ([it.text for _, it in col] for col in p.columns)
    assert first == ["行0", "行1", "行2", "行3"] and second == ["行4", "行5"]
    # without the rule the last line would have stood alone
    p = pour(para, [Column(0, 100, 1, 5), Column(110, 100, 1, 5)], avoid_widows=False)
    assert [it.text for _, it in p.columns[1]] == ["行5"]
