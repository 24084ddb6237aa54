"""Make-up geometry from the layout result itself (no PDF parsing)."""
from __future__ import annotations

from pathlib import Path

import pytest

from layout.boxes import TextLine
from layout.build import build
from layout.errors import BanmianError
from layout.makeup.grid import Grid

from conftest import SAMPLE

PARA = ("开发区坚持项目为王，推动招商项目落地见效，一批重点项目加快建设，"
        "前三季度完成固定资产投资 32.1 亿元，同比增长 12.5%，增速列全市第三。")


def article(n_paras: int, title: str = "开发区召开招商项目落地推进会") -> str:
    body = "\n\n".join(f"第{i + 1}段。" + PARA for i in range(n_paras))
    return f"---\ntitle: {title}\nbyline: 本报记者 陈思远\n---\n{body}\n"


def manifest(blocks: str, pages: int = 1) -> str:
    head = "house: nanming-v1\nnumber: 7\ndate: 2026-03-06\npages:\n"
    return head + blocks


def one_article(span: int, line: int = 1, lines="auto", columns: int | None = None, name: str = "a.md") -> str:
    """The blocks of a page holding one article at column 1."""
    extra = f", columns: {columns}" if columns else ""
    return (f"  - section: 要闻\n    blocks:\n"
            f"      - {{article: {name}, col: 1, span: {span}, line: {line}, lines: {lines}{extra}}}\n")


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
OVERSET = one_article(2, lines=12, name="long.md")


def test_overset_message_names_page_article_lines_and_end(issue_factory):
    d = issue_factory(manifest(OVERSET), {"long.md": article(8)})
    with pytest.raises(BanmianError) as e:
        build(d)
    msg = str(e.value)
    assert "page 1 · columns 1–2 · lines 1–12: article long.md (" in msg
    assert "characters over; it ends" in msg
    assert msg.split("it ends '…")[1].startswith("增速列全市第三。'")
    # the count of lines over is what the draft layout leaves out
    over = int(msg.split("is too long: ")[1].split(" lines over")[0])
    assert over > 10
    assert "needs lines: " in msg and "(now 12)" in msg


def test_draft_builds_overset_with_red_mark(issue_factory):
    from layout.boxes import RED, Rect
    d = issue_factory(manifest(OVERSET), {"long.md": article(8)})
    r = build(d, draft=True)
    assert any(isinstance(i, Rect) and i.stroke == RED for i in r.pages[0].items)


def test_auto_block_columns_end_level_and_headline_whole_lines(issue_factory):
    d = issue_factory(manifest(one_article(3, line=5)), {"a.md": article(6)})
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
    d = issue_factory(manifest(JUMP.format(lines=15, columns=5)), {"a.md": article(8)})
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
    # the page is full: every grid line of the last rows is taken by a block (a photo and a
    # third item fill what the seed's text leaves at 小五)
    taken = {(c, l) for _, col, span, line, n in page.blocks
             for c in range(col, col + span) for l in range(line, line + n)}
    assert all((c, 80) in taken for c in range(1, 6))
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
    assert "the headline of a.md (" in str(e.value) and "reaches over article b.md (短讯标题)" in str(e.value)


def test_bianlan_columns_hold_whole_characters():
    from layout.makeup.page import text_columns
    # 3 text columns over 4 base columns of 16 characters (9 pt, gutter 9 pt): 21 characters each,
    # the 27 pt left over shared by the two gutters
    w, gutter = text_columns(4 * 144 + 3 * 9, 3, 9, 9)
    assert w == 21 * 9 and gutter == pytest.approx(18)
    assert text_columns(144, 1, 9, 9) == (144, 9)
    # the base grid itself is untouched: 5 over 5 gives the base columns back
    assert text_columns(5 * 144 + 4 * 9, 5, 9, 9) == (144, 9)


def test_junpai_title_fills_its_width_exactly(fontset):
    """均排: a short 主题 set to fill the headline width exactly, characters evenly spaced."""
    from layout.compose.paragraph import set_line
    from layout.makeup.headline import spread
    face = fontset.face("song", "heavy")
    line = spread(set_line("园区简讯", face, 24), 300)
    xs = [g.x for g in line.glyphs]
    assert line.end == pytest.approx(300)
    steps = {round(b - a, 6) for a, b in zip(xs, xs[1:])}
    assert len(steps) == 1 and steps.pop() > 24


