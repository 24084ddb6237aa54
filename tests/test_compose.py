"""The Chinese line composer with the real faces: hard paragraphs, asserted line by line.

Columns are n body characters of 9 pt (小五). `em()` converts pt to em of 9 pt.
Every paragraph is also checked for the two global rules: strict kinsoku and
non-final lines flush with the column edge.
"""
from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from compose_fixtures import (BODY, SRC, em, face, flush_problems, gap_between, glyph,
                              kinsoku_violations, setp, texts)
from layout.boxes import SourceRef
from layout.compose.paragraph import ParaStyle, Run, compose, set_line
from layout.errors import Log
from layout.compose.text import ink_side

H = "天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏闰余成岁律吕调阳云腾致雨露结为霜"


def check(lines, chars=12, size=BODY):
    assert kinsoku_violations(lines) == []
    assert flush_problems(lines, chars * size) == []
    return texts(lines)


def approx(x):
    return pytest.approx(x, abs=0.005)


# ---- punctuation widths read from the font (clreq "Punctuation Width Adjustment") ----

def test_marks_are_classified_by_ink_not_by_table():
    song, kai = face("song"), face("kai")
    assert [ink_side(song, c) for c in "，。“”（）《》·"] == [
        "left", "left", "right", "left", "right", "left", "right", "left", "centre"]
    # WenKai's quotes are proportional (0.35 em): they take their class's side
    assert kai.advance("“") < 0.5
    assert ink_side(kai, "“") == "right" and ink_side(kai, "”") == "left"


@pytest.mark.parametrize("text,marks,widths", [
    ("好。”我", "。”", (0.5, 1.0)),       # the stop gives up its empty right half
    ("好”、我", "”、", (0.5, 1.0)),
    ("我、“好", "、“", (0.5, 1.0)),       # closing/stop + opening: 1.5 em together
    ("对！？”我", "！？”", (0.5, 0.5, 1.0)),  # each mark but the last is half
    ("好”（注", "”（", (0.5, 1.0)),
    ("注）。我", "）。", (0.5, 1.0)),
    ("好。”、“对", "。”、“", (0.5, 0.5, 0.5, 1.0)),
])
def test_consecutive_marks_take_one_and_a_half_em(text, marks, widths):
    line = setp("我们" + text + "我们", 30)[0]
    k = line.text.index(marks)
    got = tuple(em(g.advance) for g in line.glyphs[k:k + len(marks)])
    assert got == tuple(approx(w) for w in widths)


def test_quotes_in_quotes_and_nested_titles():
    line = setp("他们认为“‘一带一路’”很重要，《〈论持久战〉的意义》是书", 40)[0]
    t = line.text
    g = line.glyphs
    # “‘ : the inner opening mark loses its empty left half and is drawn shifted left
    k = t.index("“‘")
    assert em(g[k].advance) == approx(1.0) and em(g[k + 1].advance) == approx(0.5)
    assert em(g[k + 1].shift) == approx(0.5)
    # ’” : the inner closing mark closes up
    k = t.index("’”")
    assert em(g[k].advance) == approx(0.5) and em(g[k + 1].advance) == approx(1.0)
    k = t.index("《〈")
    assert em(g[k].advance) == approx(1.0) and em(g[k + 1].advance) == approx(0.5)
    k = t.index("〉的")
    assert em(g[k].advance) == approx(1.0)
    k = t.index("意义》")
    assert em(g[k + 2].advance) == approx(1.0)


def test_opening_mark_at_line_start_and_mark_at_line_end_lose_their_empty_half():
    lines = setp(H[:11] + "，“" + H[11:30] + "。", 12)
    check(lines)
    assert lines[0].text.endswith("，")
    last = lines[0].glyphs[-1]
    assert em(last.advance) <= 0.5 + 1e-3 and lines[0].end == approx(12 * BODY)
    first = lines[1].glyphs[0]
    assert first.text == "“" and first.x == 0
    assert em(first.advance) == approx(0.5) and em(first.shift) == approx(0.5)
    # the ink of the compressed quote sits inside the column
    ink = face().ink("“")
    assert (first.x - first.shift) + ink[0] * BODY >= -1e-6


