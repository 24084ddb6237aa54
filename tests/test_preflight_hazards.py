"""Issue 16: what `banmian check` used to pass unseen. Each fixture is made here and breaks one rule;
each finding names its page and object."""
from __future__ import annotations

from pathlib import Path as FsPath

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (ArrayObject, DictionaryObject, FloatObject, NameObject, NumberObject,
                           StreamObject, TextStringObject)
from reportlab.lib.colors import CMYKColorSep

import layout.preflight.check as preflight
from layout.preflight.hazards import DEFAULT_PROFILE_NOTE
from layout.source.units import MM

from test_preflight import BLEED, H, good_text, raw_pdf, song  # noqa: F401  (song: a fixture)


def patch(pdf: FsPath, fn) -> FsPath:
    """Rewrite `pdf` with pypdf after fn(writer, page) changed it (the file stays PDF/X otherwise)."""
    w = PdfWriter(clone_from=PdfReader(str(pdf)))
    fn(w, w.pages[0])
    with open(pdf, "wb") as f:
        w.write(f)
    return pdf


def findings(pdf, severity="error") -> list[str]:
    r = preflight.check(pdf)
    return [f.text(r.labels) for f in r.findings if f.severity == severity]


def one(items: list[str], needle: str) -> str:
    hit = [t for t in items if needle in t]
    assert hit, (needle, items)
    return hit[0]


def test_white_text_set_to_overprint_is_an_error(song, tmp_path):
    def draw(c):
        good_text(c)
        c.setFillColorCMYK(0, 0, 0, 0)
        c.setFillOverprint(True)
        c.drawString(30 * MM, 200 * MM, "白字叠印会消失")
    t = one(findings(raw_pdf(tmp_path, "white", draw)), "white text set to overprint")
    assert t.startswith("error: page 1") and "text in font" in t
    # white text that knocks out is fine
    def ok(c):
        good_text(c)
        c.setFillOverprint(False)
        c.setFillColorCMYK(0, 0, 0, 0)
        c.drawString(30 * MM, 200 * MM, "白字镂空")
    assert not [t for t in findings(raw_pdf(tmp_path, "white-ok", ok)) if "white" in t]


def test_text_cut_by_the_trim_by_its_glyph_height(song, tmp_path):
    """Baseline 5 mm under the top trim (inside the 3 mm margin), but 40 pt type rises ~12 mm: cut."""
    def draw(c):
        c.setFillColorCMYK(0, 0, 0, 1)
        c.setFillOverprint(True)
        c.setOverprintMask(1)
        c.setFont("pf-song", 40)
        c.drawString(30 * MM, BLEED + H - 5 * MM, "顶端被裁")
    t = one(findings(raw_pdf(tmp_path, "cut", draw), "warning"), "crosses the trim edge")
    assert "page 1" in t and "text in font" in t


def test_postscript_xobject_is_an_error(song, tmp_path):
    def add(w, page):
        ps = StreamObject()
        ps.set_data(b"0 0 moveto 100 100 lineto stroke")
        ps.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/PS")})
        res = page["/Resources"].get_object()
        res[NameObject("/XObject")] = DictionaryObject({NameObject("/PS1"): w._add_object(ps)})
    pdf = patch(raw_pdf(tmp_path, "ps", good_text), add)
    t = one(findings(pdf), "PostScript XObject")
    assert "page 1" in t and "XObject /PS1" in t


def _gs(w, page, entries: dict) -> None:
    res = page["/Resources"].get_object()
    states = res.get("/ExtGState")
    states = states.get_object() if states is not None else DictionaryObject()
    states[NameObject("/GSbad")] = DictionaryObject({NameObject("/Type"): NameObject("/ExtGState"), **entries})
    res[NameObject("/ExtGState")] = states


