"""render_pdf + pdfx: pages built by hand from layout.boxes records, checked with pypdf and the
independent witnesses (qpdf, pdffonts, pdfimages, pdfinfo, pdftotext, Ghostscript) where installed."""
from __future__ import annotations

import datetime
import re
import shutil
import subprocess
from pathlib import Path as FsPath

import pytest
from PIL import Image as PILImage
from pypdf import PdfReader
from pypdf.generic import ContentStream

import layout.render.pdfx as pdfx
import layout.preflight.check as preflight
from layout.boxes import BLACK, Bookmark, Glyph, Image, Line, Page, Path, Rect, Rule, TextLine
from layout.compose.paragraph import set_line
from layout.errors import BanmianError
from layout.fonts import FontSet
from layout.render.pdf import PdfMeta, render
from layout.source.units import MM

A3 = (297 * MM, 420 * MM)
DATE = datetime.date(2026, 11, 25)


def tool(name: str):
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (scripts/install-system-deps.sh)")
    return path


@pytest.fixture(scope="module")
def faces():
    fs = FontSet()
    song, hei = fs.face("song", "regular"), fs.face("hei", "bold")
    return {song.id: song, hei.id: hei}


@pytest.fixture(scope="module")
def photos(tmp_path_factory):
    d = tmp_path_factory.mktemp("photos")
    rgb = PILImage.new("RGB", (1200, 900), (30, 90, 200))
    for x in range(0, 1200, 40):                      # some structure, not one flat colour
        rgb.paste((220, 40, 40), (x, 0, x + 20, 900))
    rgb.save(d / "street.jpg", quality=90)
    gray_rgb = PILImage.new("RGB", (600, 600), (100, 100, 100))      # a B/W photo saved as RGB
    gray_rgb.paste((160, 161, 159), (0, 0, 300, 600))
    gray_rgb.save(d / "portrait.png")
    return d


def sample_pages(faces, photos) -> list[Page]:
    song, hei = faces["song-regular"], faces["hei-bold"]
    w, h = A3
    p1 = Page(1, w, h, [
        TextLine(20 * MM, 30 * MM, set_line("青山日报今日出版", hei, 28, hscale=0.85)),
        TextLine(20 * MM, 45 * MM, set_line("市政府今天召开常务会议，研究部署春耕生产。", song, 10)),
        TextLine(20 * MM, 50 * MM, set_line("会议指出，2026年要稳住粮食产量。", song, 10)),
        Rule(20 * MM, 55 * MM, 277 * MM, 55 * MM, 0.5),
        Rule(20 * MM, 57 * MM, 277 * MM, 57 * MM, 0.25, dash=(2, 2)),
        Rect(20 * MM, 60 * MM, 80 * MM, 20 * MM, fill=(0, 0, 0, 0.15), stroke=BLACK),
        Path(((150 * MM, 60 * MM), (180 * MM, 60 * MM), (165 * MM, 80 * MM)), fill=(0, 0.8, 0.8, 0)),
        # a photo cropped by its frame: the image is larger than the frame
        Image(str(photos / "street.jpg"), 20 * MM, 90 * MM, 100 * MM, 75 * MM,
              15 * MM, 85 * MM, 110 * MM, 82.5 * MM),
        Image(str(photos / "portrait.png"), 130 * MM, 90 * MM, 50 * MM, 50 * MM),
    ], [Bookmark("春耕生产", 45 * MM)], bleed=3 * MM, label="第1版")
    p2 = Page(2, w, h, [TextLine(20 * MM, 30 * MM, set_line("第二版要闻", song, 12))],
              [Bookmark("二版要闻", 30 * MM)], bleed=3 * MM, label="第2版")
    return [p1, p2]


def meta(**kw) -> PdfMeta:
    base = dict(title="青山日报 2026-046", issue="2026-046", paper="青山日报", date=DATE)
    base.update(kw)
    return PdfMeta(**base)


@pytest.fixture(scope="module")
def shop_pdf(faces, photos, tmp_path_factory):
    out = tmp_path_factory.mktemp("shop") / "issue.pdf"
    render(sample_pages(faces, photos), faces, meta(marks=True), out)
    return out


@pytest.fixture(scope="module")
def proof_pdf(faces, photos, tmp_path_factory):
    out = tmp_path_factory.mktemp("proof") / "proof.pdf"
    render(sample_pages(faces, photos), faces, meta(), out)
    return out