def test_kai_proportional_quotes_are_set_in_cjk_boxes_ink_on_their_side():
    kai = face("kai")
    line = setp("他说“好的”我们走吧", 20, role="kai")[0]
    open_, close = glyph(line, "“"), glyph(line, "”")
    assert em(open_.advance) == approx(1.0) and em(close.advance) == approx(1.0)
    ink_open = open_.x - open_.shift + kai.ink("“")[0] * BODY
    ink_close = close.x - close.shift + kai.ink("”")[2] * BODY
    assert ink_open >= open_.x + 0.5 * BODY            # opening quote's ink in the right half
    assert ink_close <= close.x + 0.5 * BODY           # closing quote's ink in the left half


@pytest.mark.parametrize("style,comma,stop", [("full", 1.0, 1.0), ("kaiming", 0.5, 1.0),
                                              ("half", 0.5, 0.5)])
def test_punctuation_styles(style, comma, stop):
    line = setp("我们，他们。你们", 20, punctuation=style)[0]
    assert em(glyph(line, "，").advance) == approx(comma)
    assert em(glyph(line, "。").advance) == approx(stop)


# ---- 避头尾 (clreq "Prohibition Rules for Line Start and Line End") ---------------

def test_stop_at_line_start_is_pulled_back_by_compression_first():
    # 13th unit is 。: the line compresses its ， to take it back
    lines = setp("一二三，四五六七八九十一。二三四五六七八九十一二三四", 12)
    assert check(lines)[0] == "一二三，四五六七八九十一。"
    assert em(glyph(lines[0], "，").advance) == approx(0.5)


def test_stop_at_line_start_pushes_a_character_down_when_nothing_compresses():
    lines = setp("一二三四五六七八九十一二。三四五六七八九十一二三四", 12)
    t = check(lines)
    assert t[0] == "一二三四五六七八九十一" and t[1].startswith("二。")


@pytest.mark.parametrize("k", range(0, 14))
def test_two_em_dash_at_every_position_relative_to_line_end(k):
    lines = setp(H[:k] + "——" + H[k:k + 20], 12)
    t = check(lines)
    joined = "|".join(t)
    assert "——" in joined                        # never split
    assert not any(s.startswith("—") for s in t[1:])   # strict: never starts a line


@pytest.mark.parametrize("k", range(0, 14))
def test_ellipsis_at_every_position_relative_to_line_end(k):
    lines = setp(H[:k] + "……" + H[k:k + 20], 12)
    t = check(lines)
    assert "……" in "|".join(t)
    assert not any(s.startswith("…") for s in t[1:])


def test_two_em_dash_ink_is_continuous():
    line = setp("他说——我们走", 20)[0]
    a, b = [g for g in line.glyphs if g.text == "—"]
    ink = face().ink("—")
    a_right = a.x - a.shift + ink[2] * a.size * a.hscale
    b_left = b.x - b.shift + ink[0] * b.size * b.hscale
    assert a_right >= b_left                           # the two halves meet (overlap)
    assert a.x - a.shift + ink[0] * a.size * a.hscale == approx(a.x)   # and fill the 2 em
    assert b.x - b.shift + ink[2] * b.size * b.hscale == approx(b.x + b.advance)
    assert em(a.advance) == approx(1.0) and em(b.advance) == approx(1.0)


def test_gb_level_lets_a_two_em_dash_start_a_line_strict_does_not():
    text = H[:12] + "——" + H[12:30]
    assert texts(setp(text, 12, kinsoku="gb"))[1].startswith("——")
    assert not texts(setp(text, 12, kinsoku="strict"))[1].startswith("—")


def test_kinsoku_none_and_basic_levels():
    text = H[:12] + "。" + H[12:30]
    assert texts(setp(text, 12, kinsoku="none"))[1].startswith("。")
    assert not texts(setp(text, 12, kinsoku="basic"))[1].startswith("。")
    text = H[:12] + "·" + H[12:30]
    assert texts(setp(text, 12, kinsoku="basic"))[1].startswith("·")
    assert not texts(setp(text, 12, kinsoku="gb"))[1].startswith("·")


