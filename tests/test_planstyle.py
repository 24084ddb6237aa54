"""The house style's planner limits (`planner:` crop_keep, block_lines, line_chars): read and
checked in layout/source/planstyle.py, used by the planner on the real fonts and make-up."""
from __future__ import annotations

import pytest

from layout.build import build
from layout.errors import BanmianError
from layout.i18n import lang
from layout.makeup.grid import Grid
from layout.source.planstyle import PlannerStyle
from layout.source.style import load_house

from conftest import HOUSE
from test_plan import HEAD, MIXED, _with_photo, article


def _house(d, name: str, planner: str) -> None:
    """A house beside the issue: the paper's own (nanming-full) with a `planner:` section."""
    base = (d.parent / "_house" / "nanming-full.yaml").read_text(encoding="utf-8")
    (d.parent / "_house" / f"{name}.yaml").write_text(base + "\nplanner:\n" + planner, encoding="utf-8")


def _photo_keep(r, name: str) -> float:
    """The share of the picture the placed photo's frame keeps (its aspect against the image's)."""
    from layout.boxes import Image
    b = next(b for b in r.issue.pages[0].blocks if getattr(b, "path", "").endswith(name))
    img = next(it for it in r.pages[0].items if isinstance(it, Image) and it.path == b.path)
    frame, picture = img.w / img.h, img.img_w / img.img_h
    return min(frame / picture, picture / frame)


def test_the_default_limits_are_the_planners_former_constants():
    h = load_house(HOUSE / "nanming-v1.yaml")
    assert h.planner == PlannerStyle() == PlannerStyle(0.70, (6, 48), (10, 26))


# ---- crop_keep ---------------------------------------------------------------------------------

CROP = HEAD + """  - section: 要闻
    blocks:
      - article: a0.md
      - photo: photo-factory.jpg
        of: a0.md
        caption: 新厂房。
      - article: a1.md
      - article: a2.md
      - article: a3.md
"""
CROP_ARTS = {f"a{i}.md": article(n, f"第{i + 1}条新闻标题") for i, n in enumerate((16, 5, 14, 15))}


def test_crop_keep_95_makes_the_planner_choose_a_frame_of_the_pictures_shape(issue_factory):
    """The paper's house (70 %) fills this page with the photo cropped to 88 % of the picture; a
    house that keeps ≥ 95 % gets another plan whose photo frame is within 5 % of the picture's
    aspect, and the page is still full (every hard rule met)."""
    loose = build(_with_photo(issue_factory(CROP, CROP_ARTS)))
    assert loose.issue.house.planner.crop_keep == 0.70
    assert 0.70 <= _photo_keep(loose, "photo-factory.jpg") < 0.95
    d = issue_factory(CROP.replace("nanming-full", "keep95"), CROP_ARTS, "2026-002")
    _house(d, "keep95", "  crop_keep: 95%\n")
    tight = build(_with_photo(d))
    assert tight.issue.house.planner.crop_keep == pytest.approx(0.95)
    assert _photo_keep(tight, "photo-factory.jpg") >= 0.95
    assert all(ok for _, ok, _ in tight.plans[0].rules)


def test_a_photo_no_frame_can_hold_within_crop_keep_is_named_not_a_page_too_full(issue_factory):
    """At 100 % only a frame of exactly 3:2 would do, which the 13.5-pt grid never gives: the error
    names the photo, the house limit and the closest frame (not 'the items need 601 column-lines more')."""
    d = issue_factory(CROP.replace("nanming-full", "keep100"), CROP_ARTS)
    _house(d, "keep100", "  crop_keep: 100%\n")
    with pytest.raises(BanmianError) as e:
        build(_with_photo(d))
    assert e.value.message.startswith("photo photo-factory.jpg: no frame on the page keeps 100% of the picture")
    assert "the closest keeps 99.3%" in e.value.message
    assert e.value.file.endswith("issue.yaml") and e.value.line == 8           # the photo's line
    assert "lower crop_keep in " in e.value.hint and "keep100.yaml to 99% or less" in e.value.hint
    zh = lang("zh").text(e.value.msg)
    assert "版面上没有能保留图片 100% 的图框" in zh and "最接近的保留 99.3%" in zh


# ---- line_chars ---------------------------------------------------------------------------------

def _mixed(issue_factory, house: str, name: str):
    arts = {"lead.md": article(14, "开发区召开四季度经济工作推进会"), "b.md": article(8, "园区新增两条公交线路"),
            "c.md": article(5, "园区简讯"), "d.md": article(6, "职工技能大赛落幕")}
    return _with_photo(issue_factory(MIXED.replace("nanming-full", house), arts, name))


