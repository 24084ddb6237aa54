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

from .text import CLOSE, STOP, Prepared

EPS = 1e-6
SHRINK_BADNESS = 1.0        # badness of a line compressed to its limit (cheap: 先挤后推)
STRETCH_BADNESS = 100.0     # badness of a line stretched by its nominal stretch
MAX_BADNESS = 10_000.0
CHAR_STRETCH = 0.15         # nominal stretch per inter-character boundary, em
LETTER_STRETCH = 0.005      # ... inside a word or number (last resort, so a tie-breaker only)
LOOSE = 4.0                 # candidates tried: natural width within this many em of the measure
ORPHAN_PENALTY = 200_000.0  # 孤字 on the last line (fixable cases always cost less)
EMERGENCY_PENALTY = 1e7     # a break inside an over-wide unbreakable unit


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
        for k, a in enumerate(p.atoms):
            A[k + 1] = A[k] + a.width
            AM[k + 1] = AM[k] + a.width - a.shrink
        for k in range(1, n + 1):
            G[k] = G[k - 1] + p.gap[k]
            GM[k] = GM[k - 1] + p.gap[k] - p.gap_shrink[k]
            GT[k] = GT[k - 1] + p.gap_stretch[k]
            E[k] = E[k - 1] + (1 if p.expand[k] and k < n else 0)
        self.A, self.AM, self.G, self.GM, self.GT, self.E = A, AM, G, GM, GT, E
        self.start_adj, self.end_adj = p.start_adj, p.end_adj
        # natural width from paragraph start to boundary k (for bisection)
        self.P = [A[k] + (G[k - 1] if k else 0.0) for k in range(n + 1)]

    def natural(self, i: int, j: int) -> float:
        return (self.A[j] - self.A[i] + self.G[j - 1] - self.G[i]
                - self.start_adj[i] - self.end_adj[j])

    def minimum(self, i: int, j: int) -> float:
        return self.AM[j] - self.AM[i] + self.GM[j - 1] - self.GM[i]

    def stretch(self, i: int, j: int, em: float) -> float:
        slots = self.E[j - 1] - self.E[i]
        return (self.GT[j - 1] - self.GT[i] + CHAR_STRETCH * em * slots
                + LETTER_STRETCH * em * (j - i - 1 - slots))


def choose_breaks(p: Prepared, width: float, indent: float = 0.0,
                  fix_orphan: bool = True) -> Breaks:
    """The cheapest legal breaks for a paragraph set to `width` pt."""
    n = len(p.atoms)
    if n == 0:
        return Breaks((0,), (), False)
    m = _Measures(p)
    em = max(a.em for a in p.atoms[: min(n, 64)])
    penalty = list(p.penalty)
    emergency = _open_overwide_units(p, m, penalty, width, indent)
    legal = [k for k in range(1, n + 1) if penalty[k] is not None]
    legal_p = [m.P[k] for k in legal]

    cost = [float("inf")] * (n + 1)
    prev = [-1] * (n + 1)
    cost[0] = 0.0
    for i in [0] + legal[:-1]:
        if cost[i] == float("inf"):
            continue
        ind = indent if i == 0 else 0.0
        for j in _candidates(i, m, legal, legal_p, width - ind, em):
            d = _demerits(p, m, i, j, width - ind, em, penalty[j], fix_orphan)
            if d is None:
                continue
            c = cost[i] + d
            if c < cost[j]:
                cost[j], prev[j] = c, i
    ends = []
    k = n
    while k > 0:
        ends.append(k)
        k = prev[k]
    ends.reverse()
    used = tuple(k for k in ends if k in emergency)
    orphan = fix_orphan and len(ends) > 1 and _is_orphan(p, ends[-2], n)
    return Breaks(tuple(ends), used, orphan)


def _candidates(i: int, m: _Measures, legal: list[int], legal_p: list[float],
                width: float, em: float) -> list[int]:
    """Breaks worth trying after i: natural width near the measure, minimum width within it."""
    n = m.n
    target = m.P[i] + m.G[i] - m.G[i - 1 if i else 0] + width - LOOSE * em
    s = bisect.bisect_left(legal_p, target)
    s = max(s, bisect.bisect_right(legal, i))
    out = []
    t = s
    while t < len(legal):
        j = legal[t]
        if m.minimum(i, j) > width + EPS:
            break
        out.append(j)
        t += 1
    first = bisect.bisect_right(legal, i)
    if not out:
        # Nothing near the measure fits: take the longest line that does, or (if even
        # the next unit is too wide) that unit, overfull.
        if s > first:
            out.append(legal[s - 1])
        elif first < len(legal):
            out.append(legal[first])
    if n not in out and m.minimum(i, n) <= width + EPS:
        out.append(n)
    return out


def _demerits(p: Prepared, m: _Measures, i: int, j: int, width: float, em: float,
              penalty: float, fix_orphan: bool) -> float | None:
    last = j == m.n
    natural = m.natural(i, j)
    diff = width - natural
    if diff < -EPS:
        shrink = natural - m.minimum(i, j)
        if -diff > shrink + EPS:
            badness = MAX_BADNESS * 10        # overfull: only when nothing else exists
        else:
            badness = SHRINK_BADNESS * (-diff / shrink) ** 3
    elif diff > EPS and not last:
        stretch = m.stretch(i, j, em)
        # a line with nothing to stretch (one glyph) cannot be justified at all: worst
        badness = (MAX_BADNESS * 10 if stretch <= 0 else
                   min(MAX_BADNESS, STRETCH_BADNESS * (diff / stretch) ** 3))
    else:
        badness = 0.0
    d = (1.0 + badness) ** 2 + penalty
    if last and fix_orphan and i > 0 and _is_orphan(p, i, j):
        d += ORPHAN_PENALTY
    return d


def _is_orphan(p: Prepared, i: int, j: int) -> bool:
    """孤字: the line holds one character, with or without its trailing punctuation."""
    count = 0
    for a in p.atoms[i:j]:
        if a.cls not in (STOP, CLOSE):
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
            for t in range(start + 1, k):
                if penalty[t] is None:
                    # prefer places no prohibition forbids
                    penalty[t] = EMERGENCY_PENALTY * (1 if p.kinsoku_ok[t] else 10)
                    out.add(t)
        start = k
    return out
