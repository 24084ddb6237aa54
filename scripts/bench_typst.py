#!/usr/bin/env python3
"""banmian against Typst on the same pages: `scripts/bench.py --vs-typst` (or this file alone).

    python scripts/bench_typst.py [--pages 1,8,32] [--runs 7]

For each page count, scripts/make_long_issue.py writes a bench issue (never under
issues/); this script writes a Typst document with the same text on the same
pages: the trim size, every block at its grid position and size (x, y, width,
height in pt from banmian's own grid), the same column count inside each
article's block, the same fonts (the Noto CJK files fonts/fonts.yaml resolves)
and sizes (body, headline, caption, from the house style), the photos placed
cover-cropped. Then it times both as whole processes, alternately (banmian, Typst,
banmian, …) after a warm-up of each, and prints medians, the ratio and the peak
memory of each process. banmian runs its default build (lock check and
preflight included); Typst compiles with the `typst` package from PyPI (the
`bench` extra: pip install -e '.[bench]'), started as `python -c "import typst;
typst.compile(...)"`, so both pay an interpreter start.

Checked by eye once (see the README): both PDFs carry the same text on the same
number of pages; Typst's own line breaking differs (its CJK rules are not clreq's).
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "build" / "bench"
PY = sys.executable


def _esc(text: str) -> str:
    """Typst markup text with its special characters escaped."""
    out = []
    for ch in text:
        if ch in "\\#*_`$<>@[]~/=-+'\"":
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def _font(house, element: str) -> tuple[str, str, float]:
    """(Typst family, weight, size pt) of a house element."""
    el = house.body if element == "body" else house.el(element)
    family = {"song": "Noto Serif CJK SC", "hei": "Noto Sans CJK SC", "kai": "LXGW WenKai",
              "fangsong": "LXGW WenKai"}[el.role]
    weight = {"light": "light", "regular": "regular", "bold": "bold", "heavy": "black"}[el.weight]
    return family, weight, el.size


def _text(house, element: str, body: str, align: str = "left") -> str:
    family, weight, size = _font(house, element)
    return (f'#align({align})[#text(font: "{family}", weight: "{weight}", size: {size:.2f}pt)'
            f'[{body}]]\n')


def write_typst(issue_dir: Path, out: Path) -> Path:
    """A Typst document with the issue's text in the issue's blocks, page by page."""
    sys.path.insert(0, str(ROOT))
    from layout.errors import Log
    from layout.makeup.grid import Grid
    from layout.source.manifest import load_issue
    from layout.source.model import ArticleBlock, FigureBlock, MastheadBlock, PhotoBlock
    issue = load_issue(issue_dir, Log())
    house = issue.house
    grid = Grid(house)
    family, weight, size = _font(house, "body")
    pitch = grid.pitch
    doc = [f'#set page(width: {house.trim[0]:.3f}pt, height: {house.trim[1]:.3f}pt, margin: 0pt)',
           f'#set text(font: "{family}", weight: "{weight}", size: {size:.2f}pt, lang: "zh", region: "cn")',
           f'#set par(justify: true, first-line-indent: (amount: 2em, all: true), '
           f'leading: {pitch - size:.3f}pt, spacing: {pitch - size:.3f}pt)',
           "#set columns(gutter: %.3fpt)" % (grid.gutter,), ""]
    for n, page in enumerate(issue.pages):
        if n:
            doc.append("#pagebreak()")
        for b in page.blocks:
            lines = b.pos.lines or 20
            x, y = grid.x(b.pos.col), grid.y(b.pos.line)
            w, h = grid.width(b.pos.span), lines * pitch
            if isinstance(b, ArticleBlock):
                a = b.article
                head, body = [], []          # the headline spans the block, the text runs in its columns
                if a.kicker:
                    head.append(_text(house, "kicker", _esc(a.kicker), "center"))
                head.append(_text(house, "title" if a is _first_article(page) else "title_minor",
                                  _esc(a.title.replace("  ", " ")), "center"))
                if a.subtitle:
                    head.append(_text(house, "subtitle", _esc(a.subtitle), "center"))
                if a.byline:
                    body.append(_text(house, "byline", _esc(a.byline)))
                for p in a.paras:
                    text = _esc("".join(s.text for s in p.spans))
                    body.append(_text(house, "crosshead", text, "center") if p.kind == "crosshead"
                                else text + "\n\n")
                cols = b.columns or b.pos.span
                doc.append(f"#place(top + left, dx: {x:.3f}pt, dy: {y:.3f}pt, block(width: {w:.3f}pt, "
                           f"height: {h:.3f}pt)[{''.join(head)}#columns({cols})[{''.join(body)}]])")
            elif isinstance(b, PhotoBlock):
                rel = os.path.relpath(b.path, out.parent)
                cap = _text(house, "caption", _esc(b.caption)) if b.caption else ""
                doc.append(f'#place(top + left, dx: {x:.3f}pt, dy: {y:.3f}pt, block(width: {w:.3f}pt, '
                           f'height: {h:.3f}pt)[#image("{rel}", width: 100%, height: {h - 3 * pitch:.3f}pt, '
                           f'fit: "cover") {cap}])')
            elif isinstance(b, FigureBlock):
                parts = [_text(house, "figure_title", _esc(b.title), "center")]
                for f in b.figures:
                    parts.append(_text(house, "figure_value", _esc(f"{f.value} {f.unit}")))
                    parts.append(_text(house, "figure_label", _esc(f"{f.label} {f.change} {f.rank}")))
                doc.append(f"#place(top + left, dx: {x:.3f}pt, dy: {y:.3f}pt, block(width: {w:.3f}pt, "
                           f"height: {h:.3f}pt)[{''.join(parts)}])")
            elif isinstance(b, MastheadBlock):
                doc.append(f"#place(top + left, dx: {x:.3f}pt, dy: {y:.3f}pt, block(width: {w:.3f}pt, "
                           f"height: {h:.3f}pt)[{_text(house, 'masthead', _esc(house.paper_name), 'center')}])")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(doc) + "\n", encoding="utf-8")
    return out


def _first_article(page):
    return next((b.article for b in page.blocks if hasattr(b, "article")), None)


FONT_DIRS = ["/usr/share/fonts/opentype/noto", "/usr/share/fonts/truetype/lxgw-wenkai"]


def typst_argv(typ: Path, pdf: Path) -> list[str]:
    code = ("import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2], root=sys.argv[3], "
            f"font_paths={FONT_DIRS!r}, ignore_system_fonts=True)")
    return [PY, "-c", code, str(typ), str(pdf), str(ROOT)]


def banmian_argv(issue: Path, pdf: Path) -> list[str]:
    return [str(Path(PY).parent / "banmian"), "build", str(issue), "-o", str(pdf)]


def timed(argv: list[str]) -> tuple[float, float, float]:
    """Wall seconds, peak memory (MB) and CPU seconds (user + system, every thread) of one whole
    process. On a machine shared with other work the wall time follows the load; the CPU time
    much less so."""
    t = time.perf_counter()
    p = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    err = p.stderr.read().decode("utf-8", "replace")
    p.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"bench: {' '.join(argv[:3])} … failed:\n{err[-2000:]}")
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def compare(pages: list[int], runs: int) -> list[dict]:
    rows = []
    for n in pages:
        subprocess.run([PY, "scripts/make_long_issue.py", "--pages", str(n)], cwd=ROOT, check=True,
                       capture_output=True)
        issue = BENCH / "issues" / f"long-{n:02d}"
        ours, theirs = BENCH / f"vs-{n:02d}-banmian.pdf", BENCH / f"vs-{n:02d}-typst.pdf"
        typ = write_typst(issue, BENCH / "typst" / f"long-{n:02d}.typ")
        a_argv, b_argv = banmian_argv(issue, ours), typst_argv(typ, theirs)
        timed(a_argv)              # warm-up: fonts prepared, caches filled, build.lock written
        timed(b_argv)
        a, b = [], []
        for _ in range(runs):
            a.append(timed(a_argv))
            b.append(timed(b_argv))
        ratios = [x[0] / y[0] for x, y in zip(a, b)]
        row = {"pages": n, "banmian_s": statistics.median(x[0] for x in a),
               "typst_s": statistics.median(y[0] for y in b), "ratio": statistics.median(ratios),
               "banmian_mb": statistics.median(x[1] for x in a), "typst_mb": statistics.median(y[1] for y in b),
               "typst_pages": _pages(theirs), "banmian_pages": _pages(ours), "runs": runs,
               "banmian_cpu": statistics.median(x[2] for x in a), "typst_cpu": statistics.median(y[2] for y in b),
               "cpu_ratio": statistics.median(x[2] / y[2] for x, y in zip(a, b))}
        rows.append(row)
        print(f"  {n} pages: banmian {row['banmian_s']:.2f} s, Typst {row['typst_s']:.2f} s, "
              f"ratio {row['ratio']:.2f}× (CPU {row['banmian_cpu']:.2f} / {row['typst_cpu']:.2f} s, "
              f"{row['cpu_ratio']:.2f}×)", file=sys.stderr, flush=True)
    return rows


def _pages(pdf: Path) -> int:
    from pypdf import PdfReader
    return len(PdfReader(str(pdf)).pages)


TARGET_RATIO = {8: 1.0, 32: 1.5}      # project issue 17: wall time against Typst's; memory below Typst's


def table(rows: list[dict]) -> str:
    out = ["| pages | banmian s | Typst s | ratio (median of pairs) | CPU s banmian / Typst (ratio) "
           "| banmian MB | Typst MB | PDF pages (banmian / Typst) | target |",
           "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        goal = TARGET_RATIO.get(r["pages"])
        target = (f"≤ {goal:.1f}×, " if goal else "") + "memory below Typst's"
        out.append(f"| {r['pages']} | {r['banmian_s']:.2f} | {r['typst_s']:.2f} | {r['ratio']:.2f}× | "
                   f"{r['banmian_cpu']:.2f} / {r['typst_cpu']:.2f} ({r['cpu_ratio']:.2f}×) | "
                   f"{r['banmian_mb']:.0f} | {r['typst_mb']:.0f} | {r['banmian_pages']} / {r['typst_pages']} | "
                   f"{target} |")
    return "\n".join(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", default="1,8,32")
    ap.add_argument("--runs", type=int, default=7)
    a = ap.parse_args(argv)
    try:
        import typst  # noqa: F401
    except ImportError:
        raise SystemExit("bench: Typst is not installed; run `.venv/bin/pip install -e '.[bench]'` "
                         "(make bench VS_TYPST=1 does it)")
    rows = compare([int(x) for x in a.pages.split(",")], a.runs)
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
