"""Font roles -> prepared TrueType faces with metrics.

Manifests name roles (song, hei, kai, fangsong) and weights; `fonts/fonts.yaml`
maps each to candidate files. ReportLab embeds only TrueType outlines and the
Noto CJK files are CFF collections, so every face is *prepared* once with
fontTools: take the SC face of the collection, subset it to a fixed base set
(GB 2312 plus punctuation and ASCII) plus whatever else the issue uses, convert
the CFF outlines to quadratic TrueType (cu2qu), and map U+2014 and U+00B7 to the
font's full-width forms (in the SC face they are proportional Western glyphs,
which would leave a gap inside —— and an off-centre ·; chinese-typesetting.md
§2). Prepared faces are cached by source hash, character set and PREP_VERSION.

A build asks for faces with the issue's characters: such a face covers those
plus COMMON_CHARSET (ASCII, GB 2312 punctuation and numerals, and every
character the layout code itself sets: dates, 第 N 版, 上接/下转), not the whole
of GB 2312, so a cold build converts ~2,000 glyphs per face instead of ~7,500.
A face asked for without characters covers BASE_CHARSET (GB 2312), as before.
See "preparation" below for the caches and the worker processes.

Layout reads metrics from `Face`: advances and ink boxes in em units.
"""
from __future__ import annotations

import copy
import hashlib
import json
import os
import pickle
import re
import struct
import sys
from array import array
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml

from layout.errors import BanmianError, Log

PREP_VERSION = "5"
ROLES = ("song", "hei", "kai", "fangsong")
WEIGHTS = ("light", "regular", "bold", "heavy")
FONTS_DIR = Path(__file__).resolve().parents[2] / "fonts"
DEFAULT_CACHE = Path(os.environ.get("BANMIAN_CACHE", Path.home() / ".cache" / "banmian"))

# Characters whose SC-face default glyph is proportional; the full-width form
# is reached through the font's 'fwid' feature.
FULLWIDTH_REMAP = ("\u2014", "\u00b7")


def _base_charset() -> frozenset[str]:
    """GB 2312 (all 7445 characters: Hanzi levels 1 and 2 and its symbols) plus ASCII."""
    chars = {chr(c) for c in range(0x20, 0x7F)}
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    chars |= set("“”‘’—…·–％～￥‰℃×÷±−《》〈〉「」『』【】〔〕〖〗（）［］｛｝、，。．：；！？／")
    return frozenset(chars)


_BASE: frozenset[str] | None = None


def base_charset() -> frozenset[str]:
    global _BASE
    if _BASE is None:
        _BASE = _base_charset()
    return _BASE


def __getattr__(name: str):
    """BASE_CHARSET is computed when first used (a warm build never needs it)."""
    if name == "BASE_CHARSET":
        return base_charset()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _common_charset() -> frozenset[str]:
    """What any build may set besides the issue's own text: ASCII, GB 2312 punctuation (row 1 and the
    full-width punctuation of row 3), Chinese numerals and date words, and every non-ASCII character in
    the layout code (the strings it sets itself: 星期五, 第 2 版, （下转第 3 版）, 数据来源：…)."""
    chars = {chr(c) for c in range(0x20, 0x7F)}
    for hi in (0xA1, 0xA3):
        for lo in range(0xA1, 0xFF):
            try:
                c = bytes((hi, lo)).decode("gb2312")
            except UnicodeDecodeError:
                continue
            if not c.isalnum():
                chars.add(c)
    chars |= set("“”‘’—…·–％～￥‰℃×÷±−《》〈〉「」『』【】〔〕〖〗（）［］｛｝、，。．：；！？／")
    chars |= set("〇零一二三四五六七八九十百千万亿年月日时分秒星期第版期总号")
    for py in sorted(Path(__file__).resolve().parents[1].rglob("*.py")):
        try:
            chars.update(_NON_ASCII.findall(py.read_text(encoding="utf-8")))
        except OSError:
            pass
    return frozenset(c for c in chars if c.isprintable() or c == "\u3000")