def test_crosshead_never_ends_a_column_or_a_jumping_part():
    from layout.makeup.flow import Column, FlowItem, pour
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
    from layout.makeup.flow import Column, FlowItem, pour
    draw = lambda x, line, w: []
    para = [FlowItem(1, draw, f"行{i}", para=0, first=i == 0, last=i == 5) for i in range(6)]
    p = pour(para, [Column(0, 100, 1, 5), Column(110, 100, 1, 5)])
    first, second = ([it.text for _, it in col] for col in p.columns)
    assert first == ["行0", "行1", "行2", "行3"] and second == ["行4", "行5"]
    # without the rule the last line would have stood alone
    p = pour(para, [Column(0, 100, 1, 5), Column(110, 100, 1, 5)], avoid_widows=False)
    assert [it.text for _, it in p.columns[1]] == ["行5"]


# An article in the sample's style with paragraphs of many lengths and a cross-head, for 拉行/缩行.
FILLER = """---
title: 园区企业服务中心启用
byline: 本报记者 陈思远
---
11 月 20 日，经开区企业服务中心正式启用。中心设在行政服务大楼一层，集中了市场监管、税务、人社等 12 个部门的 86 项事项，企业办事从“多头跑”变为“一处办”。

“以前办一件事要跑好几个地方，现在一个窗口就能办完。”前来办理变更登记的一家物流企业负责人说。

中心还设立了“办不成事”反映窗口，专门受理企业在办事过程中遇到的难题，由专人跟踪协调，做到件件有回音。

## 服务再往前走一步

启用当天，中心推出“帮办代办”服务，为新落户项目配备专职帮办员，从注册登记到竣工投产全程代办。今年以来，帮办员已为 46 个项目提供服务，平均每个项目节省审批时间 30 多天。

经开区有关负责人表示，下一步将把更多事项纳入中心办理，推行预约、延时、上门等服务，让企业办事更省心。

据介绍，中心还将开通线上服务专区，企业可在网上提交材料、查询进度，部分事项实现全程网办、结果邮寄到家。
"""


def _column_ends(page, grid, note=None):
    """Grid line of the last body line in each text column (and of the jump note, if asked)."""
    ends: dict = {}
    for tl in page.items:
        if not isinstance(tl, TextLine) or not tl.line.glyphs:
            continue
        line_no = round((tl.y - grid.baseline(1)) / grid.pitch) + 1
        if note and tl.line.text.startswith(note):
            ends["note"] = line_no
        elif tl.line.glyphs[-1].size == 9 and tl.line.glyphs[-1].face in ("song-regular", "song-bold"):
            c = round((tl.x - grid.left) / (grid.col_w + grid.gutter))
            ends[c] = max(ends.get(c, 0), line_no)
    return ends


def _built(issue_factory, monkeypatch, blocks, adjust=True, name="2026-001", text=None):
    import layout.makeup.fit as fit
    monkeypatch.setattr(fit, "ADJUST_PER_COLUMN", 3 if adjust else 0)
    d = issue_factory(manifest(blocks), {"a.md": text or FILLER}, name)
    return build(d, draft=True)


def _body_chars(r) -> str:
    """The body text as set, page after page, column after column (song 9 pt glyphs only)."""
    return "".join(g.text for p in r.pages for tl in p.items if isinstance(tl, TextLine)
                   for g in tl.line.glyphs if g.face.startswith("song") and g.size == 9)


# Longer paragraphs: 拉行 can set one a line longer within 0.10 em of extra space (the short
# paragraphs of FILLER need 0.14 em for it, which make-up no longer takes).
LONG_FILLER = """---
title: 园区企业服务中心启用
byline: 本报记者 陈思远
---
11 月 20 日，经开区企业服务中心正式启用。中心设在行政服务大楼一层，集中了市场监管、税务、人社、公积金、不动产登记等 12 个部门的 86 项事项，设置综合受理窗口 24 个，企业办事从过去的“多头跑、反复跑”变为现在的“一窗受理、一次办结”，群众在家门口就能把事情办好。

“以前办一件事要跑好几个地方，材料交了一遍又一遍，现在一个窗口就能办完，工作人员还会提前告诉我们要准备什么。”前来办理变更登记的一家物流企业负责人说，这次从提交材料到拿到新的营业执照，只用了不到一个小时。

## 服务再往前走一步

启用当天，中心推出“帮办代办”服务，为新落户项目配备专职帮办员，从注册登记、规划许可到施工许可、竣工验收全程代办。今年以来，帮办员已为 46 个项目提供服务，平均每个项目节省审批时间 30 多天，企业普遍反映省时、省力、省心。

经开区有关负责人表示，下一步将把更多事项纳入中心办理，推行预约、延时、上门等服务，在全区推开“企业服务专员”制度，让每一家企业遇到难题时都能找到人、问得清、办得成，以更优的营商环境吸引更多优质项目落户园区。
"""


