"""Make-up: the model's pages -> pages of positioned items on the grid.

Takes the validated Issue, the prepared faces and the composition cache (a `Ctx`);
returns `Page`s of TextLines, Rules, Rects, Images and Paths (boxes.py), every
length in pt from the page's top-left. Pure: nothing here draws.

    make_up(issue, ctx, draft) -> list[Page]       the door (page.py)

grid.py         the column grid, baselines, the Ctx every step reads
headline.py     引题 / 主题 / 副题
shape.py        an article's text columns: a rectangle, or an irregular area (刀把 / L 形)
flow.py         body text through columns: balance, jumps, tables, overset
wrap.py         图文绕排: the lines a photo takes from the columns; lines set where they land
fit.py          拉行/缩行 so columns end flush
furniture.py    masthead (with 报眼, 农历, 今日 N 版), running heads, the 报尾 imprint, 刊头
ornament.py     花边 frame patterns, their inner margin, 题花 motifs
vertical.py     the 竖题 beside an article, vertical articles (right to left)
infographic.py  图解 blocks (the door): figure_base.py (parts, short texts balanced or condensed),
                figure_items.py (cards, items as written), figure_charts.py (bar, ring, line, table)
photo.py        photos with captions and credits
"""
from __future__ import annotations

from layout import lazy_exports

_EXPORTS = {"make_up": "page"}

__getattr__ = lazy_exports(__name__, _EXPORTS)
