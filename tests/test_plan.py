"""The page planner and the page checks, on the real fonts and the real make-up."""
from __future__ import annotations

import re
import shutil

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from layout.boxes import RED, Rect
from layout.build import build
from layout.errors import BanmianError
from layout.makeup.checks import holes, pengti
from layout.makeup.grid import Grid

from conftest import SAMPLE

HEAD = "house: nanming-full\nnumber: 9\ndate: 2026-03-20\npages:\n"
PARA = ("开发区坚持项目为王，推动招商项目落地见效，一批重点项目加快建设，"
        "前三季度完成固定资产投资 32.1 亿元，同比增长 12.5%，增速列全市第三。")


def article(n_paras: int, title: str) -> str:
    body = "\n\n".join(f"第{i + 1}段。" + PARA[: 40 + (i * 7) % 25] for i in range(n_paras))
    return f"---\ntitle: {title}\nbyline: 本报记者 陈思远\n---\n{body}\n"


def _with_photo(d):
    shutil.copy(SAMPLE / "photo-factory.jpg", d / "photo-factory.jpg")
    shutil.copy(SAMPLE / "photo-robot.jpg", d / "photo-robot.jpg")
    return d


# ---- page checks ------------------------------------------------------------------------------

HOLE = HEAD + """  - section: 要闻
    blocks:
      - {masthead: {}, col: 1, span: 5, line: 1, lines: 70}
"""


def test_a_hole_is_an_error_naming_page_columns_and_lines(issue_factory):
    d = issue_factory(HOLE, {})
    with pytest.raises(BanmianError) as e:
        build(d)
    assert "第 1 版 第 1–5 栏 第 71–80 行 is empty (10 lines × 5 columns)" in e.value.message
    assert e.value.file.endswith("issue.yaml")


def test_draft_builds_a_hole_and_outlines_it_in_red(issue_factory):
    r = build(issue_factory(HOLE, {}), draft=True)
    g = Grid(r.issue.house)
    marks = [it for it in r.pages[0].items if isinstance(it, Rect) and it.stroke == RED]
    assert len(marks) == 1
    assert marks[0].y == pytest.approx(g.y(71) - 1) and marks[0].h == pytest.approx(10 * g.pitch + 2)
    assert any("第 1 版 第 1–5 栏 第 71–80 行 is empty" in str(w) for w in r.log.warnings)


def test_a_centred_headline_and_the_gap_line_are_not_holes(sample_result):
    """The sample's pages are full (the build would fail otherwise): the air beside a centred
    headline and the blank line between stacked blocks are no holes, and no 碰题 is reported."""
    r = sample_result
    assert [p.number for p in r.pages] == [1, 2, 3, 4]
    assert not any("is empty" in str(w) or "碰题" in str(w) for w in r.log.warnings)
    # page 4 of the sample is planned: its blocks carry no geometry in issue.yaml
    assert [p.number for p in r.plans] == [4] and all(ok for _, ok, _ in r.plans[0].rules)


@pytest.fixture(scope="module")
def sample_result():
    return build(SAMPLE)


def test_a_pinned_kantou_on_a_planned_page_keeps_its_corner_and_the_lead_stands_beside_it(sample_result):
    """Sample page 4: only the 刊头 is pinned (columns 4–5, lines 1–10); the planner sets the 头条
    at line 1 in the columns beside it, the rest under both, and the page is full."""
    from layout.source.model import KantouBlock
    r = sample_result
    spec, page = r.issue.pages[3], r.pages[3]
    g = Grid(r.issue.house)
    kantou = next(b for b in spec.blocks if isinstance(b, KantouBlock))
    assert (kantou.pos.col, kantou.pos.span, kantou.pos.line, kantou.pos.lines) == (4, 2, 1, 10)
    lead = next(b for b in spec.blocks if getattr(b, "major", False))
    assert (lead.pos.col, lead.pos.span, lead.pos.line) == (1, 3, 1)
    cells = {}
    for bid, c, s, l, n in page.blocks:
        for cc in range(c, c + s):
            for ll in range(l, l + n):
                assert (cc, ll) not in cells, (bid, cells.get((cc, ll)))
                cells[(cc, ll)] = bid
    under = [b for b in spec.blocks if b.pos.col >= 4 and b is not kantou]
    assert under and min(b.pos.line for b in under) == 12          # a blank line under the 刊头
    assert holes(page, spec, g) == [] and pengti(page, spec) == []
    assert all(ok for _, ok, _ in r.plans[0].rules)