def test_interpunct_in_names_never_starts_a_line_and_is_centred_in_half_an_em():
    text = "列夫·托尔斯泰、列夫·托尔斯泰、列夫·托尔斯泰、列夫·托尔斯泰。"
    for n in range(8, 16):
        lines = setp(text, n)
        check(lines, n)
        assert "".join(texts(lines)) == text
    line = setp("列夫·托尔斯泰", 20)[0]
    dot = glyph(line, "·")
    assert em(dot.advance) == approx(0.5)
    ink = face().ink("·")
    centre = dot.x - dot.shift + (ink[0] + ink[2]) / 2 * BODY
    assert centre == approx(dot.x + dot.advance / 2)


def test_opening_mark_never_ends_a_line():
    for k in range(0, 14):
        lines = setp(H[:k] + "《读书》" + H[k:k + 20], 12)
        check(lines)


# ---- numbers, Latin words, URLs, Han–Latin space --------------------------------

NEWS = "今年1—9月，全市GDP增长12.5%，达到49.82 亿元；2019 年5G+产业、PM2.5治理均有进展。"


def test_numbers_and_words_are_never_broken():
    for n in range(8, 20):
        t = check(setp(NEWS, n), n)
        joined = "|".join(t)
        for unit in ("1—9", "GDP", "12.5%", "49.82", "2019", "5G+", "PM2.5"):
            assert unit in joined, (n, unit, t)


def test_han_latin_space_is_a_quarter_em_and_typed_spaces_are_not_doubled():
    line = setp(NEWS, 60)[0]                   # one line: no justification
    assert line.last
    for left, right in (("市", "G"), ("P", "增"), ("长", "1"), ("%", "，"), ("到", "4"),
                        ("2", "亿"), ("9", "年"), ("年", "5"), ("+", "产"), ("5", "治"),
                        ("年", "1"), ("9", "月")):
        expected = 0.0 if right == "，" or left == "+" else 0.25     # 5G+产业 is solid
        assert em(gap_between(line, left, right)) == approx(expected), (left, right)
    # no space inside a unit, and spaces are gaps, never glyphs
    assert em(gap_between(line, "4", "9")) == approx(0.0)
    assert " " not in line.text


def test_han_latin_space_in_justified_lines_stays_within_limits():
    for n in range(8, 20):
        for line in setp(NEWS, n)[:-1]:
            gs = line.glyphs
            for a, b in zip(gs, gs[1:]):
                kinds = {_kind(a.text), _kind(b.text)}
                if kinds == {"han", "latin"} and a.text != "+":      # 5G+产业 is set solid
                    gap = em(b.x - a.x - a.advance)
                    # shrunk at most to ⅕ em (the ¼-em bucket a reader sees)
                    assert 0.2 - 1e-3 <= gap, (line.text, a.text, b.text)
                    # expanded only within ⅓ em, or further only by the equal share
                    # every other character gap of the line received (a line with no
                    # Han–Han gap at all, such as 2019年5G+产, has only these to give)
                    extra = gap - 1 / 3
                    if extra > 1e-3 and _has_han_pair(line):
                        assert extra == approx(_char_share(line)), line.text


def _kind(ch):
    if re.match(r"[A-Za-z0-9%+]", ch):
        return "latin"
    if "\u4e00" <= ch <= "\u9fff":
        return "han"
    return "other"


def _has_han_pair(line):
    gs = line.glyphs
    return any(_kind(a.text) == _kind(b.text) == "han" for a, b in zip(gs, gs[1:]))


def _char_share(line):
    gs = line.glyphs
    gaps = [em(b.x - a.x - a.advance) for a, b in zip(gs, gs[1:])
            if _kind(a.text) == _kind(b.text) == "han"]
    return min(gaps) if gaps else 0.0


def test_han_latin_space_none_at_line_edges():
    for n in range(8, 20):
        for line in setp(NEWS, n):
            assert line.glyphs[0].x == approx(0.0)


def test_url_breaks_only_after_slash_dot_hyphen_question():
    url = "https://www.example.com/news/2019/a-long-path/index.html?id=12345"
    log = Log()
    lines = setp("详见" + url + "。", 12, log=log)
    t = texts(lines)
    assert "".join(t) == "详见" + url + "。"
    for a, b in zip(t, t[1:]):
        if a[-1].isascii() and b[0].isascii():
            assert a[-1] in "/.-?", (a, b)
    assert flush_problems(lines, 12 * BODY) == []


