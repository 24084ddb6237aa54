"""Fonts: font roles -> prepared faces with metrics.

Takes the roles and weights the house style names (song/hei/kai/fangsong ×
light/regular/bold/heavy) and the characters the issue sets; returns `Face`s:
subset TrueType files the renderer embeds, with advance widths and ink boxes in
em that composition measures with.

    FontSet(log).face(role, weight, chars) -> Face     the door (fontset.py)
"""
from __future__ import annotations

from layout import lazy_exports

_EXPORTS = {"FontSet": "fontset", "Face": "fontset", "Source": "fontset", "ROLES": "fontset", "WEIGHTS": "fontset", "DEFAULT_CACHE": "fontset"}

__getattr__ = lazy_exports(__name__, _EXPORTS)
