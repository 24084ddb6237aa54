"""Photos as the plates need them: CMYK through the output profile (gray kept gray), total ink
held to the house limit, decoded no larger than the placed size needs, as JPEG bytes.

Converted photos are kept in the cache folder; `prepare_photos` converts a build's photos
before the PDF stage waits for its faces (a cold build: the font children still run), and the
renderer then takes them from memory.
"""
from __future__ import annotations

import io
import os
from functools import lru_cache

from layout.boxes import Image, Page
from layout.errors import BanmianError
from layout.i18n import M


PHOTO_JPEG_QUALITY = 92  # photos go into the PDF as JPEG (CMYK or gray) at this quality
PHOTO_PPI = 400          # a photo keeps at least this resolution at its placed size (2 × the house's
                         # good 200 ppi); an original with several times more is decoded reduced
INK_MARGIN = 6.0         # %: photos are capped this far under max_ink, since JPEG's rounding
                         # pushes a few shadow pixels back over a cap set exactly at the limit


def photo_jpeg(im: Image, profile: str, max_ink: float) -> bytes:
    """The plate-ready JPEG of a placed photo."""
    iw, ih = (im.img_w or im.w), (im.img_h or im.h)
    try:
        st = os.stat(im.path)
    except OSError as e:
        raise BanmianError(M('photo not found: {strerror}', strerror=e.strerror), str(im.path))
    # pixels enough for PHOTO_PPI at the placed size; a larger original is decoded reduced
    need = (max(1, round(iw / 72 * PHOTO_PPI)), max(1, round(ih / 72 * PHOTO_PPI)))
    return _print_jpeg(str(im.path), profile, (st.st_size, st.st_mtime_ns), max_ink, need)


