"""Vertical composition (竖排): text -> vertical lines of placed units (clreq, vertical writing mode).

    set_vertical(text, face, size, tracking)     -> VLine        one line, e.g. a 竖题 (vertical title)
    compose_vertical(text, face, size, length, …) -> list[VLine]  a paragraph broken into lines `length` pt long

A vertical line is a stack of units, each `advance` pt tall, drawn about the line's axis:
  upright      Han and other full-width characters, one em, the em box centred on the axis;
  vertical     punctuation with a vertical form in the font (OpenType `vert`, Face.vertical): the
               font places 。，、 in the top-right quadrant and turns brackets, quotes and …… (clreq
               "Positioning of Punctuation Marks in Vertical Writing Mode"); without a vertical form a
               dash is set sideways;
  纵中横       a number of one or two digits set upright side by side in one em square, condensed to
               fit (clreq "Mixed Text Composition in Vertical Writing Mode");
  sideways     longer Latin words and numbers, turned 90° clockwise, as tall as they are wide.
Between Han and a sideways or 纵中横 Western unit, the house's Han–Latin space (¼ em); two marks in a
row (。”  ）。 “《) take 1.5 em, the empty half of the box between them removed (read from the ink).
Lines obey the same 避头尾 as horizontal ones (clreq "Prohibition Rules for Line Start and Line End",
which apply to both directions): a line never starts with a closing mark or a stop and never ends
with an opening mark; —— and …… are one unit, never split. A line other than a paragraph's last is
justified by spreading its slack over the gaps between units (clreq "Line Adjustment").
"""
from __future__ import annotations

from dataclasses import dataclass

from layout.boxes import VGlyph, VLine
from layout.compose.kinsoku import prohibited
from layout.compose.text import CLOSE, DASH, DIGIT, ELLIPSIS, HAN, LATIN, OPEN, STOP, WSYM, char_class

EM_TOP = 0.88          # the ideographic em box runs from -0.12 em to 0.88 em about the baseline
EM_CENTRE = 0.38       # its centre above the baseline (as makeup/grid.py)
TCY_MAX = 2            # digits set 纵中横; longer numbers go sideways
TCY_FILL = 0.92        # a 纵中横 unit fills at most this much of the em across
WESTERN = (LATIN, DIGIT, WSYM)
SIDEWAYS_DASHES = set("—―⸺⸻–～")


@dataclass(frozen=True)
class Unit:
    """One unbreakable unit before placement: glyphs with offsets from the unit's top."""
    text: str
    glyphs: tuple[VGlyph, ...]          # y relative to the unit's top
    advance: float                      # pt
    first_cls: str
    last_cls: str
    western: bool = False
    half: str = ""                      # a vertical-form mark's empty half: "bottom", "top" or ""


def units(text: str, face, size: float) -> list[Unit]:
    """The text as vertical units, in reading order."""
    out: list[Unit] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        cls = char_class(ch)
        if ch.isspace():
            # a typed space between Han and Western is the Han–Latin space, added where units meet;
            # a run of spaces elsewhere is one em of air (ideographic space is one em)
            j = i
            while j < n and text[j].isspace():
                j += 1
            before, after = out[-1].western if out else None, (j < n and char_class(text[j]) in WESTERN)
            if not (before or after):
                adv = size * (j - i if "\u3000" in text[i:j] else 1)
                blank = VGlyph(text[i:j], "", 0.0, 0.0, adv, face.id, size)   # nothing drawn; read as a space
                out.append(Unit(text[i:j], (blank,), adv, "space", "space"))
            i = j
            continue
        if cls in WESTERN:
            j = i
            while j < n and (char_class(text[j]) in WESTERN
                             or (text[j] == " " and j + 1 < n and char_class(text[j + 1]) in WESTERN)):
                j += 1
            out.append(_western(text[i:j], face, size))
            i = j
            continue
        if ch in "—…⋯" and i + 1 < n and text[i + 1] == ch:
            # —— and ……: one two-em unit (never split, clreq "Prohibition Rules")
            out.append(_pair(ch * 2, face, size, DASH if ch == "—" else ELLIPSIS))
            i += 2
            continue
        out.append(_one(ch, face, size, cls))
        i += 1
    return out


