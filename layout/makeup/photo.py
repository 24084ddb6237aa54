"""Photo blocks: the image cropped to cover its frame, a caption (图说) and a credit below.

Entry point: photo(block, frame, ctx) -> list[Item]

The block frame (whole grid lines) is split into an image frame on top and
the caption lines below it. The image, upright by its EXIF orientation, is scaled
to cover the image frame and centred (or on the block's `focus:`, or within its
`crop:`), never distorted; the renderer clips it to the frame we return. Only
the image header is read here (pixel size); the pixels are the renderer's.
"""
from __future__ import annotations

from dataclasses import dataclass

from layout.boxes import Image, Item, Line, TextLine
from layout.compose.paragraph import ParaStyle, Run, compose, set_line
from layout.errors import BanmianError
from layout.i18n import M
from layout.makeup.grid import band_baseline, grid_lines_for, place_line
from layout.makeup.grid import Frame
from layout.source.model import PhotoBlock

MIN_IMAGE_LINES = 3           # an image shorter than this is not worth printing
CAPTION_INSET = 0.75          # em of body text between the frame's sides and the caption
CREDIT_GAP = 1.0              # em of the caption size between caption text and a credit on its line
EDGE = 0.01                   # pt: "touches the type-area edge" tolerance


@dataclass(frozen=True)
class Crop:
    """The image placed over its frame: scaled to cover it and centred."""
    x: float
    y: float
    w: float
    h: float
    ppi: float                # effective resolution at this size


def photo(block: PhotoBlock, frame: Frame, ctx, top_bleed: bool = True) -> list[Item]:
    """Lay a photo with its caption and credit into its frame."""
    grid, house = ctx.grid, ctx.house
    src = block.pos.source

    # Read the pixel size from the image header.
    px_w, px_h = _pixel_size(block, ctx)

    # Set the caption and credit; they take whole grid lines at the bottom of the frame.
    # (inset from the frame's sides, so a caption never reads on as the neighbouring column's line)
    inset = CAPTION_INSET * ctx.grid.body_size
    caption = _caption_lines(block, frame.w - 2 * inset, ctx)
    cap_h = sum(n for _, n in caption) * grid.pitch
    image = Frame(frame.x, frame.y, frame.w, frame.h - cap_h)
    if image.h < MIN_IMAGE_LINES * grid.pitch - EDGE:
        raise BanmianError(
            M("photo {path}: the caption takes {v} of the block's {v2} lines, leaving less than {MIN_IMAGE_LINES} "
              "for the image",
              path=block.path, v=round(cap_h / grid.pitch), v2=round(frame.h / grid.pitch),
              MIN_IMAGE_LINES=MIN_IMAGE_LINES),
            src.file, src.line, hint=M('give the block more lines or shorten the caption'))

    # Bleed: sides of the image frame on the type-area edge go out to the trim + bleed.
    if block.bleed:
        image = _bleed(image, grid.area, house.trim, house.bleed, top=top_bleed)

    # Crop: cover the image frame (centred, on the focus, or within the crop), check the
    # effective resolution and how much of the picture is left.
    crop = cover(px_w, px_h, image, block.focus, block.crop)
    _check_ppi(block, crop.ppi, ctx)
    _check_share(block, crop, image, ctx)
    items: list[Item] = [Image(block.path, image.x, image.y, image.w, image.h,
                               crop.x, crop.y, crop.w, crop.h)]

    # Caption and credit on the grid lines below the image.
    top = frame.bottom - cap_h
    for placed, n in caption:
        base = band_baseline(top, n, grid.pitch, _size(placed[0].line))
        items += [TextLine(t.x + frame.x + inset, base, t.line, t.color) for t in placed]
        top += n * grid.pitch
    return items


