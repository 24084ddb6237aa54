"""Draw made-up pages into a print-ready PDF (the only module that imports reportlab).

Covers print.md §2 (TrimBox = the page, BleedBox = trim + bleed, MediaBox =
bleed + slug when marks are asked for; crop marks and registration targets in
registration colour outside the bleed, a slug line in 100 % K), §3 (every
colour DeviceCMYK; 100 % K text and rules with fill and stroke overprint and
OPM 1; photos converted RGB -> CMYK through the output ICC profile, gray kept
gray, a neutral RGB photo made gray, embedded as JPEG), §4 (each face embedded
as TrueType subsets with ToUnicode; no Helvetica: the canvas starts with an
embedded face), §6 (deterministic bytes: invariant=1; atomic write) and the
reader's side: page labels (第1版) and an outline of pages and article titles.
Text is one BT ... ET per line, TJ arrays positioned from our x values.
PDF/X identification is pdfx.py's job; `render` calls it last.

Entry point: render(pages, faces, meta, out_path).
Coordinates in: pt from the top-left of the trim box, y downwards (boxes.py).
"""
from __future__ import annotations

import datetime
import io
import threading
import zlib
from dataclasses import dataclass

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName
from reportlab.pdfbase import ttfonts
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.lib.colors import CMYKColorSep
from reportlab.lib.utils import ImageReader

from layout.render import profile
from layout.boxes import BLACK, CMYK, Image, Page, Path, Rect, Rule, TextLine, VText
from layout.errors import BanmianError
from layout.i18n import M
from layout.fonts import Face
from layout.fonts.prepare import original_of
from layout.source.units import MM
from layout.render.photos import photo_jpeg

REGISTRATION: CMYK = (1.0, 1.0, 1.0, 1.0)   # /All's alternate: every plate (crop marks and targets)
SLUG_MM = 10.0          # room beyond the bleed for marks and the slug line
MARK_LENGTH = 5 * MM    # crop mark length
MARK_WIDTH = 0.25       # pt
MARK_GAP = 0.25         # pt between the bleed box and the start of a crop mark
SLUG_SIZE = 6.0         # pt, slug line type size


@dataclass(frozen=True)
class PdfMeta:
    """What the PDF says about itself and how the shop wants it."""
    title: str                       # document title (Info /Title, dc:title)
    issue: str                       # issue id, e.g. "2026-046"
    paper: str                       # paper name, e.g. "青山日报"
    date: datetime.date              # issue date: fixes every date in the file
    flavour: str = "x4"              # "x4" (PDF/X-4) or "x1a" (PDF/X-1a:2001)
    bleed_pt: float = 3 * MM         # bleed on every side (a page's own bleed wins if larger)
    marks: bool = False              # crop marks, registration targets and slug line
    icc_profile: str | None = None   # CMYK output profile; None = profile.DEFAULT_CMYK_PROFILE
    output_condition: str = ""       # OutputConditionIdentifier; "" = from the profile
    author: str = ""
    creator: str = "banmian"
    max_ink: float = 240.0           # total area coverage limit for photos, % (house style)


def render(pages: list[Page], faces: dict[str, Face], meta: PdfMeta, out_path, memo=None, finish=None) -> None:
    """Draw `pages` with `faces` and write a PDF/X file to `out_path` (atomically). A resident
    build passes its `memo` (pagecache.DrawMemo): lines drawn the same as last time are reused.
    `finish(data, out_path, meta, memo)` does the PDF/X step instead of pdfx.make_pdfx here
    (the command's helper process, render/finisher.py, has pypdf imported already)."""
    if meta.flavour not in profile.FLAVOURS:
        raise BanmianError(M("unknown PDF/X flavour '{flavour}'", flavour=meta.flavour),
                           hint=M('use one of {v}', v=', '.join(profile.FLAVOURS)))
    if not pages:
        raise BanmianError(M('nothing to render: the issue has no pages'))
    # Refuse a missing or non-CMYK output profile before drawing anything
    profile.read_profile(meta.icc_profile or profile.DEFAULT_CMYK_PROFILE)
    # Register every face with ReportLab under its id
    fonts = _register_fonts(faces)
    # Draw every page onto one canvas, in memory
    if memo is None:
        data = _draw(pages, faces, fonts, meta)
    else:
        data = memo.draw(lambda: _draw(pages, faces, fonts, meta, memo))
    # Identify the file as PDF/X (OutputIntent, XMP, Info, /ID) and write it atomically
    if finish is None:
        from layout.render.pdfx import make_pdfx as finish
    finish(data, out_path, meta, None if memo is None else memo.pdfx)


