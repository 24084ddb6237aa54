"""Compose: styled runs + a measure -> justified lines (W3C clreq).

Takes `Run`s (text in one face and size) and a width in pt; returns `Line`s of
positioned `Glyph`s (boxes.py). Pure: measurements come from the faces.

    compose(runs, width, style, log, cache) -> list[Line]      the door (paragraph.py)

text.py       character classes (避头尾, punctuation ink sides), units that never break
units.py      numbers kept on their units, 5G+ solid with its word, hyphenation points (pyphen)
linebreak.py  total-fit breaking with CJK glue; N-line settings for 拉行/缩行
justify.py    compression, Han–Latin space, expansion (clreq "Line Adjustment")
cache.py      the composition cache the build owns (one paragraph is never set twice)
vertical.py   竖排: vertical lines (vert forms, 纵中横, sideways Latin, 避头尾), set_vertical / compose_vertical
"""
from __future__ import annotations

from layout import lazy_exports

_EXPORTS = {"compose": "paragraph", "set_line": "paragraph", "Run": "paragraph", "ParaStyle": "paragraph", "CompositionCache": "cache"}

__getattr__ = lazy_exports(__name__, _EXPORTS)
