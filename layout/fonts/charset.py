"""The character sets a prepared face covers.

BASE_CHARSET: GB 2312 plus ASCII (a face asked for without characters).
COMMON_CHARSET: ASCII, GB 2312 punctuation and numerals, and every character the
layout code sets itself (dates, 第 N 版, 上接/下转), added to an issue's own characters.
"""
from __future__ import annotations

import re
from pathlib import Path


def _base_charset() -> frozenset[str]:
    """GB 2312 (all 7445 characters: Hanzi levels 1 and 2 and its symbols) plus ASCII."""
    chars = {chr(c) for c in range(0x20, 0x7F)}
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    chars |= set("“”‘’—…·–％～￥‰℃×÷±−《》〈〉「」『』【】〔〕〖〗（）［］｛｝、，。．：；！？／")
    return frozenset(chars)


_BASE: frozenset[str] | None = None


def base_charset() -> frozenset[str]:
    global _BASE
    if _BASE is None:
        _BASE = _base_charset()
    return _BASE


def __getattr__(name: str):
    """BASE_CHARSET is computed when first used (a warm build never needs it)."""
    if name == "BASE_CHARSET":
        return base_charset()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _common_charset() -> frozenset[str]:
    """What any build may set besides the issue's own text: ASCII, GB 2312 punctuation (row 1 and the
    full-width punctuation of row 3), Chinese numerals and date words, and every non-ASCII character in
    the layout code (the strings it sets itself: 星期五, 第 2 版, （下转第 3 版）, 数据来源：…)."""
    chars = {chr(c) for c in range(0x20, 0x7F)}
    for hi in (0xA1, 0xA3):
        for lo in range(0xA1, 0xFF):
            try:
                c = bytes((hi, lo)).decode("gb2312")
            except UnicodeDecodeError:
                continue
            if not c.isalnum():
                chars.add(c)
    chars |= set("“”‘’—…·–％～￥‰℃×÷±−《》〈〉「」『』【】〔〕〖〗（）［］｛｝、，。．：；！？／")
    chars |= set("〇零一二三四五六七八九十百千万亿年月日时分秒星期第版期总号")
    for py in sorted(Path(__file__).resolve().parents[1].rglob("*.py")):
        if _EDITOR_SIDE.intersection(py.parts):
            continue
        try:
            chars.update(_NON_ASCII.findall(py.read_text(encoding="utf-8")))
        except OSError:
            pass
    return frozenset(c for c in chars if c.isprintable() or c == "\u3000")


_COMMON: frozenset[str] | None = None


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


# Code that reads what reporters send or shows the editor a preview sets nothing on a page:
# its Chinese (byline and dateline patterns) must not enter every face, which would change every PDF.
_EDITOR_SIDE = frozenset({"importers", "preview"})


def common_charset() -> frozenset[str]:
    global _COMMON
    if _COMMON is None:
        _COMMON = _common_charset()
    return _COMMON
