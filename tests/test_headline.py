"""Headlines on the page: centred exactly, broken between words, balanced, sized by rank and span."""
from __future__ import annotations

import pytest

from layout.boxes import TextLine
from layout.build import build
from layout.errors import BanmianError
from layout.makeup.grid import Grid
from layout.makeup.headline import GAP, normalise
from layout.makeup.words import Segmenter

from test_makeup import article, manifest, one_article

BAD_SPLITS = ("一条产 / 业", "产业 / 链", "经开 / 区", "链长 / 制", "四季 / 度", "招商 / 推介")


def _title_lines(r, size_min: float = 15.0) -> list[TextLine]:
    return [it for it in r.pages[0].items if isinstance(it, TextLine) and it.line.glyphs
            and it.line.glyphs[0].size >= size_min and "记者" not in it.line.text]


def _centre_offsets(lines: list[TextLine], x0: float, width: float) -> list[float]:
    out = []
    for tl in lines:
        left = tl.x + tl.line.glyphs[0].x
        right = tl.x + tl.line.end
        out.append((left + right) / 2 - (x0 + width / 2))
    return out


def _build(issue_factory, title: str, span: int, blocks: str | None = None, name: str = "2026-001",
           house_extra: str = ""):
    d = issue_factory(manifest(blocks or one_article(span)), {"a.md": article(2, title),
                                                            "b.md": article(2, "开发区召开项目推进会")},
                      name=name)
    r = build(d)
    return r, Grid(r.issue.house)


def _joined(lines: list[TextLine]) -> str:
    return " / ".join(tl.line.text for tl in lines)


def test_the_chain_headline_in_one_column_breaks_between_words_centred(issue_factory):
    r, g = _build(issue_factory, "一条产业链上的“链长制”实验", 1)
    lines = _title_lines(r)
    text = _joined(lines)
    assert "".join(tl.line.text for tl in lines) == "一条产业链上的“链长制”实验"
    assert len(lines) >= 2
    for bad in BAD_SPLITS:
        assert bad not in text, text
    # no line of one or two characters at the end (punctuation does not count)
    assert len([c for c in lines[-1].line.text if c not in "“”"]) >= 3, text
    # every line inside the column and centred on it to 0.01 pt
    for off in _centre_offsets(lines, g.x(1), g.width(1)):
        assert abs(off) <= 0.01
    for tl in lines:
        assert tl.x + tl.line.glyphs[0].x >= g.x(1) - 0.01 and tl.x + tl.line.end <= g.x(1) + g.width(1) + 0.01
    # the 头条 of a one-column story is not set at the 小初 of a wide 头条
    assert {tl.line.glyphs[0].size for tl in lines} == {r.issue.house.title_size("title", 1)} != {36.0}


def test_a_single_space_is_the_first_break_and_an_em_on_one_line(issue_factory):
    assert normalise("鼓足干劲冲刺四季度 全力以赴") == f"鼓足干劲冲刺四季度{GAP}全力以赴"
    assert normalise("南明经开区 5G 全覆盖") == "南明经开区 5G 全覆盖"      # the Han–Latin space stays one
    assert normalise("甲乙  丙丁") == f"甲乙{GAP}丙丁"
    r, g = _build(issue_factory, "冲刺四季度 夺取全年红", 2)
    lines = _title_lines(r)
    assert [tl.line.text for tl in lines] == ["冲刺四季度夺取全年红"]       # fits: one line
    gl = lines[0].line.glyphs
    gap = gl[5].x - (gl[4].x + gl[4].advance)
    assert gap == pytest.approx(gl[0].size * gl[0].hscale, abs=0.01)   # the pause is an em (of the 长字 set)
    # too long for one line: it breaks at the editor's space, not between other words
    r, g = _build(issue_factory, "南明经开区召开经济推进会 全力冲刺全年目标", 2, name="2026-002")
    lines = _title_lines(r)
    texts = [tl.line.text for tl in lines]
    # each part on its own line, the longer one condensed (长字, not below the house minimum)
    assert texts == ["南明经开区召开经济推进会", "全力冲刺全年目标"], texts
    assert r.issue.house.condense_min <= lines[0].line.glyphs[0].hscale < 1
    # (inside the block with a character of air at each side: HEAD_AIR)
    assert lines[0].line.end <= g.width(2) - 2 * g.body_size + 0.01
    for off in _centre_offsets(lines, g.x(1), g.width(2)):
        assert abs(off) <= 0.01