def prepare_photos(pages: list[Page], profile: str, max_ink: float) -> None:
    """Convert every photo of `pages` now (kept by _print_jpeg for the renderer), the second half
    in a child process (aside.py) that leaves them in the cache folder, where this process then
    reads them. A photo or a profile that cannot be read is left for the renderer to report."""
    photos = list({_photo_args(item, profile, max_ink): item for page in pages for item in page.items
                   if isinstance(item, Image)}.values())
    half = photos[len(photos) // 2:]
    aside = None
    if len(photos) >= ASIDE_PHOTOS:
        from layout import aside as side
        aside = side.start(_convert_all, half, profile, max_ink)
    _convert_all(photos[:len(photos) // 2] if aside is not None else photos, profile, max_ink)
    if aside is not None:
        aside.result()
        _convert_all(half, profile, max_ink)      # from the cache folder (or made here after all)


ASIDE_PHOTOS = 2      # photos to convert at least before half of them go to a child process


def _convert_all(photos: list[Image], profile: str, max_ink: float) -> None:
    for item in photos:
        try:
            photo_jpeg(item, profile, max_ink)
        except (BanmianError, OSError):
            pass


def _photo_args(im: Image, profile: str, max_ink: float) -> tuple:
    iw, ih = (im.img_w or im.w), (im.img_h or im.h)
    return (str(im.path), profile, max_ink, iw, ih)


@lru_cache(maxsize=64)
def _print_jpeg(path: str, profile: str, stamp: tuple = (), max_ink: float = 240.0,
                need: tuple[int, int] | None = None) -> bytes:
    """The plate-ready photo as JPEG bytes (DCT keeps a page of photos to a few MB; Flate would not).

    Converted photos are kept in the cache folder, keyed by the photo's and the
    profile's bytes, so a rebuild does not convert them again; the same bytes come
    out either way (the cache only remembers what the conversion gave).
    """
    import hashlib
    from layout.fonts import DEFAULT_CACHE
    h = hashlib.sha256()
    for f in (path, profile):
        with open(f, "rb") as fh:
            h.update(hashlib.sha256(fh.read()).digest())
    h.update(f"q{PHOTO_JPEG_QUALITY} tac{max_ink:g} m{INK_MARGIN:g} need{need} v4".encode())  # v4: reduced decode
    cached = DEFAULT_CACHE / "images" / f"{h.hexdigest()[:32]}.jpg"
    try:
        return cached.read_bytes()
    except OSError:
        pass
    data = _encode(_print_image(path, profile, max_ink, need), max_ink)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(data)
        tmp.replace(cached)
    except OSError:
        pass
    return data


def _encode(im, max_ink: float) -> bytes:
    """JPEG bytes of the plate-ready photo; a CMYK photo is checked again after encoding and
    capped lower while JPEG's rounding still lifts its shadows over `max_ink` (at most 3 rounds)."""
    from PIL import Image as PILImage
    cap = max_ink - INK_MARGIN
    for _ in range(3):
        out = io.BytesIO()
        im.save(out, "JPEG", quality=PHOTO_JPEG_QUALITY)
        data = out.getvalue()
        if im.mode != "CMYK":
            return data
        worst = ink_peak(PILImage.open(io.BytesIO(data)))
        if worst <= max_ink:
            return data
        cap -= worst - max_ink + 1
        im = limit_ink(im, cap)
    return data


def ink_peak(cmyk) -> float:
    """The highest total ink (%) of any pixel of a CMYK image."""
    from PIL import ImageMath
    c, m, y, k = cmyk.split()
    total = ImageMath.unsafe_eval("float(C) + float(M) + float(Y) + float(K)", C=c, M=m, Y=y, K=k)
    return total.getextrema()[1] * 100 / 255


def _open_reduced(path: str, need: tuple[int, int] | None):
    """The photo decoded at no more than it needs: JPEG's DCT scaling (draft) decodes 1/2, 1/4
    or 1/8 of the pixels directly; other formats are reduced by a whole factor after loading."""
    from PIL import Image as PILImage
    src = PILImage.open(path)
    if need and src.getexif().get(0x0112, 1) in (5, 6, 7, 8):
        need = (need[1], need[0])            # stored a quarter turn from how it is placed
    if need and src.format == "JPEG":
        src.draft(src.mode if src.mode in ("RGB", "L", "CMYK") else None, need)
    src.load()
    if need:
        factor = min(src.size[0] // need[0], src.size[1] // need[1])
        if factor >= 2 and src.mode not in ("P", "1"):
            src = src.reduce(factor)
    return src


def _print_image(path: str, profile: str, max_ink: float = 240.0, need: tuple[int, int] | None = None):
    """The photo as the plate needs it: CMYK through the output profile, gray stays gray."""
    from PIL import Image as PILImage, ImageCms
    try:
        src = _open_reduced(path, need)
        # a phone's photo is stored as the sensor saw it, with the turn in EXIF (orientation 6 is
        # a quarter turn clockwise): make-up measured it upright (makeup/photo.py), so turn it here
        from PIL import ImageOps
        src = ImageOps.exif_transpose(src)
    except (OSError, ValueError, PILImage.DecompressionBombError) as e:
        raise BanmianError(M('cannot read image: {e}', e=e), path, hint=M('re-export the photo as JPEG or PNG'))
    if src.mode in ("1", "L", "I;16", "I", "F") or (src.mode == "LA"):
        if src.mode == "LA":
            white = PILImage.new("L", src.size, 255)
            white.paste(src.convert("L"), mask=src.getchannel("A"))
            return white
        return src.convert("L")
    if src.mode == "CMYK":
        return limit_ink(src, max_ink - INK_MARGIN)
    if src.mode in ("RGBA", "PA") or (src.mode == "P" and "transparency" in src.info):
        rgba = src.convert("RGBA")           # transparency flattened on white paper
        rgb = PILImage.new("RGB", src.size, (255, 255, 255))
        rgb.paste(rgba, mask=rgba.getchannel("A"))
    else:
        rgb = src.convert("RGB")
    if _is_neutral(rgb):                      # a black-and-white photo saved as RGB: K plate only
        return rgb.convert("L")
    icc = src.info.get("icc_profile")
    try:
        transform = _rgb_to_cmyk(icc, profile)
    except (OSError, ImageCms.PyCMSError):
        try:                                  # a broken embedded profile: assume sRGB
            transform = _rgb_to_cmyk(None, profile)
        except (OSError, ImageCms.PyCMSError) as e:
            raise BanmianError(M('cannot convert the photo to CMYK with profile {profile}: {e}', profile=profile, e=e), path,
                               hint=M("check the house style's ICC profile (a CMYK output profile)"))
    return limit_ink(ImageCms.applyTransform(rgb, transform), max_ink - INK_MARGIN)


def limit_ink(cmyk, max_ink: float):
    """Hold total area coverage to the house limit (newsprint: 240 %) by taking C, M and Y
    down together where the profile put more ink than the press can carry; K, which
    carries the detail, is kept. A shop's own newsprint profile makes this a no-op."""
    from PIL import Image as PILImage, ImageMath
    limit = max_ink * 255 / 100
    c, m, y, k = cmyk.split()
    env = {"C": c, "M": m, "Y": y, "K": k,
           "L": PILImage.new("F", cmyk.size, limit), "one": PILImage.new("F", cmyk.size, 1.0)}
    # the scale is the same for the three bands: made once (the same float32 operations in the
    # same order as when each band computed it inline, so the same pixels)
    env["S"] = ImageMath.unsafe_eval("min(one, (L - float(K)) / max(float(C) + float(M) + float(Y), one))", **env)
    bands = [ImageMath.unsafe_eval(f"convert(float({n}) * S, 'L')", **env) for n in "CMY"]
    return PILImage.merge("CMYK", (*bands, k))


def _is_neutral(rgb, tolerance: int = 3) -> bool:
    """True when R, G and B agree everywhere (within JPEG noise): the photo is gray."""
    from PIL import ImageChops
    r, g, b = rgb.split()
    return all(ImageChops.difference(p, q).getextrema()[1] <= tolerance for p, q in ((r, g), (g, b)))


@lru_cache(maxsize=16)
def _rgb_to_cmyk(icc: bytes | None, profile: str):
    """An RGB -> CMYK transform from the photo's own profile (sRGB if none) to the output profile."""
    from PIL import ImageCms
    source = ImageCms.ImageCmsProfile(io.BytesIO(icc)) if icc else ImageCms.createProfile("sRGB")
    return ImageCms.buildTransform(source, ImageCms.getOpenProfile(profile), "RGB", "CMYK",
                                   renderingIntent=ImageCms.Intent.PERCEPTUAL)
