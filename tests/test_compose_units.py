"""Units that do not come apart at a line end: URLs and e-mail, hyphenated overlong words,
numbers with their units, 5G+ with its word (the real faces, 小五 columns of n characters)."""
from __future__ import annotations

import pyphen
import pytest

from compose_fixtures import BODY, em, face, flush_problems, kinsoku_violations, setp, texts
from layout.compose.paragraph import Run
from layout.compose.text import prepare
from layout.compose.units import UNIT_PENALTY
from layout.errors import Log

URL_TEXT = ("详情请登录开发区门户网站www.example-park.cn/news/all.html查询，或发送邮件至"
            "zhaoshang-office@nanming-park.gov.cn咨询，怎么办理一看便知。")


def rows(lines):
    return [ln.text for ln in lines]


@pytest.mark.parametrize("chars", range(10, 22))      # (narrower, zhaoshang-office@ alone is too wide)
def test_url_and_email_break_after_slash_dot_at_only_and_are_never_letter_spaced(chars):
    log = Log()
    lines = setp(URL_TEXT, chars, indent=2, log=log)
    t = rows(lines)
    assert "".join(t) == URL_TEXT
    assert kinsoku_violations(lines) == [] and flush_problems(lines, chars * BODY) == []
    for a, b in zip(t, t[1:]):
        if a[-1].isascii() and b[0].isascii():
            assert a[-1] in "/.@", (a, b)              # never after its own hyphen
    for ln in lines:
        gs = ln.glyphs
        for x, y in zip(gs, gs[1:]):
            if x.text.isascii() and y.text.isascii():
                assert y.x == pytest.approx(x.x + x.advance, abs=1e-6), (ln.text, x.text, y.text)
    # no line beside the URL is made loose to spare it
    for ln in lines[:-1]:
        gs = ln.glyphs
        gaps = [em(y.x - x.x - x.advance) for x, y in zip(gs, gs[1:])
                if "\u4e00" <= x.text <= "\u9fff" and "\u4e00" <= y.text <= "\u9fff"]
        assert max(gaps, default=0) <= 0.35, (chars, ln.text)
    assert log.warnings == []


WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis"


@pytest.mark.parametrize("chars", range(8, 20))
def test_latin_word_longer_than_the_measure_is_hyphenated_from_the_dictionary(chars):
    log = Log()
    text = "医学上最长的英文单词是" + WORD + "，意为一种肺病。"
    lines = setp(text, chars, indent=2, log=log)
    t = rows(lines)
    assert "".join(x[:-1] if x.endswith("-") else x for x in t) == text
    points = set(pyphen.Pyphen(lang="en_US").positions(WORD))
    cut = 0
    for line in t[:-1]:
        if WORD[cut:cut + 1] and line.endswith("-"):
            piece = line[:-1]
            cut = (WORD.index(piece) + len(piece)) if piece in WORD else cut + len(piece.split("是")[-1])
            assert cut in points, (line, cut)
    assert sum(x.endswith("-") for x in t) >= 1
    # the hyphen is drawn: a glyph of its own at the line end, inside the column
    hy = [ln for ln in lines if ln.text.endswith("-")]
    assert all(ln.glyphs[-1].text == "-" and ln.end <= chars * BODY + 0.01 for ln in hy)
    assert flush_problems(lines, chars * BODY) == []
    assert not any("unbreakable" in w.message for w in log.warnings), log.warnings


NUMBERS = ("今年前三季度，开发区实现税收收入1.2亿元，新增市场主体386家，引进高层次人才57人，"
           "与高校共建3个联合实验室，签约项目总投资达到48.6亿元，同比增长15.2%，2026年底前将再建2个孵化器。")
UNITS = ("亿元", "家", "人", "个", "%", "年", "亿")


@pytest.mark.parametrize("chars", range(8, 24))
def test_a_number_stays_with_its_unit_or_measure_word(chars):
    log = Log()
    lines = setp(NUMBERS, chars, indent=2, log=log)
    t = rows(lines)
    assert "".join(t) == NUMBERS
    for a, b in zip(t, t[1:]):
        assert not (a[-1].isdigit() and b[0] in "亿万元%个家人年"), (chars, a, b)
        assert not (a.endswith("亿") and b.startswith("元")), (chars, a, b)
    assert kinsoku_violations(lines) == [] and flush_problems(lines, chars * BODY) == []


def test_number_and_unit_is_a_strong_preference_not_a_prohibition():
    """Where nothing else can justify the line the break stays possible (the composer warns then)."""
    p = prepare([Run("增长3个百分点", face(), BODY)])
    k = [a.ch for a in p.atoms].index("个")
    assert p.penalty[k] == UNIT_PENALTY
    assert p.penalty[k + 1] == UNIT_PENALTY and p.penalty[k + 2] == UNIT_PENALTY   # 个百分点 is one unit
    assert p.penalty[1] == 0.0                                                     # 增|长 as before
    # a column too narrow to keep them: parted, and the editor is told where
    log = Log()
    lines = setp("共计12345678个", 5, log=log)
    t = rows(lines)
    assert any(a[-1].isdigit() and b[0] == "个" for a, b in zip(t, t[1:])), t
    assert any("parted from its unit" in w.message for w in log.warnings)


PLUS = "开发区积极打造“5G+物流”示范园区，推动“AI+制造”深度融合，建设“互联网+政务服务”平台。"


@pytest.mark.parametrize("chars", range(8, 24))
def test_5g_plus_stays_solid_with_the_word_it_joins(chars):
    lines = setp(PLUS, chars, indent=2)
    t = rows(lines)
    assert "".join(t) == PLUS
    for a, b in zip(t, t[1:]):
        assert not a.endswith("+"), (chars, a, b)
    for ln in lines:
        gs = ln.glyphs
        for x, y in zip(gs, gs[1:]):
            if x.text == "+" and y.text in "物制":
                assert y.x == pytest.approx(x.x + x.advance, abs=1e-6), ln.text   # no ¼ em after the +
    assert flush_problems(lines, chars * BODY) == []


ORDINALS = "今年以来开发区主要经济指标稳中有进，地区生产总值增速居全市第2位，规上工业增加值总量连续三年保持全市第3位，服务业增速列第1位。"


@pytest.mark.parametrize("chars", range(8, 24))
def test_the_ordinal_prefix_stays_on_its_number(chars):
    # 第 / 2 位 (a line ending 第, the next opening 2 位) reads as two things
    lines = setp(ORDINALS, chars, indent=2)
    t = rows(lines)
    assert "".join(t) == ORDINALS
    for a, b in zip(t, t[1:]):
        assert not (a.endswith("第") and b[0].isdigit()), (chars, a, b)
        assert not (a[-1].isdigit() and b[0] == "位"), (chars, a, b)
