"""The editor's terms: how messages name places on the page and the things on it.

A place is what the editor sees on the proof, 第 2 版 · 第 3–4 栏 · 第 15–30 行 (page,
columns, grid lines), never a YAML path; a block is named by what it holds (the article's
file and title, the photo's file, the infographic's title), never by an internal block id.
"""
from __future__ import annotations

from layout.i18n import M, Msg


def span(first: int, last: int) -> str:
    """3–4, or 3 when it is one."""
    return f"{first}" if first == last else f"{first}–{last}"


def place(page: int, col: int | None = None, cols: int = 1, line: int | None = None,
          lines: int = 1) -> Msg:
    """第 2 版 · 第 3–4 栏 · 第 15–30 行 (columns and lines optional)."""
    parts = M("page {page}", page=page)
    if col is not None:
        parts = M("{place} · columns {cols}", place=parts, cols=span(col, col + cols - 1)) if cols > 1 else \
            M("{place} · column {col}", place=parts, col=col)
    if line is not None:
        parts = M("{place} · lines {lines}", place=parts, lines=span(line, line + lines - 1)) if lines > 1 else \
            M("{place} · line {line}", place=parts, line=line)
    return parts


def article(file: str, title: str) -> Msg:
    """An article as the editor knows it: its file and its title."""
    title = " ".join(title.split())
    if len(title) > 16:
        title = title[:15] + "…"
    return M("{file} ({title})", file=file, title=title)


def block(b) -> Msg:
    """A block of the manifest by what it holds."""
    from layout.source.model import ArticleBlock, FigureBlock, MastheadBlock, PhotoBlock
    from pathlib import Path
    if isinstance(b, ArticleBlock):
        what = article(b.article.file, b.article.title)
        return M("the continuation of {article}",
                 article=what) if b.continued else M("article {article}",
                                                                                      article=what)
    if isinstance(b, PhotoBlock):
        return M("photo {file}", file=Path(b.path).name)
    if isinstance(b, FigureBlock):
        return M("infographic “{title}”", title=b.title)
    if isinstance(b, MastheadBlock):
        return M("the masthead")
    return M("block {id}", id=b.id)