def _filler_chars(text: str = FILLER) -> str:
    body = text.split("---", 2)[2]
    return "".join(ch for para in body.split("\n\n") if para.strip() and not para.startswith("##")
                   for ch in para if not ch.isspace())


JUMP = """  - section: 要闻
    blocks:
      - article: a.md
        col: 1
        span: 2
        line: 1
        lines: {lines}
        jump: a-cont
  - section: 综合
    blocks:
      - continue: a.md
        id: a-cont
        col: 1
        span: 5
        line: 1
        lines: auto
        columns: {columns}
"""


def test_a_jumping_part_runs_to_its_foot(issue_factory, monkeypatch):
    """转版: the first part must reach （下转第2版）. Where a cross-head cannot end it or the
    text comes out short, paragraphs set a line looser (拉行) make the lines up; the
    continuation takes the text up exactly where the first part left it."""
    improved = 0
    for lines in range(9, 22):
        plain = _built(issue_factory, monkeypatch, JUMP.format(lines=lines, columns=5), False, f"p{lines}",
                       LONG_FILLER)
        fitted = _built(issue_factory, monkeypatch, JUMP.format(lines=lines, columns=5), True, f"f{lines}",
                        LONG_FILLER)
        grid = Grid(fitted.issue.house)
        before = _column_ends(plain.pages[0], grid, "（下转")
        after = _column_ends(fitted.pages[0], grid, "（下转")
        assert after["note"] == lines

        def empty(ends):       # grid lines left empty above the foot (the note's line in the last column)
            cols = sorted(k for k in ends if k != "note")
            return sum(lines - (k == cols[-1]) - ends[k] for k in cols)
        assert empty(after) <= empty(before)                # never emptier than without 拉行
        if empty(before) and not empty(after):
            improved += 1
        # what could not be made up is reported, when text does go on to page 2
        goes_on = any(isinstance(tl, TextLine) and tl.line.text.startswith("（上接") for tl in fitted.pages[1].items) \
            and len(_body_chars(fitted)) > sum(len(tl.line.text) for tl in fitted.pages[0].items
                                                if isinstance(tl, TextLine) and tl.line.glyphs[-1].face.startswith("song"))
        reported = any(": page 1 · " in str(w) and "article a.md (" in str(w) and "the columns do not end level" in str(w)
                           for w in fitted.log.warnings)
        assert reported == bool(empty(after) and goes_on), (lines, after)
        # nothing lost, nothing set twice, the order kept across the jump
        assert _body_chars(fitted) == _filler_chars(LONG_FILLER)
    assert improved >= 2


def test_a_continuation_is_set_at_its_own_width_with_the_note_run_in(issue_factory, monkeypatch):
    """The continuation may have other columns (变栏): its text is set again at that width,
    and a paragraph cut by the jump goes on after （上接第1版） on the same line."""
    from layout.makeup.page import text_columns
    runs_in = 0
    for lines in (12, 14, 16):
        r = _built(issue_factory, monkeypatch, JUMP.format(lines=lines, columns=2), True, f"w{lines}")
        grid = Grid(r.issue.house)
        col_w, _ = text_columns(grid.width(5), 2, grid.gutter, grid.body_size)
        body = [tl for tl in r.pages[1].items if isinstance(tl, TextLine) and tl.line.glyphs
                and tl.line.glyphs[-1].face.startswith("song") and tl.line.glyphs[-1].size == 9]
        assert body and all(tl.line.width == pytest.approx(col_w) for tl in body)
        assert all(tl.line.end == pytest.approx(col_w, abs=0.01) for tl in body if not tl.line.last)
        first = body[0].line
        if first.glyphs[0].face.startswith("kai"):       # cut inside a paragraph: the note runs in
            runs_in += 1
            assert first.text.startswith("（上接第1版）") and first.glyphs[0].x == 0
        assert _body_chars(r) == _filler_chars()
    assert runs_in >= 1