def test_a_long_lead_headline_over_three_columns_is_balanced(issue_factory):
    title = "南明经开区开展岁末年初安全生产大检查全面排查整治各类隐患"
    r, g = _build(issue_factory, title, 3)
    lines = _title_lines(r)
    assert "".join(tl.line.text for tl in lines) == title
    assert len(lines) >= 2 and {tl.line.glyphs[0].size for tl in lines} == {36.0}
    text = _joined(lines)
    for bad in ("安全生 / 产", "安 / 全", "检 / 查", "隐 / 患", "排 / 查", "岁末 / 年初"):
        assert bad not in text, text
    lengths = [len(tl.line.text) for tl in lines]
    assert max(lengths) - min(lengths) <= 3, text                       # balanced
    assert min(lengths) >= 3
    for off in _centre_offsets(lines, g.x(1), g.width(3)):
        assert abs(off) <= 0.01


def test_a_two_column_minor_title_gets_the_minor_size_and_breaks_between_words(issue_factory):
    blocks = ("  - section: 要闻\n    blocks:\n"
              "      - {article: b.md, col: 1, span: 3, line: 1, lines: auto}\n"
              "      - {article: a.md, col: 4, span: 2, line: 1, lines: auto}\n")
    r, g = _build(issue_factory, "德国中小企业代表团考察南明经开区并签约三个项目", 2, blocks=blocks)
    lines = [tl for tl in _title_lines(r) if tl.x >= g.x(4) - 0.01]
    assert "".join(tl.line.text for tl in lines) == "德国中小企业代表团考察南明经开区并签约三个项目"
    assert {tl.line.glyphs[0].size for tl in lines} == {r.issue.house.title_size("title_minor", 2)}
    text = _joined(lines)
    for bad in ("中小 / 企业", "代表 / 团", "经开 / 区", "签 / 约", "项 / 目"):
        assert bad not in text, text
    assert len(lines[-1].line.text) >= 3
    for off in _centre_offsets(lines, g.x(4), g.width(2)):
        assert abs(off) <= 0.01


def test_title_size_overrides_the_house_table(issue_factory):
    blocks = ("  - section: 要闻\n    blocks:\n"
              "      - {article: a.md, col: 1, span: 2, line: 1, lines: auto, title_size: 小初}\n")
    r, g = _build(issue_factory, "开发区召开推进会", 2, blocks=blocks)
    assert {tl.line.glyphs[0].size for tl in _title_lines(r)} == {36.0}


def test_house_table_by_rank_and_span():
    from layout.source.style import load_house
    from conftest import HOUSE
    h = load_house(HOUSE / "nanming-v1.yaml")
    assert [h.title_size("title", s) for s in (1, 2, 3, 5)] == [22.0, 26.0, 36.0, 36.0]
    assert [h.title_size("title_minor", s) for s in (1, 2, 3, 4, 5)] == [18.0, 18.0, 18.0, 22.0, 22.0]
    for s in range(1, 6):
        assert h.title_size("title", s) >= h.title_size("title_minor", s)


def test_house_table_with_the_lead_smaller_than_a_minor_title_is_refused(tmp_path):
    from layout.source.style import load_house
    from conftest import HOUSE
    text = (HOUSE / "nanming-v1.yaml").read_text(encoding="utf-8")
    text = text.replace("title_minor: {1: 小二, 4: 二号}", "title_minor: {1: 小二, 4: 初号}")
    p = tmp_path / "h.yaml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(BanmianError) as e:
        load_house(p)
    assert "headline sizes descend with rank" in (e.value.hint or "")
    assert e.value.line is not None


def test_composed_crosshead_lines_are_centred_exactly():
    """grid.stack centres a line by its glyphs whether the composer already centred it in its
    measure or not (the double centring put headline lines up to 76 pt off centre)."""
    from layout.boxes import Glyph, Line
    from layout.makeup.grid import stack
    glyphs = tuple(Glyph("字", 40 + 10 * i, 10, "f", 10) for i in range(4))   # already offset by 40
    composed = Line(glyphs, 120)
    tl = stack([(composed, 12, "center")], 100, 120, 0, 12)[0]
    assert (tl.x + glyphs[0].x + tl.x + composed.end) / 2 == pytest.approx(160, abs=0.01)


def test_segmenter_is_lazy_and_deterministic():
    s = Segmenter()
    assert not s.loaded
    a = s.words("一条产业链上的“链长制”实验")
    assert s.loaded and "".join(a) == "一条产业链上的“链长制”实验"
    assert "产业链" in a and a == Segmenter().words("一条产业链上的“链长制”实验")


