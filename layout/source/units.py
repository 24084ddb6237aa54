"""Units the editor thinks in, converted to pt at the edge.

Inside banmian every length is a float in PostScript points (pt, 1/72 in).
YAML may say "3mm", "9pt", "小五" / "五号" (clreq size table), "2字" (body characters)
or "3行" (body lines); the last two need the body size and leading, so they are
resolved by the caller that knows them.
"""
from __future__ import annotations

import re

from layout.i18n import M, Msg

MM = 72 / 25.4  # pt per mm

# clreq "Font size" table (号 system), in pt.
HAO_SIZES: dict[str, float] = {
    "初号": 42, "小初": 36, "一号": 26, "小一": 24, "二号": 22, "小二": 18,
    "三号": 16, "小三": 15, "四号": 14, "小四": 12, "五号": 10.5, "小五": 9,
    "六号": 7.875, "小六": 6.875, "七号": 5.25, "八号": 4.5,
}

PAPER_SIZES_MM: dict[str, tuple[float, float]] = {
    "A3": (297, 420), "A4": (210, 297), "四开": (270, 390), "对开": (390, 540),
}

_LENGTH = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(mm|pt|cm|字|行)?\s*$")


def mm(value: float) -> float:
    return value * MM


class UnitError(ValueError):
    """Raised with a message (`msg`) for the manifest layer to wrap with file and line."""

    def __init__(self, msg: Msg):
        super().__init__(str(msg))
        self.msg = msg


def parse_length(value, *, em: float | None = None, line: float | None = None,
                 default_unit: str = "pt") -> float:
    """A length from YAML -> pt. Numbers without a unit take `default_unit`."""
    if isinstance(value, bool):
        raise UnitError(M("expected a length, got {value!r}", value=value))
    if isinstance(value, (int, float)):
        value = f"{value}{default_unit}"
    if not isinstance(value, str):
        raise UnitError(M("expected a length such as '3mm' or '9pt', got {value!r}", value=value))
    m = _LENGTH.match(value)
    if not m:
        raise UnitError(M("'{value}' is not a length (write e.g. '3mm', '9pt', '2字', '3行')", value=value))
    number, unit = float(m.group(1)), m.group(2) or default_unit
    if unit == "mm":
        return number * MM
    if unit == "cm":
        return number * 10 * MM
    if unit == "pt":
        return number
    if unit == "字":
        if em is None:
            raise UnitError(M("'{value}': 字 is not allowed here", value=value))
        return number * em
    if unit == "行":
        if line is None:
            raise UnitError(M("'{value}': 行 is not allowed here", value=value))
        return number * line
    raise UnitError(M("unknown unit in '{value}'", value=value))


def parse_size(value) -> float:
    """A type size: '小五', '五号', '9pt' or a bare number of pt."""
    if isinstance(value, str) and value.strip() in HAO_SIZES:
        return float(HAO_SIZES[value.strip()])
    if isinstance(value, str) and value.strip() + "号" in HAO_SIZES:
        return float(HAO_SIZES[value.strip() + "号"])
    try:
        size = parse_length(value)
    except UnitError:
        raise UnitError(M("'{value}' is not a type size (write a 号 size such as 小五 or 五号, or pt such as '9pt')",
                          value=value))
    if size <= 0:
        raise UnitError(M("type size must be positive, got {value!r}", value=value))
    return size