# ---- fonts -------------------------------------------------------------------

_REGISTERED: dict[str, TTFont] = {}     # face id -> the font registered under it by us


def _register_fonts(faces: dict[str, Face]) -> dict[str, TTFont]:
    """A ReportLab TrueType font per face (re-registered if the prepared file changed)."""
    out = {}
    for fid in sorted(faces):
        face = faces[fid]
        path = str(face.path)
        font = _REGISTERED.get(fid)     # (not pdfmetrics.getFont: it searches disks for AFM files)
        if font is None or font.face.filename != path:
            try:
                font = _TTFont(fid, path, asciiReadable=0)
            except (TTFError, OSError) as e:
                raise BanmianError(M('font {name} cannot be embedded: {e}', name=face.name, e=e), path,
                                   hint=M("a font whose licence forbids embedding cannot go to the print shop; "
                                          "choose another font for this role in fonts/fonts.yaml"))
            pdfmetrics.registerFont(font)
            _REGISTERED[fid] = font
        out[fid] = font
    return out


class _TTFont(TTFont):
    """ReportLab's TrueType font with a ToUnicode map that gives back what the reader reads:
    a vertical form (a private code point, fonts/prepare.py) maps to the character it stands for,
    and a character beyond the BMP to its UTF-16 surrogate pair."""

    def addObjects(self, doc):
        state = self.state.get(doc)
        subsets = [list(s) for s in state.subsets] if state is not None else []
        super().addObjects(doc)
        for n, subset in enumerate(subsets):
            if all(v <= 0xFFFF for v in subset):
                continue
            base = (b"".join((ttfonts.SUBSETN(n), b"+", self.face.name, self.face.subfontNameX))).decode("pdfdoc")
            stream = doc.idToObject.get("toUnicodeCMap:" + base)
            if stream is not None:
                stream.content = _to_unicode(base, subset)


def _to_unicode(name: str, subset: list[int]) -> str:
    """A ToUnicode CMap (PDF 1.7 §9.10.3) for one subset: code -> UTF-16BE of the original character."""
    def utf16(v: int) -> str:
        return chr(original_of(v)).encode("utf-16-be").hex().upper()
    return "\n".join(["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
                      f"/CIDSystemInfo << /Registry ({name}) /Ordering ({name}) /Supplement 0 >> def",
                      f"/CMapName /{name} def", "/CMapType 2 def",
                      "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>", "endcodespacerange",
                      f"{len(subset)} beginbfchar", *[f"<{i:02X}> <{utf16(v)}>" for i, v in enumerate(subset)],
                      "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"])


# ---- pages -------------------------------------------------------------------

def _draw(pages: list[Page], faces: dict[str, Face], fonts: dict[str, TTFont], meta: PdfMeta, memo=None) -> bytes:
    saved, rl_config.useA85 = rl_config.useA85, 0   # binary streams: smaller; nobody reads them by eye
    try:
        return _draw_pages(pages, faces, fonts, meta, memo)
    finally:
        rl_config.useA85 = saved


