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

Layout reads metrics from `Face`: advances and ink boxes in em units.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml
from fontTools.ttLib import TTCollection, TTFont

from .errors import BanmianError, Log

PREP_VERSION = "3"
ROLES = ("song", "hei", "kai", "fangsong")
WEIGHTS = ("light", "regular", "bold", "heavy")
FONTS_DIR = Path(__file__).resolve().parent.parent / "fonts"
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


BASE_CHARSET = _base_charset()


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
    memo = DEFAULT_CACHE / "sha256.json"
    key = f"{path}|{st.st_size}|{st.st_mtime_ns}"
    try:
        table = json.loads(memo.read_text())
    except (OSError, ValueError):
        table = {}
    if key in table:
        return table[key]
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    table[key] = h.hexdigest()
    try:
        memo.parent.mkdir(parents=True, exist_ok=True)
        tmp = memo.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(table, indent=0, sort_keys=True))
        tmp.replace(memo)
    except OSError:
        pass
    return table[key]


class Face:
    """Metrics of one prepared face, in em units. Pure data for layout."""

    def __init__(self, id: str, role: str, weight: str, path: Path, source: Source):
        self.id = id
        self.role = role
        self.weight = weight
        self.path = path          # the prepared TrueType file the renderer embeds
        self.source = source
        font = TTFont(str(path), lazy=True)
        upm = font["head"].unitsPerEm
        cmap = font.getBestCmap()
        hmtx = font["hmtx"].metrics
        glyf = font["glyf"]
        self._adv: dict[str, float] = {}
        self._ink: dict[str, tuple[float, float, float, float] | None] = {}
        for code, gname in cmap.items():
            self._adv[chr(code)] = hmtx[gname][0] / upm
        self._cmap = cmap
        self._glyf = glyf
        self._upm = upm
        os2 = font["OS/2"]
        self.ascent = os2.sTypoAscender / upm
        self.descent = -os2.sTypoDescender / upm      # positive, below baseline
        self.name = font["name"].getDebugName(6) or source.name
        self._font = font

    def has(self, ch: str) -> bool:
        return ch in self._adv

    def advance(self, ch: str) -> float:
        """Advance width of `ch` in em (KeyError if the face lacks it)."""
        return self._adv[ch]

    def ink(self, ch: str) -> tuple[float, float, float, float] | None:
        """Ink box (x0, y0, x1, y1) of `ch` in em, or None for a blank glyph."""
        if ch not in self._ink:
            g = self._glyf[self._cmap[ord(ch)]]
            if getattr(g, "numberOfContours", 0) == 0:
                self._ink[ch] = None
            else:
                if not hasattr(g, "xMin"):
                    g.recalcBounds(self._glyf)
                u = self._upm
                self._ink[ch] = (g.xMin / u, g.yMin / u, g.xMax / u, g.yMax / u)
        return self._ink[ch]

    @property
    def chars(self) -> frozenset[str]:
        return frozenset(self._adv)

    def __repr__(self) -> str:
        return f"Face({self.id!r}, {self.name!r})"


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

    def face(self, role: str, weight: str, chars: frozenset[str] = frozenset()) -> Face:
        """The prepared face for role+weight covering BASE_CHARSET plus `chars` (where the font has them)."""
        extra = frozenset(chars) - BASE_CHARSET
        key = (role, weight, extra)
        if key not in self._faces:
            src = self.source(role, weight)
            path = prepare(src, extra, self.cache_dir)
            self._faces[key] = Face(f"{role}-{weight}", role, weight, path, src)
        return self._faces[key]

    def fallback_faces(self, role: str, weight: str, chars: frozenset[str]) -> list[Face]:
        """Faces of the role's fallback fonts, prepared only for `chars` (the rare ones)."""
        key = (role, weight, "fallback", frozenset(chars))
        if key not in self._faces:
            faces = []
            for i, src in enumerate(self.fallback_sources(role)):
                path = prepare(src, frozenset(chars), self.cache_dir, base=False)
                faces.append(Face(f"{role}-{weight}-fb{i}", role, weight, path, src))
            self._faces[key] = faces
        return self._faces[key]

    def prepared(self) -> list[Face]:
        """Every face prepared so far (the renderer embeds these)."""
        out: dict[str, Face] = {}
        for v in self._faces.values():
            for f in (v if isinstance(v, list) else [v]):
                out.setdefault(f.id, f)
        return [out[k] for k in sorted(out)]


def _open_source(path: Path, face: str | None) -> Source:
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


def prepare(src: Source, extra: frozenset[str], cache_dir: Path, base: bool = True) -> Path:
    """Subset + CFF->TrueType + cmap fix, cached. Returns the prepared .ttf path."""
    wanted = sorted((BASE_CHARSET | extra) if base else extra)
    key = hashlib.sha256("|".join([PREP_VERSION, src.sha256, str(src.index),
                                   "".join(wanted)]).encode()).hexdigest()[:24]
    out = cache_dir / f"{src.name}-{key}.ttf"
    if out.exists():
        return out
    cache_dir.mkdir(parents=True, exist_ok=True)
    font = TTFont(str(src.path), fontNumber=src.index, lazy=False)
    _fix_cmap(font)
    _subset(font, wanted)
    if "CFF " in font:
        _cff_to_glyf(font)
    tmp = out.with_suffix(f".{os.getpid()}.tmp")
    font.save(str(tmp), reorderTables=True)
    tmp.replace(out)
    return out


def _fix_cmap(font: TTFont) -> None:
    """Map the proportional U+2014 and U+00B7 to their full-width forms (fwid)."""
    if "GSUB" not in font:
        return
    gsub = font["GSUB"].table
    fwid: dict[str, str] = {}
    for rec in gsub.FeatureList.FeatureRecord:
        if rec.FeatureTag != "fwid":
            continue
        for li in rec.Feature.LookupListIndex:
            for st in gsub.LookupList.Lookup[li].SubTable:
                mapping = getattr(st, "mapping", None)
                if mapping:
                    fwid.update(mapping)
    for table in font["cmap"].tables:
        if not table.isUnicode():
            continue
        for ch in FULLWIDTH_REMAP:
            g = table.cmap.get(ord(ch))
            if g in fwid:
                table.cmap[ord(ch)] = fwid[g]


def _subset(font: TTFont, chars: list[str]) -> None:
    from fontTools import subset
    opts = subset.Options()
    opts.layout_features = []          # banmian positions every glyph itself
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.notdef_outline = True
    opts.hinting = False
    opts.desubroutinize = True
    opts.drop_tables += ["VORG", "vhea", "vmtx", "DSIG", "BASE", "GPOS", "GSUB", "GDEF"]
    s = subset.Subsetter(opts)
    s.populate(unicodes=[ord(c) for c in chars])
    s.subset(font)


def _cff_to_glyf(font: TTFont) -> None:
    """Convert cubic CFF outlines to quadratic TrueType glyf (after fontTools' otf2ttf recipe)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    gs = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(gs)
        gs[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    del font["CFF "]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                 "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                 "maxComponentElements", "maxComponentDepth"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    post = font["post"]
    post.formatType = 3.0          # no glyph names: CID names mean nothing to a reader
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"
    for name in order:
        glyphs[name].recalcBounds(glyf)