def content_ops(page):
    return ContentStream(page.get_contents(), None).operations


# ---- fonts -------------------------------------------------------------------

def test_every_font_is_embedded(shop_pdf):
    reader = PdfReader(shop_pdf)
    names = []
    for page in reader.pages:
        for name, font in page["/Resources"]["/Font"].items():
            font = font.get_object()
            names.append(str(font["/BaseFont"]))
            fd = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in fd, f"{name} {font['/BaseFont']} not embedded"
            assert "/ToUnicode" in font
    assert not any("Helvetica" in n for n in names)
    assert b"Helvetica" not in shop_pdf.read_bytes()


def test_pdffonts_says_embedded(shop_pdf):
    out = subprocess.run([tool("pdffonts"), str(shop_pdf)], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]
    assert rows, out
    for row in rows:
        assert row.split()[-5] == "yes", row      # the emb column


# ---- colour ------------------------------------------------------------------

def test_only_cmyk_and_gray(shop_pdf):
    reader = PdfReader(shop_pdf)
    for page in reader.pages:
        spaces = page["/Resources"].get("/ColorSpace", {})
        for operands, op in content_ops(page):
            assert op not in (b"rg", b"RG", b"sc", b"scn", b"cs"), op
            if op == b"CS":        # only the registration colour: Separation /All (crop marks)
                cs = spaces[operands[0]].get_object()
                assert cs[0] == "/Separation" and cs[1] == "/All" and cs[2] == "/DeviceCMYK", cs
        for name, xo in page["/Resources"].get("/XObject", {}).items():
            xo = xo.get_object()
            assert xo["/ColorSpace"] in ("/DeviceCMYK", "/DeviceGray"), name
    assert b"DeviceRGB" not in shop_pdf.read_bytes()


def test_pdfimages_lists_cmyk_photo_and_gray_portrait(shop_pdf):
    out = subprocess.run([tool("pdfimages"), "-list", str(shop_pdf)], capture_output=True, text=True,
                         check=True).stdout
    rows = [r.split() for r in out.splitlines()[2:]]
    colours = sorted(r[5] for r in rows)
    assert colours == ["cmyk", "gray"], out
    for r in rows:
        assert int(r[12]) >= 200, f"placed below 200 ppi: {r}"


def test_photo_converted_through_the_profile(shop_pdf):
    """RGB pixels become what LittleCMS makes of them with the output profile, not 255 - x."""
    from PIL import ImageCms
    reader = PdfReader(shop_pdf)
    imgs = [xo.get_object() for xo in reader.pages[0]["/Resources"]["/XObject"].values()]
    cmyk = next(i for i in imgs if i["/ColorSpace"] == "/DeviceCMYK")
    assert cmyk["/Filter"] in ("/DCTDecode", ["/DCTDecode"])          # photos travel as JPEG
    import io
    got = PILImage.open(io.BytesIO(cmyk.get_data())).getpixel((30, 450))   # in a blue stripe
    blue = PILImage.new("RGB", (1, 1), (30, 90, 200))
    want = ImageCms.profileToProfile(blue, ImageCms.createProfile("sRGB"), pdfx.DEFAULT_CMYK_PROFILE,
                                     outputMode="CMYK").getpixel((0, 0))
    assert all(abs(g - w) <= 6 for g, w in zip(got, want)), (got, want)
    assert got[2] < 60 and got[0] > 150                 # blue: cyan and magenta, little yellow


def test_black_text_and_rules_overprint(shop_pdf):
    """Every TJ is 100 % K under /op true and /OPM 1; every black stroke under /OP true; others not."""
    page = PdfReader(shop_pdf).pages[0]
    states = page["/Resources"]["/ExtGState"]
    gs = {"/op": False, "/OP": False, "/OPM": 0}
    fill = stroke = None
    texts = black_strokes = other_fills = 0
    for operands, op in content_ops(page):
        if op == b"gs":
            gs.update({k: getattr(v, "value", v) for k, v in states[operands[0]].get_object().items() if k in gs})
        elif op == b"k":
            fill = tuple(float(v) for v in operands)
        elif op == b"K":
            stroke = tuple(float(v) for v in operands)
        elif op == b"CS":
            stroke = str(operands[0])              # the registration separation (marks)
        elif op == b"TJ":
            assert fill == (0, 0, 0, 1) and gs["/op"] and gs["/OPM"] == 1, (fill, gs)
            texts += 1
        if op in (b"S", b"B", b"B*") and stroke == (0, 0, 0, 1):
            assert gs["/OP"] and gs["/OPM"] == 1, gs
            black_strokes += 1
        if op in (b"f", b"f*", b"B", b"B*") and fill != (0, 0, 0, 1):
            assert not gs["/op"], (fill, gs)          # tints and colours knock out
            other_fills += 1
    assert texts >= 4 and black_strokes >= 2 and other_fills >= 2