def test_the_planner_places_a_vertical_article_at_its_fixed_height(sample_result):
    """Sample page 4's 冬日园区 is a 竖排 article (`direction: vertical`, `lines: 22`, no geometry):
    the planner gives it a place of that height, and its lines run right to left inside it."""
    from layout.boxes import VText
    r = sample_result
    spec, page = r.issue.pages[3], r.pages[3]
    g = Grid(r.issue.house)
    shige = next(b for b in spec.blocks if getattr(b, "article", None) and b.article.file.endswith("p4-shige.md"))
    assert shige.direction == "vertical" and shige.pos.lines == 22
    x0, x1 = g.x(shige.pos.col), g.x(shige.pos.col) + g.width(shige.pos.span)
    y0, y1 = g.y(shige.pos.line), g.y(shige.pos.line + shige.pos.lines)
    body = [v for v in page.items if isinstance(v, VText) and v.line.text != "冬日园区"
            and x0 <= v.x <= x1 and y0 <= v.y <= y1]
    assert len(body) >= 8
    xs = [v.x for v in body]
    assert xs == sorted(xs, reverse=True)                         # right to left


def _kantou_over_three_stories(issue_factory, kantou: str):
    """A 副刊 page of three articles without geometry under a pinned 刊头 (`kantou`: its position)."""
    arts = {f"a{i}.md": article(12, f"第{i + 1}条新闻") for i in range(3)}
    blocks = "".join(f"      - article: a{i}.md\n" for i in range(3))
    k = "      - {kantou: {title: 南明文苑}, " + kantou + "}\n"
    return issue_factory(HEAD + "  - section: 副刊\n    blocks:\n" + k + blocks, arts)


def test_a_pinned_top_block_the_page_cannot_hold_beside_its_items_says_why(issue_factory):
    """A 刊头 pinned over four of five columns leaves the planner one column beside it: the
    message names the page and what stays empty, never a traceback or a silent hole."""
    d = _kantou_over_three_stories(issue_factory, "col: 1, span: 4, line: 1, lines: 60")
    with pytest.raises(BanmianError) as e:
        build(d)
    assert e.value.message.startswith("page 1: ") and "column-lines" in e.value.message
    assert e.value.hint


def test_a_kantou_of_auto_height_gets_its_height_from_the_planner(issue_factory, tmp_path):
    """A 刊头 pinned in its corner with `lines: auto` on a planned page: the planner chooses a height
    within KANTOU_LINES at which its title still fits, fills the page around it, and the build sets
    it at that height; on a page placed by hand the same 刊头 is an error naming it."""
    import shutil as sh
    from layout.makeup.plan import KANTOU_LINES
    from layout.source.model import KantouBlock
    root = tmp_path / "issues"
    sh.copytree(SAMPLE.parent / "_house", root / "_house")
    d = root / SAMPLE.name
    sh.copytree(SAMPLE, d, ignore=sh.ignore_patterns("build.lock", "PLAN*"))
    y = (d / "issue.yaml").read_text(encoding="utf-8")
    pinned = "        col: 4\n        span: 2\n        line: 1\n        lines: 10\n      - article: p4-renwu.md"
    assert pinned in y
    (d / "issue.yaml").write_text(y.replace(pinned, pinned.replace("lines: 10", "lines: auto")), encoding="utf-8")
    r = build(d)
    spec, page = r.issue.pages[3], r.pages[3]
    k = next(b for b in spec.blocks if isinstance(b, KantouBlock))
    assert (k.pos.col, k.pos.span, k.pos.line) == (4, 2, 1)
    assert KANTOU_LINES[0] <= k.pos.lines <= KANTOU_LINES[1]
    assert any(bid == k.id and n == k.pos.lines for bid, c, s_, l, n in page.blocks)
    assert all(ok for _, ok, _ in r.plans[0].rules) and holes(page, spec, Grid(r.issue.house)) == []
    # the same 刊头 on a page whose every block is placed by hand
    arts = {"a.md": article(12, "第一条新闻")}
    m = HEAD + ("  - section: 副刊\n    blocks:\n"
                "      - {kantou: {title: 南明文苑}, col: 1, span: 2, line: 1, lines: auto}\n"
                "      - {article: a.md, col: 3, span: 3, line: 1, lines: auto}\n")
    with pytest.raises(BanmianError) as e:
        build(issue_factory(m, arts, "2026-201"), draft=True)
    assert "a 刊头 of lines: auto" in e.value.message and e.value.line == 7 and e.value.hint


