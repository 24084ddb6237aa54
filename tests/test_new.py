"""`banmian new`: the next issue's folder agrees with its number, and --keep-layout keeps the slots."""
from __future__ import annotations

import shutil

import pytest

from conftest import HOUSE, ROOT


@pytest.fixture
def issues(tmp_path):
    root = tmp_path / "issues"
    shutil.copytree(HOUSE, root / "_house")
    for i in ("2026-047", "2026-048"):
        shutil.copytree(ROOT / "issues" / i, root / i, ignore=shutil.ignore_patterns("build.lock"))
    return root


def new(*args) -> int:
    from layout.cli import main
    return main(["new", *map(str, args)])


def test_keep_layout_starts_from_the_previous_block_positions(issues, tmp_path):
    from layout.source.manifest import load_issue
    assert new(issues / "2026-049", "--keep-layout") == 0
    # the new copy arrives under the same names (here: last week's, to build it)
    for f in (issues / "2026-048").glob("*.md"):
        shutil.copy(f, issues / "2026-049" / f.name)
    old, nxt = load_issue(issues / "2026-048"), load_issue(issues / "2026-049")
    assert (nxt.number, nxt.date.isoformat()) == (49, "2026-12-18")

    def slots(issue):
        return [[(type(b).__name__, b.pos.col, b.pos.span, b.pos.line, b.pos.lines,
                  getattr(b, "columns", None), getattr(b, "jump_to", None)) for b in p.blocks] for p in issue.pages]
    assert slots(nxt) == slots(old)
    from layout.build import build
    assert len(build(issues / "2026-049", tmp_path / "049.pdf").pages) == len(old.pages)


def test_without_keep_layout_only_the_masthead_stays(issues):
    from layout.source.yamlsrc import load_yaml
    assert new(issues / "2026-049") == 0
    pages = load_yaml(issues / "2026-049" / "issue.yaml").value["pages"]
    assert [[next(iter(b)) for b in p["blocks"]] for p in pages][0] == ["masthead"]


def test_a_folder_name_that_disagrees_with_the_number_is_an_error(issues, capsys):
    assert new(issues / "2026-050") == 1
    err = capsys.readouterr().err
    assert "says issue 50 of 2026, but the next issue is number 49" in err
    assert f"hint: name the folder {issues / '2026-049'}" in err
    assert not (issues / "2026-050").exists()
    assert new(issues / "next") == 1
    assert "not an issue id" in capsys.readouterr().err


def test_a_duplicate_issue_number_is_an_error(issues, capsys):
    # a copy of issue 48 under a wrong name: starting 49 from 47 would make a second 48
    shutil.copytree(issues / "2026-048", issues / "2026-048-old")
    assert new(issues / "2026-048", "--from", issues / "2026-047") == 1      # 2026-048 already exists
    shutil.rmtree(issues / "2026-048")
    assert new(issues / "2026-048", "--from", issues / "2026-047") == 1
    err = capsys.readouterr().err
    assert "issue 48 of 2026 already exists" in err and "2026-048-old" in err
    assert not (issues / "2026-048").exists()


def test_keep_layout_keeps_the_kantou_the_ear_and_vertical_settings(tmp_path):
    from conftest import write_issue
    from layout.source.manifest import load_issue
    from layout.source.model import ArticleBlock, KantouBlock, MastheadBlock
    root = tmp_path / "issues"
    manifest = """
    house: nanming-v1
    number: 46
    date: 2026-11-27
    pages:
      - section: 副刊
        blocks:
          - {masthead: {ear: 1}, col: 1, span: 5, line: 1, lines: 10}
          - {article: e.md, col: 5, span: 1, line: 1, lines: 9, frame: 单线}
          - {kantou: {title: 南明文苑, frame: 粗细线}, col: 1, span: 2, line: 12, lines: 9}
          - {article: a.md, col: 1, span: 2, line: 22, lines: 30, headline: vertical, direction: vertical, frame: 花纹}
          - {article: b.md, col: 3, span: 3, line: 12, lines: auto, ornament: 梅花}
    """
    text = "---\ntitle: 冬日\n---\n清晨的霜落在屋顶上。\n"
    write_issue(root, manifest, {"a.md": text, "b.md": text, "e.md": text}, name="2026-046")
    assert new(root / "2026-047", "--keep-layout") == 0
    for f in ("a.md", "b.md", "e.md"):
        (root / "2026-047" / f).write_text(text, encoding="utf-8")
    blocks = [b for p in load_issue(root / "2026-047").pages for b in p.blocks]
    assert next(b for b in blocks if isinstance(b, MastheadBlock)).ear == 1
    assert next(b for b in blocks if isinstance(b, KantouBlock)).title == "南明文苑"
    a = next(b for b in blocks if isinstance(b, ArticleBlock) and b.id == "a")
    assert (a.direction, a.headline, a.frame) == ("vertical", "vertical", "花纹")
    assert next(b for b in blocks if isinstance(b, ArticleBlock) and b.id == "b").ornament == "梅花"