_COMMON: frozenset[str] | None = None
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def common_charset() -> frozenset[str]:
    global _COMMON
    if _COMMON is None:
        _COMMON = _common_charset()
    return _COMMON


@dataclass(frozen=True)
class Source:
    """A font file on disk and the face inside it that serves a role."""
    path: Path
    index: int          # face number in a collection, 0 for a single font
    name: str           # its PostScript name

    @cached_property
    def sha256(self) -> str:
        return _file_sha256(self.path)


def _file_sha256(path: Path) -> str:
    """sha256 of a font file, remembered by (path, size, mtime) so a warm build skips re-reading 20 MB."""
    st = path.stat()
    key = f"{path}|{st.st_size}|{st.st_mtime_ns}"
    table = _memo("sha256.json")
    if key in table:
        return table[key]
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    table[key] = h.hexdigest()
    _memo_save("sha256.json", table)
    return table[key]


_MEMOS: dict[Path, dict] = {}


def _memo(name: str) -> dict:
    """A small JSON table in the cache folder, read once per process."""
    path = DEFAULT_CACHE / name
    if path not in _MEMOS:
        try:
            table = json.loads(path.read_text())
        except (OSError, ValueError):
            table = {}
        _MEMOS[path] = table if isinstance(table, dict) else {}
    return _MEMOS[path]


def _memo_save(name: str, table: dict) -> None:
    path = DEFAULT_CACHE / name
    try:
        try:                                   # keep what other processes wrote meanwhile
            on_disk = json.loads(path.read_text())
            if isinstance(on_disk, dict):
                for k, v in on_disk.items():
                    table.setdefault(k, v)
        except (OSError, ValueError):
            pass
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(table, indent=0, sort_keys=True, ensure_ascii=False))
        tmp.replace(path)
    except OSError:
        pass


class Face:
    """Metrics of one prepared face, in em units. Pure data for layout.

    Built from the face's cached metrics (no font is parsed); `path`, the
    prepared TrueType file the renderer embeds, may still be in the making in a
    worker process: reading it waits for it.
    """

    def __init__(self, id: str, role: str, weight: str, path: Path, source: Source,
                 metrics: dict | None = None, pending=None, cache_dir: Path | None = None):
        self.id = id
        self.role = role
        self.weight = weight
        self.source = source
        self._path = Path(path)
        self._pending = pending           # a callable that returns the finished path
        self._cache_dir = cache_dir
        if metrics is None:
            metrics = _metrics_of_file(Path(path), source)
        upm = metrics["upm"]
        self._upm = upm
        self._adv: dict[str, float] = {ch: a / upm for ch, a in metrics["adv"].items()}
        self._gid: dict[str, int] = metrics.get("gid") or {}
        self._inkraw: dict = metrics["ink"]
        self._ink_reloaded = False
        self._ink: dict[str, tuple[float, float, float, float] | None] = {}
        self.ascent = metrics["ascent"] / upm
        self.descent = -metrics["descent"] / upm      # positive, below baseline
        self.name = metrics["name"] or source.name
        # What the metrics of a character depend on: the source face and the preparation, not the
        # character set (which follows the text). A cache of composed lines keyed by this
        # instead of `path` survives an edit that brings in a new character, and needs no wait for
        # the file in a cold build.
        self.key = f"{source.name}-{source.sha256[:16]}-{source.index}-v{PREP_VERSION}"

    @property
    def path(self) -> Path:
        """The prepared TrueType file the renderer embeds (waits for its worker)."""
        if self._pending is not None:
            pending, self._pending = self._pending, None
            self._path = pending()
        return self._path

    def has(self, ch: str) -> bool:
        return ch in self._adv

    def advance(self, ch: str) -> float:
        """Advance width of `ch` in em (KeyError if the face lacks it)."""
        return self._adv[ch]

    def ink(self, ch: str) -> tuple[float, float, float, float] | None:
        """Ink box (x0, y0, x1, y1) of `ch` in em, or None for a blank glyph."""
        if ch not in self._ink:
            if ch in self._inkraw:
                box = self._inkraw[ch]
            else:
                box = self._convert_ink(ch)
            u = self._upm
            self._ink[ch] = None if box is None else (box[0] / u, box[1] / u, box[2] / u, box[3] / u)
        return self._ink[ch]

    def _convert_ink(self, ch: str):
        """Ink box of a glyph not converted when the face was made: wait for the face's file and read
        its metrics (the composer waits for the file anyway); convert it here only as a last resort."""
        gid = self._gid[ch]                                   # KeyError if the face lacks it
        if not self._ink_reloaded:
            self._ink_reloaded = True
            m = _load_pickle(self.path.with_suffix(".metrics.pkl"))
            if isinstance(m, dict) and isinstance(m.get("ink"), dict):
                self._inkraw = m["ink"]
                if ch in self._inkraw:
                    return self._inkraw[ch]
        cache_dir = self._cache_dir or DEFAULT_CACHE / "fonts"
        store = _glyph_store(self.source, cache_dir)
        if gid not in store:
            meta = _source_meta(self.source, cache_dir)
            store[gid] = _convert_glyphs(_open_font(self.source), [gid], meta["cff"])[gid]
        return store[gid][1]

    @property
    def chars(self) -> frozenset[str]:
        return frozenset(self._adv)

    def __repr__(self) -> str:
        return f"Face({self.id!r}, {self.name!r})"


