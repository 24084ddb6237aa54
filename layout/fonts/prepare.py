"""Preparing a face with fontTools: subset, CFF -> TrueType, full-width remaps.

ReportLab embeds only TrueType outlines and the Noto CJK files are CFF
collections, so every face is prepared once: take the SC face of the collection,
subset it to the characters wanted, convert the CFF outlines to quadratic
TrueType (cu2qu), and map U+2014 and U+00B7 to the font's full-width forms (in
the SC face they are proportional Western glyphs, which would leave a gap inside
—— and an off-centre ·; chinese-typesetting.md §2).

Vertical forms: the glyphs the font's OpenType `vert` (else `vrt2`) feature puts
in place of punctuation in vertical text (。，in the top-right quadrant, brackets
and quotes turned; clreq "Punctuation Marks in Vertical Writing Mode") are kept
in the subset, each reachable through a private code point
`vertical_code(ch)` = U+F0000 + ord(ch), so the renderer can draw them by
character; its ToUnicode maps them back to `ch` (render/pdf.py).
"""
from __future__ import annotations

import copy
import hashlib
import os
import struct
import sys
from array import array
from pathlib import Path
from typing import TYPE_CHECKING

from layout.errors import BanmianError
from layout.i18n import M
from layout.fonts.charset import base_charset
from layout.fonts.convert import _convert_glyphs, _glyph_drawer, _raw_drawer
from layout.fonts.store import PREP_VERSION, Source, _load_pickle, _save_pickle, _src_stem

if TYPE_CHECKING:
    from fontTools.ttLib import TTFont


# Characters whose SC-face default glyph is proportional; the full-width form
# is reached through the font's 'fwid' feature.
FULLWIDTH_REMAP = ("\u2014", "\u00b7")

# Characters that have a vertical form in CJK fonts (vert/vrt2): pause and stop marks,
# brackets and quotes, dashes, ellipsis, wave dash, colon-like marks.
VERTICAL_CHARS = ("，。、：；！？（）《》〈〉【】〖〗〔〕「」『』“”‘’［］｛｝—…～－＿｜"
                  "\u2015\u2e3a\u2013\u30fc\uff0e")
VERTICAL_BASE = 0xF0000        # plane-15 private use: vertical form of ch = VERTICAL_BASE + ord(ch)


def vertical_code(ch: str) -> str:
    """The private code point a prepared face maps to the vertical form of `ch`."""
    return chr(VERTICAL_BASE + ord(ch))


def original_of(code: int) -> int:
    """The character a private vertical-form code point stands for (itself for any other)."""
    return code - VERTICAL_BASE if VERTICAL_BASE <= code < VERTICAL_BASE + 0x10000 else code


INLINE_GLYPHS = 200        # converting fewer glyphs than this is cheaper than a worker


def _open_font(src: Source) -> TTFont:
    """The source face, opened lazily (tables are parsed when first read)."""
    from fontTools.ttLib import TTFont
    return TTFont(str(src.path), fontNumber=src.index, lazy=True)


_META: dict[tuple, dict] = {}