def test_unbreakable_text_wider_than_the_column_is_reported_not_lost():
    word = "1234567890123456789012345678901234567890"        # a number: nothing to hyphenate
    log = Log()
    lines = setp("详见" + word + "。", 8, log=log)
    assert "".join(texts(lines)) == "详见" + word + "。"
    assert flush_problems(lines, 8 * BODY) == []
    assert any("wider than the column" in w.message for w in log.warnings)
    assert all(w.file == SRC.file and w.line == SRC.line for w in log.warnings)


# ---- justification (clreq "Line Adjustment") ------------------------------------

def test_every_non_final_line_is_flush_and_the_last_is_flush_left():
    text = NEWS + "他说：“我们要把‘一带一路’建设好。”" + H
    for n in range(8, 31):
        lines = setp(text, n, indent=2)
        check(lines, n)
        assert lines[-1].last and not any(ln.last for ln in lines[:-1])
        assert lines[0].first and lines[0].glyphs[0].x == approx(2 * BODY)
        assert lines[-1].end <= n * BODY + 0.01


def test_expansion_never_enters_a_number_or_word():
    for n in range(8, 20):
        for line in setp(NEWS, n)[:-1]:
            gs = line.glyphs
            for a, b in zip(gs, gs[1:]):
                if a.text.isascii() and b.text.isascii() and a.text.isalnum() and b.text.isalnum():
                    assert b.x - a.x - a.advance == approx(0.0), line.text


@pytest.mark.parametrize("align", ["left", "center", "right"])
def test_alignments(align):
    lines = setp("新华社北京电", 12, align=align)
    line = lines[0]
    width = em(line.glyphs[-1].x + line.glyphs[-1].advance - line.glyphs[0].x)
    assert width == approx(6.0)
    start = {"left": 0.0, "center": 3.0, "right": 6.0}[align]
    assert em(line.glyphs[0].x) == approx(start)


def test_indent_is_two_em_of_the_first_run():
    lines = setp(H, 12, indent=2)
    assert em(lines[0].glyphs[0].x) == approx(2.0)
    assert texts(lines)[0] == H[:10]


# ---- 孤字 (one character on the last line) --------------------------------------

def test_one_character_last_line_is_fixed_by_tightening():
    text = H[:24] + "字。"
    assert texts(setp(text, 12, fix_orphan=False))[-1] == "字。"     # the problem exists
    log = Log()
    t = check(setp(text, 12, log=log))
    assert len(t[-1].rstrip("。")) >= 2
    assert log.warnings == []


def test_one_character_last_line_pulled_back_by_compression():
    # line 2 has three commas: compressing them takes 字。 back (1.5 em)
    text = H[:12] + H[12:15] + "，" + H[15:18] + "，" + H[18:20] + "，" + H[20] + "字。"
    lines = setp(text, 12, fix_orphan=False)
    assert texts(lines)[-1] == "字。"
    t = check(setp(text, 12))
    assert t[-1].endswith("字。") and len(t) == 2


def test_unfixable_one_character_last_line_is_reported():
    word = "unbelievable"
    n = math.ceil(em(sum(face().advance(c) * BODY for c in word)))
    log = Log()
    lines = setp(word + "字", n, log=log)
    assert texts(lines) == [word, "字"]
    assert any("孤字" in w.message for w in log.warnings)
    assert all(w.file == SRC.file and w.line == SRC.line for w in log.warnings)


# ---- runs, sources, cache, set_line ----------------------------------------------

def test_bold_runs_keep_the_rules_across_run_boundaries():
    song, hei = face("song"), face("hei", "bold")
    src = SourceRef("a.md", 3)
    runs = [Run(H[:11], song, BODY, src), Run("增长", hei, BODY, src), Run("。”GDP", song, BODY, src),
            Run("增速", hei, BODY, src)]
    lines = compose(runs, 12 * BODY, ParaStyle(indent=0))
    t = check(lines)
    assert not t[1].startswith(("。", "”"))
    line = [ln for ln in lines if "P增" in ln.text][0]
    assert em(gap_between(line, "P", "增")) >= 0.25 - 1e-3
    assert glyph(line, "增").face == hei.id
    assert all(ln.source == src for ln in lines)