def _metrics_of_file(path: Path, source: Source) -> dict:
    """Metrics read from a TrueType file (for a Face made from a file prepared elsewhere)."""
    from fontTools.ttLib import TTFont
    font = TTFont(str(path), lazy=True)
    upm = font["head"].unitsPerEm
    cmap = font.getBestCmap()
    hmtx = font["hmtx"].metrics
    glyf = font["glyf"]
    ink = {}
    for code, g in cmap.items():
        gl = glyf[g]
        if getattr(gl, "numberOfContours", 0) == 0:
            ink[chr(code)] = None
        else:
            if not hasattr(gl, "xMin"):
                gl.recalcBounds(glyf)
            ink[chr(code)] = (gl.xMin, gl.yMin, gl.xMax, gl.yMax)
    os2 = font["OS/2"]
    return {"upm": upm, "ascent": os2.sTypoAscender, "descent": os2.sTypoDescender,
            "name": font["name"].getDebugName(6) or source.name,
            "adv": {chr(c): hmtx[g][0] for c, g in cmap.items()}, "ink": ink}

class FontSet:
    """Resolves roles and weights to sources and prepares faces for one build."""

    def __init__(self, config_path: Path | None = None, fonts_dir: Path | None = None,
                 cache_dir: Path | None = None, log: Log | None = None):
        self.fonts_dir = Path(fonts_dir or FONTS_DIR)
        self.config_path = Path(config_path or self.fonts_dir / "fonts.yaml")
        self.cache_dir = Path(cache_dir or DEFAULT_CACHE) / "fonts"
        self.log = log or Log()
        try:
            with open(self.config_path, encoding="utf-8") as f:
                self.config = yaml.safe_load(f) or {}
        except FileNotFoundError:
            raise BanmianError("font configuration not found", self.config_path,
                               hint="restore fonts/fonts.yaml from the repository")
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            raise BanmianError(f"font configuration is not valid YAML: {getattr(e, 'problem', e)}",
                               self.config_path, mark.line + 1 if mark else None)
        self._faces: dict[tuple, Face | list[Face]] = {}
        self._wanted: dict[frozenset, tuple[list[str], str]] = {}

    # -- resolution ---------------------------------------------------------

    def candidates(self, role: str, weight: str) -> list[tuple[Path, str | None]]:
        entry = (self.config.get("roles") or {}).get(role) or {}
        out = []
        for c in entry.get(weight) or []:
            if isinstance(c, dict):
                out.append((self._path(c["file"]), c.get("face")))
            else:
                out.append((self._path(c), None))
        return out

    def _path(self, name: str) -> Path:
        p = Path(name)
        return p if p.is_absolute() else self.fonts_dir / p

    def source(self, role: str, weight: str) -> Source:
        """The first candidate that exists; a role without one is substituted (fangsong -> kai)."""
        if role not in ROLES:
            raise BanmianError(f"unknown font role '{role}'", hint=f"roles are {', '.join(ROLES)}")
        if weight not in WEIGHTS:
            raise BanmianError(f"unknown font weight '{weight}'", hint=f"weights are {', '.join(WEIGHTS)}")
        tried = []
        for path, face in self.candidates(role, weight):
            tried.append(str(path))
            if path.exists():
                return _open_source(path, face)
        sub = (self.config.get("substitute") or {}).get(role)
        if sub:
            self.log.warn(f"font role {role} {weight}: no font installed "
                          f"(tried {', '.join(tried) or 'nothing'}); using {sub} instead")
            return self.source(sub, weight)
        raise BanmianError(
            f"no font for role {role} {weight}; tried: {', '.join(tried) or '(no candidates)'}",
            self.config_path,
            hint="run `make fonts` to install the free fonts, or drop a licensed font into fonts/ "
                 "and list it in fonts/fonts.yaml")

    def fallback_sources(self, role: str) -> list[Source]:
        out = []
        for c in (self.config.get("fallback") or {}).get(role) or []:
            path, face = (self._path(c["file"]), c.get("face")) if isinstance(c, dict) else (self._path(c), None)
            if path.exists():
                out.append(_open_source(path, face))
        return out

    # -- preparation --------------------------------------------------------

    def _want(self, chars: frozenset[str]) -> tuple[list[str], str]:
        """The characters a face asked for with `chars` covers, and a short key for them."""
        hit = self._wanted.get(chars)
        if hit is None:
            want = sorted((frozenset(chars) | common_charset()) if chars else base_charset())
            hit = (want, hashlib.sha256("".join(want).encode()).hexdigest()[:16])
            self._wanted[chars] = hit
        return hit

    def face(self, role: str, weight: str, chars: frozenset[str] = frozenset()) -> Face:
        """The prepared face for role+weight covering `chars` plus COMMON_CHARSET (where the font
        has them), or BASE_CHARSET (GB 2312) when no characters are given."""
        wanted, wkey = self._want(chars)
        key = (role, weight, wkey)
        if key not in self._faces:
            src = self.source(role, weight)
            self._faces[key] = self._make_face(f"{role}-{weight}", role, weight, src, wanted)
        return self._faces[key]

    def fallback_faces(self, role: str, weight: str, chars: frozenset[str]) -> list[Face]:
        """Faces of the role's fallback fonts, prepared only for `chars` (the rare ones)."""
        key = (role, weight, "fallback", frozenset(chars))
        if key not in self._faces:
            faces = []
            for i, src in enumerate(self.fallback_sources(role)):
                faces.append(self._make_face(f"{role}-{weight}-fb{i}", role, weight, src,
                                             sorted(chars), background=False))
            self._faces[key] = faces
        return self._faces[key]

    def _make_face(self, id: str, role: str, weight: str, src: Source, wanted: list[str],
                   background: bool = True) -> Face:
        out, mpath = _face_paths(src, wanted, self.cache_dir)
        if out.exists():
            m = _load_pickle(mpath)
            if isinstance(m, dict) and m.get("v") == PREP_VERSION:
                _touch(out)                    # recently used: kept when the cache is pruned
                return Face(id, role, weight, out, src, m, cache_dir=self.cache_dir)
        m = _face_metrics(src, wanted, self.cache_dir)
        store = _glyph_store(src, self.cache_dir)
        todo = sum(1 for g in m["gid"].values() if g not in store)
        jobs = _JOBS if background and todo >= INLINE_GLYPHS and _JOBS.usable() else None
        if jobs is None or not jobs.submit(out, src, wanted, self.cache_dir):
            _build_face(src, wanted, self.cache_dir)
            m = _load_pickle(mpath) or m
            return Face(id, role, weight, out, src, m, cache_dir=self.cache_dir)
        cache_dir = self.cache_dir

        def wait() -> Path:
            try:
                return jobs.result(out)
            except Exception:          # a child that failed or died: do it here
                return _build_face(src, wanted, cache_dir)
        return Face(id, role, weight, out, src, m, pending=wait, cache_dir=self.cache_dir)

    def prepared(self) -> list[Face]:
        """Every face prepared so far (the renderer embeds these); waits for their files."""
        out: dict[str, Face] = {}
        for v in self._faces.values():
            for f in (v if isinstance(v, list) else [v]):
                out.setdefault(f.id, f)
        faces = [out[k] for k in sorted(out)]
        for f in faces:
            f.path
        return faces