def _source_meta(src: Source, cache_dir: Path) -> dict:
    """cmap (code point -> glyph id, with the full-width remap), advances (by glyph id) and header
    values of a source, read from the raw tables: no glyph names, no table objects kept."""
    key = (str(src.path), src.index, src.sha256)
    if key in _META:
        return _META[key]
    path = cache_dir / "src" / f"{_src_stem(src)}.meta.pkl"
    meta = _load_pickle(path)
    if not isinstance(meta, dict) or meta.get("v") != PREP_VERSION or meta.get("fmt") != 2:
        font = _open_font(src)
        raw = font.reader
        cmap = _raw_cmap(raw["cmap"])
        num_glyphs = struct.unpack(">H", raw["maxp"][4:6])[0]
        n_hm = struct.unpack(">H", raw["hhea"][34:36])[0]
        adv = array("H", raw["hmtx"][:4 * n_hm])
        if sys.byteorder == "little":
            adv.byteswap()
        adv = adv[0::2]
        adv.extend([adv[-1]] * (num_glyphs - n_hm))
        try:
            draw = _raw_drawer(font, "CFF " in raw)
        except Exception:           # an unusual font: fontTools' glyph set, by the font's own names
            draw = None
        else:
            # GSUB names glyphs, and only as a way back to their ids (getGlyphID below): a glyph
            # order of plain names does for that and spares parsing the CFF charset or the post
            # table (65,535 names, ~30 ms a face; no name is kept)
            font.setGlyphOrder([f"g{i}" for i in range(num_glyphs)])
        os2 = raw["OS/2"]
        typo_asc, typo_desc = struct.unpack(">hh", os2[68:72])
        if any(ord(ch) in cmap for ch in FULLWIDTH_REMAP):
            fwid = _fwid_map(font)
            if fwid:
                for ch in FULLWIDTH_REMAP:
                    g = cmap.get(ord(ch))
                    if g is not None and font.getGlyphName(g) in fwid:
                        cmap[ord(ch)] = font.getGlyphID(fwid[font.getGlyphName(g)])
                rule = _dash_rule(font, cmap, adv, draw)
                if rule is not None:
                    cmap[0x2014] = rule
        for ch, g in _vert_map(font, cmap).items():
            cmap[VERTICAL_BASE + ord(ch)] = g
        meta = {
            "v": PREP_VERSION,
            "fmt": 2,
            "upm": struct.unpack(">H", raw["head"][18:20])[0],
            "ascent": typo_asc,
            "descent": typo_desc,
            "name": font["name"].getDebugName(6) or src.name,
            "cff": "CFF " in raw,
            "cmap": cmap,
            "adv": adv,
        }
        _drop(font)
        _save_pickle(path, meta)
    _META[key] = meta
    return meta


def _drop(font: TTFont) -> None:
    """Close a source face and let its tables go now: a decompiled CFF table points back at its
    font (cffLib's otFont), and a build runs with the cyclic collector off (cli.py), so without
    this the whole table (some 20 MB of a CJK face, and its parsed index) would stay in memory."""
    font.tables.clear()
    font.close()


def _raw_cmap(data: bytes) -> dict[int, int]:
    """Code point -> glyph id from a raw cmap table: the best Unicode subtable (format 12, else 4)."""
    n = struct.unpack(">H", data[2:4])[0]
    subs = {}
    for i in range(n):
        pid, eid, off = struct.unpack(">HHI", data[4 + 8 * i:12 + 8 * i])
        fmt = struct.unpack(">H", data[off:off + 2])[0]
        subs.setdefault((pid, eid, fmt), off)
    for want in ((3, 10, 12), (0, 6, 12), (0, 4, 12), (3, 1, 4), (0, 3, 4), (0, 2, 4), (0, 1, 4), (0, 0, 4)):
        if want in subs:
            off = subs[want]
            return _cmap12(data, off) if want[2] == 12 else _cmap4(data, off)
    raise BanmianError(M('font has no Unicode character map (cmap format 4 or 12)'))


def _cmap12(data: bytes, off: int) -> dict[int, int]:
    ngroups = struct.unpack(">I", data[off + 12:off + 16])[0]
    out: dict[int, int] = {}
    for start, end, gid in struct.iter_unpack(">III", data[off + 16:off + 16 + 12 * ngroups]):
        out.update(zip(range(start, end + 1), range(gid, gid + end - start + 1)))
    return out


def _cmap4(data: bytes, off: int) -> dict[int, int]:
    seg2 = struct.unpack(">H", data[off + 6:off + 8])[0]
    seg = seg2 // 2
    ends = struct.unpack(f">{seg}H", data[off + 14:off + 14 + seg2])
    starts = struct.unpack(f">{seg}H", data[off + 16 + seg2:off + 16 + 2 * seg2])
    deltas = struct.unpack(f">{seg}h", data[off + 16 + 2 * seg2:off + 16 + 3 * seg2])
    ro_pos = off + 16 + 3 * seg2
    ranges = struct.unpack(f">{seg}H", data[ro_pos:ro_pos + seg2])
    out: dict[int, int] = {}
    for i in range(seg):
        s, e, d, r = starts[i], ends[i], deltas[i], ranges[i]
        if s == 0xFFFF:
            continue
        for cp in range(s, e + 1):
            if r == 0:
                g = (cp + d) & 0xFFFF
            else:
                at = ro_pos + 2 * i + r + 2 * (cp - s)
                g = struct.unpack(">H", data[at:at + 2])[0]
                if g:
                    g = (g + d) & 0xFFFF
            if g:
                out[cp] = g
    return out


