"""Copy in: `banmian import` (.docx made here with python-docx, .txt, standard input) and the
punctuation tidy (`banmian tidy`, the build's warning)."""
from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ONE_ARTICLE

HAN = r"[\u3400-\u9fff]"
ASCII_BESIDE_HAN = re.compile(rf"{HAN}[,:;()?!\"']|[,:;()?!\"']{HAN}")


def make_docx(path: Path, image: bool = True) -> Path:
    """A reporter's Word file: a heading, a byline line, a typed indent, ASCII commas, straight
    quotes, parentheses, a bold run, a cross-head, a table and a picture."""
    import docx
    from PIL import Image
    d = docx.Document()
    d.add_heading("南明经开区召开四季度经济工作推进会", level=1)
    d.add_paragraph("本报记者 陈思远 通讯员 林晓")
    p = d.add_paragraph("\u3000\u3000本报讯 11月24日,经开区召开四季度经济工作推进会(扩大会议),会议要求,")
    p.add_run("对标全年目标找差距").bold = True
    p.add_run(',确保"全年红".')
    d.add_heading("抓项目 促投资", level=2)
    d.add_paragraph('区发改局负责人说:"今年新开工项目42个,总投资1,000万元以上的有12个,增长3.14%."'
                    "详见 https://www.nanming.gov.cn/news?id=1,2 。")
    t = d.add_table(rows=2, cols=2)
    for (r, c), text in {(0, 0): "指标", (0, 1): "增速", (1, 0): "固定资产投资", (1, 1): "11.2%"}.items():
        t.cell(r, c).text = text
    if image:
        buf = io.BytesIO()
        Image.new("RGB", (60, 40), (200, 30, 30)).save(buf, "PNG")
        buf.seek(0)
        d.add_picture(buf)
    d.save(str(path))
    return path


def front_and_body(text: str) -> tuple[dict, str]:
    import yaml
    assert text.startswith("---\n")
    head, body = text[4:].split("\n---\n", 1)
    return yaml.safe_load(head), body


def test_docx_imports_to_an_article_with_front_matter_bold_and_full_width_marks(tmp_path):
    from layout.source.importers import import_copy
    from layout.source.markdown import load_article
    src = make_docx(tmp_path / "gao.docx")
    issue = tmp_path / "2026-001"
    issue.mkdir()
    result = import_copy(str(src), to=str(issue))
    assert result.path == issue / "gao.md"
    text = result.path.read_text(encoding="utf-8")
    front, body = front_and_body(text)
    assert front == {"title": "南明经开区召开四季度经济工作推进会",
                     "byline": "本报记者 陈思远  通讯员 林晓", "dateline": "本报讯"}
    assert "**对标全年目标找差距**" in body
    assert "## 抓项目 促投资" in body
    assert not ASCII_BESIDE_HAN.findall(body), ASCII_BESIDE_HAN.findall(body)
    assert "11月24日，经开区召开四季度经济工作推进会（扩大会议），会议要求，**对标全年目标找差距**，确保“全年红”。" in body
    assert "说：“今年新开工项目42个，总投资1,000万元以上的有12个，增长3.14%。”" in body   # numbers kept
    assert "https://www.nanming.gov.cn/news?id=1,2" in body                             # the URL kept
    assert "\u3000" not in body and "本报讯" not in body
    assert "| 指标 | 增速 |" in body
    assert [p.name for p in result.images] == ["gao-1.png"]
    from PIL import Image
    assert Image.open(result.images[0]).size == (60, 40)
    assert any(n.startswith("title: 南明经开区") for n in result.notes)
    assert any(n.startswith("byline: 本报记者 陈思远") for n in result.notes)
    # the article reads back as the build reads it: bold spans, a cross-head, a table
    art = load_article(result.path, "gao.md")
    assert art.byline == "本报记者 陈思远  通讯员 林晓"
    assert [p.kind for p in art.paras] == ["para", "crosshead", "para", "table"]
    assert [s.text for s in art.paras[0].spans if s.style == "bold"] == ["对标全年目标找差距"]


