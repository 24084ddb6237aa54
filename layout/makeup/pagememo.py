"""Pages a resident build made up before, reused when nothing they are made of changed.

    memo = PageMemo()            # owned by the build's CompositionCache (Ctx.cache.pages)
    page = memo.make(spec, ctx, carry, jump_page, overs, facts, make_page)

`banmian watch` and `banmian serve` rebuild the same issue after every save; an edit
of one paragraph changes one article, so every other page would be made up again
from the same inputs to the same result. A page's make-up (make_page) depends on:

- its PageSpec: the blocks, with the articles they set (frozen dataclasses: compared
  with ==, so a re-read article with the same text is the same input);
- the issue's own fields the furniture sets (number, date, page count: 报头, 报眉) and the
  house style (grid, elements, colours), whether it is the last page (报尾);
- the text carried into its continuation blocks by earlier pages (转版: where the
  text resumes and from which page), and the page numbers its jumps go to;
- the faces (FontSet and the characters they are prepared for) and what `copyfit` asks;
- the image files it reads a size from (photos, 题花 and 刊头 artwork, the nameplate).

Everything make_page does besides returning the page is recorded and done again
on reuse: what it carries on to later pages, the copyfit records (Ctx.fits), overset
records, the page checks' facts, the faces it asked for and its warnings. A page
whose make-up logged an error is never kept (the build stops anyway). The page
itself is handed out as a fresh Page with the same items: the page checks add
red outlines to a draft's pages, and those must not pile up in the memo.

`reused` and `made` name the page numbers of the last make_up (tests, bench).
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from layout.boxes import Page


@dataclass
class _Entry:
    inputs: tuple
    page: Page                    # as make_page returned it (never handed out itself)
    carry_set: tuple              # (key, value) make_page put into `carry`
    carry_popped: tuple           # keys it took out of `carry`
    overs: tuple
    fits: tuple
    jumps: tuple
    bands: tuple                  # (page, [band, ...]) it added to Facts.bands
    faces: tuple                  # (face id, Face) it asked for
    warnings: tuple


class PageMemo:
    """The last resident build's pages by number, with the inputs they were made from."""

    def __init__(self):
        self.entries: dict[int, _Entry] = {}
        self.checks: dict[int, tuple] = {}     # page number -> (inputs, holes, 碰题) of the page checks
        self.fonts = None             # the FontSet the entries' faces come from
        self.reused: list[int] = []
        self.made: list[int] = []

    def start(self, ctx) -> None:
        """A make_up begins: the counters are this build's; pages made with another FontSet go."""
        self.reused, self.made = [], []
        if ctx.fonts is not self.fonts:
            self.entries.clear()
            self.fonts = ctx.fonts

    def make(self, spec, ctx, carry: dict, jump_page: dict, overs: list, facts, make_page) -> Page:
        inputs = _inputs(spec, ctx, carry, jump_page)
        e = self.entries.get(spec.number)
        if e is not None and e.inputs == inputs:
            self.reused.append(spec.number)
            return _replay(e, ctx, carry, overs, facts)
        before_carry = dict(carry)
        n_overs, n_fits, n_jumps = len(overs), len(ctx.fits), len(facts.jumps)
        n_bands = {k: len(v) for k, v in facts.bands.items()}
        faces_before = dict(ctx.faces)
        n_warn, n_err = len(ctx.log.warnings), len(ctx.log.errors)
        page = make_page(spec, ctx, carry, jump_page, overs, facts)
        self.made.append(spec.number)
        if len(ctx.log.errors) != n_err:
            self.entries.pop(spec.number, None)
            return page
        self.entries[spec.number] = _Entry(
            inputs, _copy(page),
            tuple((k, v) for k, v in carry.items() if k not in before_carry or before_carry[k] is not v),
            tuple(k for k in before_carry if k not in carry),
            tuple(overs[n_overs:]), tuple(ctx.fits[n_fits:]), tuple(facts.jumps[n_jumps:]),
            tuple((k, tuple(v[n_bands.get(k, 0):])) for k, v in facts.bands.items() if len(v) > n_bands.get(k, 0)),
            tuple((k, f) for k, f in ctx.faces.items() if faces_before.get(k) is not f),
            tuple(ctx.log.warnings[n_warn:]))
        return page


    def checked(self, page, spec, grid, bands, holes, pengti) -> tuple:
        """The page checks' findings (checks.py: holes, 碰题), found again only when what they
        look at changed: the page's items and blocks as placed, its spec, the grid, the bands."""
        inputs = (tuple(page.items), tuple(page.blocks), spec, dict(vars(grid)), tuple(bands))
        e = self.checks.get(page.number)
        if e is not None and e[0] == inputs:
            return e[1]
        found = (holes(page, spec, grid, bands), pengti(page, spec))
        self.checks[page.number] = (inputs, found)
        return found


def _replay(e: _Entry, ctx, carry: dict, overs: list, facts) -> Page:
    for k in e.carry_popped:
        carry.pop(k, None)
    for k, v in e.carry_set:
        carry[k] = v
    overs.extend(e.overs)
    ctx.fits.extend(e.fits)
    facts.jumps.extend(e.jumps)
    for k, bands in e.bands:
        facts.bands.setdefault(k, []).extend(bands)
    for k, f in e.faces:
        ctx.faces[k] = f
    for w in e.warnings:
        ctx.log.warn(w.message, w.file, w.line, w.column)
    return _copy(e.page)


def _copy(page: Page) -> Page:
    """A Page with the same (immutable) items in lists of its own."""
    return Page(page.number, page.width, page.height, list(page.items), list(page.bookmarks), page.bleed,
                page.label, list(page.blocks))


def _inputs(spec, ctx, carry: dict, jump_page: dict) -> tuple:
    """Everything make_page reads besides the composition cache (which gives the same lines
    for the same text whatever it holds)."""
    issue = ctx.issue
    carried, files = [], []
    for b in spec.blocks:
        if getattr(b, "continued", False):
            carried.append((b.id, carry.get(b.id), carry.get(("page", b.id))))
        if getattr(b, "jump_to", None):
            carried.append((b.jump_to, jump_page.get(b.jump_to)))
        for name in ("path", "ornament", "art"):
            path = getattr(b, name, "")
            if isinstance(path, str) and os.path.isabs(path):
                files.append(_stamp(path))
    if issue.house.nameplate:
        files.append(_stamp(issue.house.nameplate))
    return (spec, issue.id, issue.dir, issue.manifest, issue.number, issue.total, issue.date, issue.title,
            issue.house, len(issue.pages), spec.number == issue.pages[-1].number, ctx.chars, ctx.copyfit,
            tuple(carried), tuple(files))


def _stamp(path: str) -> tuple:
    try:
        st = os.stat(path)
        return path, st.st_size, st.st_mtime_ns
    except OSError:
        return path, None
