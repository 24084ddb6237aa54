"""Choose line breaks over a whole paragraph (total fit, Knuth–Plass with CJK glue).

Every legal boundary of a `Prepared` paragraph is a feasible break; a line
between two breaks has a natural width, a shrink (punctuation empty halves,
gaps down to their minimum) and a nominal stretch (gaps up to their maximum,
plus a small stretch per inter-character boundary). Lines are scored with
Knuth–Plass demerits and the cheapest sequence of breaks wins, so when a
prohibition forces a break the composer first compresses the line to pull the
next unit back (clreq "Line Adjustment": compression before expansion; the
"先挤后推" practice) and only then pushes a unit down, and expansion is spread
over lines instead of piling up on one.

Speed: prefix sums make a line's measures O(1); for each reachable break only
the candidates whose natural width lies near the measure are tried (found by
bisection), so the active set is bounded by the column, not the paragraph.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass

from layout.compose.text import BOXED, DASH, ELLIPSIS, STAGE_HANLATIN, Prepared

EPS = 1e-6
INF = float("inf")
SHRINK_BADNESS = 1.0        # badness of a line compressed to its limit (cheap: 先挤后推)
STRETCH_BADNESS = 100.0     # badness of a line stretched by its nominal stretch
MAX_BADNESS = 10_000.0
CHAR_STRETCH = 0.15         # nominal stretch per inter-character boundary, em
LOOSE = 2.0                 # candidates tried: natural width within this many em of the measure
ORPHAN_PENALTY = 200_000.0  # 孤字 on the last line (fixable cases always cost less)
EMERGENCY_PENALTY = 1e7     # a break inside an over-wide unbreakable unit
SHORT_END = 0.25            # of the measure: a line ending in or before a URL, or at a hyphen, this short
                            # costs what a line at its nominal stretch costs
DISCOURAGED = 1e5           # a penalty this high marks a break the text wants to avoid (units.py)
HYPHEN_PENALTY = 5_000.0    # a hyphenation point of a Latin word wider than the measure (units.py)
OVER_LIMIT = 1_000.0        # badness per em of room on a line stretched past its limits
MAX_ACCEPTED = (1.0 + STRETCH_BADNESS) ** 2 + 1_000.0   # a line 拉行/缩行 may produce: at most its nominal
                            # stretch, no emergency break, no 孤字


@dataclass(frozen=True)
class Breaks:
    """The chosen breaks: line k spans boundaries ends[k-1]..ends[k] (ends[-1] == n)."""
    ends: tuple[int, ...]
    emergency: tuple[int, ...]      # breaks made inside an unbreakable unit
    orphan: bool                    # the last line is still a 孤字


class _Measures:
    """Prefix sums over a prepared paragraph: any line's widths in O(1)."""

    def __init__(self, p: Prepared):
        n = len(p.atoms)
        self.n = n
        A = [0.0] * (n + 1)      # atom widths before boundary k
        AM = [0.0] * (n + 1)     # atom minimum widths (after all compression)
        G = [0.0] * (n + 1)      # gaps at boundaries <= k
        GM = [0.0] * (n + 1)
        GT = [0.0] * (n + 1)     # gap stretch
        E = [0] * (n + 1)        # expandable boundaries <= k
        HL = [0] * (n + 1)       # Han–Western spaces <= k (they take the room when nothing else can)
        for k, a in enumerate(p.atoms):
            A[k + 1] = A[k] + a.width
            AM[k + 1] = AM[k] + a.width - a.shrink
        for k in range(1, n + 1):
            G[k] = G[k - 1] + p.gap[k]
            GM[k] = GM[k - 1] + p.gap[k] - p.gap_shrink[k]
            GT[k] = GT[k - 1] + p.gap_stretch[k]
            E[k] = E[k - 1] + (1 if p.expand[k] and k < n else 0)
            HL[k] = HL[k - 1] + (1 if p.gap_stage[k] == STAGE_HANLATIN and k < n else 0)
        self.A, self.AM, self.G, self.GM, self.GT, self.E, self.HL = A, AM, G, GM, GT, E, HL
        self.start_adj, self.end_adj = p.start_adj, p.end_adj
        # the hyphen a break inside an overlong word adds; boundaries inside URLs (never widened)
        self.hy = [p.hyphen.get(k, 0.0) for k in range(n + 1)] if p.hyphen else [0.0] * (n + 1)
        S = [0] * (n + 1)
        for k in range(1, n + 1):
            S[k] = S[k - 1] + (1 if k in p.solid else 0)
        self.S = S
        # natural width from paragraph start to boundary k (for bisection)
        self.P = [A[k] + (G[k - 1] if k else 0.0) for k in range(n + 1)]

    def natural(self, i: int, j: int) -> float:
        return (self.A[j] - self.A[i] + self.G[j - 1] - self.G[i]
                - self.start_adj[i] - self.end_adj[j] + self.hy[j])

    def minimum(self, i: int, j: int) -> float:
        return self.AM[j] - self.AM[i] + self.GM[j - 1] - self.GM[i] + self.hy[j]

    def all_solid(self, i: int, j: int) -> bool:
        """Every boundary inside the line lies inside a URL (it is set flush left, not spaced)."""
        return j - i > 1 and self.S[j - 1] - self.S[i] == j - i - 1

    def stretch(self, i: int, j: int, em: float) -> float:
        return self.GT[j - 1] - self.GT[i] + CHAR_STRETCH * em * (self.E[j - 1] - self.E[i])


