"""Plain text copy (.txt, or pasted from WeChat/QQ on standard input) -> Copy.

Chat apps and Notepad keep one paragraph per line, often with two ideographic spaces
(　　) typed as the indent: every non-empty line is a paragraph, the typed indent goes
(the 2-character indent is the house style's). A short line 一、…  or （一）… without a
full stop is a section heading (小标题).
"""
from __future__ import annotations

import re

from layout.source.importers.model import Block, Copy

INDENT = re.compile(r"^[\s\u3000\u00a0\ufeff]+|[\s\u3000\u00a0]+$")
SECTION = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\))")


def strip_indent(line: str) -> str:
    return INDENT.sub("", line)


def is_section_heading(text: str) -> bool:
    return bool(SECTION.match(text)) and len(text) <= 30 and not text.endswith(("。", "！", "？", "；"))


def read_text(text: str, name: str) -> Copy:
    blocks = []
    for i, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        line = strip_indent(raw)
        if not line:
            continue
        kind = "heading" if is_section_heading(line) else "para"
        blocks.append(Block(kind, [(line, False)], source=f"{name}:{i}"))
    return Copy(blocks)