def test_a_fixed_block_a_few_lines_short_is_filled_to_its_foot(issue_factory, monkeypatch):
    """A block of fixed height is filled exactly: paragraphs are set a line looser (拉行)."""
    text = LONG_FILLER.replace("## 服务再往前走一步\n\n", "")
    natural = _built(issue_factory, monkeypatch, one_article(2), True, "auto", text).pages[0].blocks[0][4]
    improved = 0
    for extra in (1, 2, 3):
        blocks = one_article(2, lines=natural + extra)
        plain = _built(issue_factory, monkeypatch, blocks, False, f"p{extra}", text)
        fitted = _built(issue_factory, monkeypatch, blocks, True, f"f{extra}", text)
        grid = Grid(fitted.issue.house)

        def short(r):
            return sum(natural + extra - e for e in _column_ends(r.pages[0], grid).values())
        assert short(fitted) <= short(plain)
        if short(fitted) < short(plain):
            improved += 1
        assert _body_chars(fitted) == _filler_chars(text)
    assert improved >= 1


def test_an_article_one_line_over_is_taken_back_by_tightening(issue_factory):
    """缩行: a paragraph whose last line is short is set a line tighter instead of failing."""
    text = """---
title: 孵化器里的年轻人
---
芯衡传感就是即将“毕业”的企业之一。明年上半年，公司将搬进智能装备产业园的标准厂房，建设第一条自动化生产线。“从一间工位走到一条产线，靠的是园区一路扶持。”龚逸帆说。
"""
    d = issue_factory(manifest(one_article(1)), {"a.md": text}, "auto")
    natural = build(d).pages[0].blocks[0][4]
    d = issue_factory(manifest(one_article(1, lines=natural - 1)), {"a.md": text}, "tight")
    r = build(d)                                  # no overset error
    assert "龚逸帆说。" in "".join(tl.line.text for tl in r.pages[0].items if isinstance(tl, TextLine))
    # two lines over cannot be taken back: the error still names the count
    d = issue_factory(manifest(one_article(1, lines=natural - 2)), {"a.md": text}, "over")
    with pytest.raises(BanmianError, match="2 lines over"):
        build(d)


def test_a_jump_with_nothing_to_carry_is_reported(issue_factory, monkeypatch):
    r = _built(issue_factory, monkeypatch, JUMP.format(lines=40, columns=5), True, "nothing")
    assert any("the whole text fits this block; nothing goes on to page 2" in str(w) for w in r.log.warnings)
    r = _built(issue_factory, monkeypatch, JUMP.format(lines=14, columns=5), True, "something")
    assert not any("nothing goes on" in str(w) for w in r.log.warnings)


TABLE_ARTICLE = """---
title: 前三季度主要经济指标
byline: 本报记者 陈思远
---
今年以来，经开区主要经济指标保持较快增长，多项指标增速列全市前列。

| 指标 | 总量 | 增长 |
|:---|---:|---:|
| 地区生产总值 | 53.67 亿元 | 8.6% |
| 固定资产投资 | 34.8 亿元 | 11.2% |
| 服务业增加值（含批发零售、住宿餐饮和交通运输） | 15.84 亿元 | 14.5% |

经开区有关负责人表示，四季度将紧盯全年目标，确保各项指标稳中有进。
"""