def cover(px_w: int, px_h: int, frame: Frame, focus: tuple[float, float] | None = None,
          crop: tuple[float, float, float, float] | None = None) -> Crop:
    """Scale an image of px_w × px_h pixels to cover `frame`; its ppi at that size.

    Without `focus` or `crop` the picture is centred. `crop` (x0, y0, x1, y1, fractions) is the
    part of the picture to use: that part covers the frame, centred in it. `focus` (x, y,
    fractions) is the point to centre on, as near as the frame stays covered."""
    x0, y0, x1, y1 = crop or (0.0, 0.0, 1.0, 1.0)
    part_w, part_h = px_w * (x1 - x0), px_h * (y1 - y0)
    scale = max(frame.w / part_w, frame.h / part_h)     # pt per pixel
    w, h = px_w * scale, px_h * scale
    if focus is None and crop is None:                  # centred (the same figures as ever)
        return Crop(frame.x + (frame.w - w) / 2, frame.y + (frame.h - h) / 2, w, h, 72 / scale)
    fx, fy = focus or ((x0 + x1) / 2, (y0 + y1) / 2)
    # the focus at the frame's centre, then held so the picture (or its crop) still covers the frame
    x = frame.x + frame.w / 2 - fx * w
    y = frame.y + frame.h / 2 - fy * h
    x = min(max(x, frame.right - x1 * w), frame.x - x0 * w)
    y = min(max(y, frame.bottom - y1 * h), frame.y - y0 * h)
    return Crop(x, y, w, h, 72 / scale)


def _check_share(block: PhotoBlock, crop: Crop, image: Frame, ctx) -> None:
    """A cover crop keeping less of the picture than the house share loses what the photographer
    framed: say so, with the way to choose what is kept."""
    share = (image.w * image.h) / (crop.w * crop.h)
    if share < ctx.house.photo_min_share - 1e-9:
        src = block.pos.source
        ctx.log.warn(M("photo {path}: the crop keeps {share:.0%} of the picture (house minimum {photo_min_share:.0%}); choose what it keeps with `focus: [x, y]` or `crop: [x0, y0, x1, y1]`, or give the block a shape nearer the photo's", path=block.path, share=share, photo_min_share=ctx.house.photo_min_share), src.file, src.line)


def _pixel_size(block: PhotoBlock, ctx) -> tuple[int, int]:
    """(width, height) in pixels of a photo block's image, upright."""
    src = block.pos.source
    w, h, orientation = image_header(block.path, (src.file, src.line), ctx.house.max_megapixels)
    # EXIF orientation 5-8: the picture is stored a quarter turn from upright (a phone held
    # upright); the renderer turns the pixels, so it is placed by its upright size
    if orientation in (5, 6, 7, 8):
        w, h = h, w
    return w, h


def _orientation(im) -> int:
    """EXIF orientation (1 = upright). A PNG's getexif() would decode the whole image to reach
    chunks after the pixels, so for a PNG only an eXIf chunk before them (im.info) is read."""
    from PIL import Image as PILImage, JpegImagePlugin
    if isinstance(im, JpegImagePlugin.JpegImageFile):
        return im.getexif().get(0x0112, 1)
    raw = im.info.get("exif")
    if not raw:
        return 1
    exif = PILImage.Exif()
    exif.load(raw)
    return exif.get(0x0112, 1)


def image_header(path: str, where: tuple, limit_mp: float, what=M("photo")) -> tuple[int, int, int]:
    """(width, height, EXIF orientation) from the header alone; BanmianError (blamed on `where`,
    a (file, line) pair) if missing, unreadable or larger than `limit_mp` megapixels: a small
    file can claim 60,000 × 60,000 pixels and take gigabytes to decode, so it is refused here,
    before anything decodes it."""
    from PIL import JpegImagePlugin, PngImagePlugin
    from layout.source.files import regular_file
    regular_file(path, what, where)
    try:
        with open(path, "rb") as f:
            magic = f.read(8)
        # the format's own reader opens the header only (Image.open would also run PIL's
        # decompression-bomb check, which raises before we can say the size)
        if magic.startswith(b"\x89PNG\r\n\x1a\n"):
            opener = PngImagePlugin.PngImageFile
        elif magic.startswith(b"\xff\xd8"):
            opener = JpegImagePlugin.JpegImageFile
        else:
            raise BanmianError(M('cannot read {what} {path}: not a JPEG or PNG file (its first bytes are {hex})', what=what, path=path, hex=magic[:4].hex(' ')), *where, hint=M('re-export it as JPEG or PNG'))
        with opener(path) as im:
            size = im.size
            orientation = _orientation(im)
    except BanmianError:
        raise
    except Exception as e:        # any decoder complaint about a damaged header is the file's problem
        raise BanmianError(M('cannot read {what} {path}: {e}', what=what, path=path, e=e), *where, hint=M('re-export it as JPEG or PNG'))
    if not size[0] or not size[1]:
        raise BanmianError(M('{what} {path} has no pixels', what=what, path=path), *where)
    if size[0] * size[1] > limit_mp * 1e6:
        raise BanmianError(M('{what} {path} is {size:,} × {size2:,} pixels ({v:,.0f} megapixels), over the house limit of {limit_mp:g} megapixels', what=what, path=path, size=size[0], size2=size[1], v=size[0] * size[1] / 1e6, limit_mp=limit_mp), *where,
                           hint=M('scale it down (a full page needs about 3,000 × 4,000 pixels), or raise pdf.max_megapixels in the house style'))
    return size[0], size[1], orientation


