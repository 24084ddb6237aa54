"""preflight.check on fixtures made here with raw ReportLab (each breaking one print rule) and on
our own rendered pages, which must pass."""
from __future__ import annotations

import datetime
import json
from pathlib import Path as FsPath

import pytest
from PIL import Image as PILImage
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.lib.utils import ImageReader

import layout.render.pdfx as pdfx
import layout.preflight.check as preflight
from layout.boxes import Image, Page, TextLine
from layout.compose.paragraph import set_line
from layout.fonts import FontSet
from layout.render.pdf import PdfMeta, render
from layout.source.units import MM

W, H = 210 * MM, 297 * MM
BLEED = 3 * MM


@pytest.fixture(scope="module")
def song():
    face = FontSet().face("song", "regular")
    name = "pf-song"
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(face.path)))
    return face


def meta(**kw) -> PdfMeta:
    base = dict(title="预检测试", issue="2026-046", paper="青山日报", date=datetime.date(2026, 11, 25))
    base.update(kw)
    return PdfMeta(**base)


def raw_pdf(tmp_path: FsPath, name: str, draw, *, boxes=True, bleed=BLEED, identify="x4",
            initial="pf-song", encrypt=None) -> FsPath:
    """A one-page A4 PDF drawn with raw ReportLab, optionally made PDF/X by pdfx.make_pdfx."""
    plain = tmp_path / f"{name}-plain.pdf"
    c = Canvas(str(plain), pagesize=(W + 2 * bleed, H + 2 * bleed), invariant=1, encrypt=encrypt,
               **({"initialFontName": initial} if initial else {}))
    if boxes:
        c.setTrimBox((bleed, bleed, bleed + W, bleed + H))
        c.setBleedBox((0, 0, W + 2 * bleed, H + 2 * bleed))
    draw(c)
    c.showPage()
    c.save()
    if not identify:
        return plain
    out = tmp_path / f"{name}.pdf"
    pdfx.make_pdfx(plain, out, meta(flavour=identify))
    return out


def good_text(c: Canvas, text="正文黑色文字，叠印。", x=30 * MM, y=250 * MM) -> None:
    c.setFillColorCMYK(0, 0, 0, 1)
    c.setFillOverprint(True)
    c.setOverprintMask(1)
    c.setFont("pf-song", 10)
    c.drawString(x, y, text)


def messages(report) -> str:
    return report.text()


# ---- the baseline passes ---------------------------------------------------------

def test_clean_raw_fixture_passes(song, tmp_path):
    report = preflight.check(raw_pdf(tmp_path, "good", good_text))
    assert report.ok, report.text()
    assert report.flavour == "x4"


def test_our_rendered_page_passes(song, tmp_path):
    photo = tmp_path / "photo.jpg"
    PILImage.new("RGB", (1200, 800), (90, 140, 60)).save(photo)
    face = FontSet().face("song", "regular")
    page = Page(1, W, H, [TextLine(20 * MM, 30 * MM, set_line("本报讯 今天天气晴。", face, 10)),
                          Image(str(photo), 20 * MM, 40 * MM, 120 * MM, 80 * MM)],
                bleed=BLEED, label="第1版")
    out = tmp_path / "ours.pdf"
    render([page], {face.id: face}, meta(marks=True), out)
    report = preflight.check(out, "x4")
    assert report.ok and not report.warnings, report.text()
    assert "ready for the print shop" in report.text()


# ---- each broken rule fails, naming page and object --------------------------------

def test_rgb_fill_fails(song, tmp_path):
    def draw(c):
        good_text(c)
        c.setFillColorRGB(1, 0, 0)
        c.rect(30 * MM, 200 * MM, 50 * MM, 20 * MM, fill=1, stroke=0)
    report = preflight.check(raw_pdf(tmp_path, "rgb", draw))
    assert not report.ok
    text = report.text()
    assert "error: page 1: page content: RGB colour (operator rg 1 0 0)" in text, text


