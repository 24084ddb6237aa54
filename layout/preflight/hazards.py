"""Print hazards the content walk used to pass unseen (issue 16), one function per hazard.

Each function takes the walk (content._Content, for its page, limits and findings) or the
document's pieces and reports what it finds, naming the page and the object. They are
called from content.py and check.py at the point where the state they judge is known:

    text_paint(walk, st, obj)          white text set to overprint: it vanishes on press
    glyph_corners(walk, st, res, a, b) text's glyph box (ascent/descent), not only its baseline
    stroke_paint(walk, st)             rich-black rules, 100 % K rules without overprint, ink
    image_paint(walk, st, obj)         a photo drawn with fill overprint on
    xobject(walk, name, xo)            PostScript XObjects and reference XObjects
    extgstate(walk, name, gs)          transfer functions (and halftones) in graphics states
    space(walk, cs, obj)               spot colours (Separation / DeviceN beyond the process plates)
    metadata(info, xmp, out)           Info dictionary and XMP packet disagreeing
    output_profile(flavour, intent, out)  an OutputIntent without its profile; the generic default

print.md §3 (colour, overprint), §1 (PDF/X identification); ISO 15930-7 (PDF/X-4) §6.2.x.
"""
from __future__ import annotations

from layout.i18n import M
from layout.render.profile import DEFAULT_PROFILE_NOTE  # (said by the build and by the preflight)
import hashlib
import re

from pypdf.generic import ArrayObject, IndirectObject

# colorant names that are no extra plate: the process inks, All (registration) and None
PROCESS_COLORANTS = {"/Cyan", "/Magenta", "/Yellow", "/Black", "/All", "/None"}

# the free profile banmian embeds when the house style names none (pdfx.DEFAULT_CMYK_PROFILE)
DEFAULT_PROFILE_NAMES = ("Artifex CMYK SWOP Profile",)


def _is_white(space: str, v: tuple) -> bool:
    if space == "/DeviceCMYK" and len(v) == 4:
        return max(v) <= 0.001
    if space == "/DeviceGray" and len(v) == 1:
        return v[0] >= 0.999
    return False


def text_paint(walk, st, obj: str) -> None:
    """White (paper-coloured) text with fill overprint: overprinting white prints nothing."""
    if st.render_mode in (3, 7):
        return
    if st.op_fill and _is_white(st.fill_space, st.fill) and st.render_mode in (0, 2, 4, 6):
        walk.err(obj, M('white text set to overprint: it vanishes on press (white must knock out; set /op false for it)'))
    if st.op_stroke and _is_white(st.stroke_space, st.stroke) and st.render_mode in (1, 2, 5, 6):
        walk.err(obj, M('white outlined text set to overprint: it vanishes on press'))


def glyph_corners(walk, st, res, start_tm, end_tm) -> list[tuple[float, float]]:
    """The corners of the shown text's glyph box on the page: baseline start and end raised by
    the font's ascent and lowered by its descent (a headline's top can cross the trim while
    its baseline is well inside)."""
    from layout.preflight.content import _apply, _mul
    asc, desc = _vertical_extent(st.font, res)
    size = st.font_size
    out = []
    for tm in (start_tm, end_tm):
        m = _mul(tm, st.ctm)
        for dy in (asc * size, desc * size):
            out.append(_apply(m, 0, dy))
    return out


def _vertical_extent(name, res) -> tuple[float, float]:
    """(ascent, descent) of a font in em; 0.88/-0.12 (a CJK face's) when the font does not say."""
    from pypdf.generic import DictionaryObject
    fonts = (res.get("/Font") or DictionaryObject()).get_object()
    font = fonts.get(name)
    try:
        font = font.get_object()
        if font.get("/Subtype") == "/Type0":
            font = font["/DescendantFonts"][0].get_object()
        fd = font["/FontDescriptor"].get_object()
        asc, desc = float(fd.get("/Ascent", 880)), float(fd.get("/Descent", -120))
        if asc <= 0 and "/FontBBox" in fd:
            bbox = [float(v) for v in fd["/FontBBox"]]
            asc, desc = bbox[3], bbox[1]
        return asc / 1000, min(desc, 0) / 1000
    except Exception:
        return 0.88, -0.12