def choose_breaks(p: Prepared, width: float | tuple[float, ...], indent: float = 0.0,
                  fix_orphan: bool = True, ragged: bool = False) -> Breaks:
    """The cheapest legal breaks for a paragraph set to `width` pt (`ragged`: its lines
    are not justified, so the breaks even out the lines' ends instead).

    `width` may be per-line widths (line k is widths[k], the last repeats): lines
    beside a photo the text wraps around (绕排) are shorter than the rest."""
    n = len(p.atoms)
    if n == 0:
        return Breaks((0,), (), False)
    if isinstance(width, tuple):
        if len(set(width)) > 1:
            return _choose_shaped(p, width, indent, fix_orphan, ragged)
        width = width[0]
    lines_from, emergency = _scorer(p, width, indent, fix_orphan, ragged=ragged)
    cost = [INF] * (n + 1)
    prev = [-1] * (n + 1)
    cost[0] = 0.0
    for i in range(n):
        ci = cost[i]
        if ci == INF:
            continue
        for j, c in lines_from(i):
            if ci + c < cost[j]:
                cost[j], prev[j] = ci + c, i
    return _breaks(p, prev, emergency, fix_orphan)


def choose_breaks_in(p: Prepared, width: float, lines: int, indent: float = 0.0,
                     fix_orphan: bool = True, ragged: bool = False) -> Breaks | None:
    """The cheapest legal breaks that set the paragraph in exactly `lines` lines,
    or None when no such setting stays within the limits of compression and
    expansion (no overfull line, no line stretched past its nominal stretch, no
    孤字). Make-up uses it to 拉行/缩行: setting a paragraph a line longer or
    shorter so a column ends flush (clreq "Line Adjustment" applied over a
    paragraph, as a composing room does by hand)."""
    n = len(p.atoms)
    if n == 0 or lines < 1:
        return None
    widths = width if isinstance(width, tuple) else (width,)
    scorers = _Scorers(p, widths, indent, fix_orphan, MAX_ACCEPTED, ragged)
    emergency = scorers.emergency
    layer = {0: (0.0, ())}                 # break -> (cost, breaks so far), after k lines
    for k in range(lines):
        lines_from = scorers.at(k)
        nxt: dict[int, tuple[float, tuple]] = {}
        for i, (ci, ends) in layer.items():
            if i == n:
                continue
            for j, c in lines_from(i):
                if (j == n) != (k == lines - 1):
                    continue
                if j not in nxt or ci + c < nxt[j][0]:
                    nxt[j] = (ci + c, ends + (j,))
        layer = nxt
        if not layer:
            return None
    if n not in layer or layer[n][0] >= ORPHAN_PENALTY:
        return None
    ends = layer[n][1]
    return Breaks(ends, tuple(k for k in ends if k in emergency), False)


class _Scorers:
    """One scorer per distinct line width of a shaped paragraph (widths[k] for line k,
    the last repeating), made when first needed."""

    def __init__(self, p: Prepared, widths: tuple[float, ...], indent: float, fix_orphan: bool,
                 limit: float, ragged: bool):
        self.p, self.widths, self.indent, self.fix_orphan = p, widths, indent, fix_orphan
        self.limit, self.ragged = limit, ragged
        self.made: dict[float, object] = {}
        self.emergency: set[int] = set()
        for w in set(widths):
            self.for_width(w)

    def for_width(self, w: float):
        if w not in self.made:
            lines_from, emergency = _scorer(self.p, w, self.indent, self.fix_orphan, self.limit, self.ragged)
            self.made[w] = lines_from
            self.emergency |= emergency
        return self.made[w]

    def at(self, k: int):
        return self.for_width(self.widths[min(k, len(self.widths) - 1)])


