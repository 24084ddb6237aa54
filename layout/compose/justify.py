"""Position the glyphs of one line: compression, Han–Latin space, expansion, alignment.

clreq "Line Adjustment" fixes the order. A line that is too long is
compressed, stage by stage: (1) line-end punctuation to ½ em (done at the
edge, see text.py), (2) Western word spaces to ¼ em, (3) interpuncts,
(4) the outer side of brackets and quotes, (5) ，、；： to ½ em, (6) the
Han–Western space to ⅛ em, (7) 。？！ to ½ em. A line that is too short is
expanded: Western word spaces up to ½ em, then the Han–Western space up to
⅓ em, then the rest equally between characters, never inside ——, ……, a number
or a Latin word (and never between a character and the mark clinging to it).

Drawing the glyphs: `Glyph.x` is the left of the (possibly compressed) box and
`shift` puts the ink on its side of the box: an opening mark whose empty left
half was removed is drawn `shift` = that half to the left. Proportional marks
(LXGW WenKai's 0.35 em quotes) are placed in the same full- or half-width box,
ink on the side their class wants. The two U+2014 of —— are drawn with a
horizontal scale that makes each glyph's ink fill its em box and overlap the
neighbour by 0.03 em, so the rule reads as one continuous 2-em line.
"""
from __future__ import annotations

from dataclasses import dataclass

from layout.boxes import Glyph
from layout.i18n import M
from layout.compose.text import (CENTRE, DASH, RIGHT, STAGE_BRACKET, STAGE_HANLATIN, STAGE_INTERPUNCT,
                   STAGE_PAUSE, STAGE_SPACE, STAGE_STOP, Prepared)

EPS = 1e-6
COMPRESS_ORDER = (STAGE_SPACE, STAGE_INTERPUNCT, STAGE_BRACKET, STAGE_PAUSE,
                  STAGE_HANLATIN, STAGE_STOP)
MAX_CHAR_EXPANSION = 0.5    # em between two characters before a line counts as badly set
BROKEN_UNIT_EXPANSION = 0.25  # em between characters at most on a line that ends inside or just before
                            # a URL, or at the hyphen of an overlong word: the rest stays at its end
DASH_OVERLAP = 0.03         # em by which the halves of —— overlap


@dataclass(frozen=True)
class Placed:
    """One positioned line and what went wrong with it, if anything."""
    glyphs: tuple[Glyph, ...]
    natural: float          # width before adjustment, pt
    problem: str | None     # a message for the log


def place_line(p: Prepared, i: int, j: int, width: float, indent: float = 0.0,
               align: str = "justify", last: bool = False, hscale: float = 1.0) -> Placed:
    """Glyphs for atoms i..j-1 set in `width` pt (the first line passes its indent)."""
    atoms = p.atoms[i:j]
    if not atoms:
        return Placed((), 0.0, None)
    widths = [a.width for a in atoms]
    shrink = [a.shrink for a in atoms]
    # Line edges: the opening mark's and the final mark's empty halves go.
    if p.start_adj[i]:
        widths[0] -= p.start_adj[i]
        shrink[0] = 0.0
    if p.end_adj[j]:
        widths[-1] -= p.end_adj[j]
        shrink[-1] = 0.0
    gaps = [0.0] + [p.gap[k] for k in range(i + 1, j)]
    # a line broken inside an overlong Latin word ends with a visible hyphen (units.py)
    hyphen = p.hyphen.get(j, 0.0) if j < len(p.atoms) else 0.0
    natural = indent + sum(widths) + sum(gaps) + hyphen
    room = width - natural
    problem = None
    if room < -EPS:
        room = _compress(p, i, j, widths, shrink, gaps, -room)
        if room < -0.01:
            problem = M("line is {over:.2f} pt wider than the column", over=-room)
    if align == "justify" and not last and room > EPS:
        # a line that ends inside or before a URL, or at a hyphen, cannot end flush without spacing
        # letters or opening holes: it is justified within a small limit, then left ragged
        cap = BROKEN_UNIT_EXPANSION if (hyphen or j in p.url_breaks or _before_url(p, j)) else None
        room, problem = _expand(p, i, j, gaps, room, cap)
        if cap is not None:
            room = max(room, 0.0)
    offset = indent
    if align == "right":
        offset += max(room, 0.0)
    elif align == "center":
        offset += max(room, 0.0) / 2
    glyphs = _glyphs(p, i, j, widths, gaps, offset, hscale)
    if hyphen:
        last = glyphs[-1]
        glyphs += (Glyph("-", last.x + last.advance, hyphen, last.face, last.size, hscale=hscale),)
    return Placed(glyphs, natural, problem)


def _before_url(p: Prepared, j: int) -> bool:
    """Boundary j opens a URL or e-mail address (the line before it may end short)."""
    return j not in p.solid and (j + 1) in p.solid


