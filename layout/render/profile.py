"""The output profile a PDF/X file names, and the PDF/X flavours (no PDF library needed).

The renderer checks the profile before drawing, the build.lock records it: both without
importing pypdf, which only the PDF/X step (pdfx.py) and the preflight need. The default
profile and its licence are described in pdfx.py.
"""
from __future__ import annotations

from pathlib import Path

from layout.errors import BanmianError
from layout.i18n import M

DEFAULT_CMYK_PROFILE = "/usr/share/color/icc/ghostscript/default_cmyk.icc"
FLAVOURS = ("x4", "x1a")
# what the build and the preflight say when the house style names no profile of its own
DEFAULT_PROFILE_NOTE = M("the output intent is the generic SWOP offset profile (banmian's default), not a "
                         "newsprint condition: ask the print shop for its newsprint profile "
                         "(e.g. ISOnewspaper26v4) and name it as pdf.icc in the house style")


def read_profile(path) -> bytes:
    """The output profile's bytes, refusing anything but a CMYK output (printer) profile."""
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise BanmianError(M('cannot read the output ICC profile: {strerror}', strerror=e.strerror), str(path),
                           hint=M("install libgs-common (scripts/install-system-deps.sh) or name the shop's CMYK "
                                  "profile in the house style"))
    if len(data) < 128 or data[36:40] != b"acsp":
        raise BanmianError(M('the output profile is not an ICC profile'), str(path))
    if data[16:20] != b"CMYK" or data[12:16] != b"prtr":
        raise BanmianError(M("the output profile is a {strip} {decode} profile, not a CMYK output profile",
                             strip=data[16:20].decode('latin1').strip(), decode=data[12:16].decode('latin1')),
                           str(path), hint=M("PDF/X needs the print condition's CMYK profile"))
    return data
