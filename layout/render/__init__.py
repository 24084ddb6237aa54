"""Render: positioned pages -> a PDF/X file. The only package that imports reportlab.

Takes the Pages from make-up and the prepared faces; writes the PDF atomically,
then pdfx.py adds the PDF/X identification (XMP, OutputIntent, boxes).

    render(pages, faces, meta, out_path)           the door (pdf.py)
"""
from __future__ import annotations

from layout import lazy_exports

_EXPORTS = {"render": "pdf", "PdfMeta": "pdf"}

__getattr__ = lazy_exports(__name__, _EXPORTS)
