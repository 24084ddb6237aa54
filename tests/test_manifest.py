"""Bad input gets one clear message with file and line, exit 1, and no PDF."""
from __future__ import annotations

import pytest

from layout.cli import main

from conftest import ONE_ARTICLE

ARTICLE = """
---
title: 开发区召开招商项目推进会
byline: 本报记者 陈思远
---
本报讯　日前，开发区召开招商项目落地推进会，听取各部门项目推进情况汇报。

会议要求，各部门要强化服务意识，提高破解难题能力，推动项目早落地、早投产。
"""

GOOD = ONE_ARTICLE      # line numbers below count in this manifest (conftest.py)


def run(issue_dir, capsys):
    out = issue_dir.parent.with_name(issue_dir.parent.name + "-build") / "out.pdf"   # not inside issues/
    code = main(["build", str(issue_dir), "-o", str(out), "--no-check"])
    err = capsys.readouterr().err
    return code, err, out


def test_good_issue_builds(issue_factory, capsys):
    d = issue_factory(GOOD, {"a.md": ARTICLE})
    code, err, out = run(d, capsys)
    assert code == 0, err
    assert out.exists()


@pytest.mark.parametrize("manifest, articles, expect", [
    # YAML syntax error: a tab-less but unbalanced flow mapping
    (GOOD.replace("col: 1", "col: {1"), {"a.md": ARTICLE}, ["issue.yaml:9:", "YAML syntax error"]),
    # misspelt key, with a did-you-mean
    (GOOD.replace("span: 2", "spam: 2"), {"a.md": ARTICLE}, ["issue.yaml:9:", "unknown key 'spam'", "did you mean 'span'"]),
    # article file that does not exist
    (GOOD.replace("a.md", "b.md"), {"a.md": ARTICLE}, ["issue.yaml:7:", "file 'b.md' does not exist", "did you mean 'a.md'"]),
    # a path outside the issue folder
    (GOOD.replace("a.md", "../a.md"), {"a.md": ARTICLE}, ["issue.yaml:7:", "outside the issue folder"]),
    # a span wider than the page
    (GOOD.replace("span: 2", "span: 7"), {"a.md": ARTICLE}, ["issue.yaml:9:", "span: 7, but page 1 has 5 columns"]),
    # a character no configured font has (CJK Extension B, no fallback configured)
    (GOOD, {"a.md": ARTICLE.replace("日前", "日前𠀀")}, ["a.md:5", "'𠀀' (U+20000)", "NotoSerifCJKsc-Regular"]),
    # unknown house style
    (GOOD.replace("nanming-v1", "nanming-v9"), {"a.md": ARTICLE}, ["issue.yaml:1:", "house style 'nanming-v9' not found", "nanming-v1"]),
    # a date that is not one
    (GOOD.replace("2026-01-02", "2026-13-02"), {"a.md": ARTICLE}, ["issue.yaml:3:", "2026-13-02"]),
    # unclosed bold
    (GOOD, {"a.md": ARTICLE.replace("各部门要", "各部门**要")}, ["a.md:7", "never closed"]),
    # an article without front matter title
    (GOOD, {"a.md": "正文。\n"}, ["a.md:1", "no title"]),
    # an empty manifest
    ("\n", {"a.md": ARTICLE}, ["issue.yaml:1:1", "missing required key 'house'"]),
    # a height of no lines
    (GOOD.replace("lines: auto", "lines: 0"), {"a.md": ARTICLE}, ["issue.yaml:11:", "lines: 0 is too small (at least 1)"]),
    # a table row with a cell too many, and a table without its separator row
    (GOOD, {"a.md": ARTICLE + "\n| 指标 | 数值 |\n|---|---:|\n| 地区生产总值 | 53.67 | 8.6% |\n"},
     ["a.md:11", "this table row has 3 cells, the header has 2", "same number of | cells"]),
    (GOOD, {"a.md": ARTICLE + "\n| 指标 | 数值 |\n| 地区生产总值 | 53.67 |\n"},
     ["a.md:10", "second line must be its separator row", "|---|---:|"]),
    # a photo that is not an image
    (GOOD.replace("article: a.md", "photo: bad.jpg").replace("lines: auto", "lines: 10"),
     {"a.md": ARTICLE, "bad.jpg": "not an image"}, ["issue.yaml:7", "cannot read photo", "bad.jpg"]),
])
def test_bad_input_one_message_no_pdf(issue_factory, capsys, manifest, articles, expect):
    d = issue_factory(manifest, articles)
    code, err, out = run(d, capsys)
    assert code == 1
    assert not out.exists()
    assert "Traceback" not in err
    assert err.count("banmian: error:") == 1
    for e in expect:
        assert e in err, (e, err)


def test_overlapping_blocks_named(issue_factory, capsys):
    m = GOOD + """      - article: c.md
        col: 2
        span: 2
        line: 3
        lines: 5
"""
    m = m.replace("lines: auto", "lines: 10")
    d = issue_factory(m, {"a.md": ARTICLE, "c.md": ARTICLE})
    code, err, out = run(d, capsys)
    assert code == 1 and not out.exists()
    assert "issue.yaml:12: article c.md (开发区召开招商项目推进会) overlaps article a.md (开发区召开招商项目推进会) at page 1 · column 2 · lines 3–7" in err


def test_jump_to_missing_block(issue_factory, capsys):
    m = GOOD.replace("lines: auto", "lines: 10\n        jump: a-cont")
    d = issue_factory(m, {"a.md": ARTICLE})
    code, err, _ = run(d, capsys)
    assert code == 1
    assert "jumps to block 'a-cont', which does not exist" in err


def test_units_and_sizes():
    from layout.source.units import MM, parse_length, parse_size
    assert parse_size("小五") == 9
    assert parse_size("五号") == 10.5
    assert parse_size("初号") == 42
    assert parse_length("3mm") == pytest.approx(3 * MM)
    assert parse_length("2字", em=9) == 18
    assert parse_length("3行", line=13.5) == 40.5


def test_an_article_on_no_page_is_reported(issue_factory, capsys):
    d = issue_factory(GOOD, {"a.md": ARTICLE, "spare.md": ARTICLE})
    code, err, out = run(d, capsys)
    assert code == 0 and out.exists()
    assert "article 'spare.md' is in the issue folder but on no page" in err