def _open_source(path: Path, face: str | None) -> Source:
    """The face of `path` that serves a role, remembered by (path, size, mtime, face) in the cache."""
    try:
        st = path.stat()
    except OSError as e:
        raise BanmianError(f"cannot read font file {path}: {e}",
                           hint="replace the file or remove it from fonts/fonts.yaml")
    key = f"{path}|{st.st_size}|{st.st_mtime_ns}|{face}"
    table = _memo("sources.json")
    hit = table.get(key)
    if isinstance(hit, list) and len(hit) == 2:
        return Source(path, int(hit[0]), str(hit[1]))
    src = _read_source(path, face)
    table[key] = [src.index, src.name]
    _memo_save("sources.json", table)
    return src


def _read_source(path: Path, face: str | None) -> Source:
    from fontTools.ttLib import TTCollection, TTFont
    try:
        if path.suffix.lower() in (".ttc", ".otc"):
            coll = TTCollection(str(path), lazy=True)
            for i, f in enumerate(coll.fonts):
                family = f["name"].getDebugName(1) or ""
                if face is None or face in family.split():
                    return Source(path, i, f["name"].getDebugName(6) or family)
            raise BanmianError(f"{path.name} has no face whose family contains '{face}'",
                               hint="check the face: entry in fonts/fonts.yaml")
        f = TTFont(str(path), lazy=True)
        return Source(path, 0, f["name"].getDebugName(6) or path.stem)
    except BanmianError:
        raise
    except Exception as e:  # a damaged or unsupported file is the paper's problem to fix, say so
        raise BanmianError(f"cannot read font file {path}: {e}",
                           hint="replace the file or remove it from fonts/fonts.yaml")


