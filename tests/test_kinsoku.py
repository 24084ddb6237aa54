"""避头尾 by the standards' classes: the W3C web-platform-tests zh line-break cases at every level.

The WPT suite (css/css-text/i18n/zh/, classes cpm, hyphens, in, iteration, po) sets
六个「文」, then the character under test, then 「字字」 in a box six characters wide,
and expects the character to start the second line where the level allows a break
before it, or else the last 文 to go down with it. Our own code below sets the same
text with banmian's composer, at the banmian level mapped to each CSS level
(loose -> basic, normal -> gb, strict -> strict), and asserts which character
starts the second line. The character lists and the expected results are the
suite's (facts); the test code is ours.
"""
from __future__ import annotations

import re

import pytest

from compose_fixtures import setp, texts
from layout.compose.kinsoku import CSS_LEVEL, line_break, no_end, no_start, prohibited
from layout.errors import Log

# WPT css/css-text/i18n/zh: class -> characters under test
WPT = {
    "cpm": "\u30fb\uff1a\uff1b\uff65\u203c\u2047\u2048\u2049\uff01\uff1f",
    "hyphens": "\u2010\u2013\u301c\u30a0",
    "in": "\u2024\u2025\u2026\u22ef\ufe19\U00010af6",
    "iteration": "\u3005\u303b\u309d\u309e\u30fd\u30fe",
    "po": "\u00b0\u2030\u2032\u2033\u2035\u2103\u2109\ufe6a\uff05\uffe0",
}
# the suite's expectation: may the character start a line? (class, CSS level) -> bool
ALLOWED = {
    ("cpm", "loose"): True, ("cpm", "normal"): False, ("cpm", "strict"): False,
    ("hyphens", "loose"): True, ("hyphens", "normal"): True, ("hyphens", "strict"): False,
    ("in", "loose"): True, ("in", "normal"): False, ("in", "strict"): False,
    ("iteration", "loose"): True, ("iteration", "normal"): False, ("iteration", "strict"): False,
    ("po", "loose"): True, ("po", "normal"): False, ("po", "strict"): False,
}
LEVEL_FOR_CSS = {css: level for level, css in CSS_LEVEL.items() if css}
CASES = [(cls, ch, css) for cls, chars in WPT.items() for ch in chars for css in ("loose", "normal", "strict")]


def test_the_suite_has_108_cases():
    assert len(CASES) == 108
    assert LEVEL_FOR_CSS == {"loose": "basic", "normal": "gb", "strict": "strict"}


@pytest.mark.parametrize("cls,ch,css", CASES, ids=[f"{c}-U+{ord(x):04X}-{l}" for c, x, l in CASES])
def test_wpt_zh_case(cls, ch, css):
    level = LEVEL_FOR_CSS[css]
    lines = texts(setp("文" * 6 + ch + "字字", chars=6, kinsoku=level))
    if ALLOWED[(cls, css)]:
        # the break before it is the natural one, and the level allows it: it starts line 2
        assert lines == ["文" * 6, ch + "字字"], (level, lines)
    else:
        # forbidden: it never starts a line; the last 文 goes down with it
        assert lines == ["文" * 5, "文" + ch + "字字"], (level, lines)


@pytest.mark.parametrize("cls,ch", [(c, x) for c, chars in WPT.items() for x in chars])
def test_level_none_allows_every_wpt_break(cls, ch):
    assert texts(setp("文" * 6 + ch + "字字", chars=6, kinsoku="none")) == ["文" * 6, ch + "字字"]


LEVELS = ("basic", "gb", "strict")


@pytest.mark.parametrize("level", LEVELS)
def test_a_temperature_never_leaves_its_degree_sign(level):
    # 12 characters a line: 25℃ falls across the end of the first line
    text = "今天上午南明经开区气温达到25℃，比昨天升高三度。"
    lines = texts(setp(text, chars=12, kinsoku=level))
    assert not any(ln.startswith("℃") for ln in lines), lines
    assert any("25℃" in ln for ln in lines), lines
    # and where a space was typed (温度 25 ℃) the sign still stays with the number
    lines = texts(setp("今天上午南明经开区气温达到 25 ℃，比昨天升高三度。", chars=12, kinsoku=level))
    assert not any(ln.startswith("℃") for ln in lines), lines


@pytest.mark.parametrize("level", LEVELS)
def test_a_share_never_leaves_its_percent_sign(level):
    text = "前三季度规上工业中高新技术产业产值占比52.9％，创历年新高。"
    lines = texts(setp(text, chars=12, kinsoku=level))
    assert not any(ln.startswith("％") for ln in lines), lines
    assert any("52.9％" in ln for ln in lines), lines


