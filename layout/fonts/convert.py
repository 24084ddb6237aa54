"""A source glyph -> TrueType glyph data: CFF outlines through cu2qu, TrueType ones redrawn.

The bytes are those of fontTools' pen chain, T2CharString.draw -> Cu2QuPen(max_err=1.0,
reverse_direction=True) -> TTGlyphPen -> Glyph.compile(recalcBBoxes=True), which made every
prepared face so far (tests/test_fonts_convert.py compares the two glyph by glyph). That chain
costs four or five Python calls per point (a filter pen per stage, a contour recorded and
replayed twice, a GlyphCoordinates element per point read when compiling); here the outline is
recorded once (fontTools' RecordingPen), each contour converted with cu2qu and reversed with
fontTools' reversedContour, and the points written straight into the glyph's arrays.
"""
from __future__ import annotations

import struct
import sys
from array import array
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fontTools.ttLib import TTFont


def _convert_glyphs(font: TTFont, gids, cff: bool, draw=None) -> dict[int, tuple]:
    """Glyph id -> (TrueType glyph data, ink box or None, points, contours). `draw`: the font's
    _glyph_drawer, made once by a caller that converts a glyph at a time."""
    from fontTools.pens.recordingPen import RecordingPen

    draw = draw or _glyph_drawer(font, cff)
    out = {}
    for i in gids:
        rec = RecordingPen()
        draw(i, rec)
        out[i] = _tt_glyph(rec.value, cff)
    return out


_EMPTY = (b"", None, 0, 0)
_HEADER = struct.Struct(">hhhhh")       # numberOfContours, xMin, yMin, xMax, yMax
_NO_INSTRUCTIONS = b"\x00\x00"


def _tt_glyph(recording: list, cff: bool) -> tuple:
    """A recorded outline -> (glyph data, ink box, points, contours), as the pen chain makes them."""
    from math import floor
    from fontTools.cu2qu import curve_to_quadratic
    from fontTools.pens.reverseContourPen import reversedContour

    points: list = []          # TTGlyphPen's state: points, their on-curve flags, contour ends
    types: list = []
    ends: list = []
    contour: list = []
    current = None
    for op, args in recording:
        if op == "closePath" or op == "endPath":
            contour.append((op, args))
            _add_contour(reversedContour(contour) if cff else contour, points, types, ends)
            contour = []
            current = None
            continue
        if cff and op == "curveTo":
            # Cu2QuPen: each cubic -> one quadratic spline (max_err 1.0, all quadratic)
            if len(args) == 3:
                q = curve_to_quadratic((current, *args), 1.0, True)
                contour.append(("qCurveTo", tuple(q[1:])))
            else:
                _super_curve(args, current, contour)
        else:
            contour.append((op, args))
        current = args[-1]
    if contour:                # an outline left open: TTGlyphPen.glyph() would refuse it
        raise ValueError("unclosed contour")
    if not ends:
        return _EMPTY
    # otRound (what Glyph.compile rounds with) is floor(v + 0.5)
    xs = [floor(p[0] + 0.5) for p in points]
    ys = [floor(p[1] + 0.5) for p in points]
    box = (min(xs), min(ys), max(xs), max(ys))
    deltas = list(zip([b - a for a, b in zip([0, *xs], xs)], [b - a for a, b in zip([0, *ys], ys)]))
    flags, dx, dy = _pack_deltas(types, deltas)
    endpts = array("H", ends)
    if sys.byteorder != "big":
        endpts.byteswap()
    data = b"".join((_HEADER.pack(len(ends), *box), endpts.tobytes(), _NO_INSTRUCTIONS,
                     flags, dx, dy))
    return data, box, len(points), len(ends)


def _super_curve(args: tuple, current, contour: list) -> None:
    """Cu2QuPen on a curveTo of other than 3 points (T2 outlines have none): a super-Bezier is
    split as basePen splits it, fewer points are a quadratic already."""
    from fontTools.cu2qu import curve_to_quadratic
    from fontTools.pens.basePen import decomposeSuperBezierSegment

    if len(args) < 3:
        contour.append(("qCurveTo", args))
        return
    for seg in decomposeSuperBezierSegment(args):
        q = curve_to_quadratic((current, seg[0], seg[1], seg[2]), 1.0, True)
        contour.append(("qCurveTo", tuple(q[1:])))
        current = seg[2]


def _add_contour(segs, points: list, types: list, ends: list) -> None:
    """TTGlyphPen's moveTo/lineTo/qCurveTo/closePath on one contour's segments."""
    add, kind = points.append, types.append
    for op, args in segs:
        if op == "qCurveTo":
            last = args[-1]
            n = len(args) - 1
            points.extend(args[:n])
            types.extend(_OFF[:n] if n <= 64 else [0] * n)
            if last is not None:
                add(last)
                kind(1)
        elif op == "moveTo" or op == "lineTo":
            add(args[0])
            kind(1)
        elif op == "curveTo":            # a cubic left as it is (a TrueType source never has one)
            for pt in args[:-1]:
                add(pt)
                kind(0x80)
            if args[-1] is not None:
                add(args[-1])
                kind(1)
        else:                            # closePath / endPath
            end = len(points) - 1
            if end == 0 or (ends and end == ends[-1] + 1):       # a lone point: an anchor, dropped
                points.pop()
                types.pop()
                continue
            start = ends[-1] + 1 if ends else 0
            if points[start] == points[end]:                    # the closing point repeats the first
                points.pop()
                types.pop()
                end -= 1
            ends.append(end)


_OFF = [0] * 64


def _pack_deltas(flags, deltas):
    """fontTools' greedy packing of flags and coordinate deltas (what Glyph.compile uses)."""
    from fontTools.ttLib.tables._g_l_y_f import Glyph
    return Glyph.compileDeltasGreedy(None, flags, deltas)


@cache
def _lazy_index():
    """fontTools' CharStrings index with the offsets read for the glyphs asked for only.

    SubrsIndex reads all 65,536 offsets of a CJK face one file.read at a time when it is made
    (~12 ms; a build opens each face in its child, in this process for the composer's
    punctuation and for the dash rule); a face wants some 1,700 of them."""
    from fontTools.cffLib import SubrsIndex

    class LazyCharStrings(SubrsIndex):
        def __init__(self, file, global_subrs, private, fd_select, fd_array):
            super().__init__(None, global_subrs, private, fd_select, fd_array)
            start = file.tell()
            count = struct.unpack(">H", file.read(2))[0]           # a CFF (version 1) INDEX
            self.file = file
            self.items = [None] * count
            if count:
                self.off_size = file.read(1)[0]
                self.off_at = start + 3
                self.offsetBase = self.off_at + (count + 1) * self.off_size - 1

        def __getitem__(self, index):
            item = self.items[index]
            if item is None:
                n, file = self.off_size, self.file
                if not 0 <= index < len(self.items):
                    raise IndexError(index)
                file.seek(self.off_at + index * n)
                raw = file.read(2 * n)
                a, b = int.from_bytes(raw[:n], "big"), int.from_bytes(raw[n:], "big")
                file.seek(self.offsetBase + a)
                item = self.produceItem(index, file.read(b - a), file, self.offsetBase + a)
                self.items[index] = item
            return item
    return LazyCharStrings


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
        if cfftable.major == 1:
            charstrings = _lazy_index()(top.file, cfftable.GlobalSubrs, private, fd_select, fd_array)
        else:
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