def test_memoised_result_is_identical_and_replays_warnings():
    word = "averyveryverylongunbreakablewordthatcannotfit"
    log1, log2 = Log(), Log()
    a = setp("详见" + word, 8, log=log1)
    b = setp("详见" + word, 8, log=log2)
    assert a == b
    assert [str(w) for w in log1.warnings] == [str(w) for w in log2.warnings] != []


def test_set_line_compresses_punctuation_and_spaces_han_latin():
    line = set_line("“中国”GDP增长12.5%。", face(), 10)
    first = line.glyphs[0]
    assert first.x == 0 and first.advance == approx(5.0) and first.shift == approx(5.0)
    assert gap_between(line, "P", "增") == approx(2.5)
    assert line.width == approx(line.end) and line.last
    assert set_line("", face(), 10).glyphs == ()


def test_empty_paragraph_gives_one_empty_line():
    lines = compose([], 100.0)
    assert len(lines) == 1 and lines[0].glyphs == () and lines[0].last


def test_layout_modules_are_pure():
    # only the renderer imports reportlab: layout is testable without reading PDFs
    root = Path(__file__).resolve().parent.parent / "layout"
    modules = [p for p in root.rglob("*.py") if p.relative_to(root).parts[0] != "render"]
    assert len(modules) > 20
    for path in modules:
        assert not re.search(r"^\s*(import|from) reportlab", path.read_text(), re.M), path


def test_total_fit_spreads_expansion_over_lines():
    # First fit would set 吕宇律收阳宿列 | Internet岁洪 (1.16 em between characters on
    # line 2); choosing breaks over the paragraph moves 列 down and both lines stay tight.
    lines = setp("吕宇律收阳宿列Internet岁洪PM2.5盈往", 8)
    assert check(lines, 8) == ["吕宇律收阳宿", "列Internet岁洪", "PM2.5盈往"]
    for line in lines[:-1]:
        gs = line.glyphs
        assert max(em(b.x - a.x - a.advance) for a, b in zip(gs, gs[1:])) < 0.5


def test_a_long_issue_composes_quickly():
    import time
    text = (NEWS + "他说：“我们要把‘一带一路’建设好。”" + H) * 12      # ~1,800 characters
    start = time.perf_counter()
    for n in (12, 13):
        setp(text + str(n), n)
    assert time.perf_counter() - start < 2.0


HARD = ("据统计，今年1—9月，全区实现地区生产总值（GDP）49.82 亿元，同比增长12.5%。"
        "“我们要把‘一带一路’建设好。”、“绝不松懈！”他说——《〈论持久战〉的当代意义》一文指出……"
        "列夫·托尔斯泰说过：“幸福的家庭都是相似的。”详见https://www.example.com/news/2019/index.html。"
        "2019 年以来，5G+工业互联网、PM2.5治理成效显著。")


def test_hard_paragraph_line_by_line():
    log = Log()
    lines = setp(HARD, 13, indent=2, log=log)
    t = check(lines, 13)
    assert [(s[0], s[-1]) for s in t] == [
        ("据", "全"), ("区", "）"), ("4", "。"), ("“", "设"), ("好", "—"), ("《", "文"),
        ("指", "："), ("“", "详"), ("见", "."), ("c", "."), ("h", "工"), ("业", "效"), ("显", "。")]
    assert t[4].endswith("他说——") and t[5].startswith("《〈")
    assert "".join(t) == "".join(HARD.split())
    # the URL's own line is set flush left, its letters never spaced: nothing to warn of
    assert log.warnings == []
    url_line = lines[9]
    assert url_line.text == "com/news/2019/index." and url_line.end < 13 * BODY - 1
    for ln in lines[8:10]:
        gs = [g for g in ln.glyphs if g.text.isascii()]
        assert all(b.x == approx(a.x + a.advance) for a, b in zip(gs, gs[1:]))


@pytest.mark.parametrize("n", range(8, 31))
def test_hard_paragraph_keeps_the_rules_at_every_width(n):
    lines = setp(HARD, n, indent=2)
    check(lines, n)
    assert "".join(texts(lines)) == "".join(HARD.split())


