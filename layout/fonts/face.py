"""Face: the metrics of one prepared face, in em units. Pure data for layout.
"""
from __future__ import annotations

from pathlib import Path
from layout.fonts.store import DEFAULT_CACHE, PREP_VERSION, Source, _load_pickle
from layout.fonts.convert import _convert_glyphs, _glyph_drawer
from layout.fonts.prepare import _drop, _glyph_store, _open_font, _source_meta, vertical_code


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
        self._font = None                 # the source, opened when a glyph is converted here
        self._draw = None                 # and its glyph drawer (convert.py)
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
            if self._font is not None:            # the source opened meanwhile is not needed any more
                _drop(self._font)
                self._font = self._draw = None
        return self._path

    def has(self, ch: str) -> bool:
        return ch in self._adv

    def has_all(self, chars: set) -> bool:
        """Every character of the set `chars` is in the face (one C-level set test: make-up asks it
        of every run it sets)."""
        return self._adv.keys() >= chars

    def vertical(self, ch: str) -> str | None:
        """The private code point of `ch`'s vertical form (OpenType `vert`) in this face, or None
        when the font has none (the character is then set upright as it is)."""
        code = vertical_code(ch)
        return code if code in self._adv else None

    def gid(self, ch: str) -> int | None:
        """The source font's glyph id for `ch` (or a vertical-form code point), None if absent."""
        return self._gid.get(ch)

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
        if self._pending is not None:
            # the file is still being made in a worker (a cold build): converting the one glyph
            # here (the composer asks only for punctuation and dashes) beats waiting for all of them
            return self._convert_here(gid)
        if not self._ink_reloaded:
            self._ink_reloaded = True
            m = _load_pickle(self.path.with_suffix(".metrics.pkl"))
            if isinstance(m, dict) and isinstance(m.get("ink"), dict):
                self._inkraw = m["ink"]
                if ch in self._inkraw:
                    return self._inkraw[ch]
        return self._convert_here(gid)

    def _convert_here(self, gid: int):
        """Ink box of glyph `gid`, converted in this process as the worker converts it (same bytes)."""
        cache_dir = self._cache_dir or DEFAULT_CACHE / "fonts"
        store = _glyph_store(self.source, cache_dir)
        if gid not in store:
            meta = _source_meta(self.source, cache_dir)
            if self._draw is None:
                # opened once, with its drawer: parsing a CFF's top dict and reading the offsets of
                # its 65,535 charstrings cost ~30 ms, and make-up asks for some 5 glyphs a face
                self._font = _open_font(self.source)
                self._draw = _glyph_drawer(self._font, meta["cff"])
            store[gid] = _convert_glyphs(self._font, [gid], meta["cff"], self._draw)[gid]
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
