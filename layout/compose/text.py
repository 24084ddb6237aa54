"""Text preparation: character classes, measurement, punctuation by ink, unbreakable units.

One job: turn styled runs into a flat list of measured `Atom`s (one per glyph
to be drawn; typed spaces become gaps, never atoms) plus, for every boundary
between two atoms, what may happen there: a break (and at what cost), a gap
(Han–Latin space or Western word space, with its limits), inter-character
expansion, and how much the line edge would compress if a line started or
ended there. Breaking (linebreak.py) and positioning (justify.py) only read
these arrays.

References (W3C clreq, "Requirements for Chinese Text Layout", section ids):
  - #prohibition_rules_for_line_start_end    -> kinsoku.py (UAX #14 + CSS Text levels + clreq)
  - #prohibition_rules_for_unbreakable_marks -> _group (——, ……, numbers, words)
  - #h-punctuation_adjustment_space and
    #h-adjustment_of_adjacent_punctuation_marks -> ink_side, _measure
  - "Mixed Text Composition in Horizontal Writing Mode" -> the Han–Latin gap
  - #procedures_for_inter-character_space_expansion -> where `expand` is allowed
  - GB/T 15834—2011 §5.1 (positions of marks; 5.1.10 line-end marks are half)
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Sequence

# ---- character classes (chinese-typesetting.md §1, clreq punctuation table) ----

HAN = "han"            # Han ideographs and other full-width letters: breakable on both sides
CJK = "cjk"            # other full-width symbols (※ № ℃ when alone): like Han, no Han–Latin space
LATIN = "latin"        # letters of Western scripts
DIGIT = "digit"
WSYM = "wsym"          # Western punctuation and symbols (part of a Western word or number)
STOP = "stop"          # 点号  、，。．：；！？
CLOSE = "close"        # closing quotes and brackets
OPEN = "open"          # opening quotes and brackets
CONNECT = "connect"    # 连接号 used singly: — – ～
INTERPUNCT = "interpunct"  # 间隔号 ·
SOLIDUS = "solidus"    # 分隔号 / ／
DASH = "dash"          # part of —— (two or more U+2014, or ⸺ ⸻)
ELLIPSIS = "ellipsis"  # part of …… (U+2026, U+22EF)
SPACE = "space"
IDEOGRAPHIC_SPACE = "\u3000"
WESTERN = (LATIN, DIGIT, WSYM)

CJK_STOPS = set("、，。．：；！？‼⁇⁈⁉")
CJK_CLOSING = set("”’）》〉】〗〕］｝」』")
CJK_OPENING = set("“‘（《〈【〖〔［｛「『")
W_STOPS = set(",.;:!?")
W_CLOSING = set(")]}")
W_OPENING = set("([{")
CONNECTORS = set("—–～")
INTERPUNCTS = set("·・‧•")
SOLIDI = set("/／")
ELLIPSES = set("…⋯")
# Number attachments (chinese-typesetting.md §1 "digits and units").
NUM_PREFIX = set("¥￥$€£+−±-")
NUM_SUFFIX = set("%％‰‱℃℉°")
NUM_RANGE = set("—–～~-")
# Western characters that take the Han–Latin space next to a Han character.
WESTERN_EDGE_SYMBOLS = set("%+#$&@€£")

# Full-width punctuation set in an em box, compressible on its empty side.
BOXED = CJK_STOPS | CJK_CLOSING | CJK_OPENING | INTERPUNCTS

# Compression stages, in clreq "Line Adjustment" order (1 = line-end punctuation,
# done at the line edge; see justify.py for the others).
STAGE_SPACE, STAGE_INTERPUNCT, STAGE_BRACKET, STAGE_PAUSE, STAGE_HANLATIN, STAGE_STOP = 2, 3, 4, 5, 6, 7
FULL_STOPS = set("。．？！‼⁇⁈⁉")          # 开明 keeps these full; compressed last
PAUSES = set("、，：；")


_CLASS: dict[str, str] = {}


def char_class(ch: str) -> str:
    """The class of one character, by code point (kinsoku is defined on classes, not ink)."""
    cls = _CLASS.get(ch)
    if cls is None:
        cls = _CLASS[ch] = _classify(ch)
    return cls


def _classify(ch: str) -> str:
    if ch.isspace():
        return SPACE
    if ch in CJK_STOPS or ch in W_STOPS:
        return STOP
    if ch in CJK_CLOSING or ch in W_CLOSING:
        return CLOSE
    if ch in CJK_OPENING or ch in W_OPENING:
        return OPEN
    if ch in INTERPUNCTS:
        return INTERPUNCT
    if ch in SOLIDI:
        return SOLIDUS
    if ch in ELLIPSES:
        return ELLIPSIS
    if ch in "⸺⸻":
        return DASH
    if ch in CONNECTORS:
        return CONNECT
    if is_han(ch):
        return HAN
    if "0" <= ch <= "9":
        return DIGIT
    wide = unicodedata.east_asian_width(ch) in "WF"
    if ch.isalpha() or ch.isdigit():
        return (HAN if ch.isalpha() else CJK) if wide else (LATIN if ch.isalpha() else DIGIT)
    return CJK if wide else WSYM


def is_han(ch: str) -> bool:
    o = ord(ch)
    return (0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF
            or 0x20000 <= o <= 0x3FFFF or o == 0x3007 or 0x3040 <= o <= 0x30FF)


# ---- kinsoku (clreq "Prohibition Rules for Line Start and Line End") -----------
# Derived from UAX #14 classes, CSS Text's strictness levels and clreq/GB on top: kinsoku.py.

from layout.compose.kinsoku import KINSOKU_LEVELS, prohibited  # noqa: E402  (re-exported)


# ---- punctuation shape, read from the font -------------------------------------

LEFT, RIGHT, CENTRE, FULL = "left", "right", "centre", "full"
_SHAPES: dict[tuple[str, str, str], str] = {}


def ink_side(face, ch: str) -> str:
    """Where the ink of a boxed mark sits in its em box: left | right | centre | full.

    Measured once per face and character (clreq "Punctuation Width Adjustment":
    the empty half is the adjustment space). A proportional glyph (LXGW WenKai's
    0.35 em quotes) carries no box to read, so it takes its class's side and is
    placed in a CJK box by justify.py.
    """
    # keyed by what the ink depends on (Face.key: source and preparation), not by the prepared
    # file: asking for `path` would wait for the face's worker in a cold build
    key = (face.id, getattr(face, "key", None) or str(getattr(face, "path", "")), ch)
    side = _SHAPES.get(key)
    if side is None:
        side = _measure_side(face, ch)
        _SHAPES[key] = side
    return side


def _measure_side(face, ch: str) -> str:
    cls = char_class(ch)
    by_class = {OPEN: RIGHT, CLOSE: LEFT, STOP: LEFT, INTERPUNCT: CENTRE}.get(cls, FULL)
    if not face.has(ch):
        return by_class
    adv = face.advance(ch)
    ink = face.ink(ch)
    if ink is None or adv < 0.9:
        return by_class
    x0, x1 = ink[0] / adv, ink[2] / adv
    if x1 <= 0.55:
        return LEFT
    if x0 >= 0.45:
        return RIGHT
    if x1 - x0 <= 0.55 and abs((x0 + x1) / 2 - 0.5) < 0.1:
        return CENTRE
    return FULL


# ---- the prepared paragraph -----------------------------------------------------

@dataclass(slots=True)
class Atom:
    """One glyph to be drawn, measured in pt (widths include the paragraph's hscale)."""
    ch: str
    run: int            # index of its Run
    face: object        # layout.fonts.Face
    size: float         # pt
    em: float           # size * hscale, pt: the unit of every CJK rule
    cls: str
    side: str           # ink side for boxed marks; FULL otherwise
    adv: float          # the font's own advance, pt
    width: float        # box width in context (after pair compression), pt
    shrink: float       # compressible amount left on the empty side, pt
    stage: int          # compression stage of that shrink (0 = none)
    group: int          # unbreakable group id (Western word, number, ——, ……), -1 = none


@dataclass
class Prepared:
    """A paragraph ready for breaking: atoms and per-boundary properties.

    Boundary k lies before atom k (0 = paragraph start, n = paragraph end).
    """
    atoms: list[Atom]
    penalty: list[float | None]   # cost of a break at k; None = forbidden
    gap: list[float]              # natural gap at k (Han–Latin or word space), pt
    gap_shrink: list[float]       # how much the gap may shrink, pt
    gap_stretch: list[float]      # how much it may grow, pt
    gap_stage: list[int]          # STAGE_SPACE or STAGE_HANLATIN (0 = no gap)
    expand: list[bool]            # inter-character expansion allowed at k
    start_adj: list[float]        # width saved if a line starts at k (opening mark's empty half)
    end_adj: list[float]          # width saved if a line ends at k (closing/stop mark's empty half)
    url_breaks: frozenset[int]    # boundaries inside a URL where a break is allowed
    kinsoku_ok: list[bool]        # no prohibition at k (for emergency breaks inside units)
    solid: frozenset[int] = frozenset()   # boundaries inside a URL or e-mail: never letter-spaced
    hyphen: dict[int, float] = field(default_factory=dict)   # a break at k inside an overlong
                                  # Latin word adds a visible hyphen this wide (units.py)


# A URL or e-mail address breaks after / . @ (and ? of a query), never at its own
# hyphen, which would read as a hyphenation (clreq leaves URLs to the Western rules;
# Chicago Manual 14.18 and the Duden break them so).
URL_RE = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|www\.|[a-z0-9._%+-]+@[a-z0-9-]+\.)", re.I)
URL_BREAK_AFTER = set("/.@?")
URL_PENALTY = 50.0