def test_unknown_style_values_are_refused():
    with pytest.raises(ValueError, match="kinsoku"):
        ParaStyle(kinsoku="loose")
    with pytest.raises(ValueError, match="punctuation"):
        ParaStyle(punctuation="全角")
    with pytest.raises(ValueError, match="align"):
        ParaStyle(align="centre")


# ---- segmentation into unbreakable units (text.py) -------------------------------

def units(text, kinsoku="strict"):
    from layout.compose.text import prepare
    p = prepare([Run(text, face(), BODY)], kinsoku=kinsoku)
    out, cur = [], ""
    for k, a in enumerate(p.atoms):
        if k and p.penalty[k] is not None:
            out.append(cur)
            cur = ""
        cur += a.ch
    return out + [cur]


@pytest.mark.parametrize("text,expected", [
    ("据统计，今年1—9月，", ["据", "统", "计，", "今", "年", "1—9", "月，"]),
    ("PM2.5浓度", ["PM2.5", "浓", "度"]),
    ("增长12.5%。", ["增", "长", "12.5%。"]),
    ("约¥100元和−3℃、±0.5‰", ["约", "¥100", "元", "和", "−3℃、", "±0.5‰"]),
    ("5G+产业", ["5G+", "产", "业"]),
    ("共1,000,000人", ["共", "1,000,000", "人"]),
    ("他说——“好”……", ["他", "说——", "“好”……"]),
    ("列夫·托尔斯泰", ["列", "夫·", "托", "尔", "斯", "泰"]),
    ("男/女", ["男/女"]),
    ("《〈论持久战〉》", ["《〈论", "持", "久", "战〉》"]),
    ("见https://a.b/c-d?ef", ["见", "https://", "a.", "b/", "c-d?", "ef"]),
    ("New York时报", ["New", "York", "时", "报"]),
])
def test_units_never_broken_inside(text, expected):
    assert units(text) == expected


def test_units_follow_the_kinsoku_level():
    assert units("他说——好", "gb") == ["他", "说", "——", "好"]
    assert units("他说——好", "strict") == ["他", "说——", "好"]
    assert units("好。对", "none") == ["好", "。", "对"]
    assert units("（好）", "none") == ["（", "好", "）"]
    assert units("北京—上海", "basic") == ["北", "京", "—", "上", "海"]
    assert units("北京—上海", "gb") == ["北", "京—", "上", "海"]


def test_condensed_paragraph_scales_every_box():
    lines = compose([Run(H, face("hei"), 20.0)], 8 * 20.0 * 0.8, ParaStyle(indent=0, hscale=0.8))
    assert texts(lines)[0] == H[:8]
    assert all(g.hscale == 0.8 and g.advance == approx(16.0) for g in lines[0].glyphs)
    assert lines[0].end == approx(8 * 16.0)
    line = set_line("全力以赴“全年红”", face("hei"), 20.0, hscale=0.8)
    assert line.glyphs[0].advance == approx(16.0) and line.glyphs[0].hscale == 0.8


def test_a_source_line_break_between_chinese_characters_is_no_space():
    line = setp("全区实现\n地区生产总值GDP\n增长，New\nYork时报", 40)[0]
    assert line.text == "全区实现地区生产总值GDP增长，NewYork时报"
    assert gap_between(line, "现", "地") == 0.0
    assert em(gap_between(line, "P", "增")) == approx(0.25)
    assert gap_between(line, "w", "Y") > 0.2 * BODY


def test_ideographic_space_after_a_lead_in_is_one_em_and_fixed():
    runs = [Run("南明技师学院新开设", face("hei"), BODY, SRC), Run("\u3000近日，学院与企业签订协议。", face(), BODY, SRC)]
    line = compose(runs, 40 * BODY, ParaStyle(indent=0))[0]
    assert em(gap_between(line, "设", "近")) == approx(1.0)
    assert "\u3000" not in line.text
    for n in range(8, 14):
        lines = compose(runs, n * BODY, ParaStyle(indent=2))
        check(lines, n)


