"""The door: copy in, an article file out, and what was guessed, for the editor to check.

    import_copy("稿件.docx", to="issues/2026-047") -> Imported

reads the copy (from_docx / from_text), guesses the front matter (front.py), writes
the body as the Markdown source/markdown.py reads (bold as **…**, headings as ## …,
tables as pipe tables), tidies the punctuation (source/tidy.py) and saves the images
the .docx carried beside the article. Nothing is overwritten: an article or image of
the same name already there is an error.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from layout.errors import BanmianError
from layout.i18n import M, N
from layout.source.importers.front import guess_front
from layout.source.importers.model import Block, Copy
from layout.source.tidy import tidy_article

PLACEHOLDER_TITLE = "标题待定"


@dataclass
class Imported:
    text: str                                  # the article file's text
    path: Path | None                          # where it was written (None: standard output)
    notes: list[str] = field(default_factory=list)
    images: list[Path] = field(default_factory=list)
    fixes: int = 0                             # punctuation marks tidied


def read_copy(path: str) -> tuple[Copy, str]:
    """The copy in `path` ('-' = standard input) and the name to call it by."""
    from layout.source.importers.from_text import read_text
    if path == "-":
        data = sys.stdin.buffer.read()
        return read_text(_decode(data, "<stdin>"), "<stdin>"), "pasted"
    p = Path(path)
    if not p.exists():
        raise BanmianError(M("'{path}' does not exist", path=path), hint=M('give a .docx or .txt file, or - to read pasted text'))
    from layout.source.files import regular_file
    regular_file(p, "copy")                  # a folder or a named pipe: refused, never read (a FIFO hangs)
    suffix = p.suffix.lower()
    if suffix == ".docx":
        from layout.source.importers.from_docx import read_docx
        return read_docx(p), p.stem
    if suffix == ".doc":
        raise BanmianError(M('an old Word .doc file cannot be read'), p,
                           hint=M('open it in Word or WPS and save it as .docx, or as plain text (.txt)'))
    if suffix in (".txt", ".text", ".md", ""):
        return read_text(_decode(p.read_bytes(), p), p.name), p.stem
    raise BanmianError(M("cannot import a '{suffix}' file", suffix=suffix), p, hint=M('import .docx or .txt files, or - for pasted text'))


def _decode(data: bytes, where) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM (Windows Notepad), else GB 18030 (older
    Chinese Windows' ANSI text)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as e:
        raise BanmianError(M('text is neither UTF-8 nor GB 18030 ({reason})', reason=e.reason), where,
                           hint=M('save it as UTF-8 text'))


def import_copy(path: str, out: str | None = None, to: str | None = None) -> Imported:
    copy, stem = read_copy(path)
    if not any(b.text or b.rows for b in copy.blocks):
        raise BanmianError(M('the copy has no text'), None if path == "-" else path,
                           hint=M('check the file, or paste the text again'))
    guess = guess_front(copy.blocks)
    front = dict(guess.front)
    front.setdefault("title", PLACEHOLDER_TITLE)
    order = ["kicker", "title", "subtitle", "byline", "dateline"]
    head = yaml.safe_dump({k: front[k] for k in order if k in front}, allow_unicode=True,
                          sort_keys=False, width=10_000)
    body = "\n\n".join(_markdown(b) for b in guess.blocks if b.text or b.rows)
    text, fixes = tidy_article(f"---\n{head}---\n\n{body}\n")
    notes = list(guess.notes)
    n_bold = sum(1 for b in guess.blocks for _, bold in b.runs if bold)
    n_head = sum(1 for b in guess.blocks if b.kind in ("heading", "title"))
    notes.append(M("body: {v} paragraphs, {n_head} cross-heads (## …), {n_bold} bold runs (**…**), {v2} tables",
                   v=sum(1 for b in guess.blocks if b.kind == 'para'), n_head=n_head, n_bold=n_bold,
                   v2=sum(1 for b in guess.blocks if b.kind == 'table')))
    notes.append(N("punctuation: {n} mark tidied", "punctuation: {n} marks tidied", len(fixes)) if fixes
                 else M("punctuation: nothing to tidy"))

    target = _target(out, to, stem, None if path == "-" else Path(path))
    result = Imported(text, target, notes, fixes=len(fixes))
    if target is None:
        if copy.images:
            raise BanmianError(M('the copy holds {n} images: give -o or --to to save them beside the article', n=len(copy.images)))
        return result
    image_paths = [target.with_name(f"{target.stem}-{i}{ext}") for i, (ext, _) in enumerate(copy.images, 1)]
    for p in [target] + image_paths:
        if p.exists():
            raise BanmianError(M('{p} already exists', p=p), hint=M('give another name with -o, or move the old file away'))
    target.parent.mkdir(parents=True, exist_ok=True)
    for p, (_, data) in zip(image_paths, copy.images):
        p.write_bytes(data)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(target)
    result.images = image_paths
    if image_paths:
        notes.append(M("images: {names} (place one with a `photo:` block in issue.yaml)",
                       names=", ".join(p.name for p in image_paths)))
    return result


def _target(out: str | None, to: str | None, stem: str, src: Path | None) -> Path | None:
    """-o wins (inside --to when relative); --to alone names it after the copy; a file alone is
    imported beside itself; pasted text without either goes to standard output."""
    if out == "-":
        return None
    if out:
        p = Path(out)
        if to and not p.is_absolute():
            p = Path(to) / p
        return p if p.suffix == ".md" else p.with_name(p.name + ".md")
    if to:
        d = Path(to)
        if not d.is_dir():
            raise BanmianError(M('{to} is not a folder', to=to), hint=M('give the issue folder, e.g. --to issues/2026-047'))
        p = d / f"{stem}.md"
        n = 2
        while p.exists():
            p = d / f"{stem}-{n}.md"
            n += 1
        return p
    if src is None:
        return None
    p = src.with_suffix(".md")
    if p.resolve() == src.resolve():
        raise BanmianError(M('{src} is already a .md file', src=src), hint=M("give the article's name with -o"))
    return p


def _markdown(b: Block) -> str:
    if b.kind == "table":
        width = max(len(r) for r in b.rows)
        rows = [r + [""] * (width - len(r)) for r in b.rows]
        cell = lambda t: t.replace("|", "｜")
        lines = ["| " + " | ".join(cell(c) for c in rows[0]) + " |", "|" + "---|" * width]
        if len(rows) == 1:
            rows.append([""] * width)
        lines += ["| " + " | ".join(cell(c) for c in r) + " |" for r in rows[1:]]
        return "\n".join(lines)
    if b.kind in ("heading", "title"):
        return "## " + b.text.strip()
    parts = []
    for text, bold in b.runs:
        if bold:
            core = text.strip()
            lead, trail = text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):]
            parts.append(f"{lead}**{core}**{trail}" if core else text)
        else:
            parts.append(text)
    line = "".join(parts)
    if line.lstrip().startswith(("#", ">", "|")):
        line = line.lstrip().lstrip("#>|").lstrip()      # would read as a cross-head, quote or table
    return line
