"""What `banmian plan` prints: each planned page's geometry as YAML blocks the editor can paste
back into issue.yaml to pin them, with the plan's score, every hard rule's result and the
scored preferences.

    report(issue, plans) -> str
    preferences(plan, ctx) -> [(preference, cost, detail)]   (what plan.py records in PagePlan.prefs)
"""
from __future__ import annotations

from pathlib import Path

from layout.i18n import M, N, join
from layout.source.model import ArticleBlock, FigureBlock, KantouBlock, PhotoBlock


def _q(text: str) -> str:
    """A YAML scalar (quoted when it would not read back as the same string)."""
    if not text or any(c in text for c in ":#{}[],&*?|<>=!%@`'\"") or text.strip() != text:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


def _block_yaml(b, issue_dir: str) -> list[str]:
    p = b.pos
    if isinstance(b, ArticleBlock):
        head = [f"- continue: {b.article.file}", f"  id: {b.id}"] if b.continued else [f"- article: {b.article.file}"]
    elif isinstance(b, PhotoBlock):
        head = [f"- photo: {Path(b.path).relative_to(issue_dir) if b.path.startswith(issue_dir) else b.path}"]
        if b.caption:
            head.append(f"  caption: {_q(b.caption)}")
        if b.credit:
            head.append(f"  credit: {_q(b.credit)}")
    elif isinstance(b, FigureBlock):
        head = [f"- figure: ...        # '{b.title}': keep its figure: data, add the geometry below"]
    elif isinstance(b, KantouBlock):
        head = [f"- kantou: ...        # '{b.title}': keep its kantou: data, add the geometry below"]
    else:
        return []
    geo = [f"  col: {p.col}", f"  span: {p.span}", f"  line: {p.line}", f"  lines: {p.lines}"]
    extra = []
    if isinstance(b, ArticleBlock):
        if b.columns != p.span:
            extra.append(f"  columns: {b.columns}          # 变栏")
        if b.frame != "none":
            extra.append(f"  frame: {b.frame}")
        if b.jump_to:
            extra.append(f"  jump: {b.jump_to}")
        if b.title_align:
            extra.append(f"  title_align: {b.title_align}")
    return head + geo + extra


def preferences(plan, ctx) -> list[tuple[str, float, str]]:
    """The scored preferences of a PagePlan as (preference, cost, what was found), for the report."""
    out = []
    arts = sorted((p for p in plan.placements if p.item.kind in ("article", "box", "cont")), key=lambda p: p.item.order)
    sizes = []
    for p in arts:
        b = p.item.block
        el = "title" if getattr(b, "major", False) else "title_minor"
        size = b.title_size or ctx.house.title_size(el, p.span)       # the house table by rank and span
        sizes.append((p.item.title, size, p.span))
    inv = sum(1 for a, b in zip(sizes, sizes[1:]) if b[1] > a[1] + 0.01)
    out.append((M("headline sizes descend with rank"), float(inv),
                join([M("{title} {size:.0f}pt/{n}栏", title=t[:10], size=s, n=n) for t, s, n in sizes])))
    for p in plan.placements:
        if p.option.cost or p.option.note:
            o = p.option
            said = [x for x in (o.note, getattr(o, "shape", "")) if x]
            if not o.note and o.cost - getattr(o, "shape_cost", 0.0) > 0.005:
                said.insert(0, M("a line taller than its text"))
            out.append((p.item.title[:16], round(o.cost, 2), join(said, M("; "))))
    if plan.moved:
        # the editor's order had no arrangement that fills the page: the item the planner moved, and its price
        title, places, cost, photos = plan.moved
        what = M("'{title}' (with {photos})", title=title, photos=join(photos)) if photos else M("'{title}'", title=title)
        n = abs(places)
        out.append((M("order of importance"), round(cost, 2),
                    N("{what} set {n} place later than the editor's order",
                      "{what} set {n} places later than the editor's order", n, what=what) if places > 0 else
                    N("{what} set {n} place earlier than the editor's order",
                      "{what} set {n} places earlier than the editor's order", n, what=what)))
    return out


RULES = {"no overset": M("no overset"), "type area filled": M("type area filled"), "no 碰题": M("no 碰题"),
         "no empty jump": M("no empty jump"), "reading order": M("reading order"), "photos": M("photos")}
MET, NOT_MET = M("ok"), M("FAILED")


def report(issue, plans, L) -> str:
    """The report in the editor's language `L` (the YAML keys stay as typed)."""
    if not plans:
        return L.text(M("every page of the issue is pinned: nothing to plan")) + "\n"
    out: list[str] = []
    by_number = {p.number: p for p in issue.pages}
    for plan in plans:
        spec = by_number[plan.number]
        met = all(ok for _, ok, _ in plan.rules)
        out.append("# " + L.text(M("第 {page} 版 ({section}): {what}, score {cost:.1f} (lower is better)",
                                   page=plan.number, section=spec.section, cost=plan.cost,
                                   what=M("plan") if met else M("closest plan (a rule is not met)"))))
        out.append("# " + L.text(M("hard rules:")))
        for name, ok, detail in plan.rules:
            out.append(f"#   [{L.text(MET if ok else NOT_MET)}] {L.text(RULES.get(name, name))}: "
                       f"{L.text(detail)}")
        out.append("# " + L.text(M("preferences (cost):")))
        for name, cost, detail in plan.prefs:
            out.append(f"#   {cost:5.1f}  {L.text(name)}: {L.text(detail)}")
        out.append("# " + L.text(M("paste under the page's `blocks:` to pin this plan:")))
        for b in spec.blocks:
            lines = _block_yaml(b, issue.dir + "/")
            out += ["      " + ln for ln in lines]
        out.append("")
    return "\n".join(out) + "\n"