def _choose_shaped(p: Prepared, widths: tuple[float, ...], indent: float, fix_orphan: bool,
                   ragged: bool) -> Breaks:
    """Total fit over lines of different widths: the cost of a line depends on which line
    it is, so the first len(widths) - 1 lines are searched layer by layer (break, line
    number); from there on every line has the last width and one cost per break suffices."""
    n = len(p.atoms)
    scorers = _Scorers(p, widths, indent, fix_orphan, INF, ragged)
    layered = len(widths) - 1
    back: dict[tuple[int, int], tuple[int, int] | None] = {(0, 0): None}
    layer = {0: 0.0}
    done: tuple[float, tuple[int, int]] | None = None          # cheapest way found to the end
    for k in range(layered):
        lines_from = scorers.at(k)
        nxt: dict[int, float] = {}
        for i, ci in layer.items():
            for j, c in lines_from(i):
                if j not in nxt or ci + c < nxt[j]:
                    nxt[j] = ci + c
                    back[(k + 1, j)] = (k, i)
        if n in nxt and (done is None or nxt[n] < done[0]):
            done = (nxt[n], (k + 1, n))
        layer = {j: c for j, c in nxt.items() if j != n}
        if not layer:
            break
    # the rest at the last width: ordinary total fit from every break reached
    lines_from = scorers.at(layered)
    cost = [INF] * (n + 1)
    prev: list[int | None] = [None] * (n + 1)      # None: reached from the layers
    for i, ci in layer.items():
        cost[i] = ci
    for i in range(n):
        if cost[i] == INF:
            continue
        for j, c in lines_from(i):
            if cost[i] + c < cost[j]:
                cost[j], prev[j] = cost[i] + c, i
    ends: list[int] = []
    if layer and cost[n] < INF and (done is None or cost[n] < done[0]):
        k = n
        while prev[k] is not None:
            ends.append(k)
            k = prev[k]
        node: tuple[int, int] | None = (layered, k)
    else:
        node = done[1] if done else None
    while node is not None and node[1] > 0:
        ends.append(node[1])
        node = back[node]
    ends.reverse()
    used = tuple(k for k in ends if k in scorers.emergency)
    orphan = fix_orphan and len(ends) > 1 and _is_orphan(p, ends[-2], n)
    return Breaks(tuple(ends), used, orphan)


def _breaks(p: Prepared, prev: list[int], emergency: set[int], fix_orphan: bool) -> Breaks:
    n = len(p.atoms)
    ends = []
    k = n
    while k > 0:
        ends.append(k)
        k = prev[k]
    ends.reverse()
    used = tuple(k for k in ends if k in emergency)
    orphan = fix_orphan and len(ends) > 1 and _is_orphan(p, ends[-2], n)
    return Breaks(tuple(ends), used, orphan)


