"""Headline groups: 引题 / 主题 / 副题 set over a width, in whole grid lines.

A 主题 that is too long for one line is first condensed (长字, down to the house
minimum) and only then broken. An editor's space in a title (two spaces, an
ideographic space, or one space between two Chinese characters) marks a pause:
on one line it is set as an em space, and it is where the title breaks first.
Other breaks fall between words (jieba, words.py), never inside one, where
避头尾 allows, and the lines are balanced so that no headline ends on a line of
one or two characters (一条 / 产业链上的, not 一条产 / 业链上的). Every line is
centred exactly in the headline's width by its glyphs (or spread 均排). The
group's height rounds up to whole body lines so the text under it lands back on
the grid (guide §5).

The 主题's size comes from the house table by rank (头条 or not) and the
columns the headline spans (style.py, `headlines:`); `title_size:` overrides.
"""
from __future__ import annotations

import dataclasses
import math

from layout.boxes import Item, Line
from layout.compose.paragraph import Run, set_line
from layout.compose.text import BOXED, CJK_CLOSING, CJK_OPENING, WESTERN, char_class, prepare
from layout.makeup.grid import Ctx, stack
from layout.source.model import Article
from layout.i18n import M, freeze, thaw

GAP = "\u3000"   # what an editor's pause (double space, or a space between Chinese characters) becomes
MAX_LINES = 4    # a headline broken over more lines than this is an editor's problem, not a layout

# Costs of a broken headline, in em² of imbalance between its lines.
TAIL_COST = 1e6          # the last line holds one or two characters (a 孤字-like tail)
SHORT_LINE_COST = 1e4    # another line (not the first) of one or two characters
QUOTE_BREAK_COST = 20.0  # a break inside a quotation or brackets (“链长 / 制”)
EXTRA_LINE_COST = 40.0   # one line more than the fewest that fit
SPLIT_WORD_COST = 1e8    # a break inside a word (only when a word is wider than the headline)


HEAD_AIR = 1.0                # body characters of air on each side of a centred headline line


def headline(article: Article, x: float, y: float, width: float, ctx: Ctx,
             continued_from: int | None = None, major: bool = True,
             title_size: float | None = None, title_align: str | None = None,
             span: int | None = None) -> tuple[list[Item], int]:
    """Set the headline group at (x, y) over `width` (`span` base columns); returns items and
    the grid lines used."""
    rows: list[tuple[Line, float, str]] = []          # (line, line advance, align)
    # a headline over two columns or more stands at least HEAD_AIR body characters clear of the
    # block's sides (a title run edge to edge reads into the next story); a one-column title keeps
    # the whole column (it would break into a line more); 均排 is the editor's spread over the width
    air = HEAD_AIR * ctx.grid.body_size if width > ctx.grid.col_w + 1 else 0.0
    full, width = width, width - 2 * air          # the block's width; the lines' measure
    if continued_from is not None:
        # a continuation repeats the title small (转版 follow-up headline)
        rows += _rows(article.title, "crosshead", width, ctx, scale=1.4, source=article.source, full=full)
    else:
        if article.kicker:
            rows += _rows(article.kicker, "kicker", width, ctx, source=article.source, full=full)
        element = "title" if major else "title_minor"
        if title_size is None and span is not None:
            title_size = ctx.house.title_size(element, span)
        rows += _rows(article.title, element, width, ctx, size=title_size, align=title_align,
                      source=article.source, full=full)
        if article.subtitle:
            rows += _rows(article.subtitle, "subtitle", width, ctx, source=article.source, full=full)
    # stack the rows, centred in the whole grid lines they need (with some air)
    pitch = ctx.grid.pitch
    natural = sum(adv for _, adv, _ in rows)
    n_lines = max(1, math.ceil((natural + pitch * 0.6) / pitch))
    return stack(rows, x, full, y, n_lines * pitch), n_lines


def _rows(text: str, element: str, width: float, ctx: Ctx, scale: float = 1.0,
          size: float | None = None, align: str | None = None, source=None,
          full: float | None = None) -> list[tuple[Line, float, str]]:
    face, el = ctx.element(element)
    if align:
        el = dataclasses.replace(el, align=align)
    size = size or el.size * scale
    advance = size * (1.2 if element.startswith("title") else 1.45)
    lines = headline_lines(text, face, size, width, ctx, source)
    full = full or width
    if el.align == "justify":          # 均排: every line fills its width exactly (the block's, air included)
        return [(spread(ln, full), advance, "left") for ln in lines]
    return [(ln, advance, el.align) for ln in lines]


