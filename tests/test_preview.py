"""The editor's side: `watch` and `serve` rebuild in one resident process; `serve`'s page is
checked in a real headless Chromium (the DevTools client of test_archive)."""
from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest

from conftest import SAMPLE


def _sample_copy(tmp_path: Path) -> Path:
    root = tmp_path / "issues"
    shutil.copytree(SAMPLE.parent / "_house", root / "_house")
    shutil.copytree(SAMPLE, root / SAMPLE.name, ignore=shutil.ignore_patterns("build.lock"))
    return root / SAMPLE.name


def test_watch_sets_a_character_new_to_the_issue(tmp_path):
    """A resident FontSet holds faces prepared for the first build's characters under the same ids
    as the second build's; the second build must embed its own (it once raised "character '鑫'
    is not in font NotoSerifCJKsc-Regular"), and give the bytes a fresh build gives."""
    from layout.build import build, watch
    issue = _sample_copy(tmp_path)
    art = issue / "p1-5g.md"
    assert "鑫" not in "".join(p.read_text(encoding="utf-8") for p in issue.glob("*.md"))
    messages: list[str] = []

    def edit_after_first_build():
        while not any(m.startswith("built") for m in messages):
            time.sleep(0.05)
        art.write_text(art.read_text(encoding="utf-8").replace("据悉，", "据鑫源公司介绍，", 1), encoding="utf-8")

    t = threading.Thread(target=edit_after_first_build, daemon=True)
    t.start()
    out = tmp_path / "draft.pdf"
    assert watch(issue, out, interval=0.05, max_builds=2, report=messages.append) == 2
    t.join(5)
    errors = [m for m in messages if "error" in m]
    assert not errors, errors
    assert len([m for m in messages if m.startswith("built")]) == 2
    fresh = tmp_path / "fresh.pdf"
    build(issue, fresh, draft=True)
    assert out.read_bytes() == fresh.read_bytes()
    from pypdf import PdfReader
    assert "鑫源公司" in "".join(p.extract_text() for p in PdfReader(out).pages)


# -- banmian serve in a real browser ---------------------------------------------------------

from test_archive import CHROMIUM, Chromium          # noqa: E402  (the DevTools client, stdlib only)

LOADED = "Array.from(document.querySelectorAll('#pages img')).filter(i => i.dataset.loaded).length"


