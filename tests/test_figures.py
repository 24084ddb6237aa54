"""图解 items as the editor writes them, values as typed, labels without a stranded tail,
and the line and table charts (make-up facts on the real fonts)."""
from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

import pytest

from layout.boxes import Rect, Rule, SourceRef, TextLine
from layout.errors import BanmianError, Log
from layout.fonts import FontSet
from layout.makeup.figure_base import chars, short_text
from layout.makeup.grid import Ctx, Grid
from layout.makeup.infographic import figure
from layout.source.manifest import load_issue
from layout.source.markdown import parse_inline
from layout.source.model import Chart, FigureBlock, FigureItem, GridPos, Issue, KeyFigure
from layout.source.style import load_house

ROOT = Path(__file__).resolve().parent.parent
SRC = SourceRef("issues/2026-046/issue.yaml", 17)

ITEMS = (
    ("GDP 增速居全市第二", "前三季度 GDP 达到 **49.82 亿元**，同比增长 **10.3%**，增速居全市 **第 2 位**，"
                       "比上年同期**前移七位**，为 2014 年以来同期最高。"),
    ("固定资产投资增速居全市第三", "固定资产投资完成 **32.1 亿元**，同比增长 **12.5%**，增速位列全市**第三**。"),
    ("服务业增加值增速居全市第一", "服务业增加值同比增长 **16.9%**，增速已连续三个季度保持**全市第一**。"),
    ("规上工业增加值总量居全市第二", "规上工业增加值达到 **33.38 亿元**，同比增长 **10.4%**，总量位居**全市第二**。"),
)


@pytest.fixture(scope="module")
def ctx() -> Ctx:
    house = load_house(ROOT / "issues/_house/nanming-v1.yaml")
    issue = Issue(id="2026-046", dir=str(ROOT / "issues/2026-046"), manifest="issue.yaml", house=house,
                  number=46, total=1046, date=datetime.date(2026, 11, 27), title="第46期", pages=())
    return Ctx(issue, house, Grid(house), FontSet(), frozenset(), Log())


def pos(col=4, span=2, line=1, lines=40) -> GridPos:
    return GridPos(col, span, line, lines, SRC)


def written(span=2, lines=40, chart=None) -> FigureBlock:
    items = tuple(FigureItem(h, parse_inline(t, Path("x.yaml"), 1), SRC) for h, t in ITEMS)
    return FigureBlock("fig", pos(span=span, lines=lines), title="开发区前三季度经济成绩单", kicker="图解开发区",
                       figures=items, chart=chart, source_note="数据来源：开发区经发局")


def texts(items) -> list[TextLine]:
    return [t for t in items if isinstance(t, TextLine)]


def joined(items) -> str:
    return "".join(t.line.text for t in texts(items))


def test_written_items_keep_every_word_and_set_the_figures_bold(ctx):
    block = written()
    items = figure(block, ctx.grid.frame(block.pos), ctx)
    text = joined(items)
    for heading, sentence in ITEMS:
        assert "".join(heading.split()) in text
        assert "".join(sentence.replace("**", "").split()) in "".join(text.split()), sentence
    bold_face, bold_el = ctx.element("figure_bold")
    text_face, _ = ctx.element("figure_text")
    figure_colour = ctx.house.colors["figure"]
    # every bold span is set in the house's figure_bold face and the figure colour, the words around
    # it in the text face and black
    bold = "".join(t.line.text for t in texts(items) if t.line.glyphs[0].face == bold_face.id
                   and t.color == figure_colour and t.line.glyphs[0].size == bold_el.size)
    for s in ("49.82亿元", "10.3%", "前移七位", "32.1亿元", "16.9%", "全市第一", "33.38亿元", "全市第二"):
        assert s in bold, s
    words = [t for t in texts(items) if "同比增长" in t.line.text]
    assert words and all(t.color != figure_colour and t.line.glyphs[0].face == text_face.id for t in words)
    # each heading is marked with the house bullet in the figure colour, on the heading's baseline
    marks = [t for t in texts(items) if t.line.text == "●"]
    assert len(marks) == 4 and all(m.color == figure_colour for m in marks)
    heads = [t for t in texts(items) if t.line.text.startswith("GDP增速")]
    assert heads and any(abs(m.y - heads[0].y) < 0.01 and m.x < heads[0].x for m in marks)


def test_no_value_split_from_its_unit_in_written_items(ctx):
    """49.82 亿元 / 第 2 位: a number stays with its unit or measure word across a line end."""
    for span in (1, 2):
        block = written(span=span, lines=70)
        items = figure(block, ctx.grid.frame(block.pos), ctx)
        lines = [t.line.text for t in texts(items)]
        by_row: dict[float, str] = {}
        for t in sorted(texts(items), key=lambda t: (round(t.y, 2), t.x)):
            by_row[round(t.y, 2)] = by_row.get(round(t.y, 2), "") + t.line.text
        rows = list(by_row.values())
        for a, b in zip(rows, rows[1:]):
            if a and a[-1].isdigit():
                assert not (b and b[0] in "亿万元%位个"), (a, b)
        assert lines