def test_rgb_image_fails(song, tmp_path):
    def draw(c):
        good_text(c)
        c.drawImage(ImageReader(PILImage.new("RGB", (600, 600), (0, 128, 255))), 30 * MM, 100 * MM, 50 * MM, 50 * MM)
    report = preflight.check(raw_pdf(tmp_path, "rgbimg", draw))
    errs = [f for f in report.errors if f.obj.startswith("image /") and "RGB" in f.message]
    assert errs and errs[0].page == 1, report.text()
    assert "(600×600 px)" in errs[0].obj


def test_unembedded_helvetica_fails(song, tmp_path):
    def draw(c):
        good_text(c)
        c.setFont("Helvetica", 10)
        c.drawString(30 * MM, 240 * MM, "Hello")
    report = preflight.check(raw_pdf(tmp_path, "helv", draw))
    errs = [f for f in report.errors if "Helvetica" in f.obj and "not embedded" in f.message]
    assert errs and errs[0].page == 1, report.text()


def test_helvetica_only_in_resources_fails(song, tmp_path):
    """ReportLab's default initial font lands in the resources though no text uses it."""
    report = preflight.check(raw_pdf(tmp_path, "initial", good_text, initial=None))
    assert any("Helvetica" in f.obj and "not embedded" in f.message for f in report.errors), report.text()


def test_missing_trimbox_fails(song, tmp_path):
    report = preflight.check(raw_pdf(tmp_path, "notrim", good_text, boxes=False))
    assert "error: page 1: page boxes: no TrimBox" in report.text(), report.text()


def test_small_bleed_fails(song, tmp_path):
    report = preflight.check(raw_pdf(tmp_path, "bleed", good_text, bleed=1 * MM))
    assert any(f.page == 1 and "bleed is 1.0 mm" in f.message for f in report.errors), report.text()


def test_72_ppi_photo_fails(song, tmp_path):
    def draw(c):
        good_text(c)
        c.drawImage(ImageReader(PILImage.new("CMYK", (144, 144), (0, 50, 100, 0))), 30 * MM, 100 * MM, 144, 144)
    report = preflight.check(raw_pdf(tmp_path, "ppi", draw))
    errs = [f for f in report.errors if "72 ppi" in f.message]
    assert errs and errs[0].page == 1 and errs[0].obj.startswith("image /") and "144×144 px" in errs[0].obj, \
        report.text()


def test_ppi_thresholds_are_parameters(song, tmp_path):
    def draw(c):
        good_text(c)
        c.drawImage(ImageReader(PILImage.new("CMYK", (300, 300), (0, 50, 100, 0))), 30 * MM, 100 * MM, 144, 144)
    pdf = raw_pdf(tmp_path, "ppi150", draw)      # 150 ppi
    default = preflight.check(pdf)
    assert default.ok and any("150 ppi" in f.message for f in default.warnings), default.text()
    strict = preflight.check(pdf, ppi_error=180)
    assert not strict.ok


def test_rich_black_text_fails(song, tmp_path):
    def draw(c):
        c.setFillColorCMYK(0.6, 0.4, 0.4, 1)
        c.setFont("pf-song", 10)
        c.drawString(30 * MM, 250 * MM, "四色黑文字")
    report = preflight.check(raw_pdf(tmp_path, "rich", draw))
    errs = [f for f in report.errors if "rich black text (C60 M40 Y40 K100)" in f.message]
    assert errs and errs[0].page == 1 and errs[0].obj.startswith("text in font /F"), report.text()
    assert "NotoSerifCJKsc-Regular" in errs[0].obj


def test_black_text_without_overprint_fails(song, tmp_path):
    def draw(c):
        c.setFillColorCMYK(0, 0, 0, 1)
        c.setFont("pf-song", 10)
        c.drawString(30 * MM, 250 * MM, "没有叠印")
    report = preflight.check(raw_pdf(tmp_path, "noop", draw))
    assert any("without overprint" in f.message and f.page == 1 for f in report.errors), report.text()


def test_not_pdfx_fails(song, tmp_path):
    report = preflight.check(raw_pdf(tmp_path, "plain", good_text, identify=None))
    text = report.text()
    assert "not identified as PDF/X" in text and "no OutputIntent" not in text  # no claim, no X checks
    assert preflight.check(raw_pdf(tmp_path, "plain2", good_text, identify=None), "x4").errors