def headline_lines(text: str, face, size: float, width: float, ctx: Ctx, source=None) -> list[Line]:
    """The lines of one headline element: one line, condensed, or broken and balanced.

    Kept in the build's composition cache, so the segmenter is loaded only for a
    headline that was never broken before."""
    s = normalise(text)
    key = ("headline", _code_version(ctx), s, face.id, getattr(face, "key", None) or str(getattr(face, "path", "")),
           size, round(width, 6), ctx.house.condense_min, ctx.house.para.kinsoku)
    lines, notes = ctx.cache.get(key, lambda: _headline_lines(s, face, size, width, ctx))
    for message, *_ in notes:                   # at the article's front matter (notes are tuples: cacheable)
        ctx.log.warn(thaw(message), source.file if source else None, source.line if source else None)
    return list(lines)


def _code_version(ctx: Ctx) -> str:
    """A hash of this module and the segmenter's (the composition cache's own version covers
    compose/ only): a headline broken by other code is never taken from the cache file."""
    v = ctx.memo.get("headline code")
    if v is None:
        import hashlib
        from pathlib import Path
        here = Path(__file__).resolve().parent
        h = hashlib.sha256()
        for name in ("headline.py", "words.py"):
            h.update((here / name).read_bytes())
        v = ctx.memo["headline code"] = h.hexdigest()[:16]
    return v


def normalise(text: str) -> str:
    """The title with each editor's pause as one GAP (an em space) and other spaces single."""
    t = " ".join(text.replace(GAP, "  ").strip().split("\n"))
    out: list[str] = []
    i = 0
    while i < len(t):
        if t[i] != " ":
            out.append(t[i])
            i += 1
            continue
        j = i
        while j < len(t) and t[j] == " ":
            j += 1
        before = out[-1] if out else ""
        after = t[j] if j < len(t) else ""
        if not before or not after:
            pass
        elif j - i >= 2 or not (char_class(before) in WESTERN or char_class(after) in WESTERN):
            out.append(GAP)                 # two spaces, or one between Chinese characters: a pause
        else:
            out.append(" ")                 # the space beside a Latin word or a number
        i = j
    return "".join(out)


def _headline_lines(s: str, face, size: float, width: float, ctx: Ctx) -> tuple[tuple[Line, ...], tuple]:
    one = set_line(s, face, size)
    if one.end <= width + 0.01:
        return (one,), ()
    # 长字: condense before breaking, down to the house minimum
    scale_x = width / one.end
    if scale_x >= ctx.house.condense_min:
        return (set_line(s, face, size, hscale=scale_x - 1e-4),), ()
    # at the editor's pauses first: each part on its own line(s); within a part, between words
    lines: list[Line] = []
    notes: list = []
    for part in s.split(GAP):
        part_lines, part_notes = _break_part(part, face, size, width, ctx)
        lines += part_lines
        notes += part_notes
    return tuple(lines), tuple(notes)


def _break_part(s: str, face, size: float, width: float, ctx: Ctx) -> tuple[list[Line], list]:
    """One part of a title (no pause inside): on one line (condensed if need be), else broken
    between words and balanced."""
    fitted = _fit(s, face, size, width, ctx.house.condense_min)
    if fitted is not None:
        return [fitted], []
    cuts = _best_cuts(s, face, size, width, ctx)
    lines = []
    for a, b in zip((0,) + tuple(cuts), tuple(cuts) + (len(s),)):
        lines.append(_fit(s[a:b].strip(), face, size, width, ctx.house.condense_min, force=True))
    notes = []
    words = _word_bounds(s, ctx)
    inside = [c for c in cuts if c not in words]
    if inside:
        notes.append((freeze(M("headline '{title}' is broken inside a word ('{before} / {after}'): a word is wider "
                               "than the headline; shorten the title or give it more columns", title=s,
                               before=s[max(0, inside[0] - 3):inside[0]], after=s[inside[0]:inside[0] + 3])),))
    squeezed = [ln.text for ln in lines if ln.glyphs and ln.glyphs[0].hscale < ctx.house.condense_min - 1e-3]
    if squeezed:
        notes.append((freeze(M("headline line '{line}' is condensed below the house minimum ({least:.0%}) to fit; "
                               "shorten the title or give it more columns", line=squeezed[0],
                               least=ctx.house.condense_min)),))
    return lines, notes


def _fit(piece: str, face, size: float, width: float, condense_min: float, force: bool = False) -> Line | None:
    """`piece` on one line within `width`: natural, condensed down to `condense_min`, or
    (`force`) condensed as far as needed."""
    ln = set_line(piece, face, size)
    if ln.end <= width + 0.01:
        return ln
    sx = width / ln.end
    if sx < condense_min and not force:
        return None
    return set_line(piece, face, size, hscale=sx - 1e-4)


def _word_bounds(s: str, ctx: Ctx) -> frozenset[int]:
    """Boundaries between words of `s` (the segmenter runs on each part between pauses)."""
    out: set[int] = set()
    start = 0
    for part in s.split(GAP):
        out |= {start + k for k in ctx.words.boundaries(part)}
        start += len(part) + 1
    return frozenset(out)


