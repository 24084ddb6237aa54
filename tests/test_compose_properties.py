"""Properties of the composer over random paragraphs (hypothesis).

Paragraphs are built from the things newspaper text is made of: Han characters,
punctuation clinging to them, quotes and titles, ——, ……, 间隔号 names,
numbers with units, Latin words, stray spaces, source line breaks and
ideographic spaces; columns are 8 to 30 body
characters. Whatever the text: no prohibited line start or end, no line wider
than the column, every non-final line flush, and every character out that
went in, in order (spaces excepted).
"""
from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from compose_fixtures import BODY, face, flush_problems, kinsoku_violations
from layout.compose.paragraph import ParaStyle, Run, compose
from layout.errors import Log

HAN = "天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏闰余成岁律吕调阳云腾致雨露结为霜的是了在"
han = st.sampled_from(HAN)
hans = st.text(alphabet=HAN, min_size=1, max_size=6)
after = st.sampled_from(["，", "。", "、", "；", "：", "！", "？", "”", "’", "）", "》", "。”", "！”", "）。",
                         "”，", "？！", "》、"])
before = st.sampled_from(["“", "‘", "（", "《", "〈", "“《"])
digits = st.text(alphabet="0123456789", min_size=1, max_size=5)


@st.composite
def number(draw):
    n = draw(digits)
    if draw(st.booleans()):
        n += "." + draw(digits)
    n = draw(st.sampled_from(["", "¥", "+", "−", "±"])) + n
    n += draw(st.sampled_from(["", "", "%", "‰", "℃", "—9"]))
    return n


latin = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=6)


@st.composite
def token(draw):
    kind = draw(st.integers(0, 9))
    h = draw(hans)
    if kind <= 2:
        return h
    if kind == 3:
        return h + draw(after)
    if kind == 4:
        return draw(before) + h
    if kind == 5:
        return h + draw(st.sampled_from(["——", "……"]))
    if kind == 6:
        return h + "·" + draw(hans)
    if kind == 7:
        return draw(number())
    if kind == 8:
        return draw(latin)
    if draw(st.booleans()):
        return draw(st.sampled_from([" ", "", "\n", "\u3000"])) + h
    return draw(st.sampled_from([" ", ""])) + draw(latin) + " " + draw(latin) + draw(st.sampled_from([" ", ""]))


paragraph = st.lists(token(), min_size=1, max_size=40).map("".join)


def unreported_flush_problems(lines, width, log) -> list[str]:
    """Lines that pass the column or end short of it, except a line the composer reported as
    impossible to justify (one glyph before a unit too wide for what is left)."""
    unjustifiable = [w.message.rsplit(": ", 1)[-1] for w in log.warnings if "cannot be justified" in w.message]
    return [pr for pr in flush_problems(lines, width) if not any(pr.endswith(": " + t) for t in unjustifiable)]


def unhyphenated(lines, text: str) -> str:
    """The lines' text without the hyphens the composer adds to an overlong Latin word."""
    src, out = "".join(text.split()), ""
    for ln in lines:
        t = ln.text
        if t.endswith("-") and not ln.last and src[len(out) + len(t) - 1:len(out) + len(t)] != "-":
            t = t[:-1]
        out += t
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=paragraph, chars=st.integers(8, 30), indent=st.sampled_from([0, 2]),
       punctuation=st.sampled_from(["full", "full", "kaiming", "half"]),
       role=st.sampled_from(["song", "hei", "kai"]))
def test_composed_paragraphs_keep_every_rule(text, chars, indent, punctuation, role):
    width = chars * BODY
    log = Log()
    lines = compose([Run(text, face(role), BODY)], width,
                    ParaStyle(indent=indent, punctuation=punctuation), log)
    # nothing lost, nothing added, order kept
    assert unhyphenated(lines, text) == "".join(text.split())
    # 避头尾 at the strict level (unless a unit wider than the column had to be broken,
    # which is reported)
    if not any("wider than the column" in w.message for w in log.warnings):
        assert kinsoku_violations(lines) == []
    # no line wider than the column; every non-final line flush at its edge
    assert unreported_flush_problems(lines, width, log) == []
    assert lines[-1].last and not any(ln.last for ln in lines[:-1])
    # glyphs advance left to right without overlapping boxes
    for ln in lines:
        for a, b in zip(ln.glyphs, ln.glyphs[1:]):
            assert b.x >= a.x + a.advance - 1e-6, ln.text


@settings(max_examples=60, deadline=None)
@given(text=paragraph, chars=st.integers(8, 30))
def test_composing_is_deterministic_and_cache_transparent(text, chars):
    from layout.compose.cache import CompositionCache
    cache = CompositionCache()
    runs = [Run(text, face(), BODY)]
    first = compose(runs, chars * BODY, cache=cache)
    assert compose(runs, chars * BODY, cache=cache) == first
    assert compose(runs, chars * BODY, cache=CompositionCache()) == first


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=paragraph, chars=st.integers(8, 30), looseness=st.sampled_from([1, -1]))
@example(text="为为为为为为为为为为为为，为为为为，为为为为，为——", chars=27, looseness=1)   # found by hypothesis
def test_a_paragraph_a_line_looser_or_tighter_keeps_every_rule(text, chars, looseness):
    """拉行/缩行: asked for a line more or less, the composer gives exactly that or the best
    setting unchanged; either way every rule holds and nothing is lost."""
    width = chars * BODY
    log = Log()
    base = compose([Run(text, face(), BODY)], width, ParaStyle(indent=2), Log())
    lines = compose([Run(text, face(), BODY)], width, ParaStyle(indent=2, looseness=looseness), log)
    assert len(lines) in (len(base), len(base) + looseness)
    if len(lines) == len(base):
        assert [ln.text for ln in lines] == [ln.text for ln in base]
    assert unhyphenated(lines, text) == "".join(text.split())
    if not any("wider than the column" in w.message for w in log.warnings):
        assert kinsoku_violations(lines) == []
    assert unreported_flush_problems(lines, width, log) == []
    if len(lines) != len(base) and len(lines) > 1:
        # a changed setting never leaves a 孤字 on its last line
        last = lines[-1].text
        assert sum(1 for ch in last if ch not in "，。、；：！？”’）》…—·") > 1, last
