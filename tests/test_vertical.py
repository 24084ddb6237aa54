"""竖排: vertical composition on the real fonts, the 竖题 and vertical article in make-up, and the PDF."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from layout.boxes import VText
from layout.build import build
from layout.compose.text import CJK_CLOSING, CJK_OPENING, CJK_STOPS
from layout.compose.vertical import compose_vertical, set_vertical
from layout.fonts.prepare import vertical_code

from conftest import SAMPLE

BODY = 9.0
TEXT = ("清晨的霜落在厂区的屋顶上，薄薄一层，像谁悄悄铺开的一张白纸。第一班公交车驶过兴业大道（G320），"
        "车窗里是“一张张年轻的脸”，呵出的热气模糊了玻璃——《冬日园区》写于11月，"
        "“好！”“走吧。”他说：“（一）……”【完】")


@pytest.fixture(scope="module")
def face(fontset):
    return fontset.face("song", "regular", frozenset(TEXT))


def vert_lookup(face) -> dict[int, int]:
    """glyph id -> vertical glyph id, read here from the source font's GSUB `vert` feature of the
    Han script's simplified-Chinese language system (Japanese turns quotes otherwise)."""
    from fontTools.ttLib import TTFont
    font = TTFont(str(face.source.path), fontNumber=face.source.index, lazy=True)
    gsub = font["GSUB"].table
    hani = next(r.Script for r in gsub.ScriptList.ScriptRecord if r.ScriptTag == "hani")
    zhs = next(r.LangSys for r in hani.LangSysRecord if r.LangSysTag == "ZHS ")
    out = {}
    for i, rec in enumerate(gsub.FeatureList.FeatureRecord):
        if rec.FeatureTag != "vert" or i not in zhs.FeatureIndex:
            continue
        for li in rec.Feature.LookupListIndex:
            for st in gsub.LookupList.Lookup[li].SubTable:
                st = getattr(st, "ExtSubTable", st)
                for a, b in (getattr(st, "mapping", None) or {}).items():
                    out[font.getGlyphID(a)] = font.getGlyphID(b)
    return out


def test_vertical_punctuation_uses_the_fonts_vert_glyphs(face):
    vert = vert_lookup(face)
    line = set_vertical("冬日，园区。（一）《书》“好”", face, 18)
    punct = [g for g in line.glyphs if g.text in "，。（）《》“”"]
    assert len(punct) == 8
    for g in punct:
        assert g.draw == vertical_code(g.text)
        # the prepared face reaches the very glyph the font's `vert` lookup names
        assert face.gid(g.draw) == vert[face.gid(g.text)], g.text
    # Han characters stay as they are
    assert [g.draw for g in line.glyphs if g.text in "冬日园区"] == list("冬日园区")


def test_vertical_stops_sit_in_the_top_right_quadrant(face):
    # clreq: in vertical writing 。and ，sit in the top-right quadrant of the em box
    for ch in "。，、":
        x0, y0, x1, y1 = face.ink(face.vertical(ch))
        assert x0 > 0.5 and y0 > 0.38, (ch, x0, y0)       # right of centre, above the em box's middle
    # an opening bracket turned: its ink lies in the lower part of the box (it opens downwards)
    x0, y0, x1, y1 = face.ink(face.vertical("（"))
    assert x1 - x0 > 0.8 and y1 < 0.38


def test_a_vertical_line_never_starts_with_a_closing_mark_or_ends_with_an_opening(face):
    for chars in range(6, 16):
        lines = compose_vertical(TEXT, face, BODY, chars * BODY)
        assert "".join(l.text for l in lines) == TEXT.replace(" ", "")
        for a, ln in zip(lines, lines[1:]):
            assert ln.glyphs[0].text[0] not in CJK_CLOSING | CJK_STOPS, (chars, ln.text)
            for mark in "—…":                                # —— and …… never split
                assert not (a.text.endswith(mark) and ln.text.startswith(mark)), (chars, a.text, ln.text)
        for ln in lines[:-1]:
            assert ln.glyphs[-1].text[-1] not in CJK_OPENING, (chars, ln.text)
            assert abs(ln.end - chars * BODY) < 1e-6          # justified (or squeezed) to the full length


def test_digits_upright_two_in_one_square_longer_latin_sideways(face):
    line = set_vertical("写于11月G320公路", face, BODY)
    tcy = next(g for g in line.glyphs if g.text == "11")
    assert not tcy.rotate and tcy.advance == BODY and tcy.hscale < 1.0    # 纵中横: one em, condensed
    latin = next(g for g in line.glyphs if g.text == "G320")
    assert latin.rotate and latin.advance > BODY                          # sideways, as long as it is wide
    tops = [g.top for g in line.glyphs]
    assert tops == sorted(tops)                                           # top to bottom in reading order