def test_a_bracketed_single_character_last_line_is_a_one_character_line_too():
    text = H[:24] + "（注）。"
    assert texts(setp(text, 12, fix_orphan=False))[-1] == "（注）。"
    t = check(setp(text, 12))
    assert len(t[-1]) > len("（注）。")


def test_apostrophe_inside_a_latin_word_is_narrow_and_unbreakable():
    line = setp("据China’s Daily报道", 30)[0]
    apos = glyph(line, "’")
    assert em(apos.advance) < 0.4
    assert units("据China’s Daily报道")[:3] == ["据", "China’s", "Daily"]
    # a closing quote after Chinese text stays a full-width mark
    assert em(glyph(setp("“好”字", 30)[0], "”").advance) == approx(1.0)


def test_composition_cache_file_gives_the_same_lines(tmp_path):
    """The cache across builds is an optimisation only: the lines out of it equal fresh ones."""
    import layout.compose.paragraph as cm
    from layout.compose.cache import CompositionCache
    cache = CompositionCache()
    runs = [Run("会议要求，各部门要提高认识，明确自身在项目落地推进中的职责，GDP 增长 10.3%。", face(), BODY, SRC)]
    fresh = compose(runs, 13 * BODY, ParaStyle(), Log(), cache)
    path = tmp_path / "c.marshal"
    cache.save(path)
    assert not cache.entries
    cache.load(path)
    assert cm._key(runs, 13 * BODY, ParaStyle()) in cache.loaded
    again = compose(runs, 13 * BODY, ParaStyle(), Log(), cache)
    assert again == fresh and [g._asdict() for ln in again for g in ln.glyphs] == \
        [g._asdict() for ln in fresh for g in ln.glyphs]
    assert again[0].source == SRC
    # the same paragraphs again: the file is left as it is; a new one: rewritten
    before = path.read_bytes()
    cache.save(path)
    assert path.read_bytes() == before
    cache.load(path)
    compose(runs, 13 * BODY, ParaStyle(), cache=cache)
    compose(runs, 12 * BODY, ParaStyle(), cache=cache)
    cache.save(path)
    assert path.read_bytes() != before
    # a file written by other composer code, or not a cache file at all, is ignored
    import marshal
    (tmp_path / "old.marshal").write_bytes(marshal.dumps(("not-this-code", {("x",): None})))
    (tmp_path / "junk.marshal").write_bytes(b"\x00junk")
    cache.entries.clear()
    cache.loaded.clear()
    cache.load(tmp_path / "old.marshal")
    cache.load(tmp_path / "junk.marshal")
    assert not cache.entries and not cache.loaded


def test_looseness_sets_a_paragraph_exactly_one_line_longer():
    """拉行: make-up may ask for a paragraph a line longer; the lines stay flush and legal."""
    text = ("我是一名装配工，初中毕业就出来打工，在南明已经干了 5 年。说实话，以前我很少想“以后”的事，"
            "觉得能按时拿到工资就行。直到有一次，车间里新上了一条自动化产线，我发现自己连操作界面上的"
            "英文缩写都看不懂，心里一下子慌了。")
    base = setp(text, 16, indent=2)
    longer = setp(text, 16, indent=2, looseness=1)
    assert len(base) == 7 and len(longer) == 8
    assert texts(longer)[0] == "我是一名装配工，初中毕业就"           # one character went down
    assert texts(longer)[-1] == "慌了。"                              # two characters: no 孤字
    assert "".join(texts(longer)) == "".join(texts(base))           # nothing lost or reordered
    assert flush_problems(longer, 144) == [] and kinsoku_violations(longer) == []
    # expansion stays within its nominal limit: at most 0.15 em between two characters
    for ln in longer[:-1]:
        gs = ln.glyphs
        gaps = [b.x - (a.x + a.advance) for a, b in zip(gs, gs[1:])
                if "\u4e00" <= a.text <= "\u9fff" and "\u4e00" <= b.text <= "\u9fff"]
        assert max(gaps) <= 0.15 * BODY + 1e-6, ln.text