def test_a_table_is_a_three_line_table_on_the_grid(issue_factory):
    """三线表: a rule above, a thinner one under the header, one below; rows on the body grid;
    a right-aligned column ends flush right; a long cell wraps and makes its row taller."""
    from layout.boxes import Rule
    r = build(issue_factory(manifest(one_article(1)), {"a.md": TABLE_ARTICLE}))
    page, grid = r.pages[0], Grid(r.issue.house)
    rules = sorted((it for it in page.items if isinstance(it, Rule) and it.y0 == it.y1
                    and it.x1 - it.x0 == pytest.approx(grid.width(1))), key=lambda it: it.y0)
    assert [ru.width for ru in rules] == [0.75, 0.5, 0.75]
    assert all(ru.x0 == pytest.approx(grid.x(1)) for ru in rules)
    for ru in rules:                                   # rules between grid lines, never through text
        assert grid.line_of(ru.y0) == pytest.approx(round(grid.line_of(ru.y0)))
    inside = [tl for tl in page.items if isinstance(tl, TextLine) and rules[0].y0 < tl.y < rules[2].y0]
    head = [tl for tl in inside if tl.y < rules[1].y0]
    assert sorted(tl.line.text for tl in head) == ["增长", "总量", "指标"]
    assert {tl.line.glyphs[0].face for tl in head} == {"hei-regular"}
    for tl in inside:                                  # every cell line on the body grid
        assert grid.line_of(tl.y - 0.0) % 1 == pytest.approx(grid.line_of(grid.baseline(1, 9)) % 1)
    # the numbers' column: every cell ends at the same right edge
    rights = {round(tl.x + tl.line.end, 3) for tl in inside if tl.line.text.endswith("亿元") or tl.line.text == "总量"}
    assert len(rights) == 1
    # the long cell wraps: its row is more than one line high, and all of its text is there
    cells = "".join(tl.line.text for tl in inside)
    assert "服务业增加值（含批发零售、住宿餐饮和交通运输）" in cells or \
        all(part in cells for part in ("服务业增加值", "交通运输）"))
    rows = sorted({round(tl.y, 3) for tl in inside if tl.y > rules[1].y0})
    assert len(rows) > 3                               # three body rows, one of them wrapped
    # the paragraph after the table: on the grid, below the bottom rule with a line of air
    after = next(tl for tl in page.items if isinstance(tl, TextLine) and tl.line.text.startswith("经开区有关"))
    assert after.y > rules[2].y0 + grid.pitch


def test_a_table_too_wide_for_its_column_is_an_error(issue_factory):
    wide = TABLE_ARTICLE.replace("| 指标 | 总量 | 增长 |\n|:---|---:|---:|",
                                 "| 指标 | 总量 | 增长 | 一 | 二 | 三 | 四 | 五 |\n|:---|---:|---:|---|---|---|---|---|")
    wide = "\n".join(ln + " 甲 | 乙 | 丙 | 丁 | 戊 |" if ln.startswith("| ") and "指标" not in ln else ln
                     for ln in wide.split("\n"))
    with pytest.raises(BanmianError, match="the table has 8 columns: too many for a column 16 characters wide"):
        build(issue_factory(manifest(one_article(1)), {"a.md": wide}))


def test_columns_that_cannot_end_flush_are_reported(issue_factory):
    """When neither 拉行/缩行 nor the text can make a column inside an article end level
    (here the 孤行 rule keeps a paragraph's last line from opening columns 2 and 3 alone),
    the editor is told which columns and by how much."""
    text = (Path(__file__).parent / "fixtures" / "widowed_columns.md").read_text(encoding="utf-8")
    blocks = one_article(5, line=60)
    r = build(issue_factory(manifest(blocks), {"a.md": text}))
    msgs = [str(w) for w in r.log.warnings]
    assert any("the columns do not end level (column 1 is 1 line short, column 2 is 1 line short" in m for m in msgs), msgs
    # one sentence shorter and the columns end level: no report
    r = build(issue_factory(manifest(blocks), {"a.md": text.replace("，新增滨水绿地 3.6 万平方米", "")}, "fixed"))
    assert not any("do not end flush" in str(w) for w in r.log.warnings)


def test_fit_never_makes_an_auto_block_taller():
    """拉行 in a block that takes the height it needs must not push it into the block below."""
    import random
    from layout.makeup.fit import fit
    from layout.makeup.flow import Column, FlowItem, balance
    draw = lambda x, line, w: []                                   # noqa: E731

    def paragraphs(lines: list[int]):
        def compose_items(looseness):
            items = []
            for k, n in enumerate(lines):
                n += looseness.get(k, 0)
                items += [FlowItem(1, draw, f"{k}-{i}", para=k, first=i == 0, last=i == n - 1)
                          for i in range(n)]
            return items
        return compose_items

    # 6 + 3 lines in two columns: 5 and 4 (the last a line short); setting the paragraphs
    # a line looser would even them only at 6 lines high
    cols = [Column(0, 100, 1, 40), Column(110, 100, 1, 40)]
    compose_items = paragraphs([6, 3])
    assert balance(compose_items({}), cols).end_line == 5
    _, placed = fit(compose_items, lambda f, *a: balance(f, cols), cols, level=True)
    assert placed.end_line <= 5
    # and over many articles
    rng = random.Random(7)
    for _ in range(300):
        lines = [rng.randint(1, 9) for _ in range(rng.randint(2, 6))]
        cols = [Column(i * 110, 100, 1, 60) for i in range(rng.randint(2, 4))]
        compose_items = paragraphs(lines)
        plain = balance(compose_items({}), cols)
        _, placed = fit(compose_items, lambda f, *a: balance(f, cols), cols, level=True)
        assert placed.end_line <= plain.end_line, lines


