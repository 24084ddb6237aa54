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

Only lines drawn in the last render are kept. `hits` and `misses` count this
render's lines (tests, bench).
"""
from __future__ import annotations


class DrawMemo:
    def __init__(self):
        self.lines: dict[int, tuple] = {}   # id(Line) -> (line, x, y, chars, codes, operators)
        self._next: dict[int, tuple] = {}
        self.hits = 0
        self.misses = 0

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

    def text_ops(self, pen, line, x0: float, y: float) -> str:
        """The operators of `line` with its first glyph's origin at (x0, y), as pen._text_ops makes them."""
        coded = pen._coded
        e = self.lines.get(id(line))
        if e is not None and e[0] is line and e[1] == x0 and e[2] == y:
            codes = []
            for key, g in e[3]:
                c = coded.get(key)
                if c is None:
                    c = coded[key] = pen._code(g, key[1], pen.c._doc)
                codes.append(c)
            if tuple(codes) == e[4]:
                self.hits += 1
                self._next[id(line)] = e
                return e[5]
        self.misses += 1
        ops = pen._text_ops(x0, y, line.glyphs)
        chars = {}                      # (face, character) -> a glyph drawing it, in first-use order
        for g in line.glyphs:
            for ch in g.text:
                chars.setdefault((g.face, ch), g)
        keys = tuple(chars.items())
        self._next[id(line)] = (line, x0, y, keys, tuple(coded[k] for k, _ in keys), ops)
        return ops