def test_looseness_that_cannot_be_met_keeps_the_best_setting():
    text = ("我是一名装配工，初中毕业就出来打工，在南明已经干了 5 年。说实话，以前我很少想“以后”的事，"
            "觉得能按时拿到工资就行。直到有一次，车间里新上了一条自动化产线，我发现自己连操作界面上的"
            "英文缩写都看不懂，心里一下子慌了。")
    base = texts(setp(text, 16, indent=2))
    # a line shorter would need eleven characters pulled back: compression cannot give that
    assert texts(setp(text, 16, indent=2, looseness=-1)) == base
    # two lines longer would stretch every line past its limit
    assert texts(setp(text, 16, indent=2, looseness=2)) == base


def test_looseness_minus_one_pulls_a_short_last_line_back_by_compression():
    """缩行: a paragraph whose last line is short and whose lines have compressible marks."""
    text = ("芯衡传感就是即将“毕业”的企业之一。明年上半年，公司将搬进智能装备产业园的标准厂房，"
            "建设第一条自动化生产线。“从一间工位走到一条产线，靠的是园区一路扶持。”龚逸帆说。")
    base = setp(text, 16, indent=2)
    shorter = setp(text, 16, indent=2, looseness=-1)
    assert len(base) == 6 and len(shorter) == 5
    assert texts(shorter)[0] == "芯衡传感就是即将“毕业”的企业" and texts(shorter)[-1].endswith("龚逸帆说。")
    assert "".join(texts(shorter)) == "".join(texts(base))
    assert flush_problems(shorter, 144) == [] and kinsoku_violations(shorter) == []


@pytest.mark.parametrize("chars", range(8, 24))
def test_han_latin_space_stays_between_a_fifth_and_a_third_of_an_em(chars):
    """A loose line widens the Han–Western space to ⅓ em at most; the rest goes between the
    characters, so the space stays visibly a quarter (typolint's ¼-em bucket)."""
    log = Log()
    for text in ("今年以来，经开区的增加值比重达 62.4%，比上年提高 3.1 个百分点，GDP 增速居全市第 2 位。", HARD):
        for ln in setp(text, chars, indent=2, log=log)[:-1]:
            if not any(_is_han(a.text[-1]) and _is_han(b.text[0]) for a, b in zip(ln.glyphs, ln.glyphs[1:])):
                continue        # nothing else to widen ("见" + a URL): the space takes it all
            for a, b in zip(ln.glyphs, ln.glyphs[1:]):
                if _is_han(a.text[-1]) and b.text[0].isascii() and b.text[0].isalnum() or \
                        _is_han(b.text[0]) and a.text[-1].isascii() and a.text[-1].isalnum():
                    gap = em(b.x - (a.x + a.advance))
                    assert 0.2 - 1e-6 <= gap <= 1 / 3 + 1e-6, (ln.text, a.text, b.text, gap)


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


@pytest.mark.parametrize("text, chars", [
    ("天昃。地。www.nanming.gov.cn/zhaoshang昃宿，寒列暑月藏，玄往月宙藏来天冬 盈冬宙天宇，寒玄宇黄寒来，"
     "internationalization", 11),
    ("地 荒荒辰 张往列冬藏，收冬列天黄，列月往 辰天日辰盈辰，藏地地列玄宙天宙 辰盈 往来收藏。"
     "internationalization宇列 ", 13),
])
def test_lines_past_the_limits_spread_their_room_thinly(text, chars):
    """When a long word or URL leaves some line with more room than it can take, the breaks
    put that line where the room spreads over the most gaps: these two set a 9.5-em and a
    2.8-em gap before; no gap now passes 1.5 em."""
    lines = setp(text, chars, indent=2)
    assert "".join(texts(lines)) == "".join(text.split())
    worst = max(em(b.x - (a.x + a.advance)) for ln in lines[:-1] for a, b in zip(ln.glyphs, ln.glyphs[1:]))
    assert worst < 1.5


def test_one_character_before_a_dash_is_a_lone_character_too():
    """孤字 counts a character with the punctuation after it, —— and …… included."""
    text = "会议要求，各部门要提高认识，明确自身在项目落地推进中的职责，切实做好这项工作——"
    assert texts(setp(text, 10, indent=2, fix_orphan=False))[-1] == "作——"
    assert texts(setp(text, 10, indent=2))[-1] == "工作——"
    assert texts(setp(text.replace("——", "……"), 10, indent=2))[-1] == "工作……"
