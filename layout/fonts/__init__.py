"""Fonts: font roles -> prepared faces with metrics.

Takes the roles and weights the house style names (song/hei/kai/fangsong ×
light/regular/bold/heavy) and the characters the issue sets; returns `Face`s:
subset TrueType files the renderer embeds, with advance widths and ink boxes in
em that composition measures with.

    FontSet(log).face(role, weight, chars) -> Face     the door (fontset.py)

fontset.py  fonts/fonts.yaml: roles and weights -> source files, fallbacks, substitutes
face.py     Face: advances and ink boxes in em (what layout measures with)
charset.py  which characters a prepared face covers
prepare.py  fontTools: subset, CFF -> TrueType (cu2qu), full-width remaps
workers.py  worker processes that convert glyphs while the build goes on
store.py    the cache on disk (by source sha256 and PREP_VERSION)
"""
from __future__ import annotations

from layout import lazy_exports

_EXPORTS = {"FontSet": "fontset", "ROLES": "fontset", "WEIGHTS": "fontset", "Face": "face", "Source": "store", "DEFAULT_CACHE": "store"}

__getattr__ = lazy_exports(__name__, _EXPORTS)