def _scorer(p: Prepared, width: float, indent: float, fix_orphan: bool, limit: float = INF,
            ragged: bool = False):
    """lines_from(i): each feasible line that starts at boundary i, as (end j, demerits).

    Lines whose demerits exceed `limit` are left out. A `ragged` paragraph's lines are
    scored by how far they fall short of the measure, whatever could be widened in them."""
    n = len(p.atoms)
    m = _Measures(p)
    em = max(a.em for a in p.atoms[: min(n, 64)])
    penalty = list(p.penalty)
    emergency = _open_overwide_units(p, m, penalty, width, indent)
    legal = [k for k in range(1, n + 1) if penalty[k] is not None]
    legal_p = [m.P[k] for k in legal]
    A, AM, G, GM, P = m.A, m.AM, m.G, m.GM, m.P
    sadj, eadj, hy, url_breaks, solid = p.start_adj, p.end_adj, m.hy, p.url_breaks, p.solid
    nlegal = len(legal)

    def lines_from(i: int) -> list[tuple[int, float]]:
        w = width - (indent if i == 0 else 0.0)
        base_n = A[i] + G[i] + sadj[i]          # natural(i, j) = A[j] + G[j-1] - eadj[j] - base_n
        base_m = AM[i] + GM[i]                  # minimum(i, j) = AM[j] + GM[j-1] - base_m
        # candidates: natural width within LOOSE em of the measure, minimum width within it
        first = bisect.bisect_right(legal, i)
        t = t0 = max(first, bisect.bisect_left(legal_p, P[i] + G[i] - G[i - 1 if i else 0] + w - LOOSE * em))
        cands = []
        while t < nlegal:
            j = legal[t]
            if AM[j] + GM[j - 1] - base_m + hy[j] > w + EPS:
                break
            cands.append(j)
            t += 1
        if not cands:
            # nothing near the measure fits: the longest line that does, or the next
            # unit alone (overfull) when even that is too wide
            s0 = t if t > first else first
            if s0 > first:
                cands.append(legal[s0 - 1])
            elif first < nlegal:
                cands.append(legal[first])
        # a break inside a URL (or at a hyphen) short of the window: such a line is left
        # ragged, so the nearest one is worth trying even when it is more than LOOSE em short;
        # and where the window only offers a break the text wants to avoid (a number from its
        # unit), the nearest break before it, so the composer can weigh a looser line
        avoid = any(penalty[j] >= DISCOURAGED for j in cands)
        for back in range(min(t0, nlegal) - 1, max(first, t0 - 9) - 1, -1):
            j = legal[back]
            if j in cands:
                break
            if j in url_breaks or hy[j] or (avoid and penalty[j] < DISCOURAGED):
                cands.insert(0, j)
                break
        if cands[-1] != n and AM[n] + GM[n - 1] - base_m <= w + EPS:
            cands.append(n)
        out = []
        for j in cands:
            natural = A[j] + G[j - 1] - eadj[j] - base_n + hy[j]
            diff = w - natural
            if diff < -EPS:
                shrink = natural - (AM[j] + GM[j - 1] - base_m + hy[j])
                if -diff > shrink + EPS:
                    badness = MAX_BADNESS * 10        # overfull: only when nothing else exists
                else:
                    badness = SHRINK_BADNESS * (-diff / shrink) ** 3
            elif diff > EPS and j != n:
                # a line inside a URL, or ending inside or before one, or at the hyphen of an overlong
                # word, is justified only a little and otherwise left short (justify.py): scored
                # by that white at its end, so no neighbour is made loose to spare it
                broken_unit = (m.all_solid(i, j) or hy[j] > 0 or j in url_breaks
                               or (j not in solid and j + 1 in solid))
                stretch = CHAR_STRETCH * em * max(1, j - i - 1) if ragged else m.stretch(i, j, em)
                if broken_unit and not ragged:
                    # what such a line cannot take between its characters is left at its end,
                    # not as holes inside it: a quarter of the measure short costs what a line
                    # at its nominal stretch costs (or less, if it justifies well)
                    badness = STRETCH_BADNESS * (diff / (SHORT_END * w)) ** 2
                    if stretch > 0:
                        badness = min(badness, STRETCH_BADNESS * (diff / stretch) ** 3)
                elif stretch > 0:
                    badness = STRETCH_BADNESS * (diff / stretch) ** 3
                else:
                    # nothing to stretch: letter-spaced inside a word or a URL, or a single
                    # glyph (cannot be justified at all: worst)
                    badness = MAX_BADNESS if j - i > 1 else MAX_BADNESS * 10
                if badness >= MAX_BADNESS:
                    # past the limits every line is bad, but not equally: the wider each gap
                    # the room is spread over, the worse (a URL spaced out by ⅓ em a letter
                    # beats a 2½-em hole between two characters beside it)
                    # (the gaps justify.py will widen: between characters, else the Han–Western
                    # spaces, else every gap, letters included)
                    slots = (m.E[j - 1] - m.E[i]) or (m.HL[j - 1] - m.HL[i]) or max(1, j - i - 1)
                    badness = min(badness, MAX_BADNESS if j - i > 1 else MAX_BADNESS * 10) \
                        + OVER_LIMIT * diff / slots / em
            else:
                badness = 0.0
            c = (1.0 + badness) ** 2 + penalty[j]
            if j == n and fix_orphan and i > 0 and _is_orphan(p, i, j):
                c += ORPHAN_PENALTY
            if c <= limit:
                out.append((j, c))
        return out

    return lines_from, emergency


def _is_orphan(p: Prepared, i: int, j: int) -> bool:
    """孤字 (clreq #adjustments_of_orphans_and_widows): the line holds one character,
    with or without the punctuation around it."""
    count = 0
    for a in p.atoms[i:j]:
        if a.ch not in BOXED and a.cls not in (DASH, ELLIPSIS):       # "为——" is one character too
            count += 1
            if count > 1:
                return False
    return count == 1


def _open_overwide_units(p: Prepared, m: _Measures, penalty: list, width: float,
                         indent: float) -> set[int]:
    """Allow emergency breaks inside units wider than the column (they cannot fit whole)."""
    n = len(p.atoms)
    out: set[int] = set()
    start = 0
    for k in range(1, n + 1):
        if penalty[k] is None:
            continue
        room = width - (indent if start == 0 else 0.0)
        if m.minimum(start, k) > room + EPS:
            # a Latin word wider than the measure is hyphenated at its dictionary points;
            # only a stretch between two points that is itself too wide is broken anywhere
            points = [start] + [t for t in range(start + 1, k) if t in p.hyphen and penalty[t] is None] + [k]
            for t in points[1:-1]:
                penalty[t] = HYPHEN_PENALTY
            for a, b in zip(points, points[1:]):
                if m.minimum(a, b) - m.hy[b] <= width - indent + EPS:
                    continue
                for t in range(a + 1, b):
                    if penalty[t] is None:
                        # prefer places no prohibition forbids
                        penalty[t] = EMERGENCY_PENALTY * (1 if p.kinsoku_ok[t] else 10)
                        out.add(t)
        start = k
    return out