SHIGE = (SAMPLE / "p4-shige.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """A 副刊 page: 冬日园区 (the sample's text) set vertically with its 竖题, in a 花纹 frame."""
    from conftest import write_issue
    root = tmp_path_factory.mktemp("issues")
    manifest = """
    house: nanming-v1
    number: 46
    date: 2026-11-27
    pages:
      - section: 副刊
        blocks:
          - {article: s.md, col: 4, span: 2, line: 54, lines: 27, headline: vertical, direction: vertical, frame: 花纹}
    """
    d = write_issue(root, manifest, {"s.md": SHIGE}, name="2026-046")
    out = tmp_path_factory.mktemp("build") / "v.pdf"
    return build(d, out)


def test_the_fukan_page_has_a_vertical_headline_and_a_vertical_article(sample):
    page = sample.pages[0]
    vts = [it for it in page.items if isinstance(it, VText)]
    title = next(v for v in vts if v.line.text == "冬日园区")
    ys = [title.y + g.y for g in title.line.glyphs]
    assert ys == sorted(ys) and ys[-1] - ys[0] >= 3 * 18          # stacked top to bottom
    body = [v for v in vts if v is not title]
    assert len(body) > 8
    xs = [v.x for v in body]
    assert xs == sorted(xs, reverse=True)                         # lines run right to left
    assert all(title.x > x for x in xs)                           # the 竖题 stands at the right
    assert "".join(v.line.text for v in body).replace("  ", "").startswith("南明技师学院柯晓雯清晨的霜")
    assert body[-1].line.text.endswith("一点一点长大。")


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_vertical_text_extracts_in_reading_order(sample):
    raw = subprocess.run(["pdftotext", "-raw", str(sample.pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    flat = raw.replace("\n", "")
    src = (SAMPLE / "p4-shige.md").read_text(encoding="utf-8").split("---")[2]
    paras = [p.strip() for p in src.split("\n\n") if p.strip()]
    at = flat.index("冬日园区")
    pos = [flat.index(p, at) for p in paras]      # every paragraph whole, vertical forms read as 。，
    assert pos == sorted(pos)


def test_tounicode_maps_vertical_forms_back(sample):
    from pypdf import PdfReader
    text = PdfReader(str(sample.pdf)).pages[0].extract_text()
    assert "\U000f3002" not in text and "\U000fff0c" not in text
    assert "一张白纸。" in text.replace("\n", "")


def test_vertical_headline_beside_horizontal_text(issue_factory):
    from layout.boxes import TextLine
    from layout.makeup.grid import Grid
    para = "清晨的霜落在厂区的屋顶上，薄薄一层，像谁悄悄铺开的一张白纸。" * 3
    d = issue_factory("house: nanming-v1\nnumber: 7\ndate: 2026-03-06\npages:\n  - section: 副刊\n    blocks:\n"
                      "      - {article: a.md, col: 1, span: 2, line: 1, lines: auto, headline: vertical}\n"
                      "      - {article: b.md, col: 3, span: 2, line: 1, lines: auto, headline: vertical-left}\n",
                      {"a.md": f"---\ntitle: 冬日园区\n---\n{para}\n\n{para}\n",
                       "b.md": f"---\ntitle: 春到白沙溪\n---\n{para}\n"})
    res = build(d)
    page, grid = res.pages[0], Grid(res.issue.house)
    for name, col, side in (("冬日园区", 1, "right"), ("春到白沙溪", 3, "left")):
        title = next(v for v in page.items if isinstance(v, VText) and v.line.text == name)
        x0, x1 = grid.x(col), grid.x(col) + grid.width(2)
        body = [t for t in page.items if isinstance(t, TextLine) and x0 <= t.x < x1
                and grid.top < t.y < grid.area.bottom]                        # not the 报眉 nor the 报尾
        assert body
        half = title.line.glyphs[0].size / 2                              # the title's em box about its axis
        if side == "right":
            assert all(t.x + t.line.end <= title.x - half - 9 + 1e-6 for t in body)   # ≥ 1 字 clear, left of it
        else:
            assert all(t.x >= title.x + half + 9 - 1e-6 for t in body)
        assert body[0].y < title.y + 2 * 13.5                                # side by side from the top
        # the text columns still hold whole characters
        assert all(abs(t.line.width / 9 - round(t.line.width / 9)) < 1e-6 for t in body)


def test_two_marks_in_a_row_take_one_and_a_half_em(face):
    for text in ("好。”好", "好）。好", "好“《书"):
        line = set_vertical(text, face, BODY)
        assert line.end == pytest.approx(3.5 * BODY), text
        tops = [g.top for g in line.glyphs]
        assert tops[2] - tops[1] == pytest.approx(0.5 * BODY)
    assert set_vertical("好。好", face, BODY).end == pytest.approx(3 * BODY)


def test_no_single_character_last_line(face):
    text = "夜深了，厂区的灯还亮着。那些灯不怕冷，一盏连着一盏，把冬天的夜照得通红。"
    for chars in range(8, 20):
        lines = compose_vertical(text, face, BODY, chars * BODY)
        assert "".join(l.text for l in lines) == text
        if len(lines) > 1:
            tail = [g for g in lines[-1].glyphs if g.text not in CJK_STOPS | CJK_CLOSING]
            assert len(tail) >= 2, (chars, lines[-1].text)


def test_an_opening_mark_at_a_line_head_loses_its_empty_half(face):
    text = "车窗里是一张张年轻的脸（很多人）和一张张笑脸。"
    for chars in range(6, 14):
        lines = compose_vertical(text, face, BODY, chars * BODY, indent=0)
        for ln in lines:
            g = ln.glyphs[0]
            if g.text == "（":
                assert g.top == pytest.approx(-0.5 * BODY)
                x0, y0, x1, y1 = face.ink(g.draw)           # its ink starts just under the line's head
                assert 0 <= g.y - y1 * BODY < 0.2 * BODY
                break
        else:
            continue
        break
    else:
        pytest.fail("no line began with （ at any length tried")


def test_bold_runs_keep_their_face(fontset, face):
    bold = fontset.face("hei", "regular", frozenset(TEXT))
    lines = compose_vertical([("清晨的霜", face), ("落在厂区", bold), ("的屋顶上。", face)], face, BODY, 6 * BODY)
    glyphs = [g for ln in lines for g in ln.glyphs]
    assert "".join(g.text for g in glyphs) == "清晨的霜落在厂区的屋顶上。"
    assert [g.face for g in glyphs if g.text in "落在厂区"] == [bold.id] * 4
    assert {g.face for g in glyphs if g.text not in "落在厂区"} == {face.id}


def test_vertical_article_crosshead_on_its_own_line_and_a_table_refused(issue_factory):
    from layout.errors import BanmianError
    head = "house: nanming-v1\nnumber: 7\ndate: 2026-03-06\npages:\n  - section: 副刊\n    blocks:\n"
    block = "      - {article: a.md, col: 1, span: 2, line: 1, lines: 30, direction: vertical}\n"
    para = "清晨的霜落在厂区的屋顶上，薄薄一层。"
    d = issue_factory(head + block, {"a.md": f"---\ntitle: 冬日\n---\n{para}\n\n## 午后\n\n{para}\n"})
    res = build(d)
    vts = [v for v in res.pages[0].items if isinstance(v, VText)]
    cross = next(v for v in vts if v.line.text == "午后")
    assert cross.line.glyphs[0].face.startswith("hei") and cross.line.glyphs[0].top == 0
    d = issue_factory(head + block, {"a.md": f"---\ntitle: 冬日\n---\n{para}\n\n| 甲 | 乙 |\n|---|---|\n| 1 | 2 |\n"},
                      name="2026-002")
    with pytest.raises(BanmianError, match="set vertically .* has a table") as e:
        build(d)
    assert e.value.file.endswith("a.md") and e.value.line == 6


def test_vertical_article_keeps_its_lead(issue_factory):
    head = "house: nanming-v1\nnumber: 7\ndate: 2026-03-06\npages:\n  - section: 副刊\n    blocks:\n"
    d = issue_factory(head + "      - {article: a.md, col: 1, span: 2, line: 1, lines: 30, direction: vertical}\n",
                      {"a.md": "---\ntitle: 冬日\nlead: 这是一段编者的话。\nlead_label: 编者按\n---\n清晨的霜落在屋顶上。\n"})
    texts = [v.line.text for v in build(d).pages[0].items if isinstance(v, VText)]
    assert texts[0].startswith("编者按") and "这是一段编者的话。" in texts[0]      # (the title is horizontal)
    assert texts[-1] == "清晨的霜落在屋顶上。"


def test_the_samples_fukan_page_has_a_vertical_headline():
    res = build(SAMPLE)
    title = next(v for v in res.pages[3].items if isinstance(v, VText) and v.line.text == "冬日园区")
    ys = [g.top for g in title.line.glyphs]
    assert ys == sorted(ys) and ys[-1] - ys[0] >= 3 * title.line.glyphs[0].size     # stacked top to bottom


def test_a_vertical_article_too_long_for_its_block_is_an_overset_error(issue_factory):
    from layout.errors import BanmianError
    head = "house: nanming-v1\nnumber: 7\ndate: 2026-03-06\npages:\n  - section: 副刊\n    blocks:\n"
    block = "      - {article: a.md, col: 1, span: 1, line: 1, lines: 10, direction: vertical}\n"
    para = "清晨的霜落在厂区的屋顶上，薄薄一层，像谁在夜里撒了一把细盐。" * 12
    d = issue_factory(head + block, {"a.md": f"---\ntitle: 冬日\n---\n{para}\n"})
    with pytest.raises(BanmianError, match="too long") as e:
        build(d)
    assert e.value.file.endswith("issue.yaml")
