"""The glyph conversion (fonts/convert.py) gives the bytes of fontTools' pen chain, glyph for glyph.

Every prepared face, and so every PDF, depends on these bytes: a CFF glyph drawn through
Cu2QuPen(max_err=1.0, reverse_direction=True) into a TTGlyphPen and compiled with its bounds
recalculated; a TrueType glyph drawn into a TTGlyphPen. The reference below is that chain.
"""
from __future__ import annotations

import random

import pytest

from layout.fonts.convert import _convert_glyphs, _glyph_drawer, _tt_glyph
from layout.fonts.prepare import _open_font


def reference(font, gids, cff):
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


@pytest.mark.parametrize("role,weight", [("song", "regular"), ("hei", "heavy"), ("kai", "regular")])
def test_conversion_matches_the_pen_chain(fontset, role, weight):
    src = fontset.source(role, weight)
    font = _open_font(src)
    cff = "CFF " in font.reader
    n = int.from_bytes(font.reader["maxp"][4:6], "big")
    # .notdef, the space, the first glyphs (Latin, punctuation) and a spread over the rest (Han)
    gids = sorted({0, *range(1, 120), *random.Random(17).sample(range(n), 400)})
    assert _convert_glyphs(font, gids, cff) == reference(_open_font(src), gids, cff)


def test_outlines_the_fonts_do_not_have():
    # single points (anchors) are dropped, a closing point that repeats the first is dropped,
    # an empty outline is an empty glyph; a cubic source outline is reversed
    rec = [("moveTo", ((5, 5),)), ("closePath", ()),
           ("moveTo", ((0, 0),)), ("lineTo", ((100, 0),)), ("lineTo", ((100, 100),)),
           ("lineTo", ((0, 0),)), ("closePath", ())]
    data, box, points, contours = _tt_glyph(rec, cff=False)
    assert (box, points, contours) == ((0, 0, 100, 100), 3, 1)
    assert _tt_glyph([], cff=True) == (b"", None, 0, 0)
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    curve = [("moveTo", ((0, 0),)), ("curveTo", ((0, 55.5), (44.5, 100), (100, 100))),
             ("lineTo", ((100, 0),)), ("closePath", ())]
    pen = TTGlyphPen(None)
    cu = Cu2QuPen(pen, max_err=1.0, reverse_direction=True)
    for op, args in curve:
        getattr(cu, op)(*args)
    g = pen.glyph()
    assert _tt_glyph(curve, cff=True)[0] == g.compile(None, recalcBBoxes=True)
