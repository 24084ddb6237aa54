"""避头尾 by the standards' own classes: UAX #14 Line_Break, CSS Text's strictness, clreq on top.

What may not begin or end a line is not a hand list. It is derived, per pair of
adjacent characters, in three layers:

1. Unicode Line Breaking Algorithm (UAX #14) classes, read from the Unicode
   data (the `uniseg` package's Line_Break table: Python's `unicodedata` does not
   expose Line_Break). The pair rules that matter between Chinese characters:
   no break before CL CP EX IS NS IN SY BA HY GL WJ ZW CM, before a closing quote
   (QU of category Pf), before PO (LB23a/LB25: ID × PO, NU × PO); no break after
   OP, an opening quote (QU, Pi), GL BB WJ, and PR (LB23a/LB25: PR × ID, PR × NU).
   AI resolves to ID (East Asian context, UAX #14 LB1).
2. CSS Text Module Level 3, §5.3 `line-break` (the strictness levels for
   Chinese and Japanese): `strict` treats CJ as NS; `normal` and `loose` treat CJ
   as ID and allow breaks before the hyphens ‐ – 〜 ゠; `loose` further allows
   breaks before the iteration marks 々 〻 ゝ ゞ ヽ ヾ and the inseparables (IN),
   and, after an ideograph, before ・ ： ； ･ ‼ ⁇ ⁈ ⁉ ！ ？ and before a wide
   or ambiguous-width PO (％ ℃ …), and after a wide PR before an ideograph.
3. clreq ("Prohibition Rules for Line Start and Line End") and GB/T 15834—2011
   §5.1, where they are stricter for Chinese and CSS does not say otherwise:
   a prefix mark (PR: ￥ $ £ № …) never ends a line, at any level but none
   (CSS loose would allow it; clreq keeps a currency sign with its amount) —
   except a + or − closing a Latin word or number (5G+), a suffix there;
   at gb and strict the interpunct · (§5.1.7) and a single — or ～ used as a
   connector (§5.1.6) never start a line (—— may, at gb), the solidus / ／ (§5.1.9) neither
   starts nor ends one; at strict —— and …… (two-em units) never start a line.

banmian level -> CSS level (README "避头尾 levels"):
    none   -> no 避头尾 at all (words and numbers still never break inside)
    basic  -> loose
    gb     -> normal  (+ GB/T 15834 §5.1.6/7/9 where CSS normal is silent)
    strict -> strict  (+ clreq strict: —— and …… never start a line)
The house default is strict (mainland newspapers).
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

KINSOKU_LEVELS = ("none", "basic", "gb", "strict")
CSS_LEVEL = {"none": None, "basic": "loose", "gb": "normal", "strict": "strict"}

# CSS Text 3 §5.3: characters named by the strictness rules for Chinese and Japanese.
CSS_HYPHENS = frozenset("\u2010\u2013\u301c\u30a0")                 # ‐ – 〜 ゠: breakable before at normal, loose
CSS_ITERATION = frozenset("\u3005\u303b\u309d\u309e\u30fd\u30fe")   # 々 〻 ゝ ゞ ヽ ヾ: loose only
CSS_CENTRED = frozenset("\u30fb\uff1a\uff1b\uff65\u203c\u2047\u2048\u2049\uff01\uff1f")   # loose, after ID

# UAX #14 classes before which no break is allowed (LB7–LB22 as they apply between
# Chinese characters), and after which none is.
NO_BREAK_BEFORE = frozenset({"CL", "CP", "EX", "IS", "NS", "IN", "SY", "BA", "HY", "GL", "WJ", "ZW",
                             "CM", "ZWJ", "PO"})
NO_BREAK_AFTER = frozenset({"OP", "GL", "BB", "WJ", "PR"})

# clreq / GB/T 15834 additions (Chinese; stricter than CSS where CSS is silent)
GB_NO_START = frozenset("·‧•—～/／")          # §5.1.7 interpunct, §5.1.6 connectors, §5.1.9 solidus
GB_NO_END = frozenset("/／")                  # §5.1.9
TWO_EM = frozenset("—…⋯⸺⸻")                 # strict: a 2-em unit (——, ……) never starts a line


@lru_cache(maxsize=4096)
def line_break(ch: str) -> str:
    """The UAX #14 Line_Break class of `ch`, resolved for Chinese text (AI, SG, XX -> ID;
    SA -> AL; QU -> OP/CL by its category, as quotes open or close in Chinese)."""
    cls = _uax14_class(ch)
    if cls in ("AI", "SG", "XX"):
        return "ID"
    if cls == "SA":
        return "AL"
    if cls == "QU":
        cat = unicodedata.category(ch)
        return "OP" if cat in ("Pi", "Ps") else "CL" if cat in ("Pf", "Pe") else "QU"
    if cls in ("H2", "H3", "JL", "JV", "JT"):
        return "ID"
    return cls


# uniseg's classes of the characters met, kept in the cache folder by uniseg's version: importing
# uniseg (its table, and importlib.metadata for its own version) is some 12 ms of every build,
# while an issue's text meets a few thousand characters that are the same from build to build.
# One entry per "version|character", so the table's save keeps what other processes added.
LINEBREAK_TABLE = "linebreak-classes.json"
_TABLE: list = []            # ["uniseg <version>|", the table, characters added since it was read]


def _uax14_class(ch: str) -> str:
    if not _TABLE:
        from layout.fonts.store import _memo
        from layout.versions import installed_version
        _TABLE.extend([f"uniseg {installed_version('uniseg')}|", _memo(LINEBREAK_TABLE), []])
    prefix, table, added = _TABLE
    cls = table.get(prefix + ch)
    if not isinstance(cls, str):
        from uniseg.linebreak import line_break as _lb
        cls = table[prefix + ch] = str(getattr(_lb(ch), "name", _lb(ch)))
        if not added:
            import atexit
            atexit.register(_save_classes)
        added.append(ch)
    return cls


def _save_classes() -> None:
    """Write the characters this process met for the first time (once, at exit)."""
    from layout.fonts.store import _memo_save
    _, table, added = _TABLE
    try:
        _memo_save(LINEBREAK_TABLE, table)
    except (ValueError, UnicodeError):          # (a character JSON cannot write: only a cache)
        pass
    added.clear()


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("A", "F", "W")


def no_start(ch: str, level: str, before: str | None = None, two_em: bool = False) -> bool:
    """May `ch` not begin a line at `level` (after `before`, the character ending the line)?
    `two_em`: `ch` begins a 2-em unit (——, ……), not a single connector."""
    if level == "none":
        return False
    css = CSS_LEVEL[level]
    cls = line_break(ch)
    prev = line_break(before) if before else "ID"
    if cls == "CJ":
        cls = "NS" if css == "strict" else "ID"
    if cls in NO_BREAK_BEFORE:
        forbidden = True
        if css in ("normal", "loose") and ch in CSS_HYPHENS:
            forbidden = False
        if css == "loose":
            if ch in CSS_ITERATION or cls == "IN":
                forbidden = False
            elif prev == "ID" and (ch in CSS_CENTRED or (cls == "PO" and _wide(ch))):
                forbidden = False
    else:
        forbidden = False
    if level in ("gb", "strict") and ch in GB_NO_START and not (two_em and ch == "—"):
        forbidden = True
    if level == "strict" and ch in TWO_EM:
        forbidden = True
    return forbidden


def no_end(ch: str, level: str, prev: str | None = None) -> bool:
    """May `ch` not end a line at `level` (`prev`: the character before it)?"""
    if level == "none":
        return False
    cls = line_break(ch)
    if cls == "PR" and prev is not None and (prev.isascii() and prev.isalnum()):
        # a + closing a word or number (5G+, 4.0+) is a suffix there, not a prefix mark
        return False
    if cls in NO_BREAK_AFTER:
        return True                  # PR included at every level (clreq: a currency sign stays with its amount)
    return level in ("gb", "strict") and ch in GB_NO_END


def prohibited(before: str, after: str, level: str, prev: str | None = None, two_em: bool = False) -> bool:
    """Is a line break between `before` and `after` forbidden at `level`? (`prev`: the
    character before `before`; `two_em`: `after` begins a 2-em unit ——/……)"""
    return no_end(before, level, prev) or no_start(after, level, before, two_em)