def _draw_pages(pages: list[Page], faces: dict[str, Face], fonts: dict[str, TTFont], meta: PdfMeta,
                memo=None) -> bytes:
    buf = io.BytesIO()
    # The initial font must be an embedded one, or Helvetica lands in the resources.
    initial = _slug_face(faces)
    canvas = _Canvas(buf, pagesize=_media(pages[0], meta)[:2], invariant=1, pageCompression=1,
                    initialFontName=initial, initialFontSize=SLUG_SIZE,
                    pdfVersion=(1, 3) if meta.flavour == "x1a" else (1, 6))
    canvas.setTitle(meta.title)
    canvas.setAuthor(meta.author)
    canvas.setCreator(meta.creator)
    coded: dict = {}                     # (face, character) -> subset name, code, width: asked once
    deflater = _Deflater() if memo is None else None      # (a resident render reuses its streams)
    for index, page in enumerate(pages):
        pen = _Pen(canvas, page, meta, faces, fonts, coded, memo)
        pen.boxes()
        for item in page.items:
            pen.item(item)
        if meta.marks:
            pen.marks(initial)
        pen.outline(index)
        if page.label:
            canvas.addPageLabel(index, prefix=page.label)
        canvas.showPage()
        if deflater is not None:
            deflater.add(canvas._doc.Pages.pages[-1].stream)
    if any(p.bookmarks or p.label for p in pages):
        canvas.showOutline()
    if memo is None:
        deflater.save(canvas)
    else:
        memo.save(canvas, fonts)
    return buf.getvalue()


def _deflate(text) -> bytes:
    """ReportLab's own Flate filter (pdfdoc.PDFStreamFilterZCompress.encode), called as it is."""
    return pdfdoc.PDFStreamFilterZCompress.encode(pdfdoc.PDFZCompress, text)


class _Deflater:
    """Each page's content stream compressed on a thread while the next page is drawn (zlib lets
    go of the interpreter while it works: the drawing goes on on the other core); canvas.save()
    then takes them: the bytes ReportLab's filter makes, by its own method. One thread at a time
    (a page's starts when the page before is done). Some 2 ms a page of a build's PDF stage."""

    def __init__(self):
        self._streams: dict[int, tuple] = {}    # id(stream) -> (stream, thread, [its bytes])
        self._last: threading.Thread | None = None

    def add(self, stream) -> None:
        if not isinstance(stream, str):
            return
        if self._last is not None:
            self._last.join()
        out: list = []
        t = threading.Thread(target=lambda: out.append(_deflate(stream)), daemon=True)
        try:
            t.start()
        except RuntimeError:                    # (no thread to be had: compressed at save)
            return
        self._last = t
        self._streams[id(stream)] = (stream, t, out)

    def encode(self, text) -> bytes:
        got = self._streams.get(id(text))
        if got is not None and got[0] is text:
            got[1].join()
            if got[2]:
                return got[2][0]
        return _deflate(text)

    def save(self, canvas) -> None:
        pdfdoc.PDFZCompress.encode = self.encode      # (this call only; see pagecache.DrawMemo.save)
        try:
            canvas.save()
        finally:
            pdfdoc.PDFZCompress.__dict__.pop("encode", None)
            for _, t, _ in self._streams.values():
                t.join()


# Overprint graphics states by (fill, stroke). Each names /OP, /op and /OPM itself:
# an /OP without /op would also set fill overprint, which is how ReportLab's own
# one-key states lose track (after `/OP false`, text it believes overprints does not).
_OVERPRINT_STATES = {(f, s): f"GSop{int(f)}{int(s)}" for f in (False, True) for s in (False, True)}


class _Canvas(Canvas):
    """ReportLab's canvas with our overprint graphics states in every page's resources."""

    def _setExtGState(self, obj):
        super()._setExtGState(obj)
        states = dict(obj.ExtGState.dict) if obj.ExtGState else {}
        for (fill, stroke), name in _OVERPRINT_STATES.items():
            states[name] = PDFDictionary({"Type": PDFName("ExtGState"), "OP": str(stroke).lower(),
                                          "op": str(fill).lower(), "OPM": 1})
        obj.ExtGState = PDFDictionary(states)


