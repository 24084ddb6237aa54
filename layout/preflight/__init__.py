"""Preflight: any PDF -> a report of what a print shop's check would flag.

Takes a PDF path; returns a `Report` of findings (PDF/X identification, boxes,
fonts embedded, colour spaces, 100 % K black with overprint, ink limits, image
resolution), each naming its page and object.

    check(pdf_path, flavour) -> Report             the door (check.py)

check.py      the document and page checks (PDF/X, boxes, fonts, structure)
content.py    the page content walk (colour, overprint, ink, image resolution)
hazards.py    what the walk used to miss: white overprint, glyph boxes at the trim, PostScript,
              transfer functions, spot colours, rich-black rules, Info vs XMP, the output profile
tokenizer.py  content-stream bytes -> operators
"""
from __future__ import annotations

from layout import lazy_exports

_EXPORTS = {"check": "check", "Report": "check", "Finding": "check"}

__getattr__ = lazy_exports(__name__, _EXPORTS)