def test_labels_never_strand_a_short_tail(ctx):
    face, el = ctx.element("figure_label")
    for label in ("固定资产投资增速全市第三", "服务业增加值增速全市第一", "规上工业增加值总量全市第二"):
        full = short_text(label, face, el.size, 1e6, 0.8)[0].end
        for frac in (0.45, 0.55, 0.7, 0.85):
            lines = short_text(label, face, el.size, full * frac, ctx.house.condense_min)
            assert all(l.end <= full * frac + 0.01 for l in lines)
            if len(lines) > 1:
                assert chars(lines[-1]) > 2, (label, frac, [l.text for l in lines])
            else:
                # one line: condensed no further than the house allows
                assert lines[0].glyphs[0].hscale >= ctx.house.condense_min - 1e-3


def test_card_labels_balanced_in_the_seed_cards(ctx):
    figs = (KeyFigure("GDP 增速列全市第二", "49.82", "亿元", "增长 10.3%"),
            KeyFigure("固定资产投资增速全市第三", "32.1", "亿元", "增长 12.5%"),
            KeyFigure("服务业增加值增速全市第一", "16.9", "%", "连续三个季度"),
            KeyFigure("规上工业增加值总量全市第二", "33.38", "亿元", "增长 10.4%"))
    block = FigureBlock("fig", pos(span=2, lines=40), title="成绩单", figures=figs)
    items = figure(block, ctx.grid.frame(block.pos), ctx)
    lface, lel = ctx.element("figure_label")
    label_lines = [t for t in texts(items) if t.line.glyphs[0].face == lface.id and t.line.glyphs[0].size == lel.size
                   and t.color != ctx.house.colors["accent"]]
    for t in label_lines:
        assert chars(t.line) > 2, t.line.text
    # the change is one line, never "增长 / 16.9%"
    assert any(t.line.text == "增长10.4%" for t in texts(items))
    assert any(t.line.text == "连续三个季度" for t in texts(items))


def test_percent_unit_set_solid_against_the_value(ctx):
    figs = (KeyFigure("服务业增加值增速", "16.9", "%"), KeyFigure("投资", "32.1", "亿元"))
    block = FigureBlock("fig", pos(span=2, lines=30), title="成绩单", figures=figs)
    items = figure(block, ctx.grid.frame(block.pos), ctx)
    value = next(t for t in texts(items) if t.line.text == "16.9")
    unit = next(t for t in texts(items) if t.line.text == "%" and abs(t.y - value.y) < 0.01)
    assert unit.x == pytest.approx(value.x + value.line.end)
    value = next(t for t in texts(items) if t.line.text == "32.1")
    unit = next(t for t in texts(items) if t.line.text == "亿元" and abs(t.y - value.y) < 0.01)
    assert unit.x > value.x + value.line.end + 0.5


def test_values_keep_the_decimals_typed(issue_factory):
    d = issue_factory("""
        house: nanming-v1
        number: 1
        date: 2026-01-02
        pages:
          - blocks:
              - figure:
                  title: 成绩单
                  figures:
                    - {label: 工业增速, value: 11.0, unit: "%"}
                    - {label: 总量, value: 49.820, unit: 亿元}
                    - heading: 服务业
                      text: 增长 **16.90%**。
                  chart: {kind: line, title: 季度增速, labels: [一季度, 二季度, 三季度], values: [9.0, 10.50, 11]}
                col: 1
                span: 2
                line: 1
                lines: 40
        """, {})
    issue = load_issue(d)
    block = issue.pages[0].blocks[0]
    assert [f.value for f in block.figures[:2]] == ["11.0", "49.820"]
    assert block.figures[2].spans[1].text == "16.90%"
    assert block.chart.texts == ("9.0", "10.50", "11") and block.chart.values == (9.0, 10.5, 11.0)
    from layout.build import build
    r = build(d)
    text = [t.line.text for p in r.pages for t in p.items if isinstance(t, TextLine)]
    for s in ("11.0", "49.820", "9.0", "10.50", "11"):
        assert s in text, s


def test_line_chart_draws_the_series(ctx):
    chart = Chart("line", "GDP 增速", ("一季度", "二季度", "三季度"), (8.2, 9.6, 10.3), "%",
                  texts=("8.2", "9.6", "10.3"))
    block = FigureBlock("fig", pos(span=2, lines=30), title="成绩单", chart=chart)
    items = figure(block, ctx.grid.frame(block.pos), ctx)
    fig = ctx.house.colors["figure"]
    segments = [r for r in items if isinstance(r, Rule) and r.color == fig]
    points = [r for r in items if isinstance(r, Rect) and r.fill == fig and abs(r.w - r.h) < 1e-6]
    assert len(segments) == 2 and len(points) == 3
    # higher value, higher point (y down); each value printed over its point
    ys = [p.y for p in sorted(points, key=lambda p: p.x)]
    assert ys[0] > ys[1] > ys[2]
    for p, v in zip(sorted(points, key=lambda p: p.x), ("8.2", "9.6", "10.3")):
        t = next(t for t in texts(items) if t.line.text == v)
        assert t.y < p.y and abs(t.x + t.line.end / 2 - (p.x + p.w / 2)) < 0.01
    assert any(t.line.text == "GDP增速（%）" for t in texts(items))
    # nothing but CMYK (the renderer's colours are 4-tuples) and K-only rules
    assert all(r.color == (0, 0, 0, 1) for r in items if isinstance(r, Rule) and r.color != fig)