def test_a_pinned_block_that_cannot_be_made_up_is_named_not_a_hole(issue_factory):
    """A 刊头 too small for its title stops every arrangement: the planner says that, at the 刊头's
    line, instead of "no arrangement fills the page"."""
    d = _kantou_over_three_stories(issue_factory, "col: 5, span: 1, line: 1, lines: 2")
    with pytest.raises(BanmianError) as e:
        build(d)
    assert "刊头" in e.value.message and "column-lines" not in e.value.message
    assert e.value.line == 7 and e.value.hint                  # the 刊头's line in issue.yaml


PENGTI = HEAD + """  - section: 要闻
    blocks:
      - {{article: a.md, col: 1, span: 3, line: 1, lines: auto}}
      - {{article: b.md, col: 4, span: 2, line: {line}, lines: auto}}
"""


def test_pengti_is_a_warning_naming_both_headlines_and_the_stagger(issue_factory):
    arts = {"a.md": article(6, "开发区召开招商项目推进会"), "b.md": article(5, "园区新增两条公交线路")}
    r = build(issue_factory(PENGTI.format(line=2), arts), draft=True)
    w = [str(x) for x in r.log.warnings if "碰题" in str(x)]
    assert len(w) == 1
    assert "'开发区召开招商项目推进会' and '园区新增两条公交线路'" in w[0] and "stagger them by 2 lines" in w[0]
    # three lines apart: no 碰题
    r = build(issue_factory(PENGTI.format(line=4), arts, "2026-002"), draft=True)
    assert not any("碰题" in str(x) for x in r.log.warnings)


JUMP = HEAD + """  - section: 要闻
    blocks:
      - {{article: a.md, col: 1, span: 2, line: 1, lines: {lines}, jump: a-cont}}
  - section: 综合
    blocks:
      - {{continue: a.md, id: a-cont, col: 1, span: 5, line: 1, lines: auto}}
"""


def test_an_empty_jump_is_an_error_and_draft_warns_without_the_flush_nonsense(issue_factory):
    arts = {"a.md": article(3, "短讯一则")}
    with pytest.raises(BanmianError) as e:
        build(issue_factory(JUMP.format(lines=60), arts))
    assert "the whole text fits this block; nothing goes on to page 2" in e.value.message
    assert "page 2, block 'a-cont' continues 'a.md', but nothing of it is left to carry" in e.value.message
    r = build(issue_factory(JUMP.format(lines=60), arts, "2026-002"), draft=True)
    assert not any("do not end flush" in str(w) for w in r.log.warnings)


# ---- the planner ------------------------------------------------------------------------------

MIXED = HEAD + """  - section: 要闻
    blocks:
      - {masthead: {}, col: 1, span: 5, line: 1, lines: 10}
      - article: lead.md
      - photo: photo-factory.jpg
        of: lead.md
        caption: 智能装备产业园的新厂房。
      - article: b.md
      - article: c.md
        frame: box
      - photo: photo-robot.jpg
        caption: 焊装机器人正在联调。
      - article: d.md
"""


def _mixed(issue_factory, name="2026-001"):
    arts = {"lead.md": article(14, "开发区召开四季度经济工作推进会"), "b.md": article(8, "园区新增两条公交线路"),
            "c.md": article(5, "园区简讯"), "d.md": article(6, "职工技能大赛落幕")}
    return _with_photo(issue_factory(MIXED, arts, name))


