"""A resident build (watch, serve) reuses the pages an edit did not touch, and writes exactly
the PDF a fresh build writes (makeup/pagememo.py, render/pagecache.py)."""
from __future__ import annotations

import os
import shutil

import pytest

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
    _, log = res.build(issue)
    assert res.pages.made == [4]
    assert res.pages.reused == [1, 2, 3]
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
