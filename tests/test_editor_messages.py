"""What the editor reads: every mistake of a run at once, in Chinese (or English on request), in
the editor's terms, and a copyfit report whose figures are the layout's."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from layout.boxes import TextLine
from layout.build import build
from layout.cli import main
from layout.errors import BanmianError
from layout.makeup.copyfit import fit_issue

from test_i18n import latin_words

MANIFEST = """house: nanming-v1
number: 1
date: 2026-01-02
pages:
  - section: 要闻
    blocks:
      - article: a.md
        col: 1
        spam: 2
        span: 2
        line: 1
        lines: auto
      - article: b.md
        col: 3
        span: 3
        line: 1
        lines: auto
"""
ARTICLE = """---
title: {title}
{extra}
---
本报讯　日前，开发区召开招商项目落地推进会，听取各部门项目推进情况汇报。

会议要求，各部门要强化服务意识，提高破解难题能力，推动项目早落地、早投产。
"""


def three_mistakes(issue_factory):
    return issue_factory(MANIFEST, {"a.md": ARTICLE.format(title="开发区召开推进会", extra="kicer: 引题"),
                                    "b.md": ARTICLE.format(title="园区简讯", extra="subtitel: 副题")})


def run(d, capsys, *extra):
    out = d.parent.with_name(d.parent.name + "-out") / "out.pdf"     # not inside the issues' folder
    code = main(["build", str(d), "-o", str(out), "--no-check", *extra])
    cap = capsys.readouterr()
    return code, cap.err, out


def test_three_mistakes_in_one_run_in_chinese(issue_factory, capsys):
    d = three_mistakes(issue_factory)
    code, err, out = run(d, capsys, "--lang", "zh")
    assert code == 1 and not out.exists()
    lines = err.splitlines()
    errors = [l for l in lines if l.startswith("banmian：错误：")]
    # sorted by file and line: a.md, b.md, issue.yaml; each with file:line:column
    assert [re.search(r"(\w+\.\w+):(\d+):(\d+)", l).group(1, 2, 3) for l in errors] == \
        [("a.md", "3", "1"), ("b.md", "3", "1"), ("issue.yaml", "9", "9")], err
    assert "未知的键“kicer”" in errors[0] and "未知的键“subtitel”" in errors[1] and "未知的键“spam”" in errors[2]
    assert "  提示：是不是“kicker”？" in lines and "  提示：是不是“subtitle”？" in lines and "  提示：是不是“span”？" in lines
    assert lines[-1] == "3 个错误"
    for line in lines:          # nothing in English but what the editor typed (file names, keys)
        assert not latin_words(re.sub(r"\S+\.(md|yaml)\S*|“[a-z_]+”", " ", line)), line


def test_three_mistakes_in_one_run_in_english(issue_factory, capsys):
    d = three_mistakes(issue_factory)
    code, err, out = run(d, capsys, "--lang", "en")
    assert code == 1 and not out.exists()
    lines = err.splitlines()
    assert [l.split("2026-001/")[1] for l in lines if l.startswith("banmian: error:")] == [
        "a.md:3:1: unknown key 'kicer'", "b.md:3:1: unknown key 'subtitel'", "issue.yaml:9:9: unknown key 'spam'"]
    assert "  hint: did you mean 'kicker'?" in lines and "  hint: did you mean 'subtitle'?" in lines
    assert "  hint: did you mean 'span'?" in lines
    assert lines[-1] == "3 errors"


def test_chinese_is_the_default(issue_factory, capsys, monkeypatch):
    monkeypatch.delenv("BANMIAN_LANG")
    code, err, _ = run(three_mistakes(issue_factory), capsys)
    assert code == 1 and err.splitlines()[-1] == "3 个错误"
    monkeypatch.setenv("BANMIAN_LANG", "en")
    assert run(three_mistakes(issue_factory), capsys)[1].splitlines()[-1] == "3 errors"


def test_errors_of_layout_come_together_too(issue_factory):
    """Three articles overset on two pages: three errors from one build, each with its figures."""
    long = ARTICLE.format(title="长文", extra="") + "\n".join(["\n开发区召开招商项目落地推进会，听取各部门项目推进情况汇报，"
                                                            "要求推动项目早落地、早投产、早见效。"] * 12)
    m = MANIFEST.replace("        spam: 2\n", "").replace("lines: auto", "lines: 8")
    m += "  - section: 经济\n    blocks:\n      - {article: c.md, col: 1, span: 2, line: 1, lines: 6}\n"
    d = issue_factory(m, {"a.md": long, "b.md": long, "c.md": long})
    with pytest.raises(BanmianError) as e:
        build(d)
    msgs = [str(x) for x in e.value.errors]
    assert len(msgs) == 3, msgs
    assert [m.split(": ")[1].split(":")[0] for m in msgs] == [
        "page 1 · columns 1–2 · lines 1–8", "page 1 · columns 3–5 · lines 1–8", "page 2 · columns 1–2 · lines 1–6"]
    assert all("is too long" in x and "needs lines: " in x for x in msgs)


@pytest.mark.parametrize("line, expect_zh, expect_en", [
    ("        caption：11 月 24 日", "`caption` 后面是全角冒号“：”", "full-width colon '：' after `caption`"),
    ("\tcol: 1", "缩进里有制表符（Tab）", "a tab in the indentation"),
    ("\u3000\u3000col: 1", "缩进里有全角空格", "a full-width space (U+3000"),
    ("        credit:\u3000本报记者", "`credit:` 后面是全角空格", "full-width space (U+3000) after `credit:`"),
])
def test_what_a_chinese_input_method_types_is_named(issue_factory, capsys, line, expect_zh, expect_en):
    m = MANIFEST.replace("        spam: 2\n", line + "\n")
    d = issue_factory(m, {"a.md": ARTICLE.format(title="甲", extra=""), "b.md": ARTICLE.format(title="乙", extra="")})
    code, err, _ = run(d, capsys, "--lang", "zh")
    assert code == 1 and "issue.yaml:9:" in err and expect_zh in err, err
    code, err, _ = run(d, capsys, "--lang", "en")
    assert expect_en in err, err


def test_an_auto_block_running_into_the_one_below_names_the_article_and_what_to_cut(issue_factory, capsys):
    long = ARTICLE.format(title="长文", extra="") + "\n开发区召开招商项目落地推进会。" * 30
    m = MANIFEST.replace("        spam: 2\n", "").replace("col: 3\n        span: 3\n        line: 1",
                                                          "col: 1\n        span: 2\n        line: 20")
    d = issue_factory(m, {"a.md": long, "b.md": ARTICLE.format(title="园区简讯", extra="")})
    code, err, _ = run(d, capsys, "--lang", "zh")
    assert code == 1
    assert "第 1 版 · 第 1–2 栏 · 第 20–" in err and "文章 a.md（长文）（lines: auto）超长，压到下面的文章 b.md（园区简讯）" in err
    cut = int(re.search(r"从 a\.md 删去约 (\d+) 字", err).group(1))
    assert cut > 0


def test_overset_message_gives_the_lines_value_that_fits(issue_factory):
    """"需要 lines: N（现为 M）": N is the least height at which the text fits, so N works and N-1 does not."""
    long = ARTICLE.format(title="长文", extra="") + "\n开发区召开招商项目落地推进会，听取各部门项目推进情况汇报。" * 14
    m = MANIFEST.replace("        spam: 2\n", "").replace("lines: auto", "lines: 10", 1)
    d = issue_factory(m, {"a.md": long, "b.md": ARTICLE.format(title="乙", extra="")})
    with pytest.raises(BanmianError) as e:
        build(d)
    err = e.value.errors[0]
    needed = int(re.search(r"needs lines: (\d+) \(now 10\)", err.hint).group(1))
    chars = int(re.search(r"about (\d+) characters over", err.message).group(1))
    assert needed > 10 and chars > 0
    # the characters reported over are the ones the draft layout leaves out
    draft = build(d, draft=True)
    set_chars = sum(len(tl.line.text) for tl in draft.pages[0].items if isinstance(tl, TextLine))
    assert chars == next(f for f in draft.fits if f.file == "a.md").over_chars
    d2 = issue_factory(m.replace("lines: 10", f"lines: {needed}"), {"a.md": long, "b.md": ARTICLE.format(
        title="乙", extra="")}, name="2026-002")
    build(d2)                                                  # fits
    d3 = issue_factory(m.replace("lines: 10", f"lines: {needed - 1}"), {"a.md": long, "b.md": ARTICLE.format(
        title="乙", extra="")}, name="2026-003")
    with pytest.raises(BanmianError):
        build(d3)                                              # one line less does not
    assert set_chars > 0


SAMPLES = sorted(p.parent for p in (Path(__file__).parent.parent / "issues").glob("*/issue.yaml"))


@pytest.mark.parametrize("issue_dir", SAMPLES, ids=lambda p: p.name)
def test_fit_names_every_article_of_the_samples_with_the_layouts_figures(issue_dir, capsys):
    from layout.errors import Log
    from layout.source.model import ArticleBlock
    fits = fit_issue(issue_dir, Log())
    result = build(issue_dir, draft=True)
    blocks = [(p.number, b.article.file) for p in result.issue.pages for b in p.blocks if isinstance(b, ArticleBlock)]
    assert [(f.page, f.file) for f in fits] == blocks
    for f in fits:
        # what the block set plus what went on (or over) is the article's text there
        assert f.text_lines > 0 and f.room > 0 and f.chars > 0
        if f.lines is not None and not f.jump_page:
            assert f.needed is not None                       # banmian fit works out lines: for each
    code = main(["fit", str(issue_dir), "--lang", "zh"])
    out = capsys.readouterr().out
    assert code == 0
    for page, file in blocks:
        assert re.search(rf"第 {page} 版 · 第 [\d–]+ 栏 · 第 [\d–]+ 行  {re.escape(file)}（.*?）：\d+ 字，排出 \d+ 行，可容 \d+ 行", out), file
    assert "合计" in out


def test_fit_reports_the_overset_characters_that_did_not_fit(issue_factory, capsys):
    long = ARTICLE.format(title="长文", extra="") + "\n开发区召开招商项目落地推进会，听取各部门项目推进情况汇报。" * 14
    m = MANIFEST.replace("        spam: 2\n", "").replace("lines: auto", "lines: 10", 1)
    d = issue_factory(m, {"a.md": long, "b.md": ARTICLE.format(title="乙", extra="")})
    code = main(["fit", str(d), "--lang", "zh"])
    out = capsys.readouterr().out
    assert code == 0
    over = int(re.search(r"a\.md（长文）：.*超出 (\d+) 字：删去，或改为 lines: (\d+)（现为 10）", out).group(1))
    # the layout's own account: the body text the draft sets in the block, plus `over`, is the whole body
    draft = build(d, draft=True)
    f = next(x for x in draft.fits if x.file == "a.md")
    assert over == f.over_chars
    from layout.source.markdown import load_article
    art = load_article(d / "a.md", "a.md")
    body = "".join(s.text for p in art.paras for s in p.spans)
    grid_right = build(d, draft=True).pages[0].blocks[1]      # block b starts at column 3
    paper = draft.issue.house.paper_name
    set_text = "".join(tl.line.text for tl in draft.pages[0].items if isinstance(tl, TextLine)
                       and tl.line.text != "长文" and not tl.line.text.startswith(paper)
                       and tl.x < _column_x(draft, grid_right[1]) and tl.y < _foot_y(draft, 10))
    # what the page shows of a.md plus what is reported over is all that was set for it
    assert len(set_text) + over == f.chars, (len(set_text), over, f.chars)
    assert abs(f.chars - len(body)) <= 2 and set_text.startswith("本报讯")


def _foot_y(result, lines):
    """The baseline y under grid line `lines` (y grows down the page): block a's text lies above it."""
    from layout.makeup.grid import Grid
    g = Grid(result.issue.house)
    return g.baseline(lines + 1)


