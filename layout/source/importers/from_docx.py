"""Word copy (.docx) -> Copy, with python-docx.

python-docx (python-openxml) reads the document's own structure: paragraph styles
(Title, Heading 1…, or their Chinese names 标题 1…), runs with their bold (direct or
from the character or paragraph style), tables, and the image parts that inline
pictures point at. A line break typed inside a paragraph (Shift+Enter, common in copy
pasted into Word from chat) separates paragraphs, as a new line does in a .txt.
"""
from __future__ import annotations

from pathlib import Path

from layout.errors import BanmianError
from layout.i18n import M
from layout.source.importers.from_text import is_section_heading, strip_indent
from layout.source.importers.model import Block, Copy

_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
_EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"


def read_docx(path: Path) -> Copy:
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError:                                   # pragma: no cover - a dependency of banmian
        raise BanmianError(M('python-docx is not installed'), hint=M('run `make venv`'))
    try:
        doc = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as e:
        raise BanmianError(M('not a Word .docx file ({e})', e=e), path,
                           hint=M('save it from Word as .docx (Word 2007 or later), or as plain text (.txt)'))
    except Exception as e:                                 # a zip that is not a Word document
        raise BanmianError(M('cannot read this Word file: {e}', e=e), path,
                           hint=M('open it in Word or WPS and save it again as .docx, or as plain text (.txt)'))
    from docx.table import Table
    blocks: list[Block] = []
    images: list[tuple[str, bytes]] = []
    for n, item in enumerate(doc.iter_inner_content(), 1):
        if isinstance(item, Table):
            rows = [[strip_indent(c.text).replace("\n", " ") for c in r.cells] for r in item.rows]
            rows = [r for r in rows if any(r)]
            if rows:
                blocks.append(Block("table", rows=rows, source=M("{file}: table {n}", file=path.name, n=n)))
            continue
        images += _images(item, doc)
        kind = _kind(item)
        for runs in _lines(item, heading=kind != "para"):
            text = "".join(t for t, _ in runs)
            k = kind
            if k == "para" and (is_section_heading(text) or _bold_heading(runs)):
                k = "heading"
            blocks.append(Block(k, runs, source=M("{file}: paragraph {n}", file=path.name, n=n)))
    return Copy(blocks, images)


def _kind(p) -> str:
    name = (p.style.name if p.style is not None else "") or ""
    low = name.lower()
    if low in ("title", "标题") or low.startswith("title"):
        return "title"
    if low.startswith("heading") or low.startswith("标题"):
        return "heading"
    return "para"


def _bold(run, para) -> bool:
    if run.bold is not None:
        return bool(run.bold)
    for style in (run.style, para.style):
        s = style
        while s is not None:                               # a style inherits its base's bold
            b = getattr(getattr(s, "font", None), "bold", None)
            if b is not None:
                return bool(b)
            s = getattr(s, "base_style", None)
    return False


def _lines(p, heading: bool) -> list[list[tuple[str, bool]]]:
    """The paragraph's runs (hyperlinks' runs too), split at typed line breaks, indents removed."""
    from docx.text.run import Run
    runs: list[tuple[str, bool]] = []
    for item in p.iter_inner_content():
        for r in ([item] if isinstance(item, Run) else list(getattr(item, "runs", []))):
            runs.append((r.text, False if heading else _bold(r, p)))
    out: list[list[tuple[str, bool]]] = [[]]
    for text, bold in runs:
        parts = text.split("\n")
        for i, part in enumerate(parts):
            if i:
                out.append([])
            if part:
                out[-1].append((part.replace("\t", " "), bold))
    result = []
    for line in out:
        line = _merge(line)
        if line:                                            # the typed indent of the first run goes
            line[0] = (line[0][0].lstrip(" \u3000\u00a0"), line[0][1])
            line[-1] = (line[-1][0].rstrip(" \u3000\u00a0"), line[-1][1])
            line = [r for r in line if r[0]]
        if line:
            result.append(line)
    return result


def _merge(runs: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Neighbouring runs of the same weight as one (Word splits runs at every edit); a bold run of
    spaces only is plain."""
    out: list[tuple[str, bool]] = []
    for text, bold in runs:
        bold = bold and bool(text.strip(" \u3000"))
        if out and out[-1][1] == bold:
            out[-1] = (out[-1][0] + text, bold)
        else:
            out.append((text, bold))
    return out


def _bold_heading(runs) -> bool:
    """A short paragraph all in bold, without a closing mark, is how reporters type a 小标题."""
    text = "".join(t for t, _ in runs)
    return (all(b for t, b in runs if t.strip()) and 0 < len(text) <= 24
            and not text.endswith(("。", "！", "？", "；", "：", ".", ":")))


def _images(p, doc) -> list[tuple[str, bytes]]:
    out = []
    for blip in p._p.iter(_BLIP):
        rid = blip.get(_EMBED)
        part = doc.part.related_parts.get(rid) if rid else None
        if part is None:
            continue
        ext = Path(str(part.partname)).suffix.lower() or ".bin"
        out.append((".jpg" if ext == ".jpeg" else ext, part.blob))
    return out
