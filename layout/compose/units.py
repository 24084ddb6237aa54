"""Units that should not come apart at a line end, and hyphenation of overlong Latin words.

Called by text.prepare() once the boundaries are known; each function adjusts the
prepared paragraph's per-boundary arrays in place.

  - keep_number_units: a number stays with the unit or measure word after it
    ("1.2 亿元", "3 个联合实验室", "第 2 位"): a break there costs as much as a line
    stretched well past its nominal stretch, so the composer takes it only when the
    line cannot be justified otherwise (and then place_line's usual warning says so).
    clreq "Prohibition rules for unbreakable marks" keeps a number whole; a newspaper
    keeps its unit on it too (GB/T 15835 on numerals with units).
  - keep_plus_words: "5G+物流", "AI+制造": the + joins the Western word to the Han word
    after it: no Han–Western space after the + and the same cost for a break there.
  - hyphen_points: where an overlong Latin word may be hyphenated (pyphen's
    dictionaries, the Hunspell/LibreOffice patterns); linebreak.py opens these points
    only in words wider than the measure, and justify.py draws the visible hyphen.
"""
from __future__ import annotations

import functools

from layout.compose.text import CLOSE, DIGIT, HAN, LATIN, OPEN, STOP, WSYM, Atom, unit_groups

# A break that separates a number from its unit costs what a line stretched to the
# composer's limit costs (0.5 em between characters: (1 + 100·(0.5/0.15)³)² ≈ 1.4e7), so
# it is taken only when keeping the unit together would leave a line past that limit.
UNIT_PENALTY = 1.4e7
# Measure words and units that follow a number (the first character of each); the
# compound units after them are kept whole as well (亿元 is one unit, not 亿 / 元).
MEASURE_WORDS = set("亿万千百元角分个家人年月日号位项条次倍名所台件户亩吨米岁天种批座期届秒度寸尺斤克张本篇部辆套栋层季周")
COMPOUND_UNITS = ("万千瓦时", "千瓦时", "平方米", "平方公里", "立方米", "亿元", "万元", "千元", "万人", "万吨",
                  "万户", "万亩", "万平方米", "亿美元", "万美元", "公里", "千米", "公顷", "个百分点", "百分点",
                  "小时", "分钟", "周年")
ORDINAL_PREFIX = set("第")    # 第 2 位, 第 46 期: the prefix of an ordinal stays on its number
HYPHEN = "-"
EDGE_MARKS = (STOP, CLOSE, OPEN)     # Western punctuation a word carries at its ends
MIN_WORD = 6           # shorter words are never hyphenated
HYPHEN_LANG = "en_US"


def keep_number_units(atoms: list[Atom], penalty: list, spaced: set[int]) -> None:
    """Make a break between a number and its unit (and inside a compound unit) costly."""
    n = len(atoms)
    text = "".join(a.ch for a in atoms)
    for k in range(1, n):
        a, b = atoms[k - 1], atoms[k]
        if a.ch in ORDINAL_PREFIX and b.cls == DIGIT:
            _discourage(penalty, k)          # 第 / 2 位 reads as two things: the ordinal stays whole
            continue
        if a.cls != DIGIT or b.ch not in MEASURE_WORDS:
            continue
        _discourage(penalty, k)
        for unit in COMPOUND_UNITS:
            if text.startswith(unit, k):
                for t in range(k + 1, k + len(unit)):
                    _discourage(penalty, t)
                break


def keep_plus_words(atoms: list[Atom], penalty: list, gap: list, gap_shrink: list, gap_stretch: list,
                    gap_stage: list, expand: list) -> None:
    """5G+ / AI+ / 互联网+ joined solid to the Han word after them (and 互联网+ to its +)."""
    def solid(k: int) -> None:
        gap[k] = gap_shrink[k] = gap_stretch[k] = 0.0
        gap_stage[k] = 0
        expand[k] = False
        _discourage(penalty, k)

    for k in range(2, len(atoms)):
        a, b = atoms[k - 1], atoms[k]
        if a.ch == "+" and b.cls == HAN and atoms[k - 2].cls in (LATIN, DIGIT, HAN):
            solid(k)
            if atoms[k - 2].cls == HAN:
                solid(k - 1)


def hyphen_points(atoms: list[Atom]) -> dict[int, float]:
    """Boundary -> width of the hyphen a break there adds, inside Latin words of MIN_WORD
    letters or more (only the letters of one face and size: a word in one run)."""
    out: dict[int, float] = {}
    for i, j in unit_groups(atoms):
        # the letters of the word, without the punctuation that stays with it (a token with
        # digits or symbols in it, 5G or PM2.5, is not a word to hyphenate)
        s, e = i, j
        while s < e and atoms[s].cls in EDGE_MARKS:
            s += 1
        while e > s and atoms[e - 1].cls in EDGE_MARKS:
            e -= 1
        word = atoms[s:e]
        if (len(word) >= MIN_WORD and all(a.cls == LATIN or (a.cls == WSYM and a.ch in "'’") for a in word)
                and len({(a.face.id, a.size) for a in word}) == 1):
            face, a0 = word[0].face, word[0]
            width = (face.advance(HYPHEN) if face.has(HYPHEN) else 0.33) * a0.em
            for pos in _hyphenator().positions("".join(a.ch for a in word)):
                out[s + pos] = width
    return out


@functools.cache
def _hyphenator():
    """The hyphenation dictionary: read-only data loaded once, like a font table."""
    import pyphen
    return pyphen.Pyphen(lang=HYPHEN_LANG, left=3, right=3)


def _discourage(penalty: list, k: int) -> None:
    if penalty[k] is not None:
        penalty[k] = max(penalty[k], UNIT_PENALTY)