def test_where_a_continuation_takes_the_text_up():
    """resume_point / drop_chars: the characters a part set are counted without spaces (a typed
    space is a gap, not a glyph), and a part that itself began after a run-in note counts from there."""
    from layout.makeup.flow import FlowItem, drop_chars, resume_point
    from layout.source.model import Span
    draw = lambda x, line, w: []                                   # noqa: E731
    line = lambda text, para, first=False, last=False, kind="text": FlowItem(  # noqa: E731
        1, draw, text, para=para, first=first, last=last, kind=kind)
    placed = [line("本报记者", -1, True, True, "byline"), line("第一段", 0, True, True),
              line("经开区GDP增长", 1, True), line("8.6%，", 1)]
    rest = [line("列全市第二。", 1, last=True), line("小标题", 2, kind="crosshead")]
    assert resume_point(rest, placed, (0, 0), "", 5) == (1, 13)
    spans = (Span("经开区 GDP 增长 8.6%，"), Span("列全市", "bold"), Span("第二。"))
    assert drop_chars(spans, 13) == (Span("列全市", "bold"), Span("第二。"))
    assert drop_chars(spans, 6) == (Span("增长 8.6%，"), Span("列全市", "bold"), Span("第二。"))
    # the rest opens with a cross-head or a new paragraph: the whole of it goes on
    assert resume_point(rest[1:], placed, (0, 0), "", 5) == (2, 0)
    assert resume_point([], placed, (0, 0), "", 5) == (5, 0)
    # a part that began inside paragraph 1 after （上接第1版）: its first line holds the note too
    placed = [line("（上接第1版）列全市", 1, True), line("第二，居", 1)]
    rest = [line("首位。", 1, last=True)]
    assert resume_point(rest, placed, (1, 8), "（上接第1版）", 5) == (1, 8 + 3 + 4)


def test_a_table_at_the_top_of_a_column_starts_there(issue_factory):
    import math
    from layout.boxes import Rule
    r = build(issue_factory(manifest(one_article(2, columns=2)), {"a.md": TABLE_ARTICLE}), draft=True)
    page, grid = r.pages[0], Grid(r.issue.house)
    col2 = grid.x(2)
    rules = sorted((it for it in page.items if isinstance(it, Rule) and it.y0 == it.y1
                    and it.x0 == pytest.approx(col2) and it.x1 - it.x0 == pytest.approx(grid.width(1))),
                   key=lambda it: it.y0)
    assert len(rules) == 3                               # the table went on to column 2
    byline = next(tl for tl in page.items if isinstance(tl, TextLine) and tl.line.text.startswith("本报记者"))
    top = math.floor(grid.line_of(byline.y))             # the grid line the columns start on
    assert rules[0].y0 == pytest.approx(grid.y(top))     # not a line lower


LONG_TABLE = """---
title: 园区企业招聘岗位一览
byline: 本报记者 陈思远
---
本周园区企业发布招聘岗位 24 个，详见下表。

| 岗位 | 人数 | 月薪 |
|:---|---:|---:|
{rows}

有意者可到经开区人力资源服务中心咨询。
""".format(rows="\n".join(f"| 岗位{i:02d} | {10 + i} 人 | {4 + i % 5}000 元 |" for i in range(1, 25)))


def _table_cells(r):
    """Per page and text column: the table's cell lines (their text), top to bottom."""
    import math
    grid = Grid(r.issue.house)
    out = {}
    for p in r.pages:
        for tl in sorted((it for it in p.items if isinstance(it, TextLine)), key=lambda it: (it.y, it.x)):
            t = tl.line.text
            if t.startswith("岗位") or t in ("人数", "月薪"):
                c = math.floor((tl.x - grid.left + 1) / (grid.col_w + grid.gutter))
                out.setdefault((p.number, c), []).append(t)
    return out