def test_transparency_fails_only_for_x1a(song, tmp_path):
    def draw(c):
        good_text(c)
        c.setFillColorCMYK(0, 1, 0, 0)
        c.setFillAlpha(0.5)
        c.rect(30 * MM, 200 * MM, 50 * MM, 20 * MM, fill=1, stroke=0)
    x1a = preflight.check(raw_pdf(tmp_path, "alpha1a", draw, identify="x1a"))
    assert any("opacity /ca 0.5" in f.message and f.page == 1 for f in x1a.errors), x1a.text()
    x4 = preflight.check(raw_pdf(tmp_path, "alpha4", draw, identify="x4"))
    assert x4.ok, x4.text()


def test_link_annotation_inside_trim_fails(song, tmp_path):
    def draw(c):
        good_text(c)
        c.linkURL("https://example.org", (30 * MM, 240 * MM, 80 * MM, 260 * MM))
    report = preflight.check(raw_pdf(tmp_path, "link", draw))
    assert any(f.obj.startswith("annotation 1 (/Link)") and f.page == 1 for f in report.errors), report.text()


def test_javascript_fails(song, tmp_path):
    pdf = raw_pdf(tmp_path, "js", good_text)
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject
    w = PdfWriter(clone_from=PdfReader(pdf))
    w.root_object[NameObject("/OpenAction")] = DictionaryObject({
        NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")})
    js = tmp_path / "js2.pdf"
    w.write(js)
    report = preflight.check(js)
    assert any("JavaScript" in f.message for f in report.errors), report.text()


def test_encrypted_fails(song, tmp_path):
    report = preflight.check(raw_pdf(tmp_path, "enc", good_text, identify=None, encrypt="secret"))
    assert any("encrypted" in f.message for f in report.errors), report.text()


def test_rgb_inside_a_form_xobject_fails(song, tmp_path):
    def draw(c):
        good_text(c)
        c.beginForm("logo")
        c.setFillColorRGB(0, 0, 1)
        c.rect(0, 0, 20, 20, fill=1, stroke=0)
        c.endForm()
        c.doForm("logo")
    report = preflight.check(raw_pdf(tmp_path, "form", draw))
    assert any(f.obj.startswith("form /") and "RGB" in f.message for f in report.errors), report.text()


def test_report_json_and_counts(song, tmp_path):
    def draw(c):
        for i in range(3):
            c.setFillColorCMYK(0.5, 0.5, 0.5, 1)
            c.setFont("pf-song", 10)
            c.drawString(30 * MM, (250 - 10 * i) * MM, "四色黑")
    report = preflight.check(raw_pdf(tmp_path, "json", draw))
    data = json.loads(report.to_json())
    assert data["ok"] is False and data["pages"] == 1 and data["flavour"] == "x4"
    rich = [f for f in data["findings"] if "rich black" in f["message"]]
    assert rich and rich[0]["page"] == 1 and rich[0]["count"] == 3
    assert "(3×)" in report.text()


def test_unreadable_file_is_a_finding_not_a_crash(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.6\nthis is not a pdf")
    report = preflight.check(bad)
    assert not report.ok and report.errors[0].page is None


def test_heavy_ink_fill_warns(song, tmp_path):
    def draw(c):
        good_text(c)
        c.setFillColorCMYK(0.8, 0.7, 0.7, 0.9)
        c.rect(30 * MM, 200 * MM, 50 * MM, 20 * MM, fill=1, stroke=0)
    report = preflight.check(raw_pdf(tmp_path, "tac", draw))
    assert report.ok
    assert any("total ink 310 %" in f.message and f.page == 1 for f in report.warnings), report.text()
    assert preflight.check(raw_pdf(tmp_path, "tac2", draw), max_tac=320).warnings == []


def test_flavour_names(song, tmp_path):
    pdf = raw_pdf(tmp_path, "names", good_text)
    assert preflight.check(pdf, "PDF/X-4").ok
    assert not preflight.check(pdf, "x1a").ok
    with pytest.raises(ValueError):
        preflight.check(pdf, "x3")


def test_overprint_mode_0_fails(song, tmp_path):
    def draw(c):
        c.setFillColorCMYK(0, 0, 0, 1)
        c.setFillOverprint(True)
        c.setFont("pf-song", 10)
        c.drawString(30 * MM, 250 * MM, "叠印模式零")
    report = preflight.check(raw_pdf(tmp_path, "opm0", draw))
    assert any("overprint mode 0" in f.message and f.page == 1 for f in report.errors), report.text()


def test_shared_subset_tag_warns(song, tmp_path):
    hei = FontSet().face("hei", "bold")
    if "pf-hei" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("pf-hei", str(hei.path)))

    def draw(c):
        good_text(c)
        c.setFont("pf-hei", 20)
        c.drawString(30 * MM, 270 * MM, "标题")
    plain = raw_pdf(tmp_path, "tags", draw, identify=None)
    report = preflight.check(plain)          # raw ReportLab: AAAAAA+ for both fonts
    assert any(f.obj == "subset tag AAAAAA+" for f in report.warnings), report.text()
    fixed = tmp_path / "tags-x.pdf"
    pdfx.make_pdfx(plain, fixed, meta())     # pdfx gives each subset its own tag
    assert preflight.check(fixed).ok and not preflight.check(fixed).warnings


def test_rgb_transparency_group_fails(song, tmp_path):
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import DictionaryObject, NameObject
    w = PdfWriter(clone_from=PdfReader(raw_pdf(tmp_path, "grp", good_text)))
    w.pages[0][NameObject("/Group")] = DictionaryObject({
        NameObject("/S"): NameObject("/Transparency"), NameObject("/CS"): NameObject("/DeviceRGB")})
    out = tmp_path / "grp2.pdf"
    w.write(out)
    report = preflight.check(out)
    assert any(f.obj == "page transparency group" and f.page == 1 for f in report.errors), report.text()


def test_form_used_twice_checks_each_placed_size(song, tmp_path):
    def draw(c):
        good_text(c)
        c.beginForm("photo")
        c.drawImage(ImageReader(PILImage.new("CMYK", (300, 300), (0, 50, 100, 0))), 0, 0, 72, 72)
        c.endForm()
        c.doForm("photo")                       # 1 inch: 300 ppi
        c.saveState()
        c.translate(200, 200)
        c.scale(3, 3)
        c.doForm("photo")                       # 3 inches: 100 ppi
        c.restoreState()
    report = preflight.check(raw_pdf(tmp_path, "twice", draw))
    assert [f.message.split()[0] for f in report.errors] == ["100"], report.text()
    assert report.errors[0].page == 1 and report.errors[0].obj.startswith("image /")


def test_heavy_ink_photo_warns(song, tmp_path):
    def draw(c):
        good_text(c)
        dark = PILImage.new("CMYK", (400, 400), (200, 190, 190, 230))      # about 318 % ink
        c.drawImage(ImageReader(dark), 30 * MM, 100 * MM, 72, 72)
    report = preflight.check(raw_pdf(tmp_path, "darkphoto", draw))
    assert report.ok
    hits = [f for f in report.warnings if "total ink reaches 318 %" in f.message]
    assert len(hits) == 1 and hits[0].page == 1 and hits[0].count == 1, report.text()


def test_rgb_inline_image_fails(song, tmp_path):
    def draw(c):
        good_text(c)
        c.drawInlineImage(PILImage.new("RGB", (30, 30), (255, 0, 0)), 30 * MM, 100 * MM, 72, 72)
    report = preflight.check(raw_pdf(tmp_path, "inline", draw))
    objs = {(f.obj, f.message.split(";")[0]) for f in report.errors}
    assert ("inline image (30×30 px)", "RGB colour (/DeviceRGB)") in objs, report.text()
    assert any(f.obj == "inline image (30×30 px)" and "30 ppi" in f.message for f in report.errors)


def test_heavy_ink_jpeg_photo_warns(song, tmp_path):
    """A CMYK JPEG (Adobe-inverted, ASCII85-wrapped by ReportLab) is measured right side up."""
    import io
    dark = PILImage.new("CMYK", (400, 400), (200, 190, 190, 230))
    light = PILImage.new("CMYK", (400, 400), (20, 10, 10, 0))
    files = []
    for im in (dark, light):
        b = io.BytesIO()
        im.save(b, "JPEG", quality=95)
        b.seek(0)
        files.append(b)

    def draw(c):
        good_text(c)
        c.drawImage(ImageReader(files[0]), 30 * MM, 100 * MM, 72, 72)
        c.drawImage(ImageReader(files[1]), 80 * MM, 100 * MM, 72, 72)
    report = preflight.check(raw_pdf(tmp_path, "jpegs", draw))
    hits = [f for f in report.warnings if "total ink" in f.message]
    assert len(hits) == 1 and "31" in hits[0].message, report.text()


def test_text_near_or_across_the_trim_warns(song, tmp_path):
    def draw(c):
        good_text(c)                                             # well inside
        good_text(c, "靠边", x=BLEED + 1 * MM, y=200 * MM)        # starts 1 mm from the left trim
        good_text(c, "这一行文字太长了超出裁切线", x=BLEED + W - 40 * MM, y=150 * MM)   # runs past the right
    report = preflight.check(raw_pdf(tmp_path, "edge", draw))
    msgs = sorted(f.message.split(";")[0] for f in report.warnings if f.obj.startswith("text in font"))
    assert msgs == ["crosses the trim edge", "is 1.0 mm from the trim edge"], report.text()


def test_text_extent_follows_our_tj_positions(song, tmp_path):
    """A rendered line whose last glyph ends 2 mm from the trim: width and TJ tracking agree."""
    from layout.boxes import Glyph, Line
    face = FontSet().face("song", "regular")
    glyphs = (Glyph("甲", 0, 10, face.id, 10), Glyph("乙", 60, 10, face.id, 10, hscale=0.8),
              Glyph("丙", W - 20 * MM - 2 * MM - 10, 10, face.id, 10))
    page = Page(1, W, H, [TextLine(20 * MM, 30 * MM, Line(glyphs, W))], bleed=BLEED)
    out = tmp_path / "edge.pdf"
    render([page], {face.id: face}, meta(), out)
    report = preflight.check(out)
    assert [f.message.split(";")[0] for f in report.warnings] == ["is 2.0 mm from the trim edge"], report.text()


def test_hairline_warns(song, tmp_path):
    def draw(c):
        good_text(c)
        c.setLineWidth(0.05)
        c.line(30 * MM, 100 * MM, 150 * MM, 100 * MM)
    report = preflight.check(raw_pdf(tmp_path, "hair", draw))
    assert any("a line 0.05 pt wide" in f.message and f.page == 1 for f in report.warnings), report.text()


def test_overprint_switched_off_is_seen(song, tmp_path):
    """/op false after /op true: the text after it has no overprint (pypdf's False is truthy)."""
    def draw(c):
        good_text(c)
        c.setFillOverprint(False)
        c.drawString(30 * MM, 200 * MM, "关掉叠印")
    report = preflight.check(raw_pdf(tmp_path, "opoff", draw))
    assert [f.message.split(" (")[0] for f in report.errors] == ["100 % K black text without overprint"], \
        report.text()


def test_slug_after_black_rules_still_overprints(song, tmp_path):
    """Black text, a black rule, then the marks (/OP false) and the slug line: the slug's fill
    overprint must be stated again, not assumed (ReportLab's one-key states lose it)."""
    from layout.boxes import Rule
    face = FontSet().face("song", "regular")
    page = Page(1, W, H, [TextLine(20 * MM, 30 * MM, set_line("正文", face, 10)),
                          Rule(20 * MM, 40 * MM, 100 * MM, 40 * MM)], bleed=BLEED, label="第1版")
    out = tmp_path / "slug.pdf"
    render([page], {face.id: face}, meta(marks=True), out)
    report = preflight.check(out)
    assert report.ok and not report.warnings, report.text()


def test_fast_content_tokenizer_agrees_with_pypdf():
    """preflight's own content-stream tokenizer reads what pypdf's ContentStream reads."""
    from pypdf.generic import ContentStream, DecodedStreamObject
    from layout.preflight.tokenizer import operations
    data = (b"q 0 0 0 1 k /GS1 gs BT /F1+0 9 Tf 1 0 0 1 72.5 700 Tm [(\\(a\\)\\\\b\\101) -250 <48 65> .5] TJ"
            b" (x\\\ny) Tj ET Q /P <</MCID 3 /Na#6De /x>> BDC EMC [1 2] 0 d /Cs#20A cs 0.1 0.2 scn"
            b" % a comment\n-3 +4 m 5.25 6 l S")
    stream = DecodedStreamObject()
    stream.set_data(data)

    def norm(v):
        if isinstance(v, (list, tuple)):
            return [norm(x) for x in v]
        if isinstance(v, dict):
            return {str(k): norm(x) for k, x in v.items()}
        if hasattr(v, "original_bytes"):
            return bytes(v.original_bytes)
        if isinstance(v, (bytes, bool)) or v is None:
            return v
        if isinstance(v, (int, float)):
            return round(float(v), 6)
        return str(v)
    ours = [(norm(o), bytes(op)) for o, op in operations(stream)]
    theirs = [(norm(o), bytes(op)) for o, op in ContentStream(stream, None).operations]
    assert ours == theirs


# ---- the build's page memo changes nothing but the time ------------------------------

def test_page_memo_gives_the_findings_of_a_full_walk(song, tmp_path):
    def rich_black(c):
        good_text(c)
        c.setFillColorCMYK(0.5, 0.4, 0.4, 1)
        c.setFont("pf-song", 10)
        c.drawString(30 * MM, 200 * MM, "四色黑文字")
        c.setFillColorRGB(1, 0, 0)
        c.rect(30 * MM, 150 * MM, 20 * MM, 20 * MM, fill=1)
    memo = tmp_path / "pages.marshal"
    for name, draw in (("good", good_text), ("bad", rich_black)):
        pdf = raw_pdf(tmp_path, name, draw)
        full = preflight.check(pdf)
        first = preflight.check(pdf, memo=memo)          # walked and remembered
        again = preflight.check(pdf, memo=memo)          # from the memo
        assert full.findings == first.findings == again.findings, name
    assert not preflight.check(raw_pdf(tmp_path, "bad", rich_black), memo=memo).ok
    # a page drawn otherwise is a new key: the memo of the good page never hides the bad one
    from layout.preflight.memo import PageMemo, code_version
    from pypdf import PdfReader
    pm = PageMemo(memo, code_version())
    good = PdfReader(str(tmp_path / "good.pdf")).pages[0]
    bad = PdfReader(str(tmp_path / "bad.pdf")).pages[0]
    assert pm.key(good, "x4", preflight.Limits()) != pm.key(bad, "x4", preflight.Limits())
    assert pm.key(good, "x4", preflight.Limits()) != pm.key(good, "x4", preflight.Limits(max_tac=300))


def test_new_pages_checked_in_two_processes_give_the_findings_of_one(song, tmp_path, monkeypatch):
    # a build's preflight checks the second half of the pages it has not seen in a child process
    def pages(c):
        for i in range(6):
            good_text(c, text=f"第{i + 1}版正文")
            if i % 2:                                     # rich black text and RGB on every other page
                c.setFillColorCMYK(0.5, 0.4, 0.4, 1)
                c.drawString(30 * MM, 200 * MM, "四色黑文字")
                c.setFillColorRGB(1, 0, 0)
                c.rect(30 * MM, 150 * MM, 20 * MM, 20 * MM, fill=1)
            if i < 5:
                c.showPage()
                c.setTrimBox((BLEED, BLEED, BLEED + W, BLEED + H))
                c.setBleedBox((0, 0, W + 2 * BLEED, H + 2 * BLEED))
    pdf = raw_pdf(tmp_path, "six", pages)
    full = preflight.check(pdf)
    import layout.aside as aside
    started = []
    real = aside.start
    monkeypatch.setattr(aside, "start", lambda fn, *a: started.append(a[1]) or real(fn, *a))
    split = preflight.check(pdf, memo=tmp_path / "pages.marshal")
    assert started == [[4, 5, 6]]
    assert full.findings == split.findings and not split.ok
    assert preflight.check(pdf, memo=tmp_path / "pages.marshal").findings == full.findings   # from the memo
