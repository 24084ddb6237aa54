"""Article files: YAML front matter + Markdown body -> model.Article.

The Markdown we accept is what an editor types for a newspaper article:
paragraphs separated by blank lines, `**bold**`, `## 小标题` cross-heads and
`> ` pull quotes. Anything else is text.
"""
from __future__ import annotations

import re
from pathlib import Path

from layout.boxes import SourceRef
from layout.errors import BanmianError, Log
from layout.i18n import M
from layout.source.files import check_controls, read_text
from layout.source.model import Article, Para, Span, Table
from layout.source.yamlsrc import load_yaml

FRONT_KEYS = {"kicker", "title", "subtitle", "byline", "dateline", "lead", "lead_label"}


def load_article(path: Path, shown: str, log: Log | None = None) -> Article:
    """Read one article; `shown` is the path as the manifest wrote it (for messages).
    With a `log`, a mistake that leaves the rest readable (an unknown front-matter key, a
    bad paragraph) is recorded there and reading goes on, so every one is reported."""
    def go_on(e: BanmianError) -> None:
        if log is None:
            raise e
        log.error(e)

    text = read_text(path, "article")
    text = text.replace("\r\n", "\n").lstrip("\ufeff")
    check_controls(text, path, what="the article")
    lines = text.split("\n")
    front: dict = {}
    body_start = 0
    fm = None
    if lines and lines[0].strip() == "---":
        try:
            end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
        except StopIteration:
            raise BanmianError(M("front matter starts with '---' but never ends"), path, 1,
                               hint=M("close it with a line holding only '---'"))
        fm = load_yaml(path, "\n".join(lines[1:end]), line_offset=1, log=log)
        try:
            fm.check_keys(FRONT_KEYS)
        except BanmianError as e:
            go_on(e)
        front = {k: v for k, v in fm.items() if k in FRONT_KEYS}
        body_start = end + 1
    if "title" not in front:
        raise BanmianError(M('article has no title'), path, 1,
                           hint=M('start the file with front matter:\n---\ntitle: 主题\n---'))

    title = front["title"].str().strip()
    if not title:
        raise front["title"].error(M('the title is empty'),
                                   hint=M('every article needs a title (主题); write it after `title:`'))

    def field(key: str) -> str:
        return _clean(front[key].str()) if key in front else ""

    lead = ()
    if "lead" in front:
        lead = parse_inline(_clean(front["lead"].str()), path, front["lead"].line)
    paras = _body(lines, body_start, path, go_on)
    return Article(file=shown, path=str(path), title=title,
                   kicker=field("kicker"), subtitle=field("subtitle"), byline=field("byline"),
                   dateline=field("dateline"), lead=lead,
                   lead_label=field("lead_label") or "阅读提示", paras=tuple(paras),
                   source=SourceRef(str(path), 1))


def _clean(s: str) -> str:
    """Join lines of a wrapped YAML value: Chinese text has no spaces at line joins."""
    return _join_lines(s.strip().split("\n"))


def _join_lines(parts: list[str]) -> str:
    out = ""
    for p in (x.strip() for x in parts):
        if out and p and (_is_latin(out[-1]) and _is_latin(p[0])):
            out += " "
        out += p
    return out


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _body(lines: list[str], start: int, path: Path, go_on) -> list[Para]:
    paras: list[Para] = []
    block: list[str] = []
    block_line = 0
    for i in range(start, len(lines) + 1):
        line = lines[i] if i < len(lines) else ""
        if line.strip():
            if not block:
                block_line = i + 1
            block.append(line)
            continue
        if block:
            try:
                paras.append(_para(block, block_line, path))
            except BanmianError as e:
                go_on(e)
            block = []
    return paras


def _para(block: list[str], line_no: int, path: Path) -> Para:
    first = block[0].lstrip()
    src = SourceRef(str(path), line_no)
    if first.startswith("#"):
        text = _join_lines([first.lstrip("#")] + block[1:])
        return Para(parse_inline(text, path, line_no), src, "crosshead")
    if first.startswith(">"):
        text = _join_lines([b.lstrip().lstrip(">") for b in block])
        return Para(parse_inline(text, path, line_no), src, "pullquote")
    if first.startswith("|"):
        return _table(block, line_no, path)
    return Para(parse_inline(_join_lines(block), path, line_no), src, "para")


_SEPARATOR = re.compile(r"^\s*(:?)-+(:?)\s*$")


def _table(block: list[str], line_no: int, path: Path) -> Para:
    """A pipe table: a header row, a separator row (|---|:---:|---:| sets each column's
    alignment), then the body rows; every row has as many cells as the header."""
    def cells(row: str, n: int) -> list[str]:
        row = row.strip()
        if not row.startswith("|"):
            raise BanmianError(M("a table row must start with '|'"), path, n,
                               hint=M('leave a blank line between the table and the text after it'))
        row = row[1:-1] if row.endswith("|") and len(row) > 1 else row[1:]
        return [c.strip() for c in row.split("|")]

    head = cells(block[0], line_no)
    if len(block) < 2 or not all(_SEPARATOR.match(c) for c in cells(block[1], line_no + 1)):
        raise BanmianError(M("a table's second line must be its separator row"), path, line_no + 1,
                           hint=M("write e.g. |---|---:| under the header (:---: centres a column, ---: sets it "
                                  "right)"))
    seps = [_SEPARATOR.match(c) for c in cells(block[1], line_no + 1)]
    rows = [cells(r, line_no + 2 + i) for i, r in enumerate(block[2:])]
    for i, r in enumerate([seps] + rows):
        if len(r) != len(head):
            raise BanmianError(M('this table row has {n} cells, the header has {n2}', n=len(r), n2=len(head)), path,
                               line_no + 1 + i, hint=M('give every row of the table the same number of | cells'))
    if not rows:
        raise BanmianError(M('a table needs at least one row under its header'), path, line_no,
                           hint=M('add the rows, or remove the table'))
    align = tuple("center" if m.group(1) and m.group(2) else "right" if m.group(2) else "left" for m in seps)
    table = Table(tuple(parse_inline(c, path, line_no) for c in head),
                  tuple(tuple(parse_inline(c, path, line_no + 2 + i) for c in r) for i, r in enumerate(rows)),
                  align)
    return Para((), SourceRef(str(path), line_no), "table", table)


_BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)


def parse_inline(text: str, path: Path, line_no: int | None) -> tuple[Span, ...]:
    """`**bold**` -> bold spans; an unmatched ** is an error, not literal asterisks."""
    spans: list[Span] = []
    pos = 0
    for m in _BOLD.finditer(text):
        if m.start() > pos:
            spans.append(Span(text[pos:m.start()]))
        spans.append(Span(m.group(1), "bold"))
        pos = m.end()
    rest = text[pos:]
    if "**" in rest:
        raise BanmianError(M("'**' opens bold text that is never closed"), path, line_no,
                           hint=M("close it with another '**', or remove it"))
    if rest:
        spans.append(Span(rest))
    return tuple(spans)