def prepare(runs: Sequence, punctuation: str = "full", kinsoku: str = "strict",
            han_latin: float = 0.25, hscale: float = 1.0) -> Prepared:
    """Measure runs and decide, for every atom boundary, breaks, gaps and edge compression."""
    atoms, spaced, ideographic = _collect(runs, hscale)
    _group(atoms, spaced)
    _measure(atoms, punctuation)
    p = _boundaries(atoms, spaced, ideographic, kinsoku, han_latin)
    _keep_units(p, spaced)
    return p


def _keep_units(p: "Prepared", spaced: set[int]) -> None:
    """Numbers with their units, 5G+ with its word, URLs solid, hyphenation points (units.py)."""
    from layout.compose import units       # units.py reads this module's classes
    units.keep_number_units(p.atoms, p.penalty, spaced)
    units.keep_plus_words(p.atoms, p.penalty, p.gap, p.gap_shrink, p.gap_stretch, p.gap_stage, p.expand)
    p.solid = frozenset(_url_inside(p.atoms))
    if any(a.cls == LATIN for a in p.atoms):
        p.hyphen = {k: w for k, w in units.hyphen_points(p.atoms).items() if k not in p.solid}


def _collect(runs: Sequence, hscale: float) -> tuple[list[Atom], set[int], dict[int, int]]:
    """Flatten runs into atoms; remember which boundaries had typed whitespace.

    A line break in the source between two Chinese characters is no space at all
    (as CSS Text's segment-break rule has it); between Western words it is one.
    An ideographic space (U+3000, typed after a bold lead-in) is an em wide.
    """
    atoms: list[Atom] = []
    spaced: set[int] = set()
    wrapped: set[int] = set()
    ideographic: dict[int, int] = {}
    for ri, run in enumerate(runs):
        face, size = run.face, run.size
        for ch in run.text:
            cls = char_class(ch)
            if cls == SPACE:
                k = len(atoms)
                if ch == IDEOGRAPHIC_SPACE:
                    ideographic[k] = ideographic.get(k, 0) + 1
                (wrapped if ch in "\n\r" else spaced).add(k)
                continue
            if unicodedata.category(ch) in ("Cc", "Cf"):
                continue
            em = size * hscale
            adv = (face.advance(ch) if face.has(ch) else _fallback_advance(ch)) * em
            atoms.append(Atom(ch, ri, face, size, em, cls, FULL, adv, adv, 0.0, 0, -1))
    for k in wrapped - spaced:
        if 0 < k < len(atoms) and atoms[k - 1].cls in WESTERN and atoms[k].cls in WESTERN:
            spaced.add(k)
    return atoms, spaced, ideographic


