"""Why no plan fills a page, by how much, and what the editor can do (the planner's error).

    no_plan(spec, items, rects, ctx, closest) -> BanmianError

Too long: the column-lines (and characters) the items need beyond the free area, and the
cut, jump or move that would make room. Too short: the holes of the closest plan in 版/栏/行
terms, and the 简讯 or photo that would fill them.
"""
from __future__ import annotations

from layout.errors import BanmianError
from layout.i18n import M, N


def no_plan(spec, items, rects, ctx, closest) -> BanmianError:
    """Why no plan fills the page, by how much, and what the editor can do."""
    g = ctx.grid
    have = sum(r[1] * r[3] for r in rects)
    need = 0
    for it in items:
        areas = [s * o.lines for s in range(1, g.columns + 1) for o in it.options(s)[:1] if not o.jump]
        need += min(areas) if areas else g.columns * g.lines
    chars = g.col_w / g.body_size
    arts = [it for it in items if it.kind in ("article", "box")]
    later = [p.number for p in ctx.issue.pages if p.number > spec.number]
    src = spec.source
    if need > have:
        over = need - have
        cut = arts[-1].title if arts else M("the last article")
        msg = M("page {page}: the items need about {over} column-lines more than the page has "
                "(about {chars} characters of text)", page=spec.number, over=over, chars=int(over * chars))
        if later:
            hint = M("cut about {chars} characters from '{article}', or let it go on on a later page "
                     "(`jump: {later}`), or move an item to another page", chars=int(over * chars), article=cut,
                     later=later[0])
        else:
            hint = M("cut about {chars} characters from '{article}', or move an item to another page",
                     chars=int(over * chars), article=cut)
    else:
        short, cols = have - need, g.columns
        if closest is not None and getattr(closest, "holes", None):
            # the nearest arrangement that does not fill the page: its holes, in the editor's terms
            short = sum(h.lines * h.span for h in closest.holes)
            cols = max(h.span for h in closest.holes)
        lines = max(1, round(short / cols))
        across = M("{lines} across {cols}", lines=N("{n} line", "{n} lines", lines),
                   cols=N("{n} column", "{n} columns", cols))
        msg = M("page {page}: no arrangement of these items fills the page exactly (without 碰题): about {short} "
                "column-lines stay empty (about {chars} characters, or {across})", page=spec.number, short=short,
                chars=int(short * chars), across=across)
        if closest is not None:
            holes = next((d for n, ok, d in closest.rules if n == "type area filled" and not ok), "")
            if holes:
                msg = M("{message}; the closest plan leaves {holes} empty", message=msg, holes=holes)
        photo = next((it for it in items if it.kind == "photo"), None)
        enlarge = M(", or enlarge the photo {photo} (pin `lines:`)", photo=photo.title) if photo else ""
        hint = M("add a 简讯 of about {chars} characters, or a photo of about {across}{enlarge}; `--draft` "
                 "builds the closest plan anyway", chars=int(short * chars), across=across, enlarge=enlarge)
    return BanmianError(msg, src.file, src.line, hint=hint)