@pytest.mark.parametrize("level", ("gb", "strict"))
def test_a_percent_sign_after_a_chinese_character_never_starts_a_line(level):
    # a wide PO after an ideograph: forbidden at normal and strict (only loose allows it)
    assert texts(setp("文" * 6 + "％字字", chars=6, kinsoku=level))[1].startswith("文％")


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("mark", "￥$£№")
def test_a_prefix_mark_never_ends_a_line(level, mark):
    # the mark falls on the last place of the first line; it goes down with what follows
    lines = texts(setp("文" * 5 + mark + "字字字", chars=6, kinsoku=level))
    assert not lines[0].endswith(mark), lines
    assert any(ln.startswith(mark) for ln in lines[1:]), lines


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("mark", "“（《【〔「")
def test_an_opening_bracket_never_ends_a_line(level, mark):
    lines = texts(setp("文" * 5 + mark + "字字字", chars=6, kinsoku=level))
    assert not lines[0].endswith(mark) and lines[1].startswith(mark), lines


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("mark", "、，。）》”】")
def test_stops_and_closing_marks_never_start_a_line_at_any_level(level, mark):
    lines = texts(setp("文" * 6 + mark + "字字", chars=6, kinsoku=level))
    assert not lines[1].startswith(mark) and lines[1].startswith("文" + mark), lines


def test_clreq_and_gb_rules_on_top_of_css():
    # GB/T 15834 §5.1.7 interpunct, §5.1.9 solidus at gb and strict; basic (CSS loose) allows them
    for ch in "·／":
        assert no_start(ch, "gb") and no_start(ch, "strict") and not no_start(ch, "basic")
    assert no_end("／", "gb") and not no_end("／", "basic")
    # a single — or ～ used as a connector (§5.1.6) at gb and strict
    assert no_start("—", "gb") and no_start("～", "strict") and not no_start("～", "basic")
    # –: CSS normal allows a break before it for Chinese (WPT hyphens-normal); strict forbids it
    assert not no_start("–", "gb") and no_start("–", "strict")
    # the two-em dash ⸺ at strict only
    assert no_start("⸺", "strict") and not no_start("⸺", "gb")
    # numbers: NU × PO holds at every level, loose included (the CSS relaxation is after ID only)
    assert prohibited("5", "％", "basic") and not prohibited("文", "％", "basic")
    assert not any(prohibited(a, b, "none") for a, b in ("文％", "（文", "5℃", "￥文"))


def test_classes_come_from_the_unicode_data():
    assert [line_break(c) for c in "％℃…々‐（“”，￥"] == ["PO", "PO", "IN", "NS", "BA", "OP", "OP", "CL", "CL", "PR"]
    assert line_break("·") == "ID"        # AI resolved for an East Asian context (UAX #14 LB1)
    assert line_break("ー") == "CJ"


def test_a_rule_the_composer_had_to_break_is_reported_as_such():
    """A run of postfix marks wider than the column must break somewhere: the warning names 避头尾."""
    log = Log()
    lines = texts(setp("文" + "％" * 14, chars=6, kinsoku="strict", log=log))
    assert len(lines) >= 3
    msgs = [w.message if hasattr(w, "message") else str(w) for w in log.warnings]
    assert any("避头尾" in m and "％" in m for m in msgs), msgs


def test_the_sample_issues_keep_every_rule_and_warn_of_none():
    from layout.boxes import TextLine
    from layout.build import build
    from conftest import ROOT
    for name in ("2026-046", "2026-047", "2026-048"):
        log = Log()
        r = build(ROOT / "issues" / name, log=log)
        msgs = [w.message if hasattr(w, "message") else str(w) for w in log.warnings]
        assert not [m for m in msgs if "避头尾" in m], (name, msgs)
        level = r.issue.house.para.kinsoku
        for page in r.pages:
            body = [it for it in page.items if isinstance(it, TextLine) and it.line.glyphs
                    and it.line.glyphs[0].size == r.issue.house.body.size]
            for cur, nxt in zip(body, body[1:]):
                if cur.line.last or nxt.line.first or cur.line.source != nxt.line.source:
                    continue
                a, b = cur.line.text[-1], nxt.line.text[0]
                if re.search(r"(?:[a-z]+://|www\.)[\x21-\x7e]*$", cur.line.text):
                    continue            # a URL breaks after / . - by its own rule
                assert not prohibited(a, b, level), (name, cur.line.text, nxt.line.text)