def test_a_long_table_goes_on_in_the_next_column_under_its_header_again(issue_factory):
    """续表: a table longer than a column breaks between whole rows; the column it leaves ends
    with the bottom rule, the next opens with the header again; every row once, in order."""
    from layout.boxes import Rule
    blocks = one_article(3, lines=16, columns=3)
    r = build(issue_factory(manifest(blocks), {"a.md": LONG_TABLE}), draft=True)
    cells = _table_cells(r)
    assert len(cells) >= 2                                       # the table spans columns
    rows = [t for key in sorted(cells) for t in cells[key] if t != "岗位" and t.startswith("岗位")]
    assert rows == [f"岗位{i:02d}" for i in range(1, 25)]
    grid = Grid(r.issue.house)
    for (page, c), col in cells.items():
        assert col[0] == "岗位"                                  # the header heads every column
        x0 = grid.x(1) + c * (grid.col_w + grid.gutter)
        weights = sorted(ru.width for ru in r.pages[0].items if isinstance(ru, Rule) and ru.y0 == ru.y1
                         and abs(ru.x0 - x0) < 1 and ru.x1 - ru.x0 == pytest.approx(grid.col_w))
        assert weights == [0.5, 0.75, 0.75]                      # above, under the header, below


def test_a_table_cut_by_a_jump_goes_on_from_the_next_row(issue_factory):
    blocks = JUMP.format(lines=14, columns=5).replace("span: 2\n        line: 1\n        lines: 14",
                                                       "span: 2\n        line: 1\n        lines: 14")
    r = build(issue_factory(manifest(blocks), {"a.md": LONG_TABLE}), draft=True)
    cells = _table_cells(r)
    assert {p for p, _ in cells} == {1, 2}                     # rows on both pages
    rows = [t for key in sorted(cells) for t in cells[key] if t != "岗位" and t.startswith("岗位")]
    assert rows == [f"岗位{i:02d}" for i in range(1, 25)]      # none lost, none set twice
    assert all(col[0] == "岗位" for col in cells.values())


def test_an_auto_article_may_not_take_the_blank_line_above_the_block_under_it(issue_factory):
    """Stacked blocks keep a blank grid line between them (the separator rule stands there; a frame
    or a tint on a block's edge would touch the other's text). An article of `lines: auto` that
    ends on the line right above the next block is an error naming the line and the cut; a pinned
    framed block flush against another is a warning."""
    def page(below_line: int, frame: str = "") -> str:
        return ("  - section: 要闻\n    blocks:\n"
                "      - {article: a.md, col: 1, span: 2, line: 1, lines: auto}\n"
                f"      - {{article: b.md, col: 1, span: 2, line: {below_line}, lines: 8{frame}}}\n")
    arts = {"a.md": article(4), "b.md": article(1, "园区新增两条公交线路")}
    free = build(issue_factory(manifest(page(60)), arts, "2026-001"), draft=True)
    end = next(l + n - 1 for bid, c, s, l, n in free.pages[0].blocks if bid == "a")
    with pytest.raises(BanmianError) as e:
        build(issue_factory(manifest(page(end + 1)), arts, "2026-002"), draft=True)
    assert f"第 1 版 · 第 1–2 栏 · 第 {end} 行" in str(e.value.message) or f"line {end}" in e.value.message
    assert "takes the blank line above" in e.value.message and "cut about" in e.value.hint
    ok = build(issue_factory(manifest(page(end + 2)), arts, "2026-003"), draft=True)
    assert not any("blank line" in str(w) for w in ok.log.warnings)
    # both pinned, the lower one boxed, flush: a warning
    arts2 = {"a.md": article(4), "b.md": article(1, "园区新增两条公交线路")}
    flush = ("  - section: 要闻\n    blocks:\n"
             f"      - {{article: a.md, col: 1, span: 2, line: 1, lines: {end + 1}}}\n"
             f"      - {{article: b.md, col: 1, span: 2, line: {end + 2}, lines: 8, frame: box}}\n")
    r = build(issue_factory(manifest(flush), arts2, "2026-004"), draft=True)
    assert any("no blank line between" in str(w) for w in r.log.warnings)
