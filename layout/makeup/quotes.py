"""Pull quotes (引语) that stand next to the sentence they repeat.

    quote_echoes(placement, clear) -> list[(quote text, paragraph, lines apart)]

A pull quote lifts a sentence out of the story to catch the eye of a reader who has
not reached it yet; set right above, below or beside that sentence it only says the
same thing twice in a row. The check reads the placed article: for each pull quote,
the body lines of its own column and of the columns on either side within `clear`
grid lines above and below it; the quote's text (its characters, without punctuation
and quotation marks, which the quote and the sentence set differently: “…” in the
quote, ‘…’ inside the sentence's own quotation) found in those lines, read in order,
is an echo. Page make-up warns the editor, naming the quote.
"""
from __future__ import annotations

import unicodedata

from layout.makeup.flow import Placement

ECHO_CLEAR = 8          # grid lines: a pull quote stands at least this far from the sentence it repeats


def letters(text: str) -> str:
    """The characters of a text that a quote and its sentence share: no punctuation, no spaces."""
    return "".join(ch for ch in text if not ch.isspace() and not unicodedata.category(ch).startswith("P"))


def quote_echoes(placement: Placement, clear: int = ECHO_CLEAR) -> list[tuple[str, int, int]]:
    """(quote text, its paragraph index, grid lines between the quote and the sentence it repeats) for each pull
    quote of the placement that stands within `clear` lines of its sentence, in its own
    column or the one beside it. Lines are measured from the quote's edge to the nearest
    line holding part of the sentence (0: the sentence starts right under it, or beside it)."""
    out = []
    for c, placed in enumerate(placement.columns):
        for top, it in placed:
            if it.kind != "pullquote":
                continue
            want = letters(it.text)
            if not want:
                continue
            bottom = top + it.lines - 1
            near = None
            for k in (c - 1, c, c + 1):
                if not 0 <= k < len(placement.columns):
                    continue
                lines = [(ln, letters(t.text)) for ln, t in placement.columns[k]
                         if t.kind == "text" and top - clear <= ln <= bottom + clear]
                found = _find(want, lines)
                if found is not None:
                    gap = 0 if top <= found <= bottom else min(abs(found - top), abs(found - bottom)) - 1
                    near = gap if near is None else min(near, gap)
            if near is not None:
                out.append((it.text, it.para, max(0, near)))
    return out


def _find(want: str, lines: list[tuple[int, str]]) -> int | None:
    """The grid line nearest the start of `want` in `lines` read in order (None: not there)."""
    text = "".join(t for _, t in lines)
    at = text.find(want)
    if at < 0:
        return None
    pos = 0
    for ln, t in lines:
        if at < pos + len(t):
            return ln
        pos += len(t)
    return lines[-1][0]