# ---- geometry ----------------------------------------------------------------

def test_boxes_with_marks(shop_pdf):
    page = PdfReader(shop_pdf).pages[0]
    trim = [float(v) for v in page.trimbox]
    bleed = [float(v) for v in page.bleedbox]
    media = [float(v) for v in page.mediabox]
    assert trim[2] - trim[0] == pytest.approx(A3[0], abs=0.01)
    assert trim[3] - trim[1] == pytest.approx(A3[1], abs=0.01)
    for i in (0, 1):
        assert trim[i] - bleed[i] == pytest.approx(3 * MM, abs=0.01)
        assert bleed[i + 2] - trim[i + 2] == pytest.approx(3 * MM, abs=0.01)
        assert bleed[i] - media[i] >= 9 * MM          # room for marks and slug
    # crop marks: registration colour, 0.25 pt, entirely outside the bleed box
    ops = content_ops(page)
    spaces = page["/Resources"]["/ColorSpace"]
    start = next(i for i, (o, op) in enumerate(ops) if op == b"CS" and spaces[o[0]].get_object()[1] == "/All")
    assert ops[start + 1][1] == b"SCN" and [float(v) for v in ops[start + 1][0]] == [1]    # tint 1: every plate
    for operands, op in ops[start:]:
        if op == b"w":
            assert float(operands[0]) == 0.25
        if op in (b"m", b"l"):
            x, y = (float(v) for v in operands)
            assert not (bleed[0] < x < bleed[2] and bleed[1] < y < bleed[3]), (x, y)
        if op == b"BT":
            break


def test_boxes_for_proof_without_marks(proof_pdf):
    out = subprocess.run([tool("pdfinfo"), "-box", str(proof_pdf)], capture_output=True, text=True,
                         check=True).stdout
    boxes = {m.group(1): [float(v) for v in m.group(2).split()]
             for m in re.finditer(r"^(\w+Box):\s+(.+)$", out, re.M)}
    assert boxes["MediaBox"] == pytest.approx(boxes["BleedBox"], abs=0.01)
    assert boxes["TrimBox"][0] == pytest.approx(3 * MM, abs=0.01)