def _fallback_advance(ch: str) -> float:
    return 1.0 if unicodedata.east_asian_width(ch) in "WFA" and ord(ch) > 0x2000 else 0.5


def _group(atoms: list[Atom], spaced: set[int]) -> None:
    """Mark unbreakable groups: Western words and numbers with their attachments, ——, ……."""
    n = len(atoms)
    gid = 0
    # —— and ……: runs of two or more U+2014 / U+2026 are one unit (never split).
    i = 0
    while i < n:
        ch = atoms[i].ch
        if ch in "—…⋯":
            j = i
            while j < n and atoms[j].ch == ch and (j == i or j not in spaced):
                j += 1
            if j - i >= 2 or ch != "—":
                cls = DASH if ch == "—" else ELLIPSIS
                for a in atoms[i:j]:
                    a.cls, a.group = cls, gid
                gid += 1
            i = j
        else:
            i += 1

    # ’ between two Latin letters is an apostrophe (China’s), part of the word
    for k in range(1, n - 1):
        if atoms[k].ch in "’'" and atoms[k - 1].cls == LATIN and atoms[k + 1].cls == LATIN:
            atoms[k].cls = WSYM

    def western(k: int) -> bool:
        a = atoms[k]
        if a.group >= 0:
            return False
        if a.cls in (LATIN, DIGIT, WSYM):
            return True
        if a.cls in (STOP, CLOSE, OPEN, SOLIDUS) and a.ch.isascii():
            return True
        return False

    def digit(k: int) -> bool:
        return 0 <= k < n and atoms[k].cls == DIGIT

    i = 0
    while i < n:
        if not (western(i) or (atoms[i].ch in NUM_PREFIX and digit(i + 1))):
            i += 1
            continue
        j = i
        while j < n:
            a = atoms[j]
            if j > i and j in spaced:
                break
            if western(j):
                j += 1
            elif a.ch in NUM_PREFIX and digit(j + 1):
                j += 1
            elif a.ch in NUM_SUFFIX and digit(j - 1):
                j += 1
            elif a.ch in NUM_RANGE and digit(j - 1) and digit(j + 1) and a.group < 0:
                j += 1
            else:
                break
        if j - i >= 2:
            # trailing and leading Western stops/brackets stay with the word; a group
            # that is a single mark needs no id.
            for a in atoms[i:j]:
                a.group = gid
                if a.ch in NUM_RANGE and a.cls == CONNECT:
                    a.cls = WSYM
            gid += 1
        i = max(j, i + 1)


