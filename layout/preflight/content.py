"""The page content walk: every operator of a page, its forms and annotation appearances.

Tracks the graphics state (CTM, colour spaces, overprint through ExtGState) and
reports what print.md §3 and §5 forbid or limit: RGB or Lab colour anywhere,
black text that is not 100 % K with overprint and OPM 1, rich black text, total
ink over the house limit, images below the house resolution in their placed size.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, StreamObject
from layout.i18n import M
from layout.source.units import MM
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from layout.preflight.check import Limits, _Collector
from layout.preflight import hazards
from layout.preflight.tokenizer import operations


RGB_SPACES = {"/DeviceRGB", "/CalRGB", "/RGB"}


LAB_SPACES = {"/Lab"}


ABBREV_SPACES = {"/G": "/DeviceGray", "/RGB": "/DeviceRGB", "/CMYK": "/DeviceCMYK", "/I": "/Indexed"}


@dataclass
class _State:
    """The parts of the graphics state preflight cares about."""
    ctm: tuple = (1, 0, 0, 1, 0, 0)
    fill_space: str = "/DeviceGray"
    fill: tuple = (0.0,)
    stroke_space: str = "/DeviceGray"
    stroke: tuple = (0.0,)
    op_fill: bool = False
    op_stroke: bool = False
    opm: int = 0
    render_mode: int = 0
    font: str = ""
    font_size: float = 0.0
    char_space: float = 0.0     # Tc
    word_space: float = 0.0     # Tw
    hscale: float = 1.0         # Tz / 100
    leading: float = 0.0        # TL
    line_width: float = 1.0     # w, in user space

    def copy(self) -> "_State":
        return _State(**vars(self))


def _mul(a, b):
    """Matrix product a × b (PDF row-vector convention: apply a, then b)."""
    return (a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5])


_TEXT_OPS = {b"Tj", b"TJ", b"'", b'"'}


_FILL_OPS = {b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"}


_STROKE_OPS = {b"S", b"s"}


class _Content:
    """Walks one content stream (and the forms it calls) with a graphics-state stack."""

    def __init__(self, page: int, flavour: str | None, limits: Limits, out: _Collector, where: str,
                 trim=None, bleed=None):
        self.page = page
        self.trim = trim
        self.bleed = bleed or trim
        self.tm = self.tlm = (1, 0, 0, 1, 0, 0)     # text and text-line matrices (inside BT)
        self.path_start = (0.0, 0.0)                  # first point of the path being built
        self.widths: dict = {}
        self.flavour = flavour
        self.limits = limits
        self.out = out
        self.where = where
        self.seen_forms: set = set()
        self.checked_resources: set = set()

    def err(self, obj, msg):
        self.out.error(self.page, obj, msg)

    def warn(self, obj, msg):
        self.out.warning(self.page, obj, msg)

    # resources --------------------------------------------------------------------
    def check_resources(self, res: DictionaryObject, where: str) -> None:
        key = id(res)
        if key in self.checked_resources:
            return
        self.checked_resources.add(key)
        for name, cs in (res.get("/ColorSpace") or DictionaryObject()).get_object().items():
            self.check_space(cs, f"colour space {name} in the resources of the {where}")
        for name, font in (res.get("/Font") or DictionaryObject()).get_object().items():
            self.check_font(name, font.get_object(), where)
        for name, sh in (res.get("/Shading") or DictionaryObject()).get_object().items():
            sh = sh.get_object()
            self.check_space(sh.get("/ColorSpace"), f"shading {name}")
        for name, pat in (res.get("/Pattern") or DictionaryObject()).get_object().items():
            pat = pat.get_object()
            if pat.get("/PatternType") == 2 and "/Shading" in pat:
                self.check_space(pat["/Shading"].get_object().get("/ColorSpace"), f"pattern {name}")
            elif isinstance(pat, StreamObject) and "/Resources" in pat:
                self.check_resources(pat["/Resources"].get_object(), f"pattern {name}")
        for name, gs in (res.get("/ExtGState") or DictionaryObject()).get_object().items():
            self.check_extgstate(name, gs.get_object())
        for name, xo in (res.get("/XObject") or DictionaryObject()).get_object().items():
            xo = xo.get_object()
            if xo.get("/Subtype") == "/Image":
                self.check_image_object(name, xo)
            else:
                hazards.xobject(self, name, xo)

    def check_space(self, cs, obj: str) -> None:
        hazards.space(self, cs, obj)
        kind = _space_kind(cs)
        if kind == "rgb":
            self.err(obj, M('RGB colour ({v}); newsprint is printed in CMYK', v=_space_name(cs)))
        elif kind == "lab":
            self.err(obj, M('Lab colour ({v}); convert to CMYK', v=_space_name(cs)))
        elif kind == "other" and self.flavour == "x1a":
            self.err(obj, M('colour space {v} is not allowed in PDF/X-1a', v=_space_name(cs)))

    def check_font(self, name, font: DictionaryObject, where: str) -> None:
        base = str(font.get("/BaseFont", font.get("/Name", "?")))
        obj = M("font {name} ({base})", name=name, base=base.lstrip("/"))
        if re.match(r"^/[A-Z]{6}\+", base):
            self.out.subset_tags.setdefault(base[1:7], set()).add(base[8:])
        sub = font.get("/Subtype")
        if sub == "/Type3":
            if "/Resources" in font:
                self.check_resources(font["/Resources"].get_object(), f"Type 3 font {name}")
            return
        desc_font = font
        if sub == "/Type0":
            kids = font.get("/DescendantFonts")
            desc_font = kids.get_object()[0].get_object() if kids else DictionaryObject()
        fd = desc_font.get("/FontDescriptor")
        fd = fd.get_object() if fd is not None else None
        if fd is None or not any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            self.err(obj, M("not embedded (in the resources of the {where}); the shop's RIP would substitute "
                            "another font",
                            where=where))

    def check_extgstate(self, name, gs: DictionaryObject) -> None:
        hazards.extgstate(self, name, gs)
        if self.flavour != "x1a":
            return
        obj = M("graphics state {name}", name=name)
        smask = gs.get("/SMask")
        if smask is not None and smask != "/None":
            self.err(obj, M('a soft mask (PDF/X-1a allows no transparency)'))
        for key in ("/CA", "/ca"):
            if key in gs and float(gs[key]) < 1:
                self.err(obj, M('opacity {key} {v:g} (PDF/X-1a allows no transparency)', key=key, v=float(gs[key])))
        bm = gs.get("/BM")
        if bm is not None:
            modes = bm if isinstance(bm, ArrayObject) else [bm]
            if any(m not in ("/Normal", "/Compatible") for m in modes):
                self.err(obj, M('blend mode {bm} (PDF/X-1a allows no transparency)', bm=bm))

    def check_image_object(self, name, img: DictionaryObject) -> None:
        w, h = img.get("/Width", "?"), img.get("/Height", "?")
        obj = M("image {name} ({w}×{h} px)", name=name, w=w, h=h)
        if _true(img.get("/ImageMask")):
            return
        self.check_space(img.get("/ColorSpace"), obj)
        if self.flavour == "x1a":
            if "/SMask" in img:
                self.err(obj, M('has a soft mask (PDF/X-1a allows no transparency)'))
            filters = img.get("/Filter")
            filters = filters if isinstance(filters, ArrayObject) else [filters]
            if "/JPXDecode" in filters:
                self.err(obj, M('JPEG 2000 is not allowed in PDF/X-1a'))
        if "/OPI" in img or "/Alternates" in img:
            self.err(obj, M('external references (OPI/alternates) are not allowed'))
        if _space_kind(img.get("/ColorSpace")) == "cmyk":
            tac = self.out.image_tac(img)
            if tac is not None and tac > self.limits.max_tac + 0.5:
                self.warn(obj, M("total ink reaches {tac:.0f} % in its shadows, above the newsprint limit of "
                                 "{max_tac:.0f} % (convert photos with the shop's newsprint profile)",
                                 tac=tac, max_tac=self.limits.max_tac))

    # walking ----------------------------------------------------------------------
    def run(self, contents, resources: DictionaryObject, state: _State) -> None:
        self.check_resources(resources, self.where)
        if contents is not None:
            self.walk_stream(contents, resources, state, "content stream")

    def run_form(self, form: StreamObject, state: _State) -> None:
        res = form.get("/Resources")
        res = res.get_object() if res is not None else DictionaryObject()
        if "/Matrix" in form:
            state = state.copy()
            state.ctm = _mul(tuple(float(v) for v in form["/Matrix"]), state.ctm)
        group = form.get("/Group")
        if group is not None and group.get_object().get("/S") == "/Transparency":
            if self.flavour == "x1a":
                self.err(self.where, M('a transparency group in a form (PDF/X-1a allows no transparency)'))
            if _space_kind(group.get_object().get("/CS")) in ("rgb", "lab"):
                self.err(self.where, M("transparency group blends in {v}; use DeviceCMYK",
                                       v=_space_name(group.get_object()['/CS'])))
        self.check_resources(res, "form")
        self.walk_stream(form, res, state, "form content")

    def walk_stream(self, stream, res, state: _State, what: str) -> None:
        """Parse a content stream and walk its operators; an unreadable one is an error, not a crash."""
        try:
            ops = operations(stream)
        except Exception as e:
            self.err(self.where, M('{what} cannot be parsed ({e})', what=what, e=e))
            return
        self.walk(ops, res, state)

    def walk(self, ops, res: DictionaryObject, state: _State) -> None:
        stack: list[_State] = []
        st = state.copy()
        spaces = (res.get("/ColorSpace") or DictionaryObject()).get_object()
        for operands, op in ops:
            if op == b"q":
                stack.append(st.copy())
            elif op == b"Q":
                if stack:
                    st = stack.pop()
            elif op == b"cm":
                st.ctm = _mul(tuple(float(v) for v in operands), st.ctm)
            elif op in (b"rg", b"RG"):
                self.err(self.where, M("RGB colour (operator {decode} {v}); newsprint is printed in CMYK",
                                       decode=op.decode(), v=_nums(operands)))
                self._set_colour(st, op == b"rg", "/DeviceRGB", operands)
            elif op in (b"k", b"K"):
                self._set_colour(st, op == b"k", "/DeviceCMYK", operands)
            elif op in (b"g", b"G"):
                self._set_colour(st, op == b"g", "/DeviceGray", operands)
            elif op in (b"cs", b"CS"):
                space = operands[0]
                resolved = spaces.get(space, space) if space not in ("/DeviceGray", "/DeviceRGB",
                                                                     "/DeviceCMYK", "/Pattern") else space
                kind = _space_kind(resolved)
                if kind in ("rgb", "lab"):
                    self.err(self.where, M("{v} colour space {v2} selected (operator {decode})",
                                           v='RGB' if kind == 'rgb' else 'Lab', v2=_space_name(resolved),
                                           decode=op.decode()))
                fill = op == b"cs"
                # an ICC-based CMYK or gray space counts as its device space for the black-text rules
                name = {"cmyk": "/DeviceCMYK", "gray": "/DeviceGray"}.get(kind, _space_name(resolved))
                if fill:
                    st.fill_space, st.fill = name, (0.0,)
                else:
                    st.stroke_space, st.stroke = name, (0.0,)
            elif op in (b"sc", b"scn", b"SC", b"SCN"):
                values = tuple(float(v) for v in operands if not isinstance(v, NameObject))
                if op in (b"sc", b"scn"):
                    st.fill = values
                else:
                    st.stroke = values
            elif op == b"gs":
                gs = (res.get("/ExtGState") or DictionaryObject()).get_object().get(operands[0])
                if gs is not None:
                    gs = gs.get_object()
                    if "/OP" in gs:
                        st.op_stroke = _true(gs["/OP"])
                        if "/op" not in gs:
                            st.op_fill = _true(gs["/OP"])
                    if "/op" in gs:
                        st.op_fill = _true(gs["/op"])
                    if "/OPM" in gs:
                        st.opm = int(gs["/OPM"])
            elif op == b"Tf":
                st.font, st.font_size = str(operands[0]), float(operands[1])
            elif op == b"Tr":
                st.render_mode = int(operands[0])
            elif op == b"Tc":
                st.char_space = float(operands[0])
            elif op == b"Tw":
                st.word_space = float(operands[0])
            elif op == b"Tz":
                st.hscale = float(operands[0]) / 100
            elif op == b"TL":
                st.leading = float(operands[0])
            elif op == b"BT":
                self.tm = self.tlm = (1, 0, 0, 1, 0, 0)
            elif op == b"Tm":
                self.tm = self.tlm = tuple(float(v) for v in operands)
            elif op in (b"Td", b"TD"):
                tx, ty = float(operands[0]), float(operands[1])
                if op == b"TD":
                    st.leading = -ty
                self.tm = self.tlm = _mul((1, 0, 0, 1, tx, ty), self.tlm)
            elif op == b"T*":
                self.tm = self.tlm = _mul((1, 0, 0, 1, 0, -st.leading), self.tlm)
            elif op in _TEXT_OPS:
                if op in (b"'", b'"'):
                    if op == b'"':
                        st.word_space, st.char_space = float(operands[0]), float(operands[1])
                    self.tm = self.tlm = _mul((1, 0, 0, 1, 0, -st.leading), self.tlm)
                self.check_text(st, res)
                self.check_tac(st, M("text"))
                self.text_extent(st, res, operands[-1] if op != b"TJ" else operands[0], op == b"TJ")
            elif op == b"w":
                st.line_width = float(operands[0])
            elif op in (b"m", b"re"):
                self.path_start = _apply(st.ctm, float(operands[0]), float(operands[1]))
            elif op in _FILL_OPS or op in _STROKE_OPS:
                if op in _FILL_OPS:
                    self.check_tac(st, M("filled shape"))
                if op in _STROKE_OPS or op in (b"B", b"B*", b"b", b"b*"):
                    self.check_hairline(st)
                    hazards.stroke_paint(self, st)
            elif op == b"Do":
                self.do(operands[0], res, st)
            elif op == b"INLINE IMAGE":
                self.inline_image(operands, st)
            elif op == b"sh":
                sh = (res.get("/Shading") or DictionaryObject()).get_object().get(operands[0])
                if sh is not None:
                    self.check_space(sh.get_object().get("/ColorSpace"), f"shading {operands[0]}")

    def _set_colour(self, st: _State, fill: bool, space: str, operands) -> None:
        values = tuple(float(v) for v in operands)
        if fill:
            st.fill_space, st.fill = space, values
        else:
            st.stroke_space, st.stroke = space, values

    def check_text(self, st: _State, res) -> None:
        if st.render_mode in (3, 7):
            return                               # invisible text (e.g. an OCR layer)
        font = st.font or "?"
        fonts = (res.get("/Font") or DictionaryObject()).get_object()
        base = fonts.get(font)
        base = str(base.get_object().get("/BaseFont", "")).lstrip("/") if base is not None else ""
        obj = f"text in font {font}" + (f" ({base})" if base else "")
        hazards.text_paint(self, st, obj)
        if st.render_mode in (1, 5):
            return                               # stroked outline text: the stroke colour rules
        space, v = st.fill_space, st.fill
        if space == "/DeviceCMYK" and len(v) == 4:
            c, m, y, k = v
            if k >= 0.8 and max(c, m, y) > 0.001:
                self.err(obj, M("rich black text (C{v:.0f} M{v2:.0f} Y{v3:.0f} K{v4:.0f}); black type must be 100 % "
                                "K only",
                                v=c * 100, v2=m * 100, v3=y * 100, v4=k * 100))
            elif k >= 0.999 and max(c, m, y) <= 0.001 and not st.op_fill:
                self.err(obj, M("100 % K black text without overprint (set /op true in an ExtGState) would leave "
                                "white halos on misregistration"))
            elif k >= 0.999 and max(c, m, y) <= 0.001 and st.opm != 1:
                self.err(obj, M("100 % K black text overprints in overprint mode 0, where its zero C, M and Y still "
                                "knock out what lies below (set /OPM 1 in the ExtGState)"))
        elif space == "/DeviceGray" and len(v) == 1 and v[0] <= 0.001 and not st.op_fill:
            self.err(obj, M('black text (DeviceGray 0) without overprint (set /op true in an ExtGState)'))

    def text_extent(self, st: _State, res, shown, is_array: bool) -> None:
        """Advance the text matrix over the shown string and warn when it comes near the trim edge."""
        start_tm = self.tm
        advance = 0.0
        w = self.font_widths(st.font, res)
        items = shown if is_array else [shown]
        for item in items:
            if isinstance(item, (bytes, str)):
                data = item if isinstance(item, bytes) else item.encode("latin1", "replace")
                if hasattr(item, "original_bytes"):
                    data = item.original_bytes
                if w is None:
                    return                          # unknown widths: no extent, no check
                advance += w(data, st)
            else:
                advance -= float(item) / 1000 * st.font_size * st.hscale
        self.tm = _mul((1, 0, 0, 1, advance, 0), self.tm)
        if st.render_mode in (3, 7) or self.trim is None:
            return
        # the glyphs' box (ascent to descent), not the baseline only: a tall headline can be cut
        self.check_near_trim(hazards.glyph_corners(self, st, res, start_tm, self.tm), st)

    def check_near_trim(self, points, st: _State) -> None:
        x0, y0, x1, y1 = self.trim
        b = self.bleed
        if all(not (b[0] < x < b[2] and b[1] < y < b[3]) for x, y in points):
            return                                   # slug line, marks: outside the bleed box
        least = min(min(x - x0, x1 - x, y - y0, y1 - y) for x, y in points)
        if least < self.limits.safe_pt:
            font = st.font or "?"
            where = "crosses the trim edge" if least < 0 else f"is {least / MM:.1f} mm from the trim edge"
            self.warn(M("text in font {font}",
                        font=font), M("{where}; keep text at least {v:.0f} mm inside the "
                                                             "trim",
                                                             where=where, v=self.limits.safe_pt / MM))

    def font_widths(self, name, res):
        """A function (bytes, state) -> advance in text space for the named font, or None."""
        fonts = (res.get("/Font") or DictionaryObject()).get_object()
        ref = fonts.raw_get(name) if name in fonts else None
        if ref is None:
            return None
        key = ref.idnum if isinstance(ref, IndirectObject) else id(ref)
        if key not in self.widths:
            self.widths[key] = _width_function(ref.get_object())
        return self.widths[key]

    def check_hairline(self, st: _State) -> None:
        a, b, c, d = st.ctm[:4]
        width = st.line_width * math.sqrt(abs(a * d - b * c))
        x, y = self.path_start
        bl = self.bleed
        if bl is not None and not (bl[0] <= x <= bl[2] and bl[1] <= y <= bl[3]):
            return                                   # crop and registration marks
        if width < self.limits.min_line_pt:
            self.warn(self.where, M("a line {width:.2f} pt wide (0 = the thinnest the device can draw); lines under "
                                    "{least:g} pt may vanish on newsprint", width=width, least=self.limits.min_line_pt)
                      if width == 0 else
                      M("a line {width:.2f} pt wide; lines under {least:g} pt may vanish on newsprint",
                        width=width, least=self.limits.min_line_pt))

    def check_tac(self, st: _State, what: str) -> None:
        if st.fill_space != "/DeviceCMYK" or len(st.fill) != 4:
            return
        tac = sum(st.fill) * 100
        if tac > self.limits.max_tac + 0.5:
            c, m, y, k = (v * 100 for v in st.fill)
            self.warn(self.where, M("{what} in C{c:.0f} M{m:.0f} Y{y:.0f} K{k:.0f}: total ink {tac:.0f} % is above "
                                    "the newsprint limit of {max_tac:.0f} %",
                                    what=what, c=c, m=m, y=y, k=k, tac=tac, max_tac=self.limits.max_tac))

    def do(self, name, res, st: _State) -> None:
        xo = (res.get("/XObject") or DictionaryObject()).get_object().get(name)
        if xo is None:
            self.err(self.where, M('draws XObject {name}, which is not in the resources', name=name))
            return
        ref = xo.indirect_reference if hasattr(xo, "indirect_reference") else None
        xo = xo.get_object()
        sub = xo.get("/Subtype")
        if sub == "/Image":                       # (its colour was checked with the resources)
            hazards.image_paint(self, st, f"image {name} ({xo.get('/Width')}×{xo.get('/Height')} px)")
            if not _true(xo.get("/ImageMask")):
                self.check_ppi(f"image {name} ({xo.get('/Width')}×{xo.get('/Height')} px)",
                               int(xo.get("/Width", 0)), int(xo.get("/Height", 0)), st.ctm)
        elif sub == "/Form":
            key = (ref.idnum if ref is not None else id(xo))
            if key in self.seen_forms:
                return                            # a form that draws itself: stop the loop
            self.seen_forms.add(key)
            saved = self.where
            self.where = M("form {name}", name=name)
            self.run_form(xo, st)                 # walked at every use: placed sizes differ
            self.where = saved
            self.seen_forms.discard(key)

    def inline_image(self, operands, st: _State) -> None:
        settings = operands.get("settings", {}) if isinstance(operands, dict) else {}
        w = int(settings.get("/W", settings.get("/Width", 0)) or 0)
        h = int(settings.get("/H", settings.get("/Height", 0)) or 0)
        obj = M("inline image ({w}×{h} px)", w=w, h=h)
        cs = settings.get("/CS", settings.get("/ColorSpace"))
        if cs is not None:
            cs = ABBREV_SPACES.get(cs, cs)
            self.check_space(cs, obj)
        if not (_true(settings.get("/IM")) or _true(settings.get("/ImageMask"))):
            self.check_ppi(obj, w, h, st.ctm)

    def check_ppi(self, obj: str, w: int, h: int, ctm) -> None:
        a, b, c, d = ctm[:4]
        width_in = math.hypot(a, b) / 72
        height_in = math.hypot(c, d) / 72
        if w <= 1 or h <= 1 or width_in <= 0 or height_in <= 0:
            return
        ppi = min(w / width_in, h / height_in)
        if ppi < self.limits.ppi_error:
            self.err(obj, M("{ppi:.0f} ppi in its placed size ({v:.0f}×{v2:.0f} mm); at least {ppi_error:.0f} ppi "
                            "is needed, {ppi_warning:.0f} is good",
                            ppi=ppi, v=width_in * 25.4, v2=height_in * 25.4, ppi_error=self.limits.ppi_error,
                            ppi_warning=self.limits.ppi_warning))
        elif ppi < self.limits.ppi_warning:
            self.warn(obj, M("{ppi:.0f} ppi in its placed size ({v:.0f}×{v2:.0f} mm); {ppi_warning:.0f} ppi is good "
                             "for newsprint",
                             ppi=ppi, v=width_in * 25.4, v2=height_in * 25.4, ppi_warning=self.limits.ppi_warning))


def _image_tac(img) -> float | None:
    """The total ink of an 8-bit CMYK image near its darkest (99.5th percentile), or None if unreadable."""
    import io
    from PIL import Image as PILImage
    try:
        if int(img.get("/BitsPerComponent", 8)) != 8:
            return None
        w, h = int(img["/Width"]), int(img["/Height"])
        filters = img.get("/Filter")
        filters = list(filters) if isinstance(filters, ArrayObject) else [filters] if filters else []
        if filters and filters[-1] == "/DCTDecode":
            # Pillow undoes the Adobe inversion itself, which is what /Decode [1 0 ...] asks for
            raw = img._data if filters == ["/DCTDecode"] else _undo_filters(img, filters[:-1])
            im = PILImage.open(io.BytesIO(raw))
            im.draft("CMYK", (max(1, w // 8), max(1, h // 8)))
            im = im.convert("CMYK")
        else:
            im = PILImage.frombytes("CMYK", (w, h), img.get_data())
            decode = img.get("/Decode")
            if decode is not None and [float(v) for v in decode][:2] == [1.0, 0.0]:
                from PIL import ImageChops
                im = ImageChops.invert(im)
        im.thumbnail((256, 256), PILImage.Resampling.BOX)
        b = im.tobytes()
        sums = sorted(map(sum, zip(b[0::4], b[1::4], b[2::4], b[3::4])))
    except Exception:
        return None
    return sums[int(len(sums) * 0.995) - 1 if len(sums) > 1 else 0] / 2.55


def _undo_filters(img, filters) -> bytes:
    """The raw JPEG under ASCII85/ASCIIHex/Flate wrappers."""
    from pypdf.filters import ASCII85Decode, ASCIIHexDecode, FlateDecode
    codecs = {"/ASCII85Decode": ASCII85Decode, "/A85": ASCII85Decode, "/ASCIIHexDecode": ASCIIHexDecode,
              "/AHx": ASCIIHexDecode, "/FlateDecode": FlateDecode, "/Fl": FlateDecode}
    data = img._data
    for f in filters:
        data = codecs[f].decode(data)
    return data


def _true(v) -> bool:
    """A PDF boolean as Python sees it (pypdf's BooleanObject(False) is truthy)."""
    return bool(getattr(v, "value", v)) if v is not None else False


def _apply(m, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _width_function(font: DictionaryObject):
    """Advance of a shown string in text space: simple fonts (/Widths) and Identity-H Type 0 (/W)."""
    sub = font.get("/Subtype")
    if sub in ("/TrueType", "/Type1", "/MMType1"):
        first = int(font.get("/FirstChar", 0))
        widths = [float(v) for v in font.get("/Widths") or []]
        fd = font.get("/FontDescriptor")
        missing = float(fd.get_object().get("/MissingWidth", 0)) if fd is not None else 0.0
        if not widths:
            return None

        def simple(data: bytes, st: _State) -> float:
            total = 0.0
            for c in data:
                wd = widths[c - first] if 0 <= c - first < len(widths) else missing
                total += (wd / 1000 * st.font_size + st.char_space + (st.word_space if c == 32 else 0)) * st.hscale
            return total
        return simple
    if sub == "/Type0" and font.get("/Encoding") in ("/Identity-H",):
        kid = font["/DescendantFonts"][0].get_object()
        default = float(kid.get("/DW", 1000))
        table: dict[int, float] = {}
        w = list(kid.get("/W") or [])
        i = 0
        while i < len(w):
            c = int(w[i])
            nxt = w[i + 1].get_object() if isinstance(w[i + 1], IndirectObject) else w[i + 1]
            if isinstance(nxt, ArrayObject):
                for j, v in enumerate(nxt):
                    table[c + j] = float(v)
                i += 2
            else:
                for cid in range(c, int(nxt) + 1):
                    table[cid] = float(w[i + 2])
                i += 3

        def cid(data: bytes, st: _State) -> float:
            total = 0.0
            for k in range(0, len(data) - 1, 2):
                code = data[k] << 8 | data[k + 1]
                total += (table.get(code, default) / 1000 * st.font_size + st.char_space) * st.hscale
            return total
        return cid
    return None


def _nums(operands) -> str:
    return " ".join(f"{float(v):g}" for v in operands)


def _space_name(cs) -> str:
    if cs is None:
        return "none"
    cs = cs.get_object() if isinstance(cs, IndirectObject) else cs
    if isinstance(cs, ArrayObject) and cs:
        return str(cs[0])
    return str(cs)


def _space_kind(cs) -> str:
    """'rgb', 'lab', 'cmyk', 'gray', 'spot' or 'other' for a colour space (name or array)."""
    if cs is None:
        return "none"
    cs = cs.get_object() if isinstance(cs, IndirectObject) else cs
    if isinstance(cs, NameObject) or isinstance(cs, str):
        cs = ABBREV_SPACES.get(str(cs), str(cs))
        return {"/DeviceRGB": "rgb", "/CalRGB": "rgb", "/Lab": "lab", "/DeviceCMYK": "cmyk",
                "/DeviceGray": "gray", "/CalGray": "gray", "/Pattern": "pattern"}.get(cs, "other")
    if isinstance(cs, ArrayObject) and cs:
        family = str(cs[0])
        if family in ("/CalRGB",):
            return "rgb"
        if family == "/Lab":
            return "lab"
        if family == "/CalGray":
            return "gray"
        if family == "/ICCBased":
            n = cs[1].get_object().get("/N")
            alt = cs[1].get_object().get("/Alternate")
            if n == 3:
                return "lab" if alt is not None and _space_kind(alt) == "lab" else "rgb"
            return {1: "gray", 4: "cmyk"}.get(n, "other")
        if family in ("/Indexed", "/I"):
            return _space_kind(cs[1])
        if family == "/Pattern":
            return _space_kind(cs[1]) if len(cs) > 1 else "pattern"
        if family in ("/Separation", "/DeviceN"):
            alt = _space_kind(cs[2])
            return alt if alt in ("rgb", "lab") else "spot"
    return "other"