def test_a_warm_build_does_not_load_the_segmenter(issue_factory, monkeypatch):
    """A broken headline is kept in the composition cache: the next build of the issue needs no jieba."""
    calls = []
    real = Segmenter.words
    monkeypatch.setattr(Segmenter, "words", lambda self, text: calls.append(text) or real(self, text))
    d = issue_factory(manifest(one_article(1)), {"a.md": article(1, "一条产业链上的“链长制”实验")})
    build(d)
    assert calls                                  # the first build broke the headline
    calls.clear()
    r = build(d)
    assert calls == [] and "一条" in [tl.line.text for tl in _title_lines(r)][0]


def test_the_segmenter_loads_its_packaged_dictionary_quietly(tmp_path):
    """jieba's dictionary comes from the installed package (nothing fetched) and its loading
    chatter does not reach the editor's terminal; its derived cache lands in banmian's cache."""
    import os
    import subprocess
    import sys
    code = ("from layout.makeup.words import Segmenter; s = Segmenter(); w = s.words('南明经开区开展安全生产大检查'); "
            "import jieba, pathlib; assert s._tokenizer.dictionary in (None, jieba.DEFAULT_DICT) or "
            "pathlib.Path(s._tokenizer.dictionary).parent == pathlib.Path(jieba.__file__).parent; "
            "assert '经开区' in w, w")
    env = dict(os.environ, BANMIAN_CACHE=str(tmp_path))
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    assert r.stdout == "" and r.stderr == ""
    assert (tmp_path / "jieba.cache").exists()


def test_a_word_wider_than_the_headline_is_reported_at_the_article(issue_factory):
    # 中华人民共和国 is one word; at 36 pt a 1-column headline holds four characters
    blocks = ("  - section: 要闻\n    blocks:\n"
              "      - {article: a.md, col: 1, span: 1, line: 1, lines: auto, title_size: 小初}\n")
    for name in ("2026-001", "2026-002"):          # the second build takes the lines from the cache
        d = issue_factory(manifest(blocks), {"a.md": article(2, "中华人民共和国成立纪念")}, name=name)
        from layout.errors import Log
        log = Log()
        r = build(d, log=log)
        msgs = [str(w) for w in log.warnings]
        assert any("a.md" in m and "headline" in m for m in msgs), msgs
        lines = _title_lines(r)
        assert "".join(tl.line.text for tl in lines) == "中华人民共和国成立纪念"
        g = Grid(r.issue.house)
        assert all(tl.x + tl.line.glyphs[0].x >= g.x(1) - 0.01
                   and tl.x + tl.line.end <= g.x(1) + g.width(1) + 0.01 for tl in lines)


def test_a_headline_over_columns_keeps_a_character_of_air_at_each_side(issue_factory):
    """A title long enough to fill three columns is set (condensed or broken) inside the block
    less one body character at each side; a one-column title may use the whole column."""
    r, g = _build(issue_factory, "南明经开区召开四季度经济工作推进会暨冬季项目攻坚动员大会", 3)
    lines = _title_lines(r)
    assert lines
    for tl in lines:
        left, right = tl.x + tl.line.glyphs[0].x, tl.x + tl.line.end
        assert left >= g.x(1) + g.body_size - 0.01 and right <= g.x(1) + g.width(3) - g.body_size + 0.01
    for off in _centre_offsets(lines, g.x(1), g.width(3)):
        assert abs(off) <= 0.01


def test_the_segmenter_told_the_headline_characters_cuts_as_the_whole_dictionary_does():
    """Ctx.words loads only the dictionary words made of the headlines' characters (words.py): the
    words of every sample headline, and of texts beyond what it was told (it reloads), are the
    ones the whole dictionary gives."""
    from layout.build import HEADLINE_TEXTS, texts
    from layout.errors import Log
    from layout.source.manifest import load_issue
    heads = []
    from conftest import SAMPLE
    for d in sorted((SAMPLE.parent).glob("2026-*")):
        issue = load_issue(d, Log())
        heads += [t for el, t, _ in texts(issue) if el in HEADLINE_TEXTS and t]
    assert len(heads) > 20
    whole, told = Segmenter(), Segmenter()
    told.expect(c for t in heads for c in t)
    for t in heads:
        assert told.words(t) == whole.words(t), t
    assert len(told._tokenizer.FREQ) < len(whole._tokenizer.FREQ) / 5
    assert told._tokenizer.total == whole._tokenizer.total
    for t in ("南明经开区人才公寓一期交付使用", "海铁联运班列开通运行", "冬季消防应急演练暨安全培训"):
        assert told.words(t) == whole.words(t), t                     # new characters: reloaded