def _caption_lines(block: PhotoBlock, width: float, ctx) -> list[tuple[list[TextLine], int]]:
    """Caption lines and the credit, each with the grid lines it takes; x relative to the frame.

    The credit goes right-aligned on the caption's last line when it fits there, else on a line of its own.
    """
    out: list[tuple[list[TextLine], int]] = []
    pitch = ctx.grid.pitch
    if block.caption:
        face, el = ctx.element("caption")
        centred = el.align in ("center", "right")
        style = ParaStyle(indent=el.indent, align="left" if centred else el.align)
        n = grid_lines_for(el.size, pitch)
        for line in compose([Run(block.caption, face, el.size, block.pos.source)], width, style, ctx.log, ctx.cache):
            out.append(([place_line(line, 0, width, el.align if centred else "left", 0)], n))
    if block.credit:
        face, el = ctx.element("credit")
        credit = place_line(set_line(block.credit, face, el.size), 0, width, "right", 0)
        if out:
            last = out[-1][0][-1]
            room = last.x + last.line.end + CREDIT_GAP * _size(last.line)
            if room <= credit.x and len(out[-1][0]) == 1:
                out[-1][0].append(credit)
                return out
        out.append(([credit], grid_lines_for(el.size, pitch)))
    return out


def _bleed(image: Frame, area: Frame, trim: tuple[float, float], bleed: float, top: bool = True) -> Frame:
    """Extend each side of the image frame that lies on the type-area edge to the trim + bleed
    (not the top when a running head sits above the type area)."""
    x0, y0, x1, y1 = image.x, image.y, image.right, image.bottom
    if abs(x0 - area.x) < EDGE:
        x0 = -bleed
    if top and abs(y0 - area.y) < EDGE:
        y0 = -bleed
    if abs(x1 - area.right) < EDGE:
        x1 = trim[0] + bleed
    if abs(y1 - area.bottom) < EDGE:
        y1 = trim[1] + bleed
    return Frame(x0, y0, x1 - x0, y1 - y0)


def _check_ppi(block: PhotoBlock, ppi: float, ctx) -> None:
    """Below the house minimum: an error; below the warning level: a warning."""
    house, src = ctx.house, block.pos.source
    if ppi < house.min_ppi:
        raise BanmianError(
            M("photo {path} is {ppi:.0f} ppi at its placed size, below the house minimum of {min_ppi:.0f} ppi",
              path=block.path, ppi=ppi, min_ppi=house.min_ppi), src.file, src.line,
            hint=M('use a larger original, or place the photo smaller (fewer columns or lines)'))
    if ppi < house.warn_ppi:
        ctx.log.warn(M("photo {path} is {ppi:.0f} ppi at its placed size (house style wants {warn_ppi:.0f} ppi or "
                       "more)",
                       path=block.path, ppi=ppi, warn_ppi=house.warn_ppi), src.file, src.line)


def _size(line: Line) -> float:
    """The type size of a line (its first glyph's)."""
    return line.glyphs[0].size if line.glyphs else 0.0