def _measure(atoms: list[Atom], punctuation: str) -> None:
    """Box widths of punctuation by style and ink side, then compress adjacent pairs.

    clreq "Punctuation Width Adjustment": full-width marks have an empty half
    (the adjustment space); 全角 keeps it except between two marks (1.5 em for
    the pair); 开明 keeps it only on 。？！; 半角 removes it everywhere.
    """
    for a in atoms:
        if a.ch not in BOXED:
            continue
        if a.cls == WSYM:
            # an apostrophe inside a Western word: a narrow box around the ink
            ink = a.face.ink(a.ch) if a.face.has(a.ch) else None
            a.width = (ink[0] + ink[2]) * a.em if ink else 0.3 * a.em
            continue
        a.side = ink_side(a.face, a.ch)
        if a.cls == INTERPUNCT:
            # 间隔号: set centred in half an em, the house style of chinese-typesetting.md
            # §1-2, which is also the floor of clreq's reduction (step c of "Procedures for
            # Inter-Character Spacing Reduction"): nothing left to compress.
            a.side, a.width, a.shrink, a.stage = CENTRE, 0.5 * a.em, 0.0, 0
            continue
        if a.side in (LEFT, RIGHT):
            stage = (STAGE_STOP if a.ch in FULL_STOPS else
                     STAGE_PAUSE if a.ch in PAUSES else STAGE_BRACKET)
            full = punctuation == "full" or (punctuation == "kaiming" and a.ch in FULL_STOPS)
            if full:
                a.width, a.shrink, a.stage = a.em, 0.5 * a.em, stage
            else:
                a.width, a.shrink, a.stage = 0.5 * a.em, 0.0, 0
        elif a.side == CENTRE:
            a.width, a.shrink, a.stage = a.em, 0.25 * a.em, STAGE_BRACKET
        else:
            a.width = max(a.adv, a.em)
    # —— and …… are 2-em units whatever the font's advance (chinese-typesetting.md §2).
    for a in atoms:
        if a.cls in (DASH, ELLIPSIS):
            a.width = {"⸺": 2.0, "⸻": 3.0}.get(a.ch, 1.0) * a.em
    # Two adjacent full-width marks take 1.5 em: remove the empty half between them.
    for k in range(len(atoms) - 1):
        a, b = atoms[k], atoms[k + 1]
        if a.side == FULL or b.side == FULL:
            continue
        if a.side == LEFT and a.shrink >= 0.5 * a.em - 1e-9:
            a.width -= a.shrink
            a.shrink, a.stage = 0.0, 0
        elif b.side == RIGHT and b.shrink >= 0.5 * b.em - 1e-9:
            b.width -= b.shrink
            b.shrink, b.stage = 0.0, 0


