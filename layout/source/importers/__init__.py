"""Importers: what reporters send -> an article file the editor checks.

Copy arrives as Word files (.docx) and as text pasted from WeChat or QQ (.txt, or
standard input): one paragraph per line, 　　 indents typed, half-width marks
between Chinese characters. An importer reads it into `Copy` (paragraphs of
styled runs, images), front.py guesses the front matter (title, byline, dateline)
from the first lines, the punctuation is tidied (source/tidy.py), and the article
is written as the Markdown source/markdown.py reads.

    import_copy(path, out=None, to=None) -> Imported      the door (article.py)

from_docx.py  .docx via python-docx: headings, bold runs, tables, images
from_text.py  .txt and pasted text: one paragraph per line, indents removed
front.py      guessing title, subtitle, byline and dateline from the first paragraphs
article.py    the door: read, guess, tidy, write the article and its images

This code sets nothing on a page: fonts/charset.py leaves its characters out of
the faces it prepares (the byline patterns are Chinese).
"""
from __future__ import annotations

from layout import lazy_exports

_EXPORTS = {"import_copy": "article", "Imported": "article"}

__getattr__ = lazy_exports(__name__, _EXPORTS)