def test_imported_article_builds(tmp_path, issue_factory):
    from layout.build import build
    from layout.source.importers import import_copy
    issue = issue_factory(ONE_ARTICLE, {})
    result = import_copy(str(make_docx(tmp_path / "gao.docx", image=False)), out="a.md", to=str(issue))
    assert result.path == issue / "a.md"
    r = build(issue, tmp_path / "out.pdf")
    from pypdf import PdfReader
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "out.pdf").pages)
    assert "对标全年目标找差距" in text.replace("\n", "")
    assert not [w for w in r.log.warnings if "ASCII punctuation" in w.message]


def test_import_refuses_to_overwrite(tmp_path):
    from layout.errors import BanmianError
    from layout.source.importers import import_copy
    src = make_docx(tmp_path / "gao.docx", image=False)
    (tmp_path / "gao.md").write_text("mine", encoding="utf-8")
    with pytest.raises(BanmianError) as e:
        import_copy(str(src))
    assert "already exists" in e.value.message and "-o" in e.value.hint
    assert (tmp_path / "gao.md").read_text(encoding="utf-8") == "mine"


WECHAT = ("南明区举办首届“开放日”活动\n"
          "（本报通讯员 林晓）\n"
          "\u3000\u3000本报讯 昨天,南明区举办首届\"开放日\"活动,市民可以免费参观(需预约)...\n"
          "\n"
          "一、活动安排\n"
          "\u3000\u3000活动持续三天,每天9:00开放.\n")


def test_txt_one_paragraph_per_line_and_typed_indents_removed(tmp_path):
    from layout.source.importers import import_copy
    src = tmp_path / "wx.txt"
    src.write_text(WECHAT, encoding="utf-8")
    result = import_copy(str(src))
    front, body = front_and_body(result.path.read_text(encoding="utf-8"))
    assert front == {"title": "南明区举办首届“开放日”活动", "byline": "本报通讯员 林晓", "dateline": "本报讯"}
    assert body.strip().split("\n\n") == [
        "昨天，南明区举办首届“开放日”活动，市民可以免费参观（需预约）……",
        "## 一、活动安排",
        "活动持续三天，每天9:00开放。"]


def test_pasted_text_from_standard_input_gb18030(tmp_path):
    """`banmian import -`: the article on standard output, what was guessed on standard error;
    text from older Chinese Windows (GB 18030) is read too."""
    r = subprocess.run([sys.executable, "-m", "layout.cli", "import", "-"], input=WECHAT.encode("gb18030"),
                       capture_output=True, cwd=tmp_path)
    assert r.returncode == 0, r.stderr.decode()
    out, err = r.stdout.decode("utf-8"), r.stderr.decode("utf-8")
    assert out.startswith("---\ntitle: 南明区举办首届“开放日”活动\n")
    assert "byline: 本报通讯员 林晓" in err and "dateline: 本报讯" in err


def test_import_bad_files_are_one_message(tmp_path):
    from layout.errors import BanmianError
    from layout.source.importers import import_copy
    bad = tmp_path / "x.docx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(BanmianError) as e:
        import_copy(str(bad))
    assert e.value.file == str(bad) and ".docx" in e.value.hint
    old = tmp_path / "x.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(BanmianError) as e:
        import_copy(str(old))
    assert "save it as .docx" in e.value.hint


# -- tidy -------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed, tidied", [
    ('他说,"今天是个好日子."然后(笑)走了!真的吗?!', "他说，“今天是个好日子。”然后（笑）走了！真的吗？！"),
    ("他说\"我听到'快走'的喊声\"。", "他说“我听到‘快走’的喊声”。"),
    ("所谓\"AI\"技术, 包括...对此--他说", "所谓“AI”技术，包括……对此——他说"),
    ("好的。。。就这样—对", "好的……就这样——对"),
    ("２０２６年ＧＤＰ增长", "2026年GDP增长"),
    ("时间:10:30,人数1,000人,增长3.14%", "时间：10:30，人数1,000人，增长3.14%"),
    ("详见https://a.cn/x?a=1,b=2(图)", "详见https://a.cn/x?a=1,b=2（图）"),
    ("邮箱 news@example.com;电话:12345", "邮箱 news@example.com；电话：12345"),
    ("孵化—加速—产业化", "孵化—加速—产业化"),                           # the connector stays
])
def test_tidy_rules(typed, tidied):
    from layout.source.tidy import tidy_text
    assert tidy_text(typed)[0] == tidied