def test_transfer_function_is_an_error(song, tmp_path):
    fn = DictionaryObject({NameObject("/FunctionType"): NumberObject(2),
                           NameObject("/Domain"): ArrayObject([NumberObject(0), NumberObject(1)]),
                           NameObject("/N"): FloatObject(1.8)})
    pdf = patch(raw_pdf(tmp_path, "tr", good_text), lambda w, p: _gs(w, p, {NameObject("/TR"): fn}))
    t = one(findings(pdf), "transfer function")
    assert "page 1" in t and "graphics state /GSbad" in t


def test_info_and_xmp_disagreeing_is_an_error(song, tmp_path):
    def retitle(w, page):
        w._info.get_object()[NameObject("/Title")] = TextStringObject("另一个标题")
    pdf = patch(raw_pdf(tmp_path, "info", good_text), retitle)
    t = one(findings(pdf), "disagrees with dc:title")
    assert "Info dictionary" in t and "另一个标题" in t and "预检测试" in t


def test_rich_black_rule_and_black_rule_without_overprint(song, tmp_path):
    def draw(c):
        good_text(c)
        c.setStrokeColorCMYK(0.7, 0.7, 0.4, 1)          # ≈ 280 % rich black
        c.setLineWidth(0.5)
        c.line(30 * MM, 150 * MM, 150 * MM, 150 * MM)
        c.setStrokeOverprint(False)
        c.setStrokeColorCMYK(0, 0, 0, 1)
        c.line(30 * MM, 140 * MM, 150 * MM, 140 * MM)
    errs = findings(raw_pdf(tmp_path, "rules", draw))
    t = one(errs, "rich black rule")
    assert "C70 M70 Y40 K100" in t and "total ink 280 %" in t and "page 1" in t
    one(errs, "100 % K black rule without overprint")


def test_spot_colour_is_reported(song, tmp_path):
    def draw(c):
        good_text(c)
        c.setFillColor(CMYKColorSep(0, 0.9, 0.8, 0, spotName="PANTONE185C"))
        c.rect(30 * MM, 100 * MM, 40 * MM, 20 * MM, stroke=0, fill=1)
    t = one(findings(raw_pdf(tmp_path, "spot", draw), "warning"), "spot colour PANTONE185C")
    assert "page 1" in t and "colour space" in t


def test_registration_all_is_not_a_spot_colour(song, tmp_path):
    def draw(c):
        good_text(c)
        c.setStrokeColor(CMYKColorSep(1, 1, 1, 1, spotName="All"))
        c.line(1, 1, 5, 5)
    assert not [t for t in findings(raw_pdf(tmp_path, "all", draw), "warning") if "spot" in t]


def test_output_intent_without_its_profile_is_an_error_for_x4(song, tmp_path):
    def strip(w, page):
        intent = w.root_object["/OutputIntents"][0].get_object()
        del intent["/DestOutputProfile"]
    pdf = patch(raw_pdf(tmp_path, "noprofile", good_text), strip)
    t = one(findings(pdf), "no embedded DestOutputProfile")
    assert "PDF/X-4 requires" in t and t.startswith("error: document: OutputIntent")


def test_default_swop_profile_is_said_as_a_note(song, tmp_path):
    r = preflight.check(raw_pdf(tmp_path, "swop", good_text))
    assert r.ok and any(DEFAULT_PROFILE_NOTE in f.message for f in r.notes)
    assert "ask the print shop for its newsprint profile" in r.text()


def test_image_drawn_with_fill_overprint_warns(song, tmp_path):
    from PIL import Image as PILImage
    from reportlab.lib.utils import ImageReader
    def draw(c):
        good_text(c)                                   # leaves fill overprint on
        c.drawImage(ImageReader(PILImage.new("CMYK", (400, 400), (0, 40, 80, 0))), 30 * MM, 100 * MM,
                    40 * MM, 40 * MM)
    t = one(findings(raw_pdf(tmp_path, "imgop", draw), "warning"), "drawn with fill overprint on")
    assert "page 1" in t and "image" in t