def _column_x(result, col):
    from layout.makeup.grid import Grid
    return Grid(result.issue.house).x(col)


def test_preflight_line_counts_every_warning_and_plurals(issue_factory, capsys):
    """Under the build's warnings the summary counts them all; one page is '1 page'."""
    m = MANIFEST.replace("        spam: 2\n", "").replace("lines: auto", "lines: 30", 1)
    d = issue_factory(m, {"a.md": ARTICLE.format(title="甲", extra=""), "b.md": ARTICLE.format(title="乙", extra="")})
    out = d.parent.with_name(d.parent.name + "-out") / "x.pdf"
    code = main(["build", str(d), "-o", str(out), "--lang", "en"])
    cap = capsys.readouterr()
    assert code == 0, cap.err
    warned = [l for l in cap.err.splitlines() if l.startswith("warning:")]
    assert warned and "short of its block" in warned[0]
    assert "(1 page;" in cap.out
    assert cap.out.splitlines()[-2] == "preflight: passed"
    assert cap.out.splitlines()[-1] == (f"{len(warned)} warning" + ("s" if len(warned) != 1 else ""))


def _bad_inputs():
    """The bad inputs of test_manifest.py (one mistake each), reused here to read them in Chinese."""
    import test_manifest
    mark = next(m for m in test_manifest.test_bad_input_one_message_no_pdf.pytestmark if m.name == "parametrize")
    return mark.args[1]


# names the editor types or reads in the house style and fonts.yaml: they stay as typed
TYPED = set("song hei kai fangsong light regular bold heavy body lead kicker title title_minor subtitle byline "
            "dateline lead_label crosshead pullquote caption credit jump runninghead masthead masthead_info "
            "figure_title figure_value figure_label figure_text table table_head house".split())


@pytest.mark.parametrize("case", range(len(_bad_inputs())))
def test_every_bad_input_reads_in_chinese_without_english(issue_factory, capsys, case):
    manifest, articles, _ = _bad_inputs()[case]
    d = issue_factory(manifest, articles)
    code, err, out = run(d, capsys, "--lang", "zh")
    assert code == 1 and not out.exists() and any(l.startswith("banmian：错误：") for l in err.splitlines()), err
    for line in err.splitlines():
        text = re.sub(r"\S*[/\\][^\s，；）]*|“[^”]*”|（U\+[0-9A-F]+）|\b[a-z_]+：", " ", line)   # paths, what the editor typed, keys
        assert not [w for w in latin_words(text) if w not in TYPED], line