def test_a_narrower_line_chars_range_sets_the_lead_in_wider_columns_and_reports_the_cost(issue_factory, capsys):
    """The paper's 10–26 字 lets the 头条 run in five 16-字 columns; a house asking for 20–26 字 a
    line makes the planner set it 变栏 in four columns of 20¼ 字, and `banmian plan` prices what
    it could not avoid: a one-column story's 16-字 lines, 4 字 short, at 1.5 a character."""
    from layout.cli import main
    plain = build(_mixed(issue_factory, "nanming-full", "2026-001"))
    lead = next(b for b in plain.issue.pages[0].blocks if b.id == "lead")
    assert (lead.pos.span, lead.columns) == (5, 5)
    assert not any("字 a line" in str(d) for _, _, d in plain.plans[0].prefs)

    d = _mixed(issue_factory, "wide", "2026-002")
    _house(d, "wide", "  line_chars: [20字, 26字]\n")
    r = build(d)
    assert r.issue.house.planner.line_chars == (20, 26)
    g = Grid(r.issue.house)
    spec = r.issue.pages[0]
    lead = next(b for b in spec.blocks if b.id == "lead")
    assert (lead.pos.span, lead.columns) == (5, 4)
    assert (g.width(5) - 3 * g.gutter) / 4 / g.body_size == pytest.approx(20.25)
    prefs = {name: (cost, str(detail)) for name, cost, detail in r.plans[0].prefs}
    assert "变栏 4 columns" in prefs["开发区召开四季度经济工作推进会"][1]
    # every article set in columns under 20 字 is reported, priced 1.5 per character short
    narrow = [b for b in spec.blocks if hasattr(b, "article")
              and (g.width(b.pos.span) - (b.columns - 1) * g.gutter) / b.columns / g.body_size < 20]
    assert narrow
    for b in narrow:
        chars = (g.width(b.pos.span) - (b.columns - 1) * g.gutter) / b.columns / g.body_size
        cost, detail = prefs[b.article.title[:16]]
        assert f"{chars:g} 字 a line (house: 20–26 字)" in detail and cost >= 1.5 * (20 - chars)
    assert all(ok for _, ok, _ in r.plans[0].rules)
    # the same words in the editor's report, in both languages
    main(["plan", str(d), "--lang", "en"])
    assert "16 字 a line (house: 20–26 字)" in capsys.readouterr().out
    main(["plan", str(d), "--lang", "zh"])
    assert "每行 16 字（本报规定 20–26 字）" in capsys.readouterr().out


# ---- bad values ----------------------------------------------------------------------------------

BAD = [
    ("  crop_keep: 120%\n", "planner.crop_keep: a frame cannot keep 120 % of the picture (at most 100 %)",
     "100% allows only frames", "图框不能保留图片的 120%（至多 100%）"),
    ("  crop_keep: 20%\n", "planner.crop_keep: a frame keeping 20 % of the picture shows a detail",
     "e.g. crop_keep: 70%", "只保留图片 20% 的图框只剩局部"),
    ("  crop_keep: 70\n", "planner.crop_keep: 70 is not a share of the picture",
     "write a percentage: crop_keep: 70%", "70 不是图片的保留比例"),
    ("  crop_keep: most\n", "planner.crop_keep: 'most' is not a share of the picture",
     "e.g. crop_keep: 70%", "“most”不是图片的保留比例"),
    ("  block_lines: [48, 6]\n", "planner.block_lines: the range [48, 6] is upside down", "write [6, 48]",
     "范围 [48, 6] 写反了"),
    ("  line_chars: [ten, 26]\n", "planner.line_chars: 'ten' is not a whole number of 字",
     "e.g. line_chars: [10, 26]", "“ten”不是字数（应为整数）"),
    ("  block_lines: [6行, 500行]\n", "planner.block_lines: 500 行 is out of range (from 1 to 80)",
     "e.g. block_lines: [6, 48]", "500 行超出范围（1 至 80）"),
    ("  line_chars: 26\n", "planner.line_chars: expected a range [least, most], got 26",
     "e.g. line_chars: [10, 26]", "应为范围 [最少, 最多]，实际为 26"),
]


@pytest.mark.parametrize("planner,message,hint,zh", BAD)
def test_a_bad_planner_value_is_one_error_at_its_line_with_a_hint(tmp_path, planner, message, hint, zh):
    base = (HOUSE / "nanming-v1.yaml").read_text(encoding="utf-8")
    house = tmp_path / "bad.yaml"
    house.write_text(base + "\nplanner:\n" + planner, encoding="utf-8")
    line = len((base + "\nplanner:\n").splitlines()) + 1
    with pytest.raises(BanmianError) as e:
        load_house(house)
    assert len(e.value.errors) == 1
    assert e.value.message.startswith(message), e.value.message
    assert e.value.file == str(house) and e.value.line == line
    assert hint in e.value.hint
    assert zh in lang("zh").text(e.value.msg)


def test_every_bad_planner_value_is_reported_together(tmp_path):
    base = (HOUSE / "nanming-v1.yaml").read_text(encoding="utf-8")
    house = tmp_path / "bad.yaml"
    house.write_text(base + "\nplanner:\n  crop_keep: 101%\n  block_lines: [30, 20]\n  line_chars: [x, y]\n"
                     "  crop: 70%\n", encoding="utf-8")
    with pytest.raises(BanmianError) as e:          # an unknown key first (a typo must not pass)
        load_house(house)
    assert "unknown key 'crop'" in e.value.message and "did you mean 'crop_keep'?" in e.value.hint
    house.write_text(base + "\nplanner:\n  crop_keep: 101%\n  block_lines: [30, 20]\n  line_chars: [x, y]\n",
                     encoding="utf-8")
    with pytest.raises(BanmianError) as e:
        load_house(house)
    first = len((base + "\nplanner:\n").splitlines()) + 1
    got = [(x.line, x.column, x.message.split(":")[0]) for x in e.value.errors]
    assert got == [(first, 14, "planner.crop_keep"), (first + 1, 16, "planner.block_lines"),
                   (first + 2, 16, "planner.line_chars"), (first + 2, 19, "planner.line_chars")]
    assert all(x.hint for x in e.value.errors)


def test_percent_fraction_and_units_read_alike(tmp_path):
    base = (HOUSE / "nanming-v1.yaml").read_text(encoding="utf-8")
    house = tmp_path / "ok.yaml"
    house.write_text(base + "\nplanner:\n  crop_keep: 0.8\n  block_lines: [8行, 40行]\n  line_chars: [12, 24]\n",
                     encoding="utf-8")
    assert load_house(house).planner == PlannerStyle(0.8, (8, 40), (12, 24))
    house.write_text(base + "\nplanner:\n  crop_keep: 80 ％\n", encoding="utf-8")
    assert load_house(house).planner.crop_keep == pytest.approx(0.8)