def _fwid_map(font: TTFont) -> dict[str, str]:
    """glyph -> its full-width form, from the font's 'fwid' feature."""
    if "GSUB" not in font:
        return {}
    gsub = font["GSUB"].table
    if gsub.FeatureList is None or gsub.LookupList is None:
        return {}
    fwid: dict[str, str] = {}
    for rec in gsub.FeatureList.FeatureRecord:
        if rec.FeatureTag != "fwid":
            continue
        for li in rec.Feature.LookupListIndex:
            for st in gsub.LookupList.Lookup[li].SubTable:
                mapping = getattr(st, "mapping", None)
                if mapping:
                    fwid.update(mapping)
    return fwid


def _vert_map(font: TTFont, cmap: dict[int, int]) -> dict[str, int]:
    """VERTICAL_CHARS -> glyph id of its vertical form, from the font's single substitutions of
    `vert` (or `vrt2` where a font has no `vert`), in the script and language the font lists first."""
    if "GSUB" not in font:
        return {}
    gsub = font["GSUB"].table
    if gsub.FeatureList is None or gsub.LookupList is None:
        return {}
    by_tag: dict[str, dict[str, str]] = {}
    wanted = _langsys_features(gsub)
    for i, rec in enumerate(gsub.FeatureList.FeatureRecord):
        if rec.FeatureTag not in ("vert", "vrt2") or (wanted is not None and i not in wanted):
            continue
        m = by_tag.setdefault(rec.FeatureTag, {})
        for li in rec.Feature.LookupListIndex:
            for st in gsub.LookupList.Lookup[li].SubTable:
                if getattr(st, "ExtSubTable", None) is not None:      # extension lookups (type 7)
                    st = st.ExtSubTable
                for src, dst in (getattr(st, "mapping", None) or {}).items():
                    m.setdefault(src, dst)
    mapping = by_tag.get("vert") or by_tag.get("vrt2") or {}
    out = {}
    for ch in VERTICAL_CHARS:
        g = cmap.get(ord(ch))
        if g is None:
            continue
        name = font.getGlyphName(g)
        if name in mapping:
            out[ch] = font.getGlyphID(mapping[name])
    return out


def _langsys_features(gsub) -> set[int] | None:
    """The feature indices of the Han script's simplified-Chinese language system (else its default):
    a pan-CJK font turns quotes differently for Japanese, Korean and Chinese. None: take them all."""
    if gsub.ScriptList is None:
        return None
    scripts = {r.ScriptTag: r.Script for r in gsub.ScriptList.ScriptRecord}
    script = scripts.get("hani") or scripts.get("DFLT")
    if script is None:
        return None
    langs = {r.LangSysTag: r.LangSys for r in script.LangSysRecord}
    ls = langs.get("ZHS ") or script.DefaultLangSys
    return set(ls.FeatureIndex) if ls is not None else None


def with_vertical(wanted: list[str], cmap: dict[int, int]) -> list[str]:
    """`wanted` plus the private code points of the vertical forms of the characters in it."""
    extra = [vertical_code(ch) for ch in wanted if ch in VERTICAL_CHARS and VERTICAL_BASE + ord(ch) in cmap]
    return wanted + extra


def _dash_rule(font: TTFont, cmap: dict[int, int], adv, draw=None) -> int | None:
    """The glyph to draw U+2014 with so the two halves of —— meet without a gap (guide §2).

    The full-width em dash of the SC fonts stops 0.07 em short of each side of its
    box; the box-drawing horizontal U+2500 of the same font is the same stroke at
    the same height run edge to edge. Used only when it is full-width and inks its
    whole advance.
    """
    from fontTools.pens.boundsPen import BoundsPen
    g = cmap.get(0x2500)
    if g is None:
        return None
    upm = font["head"].unitsPerEm
    if g >= len(adv) or adv[g] != upm:
        return None
    pen = BoundsPen(None)
    (draw or _glyph_drawer(font, "CFF " in font.reader))(g, pen)     # by id: no glyph set, no hmtx table
    if pen.bounds is None:
        return None
    x0, y0, x1, y1 = pen.bounds
    if x0 > 0.01 * upm or x1 < 0.99 * upm or not (0.2 * upm < (y0 + y1) / 2 < 0.5 * upm) or y1 - y0 > 0.1 * upm:
        return None
    return g


