"""Headline groups: 引题 / 主题 / 副题 set over a width, in whole grid lines.

A 主题 that is too long for one line is first condensed (长字, down to the house
minimum) and only then broken; an editor's double space marks the preferred
break of a two-part headline. The group's height rounds up to whole body lines
so the text under it lands back on the grid (guide §5).
"""
from __future__ import annotations

import math

from layout.boxes import Item, Line
from layout.compose.paragraph import ParaStyle, Run, compose, set_line
from layout.makeup.grid import Ctx, stack
from layout.source.model import Article

GAP = "\u3000"   # what an editor's double space becomes inside a one-line headline


def headline(article: Article, x: float, y: float, width: float, ctx: Ctx,
             continued_from: int | None = None, major: bool = True,
             title_size: float | None = None, title_align: str | None = None) -> tuple[list[Item], int]:
    """Set the headline group at (x, y) over `width`; returns items and the grid lines used."""
    rows: list[tuple[Line, float, str]] = []          # (line, line advance, align)
    if continued_from is not None:
        # a continuation repeats the title small (转版 follow-up headline)
        rows += _rows(article.title, "crosshead", width, ctx, scale=1.4)
    else:
        if article.kicker:
            rows += _rows(article.kicker, "kicker", width, ctx)
        rows += _rows(article.title, "title" if major else "title_minor", width, ctx, size=title_size,
                      align=title_align)
        if article.subtitle:
            rows += _rows(article.subtitle, "subtitle", width, ctx)
    # stack the rows, centred in the whole grid lines they need (with some air)
    pitch = ctx.grid.pitch
    natural = sum(adv for _, adv, _ in rows)
    n_lines = max(1, math.ceil((natural + pitch * 0.6) / pitch))
    return stack(rows, x, width, y, n_lines * pitch), n_lines


def _rows(text: str, element: str, width: float, ctx: Ctx, scale: float = 1.0,
          size: float | None = None, align: str | None = None) -> list[tuple[Line, float, str]]:
    face, el = ctx.element(element)
    if align:
        import dataclasses
        el = dataclasses.replace(el, align=align)
    size = size or el.size * scale
    advance = size * (1.2 if element.startswith("title") else 1.45)
    parts = [p for p in text.replace("\u3000", "  ").split("  ") if p.strip()]
    one = GAP.join(p.strip() for p in parts)
    line = set_line(one, face, size)
    if line.end <= width + 0.01:
        if el.align == "justify":          # 均排: the title fills its width exactly
            return [(spread(line, width), advance, "left")]
        return [(line, advance, el.align)]
    # 长字: condense before breaking, down to the house minimum
    scale_x = width / line.end
    if scale_x >= ctx.house.condense_min:
        return [(set_line(one, face, size, hscale=scale_x - 1e-4), advance, el.align)]
    # break: at the editor's double space if each part fits (condensed if need be), else by the composer
    if len(parts) > 1:
        out = []
        for p in parts:
            ln = set_line(p.strip(), face, size)
            if ln.end > width:
                sx = width / ln.end
                if sx < ctx.house.condense_min:
                    break
                ln = set_line(p.strip(), face, size, hscale=sx - 1e-4)
            out.append((ln, advance, el.align))
        else:
            return out
    lines = compose([Run(one, face, size)], width,
                    ParaStyle(indent=0, align=el.align if el.align != "justify" else "center",
                              kinsoku=ctx.house.para.kinsoku, fix_orphan=True), cache=ctx.cache)
    return [(ln, advance, el.align) for ln in lines]


def spread(line: Line, width: float) -> Line:
    """均排: share the room left on a line equally between its characters, so it ends at `width`."""
    n = len(line.glyphs)
    if n < 2:
        return line
    extra = (width - line.end) / (n - 1)
    glyphs = tuple(g._replace(x=g.x + i * extra) for i, g in enumerate(line.glyphs))
    return Line(glyphs, width, last=line.last, first=line.first, source=line.source)
