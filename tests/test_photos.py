"""Photos as phones and cameras deliver them: EXIF orientation applied before placing, the cover
crop chosen by focus: or crop:, and a warning when the crop keeps too little of the picture."""
from __future__ import annotations

import subprocess

import pytest

from layout.makeup.grid import Frame
from layout.makeup.photo import cover

PHOTO_ISSUE = """
house: nanming-v1
number: 1
date: 2026-01-02
pages:
  - section: 要闻
    blocks:
      - article: a.md
        col: 1
        span: 3
        line: 1
        lines: auto
      - photo: phone.jpg
        caption: 手机拍摄的照片。
        col: 4
        span: 2
        line: 1
        lines: {lines}
{extra}
"""
ARTICLE = {"a.md": "---\ntitle: 标题\n---\n\n正文一段。\n"}


def phone_jpeg(path, orientation: int = 6, size=(1500, 1000)):
    """A JPEG as a phone stores it: sensor pixels (left half red, right half blue) and the turn
    in EXIF. Orientation 6: shown a quarter turn clockwise, so upright the red half is on top."""
    from PIL import Image
    im = Image.new("RGB", size, (0, 60, 220))
    im.paste((220, 20, 20), (0, 0, size[0] // 2, size[1]))
    exif = Image.Exif()
    exif[0x0112] = orientation
    im.save(path, "JPEG", quality=92, exif=exif.tobytes())
    return path


def placed(result):
    from layout.boxes import Image
    return [it for page in result.pages for it in page.items if isinstance(it, Image)]


def test_exif_orientation_6_is_placed_upright(issue_factory, tmp_path):
    from layout.build import build
    issue = issue_factory(PHOTO_ISSUE.format(lines=30, extra=""), ARTICLE)
    phone_jpeg(issue / "phone.jpg")
    pdf = tmp_path / "out.pdf"
    result = build(issue, pdf)
    (im,) = placed(result)
    assert im.img_h / im.img_w == pytest.approx(1.5, rel=1e-6)          # portrait: 1000 × 1500 upright
    assert not [w for w in result.log.warnings if "orientation" in w.message]
    # the printed pixels are turned: red on top, blue below (poppler renders the page)
    subprocess.run(["pdftoppm", "-r", "20", "-png", "-singlefile", str(pdf), str(tmp_path / "p")], check=True)
    from PIL import Image
    page = Image.open(tmp_path / "p.png").convert("RGB")
    s = 20 / 72
    x = (im.x + im.w / 2) * s
    top, bottom = page.getpixel((int(x), int((im.y + im.h * 0.15) * s))), page.getpixel((int(x), int((im.y + im.h * 0.85) * s)))
    assert top[0] > 150 and top[2] < 120, top            # red (through CMYK: not pure)
    assert bottom[2] > 120 and bottom[0] < 120, bottom   # blue


def test_cover_centres_by_default_and_follows_focus_and_crop():
    wide = Frame(100, 50, 100, 200)                      # a tall frame for a 3:2 picture
    c = cover(1500, 1000, wide)
    assert c.h == pytest.approx(200) and c.x + c.w / 2 == pytest.approx(150)
    left = cover(1500, 1000, wide, focus=(0.0, 0.5))
    assert left.x == pytest.approx(100)                  # held at the picture's left edge
    right = cover(1500, 1000, wide, focus=(1.0, 0.5))
    assert right.x + right.w == pytest.approx(200)
    face = cover(1500, 1000, wide, focus=(0.3, 0.5))     # the point 0.3 across at the frame's centre
    assert face.x + 0.3 * face.w == pytest.approx(150)
    # crop: the right half of the picture covers the frame, nothing left of x = 0.5 shows
    half = cover(1500, 1000, Frame(0, 0, 75, 100), crop=(0.5, 0.0, 1.0, 1.0))
    assert half.x + 0.5 * half.w == pytest.approx(0) and half.x + half.w == pytest.approx(75)
    assert half.h == pytest.approx(100)
    assert half.ppi == pytest.approx(72 * 1000 / 100)


def test_a_crop_keeping_little_of_the_picture_is_a_warning(issue_factory):
    from layout.build import build
    # 2 columns by 60 lines of a 3:2 picture: far less than half of it shows
    issue = issue_factory(PHOTO_ISSUE.format(lines=60, extra=""), ARTICLE)
    phone_jpeg(issue / "phone.jpg", orientation=1, size=(3000, 2000))
    warns = [w for w in build(issue, None).log.warnings if "the crop keeps" in w.message]
    assert len(warns) == 1 and warns[0].line == 12 and "focus:" in warns[0].message
    share = int(warns[0].message.split("keeps ")[1].split("%")[0])
    assert 10 < share < 50
    # turned upright by EXIF the picture is portrait and fits the tall block: no warning
    phone_jpeg(issue / "phone.jpg", orientation=6, size=(3000, 2000))
    assert not [w for w in build(issue, None).log.warnings if "the crop keeps" in w.message]


def test_focus_moves_the_crop_in_the_build(issue_factory):
    from layout.build import build
    issue = issue_factory(PHOTO_ISSUE.format(lines=40, extra="        focus: [0, 0.5]"), ARTICLE)
    phone_jpeg(issue / "phone.jpg", orientation=1)
    (im,) = placed(build(issue, None))
    assert im.img_x == pytest.approx(im.x) and im.img_w > im.w


@pytest.mark.parametrize("extra, message", [
    ("        focus: [0.5]", "expected 2 fractions"),
    ("        focus: [1.5, 0]", "expected 2 fractions"),
    ("        crop: [0.5, 0, 0.2, 1]", "keeps nothing"),
])
def test_bad_focus_or_crop_is_an_error(issue_factory, extra, message):
    from layout.errors import BanmianError
    from layout.source.manifest import load_issue
    issue = issue_factory(PHOTO_ISSUE.format(lines=30, extra=extra), ARTICLE)
    phone_jpeg(issue / "phone.jpg")
    with pytest.raises(BanmianError) as e:
        load_issue(issue)
    assert message in e.value.message and e.value.line == 18 and e.value.hint
