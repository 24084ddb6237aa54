"""Copyfit (算稿): what each article holds against what its block holds, in the units the
editor changes — characters (字数), grid lines, and the block's `lines:` value.

    ArticleFit          one article block's figures, recorded by make-up (page.py)
    needed_lines(...)   the smallest `lines:` at which the text fits (searched, not estimated)
    fit_issue(dir)      make up an issue (as a draft) and return every block's figures
    report_lines(...)   the figures as the editor reads them (`banmian fit`, the build summary)

The overset characters are exactly the characters make-up could not place (the text of
the flow items left over), so "约超出 97 字" is what the proof would lose.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from layout import terms
from layout.i18n import M, N, Lang, Msg


@dataclass
class ArticleFit:
    page: int
    file: str
    title: str
    source: object               # SourceRef of the block in the manifest
    col: int
    span: int
    line: int
    lines: int | None            # the block's `lines:` (None: auto)
    lines_used: int              # grid lines the block takes on the page
    columns: int                 # text columns
    chars: int                   # characters the block sets (with what goes on to a later page)
    text_lines: int              # text lines the body takes at this width
    room: int                    # text lines the block's columns hold
    over_lines: int = 0          # text lines that did not fit
    over_chars: int = 0          # characters that did not fit
    under_lines: int = 0         # empty text lines at the foot of a block of fixed height
    chars_per_line: int = 0
    needed: int | None = None    # the `lines:` value at which the text fits exactly
    jump_page: int | None = None     # the rest goes on to this page (转版)
    goes_on_chars: int = 0
    from_page: int | None = None     # a continuation: from this page
    ends: str = ""               # the last words of the article (for the overset message)

    def message(self) -> str:        # (the planner's report of a trial page)
        return self.overset()

    @property
    def add_chars(self) -> int:
        return self.under_lines * self.chars_per_line

    @property
    def off(self) -> bool:
        """Over or under: what the build summary lists."""
        return bool(self.over_chars or self.under_lines > 2)

    def what(self) -> Msg:
        return terms.article(self.file, self.title)

    def where(self) -> Msg:
        return terms.place(self.page, self.col, self.span, self.line, self.lines_used)

    def overset(self) -> Msg:
        """The overset error: which article, by how much, in characters and in `lines:`."""
        return M("{place}: article {article} is too long: {over}, about {chars} characters over; "
                 "it ends '…{ends}'", place=self.where(), article=self.what(),
                 over=N("{n} line over", "{n} lines over", self.over_lines),
                 chars=self.over_chars, ends=self.ends)

    def overset_hint(self) -> Msg:
        if self.needed is not None:
            return M("cut about {chars} characters, or make the block taller: needs lines: {needed} (now {lines}); "
                     "or continue it on a later page (jump:); `banmian build --draft` builds anyway and marks it "
                     "in red", chars=self.over_chars, needed=self.needed, lines=self.lines)
        return M("cut about {chars} characters, or continue it on a later page (jump:); `banmian build --draft` "
                 "builds anyway and marks it in red", chars=self.over_chars)


def needed_lines(lines: int, fits, most: int) -> int | None:
    """The smallest block height in lines (≥ 1, ≤ `most`) at which `fits(lines)` holds, searched
    from the current one: up while the text is over, down while it still fits."""
    if fits(lines):
        while lines > 1 and fits(lines - 1):
            lines -= 1
        return lines
    while lines < most:
        lines += 1
        if fits(lines):
            return lines
    return None


def fit_issue(issue_dir: Path, log) -> list[ArticleFit]:
    """Make the issue up as a draft (overset allowed: its figures are the point) and return the
    figures of every article block, page by page."""
    from layout.build import build
    result = build(issue_dir, None, draft=True, log=log, copyfit=True)
    return result.fits


def off_fit(result) -> list[ArticleFit]:
    return [f for f in getattr(result, "fits", []) if f.off]


def report_lines(fits: list[ArticleFit], L: Lang, totals: bool = False) -> list[str]:
    """One line per article block, then (with `totals`) the page's and the issue's totals."""
    out: list[str] = []
    page = None
    sums: dict[int, list[int]] = {}
    for f in fits:
        if totals and f.page != page:
            page = f.page
            out.append(L.text(M("page {page}", page=page)))
        s = sums.setdefault(f.page, [0, 0, 0, 0, 0])
        s[0] += f.chars
        s[1] += min(f.text_lines, f.room) if f.jump_page is not None else f.text_lines   # set on this page
        s[2] += f.room
        s[3] += f.over_chars
        s[4] += f.add_chars
        out.append(("  " if totals else "") + L.text(line(f)))
    if totals:
        for p, (chars, set_, room, over, add) in sums.items():
            out.append(L.text(M("page {page} in all: {chars} characters, {set} lines set, {room} lines available; "
                                "{over} characters over, about {add} to add", page=p, chars=chars, set=set_,
                                room=room, over=over, add=add)))
    return out


def line(f: ArticleFit) -> Msg:
    """第 1 版 · 第 1–3 栏 · 第 12–57 行  p1-lead.md（…）：1234 字，排 140 行，可容 138 行；…"""
    head = M("{place}  {article}: {chars} characters, {set} lines set, {room} lines available",
             place=f.where(), article=f.what(), chars=f.chars, set=f.text_lines, room=f.room)
    if f.from_page is not None:
        head = M("{head} (continued from page {page})", head=head, page=f.from_page)
    if f.jump_page is not None:
        return M("{head}; {chars} characters go on to page {page}", head=head, chars=f.goes_on_chars,
                 page=f.jump_page)
    if f.over_chars:
        if f.needed is not None:
            return M("{head}; {chars} characters over: cut them, or set lines: {needed} (now {lines})",
                     head=head, chars=f.over_chars, needed=f.needed, lines=f.lines)
        return M("{head}; {chars} characters over: cut them", head=head, chars=f.over_chars)
    if f.lines is None:
        return M("{head}; fits (lines: auto takes {used})", head=head, used=f.lines_used)
    if f.under_lines:
        if f.needed is not None and f.needed < f.lines:
            return M("{head}; {under} short: add about {chars} characters, or set lines: {needed} (now {lines})",
                     head=head, under=N("{n} line", "{n} lines", f.under_lines), chars=f.add_chars,
                     needed=f.needed, lines=f.lines)
        return M("{head}; {under} short: add about {chars} characters", head=head,
                 under=N("{n} line", "{n} lines", f.under_lines), chars=f.add_chars)
    return M("{head}; fits exactly", head=head)


def replace_bottom(cols, bottom: int):
    """The same columns ending at another grid line (a trial height of the block)."""
    return [dataclasses.replace(c, bottom=bottom) for c in cols]
