"""The house style's limits for the page planner (`planner:` in issues/_house/NAME.yaml).

    planner:
      crop_keep: 70%         # a photo frame keeps at least this much of the picture (its width or height)
      block_lines: [6, 48]   # body lines per text column an article block should have (行)
      line_chars: [10, 26]   # characters per line of a text column (字)

`crop_keep` is a hard rule of the planner: it offers a photo no frame that keeps less of the
picture (cropping, never distorting; `photos.min_share` is the warning for a pinned photo's
crop). The two ranges are scored preferences: a block shape outside them costs its option
per line or character, so a story set too wide (few lines a column) or too tall (a long
narrow strip), or in lines too short or too long to read, is chosen only when nothing
better fills the page. What a house leaves out keeps the defaults below.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from layout.errors import BanmianError
from layout.i18n import M
from layout.source.yamlsrc import Y

KEEP_MIN, KEEP_MAX = 0.30, 1.0    # under 30 % a frame shows a detail, no longer the picture


@dataclass(frozen=True)
class PlannerStyle:
    crop_keep: float = 0.70                     # share of the picture's width or height a frame keeps
    block_lines: tuple[int, int] = (6, 48)      # 行 per text column of an article block
    line_chars: tuple[int, int] = (10, 26)      # 字 per line of a text column


_PERCENT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[%％]\s*$")


def read_planner(y: Y | None, grid_lines: int) -> PlannerStyle:
    """`planner:` read and checked; every bad value is one error (all of them reported together)."""
    if y is None:
        return PlannerStyle()
    y.check_keys({"crop_keep", "block_lines", "line_chars"})
    got, errors = {}, []
    for key, read in (("crop_keep", _keep),
                      ("block_lines", lambda v: _range(v, "行", grid_lines, "block_lines: [6, 48]")),
                      ("line_chars", lambda v: _range(v, "字", 200, "line_chars: [10, 26]"))):
        if y.get(key) is None:
            continue
        try:
            got[key] = read(y.get(key))
        except BanmianError as e:
            errors.append(e)
    if errors:
        raise BanmianError.many(errors)
    return dataclasses.replace(PlannerStyle(), **got)


def _keep(y: Y) -> float:
    """70% (or 0.7): the least share of the picture a planned photo frame keeps."""
    v = y.value
    m = _PERCENT.match(v) if isinstance(v, str) else None
    if m:
        share = float(m.group(1)) / 100
    elif isinstance(v, (int, float)) and not isinstance(v, bool) and 0 < v <= 1:
        share = float(v)
    elif isinstance(v, (int, float)) and not isinstance(v, bool) and v > 1:
        raise y.error(M("{v:g} is not a share of the picture", v=v),
                      hint=M("write a percentage: crop_keep: {v:g}%", v=v))
    else:
        raise y.error(M("'{v}' is not a share of the picture", v=y.node.value),
                      hint=M("write a percentage, e.g. crop_keep: 70% (or a fraction: 0.7)"))
    if share > KEEP_MAX + 1e-9:
        raise y.error(M("a frame cannot keep {v:g} % of the picture (at most 100 %)", v=share * 100),
                      hint=M("100% allows only frames of the picture's own shape; 90% lets the planner crop a tenth"))
    if share < KEEP_MIN - 1e-9:
        raise y.error(M("a frame keeping {v:g} % of the picture shows a detail, not the picture "
                        "(at least 30 %)", v=share * 100),
                      hint=M("a newspaper keeps most of a photo: e.g. crop_keep: 70%"))
    return share


def _range(y: Y, unit: str, hi: int, example: str) -> tuple[int, int]:
    """[least, most]: whole numbers of `unit` (行 or 字, written or not), the least first."""
    if not y.is_list or len(y.list()) != 2:
        raise y.error(M("expected a range [least, most], got {v}", v=_shown(y)),
                      hint=M("e.g. {example}", example=example))
    got, errors = [], []
    for item in y.list():
        try:
            got.append(_count(item, y, unit, hi, example))
        except BanmianError as e:
            errors.append(e)
    if errors:
        raise BanmianError.many(errors)
    lo, top = got
    if lo > top:
        raise y.error(M("the range [{lo}, {top}] is upside down: the least comes first", lo=lo, top=top),
                      hint=M("write [{top}, {lo}]", lo=lo, top=top))
    return lo, top


def _count(item: Y, parent: Y, unit: str, hi: int, example: str) -> int:
    v = item.value
    if isinstance(v, str) and v.strip().endswith(unit):
        v = v.strip()[:-len(unit)].strip()
        v = int(v) if v.isdigit() else v
    if isinstance(v, bool) or not isinstance(v, int):
        raise _at(parent, item, M("'{v}' is not a whole number of {unit}", v=item.node.value, unit=unit),
                  M("e.g. {example}", example=example))
    if not 1 <= v <= hi:
        raise _at(parent, item, M("{v} {unit} is out of range (from 1 to {hi})", v=v, unit=unit, hi=hi),
                  M("e.g. {example}", example=example))
    return v


def _at(parent: Y, item: Y, message, hint) -> BanmianError:
    """An error at a list item's own line and column, named by the list's key."""
    return BanmianError(M("{key}: {what}", key=parent.path, what=message), item.file, item.line, item.column, hint)


def _shown(y: Y) -> str:
    return str(y.node.value) if not (y.is_list or y.is_map) else (M("a mapping") if y.is_map else
                                                                  M("a list of {n}", n=len(y.list())))