def test_serve_page_follows_edits_and_errors_in_chromium(tmp_path):
    """The page loads every page; an edit to an article shows without a reload by hand; a broken
    manifest shows its error beside the page whose entry it is in, and the error goes when fixed."""
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (scripts/install-system-deps.sh installs Debian's chromium)")
    from layout.preview import Preview
    issue = _sample_copy(tmp_path)
    messages: list[str] = []
    pv = Preview(issue, port=0, report=messages.append).start()
    b = None
    try:
        assert pv.url.startswith("http://127.0.0.1:")
        b = Chromium(pv.url, tmp_path / "profile")
        b.attach()
        b.wait(f"{LOADED} === 4", timeout=180)
        assert b.js("document.querySelectorAll('#pages section.page').length") == 4
        assert b.js("document.querySelector('#page-1 img').naturalWidth") > 1000      # A3 at 100 dpi: 1169 px
        assert not b.js("document.querySelectorAll('.note.error').length")
        b.js("window.sameDocument = 'yes'")
        first_image = pv.images["1"]

        # an edit to an article: its new title shows beside page 1, and page 1's image is new
        art = issue / "p1-5g.md"
        art.write_text(art.read_text(encoding="utf-8").replace(
            "title: 南明经开区 5G 网络实现重点园区全覆盖", "title: 南明经开区 5G 网络覆盖全部园区"), encoding="utf-8")
        b.wait("document.querySelector('#page-1 .titles').textContent.includes('覆盖全部园区')", timeout=120)
        v = b.js("+document.getElementById('status').dataset.version")
        b.wait(f"+document.querySelector('#page-1 img').dataset.loaded >= {v}", timeout=60)
        assert pv.images["1"] != first_image
        assert b.js("window.sameDocument") == "yes"                  # not reloaded
        # an edit that brings no new character: only the page the article is on is drawn again
        others = {n: pv.images[n] for n in ("2", "3", "4")}
        art.write_text(art.read_text(encoding="utf-8").replace("据悉，", "据悉2，", 1), encoding="utf-8")
        b.wait(f"+document.querySelector('#page-1 img').dataset.loaded > {v}", timeout=60)
        assert pv.rendered == [1] and {n: pv.images[n] for n in others} == others

        # the manifest breaks in page 2's entry: the error stands beside page 2
        manifest = issue / "issue.yaml"
        good = manifest.read_text(encoding="utf-8")
        entry = "      - article: p2-fuwu.md\n"
        spam_line = good[:good.index(entry)].count("\n") + 2         # the line `spam:` lands on
        manifest.write_text(good.replace(entry, entry + "        spam: 1\n", 1), encoding="utf-8")
        b.wait("!!document.querySelector('#page-2 .note.error')", timeout=120)
        text = b.js("document.querySelector('#page-2 .note.error').textContent")
        assert "unknown key 'spam'" in text and f"issue.yaml:{spam_line}" in text, text
        assert b.js("document.getElementById('status').dataset.error") == "1"
        assert b.js(f"{LOADED}") == 4                                 # the last good pages stay

        manifest.write_text(good, encoding="utf-8")
        b.wait("!document.querySelector('.note.error') && document.getElementById('status').dataset.error === ''",
               timeout=120)
        assert b.js("window.sameDocument") == "yes"

        # a click zooms the page, another click takes it back
        b.js("document.querySelector('#page-3 img').click()")
        assert b.js("document.getElementById('page-3').classList.contains('zoom')")
        b.js("document.querySelector('#page-3 img').click()")
        assert not b.js("document.getElementById('page-3').classList.contains('zoom')")
    finally:
        if b is not None:
            b.close()
        pv.stop()


def test_serve_listens_on_loopback_only(tmp_path):
    from layout.preview import Preview
    pv = Preview(_sample_copy(tmp_path), port=0)
    try:
        assert pv.httpd.server_address[0] == "127.0.0.1"
    finally:
        pv.httpd.server_close()
        import shutil as _sh
        _sh.rmtree(pv.work, ignore_errors=True)


def test_messages_are_filed_under_the_page_they_concern():
    """An article's message goes beside every page it is on (a jump: both), a manifest line's
    beside the page whose entry holds it; anything else concerns the whole issue."""
    from layout.preview.notes import page_map, pages_of
    from layout.source.manifest import load_issue
    pmap = page_map(load_issue(SAMPLE))
    assert pages_of(pmap, str(SAMPLE / "p1-lead.md"), 5) == [1, 2]           # jumps to page 2
    assert pages_of(pmap, str(SAMPLE / "p4-renwu.md"), None) == [4]
    manifest = str(SAMPLE / "issue.yaml")
    assert pages_of(pmap, manifest, 74) == [2] and pages_of(pmap, manifest, 12) == [1]
    assert pages_of(pmap, manifest, 2) == []                                 # number: / date: lines
    assert pages_of(pmap, str(SAMPLE.parent / "_house" / "nanming-v1.yaml"), 3) == []


def test_the_preview_page_is_labelled_in_the_editors_language():
    from layout.i18n import lang
    from layout.preview.server import page_html
    zh, en = page_html(lang("zh")).decode(), page_html(lang("en")).decode()
    assert "正在排版" in zh and "上一次成功排出" in zh and "<title>banmian 预览</title>" in zh
    assert "/*LABELS*/" not in zh and "building…" not in zh.split("<script>")[0]
    assert "the pages shown are the last good build" in en