def _geometry(r):
    return [(b.id, b.pos.col, b.pos.span, b.pos.line, b.pos.lines, getattr(b, "columns", None))
            for b in r.issue.pages[0].blocks]


def test_a_mixed_page_is_planned_around_its_pinned_masthead(issue_factory):
    r = build(_mixed(issue_factory))
    g = Grid(r.issue.house)
    spec, page = r.issue.pages[0], r.pages[0]
    geo = {b.id: b.pos for b in spec.blocks}
    assert geo["p1-1"].line == 1 and geo["p1-1"].lines == 10          # the pinned masthead as it was
    placed = [b for b in spec.blocks if b.id != "p1-1"]
    assert all(b.pos.line >= 12 for b in placed)                       # below it, a blank line between
    lead = next(b for b in placed if b.id == "lead")
    assert lead.pos.line == 12 and lead.major
    assert all(b.pos.span <= lead.pos.span for b in placed if hasattr(b, "article"))
    assert pengti(page, spec) == [] and all(ok for _, ok, _ in r.plans[0].rules)
    # deterministic: the same input gives the same plan and the same bytes
    d2 = _mixed(issue_factory, "2026-002")
    r2 = build(d2)
    assert _geometry(r2) == _geometry(r)
    assert r.plans[0].cost == r2.plans[0].cost


def test_plan_prints_yaml_that_pins_the_same_page(issue_factory, capsys, tmp_path):
    from layout.cli import main
    d = _mixed(issue_factory)
    assert main(["plan", str(d)]) == 0
    out = capsys.readouterr().out
    assert "[ok] type area filled" in out and "[ok] no 碰题" in out and "score" in out
    pasted = "\n".join(ln for ln in out.splitlines() if not ln.lstrip().startswith("#") and ln.strip())
    pinned = HEAD + "  - section: 要闻\n    blocks:\n" + pasted.replace(
        "      - masthead", "      - masthead") + "\n"
    d2 = _with_photo(issue_factory(pinned.replace("    blocks:\n", "    blocks:\n      - {masthead: {}, col: 1, "
                                                  "span: 5, line: 1, lines: 10}\n", 1)
                                   if "masthead" not in pasted else pinned,
                                   {f.name: f.read_text(encoding="utf-8") for f in d.glob("*.md")}, "2026-003"))
    a, b = build(d, tmp_path / "a.pdf"), build(d2, tmp_path / "b.pdf")
    assert b.plans == []                                               # fully pinned: nothing planned
    assert [(x, c, s, l, n) for x, c, s, l, n in a.pages[0].blocks] == b.pages[0].blocks
    assert _items(a) == _items(b)                                      # the same page, item for item


def _items(r):
    """The first page's items, without the file paths (the two issues live in two folders)."""
    from layout.boxes import Image, TextLine
    out = []
    for it in r.pages[0].items:
        if isinstance(it, TextLine):
            out.append(("text", round(it.x, 6), round(it.y, 6), "".join(g.text for g in it.line.glyphs)))
        elif isinstance(it, Image):
            out.append(("image", it.x, it.y, it.w, it.h, it.img_x, it.img_y, it.img_w, it.img_h))
        else:
            out.append(it)
    return out


