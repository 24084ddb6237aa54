"""拉行 / 缩行: paragraphs set a line looser or tighter so an article's columns end flush.

    fit(compose_items, place, cols, para_items, para_count) -> (items, placement)

Make-up calls it for every article block: `compose_items(looseness)` sets the body
with chosen paragraphs a line longer (+1) or shorter (-1) (the composer's exact-line-
count total fit, linebreak.choose_breaks_in), `para_items(k, d)` one paragraph of it so
and `para_count(k, d)` its number of lines (paragraphs are set each on its own: a trial
the paragraph cannot take, or takes only with loose lines, is dropped before the whole
body is set for it), `place(items)` pours
or balances them into the columns (flow.py). The score is lexical, so a fix never trades a hole inside
an article for a short last column.
"""
from __future__ import annotations

from typing import Callable

from layout.makeup.flow import Column, FlowItem, Placement, foot

ADJUST_PER_COLUMN = 3        # lines per column that 拉行/缩行 may make up; beyond, the editor decides
FLUSH = (0, 0, 0)            # no line over, no empty line in any column (the keep rules kept)
RELAXED_COST = 3             # lines: a broken keep rule weighs as the smallest hole (checks.MIN_HOLE)
LOOSE_LIMIT = 0.10           # em: 拉行 takes only paragraphs whose lines stay this tight (the rest of a
                             # column's room stays at its foot rather than in loose lines)


def fit(compose_items: Callable[[dict[int, int]], list[FlowItem]],
        place: Callable[[list[FlowItem]], Placement], cols: list[Column],
        para_items: Callable[[int, int], list[FlowItem]] | None = None,
        para_count: Callable[[int, int], int] | None = None,
        jumps: bool = False, level: bool = False) -> tuple[list[FlowItem], Placement]:
    """Place the text so its columns end flush, as a composing room would.

    A block of fixed height must be filled exactly, a part that jumps (转版) must run
    to its foot, and the columns of a block that takes the height it needs (`level`)
    should all end on its last line (齐底); but the text rarely comes out at exactly
    that many lines, and a cross-head carried on to the next column (it never ends
    one) leaves lines empty too. Setting a few paragraphs one line looser (拉行: the
    paragraphs whose last line is fullest cost the least, and only those whose lines stay
    within LOOSE_LIMIT of extra space) fills empty lines; setting
    paragraphs one line tighter (缩行: those whose last line is shortest) takes back a
    few lines of overset, or evens a level block's columns from above. Each paragraph
    changes by one line at most, within the composer's limits; the editor still hears
    of what cannot be made up (overset is an error, a large gap a warning). A part that
    `jumps` carries what it cannot hold on to the next page: that is not overset.
    """
    if para_items is None:       # (one paragraph out of the whole body: slower, the same answer)
        para_items = lambda k, d: [it for it in compose_items({k: d}) if it.para == k]
    if para_count is None:
        para_count = lambda k, d: len(para_items(k, d))
    para = (para_items, para_count)
    items = compose_items({})
    plain = place(items)
    need = _shortfall(plain, cols, jumps, level)
    if need == FLUSH or sum(need) > ADJUST_PER_COLUMN * len(cols):
        return items, plain
    # (where 拉行 would loosen lines past LOOSE_LIMIT, 缩行 higher up may close the gap instead)
    directions = (-1,) if need[0] else (1, -1)
    best = (need, items, plain)
    for d in directions:
        found = _adjust_path(d, items, plain, compose_items, para, place, cols, jumps, level, sum(need) + 8)
        if found[0] < best[0]:
            best = found
        if best[0] == FLUSH:
            break
    if best[0] != FLUSH:
        # one paragraph alone a line tighter or looser: what a compositor does when a cross-head
        # would stand over one line at a column's foot (flow.py moves it on and leaves a gap
        # that one line taken from, or given to, a paragraph above it closes)
        found = _single(items, plain, compose_items, para, place, cols, jumps, level, directions)
        if found[0] < best[0]:
            best = found
    if best[0][0]:
        # tightening did not take all the overset back: the editor gets the original count
        return items, plain
    return best[1], best[2]