def _boundaries(atoms: list[Atom], spaced: set[int], ideographic: dict[int, int],
                kinsoku: str, han_latin: float) -> Prepared:
    n = len(atoms)
    penalty: list[float | None] = [None] * (n + 1)
    gap = [0.0] * (n + 1)
    gap_shrink = [0.0] * (n + 1)
    gap_stretch = [0.0] * (n + 1)
    gap_stage = [0] * (n + 1)
    expand = [False] * (n + 1)
    start_adj = [0.0] * (n + 1)
    end_adj = [0.0] * (n + 1)
    url_breaks = _url_breaks(atoms)
    kinsoku_ok = [True] * (n + 1)
    penalty[n] = 0.0
    for k in range(n + 1):
        # Line edges: an opening mark starting a line and a mark ending one lose their
        # empty half (clreq "Punctuation Width Adjustment"; GB/T 15834 §5.1.10).
        if k < n and atoms[k].side == RIGHT and atoms[k].shrink > 0:
            start_adj[k] = atoms[k].shrink
        if k > 0 and atoms[k - 1].side == LEFT and atoms[k - 1].shrink > 0:
            end_adj[k] = atoms[k - 1].shrink
        if k == 0 or k == n:
            continue
        a, b = atoms[k - 1], atoms[k]
        same = a.group >= 0 and a.group == b.group
        # Gaps (clreq "Mixed Text Composition"): ¼ em between Han and Latin/digits,
        # none beside Chinese punctuation; a typed space there is that gap, not extra.
        if k in ideographic:
            gap[k] = ideographic[k] * a.em          # fixed: neither shrinks nor stretches
        elif _han_latin(a, b):
            em = a.em if a.cls == HAN else b.em
            gap[k] = han_latin * em
            # clreq allows ⅛ em; a newspaper keeps the gap visibly a quarter, so it
            # shrinks to ⅕ em at most (the line takes other compression first)
            gap_shrink[k] = max(0.0, gap[k] - em / 5)
            gap_stretch[k] = max(0.0, em / 3 - gap[k])
            gap_stage[k] = STAGE_HANLATIN
        elif k in spaced and a.ch not in BOXED and b.ch not in BOXED:
            sp = a.face.advance(" ") * a.em if a.face.has(" ") else a.em / 4
            gap[k] = sp
            if a.cls in WESTERN and b.cls in WESTERN:
                # a Western word space: ¼ em to ½ em (clreq reduction b, expansion a)
                gap_shrink[k] = max(0.0, sp - a.em / 4)
                gap_stretch[k] = max(0.0, a.em / 2 - sp)
                gap_stage[k] = STAGE_SPACE
            # a space typed between Chinese characters (本报讯 近日) stays as typed
        # Expansion between characters (clreq "Procedures for Inter-Character Space
        # Expansion"): never inside ——, ……, a number or a word, nor beside a connector
        # or solidus; and (as JLREQ does) never between a character and the mark that
        # clings to it, whose own empty half already separates it.
        # The Han–Western space has its own stage of expansion (up to ⅓ em, clreq "Line
        # Adjustment") and takes no more while there are characters to share the rest, so it
        # stays visibly a quarter (clreq "Mixed Text Composition in Horizontal Writing Mode").
        expand[k] = (not same or k in spaced) and gap_stage[k] != STAGE_HANLATIN and not (
            (b.cls in (STOP, CLOSE) and b.ch in BOXED) or (a.cls == OPEN and a.ch in BOXED)
            or a.cls in (CONNECT, SOLIDUS) or b.cls in (CONNECT, SOLIDUS))
        # Breaks.
        kinsoku_ok[k] = not prohibited(a.ch, b.ch, kinsoku, atoms[k - 2].ch if k >= 2 else None,
                                       b.cls in (DASH, ELLIPSIS))
        if same and k not in spaced:
            penalty[k] = URL_PENALTY if k in url_breaks else None
        elif not kinsoku_ok[k]:
            penalty[k] = None
        else:
            penalty[k] = 0.0
    return Prepared(atoms, penalty, gap, gap_shrink, gap_stretch, gap_stage, expand,
                    start_adj, end_adj, frozenset(url_breaks), kinsoku_ok)


