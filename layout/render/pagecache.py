"""Text operators a resident render drew before, reused when they would come out the same.

    memo = DrawMemo()            # owned by the build's CompositionCache (Ctx.cache.stages["pdf"])
    render(pages, faces, meta, out, memo=memo)

The hottest loop of a rebuild is turning each line's glyphs into BT … TJ … ET
(pdf.py `_Pen._text_ops`). After an edit of one paragraph, nearly every line of
the issue is the same composed Line (the composition cache and the page memo hand
out the same objects) at the same place, so its operators differ from the last
render's only if the subset codes of its characters do. ReportLab hands codes out
in first-use order across the file, so an edit can renumber characters first used
on its page and every later page; a line none of whose characters moved keeps its
bytes. A line is therefore reused when it is the same Line object at the same
position and every character it draws has the same (subset, code, width) as when
its operators were made. Codes still unassigned in this render are assigned in the
order the line first uses them, which is the order `_text_ops` would assign them
in: the file comes out byte for byte as a render without the memo writes it.

The file's streams are compressed and its font subsets made when the canvas is
saved; the same bytes compress to the same bytes and the same characters make the
same subset, so `save` hands back the last render's results for those (streams of
pages before the first changed one, subsets whose characters did not move).

Only what the last render drew is kept. `hits` and `misses` count this render's
lines, `streams` (reused, compressed) its streams (tests, bench).
"""
from __future__ import annotations

import zlib

from reportlab.pdfbase import pdfdoc


class DrawMemo:
    def __init__(self):
        self.lines: dict[tuple, tuple] = {}   # (id(Line), x, y) -> (line, x, y, keys, glyphs, codes, operators)
        self._next: dict[int, tuple] = {}
        self.hits = 0
        self.misses = 0
        self._zlib: dict[bytes, bytes] = {}      # stream content -> its Flate bytes
        self._subsets: dict[tuple, bytes] = {}   # (font face, characters) -> the subset font file
        self.streams = (0, 0)
        self.pdfx: dict = {}                     # what the PDF/X step keeps (pdfx.make_pdfx memo)

    def draw(self, draw):
        """Run `draw()` (one render's drawing) and keep the lines it drew, only those; a render
        that fails half-way leaves nothing."""
        self._next = {}
        self.hits = self.misses = 0
        try:
            data = draw()
        except BaseException:
            self.lines, self._next = {}, {}
            raise
        self.lines, self._next = self._next, {}
        return data

    def save(self, canvas, fonts: dict) -> None:
        """canvas.save(), with the streams and subsets of the last render that come out the
        same taken from it. (ReportLab compresses with one module-level filter object and makes
        subsets on each font's face: both are hooked for this call only; what they return is
        exactly what they compute, so a render in another thread meanwhile gets the same bytes.)"""
        old_z, new_z, old_s, new_s = self._zlib, {}, self._subsets, {}
        counts = [0, 0]

        def encode(text):
            if isinstance(text, str):
                text = text.encode("utf8")
            out = old_z.get(text)
            counts[out is None] += 1
            if out is None:
                out = zlib.compress(text)
            new_z[text] = out
            return out

        def subsetter(face):
            make = face.makeSubset

            def subset(chars):
                key = (face, tuple(chars))
                out = old_s.get(key)
                new_s[key] = out = make(chars) if out is None else out
                return out
            return subset

        faces = [f.face for f in fonts.values()]
        pdfdoc.PDFZCompress.encode = encode
        for face in faces:
            face.makeSubset = subsetter(face)
        try:
            canvas.save()
        finally:
            pdfdoc.PDFZCompress.__dict__.pop("encode", None)
            for face in faces:
                face.__dict__.pop("makeSubset", None)
        self._zlib, self._subsets, self.streams = new_z, new_s, tuple(counts)

    def text_ops(self, pen, line, x0: float, y: float) -> str:
        """The operators of `line` with its first glyph's origin at (x0, y), as pen._text_ops makes them."""
        coded = pen._coded
        where = (id(line), x0, y)           # (the same composed line may stand in several places)
        e = self.lines.get(where)
        if e is not None and e[0] is line:
            keys = e[3]
            codes = tuple(map(coded.get, keys))          # (one C-level pass: most lines end here)
            if None in codes:
                # characters no line of this render drew yet: coded in the order this line first
                # draws them, which is the order _text_ops would code them in
                for key, g in zip(keys, e[4]):
                    if coded.get(key) is None:
                        coded[key] = pen._code(g, key[1], pen.c._doc)
                codes = tuple(map(coded.get, keys))
            if codes == e[5]:
                self.hits += 1
                self._next[where] = e
                return e[6]
        self.misses += 1
        ops = pen._text_ops(x0, y, line.glyphs)
        chars = {}                      # (face, character) -> a glyph drawing it, in first-use order
        for g in line.glyphs:
            for ch in g.text:
                chars.setdefault((g.face, ch), g)
        keys = tuple(chars)
        self._next[where] = (line, x0, y, keys, tuple(chars.values()), tuple(map(coded.get, keys)), ops)
        return ops
