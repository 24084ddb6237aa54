"""Which page a message concerns: an article's file -> the pages it is placed on; a line of
issue.yaml -> the page whose entry holds that line. Anything else concerns the whole issue."""
from __future__ import annotations

from pathlib import Path

from layout.source.model import ArticleBlock, Issue


def page_map(issue: Issue) -> dict:
    """What the last good build knew: article path -> page numbers, and the manifest line each
    page's entry starts on."""
    files: dict[str, list[int]] = {}
    starts: list[tuple[int, int]] = []
    for p in issue.pages:
        starts.append((p.source.line or 0, p.number))
        for b in p.blocks:
            if isinstance(b, ArticleBlock):
                key = str(Path(b.article.path).resolve())
                if p.number not in files.setdefault(key, []):
                    files[key].append(p.number)
    return {"files": files, "starts": sorted(starts), "manifest": str(Path(issue.manifest).resolve())}


def pages_of(pmap: dict | None, file: str | None, line: int | None) -> list[int]:
    if not pmap or not file:
        return []
    path = str(Path(file).resolve())
    if path in pmap["files"]:
        return pmap["files"][path]
    if path == pmap["manifest"] and line is not None:
        before = [n for start, n in pmap["starts"] if start <= line]
        return before[-1:] if before else []
    return []