def _han_latin(a: Atom, b: Atom) -> bool:
    def western_edge(x: Atom) -> bool:
        return x.cls in (LATIN, DIGIT) or x.ch in WESTERN_EDGE_SYMBOLS
    return (a.cls == HAN and western_edge(b)) or (b.cls == HAN and western_edge(a))


def _url_inside(atoms: list[Atom]) -> set[int]:
    """Boundaries inside a URL or e-mail address (where nothing may widen)."""
    out: set[int] = set()
    for i, j in _url_groups(atoms):
        out.update(range(i + 1, j))
    return out


def unit_groups(atoms: list[Atom]):
    """(start, end) of each unbreakable group of atoms (a Latin word, a number, a URL)."""
    n = len(atoms)
    i = 0
    while i < n:
        g = atoms[i].group
        if g < 0:
            i += 1
            continue
        j = i
        while j < n and atoms[j].group == g:
            j += 1
        yield i, j
        i = j


def _url_groups(atoms: list[Atom]):
    """(start, end) of each unbreakable group that is a URL or an e-mail address."""
    for i, j in unit_groups(atoms):
        if URL_RE.match("".join(a.ch for a in atoms[i:j])):
            yield i, j


def _url_breaks(atoms: list[Atom]) -> set[int]:
    """Boundaries inside a URL or e-mail where it may break: after / . @ ? (not inside // or
    at its ends), never after its own hyphen."""
    out: set[int] = set()
    for i, j in _url_groups(atoms):
        for k in range(i + 1, j - 1):
            if atoms[k - 1].ch in URL_BREAK_AFTER and atoms[k].ch not in URL_BREAK_AFTER:
                out.add(k)
    return out
