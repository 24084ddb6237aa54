"""Shared helpers for the composer tests: real faces, one-call composing, rule checks."""
from __future__ import annotations

import re

from functools import lru_cache

from layout.boxes import Line, SourceRef
from layout.compose.paragraph import ParaStyle, Run, compose
from layout.errors import Log
from layout.compose.text import CLOSE, CONNECT, INTERPUNCT, OPEN, SOLIDUS, STOP, char_class

BODY = 9.0          # 小五, pt
SRC = SourceRef("articles/test.md", 7)


@lru_cache(maxsize=None)
def _fonts():
    from layout.fonts import FontSet
    return FontSet()


def face(role: str = "song", weight: str = "regular"):
    return _fonts().face(role, weight)


def setp(text: str, chars: float = 12, role: str = "song", log: Log | None = None,
         size: float = BODY, **style) -> list[Line]:
    """Compose one paragraph of `text` in a column `chars` body characters wide."""
    style.setdefault("indent", 0)
    return compose([Run(text, face(role), size, SRC)], chars * size, ParaStyle(**style),
                   log if log is not None else Log())


def em(x: float, size: float = BODY) -> float:
    return x / size


def texts(lines: list[Line]) -> list[str]:
    return [ln.text for ln in lines]


def kinsoku_violations(lines: list[Line]) -> list[str]:
    """Strict-level prohibitions broken by these lines (clreq line start / line end rules)."""
    bad = []
    for n, ln in enumerate(lines):
        t = ln.text
        if not t:
            continue
        if n > 0 and char_class(t[0]) in (STOP, CLOSE, CONNECT, INTERPUNCT, SOLIDUS):
            bad.append(f"line {n} starts with {t[0]!r}: {t}")
        if n > 0 and (t.startswith("——") or t.startswith("……")):
            bad.append(f"line {n} starts with a 2-em unit: {t}")
        in_url = t[-1] == "/" and len(t) > 1 and t[-2].isascii()     # a URL breaks after /
        if not ln.last and char_class(t[-1]) in (OPEN, SOLIDUS) and not in_url:
            bad.append(f"line {n} ends with {t[-1]!r}: {t}")
        if not ln.last and (t[-1] in "—…") and len(t) >= 1:
            run = len(t) - len(t.rstrip(t[-1]))
            nxt = lines[n + 1].text if n + 1 < len(lines) else ""
            if run % 2 == 1 and nxt.startswith(t[-1]):
                bad.append(f"line {n} splits a 2-em unit: {t} / {nxt}")
    return bad


def flush_problems(lines: list[Line], width: float) -> list[str]:
    """Non-final lines must end at the column edge; no box may pass either edge. A line that
    ends inside or just before a URL, or at the hyphen of an overlong word, may end short
    (justify.py)."""
    bad = []
    for n, ln in enumerate(lines):
        nxt = lines[n + 1].text if n + 1 < len(lines) else ""
        flush_left = ln.text[-1:] in ("/", ".", "@", "?", "-") or (
            ln.text.isascii() and any(c in ln.text for c in "/.@")) or bool(re.match(r"(https?://|www\.|[\w.-]+@)", nxt))
        if not ln.last and not flush_left and abs(ln.end - width) > 0.01:
            bad.append(f"line {n} ends at {ln.end:.3f}, not {width:.3f}: {ln.text}")
        for g in ln.glyphs:
            if g.x < -0.01 or g.x + g.advance > width + 0.01:
                bad.append(f"line {n} glyph {g.text!r} outside the column: {ln.text}")
    return bad


def gap_between(line: Line, left: str, right: str) -> float:
    """Space (pt) between the first glyph pair `left`,`right` on a line."""
    gs = line.glyphs
    for a, b in zip(gs, gs[1:]):
        if a.text == left and b.text == right:
            return b.x - (a.x + a.advance)
    raise AssertionError(f"{left}{right} not on line {line.text!r}")


def glyph(line: Line, ch: str, nth: int = 0):
    found = [g for g in line.glyphs if g.text == ch]
    return found[nth]