def stroke_paint(walk, st) -> None:
    """A stroked line: rich black (C, M, Y under K) misregisters into a coloured fringe; 100 % K
    without overprint leaves a white halo; and its ink counts like a fill's."""
    if st.stroke_space != "/DeviceCMYK" or len(st.stroke) != 4:
        if st.stroke_space == "/DeviceGray" and len(st.stroke) == 1 and st.stroke[0] <= 0.001 \
                and not st.op_stroke and _inside_bleed(walk):
            walk.err(walk.where, M('black rule (DeviceGray 0) without overprint (set /OP true in an ExtGState)'))
        return
    if not _inside_bleed(walk):
        return                                    # crop and registration marks, slug
    c, m, y, k = st.stroke
    tac = (c + m + y + k) * 100
    if k >= 0.8 and max(c, m, y) > 0.001:
        walk.err(walk.where, M('rich black rule (C{v:.0f} M{v2:.0f} Y{v3:.0f} K{v4:.0f}, total ink {tac:.0f} %); rules must be 100 % K only, or they misregister', v=c * 100, v2=m * 100, v3=y * 100, v4=k * 100, tac=tac))
    elif k >= 0.999 and max(c, m, y) <= 0.001 and not st.op_stroke:
        walk.err(walk.where, M('100 % K black rule without overprint (set /OP true in an ExtGState): it leaves white halos on misregistration'))
    elif tac > walk.limits.max_tac + 0.5:
        walk.warn(walk.where, M('rule in C{v:.0f} M{v2:.0f} Y{v3:.0f} K{v4:.0f}: total ink {tac:.0f} % is above the newsprint limit of {max_tac:.0f} %', v=c * 100, v2=m * 100, v3=y * 100, v4=k * 100, tac=tac, max_tac=walk.limits.max_tac))


def _inside_bleed(walk) -> bool:
    x, y = walk.path_start
    b = walk.bleed
    return b is None or (b[0] <= x <= b[2] and b[1] <= y <= b[3])


def image_paint(walk, st, obj: str) -> None:
    """An image drawn while fill overprint is on: harmless for an opaque image in most RIPs,
    but it is flagged by shops' checks and changes the result of a 1-bit mask or a DeviceN photo."""
    if st.op_fill:
        walk.warn(obj, M('drawn with fill overprint on (/op true); images should knock out'))


def xobject(walk, name, xo) -> bool:
    """PostScript XObjects (and forms carrying PostScript) are forbidden in PDF/X; so are
    reference XObjects (the content lives in another file). True if the XObject was refused."""
    sub = xo.get("/Subtype")
    obj = f"XObject {name}"
    if sub == "/PS" or xo.get("/Subtype2") == "/PS" or "/PS" in xo:
        walk.err(obj, M("PostScript XObject: PDF/X forbids PostScript fragments (the RIP's result is unknown)"))
        return True
    if sub == "/Form" and "/Ref" in xo:
        walk.err(obj, M('a reference XObject (its content is in another file, which the shop does not have)'))
        return True
    return False


def extgstate(walk, name, gs) -> None:
    """Transfer functions (/TR, /TR2 other than /Default) change the plate's tone curve and are
    forbidden in PDF/X; so are halftone screens chosen by the file (/HT other than /Default)."""
    obj = f"graphics state {name}"
    for key in ("/TR", "/TR2"):
        v = gs.get(key)
        if v is not None and v != "/Default" and v != "/Identity":
            walk.err(obj, M("a transfer function ({key}): PDF/X forbids them (the shop's curves apply)", key=key))
    ht = gs.get("/HT")
    if ht is not None and ht != "/Default":
        walk.warn(obj, M("sets its own halftone screen (/HT); the shop's screening should apply"))