def _upright(ch: str, draw: str, face, size: float, top: float = 0.0) -> VGlyph:
    w = face.advance(draw) * size if face.has(draw) else size
    return VGlyph(ch, draw, -w / 2, top + EM_TOP * size, size, face.id, size, top=top)


def _sideways(text: str, face, size: float, top: float = 0.0) -> VGlyph:
    w = sum(face.advance(c) if face.has(c) else 0.5 for c in text) * size
    return VGlyph(text, text, -EM_CENTRE * size, top, w, face.id, size, rotate=True, top=top)


def _one(ch: str, face, size: float, cls: str) -> Unit:
    vert = face.vertical(ch)
    if vert is not None:
        g = _upright(ch, vert, face, size)
        if cls in (STOP, CLOSE, OPEN):
            return Unit(ch, (g,), size, cls, cls, half=_empty_half(face, vert))
    elif ch in SIDEWAYS_DASHES:
        g = _sideways(ch, face, size)._replace(advance=size)
    else:
        g = _upright(ch, ch, face, size)
    return Unit(ch, (g,), size, cls, cls)


def _empty_half(face, vert: str) -> str:
    """Which half of a vertical mark's em box is empty, read from its ink (guide §2: never guessed from
    the code point): 。，）》 ink the top half, （《“ the bottom half, in the SC fonts."""
    ink = face.ink(vert)
    if ink is None:
        return ""
    if ink[1] >= EM_CENTRE - 0.02:
        return "bottom"
    if ink[3] <= EM_CENTRE + 0.02:
        return "top"
    return ""


def _pair(text: str, face, size: float, cls: str) -> Unit:
    glyphs = tuple(_one(c, face, size, cls).glyphs[0] for c in text)
    glyphs = tuple(g._replace(y=g.y + k * size, top=k * size) for k, g in enumerate(glyphs))
    return Unit(text, glyphs, len(text) * size, cls, cls)


def _western(text: str, face, size: float) -> Unit:
    first, last = char_class(text[0]), char_class(text[-1])
    if len(text) <= TCY_MAX and text.isdigit():
        # 纵中横: upright, side by side, condensed into one em
        w = sum(face.advance(c) for c in text) * size
        scale = min(1.0, TCY_FILL * size / w)
        g = VGlyph(text, text, -w * scale / 2, EM_TOP * size, size, face.id, size, hscale=scale)
        return Unit(text, (g,), size, first, last, western=True)
    g = _sideways(text, face, size)
    return Unit(text, (g,), g.advance, first, last, western=True)


def _gap(a: Unit, b: Unit, size: float, han_latin: float) -> float:
    """The space between two units: ¼ em between Han and Western (clreq §4, both directions)."""
    if a.western != b.western and HAN in (a.last_cls, b.first_cls) and "space" not in (a.last_cls, b.first_cls):
        return han_latin * size
    # two marks in a row take 1.5 em, not 2 (clreq "Punctuation Width Adjustment", as in horizontal
    # lines): the empty half between them goes, the first's bottom half or the second's top half
    if a.half and b.half and (a.half == "bottom" or b.half == "top"):
        return -0.5 * size
    return 0.0