def _compress(p: Prepared, i: int, j: int, widths: list[float], shrink: list[float],
              gaps: list[float], excess: float) -> float:
    """Take `excess` pt out of the line in clreq order; returns the room left (<0 = overfull)."""
    for stage in COMPRESS_ORDER:
        if excess <= EPS:
            break
        items = [(0, t, shrink[t]) for t, a in enumerate(p.atoms[i:j]) if a.stage == stage and shrink[t] > 0]
        items += [(1, t, p.gap_shrink[i + t]) for t in range(1, j - i)
                  if p.gap_stage[i + t] == stage and p.gap_shrink[i + t] > 0]
        cap = sum(s for _, _, s in items)
        if cap <= 0:
            continue
        take = min(excess, cap)
        for kind, t, s in items:
            cut = s * take / cap
            if kind == 0:
                widths[t] -= cut
            else:
                gaps[t] -= cut
        excess -= take
    return -excess


def _expand(p: Prepared, i: int, j: int, gaps: list[float], room: float,
            limit: float | None = None) -> tuple[float, str | None]:
    """Spread `room` pt over the line: word spaces, Han–Latin spaces, then between characters
    (at most `limit` em each, if given: what is left is returned, for the line's end)."""
    for stage in (STAGE_SPACE, STAGE_HANLATIN):
        items = [t for t in range(1, j - i) if p.gap_stage[i + t] == stage and p.gap_stretch[i + t] > 0]
        cap = sum(p.gap_stretch[i + t] for t in items)
        if cap <= 0:
            continue
        take = min(room, cap)
        for t in items:
            gaps[t] += p.gap_stretch[i + t] * take / cap
        room -= take
        if room <= EPS:
            return 0.0, None
    slots = [t for t in range(1, j - i) if p.expand[i + t]]
    problem = None
    if not slots:
        # nothing but Han–Western spaces to widen (a line such as "2019 年"): they take the rest
        # (linebreak.py scores lines past their limits by this same order)
        slots = [t for t in range(1, j - i) if p.gap_stage[i + t] == STAGE_HANLATIN]
    if limit is not None:
        # a piece of a URL or word alone is set flush left, its letters unspaced
        each = min(room / len(slots), limit * p.atoms[i].em) if slots else 0.0
        for t in slots:
            gaps[t] += each
        return room - each * len(slots), None
    if not slots:
        # letters are spaced only as a last resort, and never those of a URL or e-mail address
        slots = [t for t in range(1, j - i) if i + t not in p.solid]
        if not slots and j - i > 1:
            return room, None
        if not slots:
            return room, "line cannot be justified: it holds a single glyph"
        problem = M("line cannot be justified within limits (letters spaced inside a word or number)")
    each = room / len(slots)
    em = p.atoms[i].em
    if problem is None and each > MAX_CHAR_EXPANSION * em:
        problem = M("line cannot be justified within limits ({em:.2f} em between characters)", em=each / em)
    for t in slots:
        gaps[t] += each
    return 0.0, problem


def _glyphs(p: Prepared, i: int, j: int, widths: list[float], gaps: list[float],
            x: float, hscale: float) -> tuple[Glyph, ...]:
    out = []
    for t, a in enumerate(p.atoms[i:j]):
        x += gaps[t]
        w = widths[t]
        scale = hscale
        if a.side == RIGHT:
            shift = a.adv - w
        elif a.side == CENTRE:
            shift = (a.adv - w) / 2
        else:
            shift = 0.0
        if a.cls == DASH and a.ch == "—":
            shift, scale = _dash(p, i + t, x, w, hscale)
        out.append(Glyph(a.ch, x, w, a.face.id, a.size, shift=shift, hscale=scale))
        x += w
    return tuple(out)


def _dash(p: Prepared, k: int, x: float, w: float, hscale: float) -> tuple[float, float]:
    """Shift and scale so this half of —— inks its whole box and meets its neighbour."""
    a = p.atoms[k]
    ink = a.face.ink(a.ch) if a.face.has(a.ch) else None
    if not ink or ink[2] <= ink[0]:
        return 0.0, hscale
    if ink[0] <= 0.01 and ink[2] >= 0.99:
        return 0.0, hscale          # the prepared font's dash already inks its whole em: halves meet
    atoms = p.atoms
    left = DASH_OVERLAP * a.em if k > 0 and atoms[k - 1].group == a.group else 0.0
    right = DASH_OVERLAP * a.em if k + 1 < len(atoms) and atoms[k + 1].group == a.group else 0.0
    scale = (w + left + right) / ((ink[2] - ink[0]) * a.size)
    shift = left + ink[0] * a.size * scale
    return shift, scale


def extra_space(line) -> float:
    """How loose a set line is: the space justification put between two Han characters, in em
    of their size. Every gap between two Han characters takes the same share of the line's
    room (and a typed space, 本报讯 近日, takes it on top of its own width), so the narrowest
    such gap is that share; Han boxes are never compressed."""
    gaps = [(b.x - a.x - a.advance) / (a.size * a.hscale) for a, b in zip(line.glyphs, line.glyphs[1:])
            if _is_han(a.text) and _is_han(b.text) and a.size]
    return max(0.0, min(gaps)) if gaps else 0.0


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"
