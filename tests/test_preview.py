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