def test_table_chart_is_a_three_line_table(ctx):
    chart = Chart("table", "主要指标", ("指标", "总量（亿元）", "增长（%）"), (),
                  rows=(("地区生产总值", "49.82", "10.3"), ("固定资产投资", "32.1", "12.5")))
    block = FigureBlock("fig", pos(span=2, lines=30), title="成绩单", chart=chart)
    frame = ctx.grid.frame(block.pos)
    items = figure(block, frame, ctx)
    rules = sorted((r for r in items if isinstance(r, Rule)), key=lambda r: r.y0)
    assert [r.width for r in rules] == [1.0, 0.5, 1.0]
    assert rules[2].y0 - rules[0].y0 == pytest.approx(3 * ctx.grid.pitch)
    a, b = (next(t for t in texts(items) if t.line.text == s) for s in ("49.82", "32.1"))
    assert a.x + a.line.end == pytest.approx(b.x + b.line.end)        # figures flush right
    assert a.y < b.y


def test_table_chart_row_of_the_wrong_length_is_an_error(issue_factory):
    d = issue_factory("""
        house: nanming-v1
        number: 1
        date: 2026-01-02
        pages:
          - blocks:
              - figure:
                  title: 成绩单
                  chart:
                    kind: table
                    head: [指标, 总量]
                    rows:
                      - [GDP, 49.82, 10.3]
                col: 1
                span: 2
                line: 1
                lines: 40
        """, {})
    with pytest.raises(BanmianError) as e:
        load_issue(d)
    assert "row has 3 cells but the head has 2" in e.value.message and e.value.line == 12


def test_written_item_needs_its_text(issue_factory):
    d = issue_factory("""
        house: nanming-v1
        number: 1
        date: 2026-01-02
        pages:
          - blocks:
              - figure:
                  title: 成绩单
                  figures:
                    - {heading: GDP 增速, txt: 增长}
                col: 1
                span: 2
                line: 1
                lines: 40
        """, {})
    with pytest.raises(BanmianError) as e:
        load_issue(d)
    assert "unknown key 'txt'" in e.value.message and e.value.hint == "did you mean 'text'?"


def test_the_seed_page_carries_all_four_figure_sentences(tmp_path):
    """The seed newsletter's 图解 as written: four marked headings, each over its sentence with
    the figures in bold, plus a table of the same figures; the page builds clean."""
    import shutil
    import yaml
    from layout.build import build
    shutil.copytree(ROOT / "issues" / "_house", tmp_path / "_house")
    shutil.copytree(ROOT / "tests" / "fixtures" / "seed_page", tmp_path / "seed_page",
                    ignore=shutil.ignore_patterns("build.lock"))
    r = build(tmp_path / "seed_page", out=tmp_path / "seed.pdf")
    assert not r.log.warnings
    manifest = yaml.safe_load((tmp_path / "seed_page" / "issue.yaml").read_text(encoding="utf-8"))
    fig = next(b["figure"] for b in manifest["pages"][0]["blocks"] if "figure" in b)
    items = fig["figures"]
    assert len(items) == 4 and all(set(i) == {"heading", "text"} for i in items)
    page = r.pages[0]
    flat = "".join("".join(t.line.text for t in texts(page.items)).split())
    for item in items:
        assert "".join(item["heading"].split()) in flat
        assert "".join(item["text"].replace("**", "").split()) in flat, item["text"]
    figure_colour = r.issue.house.colors["figure"]
    coloured = "".join(t.line.text for t in texts(page.items) if t.color == figure_colour)
    for s in ("49.82亿元", "10.3%", "32.1亿元", "12.5%", "16.9%", "33.38亿元", "10.4%"):
        assert s in coloured, s


def test_the_marker_is_the_house_s_or_the_block_s(ctx):
    block = written()
    figure_colour = ctx.house.colors["figure"]

    def marks(b, c):
        return [t.line.text for t in texts(figure(b, c.grid.frame(b.pos), c)) if t.color == figure_colour
                and len(t.line.text) == 1 and t.x + t.line.glyphs[0].x < c.grid.frame(b.pos).x + 12]
    assert marks(block, ctx) == ["●"] * 4                               # the default
    assert marks(dataclasses.replace(block, marker="■"), ctx) == ["■"] * 4
    assert marks(dataclasses.replace(block, marker=""), ctx) == []
    # a house that marks its items with ◆ (elements.figure_heading.marker)
    house = dataclasses.replace(ctx.house, elements={**ctx.house.elements, "figure_heading": dataclasses.replace(
        ctx.house.el("figure_heading"), marker="◆")})
    other = dataclasses.replace(ctx, house=house)
    assert marks(block, other) == ["◆"] * 4