def _bleed(page: Page, meta: PdfMeta) -> float:
    return max(page.bleed, meta.bleed_pt)


def _media(page: Page, meta: PdfMeta) -> tuple[float, float, float]:
    """Media width, height and the margin from the media edge to the trim edge."""
    margin = _bleed(page, meta) + (SLUG_MM * MM if meta.marks else 0.0)
    return page.width + 2 * margin, page.height + 2 * margin, margin


class _Pen:
    """Draws one page's items; knows the flip from page to PDF coordinates."""

    def __init__(self, canvas: Canvas, page: Page, meta: PdfMeta,
                 faces: dict[str, Face], fonts: dict[str, TTFont], coded: dict | None = None, memo=None):
        self.c = canvas
        self.memo = memo
        self._coded = coded if coded is not None else {}
        self._by_face: dict[str, dict] = {}  # face -> character -> what _coded holds for them (this page)
        self._nums: dict[float, str] = {}   # TJ number -> its text
        self.page = page
        self.meta = meta
        self.faces = faces
        self.fonts = fonts
        self.w, self.h, self.m = _media(page, meta)
        self.bleed = _bleed(page, meta)
        self.fill_now: tuple | None = None      # colours set in this page's content stream
        self.stroke_now: tuple | None = None
        self.overprint = (False, False)         # (fill, stroke) overprint in force: PDF's default

    # coordinates
    def X(self, x: float) -> float:
        return self.m + x

    def Y(self, y: float) -> float:
        return self.m + self.page.height - y

    def boxes(self) -> None:
        c, m, b, p = self.c, self.m, self.bleed, self.page
        c.setPageSize((self.w, self.h))
        c.setTrimBox((m, m, m + p.width, m + p.height))
        c.setBleedBox((m - b, m - b, m + p.width + b, m + p.height + b))

    # paint state: DeviceCMYK always; overprint only for 100 % K
    def fill(self, color: CMYK, overprint: bool) -> None:
        if tuple(color) != self.fill_now:           # one `k` per change, not per line
            self.c.setFillColorCMYK(*color)
            self.fill_now = tuple(color)
        self._overprint("fill", overprint and tuple(color) == BLACK)

    def stroke(self, color: CMYK, overprint: bool) -> None:
        if tuple(color) != self.stroke_now:
            self.c.setStrokeColorCMYK(*color)
            self.stroke_now = tuple(color)
        self._overprint("stroke", overprint and tuple(color) == BLACK)

    def _overprint(self, which: str, on: bool) -> None:
        fill, stroke = self.overprint
        want = (on, stroke) if which == "fill" else (fill, on)
        if want != self.overprint:
            self.c._code.append(f"/{_OVERPRINT_STATES[want]} gs")
            self.overprint = want

    def item(self, item) -> None:
        if isinstance(item, TextLine):
            self.text_line(item)
        elif isinstance(item, VText):
            self.vtext(item)
        elif isinstance(item, Rule):
            self.rule(item)
        elif isinstance(item, Rect):
            self.rect(item)
        elif isinstance(item, Path):
            self.path(item)
        elif isinstance(item, Image):
            self.image(item)
        else:
            raise BanmianError(M('renderer got an unknown page item {name}', name=type(item).__name__))

    # text
    def text_line(self, tl: TextLine) -> None:
        if not tl.line.glyphs:
            return
        self.fill(tl.color, overprint=True)
        if self.memo is not None:
            self.c._code.append(self.memo.text_ops(self, tl.line, self.X(tl.x), self.Y(tl.y)))
        else:
            self.c._code.append(self._text_ops(self.X(tl.x), self.Y(tl.y), tl.line.glyphs))

    def _text_ops(self, x0: float, y: float, glyphs) -> str:
        """One BT ... ET with one Tm: TJ arrays, a new one only where font subset, size or scale change.

        Between glyphs the PDF pen is corrected with TJ numbers, so every glyph
        lands on our x, not where the font's advance would put it. (The hottest loop of a
        build: a glyph's fields are unpacked once, its code looked up in its face's table,
        numbers formatted once per value, the scale worked out once per size.)
        """
        doc = self.c._doc
        ops = ["BT"]
        name = size = hscale = None  # subset font name, size and hscale in force
        run: list[str] = []
        pen = None           # where the PDF pen stands (pt, absolute)
        coded = self._coded
        by_face = self._by_face
        nums = self._nums
        face_now = table = None
        scale_of = None      # (size, hscale) the scale below is for
        scale = 0.0
        for g in glyphs:
            text, gx, _, face, gsize, shift, ghs = g
            x = x0 + gx - shift
            if scale_of is None or scale_of[0] != gsize or scale_of[1] != ghs:
                scale = ghs * gsize / 1000.0         # pt per 1/1000 em, horizontally
                scale_of = (gsize, ghs)
            if face != face_now:
                face_now = face
                table = by_face.get(face)
                if table is None:
                    table = by_face[face] = {}
            for i, ch in ((0, text),) if len(text) == 1 else enumerate(text):
                c = table.get(ch)                    # (a cluster's later characters follow the first)
                if c is None:
                    c = coded.get((face, ch))
                    if c is None:
                        c = coded[(face, ch)] = self._code(g, ch, doc)
                    table[ch] = c
                if not c:
                    continue                         # a blank: positions are explicit, it can go
                cname, esc, width = c
                if cname != name or gsize != size or ghs != hscale:
                    if run:
                        ops.append("[" + "".join(run) + "] TJ")
                        run.clear()
                    if name is None or cname != name or gsize != size:
                        s = nums.get(gsize)          # (a line of Han characters changes subset often)
                        if s is None:
                            s = nums[gsize] = _num(gsize)
                        ops.append(f"{cname} {s} Tf")
                    if name is None or ghs != hscale:
                        ops.append(f"{_num(ghs * 100)} Tz")
                    name, size, hscale = cname, gsize, ghs
                if pen is None:
                    ops.append(f"1 0 0 1 {_num(x)} {_num(y)} Tm")
                    pen = x
                elif i == 0:
                    adj = round((pen - x) / scale, 1)   # TJ number: positive moves left
                    if adj:
                        s = nums.get(adj)
                        if s is None:
                            s = nums[adj] = _num(adj)
                        run.append(s)
                        pen -= adj * scale
                run.append(esc)
                pen += width * scale
        if run:
            ops.append("[" + "".join(run) + "] TJ")
        ops.append("ET")
        return " ".join(ops)

    def vtext(self, vt: VText) -> None:
        """A vertical line: each unit at its own text matrix (upright, or turned 90° clockwise), the
        whole line marked with its text in reading order (/ActualText), so extraction reads it as written."""
        if not vt.line.glyphs:
            return
        self.fill(vt.color, overprint=True)
        doc = self.c._doc
        actual = "FEFF" + vt.line.text.encode("utf-16-be").hex().upper()
        ops = [f"/Span <</ActualText <{actual}>>> BDC", "BT", "100 Tz"]
        cur = None
        for g in vt.line.glyphs:
            x, y = self.X(vt.x + g.x), self.Y(vt.y + g.y)
            codes = []
            for ch in g.draw:
                c = self._coded.get((g.face, ch))
                if c is None:
                    c = self._coded[(g.face, ch)] = self._code(g, ch, doc)
                if c:
                    codes.append(c)
            if not codes:
                continue
            for k, (name, esc, _) in enumerate(codes):
                if (name, g.size) != cur:
                    ops.append(f"{name} {_num(g.size)} Tf")
                    cur = (name, g.size)
                if k == 0:
                    m = f"0 -1 1 0 {_num(x)} {_num(y)}" if g.rotate else f"{_num(g.hscale)} 0 0 1 {_num(x)} {_num(y)}"
                    ops.append(f"{m} Tm")
                ops.append(f"{esc} Tj")
        ops += ["ET", "EMC"]
        self.c._code.append(" ".join(ops))

    def _code(self, g, ch: str, doc):
        """(subset font name, escaped string, width in 1/1000 em) of one character, once per render.

        ReportLab hands out subset codes in first-use order, so asking once and
        remembering the answer gives the same file as asking every time.
        """
        face = self.faces.get(g.face)
        font = self.fonts.get(g.face)
        if face is None or font is None:
            raise BanmianError(M("renderer: glyph '{text}' names face '{face}', which was not handed to the "
                                 "renderer",
                                 text=g.text, face=g.face))
        if ord(ch) not in font.face.charToGlyph:
            if ch.isspace() or ch in "\u200b\u2060\ufeff":
                return ()
            raise BanmianError(M("character '{ch}' (U+{v:04X}) is not in font {name}",
                                 ch=ch, v=ord(ch), name=face.name),
                               hint=M("the composer should have chosen a fallback face; add a font that has it to "
                                      "the role's fallback list"))
        (subset, code), = font.splitString(ch, doc)
        return (font.getSubsetInternalName(subset, doc), "(" + self.c._escape(code) + ")",
                font.face.getCharWidth(ord(ch)))

    # vectors
    def rule(self, r: Rule) -> None:
        c = self.c
        self.stroke(r.color, overprint=True)
        c.setLineWidth(r.width)
        c.setLineCap(0)
        c.setDash(list(r.dash) if r.dash else [], 0)
        c.line(self.X(r.x0), self.Y(r.y0), self.X(r.x1), self.Y(r.y1))
        if r.dash:
            c.setDash([], 0)

    def rect(self, r: Rect) -> None:
        if r.fill is None and r.stroke is None:
            return
        c = self.c
        if r.fill is not None:
            self.fill(r.fill, overprint=False)   # a solid black panel knocks out what it covers
        if r.stroke is not None:
            self.stroke(r.stroke, overprint=True)
            c.setLineWidth(r.stroke_width)
        c.rect(self.X(r.x), self.Y(r.y + r.h), r.w, r.h,
               stroke=int(r.stroke is not None), fill=int(r.fill is not None))

    def path(self, p: Path) -> None:
        if len(p.points) < 2 or (p.fill is None and p.stroke is None):
            return
        c = self.c
        if p.fill is not None:
            self.fill(p.fill, overprint=False)
        if p.stroke is not None:
            self.stroke(p.stroke, overprint=True)
            c.setLineWidth(p.stroke_width)
        shape = c.beginPath()
        (x, y), *rest = p.points
        shape.moveTo(self.X(x), self.Y(y))
        for x, y in rest:
            shape.lineTo(self.X(x), self.Y(y))
        if p.closed:
            shape.close()
        c.drawPath(shape, stroke=int(p.stroke is not None), fill=int(p.fill is not None and p.closed))

    # photos
    def image(self, im: Image) -> None:
        c = self.c
        iw, ih = (im.img_w or im.w), (im.img_h or im.h)
        ix, iy = (im.img_x if im.img_w else im.x), (im.img_y if im.img_h else im.y)
        jpeg = photo_jpeg(im, self.meta.icc_profile or profile.DEFAULT_CMYK_PROFILE, self.meta.max_ink)
        reader = _JpegReader(jpeg)
        # a photo knocks out what lies below it: no overprint left on from black text
        # (harmless for an opaque image, but shops' preflights flag it)
        self._overprint("fill", False)
        c.saveState()
        clip = c.beginPath()
        clip.rect(self.X(im.x), self.Y(im.y + im.h), im.w, im.h)
        c.clipPath(clip, stroke=0, fill=0)
        c.drawImage(reader, self.X(ix), self.Y(iy + ih), iw, ih)
        c.restoreState()

    # marks and slug, outside the bleed box
    def marks(self, face_id: str) -> None:
        c, m, b, p = self.c, self.m, self.bleed, self.page
        # registration colour is the Separation /All (ISO 32000-1 §8.6.6.4): one colorant that
        # prints on every plate the shop makes, spot plates included, not 1/1/1/1 CMYK
        self._overprint("stroke", False)
        c.setStrokeColor(CMYKColorSep(*REGISTRATION, spotName="All"))
        self.stroke_now = ("All",)              # not a CMYK tuple: the next stroke() sets its colour
        c.setLineWidth(MARK_WIDTH)
        c.setDash([], 0)
        off = b + MARK_GAP
        x0, x1, y0, y1 = m, m + p.width, m, m + p.height
        for x, y, sx, sy in ((x0, y0, -1, -1), (x1, y0, 1, -1), (x0, y1, -1, 1), (x1, y1, 1, 1)):
            c.line(x, y + sy * off, x, y + sy * (off + MARK_LENGTH))     # vertical mark
            c.line(x + sx * off, y, x + sx * (off + MARK_LENGTH), y)     # horizontal mark
        r = 2 * MM
        centre_off = off + r + 0.5 * MM
        for cx, cy in (((x0 + x1) / 2, y0 - centre_off), ((x0 + x1) / 2, y1 + centre_off),
                       (x0 - centre_off, (y0 + y1) / 2), (x1 + centre_off, (y0 + y1) / 2)):
            c.circle(cx, cy, r * 0.6, stroke=1, fill=0)
            c.line(cx - r, cy, cx + r, cy)
            c.line(cx, cy - r, cx, cy + r)
        self._slug(face_id, x0 + 12 * MM, y0 - off - MARK_LENGTH + 0.5)

    def _slug(self, face_id: str, x: float, y: float) -> None:
        from layout.boxes import Glyph
        face = self.faces[face_id]
        meta, p = self.meta, self.page
        text = "  ".join(s for s in (meta.paper, meta.issue, p.label or f"第{p.number}版",
                                      meta.date.isoformat()) if s)
        glyphs, gx = [], 0.0
        for ch in text:
            if not face.has(ch):
                ch = "?"
            adv = face.advance(ch) * SLUG_SIZE if face.has(ch) else SLUG_SIZE / 2
            glyphs.append(Glyph(ch, gx, adv, face_id, SLUG_SIZE))
            gx += adv
        self.fill(BLACK, overprint=True)
        self.c._code.append(self._text_ops(x, y, glyphs))

    # outline: page -> article titles
    def outline(self, index: int) -> None:
        c, p = self.c, self.page
        if not (p.bookmarks or p.label):
            return
        key = f"p{index}"
        c.bookmarkPage(key, fit="XYZ", left=0, top=self.h)
        c.addOutlineEntry(p.label or f"第{p.number}版", key, level=0, closed=False)
        for j, bm in enumerate(p.bookmarks):
            k = f"p{index}b{j}"
            c.bookmarkPage(k, fit="XYZ", left=0, top=min(self.h, self.Y(bm.y) + 12))
            c.addOutlineEntry(bm.title, k, level=1)


def _slug_face(faces: dict[str, Face]) -> str:
    """The face for the slug line and the canvas's initial font: hei, else song, else any."""
    if not faces:
        raise BanmianError(M('renderer got no fonts'), hint=M('the make-up stage passes the faces it used'))
    for prefix in ("hei-", "song-", ""):
        for fid in sorted(faces):
            if fid.startswith(prefix):
                return fid
    return sorted(faces)[0]


def _num(v: float) -> str:
    """A compact, stable number for content streams (3 decimals, no trailing zeros)."""
    s = f"{v:.3f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


class _JpegReader(ImageReader):
    """A JPEG handed to ReportLab as it is (DCT passthrough).

    ReportLab names an image by a digest of its decoded pixels; the JPEG's own
    bytes identify it just as well and spare decoding every photo on every build.
    """

    def __init__(self, jpeg: bytes):
        super().__init__(io.BytesIO(jpeg))
        self._jpeg = jpeg
        self._dataA = None            # a JPEG carries no alpha channel

    def getRGBData(self):
        return self._jpeg