# ---- preparation ---------------------------------------------------------------
#
# A prepared face is assembled from three cached layers, each deterministic:
#   1. per source, its character map and advances (<cache>/fonts/src/*.meta.pkl),
#      so a face can answer has()/advance() before its file exists;
#   2. per source, a store of converted glyphs: quadratic TrueType glyph data,
#      ink box and point counts per glyph id (<cache>/fonts/src/*.glyphs.pkl).
#      Each glyph is converted once per machine (draw the CFF charstring through
#      cu2qu); later issues and new characters only add what is missing;
#   3. per face, the TrueType file the renderer embeds and its metrics
#      (<name>-<key>.ttf + .metrics.pkl): a warm build reads one small pickle
#      per face and never parses a font.
# The glyphs of a face are converted in worker processes (one per face, up to
# BANMIAN_FONT_JOBS, default the machine's cores) while the build goes on with
# the metrics; `Face.path` waits for the file. Nothing in a prepared file
# depends on the order or the process it was made in: the bytes are a function
# of the source file, the character set and PREP_VERSION.

INLINE_GLYPHS = 200        # converting fewer glyphs than this is cheaper than a worker


def _src_stem(src: Source) -> str:
    return f"{src.name}-{src.sha256[:16]}-{src.index}-v{PREP_VERSION}"


def _open_font(src: Source) -> TTFont:
    """The source face, opened lazily (tables are parsed when first read)."""
    from fontTools.ttLib import TTFont
    return TTFont(str(src.path), fontNumber=src.index, lazy=True)


def _load_pickle(path: Path):
    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ValueError):
        return None


