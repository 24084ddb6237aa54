"""A resident build (watch, serve) reuses the pages an edit did not touch, and writes exactly
the PDF a fresh build writes (makeup/pagememo.py, render/pagecache.py)."""
from __future__ import annotations

import os
import shutil

import pytest

from layout.boxes import TextLine
from layout.build import build
from layout.compose.cache import CompositionCache
from layout.errors import Log

from conftest import SAMPLE


@pytest.fixture()
def issue(tmp_path):
    root = tmp_path / "issues"
    shutil.copytree(SAMPLE.parent / "_house", root / "_house")
    shutil.copytree(SAMPLE, root / SAMPLE.name, ignore=shutil.ignore_patterns("build.lock"))
    return root / SAMPLE.name


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


class Resident:
    """What `banmian watch` keeps from one build to the next: the faces and the cache."""

    def __init__(self, fontset, out):
        self.fonts, self.cache, self.out = fontset, CompositionCache(), out

    def build(self, issue):
        log = Log()
        r = build(issue, self.out, draft=True, log=log, fonts=self.fonts, cache=self.cache)
        return r, log

    @property
    def pages(self):
        return self.cache.stages["pages"]


def _fresh(issue, out, fontset):
    log = Log()
    build(issue, out, draft=True, log=log, fonts=fontset)
    return out.read_bytes(), [str(w) for w in log.warnings]


def test_an_edit_on_page_4_makes_up_page_4_only_and_gives_the_fresh_pdf(issue, tmp_path, fontset):
    res = Resident(fontset, tmp_path / "watch.pdf")
    res.build(issue)
    assert res.pages.made == [1, 2, 3, 4] and res.pages.reused == []
    _edit(issue / "p4-dushu.md", "这是我这半年来最期待的时光。", "这是我半年来最期待的时光。")   # (no character new to the issue: the faces stay)
    r, log = res.build(issue)
    assert res.pages.made == [4]
    assert res.pages.reused == [1, 2, 3]
    draw = res.cache.stages["pdf"]
    # the lines of pages 1-3 are drawn as before (page 4 comes last: no code of theirs moves),
    # the edited paragraph's lines anew
    page4 = sum(isinstance(it, TextLine) for it in r.pages[3].items)
    assert 0 < draw.misses <= page4
    assert draw.streams[0] >= 3             # pages 1-3's content streams are compressed once only
    pdf, warnings = _fresh(issue, tmp_path / "fresh.pdf", fontset)
    assert res.out.read_bytes() == pdf
    # the reused pages' warnings are told again, as a fresh build tells them
    assert [str(w) for w in log.warnings] == warnings


def test_an_edit_of_a_jumping_article_makes_up_its_continuation_page_too(issue, tmp_path, fontset):
    """p1-lead.md jumps (转版) to page 2: the text carried there changes with the edit."""
    res = Resident(fontset, tmp_path / "watch.pdf")
    res.build(issue)
    text = (issue / "p1-lead.md").read_text(encoding="utf-8")
    first = text.split("---\n", 2)[2].strip().split("\n\n")[0]
    _edit(issue / "p1-lead.md", first, first + first[:12] + "。")
    res.build(issue)
    assert res.pages.made == [1, 2]
    assert res.pages.reused == [3, 4]
    pdf, _ = _fresh(issue, tmp_path / "fresh.pdf", fontset)
    assert res.out.read_bytes() == pdf


def test_nothing_changed_reuses_every_page(issue, tmp_path, fontset):
    res = Resident(fontset, tmp_path / "watch.pdf")
    res.build(issue)
    first = res.out.read_bytes()
    res.build(issue)
    assert res.pages.made == [] and res.pages.reused == [1, 2, 3, 4]
    draw = res.cache.stages["pdf"]
    # every line's operators, every stream's Flate bytes and every font subset come from the last render
    assert draw.misses == 0 and draw.hits > 1000
    assert draw.streams[1] == 0 and draw.streams[0] >= 4
    assert res.out.read_bytes() == first


def test_a_photo_file_changed_makes_its_page_again(issue, tmp_path, fontset):
    """The manifest names the same photo, but the file is another one now (its mtime)."""
    res = Resident(fontset, tmp_path / "watch.pdf")
    res.build(issue)
    photo = issue / "photo-park.png"
    st = photo.stat()
    os.utime(photo, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    res.build(issue)
    assert 3 in res.pages.made and 1 in res.pages.reused



def test_a_character_new_to_the_issue_makes_every_page_again(issue, tmp_path, fontset):
    """盼 is in no article yet: the faces are prepared anew for it, so no page is what it was."""
    res = Resident(fontset, tmp_path / "watch.pdf")
    res.build(issue)
    _edit(issue / "p4-dushu.md", "这是我这半年来最期待的时光。", "这是我这半年来最盼着的时光。")
    res.build(issue)
    assert res.pages.made == [1, 2, 3, 4] and res.pages.reused == []
    pdf, _ = _fresh(issue, tmp_path / "fresh.pdf", fontset)
    assert res.out.read_bytes() == pdf


def test_watch_drops_a_build_whose_files_changed_while_it_ran(issue, tmp_path, monkeypatch):
    """A save caught half-written (the file truncated, its text written while the build runs) is
    never reported nor written as the PDF: watch builds again once the files stay put."""
    import layout.build as B
    real, calls, messages = B.build, [], []
    art = issue / "p4-dushu.md"
    full = art.read_text(encoding="utf-8").replace("这是我这半年来最期待的时光。", "这是我半年来最期待的时光。")

    def build(*a, **kw):
        calls.append(a[1])
        try:
            return real(*a, **kw)
        finally:
            if len(calls) == 2:          # the editor's save completes while the second build runs
                art.write_text(full, encoding="utf-8")

    def report(m):
        messages.append(str(m))
        if str(m).startswith("built") and len(calls) == 1:
            art.write_text("", encoding="utf-8")       # the save has truncated the file

    monkeypatch.setattr(B, "build", build)
    out = tmp_path / "watch.pdf"
    assert B.watch(issue, out, interval=0.02, max_builds=2, report=report) == 2
    assert len(calls) == 3
    assert [m for m in messages if m.startswith("built")] == [m for m in messages if "built" in m]
    assert len([m for m in messages if m.startswith("built")]) == 2, messages
    assert not any("error" in m for m in messages), messages
    assert all(p != out for p in calls)             # each build writes its own file, renamed when it counts
    log = Log()
    real(issue, tmp_path / "fresh.pdf", draft=True, log=log)
    assert out.read_bytes() == (tmp_path / "fresh.pdf").read_bytes()