@pytest.mark.parametrize("latin", [
    'He said: "yes, and (maybe) no!" It\'s fine. Mr. Li.',
    "Version 3.14, build 1,000 (2026).",
    "see http://x.cn/a,b;c",
])
def test_tidy_leaves_latin_alone(latin):
    from layout.source.tidy import tidy_text
    assert tidy_text(latin) == (latin, [])


def test_tidy_command_shows_a_diff_and_writes_only_with_write(tmp_path):
    art = tmp_path / "a.md"
    typed = '---\ntitle: "会议:召开"\nbyline: 本报记者 陈思远\n---\n\n会议指出,要(全力)冲刺.\n\n| 项目 | 说明 |\n|---|---|\n| 甲 | 增长,较快 |\n'
    art.write_text(typed, encoding="utf-8")
    cmd = [sys.executable, "-m", "layout.cli", "tidy", str(art)]
    r = subprocess.run(cmd, capture_output=True, text=True)
    assert r.returncode == 1 and "-会议指出,要(全力)冲刺." in r.stdout and "+会议指出，要（全力）冲刺。" in r.stdout
    assert art.read_text(encoding="utf-8") == typed                          # a diff only
    r = subprocess.run(cmd + ["--write"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert art.read_text(encoding="utf-8") == ('---\ntitle: "会议：召开"\nbyline: 本报记者 陈思远\n---\n\n'
                                               "会议指出，要（全力）冲刺。\n\n| 项目 | 说明 |\n|---|---|\n| 甲 | 增长，较快 |\n")
    r = subprocess.run(cmd, capture_output=True, text=True)
    assert r.returncode == 0 and "nothing to tidy" in r.stdout


def test_build_warns_per_article_on_ascii_marks_beside_han(issue_factory, tmp_path):
    from layout.build import build
    issue = issue_factory(ONE_ARTICLE, {"a.md": "---\ntitle: 标题\n---\n\n第一段没有问题。\n\n第二段,有(两处)问题.\n"})
    r = build(issue, None)
    warns = [w for w in r.log.warnings if "ASCII punctuation" in w.message]
    assert len(warns) == 1
    w = warns[0]
    assert w.file == str(issue / "a.md") and w.line == 7
    assert w.message.startswith("4 ASCII punctuation marks") and "banmian tidy" in w.message


def test_editor_side_code_stays_out_of_the_prepared_faces():
    """Importers and the preview set nothing on a page: their Chinese must not enter every face."""
    from layout.fonts.charset import _common_charset
    root = Path(__file__).resolve().parent.parent / "layout"
    theirs = set("".join(p.read_text(encoding="utf-8") for d in ("source/importers", "preview")
                         for p in (root / d).glob("*.py")))
    others = set("".join(p.read_text(encoding="utf-8") for p in root.rglob("*.py")
                         if not {"importers", "preview"} & set(p.parts)))
    only_theirs = {c for c in theirs - others if 0x3400 <= ord(c) <= 0x9fff}
    assert only_theirs                       # the byline patterns: 记者, 通讯员 …
    assert not only_theirs & _common_charset()


def test_tidy_keeps_a_yaml_block_valid(tmp_path):
    """lead: | is YAML: its lines' indent is syntax, even before a mark made full-width."""
    from layout.source.markdown import load_article
    from layout.source.tidy import tidy_article
    art = tmp_path / "a.md"
    art.write_text(tidy_article("---\ntitle: 标题\nlead: |\n  (注)会议要求,对标\n  全年目标.\n---\n\n正文。\n")[0],
                   encoding="utf-8")
    a = load_article(art, "a.md")
    assert "".join(s.text for s in a.lead) == "（注）会议要求，对标全年目标。"
