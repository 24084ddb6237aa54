"""Shared fixtures: the real fonts (prepared once per session) and tiny issues in tmp folders."""
from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "issues" / "2026-046"
HOUSE = ROOT / "issues" / "_house"

# the smallest issue: one article on one page (line numbers matter to the manifest tests)
ONE_ARTICLE = """
house: nanming-v1
number: 1
date: 2026-01-02
pages:
  - section: 要闻
    blocks:
      - article: a.md
        col: 1
        span: 2
        line: 1
        lines: auto
"""


@pytest.fixture(autouse=True)
def english_messages(monkeypatch):
    """Tests read the program's messages in the code's language (English) unless they ask for
    another with --lang; the Chinese forms are tested in test_i18n.py."""
    monkeypatch.setenv("BANMIAN_LANG", "en")


@pytest.fixture(scope="session")
def fontset():
    from layout.fonts import FontSet
    return FontSet()


def write_issue(root: Path, manifest: str, articles: dict[str, str], name: str = "2026-001") -> Path:
    """An issue folder under root/ with the real house style beside it."""
    if not (root / "_house").exists():
        shutil.copytree(HOUSE, root / "_house")
        # tiny test issues hold one article on an otherwise empty page: there the house reports the
        # empty area as a warning; `house: nanming-full` is the paper's own, where it is an error
        shutil.copy(HOUSE / "nanming-v1.yaml", root / "_house" / "nanming-full.yaml")
        with open(root / "_house" / "nanming-v1.yaml", "a", encoding="utf-8") as f:
            f.write("\nchecks: {holes: warning}\n")
    d = root / name
    d.mkdir(parents=True, exist_ok=True)
    (d / "issue.yaml").write_text(textwrap.dedent(manifest).lstrip(), encoding="utf-8")
    for fname, text in articles.items():
        (d / fname).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return d


@pytest.fixture
def issue_factory(tmp_path):
    return lambda manifest, articles, name="2026-001": write_issue(tmp_path, manifest, articles, name)