def _save_pickle(path: Path, obj) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            pickle.dump(obj, f, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        pass


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
        os2 = raw["OS/2"]
        typo_asc, typo_desc = struct.unpack(">hh", os2[68:72])
        if any(ord(ch) in cmap for ch in FULLWIDTH_REMAP):
            fwid = _fwid_map(font)
            if fwid:
                for ch in FULLWIDTH_REMAP:
                    g = cmap.get(ord(ch))
                    if g is not None and font.getGlyphName(g) in fwid:
                        cmap[ord(ch)] = font.getGlyphID(fwid[font.getGlyphName(g)])
                rule = _dash_rule(font, cmap, adv)
                if rule is not None:
                    cmap[0x2014] = rule
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
        font.close()
        _save_pickle(path, meta)
    _META[key] = meta
    return meta


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
    raise BanmianError("font has no Unicode character map (cmap format 4 or 12)")


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


def _dash_rule(font: TTFont, cmap: dict[int, int], adv) -> int | None:
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
    _glyph_drawer(font, "CFF " in font.reader)(g, pen)     # by id: no glyph set, no hmtx table
    if pen.bounds is None:
        return None
    x0, y0, x1, y1 = pen.bounds
    if x0 > 0.01 * upm or x1 < 0.99 * upm or not (0.2 * upm < (y0 + y1) / 2 < 0.5 * upm) or y1 - y0 > 0.1 * upm:
        return None
    return g


def _convert_glyphs(font: TTFont, gids, cff: bool) -> dict[int, tuple]:
    """Glyph id -> (TrueType glyph data, ink box or None, points, contours)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    draw = _glyph_drawer(font, cff)
    out = {}
    for i in gids:
        pen = TTGlyphPen(None)
        draw(i, Cu2QuPen(pen, max_err=1.0, reverse_direction=True) if cff else pen)
        g = pen.glyph()
        if g.numberOfContours == 0:
            out[i] = (b"", None, 0, 0)
            continue
        data = g.compile(None, recalcBBoxes=True)
        out[i] = (data, (g.xMin, g.yMin, g.xMax, g.yMax), len(g.coordinates), g.numberOfContours)
    return out


def _glyph_drawer(font: TTFont, cff: bool):
    """draw(glyph id, pen) for a source face, reading glyphs by id: building the glyph order of a
    65,535-glyph font (its charset or its post names) costs more than converting a few glyphs."""
    try:
        return _raw_drawer(font, cff)
    except Exception:                     # an unusual font: go through fontTools' glyph set
        from fontTools.pens.recordingPen import DecomposingRecordingPen
        order = font.getGlyphOrder()
        gs = font.getGlyphSet()

        def draw(i, pen):
            if cff:
                gs[order[i]].draw(pen)
            else:
                rec = DecomposingRecordingPen(gs)
                gs[order[i]].draw(rec)
                rec.replay(pen)
        return draw


def _raw_drawer(font: TTFont, cff: bool):
    if cff:
        from fontTools.cffLib import SubrsIndex
        cfftable = font["CFF "].cff
        top = cfftable.topDictIndex[0]
        if "FDArray" in top.rawDict:
            fd_array = top.FDArray
            fd_select = top.FDSelect if "FDSelect" in top.rawDict else None
            private = None
        else:
            fd_array = fd_select = None
            private = top.Private
        top.file.seek(top.rawDict["CharStrings"])
        charstrings = SubrsIndex(top.file, cfftable.GlobalSubrs, private, fd_select, fd_array)

        def draw(i, pen):
            charstrings[i].draw(pen)
        return draw

    from fontTools.ttLib.tables._g_l_y_f import Glyph
    raw = font.reader
    if "glyf" not in raw or "gvar" in raw:
        raise ValueError("not a static TrueType font")
    long_loca = struct.unpack(">h", raw["head"][50:52])[0]
    loca = array("I" if long_loca else "H", raw["loca"])
    if sys.byteorder == "little":
        loca.byteswap()
    scale = 1 if long_loca else 2
    glyf = raw["glyf"]
    n_hm = struct.unpack(">H", raw["hhea"][34:36])[0]
    hmtx = raw["hmtx"]
    fallback = [None]

    def lsb(i):
        if i < n_hm:
            return struct.unpack(">h", hmtx[4 * i + 2:4 * i + 4])[0]
        return struct.unpack(">h", hmtx[4 * n_hm + 2 * (i - n_hm):4 * n_hm + 2 * (i - n_hm) + 2])[0]

    def draw(i, pen):
        data = glyf[loca[i] * scale:loca[i + 1] * scale]
        if len(data) >= 2 and struct.unpack(">h", data[:2])[0] < 0:     # a composite: decompose it
            if fallback[0] is None:
                from fontTools.pens.recordingPen import DecomposingRecordingPen
                order, gs = font.getGlyphOrder(), font.getGlyphSet()
                fallback[0] = (order, gs, DecomposingRecordingPen)
            order, gs, rec_pen = fallback[0]
            rec = rec_pen(gs)
            gs[order[i]].draw(rec)
            rec.replay(pen)
            return
        g = Glyph(data)
        g.expand(None)
        if g.numberOfContours > 0:
            g.draw(pen, None, lsb(i) - g.xMin)        # as fontTools' glyph set draws it
    return draw


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
    for ch in wanted:
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
    _save_pickle(mpath, _face_metrics(src, wanted, cache_dir, store))
    _prune_faces(cache_dir)
    return out


FACE_FILES = 400      # prepared faces kept in the cache (one per face and character set)


def _touch(path: Path) -> None:
    try:
        os.utime(path)
    except OSError:
        pass


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


# ---- worker processes ----------------------------------------------------------

def _jobs() -> int:
    try:
        return max(1, int(os.environ.get("BANMIAN_FONT_JOBS", "0")) or (os.cpu_count() or 1))
    except ValueError:
        return os.cpu_count() or 1


class _Children:
    """Face files made in forked child processes, at most BANMIAN_FONT_JOBS at a time.

    No threads in this process (a process pool's helper threads would be inherited, locked, by
    whatever else forks later, e.g. `banmian archive`'s workers): children are started when a
    face is asked for and reaped whenever someone waits for one."""

    def __init__(self):
        self.running: dict[Path, tuple] = {}      # out -> (process, pipe)
        self.queue: dict[Path, tuple] = {}        # out -> args, not started yet
        self.done: dict[Path, tuple] = {}         # out -> ("ok", path) | ("err", message)
        self._ctx = None

    def usable(self) -> bool:
        if _jobs() < 2 or not hasattr(os, "fork"):
            return False
        import multiprocessing
        if multiprocessing.current_process().daemon:      # daemons may not have children
            return False
        if self._ctx is None:
            self._ctx = multiprocessing.get_context("fork")
        return True

    def submit(self, out: Path, src: Source, wanted: list[str], cache_dir: Path) -> bool:
        if out in self.done and not out.exists():           # made once, since deleted: again
            del self.done[out]
        if out in self.running or out in self.queue or out in self.done:
            return True
        self.queue[out] = (src, wanted, str(cache_dir))
        self._reap(block=False)
        return self._fill()

    def _fill(self) -> bool:
        while self.queue and len(self.running) < _jobs():
            out = next(iter(self.queue))
            args = self.queue.pop(out)
            try:
                r, w = self._ctx.Pipe(duplex=False)
                p = self._ctx.Process(target=_child_build, args=(w, *args), daemon=True)
                p.start()
                w.close()
            except Exception:
                return False
            self.running[out] = (p, r)
        return True

    def _reap(self, block: bool) -> None:
        from multiprocessing.connection import wait
        if not self.running:
            return
        ready = wait([r for _, r in self.running.values()], timeout=None if block else 0)
        for out, (p, r) in list(self.running.items()):
            if r not in ready:
                continue
            try:
                self.done[out] = r.recv()
            except (EOFError, OSError):
                self.done[out] = ("err", "the font child process died")
            r.close()
            p.join()
            del self.running[out]

    def result(self, out: Path) -> Path:
        while out not in self.done:
            if out in self.queue and not self.running:
                self._fill()
            self._reap(block=True)
            self._fill()
        status, value = self.done[out]
        if status != "ok":
            raise RuntimeError(value)
        return Path(value)


_JOBS = _Children()


def _child_build(conn, src: Source, wanted: list[str], cache_dir: str) -> None:
    try:
        conn.send(("ok", str(_build_face(src, wanted, Path(cache_dir)))))
    except BaseException as e:        # report it; the parent then prepares the face itself
        conn.send(("err", f"{type(e).__name__}: {e}"))
    finally:
        conn.close()