def test_too_much_text_says_by_how_much_and_what_to_do(issue_factory):
    arts = {f"a{i}.md": article(40, f"长稿第{i}篇") for i in range(4)}
    blocks = "".join(f"      - article: a{i}.md\n" for i in range(4))
    arts["z.md"] = article(3, "第二版短讯")
    page2 = "  - section: 综合\n    blocks:\n      - article: z.md\n"
    d = issue_factory(HEAD + "  - section: 要闻\n    blocks:\n" + blocks + page2, arts)
    with pytest.raises(BanmianError) as e:
        build(d)
    m = re.search(r"page 1: the items need about (\d+) column-lines more than the page has \(about (\d+) "
                  r"characters", e.value.message)
    assert m and int(m.group(2)) == int(m.group(1)) * 16
    assert f"cut about {m.group(2)} characters from '长稿第3篇'" in e.value.hint
    assert "(`jump: 2`)" in e.value.hint                  # a later page exists: the jump is an option


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.integers(2, 12), min_size=2, max_size=5), st.booleans())
def test_random_pages_meet_the_hard_rules_or_say_why(issue_factory, sizes, photo_first):
    arts = {f"a{i}.md": article(n, f"第{i + 1}条新闻标题") for i, n in enumerate(sizes)}
    blocks = "".join(f"      - article: a{i}.md\n" for i in range(len(sizes)))
    photo = "      - photo: photo-factory.jpg\n        caption: 新厂房。\n"
    blocks = (blocks.split("\n", 1)[0] + "\n" + photo + blocks.split("\n", 1)[1]) if photo_first else blocks + photo
    name = "r" + "-".join(map(str, sizes)) + ("p" if photo_first else "")
    d = _with_photo(issue_factory(HEAD + "  - section: 要闻\n    blocks:\n" + blocks, arts, name))
    try:
        r = build(d)
    except BanmianError as e:
        assert e.value.message.startswith("page 1: ") if hasattr(e, "value") else e.message.startswith("page 1: ")
        assert ("column-lines" in e.message) and e.hint
        return
    g = Grid(r.issue.house)
    spec, page = r.issue.pages[0], r.pages[0]
    assert pengti(page, spec) == []             # (a hole would have failed the build: the paper's house)
    plan = r.plans[0]
    assert all(ok for _, ok, _ in plan.rules)
    cells = set()
    for _, c, s, l, n in page.blocks:
        here = {(cc, ll) for cc in range(c, c + s) for ll in range(l, l + n)}
        assert not here & cells and all(1 <= ll <= g.lines for _, ll in here)
        cells |= here
    lead = next(b for b in spec.blocks if getattr(b, "major", False))
    assert lead.pos.line == 1
    # the same input gives the same plan
    again = build(d)
    assert _geometry(again) == _geometry(r)


JUMPS = HEAD.replace("nanming-full", "nanming-v1") + """  - section: 要闻
    blocks:
      - article: a.md
        jump: 2
      - photo: photo-factory.jpg
        caption: 新厂房。
      - article: b.md
  - section: 综合
    blocks:
      - article: c.md
      - photo: photo-robot.jpg
        caption: 机器人。
      - article: d.md
"""


def test_jump_n_carries_the_rest_to_a_continuation_the_planner_places(issue_factory):
    """`jump: 2` on an article too long for its page: the planner stops it at a height, and page 2
    gets a continuation block (（上接第1版）) that it places with that page's items; nothing is lost."""
    from layout.boxes import TextLine
    arts = {"a.md": article(110, "长篇头条"), "b.md": article(4, "第二条"), "c.md": article(4, "第三条"),
            "d.md": article(4, "第四条")}
    r = build(_with_photo(issue_factory(JUMPS, arts)), draft=True)
    p1, p2 = r.issue.pages
    lead = next(b for b in p1.blocks if getattr(b, "article", None) and b.article.file == "a.md")
    cont = next(b for b in p2.blocks if getattr(b, "continued", False))
    assert lead.jump_to == cont.id == "a-cont" and lead.pos.lines
    text = "".join(g.text for page in r.pages for it in page.items if isinstance(it, TextLine)
                   for g in it.line.glyphs)
    assert "（上接第1版）" in text and "（下转第2版）" in text
    assert "第110段。" in text                                         # the last paragraph is set


def test_the_plan_report_speaks_the_editors_language(capsys):
    # `banmian plan` is read by the editor: its rules, findings and preferences in Chinese,
    # English on request (the YAML keys to paste stay as typed)
    from pathlib import Path
    from layout.cli import main
    sample = str(Path(__file__).resolve().parent.parent / "issues" / "2026-046")
    main(["plan", sample, "--lang", "zh"])
    zh = capsys.readouterr().out
    assert "硬性规则" in zh and "版心排满" in zh and "偏好" in zh and "col:" in zh
    for english in ("hard rules", "type area filled", "preferences", "score", "lower is better"):
        assert english not in zh, english
    main(["plan", sample, "--lang", "en"])
    assert "hard rules:" in capsys.readouterr().out