def test_glyphs_land_on_our_x(faces, tmp_path):
    """Positions come from Glyph.x (minus shift, times nothing), not from the font's advances."""
    song = faces["song-regular"]
    glyphs = (Glyph("A", 0, 7, song.id, 10), Glyph("B", 100, 7, "hei-bold", 20),
              Glyph("C", 205, 7, song.id, 10, shift=5), Glyph("D", 300, 7, song.id, 10, hscale=0.5),
              Glyph("E", 400, 7, "hei-bold", 12))
    page = Page(1, *A3, [TextLine(50, 100, Line(glyphs, 400))])
    out = tmp_path / "x.pdf"
    render([page], faces, meta(), out)
    bbox = subprocess.run([tool("pdftotext"), "-bbox", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    words = {m.group(2): float(m.group(1)) for m in re.finditer(r'xMin="([\d.]+)"[^>]*>(\w)</word>', bbox)}
    trim = 3 * MM
    assert words["A"] == pytest.approx(trim + 50, abs=0.05)
    assert words["B"] == pytest.approx(trim + 150, abs=0.05)
    assert words["C"] == pytest.approx(trim + 250, abs=0.05)
    assert words["D"] == pytest.approx(trim + 350, abs=0.05)
    assert words["E"] == pytest.approx(trim + 450, abs=0.05)
    ops = [op for _, op in content_ops(PdfReader(out).pages[0])]
    assert ops.count(b"BT") == 1 and ops.count(b"Tm") == 1     # one text object, one matrix


def test_one_text_object_per_line(proof_pdf):
    page = PdfReader(proof_pdf).pages[0]
    ops = [op for _, op in content_ops(page)]
    assert ops.count(b"BT") == 3 and ops.count(b"TJ") == 3 and b"Tj" not in ops


# ---- text, labels, outline -----------------------------------------------------

def test_text_extracts_in_order(shop_pdf):
    text = subprocess.run([tool("pdftotext"), str(shop_pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    text = re.sub(r"(?<=\d) (?=年)", "", text)       # poppler spaces digits from Han; the PDF has no space
    pos = [text.find(s) for s in ("青山日报今日出版", "市政府今天召开常务会议，研究部署春耕生产。",
                                  "会议指出，2026年要稳住粮食产量。", "第二版要闻")]
    assert -1 not in pos and pos == sorted(pos), text
    assert re.search(r"青山日报\s+2026-046\s+第1版\s+2026-11-25", text)   # the slug line


def test_page_labels_and_outline(shop_pdf):
    reader = PdfReader(shop_pdf)
    assert list(reader.page_labels) == ["第1版", "第2版"]
    outline = reader.outline
    titles = [o.title for o in outline if not isinstance(o, list)]
    assert titles == ["第1版", "第2版"]
    kids = [o for o in outline if isinstance(o, list)]
    assert [k[0].title for k in kids] == ["春耕生产", "二版要闻"]


# ---- PDF/X and determinism --------------------------------------------------------

def test_pdfx4_identification(shop_pdf):
    reader = PdfReader(shop_pdf)
    assert reader.pdf_header.startswith("%PDF-1.6")
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in xmp
    assert "青山日报 2026-046" in xmp and "2026-11-25T00:00:00+00:00" in xmp
    info = reader.trailer["/Info"]
    assert info["/Trapped"] == "/False" and info["/CreationDate"].startswith("D:20261125")
    intent = root["/OutputIntents"][0].get_object()
    assert intent["/S"] == "/GTS_PDFX"
    profile = intent["/DestOutputProfile"].get_object()
    assert profile["/N"] == 4 and profile.get_data()[16:20] == b"CMYK"
    assert "/ID" in reader.trailer
    out = subprocess.run([tool("pdfinfo"), str(shop_pdf)], capture_output=True, text=True).stdout
    assert re.search(r"PDF subtype:\s+PDF/X-4", out), out


def test_pdfx1a_identification(faces, photos, tmp_path):
    out = tmp_path / "x1a.pdf"
    render(sample_pages(faces, photos), faces, meta(flavour="x1a"), out)
    reader = PdfReader(out)
    assert reader.pdf_header.startswith("%PDF-1.3")
    info = reader.trailer["/Info"]
    assert info["/GTS_PDFXVersion"] == "PDF/X-1:2001" and info["/GTS_PDFXConformance"] == "PDF/X-1a:2001"
    report = preflight.check(out, "x1a")
    assert report.ok, report.text()


def test_two_renders_are_byte_identical(faces, photos, shop_pdf, tmp_path):
    again = tmp_path / "again.pdf"
    render(sample_pages(faces, photos), faces, meta(marks=True), again)
    assert again.read_bytes() == shop_pdf.read_bytes()


def test_source_date_epoch_fixes_the_dates(faces, photos, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    out = tmp_path / "epoch.pdf"
    render(sample_pages(faces, photos)[1:], faces, meta(), out)
    info = PdfReader(out).trailer["/Info"]
    stamp = datetime.datetime.fromtimestamp(1790000000, datetime.timezone.utc).strftime("D:%Y%m%d%H%M%S")
    assert info["/ModDate"].startswith(stamp)


def test_qpdf_check_is_clean(shop_pdf, proof_pdf):
    for pdf in (shop_pdf, proof_pdf):
        r = subprocess.run([tool("qpdf"), "--check", str(pdf)], capture_output=True, text=True)
        assert r.returncode == 0 and "No syntax or stream encoding errors" in r.stdout, r.stdout + r.stderr
        assert "WARNING" not in r.stdout + r.stderr


def test_ghostscript_renders_without_warnings(shop_pdf):
    r = subprocess.run([tool("gs"), "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=nullpage", str(shop_pdf)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and r.stderr.strip() == "" and r.stdout.strip() == "", r.stderr + r.stdout


def test_our_render_passes_preflight(shop_pdf, proof_pdf):
    for pdf in (shop_pdf, proof_pdf):
        report = preflight.check(pdf)
        assert report.ok and not report.warnings, report.text()
        assert report.flavour == "x4"


# ---- per-plate files, failures ------------------------------------------------------

def test_split_pages_gives_one_pdfx_per_plate(shop_pdf, tmp_path):
    paths = pdfx.split_pages(shop_pdf, tmp_path / "plates", "qsrb-20261125")
    assert [p.name for p in paths] == ["qsrb-20261125-p01.pdf", "qsrb-20261125-p02.pdf"]
    for i, p in enumerate(paths):
        reader = PdfReader(p)
        assert len(reader.pages) == 1
        assert list(reader.page_labels) == [f"第{i + 1}版"]
        report = preflight.check(p)
        assert report.ok, report.text()
        assert reader.trailer["/Info"]["/Trapped"] == "/False"
        qpdf = subprocess.run([tool("qpdf"), "--check", str(p)], capture_output=True, text=True)
        assert qpdf.returncode == 0 and "WARNING" not in qpdf.stdout + qpdf.stderr, qpdf.stdout + qpdf.stderr
        gs = subprocess.run([tool("gs"), "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=nullpage", str(p)],
                            capture_output=True, text=True, timeout=120)
        assert gs.returncode == 0 and gs.stderr.strip() == "" and gs.stdout.strip() == "", gs.stderr
    assert paths[0].read_bytes() != paths[1].read_bytes()


def test_failed_build_leaves_no_file(faces, photos, tmp_path):
    out = tmp_path / "bad.pdf"
    with pytest.raises(BanmianError, match="ICC profile"):
        render(sample_pages(faces, photos), faces, meta(icc_profile=str(tmp_path / "none.icc")), out)
    assert list(tmp_path.iterdir()) == []


def test_rgb_profile_refused(faces, photos, tmp_path):
    with pytest.raises(BanmianError, match="not a CMYK output profile"):
        render(sample_pages(faces, photos), faces,
               meta(icc_profile="/usr/share/color/icc/ghostscript/default_rgb.icc"), tmp_path / "x.pdf")


def test_character_missing_from_font_is_an_error(faces, tmp_path):
    glyph = Glyph("\U00020000", 0, 10, "song-regular", 10)    # CJK Ext. B: not in the prepared face
    page = Page(1, *A3, [TextLine(50, 100, Line((glyph,), 10))])
    with pytest.raises(BanmianError, match="U\\+20000"):
        render([page], faces, meta(), tmp_path / "x.pdf")


def test_unknown_face_is_an_error(faces, tmp_path):
    page = Page(1, *A3, [TextLine(50, 100, Line((Glyph("字", 0, 10, "kai-regular", 10),), 10))])
    with pytest.raises(BanmianError, match="kai-regular"):
        render([page], faces, meta(), tmp_path / "x.pdf")


def test_subset_tags_are_unique(shop_pdf):
    reader = PdfReader(shop_pdf)
    names = {str(f.get_object()["/BaseFont"]) for f in reader.pages[0]["/Resources"]["/Font"].values()}
    tags = [n[1:7] for n in names]
    assert len(set(tags)) == len(tags) and all(re.fullmatch(r"[A-Z]{6}", t) for t in tags), names


def test_colour_set_once_per_change(proof_pdf):
    ops = [op for _, op in content_ops(PdfReader(proof_pdf).pages[1])]
    assert ops.count(b"k") == 1


def test_missing_photo_is_an_error(faces, tmp_path):
    page = Page(1, *A3, [Image(str(tmp_path / "nowhere.jpg"), 10, 10, 100, 100)])
    with pytest.raises(BanmianError, match="photo not found"):
        render([page], faces, meta(), tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_separations_show_black_overprinting_and_white_knocking_out(faces, tmp_path):
    """Ghostscript's tiffsep plates: under 100 % K text the cyan tint stays whole; white text cuts it."""
    from layout.boxes import WHITE
    hei = faces["hei-bold"]
    items = [Rect(0, 0, 200, 100, fill=(1, 0, 0, 0)),
             TextLine(10, 70, set_line("黑字", hei, 60)),
             TextLine(130, 70, set_line("白", hei, 60), color=WHITE)]
    pdf = tmp_path / "ov.pdf"
    render([Page(1, 200, 100, items)], {hei.id: hei}, meta(bleed_pt=0), pdf)
    subprocess.run([tool("gs"), "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=tiffsep", "-r36",
                    f"-sOutputFile={tmp_path / 'sep.tif'}", str(pdf)], check=True, capture_output=True)
    cyan = PILImage.open(tmp_path / "sep(Cyan).tif")       # 0 = full ink, 255 = none
    black = PILImage.open(tmp_path / "sep(Black).tif")
    w, h = cyan.size
    black_half = [black.getpixel((x, y)) for x in range(w * 60 // 100) for y in range(h)]
    cyan_under_black = [cyan.getpixel((x, y)) for x in range(w * 60 // 100) for y in range(h)]
    assert min(black_half) == 0                             # the black text is there
    assert max(cyan_under_black) == 0                       # and cyan is not knocked out under it
    cyan_right = [cyan.getpixel((x, y)) for x in range(w * 62 // 100, w) for y in range(h)]
    assert max(cyan_right) == 255                           # white text knocks the tint out


def test_photo_plates_not_inverted(faces, photos, tmp_path):
    """The JPEG's Adobe-style CMYK is read right side up by a RIP: a blue photo inks the cyan plate."""
    blue = photos / "blue.png"
    PILImage.new("RGB", (300, 300), (20, 60, 200)).save(blue)
    pdf = tmp_path / "blue.pdf"
    render([Page(1, 100, 100, [Image(str(blue), 0, 0, 100, 100)])], faces, meta(bleed_pt=0), pdf)
    subprocess.run([tool("gs"), "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=tiffsep", "-r18",
                    f"-sOutputFile={tmp_path / 'sep.tif'}", str(pdf)], check=True, capture_output=True)
    cyan = PILImage.open(tmp_path / "sep(Cyan).tif").getpixel((10, 10))      # 0 = full ink
    yellow = PILImage.open(tmp_path / "sep(Yellow).tif").getpixel((10, 10))
    assert cyan < 80 and yellow > 180, (cyan, yellow)


def test_same_bytes_from_another_process(shop_pdf, photos, tmp_path):
    """No hidden state (caches, hash seeds, ids) leaks into the bytes."""
    import os
    import sys
    out = tmp_path / "other.pdf"
    code = ("import sys; sys.path.insert(0, 'tests'); import test_render as t; "
            "from pathlib import Path; from layout.fonts import FontSet; fs = FontSet(); "
            "faces = {f.id: f for f in (fs.face('song', 'regular'), fs.face('hei', 'bold'))}; "
            f"t.render(t.sample_pages(faces, Path({str(photos)!r})), faces, t.meta(marks=True), {str(out)!r})")
    env = dict(os.environ, PYTHONHASHSEED="12345")
    r = subprocess.run([sys.executable, "-c", code], cwd=FsPath(__file__).resolve().parent.parent,
                       env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert out.read_bytes() == shop_pdf.read_bytes()


def test_photos_are_held_to_the_ink_limit():
    """A deep shadow converted through a SWOP-like profile carries ~300 % ink; the plate gets ≤ 240 %."""
    from PIL import Image as PILImage
    import layout.render.pdfx as pdfx
    from layout.render.photos import _print_image
    import tempfile, os
    fd, path = tempfile.mkstemp(suffix=".png")
    os.close(fd)
    im = PILImage.new("RGB", (64, 64), (10, 20, 60))          # a dark navy shadow
    im.paste((200, 40, 40), (0, 0, 32, 64))                    # and a red that stays as it was
    im.save(path)
    out = _print_image(path, pdfx.DEFAULT_CMYK_PROFILE, 240.0)
    os.unlink(path)
    assert out.mode == "CMYK"
    from PIL import ImageMath
    c_, m_, y_, k_ = out.split()
    total = ImageMath.unsafe_eval("float(C) + float(M) + float(Y) + float(K)", C=c_, M=m_, Y=y_, K=k_)
    worst = total.getextrema()[1] * 100 / 255
    assert worst <= 240 + 1
    c, m, y, k = out.getpixel((48, 32))
    assert k > 100                                             # the shadow keeps its black