def space(walk, cs, obj: str) -> None:
    """A spot colour: a Separation or DeviceN colorant other than the process inks, All and None.
    A newspaper press has four plates: the colour is converted through its alternate or lost."""
    cs = cs.get_object() if isinstance(cs, IndirectObject) else cs
    if not isinstance(cs, ArrayObject) or not cs:
        return
    family = str(cs[0])
    if family in ("/Indexed", "/I") and len(cs) > 1:
        return space(walk, cs[1], obj)
    names = []
    if family == "/Separation" and len(cs) > 1:
        names = [cs[1]]
    elif family == "/DeviceN" and len(cs) > 1:
        names = list(cs[1].get_object())
    spots = [str(n) for n in names if str(n) not in PROCESS_COLORANTS]
    if spots:
        walk.warn(obj, M('spot colour {v}: newsprint is printed in four process colours; convert it to CMYK', v=', '.join(s.lstrip('/') for s in spots)))


_XMP_FIELDS = (  # (Info key, XMP element, how to compare)
    ("/Title", "dc:title", "text"),
    ("/Author", "dc:creator", "text"),
    ("/Producer", "pdf:Producer", "text"),
    ("/Creator", "xmp:CreatorTool", "text"),
    ("/CreationDate", "xmp:CreateDate", "date"),
    ("/ModDate", "xmp:ModifyDate", "date"),
)


def metadata(info, xmp: str | None, out) -> None:
    """PDF/X: the Info dictionary and the XMP packet say the same (ISO 15930-7 §6.7.2)."""
    if not xmp:
        return
    for key, element, kind in _XMP_FIELDS:
        if key not in info:
            continue
        m = re.search(rf"<{element}>(.*?)</{element}>", xmp, re.S) or \
            re.search(rf'{element}="([^"]*)"', xmp)
        if not m:
            continue
        xv = re.sub(r"<[^>]+>", "", m.group(1)).strip()
        iv = str(info[key]).strip()
        if kind == "date":
            same = _pdf_date_key(iv) == _xmp_date_key(xv)
        else:
            # (what xml.sax.saxutils.unescape does; that module imports urllib, http and ssl)
            same = xv.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") == iv
        if not same:
            out.error(None, M('Info dictionary'), M("{key} '{iv}' disagrees with {element} '{xv}' in the XMP metadata (PDF/X requires them to match)", key=key, iv=iv, element=element, xv=xv))


def _pdf_date_key(s: str) -> str:
    m = re.match(r"D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?", s)
    return "".join(g or "00" for g in m.groups()) if m else s


def _xmp_date_key(s: str) -> str:
    m = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?", s)
    return "".join(g or "00" for g in m.groups()) if m else s


def output_profile(flavour: str | None, intent, out) -> bool:
    """An OutputIntent without a DestOutputProfile: PDF/X-4 requires the profile (an error);
    elsewhere the shop must know the condition by name (a warning). True if a profile is there."""
    if intent.get("/DestOutputProfile") is not None:
        return True
    cond = intent.get("/OutputConditionIdentifier", "?")
    if flavour == "x4":
        out.error(None, M('OutputIntent'), M("no embedded DestOutputProfile for '{cond}': PDF/X-4 requires the output profile in the file", cond=cond))
    else:
        out.warning(None, M('OutputIntent'), M("no embedded DestOutputProfile: the shop must know '{cond}' by name", cond=cond))
    return False


def default_profile(intent, data: bytes, out) -> None:
    """Say it when the output intent is banmian's generic default, not the shop's newsprint profile."""
    text = " ".join(str(intent.get(k, "")) for k in ("/OutputCondition", "/Info"))
    if any(n in text for n in DEFAULT_PROFILE_NAMES) or _is_default_profile(data):
        out.note(None, "OutputIntent", DEFAULT_PROFILE_NOTE)


def _is_default_profile(data: bytes) -> bool:
    from layout.render.profile import DEFAULT_CMYK_PROFILE
    try:
        with open(DEFAULT_CMYK_PROFILE, "rb") as f:
            return hashlib.sha256(f.read()).digest() == hashlib.sha256(data).digest()
    except OSError:
        return False