def _candidates(s: str, face, size: float, ctx: Ctx) -> dict[int, float]:
    """Where `s` may break, with the cost of breaking there: at a pause (free), between two
    words where 避头尾 and unbreakable units allow, else (dearest) between any two
    characters 避头尾 allows."""
    p = prepare([Run(s.replace(GAP, " "), face, size)], kinsoku=ctx.house.para.kinsoku)
    # atom index at each character boundary of s (spaces and gaps are not atoms)
    atom_at = [0] * (len(s) + 1)
    n = 0
    for k, ch in enumerate(s):
        atom_at[k] = n
        if ch not in (" ", GAP):
            n += 1
    atom_at[len(s)] = n
    words = _word_bounds(s, ctx)
    depth, quoted = 0, set()
    for k, ch in enumerate(s):
        if ch in CJK_OPENING:
            depth += 1
        elif ch in CJK_CLOSING:
            depth = max(0, depth - 1)
        if depth:
            quoted.add(k + 1)
    out: dict[int, float] = {}
    for k in range(1, len(s)):
        if s[k] == " " or s[k - 1] in (" ", GAP):
            continue                         # a break sits before the space or pause, not after it
        a = atom_at[k]
        if not 0 < a < len(p.atoms) or p.penalty[a] is None:
            continue
        cost = 0.0 if k in words else SPLIT_WORD_COST
        if k in quoted:
            cost += QUOTE_BREAK_COST
        out[k] = cost
    return out


def _chars(piece: str) -> int:
    """Characters of a line that count for its length (punctuation does not)."""
    return sum(1 for ch in piece if ch not in BOXED and ch not in (" ", GAP))


def _is_tail(piece: str) -> bool:
    return _chars(piece) <= 2


def _best_cuts(s: str, face, size: float, width: float, ctx: Ctx) -> tuple[int, ...]:
    """The balanced breaks: the fewest lines that fit (one more if that avoids a tail), each
    line within `width`, the least imbalance between line lengths plus the cost of each break."""
    cands = _candidates(s, face, size, ctx)
    points = sorted(cands)
    em = size
    widths: dict[tuple[int, int], float] = {}

    def piece(a: int, b: int) -> str:
        return s[a:b].strip(" " + GAP)

    def w(a: int, b: int) -> float:
        if (a, b) not in widths:
            widths[(a, b)] = set_line(piece(a, b), face, size).end
        return widths[(a, b)]

    def fits(a: int, b: int) -> bool:
        return w(a, b) <= width + 0.01

    best: tuple[float, tuple[int, ...]] | None = None
    fewest = None
    for n_lines in range(2, MAX_LINES + 1):
        found = _search(points, cands, len(s), n_lines, fits, w, piece, em, width)
        if found is None:
            continue
        cost, cuts = found
        if fewest is None:
            fewest = n_lines
        cost += EXTRA_LINE_COST * (n_lines - fewest)
        if best is None or cost < best[0]:
            best = (cost, cuts)
        if n_lines > fewest:
            break
    if best is not None:
        return best[1]
    # nothing fits even at MAX_LINES: the widest words are condensed; break at word
    # boundaries into lines as even as the characters allow
    n_lines = min(MAX_LINES, max(2, math.ceil(w(0, len(s)) / width)))
    found = _search(points, cands, len(s), n_lines, lambda a, b: True, w, piece, em, width)
    return found[1] if found else ()


def _search(points, cands, end, n_lines, fits, w, piece, em, width):
    """Cheapest way to cut [0, end) into `n_lines` fitting lines at `points` (dynamic programming
    over (line count, cut) with the lines' widths measured exactly)."""
    INF = float("inf")
    # layer[cut] = (cost, cuts) after k lines
    layer = {0: (0.0, ())}
    for k in range(n_lines):
        last = k == n_lines - 1
        nxt: dict[int, tuple[float, tuple]] = {}
        for a, (ca, cuts) in layer.items():
            ends = [end] if last else [b for b in points if b > a]
            for b in ends:
                if not fits(a, b):
                    continue
                text = piece(a, b)
                if not text:
                    continue
                c = ca + ((width - w(a, b)) / em) ** 2
                if b != end:
                    c += cands[b]
                if last and _is_tail(text):
                    c += TAIL_COST
                elif k > 0 and not last and _is_tail(text):
                    c += SHORT_LINE_COST
                if c < nxt.get(b, (INF,))[0]:
                    nxt[b] = (c, cuts + ((b,) if b != end else ()))
        layer = nxt
        if not layer:
            return None
    return layer.get(end)


def spread(line: Line, width: float) -> Line:
    """均排: share the room left on a line equally between its characters, so it ends at `width`."""
    n = len(line.glyphs)
    if n < 2:
        return line
    extra = (width - line.end) / (n - 1)
    glyphs = tuple(g._replace(x=g.x + i * extra) for i, g in enumerate(line.glyphs))
    return Line(glyphs, width, last=line.last, first=line.first, source=line.source)
