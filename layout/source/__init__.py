"""Source: the editor's files -> a validated model.

Takes an issue folder (issue.yaml, one Markdown file per article, photos) and the
house style it names; returns an `Issue` (model.py) whose every length is in pt.
Every mistake is a BanmianError with file, line and a hint.

    load_issue(issue_dir, log) -> Issue          the door (manifest.py)

manifest.py   issue.yaml -> pages and blocks
markdown.py   article files: front matter, paragraphs, bold, cross-heads, tables
yamlsrc.py    YAML with line numbers and did-you-mean for unknown keys
style.py      the house style (issues/_house/*.yaml)
model.py      the records the later stages read
units.py      mm, pt, 号, 字 and 行 -> pt, converted here and nowhere else
"""
from __future__ import annotations

from layout import lazy_exports

_EXPORTS = {"load_issue": "manifest"}

__getattr__ = lazy_exports(__name__, _EXPORTS)