def _place(us: list[Unit], size: float, length: float, indent: float, justify: bool,
           han_latin: float, tracking: float, first: bool, last: bool) -> VLine:
    gaps = [_gap(a, b, size, han_latin) + tracking * size for a, b in zip(us, us[1:])]
    if indent == 0 and us and us[0].half == "top":
        indent = -0.5 * size        # an opening mark at a line's head loses its empty top half (clreq)
    natural = indent + sum(u.advance for u in us) + sum(gaps)
    extra = (length - natural) / len(gaps) if gaps and (justify and length > natural
                                                         or 0 < length < natural - 1e-6) else 0.0
    glyphs, y = [], indent
    for k, u in enumerate(us):
        for g in u.glyphs:
            glyphs.append(g._replace(y=g.y + y, top=g.top + y))
        y += u.advance + (gaps[k] + extra if k < len(gaps) else 0.0)
    return VLine(tuple(glyphs), length, last=last, first=first)


def set_vertical(text: str, face, size: float, tracking: float = 0.0, han_latin: float = 0.25) -> VLine:
    """One vertical line of `text` at its natural length (`tracking` em between units): a 竖题."""
    us = units(text, face, size)
    line = _place(us, size, 0.0, 0.0, False, han_latin, tracking, True, True)
    return VLine(line.glyphs, line.end, last=True, first=True)


def compose_vertical(text, face, size: float, length: float, indent: float = 2.0,
                     kinsoku: str = "strict", han_latin: float = 0.25) -> list[VLine]:
    """A paragraph (a text in `face`, or runs of (text, face): bold in its own face) broken into
    vertical lines of `length` pt (first line indented `indent` em),
    every line but the last justified to the full length; no 孤字 (a last line of one character,
    with or without its mark, guide §5): the line before gives it a character where 避头尾 allows."""
    runs = [(text, face)] if isinstance(text, str) else list(text)
    if runs:
        runs[0] = (runs[0][0].lstrip(), runs[0][1])
        runs[-1] = (runs[-1][0].rstrip(), runs[-1][1])
    us = [u for t, f in runs for u in units(t, f, size)]
    n = len(us)

    def bad(k: int) -> bool:
        """Is a break before unit k forbidden? (the same 避头尾 as horizontal lines, compose/kinsoku.py)"""
        a, b = us[k - 1], us[k]
        if a.first_cls == "space" or b.first_cls == "space":
            return False
        prev = us[k - 2].text[-1] if k >= 2 and len(a.text) == 1 else (a.text[-2] if len(a.text) > 1 else None)
        return prohibited(a.text[-1], b.text[0], kinsoku, prev, two_em=b.first_cls in (DASH, ELLIPSIS))

    # 1. break greedily, pulling units back for 避头尾
    starts, i = [], 0
    while i < n:
        while 0 < i < n and us[i].first_cls == "space":
            i += 1                                          # no air at a line's head
        if i >= n:
            break
        starts.append(i)
        j, used = i, indent * size if i == 0 else (-0.5 * size if us[i].half == "top" else 0.0)
        while j < n:
            step = us[j].advance + (_gap(us[j - 1], us[j], size, han_latin) if j > i else 0.0)
            if used + step > length + 1e-6 and j > i:
                break
            used += step
            j += 1
        if j < n:
            k = j
            while k > i + 1 and bad(k):
                k -= 1
            if k == i + 1 and bad(k):
                # nothing to pull back (a run of marks such as “（一）……”): take the marks in and set
                # the line tight instead (the marks' empty halves take the squeeze)
                k = j
                while k < n and bad(k):
                    k += 1
            j = k
        i = j
    # 2. 孤字: a last line of one character (and its marks) takes one more from the line before
    if len(starts) >= 2:
        last = starts[-1]
        han = [u for u in us[last:] if u.first_cls not in (STOP, CLOSE, "space")]
        if len(han) <= 1:
            k = last - 1
            while k > starts[-2] + 1 and bad(k):
                k -= 1
            if k > starts[-2] + 1 and not bad(k):
                starts[-1] = k
    # 3. place the lines
    lines = []
    for a, b in zip(starts, starts[1:] + [n]):
        last = b >= n
        lines.append(_place(us[a:b], size, length, indent * size if a == 0 else 0.0, not last, han_latin,
                            0.0, a == 0, last))
    return lines