_STORES: dict[tuple, dict] = {}


def _glyph_store(src: Source, cache_dir: Path) -> dict[int, tuple]:
    key = (str(src.path), src.index, src.sha256, str(cache_dir))
    if key not in _STORES:
        s = _load_pickle(cache_dir / "src" / f"{_src_stem(src)}.glyphs.pkl")
        _STORES[key] = s if isinstance(s, dict) else {}
    return _STORES[key]


def _add_glyphs(src: Source, cache_dir: Path, new: dict[int, tuple]) -> None:
    if not new:
        return
    store = _glyph_store(src, cache_dir)
    store.update(new)
    path = cache_dir / "src" / f"{_src_stem(src)}.glyphs.pkl"
    on_disk = _load_pickle(path)       # another process may have added glyphs meanwhile
    if isinstance(on_disk, dict):
        for k, v in on_disk.items():
            store.setdefault(k, v)
    _save_pickle(path, store)


def _key(src: Source, wanted: list[str]) -> str:
    return hashlib.sha256("|".join([PREP_VERSION, src.sha256, str(src.index),
                                    "".join(wanted)]).encode()).hexdigest()[:24]


def _face_paths(src: Source, wanted: list[str], cache_dir: Path) -> tuple[Path, Path]:
    out = cache_dir / f"{src.name}-{_key(src, wanted)}.ttf"
    return out, out.with_suffix(".metrics.pkl")


def _face_metrics(src: Source, wanted: list[str], cache_dir: Path, store=None) -> dict:
    """Advances (and ink boxes, where the glyphs are converted already) of a face-to-be."""
    meta = _source_meta(src, cache_dir)
    cmap, adv = meta["cmap"], meta["adv"]
    store = _glyph_store(src, cache_dir) if store is None else store
    chars = {}
    for ch in with_vertical(wanted, cmap):
        g = cmap.get(ord(ch))
        if g is not None:
            chars[ch] = g
    return {"v": PREP_VERSION, "upm": meta["upm"], "ascent": meta["ascent"],
            "descent": meta["descent"], "name": meta["name"],
            "adv": {ch: adv[g] for ch, g in chars.items()},
            "gid": chars,
            "ink": {ch: store[g][1] for ch, g in chars.items() if g in store}}