def _adjust_path(d: int, items, placement, compose_items, para, place, cols, jumps, level, tries):
    """Set paragraphs one line looser (d = 1) or tighter (d = -1), cheapest first, one
    after another; the best placement met on the way (first flush one ends the search)."""
    scope = items if d < 0 else [it for col in placement.columns for _, it in col]
    paras = _paragraphs(scope)
    # 缩行: shortest last lines first; 拉行: fullest last lines first (ties: later paragraphs)
    order = sorted(paras, key=lambda k: (d * -len(paras[k][1]), -k))
    best = (_shortfall(placement, cols, jumps, level), items, placement)
    adjust: dict[int, int] = {}
    for k in order[:tries]:
        if d < 0 and paras[k][0] < 2:
            continue
        if not _takes(para, k, d):
            continue
        trial = {**adjust, k: d}
        trial_items = compose_items(trial)
        trial_place = place(trial_items)
        # an article that takes the height it needs must not grow: the editor placed the
        # block under it by that height (nor does the path go on from a trial that grew)
        if level and trial_place.end_line > placement.end_line:
            continue
        adjust = trial
        score = _shortfall(trial_place, cols, jumps, level)
        if score < best[0]:
            best = (score, trial_items, trial_place)
            if score == FLUSH:
                break
    return best


def _single(items, placement, compose_items, para, place, cols, jumps, level, directions):
    """Each paragraph on its own set a line tighter or looser (in `directions`): the best
    placement met (the first flush one ends the search)."""
    best = (_shortfall(placement, cols, jumps, level), items, placement)
    paras = _paragraphs(items)
    for d in directions:
        for k in sorted(paras, key=lambda k: (d * -len(paras[k][1]), -k)):
            if d < 0 and paras[k][0] < 2:
                continue
            if not _takes(para, k, d):
                continue
            trial_items = compose_items({k: d})
            trial_place = place(trial_items)
            if level and trial_place.end_line > placement.end_line:
                continue
            score = _shortfall(trial_place, cols, jumps, level)
            if score < best[0]:
                best = (score, trial_items, trial_place)
                if score == FLUSH:
                    return best
    return best


def _takes(para, k: int, d: int) -> bool:
    """Whether paragraph k can be set a line longer (d = 1) or shorter (d = -1): the composer
    finds such a setting, and a longer one keeps its lines within LOOSE_LIMIT. (`para` =
    (items, count) of a paragraph at a looseness: most trials end on the count.)"""
    items, count = para
    if count(k, d) == count(k, 0):
        return False                     # the composer cannot set it a line longer/shorter
    if d > 0 and any(it.loose > LOOSE_LIMIT + 1e-9 for it in items(k, d) if it.kind == "text"):
        return False                     # a line longer only by loose lines: keep it tight
    return True


def _shortfall(p: Placement, cols: list[Column], jumps: bool = False, level: bool = False) -> tuple[int, int, int]:
    """(lines over, empty grid lines at the foot of the columns but the last, at the foot of
    the last): lexically smaller is better, so a hole inside an article is never traded
    for a short last column. Where the text jumps, every column must reach the foot."""
    over = 0 if jumps else sum(it.lines for it in p.rest)
    empty = empty_lines(p, cols, level)
    if jumps:
        return over, sum(empty), 0
    # a placement that fits only by breaking the 孤行 or cross-head rule is flush only in name:
    # it weighs as a hole at the last column's foot, so a paragraph set a line tighter or looser
    # that keeps the rules with the last column a line or two short is preferred
    return over, sum(empty[:-1]), (empty[-1] if empty else 0) + RELAXED_COST * p.relaxed


def empty_lines(p: Placement, cols: list[Column], level: bool = False) -> list[int]:
    """Per column, the grid lines left empty above its bottom (or above the lowest line used)."""
    out = []
    for col, placed in zip(cols, p.columns):
        last = foot(placed) if placed else col.top - 1
        # (col.last: a photo the text wraps at the column's foot takes the lines under the text)
        out.append(max(0, (min(p.end_line, col.last) if level else col.last) - last))
    return out


def _paragraphs(items: list[FlowItem]) -> dict[int, tuple[int, str]]:
    """Body paragraph -> (its line count, the text of its last line)."""
    out: dict[int, tuple[int, str]] = {}
    for it in items:
        if it.kind == "text" and it.para >= 0:
            n = out.get(it.para, (0, ""))[0]
            out[it.para] = (n + 1, it.text)
    return out
