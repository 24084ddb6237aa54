"""Font roles, preparation and the per-role fallback for rare characters."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from layout.build import build
from layout.boxes import TextLine
from layout.fonts import FontSet

from conftest import ONE_ARTICLE, ROOT, write_issue

RARE = "\U00020000"          # 𠀀, CJK Extension B: not in Noto CJK SC


def make_rare_font(path: Path) -> None:
    """A tiny TrueType font with one square glyph for U+20000 (stands in for a paper's Ext-B font)."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder([".notdef", "rare"])
    fb.setupCharacterMap({0x20000: "rare"})
    pen = TTGlyphPen(None)
    pen.moveTo((100, -100)); pen.lineTo((100, 800)); pen.lineTo((900, 800)); pen.lineTo((900, -100)); pen.closePath()
    square = pen.glyph()
    fb.setupGlyf({".notdef": TTGlyphPen(None).glyph(), "rare": square})
    fb.setupHorizontalMetrics({".notdef": (1000, 0), "rare": (1000, 100)})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": "RareTest", "styleName": "Regular", "psName": "RareTest-Regular"})
    fb.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120)
    fb.setupPost()
    fb.save(str(path))


def test_roles_resolve_to_installed_free_fonts(fontset):
    assert fontset.source("song", "regular").name == "NotoSerifCJKsc-Regular"
    assert fontset.source("hei", "heavy").name == "NotoSansCJKsc-Black"
    assert fontset.source("kai", "regular").name == "LXGWWenKai-Regular"


def test_fangsong_falls_back_to_kai_with_a_warning():
    fs = FontSet()
    assert fs.source("fangsong", "regular").name == "LXGWWenKai-Regular"
    assert any("fangsong" in w.message and "kai" in w.message for w in fs.log.warnings)


def test_prepared_face_fixes_dash_and_interpunct_to_full_width(fontset):
    face = fontset.face("song", "regular")
    assert face.advance("\u2014") == pytest.approx(1.0)     # proportional 0.89 em in the source
    x0, _, x1, _ = face.ink("\u2014")
    assert x0 <= 0.01 and x1 >= 0.99                        # inks its whole em: the halves of —— meet
    x0, _, x1, _ = face.ink("\u00b7")
    assert (x0 + x1) / 2 == pytest.approx(0.5, abs=0.02)     # centred, not the Western middle dot


def test_a_papers_own_font_wins_when_dropped_into_fonts_dir(tmp_path):
    fonts_dir = tmp_path / "fonts"
    fonts_dir.mkdir()
    shutil.copy("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Light.ttf", fonts_dir / "FZShuSong-Z01.ttf")
    fs = FontSet(config_path=ROOT / "fonts" / "fonts.yaml", fonts_dir=fonts_dir)
    assert fs.source("song", "regular").path == fonts_dir / "FZShuSong-Z01.ttf"


def test_fallback_font_serves_only_the_rare_character(tmp_path):
    fonts_dir = tmp_path / "fonts"
    fonts_dir.mkdir()
    make_rare_font(fonts_dir / "RareTest.ttf")
    config = yaml.safe_load((ROOT / "fonts" / "fonts.yaml").read_text(encoding="utf-8"))
    # free fonts by absolute path stay as they are; the fallback is the paper's file
    config["fallback"]["song"] = ["RareTest.ttf"]
    (fonts_dir / "fonts.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    fs = FontSet(config_path=fonts_dir / "fonts.yaml", fonts_dir=fonts_dir)
    d = write_issue(tmp_path / "issues", ONE_ARTICLE, {"a.md": f"---\ntitle: 生僻字测试\n---\n他的名字里有一个{RARE}字，排版时要用补字字库。\n"})
    r = build(d, fonts=fs)
    glyphs = [g for it in r.pages[0].items if isinstance(it, TextLine) for g in it.line.glyphs]
    rare = [g for g in glyphs if g.text == RARE]
    assert len(rare) == 1 and rare[0].face.endswith("-fb0")
    body = [g for g in glyphs if g.size == 9 and g.text in "他的名字里有一个"]
    assert body and all(g.face == "song-regular" for g in body)


def test_face_cache_keeps_the_most_recently_used(tmp_path, monkeypatch):
    import os
    import layout.fonts.prepare as fonts
    monkeypatch.setattr(fonts, "FACE_FILES", 3)
    for i in range(5):
        for suffix in (".ttf", ".metrics.pkl"):
            f = tmp_path / f"face{i}{suffix}"
            f.write_bytes(b"x")
            os.utime(f, (1000 + i, 1000 + i))
    fonts._prune_faces(tmp_path)
    assert sorted(p.name for p in tmp_path.glob("*.ttf")) == ["face2.ttf", "face3.ttf", "face4.ttf"]
    assert sorted(p.name for p in tmp_path.glob("*.pkl")) == ["face2.metrics.pkl", "face3.metrics.pkl",
                                                             "face4.metrics.pkl"]