def _build_face(src: Source, wanted: list[str], cache_dir: Path) -> Path:
    """Convert what the glyph store lacks, assemble the face's TrueType file and its metrics. Idempotent."""
    out, mpath = _face_paths(src, wanted, cache_dir)
    if out.exists() and mpath.exists():
        return out
    meta = _source_meta(src, cache_dir)
    cmap = meta["cmap"]
    wanted = with_vertical(wanted, cmap)
    gids = sorted({0} | {cmap[ord(ch)] for ch in wanted if ord(ch) in cmap})
    store = _glyph_store(src, cache_dir)
    font = _open_font(src)
    missing = [g for g in gids if g not in store]
    if missing:
        _add_glyphs(src, cache_dir, _convert_glyphs(font, missing, meta["cff"]))
        store = _glyph_store(src, cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    _assemble(font, meta, {ord(ch): cmap[ord(ch)] for ch in wanted if ord(ch) in cmap},
              gids, store, out)
    _drop(font)
    _save_pickle(mpath, _face_metrics(src, wanted, cache_dir, store))
    _prune_faces(cache_dir)
    return out


FACE_FILES = 400      # prepared faces kept in the cache (one per face and character set)


def _prune_faces(cache_dir: Path) -> None:
    """Each issue's character set makes its own face files; an archive of a thousand issues
    would fill the disk. Keep the most recently used FACE_FILES (faces in use are touched)."""
    files = list(cache_dir.glob("*.ttf"))
    if len(files) <= FACE_FILES:
        return
    def mtime(p: Path) -> float:
        try:
            return p.stat().st_mtime
        except OSError:
            return 0.0
    for old in sorted(files, key=mtime, reverse=True)[FACE_FILES:]:
        for f in (old, old.with_suffix(".metrics.pkl")):
            try:
                f.unlink()
            except OSError:
                pass


def _assemble(font: TTFont, meta: dict, cmap: dict[int, int], gids: list[int],
              store: dict[int, tuple], out: Path) -> None:
    """A TrueType font of glyphs `gids` (converted, from the store) with the source's header tables."""
    from fontTools.ttLib import TTFont, newTable
    from fontTools.ttLib.tables._c_m_a_p import CmapSubtable
    from fontTools.ttLib.tables._g_l_y_f import Glyph

    names = {g: (".notdef" if g == 0 else f"glyph{g:05d}") for g in gids}     # not stored: post 3
    order = [names[g] for g in gids]
    new = TTFont(recalcBBoxes=False, recalcTimestamp=False)
    new.setGlyphOrder(order)
    for tag in ("head", "hhea", "OS/2", "name"):
        new[tag] = copy.deepcopy(font[tag])      # the source font stays as it was
    post = newTable("post")                      # the header only: format 3 has no glyph names
    header = bytearray(font.reader["post"][:32])
    header[0:4] = b"\x00\x03\x00\x00"
    post.decompile(bytes(header), new)
    new["post"] = post

    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    hmtx = newTable("hmtx")
    hmtx.metrics = {}
    src_adv = meta["adv"]
    max_pts = max_cont = 0
    x0 = y0 = 1 << 30
    x1 = y1 = -(1 << 30)
    min_lsb = min_rsb = 1 << 30
    max_ext = -(1 << 30)
    max_adv = 0
    any_ink = False
    for g in gids:
        data, box, pts, cont = store[g]
        glyf.glyphs[names[g]] = Glyph(data)
        adv = src_adv[g]
        max_adv = max(max_adv, adv)
        if box is None:
            hmtx.metrics[names[g]] = (adv, 0)
            continue
        any_ink = True
        hmtx.metrics[names[g]] = (adv, box[0])
        max_pts, max_cont = max(max_pts, pts), max(max_cont, cont)
        x0, y0, x1, y1 = min(x0, box[0]), min(y0, box[1]), max(x1, box[2]), max(y1, box[3])
        min_lsb = min(min_lsb, box[0])
        min_rsb = min(min_rsb, adv - box[2])
        max_ext = max(max_ext, box[2])
    new["glyf"] = glyf
    new["loca"] = newTable("loca")
    new["hmtx"] = hmtx

    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.numGlyphs = len(order)
    maxp.maxPoints, maxp.maxContours = max_pts, max_cont
    maxp.maxCompositePoints = maxp.maxCompositeContours = 0
    maxp.maxZones = 1
    for attr in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements",
                 "maxComponentDepth"):
        setattr(maxp, attr, 0)
    new["maxp"] = maxp

    head = new["head"]
    head.glyphDataFormat = 0
    if any_ink:
        head.xMin, head.yMin, head.xMax, head.yMax = x0, y0, x1, y1
    hhea = new["hhea"]
    hhea.advanceWidthMax = max_adv
    if any_ink:
        hhea.minLeftSideBearing, hhea.minRightSideBearing, hhea.xMaxExtent = min_lsb, min_rsb, max_ext
    post = new["post"]
    post.formatType = 3.0          # no glyph names: CID names mean nothing to a reader
    for attr in ("extraNames", "mapping", "glyphOrder"):
        if hasattr(post, attr):
            delattr(post, attr)

    cm = newTable("cmap")
    cm.tableVersion = 0
    bmp = CmapSubtable.newSubtable(4)
    bmp.platformID, bmp.platEncID, bmp.language = 3, 1, 0
    bmp.cmap = {cp: names[g] for cp, g in cmap.items() if cp <= 0xFFFF}
    cm.tables = [bmp]
    if any(cp > 0xFFFF for cp in cmap):
        full = CmapSubtable.newSubtable(12)
        full.platformID, full.platEncID, full.language = 3, 10, 0
        full.cmap = {cp: names[g] for cp, g in cmap.items()}
        cm.tables.append(full)
    new["cmap"] = cm

    tmp = out.with_name(f"{out.name}.{os.getpid()}.tmp")
    new.save(str(tmp), reorderTables=True)
    tmp.replace(out)


def prepare(src: Source, extra: frozenset[str], cache_dir: Path, base: bool = True) -> Path:
    """Subset + CFF->TrueType + cmap fix, cached. Returns the prepared .ttf path.

    The face covers BASE_CHARSET plus `extra` (base=True) or just `extra`, where the font has them.
    """
    wanted = sorted((base_charset() | extra) if base else extra)
    return _build_face(src, wanted, Path(cache_dir))
